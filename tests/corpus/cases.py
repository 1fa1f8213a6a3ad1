"""A labelled notebook and the cell/output builders every corpus module uses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Case:
    """A notebook, the format it shows, and the sensitive values it holds.

    ``labels`` are ``(type, value)`` pairs a scanner must report wherever the value
    is printed. ``allowed`` are sensitive values whose type is open to reading
    (a city, a ZIP beside a patient, a Synthea UUID patient id, an accession
    number): a finding on them counts neither for nor against a scanner.
    """

    name: str
    fmt: str
    nb: dict[str, Any]
    labels: list[tuple[str, str]] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)


def notebook(*cells: dict[str, Any]) -> dict[str, Any]:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "cells": list(cells),
    }


def code(source: str, *outputs: dict[str, Any]) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "id": uuid.uuid4().hex[:8],
        "metadata": {},
        "source": source,
        "execution_count": 1,
        "outputs": list(outputs),
    }


def markdown(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": uuid.uuid4().hex[:8], "metadata": {}, "source": source}


def stream(text: str, name: str = "stdout") -> dict[str, Any]:
    return {"output_type": "stream", "name": name, "text": text}


def result(data: dict[str, Any]) -> dict[str, Any]:
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": data}


def display(data: dict[str, Any]) -> dict[str, Any]:
    return {"output_type": "display_data", "metadata": {}, "data": data}


def text_result(text: str) -> dict[str, Any]:
    return result({"text/plain": text})


def error(ename: str, evalue: str, traceback: list[str]) -> dict[str, Any]:
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback}
