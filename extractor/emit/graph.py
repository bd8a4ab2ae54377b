"""The unit–task responsibility graph (networkx): document, task and unit nodes; edges carry roles.

GraphML and GEXF open in Gephi (attributes are scalars); node-link JSON is for programs.
Units with the same id merge across documents.
"""
from __future__ import annotations

import json
from pathlib import Path


def build_graph(docs):
    import networkx as nx
    g = nx.MultiDiGraph()
    numbers = {}
    for name, doc in docs:
        md = doc["metadata"]
        did = f"doc:{doc['source'].get('sha256') or name}"
        g.add_node(did, type="document", label=md.get("title") or md.get("notice_title") or name,
                   doc_number=md.get("doc_number") or "", path=name, date=md.get("date") or "")
        if md.get("doc_number"):
            numbers[md["doc_number"]] = did
        for t in doc["tasks"]:
            tid = f"{did}#{t['id']}"
            dates = [d["date"] for d in t["deadlines"] if d.get("date")]
            g.add_node(tid, type="task", label=f"{t['number']} {t['title']}"[:120], number=t["number"],
                       title=t["title"], document=did, deadline=max(dates) if dates else "")
            g.add_edge(tid, did, key="part_of", type="part_of", role="")
            for r in t["responsibilities"]:
                uid = r["unit_id"]
                if uid not in g:
                    g.add_node(uid, type="unit", label=uid.split(":", 1)[-1], name=r["unit"])
                key = f"{r['role']}"
                if not g.has_edge(uid, tid, key=key):
                    g.add_edge(uid, tid, key=key, type="responsible_for", role=r["role"], rule=r["rule"])
    # citation edges between documents in the same graph
    for name, doc in docs:
        did = f"doc:{doc['source'].get('sha256') or name}"
        for c in doc["metadata"].get("cites", []):
            other = numbers.get(c.get("doc_number"))
            if other and other != did:
                g.add_edge(did, other, key="cites", type="cites", role="")
    for uid, data in g.nodes(data=True):
        if data.get("type") == "unit":
            from ..lang.lexicon_api import resolve
            data["label"] = resolve(data["name"]).canonical
    return g


def write_graph(g, out: Path) -> None:
    import networkx as nx
    suffix = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".graphml":
        nx.write_graphml(g, out)
    elif suffix == ".gexf":
        nx.write_gexf(g, out)
    elif suffix == ".json":
        data = nx.node_link_data(g, edges="links")
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    else:
        raise ValueError(f"unknown graph format {suffix!r}: use .graphml, .gexf or .json")
