"""The spaCy pipeline: ``spacy.blank("zh")`` with the jieba segmenter and the policy components.

Components are registered with ``@Language.factory`` in one place (this module) and declare what
they assign. Each writes its findings, with the id of the rule that produced each one, to
``doc.user_data["policy"]`` (exact character offsets) and to ``doc.spans[...]`` (token-aligned
spans for spaCy users). A user can replace any component::

    nlp = make_nlp()
    nlp.replace_pipe("policy_deadlines", "my_deadlines")

Order: policy_structure (notice, metadata, outline, tasks) -> policy_responsibilities ->
policy_deadlines -> policy_quantities.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.errors import Errors
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from . import steps

for _name in ("policy_rule", "policy_role", "policy_value"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def _state(doc: Doc) -> dict:
    return doc.user_data.setdefault("policy", {})


def _text(doc: Doc) -> str:
    """The analysis text. spaCy's Chinese tokenizer may fold whitespace, so ``doc.text`` can differ
    from the text given; the exact text travels in user_data and all offsets refer to it."""
    st = _state(doc)
    if "text" not in st:
        st["text"] = doc.text
    return st["text"]


def _aligned(doc: Doc) -> bool:
    """Whether token offsets are offsets into the analysis text (checked once per document)."""
    st = _state(doc)
    if "aligned" not in st:
        st["aligned"] = len(doc.text) == len(_text(doc)) and doc.text == _text(doc)
    return st["aligned"]


def _spans(doc: Doc, key: str, items, label_of, attrs_of=None):
    spans = []
    if not _aligned(doc):
        doc.spans[key] = spans      # offsets do not align with the tokens' text
        return
    for it in items:
        s, e = it["span"]
        sp = doc.char_span(s, e, label=label_of(it), alignment_mode="expand")
        if sp is None:
            continue
        sp._.policy_rule = it.get("rule")
        if attrs_of:
            for k, v in attrs_of(it).items():
                setattr(sp._, k, v)
        spans.append(sp)
    doc.spans[key] = spans


@Language.factory("policy_structure", assigns=["doc.user_data"])
def make_structure(nlp: Language, name: str):
    def structure(doc: Doc) -> Doc:
        st = _state(doc)
        st.update(steps.structure(_text(doc), st.get("options", {})))
        return doc
    return structure


# The annotating components: (name, the step it runs, the doc.spans key, the items it spans,
# the span label, the span attributes). One table, one factory each, registered below.
_ANNOTATORS = [
    ("policy_responsibilities", steps.responsibilities, "responsibilities",
     lambda st: [h for t in st["tasks"] for h in t["responsibilities"]],
     lambda h: h["role"], lambda h: {"policy_role": h["role"], "policy_value": h["unit_id"]}),
    ("policy_deadlines", steps.deadlines, "deadlines",
     lambda st: [d for t in st["tasks"] for d in t["deadlines"]],
     lambda d: d["kind"], lambda d: {"policy_value": d["date"]}),
    ("policy_quantities", steps.quantities, "quantities",
     lambda st: [q for t in st["tasks"] for q in t["targets"]] + st["goals"],
     lambda q: q["kind"], lambda q: {"policy_value": q["value"]}),
]


def _register(name, step, key, items, label_of, attrs_of):
    def factory(nlp: Language, name: str):
        def component(doc: Doc) -> Doc:
            st = _state(doc)
            step(_text(doc), st)
            _spans(doc, key, items(st), label_of, attrs_of)
            return doc
        return component
    Language.factory(name, assigns=["doc.spans"], requires=["doc.user_data"], func=factory)


for _entry in _ANNOTATORS:
    if not Language.has_factory(_entry[0]):
        _register(*_entry)


COMPONENTS = ["policy_structure", "policy_responsibilities", "policy_deadlines", "policy_quantities"]


def _words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """``spacy.util.get_words_and_spaces`` with the same result in linear time: spaCy looks each
    word up in a fresh copy of the rest of the text (``text[pos:].index(word)``), which made the
    Chinese tokenizer quadratic (119x the time for 10x a one-line text)."""
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError(Errors.E194.format(text=text, words=words))
    text_words: list[str] = []
    text_spaces: list[bool] = []
    pos = 0
    for word in (w for w in words if not w.isspace()):
        try:
            start = text.index(word, pos)
        except ValueError:
            raise ValueError(Errors.E194.format(text=text, words=words)) from None
        if start > pos:
            text_words.append(text[pos:start])
            text_spaces.append(False)
            pos = start
        text_words.append(word)
        text_spaces.append(False)
        pos += len(word)
        if pos < len(text) and text[pos] == " ":
            text_spaces[-1] = True
            pos += 1
    if pos < len(text):
        text_words.append(text[pos:])
        text_spaces.append(False)
    return text_words, text_spaces


class LinearChineseTokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer (jieba or char segmentation; the same tokens) with the linear
    alignment above; other segmenters are left to spaCy."""

    def __call__(self, text: str) -> Doc:
        if self.segmenter == Segmenter.jieba:
            words = [x for x in self.jieba_seg.cut(text, cut_all=False) if x]
        elif self.segmenter == Segmenter.char:
            words = list(text)
        else:
            return super().__call__(text)
        words, spaces = _words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("policy_extractor.ChineseTokenizer.v1")
def _linear_chinese_tokenizer(segmenter: str = "char"):
    def factory(nlp: Language) -> LinearChineseTokenizer:
        return LinearChineseTokenizer(nlp.vocab, segmenter=segmenter)
    return factory


def make_nlp(segmenter: str = "jieba", components: list[str] | None = None) -> Language:
    """Build the pipeline. ``segmenter``: "jieba" (word tokens, unit names from the shipped lexicon
    added to jieba's dictionary) or "char" (one token per character). The extraction is the same
    whichever is used: the components work on character offsets."""
    if segmenter not in ("jieba", "char"):
        raise ValueError(f"segmenter must be jieba or char, not {segmenter!r}")
    import logging
    import jieba
    import spacy
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policy_extractor.ChineseTokenizer.v1",
                                                           "segmenter": segmenter}}})
    if segmenter == "jieba":
        _jieba_with_units()
    for c in components or COMPONENTS:
        nlp.add_pipe(c)
    return nlp


@lru_cache(maxsize=1)
def _jieba_with_units() -> None:
    import logging
    import jieba
    jieba.setLogLevel(logging.WARNING)
    from ..lexicon_api import unit_terms
    for term in unit_terms():
        jieba.add_word(term, freq=20000, tag="nt")


@lru_cache(maxsize=2)
def shared_nlp(segmenter: str = "jieba") -> Language:
    return make_nlp(segmenter)
