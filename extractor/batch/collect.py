"""Inputs -> jobs: directories (recursive), globs, files, and file lists (@list.txt).

Each input file gets a *stable name*: its path relative to the root it was found under (the
directory given, the fixed part of a glob, or the current folder for files named directly), made
safe for a file name, plus the first 12 hex digits of the SHA-256 of its bytes. Identical basenames
in different folders therefore do not collide, and the name does not depend on worker count,
order or time. The per-document JSON is ``OUTDIR/documents/<stable name>.json``.
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

SUFFIXES = {".txt", ".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
_MAGIC = re.compile(r"[*?\[]")
_UNSAFE = re.compile(r'[\x00-\x1f<>:"\\|?*\x7f]')
MAX_NAME_BYTES = 180          # file names are limited to 255 bytes; leave room for the hash and .json


@dataclass(frozen=True)
class Job:
    name: str           # stable name: documents/<name>.json
    path: str           # the path to read, as given or joined under its root
    sha256: str
    size: int


@dataclass
class Collected:
    jobs: list[Job] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)     # unreadable inputs: same shape as errors.jsonl
    duplicates: int = 0                                     # the same file reached twice


def safe_part(rel: str) -> str:
    rel = rel.replace(os.sep, "/").strip("/")
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    parts = ["_" if p == ".." else p for p in parts]
    s = _UNSAFE.sub("_", "__".join(parts)) or "_"
    if s.startswith("."):
        s = "_" + s[1:]
    if len(s.encode("utf-8")) > MAX_NAME_BYTES:
        tail = hashlib.sha256(s.encode("utf-8")).hexdigest()[:8]
        b = s.encode("utf-8")[:MAX_NAME_BYTES - 9].decode("utf-8", "ignore")
        s = f"{b}~{tail}"
    return s


def stable_name(rel: str, sha256: str) -> str:
    return f"{safe_part(rel)}-{sha256[:12]}"


def _hash(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            n += len(b)
            h.update(b)
    return h.hexdigest(), n


def _walk(root: str, exclude: list[str]):
    """Supported files under root, recursively, skipping hidden entries and excluded folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        ab = os.path.abspath(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not any(os.path.abspath(os.path.join(dirpath, d)) == x for x in exclude))
        if any(ab == x for x in exclude):
            continue
        for fn in sorted(filenames):
            if fn.startswith(".") or Path(fn).suffix.lower() not in SUFFIXES:
                continue
            yield os.path.join(dirpath, fn)


def _explicit_rel(path: str) -> str:
    """A file named directly: its path relative to the current folder, or its absolute path."""
    ab = os.path.abspath(path)
    cwd = os.getcwd()
    if ab.startswith(cwd + os.sep):
        return os.path.relpath(ab, cwd)
    return ab.lstrip(os.sep)


def _expand(raw: str, exclude: list[str], depth: int = 0):
    """Yield (path, rel) pairs for one input."""
    if raw.startswith("@") and not os.path.exists(raw):
        lst = raw[1:]
        if depth > 3:
            raise InputError(lst, "file lists nested too deeply")
        try:
            lines = Path(lst).read_text("utf-8-sig").splitlines()
        except OSError as e:
            raise InputError(lst, f"cannot read file list: {e.strerror or e}")
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                yield from _expand(line, exclude, depth + 1)
        return
    if os.path.isdir(raw):
        for f in _walk(raw, exclude):
            yield f, os.path.relpath(f, raw)
        return
    if os.path.exists(raw):
        yield raw, _explicit_rel(raw)
        return
    if _MAGIC.search(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        if not matches:
            raise InputError(raw, "no file matches this pattern")
        fixed = _MAGIC.split(raw, 1)[0]
        root = fixed if fixed.endswith(("/", os.sep)) else (os.path.dirname(fixed) or ".")
        for m in matches:
            if os.path.isdir(m):
                for f in _walk(m, exclude):
                    yield f, os.path.relpath(f, root)
            elif os.path.isfile(m):
                yield m, os.path.relpath(m, root)
        return
    raise InputError(raw, "no such file or folder")


def collect(inputs, *, exclude=()) -> Collected:
    """Expand the inputs and hash every file. Unreadable files become failures, never exceptions;
    an input that names nothing (missing path, empty glob) is a user error and raises."""
    exclude = [os.path.abspath(x) for x in exclude]
    out = Collected()
    by_name: dict[str, Job] = {}
    seen_paths: set[str] = set()
    pairs = []
    for raw in inputs:
        pairs.extend(_expand(str(raw), exclude))
    for path, rel in pairs:
        key = os.path.realpath(path)
        if key in seen_paths:
            out.duplicates += 1
            continue
        seen_paths.add(key)
        try:
            sha, size = _hash(path)
        except OSError as e:
            out.failures.append({"path": path, "name": safe_part(rel), "error": type(e).__name__,
                                 "kind": "input", "detail": "read", "message": f"{path}: {e.strerror or e}"})
            continue
        name = stable_name(rel, sha)
        if name in by_name:
            # same relative path and content under two roots: keep both, disambiguated by path
            name = f"{name}-{hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:6]}"
            if name in by_name:
                out.duplicates += 1
                continue
        by_name[name] = Job(name=name, path=path, sha256=sha, size=size)
    out.jobs = sorted(by_name.values(), key=lambda j: j.name)
    out.failures.sort(key=lambda f: (f["name"], f["path"]))
    return out
