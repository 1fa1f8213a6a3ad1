"""The "Share to Colab" decision: open the pushed file, or ask for an upload.

Colab opens notebooks from github.com (and gist.github.com) only. When the
notebook's saved state is already on github.com the answer is a Colab URL;
otherwise the user is told why and offered an upload (push again to the last
place, a new push, or a gist). Pure: the caller supplies the git status, the
share records and the saved notebook.

One rule says where a notebook is on GitHub, for Share to Colab and the launch
links alike: its git clone when its own file is pushed (see ``gitinfo``), else
its last push, then its last gist, when the saved notebook is what was uploaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from .github import blob_sha
from .gitinfo import GitStatus
from .links import (
    GitHubLocation,
    badge_cell,
    badge_image_hosts,
    build_links,
    colab_github_url,
    skipped_targets,
)
from .notebook import strip_outputs, to_ipynb_json
from .settings import is_enterprise, web_url_for_api
from .state import made_against

PRIVATE_HINT = (
    "Colab opens a private repository only for someone signed in to Colab with a GitHub "
    "account that can read it."
)

_NEEDS_UPLOAD_REASONS = {
    "modified": "The notebook has local changes that are not committed and pushed to GitHub.",
    "untracked": "The notebook is not committed to git, so it is not on GitHub.",
    "unpushed": "The notebook's latest commit is not pushed to GitHub.",
    "detached": "The notebook's commit (detached HEAD) is not on any GitHub branch.",
    "upstream_gone": "The GitHub branch this notebook was pushed to no longer exists.",
    "no_remote": "The notebook's git repository has no GitHub remote.",
    "not_git": "The notebook is not in a git repository on GitHub.",
}


def _matching(record: dict[str, Any] | None, api_url: str) -> dict[str, Any] | None:
    """A share record made against this server's GitHub, else None."""
    return record if made_against(record, api_url) else None


def notebook_sha(nb: dict[str, Any]) -> str:
    """The SHA-256 of a notebook as Jupyter writes it: a share record's ``sourceSha``."""
    return hashlib.sha256(to_ipynb_json(nb).encode("utf-8")).hexdigest()


def uploaded_unchanged(record: dict[str, Any] | None, nb: dict[str, Any] | None) -> bool:
    """Whether the saved notebook ``nb`` is what the push or gist ``record`` uploaded.

    A record with ``sourceSha`` is compared with it. A push record without it
    is compared through its ``blobSha``: the file pushed is the notebook, with
    or without outputs, with or without Colab's badge cell. Anything else
    (a gist without ``sourceSha``, a copy the policy trimmed) is "changed".
    """
    if not record or nb is None:
        return False
    source = record.get("sourceSha")
    if isinstance(source, str) and source:
        return source == notebook_sha(nb)
    blob = record.get("blobSha")
    if not isinstance(blob, str) or not blob:
        return False
    from .push import add_colab_link

    colab = record.get("colabUrl")
    for base in (nb, strip_outputs(nb)):
        candidates = [base]
        if isinstance(colab, str) and colab:
            candidates.append(add_colab_link(base, colab))
        for candidate in candidates:
            if blob_sha(to_ipynb_json(candidate).encode("utf-8")) == blob:
                return True
    return False


