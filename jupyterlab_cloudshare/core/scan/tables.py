"""Table awareness: a column header says what the values under it are.

Reads the tables notebooks print, each for what it is:

- pandas' text repr (``print(df)``, ``df.head()``, ``df.to_string()``): columns found
  from the gutters that are blank in every line, wide frames wrapped into blocks (each
  with its header, a trailing ``\\``), elided ``...`` columns, ``[5 rows x 12 columns]``
  footers, a named or multi-level index (its names on a second header line), two-level
  column headers; transposed frames and Series (``df.T``, ``df.iloc[0]``: the header is
  the first field of each line) and a Series' ``Name: SSN, dtype: object`` footer;
- CSV/TSV (``print(df.to_csv())``, ``head file.csv``), Markdown and prettytable pipe
  tables (``%%sql`` results);
- DB-API rows printed after their column names (``cursor.description``, a list of names);
- HTML ``<table>`` (``_repr_html_``, ``to_html``, Styler), with ``colspan``/``rowspan``
  and row headers.

A column whose header names a type (see :func:`.kinds.header_kind`) makes each value
under it a candidate of that type, kept when the value has the type's shape. A
companion column (``name``, ``city``, ``subject_id``) counts only in a table that holds
a validated value of a non-companion PHI type; a wide frame's blocks are one table.
``df.info()`` lists column names without values and ``df.describe()`` prints numbers:
neither yields anything.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .kinds import (
    PHI_TYPES,
    HeaderKind,
    Hit,
    header_kind,
    hint_positions,
    person_key,
    residence_header,
    value_type,
)

#: Priority of a hit that comes from a column header.
PRIORITY = 2
#: Column types of a place. A table whose only typed columns are these (house sales with
#: ``Address`` and ``Postcode``, store locations) lists properties, not people.
PLACE_TYPES = frozenset({"ADDRESS", "ZIP"})
#: Type of the marker hit a place-only table yields over its span: the scan drops the
#: place hits (column or free-standing) inside it.
PLACE_TABLE = "PLACE_TABLE"
#: Types whose validated values in a table let its companion columns count: a patient's
#: identifiers, and the NPI or DEA number that identifies a provider (a person too).
_PERSON_TYPES = PHI_TYPES | {"NAME", "NPI", "DEA"}
_MAX_ROWS = 100_000
_MAX_LINE = 4000
_MAX_BACK = 200  # lines a block may start above the line that named a type

_HEADERISH = re.compile(r"[A-Za-z_#][\w .#/()'’:\-\[\]]{0,60}|\.\.\.|")
_ALIGNED_SPLIT = re.compile(r"\S+(?: \S+)*")
_CSV_FIELD = re.compile(r'"(?:[^"]|"")*"|[^,\n]*')
_SEPARATOR_ROW = re.compile(r"[\s|:\-+=]*")
_FOOTER = re.compile(r"\[\d+ rows x \d+ columns\]")
_SERIES_FOOTER = re.compile(r"(?:Name: (.*?), )?(?:Length: \d+, )?dtype: \w+(?:\[[^\]]*\])?")
_REPR_LINE = re.compile(r"\s*(?:\w+\()?[\[(]")
_DICT_KEY = re.compile(r"['\"]\s*:")
_QUOTED = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"")
#: A tuple's (or list's) repr: quoted strings may hold brackets (``'(617) 432-1187'``).
_TUPLE = re.compile(r"[(\[]((?:'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|[^()\[\]'\"\n])*)[)\]]")
_TUPLE_FIELD = re.compile(
    r"\s*(?:'(?P<s>(?:[^'\\]|\\.)*)'|\"(?P<d>(?:[^\"\\]|\\.)*)\"|(?P<b>[^,]*?))\s*(?:,|$)"
)
_SPAN_ATTR = re.compile(r"""\b(colspan|rowspan)\s*=\s*["']?(\d{1,4})""", re.I)

Field = tuple[int, int, str]  # start, end (relative to the line), text


