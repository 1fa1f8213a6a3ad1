"""Detectors for credentials: cloud keys, service tokens, private keys, passwords.

Each provider token has a literal prefix; a rule runs its regex only when its
prefix occurs in the text (a substring test, far faster than a regex pass),
so texts without credentials cost a handful of ``in`` checks.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterator

from .kinds import Hit
from .validators import MADE_UP_RUNS, entropy, is_placeholder

#: Priority of provider-specific tokens over generic assignments and PHI.
PRIORITY = 3


def _mixed(value: str) -> bool:
    return (
        any(c.isdigit() for c in value)
        + any(c.isupper() for c in value)
        + any(c.islower() for c in value)
    ) >= 2


def _not_example(value: str) -> bool:
    upper = value.upper()
    return "EXAMPLE" not in upper and "XXXX" not in upper and not is_placeholder(value)


def _github_ok(value: str) -> bool:
    body = value.split("_", 1)[1] if not value.startswith("github_pat_") else value[11:]
    return _not_example(value) and _mixed(body) and entropy(body) > 3.0


def _slack_ok(value: str) -> bool:
    return _not_example(value) and sum(c.isdigit() for c in value) >= 6


def _webhook_ok(value: str) -> bool:
    tail = value.rstrip("/").rsplit("/", 1)[-1]
    return _not_example(value) and len(tail) >= 16 and _mixed(tail)


def _openai_ok(value: str) -> bool:
    body = re.sub(r"^sk-(?:proj-|svcacct-|admin-|None-)?", "", value)
    return (
        len(body) >= 32
        and any(c.isdigit() for c in body)
        and any(c.isupper() for c in body)
        and any(c.islower() for c in body)
        and _not_example(value)
    )


def _hf_ok(value: str) -> bool:
    body = value[3:]
    return (
        any(c.isupper() for c in body) and any(c.islower() for c in body) and (_not_example(value))
    )


def _aws_id_ok(value: str) -> bool:
    return _not_example(value)


def _signed_url_credential(text: str, start: int) -> bool:
    """An access key id in a pre-signed URL's ``X-Amz-Credential=`` (a public, expiring link).

    GitHub's release downloads redirect to such URLs, and ``wget`` prints them.
    """
    before = text[max(0, start - 16) : start]
    return before.endswith(("Credential=", "Credential%3D", "Credential%3d"))


def _b64_json(part: str) -> object:
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _jwt_ok(value: str) -> bool:
    obj = _b64_json(value.split(".", 1)[0])
    if not (isinstance(obj, dict) and "alg" in obj):
        return False
    return not _sample_jwt(value)


def _sample_jwt(value: str) -> bool:
    """The documentation sample (jwt.io's "John Doe" token), copied into many tutorials."""
    parts = value.split(".")
    if len(parts) != 3 or not value.startswith("eyJ"):
        return False
    claims = _b64_json(parts[1])
    return isinstance(claims, dict) and claims.get("name") in ("John Doe", "Jane Doe")


def _google_ok(value: str) -> bool:
    return _not_example(value) and _mixed(value[4:])


def _stripe_ok(value: str) -> bool:
    return _not_example(value) and _mixed(value.split("_", 2)[2])


Rule = tuple[str, tuple[str, ...], "re.Pattern[str]", Callable[[str], bool]]

_END = r"(?![A-Za-z0-9_\-])"
_RULES: list[Rule] = [
    (
        "AWS_ACCESS_KEY_ID",
        ("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ABIA", "ACCA"),
        re.compile(
            r"(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)"
            r"[A-Z0-9]{16}(?![A-Za-z0-9])"
        ),
        _aws_id_ok,
    ),
    (
        "GITHUB_TOKEN",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        re.compile(
            r"(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})"
            r"(?![A-Za-z0-9_])"
        ),
        _github_ok,
    ),
    (
        "SLACK_WEBHOOK",
        ("hooks.slack.com",),
        re.compile(
            r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\-]{20,}"
        ),
        _webhook_ok,
    ),
    (
        "SLACK_TOKEN",
        ("xox", "xapp-"),
        re.compile(r"(?<![A-Za-z0-9])(?:xox[abposre]|xapp)-[A-Za-z0-9\-]{10,250}" + _END),
        _slack_ok,
    ),
    (
        "GOOGLE_API_KEY",
        ("AIza",),
        re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_\-]{35}" + _END),
        _google_ok,
    ),
    (
        "STRIPE_KEY",
        ("_live_", "_test_"),
        re.compile(r"(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,247}" + _END),
        _stripe_ok,
    ),
    (
        "OPENAI_KEY",
        ("sk-",),
        re.compile(
            r"(?<![A-Za-z0-9_\-])sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{20,300}"
            + _END
        ),
        _openai_ok,
    ),
    (
        "HF_TOKEN",
        ("hf_",),
        re.compile(r"(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,40}(?![A-Za-z0-9_])"),
        _hf_ok,
    ),
    (
        "JWT",
        ("eyJ",),
        re.compile(
            r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}"
            + _END
        ),
        _jwt_ok,
    ),
]

