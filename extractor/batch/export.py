"""Tidy exports: one Parquet or CSV file per store table (``documents.parquet``, ``tasks.csv``, …),
rows in key order. Each file is written to a temporary name and renamed into place."""
from __future__ import annotations

import os
from pathlib import Path

from .store import ORDER, TABLES, connect

FORMATS = ("parquet", "csv")


def export_tables(outdir, fmt: str = "parquet", dest=None, tables=None) -> list[Path]:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use parquet or csv")
    dest = Path(dest) if dest else Path(outdir) / "export"
    dest.mkdir(parents=True, exist_ok=True)
    opts = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
    written = []
    con = connect(outdir)
    try:
        for table in tables or TABLES:
            target = dest / f"{table}.{fmt}"
            tmp = dest / f".{table}.{fmt}.tmp"
            path_sql = str(tmp).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY {ORDER[table]}) TO '{path_sql}' ({opts})")
            os.replace(tmp, target)
            written.append(target)
    finally:
        con.close()
    return written
