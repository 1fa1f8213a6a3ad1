"""FHIR resources (Patient, Practitioner, RelatedPerson, Coverage, Encounter, Bundle).

``fhir.resources`` ships no example resources, so each resource is built with its
model classes (validated by them) in the shapes Synthea's FHIR exporter and the US
Core profiles use (identifier systems for MRN, SSN, driver's licence, passport,
MBI and NPI; telecom; address), then serialised the ways notebooks print them.
The labels are read back from the validated models' fields.
"""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

from . import fake
from .cases import Case, code, notebook, result, stream, text_result

SYSTEMS = {
    "MRN": "http://hospital.smarthealthit.org",
    "SSN": "http://hl7.org/fhir/sid/us-ssn",
    "LICENSE": "urn:oid:2.16.840.1.113883.4.3.25",
    "PASSPORT": "http://standardhealthrecord.org/fhir/StructureDefinition/passportNumber",
    "MBI": "http://hl7.org/fhir/sid/us-mbi",
    "NPI": "http://hl7.org/fhir/sid/us-npi",
    "MEMBER": "https://bcbsma.com/fhir/member-id",
}
_V2 = "http://terminology.hl7.org/CodeSystem/v2-0203"
_TYPE_CODES = {"MRN": "MR", "SSN": "SS", "LICENSE": "DL", "PASSPORT": "PPN", "MBI": "MC"}
_LABEL_OF_SYSTEM = {
    SYSTEMS["MRN"]: "MRN",
    SYSTEMS["SSN"]: "SSN",
    SYSTEMS["LICENSE"]: "LICENSE",
    SYSTEMS["PASSPORT"]: "LICENSE",
    SYSTEMS["MBI"]: "MBI",
    SYSTEMS["NPI"]: "NPI",
    SYSTEMS["MEMBER"]: "HEALTH_PLAN_ID",
}


def _ident(kind: str, value: str, typed: bool) -> dict[str, Any]:
    ident: dict[str, Any] = {"system": SYSTEMS[kind], "value": value}
    if typed and kind in _TYPE_CODES:
        code_ = _TYPE_CODES[kind]
        ident["type"] = {"coding": [{"system": _V2, "code": code_}], "text": code_}
    return ident


def _name(p: fake.Person) -> dict[str, Any]:
    name: dict[str, Any] = {"use": "official", "family": p.last, "given": [p.first]}
    if p.middle:
        name["given"].append(p.middle)
    if p.prefix:
        name["prefix"] = [p.prefix]
    return name


def _address(a: fake.Address) -> dict[str, Any]:
    return {
        "line": [a.street],
        "city": a.city,
        "state": a.state,
        "postalCode": a.zip,
        "country": "US",
    }


def _telecom(r: random.Random, p: fake.Person) -> list[dict[str, Any]]:
    out = [{"system": "phone", "value": fake.phone(r), "use": r.choice(["home", "mobile"])}]
    if r.random() < 0.5:
        out.append({"system": "email", "value": fake.email(r, p)})
    return out


def patient(r: random.Random) -> dict[str, Any]:
    p, a = fake.person(r, synthea=r.random() < 0.3), fake.address(r)
    typed = r.random() < 0.7
    idents = [_ident("MRN", fake.mrn(r), typed)]
    for kind, make in (
        ("SSN", fake.ssn),
        ("LICENSE", fake.license_number),
        ("PASSPORT", fake.passport),
        ("MBI", fake.mbi),
    ):
        if r.random() < 0.5:
            idents.append(_ident(kind, make(r), typed))
    res: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(uuid.UUID(int=r.getrandbits(128))),
        "identifier": idents,
        "name": [_name(p)],
        "telecom": _telecom(r, p),
        "gender": "male" if p.sex == "M" else "female",
        "birthDate": fake.day(r).fmt("iso"),
        "address": [_address(a)],
    }
    if r.random() < 0.4:
        kin = fake.person(r)
        res["contact"] = [
            {
                "relationship": [{"text": "Emergency contact"}],
                "name": _name(kin),
                "telecom": [{"system": "phone", "value": fake.phone(r)}],
            }
        ]
    if r.random() < 0.2:
        res["deceasedDateTime"] = f"{fake.day(r, 2015, 2024).fmt('iso')}T08:00:00-05:00"
    return res


