"""``jupyter cloudshare links``: output forms and exit codes on real repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyterlab_cloudshare.cli import main
from tests.gitrepos import add_notebook, git, make_repo

pytestmark = pytest.mark.usefixtures("links_env")


@pytest.fixture
def pushed(tmp_path: Path) -> Path:
    return add_notebook(make_repo(tmp_path), "nbs/my nb.ipynb")


def test_human_output_one_line_per_target(pushed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", str(pushed), "--target", "colab", "--target", "nbviewer"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "colab: https://colab.research.google.com/github/octo/demo/blob/main/nbs/my%20nb.ipynb",
        "nbviewer: https://nbviewer.org/github/octo/demo/blob/main/nbs/my%20nb.ipynb",
    ]


def test_json_output_shape_and_default_targets(
    pushed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["links", str(pushed), "--json", "--hub-url", "https://hub.example.org"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["target"] for i in items][:2] == ["colab", "binder"]
    assert "nbgitpuller" in [i["target"] for i in items]
    for item in items:
        assert set(item) == {"target", "url", "badge_markdown", "badge_html"}
        assert item["url"] in item["badge_markdown"]


def test_pin_commit_and_binder_url(pushed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sha = git(pushed.parent.parent, "rev-parse", "HEAD").strip()
    args = ["links", str(pushed), "--target", "binder", "--pin-commit"]
    assert main([*args, "--binder-url", "https://binder.example.org"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"binder: https://binder.example.org/v2/gh/octo/demo/{sha}?labpath=")


def test_relative_path_works(
    pushed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pushed.parent)
    assert main(["links", pushed.name, "--target", "colab"]) == 0
    assert "nbs/my%20nb.ipynb" in capsys.readouterr().out


def test_modified_notebook_fails_with_reason(
    pushed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pushed.write_text('{"changed": 1}\n')
    assert main(["links", str(pushed)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "not committed" in captured.err and "--allow-unpushed" in captured.err


def test_allow_unpushed_prints_links(pushed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_notebook(pushed.parent.parent, "nbs/my nb.ipynb", push=False, content='{"v": 2}\n')
    assert main(["links", str(pushed), "--target", "colab"]) == 1
    capsys.readouterr()
    assert main(["links", str(pushed), "--target", "colab", "--allow-unpushed"]) == 0
    assert capsys.readouterr().out.startswith("colab: https://colab.research.google.com/")


def test_not_in_git_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = tmp_path / "loose.ipynb"
    nb.write_text("{}\n")
    assert main(["links", str(nb)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not in a git repository" in err


def test_no_github_remote_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = add_notebook(make_repo(tmp_path, "https://gitlab.com/octo/demo.git"), "nb.ipynb")
    assert main(["links", str(nb)]) == 2
    assert "GitHub" in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", str(tmp_path / "nope.ipynb")]) == 2
    assert "nope.ipynb" in capsys.readouterr().err


def test_enterprise_host_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = add_notebook(make_repo(tmp_path, "git@ghe.example.org:team/proj.git"), "nb.ipynb")
    assert main(["links", str(nb)]) == 2
    capsys.readouterr()
    args = ["links", str(nb), "--github-host", "ghe.example.org"]
    assert main([*args, "--hub-url", "https://hub.example.org", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["target"] for i in items] == ["nbgitpuller"]


def test_unknown_target_is_rejected(pushed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["links", str(pushed), "--target", "myspace"])
    assert info.value.code == 2
    assert "myspace" in capsys.readouterr().err
