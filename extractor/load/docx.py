"""DOCX loading with lxml on word/document.xml (no python-docx object model: faster, and it sees
what python-docx hides: automatic numbering, content controls, merged cells).

* Paragraphs in document order; Word automatic numbering (numPr in the paragraph or its style,
  numbering.xml) is rendered as the label Word displays (一、 （一） 1. ①) and prepended.
* Tables become ``cell | cell`` lines via ``tables.emit_table`` (gridSpan, vMerge).
* Running headers/footers (header*.xml, footer*.xml) and deleted revisions are not read.
* The archive is checked before anything is decompressed: declared sizes, compression ratio and
  member count are bounded (zip bombs), and reads are capped whatever the headers claim.
"""
from __future__ import annotations

import io
import re
import zipfile

from ..errors import BadDocument, UnsupportedFormat
from .base import LoadedText
from .tables import Cell, Frag, GridRow, TextBuilder, clean_line, emit_table, join_title_lines

MAX_MEMBER = 200 * 1024 * 1024        # declared uncompressed size of one part
MAX_TOTAL = 400 * 1024 * 1024         # of all parts
MAX_RATIO = 150                       # uncompressed / compressed for a part above 1 MB
MAX_MEMBERS = 20000
_PARTS = ("word/document.xml", "word/numbering.xml", "word/styles.xml")


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    i = tag.rfind("}")
    return tag[i + 1:] if i >= 0 else tag


def _attr(el, name: str, default=None):
    """w:val and friends whatever the namespace (transitional or strict OOXML)."""
    for k, v in el.attrib.items():
        if _local(k) == name:
            return v
    return default


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def load_docx(data: bytes, path: str | None) -> LoadedText:
    parts = _read_parts(data, path)
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(parts["word/document.xml"], parser)
    except etree.XMLSyntaxError as e:
        raise BadDocument(path, f"damaged DOCX: word/document.xml is not well-formed XML ({str(e)[:80]})") from None
    warnings: list[str] = []
    numbering = _Numbering(parts.get("word/numbering.xml"), parts.get("word/styles.xml"), parser, warnings)
    body = _child(root, "body")
    if body is None:
        raise BadDocument(path, "damaged DOCX: word/document.xml has no body")
    tb = TextBuilder()
    _Walker(numbering, tb).blocks(body)
    return LoadedText(text=tb.text, path=path, format="docx", tables=tb.tables, warnings=warnings)


