"""Detectors for the HIPAA Safe Harbor identifiers that appear in notebook text.

Three passes per text: free-standing formats strong enough on their own (a
dashed SSN, a formatted phone, an e-mail, an IPv4 host, a street address, a
Medicare MBI), labelled values (``DOB: 1980-01-02``, ``"member_id": "..."``,
``NPI 1234567893``) whose label says what the value is, and the values that only
a clinical note's context makes PHI (names, visit dates, ages over 89, ICD-10
codes, spelled-out e-mails; see :func:`note_hits`). Validators decide.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from . import validators as v
from .kinds import COLUMN_VALIDATORS, Hit, hint_positions

#: Where a word starts: after a non-word character, or right after an escaped line break
#: or tab in a string's repr (``'Patient name: Ana Ruiz\\nMRN 00482913'``).
_WS = r"(?:(?<![A-Za-z0-9_])|(?<=\\[nrt]))"
_WS_ALPHA = r"(?:(?<![A-Za-z])|(?<=\\[nrt]))"

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
#: A unit before the house number (``#4 - 123 Main St``).
_UNIT_FIRST = re.compile(r"(?<![\w#])#[ \t]?\w{1,5}[ \t]?[-–][ \t]?$")
_HEADING_LINE = re.compile(r"\s{0,3}#{1,6}\s")

# The free-standing formats, one regex each. Most texts are numbers (frames, logs), where
# a regex that may start at any digit is slow, so each format also has a "sniff" that
# starts with a rarer character (a separator, a dot, an upper-case letter) and consumes
# one character; the full regex runs only in a small window around each sniff.
_U = "AC-HJKMNP-RT-Y"  # the letters an MBI may use
_SSN_RE = re.compile(
    r"(?:(?<![\w.\-/])|(?<=[A-Za-z]-))\d{3}(?P<ssep>[- ])\d{2}(?P=ssep)\d{4}(?![\w\-/]|\.\d)"
)
_EXTENSION = r"(?:[ \t]{0,3}(?:x|ext\.?|extension)[ \t]{0,3}\d{1,6})?"
#: A NANP number (``(617) 432-8841``, ``+1-617-432-8841``, ``001-617-432-8841 x123``).
_PHONE_RE = re.compile(
    r"(?<![\w.+\-/])(?:(?:\+1|001|1)[ .\-]?)?(?:\(\d{3}\)[ .\-]?\d{3}[.\-]\d{4}"
    r"|\d{3}(?P<psep>[.\-])\d{3}(?P=psep)\d{4}|(?<=\+1 )\d{3} \d{3} \d{4})"
    rf"{_EXTENSION}(?![\w\-]|\.\d)"
)
#: An international number written with its country code (``+44 20 7946 0958``).
_INTL_PHONE_RE = re.compile(
    r"(?<![\w.+\-/])\+[2-9]\d{0,2}(?:[ .\-]\(0\))?(?:[ .\-]\d{1,8}){2,5}"
    rf"{_EXTENSION}(?![\w\-]|\.\d)"
)
_IP_RE = re.compile(r"(?<![\w.\-])(?:\d{1,3}\.){3}\d{1,3}(?![\w\-]|\.\d)")
_MBI_RE = re.compile(
    rf"(?<![\w\-])[1-9][{_U}][{_U}0-9]\d-?[{_U}][{_U}0-9]\d-?[{_U}]{{2}}\d{{2}}(?![\w\-])"
)
_DIRECTION = r"(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?"
#: A house number, street words (``Martin Luther King Jr``, ``5th``, ``Avenue of the``), a
#: street type, a directional and a unit (``123 N Main St NW, Apt 4B``).
_ADDRESS_RE = re.compile(
    rf"(?<![\w.\-])[1-9]\d{{0,5}}[A-Z]?(?: {_DIRECTION})?"
    r" (?:[A-Z][a-z]+\.?|\d{1,3}(?:st|nd|rd|th))"
    r"(?: (?:[A-Z][a-z]+\.?|[A-Z]\.|of|the|de|la|del|van|von|du|da)){0,4}"
    rf" (?:{_STREET_SUFFIXES})\b\.?(?: (?:N|S|E|W|NE|NW|SE|SW)\b\.?)?"
    r"(?P<unit>,? (?:Apt|Suite|Ste|Unit|Rm|Room|Fl|Floor|Bldg|Lot|#)\.? ?#?[\w\-]{1,10})?"
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
        40,
    ),
    ("PHONE", _INTL_PHONE_RE, _sniffs(r"\+(?=[2-9]\d{0,2}[ .\-])"), 0, 100),
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
    (
        "SSN",
        rf"ssn{_NUM}|s\.s\.n\.?|social{_SEP}security{_NUM}|soc\.?{_SEP}sec\.?{_NUM}"
        rf"|ss{_SEP}(?:#|no\.?|num(?:ber)?)",
        True,
    ),
    ("DOB", rf"dob|d\.o\.b\.?|date{_SEP}of{_SEP}birth|birth{_SEP}date|birthday|born(?: on)?", True),
    (
        "MRN",
        rf"mrn{_NUM}|mr{_SEP}(?:#|no\.?|num(?:ber)?)|medical{_SEP}record{_NUM}|med\.?{_SEP}rec\.?{_NUM}"
        rf"|chart{_SEP}(?:number|no\.?|#)|hosp(?:ital)?{_SEP}(?:#|no\.?|number)",
        True,
    ),
    (
        "HEALTH_PLAN_ID",
        rf"member{_SEP}(?:id|number|no\.?|#)|health{_SEP}plan{_SEP}(?:id|number|no\.?)"
        rf"|subscriber{_SEP}(?:id|number)|insurance{_SEP}(?:id|number|no\.?)"
        rf"|policy{_SEP}(?:number|no\.?|#)|medicaid{_SEP}(?:id|number|no\.?)"
        rf"|beneficiary{_SEP}id|group{_SEP}(?:number|no\.?|#)|ins(?:urance)?\.?{_SEP}(?:id|#|no\.?)"
        rf"|policy{_SEP}id|subscriber{_SEP}(?:no\.?|#)|medicaid{_SEP}#|member{_SEP}#",
        True,
    ),
    ("MBI", rf"mbi|medicare{_SEP}(?:beneficiary{_SEP})?(?:id|number|no\.?)", True),
    ("NPI", rf"npi{_NUM}", True),
    ("DEA", rf"dea{_NUM}", True),
    ("ICD10", rf"icd{_SEP}10(?:{_SEP}cm)?(?:{_SEP}code)?|diagnosis{_SEP}code|dx{_SEP}code", True),
    ("ICD10", r"diagnosis|dx|icd", False),
    (
        "PHONE",
        rf"phone{_NUM}|telephone|fax{_NUM}|mobile{_NUM}|cell{_SEP}phone|pager|beeper",
        True,
    ),
    ("PHONE", rf"tel\.?|ph\.?|cell|contact{_SEP}number", False),
    ("ADDRESS", rf"(?:home{_SEP}|mailing{_SEP}|street{_SEP})?address|addr", False),
    ("ZIP", rf"zip{_SEP}code|zip|postal{_SEP}code|zip5", False),
    ("IP_ADDRESS", rf"ip{_SEP}address|ip", False),
    (
        "DEVICE_ID",
        rf"device{_SEP}(?:id|serial{_NUM})|serial{_SEP}(?:number|no\.?|#)|s/n|udi"
        rf"|implant{_SEP}(?:id|serial)",
        True,
    ),
    (
        "ACCOUNT",
        rf"account{_SEP}(?:number|no\.?|num|#)|acct\.?{_NUM}|bank{_SEP}account|iban"
        rf"|billing{_SEP}(?:account|#|no\.?|number)|(?-i:FIN){_NUM}",
        True,
    ),
    (
        "LICENSE",
        rf"(?:driver'?s?{_SEP})?licen[cs]e{_SEP}(?:number|no\.?|#)|dl{_SEP}(?:number|no\.?|#)"
        rf"|driver'?s?{_SEP}(?:licen[cs]e|lic\.?)(?:{_SEP}(?:number|no\.?|#))?"
        rf"|lic\.?{_SEP}(?:#|no\.?|num(?:ber)?)|passport{_NUM}",
        True,
    ),
    ("LICENSE", r"dl|licen[cs]e|passport", False),
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
    r"(?i)"
    + _WS
    + "(?:"
    + "|".join(f"(?P<L{i}>{rx})" for i, (_, rx, _) in enumerate(_LABELS))
    # ``**DOB:** 1962-03-14``: Markdown emphasis around a label
    + r")[\"']?\]?\*{0,2}(?:(?P<sep>\s*(?:[:=#]|\bis\b|\bwas\b|\bof\b|-)\s*)|(?P<space> {1,3}))"
    # ``[**2151-7-16**]``: MIMIC-III's mark around a shifted date
    + r"(?:\*{1,2}[ \t]*)?[\"']?(?:\[\*\*)?(?P<value>[^\n\r\"'\t;|{}<>\[\]()*]{1,64})"
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
    while text and cuts < 14:  # a value is at most 64 characters: every word break
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
    line = text[_line_start(text, start) : _line_end(text, end)]
    return _TOOL_LOG_LINE.search(line) is not None


def _line_end(text: str, pos: int, reach: int = 400) -> int:
    """Where the line holding ``pos`` ends, looking at most ``reach`` characters ahead."""
    end = text.find("\n", pos, pos + reach)
    return min(len(text), pos + reach) if end < 0 else end


def _line_start(text: str, pos: int, reach: int = 400) -> int:
    """Where the line holding ``pos`` starts, looking at most ``reach`` characters back."""
    return max(text.rfind("\n", max(0, pos - reach), pos) + 1, pos - reach, 0)


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


#: A label just before a number that says it is a phone ("Phone:", "Cell (", "Tel. #").
_PHONE_LABEL = re.compile(
    r"(?i)\b(?:phone|telephone|tel|cell|mobile|fax|ph|contact\s+number)\b[\s.:#=(\-]{0,4}$"
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
                    if v.valid_phone(value) or (
                        _PHONE_LABEL.search(text, max(0, m.start() - 32), m.start()) is not None
                        and v.valid_phone(value, relaxed=True)
                    ):
                        yield Hit("PHONE", m.start(), m.end(), 1)
                elif kind == "IP":
                    if v.valid_ipv4(value) and not _infrastructure_ip(text, m.start(), m.end()):
                        yield Hit("IP_ADDRESS", m.start(), m.end(), 1)
                elif kind == "ADDRESS":
                    if not v.famous_address(value) and _street_address(text, m):
                        unit = _UNIT_FIRST.search(text, max(0, m.start() - 12), m.start())
                        start = m.start() if unit is None else unit.start()
                        yield Hit(kind, start, m.end(), 1)
                else:
                    yield Hit(kind, m.start(), m.end(), 1)
        for m in _near(text, _STATE_ZIP_RE, _STATE_ZIP_SNIFF, 0, 20):
            if v.valid_zip(m.group(1)):
                yield Hit("ZIP", m.start(1), m.end(1), 1)
                yield from _street_before_city(text, m.start())
        if "ox" in text or "OX" in text:
            yield from _box_hits(text)
    if "@" in text:
        yield from _email_hits(text, allowed_domains, prose)
    if "%40" in text or "%2540" in text:
        yield from _encoded_email_hits(text, allowed_domains)
    yield from note_hits(text)


def _email_hits(text: str, allowed_domains: frozenset[str], prose: bool) -> Iterator[Hit]:
    for m in _EMAIL_RE.finditer(text):
        at = m.start()
        local = _LOCAL_RE.search(text, max(0, at - 64), at)
        if local is None or local.end() != at:
            continue
        start = local.start()
        if start > 0 and text[start - 1] in ":/" and not _MAILTO.search(text, 0, start):
            continue  # user:password@host or scheme://user@host, not an e-mail
        address = text[start : m.end()]
        if not v.valid_email(address, allowed_domains):
            continue
        line_start = _line_start(text, start)
        author = _METADATA_LINE.search(text, line_start, start) is not None or (
            prose and _AUTHOR_PROSE.search(text, line_start, start) is not None
        )
        if (
            author
            and not _PERSON_RECORD.search(text, line_start, _line_end(text, m.end()))
            and not _context(text).in_note(start, m.end())  # "Contact:" in a patient's note
        ):
            # package metadata (pip show, setup.py) and a notebook's author or project
            # list name maintainers, not patients
            continue
        yield Hit("EMAIL", start, m.end(), 1)


_MAILTO = re.compile(r"(?i)mailto:$")
_ENCODED_AT = re.compile(r"%(?:25)?40")
_ENCODED_LOCAL = re.compile(r"(?:[A-Za-z0-9._+\-]|%2[BbEe]){1,64}$")
_DOMAIN_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24}(?![\w\-])")


def _encoded_email_hits(text: str, allowed_domains: frozenset[str]) -> Iterator[Hit]:
    """E-mails percent-encoded in URLs and errors (``?email=ana.lima%40gmail.com``)."""
    for at in _ENCODED_AT.finditer(text):
        domain = _DOMAIN_RE.match(text, at.end())
        local = _ENCODED_LOCAL.search(text, max(0, at.start() - 80), at.start())
        if domain is None or local is None:
            continue
        start = local.start()
        if start > 0 and text[start - 1] == "%" and re.match(r"[0-9A-Fa-f]{2}", text[start:]):
            start += 2  # "%3Dana.lima%40...": the encoded "=" before the address
        name = re.sub(r"%2[Bb]", "+", re.sub(r"%2[Ee]", ".", text[start : at.start()]))
        if name and v.valid_email(f"{name}@{domain.group()}", allowed_domains):
            yield Hit("EMAIL", start, domain.end(), 1)


#: A street line without a street type, before ``City, ST 12345`` on its line or the next.
_STREET_LINE = re.compile(
    rf"(?<![\w.\-#])(?:#[ \t]?\w{{1,5}}[ \t]?[-–][ \t]?)?[1-9]\d{{0,5}}[A-Z]?(?: {_DIRECTION})?"
    r" [A-Z][a-z]+(?: (?:[A-Z][a-z]+\.?|[A-Z]\.|\d{1,3}(?:st|nd|rd|th)|of|the)){0,4}"
    r"(?:,? (?:Apt|Suite|Ste|Unit|#)\.? ?#?[\w\-]{1,10})?"
)
_CITY_BEFORE = re.compile(r"(?:[A-Z][a-z]+[ \-]?){1,3},?[ \t]+$")


def _street_before_city(text: str, state: int) -> Iterator[Hit]:
    """``12 Oak, Springfield, IL 62704`` and the two-line form of a mailing address."""
    line_start = _line_start(text, state, 200)
    city = _CITY_BEFORE.search(text, max(line_start, state - 60), state)
    if city is None:
        return
    head = text[line_start : city.start()].rstrip()
    street = None
    if head.endswith(","):  # the street on the same line
        head_end = line_start + len(head) - 1
        for m in _STREET_LINE.finditer(text, max(line_start, head_end - 80), head_end):
            if m.end() == head_end:
                street = m
                break
    elif not head.strip() and line_start > 0:  # the street on the line before
        prev_start = _line_start(text, line_start - 1, 200)
        prev = text[prev_start : line_start - 1]
        line = _STREET_LINE.match(text, prev_start + len(prev) - len(prev.lstrip()))
        if line is not None and not text[line.end() : line_start - 1].strip(" ,"):
            street = line
    if street is None:
        return
    # without a street type, only where an address or a person's record is meant
    lo = max(0, street.start() - 80)
    if _COUNTER_BEFORE.search(text, lo, street.start()):
        return
    if (
        _ADDRESS_CONTEXT.search(text, lo, street.start())
        or _Context(text[max(0, street.start() - 300) : state + 300]).pos
    ):
        yield Hit("ADDRESS", street.start(), street.end(), 1)


#: A post-office box or a rural route (``P.O. Box 123``, ``RR 2, Box 15``).
_BOX_RE = re.compile(
    r"(?<![\w.])(?:[Pp]\.?[ \t]?[Oo]\.?[ \t]?(?:[Bb]ox|BOX)|[Pp]ost [Oo]ffice [Bb]ox"
    r"|(?:R\.?R\.?|[Rr]ural [Rr]oute|HC)[ \t]*\d{1,4},?[ \t]*(?:[Bb]ox|BOX))[ \t]*#?[ \t]*\d{1,6}"
    r"(?![\w\-])"
)
_BOX_SNIFF = re.compile(r"[Oo][Xx]")


def _box_hits(text: str) -> Iterator[Hit]:
    """Post-office boxes and rural routes, when an address label, a place or a record is near."""
    done = 0
    for s in _BOX_SNIFF.finditer(text):
        if s.start() < done:
            continue
        for m in _BOX_RE.finditer(text, max(done, s.start() - 40), min(len(text), s.end() + 12)):
            done = m.end()
            line_start = _line_start(text, m.start(), 200)
            if (
                _ADDRESS_TAIL.match(text, m.end()) is not None
                or _ADDRESS_CONTEXT.search(text, max(line_start, m.start() - 80), m.start())
                or _Context(text[max(0, m.start() - 300) : m.end() + 300]).pos
            ):
                yield Hit("ADDRESS", m.start(), m.end(), 1)


#: Where the next field of a record line starts: a wide gap, a bar, an escaped line break
#: (a repr's ``\\n``), or a ``Label:``.
_NEXT_LABEL = re.compile(
    r"\s{2,}|\s\|\s|\\[nrt]|[,;]?\s+(?=[A-Za-z][A-Za-z.'/]{0,20}(?: [A-Za-z.'/]{1,12}){0,2} ?[#:])"
)
_DATE_LEAD = re.compile(r"(?i)(?:on\s+)?the\s+(?=\d)")


def label_hits(text: str, hints: list[int] | None = None) -> Iterator[Hit]:
    """Values whose label names their type (``MRN: 1234567``, ``"dob": "1980-01-02"``).

    ``hints`` is ``hint_positions(text)`` when the caller has it already.
    """
    companions: list[Hit] = []
    found_phi = False
    positions = hint_positions(text) if hints is None else hints
    extra = _context(text).labels
    if extra:
        positions = sorted(set(positions).union(extra))
    for pos in positions:
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
        value = m.group("value")
        cut = _NEXT_LABEL.search(value)
        if cut is not None:  # "MRN: 00482913  DOB: 03/14/1962": one field of a header line
            value = value[: cut.start()]
        if kind in ("DOB", "DATE"):  # "born on the 14th of March, 1962"
            lead = _DATE_LEAD.match(value)
            if lead is not None:
                base += lead.end()
                value = value[lead.end() :]
        if kind == "NAME":  # "Patient: Mrs. Ana Ruiz": the name without its title
            title = _TITLE_RE.match(value)
            if title is not None:
                base += title.end()
                value = value[title.end() :]
        if kind not in ("NAME", "ADDRESS"):  # "Pt phone: 4135527730." ends a sentence
            value = value.rstrip(".,;: ")
        for _, candidate in _value_candidates(value):
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


# ---- clinical notes --------------------------------------------------------------------
# Names, dates, ages, ICD-10 codes and spelled-out e-mails count only in a note about a
# person: near a record marker (a patient, a DOB, an MRN, an age with "y.o.", "presents
# with", an admission...). The markers are found in one pass over the lower-cased text;
# every other recogniser of this section runs only in windows around them, so a text
# without a marker (code, logs, tutorials, biographies) costs one regex scan.

#: Record markers (lower case), each in a family: a note holds several families, a dataset
#: description or a biography seldom more than one.
_MARKERS: dict[str, tuple[str, ...]] = {
    "patient": ("patient", "pt", "pt's"),
    "birth": ("dob", "d.o.b", "date of birth", "birth date", "birthdate"),
    "ident": ("mrn", "medical record", "ssn", "mr #", "mr#"),
    "age": ("y.o", "y/o", "yo", "yr old", "yrs old", "year old", "years old", "year-old"),
    "present": (
        "presents with", "presents to", "presents for", "presented with", "presented to",
        "presented for", "complains of", "complained of", "complaining of", "chief complaint",
        "c/o", "hpi", "history of present illness", "reason for visit", "reason for admission",
    ),
    "visit": (
        "admitted on", "admitted to", "admitted for", "admitted with", "admitted from",
        "admitted via", "was admitted", "admission date", "date of admission", "discharged on",
        "discharged home", "discharged to", "discharge date", "discharge summary",
        "discharge diagnosis", "discharge diagnoses", "date of discharge", "hospital course",
        "date of service",
        "seen today", "seen in clinic", "seen in the clinic", "seen in office",
        "seen in the office", "seen in the ed", "seen and examined", "seen for follow",
        "follow-up visit", "follow up visit", "followup visit", "follow-up appointment",
        "follow up appointment", "office visit", "clinic visit", "referred by", "referred for",
        "referring physician", "referring provider", "thank you for referring",
    ),
    "sign": (
        "electronically signed", "dictated by", "attending physician", "emergency contact",
        "next of kin",
    ),
}  # fmt: skip
_FAMILY_OF = {word: family for family, words in _MARKERS.items() for word in words}
_FAMILIES = tuple(_MARKERS)
_VISIT = _FAMILIES.index("visit")


#: Where the record labels that no header word of :mod:`.kinds` starts begin (``Lic. #``,
#: ``Ins ID``, ``MR #``, ``FIN``): found in the same pass as the markers.
_LABEL_STARTS = (
    r"ins(?:urance)?\.?[ _\-]?(?:id|#|no)",
    r"lic\.?[ _\-]?(?:#|no|num)",
    r"fin\b",
    r"mr[ _\-]?(?:#|no|num)",
    r"ss[ _\-]?(?:#|no|num)",
    r"pager",
    r"beeper",
    r"billing",
    r"hosp(?:ital)?[ _\-]?(?:#|no|number)",
    r"passport",
    r"ph\.?[ \t]*[:=#]",
)


def _literal_regex(words: list[str], patterns: tuple[str, ...]) -> str:
    # One alternation grouped by first letter, so that one branch is tried per position.
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    for rx in patterns:
        groups.setdefault(rx[0], []).append(rx[1:])
    return "|".join(f"{re.escape(k)}(?:{'|'.join(rest)})" for k, rest in sorted(groups.items()))


_MARKER_WORDS = _literal_regex(list(_FAMILY_OF), _LABEL_STARTS)
#: A marker or label start after a word break: led by the break character, so the regex
#: engine skips in C to the rarer non-word characters instead of trying at every letter.
_MARKER_RE = re.compile(rf"[^a-z0-9_](?:{_MARKER_WORDS})")
_MARKER_AT_START = re.compile(_MARKER_WORDS)
#: A marker right after an escaped line break in a string's repr (``\\nMRN``).
_MARKER_ESCAPED = re.compile(rf"\\[nrt](?:{_MARKER_WORDS})")
_LINE_REACH = 200  # a marker this close on the same line puts a value in a record
_NOTE_REACH = 1500  # two families of markers this close make the text a note
_AGE_BEFORE = re.compile(r"\d[ \-]?$")
_AGE_PERSON = re.compile(
    r"[ \-]{0,2}(?:male|female|man|woman|boy|girl|gentleman|lady|patient|pt|[mfwb]\b|wm|wf|bm|bf"
    r"|white|black|asian|hispanic|caucasian|african|latin[oa]|g\d|with|who|presents|presenting)"
)


class _Context:
    """The record markers of one text, and questions about a position's neighbourhood."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos: list[int] = []
        self.family: list[int] = []
        lower = text.lower()
        if len(lower) != len(text):  # a few characters change length when lowered
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        self.labels: list[int] = []
        size = len(lower)
        first = _MARKER_AT_START.match(lower)
        found = [(0, first.end())] if first is not None else []
        found.extend((m.start() + 1, m.end()) for m in _MARKER_RE.finditer(lower))
        if "\\" in lower:
            found.extend((m.start() + 2, m.end()) for m in _MARKER_ESCAPED.finditer(lower))
            found.sort()
        for p, end in found:
            kind = _FAMILY_OF.get(lower[p:end], "")
            if kind in ("", "ident"):
                self.labels.append(p)
            if not kind or (p and lower[p - 1] in "./") or lower[end : end + 1] == "/":
                continue  # a label start, a file name ("model.pt"), a path or a reference
            if end < size and (
                lower[end] == "_" or (lower[end - 1].isalnum() and lower[end].isalnum())
            ):
                continue  # "patients", "pts", "patient_id": a population or a column
            if kind == "age" and (
                _AGE_BEFORE.search(lower, max(0, p - 3), p) is None
                or ("old" in lower[p:end] and _AGE_PERSON.match(lower, end) is None)
            ):
                continue  # "61 y.o.", "a 61-year-old woman"; not "mean age 61 years old"
            self.pos.append(p)
            self.family.append(_FAMILIES.index(kind))

    def windows(self) -> list[tuple[int, int]]:
        """The merged stretches of text within the note reach of a marker."""
        spans: list[tuple[int, int]] = []
        for p in self.pos:
            lo, hi = max(0, p - _NOTE_REACH), min(len(self.text), p + _NOTE_REACH)
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
        return spans

    def on_line(self, start: int, end: int) -> bool:
        """A marker of a person on the same line, at most a short reach away.

        A visit marker alone (``admitted on``) does not count: logs admit requests too.
        """
        text = self.text
        lo = _line_start(text, start, _LINE_REACH)
        hi = _line_end(text, end, _LINE_REACH)
        i = bisect.bisect_left(self.pos, lo)
        while i < len(self.pos) and self.pos[i] < hi:
            if self.family[i] != _VISIT:
                return True
            i += 1
        return False

    def near(self, start: int, end: int, reach: int = 300) -> bool:
        """A marker of a person within a few lines."""
        i = bisect.bisect_left(self.pos, start - reach)
        while i < len(self.pos) and self.pos[i] < end + reach:
            if self.family[i] != _VISIT:
                return True
            i += 1
        return False

    def in_note(self, start: int, end: int) -> bool:
        """A marker on the same line, or two families of markers in the neighbourhood."""
        if self.on_line(start, end):
            return True
        i = bisect.bisect_left(self.pos, start - _NOTE_REACH)
        families: set[int] = set()
        while i < len(self.pos) and self.pos[i] < end + _NOTE_REACH:
            families.add(self.family[i])
            if len(families) >= 2:
                return True
            i += 1
        return False


