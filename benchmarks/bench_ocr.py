"""OCR speed and accuracy on degraded scans (2 cores): pages/s, s/page cold and warm, engine compare.

    python benchmarks/bench_ocr.py                       # 10-page scan of the reference notice
    python benchmarks/bench_ocr.py --pages 4 --tesseract # also Tesseract (chi_sim / chi_tra) on the same pages

What it measures:

* ``extract cold``: ``policy-extract extract``'s work (render, OCR, layout, extraction) on an
  N-page image-only PDF with an empty OCR cache, pages in parallel (one engine per worker);
* ``extract warm``: the same file again: every page comes from the cache (no OCR);
* ``engine``: rapidocr alone on the rendered pages, one process, 1 and 2 ONNX threads;
* ``--tesseract``: the Tesseract CLI (Debian ``tesseract-ocr`` + ``-chi-sim``/``-chi-tra``) on the
  same rendered pages, two pages at a time with one thread each; CER of both engines' raw text
  against the text printed on those pages (whitespace removed, NFKC).

The scans come from scripts/make_scans.py (typeset with fonts-wqy-zenhei, rotated, blurred,
speckled, grey background); pages carry no running header or page number here, so that the raw
engine text can be compared with the printed text.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _make_scans():
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "scripts" / "make_scans.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_scans"] = mod            # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def make_scan(text: str, pages: int, out: Path) -> str:
    """An N-page scan of the start of ``text``; returns the text printed on those pages."""
    ms = _make_scans()
    lo = ms.Layout(header=None, page_numbers=False)
    record: list = []
    imgs = ms.typeset(text.split("\n"), lo, record)[:pages]
    imgs = [ms.degrade(p, seed=i, angle=0.6 if i % 2 == 0 else -0.6) for i, p in enumerate(imgs)]
    ms.save(imgs, out, lo.dpi)
    return "".join(t for i, t in record if i < pages)


def tesseract_page(png: Path, lang: str) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(["tesseract", str(png), "stdout", "-l", lang, "--psm", "3"], capture_output=True,
                       env=env, check=True)
    return r.stdout.decode("utf-8", "replace")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text", type=Path, default=ROOT / "corpora" / "zhengzhou_air_2024" / "text.txt")
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--tesseract", action="store_true", help="compare with the Tesseract CLI on the same pages")
    ap.add_argument("--keep", type=Path, help="keep the scan here")
    a = ap.parse_args(argv)
    from extractor.evaluate.score import cer
    from extractor.load import ocr
    from extractor.normalise import detect_script
    from extractor.pipeline import extract_file
    if not ocr.available():
        sys.exit(f"needs the OCR extra: {ocr.OCR_EXTRA}")
    tmp = Path(tempfile.mkdtemp(prefix="bench_ocr_"))
    try:
        scan = a.keep or tmp / "scan.pdf"
        printed = make_scan(a.text.read_text("utf-8"), a.pages, scan)
        cpus = os.cpu_count()
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        print(f"{scan}: {a.pages} pages, {len(printed)} characters printed; {cpus} CPUs; {ocr.engine_id()}")
        os.environ["POLICY_EXTRACT_OCR_CACHE"] = str(tmp / "cache")
        extract_file(ROOT / "corpora" / "zhengzhou_air_2024" / "text.txt", segmenter="none")   # warm the rules
        os.environ["POLICY_EXTRACT_OCR_PROGRESS"] = ""
        t = time.perf_counter()
        doc = extract_file(scan, segmenter="none")
        cold = time.perf_counter() - t
        cold_cpu = ocr.LAST_RUN["cpu_seconds"]
        t = time.perf_counter()
        extract_file(scan, segmenter="none")
        warm = time.perf_counter() - t
        ocr.LAST_RUN["cpu_seconds"] = cold_cpu
        n = a.pages
        cpu = ocr.LAST_RUN["cpu_seconds"]
        print(f"extract cold ({min(cpus, n)} workers): {cold:6.1f} s  {n / cold:5.2f} pages/s  {cold / n:5.2f} s/page"
              f"  (engine CPU {cpu / n:.2f} s/page: on {cpus} idle cores about {cpu / min(cpus, n):.0f} s for the {n} pages)")
        print(f"extract warm (cache):      {warm:6.2f} s  {n / warm:5.1f} pages/s  {warm / n:5.3f} s/page")
        print(f"pipeline text CER against the printed text: {cer(doc['source']['text'], printed):.2%}; "
              f"{len(doc['tasks'])} tasks")

        images, _ = ocr.render_pdf_pages(scan.read_bytes(), list(range(1, n + 1)))
        k = min(n, 3)
        rows = {}
        for threads in (1, 2):
            t = time.perf_counter()
            texts = ["".join(line[1] for line in ocr._read(im, threads)["lines"]) for im in images[:k]]
            dt = time.perf_counter() - t
            rows[threads] = dt / k
            print(f"rapidocr engine, 1 process, {threads} thread(s): {dt / k:5.2f} s/page (first {k} pages)")
        raw_all = []
        for im in images:
            raw_all.append("".join(line[1] for line in ocr._read(im, 2)["lines"]))
        rapid_cer = cer("".join(raw_all), printed)
        print(f"rapidocr raw text CER ({n} pages, before the loader's clean-up): {rapid_cer:.2%}")
        if a.tesseract:
            if not shutil.which("tesseract"):
                print("tesseract: not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra)")
            else:
                from PIL import Image
                lang = "chi_tra" if detect_script(printed) == "traditional" else "chi_sim"
                pngs = []
                for i, im in enumerate(images):
                    p = tmp / f"p{i + 1}.png"
                    Image.fromarray(im).save(p)
                    pngs.append(p)
                t = time.perf_counter()
                with ThreadPoolExecutor(2) as ex:
                    outs = list(ex.map(lambda p: tesseract_page(p, lang), pngs))
                dt = time.perf_counter() - t
                print(f"tesseract {lang} (2 pages at a time, 1 thread each): {dt:6.1f} s  {dt / n:5.2f} s/page  "
                      f"CER {cer(''.join(outs), printed):.2%}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