@dataclass
class _Table:
    """The candidates one table yields, before its companion rule is applied."""

    start: int
    end: int
    strong: list[Hit] = field(default_factory=list)
    companions: list[Hit] = field(default_factory=list)
    #: typed columns that count alone
    kinds: set[str] = field(default_factory=set)
    #: a column keys the rows to a person (``PATIENT``, ``subject_id``): dates count
    keyed: bool = False
    #: a column says the places are people's homes: not a place-only table
    residence: bool = False

    def header(self, name: str) -> HeaderKind | None:
        """The kind a column header names; notes a header that keys rows to a person."""
        if not self.keyed and name and person_key(name):
            self.keyed = True
        if not self.residence and name and residence_header(name):
            self.residence = True
        kind = header_kind(name) if name else None
        if kind is not None and not kind.companion:
            self.kinds.add(kind.type)
        return kind

    def add(self, kind: HeaderKind, value: str, start: int) -> None:
        """Keep ``value`` (at ``start``) if it has the shape its header says."""
        found = value_type(kind, value)
        if found is None:
            return
        hit = Hit(found, start, start + len(value), PRIORITY)
        (self.companions if kind.companion else self.strong).append(hit)


def _settle(tables: list[_Table], text: str) -> Iterator[Hit]:
    """Each table's hits, its blocks merged, its companion rule applied."""
    merged: list[_Table] = []
    for table in tables:
        last = merged[-1] if merged else None
        if (
            last is not None
            and table.start >= last.end
            and not text[last.end : table.start].strip()
        ):
            # the next block of a wrapped frame (or a frame printed right after)
            last.end = table.end
            last.strong += table.strong
            last.companions += table.companions
            last.kinds |= table.kinds
            last.keyed |= table.keyed
            last.residence |= table.residence
        else:
            merged.append(table)
    for table in merged:
        has_name = any(h.type == "NAME" for h in table.strong + table.companions)
        if table.kinds and table.kinds <= PLACE_TYPES and not has_name and not table.residence:
            yield Hit(PLACE_TABLE, table.start, table.end, -1)
            continue
        yield from table.strong
        if any(h.type in _PERSON_TYPES for h in table.strong):
            yield from table.companions
        elif table.keyed:
            yield from (h for h in table.companions if h.type == "DATE")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _aligned(line: str) -> list[Field]:
    """Fields of a fixed-width line: two or more spaces apart (one space joins words)."""
    return [(m.start(), m.end(), m.group()) for m in _ALIGNED_SPLIT.finditer(line)]


def _split(line: str, mode: str) -> list[Field]:
    """The fields of one delimited table line, with their spans."""
    out: list[Field] = []
    if mode == "csv":
        pos = 0
        while pos <= len(line):
            m = _CSV_FIELD.match(line, pos)
            if m is None:
                break
            a, b = _strip_span(line, m.start(), m.end())
            if b - a >= 2 and line[a] == '"' and line[b - 1] == '"':
                a, b = a + 1, b - 1
            out.append((a, b, line[a:b]))
            pos = m.end() + 1
        return out
    sep = "\t" if mode == "tsv" else "|"
    pos = 0
    body = line
    if mode == "pipe" and line.strip().startswith("|"):
        pos = line.index("|") + 1
        body = line[pos:].rstrip().rstrip("|")
    for part in body.split(sep):
        a, b = _strip_span(line, pos, pos + len(part))
        out.append((a, b, line[a:b]))
        pos += len(part) + 1
    return out


def _header_mode(line: str) -> str:
    stripped = line.strip()
    if _SERIES_FOOTER.fullmatch(stripped):
        return "aligned"
    if _REPR_LINE.match(line) and _QUOTED.search(line) and not _DICT_KEY.search(line):
        return "repr"
    if stripped.count("|") >= 2:
        return "pipe"
    if "\t" in stripped:
        return "tsv"
    if stripped.count(",") >= 1 and "  " not in stripped:
        return "csv"
    return "aligned"


