"""/cloudshare/github/open and /browse/{repos,branches,notebooks}: open from GitHub.

Find a notebook as Colab does (thin over :mod:`..core.browse`; branches:
:func:`..core.push.list_branches`), or take a pasted link, and save it linked
(:mod:`..core.sync`). Signed out, public repositories are read anonymously.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core.errors import InvalidRequestError, NotFoundError
from .base import body_text as _text
from .sync import SyncHandler


def _flag(value: str) -> bool:
    if value in ("", "0", "false"):
        return False
    if value in ("1", "true"):
        return True
    raise InvalidRequestError("'private' must be 1 or 0.")


class OpenHandler(SyncHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.ghurl import api_url_for, parse_github_url
        from ..core.sync import (
            check_notebook_bytes,
            exists_error,
            fetch,
            remember_link,
            target_path,
        )

        body = self.json_body()
        url = _text(body, "url")
        overwrite = body.get("overwrite", False)
        if not isinstance(overwrite, bool):
            raise InvalidRequestError("'overwrite' must be true or false.")
        await self.authorize_contents("write")
        if url:
            location = parse_github_url(url)
            api_url = _text(body, "apiUrl") or api_url_for(location, self.account().api_url)
            client = await self.run_blocking(self.read_client, api_url)
            remote = await self.run_blocking(fetch, client, location)
        else:
            # A notebook picked while browsing: repository, branch and path are known.
            from ..core.sync import fetch_repo_path

            repo = str(_text(body, "repo", required=True))
            branch = str(_text(body, "branch", required=True))
            remote_path = str(_text(body, "remotePath", required=True))
            client = await self.run_blocking(self.read_client, None)
            web_url = self.account().web_url
            remote = await self.run_blocking(
                fetch_repo_path, client, web_url, repo, branch, remote_path
            )
        check_notebook_bytes(remote.data, remote.name)
        requested = (_text(body, "path") or "").strip("/")
        is_dir = requested == "" or await self.is_dir(requested)
        if not is_dir and not requested.lower().endswith(".ipynb"):
            # Not a folder here, and not a notebook's name: a folder that does not exist.
            raise NotFoundError(
                f"There is no folder '{requested}' on the server; create it or choose another."
            )
        path = target_path(requested, remote.name, lambda _p: is_dir)
        path = self.api_path(path)
        if not overwrite and await self.file_exists(path):
            raise exists_error(path)
        await self.write_notebook(path, remote.data)
        from ..core.sync import public_remote

        store = self.app.share_store()
        await self.run_blocking(remember_link, store, path, remote.link, remote.data)
        self.finish({"path": path, "remote": public_remote(remote.link), "state": "in-sync"})


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
    (r"/cloudshare/github/open", OpenHandler),
    (r"/cloudshare/github/browse/repos", BrowseReposHandler),
    (r"/cloudshare/github/browse/branches", BrowseBranchesHandler),
    (r"/cloudshare/github/browse/notebooks", BrowseNotebooksHandler),
]
