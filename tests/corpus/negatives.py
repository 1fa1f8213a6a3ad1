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


def science_ids(r: random.Random) -> Case:
    """Identifiers of papers, genes, molecules and books, which look like numbers of people."""
    import pandas as pd

    refs = pd.DataFrame(
        {
            "doi": [f"10.{r.randint(1000, 9999)}/s{r.randint(41586, 41599)}-0{r.randint(19, 24)}-"
                    f"{r.randint(1000, 9999)}-{r.randint(0, 9)}" for _ in range(4)],
            "arxiv": [f"{r.randint(18, 24)}{r.randint(1, 12):02d}.{r.randint(10000, 19999)}"
                      for _ in range(4)],
            "pmid": [str(r.randint(20_000_000, 38_000_000)) for _ in range(4)],
            "isbn": [f"978-{r.randint(0, 1)}-{r.randint(100, 999)}-{r.randint(10000, 99999)}-"
                     f"{r.randint(0, 9)}" for _ in range(4)],
        }
    )  # fmt: skip
    genes = pd.DataFrame(
        {
            "ensembl_id": [f"ENSG{r.randint(10**10, 10**11 - 1):011d}" for _ in range(5)],
            "symbol": ["BRCA2", "TP53", "EGFR", "KRAS", "MYC"],
            "chrom": ["13", "17", "7", "12", "8"],
            "start": [r.randint(1_000_000, 200_000_000) for _ in range(5)],
            "log2fc": [round(r.uniform(-4, 4), 3) for _ in range(5)],
            "padj": [f"{r.uniform(1, 9):.2f}e-{r.randint(3, 40):02d}" for _ in range(5)],
        }
    )
    nb = notebook(
        code("refs", _frame(refs)),
        code("deg.head()", _frame(genes)),
        code("mol", text_result("CC(=O)Oc1ccccc1C(=O)O  InChIKey=BSYNRYMUTXBXSQ-UHFFFAOYSA-N")),
    )
    return Case("neg-science-ids", "negative", nb)


def orders_and_systems(r: random.Random) -> Case:
    """Order, tracking and machine output: long numbers, ids, counts, no person."""
    import pandas as pd

    orders = pd.DataFrame(
        {
            "order_id": [f"{r.randint(100, 999)}-{r.randint(1000000, 9999999)}-"
                         f"{r.randint(1000000, 9999999)}" for _ in range(5)],
            "sku": [f"SKU-{r.randint(10000, 99999)}" for _ in range(5)],
            "tracking": [f"1Z{r.randint(10**15, 10**16 - 1)}" for _ in range(5)],
            "qty": [r.randint(1, 9) for _ in range(5)],
            "amount": [round(r.uniform(5, 500), 2) for _ in range(5)],
            "shipped": [f"2024-0{r.randint(1, 9)}-{r.randint(10, 28)}" for _ in range(5)],
        }
    )  # fmt: skip
    smi = (
        "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |\n"
        "|  0  Tesla T4   Off  | 00000000:00:04.0 Off |                    0 |\n"
        f"| N/A   {r.randint(30, 80)}C    P8    {r.randint(9, 30)}W /  70W |  0MiB / 15360MiB |\n"
    )
    ps = "".join(
        f"{r.randint(1000, 99999):>7} pts/0    00:00:0{r.randint(0, 9)} python\n" for _ in range(3)
    )
    docker = (
        "CONTAINER ID   IMAGE                 STATUS        PORTS\n"
        f"{uuid.UUID(int=r.getrandbits(128)).hex[:12]}   postgres:16.2   Up 3 hours    "
        "0.0.0.0:5432->5432/tcp\n"
    )
    nb = notebook(
        code("orders.head()", _frame(orders)),
        code("!nvidia-smi", stream(smi)),
        code("!ps -a", stream("    PID TTY          TIME CMD\n" + ps)),
        code("!docker ps", stream(docker)),
    )
    return Case("neg-orders-systems", "negative", nb)


def aggregates(r: random.Random) -> Case:
    """De-identified aggregates: counts by ZIP3, age group, diagnosis and year."""
    import pandas as pd

    by_zip = pd.DataFrame(
        {
            "zip3": [f"{r.randint(10, 999):03d}" for _ in range(6)],
            "population": [r.randint(10_000, 900_000) for _ in range(6)],
            "median_income": [r.randint(30_000, 150_000) for _ in range(6)],
            "uninsured_rate": [round(r.uniform(0.02, 0.2), 3) for _ in range(6)],
        }
    )
    by_age = pd.DataFrame(
        {
            "age_group": ["18-34", "35-49", "50-64", "65+"],
            "icd10": [r.choice(ICD10)[0] for _ in range(4)],
            "n_patients": [r.randint(100, 9000) for _ in range(4)],
            "readmit_30d": [round(r.uniform(0.05, 0.25), 3) for _ in range(4)],
        }
    )
    nb = notebook(
        markdown("## Cohort summary (aggregates only, cells < 11 suppressed)"),
        code("by_zip3", _frame(by_zip)),
        code("by_age.pivot_table(index='age_group', values='n_patients')", _frame(by_age)),
    )
    return Case("neg-aggregates", "negative", nb)


MAKERS = (
    code_tables,
    lab_frames,
    identifiers_not_people,
    server_logs,
    houses_and_events,
    science_ids,
    orders_and_systems,
    aggregates,
)


def cases(r: random.Random, n: int = 4) -> list[Case]:
    """``n`` notebooks of each kind of hard negative."""
    out = []
    for k in range(n):
        for maker in MAKERS:
            c = maker(r)
            out.append(Case(f"{c.name}-{k}", c.fmt, c.nb, c.labels, c.allowed))
    return out
