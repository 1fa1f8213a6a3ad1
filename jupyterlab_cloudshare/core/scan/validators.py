"""Checks that turn a pattern match into a finding: checksums, issuing rules, sanity.

Each validator takes the matched text and says whether it is a plausible
identifier of its kind. They run on candidates only, never on whole texts.
"""

from __future__ import annotations

import math
import re
from collections import Counter

#: SSNs published as examples (advertising, documentation) are never real.
SAMPLE_SSNS = frozenset(
    {"078051120", "219099999", "123456789", "111111111", "987654320", "111223333", "123121234"}
)


def digits(text: str) -> str:
    """Only the digits of ``text``."""
    return "".join(c for c in text if c.isdigit())


def valid_ssn(text: str) -> bool:
    """An SSN the SSA could issue: area not 000/666/9xx, group not 00, serial not 0000."""
    d = digits(text)
    if len(d) != 9 or d in SAMPLE_SSNS or len(set(d)) <= 2:
        return False  # published samples and stand-ins like 111-11-1111, 121-21-2121
    area, group, serial = d[:3], d[3:5], d[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    if group == "00" or serial == "0000":
        return False
    # 987-65-4320 ... 987-65-4329 are reserved for advertising.
    return not d.startswith("98765432")


def luhn_ok(number: str) -> bool:
    """The Luhn mod-10 check over a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        n = ord(ch) - 48
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def valid_npi(text: str) -> bool:
    """A National Provider Identifier: 10 digits, Luhn-valid with the 80840 prefix."""
    d = digits(text)
    return len(d) == 10 and d[0] in "12" and luhn_ok("80840" + d)


_DEA_FIRST = frozenset("ABCDEFGHJKLMPRSTUX")


def valid_dea(text: str) -> bool:
    """A DEA registration number: two letters (or letter + 9), seven digits, checksum."""
    t = text.strip().upper()
    if len(t) != 9 or t[0] not in _DEA_FIRST or not (t[1].isalpha() or t[1] == "9"):
        return False
    d = t[2:]
    if not d.isdigit():
        return False
    n = [int(c) for c in d]
    check = (n[0] + n[2] + n[4]) + 2 * (n[1] + n[3] + n[5])
    return check % 10 == n[6]


_MBI_RE = re.compile(
    r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]"
    r"-?[AC-HJKMNP-RT-Y]{2}[0-9]{2}"
)


def valid_mbi(text: str) -> bool:
    """A Medicare Beneficiary Identifier (11 characters, CMS position rules)."""
    return _MBI_RE.fullmatch(text.strip().upper()) is not None


#: An extension after a number (``x1234``, ``ext. 12``, ``extension 3``).
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension|#)\s*\d{1,6}$", re.I)
#: ITU-T E.164 country codes (without +1, NANP, which has its own rules).
_COUNTRY_CODE_LIST = (
    "7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62"
    " 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225"
    " 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 248"
    " 249 250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291"
    " 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378"
    " 380 381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509 590"
    " 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680 681 682 683"
    " 685 686 687 688 689 690 691 692 850 852 853 855 856 880 886 960 961 962 963 964 965 966"
    " 967 968 970 971 972 973 974 975 976 977 992 993 994 995 996 998"
)
_COUNTRY_CODES = frozenset(_COUNTRY_CODE_LIST.split())


def valid_phone(text: str, *, relaxed: bool = False) -> bool:
    """A NANP number (area and exchange start 2-9, not a fictional 555-01xx line), or an
    international one (``+44 20 7946 0958``: a known country code, 8 to 15 digits).

    An extension (``x1234``, ``ext. 12``) may follow. ``relaxed`` (a column or label
    says it is a phone) accepts bare 10 digits and the fictional 555-01xx lines.
    """
    raw = text.strip()
    if "." in raw and re.fullmatch(r"\d+\.\d+(e[+-]?\d+)?", raw):
        return False  # a float in a table, never a phone
    if re.search(r"\d", raw[-1:]):
        ext = _EXTENSION.search(raw)
        if ext is not None and ext.start() > 0 and re.search(r"[\d)]$", raw[: ext.start()]):
            raw = raw[: ext.start()].rstrip()
    d = digits(raw)
    intl = re.match(r"(?:\+|00|011[ .\-]?)(?!1)", raw)
    if intl is not None:
        rest = digits(raw[intl.end() :])
        ok = any(rest[:n] in _COUNTRY_CODES for n in (1, 2, 3))
        return ok and 8 <= len(rest) <= 15 and len(set(rest)) > 2
    if len(d) == 13 and raw.startswith("001"):
        d = d[2:]
    if len(d) == 11 and d[0] == "1":
        d = d[1:]
    if len(d) != 10:
        return False
    area, exchange = d[:3], d[3:6]
    if area[0] in "01" or exchange[0] in "01":
        return False
    if area[1:] == "11" or exchange[1:] == "11":
        return False  # N11 service codes
    if exchange == "555" and d[6:].startswith("01") and not relaxed:
        # 555-0100..0199 are reserved for fiction: unflagged by shape alone, but where a
        # field or label says "phone" they are what generated patient data holds.
        return False
    if len(set(d)) <= 2:
        return False
    return not (not relaxed and raw.isdigit())


_EXAMPLE_DOMAINS = re.compile(
    r"(?:^|\.)(?:example\.(?:com|org|net|edu)|example|test|invalid|localhost|local"
    r"|users\.noreply\.github\.com|noreply\.github\.com|gserviceaccount\.com"
    r"|(?:your|my)?domain\.com|(?:your)?company\.com|email\.com|test\.com|foo\.com|bar\.com"
    r"|somewhere\.com|website\.com)$"
)
#: Local parts tutorials use as stand-ins (``your_email@gmail.com``, ``user@...``).
_PLACEHOLDER_LOCAL = re.compile(
    r"(?i)your.*|my[._\-]?(?:email|e[._\-]?mail|mail|name|address|account)|user(?:name)?|name"
    r"|e?mail|me|test(?:er|ing)?|foo|bar|baz|abc|xyz|sender|receiver|recipient|from|to"
    r"|some(?:one|body)|john[._\-]?doe|jane[._\-]?doe|first[._\-]?last|firstname[._\-]?lastname"
    r"|x{2,}|a{2,}"
)
#: Mailing lists, forums and role mailboxes: an address many people read, not a person's.
_LIST_DOMAINS = re.compile(
    r"(?:^|\.)(?:googlegroups\.com|groups\.io|python\.org|scipy\.org|freelists\.org"
    r"|discoursemail\.com|discourse\.[a-z.]+|lists\.[a-z0-9.\-]+|mailman\.[a-z0-9.\-]+"
    r"|listserv\.[a-z0-9.\-]+)$"
)
_LIST_LOCAL = re.compile(
    r"(?i).+-(?:list|users?|devel?|discuss(?:ion)?|announce|request|owner|digest)|.+[._]list"
    r"|discuss|announce|help|support|info|feedback|list|listserv|majordomo|mailman"
)
_FILE_TLDS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "py",
        "ipynb",
        "csv",
        "txt",
        "json",
        "html",
        "htm",
        "js",
        "css",
        "pdf",
        "md",
        "yml",
        "yaml",
        "toml",
        "xml",
        "zip",
        "gz",
        "tar",
        "whl",
        "so",
        "dll",
        "exe",
        "pkl",
        "h5",
        "pt",
        "bin",
    ]
)


def valid_email(address: str, allowed_domains: frozenset[str] = frozenset()) -> bool:
    """A deliverable-looking address outside example and admin-allowed domains."""
    local, _, domain = address.rpartition("@")
    domain = domain.lower().rstrip(".")
    if not local or "." not in domain:
        return False
    if domain.rsplit(".", 1)[1] in _FILE_TLDS:
        return False
    if _EXAMPLE_DOMAINS.search(domain):
        return False
    if local.lower() in ("git", "noreply", "no-reply") or _PLACEHOLDER_LOCAL.fullmatch(local):
        return False
    if _LIST_DOMAINS.search(domain) or _LIST_LOCAL.fullmatch(local):
        return False  # a mailing list or forum
    for allowed in allowed_domains:
        if domain == allowed or domain.endswith("." + allowed):
            return False
    return True


def valid_ipv4(text: str) -> bool:
    """An IPv4 address of a real host (not loopback, unspecified, docs, masks, multicast)."""
    parts = text.split(".")
    if len(parts) != 4:
        return False
    try:
        octets = [int(p) for p in parts]
    except ValueError:
        return False
    if any(o > 255 for o in octets) or any(len(p) > 1 and p[0] == "0" for p in parts):
        return False
    a, b, c, _ = octets
    if a in (0, 127) or a >= 224 or a == 255:
        return False
    if (a, b) == (169, 254):
        return False
    if (a, b, c) in ((192, 0, 2), (198, 51, 100), (203, 0, 113)):
        return False
    # Dotted quads led by three one-digit parts (1.2.3.4, 4.1.2.30: opencv's versions)
    # are version numbers far more often than hosts.
    return not all(o < 10 for o in octets[:3])


MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december"
)
DATE_PATTERN = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    rf"|(?i:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?i:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?,?\s+\d{{4}})"
    # 14-Mar-1962, 14/Mar/62, Mar-14-1962, 14MAR1962 (EHR and lab-system styles)
    rf"|(?i:\d{{1,2}}-(?:{MONTHS})-(?:\d{{4}}|\d{{2}})|\d{{1,2}}/(?:{MONTHS})/(?:\d{{4}}|\d{{2}}))"
    rf"|(?i:(?:{MONTHS})-\d{{1,2}}-\d{{4}})"
    rf"|\d{{2}}(?:{MONTHS.upper()})\d{{4}}"
    r"|(?:1[89]|2[0-2])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
)
_DATE_RE = re.compile(DATE_PATTERN)


#: The years a date found by its shape alone may have (a birth date to a near appointment).
PLAUSIBLE_YEARS = (1900, 2039)
#: The years a date may have where its field or column says it is one: de-identified
#: extracts shift dates by centuries (MIMIC's admissions fall in 2100-2200, the birth
#: dates of its oldest patients before 1900).
TYPED_YEARS = (1800, 2299)


def valid_date(text: str, years: tuple[int, int] = PLAUSIBLE_YEARS) -> bool:
    """A calendar date with a year in ``years``, in figures or with a month name."""
    lo, hi = years
    t = text.strip()
    if _DATE_RE.fullmatch(t) is None:
        return False
    if re.search(r"[A-Za-z]{3}", t):
        # month-name forms: the year is the last number, the day (if any) at most 31
        nums = [int(n) for n in re.findall(r"\d+", t)]
        year = nums[-1] if nums else 0
        if year < 100:
            year += 1900 if year > 39 else 2000
        return lo <= year <= hi and all(1 <= n <= 31 for n in nums[:-1])
    nums = [int(n) for n in re.findall(r"\d+", t.split(" ")[0] if t[:4].isdigit() else t)]
    if t[:8].isdigit() and len(t) == 8:
        nums = [int(t[:4]), int(t[4:6]), int(t[6:])]
    if len(nums) < 3:
        return False
    if t[:4].isdigit():
        year, month, day = nums[:3]
    else:
        first, second, year = nums[:3]
        if year < 100:
            year += 1900 if year > 39 else 2000
        if first > 12:
            first, second = second, first
        month, day = first, second
    return lo <= year <= hi and 1 <= month <= 12 and 1 <= day <= 31


#: Words that are never part of a person's name in a table (organisations, placeholders,
#: summary rows), lower case.
_NOT_NAME_WORDS = frozenset({
    "hospital", "clinic", "center", "centre", "medical", "health", "healthcare", "care",
    "inc", "llc", "ltd", "corp", "corporation", "company", "group", "associates", "pharmacy",
    "university", "college", "school", "department", "dept", "services", "service", "system",
    "systems", "insurance", "bank", "foundation", "institute", "laboratory", "laboratories",
    "lab", "labs", "network", "partners", "practice", "physicians", "medicine", "memorial",
    "general", "regional", "community", "national", "united", "american", "blue", "cross",
    "shield", "mutual", "plan", "trust", "society", "association", "office", "unit", "ward",
    "total", "mean", "average", "median", "sum", "count", "unknown", "none", "null", "nan",
    "nat", "other", "male", "female", "yes", "no", "true", "false", "test", "sample",
    "example", "model", "data", "value", "patient", "the", "of", "and", "for", "with", "n/a",
    "na", "all", "dual", "eligible", "medicare", "medicaid", "insured", "uninsured",
    "anonymous", "redacted", "deidentified", "masked", "hidden",
})  # fmt: skip
#: Lower-case words inside a name (``Ana de la Cruz``, ``Ludwig van Beethoven``).
_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "der", "den", "di", "da", "dos", "das", "du", "la", "le", "van",
     "von", "y", "bin", "binti", "al", "el", "ter", "ten", "st", "st."}
)  # fmt: skip
_PREFIX_RE = re.compile(r"(?i)(?:mr|mrs|ms|miss|mx|dr|prof|rev|sir|dame|fr|sr|sra|srta)\.?")
_SUFFIX_RE = re.compile(
    r"(?i)(?:jr|sr|ii|iii|iv|v|md|phd|dds|dmd|do|rn|np|pa|jd|esq|dpm|od|pharmd|cpa|mba|mph)\.?"
)
#: A name word: a capital, then letters (or all capitals), apostrophes and hyphens inside;
#: Synthea appends up to three digits (``José44``, ``Smith833``).
_NAME_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*\d{0,3}")


def _name_word(word: str) -> bool:
    if _NAME_WORD_RE.fullmatch(word) is None or not word[0].isupper():
        return False
    letters = word.rstrip("0123456789")
    return len(letters) >= 2 and letters.lower().strip("'’-") not in _NOT_NAME_WORDS


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[0].isupper() and word[0].isalpha()


def _name_words(words: list[str], *, minimum: int) -> bool:
    """Name words (with particles, initials, a leading title, a trailing suffix)."""
    real = 0
    for k, w in enumerate(words):
        particle = w.lower() in _NAME_PARTICLES and 0 < k < len(words) - 1
        title = k == 0 and _PREFIX_RE.fullmatch(w) is not None
        suffix = 0 < k == len(words) - 1 and _SUFFIX_RE.fullmatch(w.rstrip(",")) is not None
        if _name_word(w):
            real += 1
        elif not (particle or title or suffix or _initial(w)):
            return False
    return real >= minimum


def valid_name(text: str) -> bool:
    """A person's whole name as a name column holds it.

    ``John Smith``, ``JOHN Q. SMITH``, ``Smith, John A``, ``SMITH,JOHN A`` (Epic),
    ``DOE^JOHN^Q`` (HL7), ``Mrs. Carmen818 Wiza601`` (Synthea): two to five words, each
    capitalised or all capitals, no organisation or placeholder word.
    """
    t = text.strip()
    if not 3 <= len(t) <= 80 or any(c.isdigit() for c in t[:1]):
        return False
    if "^" in t:
        parts = [p for p in t.split("^") if p]
        return 2 <= len(parts) <= 5 and _name_words(" ".join(parts).split(), minimum=2)
    if t.count(",") == 1:
        family, given = (p.strip() for p in t.split(","))
        if not family or not given:
            return False
        if _SUFFIX_RE.fullmatch(given):  # ``John Smith, Jr.``
            return _name_words(family.split(), minimum=2)
        return _name_words(family.split(), minimum=1) and _name_words(given.split(), minimum=1)
    words = t.split()
    return 2 <= len(words) <= 5 and _name_words(words, minimum=2)


def valid_name_part(text: str) -> bool:
    """A first, middle, last or maiden name alone (``José44``, ``O'NEIL``, ``de la Cruz``)."""
    words = text.strip().split()
    if not 1 <= len(words) <= 4:
        return False
    while len(words) > 1 and words[0].lower() in _NAME_PARTICLES:
        words = words[1:]  # a surname that starts with particles: ``van de Heuvel``
    return _name_words(words, minimum=1) and not _PREFIX_RE.fullmatch(words[0])


def valid_name_prefix(text: str) -> bool:
    """A title written before a name (``Mr.``, ``Dr``)."""
    return _PREFIX_RE.fullmatch(text.strip()) is not None


def valid_name_suffix(text: str) -> bool:
    """A suffix written after a name (``Jr.``, ``III``, ``MD``)."""
    return _SUFFIX_RE.fullmatch(text.strip()) is not None


_PLACE_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]*)*\.?")
_NOT_PLACE = frozenset({"unknown", "none", "null", "nan", "n/a", "na", "other", "total", "all"})


