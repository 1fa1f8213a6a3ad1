"""Scanner benchmark: ours vs detect-secrets vs Presidio (regex recognizers), side by side.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_scan.py [--mb 30] [--sample-mb 2]

It generates the labelled corpus of ``tests/unit/labelled.py`` (recall and
precision per type) and one large notebook of mixed outputs (speed in MB/s).
The other tools are slow, so they read a ``--sample-mb`` slice of the same
text and their MB/s is compared with ours on that slice and on the whole.
Presidio runs with its pattern recognizers only (no spaCy model is loaded or
downloaded); it is skipped cleanly when not installed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jupyterlab_cloudshare.core.notebook import read_notebook  # noqa: E402
from jupyterlab_cloudshare.core.scan import scan_notebook  # noqa: E402
from jupyterlab_cloudshare.core.scan.segments import iter_segments  # noqa: E402
from tests.unit import labelled  # noqa: E402


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


def bench_ours(nb: dict[str, Any]) -> tuple[float, int]:
    t = time.perf_counter()
    n = len(scan_notebook(nb))
    return time.perf_counter() - t, n


def bench_detect_secrets(text: str) -> tuple[float, int] | None:
    try:
        from detect_secrets.core.scan import scan_line
        from detect_secrets.settings import default_settings
    except ImportError:
        return None
    n = 0
    with default_settings():
        t = time.perf_counter()
        for line in text.splitlines():
            n += sum(1 for _ in scan_line(line))
        return time.perf_counter() - t, n


def bench_presidio(text: str) -> tuple[float, int] | None:
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
    n = 0
    t = time.perf_counter()
    for chunk in text.split("\n\n"):
        if chunk.strip():
            n += len(engine.analyze(chunk, language="en"))
    return time.perf_counter() - t, n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the large notebook")
    parser.add_argument("--sample-mb", type=float, default=0.3, help="slice for the slow tools")
    parser.add_argument("--corpus", type=int, default=180, help="labelled notebooks")
    args = parser.parse_args()

    items = labelled.corpus(size=args.corpus)
    stats = labelled.evaluate(items, scan_notebook)
    print(f"Labelled corpus: {len(items)} notebooks")
    print(f"{'type':<20}{'recall':>8}{'precision':>11}")
    for kind, s in sorted(stats.items()):
        print(f"{kind:<20}{s['recall']:>8.3f}{s['precision']:>11.3f}")
    negatives = [i for i in items if not i.labels]
    flagged = sum(1 for i in negatives if scan_notebook(i.nb))
    print(f"hard-negative notebooks flagged: {flagged}/{len(negatives)}\n")

    nb = big_notebook(args.mb)
    raw = json.dumps(nb)
    t = time.perf_counter()
    nb = read_notebook(raw, "big.ipynb")
    parse = time.perf_counter() - t
    mb = len(raw.encode()) / 1e6
    secs, n = bench_ours(nb)
    print(f"large notebook: {mb:.1f} MB file (parse {parse:.2f} s)")
    print(f"ours            {secs:7.2f} s  {mb / secs:8.1f} MB/s  {n} findings")

    text = text_of(nb)
    sample = text[: int(args.sample_mb * 1e6)]
    sample = sample[: sample.rfind("\n")]
    sample_nb = {"cells": [labelled.code(sample)]}
    smb = len(sample.encode()) / 1e6
    ours_s, _ = bench_ours(sample_nb)
    print(f"\nsample of {smb:.2f} MB of the same text:")
    print(f"ours            {ours_s:7.3f} s  {smb / ours_s:8.1f} MB/s")
    for label, fn in (("detect-secrets", bench_detect_secrets), ("presidio", bench_presidio)):
        res = fn(sample)
        if res is None:
            print(f"{label:<15} not installed: skipped")
            continue
        s, found = res
        print(
            f"{label:<15} {s:7.3f} s  {smb / s:8.2f} MB/s  {found} findings  "
            f"ours is {s / ours_s:.0f}x faster"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
