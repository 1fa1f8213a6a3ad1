"""Inputs built to make a careless reader slow (nested or unclosed structure, runs of anchors).

One table serves two users: ``tests/unit/test_scan_pathological.py`` checks that each input
is read without error and does not hide a value that follows it, and
``benchmarks/bench_pathological.py`` times each input at several sizes and reports how the
time grows (it must grow linearly). Speed is measured there, never in a unit test.

Each case is ``(reader, build)``: ``reader`` names the scanner entry point that gets the
text, ``build(k)`` makes the text ``k`` times its base size.
"""

from __future__ import annotations

from collections.abc import Callable

#: The entry points: "formats" (HL7/FHIR/DICOM/record recognisers), "tables" (text and
#: HTML table readers), "notebook" (a whole notebook: stream, HTML result and markdown),
#: "context" (a code cell's source read for the columns it names), "notes" (the free-text
#: PHI patterns and labels), "secrets" (the credential rules), "address" (the street
#: address check), "export-colab"/"export-percent"/"export-script" (a code cell exported).
READERS = (
    "formats",
    "tables",
    "notebook",
    "context",
    "notes",
    "secrets",
    "address",
    "export-colab",
    "export-percent",
    "export-script",
)


def _times(unit: str, n: int, head: str = "", tail: str = "") -> Callable[[int], str]:
    return lambda k: head + unit * (n * k) + tail


CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    # HL7 v2
    "hl7 msh runs": ("formats", _times("MSH|", 50_000)),
    "hl7 repeated components": (
        "formats",
        _times("MSH|^~\\\\&|A|B\\rPID|||" + "1^" * 20 + "\\r", 3000),
    ),
    "hl7 pid runs": ("formats", _times("PID|||1|", 25_000, head="MSH|^~\\&|x\n")),
    "hl7 bare pid": ("formats", _times("PID|", 50_000)),
    "hl7 parsed repr": ("formats", _times("[['PID'], ", 20_000)),
    "hl7 tree print": ("formats", _times("1 x\n", 100_000, head="0 PID\n")),
    "hl7 long names": ("formats", _times("SET_ID_NK1: 1\nNAME: " + "A^" * 50 + "\n", 5_000)),
    "hl7 tree carets": (
        "formats",
        _times("".join(f"{k} {'^' * 200}\n" for k in range(1, 40)), 300, head="0 PID\n"),
    ),
    "open brackets": ("formats", _times("[", 100_000)),
    # FHIR
    "fhir nested names": ("formats", _times('{"resourceType": "Patient", "name": [', 6000)),
    "fhir reversed braces": ("formats", _times('}"resourceType": "Patient"', 8000)),
    "fhir repr lines": (
        "formats",
        _times("{'resourceType': 'Patient', 'address': [{'line': ['", 4000),
    ),
    "fhir mixed openers": ("formats", _times("{[(", 70_000, tail='"resourceType": "Patient"')),
    "fhir frame values": ("formats", _times("[{'value': '", 30_000, head="resourceType Patient ")),
    "fhir model reprs": ("formats", _times("Patient(fhir_comments=None, name=[", 5_000)),
    "fhir frame rows": (
        "formats",
        _times("0 [{'family': 'A'}]\n", 20_000, head="resourceType Patient\n"),
    ),
    "fhir html encounter rows": (
        "formats",
        _times(
            "      \t3\n      \tEncounter\n      \t2024-03-25T09:15:00Z\n",
            20_000,
            head="resourceType period.start Patient/p1\n",
        ),
    ),
    # records
    "record dicts": ("formats", _times("{'ssn': '536-22-8726', 'name': 'John Smith', ", 5000)),
    "record key=value": ("formats", _times("name=John Smith mrn=12345678 ", 7000)),
    "record empty values": ("formats", _times("name = ", 30_000)),
    # tables
    "table wide gutter": ("tables", _times(" ", 100_000, head="SSN  ", tail="x\n")),
    "table many columns": ("tables", _times("0  " + "a " * 40 + "\n", 1_000, head="SSN  FIRST\n")),
    "table csv header": ("tables", lambda k: "ssn," * (20_000 * k) + "\n" + "1," * (20_000 * k)),
    "table open parens": ("tables", _times("(", 100_000, head="['ssn', 'name']\n")),
    "table open tuples": ("tables", _times("('", 50_000, head="['ssn', 'name']\n")),
    "table html rows": (
        "tables",
        _times("<tr><td>1</td>", 5_000, head="<table><tr><th>SSN</th></tr>", tail="</table>"),
    ),
    "table html headers": ("tables", _times("<table><th>SSN", 10_000)),
    "table header lines": ("tables", _times("SSN  x\n", 10_000)),
    "table patient lines": ("tables", _times("patient  x\n", 10_000)),
    # whole notebooks: markup, entities, escapes
    "unclosed comments": ("notebook", _times("<!--", 25_000)),
    "unclosed tags": ("notebook", _times("<a ", 33_000)),
    "unclosed quotes": (
        "notebook",
        lambda k: '<a title="' * (10_000 * k) + "<a title='" * (10_000 * k),
    ),
    # clinical notes: dates, asides after names, MIMIC's date marks, a repr's \n labels
    "note dated entries": ("notebook", _times("Pt 2021-01-01: ", 4000)),
    "note name asides": ("notebook", _times("Pt Ana Ruiz (F, ", 3000)),
    "note mimic date marks": ("notebook", _times("Patient [**2151-7-16**] ", 3000)),
    "note escaped labels": ("notebook", _times("Pt \\nMRN ", 5000)),
    "unclosed script": ("notebook", _times("<script>", 12_500)),
    "unclosed style": ("notebook", _times("\\", 100_000, head="<style>")),
    "entity starts": ("notebook", _times("&#", 50_000)),
    "named entity starts": ("notebook", _times("&amp", 25_000)),
    "ansi starts": ("notebook", _times("\x1b[", 50_000)),
    "osc starts": ("notebook", _times("\x1b]", 50_000)),
    "end tags": ("notebook", _times("</", 50_000)),
    "declarations": ("notebook", _times("<!", 50_000)),
    "srcdoc": ("notebook", _times("&lt;a ", 16_000, head='<iframe srcdoc="', tail='">')),
    # a code cell's source
    "context open calls": ("context", _times("print(", 50_000)),
    "context long select": ("context", _times("a, ", 100_000, head="SELECT ")),
    # free-text PHI: names by title, e-mails spelled out, phones, addresses, codes
    "notes patient runs": ("notes", _times("Patient ", 15000)),
    "notes initials": ("notes", _times("Pt A. ", 20000)),
    "notes titles": ("notes", _times("Mr. ", 30000)),
    "notes doctor names": ("notes", _times("Dr. Ab ", 17000)),
    "notes spelled dots": ("notes", _times("patient john dot ", 7000)),
    "notes spelled ats": ("notes", _times("Patient x [at] ", 8000)),
    "notes initials and numbers": ("notes", _times("Pt b. 1 ", 15000)),
    "notes visit words": ("notes", _times("admitted on the ", 8000)),
    "notes country codes": ("notes", _times("+44 ", 30000)),
    "notes long phones": ("notes", _times("+44 1 1 1 1 1 1 1 1 ", 5000)),
    "notes extensions": ("notes", _times("617-432-8841 x ", 8000)),
    "notes encoded ats": ("notes", _times("a%40", 30000)),
    "notes po boxes": ("notes", _times("P.O. Box ", 12000)),
    "notes street runs": ("notes", _times("12 Oak, ", 15000, tail="Dover, DE 19901")),
    "notes capitalised words": ("notes", _times("Aa ", 40000, head="Patient: ")),
    "notes icd codes": ("notes", _times("E11.9 ", 20000, head="Patient 1 ")),
    "notes surname lists": ("notes", _times("Smith, ", 17000, head="Pt ")),
    # credentials
    "secrets sk prefixes": ("secrets", _times("sk-", 35_000)),
    "secrets lower run": ("secrets", _times("a", 100_000)),
    "secrets upper run": ("secrets", _times("A", 100_000)),
    "secrets basic auth": ("secrets", _times("A", 100_000, head="Basic ")),
    "secrets env magics": ("secrets", _times("%env ", 20_000)),
    "secrets password keys": ("secrets", _times("password=", 12_000)),
    "secrets curl users": ("secrets", _times("-u a:", 20_000)),
    "secrets password flags": ("secrets", _times(" -p", 35_000)),
    "secrets url userinfo": ("secrets", _times("://:", 25_000, tail="@")),
    "secrets key names": ("secrets", _times("_KEY=", 20_000)),
    "secrets long token": ("secrets", _times("x", 100_000, head="TOKEN=")),
    "secrets google refresh": ("secrets", _times("A", 100_000, head="1//0")),
    "secrets jwt dots": ("secrets", _times("a.", 50_000, head="eyJ")),
    "secrets bot tokens": ("secrets", _times("0" * 9 + ":AA", 8_000)),
    "secrets azure tildes": ("secrets", _times("q~", 50_000)),
    "secrets auth tuples": ("secrets", _times("auth=('", 15_000)),
    "secrets logins": ("secrets", _times(".login('", 12_000)),
    "secrets discord run": ("secrets", _times("M", 100_000, head="discord ")),
    "secrets twilio run": ("secrets", _times("0", 100_000, head="twilio AC")),
    # street addresses
    "address long word": ("address", _times("a", 5_000, head="1 ", tail="!")),
    "address many words": ("address", _times("a ", 5_000, head="1 ", tail="!")),
    "address many parts": ("address", _times(", b c", 5_000, head="1 a")),
    # exports of one code cell (a blank line made the percent writer quadratic)
    **{
        f"export {fmt} {what}": (f"export-{fmt}", build)
        for fmt in ("colab", "percent", "script")
        for what, build in (
            ("blank line", _times(" ", 200_000)),
            ("blank line then code", _times(" ", 200_000, tail="x")),
            ("comment tabs", _times("\t# ", 50_000, tail="!")),
        )
    },
}


