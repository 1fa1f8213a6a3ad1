"""Every notebook read goes through the ContentsManager and its authorization.

An Authorizer that refuses ``contents`` refuses the extension's reads (and the
save-beside export as a write); a ContentsManager that hides hidden files hides
them here too; paths outside the root are 404s with a short message.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jupyter_server.auth.authorizer import Authorizer

from tests.unit import labelled
from tests.unit.notebooks import code, notebook, to_bytes

NB = notebook(code("x = 1"))


class DenyContents(Authorizer):
    """Everything allowed except reading and writing files (``contents``)."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        return resource != "contents"


class DenyContentsWrites(Authorizer):
    """Files may be read, not written."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        return not (resource == "contents" and action == "write")


def reads() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, endpoint, params or body) of every endpoint that reads a notebook."""
    return [
        ("GET", "export", {"path": "P"}),
        ("POST", "export", {"path": "P"}),
        ("GET", "scan", {"path": "P"}),
        ("GET", "links", {"path": "P"}),
        ("GET", "share/colab", {"path": "P"}),
        ("POST", "github/push", {"path": "P", "repo": "octocat/hello"}),
        ("POST", "github/gist", {"path": "P"}),
    ]


async def ask(jp_fetch: Any, method: str, endpoint: str, args: dict[str, Any], path: str) -> Any:
    filled = {k: (path if v == "P" else v) for k, v in args.items()}
    parts = ("cloudshare", *endpoint.split("/"))
    if method == "GET":
        return await jp_fetch(*parts, params=filled, raise_error=False)
    return await jp_fetch(*parts, method="POST", body=json.dumps(filled), raise_error=False)


@pytest.fixture
def files(jp_root_dir: Any) -> None:
    (jp_root_dir / "nb.ipynb").write_bytes(to_bytes(NB))
    (jp_root_dir / ".hidden").mkdir()
    (jp_root_dir / ".hidden" / "nb.ipynb").write_bytes(to_bytes(NB))
    (jp_root_dir / ".secret.ipynb").write_bytes(to_bytes(NB))
    (jp_root_dir.parent / "outside.ipynb").write_bytes(to_bytes(NB))


class TestAnAuthorizerDenyingContents:
    @pytest.fixture
    def jp_server_config(self, jp_server_config: dict[str, Any]) -> dict[str, Any]:
        jp_server_config["ServerApp"]["authorizer_class"] = DenyContents
        return jp_server_config

    @pytest.mark.parametrize(("method", "endpoint", "args"), reads())
    async def test_every_read_is_refused(self, jp_fetch, files, token, method, endpoint, args):
        response = await ask(jp_fetch, method, endpoint, args, "nb.ipynb")
        assert response.code == 403, response.body
        assert json.loads(response.body)["error"]["code"] == "contents_forbidden"

    async def test_the_extensions_own_resource_still_answers(self, jp_fetch):
        assert (await jp_fetch("cloudshare", "config")).code == 200


class TestAnAuthorizerDenyingWrites:
    @pytest.fixture
    def jp_server_config(self, jp_server_config: dict[str, Any]) -> dict[str, Any]:
        jp_server_config["ServerApp"]["authorizer_class"] = DenyContentsWrites
        return jp_server_config

    async def test_download_works_but_save_beside_is_refused(self, jp_fetch, jp_root_dir, files):
        got = await jp_fetch("cloudshare", "export", params={"path": "nb.ipynb"})
        assert got.code == 200
        saved = await ask(jp_fetch, "POST", "export", {"path": "P"}, "nb.ipynb")
        assert saved.code == 403
        assert json.loads(saved.body)["error"]["code"] == "contents_forbidden"
        assert not (jp_root_dir / "nb.py").exists()


class TestHiddenFiles:
    @pytest.fixture
    def jp_server_config(self, jp_server_config: dict[str, Any]) -> dict[str, Any]:
        jp_server_config["ContentsManager"] = {"allow_hidden": False}
        return jp_server_config

    @pytest.mark.parametrize("path", [".secret.ipynb", ".hidden/nb.ipynb"])
    @pytest.mark.parametrize(("method", "endpoint", "args"), reads())
    async def test_every_read_refuses_them(
        self, jp_fetch, files, token, method, endpoint, args, path
    ):
        response = await ask(jp_fetch, method, endpoint, args, path)
        assert response.code == 404, response.body
        assert json.loads(response.body)["error"]["code"] == "not_found"

    async def test_the_visible_notebook_still_works(self, jp_fetch, files):
        assert (await jp_fetch("cloudshare", "scan", params={"path": "nb.ipynb"})).code == 200


@pytest.mark.parametrize("path", ["../outside.ipynb", "a/../../outside.ipynb", "no-such.ipynb"])
@pytest.mark.parametrize(("method", "endpoint", "args"), reads())
async def test_paths_outside_the_root_are_404(jp_fetch, files, token, method, endpoint, args, path):
    response = await ask(jp_fetch, method, endpoint, args, path)
    assert response.code == 404, response.body
    error = json.loads(response.body)["error"]
    assert error["code"] == "not_found"
    assert "under the server's root" in error["message"]


@pytest.mark.parametrize(("method", "endpoint", "args"), [r for r in reads() if r[0] == "POST"])
async def test_a_10_mb_path_is_cut_in_the_message(jp_fetch, token, method, endpoint, args):
    path = "a" * (10 * 1024 * 1024) + ".ipynb"
    response = await ask(jp_fetch, method, endpoint, args, path)
    assert 400 <= response.code < 500
    message = json.loads(response.body)["error"]["message"]
    assert len(message) < 400 and "…" in message


async def test_a_scan_through_the_worker_pool_equals_the_scan_in_process(
    jp_fetch, jp_root_dir, jp_serverapp
):
    from jupyterlab_cloudshare.core.notebook import read_notebook
    from jupyterlab_cloudshare.core.scan import ScanConfig, scan_notebook

    token = labelled.secrets(__import__("random").Random(7))["GITHUB_TOKEN"]
    data = to_bytes(
        notebook(
            code(f"key = '{token}'"),
            labelled.code("print(patient)", labelled.stream("SSN: 412-55-7781\nDOB 03/04/1961\n")),
        )
    )
    (jp_root_dir / "phi.ipynb").write_bytes(data)
    response = await jp_fetch("cloudshare", "scan", params={"path": "phi.ipynb"})
    body = json.loads(response.body)
    app = jp_serverapp.extension_manager.extension_apps["jupyterlab_cloudshare"]
    (ext,) = app
    assert ext.worker_pool() is not None and ext.worker_pool().started
    expected = [f.to_json() for f in scan_notebook(read_notebook(data, "phi.ipynb"), ScanConfig())]
    assert body["findings"] == expected
    assert body["count"] >= 2
