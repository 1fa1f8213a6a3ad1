"""Percent scripts read back by jupytext itself: same cells, same metadata, every language.

The languages come from jupytext's own table of script languages, so a language jupytext
learns is tested (and must be exportable) without editing this file.
"""

from __future__ import annotations

from typing import Any

import jupytext
import jupytext.languages
import nbformat
import pytest

from jupyterlab_cloudshare.core.export import export_notebook
from jupyterlab_cloudshare.core.export.languages import lookup_language
from jupyterlab_cloudshare.core.notebook import normalise

from .notebooks import code, md, notebook, raw


def _with_meta(cell: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {**cell, "metadata": meta}


#: Every language jupytext reads percent scripts in, with one of its extensions.
JUPYTEXT_LANGUAGES: dict[str, str] = {}
for _ext, _spec in jupytext.languages._SCRIPT_EXTENSIONS.items():
    JUPYTEXT_LANGUAGES.setdefault(_spec["language"], _ext)

#: Cell metadata jupytext leaves out of text notebooks (its default filter).
UNKEPT = {"collapsed", "scrolled", "trusted", "execution", "ExecuteTime", "autoscroll"}


def _kernel_meta(language: str) -> dict[str, Any]:
    return {
        "kernelspec": {"name": f"k-{language}", "display_name": language, "language": language},
        "language_info": {"name": language},
    }


def _cells_of(nb: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (
            c["cell_type"],
            c["source"] if isinstance(c["source"], str) else "".join(c["source"]),
            {k: v for k, v in c.get("metadata", {}).items() if k not in UNKEPT},
        )
        for c in nb["cells"]
    ]


def _round_trip(nb: dict[str, Any], ext: str, *, header: bool = False) -> tuple[str, Any]:
    text = export_notebook(normalise(nb), "percent", name="nb.ipynb", header=header).text
    return text, jupytext.reads(text, fmt=f"{ext}:percent")


def _sample(language: str) -> dict[str, Any]:
    return notebook(
        _with_meta(
            md("# Title\n\nSome *text* with a [link](https://example.org)."), tags=["intro"]
        ),
        code("alpha = 0.1\nbeta = 2", tags=["parameters"]),
        code("value = alpha"),
        code(""),
        _with_meta(raw("raw text"), format="text/latex"),
        code("done", custom={"k": [1, 2]}, collapsed=True, scrolled=False),
        metadata=_kernel_meta(language),
    )


@pytest.mark.parametrize("language", sorted(JUPYTEXT_LANGUAGES))
def test_every_jupytext_language_is_exported_not_refused(language: str) -> None:
    assert lookup_language(language) is not None, f"{language} is not a known export language"


@pytest.mark.parametrize("language", sorted(JUPYTEXT_LANGUAGES))
def test_jupytext_reads_our_percent_script_back_to_the_same_cells_and_tags(
    language: str,
) -> None:
    nb = _sample(language)
    text, back = _round_trip(nb, JUPYTEXT_LANGUAGES[language])
    assert _cells_of(back) == _cells_of(nb), text


@pytest.mark.parametrize("language", sorted(JUPYTEXT_LANGUAGES))
def test_header_carries_the_kernelspec_back(language: str) -> None:
    nb = _sample(language)
    text, back = _round_trip(nb, JUPYTEXT_LANGUAGES[language], header=True)
    assert back["metadata"]["kernelspec"] == nb["metadata"]["kernelspec"], text
    assert _cells_of(back) == _cells_of(nb), text


def test_without_header_no_notebook_metadata_is_written() -> None:
    text, back = _round_trip(_sample("python"), ".py")
    assert "kernelspec" not in text and "kernelspec" not in back["metadata"]


def test_empty_notebook_is_an_empty_script_that_reads_back_to_no_cells() -> None:
    for header in (False, True):
        text, back = _round_trip(notebook(metadata=_kernel_meta("python")), ".py", header=header)
        compile(text, "empty.py", "exec")
        assert back["cells"] == []


def test_our_export_agrees_with_jupytexts_own_on_cell_markers() -> None:
    """Where jupytext itself writes a cell's metadata, ours writes the same line."""
    nb = _sample("python")
    ours = export_notebook(normalise(nb), "percent", name="nb.ipynb").text
    theirs = jupytext.writes(nbformat.from_dict(nb), fmt="py:percent")
    markers = [line for line in theirs.splitlines() if line.startswith("# %%")]
    assert [line for line in ours.splitlines() if line.startswith("# %%")] == markers
