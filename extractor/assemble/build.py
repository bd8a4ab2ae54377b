"""Stage 5, assemble: the typed findings (:mod:`extractor.core.model`) -> the JSON document
(schema 1.1). This is the one place where the JSON is built.

Every string is sliced from the *source* text at the recorded span, so it keeps the source's
script, and every ``text`` equals ``source.text[span[0]:span[1]]``.
"""
from __future__ import annotations

from ..version import SCHEMA_VERSION, __version__
from ..core.model import DocWarning, Findings, Quantity, Span
from ..structure.tasks import item_title

# A goal's metric is written before its number, in the same sentence: look this far back for it
# (a task's metric is looked for from the task's start instead).
GOAL_METRIC_LOOKBACK = 60
# A quantity's unit follows its number closely ("30 万吨", "5 个百分点"): look this far past the span.
UNIT_LOOKAHEAD = 12
# a metric may be read from the words right after the quantity ("1200立方米以下炼铁高炉")
METRIC_LOOKAHEAD = 40


def assemble(loaded, norm, found: Findings, include_text: bool = True) -> dict:
    src = norm.original
    ana = norm.text
    meta = found.meta
    page = loaded.page_at if loaded.pages else (lambda _o: None)
    warnings: list[DocWarning] = [DocWarning("loader", w) for w in loaded.warnings]

    def sl(span: Span | None) -> str | None:
        return span.slice(src) if span else None

    ocr = getattr(loaded, "ocr", None)
    if ocr is not None:
        from ..load.ocr import LOW_CONFIDENCE, char_boxes, union_box
        cboxes = char_boxes(src, ocr)
    low_conf: list[tuple[str, float, Span]] = []

    def with_page(d: dict, span: Span, what: str | None = None) -> dict:
        p = span.on_page(page).page
        if p is not None:
            d["page"] = p
        if ocr is not None:           # a scan: the page and union box of the item's characters
            ub = union_box(cboxes, span.start, span.end)
            if ub is not None:
                d["page"], d["box"] = ub
                c = ocr.confidence(span.start, span.end)
                if c is not None:
                    d["ocr_confidence"] = c
                    if c < LOW_CONFIDENCE and what:
                        low_conf.append((what, c, span))
        return d

    sec_ids = {it.id: f"s:{it.id}" for it in found.sections}
    sections = []
    for it in found.sections:
        ts, te = item_title(ana, it.body, it.own_end)
        sections.append(with_page({
            "id": sec_ids[it.id], "number": it.number, "title": src[ts:te], "level": it.level,
            "parent_id": sec_ids.get(it.parent_id) if it.parent_id else None, "span": it.span.pair(),
            "rule": it.rule}, it.span, f"section {it.number}"))

    units: dict[str, dict] = {}

    def unit_ref(name_as_written: str, uid: str, canonical: str, kind: str, variants) -> None:
        u = units.setdefault(uid, {"id": uid, "name": canonical, "aliases": [], "kind": kind,
                                   "probable_aliases": list(variants)})
        if name_as_written not in u["aliases"] and name_as_written != canonical:
            u["aliases"].append(name_as_written)

    tasks = []
    task_ids = {t.id: f"t:{t.id}" for t in found.tasks}
    for t in found.tasks:
        s, e = t.span.start, t.span.end
        resp = []
        for h in t.responsibilities:
            name = h.mention.in_text(src)
            unit_ref(name, h.unit_id, h.canonical, h.unit_kind, h.variants)
            resp.append(with_page({"unit": name, "unit_id": h.unit_id, "role": h.role,
                                   "label": h.label_span.slice(src) if h.label_span else h.label,
                                   "span": h.span.pair(), "rule": h.rule}, h.span,
                                  f"unit {name} of task {t.number}"))
        dls = [with_page({"text": d.span.slice(src), "date": d.date, "kind": d.kind, "span": d.span.pair(),
                          "rule": d.rule}, d.span, f"deadline of task {t.number}") for d in _distinct(ana, t.deadlines)]
        tgs = [_quantity(src, ana, q, s, with_page) for q in t.targets]
        tasks.append(with_page({
            "id": task_ids[t.id], "number": t.number,
            "section_id": sec_ids.get(t.section_id) if t.section_id else None,
            "parent_id": task_ids.get(t.parent_id) if t.parent_id else None,
            "title": t.title.slice(src), "text": src[s:e], "span": [s, e], "rule": t.rule,
            "responsibilities": resp, "deadlines": dls, "targets": tgs}, t.span, f"task {t.number}"))
    goals = [_quantity(src, ana, q, q.span.start - GOAL_METRIC_LOOKBACK, with_page) for q in found.goals]

    # recipients and issuers are units too (not responsibilities)
    md = {
        "notice_title": sl(meta.notice_title), "title": sl(meta.title), "doc_number": sl(meta.doc_number),
        "issuers": [sl(x) for x in meta.issuers], "date": meta.date_iso,
        "recipients": [r.in_text(src) for r in meta.recipients],
        "cites": [{"title": sl(c.title), "doc_number": sl(c.doc_number), "span": c.doc_number.pair()}
                  for c in meta.cites],
        "notice_span": [meta.notice_start, len(src)],
        "spans": {k: v.pair() for k, v in (("notice_title", meta.notice_title), ("title", meta.title),
                                           ("doc_number", meta.doc_number), ("date", meta.date)) if v},
        "list_spans": {k: [x.pair() for x in v] for k, v in (
            ("issuers", meta.issuers), ("recipients", [Span(r.start, r.end) for r in meta.recipients])) if v},
        "rules": dict(meta.rules),
    }
    if meta.lead_in:
        warnings.append(DocWarning("lead_in", "text before the notice (a news lead-in or preface) is not part of the notice",
                                meta.lead_in))
    undated = [d for t in tasks for d in t["deadlines"] if d["date"] is None and d["kind"] != "recurring"]
    if undated:
        warnings.append(DocWarning("deadline_without_year",
                                f"{len(undated)} deadline(s) name no year and the document states none "
                                f"(title or signing date): their date is null", Span.of(undated[0]["span"])))
    for what, c, span in low_conf:
        warnings.append(DocWarning("low_ocr_confidence",
                                f"{what} was read by OCR with confidence {c:.2f}: check it against the page", span))
    if not tasks:
        warnings.append(DocWarning("no_tasks", "no tasks found: no numbered items or task-table rows that state work"))
    diagnostics = _diagnostics(src, found.diagnostics, warnings)
    # probable aliases: only those present in this document are reported
    present = set(units)
    for u in units.values():
        u["probable_aliases"] = sorted(v for v in u["probable_aliases"] if v in present and v != u["id"])
        for v in u["probable_aliases"]:
            if u["id"] < v:
                warnings.append(DocWarning("probable_alias",
                                        f"{u['name']} and {units[v]['name']} probably denote the same body; kept apart"))
        u["aliases"].sort()
    source = {"path": loaded.path, "sha256": loaded.sha256, "format": loaded.format, "encoding": loaded.encoding,
              "script": norm.script, "chars": len(src)}
    if include_text:
        source["text"] = src
    if loaded.pages:
        source["pages"] = [[p.start, p.end, p.page] for p in loaded.pages]
    if ocr is not None:
        source["ocr"] = _ocr_source(ocr)
    return {
        "schema_version": SCHEMA_VERSION, "tool_version": __version__, "source": source, "metadata": md,
        "sections": sections, "goals": goals, "tasks": tasks,
        "units": [units[k] for k in sorted(units)], "warnings": [_warning(w) for w in warnings], "diagnostics": diagnostics,
    }


