"""Shared pytest fixtures: a real Jupyter Server with the extension, authenticated."""

from __future__ import annotations

from typing import Any

import pytest

pytest_plugins = ["pytest_jupyter.jupyter_server", "tests.fakegithub.plugin"]


@pytest.fixture
def jp_server_config(jp_server_config: dict[str, Any]) -> dict[str, Any]:
    """Enable the extension in the test server (token auth stays on)."""
    return {"ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}}}


@pytest.fixture
def anon_fetch(http_server_client: Any, jp_base_url: str) -> Any:
    """Fetch without the server token, as an unauthenticated browser would."""
    from jupyter_server.utils import url_path_join

    def fetch(*parts: str, **kwargs: Any) -> Any:
        kwargs.setdefault("raise_error", False)
        return http_server_client.fetch(url_path_join(jp_base_url, *parts), **kwargs)

    return fetch
