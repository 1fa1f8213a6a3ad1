"""A real JupyterHub for the tests: configured as an admin would, run as a subprocess.

The hub, configurable-http-proxy (``tests/hub/node_modules``, installed by
``scripts/setup.sh``) and the single-user servers it spawns are separate
processes on free 127.0.0.1 ports; nothing of JupyterHub is imported here, so
its import-time warnings never meet pytest's ``-W error``. :meth:`Hub.stop`
stops the servers, then the hub, and kills whatever of ours is still alive.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from secrets import token_hex
from typing import Any, TypeVar

import requests

HERE = Path(__file__).resolve().parent
PROXY_BIN = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent
CHECKOUT = HERE.parents[1]
T = TypeVar("T")

#: The admin's settings for every single-user server (docs/admin.md, step 2).
ADMIN_SERVER_CONFIG = """\
c.CloudShareApp.share_policy = {"push": "block", "gist": "block", "link": "warn", "export": "off"}
c.CloudShareApp.banner_message = %(banner)r
c.CloudShareApp.disabled_features = ["gist"]
c.CloudShareApp.github_api_url = "https://github.example.org/api/v3"
"""

#: The hub's own config: what docs/admin.md asks of an admin, plus test plumbing.
HUB_CONFIG = """\
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = %(public_port)d
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = %(hub_port)d
c.JupyterHub.db_url = "sqlite:///%(dir)s/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "%(dir)s/cookie_secret"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%(proxy_api_port)d"
c.ConfigurableHTTPProxy.command = [%(proxy)r]
c.ConfigurableHTTPProxy.pid_file = "%(dir)s/proxy.pid"

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = %(password)r
c.Authenticator.allowed_users = {"alice", "bob", "carol"}

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "%(dir)s/home/{username}"
c.Spawner.cmd = [%(singleuser)r]
c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
# The admin's settings: a config folder of the admin's, outside the users' homes.
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": %(admin_config)r}
# The lock: single-user servers do not read the users' own ~/.jupyter.
c.Spawner.disable_user_config = True


def pre_spawn_hook(spawner):
    # carol is the control group: without the lock her own config is read.
    if spawner.user.name == "carol":
        spawner.disable_user_config = False


c.Spawner.pre_spawn_hook = pre_spawn_hook

