"""Where a pasted URL points on GitHub: pure parsing, no network.

Understood forms (``http``/``https``, with or without the scheme, ``www.``
ignored, ``?query`` and ``#fragment`` ignored, path segments percent-decoded):

* ``github.com/{owner}/{repo}/blob|raw/{ref}/{path}``
* ``raw.githubusercontent.com/{owner}/{repo}/{ref}/{path}`` (also ``.../refs/heads/{ref}/...``)
* ``colab.research.google.com/github/{owner}/{repo}/blob/{ref}/{path}``
* ``nbviewer.org/github/{owner}/{repo}/blob/{ref}/{path}`` (and ``nbviewer.jupyter.org``)
* ``gist.github.com/{user}/{id}[/{revision}]``, ``gist.github.com/{id}``
* ``colab.research.google.com/gist/{user}/{id}[/{file}]``, ``nbviewer.org/gist/[{user}/]{id}``
* any other host, taken as GitHub Enterprise Server:
  ``https://HOST/{owner}/{repo}/blob|raw/{ref}/{path}`` and ``https://HOST/gist/{user}/{id}``

``{ref}`` may hold slashes (``feature/x``): a repository URL keeps its ref and
path together (:attr:`RepoURL.rest`) until :func:`split_ref` is given the
branch names that start with its first segment (one ``matching-refs`` call,
made only when :func:`ref_candidates` says it is needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .echo import shown
from .errors import InvalidRequestError

#: Hosts of github.com's own web pages.
GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
RAW_HOSTS = frozenset({"raw.githubusercontent.com"})
GIST_HOSTS = frozenset({"gist.github.com"})
COLAB_HOSTS = frozenset({"colab.research.google.com"})
NBVIEWER_HOSTS = frozenset({"nbviewer.org", "nbviewer.jupyter.org", "www.nbviewer.org"})
PUBLIC_WEB_URL = "https://github.com"

_SHA = re.compile(r"[0-9a-fA-F]{40}")
_GIST_ID = re.compile(r"[0-9a-zA-Z]{1,64}")
#: GitHub owner names: letters, digits, single hyphens (Enterprise allows '_' too).
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,99})")
_REPO = re.compile(r"[A-Za-z0-9_.-]{1,100}")
MAX_URL = 8192

USAGE = (
    "Paste a link to a notebook on GitHub (github.com/OWNER/REPO/blob/BRANCH/PATH), "
    "raw.githubusercontent.com, Colab, nbviewer or a gist."
)


@dataclass(frozen=True)
class RepoURL:
    """A file in a repository; the ref and path are still joined in ``rest``.

    ``web_url`` is the web root (``https://github.com`` or an Enterprise
    ``https://HOST``); ``explicit_ref`` is set when the URL spelled the ref as
    ``refs/heads/...``/``refs/tags/...``, whose prefix is then in ``ref_kind``.
    """

    web_url: str
    owner: str
    repo: str
    rest: tuple[str, ...]
    ref_kind: str = "heads"

    @property
    def enterprise(self) -> bool:
        return self.web_url != PUBLIC_WEB_URL


@dataclass(frozen=True)
class GistURL:
    """A gist, perhaps at one revision and/or naming one of its files."""

    web_url: str
    gist_id: str
    user: str | None = None
    revision: str | None = None
    filename: str | None = None

    @property
    def enterprise(self) -> bool:
        return self.web_url != PUBLIC_WEB_URL


def _bad(url: str, why: str = "") -> InvalidRequestError:
    text = f"'{shown(url, 200)}' is not a link to a notebook on GitHub"
    return InvalidRequestError(f"{text}{': ' + why if why else ''}. {USAGE}", code="bad_url")


def _segments(path: str, url: str) -> list[str]:
    parts = [p for p in path.split("/") if p != ""]
    out = []
    for part in parts:
        text = unquote(part, errors="strict") if "%" in part else part
        if text in (".", "..") or "\x00" in text or "/" in text or "\\" in text:
            raise _bad(url, "it holds a path segment no file can have")
        out.append(text)
    return out


def _repo_parts(segs: list[str], url: str, web_url: str, *, blob: bool = True) -> RepoURL:
    """``{owner}/{repo}/blob/{ref}/{path...}`` (or without ``blob`` for raw hosts)."""
    if len(segs) < 2:
        raise _bad(url, "it names no repository")
    owner, repo = segs[0], segs[1]
    if not _OWNER.fullmatch(owner) or not _REPO.fullmatch(repo):
        raise _bad(url, "it names no repository")
    rest = segs[2:]
    if blob:
        if not rest:
            raise _bad(url, "it is a repository, not a notebook in it")
        if rest[0] not in ("blob", "raw"):
            what = "a folder" if rest[0] == "tree" else f"a '{shown(rest[0], 40)}' page"
            raise _bad(url, f"it is {what}, not a file")
        rest = rest[1:]
    kind = "heads"
    if len(rest) >= 3 and rest[0] == "refs" and rest[1] in ("heads", "tags"):
        kind, rest = rest[1], rest[2:]
    if len(rest) < 2:
        raise _bad(url, "it names no file after the branch")
    return RepoURL(web_url, owner, repo, tuple(rest), kind)


def _gist_parts(segs: list[str], url: str, web_url: str, *, colab: bool = False) -> GistURL:
    """``[{user}/]{id}[/{revision or file}]``."""
    if not segs:
        raise _bad(url, "it names no gist")
    if len(segs) == 1:
        user, gist_id, extra = None, segs[0], []
    else:
        user, gist_id, extra = segs[0], segs[1], segs[2:]
    if not _GIST_ID.fullmatch(gist_id):
        raise _bad(url, "it names no gist")
    revision = filename = None
    if extra and extra[0] == "raw":
        extra = extra[1:]  # gist.githubusercontent.com/{user}/{id}/raw/{revision}/{file}
    if extra and _SHA.fullmatch(extra[0]) and not colab:
        revision, extra = extra[0].lower(), extra[1:]
    if extra:
        filename = extra[0]
        if len(extra) > 1:
            raise _bad(url, "it has more after the gist than a file name")
    return GistURL(web_url, gist_id, user, revision, filename)


def parse_github_url(url: str) -> RepoURL | GistURL:
    """What a pasted URL points at; :class:`InvalidRequestError` (``bad_url``) otherwise."""
    text = (url or "").strip()
    if not text:
        raise InvalidRequestError(f"No URL given. {USAGE}", code="bad_url")
    if len(text) > MAX_URL or any(ord(c) < 32 or c == "\x7f" for c in text):
        raise _bad(text, "it is not a URL")
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise _bad(url, "it is not a URL") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise _bad(url, "it is not a web address")
    if parts.username or parts.password:
        raise _bad(url, "it carries a user name or password")
    try:
        segs = _segments(parts.path, url)
    except UnicodeDecodeError:
        raise _bad(url, "its percent-encoding is not UTF-8") from None

    if host in GITHUB_HOSTS:
        return _repo_parts(segs, url, PUBLIC_WEB_URL)
    if host in RAW_HOSTS:
        return _repo_parts(segs, url, PUBLIC_WEB_URL, blob=False)
    if host in GIST_HOSTS or host == "gist.githubusercontent.com":
        return _gist_parts(segs, url, PUBLIC_WEB_URL)
    if host in COLAB_HOSTS or host in NBVIEWER_HOSTS:
        colab = host in COLAB_HOSTS
        if segs and segs[0] == "github":
            return _repo_parts(segs[1:], url, PUBLIC_WEB_URL)
        if segs and segs[0] == "gist":
            return _gist_parts(segs[1:], url, PUBLIC_WEB_URL, colab=colab)
        where = "Colab" if colab else "nbviewer"
        raise _bad(url, f"this {where} link does not open a notebook from GitHub")
    # Any other host: a GitHub Enterprise Server's web pages.
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    web_url = f"{parts.scheme.lower()}://{netloc}"
    if segs and segs[0] == "gist":
        return _gist_parts(segs[1:], url, web_url)
    return _repo_parts(segs, url, web_url)


def api_url_for(location: RepoURL | GistURL, configured_api_url: str) -> str:
    """The API root to ask about ``location``.

    The configured root when it serves the URL's host (github.com and
    api.github.com, or an Enterprise host the server is set up for);
    ``https://HOST/api/v3`` for another Enterprise host; api.github.com for a
    github.com URL when the server is set up for an Enterprise server.
    """
    from .settings import is_enterprise, web_url_for_api

    configured = configured_api_url.rstrip("/")
    if web_url_for_api(configured).lower() == location.web_url.lower():
        return configured
    if not location.enterprise:
        # A github.com-style root that is not api.github.com (a proxy, a test stand-in)
        # serves github.com URLs; an Enterprise root does not.
        return "https://api.github.com" if is_enterprise(configured) else configured
    return f"{location.web_url}/api/v3"


def ref_candidates(location: RepoURL) -> str | None:
    """The prefix to list matching branches (or tags) with, or ``None`` when there is no doubt.

    There is no doubt when the first segment is a commit sha, or when only
    one segment follows it (which must then be the file).
    """
    first = location.rest[0]
    if len(location.rest) == 2 or _SHA.fullmatch(first):
        return None
    return f"{location.ref_kind}/{first}"


def split_ref(location: RepoURL, refs: list[str] | None) -> tuple[str, str]:
    """``(ref, path)`` of a repository URL.

    ``refs`` are the full ref names (``refs/heads/...``) GitHub listed for
    :func:`ref_candidates`' prefix (``None``: not asked). The longest one that
    leaves a file path wins; without a match the first segment is the ref.
    """
    rest = location.rest
    best = 1
    prefix = f"refs/{location.ref_kind}/"
    names = {r[len(prefix) :] for r in refs or [] if r.startswith(prefix)}
    for n in range(len(rest) - 1, 0, -1):
        if "/".join(rest[:n]) in names:
            best = n
            break
    return "/".join(rest[:best]), "/".join(rest[best:])
