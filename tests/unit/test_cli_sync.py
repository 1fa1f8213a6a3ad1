"""``jupyter cloudshare open | status | pull`` and ``push --pull-request``, by subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.sharing import clear_token_env

from .cli_env import isolate_config, write_server_config
from .sync_env import BASE, LOCAL, REMOTE, api_requests, sample


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_github: Any) -> dict[str, str]:
    clear_token_env(monkeypatch)
    admin = isolate_config(monkeypatch, tmp_path)
    write_server_config(admin, f"c.CloudShareApp.github_api_url = {fake_github.api_url!r}\n")
    env = dict(os.environ)
    env.update(JUPYTER_DATA_DIR=str(tmp_path / "data"), GITHUB_TOKEN=fake_github.token)
    # This checkout's package, whatever the editable install points at.
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    # In-process runs (most of them: a subprocess costs seconds here) see the same.
    monkeypatch.setenv("JUPYTER_DATA_DIR", env["JUPYTER_DATA_DIR"])
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    monkeypatch.chdir(tmp_path)
    return env


class Done:
    """What an in-process run gave: the same fields as a CompletedProcess."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def inproc(capsys: pytest.CaptureFixture[str], *argv: str) -> Done:
    from jupyterlab_cloudshare.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return Done(code, out, err)


