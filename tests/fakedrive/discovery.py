"""Drive v3 as Google describes it: its discovery document, and checks of requests against it.

The document is read from the installed ``google-api-python-client`` package
(``googleapiclient/discovery_cache/documents/drive.v3.json``), as Google
publishes it; nothing here restates it. :class:`Discovery` finds the method of
a request (REST path or media-upload path), and lists what the document does
not allow: unknown paths or verbs, unknown or mistyped query parameters,
missing required ones, upload protocols the method does not declare, body
properties the schema does not have or that are "Output only", field masks
naming fields that do not exist, and responses that do not fit the schema.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from typing import Any


@cache
def document() -> dict[str, Any]:
    """Drive v3's discovery document from the installed google-api-python-client."""
    import importlib.util

    # Locate the package without importing it (its import pulls in google-auth, ~0.3 s).
    spec = importlib.util.find_spec("googleapiclient")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("google-api-python-client is not installed (a test dependency)")
    root = next(iter(spec.submodule_search_locations))
    path = os.path.join(root, "discovery_cache", "documents", "drive.v3.json")
    with open(path, encoding="utf-8") as handle:
        doc: dict[str, Any] = json.load(handle)
    return doc


@dataclass
class Method:
    """One method of the document, with the compiled patterns of its paths."""

    id: str
    http_method: str
    spec: dict[str, Any]
    rest: re.Pattern[str]
    upload: re.Pattern[str] | None

    @property
    def scopes(self) -> list[str]:
        return list(self.spec.get("scopes") or [])