def valid_place(text: str) -> bool:
    """A city, town or county name (``Chicopee``, ``St. Louis``, ``Suffolk County``)."""
    t = text.strip()
    words = t.split()
    if not 1 <= len(words) <= 5 or t.lower() in _NOT_PLACE or len(t) < 2:
        return False
    for k, w in enumerate(words):
        if _PLACE_WORD_RE.fullmatch(w) is None:
            return False
        if not w[0].isupper() and not (
            0 < k < len(words) - 1
            and w.lower() in ("of", "on", "upon", "de", "la", "le", "du", "del", "sur")
        ):
            return False
    return True


_UDI_RE = re.compile(r"(?:\(\d{2,4}\)[A-Za-z0-9\-./]{1,40}){2,8}")


def valid_udi(text: str) -> bool:
    """A GS1 Unique Device Identifier: application identifiers ``(01)...(17)...(21)...``."""
    return _UDI_RE.fullmatch(text.strip()) is not None


_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/. ]{3,24}[A-Za-z0-9]")


def valid_identifier(text: str, min_digits: int = 4) -> bool:
    """An alphanumeric record/member/account/licence number with enough digits.

    ``S99999999``, ``X12345678X``, ``AC-00012345``, ``00013D2EFD8E45D1``; not a float,
    a version (``1.2.3``), a hash or UUID (too long), nor words with a number.
    """
    t = text.strip()
    if _ID_RE.fullmatch(t) is None or re.fullmatch(r"-?\d+\.\d+(?:e[+-]?\d+)?", t, re.I):
        return False
    if " " in t and not re.fullmatch(r"[A-Z0-9\-]+(?: [A-Z0-9\-]+){0,2}", t):
        return False
    if re.fullmatch(r"v?\d+(?:\.\d+){1,3}", t):
        return False  # a version number
    return sum(c.isdigit() for c in t) >= min_digits


