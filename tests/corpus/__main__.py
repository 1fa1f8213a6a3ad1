"""Print the scanner's per-type and per-format figures: ``python -m tests.corpus [--size 1]``."""

from __future__ import annotations

import argparse
import sys
import time

from . import first_corpus, format_corpus, public, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=float, default=1.0, help="format corpus scale")
    parser.add_argument("--examples", type=int, default=0, help="missed/false examples per type")
    parser.add_argument("--no-public", action="store_true", help="skip the real notebooks")
    args = parser.parse_args()
    from jupyterlab_cloudshare.core.scan import scan_notebook

    t = time.process_time()
    cases = format_corpus(size=args.size)
    report = score.evaluate(cases)
    print(f"# format corpus: {len(cases)} notebooks ({time.process_time() - t:.0f} s CPU)\n")
    print(report.table(args.examples) + "\n")
    print(report.format_table() + "\n")
    first = score.evaluate(first_corpus())
    print(f"# first corpus (tests/unit/labelled.py): {first.cases} notebooks\n")
    print(first.table(args.examples) + "\n")
    if not args.no_public:
        nbs = public.notebooks()
        flagged = [(name, scan_notebook(nb)) for name, nb in nbs]
        flagged = [(n, f) for n, f in flagged if f]
        print(f"# real PHI-free notebooks flagged: {len(flagged)} of {len(nbs)}")
        for name, findings in flagged:
            print(f"  {name}: " + "; ".join(f"{f.type}: {f.excerpt}" for f in findings[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
