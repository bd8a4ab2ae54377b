"""eval scores the quantity metric by exact match (script-insensitive) over quantities found in both."""
from extractor.evaluate.score import macro, score_document


def _q(text, value, metric):
    return {"text": text, "value": value, "metric": metric, "comparator": ">=", "unit": "%"}


def test_metric_exact_match_counts_matched_quantities_only():
    gold = {"tasks": [{"number": "1", "title": "提高覆盖率", "targets": [_q("90%", 90, "签约服务覆盖率")],
                       "thresholds": [_q("30%", 30, "专家号源比例")]}],
            "goals": [_q("80%", 80, "綠色出行比例")]}
    pred = {"tasks": [{"number": "1", "title": "提高覆盖率", "responsibilities": [], "deadlines": [],
                       "targets": [_q("90%", 90, "簽約服務覆蓋率"),      # same metric, other script
                                   _q("30%", 30, "号源"),                # found, metric differs
                                   _q("5%", 5, "别的")]}],               # not in gold: not counted
            "goals": [_q("80%", 80, "绿色出行比例")]}
    s = score_document(pred, gold)
    assert s["quantities"]["metric_exact"] == {"match": 2, "of": 3, "rate": round(2 / 3, 4)}
    m = macro({"a": s, "b": s})
    assert m["metric_exact"] == {"match": 4, "of": 6, "rate": round(4 / 6, 4)}
