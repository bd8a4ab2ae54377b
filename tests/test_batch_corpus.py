"""Small generated notices for the batch tests (tiny, so that hundreds stay fast), and their checks."""
from __future__ import annotations

from pathlib import Path

TOPICS = ["大气污染防治", "营商环境优化", "农村供水保障", "安全生产整治", "数字政府建设", "城市更新"]


def notice(i: int) -> str:
    """Notice i cites notice i-1 by its document number (郑政办〔2024〕i号)."""
    topic = TOPICS[i % len(TOPICS)]
    cite = (f"根据《郑州市人民政府办公厅关于印发郑州市{TOPICS[(i - 1) % len(TOPICS)]}工作方案的通知》"
            f"（郑政办〔2024〕{i - 1}号）要求，") if i > 0 else ""
    return f"""郑州市人民政府办公厅关于印发郑州市{topic}工作方案（第{i}批）的通知
郑政办〔2024〕{i}号
各区县（市）人民政府，市人民政府各部门：
{cite}现将《郑州市{topic}工作方案（第{i}批）》印发给你们，请认真贯彻执行。
郑州市人民政府办公厅
2024年3月{i % 28 + 1}日
郑州市{topic}工作方案（第{i}批）
一、工作目标
到2025年，全市{topic}重点项目完成率达到{60 + i % 40}%以上。
二、重点任务
1.加强{topic}统筹调度。建立工作台账，定期通报进展。2024年{i % 12 + 1}月底前完成。
牵头单位：市发展改革委
配合单位：市生态环境局、市工信局
2.推进{topic}项目建设。新建项目{i % 50 + 10}个，2024年12月底前全部开工。
牵头单位：市工信局
责任单位：各区县（市）人民政府
3.强化{topic}督导考核。每季度开展一次督导检查。
责任单位：市政府督查室
"""


def make_corpus(root: Path, n: int, *, per_folder: int = 50) -> list[Path]:
    """n notices in folders of per_folder; the basename repeats across folders (notice.txt)."""
    paths = []
    for i in range(n):
        d = root / f"batch{i // per_folder:02d}" / f"n{i:04d}"
        d.mkdir(parents=True, exist_ok=True)
        p = d / "notice.txt"
        p.write_text(notice(i), "utf-8")
        paths.append(p)
    return paths


def test_generated_notice_extracts_tasks_units_deadlines_and_cites():
    from extractor import extract_text
    d = extract_text(notice(3))
    md = d["metadata"]
    assert md["doc_number"] == "郑政办〔2024〕3号"
    assert [c["doc_number"] for c in md["cites"]] == ["郑政办〔2024〕2号"]
    assert [t["number"] for t in d["tasks"]] == ["1", "2", "3"]
    roles = {(r["unit_id"], r["role"]) for t in d["tasks"] for r in t["responsibilities"]}
    assert ("unit:市发展和改革委员会", "lead") in roles and ("unit:市生态环境局", "support") in roles
    assert "2024-12-31" in {x["date"] for t in d["tasks"] for x in t["deadlines"]}


def test_generated_corpus_repeats_basenames(tmp_path):
    paths = make_corpus(tmp_path, 5, per_folder=2)
    assert len(paths) == 5 and {p.name for p in paths} == {"notice.txt"}
    assert len({p.read_text('utf-8') for p in paths}) == 5
