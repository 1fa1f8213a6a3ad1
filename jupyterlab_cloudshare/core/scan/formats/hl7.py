"""HL7 v2 messages: the people and identifiers in their segments, read by position.

A message starts at ``MSH|``; MSH-1 and MSH-2 give its own delimiters. Its
segments are separated by CR, LF or CRLF as sent, or by the two characters
``\\r``/``\\n`` when the message is printed as a Python repr, written in a
string literal or held in a JSON string (then the string's closing quote ends
it, and adjacent literals ``"...\\r" "PID|..."`` continue it). Fields follow
the HL7 2.x chapters 2, 3 and 6 (PID, PD1, PV1, NK1, GT1, IN1, IN2, MRG, ORC,
OBR, EVN, ROL, DG1) and their data types (CX, XPN, XAD, XTN, XCN, TS, DLN).

The published parsers (python-hl7, hl7apy) return values without their
places in the text, need the message cut out and unescaped first, and read
only CR-separated segments; so this reader splits fields itself, keeping
offsets: the splitting rules are the whole of HL7's syntax that a scan needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .. import validators as v
from ..kinds import Hit
from .fields import (
    ID_TYPE_CODES,
    NO_PERSON_CODES,
    PRIORITY,
    address_ok,
    date_ok,
    email_ok,
    keep_companions,
    name_part_ok,
    phone_ok,
    refine,
    strip_span,
)
from .literal import Node, Parser, Str

Span = tuple[int, int]

_ANCHOR = "MSH|"
_MAX_SEGMENTS = 5000
_SEGMENT_ID = re.compile(r"[ \t]*([A-Z][A-Z0-9]{2})(?=\||$)", re.M)
_ANY_BREAK = re.compile(r"[\r\n]|\\[rn]")
_RAW_BREAK = re.compile(r"[\r\n]")
_RAW_SEPS = re.compile(r"[\r\n]+")
_ESC_SEPS = re.compile(r"(?:\\[rn])+")
_ESC_BREAK = {
    '"': re.compile(r'\\[rn]|\n|(?<!\\)"'),
    "'": re.compile(r"\\[rn]|\n|(?<!\\)'"),
    "": re.compile(r"\\[rn]|\n"),
}
#: What joins two string literals that hold one message: adjacent literals, ``+``, a list's
#: ``,``, or the next line's ``msg += '...'`` (a doctest prompt too).
_CONTINUE = re.compile(
    r"[ \t]*[+,]?\s*(?:(?:>>>|\.\.\.)[ \t]*)?(?:[A-Za-z_][\w.]*[ \t]*\+=[ \t]*)?\(?[ \t]*"
    r"[rRbBuU]{0,2}([\"'])"
)
_ZIP = re.compile(r"\d{5}(?:-?\d{4})?")

#: Segments about the patient or a person of the patient's (next of kin, guarantor, insured).
_PERSON_SEGMENTS = frozenset({"PID", "NK1", "GT1", "IN1", "IN2", "MRG"})

Emit = Callable[[str, int, int], None]


def _split(text: str, start: int, end: int, sep: str) -> list[Span]:
    out: list[Span] = []
    while True:
        i = text.find(sep, start, end)
        if i < 0:
            out.append((start, end))
            return out
        out.append((start, i))
        start = i + 1


class _Reader:
    """One message's delimiters, and the field readers that use them."""

    def __init__(self, text: str, comp: str, rep: str, sub: str) -> None:
        self.text = text
        self.comp = comp
        self.rep = rep
        self.sub = sub
        self.hits: list[Hit] = []
        #: Whether a field's components are adjacent in the text (one span covers a
        #: name's parts); not so in a parsed message's repr.
        self.joined = True

    def emit_parts(self, kind: str, parts: list[Span]) -> None:
        """One hit over ``parts`` where they are adjacent, else one per part."""
        if self.joined:
            self.emit(kind, (parts[0][0], parts[-1][1]))
        else:
            for part in parts:
                if len(self.value(part)) > 1:  # an initial alone names no one
                    self.emit(kind, part)

    def emit(self, kind: str, span: Span) -> None:
        s, e = strip_span(self.text, *span)
        if s < e:
            self.hits.append(Hit(kind, s, e, PRIORITY))

    def value(self, span: Span) -> str:
        return self.text[span[0] : span[1]].strip()

    def reps(self, span: Span) -> list[list[Span]]:
        """The components of each repetition of a field."""
        return [_split(self.text, s, e, self.comp) for s, e in _split(self.text, *span, self.rep)]

    def first_sub(self, span: Span) -> Span:
        i = self.text.find(self.sub, span[0], span[1])
        return span if i < 0 else (span[0], i)

    def typed(self, kind: str, span: Span) -> None:
        s, e = strip_span(self.text, *self.first_sub(span))
        final = refine(kind, self.text[s:e])
        if final:
            self.hits.append(Hit(final, s, e, PRIORITY))

    # data types -----------------------------------------------------------------
    def cx(self, span: Span, default: str) -> None:
        """CX: id ^ check digit ^ scheme ^ assigning authority ^ identifier type code."""
        for comps in self.reps(span):
            code = self.value(self.first_sub(comps[4])).upper() if len(comps) > 4 else ""
            if code in NO_PERSON_CODES:
                continue
            self.typed(ID_TYPE_CODES.get(code, default), comps[0])

    def st(self, span: Span, kind: str) -> None:
        """A plain value (ST, DLN's first component) of a known type."""
        for comps in self.reps(span):
            self.typed(kind, comps[0])

    def name(self, comps: list[Span]) -> None:
        """XPN from its family name: family ^ given ^ middle (suffix, prefix... are not read)."""
        parts = comps[:3]
        if not parts or not self.value(parts[0]):
            return
        values = [self.value(self.first_sub(p)) for p in parts]
        if not all(name_part_ok(x) for x in values if x):
            return
        last = max(k for k, x in enumerate(values) if x)
        self.emit_parts("NAME", parts[: last + 1])

    def xpn(self, span: Span, _: str = "") -> None:
        for comps in self.reps(span):
            self.name(comps)

    def xcn(self, span: Span, _: str = "") -> None:
        """XCN: id ^ family ^ given ^ middle ... ^ identifier type code (13th)."""
        for comps in self.reps(span):
            code = self.value(comps[12]).upper() if len(comps) > 12 else ""
            ident = self.value(self.first_sub(comps[0]))
            if code in ID_TYPE_CODES:
                self.typed(ID_TYPE_CODES[code], comps[0])
            elif v.valid_npi(ident):
                self.typed("NPI", comps[0])
            elif v.valid_dea(ident):
                self.typed("DEA", comps[0])
            self.name(comps[1:])

    def ts(self, span: Span, kind: str) -> None:
        """TS/DTM: YYYYMMDD[HHMM[SS]][+ZZZZ] (its first component)."""
        comps = self.reps(span)[0]
        if date_ok(self.value(comps[0])):
            self.emit(kind, comps[0])

    def xad(self, span: Span, _: str = "") -> None:
        """XAD: street ^ other designation ^ city ^ state ^ zip ^ country ..."""
        for comps in self.reps(span):
            lines = [(k, p) for k, p in enumerate(comps[:3]) if address_ok(self.value(p))]
            if lines and any(c.isalpha() for _, p in lines for c in self.value(p)):
                self.emit_parts("ADDRESS", [p for _, p in lines])
            zip_code = self.value(comps[4]) if len(comps) > 4 else ""
            if _ZIP.fullmatch(zip_code) and v.valid_zip(zip_code[:5]):
                self.emit("ZIP", comps[4])

    def xtn(self, span: Span, _: str = "") -> None:
        """XTN: [formatted number] ^ use ^ equipment ^ e-mail ^ country ^ area ^ local ..."""
        for comps in self.reps(span):
            first = self.value(comps[0])
            if "@" in first:
                if email_ok(first):
                    self.emit("EMAIL", comps[0])
            elif first and phone_ok(first):
                self.emit("PHONE", comps[0])
            if len(comps) > 3 and email_ok(self.value(comps[3])):
                self.emit("EMAIL", comps[3])
            if len(comps) > 6 and self.value(comps[6]):
                area, local = self.value(comps[5]), self.value(comps[6])
                if phone_ok(area + local):
                    # apart from its local number, an area code is no one's
                    self.emit_parts(
                        "PHONE", [comps[5], comps[6]] if area and self.joined else [comps[6]]
                    )
            if len(comps) > 11 and phone_ok(self.value(comps[11])):
                self.emit("PHONE", comps[11])

    def dx(self, span: Span, _: str = "") -> None:
        """CE/CWE diagnosis: code ^ text ^ coding system (I10, ICD10CM...)."""
        comps = self.reps(span)[0]
        system = self.value(comps[2]).upper() if len(comps) > 2 else ""
        code = self.value(comps[0])
        if (not system or "10" in system) and v.valid_icd10(code):
            self.emit("ICD10", comps[0])


