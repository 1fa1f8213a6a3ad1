"""GitHub's OAuth device flow, kept on the server, against the fake GitHub."""

from __future__ import annotations

from typing import Any

import pytest

from jupyterlab_cloudshare.core.device import DeviceFlow
from jupyterlab_cloudshare.core.errors import InvalidRequestError
from jupyterlab_cloudshare.core.github import GitHubClient


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def flow(fake: Any, clock: Clock | None = None) -> DeviceFlow:
    return DeviceFlow(
        fake.oauth_client_id, fake.web_url, scopes="repo gist", timeout=5, clock=clock or Clock()
    )


def polls(fake: Any) -> int:
    return fake.request_count("POST", r"^/login/oauth/access_token")


def test_pending_then_approved_gives_a_working_token(fake_github):
    fake_github.device_interval = 0
    f = flow(fake_github)
    session = f.start()
    assert session.user_code in fake_github.pending_user_codes()
    assert session.verification_uri
    assert f.poll().status == "pending"
    fake_github.approve_device(session.user_code, "octocat", scopes=("repo", "gist"))
    result = f.poll()
    assert result.status == "signed_in" and result.token
    assert set(result.scopes) == {"repo", "gist"}
    assert result.token not in repr(result) and session.device_code not in repr(session)
    assert GitHubClient(result.token, fake_github.api_url).get_user().login == "octocat"


def test_a_poll_before_the_interval_does_not_call_github(fake_github):
    fake_github.device_interval = 5
    clock = Clock()
    f = flow(fake_github, clock)
    f.start()
    assert f.poll().status == "pending"
    assert polls(fake_github) == 0
    clock.now += 5
    assert f.poll().status == "pending"
    assert polls(fake_github) == 1


def test_slow_down_adds_five_seconds(fake_github):
    fake_github.device_interval = 1
    clock = Clock()
    f = flow(fake_github, clock)
    f.start()
    clock.now += 1  # our clock says it is time; GitHub's says it is too soon
    result = f.poll()
    assert result.status == "pending" and result.interval == 6
    clock.now += 1
    assert f.poll().status == "pending"
    assert polls(fake_github) == 1


def test_expired_code(fake_github):
    fake_github.device_interval = 0
    f = flow(fake_github)
    session = f.start()
    fake_github.expire_device(session.user_code)
    assert f.poll().status == "expired"
    assert f.poll().status == "expired"  # and nothing is left to poll


def test_expiry_is_known_without_asking_github(fake_github):
    fake_github.device_interval = 0
    clock = Clock()
    f = flow(fake_github, clock)
    f.start()
    clock.now += fake_github.device_expires_in + 1
    assert f.poll().status == "expired"
    assert polls(fake_github) == 0


def test_denied(fake_github):
    fake_github.device_interval = 0
    f = flow(fake_github)
    fake_github.deny_device(f.start().user_code)
    assert f.poll().status == "denied"


def test_no_client_id_is_a_clear_error(fake_github):
    with pytest.raises(InvalidRequestError) as info:
        DeviceFlow("", fake_github.web_url)
    assert "token" in info.value.message
