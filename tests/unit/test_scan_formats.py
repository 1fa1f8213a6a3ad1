"""Format recognisers: HL7 v2, FHIR, DICOM headers and records, read for what they are.

Inputs follow the shapes of public examples: the ADT^A01 message of the HL7 v2
chapter 2/3 examples (as the hl7parser and python-hl7 docs reprint it), FHIR's
published example Patient/Practitioner/Coverage/Encounter resources, and the
DICOM files pydicom ships as test data (read here and printed the ways notebooks
print them). Values are our own fakes, valid in form.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import namedtuple
from dataclasses import dataclass

import pydicom
import pytest
from pydicom.data import get_testdata_file

from jupyterlab_cloudshare.core.scan import scan_text
from jupyterlab_cloudshare.core.scan.formats import format_hits
from jupyterlab_cloudshare.core.scan.kinds import Hit


def found(text: str) -> set[tuple[str, str]]:
    """(type, value) of every hit, after checking each hit's span holds its value."""
    hits = list(format_hits(text))
    for h in hits:
        assert 0 <= h.start < h.end <= len(text), h
        assert h.priority == 3
    return {(h.type, text[h.start : h.end]) for h in hits}


def spans(text: str) -> set[tuple[str, int, int]]:
    return {(h.type, h.start, h.end) for h in format_hits(text)}


