"""The REST operations of the fake, one function per operationId of GitHub's description."""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from .git import FILE_MODE, TREE_MODE, Commit, ObjectStore, Signature
from .model import Account, ApiError, Ctx, Repo, invalid, iso, not_found, wrap_base64

Answer = tuple[int, Any]
OPERATIONS: dict[str, Callable[[Ctx], Answer]] = {}
PERMS = {None: 0, "pull": 1, "push": 2, "admin": 3}


def operation(operation_id: str) -> Callable[[Callable[[Ctx], Answer]], Callable[[Ctx], Answer]]:
    """Register the function answering `operation_id`."""

    def register(fn: Callable[[Ctx], Answer]) -> Callable[[Ctx], Answer]:
        OPERATIONS[operation_id] = fn
        return fn

    return register


# ----- JSON shapes ---------------------------------------------------------------------------


def user_json(ctx: Ctx, account: Account) -> dict[str, Any]:
    """A `simple-user`."""
    api, web, login = ctx.api, ctx.fake.web_url, account.login
    return {
        "login": login,
        "id": account.id,
        "node_id": f"U_{account.id}",
        "avatar_url": f"{web}/avatars/{login}",
        "gravatar_id": "",
        "url": f"{api}/users/{login}",
        "html_url": f"{web}/{login}",
        "followers_url": f"{api}/users/{login}/followers",
        "following_url": f"{api}/users/{login}/following{{/other_user}}",
        "gists_url": f"{api}/users/{login}/gists{{/gist_id}}",
        "starred_url": f"{api}/users/{login}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/users/{login}/subscriptions",
        "organizations_url": f"{api}/users/{login}/orgs",
        "repos_url": f"{api}/users/{login}/repos",
        "events_url": f"{api}/users/{login}/events{{/privacy}}",
        "received_events_url": f"{api}/users/{login}/received_events",
        "type": account.type,
        "user_view_type": "public",
        "site_admin": False,
    }


def permission(ctx: Ctx, repo: Repo) -> str | None:
    """The authenticated user's permission on a repository (None: cannot see it)."""
    account = ctx.account
    if account is not None:
        if account.login.lower() == repo.owner.lower() or repo.owner in account.orgs:
            return "admin"
        if account.login in repo.collaborators:
            return repo.collaborators[account.login]
    return None if repo.private else "pull"


def repo_json(ctx: Ctx, repo: Repo, full: bool = True) -> dict[str, Any]:
    """A `full-repository` (or `repository` when not `full`)."""
    api, web = ctx.api, ctx.fake.web_url
    full_name = f"{repo.owner}/{repo.name}"
    base = f"{api}/repos/{full_name}"
    head = repo.branches.get(repo.default_branch)
    size = len(repo.store.blobs)
    out: dict[str, Any] = {
        "id": repo.id,
        "node_id": f"R_{repo.id}",
        "name": repo.name,
        "full_name": full_name,
        "owner": user_json(ctx, ctx.fake.accounts[repo.owner]),
        "private": repo.private,
        "visibility": "private" if repo.private else "public",
        "html_url": f"{web}/{full_name}",
        "description": repo.description,
        "fork": False,
        "url": base,
        "homepage": None,
        "language": None,
        "license": None,
        "mirror_url": None,
        "default_branch": repo.default_branch,
        "clone_url": f"{web}/{full_name}.git",
        "git_url": f"git://{web.split('://', 1)[1]}/{full_name}.git",
        "ssh_url": f"git@{web.split('://', 1)[1].split(':')[0]}:{full_name}.git",
        "svn_url": f"{web}/{full_name}",
        "size": size,
        "forks": 0,
        "forks_count": 0,
        "stargazers_count": 0,
        "watchers": 0,
        "watchers_count": 0,
        "open_issues": 0,
        "open_issues_count": 0,
        "has_issues": True,
        "has_projects": True,
        "has_wiki": True,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "created_at": iso(repo.created),
        "updated_at": iso(repo.updated),
        "pushed_at": iso(repo.updated if head else repo.created),
    }
    for key, suffix in URL_TEMPLATES.items():
        out[key] = base + suffix
    perm = permission(ctx, repo)
    if ctx.account is not None:
        rank = PERMS[perm]
        out["permissions"] = {
            "admin": rank >= 3,
            "maintain": rank >= 3,
            "push": rank >= 2,
            "triage": rank >= 2,
            "pull": rank >= 1,
        }
    if full:
        out["network_count"] = 0
        out["subscribers_count"] = 0
    return out


URL_TEMPLATES = {
    "archive_url": "/{archive_format}{/ref}",
    "assignees_url": "/assignees{/user}",
    "blobs_url": "/git/blobs{/sha}",
    "branches_url": "/branches{/branch}",
    "collaborators_url": "/collaborators{/collaborator}",
    "comments_url": "/comments{/number}",
    "commits_url": "/commits{/sha}",
    "compare_url": "/compare/{base}...{head}",
    "contents_url": "/contents/{+path}",
    "contributors_url": "/contributors",
    "deployments_url": "/deployments",
    "downloads_url": "/downloads",
    "events_url": "/events",
    "forks_url": "/forks",
    "git_commits_url": "/git/commits{/sha}",
    "git_refs_url": "/git/refs{/sha}",
    "git_tags_url": "/git/tags{/sha}",
    "hooks_url": "/hooks",
    "issue_comment_url": "/issues/comments{/number}",
    "issue_events_url": "/issues/events{/number}",
    "issues_url": "/issues{/number}",
    "keys_url": "/keys{/key_id}",
    "labels_url": "/labels{/name}",
    "languages_url": "/languages",
    "merges_url": "/merges",
    "milestones_url": "/milestones{/number}",
    "notifications_url": "/notifications{?since,all,participating}",
    "pulls_url": "/pulls{/number}",
    "releases_url": "/releases{/id}",
    "stargazers_url": "/stargazers",
    "statuses_url": "/statuses/{sha}",
    "subscribers_url": "/subscribers",
    "subscription_url": "/subscription",
    "tags_url": "/tags",
    "teams_url": "/teams",
    "trees_url": "/git/trees{/sha}",
}


