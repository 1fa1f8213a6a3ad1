"""Where a notebook lives in git, and whether its saved state is on GitHub.

Runs the ``git`` command line (never fetching: the answer is as of the last
fetch, from the local remote-tracking refs), in three or four short calls:
``rev-parse`` (the repository), ``status --porcelain=v2 --branch`` (the
file's state, the branch, its upstream and how far ahead HEAD is) and
``config --get-regexp`` (remotes and branch upstreams); a detached HEAD or a
branch tracking another remote costs one ``branch -r --contains``.

A notebook whose own file in the work tree is the blob its upstream holds is
``ready`` whatever else is ahead or changed (two more calls): its links pin
the upstream's commit, never a local one.

A detached HEAD whose commit some GitHub remote-tracking branch contains is
``ready`` with ``branch=None``: its links pin that commit. Not contained, it
is ``detached``.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import GitError, NotFoundError
from .links import GITHUB_COM, GitHubLocation

#: Seconds before a git call is abandoned.
GIT_TIMEOUT = 15.0

STATUSES = (
    "ready",
    "modified",
    "untracked",
    "unpushed",
    "detached",
    "upstream_gone",
    "no_remote",
    "not_git",
)

_FETCH_NOTE = "(as of the last fetch)"


@dataclass(frozen=True)
class RemoteRepo:
    """The GitHub repository a remote URL points at."""

    host: str
    owner: str
    repo: str
    web_url: str


@dataclass(frozen=True)
class GitStatus:
    """Where a notebook lives in git and whether links to it would show its saved state."""

    status: str
    reason: str | None = None
    location: GitHubLocation | None = None
    remote_name: str | None = None
    upstream: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    def to_json(self) -> dict[str, Any]:
        """The status as the HTTP API reports it."""
        return {
            "status": self.status,
            "reason": self.reason,
            "location": self.location.to_json() if self.location else None,
            "remoteName": self.remote_name,
            "upstream": self.upstream,
            **self.details,
        }


# ---- remote URLs -----------------------------------------------------------
_SCP_LIKE = re.compile(r"^(?:(?P<user>[^@/]+)@)?(?P<host>[^:/]+):(?P<path>(?!/).+)$")


def parse_remote_url(url: str, github_hosts: Sequence[str] = (GITHUB_COM,)) -> RemoteRepo | None:
    """The GitHub repository of a git remote URL, or ``None`` if it is not one on ``github_hosts``.

    Understands https (with or without a user, ``.git`` suffix, trailing
    slash), ``ssh://`` (with a port), ``git://`` and scp-like
    ``git@host:owner/repo.git``; GitHub's ``ssh.github.com`` counts as github.com.
    """
    url = url.strip()
    port: int | None = None
    if "://" in url:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("https", "http", "ssh", "git", "git+ssh", "ssh+git"):
            return None
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            return None
        path = parts.path
        if scheme not in ("https", "http"):
            port = None
    else:
        match = _SCP_LIKE.match(url)
        if not match or os.sep in match.group("host"):
            return None
        host = match.group("host").lower()
        path = match.group("path")
    if host == "ssh.github.com":
        host = GITHUB_COM
    hosts = {h.lower() for h in github_hosts}
    if host not in hosts:
        return None
    segments = [s for s in path.strip("/").split("/") if s]
    if len(segments) != 2:
        return None
    owner, repo = segments
    if repo.endswith(".git"):
        repo = repo[: -len(".git")]
    if not owner or not repo:
        return None
    netloc = host if port in (None, 443) else f"{host}:{port}"
    return RemoteRepo(host=host, owner=owner, repo=repo, web_url=f"https://{netloc}")


# ---- running git -----------------------------------------------------------
class _GitMissing(Exception):
    pass


class _GitFailed(Exception):
    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


def _git(cwd: str, *args: str) -> str:
    env = dict(os.environ)
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        LC_ALL="C",
        LANGUAGE="C",
    )
    try:
        proc = subprocess.run(
            ["git", "-C", cwd, *args],
            capture_output=True,
            env=env,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError as err:
        raise _GitMissing() from err
    except subprocess.TimeoutExpired as err:
        raise GitError(
            f"git did not answer within {GIT_TIMEOUT:.0f} s in '{cwd}'; try again "
            "when the repository is not busy."
        ) from err
    if proc.returncode != 0:
        raise _GitFailed(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout.decode("utf-8", "surrogateescape")


def _failed_status(stderr: str) -> GitStatus:
    if "dubious ownership" in stderr or "safe.directory" in stderr:
        return GitStatus(
            "not_git",
            "The git repository is owned by another user, so git refuses to read it; "
            "ask its owner, or add it with 'git config --global --add safe.directory PATH'.",
            details={"safeDirectory": True},
        )
    if "must be run in a work tree" in stderr:
        return GitStatus("not_git", "This notebook is inside a git directory, not a work tree.")
    if "not a git repository" in stderr.lower():
        return GitStatus("not_git", "This notebook is not in a git repository.")
    first = stderr.splitlines()[0] if stderr else "unknown error"
    return GitStatus("not_git", f"git cannot read this folder: {first}")


# ---- locate ----------------------------------------------------------------
def locate(notebook_abs_path: str, *, github_hosts: Sequence[str] = (GITHUB_COM,)) -> GitStatus:
    """Where ``notebook_abs_path`` lives in git and whether its saved state is pushed to GitHub."""
    path = Path(notebook_abs_path)
    if not path.is_file():
        raise NotFoundError(f"No file '{notebook_abs_path}'.")
    cwd = str(path.parent)
    try:
        top = _git(cwd, "rev-parse", "--show-toplevel").strip()
    except _GitMissing:
        return GitStatus(
            "not_git", "git is not installed on this server, so its repository is unknown."
        )
    except _GitFailed as err:
        return _failed_status(err.stderr)
    try:
        rel = path.resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        return GitStatus("not_git", "This notebook is not inside its folder's git work tree.")
    try:
        status_out = _git(top, "status", "--porcelain=v2", "--branch", "--ignored", "-z", "--", rel)
        config_out = _git_config(top)
    except _GitFailed as err:
        return _failed_status(err.stderr)
    return _decide(top, rel, status_out, config_out, github_hosts)


def _git_config(top: str) -> str:
    try:
        return _git(
            top, "config", "-z", "--get-regexp", r"^(remote\..*\.url|branch\..*\.(remote|merge))$"
        )
    except _GitFailed as err:
        if err.stderr:  # exit 1 with no output just means "no such keys"
            raise
        return ""


@dataclass
class _Branch:
    oid: str | None = None
    head: str | None = None
    upstream: str | None = None
    ahead: int | None = None
    file_state: str | None = None  # None (clean/tracked), "modified", "untracked", "ignored"


def _parse_status(out: str) -> _Branch:
    info = _Branch()
    records = out.split("\0")
    i = 0
    while i < len(records):
        rec = records[i]
        i += 1
        if rec.startswith("# branch.oid "):
            oid = rec[len("# branch.oid ") :]
            info.oid = None if oid == "(initial)" else oid
        elif rec.startswith("# branch.head "):
            head = rec[len("# branch.head ") :]
            info.head = None if head == "(detached)" else head
        elif rec.startswith("# branch.upstream "):
            info.upstream = rec[len("# branch.upstream ") :]
        elif rec.startswith("# branch.ab "):
            ahead = rec.split()[2]
            info.ahead = int(ahead.lstrip("+"))
        elif rec.startswith(("1 ", "u ")):
            info.file_state = "modified"
        elif rec.startswith("2 "):
            info.file_state = "modified"
            i += 1  # a rename record is followed by its original path
        elif rec.startswith("? "):
            info.file_state = "untracked"
        elif rec.startswith("! "):
            info.file_state = "ignored"
    return info


def _parse_config(out: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Remote URLs in config order, and each branch's remote/merge."""
    remotes: dict[str, str] = {}
    branches: dict[str, dict[str, str]] = {}
    for entry in out.split("\0"):
        if not entry:
            continue
        key, _, value = entry.partition("\n")
        section, _, rest = key.partition(".")
        name, _, var = rest.rpartition(".")
        if section == "remote" and var == "url":
            remotes.setdefault(name, value)
        elif section == "branch" and var in ("remote", "merge"):
            branches.setdefault(name, {})[var] = value
    return remotes, branches


