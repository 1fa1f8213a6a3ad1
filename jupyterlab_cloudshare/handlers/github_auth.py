"""GitHub sign-in: who is signed in, entering a token, signing out, the device flow.

The token never leaves the server: responses carry the login, the scopes and
where the token came from, nothing more.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core.credentials import GitHubAccount
from ..core.errors import InvalidRequestError
from .base import CloudShareHandler


class GitHubHandler(CloudShareHandler):
    """Base of the GitHub endpoints: the owner's account, as the app holds it."""

    feature = "github"

    def account(self) -> GitHubAccount:
        return self.app.github_account()


class AuthHandler(GitHubHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        status = await self.run_blocking(self.account().status)
        if status.get("hub"):
            self.log.warning("cloudshare: %s", status.get("error"))
        self.finish(status)

    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        token = self.json_body().get("token")
        if not isinstance(token, str):
            raise InvalidRequestError('Send the token as {"token": "..."}.')
        self.finish(await self.run_blocking(self.account().sign_in, token))

    @web.authenticated
    @authorized
    async def delete(self) -> None:
        self.require_owner()
        self.finish(await self.run_blocking(self.account().sign_out))


class DeviceHandler(GitHubHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        flow = self.app.device_flow(new=True)
        assert flow is not None
        session = await self.run_blocking(flow.start)
        self.finish(
            {
                "userCode": session.user_code,
                "verificationUri": session.verification_uri,
                "interval": session.interval,
                "expiresIn": max(0, round(session.expires_at - flow.clock())),
            }
        )


class DevicePollHandler(DeviceHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        flow = self.app.device_flow()
        if flow is None:
            self.finish({"status": "expired", "interval": 0})
            return
        result = await self.run_blocking(flow.poll)
        body: dict[str, Any] = {"status": result.status, "interval": result.interval}
        if result.token:
            body["auth"] = await self.run_blocking(self.account().sign_in, result.token)
        self.finish(body)


ROUTES: list[tuple[str, Any]] = [
    (r"/cloudshare/github/auth", AuthHandler),
    (r"/cloudshare/github/device", DeviceHandler),
    (r"/cloudshare/github/device/poll", DevicePollHandler),
]
