"""The corpus store: an embedded DuckDB database, ``OUTDIR/corpus.duckdb``.

Tables and keys (stable across runs, worker counts and machines):

============== =============================================================================
documents      doc_id (= source sha256) PRIMARY KEY; name (stable name), path, format, …,
               metadata (issuers, recipients, cites as lists), counts, ``text`` (the source
               text, when extracted with text) and ``document`` (the full JSON without the text)
sections       (doc_id, section_id)
tasks          task_key = doc_id || '#' || task_id, PRIMARY KEY
responsibilities  (task_key, seq); unit_id references units
deadlines      (task_key, seq); ``date`` is a DATE (NULL for recurring)
quantities     (doc_id, scope, task_key, seq); scope 'goal' (document goals, task_key NULL) or 'task'
units          unit_id PRIMARY KEY, merged across documents: canonical name, kind, every alias
               written in any document, probable aliases, documents and tasks that name it
alignments     one row per link of a lower task to an upper task it carries out, for every pair
               where a document cites another of the run by document number (extractor.align)
============== =============================================================================

Spans are two integer columns, ``span_start`` and ``span_end`` (``[start, end)`` in characters of
the source text). Identical files (same sha256) under different names are stored once (the first
by stable name); ``documents.copies`` lists the other names.

The database is written to a temporary file (in chunks of documents, so memory stays flat) and
renamed into place, so readers never see a part. Rows are inserted in stable-name order, so the
database's content does not depend on worker count or order.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import InputError

TABLES = ["documents", "sections", "tasks", "units", "responsibilities", "deadlines", "quantities", "alignments"]

DDL = {
    "documents": """doc_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, path VARCHAR, format VARCHAR,
        encoding VARCHAR, script VARCHAR, chars INTEGER, tool_version VARCHAR, schema_version VARCHAR,
        notice_title VARCHAR, title VARCHAR, doc_number VARCHAR, issuers VARCHAR[], date DATE,
        recipients VARCHAR[], cites_doc_numbers VARCHAR[], cites_titles VARCHAR[],
        n_sections INTEGER, n_tasks INTEGER, n_responsibilities INTEGER, n_deadlines INTEGER,
        n_quantities INTEGER, warnings VARCHAR[], copies VARCHAR[], text VARCHAR, document VARCHAR,
        reading VARCHAR, cues_found INTEGER, cues_explained INTEGER""",
    "sections": """doc_id VARCHAR NOT NULL, section_id VARCHAR NOT NULL, number VARCHAR, title VARCHAR,
        level INTEGER, parent_id VARCHAR, span_start INTEGER, span_end INTEGER, page INTEGER,
        PRIMARY KEY (doc_id, section_id)""",
    "tasks": """task_key VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, task_id VARCHAR NOT NULL,
        number VARCHAR, section_id VARCHAR, parent_id VARCHAR, title VARCHAR, text VARCHAR,
        span_start INTEGER, span_end INTEGER, page INTEGER, rule VARCHAR,
        n_responsibilities INTEGER, n_deadlines INTEGER, n_targets INTEGER""",
    "responsibilities": """task_key VARCHAR NOT NULL, seq INTEGER NOT NULL, doc_id VARCHAR NOT NULL,
        task_id VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, unit VARCHAR, role VARCHAR, label VARCHAR,
        span_start INTEGER, span_end INTEGER, page INTEGER, rule VARCHAR, PRIMARY KEY (task_key, seq)""",
    "deadlines": """task_key VARCHAR NOT NULL, seq INTEGER NOT NULL, doc_id VARCHAR NOT NULL,
        task_id VARCHAR NOT NULL, text VARCHAR, date DATE, kind VARCHAR, span_start INTEGER,
        span_end INTEGER, page INTEGER, rule VARCHAR, PRIMARY KEY (task_key, seq)""",
    "quantities": """doc_id VARCHAR NOT NULL, scope VARCHAR NOT NULL, task_key VARCHAR, task_id VARCHAR,
        seq INTEGER NOT NULL, text VARCHAR, metric VARCHAR, comparator VARCHAR, value DOUBLE,
        value_max DOUBLE, unit VARCHAR, year INTEGER, kind VARCHAR, span_start INTEGER,
        span_end INTEGER, page INTEGER, rule VARCHAR""",
    "units": """unit_id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, aliases VARCHAR[],
        probable_aliases VARCHAR[], documents INTEGER, tasks INTEGER""",
    "alignments": """lower_doc_id VARCHAR NOT NULL, lower_task_id VARCHAR NOT NULL, upper_doc_id VARCHAR NOT NULL,
        upper_task_id VARCHAR NOT NULL, score DOUBLE, rank INTEGER, rule VARCHAR, lower_task_key VARCHAR,
        upper_task_key VARCHAR""",
}

ORDER = {
    "documents": "name", "sections": "doc_id, section_id", "tasks": "task_key",
    "responsibilities": "task_key, seq", "deadlines": "task_key, seq",
    "quantities": "doc_id, scope, task_key NULLS FIRST, seq", "units": "unit_id",
    "alignments": "lower_doc_id, upper_doc_id, lower_task_key, rank",
}


def _cols(table: str) -> list[str]:
    out = []
    for part in DDL[table].replace("\n", " ").split(","):
        w = part.strip().split()
        if w and w[0] != "PRIMARY" and not w[0].startswith("seq)") and not w[0].endswith(")"):
            out.append(w[0])
    return out


COLUMNS = {t: _cols(t) for t in TABLES}


def _span(x):
    return (x[0], x[1]) if x else (None, None)


def _date(s):
    if not s or not isinstance(s, str) or len(s) < 10:
        return None
    return s[:10]


class StoreBuilder:
    """Streams documents (``add``) into a new database, in chunks so that memory stays flat, then
    adds the merged units and renames it into place (``finish``)."""

    # documents (distinct contents) per insert. Chunks are built and inserted while the workers
    # extract; what is left after the last result (up to CHUNK - 1 documents) is built in the
    # batch's serial tail, so the chunk is kept small (500 left all of a 261-notice corpus there)
    CHUNK = 64

    def __init__(self, path, expected_copies: dict[str, list[str]] | None = None):
        """``expected_copies``: doc_id -> every stable name with those bytes, sorted (known from the
        jobs' hashes before any document is read). A document's ``copies`` is then written with its
        row; only where the expectation proves wrong (an output that could not be read) is the row
        updated at the end. One UPDATE per document with copies cost ~4 ms each (1.1 s of a
        1,044-file batch with 783 copies)."""
        import duckdb
        import pyarrow  # noqa: F401 - the chunks' tables: imported now, while the workers extract
        self.expected = expected_copies or {}
        self.written_copies: dict[str, list[str]] = {}
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.tmp")
        for p in (self.tmp, Path(str(self.tmp) + ".wal")):
            if p.exists():
                p.unlink()
        self.con = duckdb.connect(str(self.tmp))
        for table in TABLES:
            self.con.execute(f"CREATE TABLE {table} ({DDL[table]})")
        self.units: dict[str, dict] = {}
        self.seen: set[str] = set()
        self.copies: dict[str, list[str]] = {}     # doc_id -> other stable names with the same bytes
        self._reset()

    def _reset(self):
        self.rows = {t: {c: [] for c in COLUMNS[t]} for t in TABLES if t != "units"}
        self.buffered = 0

    def _append(self, table, **values):
        cols = self.rows[table]
        for c in COLUMNS[table]:
            cols[c].append(values.get(c))

    def add(self, name: str, doc: dict) -> None:
        src = doc["source"]
        did = src.get("sha256") or f"name:{name}"
        if did in self.seen:
            self.copies.setdefault(did, []).append(name)
            return
        self.seen.add(did)
        md = doc["metadata"]
        tasks = doc["tasks"]
        n_q = len(doc["goals"]) + sum(len(t["targets"]) for t in tasks)
        light = dict(doc, source={k: v for k, v in src.items() if k != "text"})
        self._append("documents", doc_id=did, name=name, path=src.get("path"), format=src.get("format"),
                     encoding=src.get("encoding"), script=src.get("script"), chars=src.get("chars"),
                     tool_version=doc.get("tool_version"), schema_version=doc.get("schema_version"),
                     notice_title=md.get("notice_title"), title=md.get("title"), doc_number=md.get("doc_number"),
                     issuers=list(md.get("issuers") or []), date=_date(md.get("date")),
                     recipients=list(md.get("recipients") or []),
                     cites_doc_numbers=[c["doc_number"] for c in md.get("cites", []) if c.get("doc_number")],
                     cites_titles=[c["title"] for c in md.get("cites", []) if c.get("title")],
                     n_sections=len(doc["sections"]), n_tasks=len(tasks),
                     n_responsibilities=sum(len(t["responsibilities"]) for t in tasks),
                     n_deadlines=sum(len(t["deadlines"]) for t in tasks), n_quantities=n_q,
                     warnings=[w["code"] for w in doc.get("warnings", [])], copies=self._copies_for(did, name),
                     reading=(doc.get("diagnostics") or {}).get("reading"),
                     cues_found=(doc.get("diagnostics") or {}).get("cues_found"),
                     cues_explained=(doc.get("diagnostics") or {}).get("cues_explained"),
                     text=src.get("text"), document=json.dumps(light, ensure_ascii=False, separators=(",", ":")))
        for s in doc["sections"]:
            a, b = _span(s.get("span"))
            self._append("sections", doc_id=did, section_id=s["id"], number=s.get("number"), title=s.get("title"),
                         level=s.get("level"), parent_id=s.get("parent_id"), span_start=a, span_end=b,
                         page=s.get("page"))
        for seq, q in enumerate(doc["goals"]):
            self._quantity(did, "goal", None, None, seq, q)
        for t in tasks:
            key = f"{did}#{t['id']}"
            a, b = _span(t.get("span"))
            self._append("tasks", task_key=key, doc_id=did, task_id=t["id"], number=t.get("number"),
                         section_id=t.get("section_id"), parent_id=t.get("parent_id"), title=t.get("title"),
                         text=t.get("text"), span_start=a, span_end=b, page=t.get("page"), rule=t.get("rule"),
                         n_responsibilities=len(t["responsibilities"]), n_deadlines=len(t["deadlines"]),
                         n_targets=len(t["targets"]))
            for seq, r in enumerate(t["responsibilities"]):
                a, b = _span(r.get("span"))
                self._append("responsibilities", task_key=key, seq=seq, doc_id=did, task_id=t["id"],
                             unit_id=r["unit_id"], unit=r.get("unit"), role=r.get("role"), label=r.get("label"),
                             span_start=a, span_end=b, page=r.get("page"), rule=r.get("rule"))
                u = self.units.get(r["unit_id"])
                if u is not None:
                    u["task_keys"].add(key)
            for seq, d in enumerate(t["deadlines"]):
                a, b = _span(d.get("span"))
                self._append("deadlines", task_key=key, seq=seq, doc_id=did, task_id=t["id"], text=d.get("text"),
                             date=_date(d.get("date")), kind=d.get("kind"), span_start=a, span_end=b,
                             page=d.get("page"), rule=d.get("rule"))
            for seq, q in enumerate(t["targets"]):
                self._quantity(did, "task", key, t["id"], seq, q)
        # units: merged by id across documents
        named = {(r["unit_id"], f"{did}#{t['id']}") for t in tasks for r in t["responsibilities"]}
        for u in doc.get("units", []):
            m = self.units.setdefault(u["id"], {"name": u.get("name"), "kind": u.get("kind"), "aliases": set(),
                                                "probable": set(), "docs": set(), "task_keys": set()})
            m["aliases"].update(u.get("aliases") or [])
            m["probable"].update(u.get("probable_aliases") or [])
            m["docs"].add(did)
        for uid, key in named:
            m = self.units.setdefault(uid, {"name": uid.split(":", 1)[-1], "kind": "other", "aliases": set(),
                                            "probable": set(), "docs": {did}, "task_keys": set()})
            m["task_keys"].add(key)
        self.buffered += 1
        if self.buffered >= self.CHUNK:
            self._flush()

    def _copies_for(self, did: str, name: str) -> list[str]:
        names = self.expected.get(did) or []
        copies = [n for n in names if n > name]
        self.written_copies[did] = copies
        return copies

    def add_alignments(self, rows: list[dict]) -> None:
        """Links from extractor.align.corpus (inserted with the last chunk)."""
        for r in rows:
            self._append("alignments", **r)
        if rows:
            self.buffered = max(self.buffered, 1)      # so that the final flush inserts them

    def _quantity(self, did, scope, key, task_id, seq, q):
        a, b = _span(q.get("span"))
        self._append("quantities", doc_id=did, scope=scope, task_key=key, task_id=task_id, seq=seq,
                     text=q.get("text"), metric=q.get("metric"), comparator=q.get("comparator"),
                     value=q.get("value"), value_max=q.get("value_max"), unit=q.get("unit"), year=q.get("year"),
                     kind=q.get("kind"), span_start=a, span_end=b, page=q.get("page"), rule=q.get("rule"))

    def _arrow(self, table):
        import pyarrow as pa
        if table == "units":
            ids = sorted(self.units)
            u = self.units
            data = {"unit_id": ids, "name": [u[i]["name"] for i in ids], "kind": [u[i]["kind"] for i in ids],
                    "aliases": [sorted(u[i]["aliases"]) for i in ids],
                    "probable_aliases": [sorted(u[i]["probable"]) for i in ids],
                    "documents": [len(u[i]["docs"]) for i in ids], "tasks": [len(u[i]["task_keys"]) for i in ids]}
        else:
            data = self.rows[table]
        types = {"issuers": pa.list_(pa.string()), "recipients": pa.list_(pa.string()),
                 "cites_doc_numbers": pa.list_(pa.string()), "cites_titles": pa.list_(pa.string()),
                 "warnings": pa.list_(pa.string()), "copies": pa.list_(pa.string()),
                 "aliases": pa.list_(pa.string()), "probable_aliases": pa.list_(pa.string()),
                 "value": pa.float64(), "value_max": pa.float64(), "score": pa.float64(), "rank": pa.int64()}
        arrays = {}
        for c in COLUMNS[table]:
            t = types.get(c)
            if t is None:
                sample = next((v for v in data[c] if v is not None), None)
                t = pa.int64() if isinstance(sample, int) and not isinstance(sample, bool) else pa.string()
            arrays[c] = pa.array(data[c], type=t)
        return pa.table(arrays)

    def _insert(self, table, arrow):
        self.con.register("_src", arrow)
        cols = ", ".join(COLUMNS[table])
        sel = ", ".join(f"TRY_CAST({c} AS DATE)" if c == "date" else c for c in COLUMNS[table])
        self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {sel} FROM _src ORDER BY {ORDER[table]}")
        self.con.unregister("_src")

    def _flush(self):
        """Insert the buffered chunk. The insert runs in a background thread (DuckDB releases the
        GIL) while the next chunk's rows are built; chunks are inserted one at a time, in order."""
        if self.buffered:
            arrows = [(table, self._arrow(table)) for table in TABLES if table != "units"]
            self._wait()
            from concurrent.futures import ThreadPoolExecutor
            if getattr(self, "_pool", None) is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-insert")
            self._pending = self._pool.submit(lambda: [self._insert(t, a) for t, a in arrows])
        self._reset()

    def _wait(self):
        pending = getattr(self, "_pending", None)
        if pending is not None:
            self._pending = None
            pending.result()               # re-raises an insert's error here

    def _close_pool(self):
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown(wait=True)
            self._pool = None

    def finish(self) -> None:
        """Write what is left and the units; rename the database into place."""
        try:
            self._flush()
            self._wait()
            self._close_pool()
            self._insert("units", self._arrow("units"))
            for did in sorted(set(self.copies) | set(self.written_copies)):
                names = self.copies.get(did, [])
                if names != self.written_copies.get(did, []):
                    self.con.execute("UPDATE documents SET copies = ? WHERE doc_id = ?", [names, did])
            self.con.execute("CHECKPOINT")
        finally:
            self.con.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self._wait()
        except Exception:  # noqa: BLE001 - aborting anyway
            pass
        self._close_pool()
        self.con.close()
        for p in (self.tmp, Path(str(self.tmp) + ".wal")):
            if p.exists():
                p.unlink()


def connect(outdir, read_only: bool = True):
    """Open OUTDIR/corpus.duckdb (or a .duckdb path)."""
    import duckdb
    p = Path(outdir)
    db = p if p.suffix == ".duckdb" else p / "corpus.duckdb"
    if not db.is_file():
        raise InputError(p, "no corpus.duckdb here: run `policy-extract batch INPUT... -o OUTDIR` first")
    return duckdb.connect(str(db), read_only=read_only)


def iter_store_documents(outdir):
    """(name, document) for every document in the store, sorted by stable name, text restored."""
    con = connect(outdir)
    try:
        cur = con.execute("SELECT name, document, text FROM documents ORDER BY name")
        while True:
            rows = cur.fetchmany(256)
            if not rows:
                break
            for name, document, text in rows:
                doc = json.loads(document)
                if text is not None:     # back in its place, after chars
                    src = doc["source"]
                    doc["source"] = {}
                    for k, v in src.items():
                        doc["source"][k] = v
                        if k == "chars":
                            doc["source"]["text"] = text
                    doc["source"].setdefault("text", text)
                yield name, doc
    finally:
        con.close()
