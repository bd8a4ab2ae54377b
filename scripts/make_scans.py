"""Make degraded scans of a notice: typeset with a CJK font, rasterise, rotate, blur, speckle.

    python scripts/make_scans.py TEXT.txt -o scan.pdf [--dpi 150] [--columns 2] [--script traditional|taiwan|hongkong]
    python scripts/make_scans.py TEXT.txt -o scan.tiff            # multi-page TIFF
    python scripts/make_scans.py TEXT.txt -o scan.png             # first page only
    python scripts/make_scans.py --corpus ../shared/corpus --ids a,b -o DIR   # DIR/<id>/scan.pdf + gold

The page looks like a printed notice photocopied or scanned (GB/T 9704 in spirit, not to the
millimetre): a centred title, paragraphs indented by two characters, a running header, a page number
"— N —" in the footer, optionally a red letterhead with its rule line and a red round seal over the
signature. The result is an image-only PDF (no text layer), a multi-page TIFF or a PNG.

Deterministic: the same text and options give the same pixels (a seeded random generator).
Needs Pillow, numpy and the Debian font fonts-wqy-zenhei; pypdfium2 reads nothing here.
"""
from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

FONT_CANDIDATES = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                   "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]
A4_IN = (8.27, 11.69)


def font_path() -> str | None:
    for p in FONT_CANDIDATES:
        if Path(p).exists():
            return p
    return None


@dataclass
class Layout:
    dpi: int = 150
    size_pt: float = 16.0           # body text: 三号, 28 characters a line, 22 lines a page
    title_pt: float = 22.0
    leading: float = 1.8            # line pitch / character height
    margin_in: float = 1.0          # left and right
    top_in: float = 1.45
    columns: int = 1
    gutter_chars: float = 2.5
    header: str | None = None       # running header (top of every page)
    page_numbers: bool = True
    letterhead: str | None = None   # red issuer line and rule on page 1
    seal: str | None = None         # red round seal text, over the last signature line


def _font(size_px: int):
    from PIL import ImageFont
    fp = font_path()
    if fp is None:
        raise SystemExit("no CJK font: apt-get install fonts-wqy-zenhei")
    return ImageFont.truetype(fp, size_px, index=0)


def _wrap(text: str, font, width: float, indent: float) -> list[tuple[str, float]]:
    """Break a paragraph into lines of at most ``width`` pixels (CJK breaks anywhere; a Latin word
    or number is kept whole). Returns (line, x offset)."""
    out: list[tuple[str, float]] = []
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in ".%"):
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    line, x0 = "", indent
    for tok in tokens:
        if line and font.getlength(line + tok) > width - x0:
            # closing punctuation never starts a line (it is squeezed in, as typesetters do)
            if tok in "，。、；：？！）》”’" and font.getlength(line + tok) <= width - x0 + font.size:
                line += tok
                continue
            out.append((line, x0))
            line, x0 = "", 0.0
        line += tok
    if line or not out:
        out.append((line, x0))
    return out


