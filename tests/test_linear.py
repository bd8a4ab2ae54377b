"""Cost grows linearly with the text: counted in executed lines of the package, not in seconds.

The timing table is ``benchmarks/bench_growth.py``; these tests count work instead, so they give
the same answer on a busy machine. Texts are generated here, in our own words.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from extractor.intervals import Spans

PACKAGE = str(Path(__file__).resolve().parents[1] / "extractor")
HEAD = "关于印发某市重点任务分工方案的通知\n各有关单位：\n现将方案印发给你们，请认真贯彻落实。\n"
UNITS = ["市发改委", "市环保局", "市财政局", "市住建局", "市交通局", "市水利局", "市商务局", "市教育局"]
CN = "一二三四五六七八九"


def _paren(i: int) -> str:
    # the same number every time: each group opens a list of its own, and each label covers a span
    return "（一）加强管理。（牵头单位：市环保局，配合单位：市发改委）到2025年达到30%。"


def _outline(i: int) -> str:
    a, b = UNITS[i % 8], UNITS[(i + 1) % 8]
    head = ""
    if i % 25 == 0:
        head += f"{CN[i // 25 % 9]}、重点任务\n"
    if i % 5 == 0:
        head += f"（{i // 5 % 5 + 1}）落实责任。\n"
    return head + f"{'①②③④⑤'[i % 5]}健全第{i}项制度，由{a}负责，{b}配合。"


def _table(i: int) -> str:
    row = f"{i + 1} | 加强第{i}项管理，达到{60 + i % 30}% | {UNITS[i % 8]} | {UNITS[(i + 3) % 8]} | {i % 12 + 1}月底前"
    return ("序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限\n" + row) if i % 100 == 0 else row


def _numbers(i: int) -> str:
    return (f"{i % 99 + 1}.优化结构。到2025年，浓度下降到{30 + i % 9}微克/立方米，比率达到{75 + i % 20}.5%以上，"
            f"新增{1200 + i}个，投资3.5亿元，不少于{i % 900 + 100}公里。")


def _text(piece, size: int, sep: str) -> str:
    parts, n, i = [], len(HEAD), 0
    while n < size:
        p = piece(i)
        parts.append(p if sep == "\n" else p.replace("\n", ""))
        n += len(p) + 1
        i += 1
    return (HEAD + sep.join(parts))[:size]


def _lines_executed(text: str) -> int:
    """Lines of the package executed by one extraction (the direct engine)."""
    from extractor.pipeline import extract_text
    extract_text(text[:200], segmenter="none")            # load rules and lexicon outside the count
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        extract_text(text, segmenter="none", include_text=False)
    finally:
        sys.settrace(None)
    return count


# 10x the text may cost at most 15x (the bound); linear code stays near 10x
@pytest.mark.parametrize("piece,sep", [(_paren, ""), (_paren, "\n"), (_outline, ""), (_outline, "\n"),
                                       (_table, "\n"), (_numbers, "")],
                         ids=["paren-one-line", "paren-lines", "outline-one-line", "outline-lines",
                              "table-lines", "numbers-one-line"])
def test_work_grows_linearly(piece, sep):
    small = _lines_executed(_text(piece, 4_000, sep))
    large = _lines_executed(_text(piece, 40_000, sep))
    assert large / small <= 15, f"{large} lines executed for 10x the text vs {small}: {large / small:.1f}x"


def test_spans_answer_like_a_scan():
    rng = random.Random(9)
    for _ in range(5000):
        spans = [(a, a + rng.randint(0, 8)) for a in (rng.randint(0, 40) for _ in range(rng.randint(0, 6)))]
        s = Spans(spans)
        for p in range(-1, 50):
            assert s.holds(p) == any(a <= p < b for a, b in spans), (spans, p)
            assert s.holds_end(p) == any(a < p <= b for a, b in spans), (spans, p)


def test_clause_tail_test_answers_like_trying_every_tail():
    """subjectless_lead asks whether some tail of a clause is a unit name; it stops once the tail is
    too long to be one. That shortcut must answer as trying every tail does."""
    from extractor.cues.responsibilities import _ends_with_unit
    from extractor.lang.lexicon_api import looks_like_unit
    rng = random.Random(9)
    chars = list("市县区局厅委办政府人民发改环保财政等和及 \u3000\u200b")
    names = ["市发改委", "市生态环境局", "各区县人民政府", "市财政局等", "省住房和城乡建设厅"]
    seen = set()
    for _ in range(3000):
        clause = "".join(rng.choice(names) if rng.random() < 0.5 else
                         "".join(rng.choice(chars) for _ in range(rng.randint(0, 30)))
                         for _ in range(rng.randint(1, 4)))
        want = any(looks_like_unit(clause[k:]) for k in range(len(clause)))
        assert _ends_with_unit(clause) == want, clause
        seen.add((want, len(clause) > 40))
    assert seen == {(True, True), (True, False), (False, True), (False, False)}   # every case was met


def test_extraction_pauses_the_collector_and_restores_it():
    import gc

    from extractor.gcpause import gc_paused
    from extractor.pipeline import extract_text
    seen = []

    @gc_paused
    def outer():
        seen.append(gc.isenabled())
        inner()
        seen.append(gc.isenabled())          # an inner call does not resume it early

    @gc_paused
    def inner():
        seen.append(gc.isenabled())

    assert gc.isenabled()
    outer()
    assert seen == [False, False, False] and gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        gc_paused(lambda: 1 / 0)()
    assert gc.isenabled()                    # resumed after an error too
    gc.disable()
    try:
        extract_text(HEAD + _paren(0), segmenter="none")
        assert not gc.isenabled()            # a caller's own pause is left as it was
    finally:
        gc.enable()


def test_token_alignment_is_spacys():
    """The pipeline's Chinese tokenizer aligns words to the text as spaCy does (same tokens and
    spaces, same error), only without copying the rest of the text for every word."""
    from spacy.util import get_words_and_spaces

    from extractor.annotate.nlp import _words_and_spaces
    from extractor.pipeline import make_nlp
    rng = random.Random(9)

    def both(words, text):
        out = []
        for fn in (get_words_and_spaces, _words_and_spaces):
            try:
                out.append(tuple(fn(words, text)))
            except ValueError:
                out.append("error")
        return out

    errors = 0
    for _ in range(3000):
        text = "".join(rng.choice("市局 办\n\t25,。") for _ in range(rng.randint(0, 30)))
        words, i = [], 0
        while i < len(text):
            k = rng.randint(1, 3)
            if not (text[i:i + k].isspace() and rng.random() < 0.5):   # a segmenter may drop whitespace
                words.append(text[i:i + k])
            i += k
        if words and rng.random() < 0.05:
            words[-1] += "x"                                           # words that do not fit the text
        spacy_out, ours = both(words, text)
        assert ours == spacy_out, (words, text)
        errors += ours == "error"
    assert errors > 0
    doc = make_nlp("jieba")("市生态环境局牵头，市发改委配合。  2025年底前完成")
    assert doc.text == "市生态环境局牵头，市发改委配合。  2025年底前完成"
    assert "市生态环境局" in [t.text for t in doc]
