"""The `fake_github` pytest fixture: a running FakeGitHub with octocat and octocat/hello."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .model import new_token
from .server import FakeGitHub


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A fake GitHub with user `octocat` (token in `.token`) and repo `octocat/hello`.

    The test fails at teardown when a request or response did not match GitHub's API
    description, unless it set `fake.expect_violations = True`.
    """
    fake = FakeGitHub()
    fake.token = new_token()
    fake.add_user("octocat", fake.token, scopes=("repo", "gist"), name="The Octocat")
    fake.create_repo("octocat", "hello", files={"README.md": "# hello\n"})
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
    if not fake.expect_violations:
        assert not fake.violations, "requests or responses GitHub would not accept/send:\n" + (
            "\n".join(fake.violations)
        )