def practitioner(r: random.Random) -> dict[str, Any]:
    doc = fake.person(r)
    return {
        "resourceType": "Practitioner",
        "id": str(r.randint(10**5, 10**7)),
        "identifier": [_ident("NPI", fake.npi(r), False)],
        "name": [{"family": doc.last, "given": [doc.first], "prefix": ["Dr."]}],
        "telecom": [{"system": "email", "value": fake.email(r, doc), "use": "work"}],
        "address": [_address(fake.address(r))],
        "gender": "male" if doc.sex == "M" else "female",
    }


def related_person(r: random.Random, patient_id: str) -> dict[str, Any]:
    kin = fake.person(r)
    return {
        "resourceType": "RelatedPerson",
        "id": str(r.randint(10**5, 10**7)),
        "patient": {"reference": f"Patient/{patient_id}"},
        "relationship": [{"coding": [{"system": f"{_V2[:-4]}v3-RoleCode", "code": "WIFE"}]}],
        "name": [_name(kin)],
        "telecom": _telecom(r, kin),
        "address": [_address(fake.address(r))],
        "birthDate": fake.day(r).fmt("iso"),
    }


def coverage(r: random.Random, patient_id: str) -> dict[str, Any]:
    member = fake.health_plan_id(r)
    return {
        "resourceType": "Coverage",
        "id": str(r.randint(10**5, 10**7)),
        "status": "active",
        "kind": "insurance",
        "identifier": [_ident("MEMBER", member, False)],
        "subscriberId": [{"value": member}],
        "beneficiary": {"reference": f"Patient/{patient_id}"},
        "relationship": {"coding": [{"code": "self"}]},
        "period": {"start": fake.day(r, 2018, 2024).fmt("iso")},
    }


def encounter(r: random.Random, patient_id: str) -> dict[str, Any]:
    d = fake.day(r, 2016, 2024)
    return {
        "resourceType": "Encounter",
        "id": str(uuid.UUID(int=r.getrandbits(128))),
        "status": "completed",
        "class": [{"coding": [{"code": "AMB"}]}],
        "subject": {"reference": f"Patient/{patient_id}"},
        "actualPeriod": {
            "start": f"{d.fmt('iso')}T09:{r.randint(10, 59)}:00-05:00",
            "end": f"{d.fmt('iso')}T10:{r.randint(10, 59)}:00-05:00",
        },
    }