_DOUBT = {
    "task_swallows_items": "a task's text passes a marker that continues a numbered list: items may be merged",
    "ambiguous_reading": "another reading of the outline explains the cues equally well",
    "cues_without_tasks": "the text assigns work (role labels or clauses) but no task accounts for any of it: "
                          "the outline was probably read at the wrong level",
}


def _diagnostics(src: str, dg: dict | None, warnings: list) -> dict | None:
    """The ``diagnostics`` object; every unassigned cue is also an ``unassigned_cue`` warning."""
    if dg is None:
        return None
    un = []
    for s, e, kind, role, _word in dg["unassigned"]:
        un.append({"kind": kind, "role": role, "text": src[s:e], "span": [s, e]})
        warnings.append(DocWarning("unassigned_cue", f"assignment cue not attached to any task: {src[s:e][:40]}",
                                Span(s, e)))
    found, ok = dg["cues_found"], dg["cues_explained"]
    return {
        "reading": dg["reading"], "readings": dg["readings"], "cues_found": found, "cues_explained": ok,
        "cue_coverage": round(ok / found, 4) if found else None, "unassigned_cues": un,
        "doubtful": [{"code": c, "message": _DOUBT.get(c, c), "span": list(sp) if sp else None}
                     for c, sp in dg["doubtful"]],
    }


