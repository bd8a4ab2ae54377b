"""Stage 3a, locate the notice and read its metadata.

All functions work on the analysis text (Simplified, width-folded, same length as the source)
and return spans; the assembler slices the original text, so values keep their script.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, Field

from ..core.datafiles import DATA_DIR, DataModel, check_regex, load_toml
from fractions import Fraction

from ..core.prefilter import finditer_anchored
from ..cues.unitlist import split_units
from ..lang.lexicon_api import looks_like_unit
from ..lang.numerals import gregorian_year, parse_int

# Markers after which a quoted notice begins (news articles, reposts).
_LEAD_IN = re.compile(r"(?:全文如下|原文如下|通知全文如下|全文内容如下|以下为全文|通知原文如下|文件全文如下)\s*[:：]?\s*\n?")
_TITLE_TAIL = re.compile(r"(?:的通知|的意见|的决定|的批复|的通报|的函|的实施意见|若干意见|指导意见|通知)$")
_TITLE_TAIL_IN = re.compile(r"(?:的(?:紧急|补充|预备|预)?通知|的意见|的决定|的批复|的通报|的函|的实施意见|若干意见|指导意见)")
_PLAN_TAIL = re.compile(r"(?:行动计划|实施方案|工作方案|分工方案|行动方案|方案|计划|规划|办法|细则|措施|意见|要点|政策|指南|规定|清单|任务表|分工表|责任表|一览表|台账|纲要|安排|标准)(?:\([^()]{0,20}\))?$")
DOC_NO = re.compile(
    r"(?P<no>(?:[\u4e00-\u9fff]{1,8})?[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*(?:第|的)?\s*\d{1,4}\s*号"
    r"|[\u4e00-\u9fff]{1,10}字第\s*\d{4,12}\s*号)")         # Taiwan: 院臺經字第1130012345號
# What every DOC_NO match holds, at most DOC_NO_ANCHOR_REACH characters after the match's start: its
# bracketed year (after at most 8 characters of issuer code) or the 字 of 字第 (after 1-10). The
# anchor has a short literal start, so ``re`` skips to candidates at C speed; DOC_NO itself opens
# with an optional run of CJK characters, which makes ``re`` try every position of Chinese text.
_DOC_NO_ANCHOR = re.compile(r"[〔\[【(](?=\s*(?:19|20)\d{2}\s*[〕\]】)])|字(?=第)")
DOC_NO_ANCHOR_REACH = 10


def docno_finditer(text: str, pos: int = 0, endpos: int | None = None):
    """The matches of ``DOC_NO.finditer(text, pos, endpos)``, trying DOC_NO only at the positions
    up to DOC_NO_ANCHOR_REACH characters before an anchor (no match can start anywhere else)."""
    return finditer_anchored(DOC_NO, _DOC_NO_ANCHOR, DOC_NO_ANCHOR_REACH, text, pos, endpos)


_CN_YEAR = "[〇零一二三四五六七八九]"
DATE_RE = re.compile(
    rf"(?:中华民国\s*)?(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR}{{4}}|1[0-4]\d)\s*年\s*(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日")
_UNIT_END = "局厅委办室府会部署院行司社团心队站"

# Search windows (characters). The head of a notice (title, number, recipients, header fields)
# fits in its first two pages, about 3,000 characters; searching the whole text would find the
# titles and numbers of the documents it cites instead.
HEAD_CHARS = 3000
# A reporter's lead-in ("…全文如下:") comes before the notice and is shorter than it: look for its
# end in the first 2/5 of the text (at least the first 2,000 characters of a short one).
LEAD_IN_MIN_SEARCH = 2000
LEAD_IN_MAX_SHARE = Fraction(2, 5)    # exact: int() of it is the floor, as len * 2 // 5 was
# A document number right after a title line stands within a line of it.
DOC_NO_GAP = 60
# The notice's own number stands a few lines above or below its title (letterheads put it
# above; some put it under the title's second line), never pages away.
DOC_NO_BEFORE_TITLE = 400
DOC_NO_AFTER_TITLE = 1200
# Flattened text (no line breaks): the signature date follows the body of a short notice; two
# head-sized windows cover the notices without numbered items whose date this is for.
FLAT_SIGNATURE_SEARCH = 2 * HEAD_CHARS
# A letter's subject line (主旨:) follows its letterhead within a paragraph.
SUBJECT_WINDOW = 800
# Recipients (各区县人民政府, 市直各单位:) come in the first lines after the title or number.
RECIPIENTS_WINDOW = 1500
# where a new issuer name starts inside run-on text: a party prefix or a place name
_NEW_UNIT = re.compile(r"(?=(?:中共|中国共产党|共青团)|[\u4e00-\u9fff]{2,3}(?:省|市|自治区|县|区)(?![委长]))")


@dataclass
class Meta:
    notice_start: int = 0
    lead_in: tuple[int, int] | None = None
    notice_title: tuple[int, int] | None = None
    title: tuple[int, int] | None = None
    doc_number: tuple[int, int] | None = None
    date: tuple[int, int] | None = None
    date_iso: str | None = None
    issuers: list[tuple[int, int]] = field(default_factory=list)
    recipients: list = field(default_factory=list)       # UnitMention
    recipients_span: tuple[int, int] | None = None
    cites: list[dict] = field(default_factory=list)       # {"doc_number": (s,e), "title": (s,e)|None}
    body_start: int = 0                                   # where the plan/body text starts (after signature)
    rules: dict = field(default_factory=dict)             # field -> id of the rule that found it


_FIELD_DATE = re.compile(r"(?:成文|发文)(?:日期|时间)\W{0,4}:\W{0,4}(?P<v>(?:中华民国\s*)?(?P<y>(?:19|20)\d{2}|1[0-4]\d)\s*[.\-/年]\s*(?P<m>\d{1,2})\s*[.\-/月]\s*(?P<d>\d{1,2})日?)")
_LETTER_HEAD = re.compile(r"[ \t]*(?P<v>[\u4e00-\u9fff]{2,20}?)[ \t]*函[ \t]*$", re.M)     # Taiwan: "經濟部函"
_SUBJECT = re.compile(r"主旨\s*:\s*(?P<v>[^\n]{4,200})")
# a letter's or a crawled page's addressee field ("受文者: 经济部、国家发展委员会", "主送: 各区县政府")
_FIELD_RECIPIENTS = re.compile(r"^[ \t*#>]*(?:受文者|主送(?:机关|单位)?)[ \t]*:[ \t]*(?P<v>[^\n]{2,300})", re.M)
# the lines that close a letter (Taiwan 函): its copy list; the plan it transmits follows them
_LETTER_CLOSE = re.compile(r"^[ \t]*(?:正本|副本|抄送|抄本)[ \t]*:[^\n]*$", re.M)
_FIELD_ISSUER = re.compile(r"(?:发布部门|发文机关|制定机关|发文单位)\W{0,4}:\W{0,4}(?P<v>[^\s*:;,。]{2,40})")
_HEADER_FIELD = re.compile(r"[\s*#>【\[]*[\u4e00-\u9fff]{2,8}[\s*】\]]*:")


# flattened text (a first line longer than this): a plan's title glued to the sentence or heading
# that opens its body
FLAT_TITLE_LINE = 80
_FLAT_PLAN_TITLE = re.compile(
    r"(?:附件\s*(?:\d(?=(?:19|20)\d\d)|\d{1,2}(?!\d))?\s*)?"
    r"(?P<t>[^。:;，,\n《》]{4,80}?(?:行动计划|实施方案|工作方案|分工方案|行动方案|方案|计划|规划|办法|细则|要点|纲要)"
    r"(?:[(（][^()（）]{0,20}[)）])?)"
    r"(?=为|根据|按照|依据|一、|[(（]一[)）]|第一章|现将|近年来|当前|目前)")
# what opens a body sentence (or dates an event in it); a recipients line holds none of these
_BODY_OPENER = re.compile(r"(?:根据|按照|依据|为了|为贯彻|为落实|为进一步|经研究|现将|近年来|(?:19|20)\d{2}年\d{1,2}月)")
# the tail of an upward document's title (a report, a request, minutes, a reply): the document itself
_UPWARD_TAIL = re.compile(r"(?:报告|请示|汇报|建议|[复覆]函|回函|纪要)$")
# a draft's or an issue's mark after a title: (会签稿), (征求意见稿), （送审稿）
_DRAFT_MARK = re.compile(r"[(（][^()（）]{1,8}稿[)）]")


def _iso(y: str, m: str, d: str) -> str | None:
    import datetime as _dt
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


_RUNON_TITLE = re.compile(r"[^。:;]{0,120}?关于[^。:;]{2,120}?(?:的|意见建议的)(?:(?:紧急|补充|预备|预)?通知|意见|决定|函|批复|通报|请示|报告|汇报|建议|[复覆]函|回函|纪要)|关于[^。:;]{2,120}?名单汇报")
# Every _RUNON_TITLE match has its 关于 at most 120 characters after its start, with none of 。:; before
# it: tried only there (finditer_anchored), not at every position of a run-on line.
_RUNON_ANCHOR, RUNON_REACH, RUNON_STOPS = re.compile("关于"), 120, "。:;"


def runon_title_finditer(text: str):
    """``_RUNON_TITLE.finditer(text)``, tried only where a match can start."""
    return finditer_anchored(_RUNON_TITLE, _RUNON_ANCHOR, RUNON_REACH, text, stops=RUNON_STOPS)
_SENTENCE_START = re.compile(r"[^。:;]{0,60}?(?:为贯彻|为落实|为进一步|根据|按照|依据|现将|经研究|听取|审议)")


_ITEM_START = re.compile(r"(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、](?!\d))")


def _line_length(text: str, pos: int) -> int:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return (len(text) if b == -1 else b) - a


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher
    return SequenceMatcher(None, a, b, autojunk=False).ratio() > 0.8


def _next_is_docno(text: str, pos: int) -> bool:
    m = DOC_NO.search(text, pos, pos + DOC_NO_GAP)
    return bool(m) and not text[pos:m.start()].strip(" \t\n()（）")


def docno_span(text: str, m: re.Match) -> tuple[int, int]:
    """The document number's span, without letterhead words glued before it (…文件龙工信能源〔2022〕9号)."""
    s, e = m.span("no")
    brs = [i for i in (text.find(c, s, e) for c in "〔[【(") if i != -1]
    if not brs:                               # 字第…号: the prefix starts after a date or a 号 before it
        k = max(text.rfind(c, s, e - 4) for c in "日月年号:")
        return (k + 1 if k != -1 and k < text.find("字第", s, e) else s), e
    br = min(brs)
    pre = text[s:br]
    for word in ("文件", "号", "发文", ":"):
        i = pre.rfind(word)
        if i != -1:
            s = s + i + len(word)
            pre = text[s:br]
    if pre.startswith("件") and s > 0 and text[s - 1] == "文":
        s += 1
        pre = text[s:br]
    # the tail of a letterhead glued before the number ("…生态环境厅鲁环便函〔2021〕")
    m = re.search(r"[\u4e00-\u9fff]{2,}[厅局](?=[\u4e00-\u9fff]{3,}$)", pre)
    if m:
        s += m.end()
    # letterhead words (data/letterhead.toml): the code starts after the last one that leaves at
    # least one character before the bracket; looked for from a few characters before the match,
    # since the match's start may cut such a word in half
    w0 = max(0, s - LETTERHEAD_LOOKBACK)
    for c in letterhead_chrome().finditer(text, w0, br):
        if s < c.end() < br:
            s = c.end()
    return s, e


