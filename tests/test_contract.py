"""The JSON contract: schema generated from the models, outputs/ fresh, names unchanged."""
import json
import subprocess
import sys
from pathlib import Path

from extractor.assemble.schema import schema_text

ROOT = Path(__file__).resolve().parents[1]


def test_schema_file_matches_models():
    assert (ROOT / "schemas" / "policy-document.schema.json").read_text("utf-8") == schema_text(), \
        "schema drifted from the models: run python -m extractor.assemble.schema"
    assert (ROOT / "extractor" / "data" / "policy-document.schema.json").read_text("utf-8") == schema_text()


def test_contract_field_names():
    s = json.loads(schema_text())
    defs = s["$defs"]
    assert {"schema_version", "source", "metadata", "sections", "goals", "tasks", "units", "warnings"} <= set(s["properties"])
    assert {"path", "sha256", "format", "encoding", "script"} <= set(defs["Source"]["properties"])
    assert {"notice_title", "title", "doc_number", "issuers", "date", "recipients", "cites"} <= set(defs["Metadata"]["properties"])
    assert {"id", "number", "title", "level", "parent_id", "span"} <= set(defs["Section"]["properties"])
    assert {"id", "number", "section_id", "title", "text", "span", "responsibilities", "deadlines", "targets"} <= set(defs["Task"]["properties"])
    assert {"unit", "unit_id", "role", "label", "span", "rule"} <= set(defs["Responsibility"]["properties"])
    assert {"text", "date", "kind", "span", "rule"} <= set(defs["Deadline"]["properties"])
    assert {"text", "metric", "comparator", "value", "unit", "year", "kind", "span", "rule"} <= set(defs["Quantity"]["properties"])
    assert {"id", "name", "aliases", "kind"} <= set(defs["Unit"]["properties"])


def test_outputs_are_fresh():
    r = subprocess.run([sys.executable, "scripts/build_outputs.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_reference_output_validates():
    from extractor.emit.validate import validate_document
    doc = json.loads((ROOT / "outputs" / "zhengzhou_air_2024.json").read_text("utf-8"))
    assert doc["schema_version"] == "1.1"
    assert validate_document(doc) == []
