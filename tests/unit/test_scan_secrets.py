"""Credential detection: the rule file, each rule's examples, keyword-less passwords,
hard negatives (placeholders, documentation keys, hashes, bundled JavaScript), speed."""

from __future__ import annotations

import base64
import json
import random
import re
import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from jupyterlab_cloudshare.core.scan import scan_notebook, scan_text, secrets
from jupyterlab_cloudshare.core.scan.kinds import SEVERITY

from . import labelled
from .labelled import code, markdown, stream

RULES = secrets.rules()
BY_ID = {rule.id: rule for rule in RULES}


def found(text: str) -> list[tuple[str, str]]:
    """(type, matched text) of every finding in one text."""
    return [(h.type, text[h.start : h.end]) for h in scan_text(text)]


def positive(rule: secrets.SecretRule) -> tuple[str, list[tuple[str, str]]]:
    """A rule's positive example and the (type, secret) findings it must give."""
    text, spans = secrets.render_example(rule.positive, rule.id)
    kinds = rule.expect or (rule.type,) * len(spans)
    return text, [(kind, text[a:b]) for kind, (a, b) in zip(kinds, spans, strict=True)]


def negative(rule: secrets.SecretRule) -> str:
    return secrets.render_example(rule.negative, rule.id + "/negative")[0]


# ---- the rule file ---------------------------------------------------------------------------
def test_rule_file_ships_in_the_package_and_covers_many_providers():
    data = resources.files("jupyterlab_cloudshare.core.scan").joinpath("data/secret_rules.json")
    assert data.is_file()
    assert len(RULES) >= 100
    assert len(secrets.load_rules()) == len(RULES)  # every regex compiles, checked
    assert len({rule.provider for rule in RULES}) >= 80
    assert SEVERITY["API_KEY"] == "high"
    for rule in RULES:
        assert rule.type == secrets.BY_NAME or rule.type in SEVERITY, rule.id
        assert rule.positive and rule.negative, rule.id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_regex_matches_its_positive_example(rule):
    text, want = positive(rule)
    assert want, f"{rule.id}: the positive example marks no secret"
    spans = {
        m.span("secret") if "secret" in rule.pattern.groupindex else m.span()
        for m in rule.pattern.finditer(text)
    }
    for _, value in want:
        start = text.index(value)
        assert (start, start + len(value)) in spans, (rule.id, value)
    # the gate's promise: a keyword of the rule is in the text, in its case if it has capitals
    assert rule.near or any(
        kw in text if kw != kw.lower() else kw in text.lower() for kw in rule.keywords
    ), rule.id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_scan_finds_exactly_the_positive_examples_secrets(rule):
    text, want = positive(rule)
    assert sorted(found(text)) == sorted(want)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_negative_example_gives_no_finding(rule):
    text = negative(rule)
    assert found(text) == [], rule.id


def test_examples_render_the_same_every_time():
    for rule in RULES[:10]:
        assert secrets.render_example(rule.positive, rule.id) == secrets.render_example(
            rule.positive, rule.id
        )


def test_notebook_of_every_example_gives_exactly_the_expected_findings():
    cells = []
    want: Counter[tuple[str, str]] = Counter()
    for i, rule in enumerate(RULES):
        text, expected = positive(rule)
        want.update(expected)
        # a code cell's source, and a stream output, as users print what they paste
        cells.append(code(text) if i % 2 else code("print(x)", stream(text + "\n")))
        bad = negative(rule)
        cells.append(markdown(bad) if i % 2 else code("x", stream(bad + "\n")))
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    texts = labelled.texts(nb)
    got = Counter((f.type, texts[f.path][f.start : f.end]) for f in scan_notebook(nb))
    assert got == want


# detect-secrets' own plugins recognise our examples of the formats they cover: an independent
# check that the examples (and so the rules) have the shapes the providers issue.
DETECT_SECRETS_NAMES = {
    "aws-access-key-id": "AWS Access Key",
    "github-token": "GitHub Token",
    "gitlab-token": "GitLab Token",
    "slack-token": "Slack Token",
    "slack-webhook": "Slack Token",
    "stripe-live-key": "Stripe Access Key",
    "jwt": "JSON Web Token",
    "pypi-token": "PyPI Token",
    "artifactory-api-key": "Artifactory Credentials",
    "azure-storage-key": "Azure Storage Account access key",
    "mailchimp-key": "Mailchimp Access Key",
    "sendgrid-key": "SendGrid API Key",
    "twilio-sid": "Twilio API Key",
    "telegram-bot-token": "Telegram Bot Token",
    "discord-bot-token": "Discord Bot Token",
    "square-oauth-secret": "Square OAuth Secret",
    "putty-private-key": "Private Key",
}


