"""core.share: the "Share to Colab" decision and the links report."""

from __future__ import annotations

from typing import Any

import pytest

from jupyterlab_cloudshare.core.github import blob_sha
from jupyterlab_cloudshare.core.gitinfo import GitStatus
from jupyterlab_cloudshare.core.links import GitHubLocation
from jupyterlab_cloudshare.core.notebook import strip_outputs, to_ipynb_json
from jupyterlab_cloudshare.core.push import add_colab_link
from jupyterlab_cloudshare.core.share import (
    colab_share,
    links_report,
    location_from_push_record,
    notebook_sha,
    uploaded_unchanged,
)

API = "https://api.github.com"
SHA = "0123456789abcdef0123456789abcdef01234567"
LOC = GitHubLocation("octo", "demo", "nbs/a b.ipynb", "feature/x", SHA)
ENTERPRISE_LOC = GitHubLocation(
    "team", "proj", "nb.ipynb", "main", SHA, "ghe.example.org", "https://ghe.example.org"
)
PUSH = {
    "apiUrl": API,
    "repo": "octo/copies",
    "branch": "main",
    "path": "shared/nb.ipynb",
    "commitSha": SHA,
    "htmlUrl": "https://github.com/octo/copies/blob/main/shared/nb.ipynb",
    "colabUrl": "https://colab.research.google.com/github/octo/copies/blob/main/shared/nb.ipynb",
}
GIST = {"apiUrl": API, "id": "abc123", "htmlUrl": "https://gist.github.com/abc123"}


def test_ready_on_github_com_gives_the_colab_url() -> None:
    answer = colab_share(GitStatus("ready", None, LOC, "origin"), PUSH, None, api_url=API)
    assert answer["status"] == "ready"
    assert answer["source"] == "git"
    assert answer["colabUrl"] == (
        "https://colab.research.google.com/github/octo/demo/blob/feature/x/nbs/a%20b.ipynb"
    )
    assert answer["location"]["branch"] == "feature/x"
    assert answer["lastPush"] == PUSH
    assert answer["privateHint"]


def test_ready_pinned_uses_the_commit() -> None:
    answer = colab_share(GitStatus("ready", None, LOC), None, None, api_url=API, pin_commit=True)
    assert f"/blob/{SHA}/" in answer["colabUrl"]


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("modified", "Commit and push the changes."),
        ("untracked", "Commit it."),
        ("unpushed", "Push it."),
        ("upstream_gone", "The upstream branch 'origin/x' no longer exists."),
        ("no_remote", "No GitHub remote."),
        ("not_git", "Not in git."),
    ],
)
def test_not_ready_needs_upload_with_the_git_reason(status: str, reason: str) -> None:
    git_status = GitStatus(status, reason, LOC if status != "not_git" else None)
    answer = colab_share(git_status, PUSH, GIST, api_url=API)
    assert answer["status"] == "needs_upload"
    assert answer["colabUrl"] is None and answer["source"] is None
    assert answer["reason"] == reason
    assert answer["lastPush"] == PUSH and answer["lastGist"] == GIST
    assert answer["git"]["status"] == status


def test_reason_without_git_reason_is_still_given() -> None:
    answer = colab_share(GitStatus("unpushed"), None, None, api_url=API)
    assert "not pushed" in answer["reason"]


def test_enterprise_repository_needs_upload() -> None:
    answer = colab_share(GitStatus("ready", None, ENTERPRISE_LOC), None, None, api_url=API)
    assert answer["status"] == "needs_upload"
    assert "ghe.example.org" in answer["reason"] and "github.com" in answer["reason"]


def test_enterprise_server_makes_colab_unavailable() -> None:
    api = "https://ghe.example.org/api/v3"
    answer = colab_share(GitStatus("modified", "x", ENTERPRISE_LOC), None, None, api_url=api)
    assert answer["status"] == "unavailable"
    assert "ghe.example.org" in answer["reason"]


def test_a_github_com_style_root_counts_as_github_com() -> None:
    # The same rule as pushes use: only an /api/v3 root is Enterprise, so a
    # local stand-in for api.github.com still gets an upload offer, not a refusal.
    stand_in = "http://127.0.0.1:8123"
    answer = colab_share(GitStatus("modified", "x", LOC), None, None, api_url=stand_in)
    assert answer["status"] == "needs_upload"


def test_records_of_another_github_are_not_offered() -> None:
    other = {**PUSH, "apiUrl": "https://ghe.example.org/api/v3"}
    answer = colab_share(GitStatus("unpushed", "x", LOC), other, other, api_url=API)
    assert answer["lastPush"] is None and answer["lastGist"] is None


@pytest.mark.parametrize(
    "record",
    [
        None,
        {},
        {**PUSH, "repo": "no-slash"},
        {**PUSH, "path": ""},
        {**PUSH, "branch": None, "commitSha": None},
        {**PUSH, "apiUrl": "https://other.example.org/api/v3"},
    ],
)
def test_unusable_push_records(record: dict[str, Any] | None) -> None:
    assert location_from_push_record(record, API) is None