c.JupyterHub.services = [{"name": "test-driver", "api_token": %(admin_token)r}]
c.JupyterHub.load_roles = [
    {
        "name": "test-driver",
        "scopes": ["admin:users", "admin:servers", "tokens"],
        "services": ["test-driver"],
    },
    # bob is a collaborator: alice shared her server with him.
    {"name": "alice-collaborator", "scopes": ["access:servers!user=alice"], "users": ["bob"]},
]
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, check: Callable[[], T | None], timeout: float, hub: Hub) -> T:
    """Poll ``check`` until it returns a value, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        hub.assert_running()
        try:
            value = check()
        except requests.ConnectionError:
            value = None
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {timeout:.0f} s\n{hub.log_tail()}")
        time.sleep(0.2)


@dataclass
class Hub:
    """A running JupyterHub and what the tests need to talk to it."""

    dir: Path
    banner: str
    password: str = field(default_factory=token_hex)
    admin_token: str = field(default_factory=token_hex)
    public_port: int = field(default_factory=free_port)
    hub_port: int = field(default_factory=free_port)
    proxy_api_port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    #: More lines for the admin's server config and the hub's config, more hub environment.
    server_config_extra: str = ""
    hub_config_extra: str = ""
    hub_env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The public URL, through configurable-http-proxy, as a browser sees it."""
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def home(self) -> Path:
        return self.dir / "home"

    # ---- life cycle ------------------------------------------------------
    def start(self) -> None:
        if not PROXY_BIN.exists():
            raise RuntimeError(f"{PROXY_BIN} is missing: run scripts/setup.sh")
        admin_config = self.dir / "admin-config"
        admin_config.mkdir(parents=True)
        (admin_config / "jupyter_server_config.py").write_text(
            ADMIN_SERVER_CONFIG % {"banner": self.banner} + self.server_config_extra
        )
        config = self.dir / "jupyterhub_config.py"
        config.write_text(
            HUB_CONFIG
            % {
                "dir": self.dir,
                "public_port": self.public_port,
                "hub_port": self.hub_port,
                "proxy_api_port": self.proxy_api_port,
                "proxy": str(PROXY_BIN),
                "password": self.password,
                "singleuser": str(BIN / "jupyterhub-singleuser"),
                "admin_config": str(admin_config),
                "admin_token": self.admin_token,
            }
            + self.hub_config_extra
        )
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("JUPYTER", "JPY_", "CONFIGPROXY", "PYTEST", "GITHUB"))
        }
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        # The servers run the checkout under test (the spawner keeps PYTHONPATH).
        env["PYTHONPATH"] = str(CHECKOUT)
        env.update(self.hub_env)
        log = (self.dir / "hub.log").open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=self.dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_for("the hub API", lambda: self._ok(self.api("GET", "/")), 30, self)
        wait_for("the proxy", lambda: self._ok(requests.get(f"{self.url}/hub/api/")), 15, self)

    def stop(self) -> None:
        """Stop the user servers, the hub (which stops its proxy), then anything left of ours."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(requests.RequestException):
                for name in self.users_with_servers():
                    self.api("DELETE", f"/users/{name}/server", timeout=10)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        for pid in self._leftover_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def assert_running(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the hub exited ({self.proc.returncode})\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        log = self.dir / "hub.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _leftover_pids(self) -> Iterable[int]:
        """Processes still running in our hub's folder (the proxy's, the servers' cwd)."""
        me = os.getpid()
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                cwd = Path(os.readlink(proc / "cwd"))
            except OSError:
                continue
            if int(proc.name) != me and cwd.is_relative_to(self.dir):
                yield int(proc.name)

    # ---- the hub's REST API ------------------------------------------------
    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A request to the hub's REST API as the admin's test-driver service."""
        kwargs.setdefault("timeout", 10)
        headers = {"Authorization": f"token {self.admin_token}", **kwargs.pop("headers", {})}
        url = f"http://127.0.0.1:{self.hub_port}/hub/api{path}"
        return requests.request(method, url, headers=headers, **kwargs)

    def users_with_servers(self) -> list[str]:
        resp = self.api("GET", "/users", timeout=5)
        if resp.status_code != 200:
            return []
        return [u["name"] for u in resp.json() if u.get("servers")]

    def token_for(self, name: str) -> str:
        """A new API token for a user, with all of that user's permissions."""
        resp = self.api(
            "POST", f"/users/{name}/tokens", data=json.dumps({"note": "test", "expires_in": 600})
        )
        assert resp.status_code == 201, resp.text
        return str(resp.json()["token"])

    def start_servers(self, *names: str, timeout: float = 45) -> None:
        """Start these users' servers side by side and wait until each is ready."""
        # The hub answers a start after it is done or after 10 s, whichever comes first.
        with ThreadPoolExecutor() as pool:
            answers = pool.map(lambda n: self.api("POST", f"/users/{n}/server", timeout=30), names)
        for resp in answers:
            assert resp.status_code in (201, 202), f"{resp.text}\n{self.log_tail()}"
        for name in names:
            wait_for(f"{name}'s server", lambda n=name: self._ready(n), timeout, self)

    def _ready(self, name: str) -> bool | None:
        server = self.api("GET", f"/users/{name}").json().get("servers", {}).get("")
        if not server:  # neither ready nor pending: the spawn failed
            raise RuntimeError(f"{name}'s server failed to start\n{self.log_tail()}")
        return True if server.get("ready") else None

    @staticmethod
    def _ok(resp: requests.Response) -> bool | None:
        return True if resp.status_code == 200 else None
