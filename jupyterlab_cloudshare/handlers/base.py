"""What every cloudshare handler shares: auth, errors as JSON, notebook access.

Handlers stay thin: parse the request, make one core call, write JSON. Every
failure a user can act on is a :class:`~jupyterlab_cloudshare.core.errors.CloudShareError`
raised by the core or here, turned into ``{"error": {"code", "message"}}`` with
its HTTP status in exactly one place (:meth:`CloudShareHandler.write_error`).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from jupyter_server.utils import ensure_async
from tornado import web
from tornado.httputil import responses
from tornado.ioloop import IOLoop

from ..core.echo import has_surrogate, shown
from ..core.errors import (
    CloudShareError,
    FileTooLargeError,
    ForbiddenError,
    InvalidRequestError,
    NotebookError,
    NotFoundError,
    PolicyError,
)

if TYPE_CHECKING:
    from ..app import CloudShareApp
    from ..core.policy import ShareDecision

T = TypeVar("T")

#: The resource name jupyter_server's Authorizer is asked about.
AUTH_RESOURCE = "cloudshare"


@dataclass(frozen=True)
class NotebookFile:
    """A notebook as read through the ContentsManager: its API path and JSON text."""

    path: str
    data: bytes | str


class CloudShareHandler(ExtensionHandlerMixin, APIHandler):
    """Base class: authenticated by the subclass's decorators, JSON errors, helpers."""

    auth_resource = AUTH_RESOURCE
    #: The admin-switchable feature this handler belongs to (see CloudShareApp.disabled_features).
    feature: str | None = None
    #: Whose credentials ``require_owner`` guards, named in its refusal.
    service = "GitHub"

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
            self.log.warning(
                "cloudshare %s: %s (%s)", shown(self.request.path), shown(e.message, 500), e.code
            )
            self.send_error(e.status, exc_info=sys.exc_info())
            return
        super()._handle_request_exception(e)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json")
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, CloudShareError):
            body = exc.to_json()
        elif isinstance(exc, web.HTTPError):
            message = exc.log_message or exc.reason or responses.get(status_code, "HTTP error")
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
        except RecursionError as err:
            raise InvalidRequestError("The request body is JSON nested too deeply.") from err
        except ValueError as err:
            raise InvalidRequestError("The request body is not valid JSON.") from err
        if not isinstance(body, dict):
            raise InvalidRequestError("The request body must be a JSON object.")
        _check_text(body)
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
        credentials (their GitHub or Google token: :attr:`service`).
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
                f"Only the owner of this server can use its {self.service} credentials.",
                code="not_owner",
            )

    async def run_blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Run CPU- or IO-bound core work off the event loop."""
        return await IOLoop.current().run_in_executor(None, fn, *args)

    async def on_notebook(
        self,
        fn: Callable[..., T],
        nb: dict[str, Any] | NotebookFile,
        /,
        *args: Any,
        **kwargs: Any,
    ) -> T:
        """``fn(notebook, *args, **kwargs)`` for CPU-heavy core work (scan, export, policy).

        Given the notebook's file text, it runs in the app's worker processes
        (parsed there), where it cannot hold this server's GIL; given a parsed
        notebook, or with workers turned off, in a thread.
        """
        from ..core.notebook import read_notebook

        pool = self.app.worker_pool()
        if isinstance(nb, dict):
            return await self.run_blocking(lambda: fn(nb, *args, **kwargs))
        data, name = nb.data, nb.path
        if pool is None:
            return await self.run_blocking(lambda: fn(read_notebook(data, name), *args, **kwargs))
        from concurrent.futures.process import BrokenProcessPool

        from ..core.workers import raise_error

        try:
            ok, value = await asyncio.wrap_future(pool.submit(fn, data, name, *args, **kwargs))
        except BrokenProcessPool as err:
            pool.restart()
            raise CloudShareError(
                "The worker process stopped while reading this notebook (it may be too "
                "large for the server's memory); try again or ask the administrator.",
                code="worker_failed",
                status=503,
            ) from err
        if not ok:
            raise_error(value)  # type: ignore[arg-type]
        return value  # type: ignore[return-value]

    # ---- the sensitive-data policy ---------------------------------------
    def scan_config(self) -> Any:
        """The admin's scanner settings as a core ``ScanConfig``."""
        return self.app.policy().scan

    async def enforce_policy(
        self,
        nb: dict[str, Any] | NotebookFile,
        action: str | tuple[str, ...],
        acknowledge: str | None,
        without_outputs: bool,
        name: str | None = None,
    ) -> ShareDecision:
        """What of ``nb`` the admin's policy lets leave, or :class:`PolicyError`.

        With several actions (a push made to get a launch link is both "push"
        and "link"), the strictest of their levels applies. ``name`` (the
        notebook's path) is scanned too. Given the notebook's file, the scan runs in
        the app's worker processes (see :meth:`on_notebook`). Never changes ``nb``:
        under "block" the decision's notebook is the stripped copy.
        """
        from ..core.policy import check_share

        return await self.on_notebook(
            check_share,
            nb,
            self.app.policy(),
            action,
            acknowledge=acknowledge,
            without_outputs=without_outputs,
            name=name,
        )

    async def share_decision(
        self,
        body: dict[str, Any],
        nb: dict[str, Any] | NotebookFile,
        action: str | tuple[str, ...],
        acknowledge: str | None,
        without_outputs: bool,
        name: str | None = None,
    ) -> ShareDecision | None:
        """:meth:`enforce_policy` for a share request, or only the check when it asks.

        A body with ``"policyCheck": true`` stops here (nothing is shared) and is
        answered 200: ``{"allowed": true}``, or ``{"allowed": false, "error": ...}``
        holding what the refusal (422) would. The frontend asks first, so the refusal a
        user then resolves in a dialog is no failed request, which a browser logs as a
        console error. Returns None when it answered.
        """
        if body.get("policyCheck") is not True:
            return await self.enforce_policy(nb, action, acknowledge, without_outputs, name)
        try:
            await self.enforce_policy(nb, action, acknowledge, without_outputs, name)
        except PolicyError as err:
            self.finish({"allowed": False, **err.to_json()})
        else:
            self.finish({"allowed": True})
        return None

    async def read_notebook(self, path: str) -> dict[str, Any]:
        """Read and parse a notebook through the ContentsManager, off the loop."""
        return await self.read_notebook_data(await self.read_notebook_file(path))

    async def read_notebook_data(self, file: NotebookFile) -> dict[str, Any]:
        """Parse a notebook read with :meth:`read_notebook_file`, off the loop."""
        from ..core.notebook import read_notebook

        return await self.run_blocking(read_notebook, file.data, file.path)

    # ---- notebook access through the ContentsManager ---------------------
    def api_path(self, path: str) -> str:
        """A contents API path from a request, or a clear 400."""
        if not isinstance(path, str) or not path.strip("/"):
            raise InvalidRequestError("Missing the notebook path.")
        if "\x00" in path or has_surrogate(path):
            raise InvalidRequestError(
                f"'{shown(path)}' holds characters no file name can (NUL or a lone surrogate)."
            )
        if len(path) > _MAX_PATH:
            raise NotFoundError(f"No file '{shown(path)}' under the server's root.")
        return path.strip("/")

    async def authorize_contents(self, action: str) -> None:
        """Refuse (403) what the server's Authorizer does not allow on ``contents``.

        The extension's own resource is checked by ``@authorized``; this makes an
        Authorizer that restricts file access restrict the extension's reads
        (``read``) and writes (``write``) of files too.
        """
        allowed = await ensure_async(
            self.authorizer.is_authorized(self, self.current_user, action, "contents")
        )
        if not allowed:
            verb = "read" if action == "read" else "write"
            raise ForbiddenError(
                f"This server's authorization does not let you {verb} files.",
                code="contents_forbidden",
            )

    async def contents_model(self, path: str) -> dict[str, Any]:
        """The file's model without content, as the ContentsManager gives it to this user.

        Authorized as a contents read; refuses, as the contents API does, hidden
        files when the manager does not allow them (404), paths outside the root
        (404) and directories (400).
        """
        path = self.api_path(path)
        await self.authorize_contents("read")
        cm = self.contents_manager
        try:
            if not getattr(cm, "allow_hidden", True) and await ensure_async(cm.is_hidden(path)):
                raise NotFoundError(f"No file '{shown(path)}' under the server's root.")
            meta = await ensure_async(cm.get(path, content=False))
        except web.HTTPError as err:
            raise _contents_error(err, path) from err
        except (OSError, ValueError) as err:  # e.g. a name the file system refuses
            raise NotFoundError(f"No file '{shown(path)}' under the server's root.") from err
        if meta.get("type") == "directory":
            raise NotebookError(f"'{shown(path)}' is a directory, not a notebook.")
        return dict(meta)

    async def read_notebook_file(self, path: str) -> NotebookFile:
        """A notebook's JSON text, through the server's ContentsManager.

        ``.ipynb`` files are read as files (``type="file"``): the text is parsed
        later, off this process (see :meth:`on_notebook`), never by the server's
        event loop. Other paths are asked for as notebooks (``type="notebook"``),
        for managers that convert them (e.g. jupytext's). Oversized files: 413.
        """
        meta = await self.contents_model(path)
        path = self.api_path(path)
        size = meta.get("size")
        limit = self.app.max_notebook_bytes
        if isinstance(size, int) and size > limit:
            raise FileTooLargeError(
                f"'{shown(path)}' is {size / 1e6:.1f} MB, over this server's limit of "
                f"{limit / 1e6:.1f} MB.",
                details={"size": size, "limit": limit},
            )
        cm = self.contents_manager
        as_file = path.lower().endswith(".ipynb")
        try:
            model = await ensure_async(
                cm.get(path, content=True, type="file" if as_file else "notebook")
            )
        except web.HTTPError as err:
            raise _contents_error(err, path) from err
        content = model.get("content")
        if not as_file:
            return NotebookFile(path, await self.run_blocking(json.dumps, content))
        if model.get("format") == "base64":
            return NotebookFile(path, base64.b64decode(content or ""))
        return NotebookFile(path, str(content or ""))

    async def file_exists(self, path: str) -> bool:
        return bool(await ensure_async(self.contents_manager.file_exists(self.api_path(path))))

    async def save_text_file(self, path: str, text: str) -> dict[str, Any]:
        """Save a text file through the ContentsManager (atomic with the default manager).

        Authorized as a contents write; hidden targets are refused as the
        contents API refuses them.
        """
        path = self.api_path(path)
        await self.authorize_contents("write")
        cm = self.contents_manager
        model = {"type": "file", "format": "text", "content": text}
        try:
            if not getattr(cm, "allow_hidden", True) and await ensure_async(cm.is_hidden(path)):
                raise ForbiddenError(f"Saving '{shown(path)}' (a hidden file) is not allowed.")
            saved = await ensure_async(cm.save(model, path))
        except web.HTTPError as err:
            raise _contents_error(err, path) from err
        return {k: saved.get(k) for k in ("name", "path", "last_modified", "size")}


