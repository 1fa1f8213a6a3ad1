"""/cloudshare/github/browse/{repos,notebooks}: find a notebook to open, as Colab does.

Thin over :mod:`..core.browse` (branches: :func:`..core.push.list_branches`).
Signed out, only public repositories are listed (GitHub's anonymous reads).
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core.errors import InvalidRequestError
from .sync import SyncHandler


def _flag(value: str) -> bool:
    if value in ("", "0", "false"):
        return False
    if value in ("1", "true"):
        return True
    raise InvalidRequestError("'private' must be 1 or 0.")


class BrowseReposHandler(SyncHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.browse import list_owner_repos

        owner = self.required_arg("owner")
        private = _flag(self.get_argument("private", ""))
        page = self.get_argument("page", "1")
        if not page.isdigit() or int(page) < 1:
            raise InvalidRequestError("'page' must be a positive number.")
        # Private repositories need the token: account.client() says so when signed out.
        reader = self.account().client if private else self.read_client
        client = await self.run_blocking(reader)
        self.finish(
            await self.run_blocking(
                lambda: list_owner_repos(client, owner, private=private, page=int(page))
            )
        )


class BrowseNotebooksHandler(SyncHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.browse import list_notebooks

        repo = self.required_arg("repo")
        branch = self.required_arg("branch")
        client = await self.run_blocking(self.read_client)
        self.finish(await self.run_blocking(list_notebooks, client, repo, branch))


class BrowseBranchesHandler(SyncHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.push import list_branches

        repo = self.required_arg("repo")
        client = await self.run_blocking(self.read_client)
        self.finish(await self.run_blocking(list_branches, client, repo))


ROUTES: list[tuple[str, Any]] = [
    (r"/cloudshare/github/browse/repos", BrowseReposHandler),
    (r"/cloudshare/github/browse/branches", BrowseBranchesHandler),
    (r"/cloudshare/github/browse/notebooks", BrowseNotebooksHandler),
]
