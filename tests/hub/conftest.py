"""One real JupyterHub per module: alice's and carol's servers running, tokens for all."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from .hub import Hub

BANNER = "Public clouds are not the place for healthcare data: see https://intranet.example/policy"

#: What a user puts in ~/.jupyter to undo the admin's settings.
USER_SERVER_CONFIG = """\
c.CloudShareApp.share_policy = {"push": "off", "gist": "off", "link": "off", "export": "off"}
c.CloudShareApp.disabled_features = []
c.CloudShareApp.banner_message = ""
c.CloudShareApp.export_default_format = "script"
"""


@dataclass
class RunningHub:
    hub: Hub
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        return self.hub.url


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """alice (locked, like every user) and carol (unlocked control) with their own
    ~/.jupyter config trying to undo the admin's; bob has access to alice's server."""
    running = Hub(tmp_path_factory.mktemp("hub"), banner=BANNER)
    try:
        running.start()
        for name in ("alice", "carol"):
            user_config = running.home / name / ".jupyter" / "jupyter_server_config.py"
            user_config.parent.mkdir(parents=True)
            user_config.write_text(USER_SERVER_CONFIG)
        running.start_servers("alice", "carol")
        tokens = {name: running.token_for(name) for name in ("alice", "bob", "carol")}
        yield RunningHub(running, tokens)
    finally:
        running.stop()
