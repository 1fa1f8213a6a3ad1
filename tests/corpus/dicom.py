"""DICOM headers as pydicom and DCMTK print them, from pydicom's bundled test files.

Each case opens one of the files ``pydicom.data.get_testdata_files()`` lists (the
real headers pydicom tests itself with: CT, MR, RT plans, secondary captures...),
replaces the patient module's attributes and the physicians' names with fake
values, and prints the dataset as notebooks do. The labels are read back from the
dataset with pydicom.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache
from typing import Any

from . import fake
from .cases import Case, code, notebook, stream, text_result


@lru_cache(maxsize=1)
def test_files() -> list[str]:
    """The bundled test files pydicom can read as datasets (sorted, for reproducibility)."""
    import warnings

    import pydicom
    from pydicom.data import get_testdata_files

    out = []
    for path in sorted(get_testdata_files()):
        if not path.endswith(".dcm"):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(path, stop_before_pixels=True)
        except Exception:  # a deliberately broken file among the test data
            continue
        if "SOPClassUID" in ds and len(str(ds)) < 60_000:
            out.append(path)
    return out


def _pn(p: fake.Person) -> str:
    return f"{p.last}^{p.first}^{p.middle}" if p.middle else f"{p.last}^{p.first}"


def fill(ds: Any, r: random.Random) -> None:
    """Fake patient-module and physician attributes in ``ds`` and its sequences (in place)."""
    p = fake.person(r)
    upper = r.random() < 0.6
    name = _pn(p).upper() if upper else _pn(p)
    ds.PatientName = name
    ds.PatientID = fake.mrn(r)
    ds.PatientBirthDate = fake.day(r).fmt("hl7")
    ds.PatientSex = p.sex
    if r.random() < 0.3:
        ds.OtherPatientIDs = fake.mrn(r)
    if r.random() < 0.3:
        ds.PatientAddress = fake.address(r).one_line
    if r.random() < 0.2:
        ds.PatientTelephoneNumbers = fake.phone(r)
    ds.ReferringPhysicianName = _pn(fake.person(r))
    if r.random() < 0.4:
        ds.PerformingPhysicianName = _pn(fake.person(r))
    if r.random() < 0.3:
        ds.InstitutionName = r.choice(["General Hospital", "St. Mary Medical Center"])
    if r.random() < 0.3:
        ds.AccessionNumber = str(r.randint(10**6, 10**9))

    def nested(dataset: Any, elem: Any) -> None:
        # every other person name and patient id, also inside sequences (SR reports,
        # Other Patient IDs Sequence), becomes fake too
        if elem.VR == "PN" and elem.value and elem.keyword not in ("PatientName",):
            if elem.keyword not in ("ReferringPhysicianName", "PerformingPhysicianName"):
                elem.value = _pn(fake.person(r))
        elif elem.keyword == "PatientID" and elem.value and dataset is not ds:
            elem.value = fake.mrn(r)

    ds.walk(nested)


def labels_of(ds: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """Labels read from the dataset's attributes (and sequences) with pydicom."""
    labels: list[tuple[str, str]] = []
    allowed: list[str] = []
    kinds = {
        "PatientID": "MRN",
        "OtherPatientIDs": "MRN",
        "PatientBirthDate": "DOB",
        "PatientTelephoneNumbers": "PHONE",
    }
    tolerated = {
        "AccessionNumber", "StudyDate", "SeriesDate", "AcquisitionDate", "AcquisitionDateTime",
        "ContentDate",
        "InstitutionAddress", "InstitutionName", "StudyID", "DeviceSerialNumber",
    }  # fmt: skip

    def visit(dataset: Any, elem: Any) -> None:
        if not elem.value or elem.VR == "SQ":
            return
        if elem.VR == "PN":
            values = elem.value if elem.VM > 1 else [elem.value]
            for pn in values:
                for part in (pn.family_name, pn.given_name, pn.middle_name):
                    if part:
                        labels.append(("NAME", part))
        elif elem.keyword in kinds:
            labels.append((kinds[elem.keyword], str(elem.value)))
        elif elem.keyword == "PatientAddress":
            street, _, rest = str(elem.value).partition(", ")
            labels.append(("ADDRESS", street))
            allowed.append(rest)
        elif elem.keyword in tolerated:
            allowed.append(str(elem.value))

    ds.walk(visit)
    return labels, allowed


