"""PDF loading: text in reading order with pypdfium2, task tables with pdfplumber.

pypdfium2 (PDFium) reads the text layer 20-40x faster than pdfminer on CJK PDFs, so it reads every
page; pdfplumber is opened only for pages that draw enough path objects to hold a ruled table.

The loaded text is cleaned the way a reader sees the page:

* lines are ordered top to bottom; running headers, footers and page numbers ("— 3 —", "- 3 -",
  "第3页") are dropped;
* a line that the layout broke mid-sentence is joined to the next one (it reaches the right margin,
  does not end a sentence, and the next line is neither indented nor a heading like 一、 （一） 1.
  牵头单位：), also across a page break;
* spaces that producers insert between digits/Latin and Chinese ("2025 年") are removed;
* ruled tables become ``cell | cell`` lines (see ``tables.emit_table``).

Every character of the text maps to its page (``LoadedText.pages``) and each piece of a line to its
box (``LoadedText.boxes``, points, top-left origin).
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..errors import BadDocument, TooLarge
from .base import LoadedText
from .tables import (SENT_END, Cell, Frag, GridRow, PAGE_NO_RE, TextBuilder, clean_line, emit_table,
                     is_heading_like)

MAX_PAGES = 3000
MAX_PATHS_FOR_TABLES = 20000      # a page drawing more paths than this is a drawing, not a table
MIN_PATHS_FOR_TABLES = 4
_BAD_CHAR = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
_CID = re.compile(r"\(cid:\d+\)")
_LATIN1_MOJIBAKE = re.compile(r"[\u00c0-\u00ff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DASH_PAGE_NO = re.compile(r"^\s*[—–\-－―─~～]+\s*\d{1,4}\s*[—–\-－―─~～]+\s*$")


@dataclass
class _Line:
    text: str
    page: int
    bbox: tuple[float, float, float, float] | None   # x0, top, x1, bottom (top-left origin)
    column: tuple[float, float] | None = None         # left and right edge of its column (two-column pages)

    @property
    def top(self) -> float:
        return self.bbox[1] if self.bbox else 0.0


@dataclass
class _TablePart:
    grid: list[GridRow]
    ncols: int
    page: int
    top: float


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_TablePart] = field(default_factory=list)
    images: int = 0
    paths: int = 0


def load_pdf(data: bytes, path: str | None, ocr: str = "auto") -> LoadedText:
    """``ocr``: "auto" reads by OCR the pages without a usable text layer (none, or garbled),
    "always" every page, "never" none (see ``ocr.py``; OCR is an optional extra)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    warnings: list[str] = []
    if b"%%EOF" not in data[-2048:]:
        warnings.append("the PDF seems truncated (no %%EOF at its end); some pages may be missing")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise BadDocument(path, "encrypted PDF: it needs a password to open; save an unencrypted copy") from None
        reason = re.sub(r"^Failed to load document \(PDFium: (.*)\)\.?$", r"\1", msg).rstrip(".").lower()
        raise BadDocument(path, f"damaged or truncated PDF ({reason}); it cannot be opened") from None
    try:
        n = len(doc)
        if n == 0:
            raise BadDocument(path, "the PDF has no pages")
        if n > MAX_PAGES:
            raise TooLarge(path, f"the PDF has {n} pages, above the limit of {MAX_PAGES}")
        pages: list[_Page] = []
        for i in range(n):
            try:
                page = doc[i]
            except pdfium.PdfiumError as e:
                warnings.append(f"page {i + 1} cannot be read ({e}); it is left out")
                continue
            try:
                pages.append(_read_page(page, i + 1, pdfium_c))
            finally:
                page.close()
    finally:
        doc.close()

    ocr_run = _run_ocr(data, pages, path, ocr, warnings)
    _check_text_layer(pages, path, warnings, ocr)
    table_pages = [p for p in pages if (MIN_PATHS_FOR_TABLES <= p.paths or (2 <= p.paths and _header_line(p)))
                   and not (ocr_run and p.number in ocr_run[0].pages)]
    if table_pages:
        _find_tables(data, table_pages, path, warnings)
    before = {p.number: list(p.lines) for p in pages}
    _drop_running_lines(pages)
    tb = TextBuilder()
    _assemble(pages, tb)
    text = tb.text
    loaded = LoadedText(text=text, path=path, format="pdf", pages=tb.pages(), boxes=tb.boxes, tables=tb.tables,
                        warnings=warnings)
    if ocr_run:
        from . import ocr as ocr_mod
        info, sub, conf = ocr_run
        ocr_mod.record_dropped({n: ls for n, ls in before.items() if n in info.pages}, pages, info)
        ocr_mod.attach_lines(tb.boxes, sub, conf, info, set(info.pages))
        loaded.ocr = info
        warnings.extend(ocr_mod.ocr_warnings(info, "PDF"))
        low = [ln for ln in info.lines if ln.confidence < ocr_mod.LOW_CONFIDENCE]
        if low:
            warnings.append(f"OCR read {len(low)} line(s) with low confidence (below {ocr_mod.LOW_CONFIDENCE:.2f}); "
                            f"check them against the PDF")
    return loaded


