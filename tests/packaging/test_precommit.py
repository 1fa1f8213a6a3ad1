"""The pre-commit hook installs and works where pre-commit runs: no Node.js needed.

pre-commit installs a hook by pip-installing this repository (a build from
source) into an environment of its own. The test runs ``pre-commit try-repo``
on this checkout with a PATH that holds no ``node``, as on a machine without
Node.js, and checks that the hook refuses a notebook with a fake SSN and
passes a clean one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _notebook(text: str) -> str:
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "code",
                    "id": "c1",
                    "metadata": {},
                    "execution_count": 1,
                    "source": "print(patient)",
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": text}],
                }
            ],
        }
    )


NODE_TOOLS = frozenset({"node", "nodejs", "npm", "npx", "yarn", "yarnpkg", "corepack", "jlpm"})


@pytest.fixture(scope="module")
def no_node_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PATH holding every command of this one except Node.js and its package managers."""
    bin_dir = tmp_path_factory.mktemp("bin")
    dirs = [Path(sys.executable).parent, *map(Path, os.environ.get("PATH", "").split(os.pathsep))]
    for folder in dirs:
        if not folder.is_dir():
            continue
        for tool in folder.iterdir():
            link = bin_dir / tool.name
            if tool.name in NODE_TOOLS or link.exists() or link.is_symlink():
                continue
            if tool.is_file() and os.access(tool, os.X_OK):
                link.symlink_to(tool)
    path = str(bin_dir)
    assert shutil.which("node", path=path) is None
    return path


def _try_repo(
    workdir: Path, path: str, home: Path, *files: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV"))}
    env.update(PATH=path, PRE_COMMIT_HOME=str(home), HOME=str(home.parent))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "cloudshare-scan",
            "--verbose",
            "--files",
            *files,
        ],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_installs_without_node_and_catches_a_notebook_with_phi(
    tmp_path: Path, no_node_path: str
) -> None:
    work = tmp_path / "project"
    work.mkdir()
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    (work / "clean.ipynb").write_text(_notebook("mean age 54.2, n=120\n"), encoding="utf-8")
    (work / "leak.ipynb").write_text(
        _notebook("name: John Smith  SSN: 219-45-6734\n"), encoding="utf-8"
    )
    subprocess.run(["git", "-C", str(work), "add", "."], check=True)
    home = tmp_path / "home" / "pre-commit"

    clean = _try_repo(work, no_node_path, home, "clean.ipynb")
    assert clean.returncode == 0, (clean.stdout + clean.stderr)[-4000:]
    assert "Passed" in clean.stdout

    leak = _try_repo(work, no_node_path, home, "leak.ipynb")
    assert leak.returncode == 1, (leak.stdout + leak.stderr)[-4000:]
    assert "Failed" in leak.stdout
    assert "SSN" in leak.stdout
    assert "219-45-6734" not in leak.stdout  # findings are masked