# how far before a document number's match a letterhead word (data/letterhead.toml) may start
LETTERHEAD_LOOKBACK = 4


class _Chrome(DataModel):
    id: str = Field(min_length=1)
    pattern: Annotated[str, Field(min_length=1), AfterValidator(check_regex)]
    example: str = Field(min_length=1)
    meaning: str = Field(min_length=1)


class _LetterheadFile(DataModel):
    chrome: list[_Chrome]
    signature_cut: list[_Chrome] = []
    title_cut: list[_Chrome] = []


# the shortest issuer name left after a signature cut (省人社厅 has four characters)
SIGNATURE_MIN_NAME = 4


@lru_cache(maxsize=2)
def title_cuts(path: str | None = None) -> re.Pattern:
    """Page chrome glued before a title's issuer (``title_cut`` in ``data/letterhead.toml``)."""
    data = letterhead_file(path)
    return re.compile("|".join(f"(?:{c.pattern})" for c in data.title_cut) or "(?!)")


# a cut that leaves a title opening on one of these fell inside a citation or a list: not taken
_NOT_A_TITLE_START = ")）]】》、，,;；"


def trim_title_chrome(text: str, s: int, e: int) -> int:
    """The start of a title line ``[s, e)`` without the header chrome glued before its issuer."""
    k = text.find("关于", s, e)
    if k == -1:
        return s
    for c in title_cuts().finditer(text, s, k):
        if c.end() > s and text[c.end()] not in _NOT_A_TITLE_START:
            s = c.end()
    return s


