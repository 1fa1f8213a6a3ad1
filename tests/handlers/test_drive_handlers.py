"""/cloudshare/drive/...: sign-in, save, open, list through a real server and the fake Drive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_cloudshare.core.drive import DEFAULT_FOLDER
from tests.drivekit import public_notebook
from tests.fakedrive.plugin import EMAIL, fake_google  # noqa: F401
from tests.fakedrive.server import SCOPE_FULL
from tests.sharing import clear_token_env

NB_PATH = "work/analysis.ipynb"
#: An output holding a US social security number (a HIPAA identifier).
PHI_OUTPUT = {"output_type": "stream", "name": "stdout", "text": "SSN: 412-55-7781\n"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_token_env(monkeypatch)
    monkeypatch.delenv("GOOGLE_OAUTH_ACCESS_TOKEN", raising=False)


def server_config(fake: Any, **extra: Any) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
        "CloudShareApp": {
            "google_api_url": fake.api_url,
            "google_oauth_url": fake.oauth_url,
            "google_client_id": fake.client_id,
            "google_client_secret": fake.client_secret,
            "google_timeout": 10.0,
            **extra,
        },
    }


@pytest.fixture
def jp_server_config(fake_google: Any) -> dict[str, Any]:  # noqa: F811
    return server_config(fake_google)


@pytest.fixture
def nb_bytes(jp_root_dir: Path) -> bytes:
    data = public_notebook()
    path = jp_root_dir / NB_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


async def call(
    jp_fetch: Any, *parts: str, method: str = "GET", body: Any = None, **params: str
) -> tuple[int, dict[str, Any], str]:
    kwargs: dict[str, Any] = {"method": method}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    elif method in ("POST", "PUT", "PATCH"):
        kwargs["body"] = "{}"
    if params:
        kwargs["params"] = params
    try:
        response = await jp_fetch("cloudshare", "drive", *parts, **kwargs)
    except HTTPClientError as err:
        assert err.response is not None
        text = err.response.body.decode()
        return err.code, json.loads(text), text
    text = response.body.decode()
    return response.code, json.loads(text), text


async def sign_in(jp_fetch: Any, fake: Any) -> dict[str, Any]:
    code, started, text = await call(jp_fetch, "device", method="POST")
    assert code == 200 and set(started) == {"userCode", "verificationUrl", "interval", "expiresIn"}
    assert not any(d.device_code in text for d in fake.devices.values())
    code, polled, _ = await call(jp_fetch, "device", "poll", method="POST")
    assert polled["status"] == "pending"
    fake.approve(started["userCode"], EMAIL)
    code, polled, text = await call(jp_fetch, "device", "poll", method="POST")
    assert code == 200 and polled["status"] == "signed_in"
    assert not any(t in text for t in fake.access)
    return dict(polled["auth"])


def no_secret(fake: Any, *texts: str) -> None:
    secrets = [fake.client_secret, *fake.access, *(g.refresh_token for g in fake.grants)]
    assert not any(s in t for s in secrets for t in texts)


async def test_sign_in_save_update_and_sign_out(jp_fetch, fake_google, nb_bytes):  # noqa: F811
    code, status, _ = await call(jp_fetch, "auth")
    assert code == 200 and status["signedIn"] is False and status["deviceFlow"] is True
    auth = await sign_in(jp_fetch, fake_google)
    assert auth["signedIn"] and auth["account"] == EMAIL and auth["source"] == "stored"

    req = {"path": NB_PATH, "acknowledge": None}
    code, first, text = await call(jp_fetch, "save", method="POST", body=req)
    assert code == 200, first
    assert first["created"] is True and first["name"] == "analysis.ipynb"
    assert fake_google.content(first["fileId"]) == nb_bytes
    folder = fake_google.folders(DEFAULT_FOLDER, EMAIL)[0]
    assert first["folderId"] == folder.id
    no_secret(fake_google, text)

    before = len(fake_google.requests)
    code, second, _ = await call(jp_fetch, "save", method="POST", body=req)
    assert code == 200 and second["fileId"] == first["fileId"] and second["created"] is False
    assert len(fake_google.requests) - before == 2

    code, last, _ = await call(jp_fetch, "last", path=NB_PATH)
    assert last["drive"]["fileId"] == first["fileId"]

    code, out, text = await call(jp_fetch, "auth", method="DELETE")
    assert code == 200 and out["signedIn"] is False and out["revoked"] is True
    assert all(g.revoked for g in fake_google.grants)
    code, err, _ = await call(jp_fetch, "save", method="POST", body=req)
    assert code == 401 and err["error"]["code"] == "drive_auth_required"


async def test_conflict_is_409_with_choices_and_nothing_written(jp_fetch, fake_google, nb_bytes):  # noqa: F811
    await sign_in(jp_fetch, fake_google)
    _, first, _ = await call(jp_fetch, "save", method="POST", body={"path": NB_PATH})
    fake_google.edit(first["fileId"], b'{"cells": []}')
    code, err, _ = await call(jp_fetch, "save", method="POST", body={"path": NB_PATH})
    assert code == 409 and err["error"]["code"] == "drive_conflict"
    assert err["error"]["details"]["choices"] == ["overwrite", "new", "cancel"]
    assert fake_google.content(first["fileId"]) == b'{"cells": []}'
    body = {"path": NB_PATH, "onConflict": "new"}
    code, copy, _ = await call(jp_fetch, "save", method="POST", body=body)
    assert code == 200 and copy["fileId"] != first["fileId"]
    assert fake_google.content(first["fileId"]) == b'{"cells": []}'


async def test_share_reader_adds_one_link_permission(jp_fetch, fake_google, nb_bytes):  # noqa: F811
    await sign_in(jp_fetch, fake_google)
    body = {"path": NB_PATH, "share": "reader"}
    code, result, _ = await call(jp_fetch, "save", method="POST", body=body)
    assert code == 200
    perms = fake_google.files[result["fileId"]].permissions
    assert [(p["type"], p["role"]) for p in perms] == [("anyone", "reader")]


async def test_bad_requests_are_clear_400s(jp_fetch, fake_google, nb_bytes):  # noqa: F811
    await sign_in(jp_fetch, fake_google)
    for body in (
        {},
        {"path": NB_PATH, "share": "everyone"},
        {"path": NB_PATH, "onConflict": "merge"},
        {"path": NB_PATH, "noOutputs": "yes"},
    ):
        code, err, _ = await call(jp_fetch, "save", method="POST", body=body)
        assert code == 400, body
    code, err, _ = await call(jp_fetch, "open", method="POST", body={"id": "nope"})
    assert code == 400 and err["error"]["code"] == "invalid_request"
    code, err, _ = await call(jp_fetch, "save", method="POST", body={"path": "missing.ipynb"})
    assert code == 404


async def test_policy_warns_by_default_then_acknowledged(jp_fetch, fake_google, jp_root_dir):  # noqa: F811
    await sign_in(jp_fetch, fake_google)
    nb = json.loads(public_notebook())
    nb["cells"][0].setdefault("outputs", []).append(PHI_OUTPUT)
    nb["cells"][0]["cell_type"] = "code"
    nb["cells"][0].setdefault("execution_count", None)
    (jp_root_dir / "phi.ipynb").write_text(json.dumps(nb))
    before = len(fake_google.requests)
    code, err, _ = await call(jp_fetch, "save", method="POST", body={"path": "phi.ipynb"})
    assert code == 422 and err["error"]["code"] == "policy_warning"
    assert err["error"]["details"]["action"] == "drive"
    assert len(fake_google.requests) == before
    fp = err["error"]["details"]["fingerprint"]
    # Asking first gives the same answer with a 200, and nothing reaches Google.
    check = {"path": "phi.ipynb", "policyCheck": True}
    code, answer, _ = await call(jp_fetch, "save", method="POST", body=check)
    assert (code, answer["allowed"], answer["error"]) == (200, False, err["error"])
    code, answer, _ = await call(jp_fetch, "save", method="POST", body={**check, "acknowledge": fp})
    assert (code, answer) == (200, {"allowed": True})
    assert len(fake_google.requests) == before
    body = {"path": "phi.ipynb", "acknowledge": fp}
    code, result, _ = await call(jp_fetch, "save", method="POST", body=body)
    assert code == 200 and result["created"] is True


class TestBlock:
    @pytest.fixture
    def jp_server_config(self, fake_google: Any) -> dict[str, Any]:  # noqa: F811
        return server_config(fake_google, share_policy={"drive": "warn", "link": "block"})

    async def test_sharing_for_the_link_obeys_the_link_policy(
        self,
        jp_fetch,
        fake_google,  # noqa: F811
        jp_root_dir,
    ):
        await sign_in(jp_fetch, fake_google)
        nb = json.loads(public_notebook())
        nb["cells"].append(
            {
                "cell_type": "code",
                "id": "phi",
                "metadata": {},
                "source": "print(record)",
                "outputs": [PHI_OUTPUT],
                "execution_count": 1,
            }
        )
        (jp_root_dir / "phi.ipynb").write_text(json.dumps(nb))
        before = len(fake_google.requests)
        body = {"path": "phi.ipynb", "share": "reader"}
        code, err, _ = await call(jp_fetch, "save", method="POST", body=body)
        assert code == 422 and err["error"]["code"] == "policy_blocked"
        assert err["error"]["details"]["action"] == "link"
        assert len(fake_google.requests) == before
        # Without outputs (allowed by default under block) it goes, and no SSN reaches Drive.
        body = {"path": "phi.ipynb", "share": "reader", "noOutputs": True}
        code, result, _ = await call(jp_fetch, "save", method="POST", body=body)
        assert code == 200
        assert b"412-55-7781" not in fake_google.content(result["fileId"])


async def test_open_by_id_and_urls_into_the_root_never_over_a_file(
    jp_fetch,
    fake_google,  # noqa: F811
    jp_root_dir,
    nb_bytes,
):
    await sign_in(jp_fetch, fake_google)
    _, saved, _ = await call(jp_fetch, "save", method="POST", body={"path": NB_PATH})
    fid = saved["fileId"]
    code, opened, _ = await call(jp_fetch, "open", method="POST", body={"id": fid})
    assert code == 200 and opened["path"] == "analysis.ipynb"
    assert (jp_root_dir / "analysis.ipynb").read_bytes() == nb_bytes
    code, err, _ = await call(
        jp_fetch,
        "open",
        method="POST",
        body={"url": f"https://colab.research.google.com/drive/{fid}"},
    )
    assert code == 409 and err["error"]["code"] == "file_exists"
    body = {"url": f"https://drive.google.com/file/d/{fid}/view", "path": "copies/again.ipynb"}
    code, err, _ = await call(jp_fetch, "open", method="POST", body=body)
    assert code == 404 and "copies" in err["error"]["message"]
    (jp_root_dir / "copies").mkdir()
    code, opened, _ = await call(jp_fetch, "open", method="POST", body=body)
    assert code == 200 and (jp_root_dir / "copies/again.ipynb").read_bytes() == nb_bytes
    # The opened copy is linked: its next save updates the same Drive file.
    code, again, _ = await call(
        jp_fetch, "save", method="POST", body={"path": "copies/again.ipynb"}
    )
    assert code == 200 and again["fileId"] == fid and again["created"] is False
    (jp_root_dir / "analysis.ipynb").write_text("{}")
    body = {"id": fid, "overwrite": True}
    code, _, _ = await call(jp_fetch, "open", method="POST", body=body)
    assert code == 200 and (jp_root_dir / "analysis.ipynb").read_bytes() == nb_bytes


async def test_list_the_colab_notebooks_folder(jp_fetch, fake_google, nb_bytes):  # noqa: F811
    await sign_in(jp_fetch, fake_google)
    code, listed, _ = await call(jp_fetch, "list")
    assert code == 200 and listed == {"folderId": None, "files": []}
    _, saved, _ = await call(jp_fetch, "save", method="POST", body={"path": NB_PATH})
    code, listed, _ = await call(jp_fetch, "list")
    assert [f["fileId"] for f in listed["files"]] == [saved["fileId"]]
    assert listed["files"][0]["owner"] == "Ada Lovelace"


async def test_an_expired_env_token_is_a_401_naming_the_variable(
    jp_fetch,
    fake_google,  # noqa: F811
    nb_bytes,
    monkeypatch,
):
    access, _ = fake_google.issue_token(EMAIL, scope=SCOPE_FULL)
    monkeypatch.setenv("GOOGLE_OAUTH_ACCESS_TOKEN", access)
    code, status, text = await call(jp_fetch, "auth")
    assert status["signedIn"] and status["source"] == "env"
    no_secret(fake_google, text)
    fake_google.expire(access)
    code, err, text = await call(jp_fetch, "save", method="POST", body={"path": NB_PATH})
    assert code == 401 and "GOOGLE_OAUTH_ACCESS_TOKEN" in err["error"]["message"]
    no_secret(fake_google, text)


async def test_only_the_servers_owner_may_use_its_google_account(jp_fetch, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "someone-else-entirely")
    for parts, method in ((("auth",), "GET"), (("save",), "POST"), (("list",), "GET")):
        code, body, _ = await call(jp_fetch, *parts, method=method)
        assert code == 403 and body["error"]["code"] == "not_owner"
        assert "Google credentials" in body["error"]["message"]
        assert "GitHub" not in body["error"]["message"]


async def test_unauthenticated_requests_are_refused(anon_fetch):
    response = await anon_fetch("cloudshare", "drive", "auth")
    assert response.code == 403


class TestDisabled:
    @pytest.fixture
    def jp_server_config(self, fake_google: Any) -> dict[str, Any]:  # noqa: F811
        return server_config(fake_google, disabled_features=["drive"])

    async def test_a_disabled_feature_answers_403(self, jp_fetch):
        code, body, _ = await call(jp_fetch, "auth")
        assert code == 403 and body["error"]["code"] == "feature_disabled"