_MRN_RE = re.compile(r"[A-Za-z]{0,4}[-#]?\d{4,12}[A-Za-z]{0,2}|\d{2,6}(?:-\d{2,6}){1,3}")


def valid_mrn(text: str) -> bool:
    """A medical record number: 5-12 digits with an optional letter prefix or suffix
    (``G6627434``, ``APL324672``, ``000123456``), or digit groups (``12-345-678``).
    """
    t = text.strip()
    if _MRN_RE.fullmatch(t) is None:
        return False
    d = digits(t)
    if not 5 <= len(d) <= 12 or len(set(d)) <= 1:
        return False  # 00000, 99999: stand-ins
    return "-" not in t.lstrip("-") or not valid_date(t)


def valid_zip(text: str) -> bool:
    """A US ZIP or ZIP+4 (not 00000)."""
    t = text.strip()
    return re.fullmatch(r"\d{5}(?:-\d{4})?", t) is not None and not t.startswith("00000")


# A house number, up to seven words (words and gutters alternate, so the match is
# linear), then maybe the rest of a one-line address: ``, City, ST 12345``.
_ADDRESS_RE = re.compile(
    r"\d{1,6}[A-Za-z]?(?:\s+[A-Za-z0-9.'#\-]+){1,7}"
    r"(?:(?:,\s*[A-Za-z][A-Za-z.'\-]*(?:\s[A-Za-z][A-Za-z.'\-]*){0,3}){1,2}"
    r"(?:,?\s[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?|\s\d{5}(?:-\d{4})?)?)?\s*"
)


