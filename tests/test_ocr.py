"""Scanned notices: OCR with page and box provenance.

The scans are made here (scripts/make_scans.py: typeset with a CJK font, rasterised, rotated,
blurred, speckled, on grey paper, with a red seal) from a notice written for these tests, in both
scripts; extraction from the scan is compared with extraction from the text it was printed from.
The OCR tests skip only when the OCR extra is genuinely absent outside CI; in CI (CI=true) they fail.
"""
from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
from pathlib import Path

import pytest

from extractor.errors import BadDocument, ExtractorError

ROOT = Path(__file__).resolve().parents[1]

NOTICE = """示范市人民政府办公室关于印发示范市城市绿化提升三年行动方案的通知
示政办〔2025〕12号
各区人民政府，市政府各部门：
《示范市城市绿化提升三年行动方案》已经市政府同意，现印发给你们，请认真贯彻执行。
示范市人民政府办公室
2025年3月10日
示范市城市绿化提升三年行动方案
一、工作目标
到2027年底，全市建成区绿化覆盖率达到42%以上，新增口袋公园60个，城市居民出门五百米见绿的比例明显提高。
二、重点任务
（一）扩大公园绿地。每年新建和改建公园不少于15个，优先在老旧城区布局小微绿地，2025年12月底前完成首批选址工作。
牵头单位：市城市管理局
配合单位：市自然资源和规划局、市财政局
（二）推进道路绿化。对主干道实施绿化补植和提质，2026年6月底前完成30条道路的绿化改造。
牵头单位：市住房和城乡建设局
责任单位：各区人民政府
（三）加强古树保护。建立古树名木档案，落实日常养护责任，每年巡查不少于2次。
牵头单位：市林业局
配合单位：市城市管理局
三、保障措施
各单位要加强协同配合，按季度报送工作进展情况，确保各项任务按期完成。
"""


def _ocr_or_skip():
    from extractor.load import ocr
    if not ocr.available():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI must install the OCR extra: pip install -e '.[test,ocr]'")
        pytest.skip("the OCR extra is not installed (pip install 'policy-extractor[ocr]')")


def _scans_module():
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "scripts" / "make_scans.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_scans"] = mod            # dataclasses look their module up
    spec.loader.exec_module(mod)
    if mod.font_path() is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI must install fonts-wqy-zenhei to make the scans")
        pytest.skip("needs fonts-wqy-zenhei to make the scans")
    return mod


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """The notice as degraded scans: image-only PDF (Simplified, Traditional), PNG and 2-page TIFF,
    and a two-column page. OCR results are cached in a folder of this module."""
    _ocr_or_skip()
    ms = _scans_module()
    d = tmp_path_factory.mktemp("scans")
    old = os.environ.get("POLICY_EXTRACT_OCR_CACHE")
    os.environ["POLICY_EXTRACT_OCR_CACHE"] = str(d / "cache")
    (d / "notice.txt").write_text(NOTICE, "utf-8")
    from extractor.normalise import to_script
    (d / "notice_tw.txt").write_text(to_script(NOTICE, "traditional"), "utf-8")
    lo = ms.Layout(header="示范市政务公开", seal="示范市人民政府办公室")
    ms.make_scan(NOTICE, d / "scan.pdf", layout=lo, seed=1, angle=0.7)
    ms.make_scan(to_script(NOTICE, "traditional"), d / "scan_tw.pdf", layout=lo, seed=2, angle=-0.5)
    pages = [ms.degrade(p, seed=3, angle=0.4) for p in ms.typeset(NOTICE.split("\n"), lo)]
    ms.save(pages, d / "scan.png", lo.dpi)
    assert len(pages) == 2
    ms.save(pages, d / "scan.tiff", lo.dpi)                   # multi-page TIFF; the PNG is page 1
    two = ms.Layout(columns=2, size_pt=12, title_pt=16, header=None, page_numbers=False)
    cols = [ms.degrade(p, seed=4, angle=0.3) for p in ms.typeset(NOTICE.split("\n")[6:], two)]
    ms.save(cols[:1], d / "two_columns.png", two.dpi)
    yield d
    if old is None:
        os.environ.pop("POLICY_EXTRACT_OCR_CACHE", None)
    else:
        os.environ["POLICY_EXTRACT_OCR_CACHE"] = old


