"""Records (dict/JSON/repr/dataclass/namedtuple, key=value logs) and clinical notes.

Keys are the names programs give these fields (snake_case, camelCase, the FHIR and
Synthea element names, abbreviations); notes follow the usual clinical phrasing
("Pt ... DOB ... MRN ... seen on ..."), signatures, referral letters, discharge
summaries, and the places a value leaks in code (URLs, error messages).
"""

from __future__ import annotations

import json
import random
import urllib.parse
from collections import namedtuple
from dataclasses import dataclass
from typing import Any

from . import fake
from .cases import Case, code, error, markdown, notebook, result, stream, text_result

#: key spellings per type (what programs call the field)
KEYS: dict[str, list[str]] = {
    "MRN": ["mrn", "patient_id", "medicalRecordNumber", "pat_mrn", "MRN", "chart_no", "mrn_id"],
    "SSN": ["ssn", "social_security_number", "SSN", "socialSecurityNumber", "ss_no"],
    "DOB": ["dob", "birthDate", "date_of_birth", "birth_date", "DOB", "birthdate"],
    "NAME": ["name", "patient_name", "full_name", "patientName", "pt_name"],
    "PHONE": ["phone", "phoneNumber", "mobile", "home_phone", "tel", "contact_phone"],
    "EMAIL": ["email", "emailAddress", "e_mail", "contact_email"],
    "ADDRESS": ["address", "street", "address_line1", "streetAddress", "addr"],
    "NPI": ["npi", "provider_npi", "attending_npi", "prescriberNPI", "rendering_npi"],
    "DEA": ["dea", "dea_number", "prescriber_dea", "deaNumber"],
    "HEALTH_PLAN_ID": ["member_id", "memberId", "subscriber_id", "insurance_id", "policy_number"],
    "MBI": ["mbi", "medicare_id", "medicareBeneficiaryId"],
    "LICENSE": ["drivers_license", "driversLicense", "dl_number", "passport", "license_number"],
    "ACCOUNT": ["account_number", "acct", "accountNumber", "billing_account", "har", "fin"],
    "IP_ADDRESS": ["ip", "client_ip", "remote_addr", "ip_address", "source_ip"],
    "DATE": ["admit_date", "discharge_date", "date_of_service", "admissionDate", "death_date"],
}


def _value(r: random.Random, kind: str, p: fake.Person) -> str:
    if kind == "MRN":
        return fake.mrn(r)
    if kind == "SSN":
        return fake.ssn(r, dashes=r.random() < 0.8)
    if kind == "DOB":
        return fake.date_text(r, styles=("iso", "iso", "us", "hl7"))
    if kind == "NAME":
        return p.full
    if kind == "PHONE":
        return fake.phone(r)
    if kind == "EMAIL":
        return fake.email(r, p)
    if kind == "ADDRESS":
        return fake.address(r).street
    if kind == "NPI":
        return fake.npi(r)
    if kind == "DEA":
        return fake.dea(r)
    if kind == "HEALTH_PLAN_ID":
        return fake.health_plan_id(r)
    if kind == "MBI":
        return fake.mbi(r, dashes=r.random() < 0.2)
    if kind == "LICENSE":
        return fake.license_number(r)
    if kind == "ACCOUNT":
        return fake.account(r)
    if kind == "IP_ADDRESS":
        return fake.ip(r, private=False)
    return fake.date_text(r, 2016, 2024, styles=("iso", "us"))


