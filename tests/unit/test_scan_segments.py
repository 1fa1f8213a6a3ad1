"""Reading everything a notebook holds: hidden HTML, escapes, attachments, metadata, widget
state, joined streams, the file name; linear time; what cannot be read, and the copy without it.
"""

from __future__ import annotations

import base64
import copy
import html
import json

import pytest

from jupyterlab_cloudshare.core.scan import ScanConfig, scan_notebook
from jupyterlab_cloudshare.core.scan.segments import (
    Unscanned,
    clean_text,
    iter_segments,
    shareable_copy,
    unscanned,
)

from .labelled import code, markdown, result, stream

SSN = "412-55-7781"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def nb(*cells, metadata=None):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {}, "cells": list(cells)}


def display(data, metadata=None):
    return {"output_type": "display_data", "metadata": metadata or {}, "data": data}


def stored(notebook, path):
    """The stored string at a finding's path (JSON values as the scanner reads them)."""
    texts = {s.path: s.text for s in iter_segments(notebook)}
    return texts[path]


def ssn_findings(notebook, **kw):
    return [f for f in scan_notebook(notebook, **kw) if f.type == "SSN"]


def the_ssn(notebook, **kw):
    """The one SSN finding; its stored span, read as the scanner reads it, is the SSN."""
    (f,) = ssn_findings(notebook, **kw)
    span = stored(notebook, f.path)[f.start : f.end]
    mode = "html" if "<" in span or "&" in span else "plain"
    assert clean_text(span, mode).clean.replace("\n", "") == SSN, (span, f)
    return f


# ---- split and disguised values ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("SSN \x1b[31m412-55-\x1b[0m7781", "stream"),  # colour codes inside the value
        ("SSN 412\u200b-55-\u2060778\ufeff1", "stream"),  # zero-width characters
        ("SSN 412\xad-55-7781", "source"),  # a soft hyphen
        ("SSN 412\u201155\u20117781", "source"),  # non-breaking hyphens look like hyphens
        ("SSN &#52;12-55-7781", "html"),  # a numeric entity
        ("SSN 412&#x2d;55&#45;7781", "html"),
        ("SSN <b>412</b>-55-<span>7781</span>", "html"),  # inline tags split nothing
        ("SSN 412&shy;-55-7781", "html"),
        ("SSN 4&ZeroWidthSpace;12-55-7781", "markdown"),
    ],
)
def test_a_split_or_disguised_value_is_found_with_offsets_into_the_stored_text(text, where):
    if where == "stream":
        notebook = nb(code("x", stream(text)))
    elif where == "source":
        notebook = nb(code(f"x = '{text}'"))
    elif where == "markdown":
        notebook = nb(markdown(text))
    else:
        notebook = nb(code("x", result({"text/html": f"<div><p>{text}</p></div>"})))
    the_ssn(notebook)


def test_the_excerpt_comes_from_the_stored_text_and_hides_the_value():
    notebook = nb(code("x", stream(f"SSN \x1b[1m{SSN}\x1b[0m ok")))
    f = the_ssn(notebook)
    assert "412" not in f.excerpt and "\x1b" not in f.excerpt and f.excerpt.startswith("SSN")


# ---- hidden HTML ------------------------------------------------------------------------
HIDDEN_HTML = {
    "title attribute": f'<td title="Patient SSN {SSN}">row 1</td>',
    "alt text": f'<img src="x.png" alt="scan of card, SSN {SSN}">',
    "data attribute": f'<tr data-ssn="{SSN}"><td>1</td></tr>',
    "input value": f'<label>SSN</label><input name="ssn" value="{html.escape(SSN)}">',
    "entity in attribute": '<a title="SSN &#52;12-55-7781">x</a>',
    "comment": f"<p>ok</p><!-- SSN {SSN} -->",
    "unclosed comment": f"<p>ok</p><!-- SSN {SSN}",
    # Plotly writes its figure as JSON inside a script; a hover text may hold anything.
    "plotly script": '<div id="f"></div><script type="text/javascript">'
    'Plotly.newPlot("f", [{"type": "scatter", "x": [1], "y": [2], '
    '"hovertext": ["SSN \\u0034\\u00312-55-7781"]}], {"title": {"text": "t"}})</script>',
    # Bokeh embeds its document as JSON in a script element of its own type.
    "bokeh json": '<script type="application/json" id="p1">{"3a1f": {"roots": [{"type": '
    '"object", "name": "Div", "attributes": {"text": "SSN 412-55-7781"}}]}}</script>',
    # pandas' Styler puts tooltips in CSS ``content`` strings.
    "styler css": "<style type='text/css'>#T_1_row0_col0 .pd-t::after "
    '{ content: "SSN \\34 12-55-7781"; }</style><table id="T_1"></table>',
    "textarea": f"<textarea>SSN {SSN}</textarea>",
}


