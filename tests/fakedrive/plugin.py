"""The ``fake_google`` pytest fixture: a running FakeGoogle with one signed-in account."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import FakeGoogle

EMAIL = "ada@example.com"


@pytest.fixture
def fake_google() -> Iterator[FakeGoogle]:
    """Drive and OAuth fakes with account ``ada@example.com`` (no token issued yet).

    The test fails at teardown when a request or response did not match Drive v3's
    discovery document or Google's OAuth rules, unless it set ``expect_violations``.
    """
    fake = FakeGoogle()
    fake.add_account(EMAIL, "Ada Lovelace")
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
    if not fake.expect_violations:
        assert not fake.violations, "requests or responses Google would not accept/send:\n" + (
            "\n".join(fake.violations)
        )
