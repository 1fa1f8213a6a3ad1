"""Detectors for credentials: provider tokens, private keys, passwords, keyed secrets.

Provider formats are data, not code: ``data/secret_rules.json`` holds one rule
per token format (GitLab ``glpat-``, Slack ``xoxb-``, Azure ``AccountKey=``...)
and per keyword-less credential shape (``HTTPBasicAuth('u', 'p')``, ``PWD=...;``
in a connection string, ``.env`` lines). A rule's fields:

``id``, ``provider``
    names it (tests and reports).
``type``
    the finding type (``API_KEY`` for most providers; ``BY_NAME``: PASSWORD or
    GENERIC_SECRET after the variable the value is assigned to, group ``name``).
``keywords``
    literals, at least one of which a text must hold (the cheap gate): one written
    in lower case matches in any case, one with an upper-case letter in that case.
``near``
    for a format with no literal to wait on (a Discord token's three parts), instead
    of ``keywords``: a regex led by a literal that every token holds (a ``.``, six
    characters, a ``.``), searched in the whole text; the rule's regex then runs in
    the windows around its matches, as around a keyword.
``regex``
    the token; group ``secret``, when present, is the part reported.
``before``, ``after``
    where a match may start around a keyword (both 0: at the keyword).
``entropy``, ``classes``, ``digits``
    minimum Shannon entropy, number of character classes (lower, upper,
    digit) and digits of the value, for formats without a checksum.
``check``
    a named check written in code below (``jwt``, ``password``...).
``priority``, ``severity``
    as in :class:`~.kinds.Hit` (default 3 and the type's severity).
``allow``
    published documentation values of the format, never findings.
``positive``, ``negative``, ``expect``
    examples the tests run: ``%{charset:n}`` stands for ``n`` random
    characters, ``«...»`` marks each secret a scan must report (of the types in
    ``expect``, default ``type``); the negative must give no finding.

A few literal-led regexes find every keyword of every rule in the lower-cased
text, each waiting on a character that many keywords share and text seldom holds
(``k`` of ``token``, ``-`` of ``glpat-``); a rule's regex then runs only in the
windows around its keywords. The
rules are read once, on the first scan.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any
from urllib.parse import unquote

from .kinds import SEVERITY, Hit
from .validators import MADE_UP_RUNS, entropy, is_placeholder

__all__ = ["SecretRule", "load_rules", "render_example", "rules", "secret_hits"]

#: Priority of provider-specific tokens over generic assignments and PHI.
PRIORITY = 3
#: A type decided by the name a value is assigned to (PASSWORD or GENERIC_SECRET).
BY_NAME = "BY_NAME"
#: How far past its window a match may run before it is matched again in full.
_MARGIN = 512

_FIELDS = frozenset(
    {
        "id", "provider", "type", "keywords", "regex", "before", "after", "entropy", "classes",
        "digits", "check", "priority", "severity", "allow", "positive", "negative", "expect",
        "near",
    }
)  # fmt: skip


@dataclass(frozen=True)
class SecretRule:
    """One credential format (see the module docstring for the fields)."""

    id: str
    provider: str
    type: str
    keywords: tuple[str, ...]
    regex: str
    before: int = 0
    after: int = 0
    entropy: float = 0.0
    classes: int = 0
    digits: int = 0
    check: str = ""
    priority: int = PRIORITY
    severity: str = ""
    allow: frozenset[str] = frozenset()
    positive: str = ""
    negative: str = ""
    expect: tuple[str, ...] = ()
    near: str = ""

    @property
    def anywhere(self) -> bool:
        """Found by its ``near`` regex over the whole text, not by keywords."""
        return bool(self.near)

    @cached_property
    def near_pattern(self) -> re.Pattern[str]:
        return re.compile(self.near)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled regex, compiled when the rule first runs (most never do in a scan)."""
        return re.compile(self.regex)


# ---- checks named by rules ---------------------------------------------------------------
def _classes(value: str) -> int:
    return (
        any(c.isdigit() for c in value)
        + any(c.isupper() for c in value)
        + any(c.islower() for c in value)
    )


#: Credentials that documentation prints: Oracle's scott/tiger, foo/bar, and the
#: examples of RFC 6749 (OAuth 2.0), RFC 6750 (bearer tokens) and RFC 7617 (Basic).
_DOC_VALUES = frozenset(
    {
        "tiger", "foo", "bar", "baz", "foobar", "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA",
        "SplxlOBeZQQYbYS6WxSbIA", "mF_9.B5f-4.1JqM", "s6BhdRkqt3", "gX1fBat3bV",
        "czZCaGRSa3F0MzpnWDFmQmF0M2JW", "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "open sesame",
        # the MD5, SHA-1 and SHA-256 of nothing, printed by every tool that hashes a file
        "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        # the password every tutorial jokes with; RFC 6455's sample WebSocket key; RFC 5849's
        # OAuth 1.0 example consumer key and token
        "hunter2", "dGhlIHNhbXBsZSBub25jZQ==", "0685bd9184jfhq22", "ad180jjd733klru7",
    }
)  # fmt: skip


def _not_example(value: str) -> bool:
    upper = value.upper()
    if "EXAMPLE" in upper or "XXXX" in upper or value in _DOC_VALUES:
        return False
    if value.endswith(("...", "\u2026")) or value in _allowed_values():
        return False  # elided in print (pypi-AgEIcHlwaS5vcmc...); a rule's documentation value
    if value.startswith(("my_", "my-")) and _WORDS_ONLY.fullmatch(value):
        return False  # my_secret, my-api-key
    return not is_placeholder(value)


@lru_cache(maxsize=1)
def _allowed_values() -> frozenset[str]:
    """Every rule's documentation values: never a finding, whichever detector reads them."""
    return frozenset(v for rule in rules() for v in rule.allow)


