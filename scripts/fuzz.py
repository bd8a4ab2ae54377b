#!/usr/bin/env python3
"""Fuzz the whole pipeline: mutated notice text, and mutated bytes of real PDF, DOCX, HTML and TXT
fixtures, through load -> extract -> the output contract.

The property: for any input, the library returns a valid document or raises an
``extractor.errors.InputError`` (the user's file is bad). Anything else is an *escape*: another
exception, an ``InternalError`` (a wrapped bug), a ``DataFileError`` (the shipped data is fine, so
that would be a bug too), output that fails the contract, or a worker that died. A case that runs
longer than ``--timeout`` seconds is a *hang*.

Cases are generated from ``(seed, case number)`` alone, so any case is reproduced with
``--seed S --case N`` (which also prints the traceback); with ``--out DIR`` the input of every
escape or hang is saved there as well.

    python scripts/fuzz.py --cases 10000                 # the long run (CI runs ~2,000 via pytest)
    python scripts/fuzz.py --seed 0 --case 1234          # replay one case in-process
    python scripts/fuzz.py --cases 500 --only docx --out /tmp/fuzz
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import struct
import sys
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPORA = ROOT / "corpora"

FILE_SEEDS = ["zhengzhou.txt", "zhengzhou.html", "zhengzhou.docx", "zhengzhou.pdf", "tasktable.html",
              "tasktable.docx", "tasktable.pdf", "tasktable_lo.pdf"]
# the share of cases per family (text mutations and each loader)
FAMILIES = (("text", 0.34), ("txt", 0.11), ("html", 0.17), ("docx", 0.19), ("pdf", 0.19))

# Genre fragments the text mutator inserts: the cues the annotators look for, numbers in every
# written form, markers, brackets, and a few pathological runs.
FRAGMENTS = [
    "（牵头单位：", "牵头单位：", "配合单位：", "责任单位：", "）", "（", "(", ")", "、", "，", "。", "；", "：",
    "市发展改革委", "市生态环境局", "各区县人民政府", "市直有关部门", "到2025年", "2024年底前", "年底前",
    "长期坚持", "每年", "第三季度", "6月30日前", "民国113年", "113年12月31日", "二〇二五年", "一九九八",
    "百分之", "百分之五", "千分之三", "达到", "不低于", "控制在", "以上", "以下", "左右", "万吨", "亿元", "%",
    "％", "个百分点", "微克/立方米", "2×630MW", "3.5万", "1,200", "1. 5", "26.\n3%", "66.\n5", "至", "～", "-",
    "—", "一、", "（一）", "1.", "1、", "（1）", "①", "第一章", "第一条", "附件", "《", "》", "〔2024〕", "号",
    "\n", "\n\n", " ", "\u3000", "\t", "|", "｜", "两", "〇", "零", "十", "百", "千", "万", "亿", "万亿",
    "9" * 400, "二〇" * 300, "一" * 200, "九十九", "1" * 30 + "." + "2" * 30, "（" * 50, "）" * 50,
]


@dataclass
class Case:
    number: int
    family: str               # text, txt, html, docx, pdf
    seed_name: str            # the fixture or corpus text it was mutated from
    ops: list[str] = field(default_factory=list)
    text: str | None = None   # text cases
    data: bytes | None = None  # file cases
    name: str = ""            # the path given to the loader (its suffix is the seed's)


# --- seeds --------------------------------------------------------------------------------------

_SEED_CACHE: dict = {}


def _file_seeds() -> dict[str, bytes]:
    if "files" not in _SEED_CACHE:
        _SEED_CACHE["files"] = {n: (FIXTURES / n).read_bytes() for n in FILE_SEEDS if (FIXTURES / n).exists()}
    return _SEED_CACHE["files"]


def _text_seeds() -> dict[str, str]:
    if "texts" not in _SEED_CACHE:
        paths = sorted(CORPORA.glob("*/text.txt")) + sorted(CORPORA.glob("styles/*/text.txt"))
        _SEED_CACHE["texts"] = {str(p.relative_to(ROOT)): p.read_text("utf-8") for p in paths}
    return _SEED_CACHE["texts"]


# --- text mutators ------------------------------------------------------------------------------

def _pos(rng: random.Random, s) -> int:
    return rng.randrange(len(s) + 1)


def _region(rng: random.Random, s, max_len: int = 400) -> tuple[int, int]:
    a = _pos(rng, s)
    return a, min(len(s), a + rng.randrange(1, max_len + 1))


def _random_char(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return chr(rng.randrange(0x4E00, 0x9FFF))           # CJK
    if r < 0.7:
        return chr(rng.randrange(0x20, 0x7F))               # ASCII
    if r < 0.8:
        return chr(rng.randrange(0xFF01, 0xFF5F))           # full-width forms
    if r < 0.9:
        return chr(rng.choice([0x00, 0x0B, 0x0C, 0x1C, 0x85, 0x2028, 0x2029, 0x200B, 0xFEFF, 0xFFFD, 0x0301]))
    while True:                                             # anything but a lone surrogate
        c = rng.randrange(0x80, 0x30000)
        if not 0xD800 <= c <= 0xDFFF:
            return chr(c)


def _break_number(rng: random.Random, s: str) -> tuple[str, str]:
    """A line break (or space) inside a written number, as PDF text and OCR produce."""
    spots = [m for m in re.finditer(r"\d+(?:\.\d+)?|[一二三四五六七八九十百千万亿两〇]{2,}", s)]
    if not spots:
        return s, "break_number(none)"
    m = rng.choice(spots)
    if m.end() - m.start() < 2:
        return s, "break_number(short)"
    point = m.group().find(".")
    sep = rng.choice(["\n", "\n", " ", "\n ", "\r\n", "\n\n", "\u3000"])
    if m.group()[0].isdigit() and rng.random() < 0.5:
        # after the decimal point: "26.\n3%", the form PDF text and OCR produce (made from an integer)
        if point < 0:
            return s[:m.end()] + "." + sep + str(rng.randrange(10)) + s[m.end():], f"wrap_decimal@{m.end()}"
        i = m.start() + point + 1
    else:
        i = rng.randrange(m.start() + 1, m.end())
    return s[:i] + sep + s[i:], f"break_number@{i}"


def mutate_text(rng: random.Random, s: str, ops: list[str], rounds: int | None = None) -> str:
    for _ in range(rounds or rng.randrange(1, 5)):
        op = rng.choice(["insert_fragment", "insert_fragment", "break_number", "break_number", "delete",
                         "duplicate", "swap", "random_chars", "join_lines", "letter_space", "repeat_line",
                         "shuffle_lines", "truncate"])
        if op == "insert_fragment":
            i, f = _pos(rng, s), rng.choice(FRAGMENTS)
            s = s[:i] + f + s[i:]
        elif op == "break_number":
            s, op = _break_number(rng, s)
        elif op == "delete" and s:
            a, b = _region(rng, s)
            s = s[:a] + s[b:]
        elif op == "duplicate" and s:
            a, b = _region(rng, s)
            i = _pos(rng, s)
            s = s[:i] + s[a:b] + s[i:]
        elif op == "swap" and len(s) > 2:
            a, b = sorted(rng.sample(range(len(s)), 2))
            c = min(b, a + rng.randrange(1, 200))
            d = min(len(s), b + rng.randrange(1, 200))
            s = s[:a] + s[b:d] + s[c:b] + s[a:c] + s[d:]
        elif op == "random_chars":
            i = _pos(rng, s)
            s = s[:i] + "".join(_random_char(rng) for _ in range(rng.randrange(1, 20))) + s[i:]
        elif op == "join_lines" and s:
            a, b = _region(rng, s, 5000)
            s = s[:a] + s[a:b].replace("\n", "") + s[b:]
        elif op == "letter_space" and s:
            a, b = _region(rng, s, 60)
            s = s[:a] + " ".join(s[a:b]) + s[b:]
        elif op == "repeat_line":
            lines = s.split("\n")
            k = rng.randrange(len(lines))
            lines[k:k + 1] = [lines[k]] * rng.randrange(2, 60)
            s = "\n".join(lines)
        elif op == "shuffle_lines":
            lines = s.split("\n")
            a, b = _region(rng, lines, 30)
            part = lines[a:b]
            rng.shuffle(part)
            s = "\n".join(lines[:a] + part + lines[b:])
        elif op == "truncate" and s:
            s = s[:_pos(rng, s)]
        ops.append(op)
    return s


# --- byte mutators ------------------------------------------------------------------------------

_INTERESTING = [0x00, 0xFF, 0x7F, 0x80, 0x20, 0x0A, 0x30, 0x39, 0x3C, 0x3E, 0x25, 0x50, 0x4B, 0xFE, 0x01]


def _bitflips(rng, b: bytearray, ops):
    n = rng.choice([1, 1, 2, 4, 8, 32])
    for _ in range(n):
        if b:
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
    ops.append(f"bitflip x{n}")


def _set_bytes(rng, b: bytearray, ops):
    for _ in range(rng.randrange(1, 9)):
        if b:
            b[rng.randrange(len(b))] = rng.choice(_INTERESTING)
    ops.append("set_bytes")


def _truncate(rng, b: bytearray, ops):
    if b:
        k = rng.choice([rng.randrange(len(b)), len(b) - rng.randrange(1, min(len(b), 2048) + 1)])
        del b[k:]
        ops.append(f"truncate@{k}")


def _splice(rng, b: bytearray, ops, donors: list[bytes]):
    donor = rng.choice(donors)
    if not b or not donor:
        return
    a = rng.randrange(len(b))
    n = rng.randrange(1, 4096)
    s = rng.randrange(len(donor))
    b[a:a + rng.randrange(0, n)] = donor[s:s + n]
    ops.append("splice")


def _delete_dup(rng, b: bytearray, ops):
    if not b:
        return
    a = rng.randrange(len(b))
    e = min(len(b), a + rng.randrange(1, 2048))
    if rng.random() < 0.5:
        del b[a:e]
        ops.append("delete")
    else:
        i = rng.randrange(len(b))
        b[i:i] = b[a:e]
        ops.append("duplicate")


def _zip_damage(rng, b: bytearray, ops):
    """Damage a zip's directory: the end record, central-directory entries or local headers."""
    targets = []
    for sig, fields in ((b"PK\x05\x06", [(8, "H"), (10, "H"), (12, "I"), (16, "I")]),          # counts, cd size, cd offset
                        (b"PK\x01\x02", [(10, "H"), (20, "I"), (24, "I"), (28, "H"), (30, "H"), (42, "I")]),
                        (b"PK\x03\x04", [(8, "H"), (18, "I"), (22, "I"), (26, "H"), (28, "H")])):
        for m in re.finditer(re.escape(sig), bytes(b)):
            targets += [(m.start() + off, fmt) for off, fmt in fields]
    if not targets:
        return _bitflips(rng, b, ops)
    for _ in range(rng.randrange(1, 4)):
        off, fmt = rng.choice(targets)
        size = struct.calcsize("<" + fmt)
        if off + size > len(b):
            continue
        (old,) = struct.unpack_from("<" + fmt, b, off)
        top = 0xFFFF if fmt == "H" else 0xFFFFFFFF
        new = rng.choice([0, 1, top, top - 1, old + 1, max(0, old - 1), old + rng.randrange(1, 1 << 20),
                          max(0, old - rng.randrange(1, 1 << 20)), rng.randrange(top + 1)]) & top
        struct.pack_into("<" + fmt, b, off, new)
        ops.append(f"zip@{off}:{old}->{new}")


