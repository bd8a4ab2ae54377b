#!/usr/bin/env python3
"""Regenerate outputs/ from corpora/: the reference notice's JSON and GraphML.

Usage: python scripts/build_outputs.py [--check]
--check exits 1 (and names the files) when outputs/ is stale instead of writing.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REFERENCE = ROOT / "corpora" / "zhengzhou_air_2024" / "text.txt"
OUT = ROOT / "outputs"


def build() -> dict[Path, bytes]:
    import io
    import os
    from extractor.cli.core import dump_json
    from extractor.emit.graph import build_graph, write_graph
    from extractor.pipeline import extract_file
    os.chdir(ROOT)   # paths in the output are relative to the repository
    rel = REFERENCE.relative_to(ROOT)
    doc = extract_file(rel)
    files = {OUT / "zhengzhou_air_2024.json": dump_json(doc).encode("utf-8")}
    g = build_graph([(str(rel), doc)])
    tmp = OUT / ".graph.tmp.graphml"
    OUT.mkdir(exist_ok=True)
    write_graph(g, tmp)
    files[OUT / "zhengzhou_air_2024.graphml"] = tmp.read_bytes()
    tmp.unlink()
    return files


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for path, data in build().items():
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    if stale:
        print("stale: " + ", ".join(str(p.relative_to(ROOT)) for p in stale) + " (run python scripts/build_outputs.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