@lru_cache(maxsize=2)
def signature_cuts(path: str | None = None) -> re.Pattern:
    """Words that end what is glued before a run-on signature (``signature_cut`` in
    ``data/letterhead.toml``): attachment titles, contact lines, disclosure marks."""
    data = letterhead_file(path)
    return re.compile("|".join(f"(?:{c.pattern})" for c in data.signature_cut) or "(?!)")


@lru_cache(maxsize=2)
def letterhead_file(path: str | None = None) -> _LetterheadFile:
    """``data/letterhead.toml`` (or ``path``), validated once; loaded by every extraction (so that a
    broken file fails at once, not only on the first notice that needs one of its rules)."""
    return load_toml(path or DATA_DIR / "letterhead.toml", _LetterheadFile)


@lru_cache(maxsize=2)
def letterhead_chrome(path: str | None = None) -> re.Pattern:
    """Letterhead words glued before a document number (``chrome`` in ``data/letterhead.toml``)."""
    data = letterhead_file(path)
    return re.compile("|".join(f"(?:{c.pattern})" for c in data.chrome))


ROC_RE = re.compile(r"(?:中华)?民国\s*1[0-4]\d\s*年|^\s*1[0-4]\d\s*年\d{1,2}\s*月\d{1,2}\s*日\s*$", re.M)


# a three-digit year in a date's shape (113年12月, 114年度, 114年底, 113至116年, 113-116年): taken
# as evidence of ROC years only where such dates recur and outnumber Gregorian ones, since a lone
# "120年" may be a span of years
_ROC_DATE_SHAPE = re.compile(r"(?<![\d.])1[0-4]\d\s*(?:年\s*\d{1,2}\s*月|年度|年底|年\s*[至到~\-—]\s*1[0-4]\d\s*年|"
                             r"\s*[至到~\-—]\s*1[0-4]\d\s*年|年\s*(?:以前|之前|底前))")
_GREGORIAN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年")


# a Taiwan plan that never writes 民國: its periods and deadlines name three-digit years with a
# month, 年度 or 以前 (辦理期程：113年1月至114年12月, 115年度, 115年以前), and no Gregorian year stands
# anywhere in it
_ROC_BARE = re.compile(r"(?<![\d.])1[01]\d\s*年\s*(?:度|\d{1,2}\s*月|以前|之前|底前)")


def uses_roc(text: str) -> bool:
    """Whether the notice writes years in the Republic of China calendar (Taiwan: 中華民國113年; or,
    without 民國, dates such as 113年12月 / 114年度 / 115年以前: one where no Gregorian year stands,
    else where they recur and outnumber the Gregorian years)."""
    if ROC_RE.search(text) is not None:
        return True
    gregorian = len(_GREGORIAN_YEAR.findall(text))
    if gregorian == 0:
        return _ROC_BARE.search(text) is not None
    shapes = sum(1 for _ in zip(range(50), _ROC_DATE_SHAPE.finditer(text)))
    return shapes >= 2 and shapes > gregorian