@pytest.mark.parametrize("rule_id", sorted(DETECT_SECRETS_NAMES))
def test_detect_secrets_recognises_our_example(rule_id):
    pytest.importorskip("detect_secrets")
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import default_settings

    text, _ = positive(BY_ID[rule_id])
    with default_settings():
        kinds = {s.type for line in text.splitlines() for s in scan_line(line)}
    assert DETECT_SECRETS_NAMES[rule_id] in kinds


# ---- credentials without a provider's keyword ----------------------------------------------------
KEYWORDLESS = [
    ("r = requests.get(url, auth=HTTPBasicAuth('dana', 'pa55word'))", "PASSWORD", "pa55word"),
    ("r = requests.get(url, auth=('dana', 's3cr3t-Pw'))", "PASSWORD", "s3cr3t-Pw"),
    ("async with aiohttp.BasicAuth('svc', 'Hq2!x9Lm') as a:", "PASSWORD", "Hq2!x9Lm"),
    ("server = smtplib.SMTP_SSL('smtp.gmail.com', 465)\nserver.login('svc.reports', 'hq7Vx2mLp')",
     "PASSWORD", "hq7Vx2mLp"),
    ("ftp = FTP('ftp.uni.edu')\nftp.login(user='etl', passwd='Zr8#kq2W')", "PASSWORD", "Zr8#kq2W"),
    ("conn = psycopg2.connect(host='db1', user='etl', password='Xk29!pq7', dbname='ehr')",
     "PASSWORD", "Xk29!pq7"),
    ("cnx = mysql.connector.connect(user='etl', passwd='Xk29!pq7', host='db1')", "PASSWORD",
     "Xk29!pq7"),
    ("pyodbc.connect('DRIVER={ODBC Driver 17 for SQL Server};SERVER=tcp:db1;DATABASE=ehr;"
     "UID=etl;PWD=Qz81mVx2;')", "PASSWORD", "Qz81mVx2"),
    ("SqlConnection('Server=db1;Database=ehr;User ID=etl;Password=Qz81mVx2;')", "PASSWORD",
     "Qz81mVx2"),
    ("PWD={Qz8;1mVx2};UID=etl;DSN=ehr", "PASSWORD", "Qz8;1mVx2"),
    ("url = 'jdbc:postgresql://db1:5432/ehr?user=etl&password=Qz81mVx2'", "PASSWORD", "Qz81mVx2"),
    ("url = 'jdbc:sqlserver://db1:1433;databaseName=ehr;user=etl;password=Qz81mVx2;'",
     "PASSWORD", "Qz81mVx2"),
    ("%env OPENWEATHER_API_KEY=4f1c2a9b7d3e8f6a0b5c1d2e3f4a5b6c", "GENERIC_SECRET",
     "4f1c2a9b7d3e8f6a0b5c1d2e3f4a5b6c"),
    ("%env DB_PASS=Qz81mVx2", "PASSWORD", "Qz81mVx2"),
    ("os.environ['X_TOKEN'] = 'b3Jq8xK2mP9vL4nR7tY1'", "GENERIC_SECRET", "b3Jq8xK2mP9vL4nR7tY1"),
    ("os.environ['REDCAP_AUTH'] = 'C0FFEE12D4A5B6C7D8E9F0A1B2C3D4E5'", "GENERIC_SECRET",
     "C0FFEE12D4A5B6C7D8E9F0A1B2C3D4E5"),
    ("!cat .env\nDEBUG=true\nDB_PASSWORD=Pq7!xR2m\nexport MAPS_KEY='Ab3dE5gH7jK9mN1pQ3sT'\n",
     "PASSWORD", "Pq7!xR2m"),
    ("!cat .env\nDEBUG=true\nDB_PASSWORD=Pq7!xR2m\nexport MAPS_KEY='Ab3dE5gH7jK9mN1pQ3sT'\n",
     "GENERIC_SECRET", "Ab3dE5gH7jK9mN1pQ3sT"),
    ("driver = GraphDatabase.driver('neo4j+s://neo4j:Xk29pq7Lm@ab12cd34.databases.neo4j.io')",
     "PASSWORD", "Xk29pq7Lm"),
    ("client = MongoClient('mongodb+srv://analyst:Xk29pq7Lm@cluster0.ab1cd.mongodb.net/ehr')",
     "PASSWORD", "Xk29pq7Lm"),
    ("params = pika.URLParameters('amqps://svc:Xk29pq7Lm@broker.uni.edu/vhost')", "PASSWORD",
     "Xk29pq7Lm"),
    ("r = redis.from_url('redis://:Xk29pq7Lm@cache.uni.edu:6379/0')", "PASSWORD", "Xk29pq7Lm"),
    ("urlretrieve('ftp://dana:Xk29pq7Lm@ftp.uni.edu/data.csv')", "PASSWORD", "Xk29pq7Lm"),
    ("engine = create_engine('mssql+pyodbc://etl:Xk29pq7Lm@db1:1433/ehr')", "PASSWORD",
     "Xk29pq7Lm"),
    ("!mysql -u etl -pXk29pq7Lm ehr < dump.sql", "PASSWORD", "Xk29pq7Lm"),
    ("!mysqldump --user=etl --password=Xk29pq7Lm ehr > dump.sql", "PASSWORD", "Xk29pq7Lm"),
    ("!curl -u etl:Xk29pq7Lm https://ehr.uni.edu/api/export", "PASSWORD", "Xk29pq7Lm"),
    ("!sshpass -p 'Xk29pq7Lm' ssh etl@hpc", "PASSWORD", "Xk29pq7Lm"),
    # a password beside a key, in the forms configs and code hold it
    ("url = 'jdbc:sqlserver://db1:1433;databaseName=ehr;user=etl;password=Qz8@1mVx;'",
     "PASSWORD", "Qz8@1mVx"),
    ("!cat ~/.pgpass\ndb1.uni.edu:5432:ehr:etl:Qz8@1mVx\n", "PASSWORD", "Qz8@1mVx"),
    ("!cat ~/.netrc\nmachine ehr.uni.edu\n  login etl\n  password Qz8#1mVx\n", "PASSWORD",
     "Qz8#1mVx"),
    ("conn = psycopg2.connect('host=db1 dbname=ehr user=etl password=Qz8@1mVx')", "PASSWORD",
     "Qz8@1mVx"),
    ("conn = cx_Oracle.connect('etl/Qz8#1mVx@db1.uni.edu:1521/ORCLPDB1')", "PASSWORD",
     "Qz8#1mVx"),
    ("s.login(SENDER_EMAIL, 'Qz8#1mVx')", "PASSWORD", "Qz8#1mVx"),
    ("session.auth = HTTPBasicAuth(cfg.user, 'Qz8#1mVx')", "PASSWORD", "Qz8#1mVx"),
    ("!cat config.yml\ndatabase:\n  user: etl\n  password: Qz8#1mVx\n", "PASSWORD", "Qz8#1mVx"),
    ("!cat ~/.my.cnf\n[client]\nuser = etl\npassword = Qz8$1mVx\n", "PASSWORD", "Qz8$1mVx"),
    ("!cat .env\nDB_PASSWORD=Qz8#1mVx\n", "PASSWORD", "Qz8#1mVx"),
    # a token beside a key: kwargs, reprs, YAML/INI lines, logs, queries, flags, defaults
    ("Client(endpoint='https://api.x.io', key='b3Jq8xK2mP9vL4nR7tY1zW5c')", "GENERIC_SECRET",
     "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("service:\n  api_token: b3Jq8xK2mP9vL4nR7tY1zW5c\n", "GENERIC_SECRET",
     "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("[default]\nsecret = b3Jq8xK2mP9vL4nR7tY1zW5c\n", "GENERIC_SECRET",
     "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("INFO client: authenticated key=b3Jq8xK2mP9vL4nR7tY1zW5c user=etl", "GENERIC_SECRET",
     "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("requests.get(f'https://api.x.io/v1/items?key=b3Jq8xK2mP9vL4nR7tY1zW5c&limit=5')",
     "GENERIC_SECRET", "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("!svc login --access-token=b3Jq8xK2mP9vL4nR7tY1zW5c --profile prod", "GENERIC_SECRET",
     "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("TOKEN = os.getenv('SVC_TOKEN', 'b3Jq8xK2mP9vL4nR7tY1zW5c')", "GENERIC_SECRET",
     "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("!docker run --env \"SERVICE_TOKEN=b3Jq8xK2mP9vL4nR7tY1zW5c\" img", "GENERIC_SECRET",
     "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("export GH_PAT=\"b3Jq8xK2mP9vL4nR7tY1zW5c\"", "GENERIC_SECRET", "b3Jq8xK2mP9vL4nR7tY1zW5c"),
    ("smtp_pass = 'Qz8#1mVx'", "PASSWORD", "Qz8#1mVx"),
    ("[client]\nuser = etl\npassword = Falcon_123y\n", "PASSWORD", "Falcon_123y"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "value"), KEYWORDLESS)
