"""Batch a corpus: many notices -> one output folder (OUTDIR), in parallel and resumable.

Layout of OUTDIR::

    documents/<stable name>.json   one extraction per input (schema 1.0), written atomically
    documents.jsonl                every document of the run, one line each, sorted by stable name
    errors.jsonl                   one line per failed input: path, name, error class, kind, message
    summary.json                   counts and timing of the run (the only file with timing)
    corpus.duckdb                  the store: documents, sections, tasks, units, responsibilities,
                                   deadlines, quantities (see ``extractor.batch.store``)

Modules: ``collect`` (inputs -> jobs with stable names), ``work`` (what a worker does for one
document), ``engines`` (local process pool, Dask), ``runner`` (the run: resume, progress, combined
outputs), ``store`` (DuckDB), ``export`` (Parquet/CSV), ``stats`` (corpus statistics).
"""
from __future__ import annotations

__all__ = ["run_batch"]


def run_batch(*args, **kwargs):
    from .runner import run_batch as _f
    return _f(*args, **kwargs)