def parse_date(m: re.Match) -> str | None:
    try:
        y = gregorian_year(parse_int(m.group("y")))
        mo = parse_int(m.group("m"))
        d = parse_int(m.group("d"))
        import datetime as _dt
        return _dt.date(y, mo, d).isoformat()
    except (ValueError, TypeError, KeyError):
        return None


def _lines(text: str, start: int, end: int):
    pos = start
    for line in text[start:end].split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _strip_span(text: str, s: int, e: int, chars: str = " \t#*>") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars + "\n":
        e -= 1
    return s, e


_FIELD_TITLE = re.compile(r"(?:标\s*题|名\s*称)\s*[:：]\s*\|?\s*(?P<v>[^|\n]{6,160})")
_CHROME_PREFIX = re.compile(r"【[^】]{2,20}】\s*")
_GLUED_DOCNO = re.compile(r"[(（]\s*[^()（）\s]{1,12}[〔\[]\d{4}[〕\]]\s*\d+\s*号\s*[)）]$")


def locate_notice(text: str) -> tuple[int, tuple[int, int] | None]:
    """Start of the notice proper, skipping a reporter's lead-in that ends with 全文如下 etc."""
    limit = max(LEAD_IN_MIN_SEARCH, int(len(text) * LEAD_IN_MAX_SHARE))
    m = _LEAD_IN.search(text, 0, limit)
    if m:
        return m.end(), (0, m.end())
    return 0, None


