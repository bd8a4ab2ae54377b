"""The stage contract: stages hand each other frozen, typed values with spans and rule ids, and the
JSON is built from them in one place."""
import dataclasses
import re

import pytest

from extractor.core.model import Deadline, Findings, Quantity, Responsibility, Span, Task
from extractor.normalise import normalise
from extractor.pipeline import COMPONENTS, run_direct, run_nlp, shared_nlp

RULE_ID = re.compile(r"^[a-z_]+(?:\.[a-z0-9_]+)+$")


@pytest.fixture(scope="module")
def found(reference_text) -> Findings:
    return run_direct(normalise(reference_text).text)


def test_stages_return_frozen_typed_values(found):
    assert isinstance(found, Findings) and found.tasks
    t = found.tasks[0]
    assert isinstance(t, Task) and isinstance(t.span, Span)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.deadlines = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.tasks = ()
    # collections are tuples: a later stage cannot append to an earlier stage's list
    assert all(isinstance(x, tuple) for x in (found.tasks, found.sections, found.goals, t.responsibilities,
                                              t.deadlines, t.targets))


def test_every_finding_has_a_span_inside_the_text_and_a_rule_id(found, reference_text):
    n = len(reference_text)
    items = [*found.tasks, *found.goals]
    for t in found.tasks:
        items += [*t.responsibilities, *t.deadlines, *t.targets]
    kinds = {type(x) for x in items}
    assert {Task, Responsibility, Deadline, Quantity} <= kinds
    for x in items:
        assert 0 <= x.span.start <= x.span.end <= n, x
        assert RULE_ID.match(x.rule), x.rule
    for t in found.tasks:
        # a task's own text and its title lie inside the task
        assert t.span.start <= t.own.start <= t.own.end <= t.span.end
        assert t.span.start <= t.title.start <= t.title.end <= t.span.end
        for h in t.responsibilities:
            assert h.unit_id.startswith("unit:") and h.role in ("lead", "support", "responsible")


def test_spacy_components_hand_on_the_same_findings(found, reference_text):
    text = normalise(reference_text).text
    doc = run_nlp(text, nlp=shared_nlp("char"))
    assert [name for name, _ in shared_nlp("char").pipeline] == COMPONENTS
    assert doc.user_data["policy"] == found


def test_each_step_adds_its_findings_and_keeps_the_others(reference_text):
    from extractor.annotate import steps
    from extractor.structure.stage import structure
    text = normalise(reference_text).text
    s = structure(text)
    assert all(not t.responsibilities and not t.deadlines and not t.targets for t in s.tasks)
    r = steps.responsibilities(text, s)
    assert any(t.responsibilities for t in r.tasks) and not any(t.deadlines for t in r.tasks)
    d = steps.deadlines(text, r)
    assert [t.responsibilities for t in d.tasks] == [t.responsibilities for t in r.tasks]
    assert any(t.deadlines for t in d.tasks)
    q = steps.quantities(text, d)
    assert [t.deadlines for t in q.tasks] == [t.deadlines for t in d.tasks]
    assert any(t.targets for t in q.tasks) and q.goals
    # the earlier value is untouched
    assert not any(t.deadlines for t in r.tasks)