def _pdf_damage(rng, b: bytearray, ops):
    """Damage a PDF's structure: xref offsets, object numbers, stream lengths, the trailer."""
    spots = [m.span() for m in re.finditer(rb"startxref\s+\d+|/Length \d+|\d+ 0 obj|/Size \d+|/Root \d+|"
                                           rb"\d{10} \d{5} [nf]|/Count \d+|/Kids \[", bytes(b))]
    if not spots:
        return _bitflips(rng, b, ops)
    for _ in range(rng.randrange(1, 4)):
        a, e = rng.choice(spots)
        digits = [i for i in range(a, e) if 0x30 <= b[i] <= 0x39]
        if digits:
            b[rng.choice(digits)] = rng.choice(b"0123456789")
        else:
            b[rng.randrange(a, e)] = rng.choice(_INTERESTING)
        ops.append(f"pdf@{a}")


def _text_layer(rng, b: bytes, ops, family: str) -> bytearray:
    """Mutate the decoded text of a TXT or HTML file, then encode it (in one of its encodings)."""
    s = b.decode("utf-8", errors="replace")
    s = mutate_text(rng, s, ops, rounds=rng.randrange(1, 4))
    if family == "html" and rng.random() < 0.3:
        i = _pos(rng, s)
        tag = rng.choice(["<div>", "<table><tr><td>", "<p>", "<span>", "<ul><li>", "<br>", "<td>", "</td>",
                          "</div>", "<!--", "<script>", "<![CDATA[", "&#x", "&nbsp;" * 20])
        s = s[:i] + tag * rng.choice([1, 5, 500, 3000]) + s[i:]
        ops.append("html_tags")
    enc = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"])
    ops.append(f"encode:{enc}")
    return bytearray(s.encode(enc, errors="replace"))


