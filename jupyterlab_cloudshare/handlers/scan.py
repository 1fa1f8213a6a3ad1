"""GET /cloudshare/scan?path=NB: the sensitive-data findings of one notebook."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado import web

from .base import CloudShareHandler


class ScanHandler(CloudShareHandler):
    """Scan a notebook under the server root; findings are masked, never raw."""

    feature = "scan"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        from ..core.policy import fingerprint, summary
        from ..core.scan import scan_notebook

        path = self.required_arg("path")
        file = await self.read_notebook_file(path)
        findings = await self.on_notebook(
            scan_notebook, file, self.scan_config(), name=file.path.rsplit("/", 1)[-1]
        )
        self.finish(
            {
                "path": file.path,
                "findings": [f.to_json() for f in findings],
                "summary": summary(findings),
                "count": len(findings),
                "fingerprint": fingerprint(findings),
                "policy": dict(self.app.policy().levels),
                "bannerMessage": self.app.banner_message,
            }
        )


ROUTES = [(r"/cloudshare/scan", ScanHandler)]
