"""/cloudshare/github/{open,status,pull,pull-request} through a real server and the fake GitHub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from tests.sharing import clear_token_env
from tests.unit.sync_env import BASE, LOCAL, REMOTE, api_requests, sample


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, fake_github: Any) -> None:
    clear_token_env(monkeypatch)
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)


@pytest.fixture
def jp_server_config(fake_github: Any) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
        "CloudShareApp": {
            "github_api_url": fake_github.api_url,
            "github_web_url": fake_github.web_url,
            "github_timeout": 5.0,
            "github_max_retries": 1,
            "share_policy": {"push": "off", "gist": "off"},
        },
    }


async def call(jp_fetch: Any, part: str, method: str = "GET", body: Any = None, **params: str):
    kwargs: dict[str, Any] = {"method": method}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    if params:
        kwargs["params"] = params
    try:
        response = await jp_fetch("cloudshare", "github", part, **kwargs)
    except HTTPClientError as err:
        assert err.response is not None
        text = err.response.body.decode()
        return err.code, json.loads(text), text
    text = response.body.decode()
    return response.code, json.loads(text), text


def gh_url(path: str, ref: str = "main") -> str:
    return f"https://github.com/octocat/hello/blob/{ref}/{path}"


async def test_open_status_pull_round_trip(jp_fetch, jp_root_dir: Path, fake_github):
    base, local, remote = sample(BASE), sample(LOCAL), sample(REMOTE)
    fake_github.commit_file("octocat", "hello", "main", "nbs/n.ipynb", base)
    (jp_root_dir / "work").mkdir()
    fake_github.reset_counts()
    code, body, text = await call(
        jp_fetch, "open", "POST", {"url": gh_url("nbs/n.ipynb"), "path": "work"}
    )
    assert code == 200, text
    assert body["path"] == "work/n.ipynb" and body["remote"]["repo"] == "octocat/hello"
    assert (jp_root_dir / "work/n.ipynb").read_bytes() == base
    assert len(api_requests(fake_github)) <= 3

    # Never over an existing file without asking.
    code, body, _ = await call(
        jp_fetch, "open", "POST", {"url": gh_url("nbs/n.ipynb"), "path": "work"}
    )
    assert code == 409 and body["error"]["details"]["path"] == "work/n.ipynb"

    fake_github.reset_counts()
    code, body, _ = await call(jp_fetch, "status", path="work/n.ipynb")
    assert (code, body["state"]) == (200, "in-sync")
    assert [r["status"] for r in api_requests(fake_github)] == [304]

    fake_github.commit_file("octocat", "hello", "main", "nbs/n.ipynb", remote)
    fake_github.reset_counts()
    code, body, _ = await call(jp_fetch, "status", path="work/n.ipynb")
    assert body["state"] == "remote-changes" and len(api_requests(fake_github)) <= 2
    fake_github.reset_counts()
    code, body, text = await call(jp_fetch, "pull", "POST", {"path": "work/n.ipynb"})
    assert code == 200, text
    assert (body["action"], body["state"]) == ("updated", "in-sync")
    assert (jp_root_dir / "work/n.ipynb").read_bytes() == remote
    assert len(api_requests(fake_github)) <= 3

    # Diverged: the local file is untouched, the remote lands beside it, with a diff.
    (jp_root_dir / "work/n.ipynb").write_bytes(local)
    fake_github.commit_file("octocat", "hello", "main", "nbs/n.ipynb", base)
    code, body, _ = await call(jp_fetch, "status", path="work/n.ipynb")
    assert body["state"] == "diverged"
    fake_github.reset_counts()
    code, body, text = await call(jp_fetch, "pull", "POST", {"path": "work/n.ipynb"})
    assert code == 200, text
    assert body["action"] == "diverged" and body["remoteCopy"] == "work/n.remote.ipynb"
    assert (jp_root_dir / "work/n.ipynb").read_bytes() == local
    assert (jp_root_dir / "work/n.remote.ipynb").read_bytes() == base
    assert body["diff"]["cells"] and len(api_requests(fake_github)) <= 3
    # Take the remote, on request.
    code, body, _ = await call(
        jp_fetch, "pull", "POST", {"path": "work/n.ipynb", "resolution": "take-remote"}
    )
    assert body["state"] == "in-sync" and (jp_root_dir / "work/n.ipynb").read_bytes() == base
    assert fake_github.token not in text + json.dumps(body)


async def test_push_goes_back_to_the_opened_file(jp_fetch, jp_root_dir, fake_github):
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(BASE))
    code, body, _ = await call(jp_fetch, "open", "POST", {"url": gh_url("n.ipynb")})
    assert code == 200 and body["path"] == "n.ipynb"
    (jp_root_dir / "n.ipynb").write_bytes(sample(LOCAL))
    response = await jp_fetch(
        "cloudshare",
        "github",
        "push",
        method="POST",
        body=json.dumps({"path": "n.ipynb", "repo": "octocat/hello"}),
    )
    pushed = json.loads(response.body)
    assert pushed["path"] == "n.ipynb" and pushed["branch"] == "main" and not pushed["created"]
    assert fake_github.read_file("octocat", "hello", "main", "n.ipynb") != sample(BASE)


async def test_open_errors_are_clear(jp_fetch, fake_github):
    code, body, _ = await call(jp_fetch, "open", "POST", {"url": "https://example.org/x"})
    assert code == 400 and body["error"]["code"] == "bad_url"
    code, body, _ = await call(jp_fetch, "open", "POST", {"url": gh_url("missing.ipynb")})
    assert code == 404
    code, body, _ = await call(jp_fetch, "open", "POST", {"url": gh_url("README.md")})
    assert code == 400 and "not a notebook" in body["error"]["message"]


async def test_status_of_unlinked_and_missing(jp_fetch, jp_root_dir, fake_github):
    (jp_root_dir / "x.ipynb").write_bytes(sample(BASE))
    fake_github.reset_counts()
    code, body, _ = await call(jp_fetch, "status", path="x.ipynb")
    assert (code, body["state"], body["remote"]) == (200, "not-linked", None)
    assert api_requests(fake_github) == []
    code, body, _ = await call(jp_fetch, "pull", "POST", {"path": "x.ipynb"})
    assert code == 400 and body["error"]["code"] == "not_linked"


async def test_pull_request_after_a_new_branch(jp_fetch, fake_github):
    fake_github.set_branch(
        "octocat", "hello", "topic", fake_github.branch_sha("octocat", "hello", "main")
    )
    fake_github.commit_file("octocat", "hello", "topic", "n.ipynb", sample(BASE))
    code, body, text = await call(
        jp_fetch,
        "pull-request",
        "POST",
        {"repo": "octocat/hello", "head": "topic", "base": "main", "message": "Add n\n\nWhy: test"},
    )
    assert code == 200, text
    assert body["number"] == 1 and body["url"].endswith("/octocat/hello/pull/1")
    pr = fake_github.pulls[("octocat", "hello")][0]
    assert (pr["head"], pr["base"], pr["title"], pr["body"]) == (
        "topic",
        "main",
        "Add n",
        "Why: test",
    )


async def test_a_push_conflict_shows_the_remote_changes(jp_fetch, jp_root_dir, fake_github):
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(BASE))
    code, _, _ = await call(jp_fetch, "open", "POST", {"url": gh_url("n.ipynb")})
    assert code == 200
    (jp_root_dir / "n.ipynb").write_bytes(sample(LOCAL))
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(REMOTE))
    code, body, _ = await call(
        jp_fetch, "push", "POST", {"path": "n.ipynb", "repo": "octocat/hello"}
    )
    assert code == 409 and body["error"]["code"] == "remote_changed"
    diff = body["error"]["details"]["diff"]
    assert diff["cellsAdded"] + diff["cellsRemoved"] + diff["cellsChanged"] >= 1
    assert all({"change", "index", "source"} <= set(c) for c in diff["cells"])
    assert fake_github.read_file("octocat", "hello", "main", "n.ipynb") == sample(REMOTE)


async def test_status_signed_out_says_so_without_an_error(
    jp_fetch, jp_root_dir, fake_github, monkeypatch
):
    fake_github.commit_file("octocat", "hello", "main", "s.ipynb", sample(BASE))
    code, body, _ = await call(jp_fetch, "open", "POST", {"url": gh_url("s.ipynb")})
    assert code == 200
    monkeypatch.delenv("GITHUB_TOKEN")
    fake_github.reset_counts()
    code, body, _ = await call(jp_fetch, "status", path="s.ipynb")
    assert (code, body["state"], body["localChanges"]) == (200, "signed-out", False)
    assert body["remote"]["repo"] == "octocat/hello" and "sign in" in body["reason"].lower()
    (jp_root_dir / "s.ipynb").write_bytes(sample(LOCAL))
    code, body, _ = await call(jp_fetch, "status", path="s.ipynb")
    assert (body["state"], body["localChanges"]) == ("signed-out", True)
    assert api_requests(fake_github) == []
    # A pull still needs the token: that is an error the user acts on.
    code, body, _ = await call(jp_fetch, "pull", "POST", {"path": "s.ipynb"})
    assert code == 401
