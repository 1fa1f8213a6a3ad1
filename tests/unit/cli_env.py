"""Config folders of their own for CLI tests: the developer's ~/.jupyter never takes part."""

from __future__ import annotations

from pathlib import Path

import pytest


def isolate_config(monkeypatch: pytest.MonkeyPatch, root: Path) -> Path:
    """Point the user's and the admin's Jupyter config folders into ``root``; the admin's."""
    user, admin = root / "user-config", root / "admin-config"
    user.mkdir(parents=True, exist_ok=True)
    admin.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(user))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(admin))
    monkeypatch.delenv("JUPYTERHUB_DISABLE_USER_CONFIG", raising=False)
    return admin


def write_server_config(folder: Path, text: str) -> Path:
    """Write ``jupyter_server_config.py`` (a ``c.CloudShareApp...`` file) into ``folder``."""
    path = folder / "jupyter_server_config.py"
    path.write_text(text)
    return path
