"""core.gitinfo: remote URL parsing, and notebook status on real git repositories.

The repositories come from ``tests/gitrepos.py``: real git, no network.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jupyterlab_cloudshare.core.errors import NotFoundError
from jupyterlab_cloudshare.core.gitinfo import locate, parse_remote_url
from tests.gitrepos import add_notebook, git, make_repo, set_git_identity


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    set_git_identity(monkeypatch)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


# ---- remote URLs -----------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/octo/demo", ("github.com", "octo", "demo", "https://github.com")),
        ("https://github.com/octo/demo.git", ("github.com", "octo", "demo", "https://github.com")),
        ("https://github.com/octo/demo/", ("github.com", "octo", "demo", "https://github.com")),
        ("https://user@github.com/octo/demo", ("github.com", "octo", "demo", "https://github.com")),
        ("http://GitHub.com/octo/demo.git", ("github.com", "octo", "demo", "https://github.com")),
        ("git@github.com:octo/demo.git", ("github.com", "octo", "demo", "https://github.com")),
        ("github.com:octo/demo", ("github.com", "octo", "demo", "https://github.com")),
        (
            "ssh://git@github.com/octo/demo.git",
            ("github.com", "octo", "demo", "https://github.com"),
        ),
        (
            "ssh://git@ssh.github.com:443/octo/demo.git",
            ("github.com", "octo", "demo", "https://github.com"),
        ),
        ("git://github.com/octo/demo.git", ("github.com", "octo", "demo", "https://github.com")),
        (
            "ssh://git@ghe.example.org:22/team/proj",
            ("ghe.example.org", "team", "proj", "https://ghe.example.org"),
        ),
        (
            "git@ghe.example.org:team/proj.git",
            ("ghe.example.org", "team", "proj", "https://ghe.example.org"),
        ),
        (
            "https://ghe.example.org:8443/team/proj.git",
            ("ghe.example.org", "team", "proj", "https://ghe.example.org:8443"),
        ),
    ],
)
def test_parse_remote_url_github_forms(url: str, expected: tuple[str, str, str, str]) -> None:
    parsed = parse_remote_url(url, ("github.com", "ghe.example.org"))
    assert parsed is not None
    assert (parsed.host, parsed.owner, parsed.repo, parsed.web_url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://gitlab.com/octo/demo.git",
        "git@bitbucket.org:octo/demo.git",
        "/srv/git/demo.git",
        "file:///srv/git/demo.git",
        "../demo",
        "https://github.com/octo",
        "https://github.com/octo/demo/tree/main",
        "git@ghe.example.org:team/proj.git",  # Enterprise host not configured
    ],
)
def test_parse_remote_url_rejects_non_github(url: str) -> None:
    assert parse_remote_url(url) is None


# ---- statuses on real repositories -----------------------------------------
def test_committed_and_pushed_is_ready(repo: Path) -> None:
    nb = add_notebook(repo, "analysis/run.ipynb")
    status = locate(str(nb))
    assert status.status == "ready", status.reason
    assert status.reason is None
    loc = status.location
    assert loc is not None
    assert (loc.owner, loc.repo, loc.path, loc.branch) == (
        "octo",
        "demo",
        "analysis/run.ipynb",
        "main",
    )
    assert loc.commit == git(repo, "rev-parse", "HEAD").strip()
    assert status.remote_name == "origin"


def test_unicode_and_spaces_in_file_name(repo: Path) -> None:
    nb = add_notebook(repo, "données/my nb #1.ipynb")
    status = locate(str(nb))
    assert status.status == "ready", status.reason
    assert status.location is not None
    assert status.location.path == "données/my nb #1.ipynb"


def test_modified_file(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    nb.write_text('{"changed": true}\n')
    status = locate(str(nb))
    assert status.status == "modified"
    assert status.reason and "not committed" in status.reason


def test_staged_change_counts_as_modified(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    nb.write_text('{"staged": true}\n')
    git(repo, "add", "nb.ipynb")
    assert locate(str(nb)).status == "modified"


def test_other_files_changes_do_not_matter(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    (repo / "README.md").write_text("changed\n")
    (repo / "scratch.txt").write_text("new\n")
    assert locate(str(nb)).status == "ready"


def test_untracked_file(repo: Path) -> None:
    nb = repo / "new.ipynb"
    nb.write_text("{}\n")
    status = locate(str(nb))
    assert status.status == "untracked"
    assert status.location is not None  # the repository is known even so


def test_ignored_file_is_untracked_with_reason(repo: Path) -> None:
    (repo / ".gitignore").write_text("*.ipynb\n")
    nb = repo / "hidden.ipynb"
    nb.write_text("{}\n")
    status = locate(str(nb))
    assert status.status == "untracked"
    assert status.reason and ".gitignore" in status.reason


def test_committed_not_pushed(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb", push=False)
    status = locate(str(nb))
    assert status.status == "unpushed"
    assert status.reason and "not pushed" in status.reason and "last fetch" in status.reason


def test_file_as_pushed_is_ready_whatever_else_is_ahead(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    pushed = git(repo, "rev-parse", "HEAD").strip()
    add_notebook(repo, "other.ipynb", push=False)
    add_notebook(repo, "third.txt", push=False)
    status = locate(str(nb))
    assert status.status == "ready", status.reason
    assert status.location is not None
    # The link pins the upstream's commit: the local ones are not on GitHub.
    assert status.location.commit == pushed
    assert status.location.branch == "main"
    assert status.details["sameAsUpstream"] is True
    assert locate(str(repo / "other.ipynb")).status == "unpushed"


def test_own_unpushed_commit_is_unpushed_even_with_others_ahead(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    add_notebook(repo, "other.ipynb", push=False)
    add_notebook(repo, "nb.ipynb", push=False, content='{"v": 2}\n')
    assert locate(str(nb)).status == "unpushed"


def test_change_reverted_in_the_work_tree_is_ready(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb", content='{"v": 1}\n')
    add_notebook(repo, "nb.ipynb", push=False, content='{"v": 2}\n')
    nb.write_text('{"v": 1}\n')
    assert locate(str(nb)).status == "ready"


def test_new_file_ahead_is_not_ready(repo: Path) -> None:
    # The upstream has no such path: unpushed, not a false "ready".
    nb = add_notebook(repo, "fresh.ipynb", push=False)
    assert locate(str(nb)).status == "unpushed"


def test_new_branch_without_upstream(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature/x")
    nb = add_notebook(repo, "nb.ipynb", push=False)
    status = locate(str(nb))
    assert status.status == "unpushed"
    assert status.reason and "no upstream" in status.reason
    assert status.location is not None and status.location.branch == "feature/x"


def test_branch_with_slash_pushed_with_upstream(repo: Path, tmp_path: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature/x")
    nb = add_notebook(repo, "nb.ipynb", push=False)
    git(repo, "push", "-q", "-u", str(tmp_path / "remote.git"), "feature/x")
    # push -u to a path sets the upstream to that path: point it back at origin.
    git(repo, "fetch", "-q", str(tmp_path / "remote.git"), "+refs/heads/*:refs/remotes/origin/*")
    git(repo, "branch", "-q", "--set-upstream-to=origin/feature/x")
    status = locate(str(nb))
    assert status.status == "ready", status.reason
    assert status.location is not None and status.location.branch == "feature/x"


def test_detached_head_on_remote_is_ready_pinned(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    git(repo, "checkout", "-q", "--detach")
    status = locate(str(nb))
    assert status.status == "ready", status.reason
    assert status.location is not None
    assert status.location.branch is None
    assert status.location.ref() == git(repo, "rev-parse", "HEAD").strip()
    assert status.to_json()["detached"] is True


def test_detached_head_not_on_remote(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")
    nb = add_notebook(repo, "nb.ipynb", push=False)
    status = locate(str(nb))
    assert status.status == "detached"
    assert status.reason and "detached" in status.reason


def test_upstream_branch_deleted(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(repo, "checkout", "-q", "-b", "topic")
    nb = add_notebook(repo, "nb.ipynb", push=False)
    git(repo, "push", "-q", str(remote), "topic")
    git(repo, "fetch", "-q", str(remote), "+refs/heads/*:refs/remotes/origin/*")
    git(repo, "branch", "-q", "--set-upstream-to=origin/topic")
    assert locate(str(nb)).status == "ready"
    git(repo, "push", "-q", str(remote), "--delete", "topic")
    git(repo, "fetch", "-q", "--prune", str(remote), "+refs/heads/*:refs/remotes/origin/*")
    status = locate(str(nb))
    assert status.status == "upstream_gone"
    assert status.reason and "origin/topic" in status.reason


def test_https_remote_form(tmp_path: Path) -> None:
    work = make_repo(tmp_path, "https://github.com/octo/demo.git")
    nb = add_notebook(work, "nb.ipynb")
    status = locate(str(nb))
    assert status.status == "ready"
    assert status.location is not None and status.location.repo == "demo"


def test_enterprise_host_only_when_configured(tmp_path: Path) -> None:
    work = make_repo(tmp_path, "git@ghe.example.org:team/proj.git")
    nb = add_notebook(work, "nb.ipynb")
    assert locate(str(nb)).status == "no_remote"
    status = locate(str(nb), github_hosts=("github.com", "ghe.example.org"))
    assert status.status == "ready"
    assert status.location is not None
    assert status.location.host == "ghe.example.org"
    assert status.location.web_url == "https://ghe.example.org"
    assert not status.location.on_github_com


def test_prefers_upstream_remote_over_origin(repo: Path) -> None:
    git(repo, "remote", "rename", "origin", "upstream")
    git(repo, "remote", "add", "origin", "git@github.com:someone/fork.git")
    nb = add_notebook(repo, "nb.ipynb", push=False)
    git(repo, "push", "-q", str(repo.parent / "remote.git"), "HEAD")
    git(
        repo,
        "fetch",
        "-q",
        str(repo.parent / "remote.git"),
        "+refs/heads/*:refs/remotes/upstream/*",
    )
    status = locate(str(nb))
    assert status.remote_name == "upstream"
    assert status.location is not None and status.location.owner == "octo"
    assert status.status == "ready"


def test_non_github_remote_is_no_remote(tmp_path: Path) -> None:
    work = make_repo(tmp_path, "https://gitlab.com/octo/demo.git")
    nb = add_notebook(work, "nb.ipynb")
    status = locate(str(nb))
    assert status.status == "no_remote"
    assert status.location is None
    assert status.reason and "GitHub" in status.reason


def test_repository_without_remote(tmp_path: Path) -> None:
    work = tmp_path / "solo"
    work.mkdir()
    git(work, "init", "-q")
    nb = add_notebook(work, "nb.ipynb", push=False)
    status = locate(str(nb))
    assert status.status == "no_remote"
    assert status.reason and "no remote" in status.reason


def test_not_a_repository(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    nb = folder / "nb.ipynb"
    nb.write_text("{}\n")
    status = locate(str(nb))
    assert status.status == "not_git"
    assert status.location is None
    assert status.reason and "not in a git repository" in status.reason


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        locate(str(tmp_path / "nope.ipynb"))


def test_missing_git_executable(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    monkeypatch.setenv("PATH", str(repo / "no-such-bin"))
    status = locate(str(nb))
    assert status.status == "not_git"
    assert status.reason and "not installed" in status.reason


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a repository to another user needs root",
)
def test_repository_of_another_user_is_explained(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    for path in [repo, *repo.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    status = locate(str(nb))
    assert status.status == "not_git"
    assert status.reason and "safe.directory" in status.reason
    assert status.to_json()["safeDirectory"] is True


def test_to_json_shape(repo: Path) -> None:
    nb = add_notebook(repo, "nb.ipynb")
    body = locate(str(nb)).to_json()
    assert body["status"] == "ready"
    assert body["location"]["path"] == "nb.ipynb"
    assert body["location"]["webUrl"] == "https://github.com"
    assert body["upstream"] == "origin/main"