def _page_needs_ocr(p: _Page) -> bool:
    """A page without a usable text layer: no text but an image, or a garbled text layer."""
    visible = re.sub(r"\s+", "", "".join(ln.text for ln in p.lines))
    if len(visible) < 10:
        return p.images > 0
    bad = len(_BAD_CHAR.findall(visible)) + 8 * len(_CID.findall(visible))
    cjk = len(_CJK.findall(visible)) / len(visible)
    latin1 = len(_LATIN1_MOJIBAKE.findall(visible)) / len(visible)
    return bad / len(visible) > 0.3 or (cjk < 0.02 and latin1 > 0.3)


def _run_ocr(data: bytes, pages: list[_Page], path, mode: str, warnings: list[str]):
    """OCR the pages that need it (mode auto) or all (always); their lines are replaced by what OCR
    read, when it read anything. Returns (OcrInfo, piece boxes, confidences) or None."""
    if mode == "never":
        return None
    need = [p for p in pages if mode == "always" or _page_needs_ocr(p)]
    if not need:
        return None
    from . import ocr as ocr_mod
    if not ocr_mod.available():
        if mode == "always":
            raise BadDocument(path, f"--ocr always needs the optional extra: {ocr_mod.OCR_EXTRA}")
        return None                                   # _check_text_layer names the extra
    images, scale = ocr_mod.render_pdf_pages(data, [p.number for p in need])
    new_pages, info, sub, conf = ocr_mod.ocr_to_pages(images, [p.number for p in need], scale, "pt", path)
    by_no = {p.number: p for p in new_pages}
    read = []
    for p in need:
        q = by_no[p.number]
        if q.lines:
            p.lines = q.lines
            read.append(p.number)
    info.pages = read
    if not read:
        return None
    return info, sub, conf


# --- reading pages ------------------------------------------------------------------------------

def _read_page(page, number: int, pdfium_c) -> _Page:
    width, height = page.get_size()
    p = _Page(number, width, height)
    for obj in page.get_objects(max_depth=2):
        t = obj.type
        if t == pdfium_c.FPDF_PAGEOBJ_PATH:
            p.paths += 1
        elif t == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            p.images += 1
        if p.paths > MAX_PATHS_FOR_TABLES:
            break
    tp = page.get_textpage()
    try:
        nchars = tp.count_chars()
        if nchars <= 0:
            return p
        text = tp.get_text_range()
        aligned = len(text) == nchars
        pos = 0
        for m in re.finditer(r"[^\r\n]+", text):
            s, e = m.start(), m.end()
            raw = m.group()
            if not raw.strip():
                continue
            bbox = None
            if aligned:
                bbox = _line_box(tp, s, e - s, height)
            p.lines.append(_Line(raw, number, bbox))
            pos = e
    finally:
        tp.close()
    # top to bottom (content streams often draw the running header/footer first); pieces of one
    # visual row (same height) left to right
    if all(ln.bbox for ln in p.lines):
        p.lines.sort(key=lambda ln: (ln.bbox[1] + ln.bbox[3]) / 2)
        rows: list[list[_Line]] = []
        for ln in p.lines:
            c = (ln.bbox[1] + ln.bbox[3]) / 2
            if rows:
                r = rows[-1][0]
                if abs(c - (r.bbox[1] + r.bbox[3]) / 2) < 0.3 * min(ln.bbox[3] - ln.bbox[1], r.bbox[3] - r.bbox[1]):
                    rows[-1].append(ln)
                    continue
            rows.append([ln])
        p.lines = [ln for r in rows for ln in sorted(r, key=lambda x: x.bbox[0])]
        p.lines = _column_order(p.lines)
    return p


