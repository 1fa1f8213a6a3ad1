"""GET/POST /cloudshare/export through a real Jupyter Server."""

from __future__ import annotations

import ast
import json

import pytest
from tornado.httpclient import HTTPClientError

from tests.unit.notebooks import code, md, notebook, to_bytes

NB = notebook(md("# Demo"), code("%matplotlib inline\nx = 1"))


@pytest.fixture
def nb_path(jp_root_dir):
    (jp_root_dir / "sub").mkdir()
    (jp_root_dir / "sub" / "demo.ipynb").write_bytes(to_bytes(NB))
    return "sub/demo.ipynb"


async def fetch_error(jp_fetch, *args, **kwargs):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(*args, **kwargs)
    body = json.loads(info.value.response.body)
    return info.value.code, body


async def test_get_downloads_script_with_headers(jp_fetch, nb_path):
    response = await jp_fetch("cloudshare", "export", params={"path": nb_path})
    assert response.code == 200
    assert response.headers["Content-Type"] == "text/x-python; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="demo.py"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = response.body.decode("utf-8")
    assert "# %matplotlib inline" in text
    ast.parse(text)


@pytest.mark.parametrize("fmt", ["percent", "script"])
async def test_get_honours_format(jp_fetch, nb_path, fmt):
    response = await jp_fetch("cloudshare", "export", params={"path": nb_path, "format": fmt})
    text = response.body.decode()
    assert ("# %%" in text) == (fmt == "percent")
    assert ("get_ipython()" in text) == (fmt == "script")


async def test_unicode_file_name_uses_rfc5987(jp_fetch, jp_root_dir):
    (jp_root_dir / "données ü.ipynb").write_bytes(to_bytes(NB))
    response = await jp_fetch("cloudshare", "export", params={"path": "données ü.ipynb"})
    header = response.headers["Content-Disposition"]
    assert header.startswith('attachment; filename="donn_es _.py"')
    assert "filename*=UTF-8''donn%C3%A9es%20%C3%BC.py" in header


async def test_r_notebook_is_text_plain(jp_fetch, jp_root_dir):
    meta = {"kernelspec": {"name": "ir", "display_name": "R", "language": "R"}}
    (jp_root_dir / "r.ipynb").write_bytes(to_bytes(notebook(code("x <- 1"), metadata=meta)))
    response = await jp_fetch("cloudshare", "export", params={"path": "r.ipynb"})
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="r.R"' in response.headers["Content-Disposition"]


async def test_unknown_format_is_400(jp_fetch, nb_path):
    status, body = await fetch_error(
        jp_fetch, "cloudshare", "export", params={"path": nb_path, "format": "pdf"}
    )
    assert status == 400 and body["error"]["code"] == "invalid_request"


async def test_missing_path_is_400(jp_fetch):
    status, body = await fetch_error(jp_fetch, "cloudshare", "export")
    assert status == 400 and body["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("path", ["../outside.ipynb", "missing.ipynb"])
async def test_outside_root_or_missing_is_404(jp_fetch, path):
    status, body = await fetch_error(jp_fetch, "cloudshare", "export", params={"path": path})
    assert status == 404
    assert body["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01binary",
        b"{not json",
        b"[" * 100000 + b"]" * 100000,
        b"\xff\xfe\x00",
        b'{"nbformat": 9, "cells": []}',
        "é".encode("latin-1") * 10,
    ],
)
async def test_malformed_notebook_is_400(jp_fetch, jp_root_dir, content):
    (jp_root_dir / "bad.ipynb").write_bytes(content)
    status, body = await fetch_error(jp_fetch, "cloudshare", "export", params={"path": "bad.ipynb"})
    assert status == 400
    assert body["error"]["code"] == "invalid_notebook"
    assert "\n" not in body["error"]["message"]


async def test_unauthenticated_is_403(anon_fetch, nb_path):
    response = await anon_fetch("cloudshare", f"export?path={nb_path}")
    assert response.code == 403
    response = await anon_fetch(
        "cloudshare", "export", method="POST", body=json.dumps({"path": nb_path})
    )
    assert response.code == 403


async def test_post_saves_beside_then_conflicts_then_overwrites(jp_fetch, jp_root_dir, nb_path):
    body = {"path": nb_path, "format": "percent"}
    response = await jp_fetch("cloudshare", "export", method="POST", body=json.dumps(body))
    assert response.code == 201
    assert json.loads(response.body) == {
        "path": "sub/demo.py",
        "name": "demo.py",
        "format": "percent",
    }
    saved = jp_root_dir / "sub" / "demo.py"
    assert saved.read_text(encoding="utf-8").startswith("# %% [markdown]")

    saved.write_text("mine", encoding="utf-8")
    status, err = await fetch_error(
        jp_fetch, "cloudshare", "export", method="POST", body=json.dumps(body)
    )
    assert status == 409
    assert err["error"]["code"] == "conflict"
    assert err["error"]["details"] == {"path": "sub/demo.py"}
    assert saved.read_text(encoding="utf-8") == "mine"

    body["overwrite"] = True
    response = await jp_fetch("cloudshare", "export", method="POST", body=json.dumps(body))
    assert response.code == 201
    assert saved.read_text(encoding="utf-8").startswith("# %% [markdown]")


async def test_post_without_path_is_400(jp_fetch):
    status, body = await fetch_error(
        jp_fetch, "cloudshare", "export", method="POST", body=json.dumps({"format": "colab"})
    )
    assert status == 400 and body["error"]["code"] == "invalid_request"


class TestAdminSettings:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"max_notebook_bytes": 1000, "export_default_format": "percent"},
        }

    async def test_too_large_is_413(self, jp_fetch, jp_root_dir):
        big = notebook(code("x = 1\n" * 200))
        (jp_root_dir / "big.ipynb").write_bytes(to_bytes(big))
        status, body = await fetch_error(
            jp_fetch, "cloudshare", "export", params={"path": "big.ipynb"}
        )
        assert status == 413
        assert body["error"]["code"] == "file_too_large"

    async def test_default_format_comes_from_trait(self, jp_fetch, jp_root_dir):
        (jp_root_dir / "s.ipynb").write_bytes(to_bytes(notebook(code("x = 1"), metadata={})))
        response = await jp_fetch("cloudshare", "export", params={"path": "s.ipynb"})
        assert response.body.decode() == "# %%\nx = 1\n"


class TestFeatureDisabled:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"disabled_features": ["export"]},
        }

    async def test_disabled_feature_is_403(self, jp_fetch, nb_path):
        status, body = await fetch_error(jp_fetch, "cloudshare", "export", params={"path": nb_path})
        assert status == 403 and body["error"]["code"] == "feature_disabled"