def sig_json(sig: Signature) -> dict[str, Any]:
    """A git author/committer."""
    return {"name": sig.name, "email": sig.email, "date": iso(sig.timestamp)}


def verification() -> dict[str, Any]:
    """The `verification` of an unsigned commit."""
    return {
        "verified": False,
        "reason": "unsigned",
        "signature": None,
        "payload": None,
        "verified_at": None,
    }


def git_commit_json(ctx: Ctx, repo: Repo, commit: Commit) -> dict[str, Any]:
    """A `git-commit`."""
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    web = f"{ctx.fake.web_url}/{repo.owner}/{repo.name}"
    return {
        "sha": commit.sha,
        "node_id": f"C_{commit.sha}",
        "url": f"{base}/git/commits/{commit.sha}",
        "html_url": f"{web}/commit/{commit.sha}",
        "author": sig_json(commit.author),
        "committer": sig_json(commit.committer),
        "message": commit.message,
        "tree": {"sha": commit.tree, "url": f"{base}/git/trees/{commit.tree}"},
        "parents": [
            {"sha": p, "url": f"{base}/git/commits/{p}", "html_url": f"{web}/commit/{p}"}
            for p in commit.parents
        ],
        "verification": verification(),
    }


def commit_json(ctx: Ctx, repo: Repo, commit: Commit) -> dict[str, Any]:
    """A `commit` (the shape branches embed)."""
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    web = f"{ctx.fake.web_url}/{repo.owner}/{repo.name}"
    return {
        "sha": commit.sha,
        "node_id": f"C_{commit.sha}",
        "url": f"{base}/commits/{commit.sha}",
        "html_url": f"{web}/commit/{commit.sha}",
        "comments_url": f"{base}/commits/{commit.sha}/comments",
        "commit": {
            "url": f"{base}/git/commits/{commit.sha}",
            "author": sig_json(commit.author),
            "committer": sig_json(commit.committer),
            "message": commit.message,
            "comment_count": 0,
            "tree": {"sha": commit.tree, "url": f"{base}/git/trees/{commit.tree}"},
            "verification": verification(),
        },
        "author": None,
        "committer": None,
        "parents": [
            {"sha": p, "url": f"{base}/commits/{p}", "html_url": f"{web}/commit/{p}"}
            for p in commit.parents
        ],
    }


def ref_json(ctx: Ctx, repo: Repo, branch: str) -> dict[str, Any]:
    """A `git-ref` for a branch."""
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    sha = repo.branches[branch]
    return {
        "ref": f"refs/heads/{branch}",
        "node_id": f"REF_{repo.id}_{branch}",
        "url": f"{base}/git/refs/heads/{branch}",
        "object": {"type": "commit", "sha": sha, "url": f"{base}/git/commits/{sha}"},
    }


# ----- helpers -------------------------------------------------------------------------------


def find_repo(ctx: Ctx) -> Repo:
    """The repository of the path, or 404 when it does not exist or is hidden from the user."""
    repo = ctx.fake.repos.get((ctx.params["owner"].lower(), ctx.params["repo"].lower()))
    if repo is None or permission(ctx, repo) is None:
        raise not_found()
    return repo


def writable_repo(ctx: Ctx) -> Repo:
    """The repository of the path if the user may push to it (see the server docstring)."""
    repo = find_repo(ctx)
    account = ctx.require_login()
    del account
    has_scope = "repo" in ctx.scopes or (not repo.private and "public_repo" in ctx.scopes)
    if PERMS[permission(ctx, repo)] >= 2 and has_scope:
        return repo
    if repo.private or "403" not in ctx.operation.statuses:
        raise not_found()
    raise ApiError(403, "Resource not accessible by personal access token")


def nonempty(repo: Repo) -> None:
    """409 as GitHub answers Git Data calls on a repository without commits."""
    if not repo.branches:
        raise ApiError(409, "Git Repository is empty.")