def _b64_json(part: str) -> object:
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _b64_text(value: str) -> str | None:
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
        return raw.decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _sample_jwt(value: str) -> bool:
    """The documentation sample (jwt.io's "John Doe" token), copied into many tutorials."""
    parts = value.split(".")
    if len(parts) != 3 or not value.startswith("eyJ"):
        return False
    claims = _b64_json(parts[1])
    return isinstance(claims, dict) and claims.get("name") in ("John Doe", "Jane Doe")


def _jwt_ok(value: str) -> bool:
    obj = _b64_json(value.split(".", 1)[0])
    return isinstance(obj, dict) and "alg" in obj and not _sample_jwt(value)


def _signed_url_credential(text: str, start: int) -> bool:
    """An access key id in a pre-signed URL's ``X-Amz-Credential=`` (a public, expiring link).

    GitHub's release downloads redirect to such URLs, and ``wget`` prints them.
    """
    before = text[max(0, start - 16) : start]
    return before.endswith(("Credential=", "Credential%3D", "Credential%3d"))


#: Values that switch something on or off rather than guard it.
_FLAG_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null", "0", "1"})


def _password_ok(value: str) -> bool:
    """A literal password, not a stand-in, a variable, a template or a flag."""
    if len(value) < 4 or value.count(" ") > 1 or value.lower() in _FLAG_VALUES:
        return False
    if value.startswith(("$", "%", "{", "<", "/", "./", "~/")) or "{" in value:
        return False
    if _CODE_CALL.search(value) or (_DOTTED_PATH.fullmatch(value) and _looks_like_name(value)):
        return False  # Path(__file__).parent, IPython.core.magics.osm:OSMagics
    return _not_example(value) and not _names_itself(value)


#: A call in code: ``Path(__file__)``, ``os.getenv("X")``.
_CODE_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(.*\)")
#: Words joined by ``.`` or ``:``, as module paths and attribute chains are written.
_DOTTED_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[.:][A-Za-z_][A-Za-z0-9_]*)+")
#: A word of a name: a capitalised or lower-case word, an acronym, a number.
_NAME_CHUNK = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _looks_like_name(value: str) -> bool:
    """Made of whole words (``ExtensionOID.KEY_USAGE``, ``AWS_SESSION_TOKEN``), as names
    are; the characters of a random token switch case and kind every one or two."""
    chunks = [c for c in _NAME_CHUNK.findall(value) if not c.isdigit()]
    if not chunks or sum(c.isdigit() for c in value) > 3:
        return False
    return sum(map(len, chunks)) / len(chunks) >= 4


#: What an API token or key is written with; code (``"+(v.TOKEN||"``) is not.
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_\-./+=~:]+")
#: Lower-case words joined by separators: a name (``my-access-token``), not a key.
_WORDS_ONLY = re.compile(r"_*[a-z]+(?:[\-_./]+[a-z]+)*_*")
#: camelCase or TitleCase words, maybe joined by separators: a name in code
#: (``variableName.constant``, ``PasswordWidget``). Written so no text backtracks.
_CAMEL_WORDS = re.compile(
    r"[A-Za-z][a-z]{2,}(?:[A-Z][a-z]{2,})*(?:[\-_.][A-Za-z][a-z]{2,}(?:[A-Z][a-z]{2,})*)*"
)
#: An UPPER_SNAKE_CASE name (``_CALL_GEN_CACHE_KEY``): a constant's name, not its value.
_SNAKE_NAME = re.compile(r"_*[A-Z][A-Z0-9]*(?:_+[A-Z0-9]+)+_*")
_SECRET_WORD_IN_VALUE = ("pass", "pwd", "secret", "token", "key", "auth")


def _names_itself(value: str) -> bool:
    """A code name that says what it is (``PasswordWidget``, ``secretKey``), not a secret."""
    low = value.lower()
    return _CAMEL_WORDS.fullmatch(value) is not None and any(
        w in low for w in _SECRET_WORD_IN_VALUE
    )


def _secret_like(value: str) -> bool:
    """A random-looking token, not a path, URL, file name, sentence, name or code."""
    if len(value) < 12 or " " in value or entropy(value) < 3.0:
        return False
    if not _TOKEN_CHARS.fullmatch(value) or _WORDS_ONLY.fullmatch(value):
        return False
    if _CAMEL_WORDS.fullmatch(value) or _SNAKE_NAME.fullmatch(value) or _looks_like_name(value):
        return False
    if any(run in value.lower() for run in MADE_UP_RUNS):
        return False  # api_key = "abcdef1234567890": a documentation stand-in
    if value.startswith("/") and _classes(value) == 3 and entropy(value) >= 4.5:
        return True  # a base64 key that happens to start with "/", not a path
    return not (value.startswith(("http://", "https://", "/", "./")) or "." in value[-5:])


def _basic_b64(value: str) -> bool:
    """``base64("user:password")`` with a real password (HTTP Basic, Docker ``auth``)."""
    decoded = _b64_text(value)
    if decoded is None or ":" not in decoded or not decoded.isprintable():
        return False
    user, _, password = decoded.partition(":")
    return bool(user) and _password_ok(password)


def _line_before(text: str, pos: int) -> str:
    return text[max(text.rfind("\n", 0, pos) + 1, pos - 300) : pos]


def _connection_string(text: str, m: re.Match[str], value: str) -> bool:
    """``PWD=...`` inside a ``key=value;`` connection string or a JDBC/URL query."""
    if m.group("brace") and value.isidentifier():
        return False  # PWD={pwd}: a template, not ODBC's braces around a value holding ';'
    if not _password_ok(value):
        return False
    head = _line_before(text, m.start()).lower()
    follow = text[m.end() : m.end() + 1]
    if follow == ";" or ";" in head or "jdbc:" in head or head.endswith(("?", "&")):
        return True
    return _CONNINFO.search(head) is not None


