"""The tool's and the JSON contract's versions (the lowest layer: every stage may read them)."""
__version__ = "0.1.0"
SCHEMA_VERSION = "1.1"      # 1.1, additions only: diagnostics; OCR provenance (source.ocr, box, ocr_confidence)