_CX, _ST, _TS = _Reader.cx, _Reader.st, _Reader.ts
_XPN, _XCN, _XAD, _XTN, _DX = _Reader.xpn, _Reader.xcn, _Reader.xad, _Reader.xtn, _Reader.dx

FieldReader = Callable[[_Reader, Span, str], None]
#: segment -> field number -> (reader, type). From the HL7 2.x segment definitions.
_FIELDS: dict[str, dict[int, tuple[FieldReader, str]]] = {
    "PID": {
        2: (_CX, "MRN"),  # patient ID (external)
        3: (_CX, "MRN"),  # patient identifier list
        4: (_CX, "MRN"),  # alternate patient ID
        5: (_XPN, ""),  # patient name
        6: (_XPN, ""),  # mother's maiden name
        7: (_TS, "DOB"),
        9: (_XPN, ""),  # alias
        11: (_XAD, ""),
        13: (_XTN, ""),  # home phone
        14: (_XTN, ""),  # business phone
        18: (_CX, "ACCOUNT"),
        19: (_ST, "SSN"),
        20: (_ST, "LICENSE"),  # DLN: number ^ issuing state ^ expiry
        21: (_CX, "MRN"),  # mother's identifier
        29: (_TS, "DATE"),  # death date
    },
    "PD1": {4: (_XCN, "")},  # primary care provider
    "PV1": {
        5: (_CX, "ACCOUNT"),  # preadmit number
        7: (_XCN, ""),  # attending
        8: (_XCN, ""),  # referring
        9: (_XCN, ""),  # consulting
        17: (_XCN, ""),  # admitting
        19: (_CX, "ACCOUNT"),  # visit number
        44: (_TS, "DATE"),  # admit
        45: (_TS, "DATE"),  # discharge
        50: (_CX, "ACCOUNT"),  # alternate visit ID
        52: (_XCN, ""),  # other healthcare provider
    },
    "NK1": {
        2: (_XPN, ""),
        4: (_XAD, ""),
        5: (_XTN, ""),
        6: (_XTN, ""),
        16: (_TS, "DOB"),
        30: (_XPN, ""),  # contact person
        31: (_XTN, ""),
        32: (_XAD, ""),
        33: (_CX, "MRN"),
        37: (_ST, "SSN"),
    },
    "GT1": {
        2: (_CX, "ACCOUNT"),  # guarantor number
        3: (_XPN, ""),
        4: (_XPN, ""),  # spouse
        5: (_XAD, ""),
        6: (_XTN, ""),
        7: (_XTN, ""),
        8: (_TS, "DOB"),
        12: (_ST, "SSN"),
    },
    "IN1": {
        8: (_ST, "HEALTH_PLAN_ID"),  # group number
        16: (_XPN, ""),  # name of insured
        18: (_TS, "DOB"),
        19: (_XAD, ""),
        36: (_ST, "HEALTH_PLAN_ID"),  # policy number
        49: (_CX, "HEALTH_PLAN_ID"),  # insured's ID number
    },
    "IN2": {
        2: (_ST, "SSN"),
        6: (_ST, "HEALTH_PLAN_ID"),  # Medicare health insurance card number
        8: (_ST, "HEALTH_PLAN_ID"),  # Medicaid case number
    },
    "MRG": {
        1: (_CX, "MRN"),
        2: (_CX, "MRN"),
        3: (_CX, "ACCOUNT"),
        4: (_CX, "MRN"),
        5: (_CX, "ACCOUNT"),
        6: (_CX, "ACCOUNT"),
        7: (_XPN, ""),
    },
    "ORC": {10: (_XCN, ""), 11: (_XCN, ""), 12: (_XCN, "")},
    "OBR": {16: (_XCN, ""), 28: (_XCN, "")},
    "EVN": {5: (_XCN, "")},
    "ROL": {4: (_XCN, "")},
    "DG1": {3: (_DX, "")},
    "FT1": {  # financial transaction: a visit's charges
        4: (_TS, "DATE"),  # transaction (service) date
        19: (_DX, ""),
        20: (_XCN, ""),  # performed by
        21: (_XCN, ""),  # ordered by
    },
}
_LAST_FIELD = {seg: max(spec) for seg, spec in _FIELDS.items()}


