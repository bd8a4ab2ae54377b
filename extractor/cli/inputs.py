"""Commands accept extraction JSON files, notice files (extracted on the fly) or batch folders."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..errors import ExtractorError, InputError


def is_document_json(path: Path) -> bool:
    if path.suffix.lower() != ".json":
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(256)
    except OSError:
        return False
    return b'"schema_version"' in head


def load_json_document(path: Path) -> dict:
    try:
        doc = json.loads(Path(path).read_text("utf-8"))
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 JSON")
    except json.JSONDecodeError as e:
        raise InputError(path, f"not valid JSON ({e.msg} at line {e.lineno})")
    if not isinstance(doc, dict) or "schema_version" not in doc or "tasks" not in doc:
        raise InputError(path, "not a policy-extractor document (no schema_version/tasks)")
    return doc


def iter_documents(inputs, *, on_error=None) -> Iterator[tuple[str, dict]]:
    """Yield (name, document) for each input: a document JSON, a notice file, or a folder holding
    document JSON files (a batch output folder: the documents in its store, corpus.duckdb, or else
    its per-document JSON)."""
    from ..pipeline import extract_file
    for raw in inputs:
        p = Path(raw)
        if p.is_dir() and (p / "corpus.duckdb").is_file():
            # a batch output folder with its store: the run's documents, sorted by stable name
            from ..batch.store import iter_store_documents
            for name, doc in iter_store_documents(p):
                yield str(p / "documents" / f"{name}.json"), doc
            continue
        if p.is_dir():
            docs_dir = p / "documents" if (p / "documents").is_dir() else p
            files = sorted(f for f in docs_dir.rglob("*.json") if is_document_json(f))
            if not files:
                raise InputError(p, "folder holds no policy-extractor JSON documents")
            for f in files:
                yield str(f), load_json_document(f)
            continue
        if not p.exists():
            raise InputError(p, "no such file or folder")
        try:
            if is_document_json(p):
                yield str(p), load_json_document(p)
            else:
                yield str(p), extract_file(p, include_text=True)
        except ExtractorError as e:
            if on_error is None:
                raise
            on_error(e)
