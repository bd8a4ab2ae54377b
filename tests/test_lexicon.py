"""Unit lexicon (extractor/data/units.toml) and the unit-name resolver."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.lang.lexicon import (DEFAULT_PATH, KINDS, LexiconError, Resolved, get_lexicon,
                                        load_lexicon, looks_like_unit, resolve_unit, unit_terms)
from extractor.normalise import simplify

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def rid(name: str) -> str:
    return resolve_unit(name).id


# ------------------------------------------------------------------------------- loading
def test_packaged_lexicon_loads_and_is_cached():
    lex = get_lexicon()
    assert lex is get_lexicon()
    assert lex.path == DEFAULT_PATH
    assert len(lex.cores) > 150


def test_resolved_shape():
    r = resolve_unit("市发改委")
    assert isinstance(r, Resolved)
    assert r == Resolved("unit:市发展和改革委员会", "市发展和改革委员会", "department", True, ())
    assert r.kind in KINDS


# ------------------------------------------------------------------------------- scripts, widths, abbreviations
@pytest.mark.parametrize("names, expected", [
    (["市發展改革委", "市发展改革委", "市发改委", "市发展和改革委员会", "市發改委"], "unit:市发展和改革委员会"),
    (["国家发展和改革委员会", "国家发展改革委", "國家發展改革委", "发展改革委", "国家发改委"], "unit:国家发展和改革委员会"),
    (["人力资源和社会保障部", "人力资源社会保障部", "人社部", "人力資源社會保障部"], "unit:人力资源和社会保障部"),
    (["工业和信息化部", "工信部", "工業和信息化部"], "unit:工业和信息化部"),
    (["省工业和信息化厅", "省工信厅", "省工業和信息化廳"], "unit:省工业和信息化厅"),
    (["省发展和改革委员会", "省发展改革委", "省发改委"], "unit:省发展和改革委员会"),
    (["市工业和信息化局", "市工信局"], "unit:市工业和信息化局"),
    (["市住房和城乡建设局", "市住建局", "市住房城乡建设局", "市住房和城鄉建設局"], "unit:市住房和城乡建设局"),
    (["市城市管理局", "市城管局"], "unit:市城市管理局"),
    (["市自然资源和规划局", "市资源规划局", "市資源規劃局"], "unit:市自然资源和规划局"),
    (["市卫生健康委员会", "市卫健委", "市卫生健康委", "市衛生健康委"], "unit:市卫生健康委员会"),
    (["市医疗保障局", "市医保局", "市醫保局"], "unit:市医疗保障局"),
    (["市市场监督管理局", "市市场监管局", "市市場監管局"], "unit:市市场监督管理局"),
    (["市人力资源和社会保障局", "市人社局", "市人力资源社会保障局"], "unit:市人力资源和社会保障局"),
    (["市生态环境局", "市生態環境局"], "unit:市生态环境局"),
    (["海关总署", "海關總署"], "unit:海关总署"),
    (["国家税务总局", "税务总局"], "unit:国家税务总局"),
    (["市委网信办", "市委網信辦", "市网信办"], "unit:市委网络安全和信息化委员会办公室"),
    (["市政府", "市人民政府", "市人民政府"], "unit:市人民政府"),
    (["省住建厅", "省住房城乡建设厅", "省住房和城乡建设厅"], "unit:省住房和城乡建设厅"),
])
def test_same_body_same_id(names, expected):
    assert {rid(n) for n in names} == {expected}
    assert all(resolve_unit(n).known for n in names)


def test_full_width_and_spaces_fold():
    assert rid("市发改委 ") == rid("市 发改委") == rid("市发改委")
    assert rid("各區縣（市）政府") == rid("各區縣(市)政府") == rid("各区县(市)人民政府")


def test_kinds():
    assert resolve_unit("市委宣传部").kind == "party"
    assert resolve_unit("市中级人民法院").kind == "judicial"
    assert resolve_unit("市人民检察院").kind == "judicial"
    assert resolve_unit("省人民政府").kind == "government"
    assert resolve_unit("浦东新区政府").kind == "district"
    assert resolve_unit("虹桥国际中央商务区管委会").kind == "district"
    assert resolve_unit("中國鐵路鄭州局集團有限公司").kind == "enterprise"
    assert resolve_unit("某某科技有限公司").kind == "enterprise"
    assert resolve_unit("某某市物流协会").kind == "organisation"
    assert resolve_unit("某某大学").kind == "organisation"


# ------------------------------------------------------------------------------- places and variants
def test_place_prefix_kept_and_reported_as_variant():
    r = resolve_unit("郑州市发展改革委")
    assert r.id == "unit:郑州市发展和改革委员会" and r.known
    assert "unit:市发展和改革委员会" in r.variants
    assert rid("鄭州市發改委") == r.id
    g = resolve_unit("河南省生态环境厅")
    assert g.id == "unit:河南省生态环境厅" and "unit:省生态环境厅" in g.variants


def test_party_place_prefix():
    r = resolve_unit("中共龙岩市委精神文明建设办公室")
    assert r.known and r.kind == "party"
    assert "unit:市委精神文明建设办公室" in r.variants
    assert rid("市委文明办") == "unit:市委精神文明建设办公室"
    assert rid("市委文明办(创城办)") == rid("市委文明办")


def test_unknown_name_keeps_place_as_written():
    r = resolve_unit("鄭州供電公司")
    assert r.id == "unit:郑州供电公司" and r.kind == "enterprise"
    assert "unit:市供电公司" in r.variants
    u = resolve_unit("某某县扶贫攻坚推进小组")
    assert not u.known and u.id == "unit:某某县扶贫攻坚推进小组"


@pytest.mark.parametrize("a, b", [
    ("市交通局", "市交通運輸局"),
    ("市规划局", "市自然资源和规划局"),
    ("市环保局", "市生态环境局"),
    ("市水务局", "市水利局"),
    ("区卫生健康局", "区卫生健康委员会"),
    ("市经信委", "市工业和信息化局"),
    ("市供电公司", "市供电企业"),
])
def test_variants_reported_not_merged(a, b):
    ra, rb = resolve_unit(a), resolve_unit(b)
    assert ra.id != rb.id
    assert rb.id in ra.variants and ra.id in rb.variants
    assert ra.known and rb.known


def test_bare_national_short_forms():
    # State Council notices write ministries without 国家
    for short, full in [("发展改革委", "国家发展和改革委员会"), ("药监局", "国家药品监督管理局"),
                        ("证监会", "中国证券监督管理委员会"), ("人民银行", "中国人民银行"),
                        ("国管局", "国家机关事务管理局"), ("市场监管总局", "国家市场监督管理总局")]:
        assert rid(short) == "unit:" + full


def test_national_dispatched_bodies_named_after_place():
    for name in ["上海海关", "合肥海关", "安徽证监局", "上海金融监管局", "山东黄河河务局",
                 "国家税务总局安徽省税务局"]:
        r = resolve_unit(name)
        assert r.known and r.id == "unit:" + simplify(name)


# ------------------------------------------------------------------------------- catch-alls
@pytest.mark.parametrize("name", [
    "各地区", "各有关部门", "有关部门", "国务院相关部门", "各区、县级市", "各开发区管委会",
    "各區縣(市)政府", "市直有关单位", "各成员单位", "国务院各部委", "各直属机构",
    "各省、自治区、直辖市人民政府", "省防指各成员单位", "相关市人民政府", "市政府各委、办、局",
    "各区卫生健康局", "属地供电公司",
])
def test_catch_alls(name):
    r = resolve_unit(name)
    assert r.kind == "catch_all" and r.known, r


def test_distributive_ge_keeps_identity():
    assert rid("各区政府") == rid("各区人民政府")
    assert rid("各開發區管委會") == rid("各开发区管理委员会")


# ------------------------------------------------------------------------------- looks_like_unit
@pytest.mark.parametrize("name", ["市发改委", "市财政局", "某某有限公司", "各有关单位", "省委宣传部",
                                  "信息化部", "郑州市人民政府", "国网龙岩供电公司", "某某协会"])
def test_looks_like_unit_yes(name):
    assert looks_like_unit(name)


@pytest.mark.parametrize("name", ["工业", "粮食", "文化", "人力资源", "全部", "社会", "进行",
                                  "加强市场监管", "2024年底前", "要按照职责分工", "", "格局"])
def test_looks_like_unit_no(name):
    assert not looks_like_unit(name)


# ------------------------------------------------------------------------------- unit_terms
def test_unit_terms_both_scripts():
    terms = set(unit_terms())
    for t in ["市发展和改革委员会", "市發展和改革委員會", "市发改委", "國家發展改革委", "海关总署",
              "各有关部门", "省工信厅", "市委网信办"]:
        assert t in terms, t
    assert all(len(t) >= 2 for t in terms)


def test_every_term_resolves_known():
    bad = [t for t in unit_terms() if not resolve_unit(t).known]
    assert not bad, bad[:20]


# ------------------------------------------------------------------------------- validation
GOOD_HEAD = """
schema = 1
[levels]
"市" = "city"
[place_level]
"市" = "city"
"""


def _write(tmp_path, body: str) -> Path:
    p = tmp_path / "units.toml"
    p.write_text(GOOD_HEAD + body, encoding="utf-8")
    return p


def test_minimal_file_loads(tmp_path):
    lex = load_lexicon(_write(tmp_path, """