def record(r: random.Random) -> tuple[dict[str, Any], list[tuple[str, str]], list[str]]:
    """A flat or nested record, its labels and its tolerated values (city, ZIP)."""
    p = fake.person(r)
    kinds = r.sample(list(KEYS), k=r.randint(3, 7))
    rec: dict[str, Any] = {}
    labels: list[tuple[str, str]] = []
    if r.random() < 0.5 and "NAME" not in kinds:
        # given and family names in fields of their own
        rec[r.choice(["first_name", "firstName", "given"])] = p.first
        rec[r.choice(["last_name", "lastName", "family"])] = p.last
        labels += [("NAME", p.first), ("NAME", p.last)]
    for kind in kinds:
        value = _value(r, kind, p)
        rec[r.choice(KEYS[kind])] = value
        labels.append((kind, value))
    rec[r.choice(["age", "n_visits", "los_days"])] = r.randint(1, 90)
    rec[r.choice(["sex", "gender"])] = p.sex
    if r.random() < 0.4:
        ins = fake.health_plan_id(r)
        rec["insurance"] = {"payer": r.choice(["Aetna", "BCBS", "Cigna"]), "member_id": ins}
        labels.append(("HEALTH_PLAN_ID", ins))
    if r.random() < 0.3:
        a = fake.address(r)
        rec["home"] = {"street": a.street, "city": a.city, "state": a.state, "zip": a.zip}
        labels.append(("ADDRESS", a.street))
        return rec, labels, [a.city, a.zip]
    return rec, labels, []


STYLES = ("dict", "json", "dataclass", "namedtuple", "kv_log", "json_log", "yaml", "list")


def record_case(r: random.Random, i: int, style: str) -> Case:
    rec, labels, allowed = record(r)
    flat = {k: v for k, v in rec.items() if not isinstance(v, dict)}
    outputs: list[dict[str, Any]]
    if style == "dict":
        src = "patient = fetch_patient(pid)\npatient"
        outputs = [text_result(repr(rec))]
    elif style == "json":
        src = "print(json.dumps(patient, indent=2))"
        outputs = [stream(json.dumps(rec, indent=r.choice([2, 4])) + "\n")]
    elif style == "dataclass":
        Patient = dataclass(type("Patient", (), {"__annotations__": dict.fromkeys(flat, Any)}))
        src = "Patient(**row)"
        outputs = [text_result(repr(Patient(**flat)))]
    elif style == "namedtuple":
        Row = namedtuple("Row", [k if k.isidentifier() else f"f{n}" for n, k in enumerate(flat)])
        src = "next(df.itertuples(index=False))"
        outputs = [text_result(repr(Row(*flat.values())))]
    elif style == "kv_log":
        stamp = (
            f"2024-0{r.randint(1, 9)}-2{r.randint(0, 8)}T1{r.randint(0, 9)}:0{r.randint(0, 9)}:11"
        )
        parts = " ".join(
            f'{k}="{v}"' if isinstance(v, str) and " " in v else f"{k}={v}" for k, v in flat.items()
        )
        src = "pipeline.run(batch)"
        outputs = [
            stream(f"{stamp} INFO etl.load: upserted {parts}\n", r.choice(["stdout", "stderr"]))
        ]
    elif style == "json_log":
        line = json.dumps({"level": "warning", "event": "validation failed", **flat})
        src = "validate(records)"
        outputs = [stream(line + "\n", "stderr")]
    elif style == "yaml":
        src = "print(yaml.safe_dump(patient))"
        text = "".join(f"{k}: {v}\n" for k, v in flat.items())
        outputs = [stream(text)]
    else:
        others = [record(r) for _ in range(r.randint(1, 3))]
        recs = [rec] + [o[0] for o in others]
        for _, more, also in others:
            labels += more
            allowed += also
        src = "[fetch_patient(pid) for pid in cohort[:4]]"
        outputs = [text_result(repr(recs))]
    nb = notebook(code(src, *outputs))
    return Case(f"record-{style}-{i}", f"record:{style}", nb, labels, allowed)


