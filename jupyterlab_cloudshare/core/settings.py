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