#: Addresses every geocoding tutorial uses (landmarks, fiction, ``123 Main St``), lower case.
FAMOUS_ADDRESSES = frozenset({
    "1600 amphitheatre parkway", "1600 amphitheatre pkwy", "1600 pennsylvania avenue",
    "1600 pennsylvania ave", "1 apple park way", "1 microsoft way", "410 terry ave",
    "410 terry avenue", "350 5th avenue", "350 5th ave", "350 fifth avenue", "175 5th avenue",
    "175 5th ave", "175 fifth avenue", "221b baker street", "221b baker st",
    "742 evergreen terrace", "4 privet drive", "10 downing street", "123 main street",
    "123 main st", "1234 main street", "1234 main st", "123 fake street", "123 fake st",
    "12345 main street", "12345 main st", "1 infinite loop", "1 hacker way",
})  # fmt: skip


def famous_address(text: str) -> bool:
    """A landmark or made-up address (``1600 Amphitheatre Parkway``, ``123 Main St``)."""
    t = " ".join(text.lower().replace(",", " ").replace(".", " ").split())
    return any(t == a or t.startswith(a + " ") for a in FAMOUS_ADDRESSES)


def valid_address(text: str) -> bool:
    """A street address as a column holds it: a house number then words."""
    t = text.strip()
    if t.endswith(("...", "…")):
        # a cell pandas cut at ``display.max_colwidth``: its street is what tells
        t = t.rstrip(".…")
        m = _ADDRESS_RE.match(t)
        if m is None or m.end() < min(len(t), 12):
            return False
        t = m.group()
    elif _ADDRESS_RE.fullmatch(t) is None:
        return False
    return not famous_address(t) and any(c.isalpha() for c in t)