#: How many of the Census list's most frequent surnames are read (the rest are rare).
_SURNAMES = 20_000


@functools.lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, names that are common English words), lower case.

    The US Census Bureau's 1990 name frequency lists as the ``names`` package ships
    them (every first name, the most frequent surnames), and the lower-case words of
    Webster's list as the ``english-words`` package ships it; read once, on first use.
    """
    import importlib.util

    from english_words import get_english_words_set

    spec = importlib.util.find_spec("names")
    if spec is None or spec.origin is None:
        raise RuntimeError("the 'names' package (US Census name lists) is not installed")
    folder = Path(spec.origin).parent

    def read(file: str, limit: int | None = None) -> list[str]:
        rows: list[str] = []
        for line in (folder / file).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts and parts[0].isalpha() and len(parts[0]) > 1:
                rows.append(parts[0].lower())
                if limit is not None and len(rows) >= limit:
                    break
        return rows

    first = frozenset(read("dist.male.first") + read("dist.female.first"))
    last = frozenset(read("dist.all.last", _SURNAMES))
    # Webster's word list keeps case: ``will`` and ``rose`` are words, ``Karen`` is a name.
    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return first, last, frozenset(n for n in first | last if n in words)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Capitalised words of notes that are never a person's name, lower case.
_NOT_NAMES = _word_set(
    """the this that these those he she they his her their it its we i you a an and or but with
    without for from to in on at by of as is was were has had have be been not no yes per patient
    pt name date birth dob mrn ssn age sex male female man woman hospital clinic center centre
    medical medicine health care healthcare university college school institute department dept
    unit service services associates group practice family internal general memorial regional
    county state city street avenue road discharge admission admitted discharged diagnosis
    history present illness chief complaint assessment plan impression exam examination physical
    review systems medications medication allergies allergy vital signs labs lab results
    procedure procedures summary note notes progress report follow followup instructions
    disposition condition course hpi ros pmh psh home work phone fax email address insurance
    policy member provider physician doctor nurse attending resident referring primary signed
    electronically dictated seen referred today tomorrow yesterday monday tuesday wednesday
    thursday friday saturday sunday type diabetes hypertension cancer disease syndrome emergency
    contact next kin mother father wife husband son daughter spouse guardian md do rn np pa phd
    jr sr ii iii iv dear sincerely regards thanks thank re subject cc sent mr mrs ms miss dr prof
    mx chart record number id account visit encounter pain denies reports states presents
    presented complains left right bilateral normal negative positive none unknown new old
    weight height temp bp hr rr spo2 bmi ed er icu or pacu cbc bmp cmp ekg ecg ct mri xray
    cardiology oncology neurology radiology surgery pediatrics psychiatry dermatology urology
    nephrology orthopedics gastroenterology pulmonology endocrinology rheumatology obstetrics
    gynecology hematology ophthalmology anesthesia anesthesiology team staff office
    january february march april june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec"""
)
#: Words after a capitalised pair that make it the name of a place, a body or a test.
_ORG_AFTER = _word_set(
    """hospital medical center centre clinic university college health healthcare institute
    memorial foundation school county street st ave avenue road rd blvd drive lane way pharmacy
    labs laboratory laboratories group associates inc llc corp company co park building hall
    library church syndrome disease scale score test criteria classification method award prize
    sign reflex maneuver procedure operation fracture lymphoma sarcoma tumor tumour index
    questionnaire house home village estates heights museum"""
)
_TITLE_RE = re.compile(
    _WS_ALPHA + r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?|MR\.|MRS\.|MS\.|DR\.)[ \t]+(?=[A-Z])"
)
#: A house number and street words before ``Dr``: a street (``12 Oak Dr``), not a doctor.
_STREET_BEFORE = re.compile(r"\d[A-Z]?(?:[ \t]+[A-Z][a-z]+\.?){1,4}[ \t]+$")
#: One word of a name: ``Smith``, ``O'Brien``, ``McDonald``, ``Smith-Jones``, ``SMITH``, ``A.``
#: (Latin-1 letters too: ``Löchel``, ``OLIVÁREZ``)
_UP, _LO = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_WORD = re.compile(
    rf"(?:[{_UP}]['’])?[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:-(?:[{_UP}]['’])?[{_UP}][{_LO}]+)?"
    r"(?![\w'’\-])"
    rf"|(?:[{_UP}]['’])?[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?(?![\w'’\-])"
    rf"|[{_UP}]\.?(?![\w'’\-])"
)
_NAME_GAP = re.compile(r"[ \t]{1,3}|,[ \t]{0,3}")
#: What precedes a name in a record: a patient label, ``Name:``, a signature, a relation.
_NAME_LEAD = re.compile(
    _WS + r"(?i:(?P<patient>patient|pt)(?:'s)?(?:[ \t]+(?:full[ \t]+|legal[ \t]+)?name)?"
    r"|(?P<name>(?:full|legal|preferred)?[ \t]?name)"
    r"|(?P<staff>attending(?:[ \t]+physician)?|resident|fellow|pcp|primary[ \t]+care"
    r"(?:[ \t]+(?:physician|provider))?|referring(?:[ \t]+(?:physician|provider|md|doctor))?"
    r"|provider|physician|surgeon|consultant|nurse|cc|dictated[ \t]+by"
    r"|(?:electronically[ \t]+)?signed(?:[ \t]+by)?|author)"
    r"|(?P<kin>emergency[ \t]+contact|next[ \t]+of[ \t]+kin|nok|guardian|spouse|mother|father"
    r"|husband|wife|caregiver|contact[ \t]+person|responsible[ \t]+party|guarantor))"
    r"\*{0,2}(?P<sep>[ \t]*(?:[:#=\-–]|\bis\b)[ \t]*(?:\*{1,2}[ \t]*)?|[ \t]+)(?=[A-Z])"
)
_BY_RE = re.compile(
    _WS_ALPHA + r"(?i:seen|referred|evaluated|examined|accompanied|signed|dictated|transcribed"
    r"|reviewed|interpreted|performed|attested|cosigned|co-signed|followed|treated|discussed)"
    r"[ \t]+(?i:by|with)[ \t]*:?[ \t]*(?=[A-Z])"
)
_KIN_RE = re.compile(
    _WS_ALPHA + r"(?i:his|her|their|the[ \t]+patient's|pt's|patient's)[ \t]+(?i:husband|wife"
    r"|spouse|partner|son|daughter|mother|father|mom|dad|brother|sister|grandson|granddaughter"
    r"|grandmother|grandfather|aunt|uncle|niece|nephew|fianc[eé]e?|boyfriend|girlfriend"
    r"|caregiver|guardian|friend|neighbou?r|roommate),?[ \t]+(?=[A-Z])"
)
#: A verb of care before the patient's name (``Thank you for referring Ana Ruiz``).
_CARE_RE = re.compile(
    _WS_ALPHA + r"(?i:referring|regarding|re:|saw|seeing|admitted|discharged|examined"
    r"|evaluated|transferred|following)[ \t]+(?=[A-Z])"
)
#: A letter's closing, its signer's name on the next line (``Sincerely,\nJane Roe``).
_CLOSING_RE = re.compile(
    _WS_ALPHA + r"(?i:sincerely|(?:best|kind|warm|warmest)[ \t]+regards|regards|respectfully"
    r"|yours[ \t]+(?:truly|sincerely)|cordially),?[ \t]*\r?\n[ \t]*(?=[A-Z])"
)
#: What a note writes in brackets after a patient's name: sex, birth date, record, age.
_PERSON_ASIDE = re.compile(
    r"[ \t]*\((?:[MF]\b|(?i:male|female|dob\b|d\.o\.b|born|b\.|mrn|age[ \t:]|\d{1,3}[ \t-]?"
    r"(?:y\.?o|y/o|yrs?\b|years?\b)))"
)
_CREDENTIAL_RE = re.compile(
    r",?[ \t]+(?:MD|M\.D\.|DO|D\.O\.|RN|NP|PA-C|APRN|FNP(?:-BC)?|DNP|CNM|CRNA|LPN|LCSW|PharmD"
    r"|DDS|DMD|DPM|MBBS|FACP|FACS|FRCP)(?![A-Za-z])"
)
#: Two capitalised words (``Mary Jones``, ``Mary A. Jones``, ``Jones, Mary``, ``MARY JONES``),
#: one space apart: two spaces or a tab are a table's gutter between two cells.
_PAIR_RE = re.compile(
    rf"(?<![\w'’.\-])(?:(?:[{_UP}]['’])?[{_UP}][{_LO}]+(?: [{_UP}]\.?)? "
    rf"(?:[{_UP}]['’])?[{_UP}][{_LO}]+"
    rf"|(?:[{_UP}]['’])?[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?, ?[{_UP}][{_LO}]+"
    rf"|[{_UP}]{{2,}} (?:[{_UP}]\.? )?[{_UP}]{{2,}})(?![\w'’\-])"
)


def _read_name(text: str, pos: int, limit: int = 4) -> list[tuple[int, int]]:
    """The spans of up to ``limit`` name-shaped words from ``pos`` (one comma allowed)."""
    words: list[tuple[int, int]] = []
    comma = False
    while len(words) < limit:
        m = _NAME_WORD.match(text, pos)
        if m is None:
            break
        words.append((m.start(), m.end()))
        gap = _NAME_GAP.match(text, m.end())
        if gap is None:
            break
        if "," in gap.group():
            if comma or len(words) > 1:
                break
            comma = True
        pos = gap.end()
    return words


def _word(text: str, span: tuple[int, int]) -> str:
    word = text[span[0] : span[1]].rstrip(".").lower().replace("’", "'")
    if not word.isascii():  # the Census lists are unaccented: René is rene, Raúl raul
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return word


def _name_extent(text: str, words: list[tuple[int, int]], mode: str) -> tuple[int, int] | None:
    """The span of the name that ``words`` start with, or None.

    ``mode`` says how sure the context is that a name follows: ``"title"`` (``Dr.``: any
    capitalised word), ``"label"`` (``Patient:``: two words, or one known name) or
    ``"loose"`` (a first name from the dictionary, and a surname if the first name is
    also an English word).
    """
    first, last, common = _names()
    kept: list[tuple[int, int]] = []
    comma = False
    for span in words:
        w = _word(text, span)
        if len(w) > 1 and w in _NOT_NAMES:
            break
        if not kept:
            kept.append(span)
            continue
        prev = _word(text, kept[-1])
        after_comma = "," in text[kept[-1][1] : span[0]]
        # a word joins the name after a first name or an initial, as a surname, or as the
        # given name of "Smith, John"
        if (
            prev in first
            or len(prev) == 1
            or (w in last and w not in common)
            or len(w) == 1
            or (after_comma and w in first)
            # after a title or a label, a second capitalised word is the surname
            or (mode != "loose" and len(kept) == 1 and not after_comma and w not in _ORG_AFTER)
        ):
            kept.append(span)
            comma = comma or after_comma
        else:
            break
    while len(kept) > 1 and kept[-1][1] - kept[-1][0] <= 2:  # "John A." -> "John"
        kept.pop()
    if not kept or (len(kept) == 1 and kept[0][1] - kept[0][0] <= 2):
        return None
    tokens = [_word(text, s) for s in kept if s[1] - s[0] > 2]
    if (
        mode == "label"
        and len(tokens) < 2
        and (
            not tokens or tokens[0] in common or (tokens[0] not in first and tokens[0] not in last)
        )
    ):
        return None
    if mode == "loose":
        if len(tokens) < 2:
            return None
        given, family = (tokens[1], tokens[0]) if comma else (tokens[0], tokens[-1])
        if given not in first or (given in common and family not in last):
            return None
    nxt = re.match(r"[ \t]+([A-Z][a-z]+)", text[kept[-1][1] : kept[-1][1] + 24])
    if nxt is not None and nxt.group(1).lower() in _ORG_AFTER:
        return None  # "Mary Washington Hospital"
    return kept[0][0], kept[-1][1]


def _note_names(text: str, ctx: _Context, lo: int, hi: int) -> Iterator[Hit]:
    """Names after titles, record labels, signatures and relations, and dictionary names."""
    for m in _TITLE_RE.finditer(text, lo, hi):
        if text.startswith("Dr", m.start()) and _STREET_BEFORE.search(
            text, max(0, m.start() - 60), m.start()
        ):
            continue
        span = _name_extent(text, _read_name(text, m.end(), 3), "title")
        if span is not None and ctx.in_note(m.start(), span[1]):
            yield Hit("NAME", span[0], span[1], 2)
    for m in _NAME_LEAD.finditer(text, lo, hi):
        loose = m.group("sep").strip() == ""
        if loose and m.group("patient") is None:
            continue  # "Name Smith" is a heading; "Pt John Smith" is a record
        if _TITLE_RE.match(text, m.end()) is not None:
            continue  # "Attending: Dr. Lee" is read from its title
        span = _name_extent(text, _read_name(text, m.end()), "loose" if loose else "label")
        if span is not None and ctx.in_note(m.start(), span[1]):
            yield Hit("NAME", span[0], span[1], 2)
    for rx in (_CARE_RE, _CLOSING_RE):
        for m in rx.finditer(text, lo, hi):
            if _TITLE_RE.match(text, m.end()) is not None:
                continue  # "Re: Dr. Lee" is read from its title
            span = _name_extent(text, _read_name(text, m.end(), 3), "label")
            if span is not None and ctx.in_note(m.start(), span[1]):
                yield Hit("NAME", span[0], span[1], 2)
    for rx in (_BY_RE, _KIN_RE):
        for m in rx.finditer(text, lo, hi):
            if _TITLE_RE.match(text, m.end()) is not None:
                continue
            words = _read_name(text, m.end(), 3)
            span = _name_extent(text, words, "loose")
            if span is None and rx is _KIN_RE and words:
                # "her husband Tom": a first name alone is enough after a relation
                w = _word(text, words[0])
                if w in _names()[0] and w not in _NOT_NAMES:
                    span = words[0]
            if span is not None and ctx.in_note(m.start(), span[1]):
                yield Hit("NAME", span[0], span[1], 2)
    pos = lo
    while True:
        pair = _PAIR_RE.search(text, pos, hi)
        if pair is None:
            break
        words = _read_name(text, pair.start(), 3)
        span = None
        if ctx.on_line(pair.start(), pair.end()):
            aside = _PERSON_ASIDE.match(text, words[-1][1]) if words else None
            span = _name_extent(text, words, "label" if aside else "loose")
            cred = _CREDENTIAL_RE.match(text, pair.end())
            if span is None and cred is not None and len(words) >= 2:
                span = (words[0][0], words[-1][1])  # "Jane Roe, MD"
        if span is not None:
            yield Hit("NAME", span[0], span[1], 2, "low")
            pos = span[1]
        else:  # "Today Mary Jones": try again from the second word
            pos = words[1][0] if len(words) > 1 else pair.end()


_DATE = v.DATE_PATTERN
#: A date of a visit, an admission, a discharge, a death (``admitted on 03/02/2023``).
_EVENT_DATE_RE = re.compile(
    _WS_ALPHA + r"(?i:(?:date[ \t]+of[ \t]+)?(?:admission|discharge|service|death|visit|surgery"
    r"|procedure|injury|encounter|operation)(?:[ \t]+date)?|dos|doa|dod|date|admitted|discharged"
    r"|seen|visited|evaluated|examined|died|expired|deceased|transferred|returned|presented"
    r"|arrived|operated|last[ \t]+seen|last[ \t]+visit|follow[- ]?up|f/u|appointment|appt)"
    r"(?:\s{1,3}(?i:in|at|to)\s{1,3}(?:the\s{1,3})?[A-Za-z]{2,12})?"  # "seen in clinic on"
    r"[ \t]*(?:[:=\-–#][ \t]*|\s{1,3}(?i:on|at|of|was|is)\s{1,3})?(?:(?i:on|the)\s{1,3}){0,2}"
    rf"(?:\[\*\*)?(?P<date>{_DATE})"
)
_BIRTH_BEFORE = re.compile(r"(?i)birth[ \t_\-]?$")
#: Any full date, for the dates a note gives without an event word (``signed ... on``).
_ANY_DATE_RE = re.compile(rf"(?<![\w/.\-:])(?:{_DATE})(?![\w/\-]|[.:]\d)")
#: A month and day without a year (``on March 3rd``, ``on the 3rd of March``): a date
#: element Safe Harbor counts too, read only after ``on`` in a note.
_YEARLESS_RE = re.compile(
    rf"(?<![A-Za-z])(?i:(?:{v.MONTHS})\.?[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+of[ \t]+(?:{v.MONTHS}))(?![\w/\-]|,?[ \t]*\d)"
)
_ON_CUE = re.compile(r"(?i)(?<![A-Za-z])on[ \t]+(?:the[ \t]+)?$")
#: A birth label just before a date: the date is a DOB, read by the label pass.
_BIRTH_CUE = re.compile(
    r"(?i)(?:born|dob|d\.o\.b\.?|birth(?:[ \t_\-]?date|day)?|b\.)[ \t]*[:=\-–]?[ \t]*"
    r"(?:on[ \t]+)?(?:the[ \t]+)?\**[ \t]*$"
)
#: A line of a DICOM dump (``(0018,1020) Software Versions ...``).
_DICOM_LINE = re.compile(r"[ \t]*\(?[0-9A-Fa-f]{4},[ \t]?[0-9A-Fa-f]{4}\)")
#: A birth date after ``b.`` (``b. 3/14/1962``): the other birth labels are record labels.
_BORN_RE = re.compile(rf"(?<![A-Za-z])b\.[ \t]*(?P<date>{_DATE})")
#: An age over 89 (``92 y.o.``, ``aged 93``): Safe Harbor counts it with dates.
_OLD_AGE_RE = re.compile(
    r"(?<![\w.])(?P<age>9\d|1[01]\d)[ \t]*-?[ \t]*(?i:y\.?o\.?|y/o|yo|yrs?\.?(?:[ \t\-]*old)?"
    r"|years?(?:[ \t\-]*old|[ \t]+of[ \t]+age)?)(?![A-Za-z])"
    r"|(?<![A-Za-z])(?i:aged?|age[ \t]*:)[ \t]*(?P<age2>9\d|1[01]\d)(?![\w.])"
)
_ICD_RE = re.compile(r"(?<![\w.\-/])[A-TV-Z]\d[0-9AB](?:\.[0-9A-TV-Z]{1,4})?(?![\w\-/]|\.\d)")
_DIAGNOSIS_WORD = re.compile(r"(?i)\b(?:dx|diagnos|icd|problem|assessment|impression|hx of)")
_NOT_ICD = frozenset({"B12", "T10", "T11", "T12"})  # vitamin B12, thoracic vertebrae
_SPELLED_SEP = r"(?:[ \t]*(?:\.|\[dot\]|\(dot\))[ \t]*|\s{1,3}dot\s{1,3})"
#: ``john dot smith at gmail dot com``, ``jsmith [at] gmail [dot] com``.
_TLD_WORDS = "com org net edu gov mil us uk ca au de fr io co me info biz nl"
_TLDS = _word_set(_TLD_WORDS)
_SPELLED_EMAIL_RE = re.compile(
    rf"(?i)(?<![\w.])(?P<local>[a-z0-9_+\-]+(?:{_SPELLED_SEP}[a-z0-9_+\-]+){{0,3}})"
    r"(?:[ \t]*(?:\[at\]|\(at\)|\{at\})[ \t]*|\s{1,3}at\s{1,3})"
    rf"(?P<domain>[a-z0-9\-]+(?:{_SPELLED_SEP}[a-z0-9\-]+){{0,2}}?{_SPELLED_SEP}"
    rf"(?:{_TLD_WORDS.replace(' ', '|')}))(?![\w])"
)
_NOT_LOCAL = _word_set("him her them us me you it this that out reach contact email is")


def _spelled_email(m: re.Match[str]) -> str | None:
    """The address a spelled-out e-mail stands for, if it reads as one."""
    if not re.search(r"(?i)\bdot\b|\[at\]|\(at\)|\[dot\]|\(dot\)", m.group()):
        return None
    sep = re.compile(_SPELLED_SEP, re.I)
    local = sep.sub(".", m.group("local")).lower()
    domain = sep.sub(".", m.group("domain")).lower()
    if local in _NOT_LOCAL or domain.rsplit(".", 1)[-1] not in _TLDS:
        return None
    address = f"{local}@{domain}"
    return address if v.valid_email(address) else None


#: Where a note says someone lives: the street after it needs no known street type
#: (``Lives at 53117 Stephanie Mountains``, ``resides at 9 Quarry Hill``).
_LIVES_AT = re.compile(
    _WS_ALPHA + r"(?i:lives|living|resides|residing|moved|relocated|stays|staying)[ \t]+"
    r"(?i:at|on|to)[ \t]+"
)


def _note_values(text: str, ctx: _Context, lo: int, hi: int) -> Iterator[Hit]:
    """Event dates, ``b.`` birth dates, ages over 89, ICD-10 codes, spelled e-mails and
    the streets people live on."""
    for m in _LIVES_AT.finditer(text, lo, hi):
        street = _STREET_LINE.match(text, m.end())
        if street is not None and ctx.in_note(m.start(), street.end()):
            yield Hit("ADDRESS", street.start(), street.end(), 2)
    for m in _EVENT_DATE_RE.finditer(text, lo, hi):
        date = m.group("date")
        if _BIRTH_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "Birth date: ...": a label of its own (DOB)
        near = ctx.in_note(m.start(), m.end()) or ctx.near(m.start(), m.end())
        if near and v.valid_date(date, v.TYPED_YEARS):  # an event's date: shifted years too
            yield Hit("DATE", m.start("date"), m.end("date"), 2)
    yield from _note_dates(text, ctx, lo, hi)
    for m in _BORN_RE.finditer(text, lo, hi):
        if v.valid_date(m.group("date")) and ctx.in_note(m.start(), m.end()):
            yield Hit("DOB", m.start("date"), m.end("date"), 2)
    for m in _OLD_AGE_RE.finditer(text, lo, hi):
        group = "age" if m.group("age") is not None else "age2"
        if ctx.in_note(m.start(), m.end()):
            # no AGE type: Safe Harbor lists ages over 89 under dates, so a DATE
            yield Hit("DATE", m.start(group), m.end(group), 2)
    for m in _ICD_RE.finditer(text, lo, hi):
        code = m.group()
        if code in _NOT_ICD:
            continue
        # the line and the two before it: a diagnosis list under its heading
        above = _line_start(text, _line_start(text, _line_start(text, m.start()) - 1) - 1)
        diagnosis = _DIAGNOSIS_WORD.search(text, above, _line_end(text, m.end(), 200))
        if (ctx.on_line(m.start(), m.end()) and ("." in code or diagnosis)) or (
            diagnosis and ctx.in_note(m.start(), m.end())
        ):
            yield Hit("ICD10", m.start(), m.end(), 2)
    window = text[lo:hi].lower()
    if "dot" in window or "[at]" in window or "(at)" in window:
        for m in _SPELLED_EMAIL_RE.finditer(text, lo, hi):
            if _spelled_email(m) is not None and ctx.on_line(m.start(), m.end()):
                yield Hit("EMAIL", m.start(), m.end(), 2)


def _note_dates(text: str, ctx: _Context, lo: int, hi: int) -> Iterator[Hit]:
    """The other full dates of a note (every date of a patient's care is PHI): on the line
    of a person marker, or where two families of record markers are near; a month and day
    after ``on``.

    A date after a birth label is left to that label (a DOB), a record's quoted value and a
    DICOM element's to their readers, a log line's time stamp is the log's. The hits yield
    to every typed reading of the same text (a table's or a record's column says more).
    """
    for m in _ANY_DATE_RE.finditer(text, lo, hi):
        start, end = m.start(), m.end()
        line = _line_start(text, start, 120)
        before = text[max(line, start - 40) : start]
        if m.group().isdigit() or _BIRTH_CUE.search(before) or not v.valid_date(m.group()):
            continue  # ``20210314`` alone is as often a number as a date
        quote = before[-1:]
        if quote and quote in "\"'" and text[end : end + 1] == quote:
            continue  # a record's quoted value: its key says what it is (the record readers)
        if ":" in m.group() and not before.strip():
            continue  # a log line's time stamp
        if _DICOM_LINE.match(text, _line_start(text, start)):
            continue  # a DICOM element's value: read by its tag (:mod:`.formats.dicom`)
        if ctx.in_note(start, end):
            yield Hit("DATE", start, end, 1)
    if "on" not in text[lo:hi]:
        return
    for m in _YEARLESS_RE.finditer(text, lo, hi):
        start, end = m.start(), m.end()
        day = int(m.group("day") or m.group("day2"))
        cue = _ON_CUE.search(text, max(0, start - 12), start)
        if 1 <= day <= 31 and cue is not None and ctx.in_note(start, end):
            yield Hit("DATE", start, end, 1)


_LAST: list[_Context] = []


def _context(text: str) -> _Context:
    """The markers of ``text``, computed once for the passes over the same text."""
    last = _LAST[0] if _LAST else None
    if last is not None and last.text is text:
        return last
    ctx = _Context(text)
    _LAST[:] = [ctx]
    return ctx


def note_hits(text: str) -> Iterator[Hit]:
    """Identifiers that only a clinical note's context makes PHI (see the section comment)."""
    ctx = _context(text)
    for lo, hi in ctx.windows():
        yield from _note_names(text, ctx, lo, hi)
        yield from _note_values(text, ctx, lo, hi)
