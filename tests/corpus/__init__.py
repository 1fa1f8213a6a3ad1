"""A labelled corpus of notebooks built from the formats clinical data really takes.

``format_corpus()`` generates, from a seed, notebooks that print EHR and claims
extracts (:mod:`.extracts`), HL7 v2 messages (:mod:`.hl7v2`), FHIR resources
(:mod:`.fhir`), DICOM headers from pydicom's test files (:mod:`.dicom`), records
and clinical notes (:mod:`.records`), credentials (:mod:`.secrets`) and hard
negatives (:mod:`.negatives`). :mod:`.score` measures a scanner on it;
:mod:`.public` fetches real PHI-free notebooks. Test dependencies: pandas,
prettytable, tabulate, Faker, python-hl7, hl7apy, pydicom, fhir.resources.
"""

from __future__ import annotations

import random
import warnings

from .cases import Case

__all__ = ["Case", "first_corpus", "format_corpus"]

#: cases per family at size=1.0 (about 700 notebooks)
SIZES = {
    "extracts": 330,
    "hl7": 100,
    "fhir": 72,
    "dicom": 70,
    "records": 120,
    "secrets": 960,
}


def format_corpus(seed: int = 8, size: float = 1.0) -> list[Case]:
    """The format-based labelled corpus (reproducible for a seed)."""
    from . import dicom, extracts, fhir, hl7v2, negatives, records, secrets

    makers = {
        "extracts": extracts.cases,
        "hl7": hl7v2.cases,
        "fhir": fhir.cases,
        "dicom": dicom.cases,
        "records": records.cases,
        "secrets": secrets.cases,
    }
    out: list[Case] = []
    # pydicom warns about the odd values its own test files hold on purpose
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, (family, n) in enumerate(SIZES.items()):
            r = random.Random(seed * 1000 + k)  # one stream per family: sizes do not shift others
            out += makers[family](r, max(1, round(n * size)))
        out += negatives.cases(random.Random(seed * 1000 + 99))
    return out


def first_corpus(seed: int = 7, size: int = 180) -> list[Case]:
    """The first issue's corpus (``tests/unit/labelled.py``) as :class:`Case` records."""
    from tests.unit import labelled

    return [
        Case(item.name, f"first:{item.name.rsplit('-', 1)[0]}", item.nb, list(item.labels))
        for item in labelled.corpus(seed=seed, size=size)
    ]