# ---- clinical notes ---------------------------------------------------------
def note_case(r: random.Random, i: int) -> Case:
    """A note in a markdown cell or an output, in one of several clinical shapes."""
    p, doc = fake.person(r), fake.person(r)
    a = fake.address(r)
    dob_day = fake.day(r)
    dob = dob_day.fmt(r.choice(["us", "us_short", "iso", "words", "abbr"]))
    seen = fake.date_text(r, 2019, 2024, styles=("us", "iso", "words"))
    mrn, phone, email = fake.mrn(r), fake.phone(r), fake.email(r, p)
    npi, ssn = fake.npi(r), fake.ssn(r)
    title = r.choice(["Mr.", "Mrs.", "Ms.", ""]) if p.sex else ""
    who = f"{title} {p.full}".strip()
    signer = f"{doc.first} {doc.last}"
    labels = [("NAME", p.first), ("NAME", p.last), ("DOB", dob), ("MRN", mrn), ("DATE", seen)]
    shape = r.randrange(8)
    if shape == 0:
        text = (
            f"Pt {p.full}, DOB {dob}, MRN {mrn}, seen on {seen} for follow-up of T2DM (E11.9).\n"
            f"A1c 7.9%. Continue metformin 1000 mg BID. RTC 3 months.\n\n"
            f"— Dr. {signer}, MD (NPI {npi})\n"
        )
        labels += [("NAME", doc.first), ("NAME", doc.last), ("NPI", npi)]
    elif shape == 1:
        text = (
            f"## Discharge summary\n\n**Patient:** {who}  \n**Date of birth:** {dob}  \n"
            f"**Medical record #:** {mrn}  \n**Admitted:** {seen}  \n"
            f"**Address:** {a.street}, {a.city}, {a.state} {a.zip}  \n**Phone:** {phone}\n\n"
            "Hospital course: uncomplicated. Discharged home with PT.\n\n"
            f"Electronically signed by: {signer}, MD on {seen}\n"
        )
        labels += [("ADDRESS", a.street), ("PHONE", phone), ("NAME", doc.first), ("NAME", doc.last)]
    elif shape == 2:
        text = (
            f"Dear Dr. {doc.last},\n\nThank you for referring {who} (born {dob_day.fmt('words')}), "
            f"whom I saw in clinic on {seen}. She can be reached at {phone} or {email}.\n"
            f"Her SSN on file is {ssn}.\n\nSincerely,\n{signer}\n"
        )
        labels = [("NAME", p.first), ("NAME", p.last), ("DOB", dob_day.fmt("words")),
                  ("DATE", seen),
                  ("NAME", doc.last), ("PHONE", phone), ("EMAIL", email), ("SSN", ssn),
                  ("NAME", doc.first)]  # fmt: skip
    elif shape == 3:
        text = (
            f"{p.last.upper()}, {p.first.upper()}   MRN: {mrn}   DOB: {dob}   Sex: {p.sex}\n"
            f"Encounter date: {seen}\nChief complaint: chest pain x2 days.\n"
            f"PMH: HTN (I10), HLD (E78.5). Lives at {a.street}, {a.city}.\n"
        )
        labels += [("ADDRESS", a.street)]
    elif shape == 4:
        text = (
            f"Patient name: {p.full}\nBirth date: {dob}\nContact: {phone} / {email}\n"
            f"Insurance member ID: {(hp := fake.health_plan_id(r))}\nAttending: Dr. {signer} "
            f"(NPI: {npi})\nDate of service: {seen}\n"
        )
        labels += [("PHONE", phone), ("EMAIL", email), ("HEALTH_PLAN_ID", hp), ("NPI", npi),
                   ("NAME", doc.first), ("NAME", doc.last)]  # fmt: skip
    elif shape == 6:
        # MIMIC-III NOTEEVENTS: names replaced by placeholders, dates shifted and bracketed
        adm, dis = fake.day(r, 2110, 2190), fake.day(r, 2110, 2190)
        born = fake.day(r, 2040, 2100)
        adm_s, dis_s = f"{adm.y}-{adm.m}-{adm.d}", f"{dis.y}-{dis.m}-{dis.d}"
        born_s = f"{born.y}-{born.m}-{born.d}"
        text = (
            f"Admission Date:  [**{adm_s}**]              Discharge Date:   [**{dis_s}**]\n\n"
            f"Date of Birth:  [**{born_s}**]             Sex:   {p.sex}\n\n"
            "Service: MEDICINE\n\nAllergies:\nPenicillins\n\n"
            "History of Present Illness:\n"
            f"{r.randint(40, 88)} yo {p.sex} with CHF, admitted with dyspnea.\n"
        )
        labels = [("DATE", adm_s), ("DATE", dis_s), ("DOB", born_s)]
    elif shape == 7:
        last = fake.date_text(r, 2019, 2024, styles=("us", "us_short", "iso", "words"))
        drawn = fake.date_text(r, 2019, 2024, styles=("us", "iso"))
        nxt = fake.day(r, 2019, 2024)
        nxt_s = nxt.fmt(r.choice(["us", "words"]))
        text = (
            f"Progress note\n\nS: {r.randint(30, 88)} y.o. {p.sex} with CHF, last seen "
            f"{last}. Reports less dyspnea since starting furosemide.\n"
            f"O: BP 132/84, HR 72. Labs drawn {drawn}: Cr 1.2, K 4.1.\n"
            f"A/P: HFrEF, stable. Continue furosemide 40 mg daily. Follow up on {nxt_s}.\n"
            f"MRN {mrn}\n"
        )
        labels = [("DATE", last), ("DATE", drawn), ("DATE", nxt_s), ("MRN", mrn)]
    else:
        text = (
            f"{seen}: {p.first} {p.last} ({p.sex}, DOB {dob}) presented to the ED. MRN {mrn}. "
            f"Emergency contact {(kin := fake.person(r)).full}, {phone}.\n"
        )
        labels += [("NAME", kin.first), ("NAME", kin.last), ("PHONE", phone)]
    where = r.randrange(3)
    if where == 0:
        nb = notebook(markdown(text))
    elif where == 1:
        nb = notebook(code("print(notes.loc[idx, 'note_text'])", stream(text)))
    else:
        nb = notebook(code("notes.loc[idx, 'note_text']", text_result(repr(text))))
    allowed = [a.city, a.zip, "E11.9", "I10", "E78.5"]
    fmt = f"note:{['markdown', 'print', 'repr'][where]}"
    return Case(f"note-{shape}-{where}-{i}", fmt, nb, labels, allowed)


