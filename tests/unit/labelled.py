"""Generator of labelled test notebooks: fake patients, records, secrets, hard negatives.

Every value is synthetic and generated from a seeded RNG. Each notebook comes
with its labels: ``(type, value)`` pairs that a scanner must report. Hard
negative notebooks hold look-alikes (invalid SSNs, sample numbers, versions,
hashes, floats, example.com addresses, placeholders) and no labels.
"""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
from dataclasses import dataclass, field
from typing import Any

FIRST = ["John", "Mary", "Ahmed", "Li", "Sofia", "Carlos", "Grace", "Peter", "Aisha", "Tom"]
LAST = ["Smith", "Garcia", "Nguyen", "Okafor", "Kowalski", "Brown", "Haddad", "Lee", "Moreau"]
STREETS = [
    "Beacon Street", "Maple Ave", "Oak Road", "Elm St", "Harbor Blvd", "Cedar Lane", "Birch Way",
    "Linden Drive", "Quarry Place",
]  # fmt: skip
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "mgh.harvard.edu", "kp.org"]


@dataclass
class Labelled:
    """A notebook and the sensitive values it holds."""

    name: str
    nb: dict[str, Any]
    labels: list[tuple[str, str]] = field(default_factory=list)


def _nb(*cells: dict[str, Any]) -> dict[str, Any]:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


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


def stream(text: str) -> dict[str, Any]:
    return {"output_type": "stream", "name": "stdout", "text": text.splitlines(keepends=True)}


def result(data: dict[str, Any]) -> dict[str, Any]:
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": data}


def error(ename: str, evalue: str, traceback: list[str]) -> dict[str, Any]:
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback}


# ---- fake values -----------------------------------------------------------
def ssn(r: random.Random) -> str:
    while True:
        area = r.randint(1, 899)
        if area != 666:
            return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def luhn_digit(number: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(number)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def npi(r: random.Random) -> str:
    base = "1" + "".join(r.choice(string.digits) for _ in range(8))
    return base + luhn_digit("80840" + base)


def phone(r: random.Random) -> str:
    area = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(2, 9)}"
    exch = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(2, 9)}"
    line = f"{r.randint(1000, 9999)}"
    return r.choice([f"({area}) {exch}-{line}", f"{area}-{exch}-{line}", f"{area}.{exch}.{line}"])


def email(r: random.Random) -> str:
    return (
        f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}{r.randint(1, 99)}@{r.choice(DOMAINS)}"
    )


