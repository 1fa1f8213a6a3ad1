"""Echoing user input in messages and logs, cut to a readable size."""

from __future__ import annotations

import re

#: Longest piece of user input quoted back in a message or a log line.
ECHO_LIMIT = 200
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """``value`` as text to quote in a message: at most ``limit`` characters, then "…".

    Lone surrogates (valid in JSON, not in UTF-8) become U+FFFD so that the
    message can always be encoded and logged.
    """
    text = str(value)
    cut = text if len(text) <= limit else text[:limit] + "…"
    return _SURROGATE.sub("\ufffd", cut)


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (cannot be written as UTF-8)."""
    return _SURROGATE.search(text) is not None
