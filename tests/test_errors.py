"""Failures are loud: one error root in three branches (input, data, internal), one line each on
the command line with its own exit status, and no silent fallback when a module or a data file is
broken."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import errors
from extractor.batch.collect import Job
from extractor.batch.work import Options, process
from extractor.errors import DataFileError

ROOT = Path(__file__).resolve().parents[1]
REF_TXT = ROOT / "corpora" / "zhengzhou_air_2024" / "text.txt"
DATA = ROOT / "extractor" / "data"


def cli_in_subprocess(setup: str, *args, timeout=300):
    """Run ``policy-extract ARGS`` in a fresh interpreter after ``setup`` (which breaks something)."""
    code = f"import sys\n{setup}\nfrom extractor.cli import main\nmain({[str(a) for a in args]!r})\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def test_the_error_tree():
    for cls in (errors.EmptyInput, errors.BinaryInput, errors.DecodeError, errors.UnsupportedFormat,
                errors.TooLarge, errors.BadDocument, errors.SchemaError, errors.MissingExtra):
        assert issubclass(cls, errors.InputError) and cls.kind == "input"
    from extractor.lang.lexicon import LexiconError
    from extractor.lang.roles import LexiconError as RolesError
    for cls in (DataFileError, LexiconError, RolesError):
        assert issubclass(cls, errors.ExtractorError) and cls.kind == "data"
    assert not issubclass(DataFileError, ValueError)        # an `except ValueError` cannot swallow it
    assert errors.InternalError.kind == "internal"
    assert {c.kind: c(None, "x").exit_code for c in (errors.InputError, errors.InternalError)} == {"input": 2, "internal": 70}
    assert DataFileError("x.toml: bad").exit_code == 3


def test_internal_error_keeps_its_cause():
    from extractor.pipeline import extract_text
    import extractor.annotate.steps as steps

    def broken(*a, **k):
        raise KeyError("a bug")
    orig = steps.find_quantities
    steps.find_quantities = broken
    try:
        with pytest.raises(errors.InternalError) as e:
            extract_text("关于做好某项工作的通知\n一、主要目标\n到2025年达到30%。\n", path="n.txt", segmenter="none")
    finally:
        steps.find_quantities = orig
    assert isinstance(e.value.__cause__, KeyError) and e.value.path == "n.txt"
    assert "\n" not in e.value.line() and "KeyError" in e.value.line()


# --- a broken code module ----------------------------------------------------------------------

BREAK_DEADLINES = "sys.modules['extractor.annotate.deadlines'] = None   # its import now fails"


def test_broken_module_fails_extract_loudly(tmp_path):
    """The deadline annotator's module cannot be imported: extract used to exit 0 with 0 deadlines."""
    out = tmp_path / "out.json"
    r = cli_in_subprocess(BREAK_DEADLINES, "extract", REF_TXT, "-o", out)
    assert r.returncode == 70, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" in lines[0] and "please report" in lines[0], r.stderr
    assert "extractor.annotate.deadlines" in lines[0] and str(REF_TXT) in lines[0]
    assert "Traceback" not in r.stderr and not out.exists()


def test_debug_shows_the_traceback():
    r = cli_in_subprocess(BREAK_DEADLINES, "--debug", "extract", REF_TXT)
    assert r.returncode == 70 and r.stdout == ""
    assert "Traceback" in r.stderr and "ModuleNotFoundError" in r.stderr and "please report" in r.stderr


def test_broken_module_without_it_the_same_command_works(tmp_path):
    """The control for the tests above: the same subprocess, nothing broken."""
    out = tmp_path / "out.json"
    r = cli_in_subprocess("pass", "extract", REF_TXT, "-o", out)
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text("utf-8"))
    assert sum(len(t["deadlines"]) for t in doc["tasks"]) > 0 and doc["goals"]


# --- a broken data file ------------------------------------------------------------------------

