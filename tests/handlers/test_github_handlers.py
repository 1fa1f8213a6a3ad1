"""/cloudshare/github/...: sign-in, pickers, push and gist through a real server and fake GitHub."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_cloudshare.core.credentials import default_token_path
from tests.sharing import clear_token_env, one_cell_notebook

NB_PATH = "work/analysis.ipynb"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_token_env(monkeypatch)


@pytest.fixture
def jp_server_config(fake_github: Any) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
        "CloudShareApp": {
            "github_api_url": fake_github.api_url,
            "github_web_url": fake_github.web_url,
            "github_oauth_client_id": fake_github.oauth_client_id,
            "github_timeout": 5.0,
            "github_max_retries": 1,
            "share_policy": {"push": "off", "gist": "off"},
        },
    }


@pytest.fixture
def nb_file(jp_root_dir: Path) -> Path:
    path = jp_root_dir / NB_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(one_cell_notebook()), encoding="utf-8")
    return path


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
        response = await jp_fetch("cloudshare", "github", *parts, **kwargs)
    except HTTPClientError as err:
        assert err.response is not None
        text = err.response.body.decode()
        return err.code, json.loads(text), text
    text = response.body.decode()
    return response.code, json.loads(text), text


# ---- sign-in ------------------------------------------------------------------
async def test_not_signed_in(jp_fetch):
    code, body, _ = await call(jp_fetch, "auth")
    assert code == 200
    assert body["signedIn"] is False and body["source"] is None
    assert body["deviceFlow"] is True


async def test_env_token_shows_who_and_scopes_but_never_the_token(jp_fetch, token, fake_github):
    code, body, text = await call(jp_fetch, "auth")
    assert code == 200
    assert body["signedIn"] is True and body["login"] == "octocat"
    assert set(body["scopes"]) == {"repo", "gist"}
    assert body["source"] == "env"
    assert body["apiUrl"] == fake_github.api_url
    assert token not in text


async def test_a_revoked_token_reads_as_signed_out_with_a_reason(jp_fetch, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_" + "z" * 36)
    code, body, _ = await call(jp_fetch, "auth")
    assert code == 200 and body["signedIn"] is False
    assert body["error"] == "GitHub rejected the token; sign in again."


async def test_entering_a_token_stores_it_privately_and_sign_out_deletes_it(
    jp_fetch, fake_github, caplog
):
    code, body, text = await call(
        jp_fetch, "auth", method="POST", body={"token": fake_github.token}
    )
    assert code == 200 and body["signedIn"] is True and body["source"] == "stored"
    assert fake_github.token not in text
    path = default_token_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    code, body, _ = await call(jp_fetch, "auth", method="DELETE")
    assert code == 200 and body["signedIn"] is False
    assert not path.exists()
    assert fake_github.token not in caplog.text


async def test_a_bad_entered_token_is_refused_and_not_kept(jp_fetch, caplog):
    bad = "ghp_" + "q" * 36
    code, body, text = await call(jp_fetch, "auth", method="POST", body={"token": bad})
    assert code == 401 and body["error"]["code"] == "github_auth_required"
    assert bad not in text and bad not in caplog.text
    assert not default_token_path().exists()


async def test_anonymous_callers_are_refused(anon_fetch):
    for part in ("auth", "repos", "last?path=x.ipynb"):
        response = await anon_fetch("cloudshare", "github", part)
        assert response.code == 403


async def test_only_the_servers_owner_may_use_its_token(jp_fetch, token, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "someone-else-entirely")
    for part, method in (("auth", "GET"), ("push", "POST"), ("gist", "POST"), ("repos", "GET")):
        code, body, text = await call(jp_fetch, part, method=method)
        assert code == 403 and body["error"]["code"] == "not_owner"
        assert "GitHub credentials" in body["error"]["message"]
        assert token not in text


# ---- device flow --------------------------------------------------------------
async def test_device_flow_pending_then_signed_in(jp_fetch, fake_github):
    fake_github.device_interval = 0
    code, body, _ = await call(jp_fetch, "device", method="POST")
    assert code == 200 and body["userCode"] and body["verificationUri"]
    assert "deviceCode" not in body and "device_code" not in json.dumps(body)
    code, body, _ = await call(jp_fetch, "device", "poll", method="POST")
    assert body["status"] == "pending"
    fake_github.approve_device(fake_github.pending_user_codes()[0], "octocat")
    code, body, text = await call(jp_fetch, "device", "poll", method="POST")
    assert body["status"] == "signed_in"
    assert body["auth"]["signedIn"] is True and body["auth"]["login"] == "octocat"
    assert body["auth"]["source"] == "stored"
    assert "gho_" not in text


async def test_device_flow_denied(jp_fetch, fake_github):
    fake_github.device_interval = 0
    _, start, _ = await call(jp_fetch, "device", method="POST")
    fake_github.deny_device(start["userCode"])
    _, body, _ = await call(jp_fetch, "device", "poll", method="POST")
    assert body["status"] == "denied"


class TestWithoutDeviceFlow:
    @pytest.fixture
    def jp_server_config(self, fake_github: Any) -> dict[str, Any]:
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"github_api_url": fake_github.api_url},
        }

    async def test_device_flow_needs_a_client_id(self, jp_fetch):
        code, body, _ = await call(jp_fetch, "device", method="POST")
        assert code == 400 and body["error"]["code"] == "invalid_request"


# ---- pickers ------------------------------------------------------------------
async def test_repos_are_paged_and_filtered(jp_fetch, token, fake_github):
    for i in range(120):
        fake_github.create_repo("octocat", f"proj-{i:03d}", files={})
    _, first, _ = await call(jp_fetch, "repos")
    assert len(first["repos"]) == 100 and first["nextPage"] == 2
    assert first["repos"][0].keys() == {"fullName", "private", "defaultBranch", "canPush"}
    _, second, _ = await call(jp_fetch, "repos", page="2")
    assert len(second["repos"]) == 21 and second["nextPage"] is None
    _, hits, _ = await call(jp_fetch, "repos", q="PROJ-11")
    names = {r["fullName"] for r in hits["repos"]}
    assert names >= {"octocat/proj-110", "octocat/proj-119"}
    assert all("proj-11" in n for n in names)


async def test_branches(jp_fetch, token, fake_github):
    fake_github.commit_file("octocat", "hello", "dev", "x.txt", "x")
    code, body, _ = await call(jp_fetch, "branches", repo="octocat/hello")
    assert code == 200 and body["defaultBranch"] == "main"
    assert {b["name"] for b in body["branches"]} == {"main", "dev"}
    assert all(len(b["sha"]) == 40 for b in body["branches"])


async def test_repos_without_a_token_asks_to_sign_in(jp_fetch):
    code, body, _ = await call(jp_fetch, "repos")
    assert code == 401 and body["error"]["code"] == "github_auth_required"


# ---- push and gist ----------------------------------------------------------------
async def test_push_then_update_then_last(jp_fetch, token, fake_github, nb_file, caplog):
    req = {"path": NB_PATH, "repo": "octocat/hello", "branch": "main", "colabLink": True}
    code, body, text = await call(jp_fetch, "push", method="POST", body=req)
    assert code == 200, body
    assert body["path"] == NB_PATH and body["created"] is True and body["newBranch"] is False
    assert token not in text
    pushed = json.loads(fake_github.read_file("octocat", "hello", "main", NB_PATH))
    assert body["colabUrl"] in pushed["cells"][0]["source"]
    assert json.loads(nb_file.read_text()) == one_cell_notebook()  # the local file is untouched

    nb_file.write_text(json.dumps(one_cell_notebook("x = 42")))
    fake_github.reset_counts()
    code, second, _ = await call(jp_fetch, "push", method="POST", body=req)
    assert code == 200 and second["created"] is False
    assert fake_github.request_count() <= 2
    assert b"x = 42" in fake_github.read_file("octocat", "hello", "main", NB_PATH)

    code, last, _ = await call(jp_fetch, "last", path=NB_PATH)
    assert last["push"]["commitSha"] == second["commitSha"]
    assert last["push"]["apiUrl"] == fake_github.api_url
    assert last["gist"] is None
    assert token not in caplog.text


async def test_push_conflict_is_a_409_and_nothing_changes(jp_fetch, token, fake_github, nb_file):
    fake_github.commit_file("octocat", "hello", "main", NB_PATH, "not yours")
    head = fake_github.branch_sha("octocat", "hello", "main")
    req = {"path": NB_PATH, "repo": "octocat/hello", "branch": "main"}
    code, body, _ = await call(jp_fetch, "push", method="POST", body=req)
    assert code == 409 and body["error"]["code"] == "remote_changed"
    assert body["error"]["details"]["path"] == NB_PATH
    assert fake_github.branch_sha("octocat", "hello", "main") == head
    code, body, _ = await call(jp_fetch, "push", method="POST", body={**req, "force": True})
    assert code == 200 and fake_github.forced_updates == []


async def test_push_validates_its_input(jp_fetch, token, nb_file):
    code, body, _ = await call(jp_fetch, "push", method="POST", body={"path": NB_PATH})
    assert code == 400 and "'repo'" in body["error"]["message"]
    code, body, _ = await call(
        jp_fetch,
        "push",
        method="POST",
        body={"path": NB_PATH, "repo": "octocat/hello", "force": "yes"},
    )
    assert code == 400 and "'force'" in body["error"]["message"]
    code, body, _ = await call(
        jp_fetch, "push", method="POST", body={"path": "missing.ipynb", "repo": "octocat/hello"}
    )
    assert code == 404


async def test_gist_created_then_updated(jp_fetch, token, fake_github, nb_file):
    code, first, text = await call(jp_fetch, "gist", method="POST", body={"path": NB_PATH})
    assert code == 200 and first["created"] is True
    assert token not in text
    assert fake_github.gists[first["gistId"]]["public"] is False
    nb_file.write_text(json.dumps(one_cell_notebook("y = 7")))
    code, second, _ = await call(jp_fetch, "gist", method="POST", body={"path": NB_PATH})
    assert second["gistId"] == first["gistId"] and second["created"] is False
    assert "y = 7" in fake_github.gists[first["gistId"]]["files"]["analysis.ipynb"]
    _, last, _ = await call(jp_fetch, "last", path=NB_PATH)
    assert last["gist"]["id"] == first["gistId"]


class TestEnterprise:
    @pytest.fixture
    def jp_server_config(self, fake_github: Any) -> dict[str, Any]:
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {
                "github_api_url": fake_github.enterprise_api_url,
                "share_policy": {"push": "off", "gist": "off"},
            },
        }

    async def test_push_to_enterprise_has_no_colab(self, jp_fetch, token, fake_github, nb_file):
        req = {"path": NB_PATH, "repo": "octocat/hello", "colabLink": True}
        code, body, _ = await call(jp_fetch, "push", method="POST", body=req)
        assert code == 200 and body["colabUrl"] is None and "Colab" in body["note"]
        assert fake_github.request_count(path_regex=r"^/api/v3/repos/octocat/hello/contents")


class TestPolicy:
    @pytest.fixture
    def jp_server_config(self, fake_github: Any) -> dict[str, Any]:
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {"github_api_url": fake_github.api_url},
        }

    async def test_a_secret_is_refused_before_anything_reaches_github(
        self, jp_fetch, token, fake_github, jp_root_dir
    ):
        (jp_root_dir / "leak.ipynb").write_text(
            json.dumps(one_cell_notebook("aws_key = 'AKIAIOSFODNN7EXAMPLQ'"))
        )
        fake_github.reset_counts()
        code, _, _ = await call(
            jp_fetch, "push", method="POST", body={"path": "leak.ipynb", "repo": "octocat/hello"}
        )
        assert code == 422
        assert fake_github.request_count() == 0

    async def test_a_policy_check_answers_what_the_share_would_and_shares_nothing(
        self, jp_fetch, token, fake_github, jp_root_dir
    ):
        (jp_root_dir / "leak.ipynb").write_text(
            json.dumps(one_cell_notebook("aws_key = 'AKIAIOSFODNN7EXAMPLQ'"))
        )
        (jp_root_dir / "clean.ipynb").write_text(json.dumps(one_cell_notebook("x = 1")))
        fake_github.reset_counts()
        for kind, extra in (("push", {"repo": "octocat/hello"}), ("gist", {})):
            body = {"path": "leak.ipynb", **extra}
            code, refused, _ = await call(jp_fetch, kind, method="POST", body=body)
            assert code == 422
            code, check, _ = await call(
                jp_fetch, kind, method="POST", body={**body, "policyCheck": True}
            )
            assert code == 200 and check["allowed"] is False
            assert check["error"] == refused["error"]
            ack = {**body, "policyCheck": True}
            ack["acknowledge"] = refused["error"]["details"]["fingerprint"]
            code, check, _ = await call(jp_fetch, kind, method="POST", body=ack)
            assert (code, check) == (200, {"allowed": True})
            clean = {**body, "path": "clean.ipynb", "policyCheck": True}
            code, check, _ = await call(jp_fetch, kind, method="POST", body=clean)
            assert (code, check) == (200, {"allowed": True})
        assert fake_github.request_count() == 0


class TestLinkPolicy:
    """An upload made to get a launch link also answers to the "link" policy."""

    @pytest.fixture
    def jp_server_config(self, fake_github: Any) -> dict[str, Any]:
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {
                "github_api_url": fake_github.api_url,
                "share_policy": {"push": "off", "gist": "off", "link": "block"},
            },
        }

    async def test_strictest_of_push_and_link_applies(
        self, jp_fetch, token, fake_github, jp_root_dir
    ):
        (jp_root_dir / "leak.ipynb").write_text(
            json.dumps(one_cell_notebook("aws_key = 'AKIAIOSFODNN7EXAMPLQ'"))
        )
        fake_github.reset_counts()
        for kind, extra in (("push", {"repo": "octocat/hello"}), ("gist", {})):
            body = {"path": "leak.ipynb", "purpose": "link", **extra}
            code, answer, _ = await call(jp_fetch, kind, method="POST", body=body)
            assert code == 422
            assert answer["error"]["code"] == "policy_blocked"
            assert answer["error"]["details"]["action"] == "link"
        assert fake_github.request_count() == 0

        plain = {"path": "leak.ipynb", "repo": "octocat/hello"}
        code, _, _ = await call(jp_fetch, "push", method="POST", body=plain)
        assert code == 200
