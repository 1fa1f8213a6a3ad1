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

# The free-standing formats, one regex each. Most texts are numbers (frames, logs), where
# a regex that may start at any digit is slow, so each format also has a "sniff" that
# starts with a rarer character (a separator, a dot, an upper-case letter) and consumes
# one character; the full regex runs only in a small window around each sniff.
_U = "AC-HJKMNP-RT-Y"  # the letters an MBI may use
_SSN_RE = re.compile(r"(?<![\w.\-/])\d{3}(?P<ssep>[- ])\d{2}(?P=ssep)\d{4}(?![\w\-/]|\.\d)")
_PHONE_RE = re.compile(
    r"(?<![\w.+\-/])(?:\+?1[ .\-]?)?(?:\(\d{3}\)[ .\-]?\d{3}[.\-]\d{4}"
    r"|\d{3}(?P<psep>[.\-])\d{3}(?P=psep)\d{4}|(?<=\+1 )\d{3} \d{3} \d{4})(?![\w\-]|\.\d)"
)
_IP_RE = re.compile(r"(?<![\w.\-])(?:\d{1,3}\.){3}\d{1,3}(?![\w\-]|\.\d)")
_MBI_RE = re.compile(
    rf"(?<![\w\-])[1-9][{_U}][{_U}0-9]\d-?[{_U}][{_U}0-9]\d-?[{_U}]{{2}}\d{{2}}(?![\w\-])"
)
_ADDRESS_RE = re.compile(
    r"(?<![\w.\-])\d{1,6}[A-Z]?(?: [NSEW]\.?)? (?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))"
    rf"(?: [A-Z][a-z]+){{0,3}} (?:{_STREET_SUFFIXES})\b\.?"
    r"(?:,? (?:Apt|Suite|Ste|Unit|#)\.? ?[\w\-]+)?"
)


def _sniffs(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


#: (kind, full regex, sniffs, characters the match may start before a sniff, and
#: characters it may end after a sniff's start, lookahead included). A sniff starts
#: with one literal character when it can: the regex engine skips to a literal far
#: faster than to a character class.
_FREE: list[tuple[str, re.Pattern[str], tuple[re.Pattern[str], ...], int, int]] = [
    ("SSN", _SSN_RE, _sniffs(r"-(?=\d\d-\d{4})", r" (?=\d\d \d{4})"), 3, 12),
    (
        "PHONE",
        _PHONE_RE,
        _sniffs(
            r"-(?=\d{3}-\d{4})",
            r"\.(?=\d{3}\.\d{4})",
            r"\)(?=[ .\-]?\d{3}[.\-]\d{4})",
            r"\+(?=1 \d{3} \d{3} \d{4})",
        ),
        8,
        20,
    ),
    ("IP", _IP_RE, _sniffs(r"\.(?=\d{1,3}\.\d{1,3}\.\d)"), 3, 16),
    ("MBI", _MBI_RE, _sniffs(rf"[{_U}](?=[{_U}0-9]\d-?[{_U}][{_U}0-9]\d)"), 1, 16),
    ("ADDRESS", _ADDRESS_RE, _sniffs(rf" (?=[A-Z])(?=(?:{_STREET_SUFFIXES})\b)"), 160, 96),
]

_STATE_ZIP_RE = re.compile(
    r"\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI"
    r"|S[CD]|T[NX]|UT|V[AT]|W[AIVY]),? (\d{5}(?:-\d{4})?)(?![\w\-])"
)
_DIGIT = re.compile(r"\d")
_STATE_ZIP_SNIFF = _sniffs(r"[A-Z](?=[A-Z],? \d{5})")
_EMAIL_RE = re.compile(r"@([A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24})(?![\w\-])")
_LOCAL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}$")
_VERSION_CONTEXT = re.compile(r"(?i)(?:version|ver\.?|v|==|>=|<=|~=|@|release|build)[\s:='\"]*$")
_METADATA_LINE = re.compile(
    r"(?i)author|maintainer|__email__|copyright|contact:|signed-off-by|creator|donor|credits?\b"
    r"|(?:created|written|maintained|developed|prepared) by|report bugs|bug reports"
    r"|(?:contact|e-?mail|write to|reach) (?:me|us)\b|©"
)
#: Lines of a download, connection or package-manager log: the numbers in them are
#: servers and versions.
_TOOL_LOG_LINE = re.compile(
    r"(?i)^[\s*>-]*(?:--\d{4}-\d\d-\d\d [\d:]+--\s+)?(?:resolving|connecting to|connected to"
    r"|trying)\b|requirement already satisfied|successfully installed|installing collected"
    r"|(?:site|dist)-packages|\.whl\b|^\s*(?:collecting|downloading|obtaining) "
)

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


