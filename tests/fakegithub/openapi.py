"""Check requests and responses against GitHub's own OpenAPI description.

The description is the subset of `@octokit/openapi`'s `api.github.com.json` that
:mod:`.description` extracts from the installed npm package (the operations the extension
uses; a request outside them is a violation). The parsed document, the
route table and the compiled validators are cached at module level so a fake server starts fast.

Two deliberate departures from a literal reading of the description, both because GitHub itself
behaves differently from what a strict JSON Schema reading would say:

* Responses: GitHub writes alternatives as `oneOf` even where they overlap (a private user is
  also a valid public user; a basic error is also a valid rule-violation error), so a strict
  `oneOf` would reject every real GitHub answer. Response schemas therefore check alternatives
  with `anyOf`, and when the alternatives carry a `discriminator` whose property is present in
  the body, the body must also match the mapped schema.
* `nullable: true` beside `oneOf`/`anyOf` without a `type` admits null, as OAS 3.0 intends
  (the validator applies `nullable` only together with `type`).
* `PATCH /gists/{gist_id}`: the description's prose says "to delete a file, set the whole file
  to null" but its schema forbids null; the file entries are made nullable.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote

from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS30Validator
from openapi_schema_validator._format import oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from . import description

REQUEST_URI = "urn:fakegithub:request"
RESPONSE_URI = "urn:fakegithub:response"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _pointer(*parts: str) -> str:
    """A JSON pointer (RFC 6901) to the given keys."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def load_document() -> dict[str, Any]:
    """GitHub's OpenAPI description, parsed once per process."""
    with description.ensure().open(encoding="utf-8") as fh:
        doc: dict[str, Any] = json.load(fh)
    return doc


