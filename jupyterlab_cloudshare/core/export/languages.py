"""Kernel languages a notebook can be exported from: script extension and comment syntax.

Names, extensions and comment markers follow jupytext's table so that
percent scripts read back with ``jupytext`` in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import UnsupportedLanguageError


@dataclass(frozen=True)
class Language:
    """How scripts in one language are named and commented."""

    name: str
    extension: str
    comment: str
    comment_suffix: str = ""

    @property
    def is_python(self) -> bool:
        return self.name == "python"

    @property
    def mimetype(self) -> str:
        return "text/x-python" if self.is_python else "text/plain"

    def comment_line(self, line: str) -> str:
        """``line`` as a comment (an empty line becomes the bare comment marker)."""
        if self.comment_suffix:
            return (
                f"{self.comment} {line} {self.comment_suffix}"
                if line
                else (f"{self.comment} {self.comment_suffix}")
            )
        return f"{self.comment} {line}" if line else self.comment


PYTHON = Language("python", ".py", "#")

_LANGUAGES = (
    PYTHON,
    Language("R", ".R", "#"),
    Language("julia", ".jl", "#"),
    Language("bash", ".sh", "#"),
    Language("powershell", ".ps1", "#"),
    Language("scala", ".scala", "//"),
    Language("javascript", ".js", "//"),
    Language("typescript", ".ts", "//"),
    Language("c++", ".cpp", "//"),
    Language("c", ".c", "//"),
    Language("java", ".java", "//"),
    Language("groovy", ".groovy", "//"),
    Language("kotlin", ".kt", "//"),
    Language("csharp", ".cs", "//"),
    Language("fsharp", ".fsx", "//"),
    Language("rust", ".rs", "//"),
    Language("go", ".go", "//"),
    Language("swift", ".swift", "//"),
    Language("php", ".php", "//"),
    Language("stata", ".do", "//"),
    Language("haskell", ".hs", "--"),
    Language("lua", ".lua", "--"),
    Language("sql", ".sql", "--"),
    Language("matlab", ".m", "%"),
    Language("scheme", ".scm", ";;"),
    Language("clojure", ".clj", ";;"),
    Language("q", ".q", "/"),
    Language("idl", ".pro", ";"),
    Language("ruby", ".rb", "#"),
    Language("perl", ".pl", "#"),
    Language("tcl", ".tcl", "#"),
    Language("gnuplot", ".gp", "#"),
    Language("sage", ".sage", "#"),
    Language("xonsh", ".xsh", "#"),
    Language("coconut", ".coco", "#"),
    Language("robotframework", ".robot", "#"),
    Language("sos", ".sos", "#"),
    Language("logtalk", ".lgt", "%"),
    Language("jenner", ".jenner", "/*", "*/"),
    Language("sas", ".sas", "/*", "*/"),
    Language("ocaml", ".ml", "(*", "*)"),
    Language("maxima", ".mac", "/*", "*/"),
    Language("wolfram language", ".wolfram", "(*", "*)"),
)

_BY_NAME: dict[str, Language] = {lang.name.lower(): lang for lang in _LANGUAGES}
_ALIASES = {
    "python2": "python",
    "python3": "python",
    "ipython": "python",
    "ipython3": "python",
    "pyspark": "python",
    "sh": "bash",
    "shell": "bash",
    "zsh": "bash",
    "js": "javascript",
    "node": "javascript",
    "nodejs": "javascript",
    "cpp": "c++",
    "c#": "csharp",
    "cs": "csharp",
    ".net-csharp": "csharp",
    "f#": "fsharp",
    "fs": "fsharp",
    ".net-fsharp": "fsharp",
    "octave": "matlab",
    "mathematica": "wolfram language",
    "wolfram": "wolfram language",
    "golang": "go",
    "ps": "powershell",
    "pwsh": "powershell",
}
_BY_EXTENSION: dict[str, Language] = {lang.extension.lower(): lang for lang in _LANGUAGES}
_BY_EXTENSION.update(
    {
        ".ipy": PYTHON,
        ".r": _BY_NAME["r"],
        ".bash": _BY_NAME["bash"],
        ".ss": _BY_NAME["scheme"],
        ".resource": _BY_NAME["robotframework"],
        ".fs": _BY_NAME["fsharp"],
        ".logtalk": _BY_NAME["logtalk"],
    }
)


def lookup_language(name: str) -> Language | None:
    """The language known under ``name`` (case-insensitive, common kernel aliases), if any."""
    key = name.strip().lower()
    if key.startswith("c++"):
        key = "c++"
    key = _ALIASES.get(key, key)
    return _BY_NAME.get(key)


def notebook_language(metadata: Mapping[str, Any]) -> Language:
    """The script language of a notebook, from its kernel metadata.

    Reads ``language_info.name``, then ``kernelspec.language``, then
    ``language_info.file_extension``; a notebook without any of them is
    Python. A language that is named but unknown raises
    :class:`UnsupportedLanguageError`.
    """
    info = metadata.get("language_info")
    info = info if isinstance(info, Mapping) else {}
    spec = metadata.get("kernelspec")
    spec = spec if isinstance(spec, Mapping) else {}
    named: list[str] = []
    for value in (info.get("name"), spec.get("language")):
        if isinstance(value, str) and value.strip():
            lang = lookup_language(value)
            if lang is not None:
                return lang
            named.append(value.strip())
    ext = info.get("file_extension")
    if isinstance(ext, str) and ext.strip():
        key = ext.strip().lower()
        lang = _BY_EXTENSION.get(key if key.startswith(".") else "." + key)
        if lang is not None:
            return lang
        named.append(ext.strip())
    if named:
        shown = named[0][:40]
        raise UnsupportedLanguageError(
            f"Notebooks in '{shown}' cannot be exported to a script yet; "
            "export a Python, R, Julia, shell or other common-language notebook, "
            "or download the .ipynb instead."
        )
    return PYTHON
