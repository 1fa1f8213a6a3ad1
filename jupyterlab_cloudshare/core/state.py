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


# ---- Google Drive ----------------------------------------------------------
# Drive records sit beside the GitHub ones: per notebook, one record per Google
# account and API root (``drive:ACCOUNT@API``). What belongs to an account
# rather than a notebook (the folder's id, the account of an environment token)
# is kept under keys ending in "/", which no notebook path does.
DRIVE_ACCOUNTS_KEY = "drive:accounts/"
DRIVE_TOKENS_KEY = "drive:tokens/"


def drive_kind(account: str, api_url: str) -> str:
    """The store's name of a notebook's Drive record for one account and API root."""
    return f"drive:{account}@{api_url.rstrip('/')}"


def drive_record(store: ShareStore, key: str, account: str, api_url: str) -> dict[str, Any] | None:
    """The Drive file a notebook was last saved to (or opened from) for this account."""
    record = store.get(key).get(drive_kind(account, api_url))
    return record if isinstance(record, dict) and record.get("fileId") else None


def set_drive_record(
    store: ShareStore, key: str, account: str, api_url: str, record: dict[str, Any] | None
) -> None:
    """Remember (or with ``None`` forget) a notebook's Drive file for this account."""
    store.update(key, drive_kind(account, api_url), record)


def drive_folder(store: ShareStore, account: str, api_url: str, name: str) -> str | None:
    """The id of the folder ``name`` made or found for this account, if remembered."""
    record = store.get(DRIVE_ACCOUNTS_KEY).get(drive_kind(account, api_url))
    folders = record.get("folders") if isinstance(record, dict) else None
    folder = folders.get(name) if isinstance(folders, dict) else None
    return folder if isinstance(folder, str) and folder else None


def set_drive_folder(
    store: ShareStore, account: str, api_url: str, name: str, folder_id: str | None
) -> None:
    """Remember (or with ``None`` forget) the folder ``name``'s id for this account."""
    kind = drive_kind(account, api_url)
    record = store.get(DRIVE_ACCOUNTS_KEY).get(kind)
    record = dict(record) if isinstance(record, dict) else {}
    folders = dict(record.get("folders") or {})
    if folder_id:
        folders[name] = folder_id
    else:
        folders.pop(name, None)
    record["folders"] = folders
    store.update(DRIVE_ACCOUNTS_KEY, kind, record)


def remembered_token_account(
    source: str, digest: str, store: ShareStore | None = None
) -> str | None:
    """The account last seen for a token (by its one-way digest) from ``source``."""
    record = (store or ShareStore()).get(DRIVE_TOKENS_KEY).get(source)
    if isinstance(record, dict) and record.get("digest") == digest:
        account = record.get("account")
        return account if isinstance(account, str) and account else None
    return None


def remember_token_account(
    source: str, digest: str, account: str, store: ShareStore | None = None
) -> None:
    """Remember the account of the latest token from ``source`` (never the token)."""
    (store or ShareStore()).update(DRIVE_TOKENS_KEY, source, {"digest": digest, "account": account})
