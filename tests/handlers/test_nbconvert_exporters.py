"""The script flavours as nbconvert exporters: the same bytes as the extension's own export.

``jupyter nbconvert --to colab_py|percent_py`` runs in a subprocess as a user
would run it, and the server's ``/api/nbconvert`` (what JupyterLab's "Save and
Export Notebook As" menu lists) and ``/nbconvert/{format}/{path}`` (what it
downloads) are asked through a real Jupyter Server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.unit.notebooks import code, language_metadata, md, notebook, raw, to_bytes

FLAVOURS = {"colab_py": "colab", "percent_py": "percent"}

NOTEBOOKS: dict[str, dict[str, Any]] = {
    "magics.ipynb": notebook(
        md("# Analysis\nSome *text*."),
        code("%matplotlib inline\nimport numpy as np\n!pip install foo"),
        code("%%bash\necho hi"),
        code("x = !ls\nnp.mean?"),
        raw("raw text"),
    ),
    "tags and empty.ipynb": notebook(
        code("alpha = 0.1", tags=["parameters"]),
        code(""),
        md(""),
    ),
    "r-kernel.ipynb": notebook(
        code("library(ggplot2)\nx <- 1"),
        md("A *note*"),
        metadata=language_metadata("R", ".r"),
    ),
}


def _cli_export(path: Path, flavour: str) -> bytes:
    cli = [sys.executable, "-m", "jupyterlab_cloudshare.cli"]
    done = subprocess.run(
        [*cli, "export", str(path), "-f", flavour, "-o", "-"],
        capture_output=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
@pytest.mark.parametrize("exporter", sorted(FLAVOURS))
def test_nbconvert_to_flavour_gives_the_same_bytes_as_cloudshare_export(
    tmp_path: Path, name: str, exporter: str
) -> None:
    path = tmp_path / name
    path.write_bytes(to_bytes(NOTEBOOKS[name]))
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", exporter, str(path), "--output-dir", str(out)],
        capture_output=True,
        check=True,
    )
    written = list(out.iterdir())
    assert len(written) == 1
    expected_ext = ".R" if name.startswith("r-") else ".py"
    assert written[0].name == Path(name).stem + expected_ext
    assert written[0].read_bytes() == _cli_export(path, FLAVOURS[exporter])


async def test_server_lists_the_exporters_for_the_export_menu(jp_fetch: Any) -> None:
    response = await jp_fetch("api", "nbconvert")
    listed = json.loads(response.body)
    for exporter in FLAVOURS:
        assert listed[exporter] == {"output_mimetype": "text/x-python"}


async def test_server_download_through_nbconvert_matches_the_extension_export(
    jp_fetch: Any, jp_root_dir: Path
) -> None:
    (jp_root_dir / "magics.ipynb").write_bytes(to_bytes(NOTEBOOKS["magics.ipynb"]))
    for exporter, flavour in FLAVOURS.items():
        via_nbconvert = await jp_fetch(
            "nbconvert", exporter, "magics.ipynb", params={"download": "true"}
        )
        via_extension = await jp_fetch(
            "cloudshare", "export", params={"path": "magics.ipynb", "format": flavour}
        )
        assert via_nbconvert.body == via_extension.body
        assert "magics.py" in via_nbconvert.headers["Content-Disposition"]


def test_nbconvert_applies_the_administrators_settings(tmp_path: Path) -> None:
    """A feature the admin turned off, or a blocking policy, holds in nbconvert too."""
    config = tmp_path / "etc"
    config.mkdir()
    path = tmp_path / "leak.ipynb"
    path.write_bytes(to_bytes(notebook(code("ssn = '219-45-6734'  # patient"))))
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["JUPYTER_CONFIG_PATH"] = str(config)
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "user")
    nbconvert = [sys.executable, "-m", "nbconvert", "--to", "colab_py", str(path)]
    for settings, words in (
        ({"disabled_features": ["export"]}, "export"),
        ({"share_policy": {"export": "block"}}, "SSN"),
    ):
        (config / "jupyter_server_config.json").write_text(json.dumps({"CloudShareApp": settings}))
        done = subprocess.run(nbconvert, capture_output=True, text=True, env=env)
        assert done.returncode != 0
        assert words in done.stderr
        assert not (tmp_path / "leak.py").exists()


def test_cli_percent_header_names_the_kernel(tmp_path: Path) -> None:
    path = tmp_path / "r-kernel.ipynb"
    path.write_bytes(to_bytes(NOTEBOOKS["r-kernel.ipynb"]))
    cli = [sys.executable, "-m", "jupyterlab_cloudshare.cli"]
    done = subprocess.run(
        [*cli, "export", str(path), "-f", "percent", "--header", "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("# ---\n# jupyter:\n")
    assert "#   kernelspec:" in done.stdout and 'format_name: "percent"' in done.stdout
