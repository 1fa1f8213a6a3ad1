"""Shared helpers of the sync tests: real notebooks from nbdime's wheel, request counting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

NBDIME_FILES = "nbdime/tests/files"


def sample(name: str) -> bytes:
    """A notebook nbdime ships in its wheel (its own diff/merge test files), as bytes."""
    nbdime = pytest.importorskip("nbdime")
    return (Path(nbdime.__file__).parent / "tests" / "files" / name).read_bytes()


BASE = "multi_cell_nb.ipynb"
LOCAL = "multi_cell_nb--local.ipynb"
REMOTE = "multi_cell_nb--remote.ipynb"
CONFLICT = ("inline-conflict--1.ipynb", "inline-conflict--2.ipynb", "inline-conflict--3.ipynb")


def api_requests(fake: Any) -> list[dict[str, Any]]:
    """The REST requests the fake answered since its counts were reset."""
    return [r for r in fake.requests if not r["path"].startswith("/login/")]
