"""Free-text PHI: clinical notes in Markdown cells and outputs, and what must stay clean.

The notes are written for these tests in the shapes public medical-documentation guides
describe (discharge summary, SOAP progress note, referral letter, nursing note) and carry
the PHI categories of the i2b2/n2c2 de-identification task descriptions (patient, doctor
and relative names, dates, ages over 89, phones, e-mails, addresses, record numbers);
every person, number and place in them is made up.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from jupyterlab_cloudshare.core.scan import phi, scan_notebook

from . import labelled
from .labelled import code, error, markdown, stream


def nb(*cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


def found(notebook):
    """(type, matched text) of every finding, read back through its path and offsets."""
    texts = labelled.texts(notebook)
    return [(f.type, texts[f.path][f.start : f.end]) for f in scan_notebook(notebook)]


def place(where, text):
    if where == "markdown":
        return nb(markdown(text))
    if where == "code":
        return nb(code(text))
    return nb(code("print(note)", stream(text)))


DISCHARGE_SUMMARY = """\
DISCHARGE SUMMARY

Patient: HALVORSEN, ERIK J          MRN#: 00731942
DOB: 22-Nov-1951                    Acct No. 55102948
Admission Date: 02/11/2023          Discharge Date: 02/15/2023
Attending: Dr. Priya Raman

HISTORY OF PRESENT ILLNESS:
Mr. Halvorsen is a 71 y.o. male who presents with two days of worsening dyspnea. He was
accompanied by his wife Ingrid, who reports orthopnea since January.

DISCHARGE DIAGNOSES: acute on chronic systolic heart failure (I50.23), type 2 diabetes
mellitus (E11.9).

FOLLOW-UP: Cardiology clinic in 1 week; call (207) 874-3316 x4402 with questions.

Electronically signed by: Priya Raman, MD 02/15/2023 16:42
"""

SOAP_NOTE = """\
S: Pt Rosa Delgado, 58 y/o F, c/o intermittent chest tightness x3 days. DOB 03/14/1965.
O: BP 142/88, HR 91, SpO2 97% RA. Lungs clear.
A: Chest pain, likely musculoskeletal. Hx of HTN (I10).
P: Ibuprofen 400 mg PRN. F/U on 04/02/2024 with Dr. Okafor. Pt phone: 4135527730.
"""

REFERRAL_LETTER = """\
Dear Dr. Whitfield,

Thank you for referring Mrs. Eleanor Price (DOB: March 9th, 1948), who was seen in clinic
on June 4, 2024. She lives at 27 Larch Rd, Apt 3B, Dover, DE 19901 and can be reached at
302-674-2231 or eleanor.price48@gmail.com.

