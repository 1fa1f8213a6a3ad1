"""What the clinical formats agree on: identifier type codes and value checks.

HL7 v2 (CX.5, XCN.13) and FHIR (``Identifier.type.coding.code``) name the kind
of an identifier with the codes of HL7 table 0203; FHIR also names it by its
``system`` URI. A value read from a typed field is checked before it becomes a
finding, more loosely than a free-standing match (the field already says what
it is), but never as an empty, anonymised or stand-in value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import validators as v
from ..kinds import COLUMN_VALIDATORS, NEEDS_COMPANION, Hit

#: Priority of a hit read from a structured format's field.
PRIORITY = 3

#: HL7 table 0203 (identifier type) codes -> finding type. Codes of organisations,
#: providers' internal numbers and anonymous ids are absent: they name no patient.
ID_TYPE_CODES: dict[str, str] = {
    # a patient's record numbers
    "MR": "MRN",
    "MRT": "MRN",
    "MRN": "MRN",
    "PI": "MRN",
    "PT": "MRN",
    "PN": "MRN",
    "PE": "MRN",
    "PRC": "LICENSE",
    "BR": "MRN",
    "NI": "MRN",
    "NNUSA": "SSN",
    "SS": "SSN",
    "SSN": "SSN",
    # documents and licences (a person's and a clinician's)
    "DL": "LICENSE",
    "DLN": "LICENSE",
    "PPN": "LICENSE",
    "LN": "LICENSE",
    "SL": "LICENSE",
    "MD": "LICENSE",
    "RN": "LICENSE",
    "RPH": "LICENSE",
    "NP": "LICENSE",
    "DDS": "LICENSE",
    "DO": "LICENSE",
    "DPM": "LICENSE",
    "MI": "LICENSE",
    # accounts and visits
    "AN": "ACCOUNT",
    "AND": "ACCOUNT",
    "ANC": "ACCOUNT",
    "ANT": "ACCOUNT",
    "BA": "ACCOUNT",
    "BC": "ACCOUNT",
    "VN": "ACCOUNT",
    "FILL": "ACCOUNT",
    # health plans
    "MB": "HEALTH_PLAN_ID",
    "MA": "HEALTH_PLAN_ID",
    "MC": "HEALTH_PLAN_ID",
    "MCN": "HEALTH_PLAN_ID",
    "NH": "HEALTH_PLAN_ID",
    "HC": "HEALTH_PLAN_ID",
    "JHN": "HEALTH_PLAN_ID",
    "NII": "HEALTH_PLAN_ID",
    "NIIP": "HEALTH_PLAN_ID",
    "SN": "HEALTH_PLAN_ID",
    "WC": "HEALTH_PLAN_ID",
    "WCN": "HEALTH_PLAN_ID",
    "MBI": "MBI",
    # clinicians
    "NPI": "NPI",
    "DEA": "DEA",
}

#: Type codes that name no person: organisations, anonymous and internal provider ids.
NO_PERSON_CODES = frozenset(
    {"ANON", "XX", "FI", "TAX", "EN", "NE", "DN", "PRN", "UPIN", "CC", "NCT", "RRI"}
)

#: FHIR identifier systems -> finding type (OIDs from the HL7 OID registry).
_SYSTEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"us-ssn|2\.16\.840\.1\.113883\.4\.1$|\bssn\b|social-?security"), "SSN"),
    (re.compile(r"us-npi|2\.16\.840\.1\.113883\.4\.6$|\bnpi\b"), "NPI"),
    (re.compile(r"us-mbi|medicare|\bmbi\b"), "MBI"),
    (re.compile(r"2\.16\.840\.1\.113883\.4\.3\.|driver|licen[cs]e"), "LICENSE"),
    (re.compile(r"2\.16\.840\.1\.113883\.4\.330|passport"), "LICENSE"),
    (re.compile(r"medicaid|member|subscriber|insurance|health-?plan|payer"), "HEALTH_PLAN_ID"),
    (re.compile(r"\bdea\b"), "DEA"),
    (re.compile(r"account|visit|encounter"), "ACCOUNT"),
    (re.compile(r"\bmrn\b|medical-?record|patient"), "MRN"),
]


def system_type(system: str) -> str | None:
    """The finding type an identifier ``system`` URI names, if any."""
    s = system.lower()
    for pattern, kind in _SYSTEMS:
        if pattern.search(s):
            return kind
    return None


_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-./_:# ]{0,46}[A-Za-z0-9]")
_STAND_IN = re.compile(
    r"(?i)anon.*|de-?ident.*|removed|redacted|unknown|none|null|n/?a|test|sample|example|x+|"
    r"\*+|0+|deleted|masked|hidden|pseudo.*"
)


def stand_in(value: str) -> bool:
    """An emptied, anonymised or placeholder value (``Anonymous``, ``XXXX``, ``0000``)."""
    t = value.strip()
    return not t or _STAND_IN.fullmatch(t) is not None or len(set(t.lower())) <= 1


def id_ok(value: str) -> bool:
    """An identifier as a typed field holds it: 3-48 characters with a digit."""
    t = value.strip()
    if len(t) < 3 or _ID_RE.fullmatch(t) is None or stand_in(t):
        return False
    return any(c.isdigit() for c in t) and not v.valid_date(t)


_NAME_PART = re.compile(r"[^\W\d_][^\W_]*(?:['’.\- ]+[^\W_]+)*\.?")


def name_part_ok(value: str) -> bool:
    """A part of a person's name (``O'Brien``, ``Mary Ann``, Synthea's ``Abram53``)."""
    t = value.strip()
    if not t or len(t) > 40 or _NAME_PART.fullmatch(t) is None:
        return False
    if len(t) > 1 and (_STAND_IN.fullmatch(t) or (len(t) > 2 and len(set(t.lower())) <= 1)):
        return False
    return sum(c.isdigit() for c in t) <= 4