def _column_order(lines: list[_Line]) -> list[_Line]:
    """A page set in two columns of running text (a gazette, a bulletin) read column by column, band
    by band: a line crossing the gutter (a title, a full-width paragraph) closes the band above it.
    Lines of a column are marked with its edges, so that joining wrapped lines measures the column's
    margins, not the page's. A table or a list of short pieces side by side is not two columns: each
    column must hold several lines that fill it (justified text reaching the gutter)."""
    if len(lines) < 8:
        return lines
    left = min(ln.bbox[0] for ln in lines)
    right = max(ln.bbox[2] for ln in lines)
    span = right - left
    if span <= 0:
        return lines
    # cheap test first (every page passes here): two columns of text are mostly narrow lines
    if sum(1 for ln in lines if ln.bbox[2] - ln.bbox[0] < 0.55 * span) < 0.6 * len(lines):
        return lines
    best = None
    for k in range(35, 66):
        x = left + span * k / 100.0
        crossing = sum(1 for ln in lines if ln.bbox[0] < x < ln.bbox[2])
        if crossing > 0.2 * len(lines):
            continue
        lcol = [ln for ln in lines if ln.bbox[2] <= x]
        rcol = [ln for ln in lines if ln.bbox[0] >= x]
        if len(lcol) < 2 or len(rcol) < 2:
            continue
        lw, rw = max(ln.bbox[2] for ln in lcol) - left, right - min(ln.bbox[0] for ln in rcol)
        if not 0.7 <= lw / max(rw, 1.0) <= 1.43:
            continue                  # columns of text are alike; a table's columns are not (任务 | 单位)
        lfull = sum(1 for ln in lcol if ln.bbox[2] - ln.bbox[0] >= 0.85 * lw)
        rfull = sum(1 for ln in rcol if ln.bbox[2] - ln.bbox[0] >= 0.85 * rw)
        # (the last page of a text may leave one column short)
        if min(lfull, rfull) < 2 or lfull + rfull < 8 or lfull < 0.4 * len(lcol) or rfull < 0.4 * len(rcol):
            continue
        score = (crossing, abs(k - 50))
        if best is None or score < best[0]:
            best = (score, x)
    if best is None:
        return lines
    gutter = best[1]
    lcol_edges = (left, max(ln.bbox[2] for ln in lines if ln.bbox[2] <= gutter))
    rcol_edges = (min(ln.bbox[0] for ln in lines if ln.bbox[0] >= gutter), right)
    out: list[_Line] = []
    band_l: list[_Line] = []
    band_r: list[_Line] = []
    for ln in lines:                                   # already top to bottom
        if ln.bbox[0] < gutter < ln.bbox[2]:
            out.extend(band_l + band_r)
            band_l, band_r = [], []
            out.append(ln)
        elif (ln.bbox[0] + ln.bbox[2]) / 2 < gutter:
            ln.column = lcol_edges
            band_l.append(ln)
        else:
            ln.column = rcol_edges
            band_r.append(ln)
    out.extend(band_l + band_r)
    return out


def _line_box(tp, index: int, count: int, height: float):
    import pypdfium2 as pdfium
    try:
        nr = tp.count_rects(index, count)
    except pdfium.PdfiumError:                      # PDFium could not measure this line: no box
        return None
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    for k in range(nr):
        left, bottom, right, top = tp.get_rect(k)
        x0, x1 = min(x0, left), max(x1, right)
        y0, y1 = min(y0, bottom), max(y1, top)
    if nr == 0 or x0 == float("inf"):
        return None
    return (x0, height - y1, x1, height - y0)


def _check_text_layer(pages: list[_Page], path, warnings: list[str], ocr: str = "never") -> None:
    all_text = "".join(ln.text for p in pages for ln in p.lines)
    visible = re.sub(r"\s+", "", all_text)
    if len(visible) < 10:
        if any(p.images for p in pages):
            raise BadDocument(path, "no text layer (scanned?)" + _ocr_hint(ocr))
        raise BadDocument(path, "no text in this PDF (no text layer and no images)")
    bad = len(_BAD_CHAR.findall(visible)) + 8 * len(_CID.findall(visible))
    share = bad / len(visible)
    cjk = len(_CJK.findall(visible)) / len(visible)
    latin1 = len(_LATIN1_MOJIBAKE.findall(visible)) / len(visible)
    if share > 0.3 or (cjk < 0.02 and latin1 > 0.3):
        what = f"{share:.0%} of its characters are unmapped glyphs" if share > 0.3 else \
            "it decodes to Latin-1 symbols instead of Chinese"
        raise BadDocument(path, f"garbled text layer ({what}: the fonts lack a Unicode map)" + _ocr_hint(ocr))
    if share > 0.01:
        warnings.append(f"garbled text layer in part: {bad} character(s) ({share:.1%}) are unmapped glyphs "
                        f"(U+FFFD, private-use or (cid:N)); check those passages against the PDF")
    empty = [p.number for p in pages if not p.lines and p.images]
    if empty:
        warnings.append(f"page(s) {', '.join(map(str, empty[:20]))} have no text layer (scanned?); "
                        f"their content is missing: OCR them")


def _ocr_hint(mode: str) -> str:
    """How the user gets the text: OCR off, OCR not installed, or OCR read nothing."""
    if mode == "never":
        return "; OCR it first (--ocr auto)"
    from . import ocr as ocr_mod
    if not ocr_mod.available():
        return f"; OCR it first: {ocr_mod.OCR_EXTRA}"
    return ", and OCR found no text on its pages"


# --- headers, footers, page numbers -------------------------------------------------------------

