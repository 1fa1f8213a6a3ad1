"""Every route of the extension refuses callers without valid credentials.

The routes are read from the running server's tornado rules, not from a list
kept here, so a route added later is walked too.
"""

from __future__ import annotations

from typing import Any

import pytest
from tornado import web

from jupyterlab_cloudshare.handlers.base import CloudShareHandler


def extension_routes(web_app: web.Application) -> list[tuple[str, type, list[str]]]:
    """(path, handler class, verbs it implements) of every cloudshare rule."""
    found: list[tuple[str, type, list[str]]] = []
    pending = list(web_app.default_router.rules)
    while pending:
        rule = pending.pop()
        target = rule.target
        if hasattr(target, "rules"):
            pending.extend(target.rules)
            continue
        if isinstance(target, type) and issubclass(target, CloudShareHandler):
            pattern = rule.matcher.regex.pattern
            path = pattern.rstrip("$")
            verbs = [
                m
                for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
                if getattr(target, m.lower()) is not getattr(web.RequestHandler, m.lower())
            ]
            found.append((path, target, verbs))
    return sorted(found, key=lambda r: r[0])


def our_verbs(cls: type) -> list[str]:
    """The verbs a cloudshare handler implements itself (not jupyter_server's OPTIONS)."""
    verbs = []
    for verb in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        owner = next((k for k in cls.__mro__ if verb.lower() in vars(k)), None)
        if owner is not None and owner.__module__.startswith("jupyterlab_cloudshare."):
            verbs.append(verb)
    return verbs


STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def routes(jp_serverapp: Any) -> list[tuple[str, type, list[str]]]:
    found = extension_routes(jp_serverapp.web_app)
    # Every handler module contributes: a walk that found nothing would prove nothing.
    assert {cls.__module__.rsplit(".", 1)[-1] for _, cls, _ in found} >= {
        "config",
        "export",
        "scan",
        "github",
        "github_auth",
        "links",
    }
    return found


async def call(client: Any, path: str, verb: str, **headers: str) -> Any:
    body = b'{"path": "x.ipynb"}' if verb in ("POST", "PUT", "PATCH") else None
    return await client.fetch(
        path,
        method=verb,
        body=body,
        headers=headers,
        follow_redirects=False,
        allow_nonstandard_methods=True,
        raise_error=False,
    )


async def test_every_route_refuses_calls_without_credentials(routes, http_server_client):
    # jupyter_server's @web.authenticated answers 403 to API handlers (never a
    # redirect to the login page): checked on every verb of every route.
    for path, cls, _verbs in routes:
        for verb in our_verbs(cls):
            response = await call(http_server_client, path, verb)
            assert response.code == 403, (verb, path, response.code)
            assert b"error" in response.body


async def test_every_route_refuses_a_wrong_token(routes, http_server_client):
    for path, cls, _verbs in routes:
        for verb in our_verbs(cls):
            for header in ("token not-the-token", "Bearer not-the-token"):
                response = await call(http_server_client, path, verb, Authorization=header)
                assert response.code == 403, (verb, path, header, response.code)


async def test_every_state_changing_route_needs_the_xsrf_token_with_a_cookie(
    routes, jp_serverapp, http_server_client, jp_base_url
):
    # A browser session: the login cookie, as the server sets it for ?token=...
    token = jp_serverapp.identity_provider.token
    login = await http_server_client.fetch(
        f"{jp_base_url}api/status?token={token}", raise_error=False
    )
    cookies = [c.split(";")[0] for c in login.headers.get_list("Set-Cookie")]
    assert cookies, "the server set no login cookie"
    cookie = "; ".join(cookies)
    # The cookie alone does sign in: GETs answer (so the 403s below are XSRF's).
    config = next(p for p, cls, _ in routes if p.endswith("/cloudshare/config"))
    ok = await call(http_server_client, config, "GET", Cookie=cookie)
    assert ok.code == 200
    walked = 0
    for path, cls, _verbs in routes:
        for verb in our_verbs(cls):
            if verb not in STATE_CHANGING:
                continue
            response = await call(http_server_client, path, verb, Cookie=cookie)
            assert response.code == 403, (verb, path, response.code)
            assert b"_xsrf" in response.body
            walked += 1
    assert walked >= 6


async def test_options_is_only_the_servers_empty_preflight(routes, http_server_client):
    # jupyter_server answers CORS preflights itself, with no body and no data.
    for path, _, verbs in routes:
        assert "OPTIONS" in verbs
        response = await call(http_server_client, path, "OPTIONS")
        assert response.code in (200, 204) and response.body == b""
