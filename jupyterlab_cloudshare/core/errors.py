"""One error hierarchy for everything a user can act on.

Every error carries a stable machine-readable ``code``, a one-line
user-facing ``message`` that says what to do next, the HTTP ``status`` the
server answers with, and optional JSON-safe ``details``. The HTTP layer turns
these into ``{"error": {...}}`` responses in one place; the CLI prints
``message`` on one line. Messages must never contain a credential.
"""

from __future__ import annotations

from typing import Any


class CloudShareError(Exception):
    """Base class: a failure with a message meant for the user."""

    code: str = "error"
    status: int = 500

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details: dict[str, Any] = details or {}

    def to_json(self) -> dict[str, Any]:
        """The JSON body the server answers with."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class InvalidRequestError(CloudShareError):
    """The request itself is malformed (missing or bad parameter)."""

    code = "invalid_request"
    status = 400


class NotebookError(CloudShareError):
    """The file is not a readable notebook (malformed, binary, unknown nbformat...)."""

    code = "invalid_notebook"
    status = 400


class FileTooLargeError(CloudShareError):
    """The file is larger than the configured limit."""

    code = "file_too_large"
    status = 413


class NotFoundError(CloudShareError):
    """A local path that does not exist or is outside the server root."""

    code = "not_found"
    status = 404


class ForbiddenError(CloudShareError):
    """The caller may not do this (not the server's owner, feature disabled...)."""

    code = "forbidden"
    status = 403


class ConflictError(CloudShareError):
    """The target exists or changed; nothing was written."""

    code = "conflict"
    status = 409


class UnsupportedLanguageError(CloudShareError):
    """The notebook's kernel language has no known script form."""

    code = "unsupported_language"
    status = 422


class PolicyError(CloudShareError):
    """The sensitive-data policy refused a share; details carry the findings."""

    code = "policy_refused"
    status = 422


class GitHubError(CloudShareError):
    """GitHub refused or failed a call; the message says what to do next."""

    code = "github_error"
    status = 502


class AuthRequiredError(GitHubError):
    """No usable GitHub token: sign in (again)."""

    code = "github_auth_required"
    status = 401


class GitError(CloudShareError):
    """The local git repository could not be read."""

    code = "git_error"
    status = 422


# ---- Google Drive ----------------------------------------------------------
class DriveError(CloudShareError):
    """Google Drive refused or failed a call; the message says what to do next."""

    code = "drive_error"
    status = 502


class DriveAuthRequiredError(DriveError):
    """No usable Google token (none, expired and not refreshable): sign in."""

    code = "drive_auth_required"
    status = 401


class DriveAuthRevokedError(DriveAuthRequiredError):
    """Google no longer accepts the sign-in (revoked or expired refresh token)."""

    code = "drive_auth_revoked"


class DriveNotConfiguredError(DriveError):
    """Sign in with Google needs an OAuth client the administrator has not set."""

    code = "drive_not_configured"
    status = 400


class DrivePermissionError(DriveError):
    """The token may not do this (scope, or the file is not shared with the account)."""

    code = "drive_forbidden"
    status = 403


class DriveNotFoundError(DriveError):
    """No such Drive file (or the token cannot see it)."""

    code = "drive_not_found"
    status = 404


class DriveRateLimitError(DriveError):
    """Google's rate limit was reached; details carry Google's reason and message."""

    code = "drive_rate_limited"
    status = 429


class DriveQuotaError(DriveError):
    """The account's Drive storage is full; details carry Google's reason and message."""

    code = "drive_quota_exceeded"
    status = 507


class DriveConflictError(ConflictError):
    """The Drive file changed since the last save; nothing was written.

    ``details`` carry the file and the choices: overwrite, save as new, cancel.
    """

    code = "drive_conflict"
