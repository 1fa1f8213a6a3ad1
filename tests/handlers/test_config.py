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


class TestSettingsItCannotUnderstand:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"share_policy": {"push": "Block"}, "disabled_features": ["gist"]},
        }

    @pytest.mark.parametrize(
        "path", [("cloudshare", "config"), ("cloudshare", "scan"), ("cloudshare", "export")]
    )
    async def test_every_endpoint_refuses_naming_the_setting(self, jp_fetch, path):
        with pytest.raises(Exception) as err:
            await jp_fetch(*path, params={"path": "a.ipynb"})
        assert err.value.code == 503
        body = json.loads(err.value.response.body)
        assert body["error"]["code"] == "invalid_server_config"
        assert "CloudShareApp.share_policy" in body["error"]["message"]

    async def test_without_credentials_it_is_still_403(self, anon_fetch):
        assert (await anon_fetch("cloudshare", "config")).code == 403


class TestWrongType:
    @pytest.fixture
    def jp_server_config(self):
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"github_timeout": "soon", "share_policy": {"push": "block"}},
        }

    async def test_a_wrong_type_refuses_instead_of_defaults(self, jp_fetch):
        with pytest.raises(Exception) as err:
            await jp_fetch("cloudshare", "config")
        assert err.value.code == 503
        assert "github_timeout" in json.loads(err.value.response.body)["error"]["message"]
