"""Walk a notebook into the named strings a scan reads.

Every text a notebook would share becomes a :class:`Segment`: cell sources,
stream text, textual rich outputs and error fields. Binary payloads (images,
PDF, audio/video) are skipped. ``clean`` is the text detectors match against:
HTML tags and ANSI colour codes are blanked out with spaces of the same length,
so an offset into ``clean`` is an offset into ``text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_TAG_RE = re.compile(r"<!--.*?-->|<(?:script|style)\b.*?</(?:script|style)>|<[^<>]*>", re.S | re.I)
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_MIMES = frozenset({"application/pdf", "application/octet-stream", "application/zip"})
_HTML_MIMES = frozenset({"text/html", "image/svg+xml", "application/xml", "text/xml"})


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


def _join(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return ""


def blank(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces (newlines kept)."""
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def is_textual_mime(mime: str) -> bool:
    """Whether a rich-output payload of this type is text a reader could see."""
    if mime in _HTML_MIMES:
        return True
    return not (mime.startswith(_BINARY_PREFIXES) or mime in _BINARY_MIMES)


def _cell_ignore(cell: dict[str, Any]) -> frozenset[str] | bool:
    meta = cell.get("metadata")
    setting = meta.get("cloudshare") if isinstance(meta, dict) else None
    ignore = setting.get("ignore") if isinstance(setting, dict) else None
    if ignore is True:
        return True
    if isinstance(ignore, list):
        return frozenset(str(t).upper() for t in ignore)
    return False


def iter_segments(nb: dict[str, Any]) -> Iterator[Segment]:
    """Every text segment of ``nb``, in notebook order."""
    for i, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict):
            continue
        cell_id = cell.get("id") if isinstance(cell.get("id"), str) else None
        ignore = _cell_ignore(cell)
        source = _join(cell.get("source", ""))
        if source:
            prose = cell.get("cell_type") in ("markdown", "raw")
            yield Segment(f"/cells/{i}/source", i, cell_id, False, source, source, ignore, prose)
        outputs = cell.get("outputs") if cell.get("cell_type") == "code" else None
        if not isinstance(outputs, list):
            continue
        for j, out in enumerate(outputs):
            if isinstance(out, dict):
                for path, text, clean in _output_texts(out, f"/cells/{i}/outputs/{j}"):
                    yield Segment(path, i, cell_id, True, text, clean, ignore)


def _output_texts(out: dict[str, Any], base: str) -> Iterator[tuple[str, str, str]]:
    kind = out.get("output_type")
    if kind == "stream":
        text = _join(out.get("text"))
        if text:
            yield f"{base}/text", text, blank(_ANSI_RE, text)
    elif kind in ("execute_result", "display_data", "update_display_data"):
        data = out.get("data")
        if not isinstance(data, dict):
            return
        for mime, value in data.items():
            if not isinstance(mime, str) or not is_textual_mime(mime):
                continue
            if (mime.endswith("json") and not isinstance(value, (str, list))) or (
                mime.endswith("json")
                and isinstance(value, list)
                and not all(isinstance(v, str) for v in value)
            ):
                text = json.dumps(value)
            else:
                text = _join(value)
            if not text:
                continue
            clean = blank(_TAG_RE, text) if mime in _HTML_MIMES else text
            yield f"{base}/data/{mime}", text, blank(_ANSI_RE, clean)
    elif kind == "error":
        for key in ("ename", "evalue"):
            value = out.get(key)
            if isinstance(value, str) and value:
                yield f"{base}/{key}", value, blank(_ANSI_RE, value)
        tb = out.get("traceback")
        if isinstance(tb, list):
            text = "\n".join(t for t in tb if isinstance(t, str))
            if text:
                yield f"{base}/traceback", text, blank(_ANSI_RE, text)