def typeset(lines: list[str], layout: Layout | None = None, record: list | None = None):
    """The notice as clean page images (RGB, white), one per page. ``record`` (a list) receives
    (page index, line text) for every line of the text set on the pages, in order."""
    from PIL import Image, ImageDraw
    lo = layout or Layout()
    W, H = int(A4_IN[0] * lo.dpi), int(A4_IN[1] * lo.dpi)
    px = lo.dpi / 72.0
    body, title = _font(round(lo.size_pt * px)), _font(round(lo.title_pt * px))
    small = _font(round(10 * px))
    margin = int(lo.margin_in * lo.dpi)
    vmargin = int(lo.top_in * lo.dpi)
    pitch = round(lo.size_pt * px * lo.leading)
    col_gap = lo.gutter_chars * body.size if lo.columns > 1 else 0
    col_w = (W - 2 * margin - col_gap * (lo.columns - 1)) / lo.columns
    pages: list = []
    state = {"page": None, "draw": None, "col": 0, "y": 0}

    def new_page():
        img = Image.new("RGB", (W, H), "white")
        d = ImageDraw.Draw(img)
        pages.append(img)
        n = len(pages)
        top = vmargin
        if lo.header:
            d.text((W / 2, vmargin * 0.55), lo.header, font=small, fill="black", anchor="mm")
        if n == 1 and lo.letterhead:
            d.text((W / 2, vmargin + title.size), lo.letterhead, font=_font(round(26 * px)), fill=(205, 20, 20),
                   anchor="mm")
            y_rule = vmargin + int(2.4 * title.size)
            d.line((margin, y_rule, W - margin, y_rule), fill=(205, 20, 20), width=max(2, int(1.5 * px)))
            top = y_rule + pitch
        if lo.page_numbers:
            d.text((W / 2, H - vmargin * 0.55), f"— {n} —", font=_font(round(12 * px)), fill="black", anchor="mm")
        state.update(page=img, draw=d, col=0, y=top, top=top)

    def place(text: str, font, x_off: float, centre: bool = False, right: bool = False):
        if state["page"] is None or state["y"] + font.size > H - vmargin:
            if state["page"] is not None and state["col"] + 1 < lo.columns:
                state["col"] += 1
                state["y"] = state["top"]
            else:
                new_page()
        x = margin + state["col"] * (col_w + col_gap)
        d = state["draw"]
        if centre:
            d.text((x + col_w / 2, state["y"]), text, font=font, fill="black", anchor="mt")
        elif right:
            d.text((x + col_w - 2 * font.size, state["y"]), text, font=font, fill="black", anchor="rt")
        else:
            d.text((x + x_off, state["y"]), text, font=font, fill="black")
        box = (x + x_off, state["y"], x + col_w, state["y"] + font.size)
        if record is not None:
            record.append((len(pages) - 1, text))
        state["y"] += pitch if font is body else round(font.size * lo.leading)
        return box

    paras = [ln.strip() for ln in lines if ln.strip()]
    last_box = None
    for i, para in enumerate(paras):
        if i == 0 and len(para) <= 40:
            for ln, _ in _wrap(para, title, col_w * 0.85, 0):
                place(ln, title, 0, centre=True)
            continue
        if i > 0 and _is_date(para) or (len(para) <= 16 and i + 1 < len(paras) and _is_date(paras[i + 1])):
            last_box = (len(pages) - 1, place(para, body, 0, right=True))     # signature and date
            continue
        for ln, x in _wrap(para, body, col_w, 2 * body.size):
            place(ln, body, x)
    if lo.seal and pages and last_box:
        _seal(pages[last_box[0]], last_box[1], lo.seal, px)
    return pages


def _is_date(s: str) -> bool:
    import re
    return bool(re.fullmatch(r"[0-9〇零一二三四五六七八九十○]{4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日", s))


