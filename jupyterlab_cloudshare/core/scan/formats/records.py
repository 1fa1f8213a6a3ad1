"""Records: a key that names a type makes its value that type.

Reads ``repr()`` of dicts (nested too), JSON objects, dataclass and
namedtuple reprs (``Patient(name='...', dob=datetime.date(1962, 3, 14))``),
keyword arguments and ``key=value`` logs (``PatientName=John Smith mrn=...``).
Keys are named by the shared header vocabulary (:func:`kinds.header_kind`)
and values checked by :func:`kinds.value_type` (name parts, places, telecom
shapes), as table columns are. A companion key (``city``, ``first``) and a NAME
or DATE key count only in a record that holds a patient's identifier too
(:data:`kinds.NEEDS_COMPANION`): ``{'name': 'Random Forest'}`` is not PHI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..kinds import (
    NEEDS_COMPANION,
    HeaderKind,
    Hit,
    header_kind,
    hint_positions,
    normalise_header,
    person_key,
    value_type,
)
from .fields import PRIORITY, id_ok, name_part_ok
from .literal import Parser, scalar

_KEY_CHARS = re.compile(r"[\w .#\-/]{0,48}$")
_WORD_CHARS = re.compile(r"[A-Za-z0-9_.]{0,48}$")
_QUOTED_KEY_END = re.compile(r"[\w .#\-/()]{0,64}?(?=[\"'])")
_COLON = re.compile(r"[\"']\s*:\s*")
_KWARG = re.compile(r"[A-Za-z_][\w.]{0,63}")
_EQUALS = re.compile(r"[ \t]*=(?!=)[ \t]*")
#: A YAML mapping's ``key: value`` line (the key first on its line, maybe in a list item).
_YAML_COLON = re.compile(r":[ \t]+(?=[^\s#])")
_YAML_INDENT = re.compile(r"[ \t]*(?:-[ \t]+)?")
#: A log value: words up to a separator or the next ``key=``.
_BARE = re.compile(
    r"[^\s,;&|(){}\[\]'\"<>]+(?:[ ](?![\w.\-]+[ \t]*=)[^\s,;&|(){}\[\]'\"<>=]+){0,5}"
)
#: Keys of one part of a name (a record splits a name over them, as tables do).
_NAME_PART_KEY = re.compile(
    r"(?:^|_)(?:first|last|given|family|middle|sur|f|l)_?name$|(?:^|_)(?:given|family|surname)$"
)
#: Brackets and strings, for finding which record a key is in.
_NESTING = re.compile(r"\"(?:[^\"\\\n]|\\.)*+\"|'(?:[^'\\\n]|\\.)*+'|[{}\[\]()]")
_LIST_OF_RECORDS = re.compile(r"[\[(]\s*[{\[(]")
_OPEN = {"}": "{", "]": "[", ")": "("}

#: type, start, end, where its key starts, whether it counts only beside a person's value
Candidate = tuple[str, int, int, int, bool]


def _check(kind: HeaderKind, key: str, value: str) -> str | None:
    """The type ``value`` has under ``key`` (of ``kind``), if it has one."""
    value = value.strip()
    if not value or len(value) > 120:
        return None
    if kind.type == "MRN" and not kind.companion and id_ok(value):
        return "MRN"  # ``mrn='A1234'``: the key says it; the value need only be an id
    if (
        kind.type == "NAME"
        and value[:1].isupper()
        and name_part_ok(value)
        and _NAME_PART_KEY.search(normalise_header(key))
    ):
        return "NAME"  # ``first_name='John'``
    return value_type(kind, value)


def _value_spans(text: str, pos: int, quoted_key: bool) -> tuple[list[tuple[str, int, int]], int]:
    """The scalar value(s) at ``pos`` (a literal, a list of them, or a log's bare words)."""
    c = text[pos : pos + 1]
    if not quoted_key and c and c not in "'\"[({" and not c.isdigit():
        m = _BARE.match(text, pos)
        if m is None or text.startswith("(", m.end()):
            pass  # a call (``datetime.date(...)``): read as a literal below
        else:
            return [(m.group(), m.start(), m.end())], m.end()
    if not quoted_key and c.isdigit():
        m = _BARE.match(text, pos)
        if m is not None:
            return [(m.group(), m.start(), m.end())], m.end()
    if c == "{" or _LIST_OF_RECORDS.match(text, pos):
        return [], pos  # nested records: their own keys are read next
    parser = Parser(text, pos, len(text), max_tokens=64)
    node = parser.value()
    items = node if isinstance(node, list) else [node]
    out = []
    for item in items:
        s = scalar(item)
        if s is not None:
            out.append((s.value, s.start, s.end))
    nested = isinstance(node, dict) or any(isinstance(i, dict) for i in items)
    return out, pos if nested else parser.pos  # a nested record's own keys are read next


def _key_at(text: str, hint: int) -> tuple[str, int, int, bool] | None:
    """The key a hint word is part of: (key, key start, value start, quoted), if a key."""
    lo = max(0, hint - 48)
    back = _KEY_CHARS.search(text, lo, hint)
    start = back.start() if back else hint
    while start < hint and text[start] == " ":
        start += 1
    if start > 0 and text[start - 1] in "\"'":
        end = _QUOTED_KEY_END.match(text, hint)
        if end is not None and text[end.end()] == text[start - 1]:
            colon = _COLON.match(text, end.end())
            if colon is not None:
                return text[start : end.end()], start - 1, colon.end(), True
    word = _WORD_CHARS.search(text, lo, hint)
    start = word.start() if word else hint
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "\"'"):
        return None
    key = _KWARG.match(text, start)
    if key is None or key.end() <= hint:
        return None
    eq = _EQUALS.match(text, key.end())
    if eq is None:
        colon = _YAML_COLON.match(text, key.end())
        line = text.rfind("\n", 0, start) + 1
        if colon is None or _YAML_INDENT.fullmatch(text, line, start) is None:
            return None
        return key.group(), start, colon.end(), False  # ``rendering_npi: 1279082113``
    return key.group(), start, eq.end(), False


