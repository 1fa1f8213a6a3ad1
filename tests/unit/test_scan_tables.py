"""Tables as notebooks print them: EHR and claims extracts, rendered by pandas itself.

Columns follow the published schemas (Synthea's CSV export, OMOP CDM v5.4, MIMIC-IV,
Epic Clarity, the CMS DE-SynPUF codebook, FHIR element names); the values are made up
in the shapes those sources document. Every frame is printed the ways a notebook shows
it, and each test asserts every finding, cell by cell, with nothing else reported.
"""

from __future__ import annotations

import io
import sqlite3

import pytest

from jupyterlab_cloudshare.core.scan import scan_notebook
from jupyterlab_cloudshare.core.scan import validators as v
from jupyterlab_cloudshare.core.scan.kinds import header_kind

from . import labelled
from .labelled import code, result, stream

pd = pytest.importorskip("pandas")


def nb(*cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


def found(notebook):
    """(type, matched text) of every finding, read back through its path and offsets."""
    texts = labelled.texts(notebook)
    return {(f.type, texts[f.path][f.start : f.end]) for f in scan_notebook(notebook)}


def in_text(text):
    return found(nb(code("df", result({"text/plain": text}))))


def in_html(html):
    return found(nb(code("df", result({"text/html": html, "text/plain": "<DataFrame>"}))))


def in_stream(text):
    return found(nb(code("print(x)", stream(text))))


def expected(frame, types):
    """Every non-empty cell of the typed columns, as (type, value)."""
    return {
        (t, str(x)) for col, t in types.items() for x in frame[col] if str(x) not in ("", "nan")
    }


# Synthea's patients.csv (Id, BIRTHDATE, DEATHDATE, SSN, DRIVERS, PASSPORT, PREFIX, FIRST,
# LAST, SUFFIX, MAIDEN, ..., ADDRESS, CITY, STATE, COUNTY, ZIP, LAT, LON...), values in
# the shapes Synthea writes (999- SSNs, S999 licences, X...X passports, digits after names).
SYNTHEA = {
    "Id": ["b9c610cd-28a6-4636-ccb6-c7a0d2a4cb85", "c1f1fcaa-82fd-d5b7-3544-c8f9708b06a8",
           "5a9d8a22-2c46-4b3e-9a63-1e2b9f0f7c11"],
    "BIRTHDATE": ["1989-05-25", "1983-11-14", "1941-02-07"],
    "DEATHDATE": ["", "", "2015-08-30"],
    "SSN": ["999-76-6866", "999-73-5361", "999-12-4478"],
    "DRIVERS": ["S99984236", "S99999063", ""],
    "PASSPORT": ["X19277260X", "X26840237X", "X71103498X"],
    "PREFIX": ["Mr.", "Mrs.", "Ms."],
    "FIRST": ["José44", "Carmen818", "Ruth22"],
    "LAST": ["Gómez206", "Wiza601", "O'Keefe"],
    "MAIDEN": ["", "Lind531", ""],
    "MARITAL": ["M", "M", "S"],
    "GENDER": ["M", "F", "F"],
    "ADDRESS": ["427 Balistreri Way Unit 19", "181 Feil Path", "9 Oak Hill Rd"],
    "CITY": ["Chicopee", "Chicopee", "Springfield"],
    "STATE": ["Massachusetts", "Massachusetts", "Massachusetts"],
    "COUNTY": ["Hampden County", "Hampden County", "Hampden County"],
    "ZIP": ["01013", "01020", "01103"],
    "LAT": [42.18, 42.17, 42.10],
    "HEALTHCARE_EXPENSES": [271227.08, 793946.01, 103456.2],
}  # fmt: skip
SYNTHEA_TYPES = {
    "BIRTHDATE": "DOB", "DEATHDATE": "DATE", "SSN": "SSN", "DRIVERS": "LICENSE",
    "PASSPORT": "LICENSE", "PREFIX": "NAME", "FIRST": "NAME", "LAST": "NAME",
    "MAIDEN": "NAME", "ADDRESS": "ADDRESS", "CITY": "ADDRESS", "COUNTY": "ADDRESS",
    "ZIP": "ZIP",
}  # fmt: skip


@pytest.fixture(scope="module")
def synthea():
    return pd.DataFrame(SYNTHEA)


@pytest.fixture(scope="module")
def synthea_expected(synthea):
    return expected(synthea, SYNTHEA_TYPES)


def test_print_of_a_whole_frame(synthea, synthea_expected):
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        text = str(synthea)
    assert "\\" not in text
    assert in_text(text) == synthea_expected


def test_to_string(synthea, synthea_expected):
    assert in_text(synthea.to_string()) == synthea_expected
    assert in_text(synthea.to_string(index=False)) == synthea_expected


def test_wide_frame_wrapped_into_blocks_is_one_table(synthea, synthea_expected):
    with pd.option_context("display.width", 80, "display.max_columns", None):
        text = str(synthea)
    assert text.count(" \\\n") >= 2  # several blocks, each with its own header line
    # FIRST and LAST sit in a block with no identifier of their own: the frame is one table
    assert in_text(text) == synthea_expected


def test_elided_columns_report_what_is_shown(synthea):
    with pd.option_context("display.width", 80, "display.max_columns", 6):
        text = str(synthea)
    assert "..." in text and "[3 rows x 19 columns]" in text
    shown = ["BIRTHDATE", "DEATHDATE", "ZIP"]
    assert in_text(text) == expected(synthea, {c: SYNTHEA_TYPES[c] for c in shown})


def test_head_in_an_execute_result(synthea, synthea_expected):
    with pd.option_context("display.width", 120, "display.max_columns", None):
        text = repr(synthea.head())
    assert in_text(text) == synthea_expected


def test_multi_index_names_type_the_index_levels(synthea, synthea_expected):
    frame = synthea.set_index(["SSN", "LAST"])
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        text = str(frame)
    assert text.splitlines()[1].startswith("SSN")  # index names on a second header line
    assert in_text(text) == synthea_expected


def test_transposed_frame_and_a_row(synthea, synthea_expected):
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        assert in_text(str(synthea.T)) == synthea_expected
    row = synthea.iloc[2]
    assert in_text(str(row)) == expected(synthea.iloc[[2]], SYNTHEA_TYPES)


def test_series_named_by_its_footer(synthea):
    text = str(synthea["SSN"])
    assert text.rstrip().endswith("dtype: str") or "dtype: object" in text
    assert in_text(text) == expected(synthea, {"SSN": "SSN"})


def test_csv_printed_and_head_of_a_file(synthea, synthea_expected):
    csv = synthea.to_csv(index=False)
    assert in_stream(csv) == synthea_expected
    head = "$ head -4 patients.csv\n" + csv
    assert in_stream(head) == synthea_expected
    assert in_stream(synthea.to_csv(sep="\t", index=False)) == synthea_expected


@pytest.mark.parametrize("render", ["to_html", "_repr_html_", "transposed", "index"])
def test_html_frames(synthea, synthea_expected, render):
    with pd.option_context("display.max_columns", None):
        html = {
            "to_html": synthea.to_html,
            "_repr_html_": synthea._repr_html_,
            "transposed": synthea.T.to_html,
            "index": synthea.set_index(["SSN", "LAST"]).to_html,
        }[render]()
    assert in_html(html) == synthea_expected


def test_styler_html_with_ids_classes_and_index_names(synthea, synthea_expected):
    pytest.importorskip("jinja2")
    styled = synthea.set_index("SSN").style.highlight_null()
    html = styled.to_html()
    assert 'class="index_name level0"' in html and 'id="T_' in html
    assert in_html(html) == synthea_expected


def test_two_level_column_header_qualifies_the_names(synthea):
    frame = synthea[["SSN", "FIRST", "LAST"]].copy()
    frame.columns = pd.MultiIndex.from_tuples(
        [("ids", "SSN"), ("patient", "first"), ("patient", "last")]
    )
    want = expected(synthea, {"SSN": "SSN", "FIRST": "NAME", "LAST": "NAME"})
    assert in_html(frame.to_html()) == want
    assert in_text(frame.to_string()) == want


# Epic Clarity's PATIENT table (PAT_ID, PAT_MRN_ID, PAT_NAME 'LAST,FIRST MI', BIRTH_DATE,
# SSN, ADD_LINE_1, CITY, ZIP, HOME_PHONE, EMAIL_ADDRESS) and an encounter's ids.
EPIC = [
    ("Z7004242", "APL324672", "MANDEL,JOSHUA C", "10/26/1982 12:00:00 AM", "412-55-7781",
     "77 Beacon St", "Boston", "02108", "617-432-1187", "j.mandel82@gmail.com", "91827364",
     "7712093311", "2023-04-02"),
    ("Z7004243", "G6627434", "DOE,JANE", "03/14/1962 12:00:00 AM", "523-45-6789",
     "12 Linden Ave", "Cambridge", "02139", "(617) 555-2301", "jdoe1962@outlook.com",
     "91827365", "7712093312", "2023-05-17"),
]  # fmt: skip
EPIC_COLUMNS = [
    "PAT_ID", "PAT_MRN_ID", "PAT_NAME", "BIRTH_DATE", "SSN", "ADD_LINE_1", "CITY", "ZIP",
    "HOME_PHONE", "EMAIL_ADDRESS", "HSP_ACCOUNT_ID", "PAT_ENC_CSN_ID", "CONTACT_DATE",
]  # fmt: skip
EPIC_TYPES = dict(zip(EPIC_COLUMNS, [
    "MRN", "MRN", "NAME", "DOB", "SSN", "ADDRESS", "ADDRESS", "ZIP", "PHONE", "EMAIL",
    "ACCOUNT", "ACCOUNT", "DATE",
], strict=True))  # fmt: skip


def _epic_expected():
    return {(EPIC_TYPES[c], row[k]) for row in EPIC for k, c in enumerate(EPIC_COLUMNS)}


def _epic_cursor():
    con = sqlite3.connect(":memory:")
    con.execute(f"create table patient ({', '.join(c + ' text' for c in EPIC_COLUMNS)})")
    con.executemany(f"insert into patient values ({', '.join('?' * len(EPIC_COLUMNS))})", EPIC)
    return con.execute("select * from patient")


def test_db_api_rows_after_cursor_description():
    cur = _epic_cursor()
    text = f"{cur.description}\n{cur.fetchall()}\n"
    assert in_stream(text) == _epic_expected()


def test_db_api_rows_after_a_list_of_column_names():
    cur = _epic_cursor()
    names = [d[0] for d in cur.description]
    text = f"{names}\n" + "\n".join(str(row) for row in cur.fetchall())
    assert in_stream(text) == _epic_expected()


def test_prettytable_sql_result():
    prettytable = pytest.importorskip("prettytable")
    cur = _epic_cursor()
    table = prettytable.PrettyTable([d[0] for d in cur.description])
    table.add_rows(cur.fetchall())
    text = f"Done.\n{table}"
    assert text.splitlines()[1].startswith("+---")
    assert in_text(text) == _epic_expected()


def test_markdown_pipe_table():
    pytest.importorskip("tabulate")
    frame = pd.DataFrame(EPIC, columns=EPIC_COLUMNS)
    assert in_text(frame.to_markdown()) == _epic_expected()


# CMS DE-SynPUF claims (DESYNPUF_ID, CLM_ID, CLM_FROM_DT, CLM_THRU_DT, PRVDR_NUM,
# AT_PHYSN_NPI, OP_PHYSN_NPI) and a prescriber's DEA number.
def test_cms_claims_columns():
    frame = pd.DataFrame({
        "DESYNPUF_ID": ["00013D2EFD8E45D1", "00016F745862898F"],
        "CLM_ID": ["196661176988405", "196201177000368"],
        "CLM_FROM_DT": [20100312, 20090412],
        "CLM_THRU_DT": [20100313, 20090418],
        "PRVDR_NUM": ["2600GD", "3900MB"],
        "AT_PHYSN_NPI": ["1234567893", "1245319599"],
        "OP_PHYSN_NPI": ["1003000126", ""],
        "Prescriber DEA": ["AB1234563", "BM6125341"],
        "CLM_PMT_AMT": [4000.0, 26000.0],
    })  # fmt: skip
    types = {
        "DESYNPUF_ID": "HEALTH_PLAN_ID", "CLM_ID": "ACCOUNT", "CLM_FROM_DT": "DATE",
        "CLM_THRU_DT": "DATE", "AT_PHYSN_NPI": "NPI", "OP_PHYSN_NPI": "NPI",
        "Prescriber DEA": "DEA",
    }  # fmt: skip
    assert all(v.valid_npi(n) for n in ["1234567893", "1245319599", "1003000126"])
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        assert in_text(str(frame)) == expected(frame, types)


# OMOP CDM v5.4 person + location + provider, joined as an analyst would.
def test_omop_person_location_provider():
    frame = pd.DataFrame({
        "person_id": [1, 2],
        "person_source_value": ["000123456", "000654321"],
        "birth_datetime": ["1962-03-14 00:00:00", "1975-10-02 00:00:00"],
        "year_of_birth": [1962, 1975],
        "address_1": ["12 Oak Street", "40 Harbor Way"],
        "city": ["Springfield", "Worcester"],
        "state": ["IL", "MA"],
        "zip": ["62704", "01608"],
        "provider_name": ["Maria Lopez", "Tom Brown"],
        "npi": ["1234567893", "1245319599"],
        "dea": ["AB1234563", "BM6125341"],
    })  # fmt: skip
    types = {
        "person_source_value": "MRN", "birth_datetime": "DOB", "address_1": "ADDRESS",
        "city": "ADDRESS", "zip": "ZIP", "provider_name": "NAME", "npi": "NPI", "dea": "DEA",
    }  # fmt: skip
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        assert in_text(str(frame)) == expected(frame, types)


# FHIR Patient resources flattened by pandas.json_normalize.
def test_flattened_fhir_columns():
    frame = pd.json_normalize([
        {"id": "example", "birthDate": "1974-12-25",
         "name": {"family": "Chalmers", "given": "Peter"},
         "telecom": {"value": "(03) 5555 6473"},
         "address": {"line": "534 Erewhon St", "city": "PleasantVille", "postalCode": "3999"},
         "identifier": {"value": "12345"}},
        {"id": "f001", "birthDate": "1944-11-17",
         "name": {"family": "van de Heuvel", "given": "Pieter"},
         "telecom": {"value": "p.heuvel@gmail.com"},
         "address": {"line": "Van Egmondkade 23", "city": "Amsterdam", "postalCode": "1024 RJ"},
         "identifier": {"value": "738472983"}},
    ])  # fmt: skip
    assert "name.family" in frame.columns and "address.postalCode" in frame.columns
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        got = in_text(str(frame))
    assert got == {
        ("DOB", "1974-12-25"), ("DOB", "1944-11-17"), ("NAME", "Chalmers"), ("NAME", "Peter"),
        ("NAME", "van de Heuvel"), ("NAME", "Pieter"), ("EMAIL", "p.heuvel@gmail.com"),
        ("ADDRESS", "534 Erewhon St"), ("ADDRESS", "PleasantVille"), ("ADDRESS", "Amsterdam"),
        ("MRN", "12345"), ("MRN", "738472983"),
    }  # fmt: skip


# People's own spellings of the same columns.
def test_peoples_spellings():
    frame = pd.DataFrame({
        "Pt Name": ["Maria Lopez", "SMITH, JOHN"],
        "D.O.B.": ["03/14/1962", "11/02/1950"],
        "Social Security #": ["412557781", "523-45-6789"],
        "Chart #": ["00482913", "G6627434"],
        "FIN": ["F0012345678", "F0012345679"],
        "DOS": ["2024-01-02", "2024-02-11"],
        "MemberID": ["XJH123456789", "W2231987401"],
        "Ins ID": ["BCX987654321", "ZZA55512340"],
        "Acct #": ["AC-00012345", "AC-00012346"],
        "DL#": ["X12345678", "D5512377"],
        "Passport No": ["X1234567", "561234987"],
        "Postal": ["62704", "10001"],
        "Rendering NPI": ["1234567893", "1245319599"],
    })  # fmt: skip
    types = {
        "Pt Name": "NAME", "D.O.B.": "DOB", "Social Security #": "SSN", "Chart #": "MRN",
        "FIN": "ACCOUNT", "DOS": "DATE", "MemberID": "HEALTH_PLAN_ID",
        "Ins ID": "HEALTH_PLAN_ID", "Acct #": "ACCOUNT", "DL#": "LICENSE",
        "Passport No": "LICENSE", "Postal": "ZIP", "Rendering NPI": "NPI",
    }  # fmt: skip
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        assert in_text(str(frame)) == expected(frame, types)
    assert in_html(frame.to_html()) == expected(frame, types)


# --- what is not PHI ---------------------------------------------------------------


def test_mimic_surrogate_keys_alone_are_not_findings():
    frame = pd.DataFrame({
        "subject_id": [10000032, 10000048], "hadm_id": [22595853, 23126945],
        "admittime": ["2180-05-06 22:23:00", "2126-11-22 05:19:00"],
        "dischtime": ["2180-05-07 17:15:00", "2126-11-25 12:00:00"],
        "anchor_age": [52, 23], "dod": ["", ""],
    })  # fmt: skip
    # the keys are codes; the dates of rows keyed to a person are hers, shifted or not
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        got = in_text(str(frame))
    assert got == expected(frame, {"admittime": "DATE", "dischtime": "DATE"})
    assert in_text(str(frame[["subject_id", "hadm_id", "anchor_age"]])) == set()
    # beside a direct identifier they stay codes; the identifier is reported, and the
    # rows' dates, now a known person's
    frame["patient_name"] = ["Maria Lopez", "Tom Brown"]
    frame["admittime"] = ["2018-05-06 22:23:00", "2016-11-22 05:19:00"]
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        got = in_text(str(frame))
    assert got == {
        ("NAME", "Maria Lopez"), ("NAME", "Tom Brown"), ("DATE", "2018-05-06 22:23:00"),
        ("DATE", "2016-11-22 05:19:00"), ("DATE", "2180-05-07 17:15:00"),
        ("DATE", "2126-11-25 12:00:00"),
    }  # fmt: skip


def test_dates_of_rows_keyed_to_a_person():
    frame = pd.DataFrame({
        "Id": ["e1f2", "a9b8"], "START": ["2019-10-16T11:45:00Z", "2020-02-01T08:00:00Z"],
        "STOP": ["2019-10-16T12:00:00Z", "2020-02-01T08:15:00Z"],
        "PATIENT": ["b9c610cd-28a6-4636-ccb6-c7a0d2a4cb85", "c1f1fcaa-82fd-d5b7-3544-c8f9708b06a8"],
        "CODE": [185349003, 162673000],
    })  # fmt: skip
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        assert in_text(str(frame)) == expected(frame, {"START": "DATE", "STOP": "DATE"})
    # the same columns without a person: a schedule
    del frame["PATIENT"]
    assert in_text(frame.to_string()) == set()


def test_shifted_dates_in_wrapped_multi_index_frames():
    """MIMIC-IV icustays by (subject_id, hadm_id): each block's dates, one space inside
    each value, under headers that pandas right-aligns."""
    frame = pd.DataFrame({
        "subject_id": [13699409, 18069174], "hadm_id": [28951812, 29207279],
        "stay_id": [30754608, 31528713], "first_careunit": ["Neuro SICU", "CVICU"],
        "intime": ["2144-09-13 17:39:00", "2160-01-24 07:28:00"],
        "outtime": ["2158-11-18 11:11:00", "2193-04-07 23:04:00"], "los": [7.3651, 7.79699],
    }).set_index(["subject_id", "hadm_id"])  # fmt: skip
    want = expected(frame, {"intime": "DATE", "outtime": "DATE"})
    with pd.option_context("display.width", 70, "display.max_columns", None):
        text = str(frame)
    assert text.count("subject_id hadm_id") == 2  # two blocks
    assert in_text(text) == want
    assert in_text(str(frame.T)) == want
    assert in_html(frame.to_html()) == want


def test_transposed_values_that_spell_a_header_word():
    frame = pd.DataFrame({
        "person_id": [386993, 691302], "birth_datetime": ["1986-12-17 00:00:00", "1976-04-13"],
        "person_source_value": ["E5339343", "MRN3463502"], "gender_source_value": ["F", "M"],
    })  # fmt: skip
    want = expected(frame, {"birth_datetime": "DOB", "person_source_value": "MRN"})
    assert in_text(str(frame.T)) == want


def test_wrapped_block_read_under_typed_index_names():
    frame = pd.DataFrame({
        "provider_id": [12825, 18015], "provider_name": ["Misicher, Jörgen", "Hansen, Derek"],
        "npi": ["1093817041", "1245319599"], "dea": ["AB1234563", "BH6789012"],
        "care_site_id": [546, 490], "year_of_birth": [1958, 1966],
    }).set_index(["provider_id", "provider_name"])  # fmt: skip
    with pd.option_context("display.width", 50, "display.max_columns", None):
        text = str(frame)
    assert text.count("provider_id provider_name") >= 2  # blocks repeat the index
    got = in_text(text)
    assert sum(1 for f in got if f == ("NAME", "Hansen, Derek")) == 1
    spans_of = [f for f in scan_notebook(nb(code("df", result({"text/plain": text}))))]
    names = [f for f in spans_of if f.type == "NAME"]
    assert len(names) == 2 * text.count("provider_id provider_name")  # every block's


def test_two_level_index_names_one_space_apart():
    frame = pd.DataFrame({
        "Prescriber DEA": ["BS4110398", "FP1927586"], "Pt Last": ["Campbell", "Hodges"],
        "Medicare ID": ["6Q69NA5TD84", "3A73TD0HJ81"], "Cell": ["(773)733-3785", "485-364-4737"],
    }).set_index(["Prescriber DEA", "Pt Last"])  # fmt: skip
    got = in_text(str(frame))
    assert {("DEA", "BS4110398"), ("NAME", "Hodges"), ("MBI", "3A73TD0HJ81")} <= got


def test_dates_named_by_their_header_count_beside_a_person_only():
    cond = pd.DataFrame({
        "person_id": [812, 977], "condition_concept_id": [201826, 320128],
        "condition_start_date": ["2019-03-02", "2021-11-14"],
        "condition_end_date": ["2019-04-02", "2022-01-10"],
    })  # fmt: skip
    want = expected(cond, {"condition_start_date": "DATE", "condition_end_date": "DATE"})
    assert in_text(str(cond)) == want
    # a PHI-free finance table: trade and settlement dates, no person
    trades = pd.DataFrame({
        "ticker": ["AAPL", "MSFT"], "trade_date": ["2024-01-02", "2024-01-03"],
        "settlement_date": ["2024-01-04", "2024-01-05"], "order_date": ["2024-01-02", "2024-01-03"],
        "close": [185.64, 370.6],
    })  # fmt: skip
    assert in_text(str(trades)) == set()
    assert in_html(trades.to_html()) == set()
    # beside a person's e-mail, a release date stays a document's date
    books = pd.DataFrame({
        "author_email": ["ana.lima7@gmail.com", "tom.brown88@yahoo.com"],
        "release_date": ["2021-03-02", "2022-05-06"], "visit_date": ["2021-03-01", "2022-05-01"],
    })  # fmt: skip
    got = in_text(str(books))
    assert ("DATE", "2021-03-01") in got and ("DATE", "2021-03-02") not in got


@pytest.mark.parametrize(
    "frame",
    [
        {"ICD10_CODE": ["E11.9", "I10", "J45.909"],
         "DESCRIPTION": ["Type 2 diabetes mellitus", "Essential hypertension", "Asthma"]},
        {"diagnosis_code": ["E11.9", "I10"], "count": [120, 98], "share": [0.55, 0.45]},
        {"drug": ["metformin", "lisinopril"], "ndc": ["00093-1048-01", "68180-0513-01"],
         "dose_mg": [500, 10]},
        {"test": ["Glucose", "HbA1c"], "low": [70, 4.0], "high": [99, 5.6],
         "units": ["mg/dL", "%"]},
        {"Address": ["85 Turner St", "25 Bloomburg St"], "City": ["Abbotsford", "Abbotsford"],
         "Zip": ["98178", "98125"], "Price": [1480000.0, 1035000.0]},
        {"Name": ["Braund, Mr. Owen Harris", "Cumings, Mrs. John Bradley"],
         "Sex": ["male", "female"], "Age": [22.0, 38.0], "Ticket": ["A/5 21171", "PC 17599"]},
        {"name": ["Linear Model", "Big Tree"], "score": [0.91, 0.93],
         "date": ["2024-01-02", "2024-01-03"]},
        {"NAME": ["BOSTON MEDICAL CENTER", "Blue Cross Blue Shield"], "CITY": ["Boston", "Boston"],
         "STATE": ["MA", "MA"], "PHONE": ["", ""]},
    ],
    ids=["icd10-list", "diagnosis-counts", "drugs", "lab-ranges", "house-sales", "titanic",
         "models", "organisations"],
)  # fmt: skip
def test_reference_and_non_person_tables_are_not_flagged(frame):
    df = pd.DataFrame(frame)
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        assert in_text(str(df)) == set()
    assert in_html(df.to_html()) == set()
    assert in_stream(df.to_csv()) == set()


def test_info_and_describe_yield_nothing(synthea):
    buf = io.StringIO()
    synthea.info(buf=buf)
    assert "SSN" in buf.getvalue()
    assert in_text(buf.getvalue()) == set()
    assert in_text(str(synthea.describe())) == set()  # numbers only


# --- the vocabulary ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind", "companion"),
    [
        ("BIRTHDATE", "DOB", False), ("DEATHDATE", "DATE", True), ("DRIVERS", "LICENSE", False),
        ("FIRST", "NAME", True), ("MAIDEN", "NAME", True), ("COUNTY", "ADDRESS", True),
        ("person_source_value", "MRN", False), ("birth_datetime", "DOB", False),
        ("location_source_value", "ADDRESS", True), ("admittime", "DATE", True),
        ("dod", "DATE", True),
        ("PAT_MRN_ID", "MRN", False), ("PAT_ID", "MRN", False),
        ("PAT_FIRST_NAME", "NAME", False), ("PAT_ENC_CSN_ID", "ACCOUNT", False),
        ("HSP_ACCOUNT_ID", "ACCOUNT", False), ("HOSP_ADMSN_TIME", "DATE", True),
        ("PrimaryMrn", "MRN", False), ("PostalCode", "ZIP", False),
        ("HomePhoneNumber", "PHONE", False), ("BENE_BIRTH_DT", "DOB", False),
        ("NCH_BENE_DSCHRG_DT", "DATE", True), ("PRF_PHYSN_NPI_1", "NPI", False),
        ("PRSCRBR_ID", "NPI", False), ("PRIMARYPATIENTINSURANCEID", "HEALTH_PLAN_ID", False),
        ("name.given", "NAME", True), ("telecom.value", "PHONE", False),
        ("deceasedDateTime", "DATE", True), ("Patient #", "MRN", False),
        ("Subscriber #", "HEALTH_PLAN_ID", False), ("E-mail", "EMAIL", False),
        ("Mother's Maiden Name", "NAME", False), ("Emergency Contact Name", "NAME", False),
        ("ICD-10 Code", "ICD10", True),
        # any other date by its name: MIMIC, OMOP, FHIR, Epic and people's own spellings
        ("charttime", "DATE", True), ("intime", "DATE", True), ("edregtime", "DATE", True),
        ("condition_start_date", "DATE", True), ("measurement_date", "DATE", True),
        ("effectiveDateTime", "DATE", True), ("authoredOn", "DATE", True),
        ("APPT_TIME", "DATE", True), ("LINE_SRVC_DT", "DATE", True), ("D/C Date", "DATE", True),
        ("Date of Diagnosis", "DATE", True), ("Last Visit", "DATE", True), ("DOI", "DATE", True),
    ],
)  # fmt: skip
def test_header_vocabulary(header, kind, companion):
    got = header_kind(header)
    assert got is not None and (got.type, got.companion) == (kind, companion)


