"""The wheel a user installs: prebuilt labextension, server extension on, CLI.

Builds the wheel from this checkout (with the labextension already built by
the setup script) and installs it into a brand-new virtual environment beside
JupyterLab, as `pip install jupyterlab-cloudshare` would, then asks Jupyter's
own commands what they see. No Node.js is involved in the install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "jupyterlab_cloudshare" / "labextension" / "package.json").exists():
        pytest.fail("build the labextension first (scripts/setup.sh does)")
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{(built.stdout + built.stderr)[-3000:]}")
    wheel = next(dist.glob("jupyterlab_cloudshare-*.whl"))
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    pip = env_dir / "bin" / "pip"
    subprocess.run(
        [
            str(pip),
            "install",
            "-q",
            "--disable-pip-version-check",
            str(wheel),
            "jupyterlab>=4.6,<4.7",
        ],
        check=True,
        capture_output=True,
    )
    return env_dir


def _run(env_dir: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV"))}
    env["PATH"] = f"{env_dir / 'bin'}:{env.get('PATH', '')}"
    done = subprocess.run(
        [str(env_dir / "bin" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout + done.stderr


def test_labextension_is_prebuilt_and_enabled(installed_env: Path) -> None:
    out = _run(installed_env, "jupyter", "labextension", "list")
    line = next(line for line in out.splitlines() if "jupyterlab-cloudshare" in line)
    assert "enabled" in line and "OK" in line


def test_server_extension_is_enabled_on_install(installed_env: Path) -> None:
    out = _run(installed_env, "jupyter", "server", "extension", "list")
    assert any(
        "jupyterlab_cloudshare" in line and "enabled" in line for line in out.splitlines()
    ), out


def test_cli_is_installed(installed_env: Path) -> None:
    out = _run(installed_env, "jupyter", "cloudshare", "--help")
    for command in ("export", "scan", "push", "gist", "links"):
        assert command in out
