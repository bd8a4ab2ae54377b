"""Speed-ups that must not change a result: each fast path against the plain code it replaced
(kept here as the specification), over the bundled texts and strings built to hit the edges."""
from __future__ import annotations

import random
from pathlib import Path

from extractor.lang import lexicon as lx
from extractor.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    out = [normalise(p.read_text("utf-8")).text for p in sorted(ROOT.glob("corpora/**/*.txt"))]
    out += [normalise(p.read_text("utf-8")).text for p in sorted((ROOT / "tests" / "fixtures").glob("**/*.txt"))]
    return out


def _tails(texts: list[str], n: int, seed: int = 9) -> list[str]:
    """Short strings ending at random places of the texts (what looks_like_unit is asked about)."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        t = rnd.choice(texts)
        if len(t) < 2:
            continue
        e = rnd.randrange(1, len(t) + 1)
        out.append(t[max(0, e - rnd.randrange(1, 12)):e])
    return out


def _edge_strings() -> list[str]:
    """Every non-unit word alone, after one and two characters, and with a unit suffix after it."""
    out = []
    for w in sorted(lx._NOT_UNIT_WORDS):
        out += [w, "市" + w, "某市" + w, w + "局", w[1:], "各" + w[1:]]
    return out


def _old_non_unit_word(s: str) -> bool:
    exempt = ("中心", "工作组", "小组", "领导小组", "单位", "部门", "机构", "企业", "政府", "集团", "公司")
    if any(s.endswith(w) for w in lx._NOT_UNIT_WORDS if len(w) >= 2 and len(s) - len(w) < 2) \
            or s in lx._NOT_UNIT_WORDS:
        return True
    return any(s.endswith(w) and w not in exempt for w in lx._NOT_UNIT_WORDS)


def test_non_unit_word_lookup_is_the_endswith_loop():
    strings = _edge_strings() + _tails(_texts(), 20000)
    assert len(strings) > 10000
    hits = 0
    for s in strings:
        assert lx._ends_with_non_unit_word(s) == _old_non_unit_word(s), s
        hits += _old_non_unit_word(s)
    assert hits > 100          # the strings do reach both answers


def test_suffix_kind_lookup_is_the_endswith_loop():
    lex = lx.get_lexicon()
    suffixes = [s for s, _k in lex.suffix_rules]
    strings = _tails(_texts(), 20000) + [p + s for s in suffixes for p in ("", "某", "市某")] + [s[1:] for s in suffixes]
    kinds = set()
    for s in strings:
        old = next((kind for suffix, kind in lex.suffix_rules if s.endswith(suffix)), "other")
        assert lex._suffix_kind(s) == old, s
        kinds.add(old)
    assert len(kinds) > 3


def _docno_strings() -> list[str]:
    """Document numbers in the shapes DOC_NO knows, with long CJK runs, spaces, near misses and
    overlaps before and after them."""
    cjk = "某市人民政府办公室关于印发文件"
    out = []
    for pre in ("", "某", cjk[:8], cjk[:9], cjk, cjk * 3, "(", "〔2021〕", "字", "字第", "号"):
        for no in ("〔2023〕12号", "[2019]7号", "【2020】 3 号", "(2024)第5号", "〔2023〕的12号", "〔1899〕1号",
                   "院臺經字第1130012345號", "府授字第 113001 号", "某某机关字第12号", "〔2023〕号", "(2023)"):
            for post in ("", "号", "印发", "〔2022〕9号", "字第123456号"):
                out.append(pre + no + post)
    return out


def test_docno_finditer_finds_what_finditer_finds():
    from extractor.structure.metadata import DOC_NO, docno_finditer
    cases = 0
    for t in _texts() + _docno_strings():
        for lo, hi in ((0, None), (3, None), (0, len(t) // 2), (len(t) // 3, len(t) - 2)):
            hi_ = len(t) if hi is None else max(hi, 0)
            want = [m.span() for m in DOC_NO.finditer(t, lo, hi_)]
            assert [m.span() for m in docno_finditer(t, lo, hi)] == want, (t[:80], lo, hi)
            cases += bool(want)
    assert cases > 500


def test_table_rows_need_their_separator():
    """find_tables skips the row scan where its separator is absent: every row pattern's match holds it."""
    from extractor.structure import tasks as T
    rows = {"|": T._ROW, "\t": T._TAB_ROW, "  ": T._SPACED_ROW}
    found = 0
    for t in _texts() + ["序号 | 任务 | 牵头单位\n1 | 做好 | 市局", "任务\t牵头单位\n做好\t市局", "任务　　牵头单位\n做好  市局",
                         "一行 没有 分隔", "甲|乙", "\t甲\t", "  "]:
        for sep, rx in rows.items():
            for m in rx.finditer(t):
                found += 1
                assert T._ROW_GAP[sep].search(m.group()), (sep, m.group())
            if not T._ROW_GAP[sep].search(t):
                assert T.find_tables(t, 0, len(t), lambda h: True, sep=sep) == []
    assert found >= 10          # the texts do hold rows of each kind


