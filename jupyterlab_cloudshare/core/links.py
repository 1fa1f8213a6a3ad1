"""Launch links and badges for a notebook published on GitHub or in a gist.

Pure functions: no I/O, no environment reads (callers pass what they know).
Each platform's URL form and where it is documented: ``docs/links.md``.

Encoding rules, kept the same for every platform:

* in a URL *path*, each segment of a repository path or ref is
  percent-encoded on its own and the ``/`` between segments is kept
  (``feat/x`` stays ``feat/x``, ``a b#1.ipynb`` becomes ``a%20b%231.ipynb``);
* a *query value* is percent-encoded whole, ``/`` included, unless the
  platform documents a readable form (noted per builder).
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from .errors import InvalidRequestError

COLAB_URL = "https://colab.research.google.com"
GITHUB_COM = "github.com"

#: Every target, in the default order offered.
TARGETS = (
    "colab",
    "binder",
    "kaggle",
    "studiolab",
    "deepnote",
    "nbviewer",
    "vscode",
    "codespaces",
    "cocalc",
    "vertex",
    "nbgitpuller",
)

#: Targets that can open a gist (the others need a repository).
GIST_TARGETS = ("colab", "nbviewer")


# ---- encoding helpers ------------------------------------------------------
def _seg(value: str) -> str:
    """One URL path segment, percent-encoded ('/' included)."""
    return quote(value, safe="")


def _segs(value: str) -> str:
    """A slash-separated path, each segment percent-encoded, '/' kept between them."""
    return "/".join(_seg(part) for part in value.strip("/").split("/"))


def _qv(value: str) -> str:
    """A whole query value, percent-encoded ('/' included)."""
    return quote(value, safe="")


# ---- Colab (used by the push and gist code too) ----------------------------
def colab_github_url(owner: str, repo: str, ref: str, path: str) -> str:
    """The Colab URL opening ``path`` of ``owner/repo`` at ``ref`` on github.com."""
    return f"{COLAB_URL}/github/{_seg(owner)}/{_seg(repo)}/blob/{_segs(ref)}/{_segs(path)}"


def colab_gist_url(owner: str, gist_id: str, filename: str | None = None) -> str:
    """The Colab URL opening a gist (optionally one file of it)."""
    url = f"{COLAB_URL}/gist/{_seg(owner)}/{_seg(gist_id)}"
    if filename:
        url += f"/{_seg(filename)}"
    return url


# ---- locations -------------------------------------------------------------
@dataclass(frozen=True)
class GitHubLocation:
    """A file in a GitHub (or GitHub Enterprise) repository at a branch and/or commit."""

    owner: str
    repo: str
    path: str
    branch: str | None
    commit: str | None
    host: str = GITHUB_COM
    web_url: str = "https://github.com"

    def ref(self, pin_commit: bool = False) -> str:
        """The git ref links use: the commit when pinned (and known), else the branch."""
        if pin_commit and self.commit:
            return self.commit
        if self.branch:
            return self.branch
        if self.commit:
            return self.commit
        raise InvalidRequestError(f"No branch or commit is known for '{self.path}'; push it first.")

    @property
    def on_github_com(self) -> bool:
        """Whether the repository is on github.com (not an Enterprise server)."""
        return self.host.lower() == GITHUB_COM

    def to_json(self) -> dict[str, Any]:
        """The location as the HTTP API reports it."""
        return {
            "owner": self.owner,
            "repo": self.repo,
            "path": self.path,
            "branch": self.branch,
            "commit": self.commit,
            "host": self.host,
            "webUrl": self.web_url,
        }


@dataclass(frozen=True)
class GistLocation:
    """A gist (optionally one file of it)."""

    owner: str
    gist_id: str
    filename: str | None = None


@dataclass(frozen=True)
class Link:
    """One launch link with its badge."""

    target: str
    label: str
    url: str
    badge_markdown: str | None
    badge_html: str | None

    def to_json(self) -> dict[str, Any]:
        """The link as the CLI and HTTP API report it (snake_case keys)."""
        return {
            "target": self.target,
            "label": self.label,
            "url": self.url,
            "badge_markdown": self.badge_markdown,
            "badge_html": self.badge_html,
        }


# ---- plain GitHub URLs -----------------------------------------------------
def _repo_web(loc: GitHubLocation) -> str:
    return f"{loc.web_url.rstrip('/')}/{_seg(loc.owner)}/{_seg(loc.repo)}"


def _blob_path(loc: GitHubLocation, pin_commit: bool) -> str:
    """GitHub's path of the file, ``{owner}/{repo}/blob/{ref}/{path}``, which several
    platforms take as is after a prefix of their own.
    """
    return f"{_seg(loc.owner)}/{_seg(loc.repo)}/blob/{_segs(loc.ref(pin_commit))}/{_segs(loc.path)}"


def blob_url(loc: GitHubLocation, pin_commit: bool = False) -> str:
    """The file's page on GitHub: ``{web}/{owner}/{repo}/blob/{ref}/{path}``."""
    return f"{loc.web_url.rstrip('/')}/{_blob_path(loc, pin_commit)}"


