"""No body, notebook or GitHub fault makes a 5xx: a fixed list of hostile inputs × every route."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.handlers.test_routes_auth import extension_routes, our_verbs
from tests.unit.notebooks import code, notebook, to_bytes

DEEP = "[" * 100_000
HOSTILE_BODIES: list[bytes] = [
    b"",
    b"null",
    b"[]",
    b'"a string"',
    b"42",
    b"{",
    b"\xff\xfe\x00garbage",
    DEEP.encode(),
    ('{"path": ' + DEEP + "}").encode(),
    b'{"path": "\\ud800.ipynb", "repo": "octocat/hello"}',
    b'{"path": "nb.ipynb", "token": "ghp_\\udfff\\u0000\\r\\nX: y", "repo": "a/\\ud83d"}',
    b'{"path": ["nb.ipynb"], "repo": {"x": 1}, "public": "yes", "format": 7}',
    b'{"path": "nb.ipynb", "format": "\\u202e\\u0000\\ufeff"}',
    b'{"path": "nb.ipynb", "acknowledge": {"$ne": 1}, "overwrite": null}',
    b'{"path": "\\u0000", "repo": "../../x", "branch": "a..b", "targetPath": "/../../etc"}',
    json.dumps(
        {"path": "nb.ipynb", "description": "d" * 5_000_000, "repo": "x" * 100_000}
    ).encode(),
    json.dumps({"path": "😀/" * 2000 + "nb.ipynb", "message": "\u0301" * 10_000}).encode(),
]
QUERY_VALUES = ["", "\u0000", "\ud7ff\ue000", "../../etc/passwd", "a" * 8000, "nb.ipynb?x=1"]


@pytest.fixture
def jp_server_config(fake_github: Any) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
        "CloudShareApp": {
            "github_api_url": fake_github.api_url,
            "github_web_url": fake_github.web_url,
            "github_timeout": 5.0,
            "github_max_retries": 1,
        },
    }


@pytest.fixture
def nb_file(jp_root_dir: Any) -> str:
    (jp_root_dir / "nb.ipynb").write_bytes(to_bytes(notebook(code("x = 1"))))
    return "nb.ipynb"


async def test_no_hostile_body_makes_a_5xx_on_any_route(
    jp_serverapp, jp_fetch, jp_base_url, nb_file, token, fake_github
):
    fake_github.expect_violations = True  # whatever reaches it is the point here
    walked = 0
    for path, cls, _ in extension_routes(jp_serverapp.web_app):
        rel = path[len(jp_base_url) :].split("/")
        for verb in our_verbs(cls):
            if verb not in ("POST", "PUT", "PATCH"):
                continue
            for body in HOSTILE_BODIES:
                response = await jp_fetch(*rel, method=verb, body=body, raise_error=False)
                assert response.code < 500, (verb, path, body[:60], response.body[:300])
                if response.code >= 400:
                    error = json.loads(response.body)["error"]
                    assert error["code"] and len(error["message"]) < 1000
                walked += 1
    assert walked >= 6 * len(HOSTILE_BODIES)


async def test_no_hostile_query_makes_a_5xx_on_any_route(
    jp_serverapp, jp_fetch, jp_base_url, nb_file, token
):
    for path, cls, _ in extension_routes(jp_serverapp.web_app):
        rel = path[len(jp_base_url) :].split("/")
        if "GET" not in our_verbs(cls):
            continue
        for value in QUERY_VALUES:
            params = {"path": value, "repo": value, "q": value, "page": value, "format": value}
            response = await jp_fetch(*rel, params=params, raise_error=False)
            assert response.code < 500, (path, value[:40], response.body[:300])


HOSTILE_NOTEBOOKS: dict[str, bytes] = {
    "nested-brackets": b'{"nbformat": 4, "cells": ' + b"[" * 100_000 + b"}",
    "nested-in-output": (
        b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", '
        b'"source": "x", "metadata": {}, "outputs": [{"output_type": "execute_result", '
        b'"data": {"application/json": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}]}]}"
    ),
    "lone-surrogates": json.dumps(notebook(code("s = '\ud800'"), code("!echo \udfff"))).encode(),
    "truncated": to_bytes(notebook(code("x = 1")))[:-20],
    "not-json": b"<html>not a notebook</html>",
    "wrong-types": b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}], "metadata": 3}',
    "colab-metadata-string": json.dumps(
        {**notebook(code("x = 1")), "metadata": {"colab": "not-an-object"}}
    ).encode(),
    "nul-and-bidi": json.dumps(notebook(code("x = '\u0000\u202e'\n" * 100))).encode(),
}


@pytest.mark.parametrize("name", list(HOSTILE_NOTEBOOKS))
async def test_no_hostile_notebook_makes_a_5xx(jp_fetch, jp_root_dir, token, fake_github, name):
    fake_github.expect_violations = True
    (jp_root_dir / "bad.ipynb").write_bytes(HOSTILE_NOTEBOOKS[name])
    calls = [
        ("GET", ("cloudshare", "scan"), {"path": "bad.ipynb"}),
        ("GET", ("cloudshare", "export"), {"path": "bad.ipynb"}),
        ("GET", ("cloudshare", "export"), {"path": "bad.ipynb", "format": "percent"}),
        ("GET", ("cloudshare", "export"), {"path": "bad.ipynb", "format": "script"}),
        ("POST", ("cloudshare", "export"), {"path": "bad.ipynb", "overwrite": True}),
        ("POST", ("cloudshare", "github", "gist"), {"path": "bad.ipynb", "acknowledge": "x"}),
        (
            "POST",
            ("cloudshare", "github", "push"),
            {"path": "bad.ipynb", "repo": "octocat/hello", "colabLink": True},
        ),
    ]
    for method, parts, args in calls:
        if method == "GET":
            response = await jp_fetch(*parts, params=args, raise_error=False)
        else:
            response = await jp_fetch(
                *parts, method="POST", body=json.dumps(args), raise_error=False
            )
        assert response.code < 500, (name, parts, response.body[:300])


# ---- GitHub faults through the HTTP API ---------------------------------------
async def gist(jp_fetch: Any) -> tuple[int, dict[str, Any]]:
    response = await jp_fetch(
        "cloudshare",
        "github",
        "gist",
        method="POST",
        body=json.dumps({"path": "nb.ipynb"}),
        raise_error=False,
    )
    return response.code, json.loads(response.body)


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        ("truncate", "github_result_unknown"),
        ("html", "github_result_unknown"),
        ("wrong-shape", "github_result_unknown"),
        ("reset", "github_result_unknown"),
    ],
)
async def test_github_faults_on_a_gist_are_clear_5xx_free_answers(
    jp_fetch, nb_file, token, fake_github, fault, code
):
    if fault == "truncate":
        fake_github.truncate_next(method="POST", path_regex="^/gists$")
    elif fault == "html":
        fake_github.answer_next(200, b"<html>proxy</html>", "text/html", method="POST")
    elif fault == "wrong-shape":
        fake_github.answer_next(201, b'["not", "a", "gist"]', method="POST")
    else:
        fake_github.reset_next(method="POST", path_regex="^/gists$")
    status, body = await gist(jp_fetch)
    assert status == 502, body
    assert body["error"]["code"] == code
    assert token not in json.dumps(body)
    # Retrying is safe: at most one gist exists afterwards.
    status, body = await gist(jp_fetch)
    assert status == 200, body
    assert len(fake_github.gists) == 1


@pytest.mark.parametrize(
    ("body", "ctype"),
    [(b"<html>sign in to the proxy</html>", "text/html"), (b'{"login": ', "application/json")],
)
async def test_a_read_answer_that_is_not_githubs_is_a_502(
    jp_fetch, token, fake_github, body, ctype
):
    fake_github.answer_next(200, body, ctype, method="GET", count=10)
    response = await jp_fetch("cloudshare", "github", "repos", raise_error=False)
    assert response.code == 502
    assert json.loads(response.body)["error"]["code"] == "github_bad_response"


async def test_a_redirect_elsewhere_never_carries_the_token(jp_fetch, token, fake_github):
    from tests.fakegithub.server import FakeGitHub

    with FakeGitHub() as other:
        other.expect_violations = True
        fake_github.redirect_next(f"{other.base_url}/user/repos", 302, method="GET")
        response = await jp_fetch("cloudshare", "github", "repos", raise_error=False)
        assert response.code < 500
        assert other.requests
        assert all("Authorization" not in r["headers"] for r in other.requests)
        assert all("authorization" not in r["headers"] for r in other.requests)
