"""core.export: the colab, percent and script flavours and the rules they share."""

from __future__ import annotations

import ast
import re

import pytest

from jupyterlab_cloudshare.core.errors import InvalidRequestError, UnsupportedLanguageError
from jupyterlab_cloudshare.core.export import FORMATS, export_notebook, script_filename
from jupyterlab_cloudshare.core.notebook import read_notebook

from .notebooks import (
    MAGIC_CELLS,
    code,
    language_metadata,
    md,
    notebook,
    raw,
    to_bytes,
    v3_notebook,
)

jupytext = pytest.importorskip("jupytext")


def load(nb):
    return read_notebook(to_bytes(nb), "t.ipynb")


def export(nb, fmt, name="demo.ipynb", **kw):
    return export_notebook(load(nb), fmt, name=name, **kw)


MAGIC_NB = notebook(md("# Title\n\nSome *text*."), *[code(c) for c in MAGIC_CELLS], raw("raw"))


# ---- valid Python ---------------------------------------------------------
@pytest.mark.parametrize("fmt", ["colab", "script"])
def test_every_magic_form_gives_valid_python(fmt):
    text = export(MAGIC_NB, fmt).text
    ast.parse(text)


@pytest.mark.parametrize("source", MAGIC_CELLS)
def test_each_magic_cell_alone_is_valid_python_in_colab(source):
    text = export(notebook(code(source)), "colab").text
    ast.parse(text)


def test_colab_comments_magics_under_colab_note():
    text = export(notebook(code("%matplotlib inline\nx = 1")), "colab").text
    assert (
        "# Commented out IPython magic to ensure Python compatibility.\n"
        "# %matplotlib inline\nx = 1\n"
    ) in text


def test_colab_inserts_pass_where_a_block_empties():
    text = export(notebook(code("for f in x:\n    !rm f")), "colab").text
    assert "for f in x:\n    # !rm f\n    pass\n" in text
    ast.parse(text)


def test_colab_keeps_magic_like_text_inside_strings():
    text = export(notebook(code("s = '''\n!keep\n'''")), "colab").text
    assert "\n!keep\n" in text
    assert "Commented out" not in text


def test_colab_leaves_invalid_user_code_as_is():
    text = export(notebook(code("def broken(:\n    pass")), "colab").text
    assert "def broken(:\n    pass" in text


def test_colab_header_names_notebook_and_url():
    text = export(notebook(code("x = 1")), "colab", source_url="https://example.org/nb").text
    lines = text.splitlines()
    assert lines[0] == "# -*- coding: utf-8 -*-"
    assert lines[1] == '"""demo.ipynb'
    assert "Original file is located at\n    https://example.org/nb\n" in text
    assert "jupyterlab-cloudshare" in text
    doc = ast.get_docstring(ast.parse(text))
    assert doc.startswith("demo.ipynb\n")


def test_colab_header_without_url_omits_original_file():
    text = export(notebook(code("x = 1")), "colab").text
    assert "Original file" not in text


@pytest.mark.parametrize(
    "name",
    [
        'a """ b.ipynb',
        "back\\slash\\N{x}.ipynb",
        "ünï cødé 📓.ipynb",
        'quote".ipynb',
        "ctrl\x01\x1b.ipynb",
        "end\\.ipynb",
    ],
)
def test_colab_docstring_stays_valid_whatever_the_name(name):
    text = export(notebook(code("x = 1")), "colab", name=name).text
    tree = ast.parse(text)
    doc = ast.get_docstring(tree)
    assert doc.split("\n")[0] == name
    text.encode("utf-8")


@pytest.mark.parametrize("source", ["/len [1]", ",print a b", ";print a b"])
@pytest.mark.parametrize("fmt", ["colab", "script"])
def test_autocall_escapes_give_valid_python(fmt, source):
    # IPython rewrites a statement starting with '/', ',' or ';' (autocall).
    text = export(notebook(code("x = 1\n" + source)), fmt).text
    ast.parse(text)
    if fmt == "script":
        from IPython.core.inputtransformer2 import TransformerManager

        assert TransformerManager().transform_cell(source).strip() in text


def test_leading_commas_inside_a_string_are_kept():
    source = 'q = """\nSELECT a\n, b\n;\n"""'
    for fmt in ("colab", "script"):
        text = export(notebook(code(source)), fmt).text
        assert source in text
        ast.parse(text)