@pytest.fixture(scope="module")
def text_doc(scans):
    from extractor.pipeline import extract_file
    return extract_file(scans / "notice.txt", segmenter="none")


@pytest.fixture(scope="module")
def scan_doc(scans):
    from extractor.pipeline import extract_file
    return extract_file(scans / "scan.pdf", segmenter="none")


def _summary(doc: dict) -> dict:
    """What a reader of the JSON wants from a task: its number, units and roles, dates, values."""
    return {t["number"]: (sorted((r["unit"], r["role"]) for r in t["responsibilities"]),
                          sorted(d["date"] or "" for d in t["deadlines"]),
                          sorted(q["value"] for q in t["targets"]))
            for t in doc["tasks"]}


def _check_geometry(doc: dict) -> int:
    """Every item has a page and a box inside that page; returns the number of items checked."""
    sizes = {p["page"]: (p["width"], p["height"]) for p in doc["source"]["ocr"]["pages"]}
    n = 0

    def check(item):
        nonlocal n
        assert item.get("page") in sizes, item
        x0, y0, x1, y1 = item["box"]
        w, h = sizes[item["page"]]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h, (item["box"], w, h)
        assert 0 < item["ocr_confidence"] <= 1
        n += 1

    for t in doc["tasks"]:
        check(t)
        for k in ("responsibilities", "deadlines", "targets"):
            for it in t[k]:
                check(it)
    for q in doc["goals"]:
        check(q)
    for s in doc["sections"]:
        check(s)
    return n


def test_scan_pdf_extracts_like_the_text(text_doc, scan_doc):
    from extractor.emit.validate import validate_document
    from extractor.evaluate.score import cer
    assert validate_document(scan_doc) == []
    assert scan_doc["schema_version"] == "1.1" and scan_doc["source"]["format"] == "pdf"
    assert cer(scan_doc["source"]["text"], NOTICE) <= 0.02
    assert len(text_doc["tasks"]) >= 3
    assert _summary(scan_doc) == _summary(text_doc)
    assert [g["value"] for g in scan_doc["goals"]] == [g["value"] for g in text_doc["goals"]]
    assert scan_doc["metadata"]["doc_number"] == text_doc["metadata"]["doc_number"]
    assert scan_doc["metadata"]["date"] == text_doc["metadata"]["date"] == "2025-03-10"


def test_every_item_has_page_and_box_on_the_page(scan_doc):
    assert _check_geometry(scan_doc) >= 10


def test_box_is_where_the_characters_are(scans, scan_doc):
    """A unit's box is the union of its characters' boxes: inside its OCR line, as wide as its
    share of the line, and the line's confidence is the item's."""
    from extractor.load import load
    loaded = load(scans / "scan.pdf")
    r = scan_doc["tasks"][0]["responsibilities"][0]
    s, e = r["span"]
    boxes = [loaded.char_box(i) for i in range(s, e)]
    assert all(b is not None and b[0] == r["page"] for b in boxes)
    assert r["box"] == [min(b[1][0] for b in boxes), min(b[1][1] for b in boxes),
                        max(b[1][2] for b in boxes), max(b[1][3] for b in boxes)]
    line = next(ln for ln in scan_doc["source"]["ocr"]["lines"] if ln["span"][0] <= s < ln["span"][1])
    lx0, ly0, lx1, ly1 = line["box"]
    assert lx0 <= r["box"][0] < r["box"][2] <= lx1 + 0.01 and r["box"][1] >= ly0 and r["box"][3] <= ly1
    chars = line["span"][1] - line["span"][0]
    assert (r["box"][2] - r["box"][0]) < (lx1 - lx0) * (e - s + 1) / chars
    assert r["ocr_confidence"] <= line["confidence"]


