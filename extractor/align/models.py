"""The alignment model: the JSON contract of ``policy-extract align`` (alignment version 1.0).

The single source of truth for ``schemas/alignment.schema.json`` (regenerate with
``python -m extractor.align.schema``; a test fails on drift). Add fields, never rename these.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
EvidenceKind = Literal["terms", "sector", "clause", "citation", "quantity", "deadline", "unit"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentRef(_M):
    path: Optional[str] = Field(None, description="Input as given (a notice file or an extraction JSON)")
    sha256: Optional[str] = Field(None, description="SHA-256 of the source file's bytes")
    title: Optional[str] = None
    doc_number: Optional[str] = None
    script: Optional[str] = Field(None, description="Script of the source text")
    tasks: int = Field(description="Number of tasks in the document")


class TaskRef(_M):
    id: str = Field(description="Task id in the document's extraction (tasks[].id)")
    number: Optional[str] = None
    title: Optional[str] = None


class Evidence(_M):
    kind: EvidenceKind = Field(description=(
        "terms: shared key words (as written in the lower task); sector: shared sector/object words; "
        "clause: the lower task's sentence that carries out the upper task; citation: the lower task cites "
        "the upper document's number; quantity / deadline: a shared quantity or dated deadline; "
        "unit: a responsible department shared across levels"))
    values: list[str]
    span: Optional[Span] = Field(None, description="For a clause: [start, end) in the lower document's source text")


class UpperLink(TaskRef):
    score: float = Field(ge=0, le=1)
    rule: Literal["align.best", "align.clause"] = Field(
        description="align.best: the upper task the lower task as a whole carries out; align.clause: a further "
                    "upper task carried out by one sentence of the lower task")
    evidence: list[Evidence] = Field(default_factory=list)


class Link(_M):
    lower: TaskRef
    upper: list[UpperLink] = Field(description="Best first; empty: a local addition")


class NearestLower(TaskRef):
    score: float = Field(ge=0, le=1)


class UncoveredUpper(TaskRef):
    nearest_lower: Optional[NearestLower] = Field(None, description="The closest lower task (below the bar or "
                                                                     "linked elsewhere), for the reader")


class Summary(_M):
    lower_tasks: int
    upper_tasks: int
    links: int
    linked_lower: int
    local_additions: int
    covered_upper: int
    uncovered_upper: int
    coverage: float = Field(ge=0, le=1, description="Share of upper tasks that some lower task carries out")
    lower_cites_upper: bool = Field(description="The lower document cites the upper one's document number")
    min_score: float


class Alignment(_M):
    alignment_version: Literal["1.0"]
    tool_version: str
    upper: DocumentRef
    lower: DocumentRef
    links: list[Link] = Field(description="One entry per lower task, in document order")
    uncovered_upper: list[UncoveredUpper] = Field(description="Upper tasks no lower task carries out")
    summary: Summary
