"""Alignments inside a corpus: when a document cites another document of the same corpus by its
document number (as the corpus citation graph does, compared across scripts and bracket styles),
the citing (lower) document is aligned with the cited (upper) one.

Used by ``batch``: ``OUTDIR/alignments.jsonl`` (one alignment per pair) and the store's
``alignments`` table (one row per link).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .core import norm_doc_number


@dataclass
class DocRef:
    name: str                                   # stable name (documents/<name>.json)
    doc_id: str
    doc_number: str                             # normalised, "" if none
    cites: list[str] = field(default_factory=list)   # normalised cited numbers
    tasks: int = 0


def doc_ref(name: str, doc: dict) -> DocRef:
    md = doc.get("metadata") or {}
    return DocRef(name, (doc.get("source") or {}).get("sha256") or f"name:{name}",
                  norm_doc_number(md.get("doc_number")),
                  [n for n in (norm_doc_number(c.get("doc_number")) for c in md.get("cites") or []) if n],
                  len(doc.get("tasks") or []))


def cited_pairs(refs: list[DocRef]) -> list[tuple[DocRef, DocRef]]:
    """(lower, upper) for every document citing another one of the corpus; sorted, no self-citations,
    one upper per document number (the first by stable name), documents without tasks skipped."""
    by_number: dict[str, DocRef] = {}
    for r in sorted(refs, key=lambda r: r.name):
        if r.doc_number and r.tasks:
            by_number.setdefault(r.doc_number, r)
    pairs, seen = [], set()
    for low in sorted(refs, key=lambda r: r.name):
        if not low.tasks:
            continue
        for no in low.cites:
            up = by_number.get(no)
            if up is None or up.doc_id == low.doc_id or (low.doc_id, up.doc_id) in seen:
                continue
            seen.add((low.doc_id, up.doc_id))
            pairs.append((low, up))
    return pairs


def align_corpus(docs_dir: Path, refs: list[DocRef]) -> tuple[list[dict], list[dict]]:
    """(alignments, store rows) for the cited pairs; documents are read from ``docs_dir``."""
    from . import align_documents
    pairs = cited_pairs(refs)
    if not pairs:
        return [], []
    uppers: dict[str, dict] = {}         # cited documents are kept (often cited many times); lowers are not

    def load(r: DocRef) -> dict:
        return json.loads((Path(docs_dir) / f"{r.name}.json").read_text("utf-8"))

    alignments, rows = [], []
    for low, up in pairs:
        if up.name not in uppers:
            uppers[up.name] = load(up)
        al = align_documents(uppers[up.name], load(low), upper_name=up.name, lower_name=low.name)
        alignments.append(al)
        for link in al["links"]:
            for rank, u in enumerate(link["upper"]):
                rows.append({"lower_doc_id": low.doc_id, "lower_task_id": link["lower"]["id"],
                             "lower_task_key": f"{low.doc_id}#{link['lower']['id']}",
                             "upper_doc_id": up.doc_id, "upper_task_id": u["id"],
                             "upper_task_key": f"{up.doc_id}#{u['id']}", "rank": rank, "score": u["score"],
                             "rule": u["rule"]})
    return alignments, rows
