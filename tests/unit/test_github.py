"""The GitHub client's own behaviour: headers, retries, and one-line errors.

These use a scripted transport (answers queued by the test) to pin down the
client's decisions exactly; the same paths against a real HTTP fake GitHub are
in test_github_fake.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import pytest

from jupyterlab_cloudshare.core.errors import AuthRequiredError, GitHubError, InvalidRequestError
from jupyterlab_cloudshare.core.github import (
    GitHubClient,
    Response,
    TransportError,
    blob_sha,
    missing_scopes,
    parse_repo,
)
from jupyterlab_cloudshare.core.settings import is_enterprise

TOKEN = "ghp_" + "S3cr3tT0k3n" * 3


class Scripted:
    """A transport that answers from a queue and records what was sent."""

    def __init__(self, *answers: Response | Exception) -> None:
        self.answers = list(answers)
        self.sent: list[dict[str, Any]] = []

    def request(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None, timeout: float
    ) -> Response:
        self.sent.append({"method": method, "url": url, "headers": dict(headers), "body": body})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def ok(data: Any, status: int = 200, **headers: str) -> Response:
    return Response(
        status,
        {k.replace("_", "-").lower(): v for k, v in headers.items()},
        json.dumps(data).encode(),
    )


def client(transport: Scripted, sleeps: list[float] | None = None, **kw: Any) -> GitHubClient:
    record = sleeps if sleeps is not None else []
    return GitHubClient(
        TOKEN, "https://api.github.com", transport=transport, sleep=record.append, **kw
    )


def test_requests_carry_githubs_headers_and_the_token_only_in_authorization():
    t = Scripted(ok({"login": "octocat"}, x_oauth_scopes="repo, gist"))
    user = client(t).get_user()
    sent = t.sent[0]
    assert sent["url"] == "https://api.github.com/user"
    assert sent["headers"]["Accept"] == "application/vnd.github+json"
    assert sent["headers"]["X-GitHub-Api-Version"] == "2022-11-28"
    assert sent["headers"]["User-Agent"]
    assert sent["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in sent["url"]
    assert user.login == "octocat"
    assert user.scopes == ["repo", "gist"]


def test_repr_hides_the_token():
    assert TOKEN not in repr(client(Scripted()))


def test_401_says_sign_in_again():
    t = Scripted(ok({"message": "Bad credentials"}, 401))
    with pytest.raises(AuthRequiredError) as info:
        client(t).get_user()
    assert info.value.message == "GitHub rejected the token; sign in again."
    assert info.value.status == 401


def test_exhausted_rate_limit_names_the_reset_time():
    reset = int(datetime(2030, 1, 2, 13, 45, tzinfo=timezone.utc).timestamp())
    t = Scripted(
        ok(
            {"message": "API rate limit exceeded"},
            403,
            x_ratelimit_remaining="0",
            x_ratelimit_reset=str(reset),
        )
    )
    with pytest.raises(GitHubError) as info:
        client(t).get_user()
    assert "13:45 UTC" in info.value.message
    assert info.value.code == "github_rate_limited"
    assert len(t.sent) == 1


def test_short_secondary_limit_on_a_read_is_waited_out():
    sleeps: list[float] = []
    t = Scripted(
        ok({"message": "secondary rate limit"}, 403, retry_after="1"), ok({"login": "octocat"})
    )
    assert client(t, sleeps).get_user().login == "octocat"
    assert sleeps == [1.0]


def test_long_secondary_limit_is_reported_not_waited():
    sleeps: list[float] = []
    t = Scripted(ok({"message": "secondary rate limit"}, 429, retry_after="60"))
    with pytest.raises(GitHubError) as info:
        client(t, sleeps).get_user()
    assert "60 s" in info.value.message
    assert sleeps == []


def test_reads_are_retried_with_doubling_backoff_on_5xx():
    sleeps: list[float] = []
    t = Scripted(ok({}, 502), ok({}, 503), ok({"login": "octocat"}))
    assert client(t, sleeps, retry_base_delay=0.2).get_user().login == "octocat"
    assert sleeps == pytest.approx([0.2, 0.4])


def test_reads_give_up_after_max_retries():
    t = Scripted(*(ok({}, 502) for _ in range(3)))
    with pytest.raises(GitHubError) as info:
        client(t, max_retries=2).get_user()
    assert info.value.code == "github_unavailable"
    assert len(t.sent) == 3


def test_connection_errors_are_retried_for_reads_only():
    t = Scripted(TransportError("ConnectionResetError"), ok({"login": "octocat"}))
    assert client(t).get_user().login == "octocat"
    # A reset after the request went out: the write may have landed.
    t = Scripted(TransportError("ConnectionResetError"))
    with pytest.raises(GitHubError) as info:
        client(t).create_gist({"a.ipynb": "{}"}, public=False, description="d")
    assert info.value.code == "github_result_unknown"
    assert "your gists" in info.value.message
    assert len(t.sent) == 1
    # A refused connection: nothing was sent.
    t = Scripted(TransportError("ConnectionRefusedError", sent=False))
    with pytest.raises(GitHubError) as info:
        client(t).create_gist({"a.ipynb": "{}"}, public=False, description="d")
    assert info.value.code == "github_unreachable"
    assert len(t.sent) == 1


def test_writes_are_not_repeated_on_5xx():
    t = Scripted(ok({}, 502))
    with pytest.raises(GitHubError):
        client(t).put_content("o", "r", "a.ipynb", b"{}", message="m", branch="main", sha=None)
    assert len(t.sent) == 1


def test_timeouts_are_not_retried_and_say_so():
    t = Scripted(TransportError("timed out", timeout=True))
    with pytest.raises(GitHubError) as info:
        client(t, timeout=1.5).get_user()
    assert info.value.code == "github_timeout"
    assert "1.5 s" in info.value.message
    assert len(t.sent) == 1


def test_missing_scope_is_named():
    t = Scripted(
        ok({"message": "Not Found"}, 404, x_oauth_scopes="repo", x_accepted_oauth_scopes="gist")
    )
    with pytest.raises(GitHubError) as info:
        client(t).create_gist({"a.ipynb": "{}"}, public=False, description="d")
    assert info.value.code == "github_missing_scope"
    assert "'gist'" in info.value.message
    assert info.value.details == {"missingScopes": ["gist"]}


def test_repo_scope_implies_public_repo():
    assert missing_scopes(["public_repo"], ["repo"]) == []
    assert missing_scopes(["repo"], ["public_repo"]) == ["repo"]
    assert missing_scopes([], ["gist"]) == []


def test_not_found_names_the_repository():
    t = Scripted(ok({"message": "Not Found"}, 404))
    with pytest.raises(GitHubError) as info:
        client(t).get_repo("octocat", "nope")
    assert info.value.status == 404
    assert "octocat/nope" in info.value.message


def test_a_token_echoed_by_github_is_masked():
    t = Scripted(ok({"message": f"token {TOKEN} is weird"}, 422))
    with pytest.raises(GitHubError) as info:
        client(t).create_gist({"a.ipynb": "{}"}, public=False, description="d")
    assert TOKEN not in info.value.message
    assert TOKEN not in json.dumps(info.value.to_json())


def test_repo_pages_follow_the_link_header():
    link = (
        '<https://api.github.com/user/repos?per_page=100&page=3>; rel="next", '
        '<https://api.github.com/user/repos?per_page=100&page=9>; rel="last"'
    )
    t = Scripted(ok([{"full_name": "a/b"}], link=link), ok([{"full_name": "c/d"}]))
    gh = client(t)
    repos, nxt = gh.list_repos(page=2)
    assert [r["full_name"] for r in repos] == ["a/b"] and nxt == 3
    assert "per_page=100" in t.sent[0]["url"] and "page=2" in t.sent[0]["url"]
    assert gh.list_repos(page=3)[1] is None


def test_blob_sha_is_gits():
    # `git hash-object` of an empty file and of "hello\n".
    assert blob_sha(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_enterprise_roots_are_recognised():
    assert not is_enterprise("https://api.github.com")
    assert not is_enterprise("http://127.0.0.1:8080/")
    assert is_enterprise("https://ghe.example.org/api/v3")


@pytest.mark.parametrize("bad", ["", "octocat", "a/b/c", "/", "../x", "a/"])
def test_bad_repository_names_get_a_clear_error(bad):
    with pytest.raises(InvalidRequestError) as info:
        parse_repo(bad)
    assert "OWNER/REPO" in info.value.message


def test_fast_forward_never_forces():
    t = Scripted(ok({"ref": "refs/heads/main"}))
    client(t).fast_forward("o", "r", "main", "a" * 40)
    assert json.loads(t.sent[0]["body"]) == {"sha": "a" * 40, "force": False}
    assert t.sent[0]["method"] == "PATCH"