def extract_metadata(text: str) -> Meta:
    letterhead_chrome(), title_cuts(), signature_cuts()    # data/letterhead.toml: validated up front
    meta = Meta()
    start, lead = locate_notice(text)
    meta.notice_start, meta.lead_in = start, lead
    head_end = min(len(text), start + HEAD_CHARS)
    lines = list(_lines(text, start, head_end))

    # --- title line(s) -------------------------------------------------------------------------
    title_span = None
    field_title = None
    for k, (a, b, line) in enumerate(lines[:40]):
        s, e = _strip_span(text, a, b)
        body = text[s:e]
        if body.endswith("|") or body.startswith("|"):
            # a crawled page's field table (标 题: … | 发文字号: … |): the title line follows; the
            # table's own title cell stands in where no line does
            cell = _FIELD_TITLE.search(text, s, e)
            if cell and field_title is None and _TITLE_TAIL.search(cell.group("v").rstrip()):
                field_title = (cell.start("v"), cell.start("v") + len(cell.group("v").rstrip()))
            continue
        chrome = _CHROME_PREFIX.match(body)
        if chrome and "关于" in body[chrome.end():]:
            s += chrome.end()   # "【专题名】某市人民政府关于…的通知": a page's column label before the title
            body = text[s:e]
        glued = _GLUED_DOCNO.search(body)
        if glued and _TITLE_TAIL.search(body[:glued.start()].rstrip()):
            # "…的通知(岳办发〔2017〕2号)": the title and its number on one line
            e = s + len(body[:glued.start()].rstrip())
            body = text[s:e]
        runon = len(body) > 80 and "关于" in body[:600] and not _TITLE_TAIL.search(body)
        if not body or len(body) > 160 or body.endswith(("。", ":", ";")) or runon:
            if len(body) > 80 and "关于" in body[:600]:   # run-on: "…关于…的通知" inside the line
                m = next((x for x in runon_title_finditer(body[:1500]) if not _SENTENCE_START.match(x.group())
                          and x.group().count("《") <= x.group().count("》")), None)
                if m:
                    ts = s + m.start()
                    dn = DOC_NO.search(text, s, ts + m.end() - m.start())
                    if dn and dn.end() <= s + m.end():
                        ts = max(ts, dn.end())
                    colon = text.rfind(":", ts, s + m.end())
                    ts = colon + 1 if colon != -1 else ts
                    ts = trim_title_chrome(text, ts, s + m.end())
                    k = text.find("关于", ts, s + m.end())
                    sp = max(text.rfind(" ", ts, k), text.rfind("\u3000", ts, k), text.rfind("\t", ts, k))
                    if sp != -1:
                        ts = sp + 1          # page chrome before the issuer ("字号: 大 中 小某市…")
                    half = (k - ts) // 2
                    if k - ts >= 6 and (k - ts) % 2 == 0 and text[ts:ts + half] == text[ts + half:k]:
                        ts += half          # a letterhead repeating the issuer before the title
                    title_span = _strip_span(text, ts, s + m.end())
                    break
            continue
        if _TITLE_TAIL.search(body) and ("关于" in body or body.endswith("通知")):
            title_span = (s, e)
            # the same title repeated (a web page's heading, then the document's own title line):
            # the document's own line is the one right above its number
            for a2, b2, _ in lines[k + 1:k + 4]:
                s2, e2 = _strip_span(text, a2, b2)
                if e2 > s2 and _TITLE_TAIL.search(text[s2:e2]) and "关于" in text[s2:e2] and \
                        _similar(text[s:e], text[s2:e2]) and _next_is_docno(text, e2):
                    title_span = (s2, e2)
                    break
            break
        if k + 1 < len(lines) and "关于" in body:
            a2, b2, nxt = lines[k + 1]
            s2, e2 = _strip_span(text, a2, b2)
            # the title's second line may carry the document number glued to its end
            dn = DOC_NO.search(text, s2, e2)
            if dn and dn.end() >= e2 - 1:
                br = next((i for i in range(dn.start(), dn.end()) if text[i] in "〔[【("), dn.start())
                tails = list(_TITLE_TAIL_IN.finditer(text, s2, br))
                if tails:
                    e2 = tails[-1].end()
            if 0 < e2 - s2 < 80 and _TITLE_TAIL.search(text[s2:e2]):
                title_span = (s, e2)
                break
    if title_span is None and field_title is not None:
        title_span = field_title
    if title_span is None:
        # a plan without a covering notice: its own title line (…实施方案, …任务分工方案, …办法)
        for a, b, line in lines[:6]:
            s, e = _strip_span(text, a, b)
            if 4 <= e - s <= 80 and _PLAN_TAIL.search(text[s:e]) and not re.search(r"[。:;,|]", text[s:e]):
                title_span = (s, e)
                break
    if title_span is None and lines:
        # flattened text: the plan's title glued to its first sentence or heading
        # ("某某公司…推广应用工作方案为贯彻落实…", "附件1 2022年…专项行动工作方案为提升…")
        a, b, _ = next(((a, b, x) for a, b, x in lines if x.strip()), lines[0])
        s, e = _strip_span(text, a, b)
        m = _FLAT_PLAN_TITLE.match(text, s, e) if e - s > FLAT_TITLE_LINE else None
        if m:
            title_span = m.span("t")
    if title_span:
        t = text[title_span[0]:title_span[1]]
        # a covering document (通知, 函, 通报, 批复) transmits the plan; 意见 / 决定 are the policy itself
        # an upward document (报告, 请示) is the document itself too: its title line is the notice's
        if t.endswith("通知") or (t.endswith(("的函", "的通报", "的批复", "的报告", "的请示", "汇报", "的建议", "复函",
                                             "覆函", "回函", "的纪要")) and "关于" in t):
            meta.notice_title = title_span
            meta.rules["notice_title"] = "meta.title_line"
        else:
            meta.title = title_span
            meta.rules["title"] = "meta.title_line"

    # --- document number -----------------------------------------------------------------------
    own = None
    search_from = meta.notice_title[0] if meta.notice_title else (meta.title[0] if meta.title else start)
    for m in docno_finditer(text, max(start, search_from - DOC_NO_BEFORE_TITLE),
                            min(len(text), search_from + DOC_NO_AFTER_TITLE)):
        before = text[max(0, m.start() - 2):m.start()]
        if "》" in before or "(" in before[-1:] and "》" in text[max(0, m.start() - 3):m.start()]:
            continue
        own = docno_span(text, m)
        break
    tspan = meta.notice_title or meta.title
    if own and tspan and own[0] < tspan[1] < own[1]:
        own = (tspan[1], own[1])            # run-on: the number follows the title directly
    meta.doc_number = own
    if own:
        meta.rules["doc_number"] = "meta.doc_number_header"

    # --- signing date and issuers -----------------------------------------------------------------
    date_line = None
    for a, b, line in _lines(text, start, len(text)):
        s, e = _strip_span(text, a, b, " \t")
        m = DATE_RE.fullmatch(text, s, e) if e > s else None
        if m:
            date_line = (s, e, m)
            break
    field = _FIELD_DATE.search(text, start, min(len(text), start + HEAD_CHARS)) if date_line is None else None
    if date_line is None and field is None:   # flattened text: a date right after an issuer name
        printed = None
        for m in DATE_RE.finditer(text, start, min(len(text), start + FLAT_SIGNATURE_SEARCH)):
            if m.start() > 0 and text[m.start() - 1] in _UNIT_END and _line_length(text, m.start()) > 200:
                if _PRINT_LINE.match(text, m.end()):
                    printed = printed or (m.start(), m.end(), m)   # the print line's date (…办公室…日印发)
                    continue
                date_line = (m.start(), m.end(), m)
                break
        if date_line is None:
            date_line = _closing_signature(text, start) or printed
    if date_line:
        s, e, m = date_line[:3]
        meta.date, meta.date_iso = (s, e), parse_date(m)
        meta.rules["date"] = "meta.signature_date"
        if len(date_line) == 3:
            meta.issuers = _issuers_before(text, s, start, _title_issuer(text, meta))
        if meta.issuers:
            meta.rules["issuers"] = "meta.signature_issuers"
        meta.body_start = e
    if date_line is None and field is not None:
        # crawled pages, legal databases, Taiwan letters: a "成文日期: 2024.05.20" header field
        m = field
        y = int(m.group("y"))
        meta.date, meta.date_iso = m.span("v"), _iso(str(gregorian_year(y)), m.group("m"), m.group("d"))
        meta.rules["date"] = "meta.header_field_date"
    if not meta.issuers:
        m = _LETTER_HEAD.match(text, start)
        if m and m.end() - start < 40:
            meta.issuers = [m.span("v")]
            meta.rules["issuers"] = "meta.letter_head"
            sub = _SUBJECT.search(text, m.end(), min(len(text), m.end() + SUBJECT_WINDOW))
            q = re.search(r"[「“《](?P<t>[^」”》]{2,80})[」”》]", sub.group("v")) if sub else None
            if q and meta.title is None and _PLAN_TAIL.search(q.group("t")):
                meta.title = (sub.start("v") + q.start("t"), sub.start("v") + q.end("t"))
                meta.rules["title"] = "meta.letter_subject"
    if not meta.body_start:
        # a letter (主旨 / 说明 … 正本 / 副本): its explanation items are the letter's, not the plan's;
        # the plan starts after its copy lists
        sub = _SUBJECT.search(text, start, min(len(text), start + HEAD_CHARS))
        if sub:
            last = None
            for m in _LETTER_CLOSE.finditer(text, sub.end(), min(len(text), sub.end() + HEAD_CHARS)):
                last = m
            if last:
                meta.body_start = last.end()
    if not meta.issuers:
        m = _FIELD_ISSUER.search(text, start, min(len(text), start + HEAD_CHARS))
        if m:
            meta.issuers = [m.span("v")]
            meta.rules["issuers"] = "meta.header_field_issuer"
    if not meta.issuers:
        span = meta.notice_title or meta.title
        if span:
            t = text[span[0]:span[1]]
            i = t.find("关于")
            if i > 1:
                meta.issuers = [(span[0], span[0] + i)]
                meta.rules["issuers"] = "meta.title_prefix_issuer"

    # --- recipients ------------------------------------------------------------------------------
    # (the plan's own title, when the notice transmits one, stands after the recipients)
    anchor = max(x[1] for x in (meta.doc_number, meta.notice_title, None if meta.notice_title else meta.title,
                                (start, start)) if x)
    seen_lines = 0
    for a, b, line in _lines(text, anchor, min(len(text), anchor + RECIPIENTS_WINDOW)):
        s, e = _strip_span(text, a, b, " \t")
        if s >= e:
            continue
        seen_lines += 1
        if seen_lines > 8 or _ITEM_START.match(text, s):
            break                      # the body has begun: an outline item is not a recipients line
        seg_end = text.find(":", s, min(e, s + 400))
        if seg_end == -1:
            if e - s < 200:
                continue
            break
        seg = text[s:seg_end]
        if _HEADER_FIELD.match(text, s, e) and not seg.lstrip("*#> ").startswith(("各", "有关")):
            continue                                   # "发文字号: …" header lines before the recipients
        lead = _DRAFT_MARK.match(text, s, seg_end)
        if lead:                       # the mark after a title read above ("…意见(征求意见稿)各市…:")
            s, seg = lead.end(), text[lead.end():seg_end]
        k = seg.find("关于")
        if k != -1:
            # a title the head did not read as one, glued before the recipients ("…关于…的函省发展改革委:"):
            # the recipients start after its tail (and a draft mark after it, (会签稿))
            tails = list(_TITLE_TAIL_IN.finditer(text, s + k, seg_end))
            if tails:
                t_end = tails[-1].end()
                mark = _DRAFT_MARK.match(text, t_end, seg_end)
                s = mark.end() if mark else t_end
                seg = text[s:seg_end]
        if "。" in seg or not seg or not (seg.startswith("各") or "," in seg or "、" in seg) \
                or "《" in seg or _BODY_OPENER.search(seg):
            break                      # a sentence of the body (根据《…》…:), not a recipients line
        meta.recipients = split_units(seg, s)
        meta.rules["recipients"] = "meta.recipients_line"
        meta.recipients_span = (s, seg_end)
        break

    if not meta.recipients:
        m = _FIELD_RECIPIENTS.search(text, start, min(len(text), start + HEAD_CHARS))
        if m:
            v = m.group("v").rstrip(" \t。")
            meta.recipients = split_units(v, m.start("v"))
            if meta.recipients:
                meta.rules["recipients"] = "meta.header_field_recipients"
                meta.recipients_span = (m.start("v"), m.start("v") + len(v))

    # --- plan title: the instrument the notice issues, as its own line ---------------------------
    # (an upward document, 报告 / 请示 / 汇报 …, issues no plan: a plan it names is only its subject)
    if meta.notice_title and meta.title is None and not _UPWARD_TAIL.search(text[meta.notice_title[0]:meta.notice_title[1]]):
        meta.title = _plan_title(text, meta, start)
        if meta.title:
            meta.rules["title"] = "meta.plan_title"

    # --- cited document numbers --------------------------------------------------------------------
    seen = set()
    own_no = re.sub(r"\s", "", text[own[0]:own[1]]) if own else None
    for m in docno_finditer(text, start):
        span = docno_span(text, m)
        if own and span[1] == own[1]:
            continue
        no = re.sub(r"\s", "", text[span[0]:span[1]])
        key = re.sub(r"^[^〔\[【(]*", "", no) if no.startswith(("〔", "[", "【", "(")) else no
        if no == own_no or key in seen:
            continue
        seen.add(key)
        title = None
        j = text.rfind("》", max(0, m.start() - 3), m.start() + 1)
        if j != -1:
            k = text.rfind("《", max(0, j - 120), j)
            if k != -1:
                title = (k + 1, j)
        meta.cites.append({"doc_number": span, "title": title})
        meta.rules["cites"] = "meta.cited_doc_number"
    return meta


