"""The sharing policy: off, warn with an exact acknowledgement, block, share without outputs."""

from __future__ import annotations

import copy

import pytest

from jupyterlab_cloudshare.core.errors import PolicyError
from jupyterlab_cloudshare.core.policy import enforce, fingerprint
from jupyterlab_cloudshare.core.scan import ScanConfig, scan_notebook

from .labelled import code, stream


def notebook(output_text="SSN: 412-55-7781\n", source="print(record)"):
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [code(source, stream(output_text))],
    }


def run(nb, level, acknowledge=None, without_outputs=False, allow_without_outputs=True):
    enforce(
        nb,
        action="push",
        level=level,
        acknowledge=acknowledge,
        without_outputs=without_outputs,
        allow_without_outputs=allow_without_outputs,
        config=ScanConfig(),
    )


def refusal(nb, level, **kw):
    with pytest.raises(PolicyError) as err:
        run(nb, level, **kw)
    return err.value


def test_off_allows_anything():
    run(notebook(), "off")


def test_no_findings_allows_under_block():
    run(notebook("all good\n"), "block")


def test_warn_refuses_then_accepts_the_exact_fingerprint():
    nb = notebook()
    err = refusal(nb, "warn")
    assert err.code == "policy_warning" and err.status == 422
    details = err.details
    assert details["acknowledgeable"] is True and details["all_in_outputs"] is True
    assert details["summary"] == {"SSN": 1} and details["action"] == "push"
    assert details["fingerprint"] == fingerprint(scan_notebook(nb))
    assert "412-55-7781" not in str(details) and "412-55-7781" not in err.message
    assert "1 possible identifier" in err.message and "acknowledge" in err.message
    run(nb, "warn", acknowledge=details["fingerprint"])


def test_stale_or_wrong_acknowledgement_is_refused():
    old = refusal(notebook(), "warn").details["fingerprint"]
    changed = notebook("SSN: 523-45-6789\n")
    assert refusal(changed, "warn", acknowledge=old).code == "policy_warning"
    assert refusal(notebook(), "warn", acknowledge="0" * 64).code == "policy_warning"


def test_fingerprint_ignores_order_but_not_content():
    findings = scan_notebook(notebook("SSN: 412-55-7781 and 523-45-6789\n"))
    assert fingerprint(findings) == fingerprint(list(reversed(findings)))
    assert fingerprint(findings) != fingerprint(findings[:1])


def test_block_refuses_even_with_an_acknowledgement():
    nb = notebook()
    fp = refusal(nb, "warn").details["fingerprint"]
    err = refusal(nb, "block", acknowledge=fp)
    assert err.code == "policy_blocked" and err.details["acknowledgeable"] is False
    assert "without outputs" in err.message


def test_block_allows_without_outputs_when_all_findings_are_in_outputs():
    run(notebook(), "block", without_outputs=True)


def test_block_without_outputs_needs_the_admin_setting():
    err = refusal(notebook(), "block", without_outputs=True, allow_without_outputs=False)
    assert err.code == "policy_blocked"


def test_block_without_outputs_still_refuses_findings_in_sources():
    nb = notebook(source="ssn = '412-55-7781'")
    err = refusal(nb, "block", without_outputs=True)
    assert err.details["all_in_outputs"] is False and err.details["summary"] == {"SSN": 1}


def test_warn_without_outputs_scans_the_stripped_notebook():
    run(notebook(), "warn", without_outputs=True)


def test_enforce_does_not_change_the_notebook():
    nb = notebook(source="ssn = '523-45-6789'")
    before = copy.deepcopy(nb)
    for level in ("warn", "block"):
        with pytest.raises(PolicyError):
            run(nb, level)
    assert nb == before
