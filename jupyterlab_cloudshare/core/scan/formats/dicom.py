"""DICOM headers as notebooks print them, read by tag or keyword.

Shapes: pydicom's ``print(ds)`` and element reprs (``(0010,0010) Patient's Name
PN: 'DOE^JOHN'``; pydicom 2 writes ``(0010, 0010)``; sequences indented; with or
without the VR), dcmdump/gdcmdump lines (``(0010,0010) PN [DOE^JOHN] # 8,1
PatientName``), keyword assignments and dumps (``ds.PatientName = '...'``,
``PatientID: 12345``) and the DICOM JSON model (``"00100010": {"vr": "PN",
"Value": [{"Alphabetic": "..."}]}``).

The attributes are those of the patient module and the people and numbers
around a study that PS3.15 Annex E (the de-identification profile) removes. A
dump that says ``Patient Identity Removed: YES`` (0012,0062) was de-identified
by its maker and yields nothing. Physicians, institutions' addresses, study
dates and accession numbers count only in a dump that names a patient.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..kinds import Hit
from .fields import PRIORITY, address_ok, date_ok, id_ok, name_part_ok, phone_ok
from .literal import Parser, Str

#: tag (group+element, upper-case hex) -> (keyword, finding type). PS3.6 names, PS3.15 Annex E.
_TAGS: dict[str, tuple[str, str]] = {
    "00100010": ("PatientName", "NAME"),
    "00100020": ("PatientID", "MRN"),
    "00101000": ("OtherPatientIDs", "MRN"),
    "00101001": ("OtherPatientNames", "NAME"),
    "00101005": ("PatientBirthName", "NAME"),
    "00101060": ("PatientMotherBirthName", "NAME"),
    "00100030": ("PatientBirthDate", "DOB"),
    "00101040": ("PatientAddress", "ADDRESS"),
    "00102154": ("PatientTelephoneNumbers", "PHONE"),
    "00102155": ("PatientTelecomInformation", "PHONE"),
    "00101090": ("MedicalRecordLocator", "MRN"),
    "00101050": ("InsurancePlanIdentification", "HEALTH_PLAN_ID"),
    "00380010": ("AdmissionID", "ACCOUNT"),
    "00380400": ("PatientInstitutionResidence", "ADDRESS"),
    "00080050": ("AccessionNumber", "ACCOUNT"),
    "00080090": ("ReferringPhysicianName", "NAME"),
    "00080092": ("ReferringPhysicianAddress", "ADDRESS"),
    "00080094": ("ReferringPhysicianTelephoneNumbers", "PHONE"),
    "00080081": ("InstitutionAddress", "ADDRESS"),
    "00081048": ("PhysiciansOfRecord", "NAME"),
    "00081050": ("PerformingPhysicianName", "NAME"),
    "00081060": ("NameOfPhysiciansReadingStudy", "NAME"),
    "00081070": ("OperatorsName", "NAME"),
    "00321032": ("RequestingPhysician", "NAME"),
    "00400006": ("ScheduledPerformingPhysicianName", "NAME"),
    "0040A123": ("PersonName", "NAME"),
    "0040A075": ("VerifyingObserverName", "NAME"),
    "00402008": ("OrderEnteredBy", "NAME"),
    "00700084": ("ContentCreatorName", "NAME"),
    "00080020": ("StudyDate", "DATE"),
    "00080021": ("SeriesDate", "DATE"),
    "00080022": ("AcquisitionDate", "DATE"),
    "00080023": ("ContentDate", "DATE"),
    "0008002A": ("AcquisitionDateTime", "DATE"),
    "00400244": ("PerformedProcedureStepStartDate", "DATE"),
    "00400002": ("ScheduledProcedureStepStartDate", "DATE"),
}
_KEYWORDS = {kw: kind for kw, kind in _TAGS.values()}
_REMOVED_TAG = "00120062"
_REMOVED_KEYWORD = "PatientIdentityRemoved"

_GROUPS = sorted({tag[:4] for tag in _TAGS} | {_REMOVED_TAG[:4]})
_TAG_LINE = re.compile(rf"\(({'|'.join(_GROUPS)}), ?([0-9A-Fa-f]{{4}})\)[ \t]+([^\n\r]*)")
#: pydicom: description, then ``VR: value`` (the VR may be missing, or ``US or SS``).
_PYDICOM_VALUE = re.compile(r"(?:^|\s)(?:[A-Z]{2}(?: or [A-Z]{2})*:\s?|\s(?=['\"\[]))(.*)$")
#: dcmdump/gdcmdump: VR then ``[value]`` (multiple values split by ``\``).
_DCMDUMP_VALUE = re.compile(r"[A-Z]{2}[ \t]+\[([^\]\n]*)\]")
_KEYWORD_LINE = re.compile(
    r"(?<![\w.])(?:\w+\.)?[\"']?("
    + "|".join([*sorted(_KEYWORDS, key=len, reverse=True), _REMOVED_KEYWORD])
    + r")\b[\"']?[ \t]*(?:=(?!=)|:)[ \t]*([^\n\r]*)"
)
#: A value written bare: up to a comment, a separator or the next ``key=``.
_BARE = re.compile(r"[^\s,;|#]+(?:[ ](?![\w.]+[ \t]*=)[^\s,;|#=]+){0,7}")
_JSON_TAG = re.compile(rf"\"((?:{'|'.join(_GROUPS)})[0-9A-Fa-f]{{4}})\"\s*:\s*\{{")
_GATE_WORDS = ("Patient", "Physician", "Accession", "Operators", "Institution", "Study", "Person")

Found = tuple[str, int, int, bool]  # type, start, end, about the patient module


def _values(line: str, base: int) -> Iterator[tuple[int, int]]:
    """Spans of the value(s) written at the start of ``line`` (quoted, a list, or bare)."""
    stripped = line.rstrip()
    if not stripped:
        return
    q = stripped[0]
    if q in "'\"":
        close = stripped.rfind(q)
        if close > 0:
            yield base + 1, base + close
        return
    if q == "[":
        for m in re.finditer(r"'([^'\n]*)'|\"([^\"\n]*)\"", stripped):
            g = 1 if m.group(1) is not None else 2
            yield base + m.start(g), base + m.end(g)
        return
    bare = _BARE.match(stripped)
    if bare is not None:
        yield base, base + bare.end()


def _split_multi(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A DICOM multi-value (``A\\B``) as its values' spans."""
    pos = start
    while True:
        cut = text.find("\\", pos, end)
        if cut < 0:
            yield pos, end
            return
        yield pos, cut
        pos = cut + 1


