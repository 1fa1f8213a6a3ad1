"""'Save a copy in GitHub' and Gists, against the fake GitHub over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_cloudshare.core.errors import ConflictError, GitHubError, InvalidRequestError
from jupyterlab_cloudshare.core.github import GitHubClient, blob_sha
from jupyterlab_cloudshare.core.notebook import to_ipynb_json
from jupyterlab_cloudshare.core.push import (
    COLAB_CELL_ID,
    DEFAULT_MESSAGE,
    PushRequest,
    add_colab_link,
    push_notebook,
    share_gist,
)
from jupyterlab_cloudshare.core.state import ShareStore, last_shares

KEY = "analysis/nb.ipynb"


def notebook(text: str = "print('hello')", minor: int = 5) -> dict[str, Any]:
    return {
        "nbformat": 4,
        "nbformat_minor": minor,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "cells": [
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {},
                "source": text,
                "execution_count": 1,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "hello\n"}],
            },
        ],
    }


@pytest.fixture
def store(tmp_path: Path) -> ShareStore:
    return ShareStore(tmp_path / "shares.json")


@pytest.fixture
def gh(fake_github: Any) -> GitHubClient:
    return GitHubClient(fake_github.token, fake_github.api_url, timeout=5, retry_base_delay=0.01)


def push(
    gh: GitHubClient, store: ShareStore, fake: Any, nb: dict[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    kw.setdefault("repo", "octocat/hello")
    kw.setdefault("branch", "main")
    return push_notebook(
        gh,
        nb or notebook(),
        source_path=KEY,
        request=PushRequest(**kw),
        store=store,
        key=KEY,
        web_url=fake.web_url,
    )


def needs_export() -> None:
    try:
        from jupyterlab_cloudshare.core.export import export_notebook  # noqa: F401
    except ImportError:
        pytest.skip("core.export is not there yet")


# ---- the Colab badge cell (pure) -----------------------------------------
def test_colab_cell_is_written_as_colab_writes_it():
    url = "https://colab.research.google.com/github/o/r/blob/main/x.ipynb"
    out = add_colab_link(notebook(), url)
    first = out["cells"][0]
    assert first["id"] == COLAB_CELL_ID
    assert first["metadata"] == {"id": "view-in-github", "colab_type": "text"}
    assert first["source"] == (
        f'<a href="{url}" target="_parent"><img '
        'src="https://colab.research.google.com/assets/colab-badge.svg" alt="Open In Colab"/></a>'
    )
    assert out["metadata"]["colab"]["include_colab_link"] is True
    assert out["metadata"]["kernelspec"]["name"] == "python3"


def test_colab_cell_is_replaced_not_duplicated_and_input_untouched():
    nb = notebook()
    once = add_colab_link(nb, "https://colab.research.google.com/github/o/r/blob/a/x.ipynb")
    twice = add_colab_link(once, "https://colab.research.google.com/github/o/r/blob/b/x.ipynb")
    badges = [c for c in twice["cells"] if c["metadata"].get("id") == COLAB_CELL_ID]
    assert len(badges) == 1 and "/blob/b/" in badges[0]["source"]
    assert len(twice["cells"]) == 2
    assert nb == notebook()


def test_old_notebooks_get_no_cell_id():
    out = add_colab_link(notebook(minor=4), "https://colab.research.google.com/x")
    assert "id" not in out["cells"][0]
    assert out["cells"][0]["metadata"]["id"] == COLAB_CELL_ID


# ---- pushes -----------------------------------------------------------------
def test_a_new_file_lands_as_a_real_commit(gh, store, fake_github):
    nb = notebook()
    result = push(gh, store, fake_github, nb)
    remote = fake_github.read_file("octocat", "hello", "main", KEY)
    assert remote == to_ipynb_json(nb).encode()
    log = fake_github.commit_log("octocat", "hello", "main")
    assert log[0]["sha"] == result["commitSha"]
    assert log[0]["message"] == DEFAULT_MESSAGE
    assert result["created"] is True and result["newBranch"] is False
    assert result["files"] == [KEY]
    assert result["htmlUrl"] == f"{fake_github.web_url}/octocat/hello/blob/main/{KEY}"
    assert result["colabUrl"].endswith(f"/github/octocat/hello/blob/main/{KEY}")
    record = last_shares(store, KEY, fake_github.api_url)["push"]
    assert record["blobSha"] == blob_sha(remote)
    assert record["commitSha"] == result["commitSha"]


def test_an_update_is_a_second_commit_in_at_most_two_requests(gh, store, fake_github):
    push(gh, store, fake_github, notebook("x = 1"))
    fake_github.reset_counts()
    result = push(gh, store, fake_github, notebook("x = 2"), message="second")
    assert fake_github.request_count() <= 2
    assert b"x = 2" in fake_github.read_file("octocat", "hello", "main", KEY)
    log = fake_github.commit_log("octocat", "hello", "main")
    assert [c["message"] for c in log[:2]] == ["second", DEFAULT_MESSAGE]
    assert result["created"] is False


def test_the_local_notebook_is_not_modified(gh, store, fake_github):
    nb = notebook()
    push(gh, store, fake_github, nb, colab_link=True, no_outputs=True)
    assert nb == notebook()


def test_colab_link_points_where_it_was_pushed(gh, store, fake_github):
    result = push(gh, store, fake_github, colab_link=True, target_path="shared/copy.ipynb")
    pushed = json.loads(fake_github.read_file("octocat", "hello", "main", "shared/copy.ipynb"))
    badge = pushed["cells"][0]
    assert badge["metadata"]["id"] == COLAB_CELL_ID
    assert result["colabUrl"] in badge["source"]
    assert result["colabUrl"].endswith("/github/octocat/hello/blob/main/shared/copy.ipynb")
    assert pushed["metadata"]["colab"]["include_colab_link"] is True


def test_without_outputs(gh, store, fake_github):
    push(gh, store, fake_github, no_outputs=True)
    pushed = json.loads(fake_github.read_file("octocat", "hello", "main", KEY))
    assert pushed["cells"][0]["outputs"] == []
    assert pushed["cells"][0]["execution_count"] is None


def test_a_remote_change_is_refused_and_nothing_changes(gh, store, fake_github):
    push(gh, store, fake_github, notebook("x = 1"))
    fake_github.commit_file("octocat", "hello", "main", KEY, "someone else's work")
    head = fake_github.branch_sha("octocat", "hello", "main")
    with pytest.raises(ConflictError) as info:
        push(gh, store, fake_github, notebook("x = 2"))
    err = info.value
    assert err.code == "remote_changed" and err.status == 409
    assert err.details["repo"] == "octocat/hello" and err.details["path"] == KEY
    assert err.details["branch"] == "main"
    assert err.details["remoteSha"] == blob_sha(b"someone else's work")
    assert fake_github.branch_sha("octocat", "hello", "main") == head
    assert fake_github.read_file("octocat", "hello", "main", KEY) == b"someone else's work"


def test_a_file_this_notebook_never_pushed_is_a_conflict(gh, store, fake_github):
    with pytest.raises(ConflictError):
        push(gh, store, fake_github, target_path="README.md")
    assert fake_github.read_file("octocat", "hello", "main", "README.md") == b"# hello\n"


def test_force_makes_a_normal_commit_on_top(gh, store, fake_github):
    push(gh, store, fake_github, notebook("x = 1"))
    theirs = fake_github.commit_file("octocat", "hello", "main", KEY, "theirs")
    result = push(gh, store, fake_github, notebook("x = 3"), force=True)
    log = fake_github.commit_log("octocat", "hello", "main")
    assert log[0]["sha"] == result["commitSha"] and log[0]["parents"] == [theirs]
    assert b"x = 3" in fake_github.read_file("octocat", "hello", "main", KEY)
    assert fake_github.forced_updates == []


def test_a_new_branch_from_a_base_leaves_the_base_alone(gh, store, fake_github):
    base = fake_github.branch_sha("octocat", "hello", "main")
    fake_github.commit_file("octocat", "hello", "main", KEY, "theirs")
    base = fake_github.branch_sha("octocat", "hello", "main")
    result = push(gh, store, fake_github, branch="mine", new_branch_from="main")
    assert result["newBranch"] is True and result["branch"] == "mine"
    assert fake_github.branch_sha("octocat", "hello", "main") == base
    assert fake_github.commit_log("octocat", "hello", "mine")[0]["parents"] == [base]
    assert b"print('hello')" in fake_github.read_file("octocat", "hello", "mine", KEY)
    assert "/blob/mine/" in result["colabUrl"]


def test_an_existing_branch_name_for_a_new_branch_is_refused(gh, store, fake_github):
    with pytest.raises(GitHubError) as info:
        push(gh, store, fake_github, branch="main", new_branch_from="main")
    assert info.value.code == "branch_exists"
    assert len(fake_github.commit_log("octocat", "hello", "main")) == 1


def test_a_missing_branch_is_made_from_the_default_branch(gh, store, fake_github):
    result = push(gh, store, fake_github, branch="fresh")
    assert result["newBranch"] is True
    main = fake_github.branch_sha("octocat", "hello", "main")
    assert fake_github.commit_log("octocat", "hello", "fresh")[0]["parents"] == [main]


def test_without_a_branch_the_default_branch_is_used(gh, store, fake_github):
    result = push(gh, store, fake_github, branch=None)
    assert result["branch"] == "main"
    assert fake_github.read_file("octocat", "hello", "main", KEY) is not None


def test_notebook_and_script_land_in_one_commit(gh, store, fake_github):
    needs_export()
    push(gh, store, fake_github)
    before = len(fake_github.commit_log("octocat", "hello", "main"))
    fake_github.reset_counts()
    result = push(gh, store, fake_github, notebook("y = 2"), with_py=True)
    assert fake_github.request_count() <= 4 + 2
    log = fake_github.commit_log("octocat", "hello", "main")
    assert len(log) == before + 1
    assert result["files"] == [KEY, "analysis/nb.py"]
    assert b"y = 2" in log[0]["files"][KEY]
    assert b"y = 2" in log[0]["files"]["analysis/nb.py"]
    assert fake_github.forced_updates == []


def test_a_stale_multi_file_push_is_a_conflict(gh, store, fake_github):
    needs_export()
    push(gh, store, fake_github, with_py=True)
    fake_github.commit_file("octocat", "hello", "main", "analysis/nb.py", "theirs")
    head = fake_github.branch_sha("octocat", "hello", "main")
    with pytest.raises(ConflictError) as info:
        push(gh, store, fake_github, notebook("z"), with_py=True)
    assert info.value.details["path"] == "analysis/nb.py"
    assert fake_github.branch_sha("octocat", "hello", "main") == head


def test_enterprise_pushes_without_colab(fake_github, store):
    gh = GitHubClient(fake_github.token, fake_github.enterprise_api_url, timeout=5)
    result = push(gh, store, fake_github, colab_link=True)
    assert result["colabUrl"] is None
    assert "Colab" in result["note"]
    pushed = json.loads(fake_github.read_file("octocat", "hello", "main", KEY))
    assert all(c["metadata"].get("id") != COLAB_CELL_ID for c in pushed["cells"])
    shares = last_shares(store, KEY, fake_github.enterprise_api_url)
    assert shares["push"]["apiUrl"] == fake_github.enterprise_api_url
    assert last_shares(store, KEY, "https://api.github.com")["push"] is None


def test_bad_target_paths_are_refused(gh, store, fake_github):
    with pytest.raises(InvalidRequestError):
        push(gh, store, fake_github, target_path="../escape.ipynb")


def test_a_repository_without_access_is_a_404(gh, store, fake_github):
    with pytest.raises(GitHubError) as info:
        push(gh, store, fake_github, repo="octocat/missing")
    assert info.value.status == 404
    assert "octocat/missing" in info.value.message


# ---- gists ------------------------------------------------------------------
def test_a_gist_is_created_secret_then_updated_in_place(gh, store, fake_github):
    first = share_gist(gh, notebook("a = 1"), source_path=KEY, store=store, key=KEY)
    assert first["created"] is True
    gist = fake_github.gists[first["gistId"]]
    assert gist["public"] is False
    assert "a = 1" in gist["files"]["nb.ipynb"]
    assert first["colabUrl"].endswith(f"/gist/octocat/{first['gistId']}/nb.ipynb")
    fake_github.reset_counts()
    second = share_gist(gh, notebook("a = 2"), source_path=KEY, store=store, key=KEY)
    assert fake_github.request_count() == 1
    assert second["gistId"] == first["gistId"] and second["created"] is False
    assert "a = 2" in fake_github.gists[first["gistId"]]["files"]["nb.ipynb"]
    assert len(fake_github.gists) == 1
    assert last_shares(store, KEY, fake_github.api_url)["gist"]["id"] == first["gistId"]


def test_a_public_gist_with_the_script(gh, store, fake_github):
    needs_export()
    result = share_gist(
        gh, notebook(), source_path=KEY, store=store, key=KEY, public=True, with_py=True
    )
    gist = fake_github.gists[result["gistId"]]
    assert gist["public"] is True
    assert set(gist["files"]) == {"nb.ipynb", "nb.py"}


def test_a_deleted_gist_is_recreated(gh, store, fake_github):
    first = share_gist(gh, notebook(), source_path=KEY, store=store, key=KEY)
    del fake_github.gists[first["gistId"]]
    second = share_gist(gh, notebook(), source_path=KEY, store=store, key=KEY)
    assert second["created"] is True and second["gistId"] != first["gistId"]


def test_a_token_without_gist_scope_is_told_which_scope(fake_github, store):
    fake_github.add_token("octocat", "ghp_" + "r" * 36, scopes=("repo",))
    gh = GitHubClient("ghp_" + "r" * 36, fake_github.api_url, timeout=5)
    with pytest.raises(GitHubError) as info:
        share_gist(gh, notebook(), source_path=KEY, store=store, key=KEY)
    assert "'gist'" in info.value.message
    assert fake_github.gists == {}