def _request_document(doc: dict[str, Any]) -> dict[str, Any]:
    """The document used for request checks (gist file deletion made expressible)."""
    fixed = copy.deepcopy(doc)
    files = fixed["paths"]["/gists/{gist_id}"]["patch"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["properties"]["files"]
    files["additionalProperties"]["nullable"] = True

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return _nullable_alternatives({k: walk(v) for k, v in node.items()})
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(fixed)  # type: ignore[no-any-return]


def _nullable_alternatives(node: dict[str, Any]) -> dict[str, Any]:
    """Let `nullable: true` admit null beside `oneOf`/`anyOf` (it only acts on `type`)."""
    if node.get("nullable") is True and "type" not in node:
        for key in ("oneOf", "anyOf"):
            if key in node:
                node[key] = [*node[key], {"enum": [None]}]
    return node


def _response_document(doc: dict[str, Any]) -> dict[str, Any]:
    """The document used for response checks: overlapping `oneOf` read as `anyOf`."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items() if k != "discriminator"}
            if "oneOf" in out:
                out["anyOf"] = out.pop("oneOf")
            return _nullable_alternatives(out)
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(doc)  # type: ignore[no-any-return]


@cache
def _registry() -> Registry:
    doc = load_document()
    return Registry().with_resources(
        [
            (REQUEST_URI, Resource.from_contents(_request_document(doc), DRAFT4)),
            (RESPONSE_URI, Resource.from_contents(_response_document(doc), DRAFT4)),
        ]
    )


@cache
def _validator(uri: str, pointer: str) -> Any:
    """A compiled validator for the schema at `pointer` of the document `uri`."""
    return OAS30Validator(
        {"$ref": f"{uri}#{pointer}"},
        registry=_registry(),
        format_checker=oas30_format_checker,
    )


def _describe(errors: list[Any]) -> str:
    err = best_match(errors)
    where = "/".join(str(p) for p in err.absolute_path) or "(root)"
    return f"{where}: {err.message[:300]}"


def check(uri: str, pointer: str, instance: Any) -> str | None:
    """The first schema error of `instance` against the schema at `pointer`, or None."""
    errors = list(_validator(uri, pointer).iter_errors(instance))
    return _describe(errors) if errors else None


@dataclass
class Parameter:
    """One path or query parameter of an operation."""

    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    pointer: str
    multi_segment: bool = False


@dataclass
class Operation:
    """One operation of the description with its checks."""

    method: str
    template: str
    operation_id: str
    pointer: str
    spec: dict[str, Any]
    parameters: dict[str, Parameter] = field(default_factory=dict)
    regex: re.Pattern[str] | None = None

    @property
    def statuses(self) -> set[str]:
        """The response statuses the description declares."""
        return set(self.spec["responses"])

    def check_request(
        self, path_params: dict[str, str], query: dict[str, str], body: Any, has_body: bool
    ) -> list[str]:
        """What is wrong with a request, as short sentences (empty when it is valid)."""
        problems: list[str] = []
        where = f"{self.method.upper()} {self.template}"
        for param in self.parameters.values():
            if param.location == "path":
                raw: str | None = path_params.get(param.name)
            elif param.location == "query":
                raw = query.get(param.name)
            else:
                continue
            if raw is None:
                if param.required:
                    problems.append(f"{where}: missing {param.location} parameter {param.name}")
                continue
            value, err = _coerce(raw, param.schema)
            if err is None:
                err = check(REQUEST_URI, param.pointer, value)
            if err is not None:
                problems.append(f"{where}: {param.location} parameter {param.name}: {err}")
        for name in query:
            known = self.parameters.get(name)
            if known is None or known.location != "query":
                problems.append(f"{where}: unknown query parameter {name!r}")
        request_body = self.spec.get("requestBody")
        if request_body is not None:
            if not has_body:
                if request_body.get("required"):
                    problems.append(f"{where}: request body is required")
            elif body is _INVALID_JSON:
                problems.append(f"{where}: request body is not valid JSON")
            else:
                pointer = self.pointer + _pointer(
                    "requestBody", "content", "application/json", "schema"
                )
                err = check(REQUEST_URI, pointer, body)
                if err is not None:
                    problems.append(f"{where}: request body {err}")
        return problems

    def check_response(self, status: int, body: Any) -> list[str]:
        """What is wrong with a response, as short sentences (empty when it is valid)."""
        where = f"{self.method.upper()} {self.template}"
        responses = self.spec["responses"]
        key = str(status)
        if key not in responses:
            return [f"{where}: status {status} is not declared (declared: {sorted(responses)})"]
        pointer = self.pointer + _pointer("responses", key)
        response = responses[key]
        if "$ref" in response:
            pointer = response["$ref"][1:]
            response = _resolve(response["$ref"])
        content = response.get("content")
        if not content:
            return [] if body is None else [f"{where}: status {status} declares no body"]
        media = "application/json" if "application/json" in content else next(iter(content))
        schema_pointer = pointer + _pointer("content", media, "schema")
        err = check(RESPONSE_URI, schema_pointer, body)
        if err is not None:
            return [f"{where}: response {status} {err}"]
        schema = content[media]["schema"]
        disc = schema.get("discriminator")
        if disc and isinstance(body, dict) and disc["propertyName"] in body:
            target = disc.get("mapping", {}).get(str(body[disc["propertyName"]]))
            if target is None:
                return [f"{where}: response {status} has unmapped {disc['propertyName']}"]
            err = check(RESPONSE_URI, target[1:], body)
            if err is not None:
                return [f"{where}: response {status} {err}"]
        return []


class _InvalidJson:
    """Marker for a request body that did not parse."""


_INVALID_JSON: Any = _InvalidJson()
INVALID_JSON = _INVALID_JSON


def _resolve(ref: str) -> dict[str, Any]:
    node: Any = load_document()
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node  # type: ignore[no-any-return]


def _coerce(raw: str, schema: dict[str, Any]) -> tuple[Any, str | None]:
    """A query/path string converted to the schema's type, or an error."""
    kind = schema.get("type")
    if kind == "integer":
        try:
            return int(raw), None
        except ValueError:
            return raw, f"{raw!r} is not an integer"
    if kind == "boolean":
        if raw in ("true", "false"):
            return raw == "true", None
        return raw, f"{raw!r} is not a boolean"
    return raw, None


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the description, with its route regex."""
    doc = load_document()
    ops: list[Operation] = []
    for template, item in doc["paths"].items():
        shared = item.get("parameters", [])
        for method, spec in item.items():
            if method not in HTTP_METHODS:
                continue
            op = Operation(
                method=method.upper(),
                template=template,
                operation_id=spec["operationId"],
                pointer=_pointer("paths", template, method),
                spec=spec,
            )
            raw_params = [
                (p, _pointer("paths", template, "parameters", str(i))) for i, p in enumerate(shared)
            ]
            raw_params += [
                (p, op.pointer + _pointer("parameters", str(i)))
                for i, p in enumerate(spec.get("parameters", []))
            ]
            for p, ptr in raw_params:
                if "$ref" in p:
                    ptr = p["$ref"][1:]
                    p = _resolve(p["$ref"])
                op.parameters[p["name"]] = Parameter(
                    name=p["name"],
                    location=p["in"],
                    required=bool(p.get("required")),
                    schema=p.get("schema", {}),
                    pointer=ptr + "/schema",
                    multi_segment=bool(p.get("x-multi-segment")),
                )
            op.regex = _route_regex(template, op.parameters)
            ops.append(op)
    return tuple(ops)


def _route_regex(template: str, params: dict[str, Parameter]) -> re.Pattern[str]:
    out = ""
    for piece in re.split(r"(\{[^}]+\})", template):
        if piece.startswith("{"):
            name = piece[1:-1]
            multi = params[name].multi_segment if name in params else False
            out += f"(?P<{name}>{'.+' if multi else '[^/]+'})"
        else:
            out += re.escape(piece)
    return re.compile(out + r"\Z")


def match(method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
    """The operation for a request: (operation, path params, path known for another method)."""
    known_path = False
    for op in operations():
        assert op.regex is not None
        m = op.regex.match(path)
        if m is None:
            continue
        if op.method == method.upper():
            return op, dict(m.groupdict()), True
        known_path = True
    return None, {}, known_path


def check_error_body(body: Any) -> str | None:
    """Check a cross-cutting error answer (auth, rate limit, faults) against `basic-error`."""
    return check(RESPONSE_URI, "/components/schemas/basic-error", body)


def quote_path(path: str) -> str:
    """A path quoted as it would appear in a GitHub URL."""
    return quote(path, safe="/")
