"""Reading notebooks: bytes in, a normalised nbformat-4 dict out, or a clear error.

Export, scan and push all read notebooks through :func:`read_notebook`, so every
malformed input (empty, binary, wrong encoding, truncated or non-JSON, JSON that
is not a notebook, unknown nbformat, pathologically nested JSON) gets the same
one-line :class:`NotebookError` and nothing else happens.

Parsing uses :mod:`json` directly and checks the structure the rest of the
code relies on; full JSON-schema validation (``nbformat.validate``) is skipped
because it dominates the cost on large notebooks and real notebooks often
carry harmless schema deviations. nbformat 3 is upgraded with nbformat's own
converter (imported only when needed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import FileTooLargeError, NotebookError, NotFoundError

CELL_TYPES = ("code", "markdown", "raw")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

#: Default size limit for files read from disk by the CLI.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


def _join(value: Any) -> str:
    """nbformat multiline strings are a str or a list of str."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    if value is None:
        return ""
    raise TypeError("not a string or list of strings")


def _decode(data: bytes | str, name: str) -> str:
    if isinstance(data, str):
        text = data
    else:
        if not data:
            raise NotebookError(f"{name}: the file is empty (0 bytes), not a notebook.")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError as err:
                raise NotebookError(f"{name}: the file is not valid UTF-16 text.") from err
        else:
            if b"\x00" in data[:8192]:
                raise NotebookError(f"{name}: the file is binary, not a notebook.")
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as err:
                raise NotebookError(
                    f"{name}: the file is not UTF-8 text (byte {err.start}); "
                    "notebooks are UTF-8 JSON."
                ) from err
    if not text.strip():
        raise NotebookError(f"{name}: the file is empty, not a notebook.")
    return text


def read_notebook(data: bytes | str, name: str = "notebook") -> dict[str, Any]:
    """Parse notebook bytes (or text) into a normalised nbformat-4 dict.

    The result is plain ``dict``/``list``/``str`` data: ``nbformat`` is 4,
    ``cells`` is a list of dicts whose ``cell_type`` is a string (code, markdown,
    raw, or a newer type kept as it is) and whose ``source`` is one string;
    ``metadata`` is a dict. Outputs are kept as they are in the file (nbformat-4
    shape). Raises
    :class:`NotebookError` with a one-line message naming ``name``.
    """
    text = _decode(data, name)
    try:
        raw = json.loads(text)
    except RecursionError as err:
        raise NotebookError(f"{name}: the JSON is nested too deeply to be a notebook.") from err
    except ValueError as err:
        msg = str(err).split(":")[0]
        raise NotebookError(
            f"{name}: not valid JSON ({msg}, line {getattr(err, 'lineno', '?')}); "
            "the file may be truncated or not a notebook."
        ) from err
    return normalise(raw, name)


def normalise(raw: Any, name: str = "notebook") -> dict[str, Any]:
    """Check and normalise parsed notebook JSON (see :func:`read_notebook`)."""
    if not isinstance(raw, dict):
        raise NotebookError(f"{name}: the JSON is a {type(raw).__name__}, not a notebook object.")
    major = raw.get("nbformat")
    if major is None:
        raise NotebookError(f"{name}: JSON without an 'nbformat' field is not a notebook.")
    if not isinstance(major, int) or isinstance(major, bool):
        raise NotebookError(f"{name}: 'nbformat' must be a number, not {major!r}.")
    if major == 3:
        raw = _upgrade_v3(raw, name)
    elif major != 4:
        raise NotebookError(f"{name}: nbformat {major} is not supported (nbformat 3 and 4 are).")
    minor = raw.get("nbformat_minor", 0)
    cells = raw.get("cells")
    if not isinstance(cells, list):
        raise NotebookError(f"{name}: the notebook has no 'cells' list.")
    metadata = raw.get("metadata")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise NotebookError(f"{name}: the notebook 'metadata' is not an object.")
    out_cells: list[dict[str, Any]] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise NotebookError(f"{name}: cell {index} is not an object.")
        cell_type = cell.get("cell_type")
        if not isinstance(cell_type, str) or not cell_type:
            raise NotebookError(f"{name}: cell {index} has no cell_type.")
        # A type nbformat does not know (newer minor versions may add some) is kept as it
        # is: exports write it as a comment and scans read its source, as for a raw cell.
        try:
            source = _join(cell.get("source", ""))
        except TypeError as err:
            raise NotebookError(f"{name}: cell {index} has a source that is not text.") from err
        new = dict(cell)
        new["source"] = source
        cell_meta = cell.get("metadata")
        new["metadata"] = cell_meta if isinstance(cell_meta, dict) else {}
        if cell_type == "code":
            outputs = cell.get("outputs", [])
            if not isinstance(outputs, list):
                raise NotebookError(f"{name}: cell {index} has 'outputs' that are not a list.")
            new["outputs"] = outputs
        out_cells.append(new)
    return {
        "nbformat": 4,
        "nbformat_minor": minor if isinstance(minor, int) else 0,
        "metadata": metadata,
        "cells": out_cells,
    }


def _upgrade_v3(raw: dict[str, Any], name: str) -> dict[str, Any]:
    worksheets = raw.get("worksheets")
    if not isinstance(worksheets, list):
        raise NotebookError(f"{name}: nbformat 3 notebook without a 'worksheets' list.")
    try:
        import nbformat
        from nbformat.v3.rwbase import rejoin_lines

        # On disk v3 multiline strings are lists; the converter wants them joined.
        node = rejoin_lines(nbformat.from_dict(raw))  # type: ignore[no-untyped-call]
        upgraded = nbformat.convert(node, 4)  # type: ignore[no-untyped-call]
    except Exception as err:  # nbformat raises many types on malformed v3
        # A missing key surfaces as a bare name: say what it means.
        why = f"missing field {err}" if isinstance(err, (KeyError, AttributeError)) else str(err)
        raise NotebookError(f"{name}: this nbformat 3 notebook cannot be read ({why}).") from err
    result: dict[str, Any] = json.loads(json.dumps(upgraded))
    return result


def read_notebook_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Read and parse a notebook file from disk (for the CLI)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError as err:
        raise NotFoundError(f"{path}: no such file.") from err
    except OSError as err:
        raise NotFoundError(f"{path}: cannot be read ({err.strerror}).") from err
    if p.is_dir():
        raise NotebookError(f"{path}: is a directory, not a notebook.")
    if size > max_bytes:
        raise FileTooLargeError(
            f"{path}: {size / 1e6:.1f} MB is over the limit of {max_bytes / 1e6:.1f} MB."
        )
    try:
        data = p.read_bytes()
    except OSError as err:
        raise NotFoundError(f"{path}: cannot be read ({err.strerror}).") from err
    return read_notebook(data, str(path))


def strip_outputs(nb: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``nb`` without outputs and execution counts (the input is not changed)."""
    cells = []
    for cell in nb["cells"]:
        new = dict(cell)
        if new.get("cell_type") == "code":
            new["outputs"] = []
            new["execution_count"] = None
        cells.append(new)
    out = dict(nb)
    out["cells"] = cells
    return out


def to_ipynb_json(nb: dict[str, Any]) -> str:
    """Serialise a notebook dict the way Jupyter writes .ipynb files (indent 1, sorted keys).

    A lone surrogate (valid JSON, not UTF-8) stays as its ``\\uXXXX`` escape,
    so the text always encodes as UTF-8 and reads back to the same notebook.
    """
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