def test_seal_header_and_page_number_are_set_aside(scans, scan_doc):
    text = scan_doc["source"]["text"]
    aside = scan_doc["source"]["ocr"]["set_aside"]
    kinds = {a["kind"] for a in aside}
    assert "running_line" in kinds or "page_number" in kinds
    assert "示范市政务公开" not in text.replace(" ", "")
    assert not any(ln.strip().startswith("—") for ln in text.split("\n"))
    # the seal stamped over the signature and the date is found and painted out: the signature
    # and the date under it are read, the seal's ring text is not
    seal = [a for a in aside if a["kind"] == "seal"]
    assert len(seal) == 1, aside
    sizes = {p["page"]: p for p in scan_doc["source"]["ocr"]["pages"]}
    x0, y0, x1, y1 = seal[0]["box"]
    assert 0 <= x0 < x1 <= sizes[seal[0]["page"]]["width"] and 0.8 < (x1 - x0) / (y1 - y0) < 1.25
    sig = next(ln for ln in scan_doc["source"]["ocr"]["lines"]
               if text[ln["span"][0]:ln["span"][1]] == "2025年3月10日")
    assert sig["page"] == seal[0]["page"] and x0 < sig["box"][2] and sig["box"][0] < x1
    assert "示范市人民政府办公室\n2025年3月10日" in text


def test_low_confidence_items_get_a_warning(scans):
    """An item on a line the engine was unsure of carries that confidence and earns a warning."""
    from extractor.load import load
    from extractor.pipeline import extract_loaded
    loaded = load(scans / "scan.pdf")
    before = extract_loaded(loaded, segmenter="none")
    task = before["tasks"][0]
    assert task["ocr_confidence"] >= 0.8
    for ln in loaded.ocr.lines:               # as if the engine had read the task's first line badly
        if ln.start <= task["span"][0] < ln.end:
            ln.confidence = 0.42
    after = extract_loaded(loaded, segmenter="none")
    assert after["tasks"][0]["ocr_confidence"] == 0.42
    low = [w for w in after["warnings"] if w["code"] == "low_ocr_confidence"]
    assert [w["span"] for w in low if w["span"] == after["tasks"][0]["span"]]
    assert len(low) > len([w for w in before["warnings"] if w["code"] == "low_ocr_confidence"])
    assert after["source"]["ocr"]["low_confidence_lines"] == before["source"]["ocr"]["low_confidence_lines"] + 1


def test_wrapped_lines_are_joined(scan_doc):
    """Paragraphs that wrapped on the page are one line again (CJK: no space at the join)."""
    text = scan_doc["source"]["text"]
    para = next(ln for ln in text.split("\n") if ln.startswith("（一）"))
    assert para.endswith("完成首批选址工作。"), para
    assert " " not in para


def test_traditional_scan(scans):
    """The same notice in Traditional (OpenCC s2t): read within the 2 % character error rate, with
    the tasks, units, roles, dates and values of the text."""
    from extractor.emit.validate import validate_document
    from extractor.evaluate.score import cer
    from extractor.pipeline import extract_file
    tw_text = extract_file(scans / "notice_tw.txt", segmenter="none")
    tw_scan = extract_file(scans / "scan_tw.pdf", segmenter="none")
    assert tw_scan["source"]["script"] == "traditional"
    assert validate_document(tw_scan) == []
    assert cer(tw_scan["source"]["text"], (scans / "notice_tw.txt").read_text("utf-8")) <= 0.02
    assert _summary(tw_scan) == _summary(tw_text)
    assert _check_geometry(tw_scan) >= 10
    assert tw_scan["metadata"]["date"] == "2025-03-10"