def test_fold_width_is_translate():
    from extractor.normalise import _WIDTH, fold_width
    variants = "".join(chr(k) for k in _WIDTH)
    rnd = random.Random(3)
    strings = [p.read_text("utf-8") for p in sorted(ROOT.glob("corpora/**/*.txt"))]
    strings += [variants, variants[::-1], "", "市　发改委（牵头）：１２％", "\u3000\u00a0\u2003\ufeff\u200b"]
    strings += ["".join(rnd.choice(variants + "甲乙,。 a1〔〕:") for _ in range(rnd.randrange(0, 60))) for _ in range(2000)]
    changed = 0
    for s in strings:
        assert fold_width(s) == s.translate(_WIDTH)
        changed += fold_width(s) != s
    assert changed > 1000


def _runon_strings() -> list[str]:
    """Run-on first lines: issuers and page chrome before 关于, stops (。:;) before and after it,
    prefixes longer than the pattern's reach, several titles on one line."""
    rnd = random.Random(7)
    pieces = ["某市人民政府办公室", "关于", "印发", "加强管理工作", "的通知", "的意见", "意见建议的通知", "。", ":", ";",
              "字号: 大 中 小", "为贯彻落实", "2024年", "各县区", "《", "》", "的", "函", "x" * 50]
    out = ["市" * n + "关于做好工作的通知" for n in (0, 1, 119, 120, 121, 200)]
    out += ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(1, 30))) for _ in range(3000)]
    return out


def test_runon_title_finditer_finds_what_finditer_finds():
    from extractor.structure.metadata import _RUNON_TITLE, runon_title_finditer
    n = 0
    for t in _texts() + _runon_strings():
        for body in (t, t[:1500]):
            want = [m.span() for m in _RUNON_TITLE.finditer(body)]
            assert [m.span() for m in runon_title_finditer(body)] == want, body[:80]
            n += len(want)
    assert n > 500


def test_anchor_reach_and_stops_are_needed():
    """The reach and the stops stated beside the patterns are what makes them exact: a shorter
    reach or a stop the pattern allows before its anchor loses matches."""
    from extractor.core.prefilter import finditer_anchored
    from extractor.structure import metadata as md
    long_prefix = "市" * 120 + "关于做好工作的通知"
    assert [m.span() for m in finditer_anchored(md._RUNON_TITLE, md._RUNON_ANCHOR, 119, long_prefix, stops="。:;")] \
        != [m.span() for m in md._RUNON_TITLE.finditer(long_prefix)]
    commas = "某市,某局关于做好工作的通知"
    assert [m.span() for m in finditer_anchored(md._RUNON_TITLE, md._RUNON_ANCHOR, 120, commas, stops=",")] \
        != [m.span() for m in md._RUNON_TITLE.finditer(commas)]
