"""The records the fake keeps and the error an operation raises."""

from __future__ import annotations

import base64
import secrets
import string
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import openapi
from .git import ObjectStore

if TYPE_CHECKING:
    from .server import FakeGitHub

DOCS = "https://docs.github.com/rest"


def iso(ts: float) -> str:
    """A unix time as GitHub writes timestamps."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def new_token(prefix: str = "ghp_") -> str:
    """A token shaped like GitHub's: prefix + 36 alphanumerics."""
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(36))


def wrap_base64(data: bytes) -> str:
    """Base64 as the contents API returns it: lines of 60 characters, each ending in "\\n"."""
    raw = base64.b64encode(data).decode()
    return "".join(raw[i : i + 60] + "\n" for i in range(0, len(raw), 60))


class ApiError(Exception):
    """An answer other than success, raised from inside an operation."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        generic: bool = False,
        doc: str = DOCS,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {
            "message": message,
            "documentation_url": doc,
            "status": str(status),
        }
        if errors is not None:
            self.body["errors"] = errors
        self.headers = headers or {}
        self.generic = generic


def not_found(message: str = "Not Found") -> ApiError:
    """GitHub's 404."""
    return ApiError(404, message)


def invalid(message: str, errors: list[dict[str, Any]] | None = None) -> ApiError:
    """GitHub's 422."""
    return ApiError(422, message, errors)


@dataclass
class Account:
    """A user or an organisation."""

    login: str
    id: int
    type: str = "User"
    name: str | None = None
    orgs: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        """The noreply address GitHub uses for web commits."""
        return f"{self.id}+{self.login}@users.noreply.github.com"


@dataclass
class Repo:
    """A repository with its objects and branches."""

    owner: str
    name: str
    id: int
    private: bool
    default_branch: str
    description: str | None = None
    store: ObjectStore = field(default_factory=ObjectStore)
    branches: dict[str, str] = field(default_factory=dict)
    collaborators: dict[str, str] = field(default_factory=dict)
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)


@dataclass
class Ctx:
    """What an operation needs to know about the request it answers."""

    fake: FakeGitHub
    api: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    login: str | None
    scopes: tuple[str, ...]
    operation: openapi.Operation
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def account(self) -> Account | None:
        """The authenticated account."""
        return self.fake.accounts.get(self.login) if self.login else None

    def require_login(self) -> Account:
        """The authenticated account, or 401."""
        account = self.account
        if account is None:
            raise ApiError(401, "Requires authentication", generic=True)
        return account
