"""Published JSON Schemas are generated from pydantic models, in one way: the text (sorted keys,
two-space indent, a final newline) and the two copies it is written to (``schemas/`` at the
repository root and ``extractor/data/`` in the package); tests fail when a copy and its models drift."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_dict(model, schema_id: str, description: str) -> dict:
    out = {"$schema": DIALECT, "$id": schema_id, "description": description}
    out.update(model.model_json_schema())
    return out


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(name: str, text: str) -> int:
    """Write ``text`` to both copies of schema ``name``; print where."""
    for p in (ROOT / "schemas" / name, ROOT / "extractor" / "data" / name):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
        print(f"wrote {p}")
    return 0
