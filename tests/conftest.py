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
