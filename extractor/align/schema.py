"""The published alignment schema, generated from :mod:`extractor.align.models`.
``python -m extractor.align.schema`` rewrites ``schemas/alignment.schema.json`` (and the packaged
copy); a test fails when the files and the models drift."""
from __future__ import annotations

import json
import sys
from functools import lru_cache

from ..core.schemafile import schema_dict as _schema_dict, schema_text as _schema_text, write_schema

SCHEMA_ID = "https://policy-extractor.example/schemas/alignment-1.0.schema.json"
NAME = "alignment.schema.json"


def schema_dict() -> dict:
    from .models import Alignment
    return _schema_dict(Alignment, SCHEMA_ID,
                        "policy-extractor implementation alignment (policy-extract align), version 1.0")


def schema_text() -> str:
    return _schema_text(schema_dict())


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
    return write_schema(NAME, schema_text())


if __name__ == "__main__":
    sys.exit(main())
