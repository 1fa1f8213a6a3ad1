"""core/browse: an owner's repositories and a branch's notebooks, against the fake GitHub."""

from __future__ import annotations

from typing import Any

import pytest

from jupyterlab_cloudshare.core.browse import check_owner, list_notebooks, list_owner_repos
from jupyterlab_cloudshare.core.errors import AuthRequiredError, GitHubError, InvalidRequestError
from jupyterlab_cloudshare.core.github import GitHubClient

from .sync_env import api_requests

MEMBER = "ghp_" + "m" * 36


@pytest.fixture
def client(fake_github: Any) -> GitHubClient:
    return GitHubClient(fake_github.token, fake_github.api_url, retry_base_delay=0)


def names(answer: dict[str, Any]) -> list[str]:
    return [r["fullName"] for r in answer["repos"]]


def test_public_repositories_of_a_user_and_an_organisation(fake_github, client):
    fake_github.create_repo("octocat", "zeta")
    fake_github.create_repo("octocat", "private-one", private=True)
    fake_github.create_repo("acme", "tools")
    fake_github.reset_counts()
    answer = list_owner_repos(client, "octocat")
    assert names(answer) == ["octocat/hello", "octocat/zeta"] and answer["nextPage"] is None
    assert answer["repos"][0] == {
        "fullName": "octocat/hello",
        "name": "hello",
        "private": False,
        "defaultBranch": "main",
        "description": None,
    }
    assert names(list_owner_repos(client, "@acme")) == ["acme/tools"]
    assert [r["path"] for r in api_requests(fake_github)] == [
        "/users/octocat/repos",
        "/users/acme/repos",
    ]
    # Signed out: the same public listing, anonymously.
    anonymous = GitHubClient(None, fake_github.api_url)
    assert names(list_owner_repos(anonymous, "octocat")) == names(answer)


def test_pages_follow_githubs_link_header(fake_github, client, monkeypatch):
    from jupyterlab_cloudshare.core import browse

    monkeypatch.setattr(browse, "PER_PAGE", 2)
    for i in range(4):
        fake_github.create_repo("octocat", f"r{i}")
    first = list_owner_repos(client, "octocat")
    assert len(first["repos"]) == 2 and first["nextPage"] == 2
    seen = names(first)
    page = first["nextPage"]
    while page:
        answer = list_owner_repos(client, "octocat", page=page)
        seen += names(answer)
        page = answer["nextPage"]
    assert sorted(seen) == seen and len(seen) == 5


def test_private_repositories_when_signed_in(fake_github, client):
    fake_github.create_repo("octocat", "secret", private=True)
    fake_github.add_user("member", MEMBER, orgs=("acme",))
    fake_github.create_repo("acme", "open")
    fake_github.create_repo("acme", "internal", private=True)
    fake_github.create_repo("hubot", "shared", private=True)
    fake_github.add_collaborator("hubot", "shared", "octocat")
    fake_github.create_repo("hubot", "elsewhere", private=True)

    assert names(list_owner_repos(client, "octocat", private=True)) == [
        "octocat/hello",
        "octocat/secret",
    ]
    # Another user's: those the account collaborates on.
    assert names(list_owner_repos(client, "hubot", private=True)) == ["hubot/shared"]
    # An organisation: what the token can see of it.
    member = GitHubClient(MEMBER, fake_github.api_url)
    assert names(list_owner_repos(member, "acme", private=True)) == [
        "acme/internal",
        "acme/open",
    ]
    assert names(list_owner_repos(client, "acme", private=True)) == ["acme/open"]
    fake_github.reset_counts()
    list_owner_repos(member, "acme", private=True)
    assert len(api_requests(fake_github)) == 1


def test_unknown_owner_and_bad_names(fake_github, client):
    with pytest.raises(GitHubError) as err:
        list_owner_repos(client, "nobody-here")
    assert err.value.status == 404 and "nobody-here" in err.value.message
    for bad in ("", "a b", "../x", "-x"):
        with pytest.raises(InvalidRequestError):
            check_owner(bad)
    with pytest.raises(AuthRequiredError):
        list_owner_repos(GitHubClient(None, fake_github.api_url), "octocat", private=True)


def test_notebooks_of_a_branch_in_one_request(fake_github, client):
    for path in ("b.ipynb", "dir/A.IPYNB", "dir/deep/c.ipynb", "notes.md", "x.ipynb.txt"):
        fake_github.commit_file("octocat", "hello", "main", path, "{}")
    main = fake_github.branch_sha("octocat", "hello", "main")
    fake_github.set_branch("octocat", "hello", "topic/one", main)
    fake_github.commit_file("octocat", "hello", "topic/one", "t.ipynb", "{}")
    fake_github.reset_counts()
    answer = list_notebooks(client, "octocat/hello", "main")
    assert [n["path"] for n in answer["notebooks"]] == [
        "b.ipynb",
        "dir/A.IPYNB",
        "dir/deep/c.ipynb",
    ]
    assert answer["notebooks"][0]["size"] == 2 and answer["truncated"] is False
    assert len(api_requests(fake_github)) == 1
    topic = list_notebooks(client, "octocat/hello", "topic/one")
    assert "t.ipynb" in [n["path"] for n in topic["notebooks"]]
    fake_github.tree_limit = 2
    assert list_notebooks(client, "octocat/hello", "main")["truncated"] is True


def test_notebooks_of_a_missing_branch_or_an_empty_repository(fake_github, client):
    with pytest.raises(GitHubError) as err:
        list_notebooks(client, "octocat/hello", "gone")
    assert err.value.status == 404 and "gone" in err.value.message
    fake_github.create_repo("octocat", "empty", files={})
    answer = list_notebooks(client, "octocat/empty", "main")
    assert answer["notebooks"] == [] and answer["truncated"] is False
    with pytest.raises(InvalidRequestError):
        list_notebooks(client, "not-a-repo", "main")
