"""The published JSON Schema, generated from the models. ``python -m extractor.assemble.schema``
rewrites ``schemas/policy-document.schema.json``; a test fails when the file and the models drift."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..version import SCHEMA_VERSION

SCHEMA_ID = "https://policy-extractor.example/schemas/policy-document-1.0.schema.json"


def schema_dict() -> dict:
    from .models import PolicyDocument
    s = PolicyDocument.model_json_schema()
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
           "description": f"policy-extractor document, schema version {SCHEMA_VERSION}"}
    out.update(s)
    return out


def schema_text() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def packaged_schema() -> dict:
    """The schema as shipped in the package (identical to schemas/ at the repository root)."""
    from importlib import resources
    return json.loads((resources.files("extractor") / "data" / "policy-document.schema.json").read_text("utf-8"))


def main(argv=None) -> int:
    root = Path(__file__).resolve().parents[2]
    text = schema_text()
    for p in (root / "schemas" / "policy-document.schema.json", root / "extractor" / "data" / "policy-document.schema.json"):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
