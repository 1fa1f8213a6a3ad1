"""Google Drive: save a copy, open, list, the last save of a notebook (sign-in: drive_auth).

Every endpoint acts with the server owner's Google token (``require_owner``),
which never reaches the browser; Drive calls are blocking and run off the
event loop (see ``core/drive.py``). Saving obeys the sensitive-data policy's
``drive`` action, and ``link`` too when the file is shared with anyone who
has the link.
"""

from __future__ import annotations

import posixpath
from typing import Any

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async
from tornado import web

from ..core.errors import ConflictError, InvalidRequestError, NotFoundError
from .base import body_flag as _flag
from .base import body_text
from .drive_auth import ROUTES as AUTH_ROUTES
from .drive_auth import DriveHandler


def _text(body: dict[str, Any], name: str, default: str = "") -> str:
    return body_text(body, name) or default


class SaveHandler(DriveHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.drive import DEFAULT_FOLDER, save_notebook
        from ..core.notebook import read_notebook, strip_outputs, to_ipynb_json

        body = self.json_body()
        path = _text(body, "path").strip("/")
        if not path:
            raise InvalidRequestError("Missing required field 'path'.")
        share = _text(body, "share", "none")
        on_conflict = _text(body, "onConflict", "fail")
        folder = _text(body, "folder", DEFAULT_FOLDER) or DEFAULT_FOLDER
        no_outputs = _flag(body, "noOutputs")
        acknowledge = _text(body, "acknowledge") or None
        file = await self.read_notebook_file(path)
        data = file.data if isinstance(file.data, bytes) else file.data.encode("utf-8")
        nb = await self.run_blocking(read_notebook, data, path)
        actions = ("drive", "link") if share == "reader" else ("drive",)
        decision = await self.share_decision(body, nb, actions, acknowledge, no_outputs, path)
        if decision is None:
            return
        shared = decision.notebook
        if no_outputs:
            data = to_ipynb_json(strip_outputs(shared)).encode("utf-8")
        elif shared is not nb:
            data = to_ipynb_json(shared).encode("utf-8")
        account = self.account()

        def save() -> dict[str, Any]:
            client, email = account.connect()
            return save_notebook(
                client,
                data,
                name=posixpath.basename(path),
                store=self.app.share_store(),
                key=path,
                account=email,
                folder=folder,
                share=share,
                on_conflict=on_conflict,
            )

        self.finish(await self.run_blocking(save))


class OpenHandler(DriveHandler):
    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.require_owner()
        from ..core.drive import fetch_notebook, link_opened, local_name, parse_file_id
        from ..core.notebook import read_notebook

        body = self.json_body()
        file_id = parse_file_id(_text(body, "id") or _text(body, "url"))
        target = _text(body, "path").strip("/")
        overwrite = _flag(body, "overwrite")
        account = self.account()

        def fetch() -> tuple[Any, str, dict[str, Any], bytes]:
            client, email = account.connect()
            meta, data = fetch_notebook(client, file_id)
            return client, email, meta, data

        client, email, meta, data = await self.run_blocking(fetch)
        if len(data) > self.app.max_notebook_bytes:
            raise InvalidRequestError("The Drive notebook is larger than this server's limit.")
        await self.run_blocking(read_notebook, data, str(meta.get("name") or file_id))
        name = local_name(str(meta.get("name") or file_id))
        if not target.lower().endswith(".ipynb"):
            target = posixpath.join(target, name) if target else name
        folder = posixpath.dirname(target)
        if folder and not await ensure_async(self.contents_manager.dir_exists(folder)):
            raise NotFoundError(f"No folder '{folder}' under the server's root.")
        if await self.file_exists(target) and not overwrite:
            raise ConflictError(
                f"'{target}' already exists; open it under another name or replace it.",
                code="file_exists",
                details={"path": target},
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequestError("The Drive file is not UTF-8 text.") from None
        saved = await self.save_text_file(target, text)
        await self.run_blocking(
            link_opened, self.app.share_store(), target, email, client.api_url, meta, data
        )
        self.finish(
            {
                "path": saved.get("path") or target,
                "fileId": meta["id"],
                "name": meta.get("name"),
                "colabUrl": f"https://colab.research.google.com/drive/{meta['id']}",
                "webViewLink": meta.get("webViewLink"),
            }
        )


class ListHandler(DriveHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.drive import DEFAULT_FOLDER, list_notebooks

        folder = self.get_argument("folder", DEFAULT_FOLDER) or DEFAULT_FOLDER
        account = self.account()

        def listing() -> dict[str, Any]:
            client, email = account.connect()
            return list_notebooks(client, self.app.share_store(), email, folder)

        self.finish(await self.run_blocking(listing))


class LastHandler(DriveHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.require_owner()
        from ..core.drive import colab_url
        from ..core.state import drive_record

        path = self.required_arg("path").strip("/")
        account = self.account()

        def last() -> dict[str, Any]:
            cred = account.credential()
            if cred is None:
                return {"drive": None}
            record = drive_record(
                self.app.share_store(), path, account.account_of(cred), account.api_url
            )
            if record is None:
                return {"drive": None}
            return {
                "drive": {
                    "fileId": record["fileId"],
                    "name": record.get("name"),
                    "colabUrl": colab_url(str(record["fileId"])),
                    "webViewLink": record.get("webViewLink"),
                    "folderId": record.get("folderId"),
                    "savedAt": record.get("savedAt"),
                }
            }

        self.finish(await self.run_blocking(last))


ROUTES: list[tuple[str, Any]] = [
    *AUTH_ROUTES,
    (r"/cloudshare/drive/save", SaveHandler),
    (r"/cloudshare/drive/open", OpenHandler),
    (r"/cloudshare/drive/list", ListHandler),
    (r"/cloudshare/drive/last", LastHandler),
]
