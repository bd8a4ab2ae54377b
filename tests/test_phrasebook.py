"""The phrasebook (docs/phrasebook.md) is generated from the rule files, and every rule's example
gives the result the rule file states, in Simplified and in Traditional script."""
from __future__ import annotations

import pytest

from extractor import phrasebook
from extractor.annotate.deadlines import find_deadlines, rule_data
from extractor.annotate.quantities import find_quantities, load_config
from extractor.lang.roles import phrase_rules
from extractor.normalise import normalise, to_script
from extractor.pipeline import extract_text

SCRIPTS = ["simplified", "traditional"]
D = rule_data()
Q = load_config().data
CTX = D.example_context


def _src(example: str, script: str) -> str:
    return example if script == "simplified" else to_script(example, "traditional")


def _deadlines(src: str):
    t = normalise(src).text
    return [(src[h.start:h.end], h.date, h.kind, h.rule)
            for h in find_deadlines(t, default_year=int(CTX["default_year"]), issue_date=CTX["issue_date"])]


def _quantities(src: str):
    t = normalise(src).text
    dls = find_deadlines(t, default_year=int(CTX["default_year"]))
    out = []
    for h in find_quantities(t, deadlines=dls):
        text = normalise(src[h.start:h.end]).text     # compare in the analysis form
        if h.value_max is None:
            out.append((text, h.value, h.unit or "", h.comparator, h.rule))
        else:   # a range is two quantities (ANNOTATION.md)
            out.append((text, h.value, h.unit or "", ">=", h.rule))
            out.append((text, h.value_max, h.unit or "", h.max_comparator or "<=", h.rule))
    return out


def _table_quantities(src: str):
    # a table example is a small notice: read whole, its rows' quantities in the analysis form
    doc = extract_text(src, path="example.txt", include_text=False)
    return [(normalise(q["text"]).text, q["value"], normalise(q["unit"] or "").text, q["comparator"], q["rule"])
            for t in doc["tasks"] for q in t["targets"]]


def test_phrasebook_is_up_to_date():
    assert phrasebook.DOC.read_text("utf-8") == phrasebook.render(), \
        "docs/phrasebook.md is stale: run python -m extractor.phrasebook"
    assert phrasebook.main(["--check"]) == 0


def test_phrasebook_has_one_row_per_rule():
    ids = [r.id for r in phrasebook.rows()]
    assert len(ids) == len(set(ids))
    n = len(D.rule) + len(D.not_deadline) + len(Q.rule) + len(Q.nonquantity) + len(phrase_rules())
    assert len(ids) == n
    doc = phrasebook.render()
    for rid in ids:
        assert f"| `{rid}` |" in doc


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("rule", D.rule, ids=lambda r: r.id)
def test_deadline_rule_example(rule, script):
    src = _src(rule.example, script)
    want_text = _src(rule.expect.text, script)
    if rule.cell:   # a table cell rule: its example is a small notice, read whole
        doc = extract_text(src, path="example.txt", include_text=False)
        got = [(d["text"], d["date"], d["kind"], d["rule"]) for t in doc["tasks"] for d in t["deadlines"]]
        assert (want_text, rule.expect.date, rule.kind, rule.id) in got, got
        return
    assert (want_text, rule.expect.date, rule.kind, rule.id) in _deadlines(src)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("rule", D.not_deadline, ids=lambda r: r.id)
def test_not_deadline_example(rule, script):
    src = _src(rule.example, script)
    assert rule.expect_none in src or script == "traditional"
    got = [normalise(x[0]).text for x in _deadlines(src)]
    assert rule.expect_none not in got


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("rule", Q.rule, ids=lambda r: r.id)
def test_quantity_rule_example(rule, script):
    got = _table_quantities(_src(rule.example, script)) if rule.table else _quantities(_src(rule.example, script))
    for e in rule.expect:
        want = (e.text, e.value, e.unit or "", e.comparator)
        assert want in [g[:4] for g in got], (want, got)
        # the quantity carries the id of the rule that read it
        assert any(g[:4] == want and g[4] == rule.id for g in got), (rule.id, got)



@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("rule", Q.nonquantity, ids=lambda r: r.id)
def test_not_quantity_example(rule, script):
    got = _quantities(_src(rule.example, script))
    assert all(rule.expect_none not in g[0] and g[0] not in rule.expect_none for g in got), got


def _notice(item: str) -> str:
    return ("关于印发某市示范工作方案的通知\n各有关单位：\n现将方案印发给你们。\n某市示范工作方案\n一、重点任务\n"
            f"（一）{item}\n（二）做好总结。形成报告。\n某市人民政府\n2021年3月15日\n")


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("rule", phrase_rules(), ids=lambda r: r.id)
def test_unit_phrase_example(rule, script):
    src = _src(_notice(rule.example), script)
    doc = extract_text(src, path="phrase.txt", include_text=False)
    got = [(normalise(r["unit"]).text, r["role"]) for r in doc["tasks"][0]["responsibilities"]]
    want = [(normalise(u).text, role) for u, role in rule.expect]
    assert got == want


def test_speed_gates_do_not_change_what_is_read():
    """Rules carry literal gates (tried only where a word occurs) and not_after characters instead
    of leading look-behinds, for speed; with every gate removed the results are the same."""
    import dataclasses
    from pathlib import Path

    from extractor.annotate import deadlines as dmod
    from extractor.annotate import quantities as qmod

    root = Path(__file__).resolve().parent.parent / "corpora"
    texts = [normalise(p.read_text("utf-8")).text for p in sorted(root.rglob("text.txt"))]
    texts += [normalise(r.example).text for r in D.rule] + [normalise(r.example).text for r in Q.rule]
    assert len(texts) > 20

    def run():
        out = []
        for t in texts:
            d = dmod.find_deadlines(t, default_year=2021, issue_date="2021-03-15")
            out.append((d, qmod.find_quantities(t, deadlines=d)))
        return out

    gated = run()
    rules = dmod.load_rules()
    cfg = qmod.load_config()
    saved = [(rules, "rules"), (rules, "not_deadline"), (cfg, "nonq"), (cfg, "words")]
    saved = [(o, k, getattr(o, k)) for o, k in saved]
    try:   # the loaded rules are frozen and cached: swap the fields for this test only
        object.__setattr__(rules, "rules", tuple(dataclasses.replace(r, gate=()) for r in rules.rules))
        object.__setattr__(rules, "not_deadline", tuple((i, rx, ()) for i, rx, _ in rules.not_deadline))
        object.__setattr__(cfg, "nonq", tuple((i, rx, ()) for i, rx, _ in cfg.nonq))
        object.__setattr__(cfg, "words", tuple(w[:5] + ((),) for w in cfg.words))
        ungated = run()
    finally:
        for o, k, v in saved:
            object.__setattr__(o, k, v)
    assert ungated == gated