def test_credential_without_a_provider_keyword_is_found(text, kind, value):
    assert (kind, value) in found(text)


HARD_NEGATIVES = [
    "password = '<password>'", "api_key = 'your-api-key'", "token = 'xxxx'", "password = '****'",
    "password = '${PASSWORD}'", 'password = os.environ["PASSWORD"]', "password = getpass()",
    "conn = connect(password=None)", "conn = connect(password=password)", "password=''",
    "HTTPBasicAuth(user, getpass())", "auth=('user', 'pass')", "server.login(user, app_password)",
    "PWD={pwd};UID={uid}", "url = f'postgresql://{user}:{password}@db/x'",
    "redis://:${REDIS_PASSWORD}@cache:6379", "amqp://guest:guest@localhost//",
    "mysql://root:root@localhost/db", "create_engine('postgresql://scott:tiger@localhost/test')",
    "%env CUDA_VISIBLE_DEVICES=0", "%env TOKENIZERS_PARALLELISM=false",
    "!cat .env\nDEBUG=true\nAUTH_MODE=oauth\nTOKEN_URL=https://login.uni.edu/token\n",
    "os.environ['HF_TOKEN'] = getpass('token: ')", "!ssh -p 2222 hpc.uni.edu",
    "use the --password option to set it", "!pip install -U pandas", "python -u train.py",
    "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "md5 = 'd41d8cd98f00b204e9800998ecf8427e'", "commit 3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a",
    "run id 550e8400-e29b-41d4-a716-446655440000", "numpy==1.26.4 pandas==2.2.2 v1.0-rc1",
    "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    "headers = {'Authorization': f'Bearer {token}'}",
    "ACCESS_TOKEN_ENV = 'GITHUB_ACCESS_TOKEN'", "token:\"variableName.constant\"",
    'password:"PasswordWidget"', "secret_key = settings.SECRET_KEY",
    # keys that are no credentials: code, types, ids, hashes, placeholders, paths
    "sorted(items, key=lambda x: x[1])", "store.get(key='df_2020_03_01')", "token: str",
    "password: Optional[str] = None", "api_key: SecretStr", "secret = secrets.token_hex(16)",
    "key = jax.random.PRNGKey(0)", "password = password_from_vault", "token: <your-token>",
    "api_key: xxxxxxxxxxxxxxxxxxxx", "password: ${DB_PASSWORD}", "key: v1.0.0-rc1",
    "key: 550e8400-e29b-41d4-a716-446655440000", "cache_key = 'a3f5c9e1b7d2f4a6c8e0b2d4f6a8c0e2'",
    "key = 'd41d8cd98f00b204e9800998ecf8427e'", "  key: s3://bucket/data/2020/file.csv",
    "{key: \"Shift-Alt-ArrowUp\", run: f}", "args: {key: \"ui-font-size1\"}",
    "--token $HF_TOKEN --api-key ${API_KEY}", "!ssh-keygen --key-file ~/.ssh/id_rsa",
    "MyNotebookApplicationConf.server.some_attribute_name_here_now",
    "2024-05-01 10:14:07 db:5432:ehr:connected", "machine learning login page password reset",
    "layer_key = 'conv2d_1/kernel:0'", "password = pypi-AgEIcHlwaS5vcmc...",
    "        else:\n            password = password1", "key_or_pass = r'(?:key|pwd|pass)'",
    "{'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ=='}", "bypass = 'Harbor#4821Q'",
    "http://www.example.com/path?access_token=h480djs93hd8", "pw = 'pairwise'",
    "!docker run -p 8080:80 nginx\n!ls -a /tmp", "- name: LOG_LEVEL\n  value: debug",
]  # fmt: skip


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negative_is_not_a_credential(text):
    assert found(text) == []


