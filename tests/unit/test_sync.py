"""core/sync: open from GitHub, every sync state and the pull plan, against the fake GitHub."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jupyterlab_cloudshare.core.errors import GitHubError, InvalidRequestError
from jupyterlab_cloudshare.core.ghurl import parse_github_url
from jupyterlab_cloudshare.core.github import GitHubClient, blob_sha
from jupyterlab_cloudshare.core.state import ShareStore, last_record
from jupyterlab_cloudshare.core.sync import (
    fetch,
    linked,
    plan_pull,
    refresh_etag,
    remember_link,
    remote_copy_path,
    sync_status,
)

from .sync_env import BASE, CONFLICT, LOCAL, REMOTE, api_requests, sample


@pytest.fixture
def client(fake_github: Any) -> GitHubClient:
    return GitHubClient(fake_github.token, fake_github.api_url, retry_base_delay=0)


@pytest.fixture
def store(tmp_path) -> ShareStore:
    return ShareStore(tmp_path / "shares.json")


def _open(client, fake, url: str, store: ShareStore, key: str = "nb.ipynb"):
    remote = fetch(client, parse_github_url(url))
    remember_link(store, key, remote.link, remote.data)
    return remote


def url(fake: Any, path: str, ref: str = "main", repo: str = "octocat/hello") -> str:
    return f"https://github.com/{repo}/blob/{ref}/{path}"


def test_open_every_form_gives_the_remote_bytes(fake_github, client):
    data = sample(BASE)
    fake_github.commit_file("octocat", "hello", "main", "dir/My nb é.ipynb", data)
    forms = [
        "https://github.com/octocat/hello/blob/main/dir/My%20nb%20%C3%A9.ipynb",
        "https://raw.githubusercontent.com/octocat/hello/main/dir/My%20nb%20%C3%A9.ipynb",
        "https://raw.githubusercontent.com/octocat/hello/refs/heads/main/dir/My nb é.ipynb",
        "https://colab.research.google.com/github/octocat/hello/blob/main/dir/My%20nb%20%C3%A9.ipynb",
        "https://nbviewer.org/github/octocat/hello/blob/main/dir/My%20nb%20%C3%A9.ipynb?flush=1",
        f"{fake_github.web_url}/octocat/hello/blob/main/dir/My%20nb%20%C3%A9.ipynb#x",
    ]
    for form in forms:
        fake_github.reset_counts()
        remote = fetch(client, parse_github_url(form))
        assert remote.data == data and remote.name == "My nb é.ipynb"
        assert remote.link["path"] == "dir/My nb é.ipynb" and remote.link["branch"] == "main"
        assert remote.link["blobSha"] == blob_sha(data)
        assert len(api_requests(fake_github)) <= 3


def test_a_branch_with_slashes_costs_one_lookup(fake_github, client):
    head = fake_github.branch_sha("octocat", "hello", "main")
    fake_github.set_branch("octocat", "hello", "feature/x", head)
    fake_github.set_branch("octocat", "hello", "feature", head)
    fake_github.commit_file("octocat", "hello", "feature/x", "sub/n.ipynb", sample(LOCAL))
    fake_github.reset_counts()
    remote = fetch(client, parse_github_url(url(fake_github, "sub/n.ipynb", "feature/x")))
    assert remote.data == sample(LOCAL) and remote.link["branch"] == "feature/x"
    assert [r["path"] for r in api_requests(fake_github)] == [
        "/repos/octocat/hello/git/matching-refs/heads/feature",
        "/repos/octocat/hello/contents/sub/n.ipynb",
    ]


def test_a_private_repository_and_a_file_over_one_megabyte(fake_github, client, monkeypatch):
    fake_github.create_repo("octocat", "secret", private=True)
    data = sample(REMOTE)
    fake_github.commit_file("octocat", "secret", "main", "n.ipynb", data)
    monkeypatch.setattr(fake_github, "inline_limit", 100)  # contents API leaves it out
    fake_github.reset_counts()
    remote = fetch(client, parse_github_url(url(fake_github, "n.ipynb", repo="octocat/secret")))
    assert remote.data == data
    assert [r["path"].split("/")[-2] for r in api_requests(fake_github)] == ["contents", "blobs"]
    anonymous = GitHubClient(None, fake_github.api_url, retry_base_delay=0)
    with pytest.raises(GitHubError) as info:
        fetch(anonymous, parse_github_url(url(fake_github, "n.ipynb", repo="octocat/secret")))
    assert info.value.status == 404


def test_missing_file_and_folder_are_clear(fake_github, client):
    with pytest.raises(GitHubError, match="not found") as info:
        fetch(client, parse_github_url(url(fake_github, "nope.ipynb")))
    assert fake_github.token not in info.value.message
    fake_github.commit_file("octocat", "hello", "main", "d/x.ipynb", sample(BASE))
    with pytest.raises(InvalidRequestError, match="folder"):
        fetch(client, parse_github_url(url(fake_github, "d")))


def _gist(fake: Any, client: GitHubClient, content: bytes) -> str:
    data = client.request(
        "POST",
        "/gists",
        body={"files": {"a.py": {"content": "x = 1\n"}, "n.ipynb": {"content": content.decode()}}},
    ).json()
    return str(data["id"])


def test_open_a_gist_and_one_of_its_revisions(fake_github, client):
    gid = _gist(fake_github, client, sample(BASE))
    first = fake_github.gists[gid]["history"][0]["version"]
    fake_github.edit_gist(gid, {"n.ipynb": sample(REMOTE).decode()})
    for form in (
        f"https://gist.github.com/octocat/{gid}",
        f"https://colab.research.google.com/gist/octocat/{gid}",
    ):
        remote = fetch(client, parse_github_url(form))
        assert remote.data == sample(REMOTE) and remote.name == "n.ipynb"
    old = fetch(client, parse_github_url(f"https://gist.github.com/octocat/{gid}/{first}"))
    assert old.data == sample(BASE) and old.link["revision"] == first


# ---- status -------------------------------------------------------------------------------
def _status(client, store, key, local):
    link = linked(store, key)
    status = sync_status(client, link, local)
    refresh_etag(store, key, status)
    return status


def test_every_state_of_a_repository_link(fake_github, client, store):
    base, local, remote = sample(BASE), sample(LOCAL), sample(REMOTE)
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", base)
    _open(client, fake_github, url(fake_github, "n.ipynb"), store)
    assert last_record(store, "nb.ipynb", "push", fake_github.api_url)["blobSha"] == blob_sha(base)

    fake_github.reset_counts()
    assert _status(client, store, "nb.ipynb", base).state == "in-sync"
    # Nothing changed: one conditional request answered 304.
    assert [r["status"] for r in api_requests(fake_github)] == [304]
    assert api_requests(fake_github)[0]["headers"].get("If-None-Match")

    assert _status(client, store, "nb.ipynb", local).state == "local-changes"
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", remote)
    fake_github.reset_counts()
    assert _status(client, store, "nb.ipynb", base).state == "remote-changes"
    assert _status(client, store, "nb.ipynb", local).state == "diverged"
    assert len(api_requests(fake_github)) == 2
    # Someone puts the file back as it was: in sync again.
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", base)
    assert _status(client, store, "nb.ipynb", base).state == "in-sync"
    # The same edit made on both sides is not a divergence.
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", local)
    assert _status(client, store, "nb.ipynb", local).state == "in-sync"


def test_a_save_that_only_rewrites_metadata_is_no_local_change(fake_github, client, store):
    """JupyterLab's save adds the kernel's language_info and lays the JSON out anew."""
    base = sample(BASE)
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", base)
    _open(client, fake_github, url(fake_github, "n.ipynb"), store)
    nb = json.loads(base)
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.2"}
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]).splitlines(keepends=True)
    resaved = json.dumps(nb, indent=2, sort_keys=True).encode()
    assert resaved != base
    assert _status(client, store, "nb.ipynb", resaved).state == "in-sync"
    # A pull on a remote change replaces it: nothing a reader saw is lost.
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", sample(REMOTE))
    link = linked(store, "nb.ipynb")
    assert plan_pull(client, link, resaved).action == "updated"
    # Changed source or outputs are local changes.
    edited = json.loads(resaved)
    edited["cells"][0]["source"] = ["changed here"]
    assert _status(client, store, "nb.ipynb", json.dumps(edited).encode()).state == "diverged"
    ran = json.loads(resaved)
    code = next(c for c in ran["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["42\n"]}]
    assert _status(client, store, "nb.ipynb", json.dumps(ran).encode()).state == "diverged"


def test_deleted_file_deleted_branch_and_force_push(fake_github, client, store):
    base = sample(BASE)
    head = fake_github.branch_sha("octocat", "hello", "main")
    fake_github.set_branch("octocat", "hello", "topic", head)
    first = fake_github.commit_file("octocat", "hello", "topic", "n.ipynb", base)
    _open(client, fake_github, url(fake_github, "n.ipynb", "topic"), store)
    fake_github.delete_file("octocat", "hello", "topic", "n.ipynb")
    st = _status(client, store, "nb.ipynb", base)
    assert (st.state, st.reason) == ("remote-missing", "file deleted")
    # History rewritten back to the commit that has the file: in sync.
    fake_github.set_branch("octocat", "hello", "topic", first)
    assert _status(client, store, "nb.ipynb", base).state == "in-sync"
    # Force-pushed to an unrelated history with another version of the file.
    fake_github.set_branch("octocat", "hello", "topic", head)
    fake_github.commit_file("octocat", "hello", "topic", "n.ipynb", sample(REMOTE))
    assert _status(client, store, "nb.ipynb", base).state == "remote-changes"
    fake_github.delete_branch("octocat", "hello", "topic")
    st = _status(client, store, "nb.ipynb", base)
    assert (st.state, st.reason) == ("remote-missing", "branch deleted")


def test_not_linked_costs_nothing(fake_github, client, store):
    fake_github.reset_counts()
    assert sync_status(client, linked(store, "x.ipynb"), b"{}").state == "not-linked"
    assert api_requests(fake_github) == []


def test_every_state_of_a_gist_link(fake_github, client, store):
    base = sample(BASE)
    gid = _gist(fake_github, client, base)
    _open(client, fake_github, f"https://gist.github.com/octocat/{gid}", store)
    fake_github.reset_counts()
    assert _status(client, store, "nb.ipynb", base).state == "in-sync"
    assert [r["status"] for r in api_requests(fake_github)] == [304]
    # Another file of the gist changes: the notebook is still in sync.
    fake_github.edit_gist(gid, {"a.py": "x = 2\n"})
    assert _status(client, store, "nb.ipynb", base).state == "in-sync"
    fake_github.edit_gist(gid, {"n.ipynb": sample(REMOTE).decode()})
    assert _status(client, store, "nb.ipynb", base).state == "remote-changes"
    assert _status(client, store, "nb.ipynb", sample(LOCAL)).state == "diverged"
    del fake_github.gists[gid]
    assert _status(client, store, "nb.ipynb", base).state == "remote-missing"


# ---- pull ---------------------------------------------------------------------------------
def test_pull_plans(fake_github, client, store):
    base, local, remote = sample(BASE), sample(LOCAL), sample(REMOTE)
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", base)
    _open(client, fake_github, url(fake_github, "n.ipynb"), store)
    assert plan_pull(client, linked(store, "nb.ipynb"), base).action == "none"
    assert plan_pull(client, linked(store, "nb.ipynb"), local).action == "none"
    fake_github.commit_file("octocat", "hello", "main", "n.ipynb", remote)
    fake_github.reset_counts()
    plan = plan_pull(client, linked(store, "nb.ipynb"), base)
    assert plan.action == "updated" and plan.data == remote
    assert plan.link["blobSha"] == blob_sha(remote)
    assert len(api_requests(fake_github)) <= 3
    fake_github.reset_counts()
    plan = plan_pull(client, linked(store, "nb.ipynb"), local)
    assert plan.action == "diverged" and plan.data == remote
    assert len(api_requests(fake_github)) <= 3
    diff = plan.diff
    assert diff is not None and diff["cellsAdded"] + diff["cellsRemoved"] + diff["cellsChanged"] > 0
    # nbdime's own three-way example merges cleanly: both sides' changes are in it.
    assert plan.merged is not None
    merged = [c["source"] for c in plan.merged["cells"]]
    assert merged not in ([c["source"] for c in json.loads(n)["cells"]] for n in (local, remote))
    remember_link(store, "nb.ipynb", plan.link, remote)
    assert _status(client, store, "nb.ipynb", remote).state == "in-sync"


def test_a_conflicting_divergence_offers_no_merge(fake_github, client, store):
    base, local, remote = (sample(n) for n in CONFLICT)
    fake_github.commit_file("octocat", "hello", "main", "c.ipynb", base)
    _open(client, fake_github, url(fake_github, "c.ipynb"), store)
    fake_github.commit_file("octocat", "hello", "main", "c.ipynb", remote)
    plan = plan_pull(client, linked(store, "nb.ipynb"), local)
    assert plan.action == "diverged" and plan.merged is None
    assert plan.diff and plan.diff["cellsAdded"] + plan.diff["cellsChanged"] >= 1
    assert all(len(c["source"]) <= 160 for c in plan.diff["cells"])


def test_remote_copy_path():
    assert remote_copy_path("d/nb.ipynb") == "d/nb.remote.ipynb"
    assert remote_copy_path("nb") == "nb.remote.ipynb"
