"""core.notebook: bytes in, normalised nbformat-4 dict out, or one clear error."""

from __future__ import annotations

import json

import pytest

from jupyterlab_cloudshare.core.errors import FileTooLargeError, NotebookError, NotFoundError
from jupyterlab_cloudshare.core.notebook import (
    read_notebook,
    read_notebook_file,
    strip_outputs,
    to_ipynb_json,
)

from .notebooks import code, md, notebook, to_bytes, v3_notebook


def test_sources_are_joined_and_cells_kept():
    nb = notebook(code(["a = 1\n", "b = 2"]), md("x"))
    out = read_notebook(to_bytes(nb), "n.ipynb")
    assert out["nbformat"] == 4
    assert [c["source"] for c in out["cells"]] == ["a = 1\nb = 2", "x"]


@pytest.mark.parametrize("minor", [0, 1, 2, 3, 4, 5])
def test_reads_every_v4_minor(minor):
    out = read_notebook(to_bytes(notebook(code("x"), minor=minor, ids=False)), "n")
    assert out["nbformat_minor"] == minor and out["cells"][0]["source"] == "x"


def test_upgrades_v3():
    out = read_notebook(to_bytes(v3_notebook("x = 1\ny = 2")), "old.ipynb")
    assert [c["cell_type"] for c in out["cells"]] == ["markdown", "code"]
    assert out["cells"][1]["source"] == "x = 1\ny = 2"


def test_utf8_bom_and_utf16_are_read():
    data = to_bytes(notebook(code("é")))
    assert read_notebook(b"\xef\xbb\xbf" + data, "n")["cells"][0]["source"] == "é"
    utf16 = json.dumps(notebook(code("é"))).encode("utf-16")
    assert read_notebook(utf16, "n")["cells"][0]["source"] == "é"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\x00PK", "binary"),
        (b"\xff\xfe\x00\xd8", "UTF-16"),
        ("é".encode("latin-1") + b"{}", "UTF-8"),
        (b"{", "not valid JSON"),
        (b"[" * 200000 + b"]" * 200000, "nested"),
        (b"[]", "not a notebook"),
        (b'{"cells": []}', "nbformat"),
        (b'{"nbformat": "4", "cells": []}', "must be a number"),
        (b'{"nbformat": 5, "cells": []}', "not supported"),
        (b'{"nbformat": 4}', "cells"),
        (b'{"nbformat": 4, "cells": [1]}', "not an object"),
        (b'{"nbformat": 4, "cells": [{"cell_type": 7}]}', "cell_type"),
        (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}', "not text"),
        (b'{"nbformat": 4, "cells": [], "metadata": []}', "metadata"),
        (b'{"nbformat": 3, "cells": []}', "worksheets"),
    ],
)
def test_malformed_input_is_one_line_error(data, words):
    with pytest.raises(NotebookError) as info:
        read_notebook(data, "bad.ipynb")
    message = info.value.message
    assert message.startswith("bad.ipynb: ")
    assert words in message
    assert "\n" not in message


def test_file_errors(tmp_path):
    with pytest.raises(NotFoundError):
        read_notebook_file(tmp_path / "missing.ipynb")
    with pytest.raises(NotebookError):
        read_notebook_file(tmp_path)
    path = tmp_path / "n.ipynb"
    path.write_bytes(to_bytes(notebook(code("x"))))
    with pytest.raises(FileTooLargeError):
        read_notebook_file(path, max_bytes=10)
    assert read_notebook_file(path)["cells"][0]["source"] == "x"


def test_strip_outputs_copies():
    nb = read_notebook(to_bytes(notebook(code("x", outputs=[{"output_type": "stream"}]))))
    stripped = strip_outputs(nb)
    assert stripped["cells"][0]["outputs"] == []
    assert nb["cells"][0]["outputs"] == [{"output_type": "stream"}]
    assert json.loads(to_ipynb_json(stripped))["cells"][0]["outputs"] == []
