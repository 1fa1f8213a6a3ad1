"""``jupyter cloudshare drive ...`` run as a real process against the fake Drive and OAuth."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_cloudshare.core.drive import DEFAULT_FOLDER
from tests.drivekit import public_notebook
from tests.fakedrive.plugin import EMAIL, fake_google  # noqa: F401

CLEARED = (
    "GOOGLE_OAUTH_ACCESS_TOKEN",
    "JUPYTERHUB_API_URL",
    "JUPYTERHUB_USER",
    "JUPYTERHUB_API_TOKEN",
    "CLOUDSHARE_GOOGLE_API_URL",
    "CLOUDSHARE_GOOGLE_OAUTH_URL",
)
#: This checkout, so the child process imports the code under test.
REPO = Path(__file__).resolve().parents[2]
SSN_OUTPUT = {"output_type": "stream", "name": "stdout", "text": "SSN: 412-55-7781\n"}


class Cli:
    """Runs ``python -m jupyterlab_cloudshare.cli`` with its own Jupyter dirs."""

    def __init__(self, fake: Any, tmp: Path) -> None:
        self.fake, self.tmp = fake, tmp
        self.config_dir = tmp / "config"
        self.config_dir.mkdir()
        self.settings: dict[str, Any] = {
            "google_client_id": fake.client_id,
            "google_client_secret": fake.client_secret,
        }
        self.env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        self.env.update(
            JUPYTER_DATA_DIR=str(tmp / "data"),
            JUPYTER_CONFIG_DIR=str(self.config_dir),
            CLOUDSHARE_GOOGLE_API_URL=fake.api_url,
            CLOUDSHARE_GOOGLE_OAUTH_URL=fake.oauth_url,
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        )
        self.write_config()

    def write_config(self) -> None:
        (self.config_dir / "jupyter_server_config.json").write_text(
            json.dumps({"CloudShareApp": self.settings})
        )

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "jupyterlab_cloudshare.cli", "drive", *args]

    def run(self, *args: str) -> tuple[int, str, str]:
        proc = subprocess.run(
            self.argv(*args),
            cwd=self.tmp,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.no_secret(proc.stdout + proc.stderr)
        return proc.returncode, proc.stdout, proc.stderr

    def no_secret(self, text: str) -> None:
        fake = self.fake
        secrets = [fake.client_secret, *fake.access, *(g.refresh_token for g in fake.grants)]
        assert not any(s in text for s in secrets)

    def login(self) -> None:
        proc = subprocess.Popen(
            self.argv("login"),
            cwd=self.tmp,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        code = line.rsplit(" ", 1)[-1].strip()
        assert "https://www.google.com/device" in line
        time.sleep(0.3)  # let it poll once while pending
        self.fake.approve(code, EMAIL)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert f"Signed in to Google as {EMAIL}" in out
        self.no_secret(line + out + err)

    def token_file(self) -> Path:
        return self.tmp / "data" / "cloudshare" / "google-token.json"


@pytest.fixture
def cli(fake_google, tmp_path) -> Cli:  # noqa: F811
    return Cli(fake_google, tmp_path)


@pytest.fixture
def nb(tmp_path: Path) -> bytes:
    data = public_notebook()
    (tmp_path / "demo.ipynb").write_bytes(data)
    return data


def test_login_save_update_share_and_logout(cli, fake_google, nb):  # noqa: F811
    cli.login()
    assert stat.S_IMODE(cli.token_file().stat().st_mode) == 0o600
    code, out, err = cli.run("save", "demo.ipynb", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert set(first) == {"fileId", "name", "colabUrl", "webViewLink", "folderId", "created"}
    assert first["created"] is True and first["name"] == "demo.ipynb"
    assert first["colabUrl"] == f"https://colab.research.google.com/drive/{first['fileId']}"
    folder = fake_google.folders(DEFAULT_FOLDER, EMAIL)[0]
    assert first["folderId"] == folder.id
    assert fake_google.content(first["fileId"]) == nb
    assert fake_google.files[first["fileId"]].mime == "application/vnd.google.colaboratory"
    assert fake_google.files[first["fileId"]].permissions == []

    before = len(fake_google.requests)
    code, out, err = cli.run("save", "demo.ipynb", "--json", "--share", "reader")
    second = json.loads(out)
    assert code == 0 and second["fileId"] == first["fileId"] and second["created"] is False
    assert len(fake_google.requests) - before <= 3
    perms = fake_google.files[first["fileId"]].permissions
    assert [(p["type"], p["role"]) for p in perms] == [("anyone", "reader")]

    code, out, _ = cli.run("logout")
    assert code == 0 and "revoked" in out
    assert not cli.token_file().exists()
    assert all(g.revoked for g in fake_google.grants)
    code, out, err = cli.run("save", "demo.ipynb")
    assert code == 1 and out == "" and err.count("\n") == 1 and "sign in" in err.lower()


def test_a_conflict_exits_3_and_writes_nothing(cli, fake_google, nb):  # noqa: F811
    cli.login()
    _, out, _ = cli.run("save", "demo.ipynb", "--json")
    fid = json.loads(out)["fileId"]
    fake_google.edit(fid, b'{"theirs": 1}')
    before = [r for r in fake_google.requests]
    code, out, err = cli.run("save", "demo.ipynb", "--json")
    assert code == 3 and out == "" and err.count("\n") == 1
    assert "--on-conflict" in err
    assert fake_google.content(fid) == b'{"theirs": 1}'
    assert [r["method"] for r in fake_google.requests[len(before) :]] == ["GET"]
    code, out, _ = cli.run("save", "demo.ipynb", "--json", "--on-conflict", "new")
    assert code == 0 and json.loads(out)["fileId"] != fid
    assert fake_google.content(fid) == b'{"theirs": 1}'


def test_open_by_id_and_both_url_forms_never_over_a_file(cli, fake_google, nb, tmp_path):  # noqa: F811
    cli.login()
    _, out, _ = cli.run("save", "demo.ipynb", "--json")
    fid = json.loads(out)["fileId"]
    forms = [
        fid,
        f"https://drive.google.com/file/d/{fid}/view?usp=sharing",
        f"https://colab.research.google.com/drive/{fid}",
    ]
    for i, form in enumerate(forms):
        code, out, err = cli.run("open", form, "-o", f"copy{i}.ipynb", "--json")
        assert code == 0, err
        assert json.loads(out)["fileId"] == fid
        assert (tmp_path / f"copy{i}.ipynb").read_bytes() == nb
    code, out, err = cli.run("open", fid, "-o", "demo.ipynb")
    assert code != 0 and "--force" in err and err.count("\n") == 1
    (tmp_path / "demo.ipynb").write_text("{}")
    code, _, _ = cli.run("open", fid, "-o", "demo.ipynb", "--force")
    assert code == 0 and (tmp_path / "demo.ipynb").read_bytes() == nb
    code, _, err = cli.run("open", "https://example.com/nothing")
    assert code == 1 and err.count("\n") == 1


def test_list_json(cli, fake_google, nb):  # noqa: F811
    cli.login()
    _, out, _ = cli.run("save", "demo.ipynb", "--json")
    fid = json.loads(out)["fileId"]
    code, out, err = cli.run("list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [f["fileId"] for f in listed["files"]] == [fid]
    assert listed["files"][0]["name"] == "demo.ipynb"


def test_phi_is_refused_under_block_before_any_request(cli, fake_google, tmp_path):  # noqa: F811
    nb = json.loads(public_notebook())
    nb["cells"].append(
        {
            "cell_type": "code",
            "id": "phi",
            "metadata": {},
            "source": "print(record)",
            "outputs": [SSN_OUTPUT],
            "execution_count": 1,
        }
    )
    (tmp_path / "phi.ipynb").write_text(json.dumps(nb))
    cli.settings["share_policy"] = {"drive": "block"}
    cli.write_config()
    access, _ = fake_google.issue_token(EMAIL)
    cli.env["GOOGLE_OAUTH_ACCESS_TOKEN"] = access
    code, out, err = cli.run("save", "phi.ipynb", "--json")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert fake_google.requests == []
    # The default ("warn") refuses too, until the findings are acknowledged.
    cli.settings.pop("share_policy")
    cli.write_config()
    code, _, err = cli.run("save", "phi.ipynb")
    assert code == 1 and "--acknowledge" in err
    fp = err.split("--acknowledge ", 1)[1].split()[0]
    code, out, err = cli.run("save", "phi.ipynb", "--acknowledge", fp, "--json")
    assert code == 0, err


def test_an_expired_token_is_refreshed_once_and_a_revoked_one_is_one_line(cli, fake_google, nb):  # noqa: F811
    cli.login()
    code, out, _ = cli.run("save", "demo.ipynb", "--json")
    fid = json.loads(out)["fileId"]
    for token in list(fake_google.access):
        fake_google.expire(token)
    before = len(fake_google.requests)
    code, out, err = cli.run("save", "demo.ipynb", "--json")
    assert code == 0, err and json.loads(out)["fileId"] == fid
    refreshes = [r for r in fake_google.requests[before:] if r["path"] == "/token"]
    assert len(refreshes) == 1
    fake_google.revoke_grant(EMAIL)
    for token in list(fake_google.access):
        fake_google.expire(token)
    code, out, err = cli.run("save", "demo.ipynb", "--json")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "sign in" in err.lower()


def test_api_url_flag_wins_over_the_environment(cli, fake_google, nb):  # noqa: F811
    access, _ = fake_google.issue_token(EMAIL)
    cli.env["GOOGLE_OAUTH_ACCESS_TOKEN"] = access
    cli.env["CLOUDSHARE_GOOGLE_API_URL"] = "http://127.0.0.1:9"
    code, _, err = cli.run("list")
    assert code == 1 and "Cannot reach Google Drive" in err
    code, out, err = cli.run("list", "--api-url", fake_google.api_url, "--json")
    assert code == 0, err and json.loads(out)["files"] == []