def test_push_record_location() -> None:
    location = location_from_push_record(PUSH, API)
    assert location == GitHubLocation("octo", "copies", "shared/nb.ipynb", "main", SHA)


def test_links_report_from_git_and_from_push_copy() -> None:
    kwargs: dict[str, Any] = {
        "api_url": API,
        "targets": ["colab", "binder"],
        "binder_url": "https://mybinder.org",
        "hub_url": None,
        "pin_commit": False,
    }
    ready = links_report("a.ipynb", GitStatus("ready", None, LOC), PUSH, **kwargs)
    assert ready["status"] == "ready"
    assert ready["location"]["repo"] == "demo"
    assert [x["target"] for x in ready["links"]] == ["colab", "binder"]
    assert ready["badgeCell"]["source"].count("](") == 4

    copy = links_report("a.ipynb", GitStatus("modified", "Uncommitted.", LOC), PUSH, **kwargs)
    assert copy["status"] == "pushed_copy"
    assert copy["location"]["repo"] == "copies"
    assert copy["links"][0]["url"] == PUSH["colabUrl"]
    assert "Uncommitted." in copy["reason"]

    none = links_report("a.ipynb", GitStatus("not_git", "Not in git."), None, **kwargs)
    assert none["links"] == [] and none["badgeCell"] is None
    assert none["reason"] == "Not in git."


# ---- where the notebook is on GitHub: its last push or gist, if unchanged ----
NB: dict[str, Any] = {
    "cells": [
        {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# Title"},
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "c",
            "metadata": {},
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "4\n"}],
            "source": "print(4)",
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}
NOT_GIT = GitStatus("not_git", "Not in git.")


def _pushed(nb: dict[str, Any]) -> dict[str, Any]:
    return {**PUSH, "blobSha": blob_sha(to_ipynb_json(nb).encode("utf-8"))}


@pytest.mark.parametrize(
    "as_pushed",
    [
        lambda nb: nb,
        strip_outputs,
        lambda nb: add_colab_link(nb, PUSH["colabUrl"]),
        lambda nb: add_colab_link(strip_outputs(nb), PUSH["colabUrl"]),
    ],
    ids=["as-is", "without-outputs", "with-colab-link", "both"],
)
def test_unchanged_push_is_ready_in_one_click(as_pushed: Any) -> None:
    record = _pushed(as_pushed(NB))
    assert uploaded_unchanged(record, NB)
    answer = colab_share(NOT_GIT, record, None, api_url=API, notebook=NB)
    assert (answer["status"], answer["source"]) == ("ready", "push")
    assert answer["colabUrl"] == PUSH["colabUrl"]
    report = links_report(
        "nb.ipynb",
        NOT_GIT,
        record,
        api_url=API,
        targets=["colab"],
        binder_url="https://mybinder.org",
        hub_url=None,
        pin_commit=False,
        notebook=NB,
    )
    assert (report["status"], report["reason"], report["source"]) == ("ready", None, "push")
    assert report["links"][0]["url"] == answer["colabUrl"]


def test_changed_since_the_push_needs_upload_and_links_say_old_copy() -> None:
    record = _pushed(NB)
    changed = {**NB, "cells": NB["cells"][:1]}
    assert not uploaded_unchanged(record, changed)
    answer = colab_share(NOT_GIT, record, None, api_url=API, notebook=changed)
    assert answer["status"] == "needs_upload"
    assert answer["lastPush"] == record
    report = links_report(
        "nb.ipynb",
        NOT_GIT,
        record,
        api_url=API,
        targets=["colab"],
        binder_url="https://mybinder.org",
        hub_url=None,
        pin_commit=False,
        notebook=changed,
    )
    assert report["status"] == "pushed_copy"


def test_source_sha_is_compared_when_recorded() -> None:
    assert uploaded_unchanged({"sourceSha": notebook_sha(NB)}, NB)
    assert not uploaded_unchanged({"sourceSha": notebook_sha(strip_outputs(NB))}, NB)
    assert not uploaded_unchanged(_pushed(NB), None)
    assert not uploaded_unchanged(None, NB)


def test_unchanged_gist_with_source_sha_is_ready() -> None:
    gist = {
        **GIST,
        "colabUrl": "https://colab.research.google.com/gist/octo/abc123/nb.ipynb",
        "sourceSha": notebook_sha(NB),
    }
    answer = colab_share(NOT_GIT, None, gist, api_url=API, notebook=NB)
    assert (answer["status"], answer["source"]) == ("ready", "gist")
    assert answer["colabUrl"] == gist["colabUrl"]
    # A gist record without a hash cannot be proved unchanged.
    bare = {k: v for k, v in gist.items() if k != "sourceSha"}
    assert colab_share(NOT_GIT, None, bare, api_url=API, notebook=NB)["status"] == "needs_upload"