def _kinds(fields: list[Field]) -> dict[int, HeaderKind] | None:
    """The typed columns of a header line, or None if it is not one."""
    typed: dict[int, HeaderKind] = {}
    for k, (_, _, name) in enumerate(fields):
        if _HEADERISH.fullmatch(name) is None:
            return None
        kind = header_kind(name) if name else None
        if kind is not None:
            typed[k] = kind
    return typed or None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def text_table_hits(text: str, hints: list[int] | None = None) -> Iterator[Hit]:
    """Candidates from the text tables in ``text`` (see the module's docstring).

    ``hints`` is ``hint_positions(text)`` when the caller has it already.
    """
    tables: list[_Table] = []
    done = 0  # text before this offset was read already
    for hint in hint_positions(text) if hints is None else hints:
        if hint < done:
            continue
        start = text.rfind("\n", 0, hint) + 1
        end = _line_end(text, hint)
        done = end + 1
        line = text[start:end]
        if len(line) > _MAX_LINE:
            continue
        mode = _header_mode(line)
        if mode == "aligned":
            table = _aligned_block(text, start)
            while table is not None and _continues(text, table):
                # a wide frame wrapped into blocks: each block is read, named or not
                tables.append(table)
                nxt = len(text) - len(text[table.end :].lstrip())
                nxt = text.rfind("\n", 0, nxt) + 1  # the start of that line
                table = _aligned_block(text, nxt) if nxt < len(text) else None
        elif mode == "repr":
            table = _repr_rows(text, start, end)
        else:
            table = _delimited(text, start, end, mode)
        if table is not None:
            tables.append(table)
            done = max(done, table.end + 1)
    return _settle(tables, text)


def _continues(text: str, table: _Table) -> bool:
    """Whether a fixed-width block's header line ends with pandas' wrap mark ``\\``."""
    for _ in range(3):  # the header is among the block's first lines
        end = _line_end(text, table.start)
        if text[table.start : end].rstrip().endswith("\\"):
            return True
        if end >= table.end:
            break
        table = _Table(end + 1, table.end)
    return False


def _block(text: str, pos: int) -> list[tuple[int, str]]:
    """The lines (offset, text) of the run of non-blank lines around offset ``pos``."""
    start = pos
    for _ in range(_MAX_BACK):
        if start == 0:
            break
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev : start - 1]
        if not line.strip() or _header_mode(line) != "aligned":
            break
        start = prev
    lines: list[tuple[int, str]] = []
    while start < len(text) and len(lines) < _MAX_ROWS:
        end = _line_end(text, start)
        line = text[start:end]
        if not line.strip() or (start > pos and _header_mode(line) != "aligned"):
            break  # a blank line, or a CSV printed right after
        lines.append((start, line))
        start = end + 1
        if _FOOTER.fullmatch(line.strip()):
            break
    return lines


def _aligned_block(text: str, pos: int) -> _Table | None:
    """A fixed-width block: a frame by columns, a transposed frame, or a Series."""
    lines = _block(text, pos)
    if not lines:
        return None
    table = _Table(lines[0][0], lines[-1][0] + len(lines[-1][1]))
    if len(lines[-1][1]) <= _MAX_LINE:
        footer = _SERIES_FOOTER.fullmatch(lines[-1][1].strip())
        if footer is not None:
            name = footer.group(1)
            if name and header_kind(name) is not None:
                _series(lines, name, table)
                return table
            lines = lines[:-1]  # ``df.iloc[0]``: the header is in each line
    fields = [
        _aligned(line.rstrip().removesuffix("\\")) if len(line) <= _MAX_LINE else []
        for _, line in lines
    ]
    labelled = 0
    for f in fields:
        if len(f) >= 2 and header_kind(f[0][2]) is not None:
            # a value may spell a header word (``MRN3463502``); a header holds no number
            labelled += all(
                header_kind(name) is None or _NUMBER.search(name) for _, _, name in f[1:]
            )
    if labelled >= 2:
        _transposed(lines, fields, table)
    else:
        _by_columns(lines, fields, table)
    return table


def _series(lines: list[tuple[int, str]], name: str | None, table: _Table) -> None:
    """A Series printed with its ``Name: ...`` footer: the name types every value."""
    kind = table.header(name or "")
    if kind is None:
        return
    for offset, line in lines[:-1]:
        f = _aligned(line)
        if len(f) >= 2:
            a, _, value = f[-1]
            table.add(kind, value, offset + a)


