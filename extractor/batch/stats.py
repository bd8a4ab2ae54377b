"""Corpus statistics from the store: tasks per unit and role, deadlines per month, documents per
issuer, and totals."""
from __future__ import annotations

from .store import TABLES, connect

QUERIES = {
    "tasks_per_unit_role": """
        SELECT r.unit_id, coalesce(u.name, r.unit_id) AS unit, r.role, count(DISTINCT r.task_key) AS tasks,
               count(DISTINCT r.doc_id) AS documents
        FROM responsibilities r LEFT JOIN units u USING (unit_id)
        GROUP BY ALL ORDER BY tasks DESC, r.unit_id, r.role""",
    "deadlines_per_month": """
        SELECT strftime(date, '%Y-%m') AS month, count(*) AS deadlines, count(DISTINCT task_key) AS tasks,
               count(DISTINCT doc_id) AS documents
        FROM deadlines WHERE date IS NOT NULL GROUP BY month ORDER BY month""",
    "documents_per_issuer": """
        SELECT issuer, count(DISTINCT doc_id) AS documents
        FROM (SELECT doc_id, unnest(issuers) AS issuer FROM documents)
        GROUP BY issuer ORDER BY documents DESC, issuer""",
    # documents whose outline reading left assignment cues unexplained, worst first
    "lowest_cue_coverage": """
        SELECT name, reading, cues_found, cues_explained,
               round(cues_explained / cues_found, 4) AS coverage
        FROM documents WHERE cues_found > 0 AND cues_explained < cues_found
        ORDER BY coverage, cues_found DESC, name""",
}


def corpus_stats(outdir) -> dict:
    con = connect(outdir)
    try:
        out = {"totals": {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}}
        out["totals"]["recurring_deadlines"] = con.execute(
            "SELECT count(*) FROM deadlines WHERE date IS NULL").fetchone()[0]
        found, ok = con.execute("SELECT coalesce(sum(cues_found), 0), coalesce(sum(cues_explained), 0) "
                                "FROM documents").fetchone()
        out["cue_coverage"] = {"cues_found": int(found), "cues_explained": int(ok),
                               "coverage": round(ok / found, 4) if found else None}
        for key, sql in QUERIES.items():
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description]
            out[key] = [dict(zip(cols, row)) for row in cur.fetchall()]
        return out
    finally:
        con.close()
