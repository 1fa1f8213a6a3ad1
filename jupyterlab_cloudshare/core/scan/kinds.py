"""The finding types, their severities, and the words that name them in data.

A column header or a record label (``SSN:``, ``"member_id":``) that names a
type makes the value beside it a candidate of that type; the type's validator
then decides. Headers are normalised (``PatientName`` -> ``patient_name``)
and matched whole, so ``phone_score`` is not a phone column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
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

#: Types a header names that only count in a table (or record) holding a PHI type too
#: (whatever the header: a diagnosis code list with no person in it is reference data).
NEEDS_COMPANION = frozenset({"NAME", "DATE", "ICD10"})

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


#: Where the header vocabulary lives (see its "about" and "safe_harbor" notes).
HEADERS_FILE = Path(__file__).parent / "data" / "headers.json"


class HeaderKind(NamedTuple):
    """What a column header or record key says about the values under it."""

    type: str
    #: The column counts only beside a validated value of a non-companion PHI type.
    companion: bool = False
    #: The value check to use instead of the type's own ("" = the type's).
    shape: str = ""


class _Entry(NamedTuple):
    kind: HeaderKind
    exact: bool
    person_upgrade: bool
    person_only: bool


class _Vocabulary(NamedTuple):
    entries: dict[tuple[str, ...], _Entry]
    abbreviations: dict[str, tuple[str, ...]]
    #: qualifier phrase -> whether it names the person the record is about
    qualifiers: dict[tuple[str, ...], bool]
    tails: frozenset[str]
    #: every word the vocabulary knows (for splitting run-together headers)
    words: frozenset[str]
    #: first words of the headers that count alone, as written in headers
    hint_words: frozenset[str]
    #: words of a header that keys rows to a person (see "person_keys" in the data)
    person_keys: frozenset[str]
    #: words that make a date header's date not a person's (see "date_headers_note")
    not_personal_dates: frozenset[str]


def _words(text: str) -> list[str]:
    """Lower-case words of a header: camelCase, separators, digits and ``#``/``No.`` read."""
    h = re.sub(r"(?i)(?<![a-z])e[\s_\-]?mail", "email", text.strip())
    h = re.sub(r"(?i)(?<=[a-z])'s\b", "", h)
    h = h.replace("#", " number ")
    h = re.sub(r"(?i)\bno\.", " number ", h)
    h = re.sub(r"([a-z])([A-Z])", r"\1 \2", h)
    h = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", h)
    words = re.split(r"[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])", h.lower())
    out: list[str] = []
    letters: list[str] = []  # a run of single letters: D.O.B., S.S.N.
    for w in [*words, ""]:
        if len(w) == 1 and w.isalpha():
            letters.append(w)
            continue
        if letters:
            out.append("".join(letters))
            letters = []
        if w.isdigit() and out and out[-1] == "icd":
            out[-1] += w  # icd10, ICD-9
        elif w and not w.isdigit():  # index numbers: ``address_1``, ``name[0].given[0]``
            out.append(w)
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """The header vocabulary, read once from ``data/headers.json``."""
    raw = json.loads(HEADERS_FILE.read_text(encoding="utf-8"))
    abbreviations = {k: tuple(v.split()) for k, v in raw["abbreviations"].items()}
    qualifiers: dict[tuple[str, ...], bool] = {}
    for person, group_name in ((True, "person"), (False, "other")):
        for q in raw["qualifiers"][group_name]:
            qualifiers.setdefault(tuple(q.split()), person)
    tails = frozenset(raw["tails"])
    entries: dict[tuple[str, ...], _Entry] = {}
    hints: set[str] = set()
    for kind, groups in raw["types"].items():
        for group in groups:
            companion = bool(group.get("companion", False))
            entry = _Entry(
                HeaderKind(kind, companion, group.get("shape", "")),
                bool(group.get("exact", False)),
                bool(group.get("person_upgrade", False)),
                bool(group.get("person_only", False)),
            )
            for name in group["headers"]:
                key = tuple(name.split())
                if key in entries:
                    raise ValueError(f"{HEADERS_FILE.name}: {name!r} is listed twice")
                entries[key] = entry
                if not companion:
                    hints.add(key[0])
    words = {w for key in entries for w in key}
    words |= {w for key in qualifiers for w in key} | tails | set(abbreviations)
    words |= {w for v in abbreviations.values() for w in v}
    # a header is written with an abbreviation as often as with the word
    hints |= {a for a, v in abbreviations.items() if v[0] in hints}
    return _Vocabulary(
        entries,
        abbreviations,
        qualifiers,
        tails,
        frozenset(words),
        frozenset(hints),
        frozenset(raw["person_keys"]),
        frozenset(raw["date_headers_not_personal"]),
    )