def _near(
    text: str, full: re.Pattern[str], sniffs: tuple[re.Pattern[str], ...], back: int, ahead: int
) -> Iterator[re.Match[str]]:
    """The matches of ``full``, searched only around the matches of ``sniffs``.

    Every match of ``full`` holds a match of a sniff at most ``back`` characters
    after its start (or, for ``+1 212 555 0199``, up to three before it) and at least
    ``ahead`` characters before its end plus lookahead, so the windows find what
    ``full.finditer(text)`` finds. A window reports only matches that start at
    its sniff or before: a later match may be cut short by the window's end and
    is reported from its own sniff's window.
    """
    done = 0  # matches before this offset were reported
    size = len(text)
    found = [m.start() for sniff in sniffs for m in sniff.finditer(text)]
    if len(sniffs) > 1:
        found.sort()
    for p in found:
        hi = min(size, p + ahead)
        if hi <= done:
            continue
        for m in full.finditer(text, max(done, p - back), hi):
            if m.start() > p + 3 or (hi < size and m.end() > hi - 2):
                break
            done = m.end()
            yield m


def _infrastructure_ip(text: str, start: int, end: int) -> bool:
    """A version number, or a server's address in a URL, a ``host:port`` or a tool's log.

    ``http://10.0.0.5:8787/status`` (a dashboard), ``wget``'s ``Resolving github.com...
    140.82.112.4`` and pip's ``(4.10.0.84)`` name machines and packages, not people.
    """
    before = text[max(0, start - 16) : start]
    if _VERSION_CONTEXT.search(before) or before.endswith(("://", "@", "|")):
        return True
    if text.startswith(":", end) and text[end + 1 : end + 2].isdigit():
        return True  # host:port
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return _TOOL_LOG_LINE.search(line) is not None


def free_hits(text: str, allowed_domains: frozenset[str]) -> Iterator[Hit]:
    """Free-standing identifiers in ``text`` (a segment's clean text)."""
    if _DIGIT.search(text):  # every format below holds a digit
        for kind, full, sniff, back, ahead in _FREE:
            for m in _near(text, full, sniff, back, ahead):
                value = m.group()
                if kind == "SSN":
                    if v.valid_ssn(value):
                        yield Hit("SSN", m.start(), m.end(), 1)
                elif kind == "PHONE":
                    if v.valid_phone(value):
                        yield Hit("PHONE", m.start(), m.end(), 1)
                elif kind == "IP":
                    if v.valid_ipv4(value) and not _infrastructure_ip(text, m.start(), m.end()):
                        yield Hit("IP_ADDRESS", m.start(), m.end(), 1)
                elif kind != "ADDRESS" or not v.famous_address(value):
                    yield Hit(kind, m.start(), m.end(), 1)
        for m in _near(text, _STATE_ZIP_RE, _STATE_ZIP_SNIFF, 0, 20):
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


def label_hits(text: str, hints: list[int] | None = None) -> Iterator[Hit]:
    """Values whose label names their type (``MRN: 1234567``, ``"dob": "1980-01-02"``).

    ``hints`` is ``hint_positions(text)`` when the caller has it already.
    """
    companions: list[Hit] = []
    found_phi = False
    for pos in hint_positions(text) if hints is None else hints:
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