@pytest.mark.parametrize("fmt", ["colab", "script"])
@pytest.mark.parametrize("maker", [md, raw])
def test_nul_in_a_text_cell_still_gives_valid_python(fmt, maker):
    text = export(notebook(maker("before\x00after"), code("x = 1")), fmt).text
    ast.parse(text)
    assert "before\\x00after" in text


def test_colab_markdown_is_commented():
    text = export(notebook(md("# Title\n\ntext")), "colab").text
    assert "# # Title\n#\n# text\n" in text


# ---- script flavour ---------------------------------------------------------
@pytest.mark.parametrize("source", MAGIC_CELLS)
def test_script_matches_ipython_transformer(source):
    from IPython.core.inputtransformer2 import TransformerManager

    expected = TransformerManager().transform_cell(source).strip()
    text = export(notebook(code(source)), "script").text
    assert expected in text
    ast.parse(text)


def test_script_leaves_plain_cells_untouched():
    source = "import os\nprint(os.getcwd())"
    assert source in export(notebook(code(source)), "script").text


# ---- percent flavour ----------------------------------------------------------
PERCENT_CASES = {
    "magics": [code(c) for c in MAGIC_CELLS],
    "markers_in_text": [
        md("%% looks like a marker\n# %% too\nIn[3]:"),
        code("# %matplotlib inline\n# ls\n# + x\n#+ y\n# !echo"),
        raw("# %% raw marker\n<codecell>"),
        md("In [1]:\n%%\n"),
    ],
    "empties": [code(""), md(""), raw(""), code("\n\n"), md("x")],
    "blank_lines": [
        code("a\n\n\nb"),
        md("a\n\n\n\nb"),
        code("\n\nx"),
        code("x\n\n"),
        code("x\n   "),
    ],
    "fences": [md("```python\n# %% inside\n```"), md("```\nopen fence"), code("x = 1"), md("```")],
    "indented": [code("    x = 1\n    y = 2"), code("\tif x:\n\t\tpass")],
    "trailing_ws": [code("x = 1   \ny = 2\t"), md("text  \nmore  ")],
    "cell_magics": [
        code("%%bash\nls"),
        code('%%bash -s "a b"\necho $1'),
        code("%%python3\nx=1"),
        code("%%python\nx=1"),
        code("%%writefile f.py\nprint(1)"),
        code("%%bash \nls"),
    ],
    "strings": [code('x = """\n%not magic\n!nor this\n"""\n%who'), code("y = 'a'  # it's\n!ls")],
    "help": [code("obj?\nobj??\n?obj\nos.path.join?"), code("# x?")],
    "assign": [code("x = !ls\ny = %time 1"), code("if a:\n    x = !ls")],
}


def carried(cell):
    """The source jupytext can carry: percent cannot end a code cell with one newline."""
    kind, text = cell["cell_type"], cell["source"]
    if kind == "code" and text.endswith("\n") and text[:-1].split("\n")[-1].strip():
        return kind, text[:-1]
    # Text cells holding marker-like lines are written as a string, which ends on a line.
    if kind != "code" and text.endswith("\n") and re.search(r"^\s*(%%|In\[)", text, re.M):
        return kind, text[:-1]
    return kind, text


def same_cells(nb, text, fmt="py:percent"):
    back = jupytext.reads(text, fmt=fmt)
    want = [carried(c) for c in nb["cells"]]
    got = [(c.cell_type, c.source) for c in back.cells]
    if want and got and got[-1] != want[-1]:
        # The script ends with exactly one newline: the last cell may lose trailing blank lines.
        kind, last = want[-1]
        assert kind == "code" and got[-1] == (kind, re.sub(r"(\n[ \t]*)+$", "", last))
        want[-1] = got[-1]
    return want, got


@pytest.mark.parametrize("case", sorted(PERCENT_CASES))
def test_percent_round_trips_through_jupytext(case):
    nb = load(notebook(*PERCENT_CASES[case]))
    text = export_notebook(nb, "percent", name="x.ipynb").text
    want, got = same_cells(nb, text)
    assert got == want


def test_percent_keeps_exact_trailing_blank_lines_where_jupytext_can():
    nb = load(notebook(code("x\n\n"), md("a\n"), code("y")))
    back = jupytext.reads(export_notebook(nb, "percent", name="x").text, fmt="py:percent")
    assert [c.source for c in back.cells] == ["x\n\n", "a\n", "y"]


