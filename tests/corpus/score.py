"""Recall and precision of a scanner over labelled notebooks, per type and per format.

The matching rule (also in ``docs/scanner.md``):

* A label ``(type, value)`` stands for every place the value is printed: each
  occurrence of the value in a scanned string (cell source, output text, error
  field...) not glued to a letter or digit on either side is one *instance*.
  A label printed nowhere (a frame that elided its row) has no instance.
* An instance is **found** when findings of the label's type, in the same string,
  cover its letters and digits: all of them for every type except NAME and
  ADDRESS, where at least half is enough (the family name alone, or the street
  line without its apartment, still tells the user to fix the cell).
  Secret types form one family: a credential found under any secret type counts
  (which provider a token belongs to does not change what the user must do).
* A finding is **correct** when it overlaps an instance of its own type (or
  family), **tolerated** when it overlaps a value in ``Case.allowed`` (sensitive,
  type open to reading: a city, a ZIP, a Synthea UUID id) and **false** otherwise
  (including a finding that overlaps a label of another type: a mistyped finding).
* Recall of a type = found instances / instances; precision of a type = correct
  findings / (correct + false findings) of that type.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .cases import Case

#: Types of personal data; every other type a scanner reports is a credential.
PHI_TYPES = frozenset(
    ["NAME", "SSN", "MRN", "DOB", "DATE", "PHONE", "EMAIL", "ADDRESS", "ZIP", "HEALTH_PLAN_ID",
     "MBI", "NPI", "DEA", "ICD10", "IP_ADDRESS", "DEVICE_ID", "ACCOUNT", "LICENSE"]
)  # fmt: skip
#: The issue's bars: types held to 90% recall; every other labelled type to 95%.
LOOSE_TYPES = frozenset({"NAME", "ADDRESS", "DATE"})
PARTIAL_TYPES = frozenset({"NAME", "ADDRESS"})

#: A finding as a scanner adapter gives it: (type, segment path, start, end).
Found = tuple[str, str, int, int]
Scanner = Callable[[dict[str, Any]], Iterable[Found]]


def family(kind: str) -> str:
    """The type a finding must have to count for a label of ``kind``."""
    return kind if kind in PHI_TYPES else "SECRET"


def segment_texts(nb: dict[str, Any]) -> dict[str, str]:
    """Every string a scan reads, by path."""
    from jupyterlab_cloudshare.core.scan.segments import iter_segments

    return {seg.path: seg.text for seg in iter_segments(nb)}


def ours(nb: dict[str, Any]) -> list[Found]:
    """This project's scanner as a :data:`Scanner`."""
    from jupyterlab_cloudshare.core.scan import scan_notebook

    return [(f.type, f.path, f.start, f.end) for f in scan_notebook(nb)]


def occurrences(text: str, value: str) -> list[tuple[int, int]]:
    """Where ``value`` (or its HTML-escaped form) is printed in ``text`` as a whole token."""
    spans = []
    for form in {value, html.escape(value, quote=True), html.escape(value, quote=False)}:
        if not form:
            continue
        pos = text.find(form)
        while pos >= 0:
            end = pos + len(form)
            before = text[pos - 1] if pos else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() and form[0].isalnum()) and not (
                after.isalnum() and form[-1].isalnum()
            ):
                spans.append((pos, end))
            pos = text.find(form, pos + 1)
    return sorted(set(spans))


@dataclass
class Counts:
    instances: int = 0
    found: int = 0
    correct: int = 0
    false: int = 0
    tolerated: int = 0
    misses: list[str] = field(default_factory=list)
    false_examples: list[str] = field(default_factory=list)
    #: formats an example was kept from (examples come from different formats)
    shown: set[tuple[str, str]] = field(default_factory=set)

    def example(self, kind: str, fmt: str, text: str, keep: int) -> None:
        """Keep ``text`` as an example of a miss or a false finding, one per format."""
        examples = self.misses if kind == "miss" else self.false_examples
        if len(examples) < keep and (kind, fmt) not in self.shown:
            self.shown.add((kind, fmt))
            examples.append(text)

    @property
    def recall(self) -> float:
        return self.found / self.instances if self.instances else 1.0

    @property
    def precision(self) -> float:
        n = self.correct + self.false
        return self.correct / n if n else 1.0


