"""Google sign-in: who is signed in, signing out, the device flow.

The token never leaves the server: responses carry the account's e-mail and
where the token came from, nothing more; the device code stays in the flow
object on the server.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from .base import CloudShareHandler

_DEVICE_KEY = "cloudshare_google_device_flow"


class DriveHandler(CloudShareHandler):
    """Base of the Drive endpoints: owner only, the account from the admin's settings."""

    feature = "drive"
    service = "Google"

    def account(self) -> Any:
        return self.app.google_account()


class AuthHandler(DriveHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        self.finish(await self.run_blocking(self.account().status))

    @web.authenticated
    @authorized
    async def delete(self) -> None:
        self.require_owner()
        self.settings.pop(_DEVICE_KEY, None)
        self.finish(await self.run_blocking(self.account().sign_out))


class DeviceHandler(DriveHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.google_auth import GoogleDeviceFlow

        flow = GoogleDeviceFlow(self.account())
        session = await self.run_blocking(flow.start)
        self.settings[_DEVICE_KEY] = flow
        self.finish(
            {
                "userCode": session.user_code,
                "verificationUrl": session.verification_uri,
                "interval": session.interval,
                "expiresIn": max(0, round(session.expires_at - flow.clock())),
            }
        )


class DevicePollHandler(DriveHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        flow = self.settings.get(_DEVICE_KEY)
        if flow is None:
            self.finish({"status": "expired", "interval": 0})
            return
        result = await self.run_blocking(flow.poll)
        body: dict[str, Any] = {"status": result.status, "interval": result.interval}
        if result.tokens:
            self.settings.pop(_DEVICE_KEY, None)
            body["auth"] = await self.run_blocking(flow.account.save_sign_in, result.tokens)
        self.finish(body)


ROUTES: list[tuple[str, Any]] = [
    (r"/cloudshare/drive/auth", AuthHandler),
    (r"/cloudshare/drive/device", DeviceHandler),
    (r"/cloudshare/drive/device/poll", DevicePollHandler),
]
