"""Faults: a batch killed with SIGKILL then resumed; malformed files among a thousand good ones; a
worker process that dies; every file of ../shared/bench/govdocs."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch.runner import run_batch
from extractor.emit.validate import validate_document
from batch_support import make_corpus

ROOT = Path(__file__).resolve().parents[1]
GOVDOCS = ROOT.parent / "shared" / "bench" / "govdocs"


def check_outdir(out: Path, expected: int) -> list[dict]:
    """No missing, partial or corrupt output: every JSON parses and validates."""
    assert not list(out.rglob(".*.tmp")), "temporary files left behind"
    files = sorted((out / "documents").glob("*.json"))
    assert len(files) == expected
    docs = []
    for f in files:
        d = json.loads(f.read_text("utf-8"))
        assert validate_document(d) == [], f
        docs.append(d)
    lines = (out / "documents.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == expected and [json.loads(x) for x in lines] == docs
    return docs


def _wait_for_progress(proc, fd: int, n: int, timeout: float = 120) -> int:
    """Block on the batch's progress bar (stderr) until it reports at least n documents done; a
    document is counted only after its JSON is written. Event-driven: select() wakes on output."""
    import re
    import select
    deadline = time.monotonic() + timeout
    buf, done = b"", 0
    while done < n:
        left = deadline - time.monotonic()
        assert left > 0, "no progress reported in time"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        assert chunk, f"the batch ended before {n} documents were done (exit {proc.wait()})"
        buf = (buf + chunk)[-4096:]
        counts = re.findall(rb"(\d+)/1000 ", buf)
        done = int(counts[-1]) if counts else 0
    return done


def test_sigkill_halfway_then_resume(tmp_path):
    import pty
    make_corpus(tmp_path / "in", 1000, per_folder=100)
    out = tmp_path / "out"
    # stdout on a terminal turns the progress bar on (on stderr, a pipe the test reads)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(tmp_path / "in"), "-o", str(out),
                             "--workers", "2"], cwd=ROOT, start_new_session=True,
                            stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    docs = out / "documents"
    try:
        _wait_for_progress(proc, proc.stderr.fileno(), 50)
        assert proc.poll() is None, "the batch finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)          # the main process and its workers
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        proc.stderr.close()
        os.close(master)
    assert proc.returncode == -signal.SIGKILL
    done_before = len(list(docs.glob("*.json")))
    assert 50 <= done_before < 1000
    assert not (out / "summary.json").exists()
    for f in docs.glob("*.json"):                # what is there is whole (atomic writes)
        json.loads(f.read_text("utf-8"))
    r = subprocess.run([sys.executable, "-m", "extractor", "batch", str(tmp_path / "in"), "-o", str(out),
                        "--workers", "2", "--resume", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["documents"] == 1000 and summary["failures"] == 0
    assert summary["skipped"] >= done_before and summary["processed"] == 1000 - summary["skipped"]
    check_outdir(out, 1000)
    assert (out / "errors.jsonl").read_text("utf-8") == ""


def test_malformed_files_among_a_thousand(tmp_path):
    make_corpus(tmp_path / "in", 1000, per_folder=100)
    bad = tmp_path / "in" / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "notzip.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    shutil.copy(ROOT / "tests" / "fixtures" / "bad_truncated.pdf", bad / "truncated.pdf")
    (bad / "blank.html").write_text("<html><body><div>   </div><p></p></body></html>", "utf-8")
    out = tmp_path / "out"
    s = run_batch([tmp_path / "in"], out, workers=2, quiet=True)     # its speed: benchmarks/bench_batch.py
    assert s["documents"] == 1000 and s["failures"] == 5
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert {Path(e["path"]).name: e["error"] for e in errors} == {
        "binary.txt": "BinaryInput", "blank.html": "BadDocument", "empty.txt": "EmptyInput",
        "notzip.docx": "BadDocument", "truncated.pdf": "BadDocument"}
    assert all(e["message"].startswith(e["path"]) for e in errors)
    assert len((out / "documents.jsonl").read_text("utf-8").splitlines()) == 1000
    assert len(list((out / "documents").glob("*.json"))) == 1000


def _dies_on_crash(job, options, outdir=None, data=None):
    from extractor.batch import work
    if "crash" in job.path:
        os._exit(3)                                  # a worker that dies: segfault, OOM killer
    return work._real_process(job, options, outdir, data)


def test_worker_that_dies_is_recorded_and_the_rest_lands(tmp_path, monkeypatch):
    from extractor.batch import engines, work
    if engines._mp_context().get_start_method() != "fork":
        pytest.skip("needs the fork start method to patch the worker function")
    make_corpus(tmp_path / "in", 40, per_folder=10)
    (tmp_path / "in" / "crash.txt").write_text("郑州市人民政府关于做好某项工作的通知\n一、工作任务\n", "utf-8")
    _dies_on_crash.__module__, _dies_on_crash.__qualname__ = "extractor.batch.work", "process"
    monkeypatch.setattr(work, "_real_process", work.process, raising=False)
    monkeypatch.setattr(work, "process", _dies_on_crash)
    monkeypatch.setattr(engines, "process", _dies_on_crash)
    s = run_batch([tmp_path / "in"], tmp_path / "out", workers=2, quiet=True)
    assert s["documents"] == 40 and s["failures"] == 1
    err = json.loads((tmp_path / "out" / "errors.jsonl").read_text("utf-8"))
    assert err["error"] == "WorkerCrashed" and err["path"].endswith("crash.txt")


@pytest.mark.skipif(not GOVDOCS.is_dir(), reason="../shared/bench/govdocs is absent")
def test_every_govdocs_file_goes_through(tmp_path):
    files = sorted(p for p in GOVDOCS.iterdir() if p.is_file())
    s = run_batch([GOVDOCS], tmp_path / "out", workers=2, quiet=True)
    errors = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert not [e for e in errors if e["kind"] in ("internal", "crash")], errors[:3]
    assert s["documents"] + s["failures"] == len(files)
    assert s["documents"] >= len(files) - 5
    check_outdir(tmp_path / "out", s["documents"])
