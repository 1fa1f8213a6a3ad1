"""The ``py:percent`` script format, written so that jupytext reads the same cells back.

jupytext's reader is the contract: cells start at ``# %%`` lines; it
un-comments the lines it recognises as (escaped) magics; markdown and raw
cells are commented lines (or a triple-quoted string); blank lines before the
next marker are dropped by fixed rules. Each rule is mirrored here so that
the writer escapes exactly what the reader will un-escape, and picks the
number of blank lines between cells that the reader strips back.
"""

from __future__ import annotations

import json
import re
from functools import cache

from .languages import Language, lookup_language

# ---- magics, as jupytext recognises them ---------------------------------
_HELP_OR_BASH = re.compile(r"^\s*(?:(?:# |#)+\s*)?(\?|!)\s*[A-Za-z\.\~\$\\\/\{\}]")
_BASH_COMMAND = re.compile(
    r"^(# |#)*(cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|ren)($|\s$|\s[^=,])"
)
_HELP_END = re.compile(r"^\s*(# )*[^\s]*\?\s*$")
_ASSIGN = re.compile(r"^(# |#)*\s*([a-zA-Z_][a-zA-Z_$0-9]*)\s*=\s*(%|%%|%%%|!)[a-zA-Z](.*)")
_CONTINUATION = re.compile(r".*\\\s*$")
# Languages jupytext never escapes magics in.
_NO_MAGICS = frozenset(
    {"matlab", "sas", "jenner", "logtalk", "c", "kotlin", "swift", "php", "sql", "ruby", "perl"}
)
_BLANK = re.compile(r"^\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# jupytext's languages whose first '%%' line makes a cell "in another language".
_CELL_LANGUAGES = frozenset(
    [
        "R",
        "bash",
        "sh",
        "python",
        "python2",
        "python3",
        "coconut",
        "javascript",
        "js",
        "perl",
        "html",
        "latex",
        "markdown",
        "pypy",
        "ruby",
        "script",
        "svg",
        "matlab",
        "octave",
        "idl",
        "robotframework",
        "sas",
        "spark",
        "sql",
        "cython",
        "haskell",
        "tcl",
        "gnuplot",
        "julia",
        "c++",
        "scheme",
        "clojure",
        "powershell",
        "q",
        "typescript",
        "scala",
        "rust",
        "csharp",
        "fsharp",
        "java",
        "groovy",
        "sage",
        "ocaml",
        "maxima",
        "stata",
        "jenner",
        "xonsh",
        "logtalk",
        "lua",
        "go",
        "sos",
        "c#",
        "f#",
        "cs",
        "fs",
    ]
) | {"wolfram language"}


@cache
def _magic_patterns(comment: str, name: str) -> tuple[re.Pattern[str], ...]:
    c = re.escape(comment)
    if name == "rust":
        start = r"^(// |//)*:[a-zA-Z]"
    elif name == "csharp":
        start = r"^(// |//)*#![a-zA-Z]"
    elif name == "go":
        start = r"^(// |//)*(!|!\*|%|%%|%%%)[a-zA-Z]"
    else:
        start = rf"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z]"
    return (
        re.compile(rf"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z](.*){c}\s*escape"),
        re.compile(rf"^\s*({c} |{c})*(%|%%|%%%)[a-zA-Z](.*){c}\s*noescape"),
        re.compile(start),
    )


def _is_magic(line: str, lang: Language) -> bool:
    """jupytext's ``is_magic`` for a code line in an explicitly marked cell."""
    if lang.name in _NO_MAGICS or lang.comment_suffix:
        return False
    force, never, start = _magic_patterns(lang.comment, lang.name)
    if lang.name not in ("rust", "csharp") and force.match(line):
        return True
    if never.match(line):
        return False
    if start.match(line):
        return True
    if not lang.is_python:
        return False
    return bool(
        _HELP_OR_BASH.match(line)
        or _ASSIGN.match(line)
        or _HELP_END.match(line)
        or _BASH_COMMAND.match(line)
    )


class _Quotes:
    """Whether a line starts inside a string, the way jupytext's StringParser tracks it."""

    def __init__(self, lang: Language) -> None:
        self.python = lang.name != "R"
        self.comment = lang.comment
        self.single: str | None = None
        self.triple: str | None = None

    def quoted(self) -> bool:
        return self.single is not None or self.triple is not None

    def read(self, line: str) -> None:
        if not self.quoted() and line.lstrip().startswith(self.comment):
            return
        triple_start = -1
        for i, char in enumerate(line):
            if self.single is None and self.triple is None and line.startswith(self.comment, i):
                break
            if char not in "\"'":
                continue
            if line[i - 1 : i] == "\\":
                continue
            if self.single == char:
                self.single = None
                continue
            if self.single is not None or not self.python:
                continue
            if line[i - 2 : i + 1] == 3 * char and i >= triple_start + 3:
                if self.triple == char:
                    self.triple = None
                    triple_start = i
                    continue
                if self.triple is not None:
                    continue
                self.triple = char
                triple_start = i
                continue
            if self.triple is not None:
                continue
            self.single = char
        if self.python:
            self.single = None


@cache
def _escape_patterns(comment: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    c = re.escape(comment)
    maybe = re.compile(
        # One star over comment marks and blanks: two stars that both take blanks
        # backtrack quadratically on a long blank line.
        rf"^(?:{c}|[ \t])*"
        r"(?:[%!?+:]|(?:cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|ren)\b)"
        r"|\?\s*$|=\s*[%!]",
        re.M,
    )
    return maybe, re.compile(rf"^({c} |{c})*({c}|{c} )\+")


def _escape_code(lines: list[str], lang: Language) -> list[str]:
    """Comment the magics of a code cell so that jupytext un-comments exactly them."""
    maybe, code_start = _escape_patterns(lang.comment)
    if not maybe.search("\n".join(lines)):
        return lines
    comment = lang.comment
    quotes = _Quotes(lang)
    out: list[str] = []
    next_is_magic = False
    for line in lines:
        new = line
        escaped_magic = False
        if not quotes.quoted():
            if code_start.match(line):
                new = f"{comment} {line}"
            if next_is_magic:
                new = f"{comment} {new}"
                escaped_magic = True
            elif _is_magic(new, lang):
                indent = new[: len(new) - len(new.lstrip())]
                escaped = f"{indent}{comment} {new[len(indent) :]}"
                if _is_magic(escaped, lang):
                    new = escaped
                    escaped_magic = True
        next_is_magic = escaped_magic and lang.is_python and bool(_CONTINUATION.match(line))
        out.append(new)
        quotes.read(new)
    return out


# ---- cell boundaries ------------------------------------------------------
@cache
def _marker_patterns(comment: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    c = re.escape(comment)
    return (
        re.compile(rf"^\s*{c}\s*%%(%*)\s(.*)$"),
        re.compile(rf"^\s*{c}\s*(%%|<codecell>|In\[[0-9 ]*\]:?)\s*$"),
    )


def _read_back(block: list[str]) -> list[str]:
    """The lines jupytext keeps of a cell (marker first) once it meets the next marker."""
    if (
        len(block) >= 3
        and not _BLANK.match(block[-3])
        and _BLANK.match(block[-2])
        and _BLANK.match(block[-1])
    ):
        return block[:-2]
    if len(block) > 1 and block[-1] == "":
        return block[:-1]
    return block


def _with_separator(block: list[str]) -> list[str]:
    """``block`` plus the blank lines after it that jupytext strips back exactly."""
    for blanks in (1, 0, 2):
        candidate = block + [""] * blanks
        if _read_back(candidate) == block:
            return candidate
    return [*block, ""]


def _fence_left_open(lines: list[str]) -> bool:
    fence: tuple[str, int] | None = None
    for line in lines:
        match = _FENCE.match(line)
        if not match:
            continue
        mark, info = match.group(1), match.group(2)
        if fence is not None:
            if mark[0] == fence[0] and len(mark) >= fence[1] and not info.strip():
                fence = None
        elif not (mark[0] == "`" and "`" in info):
            fence = (mark[0], len(mark))
    return fence is not None


def _text_cell(lines: list[str], lang: Language, fence_follows: bool) -> list[str]:
    """A markdown or raw cell as comments, or as a string where comments would split it.

    ``fence_follows``: whether a later cell holds a code-fence line, which
    jupytext would take as closing a fence left open here.
    """
    commented = [lang.comment_line(line) for line in lines]
    start, alt = _marker_patterns(lang.comment)
    risky = any(start.match(line) or alt.match(line) for line in commented) or (
        fence_follows and _fence_left_open(lines)
    )
    if risky and lang.is_python:
        text = "\n".join(lines)
        for quote in ('"""', "'''"):
            if quote not in text:
                return [quote, *lines, quote]
    return commented


def _cell_lines(source: str) -> list[str]:
    if source == "":
        return [""]
    lines = source.splitlines()
    if source.endswith("\n"):
        lines.append("")
    return lines


def _language_cell(lines: list[str], lang: Language) -> list[str] | None:
    """A ``%%bash``-style cell as jupytext writes it (``# %% language="bash"``), if exact."""
    first = lines[0]
    if not first.startswith("%%"):
        return None
    magic = first[2:]
    name, _, args = magic.partition(" ")
    if name not in _CELL_LANGUAGES or lang.comment_suffix or lookup_language(name) == lang:
        return None
    rebuilt = f"%%{name} {args}" if args else f"%%{name}"
    if rebuilt != first:
        return None
    options = f"language={json.dumps(name, ensure_ascii=False)}"
    if args:
        options += f" magic_args={json.dumps(args, ensure_ascii=False)}"
    body = [lang.comment_line(line) for line in lines[1:]]
    start, alt = _marker_patterns(lang.comment)
    if any(start.match(line) or alt.match(line) for line in body):
        return None
    return [lang.comment_line("%% " + options), *body]


def to_percent(cells: list[tuple[str, str]], lang: Language) -> str:
    """Cells (type, source) as a percent script jupytext reads back to the same cells."""
    code_marker = lang.comment_line("%%")
    markdown_marker = lang.comment_line("%% [markdown]")
    raw_marker = lang.comment_line("%% [raw]")
    out: list[str] = []
    fence_after = [False] * len(cells)
    seen = False
    for index in range(len(cells) - 1, -1, -1):
        fence_after[index] = seen
        source = cells[index][1]
        seen = seen or "```" in source or "~~~" in source
    for index, (cell_type, source) in enumerate(cells):
        lines = _cell_lines(source)
        if cell_type == "code":
            if lines == [""]:
                block = [code_marker]
            else:
                block = _language_cell(lines, lang) or [code_marker, *_escape_code(lines, lang)]
        else:
            marker = markdown_marker if cell_type == "markdown" else raw_marker
            block = [marker, *_text_cell(lines, lang, fence_after[index])]
        out.extend(_with_separator(block))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
