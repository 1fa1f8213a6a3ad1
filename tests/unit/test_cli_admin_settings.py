"""`jupyter cloudshare` obeys the admin's settings: real config files, real subprocesses,
the fake GitHub. What the issue found: a gist made from a notebook cell where the admin had
turned gists off and set the policy to block."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import jupyterlab_cloudshare
from tests.sharing import TOKEN_ENV_VARS, one_cell_notebook

BIN = Path(sys.executable).parent
#: The checkout under test, ahead of the installed one.
CHECKOUT = Path(jupyterlab_cloudshare.__file__).resolve().parents[1]
SSN = "412-55-7781"


@pytest.fixture
def env(tmp_path: Path, fake_github: Any) -> dict[str, str]:
    """A clean environment: own config folders and data dir, the fake's token only."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "PYTEST")) and k not in TOKEN_ENV_VARS
    }
    for name in ("user-config", "admin-config", "data"):
        (tmp_path / name).mkdir()
    return {
        **base,
        "PATH": f"{BIN}{os.pathsep}{base.get('PATH', '')}",
        "PYTHONPATH": str(CHECKOUT),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "user-config"),
        "JUPYTER_CONFIG_PATH": str(tmp_path / "admin-config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "GITHUB_TOKEN": str(fake_github.token),
    }


def admin_config(tmp_path: Path, fake_github: Any, extra: str = "") -> None:
    (tmp_path / "admin-config" / "jupyter_server_config.py").write_text(
        f"c.CloudShareApp.github_api_url = {fake_github.api_url!r}\n{extra}"
    )


def notebook(tmp_path: Path, text: str, name: str = "demo.ipynb") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(one_cell_notebook(text)))
    return path


def cloudshare(env: dict[str, str], cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "jupyter"), "cloudshare", *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_disabled_gist_refuses(tmp_path, env, fake_github):
    admin_config(tmp_path, fake_github, 'c.CloudShareApp.disabled_features = ["gist"]\n')
    notebook(tmp_path, "print('hello')")
    fake_github.reset_counts()
    run = cloudshare(env, tmp_path, "gist", "demo.ipynb")
    assert run.returncode != 0 and run.stdout == ""
    assert "turned off 'gist'" in run.stderr and run.stderr.count("\n") == 1
    assert fake_github.request_count() == 0 and not fake_github.gists


def test_block_refuses_a_push_with_an_ssn(tmp_path, env, fake_github):
    admin_config(tmp_path, fake_github, 'c.CloudShareApp.share_policy = {"push": "block"}\n')
    notebook(tmp_path, f"patient_ssn = '{SSN}'")
    fake_github.reset_counts()
    run = cloudshare(env, tmp_path, "push", "demo.ipynb", "--repo", "octocat/hello")
    assert run.returncode == 2 and run.stdout == ""
    assert "blocks push" in run.stderr and "SSN" in run.stderr and SSN not in run.stderr
    assert "--acknowledge" not in run.stderr
    assert fake_github.request_count() == 0


def test_warn_refuses_then_passes_with_the_printed_acknowledgement(tmp_path, env, fake_github):
    admin_config(tmp_path, fake_github, 'c.CloudShareApp.share_policy = {"gist": "warn"}\n')
    notebook(tmp_path, f"patient_ssn = '{SSN}'")
    refused = cloudshare(env, tmp_path, "gist", "demo.ipynb")
    assert refused.returncode == 2 and not fake_github.gists
    fingerprint = refused.stderr.split("--acknowledge ")[1].split()[0]
    assert len(fingerprint) == 64
    wrong = cloudshare(env, tmp_path, "gist", "demo.ipynb", "--acknowledge", "0" * 64)
    assert wrong.returncode == 2 and not fake_github.gists
    shared = cloudshare(env, tmp_path, "gist", "demo.ipynb", "--acknowledge", fingerprint)
    assert shared.returncode == 0, shared.stderr
    assert json.loads(shared.stdout)["gistId"] in fake_github.gists


def test_the_command_line_sets_the_policy_as_for_jupyter_server(tmp_path, env, fake_github):
    admin_config(tmp_path, fake_github)
    notebook(tmp_path, f"patient_ssn = '{SSN}'")
    run = cloudshare(
        env,
        tmp_path,
        "push",
        "demo.ipynb",
        "--repo",
        "octocat/hello",
        '--CloudShareApp.share_policy={"push": "block"}',
    )
    assert run.returncode == 2 and "blocks push" in run.stderr


def test_block_pushes_only_what_was_scanned_and_says_what_was_removed(tmp_path, env, fake_github):
    admin_config(tmp_path, fake_github, 'c.CloudShareApp.share_policy = {"push": "block"}\n')
    nb = one_cell_notebook("print('hello')")
    nb["metadata"]["widgets"] = {"state": {"note": f"SSN {SSN}"}}
    (tmp_path / "demo.ipynb").write_text(json.dumps(nb))
    run = cloudshare(env, tmp_path, "push", "demo.ipynb", "--repo", "octocat/hello")
    assert run.returncode == 0, run.stderr
    assert "/metadata/widgets" in run.stderr
    assert json.loads(run.stdout)["policy"]["removed"][0]["path"] == "/metadata/widgets"
    pushed = fake_github.read_file("octocat", "hello", "main", "demo.ipynb").decode()
    assert SSN not in pushed and "widgets" not in json.loads(pushed)["metadata"]


def test_a_setting_it_cannot_understand_refuses_naming_it(tmp_path, env, fake_github):
    admin_config(tmp_path, fake_github, 'c.CloudShareApp.share_policy = {"push": "Block"}\n')
    notebook(tmp_path, "print('hello')")
    fake_github.reset_counts()
    run = cloudshare(env, tmp_path, "push", "demo.ipynb", "--repo", "octocat/hello")
    assert run.returncode != 0 and "CloudShareApp.share_policy" in run.stderr
    assert "'Block'" in run.stderr and fake_github.request_count() == 0
    settings = cloudshare(env, tmp_path, "settings")
    assert settings.returncode == 2 and "CloudShareApp.share_policy" in settings.stderr


def test_the_admins_folder_outranks_the_users_and_the_lock_drops_home(tmp_path, env, fake_github):
    admin_config(tmp_path, fake_github, 'c.CloudShareApp.share_policy = {"gist": "block"}\n')
    (tmp_path / "user-config" / "jupyter_server_config.py").write_text(
        'c.CloudShareApp.share_policy = {"gist": "off"}\n'
        'c.CloudShareApp.export_default_format = "script"\n'
    )
    shown = json.loads(cloudshare(env, tmp_path, "settings", "--json").stdout)
    assert shown["settings"]["share_policy"]["value"] == {"gist": "block"}
    assert shown["settings"]["export_default_format"]["value"] == "script"
    # Under a hub's lock, folders in the user's home are not read at all.
    locked = {**env, "JUPYTERHUB_DISABLE_USER_CONFIG": "1", "HOME": str(tmp_path)}
    shown = json.loads(cloudshare(locked, tmp_path, "settings", "--json").stdout)
    assert shown["settings"]["export_default_format"]["value"] == "colab"
    assert not any("user-config" in f for f in shown["configFiles"])