def mutate_bytes(rng: random.Random, data: bytes, family: str, ops: list[str], donors: list[bytes]) -> bytes:
    if family in ("txt", "html") and rng.random() < 0.5:
        b = _text_layer(rng, data, ops, family)
    else:
        b = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        r = rng.random()
        if family == "docx" and r < 0.35:
            _zip_damage(rng, b, ops)
        elif family == "pdf" and r < 0.35:
            _pdf_damage(rng, b, ops)
        elif r < 0.55:
            _bitflips(rng, b, ops)
        elif r < 0.65:
            _set_bytes(rng, b, ops)
        elif r < 0.75:
            _truncate(rng, b, ops)
        elif r < 0.88:
            _splice(rng, b, ops, donors)
        else:
            _delete_dup(rng, b, ops)
    return bytes(b)


# --- cases --------------------------------------------------------------------------------------

def make_case(seed: int, number: int, only: str | None = None) -> Case:
    rng = random.Random(f"policy-extractor-fuzz:{seed}:{number}")
    if only:
        family = only
    else:
        x, family = rng.random(), FAMILIES[-1][0]
        for fam, share in FAMILIES:
            if x < share:
                family = fam
                break
            x -= share
    case = Case(number=number, family=family, seed_name="")
    if family == "text":
        texts = _text_seeds()
        case.seed_name = rng.choice(sorted(texts))
        s = texts[case.seed_name]
        if len(s) > 4000 and rng.random() < 0.7:          # a window keeps most cases fast
            a = rng.randrange(len(s) - 3000)
            s = s[a:a + rng.randrange(500, 3000)]
            case.ops.append(f"window@{a}")
        case.text = mutate_text(rng, s, case.ops)
        case.name = "fuzz.txt"
        return case
    files = _file_seeds()
    names = sorted(n for n in files if n.endswith("." + family))
    case.seed_name = rng.choice(names)
    case.data = mutate_bytes(rng, files[case.seed_name], family, case.ops, list(files.values()))
    case.name = f"fuzz-{number}-{case.seed_name}"
    return case


