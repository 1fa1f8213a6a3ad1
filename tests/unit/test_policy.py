"""The sharing policy: settings checked in one place, warn with an exact acknowledgement,
block shares only what was scanned, suppressions, share without outputs."""

from __future__ import annotations

import base64
import copy

import pytest

from jupyterlab_cloudshare.core.errors import PolicyError
from jupyterlab_cloudshare.core.policy import (
    DEFAULT_LEVELS,
    SettingsError,
    SharePolicy,
    fingerprint,
)
from jupyterlab_cloudshare.core.scan import scan_notebook

from .labelled import code, stream

SSN = "412-55-7781"


def notebook(output_text=f"SSN: {SSN}\n", source="print(record)"):
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [code(source, stream(output_text))],
    }


def policy(level, **kw):
    return SharePolicy.from_settings(share_policy={"push": level}, **kw)


def run(nb, level, acknowledge=None, without_outputs=False, name=None, **kw):
    return policy(level, **kw).check(
        nb, "push", acknowledge=acknowledge, without_outputs=without_outputs, name=name
    )


def refusal(nb, level, **kw):
    with pytest.raises(PolicyError) as err:
        run(nb, level, **kw)
    return err.value


# ---- settings -----------------------------------------------------------------
def test_defaults_fill_the_actions_not_named():
    levels = SharePolicy.from_settings(share_policy={"push": "block"}).levels
    assert levels == {**DEFAULT_LEVELS, "push": "block"}


@pytest.mark.parametrize(
    ("settings", "setting", "words"),
    [
        ({"share_policy": {"push": "Block"}}, "share_policy", "unknown level 'Block'"),
        ({"share_policy": {"pusj": "block"}}, "share_policy", "unknown action 'pusj'"),
        ({"share_policy": "block"}, "share_policy", "must be a dict"),
        ({"disabled_features": ["gists"]}, "disabled_features", "unknown feature 'gists'"),
        ({"disabled_features": "gist"}, "disabled_features", "must be a list"),
        ({"scan_custom_patterns": [{"name": "EMP", "regex": "(["}]}, "scan_custom_patterns", "EMP"),
        ({"scan_disabled_detectors": ["SSNN"]}, "scan_disabled_detectors", "'SSNN'"),
        ({"allow_user_suppressions_under_block": "yes"}, "allow_user_suppressions", "True or"),
    ],
)
def test_settings_it_cannot_understand_are_refused_naming_them(settings, setting, words):
    with pytest.raises(SettingsError) as err:
        SharePolicy.from_settings(**settings)
    assert f"CloudShareApp.{setting}" in err.value.message and words in err.value.message
    assert err.value.code == "invalid_server_config" and err.value.status == 503


def test_a_custom_detector_can_be_disabled_by_its_name():
    SharePolicy.from_settings(
        scan_custom_patterns=[{"name": "EMP_ID", "regex": r"E\d{6}"}],
        scan_disabled_detectors=["emp_id"],
    )


def test_the_strictest_level_of_several_actions_applies():
    p = SharePolicy.from_settings(share_policy={"push": "off", "link": "block"})
    assert p.level_for(("push", "link")) == ("link", "block")


# ---- off / warn ------------------------------------------------------------------
def test_off_allows_anything_unchanged():
    nb = notebook()
    assert run(nb, "off").notebook is nb


def test_no_findings_allows_under_block():
    assert run(notebook("all good\n"), "block").removed == []


def test_warn_refuses_then_accepts_the_exact_fingerprint():
    nb = notebook()
    err = refusal(nb, "warn")
    assert err.code == "policy_warning" and err.status == 422
    details = err.details
    assert details["acknowledgeable"] is True and details["all_in_outputs"] is True
    assert details["summary"] == {"SSN": 1} and details["action"] == "push"
    assert details["fingerprint"] == fingerprint(scan_notebook(nb))
    assert SSN not in str(details) and SSN not in err.message
    assert run(nb, "warn", acknowledge=details["fingerprint"]).notebook is nb


def test_stale_or_wrong_acknowledgement_is_refused():
    old = refusal(notebook(), "warn").details["fingerprint"]
    changed = notebook("SSN: 523-45-6789\n")
    assert refusal(changed, "warn", acknowledge=old).code == "policy_warning"
    assert refusal(notebook(), "warn", acknowledge="0" * 64).code == "policy_warning"


def test_block_refuses_even_with_an_acknowledgement():
    nb = notebook()
    fp = refusal(nb, "warn").details["fingerprint"]
    err = refusal(nb, "block", acknowledge=fp)
    assert err.code == "policy_blocked" and err.details["acknowledgeable"] is False
    assert "without outputs" in err.message


def test_block_allows_without_outputs_when_all_findings_are_in_outputs():
    assert run(notebook(), "block", without_outputs=True).notebook["cells"][0]["outputs"] == []


def test_block_without_outputs_needs_the_admin_setting():
    err = refusal(notebook(), "block", without_outputs=True, allow_share_without_outputs=False)
    assert err.code == "policy_blocked"