def _read_parts(data: bytes, path) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:   # damaged directory
        raise BadDocument(path, f"not a valid DOCX: the file is not a readable zip archive ({str(e)[:60]})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BadDocument(path, f"suspicious DOCX (zip bomb?): {len(infos)} archive members")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            if "xl/workbook.xml" in names:
                raise UnsupportedFormat(path, "an Excel workbook (.xlsx), not a Word document; save the notice as DOCX or PDF")
            if any(n.startswith("ppt/") for n in names):
                raise UnsupportedFormat(path, "a PowerPoint file (.pptx), not a Word document")
            if "content.xml" in names:
                raise UnsupportedFormat(path, "an OpenDocument file (.odt); convert it to DOCX or PDF")
            raise BadDocument(path, "not a Word document: the zip archive has no word/document.xml")
        total = 0
        for i in infos:
            total += i.file_size
            if i.file_size > MAX_MEMBER or (i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(1, i.compress_size)):
                raise BadDocument(path, f"suspicious DOCX (zip bomb?): {i.filename} declares "
                                        f"{i.file_size / 1048576:.0f} MB uncompressed from {i.compress_size / 1024:.0f} KB")
        if total > MAX_TOTAL:
            raise BadDocument(path, f"suspicious DOCX (zip bomb?): {total / 1048576:.0f} MB uncompressed in all")
        out = {}
        for name in _PARTS:
            if name not in names:
                continue
            info = zf.getinfo(name)
            try:
                with zf.open(info) as f:
                    blob = f.read(MAX_MEMBER + 1)        # capped whatever the header claims
            except (zipfile.BadZipFile, zlib_error(), EOFError, OSError, NotImplementedError, RuntimeError,
                    ValueError) as e:        # ValueError: a directory entry points before the file start
                raise BadDocument(path, f"damaged DOCX: {name} cannot be decompressed ({type(e).__name__}: {str(e)[:60]})") from None
            if len(blob) > MAX_MEMBER:
                raise BadDocument(path, f"suspicious DOCX (zip bomb?): {name} inflates beyond {MAX_MEMBER // 1048576} MB")
            out[name] = blob
        return out


def zlib_error():
    import zlib
    return zlib.error


# --- numbering ----------------------------------------------------------------------------------
_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CN_LEGAL_TRAD = "零壹貳參肆伍陸柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def chinese_number(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    s = ""
    parts = [(n // 1000, units[2]), (n // 100 % 10, units[1]), (n // 10 % 10, units[0]), (n % 10, "")]
    zero = False
    started = False
    for d, u in parts:
        if d == 0:
            zero = started
            continue
        if zero:
            s += digits[0]
            zero = False
        s += digits[d] + u
        started = True
    if 10 <= n < 20 and digits is _CN_DIGITS:
        s = s[1:]                        # 十一, not 一十一
    return s


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, r in vals:
        while n >= v:
            out += r
            n -= v
    return out


def _letters(n: int) -> str:
    # Word: a..z, aa..zz, aaa..
    k = (n - 1) // 26 + 1
    return chr(ord("a") + (n - 1) % 26) * k


def format_number(n: int, fmt: str) -> str:
    f = (fmt or "decimal")
    if f in ("decimal", "arabicAbjad"):
        return str(n)
    if f == "decimalZero":
        return f"{n:02d}"
    if f in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
             "taiwaneseCountingThousand", "ideographDigital", "japaneseDigitalTenThousand"):
        return chinese_number(n)
    if f in ("chineseLegalSimplified", "japaneseLegal"):
        return chinese_number(n, _CN_LEGAL, "拾佰仟")
    if f == "ideographLegalTraditional":                 # 壹 貳 參: as Word shows it in Taiwan plans
        return chinese_number(n, _CN_LEGAL_TRAD, "拾佰仟")
    if f == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if f == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if f in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
    if f == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if f == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if f == "decimalFullWidth" or f == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if f == "decimalHalfWidth":
        return str(n)
    if f == "lowerLetter":
        return _letters(n)
    if f == "upperLetter":
        return _letters(n).upper()
    if f == "lowerRoman":
        return _roman(n).lower()
    if f == "upperRoman":
        return _roman(n)
    if f in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None, parser, warnings):
        from lxml import etree
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_based: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started_nums: set[str] = set()
        self.alias: dict[str, str] = {}
        self.toc_styles: set[str] = set()         # the table of contents' entry styles (toc 1, 目录 1)
        self.style_jc: dict[str, str] = {}        # paragraph alignment a style sets
        if numbering_xml:
            try:
                root = etree.fromstring(numbering_xml, parser)
                self._parse_numbering(root)
            except etree.XMLSyntaxError:
                warnings.append("word/numbering.xml is damaged: automatic numbering (一、 1. ...) is not shown")
        if styles_xml:
            try:
                self._parse_styles(etree.fromstring(styles_xml, parser))
            except etree.XMLSyntaxError:
                warnings.append("word/styles.xml is damaged: numbering that styles carry is not shown")

    def _parse_numbering(self, root):
        style_link: dict[str, str] = {}          # list style name -> the abstractNum defining it
        num_style_link: dict[str, str] = {}      # abstractNum -> the list style it only points to
        for an in _children(root, "abstractNum"):
            aid = _attr(an, "abstractNumId")
            levels = {}
            for lvl in _children(an, "lvl"):
                levels[int(_attr(lvl, "ilvl", "0"))] = self._level(lvl)
            self.abstract[aid] = levels
            sl, nsl = _child(an, "styleLink"), _child(an, "numStyleLink")
            if sl is not None:
                style_link[_attr(sl, "val")] = aid
            if nsl is not None:
                num_style_link[aid] = _attr(nsl, "val")
        # a list that uses a list style (numStyleLink) has no levels of its own: they are the
        # levels of the abstractNum that defines the style (styleLink), and so is its counter
        self.alias: dict[str, str] = {}
        for aid, name in num_style_link.items():
            target = style_link.get(name)
            if target is not None and target != aid and not self.abstract.get(aid):
                self.alias[aid] = target
        for num in _children(root, "num"):
            nid = _attr(num, "numId")
            a = _child(num, "abstractNumId")
            overrides = {}
            for ov in _children(num, "lvlOverride"):
                il = int(_attr(ov, "ilvl", "0"))
                so = _child(ov, "startOverride")
                if so is not None:
                    overrides[il] = int(_attr(so, "val", "1"))
                lvl = _child(ov, "lvl")
                if lvl is not None:
                    overrides[("lvl", il)] = self._level(lvl)
            self.nums[nid] = (_attr(a, "val") if a is not None else None, overrides)

    @staticmethod
    def _level(lvl) -> dict:
        def val(name, default=None):
            c = _child(lvl, name)
            return _attr(c, "val", default) if c is not None else default
        return {"start": int(val("start", "1") or 1), "fmt": val("numFmt", "decimal"), "text": val("lvlText", ""),
                "suff": val("suff", "tab"), "restart": val("lvlRestart"), "lgl": _child(lvl, "isLgl") is not None}

    def _parse_styles(self, root):
        for st in _children(root, "style"):
            sid = _attr(st, "styleId")
            nm = _child(st, "name")
            if nm is not None and _TOC_STYLE.match(_attr(nm, "val", "") or ""):
                self.toc_styles.add(sid)
            spr = _child(st, "pPr")
            jc = _child(spr, "jc") if spr is not None else None
            if jc is not None:
                self.style_jc[sid] = _attr(jc, "val", "")
            based = _child(st, "basedOn")
            if based is not None:
                self.style_based[sid] = _attr(based, "val")
            ppr = _child(st, "pPr")
            npr = _child(ppr, "numPr") if ppr is not None else None
            if npr is not None:
                nid = _child(npr, "numId")
                il = _child(npr, "ilvl")
                self.style_num[sid] = (_attr(nid, "val") if nid is not None else None,
                                       int(_attr(il, "val", "0")) if il is not None else None)

    def centred(self, ppr) -> bool:
        """Is the paragraph centred (its own w:jc, else its style's or a style it is based on)?"""
        if ppr is None:
            return False
        jc = _child(ppr, "jc")
        if jc is not None:
            return _attr(jc, "val", "") == "center"
        ps = _child(ppr, "pStyle")
        sid = _attr(ps, "val") if ps is not None else None
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.style_jc:
                return self.style_jc[sid] == "center"
            sid = self.style_based.get(sid)
        return False

    def num_of(self, ppr) -> tuple[str | None, int]:
        nid = ilvl = None
        if ppr is not None:
            npr = _child(ppr, "numPr")
            if npr is not None:
                n, i = _child(npr, "numId"), _child(npr, "ilvl")
                nid = _attr(n, "val") if n is not None else None
                ilvl = int(_attr(i, "val", "0")) if i is not None else None
            if nid is None:
                ps = _child(ppr, "pStyle")
                sid = _attr(ps, "val") if ps is not None else None
                seen = set()
                while sid and sid not in seen:
                    seen.add(sid)
                    if sid in self.style_num:
                        snid, silvl = self.style_num[sid]
                        nid = snid
                        ilvl = ilvl if ilvl is not None else silvl
                        break
                    sid = self.style_based.get(sid)
        return nid, ilvl or 0

    def label(self, ppr) -> tuple[str, str]:
        """The label Word displays for this paragraph and its suffix ('' when not numbered)."""
        nid, ilvl = self.num_of(ppr)
        if not nid or nid == "0" or nid not in self.nums:
            return "", ""
        aid, overrides = self.nums[nid]
        aid = self.alias.get(aid, aid)
        levels = self.abstract.get(aid, {})
        lv = overrides.get(("lvl", ilvl)) or levels.get(ilvl)
        if lv is None:
            return "", ""
        counters = self.counters.setdefault(aid, {})
        if nid not in self.started_nums:
            self.started_nums.add(nid)
            for il, start in overrides.items():
                if isinstance(il, int):
                    counters[il] = start - 1
                    for deeper in [k for k in counters if k > il]:
                        del counters[deeper]
        counters[ilvl] = counters.get(ilvl, lv["start"] - 1) + 1
        # deeper levels restart (unless their lvlRestart says otherwise)
        for k in list(counters):
            if k > ilvl:
                dl = overrides.get(("lvl", k)) or levels.get(k) or {}
                r = dl.get("restart")
                if r is None or (r != "0" and int(r) - 1 >= ilvl):
                    del counters[k]
        if lv["fmt"] == "bullet":
            return "", ""

        def repl(m):
            k = int(m.group(1)) - 1
            klv = overrides.get(("lvl", k)) or levels.get(k) or {"start": 1, "fmt": "decimal"}
            n = counters.get(k, klv["start"])
            return format_number(n, "decimal" if lv.get("lgl") else klv["fmt"])
        text = re.sub(r"%(\d)", repl, lv["text"] or "")
        return text, lv["suff"] or "tab"


# --- walking the body ---------------------------------------------------------------------------
_TOC_STYLE = re.compile(r"^\s*(?:toc|目录|目錄)\s*\d\s*$", re.I)


def _is_toc_sdt(sdt) -> bool:
    pr = _child(sdt, "sdtPr")
    dpo = _child(pr, "docPartObj") if pr is not None else None
    gal = _child(dpo, "docPartGallery") if dpo is not None else None
    return gal is not None and (_attr(gal, "val", "") or "").lower() == "table of contents"

_SKIP = {"del", "moveFrom", "instrText", "delText", "Fallback", "rPr", "pPr", "sectPr", "tblPr", "tblGrid", "trPr",
         "tcPr", "footnoteReference", "endnoteReference", "commentReference", "fldData", "bookmarkStart",
         "bookmarkEnd", "proofErr", "lastRenderedPageBreak", "sym"}


class _Walker:
    def __init__(self, numbering: _Numbering, tb: TextBuilder):
        self.num = numbering
        self.tb = tb

    def blocks(self, el) -> None:
        for c in el:
            name = _local(c.tag)
            if name == "p":
                if self._toc_entry(c):
                    continue
                for line in self.paragraph(c):
                    self.tb.line(line)
            elif name == "tbl":
                self.table(c)
            elif name == "sdt" and _is_toc_sdt(c):
                continue                 # the table of contents (目录): its entries repeat the headings
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"):
                self.blocks(c)

    def _toc_entry(self, p) -> bool:
        """A paragraph of a table of contents (style toc 1, toc 2 …): the heading and its page number
        again, not the heading."""
        if not self.num.toc_styles:
            return False
        ppr = _child(p, "pPr")
        ps = _child(ppr, "pStyle") if ppr is not None else None
        return ps is not None and _attr(ps, "val") in self.num.toc_styles

    def paragraph(self, p, in_cell: bool = False) -> list[str]:
        """Lines of one paragraph (a w:br inside it breaks the line), numbering label prepended;
        text boxes anchored in it follow as lines of their own."""
        ppr = _child(p, "pPr")
        label, suff = self.num.label(ppr)
        buf: list[str] = []
        boxes: list[str] = []
        self._runs(p, buf, boxes)
        text = "".join(buf)
        if label:
            sep = "" if suff == "nothing" else " "
            text = label + sep + text
        centred = not in_cell and self.num.centred(ppr)     # (a cell's lines are often unit names)
        out: list[str] = []
        for part in text.split("\x1e"):                # page and column breaks always end the line
            lines = [x for x in (clean_line(y) for y in part.split("\n")) if x]
            if centred:
                lines = join_title_lines(lines)
            out.extend(lines)
        return out + boxes

    def _runs(self, el, buf: list[str], boxes: list[str]) -> None:
        for c in el:
            name = _local(c.tag)
            if name in _SKIP:
                continue
            if name == "t":
                buf.append(c.text or "")
            elif name == "tab" or name == "ptab":
                buf.append(" ")
            elif name in ("br", "cr"):
                # a line break; a page or column break too ends the line (the text after it
                # starts a page: a plan after its covering notice, an annex)
                buf.append("\x1e" if _attr(c, "type") in ("page", "column") else "\n")
            elif name == "noBreakHyphen":
                buf.append("-")
            elif name == "softHyphen":
                continue
            elif name == "txbxContent":
                for q in c:
                    if _local(q.tag) == "p":
                        boxes.extend(self.paragraph(q))
            elif name == "p":                               # paragraphs nested in odd containers
                buf.append("\n" + "\n".join(self.paragraph(c)) + "\n")
            else:
                self._runs(c, buf, boxes)

    def table(self, tbl) -> None:
        grid: list[GridRow] = []
        for tr in self._rows(tbl):
            cells: list[Cell] = []
            for tc in tr:
                name = _local(tc.tag)
                if name == "sdt":                            # a content control around a cell
                    content = _child(tc, "sdtContent")
                    tcs = _children(content, "tc") if content is not None else []
                elif name == "tc":
                    tcs = [tc]
                else:
                    continue
                for t in tcs:
                    cell = self.cell(t)
                    if getattr(cell, "hmerge", None) == "continue" and cells:
                        cells[-1].hspan += cell.hspan      # covered by the cell on its left
                        continue
                    cells.append(cell)
            grid.append(GridRow(cells))
        emit_table(self.tb, grid)

    @staticmethod
    def _rows(tbl) -> list:
        """The table's rows, also those inside content controls or custom XML (a repeating section)."""
        out = []
        for c in tbl:
            name = _local(c.tag)
            if name == "tr":
                out.append(c)
            elif name in ("sdt", "customXml", "ins"):
                content = _child(c, "sdtContent") if name == "sdt" else c
                if content is not None:
                    out.extend(_Walker._rows(content))
        return out

    def cell(self, tc) -> Cell:
        cell = Cell()
        pr = _child(tc, "tcPr")
        if pr is not None:
            gs = _child(pr, "gridSpan")
            if gs is not None:
                try:
                    cell.hspan = max(1, int(_attr(gs, "val", "1")))
                except ValueError:
                    pass
            vm = _child(pr, "vMerge")
            if vm is not None and _attr(vm, "val", "continue") == "continue":
                cell.vmerged = True
            hm = _child(pr, "hMerge")                # the older form of gridSpan (WPS, Word 97 files)
            if hm is not None:
                cell.hmerge = _attr(hm, "val", "continue")
        for c in tc:
            name = _local(c.tag)
            if name == "p":
                for line in self.paragraph(c, in_cell=True):
                    cell.lines.append([Frag(line)])
                    cell.short.append(True)
            elif name == "tbl":                              # a nested table: its text, row by row
                sub = TextBuilder()
                _Walker(self.num, sub).table(c)
                for line in sub.text.split("\n"):
                    if line.strip():
                        cell.lines.append([Frag(line.strip())])
                        cell.short.append(True)
            elif name in ("sdt", "customXml"):
                content = _child(c, "sdtContent") if name == "sdt" else c
                if content is not None:
                    for q in content:
                        if _local(q.tag) == "p":
                            for line in self.paragraph(q, in_cell=True):
                                cell.lines.append([Frag(line)])
                                cell.short.append(True)
        return cell
