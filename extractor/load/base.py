"""The loader's product: decoded text plus where each character came from."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageSpan:
    """Characters [start, end) of the loaded text come from page ``page`` (1-based)."""
    start: int
    end: int
    page: int


@dataclass
class Box:
    """A character range of the loaded text and its bounding box on a PDF page (points, top-left origin)."""
    start: int
    end: int
    page: int
    bbox: tuple[float, float, float, float]


@dataclass
class TableRow:
    """A row of a task table found by the loader: cell texts and their spans in the loaded text."""
    cells: list[str]
    spans: list[tuple[int, int]]
    page: int | None = None


@dataclass
class Table:
    header: list[str]
    rows: list[TableRow]
    page: int | None = None


@dataclass
class LoadedText:
    """Decoded text of one input file.

    ``text`` is the *source text*: every span in the output is a [start, end) range of it.
    For TXT it is the decoded file; for PDF/DOCX/HTML it is the text the loader reconstructs
    (reading order, tables as ``|``-separated rows), with ``pages`` mapping ranges to pages.
    """
    text: str
    path: str | None
    format: str                      # txt | pdf | docx | html | image
    encoding: str | None = None      # for txt/html: detected encoding
    sha256: str | None = None        # of the raw bytes
    pages: list[PageSpan] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr: object | None = None        # load.ocr.OcrInfo when pages were read by OCR (format pdf or image)

    def char_box(self, offset: int):
        """(page, box) of an OCR'd character, or None (not OCR'd, or not a character of a page)."""
        if self.ocr is None:
            return None
        from .ocr import char_boxes
        if getattr(self, "_char_boxes", None) is None:
            self._char_boxes = char_boxes(self.text, self.ocr)
        return self._char_boxes.get(offset)

    def page_at(self, offset: int) -> int | None:
        """Page (1-based) holding character ``offset``, or None for formats without pages."""
        if not self.pages:
            return None
        import bisect
        starts = [p.start for p in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return self.pages[0].page
        return self.pages[i].page