def test_percent_uses_jupytext_markers_and_comments_magics():
    text = export(notebook(md("Hi"), code("%time x = 1"), raw("r")), "percent").text
    assert text == "# %% [markdown]\n# Hi\n\n# %%\n# %time x = 1\n\n# %% [raw]\n# r\n"


def test_percent_is_faithful_on_a_random_mix():
    import random

    rng = random.Random(7)
    pieces = [
        "x = 1",
        "",
        "  ",
        "%time f()",
        "!ls",
        "# %% c",
        "# comment",
        "'''",
        '"""',
        "def f():",
        "    return 1",
        "```",
        "a?",
        "In[1]:",
        "%%bash",
        "y = !pwd",
        "\\",
    ]
    for _ in range(80):
        cells = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.choice(["code", "markdown", "raw"])
            # Code cells keep their strings closed: an open triple quote is invalid anyway.
            choices = [p for p in pieces if kind != "code" or p not in ("'''", '"""')]
            src = "\n".join(rng.choice(choices) for _ in range(rng.randint(0, 5)))
            cells.append({"code": code, "markdown": md, "raw": raw}[kind](src))
        nb = load(notebook(*cells))
        text = export_notebook(nb, "percent", name="x").text
        want, got = same_cells(nb, text)
        # jupytext itself cannot keep a code line that is a cell marker, nor a trailing
        # newline; compare where the format can carry the cell.
        # Nor a text cell with marker lines and both kinds of triple quotes.
        if any(
            (c["cell_type"] == "code" and ("# %%" in c["source"] or "In[1]:" in c["source"]))
            or ("'''" in c["source"] and '"""' in c["source"])
            for c in nb["cells"]
        ):
            continue
        assert got == want


# ---- shared rules -------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_outputs_attachments_and_widgets_never_reach_script(fmt):
    secret = "SECRET-OUTPUT-123"
    nb = notebook(
        code("x = 1", outputs=[{"output_type": "stream", "name": "stdout", "text": secret}]),
        md("![img](attachment:a.png)", attachments={"a.png": {"image/png": secret}}),
    )
    nb["metadata"] = {**nb["metadata"], "widgets": {"state": secret}}
    assert secret not in export(nb, fmt).text


@pytest.mark.parametrize("fmt", ["colab", "script"])
def test_whole_cell_indent_is_removed(fmt):
    text = export(notebook(code("    x = 1\n    if x:\n        y = 2")), fmt).text
    assert "\nx = 1\nif x:\n    y = 2\n" in text
    ast.parse(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_crlf_becomes_lf_and_one_final_newline(fmt):
    text = export(notebook(code("a = 1\r\nb = 2\rc = 3\r\n\r\n"), md("x\r\n")), fmt).text
    assert "\r" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "a = 1\nb = 2\nc = 3" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic(fmt):
    first = export(MAGIC_NB, fmt).text.encode()
    second = export(MAGIC_NB, fmt).text.encode()
    assert first == second


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "percent"])
def test_empty_notebook_gives_one_newline_terminated_text(fmt):
    text = export(notebook(), fmt).text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_empty_notebook_gives_an_empty_percent_script():
    # jupytext reads a lone newline back as one empty cell; an empty file is no cells.
    assert export(notebook(), "percent").text == ""