# A notice written in Taiwan's conventions (計畫, 主辦/協辦機關, 鄉鎮市公所), in Traditional from the
# start: most of its characters (縣 處 擴 廢 違 認 鄉 鎮 …) are missing from PP-OCRv4's dictionary.
NOTICE_TW = """示範縣政府辦公室關於印發示範縣河川污染整治計畫的通知
示縣辦字第1140000321號
本府所屬各機關、各鄉鎮市公所：
《示範縣河川污染整治計畫》業經本府核定，請依計畫期程確實辦理。
示範縣政府辦公室
2025年4月8日
示範縣河川污染整治計畫
一、計畫目標
至2027年底，縣內主要河川未受污染河段比率達到80%以上，每日削減生活污水排放量1.5萬噸。
二、工作項目
（一）擴建污水下水道。新建用戶接管不少於8000戶，2026年6月底前完成第一期工程發包。
主辦機關：縣水利處
協辦機關：縣財政處、各鄉鎮市公所
（二）加強事業廢水稽查。每季稽查列管事業至少1次，違規者依法處分並公開名單。
主辦機關：縣環境保護局
協辦機關：縣警察局
（三）推動河川認養。鼓勵企業及社區團體認養河段，2025年12月31日前建立認養資料庫。
主辦機關：縣環境保護局
三、經費來源
所需經費由各主辦機關年度預算支應，不足部分另案爭取中央補助。
"""


def test_taiwan_notice_scan_reads_within_two_percent(scans, tmp_path):
    """A two-page scan of a notice typeset in Traditional (a seal over the date): CER at most 2 %, and
    the extraction is the text's: three tasks with their lead and support units, deadlines, values."""
    from extractor.emit.validate import validate_document
    from extractor.evaluate.score import cer
    from extractor.load import load
    from extractor.pipeline import extract_file
    ms = _scans_module()
    (tmp_path / "notice.txt").write_text(NOTICE_TW, "utf-8")
    lo = ms.Layout(header="示範縣政府公報", seal="示範縣政府辦公室")
    assert ms.make_scan(NOTICE_TW, tmp_path / "scan.pdf", layout=lo, seed=5, angle=0.5) == 2
    loaded = load(tmp_path / "scan.pdf")
    assert cer(loaded.text, NOTICE_TW) <= 0.02
    assert loaded.ocr.script == "traditional"
    scan = extract_file(tmp_path / "scan.pdf", segmenter="none")
    text = extract_file(tmp_path / "notice.txt", segmenter="none")
    assert validate_document(scan) == []
    assert _summary(scan) == _summary(text) == {
        "一": ([("各鄉鎮市公所", "support"), ("縣水利處", "lead"), ("縣財政處", "support")], ["2026-06-30"], [8000.0]),
        "二": ([("縣環境保護局", "lead"), ("縣警察局", "support")], [""], [1.0]),
        "三": ([("縣環境保護局", "lead")], ["2025-12-31"], []),
    }
    assert [g["value"] for g in scan["goals"]] == [80.0, 15000.0]
    assert scan["metadata"]["date"] == "2025-04-08" and scan["metadata"]["doc_number"] == "示縣辦字第1140000321號"
    assert _check_geometry(scan) >= 10


def test_png_and_multipage_tiff(scans, text_doc):
    from extractor.pipeline import extract_file
    png = extract_file(scans / "scan.png", segmenter="none")
    assert png["source"]["format"] == "image" and png["source"]["ocr"]["source_format"] == "png"
    assert {p["unit"] for p in png["source"]["ocr"]["pages"]} == {"px"}
    # page 1 holds the first task whole
    assert _summary(png)["一"] == _summary(text_doc)["一"]
    _check_geometry(png)
    tif = extract_file(scans / "scan.tiff", segmenter="none")
    assert tif["source"]["ocr"]["source_format"] == "tiff"
    assert [p["page"] for p in tif["source"]["ocr"]["pages"]] == [1, 2]
    assert {ln["page"] for ln in tif["source"]["ocr"]["lines"]} == {1, 2}
    assert _summary(tif) == _summary(text_doc)
    assert any(t["page"] == 2 for t in tif["tasks"])
    _check_geometry(tif)


