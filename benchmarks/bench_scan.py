"""Scanner benchmark: ours vs detect-secrets vs Presidio (pattern recognizers), side by side.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_scan.py [--mb 50] [--sample-mb 0.3] [--tools-size 0.25]

Accuracy: the labelled corpora of ``tests/corpus`` (the format-based corpus and the
first issue's corpus, ``tests/unit/labelled.py``) are scored with
:func:`tests.corpus.score.evaluate` for all three tools, per type and per format,
each on the types it reports (Presidio's entities are mapped to ours, detect-secrets'
plugins all count as credentials). The other tools are slow, so they read a
``--tools-size`` share of the format corpus; ours is scored on that share and on
the whole. The real PHI-free notebooks of :mod:`tests.corpus.public` are scanned
by ours (how many are flagged).

Speed: one large notebook of mixed outputs (``--mb``), in CPU time
(``time.process_time``). The other tools read a ``--sample-mb`` slice of the same
text, and ours reads that slice too, so the ratio compares like with like.
Presidio runs with its pattern recognizers only (no spaCy model is loaded or
downloaded); a tool that is not installed is skipped cleanly.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jupyterlab_cloudshare.core.notebook import read_notebook  # noqa: E402
from jupyterlab_cloudshare.core.scan import scan_notebook  # noqa: E402
from jupyterlab_cloudshare.core.scan.segments import iter_segments  # noqa: E402
from tests.corpus import first_corpus, format_corpus, public, score  # noqa: E402
from tests.unit import labelled  # noqa: E402

#: Presidio entity -> our type (entities with no counterpart are not scored).
PRESIDIO_TYPES = {
    "PERSON": "NAME",
    "US_SSN": "SSN",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "LICENSE",
    "US_PASSPORT": "LICENSE",
    "US_BANK_NUMBER": "ACCOUNT",
    "IBAN_CODE": "ACCOUNT",
    "MEDICAL_LICENSE": "DEA",
    "LOCATION": "ADDRESS",
    "DATE_TIME": "DATE",
}
#: Presidio does not tell a birth date from other dates: its DATE_TIME counts for both.
PRESIDIO_ALIASES = {"DATE": frozenset({"DOB", "DATE"})}
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_\-+/=.]*")


def big_notebook(mb: float, seed: int = 3) -> dict[str, Any]:
    """A notebook of about ``mb`` MB: frames, logs, HTML, base64 images, code, a few secrets."""
    r = random.Random(seed)
    cells: list[dict[str, Any]] = []
    size = 0
    image = "iVBORw0KGgo" + "".join(
        r.choice("ABCDEFGHabcdefgh0123456789+/") for _ in range(200_000)
    )
    while size < mb * 1e6:
        kind = len(cells) % 5
        if kind == 0:
            rows = [[f"{r.uniform(0, 1e4):.4f}" for _ in range(8)] for _ in range(2000)]
            text = labelled.text_frame([f"feature_{k}" for k in range(8)], rows)
            cell = labelled.code("df", labelled.result({"text/plain": text}))
        elif kind == 1:
            log = "".join(
                f"epoch {e} step {s} loss={r.random():.6f} acc={r.random():.4f} lr=0.001\n"
                for e in range(20)
                for s in range(200)
            )
            cell = labelled.code("train()", labelled.stream(log))
        elif kind == 2:
            item = labelled.table_notebook(r, len(cells), "html")
            cell = item.nb["cells"][1]
        elif kind == 3:
            cell = labelled.code(
                "plt.plot(x)",
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"image/png": image, "text/plain": "<Figure>"},
                },
            )
        else:
            cell = labelled.secrets_notebook(r, len(cells)).nb["cells"][0]
        cells.append(cell)
        size += len(json.dumps(cell))
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def text_of(nb: dict[str, Any]) -> str:
    """The text the scanners read (binary payloads excluded for every tool alike)."""
    return "\n".join(seg.clean for seg in iter_segments(nb))


# ---- the other tools, as score.Scanner adapters --------------------------------
def detect_secrets_scanner() -> Callable[[dict[str, Any]], list[score.Found]] | None:
    """detect-secrets' default plugins, line by line (``scan_line``), or None."""
    try:
        from detect_secrets.core.scan import scan_line
        from detect_secrets.settings import default_settings
    except ImportError:
        return None

    def scan_text(text: str) -> list[tuple[str, int, int]]:
        out = []
        pos = 0
        with default_settings():
            for line in text.split("\n"):
                for secret in scan_line(line):
                    value = secret.secret_value or ""
                    at = line.find(value) if value else -1
                    if at < 0:
                        continue
                    # a plugin may report only the token's prefix ("ghp"): take the token
                    end = at + len(value)
                    end += _TOKEN_CHARS.match(line, end).end() - end  # type: ignore[union-attr]
                    out.append((f"ds:{secret.type}", pos + at, pos + end))
                pos += len(line) + 1
        return out

    def scan(nb: dict[str, Any]) -> list[score.Found]:
        return [
            (kind, seg.path, s, e)
            for seg in iter_segments(nb)
            for kind, s, e in scan_text(seg.text)
        ]

    scan.text = scan_text  # type: ignore[attr-defined]
    return scan