#: A libpq conninfo string up to its password: ``'host=db dbname=ehr user=etl `` (quoted,
#: ``key=value`` pairs parted by spaces, as no call's keyword arguments are).
_CONNINFO = re.compile(r"[\"'](?:[ \t]*[a-z_]{2,20}[ \t]*=[ \t]*[^\s,'\"()]{1,128})+[ \t]+$")


_MYSQL_TOOLS = re.compile(
    r"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb)\b"
)
#: Command-line tools whose one-letter option takes a password: the option, then the tools.
_PASSWORD_FLAGS = {
    "p": re.compile(
        r"\b(?:(?:docker|podman|nerdctl|buildah|skopeo|oras) login"
        r"|mongo(?:sh|dump|restore|import|export)?)\b"
    ),
    "a": re.compile(r"\bredis-cli\b"),
    "P": re.compile(r"\b(?:sqlcmd|bcp|osql)\b"),
    "w": re.compile(r"\bldap(?:search|modify|add|delete|passwd|whoami)\b"),
}


def _discord_ok(value: str) -> bool:
    """A Discord bot token: its bot's snowflake id, base64-encoded, then a timestamp and an
    HMAC. A first part that decodes to no id must look as random as the rest (so a dotted
    name of code, ``NotebookApplicationConfig.server.attr``, is not one)."""
    first, _, rest = value.partition(".")
    head = _b64_text(first)
    if head is not None and head.isdigit() and 17 <= len(head) <= 20:
        return True
    last = rest.partition(".")[2]
    return (
        _classes(first) == 3
        and _classes(last) >= 2
        and sum(c.isdigit() for c in value) >= 4
        and entropy(value) >= 4.0
        and not _looks_like_name(first)
    )


Check = Callable[[str, "re.Match[str]", str], bool]

_CHECKS: dict[str, Check] = {
    "aws_id": lambda text, m, v: not _signed_url_credential(text, m.start()),
    "webhook": lambda text, m, v: (
        len(tail := v.rstrip("/").rsplit("/", 1)[-1]) >= 16 and _classes(tail) >= 2
    ),
    "openai": lambda text, m, v: (
        len(body := re.sub(r"^sk-(?:proj-|svcacct-|admin-|None-)?", "", v)) >= 32
        and _classes(body) == 3
    ),
    "upper_lower": lambda text, m, v: any(c.isupper() for c in v) and any(c.islower() for c in v),
    "jwt": lambda text, m, v: _jwt_ok(v),
    "discord": lambda text, m, v: _discord_ok(v),
    "b64_json": lambda text, m, v: isinstance(_b64_json(v), dict),
    "intercom": lambda text, m, v: (_b64_text(v) or "").startswith("tok:"),
    "basic_b64": lambda text, m, v: _basic_b64(v),
    "token_like": lambda text, m, v: _secret_like(v) and not v.startswith("eyJ"),
    "password": lambda text, m, v: _password_ok(v),
    "connection_string": _connection_string,
    "tool_flag": lambda text, m, v: (
        _password_ok(v)
        and _PASSWORD_FLAGS[m.group("flag")].search(_line_before(text, m.start())) is not None
    ),
    "mysql_p": lambda text, m, v: (
        _password_ok(v) and _MYSQL_TOOLS.search(_line_before(text, m.start())) is not None
    ),
    "shell_option": lambda text, m, v: (
        # "--password=x" always; "--password x" unless x is a word of prose ("options")
        _password_ok(v) and (m.group("sep") == "=" or not v.isalpha() or not v.islower())
    ),
    "secret_name": lambda text, m, v: True,  # decided with the type, by _named_kind
}

_PASSWORD_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE", "PASS", "PWD"})
_SECRET_WORDS = frozenset(
    {"TOKEN", "SECRET", "APIKEY", "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE", "KEY", "PAT"}
)
_SECRET_ENDS = (
    "TOKEN", "SECRET", "APIKEY", "ACCESSKEY", "SECRETKEY", "AUTHKEY", "PRIVATEKEY", "ACCOUNTKEY",
    "MASTERKEY", "SIGNINGKEY", "ENCRYPTIONKEY", "SHAREDKEY", "STORAGEKEY", "SUBSCRIPTIONKEY",
)  # fmt: skip
#: A last name part that says the variable holds something about a secret, not the secret.
_NOT_SECRET_PARTS = frozenset(
    {
        "FILE", "PATH", "DIR", "URL", "URI", "NAME", "ID", "LENGTH", "LEN", "MIN", "MAX", "TYPE",
        "MODE", "ENABLED", "REQUIRED", "HOST", "PORT", "USER", "USERNAME", "FIELD", "HEADER",
        "PARAM", "ENV", "VAR", "EXPIRY", "EXPIRES", "TTL", "TIMEOUT", "PROVIDER", "METHOD",
        "ENDPOINT", "REGION", "VERSION", "SIZE", "COUNT", "LIMIT", "PARALLELISM",
    }
)  # fmt: skip


def _named_kind(name: str) -> str | None:
    """PASSWORD or GENERIC_SECRET when a variable's name says it holds one."""
    up = name.upper()
    parts = [p for p in re.split(r"[_\W]+", up) if p]
    if not parts or parts[-1] in _NOT_SECRET_PARTS:
        return None
    if _PASSWORD_WORDS.intersection(parts) or up.endswith(("PASSWORD", "PASSWD", "PWD")):
        return "PASSWORD"
    if _SECRET_WORDS.intersection(parts) or up.endswith(_SECRET_ENDS):
        return "GENERIC_SECRET"
    return None