def _encoding(enc: str, escaped: bool) -> tuple[str, str, str]:
    """Component, repetition and subcomponent separators from MSH-2."""
    rest = enc[2:]
    if escaped and rest.startswith("\\\\"):
        rest = rest[2:]  # the escape character, escaped itself in a literal
    elif rest:
        rest = rest[1:]
    comp, rep, sub = (enc[:1] or "^"), (enc[1:2] or "~"), (rest[:1] or "&")
    chosen = (comp, rep, sub)
    if len(set(chosen)) < 3 or any(c.isalnum() or c.isspace() or c in "|\"'" for c in chosen):
        return "^", "~", "&"
    return chosen


def _opening_quote(text: str, start: int) -> str:
    """The quote that opens the string literal a message starts in, if any."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 4000)
    dq, sq = text.rfind('"', line_start, start), text.rfind("'", line_start, start)
    if dq < 0 and sq < 0:
        return ""
    return '"' if dq > sq else "'"


def _fields(text: str, at: int, end: int, last: int) -> list[Span]:
    """Spans of fields 1..``last`` of a segment whose ID ends at ``at``."""
    out: list[Span] = []
    pos = at
    while pos < end and len(out) < last:
        nxt = text.find("|", pos + 1, end)
        out.append((pos + 1, end if nxt < 0 else nxt))
        if nxt < 0:
            break
        pos = nxt
    return out


def _read_segment(reader: _Reader, seg: str, fields: dict[int, Span]) -> bool:
    """Read the fields of one segment; whether they name a person of the patient's."""
    spec = _FIELDS.get(seg)
    if not spec:
        return False
    before = len(reader.hits)
    for number, (read, kind) in spec.items():
        span = fields.get(number)
        if span is not None and span[0] < span[1]:
            read(reader, span, kind)
    return seg in _PERSON_SEGMENTS and len(reader.hits) > before


