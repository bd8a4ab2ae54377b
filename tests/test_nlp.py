"""The spaCy pipeline: one public builder, registered components that a user can replace."""
from dataclasses import replace

from spacy.language import Language

import extractor
from extractor.pipeline import COMPONENTS, run_nlp


def test_make_nlp_components_and_tokens():
    nlp = extractor.make_nlp()
    assert nlp.lang == "zh" and nlp.pipe_names == COMPONENTS
    assert nlp.tokenizer.segmenter == "jieba"
    doc = nlp.make_doc("市生态环境局牵头")
    # the unit lexicon is in jieba's dictionary: the unit name is one token
    assert "市生态环境局" in [t.text for t in doc]


def test_component_can_be_replaced():
    @Language.factory("test_no_deadlines", assigns=["doc.spans"])
    def _make(nlp, name):
        def comp(doc):
            found = doc.user_data["policy"]
            doc.user_data["policy"] = replace(found, tasks=tuple(replace(t, deadlines=()) for t in found.tasks))
            return doc
        return comp

    nlp = extractor.make_nlp(segmenter="char")
    nlp.replace_pipe("policy_deadlines", "test_no_deadlines")
    text = "一、主要任务\n1.完成改造。2025年年底前完成。\n牵头单位：市发展改革委\n"
    doc = run_nlp(text, nlp=nlp)
    t = doc.user_data["policy"].tasks[0]
    assert t.deadlines == () and t.responsibilities[0].role == "lead"
    doc2 = run_nlp(text, nlp=extractor.make_nlp(segmenter="char"))
    assert doc2.user_data["policy"].tasks[0].deadlines[0].date == "2025-12-31"
    # spans with rule ids for spaCy users
    assert [s._.policy_rule for s in doc2.spans["responsibilities"]] == ["resp.label"]


def test_segmenters_and_direct_engine_extract_the_same(reference_text):
    from extractor.pipeline import extract_text
    a = extract_text(reference_text, segmenter="jieba", path="x")
    b = extract_text(reference_text, segmenter="char", path="x")
    c = extract_text(reference_text, segmenter="none", path="x")
    assert a == b == c


def test_direct_engine_same_on_corpus(corpus_dir):
    from extractor.pipeline import extract_file
    for d in sorted(corpus_dir.iterdir()):
        if (d / "text.txt").exists():
            assert extract_file(d / "text.txt", segmenter="none") == extract_file(d / "text.txt", segmenter="jieba"), d.name
