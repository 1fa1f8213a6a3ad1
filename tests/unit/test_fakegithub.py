"""The fake GitHub behaves as GitHub does and as its description says (plain urllib clients)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.fakegithub import FakeGitHub
from tests.fakegithub.git import FILE_MODE, TREE_MODE, ObjectStore, Signature

Reply = tuple[int, Any, Any]


def call(
    fake: FakeGitHub,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = "default",
    root: str | None = None,
    timeout: float = 10,
) -> Reply:
    """One API request; returns (status, parsed JSON body, headers)."""
    headers = {"Accept": "application/vnd.github+json"}
    tok = fake.token if token == "default" else token
    if tok:
        headers["Authorization"] = f"Bearer {tok}"
    data = None if body is None else json.dumps(body).encode()
    if data is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(
        (root or fake.api_url) + path, data=data, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None, resp.headers
    except urllib.error.HTTPError as err:
        with err:
            raw = err.read()
            return err.code, json.loads(raw) if raw else None, err.headers


def b64(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return base64.b64encode(data).decode()


# ----- git object ids ------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(
    repo: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> str:
    out = subprocess.run(
        ["git", *args],
        cwd=repo,
        input=stdin,
        capture_output=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return out.stdout.decode().strip()


@needs_git
def test_object_ids_equal_what_git_computes(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    files = {"b.txt": b"bee\n", "a/x.py": b"print(1)\n", "a.txt": b"", "a-b/c": b"\x00\xff"}
    store = ObjectStore()
    flat = {}
    for path, data in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
        expected = git(tmp_path, "hash-object", "-w", path)
        flat[path] = (FILE_MODE, store.put_blob(data))
        assert flat[path][1] == expected
    git(tmp_path, "add", "-A")
    tree = store.build(flat)
    assert tree == git(tmp_path, "write-tree")
    sig = Signature("Mona", "mona@example.com", 1700000000)
    message = "first\n\nbody line\n"
    dates = {
        "GIT_AUTHOR_DATE": "1700000000 +0000",
        "GIT_COMMITTER_DATE": "1700000000 +0000",
        "GIT_AUTHOR_NAME": "Mona",
        "GIT_AUTHOR_EMAIL": "mona@example.com",
        "GIT_COMMITTER_NAME": "Mona",
        "GIT_COMMITTER_EMAIL": "mona@example.com",
    }
    root = git(tmp_path, "commit-tree", tree, stdin=message.encode(), env=dates)
    assert store.put_commit(tree, [], sig, sig, message) == root
    child = git(tmp_path, "commit-tree", tree, "-p", root, stdin=b"second\n", env=dates)
    assert store.put_commit(tree, [root], sig, sig, "second\n") == child
    assert store.is_ancestor(root, child) and not store.is_ancestor(child, root)


@needs_git
def test_trees_sort_directories_as_name_slash(tmp_path: Path) -> None:
    store = ObjectStore()
    blob = store.put_blob(b"x")
    sub = store.put_tree({"f": (FILE_MODE, blob)})
    entries = {"foo": (TREE_MODE, sub), "foo.txt": (FILE_MODE, blob), "foo-bar": (FILE_MODE, blob)}
    git(tmp_path, "init", "-q")
    git(tmp_path, "hash-object", "-w", "--stdin", stdin=b"x")
    git(tmp_path, "mktree", stdin=f"100644 blob {blob}\tf\n".encode())
    listing = "".join(
        f"{'040000 tree' if m == TREE_MODE else '100644 blob'} {s}\t{n}\n"
        for n, (m, s) in entries.items()
    )
    assert store.put_tree(entries) == git(tmp_path, "mktree", stdin=listing.encode())


# ----- contents ------------------------------------------------------------------------------


def test_contents_get_returns_wrapped_base64_and_blob_sha(fake_github: FakeGitHub) -> None:
    data = bytes(range(256)) * 3
    fake_github.commit_file("octocat", "hello", "main", "bin/data.bin", data)
    status, body, _ = call(fake_github, "GET", "/repos/octocat/hello/contents/bin/data.bin")
    assert status == 200
    lines = body["content"].split("\n")
    assert all(len(line) == 60 for line in lines[:-2]) and lines[-1] == ""
    assert base64.b64decode(body["content"]) == data
    assert body["sha"] == hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_contents_missing_file_and_missing_ref_are_404(fake_github: FakeGitHub) -> None:
    assert call(fake_github, "GET", "/repos/octocat/hello/contents/nope.py")[0] == 404
    status, body, _ = call(fake_github, "GET", "/repos/octocat/hello/contents/README.md?ref=zz")
    assert status == 404 and "zz" in body["message"]


def test_contents_put_creates_then_updates_with_sha(fake_github: FakeGitHub) -> None:
    before = fake_github.branch_sha("octocat", "hello", "main")
    path = "/repos/octocat/hello/contents/nb/a.py"
    status, body, _ = call(fake_github, "PUT", path, {"message": "add", "content": b64("v1")})
    assert status == 201
    assert body["commit"]["parents"][0]["sha"] == before
    assert fake_github.read_file("octocat", "hello", "main", "nb/a.py") == b"v1"
    sha1 = body["content"]["sha"]
    status, body, _ = call(
        fake_github, "PUT", path, {"message": "edit", "content": b64("v2"), "sha": sha1}
    )
    assert status == 200
    log = fake_github.commit_log("octocat", "hello", "main")
    assert [c["message"] for c in log[:2]] == ["edit", "add"]
    assert log[0]["files"]["nb/a.py"] == b"v2" and log[0]["files"]["README.md"] == b"# hello\n"
    assert body["commit"]["sha"] == log[0]["sha"]


def test_contents_put_update_without_sha_is_422(fake_github: FakeGitHub) -> None:
    status, body, _ = call(
        fake_github,
        "PUT",
        "/repos/octocat/hello/contents/README.md",
        {"message": "x", "content": b64("new")},
    )
    assert status == 422 and '"sha" wasn\'t supplied' in body["message"]


def test_contents_put_with_stale_sha_is_409(fake_github: FakeGitHub) -> None:
    old = call(fake_github, "GET", "/repos/octocat/hello/contents/README.md")[1]["sha"]
    fake_github.commit_file("octocat", "hello", "main", "README.md", "someone else")
    status, body, _ = call(
        fake_github,
        "PUT",
        "/repos/octocat/hello/contents/README.md",
        {"message": "x", "content": b64("mine"), "sha": old},
    )
    assert status == 409 and body["message"] == f"README.md does not match {old}"
    assert fake_github.read_file("octocat", "hello", "main", "README.md") == b"someone else"


def test_contents_put_to_missing_branch_is_404(fake_github: FakeGitHub) -> None:
    status, body, _ = call(
        fake_github,
        "PUT",
        "/repos/octocat/hello/contents/x.py",
        {"message": "x", "content": b64("x"), "branch": "nope"},
    )
    assert status == 404 and body["message"] == "Branch nope not found"


def test_enterprise_root_serves_the_same_api(fake_github: FakeGitHub) -> None:
    status, body, _ = call(
        fake_github, "GET", "/repos/octocat/hello", root=fake_github.enterprise_api_url
    )
    assert status == 200
    assert body["url"].startswith(fake_github.enterprise_api_url + "/repos/")
    assert body["html_url"] == f"{fake_github.web_url}/octocat/hello"


# ----- git data: refs -------------------------------------------------------------------------


def _commit_on(fake: FakeGitHub, parent: str, content: str) -> str:
    tree_sha = call(fake, "GET", f"/repos/octocat/hello/git/commits/{parent}")[1]["tree"]["sha"]
    status, tree, _ = call(
        fake,
        "POST",
        "/repos/octocat/hello/git/trees",
        {
            "base_tree": tree_sha,
            "tree": [{"path": "d/f.py", "mode": "100644", "type": "blob", "content": content}],
        },
    )
    assert status == 201
    status, commit, _ = call(
        fake,
        "POST",
        "/repos/octocat/hello/git/commits",
        {"message": content, "tree": tree["sha"], "parents": [parent]},
    )
    assert status == 201
    return str(commit["sha"])


def test_update_ref_must_fast_forward_unless_forced(fake_github: FakeGitHub) -> None:
    head = fake_github.branch_sha("octocat", "hello", "main")
    assert head is not None
    mine = _commit_on(fake_github, head, "mine")
    fake_github.commit_file("octocat", "hello", "main", "other.txt", "theirs")
    ref = "/repos/octocat/hello/git/refs/heads/main"
    status, body, _ = call(fake_github, "PATCH", ref, {"sha": mine, "force": False})
    assert status == 422 and body["message"] == "Update is not a fast forward"
    assert fake_github.forced_updates == []
    status, body, _ = call(fake_github, "PATCH", ref, {"sha": mine, "force": True})
    assert status == 200 and body["object"]["sha"] == mine
    assert fake_github.forced_updates[0]["new"] == mine
    assert fake_github.forced_updates[0]["fast_forward"] is False


def test_fast_forward_update_and_tree_entries(fake_github: FakeGitHub) -> None:
    head = fake_github.branch_sha("octocat", "hello", "main")
    assert head is not None
    new = _commit_on(fake_github, head, "print(2)\n")
    status, _, _ = call(
        fake_github, "PATCH", "/repos/octocat/hello/git/refs/heads/main", {"sha": new}
    )
    assert status == 200
    assert fake_github.read_file("octocat", "hello", "main", "d/f.py") == b"print(2)\n"
    assert fake_github.read_file("octocat", "hello", "main", "README.md") == b"# hello\n"
    assert fake_github.forced_updates == []


def test_create_ref_rejects_existing_and_unknown_commit(fake_github: FakeGitHub) -> None:
    head = fake_github.branch_sha("octocat", "hello", "main")
    refs = "/repos/octocat/hello/git/refs"
    status, body, _ = call(fake_github, "POST", refs, {"ref": "refs/heads/main", "sha": head})
    assert status == 422 and body["message"] == "Reference already exists"
    status, _, _ = call(fake_github, "POST", refs, {"ref": "refs/heads/x", "sha": "0" * 40})
    assert status == 422
    status, body, _ = call(fake_github, "POST", refs, {"ref": "refs/heads/feat", "sha": head})
    assert status == 201 and fake_github.branch_sha("octocat", "hello", "feat") == head
    assert call(fake_github, "GET", "/repos/octocat/hello/git/ref/heads/feat")[0] == 200
    assert call(fake_github, "GET", "/repos/octocat/hello/git/ref/heads/none")[0] == 404


def test_create_commit_with_unknown_parent_is_422(fake_github: FakeGitHub) -> None:
    head = fake_github.branch_sha("octocat", "hello", "main")
    tree = call(fake_github, "GET", f"/repos/octocat/hello/git/commits/{head}")[1]["tree"]["sha"]
    status, _, _ = call(
        fake_github,
        "POST",
        "/repos/octocat/hello/git/commits",
        {"message": "m", "tree": tree, "parents": ["1" * 40]},
    )
    assert status == 422


# ----- repos, pagination, auth -----------------------------------------------------------------


def test_user_repos_pagination_link_header(fake_github: FakeGitHub) -> None:
    for i in range(6):
        fake_github.create_repo("octocat", f"r{i}")
    status, body, headers = call(fake_github, "GET", "/user/repos?per_page=3&page=2")
    assert status == 200 and len(body) == 3
    api = fake_github.api_url
    assert headers["Link"] == (
        f'<{api}/user/repos?page=1&per_page=3>; rel="prev", '
        f'<{api}/user/repos?page=3&per_page=3>; rel="next", '
        f'<{api}/user/repos?page=3&per_page=3>; rel="last", '
        f'<{api}/user/repos?page=1&per_page=3>; rel="first"'
    )
    _, last, headers = call(fake_github, "GET", "/user/repos?per_page=3&page=3")
    assert len(last) == 1 and 'rel="next"' not in headers["Link"]
    names = [r["name"] for r in call(fake_github, "GET", "/user/repos?per_page=100")[1]]
    assert names == sorted(names) and len(names) == 7


def test_user_and_org_repo_listings(fake_github: FakeGitHub) -> None:
    token = "ghp_" + "o" * 36
    fake_github.add_user("member", token, orgs=("acme",))
    for i in range(3):
        fake_github.create_repo("acme", f"pub{i}")
    fake_github.create_repo("acme", "hidden", private=True)
    fake_github.create_repo("octocat", "mine", private=True)
    # Public ones only, for users and organisations alike, paginated as GitHub does.
    status, body, headers = call(fake_github, "GET", "/users/acme/repos?per_page=2")
    assert status == 200 and [r["name"] for r in body] == ["pub0", "pub1"]
    assert 'rel="next"' in headers["Link"] and "/users/acme/repos?" in headers["Link"]
    names = [r["name"] for r in call(fake_github, "GET", "/users/octocat/repos")[1]]
    assert names == ["hello"]
    assert call(fake_github, "GET", "/users/nobody/repos")[0] == 404
    # An organisation's private repositories: for its members only.
    _, body, _ = call(fake_github, "GET", "/orgs/acme/repos?type=all&sort=full_name", token=token)
    assert [r["name"] for r in body] == ["hidden", "pub0", "pub1", "pub2"]
    _, body, _ = call(fake_github, "GET", "/orgs/acme/repos?type=all")
    assert "hidden" not in [r["name"] for r in body]
    assert call(fake_github, "GET", "/orgs/octocat/repos")[0] == 404


def test_recursive_tree_of_a_branch(fake_github: FakeGitHub) -> None:
    main = fake_github.branch_sha("octocat", "hello", "main")
    assert main is not None
    fake_github.set_branch("octocat", "hello", "feature/x", main)
    fake_github.commit_file("octocat", "hello", "feature/x", "a/b/n.ipynb", "{}")
    status, body, _ = call(fake_github, "GET", "/repos/octocat/hello/git/trees/feature%2Fx")
    assert status == 200 and [e["path"] for e in body["tree"]] == ["README.md", "a"]
    _, body, _ = call(fake_github, "GET", "/repos/octocat/hello/git/trees/feature%2Fx?recursive=1")
    assert [(e["path"], e["type"]) for e in body["tree"]] == [
        ("README.md", "blob"),
        ("a", "tree"),
        ("a/b", "tree"),
        ("a/b/n.ipynb", "blob"),
    ]
    assert body["truncated"] is False
    # By tree sha too; an unknown name is 404.
    _, again, _ = call(fake_github, "GET", f"/repos/octocat/hello/git/trees/{body['sha']}")
    assert again["sha"] == body["sha"]
    assert call(fake_github, "GET", "/repos/octocat/hello/git/trees/nope")[0] == 404
    fake_github.tree_limit = 2
    _, cut, _ = call(fake_github, "GET", "/repos/octocat/hello/git/trees/feature%2Fx?recursive=1")
    assert cut["truncated"] is True and len(cut["tree"]) == 2


def test_private_repo_is_invisible_to_others(fake_github: FakeGitHub) -> None:
    fake_github.add_user("mallory", "ghp_" + "m" * 36)
    fake_github.create_repo("octocat", "secret", private=True)
    assert call(fake_github, "GET", "/repos/octocat/secret")[0] == 200
    assert call(fake_github, "GET", "/repos/octocat/secret", token="ghp_" + "m" * 36)[0] == 404
    assert call(fake_github, "GET", "/repos/octocat/secret", token=None)[0] == 404


def test_read_only_collaborator_cannot_write(fake_github: FakeGitHub) -> None:
    token = "ghp_" + "r" * 36
    fake_github.add_user("reader", token)
    fake_github.add_collaborator("octocat", "hello", "reader", "pull")
    status, body, _ = call(fake_github, "GET", "/repos/octocat/hello", token=token)
    assert status == 200 and body["permissions"]["push"] is False
    status, _, _ = call(
        fake_github,
        "PUT",
        "/repos/octocat/hello/contents/x.py",
        {"message": "x", "content": b64("x")},
        token=token,
    )
    assert status == 404
    assert fake_github.read_file("octocat", "hello", "main", "x.py") is None


def test_bad_token_is_401_with_github_shape(fake_github: FakeGitHub) -> None:
    status, body, _ = call(fake_github, "GET", "/user", token="ghp_" + "x" * 36)
    assert status == 401
    assert body == {
        "message": "Bad credentials",
        "documentation_url": "https://docs.github.com/rest",
        "status": "401",
    }
    assert call(fake_github, "GET", "/user", token=None)[0] == 401


def test_scope_headers(fake_github: FakeGitHub) -> None:
    _, body, headers = call(fake_github, "GET", "/user")
    assert body["login"] == "octocat"
    assert headers["X-OAuth-Scopes"] == "repo, gist"
    assert headers["X-GitHub-Request-Id"]


def test_gist_needs_gist_scope(fake_github: FakeGitHub) -> None:
    token = "ghp_" + "n" * 36
    fake_github.add_token("octocat", token, ("repo",))
    body = {"files": {"a.py": {"content": "x = 1\n"}}}
    assert call(fake_github, "POST", "/gists", body, token=token)[0] == 404
    status, gist, _ = call(fake_github, "POST", "/gists", body)
    assert status == 201 and gist["public"] is False
    assert gist["html_url"] == f"{fake_github.web_url}/gist/octocat/{gist['id']}"
    assert fake_github.gists[gist["id"]]["files"] == {"a.py": "x = 1\n"}


def test_gist_update_rename_delete_and_history(fake_github: FakeGitHub) -> None:
    files = {"a.py": {"content": "1"}, "b.py": {"content": "2"}}
    _, gist, _ = call(fake_github, "POST", "/gists", {"files": files, "public": True})
    status, gist, _ = call(
        fake_github,
        "PATCH",
        f"/gists/{gist['id']}",
        {"files": {"a.py": {"filename": "c.py", "content": "3"}, "b.py": None}},
    )
    assert status == 200 and list(gist["files"]) == ["c.py"]
    assert len(gist["history"]) == 2
    fake_github.add_user("eve", "ghp_" + "e" * 36)
    status, _, _ = call(
        fake_github, "PATCH", f"/gists/{gist['id']}", {"description": "x"}, token="ghp_" + "e" * 36
    )
    assert status == 404
    assert call(fake_github, "POST", "/gists", {"files": {}})[0] == 422


# ----- rate limits ---------------------------------------------------------------------------


def test_rate_limit_counts_down_then_403(fake_github: FakeGitHub) -> None:
    reset = int(time.time()) + 600
    fake_github.set_rate_limit(remaining=1, reset=reset)
    status, _, headers = call(fake_github, "GET", "/user")
    assert status == 200 and headers["x-ratelimit-remaining"] == "0"
    status, body, headers = call(fake_github, "GET", "/user")
    assert status == 403
    assert headers["x-ratelimit-remaining"] == "0" and headers["x-ratelimit-reset"] == str(reset)
    account_id = fake_github.accounts["octocat"].id
    assert body["message"] == f"API rate limit exceeded for user ID {account_id}."
    assert body["documentation_url"]
    status, limits, _ = call(fake_github, "GET", "/rate_limit")
    assert status == 200 and limits["resources"]["core"]["remaining"] == 0


@pytest.mark.parametrize("status", [403, 429])
def test_secondary_rate_limit_sends_retry_after(fake_github: FakeGitHub, status: int) -> None:
    fake_github.set_rate_limit(remaining=0, secondary=True, retry_after=30, status=status)
    got, body, headers = call(fake_github, "GET", "/repos/octocat/hello")
    assert got == status and 29 <= int(headers["retry-after"]) <= 30
    assert body["message"].startswith("You have exceeded a secondary rate limit")


# ----- device flow ---------------------------------------------------------------------------


def device_post(
    fake: FakeGitHub, path: str, form: dict[str, str], accept_json: bool = True
) -> dict[str, str]:
    headers = {"Accept": "application/json"} if accept_json else {}
    req = urllib.request.Request(
        fake.base_url + path,
        method="POST",
        headers=headers,
        data=urllib.parse.urlencode(form).encode(),
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        raw = resp.read().decode()
        if accept_json:
            return json.loads(raw)  # type: ignore[no-any-return]
        return dict(urllib.parse.parse_qsl(raw))


def test_device_flow_pending_slow_down_then_token(fake_github: FakeGitHub) -> None:
    fake_github.device_interval = 0
    cid = fake_github.oauth_client_id
    code = device_post(fake_github, "/login/device/code", {"client_id": cid, "scope": "repo"})
    assert re.fullmatch(r"[A-Z]{4}-[A-Z]{4}", code["user_code"])
    assert code["verification_uri"] == f"{fake_github.web_url}/login/device"
    assert fake_github.pending_user_codes() == [code["user_code"]]
    poll = {
        "client_id": cid,
        "device_code": code["device_code"],
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
    }
    assert device_post(fake_github, "/login/oauth/access_token", poll)["error"] == (
        "authorization_pending"
    )
    fake_github.device_interval = 5
    slow_code = device_post(fake_github, "/login/device/code", {"client_id": cid})
    slow = device_post(
        fake_github, "/login/oauth/access_token", {**poll, "device_code": slow_code["device_code"]}
    )
    assert slow["error"] == "slow_down" and int(slow["interval"]) == 10
    fake_github.approve_device(code["user_code"], "octocat", ("repo",))
    answer = device_post(fake_github, "/login/oauth/access_token", poll, accept_json=False)
    assert answer["token_type"] == "bearer" and answer["scope"] == "repo"
    status, body, _ = call(fake_github, "GET", "/user", token=answer["access_token"])
    assert status == 200 and body["login"] == "octocat"


@pytest.mark.parametrize(
    ("action", "error"),
    [
        ("deny", "access_denied"),
        ("expire", "expired_token"),
        ("client", "incorrect_client_credentials"),
        ("disabled", "device_flow_disabled"),
    ],
)
def test_device_flow_errors(fake_github: FakeGitHub, action: str, error: str) -> None:
    fake_github.device_interval = 0
    cid = fake_github.oauth_client_id
    code = device_post(fake_github, "/login/device/code", {"client_id": cid})
    poll = {
        "client_id": cid,
        "device_code": code["device_code"],
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
    }
    if action == "deny":
        fake_github.deny_device(code["user_code"])
    elif action == "expire":
        fake_github.expire_device(code["user_code"])
    elif action == "client":
        poll["client_id"] = "Iv1.other"
    else:
        fake_github.device_flow_enabled = False
    answer = device_post(fake_github, "/login/oauth/access_token", poll)
    assert answer["error"] == error and answer["error_uri"].startswith("https://docs.github.com")


# ----- validation and faults ------------------------------------------------------------------


def test_request_violating_the_description_is_recorded(fake_github: FakeGitHub) -> None:
    fake_github.expect_violations = True
    call(fake_github, "PUT", "/repos/octocat/hello/contents/x.py", {"content": 5})
    call(fake_github, "GET", "/user/repos?per_page=many")
    call(fake_github, "GET", "/repos/octocat/hello/issues")
    text = "\n".join(fake_github.violations)
    assert "contents" in text and "per_page" in text and "/issues" in text
    assert fake_github.token is not None and fake_github.token not in text


def test_requests_are_recorded_with_authorization_redacted(fake_github: FakeGitHub) -> None:
    call(fake_github, "GET", "/repos/octocat/hello/contents/README.md?ref=main")
    record = fake_github.requests[-1]
    assert record["path"] == "/repos/octocat/hello/contents/README.md"
    assert record["query"] == {"ref": "main"} and record["status"] == 200
    assert fake_github.token not in json.dumps(record)
    assert fake_github.request_count("GET", r"/contents/") == 1
    fake_github.reset_counts()
    assert fake_github.request_count() == 0


def test_fail_next_answers_the_status_once(fake_github: FakeGitHub) -> None:
    fake_github.fail_next(status=502, method="GET", path_regex=r"/user$")
    assert call(fake_github, "GET", "/repos/octocat/hello")[0] == 200
    assert call(fake_github, "GET", "/user")[0] == 502
    assert call(fake_github, "GET", "/user")[0] == 200


def test_reset_next_closes_without_answer(fake_github: FakeGitHub) -> None:
    fake_github.reset_next()
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, urllib.error.URLError)):
        call(fake_github, "GET", "/user")
    assert call(fake_github, "GET", "/user")[0] == 200


def test_delay_next_makes_a_client_time_out(fake_github: FakeGitHub) -> None:
    fake_github.delay_next(2.0)
    start = time.monotonic()
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        call(fake_github, "GET", "/user", timeout=0.3)
    assert time.monotonic() - start < 1.5
    assert call(fake_github, "GET", "/user")[0] == 200


def test_control_routes_approve_and_deny_device_codes(fake_github: FakeGitHub) -> None:
    """The test-only `/_fake/device/...` routes (standalone mode) drive the device flow."""
    fake_github.control_routes = True
    fake_github.device_interval = 0
    cid = fake_github.oauth_client_id
    poll = {"client_id": cid, "grant_type": "urn:ietf:params:oauth:grant-type:device_code"}
    approved = device_post(fake_github, "/login/device/code", {"client_id": cid})
    denied = device_post(fake_github, "/login/device/code", {"client_id": cid})
    fake_github.reset_counts()
    ok = {"user_code": approved["user_code"], "login": "octocat"}
    assert call(fake_github, "POST", "/_fake/device/approve", ok, token=None)[0] == 204
    no = {"user_code": denied["user_code"]}
    assert call(fake_github, "POST", "/_fake/device/deny", no, token=None)[0] == 204
    unknown = {"user_code": "XXXX-XXXX", "login": "octocat"}
    assert call(fake_github, "POST", "/_fake/device/approve", unknown, token=None)[0] == 404
    assert call(fake_github, "GET", "/_fake/nothing", token=None)[0] == 404
    # Not GitHub: neither recorded nor checked.
    assert fake_github.requests == [] and fake_github.violations == []
    token = device_post(
        fake_github, "/login/oauth/access_token", {**poll, "device_code": approved["device_code"]}
    )["access_token"]
    assert call(fake_github, "GET", "/user", token=token)[1]["login"] == "octocat"
    answer = device_post(
        fake_github, "/login/oauth/access_token", {**poll, "device_code": denied["device_code"]}
    )
    assert answer["error"] == "access_denied"


def test_control_route_commits_a_file(fake_github: FakeGitHub) -> None:
    """`POST /_fake/commit` moves a branch on, as someone else's push would."""
    fake_github.control_routes = True
    before = fake_github.branch_sha("octocat", "hello", "main")
    change = {"owner": "octocat", "repo": "hello", "branch": "main", "path": "d/n.ipynb"}
    status, body, _ = call(
        fake_github, "POST", "/_fake/commit", {**change, "content": "{}"}, token=None
    )
    assert status == 200 and body["sha"] == fake_github.branch_sha("octocat", "hello", "main")
    assert body["sha"] != before
    assert fake_github.read_file("octocat", "hello", "main", "d/n.ipynb") == b"{}"
    assert call(fake_github, "POST", "/_fake/commit", change, token=None)[0] == 400
    elsewhere = {**change, "repo": "nope", "content": "{}"}
    assert call(fake_github, "POST", "/_fake/commit", elsewhere, token=None)[0] == 404
    assert fake_github.requests == [] and fake_github.violations == []


def test_control_routes_are_off_by_default(fake_github: FakeGitHub) -> None:
    """Without `control_routes` (the fixture), `/_fake/...` is an unknown API path."""
    fake_github.expect_violations = True
    body = {"user_code": "XXXX-XXXX", "login": "octocat"}
    assert call(fake_github, "POST", "/_fake/device/approve", body)[0] == 404
    assert any("/_fake/device/approve" in v for v in fake_github.violations)


def test_standalone_prints_url_and_serves(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakegithub",
            "--port",
            "0",
            "--user",
            "octocat",
            "--token",
            "ghp_" + "s" * 36,
            "--repo",
            "octocat/hello",
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        url = json.loads(proc.stdout.readline())["url"]
        fake = FakeGitHub()
        fake.base_url, fake.token = url, "ghp_" + "s" * 36
        status, body, _ = call(fake, "GET", "/repos/octocat/hello")
        assert status == 200 and body["default_branch"] == "main"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
