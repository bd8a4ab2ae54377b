"""scripts/ratchet.py on a small corpus of our own in a temp dir: a fall fails, a rise is recorded,
a new document is added at its first score, a document that fails to extract fails the check."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "ratchet.py"

NOTICE_A = """某市人民政府关于印发某市绿色出行推进方案的通知
某政〔2024〕5号
各区人民政府，市政府各部门：
现将《某市绿色出行推进方案》印发给你们，请认真贯彻执行。
某市人民政府
2024年3月1日
某市绿色出行推进方案
一、主要任务
（一）优化公交线网。2024年底前新增公交线路10条。（牵头单位：市交通运输局；配合单位：市公安局）
（二）建设慢行系统。到2025年建成自行车道50公里。（市住房城乡建设局牵头，各区人民政府配合）
"""

NOTICE_B = """某县人民政府办公室关于印发某县农村供水提升工作方案的通知
各乡镇人民政府，县直各单位：
《某县农村供水提升工作方案》已经县政府同意，现印发给你们，请抓好落实。
某县人民政府办公室
2023年5月8日
某县农村供水提升工作方案
一、改造老旧管网。2023年10月底前完成改造管网30公里。（牵头单位：县水利局；配合单位：县财政局）
二、开展水质检测。每季度开展一次水质检测。（责任单位：县卫生健康局）
"""


def _task(number, title, lead, support, deadlines, targets):
    return {"number": number, "section": "一", "title": title, "lead": lead, "support": support, "responsible": [],
            "deadlines": deadlines, "targets": targets, "thresholds": []}


GOLD_A = {
    "doc_id": "a",
    "metadata": {"notice_title": "某市人民政府关于印发某市绿色出行推进方案的通知", "title": "某市绿色出行推进方案",
                 "doc_number": "某政〔2024〕5号", "issuer": "某市人民政府", "date": "2024-03-01",
                 "recipients": ["各区人民政府", "市政府各部门"], "cites": []},
    "goals": [],
    "tasks": [
        _task("一", "优化公交线网", ["市交通运输局"], ["市公安局"],
              [{"text": "2024年底前", "date": "2024-12-31", "kind": "by"}],
              [{"text": "10条", "metric": "公交线路", "comparator": "=", "value": 10, "unit": "条", "year": 2024}]),
        _task("二", "建设慢行系统", ["市住房城乡建设局"], ["各区人民政府"],
              [{"text": "到2025年", "date": "2025-12-31", "kind": "by"}],
              [{"text": "50公里", "metric": "自行车道", "comparator": "=", "value": 50, "unit": "公里",
                "year": 2025}]),
    ],
}

GOLD_B = {
    "doc_id": "b",
    "metadata": {"notice_title": "某县人民政府办公室关于印发某县农村供水提升工作方案的通知",
                 "title": "某县农村供水提升工作方案", "doc_number": None, "issuer": "某县人民政府办公室",
                 "date": "2023-05-08", "recipients": ["各乡镇人民政府", "县直各单位"], "cites": []},
    "goals": [],
    "tasks": [
        dict(_task("一", "改造老旧管网", ["县水利局"], ["县财政局"],
                   [{"text": "2023年10月底前", "date": "2023-10-31", "kind": "by"}],
                   [{"text": "30公里", "metric": "管网", "comparator": "=", "value": 30, "unit": "公里",
                     "year": 2023}]), section=None),
        dict(_task("二", "开展水质检测", [], [], [{"text": "每季度", "date": None, "kind": "recurring"}], []),
             section=None, responsible=["县卫生健康局"]),
    ],
}


def _doc(corpus: Path, name: str, text: str, gold: dict) -> None:
    d = corpus / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "text.txt").write_text(text, "utf-8")
    (d / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")


def ratchet(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A corpus of one document and the record ``update`` writes for it."""
    base = tmp_path_factory.mktemp("ratchet")
    corpus, record = base / "corpus", base / "record.json"
    _doc(corpus, "a", NOTICE_A, GOLD_A)
    r = ratchet("update", "--corpus", corpus, "--record", record)
    assert r.returncode == 0, r.stderr
    return corpus, record, record.read_text("utf-8")


@pytest.fixture
def work(recorded, tmp_path):
    corpus, record, text = recorded
    shutil.copytree(corpus, tmp_path / "corpus")
    (tmp_path / "record.json").write_text(text, "utf-8")
    return tmp_path / "corpus", tmp_path / "record.json"


