"""The finding types, their severities, and the words that name them in data.

A column header or a record label (``SSN:``, ``"member_id":``) that names a
type makes the value beside it a candidate of that type; the type's validator
then decides. Headers are normalised (``PatientName`` -> ``patient_name``)
and matched whole, so ``phone_score`` is not a phone column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from . import validators as v

SEVERITY: dict[str, str] = {
    "NAME": "medium",
    "SSN": "high",
    "MRN": "high",
    "DOB": "high",
    "DATE": "low",
    "PHONE": "medium",
    "EMAIL": "medium",
    "ADDRESS": "medium",
    "ZIP": "low",
    "HEALTH_PLAN_ID": "high",
    "MBI": "high",
    "NPI": "low",
    "DEA": "medium",
    "ICD10": "low",
    "IP_ADDRESS": "low",
    "DEVICE_ID": "medium",
    "ACCOUNT": "high",
    "LICENSE": "medium",
    "AWS_ACCESS_KEY_ID": "high",
    "AWS_SECRET_KEY": "high",
    "GITHUB_TOKEN": "high",
    "SLACK_TOKEN": "high",
    "SLACK_WEBHOOK": "high",
    "PRIVATE_KEY": "high",
    "PASSWORD": "high",
    "GOOGLE_API_KEY": "high",
    "JWT": "medium",
    "STRIPE_KEY": "high",
    "OPENAI_KEY": "high",
    "HF_TOKEN": "high",
    "API_KEY": "high",
    "GENERIC_SECRET": "medium",
}

#: Every type the built-in detectors report.
TYPES = tuple(SEVERITY)

#: Types a header names that only count in a table (or record) holding a PHI type too.
NEEDS_COMPANION = frozenset({"NAME", "DATE"})

#: Types that identify a patient (a NAME column only counts beside one of these).
PHI_TYPES = frozenset(
    [
        "SSN",
        "MRN",
        "DOB",
        "PHONE",
        "EMAIL",
        "ADDRESS",
        "HEALTH_PLAN_ID",
        "MBI",
        "ACCOUNT",
        "LICENSE",
        "DEVICE_ID",
        "ZIP",
    ]
)


class Hit(NamedTuple):
    """A candidate finding inside one segment (offsets into its text)."""

    type: str
    start: int
    end: int
    #: Higher wins when two hits overlap.
    priority: int
    severity: str = ""


_PREFIX = (
    r"(?:(?:patient|pt|pat|home|work|cell|mobile|primary|secondary|contact|mailing|billing"
    r"|emergency|emergency_contact|member|subscriber|guarantor|insured|current|street"
    r"|beneficiary|client|customer|person|owner|holder)_)*"
)
_SUFFIX = r"(?:_?\d|_(?:number|num|nbr|no|id|code|value|str|1|2))?"

# type -> normalised header names (before prefix/suffix), as regex alternatives
_HEADERS: dict[str, str] = {
    "SSN": r"ssn|social_security(?:_number|_no)?|soc_sec(?:_no)?|ss_num|ssn_no",
    "DOB": r"dob|date_of_birth|birth_date|birthdate|birth_dt|birthday|birth_day|d_o_b",
    "MRN": r"mrn|medical_record(?:_number|_no|_num)?|med_rec(?:_no|_num)?|mr_number|chart_number",
    "NAME": r"patient|patient_name|name|full_name|first_name|last_name|given_name|family_name"
    r"|surname|pt_name|firstname|lastname|fullname",
    "HEALTH_PLAN_ID": r"member_id|memberid|health_plan_id|health_plan|plan_member_id|subscriber_id"
    r"|insurance_id|insurance_number|insurance_no|policy_number|policy_no|medicaid_id"
    r"|medicaid_number|beneficiary_id|hicn|group_number",
    "MBI": r"mbi|medicare_id|medicare_number|medicare_beneficiary_id",
    "PHONE": r"phone|phone_number|phone_no|telephone|tel|mobile|cell_phone|contact_number|fax"
    r"|fax_number|mobile_number|cell",
    "EMAIL": r"email|e_mail|email_address|mail",
    "ADDRESS": r"address|street_address|street|addr|address_line|address_line_1|address1"
    r"|home_address|mailing_address|residence",
    "ZIP": r"zip|zipcode|zip_code|postal_code|postcode|zip5",
    "NPI": r"npi|npi_number|provider_npi|prescriber_npi",
    "DEA": r"dea|dea_number|dea_no",
    "ICD10": r"icd10|icd_10|icd|icd10_code|icd_10_code|icd_code|diagnosis_code|dx_code|dx"
    r"|diag_code|primary_dx",
    "IP_ADDRESS": r"ip|ip_address|ip_addr|ipv4|client_ip|src_ip|source_ip|dst_ip|dest_ip"
    r"|destination_ip|device_ip|host_ip|remote_ip|remote_addr|user_ip|login_ip|last_ip",
    "DEVICE_ID": r"device_id|device_serial|serial_number|serial_no|serial|implant_serial"
    r"|device_serial_number|udi",
    "ACCOUNT": r"account_number|account_no|acct|acct_no|acct_number|bank_account"
    r"|account_num|iban",
    "LICENSE": r"license_number|licence_number|license_no|licence_no|drivers_license"
    r"|driver_license|driving_licence|dl_number|license|licence",
    "DATE": r"admission_date|admit_date|admit_dt|discharge_date|discharge_dt|date_of_death"
    r"|death_date|date_of_service|encounter_date|procedure_date",
}

_HEADER_RES: list[tuple[str, re.Pattern[str]]] = [
    (t, re.compile(rf"{_PREFIX}(?:{alts}){_SUFFIX}")) for t, alts in _HEADERS.items()
]


def normalise_header(header: str) -> str:
    """``'Patient Name'``, ``'PatientName'``, ``'patient-name'`` -> ``'patient_name'``."""
    h = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", header.strip())
    h = re.sub(r"[^a-z0-9]+", "_", h.lower()).strip("_")
    return h


@lru_cache(maxsize=4096)
def header_type(header: str) -> str | None:
    """The finding type a column header or record label names, if any."""
    h = normalise_header(header)
    if not h or len(h) > 40:
        return None
    for kind, pattern in _HEADER_RES:
        if pattern.fullmatch(h):
            return kind
    return None


#: Words that start a column header or a record label (lower case).
HINT_WORDS = frozenset(
    [
        "ssn",
        "social",
        "soc",
        "dob",
        "birth",
        "birthdate",
        "birthday",
        "born",
        "mrn",
        "medical",
        "med",
        "chart",
        "patient",
        "pt",
        "name",
        "fullname",
        "firstname",
        "lastname",
        "surname",
        "full",
        "first",
        "last",
        "member",
        "memberid",
        "health",
        "subscriber",
        "insurance",
        "policy",
        "medicaid",
        "beneficiary",
        "hicn",
        "group",
        "mbi",
        "medicare",
        "phone",
        "telephone",
        "tel",
        "mobile",
        "fax",
        "cell",
        "contact",
        "email",
        "mail",
        "address",
        "addr",
        "street",
        "residence",
        "home",
        "mailing",
        "zip",
        "zipcode",
        "postal",
        "postcode",
        "npi",
        "dea",
        "icd",
        "icd10",
        "diagnosis",
        "dx",
        "diag",
        "ip",
        "ipv4",
        "device",
        "serial",
        "s/n",
        "udi",
        "implant",
        "account",
        "acct",
        "bank",
        "iban",
        "license",
        "licence",
        "drivers",
        "driver",
        "driving",
        "dl",
        "admission",
        "admit",
        "admitted",
        "discharge",
        "discharged",
        "death",
        "died",
        "date",
        "encounter",
    ]
)


def _hint_regex(words: frozenset[str]) -> re.Pattern[str]:
    # A word another word starts with finds every place the longer one does, so only
    # the shortest are searched, as one alternation grouped by first letter: the
    # regex engine skips to the next candidate letter in C, far faster than one
    # ``str.find`` pass per word.
    short = sorted(w for w in words if not any(o != w and w.startswith(o) for o in words))
    groups: dict[str, list[str]] = {}
    for w in short:
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return re.compile(
        "|".join(f"{re.escape(k)}(?:{'|'.join(rest)})" for k, rest in sorted(groups.items()))
    )


_HINT_RE = _hint_regex(HINT_WORDS)


def hint_positions(text: str) -> list[int]:
    """Offsets where a header or label word starts (word start or camelCase hump)."""
    lower = text.lower()
    if len(lower) != len(text):  # a few Unicode characters change length when lowered
        return [m.start() for m in re.finditer(r"(?<![A-Za-z0-9])[A-Za-z]", text)]
    found: list[int] = []
    search = _HINT_RE.search
    m = search(lower)
    while m is not None:
        pos = m.start()
        if (
            pos == 0
            or not lower[pos - 1].isalnum()
            or (text[pos].isupper() and lower[pos - 1].isalpha() and not text[pos - 1].isupper())
        ):
            found.append(pos)
        m = search(lower, pos + 1)  # from the next character: words may overlap
    return found


def _email_ok(value: str) -> bool:
    return "@" in value and v.valid_email(value)


def _ip_ok(value: str) -> bool:
    return re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", value) is not None and v.valid_ipv4(value)


def _ssn_ok(value: str) -> bool:
    return re.fullmatch(r"\d{3}-?\d{2}-?\d{4}|\d{3} \d{2} \d{4}", value) is not None and (
        v.valid_ssn(value)
    )


#: Value checks for a candidate whose type comes from a header or label.
COLUMN_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "SSN": _ssn_ok,
    "DOB": v.valid_date,
    "DATE": v.valid_date,
    "MRN": v.valid_mrn,
    "NAME": v.valid_name,
    "HEALTH_PLAN_ID": lambda s: v.valid_identifier(s, 3) and not v.valid_date(s),
    "MBI": v.valid_mbi,
    "PHONE": lambda s: v.valid_phone(s, relaxed=True),
    "EMAIL": _email_ok,
    "ADDRESS": v.valid_address,
    "ZIP": v.valid_zip,
    "NPI": v.valid_npi,
    "DEA": v.valid_dea,
    "ICD10": v.valid_icd10,
    "IP_ADDRESS": _ip_ok,
    "DEVICE_ID": lambda s: v.valid_identifier(s, 3) and not v.valid_date(s),
    "ACCOUNT": lambda s: v.valid_identifier(s, 5) and not v.valid_date(s),
    "LICENSE": lambda s: v.valid_identifier(s, 4) and not v.valid_date(s),
}
