"""HL7 v2 messages (ADT^A01/A04/A08, ORU^R01, DFT^P03) printed as notebooks print them.

The installed HL7 libraries ship no sample messages, so messages are written in the
segment layouts of the HL7 v2.5 standard (MSH, EVN, PID, PD1, NK1, PV1, GT1, IN1,
ORC, OBR, OBX, FT1; fields by position), with fake values. The labels are read
back by parsing each message with python-hl7 (``hl7.parse`` and its
``SEG.Fn.Rn.Cn`` accessors), not taken from the generator.
"""

from __future__ import annotations

import random
from typing import Any

from . import fake
from .cases import Case, code, notebook, stream, text_result

_APPS = [("EPIC", "MGH"), ("CERNER", "UCSF"), ("MEDITECH", "STJ"), ("ALLSCRIPTS", "NYU")]
_VERSIONS = ["2.3", "2.4", "2.5", "2.5.1"]


def _seg(name: str, fields: dict[int, str]) -> str:
    n = max(fields) if fields else 0
    return "|".join([name, *(fields.get(i, "") for i in range(1, n + 1))])


def _xpn(p: fake.Person, upper: bool) -> str:
    last, first, middle = p.last, p.first, p.middle[:1]
    if upper:
        last, first, middle = last.upper(), first.upper(), middle.upper()
    return f"{last}^{first}^{middle}^^^^L" if middle else f"{last}^{first}"


def _xad(a: fake.Address, upper: bool) -> str:
    street, city = (a.street.upper(), a.city.upper()) if upper else (a.street, a.city)
    return f"{street}^^{city}^{a.state}^{a.zip}^USA^H"


def _xtn(r: random.Random) -> str:
    number = fake.phone(r, r.choice([0, 1, 6]))
    if r.random() < 0.3:  # v2.5 XTN with area code and local number in their components
        digits = "".join(c for c in number if c.isdigit())[-10:]
        return f"^PRN^PH^^1^{digits[:3]}^{digits[3:]}"
    return f"{number}^PRN^PH"


def _xcn(r: random.Random, doc: fake.Person, upper: bool) -> str:
    last, first = (doc.last.upper(), doc.first.upper()) if upper else (doc.last, doc.first)
    ident = fake.npi(r) if r.random() < 0.7 else str(r.randint(1000, 99999))
    auth = "^^^^NPI^^^^NPI" if len(ident) == 10 else ""
    return f"{ident}^{last}^{first}^^^^MD{auth}"


def _ts(r: random.Random, lo: int = 2019, hi: int = 2024) -> str:
    d = fake.day(r, lo, hi)
    return f"{d.fmt('hl7')}{r.randint(0, 23):02d}{r.randint(0, 59):02d}"