def presidio_scanner() -> Callable[[dict[str, Any]], list[score.Found]] | None:
    """Presidio's predefined pattern recognizers with a stub NLP engine, or None."""
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
    except ImportError:
        return None

    class NoNlp(NlpEngine):  # type: ignore[misc]
        """Regex recognizers only: no spaCy model is loaded or downloaded."""

        def load(self) -> None: ...
        def is_loaded(self) -> bool:
            return True

        def process_text(self, text: str, language: str) -> NlpArtifacts:
            return NlpArtifacts([], [], [], [], self, language)

        def process_batch(self, texts: Any, language: str, **kw: Any) -> Any:
            for t in texts:
                yield t, self.process_text(t, language)

        def is_stopword(self, word: str, language: str) -> bool:
            return False

        def is_punct(self, word: str, language: str) -> bool:
            return False

        def get_supported_entities(self) -> list[str]:
            return []

        def get_supported_languages(self) -> list[str]:
            return ["en"]

    registry = RecognizerRegistry()
    registry.load_predefined_recognizers()
    registry.recognizers = [
        rec for rec in registry.recognizers if type(rec).__name__ != "SpacyRecognizer"
    ]
    engine = AnalyzerEngine(registry=registry, nlp_engine=NoNlp(), supported_languages=["en"])

    def scan_text(text: str) -> list[tuple[str, int, int]]:
        out = []
        pos = 0
        for chunk in text.split("\n\n"):
            if chunk.strip():
                for res in engine.analyze(chunk, language="en"):
                    kind = PRESIDIO_TYPES.get(res.entity_type)
                    if kind:
                        out.append((kind, pos + res.start, pos + res.end))
            pos += len(chunk) + 2
        return out

    def scan(nb: dict[str, Any]) -> list[score.Found]:
        return [
            (kind, seg.path, s, e)
            for seg in iter_segments(nb)
            for kind, s, e in scan_text(seg.text)
        ]

    scan.text = scan_text  # type: ignore[attr-defined]
    return scan


# ---- accuracy --------------------------------------------------------------------
def side_by_side(reports: dict[str, score.Report], rows: list[str], key: str) -> str:
    """Recall and precision per row (type or format) for each tool."""
    tools = list(reports)
    head = f"{key:<30}" + "".join(f"{t[:16]:>16}" for t in tools)
    lines = [head, f"{'':<30}" + "".join(f"{'recall':>9}{'prec':>7}" for _ in tools)]
    for row in rows:
        cells = []
        for t in tools:
            table = reports[t].by_type if key == "type" else reports[t].by_format
            c = table.get(row)
            rec = f"{c.recall:.2f}" if c is not None and c.instances else "-"
            found = c is not None and c.correct + c.false > 0
            prec = f"{c.precision:.2f}" if found else "-"
            cells.append(f"{rec:>9}{prec:>7}")
        lines.append(f"{row[:29]:<30}" + "".join(cells))
    return "\n".join(lines)


def totals(reports: dict[str, score.Report]) -> str:
    lines = []
    for label, phi in (("PHI", True), ("secrets", False), ("all", None)):
        parts = []
        for t, rep in reports.items():
            c = rep.total(phi)
            parts.append(f"{t}: recall {c.recall:.3f} precision {c.precision:.3f}")
        lines.append(f"= {label:<8} " + " | ".join(parts))
    return "\n".join(lines)


