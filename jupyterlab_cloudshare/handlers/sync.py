"""/cloudshare/github/{status,pull,pull-request}: the two-way GitHub link.

Opening from GitHub is in ``github_open.py``, over :class:`SyncHandler`.

Notebook files are read and written through the ContentsManager (authorized
as contents reads/writes); GitHub calls run off the event loop with the
owner's token (``require_owner``). Opening also works signed out, for public
notebooks (GitHub's anonymous reads); status and pull need the token.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async
from tornado import web

from ..core.credentials import GitHubAccount
from ..core.errors import InvalidRequestError
from ..core.github import GitHubClient
from .base import body_text as _text
from .github_auth import GitHubHandler

RESOLUTIONS = ("take-remote", "keep-local", "merge")


class SyncHandler(GitHubHandler):
    """Helpers shared by the sync endpoints."""

    def _account_for(self, api_url: str | None) -> GitHubAccount:
        account = self.account()
        if api_url and api_url.rstrip("/") != account.api_url:
            account = dataclasses.replace(account, api_url=api_url, web_url="")
        return account

    def client_for(self, api_url: str | None) -> GitHubClient:
        """A client for ``api_url`` (the configured root when ``None``) with the owner's token."""
        return self._account_for(api_url).client()

    def signed_in(self, api_url: str | None) -> bool:
        """Whether a token for ``api_url`` is at hand (blocking: the hub may be asked)."""
        return self._account_for(api_url).credential() is not None

    def read_client(self, api_url: str | None = None) -> GitHubClient:
        """A client for reads: the owner's token, or none (public data only) when signed out.

        Blocking (the token may come from the hub): run it off the event loop.
        """
        account = self._account_for(api_url)
        if account.credential() is not None:
            return account.client()
        return GitHubClient(
            None, account.api_url, timeout=account.timeout, max_retries=account.max_retries
        )

    async def local_bytes(self, path: str) -> bytes:
        file = await self.read_notebook_file(path)
        return file.data if isinstance(file.data, bytes) else file.data.encode("utf-8")

    async def is_dir(self, path: str) -> bool:
        cm: Any = self.contents_manager  # an untyped jupyter_server API
        return bool(await ensure_async(cm.dir_exists(path)))

    async def write_notebook(self, path: str, data: bytes) -> None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequestError("The notebook on GitHub is not UTF-8 text.") from None
        await self.save_text_file(path, text)


class StatusHandler(SyncHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.sync import linked, refresh_etag, signed_out_status, sync_status

        path = self.api_path(self.required_arg("path"))
        local = await self.local_bytes(path)
        store = self.app.share_store()
        link = await self.run_blocking(linked, store, path)

        def work() -> dict[str, Any]:
            if link and not self.signed_in(link.get("apiUrl")):
                return signed_out_status(link, local).to_json(path)
            client = self.client_for(link.get("apiUrl")) if link else None
            status = sync_status(client, link, local)  # type: ignore[arg-type]
            refresh_etag(store, path, status)
            return status.to_json(path)

        self.finish(await self.run_blocking(work))


class PullHandler(SyncHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.sync import linked, plan_pull, remember_link, remote_copy_path

        body = self.json_body()
        path = self.api_path(str(_text(body, "path", required=True)))
        resolution = _text(body, "resolution")
        if resolution is not None and resolution not in RESOLUTIONS:
            raise InvalidRequestError(f"'resolution' must be one of {', '.join(RESOLUTIONS)}.")
        await self.authorize_contents("write")
        local = await self.local_bytes(path)
        store = self.app.share_store()
        link = await self.run_blocking(linked, store, path)
        if link is None:
            raise InvalidRequestError(
                f"'{path}' is not linked to GitHub; open it from GitHub or push it first.",
                code="not_linked",
            )
        client = self.client_for(link.get("apiUrl"))
        plan = await self.run_blocking(plan_pull, client, link, local)
        out: dict[str, Any] = {
            **plan.status.to_json(path),
            "action": plan.action,
        }
        if plan.action == "updated" and plan.data is not None and plan.link is not None:
            await self.write_notebook(path, plan.data)
            await self.run_blocking(remember_link, store, path, plan.link, plan.data)
            out["state"] = "in-sync"
        elif plan.action == "diverged" and plan.data is not None and plan.link is not None:
            out["diff"] = plan.diff
            out["canMerge"] = plan.merged is not None
            if resolution == "take-remote":
                await self.write_notebook(path, plan.data)
                await self.run_blocking(remember_link, store, path, plan.link, plan.data)
                out.update(action="updated", state="in-sync")
            elif resolution == "merge" and plan.merged is not None:
                from ..core.notebook import to_ipynb_json

                merged = to_ipynb_json(plan.merged).encode("utf-8")
                await self.write_notebook(path, merged)
                # The remote is now what the link records; the merge is a local change.
                await self.run_blocking(remember_link, store, path, plan.link, plan.data)
                out.update(action="merged", state="local-changes")
            elif resolution == "keep-local":
                # Seen and declined: the remote becomes the link's base, the next push
                # replaces it without a conflict.
                await self.run_blocking(remember_link, store, path, plan.link, plan.data)
                out.update(action="kept-local", state="local-changes")
            else:
                beside = remote_copy_path(path)
                await self.write_notebook(beside, plan.data)
                out["remoteCopy"] = beside
        self.finish(out)


class PullRequestHandler(SyncHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.pulls import create_pull_request, title_and_body

        body = self.json_body()
        head = str(_text(body, "head", required=True))
        title, text = title_and_body(_text(body, "message"), head)
        title = _text(body, "title") or title
        text = _text(body, "body") or text
        repo = str(_text(body, "repo", required=True))
        base = str(_text(body, "base", required=True))
        client = self.client_for(None)
        result = await self.run_blocking(
            lambda: create_pull_request(client, repo, head=head, base=base, title=title, body=text)
        )
        self.finish(result)


ROUTES: list[tuple[str, Any]] = [
    (r"/cloudshare/github/status", StatusHandler),
    (r"/cloudshare/github/pull", PullHandler),
    (r"/cloudshare/github/pull-request", PullRequestHandler),
]
