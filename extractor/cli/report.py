"""Commands for the officials' view: ``report`` (offline HTML) and ``calendar`` (ICS / CSV)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..emit.files import write_atomic
from ..errors import InputError


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML here (default: stdout).")
@click.option("--title", help="Page title (default: the document's title).")
@click.option("--align", "with_align", is_flag=True,
              help="INPUTS are UPPER LOWER: add the alignment view (which upper task each lower task carries out).")
def report(inputs, output, title, with_align):
    """Write one self-contained, offline HTML report of INPUTS (JSON, notice files or batch folders).

    The page shows the text with units marked by role and deadlines and quantities marked (hover
    for the normalised date or value and the rule), a sortable task table, a unit filter that
    accepts either script and known abbreviations, the responsibility graph, a deadline timeline
    and an index of units (linking to their tasks).

    \b
    Example:
      policy-extract report outputs/zhengzhou_air_2024.json -o report.html
      policy-extract report corpora/zhengzhou_air_2024/text.txt out/ -o all.html
      policy-extract report national_plan.json city_plan.txt --align -o alignment.html
    """
    from .inputs import iter_documents
    from ..report import build_report
    alignment = None
    if with_align:
        from .align import load_one
        if len(inputs) != 2:
            raise InputError(None, "report --align: give exactly two inputs, UPPER then LOWER")
        docs = [load_one(i) for i in inputs]
        from ..align import align_documents
        alignment = align_documents(docs[0][1], docs[1][1], upper_name=inputs[0], lower_name=inputs[1])
    else:
        docs = list(iter_documents(inputs))
    outdir = any(Path(i).is_dir() for i in inputs)
    html = build_report(docs, title=title, outdir=outdir, alignment=alignment)
    if output:
        write_atomic(output, html.encode("utf-8"))
        click.echo(f"{output}: {len(docs)} document(s), {sum(len(d['tasks']) for _, d in docs)} tasks", err=True)
    else:
        sys.stdout.write(html)


@click.command()
@click.argument("unit")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (default: stdout).")
@click.option("--csv", "as_csv", is_flag=True, help="Write a checklist CSV instead of iCalendar.")
def calendar(unit, inputs, output, as_csv):
    """Write UNIT's dated deadlines as an iCalendar file (one all-day event each) or a CSV checklist.

    UNIT may be in either script or a known abbreviation (市发改委). Reruns on the same inputs
    give byte-identical files (stable UIDs, DTSTAMP taken from the documents).

    \b
    Example:
      policy-extract calendar 市生态环境局 outputs/zhengzhou_air_2024.json -o 市生态环境局.ics
      policy-extract calendar 市發改委 outputs/zhengzhou_air_2024.json --csv -o 市发改委.csv
    """
    from .inputs import iter_documents
    from ..report.calendar import build_calendar, build_csv, calendar_events
    docs = list(iter_documents(inputs))
    if not docs:
        raise InputError(None, "no documents")
    data = build_csv(unit, docs).encode("utf-8-sig") if as_csv else build_calendar(unit, docs)
    n = len(calendar_events(unit, docs))
    if output:
        write_atomic(output, data)
        click.echo(f"{output}: {n} dated deadline(s) for {unit}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if n == 0:
        click.echo(f"{unit}: no dated deadline in the tasks that name it", err=True)