def raw_url(loc: GitHubLocation, pin_commit: bool = False) -> str:
    """The file's raw content (raw.githubusercontent.com; ``{web}/.../raw/...`` on Enterprise)."""
    ref, path = _segs(loc.ref(pin_commit)), _segs(loc.path)
    if loc.on_github_com:
        return f"https://raw.githubusercontent.com/{_seg(loc.owner)}/{_seg(loc.repo)}/{ref}/{path}"
    return f"{_repo_web(loc)}/raw/{ref}/{path}"


def clone_url(loc: GitHubLocation) -> str:
    """The https clone URL of the repository."""
    return f"{_repo_web(loc)}.git"


# ---- badges ----------------------------------------------------------------
def _badge(url: str, image: str | None, alt: str) -> tuple[str | None, str | None]:
    if image is None:
        return None, None
    markdown = f"[![{alt}]({image})]({url})"
    tag = (
        f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">'
        f'<img src="{html.escape(image, quote=True)}" alt="{html.escape(alt, quote=True)}"/></a>'
    )
    return markdown, tag


def _shield(text: str, color: str, logo: str) -> str:
    """A shields.io static badge, for platforms without an official one."""
    label = text.replace("-", "--").replace("_", "__").replace(" ", "_")
    return f"https://img.shields.io/badge/{quote(label, safe='')}-{color}?logo={logo}"


@dataclass(frozen=True)
class _Target:
    label: str
    alt: str
    badge: str | None
    github_com_only: bool


_TARGETS: dict[str, _Target] = {
    "colab": _Target(
        "Colab",
        "Open In Colab",
        "https://colab.research.google.com/assets/colab-badge.svg",
        True,
    ),
    "binder": _Target("Binder", "Launch Binder", "https://mybinder.org/badge_logo.svg", True),
    "kaggle": _Target(
        "Kaggle",
        "Open In Kaggle",
        "https://kaggle.com/static/images/open-in-kaggle.svg",
        True,
    ),
    "studiolab": _Target(
        "SageMaker Studio Lab",
        "Open In SageMaker Studio Lab",
        "https://studiolab.sagemaker.aws/studiolab.svg",
        True,
    ),
    "deepnote": _Target(
        "Deepnote",
        "Launch in Deepnote",
        "https://deepnote.com/buttons/launch-in-deepnote-small.svg",
        True,
    ),
    "nbviewer": _Target(
        "nbviewer",
        "View on nbviewer",
        "https://raw.githubusercontent.com/jupyter/design/master/logos/Badges/nbviewer_badge.svg",
        True,
    ),
    "vscode": _Target(
        "vscode.dev",
        "Open in vscode.dev",
        _shield("Open in vscode.dev", "blue", "visualstudiocode"),
        True,
    ),
    "codespaces": _Target(
        "GitHub Codespaces",
        "Open in GitHub Codespaces",
        "https://github.com/codespaces/badge.svg",
        True,
    ),
    "cocalc": _Target(
        "CoCalc", "Open in CoCalc", _shield("Open in CoCalc", "orange", "jupyter"), True
    ),
    "vertex": _Target(
        "Vertex AI Workbench",
        "Open in Vertex AI Workbench",
        _shield("Open in Vertex AI Workbench", "4285F4", "googlecloud"),
        True,
    ),
    "nbgitpuller": _Target(
        "JupyterHub (nbgitpuller)",
        "Open in JupyterHub",
        _shield("Open in JupyterHub", "F37626", "jupyter"),
        False,
    ),
}


def target_label(target: str) -> str:
    """The human name of a target (e.g. 'SageMaker Studio Lab')."""
    return _TARGETS[target].label if target in _TARGETS else target


# ---- one builder per target ------------------------------------------------
def _binder(loc: GitHubLocation, pin: bool, binder_url: str) -> str:
    # BinderHub's gh spec is <user>/<repo>/<ref>: a ref with '/' must be
    # escaped whole so it stays one spec part (BinderHub unquotes it).
    base = binder_url.rstrip("/")
    ref = _seg(loc.ref(pin))
    return f"{base}/v2/gh/{_seg(loc.owner)}/{_seg(loc.repo)}/{ref}?labpath={_qv(loc.path)}"