def run_case(case: Case) -> dict:
    """Run one case in this process: {"outcome": ok|input|escape, ...}."""
    from extractor.emit.validate import validate_document
    from extractor.errors import ExtractorError, InputError
    from extractor.load import load_bytes
    from extractor.pipeline import extract_loaded, extract_text
    try:
        if case.text is not None:
            doc = extract_text(case.text, path=case.name, segmenter="none")
        else:
            # no OCR: mutated text PDFs have garbled pages that --ocr auto would send to the engine
            # at seconds a page; the loaders are what is fuzzed (OCR: tests/test_ocr.py)
            doc = extract_loaded(load_bytes(case.data, case.name, ocr="never"), segmenter="none")
        problems = validate_document(doc, fast=True)
        if problems:
            return {"outcome": "escape", "error": "InvalidOutput", "message": problems[0][:300], "traceback": ""}
        return {"outcome": "ok"}
    except InputError as e:
        return {"outcome": "input", "detail": e.detail}
    except ExtractorError as e:        # InternalError (a wrapped bug) or DataFileError: escapes too
        cause = e.__cause__ or e
        return {"outcome": "escape", "error": f"{type(e).__name__}<{type(cause).__name__}>",
                "message": str(cause)[:300], "traceback": "".join(traceback.format_exception(cause))}
    except Exception as e:  # noqa: BLE001 - the point of the harness: anything else is an escape
        return {"outcome": "escape", "error": type(e).__name__, "message": str(e)[:300],
                "traceback": "".join(traceback.format_exception(e))}


