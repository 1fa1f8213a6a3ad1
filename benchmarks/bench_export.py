"""Export speed: jupyterlab-cloudshare's flavours vs nbconvert and jupytext, in process.

Run by hand: ``.venv/bin/python benchmarks/bench_export.py [--repeat N] [--json OUT]``.
Each tool gets the same parsed notebook (its own in-memory form, built outside
the timing) and the best of N runs is reported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import heavy_outputs_notebook, mixed_notebook, to_bytes, typical_notebook


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(repeat: int) -> list[dict[str, Any]]:
    """Measure every notebook case."""
    from nbconvert import PythonExporter

    cases = {
        "10,000 cells": mixed_notebook(10_000),
        "10 MB of outputs": heavy_outputs_notebook(),
        "typical 200 cells": typical_notebook(),
    }
    exporter = PythonExporter()
    return [measure(label, raw, repeat, exporter) for label, raw in cases.items()]


def measure(label: str, raw: dict[str, Any], repeat: int, exporter: Any) -> dict[str, Any]:
    """Time every tool on one notebook."""
    import jupytext
    import nbformat

    from jupyterlab_cloudshare.core.export import export_notebook
    from jupyterlab_cloudshare.core.notebook import read_notebook

    data = to_bytes(raw)
    ours = read_notebook(data, "bench.ipynb")
    node = nbformat.reads(data.decode(), as_version=4)
    reps = repeat if len(raw["cells"]) < 5000 else max(1, repeat // 2)
    timings = {
        "read (ours)": best_of(lambda: read_notebook(data, "bench.ipynb"), reps),
        "read (nbformat)": best_of(lambda: nbformat.reads(data.decode(), as_version=4), reps),
    }
    for fmt in ("colab", "percent", "script"):
        timings[f"ours {fmt}"] = best_of(
            lambda fmt=fmt: export_notebook(ours, fmt, name="bench.ipynb"), reps
        )
    timings["ours read+colab"] = best_of(
        lambda: export_notebook(read_notebook(data, "b"), "colab", name="b"), reps
    )
    timings["nbconvert PythonExporter"] = best_of(lambda: exporter.from_notebook_node(node), reps)
    timings["jupytext py:percent"] = best_of(lambda: jupytext.writes(node, fmt="py:percent"), reps)
    return {"notebook": label, "cells": len(raw["cells"]), "bytes": len(data), "seconds": timings}


def print_table(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        t = row["seconds"]
        print(f"\n{row['notebook']} ({row['cells']} cells, {row['bytes'] / 1e6:.1f} MB)")
        print(f"  {'tool':28} {'best (ms)':>10} {'vs jupytext':>12} {'vs nbconvert':>13}")
        for tool, secs in t.items():
            vs_jt = t["jupytext py:percent"] / secs
            vs_nb = t["nbconvert PythonExporter"] / secs
            print(f"  {tool:28} {secs * 1000:10.1f} {vs_jt:11.1f}x {vs_nb:12.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON")
    args = parser.parse_args()
    rows = run(args.repeat)
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