def _broken_copy(tmp_path: Path, name: str) -> Path:
    text = (DATA / name).read_text("utf-8")
    bad = tmp_path / name
    bad.write_text(text[: len(text) // 2] + "\n[[oops\n", "utf-8")     # cut mid-file: not valid TOML
    return bad


@pytest.mark.parametrize("name,setup", [
    ("deadlines.toml", "import extractor.annotate.deadlines as m; m.DATA_DIR = __import__('pathlib').Path({dir!r})"),
    ("units.toml", "import extractor.lang.lexicon as m; m.DEFAULT_PATH = __import__('pathlib').Path({file!r})"),
])
def test_broken_data_file_fails_extract_with_exit_3(tmp_path, name, setup):
    bad = _broken_copy(tmp_path, name)
    r = cli_in_subprocess(setup.format(dir=str(tmp_path), file=str(bad)), "extract", REF_TXT)
    assert r.returncode == 3, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "not valid TOML" in lines[0], r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_missing_extra_names_it(monkeypatch):
    """--engine dask without dask installed: one line naming the extra to install."""
    import builtins
    real_import = builtins.__import__

    def no_distributed(name, *a, **k):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", no_distributed)
    from extractor.batch.engines import run_dask
    with pytest.raises(errors.MissingExtra) as e:
        run_dask([], Options(), None, 1, lambda r: None)
    assert "pip install 'policy-extractor[dask]'" in e.value.line() and e.value.exit_code == 2


# --- batch: every kind of failure is recorded ----------------------------------------------------

def _job(path: Path) -> Job:
    import hashlib
    data = path.read_bytes()
    return Job(name=path.name, path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def test_batch_records_input_data_and_internal(tmp_path, monkeypatch):
    good = tmp_path / "n.txt"
    good.write_text("郑州市人民政府关于做好某项工作的通知\n一、加强统筹。\n牵头单位：市发展改革委\n", "utf-8")
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    rec = process(_job(empty), Options())
    assert (rec["ok"], rec["kind"], rec["detail"], rec["error"]) == (False, "input", "empty", "EmptyInput")

    import extractor.pipeline as pipeline

    def bad_data(*a, **k):
        raise DataFileError("extractor/data/deadlines.toml: key rules: broken")
    monkeypatch.setattr(pipeline, "extract_loaded", bad_data)
    rec = process(_job(good), Options())
    assert (rec["kind"], rec["detail"], rec["error"]) == ("data", "data_file", "DataFileError")
    assert rec["message"].startswith(f"{good}: extractor/data/deadlines.toml")

    def bug(*a, **k):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(pipeline, "extract_loaded", bug)
    rec = process(_job(good), Options())
    assert (rec["kind"], rec["detail"], rec["error"]) == ("internal", "internal", "ZeroDivisionError")
    assert str(good) in rec["message"] and "ZeroDivisionError" in rec["message"]


@pytest.mark.parametrize("name,setup", [
    ("deadlines.toml", "import extractor.annotate.deadlines as m; m.DATA_DIR = __import__('pathlib').Path({dir!r})"),
    ("units.toml", "import extractor.lang.lexicon as m; m.DEFAULT_PATH = __import__('pathlib').Path({file!r})"),
])
def test_broken_data_file_stops_a_batch_once(tmp_path, name, setup):
    """A broken data file fails every document alike: the batch stops before the first one with the
    file's one-line error (exit 3), rather than writing one identical record per document."""
    bad = _broken_copy(tmp_path, name)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"n{i}.txt").write_text("某市人民政府关于做好某项工作的通知\n一、加强统筹。\n牵头单位：市发展改革委\n", "utf-8")
    r = cli_in_subprocess(setup.format(dir=str(tmp_path), file=str(bad)), "batch", src, "-o", tmp_path / "out",
                          "--workers", "1", "--quiet")
    assert r.returncode == 3, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "not valid TOML" in lines[0], r.stderr
    assert not list((tmp_path / "out" / "documents").glob("*.json"))
