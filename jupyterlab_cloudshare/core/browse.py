"""Browsing GitHub for a notebook to open, as Colab's "Open notebook > GitHub" does.

A user or organisation, then one of its repositories, a branch (the
existing :func:`~.push.list_branches`), and the notebooks of that branch.
Each step is one GitHub request (a page of repositories: one request; the
notebooks of a branch: one recursive tree listing).

Repositories of an owner:

* public only: ``GET /users/{owner}/repos`` (GitHub answers it for users and
  organisations alike);
* with private ones (signed in): ``GET /orgs/{owner}/repos?type=all`` for an
  organisation (its repositories the token can see); for a user, whose name
  that call does not know (404), ``GET /user/repos`` filtered to that owner:
  the user's own repositories when it is the signed-in account, else theirs
  the account collaborates on. Filtering reads GitHub's pages on (a few at
  most per answer) until some match; ``nextPage`` says where to go on.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .errors import GitHubError, InvalidRequestError
from .ghurl import _OWNER
from .github import GitHubClient, _next_page, parse_repo

#: Repositories per page of a listing (GitHub's maximum).
PER_PAGE = 100
#: GitHub pages of ``/user/repos`` read for one filtered answer.
MAX_FILTER_PAGES = 5
NOTEBOOK_SUFFIX = ".ipynb"


def _q(segment: str) -> str:
    return quote(segment, safe="")


def check_owner(owner: str) -> str:
    """A user or organisation name, or a one-line 400."""
    name = owner.strip().lstrip("@")
    if not name or not _OWNER.fullmatch(name):
        raise InvalidRequestError(
            "Type a GitHub user or organisation name (letters, digits and hyphens).",
            code="bad_owner",
        )
    return name


def _repo_entry(repo: dict[str, Any]) -> dict[str, Any] | None:
    full = repo.get("full_name")
    if not isinstance(full, str) or "/" not in full:
        return None
    description = repo.get("description")
    return {
        "fullName": full,
        "name": full.split("/", 1)[1],
        "private": bool(repo.get("private")),
        "defaultBranch": str(repo.get("default_branch") or "main"),
        "description": description if isinstance(description, str) else None,
    }


def _page_items(client: GitHubClient, resp: Any, what: str) -> list[dict[str, Any]]:
    data = resp.json()
    if not isinstance(data, list):
        raise client._bad_answer("GET", what)
    return [r for r in data if isinstance(r, dict)]


def _not_found(owner: str) -> GitHubError:
    return GitHubError(
        f"GitHub has no user or organisation '{owner}' (or the token cannot see it).",
        code="github_not_found",
        status=404,
    )


def list_owner_repos(
    client: GitHubClient, owner: str, *, private: bool = False, page: int = 1
) -> dict[str, Any]:
    """One page of ``owner``'s repositories: ``{"owner", "repos", "nextPage"}``.

    ``private`` lists the private ones the token can see as well (see the
    module docstring for the GitHub calls).
    """
    owner = check_owner(owner)
    what = f"the repositories of {owner}"
    params = {"per_page": PER_PAGE, "page": page, "sort": "full_name"}
    if private:
        resp = client.request(
            "GET",
            f"/orgs/{_q(owner)}/repos",
            params={**params, "type": "all"},
            allow=(404,),
            what=what,
        )
        if resp.status != 404:
            repos = [e for r in _page_items(client, resp, what) if (e := _repo_entry(r))]
            return {"owner": owner, "repos": repos, "nextPage": _next_page(resp.header("link"))}
        return _filtered_user_repos(client, owner, page)
    resp = client.request(
        "GET", f"/users/{_q(owner)}/repos", params=params, allow=(404,), what=what
    )
    if resp.status == 404:
        raise _not_found(owner)
    repos = [e for r in _page_items(client, resp, what) if (e := _repo_entry(r))]
    return {"owner": owner, "repos": repos, "nextPage": _next_page(resp.header("link"))}


def _filtered_user_repos(client: GitHubClient, owner: str, page: int) -> dict[str, Any]:
    """The signed-in account's repositories (``/user/repos``) owned by ``owner``."""
    found: list[dict[str, Any]] = []
    next_page: int | None = page
    prefix = owner.lower() + "/"
    for _ in range(MAX_FILTER_PAGES):
        if next_page is None:
            break
        resp = client.request(
            "GET",
            "/user/repos",
            params={
                "per_page": PER_PAGE,
                "page": next_page,
                "sort": "full_name",
                "affiliation": "owner,collaborator,organization_member",
                "visibility": "all",
            },
            what="your repositories",
        )
        for repo in _page_items(client, resp, "your repositories"):
            entry = _repo_entry(repo)
            if entry and entry["fullName"].lower().startswith(prefix):
                found.append(entry)
        next_page = _next_page(resp.header("link"))
        if found:
            break
    return {"owner": owner, "repos": found, "nextPage": next_page}


def list_notebooks(client: GitHubClient, full_name: str, branch: str) -> dict[str, Any]:
    """The notebooks of a branch, from one recursive tree listing.

    ``{"repo", "branch", "notebooks": [{"path", "size", "sha"}], "truncated"}``;
    ``truncated`` is GitHub's word that the tree was too large to list whole.
    """
    owner, repo = parse_repo(full_name)
    branch = branch.strip()
    if not branch:
        raise InvalidRequestError("Choose a branch.", code="bad_branch")
    what = f"branch '{branch}' of {owner}/{repo}"
    resp = client.request(
        "GET",
        f"/repos/{_q(owner)}/{_q(repo)}/git/trees/{_q(branch)}",
        params={"recursive": "1"},
        allow=(404, 409),
        what=what,
    )
    if resp.status == 409:  # an empty repository
        return {"repo": f"{owner}/{repo}", "branch": branch, "notebooks": [], "truncated": False}
    if resp.status == 404:
        raise GitHubError(
            f"Branch '{branch}' of {owner}/{repo} was not found, or the token has no access.",
            code="github_not_found",
            status=404,
        )
    data = resp.json()
    tree = data.get("tree") if isinstance(data, dict) else None
    if not isinstance(tree, list):
        raise client._bad_answer("GET", what)
    notebooks: list[dict[str, Any]] = []
    for item in tree:
        if not isinstance(item, dict) or item.get("type") != "blob":
            continue
        path = item.get("path")
        if isinstance(path, str) and path.lower().endswith(NOTEBOOK_SUFFIX):
            size = item.get("size")
            notebooks.append(
                {
                    "path": path,
                    "size": size if isinstance(size, int) else None,
                    "sha": str(item.get("sha") or ""),
                }
            )
    notebooks.sort(key=lambda n: str(n["path"]).lower())
    return {
        "repo": f"{owner}/{repo}",
        "branch": branch,
        "notebooks": notebooks,
        "truncated": bool(data.get("truncated")),
    }
