"""Where notebooks were last shared: the store and its per-GitHub lookups."""

from __future__ import annotations

import stat

from jupyterlab_cloudshare.core.state import ShareStore, kind_for_api, last_shares, made_against

COM = "https://api.github.com"
GHE = "https://ghe.example.org/api/v3"


def record(api: str, repo: str) -> dict[str, str]:
    return {"apiUrl": api, "repo": repo, "branch": "main", "path": "nb.ipynb"}


def test_the_latest_push_of_each_github_is_found(tmp_path):
    store = ShareStore(tmp_path / "shares.json")
    store.update("nb.ipynb", kind_for_api("push", COM), record(COM, "me/public"))
    # A later push to Enterprise took the plain "push" slot.
    store.update("nb.ipynb", "push", record(GHE, "team/internal"))
    store.update("nb.ipynb", kind_for_api("push", GHE), record(GHE, "team/internal"))

    assert last_shares(store, "nb.ipynb", COM)["push"]["repo"] == "me/public"
    assert last_shares(store, "nb.ipynb", GHE + "/")["push"]["repo"] == "team/internal"
    assert last_shares(store, "nb.ipynb", "https://other.example/api/v3") == {
        "push": None,
        "gist": None,
    }


def test_records_are_private_to_the_user(tmp_path):
    store = ShareStore(tmp_path / "state" / "shares.json")
    store.update("nb.ipynb", "gist", record(COM, "gist"))
    mode = stat.S_IMODE((tmp_path / "state" / "shares.json").stat().st_mode)
    assert mode == 0o600
    store.update("nb.ipynb", "gist", None)
    assert store.get("nb.ipynb") == {}


def test_made_against_compares_api_roots():
    assert made_against(record(COM, "r"), COM + "/")
    assert not made_against(record(COM, "r"), GHE)
    assert not made_against(None, COM)