def test_two_column_page_reads_column_by_column(scans):
    from extractor.load import load
    text = load(scans / "two_columns.png").text.replace("\n", "")
    body = "".join(NOTICE.split("\n")[6:])
    # every sentence of the notice comes whole and in order: the left column is read before the right
    marks = ["一、工作目标", "二、重点任务", "（二）推进道路绿化", "（三）加强古树保护", "三、保障措施"]
    pos = [text.find(m) for m in marks]
    assert all(p >= 0 for p in pos), pos
    assert pos == sorted(pos)
    from extractor.evaluate.score import cer
    assert cer(text, body) <= 0.03


def test_cache_and_determinism(scans, scan_doc):
    """A rerun takes every page from the cache (no OCR) and gives byte-identical JSON."""
    from extractor.load import load
    from extractor.pipeline import extract_file
    loaded = load(scans / "scan.pdf")
    assert loaded.ocr.cached_pages == len(loaded.ocr.pages) >= 1
    again = extract_file(scans / "scan.pdf", segmenter="none")
    assert json.dumps(again, ensure_ascii=False) == json.dumps(scan_doc, ensure_ascii=False)


def test_ocr_never_and_always(scans, scan_doc):
    from extractor.load import load
    with pytest.raises(BadDocument) as ei:
        load(scans / "scan.pdf", ocr="never")
    assert "no text layer (scanned?); OCR it first" in str(ei.value) and str(scans / "scan.pdf") in str(ei.value)
    with pytest.raises(ExtractorError) as ei:
        load(scans / "scan.png", ocr="never")
    assert "\n" not in str(ei.value)
    # a text PDF is read from its text layer in auto mode and by OCR with always
    from conftest import make_fixtures_module
    mf = make_fixtures_module()
    lines = [ln for ln in NOTICE.split("\n") if ln.strip()][:8]
    mf.make_notice_pdf(lines, scans / "text_layer.pdf")
    auto = load(scans / "text_layer.pdf")
    assert auto.ocr is None
    always = load(scans / "text_layer.pdf", ocr="always")
    assert always.ocr is not None and always.ocr.pages
    from extractor.evaluate.score import cer
    assert cer(always.text, auto.text) <= 0.03


def test_without_the_extra_the_message_names_it(scans, monkeypatch):
    from extractor.load import load, ocr
    monkeypatch.setattr(ocr, "available", lambda: False)
    for name in ("scan.pdf", "scan.png"):
        with pytest.raises(BadDocument) as ei:
            load(scans / name)
        msg = str(ei.value)
        assert "pip install 'policy-extractor[ocr]'" in msg and "\n" not in msg and name in msg


