"""Cell context: a code cell's source names what its outputs hold.

``cur.execute("SELECT first, last, ssn FROM patients"); cur.fetchall()`` prints bare
tuples; ``ds.PatientName, ds.PatientID`` prints a tuple of values; ``print(h['PID.F5'])``
prints one value. The source says which column or attribute each position holds: this
module reads those names (a SELECT's column list with its ``AS`` aliases, the cell's
last expression, its ``print(...)`` calls) and types the values of the output's records
(tuples and lists, or one value per printed line) by position, each value checked by
its type's validator (see :func:`.kinds.value_type`). The source is parsed only when
the cell has outputs and the source has such a shape.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .kinds import HEADERS_FILE, PHI_TYPES, HeaderKind, Hit, header_kind, person_key, value_type
from .tables import repr_fields

#: Priority of a value typed by its cell's source (as a column value's).
PRIORITY = 2
_MAX_SOURCE = 20_000
_MAX_OUTPUT = 2_000_000
_MAX_NAMES = 200
_PERSON_TYPES = PHI_TYPES | {"NAME", "NPI", "DEA"}

_SELECT = re.compile(r"\bselect\s+(?:distinct\s+|top\s+\d+\s+)?", re.I)
_FROM = re.compile(r"\s\s*from\b", re.I)
_ALIAS = re.compile(r"(?is)^(.*?)\s+as\s+(\S+)$|^(.*?[\w\"'`\])])\s+([A-Za-z_]\w*)$")
_HL7_ADDRESS = re.compile(r"([A-Z][A-Z0-9]{2})[.\-_]F?(\d{1,3})(?:\b|_)", re.I)
_MAGIC = re.compile(r"^[ \t]*[%!?].*$", re.M)
_FETCH = re.compile(r"\.fetch(?:all|one|many)\b|\bfor\s+\w+\s+in\s+\w*cur", re.I)
_TUPLE = re.compile(r"[(\[]((?:'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|[^()\[\]'\"\n])*)[)\]]")
_FIELD = re.compile(
    r"\s*(?:[A-Za-z]\w*\()?(?:'(?P<s>(?:[^'\\]|\\.)*)'|\"(?P<d>(?:[^\"\\]|\\.)*)\""
    r"|(?P<b>[^,'\"]*?))\)?\s*(?:,|$)"
)


@lru_cache(maxsize=1)
def _hl7_fields() -> dict[str, str]:
    """HL7 v2 field address (``PID.5``) -> the header its value is read as."""
    raw = json.loads(HEADERS_FILE.read_text(encoding="utf-8"))
    return {k.upper(): v for k, v in raw.get("hl7_fields", {}).items()}


def _kind(name: str) -> HeaderKind | None:
    """What a column, attribute, key or HL7 field address names."""
    if not name:
        return None
    m = _HL7_ADDRESS.match(name)
    if m is not None:
        header = _hl7_fields().get(f"{m.group(1).upper()}.{int(m.group(2))}")
        kind = header_kind(header) if header is not None else None
        if kind is not None and kind.type == "NAME" and not kind.shape:
            # an XPN field read whole (``DOE^JANE``) or its first component (``DOE``)
            return kind._replace(shape="name_or_part")
        if kind is not None:
            return kind
    return header_kind(name)


@dataclass
class Context:
    """What one code cell's source says its outputs hold."""

    #: names of the fields of each record the cell prints or returns (tuples, lists)
    records: list[tuple[str, ...]] = field(default_factory=list)
    #: the value the last expression returns, when it is one name
    result: str = ""
    #: the name each ``print(x)`` prints, in source order
    lines: list[str] = field(default_factory=list)
    #: a single ``print(x)`` inside a loop: every printed line is ``x``
    looped: bool = False
    #: the columns of the cell's last SELECT (carried to a next cell that fetches)
    select: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.records or self.result or self.lines)


def select_columns(source: str) -> tuple[str, ...]:
    """The column names of the last ``SELECT ... FROM`` in ``source`` (aliases win)."""
    if "select" not in source.lower():
        return ()
    found: tuple[str, ...] = ()
    for m in _SELECT.finditer(source):
        end = _FROM.search(source, m.end(), m.end() + 4000)
        if end is None:
            continue
        cols = _split_columns(source[m.end() : end.start()])
        if cols and "*" not in cols and len(cols) <= _MAX_NAMES:
            found = tuple(cols)
    return found


def _split_columns(text: str) -> list[str]:
    parts: list[str] = []
    depth, start = 0, 0
    for k, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    out = []
    for part in parts:
        part = " ".join(part.split())
        if not part:
            return []
        m = _ALIAS.match(part)
        if m is not None:
            part = m.group(2) or m.group(4)
        part = part.rsplit(".", 1)[-1].strip("\"'`[]")
        out.append(part)
    return out