def _int(raw: str | None, default: int) -> int:
    """A numeric query value; GitHub ignores one that is not a number."""
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def paginate(ctx: Ctx, items: list[Any], path: str) -> list[Any]:
    """One page of `items`; sets the Link header as GitHub formats it."""
    per_page = max(1, min(100, _int(ctx.query.get("per_page"), 30)))
    page = max(1, _int(ctx.query.get("page"), 1))
    last = max(1, -(-len(items) // per_page))
    others = [f"{k}={v}" for k, v in ctx.query.items() if k not in ("page", "per_page")]

    def url(n: int) -> str:
        return f"<{ctx.api}{path}?{'&'.join([*others, f'page={n}', f'per_page={per_page}'])}>"

    links = []
    if page > 1:
        links.append(f'{url(min(page - 1, last))}; rel="prev"')
    if page < last:
        links.append(f'{url(page + 1)}; rel="next"')
        links.append(f'{url(last)}; rel="last"')
    if page > 1:
        links.append(f'{url(1)}; rel="first"')
    if links:
        ctx.headers["Link"] = ", ".join(links)
    return items[(page - 1) * per_page : page * per_page]


def signature(ctx: Ctx, given: Any, fallback: Signature | None = None) -> Signature:
    """A commit signature from a request's author/committer object or the user."""
    now = int(time.time())
    if isinstance(given, dict) and "name" in given and "email" in given:
        ts = now
        if given.get("date"):
            try:
                ts = calendar.timegm(time.strptime(str(given["date"])[:19], "%Y-%m-%dT%H:%M:%S"))
            except ValueError as exc:
                raise invalid("Invalid request.\n\nInvalid date.") from exc
        return Signature(str(given["name"]), str(given["email"]), ts)
    if fallback is not None:
        return fallback
    account = ctx.require_login()
    return Signature(account.name or account.login, account.email, now)


def resolve_ref(repo: Repo, ref: str | None) -> str:
    """The commit a `ref` query names (branch, heads/branch or commit sha)."""
    if not repo.branches:
        raise not_found("This repository is empty.")
    name = ref or repo.default_branch
    name = name.removeprefix("refs/").removeprefix("heads/")
    if name in repo.branches:
        return repo.branches[name]
    if name in repo.store.commits:
        return name
    raise not_found(f"No commit found for the ref {ref}")


# ----- users and repositories ----------------------------------------------------------------


@operation("users/get-authenticated")
def get_user(ctx: Ctx) -> Answer:
    account = ctx.require_login()
    mine = [r for r in ctx.fake.repos.values() if r.owner == account.login]
    gists = [g for g in ctx.fake.gists.values() if g["owner"] == account.login]
    out = user_json(ctx, account)
    out.update(
        user_view_type="private",
        name=account.name,
        company=None,
        blog="",
        location=None,
        email=None,
        hireable=None,
        bio=None,
        twitter_username=None,
        public_repos=sum(not r.private for r in mine),
        public_gists=sum(bool(g["public"]) for g in gists),
        followers=0,
        following=0,
        created_at="2011-01-25T18:44:36Z",
        updated_at="2011-01-25T18:44:36Z",
        private_gists=sum(not g["public"] for g in gists),
        total_private_repos=sum(r.private for r in mine),
        owned_private_repos=sum(r.private for r in mine),
        disk_usage=0,
        collaborators=0,
        two_factor_authentication=True,
    )
    return 200, out


@operation("repos/list-for-authenticated-user")
def list_repos(ctx: Ctx) -> Answer:
    account = ctx.require_login()
    q = ctx.query
    if "type" in q and ("visibility" in q or "affiliation" in q):
        raise invalid(
            "Validation Failed", [{"resource": "Repository", "code": "invalid", "field": "type"}]
        )
    kinds = {
        "all": {"owner", "collaborator", "organization_member"},
        "owner": {"owner"},
        "member": {"collaborator", "organization_member"},
    }
    affiliation = set(q.get("affiliation", "owner,collaborator,organization_member").split(","))
    visibility = q.get("visibility", "all")
    if q.get("type") in kinds:
        affiliation = kinds[q["type"]]
    elif q.get("type") in ("public", "private"):
        visibility = q["type"]
    picked = []
    for repo in ctx.fake.repos.values():
        if repo.owner == account.login:
            relation = "owner"
        elif repo.owner in account.orgs:
            relation = "organization_member"
        elif account.login in repo.collaborators:
            relation = "collaborator"
        else:
            continue
        if relation not in affiliation:
            continue
        if visibility != "all" and (visibility == "private") != repo.private:
            continue
        picked.append(repo)
    sort = q.get("sort", "full_name")
    direction = q.get("direction", "asc" if sort == "full_name" else "desc")
    if sort == "full_name":
        picked.sort(key=lambda r: f"{r.owner}/{r.name}".lower())
    else:
        picked.sort(key=lambda r: r.created if sort == "created" else r.updated)
    if direction == "desc":
        picked.reverse()
    page = paginate(ctx, picked, "/user/repos")
    return 200, [repo_json(ctx, r, full=False) for r in page]


def _sorted_repos(ctx: Ctx, picked: list[Repo], default_sort: str) -> list[Repo]:
    """`picked` in the order a listing's `sort` and `direction` ask for."""
    sort = ctx.query.get("sort", default_sort)
    direction = ctx.query.get("direction", "asc" if sort == "full_name" else "desc")
    if sort == "full_name":
        picked.sort(key=lambda r: f"{r.owner}/{r.name}".lower())
    else:
        picked.sort(key=lambda r: r.created if sort == "created" else r.updated)
    if direction == "desc":
        picked.reverse()
    return picked


def _account_named(ctx: Ctx, name: str) -> Account:
    """The account called `name`; else GitHub's 404, which these listings answer for an
    unknown name without declaring it (checked as a cross-cutting error body)."""
    for login, account in ctx.fake.accounts.items():
        if login.lower() == name.lower():
            return account
    raise ApiError(404, "Not Found", generic=True)


@operation("repos/list-for-user")
def list_user_repos(ctx: Ctx) -> Answer:
    """Public repositories of a user (or an organisation: GitHub answers for both)."""
    account = _account_named(ctx, ctx.params["username"])
    kind = ctx.query.get("type", "owner")
    picked = []
    for repo in ctx.fake.repos.values():
        if repo.private:
            continue
        owned = repo.owner.lower() == account.login.lower()
        member = account.login in repo.collaborators or repo.owner in account.orgs
        if (owned and kind in ("owner", "all")) or (member and kind in ("member", "all")):
            picked.append(repo)
    picked = _sorted_repos(ctx, picked, "full_name")
    page = paginate(ctx, picked, f"/users/{account.login}/repos")
    return 200, [repo_json(ctx, r, full=False) for r in page]


@operation("repos/list-for-org")
def list_org_repos(ctx: Ctx) -> Answer:
    """An organisation's repositories the caller can see (private ones for its members)."""
    org = _account_named(ctx, ctx.params["org"])
    if org.type != "Organization":
        raise ApiError(404, "Not Found", generic=True)
    kind = ctx.query.get("type", "all")
    picked = []
    for repo in ctx.fake.repos.values():
        if repo.owner.lower() != org.login.lower() or permission(ctx, repo) is None:
            continue
        if (kind == "public" and repo.private) or (kind == "private" and not repo.private):
            continue
        picked.append(repo)
    picked = _sorted_repos(ctx, picked, "created")
    page = paginate(ctx, picked, f"/orgs/{org.login}/repos")
    return 200, [repo_json(ctx, r, full=False) for r in page]


@operation("repos/create-for-authenticated-user")
def create_repo(ctx: Ctx) -> Answer:
    account = ctx.require_login()
    body = ctx.body or {}
    private = bool(body.get("private", False))
    if not ("repo" in ctx.scopes or (not private and "public_repo" in ctx.scopes)):
        raise ApiError(403, "Resource not accessible by personal access token")
    name = str(body.get("name", ""))
    if not name:
        raise invalid(
            "Repository creation failed.",
            [{"resource": "Repository", "code": "missing_field", "field": "name"}],
        )
    if (account.login.lower(), name.lower()) in ctx.fake.repos:
        raise invalid(
            "Repository creation failed.",
            [
                {
                    "resource": "Repository",
                    "code": "custom",
                    "field": "name",
                    "message": "name already exists on this account",
                }
            ],
        )
    files = {"README.md": f"# {name}\n"} if body.get("auto_init") else {}
    ctx.fake.create_repo(account.login, name, private=private, files=files)
    repo = ctx.fake.repos[(account.login.lower(), name.lower())]
    repo.description = body.get("description")
    ctx.headers["Location"] = f"{ctx.api}/repos/{account.login}/{name}"
    return 201, repo_json(ctx, repo)


@operation("repos/get")
def get_repo(ctx: Ctx) -> Answer:
    return 200, repo_json(ctx, find_repo(ctx))


@operation("repos/list-branches")
def list_branches(ctx: Ctx) -> Answer:
    repo = find_repo(ctx)
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    names = sorted(repo.branches)
    if ctx.query.get("protected") == "true":
        names = []
    page = paginate(ctx, names, f"/repos/{repo.owner}/{repo.name}/branches")
    return 200, [
        {
            "name": n,
            "commit": {"sha": repo.branches[n], "url": f"{base}/commits/{repo.branches[n]}"},
            "protected": False,
        }
        for n in page
    ]


@operation("repos/get-branch")
def get_branch(ctx: Ctx) -> Answer:
    repo = find_repo(ctx)
    name = ctx.params["branch"]
    if name not in repo.branches:
        raise not_found("Branch not found")
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    return 200, {
        "name": name,
        "commit": commit_json(ctx, repo, repo.store.commits[repo.branches[name]]),
        "_links": {
            "self": f"{base}/branches/{name}",
            "html": f"{ctx.fake.web_url}/{repo.owner}/{repo.name}/tree/{name}",
        },
        "protected": False,
        "protection": {
            "enabled": False,
            "required_status_checks": {
                "enforcement_level": "off",
                "contexts": [],
                "checks": [],
            },
        },
        "protection_url": f"{base}/branches/{name}/protection",
    }


# ----- contents ------------------------------------------------------------------------------


def content_links(ctx: Ctx, repo: Repo, path: str, sha: str, ref: str, kind: str) -> dict[str, Any]:
    """The url fields of a contents entry (path and ref percent-encoded, as GitHub does)."""
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    web = f"{ctx.fake.web_url}/{repo.owner}/{repo.name}"
    path, ref = quote(path), quote(ref, safe="")
    self_url = f"{base}/contents/{path}?ref={ref}"
    git_url = f"{base}/git/{'trees' if kind == 'dir' else 'blobs'}/{sha}"
    html_url = f"{web}/{'tree' if kind == 'dir' else 'blob'}/{ref}/{path}"
    return {
        "url": self_url,
        "git_url": git_url,
        "html_url": html_url,
        "download_url": None if kind == "dir" else f"{web}/raw/{ref}/{path}",
        "_links": {"self": self_url, "git": git_url, "html": html_url},
    }


@operation("repos/get-content")
def get_content(ctx: Ctx) -> Answer:
    repo = find_repo(ctx)
    path = ctx.params["path"].strip("/")
    ref = ctx.query.get("ref") or repo.default_branch
    commit = repo.store.commits[resolve_ref(repo, ctx.query.get("ref"))]
    entry = repo.store.lookup(commit.tree, path)
    if entry is None:
        raise not_found()
    mode, sha = entry
    name = path.rsplit("/", 1)[-1]
    if mode == TREE_MODE:
        listing = []
        for child, (cmode, csha) in sorted(repo.store.trees[sha].items()):
            kind = "dir" if cmode == TREE_MODE else "file"
            cpath = f"{path}/{child}"
            size = 0 if kind == "dir" else len(repo.store.blobs[csha])
            listing.append(
                {
                    "type": kind,
                    "size": size,
                    "name": child,
                    "path": cpath,
                    "sha": csha,
                    **content_links(ctx, repo, cpath, csha, ref, kind),
                }
            )
        return 200, listing
    data = repo.store.blobs[sha]
    inline = len(data) <= ctx.fake.inline_limit
    return 200, {
        "type": "file",
        "encoding": "base64" if inline else "none",
        "size": len(data),
        "name": name,
        "path": path,
        "content": wrap_base64(data) if inline else "",
        "sha": sha,
        **content_links(ctx, repo, path, sha, ref, "file"),
    }


@operation("repos/create-or-update-file-contents")
def put_content(ctx: Ctx) -> Answer:
    repo = writable_repo(ctx)
    body = ctx.body or {}
    path = ctx.params["path"].strip("/")
    branch = body.get("branch") or repo.default_branch
    head = repo.branches.get(branch)
    if head is None and repo.branches:
        raise not_found(f"Branch {branch} not found")
    if "message" not in body or "content" not in body:
        missing = "message" if "message" not in body else "content"
        raise invalid(f'Invalid request.\n\n"{missing}" wasn\'t supplied.')
    try:
        data = base64.b64decode("".join(str(body["content"]).split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid("content is not valid Base64") from exc
    if len(data) > ctx.fake.max_file_size:
        raise invalid("Invalid request.\n\ncontent is too large.")
    flat = repo.store.flatten(repo.store.commits[head].tree) if head else {}
    current = flat.get(path)
    given = body.get("sha")
    if current is not None and not given:
        raise invalid('Invalid request.\n\n"sha" wasn\'t supplied.')
    if given and (current is None or current[1] != given):
        raise ApiError(409, f"{path} does not match {given}")
    blob = repo.store.put_blob(data)
    flat[path] = (FILE_MODE, blob)
    tree = repo.store.build(flat)
    committer = signature(ctx, body.get("committer"))
    author = signature(ctx, body.get("author"), committer)
    sha = repo.store.put_commit(
        tree, [head] if head else [], author, committer, str(body["message"])
    )
    repo.branches[branch] = sha
    repo.updated = time.time()
    commit = repo.store.commits[sha]
    gc = git_commit_json(ctx, repo, commit)
    content = {
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": blob,
        "size": len(data),
        "type": "file",
        **content_links(ctx, repo, path, blob, branch, "file"),
    }
    return (201 if current is None else 200), {"content": content, "commit": gc}


# ----- git data ------------------------------------------------------------------------------


@operation("git/get-ref")
def get_ref(ctx: Ctx) -> Answer:
    repo = find_repo(ctx)
    nonempty(repo)
    ref = ctx.params["ref"]
    if not ref.startswith("heads/") or ref[len("heads/") :] not in repo.branches:
        raise not_found()
    return 200, ref_json(ctx, repo, ref[len("heads/") :])


@operation("git/create-ref")
def create_ref(ctx: Ctx) -> Answer:
    repo = writable_repo(ctx)
    body = ctx.body or {}
    ref, sha = str(body.get("ref", "")), str(body.get("sha", ""))
    if not ref.startswith("refs/") or ref.count("/") < 2:
        raise invalid(f"{ref} is not a valid ref name.")
    if not ref.startswith("refs/heads/"):
        raise invalid("Only branch references are supported by this fake.")
    branch = ref[len("refs/heads/") :]
    if branch in repo.branches:
        raise invalid("Reference already exists")
    if sha not in repo.store.commits:
        raise invalid("Object does not exist")
    repo.branches[branch] = sha
    ctx.headers["Location"] = f"{ctx.api}/repos/{repo.owner}/{repo.name}/git/{ref}"
    return 201, ref_json(ctx, repo, branch)


@operation("git/update-ref")
def update_ref(ctx: Ctx) -> Answer:
    repo = writable_repo(ctx)
    body = ctx.body or {}
    ref = ctx.params["ref"]
    branch = ref[len("heads/") :] if ref.startswith("heads/") else None
    if branch is None or branch not in repo.branches:
        raise invalid("Reference does not exist")
    sha = str(body.get("sha", ""))
    if sha not in repo.store.commits:
        raise invalid("Object does not exist")
    old = repo.branches[branch]
    fast_forward = repo.store.is_ancestor(old, sha)
    force = bool(body.get("force", False))
    if not fast_forward and not force:
        raise invalid("Update is not a fast forward")
    if force:
        ctx.fake.forced_updates.append(
            {
                "repo": f"{repo.owner}/{repo.name}",
                "ref": f"refs/heads/{branch}",
                "old": old,
                "new": sha,
                "fast_forward": fast_forward,
            }
        )
    repo.branches[branch] = sha
    repo.updated = time.time()
    return 200, ref_json(ctx, repo, branch)


@operation("git/create-blob")
def create_blob(ctx: Ctx) -> Answer:
    repo = writable_repo(ctx)
    nonempty(repo)
    body = ctx.body or {}
    encoding = body.get("encoding", "utf-8")
    content = str(body.get("content", ""))
    if encoding in ("utf-8", "utf8"):
        data = content.encode()
    elif encoding == "base64":
        try:
            data = base64.b64decode("".join(content.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise invalid("Invalid Base64 content") from exc
    else:
        raise invalid(f"encoding must be one of utf-8 and base64, got {encoding}")
    if len(data) > ctx.fake.max_file_size:
        raise invalid("content is too large")
    sha = repo.store.put_blob(data)
    return 201, {"url": f"{ctx.api}/repos/{repo.owner}/{repo.name}/git/blobs/{sha}", "sha": sha}


def _apply_entry(
    store: ObjectStore, flat: dict[str, tuple[str, str]], entry: dict[str, Any]
) -> None:
    path = str(entry.get("path", "")).strip("/")
    mode = str(entry.get("mode", FILE_MODE))
    if not path:
        raise invalid(
            "Invalid tree info", [{"resource": "Tree", "code": "missing_field", "field": "path"}]
        )
    if "sha" in entry and "content" in entry:
        raise invalid("Invalid tree info: use either tree.sha or content, not both")
    for key in [p for p in flat if p == path or p.startswith(path + "/")]:
        del flat[key]
    if "content" in entry:
        flat[path] = (mode, store.put_blob(str(entry["content"]).encode()))
        return
    sha = entry.get("sha")
    if sha is None:
        return
    kind = store.kind(str(sha))
    if mode == "040000" or entry.get("type") == "tree":
        if kind != "tree":
            raise invalid(f"tree.sha {sha} is not a valid tree")
        for sub, item in store.flatten(str(sha)).items():
            flat[f"{path}/{sub}"] = item
        return
    if kind != "blob":
        raise invalid(f"tree.sha {sha} is not a valid blob")
    flat[path] = (mode, str(sha))


@operation("git/create-tree")
def create_tree(ctx: Ctx) -> Answer:
    repo = writable_repo(ctx)
    nonempty(repo)
    body = ctx.body or {}
    store = repo.store
    base_tree = body.get("base_tree")
    flat: dict[str, tuple[str, str]] = {}
    if base_tree:
        if store.kind(str(base_tree)) != "tree":
            raise invalid("Invalid tree info: base_tree is not a valid tree oid")
        flat = store.flatten(str(base_tree))
    for entry in body.get("tree") or []:
        _apply_entry(store, flat, entry)
    sha = store.build(flat)
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    items = [
        _tree_item(store, base, name, mode, osha)
        for name, (mode, osha) in sorted(store.trees[sha].items())
    ]
    return 201, {"sha": sha, "url": f"{base}/git/trees/{sha}", "truncated": False, "tree": items}


def _tree_item(store: ObjectStore, base: str, path: str, mode: str, sha: str) -> dict[str, Any]:
    """One entry of a `git-tree`."""
    item: dict[str, Any] = {
        "path": path,
        "mode": "040000" if mode == TREE_MODE else mode,
        "type": "tree" if mode == TREE_MODE else "blob",
        "sha": sha,
    }
    if mode == TREE_MODE:
        item["url"] = f"{base}/git/trees/{sha}"
    else:
        item["size"] = len(store.blobs[sha])
        item["url"] = f"{base}/git/blobs/{sha}"
    return item


def _walk(store: ObjectStore, tree: str, prefix: str = "") -> list[tuple[str, str, str]]:
    """Every entry under `tree`, folders before what they hold, as git lists them."""
    out: list[tuple[str, str, str]] = []
    for name, (mode, sha) in sorted(store.trees[tree].items()):
        out.append((prefix + name, mode, sha))
        if mode == TREE_MODE:
            out.extend(_walk(store, sha, f"{prefix}{name}/"))
    return out


@operation("git/get-tree")
def get_tree(ctx: Ctx) -> Answer:
    """A tree by sha, or the root tree of a branch or commit (GitHub takes either)."""
    repo = find_repo(ctx)
    nonempty(repo)
    store = repo.store
    wanted = ctx.params["tree_sha"]
    if store.kind(wanted) == "tree":
        sha = wanted
    elif wanted in repo.branches:
        sha = store.commits[repo.branches[wanted]].tree
    elif wanted in store.commits:
        sha = store.commits[wanted].tree
    else:
        raise not_found()
    base = f"{ctx.api}/repos/{repo.owner}/{repo.name}"
    if ctx.query.get("recursive"):  # GitHub: any value means recursive
        entries = _walk(store, sha)
    else:
        entries = [(n, m, s) for n, (m, s) in sorted(store.trees[sha].items())]
    limit = ctx.fake.tree_limit
    items = [_tree_item(store, base, p, m, s) for p, m, s in entries[:limit]]
    out = {"sha": sha, "url": f"{base}/git/trees/{sha}", "tree": items}
    return 200, {**out, "truncated": len(entries) > limit}


@operation("git/create-commit")
def create_commit(ctx: Ctx) -> Answer:
    repo = writable_repo(ctx)
    nonempty(repo)
    body = ctx.body or {}
    tree = str(body.get("tree", ""))
    if repo.store.kind(tree) != "tree":
        raise invalid("Tree SHA does not exist")
    parents = [str(p) for p in body.get("parents") or []]
    for p in parents:
        if p not in repo.store.commits:
            raise invalid("Parent SHA does not exist or is not a commit object")
    author = signature(ctx, body.get("author"))
    committer = signature(ctx, body.get("committer"), author)
    sha = repo.store.put_commit(tree, parents, author, committer, str(body.get("message", "")))
    ctx.headers["Location"] = f"{ctx.api}/repos/{repo.owner}/{repo.name}/git/commits/{sha}"
    return 201, git_commit_json(ctx, repo, repo.store.commits[sha])


@operation("git/list-matching-refs")
def list_matching_refs(ctx: Ctx) -> Answer:
    """Branches whose `refs/heads/...` name starts with the given `heads/...` prefix."""
    repo = find_repo(ctx)
    ref = ctx.params["ref"]
    if not ref.startswith("heads/"):
        return 200, []
    prefix = ref[len("heads/") :]
    return 200, [ref_json(ctx, repo, b) for b in sorted(repo.branches) if b.startswith(prefix)]


@operation("git/get-blob")
def get_blob(ctx: Ctx) -> Answer:
    repo = find_repo(ctx)
    sha = ctx.params["file_sha"]
    data = repo.store.blobs.get(sha)
    if data is None:
        raise not_found()
    return 200, {
        "content": wrap_base64(data),
        "encoding": "base64",
        "url": f"{ctx.api}/repos/{repo.owner}/{repo.name}/git/blobs/{sha}",
        "sha": sha,
        "size": len(data),
        "node_id": f"B_{sha[:12]}",
    }


@operation("git/get-commit")
def get_commit(ctx: Ctx) -> Answer:
    repo = find_repo(ctx)
    nonempty(repo)
    commit = repo.store.commits.get(ctx.params["commit_sha"])
    if commit is None:
        raise not_found()
    return 200, git_commit_json(ctx, repo, commit)


# ----- gists ---------------------------------------------------------------------------------

LANGUAGES = {
    ".py": "Python",
    ".ipynb": "Jupyter Notebook",
    ".md": "Markdown",
    ".r": "R",
    ".json": "JSON",
    ".txt": "Text",
}


def gist_json(ctx: Ctx, gist_id: str, revision: str | None = None) -> dict[str, Any]:
    """A `gist-simple` (its files as they were at `revision`, when given)."""
    gist = ctx.fake.gists[gist_id]
    owner = ctx.fake.accounts[gist["owner"]]
    api, web = ctx.api, ctx.fake.web_url
    files = {}
    current = gist["files"] if revision is None else gist["revisions"][revision]
    for name, content in current.items():
        ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        files[name] = {
            "filename": name,
            "type": "text/plain",
            "language": LANGUAGES.get(ext, "Text"),
            "raw_url": f"{web}/gist/{owner.login}/{gist_id}/raw/{gist['history'][0]['version']}/"
            f"{name}",
            "size": len(content.encode()),
            "truncated": False,
            "content": content,
            "encoding": "utf-8",
        }
    history = []
    for h in gist["history"]:
        history.append(
            {**h, "user": user_json(ctx, owner), "url": f"{api}/gists/{gist_id}/{h['version']}"}
        )
    return {
        "url": f"{api}/gists/{gist_id}",
        "forks_url": f"{api}/gists/{gist_id}/forks",
        "commits_url": f"{api}/gists/{gist_id}/commits",
        "id": gist_id,
        "node_id": f"G_{gist_id}",
        "git_pull_url": f"{web}/gist/{gist_id}.git",
        "git_push_url": f"{web}/gist/{gist_id}.git",
        "html_url": f"{web}/gist/{owner.login}/{gist_id}",
        "files": files,
        "public": gist["public"],
        "created_at": gist["created_at"],
        "updated_at": gist["updated_at"],
        "description": gist["description"],
        "comments": 0,
        "comments_enabled": True,
        "user": None,
        "comments_url": f"{api}/gists/{gist_id}/comments",
        "owner": user_json(ctx, owner),
        "truncated": False,
        "forks": [],
        "history": history,
    }


def _gist_version(gist_id: str, files: dict[str, str], n: int) -> str:
    blob = repr(sorted(files.items())).encode() + f"{gist_id}:{n}".encode()
    return hashlib.sha1(blob).hexdigest()


def _gist_change(before: dict[str, str], after: dict[str, str]) -> dict[str, int]:
    old = {line for text in before.values() for line in text.splitlines()}
    new = {line for text in after.values() for line in text.splitlines()}
    adds, dels = len(new - old), len(old - new)
    return {"total": adds + dels, "additions": adds, "deletions": dels}


def _gist_writer(ctx: Ctx) -> Account:
    account = ctx.require_login()
    if "gist" not in ctx.scopes:
        raise not_found()
    return account


@operation("gists/create")
def create_gist(ctx: Ctx) -> Answer:
    account = _gist_writer(ctx)
    body = ctx.body or {}
    files = body.get("files") or {}
    if not files:
        raise invalid(
            "Validation Failed", [{"resource": "Gist", "code": "missing_field", "field": "files"}]
        )
    contents = {}
    for name, spec in files.items():
        content = spec.get("content") if isinstance(spec, dict) else None
        if not isinstance(content, str) or not content.strip():
            raise invalid(
                "Validation Failed",
                [{"resource": "Gist", "code": "missing_field", "field": "files"}],
            )
        contents[str(name)] = content
    public = body.get("public", False)
    gist_id = hashlib.md5(f"{time.time_ns()}{len(ctx.fake.gists)}".encode()).hexdigest()
    now = iso(time.time())
    ctx.fake.gists[gist_id] = {
        "owner": account.login,
        "public": public is True or public == "true",
        "description": body.get("description"),
        "files": contents,
        "created_at": now,
        "updated_at": now,
        "revisions": {_gist_version(gist_id, contents, 1): dict(contents)},
        "history": [
            {
                "version": _gist_version(gist_id, contents, 1),
                "committed_at": now,
                "change_status": _gist_change({}, contents),
            }
        ],
    }
    ctx.headers["Location"] = f"{ctx.api}/gists/{gist_id}"
    return 201, gist_json(ctx, gist_id)


@operation("gists/list")
def list_gists(ctx: Ctx) -> Answer:
    """The signed-in user's gists, newest update first; `since` keeps those updated since then."""
    account = ctx.require_login()
    since = ctx.query.get("since")
    mine = [
        (gist["updated_at"], gist_id)
        for gist_id, gist in ctx.fake.gists.items()
        if gist["owner"] == account.login and (not since or gist["updated_at"] >= since)
    ]
    page, per_page = int(ctx.query.get("page") or 1), int(ctx.query.get("per_page") or 30)
    chosen = sorted(mine, reverse=True)[(page - 1) * per_page : page * per_page]
    out = []
    for _, gist_id in chosen:
        gist = gist_json(ctx, gist_id)
        # GitHub lists files without their content.
        gist["files"] = {
            name: {k: v for k, v in spec.items() if k not in ("content", "truncated")}
            for name, spec in gist["files"].items()
        }
        gist.pop("history", None)
        gist.pop("forks", None)
        out.append(gist)
    return 200, out


@operation("gists/get")
def get_gist(ctx: Ctx) -> Answer:
    if ctx.params["gist_id"] not in ctx.fake.gists:
        raise not_found()
    return 200, gist_json(ctx, ctx.params["gist_id"])


@operation("gists/get-revision")
def get_gist_revision(ctx: Ctx) -> Answer:
    gist = ctx.fake.gists.get(ctx.params["gist_id"])
    if gist is None or ctx.params["sha"] not in gist["revisions"]:
        raise not_found()
    return 200, gist_json(ctx, ctx.params["gist_id"], ctx.params["sha"])


@operation("gists/update")
def update_gist(ctx: Ctx) -> Answer:
    account = _gist_writer(ctx)
    gist = ctx.fake.gists.get(ctx.params["gist_id"])
    if gist is None or gist["owner"] != account.login:
        raise not_found()
    body = ctx.body or {}
    before = dict(gist["files"])
    files = dict(before)
    for name, spec in (body.get("files") or {}).items():
        if name not in files and (spec is None or "content" not in spec):
            raise invalid(
                "Validation Failed",
                [{"resource": "Gist", "code": "missing_field", "field": "files"}],
            )
        if spec is None:
            files.pop(name, None)
            continue
        content = spec.get("content", files.get(name))
        new_name = spec.get("filename") or name
        if content is not None and not str(content).strip():
            files.pop(name, None)
            continue
        files.pop(name, None)
        files[new_name] = content
    if not files:
        raise invalid(
            "Validation Failed", [{"resource": "Gist", "code": "missing_field", "field": "files"}]
        )
    if "description" in body:
        gist["description"] = body["description"]
    now = iso(time.time())
    gist["updated_at"] = now
    if files != before:
        gist["files"] = files
        n = len(gist["history"]) + 1
        version = _gist_version(ctx.params["gist_id"], files, n)
        gist["revisions"][version] = dict(files)
        gist["history"].insert(
            0,
            {
                "version": version,
                "committed_at": now,
                "change_status": _gist_change(before, files),
            },
        )
    return 200, gist_json(ctx, ctx.params["gist_id"])


# ----- pull requests -------------------------------------------------------------------------


def pull_json(ctx: Ctx, repo: Repo, pr: dict[str, Any], full: bool) -> dict[str, Any]:
    """A `pull-request` (or `pull-request-simple` when not `full`)."""
    api, web = ctx.api, ctx.fake.web_url
    full_name = f"{repo.owner}/{repo.name}"
    n = pr["number"]
    url = f"{api}/repos/{full_name}/pulls/{n}"
    issue = f"{api}/repos/{full_name}/issues/{n}"
    html = f"{web}/{full_name}/pull/{n}"
    user = user_json(ctx, ctx.fake.accounts[pr["user"]])
    owner = user_json(ctx, ctx.fake.accounts[repo.owner])

    def side(branch: str, sha: str) -> dict[str, Any]:
        return {
            "label": f"{repo.owner}:{branch}",
            "ref": branch,
            "repo": repo_json(ctx, repo, full=False),
            "sha": sha,
            "user": owner,
        }

    statuses = f"{api}/repos/{full_name}/statuses/{pr['head_sha']}"
    out: dict[str, Any] = {
        "url": url,
        "id": pr["id"],
        "node_id": f"PR_{pr['id']}",
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": issue,
        "commits_url": f"{url}/commits",
        "review_comments_url": f"{url}/comments",
        "review_comment_url": f"{api}/repos/{full_name}/pulls/comments{{/number}}",
        "comments_url": f"{issue}/comments",
        "statuses_url": statuses,
        "number": n,
        "state": "open",
        "locked": False,
        "title": pr["title"],
        "user": user,
        "body": pr["body"],
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": pr["created_at"],
        "updated_at": pr["created_at"],
        "closed_at": None,
        "merged_at": None,
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": side(pr["head"], pr["head_sha"]),
        "base": side(pr["base"], pr["base_sha"]),
        "_links": {
            "self": {"href": url},
            "html": {"href": html},
            "issue": {"href": issue},
            "comments": {"href": f"{issue}/comments"},
            "review_comments": {"href": f"{url}/comments"},
            "review_comment": {"href": f"{api}/repos/{full_name}/pulls/comments{{/number}}"},
            "commits": {"href": f"{url}/commits"},
            "statuses": {"href": statuses},
        },
        "author_association": "OWNER",
        "auto_merge": None,
        "draft": pr["draft"],
    }
    if full:
        out.update(
            merged=False,
            mergeable=None,
            rebaseable=None,
            mergeable_state="unknown",
            merged_by=None,
            comments=0,
            review_comments=0,
            maintainer_can_modify=False,
            commits=1,
            additions=0,
            deletions=0,
            changed_files=0,
        )
    return out


@operation("pulls/list")
def list_pulls(ctx: Ctx) -> Answer:
    repo = find_repo(ctx)
    pulls = ctx.fake.pulls.get((repo.owner.lower(), repo.name.lower()), [])
    head = ctx.query.get("head")
    chosen = [p for p in pulls if not head or f"{repo.owner}:{p['head']}" == head]
    path = f"/repos/{repo.owner}/{repo.name}/pulls"
    return 200, [pull_json(ctx, repo, p, False) for p in paginate(ctx, chosen, path)]


@operation("pulls/create")
def create_pull(ctx: Ctx) -> Answer:
    repo = writable_repo(ctx)
    account = ctx.require_login()
    body = ctx.body or {}
    head, base = str(body.get("head", "")), str(body.get("base", ""))
    head = head.split(":", 1)[1] if ":" in head else head
    errors = []
    if head not in repo.branches:
        errors.append({"resource": "PullRequest", "field": "head", "code": "invalid"})
    if base not in repo.branches:
        errors.append({"resource": "PullRequest", "field": "base", "code": "invalid"})
    if errors:
        raise invalid("Validation Failed", errors)
    if repo.branches[head] == repo.branches[base]:
        raise invalid(
            "Validation Failed",
            [
                {
                    "resource": "PullRequest",
                    "code": "custom",
                    "message": f"No commits between {base} and {head}",
                }
            ],
        )
    pulls = ctx.fake.pulls.setdefault((repo.owner.lower(), repo.name.lower()), [])
    if any(p["head"] == head and p["base"] == base for p in pulls):
        raise invalid(
            "Validation Failed",
            [
                {
                    "resource": "PullRequest",
                    "code": "custom",
                    "message": f"A pull request already exists for {repo.owner}:{head}.",
                }
            ],
        )
    pr = {
        "number": len(pulls) + 1,
        "id": ctx.fake._new_id(),
        "title": str(body.get("title") or head),
        "body": body.get("body"),
        "head": head,
        "base": base,
        "head_sha": repo.branches[head],
        "base_sha": repo.branches[base],
        "user": account.login,
        "draft": bool(body.get("draft", False)),
        "created_at": iso(time.time()),
    }
    pulls.append(pr)
    html = f"{ctx.fake.web_url}/{repo.owner}/{repo.name}/pull/{pr['number']}"
    ctx.headers["Location"] = html
    return 201, pull_json(ctx, repo, pr, True)


# ----- rate limit ----------------------------------------------------------------------------


@operation("rate-limit/get")
def get_rate_limit(ctx: Ctx) -> Answer:
    rate = dict(ctx.fake.rate)
    core = {k: rate[k] for k in ("limit", "remaining", "reset", "used")}
    other = {"limit": 30, "remaining": 30, "reset": rate["reset"], "used": 0}
    return 200, {
        "resources": {
            "core": core,
            "search": other,
            "graphql": dict(other, limit=5000, remaining=5000),
        },
        "rate": core,
    }
