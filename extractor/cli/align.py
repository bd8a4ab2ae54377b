"""``align``: which upper-level task(s) each task of a lower-level plan carries out."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from ..emit.files import write_atomic
from ..errors import InputError, InternalError


def load_one(path: str) -> tuple[str, dict]:
    """One document from a notice file or an extraction JSON (extracted with its text)."""
    from .inputs import iter_documents
    p = Path(path)
    if p.is_dir():
        raise InputError(p, "is a folder: give one notice file or one extraction JSON")
    docs = list(iter_documents([path]))
    if len(docs) != 1:
        raise InputError(p, "expected one document")
    return docs[0]


@click.command()
@click.argument("upper")
@click.argument("lower")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the alignment JSON here.")
@click.option("--json", "as_json", is_flag=True, help="Print the alignment JSON instead of the table.")
@click.option("--min-score", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None,
              help="Link only at or above this score (default: from data/align.toml, 0.12).")
def align(upper, lower, output, as_json, min_score):
    """Align the tasks of LOWER (a local plan) with the tasks of UPPER (the plan it carries out).

    For every task of LOWER: the UPPER task(s) it carries out, each with a score in [0, 1] and the
    evidence (shared key terms, sector/object words, the sentence that carries it out, a citation
    of UPPER's document number, shared quantities or deadlines), or none (a local addition); and
    the UPPER tasks no LOWER task takes up. Either may be a notice (TXT, PDF, DOCX, HTML; either
    script) or its extraction JSON. Output: a side-by-side table, or JSON (--json, -o) following
    schemas/alignment.schema.json.

    \b
    Example:
      policy-extract align national_plan.json corpora/zhengzhou_air_2024/text.txt -o align.json
      policy-extract align upper.txt lower.txt --json --min-score 0.2
    """
    from ..align import align_documents
    from ..align.schema import validate_alignment
    from ..align.table import render_table
    from .core import dump_json
    uname, udoc = load_one(upper)
    lname, ldoc = load_one(lower)
    for name, doc in ((uname, udoc), (lname, ldoc)):
        if not doc.get("tasks"):
            raise InputError(name, "no tasks found: nothing to align")
    al = align_documents(udoc, ldoc, min_score=min_score, upper_name=upper, lower_name=lower)
    problems = validate_alignment(al)
    if problems:
        raise InternalError(lower, f"internal error: alignment fails its schema: {problems[0]}")
    text = dump_json(al)
    if output:
        write_atomic(output, text)
        s = al["summary"]
        click.echo(f"{output}: {s['links']} link(s), {s['local_additions']} local addition(s), "
                   f"{s['uncovered_upper']} uncovered upper task(s)", err=True)
    if as_json:
        sys.stdout.write(text)
    elif not output:
        sys.stdout.write(render_table(al, width=max(80, min(160, shutil.get_terminal_size((120, 20)).columns))))


def eval_align(gold_path, corpus, as_json, to_script, minimum) -> None:
    """``eval --align``: link precision, recall and F1 against a gold alignment file."""
    from ..align.score import evaluate_alignment
    from ..normalise import to_script as conv
    from ..pipeline import extract_file, extract_text
    from .core import dump_json

    def run(p, script):
        if script == "original":
            return extract_file(p, include_text=True)
        from ..load import load
        return extract_text(conv(load(p).text, script), path=str(p), include_text=True)

    bars = {}
    for m in minimum:
        f, _, v = m.partition("=")
        if f != "links":
            raise InputError(None, f"--min: with --align the only field is links (links=F1), not {f!r}")
        try:
            bars[f] = float(v)
        except ValueError:
            raise InputError(None, f"--min: {m!r} is not links=NUMBER")
    res = evaluate_alignment(gold_path, run, corpus=corpus, lower_script=to_script, upper_script=to_script)
    if as_json:
        sys.stdout.write(dump_json(res))
    else:
        click.echo(f"{res['lower']} -> {res['upper']} (script: {to_script})")
        click.echo(f"links  P {res['precision']:.4f}  R {res['recall']:.4f}  F1 {res['f1']:.4f}  "
                   f"(tp {res['tp']}, predicted {res['predicted']}, gold {res['gold']}, unscored {res['unscored']})")
        la = res["local_additions"]
        click.echo(f"local additions: gold {la['gold']}, predicted {la['predicted']}, agree {la['agree']}")
        for k in ("missed", "extra"):
            for line in res[k]:
                click.echo(f"  {k}: {line}")
    if "links" in bars and res["f1"] < bars["links"]:
        click.echo(f"eval: below the bar: links {res['f1']:.3f} < {bars['links']}", err=True)
        sys.exit(1)
