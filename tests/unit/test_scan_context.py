"""Cell context: a code cell's source types the values its outputs print."""

from __future__ import annotations

import sqlite3
import warnings
from typing import Any

import pytest

from jupyterlab_cloudshare.core.scan import scan_notebook
from jupyterlab_cloudshare.core.scan.context import cell_context, select_columns


def _nb(*cells: tuple[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {
        "cells": [
            {"cell_type": "code", "source": src, "metadata": {}, "outputs": outs}
            for src, outs in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _result(text: str) -> dict[str, Any]:
    return {
        "output_type": "execute_result",
        "data": {"text/plain": text},
        "metadata": {},
        "execution_count": 1,
    }


def _stream(text: str) -> dict[str, Any]:
    return {"output_type": "stream", "name": "stdout", "text": text}


def _found(nb: dict[str, Any]) -> set[tuple[str, str]]:
    """(type, matched text) of every finding in an output."""
    out = set()
    for f in scan_notebook(nb):
        if f.in_output:
            k = int(f.path.split("/")[4])
            o = nb["cells"][f.cell]["outputs"][k]
            text = o["text"] if f.path.endswith("/text") else o["data"]["text/plain"]
            out.add((f.type, text[f.start : f.end]))
    return out


PATIENTS = [
    ("Ruth", "O'Keefe", "078-51-1121", "1962-03-14", "P-0099"),
    ("Marcus", "Delgado", "512-44-8021", "1975-11-02", "P-0100"),
]


@pytest.fixture
def cur() -> sqlite3.Cursor:
    con = sqlite3.connect(":memory:")
    c = con.cursor()
    c.execute("CREATE TABLE patients (first, last, ssn, birthdate, patient_key)")
    c.executemany("INSERT INTO patients VALUES (?, ?, ?, ?, ?)", PATIENTS)
    return c


def test_select_columns_reads_aliases_tables_and_quotes() -> None:
    sql = 'SELECT DISTINCT p.first, p.last AS surname, "SSN", upper(x, y) dob FROM t p'
    assert select_columns(sql) == ("first", "surname", "SSN", "dob")
    assert select_columns("SELECT * FROM patients") == ()
    assert select_columns("x = 1") == ()


def test_dbapi_fetchall_rows_typed_by_the_select(cur: sqlite3.Cursor) -> None:
    query = "SELECT first, last AS surname, ssn, birthdate FROM patients"
    cur.execute(query)
    text = repr(cur.fetchall())
    found = _found(_nb((f'cur.execute("{query}")\ncur.fetchall()', [_result(text)])))
    for first, last, ssn, dob, _ in PATIENTS:
        assert ("SSN", ssn) in found
        assert ("DOB", dob) in found
        assert ("NAME", first) in found and ("NAME", last) in found


def test_select_in_one_cell_rows_printed_in_the_next(cur: sqlite3.Cursor) -> None:
    query = "SELECT patient_key, ssn FROM patients"
    cur.execute(query)
    lines = "".join(f"{row!r}\n" for row in cur)
    nb = _nb((f"cur.execute('{query}')", []), ("for row in cur:\n    print(row)", [_stream(lines)]))
    assert {("SSN", p[2]) for p in PATIENTS} <= _found(nb)


def test_names_alone_are_not_findings(cur: sqlite3.Cursor) -> None:
    # a list of first and last names with no identifier beside them
    cur.execute("SELECT first, last FROM patients")
    text = repr(cur.fetchall())
    nb = _nb(("cur.execute('SELECT first, last FROM patients')\ncur.fetchall()", [_result(text)]))
    assert _found(nb) == set()


def test_non_phi_columns_are_not_findings(cur: sqlite3.Cursor) -> None:
    cur.execute("CREATE TABLE sales (region, total, quarter)")
    cur.executemany("INSERT INTO sales VALUES (?, ?, ?)", [("West", 1962, "2021-03-14")])
    cur.execute("SELECT region, total, quarter FROM sales")
    text = repr(cur.fetchall())
    nb = _nb(("cur.execute('SELECT region, total, quarter FROM sales')\ncur.fetchall()",
              [_result(text)]))  # fmt: skip
    assert _found(nb) == set()


def test_dicom_attributes_tuple_and_printed_physician() -> None:
    pydicom = pytest.importorskip("pydicom")
    from pydicom.data import get_testdata_file

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(get_testdata_file("MR_small.dcm"), stop_before_pixels=True)
    ds.PatientName = "Okafor^Chidi"
    ds.PatientID = "MR4417823"
    ds.PatientBirthDate = "19580921"
    ds.ReferringPhysicianName = "Lindqvist^Maja"
    src = "ds.PatientName, ds.PatientID, ds.PatientBirthDate\nprint(ds.ReferringPhysicianName)"
    values = repr((ds.PatientName, ds.PatientID, ds.PatientBirthDate))
    nb = _nb((src, [_stream(f"{ds.ReferringPhysicianName}\n"), _result(values)]))
    found = _found(nb)
    assert ("NAME", "Okafor^Chidi") in found
    assert ("MRN", "MR4417823") in found
    assert ("DOB", "19580921") in found
    assert ("NAME", "Lindqvist^Maja") in found


def test_hl7_field_addresses_name_their_values() -> None:
    hl7 = pytest.importorskip("hl7")
    msg = hl7.parse(
        "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|ELAB-3|198808181126||ADT^A01|MSG1|P|2.5.1\r"
        "PID|1||4417823^^^GHH^MR||EVERYMAN^ADAM^A^III||19610615|M|||"
        "2222 HOME STREET^^GREENSBORO^NC^27401||(555) 555-2004|||S||PATID12345001|518-22-3303"
    )
    src = "h['PID.F7'], h.segment('PID')[19], h['PID.F3']"
    text = repr((str(msg["PID.F7"]), str(msg.segment("PID")[19]), str(msg["PID.F3"])))
    found = _found(_nb((src, [_result(text)])))
    assert {("DOB", "19610615"), ("SSN", "518-22-3303"), ("MRN", "4417823")} <= found
    printed = f"{msg['PID.F7']}\n{msg['PID.F19']}\n"
    found = _found(_nb(("print(h['PID.F7'])\nprint(h['PID.F19'])", [_stream(printed)])))
    assert {("DOB", "19610615"), ("SSN", "518-22-3303")} <= found


def test_hl7_name_field_printed_by_its_first_component() -> None:
    # python-hl7's ``h['PID.F5']`` beside the birth date: the family name alone
    src = "h['PID.F5'], h['PID.F7']"
    found = _found(_nb((src, [_result("('WALKER', '19930711')")])))
    assert found == {("NAME", "WALKER"), ("DOB", "19930711")}
    found = _found(_nb((src, [_result("('WALKER^KATHY', '19930711')")])))
    assert ("NAME", "WALKER^KATHY") in found
    # a field that is no name stays unread as one
    found = _found(_nb(("h['PID.F8'], h['PID.F7']", [_result("('M', '19930711')")])))
    assert ("NAME", "M") not in found


def test_pandas_values_tolist_and_a_single_key() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(PATIENTS, columns=["FIRST", "LAST", "SSN", "BIRTHDATE", "KEY"])
    text = repr(df[["FIRST", "LAST", "SSN"]].values.tolist())
    found = _found(_nb(("df[['FIRST', 'LAST', 'SSN']].values.tolist()", [_result(text)])))
    assert ("SSN", "512-44-8021") in found and ("NAME", "Delgado") in found
    row = df.iloc[0]
    found = _found(_nb(("row = df.iloc[0]\nrow['SSN']", [_result(repr(row["SSN"]))])))
    assert found == {("SSN", "078-51-1121")}


def test_context_skips_other_sources() -> None:
    assert not cell_context("import numpy as np")
    assert not cell_context("%%bash\necho hi")
    assert not cell_context("x = (")  # a syntax error reads nothing