def cli(env: dict[str, str], cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jupyterlab_cloudshare.cli", *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def gh(path: str, ref: str = "main") -> str:
    return f"https://github.com/octocat/hello/blob/{ref}/{path}"


def test_open_status_pull_exit_codes(cli_env, tmp_path, fake_github, capsys):
    token = fake_github.token
    base, local, remote = sample(BASE), sample(LOCAL), sample(REMOTE)
    fake_github.commit_file("octocat", "hello", "main", "d/n.ipynb", base)
    (tmp_path / "work").mkdir()
    outputs: list[str] = []

    def run(*argv: str, subprocess: bool = False) -> Any:
        done = cli(cli_env, tmp_path, *argv) if subprocess else inproc(capsys, *argv)
        outputs.extend([done.stdout, done.stderr])
        return done

    fake_github.reset_counts()
    done = run("open", gh("d/n.ipynb"), "-o", "work", "--json", subprocess=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["path"] == "work/n.ipynb" and result["remote"]["path"] == "d/n.ipynb"
    assert (tmp_path / "work/n.ipynb").read_bytes() == base
    assert len(api_requests(fake_github)) <= 3
    # An existing file: one line, non-zero, untouched.
    done = run("open", gh("d/n.ipynb"), "-o", "work/n.ipynb")
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "already exists" in done.stderr
    done = run("open", "https://example.org/nothing")
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    done = run("open", gh("nope.ipynb"))
    assert done.returncode == 1 and "not found" in done.stderr

    fake_github.reset_counts()
    done = run("status", "work/n.ipynb", "--json")
    assert json.loads(done.stdout) == [
        {"notebook": "work/n.ipynb", "state": "in-sync", "remote": result["remote"]}
    ]
    assert len(api_requests(fake_github)) == 1

    fake_github.commit_file("octocat", "hello", "main", "d/n.ipynb", remote)
    done = run("status", "work/n.ipynb")
    assert done.stdout.strip() == "work/n.ipynb: remote-changes"
    fake_github.reset_counts()
    done = run("pull", "work/n.ipynb", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["action"] == "updated"
    assert (tmp_path / "work/n.ipynb").read_bytes() == remote
    assert len(api_requests(fake_github)) <= 3

    # Diverged: exit 3, the local file byte for byte, the remote beside it.
    (tmp_path / "work/n.ipynb").write_bytes(local)
    fake_github.commit_file("octocat", "hello", "main", "d/n.ipynb", base)
    done = run("pull", "work/n.ipynb", "--json", subprocess=True)
    assert done.returncode == 3, done.stderr
    assert (tmp_path / "work/n.ipynb").read_bytes() == local
    assert (tmp_path / "work/n.remote.ipynb").read_bytes() == base
    assert json.loads(done.stdout)["remoteCopy"] == "work/n.remote.ipynb"

    # Remote missing: exit 4, untouched.
    fake_github.delete_file("octocat", "hello", "main", "d/n.ipynb")
    done = run("pull", "work/n.ipynb", subprocess=True)
    assert done.returncode == 4 and (tmp_path / "work/n.ipynb").read_bytes() == local
    done = run("status", "work/n.ipynb", "nowhere.ipynb")
    assert done.returncode == 1
    (tmp_path / "other.ipynb").write_bytes(base)
    done = run("status", "other.ipynb", "work/n.ipynb", "--json")
    assert [s["state"] for s in json.loads(done.stdout)] == ["not-linked", "remote-missing"]
    assert all(token not in text for text in outputs)


def test_enterprise_url_and_api_url(cli_env, tmp_path, fake_github, capsys):
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(BASE))
    # The fake's own web host, read as an Enterprise host: its /api/v3 root.
    url = f"{fake_github.web_url}/octocat/hello/blob/main/n.ipynb"
    done = inproc(capsys, "open", url, "--api-url", fake_github.enterprise_api_url, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["remote"]["apiUrl"] == fake_github.enterprise_api_url
    fake_github.reset_counts()
    done = inproc(capsys, "status", "n.ipynb", "--json")
    assert json.loads(done.stdout)[0]["state"] == "in-sync"
    assert [r["path"] for r in api_requests(fake_github)] == [
        "/api/v3/repos/octocat/hello/contents/n.ipynb"
    ]


def test_open_a_gist(cli_env, tmp_path, fake_github, capsys):
    from jupyterlab_cloudshare.core.github import GitHubClient

    client = GitHubClient(fake_github.token, fake_github.api_url)
    data = client.request(
        "POST", "/gists", body={"files": {"n.ipynb": {"content": sample(BASE).decode()}}}
    ).json()
    done = inproc(capsys, "open", f"https://gist.github.com/octocat/{data['id']}", "--json")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "n.ipynb").read_bytes() == sample(BASE)
    fake_github.edit_gist(data["id"], {"n.ipynb": sample(REMOTE).decode()})
    done = inproc(capsys, "pull", "n.ipynb")
    assert done.returncode == 0 and (tmp_path / "n.ipynb").read_bytes() == sample(REMOTE)


def test_push_to_a_new_branch_with_a_pull_request(cli_env, tmp_path, fake_github, capsys):
    (tmp_path / "n.ipynb").write_bytes(sample(BASE))
    done = inproc(
        capsys,
        "push",
        "n.ipynb",
        "--repo",
        "octocat/hello",
        "--branch",
        "topic",
        "--pull-request",
        "--message",
        "Add a notebook\n\nFor review",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["pullRequest"]["number"] == 1
    assert result["pullRequest"]["url"].endswith("/octocat/hello/pull/1")
    pr = fake_github.pulls[("octocat", "hello")][0]
    assert (pr["head"], pr["base"], pr["title"]) == ("topic", "main", "Add a notebook")
    # The push linked the notebook: in sync now.
    done = inproc(capsys, "status", "n.ipynb")
    assert done.stdout.strip() == "n.ipynb: in-sync"


def test_github_failures_exit_1_never_a_pull_answer(cli_env, tmp_path, fake_github, capsys):
    """3 and 4 are pull's answers (diverged, remote missing): a failure is 1, on one line."""
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(BASE))
    done = inproc(capsys, "open", gh("n.ipynb"))
    assert done.returncode == 0, done.stderr
    local = (tmp_path / "n.ipynb").read_bytes()
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(REMOTE))

    # GitHub failing (every retry of the read answered 502).
    fake_github.fail_next(502, count=20, path_regex="/contents/")
    for argv in (("pull", "n.ipynb"), ("status", "n.ipynb"), ("open", gh("n.ipynb"), "-o", "x")):
        done = inproc(capsys, *argv)
        assert done.returncode == 1, (argv, done.stderr)
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("jupyter cloudshare ")
    fake_github.faults.clear()
    assert (tmp_path / "n.ipynb").read_bytes() == local

    # No access: a private repository of someone else (GitHub answers 404).
    fake_github.add_user("hubot", "ghp_" + "h" * 36)
    fake_github.create_repo("hubot", "secret", private=True, files={"s.ipynb": sample(BASE)})
    done = inproc(capsys, "open", "https://github.com/hubot/secret/blob/main/s.ipynb")
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert not (tmp_path / "s.ipynb").exists()

    # A revoked token: one line, exit 1, and the token is never printed.
    token = fake_github.token
    fake_github.tokens.pop(token)
    done = inproc(capsys, "pull", "n.ipynb")
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert token not in done.stderr + done.stdout
    assert (tmp_path / "n.ipynb").read_bytes() == local


def test_open_without_a_token_reads_public_notebooks_only(
    cli_env, tmp_path, fake_github, capsys, monkeypatch
):
    fake_github.commit_file("octocat", "hello", "main", "p.ipynb", sample(BASE))
    fake_github.create_repo("octocat", "secret", private=True, files={"s.ipynb": sample(BASE)})
    monkeypatch.delenv("GITHUB_TOKEN")
    fake_github.reset_counts()
    done = inproc(capsys, "open", gh("p.ipynb"), "--json")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "p.ipynb").read_bytes() == sample(BASE)
    assert all(r["headers"].get("Authorization") is None for r in api_requests(fake_github))
    done = inproc(capsys, "open", "https://github.com/octocat/secret/blob/main/s.ipynb")
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert not (tmp_path / "s.ipynb").exists()
