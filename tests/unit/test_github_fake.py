"""The GitHub client over real HTTP against the fake GitHub: faults give one-line errors."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from jupyterlab_cloudshare.core.errors import AuthRequiredError, GitHubError
from jupyterlab_cloudshare.core.github import GitHubClient


def client(fake: Any, token: str | None = None, **kw: Any) -> GitHubClient:
    kw.setdefault("timeout", 5)
    kw.setdefault("retry_base_delay", 0.01)
    return GitHubClient(token or fake.token, fake.api_url, **kw)


def one_line(err: BaseException, token: str) -> None:
    text = str(err)
    assert "\n" not in text and text
    assert token not in text


def test_signed_in_user_and_scopes(fake_github):
    user = client(fake_github).get_user()
    assert user.login == "octocat"
    assert user.name == "The Octocat"
    assert set(user.scopes) == {"repo", "gist"}


def test_enterprise_api_root_works(fake_github):
    gh = GitHubClient(fake_github.token, fake_github.enterprise_api_url, timeout=5)
    assert gh.get_user().login == "octocat"
    assert fake_github.request_count(path_regex=r"^/api/v3/user") == 1


def test_a_502_on_a_read_is_retried_then_ok(fake_github):
    fake_github.fail_next(502, count=2, method="GET")
    assert client(fake_github).get_user().login == "octocat"
    assert fake_github.request_count("GET", r"^/user") == 3


def test_a_connection_reset_on_a_read_is_retried(fake_github):
    fake_github.reset_next(count=1, method="GET")
    assert client(fake_github).get_user().login == "octocat"


def test_a_write_is_not_repeated_after_a_failure(fake_github):
    fake_github.fail_next(502, count=1, method="POST")
    with pytest.raises(GitHubError) as info:
        client(fake_github).create_gist({"a.ipynb": "{}"}, public=False, description="d")
    one_line(info.value, fake_github.token)
    assert fake_github.request_count("POST", r"^/gists") == 1
    assert fake_github.gists == {}


def test_a_slow_answer_beyond_the_timeout_is_a_clear_error(fake_github):
    fake_github.delay_next(1.5, count=1, method="GET")
    with pytest.raises(GitHubError) as info:
        client(fake_github, timeout=0.3).get_user()
    assert info.value.code == "github_timeout"
    one_line(info.value, fake_github.token)


def test_a_revoked_token_says_sign_in_again(fake_github):
    with pytest.raises(AuthRequiredError) as info:
        client(fake_github, token="ghp_" + "x" * 36).get_user()
    assert info.value.message == "GitHub rejected the token; sign in again."


def test_an_exhausted_rate_limit_names_the_reset_time(fake_github):
    reset = int(datetime(2031, 5, 6, 7, 8, tzinfo=timezone.utc).timestamp())
    fake_github.set_rate_limit(0, reset=reset)
    with pytest.raises(GitHubError) as info:
        client(fake_github).get_user()
    assert "07:08 UTC" in info.value.message
    one_line(info.value, fake_github.token)


def test_a_long_secondary_limit_is_reported(fake_github):
    fake_github.set_rate_limit(0, secondary=True, retry_after=60, status=429)
    with pytest.raises(GitHubError) as info:
        client(fake_github).get_user()
    assert info.value.code == "github_rate_limited"
    assert "60" in info.value.message


def test_every_repository_page_is_reachable(fake_github):
    for i in range(130):
        fake_github.create_repo("octocat", f"r{i:03d}", files={})
    gh = client(fake_github)
    names: list[str] = []
    page: int | None = 1
    while page:
        repos, page = gh.list_repos(page=page)
        names += [r["full_name"] for r in repos]
    assert len(names) == 131
    assert "octocat/r129" in names


def test_branches_of_a_repository(fake_github):
    fake_github.commit_file("octocat", "hello", "dev", "x.txt", "x")
    names = {b["name"] for b in client(fake_github).list_branches("octocat", "hello")}
    assert names == {"main", "dev"}