def _kaggle(loc: GitHubLocation, pin: bool) -> str:
    # Kaggle documents the readable form ?src=https://github.com/...; ':' and
    # '/' stay readable, everything else (already-encoded '%', '?', '#', '&')
    # is escaped so the value round-trips.
    return f"https://kaggle.com/kernels/welcome?src={quote(blob_url(loc, pin), safe=':/')}"


def _studiolab(loc: GitHubLocation, pin: bool) -> str:
    return f"https://studiolab.sagemaker.aws/import/github/{_blob_path(loc, pin)}"


def _deepnote(loc: GitHubLocation, pin: bool) -> str:
    return f"https://deepnote.com/launch?url={_qv(blob_url(loc, pin))}"


def _nbviewer(loc: GitHubLocation, pin: bool) -> str:
    return f"https://nbviewer.org/github/{_blob_path(loc, pin)}"


def _vscode(loc: GitHubLocation, pin: bool) -> str:
    return f"https://vscode.dev/github/{_blob_path(loc, pin)}"


def _codespaces(loc: GitHubLocation, pin: bool) -> str:
    # Codespaces opens a repository on a branch, not a file or a commit.
    url = f"https://codespaces.new/{_seg(loc.owner)}/{_seg(loc.repo)}"
    if loc.branch:
        url += f"/tree/{_segs(loc.branch)}"
    return url + "?quickstart=1"


def _cocalc(loc: GitHubLocation, pin: bool) -> str:
    return f"https://cocalc.com/github/{_blob_path(loc, pin)}"


def _vertex(loc: GitHubLocation, pin: bool) -> str:
    return (
        "https://console.cloud.google.com/vertex-ai/workbench/deploy-notebook"
        f"?download_url={_qv(raw_url(loc, pin))}"
    )


def _nbgitpuller(loc: GitHubLocation, pin: bool, hub_url: str) -> str:
    # nbgitpuller pulls a branch (it cannot check out a commit). urlpath is a
    # path on the user's server: its segments are path-encoded first, then
    # the whole value is a query value; '?autodecode' is what the nbgitpuller
    # docs add for JupyterLab.
    branch = loc.branch or loc.ref(pin)
    urlpath = f"lab/tree/{_seg(loc.repo)}/{_segs(loc.path)}?autodecode"
    return (
        f"{normalize_hub_url(hub_url)}/hub/user-redirect/git-pull"
        f"?repo={_qv(clone_url(loc))}&branch={_qv(branch)}&urlpath={_qv(urlpath)}"
    )


_SIMPLE: dict[str, Callable[[GitHubLocation, bool], str]] = {
    "colab": lambda loc, pin: colab_github_url(loc.owner, loc.repo, loc.ref(pin), loc.path),
    "kaggle": _kaggle,
    "studiolab": _studiolab,
    "deepnote": _deepnote,
    "nbviewer": _nbviewer,
    "vscode": _vscode,
    "codespaces": _codespaces,
    "cocalc": _cocalc,
    "vertex": _vertex,
}


def _check_target(target: str) -> _Target:
    spec = _TARGETS.get(target)
    if spec is None:
        raise InvalidRequestError(
            f"Unknown link target '{target}'; choose among {', '.join(TARGETS)}."
        )
    return spec


def unavailable_reason(
    location: GitHubLocation, target: str, *, hub_url: str | None = None
) -> str | None:
    """Why ``target`` cannot open ``location`` (``None`` when it can)."""
    spec = _check_target(target)
    if spec.github_com_only and not location.on_github_com:
        return f"{spec.label} opens only repositories on github.com, not on {location.host}."
    if target == "nbgitpuller" and not hub_url:
        return "No JupyterHub is configured or detected for nbgitpuller links."
    return None


def build_link(
    location: GitHubLocation,
    target: str,
    *,
    binder_url: str = "https://mybinder.org",
    hub_url: str | None = None,
    pin_commit: bool = False,
) -> Link:
    """One target's link and badge; raises InvalidRequestError if the target cannot open it."""
    spec = _check_target(target)
    reason = unavailable_reason(location, target, hub_url=hub_url)
    if reason:
        raise InvalidRequestError(reason, code="link_unavailable")
    if target == "binder":
        url = _binder(location, pin_commit, binder_url)
    elif target == "nbgitpuller":
        url = _nbgitpuller(location, pin_commit, hub_url or "")
    else:
        url = _SIMPLE[target](location, pin_commit)
    markdown, tag = _badge(url, spec.badge, spec.alt)
    return Link(target, spec.label, url, markdown, tag)


