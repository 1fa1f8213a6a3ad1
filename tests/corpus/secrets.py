"""Credentials in the token formats providers document, in the places notebooks hold them.

Each provider's shape (prefix, length, alphabet) follows its own documentation or
the rule a maintained scanner (gitleaks, detect-secrets) publishes for it; the
characters are random. Each token is placed one of 20 ways (:data:`CONTEXTS`):
assigned, in a dict, a header, ``curl``, ``os.environ``, a client's repr or keyword
arguments under the names people give it (``key=``, ``token=``...), YAML and INI
lines, JSON, ``key=value`` logs, URL queries, ``--token`` flags, ``os.getenv``
defaults, an HTTP error's message, TOML, a Markdown code block, and, for formats a
scanner can know alone, printed bare. Passwords appear
without a keyword too, in 24 shapes: connection URLs of any scheme (percent-encoded
too), ODBC strings with braces, JDBC parameters, libpq conninfo, EZConnect,
``.pgpass``, ``.netrc``, ``.my.cnf`` and YAML configs, ``HTTPBasicAuth`` and
``smtplib`` logins with a variable user, ``auth=`` tuples, ``mysql -p``,
``PGPASSWORD=``, ``%env`` and printed ``.env`` files.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from urllib.parse import quote_plus

from . import fake
from .cases import Case, code, error, markdown, notebook, stream, text_result

A = string.ascii_letters + string.digits
UP = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = A + "+/"
URLSAFE = A + "-_"

T = fake.token


def _jwt(r: random.Random) -> str:
    head = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT","kid":"k1"}').rstrip(b"=")
    body = json.dumps({"sub": str(r.randint(10**6, 10**9)), "iat": r.randint(1.6e9, 1.7e9)})
    payload = base64.urlsafe_b64encode(body.encode()).rstrip(b"=")
    return f"{head.decode()}.{payload.decode()}.{T(r, 86, URLSAFE)}"


def _pem(r: random.Random, kind: str) -> str:
    lines = [T(r, 64, B64) for _ in range(r.randint(4, 8))]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


#: provider -> (label type, maker, variable name a user would give it)
PROVIDERS: dict[str, tuple[str, Callable[[random.Random], str], str]] = {
    "aws_key_id": (
        "AWS_ACCESS_KEY_ID",
        lambda r: r.choice(["AKIA", "ASIA"]) + T(r, 16, UP),
        "aws_access_key_id",
    ),
    "aws_secret": ("AWS_SECRET_KEY", lambda r: T(r, 40, B64), "aws_secret_access_key"),
    "github_classic": (
        "GITHUB_TOKEN",
        lambda r: r.choice(["ghp_", "gho_", "ghs_"]) + T(r, 36),
        "GH_TOKEN",
    ),
    "github_fine": ("GITHUB_TOKEN", lambda r: f"github_pat_{T(r, 22)}_{T(r, 59)}", "token"),
    "gitlab": ("GITLAB_TOKEN", lambda r: "glpat-" + T(r, 20, URLSAFE), "GITLAB_PAT"),
    "slack_bot": (
        "SLACK_TOKEN",
        lambda r: f"xoxb-{r.randint(10**11, 10**12)}-{r.randint(10**12, 10**13)}-{T(r, 24)}",
        "SLACK_BOT_TOKEN",
    ),
    "slack_webhook": (
        "SLACK_WEBHOOK",
        lambda r: f"https://hooks.slack.com/services/T{T(r, 10, UP)}/B{T(r, 10, UP)}/{T(r, 24)}",
        "webhook_url",
    ),
    "stripe": (
        "STRIPE_KEY",
        lambda r: r.choice(["sk_live_", "rk_live_"]) + T(r, 99),
        "stripe.api_key",
    ),
    "openai": (
        "OPENAI_KEY",
        lambda r: f"sk-proj-{T(r, 74, URLSAFE)}T3BlbkFJ{T(r, 74, URLSAFE)}",
        "OPENAI_API_KEY",
    ),
    "anthropic": (
        "ANTHROPIC_KEY",
        lambda r: f"sk-ant-api03-{T(r, 93, URLSAFE)}AA",
        "ANTHROPIC_API_KEY",
    ),
    "huggingface": ("HF_TOKEN", lambda r: "hf_" + T(r, 34, string.ascii_letters), "hf_token"),
    "google_api": ("GOOGLE_API_KEY", lambda r: "AIza" + T(r, 35, URLSAFE), "GOOGLE_MAPS_KEY"),
    "google_oauth": (
        "GOOGLE_OAUTH_SECRET",
        lambda r: "GOCSPX-" + T(r, 28, URLSAFE),
        "client_secret",
    ),
    "twilio": ("TWILIO_KEY", lambda r: "SK" + T(r, 32, HEX), "TWILIO_API_KEY"),
    "sendgrid": (
        "SENDGRID_KEY",
        lambda r: f"SG.{T(r, 22, URLSAFE)}.{T(r, 43, URLSAFE)}",
        "SENDGRID_API_KEY",
    ),
    "mailgun": ("MAILGUN_KEY", lambda r: "key-" + T(r, 32, HEX), "MAILGUN_KEY"),
    "mailchimp": (
        "MAILCHIMP_KEY",
        lambda r: T(r, 32, HEX) + f"-us{r.randint(1, 21)}",
        "MAILCHIMP_API_KEY",
    ),
    "npm": ("NPM_TOKEN", lambda r: "npm_" + T(r, 36), "NPM_TOKEN"),
    "pypi": ("PYPI_TOKEN", lambda r: "pypi-AgEIcHlwaS5vcmc" + T(r, 120, URLSAFE), "TWINE_PASSWORD"),
    "shopify": ("SHOPIFY_TOKEN", lambda r: "shpat_" + T(r, 32, HEX), "SHOPIFY_ACCESS_TOKEN"),
    "digitalocean": ("DIGITALOCEAN_TOKEN", lambda r: "dop_v1_" + T(r, 64, HEX), "DO_TOKEN"),
    "databricks": ("DATABRICKS_TOKEN", lambda r: "dapi" + T(r, 32, HEX), "DATABRICKS_TOKEN"),
    "azure_storage": ("AZURE_STORAGE_KEY", lambda r: T(r, 86, B64) + "==", "AccountKey"),
    "discord": (
        "DISCORD_TOKEN",
        lambda r: f"M{T(r, 23)}.{T(r, 6, URLSAFE)}.{T(r, 27, URLSAFE)}",
        "DISCORD_BOT_TOKEN",
    ),
    "telegram": (
        "TELEGRAM_TOKEN",
        lambda r: f"{r.randint(10**8, 10**10)}:AA{T(r, 33, URLSAFE)}",
        "TELEGRAM_BOT_TOKEN",
    ),
    "newrelic": ("NEWRELIC_KEY", lambda r: "NRAK-" + T(r, 27, UP), "NEW_RELIC_API_KEY"),
    "postman": (
        "POSTMAN_KEY",
        lambda r: f"PMAK-{T(r, 24, HEX)}-{T(r, 34, HEX)}",
        "POSTMAN_API_KEY",
    ),
    "linear": ("LINEAR_KEY", lambda r: "lin_api_" + T(r, 40), "LINEAR_API_KEY"),
    "notion": ("NOTION_TOKEN", lambda r: "ntn_" + T(r, 46), "NOTION_TOKEN"),
    "atlassian": (
        "ATLASSIAN_TOKEN",
        lambda r: "ATATT3xFfGF0" + T(r, 180, URLSAFE) + "=" + T(r, 8, UP),
        "JIRA_API_TOKEN",
    ),
    "dropbox": ("DROPBOX_TOKEN", lambda r: "sl." + T(r, 135, URLSAFE), "DROPBOX_ACCESS_TOKEN"),
    "jwt": ("JWT", _jwt, "id_token"),
    "rsa_key": ("PRIVATE_KEY", lambda r: _pem(r, "RSA PRIVATE KEY"), "PRIVATE_KEY"),
    "openssh_key": ("PRIVATE_KEY", lambda r: _pem(r, "OPENSSH PRIVATE KEY"), "ssh_key"),
    "generic": ("GENERIC_SECRET", lambda r: T(r, 40, A), "client_secret"),
}

#: Providers whose tokens a scanner can know without a name beside them (a documented
#: prefix, length or structure): only these are also printed bare, as ``print(token)`` shows.
DISTINCTIVE = frozenset(PROVIDERS) - {"aws_secret", "azure_storage", "generic"}

CONTEXTS = (
    "assign", "env_print", "dict", "header", "cli", "environ", "repr_output", "kwarg", "yaml",
    "json_out", "ini", "url_query", "log", "getenv", "cli_flag", "api_header", "error", "toml",
    "markdown_code", "print",
)  # fmt: skip

#: Names people give a keyword argument, a config key or a query parameter holding a token.
KEY_NAMES = (
    "api_key", "token", "key", "apikey", "access_token", "auth_token", "secret", "api_token",
    "client_secret", "secret_key", "private_token", "bot_token",
)  # fmt: skip


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)


def _placed(r: random.Random, var: str, value: str, ctx: str) -> tuple[str, str]:
    """(source, output) holding ``value`` the way ``ctx`` says."""
    if "\n" in value:  # private keys: a literal or a file printed
        if ctx in ("cli", "env_print", "print", "yaml", "ini", "log", "cli_flag"):
            return "!cat ~/.ssh/id_rsa", value + "\n"
        return f'{var} = """{value}"""', ""
    key = r.choice(KEY_NAMES)
    env = var.upper().replace(".", "_")
    if ctx == "assign":
        return f'{var} = "{value}"', ""
    if ctx == "env_print":
        return "!cat .env", f"DEBUG=false\n{env}={value}\nLOG_LEVEL=info\n"
    if ctx == "dict":
        return f"config = {{'region': 'us-east-1', '{var}': '{value}', 'timeout': 30}}", ""
    if ctx == "header":
        return (
            f"headers = {{'Authorization': f'Bearer {value}'}}\n"
            "r = requests.get(url, headers=headers)",
            "",
        )
    if ctx == "cli":
        return f'!curl -s -H "Authorization: token {value}" https://api.service.io/v1/me', ""
    if ctx == "environ":
        return f"os.environ['{env}'] = '{value}'", ""
    if ctx == "kwarg":
        return f"client = ServiceClient(base_url=BASE, {key}={value!r}, timeout=30)", ""
    if ctx == "yaml":
        return "!cat config.yaml", f"service:\n  name: ehr-sync\n  {key}: {value}\n  retries: 3\n"
    if ctx == "json_out":
        body = json.dumps({"name": "ehr-sync", _camel(key): value, "retries": 3}, indent=2)
        return "print(json.dumps(settings, indent=2))", body + "\n"
    if ctx == "ini":
        return "!cat ~/.config/service.ini", f"[default]\nregion = us-east-1\n{key} = {value}\n"
    if ctx == "url_query":
        param = r.choice(["api_key", "access_token", "token", "key", "apikey", "auth"])
        return f"r = requests.get(f'https://api.service.io/v1/items?{param}={value}&limit=50')", ""
    if ctx == "log":
        line = f"2024-05-02 10:14:07,118 INFO client: authenticated {key}={value} user=svc-etl"
        return "!tail -n 1 sync.log", line + "\n"
    if ctx == "getenv":
        return f"{env} = os.getenv('{env}', '{value}')", ""
    if ctx == "cli_flag":
        flag = r.choice(["--token", "--api-key", "--access-token", "--auth-token", "--key"])
        sep = r.choice([" ", "="])
        return f"!service-cli login {flag}{sep}{value} --profile prod", ""
    if ctx == "api_header":
        name = r.choice(["X-API-Key", "x-api-key", "Api-Key", "X-Auth-Token", "apikey"])
        return f"r = requests.get(url, headers={{'{name}': '{value}'}})", ""
    if ctx == "error":
        return "r.raise_for_status()", (
            f"401 Client Error: Unauthorized for url: https://api.service.io/v1/me?{key}={value}"
        )
    if ctx == "toml":
        return "!cat pyproject.toml", f'[tool.service]\nregion = "eu"\n{key} = "{value}"\n'
    if ctx == "markdown_code":
        return f"```bash\nexport {env}={value}\n```", ""
    if ctx == "print":
        return f"print({var})", value + "\n"
    return "client", f"Client(endpoint='https://api.service.io', {key}='{value}')"


def provider_case(r: random.Random, i: int, provider: str) -> Case:
    kind, make, var = PROVIDERS[provider]
    value = make(r)
    contexts = CONTEXTS if provider in DISTINCTIVE else CONTEXTS[:-1]
    ctx = contexts[(i + r.randrange(len(contexts))) % len(contexts)]
    if provider == "azure_storage":
        src = (
            "conn = 'DefaultEndpointsProtocol=https;AccountName=ehrexports;"
            f"AccountKey={value};EndpointSuffix=core.windows.net'"
        )
        out = ""
    elif provider == "slack_webhook":
        src, out = f"WEBHOOK = '{value}'\nrequests.post(WEBHOOK, json={{'text': 'done'}})", ""
    else:
        src, out = _placed(r, var, value, ctx)
    if ctx == "markdown_code":
        nb = notebook(markdown(src))
    elif ctx == "error":
        nb = notebook(code(src, error("HTTPError", out, ["Traceback (most recent call last):"])))
    elif ctx == "repr_output":
        nb = notebook(code(src, *([text_result(out)] if out else [])))
    else:
        nb = notebook(code(src, *([stream(out)] if out else [])))
    return Case(f"secret-{provider}-{ctx}-{i}", f"secret:{ctx}", nb, [(kind, value)])


def password_case(r: random.Random, i: int) -> Case:
    """A password with no keyword beside it, or beside a key, as configs and code hold it."""
    pw = fake.password(r)
    user = r.choice(["analyst", "etl_user", "admin", "jsmith", "svc_reporting"])
    host = r.choice(["db.internal", "10.20.3.4", "cluster0.ab1cd.mongodb.net", "warehouse.corp"])
    shape = i % 24
    label = pw
    out = ""
    if shape == 0:
        scheme = r.choice(["postgresql", "mysql+pymysql", "mssql+pyodbc", "oracle+cx_oracle"])
        src = f"engine = create_engine('{scheme}://{user}:{pw}@{host}:5432/ehr')"
    elif shape == 1:
        scheme = r.choice(["mongodb+srv", "neo4j+s", "redis", "amqp", "bolt", "ftp", "sftp"])
        src = f"client = connect('{scheme}://{user}:{pw}@{host}/')"
    elif shape == 2:
        src = (
            "conn = pyodbc.connect('DRIVER={ODBC Driver 18 for SQL Server};"
            f"SERVER={host};DATABASE=Clarity;UID={user};PWD={pw};Encrypt=yes')"
        )
    elif shape == 3:
        src = f'url = "jdbc:sqlserver://{host}:1433;databaseName=ehr;user={user};password={pw};"'
    elif shape == 4:
        src = f"r = requests.get(API, auth=HTTPBasicAuth('{user}', '{pw}'))"
    elif shape == 5:
        src = (
            "server = smtplib.SMTP('smtp.gmail.com', 587)\nserver.starttls()\n"
            f"server.login('{user}@gmail.com', '{pw}')"
        )
    elif shape == 6:
        src = f"resp = requests.post(TOKEN_URL, auth=('{user}', '{pw}'), data=payload)"
    elif shape == 7:
        src = f"%env DB_PASS={pw}"
    elif shape == 8:
        nb = notebook(
            code("!cat .env", stream(f"DB_HOST={host}\nDB_USER={user}\nDB_PASSWORD={pw}\n"))
        )
        return Case(f"password-env-{i}", "secret:password", nb, [("PASSWORD", pw)], [host])
    elif shape == 9:
        src = f"ftp = FTP('{host}')\nftp.login('{user}', '{pw}')"
    elif shape == 10:  # percent-encoded userinfo, as urllib.parse.quote_plus writes it
        label = quote_plus(pw)
        src = f"engine = create_engine(f'postgresql+psycopg2://{user}:{label}@{host}/ehr')"
    elif shape == 11:
        kind = r.choice(["postgresql", "mysql"])
        src = f"url = 'jdbc:{kind}://{host}:5432/ehr?user={user}&password={pw}&ssl=true'"
    elif shape == 12:  # ODBC braces around a value holding ';' or '}'
        label = pw[:3] + ";" + pw[3:]
        src = f"cs = 'Driver={{SQL Server}};Server={host};Uid={user};Pwd={{{label}}};'"
    elif shape == 13:
        src = "!cat ~/.pgpass"
        out = f"{host}:5432:ehr:{user}:{pw}\n"
    elif shape == 14:
        quote = r.choice(["'", '"'])
        src = f"!mysql -h {host} -u {user} -p{quote}{pw}{quote} ehr < load.sql"
    elif shape == 15:
        src = (
            "url = URL.create('postgresql+psycopg2', username=USER, "
            f"password='{pw}', host='{host}', database='ehr')"
        )
    elif shape == 16:
        src = f"with smtplib.SMTP_SSL(HOST, 465) as s:\n    s.login(SENDER, '{pw}')"
    elif shape == 17:
        src = f"session.auth = HTTPBasicAuth(USERNAME, '{pw}')"
    elif shape == 18:
        src = "!cat config.yml"
        out = f"database:\n  host: {host}\n  user: {user}\n  password: {pw}\n  port: 5432\n"
    elif shape == 19:
        src = "!cat ~/.netrc"
        out = f"machine {host}\n  login {user}\n  password {pw}\n"
    elif shape == 20:  # libpq key/value conninfo
        src = f"conn = psycopg2.connect('host={host} dbname=ehr user={user} password={pw}')"
    elif shape == 21:
        src = "!cat ~/.my.cnf"
        out = f"[client]\nuser = {user}\npassword = {pw}\nhost = {host}\n"
    elif shape == 22:
        src = f"!PGPASSWORD='{pw}' psql -h {host} -U {user} -d ehr -c 'select 1'"
    else:
        label = pw.replace("@", "#")  # EZConnect cannot hold a raw '@'
        src = f"conn = cx_Oracle.connect('{user}/{label}@{host}:1521/ORCLPDB1')"
    outputs = [stream(out)] if out else []
    nb = notebook(code(src, *outputs))
    # the account's own e-mail and the database host may be reported too
    allowed = [f"{user}@gmail.com", host]
    return Case(f"password-{shape}-{i}", "secret:password", nb, [("PASSWORD", label)], allowed)


def cases(r: random.Random, n: int) -> list[Case]:
    names = list(PROVIDERS)
    out = []
    for i in range(n):
        if i % 4 == 3:
            out.append(password_case(r, i // 4))
        else:
            out.append(provider_case(r, i, names[(i - i // 4) % len(names)]))
    return out
