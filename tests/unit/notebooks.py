"""Small builders of notebook JSON for tests (plain dicts, nbformat 4 unless asked)."""

from __future__ import annotations

import json
from typing import Any

PYTHON_META: dict[str, Any] = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python", "file_extension": ".py"},
}


def code(source: str, outputs: list[dict[str, Any]] | None = None, **meta: Any) -> dict[str, Any]:
    """A code cell (with optional outputs)."""
    return {
        "cell_type": "code",
        "source": source,
        "metadata": dict(meta),
        "outputs": outputs or [],
        "execution_count": None,
    }


def md(source: str, **extra: Any) -> dict[str, Any]:
    """A markdown cell."""
    return {"cell_type": "markdown", "source": source, "metadata": {}, **extra}


def raw(source: str) -> dict[str, Any]:
    """A raw cell."""
    return {"cell_type": "raw", "source": source, "metadata": {}}


def notebook(
    *cells: dict[str, Any],
    metadata: dict[str, Any] | None = None,
    minor: int = 5,
    ids: bool = True,
) -> dict[str, Any]:
    """An nbformat-4 notebook dict; cells get ids when ``ids`` (and minor >= 5)."""
    out_cells = []
    for index, cell in enumerate(cells):
        cell = dict(cell)
        if ids and minor >= 5:
            cell.setdefault("id", f"cell-{index}")
        out_cells.append(cell)
    return {
        "nbformat": 4,
        "nbformat_minor": minor,
        "metadata": PYTHON_META if metadata is None else metadata,
        "cells": out_cells,
    }


def language_metadata(name: str, extension: str) -> dict[str, Any]:
    """Kernel metadata of a notebook in another language."""
    return {
        "kernelspec": {"name": name.lower(), "display_name": name, "language": name},
        "language_info": {"name": name, "file_extension": extension},
    }


def to_bytes(nb: dict[str, Any]) -> bytes:
    """The notebook as .ipynb file bytes."""
    return json.dumps(nb, indent=1).encode("utf-8")


def v3_notebook(*sources: str) -> dict[str, Any]:
    """An nbformat-3 notebook: one worksheet with a heading, then code cells."""
    cells: list[dict[str, Any]] = [
        {"cell_type": "heading", "level": 1, "source": ["Title"], "metadata": {}}
    ]
    for src in sources:
        cells.append(
            {
                "cell_type": "code",
                "input": src.splitlines(keepends=True),
                "language": "python",
                "outputs": [],
                "metadata": {},
                "collapsed": False,
            }
        )
    return {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": "old"},
        "worksheets": [{"cells": cells, "metadata": {}}],
    }


#: Code cells that use every IPython-only form, at top level and inside blocks.
MAGIC_CELLS = (
    "%matplotlib inline\nimport os",
    "!pip install -q requests\n!!ls",
    "files = !ls *.csv\nres = %timeit -o sum(range(10))",
    "os.path?\nos.path.join??\n?os\n??os",
    "for f in files:\n    !rm {f}",
    "if files:\n    %time x = 1\nelif x:\n    y = !echo hi\nelse:\n    !echo none\n# end",
    "def setup():\n    !pip install x\n    for i in range(2):\n        %env A=1\n\nsetup()",
    "try:\n    !ls \\\n        -l\nexcept Exception:\n    %xmode Plain",
    "class A:\n    def f(self):\n        !echo a\n    def g(self):\n        return 1",
    "s = '''\n!not a magic\n%neither\n'''\nprint(s)\n%who",
    "%%bash\necho $HOME\nfor i in 1 2; do echo $i; done",
    "%%time\nx = [i for i in range(10)]\n",
    "with open('f') as fh:\n    !cat f\nprint('done')",
    "x = {'a': 1,\n     'b': 2}\n%store x",
    "while False:\n    ?x",
)
