"""Shared pytest fixtures: a real Jupyter Server with the extension, authenticated."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gitrepos import set_git_identity

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


@pytest.fixture
def token(fake_github: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Signed in to the fake GitHub through ``$GITHUB_TOKEN``; the token."""
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    return str(fake_github.token)


@pytest.fixture
def links_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """For launch-link tests on real repositories: the test git identity, no hub around."""
    set_git_identity(monkeypatch)
    monkeypatch.delenv("JUPYTERHUB_PUBLIC_HUB_URL", raising=False)
    monkeypatch.delenv("JUPYTERHUB_PUBLIC_URL", raising=False)
