"""Alignment's word dictionary, loaded only where the texts need it.

jieba cuts a string by looking up its substrings in a dictionary of ~500k words and prefixes
(``Tokenizer.FREQ``); building that dict (even from jieba's own marshal cache) costs ~0.5-0.9 s
of CPU, which used to be most of batch's alignment pass, although a handful of cited pairs looks
up a tiny part of it. Here the dictionary (jieba's plus the words alignment adds) is written once
to a cache file grouped by each word's first two characters, and each string is prepared before
it is cut by loading only the groups of its characters and character pairs. Every substring of
length >= 2 begins with one of the string's pairs, and single characters are loaded with their
group, so every lookup jieba makes on that string answers exactly as with the full dictionary
(and ``total``, which the scores divide by, is the full dictionary's): same words, same offsets
(tested against the full tokenizer).

Cache file (in the temporary folder, like jieba's own cache; named by a hash of jieba's version,
its dictionary file and the added words, so any change builds a new one): marshal blobs, with a
trailer of the first-character index. A file that cannot be written or read leaves the full
dictionary in memory, which is what alignment did before.
"""
from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import struct
import tempfile
from pathlib import Path

from ..emit.files import write_atomic

FORMAT = b"policy-extract-wordfreq-1"
_TRAILER = struct.Struct("<QQ")           # offset and length of the first-character index


def _key(dict_path: str, added: list[tuple[str, int]]) -> str:
    import jieba
    st = os.stat(dict_path)
    h = hashlib.sha256(FORMAT)
    h.update(f"{jieba.__version__}\0{os.path.abspath(dict_path)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for w, f in sorted(added):      # the lexicon's terms come in set order; only the multiset matters
        h.update(f"{w}\0{f}\n".encode("utf-8"))
    return h.hexdigest()[:24]


def _write(path: Path, freq: dict[str, int], total: int) -> None:
    """Group by first character, then by second ('' = the single character itself)."""
    groups: dict[str, dict[str, dict[str, int]]] = {}
    for w, f in freq.items():
        groups.setdefault(w[0], {}).setdefault(w[1:2], {})[w] = f
    chunks, pos, first = [], 0, {}
    for c1 in sorted(groups):
        sub = {}
        for c2 in sorted(groups[c1]):
            blob = marshal.dumps(groups[c1][c2])
            sub[c2] = (pos, len(blob))
            chunks.append(blob)
            pos += len(blob)
        blob = marshal.dumps(sub)
        first[c1] = (pos, len(blob))
        chunks.append(blob)
        pos += len(blob)
    blob = marshal.dumps((total, first))
    chunks.append(blob)
    chunks.append(_TRAILER.pack(pos, len(blob)))
    chunks.append(FORMAT)
    write_atomic(path, b"".join(chunks))


class LazyFreq:
    """Fills a jieba Tokenizer's FREQ from the cache file as strings are prepared (``need``)."""

    def __init__(self, path: Path, tok):
        with open(path, "rb") as f:
            self.mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        n = len(FORMAT)
        if self.mm[-n:] != FORMAT:
            raise ValueError(f"{path}: not a word-frequency cache")
        off, ln = _TRAILER.unpack(self.mm[-n - _TRAILER.size:-n])
        total, self.first = marshal.loads(self.mm[off:off + ln])
        self.tok = tok
        tok.FREQ, tok.total, tok.initialized = {}, total, True
        self.subs: dict[str, dict] = {}          # first character -> its pair index (loaded)
        self.pairs: set[str] = set()             # pairs (and single characters) loaded

    def _sub(self, c: str) -> dict:
        sub = self.subs.get(c)
        if sub is None:
            loc = self.first.get(c)
            sub = marshal.loads(self.mm[loc[0]:loc[0] + loc[1]]) if loc else {}
            self.subs[c] = sub
        return sub

    def need(self, s: str) -> None:
        pairs = {s[i:i + 2] for i in range(len(s))} - self.pairs   # the last one is a single character
        pairs.update(c for c in set(s) if c not in self.pairs)
        if not pairs:
            return
        freq, mm = self.tok.FREQ, self.mm
        for p in pairs:
            loc = self._sub(p[0]).get(p[1:2])
            if loc:
                freq.update(marshal.loads(mm[loc[0]:loc[0] + loc[1]]))
        self.pairs |= pairs


def lazy_tokenizer(added: list[tuple[str, int]]):
    """(tokenizer, need) where ``need(s)`` must be called before cutting ``s``; ``need`` is None when
    the full dictionary had to be built in memory (no usable cache file)."""
    import jieba
    tok = jieba.Tokenizer()
    dict_path = tok.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    try:
        path = Path(tempfile.gettempdir()) / f"policy-extract-align-{_key(dict_path, added)}.wordfreq"
        if not path.exists():
            full = _full(added)
            _write(path, full.FREQ, full.total)
        lazy = LazyFreq(path, tok)
        return tok, lazy.need
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        # a read-only or full temporary folder, a damaged cache: the full dictionary in memory
        return _full(added), None


def _full(added: list[tuple[str, int]]):
    import jieba
    tok = jieba.Tokenizer()
    tok.initialize()
    for w, f in added:
        tok.add_word(w, freq=f)
    return tok
