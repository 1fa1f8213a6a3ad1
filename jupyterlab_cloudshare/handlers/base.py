"""What every cloudshare handler shares: auth, errors as JSON, notebook access.

Handlers stay thin: parse the request, make one core call, write JSON. Every
failure a user can act on is a :class:`~jupyterlab_cloudshare.core.errors.CloudShareError`
raised by the core or here, turned into ``{"error": {"code", "message"}}`` with
its HTTP status in exactly one place (:meth:`CloudShareHandler.write_error`).
"""

from __future__ import annotations

import base64
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from jupyter_server.utils import ensure_async
from tornado import web
from tornado.ioloop import IOLoop

from ..core.errors import (
    CloudShareError,
    FileTooLargeError,
    ForbiddenError,
    InvalidRequestError,
    NotebookError,
    NotFoundError,
)

if TYPE_CHECKING:
    from ..app import CloudShareApp
    from ..core.policy import ShareDecision

T = TypeVar("T")

#: The resource name jupyter_server's Authorizer is asked about.
AUTH_RESOURCE = "cloudshare"


class CloudShareHandler(ExtensionHandlerMixin, APIHandler):
    """Base class: authenticated by the subclass's decorators, JSON errors, helpers."""

    auth_resource = AUTH_RESOURCE
    #: The admin-switchable feature this handler belongs to (see CloudShareApp.disabled_features).
    feature: str | None = None

    @property
    def app(self) -> CloudShareApp:
        return self.extensionapp  # type: ignore[return-value]

    async def prepare(self) -> None:
        await super().prepare()
        if not self.current_user:
            return  # @web.authenticated answers 403 before any setting shows
        # Invalid settings refuse everything (SettingsError); never weaker defaults.
        policy = self.app.policy()
        if self.feature:
            policy.require_feature(self.feature)

    # ---- errors ----------------------------------------------------------
    def _handle_request_exception(self, e: BaseException) -> None:
        if isinstance(e, CloudShareError) and not self._finished:
            # An expected, user-actionable failure: one log line, no traceback.
            self.log.warning("cloudshare %s: %s (%s)", self.request.path, e.message, e.code)
            self.send_error(e.status, exc_info=sys.exc_info())
            return
        super()._handle_request_exception(e)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json")
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, CloudShareError):
            body = exc.to_json()
        elif isinstance(exc, web.HTTPError):
            message = exc.log_message or exc.reason or "HTTP error"
            if exc.log_message and exc.args:
                message = exc.log_message % exc.args
            body = {"error": {"code": f"http_{status_code}", "message": message}}
        else:
            body = {
                "error": {
                    "code": "internal_error",
                    "message": "Unexpected server error; the server log has the details.",
                }
            }
        # Keep "message" at the top level too: JupyterLab's ResponseError reads it.
        body["message"] = body["error"]["message"]
        self.finish(json.dumps(body))

    # ---- request helpers -------------------------------------------------
    def json_body(self) -> dict[str, Any]:
        """The request's JSON object body, or a clear 400."""
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError as err:
            raise InvalidRequestError("The request body is not valid JSON.") from err
        if not isinstance(body, dict):
            raise InvalidRequestError("The request body must be a JSON object.")
        return body

    def required_arg(self, name: str) -> str:
        value = self.get_argument(name, "")
        if not value:
            raise InvalidRequestError(f"Missing required parameter '{name}'.")
        return value

    def require_owner(self) -> None:
        """Refuse callers other than the server's owner on a JupyterHub.

        Hub access is not ownership: admins and users a server is shared with
        get through the hub's auth, but must never act with the owner's
        credentials (their GitHub token).
        """
        owner = os.environ.get("JUPYTERHUB_USER")
        if not owner:
            return
        user = self.current_user
        name = getattr(user, "username", None) or getattr(user, "name", None)
        if isinstance(user, dict):
            name = user.get("name")
        if name != owner:
            raise ForbiddenError(
                "Only the owner of this server can use its GitHub credentials.",
                code="not_owner",
            )

    async def run_blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Run CPU- or IO-bound core work off the event loop."""
        return await IOLoop.current().run_in_executor(None, fn, *args)

    # ---- the sensitive-data policy ---------------------------------------
    def scan_config(self) -> Any:
        """The admin's scanner settings as a core ``ScanConfig``."""
        return self.app.policy().scan

    async def enforce_policy(
        self,
        nb: dict[str, Any],
        action: str | tuple[str, ...],
        acknowledge: str | None,
        without_outputs: bool,
        name: str | None = None,
    ) -> ShareDecision:
        """What of ``nb`` the admin's policy lets leave, or :class:`PolicyError`.

        With several actions (a push made to get a launch link is both "push"
        and "link"), the strictest of their levels applies. ``name`` (the
        notebook's path) is scanned too. Runs off the event loop; never
        changes ``nb``: under "block" the decision's notebook is the stripped copy.
        """
        policy = self.app.policy()
        return await self.run_blocking(
            lambda: policy.check(
                nb,
                action,
                acknowledge=acknowledge,
                without_outputs=without_outputs,
                name=name,
            )
        )

    async def read_notebook(self, path: str) -> dict[str, Any]:
        """Read and parse a notebook through the ContentsManager, off the loop."""
        from ..core.notebook import read_notebook

        data = await self.read_file_bytes(path)
        return await self.run_blocking(read_notebook, data, path)

    # ---- notebook access through the ContentsManager ---------------------
    async def read_file_bytes(self, path: str) -> bytes:
        """The raw bytes of a file, through the server's ContentsManager.

        Works with any contents manager; paths outside the root give 404,
        oversized files 413, directories 400.
        """
        cm = self.contents_manager
        path = path.strip("/")
        if not path:
            raise InvalidRequestError("Missing the notebook path.")
        try:
            meta = await ensure_async(cm.get(path, content=False))
        except web.HTTPError as err:
            raise _contents_error(err, path) from err
        if meta.get("type") == "directory":
            raise NotebookError(f"'{path}' is a directory, not a notebook.")
        size = meta.get("size")
        limit = self.app.max_notebook_bytes
        if isinstance(size, int) and size > limit:
            raise FileTooLargeError(
                f"'{path}' is {size / 1e6:.1f} MB, over this server's limit of "
                f"{limit / 1e6:.1f} MB.",
                details={"size": size, "limit": limit},
            )
        try:
            model = await ensure_async(cm.get(path, content=True, type="file"))
        except web.HTTPError as err:
            raise _contents_error(err, path) from err
        content = model.get("content") or ""
        if model.get("format") == "base64":
            return base64.b64decode(content)
        return str(content).encode("utf-8")

    async def file_exists(self, path: str) -> bool:
        return bool(await ensure_async(self.contents_manager.file_exists(path.strip("/"))))

    async def save_text_file(self, path: str, text: str) -> dict[str, Any]:
        """Save a text file through the ContentsManager (atomic with the default manager)."""
        model = {"type": "file", "format": "text", "content": text}
        try:
            saved = await ensure_async(self.contents_manager.save(model, path.strip("/")))
        except web.HTTPError as err:
            raise _contents_error(err, path) from err
        return {k: saved.get(k) for k in ("name", "path", "last_modified", "size")}


def _contents_error(err: web.HTTPError, path: str) -> CloudShareError:
    if err.status_code == 404:
        return NotFoundError(f"No file '{path}' under the server's root.")
    if err.status_code == 403:
        return ForbiddenError(f"Access to '{path}' is not allowed.")
    if err.status_code == 400:
        return NotebookError(f"'{path}' cannot be read: {err.log_message or err.reason}")
    return CloudShareError(f"'{path}' cannot be read ({err.status_code}).")
