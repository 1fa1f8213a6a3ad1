"""jupyter cloudshare export: files beside notebooks, stdout, failures, no partial files."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from jupyterlab_cloudshare.cli import main

from .notebooks import code, md, notebook, to_bytes

NB = notebook(md("Title"), code("!pip install x\nx = 1"))


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.ipynb"
    path.write_bytes(to_bytes(NB))
    return path


def test_writes_script_beside_notebook(good):
    assert main(["export", str(good)]) == 0
    text = (good.parent / "good.py").read_text(encoding="utf-8")
    assert "# !pip install x" in text
    ast.parse(text)


def test_several_notebooks_one_bad(tmp_path, good, capsys):
    other = tmp_path / "other.ipynb"
    other.write_bytes(to_bytes(notebook(code("y = 2"))))
    bad = tmp_path / "bad.ipynb"
    bad.write_bytes(b"{truncated")
    code_ = main(["export", str(good), str(bad), str(other), "--format", "percent"])
    assert code_ == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"jupyter cloudshare export: {bad}: ")
    assert "Traceback" not in err[0]
    assert not (tmp_path / "bad.py").exists()
    assert (tmp_path / "good.py").read_text().startswith("# %% [markdown]")
    assert (tmp_path / "other.py").read_text() == "# %%\ny = 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bad.ipynb",
        "good.ipynb",
        "good.py",
        "other.ipynb",
        "other.py",
    ]


def test_missing_file_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nope.ipynb")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err


def test_stdout(good, capsys):
    assert main(["export", str(good), "-o", "-", "-f", "script"]) == 0
    out = capsys.readouterr().out
    assert "get_ipython().system('pip install x')" in out
    assert not (good.parent / "good.py").exists()


def test_output_file_and_overwrite(good, tmp_path):
    target = tmp_path / "out.py"
    target.write_text("old")
    assert main(["export", str(good), "-o", str(target)]) == 0
    assert "x = 1" in target.read_text()


def test_output_with_several_notebooks_is_refused(good, capsys):
    assert main(["export", str(good), str(good), "-o", "x.py"]) == 2
    assert "single notebook" in capsys.readouterr().err


def test_output_dir(good, tmp_path):
    out = tmp_path / "scripts"
    out.mkdir()
    assert main(["export", str(good), "--output-dir", str(out)]) == 0
    assert (out / "good.py").exists()


def test_unwritable_target_fails_cleanly(good, tmp_path, capsys):
    assert main(["export", str(good), "-o", str(tmp_path / "no" / "dir" / "x.py")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err


def test_python_m_entry_point(good):
    result = subprocess.run(
        [sys.executable, "-m", "jupyterlab_cloudshare.cli", "export", str(good), "-o", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# -*- coding: utf-8 -*-")