@pytest.mark.parametrize(
    ("name", "ext", "comment", "jupytext_fmt"),
    [
        ("R", ".r", "#", "R:percent"),
        ("julia", ".jl", "#", "jl:percent"),
        ("bash", ".sh", "#", "sh:percent"),
        ("scala", ".scala", "//", "scala:percent"),
        ("javascript", ".js", "//", "js:percent"),
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_other_languages_get_their_extension_and_comments(name, ext, comment, jupytext_fmt, fmt):
    nb = notebook(md("Title"), code("x <- c(1, 2)\n%foo"), metadata=language_metadata(name, ext))
    result = export(nb, fmt)
    assert result.extension.lower() == ext
    assert result.filename == "demo" + result.extension
    assert f"{comment} Title" in result.text
    assert "get_ipython" not in result.text
    if fmt != "percent":
        assert "x <- c(1, 2)\n%foo" in result.text
    else:
        assert result.text.startswith(f"{comment} %% [markdown]")
        want, got = same_cells(load(nb), result.text, jupytext_fmt)
        assert got == want


def test_language_from_kernelspec_only():
    meta = {"kernelspec": {"name": "ir", "display_name": "R", "language": "R"}}
    assert export(notebook(code("1"), metadata=meta), "colab").extension == ".R"


def test_notebook_without_metadata_is_python():
    assert export(notebook(code("1"), metadata={}), "colab").extension == ".py"


def test_unknown_language_is_a_clear_error():
    nb = notebook(code("1"), metadata=language_metadata("brainfuck", ".bf"))
    with pytest.raises(UnsupportedLanguageError) as info:
        export(nb, "colab")
    assert "brainfuck" in info.value.message
    assert "\n" not in info.value.message


def test_unknown_format_is_invalid_request():
    with pytest.raises(InvalidRequestError):
        export(notebook(), "pdf")


def test_v3_notebook_exports():
    nb = read_notebook(to_bytes(v3_notebook("x = 1", "%time y = 2")), "old.ipynb")
    text = export_notebook(nb, "colab", name="old.ipynb").text
    assert "# # Title" in text and "x = 1" in text and "# %time y = 2" in text
    ast.parse(text)


def test_v4_0_notebook_without_cell_ids_exports():
    nb = notebook(code("x = 1"), md("hi"), minor=0, ids=False)
    text = export(nb, "percent").text
    assert text == "# %%\nx = 1\n\n# %% [markdown]\n# hi\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a/b/My NB.ipynb", "My NB.py"),
        ("x.IPYNB", "x.py"),
        ("data.v2.ipynb", "data.v2.py"),
        (".ipynb", "notebook.py"),
        ("noext", "noext.py"),
    ],
)
def test_script_filename(name, expected):
    assert script_filename(name, ".py") == expected


def test_lone_surrogates_do_not_break_utf8():
    nb = load(notebook(code("x = 1")))
    nb["cells"][0]["source"] = "s = '\ud800'"
    export_notebook(nb, "colab", name="x").text.encode("utf-8")


# ---- pathological cells: linear work --------------------------------------
# A cell mixing every magic form, at top level and inside blocks, with
# magic-looking text in strings: the per-block rewrite must equal IPython's own.
MIXED_CELL = "\n".join(
    [
        *MAGIC_CELLS,
        "for f in files:",
        *[f"    !rm {{f}}.{n}" for n in range(12)],
        "    x = %time f",
        "    s = '''",
        "!not a command",
        "'''",
        "def g():",
        "    if True:",
        *[f"        %load_ext ext{n}" for n in range(10)],
        "    y = !ls \\",
        "        -la",
        "    return y",
        "obj.method?",
    ]
)


@pytest.mark.parametrize(
    "source",
    [
        *MAGIC_CELLS,
        MIXED_CELL,
        "\n".join(f"!echo {n}" for n in range(40)),
        "    " + "\n    ".join(f"%time {n}" for n in range(40)),
        ">>> x = 1\n>>> !ls",
    ],
)
def test_script_rewrite_equals_ipython_on_mixed_cells(source):
    from IPython.core.inputtransformer2 import TransformerManager

    from jupyterlab_cloudshare.core.export.ipython import ScriptTransformer

    assert ScriptTransformer().transform(source) == TransformerManager().transform_cell(source)


def test_script_rewrites_every_magic_of_a_long_cell():
    # IPython's own transformer gives up after 500 rewrites in one cell (and costs
    # n^2 before that): every one of 3000 lines must still become a call.
    source = "\n".join(f"!echo {n}" for n in range(3000))
    text = export(notebook(code(source)), "script").text
    assert text.count("get_ipython().system(") == 3000
    ast.parse(text)


def test_script_rewrites_many_magics_inside_one_block():
    source = "for n in range(3):\n" + "\n".join(f"    %time {n}" for n in range(2000))
    text = export(notebook(code(source)), "script").text
    assert text.count("get_ipython().run_line_magic('time'") == 2000
    ast.parse(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cell_of_an_unknown_type_exports_as_a_comment(fmt):
    nb = read_notebook(
        b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ['
        b'{"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []},'
        b'{"cell_type": "future-type", "source": "print(secret)", "metadata": {}},'
        b'{"cell_type": "code", "source": "y = 2", "metadata": {}, "outputs": []}]}'
    )
    text = export(nb, fmt).text
    compile(text, "out.py", "exec")
    assert "x = 1" in text and "y = 2" in text
    assert "# print(secret)" in text
    assert "\nprint(secret)" not in text