#: A quoted key of a dict or JSON object (``'START': ``, ``"subject_id": ``).
_QUOTED_KEY = re.compile(r"""(?<=[{,\s])(["'])([A-Za-z_][\w .#\-/]{0,47})\1\s*:""")


def _quoted_keys(text: str, hints: list[int]) -> tuple[list[int], list[int]]:
    """Where the quoted keys that no hint word starts begin, when they name a DATE or a
    NAME part (a Synthea ``START``, MIMIC's ``intime``, FHIR's ``given``), and where the
    keys that name a person are."""
    extra: list[int] = []
    people: list[int] = []
    if "{" not in text or "resourceType" in text:
        return extra, people  # FHIR resources: read element by element (:mod:`.fhir`)
    known = set(hints)
    for m in _QUOTED_KEY.finditer(text):
        key, start = m.group(2), m.start(2)
        if person_key(key):
            people.append(start)
        if start not in known:
            kind = header_kind(key)
            if kind is not None and kind.type in NEEDS_COMPANION:
                extra.append(start)  # ``"given": "Ana"`` too: counted beside a person only
    return extra, people


def _candidates(text: str, hints: list[int]) -> Iterator[Candidate]:
    done = 0
    for hint in hints:
        if hint < done:
            continue
        found = _key_at(text, hint)
        if found is None:
            continue
        key, key_start, value_start, quoted = found
        kind = header_kind(key) or header_kind(key.rsplit(".", 1)[-1])
        if kind is None or value_start >= len(text):
            continue
        values, end = _value_spans(text, value_start, quoted)
        done = max(done, end)
        for value, start, stop in values:
            typed = _check(kind, key, value)
            if typed:
                companion = kind.companion or typed in NEEDS_COMPANION
                yield typed, start, stop, key_start, companion


def _groups(text: str, keys: list[int]) -> dict[int, tuple[str, int]]:
    """For each key offset, the record it belongs to: its outermost enclosing ``{``/``(``
    short of a list, or its line when it is in none (a log)."""
    stack: list[tuple[str, int]] = []  # (bracket, the record it opens or continues)
    out: dict[int, tuple[str, int]] = {}
    pos = 0
    for key in sorted(set(keys)):
        for m in _NESTING.finditer(text, pos, key):
            c = m.group()
            if c in "{(":
                parent = stack[-1] if stack else None
                root = parent[1] if parent and parent[0] != "[" else m.start()
                stack.append((c, root))
            elif c == "[":
                stack.append((c, m.start()))
            elif c in _OPEN:
                while stack and stack.pop()[0] != _OPEN[c]:
                    pass
        pos = max(pos, key)
        if stack and stack[-1][0] != "[":
            out[key] = ("record", stack[-1][1])
        elif _YAML_KEY.match(text, key):
            # a YAML mapping: its lines up to a blank line are one record
            out[key] = ("block", _block_start(text, key))
        else:
            out[key] = ("line", text.rfind("\n", 0, key) + 1)
    return out


_YAML_KEY = re.compile(r"[A-Za-z_][\w.]{0,63}:[ \t]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _block_start(text: str, pos: int) -> int:
    """Where the run of non-blank lines holding ``pos`` starts (at most 4,000 back)."""
    lo = max(0, pos - 4000)
    blank = max((m.end() for m in _BLANK_LINE.finditer(text, lo, pos)), default=-1)
    return blank if blank >= 0 else lo


def record_hits(text: str, hints: list[int] | None = None) -> Iterator[Hit]:
    """Typed values of the records (dicts, JSON, reprs, ``key=value`` logs) in ``text``.

    ``hints`` is ``hint_positions(text)`` when the caller has it already.
    """
    hints = hint_positions(text) if hints is None else hints
    extra, people = _quoted_keys(text, hints)
    if extra:
        hints = sorted(set(hints).union(extra))
    found = list(_candidates(text, hints))
    if not found:
        return
    companions = [c for c in found if c[4]]
    if companions:
        phi = [c for c in found if not c[4]]
        if phi or people:
            groups = _groups(text, [c[3] for c in found] + people)
            with_phi = {groups[c[3]] for c in phi}
            # a record keyed to a person (``PATIENT``, ``subject_id``): its dates are hers
            keyed = {groups[p] for p in people}
            found = [
                c
                for c in found
                if not c[4]
                or groups[c[3]] in with_phi
                or (c[0] == "DATE" and groups[c[3]] in keyed)
            ]
        else:
            found = phi
    for kind, start, end, _, _ in found:
        yield Hit(kind, start, end, PRIORITY)
