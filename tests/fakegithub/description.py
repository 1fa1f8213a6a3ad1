"""GitHub's REST API description, cut down to the operations the extension uses.

The source is GitHub's own OpenAPI description as the npm package
``@octokit/openapi`` publishes it (a pinned development dependency in
``package.json``, so ``jlpm install`` puts it in ``node_modules``). The
subset holds the operations in :data:`OPERATIONS` and every
``#/components/...`` object they reach, without response examples and
Octokit's ``x-octokit`` keys. It is written once to a cache file beside this
module (git ignores it) and rewritten when the package version or the list of
operations changes.

Run ``python -m tests.fakegithub.description`` to (re)build it by hand.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "@octokit/openapi"
#: The published description of api.github.com and, for the Enterprise server URL form, of GHES.
SOURCE = "generated/api.github.com.json"
GHES_SOURCE = "generated/ghes-3.19.json"
CACHE = Path(__file__).resolve().parent / ".description" / "github-openapi-subset.json"

#: (path template, method): every operation the extension sends; the fake answers these only.
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("/user", "get"),
    ("/user/repos", "get"),
    ("/user/repos", "post"),
    ("/users/{username}/repos", "get"),
    ("/orgs/{org}/repos", "get"),
    ("/repos/{owner}/{repo}", "get"),
    ("/repos/{owner}/{repo}/branches", "get"),
    ("/repos/{owner}/{repo}/branches/{branch}", "get"),
    ("/repos/{owner}/{repo}/contents/{path}", "get"),
    ("/repos/{owner}/{repo}/contents/{path}", "put"),
    ("/repos/{owner}/{repo}/git/ref/{ref}", "get"),
    ("/repos/{owner}/{repo}/git/refs", "post"),
    ("/repos/{owner}/{repo}/git/refs/{ref}", "patch"),
    ("/repos/{owner}/{repo}/git/blobs", "post"),
    ("/repos/{owner}/{repo}/git/trees", "post"),
    ("/repos/{owner}/{repo}/git/trees/{tree_sha}", "get"),
    ("/repos/{owner}/{repo}/git/commits", "post"),
    ("/repos/{owner}/{repo}/git/commits/{commit_sha}", "get"),
    ("/repos/{owner}/{repo}/git/matching-refs/{ref}", "get"),
    ("/repos/{owner}/{repo}/git/blobs/{file_sha}", "get"),
    ("/repos/{owner}/{repo}/pulls", "get"),
    ("/repos/{owner}/{repo}/pulls", "post"),
    ("/gists", "get"),
    ("/gists", "post"),
    ("/gists/{gist_id}", "get"),
    ("/gists/{gist_id}", "patch"),
    ("/gists/{gist_id}/{sha}", "get"),
    ("/rate_limit", "get"),
)


class DescriptionUnavailable(RuntimeError):
    """The npm package with GitHub's description is not installed."""


def package_dir() -> Path:
    """Where ``@octokit/openapi`` is installed (``$CLOUDSHARE_OCTOKIT_OPENAPI`` overrides)."""
    override = os.environ.get("CLOUDSHARE_OCTOKIT_OPENAPI")
    path = Path(override) if override else ROOT / "node_modules" / PACKAGE
    if not (path / SOURCE).is_file():
        raise DescriptionUnavailable(
            f"GitHub's API description is missing: {path / SOURCE} not found. "
            "Run `jlpm install` at the repository root (it installs the pinned "
            f"{PACKAGE} development dependency)."
        )
    return path


def _without_extras(node: Any, in_properties: bool = False) -> Any:
    """``node`` without ``x-octokit`` keys and media-type ``examples`` maps.

    A schema property that happens to be called ``examples`` is kept: inside a
    ``properties`` map keys are property names, not keywords.
    """
    if isinstance(node, dict):
        kept = {}
        for key, value in node.items():
            if not in_properties and (
                key == "x-octokit" or (key == "examples" and isinstance(value, dict))
            ):
                continue
            kept[key] = _without_extras(value, key == "properties" and not in_properties)
        return kept
    if isinstance(node, list):
        return [_without_extras(v) for v in node]
    return node


def _component_refs(node: Any) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                found.add(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def extract(full: dict[str, Any], ghes_servers: list[Any] | None = None) -> dict[str, Any]:
    """The subset of the description ``full`` holding :data:`OPERATIONS`."""
    paths: dict[str, Any] = {}
    for template, method in OPERATIONS:
        item = full["paths"][template]
        entry = paths.setdefault(template, {})
        if "parameters" in item:
            entry["parameters"] = _without_extras(item["parameters"])
        entry[method] = _without_extras(item[method])
    components: dict[str, dict[str, Any]] = {}
    pending = _component_refs(paths)
    done: set[str] = set()
    while pending:
        ref = pending.pop()
        done.add(ref)
        _, _, kind, name = ref.split("/", 3)
        obj = _without_extras(full["components"][kind][name])
        components.setdefault(kind, {})[name] = obj
        pending |= _component_refs(obj) - done
    info = dict(full["info"])
    if ghes_servers:
        info["x-ghes-servers"] = ghes_servers
    return {
        "openapi": full["openapi"],
        "info": info,
        "servers": list(full.get("servers", [])),
        "paths": paths,
        "components": {k: dict(sorted(v.items())) for k, v in sorted(components.items())},
    }


def _key(version: str) -> str:
    return hashlib.sha256(json.dumps([version, OPERATIONS]).encode()).hexdigest()[:16]


def ensure() -> Path:
    """The cached subset, built from the installed package when missing or stale."""
    pkg = package_dir()
    version = json.loads((pkg / "package.json").read_text(encoding="utf-8"))["version"]
    key = _key(version)
    if CACHE.is_file():
        try:
            if json.loads(CACHE.read_text(encoding="utf-8"))["info"].get("x-subset-key") == key:
                return CACHE
        except (ValueError, KeyError):
            pass  # a broken cache is rebuilt
    full = json.loads((pkg / SOURCE).read_text(encoding="utf-8"))
    ghes = pkg / GHES_SOURCE
    servers = None
    if ghes.is_file():
        servers = json.loads(ghes.read_text(encoding="utf-8")).get("servers")
    subset = extract(full, servers)
    subset["info"]["x-subset-key"] = key
    subset["info"]["x-subset-of"] = f"{PACKAGE}@{version} {SOURCE}"
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    tmp = CACHE.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(subset, indent=1), encoding="utf-8")
    os.replace(tmp, CACHE)  # atomic: parallel test processes never read half a file
    return CACHE


if __name__ == "__main__":
    print(ensure())
