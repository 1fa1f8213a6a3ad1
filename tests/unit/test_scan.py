"""The scanner: recall and precision on labelled notebooks, hard negatives, suppressions."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from jupyterlab_cloudshare.core.errors import InvalidRequestError
from jupyterlab_cloudshare.core.scan import ScanConfig, scan_notebook

from . import labelled
from .labelled import code, markdown, result, stream

STRUCTURED = [
    "SSN", "MRN", "NPI", "PHONE", "EMAIL", "DOB", "HEALTH_PLAN_ID", "IP_ADDRESS", "ADDRESS",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_KEY", "GITHUB_TOKEN", "SLACK_TOKEN", "SLACK_WEBHOOK",
    "PRIVATE_KEY", "PASSWORD", "GOOGLE_API_KEY", "JWT", "STRIPE_KEY", "OPENAI_KEY", "HF_TOKEN",
]  # fmt: skip


def nb(*cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


def found(notebook, config=None):
    """(type, matched text) of every finding, read back through its path and offsets."""
    texts = labelled.texts(notebook)
    return [(f.type, texts[f.path][f.start : f.end]) for f in scan_notebook(notebook, config)]


@pytest.fixture(scope="module")
def stats():
    return labelled.evaluate(labelled.corpus(seed=11, size=72), scan_notebook)


@pytest.mark.parametrize("kind", STRUCTURED)
def test_recall_and_precision_per_structured_type(stats, kind):
    assert kind in stats, f"the corpus has no {kind}"
    assert stats[kind]["recall"] >= 0.95, stats[kind]
    assert stats[kind]["precision"] >= 0.95, stats[kind]


def test_overall_precision(stats):
    tp = sum(s["tp"] for s in stats.values())
    fp = sum(s["fp"] for s in stats.values())
    assert tp / (tp + fp) >= 0.95


def test_hard_negative_notebooks_are_clean():
    negatives = [item for item in labelled.corpus(seed=5, size=30) if not item.labels]
    assert negatives
    for item in negatives:
        assert found(item.nb) == [], item.name


@pytest.mark.parametrize(
    "text",
    [
        "000-12-3456", "666-45-1234", "912-34-5678", "078-05-1120", "219-09-9999",
        "123-45-6789", "123-00-4567", "123-45-0000", "version 1.2.3.4", "127.0.0.1",
        "0.0.0.0", "192.0.2.1", "203.0.113.9", "(555) 555-0123", "212-555-0145",
        "2125550123", "3.1415926535", "1699999999", "2024-01-31", "jane@example.com",
        "img@2x.png", "git@github.com:org/repo.git", "NPI: 1234567890",
        "550e8400-e29b-41d4-a716-446655440000", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "api_key = 'YOUR_API_KEY'", "password = '<password>'", "token = os.getenv('TOKEN')",
        "secret = getpass()", "pwd = '***'", "password = ''", "AKIAIOSFODNN7EXAMPLE",
        "pad_token = '[PAD]'", "url = f'postgresql://{user}:{password}@db/x'",
        "Author-email: Guido <guido@python.org>", "12345", "zipcodes = 12345 + 1",
    ],
)  # fmt: skip
def test_hard_negative_is_not_flagged(text):
    assert found(nb(code(text), code("x", stream(text)))) == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("SSN 412-55-7781 on file", "SSN", "412-55-7781"),
        ("call (617) 432-8841 today", "PHONE", "(617) 432-8841"),
        ("MRN: 00482913", "MRN", "00482913"),
        ("DOB: 03/14/1962", "DOB", "03/14/1962"),
        ("born on 1962-03-14 in Boston", "DOB", "1962-03-14"),
        ("NPI: 1234567893", "NPI", "1234567893"),
        ("Member ID: XJ4829301", "HEALTH_PLAN_ID", "XJ4829301"),
        ("Medicare MBI 1EG4-TE5-MK73", "MBI", "1EG4-TE5-MK73"),
        ("DEA number AB1234563", "DEA", "AB1234563"),
        ("lives at 42 Beacon Street, Boston, MA 02108", "ADDRESS", "42 Beacon Street"),
        ("lives at 42 Beacon Street, Boston, MA 02108", "ZIP", "02108"),
        ("login from 10.12.4.77", "IP_ADDRESS", "10.12.4.77"),
        ("mail jsmith42@gmail.com", "EMAIL", "jsmith42@gmail.com"),
        ("Patient: John Smith", "NAME", "John Smith"),
        ("Dx code: E11.9", "ICD10", "E11.9"),
        ("Account number: 0012345678", "ACCOUNT", "0012345678"),
        ("Driver's license number: D1234567", "LICENSE", "D1234567"),
        ("Serial number: PM-99812-X", "DEVICE_ID", "PM-99812-X"),
    ],
)
def test_single_identifier_is_found(text, kind, value):
    assert (kind, value) in found(nb(code("show()", stream(text))))


def test_column_header_types_values_and_ignores_lookalike_columns():
    frame = labelled.text_frame(
        ["patient_name", "ssn", "phone_score", "zip"],
        [["John Smith", "412557781", "2125551234.0", "02134"], ["Mary Jones", "523-45-6789",
         "0.5", "10001"]],
    )  # fmt: skip
    got = found(nb(code("df", result({"text/plain": frame}))))
    assert ("SSN", "412557781") in got and ("SSN", "523-45-6789") in got
    assert ("NAME", "John Smith") in got and ("ZIP", "02134") in got
    assert not any(kind == "PHONE" for kind, _ in got)


def test_name_column_alone_is_not_phi():
    frame = labelled.text_frame(["name", "score"], [["Linear Model", "0.91"], ["Big Tree", "0.93"]])
    assert found(nb(code("df", result({"text/plain": frame})))) == []


def test_html_offsets_point_into_the_original_html():
    html = labelled.html_frame(["mrn", "date_of_birth"], [["A1234567", "1962-03-14"]])
    notebook = nb(code("df", result({"text/html": [html[:40], html[40:]]})))
    findings = scan_notebook(notebook)
    assert {f.type for f in findings} == {"MRN", "DOB"}
    for f in findings:
        assert f.path == "/cells/0/outputs/0/data/text/html"
        assert html[f.start : f.end] in ("A1234567", "1962-03-14")


def test_ansi_codes_are_skipped_and_offsets_kept():
    tb = ["\x1b[0;31mKeyError\x1b[0m: 'SSN \x1b[1m412-55-7781\x1b[0m'"]
    notebook = nb(code("x", labelled.error("KeyError", "x", tb)))
    (f,) = scan_notebook(notebook)
    assert f.path == "/cells/0/outputs/0/traceback" and tb[0][f.start : f.end] == "412-55-7781"


def test_csv_and_json_outputs():
    csv = labelled.csv_frame(["email", "ssn"], [["a.b@gmail.com", "412-55-7781"]])
    record = {"patient": {"ssn": "412-55-7781", "dob": "1962-03-14"}}
    notebook = nb(code("x", stream(csv), result({"application/json": record})))
    got = found(notebook)
    assert ("EMAIL", "a.b@gmail.com") in got
    assert got.count(("SSN", "412-55-7781")) == 2
    assert ("DOB", "1962-03-14") in got


def test_images_are_skipped():
    # Binary bytes (a PNG signature) around text that would be a finding if decoded and read.
    payload = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"SSN 412-55-7781 " * 500).decode()
    data = {"image/png": payload, "application/pdf": payload}
    notebook = nb(code("x", {"output_type": "display_data", "metadata": {}, "data": data}))
    assert scan_notebook(notebook) == []


def test_text_under_a_binary_type_is_read():
    """What is not base64 of binary data is shown as text by some renderers: read it."""
    data = {
        "image/png": "SSN 412-55-7781",
        "application/pdf": base64.b64encode(b"SSN 523-45-6789").decode(),
    }
    notebook = nb(code("x", {"output_type": "display_data", "metadata": {}, "data": data}))
    assert [f.type for f in scan_notebook(notebook)] == ["SSN", "SSN"]


def test_findings_never_carry_the_value():
    secret = labelled.secrets(__import__("random").Random(1))["GITHUB_TOKEN"]
    notebook = nb(code(f"TOKEN = '{secret}'\nssn = '412-55-7781'"))
    findings = scan_notebook(notebook)
    assert {f.type for f in findings} == {"GITHUB_TOKEN", "SSN"}
    dumped = json.dumps([f.to_json() for f in findings]) + repr(findings)
    assert secret not in dumped and "412-55-7781" not in dumped
    assert secret[-4:] in dumped  # a masked excerpt keeps a hint of which one


def test_ignore_comment_and_cell_metadata():
    line = "ssn = '412-55-7781'  # cloudshare: ignore\nother = '523-45-6789'"
    assert found(nb(code(line))) == [("SSN", "523-45-6789")]
    cell = code("ssn = '412-55-7781'\nmail = 'a.b@gmail.com'")
    cell["metadata"] = {"cloudshare": {"ignore": ["SSN"]}}
    assert found(nb(cell)) == [("EMAIL", "a.b@gmail.com")]
    cell["metadata"] = {"cloudshare": {"ignore": True}}
    assert found(nb(cell)) == []


def test_admin_allow_lists_and_disabled_types():
    notebook = nb(markdown("Contact a.b@mgh.org or c.d@gmail.com; SSN 412-55-7781; ip 10.1.2.3"))
    config = ScanConfig(
        disabled=["IP_ADDRESS"], allow_patterns=[r"412-55-\d{4}"], allow_email_domains=["mgh.org"]
    )
    assert found(notebook, config) == [("EMAIL", "c.d@gmail.com")]


def test_custom_patterns_with_context():
    config = ScanConfig(
        custom_patterns=[
            {"name": "EMPLOYEE_ID", "regex": r"E\d{6}", "context": ["employee"], "severity": "low"}
        ]
    )
    notebook = nb(markdown("employee E123456\n\n\n" + "x" * 200 + " E654321"))
    findings = scan_notebook(notebook, config)
    assert [(f.type, f.severity) for f in findings] == [("EMPLOYEE_ID", "low")]


@pytest.mark.parametrize(
    "spec",
    [{"name": "X", "regex": "("}, {"name": "", "regex": "a"}, {"name": "X", "regex": "a",
      "severity": "huge"}, "not a dict"],
)  # fmt: skip
def test_bad_custom_pattern_is_a_clear_error(spec):
    with pytest.raises(InvalidRequestError) as err:
        ScanConfig(custom_patterns=[spec])
    assert "\n" not in err.value.message


def test_bad_allow_pattern_names_it():
    with pytest.raises(InvalidRequestError, match=r"\[a-"):
        ScanConfig(allow_patterns=["[a-"])


def test_scan_does_not_change_the_notebook():
    item = labelled.record_notebook(__import__("random").Random(3), 0)
    before = copy.deepcopy(item.nb)
    scan_notebook(item.nb)
    assert item.nb == before


def test_finding_json_shape():
    (f,) = scan_notebook(nb(code("ssn = '412-55-7781'")))
    assert f.to_json() == {
        "type": "SSN", "severity": "high", "cell": 0, "cell_id": f.cell_id,
        "path": "/cells/0/source", "start": 7, "end": 18, "excerpt": f.excerpt, "in_output": False,
    }  # fmt: skip
    assert "7781" in f.excerpt and "412-55" not in f.excerpt


def _jwt(claims: dict[str, object]) -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.Xk2pQ9vLr7TzW4nB8cJm1aYdF0sHgE5u"


# Shapes of PHI-free text that public tutorial notebooks print, each behind one rule of the
# scanner (hand-written look-alikes; the hosts, keys and people are made up).
REAL_NOTEBOOK_SHAPES = {
    # a four-part package version in pip's log is not a host
    "pip version": "Requirement already satisfied: opencv-python in /usr/local/lib/python3.10/"
    "dist-packages (4.10.0.84)\nRequirement already satisfied: opencv-contrib-python in "
    "/usr/lib/python3/dist-packages (4.1.2.30)\n",
    # wget/curl name the servers they reach; a pre-signed URL carries an expiring key id
    "wget log": "--2024-03-05 10:12:01--  https://github.com/org/repo/releases/download/v1/w.pt\n"
    "Resolving github.com (github.com)... 140.82.113.3\n"
    "Connecting to github.com (github.com)|140.82.113.3|:443... connected.\n"
    "Location: https://objects.githubusercontent.com/asset/1?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAVCODYLSA53PQK4ZA%2F20240305%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20240305T101201Z&X-Amz-Expires=300 [following]\n"
    "Resolving objects.githubusercontent.com... 185.199.108.133, 185.199.109.133\n",
    "curl log": "*   Trying 93.184.215.14:443...\n"
    "* Connected to host.net (93.184.215.14) port 443\n",
    # a server's address in a URL or host:port is a machine, not a person
    "dashboards": "Client: tcp://10.42.7.19:37293\nDashboard: http://10.42.7.19:8787/status\n"
    " * Running on http://172.28.0.12:5000\nSpark UI at http://192.168.50.23:4040\n",
    # a ZIP code alone describes a place (house prices, a user table's zip_code)
    "zip column": "           id     price  bedrooms  zipcode      lat     long\n"
    "0  7129300520  221900.0         3    98178  47.5112 -122.257\n"
    "1  6414100192  538000.0         3    98125  47.7210 -122.319\n",
    "zip csv": "user_id,age,gender,occupation,zip_code\n"
    "1,24,M,technician,85711\n2,53,F,other,94043\n",
    "zip of a business": "Best Tacos, Phoenix, AZ 85004 (4.5 stars)\n",
    # dataset credits and notebook authors are not patients
    "dataset donor": "    :Creator: R.A. Fisher\n"
    "    :Donor: Pat Quinn (QUINN%LAB@ops.space-agency.gov)\n",
    "notebook author": "Notebook created by Dana Reyes (dreyes@uni-sample.edu)\n",
    # stand-in addresses and machine accounts
    "smtp stand-ins": "server.login('your_email@gmail.com', app_password)\n"
    "msg['To'] = 'recipient@gmail.com'\n",
    "service account": "* 123456789012-compute@developer.gserviceaccount.com\n",
    # default credentials of local services and made-up keys
    "default passwords": "engine = create_engine('postgresql://postgres:postgres@localhost:5432/db')\n"
    "conn = connect(user='postgres', password='postgres')\nbroker = 'amqp://guest:guest@localhost//'\n",
    "made-up key": "api_key = 'abcdef1234567890abcdef'\n",
    "documentation jwt": f"token = '{_jwt({'sub': '1234567890', 'name': 'John Doe', 'iat': 1})}'\n",
    # landmark and stand-in addresses of geocoding tutorials
    "geocoding": "geolocator.geocode('1600 Amphitheatre Parkway, Mountain View, CA')\n"
    "geolocator.geocode('175 5th Avenue NYC')\nhome = '123 Main St'\n",
    # stand-in SSNs
    "sample ssn": "ssn_example = '111-22-3333'\nother = '222-22-2222'\n",
    # a charting library's minified JavaScript inside an HTML output
    "bundled javascript": 'q[i].indexOf("auth_token=pk.")'
    '&&(q[i]="auth_token="+(cfg.AUTH_TOKEN||""))\n'
    "'Pass it as { mapAccessToken: \\'my-map-access-token\\' } to the layout.'\n",
}


@pytest.mark.parametrize("name", sorted(REAL_NOTEBOOK_SHAPES))
def test_real_notebook_shapes_are_not_flagged(name):
    text = REAL_NOTEBOOK_SHAPES[name]
    assert found(nb(code(text), code("x", stream(text)))) == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Last login from 10.42.7.19 at 09:12", "IP_ADDRESS", "10.42.7.19"),
        ("patient portal login from 84.17.3.201", "IP_ADDRESS", "84.17.3.201"),
        ("Patient: John Smith, lives at 42 Beacon Street, MA 02108", "ZIP", "02108"),
        ("Email: mary.okafor7@gmail.com", "EMAIL", "mary.okafor7@gmail.com"),
        ("call (617) 432-8841 today", "PHONE", "(617) 432-8841"),
        ("db_password = 'Pa8fK2mQx9Lr'", "PASSWORD", "Pa8fK2mQx9Lr"),
        ("password = 'qwerty123456'", "PASSWORD", "qwerty123456"),
        ("call 1-888-483-9788", "PHONE", "1-888-483-9788"),
        ("home = '17 Maple Ave'", "ADDRESS", "17 Maple Ave"),
    ],
)
def test_rules_for_real_notebooks_keep_real_identifiers(text, kind, value):
    assert (kind, value) in found(nb(code("show()", stream(text))))


def test_only_the_documentation_jwt_is_an_example():
    token = _jwt({"sub": "8812", "name": "Ana Lima", "iat": 1700000000})
    assert ("JWT", token) in found(nb(code(f"headers = {{'Authorization': 'Bearer {token}'}}")))


def test_sniffed_windows_find_what_the_full_regexes_find():
    """The speed-up (full regexes only around cheap sniffs) must not change any match."""
    import random

    from jupyterlab_cloudshare.core.scan import phi

    pieces = [
        "123-45-6789", "412 55 7781", "(212) 555-0199", "+1 212 555 0199", "1-800-234-5678",
        "212.555.0199", "10.20.30.40", "1EG4-TE5-MK73", "1EG4TE5MK73", "12 Mill Creek Road",
        "4500 N. Elm Ave, Apt 3", "CA 94110", "NY, 10001-1234", "1234.5678", "v1.2.3.4", " ",
        "\n", "-", ".", "x", "7", "5th", "Suite 5", "Street", "555", "+",
    ]  # fmt: skip
    rng = random.Random(4)
    patterns = [(full, sniffs, back, ahead) for _, full, sniffs, back, ahead in phi._FREE]
    patterns.append((phi._STATE_ZIP_RE, phi._STATE_ZIP_SNIFF, 0, 20))
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        for full, sniffs, back, ahead in patterns:
            expected = [m.span() for m in full.finditer(text)]
            assert [m.span() for m in phi._near(text, full, sniffs, back, ahead)] == expected


# Shapes of public tutorial notebooks behind the ADDRESS, EMAIL, IP_ADDRESS and DOB rules
# (hand-written look-alikes): (where the text sits, the text).
TUTORIAL_SHAPES = {
    # title-case headings and counters are not streets
    "heading plural": ("markdown", "## 5 Simple Ways To Improve Your Model\n"),
    "heading step": ("markdown", "### Step 3 Create Views\nSome text.\n"),
    "part counter": ("markdown", "Part 2 Data Centers and Cloud Regions\n"),
    "heading strong suffix": ("markdown", "# 3 Abbey Road Covers, Ranked\n"),
    "comment heading": ("code", "# 4 Memory Lane tricks\nx = 1\n"),
    "weak suffix alone": ("markdown", "Save 2 Notebooks To Google Drive before you quit.\n"),
    "lesson counter": ("output", "Lesson 7 Harbor Street Market analysis done\n"),
    # house sales: an address column with no person beside it
    "house sales frame": (
        "output",
        "        Suburb           Address  Rooms      Price  Postcode\n"
        "0   Abbotsford      85 Turner St      2  1480000.0      3067\n"
        "1   Abbotsford   25 Bloomburg St      2  1035000.0      3067\n"
        "2     Richmond  14 Hoddle Avenue      3   910000.0      3121\n",
    ),
    "house sales csv": (
        "output",
        "address,city,state,zip,price\n"
        "4815 Larkspur Ave,Fresno,CA,93722,325000\n"
        "77 Quarry Rd,Clovis,CA,93611,410000\n",
    ),
    # authors and mailing lists in prose
    "author contact": (
        "markdown",
        "Questions? Write to dana.reyes@uni-sample.edu or the list pydata@googlegroups.com\n",
    ),
    "email me": ("markdown", "Found a bug? Email me at kim.osei@fastmail.com.\n"),
    "by author": ("markdown", "*Notebook by Dana Reyes <dreyes@uni-sample.edu>*\n"),
    "mailing list": (
        "output",
        "Ask on scipy-user@python.org or numpy-discussion@lists.sample.org\n",
    ),
    # network tools and web servers print servers, not people
    "ping": (
        "output",
        "PING host.net (142.250.72.14) 56(84) bytes of data.\n"
        "64 bytes from 142.250.72.14: icmp_seq=1 ttl=115 time=1.21 ms\n"
        "--- host.net ping statistics ---\n",
    ),
    "traceroute": (
        "output",
        "traceroute to host.net (142.250.72.14), 30 hops max, 60 byte packets\n"
        " 1  _gateway (172.17.0.1)  0.345 ms  0.321 ms  0.300 ms\n"
        " 2  10.128.3.1  1.234 ms  1.108 ms  1.020 ms\n",
    ),
    "nslookup and dig": (
        "output",
        "Server:\t\t10.20.0.2\nAddress:\t10.20.0.2#53\n\nNon-authoritative answer:\n"
        "Name:\thost.net\nAddress: 142.250.72.14\n"
        "host.net.\t\t300\tIN\tA\t142.250.72.15\nhost.net has address 142.250.72.16\n",
    ),
    "access log": (
        "output",
        " * Running on http://172.28.0.12:5000\n"
        '172.28.0.1 - - [10/Jan/2024 10:00:00] "GET / HTTP/1.1" 200 -\n'
        '10.11.4.20 - - [10/Jan/2024 10:00:02] "POST /predict HTTP/1.1" 200 -\n',
    ),
    # a biography is not a record
    "famous birth": ("output", "Ada Park was born on August 4, 1961 in Honolulu.\n"),
    "famous birth md": ("markdown", "The novelist was born on 12 March 1921 in Leeds.\n"),
    "famous birth aside": ("output", "Ada Park (born 4 August 1961) is a poet.\n"),
    "landmark": ("markdown", "Geocode 1 Infinite Loop, Cupertino, CA and 1 Hacker Way.\n"),
}


def _place(where, text):
    if where == "markdown":
        return nb(markdown(text))
    if where == "code":
        return nb(code(text))
    return nb(code("show()", stream(text)))


@pytest.mark.parametrize("name", sorted(TUTORIAL_SHAPES))
def test_tutorial_shapes_are_not_flagged(name):
    where, text = TUTORIAL_SHAPES[name]
    assert found(_place(where, text)) == []


def test_house_sales_html_table_is_not_flagged():
    html = labelled.html_frame(
        ["Suburb", "Address", "Price", "zipcode"],
        [["Abbotsford", "85 Turner St", "1480000.0", "98178"]],
    )
    assert found(nb(code("df", result({"text/html": html, "text/plain": "<df>"})))) == []


@pytest.mark.parametrize(
    ("where", "text", "kind", "value"),
    [
        # streets in a patient's record, including common-noun street types with evidence
        ("output", "Patient: Maria Lopez, 12 Oak Street, Springfield IL 62704", "ADDRESS",
         "12 Oak Street"),
        ("markdown", "Patient: Maria Lopez, 12 Oak Street, Springfield IL 62704", "ADDRESS",
         "12 Oak Street"),
        ("output", "Maria Lopez, 40 Harbor Way, Springfield, IL 62704", "ADDRESS", "40 Harbor Way"),
        ("output", "mailing address 8 Birch Place", "ADDRESS", "8 Birch Place"),
        ("output", "seen at home, 12 Linden Drive Apt 4", "ADDRESS", "12 Linden Drive Apt 4"),
        ("markdown", "## Patient 4471 lives at 9 Cedar Lane", "ADDRESS", "9 Cedar Lane"),
        # a patient's e-mail in prose, even with contact wording
        ("markdown", "Patient contact: ana.lima7@gmail.com", "EMAIL", "ana.lima7@gmail.com"),
        ("markdown", "Emergency contact: Raj Patel, raj.patel@yahoo.com", "EMAIL",
         "raj.patel@yahoo.com"),
        # a printed message or record keeps its e-mail whatever the wording
        ("output", "Questions from ana.lima7@gmail.com: refill?", "EMAIL", "ana.lima7@gmail.com"),
        # a birth date in a record, or with a patient near
        ("output", "The patient was born on March 14, 1962 and admitted on 2024-01-02.", "DOB",
         "March 14, 1962"),
        ("markdown", "Maria Lopez (MRN 00482913) was born on 03/14/1962.", "DOB", "03/14/1962"),
        # an IP in a login line, not a network tool's
        ("output", "Last login from 84.17.3.201 on ttys001", "IP_ADDRESS", "84.17.3.201"),
        ("output", "Patient logged in a session from 84.17.3.202", "IP_ADDRESS", "84.17.3.202"),
    ],
)  # fmt: skip
def test_tutorial_rules_keep_real_identifiers(where, text, kind, value):
    assert (kind, value) in found(_place(where, text))


def test_address_and_email_beside_a_name_in_a_table_are_found():
    frame = labelled.text_frame(
        ["patient_name", "address", "email", "zip"],
        [["Maria Lopez", "12 Oak Street", "maria.lopez4@gmail.com", "62704"],
         ["Tom Brown", "40 Harbor Way", "tbrown88@outlook.com", "62701"]],
    )  # fmt: skip
    got = found(nb(code("df", result({"text/plain": frame}))))
    for pair in [("ADDRESS", "12 Oak Street"), ("ADDRESS", "40 Harbor Way"),
                 ("EMAIL", "maria.lopez4@gmail.com"), ("ZIP", "62704")]:  # fmt: skip
        assert pair in got


def test_ip_in_a_device_table_is_found():
    frame = labelled.text_frame(
        ["device_id", "device_ip", "model"],
        [["PM-99812-X", "10.42.7.19", "pump"], ["PM-99813-Y", "84.17.3.201", "monitor"]],
    )
    got = found(nb(code("devices", result({"text/plain": frame}))))
    assert ("IP_ADDRESS", "10.42.7.19") in got and ("IP_ADDRESS", "84.17.3.201") in got
