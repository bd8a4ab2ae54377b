#!/usr/bin/env python3
"""PDF reading speed: pages per second for text PDFs and table PDFs.

    python benchmarks/bench_pdf.py [--repeat 5] [PDF ...]

For each PDF (default: the committed fixtures) it measures
  * pypdfium2 text extraction (what the loader uses for text),
  * pdfplumber text extraction (extract_text on every page),
  * pdfplumber table finding on every page,
  * the whole loader (extractor.load.pdf.load_pdf: text + cleaning + tables where pages are ruled).
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT = {"text": ["zhengzhou.pdf"], "table": ["tasktable.pdf", "tasktable_lo.pdf"]}


def pdfium_text(data: bytes) -> int:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(data)
    n = len(doc)
    for i in range(n):
        page = doc[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    doc.close()
    return n


def plumber_text(data: bytes) -> int:
    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p in pdf.pages:
            p.extract_text()
        return len(pdf.pages)


def plumber_tables(data: bytes) -> int:
    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p in pdf.pages:
            p.extract_tables()
        return len(pdf.pages)


def loader(data: bytes) -> int:
    from extractor.load.pdf import load_pdf
    lt = load_pdf(data, None)
    return max(p.page for p in lt.pages)


def bench(fn, data: bytes, repeat: int) -> float:
    fn(data)                                              # warm up (imports, caches)
    best = float("inf")
    pages = 1
    for _ in range(repeat):
        t = time.perf_counter()
        pages = fn(data)
        best = min(best, time.perf_counter() - t)
    return pages / best


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    if a.pdfs:
        files = [("given", Path(p)) for p in a.pdfs]
    else:
        fx = ROOT / "tests" / "fixtures"
        files = [(kind, fx / n) for kind, names in DEFAULT.items() for n in names if (fx / n).exists()]
    print(f"{'file':<22}{'kind':<7}{'pages':>6}{'pdfium text':>13}{'plumber text':>14}{'ratio':>7}"
          f"{'plumber tables':>16}{'loader':>9}   (pages/s, best of {a.repeat})")
    for kind, path in files:
        data = path.read_bytes()
        import pypdfium2 as pdfium
        n = len(pdfium.PdfDocument(data))
        r1 = bench(pdfium_text, data, a.repeat)
        r2 = bench(plumber_text, data, a.repeat)
        r3 = bench(plumber_tables, data, a.repeat)
        r4 = bench(loader, data, a.repeat)
        print(f"{path.name:<22}{kind:<7}{n:>6}{r1:>13.0f}{r2:>14.1f}{r1 / r2:>6.0f}x{r3:>16.1f}{r4:>9.1f}")


if __name__ == "__main__":
    main()