def _warning(w: DocWarning) -> dict:
    d = {"code": w.code, "message": w.message}
    if w.span is not None:
        d["span"] = w.span.pair()
    return d


def _near(ana: str, src: str, needle: str | None, lo: int, hi: int, backwards: bool) -> str | None:
    """Find an annotator's string (analysis script) near a span and return it in the source script;
    a string that is not written there as such is converted to the source's script."""
    if not needle:
        return needle
    lo = max(0, lo)
    i = ana.rfind(needle, lo, hi) if backwards else ana.find(needle, lo, hi)
    if i != -1:
        return src[i:i + len(needle)]
    if ana[lo:hi] != src[lo:hi]:
        # a string put together from pieces of the text (a metric with a date left out): take each
        # character from the source, so a Simplified notice with full-width punctuation stays
        # Simplified; a string not written there at all is shown in the source's script
        back = _map_back(ana, src, needle, lo, hi)
        if back is not None:
            return back
        from ..normalise import to_script
        return to_script(needle, "traditional")
    return needle


def _map_back(ana: str, src: str, needle: str, lo: int, hi: int) -> str | None:
    out, j = [], lo
    for ch in needle:
        k = ana.find(ch, j, hi)
        if k == -1:
            return None
        out.append(src[k])
        j = k + 1
    return "".join(out)


def _distinct(ana: str, deadlines) -> list:
    """A task's deadlines, each written deadline once: a second "到2023年" in the same task names the
    same deadline again (the first occurrence keeps its span). Quantities still see every one."""
    seen, out = set(), []
    for d in deadlines:
        key = ("".join(d.span.slice(ana).split()), d.date, d.kind)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _ocr_source(ocr) -> dict:
    """``source.ocr``: the engine, page sizes, every OCR'd line with its confidence, what was set aside."""
    from ..load.ocr import LOW_CONFIDENCE
    confs = [ln.confidence for ln in ocr.lines]
    read = set(ocr.pages)
    return {
        "engine": ocr.engine, "source_format": ocr.source_format,
        "pages": [{"page": n, "width": ocr.page_sizes[n][0], "height": ocr.page_sizes[n][1],
                   "unit": ocr.page_sizes[n][2]} for n in sorted(ocr.page_sizes) if n in read],
        "lines": [{"span": [ln.start, ln.end], "page": ln.page, "box": list(ln.bbox), "confidence": ln.confidence}
                  for ln in ocr.lines],
        "mean_confidence": round(sum(confs) / len(confs), 4) if confs else None,
        "low_confidence_lines": sum(1 for c in confs if c < LOW_CONFIDENCE),
        "set_aside": sorted(ocr.dropped, key=lambda d: (d["page"], d["box"][1], d["box"][0], d["kind"])),
    }


def _quantity(src: str, ana: str, q: Quantity, ctx_start: int, with_page) -> dict:
    s, e = q.span.start, q.span.end
    d = {"text": src[s:e], "metric": _near(ana, src, q.metric, ctx_start, e + METRIC_LOOKAHEAD, True),
         "comparator": q.comparator, "value": q.value,
         "unit": _near(ana, src, q.unit, s, e + UNIT_LOOKAHEAD, False), "year": q.year, "kind": q.kind,
         "span": [s, e], "rule": q.rule}
    if q.value_max is not None:
        d["value_max"] = q.value_max
    return with_page(d, q.span, f"quantity {d['text']}")
