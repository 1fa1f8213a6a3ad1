"""Placeholder: routes of this resource are added by its feature work."""

from __future__ import annotations

from typing import Any

ROUTES: list[tuple[str, Any]] = []
