"""Core commands: extract, who, graph, validate, eval, schema."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..emit.files import write_atomic
from ..errors import ExtractorError, InputError, InternalError

SCRIPTS = click.Choice(["original", "simplified", "traditional"])
OCR_MODES = click.Choice(["auto", "always", "never"])


def dump_json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON here (default: stdout).")
@click.option("--script", type=SCRIPTS, default="original", show_default=True,
              help="Script of the output's strings; spans always point into the source text.")
@click.option("--no-text", is_flag=True, help="Leave the source text out of the JSON.")
@click.option("--ocr", type=OCR_MODES, default="auto", show_default=True,
              help="auto: OCR the PDF pages without a usable text layer; always: every page; never: none. "
                   "Images are always OCR'd. Needs pip install 'policy-extractor[ocr]'.")
def extract(file, output, script, no_text, ocr):
    """Extract one notice (TXT, PDF, DOCX, HTML, or a scan: image-only PDF, PNG, JPEG, TIFF) into
    JSON (schema 1.1).

    \b
    Example:
      policy-extract extract corpora/zhengzhou_air_2024/text.txt -o out.json --script simplified
      policy-extract extract scan.pdf -o out.json --ocr auto
    """
    from ..pipeline import extract_file
    from ..emit.validate import validate_document
    doc = extract_file(file, script=script, include_text=not no_text, ocr=ocr)
    problems = validate_document(doc)
    if problems:
        raise InternalError(file, f"internal error: output fails validation: {problems[0]}")
    text = dump_json(doc)
    if output:
        write_atomic(output, text)
        n = len(doc["tasks"])
        click.echo(f"{file}: {n} tasks, {sum(len(t['responsibilities']) for t in doc['tasks'])} responsibilities "
                   f"-> {output}", err=True)
        for w in doc["warnings"]:
            if w["code"] in ("no_tasks", "loader", "low_ocr_confidence"):
                click.echo(f"{file}: warning: {w['message']}", err=True)
    else:
        sys.stdout.write(text)


@click.command()
@click.argument("unit")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
def who(unit, inputs, as_json):
    """Every task that names UNIT, with its role, deadlines and document.

    UNIT may be in either script or a known abbreviation (市发改委), and may name the document's
    own city (郑州市生态环境局 finds 市生态环境局 in a notice of 郑州市人民政府). INPUTS are
    extraction JSON files, notice files (extracted on the fly) or batch output folders.

    \b
    Examples:
      policy-extract who 市生态环境局 outputs/zhengzhou_air_2024.json
      policy-extract who 市發改委 corpora/zhengzhou_air_2024/text.txt --json
    """
    from .inputs import iter_documents
    from ..emit.who import suggestions, who as run_who
    rows = run_who(unit, iter_documents(inputs))
    if as_json:
        sys.stdout.write(dump_json(rows))
        return
    if not rows:                      # a second pass, only to help: names close to the query
        close = suggestions(unit, iter_documents(inputs))
        click.echo(f"{unit}: named in no task of {len(inputs)} input(s)"
                   + (f"; units with a similar name: {'、'.join(close)}" if close else ""))
        return
    cur = None
    for r in rows:
        if r["document"] != cur:
            cur = r["document"]
            click.echo(f"{r['document_title'] or cur} ({r['doc_number'] or cur})")
        dl = ", ".join(f"{d['text']}" + (f" ({d['date']})" if d["date"] else "") for d in r["deadlines"])
        click.echo(f"  {r['number']:>4}  {'/'.join(r['roles']):<22} {r['title']}" + (f"  [{dl}]" if dl else ""))
    click.echo(f"{len(rows)} task(s) name {unit}")


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="OUT.graphml, OUT.gexf or OUT.json (node-link).")
def graph(inputs, output):
    """Write the unit–task responsibility graph of INPUTS (JSON, notice files or folders).

    \b
    Example:
      policy-extract graph outputs/zhengzhou_air_2024.json -o graph.graphml
    """
    from ..emit.graph import build_graph, write_graph
    from .inputs import iter_documents
    if output.suffix.lower() not in (".graphml", ".gexf", ".json"):
        raise InputError(output, "unknown graph format: use .graphml, .gexf or .json")
    g = build_graph(list(iter_documents(inputs)))
    write_graph(g, output)
    click.echo(f"{output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", err=True)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files):
    """Check JSON files against the published schema and the span contract.

    \b
    Example:
      policy-extract validate outputs/zhengzhou_air_2024.json
    """
    from .inputs import load_json_document
    from ..emit.validate import validate_document
    bad = 0
    for f in files:
        try:
            doc = load_json_document(f)
        except ExtractorError as e:
            click.echo(e.line(), err=True)
            bad += 1
            continue
        problems = validate_document(doc)
        if problems:
            bad += 1
            click.echo(f"{f}: invalid: {problems[0]}" + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""), err=True)
        else:
            click.echo(f"{f}: valid")
    if bad:
        sys.exit(1)


@click.command("eval")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of <id>/text.txt with <id>/gold.json.")
@click.option("--align", "align_gold", type=click.Path(dir_okay=False, path_type=Path),
              help="Score alignment links against this gold alignment file (its documents are looked up in "
                   "--corpus, default: the folder above the file).")
@click.option("--json", "as_json", is_flag=True, help="Print the full scores as JSON.")
@click.option("--to-script", type=click.Choice(["original", "simplified", "traditional"]), default="original",
              help="Convert each text to this script before extracting (gold stays as written).")
@click.option("--min", "minimum", multiple=True, metavar="FIELD=F1",
              help="Fail (exit 1) when a macro F1 is below the bar, e.g. --min responsibilities=0.90.")
@click.option("--input", "input_name", default="text.txt", show_default=True, metavar="NAME",
              help="The file of each <id>/ to extract, e.g. scan.pdf (a scan of text.txt). With a NAME other "
                   "than text.txt, each document is also read from text.txt: the output adds the character error "
                   "rate of the text read from NAME against text.txt and the F1 change from the TXT reading.")
@click.option("--ocr", type=OCR_MODES, default="auto", show_default=True, help="OCR mode for --input (see extract).")
@click.option("--max-cer", type=float, default=None, metavar="RATE",
              help="With --input: fail when a document's character error rate is above RATE (0.02 = 2 %).")
@click.option("--max-drop", type=float, default=None, metavar="F1",
              help="With --input: fail when a document's tasks, responsibilities, deadlines or quantities F1 is more "
                   "than F1 below its TXT reading.")
def eval_(corpus, align_gold, as_json, to_script, minimum, input_name, ocr, max_cer, max_drop):
    """Score extractions against gold: precision, recall, F1 per field, per document and macro.

    With --align GOLD.json: extract the gold alignment's two documents, align them and report link
    precision, recall and F1 (with the missed and extra links; --min links=F1 sets a bar).

    \b
    Example:
      policy-extract eval --corpus ../shared/corpus --min responsibilities=0.90
      policy-extract eval --corpus scans/ --input scan.pdf --max-cer 0.02 --max-drop 0.05
      policy-extract eval --align ../shared/corpus/alignment/zhengzhou_air_2024__nat_guofa_2023_24_kongqizhiliang.json
    """
    if align_gold is not None:
        from .align import eval_align
        return eval_align(align_gold, corpus, as_json, to_script, minimum)
    if corpus is None:
        raise InputError(None, "eval: give --corpus DIR (or --align GOLD.json)")
    from ..evaluate.score import FIELDS, cer, evaluate_corpus
    from ..normalise import to_script as conv
    from ..pipeline import extract_file, extract_text
    if not corpus.is_dir():
        raise InputError(corpus, "no such folder")

    compare = input_name != "text.txt"

    def run(p):
        if to_script == "original":
            return extract_file(p, include_text=compare, ocr=ocr)
        from ..load import load
        return extract_text(conv(load(p, ocr=ocr).text, to_script), path=str(p), include_text=compare)

    cers: dict[str, float] = {}

    def on_pred(folder, pred):
        ref = folder / "text.txt"
        if compare and ref.is_file() and pred["source"].get("text") is not None:
            from ..load import load
            cers[folder.name] = round(cer(pred["source"]["text"], load(ref).text), 5)

    res = evaluate_corpus(corpus, run, input_name=input_name, on_pred=on_pred)
    if not res["documents"] and not res["errors"]:
        raise InputError(corpus, f"no <id>/{input_name} with <id>/gold.json found")
    drops: dict[str, dict[str, float]] = {}
    if compare:
        txt = evaluate_corpus(corpus, run, docs=list(res["documents"]))
        res["cer"] = cers
        res["txt"] = {"documents": txt["documents"], "macro": txt["macro"]}
        for d, sc in res["documents"].items():
            if d in txt["documents"]:
                drops[d] = {f: round(txt["documents"][d][f]["f1"] - sc[f]["f1"], 4) for f in FIELDS[:4]}
        res["f1_drop"] = drops
    bars = {}
    for m in minimum:
        f, _, v = m.partition("=")
        if f not in FIELDS:
            raise InputError(None, f"--min: unknown field {f!r} (fields: {', '.join(FIELDS)})")
        try:
            bars[f] = float(v)
        except ValueError:
            raise InputError(None, f"--min: {m!r} is not FIELD=NUMBER")
    if as_json:
        sys.stdout.write(dump_json(res))
    else:
        head = f"{'document':40s}" + "".join(f"{f[:14]:>16s}" for f in FIELDS)
        click.echo(head)
        click.echo(f"{'':40s}" + "".join(f"{'P    R    F1':>16s}" for _ in FIELDS))
        for d, s in res["documents"].items():
            click.echo(f"{d[:40]:40s}" + "".join(
                f"  {s[f]['precision']:.2f} {s[f]['recall']:.2f} {s[f]['f1']:.2f}" for f in FIELDS))
        m = res["macro"]
        me = m.get("metric_exact") or {}
        if me.get("of"):
            # before MACRO, so that the MACRO line closes the score table
            click.echo(f"quantity metric exact match: {me['match']}/{me['of']} = {me['rate']:.2f} "
                       "(quantities found in both, targets, thresholds and goals)")
        if all(f in m for f in FIELDS):     # no MACRO line when every document failed
            click.echo(f"{'MACRO':40s}" + "".join(
                f"  {m[f]['precision']:.2f} {m[f]['recall']:.2f} {m[f]['f1']:.2f}" for f in FIELDS))
        if compare:
            click.echo(f"\n{input_name} against text.txt: character error rate, F1 change (TXT minus {input_name})")
            click.echo(f"{'document':40s}{'CER':>8s}" + "".join(f"{f[:14]:>16s}" for f in FIELDS[:4]))
            for d in res["documents"]:
                c = f"{cers[d]:.2%}" if d in cers else "-"
                click.echo(f"{d[:40]:40s}{c:>8s}" + "".join(f"{drops.get(d, {}).get(f, 0):>16.3f}" for f in FIELDS[:4]))
        for d, e in res["errors"].items():
            click.echo(f"{d}: error: {e}", err=True)
    failed = [f"{f} {res['macro'][f]['f1']:.3f} < {v}" for f, v in bars.items() if res["macro"].get(f, {}).get("f1", 0) < v]
    if max_cer is not None:
        failed += [f"{d} CER {c:.2%} > {max_cer:.2%}" for d, c in cers.items() if c > max_cer]
    if max_drop is not None:
        failed += [f"{d} {f} F1 {v:.3f} below TXT" for d, dd in drops.items() for f, v in dd.items() if v > max_drop]
    if res["errors"]:
        failed.append(f"{len(res['errors'])} document(s) failed")
    if failed:
        click.echo("eval: below the bar: " + "; ".join(failed), err=True)
        sys.exit(1)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
def schema(output):
    """Print the JSON Schema of the output (generated from the models).

    \b
    Example:
      policy-extract schema -o policy-document.schema.json
    """
    from ..assemble.schema import schema_text
    if output:
        write_atomic(output, schema_text())
    else:
        sys.stdout.write(schema_text())
