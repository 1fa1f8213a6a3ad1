"""Notebook -> script, in three flavours.

* ``colab``: the layout of Colab's "Download .py" (coding line, a docstring
  naming the notebook, markdown as ``#`` comments), always valid Python:
  IPython syntax is commented out under Colab's note line.
* ``percent``: jupytext's ``py:percent`` cells, read back by jupytext, VS Code,
  Spyder and PyCharm with the same cells.
* ``script``: runs under IPython: magics become the ``get_ipython()`` calls
  IPython's own input transformer produces.

Outputs, attachments and widget state never reach the script. The text is
deterministic, uses LF line endings and ends with exactly one newline.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidRequestError
from .ipython import MAGIC_NOTE, ScriptTransformer, comment_magics, maybe_ipython, normalise_code
from .languages import Language, notebook_language
from .percent import to_percent

__all__ = ["FORMATS", "ExportResult", "export_notebook", "script_filename"]

#: Export flavours, the default first.
FORMATS = ("colab", "percent", "script")

_GENERATOR = "jupyterlab-cloudshare"
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\u2028\u2029]")


@dataclass(frozen=True)
class ExportResult:
    """A notebook exported as a script."""

    text: str
    extension: str
    filename: str
    language: str
    format: str

    @property
    def mimetype(self) -> str:
        """The Content-Type of the script (without charset)."""
        return "text/x-python" if self.language == "python" else "text/plain"


def script_filename(name: str, extension: str) -> str:
    """The script's file name for notebook ``name`` (a file name or path)."""
    base = posixpath.basename(name)
    if base.lower().endswith(".ipynb"):
        base = base[: -len(".ipynb")]
    return (base or "notebook") + extension


def export_notebook(
    nb: dict[str, Any],
    fmt: str = "colab",
    *,
    name: str,
    source_url: str | None = None,
    header: bool = False,
) -> ExportResult:
    """Export a notebook (as returned by ``core.notebook.read_notebook``) to a script.

    ``name`` is the notebook's file name or path (it names the script and
    appears in the colab header); ``source_url`` is where the notebook lives
    online, if known; ``header`` starts a percent script with jupytext's YAML header
    (the format and the kernelspec). Raises :class:`InvalidRequestError` for an unknown
    ``fmt`` and :class:`UnsupportedLanguageError` for an unknown kernel language.
    """
    if fmt not in FORMATS:
        raise InvalidRequestError(
            f"Unknown export format '{str(fmt)[:40]}'; use one of {', '.join(FORMATS)}."
        )
    metadata = nb.get("metadata")
    lang = notebook_language(metadata if isinstance(metadata, dict) else {})
    cells = [(cell["cell_type"], _lf(cell["source"])) for cell in nb["cells"]]
    if fmt == "percent":
        text = to_percent(
            [(c["cell_type"], _lf(c["source"]), c.get("metadata") or {}) for c in nb["cells"]],
            lang,
            header=metadata if header and isinstance(metadata, dict) else None,
        )
    elif fmt == "colab":
        text = _colab(cells, lang, name, source_url)
    else:
        text = _script(cells, lang, name)
    return ExportResult(
        text=_encodable(text),
        extension=lang.extension,
        filename=script_filename(name, lang.extension),
        language=lang.name,
        format=fmt,
    )


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (valid in JSON, not in UTF-8) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return re.sub(r"[\ud800-\udfff]", "\ufffd", text)
    return text


def _lf(source: str) -> str:
    if "\r" in source:
        return source.replace("\r\n", "\n").replace("\r", "\n")
    return source


def _safe(text: str) -> str:
    """``text`` without characters that would end a comment line or break UTF-8."""
    return _UNSAFE_NAME.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def _docstring_text(text: str) -> str:
    """``text`` escaped to sit inside a ``\"\"\"`` string literal and mean itself."""
    return _safe(text.replace("\\", "\\\\").replace('"', '\\"'))


def _display_name(name: str) -> str:
    return posixpath.basename(name) or "notebook.ipynb"


def _comment_block(source: str, lang: Language) -> str:
    if "\x00" in source:  # Python refuses a NUL byte anywhere, even in a comment.
        source = source.replace("\x00", "\\x00")
    return "\n".join(lang.comment_line(line) for line in source.split("\n"))


def _trim(source: str) -> str:
    return source.lstrip("\n").rstrip()


def _colab(cells: list[tuple[str, str]], lang: Language, name: str, url: str | None) -> str:
    title = _display_name(name)
    parts: list[str] = []
    if lang.is_python:
        doc = [
            f"{_docstring_text(title)}",
            "",
            f"Automatically generated by {_GENERATOR} in the layout of Colab's Download .py.",
        ]
        if url:
            doc += ["", "Original file is located at", f"    {_docstring_text(url)}"]
        parts.append('# -*- coding: utf-8 -*-\n"""' + "\n".join(doc) + '\n"""')
    else:
        header = [title, f"Automatically generated by {_GENERATOR}."]
        if url:
            header.append(f"Original file is located at {url}")
        parts.append("\n".join(lang.comment_line(_safe(line)) for line in header))
    for cell_type, source in cells:
        source = _trim(source)
        if not source.strip():
            continue
        if cell_type != "code":
            parts.append(_comment_block(source, lang))
            continue
        if lang.is_python:
            source = normalise_code(source)
            if maybe_ipython(source):
                source, changed = comment_magics(source)
                if changed:
                    source = MAGIC_NOTE + "\n" + source
        parts.append(_trim(source))
    return "\n\n".join(parts) + "\n"


def _script(cells: list[tuple[str, str]], lang: Language, name: str) -> str:
    title = _safe(_display_name(name))
    if lang.is_python:
        header = (
            "#!/usr/bin/env ipython\n# -*- coding: utf-8 -*-\n"
            f"# {title}: generated by {_GENERATOR}; run it with IPython "
            "(magics are get_ipython() calls)."
        )
    else:
        header = lang.comment_line(f"{title}: generated by {_GENERATOR}.")
    parts = [header]
    transformer = ScriptTransformer()
    for cell_type, source in cells:
        source = _trim(source)
        if not source.strip():
            continue
        if cell_type != "code":
            parts.append(_comment_block(source, lang))
            continue
        if lang.is_python:
            if maybe_ipython(source):
                source = transformer.transform(source)
            else:
                source = normalise_code(source)
        parts.append(_trim(source))
    return "\n\n".join(parts) + "\n"