@pytest.mark.parametrize("name", sorted(HIDDEN_HTML))
def test_what_html_hides_is_read(name):
    doc = HIDDEN_HTML[name]
    notebook = nb(code("x", result({"text/html": doc, "text/plain": "<obj>"})))
    (f,) = ssn_findings(notebook)
    assert f.path == "/cells/0/outputs/0/data/text/html"
    assert 0 <= f.start < f.end <= len(doc)


def _folium_like(popup: str) -> str:
    """A map as folium shows it: a whole HTML page escaped into an iframe's ``srcdoc``."""
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'/>"
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
        "</head><body><div class='folium-map' id='map_1'></div><script>"
        "var map_1 = L.map('map_1', {center: [42.36, -71.06], zoom: 12});"
        "var marker_2 = L.marker([42.36, -71.06]).addTo(map_1);"
        f'var html_3 = $(`<div id="html_3" style="width: 100.0%;">{popup}</div>`)[0];'
        "marker_2.bindPopup(html_3);</script></body></html>"
    )
    return (
        '<div style="width:100%;"><div style="position:relative;width:100%;height:0;'
        'padding-bottom:60%;"><iframe srcdoc="'
        + html.escape(page, quote=True)
        + '" style="position:absolute;width:100%;height:100%;left:0;top:0;border:none '
        '!important;" allowfullscreen></iframe></div></div>'
    )


def test_a_map_page_inside_srcdoc_is_read():
    doc = _folium_like(f"Jane Roe, SSN {SSN}")
    notebook = nb(code("m", result({"text/html": doc})))
    (f,) = ssn_findings(notebook)
    assert html.unescape(doc[f.start : f.end]) == SSN


def test_a_pandas_styler_tooltip_is_read():
    pd = pytest.importorskip("pandas")
    pytest.importorskip("jinja2")
    frame = pd.DataFrame({"visit": ["2024-01-02"], "score": [3]})
    tips = pd.DataFrame({"visit": [f"SSN {SSN}"], "score": [""]})
    doc = frame.style.set_tooltips(tips).to_html()
    assert SSN in doc  # the tooltip really is in the page's CSS
    notebook = nb(code("styled", result({"text/html": doc})))
    assert len(ssn_findings(notebook)) == 1


# ---- attachments, metadata, widget state, ids, the file name ----------------------------
def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_attachment_names_and_text_payloads_are_read():
    cell = markdown("![card](attachment:card.png)")
    cell["attachments"] = {
        f"card_{SSN}.png": {"image/png": b64("\x89PNG\r\n\x1a\n") + "AAAA"},
        "notes.txt": {"text/plain": b64(f"patient SSN {SSN}\n")},
    }
    paths = sorted(f.path for f in ssn_findings(nb(cell)))
    assert paths == [
        f"/cells/0/attachments/card_{SSN}.png",
        "/cells/0/attachments/notes.txt/text/plain",
    ]


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ("notebook", "/metadata"),
        ("cell", "/cells/0/metadata"),
        ("output", "/cells/0/outputs/0/metadata"),
    ],
)
def test_metadata_is_read(where, path):
    meta = {"title": "Intake", "reviewer_note": f"SSN {SSN}"}
    cell = code("x", display({"text/plain": "1"}, meta if where == "output" else None))
    if where == "cell":
        cell["metadata"] = meta
    notebook = nb(cell, metadata=meta if where == "notebook" else None)
    f = the_ssn(notebook) if where != "notebook" else ssn_findings(notebook)[0]
    assert f.path == path and (f.cell == -1) == (where == "notebook")
    assert f.in_output == (where == "output")


