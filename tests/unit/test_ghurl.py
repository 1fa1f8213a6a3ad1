"""Every URL form of "Open from GitHub", parsed without the network."""

from __future__ import annotations

import pytest

from jupyterlab_cloudshare.core.errors import InvalidRequestError
from jupyterlab_cloudshare.core.ghurl import (
    GistURL,
    RepoURL,
    api_url_for,
    parse_github_url,
    ref_candidates,
    split_ref,
)

GH = "https://github.com"


@pytest.mark.parametrize(
    ("url", "owner", "repo", "rest"),
    [
        (
            "https://github.com/octocat/hello/blob/main/nb.ipynb",
            "octocat",
            "hello",
            ("main", "nb.ipynb"),
        ),
        (
            "github.com/octocat/hello/blob/main/a/b.ipynb",
            "octocat",
            "hello",
            ("main", "a", "b.ipynb"),
        ),
        ("http://www.github.com/o/r/raw/dev/x.ipynb?plain=1#L3", "o", "r", ("dev", "x.ipynb")),
        (
            "https://raw.githubusercontent.com/o/r/main/d/n.ipynb",
            "o",
            "r",
            ("main", "d", "n.ipynb"),
        ),
        (
            "https://colab.research.google.com/github/o/r/blob/main/n.ipynb#scrollTo=x",
            "o",
            "r",
            ("main", "n.ipynb"),
        ),
        ("https://nbviewer.org/github/o/r/blob/v1.0/n.ipynb", "o", "r", ("v1.0", "n.ipynb")),
        (
            "https://nbviewer.jupyter.org/github/o/r/blob/main/n.ipynb",
            "o",
            "r",
            ("main", "n.ipynb"),
        ),
        (
            "https://github.com/o/r/blob/main/My%20Notebook%20%C3%A9.ipynb",
            "o",
            "r",
            ("main", "My Notebook é.ipynb"),
        ),
        ("https://github.com/o/r/blob/feature%2Fx/n.ipynb", None, None, None),
        (
            "https://github.com/o/r/blob/feature/x/sub/n.ipynb",
            "o",
            "r",
            ("feature", "x", "sub", "n.ipynb"),
        ),
    ],
)
def test_repository_forms(url, owner, repo, rest):
    if owner is None:
        # An encoded slash inside one segment cannot be told from a folder: refused clearly.
        with pytest.raises(InvalidRequestError, match="path segment"):
            parse_github_url(url)
        return
    loc = parse_github_url(url)
    assert isinstance(loc, RepoURL)
    assert (loc.owner, loc.repo, loc.rest, loc.web_url) == (owner, repo, rest, GH)
    assert not loc.enterprise


def test_raw_url_with_refs_heads():
    loc = parse_github_url("https://raw.githubusercontent.com/o/r/refs/heads/main/n.ipynb")
    assert isinstance(loc, RepoURL) and loc.rest == ("main", "n.ipynb") and loc.ref_kind == "heads"
    loc = parse_github_url("https://raw.githubusercontent.com/o/r/refs/tags/v2/n.ipynb")
    assert isinstance(loc, RepoURL) and loc.ref_kind == "tags"
    assert split_ref(loc, None) == ("v2", "n.ipynb")


@pytest.mark.parametrize(
    ("url", "user", "gist_id", "revision", "filename"),
    [
        (
            "https://gist.github.com/octocat/aa5a315d61ae9438b18d",
            "octocat",
            "aa5a315d61ae9438b18d",
            None,
            None,
        ),
        ("gist.github.com/aa5a315d61ae9438b18d", None, "aa5a315d61ae9438b18d", None, None),
        (
            "https://gist.github.com/u/abc123/" + "0" * 39 + "f",
            "u",
            "abc123",
            "0" * 39 + "f",
            None,
        ),
        ("https://colab.research.google.com/gist/u/abc123", "u", "abc123", None, None),
        (
            "https://colab.research.google.com/gist/u/abc123/a%20b.ipynb",
            "u",
            "abc123",
            None,
            "a b.ipynb",
        ),
        ("https://nbviewer.org/gist/u/abc123", "u", "abc123", None, None),
        ("https://gist.github.com/u/abc123#file-n-ipynb", "u", "abc123", None, None),
    ],
)
def test_gist_forms(url, user, gist_id, revision, filename):
    loc = parse_github_url(url)
    assert isinstance(loc, GistURL)
    assert (loc.user, loc.gist_id, loc.revision, loc.filename) == (
        user,
        gist_id,
        revision,
        filename,
    )
    assert loc.web_url == GH