# --- the runner: worker processes, a time limit per case ----------------------------------------

def _worker(conn, seed: int, only: str | None) -> None:
    while True:
        number = conn.recv()
        if number is None:
            return
        conn.send((number, run_case(make_case(seed, number, only))))


class _Slot:
    def __init__(self, ctx, seed, only):
        self.parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, seed, only), daemon=True)
        self.proc.start()
        child.close()
        self.number = None
        self.started = 0.0

    def give(self, number: int) -> None:
        self.number, self.started = number, time.monotonic()
        self.parent.send(number)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.parent.send(None)
            except OSError:
                pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.parent.close()


def save_case(case: Case, seed: int, out: Path, result: dict) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"seed{seed}-case{case.number}"
    if case.text is not None:
        inp = stem.with_suffix(".input.txt")
        inp.write_text(case.text, "utf-8")
    else:
        inp = Path(f"{stem}.input{Path(case.seed_name).suffix}")
        inp.write_bytes(case.data)
    info = {"seed": seed, "case": case.number, "family": case.family, "from": case.seed_name, "ops": case.ops,
            "input": str(inp), "replay": f"python scripts/fuzz.py --seed {seed} --case {case.number}"
            + (f" --only {case.family}" if result.get("only") else ""), **result}
    Path(f"{stem}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return inp


def run(seed: int = 0, cases: int = 2000, jobs: int = 2, timeout: float = 30.0, only: str | None = None,
        out: Path | None = None, start: int = 0, progress=None) -> dict:
    """Run cases ``start .. start+cases-1``; returns the counts, the escapes and the hangs."""
    import logging
    logging.getLogger("pdfminer").setLevel(logging.ERROR)    # damaged PDFs: pdfminer's own complaints
    # build the pipeline once, then fork: each worker starts warm
    from extractor.pipeline import extract_text
    extract_text("关于做好有关工作的通知\n一、加强统筹。\n牵头单位：市发展改革委\n", segmenter="none")
    _file_seeds()
    _text_seeds()
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    t0 = time.monotonic()
    todo = list(range(start, start + cases))[::-1]
    slots = [_Slot(ctx, seed, only) for _ in range(max(1, min(jobs, cases)))]
    counts = {"ok": 0, "input": 0, "escape": 0, "hang": 0}
    per_family: dict[str, dict[str, int]] = {}
    details: dict[str, int] = {}
    escapes, hangs = [], []
    slowest = (0.0, None)

    def record(number: int, res: dict, seconds: float) -> None:
        nonlocal slowest
        case = None
        fam = res.get("family")
        if fam is None:
            case = make_case(seed, number, only)
            fam = case.family
        counts[res["outcome"]] += 1
        per_family.setdefault(fam, {"ok": 0, "input": 0, "escape": 0, "hang": 0})[res["outcome"]] += 1
        if res["outcome"] == "input":
            details[res["detail"]] = details.get(res["detail"], 0) + 1
        if seconds > slowest[0]:
            slowest = (seconds, number)
        if res["outcome"] in ("escape", "hang"):
            case = case or make_case(seed, number, only)
            entry = {"case": number, "family": case.family, "from": case.seed_name, "ops": case.ops,
                     "error": res.get("error"), "message": res.get("message"),
                     "replay": f"python scripts/fuzz.py --seed {seed} --case {number}" + (f" --only {only}" if only else "")}
            if out is not None:
                entry["input"] = str(save_case(case, seed, out, {**res, "only": only}))
            (escapes if res["outcome"] == "escape" else hangs).append(entry)
        if progress:
            progress(sum(counts.values()), cases, counts)

    try:
        for s in slots:
            if todo:
                s.give(todo.pop())
        while any(s.number is not None for s in slots):
            busy = [s for s in slots if s.number is not None]
            now = time.monotonic()
            left = min(s.started + timeout - now for s in busy)
            ready = wait([s.parent for s in busy] + [s.proc.sentinel for s in busy], timeout=max(0.0, left))
            now = time.monotonic()
            for i, s in enumerate(slots):
                if s.number is None:
                    continue
                res = None
                if s.parent in ready:
                    try:
                        number, res = s.parent.recv()
                    except (EOFError, OSError):
                        res = None
                if res is not None:
                    record(number, res, now - s.started)
                    s.number = None
                elif s.proc.sentinel in ready or not s.proc.is_alive():
                    record(s.number, {"outcome": "escape", "error": "WorkerDied",
                                      "message": f"exit code {s.proc.exitcode}"}, now - s.started)
                    s.stop(kill=True)
                    slots[i] = s = _Slot(ctx, seed, only)
                elif now - s.started >= timeout:
                    record(s.number, {"outcome": "hang", "error": "Timeout", "message": f"> {timeout:g} s"}, now - s.started)
                    s.stop(kill=True)
                    slots[i] = s = _Slot(ctx, seed, only)
                if s.number is None and todo:
                    s.give(todo.pop())
    finally:
        for s in slots:
            s.stop(kill=s.number is not None)
    return {"seed": seed, "cases": cases, "first_case": start, "seconds": round(time.monotonic() - t0, 1),
            "counts": counts, "per_family": per_family, "input_errors": dict(sorted(details.items())),
            "slowest_case": {"seconds": round(slowest[0], 2), "case": slowest[1]},
            "escapes": escapes, "hangs": hangs}


def replay(seed: int, number: int, only: str | None, out: Path | None) -> int:
    case = make_case(seed, number, only)
    print(f"case {number} (seed {seed}): {case.family} from {case.seed_name}; ops: {', '.join(case.ops)}")
    t = time.monotonic()
    res = run_case(case)
    print(f"outcome: {res['outcome']} ({time.monotonic() - t:.2f} s)"
          + (f" {res.get('detail')}" if res["outcome"] == "input" else ""))
    if res["outcome"] == "escape":
        print(res.get("traceback") or f"{res['error']}: {res['message']}")
    if out is not None:
        print(f"input saved: {save_case(case, seed, out, res)}")
    return 1 if res["outcome"] == "escape" else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=2000, help="number of cases (default 2000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0, help="first case number")
    ap.add_argument("--case", type=int, help="replay this one case in-process, with its traceback")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per case before it counts as a hang")
    ap.add_argument("--only", choices=[f for f, _ in FAMILIES], help="one family of cases")
    ap.add_argument("--out", type=Path, help="save the input of every escape or hang here")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    a = ap.parse_args(argv)
    if a.case is not None:
        return replay(a.seed, a.case, a.only, a.out)

    def progress(done, total, counts):
        if sys.stderr.isatty() and (done % 100 == 0 or done == total):
            print(f"\r{done}/{total} {counts}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    res = run(a.seed, a.cases, a.jobs, a.timeout, a.only, a.out, a.start, progress)
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
    else:
        c = res["counts"]
        print(f"{res['cases']} cases (seed {res['seed']}) in {res['seconds']} s: {c['ok']} ok, {c['input']} input "
              f"errors, {c['escape']} escapes, {c['hang']} hangs; slowest case {res['slowest_case']['seconds']} s "
              f"(case {res['slowest_case']['case']})")
        for fam, fc in sorted(res["per_family"].items()):
            print(f"  {fam:5s} {fc}")
        print(f"  input errors: {res['input_errors']}")
        for e in res["escapes"] + res["hangs"]:
            print(f"  {e['error']}: {e['message']}  [{e['family']} from {e['from']}]  replay: {e['replay']}")
    return 1 if res["escapes"] or res["hangs"] else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