def message(r: random.Random, kind: str) -> str:
    """One message of ``kind`` (ADT^A01, ADT^A04, ADT^A08, ORU^R01, DFT^P03), \\r-separated."""
    app, fac = r.choice(_APPS)
    upper = r.random() < 0.7
    p, a = fake.person(r), fake.address(r)
    now = _ts(r)
    msh = (
        f"MSH|^~\\&|{app}|{fac}|RECV|{fac}|{now}||{kind}|MSG{r.randint(10**5, 10**6)}|P|"
        f"{r.choice(_VERSIONS)}"
    )
    segs = [msh]
    if kind.startswith(("ADT", "DFT")):
        segs.append(_seg("EVN", {1: kind[-3:], 2: now}))
    ids = [f"{fake.mrn(r)}^^^{fac}^MR"]
    if r.random() < 0.4:
        ids.append(f"{fake.ssn(r)}^^^SSA^SS")
    if r.random() < 0.2:
        ids.append(f"{fake.license_number(r)}^^^MA^DL")
    dob = fake.day(r).fmt("hl7") + (
        f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}" * (r.random() < 0.2)
    )
    pid = {
        1: "1",
        3: "~".join(ids),
        5: _xpn(p, upper),
        7: dob,
        8: p.sex,
        10: r.choice(["2106-3^White^CDCREC", "2054-5^Black^CDCREC", ""]),
        11: _xad(a, upper),
        13: _xtn(r),
        18: fake.account(r),
    }
    if r.random() < 0.3:
        pid[6] = fake.person(r).last.upper()
    if r.random() < 0.3:
        pid[14] = _xtn(r)
    if r.random() < 0.6:
        pid[19] = fake.ssn(r, dashes=r.random() < 0.5)
    if r.random() < 0.3:
        pid[20] = f"{fake.license_number(r)}^{a.state}"
    segs.append(_seg("PID", pid))
    if kind.startswith(("ADT", "DFT")):
        pv1 = {
            1: "1",
            2: r.choice("IOE"),
            3: f"4W^{r.randint(100, 499)}^{r.choice('AB')}^{fac}",
            7: _xcn(r, fake.person(r), upper),
            19: str(r.randint(10**7, 10**9)),
            44: _ts(r),
        }
        if r.random() < 0.5:
            pv1[8] = _xcn(r, fake.person(r), upper)
        if r.random() < 0.4:
            pv1[45] = _ts(r)
        segs.append(_seg("PV1", pv1))
    if kind.startswith("ADT"):
        for k in range(r.randint(0, 2)):
            kin = fake.person(r)
            segs.append(
                _seg(
                    "NK1",
                    {
                        1: str(k + 1),
                        2: _xpn(kin, upper),
                        3: r.choice(["SPO^Spouse", "MTH^Mother"]),
                        4: _xad(fake.address(r), upper),
                        5: _xtn(r),
                    },
                )
            )
        if r.random() < 0.6:
            g = fake.person(r)
            segs.append(
                _seg(
                    "GT1",
                    {
                        1: "1",
                        2: str(r.randint(10**5, 10**7)),
                        3: _xpn(g, upper),
                        5: _xad(fake.address(r), upper),
                        6: _xtn(r),
                        8: fake.day(r).fmt("hl7"),
                        12: fake.ssn(r),
                    },
                )
            )
        if r.random() < 0.8:
            ins = fake.person(r) if r.random() < 0.4 else p
            segs.append(
                _seg(
                    "IN1",
                    {
                        1: "1",
                        2: r.choice(["BCBS01", "AETNA02", "MCR"]),
                        3: str(r.randint(1000, 99999)),
                        4: r.choice(["BLUE CROSS", "AETNA", "MEDICARE"]),
                        8: f"G{r.randint(1000, 99999)}",
                        16: _xpn(ins, upper),
                        17: r.choice(["SEL", "SPO"]),
                        18: fake.day(r).fmt("hl7"),
                        36: fake.health_plan_id(r),
                    },
                )
            )
    if kind == "ORU^R01":
        doc = fake.person(r)
        segs.append(
            _seg("ORC", {1: "RE", 2: f"ORD{r.randint(10**4, 10**6)}", 12: _xcn(r, doc, upper)})
        )
        segs.append(
            _seg(
                "OBR",
                {
                    1: "1",
                    4: "24323-8^Comprehensive metabolic panel^LN",
                    7: _ts(r),
                    16: _xcn(r, doc, upper),
                },
            )
        )
        for k, (loinc, label, unit, lo, hi) in enumerate(
            [
                ("2345-7", "Glucose", "mg/dL", 70, 140),
                ("2160-0", "Creatinine", "mg/dL", 0.6, 1.3),
                ("2951-2", "Sodium", "mmol/L", 133, 147),
                ("2823-3", "Potassium", "mmol/L", 3.4, 5.2),
            ]
        ):
            segs.append(
                _seg(
                    "OBX",
                    {
                        1: str(k + 1),
                        2: "NM",
                        3: f"{loinc}^{label}^LN",
                        5: f"{r.uniform(lo, hi):.1f}",
                        6: unit,
                        7: f"{lo}-{hi}",
                        11: "F",
                        14: _ts(r),
                    },
                )
            )
    if kind == "DFT^P03":
        for k in range(r.randint(1, 3)):
            segs.append(
                _seg(
                    "FT1",
                    {
                        1: str(k + 1),
                        4: fake.day(r, 2019, 2024).fmt("hl7"),
                        6: "CG",
                        7: f"{r.choice(['99213', '99214', '80053'])}^OFFICE VISIT^CPT",
                        10: "1",
                        19: r.choice(["E11.9^Type 2 diabetes^I10", "I10^HTN^I10"]),
                        20: _xcn(r, fake.person(r), upper),
                    },
                )
            )
    return "\r".join(segs) + "\r"


