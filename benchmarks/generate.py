"""Generators of big, realistic notebooks (plain nbformat-4 dicts) for benchmarks.

Deterministic: the same arguments give the same notebook. Reusable by every
benchmark (``from generate import ...`` when run from this folder).
"""

from __future__ import annotations

import base64
import json
import random
from typing import Any

KERNEL_META: dict[str, Any] = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python", "file_extension": ".py"},
}

_CODE = [
    "import numpy as np\nimport pandas as pd",
    "df = pd.read_csv('data_{i}.csv')\ndf.head()",
    "def f_{i}(x):\n    '''Square x.'''\n    return x ** 2\n\n"
    "result = [f_{i}(v) for v in range(10)]",
    "for k in range({i} % 7):\n    if k % 2:\n        print(k)\n    else:\n        continue",
    "class Model{i}:\n    def __init__(self, n):\n        self.n = n\n\n    def fit(self, X):\n"
    "        return X.mean(axis=0)",
    "x = np.linspace(0, 1, 100)\ny = np.sin(x * {i})\nplt.plot(x, y)",
]
_MAGIC = [
    "%matplotlib inline",
    "!pip install -q package_{i}",
    "%%time\ntotal = sum(range({i}))",
    "files = !ls *.csv\nprint(files)",
    "for f in files:\n    !wc -l {{f}}",
    "df.describe?",
]
_MARKDOWN = [
    "# Section {i}\n\nSome explanation with *emphasis* and `code`.",
    "## Step {i}\n\n- item one\n- item two\n\n```python\nprint('example')\n```",
    "The result of step {i} is shown below: $x^2 + y^2 = z^2$.",
]


def _cell(cell_type: str, source: str, **extra: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": cell_type, "source": source, "metadata": {}}
    if cell_type == "code":
        cell.update({"outputs": [], "execution_count": None})
    cell.update(extra)
    return cell


def mixed_notebook(n_cells: int, magic_ratio: float = 0.1, seed: int = 0) -> dict[str, Any]:
    """``n_cells`` cells: about 60% code (a share of them IPython magics), 40% markdown."""
    rng = random.Random(seed)
    cells = []
    for i in range(n_cells):
        roll = rng.random()
        if roll < 0.4:
            cells.append(_cell("markdown", rng.choice(_MARKDOWN).format(i=i)))
        elif roll < 0.4 + 0.6 * magic_ratio:
            cells.append(_cell("code", rng.choice(_MAGIC).format(i=i)))
        else:
            cells.append(_cell("code", rng.choice(_CODE).format(i=i)))
    for index, cell in enumerate(cells):
        cell["id"] = f"c{index:06d}"
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": KERNEL_META, "cells": cells}


def heavy_outputs_notebook(
    total_output_bytes: int = 10_000_000, n_cells: int = 50
) -> dict[str, Any]:
    """A few cells whose outputs (PNG data, long streams) add up to ``total_output_bytes``."""
    nb = mixed_notebook(n_cells, seed=1)
    n_code = sum(1 for cell in nb["cells"] if cell["cell_type"] == "code") or 1
    per_cell = total_output_bytes // n_code
    blob = base64.b64encode(bytes(range(256)) * (per_cell // 342 + 1)).decode()[:per_cell]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [
                {"output_type": "display_data", "data": {"image/png": blob}, "metadata": {}},
                {"output_type": "stream", "name": "stdout", "text": "line\n" * 100},
            ]
    return nb


def typical_notebook() -> dict[str, Any]:
    """A typical 200-cell analysis notebook."""
    return mixed_notebook(200, magic_ratio=0.1, seed=2)


def to_bytes(nb: dict[str, Any]) -> bytes:
    """The notebook as .ipynb bytes."""
    return json.dumps(nb, indent=1).encode("utf-8")
