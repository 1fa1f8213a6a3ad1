"""The sensitive-data scanner: a notebook in, :class:`Finding` records out.

It reads every text a notebook would share (see :mod:`.segments`), runs the
PHI detectors (:mod:`.phi`), the table reader (:mod:`.tables`), the credential
detectors (:mod:`.secrets`) and the admin's custom patterns, then applies
suppressions (``cloudshare: ignore`` comments, cell metadata, allow-lists).
Findings carry a masked excerpt and a hash of the matched text, never the text.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidRequestError
from .kinds import SEVERITY, TYPES, Hit
from .segments import Segment, iter_segments

__all__ = ["TYPES", "Finding", "ScanConfig", "scan_notebook", "scan_text", "segment_hits"]

_SEVERITIES = ("high", "medium", "low")
_IGNORE_RE = re.compile(r"cloudshare:\s*ignore", re.I)
_TABLE_TAG = re.compile(r"<table\b", re.I)


@dataclass(frozen=True)
class CustomPattern:
    """An admin-defined detector."""

    name: str
    regex: re.Pattern[str]
    context: tuple[str, ...]
    severity: str


@dataclass
class ScanConfig:
    """The admin's scanner settings (see the ``scan_*`` traits of CloudShareApp).

    Raises :class:`InvalidRequestError` naming the pattern when a custom or
    allow-list regex does not compile.
    """

    disabled: list[str] = field(default_factory=list)
    custom_patterns: list[dict[str, Any]] = field(default_factory=list)
    allow_patterns: list[str] = field(default_factory=list)
    allow_email_domains: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._disabled = frozenset(str(t).upper() for t in self.disabled)
        self._domains = frozenset(d.lower().lstrip("@").strip() for d in self.allow_email_domains)
        self._allow = [_compile(p, f"allow pattern {p!r}") for p in self.allow_patterns]
        self._custom = [_custom(p, i) for i, p in enumerate(self.custom_patterns)]

    def enabled(self, kind: str) -> bool:
        """Whether findings of ``kind`` are reported."""
        return kind not in self._disabled

    def allowed(self, value: str) -> bool:
        """Whether an allow-list pattern covers this matched text."""
        return any(p.fullmatch(value) for p in self._allow)


def _compile(pattern: Any, what: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise InvalidRequestError(
            f"Scanner {what} must be a non-empty regular expression string; fix the server config.",
            code="invalid_scan_config",
        )
    try:
        return re.compile(pattern)
    except re.error as err:
        raise InvalidRequestError(
            f"Scanner {what} is not a valid regular expression ({err.msg}); "
            "fix it in the server config.",
            code="invalid_scan_config",
        ) from err


def _custom(spec: Any, index: int) -> CustomPattern:
    if not isinstance(spec, dict):
        raise InvalidRequestError(
            f"Custom scan pattern #{index + 1} must be an object with 'name' and 'regex'.",
            code="invalid_scan_config",
        )
    name = spec.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name):
        raise InvalidRequestError(
            f"Custom scan pattern #{index + 1} needs a 'name' like 'EMPLOYEE_ID'.",
            code="invalid_scan_config",
        )
    regex = _compile(spec.get("regex"), f"custom pattern '{name}'")
    context = spec.get("context") or []
    if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
        raise InvalidRequestError(
            f"Custom scan pattern '{name}': 'context' must be a list of words.",
            code="invalid_scan_config",
        )
    severity = spec.get("severity", "high")
    if severity not in _SEVERITIES:
        raise InvalidRequestError(
            f"Custom scan pattern '{name}': 'severity' must be high, medium or low.",
            code="invalid_scan_config",
        )
    return CustomPattern(name.upper(), regex, tuple(c.lower() for c in context), severity)


@dataclass(frozen=True)
class Finding:
    """One possible identifier or credential at a place in a notebook."""

    type: str
    severity: str
    cell: int
    cell_id: str | None
    path: str
    start: int
    end: int
    excerpt: str
    in_output: bool
    #: sha256 of the matched text: lets an acknowledgement name this finding.
    digest: str = field(default="", repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON form (never the matched text itself)."""
        return {
            "type": self.type,
            "severity": self.severity,
            "cell": self.cell,
            "cell_id": self.cell_id,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "in_output": self.in_output,
        }