#: What each field holds: (segment, field, component or 0 for the whole field) -> type.
_FIELDS: list[tuple[str, int, int, str]] = [
    ("PID", 5, 1, "NAME"),
    ("PID", 5, 2, "NAME"),
    ("PID", 6, 1, "NAME"),
    ("PID", 7, 0, "DOB"),
    ("PID", 11, 1, "ADDRESS"),
    ("PID", 18, 0, "ACCOUNT"),
    ("PID", 19, 0, "SSN"),
    ("PID", 20, 1, "LICENSE"),
    ("PV1", 7, 1, "NPI"),
    ("PV1", 7, 2, "NAME"),
    ("PV1", 7, 3, "NAME"),
    ("PV1", 8, 1, "NPI"),
    ("PV1", 8, 2, "NAME"),
    ("PV1", 8, 3, "NAME"),
    ("PV1", 44, 0, "DATE"),
    ("PV1", 45, 0, "DATE"),
    ("NK1", 2, 1, "NAME"),
    ("NK1", 2, 2, "NAME"),
    ("NK1", 4, 1, "ADDRESS"),
    ("GT1", 3, 1, "NAME"),
    ("GT1", 3, 2, "NAME"),
    ("GT1", 5, 1, "ADDRESS"),
    ("GT1", 8, 0, "DOB"),
    ("GT1", 12, 0, "SSN"),
    ("IN1", 16, 1, "NAME"),
    ("IN1", 16, 2, "NAME"),
    ("IN1", 18, 0, "DOB"),
    ("IN1", 36, 0, "HEALTH_PLAN_ID"),
    ("ORC", 12, 1, "NPI"),
    ("ORC", 12, 2, "NAME"),
    ("ORC", 12, 3, "NAME"),
    ("OBR", 16, 1, "NPI"),
    ("OBR", 16, 2, "NAME"),
    ("OBR", 16, 3, "NAME"),
    ("FT1", 4, 0, "DATE"),
    ("FT1", 20, 1, "NPI"),
    ("FT1", 20, 2, "NAME"),
    ("FT1", 20, 3, "NAME"),
]
_ID_TYPES = {"MR": "MRN", "SS": "SSN", "DL": "LICENSE", "AN": "ACCOUNT"}
_PHONE_FIELDS = [("PID", 13), ("PID", 14), ("NK1", 5), ("GT1", 6)]