def _transposed(lines: list[tuple[int, str]], fields: list[list[Field]], table: _Table) -> None:
    """``df.T``, ``df.iloc[0]``: each line starts with the header its values belong to."""
    for (offset, _), f in zip(lines, fields, strict=True):
        kind = table.header(f[0][2]) if len(f) >= 2 else None
        if kind is None:
            continue
        for a, _, value in f[1:]:
            table.add(kind, value, offset + a)


_NUMBER = re.compile(r"\d{3}")
_NOT_SPACE = re.compile(r"[^ ]")
_FILLED = re.compile(r"1+")


def _occupied(line: str) -> int:
    """Bit ``i`` set where ``line[i]`` is not a space."""
    bits = _NOT_SPACE.sub("1", line).replace(" ", "0")
    return int(bits[::-1], 2) if bits else 0


def _column_spans(header: str, rows: list[str]) -> list[tuple[int, int]]:
    """The columns of a fixed-width table: spans between gutters blank in every line.

    pandas puts two spaces between columns, one with ``index=False`` and between two
    header names wider than their values (``PASSPORT PREFIX``): every position blank in
    all lines is a gutter. A span with no header text over it is part of a value whose
    header is right-aligned further on (two addresses whose last words line up), so it
    joins the span to its right; spans before the first header are the index.
    """
    occupied = 0
    for line in rows:
        occupied |= _occupied(line)
    occupied |= _occupied(header)
    bits = bin(occupied)[2:][::-1]
    spans: list[tuple[int, int]] = []
    for m in _FILLED.finditer(bits):
        a, b = m.span()
        gap = a - 1
        if (
            spans
            and spans[-1][1] == gap
            and not header[spans[-1][0] : gap].strip()
            and any(
                0 < gap < len(line) - 1 and line[gap - 1] != " " != line[gap + 1] for line in rows
            )
        ):
            # one space inside a value (``2180-03-07 00:39:00``) under a header to its right
            a = spans.pop()[0]
        spans.append((a, b))
    first = next((k for k, (a, b) in enumerate(spans) if header[a:b].strip()), len(spans))
    out = spans[:first]
    pending = -1
    for a, b in spans[first:]:
        if pending < 0:
            pending = a
        if header[a:b].strip():
            out.append((pending, b))
            pending = -1
    if pending >= 0 and out:
        out[-1] = (out[-1][0], len(bits))
    return out


_HEADER_WORD = re.compile(r"[A-Za-z_#][\w.#/()'’:\-\[\]]{0,60}|\.\.\.")


def _header_candidate(fields: list[Field]) -> bool:
    """A line of header names, one of them (or one word of one) naming a type.

    Words are checked one by one: two header names may be one space apart.
    """
    if not fields or _FOOTER.fullmatch(fields[0][2]):
        return False
    words = [w for _, _, name in fields for w in name.split(" ")]
    if any(_HEADER_WORD.fullmatch(w) is None for w in words):
        return False
    return any(header_kind(name) is not None for _, _, name in fields) or any(
        header_kind(w) is not None for w in words
    )