_ICD10_RE = re.compile(r"[A-TV-Z][0-9][0-9AB](?:\.?[0-9A-TV-Z]{1,4})?")


def valid_icd10(text: str) -> bool:
    """An ICD-10-CM code shape (letter, digit, digit-or-letter, optional extension)."""
    return _ICD10_RE.fullmatch(text.strip()) is not None


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


_PLACEHOLDER_RE = re.compile(
    r"(?i)(?:<[^>]*>|\{[^}]*\}|\$\{?\w*\}?|%\(?\w*\)?s?|\[[^\]]*\]|x{3,}|\*{3,}|\.{3,}|…"
    r"|change[_\-]?me|your[_\-\s].*|.*[_\-\s]here|insert.*|enter.*|replace.*|placeholder.*"
    r"|example.*|dummy.*|sample.*|fake.*|redacted|todo|none|null|nil|undefined"
    r"|password|passwd|secret|token|api[_\-]?key|test|pass|admin|root|default)"
)


def is_placeholder(value: str) -> bool:
    """A value that stands in for a secret instead of being one."""
    v = value.strip()
    if not v:
        return True
    if _PLACEHOLDER_RE.fullmatch(v):
        return True
    low = v.lower()
    if any(w in low for w in ("xxxx", "****", "your_", "your-", "<", "example", "placeholder")):
        return True
    if low in DEFAULT_PASSWORDS:
        return True
    return len(set(v)) <= 2


#: Keyboard and counting runs that mark a made-up key (``abcdef123456``).
MADE_UP_RUNS = ("123456", "abcdef", "qwerty", "asdfgh")

#: Default passwords of local services and the stand-ins tutorials write: they guard nothing.
DEFAULT_PASSWORDS = frozenset({
    "postgres", "postgresql", "mysql", "mariadb", "mongo", "mongodb", "redis", "oracle", "guest",
    "toor", "sa", "changeit", "mypassword", "mysecretpassword", "mysecret", "supersecret",
    "yourpassword", "my_password", "my-password", "dbpassword", "db_password",
})  # fmt: skip
