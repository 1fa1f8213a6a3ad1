"""``jupyter cloudshare push`` / ``gist`` against the fake GitHub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_cloudshare.cli import main
from jupyterlab_cloudshare.core.credentials import TokenStore
from tests.sharing import clear_token_env, one_cell_notebook

from .cli_env import isolate_config, write_server_config

#: Push the ``nb`` fixture to the fake's octocat/hello.
PUSH = ("push", "demo.ipynb", "--repo", "octocat/hello")


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_github: Any) -> None:
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    clear_token_env(monkeypatch)
    admin = isolate_config(monkeypatch, tmp_path)
    write_server_config(admin, f"c.CloudShareApp.github_api_url = {fake_github.api_url!r}\n")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def nb(tmp_path: Path) -> Path:
    path = tmp_path / "demo.ipynb"
    path.write_text(json.dumps(one_cell_notebook()))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_push_prints_the_result_and_lands(capsys, fake_github, nb, token):
    code, out, err = run(capsys, *PUSH, "--colab-link", "--message", "from the CLI")
    assert code == 0, err
    result = json.loads(out)
    assert result["path"] == "demo.ipynb" and result["branch"] == "main"
    assert result["commitSha"] == fake_github.branch_sha("octocat", "hello", "main")
    assert fake_github.commit_log("octocat", "hello", "main")[0]["message"] == "from the CLI"
    pushed = json.loads(fake_github.read_file("octocat", "hello", "main", "demo.ipynb"))
    assert result["colabUrl"] in pushed["cells"][0]["source"]
    assert fake_github.token not in out + err


def test_a_conflict_is_one_line_and_exit_2(capsys, fake_github, nb, monkeypatch):
    monkeypatch.setenv("GH_TOKEN", fake_github.token)
    fake_github.commit_file("octocat", "hello", "main", "demo.ipynb", "theirs")
    code, out, err = run(capsys, "push", str(nb), "--repo", "octocat/hello")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "changed on GitHub" in err
    assert fake_github.read_file("octocat", "hello", "main", "demo.ipynb") == b"theirs"
    code, out, _ = run(capsys, "push", str(nb), "--repo", "octocat/hello", "--force")
    assert code == 0 and fake_github.forced_updates == []


def test_the_stored_token_and_a_new_branch(capsys, fake_github, nb):
    TokenStore().set(fake_github.api_url, fake_github.token)
    code, out, err = run(
        capsys, *PUSH, "--branch", "topic", "--new-branch-from", "main", "--path", "x/y.ipynb"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["newBranch"] is True and result["path"] == "x/y.ipynb"
    assert fake_github.read_file("octocat", "hello", "topic", "x/y.ipynb") is not None


def test_no_token_says_how_to_sign_in(capsys, nb):
    code, out, err = run(capsys, *PUSH)
    assert code == 2 and out == ""
    assert "GITHUB_TOKEN" in err and err.count("\n") == 1


def test_a_bad_token_never_shows_up(capsys, nb, monkeypatch):
    bad = "ghp_" + "b" * 36
    monkeypatch.setenv("GITHUB_TOKEN", bad)
    code, out, err = run(capsys, "gist", "demo.ipynb")
    assert code == 2
    assert "sign in again" in err and bad not in out + err


def test_gist_created_then_updated_in_place(capsys, fake_github, nb, token):
    code, out, err = run(capsys, "gist", "demo.ipynb", "--public")
    assert code == 0, err
    first = json.loads(out)
    assert fake_github.gists[first["gistId"]]["public"] is True
    nb.write_text(json.dumps(one_cell_notebook("print('v2')")))
    code, out, _ = run(capsys, "gist", "demo.ipynb")
    second = json.loads(out)
    assert second["gistId"] == first["gistId"] and second["created"] is False
    assert "v2" in fake_github.gists[first["gistId"]]["files"]["demo.ipynb"]


def test_api_url_option_reaches_enterprise(capsys, fake_github, nb, token):
    code, out, err = run(capsys, *PUSH, "--api-url", fake_github.enterprise_api_url, "--colab-link")
    assert code == 0, err
    assert json.loads(out)["colabUrl"] is None
    assert fake_github.request_count(path_regex=r"^/api/v3/") >= 1


def test_a_missing_notebook_is_one_line(capsys):
    code, _out, err = run(capsys, "push", "nope.ipynb", "--repo", "octocat/hello")
    assert code == 2 and "no such file" in err


def test_secrets_are_refused_with_the_acknowledge_hint(capsys, fake_github, tmp_path, token):
    (tmp_path / "leak.ipynb").write_text(
        json.dumps(one_cell_notebook("k = 'AKIAIOSFODNN7EXAMPLQ'"))
    )
    fake_github.reset_counts()
    code, _out, err = run(capsys, "push", "leak.ipynb", "--repo", "octocat/hello")
    assert code == 2 and "--acknowledge" in err and "--no-outputs" in err
    assert fake_github.request_count() == 0
