"""The admin's sharing rules, decided in one place for the server and the CLI.

:class:`SharePolicy` is built from the ``CloudShareApp`` settings by
:meth:`SharePolicy.from_settings`, which refuses (:class:`SettingsError`)
anything it cannot understand rather than falling back to a default: an
unknown level or action, an unknown feature, a scanner pattern that does not
compile. It answers which features are on, which level applies to a share,
and :meth:`SharePolicy.check` decides whether a notebook may leave:

* ``off``: shared as it is.
* ``warn``: refused with the findings until the request acknowledges exactly
  those findings by their fingerprint; the user's suppressions
  (``cloudshare: ignore`` comments, cell metadata) are honoured.
* ``block``: only what the scanner read leaves: the shared notebook is
  :func:`~.scan.segments.shareable_copy` of it (attachments, binary payloads,
  unknown outputs and metadata removed, and the user is told which), and any
  finding in it, or in the file name, refuses the share. The user's
  suppressions count only when the admin allows it
  (``allow_user_suppressions_under_block``). Dropping all outputs helps only
  when the admin allows it (``allow_share_without_outputs``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import CloudShareError, ForbiddenError, PolicyError
from .notebook import strip_outputs
from .scan import TYPES, Finding, ScanConfig, scan_notebook
from .scan.segments import shareable_copy

#: Policy levels, weakest first.
POLICY_LEVELS = ("off", "warn", "block")
#: The share actions a level is set for.
SHARE_ACTIONS = ("push", "gist", "link", "export", "drive")
#: What an action gets when the admin does not name it.
DEFAULT_LEVELS: Mapping[str, str] = {
    "push": "warn",
    "gist": "warn",
    "link": "warn",
    "export": "off",
    "drive": "warn",
}
#: Features an admin can switch off.
FEATURES = ("export", "github", "gist", "links", "colab", "scan", "drive")


class SettingsError(CloudShareError):
    """The admin's settings cannot be understood: nothing is shared until they are fixed."""

    code = "invalid_server_config"
    status = 503


def _setting_error(setting: str, problem: str) -> SettingsError:
    return SettingsError(
        f"Invalid setting CloudShareApp.{setting}: {problem}. Nothing is shared until the "
        "administrator fixes it.",
        details={"setting": setting},
    )


def fingerprint(findings: list[Finding]) -> str:
    """A stable hash naming exactly this set of findings (order does not matter)."""
    keys = sorted((f.type, f.cell, f.path, f.start, f.end, f.digest) for f in findings)
    return hashlib.sha256(json.dumps(keys).encode("utf-8")).hexdigest()


def summary(findings: list[Finding]) -> dict[str, int]:
    """Finding counts per type."""
    return dict(Counter(f.type for f in findings))


@dataclass(frozen=True)
class ShareDecision:
    """What may leave: the notebook to share and what was removed from it (and why)."""

    action: str
    level: str
    notebook: dict[str, Any]
    removed: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{"level", "removed": [{"path", "reason"}]}`` for a share's response."""
        return {"level": self.level, "removed": list(self.removed)}


