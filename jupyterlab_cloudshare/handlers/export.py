"""``/cloudshare/export``: download a notebook as a script (GET) or save it beside (POST)."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import quote

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..core.echo import shown
from ..core.errors import ConflictError, InvalidRequestError
from .base import CloudShareHandler


def content_disposition(filename: str) -> str:
    """An RFC 6266 attachment header; non-ASCII names go in ``filename*`` (RFC 5987)."""
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    ascii_name = ascii_name.replace("\\", "_").replace('"', "_")
    ascii_name = "".join(ch if 32 <= ord(ch) < 127 else "_" for ch in ascii_name)
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        encoded = quote(filename.encode("utf-8", "replace"), safe="")
        header += f"; filename*=UTF-8''{encoded}"
    return header


class ExportHandler(CloudShareHandler):
    """Export a notebook under the server root to a script."""

    feature = "export"

    def _format(self, value: Any) -> str:
        fmt = value or self.app.export_default_format
        if not isinstance(fmt, str):
            raise InvalidRequestError("'format' must be one of colab, percent, script.")
        return fmt

    async def _export(self, path: str, fmt: str, acknowledge: Any, header: bool = False) -> Any:
        from ..core.export import FORMATS
        from ..core.tasks import export_shared

        if fmt not in FORMATS:
            raise InvalidRequestError(
                f"Unknown export format '{shown(fmt, 40)}'; use one of {', '.join(FORMATS)}."
            )
        file = await self.read_notebook_file(path)
        ack = acknowledge if isinstance(acknowledge, str) else None
        return await self.on_notebook(
            export_shared,
            file,
            self.app.policy(),
            fmt,
            name=file.path,
            header=header,
            acknowledge=ack,
        )

    @web.authenticated
    @authorized
    async def get(self) -> None:
        path = self.required_arg("path")
        fmt = self._format(self.get_argument("format", ""))
        header = self.get_argument("header", "") in ("1", "true")
        result = await self._export(path, fmt, self.get_argument("acknowledge", None), header)
        self.set_header("Content-Disposition", content_disposition(result.filename))
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(
            result.text.encode("utf-8"), set_content_type=f"{result.mimetype}; charset=utf-8"
        )

    @web.authenticated
    @authorized
    async def post(self) -> None:
        body = self.json_body()
        path = body.get("path")
        if not isinstance(path, str) or not path.strip("/"):
            raise InvalidRequestError("Missing required parameter 'path'.")
        fmt = self._format(body.get("format"))
        overwrite = body.get("overwrite") is True
        result = await self._export(path, fmt, body.get("acknowledge"))
        folder = posixpath.dirname(path.strip("/"))
        target = posixpath.join(folder, result.filename) if folder else result.filename
        if not overwrite and await self.file_exists(target):
            raise ConflictError(
                f"'{shown(target)}' already exists; choose overwrite to replace it.",
                details={"path": target},
            )
        saved = await self.save_text_file(target, result.text)
        self.set_status(201)
        self.finish(
            {
                "path": saved.get("path") or target,
                "name": saved.get("name") or result.filename,
                "format": fmt,
            }
        )


ROUTES: list[tuple[str, Any]] = [(r"/cloudshare/export", ExportHandler)]
