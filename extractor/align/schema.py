"""The published alignment schema, generated from :mod:`extractor.align.models`.
``python -m extractor.align.schema`` rewrites ``schemas/alignment.schema.json`` (and the packaged
copy); a test fails when the files and the models drift."""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

SCHEMA_ID = "https://policy-extractor.example/schemas/alignment-1.0.schema.json"
NAME = "alignment.schema.json"


def schema_dict() -> dict:
    from .models import Alignment
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
           "description": "policy-extractor implementation alignment (policy-extract align), version 1.0"}
    out.update(Alignment.model_json_schema())
    return out


def schema_text() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def _validator():
    import jsonschema
    from importlib import resources
    s = json.loads((resources.files("extractor") / "data" / NAME).read_text("utf-8"))
    return jsonschema.Draft202012Validator(s)


def validate_alignment(obj: dict) -> list[str]:
    """Problems with an alignment dict against the packaged schema (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(_validator().iter_errors(obj), key=lambda e: list(map(str, e.absolute_path)))]


def main(argv=None) -> int:
    root = Path(__file__).resolve().parents[2]
    text = schema_text()
    for p in (root / "schemas" / NAME, root / "extractor" / "data" / NAME):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