def phone_ok(value: str) -> bool:
    """A telephone number in a field that says it is one: 7-15 digits, real if NANP-sized."""
    t = value.strip()
    d = v.digits(t)
    if not 7 <= len(d) <= 15 or len(set(d)) <= 2 or re.search(r"[A-WYZa-wyz]", t):
        return False
    nanp = (len(d) == 10 and d[0] != "0") or (len(d) == 11 and d[0] == "1")
    if nanp and not t.startswith("+"):
        return v.valid_phone(t, relaxed=True)
    return True  # a national number (``(03) 5555 6473``) or an international one


def date_ok(value: str) -> bool:
    """A full calendar date (``YYYYMMDD``, ``YYYY-MM-DD``, a timestamp that starts with one)."""
    t = value.strip()
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})(?![0-9])|(\d{8})", t)
    if m is None:
        return False
    return v.valid_date(re.sub(r"\D", "", m.group())[:8], v.TYPED_YEARS)


def address_ok(value: str) -> bool:
    """A street, place or postal code in an address field (letters or digits, no stand-in)."""
    t = value.strip()
    return 2 <= len(t) <= 120 and any(c.isalnum() for c in t) and not stand_in(t)


def email_ok(value: str) -> bool:
    """A deliverable e-mail address."""
    t = value.strip()
    return "@" in t and v.valid_email(t)


def typed_ok(kind: str, value: str) -> bool:
    """Whether a typed field's ``value`` is a plausible ``kind``."""
    if kind in ("MRN", "ACCOUNT", "LICENSE", "HEALTH_PLAN_ID", "DEVICE_ID"):
        return id_ok(value)
    if kind in ("DOB", "DATE"):
        return date_ok(value)
    if kind == "PHONE":
        return phone_ok(value)
    if kind == "EMAIL":
        return email_ok(value)
    if kind == "ADDRESS":
        return address_ok(value)
    if kind == "NAME":
        return name_part_ok(value)
    check = COLUMN_VALIDATORS.get(kind)
    return check is not None and check(value.strip())


_DASHED_SSN = re.compile(r"\d{3}-\d{2}-\d{4}")


def refine(kind: str, value: str) -> str | None:
    """The type a value of a field typed ``kind`` gets: an MBI is an MBI, a bad SSN none.

    A record number written as a dashed SSN (``555-44-4444`` in a patient id list) is one.
    """
    if kind in ("HEALTH_PLAN_ID", "MBI") and v.valid_mbi(value):
        return "MBI"
    if kind == "MRN" and _DASHED_SSN.fullmatch(value.strip()) and v.valid_ssn(value):
        return "SSN"
    if kind == "MBI":
        kind = "HEALTH_PLAN_ID"
    return kind if typed_ok(kind, value) else None


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` narrowed past surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def keep_companions(hits: Iterable[Hit], person: bool) -> list[Hit]:
    """``hits`` without the NAME and DATE hits unless the record they come from has a person.

    A name or a date alone (a clinician in a lab order, an encounter's period) is
    not about a patient; beside one it is.
    """
    hits = list(hits)
    if person:
        return hits
    return [h for h in hits if h.type not in NEEDS_COMPANION and h.type != "ICD10"]