def test_base64_image_is_not_a_credential():
    png = resources.files("jupyter_server").joinpath("static/logo/logo.png").read_bytes()
    data = base64.b64encode(png).decode()
    html = f'<img src="data:image/png;base64,{data}" alt="logo"/>'
    assert [h for h in secrets.secret_hits(html)] == []
    assert [h for h in secrets.secret_hits(data)] == []


def _bundles() -> list[Path]:
    jupyterlab = pytest.importorskip("jupyterlab")
    files = sorted(Path(jupyterlab.__file__).parent.joinpath("static").glob("*.js"))
    # the largest bundles, and those that name credentials most
    biggest = sorted(files, key=lambda p: p.stat().st_size)[-3:]
    wordy = [p for p in files if b"password" in p.read_bytes()][:8]
    return sorted(set(biggest + wordy))


def test_bundled_javascript_holds_no_credential():
    """JupyterLab's own bundles: minified code full of token/password/auth words."""
    for path in _bundles():
        text = path.read_text(encoding="utf-8", errors="replace")
        assert list(secrets.secret_hits(text)) == [], path.name


def test_provider_token_in_a_text_whose_length_changes_when_lowered():
    token = secrets.render_example("«glpat-%{url:20}»", "fold")[0]
    text = f"İstanbul office: token {token}"  # 'İ' lowers to two characters
    assert ("API_KEY", token) in found(text)