def dob(r: random.Random) -> str:
    y, m, d = r.randint(1930, 2010), r.randint(1, 12), r.randint(1, 28)
    return r.choice([f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}"])


def mrn(r: random.Random) -> str:
    return r.choice(["", "MRN", "A"]) + str(r.randint(100000, 99999999))


def member_id(r: random.Random) -> str:
    return "".join(r.choice(string.ascii_uppercase) for _ in range(3)) + str(
        r.randint(10000000, 99999999)
    )


def ip(r: random.Random) -> str:
    return r.choice(
        [
            f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
            f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
            f"{r.randint(11, 99)}.{r.randint(10, 250)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
        ]
    )


def name(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def address(r: random.Random) -> str:
    return f"{r.randint(1, 9999)} {r.choice(STREETS)}"


def _token(r: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    while True:
        t = "".join(r.choice(alphabet) for _ in range(n))
        classes = (str.isdigit, str.isupper, str.islower)
        if all(any(f(c) for c in t) for f in classes if any(f(c) for c in alphabet)):
            return t


def secrets(r: random.Random) -> dict[str, str]:
    """One fake credential of each type."""
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(b'{"sub":"1234567890","name":"x"}').rstrip(b"=").decode()
    upper = string.ascii_uppercase + string.digits
    return {
        "AWS_ACCESS_KEY_ID": "AKIA" + "".join(r.choice(upper) for _ in range(16)),
        "AWS_SECRET_KEY": _token(r, 40, string.ascii_letters + string.digits + "/+"),
        "GITHUB_TOKEN": "ghp_" + _token(r, 36),
        "SLACK_TOKEN": f"xoxb-{r.randint(10**11, 10**12)}-{r.randint(10**12, 10**13)}-"
        + _token(r, 24),
        "SLACK_WEBHOOK": f"https://hooks.slack.com/services/T{_token(r, 8, upper)}/"
        f"B{_token(r, 8, upper)}/{_token(r, 24)}",
        "GOOGLE_API_KEY": "AIza" + _token(r, 35),
        "STRIPE_KEY": "sk_live_" + _token(r, 24),
        "OPENAI_KEY": "sk-proj-" + _token(r, 48),
        "HF_TOKEN": "hf_" + _token(r, 34, string.ascii_letters),
        "JWT": f"{header}.{payload}.{_token(r, 43, string.ascii_letters + string.digits + '_-')}",
        "PASSWORD": "Pa" + _token(r, 10),
        "GENERIC_SECRET": _token(r, 32),
        "PRIVATE_KEY": "-----BEGIN RSA PRIVATE KEY-----\n"
        + "\n".join(_token(r, 64, string.ascii_letters + string.digits + "+/") for _ in range(4))
        + "\n-----END RSA PRIVATE KEY-----",
    }


# ---- table reprs -----------------------------------------------------------
def text_frame(columns: list[str], rows: list[list[str]]) -> str:
    """A pandas-like fixed-width repr: right-aligned columns two spaces apart, an index."""
    index = [str(i) for i in range(len(rows))]
    cols = [["", *index]] + [[c] + [row[k] for row in rows] for k, c in enumerate(columns)]
    widths = [max(len(x) for x in col) for col in cols]
    lines = []
    for i in range(len(rows) + 1):
        parts = [cols[0][i].ljust(widths[0])]
        parts += [cols[k][i].rjust(widths[k]) for k in range(1, len(cols))]
        lines.append("  ".join(parts))
    return "\n".join(lines)


def html_frame(columns: list[str], rows: list[list[str]]) -> str:
    """A pandas-like ``dataframe`` HTML table."""
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = "".join(
        f"<tr>\n      <th>{i}</th>\n"
        + "".join(f"      <td>{v}</td>\n" for v in row)
        + "    </tr>\n"
        for i, row in enumerate(rows)
    )
    return (
        '<div>\n<table border="1" class="dataframe">\n  <thead>\n    <tr style="text-align: '
        f'right;">\n      <th></th>{head}</tr>\n  </thead>\n  <tbody>\n{body}  </tbody>\n'
        "</table>\n</div>"
    )


def csv_frame(columns: list[str], rows: list[list[str]]) -> str:
    lines = ["," + ",".join(columns)]
    lines += [f"{i}," + ",".join(row) for i, row in enumerate(rows)]
    return "\n".join(lines) + "\n"


# ---- notebooks -------------------------------------------------------------
_COLUMNS = {
    "patient_name": ("NAME", name),
    "ssn": ("SSN", ssn),
    "date_of_birth": ("DOB", dob),
    "mrn": ("MRN", mrn),
    "member_id": ("HEALTH_PLAN_ID", member_id),
    "phone": ("PHONE", phone),
    "email": ("EMAIL", email),
    "npi": ("NPI", npi),
    "ip_address": ("IP_ADDRESS", ip),
    "address": ("ADDRESS", address),
}


def table_notebook(r: random.Random, i: int, style: str) -> Labelled:
    columns = r.sample(list(_COLUMNS), k=r.randint(3, 6))
    if "patient_name" not in columns and r.random() < 0.5:
        columns.insert(0, "patient_name")
    rows = [[_COLUMNS[c][1](r) for c in columns] for _ in range(r.randint(3, 8))]
    columns_all = [*columns, "age", "bmi"]
    rows_all = [[*row, str(r.randint(18, 89)), f"{r.uniform(17, 40):.2f}"] for row in rows]
    labels = [(_COLUMNS[c][0], row[k]) for row in rows for k, c in enumerate(columns)]
    if style == "text":
        out = result({"text/plain": text_frame(columns_all, rows_all)})
    elif style == "html":
        out = result(
            {
                "text/plain": "<pandas DataFrame>",
                "text/html": html_frame(columns_all, rows_all),
            }
        )
    else:
        out = stream(csv_frame(columns_all, rows_all))
    nb = _nb(
        markdown("# Cohort review"),
        code("import pandas as pd\ndf = pd.read_csv('cohort.csv')\ndf.head()", out),
    )
    return Labelled(f"table-{style}-{i}", nb, labels)


def record_notebook(r: random.Random, i: int) -> Labelled:
    values = {
        "NAME": name(r),
        "DOB": dob(r),
        "SSN": ssn(r),
        "MRN": mrn(r),
        "PHONE": phone(r),
        "EMAIL": email(r),
        "HEALTH_PLAN_ID": member_id(r),
        "NPI": npi(r),
        "IP_ADDRESS": ip(r),
        "ADDRESS": address(r),
    }
    text = (
        f"Patient: {values['NAME']}\nDOB: {values['DOB']}\nSSN: {values['SSN']}\n"
        f"MRN: {values['MRN']}\nPhone: {values['PHONE']}\nEmail: {values['EMAIL']}\n"
        f"Member ID: {values['HEALTH_PLAN_ID']}\nAttending NPI: {values['NPI']}\n"
        f"Last login from {values['IP_ADDRESS']}\nAddress: {values['ADDRESS']}\n"
    )
    record = {"mrn": values["MRN"], "dob": values["DOB"], "ssn": values["SSN"]}
    tb = [
        "\x1b[0;31m" + "-" * 75 + "\x1b[0m",
        "\x1b[0;31mKeyError\x1b[0m" + " " * 34 + "Traceback (most recent call last)",
        "File \x1b[0;32m/opt/conda/lib/python3.11/site-packages/pandas/core/base.py:3805\x1b[0m",
        f"\x1b[0;31mKeyError\x1b[0m: 'patient {values['SSN']} not found'",
    ]
    nb = _nb(
        code("print_record(patient)", stream(text)),
        code("record", result({"text/plain": repr(record), "application/json": record})),
        code(
            "lookup(df, pid)",
            error("KeyError", f"'patient {values['SSN']} not found'", tb),
        ),
    )
    labels = [
        *list(values.items()),
        ("MRN", values["MRN"]),
        ("DOB", values["DOB"]),
        ("SSN", values["SSN"]),
    ]
    return Labelled(f"record-{i}", nb, labels)


def secrets_notebook(r: random.Random, i: int) -> Labelled:
    s = secrets(r)
    src = (
        "import boto3, openai\n"
        f"aws_access_key_id = '{s['AWS_ACCESS_KEY_ID']}'\n"
        f"aws_secret_access_key = '{s['AWS_SECRET_KEY']}'\n"
        f'GITHUB_TOKEN = "{s["GITHUB_TOKEN"]}"\n'
        f"slack = WebClient(token='{s['SLACK_TOKEN']}')\n"
        f"WEBHOOK = '{s['SLACK_WEBHOOK']}'\n"
        f"gmaps = Client(key='{s['GOOGLE_API_KEY']}')\n"
        f"stripe.api_key = '{s['STRIPE_KEY']}'\n"
        f'client = OpenAI(api_key="{s["OPENAI_KEY"]}")\n'
        f"login(token='{s['HF_TOKEN']}')\n"
        f"headers = {{'Authorization': 'Bearer {s['JWT']}'}}\n"
        f"db_password = '{s['PASSWORD']}'\n"
        f"client_secret = '{s['GENERIC_SECRET']}'\n"
    )
    key_cell = code(f"KEY = '''{s['PRIVATE_KEY']}'''")
    conn_pw = "Zq" + _token(r, 12)
    conn = code(f"engine = create_engine('postgresql://analyst:{conn_pw}@db.internal:5432/ehr')")
    nb = _nb(code(src), key_cell, conn)
    labels = [*list(s.items()), ("PASSWORD", conn_pw)]
    return Labelled(f"secrets-{i}", nb, labels)


def negative_notebook(r: random.Random, i: int) -> Labelled:
    """Realistic PHI-free content with look-alikes: nothing may be reported."""
    sha = "".join(r.choice("0123456789abcdef") for _ in range(40))
    describe = text_frame(
        ["sepal_length", "sepal_width", "phone_score", "zip_density"],
        [[f"{r.uniform(0, 9):.6f}" for _ in range(4)] for _ in range(8)],
    )
    dates = text_frame(
        ["date", "sales", "visits"],
        [
            [f"2023-0{m}-1{d}", str(r.randint(100, 99999)), str(r.randint(1000000000, 9999999999))]
            for m in range(1, 4)
            for d in range(3)
        ],
    )
    pip_log = (
        "Collecting numpy==1.26.4\n  Downloading numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64."
        "whl (18.3 MB)\nSuccessfully installed numpy-1.26.4 pandas-2.2.1 scikit-learn-1.4.1.post1\n"
        "Requirement already satisfied: six>=1.5 in /usr/lib/python3/dist-packages (1.16.0)\n"
        "Looking in indexes: https://pypi.org/simple\n"
    )
    negatives = (
        f"invalid = ['000-12-3456', '666-45-1234', '912-34-5678', '078-05-1120', '123-45-6789']\n"
        f"commit = '{sha}'\nrun_id = '{uuid.uuid4()}'\n"
        f"ts = {r.randint(1_600_000_000, 1_700_000_000)}\n"
        f"score = {r.random():.10f}\ncontact = 'jane.doe@example.com'\nversion = '4.12.3.1'\n"
        "api_key = '<your-api-key>'\npassword = 'changeme'\ntoken = os.environ['HF_TOKEN']\n"
        "secret = getpass()\nAPI_KEY = 'YOUR_API_KEY'\npwd = '***'\n"
        "tel = '555-0123'\nfictional = '(212) 555-0142'\nserver = 'http://127.0.0.1:8888/lab'\n"
        "bind = '0.0.0.0'\ndocs_ip = '192.0.2.14'\nlr = 1e-3\nn = 2125550199.5\n"
        "tokenizer = AutoTokenizer.from_pretrained('bert-base-uncased')\npad_token = '[PAD]'\n"
        "url = f'https://{user}:{password}@host/db'\nAKIA_example = 'AKIAIOSFODNN7EXAMPLE'\n"
    )
    houses = text_frame(
        ["Suburb", "Address", "Rooms", "Price"],
        [
            [r.choice(["Abbotsford", "Richmond", "Carlton"]), address(r), str(r.randint(1, 5)),
             f"{r.randint(300, 2000) * 1000}.0"]
            for _ in range(5)
        ],
    )  # fmt: skip
    host = f"142.250.{r.randint(0, 255)}.{r.randint(1, 254)}"
    ping = (
        f"PING host.net ({host}) 56(84) bytes of data.\n"
        f"64 bytes from {host}: icmp_seq=1 ttl=115 time=1.21 ms\n"
        f" * Running on http://172.28.0.{r.randint(2, 254)}:5000\n"
        f'172.28.0.1 - - [10/Jan/2024 10:00:00] "GET / HTTP/1.1" 200 -\n'
    )
    intro = (
        f"## {r.randint(3, 9)} Simple Ways To Improve\n### Step {r.randint(1, 9)} Create Views\n"
        f"Part {r.randint(1, 9)} Data Centers\n\nQuestions? Write to {email(r)} or the list "
        "pydata@googlegroups.com\n\nAda Park was born on August 4, 1961 in Honolulu.\n"
    )
    tb = [
        "Traceback (most recent call last):",
        '  File "/home/user/projects/analysis/run.py", line 42, in <module>',
        "ValueError: could not convert string to float: '3.14.15'",
    ]
    nb = _nb(
        markdown("# Iris analysis\nData from 2019-04-01 to 2019-06-30, see https://example.org."),
        markdown(intro),
        code("houses.head()", result({"text/plain": houses})),
        code("!ping -c 1 host.net", stream(ping)),
        code("!pip install numpy pandas", stream(pip_log)),
        code(negatives),
        code("df.describe()", result({"text/plain": describe})),
        code("sales.head(9)", result({"text/plain": dates})),
        code("run()", error("ValueError", "could not convert", tb)),
    )
    return Labelled(f"negative-{i}", nb)


def corpus(seed: int = 7, size: int = 60) -> list[Labelled]:
    """A reproducible mix of positive and hard-negative notebooks."""
    r = random.Random(seed)
    out: list[Labelled] = []
    for i in range(size):
        kind = i % 6
        if kind in (0, 1, 2):
            out.append(table_notebook(r, i, ("text", "html", "csv")[kind]))
        elif kind == 3:
            out.append(record_notebook(r, i))
        elif kind == 4:
            out.append(secrets_notebook(r, i))
        else:
            out.append(negative_notebook(r, i))
    return out


def texts(nb: dict[str, Any]) -> dict[str, str]:
    """Every scanned string by path (to read back a finding's matched text in tests)."""
    from jupyterlab_cloudshare.core.scan.segments import iter_segments

    return {seg.path: seg.text for seg in iter_segments(nb)}


def evaluate(items: list[Labelled], scan: Any) -> dict[str, dict[str, float]]:
    """Per-type recall and precision of ``scan(nb) -> findings`` over labelled notebooks."""
    stats: dict[str, dict[str, float]] = {}

    def bump(kind: str, key: str) -> None:
        stats.setdefault(kind, {"tp": 0, "fn": 0, "fp": 0})[key] += 1

    for item in items:
        by_path = texts(item.nb)
        found = [(f.type, by_path[f.path][f.start : f.end]) for f in scan(item.nb)]
        for kind, value in set(item.labels):
            hit = any(t == kind and (value in v or v in value) for t, v in found)
            bump(kind, "tp" if hit else "fn")
        labelled_values = {v for _, v in item.labels}
        for kind, value in found:
            ok = any(value in lv or lv in value for lv in labelled_values)
            if not ok:
                bump(kind, "fp")
    for s in stats.values():
        s["recall"] = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        found_total = s["tp"] + s["fp"]
        s["precision"] = s["tp"] / found_total if found_total else 1.0
    return stats


def to_file_json(nb: dict[str, Any]) -> str:
    return json.dumps(nb)