def build_links(
    location: GitHubLocation,
    targets: Sequence[str],
    *,
    binder_url: str = "https://mybinder.org",
    hub_url: str | None = None,
    pin_commit: bool = False,
) -> list[Link]:
    """The links of ``targets`` (in that order) that can open ``location``; others are omitted."""
    links: list[Link] = []
    for target in dict.fromkeys(targets):
        if unavailable_reason(location, target, hub_url=hub_url) is None:
            links.append(
                build_link(
                    location,
                    target,
                    binder_url=binder_url,
                    hub_url=hub_url,
                    pin_commit=pin_commit,
                )
            )
    return links


def skipped_targets(
    location: GitHubLocation, targets: Sequence[str], *, hub_url: str | None = None
) -> list[dict[str, str]]:
    """The targets :func:`build_links` omits, each with the reason."""
    skipped = []
    for target in dict.fromkeys(targets):
        reason = unavailable_reason(location, target, hub_url=hub_url)
        if reason:
            skipped.append({"target": target, "reason": reason})
    return skipped


def build_gist_links(gist: GistLocation, targets: Sequence[str]) -> list[Link]:
    """Links opening a gist, for the targets among ``targets`` that can (Colab, nbviewer)."""
    links = []
    for target in dict.fromkeys(targets):
        spec = _check_target(target)
        if target == "colab":
            url = colab_gist_url(gist.owner, gist.gist_id, gist.filename)
        elif target == "nbviewer":
            url = f"https://nbviewer.org/gist/{_seg(gist.owner)}/{_seg(gist.gist_id)}"
        else:
            continue
        markdown, tag = _badge(url, spec.badge, spec.alt)
        links.append(Link(target, spec.label, url, markdown, tag))
    return links


# ---- hub URL ---------------------------------------------------------------
def normalize_hub_url(url: str) -> str:
    """A JupyterHub's base URL without a trailing '/' or '/hub' (``https://hub.example.org``)."""
    base = url.strip().rstrip("/")
    if base.endswith("/hub"):
        base = base[: -len("/hub")]
    return base


def hub_url_from_env(env: Mapping[str, str]) -> str | None:
    """The public base URL of the hub this server runs under, from JupyterHub's variables."""
    hub = env.get("JUPYTERHUB_PUBLIC_HUB_URL", "").strip()
    if hub:
        return normalize_hub_url(hub)
    public = env.get("JUPYTERHUB_PUBLIC_URL", "").strip()
    if not public:
        return None
    parts = urlsplit(public)
    path = parts.path
    # The single-user server's URL is <hub base>/user/<name>/: keep the base.
    marker = path.find("/user/")
    if marker >= 0:
        path = path[:marker]
    return normalize_hub_url(f"{parts.scheme}://{parts.netloc}{path}")


# ---- the badge cell --------------------------------------------------------
#: How badge cells are written: ``image`` badges (each loads a picture from an outside host)
#: or ``text`` links (plain Markdown links, which load nothing).
BADGE_FORMS = ("image", "text")


def badge_image_hosts(links: Sequence[Link]) -> list[str]:
    """The hosts an image badge cell of ``links`` loads its pictures from, sorted."""
    hosts = set()
    for link in links:
        if link.badge_markdown:
            image = link.badge_markdown.rsplit("](", 2)[1].split(")", 1)[0]
            hosts.add(urlsplit(image).hostname or "")
    return sorted(h for h in hosts if h)


def badge_cell(
    links: Sequence[Link], *, cell_id: str | None = None, form: str = "image"
) -> dict[str, Any]:
    """A markdown cell (nbformat 4.5) holding the links' badges, marked as cloudshare's.

    ``form="text"`` writes plain Markdown links (``[Open in Colab](url)``),
    which load nothing from outside hosts when the notebook is shown.
    """
    if form not in BADGE_FORMS:
        raise ValueError(f"badge form must be one of {BADGE_FORMS}, not {form!r}")
    if form == "text":
        parts = [f"[Open in {link.label}](<{link.url}>)" for link in links]
    else:
        parts = [link.badge_markdown for link in links if link.badge_markdown]
    return {
        "cell_type": "markdown",
        "id": cell_id or uuid.uuid4().hex[:12],
        "metadata": {"cloudshare": {"badges": True, "form": form}},
        "source": (" · " if form == "text" else " ").join(parts),
    }
