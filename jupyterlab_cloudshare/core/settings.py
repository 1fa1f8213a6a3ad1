"""Small pure helpers about settings shared by the server and the CLI."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def web_url_for_api(api_url: str) -> str:
    """The GitHub web root for an API root.

    ``https://api.github.com`` gives ``https://github.com``; an Enterprise
    ``https://HOST/api/v3`` gives ``https://HOST``; anything else keeps its
    scheme and host.
    """
    parts = urlsplit(api_url.rstrip("/"))
    host = parts.netloc
    if host == "api.github.com":
        return "https://github.com"
    return urlunsplit((parts.scheme or "https", host, "", "", ""))


def is_enterprise(api_url: str) -> bool:
    """Whether an API root is a GitHub Enterprise Server one (``https://HOST/api/v3``).

    Colab, Binder and the other launch platforms open github.com only; a
    github.com-style root (no path after the host) is treated as github.com,
    which is also what a local stand-in for GitHub in tests looks like.
    """
    return bool(urlsplit(api_url.rstrip("/")).path.strip("/"))
