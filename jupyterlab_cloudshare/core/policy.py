"""The server-enforced sharing policy: may this notebook leave the machine?

Levels per share action: ``off`` (no check), ``warn`` (refused with the
findings until the request acknowledges exactly those findings by their
fingerprint) and ``block`` (refused; when the admin allows it, a share
without outputs passes if the stripped notebook is clean).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from .errors import PolicyError
from .notebook import strip_outputs
from .scan import Finding, ScanConfig, scan_notebook


def fingerprint(findings: list[Finding]) -> str:
    """A stable hash naming exactly this set of findings (order does not matter)."""
    keys = sorted((f.type, f.cell, f.path, f.start, f.end, f.digest) for f in findings)
    return hashlib.sha256(json.dumps(keys).encode("utf-8")).hexdigest()


def summary(findings: list[Finding]) -> dict[str, int]:
    """Finding counts per type."""
    return dict(Counter(f.type for f in findings))


def _message(findings: list[Finding], level: str, can_strip: bool) -> str:
    counts = ", ".join(f"{t} ×{n}" for t, n in sorted(summary(findings).items()))
    cells = sorted({f.cell + 1 for f in findings})
    shown = ", ".join(str(c) for c in cells[:8]) + (", …" if len(cells) > 8 else "")
    noun = "possible identifier" if len(findings) == 1 else "possible identifiers"
    plural = "s" if len(cells) > 1 else ""
    head = f"This notebook holds {len(findings)} {noun} ({counts}) in cell{plural} {shown}."
    if level == "block":
        if can_strip:
            return f"{head} This server blocks sharing them: share without outputs, or remove them."
        return f"{head} This server blocks sharing them: remove them and try again."
    return f"{head} Review them, share without outputs, or acknowledge to continue."


def enforce(
    nb: dict[str, Any],
    *,
    action: str,
    level: str,
    acknowledge: str | None,
    without_outputs: bool,
    allow_without_outputs: bool,
    config: ScanConfig,
) -> None:
    """Raise :class:`PolicyError` if ``level`` refuses sharing ``nb`` for ``action``.

    ``nb`` is not changed. With ``without_outputs`` the notebook is checked as
    it would be shared: with its outputs stripped.
    """
    if level == "off":
        return
    # Under block, dropping outputs only helps when the admin allows it.
    strip = without_outputs and (level != "block" or allow_without_outputs)
    findings = scan_notebook(strip_outputs(nb) if strip else nb, config)
    if not findings:
        return
    fp = fingerprint(findings)
    if level == "warn" and acknowledge and acknowledge == fp:
        return
    all_in_outputs = all(f.in_output for f in findings)
    can_strip = (level != "block" or allow_without_outputs) and all_in_outputs and not strip
    details = {
        "action": action,
        "level": level,
        "findings": [f.to_json() for f in findings],
        "fingerprint": fp,
        "acknowledgeable": level == "warn",
        "all_in_outputs": all_in_outputs,
        "summary": summary(findings),
    }
    code = "policy_blocked" if level == "block" else "policy_warning"
    raise PolicyError(_message(findings, level, can_strip), code=code, details=details)


#: Policy levels from the most lenient to the strictest.
STRICTNESS = {"off": 0, "warn": 1, "block": 2}


def strictest(policy: dict[str, str], actions: tuple[str, ...]) -> tuple[str, str]:
    """The action among ``actions`` whose level is strictest, and that level.

    A share that is several actions at once (a Drive file shared with anyone
    who has the link is "drive" and "link") obeys the strictest of them;
    an action the policy does not name counts as "warn".
    """
    action = max(actions, key=lambda a: STRICTNESS.get(policy.get(a, "warn"), 1))
    return action, policy.get(action, "warn")
