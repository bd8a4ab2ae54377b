"""Generalisation across the genre, measured with the same scorer as `policy-extract eval`.

corpora/styles holds small notices written for this project, one style each (Taiwan 主(协)办机关,
bracket groups, first-listed-leads convention, flattened task table with merged cells, two task
levels, OCR text without line breaks). ../shared/corpus holds real notices with gold.
"""
from pathlib import Path

import pytest

from extractor.evaluate.score import evaluate_corpus
from extractor.load import load
from extractor.normalise import detect_script, to_script
from extractor.pipeline import extract_file, extract_text

ROOT = Path(__file__).resolve().parents[1]
STYLES = ROOT / "corpora" / "styles"
BARS = {"responsibilities": 0.90, "deadlines": 0.85, "quantities": 0.80, "tasks": 0.85}


def _other_script(p):
    text = load(p).text
    target = "simplified" if detect_script(text) == "traditional" else "traditional"
    return extract_text(to_script(text, target), path=str(p), include_text=False)


@pytest.fixture(scope="module")
def styles_scores():
    return evaluate_corpus(STYLES, lambda p: extract_file(p, include_text=False))


def test_each_style_extracts(styles_scores):
    assert not styles_scores["errors"]
    assert len(styles_scores["documents"]) >= 6
    for doc, s in styles_scores["documents"].items():
        for field in ("tasks", "responsibilities", "deadlines", "quantities"):
            assert s[field]["f1"] >= 0.95, (doc, field, s[field])


def test_styles_same_in_the_other_script(styles_scores):
    other = evaluate_corpus(STYLES, _other_script)
    for field in BARS:
        assert abs(other["macro"][field]["f1"] - styles_scores["macro"][field]["f1"]) <= 0.02, field


@pytest.fixture(scope="module")
def corpus_scores(corpus_dir):
    return evaluate_corpus(corpus_dir, lambda p: extract_file(p, include_text=False))


def test_shared_corpus_meets_the_bar(corpus_scores):
    assert not corpus_scores["errors"], corpus_scores["errors"]
    for field, bar in BARS.items():
        assert corpus_scores["macro"][field]["f1"] >= bar, (field, corpus_scores["macro"][field])


def test_shared_corpus_same_in_the_other_script(corpus_dir, corpus_scores):
    other = evaluate_corpus(corpus_dir, _other_script)
    assert not other["errors"]
    for field in BARS:
        assert abs(other["macro"][field]["f1"] - corpus_scores["macro"][field]["f1"]) <= 0.02, field
