"""Add up the results of every test tier into one line: 'N passed, M failed'.

Reads the lint result, pytest's JUnit XML, jest's --json output and Playwright's JSON report
from the folder given; a tier whose report is missing counts as one failure.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def pytest_counts(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def jest_counts(path: Path) -> tuple[int, int, int]:
    data = json.loads(path.read_text())
    failed = data["numFailedTests"] + data.get("numRuntimeErrorTestSuites", 0)
    return data["numPassedTests"], failed, data.get("numPendingTests", 0)


def playwright_counts(path: Path) -> tuple[int, int, int]:
    stats = json.loads(path.read_text())["stats"]
    failed = stats.get("unexpected", 0) + stats.get("flaky", 0)
    return stats.get("expected", 0), failed, stats.get("skipped", 0)


def lint_counts(path: Path) -> tuple[int, int, int]:
    data = json.loads(path.read_text())
    return data["passed"], data["failed"], 0


def main(folder: str) -> int:
    base = Path(folder)
    tiers = [
        ("lint", base / "lint.json", lint_counts),
        ("pytest", base / "pytest.xml", pytest_counts),
        ("jest", base / "jest.json", jest_counts),
        ("galata", base / "galata.json", playwright_counts),
    ]
    passed = failed = skipped = 0
    for name, path, reader in tiers:
        try:
            p, f, s = reader(path)
        except (OSError, ValueError, KeyError, ET.ParseError) as err:
            print(f"{name}: no readable report ({err})")
            p, f, s = 0, 1, 0
        print(f"{name}: {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