@dataclass(frozen=True)
class SharePolicy:
    """The effective sharing rules (see the module docstring)."""

    levels: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    disabled_features: frozenset[str] = frozenset()
    allow_without_outputs: bool = True
    allow_user_suppressions_under_block: bool = False
    scan: ScanConfig = field(default_factory=ScanConfig)

    # ---- building from the admin's settings ------------------------------
    @classmethod
    def from_settings(
        cls,
        *,
        share_policy: Any = None,
        disabled_features: Any = (),
        allow_share_without_outputs: Any = True,
        allow_user_suppressions_under_block: Any = False,
        scan_disabled_detectors: Any = (),
        scan_custom_patterns: Any = (),
        scan_allow_patterns: Any = (),
        scan_allow_email_domains: Any = (),
    ) -> SharePolicy:
        """The policy of these settings (the ``CloudShareApp`` trait names).

        Raises :class:`SettingsError` naming the first setting it cannot understand.
        """
        levels = _levels(share_policy)
        features = _names(disabled_features, "disabled_features", FEATURES, "feature")
        flags = {
            "allow_share_without_outputs": allow_share_without_outputs,
            "allow_user_suppressions_under_block": allow_user_suppressions_under_block,
        }
        for name, value in flags.items():
            if not isinstance(value, bool):
                raise _setting_error(name, "must be True or False")
        custom = _list(scan_custom_patterns, "scan_custom_patterns")
        detectors = _list(scan_disabled_detectors, "scan_disabled_detectors")
        try:
            scan = ScanConfig(
                disabled=detectors,
                custom_patterns=custom,
                allow_patterns=_list(scan_allow_patterns, "scan_allow_patterns"),
                allow_email_domains=_list(scan_allow_email_domains, "scan_allow_email_domains"),
            )
        except CloudShareError as err:
            setting = "scan_custom_patterns" if "ustom" in err.message else "scan_allow_patterns"
            raise _setting_error(setting, err.message.rstrip(".")) from None
        known = set(TYPES) | {str(p.get("name", "")).upper() for p in custom}
        _names(
            [str(t).upper() for t in detectors],
            "scan_disabled_detectors",
            sorted(known),
            "finding type",
        )
        for domain in scan.allow_email_domains:
            if not isinstance(domain, str) or not re.fullmatch(r"@?[\w.-]+\.\w+", domain.strip()):
                raise _setting_error("scan_allow_email_domains", f"{domain!r} is not a domain")
        return cls(
            levels=levels,
            disabled_features=frozenset(features),
            allow_without_outputs=allow_share_without_outputs,
            allow_user_suppressions_under_block=allow_user_suppressions_under_block,
            scan=scan,
        )

    # ---- features and levels ---------------------------------------------
    def feature_enabled(self, feature: str) -> bool:
        """Whether the admin left a feature on."""
        return feature not in self.disabled_features

    def require_feature(self, feature: str) -> None:
        """Raise :class:`ForbiddenError` (``feature_disabled``) if the admin turned it off."""
        if not self.feature_enabled(feature):
            raise ForbiddenError(
                f"The administrator has turned off '{feature}' on this server.",
                code="feature_disabled",
            )

    def level_for(self, actions: str | Iterable[str]) -> tuple[str, str]:
        """``(action, level)``: the strictest level among ``actions``.

        A push made to get a launch link is both "push" and "link".
        """
        names = [actions] if isinstance(actions, str) else list(actions)
        if not names or any(a not in SHARE_ACTIONS for a in names):
            raise ValueError(f"unknown share action in {names!r}")
        action = max(names, key=lambda a: POLICY_LEVELS.index(self.levels[a]))
        return action, self.levels[action]

    # ---- the decision ----------------------------------------------------
    def check(
        self,
        nb: dict[str, Any],
        actions: str | Iterable[str],
        *,
        acknowledge: str | None = None,
        without_outputs: bool = False,
        name: str | None = None,
    ) -> ShareDecision:
        """What of ``nb`` may be shared for ``actions``, or :class:`PolicyError`.

        ``nb`` is not changed. ``name`` is the notebook's file name or path,
        which leaves with it and is scanned under ``warn`` and ``block``.
        """
        action, level = self.level_for(actions)
        if level == "off":
            return ShareDecision(action, level, nb)
        # Under block, dropping outputs only helps when the admin allows it.
        strip = without_outputs and (level != "block" or self.allow_without_outputs)
        candidate = strip_outputs(nb) if strip else nb
        removed: list[dict[str, str]] = []
        if level == "block":
            candidate, unscanned = shareable_copy(candidate)
            removed = [{"path": u.path, "reason": u.reason} for u in unscanned]
        honour = level == "warn" or self.allow_user_suppressions_under_block
        findings = scan_notebook(candidate, self.scan, honour_suppressions=honour, name=name)
        fp = fingerprint(findings)
        if not findings or (level == "warn" and acknowledge and acknowledge == fp):
            return ShareDecision(action, level, nb if level == "warn" else candidate, removed)
        all_in_outputs = all(f.in_output for f in findings)
        can_strip = (level != "block" or self.allow_without_outputs) and all_in_outputs
        details = {
            "action": action,
            "level": level,
            "findings": [f.to_json() for f in findings],
            "fingerprint": fp,
            "acknowledgeable": level == "warn",
            "all_in_outputs": all_in_outputs,
            "summary": summary(findings),
            "removed": removed,
        }
        code = "policy_blocked" if level == "block" else "policy_warning"
        raise PolicyError(
            _message(findings, level, can_strip and not strip), code=code, details=details
        )


def _levels(share_policy: Any) -> dict[str, str]:
    if share_policy is None:
        share_policy = {}
    if not isinstance(share_policy, Mapping):
        raise _setting_error("share_policy", "must be a dict of action -> level")
    levels = dict(DEFAULT_LEVELS)
    for action, level in share_policy.items():
        if action not in SHARE_ACTIONS:
            raise _setting_error(
                "share_policy",
                f"unknown action {str(action)[:40]!r} (known: {', '.join(SHARE_ACTIONS)})",
            )
        if level not in POLICY_LEVELS:
            raise _setting_error(
                "share_policy",
                f"unknown level {str(level)[:40]!r} for {action!r} "
                f"(use one of {', '.join(POLICY_LEVELS)}, in lower case)",
            )
        levels[action] = level
    return levels


def _list(value: Any, setting: str) -> list[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise _setting_error(setting, "must be a list")
    return list(value)


def _names(value: Any, setting: str, known: Iterable[str], noun: str) -> list[str]:
    names = _list(value, setting)
    allowed = list(known)
    for item in names:
        if item not in allowed:
            raise _setting_error(
                setting, f"unknown {noun} {str(item)[:40]!r} (known: {', '.join(allowed)})"
            )
    return names


def _where(findings: list[Finding]) -> str:
    cells = sorted({f.cell + 1 for f in findings if f.cell >= 0})
    parts = []
    if cells:
        shown = ", ".join(str(c) for c in cells[:8]) + (", …" if len(cells) > 8 else "")
        parts.append(f"cell{'s' if len(cells) > 1 else ''} {shown}")
    if any(f.path == "/name" for f in findings):
        parts.append("the file name")
    if any(f.cell < 0 and f.path != "/name" for f in findings):
        parts.append("the notebook's metadata")
    return " and ".join(parts)


def _message(findings: list[Finding], level: str, can_strip: bool) -> str:
    counts = ", ".join(f"{t} ×{n}" for t, n in sorted(summary(findings).items()))
    noun = "possible identifier" if len(findings) == 1 else "possible identifiers"
    head = f"This notebook holds {len(findings)} {noun} ({counts}) in {_where(findings)}."
    if level == "block":
        if can_strip:
            return f"{head} This server blocks sharing them: share without outputs, or remove them."
        return f"{head} This server blocks sharing them: remove them and try again."
    return f"{head} Review them, share without outputs, or acknowledge to continue."


def check_share(
    nb: dict[str, Any],
    policy: SharePolicy,
    actions: str | Iterable[str],
    *,
    acknowledge: str | None = None,
    without_outputs: bool = False,
    name: str | None = None,
) -> ShareDecision:
    """``policy.check(nb, ...)`` as a plain function, for a worker process to run."""
    return policy.check(
        nb, actions, acknowledge=acknowledge, without_outputs=without_outputs, name=name
    )


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
