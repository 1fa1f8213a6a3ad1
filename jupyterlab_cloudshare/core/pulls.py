"""Pull requests: after a push to a new branch, ask to merge it into the branch it came from."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .echo import shown
from .errors import GitHubError, InvalidRequestError
from .github import GitHubClient, parse_repo

#: GitHub's limit on a pull request title.
MAX_TITLE = 256


def title_and_body(message: str | None, head: str) -> tuple[str, str]:
    """A title (the commit message's first line) and body (the rest), as GitHub prefills them."""
    text = (message or "").strip()
    if not text:
        return head, ""
    first, _, rest = text.partition("\n")
    return first.strip()[:MAX_TITLE], rest.strip()


def create_pull_request(
    client: GitHubClient,
    full_name: str,
    *,
    head: str,
    base: str,
    title: str | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """Open a pull request of ``head`` into ``base``: ``{"number", "url", "head", "base"}``.

    A write, so never retried: a lost answer says where to look.
    """
    owner, name = parse_repo(full_name)
    head, base = (head or "").strip(), (base or "").strip()
    if not head or not base:
        raise InvalidRequestError("Name both the branch to merge (head) and its base.")
    if head == base:
        raise InvalidRequestError("A pull request needs two different branches.")
    what = f"a pull request of '{shown(head)}' into '{shown(base)}' in {owner}/{name}"
    payload: dict[str, Any] = {"head": head, "base": base, "title": (title or head)[:MAX_TITLE]}
    if body:
        payload["body"] = body
    resp = client.request(
        "POST",
        f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}/pulls",
        body=payload,
        what=what,
        check=f"the pull requests of {owner}/{name}",
    )
    data = resp.json()
    number = data.get("number") if isinstance(data, dict) else None
    url = data.get("html_url") if isinstance(data, dict) else None
    if not isinstance(number, int) or not isinstance(url, str):
        raise GitHubError(
            f"GitHub's answer to {what} was not understood; look at the pull requests of "
            f"{owner}/{name}.",
            code="github_bad_response",
            status=502,
        )
    return {"number": number, "url": url, "head": head, "base": base}
