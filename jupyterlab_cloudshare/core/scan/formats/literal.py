"""A tolerant reader of JSON and Python literal reprs that keeps every value's place.

``json`` and ``ast.literal_eval`` give values without offsets, reject a repr
with a ``datetime.date(...)`` in it and fail on output cut short; the scanner
needs the span of each value in the text and whatever was printed before the
cut. So this reads JSON (pretty or compact), ``repr()`` of dicts, lists and
tuples, dataclass and namedtuple reprs (``Patient(name='...', mrn='...')``)
and calls (``datetime.date(1962, 3, 14)``, ``np.int64(5)``), and stops
quietly where the text stops making sense, returning what it read.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union


class Str(NamedTuple):
    """A string value: decoded, with the span of its characters between the quotes."""

    value: str
    start: int
    end: int


class Raw(NamedTuple):
    """A number, ``True``/``None``/``null``, or a bare name, as written."""

    value: str
    start: int
    end: int


class Call(NamedTuple):
    """``Name(arg, key=value)``: a dataclass, namedtuple or constructor repr."""

    name: str
    args: list[Node]
    kwargs: dict[str, Node]
    start: int
    end: int


Node = Union[Str, Raw, Call, dict[str, "Node"], list["Node"]]  # noqa: UP007 (a runtime alias)

_TOKEN = re.compile(
    r"""\s*+(?:
      [bBuUrR]{0,2}"(?P<d>(?:[^"\\\n]|\\.)*+)"
    | [bBuUrR]{0,2}'(?P<s>(?:[^'\\\n]|\\.)*+)'
    | (?P<p>[{}\[\](),:=])
    | (?P<w>-?[\w.+\-]+)
    )""",
    re.X,
)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "0": "\0"}
_MAX_DEPTH = 64


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw

    def one(m: re.Match[str]) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        c = m.group(3)
        return _SIMPLE.get(c, c)

    return _ESCAPE.sub(one, raw)


class Parser:
    """Reads one value at a time from ``text[pos:end]``; :attr:`pos` is where it stopped."""

    def __init__(self, text: str, pos: int, end: int, max_tokens: int = 200_000) -> None:
        self.text = text
        self.pos = pos
        self.end = end
        self.budget = max_tokens
        self.stopped = False

    def _next(self) -> re.Match[str] | None:
        if self.budget <= 0:
            return None
        self.budget -= 1
        m = _TOKEN.match(self.text, self.pos, self.end)
        if m is not None:
            self.pos = m.end()
        return m

    def _peek_punct(self) -> str:
        m = _TOKEN.match(self.text, self.pos, self.end)
        return (m.group("p") or "") if m else ""

    def value(self, depth: int = 0) -> Node | None:
        """The next value, or ``None`` (and :attr:`stopped`) where none can be read."""
        m = self._next()
        if m is None or depth > _MAX_DEPTH:
            self.stopped = True
            return None
        return self._from(m, depth)

    def _from(self, m: re.Match[str], depth: int) -> Node | None:
        if m.group("d") is not None:
            return Str(_unescape(m.group("d")), m.start("d"), m.end("d"))
        if m.group("s") is not None:
            return Str(_unescape(m.group("s")), m.start("s"), m.end("s"))
        p = m.group("p")
        if p in ("{", "[", "(") and depth >= _MAX_DEPTH:
            self.stopped = True  # lists read their items here, not through value()
            return None
        if p == "{":
            return self._dict(depth + 1)
        if p in ("[", "("):
            return self._list(depth + 1, "]" if p == "[" else ")")
        w = m.group("w")
        if w is not None:
            if self.text.startswith("(", self.pos):
                self.pos += 1
                return self._call(w, m.start("w"), depth + 1)
            return Raw(w, m.start("w"), m.end("w"))
        self.stopped = True
        return None

    def _dict(self, depth: int) -> dict[str, Node]:
        out: dict[str, Node] = {}
        while not self.stopped:
            m = self._next()
            if m is None:
                break
            p = m.group("p")
            if p == "}":
                return out
            if p == ",":
                continue
            key = m.group("d") if m.group("d") is not None else m.group("s")
            if key is None:
                key = m.group("w")
            colon = self._next()
            if key is None or colon is None or colon.group("p") != ":":
                break
            node = self.value(depth)
            if node is not None:
                out[_unescape(key)] = node
        self.stopped = True
        return out

    def _list(self, depth: int, close: str) -> list[Node]:
        out: list[Node] = []
        while not self.stopped:
            m = self._next()
            if m is None:
                break
            p = m.group("p")
            if p == close:
                return out
            if p == ",":
                continue
            node = self._from(m, depth)
            if node is not None:
                out.append(node)
        self.stopped = True
        return out

    def _call(self, name: str, start: int, depth: int) -> Call:
        args: list[Node] = []
        kwargs: dict[str, Node] = {}
        while not self.stopped:
            m = self._next()
            if m is None:
                break
            p = m.group("p")
            if p == ")":
                return Call(name, args, kwargs, start, self.pos)
            if p == ",":
                continue
            w = m.group("w")
            if w is not None and self._peek_punct() == "=":
                self._next()
                node = self.value(depth)
                if node is not None:
                    kwargs[w] = node
                continue
            node = self._from(m, depth)
            if node is not None:
                args.append(node)
        self.stopped = True
        return Call(name, args, kwargs, start, self.pos)


def parse(text: str, start: int, end: int | None = None) -> tuple[Node | None, int]:
    """The value that starts at ``start``, and the offset where reading stopped."""
    parser = Parser(text, start, len(text) if end is None else end)
    node = parser.value()
    return node, parser.pos


def scalar(node: Node | None) -> Str | Raw | None:
    """A string or number node as itself; a one-argument wrapper (``np.int64(5)``,
    ``Timestamp('...')``) as its argument; a ``date(y, m, d)`` call as one ISO date."""
    if isinstance(node, (Str, Raw)):
        return node
    if isinstance(node, Call):
        if len(node.args) == 1 and not node.kwargs:
            inner = node.args[0]
            return inner if isinstance(inner, (Str, Raw)) else None
        if node.name.rsplit(".", 1)[-1] in ("date", "datetime") and len(node.args) >= 3:
            nums = [a.value for a in node.args[:3] if isinstance(a, Raw) and a.value.isdigit()]
            if len(nums) == 3:
                y, m, d = (int(n) for n in nums)
                return Raw(f"{y:04d}-{m:02d}-{d:02d}", node.start, node.end)
    return None


def text_of(node: Node | None) -> str:
    """A scalar node's value, else ``''``."""
    s = scalar(node)
    return s.value if s is not None else ""
