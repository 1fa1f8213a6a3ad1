"""FHIR resources (JSON, pretty or compact, or the Python repr of the same dicts).

Anchored on ``"resourceType"``: the resource around it is read with
:mod:`.literal` (offsets kept, output cut short tolerated) when its type holds
a person or a person's numbers: Patient, RelatedPerson, Person, Practitioner,
Coverage, Encounter. A Bundle is not read as one: each resource in it has its
own anchor. Elements follow the FHIR R4 resource definitions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ..kinds import PHI_TYPES, Hit, header_type
from .fields import (
    ID_TYPE_CODES,
    NO_PERSON_CODES,
    PRIORITY,
    address_ok,
    date_ok,
    email_ok,
    keep_companions,
    name_part_ok,
    phone_ok,
    refine,
    system_type,
)
from .literal import Call, Node, Parser, Raw, Str, scalar, text_of

_ANCHOR = re.compile(r"""(["'])resourceType\1\s*:\s*(["'])([A-Za-z]+)\2""")
_PATIENT_IN_TEXT = re.compile(r"""["']resourceType["']\s*:\s*["'](?:Patient|Person)["']""")
_PEOPLE = frozenset({"Patient", "RelatedPerson", "Person"})
_READ = _PEOPLE | {"Practitioner", "Coverage", "Encounter"}
#: How far before its ``resourceType`` a resource may start (keys sorted alphabetically
#: put ``address``, ``birthDate``, ``identifier``... first).
_WINDOW = 32_000


def _enclosing_brace(text: str, pos: int, quotes: str, lo: int) -> int:
    """The ``{`` of the innermost object that ``pos`` is in, or -1 (strings skipped)."""
    depth = 0
    i = pos - 1
    while i >= lo:
        c = text[i]
        if c in quotes:
            j = text.rfind(c, lo, i)
            while j > lo and text[j - 1] == "\\":
                j = text.rfind(c, lo, j - 1)
            if j < 0:
                return -1
            i = j - 1
            continue
        if c in "}]":
            depth += 1
        elif c in "{[":
            if depth == 0:
                return i if c == "{" else -1
            depth -= 1
        i -= 1
    return -1


class _Resource:
    """Hits of one resource; ``person`` says they are about a patient or a patient's kin."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []

    def add(self, kind: str | None, node: Node | None) -> None:
        if kind is None or not isinstance(node, Str):
            return
        final = refine(kind, node.value)
        if final:
            self.hits.append(Hit(final, node.start, node.end, PRIORITY))

    def add_checked(self, kind: str, node: Node | None, ok: bool) -> None:
        if isinstance(node, Call):
            node = scalar(node)  # a model's ``datetime.date(1962, 3, 14)``
        if ok and isinstance(node, (Str, Raw)) and node.start < node.end:
            self.hits.append(Hit(kind, node.start, node.end, PRIORITY))


def _items(node: Node | None) -> list[Node]:
    if isinstance(node, list):
        return node
    return [] if node is None else [node]


def _dicts(node: Node | None) -> Iterator[dict[str, Node]]:
    for item in _items(node):
        if isinstance(item, dict):
            yield item


def _identifier_type(ident: dict[str, Node], default: str | None) -> str | None:
    for t in _dicts(ident.get("type")):
        for coding in _dicts(t.get("coding")):
            code = text_of(coding.get("code")).upper()
            if code in NO_PERSON_CODES:
                return None
            if code in ID_TYPE_CODES:
                return ID_TYPE_CODES[code]
        label = text_of(t.get("text"))
        if label and header_type(label):
            return header_type(label)
    system = text_of(ident.get("system"))
    return (system_type(system) if system else None) or default


def _identifiers(out: _Resource, node: Node | None, default: str | None) -> None:
    for ident in _dicts(node):
        out.add(_identifier_type(ident, default), ident.get("value"))


def _names(out: _Resource, node: Node | None) -> None:
    for name in _dicts(node):
        for part in [name.get("family"), *_items(name.get("given")), name.get("text")]:
            if isinstance(part, Str):
                words = part.value.split()
                ok = 0 < len(words) <= 5 and all(name_part_ok(w) for w in words)
                out.add_checked("NAME", part, ok)


def _telecoms(out: _Resource, node: Node | None) -> None:
    for tel in _dicts(node):
        system = text_of(tel.get("system"))
        value = tel.get("value")
        text = text_of(value)
        if system == "email" or (not system and "@" in text):
            out.add_checked("EMAIL", value, email_ok(text))
        elif system in ("phone", "fax", "sms", "pager", ""):
            out.add_checked("PHONE", value, phone_ok(text))


def _addresses(out: _Resource, node: Node | None) -> None:
    for addr in _dicts(node):
        for part in [*_items(addr.get("line")), addr.get("city"), addr.get("text")]:
            out.add_checked("ADDRESS", part, address_ok(text_of(part)))
        postal = addr.get("postalCode")
        code = text_of(postal)
        if re.fullmatch(r"\d{5}(?:-\d{4})?", code):
            out.add("ZIP", postal)
        else:
            out.add_checked("ADDRESS", postal, address_ok(code))


def _person(out: _Resource, res: dict[str, Node], default_id: str | None) -> None:
    _identifiers(out, res.get("identifier"), default_id)
    _names(out, res.get("name"))
    _telecoms(out, res.get("telecom"))
    _addresses(out, res.get("address"))
    birth = res.get("birthDate")
    out.add_checked("DOB", birth, date_ok(text_of(birth)))
    death = res.get("deceasedDateTime")
    out.add_checked("DATE", death, date_ok(text_of(death)))
    for contact in _dicts(res.get("contact")):
        _names(out, contact.get("name"))
        _telecoms(out, contact.get("telecom"))
        _addresses(out, contact.get("address"))


def _resource(out: _Resource, res: dict[str, Node], patient_near: bool) -> bool:
    """Read one resource into ``out``; whether it is about a person of its own."""
    kind = text_of(res.get("resourceType"))
    if kind in _PEOPLE:
        _person(out, res, "MRN")
        return True
    if kind == "Practitioner":
        _person(out, res, None)
        for q in _dicts(res.get("qualification")):
            _identifiers(out, q.get("identifier"), "LICENSE")
    elif kind == "Coverage":
        _identifiers(out, res.get("identifier"), "HEALTH_PLAN_ID")
        subscriber = res.get("subscriberId")  # a string in R4, Identifiers in R5
        if isinstance(subscriber, (list, dict)):
            _identifiers(out, subscriber, "HEALTH_PLAN_ID")
        else:
            out.add("HEALTH_PLAN_ID", subscriber)
        for c in _dicts(res.get("class")):
            types = _dicts(c.get("type"))
            codes = {text_of(cd.get("code")) for t in types for cd in _dicts(t.get("coding"))}
            if codes & {"group", "subgroup"}:
                out.add("HEALTH_PLAN_ID", c.get("value"))
    elif kind == "Encounter" and (patient_near or "subject" in res or "patient" in res):
        _identifiers(out, res.get("identifier"), "ACCOUNT")
        for period in [*_dicts(res.get("period")), *_dicts(res.get("actualPeriod"))]:  # R4, R5
            for key in ("start", "end"):
                out.add_checked("DATE", period.get(key), date_ok(text_of(period.get(key))))
        return True
    return any(h.type in PHI_TYPES for h in out.hits)


def _walk(out: _Resource, node: Node | None, patient_near: bool, depth: int = 0) -> bool:
    """Every resource in ``node`` (contained ones too); whether one is about a person."""
    person = False
    if isinstance(node, dict):
        if "resourceType" in node:
            person = _resource(out, node, patient_near) or person
        for child in node.values():
            if isinstance(child, (dict, list)) and depth < 32:
                person = _walk(out, child, patient_near, depth + 1) or person
    elif isinstance(node, list):
        for child in node:
            person = _walk(out, child, patient_near, depth + 1) or person
    return person


# --- the models of fhir.resources, printed: ``Patient(fhir_comments=None, id='p1', ...)`` --
_MODEL = re.compile(
    r"\b(Bundle|" + "|".join(sorted(_READ)) + r")\((?=fhir_comments=|id=|resource_type=)"
)


def _as_dicts(node: Node | None, depth: int = 0) -> Node | None:
    """A model repr's calls as the JSON they stand for (a resource's call names its type)."""
    if depth > 48:
        return None
    if isinstance(node, list):
        return [x for x in (_as_dicts(i, depth + 1) for i in node) if x is not None]
    if isinstance(node, dict):
        pairs = ((k, _as_dicts(x, depth + 1)) for k, x in node.items())
        return {k: x for k, x in pairs if x is not None}
    if isinstance(node, Call):
        if node.name.rsplit(".", 1)[-1] in ("date", "datetime"):
            return node  # a date: read by ``scalar``
        out: dict[str, Node] = {}
        for key, value in node.kwargs.items():
            x = _as_dicts(value, depth + 1)
            if x is not None and not (isinstance(x, Raw) and x.value == "None"):
                out[key] = x
        if node.name == "Bundle" or node.name in _READ:
            out["resourceType"] = Str(node.name, node.start, node.start)
        return out
    return node


def _model_hits(text: str) -> Iterator[Hit]:
    patient_near = "Patient(" in text or "Person(" in text
    done = 0
    for m in _MODEL.finditer(text):
        if m.start() < done:
            continue
        parser = Parser(text, m.end() - len(m.group(1)) - 1, len(text))
        node = parser.value()
        done = max(parser.pos, m.end())
        out = _Resource()
        person = _walk(out, _as_dicts(node), patient_near)
        yield from keep_companions(out.hits, person or patient_near)


# --- flattened FHIR: ``pd.json_normalize(entries)`` prints the elements' lists of dicts --
#: Each element of a cell's list is read alone: pandas prints the strings in a cell
#: unescaped (``'Driver's License'``), which ends the reading of that one element only.
_ELEMENTS = re.compile(
    r"""[\[,][ \t]*(\{)(['"])"""
    r"(?:system|value|family|given|use|line|city|type|name|text|relationship)\2"
)
#: The resource types a frame's rows are (its ``resourceType`` column); the first says
#: what an identifier without a type is.
_FRAME_TYPES = re.compile(r"\b(Patient|RelatedPerson|Person|Practitioner|Coverage)\b")
_IDENTIFIER_KEYS = frozenset(
    {"value", "system", "type", "use", "period", "assigner", "id", "extension"}
)
_FRAME_DEFAULT_ID = {"Practitioner": None, "Coverage": "HEALTH_PLAN_ID"}
_ROW_TYPE = re.compile(
    r"^[ \t]*(\d+)[ \t]+([A-Z][A-Za-z]{2,40})\b"
    r"|^[ \t]*(?:<th>)?(\d+)(?:</th>)?[ \t]*\r?\n[ \t]*(?:<td>)?"
    r"([A-Z][A-Za-z]{2,40})(?:</td>)?[ \t]*$",
    re.M,
)
_ROW_INDEX = re.compile(r"[ \t]*(\d+)[ \t]")
#: An HTML row's index cell and its resourceType cell (tags kept or blanked as the scan
#: reads them).
_ROW_START_HTML = re.compile(
    r"^[ \t]*(?:<th>)?(\d+)(?:</th>)?[ \t]*\r?\n"
    r"[ \t]*(?:<td>)?((?:[A-Z][a-z]+){1,4})(?:</td>)?[ \t]*$",  # not NaN, not an id
    re.M,
)


#: A FHIR ``dateTime`` with its time (``2017-10-18T09:13:00-05:00``): a flattened
#: Encounter's ``period.start``/``period.end`` (or R5's ``actualPeriod``) cells.
_DATETIME = re.compile(
    r"(?<![\w\-:])\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?"
    r"(?![\w\-:])"
)
_PERIOD_COLUMN = re.compile(r"\b(?:actualPeriod|period)\.(?:start|end)\b")


class _Rows:
    """The resource type of each row of a flattened frame, by offset."""

    def __init__(self, text: str, types: dict[str, str]) -> None:
        self.text = text
        self.types = types
        # an HTML table's row: its index cell, then its resourceType cell, come first (an
        # id cell of digits alone looks like an index cell, but no type follows it)
        found = [(m.start(), m.group(2)) for m in _ROW_START_HTML.finditer(text)]
        self.html_starts = [p for p, _ in found]
        self.html_types = [t for _, t in found]

    def of(self, pos: int) -> str | None:
        """The resource type of the row that ``text[pos]`` is printed in."""
        index = _ROW_INDEX.match(self.text, self.text.rfind("\n", 0, pos) + 1)
        if index is not None:
            return self.types.get(index.group(1))
        k = bisect.bisect_right(self.html_starts, pos) - 1
        return self.html_types[k] if k >= 0 else None


def _encounter_periods(text: str, rows: _Rows) -> Iterator[Hit]:
    """The period dates of a flattened frame's Encounter rows, beside a patient's rows."""
    kinds = set(rows.types.values()) | set(rows.html_types)
    if "Encounter" not in kinds or _PERIOD_COLUMN.search(text) is None:
        return
    if "Patient" not in kinds and "Patient/" not in text:
        return
    for m in _DATETIME.finditer(text):
        if rows.of(m.start()) == "Encounter":
            yield Hit("DATE", m.start(), m.end(), PRIORITY)


def _element(out: _Resource, item: dict[str, Node], default_id: str | None) -> None:
    """One FHIR element, known by its keys: HumanName, ContactPoint, Address, Identifier."""
    if "family" in item or "given" in item:
        _names(out, [item])
    elif "line" in item or "city" in item or "postalCode" in item:
        _addresses(out, [item])
    elif "value" in item and text_of(item.get("system")) in ("phone", "fax", "email", "sms"):
        _telecoms(out, [item])
    elif "value" in item and set(item) <= _IDENTIFIER_KEYS:
        _identifiers(out, [item], default_id)
    elif "identifier" in item:  # Practitioner.qualification
        _identifiers(out, item.get("identifier"), "LICENSE")
    elif isinstance(item.get("name"), dict):  # Patient.contact
        _names(out, [item["name"]])
        _telecoms(out, item.get("telecom"))
        _addresses(out, item.get("address"))


def _normalized_hits(text: str) -> Iterator[Hit]:
    first = _FRAME_TYPES.search(text)
    if first is None:
        return
    # each row's resource type, by its index (a wide frame prints a row in several blocks)
    rows: dict[str, str] = {}
    for row in _ROW_TYPE.finditer(text):
        rows.setdefault(row.group(1) or row.group(3), row.group(2) or row.group(4))
    table = _Rows(text, rows)
    out = _Resource()
    done = 0
    for m in _ELEMENTS.finditer(text):
        if m.start() < done:
            continue
        kind = table.of(m.start()) or first.group()
        if kind not in _READ:
            continue  # an Organization's, a Location's row
        default_id = _FRAME_DEFAULT_ID.get(kind, "MRN")
        parser = Parser(text, m.start(1), len(text), max_tokens=20_000)
        node = parser.value()
        done = max(parser.pos, m.end())
        for item in _dicts(node):
            _element(out, item, default_id)
    yield from out.hits
    yield from _encounter_periods(text, table)


def fhir_hits(text: str) -> Iterator[Hit]:
    """Typed elements of the FHIR resources in ``text``: JSON, dict reprs, the models'
    reprs and the lists of elements a flattened (``json_normalize``) frame prints."""
    if "fhir_comments=" in text or "__ext=" in text:
        yield from _model_hits(text)
    if '"resourceType"' not in text and "'resourceType'" not in text:
        if "resourceType" in text and ("{'" in text or '{"' in text):
            yield from _normalized_hits(text)
        return
    patient_near = _PATIENT_IN_TEXT.search(text) is not None
    done = 0  # text before this offset was read already, or holds a previous anchor
    for m in _ANCHOR.finditer(text):
        if m.start() < done:
            continue
        if m.group(3) not in _READ:
            done = m.end()
            continue
        quotes = "\"'" if m.group(1) == "'" else '"'
        # A resource starts after the previous anchor (resources nest only as
        # ``contained``), which also keeps this backward look linear overall.
        start = _enclosing_brace(text, m.start(), quotes, max(done, m.start() - _WINDOW))
        done = m.end()
        if start < 0:
            continue
        parser = Parser(text, start, len(text))
        node = parser.value()
        done = max(done, parser.pos)
        out = _Resource()
        person = _walk(out, node, patient_near)
        yield from keep_companions(out.hits, person or patient_near)