def test_cli_extract_and_batch_on_scans(scans, tmp_path):
    from click.testing import CliRunner
    from extractor.cli import cli as main
    r = CliRunner().invoke(main, ["extract", str(scans / "scan.png"), "-o", str(tmp_path / "s.json")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["validate", str(tmp_path / "s.json")])
    assert r.exit_code == 0 and "valid" in r.output
    inp = tmp_path / "in"
    inp.mkdir()
    for n in ("scan.tiff", "notice.txt"):
        (inp / n).write_bytes((scans / n).read_bytes())
    # a real process: the workers write their per-page progress to its stderr
    import subprocess
    r = subprocess.run([sys.executable, "-m", "extractor", "batch", str(inp), "-o", str(tmp_path / "out"),
                        "--workers", "1", "--no-store"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "scan.tiff: OCR page 1/2 (cached)" in r.stderr and "scan.tiff: OCR page 2/2 (cached)" in r.stderr
    docs = [json.loads(ln) for ln in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert sorted(d["source"]["format"] for d in docs) == ["image", "txt"]
    scan = next(d for d in docs if d["source"]["format"] == "image")
    txt = next(d for d in docs if d["source"]["format"] == "txt")
    assert _summary(scan) == _summary(txt)


def test_eval_learns_scan_inputs(scans, tmp_path):
    """eval --input scan.pdf: CER against text.txt and the F1 change from the TXT reading."""
    from click.testing import CliRunner
    from extractor.cli import cli as main
    from extractor.pipeline import extract_file
    d = tmp_path / "corpus" / "demo"
    d.mkdir(parents=True)
    (d / "text.txt").write_text(NOTICE, "utf-8")
    (d / "scan.pdf").write_bytes((scans / "scan.pdf").read_bytes())
    doc = extract_file(d / "text.txt", segmenter="none")
    # gold as the text reading gives it (the test is about the scan matching the text, not the rules)
    gold = {"tasks": [dict({r: [x["unit"] for x in t["responsibilities"] if x["role"] == r]
                            for r in ("lead", "support", "responsible")},
                           number=t["number"], title=t["title"],
                           deadlines=[{"text": x["text"], "date": x["date"]} for x in t["deadlines"]],
                           targets=[{"text": q["text"], "value": q["value"]} for q in t["targets"]])
                      for t in doc["tasks"]]}
    (d / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    r = CliRunner().invoke(main, ["eval", "--corpus", str(d.parent), "--input", "scan.pdf", "--json",
                                  "--max-cer", "0.02", "--max-drop", "0.05"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.output[r.output.index("{"):])
    assert res["cer"]["demo"] <= 0.02
    assert all(v <= 0.05 for v in res["f1_drop"]["demo"].values())


# --- no engine needed ---------------------------------------------------------------------------

def test_levenshtein_against_the_textbook_recursion():
    from functools import lru_cache
    from extractor.evaluate.score import cer, levenshtein
    rnd = random.Random(7)
    for _ in range(200):
        a = "".join(rnd.choice("甲乙丙a1") for _ in range(rnd.randrange(0, 9)))
        b = "".join(rnd.choice("甲乙丙a1") for _ in range(rnd.randrange(0, 9)))

        @lru_cache(None)
        def d(i, j):
            if i == 0 or j == 0:
                return i + j
            return min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] != b[j - 1]))
        assert levenshtein(a, b) == d(len(a), len(b)), (a, b)
    assert cer("甲，乙\n丙", "甲,乙丙") == 0.0          # width folded, whitespace ignored
    assert cer("甲乙", "甲乙丙丁") == 0.5


def test_reading_order_two_columns_and_full_width_title():
    from extractor.load.ocr import _Piece, reading_order
    P = _Piece
    pieces = [P("标题横跨两栏", (100, 50, 500, 70), 0.99)]
    for k in range(5):
        y = 100 + 30 * k
        pieces.append(P(f"右{k}", (320, y, 500, y + 20), 0.9))
        pieces.append(P(f"左{k}", (100, y + 2, 280, y + 22), 0.9))
    pieces.append(P("结尾横跨两栏", (100, 300, 500, 320), 0.99))
    pieces.append(P("右尾", (320, 340, 500, 360), 0.9))
    pieces.append(P("左尾", (100, 340, 280, 360), 0.9))
    order = ["".join(p.text for p in row) for row in reading_order(pieces, 600)]
    assert order == ["标题横跨两栏"] + [f"左{k}" for k in range(5)] + [f"右{k}" for k in range(5)] + \
        ["结尾横跨两栏", "左尾", "右尾"]
    # one column: rows top to bottom, pieces of a row left to right
    one = [P("甲", (100, 10, 200, 30), 1), P("乙", (220, 12, 300, 31), 1), P("丙", (100, 40, 300, 60), 1)]
    assert ["".join(p.text for p in r) for r in reading_order(one, 600)] == ["甲乙", "丙"]


def test_character_boxes_split_the_line_by_width():
    from extractor.load.ocr import split_box, union_box
    boxes = split_box("市A1局", (0.0, 10.0, 30.0, 20.0))
    widths = [round(b[2] - b[0], 2) for b in boxes]
    assert widths == [10.0, 5.0, 5.0, 10.0]
    assert boxes[0][0] == 0.0 and boxes[-1][2] == 30.0
    cb = {i: (1, b) for i, b in enumerate(boxes)}
    cb[4] = (2, (0.0, 0.0, 5.0, 5.0))
    assert union_box(cb, 1, 5) == (1, [10.0, 10.0, 30.0, 20.0])     # characters on a later page are left out
    assert union_box(cb, 7, 9) is None


def test_images_are_sniffed_by_content(tmp_path):
    from extractor.load import sniff_format
    assert sniff_format(b"\x89PNG\r\n\x1a\n" + b"\0" * 20) == "image"
    assert sniff_format(b"\xff\xd8\xff\xe0" + b"\0" * 20) == "image"
    assert sniff_format(b"II*\x00" + b"\0" * 20) == "image"
    assert sniff_format(b"MM\x00*" + b"\0" * 20) == "image"
    assert sniff_format("通知".encode()) == "txt"


def test_damaged_image_is_one_line(tmp_path):
    from extractor.load import load, ocr
    if not ocr.available():
        pytest.skip("the OCR extra is not installed")
    p = tmp_path / "bad.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    with pytest.raises(BadDocument) as ei:
        load(p)
    assert "damaged or unreadable image" in str(ei.value) and "\n" not in str(ei.value)


def test_schema_1_0_documents_still_validate():
    """1.1 only adds fields: a document written as 1.0 is still valid."""
    from extractor.emit.validate import validate_document
    from extractor.pipeline import extract_text
    doc = extract_text(NOTICE, segmenter="none")
    assert doc["schema_version"] == "1.1" and "ocr" not in doc["source"]
    assert "box" not in doc["tasks"][0] and "ocr_confidence" not in doc["tasks"][0]
    doc["schema_version"] = "1.0"
    assert validate_document(doc) == []


def test_lost_range_dashes_are_restored_only_where_nothing_else_can_stand():
    """The recogniser drops or misreads the thin dash of a numeric range; clean_specks puts it back
    only in contexts with no other reading (lines written here, no engine needed)."""
    from extractor.load.ocr import clean_specks

    def cleaned(*lines):
        return [line[1] for line in clean_specks([[[[0, 0, 1, 1], t, 0.9] for t in lines]])[0]]

    assert cleaned("实施期为（2023一2025年）。") == ["实施期为（2023—2025年）。"]        # read as 一
    assert cleaned("行动方案（2023 2025年）") == ["行动方案（2023—2025年）"]            # read as a space
    assert cleaned("面积200（含）500平方米（不含）的项目") == ["面积200（含）—500平方米（不含）的项目"]
    # the range wraps: the dash goes at the end of the first line
    assert cleaned("对面积200（含）", "500平方米（不含）的项目") == ["对面积200（含）—", "500平方米（不含）的项目"]
    # no range: Chinese numerals, two separate numbers, a lone (含)
    assert cleaned("第一批3个，共计2 3名", "增加一倍", "含税价（含）以上") == ["第一批3个，共计2 3名", "增加一倍", "含税价（含）以上"]


def test_script_aware_recognition_reads_a_page_again_only_when_it_is_not_simplified():
    """PP-OCRv4 reads every page; PP-OCRv5 reads again the lines of a page that is not Simplified
    (fake recognisers here: no engine needed). A line with nothing of either script keeps the surer
    reading."""
    from extractor.load.ocr import _ScriptRec, _Text

    class Rec:
        def __init__(self, lines):
            self.lines, self.calls = lines, 0
            self.postprocess_op = None

        def __call__(self, imgs, return_word_box=False):
            self.calls += 1
            return [(_Text(t), c) for t, c in self.lines], 0.0

    simplified = Rec([("各区人民政府要加强监督检查", 0.98), ("2025年4月8日", 0.95)])
    rec = _ScriptRec(simplified, 1)
    v5 = Rec([("不该用到", 0.99), ("不该用到", 0.99)])
    rec._v5 = v5
    out, _ = rec([None, None])
    assert [t for t, _ in out] == ["各区人民政府要加强监督检查", "2025年4月8日"] and v5.calls == 0
    rec = _ScriptRec(Rec([("各縣政府要加強督查", 0.91), ("2025年4月8日", 0.95)]), 1)
    rec._v5 = Rec([("各縣政府要加強監督檢查", 0.97), ("2020年4月8日1", 0.84)])
    out, _ = rec([None, None])
    assert [str(t) for t, _ in out] == ["各縣政府要加強監督檢查", "2025年4月8日"]
    assert out[0][0].v4 == "各縣政府要加強督查" and out[0][1] == 0.97


def test_punctuation_dropped_by_one_recogniser_is_put_back_only_where_both_saw_it():
    import numpy as np
    from extractor.load.ocr import _gap_marks, _merge, _Text
    # CTC output over 7 steps, classes: blank, 省, 厅, 、, 局
    p = np.full((7, 5), 0.001)
    for t, k in enumerate([1, 0, 2, 0, 1, 4, 0]):
        p[t, k] = 0.9
    p[3, 3] = 0.3                                   # a 、 nearly read between 厅 and 省
    gaps = _gap_marks(p, [3], ["、"])
    assert len(gaps) == 4 and gaps[1] == {"、": pytest.approx(0.3)} and gaps[0] == {} and gaps[3] == {}
    v5 = _Text("省厅省局")
    v5.gaps = gaps
    assert _merge("省厅、省局", v5) == "省厅、省局"          # PP-OCRv4 read it, PP-OCRv5 nearly did
    assert _merge("省、厅省局", v5) == "省厅省局"            # PP-OCRv5 saw nothing there: a speck
    assert _merge("省厅省局。", v5) == "省厅省局"
    v5 = _Text("水平、成套")
    v5.gaps = [{}, {}, {"：": 0.2}, {}, {}]
    assert _merge("水平、：成套", v5) == "水平、成套"          # never two marks in a row
    v5 = _Text("政府12加强3健全")
    v5.gaps = [{}, {".": 0.2}, {}, {".": 0.2}, {}, {}, {".": 0.2}, {}, {}]
    assert _merge("政府.12.加强3.健全", v5) == "政府12.加强3.健全"   # a dot only after a digit
    # an item number's dot nearly read by PP-OCRv5 alone: after a number opening a sentence
    v5 = _Text("负责）3健全；2个部门")
    v5.gaps = [{}, {}, {}, {".": 0.25}, {}, {}, {}, {".": 0.02}, {}, {}, {}]
    assert _merge("负责）3健全；2个部门", v5) == "负责）3.健全；2个部门"
    v5.gaps = [{}, {}, {}, {".": 0.05}, {}, {}, {}, {}, {}, {}, {}]
    assert _merge("负责）3健全；2个部门", v5) == "负责）3健全；2个部门"       # not seen: no dot
    v5 = _Text("省水利厅")                                        # a wrapped list of units
    v5.gaps = [{}, {}, {}, {"、": 0.08, "。": 0.02}]
    assert _merge("省水利厅", v5) == "省水利厅、"
    v5.gaps = [{}, {}, {}, {"、": 0.01}]
    assert _merge("省水利厅", v5) == "省水利厅"
    v5 = _Text("提高3倍")
    v5.gaps = [{}, {}, {".": 0.5}, {}]
    assert _merge("提高3倍", v5) == "提高3倍"                    # inside a sentence: no item number
