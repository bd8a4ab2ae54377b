"""Fuzzing (scripts/fuzz.py): mutated notice text through the whole pipeline, and mutated bytes of
the PDF, DOCX, HTML and TXT fixtures through every loader. Only an InputError may come out: any
other exception, a wrapped InternalError, output that breaks the contract, a dead worker or a case
over the time limit fails the test, which names each case, where its input was saved and the
command that replays it.

CI runs POLICY_FUZZ_CASES cases (default 2,000); the long run is
``python scripts/fuzz.py --cases 10000`` (or POLICY_FUZZ_CASES=10000 with this test).
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = int(os.environ.get("POLICY_FUZZ_CASES", "2000"))
SEED = int(os.environ.get("POLICY_FUZZ_SEED", "0"))


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "scripts" / "fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = mod              # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_only_input_errors_escape(fuzz, tmp_path):
    res = fuzz.run(seed=SEED, cases=CASES, jobs=2, timeout=30.0, out=tmp_path / "failures")
    counts = res["counts"]
    assert sum(counts.values()) == CASES
    # every family ran, and the mutations both break files and leave some readable
    assert set(res["per_family"]) == {"text", "txt", "html", "docx", "pdf"}
    for fam in ("html", "docx", "pdf"):
        assert res["per_family"][fam]["ok"] > 0 and res["per_family"][fam]["input"] > 0, res["per_family"]
    bad = res["escapes"] + res["hangs"]
    assert not bad, f"{len(res['escapes'])} escape(s), {len(res['hangs'])} hang(s):\n" + "\n".join(
        f"  {e['error']}: {e['message']}\n    input: {e.get('input')}\n    replay: {e['replay']}" for e in bad)


def test_cases_are_reproducible(fuzz):
    for n in (0, 7, 1234):
        a, b = fuzz.make_case(SEED, n), fuzz.make_case(SEED, n)
        assert (a.family, a.seed_name, a.ops, a.text, a.data) == (b.family, b.seed_name, b.ops, b.text, b.data)
    assert fuzz.make_case(SEED, 1).ops != fuzz.make_case(SEED + 1, 1).ops or \
        fuzz.make_case(SEED, 1).family != fuzz.make_case(SEED + 1, 1).family


NOTICE = ("某市关于印发空气质量改善行动计划的通知\n一、主要目标\n到2025年，全市优良天数比率达到80%。\n"
          "二、重点任务\n（一）加强监测。到2025年覆盖率达到90%。（牵头单位：市生态环境局）\n")


def test_a_bare_exception_is_an_escape(fuzz, monkeypatch):
    """The harness is not vacuous: a number parser that raises makes the case an escape."""
    import extractor.annotate.quantities as quantities

    def broken(s):
        raise ValueError(f"could not convert string to float: {s!r}")
    case = fuzz.Case(number=0, family="text", seed_name="-", text=NOTICE, name="n.txt")
    assert fuzz.run_case(case)["outcome"] == "ok"
    monkeypatch.setattr(quantities, "parse_number", broken)
    res = fuzz.run_case(case)
    assert res["outcome"] == "escape" and res["error"] == "InternalError<ValueError>", res


def test_damaged_zip_directory_is_an_input_error(fuzz):
    """The DOCX mutator damages the zip directory, and that is reported as a bad document."""
    import random
    seen = 0
    for n in range(40):
        rng = random.Random(n)
        ops: list[str] = []
        data = bytearray((ROOT / "tests" / "fixtures" / "zhengzhou.docx").read_bytes())
        fuzz._zip_damage(rng, data, ops)
        res = fuzz.run_case(fuzz.Case(number=n, family="docx", seed_name="zhengzhou.docx", ops=ops,
                                      data=bytes(data), name="d.docx"))
        assert res["outcome"] in ("ok", "input"), (ops, res)
        seen += res["outcome"] == "input"
    assert seen > 0