def _custom_hits(text: str, patterns: list[CustomPattern]) -> list[Hit]:
    hits = []
    for p in patterns:
        for m in p.regex.finditer(text):
            if m.end() == m.start():
                continue
            if p.context:
                window = text[max(0, m.start() - 80) : m.end() + 20].lower()
                if not any(word in window for word in p.context):
                    continue
            hits.append(Hit(p.name, m.start(), m.end(), 2, p.severity))
    return hits


def _resolve(hits: Iterable[Hit]) -> list[Hit]:
    """Drop duplicates and overlaps, keeping the most specific hit."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if kept and hit.start < kept[-1].end:
            last = kept[-1]
            if (hit.priority, hit.end - hit.start) > (last.priority, last.end - last.start):
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def _mask(value: str) -> str:
    n = len(value)
    keep = 0 if n <= 4 else 2 if n <= 10 else 4
    return "*" * min(n - keep, 16) + value[n - keep :] if keep else "*" * min(n, 16)


_DISPLAY_RE = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?"
)


def _excerpt(text: str, start: int, end: int, others: list[tuple[int, int]]) -> str:
    """Stored text around ``text[start:end]``, the value and its neighbours masked.

    ``others`` are the segment's findings, sorted and not overlapping (resolved): only
    those within the excerpt are looked at, so a text of many findings stays linear.
    """
    lo, hi = max(0, start - 16), min(len(text), end + 16)
    chars = list(text[lo:hi])
    first = bisect.bisect_left(others, (lo, lo))
    near = others[max(0, first - 1) : bisect.bisect_left(others, (hi, hi))]
    for a, b in near:  # never show part of a neighbouring finding
        if (a, b) != (start, end) and a < hi and b > lo:
            for k in range(max(a, lo), min(b, hi)):
                chars[k - lo] = "*"
    before = "".join(chars[: start - lo])
    after = "".join(chars[end - lo :])
    value = text[start:end]
    shown = f"{'…' if lo else ''}{before}{_mask(value)}{after}{'…' if hi < len(text) else ''}"
    return re.sub(r"[\s\x00-\x1f\x7f]+", " ", _DISPLAY_RE.sub("", shown).translate(_INVISIBLE))


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"))


def _ignored_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _IGNORE_RE.finditer(text):
        spans.append((text.rfind("\n", 0, m.start()) + 1, _line_end(text, m.end())))
    return spans


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def scan_text(
    text: str, clean: str | None = None, config: ScanConfig | None = None, *, prose: bool = False
) -> list[Hit]:
    """Every detector over one string; hits resolved but not yet suppressed.

    ``clean`` (default ``text``) is what the detectors read, of the same length:
    offsets are into both. Different when HTML markup in ``text`` is blanked in
    ``clean``, which reads HTML tables. ``prose`` says the string is a Markdown
    cell's source (see :attr:`Segment.prose`).
    """
    from .tables import html_table_hits

    cfg = config or ScanConfig()
    clean = text if clean is None else clean
    html = clean is not text and _TABLE_TAG.search(text) is not None
    hits = _detect(clean, cfg, prose, tables=not html)
    if html:
        hits.extend(html_table_hits(text, clean))
    return _finish(hits)


def _detect(clean: str, cfg: ScanConfig, prose: bool, *, tables: bool) -> list[Hit]:
    """Every detector's hits over ``clean``, unresolved."""
    from .formats import format_hits
    from .kinds import hint_positions
    from .phi import free_hits, label_hits
    from .secrets import secret_hits
    from .tables import text_table_hits

    hints = hint_positions(clean)
    hits: list[Hit] = []
    hits.extend(free_hits(clean, cfg._domains, prose=prose))
    hits.extend(label_hits(clean, hints))
    hits.extend(secret_hits(clean))
    hits.extend(format_hits(clean, hints))
    if tables:
        hits.extend(text_table_hits(clean, hints))
    if cfg._custom:
        hits.extend(_custom_hits(clean, cfg._custom))
    return hits


