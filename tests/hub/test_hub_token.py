"""The user's GitHub token from the hub's auth_state, with no user able to read auth_state.

The hub keeps auth_state encrypted (JUPYTERHUB_CRYPT_KEY) and hands the token to the user's
server through the spawner (auth_state_hook), as docs/admin.md says. The server role is also
granted ``admin:auth_state!user`` (what an admin would try first): JupyterHub caps a server's
token at its user's scopes, so that grant alone gives the server nothing, and the server says so.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.fakegithub import FakeGitHub
from tests.fakegithub.model import new_token

from .hub import Hub

HUB_CONFIG = """
c.Authenticator.enable_auth_state = True
c.Authenticator.allowed_users.add("dave")
c.Authenticator.allowed_users.add("erin")


def auth_state_hook(spawner, auth_state):
    token = (auth_state or {}).get("access_token")
    if token:
        spawner.environment["GITHUB_ACCESS_TOKEN"] = token


c.Spawner.auth_state_hook = auth_state_hook
c.JupyterHub.load_roles.append(
    {
        "name": "server",
        "scopes": [
            "users:activity!user",
            "access:servers!server",
            "admin:auth_state!user",
            "read:users!user",
        ],
    }
)
"""


@pytest.fixture(scope="module")
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    fake.token = new_token()
    fake.add_user("dave-gh", fake.token, scopes=("repo", "gist"), name="Dave")
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, github: FakeGitHub) -> Iterator[dict[str, Any]]:
    running = Hub(
        tmp_path_factory.mktemp("hub-token"),
        banner="",
        server_config_extra=f"c.CloudShareApp.github_api_url = {github.api_url!r}\n",
        hub_config_extra=HUB_CONFIG,
        hub_env={"JUPYTERHUB_CRYPT_KEY": secrets.token_hex(32)},
    )
    try:
        running.start()
        for name in ("dave", "erin"):
            assert running.api("POST", f"/users/{name}").status_code in (201, 409)
        state = json.dumps({"auth_state": {"access_token": github.token}})
        assert running.api("PATCH", "/users/dave", data=state).status_code == 200
        running.start_servers("dave", "erin")
        yield {"hub": running, "tokens": {n: running.token_for(n) for n in ("dave", "erin")}}
    finally:
        running.stop()


def auth_status(hub: dict[str, Any], user: str) -> requests.Response:
    return requests.get(
        f"{hub['hub'].url}/user/{user}/cloudshare/github/auth",
        headers={"Authorization": f"token {hub['tokens'][user]}"},
        timeout=30,
    )


def test_the_token_reaches_the_users_server(hub, github):
    resp = auth_status(hub, "dave")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["signedIn"] is True and body["login"] == "dave-gh" and body["source"] == "hub"
    assert github.token not in resp.text


def test_the_users_own_api_token_cannot_read_auth_state(hub, github):
    hub_api = f"http://127.0.0.1:{hub['hub'].hub_port}/hub/api"
    resp = requests.get(
        f"{hub_api}/users/dave",
        headers={"Authorization": f"token {hub['tokens']['dave']}"},
        timeout=10,
    )
    assert resp.status_code == 200
    assert "auth_state" not in resp.json() and github.token not in resp.text


def test_a_server_the_hub_gives_no_token_says_so(hub):
    # erin has no auth_state: the spawner passes nothing, and the server role's grant is
    # capped by her own scopes, so the hub answers her server without auth_state.
    body = auth_status(hub, "erin").json()
    assert body["signedIn"] is False and body["hub"] == "no_grant"
    assert "does not grant this server access to your GitHub sign-in" in body["error"]
    assert "does not grant this server access" in hub["hub"].log_tail(400)
