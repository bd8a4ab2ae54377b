"""Validate a document JSON: the published schema, then the span contract (text == source[span])."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _validator():
    import jsonschema
    from ..assemble.schema import packaged_schema
    schema = packaged_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def schema_problems(doc: dict, fast: bool = False) -> list[str]:
    """Problems against the published schema. ``fast`` checks with the pydantic models the schema
    is generated from (about 20x faster than jsonschema; same contract), for batch runs."""
    if fast:
        from pydantic import ValidationError
        from ..assemble.models import PolicyDocument
        try:
            PolicyDocument.model_validate(doc)
        except ValidationError as e:
            err = e.errors()[0]
            return [f"schema: {'/'.join(map(str, err['loc']))}: {err['msg']}"]
        return []
    problems = []
    for err in sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        problems.append(f"schema: {where}: {err.message[:200]}")
    return problems


def validate_document(doc: dict, fast: bool = False) -> list[str]:
    """Problems found, as short strings (empty when valid): the schema, then the span contract
    (every ``text`` is its span of ``source.text``, in the display script when --script was used)."""
    problems = schema_problems(doc, fast)
    if problems:
        return problems
    src = doc["source"].get("text")
    if src is None:
        return problems
    if len(src) != doc["source"]["chars"]:
        problems.append("source.chars does not match source.text")
    script = doc["source"].get("display_script", "original")
    if script != "original":
        from ..normalise import to_script

        def view(s: str) -> str:
            return to_script(s, script)
    else:
        def view(s: str) -> str:
            return s

    def check(obj, where: str, key: str = "text"):
        s, e = obj["span"]
        if not (0 <= s <= e <= len(src)):
            problems.append(f"span: {where}: {obj['span']} outside the text")
        elif key in obj and obj[key] is not None and view(src[s:e]) != obj[key]:
            problems.append(f"span: {where}: text {obj[key]!r} != source[{s}:{e}] {src[s:e]!r}")

    for i, t in enumerate(doc["tasks"]):
        check(t, f"tasks/{i}")
        for j, d in enumerate(t["deadlines"]):
            check(d, f"tasks/{i}/deadlines/{j}")
        for j, q in enumerate(t["targets"]):
            check(q, f"tasks/{i}/targets/{j}")
        for j, r in enumerate(t["responsibilities"]):
            s, e = r["span"]
            written = view(src[s:e])
            # the name as written, with a distributed 各 before it and a head shared by the list after
            # it ("各县、市、区政府": 各县政府 is written 各县 at its span)
            if written not in r["unit"]:
                problems.append(f"span: tasks/{i}/responsibilities/{j}: unit {r['unit']!r} is not written at {r['span']} ({written!r})")
    for j, q in enumerate(doc["goals"]):
        check(q, f"goals/{j}")
    for i, s in enumerate(doc["sections"]):
        check(s, f"sections/{i}", key="__none__")
    return problems
