"""/cloudshare/github/open and /browse/{repos,branches,notebooks}: find a notebook, open it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.handlers.test_sync_handlers import call
from tests.sharing import clear_token_env
from tests.unit.sync_env import BASE, api_requests, sample


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
        },
    }


async def test_browse_then_open_into_a_folder(jp_fetch, jp_root_dir: Path, fake_github):
    fake_github.create_repo("octocat", "secret", private=True)
    main = fake_github.branch_sha("octocat", "secret", "main")
    fake_github.set_branch("octocat", "secret", "topic/a", main)
    fake_github.commit_file("octocat", "secret", "topic/a", "nbs/n.ipynb", sample(BASE))

    code, body, text = await call(jp_fetch, "browse/repos", owner="octocat")
    assert code == 200, text
    assert [r["fullName"] for r in body["repos"]] == ["octocat/hello"]
    code, body, _ = await call(jp_fetch, "browse/repos", owner="octocat", private="1")
    assert [r["fullName"] for r in body["repos"]] == ["octocat/hello", "octocat/secret"]
    assert body["repos"][1]["private"] is True and body["nextPage"] is None

    code, body, _ = await call(jp_fetch, "browse/branches", repo="octocat/secret")
    assert code == 200 and {b["name"] for b in body["branches"]} == {"main", "topic/a"}
    fake_github.reset_counts()
    code, body, _ = await call(
        jp_fetch, "browse/notebooks", repo="octocat/secret", branch="topic/a"
    )
    assert code == 200 and [n["path"] for n in body["notebooks"]] == ["nbs/n.ipynb"]
    assert len(api_requests(fake_github)) == 1

    (jp_root_dir / "work").mkdir()
    picked = {"repo": "octocat/secret", "branch": "topic/a", "remotePath": "nbs/n.ipynb"}
    fake_github.reset_counts()
    code, body, text = await call(jp_fetch, "open", "POST", {**picked, "path": "work"})
    assert code == 200, text
    assert body["path"] == "work/n.ipynb" and body["remote"]["branch"] == "topic/a"
    assert (jp_root_dir / "work/n.ipynb").read_bytes() == sample(BASE)
    assert len(api_requests(fake_github)) <= 3
    # Never over an existing file without asking; asked, it is replaced.
    (jp_root_dir / "work/n.ipynb").write_text("mine")
    code, body, _ = await call(jp_fetch, "open", "POST", {**picked, "path": "work"})
    assert code == 409 and body["error"]["code"] == "file_exists"
    assert (jp_root_dir / "work/n.ipynb").read_text() == "mine"
    code, body, _ = await call(
        jp_fetch, "open", "POST", {**picked, "path": "work", "overwrite": True}
    )
    assert code == 200 and (jp_root_dir / "work/n.ipynb").read_bytes() == sample(BASE)
    code, body, _ = await call(jp_fetch, "status", path="work/n.ipynb")
    assert body["state"] == "in-sync"


async def test_signed_out_lists_and_opens_public_notebooks_only(
    jp_fetch, jp_root_dir, fake_github, monkeypatch
):
    monkeypatch.delenv("GITHUB_TOKEN")
    fake_github.commit_file("octocat", "hello", "main", "p.ipynb", sample(BASE))
    fake_github.create_repo("octocat", "secret", private=True, files={"s.ipynb": sample(BASE)})
    fake_github.reset_counts()
    code, body, text = await call(jp_fetch, "browse/repos", owner="octocat")
    assert code == 200, text
    assert [r["fullName"] for r in body["repos"]] == ["octocat/hello"]
    assert all(
        "authorization" not in {k.lower() for k in r["headers"]} for r in fake_github.requests
    )
    code, body, _ = await call(jp_fetch, "browse/repos", owner="octocat", private="1")
    assert code == 401
    code, body, _ = await call(jp_fetch, "browse/notebooks", repo="octocat/hello", branch="main")
    assert [n["path"] for n in body["notebooks"]] == ["p.ipynb"]
    code, body, _ = await call(
        jp_fetch,
        "open",
        "POST",
        {"repo": "octocat/hello", "branch": "main", "remotePath": "p.ipynb"},
    )
    assert code == 200 and (jp_root_dir / "p.ipynb").read_bytes() == sample(BASE)
    code, body, _ = await call(
        jp_fetch,
        "open",
        "POST",
        {"repo": "octocat/secret", "branch": "main", "remotePath": "s.ipynb"},
    )
    assert code == 404 and not (jp_root_dir / "s.ipynb").exists()


async def test_browse_input_errors_are_clear(jp_fetch, fake_github):
    code, body, _ = await call(jp_fetch, "browse/repos", owner="no such owner")
    assert code == 400 and body["error"]["code"] == "bad_owner"
    code, body, _ = await call(jp_fetch, "browse/repos", owner="nobody")
    assert code == 404 and "nobody" in body["error"]["message"]
    code, body, _ = await call(jp_fetch, "browse/repos", owner="octocat", page="0")
    assert code == 400
    code, body, _ = await call(jp_fetch, "browse/notebooks", repo="octocat/hello", branch="gone")
    assert code == 404
    code, body, _ = await call(jp_fetch, "open", "POST", {"repo": "octocat/hello"})
    assert code == 400
    # A folder that does not exist is not taken as the notebook's new name.
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(BASE))
    picked = {"repo": "octocat/hello", "branch": "main", "remotePath": "n.ipynb"}
    code, body, _ = await call(jp_fetch, "open", "POST", {**picked, "path": "no/such/dir"})
    assert code == 404 and "no/such/dir" in body["error"]["message"]