def widget_notebook(buffers=False):
    """Saved widget state in the format ipywidgets documents (widget-state+json)."""
    text_model = {
        "model_name": "TextModel",
        "model_module": "@jupyter-widgets/controls",
        "model_module_version": "2.0.0",
        "state": {"description": "Patient SSN", "value": SSN, "layout": "IPY_MODEL_l1"},
    }
    image_model = {
        "model_name": "ImageModel",
        "model_module": "@jupyter-widgets/controls",
        "model_module_version": "2.0.0",
        "state": {"format": "png", "layout": "IPY_MODEL_l1"},
    }
    if buffers:
        image_model["buffers"] = [
            {"encoding": "base64", "path": ["value"], "data": b64("\x89PNG\r\n\x1a\n")}
        ]
    state = {"version_major": 2, "version_minor": 0, "state": {"t1": text_model, "i1": image_model}}
    view = {"model_id": "t1", "version_major": 2, "version_minor": 0}
    cell = code("w", display({"application/vnd.jupyter.widget-view+json": view}))
    return nb(cell, metadata={"widgets": {WIDGET_STATE: state}})


def test_widget_values_and_descriptions_are_read_and_buffers_are_unscanned():
    notebook = widget_notebook(buffers=True)
    (f,) = ssn_findings(notebook)
    assert f.path == "/metadata" and stored(notebook, "/metadata")[f.start : f.end] == SSN
    assert unscanned(notebook) == [
        Unscanned(f"/metadata/widgets/{WIDGET_STATE}/state/i1/buffers", "binary widget buffers")
    ]


def test_a_cell_id_and_the_file_name_are_read():
    cell = code("x = 1")
    cell["id"] = SSN  # a valid nbformat id
    assert [f.path for f in ssn_findings(nb(cell))] == ["/cells/0/id"]
    findings = ssn_findings(nb(code("x = 1")), name=f"visits/patient_{SSN}.ipynb")
    assert [(f.path, f.start, f.end, f.cell) for f in findings] == [("/name", 15, 26, -1)]


