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

#: Street types that name a street on their own (``17 Maple Ave``). Singular only: plurals
#: and common nouns (``5 Simple Ways``, ``3 Create Views``, ``2 Data Centers``) are the
#: title-case headings of tutorials.
_STRONG_SUFFIXES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Dr|Ct|Terrace|Ter|Parkway|Pkwy"
    "|Highway|Hwy|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke"
)
#: Street types that are common nouns too (``Google Drive``, ``Supreme Court``, ``Chi
#: Square``): an address only with more evidence (a city, state or ZIP after it, a unit,
#: or an address label before it).
_WEAK_SUFFIXES = (
    "Way|Place|Pl|Drive|Court|Circle|Cir|Square|Sq|Trail|Trl|Plaza|Crescent|Alley|Row|Route"
    "|Grove|Ridge|Pike|Path|Loop|Walk|Close"
)
_STREET_SUFFIXES = f"{_STRONG_SUFFIXES}|{_WEAK_SUFFIXES}"
_WEAK_SUFFIX_END = re.compile(rf"(?:{_WEAK_SUFFIXES})\.?$")
_STATES = (
    r"A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI"
    r"|S[CD]|T[NX]|UT|V[AT]|W[AIVY]"
)
#: What may follow a street to make it an address: a unit, a city then a state, a ZIP.
_ADDRESS_TAIL = re.compile(
    r"\.?,?\s*(?:(?:Apt|Suite|Ste|Unit|Floor|Fl|Bldg)\b|#\s?\w"
    rf"|(?:[A-Z][a-z]+[ \-]?){{1,3}},?\s+(?:{_STATES})\b|(?:{_STATES}),?\s+\d{{5}}\b|\d{{5}}\b)"
)
#: Words before a street that say it is where someone lives or is reached.
_ADDRESS_CONTEXT = re.compile(
    r"(?i)address|\baddr\b|\blives?\b|\bliving\b|resid|\bhome\b|mailing|\bpatient|\bpt\b"
    r"|located at|\bmoved to"
)
#: A number that counts steps, parts or items of a text, not houses (``Step 3 ...``).
_COUNTER_BEFORE = re.compile(
    r"(?i)\b(?:step|part|chapter|ch|section|sec|lesson|exercise|ex|fig|figure|table|example"
    r"|day|week|month|phase|module|task|question|q|problem|lab|level|round|episode|top|tip"
    r"|rule|case|stage|item|no|number|page|slide|epoch|version|v|class|grade|season|volume"
    r"|vol|book|act|scene|lecture|tutorial|assignment|homework|hw|quiz|test|unit)"
    r"\.?\s*#?\s*$"
)
_HEADING_LINE = re.compile(r"\s{0,3}#{1,6}\s")

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
    r"(?<![\w.\-])[1-9]\d{0,5}[A-Z]?(?: [NSEW]\.?)? (?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))"
    rf"(?: [A-Z][a-z]+){{0,3}} (?:{_STREET_SUFFIXES})\b\.?"
    r"(?P<unit>,? (?:Apt|Suite|Ste|Unit|#)\.? ?[\w\-]+)?"
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