def _by_columns(lines: list[tuple[int, str]], fields: list[list[Field]], table: _Table) -> None:
    """A frame printed by columns: header line, maybe index names, rows under it."""
    head = next((k for k, f in enumerate(fields) if _header_candidate(f)), None)
    if (
        head == 1
        and fields[0]
        and fields[1][-1][1] <= fields[0][0][0]
        and _HEADERISH.fullmatch(fields[0][0][2])
    ):
        # a wrapped multi-index frame's block whose columns name no type, under index
        # names that do (``provider_id provider_name``): the line above is the header
        head = 0
    while (
        head is not None
        and head + 1 < len(fields)
        and fields[head + 1][-1][1] > fields[head][0][0]  # not index names (left of it)
        and len(fields[head + 1]) > len(fields[head])
        and _header_candidate(fields[head + 1])
    ):
        head += 1  # the upper level of a two-level header: the names are below
    if head is None:
        return
    header = lines[head][1].rstrip()
    if header.endswith("\\"):  # a wrapped frame's block goes on below
        header = header[:-1].rstrip()
    first_col = len(header) - len(header.lstrip())
    rows = lines[head + 1 :]
    names: list[Field] = []
    if rows:
        below = [f for f in _aligned(rows[0][1]) if f[2] != "..."]
        if below and all(b <= first_col for _, b, _ in below):
            names = below  # index names under a header whose index part is blank
            rows = rows[1:]
    rows = [(o, line) for o, line in rows if not _FOOTER.fullmatch(line.strip())]
    columns: list[tuple[int, int, str]] = []
    spans = _column_spans(header, [line for _, line in rows])
    if names:
        names = _cut_names(names, [a for a, _ in spans if a < first_col])
    for a, b in spans:
        name = header[a:b].strip()
        inside = [n for n in names if a <= n[0] < b]
        if not name and inside:
            # index levels are one space apart: each name starts its level
            for k, (na, _, ntext) in enumerate(inside):
                nb = inside[k + 1][0] if k + 1 < len(inside) else b
                columns.append((na, nb, ntext))
        else:
            columns.append((a, b, name))
    upper = _upper_labels(lines, head, columns)
    typed: list[tuple[int, int, HeaderKind]] = []
    for k, (a, b, name) in enumerate(columns):
        kind = None
        if upper[k] and name:
            kind = table.header(f"{upper[k]} {name}")
        kind = kind or table.header(name)
        if kind is not None:
            typed.append((a, b, kind))
    for offset, line in rows:
        for a, b, kind in typed:
            s, e = _strip_span(line, a, min(b, len(line)))
            if s < e:
                table.add(kind, line[s:e], offset + s)


def _cut_names(names: list[Field], starts: list[int]) -> list[Field]:
    """Index names as one field per level: ``Prescriber DEA Pt Last`` over two levels
    (one space apart, so read as one field) is cut where the second level's values start."""
    out: list[Field] = []
    for na, nb, text in names:
        cuts = [na, *(p for p in starts if na < p < nb), nb]
        for p, q in itertools.pairwise(cuts):
            piece = text[p - na : q - na]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((p + lead, p + lead + len(piece.strip()), piece.strip()))
    return out


def _upper_labels(
    lines: list[tuple[int, str]], head: int, columns: list[tuple[int, int, str]]
) -> list[str]:
    """The upper level of a two-level column header, carried over the columns it spans."""
    out = [""] * len(columns)
    if head == 0:
        return out
    above = lines[head - 1][1]
    if _kinds(_aligned(above)) is None and not all(
        _HEADERISH.fullmatch(f[2]) for f in _aligned(above)
    ):
        return out
    label = ""
    for k, (a, b, _) in enumerate(columns):
        text = above[a:b].strip()
        if text and text != "...":
            label = text
        out[k] = label
    return out


def _delimited(text: str, start: int, end: int, mode: str) -> _Table | None:
    """A CSV, TSV or pipe table whose header line is ``text[start:end]``."""
    header = _split(text[start:end], mode)
    typed = _kinds(header)
    if typed is None:
        return None
    table = _Table(start, end)
    for _, _, name in header:
        table.header(name)
    pos = end + 1
    rows = 0
    while pos < len(text) and rows < _MAX_ROWS:
        row_end = _line_end(text, pos)
        row = text[pos:row_end]
        row_offset = pos
        pos = row_end + 1
        if not row.strip() or len(row) > _MAX_LINE:
            break
        if _SEPARATOR_ROW.fullmatch(row) or row.strip() in ("...", "…"):
            continue
        cells = _split(row, mode)
        if len(cells) != len(header) or _kinds(cells) == typed:
            break
        for k, kind in typed.items():
            a, _, value = cells[k]
            table.add(kind, value, row_offset + a)
        rows += 1
        table.end = row_end
    return table


