"""Where each notebook was last shared, remembered on the server.

The record lives in the user's Jupyter data directory (``cloudshare/shares.json``,
mode 0600), keyed by the notebook's path (relative to the server root for the
server, absolute for the CLI) and by the GitHub API root, so the next push of a
notebook is one click and its later pushes update the same file. Nothing here
ever holds a credential.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

_LOCK = threading.Lock()


def default_state_path() -> Path:
    """``<jupyter data dir>/cloudshare/shares.json``."""
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "cloudshare" / "shares.json"


class ShareStore:
    """A small JSON store of share records: ``{key: {"push": {...}, "gist": {...}}}``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_state_path()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> dict[str, Any]:
        """Every record of one notebook (``{}`` when it was never shared)."""
        with _LOCK:
            record = self._load().get(key)
        return dict(record) if isinstance(record, dict) else {}

    def update(self, key: str, kind: str, record: dict[str, Any] | None) -> None:
        """Set (or with ``None`` forget) one kind of record ("push", "gist") of a notebook."""
        with _LOCK:
            data = self._load()
            entry = data.get(key)
            if not isinstance(entry, dict):
                entry = {}
            if record is None:
                entry.pop(kind, None)
            else:
                entry[kind] = record
            if entry:
                data[key] = entry
            else:
                data.pop(key, None)
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".shares-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def made_against(record: Any, api_url: str) -> bool:
    """Whether a share record was made against this GitHub API root."""
    return isinstance(record, dict) and (
        str(record.get("apiUrl", "")).rstrip("/") == api_url.rstrip("/")
    )


def kind_for_api(kind: str, api_url: str) -> str:
    """The store's name of the latest ``kind`` record for one API root (``push@URL``)."""
    return f"{kind}@{api_url.rstrip('/')}"


def last_record(store: ShareStore, key: str, kind: str, api_url: str) -> dict[str, Any] | None:
    """The latest ``kind`` ("push"/"gist") record of a notebook for this API root."""
    entry = store.get(key)
    for name in (kind_for_api(kind, api_url), kind):
        record = entry.get(name)
        if made_against(record, api_url):
            return record
    return None


def last_shares(store: ShareStore, key: str, api_url: str) -> dict[str, Any]:
    """``{"push": record|None, "gist": record|None}`` of a notebook for this API root."""
    return {k: last_record(store, key, k, api_url) for k in ("push", "gist")}