def _message(text: str, start: int, msh: bool = True) -> tuple[list[Hit], int]:
    """The hits of the message (or, ``msh`` false, the segments) at ``start``, and where
    it ends. Segments without their MSH use the standard delimiters ``|^~\\&``."""
    bar = text.find("|", start + 4, start + 16) if msh else start + 3
    if bar < 0:
        return [], start + 4
    opener = text[start - 1 : start] if start else ""
    if opener in ("'", '"') and text[start - 3 : start] != opener * 3:
        # a string literal that starts with the message: one segment per literal, or
        # escaped separators (a list of segments, a repr, a JSON value)
        escaped, quote = True, opener
    else:
        first_break = _ANY_BREAK.search(text, start)
        escaped = first_break is not None and first_break.group()[0] == "\\"
        quote = _opening_quote(text, start) if escaped else ""
    comp, rep, sub = _encoding(text[start + 4 : bar], escaped) if msh else ("^", "~", "&")
    reader = _Reader(text, comp, rep, sub)
    breaker = _ESC_BREAK[quote] if escaped else _RAW_BREAK
    seps = _ESC_SEPS if escaped else _RAW_SEPS
    person = False
    pos, end = start, start + 4
    for n in range(_MAX_SEGMENTS):
        m = breaker.search(text, pos)
        seg_end = len(text) if m is None else m.start()
        sid = _SEGMENT_ID.match(text, pos, seg_end)
        if sid is None or (sid.group(1) == "MSH" and n > 0):
            break
        seg = sid.group(1)
        if seg in _FIELDS:
            fields = _fields(text, sid.end(), seg_end, _LAST_FIELD[seg])
            person = _read_segment(reader, seg, dict(enumerate(fields, 1))) or person
        end = seg_end
        if m is None or (m.group() == "\n" and escaped):
            break
        pos = m.start()
        skip = seps.match(text, pos)
        if skip:
            pos = skip.end()
        if escaped and text.startswith(quote, pos) and quote:
            joined = _CONTINUE.match(text, pos + 1)
            if joined is None:
                break
            quote = joined.group(1)
            breaker = _ESC_BREAK[quote]
            pos = joined.end()
    return keep_companions(reader.hits, person), max(end, start + 4)


#: A segment printed without its message (``print(h.segment('PID'))``, a log line, a
#: literal): one of the segments read, at a line's or a literal's start, then a ``|``.
#: What may stand before a lone segment: a line's start, a quote, a bracket, a prompt.
_LONE_AFTER = frozenset("\n\r'\"[(>")


