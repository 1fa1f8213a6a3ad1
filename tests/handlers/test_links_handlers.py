"""GET /cloudshare/links and /cloudshare/share/colab on a real server and real git repos."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_cloudshare.core.state import ShareStore
from tests.gitrepos import add_notebook, git, make_repo

pytestmark = pytest.mark.usefixtures("links_env")

PUSH_RECORD = {
    "apiUrl": "https://api.github.com",
    "repo": "octo/copies",
    "branch": "main",
    "path": "shared/nb.ipynb",
    "commitSha": "0123456789abcdef0123456789abcdef01234567",
    "htmlUrl": "https://github.com/octo/copies/blob/main/shared/nb.ipynb",
    "colabUrl": "https://colab.research.google.com/github/octo/copies/blob/main/shared/nb.ipynb",
}


@pytest.fixture
def project(jp_root_dir: Path, tmp_path: Path) -> Path:
    """A clone under the server root (``project/``) with a pushed notebook."""
    remote_base = tmp_path / "remote-side"
    remote_base.mkdir()
    work = make_repo(remote_base)
    target = Path(jp_root_dir) / "project"
    work.rename(target)
    add_notebook(target, "notebooks/my nb.ipynb", push=False)
    remote = str(remote_base / "remote.git")
    git(target, "push", "-q", remote, "HEAD")
    git(target, "fetch", "-q", remote, "+refs/heads/*:refs/remotes/origin/*")
    return target


def store(jp_data_dir: Path) -> ShareStore:
    return ShareStore(Path(jp_data_dir) / "cloudshare" / "shares.json")


async def get(jp_fetch: Any, endpoint: tuple[str, ...], **params: str) -> dict[str, Any]:
    response = await jp_fetch("cloudshare", *endpoint, params=params)
    assert response.code == 200
    return json.loads(response.body)


async def test_links_for_a_pushed_notebook(jp_fetch: Any, project: Path) -> None:
    body = await get(jp_fetch, ("links",), path="project/notebooks/my nb.ipynb")
    assert body["status"] == "ready"
    assert body["reason"] is None
    assert body["location"]["path"] == "notebooks/my nb.ipynb"
    targets = [x["target"] for x in body["links"]]
    # Default: every trait target that can open github.com; no hub known -> no nbgitpuller.
    assert targets[0] == "colab" and "nbgitpuller" not in targets
    assert {"target": "nbgitpuller", "reason": body["skipped"][0]["reason"]} in body["skipped"]
    colab = body["links"][0]
    assert colab["url"] == (
        "https://colab.research.google.com/github/octo/demo/blob/main/notebooks/my%20nb.ipynb"
    )
    assert set(colab) == {"target", "label", "url", "badge_markdown", "badge_html"}
    assert body["badgeCell"]["metadata"] == {"cloudshare": {"badges": True, "form": "image"}}
    assert "![" not in body["badgeCellText"]["source"]
    assert "colab.research.google.com" in body["badgeHosts"]
    assert colab["badge_markdown"] in body["badgeCell"]["source"]


async def test_links_targets_and_pin(jp_fetch: Any, project: Path) -> None:
    sha = git(project, "rev-parse", "HEAD").strip()
    body = await get(
        jp_fetch,
        ("links",),
        path="project/notebooks/my nb.ipynb",
        targets="binder,colab,not-a-target",
        pin="1",
    )
    # The admin's order, not the request's; unknown names ignored.
    assert [x["target"] for x in body["links"]] == ["colab", "binder"]
    assert f"/blob/{sha}/" in body["links"][0]["url"]


async def test_modified_notebook_without_push_record_has_no_links(
    jp_fetch: Any, project: Path
) -> None:
    (project / "notebooks" / "my nb.ipynb").write_text('{"changed": 1}\n')
    body = await get(jp_fetch, ("links",), path="project/notebooks/my nb.ipynb")
    assert body["status"] == "modified"
    assert body["links"] == [] and body["location"] is None and body["badgeCell"] is None
    assert "not committed" in body["reason"]


async def test_falls_back_to_the_last_pushed_copy(
    jp_fetch: Any, jp_root_dir: Path, jp_data_dir: Path
) -> None:
    (Path(jp_root_dir) / "plain.ipynb").write_text("{}\n")
    store(jp_data_dir).update("plain.ipynb", "push", PUSH_RECORD)
    body = await get(jp_fetch, ("links",), path="plain.ipynb", targets="colab")
    assert body["status"] == "pushed_copy"
    assert body["location"]["repo"] == "copies"
    assert body["links"][0]["url"] == PUSH_RECORD["colabUrl"]
    assert "pushed last time" in body["reason"]


async def test_push_record_for_another_github_is_ignored(
    jp_fetch: Any, jp_root_dir: Path, jp_data_dir: Path
) -> None:
    (Path(jp_root_dir) / "plain.ipynb").write_text("{}\n")
    record = {**PUSH_RECORD, "apiUrl": "https://ghe.example.org/api/v3"}
    store(jp_data_dir).update("plain.ipynb", "push", record)
    body = await get(jp_fetch, ("links",), path="plain.ipynb")
    assert body["status"] == "not_git"
    assert body["links"] == []


@pytest.mark.parametrize("path", ["../outside.ipynb", "/etc/passwd", "missing.ipynb", "a/../../x"])
async def test_paths_outside_root_or_missing_are_404(jp_fetch: Any, path: str) -> None:
    for endpoint in (("links",), ("share", "colab")):
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch("cloudshare", *endpoint, params={"path": path})
        assert info.value.code == 404
        body = json.loads(info.value.response.body)
        assert body["error"]["code"] == "not_found"


async def test_symlink_escaping_root_is_404(
    jp_fetch: Any, jp_root_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.ipynb"
    outside.write_text("{}\n")
    (Path(jp_root_dir) / "link.ipynb").symlink_to(outside)
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("cloudshare", "links", params={"path": "link.ipynb"})
    assert info.value.code == 404


async def test_missing_path_and_bad_pin_are_400(jp_fetch: Any, project: Path) -> None:
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("cloudshare", "links")
    assert info.value.code == 400
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(
            "cloudshare", "links", params={"path": "project/notebooks/my nb.ipynb", "pin": "x"}
        )
    assert info.value.code == 400
    assert "'pin'" in json.loads(info.value.response.body)["message"]


async def test_colab_share_ready(jp_fetch: Any, project: Path) -> None:
    body = await get(jp_fetch, ("share", "colab"), path="project/notebooks/my nb.ipynb")
    assert body["status"] == "ready"
    assert body["source"] == "git"
    assert body["colabUrl"].endswith("/github/octo/demo/blob/main/notebooks/my%20nb.ipynb")
    assert body["git"]["status"] == "ready"
    assert body["privateHint"]


async def test_colab_share_needs_upload_with_last_push(
    jp_fetch: Any, project: Path, jp_data_dir: Path
) -> None:
    git(project, "checkout", "-q", "-b", "local-only")
    add_notebook(project, "notebooks/my nb.ipynb", push=False, content='{"v": 2}\n')
    store(jp_data_dir).update("project/notebooks/my nb.ipynb", "push", PUSH_RECORD)
    body = await get(jp_fetch, ("share", "colab"), path="project/notebooks/my nb.ipynb")
    assert body["status"] == "needs_upload"
    assert body["colabUrl"] is None
    assert "no upstream" in body["reason"]
    assert body["lastPush"] == PUSH_RECORD
    assert body["lastGist"] is None


NOTEBOOK = {
    "cells": [{"cell_type": "markdown", "id": "a1", "metadata": {}, "source": "# Pushed"}],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


async def test_a_push_of_the_saved_notebook_is_where_it_is_on_github(
    jp_fetch: Any, jp_root_dir: Path, jp_data_dir: Path
) -> None:
    from jupyterlab_cloudshare.core.github import blob_sha
    from jupyterlab_cloudshare.core.notebook import read_notebook, to_ipynb_json

    nb_file = Path(jp_root_dir) / "plain.ipynb"
    nb_file.write_text(json.dumps(NOTEBOOK))
    pushed = to_ipynb_json(read_notebook(nb_file.read_bytes())).encode("utf-8")
    store(jp_data_dir).update("plain.ipynb", "push", {**PUSH_RECORD, "blobSha": blob_sha(pushed)})

    share = await get(jp_fetch, ("share", "colab"), path="plain.ipynb")
    assert (share["status"], share["source"]) == ("ready", "push")
    assert share["colabUrl"] == PUSH_RECORD["colabUrl"]
    links = await get(jp_fetch, ("links",), path="plain.ipynb", targets="colab")
    assert (links["status"], links["source"], links["reason"]) == ("ready", "push", None)
    assert links["links"][0]["url"] == share["colabUrl"]

    # Saved again with a change: the push no longer shows it, and both say so.
    nb_file.write_text(json.dumps({**NOTEBOOK, "cells": []}))
    share = await get(jp_fetch, ("share", "colab"), path="plain.ipynb")
    assert share["status"] == "needs_upload"
    links = await get(jp_fetch, ("links",), path="plain.ipynb", targets="colab")
    assert links["status"] == "pushed_copy"


async def test_anonymous_requests_are_refused(anon_fetch: Any) -> None:
    for endpoint in (("links",), ("share", "colab")):
        response = await anon_fetch("cloudshare", *endpoint)
        assert response.code == 403


class TestAdminSettings:
    @pytest.fixture
    def jp_server_config(self) -> dict[str, Any]:
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {
                "link_targets": ["nbgitpuller", "binder", "colab"],
                "binder_url": "https://binder.example.org",
                "jupyterhub_url": "https://hub.example.org/",
                "links_pin_commit": True,
                "disabled_features": ["colab"],
            },
        }

    async def test_traits_shape_the_links(self, jp_fetch: Any, project: Path) -> None:
        sha = git(project, "rev-parse", "HEAD").strip()
        body = await get(jp_fetch, ("links",), path="project/notebooks/my nb.ipynb")
        assert [x["target"] for x in body["links"]] == ["nbgitpuller", "binder", "colab"]
        puller = urlsplit(body["links"][0]["url"])
        assert puller.netloc == "hub.example.org"
        assert parse_qs(puller.query)["urlpath"] == [
            "lab/tree/demo/notebooks/my%20nb.ipynb?autodecode"
        ]
        assert body["links"][1]["url"].startswith(
            f"https://binder.example.org/v2/gh/octo/demo/{sha}"
        )
        body = await get(jp_fetch, ("links",), path="project/notebooks/my nb.ipynb", pin="0")
        assert "/blob/main/" in body["links"][2]["url"]

    async def test_disabled_feature_is_403(self, jp_fetch: Any, project: Path) -> None:
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch(
                "cloudshare", "share", "colab", params={"path": "project/notebooks/my nb.ipynb"}
            )
        assert info.value.code == 403


class TestEnterprise:
    @pytest.fixture
    def jp_server_config(self) -> dict[str, Any]:
        return {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_cloudshare": True}},
            "CloudShareApp": {
                "github_api_url": "https://ghe.example.org/api/v3",
                "jupyterhub_url": "https://hub.example.org",
            },
        }

    async def test_enterprise_repo_offers_only_what_opens_it(
        self, jp_fetch: Any, project: Path
    ) -> None:
        git(project, "remote", "set-url", "origin", "git@ghe.example.org:team/proj.git")
        body = await get(jp_fetch, ("links",), path="project/notebooks/my nb.ipynb")
        assert body["status"] == "ready"
        assert body["location"]["host"] == "ghe.example.org"
        assert [x["target"] for x in body["links"]] == ["nbgitpuller"]
        assert any(s["target"] == "colab" for s in body["skipped"])
        share = await get(jp_fetch, ("share", "colab"), path="project/notebooks/my nb.ipynb")
        assert share["status"] == "unavailable"
        assert "Enterprise" in share["reason"]
