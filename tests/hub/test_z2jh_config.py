"""The admin guide's Zero to JupyterHub ``config.yaml``, rendered and run as the chart runs it.

The test reads the ``config.yaml`` block of ``docs/admin.md`` itself, renders
``singleuser.extraFiles`` the way the chart does (data as JSON for a ``.json``
mount path) into a folder standing for the pod's ``/etc/cloudshare``, sets the
pod's environment (``singleuser.extraEnv``, and ``JUPYTERHUB_DISABLE_USER_CONFIG``
that the spawner sets for ``disable_user_config``), and starts a Jupyter
Server in it, with a user config in ``$HOME/.jupyter`` that tries to undo the
settings. The server and ``jupyter cloudshare settings`` must both apply the
admin's settings.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "admin.md"


def guide_config() -> dict[str, Any]:
    """The ``config.yaml`` of the guide's Zero to JupyterHub section."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Zero to JupyterHub", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block, "the Zero to JupyterHub section has no config.yaml block"
    config: dict[str, Any] = yaml.safe_load(block.group(1))
    return config


def test_the_guides_config_yaml_is_complete() -> None:
    config = guide_config()
    hub, single = config["hub"], config["singleuser"]
    assert hub["config"]["Authenticator"]["enable_auth_state"] is True
    assert {"repo", "gist"} <= set(hub["config"]["GitHubOAuthenticator"]["scope"])
    assert hub["config"]["KubeSpawner"]["disable_user_config"] is True
    assert "auth_state_hook" in next(iter(hub["extraConfig"].values()))
    assert single["image"]["name"] and single["image"]["tag"]
    folder = single["extraEnv"]["JUPYTER_CONFIG_PATH"]
    mounts = [f["mountPath"] for f in single["extraFiles"].values()]
    assert any(Path(m).parent == Path(folder) for m in mounts)
    assert not folder.startswith("/home")  # the lock drops config folders under $HOME
    rule = single["networkPolicy"]["egress"][0]
    assert rule["to"][0]["ipBlock"]["cidr"] and rule["ports"][0]["port"] == 443


def _render(config: dict[str, Any], pod_root: Path) -> dict[str, str]:
    """Write extraFiles under ``pod_root`` as the chart mounts them; the pod's extra env."""
    for spec in config["singleuser"]["extraFiles"].values():
        target = pod_root / spec["mountPath"].lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        assert target.suffix == ".json"  # the chart renders data by the file's extension
        target.write_text(json.dumps(spec["data"]), encoding="utf-8")
    env = {}
    for name, value in config["singleuser"]["extraEnv"].items():
        env[name] = str(pod_root / value.lstrip("/")) if value.startswith("/") else value
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def pod(tmp_path: Path) -> dict[str, Any]:
    config = guide_config()
    home = tmp_path / "home" / "jovyan"
    (home / ".jupyter").mkdir(parents=True)
    # What a user writes to undo the admin's settings: the lock must drop it.
    (home / ".jupyter" / "jupyter_server_config.json").write_text(
        json.dumps({"CloudShareApp": {"share_policy": {"push": "off"}, "disabled_features": []}}),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "GITHUB", "GH_"))}
    env.update(_render(config, tmp_path / "pod"))
    env.update(HOME=str(home), JUPYTERHUB_DISABLE_USER_CONFIG="1")
    env["JUPYTER_CONFIG_DIR"] = str(home / ".jupyter")
    return {"config": config, "env": env, "home": home}


def _expected(config: dict[str, Any]) -> dict[str, Any]:
    spec = next(iter(config["singleuser"]["extraFiles"].values()))
    settings: dict[str, Any] = spec["data"]["CloudShareApp"]
    return settings


def test_server_started_like_the_pod_applies_the_settings(pod: dict[str, Any]) -> None:
    port, token = _free_port(), "z2jh-test-token"
    server = [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root"]
    proc = subprocess.Popen(
        [*server, f"--port={port}", f"--IdentityProvider.token={token}"],
        env=pod["env"],
        cwd=pod["home"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/cloudshare/config"
        deadline = time.monotonic() + 90
        body = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                resp = requests.get(url, headers={"Authorization": f"token {token}"}, timeout=5)
                if resp.status_code == 200:
                    body = resp.json()
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        assert body is not None, "the server did not answer GET /cloudshare/config"
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
    want = _expected(pod["config"])
    for action, level in want["share_policy"].items():
        assert body["policy"][action] == level
    for feature in want["disabled_features"]:
        assert body["features"][feature] is False
    assert body["bannerMessage"] == want["banner_message"]
    assert body["github"]["apiUrl"] == want["github_api_url"]


def test_cli_in_the_pod_reads_the_same_settings(pod: dict[str, Any]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jupyterlab_cloudshare.cli", "settings", "--json"],
        env=pod["env"],
        cwd=pod["home"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    want = _expected(pod["config"])
    assert report["error"] is None
    assert report["settings"]["share_policy"]["value"]["push"] == want["share_policy"]["push"]
    assert report["settings"]["disabled_features"]["value"] == want["disabled_features"]
    assert not any(str(pod["home"]) in f for f in report["configFiles"])
