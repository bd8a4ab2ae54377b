#!/usr/bin/env python3
"""Times that used to be asserted inside tests (issue 9: timing belongs in benchmarks):

- unit resolution rate (names/s over the lexicon's first 2,000 terms; the test asserted > 50,000);
- refusing a 50 MB text file (``policy-extract extract``, a subprocess; asserted < 30 s);
- refusing a DOCX zip bomb (60 MB of zeros, ~60 KB on disk; asserted < 2 s);
- a PDF cut at several points (each load, error or warning; asserted < 10 s).

    python benchmarks/bench_limits.py

Prints one table row per measure with the old bound beside it. The tests keep asserting the
behaviour (the one-line error, the warning), not the time.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIX = ROOT / "tests" / "fixtures"


def resolve_rate() -> float:
    from extractor.lang.lexicon import get_lexicon, resolve_unit, unit_terms
    names = unit_terms()[:2000]
    t = time.perf_counter()
    for n in names:
        get_lexicon().resolve(n)
    for _ in range(10):
        for n in names:
            resolve_unit(n)
    return 11 * len(names) / (time.perf_counter() - t)


def refuse_50mb(tmp: Path) -> float:
    f = tmp / "huge.txt"
    line = "1.加强组织领导。牵头单位：市发展改革委\n".encode("utf-8")
    with open(f, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "extractor", "extract", str(f)], capture_output=True, cwd=ROOT)
    dt = time.perf_counter() - t
    assert r.returncode == 2, r.stderr
    return dt


def zip_bomb(tmp: Path) -> float:
    from extractor.load import load
    p = tmp / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            for _ in range(60):
                f.write(b"\x00" * (1 << 20))
    t = time.perf_counter()
    try:
        load(p)
    except Exception:  # noqa: BLE001 - the refusal is what is timed
        pass
    return time.perf_counter() - t


def pdf_cuts(tmp: Path) -> float:
    from extractor.load import load
    data = (FIX / "tasktable.pdf").read_bytes()
    worst = 0.0
    for fraction in (0.02, 0.3, 0.6, 0.9, 0.97, 0.999):
        p = tmp / f"cut{fraction}.pdf"
        p.write_bytes(data[: int(len(data) * fraction)])
        t = time.perf_counter()
        try:
            load(p)
        except Exception:  # noqa: BLE001
            pass
        worst = max(worst, time.perf_counter() - t)
    return worst


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench_limits_") as tmp:
        tmp = Path(tmp)
        rows = [("unit resolution", f"{resolve_rate():,.0f} names/s", "> 50,000 names/s"),
                ("50 MB text refused (extract, subprocess)", f"{refuse_50mb(tmp):.2f} s", "< 30 s"),
                ("DOCX zip bomb refused", f"{zip_bomb(tmp):.3f} s", "< 2 s"),
                ("PDF cut anywhere, slowest of 6", f"{pdf_cuts(tmp):.3f} s", "< 10 s")]
    print("| measure | value | former test bound |\n| --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