# ---- loading -----------------------------------------------------------------------------
def _field(spec: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    value = spec.get(name, default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
        raise ValueError(f"secret rule {spec.get('id')!r}: {name!r} must be a {kind.__name__}")
    return value


def _strings(spec: dict[str, Any], name: str) -> tuple[str, ...]:
    value = spec.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"secret rule {spec.get('id')!r}: {name!r} must be a list of strings")
    return tuple(value)


def _rule(spec: Any, validate: bool) -> SecretRule:
    if not isinstance(spec, dict):
        raise ValueError("a secret rule must be an object")
    rid = spec.get("id")
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", rid):
        raise ValueError(f"secret rule {rid!r}: 'id' must be lower-case words joined by '-'")
    unknown = set(spec) - _FIELDS
    if unknown:
        raise ValueError(f"secret rule {rid!r}: unknown fields {sorted(unknown)}")
    kind = _field(spec, "type", str, "")
    if kind != BY_NAME and kind not in SEVERITY:
        raise ValueError(f"secret rule {rid!r}: unknown type {kind!r}")
    keywords = _strings(spec, "keywords")
    near = _field(spec, "near", str, "")
    if not keywords and not near:
        raise ValueError(f"secret rule {rid!r}: 'keywords' must be a non-empty list")
    if keywords and near:
        raise ValueError(f"secret rule {rid!r}: a rule has 'keywords' or 'near', not both")
    check = _field(spec, "check", str, "")
    if check and check not in _CHECKS:
        raise ValueError(f"secret rule {rid!r}: unknown check {check!r}")
    severity = _field(spec, "severity", str, "")
    if severity not in ("", "high", "medium", "low"):
        raise ValueError(f"secret rule {rid!r}: severity must be high, medium or low")
    regex = _field(spec, "regex", str, "")
    if validate:
        try:
            pattern = re.compile(regex)
        except re.error as err:
            raise ValueError(f"secret rule {rid!r}: regex does not compile ({err})") from err
        if kind == BY_NAME and "name" not in pattern.groupindex:
            raise ValueError(f"secret rule {rid!r}: a BY_NAME rule's regex needs a 'name' group")
        try:
            re.compile(near)
        except re.error as err:
            raise ValueError(f"secret rule {rid!r}: near does not compile ({err})") from err
    return SecretRule(
        id=rid,
        provider=_field(spec, "provider", str, ""),
        type=kind,
        keywords=keywords,
        regex=regex,
        before=_field(spec, "before", int, 0),
        after=_field(spec, "after", int, 0),
        entropy=_field(spec, "entropy", float, 0.0),
        classes=_field(spec, "classes", int, 0),
        digits=_field(spec, "digits", int, 0),
        check=check,
        priority=_field(spec, "priority", int, PRIORITY),
        severity=severity,
        allow=frozenset(_strings(spec, "allow")),
        positive=_field(spec, "positive", str, ""),
        negative=_field(spec, "negative", str, ""),
        expect=_strings(spec, "expect"),
        near=near,
    )


def load_rules(source: str | None = None, *, validate: bool = True) -> list[SecretRule]:
    """The rules in ``source`` (JSON text; default: the shipped rule file).

    Raises ValueError naming the rule when one is malformed; ``validate=False`` leaves
    the regexes to compile when first used (the tests compile every shipped one).
    """
    if source is None:
        source = (
            resources.files(__package__ or "jupyterlab_cloudshare.core.scan")
            .joinpath("data/secret_rules.json")
            .read_text(encoding="utf-8")
        )
    doc = json.loads(source)
    specs = doc.get("rules") if isinstance(doc, dict) else None
    if not isinstance(specs, list):
        raise ValueError("the secret rule file must be an object with a 'rules' list")
    loaded = [_rule(spec, validate) for spec in specs]
    ids = [r.id for r in loaded]
    if len(set(ids)) != len(ids):
        raise ValueError(f"secret rule ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    return loaded


# ---- the one-pass keyword gate -----------------------------------------------------------
#: Keywords of the detectors written in code: PEM blocks, URLs with credentials, AWS
#: secret keys (a 40-character value after "aws"), and ``password = '...'`` assignments.
_PEM = "PRIVATE KEY"
_URL = "://"
_AWS_WORDS = frozenset({"aws", "secretaccess", "secret_access"})
_ASSIGN_WORDS = frozenset({
    "password", "passwd", "passphrase", "pwd", "pass", "pw", "secret", "token", "api_key",
    "api-key", "apikey", "access_key", "access-key", "accesskey", "auth_key", "auth-key", "authkey",
    "private_key", "private-key", "privatekey", "credential", "key", "auth",
})  # fmt: skip

#: Share (in %) of each character in lower-cased notebook text: code, logs, frames and
#: bundled JavaScript (measured on JupyterLab's bundles, pandas and requests sources and
#: the benchmark notebook; digits and "." raised for numeric outputs). Characters not listed are
#: rarer still. A gate waits on each keyword's rarest characters.
_CHAR_SHARE = {
    " ": 21.5, "e": 7.5, "t": 5.4, "r": 4.9, "o": 4.5, "s": 4.4, "n": 4.0, "i": 3.9, "a": 3.8,
    "\n": 3.0, "l": 2.4, "c": 2.2, "p": 2.2, "d": 2.1, "_": 2.0, "u": 1.8, ".": 5.0, '"': 1.5,
    "h": 1.5, "m": 1.5, "f": 1.4, ",": 1.1, ":": 1.1, "y": 1.0, "=": 0.9, "g": 0.9, "(": 0.85,
    ")": 0.85, "-": 0.8, "b": 0.7, "k": 0.7, "v": 0.5, "`": 0.5, "'": 0.5, "w": 0.4, "x": 0.4,
    "q": 0.3, "~": 0.3, "j": 0.3, "[": 0.3, "]": 0.3, "#": 0.2, "|": 0.2, ">": 0.2, "{": 0.13,
    "}": 0.13, "\\": 0.13, "*": 0.1, "/": 0.1, "z": 0.1, "+": 0.1,
    **dict.fromkeys("0123456789", 2.0),
}  # fmt: skip
#: What one more pass over the text costs, in the same unit: a regex led by a literal
#: character skips to that character as fast as ``str.find``, so each pass costs about
#: as much as stopping at 3% of the text's characters.
_PASS_COST = 3.0


def _share(ch: str) -> float:
    return _CHAR_SHARE.get(ch, 0.01)


def _anchors(words: Iterable[str]) -> dict[str, tuple[str, int]]:
    """For each keyword, the character a gate waits on (and its offset in the keyword).

    A weighted set cover, greedy and then pruned: few passes over the text, each
    stopping at few places.
    """
    words = set(words)
    left = set(words)
    chosen: list[str] = []
    while left:
        chars = {c for w in left for c in w}
        best = min(chars, key=lambda c: ((_PASS_COST + _share(c)) / sum(c in w for w in left), c))
        chosen.append(best)
        left = {w for w in left if best not in w}
    for ch in sorted(chosen, key=_share, reverse=True):  # drop an anchor the others cover
        others = [c for c in chosen if c != ch]
        if all(any(c in w for c in others) for w in words if ch in w):
            chosen = others
    out: dict[str, tuple[str, int]] = {}
    for w in words:
        ch = min((c for c in chosen if c in w), key=_share)
        out[w] = (ch, w.index(ch))
    return out


@dataclass(frozen=True)
class _Gate:
    """Finds every occurrence of a set of keywords, one literal-led regex per anchor."""

    #: (anchor character, regex matching every keyword waiting on it from the anchor on)
    passes: tuple[tuple[str, re.Pattern[str]], ...]
    #: (anchor character, character after it or "") -> (keyword, offset of the anchor in it)
    groups: dict[tuple[str, str], tuple[tuple[str, int], ...]]
    #: keyword -> the keywords inside it, with their offsets ("--user " holds "-us")
    inner: dict[str, tuple[tuple[str, int], ...]]
    fold: bool

    @classmethod
    def build(cls, words: Iterable[str], fold: bool = False) -> _Gate:
        words = sorted(set(words))
        by_anchor: dict[str, list[tuple[str, int]]] = {}
        groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for word, (ch, k) in sorted(_anchors(words).items()):
            by_anchor.setdefault(ch, []).append((word, k))
            groups.setdefault((ch, word[k + 1 : k + 2]), []).append((word, k))
        flags = re.IGNORECASE if fold else 0
        passes = tuple(
            (ch, re.compile(re.escape(ch) + _after_anchor(entries), flags))
            for ch, entries in sorted(by_anchor.items())
        )
        inner = {
            w: tuple((v, j) for v in words if v in w for j in _offsets(v, w) if j > 0)
            for w in words
        }
        return cls(passes, {key: tuple(e) for key, e in groups.items()}, inner, fold)

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, keyword) of the keywords in ``text``, not in order.

        Keywords that share an anchor are all found where one is, and so are keywords
        inside a keyword found; one that starts inside another and runs past its end,
        on the same anchor, is not (keywords of credentials do not meet that way).
        """
        groups = self.groups
        none: tuple[tuple[str, int], ...] = ()
        for ch, pattern in self.passes:
            for m in pattern.finditer(text):
                at = m.start()
                follow = text[at + 1 : at + 2]
                if self.fold:
                    follow = follow.lower()
                # every keyword on this anchor (so "sk-" and "sk-ant-" both, where both are)
                for word, k in groups.get((ch, follow), none) + groups.get((ch, ""), none):
                    start = at - k
                    if start < 0:
                        continue
                    if (
                        text[start : start + len(word)].lower() == word
                        if self.fold
                        else text.startswith(word, start)
                    ):
                        yield start, word
                        for inside, j in self.inner[word]:
                            yield start + j, inside


def _offsets(part: str, word: str) -> Iterator[int]:
    """Every offset at which ``part`` occurs in ``word``."""
    at = word.find(part)
    while at >= 0:
        yield at
        at = word.find(part, at + 1)


def _after_anchor(entries: list[tuple[str, int]]) -> str:
    """What follows an anchor: a trie of the keywords' rests, each ending in a look-behind
    for the whole keyword (so the part before the anchor is checked too)."""
    trie: dict[str, Any] = {}
    for word, k in entries:
        node = trie
        for ch in word[k + 1 :]:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append(word)

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        ends = [f"(?<={re.escape(w)})" for w in node.get("", []) if len(w) > 1]
        if "" in node and not ends:
            ends = [""]  # a one-character keyword: the anchor is the whole of it
        alts += ends
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


@dataclass(frozen=True)
class _RuleSet:
    rules: tuple[SecretRule, ...]
    #: every keyword, lower-cased, for the lower-cased text
    gate: _Gate
    #: keyword as found (lower case) -> (keyword as written, rule indexes)
    by_keyword: dict[str, tuple[tuple[str, tuple[int, ...]], ...]]
    #: rules whose regex reads the whole text
    anywhere: tuple[SecretRule, ...] = ()


@lru_cache(maxsize=1)
def _ruleset() -> _RuleSet:
    loaded = load_rules(validate=False)
    by_keyword: dict[str, dict[str, list[int]]] = {}
    words = [_PEM, _URL, *_AWS_WORDS, *_ASSIGN_WORDS]
    for word in words:
        by_keyword.setdefault(word.lower(), {}).setdefault(word, [])
    for i, rule in enumerate(loaded):
        for kw in rule.keywords:
            by_keyword.setdefault(kw.lower(), {}).setdefault(kw, []).append(i)
    return _RuleSet(
        rules=tuple(loaded),
        gate=_Gate.build(by_keyword),
        by_keyword={
            low: tuple((kw, tuple(ids)) for kw, ids in spellings.items())
            for low, spellings in by_keyword.items()
        },
        anywhere=tuple(rule for rule in loaded if rule.anywhere),
    )


@lru_cache(maxsize=1)
def _gate_in_place() -> _Gate:
    """The gate for a text whose length changes when lower-cased: it folds case itself."""
    return _Gate.build(_ruleset().by_keyword, fold=True)


def rules() -> tuple[SecretRule, ...]:
    """The shipped rules, read once."""
    return _ruleset().rules


# ---- the scan ----------------------------------------------------------------------------
def secret_hits(text: str) -> Iterator[Hit]:
    """Credentials in ``text``."""
    rs = _ruleset()
    lower = text.lower()
    # A few Unicode characters change length when lowered: then fold case in place.
    same = len(lower) == len(text)
    found = rs.gate.find(lower) if same else _gate_in_place().find(text)
    per_rule: dict[int, list[int]] = {}
    aws: list[tuple[int, int]] = []
    assign: list[int] = []
    urls: list[int] = []
    pem = False
    for pos, low in found:
        for kw, ids in rs.by_keyword[low]:
            # A keyword written with capitals must appear in that case.
            if kw != low and not text.startswith(kw, pos):
                continue
            for i in ids:
                per_rule.setdefault(i, []).append(pos)
            if kw in _ASSIGN_WORDS:
                assign.append(pos)
            elif kw in _AWS_WORDS:
                aws.append((pos + len(kw), pos + 200))
            elif kw == _PEM:
                pem = True
            elif kw == _URL:
                urls.append(pos)
    for i, positions in per_rule.items():
        yield from _rule_hits(rs.rules[i], text, sorted(set(positions)))
    for rule in rs.anywhere:
        near = [m.start() for m in rule.near_pattern.finditer(text)]
        if near:
            yield from _rule_hits(rule, text, near)
    if pem:
        yield from _pem_hits(text)
    if urls and "@" in text:
        yield from _url_password_hits(text, sorted(urls))
    if aws:
        yield from _aws_secret_hits(text, sorted(aws))
    if assign:
        yield from _assignment_hits(text, sorted(set(assign)))


def _windows(rule: SecretRule, positions: list[int]) -> list[tuple[int, int]]:
    """Merged ranges where a match of ``rule`` may start."""
    spans: list[tuple[int, int]] = []
    for pos in positions:
        lo, hi = max(0, pos - rule.before), pos + rule.after
        if spans and lo <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def _candidates(rule: SecretRule, text: str, positions: list[int]) -> Iterator[re.Match[str]]:
    pattern = rule.pattern
    if rule.before == 0 and rule.after == 0:
        done = 0
        for pos in positions:
            # a token does not start inside another match of its own format
            if pos >= done and (m := pattern.match(text, pos)) is not None:
                done = m.end()
                yield m
        return
    n = len(text)
    for lo, hi in _windows(rule, positions):
        end = min(n, hi + _MARGIN)
        for m in pattern.finditer(text, lo, end):
            if m.start() > hi:
                break
            if m.end() == end < n:  # cut by the window: match it again in full
                full = pattern.match(text, m.start())
                if full is None:
                    continue
                m = full
            yield m


def _rule_hits(rule: SecretRule, text: str, positions: list[int]) -> Iterator[Hit]:
    check = _CHECKS.get(rule.check)
    has_secret = "secret" in rule.pattern.groupindex
    seen: set[int] = set()
    for m in _candidates(rule, text, positions):
        start, end = m.span("secret") if has_secret else m.span()
        if start in seen or start == end:
            continue
        seen.add(start)
        value = text[start:end]
        if value in rule.allow or not _not_example(value):
            continue
        if rule.entropy and entropy(value) < rule.entropy:
            continue
        if rule.classes and _classes(value) < rule.classes:
            continue
        if rule.digits and sum(c.isdigit() for c in value) < rule.digits:
            continue
        if check is not None and not check(text, m, value):
            continue
        kind = rule.type
        if kind == BY_NAME:
            named = _named_kind(m.group("name") or m.groupdict().get("name2") or "")
            if named is None or not (
                _password_ok(value) if named == "PASSWORD" else _secret_like(value)
            ):
                continue
            kind = named
        yield Hit(kind, start, end, rule.priority, rule.severity)


# ---- detectors written in code -----------------------------------------------------------
_PEM_BEGIN = re.compile(r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = re.compile(r"-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
#: From a URL's ``://`` on: ``user:password@host`` (the user may be empty: ``redis://:pw@h``).
#: A password may hold a raw ``@`` (drivers split at the last one before the host).
_URL_CREDENTIALS = re.compile(
    r"://(?P<user>[^\s:/@'\"<>]{0,64}):(?P<pw>[^\s'\"<>/]{1,128})@[A-Za-z0-9_\-\[]"
)
#: What follows a host's ``:`` when it is a port: ``1433;databaseName=``, ``5432/ehr?``.
_PORT_THEN = re.compile(r"[0-9]{1,5}(?:[;/?#]|$)")
#: A URL scheme is a letter and up to 20 of these, with none of them just before.
_SCHEME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-")
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_CONTEXT = re.compile(r"(?i)aws|secret_?access|secretaccesskey")
_ASSIGN = re.compile(
    r"(?i)(?P<kw>password|passwd|passphrase|pwd|pass|pw|secret|token|api[_\-]?key"
    r"|access[_\-]?key|auth[_\-]?key|private[_\-]?key|credentials?|key|auth)"
    r"(?P<tail>[A-Za-z0-9_]{0,12})"
    r"[\"']?\]?"
    r"(?:\s*(?::=|=>|=|:)\s*[rRbBuUfF]{0,2}(?P<q>[\"'])(?P<value>[^\"'\n]{1,256})(?P=q)"
    r"|=(?P<bare>[A-Za-z0-9_\-+/=!@#$%^&*.~]{8,128})(?=[\s;,&\"']|$)"
    # a config line's unquoted value (YAML "token: x", INI "password = x"), to the line's end;
    # taken whole (a look-ahead does not backtrack), so a long run is not retried at each length
    r"|[ \t]*[:=][ \t]*(?=(?P<plain>[^\s\"']{4,256}))(?P=plain)(?:[ \t]+#[^\n]*|[ \t]*)"
    r"(?=\r?\n|$))"
)
_OK_TAILS = frozenset(
    {"", "s", "_key", "key", "_string", "_str", "_value", "_plain", "_text", "_b64"}
)
_NLP_PREFIXES = (
    "pad", "eos", "bos", "unk", "sep", "cls", "mask", "special", "start", "end", "oov", "max",
    "num", "n", "min", "csrf", "next", "page", "continuation", "refresh_token_url", "token_type",
    "public",
)  # fmt: skip
#: Hosts reserved for documentation (RFC 2606): the values in their URLs are examples.
_EXAMPLE_HOST = re.compile(
    r"[./@]example\.(?:com|org|net)\b|://example\.|\bexample\.(?:com|org|net)/"
)
_NEXT_PARAM = re.compile(r"&(?=[A-Za-z_][A-Za-z0-9_]*=)")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_NAME_CHARS = re.compile(r"[A-Za-z0-9_.\-]{0,40}\Z")  # \Z: "$" would match before a newline
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def _pem_hits(text: str) -> Iterator[Hit]:
    for m in _PEM_BEGIN.finditer(text):
        end = _PEM_END.search(text, m.end(), m.end() + 20_000)
        body = text[m.end() : end.start() if end else m.end() + 200]
        if len(re.findall(r"[A-Za-z0-9+/=]", body.replace("\\n", ""))) < 40:
            continue
        yield Hit("PRIVATE_KEY", m.start(), end.end() if end else m.end(), PRIORITY)


def _url_password_hits(text: str, starts: list[int]) -> Iterator[Hit]:
    """``scheme://user:password@host`` for any scheme, at the ``://`` in ``starts``."""
    for pos in starts:
        m = _URL_CREDENTIALS.match(text, pos)
        if m is None or not _scheme_before(text, pos):
            continue
        user, pw = m.group("user"), m.group("pw")
        if _PORT_THEN.match(pw):
            continue  # jdbc:sqlserver://host:1433;user=u;password=p@ss: a port, then options
        if pw == user or len(pw) < 4 or pw.startswith(("$", "%", "{")):
            continue  # postgres:postgres, a default; ${PASSWORD}, a template
        if " " in unquote(pw) or not _not_example(pw):
            continue
        yield Hit("PASSWORD", m.start("pw"), m.end("pw"), PRIORITY - 1)


def _scheme_before(text: str, pos: int) -> bool:
    start = pos
    while start > 0 and pos - start <= 21 and text[start - 1] in _SCHEME_CHARS:
        start -= 1
    return 2 <= pos - start <= 21 and text[start].isalpha()


def _aws_secret_hits(text: str, windows: list[tuple[int, int]]) -> Iterator[Hit]:
    """40-character secrets starting inside ``windows`` (start ranges, merged here)."""
    done = 0
    for lo, hi in windows:
        lo = max(lo, done)
        if lo > hi:
            continue
        done = hi + 1
        for m in _AWS_SECRET.finditer(text, lo, min(len(text), hi + 41)):
            if m.start() > hi:
                break
            value = m.group()
            if not (any(c.isupper() for c in value) and any(c.islower() for c in value)):
                continue
            if not any(c.isdigit() for c in value) or not _not_example(value):
                continue
            if entropy(value) < 4.0:
                continue
            if _AWS_CONTEXT.search(text, max(0, m.start() - 200), m.start()):
                yield Hit("AWS_SECRET_KEY", m.start(), m.end(), PRIORITY)


def _assignment_hits(text: str, starts: list[int]) -> Iterator[Hit]:
    """``password = '...'``, ``api_key: "..."``, ``TOKEN=...`` at the keyword ``starts``."""
    done = 0
    for pos in starts:
        if pos < done:
            continue
        m = _ASSIGN.match(text, pos)
        if m is None:
            continue
        hit = _assignment_hit(text, m)
        if hit is not None:
            done = m.end()  # a keyword inside this one (``key`` of ``api_key``) says no more
            yield hit


#: Names ending in ``key`` that hold no secret: a table's, a cache's or a map's key.
_KEY_NOT_SECRET = frozenset(
    {
        "sort", "cache", "primary", "foreign", "partition", "row", "hash", "dict", "object", "s3",
        "bucket", "group", "index", "col", "column", "field", "unique", "idempotency", "lock",
        "shard", "routing", "record", "message", "msg", "event", "file", "blob", "path",
        "dataset", "table", "model", "state", "memo", "module", "item", "entry", "node", "match",
        "range", "default", "registry", "type", "name", "meta", "data", "tag", "label", "word",
        "hot", "short", "keyboard", "press", "join", "merge", "lookup", "map", "dedup", "cluster",
        "composite", "natural", "surrogate", "order", "parent", "child", "root", "source",
        "target", "output", "input", "result", "value", "config", "env", "kv", "translation",
        "locale", "lang", "json", "yaml", "ssh", "rsa", "gpg", "pgp", "host", "dim", "dimension",
        "sample", "image", "split", "frame", "batch", "feature", "metric", "layer", "param",
        "random", "rng", "prng", "seed", "socket", "websocket", "x", "y", "z", "i", "j", "k",
        "f", "b",
    }
)  # fmt: skip
#: Characters that do not end an unquoted config value: code continues after them.
_CODE_ENDS = (",", "(", "[", "{", ":", "\\")


def _assignment_hit(text: str, m: re.Match[str]) -> Hit | None:
    tail = m.group("tail").lower()
    if tail not in _OK_TAILS:
        return None
    prefix_match = _NAME_CHARS.search(text, max(0, m.start() - 40), m.start())
    prefix = prefix_match.group() if prefix_match else ""
    name = prefix + m.group("kw") + m.group("tail")
    head = prefix.lower().strip("_.-").split("_")[-1] if prefix else ""
    if head in _NLP_PREFIXES or prefix.lower().endswith(_NLP_PREFIXES):
        return None
    if "public" in name.lower():
        return None  # a public key's token (.NET publicKeyToken) is published by design
    if prefix.lower().endswith("x-amz-"):
        return None  # a pre-signed URL's expiring X-Amz-Credential / X-Amz-Security-Token
    kw = m.group("kw").lower()
    loose = kw in ("key", "auth")  # common words: only a random value with digits is a secret
    short = kw in ("pass", "pw")  # smtp_pass, db_pw: a password, when not part of a word
    if (loose or short) and not _secret_key_name(prefix, m.group("kw"), tail):
        return None
    kind = "PASSWORD" if kw.startswith(("pass", "pwd", "pw")) else "GENERIC_SECRET"
    if m.group("bare") is not None:
        value, start = m.group("bare"), m.start("bare")
        value = _NEXT_PARAM.split(value, 1)[0]  # ?key=v&limit=5: the query's next parameter
        if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
            return None
        if not (
            name.isupper()
            or not _IDENTIFIER.fullmatch(value)
            or text[m.start() - len(prefix) - 1 : m.start() - len(prefix)] in ("?", "&")
            or (sum(c.isdigit() for c in value) >= 3 and _classes(value) == 3)
        ):
            return None  # key=value in code: a variable; in a URL's query or a log: a value
    elif m.group("plain") is not None:
        value, start = m.group("plain"), m.start("plain")
        if not _config_line(text, m.start() - len(prefix), value, kind):
            return None
    else:
        value, start = m.group("value"), m.start("value")
    if not _not_example(value) or "{" in value or value.startswith(("$", "%")):
        return None
    if _sample_jwt(value) or _EXAMPLE_HOST.search(_line_before(text, start)):
        return None  # http://www.example.com/path?access_token=h480djs93hd8 (RFC 6749)
    if kind == "PASSWORD":
        if len(value) < 4 or value.count(" ") > 1 or _names_itself(value):
            return None
        if short and (value.isalpha() or " " in value):
            return None  # pw = "pairwise", pass_label = "Pass": words
        if "(?" in value:
            return None  # a regular expression's source: r"(?:key|pwd|password|pass)"
        if _CODE_CALL.search(value) or (_DOTTED_PATH.fullmatch(value) and _looks_like_name(value)):
            return None
    elif not _secret_like(value) or (loose and not _random_enough(value)):
        return None
    return Hit(kind, start, start + len(value), PRIORITY - 2)


def _random_enough(value: str) -> bool:
    """A value under a common word (``key``, ``auth``) is a secret only when long and with
    digits: not ``{key: "Shift-Alt-ArrowUp"}``, ``{key: "ui-font-size1"}`` or a record's UUID."""
    return len(value) >= 16 and sum(c.isdigit() for c in value) >= 2 and not _UUID.fullmatch(value)


def _secret_key_name(prefix: str, kw: str, tail: str) -> bool:
    """``key``/``auth`` alone, or ending a name that says a secret (``apiKey``, ``bot_key``),
    not a word (``monkey``, ``author``) or a table's or map's key (``sort_key``)."""
    if tail not in ("", "s"):
        return False
    if prefix and prefix[-1].isalnum() and not (prefix[-1].islower() and kw[0].isupper()):
        return False  # "monkey", "turkey": a word, not a name ending in Key
    words = _NAME_CHUNK.findall(prefix)
    return not words or words[-1].lower() not in _KEY_NOT_SECRET


def _config_line(text: str, name_start: int, value: str, kind: str) -> bool:
    """An unquoted value is a config file's (``password = x``, ``  token: x``) when its
    name starts the line and the value is not code: a variable, a call, a type."""
    line = text[text.rfind("\n", 0, name_start) + 1 : name_start]
    if line.strip(" \t-") not in ("", "export"):
        return False
    if value.endswith(_CODE_ENDS) or any(c in value for c in "()[]<>"):
        return False
    if value.lower() in _FLAG_VALUES or value.lower() in ("null", "none", "true", "false"):
        return False
    if _IDENTIFIER.fullmatch(value) and (
        _looks_like_name(value)
        or "." in value
        or not any(c.isdigit() for c in value)
        or any(w in value.lower() for w in _SECRET_WORD_IN_VALUE)
    ):
        return False  # password = db_password, token: str, password = password1 (a variable)
    return kind == "PASSWORD" or not _DOTTED_PATH.fullmatch(value)


# ---- examples ----------------------------------------------------------------------------
_EXAMPLE_CHARSETS = {
    "alnum": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "alpha": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "lower": "abcdefghijklmnopqrstuvwxyz0123456789",
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "digits": "0123456789",
    "b64": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    "url": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    "bech32": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
}
_FILL = re.compile(r"%\{(\w+):(\d+)\}")


def render_example(template: str, seed: str) -> tuple[str, list[tuple[int, int]]]:
    """A rule example as text, with the spans of the secrets it marks.

    ``%{charset:n}`` becomes ``n`` characters drawn (reproducibly, from ``seed``)
    from a charset of ``_EXAMPLE_CHARSETS``; ``%%`` is a ``%``; ``«...»`` marks a secret.
    """
    rng = random.Random(seed)

    def fill(m: re.Match[str]) -> str:
        chars = _EXAMPLE_CHARSETS[m.group(1)]
        return "".join(rng.choice(chars) for _ in range(int(m.group(2))))

    text = _FILL.sub(fill, template).replace("%%", "%")
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for piece in re.split("(«|»)", text):
        if piece == "«":
            spans.append((length, -1))
        elif piece == "»":
            spans[-1] = (spans[-1][0], length)
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), spans