# A signer's name ends in one of these (besides _UNIT_END): 领导小组, 档案馆, 国网企协; or in a
# bracket after it: (代章), (保卫部)
_SIGN_END = _UNIT_END + "组馆协"
_SIGN_BRACKET = re.compile(r"(?:[(（]?代章|[(（][^()（）]{0,10}[" + _UNIT_END + r"])[)）]$")
# What follows the signature of a flattened notice that closes the text: nothing, a circulation
# note (此件…), the attachments, the copy list, a contact line or a key-word line
_AFTER_SIGNATURE = re.compile(r"\s*(?:$|[(（]?\s*(?:此件|附件|抄送|联系人|联系电话|主题词))")


# the print line that closes an official document (…办公室 2021年3月30日印发): the date it was
# printed, which stands for the signing date only when no signature is found
_PRINT_LINE = re.compile(r"\s*印发")


# a date after one of these is a sentence's (于2021年3月1日, 截至…), not a signature
_DATE_IN_SENTENCE = "于至为到在自从止截0123456789"


def _signs(text: str, pos: int) -> bool:
    """Does a signer's name (or its bracket, 代章) end right before ``pos``?"""
    if pos <= 0:
        return False
    if text[pos - 1] in _SIGN_END:
        return True
    return bool(_SIGN_BRACKET.search(text, max(0, pos - 14), pos))


