"""Table awareness: a column header says what the values under it are.

Reads the tables notebooks print: pandas' fixed-width text repr, CSV/TSV
(``print(df.to_csv())``), Markdown pipe tables and HTML ``<table>`` (pandas'
``dataframe`` HTML). A column whose header names a type (``ssn``,
``date_of_birth``, ``member_id``...) makes each value under it a candidate of
that type, kept when the type's validator accepts the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .kinds import COLUMN_VALIDATORS, NEEDS_COMPANION, PHI_TYPES, Hit, header_type, hint_positions

#: Priority of a hit that comes from a column header.
PRIORITY = 2
#: Column types of a place. A table whose only typed columns are these (house sales with
#: ``Address`` and ``Postcode``, store locations) lists properties, not people.
PLACE_TYPES = frozenset({"ADDRESS", "ZIP"})
#: Type of the marker hit a place-only table yields over its span: the scan drops the
#: place hits (column or free-standing) inside it.
PLACE_TABLE = "PLACE_TABLE"
_MAX_ROWS = 100_000

_HEADERISH = re.compile(r"[A-Za-z_#][\w .#/()\-]{0,40}|\.\.\.|")
_ALIGNED_SPLIT = re.compile(r"\S+(?: \S+)*")
_CSV_FIELD = re.compile(r'"(?:[^"]|"")*"|[^,\n]*')
_SEPARATOR_ROW = re.compile(r"[\s|:\-+=]*")
_TABLE_RE = re.compile(r"<table\b.*?</table\s*>", re.S | re.I)
_THEAD_RE = re.compile(r"<thead\b.*?</thead\s*>", re.S | re.I)
_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.S | re.I)
_CELL_RE = re.compile(r"<(t[hd])\b[^>]*>(.*?)</\1\s*>", re.S | re.I)

Field = tuple[int, int, str]  # start, end (relative to the line), text


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split(line: str, mode: str) -> list[Field]:
    """The fields of one table line, with their spans."""
    if mode == "aligned":
        # Columns in pandas' repr are two or more spaces apart; one space joins words.
        return [
            (m.start(), m.end(), m.group()) for m in _ALIGNED_SPLIT.finditer(line.rstrip("\\ "))
        ]
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
    if stripped.count("|") >= 2:
        return "pipe"
    if "\t" in stripped:
        return "tsv"
    if stripped.count(",") >= 1 and "  " not in stripped:
        return "csv"
    return "aligned"


def _typed_columns(fields: list[Field]) -> dict[int, str] | None:
    typed: dict[int, str] = {}
    for k, (_, _, name) in enumerate(fields):
        if _HEADERISH.fullmatch(name) is None:
            return None
        kind = header_type(name) if name else None
        if kind:
            typed[k] = kind
    if not typed:
        return None
    if not any(kind in PHI_TYPES for kind in typed.values()):
        typed = {k: t for k, t in typed.items() if t not in NEEDS_COMPANION}
    return typed or None


def _column_of(field: Field, header: list[Field]) -> int | None:
    """The header column a fixed-width cell sits under (best overlap, right-aligned)."""
    s, e, _ = field
    best, best_overlap = None, 0
    for k, (hs, he, _) in enumerate(header):
        overlap = min(e, he) - max(s, hs)
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    return best


def _line_at(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return pos, len(text) if end < 0 else end


def text_table_hits(text: str, hints: list[int] | None = None) -> Iterator[Hit]:
    """Candidates from fixed-width, CSV/TSV and pipe tables in plain text.

    ``hints`` is ``hint_positions(text)`` when the caller has it already.
    """
    done = 0  # text before this offset was read already
    for hint in hint_positions(text) if hints is None else hints:
        if hint < done:
            continue
        offset, line_end = _line_at(text, text.rfind("\n", 0, hint) + 1)
        done = line_end + 1
        line = text[offset:line_end]
        if len(line) > 2000:
            continue
        mode = _header_mode(line)
        header = _split(line, mode)
        typed = _typed_columns(header)
        if typed is None:
            continue
        hits, end = _rows(text, done, mode, header, typed)
        if set(typed.values()) <= PLACE_TYPES:
            yield Hit(PLACE_TABLE, offset, end, -1)
        else:
            yield from hits


def _rows(
    text: str, pos: int, mode: str, header: list[Field], typed: dict[int, str]
) -> tuple[list[Hit], int]:
    """The candidates in the rows under ``header``, and the offset where the table ends."""
    hits: list[Hit] = []
    rows = 0
    end = pos
    while pos < len(text) and rows < _MAX_ROWS:
        row_offset, row_end = _line_at(text, pos)
        row = text[row_offset:row_end]
        pos = row_end + 1
        if not row.strip():
            break
        if _SEPARATOR_ROW.fullmatch(row) or row.strip() in ("...", "…"):
            continue
        cells = _split(row, mode)
        if mode == "aligned":
            if len(cells) == 1 and header_type(cells[0][2]) is not None:
                continue  # pandas' index-name line
            pairs = [(c, _column_of(c, header)) for c in cells]
        else:
            if len(cells) != len(header) or _typed_columns(cells) == typed:
                break
            pairs = [(c, k) for k, c in enumerate(cells)]
        for (s, e, value), k in pairs:
            kind = typed.get(k) if k is not None else None
            if kind and value and COLUMN_VALIDATORS[kind](value):
                hits.append(Hit(kind, row_offset + s, row_offset + e, PRIORITY))
        rows += 1
        end = row_end
    return hits, end


def html_table_hits(text: str, clean: str) -> Iterator[Hit]:
    """Candidates from HTML ``<table>`` markup (offsets into the original HTML)."""
    if "<t" not in text and "<T" not in text:
        return
    for table in _TABLE_RE.finditer(text):
        start = table.start()
        body = table.group()
        thead = _THEAD_RE.search(body)
        rows = list(_ROW_RE.finditer(body))
        if not rows:
            continue
        header_rows = [
            r for r in rows if thead and thead.start() <= r.start() < thead.end()
        ] or rows[:1]
        typed: dict[int, str] | None = None
        for hrow in header_rows:
            hbase = start + hrow.start(1)
            names = [
                clean[hbase + c.start(2) : hbase + c.end(2)].strip()
                for c in _CELL_RE.finditer(hrow.group(1))
            ]
            fields = [(0, 0, re.sub(r"\s+", " ", name)) for name in names]
            typed = _typed_columns(fields)
            if typed:
                break
        if not typed:
            continue
        if set(typed.values()) <= PLACE_TYPES:
            yield Hit(PLACE_TABLE, start, table.end(), -1)
            continue
        last_header = header_rows[-1].end()
        for row in rows:
            if row.start() < last_header:
                continue
            base = start + row.start(1)
            for k, cell in enumerate(_CELL_RE.finditer(row.group(1))):
                kind = typed.get(k)
                if not kind:
                    continue
                s, e = _strip_span(clean, base + cell.start(2), base + cell.end(2))
                value = clean[s:e]
                if value and COLUMN_VALIDATORS[kind](value):
                    yield Hit(kind, s, e, PRIORITY)