# ---- streams as the reader sees them ----------------------------------------------------
def write(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def test_writes_to_one_stream_are_read_joined():
    notebook = nb(code("x", write("SSN 412-55-"), write("7781\nnext line\n")))
    (f,) = ssn_findings(notebook)
    assert (f.path, f.start, f.end) == ("/cells/0/outputs/0/text", 4, 11)  # cut at its output
    later = nb(code("x", write("loading...\n"), write("SSN "), write(SSN + "\n")))
    (g,) = ssn_findings(later)
    assert (g.path, g.start, g.end) == ("/cells/0/outputs/2/text", 0, 11)


def test_writes_to_other_streams_or_across_a_display_are_not_joined():
    apart = [write("SSN 412-55-"), write("7781\n", "stderr")]
    assert ssn_findings(nb(code("x", *apart))) == []
    apart = [write("SSN 412-55-"), display({"text/plain": "1"}), write("7781\n")]
    assert ssn_findings(nb(code("x", *apart))) == []


def test_each_stored_string_stays_a_segment_of_its_own():
    notebook = nb(code("x", write("a"), write("b")))
    assert [s.path for s in iter_segments(notebook)] == [
        "/cells/0/source", "/cells/0/outputs/0/text", "/cells/0/outputs/1/text",
    ]  # fmt: skip


# ---- suppressions -----------------------------------------------------------------------
def test_user_suppressions_can_be_ignored():
    cell = code(f"ssn = '{SSN}'  # cloudshare: ignore")
    other = code(f"ssn = '{SSN}'")
    other["metadata"] = {"cloudshare": {"ignore": True}}
    notebook = nb(cell, other)
    assert ssn_findings(notebook) == []
    assert [f.cell for f in ssn_findings(notebook, honour_suppressions=False)] == [0, 1]
    allow = ScanConfig(allow_patterns=[r"412-55-\d{4}"])
    assert scan_notebook(notebook, allow, honour_suppressions=False) == []


def test_a_long_segment_is_read_in_windows_without_losing_values(monkeypatch):
    from jupyterlab_cloudshare.core import scan

    monkeypatch.setattr(scan, "WINDOW", 1 << 16)  # the same code, with less text to read
    calls = []
    detect = scan._detect
    monkeypatch.setattr(
        scan, "_detect", lambda text, *a, **k: calls.append(text) or detect(text, *a, **k)
    )
    WINDOW = scan.WINDOW
    line = "epoch 1 step 2 loss=0.123456 acc=0.9876 lr=0.001\n"
    filler = line * (WINDOW // len(line))
    text = filler + f"SSN {SSN}\n" + filler + filler + f"SSN {SSN[:-1]}2\n"
    findings = ssn_findings(nb(code("x", stream(text))))
    assert [text[f.start : f.end] for f in findings] == [SSN, SSN[:-1] + "2"]
    assert len(calls) >= 3 and max(map(len, calls)) <= WINDOW + 4096


# ---- what cannot be read, and the copy without it ---------------------------------------
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + f"SSN {SSN}".encode()).decode()


def unreadable_notebook():
    cell = code("plot()", display({"image/png": PNG, "text/plain": "<Figure>"}))
    cell["outputs"].append({"output_type": "holographic", "data": {"x": SSN}})
    cell["outputs"].append(write(["line\n", 7]))
    art = markdown("![x](attachment:x.png)")
    art["attachments"] = {"x.png": {"image/png": PNG}}
    odd = code({"text": "not a string"})
    deep: object = "end"
    for _ in range(50_000):
        deep = [deep]
    notebook = widget_notebook(buffers=True)
    notebook["cells"] += [cell, art, odd]
    notebook["metadata"]["deep"] = deep
    return notebook


EXPECTED_UNSCANNED = [
    f"/metadata/widgets/{WIDGET_STATE}/state/i1/buffers",
    "/metadata",  # too deep to read
    "/cells/1/outputs/0/data/image/png",
    "/cells/1/outputs/1",
    "/cells/1/outputs/2/text/1",
    "/cells/2/attachments",
    "/cells/3/source",
]


def test_unscanned_lists_what_is_shared_but_not_read():
    found = unscanned(unreadable_notebook())
    assert [u.path for u in found] == EXPECTED_UNSCANNED
    assert all(u.reason for u in found)
    reasons = " ".join(u.reason for u in found)
    assert "image/png" in reasons and "holographic" in reasons and "int" in reasons


def test_a_readable_notebook_has_nothing_unscanned():
    cell = markdown("![card](attachment:a.txt)")
    cell["attachments"] = {"a.txt": {"text/plain": b64("hello")}}
    notebook = nb(cell, code("x", stream("ok"), result({"text/html": "<b>1</b>"})))
    assert unscanned(notebook) == [] and unscanned(widget_notebook()) == []


def test_shareable_copy_drops_what_is_not_read_and_leaves_the_original():
    import nbformat

    original = unreadable_notebook()
    original["metadata"].pop("deep")  # copy.deepcopy below cannot copy that depth
    before = copy.deepcopy(original)
    shared, removed = shareable_copy(original)
    assert original == before
    assert [u.path for u in removed] == [p for p in EXPECTED_UNSCANNED if p != "/metadata"]
    assert PNG not in json.dumps(shared) and "holographic" not in json.dumps(shared)
    assert unscanned(shared) == []
    assert shared["cells"][3]["source"] == "" and shared["cells"][1]["outputs"][1]["text"] == [
        "line\n"
    ]
    assert "attachments" not in shared["cells"][2]
    nbformat.validate(nbformat.from_dict(shared))  # still a notebook


def test_shareable_copy_of_a_notebook_too_deep_to_read():
    shared, removed = shareable_copy(unreadable_notebook())
    assert "/metadata" in [u.path for u in removed] and shared["metadata"] == {}
    assert unscanned(shared) == []


def test_the_scanner_reads_what_is_left_after_the_copy():
    notebook = unreadable_notebook()
    notebook["metadata"].pop("deep")
    shared, _ = shareable_copy(notebook)
    (f,) = ssn_findings(shared)  # the widget's value is still there, and still found
    assert f.path == "/metadata"
