"""Walk a notebook into the named strings a scan reads, and say what it cannot read.

Every text a notebook would share becomes a :class:`Segment`: cell sources, ids,
metadata (cell, output and notebook metadata, widget state included), attachments
(names, and textual payloads decoded from base64), stream text (a cell's
consecutive writes to one stream joined as the reader sees them), rich outputs
and error fields, and the notebook's own name when the caller gives it.

``Segment.text`` is what is stored; ``Segment.clean`` is what the detectors
read: ANSI escape codes and zero-width characters removed, Unicode spaces and
dashes made plain, HTML read as a browser shows it (entities decoded, inline
tags dropped, block tags turned into line breaks) with everything a reader does
not see but the file carries (attribute values, comments, ``<script>`` and
``<style>`` with their JavaScript and CSS escapes decoded, ``srcdoc`` documents
parsed in turn) appended after the visible text. :class:`OffsetMap` takes an
offset in ``clean`` back to ``text``. Every loop here is linear in its input.

Offsets are into the stored string at the segment's path, with three
conventions where no such string exists: a JSON value (metadata, a JSON MIME
payload) is read as ``json.dumps(value, ensure_ascii=False)``; a base64 payload
as its decoded text; a key (an attachment's file name) as the key itself.

:func:`unscanned` lists what a notebook shares that the scan cannot read
(binary payloads, unknown output shapes, values of unexpected types, widget
buffers, JSON too deep to read) and :func:`shareable_copy` drops it.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_MIMES = frozenset(
    {
        "application/pdf",
        "application/octet-stream",
        "application/zip",
        "application/gzip",
        "application/x-tar",
        "application/vnd.ms-excel",
        "application/x-hdf5",
    }
)
_HTML_MIMES = frozenset(
    {"text/html", "image/svg+xml", "application/xml", "text/xml", "application/xhtml+xml"}
)
_JS_MIMES = frozenset({"application/javascript", "text/javascript", "application/ecmascript"})
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_STREAMS = frozenset({"stdout", "stderr"})
_OUTPUT_TYPES = frozenset(
    {"stream", "execute_result", "display_data", "update_display_data", "error"}
)
_CELL_TYPES = frozenset({"code", "markdown", "raw"})
#: Cell ids that nbformat and the front ends generate (hex, UUIDs): nothing to read.
_GENERATED_ID = re.compile(
    r"[A-Za-z0-9]{1,64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")
#: Past this depth, attribute documents (``srcdoc`` inside ``srcdoc``) are read as text.
_MAX_DEPTH = 4

# Characters a reader does not see (zero-width, soft hyphen, BOM) and ones that look
# like a plain space or hyphen: a value split or disguised by them reads as it shows.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\xad"
_SPACES = "\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_DASHES = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
_NORMALISE = str.maketrans(
    {
        **dict.fromkeys(_INVISIBLE, None),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_DASHES, "-"),
    }
)
_PLAIN_CLASS = "\x1b" + _INVISIBLE + _SPACES + _DASHES
_SPECIAL = {
    "plain": re.compile(f"[{_PLAIN_CLASS}]"),
    "html": re.compile(f"[&{_PLAIN_CLASS}]"),
    "js": re.compile(f"[\\\\{_PLAIN_CLASS}]"),
    "css": re.compile(f"[\\\\{_PLAIN_CLASS}]"),
}
_CSI = re.compile(r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]")
_CSI_TAIL = re.compile(r"\[[0-?]{0,64}[ -/]{0,8}[@-~]")
_OSC = re.compile(r"\x1b\]([^\x07\x1b]{0,4096})(?:\x07|\x1b\\)")
_ESC_OTHER = re.compile(r"\x1b(?:[ -/]{1,3}[0-~]|[0-~])")
_ENTITY = re.compile(r"&(?:#[0-9]{1,10};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_JS_ESCAPE = re.compile(
    r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(\r\n|[\s\S]))"
)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "\n", "v": "\n", "0": "", "\n": ""}
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\s\S]))")
_NAME_SEPARATORS = str.maketrans("_/\\+", "    ")
#: A hyphen between a word and a number (``patient-412-55-7781``, a tag or a file name).
_SLUG = re.compile(r"(?<=[A-Za-z])-(?=\d)")

_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]{0,63}")
#: A whole start or end tag whose quotes close before its ``>``: no character class here
#: overlaps the next one's start, so a failed match costs its length once.
_SIMPLE_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/<>"']{0,63})((?:[^<>"']|"[^"]*"|'[^']*')*)>""")
_SRCDOC = re.compile(r"srcdoc", re.I)
_ATTR = re.compile(r"[\s/]*([^\s/>=]*)\s*(=?)\s*")
_UNQUOTED = re.compile(r"[^\s>]*")
#: Elements shown inside a line: their tags split nothing a reader sees.
_INLINE = frozenset(
    {"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
     "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp",
     "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
#: Elements whose content is not markup, and how it is read.
_RAW = {"script": "js", "style": "css", "textarea": "html", "title": "html", "xmp": "plain",
        "iframe": "plain", "noembed": "plain", "noframes": "plain"}  # fmt: skip
_RAW_END = {name: re.compile(rf"</{name}(?![^\s/>])", re.I) for name in _RAW}


def is_textual_mime(mime: str) -> bool:
    """Whether a rich-output payload of this type is text a reader could see."""
    if mime in _HTML_MIMES:
        return True
    return not (mime.startswith(_BINARY_PREFIXES) or mime in _BINARY_MIMES)


def _mode_of(mime: str) -> str:
    if mime in _HTML_MIMES or mime == "text/markdown":
        return "html"
    if mime in _JS_MIMES or mime.endswith("json"):
        return "js"
    return "plain"


# -- offsets ------------------------------------------------------------------------------


class OffsetMap:
    """Clean offsets back to stored offsets.

    Run ``k`` covers clean ``[c[k], c[k+1])`` and stored ``[s[k], e[k])``; a run
    of equal lengths maps character by character, any other (a decoded entity,
    an inserted line break) maps as a whole.
    """

    __slots__ = ("c", "e", "n", "s")

    def __init__(self, c: list[int], s: list[int], e: list[int], n: int) -> None:
        self.c, self.s, self.e, self.n = c, s, e, n

    def _run(self, pos: int) -> tuple[int, bool]:
        k = bisect_right(self.c, pos) - 1
        nxt = self.c[k + 1] if k + 1 < len(self.c) else self.n
        return k, nxt - self.c[k] == self.e[k] - self.s[k]

    def start(self, pos: int) -> int:
        """The stored offset where the clean character at ``pos`` starts."""
        k, exact = self._run(pos)
        return self.s[k] + pos - self.c[k] if exact else self.s[k]

    def end(self, pos: int) -> int:
        """The stored offset where the clean text up to ``pos`` (exclusive, > 0) ends."""
        k, exact = self._run(pos - 1)
        return self.s[k] + pos - self.c[k] if exact else self.e[k]


class _Emitter(Protocol):
    src: str

    def copy(self, a: int, b: int) -> None: ...
    def put(self, chars: str, a: int, b: int) -> None: ...


class _Out:
    """Builds a clean string and its :class:`OffsetMap` over ``src``."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.parts: list[str] = []
        self.c: list[int] = []
        self.s: list[int] = []
        self.e: list[int] = []
        self.n = 0

    def copy(self, a: int, b: int) -> None:
        if a >= b:
            return
        c = self.c
        if c and self.e[-1] == a and self.n - c[-1] == a - self.s[-1]:
            self.e[-1] = b  # extends a character-by-character run
        else:
            c.append(self.n)
            self.s.append(a)
            self.e.append(b)
        self.parts.append(self.src[a:b])
        self.n += b - a

    def put(self, chars: str, a: int, b: int) -> None:
        if not chars:
            return
        exact = len(chars) == b - a
        if exact and self.c and self.e[-1] == a and self.n - self.c[-1] == self.e[-1] - self.s[-1]:
            self.e[-1] = b  # extends a character-by-character run
        else:
            self.c.append(self.n)
            self.s.append(a)
            self.e.append(b)
        self.parts.append(chars)
        self.n += len(chars)

    def result(self) -> tuple[str, OffsetMap | None]:
        clean = "".join(self.parts)
        if clean == self.src and len(self.c) <= 1:
            return self.src, None
        return clean, OffsetMap(self.c, self.s, self.e, self.n)


class _Via:
    """An emitter over an intermediate string ``src`` (a decoded attribute) that
    forwards to ``out`` in the stored string's offsets."""

    def __init__(self, out: _Emitter, src: str, offsets: OffsetMap) -> None:
        self.out, self.src, self.map = out, src, offsets

    def copy(self, a: int, b: int) -> None:
        m = self.map
        k = bisect_right(m.c, a) - 1
        while a < b:
            c0 = m.c[k]
            c1 = m.c[k + 1] if k + 1 < len(m.c) else m.n
            y = min(b, c1)
            if c1 - c0 == m.e[k] - m.s[k]:
                self.out.put(self.src[a:y], m.s[k] + a - c0, m.s[k] + y - c0)
            else:
                self.out.put(self.src[a:y], m.s[k], m.e[k])
            a = y
            k += 1

    def put(self, chars: str, a: int, b: int) -> None:
        if not self.map.c:
            return
        start = self.map.start(min(a, self.map.n - 1))
        self.out.put(chars, start, self.map.end(b) if b > a else start)


# -- reading ------------------------------------------------------------------------------


class _Reader:
    """Reads one string into an emitter: plain text, HTML, JavaScript or CSS."""

    def __init__(self, em: _Emitter, depth: int = 0) -> None:
        self.em = em
        self.src = em.src
        self.depth = depth
        #: What a reader does not see, read after the visible text: (kind, start, end).
        self.later: list[tuple[str, int, int]] = []
        #: Stored spans of markup and of complete top-level ``<table>`` elements.
        self.markup: list[tuple[int, int]] = []
        self.tables: list[tuple[int, int]] = []
        #: Per mode, the last search for a character that needs work: (from, found at).
        self._next: dict[str, tuple[int, int]] = {}

    def text(self, a: int, b: int, mode: str) -> None:
        """``src[a:b]`` as a reader sees it (``mode`` says which escapes apply)."""
        src, em, search = self.src, self.em, _SPECIAL[mode].search
        p = a
        while p < b:
            since, i = self._next.get(mode, (-1, -1))
            if not since <= p <= i:
                m = search(src, p)
                i = len(src) if m is None else m.start()
                self._next[mode] = (p, i)
            if i >= b:
                em.copy(p, b)
                return
            em.copy(p, i)
            ch = src[i]
            if ch == "\x1b":
                p = self._escape(i, b)
            elif ch == "&":
                ent = _ENTITY.match(src, i, b)
                p = ent.end() if ent else i + 1
                em.put(html.unescape(src[i:p]).translate(_NORMALISE), i, p)
            elif ch == "\\":
                p = self._backslash(i, b, mode)
            else:
                p = i + 1
                em.put(ch.translate(_NORMALISE), i, p)

    def _escape(self, i: int, b: int) -> int:
        src = self.src
        m = _OSC.match(src, i, b)
        if m is not None:  # a terminal hyperlink's target or a title: stored, not shown
            self.later.append(("plain", m.start(1), m.end(1)))
            return m.end()
        m = _CSI.match(src, i, b) or _ESC_OTHER.match(src, i, b)
        return i + 1 if m is None else m.end()

    def _backslash(self, i: int, b: int, mode: str) -> int:
        src = self.src
        if mode == "css":
            m = _CSS_ESCAPE.match(src, i, b)
            if m is None:
                self.em.copy(i, i + 1)
                return i + 1
            value = _codepoint(m.group(1)) if m.group(1) else m.group(2).strip("\r\n")
        else:
            m = _JS_ESCAPE.match(src, i, b)
            if m is None:
                self.em.copy(i, i + 1)
                return i + 1
            hexa = m.group(1) or m.group(2) or m.group(3)
            if hexa:
                value = _codepoint(hexa)
            else:
                single = m.group(4)
                value = _JS_SIMPLE.get(single, "" if single == "\r\n" else single)
        end = m.end()
        if value == "\x1b":  # an escaped ESC starts a colour code
            tail = _CSI_TAIL.match(src, end, b)
            if tail is not None:
                return tail.end()
        self.em.put(value.translate(_NORMALISE), i, end)
        return end

    def html(self, a: int, b: int) -> None:
        """``src[a:b]`` read as HTML."""
        src, em, later = self.src, self.em, self.later
        markup = self.markup if self.depth == 0 else None
        open_tables: list[int] = []
        pos = a
        while pos < b:
            lt = src.find("<", pos, b)
            if lt < 0:
                self.text(pos, b, "html")
                break
            nxt = src[lt + 1 : lt + 2]
            if not nxt or not (nxt.isascii() and (nxt.isalpha() or nxt in "/!?")):
                self.text(pos, lt + 1, "html")
                pos = lt + 1
                continue
            if pos < lt:
                since, special = self._next.get("html", (-1, -1))
                if since <= pos and special >= lt:  # nothing to decode before the tag
                    em.copy(pos, lt)
                else:
                    self.text(pos, lt, "html")
            if nxt == "!" or nxt == "?":
                pos = self._declaration(lt, b)
                if markup is not None:
                    markup.append((lt, pos))
                continue
            tag = _SIMPLE_TAG.match(src, lt, b)
            attrs = tag.group(3) if tag is not None else ""
            if tag is not None and not (attrs and _SRCDOC.search(attrs)):
                closing, name = tag.group(1), tag.group(2).lower()
                pos = tag.end()
                if not closing and attrs and not attrs.isspace():
                    later.append(("html-text", tag.start(3), tag.end(3)))
                    later.append(("line", pos, pos))
            elif nxt == "/":
                name_m = _TAG_NAME.match(src, lt + 2, b)
                gt = src.find(">", lt, b)
                pos = b if gt < 0 else gt + 1
                if name_m is None or gt < 0:
                    later.append(("plain", lt, pos))
                    if markup is not None:
                        markup.append((lt, pos))
                    continue
                closing, name = "/", name_m.group().lower()
            else:
                name_m = _TAG_NAME.match(src, lt + 1, b)
                assert name_m is not None  # nxt is a letter
                closing, name = "", name_m.group().lower()
                pos = self._attributes(name_m.end(), b)
            if markup is not None:
                markup.append((lt, pos))
                if name == "table":
                    if not closing:
                        open_tables.append(lt)
                    elif open_tables:
                        start = open_tables.pop()
                        if not open_tables:
                            self.tables.append((start, pos))
            if name in _CELLS:  # one tab between cells
                if not closing:
                    em.put("\t", lt, lt)
            elif name not in _INLINE:
                em.put("\n", lt, lt)
            mode = None if closing else _RAW.get(name)
            if mode is not None and src[pos - 1] == ">":
                close = _RAW_END[name].search(src, pos, b)
                end = b if close is None else close.start()
                self.text(pos, end, mode)
                if markup is not None and name in ("script", "style"):
                    markup.append((pos, end))
                em.put("\n", end, end)
                pos = end

    def _declaration(self, lt: int, b: int) -> int:
        """A comment, CDATA section, doctype or processing instruction at ``lt``."""
        src = self.src
        if src.startswith("<!--", lt):
            if src.startswith(">", lt + 4) or src.startswith("->", lt + 4):
                return lt + 4 + (1 if src[lt + 4] == ">" else 2)
            end = src.find("-->", lt + 4, b)
            self.later.append(("plain", lt + 4, b if end < 0 else end))
            return b if end < 0 else end + 3
        if src.startswith("<![CDATA[", lt):
            end = src.find("]]>", lt + 9, b)
            self.text(lt + 9, b if end < 0 else end, "plain")
            return b if end < 0 else end + 3
        gt = src.find(">", lt, b)
        self.later.append(("plain", lt + 2, b if gt < 0 else gt))
        return b if gt < 0 else gt + 1

    def _attributes(self, p: int, b: int) -> int:
        """Reads a start tag's attributes from ``p``; returns the offset after the tag."""
        src = self.src
        values: list[tuple[str, int, int]] = []
        region = p
        while True:
            m = _ATTR.match(src, p, b)
            assert m is not None  # every part is optional
            p = m.end()
            if p >= b:
                break
            if not m.group(2):
                if src[p] == ">":
                    break
                if not m.group(1):
                    p += 1
                continue
            quote = src[p]
            if quote in "\"'":
                close = src.find(quote, p + 1, b)
                start, end = p + 1, (b if close < 0 else close)
                p = b if close < 0 else close + 1
            else:
                end = _UNQUOTED.match(src, p, b).end()  # type: ignore[union-attr]
                start = p
                p = end
            values.append((m.group(1).lower(), start, end))
        end_of_tag = min(p, b)
        if values or src[region:end_of_tag].strip():
            cursor = region
            for name, start, end in values:
                self.later.append(("raw", cursor, start))
                kind = "document" if name == "srcdoc" else "html-text"
                self.later.append((kind, start, end))
                cursor = end
            self.later.append(("raw", cursor, end_of_tag))
            self.later.append(("line", end_of_tag, end_of_tag))
        return end_of_tag + 1 if end_of_tag < b else b

    def flush(self) -> None:
        """Reads what a reader does not see, after a line break."""
        em = self.em
        todo, self.later = self.later, []
        for k, (kind, a, b) in enumerate(todo):
            if kind in ("line", "plain") or k == 0:
                em.put("\n", a, a)
            if kind in ("plain", "raw"):
                self.text(a, b, "plain")
            elif kind == "html-text":
                self.text(a, b, "html")
            elif kind == "document":
                self._document(a, b)
        if self.later:  # an escape sequence inside what was just read
            self.flush()

    def _document(self, a: int, b: int) -> None:
        """An attribute that holds an HTML document (``iframe srcdoc``)."""
        inner = _Out(self.src)
        _Reader(inner, self.depth + 1).text(a, b, "html")
        decoded, offsets = inner.result()
        if self.depth + 1 >= _MAX_DEPTH or offsets is None or "<" not in decoded:
            self.text(a, b, "html")
            return
        nested = _Reader(_Via(self.em, decoded, offsets), self.depth + 1)
        nested.html(0, len(decoded))
        nested.flush()


def _codepoint(hexa: str) -> str:
    value = int(hexa, 16)
    return chr(value) if 0 < value < 0x110000 else "\ufffd"


class Cleaned(NamedTuple):
    """What the detectors read of one stored string."""

    clean: str
    offsets: OffsetMap | None
    #: Stored spans of complete top-level HTML tables, and the stored text with its
    #: markup blanked (same length), for the table reader.
    tables: tuple[tuple[int, int], ...] = ()
    blank: str | None = None


def clean_text(text: str, mode: str = "plain") -> Cleaned:
    """``text`` as the detectors read it; ``mode``: plain, html, js, css, json or name."""
    if mode == "name":  # a file name or a slug: separators are spaces
        return clean_text(_SLUG.sub(" ", text.translate(_NAME_SEPARATORS)))
    if mode == "json":
        return clean_text(_SLUG.sub(" ", text), "js")
    if text.isascii():  # the usual case: only ESC and the mode's own escapes need work
        if "\x1b" not in text and (
            (mode == "plain")
            or (mode == "html" and "<" not in text and "&" not in text)
            or (mode in ("js", "css") and "\\" not in text)
        ):
            return Cleaned(text, None)
    elif mode != "html" and not _SPECIAL[mode].search(text):
        return Cleaned(text, None)
    out = _Out(text)
    reader = _Reader(out)
    if mode == "html":
        reader.html(0, len(text))
    else:
        reader.text(0, len(text), mode)
    reader.flush()
    clean, offsets = out.result()
    if not reader.tables:
        return Cleaned(clean, offsets)
    return Cleaned(clean, offsets, tuple(reader.tables), _blank(text, reader.markup))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (line breaks kept)."""
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        a = max(a, pos)
        if a >= b:
            continue
        parts.append(text[pos:a])
        span = text[a:b]
        if "\n" in span:
            parts.append(re.sub(r"[^\n]+", lambda m: " " * len(m.group()), span))
        else:
            parts.append(" " * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


# -- segments -----------------------------------------------------------------------------


@dataclass
class Segment:
    """One string of a notebook, named by its JSON-pointer-like path."""

    path: str
    cell: int
    cell_id: str | None
    in_output: bool
    text: str
    clean: str
    cell_ignore: frozenset[str] | bool = False
    #: A Markdown or raw cell's source: prose, where authors sign and give contacts.
    prose: bool = False
    #: Maps offsets in ``clean`` to offsets in ``text`` (None: the same offsets).
    offsets: OffsetMap | None = None
    #: Where ``text`` joins several stored strings (a cell's consecutive writes to one
    #: stream): ``(offset in text, path)`` of each, in order; empty for one string.
    parts: tuple[tuple[int, str], ...] = ()
    tables: tuple[tuple[int, int], ...] = ()
    blank: str | None = None

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """The path and offsets in the stored string where ``text[start:end]`` starts."""
        if not self.parts:
            return self.path, start, end
        k = bisect_right([offset for offset, _ in self.parts], start) - 1
        offset, path = self.parts[k]
        limit = self.parts[k + 1][0] if k + 1 < len(self.parts) else len(self.text)
        return path, start - offset, min(end, limit) - offset


@dataclass(frozen=True)
class Unscanned:
    """A part of a notebook that is shared but not read as text, and why."""

    path: str
    reason: str


class _Text(NamedTuple):
    keys: tuple[str | int, ...]
    cell: int
    cell_id: str | None
    in_output: bool
    text: str
    mode: str
    prose: bool = False
    ignore: frozenset[str] | bool = False
    parts: tuple[tuple[int, str], ...] = ()


class _Cut(NamedTuple):
    keys: tuple[str | int, ...]
    reason: str


def _path(keys: tuple[str | int, ...]) -> str:
    return "/" + "/".join(str(k) for k in keys)


class _Where(NamedTuple):
    cell: int
    cell_id: str | None
    in_output: bool
    ignore: frozenset[str] | bool = False


_NOTEBOOK = _Where(-1, None, False)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _json(keys: tuple[str | int, ...], value: Any, at: _Where) -> Iterator[_Text | _Cut]:
    if value is None or value == {} or value == [] or value == "":
        return
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, TypeError, RecursionError):
        yield _Cut(keys, "JSON the scanner cannot read (too deep or not JSON)")
        return
    yield _Text(keys, at.cell, at.cell_id, at.in_output, text, "json", ignore=at.ignore)


def _string(
    keys: tuple[str | int, ...], value: Any, at: _Where, mode: str, prose: bool = False
) -> Iterator[_Text | _Cut]:
    """A field nbformat keeps as a string or a list of strings."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        try:
            text = "".join(value)
        except TypeError:
            text = ""
        else:
            yield _Text(keys, at.cell, at.cell_id, at.in_output, text, mode, prose, at.ignore)
            return
        strings = []
        for k, item in enumerate(value):
            if isinstance(item, str):
                strings.append(item)
            else:
                yield _Cut((*keys, k), f"expected a string, found {_kind(item)}")
                yield from _json((*keys, k), item, at)
        text = "".join(strings)
    else:
        yield _Cut(keys, f"expected a string, found {_kind(value)}")
        yield from _json(keys, value, at)
        return
    if text:
        yield _Text(keys, at.cell, at.cell_id, at.in_output, text, mode, prose, at.ignore)


def _joined(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        try:
            return "".join(value)
        except TypeError:
            return None
    return None


def _decoded(payload: str) -> str | bool:
    """A base64 payload's text; True when it is base64 of binary data, False when not base64."""
    if not _BASE64.fullmatch(payload):
        return False
    compact = "".join(payload.split())
    try:
        head = base64.b64decode(compact[:4096], validate=True)
    except (binascii.Error, ValueError):
        return False
    try:  # binary data shows in its first bytes (PNG, JPEG, PDF... signatures)
        (head[:-3] if len(compact) > 4096 else head).decode("utf-8")
        return base64.b64decode(compact, validate=True).decode("utf-8")
    except UnicodeDecodeError:  # before ValueError, its base class
        return True
    except (binascii.Error, ValueError):
        return False


def _bundle(
    keys: tuple[str | int, ...], bundle: Any, at: _Where, *, attachment: bool
) -> Iterator[_Text | _Cut]:
    """A MIME bundle: each textual payload read, each binary one cut."""
    if not isinstance(bundle, dict):
        yield _Cut(keys, f"expected a MIME bundle, found {_kind(bundle)}")
        yield from _json(keys, bundle, at)
        return
    for mime, value in bundle.items():
        k = (*keys, mime)
        text = _joined(value)
        if not is_textual_mime(mime):
            # A payload that is not base64 of binary data is text under a binary type.
            decoded = _decoded(text) if text else True
            readable = text if decoded is False else decoded
            if isinstance(readable, str):
                if readable:
                    yield _Text(
                        k, at.cell, at.cell_id, at.in_output, readable, "plain", ignore=at.ignore
                    )
            elif text or value:
                yield _Cut(k, f"binary {'attachment' if attachment else 'payload'} ({mime})")
            continue
        mode = _mode_of(mime)
        if text is None:
            if mode == "js":  # a JSON payload held as JSON
                yield from _json(k, value, at)
            else:
                yield from _string(k, value, at, mode)
            continue
        if attachment:  # nbformat stores attachments in base64
            payload = _decoded(text)
            if payload is True:
                yield _Cut(k, f"binary attachment under a text type ({mime})")
                continue
            if isinstance(payload, str):
                text = payload
        if text:
            yield _Text(k, at.cell, at.cell_id, at.in_output, text, mode, ignore=at.ignore)


def _metadata(keys: tuple[str | int, ...], meta: Any, at: _Where) -> Iterator[_Text | _Cut]:
    """Metadata read as JSON; widget buffers (binary) and widget state of an unknown shape cut."""
    widgets = meta.get("widgets") if isinstance(meta, dict) else None
    if not isinstance(meta, dict) or not isinstance(widgets, dict) or not widgets:
        yield from _json(keys, meta, at)
        return
    cuts: list[_Cut] = []
    kept: dict[str, Any] = {}
    for manager, state in widgets.items():
        k = (*keys, "widgets", manager)
        models = state.get("state") if isinstance(state, dict) else None
        if manager != _WIDGET_STATE or not isinstance(models, dict):
            cuts.append(_Cut(k, "widget state in a shape the scanner does not know"))
            kept[manager] = state  # still read, for the findings it may hold
            continue
        read = {}
        for model_id, model in models.items():
            if isinstance(model, dict) and "buffers" in model:
                cuts.append(_Cut((*k, "state", model_id, "buffers"), "binary widget buffers"))
                model = {key: v for key, v in model.items() if key != "buffers"}
            read[model_id] = model
        kept[manager] = {**state, "state": read}
    if len(cuts) == len(widgets) and all(len(c.keys) == len(keys) + 2 for c in cuts):
        cuts = [_Cut((*keys, "widgets"), cuts[0].reason)]
    yield from cuts
    yield from _json(keys, {**meta, "widgets": kept}, at)


def _output(keys: tuple[str | int, ...], out: Any, at: _Where) -> Iterator[_Text | _Cut]:
    if not isinstance(out, dict):
        yield _Cut(keys, f"expected an output, found {_kind(out)}")
        yield from _json(keys, out, at)
        return
    kind = out.get("output_type")
    if kind not in _OUTPUT_TYPES:
        yield _Cut(keys, f"output of a type the scanner does not know ({str(kind)[:40]!r})")
        yield from _json(keys, out, at)
        return
    for key, value in out.items():
        k = (*keys, key)
        if key == "output_type" or (key == "execution_count" and _is_count(value)):
            continue
        if kind == "stream" and key == "name" and value in _STREAMS:
            continue
        if (kind == "stream" and key == "text") or (kind == "error" and key in ("ename", "evalue")):
            yield from _string(k, value, at, "plain")
        elif kind == "error" and key == "traceback":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                text = "\n".join(value)
                if text:
                    yield _Text(k, at.cell, at.cell_id, True, text, "plain", ignore=at.ignore)
            else:
                yield from _string(k, value, at, "plain")
        elif key == "data" and kind != "stream" and kind != "error":
            yield from _bundle(k, value, at, attachment=False)
        else:
            yield from _json(k, value, at)


def _is_count(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _stream_run(outputs: list[Any], j: int) -> int:
    """The end of the run of writes to one stream that starts at ``j``."""
    first = outputs[j]
    if not _plain_stream(first):
        return j + 1
    k = j + 1
    while k < len(outputs) and _plain_stream(outputs[k]) and outputs[k]["name"] == first["name"]:
        k += 1
    return k


def _plain_stream(out: Any) -> bool:
    return (
        isinstance(out, dict)
        and out.get("output_type") == "stream"
        and isinstance(out.get("name"), str)
        and _joined(out.get("text")) is not None
    )


def _outputs(
    keys: tuple[str | int, ...], outputs: Any, at: _Where, join: bool
) -> Iterator[_Text | _Cut]:
    if not isinstance(outputs, list):
        yield _Cut(keys, f"expected a list of outputs, found {_kind(outputs)}")
        yield from _json(keys, outputs, at)
        return
    j = 0
    while j < len(outputs):
        end = _stream_run(outputs, j) if join else j + 1
        if end - j < 2:
            yield from _output((*keys, j), outputs[j], at)
            j += 1
            continue
        parts: list[tuple[int, str]] = []
        texts: list[str] = []
        offset = 0
        for n in range(j, end):
            text = _joined(outputs[n]["text"]) or ""
            parts.append((offset, _path((*keys, n, "text"))))
            texts.append(text)
            offset += len(text)
            others = {k: v for k, v in outputs[n].items() if k not in ("output_type", "text")}
            if others.get("name") in _STREAMS:
                del others["name"]
            for key, value in others.items():
                yield from _json((*keys, n, key), value, at)
        yield _Text(
            (*keys, j, "text"), at.cell, at.cell_id, True, "".join(texts), "plain",
            ignore=at.ignore, parts=tuple(parts),
        )  # fmt: skip
        j = end


def _cell_ignore(cell: dict[str, Any]) -> frozenset[str] | bool:
    meta = cell.get("metadata")
    setting = meta.get("cloudshare") if isinstance(meta, dict) else None
    ignore = setting.get("ignore") if isinstance(setting, dict) else None
    if ignore is True:
        return True
    if isinstance(ignore, list):
        return frozenset(str(t).upper() for t in ignore)
    return False


def _cell(i: int, cell: Any, join: bool) -> Iterator[_Text | _Cut]:
    keys: tuple[str | int, ...] = ("cells", i)
    if not isinstance(cell, dict):
        yield _Cut(keys, f"expected a cell, found {_kind(cell)}")
        yield from _json(keys, cell, _Where(i, None, False))
        return
    raw_id = cell.get("id")
    cell_id = raw_id if isinstance(raw_id, str) else None
    ignore = _cell_ignore(cell)
    at = _Where(i, cell_id, False, ignore)
    kind = cell.get("cell_type")
    for key, value in cell.items():
        k = (*keys, key)
        if key == "source":
            prose = kind in ("markdown", "raw")
            yield from _string(k, value, at, "html" if kind == "markdown" else "plain", prose)
        elif key == "outputs":
            yield from _outputs(k, value, _Where(i, cell_id, True, ignore), join)
        elif key == "attachments":
            if not isinstance(value, dict):
                yield _Cut(k, f"expected an object of attachments, found {_kind(value)}")
                yield from _json(k, value, at)
                continue
            cuts = []
            for name, bundle in value.items():
                yield _Text((*k, name), i, cell_id, False, name, "name", ignore=ignore)
                parts = list(_bundle((*k, name), bundle, at, attachment=True))
                yield from (p for p in parts if isinstance(p, _Text))
                reasons = [p.reason for p in parts if isinstance(p, _Cut)]
                if reasons:  # an attachment is one file: it goes as a whole
                    cuts.append(_Cut((*k, name), "; ".join(reasons)))
            if cuts and len(cuts) == len(value):
                yield _Cut(k, "; ".join(sorted({c.reason for c in cuts})))
            else:
                yield from cuts
        elif key == "metadata":
            yield from _metadata(k, value, at)
        elif key == "id" and isinstance(value, str):
            if not _GENERATED_ID.fullmatch(value):
                yield _Text(k, i, cell_id, False, value, "name", ignore=ignore)
        elif (key == "cell_type" and value in _CELL_TYPES) or (
            key == "execution_count" and _is_count(value)
        ):
            continue
        else:
            yield from _json(k, value, at)


def _walk(nb: Any, *, name: str | None, join: bool) -> Iterator[_Text | _Cut]:
    """Everything ``nb`` shares, in notebook order: texts to read, parts it cannot read."""
    if name:
        yield _Text(("name",), -1, None, False, name, "name")
    if not isinstance(nb, dict):
        yield _Cut((), f"expected a notebook object, found {_kind(nb)}")
        return
    for key, value in nb.items():
        if key == "metadata":
            yield from _metadata((key,), value, _NOTEBOOK)
        elif key in ("nbformat", "nbformat_minor") and _is_count(value):
            continue
        elif key != "cells":
            yield from _json((key,), value, _NOTEBOOK)
    cells = nb.get("cells")
    if isinstance(cells, list):
        for i, cell in enumerate(cells):
            yield from _cell(i, cell, join)
    elif cells is not None:
        yield _Cut(("cells",), f"expected a list of cells, found {_kind(cells)}")
        yield from _json(("cells",), cells, _NOTEBOOK)


def _segment(t: _Text) -> Segment:
    cleaned = clean_text(t.text, t.mode)
    return Segment(
        _path(t.keys), t.cell, t.cell_id, t.in_output, t.text, cleaned.clean, t.ignore, t.prose,
        cleaned.offsets, t.parts, cleaned.tables, cleaned.blank,
    )  # fmt: skip


def iter_segments(
    nb: dict[str, Any], *, name: str | None = None, join_streams: bool = False
) -> Iterator[Segment]:
    """Every text segment of ``nb``, in notebook order.

    With ``join_streams`` a cell's consecutive writes to one stream are one
    segment (see :attr:`Segment.parts`); without, each stored string is one.
    ``name`` (the notebook's file name) is read as a segment at ``/name``.
    """
    for item in _walk(nb, name=name, join=join_streams):
        if isinstance(item, _Text):
            yield _segment(item)


def unscanned(nb: dict[str, Any]) -> list[Unscanned]:
    """Every part of ``nb`` that is shared but not read as text, with the reason."""
    return [
        Unscanned(_path(item.keys), item.reason)
        for item in _walk(nb, name=None, join=False)
        if isinstance(item, _Cut)
    ]


_EMPTY: dict[str, Any] = {"source": "", "text": "", "ename": "", "evalue": "", "traceback": [],
                          "outputs": [], "data": {}, "metadata": {}, "cells": []}  # fmt: skip


def shareable_copy(nb: dict[str, Any]) -> tuple[dict[str, Any], list[Unscanned]]:
    """A copy of ``nb`` without what the scan cannot read, and the list of what was dropped.

    ``nb`` is not changed. A dropped field that nbformat requires is left empty
    (``source: ""``, ``outputs: []``...) so the copy stays a notebook.
    """
    cuts = [item for item in _walk(nb, name=None, join=False) if isinstance(item, _Cut)]
    copy = _copy(nb)
    if not isinstance(copy, dict):
        return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}, [
            Unscanned(_path(c.keys), c.reason) for c in cuts
        ]
    for cut in sorted(cuts, key=lambda c: [(isinstance(k, int), k) for k in c.keys], reverse=True):
        _drop(copy, cut.keys)
    return copy, [Unscanned(_path(c.keys), c.reason) for c in cuts]


def _drop(root: dict[str, Any], keys: tuple[str | int, ...]) -> None:
    parent: Any = root
    for key in keys[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return
    last = keys[-1]
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        del parent[last]
    elif isinstance(parent, dict) and last in parent:
        if isinstance(last, str) and last in _EMPTY:
            parent[last] = type(_EMPTY[last])()
        else:
            del parent[last]


def _copy(value: Any) -> Any:
    """A deep copy of JSON data, however deep (no recursion)."""
    if not isinstance(value, (dict, list)):
        return value
    top: Any = {} if isinstance(value, dict) else []
    stack: list[tuple[Any, Any]] = [(value, top)]
    while stack:
        source, target = stack.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            if isinstance(item, (dict, list)):
                child: Any = {} if isinstance(item, dict) else []
                stack.append((item, child))
            else:
                child = item
            if isinstance(target, dict):
                target[key] = child
            else:
                target.append(child)
    return top
