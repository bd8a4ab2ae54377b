"""The document model: the JSON contract, schema version 1.1.

Schema 1.1 adds ``diagnostics`` (how the outline was read and which assignment cues it explains)
and, for scanned input read by OCR, ``box`` and ``ocr_confidence`` on every item and ``source.ocr``
(engine, page sizes, lines with their confidence, what was set aside); 1.0 fields are unchanged and
1.0 documents still validate.

These models are the single source of truth for ``schemas/policy-document.schema.json``
(regenerate with ``python -m extractor.assemble.schema``; a test fails on drift).
Field names are a contract with other systems: add fields, never rename these.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
BoxT = tuple[float, float, float, float]

Role = Literal["lead", "support", "responsible"]
Comparator = Literal["<=", ">=", "=", "<", ">"]
QuantityKind = Literal["target", "threshold"]
DeadlineKind = Literal["by", "in_year", "period", "recurring"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OcrPage(_M):
    page: int
    width: float
    height: float
    unit: Literal["pt", "px"] = Field(description="pt: PDF points (1/72 in); px: image pixels")


class OcrLineOut(_M):
    span: Span
    page: int
    box: BoxT = Field(description="[x0, y0, x1, y1], top-left origin, in the page's unit")
    confidence: float


class OcrSetAside(_M):
    page: int
    kind: Literal["seal", "rule", "page_number", "running_line"]
    text: str
    box: BoxT
    confidence: Optional[float] = None


class OcrSource(_M):
    engine: str = Field(description="OCR engine and version")
    source_format: Literal["pdf", "png", "jpeg", "tiff"]
    pages: list[OcrPage] = Field(description="Pages read by OCR, with their size")
    lines: list[OcrLineOut] = Field(description="Every OCR'd piece of the source text: span, page, box, confidence")
    mean_confidence: Optional[float] = None
    low_confidence_lines: int = 0
    set_aside: list[OcrSetAside] = Field(default_factory=list,
                                         description="Seal text, rule lines, page numbers and running headers read "
                                                     "by OCR and kept out of the text")


class Source(_M):
    path: Optional[str] = Field(None, description="Path of the input file as given")
    sha256: Optional[str] = Field(None, description="SHA-256 of the input file's bytes")
    format: Literal["txt", "pdf", "docx", "html", "image"]
    encoding: Optional[str] = Field(None, description="Detected text encoding (txt, html)")
    script: Literal["traditional", "simplified", "mixed"]
    chars: int = Field(description="Length of the decoded source text in characters; spans index into it")
    display_script: Literal["original", "simplified", "traditional"] = Field(
        "original", description="Script of the output's display strings (--script); source.text and spans stay original")
    text: Optional[str] = Field(None, description="The decoded source text that spans index into (omitted with --no-text)")
    pages: Optional[list[tuple[int, int, int]]] = Field(
        None, description="For paged formats: [start, end, page] ranges of the source text")
    ocr: Optional[OcrSource] = Field(None, description="Present when pages were read by OCR (schema 1.1)")


class Cite(_M):
    title: Optional[str] = None
    doc_number: Optional[str] = None
    span: Optional[Span] = None


class Metadata(_M):
    notice_title: Optional[str] = None
    title: Optional[str] = None
    doc_number: Optional[str] = None
    issuers: list[str] = Field(default_factory=list)
    date: Optional[str] = Field(None, description="Signing date, ISO 8601")
    recipients: list[str] = Field(default_factory=list)
    cites: list[Cite] = Field(default_factory=list)
    notice_span: Optional[Span] = Field(None, description="Where the notice starts and ends in the source text")
    spans: dict[str, Span] = Field(default_factory=dict, description="Span of each metadata field found in the text")
    list_spans: dict[str, list[Span]] = Field(default_factory=dict,
                                              description="Spans of the list fields (issuers, recipients), item by item")
    rules: dict[str, str] = Field(default_factory=dict, description="Id of the rule that found each field")


class Section(_M):
    id: str
    number: str
    title: str
    level: int
    parent_id: Optional[str] = None
    span: Span
    page: Optional[int] = None
    box: Optional[BoxT] = Field(None, description="OCR'd input: union box [x0, y0, x1, y1] of the item's characters "
                                                  "on its page (page unit, top-left origin)")
    ocr_confidence: Optional[float] = Field(None, description="OCR'd input: lowest confidence of the item's lines")
    rule: Optional[str] = Field(None, description="Id of the outline rule (marker style) that found the heading")


class Quantity(_M):
    text: str
    metric: Optional[str] = None
    comparator: Comparator
    value: float
    unit: Optional[str] = None
    year: Optional[int] = None
    kind: QuantityKind
    span: Span
    rule: str
    page: Optional[int] = None
    box: Optional[BoxT] = Field(None, description="OCR'd input: union box [x0, y0, x1, y1] of the item's characters "
                                                  "on its page (page unit, top-left origin)")
    ocr_confidence: Optional[float] = Field(None, description="OCR'd input: lowest confidence of the item's lines")
    value_max: Optional[float] = Field(None, description="Upper bound when the text gives a range (1～3个百分点)")


class Deadline(_M):
    text: str
    date: Optional[str] = Field(None, description="ISO date of the last day of the period; null when recurring")
    kind: DeadlineKind
    span: Span
    rule: str
    page: Optional[int] = None
    box: Optional[BoxT] = Field(None, description="OCR'd input: union box [x0, y0, x1, y1] of the item's characters "
                                                  "on its page (page unit, top-left origin)")
    ocr_confidence: Optional[float] = Field(None, description="OCR'd input: lowest confidence of the item's lines")


class Responsibility(_M):
    unit: str = Field(description="The unit's name as written")
    unit_id: str
    role: Role
    label: Optional[str] = Field(None, description="The cue that assigned the role (牵头单位, 负责, …) as written")
    span: Span
    rule: str
    page: Optional[int] = None
    box: Optional[BoxT] = Field(None, description="OCR'd input: union box [x0, y0, x1, y1] of the item's characters "
                                                  "on its page (page unit, top-left origin)")
    ocr_confidence: Optional[float] = Field(None, description="OCR'd input: lowest confidence of the item's lines")


class Task(_M):
    id: str
    number: str
    section_id: Optional[str] = None
    parent_id: Optional[str] = Field(None, description="Enclosing task for sub-items (具体措施 1．…)")
    title: str
    text: str
    span: Span
    page: Optional[int] = None
    box: Optional[BoxT] = Field(None, description="OCR'd input: union box [x0, y0, x1, y1] of the item's characters "
                                                  "on its page (page unit, top-left origin)")
    ocr_confidence: Optional[float] = Field(None, description="OCR'd input: lowest confidence of the item's lines")
    rule: str = "outline"
    responsibilities: list[Responsibility] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    targets: list[Quantity] = Field(default_factory=list)


class Unit(_M):
    id: str
    name: str = Field(description="Canonical name (Simplified)")
    aliases: list[str] = Field(default_factory=list, description="Names as written in this document and known abbreviations")
    kind: str = Field(description="government | department | district | enterprise | catch_all | organisation | other")
    probable_aliases: list[str] = Field(default_factory=list,
                                        description="Ids of units that are probably the same body but not settled by the text")


class Warning_(_M):
    code: str
    message: str
    span: Optional[Span] = None


class ReadingScore(_M):
    name: str = Field(description="inferred | ranked | markdown: how the outline was read")
    items: int = Field(description="Numbered items (and headings) accepted by this reading")
    tasks: int
    cues_explained: int = Field(description="Assignment cues inside exactly one task's own text")
    cues_swallowed: int = Field(description="Cues inside a task that has swallowed its neighbours' items or labels")
    broken_numbering: int = Field(description="Markers continuing a numbered sequence that this reading left out")


class CueRef(_M):
    kind: Literal["label", "paren", "inline"] = Field(description="label line, bracket group, or running-text clause")
    role: str
    text: str = Field(description="The cue as written")
    span: Span


class Doubt(_M):
    code: str
    message: str
    span: Optional[Span] = None


class Diagnostics(_M):
    reading: str = Field(description="The outline reading chosen (inferred | ranked | markdown)")
    readings: list[ReadingScore] = Field(default_factory=list,
                                         description="Every distinct reading tried, with its score")
    cues_found: int = Field(description="Assignment cues in the notice: role labels, bracket groups, X牵头/配合/负责 clauses")
    cues_explained: int = Field(description="Cues some task's responsibilities stand on")
    cue_coverage: Optional[float] = Field(None, description="cues_explained / cues_found; null when there are no cues")
    unassigned_cues: list[CueRef] = Field(default_factory=list, description="Cues no task accounts for")
    doubtful: list[Doubt] = Field(default_factory=list, description="Anything the reader is unsure about")


class PolicyDocument(_M):
    model_config = ConfigDict(extra="forbid", title="PolicyDocument")
    schema_version: Literal["1.0", "1.1"] = "1.1"
    tool_version: str
    source: Source
    metadata: Metadata
    sections: list[Section] = Field(default_factory=list)
    goals: list[Quantity] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)
    diagnostics: Optional[Diagnostics] = Field(None, description="How the outline was read and which assignment cues "
                                                                 "the tasks account for (schema 1.1)")
