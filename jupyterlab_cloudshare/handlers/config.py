"""GET /cloudshare/config: the admin's settings the frontend needs (no secrets)."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado import web

from .base import CloudShareHandler


class ConfigHandler(CloudShareHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        from .. import __version__

        config = self.app.client_config()
        config["version"] = __version__
        self.finish(config)


ROUTES = [(r"/cloudshare/config", ConfigHandler)]