def validated(resource: dict[str, Any]) -> Any:
    """The fhir.resources model of ``resource`` (raises if the resource is invalid)."""
    from fhir.resources import get_fhir_model_class

    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def labels_of(model: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """Labels read from a validated model's fields (Bundles: every entry)."""
    labels: list[tuple[str, str]] = []
    allowed: list[str] = []
    kind = model.get_resource_type()
    if kind == "Bundle":
        for entry in model.entry or []:
            sub_l, sub_a = labels_of(entry.resource)
            labels += sub_l
            allowed += sub_a
        return labels, allowed
    for ident in getattr(model, "identifier", None) or []:
        t = _LABEL_OF_SYSTEM.get(str(ident.system))
        if t and ident.value:
            labels.append((t, ident.value))
    names = list(getattr(model, "name", None) or [])
    for contact in getattr(model, "contact", None) or []:
        if getattr(contact, "name", None) is not None:
            names.append(contact.name)
        for tel in contact.telecom or []:
            labels.append(("PHONE", tel.value))
    for name in names:
        if name.family:
            labels.append(("NAME", name.family))
        for given in name.given or []:
            labels.append(("NAME", given))
    for tel in getattr(model, "telecom", None) or []:
        labels.append(("EMAIL" if tel.system == "email" else "PHONE", tel.value))
    for addr in getattr(model, "address", None) or []:
        for line in addr.line or []:
            # a clinic's address is not a person's: findings on it are tolerated
            if kind == "Practitioner":
                allowed.append(line)
            else:
                labels.append(("ADDRESS", line))
        allowed += [addr.city or "", addr.postalCode or ""]
    birth = getattr(model, "birthDate", None)
    if birth is not None:
        labels += [("DOB", birth.isoformat()), ("DOB", repr(birth))]
    deceased = getattr(model, "deceasedDateTime", None)
    if deceased is not None:
        labels += [("DATE", deceased.isoformat()), ("DATE", repr(deceased))]
    if kind == "Coverage":
        labels += [("HEALTH_PLAN_ID", sub.value) for sub in model.subscriberId or []]
    if kind == "Encounter" and model.actualPeriod is not None:
        for moment in (model.actualPeriod.start, model.actualPeriod.end):
            labels += [("DATE", moment.isoformat()), ("DATE", repr(moment))]
    rid = getattr(model, "id", None)
    if rid:
        allowed.append(rid)
    return labels, [a for a in allowed if a]


def bundle(r: random.Random) -> dict[str, Any]:
    pat = patient(r)
    pid = pat["id"]
    resources = [pat, practitioner(r), coverage(r, pid), encounter(r, pid)]
    if r.random() < 0.5:
        resources.append(related_person(r, pid))
    return {
        "resourceType": "Bundle",
        "type": r.choice(["collection", "searchset", "transaction"]),
        "entry": [{"fullUrl": f"urn:uuid:{res['id']}", "resource": res} for res in resources],
    }


STYLES = ("json_indent", "json_compact", "dict_repr", "json_mime", "normalized", "model_repr")


def case(r: random.Random, i: int, style: str) -> Case:
    which = r.choice(["Bundle", "Bundle", "Patient", "Practitioner", "RelatedPerson", "Coverage"])
    if which == "Bundle":
        res = bundle(r)
    elif which == "Patient":
        res = patient(r)
    elif which == "Practitioner":
        res = practitioner(r)
    elif which == "RelatedPerson":
        res = related_person(r, str(uuid.UUID(int=r.getrandbits(128))))
    else:
        res = coverage(r, str(uuid.UUID(int=r.getrandbits(128))))
    model = validated(res)
    labels, allowed = labels_of(model)
    data = json.loads(model.model_dump_json())
    src = f"r = requests.get(f'{{FHIR_BASE}}/{which}', headers=auth)\nres = r.json()\n"
    outputs: list[dict[str, Any]]
    if style == "json_indent":
        src += "print(json.dumps(res, indent=2))"
        outputs = [stream(json.dumps(data, indent=2) + "\n")]
    elif style == "json_compact":
        src += f"model = {which}.model_validate(res)\nprint(model.model_dump_json())"
        outputs = [stream(model.model_dump_json() + "\n")]
    elif style == "dict_repr":
        src += "res"
        outputs = [text_result(repr(data))]
    elif style == "json_mime":
        src += "from IPython.display import JSON\nJSON(res)"
        outputs = [
            result({"application/json": data, "text/plain": "<IPython.core.display.JSON object>"})
        ]
    elif style == "normalized":
        import pandas as pd

        entries = [e["resource"] for e in data["entry"]] if which == "Bundle" else [data]
        flat = pd.json_normalize(entries, sep=".")
        with pd.option_context(
            "display.max_columns", None, "display.width", 120, "display.max_colwidth", None
        ):
            text = repr(flat)
        src += "pd.json_normalize(entries)"
        outputs = [result({"text/plain": text, "text/html": flat.to_html()})]
    else:
        src += f"{which}.model_validate(res)"
        outputs = [text_result(repr(model))]
    nb = notebook(code(src, *outputs))
    return Case(f"fhir-{which}-{style}-{i}", f"fhir:{style}", nb, labels, allowed)


def cases(r: random.Random, n: int) -> list[Case]:
    return [case(r, i, STYLES[i % len(STYLES)]) for i in range(n)]