def _split_compound(word: str, known: frozenset[str]) -> list[str] | None:
    """``primarypatientinsuranceid`` -> its known words, fewest pieces first; None if none."""
    n = len(word)
    if n > 40:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(0, end - 1):
            prev = best[start]
            piece = word[start:end]
            if prev is not None and piece in known:
                cand = [*prev, piece]
                cur = best[end]
                if cur is None or len(cand) < len(cur):
                    best[end] = cand
    found = best[n]
    return found if found is not None and len(found) > 1 else None


def header_tokens(header: str) -> tuple[str, ...]:
    """The normalised words of a header (``'PAT_MRN_ID'`` -> ``('patient', 'mrn', 'id')``)."""
    vocab = _vocabulary()
    out: list[str] = []
    for w in _words(header):
        pieces = [w] if w in vocab.words else _split_compound(w, vocab.words) or [w]
        if pieces == [w] and len(w) > 5 and w.endswith("time"):
            pieces = [w[:-4], "time"]  # MIMIC's intime, edregtime: a time of something
        for piece in pieces:
            for word in vocab.abbreviations.get(piece, (piece,)):
                if not (out and out[-1] == word == "date"):  # birth_datetime -> birth date
                    out.append(word)
    return tuple(out)


def _qualifier_cuts(tokens: tuple[str, ...], vocab: _Vocabulary) -> list[tuple[int, bool, bool]]:
    """``(start, a person qualifier dropped, another qualifier dropped)`` for each way in."""
    cuts = [(0, False, False)]
    i, person, other = 0, False, False
    while i < len(tokens) - 1:
        for size in (3, 2, 1):
            phrase = tokens[i : i + size]
            if len(phrase) == size and phrase in vocab.qualifiers:
                if vocab.qualifiers[phrase]:
                    person = True
                else:
                    other = True
                i += size
                cuts.append((i, person, other))
                break
        else:
            break
    return cuts


@lru_cache(maxsize=8192)
def header_kind(header: str) -> HeaderKind | None:
    """What a column header or record key names, with its companion rule and value shape.

    Tries the whole normalised header, then without leading qualifiers (``home``,
    ``patient``...), then without trailing tails (``number``, ``id``...).
    """
    if not header or len(header) > 60:
        return None
    tokens = header_tokens(header)
    if not tokens or len(tokens) > 8:
        return None
    vocab = _vocabulary()
    cuts = _qualifier_cuts(tokens, vocab)
    n = len(tokens)
    for j in range(3):
        if j and tokens[n - j] not in vocab.tails:
            break
        for i, person, other in cuts:
            key = tokens[i : n - j]
            entry = vocab.entries.get(key) if key else None
            if entry is None:
                continue
            if entry.person_only and not person:
                continue
            if entry.exact and (j or other):
                continue
            kind = entry.kind
            if kind.companion and person and entry.person_upgrade:
                kind = kind._replace(companion=False)
            return kind
    return _date_header(tokens, vocab)


_DATE_KIND = HeaderKind("DATE", companion=True)


def _date_header(tokens: tuple[str, ...], vocab: _Vocabulary) -> HeaderKind | None:
    """A header that names a date of something (``measurement_date``, ``Date of Injury``).

    A DATE companion column unless a word of it says the date is about data, a document
    or money (``release_date``, ``due_date``: see ``date_headers_note`` in the data).
    """
    if len(tokens) < 2:
        return None
    if tokens[-1] == "date":
        about = tokens[:-1]
    elif tokens[0] == "date" and tokens[1] == "of" and len(tokens) > 2:
        about = tokens[2:]
    else:
        return None
    if any(w in vocab.not_personal_dates or w.isdigit() for w in about):
        return None
    return _DATE_KIND


@lru_cache(maxsize=4096)
def person_key(header: str) -> bool:
    """Whether a column header keys its rows to a person (``PATIENT``, ``subject_id``)."""
    if not header or len(header) > 60:
        return False
    keys = _vocabulary().person_keys
    return any(w in keys for w in header_tokens(header))


@lru_cache(maxsize=1)
def _residence_headers() -> frozenset[tuple[str, ...]]:
    raw = json.loads(HEADERS_FILE.read_text(encoding="utf-8"))
    return frozenset(tuple(h.split()) for h in raw.get("residence_headers", []))


@lru_cache(maxsize=4096)
def residence_header(header: str) -> bool:
    """Whether a column says its table's places are people's homes (OMOP location)."""
    if not header or len(header) > 60:
        return False
    return header_tokens(header) in _residence_headers()


def normalise_header(header: str) -> str:
    """``'Patient Name'``, ``'PatientName'``, ``'pt-name'`` -> ``'patient_name'``."""
    return "_".join(header_tokens(header))