def _pick_remote(
    remotes: dict[str, str], preferred: str | None, github_hosts: Sequence[str]
) -> tuple[str, RemoteRepo] | None:
    parsed = {name: parse_remote_url(url, github_hosts) for name, url in remotes.items()}
    for name in (preferred, "origin"):
        if name and parsed.get(name):
            repo = parsed[name]
            assert repo is not None
            return name, repo
    for name, repo in parsed.items():
        if repo:
            return name, repo
    return None


def _remote_branches_containing_head(top: str, remote: str) -> list[str]:
    out = _git(top, "branch", "-r", "--contains", "HEAD", "--format=%(refname)")
    prefix = f"refs/remotes/{remote}/"
    names = [line[len(prefix) :] for line in out.splitlines() if line.startswith(prefix)]
    return [n for n in names if n != "HEAD"]


def _same_as_upstream(top: str, rel: str, upstream: str) -> str | None:
    """The upstream's commit when ``rel`` in the work tree is the blob the upstream holds."""
    try:
        commit, blob = _git(top, "rev-parse", f"{upstream}^{{commit}}", f"{upstream}:{rel}").split()
        # hash-object applies the path's clean filters, as "git add" would.
        work = _git(top, "hash-object", "--", rel).strip()
    except (_GitFailed, ValueError):
        return None
    return commit if blob == work else None


