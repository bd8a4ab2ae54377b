"""Score a predicted alignment against a gold alignment file (``corpus/alignment/README.md``).

Gold links name tasks of the two documents' gold files by number and title. Predicted links name
tasks of the two extractions by id. Each extraction's tasks are first matched one-to-one to its
gold tasks exactly as ``eval`` does for the tasks field (same number and similar title, else a very
similar title); a predicted link then counts as the pair of gold tasks its two tasks matched.
Links whose lower or upper task matches no gold task are outside the gold (the gold aligns only
gold tasks) and are counted as ``unscored``, not as right or wrong.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..evaluate.score import PRF, align_tasks, norm


def _gold_index(tasks: list[dict], ref: dict, path) -> int:
    num, title = norm(ref.get("number")), norm(ref.get("title"))
    for i, t in enumerate(tasks):
        if norm(t.get("number")) == num and norm(t.get("title")) == title:
            return i
    for i, t in enumerate(tasks):                 # a title copied with a small difference
        if norm(t.get("title")) == title:
            return i
    raise InputError(path, f"gold link names a task that is not in the gold file: {ref.get('number')} {ref.get('title')}")


def gold_pairs(gold_alignment: dict, lower_gold: dict, upper_gold: dict, path=None) -> set[tuple[int, int]]:
    lt, ut = lower_gold.get("tasks", []), upper_gold.get("tasks", [])
    pairs = set()
    for link in gold_alignment.get("links", []):
        li = _gold_index(lt, link["lower"], path)
        for u in link.get("upper", []):
            pairs.add((li, _gold_index(ut, u, path)))
    return pairs


def score_alignment(pred: dict, lower_doc: dict, upper_doc: dict, gold_alignment: dict,
                    lower_gold: dict, upper_gold: dict, path=None) -> dict:
    """Link precision, recall and F1, with the missed and extra links named."""
    lt, ut = lower_gold.get("tasks", []), upper_gold.get("tasks", [])
    lmap = {pi: gi for gi, pi in align_tasks(lower_doc.get("tasks", []), lt).items()}
    umap = {pi: gi for gi, pi in align_tasks(upper_doc.get("tasks", []), ut).items()}
    lidx = {t["id"]: i for i, t in enumerate(lower_doc.get("tasks", []))}
    uidx = {t["id"]: i for i, t in enumerate(upper_doc.get("tasks", []))}
    predicted, unscored = set(), 0
    for link in pred.get("links", []):
        gl = lmap.get(lidx.get(link["lower"]["id"]))
        for u in link.get("upper", []):
            gu = umap.get(uidx.get(u["id"]))
            if gl is None or gu is None:
                unscored += 1
            else:
                predicted.add((gl, gu))
    gold = gold_pairs(gold_alignment, lower_gold, upper_gold, path)
    prf = PRF(len(predicted & gold), len(predicted), len(gold))

    def name(pair):
        a, b = pair
        return f"{lt[a].get('number')} {lt[a].get('title')} -> {ut[b].get('number')} {ut[b].get('title')}"

    gold_local = {i for i in range(len(lt))} - {a for a, _ in gold}
    pred_local = {lmap[lidx[lk["lower"]["id"]]] for lk in pred.get("links", [])
                  if not lk.get("upper") and lidx.get(lk["lower"]["id"]) in lmap}
    out = prf.as_dict()
    out.update({
        "unscored": unscored,
        "missed": [name(p) for p in sorted(gold - predicted)],
        "extra": [name(p) for p in sorted(predicted - gold)],
        "local_additions": {"gold": len(gold_local), "predicted": len(pred_local), "agree": len(gold_local & pred_local)},
        "tasks_matched": {"lower": f"{len(lmap)}/{len(lt)}", "upper": f"{len(umap)}/{len(ut)}"},
    })
    return out


def load_gold_alignment(path) -> tuple[dict, Path]:
    """The gold alignment and the corpus folder beside it (``<corpus>/alignment/<file>.json``)."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such file")
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(path, f"not a JSON alignment file ({e})")
    if not isinstance(gold, dict) or not {"upper", "lower", "links"} <= set(gold):
        raise InputError(path, "not an alignment file (needs upper, lower and links)")
    return gold, path.resolve().parent.parent


def evaluate_alignment(gold_path, extract, corpus=None, lower_script: str = "original",
                       upper_script: str = "original", min_score: float | None = None) -> dict:
    """Extract both documents of a gold alignment (``extract(path, script) -> dict``), align them and
    score the links. ``corpus`` defaults to the folder above the alignment file."""
    from .core import align_documents
    gold, default_corpus = load_gold_alignment(gold_path)
    corpus = Path(corpus) if corpus else default_corpus
    docs, golds = {}, {}
    for role, script in (("lower", lower_script), ("upper", upper_script)):
        d = corpus / gold[role]
        if not (d / "text.txt").is_file() or not (d / "gold.json").is_file():
            raise InputError(gold_path, f"{role} document {gold[role]!r}: no text.txt with gold.json in {corpus}")
        docs[role] = extract(d / "text.txt", script)
        golds[role] = json.loads((d / "gold.json").read_text("utf-8"))
    pred = align_documents(docs["upper"], docs["lower"], min_score=min_score,
                           upper_name=gold["upper"], lower_name=gold["lower"])
    res = score_alignment(pred, docs["lower"], docs["upper"], gold, golds["lower"], golds["upper"], gold_path)
    res.update({"lower": gold["lower"], "upper": gold["upper"], "lower_script": lower_script,
                "upper_script": upper_script})
    return res
