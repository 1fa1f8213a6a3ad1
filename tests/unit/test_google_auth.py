"""Google sign-in: token sources, the device flow, refresh, sign-out, the token file."""

from __future__ import annotations

import json
import stat
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jupyterlab_cloudshare.core.errors import DriveError, DriveNotConfiguredError
from jupyterlab_cloudshare.core.google_auth import (
    GoogleAccount,
    GoogleDeviceFlow,
    GoogleTokenStore,
)
from tests.drivekit import signed_in
from tests.fakedrive.plugin import EMAIL, fake_google  # noqa: F401


def account_for(fake, tmp_path, **kw) -> GoogleAccount:
    settings = {
        "api_url": fake.api_url,
        "oauth_url": fake.oauth_url,
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "environ": {},
        "store": GoogleTokenStore(tmp_path / "google-token.json"),
    }
    settings.update(kw)
    return GoogleAccount(**settings)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_device_flow_signs_in_and_keeps_the_tokens_0600(fake_google, tmp_path):  # noqa: F811
    account = account_for(fake_google, tmp_path)
    flow = GoogleDeviceFlow(account)
    session = flow.start()
    assert session.verification_uri == "https://www.google.com/device"
    assert flow.poll().status == "pending"
    fake_google.approve(session.user_code, EMAIL)
    result = flow.poll()
    assert result.status == "signed_in"
    status = account.save_sign_in(result.tokens)
    assert status["signedIn"] and status["account"] == EMAIL and status["source"] == "stored"
    path = tmp_path / "google-token.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entry = json.loads(path.read_text())[fake_google.oauth_url.lower()]
    assert entry["refresh_token"] in {g.refresh_token for g in fake_google.grants}
    assert "token" not in repr(session).lower().replace("user_code", "")
    assert session.device_code not in repr(session)


def test_device_flow_slow_down_waits_longer(fake_google, tmp_path):  # noqa: F811
    fake_google.device_interval = 30
    clock = Clock()
    flow = GoogleDeviceFlow(account_for(fake_google, tmp_path), clock=clock)
    session = flow.start()
    assert session.interval == 30
    clock.now += 31
    assert flow.poll().status == "pending"  # first poll: authorization_pending
    # Our clock runs fast: Google sees a poll too soon and says slow_down.
    clock.now += 31
    result = flow.poll()
    assert result.status == "pending" and result.interval == 35
    clock.now += 10
    n = len(fake_google.requests)
    assert flow.poll().status == "pending"
    assert len(fake_google.requests) == n  # too early: Google is not asked


def test_device_flow_denied_and_expired(fake_google, tmp_path):  # noqa: F811
    flow = GoogleDeviceFlow(account_for(fake_google, tmp_path))
    fake_google.deny(flow.start().user_code)
    assert flow.poll().status == "denied"
    assert flow.poll().status == "expired"  # nothing pending any more
    fake_google.expire_device(flow.start().user_code)
    assert flow.poll().status == "expired"


def test_device_flow_needs_the_admins_client(fake_google, tmp_path):  # noqa: F811
    with pytest.raises(DriveNotConfiguredError) as err:
        GoogleDeviceFlow(account_for(fake_google, tmp_path, client_secret=""))
    assert "google_client_id" in err.value.message
    bad = account_for(fake_google, tmp_path, client_id="someone-else")
    with pytest.raises(DriveNotConfiguredError):
        GoogleDeviceFlow(bad).start()
    wide = account_for(fake_google, tmp_path, scopes="https://www.googleapis.com/auth/drive")
    with pytest.raises(DriveNotConfiguredError) as err:
        GoogleDeviceFlow(wide).start()
    assert "invalid_scope" in err.value.message


def test_sign_out_revokes_and_deletes(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path)
    status = env.account.sign_out()
    assert status["revoked"] is True and status["signedIn"] is False
    assert not (tmp_path / "google-token.json").exists()
    assert all(g.revoked for g in fake_google.grants)
    revoke = [r for r in fake_google.requests if r["path"] == "/revoke"]
    assert len(revoke) == 1 and revoke[0]["query"] == {}


def test_a_stored_token_is_refreshed_before_it_expires(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path)
    entry = env.tokens.get(fake_google.oauth_url)
    entry["expires_at"] = time.time() + 30  # inside the refresh margin
    env.tokens.set(fake_google.oauth_url, entry)
    cred = env.account.credential()
    assert cred.token != env.access and cred.source == "stored" and cred.account == EMAIL
    assert cred.expires_at > time.time() + 3000
    assert env.account.credential().token == cred.token  # no second refresh


def test_sources_in_order_hub_then_environment_then_stored(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path)
    hub_token, _ = fake_google.issue_token(EMAIL)
    env_token, _ = fake_google.issue_token(EMAIL)
    state = {"access_token": hub_token, "google_user": {"email": EMAIL, "name": "Ada"}}
    with fake_hub({"name": "ada", "auth_state": state}) as url:
        environ = {
            "JUPYTERHUB_API_URL": url,
            "JUPYTERHUB_USER": "ada",
            "JUPYTERHUB_API_TOKEN": "hub-secret",
            "GOOGLE_OAUTH_ACCESS_TOKEN": env_token,
        }
        env.account.environ = environ
        cred = env.account.credential()
        assert (cred.source, cred.token, cred.account) == ("hub", hub_token, EMAIL)
        env.account.from_hub = False
        assert env.account.credential().token == env_token
    env.account.environ = {}
    assert env.account.credential().token == env.access


def test_a_github_hub_auth_state_is_not_taken_for_google(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path)
    state = {"access_token": "gho_x", "github_user": {"login": "ada"}}
    with fake_hub({"name": "ada", "auth_state": state}) as url:
        env.account.environ = {
            "JUPYTERHUB_API_URL": url,
            "JUPYTERHUB_USER": "ada",
            "JUPYTERHUB_API_TOKEN": "t",
        }
        assert env.account.credential().source == "stored"


def test_status_never_holds_a_token(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path)
    text = json.dumps(env.account.status())
    assert EMAIL in text
    assert not any(s in text for s in env.secrets())


def test_unreachable_oauth_is_a_clear_error(tmp_path):
    account = GoogleAccount(
        oauth_url="http://127.0.0.1:9",
        client_id="c",
        client_secret="s",
        environ={},
        store=GoogleTokenStore(tmp_path / "t.json"),
        timeout=2,
    )
    with pytest.raises(DriveError) as err:
        GoogleDeviceFlow(account).start()
    assert "Cannot reach Google" in err.value.message


class fake_hub:
    """A JupyterHub API answering GET /users/NAME with a given model."""

    def __init__(self, model: dict) -> None:
        body = json.dumps(model).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/hub/api"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
