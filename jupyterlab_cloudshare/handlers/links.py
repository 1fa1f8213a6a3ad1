"""GET /cloudshare/links and GET /cloudshare/share/colab: launch links and the Colab decision.

Both map the notebook's API path to a file under the server root, ask git
where it lives (off the event loop, never fetching) and answer with the
core's JSON.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core.echo import shown
from ..core.errors import CloudShareError, InvalidRequestError, NotFoundError
from .base import CloudShareHandler

_NO_ROOT_REASON = "This server's files are not on a local disk, so their git repository is unknown."


class _GitLocatingHandler(CloudShareHandler):
    """Shared by both endpoints: API path -> local file -> git status."""

    def local_path(self, api_path: str) -> str | None:
        """The notebook's absolute path, or None when the contents manager has no root_dir.

        Called once the ContentsManager has let this user see the file
        (:meth:`contents_model`); this only maps it to the disk for git.
        """
        root = getattr(self.contents_manager, "root_dir", None)
        parts = api_path.replace("\\", "/").split("/")
        if os.path.isabs(api_path) or api_path.startswith("/") or ".." in parts:
            raise NotFoundError(f"No file '{shown(api_path)}' under the server's root.")
        if not root:
            return None
        real_root = os.path.realpath(root)
        full = os.path.realpath(os.path.join(real_root, *[p for p in parts if p]))
        if os.path.commonpath([real_root, full]) != real_root or not os.path.isfile(full):
            raise NotFoundError(f"No file '{shown(api_path)}' under the server's root.")
        return full

    def github_hosts(self) -> tuple[str, ...]:
        host = urlsplit(self.app.github_web_url).hostname or "github.com"
        return ("github.com",) if host == "github.com" else ("github.com", host)

    async def git_status(self, api_path: str) -> Any:
        from ..core.gitinfo import GitStatus, locate

        # The ContentsManager decides what this user may see (hidden files, the
        # root, an Authorizer on contents), as for every other read.
        await self.contents_model(api_path)
        full = self.local_path(self.api_path(api_path))
        if full is None:
            return GitStatus("not_git", _NO_ROOT_REASON)
        return await self.run_blocking(lambda: locate(full, github_hosts=self.github_hosts()))

    def share_record(self, api_path: str) -> dict[str, Any]:
        """The last push and gist of a notebook made against this server's GitHub."""
        from ..core.state import last_shares

        return last_shares(self.app.share_store(), api_path, self.app.github_api_url)

    async def saved_notebook(
        self, api_path: str, status: Any, record: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The saved notebook, read only when a share record may say where it is on GitHub."""
        if status.ready or not (record.get("push") or record.get("gist")):
            return None
        try:
            return await self.read_notebook(api_path)
        except CloudShareError:
            # Unreadable as a notebook: no record can match it, and git already answered.
            return None


class LinksHandler(_GitLocatingHandler):
    """The notebook's launch links and badges for the admin's targets."""

    feature = "links"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        from ..core.links import hub_url_from_env
        from ..core.share import links_report

        path = self.required_arg("path")
        app = self.app
        pin = _flag(self.get_argument("pin", ""), default=app.links_pin_commit, name="pin")
        requested = {t.strip() for t in self.get_argument("targets", "").split(",") if t.strip()}
        targets = [t for t in app.link_targets if not requested or t in requested]
        status = await self.git_status(path)
        record = self.share_record(path)
        hub = app.jupyterhub_url or hub_url_from_env(os.environ)
        report = links_report(
            path,
            status,
            record.get("push"),
            api_url=app.github_api_url,
            targets=targets,
            binder_url=app.binder_url,
            hub_url=hub,
            pin_commit=pin,
            notebook=await self.saved_notebook(path, status, record),
        )
        self.finish(report)


class ColabShareHandler(_GitLocatingHandler):
    """Whether Colab can open the notebook as saved, or what to upload."""

    feature = "colab"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        from ..core.share import colab_share

        path = self.required_arg("path")
        status = await self.git_status(path)
        record = self.share_record(path)
        self.finish(
            colab_share(
                status,
                record.get("push"),
                record.get("gist"),
                api_url=self.app.github_api_url,
                pin_commit=self.app.links_pin_commit,
                notebook=await self.saved_notebook(path, status, record),
            )
        )


def _flag(value: str, *, default: bool, name: str) -> bool:
    if value == "":
        return default
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise InvalidRequestError(f"Parameter '{name}' must be 0 or 1.")


ROUTES: list[tuple[str, Any]] = [
    (r"/cloudshare/links", LinksHandler),
    (r"/cloudshare/share/colab", ColabShareHandler),
]