def test_keyword_gate_finds_every_keyword_occurrence():
    """The gate (anchors and look-behinds) finds what a plain search for each keyword finds."""
    rs = secrets._ruleset()
    words = sorted(rs.by_keyword)
    rng = random.Random(5)
    for _ in range(300):
        # keywords apart from each other, in any case, among lookalike noise
        parts = [rng.choice([*words, "aaa", "sk", "v1", "gh", "-", "_", "k"]) for _ in range(9)]
        text = "=\n=".join(p.upper() if rng.random() < 0.2 else p for p in parts)
        low = text.lower()
        want = {(m.start(), w) for w in words for m in re.finditer(f"(?={re.escape(w)})", low)}
        assert set(rs.gate.find(low)) == want
        assert set(secrets._gate_in_place().find(text)) == want


def test_keywords_on_one_anchor_are_all_found_where_they_overlap():
    rs = secrets._ruleset()
    got = {w for _, w in rs.gate.find("key = 'sk-ant-api03-'")}
    assert {"sk-", "sk-ant-"} <= got


# ---- speed and loading -------------------------------------------------------------------------


def test_rules_are_read_once_and_only_when_first_needed():
    script = (
        "import jupyterlab_cloudshare.core.scan.secrets as s\n"
        "assert s._ruleset.cache_info().currsize == 0\n"
        "list(s.secret_hits('x')); list(s.secret_hits('y'))\n"
        "info = s._ruleset.cache_info()\n"
        "assert (info.currsize, info.misses) == (1, 1), info\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"regex": "(unclosed"}, "does not compile"),
        ({"type": "NOT_A_TYPE"}, "unknown type"),
        ({"check": "no_such_check"}, "unknown check"),
        ({"keywords": []}, "keywords"),
        ({"near": "x"}, "not both"),
        ({"colour": "red"}, "unknown fields"),
        ({"severity": "severe"}, "severity"),
        ({"type": "BY_NAME", "regex": "x(?P<secret>y)"}, "'name' group"),
    ],
)
def test_a_malformed_rule_is_named_in_the_error(change, message):
    spec = {"id": "my-rule", "provider": "P", "type": "API_KEY", "keywords": ["x"], "regex": "x"}
    with pytest.raises(ValueError, match=message) as err:
        secrets.load_rules(json.dumps({"rules": [{**spec, **change}]}))
    assert "my-rule" in str(err.value)


def test_rule_ids_are_unique():
    spec = {"id": "twice", "provider": "P", "type": "API_KEY", "keywords": ["x"], "regex": "x"}
    with pytest.raises(ValueError, match="twice"):
        secrets.load_rules(json.dumps({"rules": [spec, spec]}))
