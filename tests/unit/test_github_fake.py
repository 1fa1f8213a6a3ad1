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


# ---- redirects never carry the token elsewhere -----------------------------
@pytest.fixture
def elsewhere():
    """A second fake GitHub on another port: the host a redirect points to."""
    from tests.fakegithub.server import FakeGitHub

    other = FakeGitHub()
    other.expect_violations = True  # it is asked for whatever the first one redirects
    with other:
        yield other


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_port_drops_the_token(fake_github, elsewhere, status):
    fake_github.redirect_next(f"{elsewhere.base_url}/user", status, method="GET")
    with pytest.raises(AuthRequiredError):  # the other host saw no credentials at all
        client(fake_github).get_user()
    (sent,) = elsewhere.requests
    assert sent["path"] == "/user"
    assert not any(k.lower() == "authorization" for k in sent["headers"])


def test_a_write_redirected_elsewhere_goes_without_the_token(fake_github, elsewhere):
    fake_github.redirect_next(f"{elsewhere.base_url}/gists", 307, method="POST")
    with pytest.raises(GitHubError):
        client(fake_github).create_gist({"a.ipynb": "{}"}, public=False, description="d")
    (sent,) = elsewhere.requests
    assert sent["method"] == "POST"  # 307: repeated as it was, minus the credentials
    assert not any(k.lower() == "authorization" for k in sent["headers"])
    assert not fake_github.gists and not elsewhere.gists


def test_a_redirect_to_another_scheme_is_not_followed(fake_github):
    fake_github.redirect_next("ftp://127.0.0.1/user", 302, method="GET")
    with pytest.raises(GitHubError) as info:
        client(fake_github).get_user()
    assert info.value.code == "github_redirect"
    one_line(info.value, fake_github.token)


def test_a_redirect_within_github_keeps_the_token(fake_github):
    # GitHub answers 301 for a renamed repository: same host, the request goes on.
    fake_github.redirect_next(f"{fake_github.api_url}/repos/octocat/hello", 301, method="GET")
    assert client(fake_github).get_repo("octocat", "old-name")["full_name"] == "octocat/hello"


# ---- answers that are not GitHub's -------------------------------------------
HTML = b"<html><body>Proxy error</body></html>"


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (HTML, "text/html"),
        (b'{"login": ', "application/json"),  # cut-off JSON
        (b"[" * 100_000, "application/json"),  # nested beyond any parser
        (b'["octocat"]', "application/json"),  # JSON of another shape
        (b'{"login": 42}', "application/json"),  # the field the code uses, of another type
        (b"", "application/json"),
    ],
)
def test_a_200_that_is_not_githubs_answer_is_a_clear_502(fake_github, body, ctype):
    fake_github.answer_next(200, body, ctype, method="GET", path_regex="^/user$")
    with pytest.raises(GitHubError) as info:
        client(fake_github).get_user()
    assert info.value.code == "github_bad_response"
    assert info.value.status == 502
    one_line(info.value, fake_github.token)


@pytest.mark.parametrize(
    "call",
    [
        lambda gh: gh.list_repos(),
        lambda gh: gh.get_repo("octocat", "hello"),
        lambda gh: gh.list_branches("octocat", "hello"),
        lambda gh: gh.get_branch("octocat", "hello", "main"),
        lambda gh: gh.content_sha("octocat", "hello", "README.md", "main"),
    ],
)
@pytest.mark.parametrize("body", [HTML, b'{"x": {"y": 1}}', b"[1, 2]", b'"text"'])
def test_every_read_checks_the_fields_it_uses(fake_github, call, body):
    fake_github.answer_next(200, body, method="GET")
    with pytest.raises(GitHubError) as info:
        call(client(fake_github))
    assert info.value.code == "github_bad_response"


def test_a_truncated_read_is_retried(fake_github):
    fake_github.truncate_next(method="GET", path_regex="^/user$")
    assert client(fake_github).get_user().login == "octocat"
    assert fake_github.request_count("GET", "^/user$") == 2


# ---- lost answers to writes --------------------------------------------------
def share(fake: Any, store: Any, **kw: Any) -> dict[str, Any]:
    from jupyterlab_cloudshare.core.push import share_gist

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}
    gh = client(fake, **kw)
    return share_gist(gh, nb, source_path="a.ipynb", store=store, key="a.ipynb")


@pytest.mark.parametrize("fault", ["truncate", "timeout", "wrong-shape"])
def test_a_lost_gist_answer_says_unknown_and_the_retry_makes_no_second_gist(
    fake_github, tmp_path, fault
):
    from jupyterlab_cloudshare.core.state import ShareStore

    store = ShareStore(tmp_path / "shares.json")
    kw: dict[str, Any] = {}
    if fault == "truncate":
        fake_github.truncate_next(method="POST", path_regex="^/gists$")
    elif fault == "timeout":
        fake_github.delay_next(1.5, method="POST", path_regex="^/gists$")
        kw["timeout"] = 0.5
    else:
        # A proxy's answer replaces GitHub's (whether the gist was made is then unknown).
        fake_github.answer_next(201, b'{"ok": true}', method="POST", path_regex="^/gists$")
    with pytest.raises(GitHubError) as info:
        share(fake_github, store, **kw)
    assert info.value.code == "github_result_unknown"
    assert "not known whether" in info.value.message
    assert "again" in info.value.message
    one_line(info.value, fake_github.token)
    if fault == "timeout":
        import time

        deadline = time.monotonic() + 5
        while not fake_github.gists and time.monotonic() < deadline:
            time.sleep(0.05)
    if fault == "wrong-shape":
        # Suppose it was made behind the proxy: it is there, as GitHub would have made it.
        client(fake_github).create_gist({"a.ipynb": "{}"}, public=False, description="a.ipynb")
    assert len(fake_github.gists) == 1
    again = share(fake_github, store)
    assert len(fake_github.gists) == 1, "the retry made a second gist"
    assert again["gistId"] in fake_github.gists
    # And the next share simply updates it.
    share(fake_github, store)
    assert len(fake_github.gists) == 1


def test_a_refused_gist_creation_leaves_nothing_pending(fake_github, tmp_path):
    from jupyterlab_cloudshare.core.state import ShareStore

    store = ShareStore(tmp_path / "shares.json")
    fake_github.fail_next(422, method="POST", path_regex="^/gists$")
    with pytest.raises(GitHubError):
        share(fake_github, store)
    assert not any(k.startswith("gist-pending") for k in store.get("a.ipynb"))
    share(fake_github, store)
    assert len(fake_github.gists) == 1
    assert fake_github.request_count("GET", "^/gists$") == 0


def test_a_token_with_a_line_break_or_surrogate_is_refused_clearly(fake_github):
    for bad in (fake_github.token + "\r\nX-Evil: 1", fake_github.token + "\ud800", "t\u00e9st"):
        with pytest.raises(AuthRequiredError) as info:
            GitHubClient(bad, fake_github.api_url, timeout=5).get_user()
        assert "sign in again" in info.value.message
    assert fake_github.request_count() == 0