def _pattern(path: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{([A-Za-z]+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile("^" + regex + "$")


def _methods(node: dict[str, Any], out: list[Method]) -> None:
    base = "/" + document()["servicePath"]
    for spec in (node.get("methods") or {}).values():
        upload = spec.get("mediaUpload", {}).get("protocols", {}).get("simple", {}).get("path")
        out.append(
            Method(
                spec["id"],
                spec["httpMethod"],
                spec,
                _pattern(base + spec["path"]),
                _pattern(upload) if upload else None,
            )
        )
    for child in (node.get("resources") or {}).values():
        _methods(child, out)


@cache
def methods() -> tuple[Method, ...]:
    out: list[Method] = []
    _methods(document(), out)
    return tuple(out)


def find(http_method: str, path: str) -> tuple[Method, dict[str, str], bool] | None:
    """The method for a request, its path parameters, and whether it is a media upload."""
    for m in methods():
        if m.http_method != http_method:
            continue
        for pattern, upload in ((m.rest, False), (m.upload, True)):
            match = pattern.match(path) if pattern is not None else None
            if match:
                return m, match.groupdict(), upload
    return None


def schema(name: str) -> dict[str, Any]:
    found: dict[str, Any] = document()["schemas"][name]
    return found


def _type_ok(value: Any, spec: dict[str, Any]) -> bool:
    kind = spec.get("type")
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _output_only(spec: dict[str, Any]) -> bool:
    return bool(spec.get("readOnly")) or str(spec.get("description", "")).startswith("Output only")


def check_value(value: Any, spec: dict[str, Any], where: str, *, request: bool) -> list[str]:
    """What in ``value`` does not fit the schema ``spec`` (a request body when ``request``)."""
    if "$ref" in spec:
        spec = schema(spec["$ref"])
    if not _type_ok(value, spec):
        return [f"{where}: {type(value).__name__} where the document says {spec.get('type')}"]
    problems: list[str] = []
    if spec.get("type") == "object" and isinstance(value, dict):
        props = spec.get("properties")
        extra = spec.get("additionalProperties")
        for key, item in value.items():
            if props is not None and key in props:
                sub = props[key]
                if request and _output_only(sub):
                    problems.append(f"{where}.{key}: 'Output only' property sent in a request")
                problems.extend(check_value(item, sub, f"{where}.{key}", request=request))
            elif extra is not None:
                problems.extend(check_value(item, extra, f"{where}.{key}", request=request))
            elif props is not None:
                problems.append(f"{where}.{key}: not a property of {spec.get('id', 'the schema')}")
    if spec.get("type") == "array" and isinstance(value, list):
        for i, item in enumerate(value):
            problems.extend(
                check_value(item, spec.get("items", {}), f"{where}[{i}]", request=request)
            )
    return problems


def check_query(
    method: Method, query: dict[str, list[str]], path_params: dict[str, str], upload: bool
) -> list[str]:
    """What in a request's query string the document does not allow for ``method``."""
    problems: list[str] = []
    params = method.spec.get("parameters") or {}
    common = document()["parameters"]
    for name, values in query.items():
        spec = params.get(name) or common.get(name)
        if spec is None:
            problems.append(f"{method.id}: unknown query parameter '{name}'")
            continue
        if spec.get("location") != "query":
            problems.append(f"{method.id}: '{name}' is a {spec.get('location')} parameter")
        if len(values) > 1 and not spec.get("repeated"):
            problems.append(f"{method.id}: '{name}' given {len(values)} times")
        for value in values:
            problems.extend(_check_param(method.id, name, value, spec))
    for name, spec in params.items():
        if spec.get("required") and spec.get("location") == "query" and name not in query:
            problems.append(f"{method.id}: required query parameter '{name}' missing")
        if spec.get("location") == "path" and not path_params.get(name):
            problems.append(f"{method.id}: path parameter '{name}' empty")
    upload_type = (query.get("uploadType") or [""])[0]
    if upload:
        protocols = method.spec.get("mediaUpload", {}).get("protocols", {})
        allowed = {"media", "multipart"} if "simple" in protocols else set()
        if "resumable" in protocols:
            allowed.add("resumable")
        if upload_type not in allowed:
            problems.append(
                f"{method.id}: upload path with uploadType={upload_type!r} "
                f"(declared: {sorted(allowed)})"
            )
    elif upload_type:
        problems.append(f"{method.id}: uploadType={upload_type} on a path that takes no media")
    if query.get("alt") == ["media"] and not method.spec.get("supportsMediaDownload"):
        problems.append(f"{method.id}: alt=media on a method without media download")
    if method.id == "drive.about.get" and "fields" not in query:
        problems.append("drive.about.get: the document requires 'fields'")
    fields = (query.get("fields") or [""])[0]
    if fields and method.spec.get("response"):
        try:
            mask = parse_fields(fields)
        except ValueError as err:
            problems.append(f"{method.id}: fields={fields!r}: {err}")
        else:
            problems.extend(check_mask(mask, method.spec["response"], f"{method.id} fields"))
    return problems


def _check_param(method_id: str, name: str, value: str, spec: dict[str, Any]) -> list[str]:
    kind = spec.get("type")
    where = f"{method_id}: {name}={value!r}"
    if kind == "boolean" and value not in ("true", "false"):
        return [f"{where} is not true/false"]
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return [f"{where} is not an integer"]
        low, high = spec.get("minimum"), spec.get("maximum")
        if (low is not None and int(value) < int(low)) or (
            high is not None and int(value) > int(high)
        ):
            return [f"{where} is outside [{low}, {high}]"]
    if spec.get("enum") and value not in spec["enum"]:
        return [f"{where} is not one of {spec['enum']}"]
    if spec.get("pattern") and not re.fullmatch(spec["pattern"], value):
        return [f"{where} does not match {spec['pattern']}"]
    return []


# ---- field masks -------------------------------------------------------------
Mask = dict[str, "Mask | None"]


def parse_fields(text: str) -> Mask:
    """``"id,files(id,owners(displayName))"`` into ``{"id": None, "files": {...}}``."""
    pos = 0

    def parse(depth: int) -> Mask:
        nonlocal pos
        out: Mask = {}
        while pos < len(text):
            match = re.match(r"\s*([A-Za-z*][A-Za-z0-9_/*]*)\s*", text[pos:])
            if not match:
                raise ValueError(f"bad field selection at {pos}")
            pos += match.end()
            name = match.group(1)
            sub: Mask | None = None
            if pos < len(text) and text[pos] == "(":
                pos += 1
                sub = parse(depth + 1)
                if pos >= len(text) or text[pos] != ")":
                    raise ValueError("unbalanced parentheses")
                pos += 1
            # "a/b" is the same as "a(b)"
            parts = name.split("/")
            node = out
            for part in parts[:-1]:
                child = node.get(part) or {}
                node[part] = child
                node = child
            node[parts[-1]] = sub
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            if pos < len(text) and text[pos] == ")" and depth > 0:
                return out
            if pos < len(text):
                raise ValueError(f"unexpected {text[pos]!r}")
        return out

    return parse(0)


def check_mask(mask: Mask, spec: dict[str, Any], where: str) -> list[str]:
    """Field names in ``mask`` that the schema ``spec`` does not have."""
    if "$ref" in spec:
        spec = schema(spec["$ref"])
    if spec.get("type") == "array":
        return check_mask(mask, spec.get("items", {}), where)
    props = spec.get("properties") or {}
    problems: list[str] = []
    for name, sub in mask.items():
        if name == "*":
            continue
        if name not in props:
            problems.append(f"{where}: '{name}' is not a field of {spec.get('id', 'the schema')}")
        elif sub is not None:
            problems.extend(check_mask(sub, props[name], f"{where}.{name}"))
    return problems


def apply_mask(value: Any, mask: Mask | None) -> Any:
    """The partial response: only the fields of ``mask`` (all when None or "*")."""
    if mask is None or "*" in mask:
        return value
    if isinstance(value, list):
        return [apply_mask(v, mask) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: apply_mask(value[k], sub) for k, sub in mask.items() if k in value}
