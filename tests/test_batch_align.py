"""batch aligns documents that cite another document of the same run by document number:
OUTDIR/alignments.jsonl, the store's alignments table and its export."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.align import align_documents
from extractor.align.schema import validate_alignment
from extractor.batch.runner import run_batch
from extractor.cli import cli
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "align"
OTHER = ROOT / "corpora" / "styles" / "first_listed" / "text.txt"     # cites nothing in the run


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    src = tmp_path_factory.mktemp("corpus")
    (src / "province").mkdir()
    (src / "city").mkdir()
    shutil.copy(FIX / "upper_eldercare.txt", src / "province" / "plan.txt")
    shutil.copy(FIX / "lower_eldercare.txt", src / "city" / "plan.txt")     # cites the province's number
    shutil.copy(OTHER, src / "other.txt")
    out = tmp_path_factory.mktemp("out")
    summary = run_batch([str(src)], out, workers=1, quiet=True)
    return src, out, summary


def test_cited_pair_is_aligned_into_jsonl_and_store(run):
    src, out, summary = run
    assert summary["documents"] == 3 and summary["aligned_pairs"] == 1
    lines = (out / "alignments.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 1
    al = json.loads(lines[0])
    assert validate_alignment(al) == []
    assert al["lower"]["path"].startswith("city__plan.txt-") and al["upper"]["path"].startswith("province__plan.txt-")
    # the same links as aligning the two files directly
    direct = align_documents(extract_file(FIX / "upper_eldercare.txt"), extract_file(FIX / "lower_eldercare.txt"))
    assert [lk["upper"] for lk in al["links"]] == [lk["upper"] for lk in direct["links"]]

    import duckdb
    con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    try:
        rows = con.execute("""SELECT l.number, u.number, a.rank, a.score, a.rule FROM alignments a
                              JOIN tasks l ON l.task_key = a.lower_task_key
                              JOIN tasks u ON u.task_key = a.upper_task_key
                              ORDER BY a.lower_task_key, a.rank""").fetchall()
        docs = con.execute("""SELECT DISTINCT d1.title, d2.title FROM alignments a JOIN documents d1 ON d1.doc_id = a.lower_doc_id
                              JOIN documents d2 ON d2.doc_id = a.upper_doc_id""").fetchall()
    finally:
        con.close()
    assert [(r[0], r[1], r[2]) for r in rows] == [("1", "一", 0), ("2", "二", 0), ("2", "五", 1), ("3", "三", 0), ("4", "四", 0)]
    assert all(0 < r[3] <= 1 for r in rows) and rows[2][4] == "align.clause"
    assert docs == [("養老服務提質行動計劃", "养老服务体系建设行动方案")]


def test_alignments_are_exported_and_rerun_is_identical(run, tmp_path):
    src, out, _ = run
    r = CliRunner().invoke(cli, ["export", str(out), "--format", "csv", "-o", str(tmp_path / "x")])
    assert r.exit_code == 0, r.output
    import csv
    with open(tmp_path / "x" / "alignments.csv", encoding="utf-8", newline="") as f:
        data = list(csv.DictReader(f))
    assert len(data) == 5 and {"lower_doc_id", "lower_task_id", "upper_doc_id", "upper_task_id", "score"} <= set(data[0])
    again = tmp_path / "again"
    run_batch([str(src)], again, workers=2, quiet=True)
    assert (again / "alignments.jsonl").read_bytes() == (out / "alignments.jsonl").read_bytes()


def test_no_citation_no_alignment(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIX / "upper_eldercare.txt", src / "a.txt")
    shutil.copy(OTHER, src / "b.txt")
    summary = run_batch([str(src)], tmp_path / "out", workers=1, quiet=True)
    assert summary["aligned_pairs"] == 0 and (tmp_path / "out" / "alignments.jsonl").read_text("utf-8") == ""
