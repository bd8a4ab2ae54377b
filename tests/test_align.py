"""Implementation alignment (policy-extract align, eval --align): real behaviour on a real gold pair
and on a small pair written for the project (tests/fixtures/align) in every script combination."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.align import align_documents
from extractor.align.data import AlignDataError, load_align_data
from extractor.align.schema import schema_text, validate_alignment
from extractor.align.score import evaluate_alignment
from extractor.cli import cli
from extractor.load import load
from extractor.normalise import to_script
from extractor.pipeline import extract_file, extract_text

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "align"
UPPER, LOWER = FIX / "upper_eldercare.txt", FIX / "lower_eldercare.txt"
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = SHARED / "alignment" / "zhengzhou_air_2024__nat_guofa_2023_24_kongqizhiliang.json"
COMBOS = [("original", "original"), ("simplified", "simplified"), ("traditional", "traditional"),
          ("simplified", "traditional"), ("traditional", "simplified")]


def extract(path, script="original"):
    if script == "original":
        return extract_file(path, include_text=True)
    return extract_text(to_script(load(path).text, script), path=str(path), include_text=True)


@pytest.fixture(scope="module")
def fixture_docs():
    return {s: (extract(UPPER, s), extract(LOWER, s)) for s in ("original", "simplified", "traditional")}


def by_number(al):
    return {lk["lower"]["number"]: [u["number"] for u in lk["upper"]] for lk in al["links"]}


@pytest.mark.parametrize("lower_script,upper_script", COMBOS)
def test_fixture_pair_links_split_local_and_uncovered(fixture_docs, lower_script, upper_script):
    upper, lower = fixture_docs[upper_script][0], fixture_docs[lower_script][1]
    al = align_documents(upper, lower)
    assert validate_alignment(al) == []
    # task 2 carries out two upper tasks: 医养结合 as a whole, 老年助餐 in its own sentence
    assert by_number(al) == {"1": ["一"], "2": ["二", "五"], "3": ["三"], "4": ["四"], "5": []}
    second = al["links"][1]["upper"][1]
    assert second["rule"] == "align.clause"
    clause = next(e for e in second["evidence"] if e["kind"] == "clause")
    assert "助餐" in to_script(clause["values"][0], "simplified")
    assert lower["source"]["text"][clause["span"][0]:clause["span"][1]] == clause["values"][0]
    # 综合监管 is taken up by no lower task; the anti-fraud campaign is a local addition
    assert [u["number"] for u in al["uncovered_upper"]] == ["六"]
    s = al["summary"]
    assert (s["links"], s["local_additions"], s["covered_upper"], s["lower_cites_upper"]) == (5, 1, 5, True)


@pytest.fixture(scope="module")
def digital_docs():
    """The second pair the other way round: the upper plan in Traditional (1. tasks), the lower in
    Simplified ((一) tasks), one lower task citing the upper plan's number inside its text."""
    up, low = FIX / "upper_digital_tw.txt", FIX / "lower_digital_cn.txt"
    return {s: (extract(up, s), extract(low, s)) for s in ("original", "simplified", "traditional")}


@pytest.mark.parametrize("lower_script,upper_script", COMBOS)
def test_second_pair_other_scripts_and_layout(digital_docs, lower_script, upper_script):
    upper, lower = digital_docs[upper_script][0], digital_docs[lower_script][1]
    al = align_documents(upper, lower)
    assert validate_alignment(al) == []
    # 二 subsidises cloud services (2) and, in its own sentence, discounts loans (4); 五 is local
    assert by_number(al) == {"一": ["1"], "二": ["2", "4"], "三": ["3"], "四": ["5"], "五": []}
    assert [u["number"] for u in al["uncovered_upper"]] == ["6"]
    kinds = {e["kind"] for e in al["links"][0]["upper"][0]["evidence"]}
    assert {"citation", "clause", "terms", "unit"} <= kinds       # 按照某工信发〔2024〕3号要求 in the task
    assert "citation" not in {e["kind"] for e in al["links"][2]["upper"][0]["evidence"]}
    assert al["summary"]["lower_cites_upper"] is True             # anywhere in the text counts


def test_evidence_names_shared_terms_in_the_lower_script(fixture_docs):
    upper, lower = fixture_docs["original"]
    al = align_documents(upper, lower)
    ev = {e["kind"]: e["values"] for e in al["links"][3]["upper"][0]["evidence"]}
    assert "適老化改造" in ev["terms"] or "適老化" in "".join(ev["terms"])
    assert "unit" in ev                      # 省民政厅 / 市民政局: the same department at two levels


def test_alignment_is_deterministic_and_json_stable(fixture_docs):
    upper, lower = fixture_docs["original"]
    a = json.dumps(align_documents(upper, lower), ensure_ascii=False)
    b = json.dumps(align_documents(upper, lower), ensure_ascii=False)
    assert a == b


def test_min_score_makes_more_local_additions(fixture_docs):
    upper, lower = fixture_docs["original"]
    strict = align_documents(upper, lower, min_score=0.9)
    assert strict["summary"]["links"] == 0 and strict["summary"]["local_additions"] == 5
    assert len(strict["uncovered_upper"]) == 6


def test_schema_file_matches_models():
    for p in (ROOT / "schemas" / "alignment.schema.json", ROOT / "extractor" / "data" / "alignment.schema.json"):
        assert p.read_text("utf-8") == schema_text(), "alignment schema drifted: run python -m extractor.align.schema"


def test_schema_rejects_a_broken_alignment(fixture_docs):
    al = align_documents(*fixture_docs["original"])
    al["links"][0]["upper"][0]["score"] = 1.5
    del al["summary"]["coverage"]
    assert len(validate_alignment(al)) == 2


def test_data_file_is_validated(tmp_path):
    text = (ROOT / "extractor" / "data" / "align.toml").read_text("utf-8")
    bad = tmp_path / "align.toml"
    bad.write_text(text.replace('sector_terms = [\n', 'sector_terms = [\n  "推进",\n', 1), "utf-8")
    with pytest.raises(AlignDataError, match=r"align\.toml.*both a stopword and a sector term: 推进"):
        load_align_data(bad)
    bad.write_text(text.replace("body = 0.45", "body = 0.9"), "utf-8")
    with pytest.raises(AlignDataError, match="body . title . clause must be 1"):
        load_align_data(bad)


def test_cli_table_json_and_errors(tmp_path):
    r = CliRunner().invoke(cli, ["align", str(UPPER), str(LOWER)])
    assert r.exit_code == 0, r.output
    assert "local addition" in r.output and "+ 五 发展老年助餐服务" in r.output
    assert "六 完善养老服务综合监管" in r.output.split("upper tasks no lower task carries out:")[1]
    out = tmp_path / "al.json"
    r = CliRunner().invoke(cli, ["align", str(UPPER), str(LOWER), "-o", str(out), "--json"])
    assert r.exit_code == 0
    al = json.loads(out.read_text("utf-8"))
    assert validate_alignment(al) == [] and al["lower"]["path"] == str(LOWER)
    # extraction JSON works as input too, with the same links
    uj = tmp_path / "upper.json"
    CliRunner().invoke(cli, ["extract", str(UPPER), "-o", str(uj)])
    r = CliRunner().invoke(cli, ["align", str(uj), str(LOWER), "--json"])
    assert by_number(json.loads(r.output)) == by_number(al)
    # user mistakes: one line naming the file, non-zero exit, no traceback
    empty = tmp_path / "empty.txt"
    empty.write_text("只是一句话，没有任何任务。\n", "utf-8")
    for args, needle in (([str(tmp_path / "nope.txt"), str(LOWER)], "nope.txt: no such file"),
                         ([str(UPPER), str(empty)], "empty.txt: no tasks found"),
                         ([str(tmp_path), str(LOWER)], "is a folder")):
        p = subprocess.run([sys.executable, "-m", "extractor", "align", *args], capture_output=True, text=True,
                           cwd=ROOT, timeout=120)
        assert p.returncode != 0 and needle in p.stderr and "Traceback" not in p.stderr, p.stderr
        assert len(p.stderr.strip().splitlines()) == 1


