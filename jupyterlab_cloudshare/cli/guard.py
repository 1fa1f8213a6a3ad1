"""The admin's policy for a CLI share: the feature switch, then the sensitive-data check."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..app import CloudShareApp
    from ..core.policy import ShareDecision


def require_feature(app: CloudShareApp, feature: str) -> None:
    """Refuse (ForbiddenError, one line) a feature the admin turned off."""
    from ..core.errors import ForbiddenError

    try:
        app.policy().require_feature(feature)
    except ForbiddenError as err:
        raise ForbiddenError(
            f"the administrator has turned off '{feature}' (CloudShareApp.disabled_features).",
            code=err.code,
        ) from None


def github_api_root(app: CloudShareApp, requested: str | None) -> str:
    """The GitHub API root a CLI command may use: ``requested`` (``--api-url`` or
    ``$CLOUDSHARE_GITHUB_API_URL``), or the configured one.

    Under a hub that locks user config, another root than the administrator's is refused
    (ForbiddenError), so that the setting holds in the CLI as in the server.
    """
    from ..core.errors import ForbiddenError
    from .config import _user_config_locked

    configured = app.github_api_url.rstrip("/")
    wanted = (requested or "").strip().rstrip("/")
    if not wanted or wanted == configured:
        return configured
    if _user_config_locked():
        raise ForbiddenError(
            f"this server uses GitHub at {configured} (CloudShareApp.github_api_url, set by "
            "the administrator); --api-url and $CLOUDSHARE_GITHUB_API_URL cannot point "
            "elsewhere.",
            code="api_url_locked",
        )
    return wanted


def check_share(
    app: CloudShareApp,
    nb: dict[str, Any],
    action: str | tuple[str, ...],
    *,
    acknowledge: str | None,
    without_outputs: bool,
    name: str,
) -> ShareDecision:
    """What of ``nb`` may be shared for ``action``; a one-line PolicyError otherwise.

    Parts removed under "block" are listed on stderr.
    """
    from ..core.errors import PolicyError

    try:
        decision = app.policy().check(
            nb, action, acknowledge=acknowledge, without_outputs=without_outputs, name=name
        )
    except PolicyError as err:
        raise PolicyError(policy_line(err), code=err.code, details=err.details) from None
    for part in decision.removed:
        print(f"removed (not scanned): {part['path']}: {part['reason']}", file=sys.stderr)
    return decision


def policy_line(err: Any) -> str:
    """The refusal on one line, with the fingerprint to acknowledge when that is allowed."""
    details = err.details or {}
    findings = details.get("findings") or []
    types = sorted({str(f.get("type")) for f in findings if isinstance(f, dict)} - {"None"})
    found = f"sensitive data found ({', '.join(types)})" if types else err.message.rstrip(".")
    action = details.get("action", "share")
    if details.get("level") == "block":
        hint = "share without outputs (--no-outputs), or " if details.get("all_in_outputs") else ""
        return (
            f"{found}; this server blocks {action} of it (CloudShareApp.share_policy): "
            f"{hint}remove it."
        )
    fingerprint = details.get("fingerprint")
    return (
        f"{found}; check it, then pass --acknowledge {fingerprint} to share anyway, "
        "or --no-outputs."
    )