@pytest.mark.parametrize(
    "header",
    ["STATE", "LAT", "PRVDR_NUM", "TAX_NUM_1", "year_of_birth", "phone_score", "customer_id",
     "provider_id", "user_name", "group_id", "STATE_C_NAME", "PassengerId",
     "subject_id", "hadm_id", "person_id", "visit_occurrence_id", "Id",
     # dates of data, documents and money, not of a person
     "release_date", "last_modified_date", "due_date", "fit_time", "Trade Date",
     "date_of_publication", "runtime", "update", "candidate", "created_at"],
)  # fmt: skip
def test_headers_that_name_no_type(header):
    assert header_kind(header) is None


@pytest.mark.parametrize(
    "value",
    ["John Smith", "SMITH, JOHN", "SMITH,JOHN A", "DOE^JOHN^Q", "Mrs. Carmen818 Wiza601",
     "Ana de la Cruz", "Mary-Jane O'Neil", "John Smith, Jr.", "JOSÉ GÓMEZ"],
)  # fmt: skip
def test_name_column_forms(value):
    assert v.valid_name(value)


@pytest.mark.parametrize(
    "value",
    ["John", "Linear Model", "Boston Medical Center", "the patient was seen", "12 Oak St",
     "NaN NaN", "Unknown Unknown", "x y", "iPhone Pro"],
)  # fmt: skip
def test_not_a_name_in_a_name_column(value):
    assert not v.valid_name(value)


