"""Helpers shared by the batch tests (not a test module): a generated corpus of notices in our own
words, and the outputs of a batch run as bytes and store rows."""
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

TABLES = ["documents", "sections", "tasks", "units", "responsibilities", "deadlines", "quantities"]
STORE_TABLES = TABLES + ["alignments"]      # alignments: empty here (no document cites another; test_batch_align)


def tree_bytes(outdir: Path) -> dict[str, bytes]:
    """Every output but the timing (summary.json) and the database (compared by content)."""
    files = {str(p.relative_to(outdir)): p.read_bytes() for p in sorted((outdir / "documents").glob("*.json"))}
    for name in ("documents.jsonl", "errors.jsonl"):
        files[name] = (outdir / name).read_bytes()
    return files


def store_rows(outdir: Path) -> dict:
    import duckdb
    con = duckdb.connect(str(outdir / "corpus.duckdb"), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in STORE_TABLES}
    finally:
        con.close()