def _ok(kind: str, value: str) -> bool:
    if kind == "NAME":
        name = value.split("=")[0]  # alphabetic group; ideographic/phonetic follow '='
        parts = [p.strip() for p in name.split("^")[:3]]
        words = [w for p in parts for w in p.split()]
        if len(words) < 2 or not parts[0]:
            return False  # one word (``operator``, ``meduser``) names a role or login
        return all(name_part_ok(w) for w in words)
    if kind in ("DOB", "DATE"):
        return date_ok(value)
    if kind == "ADDRESS":
        return address_ok(value) and any(c.isalpha() for c in value)
    if kind == "PHONE":
        return phone_ok(value)
    return id_ok(value)


def _emit(
    text: str, kind: str, start: int, end: int, patient: bool, multi: bool = True
) -> Iterator[Found]:
    for s, e in _split_multi(text, start, end) if multi else [(start, end)]:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e and _ok(kind, text[s:e]):
            yield kind, s, e, patient


def _tag_lines(text: str) -> Iterator[Found | None]:
    """Findings of tag-led lines; ``None`` for a line that says the identity was removed."""
    for m in _TAG_LINE.finditer(text):
        tag = (m.group(1) + m.group(2)).upper()
        if tag != _REMOVED_TAG and tag not in _TAGS:
            continue
        rest, base = m.group(3), m.start(3)
        dump = _DCMDUMP_VALUE.match(rest)
        if dump:
            spans = iter([(base + dump.start(1), base + dump.end(1))])
        else:
            value = _PYDICOM_VALUE.search(rest)
            if value is None:
                continue
            spans = _values(value.group(1), base + value.start(1))
        if tag == _REMOVED_TAG:
            if any("YES" in text[s:e].upper() for s, e in spans):
                yield None
            continue
        kind = _TAGS[tag][1]
        for s, e in spans:
            yield from _emit(text, kind, s, e, tag.startswith(("0010", "0038")))


def _keyword_lines(text: str) -> Iterator[Found | None]:
    for m in _KEYWORD_LINE.finditer(text):
        keyword, base = m.group(1), m.start(2)
        spans = _values(m.group(2), base)
        if keyword == _REMOVED_KEYWORD:
            if any("YES" in text[s:e].upper() for s, e in spans):
                yield None
            continue
        kind = _KEYWORDS[keyword]
        patient = keyword.startswith(("Patient", "OtherPatient", "MedicalRecord", "Admission"))
        for s, e in spans:
            yield from _emit(text, kind, s, e, patient)


def _json_model(text: str) -> Iterator[Found | None]:
    for m in _JSON_TAG.finditer(text):
        tag = m.group(1).upper()
        if tag != _REMOVED_TAG and tag not in _TAGS:
            continue
        parser = Parser(text, m.end() - 1, len(text), max_tokens=2000)
        node = parser.value()
        if not isinstance(node, dict) or not isinstance(node.get("Value"), list):
            continue
        values: list[Str] = []
        for item in node["Value"]:
            if isinstance(item, dict):
                item = item.get("Alphabetic")
            if isinstance(item, Str):
                values.append(item)
        if tag == _REMOVED_TAG:
            if any(s.value.upper() == "YES" for s in values):
                yield None
            continue
        kind = _TAGS[tag][1]
        for s in values:
            yield from _emit(text, kind, s.start, s.end, tag.startswith(("0010", "0038")), False)


def dicom_hits(text: str) -> Iterator[Hit]:
    """Typed attributes of the DICOM headers printed in ``text``."""
    found: list[Found | None] = []
    if "(00" in text:
        found.extend(_tag_lines(text))
    if any(word in text for word in _GATE_WORDS):
        found.extend(_keyword_lines(text))
    if '"vr"' in text:
        found.extend(_json_model(text))
    if not found or None in found:
        return
    real = [f for f in found if f is not None]
    if not any(patient for *_, patient in real):
        return
    for kind, start, end, _ in real:
        yield Hit(kind, start, end, PRIORITY)