def _seal(page, near_box, text: str, px: float) -> None:
    """A red round seal with its text around the upper rim and a star, stamped over the signature:
    ink on ink multiplies (black text under the seal stays black, paper turns red)."""
    from PIL import Image, ImageChops, ImageDraw
    layer = Image.new("RGB", page.size, "white")
    d = ImageDraw.Draw(layer)
    r = int(60 * px)
    # centred between the signature and the date below it, as offices stamp
    cx, cy = int(near_box[2] - 3.2 * r / 2), int(near_box[1] - 0.45 * (near_box[3] - near_box[1]))
    red = (215, 30, 30)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(2, int(2.5 * px)))
    f = _font(int(15 * px))
    n = len(text)
    img = d._image
    for k, ch in enumerate(text):
        a = math.radians(-150 + 120 * (k + 0.5) / n)   # upper arc, left to right
        tile = Image.new("RGBA", (f.size + 4, f.size + 4), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((2, 2), ch, font=f, fill=red + (255,))
        tile = tile.rotate(-math.degrees(a) - 90, expand=True, resample=Image.BICUBIC)
        x = cx + (r - 0.75 * f.size) * math.cos(a) - tile.width / 2
        y = cy + (r - 0.75 * f.size) * math.sin(a) - tile.height / 2
        img.paste(tile, (int(x), int(y)), tile)
    star = [(cx + 0.35 * r * math.cos(math.radians(-90 + 144 * k)), cy + 0.35 * r * math.sin(math.radians(-90 + 144 * k)))
            for k in range(5)]
    d.polygon(star, fill=red)
    page.paste(ImageChops.multiply(page.convert("RGB"), layer))


def degrade(img, seed: int = 0, angle: float = 0.6, blur: float = 0.6, speckle: float = 0.0015,
            background: int = 232):
    """A scanner's view: grey paper, slightly rotated, blurred, with dust specks."""
    import numpy as np
    from PIL import Image, ImageFilter
    rng = np.random.default_rng(seed)
    a = np.asarray(img.convert("RGB"), dtype=np.float32)
    a = background / 255.0 * a                                 # white paper -> grey
    a += rng.normal(0, 6, a.shape[:2])[..., None]               # sensor noise
    out = Image.fromarray(np.clip(a, 0, 255).astype("uint8"))
    out = out.rotate(angle, resample=Image.BICUBIC, fillcolor=(background,) * 3)
    out = out.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(out).copy()
    h, w = a.shape[:2]
    n = int(speckle * h * w / 4)
    ys, xs = rng.integers(0, h - 2, n), rng.integers(0, w - 2, n)
    for dy in (0, 1):
        for dx in (0, 1):
            a[ys + dy, xs + dx] = rng.integers(20, 90, (n, 1))
    return Image.fromarray(a)


def save(images, out: Path, dpi: int) -> None:
    """PDF (image-only, JPEG pages), TIFF (multi-page) or PNG/JPEG (first page), by suffix."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    suf = out.suffix.lower()
    if suf == ".pdf":
        images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=80)
    elif suf in (".tif", ".tiff"):
        images[0].save(out, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate",
                       dpi=(dpi, dpi))
    elif suf in (".jpg", ".jpeg"):
        images[0].save(out, "JPEG", quality=85, dpi=(dpi, dpi))
    else:
        images[0].save(out, "PNG", dpi=(dpi, dpi))


# --script: the OpenCC configuration that sets a notice in that script, character for character
# (mainland Traditional, Taiwan and Hong Kong standard forms, or Simplified)
SCRIPTS = {"original": None, "simplified": "t2s", "traditional": "s2t", "taiwan": "s2tw", "hongkong": "s2hk"}


def convert(text: str, script: str) -> str:
    """``text`` in ``script`` (a key of SCRIPTS), with as many characters as it had."""
    if SCRIPTS[script] is None:
        return text
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from extractor.normalise import _convert_preserving
    return _convert_preserving(text, SCRIPTS[script])


def make_scan(text: str, out: Path, *, layout: Layout | None = None, seed: int = 0, angle: float = 0.6,
              script: str = "original") -> int:
    """Typeset ``text`` (converted to ``script`` first), degrade every page, write ``out``; returns
    the number of pages."""
    text = convert(text, script)
    lo = layout or Layout()
    pages = typeset(text.split("\n"), lo)
    imgs = [degrade(p, seed=seed + i, angle=angle if i % 2 == 0 else -angle) for i, p in enumerate(pages)]
    save(imgs, out, lo.dpi)
    return len(imgs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("text", nargs="?", type=Path, help="a notice as UTF-8 text")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, help="folder of <id>/text.txt (+ gold.json): write OUT/<id>/scan.pdf")
    ap.add_argument("--ids", help="comma-separated ids of --corpus (default: all)")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--columns", type=int, default=1)
    ap.add_argument("--angle", type=float, default=0.6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--script", choices=list(SCRIPTS), default="original",
                    help="set the notice in this script first (OpenCC s2t, s2tw, s2hk or t2s; with --corpus the "
                         "converted text is written as OUT/<id>/text.txt, the reference for CER)")
    ap.add_argument("--header", default="政务公开  内部资料")
    ap.add_argument("--seal", default=None, help="text of a red seal over the signature")
    a = ap.parse_args(argv)
    lo = Layout(dpi=a.dpi, columns=a.columns, header=a.header or None, seal=a.seal)
    if a.corpus:
        ids = a.ids.split(",") if a.ids else sorted(p.parent.name for p in a.corpus.glob("*/text.txt"))
        for i in ids:
            src = a.corpus / i / "text.txt"
            d = a.output / i
            text = convert(src.read_text("utf-8"), a.script)
            n = make_scan(text, d / "scan.pdf", layout=lo, seed=a.seed, angle=a.angle)
            (d / "text.txt").write_text(text, "utf-8")          # the reference for CER
            if (a.corpus / i / "gold.json").exists():
                (d / "gold.json").write_bytes((a.corpus / i / "gold.json").read_bytes())
            print(f"{d / 'scan.pdf'}: {n} pages")
        return 0
    if not a.text:
        ap.error("give TEXT or --corpus")
    n = make_scan(a.text.read_text("utf-8"), a.output, layout=lo, seed=a.seed, angle=a.angle, script=a.script)
    print(f"{a.output}: {n} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