_STATE_ZIP_RE = re.compile(rf"\b(?:{_STATES}),? (\d{{5}}(?:-\d{{4}})?)(?![\w\-])")
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
#: How the prose of a notebook (a Markdown cell) gives its author's or a project's address.
_AUTHOR_PROSE = re.compile(
    r"(?i)questions|write (?:to|me|us)|\bcontact|e-?mail (?:me|us|the author)|reach (?:me|us|out)"
    r"|get in touch|feedback|comments|suggestions|\bsend\b.{0,20}\bto\b|mailing list|forum"
    r"|\bby\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3},?\s*[<(\[]?\s*$"
)
#: A line about a patient or a record: its e-mail addresses are data, whatever the wording.
_PERSON_RECORD = re.compile(
    r"(?i)patient|\bpt\b|emergency|guardian|next of kin|\bmember\b|\bclient\b|\bmrn\b|\bssn\b"
    r"|\bdob\b|date of birth|medical record"
)
#: Lines of a download, connection or package-manager log: the numbers in them are
#: servers and versions.
_TOOL_LOG_LINE = re.compile(
    r"(?i)^[\s*>-]*(?:--\d{4}-\d\d-\d\d [\d:]+--\s+)?(?:resolving|connecting to|connected to"
    r"|trying)\b|requirement already satisfied|successfully installed|installing collected"
    r"|(?:site|dist)-packages|\.whl\b|^\s*(?:collecting|downloading|obtaining) "
    # ping, traceroute, nslookup/dig/host answers
    r"|^\s*PING\b|\bbytes from\b|icmp_seq|\bttl=|ping statistics|^\s*traceroute\b"
    r"|^\s*\d{1,2}\s+(?:\S+\s+\()?\d[\d.]*\)?\s+[\d.]+\s*ms\b"
    r"|^\s*(?:server|address(?:es)?|non-authoritative answer)\s*:|\bhas address\b"
    r"|(?-i:\sIN\s+(?:A|AAAA|NS|PTR|CNAME)\s)|^;;|^\S+\s+name = "
    # web servers' access logs and run banners
    r"|^\S+ - \S+ \[\d|\"(?:GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) \S+ HTTP/|running on\b"
    r"|listening (?:on|at)\b|serving (?:on|at)\b"
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


#: ``X was born on ...``, ``X (born ...)``: a biography (NLP examples), not a record...
_NARRATIVE_BORN = re.compile(r"(?i)(?:\b(?:was|is|were|been)\s+|\(\s*)$")
#: ...unless a patient or a record is near.
_RECORD_CONTEXT = re.compile(
    r"(?i)patient|\bpt\b|\bmrn\b|medical record|admitted|admission|diagnos|hospital|clinic"
    r"|\bdob\b|\bssn\b|member id|\bchart\b|discharge"
)


def _narrative_birth(text: str, start: int, end: int) -> bool:
    """A ``born`` label in a sentence about someone, with no patient or record near."""
    if text[start : start + 4].lower() != "born":
        return False
    if _NARRATIVE_BORN.search(text, max(0, start - 12), start) is None:
        return False
    return _RECORD_CONTEXT.search(text, max(0, start - 200), end + 200) is None


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


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _street_address(text: str, m: re.Match[str]) -> bool:
    """Whether a number-words-street-type match is where someone lives.

    Not when the number counts steps or parts (``Step 3 ...``), nor in a Markdown
    heading, nor a common-noun street type (``Way``, ``Drive``) without a unit, a
    city/state/ZIP after it or an address label before it.
    """
    start, end = m.start(), m.end()
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    before = text[max(line_start, start - 60) : start]
    if _COUNTER_BEFORE.search(before):
        return False
    weak = _WEAK_SUFFIX_END.search(m.group()) is not None
    if not weak and _HEADING_LINE.match(text, line_start) is None:
        return True
    return (
        m.group("unit") is not None  # ``12 Oak Way, Apt 3``
        or _ADDRESS_TAIL.match(text, end) is not None
        or _ADDRESS_CONTEXT.search(text, max(line_start, start - 80), start) is not None
    )


def free_hits(text: str, allowed_domains: frozenset[str], *, prose: bool = False) -> Iterator[Hit]:
    """Free-standing identifiers in ``text`` (a segment's clean text).

    ``prose`` says ``text`` is a Markdown cell, where an author gives an address to
    write to (``Questions? Write to ...``).
    """
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
                elif kind == "ADDRESS":
                    if not v.famous_address(value) and _street_address(text, m):
                        yield Hit(kind, m.start(), m.end(), 1)
                else:
                    yield Hit(kind, m.start(), m.end(), 1)
        for m in _near(text, _STATE_ZIP_RE, _STATE_ZIP_SNIFF, 0, 20):
            if v.valid_zip(m.group(1)):
                yield Hit("ZIP", m.start(1), m.end(1), 1)
    if "@" in text:
        yield from _email_hits(text, allowed_domains, prose)


def _email_hits(text: str, allowed_domains: frozenset[str], prose: bool) -> Iterator[Hit]:
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
        author = _METADATA_LINE.search(text, line_start, start) is not None or (
            prose and _AUTHOR_PROSE.search(text, line_start, start) is not None
        )
        if author and not _PERSON_RECORD.search(text, line_start, _line_end(text, m.end())):
            # package metadata (pip show, setup.py) and a notebook's author or project
            # list name maintainers, not patients
            continue
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
        if kind == "DOB" and _narrative_birth(text, m.start(), m.end()):
            continue
        needs_companion = kind.endswith("*")
        kind = kind.rstrip("*")
        validate = COLUMN_VALIDATORS[kind]
        base = m.start("value")
        for _, candidate in _value_candidates(m.group("value")):
            stripped = candidate.strip()
            if stripped and not validate(stripped):
                stripped = stripped.rstrip(".,;:")  # the end of a sentence: ``born on 3/14/1962.``
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