def reader(name: str) -> Callable[[str], object]:
    """The scanner entry point ``name`` (see :data:`READERS`) as a function of one text."""
    if name == "formats":
        from jupyterlab_cloudshare.core.scan.formats import format_hits

        return lambda text: list(format_hits(text))
    if name == "tables":
        from jupyterlab_cloudshare.core.scan.tables import html_table_hits, text_table_hits

        return lambda text: (list(text_table_hits(text)), list(html_table_hits(text, text)))
    if name == "notebook":
        from jupyterlab_cloudshare.core.scan import scan_notebook

        return lambda text: scan_notebook(as_notebook(text))
    if name == "context":
        from jupyterlab_cloudshare.core.scan.context import cell_context

        return cell_context
    if name == "notes":
        from jupyterlab_cloudshare.core.scan import phi

        return lambda text: (list(phi.free_hits(text, frozenset())), list(phi.label_hits(text)))
    if name == "secrets":
        from jupyterlab_cloudshare.core.scan import secrets

        return lambda text: list(secrets.secret_hits(text))
    if name == "address":
        from jupyterlab_cloudshare.core.scan.validators import valid_address

        return valid_address
    if name.startswith("export-"):
        import json

        from jupyterlab_cloudshare.core.export import export_notebook
        from jupyterlab_cloudshare.core.notebook import read_notebook

        fmt = name.removeprefix("export-")
        return lambda text: (
            export_notebook(
                read_notebook(json.dumps(as_code_notebook(text)), "p.ipynb"), fmt, name="p.ipynb"
            ).text
        )
    raise ValueError(f"unknown reader {name!r}")


def as_code_notebook(source: str) -> dict[str, object]:
    """A Python notebook of one code cell holding ``source``."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
        "cells": [
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {},
                "execution_count": None,
                "source": source,
                "outputs": [],
            }
        ],
    }


def as_notebook(text: str) -> dict[str, object]:
    """A notebook holding ``text`` as a stream, an HTML result and a markdown cell."""
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": text},
        {
            "output_type": "execute_result",
            "execution_count": 1,
            "metadata": {},
            "data": {"text/html": text},
        },
    ]
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {},
                "execution_count": 1,
                "source": "x",
                "outputs": outputs,
            },
            {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": text},
        ],
    }