def _lone_starts(text: str) -> list[int]:
    """Where a segment read by position starts outside a message (found by ``str.find``:
    one pass per segment id is cheaper than a regex tried at every offset)."""
    out = []
    for seg in _FIELDS:
        anchor = seg + "|"
        pos = text.find(anchor)
        while pos >= 0:
            before = text[pos - 1] if pos else "\n"
            if (
                before in _LONE_AFTER or text[pos - 2 : pos] in ("\\r", "\\n")
            ) and not text.startswith("|||", pos + 4):
                out.append(pos)
            pos = text.find(anchor, pos + 4)
    return sorted(out)


def _lone_segments(text: str, read: list[Span]) -> Iterator[Hit]:
    """Segments outside the messages already ``read``."""
    done = 0
    for start in _lone_starts(text):
        if start < done or any(s <= start < e for s, e in read):
            continue
        hits, done = _message(text, start, msh=False)
        yield from hits


# --- the fields of one segment, printed one per line -----------------------------------
#: ``for i, f in enumerate(h.segment('PID')): print(i, f)``: field 0 is the segment's id.
#: (Led by a literal newline, which the regex engine searches for fast.)
_FIELD_RUN = re.compile(r"\n[ \t]*0[ \t:=]+(" + "|".join(sorted(_FIELDS)) + r")[ \t]*\r?(?=\n|$)")
_NUMBERED = re.compile(r"[ \t]*(\d{1,3})(?:[ \t:=][ \t]?([^\r\n]*))?\r?(?:\n|$)")


def _numbered_fields(text: str) -> Iterator[Hit]:
    for m in _FIELD_RUN.finditer("\n" + text):
        seg = m.group(1)
        fields: dict[int, Span] = {}
        pos = m.end() + 1
        for k in range(1, _LAST_FIELD[seg] + 1):
            line = _NUMBERED.match(text, pos)
            if line is None or int(line.group(1)) != k:
                break
            if line.group(2) is not None:
                fields[k] = line.span(2)
            pos = line.end()
        reader = _Reader(text, "^", "~", "&")
        person = _read_segment(reader, seg, fields)
        yield from keep_companions(reader.hits, person)