Sincerely,
-- Dr. A. Patel
"""

NURSING_NOTE = """\
Nursing note 0700-1900. Patient is a 93 year old woman admitted on 2024-05-02 for a hip
fracture. Pt's daughter Karen Lindqvist at bedside. Patient email: karen dot lindqvist at
outlook dot com. Date of service: 05/03/2024.
"""


@pytest.mark.parametrize("where", ["markdown", "output"])
def test_discharge_summary(where):
    got = set(found(place(where, DISCHARGE_SUMMARY)))
    assert got == {
        ("NAME", "HALVORSEN, ERIK J"),
        ("MRN", "00731942"),
        ("DOB", "22-Nov-1951"),
        ("ACCOUNT", "55102948"),
        ("DATE", "02/11/2023"),
        ("DATE", "02/15/2023"),
        ("NAME", "Priya Raman"),
        ("NAME", "Halvorsen"),
        ("NAME", "Ingrid"),
        ("ICD10", "I50.23"),
        ("ICD10", "E11.9"),
        ("PHONE", "(207) 874-3316 x4402"),
    }


def test_soap_note():
    got = set(found(place("output", SOAP_NOTE)))
    assert got == {
        ("NAME", "Rosa Delgado"),
        ("DOB", "03/14/1965"),
        ("ICD10", "I10"),
        ("DATE", "04/02/2024"),
        ("NAME", "Okafor"),
        ("PHONE", "4135527730"),
    }


def test_referral_letter():
    got = set(found(place("markdown", REFERRAL_LETTER)))
    assert got == {
        ("NAME", "Whitfield"),
        ("NAME", "Eleanor Price"),
        ("DOB", "March 9th, 1948"),
        ("DATE", "June 4, 2024"),
        ("ADDRESS", "27 Larch Rd, Apt 3B"),
        ("ZIP", "19901"),
        ("PHONE", "302-674-2231"),
        ("EMAIL", "eleanor.price48@gmail.com"),
        ("NAME", "A. Patel"),
    }


def test_nursing_note():
    got = set(found(place("markdown", NURSING_NOTE)))
    assert got == {
        ("DATE", "93"),
        ("DATE", "2024-05-02"),
        ("NAME", "Karen Lindqvist"),
        ("EMAIL", "karen dot lindqvist at\noutlook dot com"),
        ("DATE", "05/03/2024"),
    }


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # names by a title, a record label, a signature, a relation, the name lists
        ("Pt John Whitaker, DOB 03/14/1962, MRN 00482913", "NAME", "John Whitaker"),
        ("Patient: SMITH, JOHN   MRN: 00482913", "NAME", "SMITH, JOHN"),
        ("Patient Name - Maria Lopez\nDOB: 1962-03-14", "NAME", "Maria Lopez"),
        ("Name: Omar Haddad  DOB: 07/30/1979  MRN: 4471920", "NAME", "Omar Haddad"),
        ("Mrs. Kowalski is a 64 yo female seen today for follow up", "NAME", "Kowalski"),
        ("54 y.o. man referred by Dr. Lena Fischer for a cough", "NAME", "Lena Fischer"),
        ("Patient seen by Samuel Okoye, NP; presents with rash", "NAME", "Samuel Okoye"),
        ("Pt accompanied by her husband Tom; presents with fever", "NAME", "Tom"),
        ("Emergency contact: Walter Brandt (son), 617-432-8841", "NAME", "Walter Brandt"),
        ("Attending physician: Grace Oyelaran, MD", "NAME", "Grace Oyelaran"),
        ("Brian Castillo, a 47 y.o. male, presents with back pain", "NAME", "Brian Castillo"),
        ("Castillo, Brian  DOB: 04/01/1977", "NAME", "Castillo, Brian"),
        (
            "**Patient:** Mrs. Hélène Löchel  \n**Date of birth:** 10/19/1937",
            "NAME",
            "Hélène Löchel",
        ),
        ("Patient: OLIVÁREZ, MARCO ANTONIO   MRN: E5633529", "NAME", "OLIVÁREZ, MARCO ANTONIO"),
        # birth dates in words and visit dates
        ("DOB: March 14, 1962", "DOB", "March 14, 1962"),
        ("**Date of birth:** 10/19/1937", "DOB", "10/19/1937"),
        (
            "Pt Ana Ruiz, DOB 2003-04-16, MRN 3474844, seen on 08/07/2022 for cough",
            "DOB",
            "2003-04-16",
        ),
        ("Date of birth: 14 March 1962", "DOB", "14 March 1962"),
        ("DOB: Mar. 14th, 1962", "DOB", "Mar. 14th, 1962"),
        ("the patient was born on the 14th of March, 1962", "DOB", "14th of March, 1962"),
        ("Pt Ana Ruiz (b. 3/14/1962) presents with cough", "DOB", "3/14/1962"),
        ("Birthday: 14MAR1962, MRN 00482913", "DOB", "14MAR1962"),
        ("Patient admitted on 03/02/2023 with sepsis", "DATE", "03/02/2023"),
        ("Patient: Ana Ruiz\nDOS: 2023-03-02", "DATE", "2023-03-02"),
        ("The patient was seen on March 2, 2023 in clinic", "DATE", "March 2, 2023"),
        ("Patient expired on 2023-03-09 at 04:12", "DATE", "2023-03-09"),
        ("Patient is a 92 y.o. female", "DATE", "92"),
        ("The patient, aged 101, lives alone", "DATE", "101"),
        # phones with extensions, country codes, labels
        ("call (617) 432-8841 x1234", "PHONE", "(617) 432-8841 x1234"),
        ("office 617-432-8841 ext. 12", "PHONE", "617-432-8841 ext. 12"),
        ("cell +1 617 432 8841", "PHONE", "+1 617 432 8841"),
        ("from abroad dial 001-617-432-8841", "PHONE", "001-617-432-8841"),
        ("London office +44 20 7946 0958", "PHONE", "+44 20 7946 0958"),
        ("Berlin +49 30 901820", "PHONE", "+49 30 901820"),
        ("tel 617.432.8841", "PHONE", "617.432.8841"),
        ("Phone: 6174328841", "PHONE", "6174328841"),
        ("Fax: (617) 432-8842", "PHONE", "(617) 432-8842"),
        ("Faker style (617)432-8841x305", "PHONE", "(617)432-8841x305"),
        ("+1-617-432-8841x1234", "PHONE", "+1-617-432-8841x1234"),
        # e-mails encoded, bracketed, spelled out next to a patient
        ("mailto:john.smith%40gmail.com", "EMAIL", "john.smith%40gmail.com"),
        ("GET /api/users?email=john.smith%40gmail.com 404", "EMAIL", "john.smith%40gmail.com"),
        ("next=%2Flogin%3Fu%3Djohn.smith%2540gmail.com", "EMAIL", "john.smith%2540gmail.com"),
        ("From: Ana Lima <ana.lima7@gmail.com>", "EMAIL", "ana.lima7@gmail.com"),
        ("<a href='mailto:ana.lima7@gmail.com'>", "EMAIL", "ana.lima7@gmail.com"),
        ("Pt email jsmith [at] gmail [dot] com", "EMAIL", "jsmith [at] gmail [dot] com"),
        # ICD-10 next to a patient
        ("Dx: E11.9", "ICD10", "E11.9"),
        ("diagnosis E11.65 for patient", "ICD10", "E11.65"),
        ("Patient problem list: J45.909, I10", "ICD10", "I10"),
        # addresses
        ("lives at 4417 Wexford Ave, Springfield, IL 62704", "ADDRESS", "4417 Wexford Ave"),
        ("Patient: 88 N Cedar St Apt 4B", "ADDRESS", "88 N Cedar St Apt 4B"),
        ("mailing address P.O. Box 4471, Dover, DE 19901", "ADDRESS", "P.O. Box 4471"),
        ("Patient address: RR 2, Box 15, Alma, NE 68920", "ADDRESS", "RR 2, Box 15"),
        ("Patient home #4 - 1210 Orchard Lane", "ADDRESS", "#4 - 1210 Orchard Lane"),
        ("patient lives at 212 5th Ave", "ADDRESS", "212 5th Ave"),
        ("Address: 2450 Martin Luther King Jr Blvd", "ADDRESS", "2450 Martin Luther King Jr Blvd"),
        ("Patient\n41 Quarry Hill\nDover, DE 19901", "ADDRESS", "41 Quarry Hill"),
        ("Pt lives at 17 Wren, Dover, DE 19901", "ADDRESS", "17 Wren"),
        # labels the way clinicians write them
        ("MRN#: 00482913", "MRN", "00482913"),
        ("MR #: 7734120", "MRN", "7734120"),
        ("Acct: 90017344", "ACCOUNT", "90017344"),
        ("Acct No. 90017344", "ACCOUNT", "90017344"),
        ("FIN: 40093315", "ACCOUNT", "40093315"),
        ("Lic. #: A1234567", "LICENSE", "A1234567"),
        ("DL: D1234567", "LICENSE", "D1234567"),
        ("Passport No. 912345678", "LICENSE", "912345678"),
        ("Ins ID: XJ4829301", "HEALTH_PLAN_ID", "XJ4829301"),
        ("Policy #: POL1234567", "HEALTH_PLAN_ID", "POL1234567"),
        ("Dr. Nia Brooks (NPI: 1234567893)", "NPI", "1234567893"),
        ("Dr. Nia Brooks, NPI 1234567893, DEA# AB1234563", "DEA", "AB1234563"),
        ("SS#: 412-55-7781", "SSN", "412-55-7781"),
        ("Hospital #: 7654321", "MRN", "7654321"),
    ],
)
def test_identifier_in_a_note_is_found(text, kind, value):
    got = found(place("output", text))
    assert (kind, value) in got, got


def test_a_record_line_of_several_fields_is_split_at_each_label():
    line = "Name: Omar Haddad  MRN: 4471920  DOB: 07/30/1979  Acct: 90017344  Ph: 4135527730"
    assert set(found(place("output", line))) == {
        ("NAME", "Omar Haddad"),
        ("MRN", "4471920"),
        ("DOB", "07/30/1979"),
        ("ACCOUNT", "90017344"),
        ("PHONE", "4135527730"),
    }


def test_a_birth_date_label_is_a_dob_not_a_visit_date():
    got = found(place("output", "Patient name: Kyle Morris\nBirth date: 1940-12-02\n"))
    assert ("DOB", "1940-12-02") in got and ("DATE", "1940-12-02") not in got


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # after "on", "since", "drawn"... in a note
        (
            "Thank you for referring Raul Fierro, whom I saw in clinic on 2024-01-02.\n"
            "Her SSN on file is 828-41-2648.",
            "2024-01-02",
        ),
        (
            "Discharged home.\n\nElectronically signed by: Ana Ruiz, MD on 04/24/2019\n",
            "04/24/2019",
        ),
        ("S: 67 y.o. M with CHF. Labs drawn 2021-01-19: Cr 1.2, K 4.1.\nMRN 4471920", "2021-01-19"),
        ("Pt reports dyspnea since 3/2/2021; MRN 4471920, DOB 07/30/1979", "3/2/2021"),
        # opening a dated entry, or on the line of a person marker
        ("April 28, 2021: Jane Roe (F, DOB May 1, 1993) presented to the ED.", "April 28, 2021"),
        ("2023-10-22 - Pt called, MRN 4471920, asked for a refill", "2023-10-22"),
        # any other full date of a note: a study, a result
        (
            "Pt Ana Ruiz, MRN 4471920, DOB 07/30/1979.\nCT chest 01/05/2021 showed a nodule;"
            " repeat imaging in 3 months.",
            "01/05/2021",
        ),
        # a month and day with no year, after "on"
        ("Pt seen on March 3rd for follow-up. MRN 4471920. DOB 01/02/1950", "March 3rd"),
        ("Patient returns on the 14th of May; MRN 4471920, 71 y.o. male", "14th of May"),
        # MIMIC-III's shifted, bracketed dates after their labels
        (
            "Admission Date:  [**2151-7-16**]       Discharge Date:   [**2151-8-4**]\n\n"
            "Date of Birth:  [**2090-3-2**]       Sex:   F\n",
            "2151-7-16",
        ),
    ],
)
def test_note_dates_without_an_event_label(text, date):
    got = found(place("output", text))
    assert ("DATE", date) in got, got


def test_mimic_bracketed_birth_date_is_a_dob():
    text = "Admission Date:  [**2151-7-16**]\n\nDate of Birth:  [**2090-3-2**]   Sex: F\n"
    got = found(place("output", text))
    assert ("DOB", "2090-3-2") in got and ("DATE", "2090-3-2") not in got


def test_labels_after_a_reprs_escaped_line_breaks():
    text = (
        "'Patient name: Nadja Dippel\\nBirth date: 11/24/1947\\nContact: 652.648.4618\\n"
        "Insurance member ID: BIA956017787\\nMRN 33634273\\n'"
    )
    got = set(found(place("output", text)))
    assert {
        ("DOB", "11/24/1947"),
        ("HEALTH_PLAN_ID", "BIA956017787"),
        ("MRN", "33634273"),
        ("NAME", "Nadja Dippel"),
    } <= got, got


@pytest.mark.parametrize(
    "text",
    [
        # no person: a release note, a changelog, a tutorial's schedule
        "We released version 2.0 on March 3rd, 2021, and 2.1 on 2021-04-01.",
        "Changelog\n2023-10-22: fixed the parser\n2023-11-02: new API since 2023-10-30\n",
        "The workshop runs from 03/02/2023 to 03/04/2023; lunch on March 3rd.",
        # a log line's time stamp beside a patient word is the log's, not the patient's
        "2024-07-22T13:05:11 INFO etl.load: patient record upserted\n",
        # a DICOM dump's software build stamp beside the patient module
        "(0010,0010) Patient's Name  PN: 'DOE^JANE'\n(0010,0030) Patient's Birth Date  DA: "
        "'19700101'\n(0018,1020) Software Versions  LO: 'OS.09__[2010/06/14]_16:45'\n",
        # a version string, an epoch, a lab value, a date-like build number
        "Pt MRN 4471920: version 2.1.3, epoch 1617235200, K 4.1 mmol/L, build 20210314",
    ],
)
def test_dates_that_are_not_a_patients(text):
    assert [f for f in found(place("output", text)) if f[0] == "DATE"] == []


def test_a_birth_label_keeps_its_date_a_dob():
    text = "Pt Ana Ruiz (F, DOB 1994-11-21) seen on 2023-03-02; born on 11/21/1994 per chart"
    got = found(place("output", text))
    assert ("DOB", "1994-11-21") in got and ("DATE", "1994-11-21") not in got
    assert ("DATE", "11/21/1994") not in got
    assert ("DATE", "2023-03-02") in got


def test_letter_names_after_care_verbs_closings_and_before_an_aside():
    letter = (
        "Dear Dr. Wilmsen,\n\nThank you for referring Raúl Fierro (born November 5, 1937), "
        "whom I saw in clinic on 2024-01-02. She can be reached at (617) 432-8841 or "
        "rfierro@outlook.com.\nHer SSN on file is 828-41-2648.\n\nSincerely,\nMarius Wilmsen\n"
    )
    got = set(found(place("markdown", letter)))
    assert {("NAME", "Raúl Fierro"), ("NAME", "Marius Wilmsen")} <= got, got
    entry = "2023-10-22: Virginie Roger (F, DOB November 17, 1990) presented to the ED."
    assert ("NAME", "Virginie Roger") in found(place("output", entry))
    assert ("NAME", "René Quintanilla") in found(
        place("output", "Pt René Quintanilla, DOB 08/06/1982, MRN 7958848")
    )


def test_street_after_lives_at_and_contact_line_email_in_a_note():
    note = (
        "Patient name: Zoe Roberts\nBirth date: 11/02/2009\n"
        "Contact: 554.727.7463 / zroberts@partners.org\n"
        "PMH: HTN (I10). Lives at 53117 Stephanie Mountains, Ralphshire.\n"
    )
    got = set(found(place("output", note)))
    assert {
        ("EMAIL", "zroberts@partners.org"),
        ("ADDRESS", "53117 Stephanie Mountains"),
    } <= got, got


@pytest.mark.parametrize(
    "text",
    [
        "We thank you for referring Python Developers to the docs.\n\nSincerely,\nThe Team\n",
        "Contact: Jane Maintainer <jane@example-project.org>\nVersion: 1.2.3\n",
        "The company moved to 5 Data Centers in 2020 and lives at 3 Regions now.",
    ],
)
def test_letters_and_metadata_without_a_patient(text):
    assert found(place("markdown", text)) == []


def test_error_output_with_an_encoded_email():
    tb = ["HTTPError: 404 Client Error for url: https://ehr.host/api?email=ana.lima7%40gmail.com"]
    got = found(nb(code("r.raise_for_status()", error("HTTPError", "404", tb))))
    assert got == [("EMAIL", "ana.lima7%40gmail.com")]


# Text public notebooks print that holds no PHI, each a look-alike of one rule above.
CLEAN = {
    "biography": (
        "markdown",
        "Grace Hopper was born on December 9, 1906 in New York City. She joined the Navy "
        "in 1943 and was promoted to rear admiral. Alan Turing was born on 23 June 1912.",
    ),
    "biography aside": ("output", "Rosalind Franklin (b. 25 July 1920) was a chemist."),
    "places": (
        "markdown",
        "Washington, Jackson and Madison are state capitals; Jackson, MS and Madison, WI "
        "are in the table. Lincoln County and Grant Park were named after presidents.",
    ),
    "ner tutorial": (
        "output",
        "[('Sebastian Thrun', 'PERSON'), ('Google', 'ORG'), ('2007', 'DATE')]\n"
        "Mary Shelley wrote Frankenstein. Jane Austen wrote Emma.",
    ),
    "book list": (
        "markdown",
        "Reading list:\n- Dr. Seuss, *Green Eggs and Ham*\n- Mr. Penumbra's 24-Hour Bookstore\n"
        "- Mrs. Dalloway by Virginia Woolf\n",
    ),
    "titanic head": (
        "output",
        "   PassengerId  Survived  Pclass                          Name     Sex   Age\n"
        "0            1         0       3       Braund, Mr. Owen Harris    male  22.0\n"
        "1            2         1       1  Cumings, Mrs. John Bradley (...)  female  38.0\n"
        "2            3         1       3        Heikkinen, Miss. Laina  female  26.0\n",
    ),
    "dataset description": (
        "output",
        "Breast tumour dataset\n\nCreator: Dr. William H. Wolberg, General Surgery Dept., "
        "University of Wisconsin, Clinical Sciences Center, Madison, WI 53792\n"
        "Each record is one of 569 consecutive patients; cases were collected by "
        "Dr. Wolberg from January 1989 to November 1991.\nDonors: Nick Street, Olvi "
        "Mangasarian, Computer Sciences Dept.\n",
    ),
    "cohort summary": (
        "markdown",
        "The cohort has 1,204 patients (mean age 61 years old). Patients aged 90 or more were "
        "excluded. Codes E11.9 and I10 were the most frequent diagnoses.",
    ),
    "icd table": (
        "output",
        "  code  description\n0  E11.9  Type 2 diabetes mellitus without complications\n"
        "1    I10  Essential (primary) hypertension\n2  J45.909  Unspecified asthma\n",
    ),
    "icd dictionary": ("code", "icd = {'E11.9': 'T2DM', 'I10': 'HTN', 'N18.3': 'CKD 3'}\n"),
    "dates in code": (
        "code",
        "df = pd.date_range('2023-03-02', periods=10)\nborn = datetime(1962, 3, 14)\n"
        "admitted = df[df.admit_date > '2023-03-02']\n",
    ),
    "log with dates": (
        "output",
        "2023-03-02 10:12:01 INFO request admitted on 2023-03-02 (queue 4)\n"
        "2023-03-02 10:12:02 INFO job seen on 2023-03-02 by worker-7\n",
    ),
    "versions": ("output", "numpy 1.26.4\nVersion: 2023.3.2\nrelease 14 March 2023\n"),
    "numbers in logs": (
        "output",
        "step 6174328841 loss=0.2311\nbatch +44 20 79 x 0958\nids: 617 432 8841 2125550199\n",
    ),
    "patient column code": (
        "code",
        "patient_id = df['patient_id']\npatients = load('Mary Jones.csv')\nmodel.pt saved",
    ),
    "fiction": (
        "markdown",
        "Mr. Darcy and Miss Bennet meet again. Dr. Watson wrote to Mrs. Hudson on 3 May 1891.",
    ),
    "street names in prose": ("markdown", "Lincoln Street and King Avenue were renamed."),
    "spelled at": ("markdown", "Meet at the station at noon dot com style jokes aside."),
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_text_is_not_flagged(name):
    where, text = CLEAN[name]
    assert found(place(where, text)) == []


def test_names_need_a_record_near():
    """The same name and title are PHI in a note and not in a sentence about a book."""
    assert found(place("markdown", "We read Dr. Seuss in class.")) == []
    got = found(place("markdown", "Pt seen by Dr. Seuss today, 45 y.o. male."))
    assert ("NAME", "Seuss") in got


def test_name_lists_load_lazily_and_once():
    script = (
        "from jupyterlab_cloudshare.core.scan import phi\n"
        "assert phi._names.cache_info().currsize == 0\n"
        "list(phi.note_hits('Pt John Whitaker, DOB 03/14/1962'))\n"
        "first, last, common = phi._names()\n"
        "assert 'john' in first and 'whitaker' in last and 'grace' in common\n"
        "assert phi._names.cache_info().misses == 1\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_sniffed_windows_find_what_the_full_phone_regexes_find():
    pieces = [
        "(617) 432-8841", "617-432-8841", "+1 617 432 8841", "001-617-432-8841",
        "+44 20 7946 0958", "+49 30 901820", " x", "x12", " ext. 3", "ext", "(0)", "-", ".",
        " ", "\n", "+", "7", "44", "1",
    ]  # fmt: skip
    rng = random.Random(8)
    patterns = [(full, sniffs, back, ahead) for kind, full, sniffs, back, ahead in phi._FREE]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for full, sniffs, back, ahead in patterns:
            expected = [m.span() for m in full.finditer(text)]
            assert [m.span() for m in phi._near(text, full, sniffs, back, ahead)] == expected


def test_name_pairs_do_not_cross_a_table_gutter():
    from jupyterlab_cloudshare.core.scan import scan_text

    text = "FIRST   LAST     SSN\nRuth    Okafor   078-51-1121\n"
    names = [text[h.start : h.end] for h in scan_text(text) if h.type == "NAME"]
    assert all("  " not in n for n in names) and names


def test_ssn_after_a_word_and_hyphen_in_free_text():
    from jupyterlab_cloudshare.core.scan import scan_text

    text = "uploaded as patient-412-55-7781.pdf yesterday"
    assert [text[h.start : h.end] for h in scan_text(text) if h.type == "SSN"] == ["412-55-7781"]
    assert not [h for h in scan_text("build 2024-412-55-7781") if h.type == "SSN"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Phone: (505) 555-0148", "(505) 555-0148"),
        ("Cell: 617-555-0101", "617-555-0101"),
        ("phone=505-555-0148 mrn=77812345", "505-555-0148"),
        ("Tel. (617) 555-0199 x12", "(617) 555-0199 x12"),
    ],
)
def test_a_fictional_555_01_line_counts_where_a_label_says_phone(text, value):
    from jupyterlab_cloudshare.core.scan import scan_text

    assert ("PHONE", value) in {(h.type, text[h.start : h.end]) for h in scan_text(text)}


@pytest.mark.parametrize("text", ["call 505-555-0148 today", "Try 212-555-0145 in the demo."])
def test_a_fictional_555_01_line_alone_is_no_finding(text):
    from jupyterlab_cloudshare.core.scan import scan_text

    assert [h for h in scan_text(text) if h.type == "PHONE"] == []
