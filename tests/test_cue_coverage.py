"""Cue coverage over a corpus: batch summary.json, the store, `policy-extract stats` and the report
show which documents were read badly (notices written for this test)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from extractor.batch.runner import run_batch
from extractor.cli import cli

GOOD = """某区推进垃圾分类工作方案
一、主要任务
1.完善分类设施。（牵头单位：区城市管理局）
2.开展宣传引导。（牵头单位：区委宣传部）
"""
# the closing sentence names a unit with a role word outside every task: one cue unexplained
BAD = """某区推进河道整治工作方案
一、主要任务
1.清理河道垃圾。（牵头单位：区水务局）
本方案由区发展改革委负责解释。
"""


def test_summary_stats_and_report_show_cue_coverage(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, "utf-8")
    (src / "bad.txt").write_text(BAD, "utf-8")
    out = tmp_path / "out"
    summary = run_batch([src], out, workers=1, quiet=True)
    saved = json.loads((out / "summary.json").read_text("utf-8"))
    assert saved["cues_found"] == summary["cues_found"] == 4
    assert saved["cues_explained"] == 3 and saved["cue_coverage"] == 0.75
    assert [(d["cue_coverage"], d["cues_found"]) for d in saved["lowest_cue_coverage"]] == [(0.5, 2)]
    assert saved["lowest_cue_coverage"][0]["name"].startswith("bad.txt")

    r = CliRunner().invoke(cli, ["stats", str(out), "--json"])
    assert r.exit_code == 0, r.output
    st = json.loads(r.output)
    assert st["cue_coverage"] == {"cues_found": 4, "cues_explained": 3, "coverage": 0.75}
    assert [(x["cues_explained"], x["cues_found"]) for x in st["lowest_cue_coverage"]] == [(1, 2)]
    r = CliRunner().invoke(cli, ["stats", str(out)])
    assert "Assignment cues: 3 of 4 explained by tasks (75.0%)" in r.output

    report = tmp_path / "r.html"
    r = CliRunner().invoke(cli, ["report", str(out), "-o", str(report)])
    assert r.exit_code == 0, r.output
    html = report.read_text("utf-8")
    assert html.count('class="cue-unassigned"') == 1
    assert "cues 1/2 explained" in html and "cues 2/2 explained" in html
