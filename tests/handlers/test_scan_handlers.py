"""GET /cloudshare/scan: masked findings of a notebook under the server root."""

from __future__ import annotations

import json
import random

import pytest
from tornado.httpclient import HTTPClientError

from tests.unit import labelled

SECRETS = labelled.secrets(random.Random(42))


def write(root, name, *cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}
    (root / name).write_text(json.dumps(nb), encoding="utf-8")


async def fetch_error(jp_fetch, **params):
    with pytest.raises(HTTPClientError) as err:
        await jp_fetch("cloudshare", "scan", params=params)
    return err.value.code, json.loads(err.value.response.body)


async def test_scan_reports_masked_findings(jp_fetch, jp_root_dir):
    token = SECRETS["GITHUB_TOKEN"]
    write(
        jp_root_dir,
        "phi.ipynb",
        labelled.code(f"GITHUB_TOKEN = '{token}'", labelled.stream("SSN: 412-55-7781\n")),
    )
    response = await jp_fetch("cloudshare", "scan", params={"path": "phi.ipynb"})
    assert token not in response.body.decode() and "412-55-7781" not in response.body.decode()
    body = json.loads(response.body)
    assert body["path"] == "phi.ipynb" and body["count"] == 2
    assert body["summary"] == {"GITHUB_TOKEN": 1, "SSN": 1}
    assert {f["path"] for f in body["findings"]} == {"/cells/0/source", "/cells/0/outputs/0/text"}
    assert len(body["fingerprint"]) == 64
    assert body["policy"]["push"] == "warn" and body["bannerMessage"] == ""


async def test_clean_notebook_has_no_findings(jp_fetch, jp_root_dir):
    write(jp_root_dir, "clean.ipynb", labelled.code("print(2)", labelled.stream("2\n")))
    body = json.loads((await jp_fetch("cloudshare", "scan", params={"path": "clean.ipynb"})).body)
    assert body["count"] == 0 and body["findings"] == [] and body["summary"] == {}


async def test_missing_notebook_is_404(jp_fetch):
    code, body = await fetch_error(jp_fetch, path="nope.ipynb")
    assert code == 404 and body["error"]["code"] == "not_found"


async def test_outside_root_is_404_or_refused(jp_fetch):
    code, _ = await fetch_error(jp_fetch, path="../../etc/passwd")
    assert code in (403, 404)


async def test_malformed_notebook_is_400(jp_fetch, jp_root_dir):
    (jp_root_dir / "bad.ipynb").write_text("{truncated", encoding="utf-8")
    code, body = await fetch_error(jp_fetch, path="bad.ipynb")
    assert code == 400 and body["error"]["code"] == "invalid_notebook" and body["message"]


async def test_missing_path_is_400(jp_fetch):
    code, body = await fetch_error(jp_fetch)
    assert code == 400 and body["error"]["code"] == "invalid_request"


async def test_unauthenticated_is_403(anon_fetch):
    response = await anon_fetch("cloudshare", "scan?path=x.ipynb")
    assert response.code == 403


class TestAdminSettings:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {
                "scan_disabled_detectors": ["EMAIL"],
                "banner_message": "Use the secure enclave.",
            },
        }

    async def test_disabled_detector_and_banner(self, jp_fetch, jp_root_dir):
        write(jp_root_dir, "m.ipynb", labelled.markdown("a.b@gmail.com, SSN 412-55-7781"))
        body = json.loads((await jp_fetch("cloudshare", "scan", params={"path": "m.ipynb"})).body)
        assert body["summary"] == {"SSN": 1}
        assert body["bannerMessage"] == "Use the secure enclave."


class TestFeatureDisabled:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"disabled_features": ["scan"]},
        }

    async def test_scan_is_403(self, jp_fetch, jp_root_dir):
        write(jp_root_dir, "m.ipynb", labelled.markdown("hi"))
        code, body = await fetch_error(jp_fetch, path="m.ipynb")
        assert code == 403 and body["error"]["code"] == "feature_disabled"


class TestBadAdminPattern:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"scan_custom_patterns": [{"name": "EMP", "regex": "("}]},
        }

    async def test_bad_regex_is_a_clear_error(self, jp_fetch, jp_root_dir):
        # The admin's configuration is broken: the server refuses (503) naming the setting,
        # rather than scanning with weaker settings than the admin wrote.
        write(jp_root_dir, "m.ipynb", labelled.markdown("hi"))
        code, body = await fetch_error(jp_fetch, path="m.ipynb")
        assert code == 503 and "EMP" in body["error"]["message"]
        assert body["error"]["code"] == "invalid_server_config"
