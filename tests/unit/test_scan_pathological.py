"""Inputs built to trip a careless reader are read without error and hide nothing after them.

An exported one keeps its text, and gives valid Python when the cell was valid Python.

How long they take, and that the time grows linearly with their size, is measured by
``benchmarks/bench_pathological.py`` on the same inputs (``tests/pathological.py``).
"""

from __future__ import annotations

import ast

import pytest

from jupyterlab_cloudshare.core.scan import scan_notebook, scan_text
from jupyterlab_cloudshare.core.scan.context import cell_context

from ..pathological import CASES, as_notebook, reader

SSN = "536-22-8726"
TAIL = f"\n\nPatient SSN: {SSN}\n"


SCANNED = ("formats", "tables", "notebook", "notes", "secrets", "address")


@pytest.mark.parametrize("name", sorted(n for n, (r, _) in CASES.items() if r in SCANNED))
def test_a_value_after_a_pathological_input_is_still_found(name: str) -> None:
    kind, build = CASES[name]
    text = build(1)
    reader(kind)(text)  # the reader alone: no error
    text += TAIL
    if kind == "notebook":
        findings = scan_notebook(as_notebook(text))
        streams = [f for f in findings if f.type == "SSN" and f.path.endswith("/outputs/0/text")]
        assert streams and streams[-1].start == text.index(SSN)
    else:
        assert any(h.type == "SSN" and text[h.start : h.end] == SSN for h in scan_text(text))


@pytest.mark.parametrize("name", sorted(n for n, (r, _) in CASES.items() if r == "context"))
def test_a_pathological_cell_source_gives_no_context(name: str) -> None:
    assert not cell_context(CASES[name][1](1))


@pytest.mark.parametrize("name", sorted(n for n, (r, _) in CASES.items() if r.startswith("export")))
def test_a_pathological_cell_exports_to_valid_python(name: str) -> None:
    kind, build = CASES[name]
    source = build(1)
    text = reader(kind)(source)
    assert isinstance(text, str)
    try:
        ast.parse(source)
    except SyntaxError:
        pass  # what was not Python (an indented line) need not become Python
    else:
        ast.parse(text)
    if source.strip():
        assert source.strip()[-1] in text.rstrip()[-3:]