def _repr_rows(text: str, start: int, end: int) -> _Table | None:
    """DB-API rows (tuples) printed after their column names.

    The names come from ``cursor.description`` (sqlite3's tuples, psycopg's
    ``Column(name=...)``) or a printed list of names; each following tuple with as many
    fields is a row.
    """
    line = text[start:end]
    if "name='" in line:
        names = re.findall(r"name='([^']*)'", line)
    elif line.lstrip().startswith("(("):
        names = re.findall(r"\(\s*'([^']*)'\s*,", line)
    else:
        names = [
            m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(line)
        ]
    if len(names) < 2:
        return None
    table = _Table(start, end)
    kinds = {k: kind for k, n in enumerate(names) if (kind := table.header(n)) is not None}
    if not kinds:
        return None
    pos = end + 1
    rows = 0
    while pos < len(text) and rows < _MAX_ROWS:
        row_end = _line_end(text, pos)
        row = text[pos:row_end]
        if len(row) > 1_000_000 or not _TUPLE.search(row):
            break
        for m in _TUPLE.finditer(row):
            cells = repr_fields(m.group(1), pos + m.start(1))
            if len(cells) != len(names):
                continue
            rows += 1
            for k, kind in kinds.items():
                a, value = cells[k]
                table.add(kind, value, a)
        table.end = row_end
        pos = row_end + 1
    return table


def repr_fields(
    body: str, base: int, pattern: re.Pattern[str] = _TUPLE_FIELD
) -> list[tuple[int, str]]:
    """The fields of a tuple's repr: (offset of the value, value without its quotes).

    ``pattern`` matches one field with groups ``s`` (single-quoted), ``d``
    (double-quoted) or ``b`` (bare), then its comma.
    """
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(body):
        m = pattern.match(body, pos)
        if m is None or m.end() == pos:
            break
        group = "s" if m.group("s") is not None else "d" if m.group("d") is not None else "b"
        out.append((base + m.start(group), m.group(group)))
        pos = m.end()
    return out


_Cell = tuple[str, int, int, bool]  # tag, content start, content end, carried by rowspan


def _fill_carried(cells: list[_Cell | None], carry: dict[int, tuple[int, _Cell]]) -> None:
    """Add the cells a ``rowspan`` above carries into the next columns of this row."""
    while len(cells) in carry:
        col = len(cells)
        left, cell = carry[col]
        cells.append((cell[0], cell[1], cell[2], True))
        if left <= 1:
            del carry[col]
        else:
            carry[col] = (left - 1, cell)


@dataclass
class _HtmlTable:
    """A ``<table>`` read tag by tag: its rows as columns, spans expanded."""

    start: int
    end: int = 0
    grid: list[list[_Cell | None]] = field(default_factory=list)
    head_rows: int = 0  # rows inside <thead>
    carry: dict[int, tuple[int, _Cell]] = field(default_factory=dict)
    row: list[_Cell | None] | None = None
    cell: tuple[str, int, int, int] | None = None  # tag, content start, colspan, rowspan
    in_head: bool = False

    def close_cell(self, end: int) -> None:
        if self.cell is None:
            return
        if self.row is None:
            self.open_row()
        assert self.row is not None
        tag, start, colspan, rowspan = self.cell
        self.cell = None
        _fill_carried(self.row, self.carry)
        cell: _Cell = (tag, start, end, False)
        for k in range(colspan):
            col = len(self.row)
            self.row.append(cell if k == 0 else (tag, start, end, True))
            if rowspan > 1:
                self.carry[col] = (rowspan - 1, cell)

    def open_row(self) -> None:
        self.close_row(-1)
        self.row = []

    def close_row(self, end: int) -> None:
        if self.cell is not None and end >= 0:
            self.close_cell(end)
        if self.row is not None:
            _fill_carried(self.row, self.carry)
            self.grid.append(self.row)
            if self.in_head:
                self.head_rows = len(self.grid)
        self.row = None


_TAG = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|td|th)\b([^<>]*)>", re.I)