def at(text: str, kind: str, value: str, nth: int = 0) -> tuple[str, int, int]:
    """The span ``value`` has in ``text`` (its ``nth`` occurrence)."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(value, pos + 1)
    return kind, pos, pos + len(value)


# --- HL7 v2 -------------------------------------------------------------------------

# The ADT^A01 shape of the HL7 v2.5 examples (MSH, EVN, PID, PV1 with attending,
# consulting and admitting doctors, OBX, AL1, DG1), with our own values.
ADT_A01 = [
    "MSH|^~\\&|MegaReg|XYZHospC|SuperOE|XYZImgCtr|20060529090131-0500||ADT^A01^ADT_A01|01052901|P|2.5",
    "EVN||200605290901||||200605290900",
    "PID|||56782445^^^UAReg^PI~536228726^^^SSA^SS||KLEINSAMPLE^BARRY^Q^JR||19620910|M||"
    "2028-9^^HL70005^RA99113^^XYZ|260 GOODWIN CREST DRIVE^^BIRMINGHAM^AL^35209^^M||"
    "^PRN^PH^^1^205^4372291~^NET^Internet^barry.kleinsample@gmail.com|||||0105I30001^^^99DEF^AN|"
    "536-22-8726|K1234567^AL^20300101",
    "PV1||I|W^389^1^UABH^^^^3||||1234567893^MORGAN^REX^J^^^MD^0010^UAMC^L||"
    "67890^GRAINGER^LUCY^X^^^MD^0010^UAMC^L|MED|||||A0||13579^POTTER^SHERMAN^T^^^MD^0010^UAMC^L"
    "|||||||||||||||||||||||||||200605290900",
    "NK1|1|KLEINSAMPLE^JANE^M|SPO|260 GOODWIN CREST DRIVE^^BIRMINGHAM^AL^35209|(205)437-0144",
    "OBX|1|NM|^Body Height||1.80|m^Meter^ISO+|||||F",
    "AL1|1||^ASPIRIN",
    "DG1|1||I10^ESSENTIAL HYPERTENSION^I10|||A",
]
ADT_EXPECTED = {
    ("MRN", "56782445"),
    ("SSN", "536228726"),
    ("NAME", "KLEINSAMPLE^BARRY^Q"),
    ("DOB", "19620910"),
    ("ADDRESS", "260 GOODWIN CREST DRIVE^^BIRMINGHAM"),
    ("ZIP", "35209"),
    ("PHONE", "205^4372291"),
    ("EMAIL", "barry.kleinsample@gmail.com"),
    ("ACCOUNT", "0105I30001"),
    ("SSN", "536-22-8726"),
    ("LICENSE", "K1234567"),
    ("NPI", "1234567893"),
    ("NAME", "MORGAN^REX^J"),
    ("NAME", "GRAINGER^LUCY^X"),
    ("NAME", "POTTER^SHERMAN^T"),
    ("DATE", "200605290900"),
    ("NAME", "KLEINSAMPLE^JANE^M"),
    ("PHONE", "(205)437-0144"),
    ("ICD10", "I10"),
}


def segment(name: str, fields: dict[int, str]) -> str:
    """A segment with ``fields`` at their HL7 positions (1-based), the rest empty."""
    return "|".join([name] + [fields.get(k, "") for k in range(1, max(fields) + 1)])


def test_hl7_adt_fields_by_position_with_exact_spans():
    text = "\r".join(ADT_A01) + "\r"
    assert found(text) == ADT_EXPECTED
    got = spans(text)
    assert at(text, "NAME", "KLEINSAMPLE^BARRY^Q") in got
    assert at(text, "ADDRESS", "260 GOODWIN CREST DRIVE^^BIRMINGHAM") in got
    assert at(text, "ZIP", "35209") in got
    assert at(text, "SSN", "536-22-8726") in got
    assert at(text, "NPI", "1234567893") in got


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda m: "\n".join(m), id="LF"),
        pytest.param(lambda m: "\r\n".join(m) + "\r\n", id="CRLF"),
        pytest.param(lambda m: "log: received\n" + "\n".join(m) + "\nACK sent\n", id="in-a-log"),
        pytest.param(lambda m: "msg = '''\n" + "\n".join(m) + "\n'''", id="triple-quoted"),
        pytest.param(lambda m: repr("\r".join(m)), id="repr"),
        pytest.param(lambda m: json.dumps({"id": 7, "message": "\r".join(m)}), id="json-string"),
        pytest.param(
            # python-hl7's documentation builds its example message this way
            lambda m: "\n".join(
                f"message {'=' if i == 0 else '+='} {json.dumps(s + chr(13))}"
                for i, s in enumerate(m)
            ),
            id="code-concatenated",
        ),
        pytest.param(
            lambda m: "segments = [\n" + ",\n".join(repr(s) for s in m) + "\n]", id="list"
        ),
    ],
)
def test_hl7_message_in_every_printed_shape(shape):
    text = shape(ADT_A01)
    assert found(text) == ADT_EXPECTED


def test_hl7_custom_encoding_characters_come_from_msh2():
    text = "\r".join(m.replace("^", "$") for m in ADT_A01).replace("MSH|$~", "MSH|$~")
    assert ("NAME", "KLEINSAMPLE$BARRY$Q") in found(text)
    assert ("DOB", "19620910") in found(text)


def test_hl7_guarantor_insurance_and_merge_segments():
    msg = "\r".join(
        [
            ADT_A01[0],
            segment("PID", {1: "1", 3: "MRN00417^^^H^MR", 5: "DOE^ANNA", 7: "19700101"}),
            segment(
                "GT1",
                {
                    1: "1",
                    2: "G88231",
                    3: "DOE^RICHARD^T",
                    5: "17 ELM ROAD^^SALEM^MA^01970",
                    6: "(978)745-2210",
                    8: "19680402",
                    12: "536-22-8726",
                },
            ),
            segment(
                "IN1",
                {
                    1: "1",
                    2: "PLAN01",
                    4: "ACME HEALTH",
                    5: "PO BOX 1^^BOSTON^MA^02101",
                    7: "(800)437-2200",
                    8: "GRP7788",
                    16: "DOE^RICHARD^T",
                    18: "19680402",
                    19: "17 ELM ROAD^^SALEM^MA^01970",
                    36: "1EG4TE5MK73",
                },
            ),
            segment("MRG", {1: "MRN00399^^^H^MR", 7: "DOE^ANNA^L"}),
        ]
    )
    got = found(msg)
    assert {
        ("MRN", "MRN00417"),
        ("ACCOUNT", "G88231"),
        ("NAME", "DOE^RICHARD^T"),
        ("ADDRESS", "17 ELM ROAD^^SALEM"),
        ("ZIP", "01970"),
        ("PHONE", "(978)745-2210"),
        ("DOB", "19680402"),
        ("SSN", "536-22-8726"),
        ("HEALTH_PLAN_ID", "GRP7788"),
        ("MBI", "1EG4TE5MK73"),  # IN1-36 policy number that is a Medicare MBI
        ("MRN", "MRN00399"),
        ("NAME", "DOE^ANNA^L"),
    } <= got
    # the insurer's own address and phone (IN1-5, IN1-7) are not the patient's
    assert not {v for _, v in got} & {"PO BOX 1^^BOSTON", "(800)437-2200"}


def test_hl7_identifier_type_codes_decide_the_type():
    pid = segment(
        "PID",
        {
            3: "K88123^^^ST^DL~X7713428^^^USA^PPN~A8812345^^^H^AN~XJH123456789^^^PLAN^MB"
            "~1093817041^^^CMS^NPI~99999^^^ORG^XX",
            5: "ROE^MAX",
        },
    )
    got = found(ADT_A01[0] + "\r" + pid)
    assert {
        ("LICENSE", "K88123"),
        ("LICENSE", "X7713428"),
        ("ACCOUNT", "A8812345"),
        ("HEALTH_PLAN_ID", "XJH123456789"),
        ("NPI", "1093817041"),
        ("NAME", "ROE^MAX"),
    } == got  # an organisation's id (XX) is nobody's


def test_hl7_lab_results_without_a_patient_are_not_findings():
    # ORU shape: order and results only; a provider's name without a patient is not PHI
    text = "\r".join(
        [
            "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240301120000||ORU^R01|MSG0001|P|2.5.1",
            segment("ORC", {1: "RE", 2: "ORD448", 12: "^WELBY^MARCUS"}),
            segment("OBR", {1: "1", 2: "ORD448", 4: "24331-1^LIPID PANEL^LN", 7: "20240301083000"}),
            "OBX|1|NM|2093-3^Cholesterol^LN||196|mg/dL|<200|N|||F",
            "OBX|2|NM|2571-8^Triglyceride^LN||141|mg/dL|<150|N|||F",
        ]
    )
    assert found(text) == set()


# --- HL7 v2 as the libraries print it --------------------------------------------------

# A message that names a patient in PID, next of kin, visit and insurance segments.
MESSAGE = "\r".join(
    [
        "MSH|^~\\&|MegaReg|XYZHospC|SuperOE|XYZImgCtr|20060529090131-0500||ADT^A01^ADT_A01"
        "|01052901|P|2.5",
        "PID|1||56782445^^^UAReg^PI~K1234567^^^AL^DL||KLEINSAMPLE^BARRY^Q^JR||19620910|M|||"
        "260 GOODWIN CREST DRIVE^^BIRMINGHAM^AL^35209^^M||(205)437-2291^PRN^PH|||||"
        "0105I30001^^^99DEF^AN|536-22-8726",
        "NK1|1|KLEINSAMPLE^JANE^M|SPO|260 GOODWIN CREST DRIVE^^BIRMINGHAM^AL^35209|(205)437-0144",
        "PV1|1|I|W^389^1^UABH||||1234567893^MORGAN^REX^J^^^MD|||MED",
        segment(
            "IN1", {1: "1", 2: "PLAN01", 4: "ACME HEALTH", 8: "GRP7788", 16: "KLEINSAMPLE^BARRY^Q"}
        ),
    ]
)
#: What each of its readings finds, as (type, value).
MESSAGE_VALUES = {
    ("MRN", "56782445"),
    ("LICENSE", "K1234567"),
    ("DOB", "19620910"),
    ("ZIP", "35209"),
    ("PHONE", "(205)437-2291"),
    ("ACCOUNT", "0105I30001"),
    ("SSN", "536-22-8726"),
    ("PHONE", "(205)437-0144"),
    ("NPI", "1234567893"),
    ("HEALTH_PLAN_ID", "GRP7788"),
}
#: A message about no patient: an application acknowledgement.
ACK = "\r".join(
    [
        "MSH|^~\\&|SuperOE|XYZImgCtr|MegaReg|XYZHospC|20060529090131-0500||ACK^A01|MSG0002|P|2.5",
        "MSA|AA|01052901",
    ]
)


def test_hl7_lone_segments_printed_by_python_hl7():
    import hl7

    h = hl7.parse(MESSAGE)
    text = "\n".join(str(h.segment(s)) for s in ("PID", "NK1", "PV1", "IN1")) + "\n"
    assert "MSH|" not in text
    got = found(text)
    assert got >= MESSAGE_VALUES
    assert {("NAME", "KLEINSAMPLE^BARRY^Q"), ("NAME", "KLEINSAMPLE^JANE^M")} <= got
    assert at(text, "NAME", "KLEINSAMPLE^BARRY^Q") in spans(text)
    assert at(text, "ADDRESS", "260 GOODWIN CREST DRIVE^^BIRMINGHAM") in spans(text)
    # one segment as a Python literal, the segments of a list
    pid = str(h.segment("PID"))
    assert at(repr(pid), "SSN", "536-22-8726") in spans(repr(pid))
    listed = repr([str(s) for s in h])
    assert found(listed) >= MESSAGE_VALUES


def test_hl7_lone_segments_without_a_patient_or_of_other_kinds():
    # a visit alone: the attending's NPI is a number of the practice, the name not the
    # patient's; acknowledgement and order segments name no one
    assert found("PV1|1|I|W^389^1^UABH||||1234567893^MORGAN^REX^J^^^MD|||MED\n") == {
        ("NPI", "1234567893")
    }
    assert found("MSA|AA|01052901\nOBX|1|NM|2093-3^Cholesterol^LN||196|mg/dL\n") == set()
    # a shell's process table and a Markdown table are not segments
    assert found("PID|PPID|CMD\n4417|1|python\n| PID | name |\n|---|---|\n| 7 | x |") == set()


def test_hl7_parsed_message_repr_read_by_its_nesting():
    import hl7

    text = repr(hl7.parse(MESSAGE))
    assert text.startswith("[[['MSH']")
    got = found(text)
    assert got >= MESSAGE_VALUES
    assert {("NAME", p) for p in ("KLEINSAMPLE", "BARRY", "JANE", "MORGAN", "REX")} <= got
    assert {("ADDRESS", "260 GOODWIN CREST DRIVE"), ("ADDRESS", "BIRMINGHAM")} <= got
    assert at(text, "DOB", "19620910") in spans(text)
    assert at(text, "NAME", "KLEINSAMPLE") in spans(text)
    # an initial alone is no one's name
    assert ("NAME", "Q") not in got and ("NAME", "M") not in got
    assert found(repr(hl7.parse(ACK))) == set()


def test_hl7_fields_enumerated_from_field_zero():
    import hl7

    h = hl7.parse(MESSAGE)
    text = "".join(f"{i} {f}\n" for i, f in enumerate(h.segment("PID")))
    assert text.startswith("0 PID\n")
    assert found(text) == {
        ("MRN", "56782445"),
        ("LICENSE", "K1234567"),
        ("NAME", "KLEINSAMPLE^BARRY^Q"),
        ("DOB", "19620910"),
        ("ADDRESS", "260 GOODWIN CREST DRIVE^^BIRMINGHAM"),
        ("ZIP", "35209"),
        ("PHONE", "(205)437-2291"),
        ("ACCOUNT", "0105I30001"),
        ("SSN", "536-22-8726"),
    }
    assert at(text, "SSN", "536-22-8726") in spans(text)
    # without field 0 the segment is unknown; an OBX is no one's
    assert found(text.split("\n", 1)[1]) == set()
    obx = "".join(f"{i} {f}\n" for i, f in enumerate(hl7.parse(ADT_A01_OBX).segment("OBX")))
    assert found(obx) == set()


ADT_A01_OBX = "MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5\rOBX|1|NM|2093-3^Chol^LN||196|mg/dL"


def _hl7apy_lines(message: str) -> str:
    from hl7apy.parser import parse_message

    m = parse_message(message, find_groups=False)
    return "\n".join(f"{c.long_name}: {c.to_er7()}" for s in m.children for c in s.children)


def test_hl7apy_long_names_with_er7_values():
    text = _hl7apy_lines(MESSAGE)
    assert "PATIENT_NAME: KLEINSAMPLE^BARRY^Q^JR" in text
    got = found(text)
    assert got >= MESSAGE_VALUES
    assert {
        ("NAME", "KLEINSAMPLE^BARRY^Q"),
        ("NAME", "KLEINSAMPLE^JANE^M"),  # NK1's NAME, known by SET_ID_NK1 before it
        ("NAME", "MORGAN^REX^J"),
        ("ADDRESS", "260 GOODWIN CREST DRIVE^^BIRMINGHAM"),
    } <= got
    assert at(text, "PHONE", "(205)437-0144") in spans(text)
    # an older version's names (hl7apy reads a 2.3 message with the 2.3 tables)
    old = _hl7apy_lines(MESSAGE.replace("|P|2.5", "|P|2.3", 1))
    assert "PATIENT_ID_INTERNAL_ID: 56782445" in old
    assert ("MRN", "56782445") in found(old)
    assert found(_hl7apy_lines(ACK)) == set()
    # ORC-12 and OBR-16 are both ORDERING_PROVIDER: read alike wherever it is
    oru = "\r".join(
        [
            "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240301120000||ORU^R01|MSG0001|P|2.5.1",
            segment("ORC", {1: "RE", 2: "ORD448", 12: "1234567893^WELBY^MARCUS^^^^MD"}),
        ]
    )
    assert found(_hl7apy_lines(oru)) == {("NPI", "1234567893")}  # the name: no patient
    # a generic name alone, outside a run of hl7apy lines, is not a next of kin's
    assert found("NAME: Random Forest\nADDRESS: 10.0.0.1\n") == set()


@pytest.mark.parametrize("version", ["2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8"])
def test_hl7apy_long_names_are_hl7apys_own(version):
    from hl7apy import load_reference

    from jupyterlab_cloudshare.core.scan.formats.hl7 import _FIELDS, _LONG_NAMES

    assert set(_LONG_NAMES) <= set(_FIELDS) and set(_FIELDS) - set(_LONG_NAMES) == set()
    for seg, names in _LONG_NAMES.items():
        table = {
            int(f[0].split("_")[1]): f[1][3] for f in load_reference(seg, "Segment", version)[1]
        }
        for number, spellings in names.items():
            assert number in _FIELDS[seg]
            if number in table and table[number] not in ("PATIENT_IDENTIFIER_LIST",):
                assert table[number] in spellings, (version, seg, number, table[number])


# --- FHIR ---------------------------------------------------------------------------

# The shape of FHIR R4's example Patient (patient-example.json), with our own values.
PATIENT = {
    "resourceType": "Patient",
    "id": "example",
    "identifier": [
        {
            "use": "usual",
            "type": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}
                ]
            },
            "system": "urn:oid:1.2.36.146.595.217.0.1",
            "value": "12345678",
        },
        {"system": "http://hl7.org/fhir/sid/us-ssn", "value": "536-22-8726"},
        {
            "type": {"coding": [{"code": "DL"}], "text": "Driver's License"},
            "system": "urn:oid:2.16.840.1.113883.4.3.25",
            "value": "S99941126",
        },
        {"system": "http://hl7.org/fhir/sid/passport-USA", "value": "X77134289"},
        {"system": "http://hl7.org/fhir/sid/us-mbi", "value": "1EG4-TE5-MK73"},
    ],
    "active": True,
    "name": [{"use": "official", "family": "Chalmers", "given": ["Peter", "James"]}],
    "telecom": [
        {"system": "phone", "value": "(617) 437-2291", "use": "home"},
        {"system": "email", "value": "peter.chalmers@gmail.com"},
    ],
    "gender": "male",
    "birthDate": "1974-12-25",
    "deceasedDateTime": "2015-02-14T13:42:00+10:00",
    "address": [
        {
            "use": "home",
            "line": ["534 Erewhon St"],
            "city": "PleasantVille",
            "state": "MA",
            "postalCode": "02139",
        }
    ],
}
PATIENT_EXPECTED = {
    ("MRN", "12345678"),
    ("SSN", "536-22-8726"),
    ("LICENSE", "S99941126"),
    ("LICENSE", "X77134289"),
    ("MBI", "1EG4-TE5-MK73"),
    ("NAME", "Chalmers"),
    ("NAME", "Peter"),
    ("NAME", "James"),
    ("PHONE", "(617) 437-2291"),
    ("EMAIL", "peter.chalmers@gmail.com"),
    ("DOB", "1974-12-25"),
    ("DATE", "2015-02-14T13:42:00+10:00"),
    ("ADDRESS", "534 Erewhon St"),
    ("ADDRESS", "PleasantVille"),
    ("ZIP", "02139"),
}


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda r: json.dumps(r, indent=2), id="pretty"),
        pytest.param(json.dumps, id="compact"),
        pytest.param(lambda r: json.dumps(r, indent=1, sort_keys=True), id="sorted-keys"),
        pytest.param(repr, id="python-repr"),
        pytest.param(
            lambda r: json.dumps(
                {
                    "resourceType": "Bundle",
                    "type": "collection",
                    "entry": [{"fullUrl": "urn:uuid:1", "resource": r}],
                },
                indent=2,
            ),
            id="bundle",
        ),
    ],
)
def test_fhir_patient_in_every_printed_shape(shape):
    text = shape(PATIENT)
    assert found(text) == PATIENT_EXPECTED
    assert at(text, "DOB", "1974-12-25") in spans(text)


def test_fhir_output_cut_short_keeps_what_was_printed():
    text = json.dumps(PATIENT, indent=2)
    cut = text[: text.index('"telecom"')]
    assert found(cut) == {
        (k, v) for k, v in PATIENT_EXPECTED if k in ("MRN", "SSN", "LICENSE", "MBI", "NAME")
    }


def test_fhir_practitioner_name_counts_only_beside_a_patient():
    practitioner = {
        "resourceType": "Practitioner",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1093817041"}],
        "name": [{"family": "Careful", "given": ["Adam"], "prefix": ["Dr"]}],
    }
    alone = json.dumps(practitioner, indent=2)
    assert found(alone) == {("NPI", "1093817041")}
    bundle = json.dumps(
        {"resourceType": "Bundle", "entry": [{"resource": PATIENT}, {"resource": practitioner}]}
    )
    assert {("NAME", "Careful"), ("NAME", "Adam"), ("NPI", "1093817041")} <= found(bundle)


def test_fhir_coverage_and_encounter():
    coverage = {
        "resourceType": "Coverage",
        "status": "active",
        "subscriberId": "AB9876543210",
        "beneficiary": {"reference": "Patient/4"},
        "class": [
            {"type": {"coding": [{"code": "group"}]}, "value": "CB135"},
            {"type": {"coding": [{"code": "plan"}]}, "value": "B37FC"},
        ],
    }
    assert found(json.dumps(coverage)) == {
        ("HEALTH_PLAN_ID", "AB9876543210"),
        ("HEALTH_PLAN_ID", "CB135"),
    }
    encounter = {
        "resourceType": "Encounter",
        "status": "finished",
        "subject": {"reference": "Patient/example"},
        "period": {"start": "2015-01-17T16:00:00+10:00", "end": "2015-01-17T16:30:00+10:00"},
    }
    assert found(json.dumps(encounter)) == {
        ("DATE", "2015-01-17T16:00:00+10:00"),
        ("DATE", "2015-01-17T16:30:00+10:00"),
    }
    without_subject = dict(encounter)
    del without_subject["subject"]
    assert found(json.dumps(without_subject)) == set()


def test_fhir_resources_without_a_person_are_not_findings():
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "15074-8"}]},
        "effectiveDateTime": "2013-04-02T09:30:10+01:00",
        "valueQuantity": {"value": 6.3, "unit": "mmol/l"},
    }
    code_system = {
        "resourceType": "CodeSystem",
        "url": "http://hl7.org/fhir/CodeSystem/example",
        "name": "ACMECholCodesBlood",
        "publisher": "Acme Co",
        "date": "2016-01-28",
        "concept": [{"code": "chol-mmol", "display": "SChol (mmol/L)"}],
    }
    for resource in (observation, code_system):
        assert found(json.dumps(resource, indent=2)) == set()


# --- FHIR as fhir.resources and pandas print it -----------------------------------------

#: A Coverage whose member id (R5: a list of Identifiers) is the patient's.
COVERAGE = {
    "resourceType": "Coverage",
    "id": "cov1",
    "status": "active",
    "kind": "insurance",
    "subscriberId": [{"value": "HFY503739790"}],
    "beneficiary": {"reference": "Patient/example"},
}


def _model(resource: dict[str, object]) -> object:
    from fhir.resources import get_fhir_model_class

    return get_fhir_model_class(str(resource["resourceType"])).model_validate(resource)


def test_fhir_models_repr_read_as_their_json():
    text = repr(_model(PATIENT))
    assert text.startswith("Patient(fhir_comments=None")
    dob = "datetime.date(1974, 12, 25)"
    death = text[text.index("deceasedDateTime=") + 17 : text.index(", deceasedDateTime__ext")]
    expected = PATIENT_EXPECTED - {("DOB", "1974-12-25"), ("DATE", "2015-02-14T13:42:00+10:00")}
    assert found(text) == expected | {("DOB", dob), ("DATE", death)}
    assert at(text, "DOB", dob) in spans(text)
    assert at(text, "NAME", "Chalmers") in spans(text)
    bundle = _model(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": PATIENT}, {"resource": COVERAGE}],
        }
    )
    got = found(repr(bundle))
    assert ("HEALTH_PLAN_ID", "HFY503739790") in got
    assert ("SSN", "536-22-8726") in got


def test_fhir_models_without_a_person_are_not_findings():
    organization = {
        "resourceType": "Organization",
        "id": "org1",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1093817041"}],
        "name": "Burgers University Medical Center",
        "contact": [
            {
                "telecom": [{"system": "phone", "value": "(617) 437-2200"}],
                "address": {"line": ["Galapagosweg 91"], "city": "Den Burg"},
            }
        ],
    }
    medication = {
        "resourceType": "Medication",
        "id": "med0301",
        "code": {
            "coding": [
                {
                    "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                    "code": "1594660",
                    "display": "Alemtuzumab 10 MG/ML",
                }
            ]
        },
    }
    for resource in (organization, medication):
        assert found(repr(_model(resource))) == set()


def _frame(resources: list[dict[str, object]]) -> tuple[str, str]:
    import pandas as pd

    flat = pd.json_normalize(resources, sep=".")
    with pd.option_context(
        "display.max_columns", None, "display.width", 120, "display.max_colwidth", None
    ):
        return repr(flat), flat.to_html()


def test_fhir_flattened_by_json_normalize():
    practitioner = {
        "resourceType": "Practitioner",
        "id": "pr1",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1093817041"}],
        "name": [{"family": "Careful", "given": ["Adam"], "prefix": ["Dr"]}],
    }
    for text in _frame([PATIENT, practitioner, COVERAGE]):
        got = found(text)
        assert {
            ("MRN", "12345678"),
            ("SSN", "536-22-8726"),
            ("MBI", "1EG4-TE5-MK73"),
            ("NAME", "Chalmers"),
            ("NAME", "Peter"),
            ("PHONE", "(617) 437-2291"),
            ("EMAIL", "peter.chalmers@gmail.com"),
            ("ADDRESS", "534 Erewhon St"),
            ("ZIP", "02139"),
            ("NPI", "1093817041"),
            ("NAME", "Careful"),
            # the Coverage row's untyped identifier is its member id, not a record number
            ("HEALTH_PLAN_ID", "HFY503739790"),
        } <= got
        assert ("MRN", "HFY503739790") not in got
        assert at(text, "NAME", "Chalmers") in spans(text)


def test_fhir_flattened_encounter_periods_contacts_and_html_rows():
    patient = dict(PATIENT)
    patient["contact"] = [
        {
            "relationship": [{"coding": [{"code": "C"}], "text": "Emergency contact"}],
            "name": {"use": "official", "family": "Brown", "given": ["Jeremy"]},
            "telecom": [{"system": "phone", "value": "(617) 555-0142"}],
        }
    ]
    coverage = dict(COVERAGE, id="3381353", period={"start": "2023-08-09"})
    encounter = {
        "resourceType": "Encounter",
        "id": "e1",
        "status": "finished",
        "subject": {"reference": "Patient/example"},
        "period": {"start": "2024-03-25T09:15:00-05:00", "end": "2024-03-25T10:26:00-05:00"},
    }
    for text in _frame([patient, coverage, encounter]):
        got = found(text)
        assert {
            ("DATE", "2024-03-25T09:15:00-05:00"),
            ("DATE", "2024-03-25T10:26:00-05:00"),
            ("NAME", "Brown"),
            ("NAME", "Jeremy"),
            ("HEALTH_PLAN_ID", "HFY503739790"),  # the Coverage row, found by its type cell
        } <= got, text
        # the coverage period is the plan's, its numeric id no row index
        assert ("DATE", "2023-08-09") not in got and ("MRN", "HFY503739790") not in got
    # an encounter without a patient in the frame: a schedule
    lone = dict(encounter, subject={"display": "room 4"})
    for text in _frame([lone]):
        assert found(text) == set()


def test_yaml_records_a_block_is_one_record():
    text = (
        "firstName: Sibylle\nlastName: Kohl\nrendering_npi: 1279082113\n"
        "prescriber_dea: AB1234563\nmemberId: J8867739932\nage: 51\n\n"
        "name: my-project\nfirst_name: Carl\nversion: 2.1.3\ndate: 2021-01-01\n"
    )
    got = found(text)
    assert {
        ("NAME", "Sibylle"),
        ("NAME", "Kohl"),
        ("NPI", "1279082113"),
        ("DEA", "AB1234563"),
    } <= got
    # the second block holds no identifier: its first name and date are not a person's
    assert ("NAME", "Carl") not in got and ("DATE", "2021-01-01") not in got


def test_fhir_flattened_without_a_person_is_not_a_finding():
    organization = {
        "resourceType": "Organization",
        "identifier": [{"system": "urn:oid:2.16.528.1", "value": "91654"}],
        "contact": [
            {
                "telecom": [{"system": "phone", "value": "022-655 2300"}],
                "address": {"line": ["Galapagosweg 91"], "city": "Den Burg"},
            }
        ],
    }
    for text in _frame([organization]):
        assert found(text) == set()
    # an Organization's row beside a Patient's
    for text in _frame([PATIENT, organization]):
        got = found(text)
        assert ("SSN", "536-22-8726") in got
        assert not {v for _, v in got} & {"022-655 2300", "Galapagosweg 91", "91654"}
    # lists of dicts in a frame that is not FHIR
    import pandas as pd

    df = pd.DataFrame({"model": ["rf"], "params": [[{"name": "depth", "value": "12"}]]})
    assert found(repr(df)) == set()


# --- DICOM --------------------------------------------------------------------------


def dataset(name: str) -> pydicom.Dataset:
    return pydicom.dcmread(get_testdata_file(name), stop_before_pixels=True)


CT_PATIENT = {
    ("NAME", "CompressedSamples^CT1"),
    ("MRN", "1CT1"),
    ("MRN", "ABCD1234"),  # in the Other Patient IDs Sequence
    ("MRN", "1234ABCD"),
}


def test_pydicom_print_of_a_bundled_file():
    text = str(dataset("CT_small.dcm"))
    got = found(text)
    assert got >= CT_PATIENT
    assert ("DATE", "20040119") in got  # Study Date, beside a patient
    line = next(ln for ln in text.splitlines() if ln.startswith("(0010,0010)"))
    assert at(text, "NAME", "CompressedSamples^CT1") in spans(text)
    assert line.endswith("'CompressedSamples^CT1'")


def test_pydicom_2_tag_format_and_element_repr():
    text = re.sub(r"\((\w{4}),(\w{4})\)", r"(\1, \2)", str(dataset("CT_small.dcm")))
    assert found(text) >= CT_PATIENT
    ds = dataset("rtplan.dcm")
    assert found(repr(ds["PatientName"]) + "\n" + repr(ds["PatientID"])) == {
        ("NAME", "Last^First^mid^pre"),
        ("MRN", "id00001"),
    }


def test_dcmdump_keyword_and_json_shapes():
    ds = dataset("examples_overlay.dcm")
    dcmdump = "\n".join(
        f"({e.tag.group:04X},{e.tag.element:04X}) {e.VR} [{e.value}]  # {len(str(e.value))}, "
        f"{e.VM} {e.keyword}"
        for e in ds
        if e.VR not in ("SQ", "OB", "OW", "UN")
    )
    keywords = "\n".join(f"{e.keyword} = {e.value!r}" for e in ds if e.VR != "SQ")
    expected = {
        ("MRN", "021234567"),
        ("ADDRESS", "Nr. 309^^3610^^Weißenkirchen In Der Wachau^A"),
    }
    as_json = {(k, json.dumps(v)[1:-1]) for k, v in expected}  # ``ß`` as ``\u00df``
    for text in (str(ds), dcmdump, keywords, ds.to_json()):
        got = found(text)
        assert (as_json if text.startswith("{") else expected) <= got, text[:200]
        # its masked name and placeholder birth date are not findings
        assert not {v for _, v in got} & {"Sssssss^Jsssss", "11111111", "meduser"}


def test_dicom_deidentified_file_yields_nothing():
    ds = dataset("693_J2KI.dcm")  # Patient Identity Removed: YES
    assert ds.PatientIdentityRemoved == "YES"
    for text in (str(ds), ds.to_json()):
        assert found(text) == set()


def test_dicom_physicians_without_a_patient_are_not_findings():
    text = (
        "(0008,0090) Referring Physician's Name          PN: 'Welby^Marcus'\n"
        "(0008,0020) Study Date                          DA: '20040119'\n"
    )
    assert found(text) == set()
    with_patient = text + "(0010,0020) Patient ID                          LO: 'H7781234'\n"
    assert found(with_patient) == {
        ("NAME", "Welby^Marcus"),
        ("DATE", "20040119"),
        ("MRN", "H7781234"),
    }


# --- records ------------------------------------------------------------------------


@dataclass
class Patient:
    name: str
    dob: datetime.date
    mrn: str


Member = namedtuple("Member", "member_id first_name last_name phone")


def test_dict_json_dataclass_and_namedtuple_records():
    rec = {"mrn": "A1234", "ssn": "536-22-8726", "name": "John Smith", "dob": "1962-03-14"}
    for text in (repr(rec), json.dumps(rec), json.dumps({"patient": rec}, indent=2)):
        assert found(text) == {
            ("MRN", "A1234"),
            ("SSN", "536-22-8726"),
            ("NAME", "John Smith"),
            ("DOB", "1962-03-14"),
        }
    text = repr(Patient("John Smith", datetime.date(1962, 3, 14), "A1234"))
    assert found(text) == {
        ("NAME", "John Smith"),
        ("DOB", "datetime.date(1962, 3, 14)"),
        ("MRN", "A1234"),
    }
    text = repr(Member("XJH123456789", "Mary", "Major", "(617) 437-2291"))
    assert found(text) == {
        ("HEALTH_PLAN_ID", "XJH123456789"),
        ("NAME", "Mary"),
        ("NAME", "Major"),
        ("PHONE", "(617) 437-2291"),
    }


def test_key_value_log():
    text = "2024-03-01 12:00:01 INFO PatientName=John Smith mrn=00123456 dob=1962-03-14 ok=1\n"
    assert spans(text) >= {
        at(text, "NAME", "John Smith"),
        at(text, "MRN", "00123456"),
        at(text, "DOB", "1962-03-14"),
    }


def test_record_keys_read_with_the_header_vocabulary_value_shapes():
    # Synthea's patients.csv columns as a namedtuple and a dict: name parts count
    # beside the SSN; a telecom key's value is a phone or an e-mail by its shape
    Row = namedtuple("Row", "FIRST LAST BIRTHDATE SSN telecom contact_email")
    row = Row("Tara", "Nguyen", "1962-03-14", "536-22-8726", "(617) 437-2291", "")
    for text in (repr(row), repr(row._asdict()), json.dumps(row._asdict())):
        assert found(text) == {
            ("NAME", "Tara"),
            ("NAME", "Nguyen"),
            ("DOB", "1962-03-14"),
            ("SSN", "536-22-8726"),
            ("PHONE", "(617) 437-2291"),
        }
        assert at(text, "NAME", "Tara") in spans(text)
    mail = repr({"mrn": "MRN3463502", "telecom": "tara.nguyen@gmail.com"})
    assert found(mail) == {("MRN", "MRN3463502"), ("EMAIL", "tara.nguyen@gmail.com")}
    # name parts alone, or words that are no name part, are nobody's
    assert found(repr(Row("Tara", "Nguyen", "", "", "", ""))) == set()
    assert found(repr({"first": "epoch", "last": "val_loss", "ssn": "536-22-8726"})) == {
        ("SSN", "536-22-8726")
    }


def test_config_dicts_and_names_alone_are_not_findings():
    for text in (
        repr({"name": "resnet50", "lr": 0.001, "batch_size": 32, "date": "2024-01-01"}),
        repr({"name": "John Smith", "team": "ml-platform", "role": "admin"}),
        "RandomForestClassifier(max_depth=5, n_estimators=100, random_state=42)",
        json.dumps([{"name": "Ada Lovelace", "born": 1815}, {"name": "Alan Turing"}]),
        "{'host': '10.0.0.5', 'port': 5432, 'user': 'postgres', 'dbname': 'warehouse'}",
    ):
        assert found(text) == set(), text


def test_records_keyed_to_a_person_count_their_dates():
    """``df.to_dict('records')`` of Synthea's encounters: START and STOP are no hint words,
    and the record holds no identifier, but its PATIENT key says whose dates they are."""
    rows = [
        {"Id": "c52f4ed3", "START": "2020-10-02T07:30:00Z", "STOP": "2020-10-02T07:45:00Z",
         "PATIENT": "4623a582-dfa0-6894-b85d-7", "CODE": "185349003"},
        {"Id": "f9389f51", "START": "2151-03-04 10:00:00", "PATIENT": "34354cdf-30c1-3360"},
    ]  # fmt: skip
    want = {
        ("DATE", "2020-10-02T07:30:00Z"),
        ("DATE", "2020-10-02T07:45:00Z"),
        ("DATE", "2151-03-04 10:00:00"),  # MIMIC-style shifted year
    }
    assert found(repr(rows)) == want
    assert found(json.dumps(rows)) == want
    # the same records without a person key: a schedule
    for row in rows:
        del row["PATIENT"]
    assert found(repr(rows)) == set()


def test_record_dates_beside_no_person_are_not_findings():
    for text in (
        repr([{"date": "2021-01-02", "close": 12.3, "ticker": "AAPL", "trade_date": "2021-01-04"}]),
        repr({"release_date": "2021-01-02", "author_email": "ana.lima7@gmail.com"}),
        repr({"DOS": "01/02/2021", "lab": "K", "value": 4.1, "version": "2.1.3"}),
    ):
        assert {f for f in found(text) if f[0] == "DATE"} == set(), text
    # a date of service beside a member id counts, its key no hint word of a longer name
    got = found(repr({"DOS": "01/02/2021", "MemberID": "XJ4829301"}))
    assert ("DATE", "01/02/2021") in got


# --- in the scan --------------------------------------------------------------------


def test_scan_text_reports_format_fields_over_free_standing_matches():
    text = "\r".join(ADT_A01)
    hits = scan_text(text)
    assert Hit("NAME", *at(text, "NAME", "KLEINSAMPLE^BARRY^Q")[1:], 3) in hits
    assert {(h.type, text[h.start : h.end]) for h in hits} >= ADT_EXPECTED


def test_an_ssn_of_two_digits_counts_where_the_structure_says_ssn():
    # Generated data often repeats digits (777-22-2222); the field or key says what it
    # is. In free text such a number stays unflagged, and one repeated digit never counts.
    hl7_message = "\r".join(
        [
            "MSH|^~\\&|REG|NORTHSIDE|EHR|NORTHSIDE|20240611083000||ADT^A04|M77|P|2.5",
            segment("PID", {3: "N4471^^^NS^MR", 5: "TALBOT^ERNA", 7: "19580822", 19: "777222222"}),
        ]
    )
    assert ("SSN", "777222222") in found(hl7_message)
    assert ("SSN", "777-22-2222") in found(repr({"member": "Erna Talbot", "ssn": "777-22-2222"}))
    assert not {t for t, _ in found("order 777-22-2222 shipped")} & {"SSN"}
    assert not {t for t, _ in found(repr({"ssn": "777-77-7777"}))} & {"SSN"}
