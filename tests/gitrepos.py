"""Real git repositories for tests, with no network.

:func:`make_repo` builds a bare "remote", clones it, commits and pushes, then
points the clone's remote URL at GitHub (remote-tracking refs stay), so a
notebook's status comes from real git.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def set_git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commit as the test author and committer, whatever the machine's git config says."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` and return its stdout (fails the test on error)."""
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def make_repo(base: Path, url: str = "git@github.com:octo/demo.git") -> Path:
    """A clone of a bare remote with one pushed commit, its origin URL then set to ``url``."""
    remote = base / "remote.git"
    git(base, "init", "-q", "--bare", str(remote))
    work = base / "work"
    git(base, "clone", "-q", str(remote), str(work))
    (work / "README.md").write_text("demo\n")
    git(work, "add", "README.md")
    git(work, "commit", "-q", "-m", "init")
    git(work, "push", "-q", "-u", "origin", "main")
    git(work, "remote", "set-url", "origin", url)
    return work


def add_notebook(work: Path, rel: str, *, push: bool = True, content: str = "{}\n") -> Path:
    """Write, commit and (by default) push a file; returns its path."""
    path = work / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    git(work, "add", rel)
    git(work, "commit", "-q", "-m", f"add {rel}")
    if push:
        remote = work.parent / "remote.git"
        git(work, "push", "-q", str(remote), "HEAD")
        git(work, "fetch", "-q", str(remote), "+refs/heads/*:refs/remotes/origin/*")
    return path