_PEM_BEGIN = re.compile(r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = re.compile(r"-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_URL_PASSWORD = re.compile(
    r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s:/@'\"<>]{1,64}:"
    r"(?P<pw>[^\s@'\"<>/]{1,128})@[A-Za-z0-9_\-]"
)
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_CONTEXT = re.compile(r"(?i)aws|secret_?access|secretaccesskey")

_KEYWORDS = (
    "password", "passwd", "passphrase", "pwd", "secret", "token", "api_key", "apikey",
    "api-key", "access_key", "accesskey", "auth_key", "private_key", "credential",
)  # fmt: skip
_ASSIGN = re.compile(
    r"(?i)(?P<kw>password|passwd|passphrase|pwd|secret|token|api[_\-]?key|access[_\-]?key"
    r"|auth[_\-]?key|private[_\-]?key|credentials?)(?P<tail>[A-Za-z0-9_]{0,12})[\"']?\]?"
    r"(?:\s*(?::=|=>|=|:)\s*[rRbBuUfF]{0,2}(?P<q>[\"'])(?P<value>[^\"'\n]{1,256})(?P=q)"
    r"|=(?P<bare>[A-Za-z0-9_\-+/=!@#$%^&*.~]{8,128})(?=[\s;,&]|$))"
)
_OK_TAILS = frozenset(
    {"", "s", "_key", "key", "_string", "_str", "_value", "_plain", "_text", "_b64"}
)
_NLP_PREFIXES = (
    "pad", "eos", "bos", "unk", "sep", "cls", "mask", "special", "start", "end", "oov", "max",
    "num", "n", "min", "csrf", "next", "page", "continuation", "refresh_token_url", "token_type",
)  # fmt: skip
_NAME_CHARS = re.compile(r"[A-Za-z0-9_.\-]{0,40}$")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


_GATES = sorted({g for _, gates, _, _ in _RULES for g in gates} | {"PRIVATE KEY", "://"})
_GATE_RE = re.compile("|".join(re.escape(g) for g in _GATES))
_KEYWORD_RE = re.compile(
    r"password|passwd|passphrase|pwd|secret|token|api[_\-]?key|access[_\-]?key|auth[_\-]?key"
    r"|private[_\-]?key|credential"
)
_AWS_WORD_RE = re.compile(r"aws|secret_?access|secretaccesskey")


def _occurrences(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match of ``pattern``, overlapping ones too (a search from each next character)."""
    m = pattern.search(text)
    while m is not None:
        yield m
        m = pattern.search(text, m.start() + 1)


def secret_hits(text: str) -> Iterator[Hit]:
    """Credentials in ``text``."""
    # One pass finds every literal prefix the rules wait for, instead of one per prefix.
    gates = {m.group() for m in _occurrences(_GATE_RE, text)}
    if gates:
        for kind, prefixes, pattern, ok in _RULES:
            if gates.isdisjoint(prefixes):
                continue
            for m in pattern.finditer(text):
                value = m.group()
                if kind == "AWS_ACCESS_KEY_ID" and _signed_url_credential(text, m.start()):
                    continue
                if ok(value):
                    low = kind == "STRIPE_KEY" and "_test_" in value
                    yield Hit(kind, m.start(), m.end(), PRIORITY, "low" if low else "")
        if "PRIVATE KEY" in gates:
            yield from _pem_hits(text)
        if "://" in gates and "@" in text:
            for m in _URL_PASSWORD.finditer(text):
                pw = m.group("pw")
                if not is_placeholder(pw) and not pw.startswith(("$", "%", "{")):
                    yield Hit("PASSWORD", m.start("pw"), m.end("pw"), PRIORITY - 1)
    lower = text.lower()
    if len(lower) != len(text):  # a few Unicode characters change length when lowered
        yield from _aws_secret_hits(text, [(0, len(text))])
        yield from _assignment_hits(text, None)
        return
    # An AWS secret needs "aws" or "secret access" just before it, and an assignment
    # starts at its keyword: search only there, not through the whole text.
    windows = [(m.end(), m.start() + 200) for m in _AWS_WORD_RE.finditer(lower)]
    if windows:
        yield from _aws_secret_hits(text, windows)
    starts = [m.start() for m in _occurrences(_KEYWORD_RE, lower)]
    if starts:
        yield from _assignment_hits(text, starts)


def _pem_hits(text: str) -> Iterator[Hit]:
    for m in _PEM_BEGIN.finditer(text):
        end = _PEM_END.search(text, m.end(), m.end() + 20_000)
        body = text[m.end() : end.start() if end else m.end() + 200]
        if len(re.findall(r"[A-Za-z0-9+/=]", body.replace("\\n", ""))) < 40:
            continue
        yield Hit("PRIVATE_KEY", m.start(), end.end() if end else m.end(), PRIORITY)


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


#: What an API token or key is written with; code (``"+(v.TOKEN||"``) is not.
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_\-./+=~:]+")
#: Lower-case words joined by separators: a name (``my-access-token``), not a key.
_WORDS_ONLY = re.compile(r"[a-z]+(?:[\-_.][a-z]+)*")


def _secret_like(value: str) -> bool:
    """A random-looking token, not a path, URL, file name, sentence, name or code."""
    if len(value) < 12 or " " in value or entropy(value) < 3.0:
        return False
    if not _TOKEN_CHARS.fullmatch(value) or _WORDS_ONLY.fullmatch(value):
        return False
    if any(run in value.lower() for run in MADE_UP_RUNS):
        return False  # api_key = "abcdef1234567890": a documentation stand-in
    return not (value.startswith(("http://", "https://", "/", "./")) or "." in value[-5:])


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: list[int] | None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` when every match starts at one of ``starts`` (sorted)."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    done = 0
    for pos in starts:
        if pos < done:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            done = m.end()
            yield m


def _assignment_hits(text: str, starts: list[int] | None) -> Iterator[Hit]:
    for m in _matches_at(_ASSIGN, text, starts):
        tail = m.group("tail").lower()
        if tail not in _OK_TAILS:
            continue
        prefix_match = _NAME_CHARS.search(text, max(0, m.start() - 40), m.start())
        prefix = prefix_match.group() if prefix_match else ""
        name = prefix + m.group("kw") + m.group("tail")
        head = prefix.lower().strip("_.-").split("_")[-1] if prefix else ""
        if head in _NLP_PREFIXES or prefix.lower().endswith(_NLP_PREFIXES):
            continue
        if prefix.lower().endswith("x-amz-"):
            continue  # a pre-signed URL's expiring X-Amz-Credential / X-Amz-Security-Token
        kw = m.group("kw").lower()
        kind = "PASSWORD" if kw.startswith(("pass", "pwd")) else "GENERIC_SECRET"
        if m.group("bare") is not None:
            value, start = m.group("bare"), m.start("bare")
            if not (name.isupper() or not _IDENTIFIER.fullmatch(value)):
                continue
            if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
                continue
        else:
            value, start = m.group("value"), m.start("value")
        if is_placeholder(value) or "{" in value or value.startswith(("$", "%")):
            continue
        if _sample_jwt(value):
            continue
        if kind == "PASSWORD":
            if len(value) < 4 or value.count(" ") > 1:
                continue
        elif not _secret_like(value):
            continue
        yield Hit(kind, start, start + len(value), PRIORITY - 2)
