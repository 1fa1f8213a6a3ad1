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
    following = _next_python_statements(lines, starts, magic)
    out: list[str] = []
    pending_pass: str | None = None
    for i, line in enumerate(lines):
        if not magic[i]:
            out.append(line)
            continue
        indent = _indent(line)
        out.append(indent + "# " + line[len(indent) :])
        if starts[i]:
            need = bool(indent) and _block_ends_after(lines, starts, magic, following, i)
            pending_pass = indent + "pass" if need else None
        if pending_pass and (i + 1 == len(lines) or starts[i + 1] or not magic[i + 1]):
            out.append(pending_pass)
            pending_pass = None
    return "\n".join(out), True


def _next_python_statements(lines: list[str], starts: list[bool], magic: list[bool]) -> list[int]:
    """For each line, the index of the first Python statement from it on (``len(lines)``: none).

    Comments and blank lines do not count. One backward pass, so that a cell of
    many indented magics stays linear.
    """
    following = [len(lines)] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        text = lines[k].strip()
        real = starts[k] and not magic[k] and text and not text.startswith("#")
        following[k] = k if real else following[k + 1]
    return following


def _block_ends_after(
    lines: list[str], starts: list[bool], magic: list[bool], following: list[int], i: int
) -> bool:
    """Does no Python statement at ``lines[i]``'s indentation or deeper follow it?"""
    width = _width(_indent(lines[i]))
    j = i + 1
    while j < len(lines) and magic[j] and not starts[j]:
        j += 1  # the magic's own continuation lines
    k = following[j]
    return k == len(lines) or _width(_indent(lines[k])) < width


#: Above this many IPython statements in one top-level block, each is rewritten on its
#: own before IPython's whole-block pass (whose cost grows with statements x lines).
_MANY_IN_BLOCK = 8


class ScriptTransformer:
    """Turns IPython syntax into the ``get_ipython()`` calls IPython itself would run.

    IPython's transformer re-tokenises the whole cell after each rewrite, so a
    cell of n magics costs n^2 (300 ``!`` lines: seconds; over 500 it gives up).
    Its line-level steps (indent, prompts, cell magics) run once on the whole
    cell; the token rewrites then run per top-level statement block, where
    the tokenizer's state is known to be empty, so the result is the same.
    """

    def __init__(self) -> None:
        self._manager: Any = None

    def transform(self, source: str) -> str:
        """The cell as IPython's input transformer rewrites it (unchanged if it fails)."""
        if self._manager is None:
            from IPython.core.inputtransformer2 import TransformerManager

            self._manager = TransformerManager()  # type: ignore[no-untyped-call]
        manager = self._manager
        try:
            cell = source if source.endswith("\n") else source + "\n"
            lines: list[str] = cell.splitlines(keepends=True)
            for step in manager.cleanup_transforms + manager.line_transforms:
                lines = step(lines)
        except Exception:  # IPython raises various errors on code it cannot parse
            return source
        out: list[str] = []
        for block in _top_level_blocks(lines):
            out.extend(self._tokens(block))
        return "".join(out)

    def _tokens(self, block: list[str]) -> list[str]:
        if not maybe_ipython("".join(block)):
            return block
        bare = [line.rstrip("\r\n") for line in block]
        starts = _statement_starts(bare)
        flagged = [i for i, line in enumerate(bare) if starts[i] and is_ipython_line(line.lstrip())]
        if len(flagged) > _MANY_IN_BLOCK:
            block = self._each_statement(block, bare, starts)
        try:
            return list(self._manager.do_token_transforms(block))
        except Exception:  # as above; the block stays as written
            return block

    def _each_statement(self, block: list[str], bare: list[str], starts: list[bool]) -> list[str]:
        """Rewrite each IPython statement of ``block`` alone, at column 0, then re-indent it."""
        out: list[str] = []
        i = 0
        while i < len(block):
            line = bare[i]
            stripped = line.lstrip(" \t")
            if not (starts[i] and is_ipython_line(stripped)):
                out.append(block[i])
                i += 1
                continue
            end = i + 1
            while end < len(block) and bare[end - 1].endswith("\\") and not starts[end]:
                end += 1
            indent = line[: len(line) - len(stripped)]
            statement = [block[i][len(indent) :], *block[i + 1 : end]]
            try:
                done = list(self._manager.do_token_transforms(statement))
            except Exception:
                done = statement
            out.extend(indent + text if n == 0 else text for n, text in enumerate(done))
            i = end
        return out


def _top_level_blocks(lines: list[str]) -> list[list[str]]:
    """``lines`` cut before each statement that starts at column 0 (not a blank line)."""
    bare = [line.rstrip("\r\n") for line in lines]
    starts = _statement_starts(bare)
    blocks: list[list[str]] = []
    for i, line in enumerate(lines):
        top = starts[i] and bare[i][:1] not in ("", " ", "\t")
        if top or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks
