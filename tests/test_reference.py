"""The reference notice end to end, against its gold, in every script and encoding."""
import json

import opencc
import pytest

from extractor.emit.validate import validate_document
from extractor.evaluate.score import score_document
from extractor.load import load_bytes
from extractor.pipeline import extract_loaded, extract_text

BARS = {"responsibilities": 0.98, "deadlines": 0.95, "quantities": 0.90}


def check_scores(doc, gold):
    s = score_document(doc, gold)
    assert s["tasks"]["tp"] == 35 and s["tasks"]["predicted"] == 35, s["tasks"]
    for field, bar in BARS.items():
        assert s[field]["f1"] >= bar, (field, s[field])
    assert s["quantities"]["kind_accuracy"] >= 0.90
    assert s["metadata"]["fields"] == {k: 1.0 for k in s["metadata"]["fields"]}, s["metadata"]["fields"]
    return s


def test_reference_scores(reference_doc, reference_gold):
    check_scores(reference_doc, reference_gold)


def test_no_task_from_the_news_lead_in(reference_doc, reference_text):
    start = reference_text.index("全文如下")
    assert all(t["span"][0] > start for t in reference_doc["tasks"])
    # the lead-in's two quoted items are copies of tasks 13 and 6; they are not tasks themselves
    assert [t["number"] for t in reference_doc["tasks"]] == [str(i) for i in range(1, 36)]
    assert any(w["code"] == "lead_in" for w in reference_doc["warnings"])


def test_every_span_is_true(reference_doc):
    assert validate_document(reference_doc) == []
    src = reference_doc["source"]["text"]
    for t in reference_doc["tasks"]:
        assert src[slice(*t["span"])] == t["text"]
        assert t["text"].lstrip().split("。")[0].endswith(t["title"]) or t["title"] in t["text"]
        for r in t["responsibilities"]:
            assert r["unit"].endswith(src[slice(*r["span"])])
            assert r["rule"].startswith("resp.")


def test_simplified_copy_scores_the_same(reference_text, reference_gold, reference_doc):
    simp = opencc.OpenCC("t2s").convert(reference_text)
    assert len(simp) == len(reference_text)
    doc = extract_text(simp)
    assert doc["source"]["script"] == "simplified"
    s1, s2 = score_document(reference_doc, reference_gold), check_scores(doc, reference_gold)
    for f in BARS:
        assert abs(s1[f]["f1"] - s2[f]["f1"]) <= 0.02
    # same spans whatever the script
    assert [t["span"] for t in doc["tasks"]] == [t["span"] for t in reference_doc["tasks"]]


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16", "utf-8-sig"])
def test_encoded_copies(reference_text, reference_gold, encoding):
    data = reference_text.encode(encoding, errors="replace")
    loaded = load_bytes(data, f"reference.{encoding}.txt")
    # Python's utf-16 codec writes a little-endian BOM: the loader names the byte order it found
    assert loaded.encoding == {"utf-16": "utf-16-le"}.get(encoding, encoding)
    doc = extract_loaded(loaded)
    check_scores(doc, reference_gold)
    lossy = [w for w in doc["warnings"] if "lossy" in w["message"]]
    if encoding == "big5":
        # 砼 has no Big5 code: the loss is reported, not hidden
        assert lossy and "1 character" in lossy[0]["message"]
    else:
        assert not lossy


def test_output_script_conversion_keeps_spans(reference_text):
    trad = extract_text(reference_text)
    simp = extract_text(reference_text, script="simplified")
    assert [t["span"] for t in trad["tasks"]] == [t["span"] for t in simp["tasks"]]
    assert simp["tasks"][0]["title"] == "严管严控“两高”项目"
    assert trad["tasks"][0]["title"] == "嚴管嚴控“兩高”項目"
    assert simp["source"]["text"] == reference_text       # the source is never rewritten
    assert simp["tasks"][0]["responsibilities"][0]["unit"] == "市发展改革委"


def test_deterministic(reference_text):
    a = json.dumps(extract_text(reference_text, path="x.txt"), ensure_ascii=False, sort_keys=True)
    b = json.dumps(extract_text(reference_text, path="x.txt"), ensure_ascii=False, sort_keys=True)
    assert a == b


def test_units_registry(reference_doc):
    units = {u["id"]: u for u in reference_doc["units"]}
    # one id for the bureau however it is written
    ids = {r["unit_id"] for t in reference_doc["tasks"] for r in t["responsibilities"] if r["unit"] == "市發展改革委"}
    assert len(ids) == 1
    # 市交通局 / 市交通運輸局 are reported as probable aliases, not merged
    a = [u for u in units.values() if "市交通局" in u["aliases"] or u["name"] == "市交通局"]
    b = [u for u in units.values() if "市交通運輸局" in u["aliases"]]
    assert a and b and a[0]["id"] != b[0]["id"]
    assert b[0]["id"] in a[0]["probable_aliases"] and a[0]["id"] in b[0]["probable_aliases"]   # both ways
    assert any(w["code"] == "probable_alias" and "交通" in w["message"] for w in reference_doc["warnings"])
