"""Shared inputs for the report, calendar and browser tests (no tests here)."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_JSON = ROOT / "outputs" / "zhengzhou_air_2024.json"
SCREENSHOT = ROOT / "outputs" / "report-filtered.png"

# A notice whose title, task texts and even unit names carry markup: none of it may run or
# change the page.
HOSTILE_NOTICE = """郑州市人民政府关于印发测试<script>alert(1)</script>行动计划的通知
郑政〔2024〕9号
各区县(市)人民政府，市人民政府各部门：
现将《测试行动计划》印发给你们，请认真贯彻执行。
郑州市人民政府
2024年6月27日
测试行动计划
一、重点任务
1.加强<script>alert(1)</script>治理。2025年年底前完成<img src=x onerror="alert(2)">改造，PM2.5浓度降至40微克/立方米。
牵头单位：市生态环境局
配合单位：市发展改革委、<b>市工信局</b>
2.推进</pre><iframe src="javascript:alert(3)"></iframe>建设。2024年10月底前完成排查。
牵头单位：市工信局
责任单位：各区县(市)政府
"""


def reference_doc() -> dict:
    return json.loads(REFERENCE_JSON.read_text("utf-8"))


def hostile_doc() -> dict:
    from extractor.pipeline import extract_text
    return extract_text(HOSTILE_NOTICE, path="hostile.txt", include_text=True)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <pre class="doctext">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.doctext: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "pre" and "doctext" in (a.get("class") or ""):
            self._pre += 1
            self.doctext.append("")

    def handle_endtag(self, tag):
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data):
        if self._pre:
            self.doctext[-1] += data


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    p.close()
    return p