def run_accuracy(args: argparse.Namespace, tools: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = format_corpus(size=args.corpus_size)
        share = format_corpus(seed=11, size=args.tools_size)
        first = first_corpus(size=args.first)
    t = time.process_time()
    full_report = score.evaluate(full)
    ours_cpu = time.process_time() - t
    print(f"## Format corpus: {len(full)} notebooks, ours ({ours_cpu:.1f} s CPU)\n")
    print(full_report.table() + "\n")
    print(full_report.format_table() + "\n")
    out["format_full"] = full_report

    for corpus_name, cases in (("format corpus share", share), ("first corpus", first)):
        reports: dict[str, score.Report] = {}
        timing = []
        for name, scan in tools.items():
            aliases = PRESIDIO_ALIASES if name == "presidio" else None
            t = time.process_time()
            reports[name] = score.evaluate(cases, scan, aliases=aliases)
            timing.append(f"{name} {time.process_time() - t:.1f} s")
        print(f"## {corpus_name}: {len(cases)} notebooks, side by side ({', '.join(timing)} CPU)\n")
        ours = reports["ours"]
        label_types = sorted(
            {k for k, c in ours.by_type.items() if c.instances},
            key=lambda k: (k not in score.PHI_TYPES, k),
        )
        print(side_by_side(reports, label_types, "type") + "\n")
        own = sorted(
            {k for r in reports.values() for k, c in r.by_type.items() if c.correct + c.false}
            - set(label_types)
        )
        if own:
            print("findings of types no label has (precision only):")
            print(side_by_side(reports, own, "type") + "\n")
        print(side_by_side(reports, sorted(ours.by_format), "format") + "\n")
        print(totals(reports) + "\n")
        out[corpus_name] = reports

    try:
        nbs = public.notebooks()
    except public.CorpusUnavailable as err:
        print(f"real notebooks: unavailable ({err})\n")
        return out
    # one notebook holds 6 MB of Plotly JSON: Presidio would need most of an hour on it
    small = [nb for _, nb in nbs if sum(map(len, score.segment_texts(nb).values())) < 200_000]
    flagged = {}
    for name, scan in tools.items():
        t = time.process_time()
        pool = [nb for _, nb in nbs] if name == "ours" else small
        n = sum(1 for nb in pool if list(scan(nb)))
        flagged[name] = f"{name} {n} of {len(pool)} ({time.process_time() - t:.0f} s CPU)"
    print(
        f"## Real PHI-free notebooks from {len(public.SDISTS)} pinned sdists, flagged "
        f"(the other tools skip the {len(nbs) - len(small)} over 200 KB of text): "
        + ", ".join(flagged.values())
        + "\n"
    )
    return out


# ---- speed -----------------------------------------------------------------------
def run_speed(args: argparse.Namespace, tools: dict[str, Any]) -> None:
    nb = big_notebook(args.mb)
    raw = json.dumps(nb)
    t = time.process_time()
    nb = read_notebook(raw, "big.ipynb")
    parse = time.process_time() - t
    mb = len(raw.encode()) / 1e6
    t = time.process_time()
    n = len(scan_notebook(nb))
    secs = time.process_time() - t
    print(f"## Speed (CPU time): {mb:.1f} MB notebook (parse {parse:.2f} s)")
    print(f"ours            {secs:7.2f} s  {mb / secs:8.1f} MB/s  {n} findings")

    text = text_of(nb)
    sample = text[: int(args.sample_mb * 1e6)]
    sample = sample[: sample.rfind("\n")]
    smb = len(sample.encode()) / 1e6
    t = time.process_time()
    scan_notebook({"cells": [labelled.code(sample)]})
    ours_s = time.process_time() - t
    print(f"\nslice of {smb:.2f} MB of the same text:")
    print(f"ours            {ours_s:7.3f} s  {smb / ours_s:8.1f} MB/s")
    for name, scan in tools.items():
        if name == "ours":
            continue
        t = time.process_time()
        found = len(scan.text(sample))
        s = time.process_time() - t
        print(
            f"{name:<15} {s:7.3f} s  {smb / s:8.2f} MB/s  {found} findings  "
            f"ours is {s / ours_s:.0f}x faster"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the large notebook")
    parser.add_argument("--sample-mb", type=float, default=0.3, help="slice for the slow tools")
    parser.add_argument("--corpus-size", type=float, default=1.0, help="format corpus scale")
    parser.add_argument("--tools-size", type=float, default=0.25, help="share for all tools")
    parser.add_argument("--first", type=int, default=180, help="first-corpus notebooks")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    parser.add_argument("--no-accuracy", action="store_true", help="speed only")
    args = parser.parse_args()

    tools: dict[str, Any] = {"ours": score.ours}
    for name, make in (("detect-secrets", detect_secrets_scanner), ("presidio", presidio_scanner)):
        scan = make()
        if scan is None:
            print(f"{name}: not installed, skipped")
        else:
            tools[name] = scan
    if not args.no_accuracy:
        run_accuracy(args, tools)
    if not args.no_speed:
        run_speed(args, tools)
    return 0


if __name__ == "__main__":
    sys.exit(main())