[bodies]
local = [ { forms = ["财政局"] } ]
"""))
    assert lex.resolve("市财政局").id == "unit:市财政局"


@pytest.mark.parametrize("body, needle", [
    ('[bodies]\nlocal = [ { forms = ["财政局"] }, { forms = ["交通局"], kidn = "department" } ]\n',
     "bodies.local[1] (交通局)"),
    ('[bodies]\nlocal = [ { forms = ["财政局"], kind = "ministry" } ]\n', "bodies.local[0] (财政局)"),
    ('[bodies]\nlocal = [ { forms = ["財政局"] } ]\n', "Simplified"),
    ('[bodies]\nlocal = [ { kind = "department" } ]\n', "bodies.local[0]"),
    ('[bodies]\nlocal = [ { forms = ["财政局"] }, { forms = ["财税局", "财政局"] } ]\n',
     "bodies.local[1] (财税局)"),
    ('[bodies]\nlocal = [ { forms = ["财政局"] } ]\n[probable]\nvariants = [["财政局", "税务局"]]\n',
     "probable.variants[0]"),
    ('[bodies\nlocal = 1\n', "not valid TOML"),
])
def test_malformed_file_raises_clear_error(tmp_path, body, needle):
    p = _write(tmp_path, body)
    with pytest.raises(LexiconError) as ei:
        load_lexicon(p)
    msg = str(ei.value)
    assert str(p) in msg and needle in msg, msg


# ------------------------------------------------------------------------------- corpus
def _gold_unit_names() -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for gold in sorted(CORPUS.glob("*/gold.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        found = [u for t in g.get("tasks", []) for role in ("lead", "support", "responsible")
                 for u in t.get(role, [])]
        found += (g.get("metadata") or {}).get("recipients") or []
        for u in found:
            names.setdefault(u, set()).add(gold.parent.name)
    return names


needs_corpus = pytest.mark.skipif(not any(CORPUS.glob("*/gold.json")),
                                  reason="shared corpus with gold files is absent")


@needs_corpus
def test_corpus_coverage(capsys):
    """The lexicon's coverage of the gold's unit names may rise, never fall: it is a ratchet
    (scripts/ratchet.py keeps it in benchmarks/accuracy_record.json under "_corpus_"), because the
    shared corpus grows with notices whose units no lexicon can know (company branches, OCR damage)."""
    ratchet = _ratchet()
    record = ratchet.load_record(ratchet.DEFAULT_RECORD)
    tol = float(record.get("tolerance", ratchet.TOLERANCE))
    for script in ratchet.SCRIPTS:
        share = ratchet.lexicon_coverage(CORPUS, script)
        recorded = record["scores"][script][ratchet.CORPUS_KEY]["lexicon_coverage"]
        with capsys.disabled():
            print(f"\nunit lexicon coverage ({script}): {share:.1%} of distinct gold unit names known "
                  f"(record {recorded:.1%})")
        assert share >= recorded - tol, (script, share, recorded)


def _ratchet():
    import importlib.util
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("ratchet_script", root / "scripts" / "ratchet.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# Names that the gold's notes say denote one body (kept as written there).
SAME_BODY = [
    ("市发展改革委", "市發展改革委"),
    ("省市场监督管理局", "省市场监管局"),
    ("省住建厅", "省住房城乡建设厅"),
    ("各區縣(市)人民政府", "各區縣(市)政府"),
    ("市通信发展管理办公室", "市通管办"),
    ("各有关单位", "各有關單位"),
    ("市市场监管局", "市市場監管局"),
    ("市财政局", "市財政局"),
    ("各县(市、区)工信科技局", "各县(市、区)工科局"),
]
# Names the gold's notes say denote one body but that no reader can merge with certainty.
PROBABLE = [("市交通局", "市交通運輸局"), ("市供電公司", "鄭州供電公司"),
            ("市委文明办", "中共龙岩市委精神文明建设办公室"), ("国网龙岩供电公司", "市供电公司")]


@needs_corpus
def test_corpus_same_body_same_id():
    names = _gold_unit_names()
    by_fold: dict[str, set[str]] = {}
    for n in names:
        by_fold.setdefault(simplify(n).replace(" ", ""), set()).add(rid(n))
    assert all(len(ids) == 1 for ids in by_fold.values()), by_fold
    checked = 0
    for a, b in SAME_BODY:
        if a in names and b in names:
            assert rid(a) == rid(b), (a, b)
            checked += 1
    assert checked >= 5


def test_probable_aliases_are_variants():
    for a, b in PROBABLE:
        ra, rb = resolve_unit(a), resolve_unit(b)
        assert ra.id != rb.id
        assert rb.id in ra.variants or ra.id in rb.variants, (a, b, ra, rb)
