"""The values the stages hand to each other: frozen dataclasses, each carrying its span and the id
of the rule that produced it (as LangExtract's ``core/data.py`` and pdfplumber's objects do).

Spans are ``[start, end)`` character offsets into the analysis text, which are also offsets into
the source text (the normaliser keeps length). Stages do not know about pages: the assembler adds
a span's page from the loader's page map when it writes the JSON (:meth:`Span.on_page`).
Strings shown to the user are not stored here; the assembler slices them from the *source* text at
the span, so they keep the source's script. The JSON is built from these values in one place,
:mod:`extractor.assemble.build`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    page: Optional[int] = None

    @classmethod
    def of(cls, pair: tuple[int, int]) -> "Span":
        return cls(pair[0], pair[1])

    def on_page(self, page_at: Callable[[int], Optional[int]]) -> "Span":
        return Span(self.start, self.end, page_at(self.start))

    def slice(self, text: str) -> str:
        return text[self.start:self.end]

    def pair(self) -> list[int]:
        """The JSON form: ``[start, end]``."""
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class UnitMention:
    """A unit name as written in a list of units (cue layer, :mod:`extractor.cues.unitlist`)."""
    prefix: str      # "各" when a leading 各 distributes onto this name, else ""
    start: int       # span of the written name in the text
    end: int
    name: str        # prefix + the written name (+ a shared head) (in the script of the text it was split from)
    # where a head shared by a list is written ("各市、县(区)人民政府": 人民政府 for 各市), else None
    suffix_span: Optional[tuple[int, int]] = None
    # where a distributed prefix longer than 各 is written ("各有关区、县": 各有关 for 县), else None
    prefix_span: Optional[tuple[int, int]] = None

    def in_text(self, text: str) -> str:
        """The name taken from another text of the same length (e.g. the original script)."""
        head = text[self.prefix_span[0]:self.prefix_span[1]] if self.prefix_span else self.prefix
        tail = text[self.suffix_span[0]:self.suffix_span[1]] if self.suffix_span else ""
        return head + text[self.start:self.end] + tail


@dataclass(frozen=True, slots=True)
class Cite:
    """A document the notice cites: its number and, when written in 《》 just before, its title."""
    doc_number: Span
    title: Optional[Span]


@dataclass(frozen=True, slots=True)
class Metadata:
    """The notice's metadata: where each field is written, and the rule that found it."""
    notice_start: int                     # where the notice starts (after a news lead-in)
    lead_in: Optional[Span]
    notice_title: Optional[Span]          # the notice's own title (关于印发…的通知)
    title: Optional[Span]                 # the plan's title
    doc_number: Optional[Span]
    date: Optional[Span]
    date_iso: Optional[str]               # signing date, ISO 8601
    issuers: tuple[Span, ...]
    recipients: tuple[UnitMention, ...]
    cites: tuple[Cite, ...]
    rules: tuple[tuple[str, str], ...]    # (field, id of the rule that found it), sorted by field


@dataclass(frozen=True, slots=True)
class OutlineItem:
    """A heading of the outline that is not a task (a section)."""
    id: str                  # "1", "1/2", … (stable within a document)
    number: str              # as written, without punctuation
    level: int               # 1 = outermost list of the document
    span: Span               # marker start .. end of the item
    body: int                # where the text starts, after the marker
    own_end: int             # end of the item's own text (start of its first child, or end)
    parent_id: Optional[str]
    rule: str                # outline rule: the marker style


@dataclass(frozen=True, slots=True)
class TableRow:
    """A task-table row: its cells (span or None per column) and the table's header."""
    cells: tuple[Optional[tuple[int, int]], ...]
    header: tuple[str, ...]
    # a unit column found by its content (no role in its header): (column, role)
    roles: tuple[tuple[int, str], ...] = ()
    # units a group row names in a bracket ("一、通用考核项目(全部责任单位)"): responsible
    units: tuple[UnitMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Responsibility:
    mention: UnitMention     # the unit as written (its span and a distributive 各)
    role: str                # lead | support | responsible
    label: Optional[str]     # the cue (analysis text), when it is not written at label_span
    label_span: Optional[Span]
    rule: str
    unit_id: str             # resolved by the lexicon
    canonical: str
    unit_kind: str
    variants: tuple[str, ...] = ()   # ids of probable aliases, not merged

    @property
    def span(self) -> Span:
        return Span(self.mention.start, self.mention.end)


@dataclass(frozen=True, slots=True)
class Deadline:
    span: Span
    date: Optional[str]      # ISO date of the last day of the period; None when recurring
    kind: str                # by | in_year | period | recurring
    rule: str

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass(frozen=True, slots=True)
class Quantity:
    span: Span
    value: float
    value_max: Optional[float]
    unit: Optional[str]      # analysis script; the assembler finds it in the source
    comparator: str
    metric: Optional[str]    # analysis script, as for unit
    kind: str                # target | threshold
    rule: str
    year: Optional[int] = None


@dataclass(frozen=True, slots=True)
class Task:
    id: str                  # outline item id, or "table<n>/row<m>"
    number: str
    span: Span               # the whole task, sub-items included
    own: Span                # the task's own text (before its first sub-item)
    title: Span
    section_id: Optional[str]  # outline item id of the enclosing section
    parent_id: Optional[str]   # outline item id of the enclosing task
    top: str                 # id of the outermost item (or table) it belongs to
    rule: str
    row: Optional[TableRow] = None
    responsibilities: tuple[Responsibility, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    targets: tuple[Quantity, ...] = ()

    @property
    def scope(self) -> Span:
        """Where its deadlines and targets are looked for: a prose task's own text, a row's whole row."""
        return self.own if self.row is None else self.span


@dataclass(frozen=True, slots=True)
class DocWarning:
    code: str                # the id of the check that raised it
    message: str
    span: Optional[Span] = None


@dataclass(frozen=True, slots=True)
class Findings:
    """Everything the structure and annotation stages found in one notice. Each stage returns a new
    value (``dataclasses.replace``); the assembler turns the last one into JSON."""
    meta: Metadata
    sections: tuple[OutlineItem, ...]
    tasks: tuple[Task, ...]
    goal_regions: tuple[tuple[int, int], ...]   # text whose quantities are the document's goals
    default_year: Optional[int]           # year for deadlines that name none (title, signing date)
    roc: bool                             # years are written in the Republic of China calendar
    first_leads: bool                     # "the first unit listed leads" is declared
    goals: tuple[Quantity, ...] = field(default=())
    # the self-judging outline reader (structure/reading.py): every assignment cue of the notice
    # (cues.accounting.Cue), the reading kept and every reading tried; the responsibilities step
    # adds the cue accounting (diagnostics, a plain dict the assembler writes out)
    cues: tuple = field(default=())
    # (the readings hold the outline's item tree, parent <-> children: compared by the outcome only)
    reading: object = field(default=None, compare=False, repr=False)
    readings: tuple = field(default=(), compare=False, repr=False)
    diagnostics: Optional[dict] = None