def test_date_years_plausible_alone_and_shifted_where_a_field_says_date():
    assert v.valid_date("2023-03-02") and not v.valid_date("2135-11-21")
    assert v.valid_date("2135-11-21", v.TYPED_YEARS)
    assert v.valid_date("21351121", v.TYPED_YEARS) and v.valid_date("1844-02-29", v.TYPED_YEARS)
    for value in ("2300-01-01", "1799-12-31", "2135-13-01", "2.1.3", "1617235200"):
        assert not v.valid_date(value, v.TYPED_YEARS), value


def test_identifier_shapes():
    for mrn in ["G6627434", "000123456", "APL324672", "12-345-678"]:
        assert v.valid_mrn(mrn), mrn
    for not_mrn in ["00000", "2024-01-02", "1.5", "550e8400-e29b-41d4-a716-446655440000"]:
        assert not v.valid_mrn(not_mrn), not_mrn
    for ident in ["S99999999", "X12345678", "X1234567", "AC-00012345", "00013D2EFD8E45D1"]:
        assert v.valid_identifier(ident, 4), ident
    for not_id in ["3.1415", "1.2.3", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "7.2 mg/dL"]:
        assert not v.valid_identifier(not_id, 4), not_id


def test_omop_location_table_holds_where_people_live():
    # OMOP CDM's location table (person.location_id points into it): its addresses are
    # people's homes, unlike a house-sales frame's (see the reference tables above)
    frame = pd.DataFrame({
        "location_id": [1337, 6839],
        "address_1": ["9357 Lopez Manors Apt. 542", "962 Kevin Fields Suite 866"],
        "city": ["North Joelton", "New Rebeccaside"], "state": ["CA", "PA"],
        "zip": ["10182", "80206"],
        "location_source_value": ["9357 Lopez Manors Apt. 542, North Joelton, CA 10182",
                                  "962 Kevin Fields Suite 866, New Rebeccaside, PA 80206"],
    })  # fmt: skip
    want = expected(frame, {"address_1": "ADDRESS", "location_source_value": "ADDRESS"})
    with pd.option_context("display.width", 10_000, "display.max_columns", None):
        cut = {value for kind, value in in_text(str(frame)) if value.endswith("...")}
        with pd.option_context("display.max_colwidth", None):
            assert want <= in_text(str(frame))
    assert len(cut) == 2  # cells pandas cut at max_colwidth still read by their street
    assert want <= in_stream(frame.to_markdown())
    assert want <= in_html(frame.to_html())


def test_address_shapes_take_a_one_line_tail():
    assert v.valid_address("12 Oak St, Springfield, IL 62704")
    assert v.valid_address("8 Elm Prairie Suite 356 Apt. 622")
    assert not v.valid_address("1962")