def test_enterprise_forms():
    loc = parse_github_url("https://ghe.example.com/team/proj/blob/rel/1.x/n b.ipynb")
    assert isinstance(loc, RepoURL) and loc.enterprise
    assert loc.web_url == "https://ghe.example.com" and loc.rest == ("rel", "1.x", "n b.ipynb")
    assert api_url_for(loc, "https://api.github.com") == "https://ghe.example.com/api/v3"
    gist = parse_github_url("https://ghe.example.com:8443/gist/me/0123abcd?x=1")
    assert isinstance(gist, GistURL) and gist.web_url == "https://ghe.example.com:8443"
    assert gist.user == "me" and gist.gist_id == "0123abcd"


def test_api_root_follows_the_configured_server():
    pub = parse_github_url("https://github.com/o/r/blob/main/n.ipynb")
    assert api_url_for(pub, "https://api.github.com/") == "https://api.github.com"
    # A stand-in github.com-style root serves github.com links.
    assert api_url_for(pub, "http://127.0.0.1:9") == "http://127.0.0.1:9"
    # An Enterprise server does not.
    assert api_url_for(pub, "https://ghe.x/api/v3") == "https://api.github.com"
    local = parse_github_url("http://127.0.0.1:9/o/r/blob/main/n.ipynb")
    assert api_url_for(local, "http://127.0.0.1:9") == "http://127.0.0.1:9"
    ghe = parse_github_url("https://ghe.x/o/r/blob/main/n.ipynb")
    assert api_url_for(ghe, "https://ghe.x/api/v3") == "https://ghe.x/api/v3"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url at all",
        "ftp://github.com/o/r/blob/main/n.ipynb",
        "https://github.com/o",
        "https://github.com/o/r",
        "https://github.com/o/r/tree/main/folder",
        "https://github.com/o/r/issues/3",
        "https://github.com/o/r/blob/main",
        "https://github.com/o/r/blob/main/../x.ipynb",
        "https://github.com/o/r/blob/main/%ff.ipynb",
        "https://user:pw@github.com/o/r/blob/main/n.ipynb",
        "https://colab.research.google.com/drive/1abc",
        "https://gist.github.com/",
        "https://gist.github.com/u/id-with-dash",
        "https://github.com/o/r/blob/main/n.ipynb\n",
    ],
)
def test_anything_else_is_a_clear_400(url):
    with pytest.raises(InvalidRequestError) as info:
        parse_github_url(url + ("x" if url.endswith("\n") else ""))
    assert info.value.status == 400 and info.value.code == "bad_url"
    assert "github.com/OWNER/REPO" in info.value.message


def test_ref_ambiguity_needs_at_most_one_lookup():
    two = parse_github_url("https://github.com/o/r/blob/main/n.ipynb")
    assert isinstance(two, RepoURL)
    assert ref_candidates(two) is None and split_ref(two, None) == ("main", "n.ipynb")
    sha = "a" * 40
    deep = parse_github_url(f"https://github.com/o/r/blob/{sha}/d/n.ipynb")
    assert isinstance(deep, RepoURL) and ref_candidates(deep) is None
    assert split_ref(deep, None) == (sha, "d/n.ipynb")
    slash = parse_github_url("https://github.com/o/r/blob/feature/x/d/n.ipynb")
    assert isinstance(slash, RepoURL) and ref_candidates(slash) == "heads/feature"
    refs = ["refs/heads/feature", "refs/heads/feature/x", "refs/heads/feature/xy"]
    assert split_ref(slash, refs) == ("feature/x", "d/n.ipynb")
    assert split_ref(slash, ["refs/heads/feature"]) == ("feature", "x/d/n.ipynb")
    # No branch matches (a tag, or a ref that does not exist): the first segment.
    assert split_ref(slash, []) == ("feature", "x/d/n.ipynb")
    # A branch as long as the whole URL leaves no file: not taken.
    whole = parse_github_url("https://github.com/o/r/blob/a/b/c")
    assert isinstance(whole, RepoURL)
    assert split_ref(whole, ["refs/heads/a/b/c", "refs/heads/a/b"]) == ("a/b", "c")