def test_block_without_outputs_still_refuses_findings_in_sources():
    err = refusal(notebook(source=f"ssn = '{SSN}'"), "block", without_outputs=True)
    assert err.details["all_in_outputs"] is False and err.details["summary"] == {"SSN": 1}


# ---- block shares only what was scanned -------------------------------------------
def hidden_places_notebook():
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + f"SSN {SSN}".encode()).decode()
    nb = notebook("fine\n")
    cell = nb["cells"][0]
    cell["outputs"].append(
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": png}}
    )
    nb["cells"].append(
        {
            "cell_type": "markdown",
            "id": "m1",
            "metadata": {"tags": ["intro"]},
            "source": "![x](attachment:x.png)",
            "attachments": {"x.png": {"image/png": png}},
        }
    )
    nb["metadata"]["widgets"] = {"state": {"note": f"SSN {SSN}"}}
    return nb


def test_block_shares_a_copy_without_what_the_scanner_does_not_read():
    nb = hidden_places_notebook()
    before = copy.deepcopy(nb)
    decision = run(nb, "block")
    shared = decision.notebook
    assert nb == before  # the user's notebook is untouched
    assert SSN not in str(shared) and base64.b64encode(SSN.encode()).decode() not in str(shared)
    assert "attachments" not in shared["cells"][1] and "widgets" not in shared["metadata"]
    removed = {r["path"] for r in decision.removed}
    assert "/cells/1/attachments" in removed and "/metadata/widgets" in removed
    assert any(p.startswith("/cells/0/outputs/1") for p in removed)
    assert all(r["reason"] for r in decision.removed)
    assert decision.to_json()["removed"] == decision.removed


def test_warn_shares_the_notebook_as_it_is():
    nb = hidden_places_notebook()
    del nb["metadata"]["widgets"]  # the scanner reads its text: only binary places are left
    assert run(nb, "warn").notebook is nb


def test_what_the_scanner_reads_in_metadata_is_checked():
    nb = notebook("fine\n")
    nb["cells"][0]["metadata"] = {"tags": [f"patient-{SSN}"]}
    for level in ("warn", "block"):
        assert refusal(nb, level).details["findings"][0]["type"] == "SSN"


def test_the_file_name_is_scanned():
    err = refusal(notebook("fine\n"), "block", name=f"patient {SSN}.ipynb")
    assert err.details["findings"][0]["path"] == "/name" and "file name" in err.message


# ---- the user's suppressions -------------------------------------------------------
def suppressed():
    nb = notebook("fine\n", source=f"ssn = '{SSN}'  # cloudshare: ignore")
    nb["cells"].append(code(f"x = '{SSN[:-1]}2'"))
    nb["cells"][1]["metadata"] = {"cloudshare": {"ignore": True}}
    return nb


def test_suppressions_hold_under_warn():
    run(suppressed(), "warn")


def test_suppressions_do_not_hold_under_block():
    err = refusal(suppressed(), "block")
    assert {f["cell"] for f in err.details["findings"]} == {0, 1}


def test_the_admin_can_let_suppressions_hold_under_block():
    run(suppressed(), "block", allow_user_suppressions_under_block=True)


def test_a_finding_in_notebook_metadata_is_named_as_such():
    nb = notebook("fine\n")
    nb["metadata"]["authors"] = [{"name": "x", "note": f"patient SSN {SSN}"}]
    err = refusal(nb, "block")
    assert "the notebook's metadata" in err.message and "file name" not in err.message


# ---- the CLI under a hub's lock ------------------------------------------------------
def test_locked_cli_refuses_command_line_settings(monkeypatch):
    from jupyterlab_cloudshare.cli.config import load_app

    monkeypatch.setenv("JUPYTERHUB_DISABLE_USER_CONFIG", "1")
    with pytest.raises(SettingsError, match="locks"):
        load_app(['--CloudShareApp.share_policy={"gist": "off"}'])
    monkeypatch.setenv("JUPYTERHUB_DISABLE_USER_CONFIG", "0")
    assert load_app(["--CloudShareApp.banner_message=hi"]).banner_message == "hi"


def test_locked_cli_keeps_the_admins_github(monkeypatch):
    from jupyterlab_cloudshare.cli.config import load_app
    from jupyterlab_cloudshare.cli.guard import github_api_root
    from jupyterlab_cloudshare.core.errors import ForbiddenError

    monkeypatch.delenv("JUPYTERHUB_DISABLE_USER_CONFIG", raising=False)
    app = load_app()
    assert github_api_root(app, "https://ghe.example/api/v3/") == "https://ghe.example/api/v3"
    monkeypatch.setenv("JUPYTERHUB_DISABLE_USER_CONFIG", "1")
    assert github_api_root(app, None) == app.github_api_url.rstrip("/")
    with pytest.raises(ForbiddenError):
        github_api_root(app, "https://elsewhere.example/api/v3")
