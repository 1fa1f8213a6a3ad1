"""Build hook: the labextension is built with Node.js, except where only the CLI is wanted.

pre-commit installs the ``cloudshare-scan`` hook by pip-installing this
repository into an environment of its own, often on a machine without
Node.js. The scanner and the CLI need no frontend, so in such an environment
the JavaScript build is skipped (the wheel then lacks the JupyterLab
extension, which pre-commit never loads). Everywhere else the usual
``hatch-jupyter-builder`` step runs and a missing Node.js is an error.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from hatch_jupyter_builder.plugin import JupyterBuildHook

log = logging.getLogger(__name__)


def in_pre_commit_env() -> bool:
    """Whether this build runs inside an environment that pre-commit made for a hook.

    pre-commit names a hook's Python environment ``py_env-<python>`` inside a
    repository folder of its store (``~/.cache/pre-commit``, ``$PRE_COMMIT_HOME``
    or, for ``pre-commit try-repo``, a temporary one). ``sys.prefix`` is that
    environment even in pip's isolated build (a venv's python links outside it).
    """
    prefix = Path(sys.prefix)
    if prefix.name.startswith("py_env-") and prefix.parent.name.startswith("repo"):
        return True
    home = os.environ.get("PRE_COMMIT_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pre-commit"
    )
    try:
        return prefix.resolve().is_relative_to(Path(home).resolve())
    except OSError:
        return False


class CloudShareBuildHook(JupyterBuildHook):
    """``hatch-jupyter-builder``'s hook, skipped inside a pre-commit environment."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if in_pre_commit_env():
            log.warning(
                "jupyterlab-cloudshare: a pre-commit environment; building the scanner and CLI "
                "only, without the JupyterLab extension (no Node.js needed)."
            )
            self._skipped = True
            return
        super().initialize(version, build_data)


def get_build_hook() -> type[CloudShareBuildHook]:
    """The hook class hatchling uses (the module imports another hook class too)."""
    return CloudShareBuildHook