def colab_share(
    git_status: GitStatus,
    push_record: dict[str, Any] | None,
    gist_record: dict[str, Any] | None,
    *,
    api_url: str,
    pin_commit: bool = False,
    notebook: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Whether Colab can open the notebook as saved, and if not why and what can be done.

    ``status`` is ``ready`` (``colabUrl`` opens the pushed file; ``source``
    says where from: ``git``, ``push`` or ``gist``, the last two when the
    saved ``notebook`` is what was uploaded), ``needs_upload`` (``reason``
    says why; ``lastPush``/``lastGist`` allow a one-click re-share) or
    ``unavailable`` (this server shares to a GitHub Enterprise, which Colab
    cannot open).
    """
    last_push = _matching(push_record, api_url)
    last_gist = _matching(gist_record, api_url)
    answer: dict[str, Any] = {
        "status": "needs_upload",
        "colabUrl": None,
        "reason": None,
        "source": None,
        "location": None,
        "git": git_status.to_json(),
        "lastPush": last_push,
        "lastGist": last_gist,
        "privateHint": PRIVATE_HINT,
    }
    location = git_status.location
    if git_status.ready and location is not None and location.on_github_com:
        answer.update(
            status="ready",
            colabUrl=colab_github_url(
                location.owner, location.repo, location.ref(pin_commit), location.path
            ),
            source="git",
            location=location.to_json(),
        )
        return answer

    if not is_enterprise(api_url):
        pushed = location_from_push_record(last_push, api_url)
        if pushed is not None and uploaded_unchanged(last_push, notebook):
            answer.update(
                status="ready",
                colabUrl=colab_github_url(
                    pushed.owner, pushed.repo, pushed.ref(pin_commit), pushed.path
                ),
                source="push",
                location=pushed.to_json(),
            )
            return answer
        gist_url = (last_gist or {}).get("colabUrl")
        if isinstance(gist_url, str) and gist_url and uploaded_unchanged(last_gist, notebook):
            answer.update(status="ready", colabUrl=gist_url, source="gist")
            return answer

    if is_enterprise(api_url):
        api_host = web_url_for_api(api_url)
        answer.update(
            status="unavailable",
            reason=(
                f"This server shares to GitHub Enterprise ({api_host}); Colab opens only "
                "github.com, so download the notebook and upload it to Colab instead."
            ),
        )
        return answer

    if git_status.ready and location is not None:
        reason = f"The notebook's repository is on {location.host}; Colab opens only github.com."
    else:
        reason = git_status.reason or _NEEDS_UPLOAD_REASONS.get(
            git_status.status, "The notebook's saved state is not on GitHub."
        )
    answer["reason"] = reason
    return answer


def location_from_push_record(record: dict[str, Any] | None, api_url: str) -> GitHubLocation | None:
    """The pushed copy's location from a push record made against ``api_url``, else None."""
    record = _matching(record, api_url)
    if record is None:
        return None
    repo = record.get("repo")
    path = record.get("path")
    if not isinstance(repo, str) or repo.count("/") != 1 or not isinstance(path, str) or not path:
        return None
    owner, name = repo.split("/")
    branch = record.get("branch") if isinstance(record.get("branch"), str) else None
    commit = record.get("commitSha") if isinstance(record.get("commitSha"), str) else None
    if not (owner and name and (branch or commit)):
        return None
    if is_enterprise(api_url):
        web = web_url_for_api(api_url)
        host = urlsplit(web).netloc
    else:
        web, host = "https://github.com", "github.com"
    return GitHubLocation(
        owner=owner,
        repo=name,
        path=path.strip("/"),
        branch=branch or None,
        commit=commit or None,
        host=host,
        web_url=web,
    )


def links_report(
    path: str,
    git_status: GitStatus,
    push_record: dict[str, Any] | None,
    *,
    api_url: str,
    targets: Sequence[str],
    binder_url: str,
    hub_url: str | None,
    pin_commit: bool,
    notebook: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The launch links of a notebook: from git when its saved state is pushed, else from its
    last push when the saved ``notebook`` is what was pushed (``source`` ``push``, status
    ``ready``), else from that older copy (status ``pushed_copy``), else none with the reason."""
    status, reason = git_status.status, git_status.reason
    location = git_status.location if git_status.ready else None
    source = "git" if location is not None else None
    if location is None:
        location = location_from_push_record(push_record, api_url)
        if location is not None:
            source = "push"
        if location is not None and uploaded_unchanged(push_record, notebook):
            status, reason = "ready", None
        elif location is not None:
            status = "pushed_copy"
            reason = (
                "These links open the copy pushed last time, not this notebook as saved now."
                + (f" {git_status.reason}" if git_status.reason else "")
            )
    links = []
    skipped: list[dict[str, str]] = []
    if location is not None:
        links = build_links(
            location, targets, binder_url=binder_url, hub_url=hub_url, pin_commit=pin_commit
        )
        skipped = skipped_targets(location, targets, hub_url=hub_url)
    return {
        "path": path,
        "status": status,
        "reason": reason,
        "source": source,
        "location": location.to_json() if location else None,
        "links": [link.to_json() for link in links],
        "skipped": skipped,
        "badgeCell": badge_cell(links) if links else None,
        "badgeCellText": badge_cell(links, form="text") if links else None,
        "badgeHosts": badge_image_hosts(links),
    }
