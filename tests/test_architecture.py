"""The package's layers import one way: every module's imports (parsed with ast, lazy imports inside
functions included) may name only its own layer or layers below it, and no two subpackages import
each other, directly or round a longer cycle.

The allowed order, lowest first (a layer may import any layer before it):

    version, errors      constants and the error root
    intervals, gcpause   small utilities (sorted disjoint spans; pausing the cyclic GC)
    core                 typed values between stages (model), the data-file loader
    normalise            script detection, OpenCC, text folding
    lang                 language knowledge shared by every stage: lexicon, role cues, numerals
    load                 file formats -> text
    cues                 cue finders: unit lists, labels, bracket groups, inline clauses
    structure            notice, metadata, outline, tasks (consults cues)
    annotate             responsibilities, deadlines, quantities; the spaCy components
    assemble             typed findings -> JSON (the document model and its schema)
    pipeline             the order of the stages, one document end to end
    emit, evaluate       validation, who, graph; scoring against gold
    phrasebook           docs/phrasebook.md generated from the rule files
    align                alignment of a lower document's tasks to the upper documents it implements
    batch                many documents, the store
    report               reports
    cli, __main__        commands
    extractor            the package's facade (__init__)
"""
from __future__ import annotations

import ast
from pathlib import Path

import extractor

PKG = Path(extractor.__file__).resolve().parent

LAYERS: list[set[str]] = [
    {"version", "errors", "intervals", "gcpause"}, {"core"}, {"normalise"}, {"lang"}, {"load"}, {"cues"}, {"structure"},
    {"annotate"}, {"assemble"}, {"pipeline"}, {"emit", "evaluate", "phrasebook"}, {"align"}, {"batch"}, {"report"},
    {"cli", "__main__"}, {"extractor"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _modules():
    for f in sorted(PKG.rglob("*.py")):
        rel = f.relative_to(PKG).with_suffix("")
        parts = ("extractor",) + rel.parts
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        yield f, ".".join(parts), is_pkg


def _unit(module: str) -> str:
    """The layer unit of a module: its subpackage, or the top-level module's name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "extractor"


def _imports(f: Path, module: str, is_pkg: bool) -> set[str]:
    package = module.split(".") if is_pkg else module.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(f.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out.update(n for n in names if n == "extractor" or n.startswith("extractor."))
    return out


def _edges() -> dict[str, dict[str, list[str]]]:
    """unit -> imported unit -> the modules that import it."""
    edges: dict[str, dict[str, list[str]]] = {}
    for f, module, is_pkg in _modules():
        src = _unit(module)
        for target in _imports(f, module, is_pkg):
            dst = _unit(target)
            if dst != src:
                edges.setdefault(src, {}).setdefault(dst, []).append(f"{module} -> {target}")
    return edges


def _cycles(edges) -> list[list[str]]:
    """Strongly connected components with more than one unit (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return out


def test_every_unit_has_a_layer():
    units = {_unit(m) for _, m, _ in _modules()}
    assert units - set(RANK) == set(), "add new subpackages to LAYERS (and the docstring) in their place"


def test_no_import_cycle_between_subpackages():
    edges = _edges()
    assert _cycles(edges) == []


def test_imports_only_go_down_the_layers():
    upward = [via for src, dsts in _edges().items() for dst, vias in dsts.items()
              if RANK[dst] > RANK[src] for via in vias]
    assert upward == []


def test_the_checker_sees_cycles_and_lazy_imports(tmp_path):
    # the checker itself: a cycle through a lazy (function-level) import is found
    assert _cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == [["a", "b", "c"]]
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from ..pipeline import run_direct\n    from . import steps\n", "utf-8")
    assert _imports(f, "extractor.annotate.m", False) == {"extractor.pipeline", "extractor.annotate.steps"}