def _gold_corpus(tmp_path, fixture_docs, links):
    """A corpus with gold files for the fixture pair (written from the task lists) and an alignment."""
    corpus = tmp_path / "corpus"
    for name, doc, src in (("up", fixture_docs["original"][0], UPPER), ("low", fixture_docs["original"][1], LOWER)):
        (corpus / name).mkdir(parents=True)
        (corpus / name / "text.txt").write_bytes(src.read_bytes())
        (corpus / name / "gold.json").write_text(json.dumps(
            {"tasks": [{"number": t["number"], "title": t["title"]} for t in doc["tasks"]]}, ensure_ascii=False), "utf-8")
    lt = {t["number"]: t["title"] for t in fixture_docs["original"][1]["tasks"]}
    ut = {t["number"]: t["title"] for t in fixture_docs["original"][0]["tasks"]}
    gold = {"upper": "up", "lower": "low", "notes": [], "links": [
        {"lower": {"number": n, "title": lt[n]}, "upper": [{"number": u, "title": ut[u]} for u in ups],
         "confidence": "clear", "why": "test"} for n, ups in links.items()]}
    (corpus / "alignment").mkdir()
    path = corpus / "alignment" / "low__up.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    return path


def test_eval_align_scores_links(tmp_path, fixture_docs):
    right = {"1": ["一"], "2": ["二", "五"], "3": ["三"], "4": ["四"], "5": []}
    path = _gold_corpus(tmp_path, fixture_docs, right)
    r = CliRunner().invoke(cli, ["eval", "--align", str(path), "--json"])
    res = json.loads(r.output)
    assert (res["precision"], res["recall"], res["f1"], res["tp"]) == (1.0, 1.0, 1.0, 5)
    # a gold that disagrees: 2 carries out only 二, and 5 carries out 六 -> one extra, one missed
    other = tmp_path / "o"
    other.mkdir()
    path = _gold_corpus(other, fixture_docs, {**right, "2": ["二"], "5": ["六"]})
    res = json.loads(CliRunner().invoke(cli, ["eval", "--align", str(path), "--json"]).output)
    assert (res["tp"], res["predicted"], res["gold"]) == (4, 5, 5)
    assert res["missed"] == ["5 開展老年人防範電信詐騙宣傳 -> 六 完善养老服务综合监管"]
    assert res["extra"] == ["2 推進醫養結合和老年助餐 -> 五 发展老年助餐服务"]
    r = CliRunner().invoke(cli, ["eval", "--align", str(path), "--min", "links=0.9"])
    assert r.exit_code == 1


@pytest.mark.skipif(not GOLD.is_file(), reason="no ../shared/corpus/alignment gold")
@pytest.mark.parametrize("lower_script,upper_script", COMBOS)
def test_gold_pair_link_f1_in_every_script(lower_script, upper_script):
    res = evaluate_alignment(GOLD, extract, lower_script=lower_script, upper_script=upper_script)
    assert res["unscored"] == 0
    assert res["f1"] >= 0.80, (res["precision"], res["recall"], res["missed"], res["extra"])
    assert res["local_additions"]["agree"] == res["local_additions"]["gold"]


def test_report_align_command(tmp_path):
    out = tmp_path / "r.html"
    r = CliRunner().invoke(cli, ["report", str(UPPER), str(LOWER), "--align", "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text("utf-8")
    assert 'id="align-table"' in html and html.count('class="align-row linked"') == 4
    assert html.count('class="align-row local"') == 1 and html.count('class="align-row uncovered"') == 1
    p = subprocess.run([sys.executable, "-m", "extractor", "report", str(UPPER), "--align"], capture_output=True,
                       text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 2 and "exactly two inputs" in p.stderr and "Traceback" not in p.stderr
