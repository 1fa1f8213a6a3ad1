"""Detectors for the HIPAA Safe Harbor identifiers that appear in notebook text.

Two passes per text: free-standing formats strong enough on their own (a
dashed SSN, a formatted phone, an e-mail, an IPv4 host, a street address, a
Medicare MBI) and labelled values (``DOB: 1980-01-02``, ``"member_id": "..."``,
``NPI 1234567893``) whose label says what the value is. Validators decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import validators as v
from .kinds import COLUMN_VALIDATORS, Hit, hint_positions

_STREET_SUFFIXES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl"
    "|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Alley|Plaza|Crescent"
    "|Heights|Hollow|Crossing|Junction|Landing|Manor|Meadows?|Mission|Ports?|Ridge|Route|Rte"
    "|Row|Shores?|Springs?|Summit|Turnpike|Valley|Villages?|Vista|Views?|Expressway|Freeway"
    "|Causeway|Grove|Glen|Gardens?|Estates?|Burgs?|Brooks?|Centers?|Commons?|Corners?|Coves?"
    "|Creeks?|Islands?|Mills?|Mount|Orchard|Oval|Pike|Plains?|Squares?|Stravenue|Throughway"
    "|Tunnel|Underpass|Walks?|Wells?|Ways|Hills?|Harbors?|Havens?|Flats?|Fords?|Forks?"
)

_FREE_RE = re.compile(
    r"(?P<SSN>(?<![\w.\-/])\d{3}(?P<ssep>[- ])\d{2}(?P=ssep)\d{4}(?![\w\-/]|\.\d))"
    r"|(?P<PHONE>(?<![\w.+\-/])(?:\+?1[ .\-]?)?(?:\(\d{3}\)[ .\-]?\d{3}[.\-]\d{4}"
    r"|\d{3}(?P<psep>[.\-])\d{3}(?P=psep)\d{4}|(?<=\+1 )\d{3} \d{3} \d{4})(?![\w\-]|\.\d))"
    r"|(?P<IP>(?<![\w.\-])(?:\d{1,3}\.){3}\d{1,3}(?![\w\-]|\.\d))"
    r"|(?P<MBI>(?<![\w\-])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]"
    r"[AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}(?![\w\-]))"
    r"|(?P<ADDRESS>(?<![\w.\-])\d{1,6}[A-Z]?(?: [NSEW]\.?)? (?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))"
    rf"(?: [A-Z][a-z]+){{0,3}} (?:{_STREET_SUFFIXES})\b\.?"
    r"(?:,? (?:Apt|Suite|Ste|Unit|#)\.? ?[\w\-]+)?)"
)

_STATE_ZIP_RE = re.compile(
    r"\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI"
    r"|S[CD]|T[NX]|UT|V[AT]|W[AIVY]),? (\d{5}(?:-\d{4})?)(?![\w\-])"
)
_EMAIL_RE = re.compile(r"@([A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24})(?![\w\-])")
_LOCAL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}$")
_VERSION_CONTEXT = re.compile(r"(?i)(?:version|ver\.?|v|==|>=|<=|~=|@|release|build)[\s:='\"]*$")
_METADATA_LINE = re.compile(r"(?i)author|maintainer|__email__|copyright|contact:|signed-off-by")

_SEP = r"[ _\-]?"
_NUM = rf"(?:{_SEP}(?:number|num|no\.?|nbr|#|id))?"
#: (type, label regex, label alone enough without ':'/'=')
_LABELS: list[tuple[str, str, bool]] = [
    ("SSN", rf"ssn|s\.s\.n\.?|social{_SEP}security{_NUM}|soc{_SEP}sec{_NUM}", True),
    ("DOB", rf"dob|d\.o\.b\.?|date{_SEP}of{_SEP}birth|birth{_SEP}date|birthday|born(?: on)?", True),
    ("MRN", rf"mrn|medical{_SEP}record{_NUM}|med{_SEP}rec{_NUM}|chart{_SEP}(?:number|no\.?)", True),
    (
        "HEALTH_PLAN_ID",
        rf"member{_SEP}(?:id|number|no\.?|#)|health{_SEP}plan{_SEP}(?:id|number|no\.?)"
        rf"|subscriber{_SEP}(?:id|number)|insurance{_SEP}(?:id|number|no\.?)"
        rf"|policy{_SEP}(?:number|no\.?|#)|medicaid{_SEP}(?:id|number|no\.?)"
        rf"|beneficiary{_SEP}id|group{_SEP}(?:number|no\.?)",
        True,
    ),
    ("MBI", rf"mbi|medicare{_SEP}(?:beneficiary{_SEP})?(?:id|number|no\.?)", True),
    ("NPI", rf"npi{_NUM}", True),
    ("DEA", rf"dea{_NUM}", True),
    ("ICD10", rf"icd{_SEP}10(?:{_SEP}cm)?(?:{_SEP}code)?|diagnosis{_SEP}code|dx{_SEP}code", True),
    ("ICD10", r"diagnosis|dx|icd", False),
    (
        "PHONE",
        rf"phone{_NUM}|tel(?:ephone)?|mobile|cell{_SEP}phone|fax{_NUM}|contact{_SEP}number",
        False,
    ),
    ("ADDRESS", rf"(?:home{_SEP}|mailing{_SEP}|street{_SEP})?address|addr", False),
    ("ZIP", rf"zip{_SEP}code|zip|postal{_SEP}code|zip5", False),
    ("IP_ADDRESS", rf"ip{_SEP}address|ip", False),
    (
        "DEVICE_ID",
        rf"device{_SEP}(?:id|serial{_NUM})|serial{_SEP}(?:number|no\.?|#)|s/n|udi"
        rf"|implant{_SEP}(?:id|serial)",
        True,
    ),
    ("ACCOUNT", rf"account{_SEP}(?:number|no\.?|num|#)|acct{_NUM}|bank{_SEP}account|iban", True),
    (
        "LICENSE",
        rf"(?:driver'?s?{_SEP})?licen[cs]e{_SEP}(?:number|no\.?|#)|dl{_SEP}(?:number|no\.?|#)"
        rf"|driver'?s?{_SEP}licen[cs]e",
        True,
    ),
    ("NAME", rf"patient(?:{_SEP}name)?|pt{_SEP}name", False),
    ("NAME*", rf"(?:full{_SEP}|first{_SEP}|last{_SEP})?name", False),
    (
        "DATE*",
        rf"admission{_SEP}date|admit{_SEP}date|admitted(?: on)?|discharge{_SEP}date"
        rf"|discharged(?: on)?|date{_SEP}of{_SEP}death|died(?: on)?|date{_SEP}of{_SEP}service"
        rf"|encounter{_SEP}date",
        False,
    ),
]
_LABEL_KINDS: list[tuple[str, bool]] = [(kind, strong) for kind, _, strong in _LABELS]
_LABEL_RE = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(?:"
    + "|".join(f"(?P<L{i}>{rx})" for i, (_, rx, _) in enumerate(_LABELS))
    + r")[\"']?\]?(?:(?P<sep>\s*(?:[:=#]|\bis\b|\bwas\b|\bof\b|-)\s*)|(?P<space> {1,3}))"
    + r"[\"']?(?P<value>[^\n\r\"'\t;|{}<>\[\]()]{1,64})"
)


def _value_candidates(value: str) -> Iterator[tuple[int, str]]:
    """The value, then shorter prefixes ending at word breaks (longest first)."""
    text = value.rstrip()
    cuts = 0
    while text and cuts < 6:
        yield 0, text
        cut = max(text.rfind(" "), text.rfind(","))
        if cut <= 0:
            return
        text = text[:cut].rstrip(" ,")
        cuts += 1


def free_hits(text: str, allowed_domains: frozenset[str]) -> Iterator[Hit]:
    """Free-standing identifiers in ``text`` (a segment's clean text)."""
    for m in _FREE_RE.finditer(text):
        kind = m.lastgroup
        value = m.group()
        if kind == "SSN":
            if v.valid_ssn(value):
                yield Hit("SSN", m.start(), m.end(), 1)
        elif kind == "PHONE":
            if v.valid_phone(value):
                yield Hit("PHONE", m.start(), m.end(), 1)
        elif kind == "IP":
            before = text[max(0, m.start() - 16) : m.start()]
            if v.valid_ipv4(value) and not _VERSION_CONTEXT.search(before):
                yield Hit("IP_ADDRESS", m.start(), m.end(), 1)
        elif kind == "MBI":
            yield Hit("MBI", m.start(), m.end(), 1)
        elif kind == "ADDRESS":
            yield Hit("ADDRESS", m.start(), m.end(), 1)
    for m in _STATE_ZIP_RE.finditer(text):
        if v.valid_zip(m.group(1)):
            yield Hit("ZIP", m.start(1), m.end(1), 1)
    if "@" in text:
        yield from _email_hits(text, allowed_domains)


def _email_hits(text: str, allowed_domains: frozenset[str]) -> Iterator[Hit]:
    for m in _EMAIL_RE.finditer(text):
        at = m.start()
        local = _LOCAL_RE.search(text, max(0, at - 64), at)
        if local is None or local.end() != at:
            continue
        start = local.start()
        if start > 0 and text[start - 1] in ":/":
            continue  # user:password@host or scheme://user@host, not an e-mail
        address = text[start : m.end()]
        if not v.valid_email(address, allowed_domains):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if _METADATA_LINE.search(text, line_start, start):
            continue  # package metadata (pip show, setup.py) names maintainers, not patients
        yield Hit("EMAIL", start, m.end(), 1)


def label_hits(text: str) -> Iterator[Hit]:
    """Values whose label names their type (``MRN: 1234567``, ``"dob": "1980-01-02"``)."""
    companions: list[Hit] = []
    found_phi = False
    for pos in hint_positions(text):
        m = _LABEL_RE.match(text, pos)
        if m is None:
            continue
        index = next(i for i, g in enumerate(m.groups()[: len(_LABELS)]) if g is not None)
        kind, strong = _LABEL_KINDS[index]
        if m.group("space") is not None and not strong:
            continue
        needs_companion = kind.endswith("*")
        kind = kind.rstrip("*")
        validate = COLUMN_VALIDATORS[kind]
        base = m.start("value")
        for _, candidate in _value_candidates(m.group("value")):
            stripped = candidate.strip()
            if stripped and validate(stripped):
                offset = base + candidate.index(stripped)
                hit = Hit(kind, offset, offset + len(stripped), 2)
                if needs_companion:
                    companions.append(hit)
                else:
                    found_phi = True
                    yield hit
                break
    if found_phi:
        yield from companions
