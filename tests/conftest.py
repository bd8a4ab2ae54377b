import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
REFERENCE = ROOT / "corpora" / "zhengzhou_air_2024"


def pytest_configure(config):
    config.addinivalue_line("markers", "corpus: needs ../shared/corpus (skipped when absent)")


@pytest.fixture(scope="session")
def reference_text() -> str:
    return (REFERENCE / "text.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def reference_gold() -> dict:
    return json.loads((REFERENCE / "gold.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def reference_doc() -> dict:
    from extractor.pipeline import extract_file
    return extract_file(REFERENCE / "text.txt")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


def make_fixtures_module():
    """scripts/make_fixtures.py, imported (it makes DOCX, HTML and PDF versions of a notice)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def notice_in_three_formats(text: str, out_dir: Path):
    """Write ``text`` as n.docx, n.html and n.pdf under ``out_dir``; skip when a tool is missing.
    Returns the fixtures module (for its helpers)."""
    pytest.importorskip("reportlab", reason="reportlab makes the PDF")
    pytest.importorskip("docx", reason="python-docx makes the DOCX")
    mf = make_fixtures_module()
    if not any(Path(p).exists() for p in mf.FONT_CANDIDATES):
        pytest.skip("needs fonts-wqy-zenhei to make the PDF")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    mf.make_notice_docx(lines, out_dir / "n.docx")
    mf.make_notice_html(lines, out_dir / "n.html", table=False, charset="utf-8")
    mf.make_notice_pdf(lines, out_dir / "n.pdf")
    return mf


@pytest.fixture(scope="session", autouse=True)
def _ocr_cache_in_tmp(tmp_path_factory):
    """OCR results are cached by page hash; tests keep theirs out of the user's ~/.cache."""
    import os
    old = os.environ.get("POLICY_EXTRACT_OCR_CACHE")
    os.environ["POLICY_EXTRACT_OCR_CACHE"] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    if old is None:
        os.environ.pop("POLICY_EXTRACT_OCR_CACHE", None)
    else:
        os.environ["POLICY_EXTRACT_OCR_CACHE"] = old