def leak_case(r: random.Random, i: int) -> Case:
    """Values that leak through code: URLs, error messages, f-strings."""
    p = fake.person(r)
    email, mrn, ssn, phone = fake.email(r, p), fake.mrn(r), fake.ssn(r), fake.phone(r)
    encoded = urllib.parse.quote(email, safe="")
    url = f"https://portal.example-health.org/api/v2/patients?email={encoded}&mrn={mrn}"
    tb = [
        "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
        "\x1b[0;31mHTTPError\x1b[0m" + " " * 33 + "Traceback (most recent call last)",
        f"\x1b[0;31mHTTPError\x1b[0m: 404 Client Error: Not Found for url: {url}",
    ]
    nb = notebook(
        code(
            f"resp = session.get(BASE + '/patients',\n"
            f"                   params={{'email': '{email}', 'mrn': '{mrn}'}})\n"
            "resp.raise_for_status()",
            error("HTTPError", f"404 Client Error: Not Found for url: {url}", tb),
        ),
        code(
            "lookup(ssn)",
            error(
                "KeyError",
                f"'No patient with SSN {ssn}'",
                [f"\x1b[0;31mKeyError\x1b[0m: 'No patient with SSN {ssn}'"],
            ),
        ),
        code(
            f"send_sms(to='{phone}', body=f'Hi {p.first}, your appointment is confirmed')",
            stream(f"SMS queued for {phone}\n"),
        ),
    )
    labels = [("EMAIL", email), ("EMAIL", encoded), ("MRN", mrn), ("SSN", ssn), ("PHONE", phone)]
    return Case(f"leak-{i}", "leak:code", nb, labels)


def cases(r: random.Random, n: int) -> list[Case]:
    out: list[Case] = []
    for i in range(n):
        k = i % 4
        if k in (0, 1):
            out.append(record_case(r, i, STYLES[(i // 4 * 2 + k) % len(STYLES)]))
        elif k == 2:
            out.append(note_case(r, i))
        else:
            out.append(leak_case(r, i) if i % 8 == 3 else note_case(r, i))
    return out


__all__ = ["cases", "result"]