def _html_tables(text: str) -> list[_HtmlTable]:
    """Every table in ``text``, read in one pass over its table tags (linear time)."""
    if "<t" not in text and "<T" not in text:
        return []
    done: list[_HtmlTable] = []
    stack: list[_HtmlTable] = []
    for m in _TAG.finditer(text):
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag == "table":
            if not closing:
                if stack:  # a table in a cell: the outer cell's own text ends here
                    stack[-1].close_cell(m.start())
                stack.append(_HtmlTable(m.start()))
            elif stack:
                table = stack.pop()
                table.close_row(m.start())
                table.end = m.end()
                done.append(table)
            continue
        if not stack:
            continue
        table = stack[-1]
        if tag == "thead":
            table.close_row(m.start())
            table.in_head = not closing
        elif tag in ("tbody", "tfoot"):
            table.close_row(m.start())
            table.in_head = False
        elif tag == "tr":
            if closing:
                table.close_row(m.start())
            else:
                table.open_row()
        elif closing:
            table.close_cell(m.start())
        else:
            table.close_cell(m.start())
            spans = {k.lower(): int(v) for k, v in _SPAN_ATTR.findall(m.group(3))}
            colspan = max(1, min(spans.get("colspan", 1), 1000))
            rowspan = max(1, min(spans.get("rowspan", 1), 100_000))
            table.cell = (tag, m.end(), colspan, rowspan)
    while stack:  # a table cut short: what it holds so far
        table = stack.pop()
        table.close_row(len(text))
        table.end = len(text)
        done.append(table)
    done.sort(key=lambda t: t.start)
    return done


def _cell_text(clean: str, cell: _Cell | None) -> str:
    if cell is None:
        return ""
    return re.sub(r"\s+", " ", html.unescape(clean[cell[1] : cell[2]])).strip()


def html_table_hits(text: str, clean: str) -> Iterator[Hit]:
    """Candidates from HTML ``<table>`` markup (offsets into the original HTML)."""
    tables: list[_Table] = []
    for found in _html_tables(text):
        grid = found.grid
        if not grid or len(grid) > _MAX_ROWS:
            continue
        head_rows = found.head_rows
        if not head_rows:
            while head_rows < len(grid) - 1 and all(
                c is None or c[0] == "th" for c in grid[head_rows]
            ):
                head_rows += 1
            head_rows = head_rows or 1
        table = _Table(found.start, found.end)
        if not _html_columns(clean, grid, head_rows, table):
            _html_rows(clean, grid[head_rows:], table)
        tables.append(table)
    return _settle(tables, text)


def _html_columns(
    clean: str, grid: list[list[_Cell | None]], head_rows: int, table: _Table
) -> bool:
    """Values under typed column headers; False if no column header names a type."""
    width = max(len(r) for r in grid)
    typed: dict[int, HeaderKind] = {}
    for col in range(width):
        labels = [_cell_text(clean, r[col]) for r in grid[:head_rows] if col < len(r)]
        labels = [t for t in labels if t and t != "..."]
        candidates = ([" ".join(labels)] if len(labels) > 1 else []) + labels[::-1]
        for name in candidates:
            kind = table.header(name)
            if kind is not None:
                typed[col] = kind
                break
    if not typed:
        return False
    for row in grid[head_rows:]:
        for col, kind in typed.items():
            cell = row[col] if col < len(row) else None
            if cell is None or cell[3]:
                continue
            _html_value(clean, cell, kind, table)
    return True


def _html_rows(clean: str, rows: list[list[_Cell | None]], table: _Table) -> bool:
    """A transposed frame: the row header (the last ``<th>`` of a row) names the type."""
    found = False
    for row in rows:
        label = None
        for k, cell in enumerate(row):
            if cell is not None and cell[0] == "th":
                label = k
        if label is None:
            continue
        kind = table.header(_cell_text(clean, row[label]))
        if kind is None:
            continue
        found = True
        for cell in row[label + 1 :]:
            if cell is not None and not cell[3]:
                _html_value(clean, cell, kind, table)
    return found


def _html_value(clean: str, cell: _Cell, kind: HeaderKind, table: _Table) -> None:
    s, e = _strip_span(clean, cell[1], cell[2])
    value = clean[s:e]
    if not value or "<" in value:
        return
    if "&" in value:
        # an entity inside (``O&#x27;Neil``): checked decoded, reported where it is stored
        decoded = html.unescape(value)
        if value_type(kind, decoded) is not None:
            hit = Hit(value_type(kind, decoded) or kind.type, s, e, PRIORITY)
            (table.companions if kind.companion else table.strong).append(hit)
        return
    table.add(kind, value, s)