def _dcmdump(ds: Any) -> str:
    """A DCMTK ``dcmdump``-like listing of the top-level elements."""
    lines = []
    for elem in ds:
        if elem.VR == "SQ":
            lines.append(f"({elem.tag.group:04x},{elem.tag.element:04x}) SQ (Sequence)")
            continue
        value = elem.value
        if isinstance(value, bytes):
            shown = "(binary)"
        elif elem.VR in ("PN", "LO", "SH", "DA", "TM", "CS", "UI", "DS", "IS", "ST", "LT", "AE"):
            shown = f"[{value}]"
        else:
            shown = str(value)
        lines.append(
            f"({elem.tag.group:04x},{elem.tag.element:04x}) {elem.VR} {shown:<40}"
            f" # {len(str(value)):>3}, 1 {elem.keyword}"
        )
    return "\n".join(lines) + "\n"


STYLES = ("print", "repr", "attributes", "tag", "dcmdump", "json", "frame")


def case(r: random.Random, i: int, path: str, style: str) -> Case:
    import warnings

    import pydicom

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        fill(ds, r)
    labels, allowed = labels_of(ds)
    fname = path.rsplit("/", 1)[-1]
    src = f"import pydicom\nds = pydicom.dcmread('dicom/{fname}')\n"
    outputs: list[dict[str, Any]]
    if style == "print":
        src += "print(ds)"
        outputs = [stream(str(ds) + "\n")]
    elif style == "repr":
        src += "ds"
        outputs = [text_result(repr(ds))]
    elif style == "attributes":
        src += "ds.PatientName, ds.PatientID, ds.PatientBirthDate"
        vals = (ds.PatientName, ds.PatientID, ds.PatientBirthDate)
        outputs = [text_result(repr(vals))]
        if "ReferringPhysicianName" in ds:
            src += "\nprint(ds.ReferringPhysicianName)"
            outputs.insert(0, stream(f"{ds.ReferringPhysicianName}\n"))
    elif style == "tag":
        src += (
            "for tag in [(0x10, 0x10), (0x10, 0x20), (0x10, 0x30), (0x8, 0x90)]:\n"
            "    print(ds[tag])"
        )
        lines = [
            str(ds[t]) for t in [(0x10, 0x10), (0x10, 0x20), (0x10, 0x30), (0x8, 0x90)] if t in ds
        ]
        outputs = [stream("\n".join(lines) + "\n")]
    elif style == "dcmdump":
        src = f"!dcmdump dicom/{fname}"
        outputs = [stream(_dcmdump(ds))]
    elif style == "json":
        src += "print(json.dumps(ds.to_json_dict(), indent=1))"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outputs = [stream(json.dumps(ds.to_json_dict(), indent=1) + "\n")]
    else:
        import pandas as pd

        keys = [
            "PatientName",
            "PatientID",
            "PatientBirthDate",
            "PatientSex",
            "Modality",
            "StudyDate",
        ]
        row = {k: str(ds.get(k, "")) for k in keys}
        df = pd.DataFrame([row])
        src += "pd.DataFrame([{k: str(ds.get(k)) for k in KEYS} for ds in series])"
        outputs = [text_result(repr(df))]
    nb = notebook(code(src, *outputs))
    return Case(f"dicom-{fname}-{style}-{i}", f"dicom:{style}", nb, labels, allowed)


def cases(r: random.Random, n: int) -> list[Case]:
    files = test_files()
    picked = [files[k % len(files)] for k in r.sample(range(max(n, len(files))), n)]
    return [case(r, i, path, STYLES[i % len(STYLES)]) for i, path in enumerate(picked)]
