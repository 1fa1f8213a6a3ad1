"""docs/admin.md on a real JupyterHub: admins enable, configure and lock the extension.

Every request goes through the public proxy URL, as a browser's would, with a
hub API token in the Authorization header (which jupyter_server exempts from
XSRF checks).
"""

from __future__ import annotations

from typing import Any

import requests

from .conftest import BANNER, RunningHub


def get(hub: RunningHub, path: str, user: str | None = None, **kwargs: Any) -> requests.Response:
    headers = {"Authorization": f"token {hub.tokens[user]}"} if user else {}
    return requests.get(f"{hub.url}{path}", headers=headers, timeout=10, **kwargs)


def test_the_server_serves_the_admins_settings(hub: RunningHub) -> None:
    resp = get(hub, "/user/alice/cloudshare/config", "alice")
    assert resp.status_code == 200, resp.text
    config = resp.json()
    assert config["policy"] == {
        "push": "block",
        "gist": "block",
        "link": "warn",
        "export": "off",
        "drive": "warn",  # not named by the admin: the default
    }
    assert config["features"]["gist"] is False
    assert config["features"]["github"] is True
    assert config["bannerMessage"] == BANNER
    assert config["github"]["apiUrl"] == "https://github.example.org/api/v3"


def test_a_users_own_config_cannot_undo_the_admins(hub: RunningHub) -> None:
    # alice's ~/.jupyter/jupyter_server_config.py turns every guard off.
    config = get(hub, "/user/alice/cloudshare/config", "alice").json()
    assert config["policy"]["push"] == "block"
    assert config["features"]["gist"] is False
    assert config["bannerMessage"] == BANNER
    # Not even what the admin left unset: the server does not read ~/.jupyter at all.
    assert config["exportDefaultFormat"] == "colab"


def test_without_the_lock_the_users_config_is_read(hub: RunningHub) -> None:
    # The control: carol has the same ~/.jupyter file, without disable_user_config.
    config = get(hub, "/user/carol/cloudshare/config", "carol").json()
    assert config["exportDefaultFormat"] == "script"
    # JUPYTER_CONFIG_PATH outranks ~/.jupyter, so the admin's own settings still hold...
    assert config["policy"]["push"] == "block"
    assert config["bannerMessage"] == BANNER
    # ...but everything the admin did not set is the user's to change: hence the lock.


def test_a_collaborator_reaches_the_server_but_not_the_owners_github(hub: RunningHub) -> None:
    assert get(hub, "/user/alice/cloudshare/config", "bob").status_code == 200
    refused = get(hub, "/user/alice/cloudshare/github/auth", "bob")
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["code"] == "not_owner"

    owner = get(hub, "/user/alice/cloudshare/github/auth", "alice")
    assert owner.status_code == 200, owner.text
    assert owner.json()["signedIn"] is False


def test_an_anonymous_request_gets_no_settings(hub: RunningHub) -> None:
    resp = get(hub, "/user/alice/cloudshare/config", allow_redirects=False)
    assert resp.status_code in (302, 401, 403), resp.text
    assert BANNER not in resp.text
    if resp.status_code == 302:
        assert "/hub/" in resp.headers["Location"]


def test_a_disabled_feature_answers_403(hub: RunningHub) -> None:
    resp = requests.post(
        f"{hub.url}/user/alice/cloudshare/github/gist",
        headers={"Authorization": f"token {hub.tokens['alice']}"},
        json={"path": "notebook.ipynb"},
        timeout=10,
    )
    assert resp.status_code == 403, resp.text
    assert resp.json()["error"]["code"] == "feature_disabled"