def labels_of(raw: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The labels of a message, read by parsing it with python-hl7."""
    import hl7

    msg = hl7.parse(raw)
    labels: list[tuple[str, str]] = []
    allowed: list[str] = []
    counts: dict[str, int] = {}
    for seg in msg:
        name = str(seg[0])
        counts[name] = counts.get(name, 0) + 1
        key = f"{name}{counts[name]}"

        def get(f: int, c: int = 0, rep: int = 1, key: str = key) -> str:
            try:
                return str(msg[f"{key}.F{f}.R{rep}.C{c}"] if c else msg[f"{key}.F{f}"])
            except (IndexError, KeyError):
                return ""

        for seg_name, f, c, kind in _FIELDS:
            if seg_name != name:
                continue
            value = get(f, c)
            if kind == "NPI" and (len(value) != 10 or not value.isdigit()):
                continue  # a local provider number, not an NPI
            if value:
                labels.append((kind, value))
        if name == "PID":
            for rep in range(1, len(seg[3]) + 1 if len(seg) > 3 else 1):
                ident, code_ = get(3, 1, rep), get(3, 5, rep)
                if ident and code_ in _ID_TYPES:
                    labels.append((_ID_TYPES[code_], ident))
            allowed += [get(11, 3), get(11, 5)]
        for seg_name, f in _PHONE_FIELDS:
            if seg_name == name:
                first, area, local = get(f, 1), get(f, 6), get(f, 7)
                if first:
                    labels.append(("PHONE", first))
                elif area and local:
                    labels.append(("PHONE", f"{area}^{local}"))
        if name in ("NK1", "GT1"):
            addr = 4 if name == "NK1" else 5
            allowed += [get(addr, 3), get(addr, 5)]
        if name == "PV1":
            allowed.append(get(19))
        # ids of a guarantor record, an insurer and an employer group; a diagnosis code
        if name == "GT1":
            allowed.append(get(2))
        if name == "IN1":
            allowed += [get(3), get(8)]
        if name == "FT1":
            allowed.append(get(19, 1))
    return labels, [a for a in allowed if a]


STYLES = ("print_lines", "repr", "print_raw", "parsed_repr", "fields", "hl7apy", "log", "segment")


def case(r: random.Random, i: int, kind: str, style: str) -> Case:
    raw = message(r, kind)
    labels, allowed = labels_of(raw)
    src = f"msg = open('feeds/{kind.replace('^', '_').lower()}_{i}.hl7').read()\n"
    outputs: list[dict[str, Any]]
    if style == "print_lines":
        src += "print(msg.replace('\\r', '\\n'))"
        outputs = [stream(raw.replace("\r", "\n"))]
    elif style == "repr":
        src += "msg"
        outputs = [text_result(repr(raw))]
    elif style == "print_raw":
        src += "print(msg)"
        outputs = [stream(raw + "\n")]
    elif style == "parsed_repr":
        import hl7

        src += "import hl7\nh = hl7.parse(msg)\nh"
        outputs = [text_result(repr(hl7.parse(raw)))]
    elif style == "fields":
        import hl7

        h = hl7.parse(raw)
        pid = h.segment("PID")
        src += (
            "h = hl7.parse(msg)\nfor i, field in enumerate(h.segment('PID')):\n    print(i, field)"
        )
        outputs = [stream("".join(f"{k} {field}\n" for k, field in enumerate(pid)))]
    elif style == "hl7apy":
        from hl7apy.parser import parse_message

        m = parse_message(raw, find_groups=False)
        lines = [f"{c.long_name}: {c.to_er7()}" for seg in m.children for c in seg.children]
        src += (
            "from hl7apy.parser import parse_message\nm = parse_message(msg, find_groups=False)\n"
            "for seg in m.children:\n    for f in seg.children:\n"
            "        print(f'{f.long_name}: {f.to_er7()}')"
        )
        outputs = [stream("\n".join(lines) + "\n")]
    elif style == "log":
        stamp = (
            f"2024-0{r.randint(1, 9)}-1{r.randint(0, 9)} 0{r.randint(0, 9)}:12:0{r.randint(0, 9)}"
        )
        body = raw.replace("\r", "\\r")
        src += "listener.run()"
        outputs = [
            stream(
                f"{stamp},114 INFO mllp.server: connection from 10.2.3.4:51234\n"
                f"{stamp},115 DEBUG mllp.server: received b'\\x0b{body}\\x1c\\r'\n"
                f"{stamp},117 INFO mllp.server: ACK sent AA\n",
                "stderr",
            )
        ]
    else:
        import hl7

        h = hl7.parse(raw)
        src += "h = hl7.parse(msg)\nprint(h.segment('PID'))\nh['PID.F5'], h['PID.F7']"
        outputs = [
            stream(str(h.segment("PID")) + "\n"),
            text_result(repr((h["PID.F5"], h["PID.F7"]))),
        ]
    nb = notebook(code(src, *outputs))
    return Case(f"hl7-{kind}-{style}-{i}", f"hl7:{style}", nb, labels, allowed)


def cases(r: random.Random, n: int) -> list[Case]:
    kinds = ["ADT^A01", "ORU^R01", "DFT^P03", "ADT^A04", "ADT^A08"]
    return [
        case(r, i, kinds[i % len(kinds)], STYLES[(i * 3 + i // 8) % len(STYLES)]) for i in range(n)
    ]
