"""The spaCy components: each stage registered with ``@Language.factory`` in one place (this
module), declaring what it assigns. The pipeline (:func:`extractor.pipeline.make_nlp`) puts them in
the stages' order. Each component replaces the typed :class:`~extractor.core.model.Findings` in
``doc.user_data["policy"]`` (exact character offsets, the rule id of every finding) and writes
``doc.spans[...]`` (token-aligned spans for spaCy users). A user can replace any component::

    nlp = make_nlp()
    nlp.replace_pipe("policy_deadlines", "my_deadlines")
"""
from __future__ import annotations

from spacy.errors import Errors
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from ..structure.stage import structure as _structure
from . import steps

for _name in ("policy_rule", "policy_role", "policy_value"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

# user_data keys: the typed findings, the exact analysis text, whether token offsets align with it
STATE, TEXT, ALIGNED = "policy", "policy_text", "policy_aligned"


def _text(doc: Doc) -> str:
    """The analysis text. spaCy's Chinese tokenizer may fold whitespace, so ``doc.text`` can differ
    from the text given; the exact text travels in user_data and all offsets refer to it."""
    return doc.user_data.setdefault(TEXT, doc.text)


def _aligned(doc: Doc) -> bool:
    """Whether token offsets are offsets into the analysis text (checked once per document)."""
    if ALIGNED not in doc.user_data:
        doc.user_data[ALIGNED] = len(doc.text) == len(_text(doc)) and doc.text == _text(doc)
    return doc.user_data[ALIGNED]


def _spans(doc: Doc, key: str, items, label_of, attrs_of):
    spans = []
    if not _aligned(doc):
        doc.spans[key] = spans      # offsets do not align with the tokens' text
        return
    for it in items:
        sp = doc.char_span(it.span.start, it.span.end, label=label_of(it), alignment_mode="expand")
        if sp is None:
            continue
        sp._.policy_rule = it.rule
        for k, v in attrs_of(it).items():
            setattr(sp._, k, v)
        spans.append(sp)
    doc.spans[key] = spans


@Language.factory("policy_structure", assigns=["doc.user_data"])
def make_structure(nlp: Language, name: str):
    def structure(doc: Doc) -> Doc:
        doc.user_data[STATE] = _structure(_text(doc))
        return doc
    return structure


# The annotating components: (name, the step it runs, the doc.spans key, the items it spans,
# the span label, the span attributes). One table, one factory each, registered below.
_ANNOTATORS = [
    ("policy_responsibilities", steps.responsibilities, "responsibilities",
     lambda f: [h for t in f.tasks for h in t.responsibilities],
     lambda h: h.role, lambda h: {"policy_role": h.role, "policy_value": h.unit_id}),
    ("policy_deadlines", steps.deadlines, "deadlines",
     lambda f: [d for t in f.tasks for d in t.deadlines],
     lambda d: d.kind, lambda d: {"policy_value": d.date}),
    ("policy_quantities", steps.quantities, "quantities",
     lambda f: [q for t in f.tasks for q in t.targets] + list(f.goals),
     lambda q: q.kind, lambda q: {"policy_value": q.value}),
]


def _register(name, step, key, items, label_of, attrs_of):
    def factory(nlp: Language, name: str):
        def component(doc: Doc) -> Doc:
            found = step(_text(doc), doc.user_data[STATE])
            doc.user_data[STATE] = found
            _spans(doc, key, items(found), label_of, attrs_of)
            return doc
        return component
    Language.factory(name, assigns=["doc.spans"], requires=["doc.user_data"], func=factory)


for _entry in _ANNOTATORS:
    if not Language.has_factory(_entry[0]):
        _register(*_entry)


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