# --- hl7apy: ``f'{field.long_name}: {field.to_er7()}'`` -------------------------------
#: The long names hl7apy gives the fields read (its v2.5 reference tables spell them so).
_LONG_NAMES: dict[str, dict[int, tuple[str, ...]]] = {
    "PID": {
        2: ("PATIENT_ID", "PATIENT_ID_EXTERNAL_ID"),
        3: ("PATIENT_IDENTIFIER_LIST", "PATIENT_ID_INTERNAL_ID"),
        4: ("ALTERNATE_PATIENT_ID_PID", "ALTERNATE_PATIENT_ID"),
        5: ("PATIENT_NAME",),
        6: ("MOTHER_S_MAIDEN_NAME",),
        7: ("DATE_TIME_OF_BIRTH", "DATE_OF_BIRTH"),
        9: ("PATIENT_ALIAS",),
        11: ("PATIENT_ADDRESS",),
        13: ("PHONE_NUMBER_HOME",),
        14: ("PHONE_NUMBER_BUSINESS",),
        18: ("PATIENT_ACCOUNT_NUMBER",),
        19: ("SSN_NUMBER_PATIENT", "SSN_NUMBER"),
        20: (
            "DRIVER_S_LICENSE_NUMBER_PATIENT",
            "DRIVER_S_LICENSE_NUMBER",
            "DRIVERS_LICENSE_NUMBER",
        ),
        21: ("MOTHER_S_IDENTIFIER",),
        29: ("PATIENT_DEATH_DATE_AND_TIME",),
    },
    "PD1": {
        4: (
            "PATIENT_PRIMARY_CARE_PROVIDER_NAME_ID_NO",
            "PATIENT_PRIMARY_CARE_PROVIDER_NAME_ID NO",
            "PATIENT_PRIMARY_CARE_PROVIDER_NAME_AND_ID_NO",
        )
    },
    "PV1": {
        5: ("PREADMIT_NUMBER",),
        7: ("ATTENDING_DOCTOR",),
        8: ("REFERRING_DOCTOR",),
        9: ("CONSULTING_DOCTOR",),
        17: ("ADMITTING_DOCTOR",),
        19: ("VISIT_NUMBER",),
        44: ("ADMIT_DATE_TIME",),
        45: ("DISCHARGE_DATE_TIME",),
        50: ("ALTERNATE_VISIT_ID",),
        52: ("OTHER_HEALTHCARE_PROVIDER",),
    },
    "NK1": {
        2: ("NAME",),
        4: ("ADDRESS",),
        5: ("PHONE_NUMBER",),
        6: ("BUSINESS_PHONE_NUMBER",),
        16: ("DATE_TIME_OF_BIRTH", "DATE_OF_BIRTH"),
        30: ("CONTACT_PERSON_S_NAME",),
        31: ("CONTACT_PERSON_S_TELEPHONE_NUMBER",),
        32: ("CONTACT_PERSON_S_ADDRESS",),
        33: ("NEXT_OF_KIN_ASSOCIATED_PARTY_S_IDENTIFIERS", "ASSOCIATED_PARTY_S_IDENTIFIERS"),
        37: ("CONTACT_PERSON_SOCIAL_SECURITY_NUMBER",),
    },
    "GT1": {
        2: ("GUARANTOR_NUMBER",),
        3: ("GUARANTOR_NAME",),
        4: ("GUARANTOR_SPOUSE_NAME",),
        5: ("GUARANTOR_ADDRESS",),
        6: ("GUARANTOR_PH_NUM_HOME",),
        7: ("GUARANTOR_PH_NUM_BUSINESS",),
        8: ("GUARANTOR_DATE_TIME_OF_BIRTH",),
        12: ("GUARANTOR_SSN",),
    },
    "IN1": {
        8: ("GROUP_NUMBER",),
        16: ("NAME_OF_INSURED",),
        18: ("INSURED_S_DATE_OF_BIRTH",),
        19: ("INSURED_S_ADDRESS",),
        36: ("POLICY_NUMBER",),
        49: ("INSURED_S_ID_NUMBER",),
    },
    "IN2": {
        2: ("INSURED_S_SOCIAL_SECURITY_NUMBER",),
        6: ("MEDICARE_HEALTH_INS_CARD_NUMBER",),
        8: ("MEDICAID_CASE_NUMBER",),
    },
    "MRG": {
        1: ("PRIOR_PATIENT_IDENTIFIER_LIST", "PRIOR_PATIENT_ID_INTERNAL"),
        2: ("PRIOR_ALTERNATE_PATIENT_ID",),
        3: ("PRIOR_PATIENT_ACCOUNT_NUMBER",),
        4: ("PRIOR_PATIENT_ID", "PRIOR_PATIENT_ID_EXTERNAL"),
        5: ("PRIOR_VISIT_NUMBER",),
        6: ("PRIOR_ALTERNATE_VISIT_ID",),
        7: ("PRIOR_PATIENT_NAME",),
    },
    "ORC": {10: ("ENTERED_BY",), 11: ("VERIFIED_BY",), 12: ("ORDERING_PROVIDER",)},
    "OBR": {16: ("ORDERING_PROVIDER",), 28: ("RESULT_COPIES_TO",)},
    "EVN": {5: ("OPERATOR_ID",)},
    "ROL": {4: ("ROLE_PERSON",)},
    "DG1": {3: ("DIAGNOSIS_CODE_DG1", "DIAGNOSIS_CODE")},
    "FT1": {
        4: ("TRANSACTION_DATE",),
        19: ("DIAGNOSIS_CODE_FT1", "DIAGNOSIS_CODE"),
        20: ("PERFORMED_BY_CODE",),
        21: ("ORDERED_BY_CODE",),
    },
}
_BY_LONG_NAME: dict[str, list[tuple[str, int]]] = {}
for _seg, _names in _LONG_NAMES.items():
    for _number, _spellings in _names.items():
        for _long in _spellings:
            _BY_LONG_NAME.setdefault(_long, []).append((_seg, _number))
#: Words only hl7apy's names have: the recogniser runs where one appears.
_LONG_GATES = ("SET_ID_", "MESSAGE_TYPE: ", "PATIENT_", "_PROVIDER: ")
#: A line ``NAME: value`` (led by a literal newline, which the regex engine finds fast);
#: the name is then looked up.
_LONG_LINE = re.compile(r"\n[ \t]*([A-Z][A-Z0-9_]{1,60}(?: NO)?):[ \t]?([^\r\n]*)")


