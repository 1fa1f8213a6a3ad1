"""'Save a copy in GitHub' and Gists: repository and branch pickers, push, gist.

Every endpoint acts with the server owner's token (``require_owner``); the
GitHub calls are blocking and run off the event loop (see ``core/github.py``).
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core.errors import ConflictError, InvalidRequestError
from .base import body_flag as _flag
from .base import body_text as _text
from .github_auth import ROUTES as AUTH_ROUTES
from .github_auth import GitHubHandler


class ReposHandler(GitHubHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.push import list_repos

        page = self.get_argument("page", "1")
        if not page.isdigit() or int(page) < 1:
            raise InvalidRequestError("'page' must be a positive number.")
        account = self.account()
        q = self.get_argument("q", "")
        self.finish(await self.run_blocking(lambda: list_repos(account.client(), q, int(page))))


class BranchesHandler(GitHubHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.push import list_branches

        repo = self.required_arg("repo")
        account = self.account()
        self.finish(await self.run_blocking(lambda: list_branches(account.client(), repo)))


class LastHandler(GitHubHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.state import last_shares

        key = self.required_arg("path").strip("/")
        api_url = self.account().api_url
        self.finish(await self.run_blocking(last_shares, self.app.share_store(), key, api_url))


class PushHandler(GitHubHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.push import PushRequest, push_notebook

        body = self.json_body()
        path = str(_text(body, "path", required=True)).strip("/")
        request = PushRequest(
            repo=str(_text(body, "repo", required=True)),
            branch=_text(body, "branch"),
            new_branch_from=_text(body, "newBranchFrom"),
            target_path=_text(body, "targetPath"),
            message=_text(body, "message"),
            colab_link=_flag(body, "colabLink"),
            with_py=_flag(body, "withPy"),
            no_outputs=_flag(body, "noOutputs"),
            force=_flag(body, "force"),
        )
        file = await self.read_notebook_file(path)
        actions = _share_actions("push", body)
        decision = await self.share_decision(
            body, file, actions, _text(body, "acknowledge"), request.no_outputs, name=path
        )
        if decision is None:
            return
        account = self.account()
        client = account.client()
        try:
            result = await self.run_blocking(
                lambda: push_notebook(
                    client,
                    decision.notebook,
                    source_path=path,
                    request=request,
                    store=self.app.share_store(),
                    key=path,
                    web_url=account.web_url,
                )
            )
        except ConflictError as err:
            if err.code == "remote_changed":  # show what the remote holds (core/sync.py)
                from ..core.sync import conflict_diff

                diff = await self.run_blocking(
                    conflict_diff, client, err.details, decision.notebook
                )
                err.details["diff"] = diff
            raise
        from ..core.sync import link_after_push

        local = file.data if isinstance(file.data, bytes) else file.data.encode("utf-8")
        store = self.app.share_store()
        await self.run_blocking(link_after_push, store, path, account.api_url, result, local)
        self.finish({**result, "policy": decision.to_json()})


class GistHandler(GitHubHandler):
    feature = "gist"

    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.push import share_gist

        body = self.json_body()
        path = str(_text(body, "path", required=True)).strip("/")
        public, with_py, no_outputs = (_flag(body, n) for n in ("public", "withPy", "noOutputs"))
        description = _text(body, "description")
        file = await self.read_notebook_file(path)
        decision = await self.share_decision(
            body,
            file,
            _share_actions("gist", body),
            _text(body, "acknowledge"),
            no_outputs,
            name=path,
        )
        if decision is None:
            return
        account = self.account()
        result = await self.run_blocking(
            lambda: share_gist(
                account.client(),
                decision.notebook,
                source_path=path,
                store=self.app.share_store(),
                key=path,
                public=public,
                with_py=with_py,
                no_outputs=no_outputs,
                description=description,
            )
        )
        from ..core.sync import link_after_gist

        local = file.data if isinstance(file.data, bytes) else file.data.encode("utf-8")
        store, api_url = self.app.share_store(), account.api_url
        await self.run_blocking(
            lambda: link_after_gist(
                store, path, api_url, result, decision.notebook, no_outputs, local
            )
        )
        self.finish({**result, "policy": decision.to_json()})


def _share_actions(action: str, body: dict[str, Any]) -> tuple[str, ...]:
    """The policy actions of an upload: also "link" when made to get a launch link."""
    return (action, "link") if body.get("purpose") == "link" else (action,)


ROUTES: list[tuple[str, Any]] = [
    *AUTH_ROUTES,
    (r"/cloudshare/github/repos", ReposHandler),
    (r"/cloudshare/github/branches", BranchesHandler),
    (r"/cloudshare/github/last", LastHandler),
    (r"/cloudshare/github/push", PushHandler),
    (r"/cloudshare/github/gist", GistHandler),
]