def _finish(hits: list[Hit]) -> list[Hit]:
    """Place-only tables and lone ZIP codes dropped, overlaps resolved."""
    from .tables import PLACE_TABLE, PLACE_TYPES

    places = [(h.start, h.end) for h in hits if h.type == PLACE_TABLE]
    if places:
        hits = [
            h
            for h in hits
            if h.type != PLACE_TABLE
            and not (h.type in PLACE_TYPES and any(s <= h.start < e for s, e in places))
        ]
    if hits and all(h.type == "ZIP" for h in hits):
        # A ZIP code alone (a house-price frame's ``zipcode`` column, a business's
        # ``Seattle, WA 98101``) describes a place; beside a person's data it identifies.
        return []
    return _resolve(hits)


#: A segment longer than this is read in windows of about this size (work per call
#: bounded), each starting on a line break, with a few lines of the one before.
WINDOW = 1 << 20
_OVERLAP = 4096


def _windows(clean: str) -> Iterator[tuple[int, int, int]]:
    """``(start, own, end)``: read ``clean[start:end]``, keep hits from ``own`` on."""
    n = len(clean)
    if n <= WINDOW:
        yield 0, 0, n
        return
    own = 0
    while own < n:
        end = n if n - own <= WINDOW else clean.rfind("\n", own + WINDOW // 2, own + WINDOW) + 1
        if end <= own:
            end = min(n, own + WINDOW)
        start = max(0, own - _OVERLAP)
        if start:
            start = clean.find("\n", start, own) + 1 or start
        yield start, own, end
        own = end


def segment_hits(
    seg: Segment, cfg: ScanConfig, context: list[Hit] | None = None
) -> list[tuple[Hit, str]]:
    """Resolved hits of one segment, offsets into ``seg.text``, each with the value read.

    ``context`` holds hits (offsets into ``seg.clean``) its cell's source gave.
    """
    from .tables import html_table_hits

    found: list[Hit] = []
    for start, own, end in _windows(seg.clean):
        window = seg.clean if end - start == len(seg.clean) else seg.clean[start:end]
        for h in _detect(window, cfg, seg.prose, tables=not seg.tables):
            if start + h.start >= own:
                found.append(h._replace(start=h.start + start, end=h.end + start) if start else h)
    if context:
        found.extend(context)
    offsets = seg.offsets
    if offsets is None:
        read = {(h.start, h.end): seg.clean[h.start : h.end] for h in found}
    else:
        read = {}
        mapped = []
        for h in found:
            a, b = offsets.start(h.start), offsets.end(h.end)
            b = max(a, b)  # a hit across visible text and what follows it
            read.setdefault((a, b), seg.clean[h.start : h.end])
            mapped.append(h._replace(start=a, end=b))
        found = mapped
    if seg.tables and seg.blank is not None:
        for a, b in seg.tables:
            for h in html_table_hits(seg.text[a:b], seg.blank[a:b]):
                h = h._replace(start=h.start + a, end=h.end + a)
                found.append(h)
                read.setdefault((h.start, h.end), seg.blank[h.start : h.end])
    return [(h, read[(h.start, h.end)]) for h in _finish(found)]


def _segment_findings(
    seg: Segment, cfg: ScanConfig, honour: bool, context: list[Hit] | None = None
) -> list[Finding]:
    if honour and seg.cell_ignore is True:
        return []
    hits = segment_hits(seg, cfg, context)
    if not hits:
        return []
    ignored = _ignored_lines(seg.text) if honour and "cloudshare" in seg.text.lower() else []
    kept = []
    for hit, value in hits:
        if not cfg.enabled(hit.type):
            continue
        if honour and isinstance(seg.cell_ignore, frozenset) and hit.type in seg.cell_ignore:
            continue
        if any(s <= hit.start < e for s, e in ignored):
            continue
        if cfg._allow and (cfg.allowed(value) or cfg.allowed(seg.text[hit.start : hit.end])):
            continue
        kept.append(hit)
    spans = sorted((h.start, h.end) for h in kept)
    findings = []
    for hit in kept:
        path, start, end = seg.locate(hit.start, hit.end)
        value = seg.text[hit.start : hit.end]
        findings.append(
            Finding(
                type=hit.type,
                severity=hit.severity or SEVERITY.get(hit.type, "medium"),
                cell=seg.cell,
                cell_id=seg.cell_id,
                path=path,
                start=start,
                end=end,
                excerpt=_excerpt(seg.text, hit.start, hit.end, spans),
                in_output=seg.in_output,
                digest=hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest(),
            )
        )
    return findings


def scan_notebook(
    nb: dict[str, Any],
    config: ScanConfig | None = None,
    *,
    honour_suppressions: bool = True,
    name: str | None = None,
) -> list[Finding]:
    """Every possible identifier or credential in ``nb`` (a normalised notebook dict).

    ``nb`` is not changed. Findings come in notebook order. ``name`` (the
    notebook's file name) is read too, as path ``/name`` with cell -1 (findings
    in notebook metadata also have cell -1). With ``honour_suppressions=False``
    the user's ``cloudshare: ignore`` comments and cell metadata are not
    honoured; the admin's allow-lists and disabled types still are.
    """
    cfg = config or ScanConfig()
    findings: list[Finding] = []
    cell: list[Segment] = []
    select: tuple[str, ...] = ()
    for seg in iter_segments(nb, name=name, join_streams=True):
        if cell and seg.cell != cell[0].cell:
            select = _cell_findings(nb, cell, cfg, honour_suppressions, select, findings)
            cell = []
        cell.append(seg)
    if cell:
        _cell_findings(nb, cell, cfg, honour_suppressions, select, findings)
    return findings


def _is_record_output(seg: Segment) -> bool:
    return seg.in_output and (seg.path.endswith("/text") or seg.path.endswith("/text/plain"))


def _cell_findings(
    nb: dict[str, Any],
    segs: list[Segment],
    cfg: ScanConfig,
    honour: bool,
    select: tuple[str, ...],
    findings: list[Finding],
) -> tuple[str, ...]:
    """One cell's findings appended to ``findings``, its outputs read in its source's light.

    Returns the columns of the last SELECT seen (a next cell may fetch its rows).
    """
    from .context import cell_context, output_hits, person_found

    contexts: dict[int, list[Hit]] = {}
    cells = nb.get("cells")
    index = segs[0].cell
    raw = cells[index] if isinstance(cells, list) and 0 <= index < len(cells) else None
    if isinstance(raw, dict) and raw.get("cell_type") == "code":
        source = raw.get("source")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if isinstance(source, str):
            outputs = [k for k, s in enumerate(segs) if _is_record_output(s)]
            ctx = cell_context(source, select) if outputs else None
            if ctx is not None:
                select = ctx.select or select
            if ctx:
                strong: dict[int, list[Hit]] = {}
                weak: dict[int, list[Hit]] = {}
                for k in outputs:
                    seg = segs[k]
                    strong[k], weak[k] = output_hits(ctx, seg.clean, result="/data/" in seg.path)
                keep = person_found([h for k in outputs for h in strong[k]])
                for k in outputs:
                    contexts[k] = strong[k] + (weak[k] if keep else [])
    for k, seg in enumerate(segs):
        findings.extend(_segment_findings(seg, cfg, honour, contexts.get(k)))
    return select
