"""core.links: each platform's URL form, encoding, Enterprise rules, badges."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from jupyterlab_cloudshare.core.errors import InvalidRequestError
from jupyterlab_cloudshare.core.links import (
    TARGETS,
    GistLocation,
    GitHubLocation,
    badge_cell,
    badge_image_hosts,
    blob_url,
    build_gist_links,
    build_link,
    build_links,
    colab_gist_url,
    colab_github_url,
    hub_url_from_env,
    raw_url,
    skipped_targets,
    unavailable_reason,
)

SHA = "0123456789abcdef0123456789abcdef01234567"
HUB = "https://hub.example.org"


def loc(path: str = "nb.ipynb", branch: str | None = "main", **kw: str) -> GitHubLocation:
    return GitHubLocation("octo", "demo", path, branch, kw.pop("commit", SHA), **kw)


def link(target: str, location: GitHubLocation, pin: bool = False) -> str:
    return build_link(location, target, hub_url=HUB, pin_commit=pin).url


# ---- the two functions other modules import --------------------------------
@pytest.mark.parametrize(
    ("ref", "path", "expected"),
    [
        ("main", "nb.ipynb", "github/o/r/blob/main/nb.ipynb"),
        ("feature/x", "a/b/nb.ipynb", "github/o/r/blob/feature/x/a/b/nb.ipynb"),
        ("main", "my nb.ipynb", "github/o/r/blob/main/my%20nb.ipynb"),
        ("main", "é/ü.ipynb", "github/o/r/blob/main/%C3%A9/%C3%BC.ipynb"),
        ("main", "a#1?.ipynb", "github/o/r/blob/main/a%231%3F.ipynb"),
        ("main", "100%&+.ipynb", "github/o/r/blob/main/100%25%26%2B.ipynb"),
        (SHA, "nb.ipynb", f"github/o/r/blob/{SHA}/nb.ipynb"),
    ],
)
def test_colab_github_url(ref: str, path: str, expected: str) -> None:
    assert colab_github_url("o", "r", ref, path) == f"https://colab.research.google.com/{expected}"


def test_colab_gist_url_with_and_without_file() -> None:
    base = "https://colab.research.google.com/gist/octo/abc123"
    assert colab_gist_url("octo", "abc123") == base
    assert colab_gist_url("octo", "abc123", "my nb.ipynb") == f"{base}/my%20nb.ipynb"


# ---- every target, path-style URLs -----------------------------------------
PATH_STYLE = {
    "colab": "https://colab.research.google.com/github/octo/demo/blob/{ref}/{path}",
    "studiolab": "https://studiolab.sagemaker.aws/import/github/octo/demo/blob/{ref}/{path}",
    "nbviewer": "https://nbviewer.org/github/octo/demo/blob/{ref}/{path}",
    "vscode": "https://vscode.dev/github/octo/demo/blob/{ref}/{path}",
    "cocalc": "https://cocalc.com/github/octo/demo/blob/{ref}/{path}",
}

CASES = [
    # (path, branch, encoded path, encoded branch)
    ("nb.ipynb", "main", "nb.ipynb", "main"),
    ("deep/er/nb.ipynb", "main", "deep/er/nb.ipynb", "main"),
    ("my notebook.ipynb", "main", "my%20notebook.ipynb", "main"),
    ("données/ü.ipynb", "main", "donn%C3%A9es/%C3%BC.ipynb", "main"),
    ("a#b?c.ipynb", "main", "a%23b%3Fc.ipynb", "main"),
    ("50%+&.ipynb", "main", "50%25%2B%26.ipynb", "main"),
    ("nb.ipynb", "feature/x y", "nb.ipynb", "feature/x%20y"),
]


@pytest.mark.parametrize("target", sorted(PATH_STYLE))
@pytest.mark.parametrize(("path", "branch", "epath", "ebranch"), CASES)
def test_path_style_targets(target: str, path: str, branch: str, epath: str, ebranch: str) -> None:
    url = link(target, loc(path, branch))
    assert url == PATH_STYLE[target].format(ref=ebranch, path=epath)
    # Decoding each segment gives back the original path.
    tail = urlsplit(url).path.split(f"/blob/{ebranch}/", 1)[1]
    assert "/".join(unquote(s) for s in tail.split("/")) == path


@pytest.mark.parametrize("target", sorted(PATH_STYLE))
def test_pin_commit_uses_the_sha(target: str) -> None:
    assert f"/blob/{SHA}/" in link(target, loc(), pin=True)
    assert "/blob/main/" in link(target, loc(), pin=False)


def test_pin_without_known_commit_falls_back_to_branch() -> None:
    location = GitHubLocation("octo", "demo", "nb.ipynb", "main", None)
    assert "/blob/main/" in link("colab", location, pin=True)


def test_ref_without_branch_or_commit_is_a_clear_error() -> None:
    location = GitHubLocation("octo", "demo", "nb.ipynb", None, None)
    with pytest.raises(InvalidRequestError, match="push it first"):
        link("colab", location)


# ---- query-style targets ----------------------------------------------------
@pytest.mark.parametrize(("path", "branch", "epath", "ebranch"), CASES)
def test_binder(path: str, branch: str, epath: str, ebranch: str) -> None:
    url = link("binder", loc(path, branch))
    parts = urlsplit(url)
    # The ref is one spec part: its '/' escaped.
    assert parts.path == f"/v2/gh/octo/demo/{ebranch.replace('/', '%2F')}"
    assert parse_qs(parts.query) == {"labpath": [path]}
    assert "/" not in parts.query.split("=", 1)[1]


def test_binder_custom_hub_and_pin() -> None:
    url = build_link(loc(), "binder", binder_url="https://binder.example.org/", pin_commit=True).url
    assert url == f"https://binder.example.org/v2/gh/octo/demo/{SHA}?labpath=nb.ipynb"


@pytest.mark.parametrize(("path", "branch", "epath", "ebranch"), CASES)
def test_kaggle_src_round_trips_to_the_blob_url(
    path: str, branch: str, epath: str, ebranch: str
) -> None:
    url = link("kaggle", loc(path, branch))
    assert url.startswith("https://kaggle.com/kernels/welcome?src=https://github.com/octo/demo/")
    (src,) = parse_qs(urlsplit(url).query)["src"]
    assert src == f"https://github.com/octo/demo/blob/{ebranch}/{epath}"


@pytest.mark.parametrize(("path", "branch", "epath", "ebranch"), CASES)
def test_deepnote_url_is_the_encoded_blob_url(
    path: str, branch: str, epath: str, ebranch: str
) -> None:
    url = link("deepnote", loc(path, branch))
    assert url.startswith("https://deepnote.com/launch?url=https%3A%2F%2Fgithub.com%2F")
    (value,) = parse_qs(urlsplit(url).query)["url"]
    assert value == f"https://github.com/octo/demo/blob/{ebranch}/{epath}"


@pytest.mark.parametrize(("path", "branch", "epath", "ebranch"), CASES)
def test_vertex_downloads_the_raw_url(path: str, branch: str, epath: str, ebranch: str) -> None:
    url = link("vertex", loc(path, branch), pin=True)
    assert url.startswith(
        "https://console.cloud.google.com/vertex-ai/workbench/deploy-notebook?download_url="
    )
    (value,) = parse_qs(urlsplit(url).query)["download_url"]
    assert value == f"https://raw.githubusercontent.com/octo/demo/{SHA}/{epath}"


@pytest.mark.parametrize(
    ("branch", "expected"),
    [
        ("main", "https://codespaces.new/octo/demo/tree/main?quickstart=1"),
        ("feature/x", "https://codespaces.new/octo/demo/tree/feature/x?quickstart=1"),
        (None, "https://codespaces.new/octo/demo?quickstart=1"),
    ],
)
def test_codespaces(branch: str | None, expected: str) -> None:
    assert link("codespaces", loc(branch=branch)) == expected
    # A commit cannot be opened: pinning keeps the branch form.
    assert link("codespaces", loc(branch=branch), pin=True) == expected


@pytest.mark.parametrize(("path", "branch", "epath", "ebranch"), CASES)
def test_nbgitpuller(path: str, branch: str, epath: str, ebranch: str) -> None:
    url = link("nbgitpuller", loc(path, branch))
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://hub.example.org/hub/user-redirect/git-pull"
    )
    query = parse_qs(parts.query)
    assert query["repo"] == ["https://github.com/octo/demo.git"]
    assert query["branch"] == [branch]
    assert query["urlpath"] == [f"lab/tree/demo/{epath}?autodecode"]
    # Every value is escaped whole: no raw '/' or '&' inside the query values.
    assert parts.query.count("&") == 2
    assert "/" not in parts.query


def test_nbgitpuller_needs_a_hub() -> None:
    assert [x.target for x in build_links(loc(), ["nbgitpuller", "colab"])] == ["colab"]
    reason = unavailable_reason(loc(), "nbgitpuller")
    assert reason and "JupyterHub" in reason


@pytest.mark.parametrize(
    ("hub", "expected"),
    [
        ("https://hub.example.org", "https://hub.example.org"),
        ("https://hub.example.org/", "https://hub.example.org"),
        ("https://hub.example.org/hub/", "https://hub.example.org"),
        ("https://example.org/jupyter/hub", "https://example.org/jupyter"),
    ],
)
def test_hub_url_forms(hub: str, expected: str) -> None:
    url = build_link(loc(), "nbgitpuller", hub_url=hub).url
    assert url.startswith(f"{expected}/hub/user-redirect/git-pull?")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"JUPYTERHUB_PUBLIC_HUB_URL": "https://hub.example.org/hub/"}, "https://hub.example.org"),
        (
            {"JUPYTERHUB_PUBLIC_URL": "https://example.org/jh/user/ann/"},
            "https://example.org/jh",
        ),
        (
            {
                "JUPYTERHUB_PUBLIC_HUB_URL": "https://a.example.org/hub/",
                "JUPYTERHUB_PUBLIC_URL": "https://b.example.org/user/ann/",
            },
            "https://a.example.org",
        ),
    ],
)
def test_hub_url_from_env(env: dict[str, str], expected: str | None) -> None:
    assert hub_url_from_env(env) == expected


# ---- helpers, Enterprise ----------------------------------------------------
def test_blob_and_raw_urls_on_github_com() -> None:
    location = loc("a b/nb.ipynb", "feature/x")
    assert blob_url(location) == "https://github.com/octo/demo/blob/feature/x/a%20b/nb.ipynb"
    assert raw_url(location, pin_commit=True) == (
        f"https://raw.githubusercontent.com/octo/demo/{SHA}/a%20b/nb.ipynb"
    )


def test_enterprise_urls_and_targets() -> None:
    location = loc(host="ghe.example.org", web_url="https://ghe.example.org")
    assert blob_url(location) == "https://ghe.example.org/octo/demo/blob/main/nb.ipynb"
    assert raw_url(location) == "https://ghe.example.org/octo/demo/raw/main/nb.ipynb"
    links = build_links(location, TARGETS, hub_url=HUB)
    assert [x.target for x in links] == ["nbgitpuller"]
    assert parse_qs(urlsplit(links[0].url).query)["repo"] == [
        "https://ghe.example.org/octo/demo.git"
    ]
    skipped = {s["target"]: s["reason"] for s in skipped_targets(location, TARGETS, hub_url=HUB)}
    assert set(skipped) == set(TARGETS) - {"nbgitpuller"}
    assert "github.com" in skipped["colab"] and "ghe.example.org" in skipped["colab"]
    with pytest.raises(InvalidRequestError, match=r"only repositories on github\.com"):
        build_link(location, "colab")


# ---- ordering, badges, gists ------------------------------------------------
def test_build_links_keeps_the_admin_order_and_drops_duplicates() -> None:
    order = ["vscode", "colab", "binder", "colab"]
    assert [x.target for x in build_links(loc(), order)] == ["vscode", "colab", "binder"]


def test_unknown_target_is_a_clear_error() -> None:
    with pytest.raises(InvalidRequestError, match="Unknown link target 'myspace'"):
        build_links(loc(), ["colab", "myspace"])


@pytest.mark.parametrize("target", TARGETS)
def test_every_target_has_badges_pointing_at_its_url(target: str) -> None:
    item = build_link(loc("a&b.ipynb"), target, hub_url=HUB)
    assert item.badge_markdown is not None and item.badge_html is not None
    image = re.fullmatch(r"\[!\[[^\]]+\]\(([^)]+)\)\]\(([^)]+)\)", item.badge_markdown)
    assert image is not None
    assert image.group(1).startswith("https://")
    assert image.group(2) == item.url
    assert 'href="' + item.url.replace("&", "&amp;") + '"' in item.badge_html
    assert item.to_json() == {
        "target": target,
        "label": item.label,
        "url": item.url,
        "badge_markdown": item.badge_markdown,
        "badge_html": item.badge_html,
    }


def test_colab_badge_is_the_official_one() -> None:
    item = build_link(loc(), "colab")
    assert item.badge_markdown == (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({item.url})"
    )


def test_badge_cell() -> None:
    links = build_links(loc(), ["colab", "binder"])
    cell = badge_cell(links)
    assert cell["cell_type"] == "markdown"
    assert cell["metadata"] == {"cloudshare": {"badges": True, "form": "image"}}
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", cell["id"])
    assert cell["source"] == " ".join(x.badge_markdown or "" for x in links)
    assert badge_cell(links)["id"] != cell["id"]


def test_text_badge_cell_loads_nothing_from_outside_hosts() -> None:
    links = build_links(loc(), ["colab", "binder", "nbviewer"])
    cell = badge_cell(links, form="text")
    assert cell["metadata"]["cloudshare"] == {"badges": True, "form": "text"}
    assert "![" not in cell["source"] and "<img" not in cell["source"]
    for link in links:
        assert f"[Open in {link.label}](<{link.url}>)" in cell["source"]
    with pytest.raises(ValueError):
        badge_cell(links, form="svg")


def test_badge_image_hosts_names_every_outside_host() -> None:
    links = build_links(loc(), ["colab", "binder", "vscode"])
    hosts = badge_image_hosts(links)
    assert hosts == sorted(set(hosts))
    assert "colab.research.google.com" in hosts
    assert "mybinder.org" in hosts
    assert "img.shields.io" in hosts
    assert badge_image_hosts([]) == []


@pytest.mark.parametrize("form", ["image", "text"])
def test_badge_cell_is_a_valid_nbformat_cell_in_both_forms(form: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.from_dict(badge_cell(build_links(loc(), ["colab"]), form=form)))
    nbformat.validate(nb)


def test_badge_cell_is_a_valid_nbformat_cell() -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.from_dict(badge_cell(build_links(loc(), ["colab"]))))
    nbformat.validate(nb)


def test_gist_links() -> None:
    gist = GistLocation("octo", "abc123", "my nb.ipynb")
    links = build_gist_links(gist, ["binder", "nbviewer", "colab"])
    assert [(x.target, x.url) for x in links] == [
        ("nbviewer", "https://nbviewer.org/gist/octo/abc123"),
        ("colab", "https://colab.research.google.com/gist/octo/abc123/my%20nb.ipynb"),
    ]
