"""What the GitHub sharing tests (core, CLI and HTTP) have in common."""

from __future__ import annotations

from typing import Any

import pytest

#: Every place a GitHub token (or the hub that holds one) can come from.
TOKEN_ENV_VARS = (
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITHUB_ACCESS_TOKEN",
    "JUPYTERHUB_API_URL",
    "JUPYTERHUB_USER",
    "JUPYTERHUB_API_TOKEN",
)


def clear_token_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset every token source, so the developer's own token never takes part."""
    for name in TOKEN_ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def one_cell_notebook(text: str = "print('hello')") -> dict[str, Any]:
    """A Python notebook with one code cell, never run."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "cells": [
            {
                "cell_type": "code",
                "id": "a1",
                "metadata": {},
                "source": text,
                "execution_count": None,
                "outputs": [],
            }
        ],
    }
