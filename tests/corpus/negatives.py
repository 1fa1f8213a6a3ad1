"""Hard negatives in the shapes of real PHI-free data: nothing here may be reported.

Reference code tables (ICD-10-CM, LOINC, CPT, NDC), lab-value and vital-sign frames
with no person in them, version strings and pip logs, hashes, UUIDs, epoch times,
floats, placeholders and documented example credentials, house-price frames with
street addresses of sales, server logs with private addresses (tolerated at low
severity: they are ``allowed``), dates of events that are not a person's.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from typing import Any

from .cases import Case, code, markdown, notebook, result, stream, text_result

ICD10 = [
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("I10", "Essential (primary) hypertension"),
    ("J45.909", "Unspecified asthma, uncomplicated"),
    ("E78.5", "Hyperlipidemia, unspecified"),
    ("N18.3", "Chronic kidney disease, stage 3 (moderate)"),
    ("F32.9", "Major depressive disorder, single episode, unspecified"),
    ("I25.10", "Atherosclerotic heart disease of native coronary artery"),
    ("K21.9", "Gastro-esophageal reflux disease without esophagitis"),
    ("M54.5", "Low back pain"),
    ("Z00.00", "Encounter for general adult medical examination"),
]
LOINC = [
    ("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL"),
    ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%"),
    ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL"),
    ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL"),
    ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL"),
    ("8480-6", "Systolic blood pressure", "mm[Hg]"),
]


def _frame(df: Any) -> dict[str, Any]:
    return result({"text/plain": repr(df), "text/html": df.to_html()})


def code_tables(r: random.Random) -> Case:
    import pandas as pd

    icd = pd.DataFrame(r.sample(ICD10, k=6), columns=["icd10_code", "description"])
    loinc = pd.DataFrame(LOINC, columns=["LOINC_NUM", "LONG_COMMON_NAME", "EXAMPLE_UNITS"])
    cpt = pd.DataFrame(
        [(c, r.randint(40, 400), f"{r.uniform(0.5, 4):.2f}") for c in ("99213", "99214", "80053")],
        columns=["cpt", "n_claims", "rvu"],
    )
    ndc = pd.DataFrame(
        [(f"{r.randint(10000, 99999)}-{r.randint(100, 999)}-{r.randint(10, 99)}", name)
         for name in ("metformin 500 mg", "lisinopril 10 mg", "atorvastatin 20 mg")],
        columns=["ndc", "drug"],
    )  # fmt: skip
    nb = notebook(
        markdown("# Code systems used in the cohort definition"),
        code("icd = pd.read_csv('icd10cm_codes.csv')\nicd.sample(6)", _frame(icd)),
        code("loinc[['LOINC_NUM', 'LONG_COMMON_NAME', 'EXAMPLE_UNITS']]", _frame(loinc)),
        code("cpt_counts", _frame(cpt)),
        code("ndc_lookup", _frame(ndc)),
    )
    return Case("neg-code-tables", "negative", nb)


def lab_frames(r: random.Random) -> Case:
    import pandas as pd

    labs = pd.DataFrame(
        {
            "loinc": [r.choice(LOINC)[0] for _ in range(8)],
            "value": [round(r.uniform(0.5, 250), 2) for _ in range(8)],
            "ref_low": [round(r.uniform(0, 10), 1) for _ in range(8)],
            "ref_high": [round(r.uniform(100, 300), 1) for _ in range(8)],
            "flag": [r.choice(["", "H", "L"]) for _ in range(8)],
        }
    )
    vitals = pd.DataFrame(
        {
            "hr": [r.randint(55, 110) for _ in range(6)],
            "sbp": [r.randint(95, 170) for _ in range(6)],
            "dbp": [r.randint(55, 100) for _ in range(6)],
            "spo2": [r.randint(90, 100) for _ in range(6)],
            "temp_c": [round(r.uniform(36, 39), 1) for _ in range(6)],
        }
    )
    desc = vitals.describe()
    counts = pd.DataFrame(
        {"year": list(range(2015, 2024)), "admissions": [r.randint(1000, 99999) for _ in range(9)],
         "phone_visits": [r.randint(100, 9999) for _ in range(9)]}
    )  # fmt: skip
    nb = notebook(
        code("labs.head(8)", _frame(labs)),
        code("vitals.describe()", _frame(desc)),
        code("by_year", _frame(counts)),
        code(
            "print(labs.value.mean(), labs.value.std())",
            stream(f"{r.uniform(1, 99)} {r.uniform(1, 9)}\n"),
        ),
    )
    return Case("neg-lab-frames", "negative", nb)


def identifiers_not_people(r: random.Random) -> Case:
    sha = hashlib.sha256(str(r.random()).encode()).hexdigest()
    md5 = hashlib.md5(str(r.random()).encode()).hexdigest()
    git = hashlib.sha1(str(r.random()).encode()).hexdigest()
    epoch = r.randint(1_500_000_000, 1_750_000_000)
    src = (
        f"run_id = '{uuid.UUID(int=r.getrandbits(128))}'\nartifact_sha256 = '{sha}'\n"
        f"etag = '\"{md5}\"'\ncommit = '{git}'\ncreated = {epoch}\n"
        f"created_ms = {epoch * 1000 + 123}\nseed = {r.randint(10**8, 10**9)}\n"
        f"lr, wd = 3e-4, 0.01\nversion = '2.{r.randint(0, 9)}.{r.randint(0, 20)}.post1'\n"
        "API_KEY = 'YOUR_API_KEY'\npassword = os.environ['DB_PASSWORD']\ntoken = '<token>'\n"
        "aws_access_key_id = 'AKIAIOSFODNN7EXAMPLE'\n"
        "aws_secret_access_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n"
        "GITHUB_TOKEN = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\nopenai.api_key = 'sk-...'\n"
        "sample_ssn = '123-45-6789'  # the SSA's published example\n"
        "fictional_phone = '(555) 010-4477'\nsupport = 'help@example.com'\n"
    )
    pip = (
        "Collecting torch==2.3.1\n"
        "  Downloading torch-2.3.1-cp311-cp311-manylinux1_x86_64.whl (779.1 MB)\n"
        "Requirement already satisfied: numpy>=1.22.4 in "
        "/usr/local/lib/python3.11/dist-packages (1.26.4)\n"
        "Installing collected packages: nvidia-cudnn-cu12, torch\n"
        "Successfully installed nvidia-cudnn-cu12-8.9.2.26 torch-2.3.1\n"
    )
    nb = notebook(
        code(src),
        code("!pip install torch==2.3.1", stream(pip)),
        code("model.config", text_result("{'hidden_size': 768, 'num_attention_heads': 12, "
             "'vocab_size': 30522, 'layer_norm_eps': 1e-12, 'initializer_range': 0.02}")),
    )  # fmt: skip
    return Case("neg-identifiers", "negative", nb)


def server_logs(r: random.Random) -> Case:
    private = [f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}" for _ in range(2)]
    private.append(f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}")
    log = "".join(
        f"[I 2024-05-0{k + 1} 10:1{k}:22.123 ServerApp] 200 GET /api/kernels ({ip}) 1.2{k}ms\n"
        for k, ip in enumerate(private)
    )
    log += " * Running on http://127.0.0.1:5000\nINFO:     Uvicorn running on http://0.0.0.0:8000\n"
    nb = notebook(code("!tail -n 5 jupyter.log", stream(log)))
    return Case("neg-server-logs", "negative", nb, allowed=private)


def houses_and_events(r: random.Random) -> Case:
    import pandas as pd

    houses = pd.DataFrame(
        {
            "Suburb": [r.choice(["Abbotsford", "Richmond", "Carlton"]) for _ in range(5)],
            "Address": [f"{r.randint(1, 99)} {r.choice(['Bloomburg St', 'Turner St'])}"
                        for _ in range(5)],
            "Rooms": [r.randint(1, 5) for _ in range(5)],
            "Price": [float(r.randint(300, 2000) * 1000) for _ in range(5)],
            "Postcode": [3067.0] * 5,
        }
    )  # fmt: skip
    events = pd.DataFrame(
        {
            "date": pd.date_range("2023-01-01", periods=6, freq="W"),
            "store_id": [r.randint(1, 50) for _ in range(6)],
            "sales": [round(r.uniform(1e3, 1e5), 2) for _ in range(6)],
        }
    )
    nb = notebook(
        markdown("# Melbourne housing snapshot\nData from the 2016-2017 auction results."),
        code("houses.head()", _frame(houses)),
        code("weekly.head(6)", _frame(events)),
    )
    return Case("neg-houses-events", "negative", nb)


def cases(r: random.Random) -> list[Case]:
    return [
        maker(r)
        for maker in (
            code_tables,
            lab_frames,
            identifiers_not_people,
            server_logs,
            houses_and_events,
        )
    ]