def _decide(
    top: str, rel: str, status_out: str, config_out: str, github_hosts: Sequence[str]
) -> GitStatus:
    info = _parse_status(status_out)
    remotes, branches = _parse_config(config_out)
    branch_cfg = branches.get(info.head or "", {})
    upstream_remote = branch_cfg.get("remote")
    picked = _pick_remote(remotes, upstream_remote, github_hosts)
    if picked is None:
        reason = (
            "This repository has no remote on GitHub; add one (or push to GitHub) to link to it."
            if not remotes
            else "None of this repository's remotes is on GitHub; push a copy there to link to it."
        )
        return GitStatus("no_remote", reason)
    remote_name, remote = picked

    merge = branch_cfg.get("merge", "")
    remote_branch = merge[len("refs/heads/") :] if merge.startswith("refs/heads/") else info.head

    def make(status: str, reason: str | None, branch: str | None) -> GitStatus:
        location = GitHubLocation(
            owner=remote.owner,
            repo=remote.repo,
            path=rel,
            branch=branch,
            commit=info.oid,
            host=remote.host,
            web_url=remote.web_url,
        )
        return GitStatus(
            status,
            reason,
            location,
            remote_name,
            info.upstream,
            details={"detached": info.head is None},
        )

    if info.file_state == "untracked":
        return make(
            "untracked", "This notebook is not in git yet: commit it and push.", remote_branch
        )
    if info.file_state == "ignored":
        return make(
            "untracked",
            "This notebook is ignored by .gitignore, so it is not in git; commit it with "
            "'git add -f' and push, or share a copy.",
            remote_branch,
        )
    if info.file_state in ("modified", None) and info.upstream and upstream_remote == remote_name:
        # Whatever else is ahead or changed, this file may be as the upstream has it.
        pushed_commit = _same_as_upstream(top, rel, info.upstream)
        if pushed_commit is not None and (info.file_state or info.ahead):
            return GitStatus(
                "ready",
                None,
                GitHubLocation(
                    owner=remote.owner,
                    repo=remote.repo,
                    path=rel,
                    branch=remote_branch,
                    commit=pushed_commit,
                    host=remote.host,
                    web_url=remote.web_url,
                ),
                remote_name,
                info.upstream,
                details={"detached": False, "sameAsUpstream": True},
            )
    if info.file_state == "modified":
        return make(
            "modified",
            "This notebook has changes that are not committed: commit and push them first.",
            remote_branch,
        )
    if info.oid is None:
        return make(
            "untracked", "This repository has no commit yet: commit the notebook and push.", None
        )

    if info.head is None:
        contained = _remote_branches_containing_head(top, remote_name)
        if contained:
            return make("ready", None, None)
        return make(
            "detached",
            f"HEAD is detached at a commit that no branch of '{remote_name}' contains "
            f"{_FETCH_NOTE}: check out a branch and push it.",
            None,
        )

    if info.upstream is None:
        return make(
            "unpushed",
            f"Branch '{info.head}' has no upstream branch: push it "
            f"(git push -u {remote_name} {info.head}).",
            info.head,
        )
    if upstream_remote != remote_name:
        # The branch tracks a non-GitHub remote: ask the GitHub one directly.
        if info.head in _remote_branches_containing_head(top, remote_name):
            return make("ready", None, info.head)
        return make(
            "unpushed",
            f"The latest commit of '{info.head}' is not on GitHub remote '{remote_name}' "
            f"{_FETCH_NOTE}: push it there.",
            info.head,
        )
    if info.ahead is None:
        return make(
            "upstream_gone",
            f"The upstream branch '{info.upstream}' no longer exists {_FETCH_NOTE}: push the "
            "branch again or set a new upstream.",
            remote_branch,
        )
    if info.ahead > 0:
        return make(
            "unpushed",
            f"{info.ahead} local commit{'s' if info.ahead > 1 else ''} on '{info.head}' "
            f"{'are' if info.ahead > 1 else 'is'} not pushed to '{info.upstream}' {_FETCH_NOTE}: "
            "push first.",
            remote_branch,
        )
    return make("ready", None, remote_branch)
