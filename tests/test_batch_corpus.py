"""The generated batch corpus (tests/batch_support.py) is a fair stand-in for real notices."""
from __future__ import annotations

from batch_support import make_corpus, notice


def test_generated_notice_extracts_tasks_units_deadlines_and_cites():
    from extractor import extract_text
    d = extract_text(notice(3))
    md = d["metadata"]
    assert md["doc_number"] == "郑政办〔2024〕3号"
    assert [c["doc_number"] for c in md["cites"]] == ["郑政办〔2024〕2号"]
    assert [t["number"] for t in d["tasks"]] == ["1", "2", "3"]
    roles = {(r["unit_id"], r["role"]) for t in d["tasks"] for r in t["responsibilities"]}
    assert ("unit:市发展和改革委员会", "lead") in roles and ("unit:市生态环境局", "support") in roles
    assert "2024-12-31" in {x["date"] for t in d["tasks"] for x in t["deadlines"]}


def test_generated_corpus_repeats_basenames(tmp_path):
    paths = make_corpus(tmp_path, 5, per_folder=2)
    assert len(paths) == 5 and {p.name for p in paths} == {"notice.txt"}
    assert len({p.read_text('utf-8') for p in paths}) == 5
