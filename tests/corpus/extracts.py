"""EHR and claims extracts printed as notebooks print them (real pandas, prettytable).

Column names follow published schemas: Synthea's CSV data dictionary
(patients.csv, encounters.csv, providers.csv, conditions.csv), the OMOP CDM v5.4
tables (person, location, provider, visit_occurrence, condition_occurrence), Epic
Clarity (PATIENT, PAT_ENC, HSP_ACCOUNT, CLARITY_SER), CMS claims (DE-SynPUF / RIF
names), MIMIC-IV (admissions, icustays, labevents: dates shifted into 2110-2200),
and the spellings people type themselves ("Patient Name", "Social Security #",
"Chart #", "FIN", "DOS", "Admit Date"...). Every value is fake (see :mod:`.fake`);
the label type of a column is what the column holds.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

from . import fake
from .cases import Case, code, markdown, notebook, result, stream, text_result

#: A column: (header, label type or "" for none or "~" for allowed, value maker).
Column = tuple[str, str, Callable[[random.Random, dict[str, Any]], str]]


def _row_context(r: random.Random) -> dict[str, Any]:
    p = fake.person(r)
    return {"p": p, "a": fake.address(r), "doc": fake.person(r)}


def _ts(r: random.Random, lo: int = 2015, hi: int = 2024) -> str:
    d = fake.day(r, lo, hi)
    return f"{d.fmt('iso')}T{r.randint(0, 23):02d}:{r.choice([0, 15, 30, 45]):02d}:00Z"


def _dt(r: random.Random, lo: int = 2015, hi: int = 2024) -> str:
    d = fake.day(r, lo, hi)
    return f"{d.fmt('iso')} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00"


SYNTHEA_PATIENTS: list[Column] = [
    ("Id", "~", lambda r, c: str(uuid.UUID(int=r.getrandbits(128)))),
    ("BIRTHDATE", "DOB", lambda r, c: fake.day(r).fmt("iso")),
    ("DEATHDATE", "", lambda r, c: ""),
    ("SSN", "SSN", lambda r, c: fake.ssn(r)),
    ("DRIVERS", "LICENSE", lambda r, c: fake.license_number(r)),
    ("PASSPORT", "LICENSE", lambda r, c: fake.passport(r)),
    ("PREFIX", "~", lambda r, c: c["p"].prefix or "Mr."),
    ("FIRST", "NAME", lambda r, c: c["p"].first),
    ("LAST", "NAME", lambda r, c: c["p"].last),
    ("MARITAL", "", lambda r, c: r.choice("MSD")),
    ("RACE", "", lambda r, c: r.choice(["white", "black", "asian", "native"])),
    ("ETHNICITY", "", lambda r, c: r.choice(["hispanic", "nonhispanic"])),
    ("GENDER", "", lambda r, c: c["p"].sex),
    ("BIRTHPLACE", "~", lambda r, c: f"{c['a'].city} Massachusetts US"),
    ("ADDRESS", "ADDRESS", lambda r, c: c["a"].street),
    ("CITY", "~", lambda r, c: c["a"].city),
    ("STATE", "", lambda r, c: "Massachusetts"),
    ("COUNTY", "~", lambda r, c: r.choice(["Suffolk County", "Middlesex County"])),
    ("ZIP", "~", lambda r, c: c["a"].zip),
    ("LAT", "~", lambda r, c: f"{r.uniform(41.2, 42.8):.6f}"),
    ("LON", "~", lambda r, c: f"{r.uniform(-73.4, -70.0):.6f}"),
    ("HEALTHCARE_EXPENSES", "", lambda r, c: f"{r.uniform(1e3, 2e6):.2f}"),
    ("HEALTHCARE_COVERAGE", "", lambda r, c: f"{r.uniform(0, 5e5):.2f}"),
]

SYNTHEA_ENCOUNTERS: list[Column] = [
    ("Id", "~", lambda r, c: str(uuid.UUID(int=r.getrandbits(128)))),
    ("START", "DATE", lambda r, c: _ts(r)),
    ("STOP", "DATE", lambda r, c: _ts(r)),
    ("PATIENT", "~", lambda r, c: str(uuid.UUID(int=r.getrandbits(128)))),
    ("ENCOUNTERCLASS", "", lambda r, c: r.choice(["wellness", "ambulatory", "emergency"])),
    ("CODE", "", lambda r, c: r.choice(["185349003", "162673000", "410620009"])),
    ("DESCRIPTION", "", lambda r, c: r.choice(["Encounter for check up", "General exam"])),
    ("BASE_ENCOUNTER_COST", "", lambda r, c: f"{r.uniform(50, 200):.2f}"),
    ("TOTAL_CLAIM_COST", "", lambda r, c: f"{r.uniform(50, 2000):.2f}"),
]

SYNTHEA_PROVIDERS: list[Column] = [
    ("Id", "~", lambda r, c: str(uuid.UUID(int=r.getrandbits(128)))),
    ("ORGANIZATION", "~", lambda r, c: str(uuid.UUID(int=r.getrandbits(128)))),
    ("NAME", "NAME", lambda r, c: c["doc"].full),
    ("GENDER", "", lambda r, c: c["doc"].sex),
    ("SPECIALITY", "", lambda r, c: r.choice(["GENERAL PRACTICE", "CARDIOLOGY", "INTERNAL"])),
    ("ADDRESS", "~", lambda r, c: c["a"].street),
    ("CITY", "~", lambda r, c: c["a"].city),
    ("STATE", "", lambda r, c: c["a"].state),
    ("ZIP", "~", lambda r, c: c["a"].zip),
    ("ENCOUNTERS", "", lambda r, c: str(r.randint(0, 5000))),
]

OMOP_PERSON: list[Column] = [
    ("person_id", "~", lambda r, c: str(r.randint(1, 999_999))),
    ("gender_concept_id", "", lambda r, c: r.choice(["8507", "8532"])),
    ("year_of_birth", "", lambda r, c: str(r.randint(1930, 2010))),
    ("birth_datetime", "DOB", lambda r, c: f"{fake.day(r).fmt('iso')} 00:00:00"),
    ("race_concept_id", "", lambda r, c: r.choice(["8527", "8516", "8515"])),
    ("person_source_value", "MRN", lambda r, c: fake.mrn(r)),
    ("gender_source_value", "", lambda r, c: c["p"].sex),
    ("location_id", "", lambda r, c: str(r.randint(1, 9999))),
]

OMOP_LOCATION: list[Column] = [
    ("location_id", "", lambda r, c: str(r.randint(1, 9999))),
    ("address_1", "ADDRESS", lambda r, c: c["a"].street),
    ("city", "~", lambda r, c: c["a"].city),
    ("state", "", lambda r, c: c["a"].state),
    ("zip", "~", lambda r, c: c["a"].zip),
    ("county", "~", lambda r, c: r.choice(["SUFFOLK", "KINGS", "COOK"])),
    ("location_source_value", "~", lambda r, c: c["a"].one_line),
]

OMOP_PROVIDER: list[Column] = [
    ("provider_id", "", lambda r, c: str(r.randint(1, 99999))),
    ("provider_name", "NAME", lambda r, c: f"{c['doc'].last}, {c['doc'].first}"),
    ("npi", "NPI", lambda r, c: fake.npi(r)),
    ("dea", "DEA", lambda r, c: fake.dea(r, c["doc"].last)),
    ("specialty_concept_id", "", lambda r, c: r.choice(["38004456", "38004446"])),
    ("care_site_id", "", lambda r, c: str(r.randint(1, 999))),
    ("year_of_birth", "", lambda r, c: str(r.randint(1950, 1990))),
]

OMOP_VISIT: list[Column] = [
    ("visit_occurrence_id", "", lambda r, c: str(r.randint(1, 9_999_999))),
    ("person_id", "~", lambda r, c: str(r.randint(1, 999_999))),
    ("visit_concept_id", "", lambda r, c: r.choice(["9201", "9202", "9203"])),
    ("visit_start_date", "DATE", lambda r, c: fake.day(r, 2015, 2024).fmt("iso")),
    ("visit_end_date", "DATE", lambda r, c: fake.day(r, 2015, 2024).fmt("iso")),
    ("visit_source_value", "ACCOUNT", lambda r, c: fake.account(r)),
]

EPIC_PATIENT: list[Column] = [
    ("PAT_ID", "~", lambda r, c: f"Z{r.randint(100_000, 9_999_999)}"),
    ("PAT_MRN_ID", "MRN", lambda r, c: fake.mrn(r)),
    ("PAT_NAME", "NAME", lambda r, c: f"{c['p'].last.upper()},{c['p'].first.upper()}"),
    ("PAT_FIRST_NAME", "NAME", lambda r, c: c["p"].first),
    ("PAT_LAST_NAME", "NAME", lambda r, c: c["p"].last),
    ("BIRTH_DATE", "DOB", lambda r, c: f"{fake.day(r).fmt('iso')} 00:00:00"),
    ("SSN", "SSN", lambda r, c: fake.ssn(r)),
    ("ADD_LINE_1", "ADDRESS", lambda r, c: c["a"].street),
    ("CITY", "~", lambda r, c: c["a"].city),
    ("ZIP", "~", lambda r, c: c["a"].zip),
    ("HOME_PHONE", "PHONE", lambda r, c: fake.phone(r, r.choice([1, 0]))),
    ("EMAIL_ADDRESS", "EMAIL", lambda r, c: fake.email(r, c["p"])),
]

EPIC_ENCOUNTER: list[Column] = [
    ("PAT_ENC_CSN_ID", "~", lambda r, c: str(r.randint(100_000_000, 999_999_999))),
    ("PAT_MRN_ID", "MRN", lambda r, c: fake.mrn(r)),
    ("CONTACT_DATE", "DATE", lambda r, c: f"{fake.day(r, 2015, 2024).fmt('iso')} 00:00:00"),
    ("HSP_ACCOUNT_ID", "ACCOUNT", lambda r, c: str(r.randint(1_000_000_000, 9_999_999_999))),
    ("HOSP_ADMSN_TIME", "DATE", lambda r, c: _dt(r)),
    ("HOSP_DISCH_TIME", "DATE", lambda r, c: _dt(r)),
    ("VISIT_PROV_ID", "", lambda r, c: str(r.randint(10_000, 99_999))),
    ("DEPARTMENT_ID", "", lambda r, c: str(r.randint(10_000_000, 99_999_999))),
]

EPIC_PROVIDER: list[Column] = [
    ("PROV_ID", "", lambda r, c: str(r.randint(10_000, 99_999))),
    ("PROV_NAME", "NAME", lambda r, c: f"{c['doc'].last.upper()}, {c['doc'].first.upper()}"),
    ("NPI", "NPI", lambda r, c: fake.npi(r)),
    ("DEA_NUMBER", "DEA", lambda r, c: fake.dea(r, c["doc"].last)),
    ("CLINICIAN_TITLE", "", lambda r, c: r.choice(["MD", "DO", "NP", "PA-C"])),
]

CMS_CLAIMS: list[Column] = [
    ("DESYNPUF_ID", "~", lambda r, c: f"{r.getrandbits(64):016X}"),
    ("BENE_MBI_ID", "MBI", lambda r, c: fake.mbi(r)),
    ("BENE_BIRTH_DT", "DOB", lambda r, c: fake.day(r, 1920, 1958).fmt("hl7")),
    ("CLM_ID", "~", lambda r, c: str(r.randint(10**14, 10**15))),
    ("CLM_FROM_DT", "DATE", lambda r, c: fake.day(r, 2008, 2010).fmt("hl7")),
    ("CLM_THRU_DT", "DATE", lambda r, c: fake.day(r, 2008, 2010).fmt("hl7")),
    ("AT_PHYSN_NPI", "NPI", lambda r, c: fake.npi(r)),
    ("OP_PHYSN_NPI", "NPI", lambda r, c: fake.npi(r)),
    ("ICD9_DGNS_CD_1", "", lambda r, c: r.choice(["4019", "25000", "V5869", "42731"])),
    ("CLM_PMT_AMT", "", lambda r, c: f"{r.randint(0, 9000)}.00"),
]

MIMIC_ADMISSIONS: list[Column] = [
    ("subject_id", "~", lambda r, c: str(r.randint(10_000_000, 19_999_999))),
    ("hadm_id", "~", lambda r, c: str(r.randint(20_000_000, 29_999_999))),
    ("admittime", "DATE", lambda r, c: _dt(r, 2110, 2200)),
    ("dischtime", "DATE", lambda r, c: _dt(r, 2110, 2200)),
    ("admission_type", "", lambda r, c: r.choice(["URGENT", "EW EMER.", "ELECTIVE"])),
    ("insurance", "", lambda r, c: r.choice(["Medicare", "Medicaid", "Other"])),
    ("language", "", lambda r, c: "ENGLISH"),
    ("marital_status", "", lambda r, c: r.choice(["MARRIED", "SINGLE", "WIDOWED"])),
]

MIMIC_ICUSTAYS: list[Column] = [
    ("subject_id", "~", lambda r, c: str(r.randint(10_000_000, 19_999_999))),
    ("hadm_id", "~", lambda r, c: str(r.randint(20_000_000, 29_999_999))),
    ("stay_id", "", lambda r, c: str(r.randint(30_000_000, 39_999_999))),
    ("first_careunit", "", lambda r, c: r.choice(["MICU", "SICU", "CVICU", "Neuro SICU"])),
    ("intime", "DATE", lambda r, c: _dt(r, 2110, 2200)),
    ("outtime", "DATE", lambda r, c: _dt(r, 2110, 2200)),
    ("los", "", lambda r, c: f"{r.uniform(0.5, 14):.6f}"),
]

MIMIC_LABEVENTS: list[Column] = [
    ("labevent_id", "", lambda r, c: str(r.randint(1, 99_999_999))),
    ("subject_id", "~", lambda r, c: str(r.randint(10_000_000, 19_999_999))),
    ("itemid", "", lambda r, c: r.choice(["50912", "50971", "51221", "50931"])),
    ("charttime", "DATE", lambda r, c: _dt(r, 2110, 2200)),
    ("storetime", "DATE", lambda r, c: _dt(r, 2110, 2200)),
    ("valuenum", "", lambda r, c: f"{r.uniform(0.4, 140):.1f}"),
    ("valueuom", "", lambda r, c: r.choice(["mg/dL", "mEq/L", "%"])),
    ("flag", "", lambda r, c: r.choice(["abnormal", ""])),
]

OMOP_CONDITION: list[Column] = [
    ("condition_occurrence_id", "", lambda r, c: str(r.randint(1, 99_999_999))),
    ("person_id", "~", lambda r, c: str(r.randint(1, 999_999))),
    ("condition_concept_id", "", lambda r, c: r.choice(["201826", "320128", "255573"])),
    ("condition_start_date", "DATE", lambda r, c: fake.day(r, 2010, 2024).fmt("iso")),
    ("condition_end_date", "DATE", lambda r, c: fake.day(r, 2010, 2024).fmt("iso")),
    ("condition_type_concept_id", "", lambda r, c: "32817"),
    ("visit_occurrence_id", "", lambda r, c: str(r.randint(1, 9_999_999))),
]

SYNTHEA_CONDITIONS: list[Column] = [
    ("START", "DATE", lambda r, c: fake.day(r, 2000, 2024).fmt("iso")),
    ("STOP", "DATE", lambda r, c: r.choice(["", fake.day(r, 2000, 2024).fmt("iso")])),
    ("PATIENT", "~", lambda r, c: str(uuid.UUID(int=r.getrandbits(128)))),
    ("ENCOUNTER", "~", lambda r, c: str(uuid.UUID(int=r.getrandbits(128)))),
    ("CODE", "", lambda r, c: r.choice(["44054006", "38341003", "195662009"])),
    (
        "DESCRIPTION",
        "",
        lambda r, c: r.choice(["Diabetes", "Hypertension", "Acute viral pharyngitis (disorder)"]),
    ),
]

#: People's own spellings, each a different way to name a type.
OWN_SPELLINGS: list[Column] = [
    ("Patient Name", "NAME", lambda r, c: c["p"].full),
    ("Social Security #", "SSN", lambda r, c: fake.ssn(r)),
    ("Chart #", "MRN", lambda r, c: fake.mrn(r)),
    ("FIN", "ACCOUNT", lambda r, c: str(r.randint(10_000_000, 99_999_999))),
    ("DOS", "DATE", lambda r, c: fake.day(r, 2018, 2024).fmt("us")),
    ("D.O.B.", "DOB", lambda r, c: fake.day(r).fmt("us")),
    ("Rendering NPI", "NPI", lambda r, c: fake.npi(r)),
    ("Prescriber DEA", "DEA", lambda r, c: fake.dea(r)),
    ("Street", "ADDRESS", lambda r, c: c["a"].street),
    ("Postal", "~", lambda r, c: c["a"].zip),
    ("MemberID", "HEALTH_PLAN_ID", lambda r, c: fake.health_plan_id(r)),
    ("Subscriber No.", "HEALTH_PLAN_ID", lambda r, c: fake.health_plan_id(r)),
    ("Medicare ID", "MBI", lambda r, c: fake.mbi(r, dashes=r.random() < 0.3)),
    ("Cell", "PHONE", lambda r, c: fake.phone(r)),
    ("E-mail", "EMAIL", lambda r, c: fake.email(r, c["p"])),
    ("DL #", "LICENSE", lambda r, c: fake.license_number(r)),
    ("Acct Num", "ACCOUNT", lambda r, c: fake.account(r)),
    ("Client IP", "IP_ADDRESS", lambda r, c: fake.ip(r, private=False)),
    ("Date of Death", "DATE", lambda r, c: fake.day(r, 2015, 2024).fmt("iso")),
    ("Admit Date", "DATE", lambda r, c: fake.day(r, 2015, 2024).fmt("us_short")),
    ("Visit Dt", "DATE", lambda r, c: fake.day(r, 2015, 2024).fmt("abbr")),
    ("Last Visit", "DATE", lambda r, c: fake.day(r, 2015, 2024).fmt("us")),
    ("Collection Date", "DATE", lambda r, c: f"{fake.day(r, 2015, 2024).fmt('us')} 08:15"),
    ("Guarantor", "NAME", lambda r, c: fake.person(r).full),
    ("Emergency Contact Phone", "PHONE", lambda r, c: fake.phone(r)),
    ("Pt Last", "NAME", lambda r, c: c["p"].last),
    ("Pt First", "NAME", lambda r, c: c["p"].first),
    ("age", "", lambda r, c: str(r.randint(18, 95))),
    ("bmi", "", lambda r, c: f"{r.uniform(16, 42):.1f}"),
    ("a1c", "", lambda r, c: f"{r.uniform(4.5, 11):.1f}"),
]

SCHEMAS: dict[str, tuple[list[Column], str]] = {
    "synthea_patients": (SYNTHEA_PATIENTS, "patients = pd.read_csv('csv/patients.csv')"),
    "synthea_encounters": (SYNTHEA_ENCOUNTERS, "enc = pd.read_csv('csv/encounters.csv')"),
    "synthea_providers": (SYNTHEA_PROVIDERS, "prov = pd.read_csv('csv/providers.csv')"),
    "omop_person": (OMOP_PERSON, "person = pd.read_sql('select * from cdm.person', con)"),
    "omop_location": (OMOP_LOCATION, "loc = pd.read_sql('select * from cdm.location', con)"),
    "omop_provider": (OMOP_PROVIDER, "prov = pd.read_sql('select * from cdm.provider', con)"),
    "omop_visit": (OMOP_VISIT, "visits = pd.read_sql_table('visit_occurrence', con)"),
    "epic_patient": (EPIC_PATIENT, "pat = pd.read_sql(CLARITY_PATIENT_SQL, clarity)"),
    "epic_encounter": (EPIC_ENCOUNTER, "enc = pd.read_sql(PAT_ENC_SQL, clarity)"),
    "epic_provider": (EPIC_PROVIDER, "ser = pd.read_sql('SELECT * FROM CLARITY_SER', clarity)"),
    "cms_claims": (CMS_CLAIMS, "claims = pd.read_csv('DE1_0_2008_to_2010_Inpatient.csv')"),
    "mimic_admissions": (MIMIC_ADMISSIONS, "adm = pd.read_csv('hosp/admissions.csv.gz')"),
    "mimic_icustays": (MIMIC_ICUSTAYS, "icu = pd.read_csv('icu/icustays.csv.gz')"),
    "mimic_labevents": (MIMIC_LABEVENTS, "labs = pd.read_csv('hosp/labevents.csv.gz', nrows=50)"),
    "omop_condition": (OMOP_CONDITION, "cond = pd.read_sql_table('condition_occurrence', con)"),
    "synthea_conditions": (SYNTHEA_CONDITIONS, "cond = pd.read_csv('csv/conditions.csv')"),
    "own_spellings": (OWN_SPELLINGS, "df = pd.read_excel('export.xlsx')"),
}

STYLES = (
    "repr",
    "print",
    "to_string",
    "wide",
    "elided",
    "transposed",
    "multiindex",
    "series",
    "records",
    "html",
    "styler",
    "csv",
    "markdown",
    "sql_prettytable",
    "sql_html",
    "dbapi",
)


def _columns(r: random.Random, schema: list[Column], own: bool) -> list[Column]:
    if not own:
        return schema
    # a spreadsheet of one's own: a handful of the spellings, in any order
    cols = r.sample(schema, k=r.randint(4, 8))
    return cols


def frame_case(r: random.Random, i: int, schema_name: str, style: str) -> Case:
    """One extract printed in one style."""
    import pandas as pd

    schema, load = SCHEMAS[schema_name]
    cols = _columns(r, schema, schema_name == "own_spellings")
    n = r.randint(3, 7)
    rows: list[list[str]] = []
    labels: list[tuple[str, str]] = []
    allowed: list[str] = []
    for _ in range(n):
        ctx = _row_context(r)
        row = [make(r, ctx) for _, _, make in cols]
        rows.append(row)
        for (_, kind, _), value in zip(cols, row, strict=True):
            if not value:
                continue
            if kind == "~":
                allowed.append(value)
            elif kind:
                labels.append((kind, value))
    headers = [h for h, _, _ in cols]
    df = pd.DataFrame(rows, columns=headers)
    var = load.split(" = ")[0]
    src = f"import pandas as pd\n{load}\n"
    outputs: list[dict[str, Any]]
    with pd.option_context("display.width", 80, "display.max_columns", 20):
        if style == "repr":
            src += f"{var}.head()"
            outputs = [result({"text/plain": repr(df), "text/html": df.to_html()})]
        elif style == "print":
            src += f"print({var})"
            outputs = [stream(str(df) + "\n")]
        elif style == "to_string":
            src += f"print({var}.to_string(index=False))"
            outputs = [stream(df.to_string(index=False) + "\n")]
        elif style == "wide":
            with pd.option_context("display.width", 100, "display.max_columns", None):
                src += f"{var}.head({n})"
                outputs = [text_result(repr(df))]
        elif style == "elided":
            # a cut value ("jane.doe@gma...") is what is left of a label: tolerated
            allowed += [v[:16].rstrip() for _, v in labels if len(v) > 20]
            with pd.option_context("display.max_columns", 6, "display.max_colwidth", 20):
                src += f"{var}"
                outputs = [text_result(repr(df))]
        elif style == "transposed":
            src += f"{var}.head({n}).T"
            outputs = [result({"text/plain": repr(df.T), "text/html": df.T.to_html()})]
        elif style == "multiindex":
            keys = headers[:2]
            src += f"{var}.set_index({keys!r})"
            mi = df.set_index(keys)
            outputs = [result({"text/plain": repr(mi), "text/html": mi.to_html()})]
        elif style == "series":
            src += f"{var}.iloc[0]"
            outputs = [text_result(repr(df.iloc[0]))]
        elif style == "records":
            src += f"{var}.head(3).to_dict('records')"
            recs = df.head(3).to_dict("records")
            outputs = [text_result(repr(recs))]
        elif style == "html":
            src += f"display(HTML({var}.to_html(index=False)))"
            outputs = [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {
                        "text/html": df.to_html(index=False),
                        "text/plain": "<IPython.core.display.HTML object>",
                    },
                }
            ]
        elif style == "styler":
            src += f"{var}.style.highlight_null()"
            html = df.style.set_caption("cohort").to_html()
            outputs = [
                result({"text/html": html, "text/plain": "<pandas.io.formats.style.Styler>"})
            ]
        elif style == "csv":
            src += f"print({var}.to_csv(index=False))"
            outputs = [stream(df.to_csv(index=False))]
        elif style == "markdown":
            src += f"print({var}.to_markdown())"
            outputs = [stream(df.to_markdown() + "\n")]
        else:
            return _sql_case(r, i, schema_name, style, headers, rows, labels, allowed)
    nb = notebook(markdown(f"## {schema_name.replace('_', ' ')} extract"), code(src, *outputs))
    return Case(f"{schema_name}-{style}-{i}", f"table:{style}", nb, labels, allowed)


def _sql_case(
    r: random.Random,
    i: int,
    schema_name: str,
    style: str,
    headers: list[str],
    rows: list[list[str]],
    labels: list[tuple[str, str]],
    allowed: list[str],
) -> Case:
    from prettytable import PrettyTable

    quoted = ", ".join(f'"{h}"' if not h.isidentifier() else h for h in headers)
    query = f"SELECT {quoted} FROM {schema_name} LIMIT {len(rows)}"
    if style == "dbapi":
        src = f"cur.execute('''{query}''')\ncur.fetchall()"
        tuples = [tuple(row) for row in rows]
        nb = notebook(code(src, text_result(repr(tuples))))
        return Case(f"{schema_name}-{style}-{i}", f"table:{style}", nb, labels, allowed)
    t = PrettyTable(headers)
    for row in rows:
        t.add_row(row)
    done = f" * postgresql://analyst@warehouse/ehr\n{len(rows)} rows affected.\n"
    if style == "sql_prettytable":
        out = stream(done)
        res = text_result(t.get_string())
    else:
        out = stream(done)
        res = result({"text/plain": t.get_string(), "text/html": t.get_html_string()})
    nb = notebook(code(f"%%sql\n{query}", out, res))
    return Case(f"{schema_name}-{style}-{i}", f"table:{style}", nb, labels, allowed)


def cases(r: random.Random, n: int) -> list[Case]:
    """``n`` extracts, cycling through schemas and print styles."""
    names = list(SCHEMAS)
    out = []
    for i in range(n):
        out.append(frame_case(r, i, names[i % len(names)], STYLES[(i * 7 + i // 13) % len(STYLES)]))
    return out
