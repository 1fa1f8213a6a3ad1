"""``jupyter cloudshare scan``: exit codes 0/1/2, human and JSON output."""

from __future__ import annotations

import json

from jupyterlab_cloudshare.cli import main

from .cli_env import isolate_config, write_server_config
from .labelled import code, stream


def write(path, *cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return str(path)


def test_clean_notebook_exits_0(tmp_path, capsys):
    path = write(tmp_path / "clean.ipynb", code("print(1 + 1)", stream("2\n")))
    assert main(["scan", path]) == 0
    assert "No sensitive data" in capsys.readouterr().out


def test_findings_exit_1_with_one_line_each(tmp_path, capsys):
    path = write(tmp_path / "phi.ipynb", code("x", stream("SSN: 412-55-7781\nMRN: 00482913\n")))
    assert main(["scan", path]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(path)]
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}: cell 0 [SSN] ")
    assert "(/cells/0/outputs/0/text 5-16)" in lines[0]
    assert "412-55-7781" not in out


def test_unreadable_input_exits_2_and_scans_the_rest(tmp_path, capsys):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    good = write(tmp_path / "phi.ipynb", code("ssn = '412-55-7781'"))
    missing = str(tmp_path / "missing.ipynb")
    assert main(["scan", str(bad), good, missing, "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [item["notebook"] for item in report] == [str(bad), good, missing]
    assert report[0]["error"] and report[2]["error"] and report[1]["error"] is None
    (finding,) = report[1]["findings"]
    assert {"type", "severity", "cell", "path", "start", "end", "excerpt"} <= set(finding)
    assert finding["type"] == "SSN" and finding["path"] == "/cells/0/source"


def test_json_for_a_clean_notebook(tmp_path, capsys):
    path = write(tmp_path / "clean.ipynb", code("x = 1"))
    assert main(["scan", "--json", path]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"notebook": path, "error": None, "findings": []}
    ]


def test_the_admins_scanner_settings_apply_to_the_cli(tmp_path, monkeypatch, capsys):
    """A pre-commit hook scans with the organisation's own patterns and allow-lists."""
    config_dir = tmp_path / "jupyter-config"
    config_dir.mkdir()
    (config_dir / "jupyter_server_config.py").write_text(
        "c.CloudShareApp.scan_custom_patterns = "
        "[{'name': 'MRN', 'regex': r'\\bHX-\\d{6}\\b'}]\n"
        "c.CloudShareApp.scan_allow_email_domains = ['stmarys-clinic.org']\n",
        encoding="utf-8",
    )
    isolate_config(monkeypatch, tmp_path)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config_dir))
    path = write(
        tmp_path / "org.ipynb",
        code("x", stream("record HX-482913 sent to m.okafor@stmarys-clinic.org\n")),
    )

    assert main(["scan", path, "--json"]) == 1
    types = [f["type"] for f in json.loads(capsys.readouterr().out)[0]["findings"]]
    assert types == ["MRN"]

    # The command line outranks the files, as it does for jupyter server.
    assert main(["scan", path, "--json", "--CloudShareApp.scan_disabled_detectors=MRN"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["findings"] == []


def test_a_broken_pattern_stops_the_scan_naming_the_setting(tmp_path, monkeypatch, capsys):
    admin = isolate_config(monkeypatch, tmp_path)
    write_server_config(
        admin, "c.CloudShareApp.scan_custom_patterns = [{'name': 'X', 'regex': '(['}]\n"
    )
    path = write(tmp_path / "a.ipynb", code("x = 1"))
    code_ = main(["scan", path])
    err = capsys.readouterr().err
    assert code_ != 0 and "CloudShareApp.scan_custom_patterns" in err and err.count("\n") == 1