#: Longest API path looked up; longer ones cannot name a file on any common file system.
_MAX_PATH = 4096


def _check_text(body: Any) -> None:
    """400 when a string anywhere in a JSON body holds a lone surrogate."""
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogate(item):
                raise InvalidRequestError(
                    "The request holds text that is not valid Unicode (a lone surrogate)."
                )
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _contents_error(err: web.HTTPError, path: str) -> CloudShareError:
    # The manager's own message is not echoed: it may hold the absolute path on disk.
    name = shown(path)
    if err.status_code == 404:
        return NotFoundError(f"No file '{name}' under the server's root.")
    if err.status_code == 403:
        return ForbiddenError(f"Access to '{name}' is not allowed.")
    if err.status_code == 400:
        return NotebookError(
            f"'{name}' cannot be read as a notebook (not a notebook, truncated or not JSON)."
        )
    return CloudShareError(f"'{name}' cannot be read ({err.status_code}).", status=502)


def body_text(body: dict[str, Any], name: str, required: bool = False) -> str | None:
    """A string field of a JSON body; ``None`` when absent or empty (400 when required)."""
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise InvalidRequestError(f"Missing required field '{name}'.")
        return None
    if not isinstance(value, str):
        raise InvalidRequestError(f"'{name}' must be a string.")
    return value


def body_flag(body: dict[str, Any], name: str) -> bool:
    """A boolean field of a JSON body (``False`` when absent; 400 when not a boolean)."""
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise InvalidRequestError(f"'{name}' must be true or false.")
    return value
