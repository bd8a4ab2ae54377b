"""The published JSON Schema, generated from the models. ``python -m extractor.assemble.schema``
rewrites ``schemas/policy-document.schema.json``; a test fails when the file and the models drift."""
from __future__ import annotations

import json
import sys

from ..core.schemafile import schema_dict as _schema_dict, schema_text as _schema_text, write_schema
from ..version import SCHEMA_VERSION

SCHEMA_ID = "https://policy-extractor.example/schemas/policy-document-1.0.schema.json"


def schema_dict() -> dict:
    from .models import PolicyDocument
    return _schema_dict(PolicyDocument, SCHEMA_ID, f"policy-extractor document, schema version {SCHEMA_VERSION}")


def schema_text() -> str:
    return _schema_text(schema_dict())


def packaged_schema() -> dict:
    """The schema as shipped in the package (identical to schemas/ at the repository root)."""
    from importlib import resources
    return json.loads((resources.files("extractor") / "data" / "policy-document.schema.json").read_text("utf-8"))


def main(argv=None) -> int:
    return write_schema("policy-document.schema.json", schema_text())


if __name__ == "__main__":
    sys.exit(main())