def _long_named_fields(text: str) -> Iterator[Hit]:
    reader = _Reader(text, "^", "~", "&")
    person = False
    segment, last = "", 0
    lined = "\n" + text  # offsets in ``text`` are one less than in ``lined``
    for m in _LONG_LINE.finditer(lined):
        name = m.group(1)
        if m.start() - last > 1:  # (a CR may end the line before)
            segment = ""  # a run of hl7apy lines ended: the segment is not known
        last = m.end()
        if name.startswith("SET_ID_") and len(name) <= 10:
            segment = name[7:]
            continue
        places = _BY_LONG_NAME.get(name)
        if not places:
            continue
        span = (m.start(2) - 1, m.end(2) - 1)
        place = next((p for p in places if p[0] == segment), None)
        if place is None and len({_FIELDS[s][n] for s, n in places}) == 1:
            # one reading wherever it is (ORC's and OBR's ORDERING_PROVIDER)
            person = _read_segment(reader, places[0][0], {places[0][1]: span}) or person
            continue
        if place is None:
            continue
        segment = place[0]
        person = _read_segment(reader, segment, {place[1]: span}) or person
    yield from keep_companions(reader.hits, person)


# --- python-hl7's parsed message, printed as nested lists -----------------------------
#: ``repr(hl7.parse(msg))``: ``[['PID'], ['1'], [''], [[['12345'], [''], ...]], ...]``.
_PARSED = re.compile(r"\[\[(['\"])(" + "|".join(sorted(_FIELDS)) + r")\1\]")


class _TreeReader(_Reader):
    """A parsed message's fields: their repetitions and components come from the nesting."""

    def __init__(self, text: str) -> None:
        super().__init__(text, "^", "~", "&")
        self.joined = False
        self.shapes: dict[Span, list[list[Span]]] = {}

    def reps(self, span: Span) -> list[list[Span]]:
        return self.shapes.get(span, [[span]])

    def first_sub(self, span: Span) -> Span:
        return span


def _first_str(node: Node | None) -> Str | None:
    for _ in range(8):
        if isinstance(node, Str) or not isinstance(node, list) or not node:
            break
        node = node[0]
    return node if isinstance(node, Str) else None


def _tree_field(reader: _TreeReader, node: Node) -> Span | None:
    """Register a field node's repetitions and components; the span that stands for it."""
    if not isinstance(node, list) or not node:
        return None
    if isinstance(node[0], Str):  # a plain value: ['19620314']
        return (node[0].start, node[0].end)
    reps: list[list[Span]] = []
    for rep in node:
        comps = [_first_str(c) for c in rep] if isinstance(rep, list) else []
        reps.append([(c.start, c.end) if c else (0, 0) for c in comps])
    first = next((c for r in reps for c in r if c[0] < c[1]), None)
    if first is None:
        return None
    span = (first[0], first[1] + 1)  # a key of its own (never a component's span)
    reader.shapes[span] = reps
    return span


def _parsed_segments(text: str) -> Iterator[Hit]:
    reader = _TreeReader(text)
    person = False
    done = 0
    for m in _PARSED.finditer(text):
        if m.start() < done:
            continue
        parser = Parser(text, m.start(), len(text), max_tokens=20_000)
        node = parser.value()
        done = parser.pos
        if not isinstance(node, list):
            continue
        fields = {}
        for k, field in enumerate(node[1 : _LAST_FIELD[m.group(2)] + 1], 1):
            span = _tree_field(reader, field)
            if span is not None:
                fields[k] = span
        person = _read_segment(reader, m.group(2), fields) or person
    yield from keep_companions(reader.hits, person)


def hl7_hits(text: str) -> Iterator[Hit]:
    """Typed fields of every HL7 v2 message in ``text``, in the shapes programs print."""
    done = 0
    read: list[Span] = []
    pos = text.find(_ANCHOR)
    while pos >= 0:
        if pos >= done:
            hits, done = _message(text, pos)
            read.append((pos, done))
            yield from hits
        pos = text.find(_ANCHOR, max(pos + 4, done))
    if "|" in text:
        yield from _lone_segments(text, read[-64:])
    if "[['" in text or '[["' in text:
        yield from _parsed_segments(text)
    if "\n0 " in text or text.startswith("0 "):
        yield from _numbered_fields(text)
    if any(g in text for g in _LONG_GATES):
        yield from _long_named_fields(text)