def _name(node: ast.expr) -> str:
    """The column, attribute or key an expression reads (``ds.PatientName``, ``row['ssn']``)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
        if isinstance(key, ast.Constant) and isinstance(key.value, int):
            # ``msg.segment('PID')[5]``: the field of a named segment
            seg = node.value
            if (
                isinstance(seg, ast.Call)
                and isinstance(seg.func, ast.Attribute)
                and seg.func.attr == "segment"
                and seg.args
                and isinstance(seg.args[0], ast.Constant)
                and isinstance(seg.args[0].value, str)
            ):
                return f"{seg.args[0].value}.{key.value}"
        return ""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "get" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                return arg.value
        if isinstance(func, ast.Name) and func.id in ("str", "repr") and len(node.args) == 1:
            return _name(node.args[0])
        return ""
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _column_list(node: ast.expr) -> tuple[str, ...]:
    """``df[['FIRST', 'LAST']]...`` anywhere in a call chain: the selected columns."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.List):
            names = [
                e.value
                for e in node.slice.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
            if len(names) == len(node.slice.elts) and len(names) >= 2:
                return tuple(names)
        node = node.func if isinstance(node, ast.Call) else node.value
    return ()


def _fetches(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("fetchall", "fetchone", "fetchmany")
    )


def _is_print(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    )


def _prints(tree: ast.Module) -> tuple[list[ast.Call], bool]:
    """The cell's ``print`` calls in source order, and whether one is inside a loop."""
    calls: list[tuple[int, int, ast.Call]] = []
    looped = False
    loops = [n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While, ast.comprehension))]
    in_loop = {id(c) for loop in loops for c in ast.walk(loop) if isinstance(c, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_print(node):
            calls.append((node.lineno, node.col_offset, node))
            looped |= id(node) in in_loop
    calls.sort(key=lambda c: (c[0], c[1]))
    return [c for _, _, c in calls], looped


def cell_context(source: str, previous_select: tuple[str, ...] = ()) -> Context:
    """What ``source`` (a code cell's) says its outputs hold; empty if nothing."""
    ctx = Context()
    if len(source) > _MAX_SOURCE:
        return ctx
    ctx.select = select_columns(source)
    select = ctx.select or (previous_select if _FETCH.search(source) else ())
    if select:
        ctx.records.append(select)
    if source.lstrip().startswith("%%") or not any(c in source for c in ".[("):
        return ctx
    try:
        tree = ast.parse(_MAGIC.sub("", source))
    except (SyntaxError, ValueError, RecursionError):
        return ctx
    for stmt in tree.body:
        # the last expression is shown; with ``ast_node_interactivity = "all"`` each one is
        if isinstance(stmt, ast.Expr) and not _is_print(stmt.value):
            _expression(stmt.value, ctx)
    calls, looped = _prints(tree)
    for call in calls:
        if len(call.args) != 1 or call.keywords:
            ctx.lines.append("")
            continue
        arg = call.args[0]
        if isinstance(arg, (ast.Tuple, ast.List)) or _column_list(arg):
            _expression(arg, ctx)
            ctx.lines.append("")
        else:
            ctx.lines.append(_name(arg))
    ctx.looped = looped and len(calls) == 1
    if not any(ctx.lines):
        ctx.lines = []
    return ctx


def _expression(node: ast.expr, ctx: Context) -> None:
    if isinstance(node, (ast.Tuple, ast.List)):
        names = tuple(_name(e) for e in node.elts)
        if any(names) and len(names) <= _MAX_NAMES:
            ctx.records.append(names)
        return
    columns = _column_list(node)
    if columns:
        ctx.records.append(columns)
        return
    if _fetches(node):
        return  # the SELECT names its fields
    ctx.result = _name(node)


@dataclass
class _Found:
    strong: list[Hit] = field(default_factory=list)
    companions: list[Hit] = field(default_factory=list)
    #: a field keys the record to a person (``PATIENT``, ``subject_id``): its dates count
    keyed: bool = False

    def add(self, kind: HeaderKind | None, value: str, start: int) -> None:
        if kind is None or not value or len(value) > 200:
            return
        # HL7 components and DICOM person names are ``^``-separated
        found = value_type(kind, value.replace("^", " ").strip() if "^" in value else value)
        if found is None:
            return
        hit = Hit(found, start, start + len(value), PRIORITY)
        strong = not kind.companion or (self.keyed and found == "DATE")
        (self.strong if strong else self.companions).append(hit)


def output_hits(ctx: Context, text: str, *, result: bool) -> tuple[list[Hit], list[Hit]]:
    """``(strong, companion)`` hits of one output ``text`` typed by its cell's ``ctx``.

    ``result`` says ``text`` is what the last expression returned (else printed).
    Companion hits count only when the cell yields a strong hit of a person's type.
    """
    found = _Found()
    if not ctx or len(text) > _MAX_OUTPUT:
        return found.strong, found.companions
    kinds = [(names, tuple(_kind(n) for n in names)) for names in ctx.records]
    kinds = [(names, k) for names, k in kinds if any(k)]
    matched = False
    if kinds and ("(" in text or "[" in text):
        for m in _TUPLE.finditer(text):
            cells = repr_fields(m.group(1), m.start(1), _FIELD)
            for names, record in kinds:
                if len(cells) == len(record):
                    matched = True
                    found.keyed = any(person_key(n) for n in names if n)
                    for kind, (a, value) in zip(record, cells, strict=True):
                        found.add(kind, value, a)
                    break
    if not matched:
        _lines(ctx, text, result, found)
    return found.strong, found.companions


def _lines(ctx: Context, text: str, result: bool, found: _Found) -> None:
    """One value per line: the last expression's value, or what each ``print`` printed."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            a = pos + len(line) - len(line.lstrip())
            lines.append((a, line.strip()))
        pos += len(line) + 1
    if result:
        if ctx.result and len(lines) == 1:
            a, value = lines[0]
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                a, value = a + 1, value[1:-1]
            found.add(_kind(ctx.result), value, a)
        return
    if not ctx.lines:
        return
    if ctx.looped:
        kind = _kind(ctx.lines[0])
        for a, value in lines[:100_000]:
            found.add(kind, value, a)
    elif len(lines) == len(ctx.lines):
        for name, (a, value) in zip(ctx.lines, lines, strict=True):
            found.add(_kind(name), value, a)


def person_found(strong: list[Hit]) -> bool:
    """Whether a cell's strong hits include a person's type (its companions then count)."""
    return any(h.type in _PERSON_TYPES for h in strong)
