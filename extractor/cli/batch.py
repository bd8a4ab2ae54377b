"""Corpus commands: batch, export, stats."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import ExtractorError


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (documents/, documents.jsonl, errors.jsonl, summary.json, corpus.duckdb).")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of CPUs). Ignored with --scheduler.")
@click.option("--resume", is_flag=True,
              help="Skip documents whose content hash and tool version already have output in OUTDIR.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool on this machine; dask: a Dask distributed cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address (tcp://host:8786); implies --engine dask. Without it, "
                   "--engine dask starts a local cluster on 127.0.0.1.")
@click.option("--segmenter", type=click.Choice(["none", "char", "jieba"]), default="none", show_default=True,
              help="none: the annotators without a spaCy Doc (fastest); char or jieba: the spaCy pipeline "
                   "with character or word tokens. The output is the same.")
@click.option("--script", type=click.Choice(["original", "simplified", "traditional"]), default="original",
              show_default=True, help="Script of the output's strings; spans always point into the source.")
@click.option("--no-text", is_flag=True, help="Leave the source text out of the JSON.")
@click.option("--no-store", is_flag=True, help="Do not build corpus.duckdb.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="auto: OCR the PDF pages without a usable text layer (and images); always: every PDF page; "
                   "never: none. OCR results are cached by page hash, so a rerun or --resume does not OCR again.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def batch(inputs, outdir, workers, resume, engine, scheduler, segmenter, script, no_text, no_store, ocr, quiet):
    """Extract many notices into OUTDIR, in parallel; resumable; a failing file never stops it.

    INPUTS are folders (searched recursively for .txt .pdf .docx .html .htm and scans: .png .jpg
    .jpeg .tif .tiff), glob patterns
    (quote them: 'notices/**/*.pdf') or file lists (@list.txt, one path per line). Each document's
    JSON goes to OUTDIR/documents/<path relative to its root>-<content hash>.json; the run writes
    documents.jsonl (sorted by that name), errors.jsonl, summary.json and the DuckDB store
    corpus.duckdb. A progress bar (documents/s, ETA) shows when stdout is a terminal. Exit status
    1 when some documents failed (they are listed in errors.jsonl).

    \b
    Example:
      policy-extract batch ../shared/bench/govdocs -o out/govdocs --workers 2
      policy-extract batch 'notices/**/*.pdf' @more.txt -o out/city --resume
      policy-extract batch notices/ -o out/city --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from ..batch.runner import run_batch
    from ..batch.work import Options
    if scheduler:
        engine = "dask"
    opts = Options(segmenter=segmenter, script=script, include_text=not no_text, ocr=ocr)
    if not quiet:
        import os
        os.environ.setdefault("POLICY_EXTRACT_OCR_PROGRESS", "1")     # a line per OCR'd page
    summary = run_batch(list(inputs), outdir, workers=workers, resume=resume, engine=engine, scheduler=scheduler,
                        quiet=quiet, options=opts, store=not no_store,
                        log=lambda m: click.echo(f"policy-extract: {m}", err=True))
    if not quiet:
        rate = f", {summary['docs_per_second']} docs/s" if summary.get("docs_per_second") else ""
        click.echo(f"{outdir}: {summary['documents']} documents, {summary['tasks']} tasks, "
                   f"{summary['responsibilities']} responsibilities, {summary['failures']} failed "
                   f"({summary['skipped']} already done) in {summary['seconds']:.1f} s{rate}", err=True)
        if summary["failures"]:
            click.echo(f"{outdir}: see {outdir / 'errors.jsonl'}", err=True)
    if summary["failures"]:
        sys.exit(1)


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the files (default: OUTDIR/export).")
def export(outdir, fmt, output):
    """Write one file per table of OUTDIR's store (documents, sections, tasks, units,
    responsibilities, deadlines, quantities) for pandas, R, DuckDB or a spreadsheet.

    \b
    Example:
      policy-extract export out/govdocs --format parquet
      policy-extract export out/govdocs --format csv -o tables/
    """
    from ..batch.export import export_tables
    files = export_tables(outdir, fmt, output)
    for f in files:
        click.echo(str(f))


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print every row as JSON.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="Rows per table in the text output.")
def stats(outdir, as_json, top):
    """Corpus statistics from OUTDIR's store: cue coverage (the documents whose outline reading
    left assignment cues unexplained, worst first), tasks per unit and role, deadlines per month,
    documents per issuer.

    \b
    Example:
      policy-extract stats out/govdocs
      policy-extract stats out/govdocs --json > stats.json
    """
    from ..batch.stats import corpus_stats
    s = corpus_stats(outdir)
    if as_json:
        sys.stdout.write(json.dumps(s, ensure_ascii=False, indent=1) + "\n")
        return
    t = s["totals"]
    click.echo(f"{t['documents']} documents, {t['tasks']} tasks, {t['responsibilities']} responsibilities, "
               f"{t['units']} units, {t['deadlines']} deadlines ({t['recurring_deadlines']} recurring), "
               f"{t['quantities']} quantities")
    cc = s["cue_coverage"]
    if cc["cues_found"]:
        click.echo(f"\nAssignment cues: {cc['cues_explained']} of {cc['cues_found']} explained by tasks "
                   f"({cc['coverage']:.1%})")
        for r in s["lowest_cue_coverage"][:top]:
            click.echo(f"  {r['coverage']:>6.1%}  {r['cues_explained']:>4}/{r['cues_found']:<4} {r['reading']:<9} {r['name']}")
    click.echo("\nTasks per unit and role")
    for r in s["tasks_per_unit_role"][:top]:
        click.echo(f"  {r['tasks']:>6}  {r['role']:<12} {r['unit']}")
    click.echo("\nDeadlines per month")
    for r in s["deadlines_per_month"][:top]:
        click.echo(f"  {r['month']}  {r['deadlines']:>6}")
    if len(s["deadlines_per_month"]) > top:
        click.echo(f"  … {len(s['deadlines_per_month']) - top} more months (--json for all)")
    click.echo("\nDocuments per issuer")
    for r in s["documents_per_issuer"][:top]:
        click.echo(f"  {r['documents']:>6}  {r['issuer']}")
