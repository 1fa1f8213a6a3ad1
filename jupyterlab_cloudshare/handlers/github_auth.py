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

_DEVICE_KEY = "cloudshare_github_device_flow"


class GitHubHandler(CloudShareHandler):
    """Base of the GitHub endpoints: the owner's account built from the admin's settings."""

    feature = "github"

    def account(self) -> GitHubAccount:
        app = self.app
        return GitHubAccount(
            api_url=app.github_api_url,
            web_url=app.github_web_url,
            timeout=app.github_timeout,
            max_retries=app.github_max_retries,
            from_hub=app.github_token_from_hub,
            hub_env=app.github_hub_token_env,
            oauth_client_id=app.github_oauth_client_id,
        )


class AuthHandler(GitHubHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        self.finish(await self.run_blocking(self.account().status))

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
    def flow(self, new: bool = False) -> Any:
        from ..core.device import DeviceFlow

        app = self.app
        flow = self.settings.get(_DEVICE_KEY)
        if new or flow is None:
            flow = DeviceFlow(
                app.github_oauth_client_id,
                app.github_web_url,
                scopes=app.github_oauth_scopes,
                timeout=app.github_timeout,
            )
            self.settings[_DEVICE_KEY] = flow
        return flow

    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        session = await self.run_blocking(self.flow(new=True).start)
        self.finish(
            {
                "userCode": session.user_code,
                "verificationUri": session.verification_uri,
                "interval": session.interval,
                "expiresIn": max(0, round(session.expires_at - self.flow().clock())),
            }
        )


class DevicePollHandler(DeviceHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        if self.settings.get(_DEVICE_KEY) is None:
            self.finish({"status": "expired", "interval": 0})
            return
        result = await self.run_blocking(self.flow().poll)
        body: dict[str, Any] = {"status": result.status, "interval": result.interval}
        if result.token:
            body["auth"] = await self.run_blocking(self.account().sign_in, result.token)
        self.finish(body)


ROUTES: list[tuple[str, Any]] = [
    (r"/cloudshare/github/auth", AuthHandler),
    (r"/cloudshare/github/device", DeviceHandler),
    (r"/cloudshare/github/device/poll", DevicePollHandler),
]
