"""Format recognisers: structured clinical data read for what it is.

Each recogniser runs only where its anchor appears in a text (an ``MSH|``
segment or a lone PID/NK1/PV1..., ``"resourceType":``, a DICOM tag dump, a
record's key) and turns the structure into typed fields, whose values the type's
validator then checks.
One module per format: :mod:`.hl7`, :mod:`.fhir`, :mod:`.dicom`, :mod:`.records`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..kinds import Hit

__all__ = ["format_hits"]


def format_hits(text: str, hints: list[int] | None = None) -> Iterator[Hit]:
    """Typed values that a structured format in ``text`` (a segment's clean text) holds.

    Offsets are into ``text``. ``hints`` is ``kinds.hint_positions(text)`` when the
    caller has it already (it is the records' anchor).
    """
    from .hl7 import hl7_hits

    yield from hl7_hits(text)
    if "resourceType" in text or "fhir_comments=" in text or "__ext=" in text:
        from .fhir import fhir_hits

        yield from fhir_hits(text)
    from .dicom import dicom_hits

    yield from dicom_hits(text)
    from .records import record_hits

    yield from record_hits(text, hints)
