"""A local fake of GitHub's REST API and OAuth device flow, for tests."""

from .server import FakeGitHub

__all__ = ["FakeGitHub"]