def test_update_records_every_field_of_both_scripts_and_check_passes(recorded):
    corpus, record, text = recorded
    rec = json.loads(text)
    for script in ("original", "traditional"):
        fields = rec["scores"][script]["a"]
        assert set(fields) == {"tasks", "responsibilities", "deadlines", "quantities", "goals", "metadata"}
    assert rec["scores"]["original"]["a"]["tasks"] == 1.0
    assert rec["scores"]["original"]["a"]["responsibilities"] == 1.0
    assert text == json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"   # sorted, stable
    r = ratchet("check", "--corpus", corpus, "--record", record)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ratchet: ok: 1 documents" in r.stdout


def test_a_fall_fails_and_update_lowers_only_with_a_reason(work):
    corpus, record = work
    gold = json.loads((corpus / "a" / "gold.json").read_text("utf-8"))
    # the gold gains a task the extractor cannot find: tasks and responsibilities F1 fall below 1.0
    gold["tasks"].append(_task("三", "推广新能源车辆", ["市发展改革委"], [], [], []))
    (corpus / "a" / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    before = record.read_text("utf-8")

    r = ratchet("check", "--corpus", corpus, "--record", record)
    assert r.returncode == 1
    assert "FALL    original    a tasks: 1.0 -> 0.8" in r.stdout
    assert "FAILED" in r.stderr

    r = ratchet("update", "--corpus", corpus, "--record", record)
    assert r.returncode == 1 and "--allow-lower" in r.stderr
    assert record.read_text("utf-8") == before

    r = ratchet("update", "--corpus", corpus, "--record", record, "--allow-lower", "gold gained a task")
    assert r.returncode == 0, r.stderr
    rec = json.loads(record.read_text("utf-8"))
    assert rec["scores"]["original"]["a"]["tasks"] == 0.8
    assert rec["lowered"][-1]["reason"] == "gold gained a task"
    assert "original a tasks: 1.0 -> 0.8" in rec["lowered"][-1]["changes"]
    assert ratchet("check", "--corpus", corpus, "--record", record).returncode == 0


def test_a_rise_and_a_new_document_are_recorded(work):
    corpus, record = work
    rec = json.loads(record.read_text("utf-8"))
    rec["scores"]["original"]["a"]["tasks"] = 0.5          # as if an earlier version did worse
    record.write_text(json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    _doc(corpus, "b", NOTICE_B, GOLD_B)

    r = ratchet("check", "--corpus", corpus, "--record", record)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "rise    original    a tasks: 0.5 -> 1.0" in r.stdout
    assert "new     original    b" in r.stdout and "new     traditional b" in r.stdout

    r = ratchet("update", "--corpus", corpus, "--record", record)
    assert r.returncode == 0, r.stderr
    rec = json.loads(record.read_text("utf-8"))
    assert rec["scores"]["original"]["a"]["tasks"] == 1.0
    assert set(rec["scores"]["original"]["b"]) == set(rec["scores"]["original"]["a"])
    assert set(rec["scores"]["traditional"]) == {"a", "b", "_corpus_"}
    assert 0 <= rec["scores"]["traditional"]["_corpus_"]["lexicon_coverage"] <= 1
    assert rec["lowered"] == []


def test_a_document_that_fails_to_extract_fails_check_and_update(work):
    corpus, record = work
    _doc(corpus, "c", "", dict(GOLD_A, doc_id="c"))         # an empty text: extraction fails
    before = record.read_text("utf-8")
    r = ratchet("check", "--corpus", corpus, "--record", record)
    assert r.returncode == 1
    assert "ERROR   original    c:" in r.stdout and "empty" in r.stdout
    assert "1 document(s) failed to extract" in r.stderr
    r = ratchet("update", "--corpus", corpus, "--record", record)
    assert r.returncode == 1
    assert record.read_text("utf-8") == before


def test_compare_tolerates_rounding_but_not_a_real_fall():
    import importlib.util
    spec = importlib.util.spec_from_file_location("ratchet_script", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rec = {"scores": {"original": {"a": {"tasks": 0.9}}, "traditional": {"a": {"tasks": 0.9}}}}

    def measured(v):
        return {s: {"documents": {"a": {"tasks": v}}, "errors": {}} for s in ("original", "traditional")}

    assert mod.compare(rec, measured(0.896))["falls"] == []
    assert len(mod.compare(rec, measured(0.894))["falls"]) == 2
    missing = {s: {"documents": {}, "errors": {}} for s in ("original", "traditional")}
    assert mod.compare(rec, missing)["missing"] == [("original", "a"), ("traditional", "a")]
