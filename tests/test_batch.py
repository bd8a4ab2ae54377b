"""batch / export / stats: layout, stable names, determinism across worker counts, resume, the
DuckDB store, exports, statistics, who and graph over OUTDIR, the command line."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.batch.collect import collect, safe_part, stable_name
from extractor.batch.runner import TIMING_KEYS, run_batch
from extractor.batch.work import Options
from extractor.cli import cli
from extractor.errors import InputError
from batch_support import STORE_TABLES, TABLES, make_corpus, notice, store_rows, tree_bytes

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root / "notices", 60, per_folder=20)
    shutil.copy(FIXTURES / "tasktable.html", root / "notices" / "tasktable.html")
    shutil.copy(FIXTURES / "tasktable.docx", root / "notices" / "tasktable.docx")
    shutil.copy(FIXTURES / "tasktable.pdf", root / "notices" / "tasktable.pdf")
    (root / "notices" / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    (root / "notices" / "ignored.json").write_text("{}", "utf-8")       # not a supported suffix
    return root / "notices"


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("runs")
    s1 = run_batch([corpus], out / "w1", workers=1, quiet=True)
    s2 = run_batch([corpus], out / "w2", workers=2, quiet=True)
    return out / "w1", out / "w2", s1, s2


# ------------------------------------------------------------------------------- names and inputs
def test_stable_names_keep_folders_apart_and_are_safe():
    a = stable_name("batch00/n0001/notice.txt", "ab" * 32)
    b = stable_name("batch01/n0001/notice.txt", "ab" * 32)
    assert a != b and a == "batch00__n0001__notice.txt-abababababab"
    assert "/" not in safe_part("a/b/c.txt") and safe_part("a:b?.txt") == "a_b_.txt"
    long = safe_part("长" * 200 + ".txt")
    assert len(long.encode("utf-8")) <= 180 and long != safe_part("长" * 201 + ".txt")
    assert not safe_part(".hidden/x.txt").startswith(".")


def test_collect_dirs_globs_lists(tmp_path, monkeypatch):
    make_corpus(tmp_path / "c", 6, per_folder=3)
    monkeypatch.chdir(tmp_path)
    lst = tmp_path / "list.txt"
    lst.write_text("# a file list\nc/batch00/n0000/notice.txt\n\nc/batch01\n", "utf-8")
    by_dir = collect(["c"])
    by_glob = collect(["c/*/n000[0-2]/*.txt"])
    by_list = collect([f"@{lst}"])
    assert len(by_dir.jobs) == 6 and len({j.name for j in by_dir.jobs}) == 6
    assert [j.name.split("-")[0] for j in by_glob.jobs] == [
        "batch00__n0000__notice.txt", "batch00__n0001__notice.txt", "batch00__n0002__notice.txt"]
    assert len(by_list.jobs) == 4
    # a file named directly: relative to the current folder; a folder's files: relative to it
    assert [j.name.split("-")[0] for j in by_list.jobs] == [
        "c__batch00__n0000__notice.txt", "n0003__notice.txt", "n0004__notice.txt", "n0005__notice.txt"]
    with pytest.raises(InputError, match="no file matches"):
        collect(["c/*.pdf"])
    with pytest.raises(InputError, match="no such file"):
        collect(["missing"])
    twice = collect(["c", "c"])
    assert len(twice.jobs) == 6 and twice.duplicates == 6


# ------------------------------------------------------------------------------- layout
def test_layout_and_summary(runs, corpus):
    out, _, s1, _ = runs
    docs = sorted((out / "documents").glob("*.json"))
    assert len(docs) == 63                     # 60 notices + html + docx + pdf
    assert s1["documents"] == 63 and s1["failures"] == 1 and s1["inputs"] == 64
    assert s1["tasks"] >= 180 and s1["responsibilities"] >= 300 and s1["seconds"] > 0
    names = [p.stem for p in docs]
    assert len({n.rsplit("-", 1)[0] for n in names}) == 63     # identical basenames did not collide
    lines = (out / "documents.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 63
    from extractor.emit.validate import validate_document
    for line, p in zip(lines, docs):
        d = json.loads(line)
        assert d == json.loads(p.read_text("utf-8"))         # sorted by stable name, same content
        assert validate_document(d) == []
    errs = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert len(errs) == 1 and errs[0]["path"].endswith("broken.pdf")
    assert set(errs[0]) == {"path", "name", "error", "kind", "detail", "message"} and errs[0]["error"] == "BadDocument"
    assert errs[0]["kind"] == "input" and errs[0]["detail"] == "bad_document"
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert {"documents", "tasks", "responsibilities", "failures", "seconds"} <= set(summary)
    formats = {json.loads(line)["source"]["format"] for line in lines}
    assert formats == {"txt", "html", "docx", "pdf"}
    assert not list(out.rglob(".*.tmp"))


def test_one_and_two_workers_byte_identical(runs):
    w1, w2, s1, s2 = runs
    assert s1["workers"] == 1 and s2["workers"] == 2
    assert tree_bytes(w1) == tree_bytes(w2)
    assert store_rows(w1) == store_rows(w2)
    strip = lambda s: {k: v for k, v in s.items() if k not in TIMING_KEYS and k != "extract_seconds"}
    assert strip(s1) == strip(s2)


def test_output_matches_single_extract(runs, corpus):
    from extractor.pipeline import extract_file
    out = runs[0]
    p = sorted(corpus.rglob("notice.txt"))[7]
    job = next(j for j in collect([corpus]).jobs if j.path == str(p))
    batch = json.loads((out / "documents" / f"{job.name}.json").read_text("utf-8"))
    assert batch == extract_file(p)          # segmenter none (batch) == jieba (extract)


def test_resume_skips_done_and_redoes_stale(corpus, tmp_path):
    out = tmp_path / "out"
    s = run_batch([corpus], out, workers=2, quiet=True)
    before = tree_bytes(out)
    r = run_batch([corpus], out, workers=2, resume=True, quiet=True)
    assert r["skipped"] == 63 and r["processed"] == 1      # only the failed one is retried
    assert tree_bytes(out) == before
    # an output from another tool version is redone; a corrupt output too
    victims = sorted((out / "documents").glob("*.json"))[:2]
    d = json.loads(victims[0].read_text("utf-8"))
    d["tool_version"] = "0.0.0"
    victims[0].write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    victims[1].write_text('{"schema_version": "1.0", "tas', "utf-8")
    r = run_batch([corpus], out, workers=1, resume=True, quiet=True)
    assert r["skipped"] == 61 and r["processed"] == 3
    assert tree_bytes(out) == before
    # different options: resume redoes everything
    r = run_batch([corpus], out, workers=2, resume=True, quiet=True, options=Options(include_text=False))
    assert r["skipped"] == 0 and s["documents"] == r["documents"]


# ------------------------------------------------------------------------------- store
def test_store_tables_keys_and_merged_units(runs):
    import duckdb
    out = runs[0]
    con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        assert counts["documents"] == 63 and all(counts[t] > 0 for t in TABLES)
        s = json.loads((out / "summary.json").read_text("utf-8"))
        assert counts["tasks"] == s["tasks"] and counts["responsibilities"] == s["responsibilities"]
        # stable keys
        assert con.execute("SELECT count(*) FROM documents WHERE length(doc_id) <> 64").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM tasks WHERE task_key <> doc_id || '#' || task_id").fetchone()[0] == 0
        assert con.execute("SELECT count(*) - count(DISTINCT task_key) FROM tasks").fetchone()[0] == 0
        # units merged across documents by id
        n_docs, n_tasks = con.execute(
            "SELECT documents, tasks FROM units WHERE unit_id = 'unit:市发展和改革委员会'").fetchone()
        assert n_docs >= 60 and n_tasks >= 60
        assert con.execute("SELECT count(*) - count(DISTINCT unit_id) FROM units").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM responsibilities r ANTI JOIN units u USING (unit_id)").fetchone()[0] == 0
        assert con.execute("SELECT typeof(date) FROM deadlines WHERE date IS NOT NULL LIMIT 1").fetchone()[0] == "DATE"
        assert con.execute("SELECT count(*) FROM quantities WHERE scope = 'goal'").fetchone()[0] >= 60
        text, chars = con.execute("SELECT text, chars FROM documents WHERE format = 'txt' LIMIT 1").fetchone()
        assert len(text) == chars
    finally:
        con.close()


def test_store_documents_round_trip(runs):
    from extractor.batch.store import iter_store_documents
    out = runs[0]
    stored = list(iter_store_documents(out))
    assert [n for n, _ in stored] == sorted(p.stem for p in (out / "documents").glob("*.json"))
    for name, doc in stored[:5]:
        assert doc == json.loads((out / "documents" / f"{name}.json").read_text("utf-8"))


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_one_file_per_table(runs, fmt, tmp_path):
    out = runs[0]
    r = CliRunner().invoke(cli, ["export", str(out), "--format", fmt, "-o", str(tmp_path / "x")])
    assert r.exit_code == 0, r.output
    files = sorted(p.name for p in (tmp_path / "x").iterdir())
    assert files == sorted(f"{t}.{fmt}" for t in STORE_TABLES)
    rows = store_rows(out)
    if fmt == "parquet":
        import pyarrow.parquet as pq
        for t in STORE_TABLES:
            assert pq.read_table(tmp_path / "x" / f"{t}.parquet").num_rows == len(rows[t])
        tasks = pq.read_table(tmp_path / "x" / "tasks.parquet").to_pydict()
        assert tasks["task_key"] == sorted(tasks["task_key"])
    else:
        import csv
        with open(tmp_path / "x" / "responsibilities.csv", encoding="utf-8", newline="") as f:
            data = list(csv.DictReader(f))
        assert len(data) == len(rows["responsibilities"]) and {"task_key", "unit_id", "role"} <= set(data[0])
    r = CliRunner().invoke(cli, ["export", str(out), "--format", fmt])
    assert r.exit_code == 0 and (out / "export" / f"units.{fmt}").is_file()


def test_stats_json_and_text(runs):
    out = runs[0]
    r = CliRunner().invoke(cli, ["stats", str(out), "--json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert s["totals"]["documents"] == 63
    lead = {(x["unit_id"], x["role"]): x["tasks"] for x in s["tasks_per_unit_role"]}
    assert lead[("unit:市发展和改革委员会", "lead")] >= 60
    assert lead[("unit:市工业和信息化局", "support")] >= 60
    months = {x["month"]: x["deadlines"] for x in s["deadlines_per_month"]}
    assert months["2024-12"] >= 60 and sorted(months) == list(months)
    issuers = {x["issuer"]: x["documents"] for x in s["documents_per_issuer"]}
    assert issuers["郑州市人民政府办公厅"] == 60
    r = CliRunner().invoke(cli, ["stats", str(out)])
    assert r.exit_code == 0 and "Tasks per unit and role" in r.output and "Deadlines per month" in r.output


def test_who_over_outdir_queries_the_store(runs, tmp_path):
    out = runs[0]
    r = CliRunner().invoke(cli, ["who", "市发改委", str(out), "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert sum(x["role"] == "lead" and "notice.txt" in x["document"] for x in rows) == 60
    # the same answer as over the per-document JSON files
    per_doc = json.loads(CliRunner().invoke(
        cli, ["who", "市发改委", *map(str, sorted((out / "documents").glob("*.json"))), "--json"]).output)
    assert [(x["document"], x["task_id"]) for x in rows] == [(x["document"], x["task_id"]) for x in per_doc]
    # the store, not the files, is read when present
    moved = tmp_path / "moved"
    shutil.copytree(out, moved)
    shutil.rmtree(moved / "documents")
    again = json.loads(CliRunner().invoke(cli, ["who", "市发改委", str(moved), "--json"]).output)
    assert len(again) == len(rows)


def test_corpus_graph_merges_units_and_links_citations(runs, tmp_path):
    import networkx as nx
    out = runs[0]
    g_path = tmp_path / "g.graphml"
    r = CliRunner().invoke(cli, ["graph", str(out), "-o", str(g_path)])
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(g_path)
    docs = [n for n, d in g.nodes(data=True) if d.get("type") == "document"]
    assert len(docs) == 63
    assert sum(1 for n, d in g.nodes(data=True) if d.get("type") == "unit" and n == "unit:市发展和改革委员会") == 1
    cites = [(u, v) for u, v, d in g.edges(data=True) if d.get("type") == "cites"]
    assert len(cites) >= 59          # notice i cites notice i-1
    by_number = {d["doc_number"]: n for n, d in g.nodes(data=True) if d.get("type") == "document"}
    assert (by_number["郑政办〔2024〕5号"], by_number["郑政办〔2024〕4号"]) in cites


# ------------------------------------------------------------------------------- command line
def test_cli_batch_quiet_and_exit_status(corpus, tmp_path):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "extractor", "batch", str(corpus), "-o", str(out), "-w", "2"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 1, r.stderr            # one file failed: listed, exit 1
    assert r.stdout == ""                          # no progress bar when stdout is not a terminal
    assert "63 documents" in r.stderr and "errors.jsonl" in r.stderr
    assert "\r" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "extractor", "batch", str(corpus / "batch00"), "-o", str(tmp_path / "q"),
                        "--quiet", "--resume"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""


def test_cli_batch_missing_input_is_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-m", "extractor", "batch", str(tmp_path / "nope"), "-o", str(tmp_path / "o")],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "no such file or folder" in r.stderr


def test_progress_bar_when_terminal(corpus, tmp_path, monkeypatch):
    import io
    from extractor.batch import runner
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    run_batch([corpus / "batch01"], tmp_path / "o", workers=1)
    assert "doc/s" in err.getvalue() and "20/20" in err.getvalue()
    err.truncate(0)
    run_batch([corpus / "batch01"], tmp_path / "p", workers=1, quiet=True)
    assert err.getvalue() == ""
    assert runner._progress(5, quiet=True) is None


@pytest.mark.parametrize("name", ["batch", "export", "stats"])
def test_help_has_example(name):
    r = CliRunner().invoke(cli, [name, "--help"])
    assert r.exit_code == 0 and "Example:" in r.output and "policy-extract " + name in r.output


def test_segmenters_give_identical_documents():
    from extractor.pipeline import extract_file, extract_text
    for i in (0, 5, 11):
        assert extract_text(notice(i), segmenter="char") == extract_text(notice(i), segmenter="jieba")
    ref = ROOT / "corpora" / "zhengzhou_air_2024" / "text.txt"
    assert extract_file(ref, segmenter="char") == extract_file(ref, segmenter="jieba")


def test_batch_segmenters_give_identical_outputs(corpus, runs, tmp_path):
    for seg in ("char", "jieba"):
        run_batch([corpus / "batch02"], tmp_path / seg, workers=1, quiet=True, options=Options(segmenter=seg))
    run_batch([corpus / "batch02"], tmp_path / "none", workers=1, quiet=True)
    assert tree_bytes(tmp_path / "none") == tree_bytes(tmp_path / "char") == tree_bytes(tmp_path / "jieba")