def _closing_signature(text: str, start: int):
    """Flattened text whose signature the search window missed (a long notice, a signer ending
    in 组 / 馆 / 协 or (代章)): the last date after a signer's name that closes the notice."""
    found = None
    for m in DATE_RE.finditer(text, start):
        if _line_length(text, m.start()) <= 200:
            continue
        if _signs(text, m.start()) and _AFTER_SIGNATURE.match(text, m.end()):
            found = (m.start(), m.end(), m)
        elif not text[m.end():].strip() and m.start() > 0 and text[m.start() - 1] not in _DATE_IN_SENTENCE:
            # the date that ends the text signs it, even where OCR lost the signer's last
            # character (山东省财政2021年2月25日) or the seal stands alone (…有关事项。2022年2月18日);
            # what stands before it is no reliable name: the issuer is read elsewhere
            found = (m.start(), m.end(), m, "bare")
    return found


def _title_issuer(text: str, meta: Meta) -> str | None:
    """The issuer named in the title ("国网营销部关于…" -> 国网营销部), if any."""
    span = meta.notice_title or meta.title
    if not span:
        return None
    t = text[span[0]:span[1]]
    i = t.find("关于")
    return t[:i].strip() if 2 <= i <= 40 else None


def _unit_line_above(text: str, floor: int, pos: int) -> bool:
    """Is the next non-blank line above ``pos`` one unit name (a co-issuer's signature line)?"""
    while pos > floor:
        a = text.rfind("\n", floor, pos) + 1
        line = text[a:pos].strip()
        if line:
            return len(line) <= 30 and not re.search(r"[:;,。\d()（）\s]", line) and looks_like_unit(line)
        pos = a - 1
    return False


def _issuers_before(text: str, date_start: int, floor: int, title_issuer: str | None = None) -> list[tuple[int, int]]:
    """Issuer names written just before the signing date (lines, columns or a run-on OCR string)."""
    line_start = text.rfind("\n", floor, date_start) + 1
    if text[line_start:date_start].strip():       # run-on: names glued to the date
        seg_start = max(text.rfind(c, floor, date_start) for c in "。\n:") + 1
        if title_issuer and len(title_issuer) <= 20:
            k = text.rfind(title_issuer, seg_start, date_start)
            if k != -1 and text[k + len(title_issuer):date_start].strip() == "":
                # the title's issuer signs the notice (joint issuers: one name each)
                return _split_glued_names(text, k, k + len(title_issuer)) or [(k, k + len(title_issuer))]
        m = re.compile(r".*(?:方案|计划|意见|通知|办法|附件)").match(text, seg_start, date_start)
        if m:
            seg_start = m.end()
        # an attachment's title, a contact line or a disclosure mark glued before the issuer
        # (data/letterhead.toml signature_cut): the issuer starts after the last one
        for c in signature_cuts().finditer(text, seg_start, date_start):
            if date_start - c.end() >= SIGNATURE_MIN_NAME:
                seg_start = c.end()
        # names are Chinese: start after the last digit, bracket or other non-name character
        for k in range(date_start - 1, seg_start - 1, -1):
            if not ("\u4e00" <= text[k] <= "\u9fff"):
                seg_start = k + 1
                break
        return _split_glued_names(text, seg_start, date_start)[:8]
    pos = line_start - 1
    block: list[tuple[int, int]] = []
    for _ in range(6):
        if pos <= floor:
            break
        a = text.rfind("\n", floor, pos) + 1
        line = text[a:pos]
        stripped = line.strip()
        if not stripped:
            pos = a - 1
            if block and not _unit_line_above(text, floor, pos):
                break                   # (a joint notice's web page puts a blank line between its issuers)
            continue
        if stripped.endswith(("。", ":", ";", ",")) or len(stripped) > 80 or stripped.startswith("(") \
                or re.search(r"[:;,。\d]", stripped):
            break                       # a sentence, a contact line ("联系人: …, 电话: …"), a number
        parts = []
        for mm in re.finditer(r"\S(?:.*?\S)?(?=\s{2,}|\s*$)", line):
            parts += _split_glued_names(text, a + mm.start(), a + mm.end())
        block = parts + block
        pos = a - 1
    return block[:8]


