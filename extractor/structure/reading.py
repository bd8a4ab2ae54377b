"""Stage 3b', the self-judging outline reader: read the outline in more than one way, keep the best.

A notice's outline can be read in several ways where the text allows it: levels inferred from the
order in which the document nests its marker styles ("inferred"), levels fixed by the 公文
hierarchy with numbering that may run on across grouping headings ("ranked"), and Markdown
headings carrying the outline ("markdown"). Each reading is judged against the assignment cues of
the text (role labels, bracket groups, "X牵头" clauses; see ``annotate/cues.py``):

- explained: cues that fall inside exactly one task's own text;
- swallowed: cues inside a task that has already passed a marker which would continue a numbered
  sequence (the task has eaten its neighbours' items) or a second label of the same role;
- broken numbering: markers that continue a sequence (value = previous + 1) but were left out.

The reading with the most explained and fewest swallowed cues wins. With the same cue accounting,
where there are cues, the reading with the more consistent numbering and then the fewer cue-less
tasks (a grouping heading read as a task) wins; without cues, another reading must at least halve
the broken numbering. Ties keep the inferred reading. The outcome goes to ``diagnostics``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .outline import Item, has_markdown_headings, read_outline
from .tasks import TaskRegion, select_tasks


@dataclass
class Reading:
    name: str
    items: list[Item]
    tasks: list[TaskRegion]
    sections: list[Item]
    explained: int = 0
    swallowed: int = 0
    broken: int = 0
    empty: int = 0          # tasks whose own text holds no cue
    doubtful: list[tuple[str, tuple[int, int]]] = field(default_factory=list)

    def score(self) -> tuple[int, int]:
        return (self.explained - self.swallowed, -self.broken)

    def summary(self) -> dict:
        return {"name": self.name, "items": len(self.items), "tasks": len(self.tasks),
                "cues_explained": self.explained, "cues_swallowed": self.swallowed,
                "broken_numbering": self.broken}


def _own(t: TaskRegion) -> tuple[int, int]:
    # a heading task's own text ends where its first child begins; a whole commitment's is all of it
    return (t.item.body, t.end)


def _signature(items: list[Item]) -> list[tuple]:
    return [(it.start, it.level, it.parent.start if it.parent else -1, it.end) for it in items]


def judge(text: str, r: Reading, cands, cues) -> None:
    """Fill in a reading's cue accounting. ``cues``: (start, end, kind, role) in text order."""
    accepted = {it.start for it in r.items}
    prev_val: dict[str, int] = {}
    seq_rejected: list[int] = []
    for c in cands:
        if c.pos not in accepted and prev_val.get(c.style) == c.value - 1:
            seq_rejected.append(c.pos)
        prev_val[c.style] = c.value
    r.broken = len(seq_rejected)
    owns = sorted((_own(t) for t in r.tasks if t.item is not None), key=lambda x: x[0])
    starts = [c[0] for c in cues]              # cues come in text order
    for s, e in owns:
        inside = cues[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
        if not inside:
            r.empty += 1
            continue
        k = bisect.bisect_right(seq_rejected, s)
        cut = seq_rejected[k] if k < len(seq_rejected) and seq_rejected[k] < e else None
        labels_seen: set[str] = set()
        for c in inside:
            swallowed = cut is not None and c[0] > cut
            if c[2] == "label":
                if c[3] in labels_seen:
                    swallowed = True
                labels_seen.add(c[3])
            if swallowed:
                r.swallowed += 1
            else:
                r.explained += 1
        if cut is not None:
            r.doubtful.append(("task_swallows_items", (s, e)))


def _better(r: Reading, best: Reading) -> bool:
    """More cues explained and fewer swallowed wins; with equal cue accounting, more consistent
    numbering wins only where there are cues to account for, or the numbering is at least twice
    as consistent (a notice without cues gives little evidence either way)."""
    cr, cb = r.explained - r.swallowed, best.explained - best.swallowed
    if cr != cb:
        return cr > cb
    if cr > 0:
        # cues to account for: the more consistent numbering, then fewer tasks that hold no cue
        # (a grouping heading read as a task of its own) in a document that assigns its work
        return (r.broken, r.empty) < (best.broken, best.empty)
    if r.broken >= best.broken:
        return False
    return best.broken - r.broken >= 3 and r.broken * 2 <= best.broken


def choose_reading(text: str, start: int, end: int, assigns, cues,
                   assigns_loose=None) -> tuple[Reading, list[Reading]]:
    """Read the outline each way the text allows; return the chosen reading and all of them."""
    modes = ["inferred", "ranked"]
    if has_markdown_headings(text, start, end):
        modes.append("markdown")
    readings: list[Reading] = []
    seen: list[list[tuple]] = []
    for mode in modes:
        if mode == "ranked" and readings and any(it.style.startswith("dec") for it in readings[0].items):
            continue                      # decimal numbering (1.1, 2.3.1) states its own levels
        items, cands = read_outline(text, start, end, mode)
        sig = _signature(items)
        if sig in seen:
            continue                      # the same outline as an earlier reading: nothing to judge
        seen.append(sig)
        tasks, sections = select_tasks(text, items, assigns, assigns_loose)
        r = Reading(mode, items, tasks, sections)
        if len(modes) > 1:
            judge(text, r, cands, cues)
        readings.append(r)
    best = readings[0]
    for r in readings[1:]:
        if _better(r, best):
            best = r
    if any(r is not best and r.score() == best.score() and r.tasks and best.explained for r in readings):
        best.doubtful.append(("ambiguous_reading", None))
    return best, readings