@lru_cache(maxsize=4096)
def header_type(header: str) -> str | None:
    """The finding type a column header or record label names, if any.

    A companion header (``id``, ``city``, ``subject_id``) names no type here unless its
    type is one of :data:`NEEDS_COMPANION`, which callers check; use :func:`header_kind`
    for the full rule and the value shape.
    """
    kind = header_kind(header)
    if kind is None or (kind.companion and kind.type not in NEEDS_COMPANION):
        return None
    return kind.type


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
        "dos",
        "dod",
        "doi",
        "doa",
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


@lru_cache(maxsize=1)
def _hint_re() -> re.Pattern[str]:
    """Label words and the first words of every header that counts alone (built once)."""
    data = {w for w in _vocabulary().hint_words if len(w) >= 2 and w.isalpha()}
    return _hint_regex(HINT_WORDS | data)


def hint_positions(text: str) -> list[int]:
    """Offsets where a header or label word starts (word start or camelCase hump)."""
    lower = text.lower()
    if len(lower) != len(text):  # a few Unicode characters change length when lowered
        return [m.start() for m in re.finditer(r"(?<![A-Za-z0-9])[A-Za-z]", text)]
    found: list[int] = []
    search = _hint_re().search
    m = search(lower)
    while m is not None:
        pos = m.start()
        if (
            pos == 0
            or not lower[pos - 1].isalnum()
            or (text[pos].isupper() and lower[pos - 1].isalpha() and not text[pos - 1].isupper())
            or (lower[pos - 1] in "nrt" and pos >= 2 and text[pos - 2] == "\\")  # a repr's \n
        ):
            found.append(pos)
        m = search(lower, pos + 1)  # from the next character: words may overlap
    return found


def _email_ok(value: str) -> bool:
    return "@" in value and v.valid_email(value)


def _ip_ok(value: str) -> bool:
    return re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", value) is not None and v.valid_ipv4(value)


_TIME_TAIL = re.compile(
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?\s*(?:[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2}| UTC)?)$"
)


def _date_ok(value: str) -> bool:
    """A date, or a date and time as extracts print them (``10/26/1982 12:00:00 AM``)."""
    if v.valid_date(value, v.TYPED_YEARS):
        return True
    m = _TIME_TAIL.search(value)
    return m is not None and m.start() >= 6 and v.valid_date(value[: m.start()], v.TYPED_YEARS)


def _ssn_ok(value: str) -> bool:
    """An SSN where a header, label or field says one is.

    Looser than a number found by its shape alone: also 9xx areas (ITINs, Synthea's
    999-) and numbers of two digits (444-33-3333, the SSN of HL7's own example
    message); never one digit repeated, a published sample or a reserved range.
    """
    if re.fullmatch(r"\d{3}-?\d{2}-?\d{4}|\d{3} \d{2} \d{4}", value) is None:
        return False
    d = v.digits(value)
    return (
        d[:3] not in ("000", "666")
        and d not in v.SAMPLE_SSNS
        and len(set(d)) > 1
        and d[3:5] != "00"
        and d[5:] != "0000"
        and not d.startswith("98765432")
    )


def _telecom_type(value: str) -> str | None:
    if "@" in value:
        return "EMAIL" if _email_ok(value.removeprefix("mailto:")) else None
    return "PHONE" if v.valid_phone(value.removeprefix("tel:"), relaxed=True) else None


#: Value checks for a candidate whose type comes from a header or label.
COLUMN_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "SSN": _ssn_ok,
    "DOB": _date_ok,
    "DATE": _date_ok,
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

#: Value checks named by a header's ``shape`` (see ``data/headers.json``), used instead
#: of the type's own: a column of first names holds one word, not a whole name.
SHAPE_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "name_part": v.valid_name_part,
    "name_or_part": lambda s: v.valid_name(s) or v.valid_name_part(s),
    "name_prefix": v.valid_name_prefix,
    "name_suffix": v.valid_name_suffix,
    "place": v.valid_place,
    "udi": lambda s: v.valid_udi(s) or COLUMN_VALIDATORS["DEVICE_ID"](s),
}

#: Cell texts that stand for no value.
_EMPTY = frozenset({"", "nan", "NaN", "None", "null", "NULL", "<NA>", "NaT", "...", "…", "-"})


def value_type(kind: HeaderKind, value: str) -> str | None:
    """The finding type of ``value`` under a header of ``kind``, or None if it is not one."""
    if value in _EMPTY:
        return None
    if kind.shape == "telecom":
        return _telecom_type(value)
    check = SHAPE_VALIDATORS.get(kind.shape) or COLUMN_VALIDATORS[kind.type]
    return kind.type if check(value) else None
