"""Alignment's lazily loaded word dictionary cuts exactly like the full jieba dictionary."""
from __future__ import annotations

from extractor.align import wordfreq

ADDED = [("市生态环境局", 20000), ("市发展改革委", 20000), ("新能源汽车", 30000), ("充电桩", 30000),
         ("市发展改革委", 20000)]            # a duplicate, as Simplified and Traditional forms give
TEXTS = [
    "到2026年底，全市新建充电桩一千二百个，新能源汽车保有量达到十五万辆。",
    "市生态环境局牵头，市发展改革委配合，推进工业园区污水集中处理设施提标改造。",
    "完善老旧小区电梯加装补贴办法，研究出台支持社区养老服务的若干措施 2025 Q3。",
    "鼓励企业开展数字化转型诊断，培育一批专精特新中小企业和单项冠军。",
]


def _cut(tok, s):
    return list(tok.tokenize(s))


def test_lazy_dictionary_cuts_like_the_full_one(tmp_path, monkeypatch):
    monkeypatch.setattr(wordfreq.tempfile, "gettempdir", lambda: str(tmp_path))
    full = wordfreq._full(ADDED)
    tok, need = wordfreq.lazy_tokenizer(ADDED)
    assert need is not None and list(tmp_path.glob("*.wordfreq"))
    assert tok.total == full.total
    for s in TEXTS:
        need(s)
        assert _cut(tok, s) == _cut(full, s)
    # loaded only a small part of the dictionary
    assert len(tok.FREQ) < len(full.FREQ) / 10
    # a second tokenizer reads the cache file written by the first
    tok2, need2 = wordfreq.lazy_tokenizer(ADDED)
    need2(TEXTS[1])
    assert _cut(tok2, TEXTS[1]) == _cut(full, TEXTS[1])


def test_other_added_words_give_another_cache_file(tmp_path, monkeypatch):
    monkeypatch.setattr(wordfreq.tempfile, "gettempdir", lambda: str(tmp_path))
    wordfreq.lazy_tokenizer(ADDED)
    wordfreq.lazy_tokenizer(ADDED[:2])
    assert len(list(tmp_path.glob("*.wordfreq"))) == 2


def test_damaged_cache_falls_back_to_the_full_dictionary(tmp_path, monkeypatch):
    monkeypatch.setattr(wordfreq.tempfile, "gettempdir", lambda: str(tmp_path))
    wordfreq.lazy_tokenizer(ADDED)
    (path,) = tmp_path.glob("*.wordfreq")
    path.write_bytes(b"garbage")
    tok, need = wordfreq.lazy_tokenizer(ADDED)
    assert need is None
    assert _cut(tok, TEXTS[0]) == _cut(wordfreq._full(ADDED), TEXTS[0])
