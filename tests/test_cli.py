"""The command line: who, graph, validate, extract, eval; one-line errors; documented commands."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import COMMANDS, cli, main

ROOT = Path(__file__).resolve().parents[1]
REF_JSON = ROOT / "outputs" / "zhengzhou_air_2024.json"
REF_TXT = ROOT / "corpora" / "zhengzhou_air_2024" / "text.txt"


def run(*args):
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_who_reference_30_tasks_with_roles():
    r = CliRunner().invoke(cli, ["who", "市生态环境局", str(REF_JSON), "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert len(rows) == 30
    assert {"document", "task_id", "number", "title", "role"} <= set(rows[0])
    assert {r["role"] for r in rows} == {"lead", "support", "responsible"}
    roles = {r["number"]: r["role"] for r in rows}
    assert roles["1"] == "lead" and roles["2"] == "support" and roles["11"] == "responsible"


@pytest.mark.parametrize("query", ["市生態環境局", "市生态环境局", "市生態環境局"])
def test_who_either_script(query):
    r = CliRunner().invoke(cli, ["who", query, str(REF_JSON), "--json"])
    assert len(json.loads(r.output)) == 30


def test_who_abbreviation_matches_full_name():
    full = json.loads(CliRunner().invoke(cli, ["who", "市發展改革委", str(REF_JSON), "--json"]).output)
    abbr = json.loads(CliRunner().invoke(cli, ["who", "市发改委", str(REF_JSON), "--json"]).output)
    longest = json.loads(CliRunner().invoke(cli, ["who", "市发展和改革委员会", str(REF_JSON), "--json"]).output)
    assert len(full) >= 10 and [r["task_id"] for r in full] == [r["task_id"] for r in abbr] == [r["task_id"] for r in longest]


def test_who_text_output_lists_roles_and_deadlines():
    r = CliRunner().invoke(cli, ["who", "市工信局", str(REF_TXT)])
    assert r.exit_code == 0
    assert "lead" in r.output and "2024-12-31" in r.output and "task(s) name 市工信局" in r.output


def test_graph_formats(tmp_path):
    import networkx as nx
    for ext in ("graphml", "gexf", "json"):
        out = tmp_path / f"g.{ext}"
        r = CliRunner().invoke(cli, ["graph", str(REF_JSON), "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 1000
    g = nx.read_graphml(tmp_path / "g.graphml")
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert types == {"document", "task", "unit"}
    roles = [d["role"] for _, _, d in g.edges(data=True) if d["type"] == "responsible_for"]
    assert set(roles) == {"lead", "support", "responsible"}
    eco = [n for n, d in g.nodes(data=True) if d.get("type") == "unit" and "生态环境局" in d["label"]]
    assert len(eco) == 1 and g.out_degree(eco[0]) == 30
    data = json.loads((tmp_path / "g.json").read_text("utf-8"))
    assert "nodes" in data and "links" in data


def test_validate_flags_a_broken_span(tmp_path):
    doc = json.loads(REF_JSON.read_text("utf-8"))
    doc["tasks"][0]["span"][0] += 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    r = run("validate", REF_JSON, bad)
    assert r.returncode == 1
    assert "valid" in r.stdout and "bad.json: invalid: span" in r.stderr


@pytest.mark.parametrize("content,problem", [
    (b"", "empty file"),
    (b"\x00\x01\x02\x03binary\x00\xff" * 100, "binary"),
    (bytes(range(128, 256)) * 50, "undecodable"),
])
def test_bad_input_one_line_error(tmp_path, content, problem):
    f = tmp_path / "input.txt"
    f.write_bytes(content)
    r = run("extract", f)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert str(f) in lines[0] and problem in lines[0]
    assert "Traceback" not in r.stderr


def test_missing_file_and_directory(tmp_path):
    r = run("extract", tmp_path / "nope.txt")
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    r = run("extract", tmp_path)
    assert r.returncode == 2 and "is a directory" in r.stderr and "Traceback" not in r.stderr


def test_text_without_tasks_is_valid_json_with_a_warning(tmp_path):
    f = tmp_path / "letter.txt"
    f.write_text("关于召开会议的通知\n各单位：\n定于下周召开工作会议，请准时参加。\n市政府办公室\n2024年5月6日\n", "utf-8")
    r = run("extract", f)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["tasks"] == [] and any(w["code"] == "no_tasks" for w in doc["warnings"])
    assert doc["metadata"]["date"] == "2024-05-06"


def test_50mb_text_is_refused_with_a_clear_limit(tmp_path):
    f = tmp_path / "huge.txt"
    line = "1.加强组织领导。牵头单位：市发展改革委\n".encode("utf-8")
    with open(f, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    r = run("extract", f)          # how fast it is refused: benchmarks/bench_limits.py
    assert r.returncode == 2 and "above the limit" in r.stderr and "POLICY_EXTRACT_MAX_BYTES" in r.stderr


def test_every_command_documented_with_an_example():
    readme = (ROOT / "README.md").read_text("utf-8")
    names = sorted(COMMANDS)
    for name in names:
        assert f"policy-extract {name}" in readme, f"README does not document {name}"
        r = CliRunner().invoke(cli, [name, "--help"])
        assert r.exit_code == 0 and "Example" in r.output, name


def test_help_is_light():
    """--help must not import the heavy stack (spaCy, jieba, OpenCC)."""
    code = ("import sys; from extractor.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('spacy', 'jieba', 'opencc', 'pdfplumber') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_eval_on_reference_folder(tmp_path):
    import shutil
    shutil.copytree(ROOT / "corpora" / "zhengzhou_air_2024", tmp_path / "zhengzhou_air_2024")
    r = run("eval", "--corpus", tmp_path, "--json", "--min", "responsibilities=0.98")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res["macro"]["tasks"]["f1"] == 1.0
    r = run("eval", "--corpus", tmp_path, "--min", "nonsense=1")
    assert r.returncode == 2 and "unknown field" in r.stderr


def test_extract_script_option_output_validates(tmp_path):
    out = tmp_path / "s.json"
    r = run("extract", REF_TXT, "--script", "simplified", "-o", out)
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text("utf-8"))
    assert doc["source"]["display_script"] == "simplified"
    assert doc["tasks"][0]["title"] == "严管严控“两高”项目"
    assert doc["source"]["text"].startswith("近日,鄭州市")          # the source keeps its script
    assert run("validate", out).returncode == 0
    # a display string that does not match its span is still caught
    doc["tasks"][0]["text"] = "x" + doc["tasks"][0]["text"][1:]
    out.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert run("validate", out).returncode == 1


def test_who_suggests_close_names_when_nothing_matches():
    r = CliRunner().invoke(cli, ["who", "交通", str(REF_JSON)])
    assert r.exit_code == 0
    assert "named in no task" in r.output and "市交通運輸局" in r.output and "市交通局" in r.output
