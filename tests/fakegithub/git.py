"""Git objects with the object ids real git computes (blobs, trees, commits)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

TREE_MODE = "40000"
FILE_MODE = "100644"
EXEC_MODE = "100755"
LINK_MODE = "120000"
GITLINK_MODE = "160000"


def object_id(kind: str, body: bytes) -> str:
    """The sha1 git gives an object of `kind` ("blob", "tree", "commit") with this body."""
    return hashlib.sha1(f"{kind} {len(body)}\0".encode() + body).hexdigest()


def blob_id(data: bytes) -> str:
    """The sha1 of a blob holding `data` (what `git hash-object` prints)."""
    return object_id("blob", data)


def _sort_key(entry: tuple[str, str, str]) -> bytes:
    name, mode, _ = entry
    # git orders tree entries by name, comparing a directory as if its name ended in "/".
    return name.encode() + (b"/" if mode == TREE_MODE else b"")


def tree_body(entries: dict[str, tuple[str, str]]) -> bytes:
    """The body of a tree object for {name: (mode, sha)}."""
    items = sorted(((n, m, s) for n, (m, s) in entries.items()), key=_sort_key)
    return b"".join(f"{m} {n}\0".encode() + bytes.fromhex(s) for n, m, s in items)


@dataclass(frozen=True)
class Signature:
    """Author or committer of a commit: name, email, unix time (always +0000)."""

    name: str
    email: str
    timestamp: int

    def line(self) -> str:
        """The signature as git writes it in a commit."""
        return f"{self.name} <{self.email}> {self.timestamp} +0000"


@dataclass(frozen=True)
class Commit:
    """A parsed commit object."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    author: Signature
    committer: Signature
    message: str


def commit_body(
    tree: str,
    parents: list[str] | tuple[str, ...],
    author: Signature,
    committer: Signature,
    message: str,
) -> bytes:
    """The body of a commit object, as `git commit-tree` writes it (message kept verbatim)."""
    lines = [f"tree {tree}"] + [f"parent {p}" for p in parents]
    lines += [f"author {author.line()}", f"committer {committer.line()}"]
    return ("\n".join(lines) + "\n\n" + message).encode()


class ObjectStore:
    """The objects of one repository, addressed by their git ids."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.trees: dict[str, dict[str, tuple[str, str]]] = {}
        self.commits: dict[str, Commit] = {}

    def kind(self, sha: str) -> str | None:
        """ "blob", "tree", "commit", or None when the object does not exist."""
        if sha in self.blobs:
            return "blob"
        if sha in self.trees:
            return "tree"
        if sha in self.commits:
            return "commit"
        return None

    def put_blob(self, data: bytes) -> str:
        """Store a blob; returns its id."""
        sha = blob_id(data)
        self.blobs[sha] = data
        return sha

    def put_tree(self, entries: dict[str, tuple[str, str]]) -> str:
        """Store a tree of {name: (mode, sha)}; returns its id."""
        sha = object_id("tree", tree_body(entries))
        self.trees[sha] = dict(entries)
        return sha

    def put_commit(
        self, tree: str, parents: list[str], author: Signature, committer: Signature, message: str
    ) -> str:
        """Store a commit; returns its id."""
        sha = object_id("commit", commit_body(tree, parents, author, committer, message))
        self.commits[sha] = Commit(sha, tree, tuple(parents), author, committer, message)
        return sha

    def flatten(self, tree: str, prefix: str = "") -> dict[str, tuple[str, str]]:
        """Every non-tree entry under `tree` as {path: (mode, sha)}."""
        out: dict[str, tuple[str, str]] = {}
        for name, (mode, sha) in self.trees[tree].items():
            if mode == TREE_MODE:
                out.update(self.flatten(sha, prefix + name + "/"))
            else:
                out[prefix + name] = (mode, sha)
        return out

    def build(self, flat: dict[str, tuple[str, str]]) -> str:
        """Store the nested trees for {path: (mode, sha)}; returns the root tree id."""
        here: dict[str, tuple[str, str]] = {}
        subdirs: dict[str, dict[str, tuple[str, str]]] = {}
        for path, entry in flat.items():
            head, sep, rest = path.partition("/")
            if sep:
                subdirs.setdefault(head, {})[rest] = entry
            else:
                here[head] = entry
        for name, sub in subdirs.items():
            here[name] = (TREE_MODE, self.build(sub))
        return self.put_tree(here)

    def lookup(self, tree: str, path: str) -> tuple[str, str] | None:
        """The (mode, sha) at `path` inside `tree`, or None."""
        node = tree
        parts = [p for p in path.split("/") if p]
        for i, part in enumerate(parts):
            entry = self.trees[node].get(part)
            if entry is None:
                return None
            if i == len(parts) - 1:
                return entry
            if entry[0] != TREE_MODE:
                return None
            node = entry[1]
        return (TREE_MODE, tree)

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """Whether `ancestor` is `descendant` or reachable from it through parents."""
        seen: set[str] = set()
        todo = [descendant]
        while todo:
            sha = todo.pop()
            if sha == ancestor:
                return True
            if sha in seen or sha not in self.commits:
                continue
            seen.add(sha)
            todo.extend(self.commits[sha].parents)
        return False