def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop page numbers and running headers/footers: lines in the top or bottom band of the page
    that look like a page number, or repeat (digits aside) on several pages."""
    def key(t: str, ln: _Line) -> tuple[str, int]:
        # same text (digits aside) at the same height of the page
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", t)), round(ln.bbox[1] / 6) if ln.bbox else 0

    def band(p: _Page, ln: _Line) -> str | None:
        if not ln.bbox:
            return None
        if ln.bbox[3] <= p.height * 0.13:
            return "top"
        if ln.bbox[1] >= p.height * 0.87:
            return "bottom"
        return None

    counts: dict[tuple, int] = {}
    for p in pages:
        seen = set()
        for ln in _edge_lines(p):
            b = band(p, ln)
            if b:
                seen.add((b, key(ln.text, ln)))
        for k in seen:
            counts[k] = counts.get(k, 0) + 1
    repeat_min = max(2, int(0.4 * len(pages) + 0.5)) if len(pages) >= 2 else 10 ** 9
    for p in pages:
        edges = {id(ln) for ln in _edge_lines(p)}
        keep = []
        for ln in p.lines:
            t = ln.text.strip()
            if id(ln) in edges:
                b = band(p, ln)
                if _DASH_PAGE_NO.match(t) or (b and PAGE_NO_RE.match(t)) or (b and counts.get((b, key(t, ln)), 0) >= repeat_min):
                    continue
            keep.append(ln)
        p.lines = keep


def _edge_lines(p: _Page) -> list[_Line]:
    ls = p.lines
    return ls[:2] + ls[-2:] if len(ls) > 4 else list(ls)


# --- tables -------------------------------------------------------------------------------------

def _header_line(p: _Page) -> bool:
    """Does a line of the page read like a task table's header (序号 … 牵头单位 … 完成时限)? A page
    with few drawn paths is searched for a table ruled by horizontal lines only when it does."""
    for ln in p.lines:
        t = re.sub(r"\s+", "", ln.text)
        if len(t) <= 60 and sum(1 for w in _HEADER_PROBE if w in t) >= 3:
            return True
    return False


_HEADER_PROBE = ("序号", "序號", "任务", "任務", "措施", "内容", "內容", "牵头", "牽頭", "责任", "責任", "配合", "单位", "單位",
                 "部门", "部門", "时限", "時限", "时间", "時間", "类别", "類別", "备注", "備註")

def _find_tables(data: bytes, pages: list[_Page], path, warnings: list[str]) -> None:
    import io

    import pdfplumber
    # pdfplumber (pdfminer) parses the file a second time. On a damaged file that PDFium could
    # still read it may fail with any exception of its own parser: that is the file's fault, and
    # the loader goes on with the tables as plain lines and says so in a warning. Only the calls
    # into pdfplumber are guarded; this module's own table code is not.
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        plumber_pages = pdf.pages    # parses the page tree now (pdf.close() would, unguarded)
    except Exception as e:  # noqa: BLE001 - third-party parser on a damaged file: reported as a warning
        warnings.append(f"tables not reconstructed: pdfplumber cannot open the file ({type(e).__name__})")
        return
    try:
        for p in pages:
            try:
                pp = plumber_pages[p.number - 1]
                found = pp.find_tables()
                chars = [c for c in pp.chars if c.get("text", "").strip()] if found else []
            except Exception as e:  # noqa: BLE001 - as above: reported as a warning
                warnings.append(f"page {p.number}: table not reconstructed ({type(e).__name__}: {str(e)[:80]})")
                continue
            parts = []
            for t in found:
                part = _table_part(t, chars, p.number)
                if part is not None:
                    parts.append((part, t.bbox))
            if not parts and (2 <= p.paths and _header_line(p)):
                try:
                    edges, all_chars = pp.horizontal_edges, pp.chars
                    width, height = float(pp.width), float(pp.height)
                except Exception as e:  # noqa: BLE001 - pdfplumber's parser on a damaged file, as above
                    warnings.append(f"page {p.number}: table not reconstructed ({type(e).__name__}: {str(e)[:80]})")
                else:
                    ruled = _rule_table(edges, all_chars, width, height, p.number, warnings)
                    if ruled is not None:
                        parts.append(ruled)
            for part, (x0, top, x1, bottom) in parts:
                p.tables.append(part)
                p.lines = [ln for ln in p.lines if not (ln.bbox and x0 - 1 <= (ln.bbox[0] + ln.bbox[2]) / 2 <= x1 + 1
                                                        and top - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= bottom + 1)]
    finally:
        pdf.close()


def _table_part(t, chars, page_no: int) -> _TablePart | None:
    x0, top, x1, bottom = t.bbox
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    rows = t.rows
    if not rows:
        return None
    # column boundaries from the cells of all rows
    xs = sorted({round(c[0], 1) for r in rows for c in r.cells if c} | {round(c[2], 1) for r in rows for c in r.cells if c})
    cols = _cluster(xs)
    ncols = len(cols) - 1
    if ncols < 1:
        return None
    grid: list[GridRow] = []
    raw_cells: list[list[tuple[Cell, tuple]]] = []
    for r in rows:
        cells: list[Cell] = []
        rc = []
        for c in r.cells:
            if c is None:
                # covered by a cell spanning from above (vertical merge) or from the left
                cell = Cell(vmerged=True)
                cells.append(cell)
                continue
            cell = _cell_text(c, inside, page_no)
            cell.hspan = max(1, _col_index(cols, c[2]) - _col_index(cols, c[0]))
            cells.append(cell)
            rc.append((cell, c))
        # drop placeholders of horizontal spans: pdfplumber gives None for those too;
        # a None right of a spanning cell is part of it
        merged: list[Cell] = []
        covered = 0
        for cell in cells:
            if covered > 0 and cell.vmerged:
                covered -= 1
                continue
            merged.append(cell)
            covered = cell.hspan - 1
        grid.append(GridRow(merged, page=page_no))
        raw_cells.append(rc)
    _mark_short_lines(raw_cells)
    return _TablePart(grid, ncols, page_no, top)


def _rule_table(edges, all_chars, width: float, height: float, page_no: int, warnings: list[str]):
    """A table ruled by horizontal lines only: a 三线表 (a rule above and below the header and one
    below the last row) or every row ruled without vertical rules, which pdfplumber's finder does not
    see. The header is the band between the first two rules of the same width and reads like a task
    table's header; columns are the gaps that no character crosses; rows are the rules between, or,
    with no rule between rows, one row per 序号 number, cut at the widest empty band between two
    numbers. A cell that a row rule does not cover continues the cell above (a merged cell).
    Returns (_TablePart, bbox) or None."""
    from .tables import header_score
    segs: dict[int, list[tuple[float, float]]] = {}
    for e in edges:
        if e["x1"] - e["x0"] >= 3:
            y = round(float(e["top"]))
            key = next((k for k in segs if abs(k - y) <= 1), y)
            segs.setdefault(key, []).append((float(e["x0"]), float(e["x1"])))
    rules = sorted((y, min(a for a, _ in v), max(b for _, b in v), v) for y, v in segs.items()
                   if max(b for _, b in v) - min(a for a, _ in v) >= 0.3 * width)
    if len(rules) < 2:
        return None
    chars = [c for c in all_chars if c.get("text", "").strip()]
    for i in range(len(rules) - 1):
        ya, x0, x1, _ = rules[i]
        same = [r for r in rules[i + 1:] if abs(r[1] - x0) <= 8 and abs(r[2] - x1) <= 8]
        if not same:
            continue
        yb = same[0][0]
        head = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and ya < (c["top"] + c["bottom"]) / 2 < yb]
        hclusters = _x_clusters(head)
        if len(hclusters) < 3:
            continue
        htexts = ["".join(c["text"] for c in sorted((c for c in head if a <= c["x0"] and c["x1"] <= b + 0.5),
                                                     key=lambda c: (round(c["top"]), c["x0"]))) for a, b in hclusters]
        if header_score(htexts) < 2:
            continue
        body_rules = same[1:]
        if body_rules:
            ylast = body_rules[-1][0]
        else:
            # no rule closes it on this page: the table runs on to the next page (its closing rule
            # is there); it takes what is below its header down to the running footer
            below = [c["bottom"] for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and c["top"] > yb
                     and c["bottom"] < 0.9 * height]
            if not below:
                return None
            ylast = max(below) + 1
        inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and ya < (c["top"] + c["bottom"]) / 2 < ylast]
        cols = _x_clusters(inside)
        if len(cols) != len(hclusters):
            warnings.append(f"page {page_no}: a table ruled by horizontal lines only was not reconstructed "
                            f"(its columns are not separated); its rows are read as lines")
            return None
        bounds = [x0] + [(cols[k][1] + cols[k + 1][0]) / 2 for k in range(len(cols) - 1)] + [x1]
        body = [c for c in inside if (c["top"] + c["bottom"]) / 2 > yb]
        if len(body_rules) >= 2:
            ys = [yb] + [r[0] for r in body_rules]
            row_rules = [None] + [r[3] for r in body_rules[:-1]]
        else:
            ys = _rows_by_numbers(body, bounds, yb, ylast)
            if ys is None:
                warnings.append(f"page {page_no}: a table ruled by horizontal lines only was not reconstructed "
                                f"(no 序号 column to tell its rows apart); its rows are read as lines")
                return None
            row_rules = [None] * (len(ys) - 1)
        merged = _merged_blocks(body, bounds, ys) if len(body_rules) < 2 else {}
        grid: list[GridRow] = []
        raw: list[list[tuple[Cell, tuple]]] = []
        anchor: dict[int, Cell] = {}
        for r, (top, bottom, rrule) in enumerate([(ya, yb, None)] + [(ys[k], ys[k + 1], row_rules[k])
                                                                       for k in range(len(ys) - 1)]):
            cells, rc = [], []
            for k in range(len(bounds) - 1):
                box = (bounds[k], top, bounds[k + 1], bottom)
                m = merged.get((r - 1, k))
                if m == "continued":
                    cell = Cell(vmerged=True)
                elif m is not None:
                    box = (bounds[k], m[0] - 1, bounds[k + 1], m[1] + 1)
                    cell = _cell_text(box, m[2], page_no)
                else:
                    cell = _cell_text(box, inside, page_no)
                mid = (bounds[k] + bounds[k + 1]) / 2
                if rrule is not None and k in anchor and not any(a - 1 <= mid <= b + 1 for a, b in rrule):
                    # no rule above this cell: it continues the one above (its text, centred on the
                    # rows it spans, may run over the row boundary: it goes with the cell above)
                    anchor[k].lines.extend(cell.lines)
                    anchor[k].short.extend(cell.short)
                    anchor[k]._geo.extend(getattr(cell, "_geo", []))
                    cell = Cell(vmerged=True)
                elif not cell.vmerged:
                    rc.append((cell, box))
                    anchor[k] = cell
                cells.append(cell)
            grid.append(GridRow(cells, page=page_no))
            raw.append(rc)
        _mark_short_lines(raw)
        return _TablePart(grid, len(bounds) - 1, page_no, ya), (x0, ya, x1, ylast)
    return None


def _x_clusters(chars, gap: float = 0.45) -> list[tuple[float, float]]:
    """x ranges covered by characters, split where no character crosses a gap of ``gap`` em or more."""
    if not chars:
        return []
    size = statistics.median(c["size"] for c in chars)
    out: list[list[float]] = []
    for a, b in sorted((float(c["x0"]), float(c["x1"])) for c in chars):
        if out and a - out[-1][1] < gap * size:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _merged_blocks(body, bounds, ys) -> dict:
    """Cells spanning rows in a table without row rules. A block of text (lines close together) in
    a column belongs to the run of rows whose middle is nearest its own, among the rows it touches
    and the rows next to them left empty in that column (a merged cell is centred on the rows it
    spans). Returns {(row, column): (top, bottom, chars)} for the first row of each run of two or
    more rows and "continued" for the others."""
    out: dict = {}
    nrows = len(ys) - 1
    for k in range(len(bounds) - 1):
        col = sorted((c for c in body if bounds[k] <= (c["x0"] + c["x1"]) / 2 < bounds[k + 1]), key=lambda c: c["top"])
        if not col:
            continue
        blocks: list[list[dict]] = []
        for c in col:
            if blocks and c["top"] - max(x["bottom"] for x in blocks[-1]) <= 0.6 * c["size"]:
                blocks[-1].append(c)
            else:
                blocks.append([c])

        def row_of(y: float) -> int:
            return max(0, min(nrows - 1, next((r for r in range(nrows) if y < ys[r + 1]), nrows - 1)))
        filled = set()
        for b in blocks:
            for c in b:
                filled.add(row_of((c["top"] + c["bottom"]) / 2))
        for b in blocks:
            top, bottom = min(c["top"] for c in b), max(c["bottom"] for c in b)
            r0, r1 = row_of(top + 0.5), row_of(bottom - 0.5)
            centre = (top + bottom) / 2
            lo = r0
            while lo - 1 >= 0 and lo - 1 not in filled:
                lo -= 1
            hi = r1
            while hi + 1 < nrows and hi + 1 not in filled:
                hi += 1
            best = None
            for i in range(lo, r0 + 1):
                for j in range(r1, hi + 1):
                    d = abs((ys[i] + ys[j + 1]) / 2 - centre)
                    if best is None or d < best[0] - 0.5:
                        best = (d, i, j)
            _, i, j = best
            if j > i:
                out[(i, k)] = (top, bottom, b)
                for r in range(i + 1, j + 1):
                    out[(r, k)] = "continued"
                filled.update(range(i, j + 1))
    return out


def _rows_by_numbers(body, bounds, yb, ylast) -> list[float] | None:
    """Row boundaries of a table without row rules: one row per number in the first column (1, 2,
    3 … in order), cut at the widest band no character crosses between two numbers."""
    first = [c for c in body if bounds[0] <= (c["x0"] + c["x1"]) / 2 <= bounds[1]]
    lines: list[list[dict]] = []
    for c in sorted(first, key=lambda c: c["top"]):
        if lines and abs(c["top"] - lines[-1][0]["top"]) <= 0.5 * c["size"]:
            lines[-1].append(c)
        else:
            lines.append([c])
    anchors = []
    for ln in lines:
        t = "".join(c["text"] for c in sorted(ln, key=lambda c: c["x0"]))
        if re.fullmatch(r"\d{1,3}", t):
            anchors.append((int(t), statistics.fmean((c["top"] + c["bottom"]) / 2 for c in ln)))
    if not anchors or [n for n, _ in anchors] != list(range(anchors[0][0], anchors[0][0] + len(anchors))):
        return None
    spans = sorted((float(c["top"]), float(c["bottom"])) for c in body)
    ys = [yb]
    for (_, ya), (_, yn) in zip(anchors, anchors[1:]):
        best, cur = None, ya
        for top, bottom in spans:                      # empty bands between the two numbers
            if bottom <= cur:
                continue
            if top > cur and cur < yn:
                lo, hi = cur, min(top, yn)
                if hi > lo and (best is None or hi - lo > best[1] - best[0]):
                    best = (lo, hi)
            cur = max(cur, bottom)
            if cur >= yn:
                break
        ys.append((best[0] + best[1]) / 2 if best else (ya + yn) / 2)
    ys.append(ylast)
    return ys


def _cluster(xs: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > tol:
            out.append(x)
    return out


def _col_index(cols: list[float], x: float) -> int:
    return min(range(len(cols)), key=lambda i: abs(cols[i] - x))


def _cell_text(bbox, chars, page_no: int) -> Cell:
    x0, top, x1, bottom = bbox
    cs = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    cell = Cell()
    cell._geo = []                                          # (line x1, size) for each line
    if not cs:
        return cell
    cs.sort(key=lambda c: (c["top"], c["x0"]))
    lines: list[list[dict]] = []
    for c in cs:
        if lines:
            last = lines[-1]
            ref = statistics.fmean((x["top"] + x["bottom"]) / 2 for x in last[-3:])
            if abs((c["top"] + c["bottom"]) / 2 - ref) <= 0.45 * max(c["size"], 1.0):
                last.append(c)
                continue
        lines.append([c])
    for ln in lines:
        ln.sort(key=lambda c: c["x0"])
        s, prev = [], None
        for c in ln:
            if prev is not None and c["x0"] - prev["x1"] > 0.35 * c["size"]:
                s.append(" ")
            s.append(c["text"])
            prev = c
        t = clean_line("".join(s))
        if not t:
            continue
        lb = (min(c["x0"] for c in ln), min(c["top"] for c in ln), max(c["x1"] for c in ln), max(c["bottom"] for c in ln))
        cell.lines.append([Frag(t, page_no, lb)])
        cell.short.append(None)
        cell._geo.append((lb[2], statistics.median(c["size"] for c in ln), x1))
    return cell


def _mark_short_lines(raw_cells) -> None:
    """A line of a cell ends short (a real break, not a wrap) when it stops more than a character
    before the right edge; the padding is learnt from the tightest wrapped line of the column. A
    wrapped line stops less than a character short of the padding, so a column whose tightest line
    stops further short wrapped nowhere (a wide column of unit names one a line): its padding is
    taken as at most a character."""
    pads: dict[float, float] = {}
    for rc in raw_cells:
        for cell, bbox in rc:
            geo = getattr(cell, "_geo", [])
            for lx1, size, cx1 in geo[:-1]:
                k = round(bbox[0])
                pads[k] = min(pads.get(k, 99.0), cx1 - lx1, max(size, 4.0))
    for rc in raw_cells:
        for cell, bbox in rc:
            geo = getattr(cell, "_geo", [])
            pad = pads.get(round(bbox[0]), 4.0)
            short = []
            for k, (lx1, size, cx1) in enumerate(geo):
                # a number or Latin word that did not fit goes whole to the next line: more room left
                nxt = "".join(f.text for f in cell.lines[k + 1]) if k + 1 < len(cell.lines) else ""
                word = re.match(r"[A-Za-z0-9.%]+", nxt)
                slack = 0.6 * size * len(word.group()) if word else 0.0
                short.append((cx1 - lx1) > pad + 0.8 * size + slack)
            cell.short = short


# --- assembling the text ------------------------------------------------------------------------

def _assemble(pages: list[_Page], tb: TextBuilder) -> None:
    items: list[tuple[str, object, _Page]] = []
    for p in pages:
        # lines keep the page's reading order (column by column on a two-column page); a table goes
        # before the first line below its top
        seq: list[tuple[str, object]] = [("line", ln) for ln in p.lines]
        for t in sorted(p.tables, key=lambda t: t.top):
            k = next((i for i, (kind, o) in enumerate(seq) if kind == "line" and o.top >= t.top), len(seq))
            seq.insert(k, ("table", t))
        items.extend((kind, obj, p) for kind, obj in seq)
    geo = _doc_margins(pages)

    para: list[Frag] = []
    prev_line: _Line | None = None

    def flush():
        nonlocal para
        if para:
            tb.line(para)
            para = []

    i = 0
    while i < len(items):
        kind, obj, p = items[i]
        if kind == "table":
            flush()
            prev_line = None
            part: _TablePart = obj
            grid = list(part.grid)
            j = i + 1
            # the same table continued at the top of the next page(s)
            while j < len(items) and items[j][0] == "table" and items[j][2].number != items[j - 1][2].number \
                    and items[j][1].ncols == part.ncols:
                nxt: _TablePart = items[j][1]
                rows = list(nxt.grid)
                if rows:
                    rows[0] = GridRow(rows[0].cells, continues=True, page=rows[0].page)
                    # a repeated header row comes first: the continued row is the first after it
                    if len(rows) > 1:
                        rows[1] = GridRow(rows[1].cells, continues=True, page=rows[1].page)
                grid += rows
                j += 1
            emit_table(tb, grid, part.page)
            i = j
            continue
        ln: _Line = obj
        text = clean_line(ln.text)
        if not text:
            i += 1
            continue
        if para and prev_line is not None and _continues(prev_line, ln, para, text, geo):
            para.append(Frag(text, ln.page, ln.bbox))
        else:
            flush()
            para = [Frag(text, ln.page, ln.bbox)]
        prev_line = ln
        i += 1
    flush()


def _doc_margins(pages: list[_Page]) -> dict[int, tuple[float, float, float, bool] | None]:
    """Text margins, line height and paragraph indentation, learnt over all pages of the same size
    (a page of short lines, such as a list of names, has no right margin of its own)."""
    groups: dict[tuple[int, int], list[_Page]] = {}
    for p in pages:
        groups.setdefault((round(p.width), round(p.height)), []).append(p)
    out = {}
    for group in groups.values():
        g = _margins([ln for p in group for ln in p.lines])
        for p in group:
            out[p.number] = g
    return out


def _margins(lines: list[_Line]) -> tuple[float, float, float, bool] | None:
    boxes = [ln.bbox for ln in lines if ln.bbox]
    if len(boxes) < 3:
        return None
    lefts = sorted(b[0] for b in boxes)
    left = lefts[int(len(lefts) * 0.05)] if len(lefts) >= 20 else lefts[0]
    rights = sorted(b[2] for b in boxes)
    right = rights[int(len(rights) * 0.9)] if len(rights) >= 10 else rights[-1]
    size = max(statistics.median(b[3] - b[1] for b in boxes), 4.0)
    # does this page indent first lines of paragraphs (about two characters)?
    indented = sum(1 for b in boxes if 1.2 * size <= b[0] - left <= 3.0 * size)
    return left, right, size, indented >= 2


def _centred(bbox, g) -> bool:
    left, right, size, _ = g
    return abs((bbox[0] + bbox[2]) / 2 - (left + right) / 2) < 0.6 * size


def _continues(prev: _Line, ln: _Line, para: list[Frag], text: str, geo) -> bool:
    """Is ``ln`` the continuation of the paragraph that ``prev`` ends?"""
    prev_text = para[-1].text
    if prev_text[-1] in "（(“‘《〈〔【［[「『":
        return True                   # nothing ends a paragraph with an opening bracket
    if is_heading_like(text):
        return False
    g_prev, g_ln = geo.get(prev.page), geo.get(ln.page)
    if g_prev and prev.column:                 # two-column page: the column's margins
        g_prev = (prev.column[0], prev.column[1], g_prev[2], g_prev[3])
    if g_ln and ln.column:
        g_ln = (ln.column[0], ln.column[1], g_ln[2], g_ln[3])
    geometry = bool(prev.bbox and ln.bbox and g_prev and g_ln)
    if prev_text[-1] in SENT_END and not (geometry and g_prev[3] and g_ln[3]):
        return False                  # without indented paragraphs to go by, a sentence end ends the line
    if geometry:
        _, right, size, _ = g_prev
        slack = 1.5 * size
        word = re.match(r"[A-Za-z0-9.%]+", text)
        if word:                                            # a Latin word or number that did not fit
            slack += 0.6 * size * len(word.group())
        if prev.bbox[2] < right - slack:                    # ends short of the margin: a real line end
            return False
        left2, right2, size2, _ = g_ln
        if _centred(prev.bbox, g_prev):
            # a centred title wrapped over two lines: the second line is centred too and, unless it
            # is short, of the same size
            if (_centred(ln.bbox, g_ln) and ln.bbox[0] > left2 + 0.8 * size2
                    and prev_text[-1] not in SENT_END + "：:；;，,"
                    and (ln.bbox[2] - ln.bbox[0] < 0.75 * (right2 - left2)
                         or abs((ln.bbox[3] - ln.bbox[1]) - (prev.bbox[3] - prev.bbox[1]))
                         <= 0.15 * (prev.bbox[3] - prev.bbox[1]))):
                return True
            # a centred line set larger than the body (a title) never goes on in a body line
            if prev.bbox[0] > g_prev[0] + 0.8 * size and prev.bbox[3] - prev.bbox[1] > 1.15 * size and \
                    (not _centred(ln.bbox, g_ln) or ln.bbox[0] <= left2 + 0.8 * size2):
                return False
        elif prev.bbox[0] > g_prev[0] + 4 * size:
            return False          # a line set right (a signature, a date) is no paragraph's first or next line
        if ln.bbox[0] > left2 + 0.8 * size2:                 # indented: a new paragraph
            # ... unless the whole block is indented the same way (a quoted passage)
            return False
        if prev.page == ln.page and ln.bbox[1] - prev.bbox[3] > 1.6 * size:   # a blank line between
            return False
        return True
    # no geometry: trust punctuation only
    return prev_text[-1] not in "：:；;"
