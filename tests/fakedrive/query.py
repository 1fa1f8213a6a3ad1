"""The part of Drive's search-query language (``q``) the fake understands.

``name``/``mimeType`` with ``=``, ``!=``, ``contains``; ``trashed`` with
``=``/``!=`` and ``true``/``false``; ``'ID' in parents``; ``and``, ``or``,
``not`` and parentheses. Anything else raises :class:`QueryError` (the fake
answers 400 and records that it does not support the query).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Predicate = Callable[[dict[str, Any]], bool]

_TOKEN = re.compile(r"\s*(?:('(?:[^'\\]|\\.)*')|(!=|=|\(|\))|([A-Za-z_]+))")


class QueryError(ValueError):
    """A query the fake cannot evaluate."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise QueryError(f"cannot read the query at {text[pos : pos + 20]!r}")
        pos = match.end()
        if match.group(1) is not None:
            out.append(("str", re.sub(r"\\(.)", r"\1", match.group(1)[1:-1])))
        elif match.group(2) is not None:
            out.append(("op", match.group(2)))
        else:
            out.append(("word", match.group(3)))
    return out


def compile_query(text: str) -> Predicate:
    """A predicate over file records (``name``, ``mimeType``, ``trashed``, ``parents``)."""
    toks = _tokens(text)
    pos = 0

    def peek() -> tuple[str, str] | None:
        return toks[pos] if pos < len(toks) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        if pos >= len(toks):
            raise QueryError("the query ends too early")
        pos += 1
        return toks[pos - 1]

    def expr() -> Predicate:
        left = term()
        while peek() == ("word", "or"):
            take()
            right = term()
            left = (lambda a, b: lambda f: a(f) or b(f))(left, right)
        return left

    def term() -> Predicate:
        left = factor()
        while peek() == ("word", "and"):
            take()
            right = factor()
            left = (lambda a, b: lambda f: a(f) and b(f))(left, right)
        return left

    def factor() -> Predicate:
        tok = take()
        if tok == ("word", "not"):
            inner = factor()
            return lambda f: not inner(f)
        if tok == ("op", "("):
            inner = expr()
            if take() != ("op", ")"):
                raise QueryError("unbalanced parentheses")
            return inner
        if tok[0] == "str":
            if take() != ("word", "in"):
                raise QueryError("expected 'in' after a string")
            field = take()
            if field != ("word", "parents"):
                raise QueryError(f"'in {field[1]}' is not supported by the fake")
            value = tok[1]
            return lambda f: value in (f.get("parents") or [])
        if tok[0] != "word":
            raise QueryError(f"unexpected {tok[1]!r}")
        field = tok[1]
        op = take()
        operand = take()
        if field in ("name", "mimeType"):
            if operand[0] != "str":
                raise QueryError(f"{field} needs a string")
            value = operand[1]
            if op == ("op", "="):
                return lambda f: f.get(field) == value
            if op == ("op", "!="):
                return lambda f: f.get(field) != value
            if op == ("word", "contains"):
                return lambda f: value in str(f.get(field, ""))
            raise QueryError(f"operator {op[1]!r} is not supported for {field}")
        if field == "trashed":
            if operand not in (("word", "true"), ("word", "false")):
                raise QueryError("trashed needs true or false")
            flag = operand[1] == "true"
            if op == ("op", "="):
                return lambda f: bool(f.get("trashed")) == flag
            if op == ("op", "!="):
                return lambda f: bool(f.get("trashed")) != flag
        raise QueryError(f"'{field}' queries are not supported by the fake")

    pred = expr()
    if pos != len(toks):
        raise QueryError(f"unexpected {toks[pos][1]!r}")
    return pred
