"""How the scanner's time grows on inputs built to make a careless reader slow.

Run by hand from the repository root::

    .venv/bin/python benchmarks/bench_pathological.py [--sizes 1,4] [--repeat 3] [--json OUT]

Every case of ``tests/pathological.py`` (nested or unclosed structure, runs of anchors, for
the HL7/FHIR/record recognisers, the table readers, the notebook scan and the cell-context
reader) is timed in CPU time (best of ``--repeat``) at each size, and the growth from the
smallest to the largest size is reported as a ratio of times against the ratio of sizes: 1.0
is linear, and a reader whose work is quadratic shows the size ratio again (4.0 for sizes
1 and 4). Cases above ``--limit`` (default 2.0) are listed at the end and make the exit
status 1, so a run in CI can report them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pathological import CASES, reader  # noqa: E402


def best_time(fn, text: str, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The least CPU time of ``repeat`` calls of ``fn(text)``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,4", help="size multipliers, smallest first")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=2.0, help="largest growth allowed")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    print(f"{'case':32} {'reader':9} " + " ".join(f"{f'x{k} ms':>9}" for k in sizes) + "  growth")
    for name, (kind, build) in CASES.items():
        fn = reader(kind)
        times = [best_time(fn, build(k), args.repeat) for k in sizes]
        # Below a millisecond the clock's noise decides; such a case grows "linearly".
        growth = (times[-1] / times[0]) / (sizes[-1] / sizes[0]) if times[0] > 1e-3 else 1.0
        rows.append(
            {"case": name, "reader": kind, "sizes": sizes, "seconds": times, "growth": growth}
        )
        cells = " ".join(f"{t * 1000:9.1f}" for t in times)
        print(f"{name:32} {kind:9} {cells}  {growth:5.2f}")
    slow = [r for r in rows if r["growth"] > args.limit]
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if slow:
        print("\nGrowing faster than linearly: " + ", ".join(r["case"] for r in slow))
        return 1
    print(f"\nAll {len(rows)} cases grow linearly (growth <= {args.limit}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
