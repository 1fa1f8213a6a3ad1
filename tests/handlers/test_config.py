"""GET /cloudshare/config: what the frontend learns of the admin's settings."""

from __future__ import annotations

import json

import pytest


async def test_config_reports_defaults(jp_fetch):
    response = await jp_fetch("cloudshare", "config")
    body = json.loads(response.body)
    assert body["exportDefaultFormat"] == "colab"
    assert body["policy"] == {
        "push": "warn",
        "gist": "warn",
        "link": "warn",
        "export": "off",
        "drive": "warn",
    }
    assert body["features"]["export"] is True


class TestAdminSettings:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {
                "export_default_format": "percent",
                "share_policy": {"push": "block"},
                "disabled_features": ["gist"],
            },
        }

    async def test_config_reflects_admin_traits(self, jp_fetch):
        body = json.loads((await jp_fetch("cloudshare", "config")).body)
        assert body["exportDefaultFormat"] == "percent"
        assert body["policy"]["push"] == "block"
        assert body["policy"]["gist"] == "warn"
        assert body["features"]["gist"] is False


async def test_config_requires_authentication(anon_fetch):
    response = await anon_fetch("cloudshare", "config")
    assert response.code == 403
