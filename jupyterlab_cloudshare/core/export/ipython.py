"""IPython syntax in Python code cells: find it, comment it out, or let IPython translate it.

Only cells that a cheap regular expression flags as possibly magic
(:func:`maybe_ipython`) go through the line scanner or IPython's own
transformer; every other cell is copied unchanged.
"""

from __future__ import annotations

import re
from typing import Any

#: Colab's note above a cell whose IPython syntax was commented out.
MAGIC_NOTE = "# Commented out IPython magic to ensure Python compatibility."

# A superset of the lines IPython rewrites: escapes at a line start (%, !, ?, and
# the autocall escapes /, ',' and ';' at the first column), help requests ending
# with '?', magic or shell assignments, pasted prompts.
_MAYBE_IPYTHON = re.compile(r"^[ \t]*[%!?]|^[/,;]|\?[ \t]*$|=[ \t]*[!%]|^(?:>>>|In \[)", re.M)
_PROMPT_START = re.compile(r"^(?:>>>|In \[\d*\]:)")
# Statement-start forms (on the line without its indentation).
# '/f x', ',f a b' and ';f a b' are IPython's autocall escapes: never Python at a statement start.
_ESCAPE_START = re.compile(r"^[%!?/,;]")
_HELP_END = re.compile(r"^%{0,2}(?!\d)[\w*]+(?:\.(?!\d)[\w*]+)*\?\??[ \t]*$")
_MAGIC_ASSIGN = re.compile(r"^[\w.,\s\[\]()*]*?[\w\])]\s*=\s*(?:!|%{1,2}[A-Za-z])")
# Tokens that change the scanner's state: escapes, quotes, comments, brackets.
_TOKENS = re.compile(r"\\.|\"\"\"|'''|[\"'#()\[\]{}]")
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")


def maybe_ipython(source: str) -> bool:
    """Cheap test: could this code cell hold IPython-only syntax?"""
    return _MAYBE_IPYTHON.search(source) is not None


def normalise_code(source: str) -> str:
    """The cell as IPython runs it: no leading blank lines, a whole-cell indent removed.

    Mirrors IPython's ``leading_empty_lines`` and ``leading_indent`` steps:
    the first line's indentation is removed from every line that starts with it.
    """
    if source[:1] in ("\n", " ", "\t"):
        lines = source.split("\n")
        start = 0
        while start < len(lines) - 1 and not lines[start].strip():
            start += 1
        lines = lines[start:]
        first = lines[0]
        prefix = first[: len(first) - len(first.lstrip(" \t"))]
        if prefix and first.strip():
            size = len(prefix)
            lines = [line[size:] if line.startswith(prefix) else line for line in lines]
        source = "\n".join(lines)
    if _PROMPT_START.match(source):
        source = _strip_prompts(source)
    return source


def _strip_prompts(source: str) -> str:
    """Remove pasted ``>>>`` / ``In [n]:`` prompts the way IPython does."""
    from IPython.core.inputtransformer2 import classic_prompt, ipython_prompt

    lines = source.splitlines(keepends=True)
    lines = ipython_prompt(classic_prompt(lines))
    return "".join(lines)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _width(indent: str) -> int:
    return len(indent.expandtabs(8))


def _statement_starts(lines: list[str]) -> list[bool]:
    """For each line: does a new Python statement begin on it?

    False inside multi-line strings, open brackets and after a line that ends
    with a backslash. Lines that IPython would treat as magic leave the state
    unchanged (their text is not Python).
    """
    starts: list[bool] = []
    triple: str | None = None
    depth = 0
    cont = False
    magic_cont = False
    for line in lines:
        is_start = triple is None and depth == 0 and not cont
        starts.append(is_start)
        if magic_cont or (is_start and is_ipython_line(line.lstrip(" \t"))):
            # IPython syntax runs to the end of the line (and its backslash continuations).
            cont = magic_cont = line.endswith("\\")
            continue
        single: str | None = None
        comment = False
        for match in _TOKENS.finditer(line):
            tok = match.group()
            if triple is not None:
                if tok == triple:
                    triple = None
            elif single is not None:
                if tok == single:
                    single = None
            elif tok == "#":
                comment = True
                break
            elif tok in ('"""', "'''"):
                triple = tok
            elif tok in ('"', "'"):
                single = tok
            elif tok in _OPEN:
                depth += 1
            elif tok in _CLOSE:
                depth = max(depth - 1, 0)
        cont = not comment and triple is None and line.endswith("\\")
        if single is not None and line.endswith("\\"):
            cont = True
    return starts


def is_ipython_line(stripped: str) -> bool:
    """Is this statement (without indentation) IPython-only syntax?"""
    if not stripped:
        return False
    return bool(
        _ESCAPE_START.match(stripped)
        or _HELP_END.match(stripped)
        or ("=" in stripped and _MAGIC_ASSIGN.match(stripped))
    )


def comment_magics(source: str) -> tuple[str, bool]:
    """Comment out IPython syntax so the cell is plain Python.

    Returns the new source and whether anything was commented. A cell magic
    (``%%``) comments the whole cell; a block whose body was only IPython
    syntax gets a ``pass`` at the body's indentation so it stays valid.
    """
    lines = source.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return source, False
    if lines[first].startswith("%%"):
        return "\n".join(("# " + line) if line else "#" for line in lines), True
    starts = _statement_starts(lines)
    magic = [False] * len(lines)
    i = 0
    found = False
    while i < len(lines):
        line = lines[i]
        if starts[i] and is_ipython_line(line.lstrip(" \t")):
            found = True
            magic[i] = True
            while line.endswith("\\") and i + 1 < len(lines):
                i += 1
                line = lines[i]
                magic[i] = True
        i += 1
    if not found:
        return source, False
    out: list[str] = []
    pending_pass: str | None = None
    for i, line in enumerate(lines):
        if not magic[i]:
            out.append(line)
            continue
        indent = _indent(line)
        out.append(indent + "# " + line[len(indent) :])
        if starts[i]:
            need = bool(indent) and _block_ends_after(lines, starts, magic, i)
            pending_pass = indent + "pass" if need else None
        if pending_pass and (i + 1 == len(lines) or starts[i + 1] or not magic[i + 1]):
            out.append(pending_pass)
            pending_pass = None
    return "\n".join(out), True


def _block_ends_after(lines: list[str], starts: list[bool], magic: list[bool], i: int) -> bool:
    """Does no Python statement at ``lines[i]``'s indentation or deeper follow it?"""
    width = _width(_indent(lines[i]))
    j = i + 1
    while j < len(lines) and magic[j] and not starts[j]:
        j += 1  # the magic's own continuation lines
    for k in range(j, len(lines)):
        if magic[k] or not starts[k]:
            continue
        text = lines[k].strip()
        if not text or text.startswith("#"):
            continue
        return _width(_indent(lines[k])) < width
    return True


class ScriptTransformer:
    """Turns IPython syntax into the ``get_ipython()`` calls IPython itself would run."""

    def __init__(self) -> None:
        self._manager: Any = None

    def transform(self, source: str) -> str:
        """The cell as IPython's input transformer rewrites it (unchanged if it fails)."""
        if self._manager is None:
            from IPython.core.inputtransformer2 import TransformerManager

            self._manager = TransformerManager()  # type: ignore[no-untyped-call]
        try:
            result = self._manager.transform_cell(source)
        except Exception:  # IPython raises various errors on code it cannot parse
            return source
        return str(result)