@dataclass
class Report:
    """Counts per type, per format, and per (format, type)."""

    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_format: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_format_type: dict[tuple[str, str], Counts] = field(
        default_factory=lambda: defaultdict(Counts)
    )
    cases: int = 0

    def total(self, phi: bool | None = None) -> Counts:
        out = Counts()
        for kind, c in self.by_type.items():
            if phi is None or (kind in PHI_TYPES) == phi:
                out.instances += c.instances
                out.found += c.found
                out.correct += c.correct
                out.false += c.false
                out.tolerated += c.tolerated
        return out

    def table(self, examples: int = 0) -> str:
        """A per-type table (recall, precision, counts), optionally with masked examples."""
        lines = [
            f"{'type':<22}{'recall':>8}{'found':>8}{'labels':>8}{'precision':>11}"
            f"{'false':>7}{'tolerated':>11}"
        ]
        for kind in sorted(self.by_type, key=lambda k: (k not in PHI_TYPES, k)):
            c = self.by_type[kind]
            lines.append(
                f"{kind:<22}{c.recall:>8.3f}{c.found:>8}{c.instances:>8}{c.precision:>11.3f}"
                f"{c.false:>7}{c.tolerated:>11}"
            )
            for ex in c.misses[:examples]:
                lines.append(f"    missed: {ex}")
            for ex in c.false_examples[:examples]:
                lines.append(f"    false:  {ex}")
        for label, phi in (("PHI", True), ("secrets", False), ("all", None)):
            t = self.total(phi)
            lines.append(
                f"{'= ' + label:<22}{t.recall:>8.3f}{t.found:>8}{t.instances:>8}"
                f"{t.precision:>11.3f}{t.false:>7}{t.tolerated:>11}"
            )
        return "\n".join(lines)

    def format_table(self) -> str:
        """Recall and precision per format (all types together)."""
        lines = [f"{'format':<22}{'recall':>8}{'labels':>8}{'precision':>11}{'false':>7}"]
        for fmt in sorted(self.by_format):
            c = self.by_format[fmt]
            lines.append(
                f"{fmt:<22}{c.recall:>8.3f}{c.instances:>8}{c.precision:>11.3f}{c.false:>7}"
            )
        return "\n".join(lines)


def mask(value: str) -> str:
    """A value with its letters and digits starred except the last two."""
    keep = 2 if len(value) > 6 else 0
    return re.sub(r"[A-Za-z0-9]", "*", value[: len(value) - keep]) + value[len(value) - keep :]


def context(text: str, start: int, end: int, width: int = 40) -> str:
    """The masked value in its surroundings, on one line."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    shown = f"{before}[{mask(text[start:end])}]{after}"
    return shown.replace("\n", "⏎").replace("\x1b", "^[")


def _covered(spans: list[tuple[int, int]], text: str, start: int, end: int, kind: str) -> bool:
    want = [i for i in range(start, end) if text[i].isalnum()]
    if not want:
        return False
    hit = sum(1 for i in want if any(s <= i < e for s, e in spans))
    return hit * 2 >= len(want) if kind in PARTIAL_TYPES else hit == len(want)


def evaluate(
    cases: Iterable[Case],
    scan: Scanner = ours,
    keep: int = 3,
    aliases: dict[str, frozenset[str]] | None = None,
) -> Report:
    """Score ``scan`` over ``cases`` (see the module docstring for the rule).

    ``aliases`` maps another tool's finding type to the label types it stands for
    (Presidio's ``DATE_TIME`` for DOB and DATE); by default a type stands for itself.
    """
    aliases = aliases or {}

    def accepts(ftype: str) -> frozenset[str]:
        return frozenset(family(t) for t in aliases.get(ftype, frozenset({ftype})))

    report = Report()
    for case in cases:
        report.cases += 1
        texts = segment_texts(case.nb)
        found = list(scan(case.nb))
        # label instances: (family, label type, path, start, end)
        instances: list[tuple[str, str, str, int, int]] = []
        for kind, value in set(case.labels):
            for path, text in texts.items():
                for s, e in occurrences(text, value):
                    instances.append((family(kind), kind, path, s, e))
        allowed = [
            (path, s, e)
            for value in set(case.allowed)
            for path, text in texts.items()
            for s, e in occurrences(text, value)
        ]
        by_path_family: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for ftype, path, s, e in found:
            for fam in accepts(ftype):
                by_path_family[(path, fam)].append((s, e))
        for fam, kind, path, s, e in set(instances):
            spans = by_path_family.get((path, fam), [])
            ok = _covered(spans, texts[path], s, e, kind)
            for c in (
                report.by_type[kind],
                report.by_format[case.fmt],
                report.by_format_type[(case.fmt, kind)],
            ):
                c.instances += 1
                c.found += ok
                if not ok:
                    c.example("miss", case.fmt, f"{case.name}: {context(texts[path], s, e)}", keep)
        for ftype, path, s, e in found:
            fams = accepts(ftype)
            overlaps = [i for i in instances if i[2] == path and i[3] < e and s < i[4]]
            if any(i[0] in fams for i in overlaps):
                verdict = "correct"
            elif any(p == path and a < e and s < b for p, a, b in allowed):
                verdict = "tolerated"
            else:
                verdict = "false"
            for c in (
                report.by_type[ftype],
                report.by_format[case.fmt],
                report.by_format_type[(case.fmt, ftype)],
            ):
                if verdict == "correct":
                    c.correct += 1
                elif verdict == "tolerated":
                    c.tolerated += 1
                else:
                    c.false += 1
                    shown = f"{case.name}: {context(texts.get(path, ''), s, e)}"
                    c.example("false", case.fmt, shown, keep)
    return report