def _split_glued_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Issuer names written one after another without a separator (layout columns, OCR): cut where
    a new name starts (a place name or 中共) right after a character that ends a unit name."""
    cuts = [start] + [m.start() for m in _NEW_UNIT.finditer(text, start, end)
                      if m.start() > start and text[m.start() - 1] in _UNIT_END] + [end]
    out = []
    for s, e in zip(cuts, cuts[1:]):
        s, e = _strip_span(text, s, e, " \t")
        if e - s >= 3:
            out.append((s, e))
    return out


_TITLE_FOLD = str.maketrans({"—": "-", "〈": "《", "〉": "》"})


def _title_key(s: str) -> str:
    """A title as compared across the notice's title line and the body: without spaces, with a
    dash and the inner title brackets (〈〉 inside 《》 in the notice title) folded."""
    return re.sub(r"\s", "", s).translate(_TITLE_FOLD)


_TITLE_SUFFIX = re.compile(r"(?P<t>[^\n]{4,120}?)\s*[(（〔\[](?:(?:19|20)\d{2}\s*[—\-－~至到]+\s*(?:19|20)?\d{2,4}\s*年?度?|"
                           r"(?:19|20)\d{2}\s*年度?|1[0-4]\d\s*[—\-－~至到]+\s*1[0-4]\d\s*年度?|试行|暂行|修订|修订稿|征求意见稿|"
                           r"草案|送审稿)[)）〕\]]")


_ATTACHMENT_HEAD = re.compile(r"附件\s*\d{0,2}\s*")
# how alike (difflib ratio) an attachment's heading must be to the title the notice cites: OCR
# damage ("…(2021一2023年)" read "(20212023年)", ” read “) leaves a few characters different
ATTACHMENT_TITLE_RATIO = 0.85


def _attachment_heading(text: str, want: str, start: int) -> tuple[int, int] | None:
    """Flattened text: the plan's own title where its attachment begins ("附件2某某行动方案(…)为加快…"),
    written a little differently from the notice's citation of it (OCR): the last 附件 followed
    by a string of about the same length alike to ``want``."""
    from difflib import SequenceMatcher
    n = len(want)
    if n < 6:
        return None
    last = want.rstrip(">》〉」”")[-1:]
    best = None
    for m in _ATTACHMENT_HEAD.finditer(text, start):
        p = m.end()
        if text[p:p + 2] != want[:2]:
            continue
        for length in range(max(4, n - 3), n + 4):
            got = text[p:p + length]
            if got[-1:] != last:           # the heading ends as the title does (…方案, …年)), not inside it
                continue
            r = SequenceMatcher(None, want, got, autojunk=False).ratio()
            if r >= ATTACHMENT_TITLE_RATIO and (best is None or r >= best[2]):
                best = (p, p + length, r)   # (ties: the later one, the attachment itself)
    return (best[0], best[1]) if best else None


def _plan_title(text: str, meta: Meta, start: int) -> tuple[int, int] | None:
    s, e = meta.notice_title
    t = text[s:e]
    m = re.search(r"《([^》]+)》", t)
    cands: list[tuple[int, int]] = []
    verb = re.search(r"(?:印发|转发|发布)(.+?)的通知$", t.replace("\n", " "))
    if m and verb and not re.match(r"\s*《", verb.group(1)):
        # "印发2021年省《政府工作报告》重点任务分工方案的通知": the brackets cite a document inside the
        # instrument's name; the name is all that the verb governs
        m = None
    if m:
        cands.append((s + m.start(1), s + m.end(1)))
    else:
        m = verb
        if m:
            inner_s = s + m.start(1)
            inner = text[inner_s:s + m.end(1)]
            # two instruments joined by 和/及: each is a candidate
            parts = re.split(r"(?<=[策案划法则见])(?:和|及)", inner)
            pos = inner_s
            for p in parts:
                cands.append((pos, pos + len(p)))
                pos += len(p) + 1
    found = []
    for cs, ce in cands:
        want = _title_key(text[cs:ce])
        body_lines = list(_lines(text, meta.body_start or start, len(text)))
        for li, (a, b, line) in enumerate(body_lines):
            ls, le = _strip_span(text, a, b)
            if 0 < le - ls <= len(want) + 4 and _title_key(text[ls:le]).lstrip("关于") in (want, want.lstrip("关于")):
                found.append((ls, le))
                break
            # the plan's own line adds its period or status in brackets ("…行动方案（2024—2026年）",
            # "…办法（试行）"), which the notice title left out: the line is the title
            sfx = _TITLE_SUFFIX.fullmatch(text, ls, le)
            if sfx and _title_key(sfx.group("t")) == want:
                found.append((ls, le))
                break
            # a plan title broken over two or three lines
            got = _title_key(text[ls:le])
            if 2 <= len(got) < len(want) and want.startswith(got) and le > ls:
                # (web pages put a blank line between the pieces)
                for a3, b3, _ in [x for x in body_lines[li + 1:li + 7] if text[x[0]:x[1]].strip()][:2]:
                    s3, e3 = _strip_span(text, a3, b3)
                    got += _title_key(text[s3:e3])
                    if got == want:
                        found.append((ls, e3))
                        break
                    if not want.startswith(got):
                        break
                if found and found[-1][0] == ls:
                    break
    if not found:
        for cs, ce in cands:
            hit = _attachment_heading(text, text[cs:ce], meta.body_start or start)
            if hit:
                found.append(hit)
    plan_like = [f for f in found if re.search(r"(?:计划|方案|规划)", text[f[0]:f[1]])]
    if plan_like:
        return plan_like[-1]
    if found:
        return found[-1]
    if cands:
        plan_like = [c for c in cands if re.search(r"(?:计划|方案|规划)", text[c[0]:c[1]])]
        return (plan_like or cands)[-1]
    return None
