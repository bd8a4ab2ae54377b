"""--engine dask: the same batch on a dask.distributed LocalCluster (127.0.0.1 only) gives exactly the
local engine's outputs."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor.batch.runner import run_batch
from batch_support import make_corpus, store_rows, tree_bytes

distributed = pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask") / "in"
    make_corpus(root, 40, per_folder=10)
    shutil.copy(ROOT / "tests" / "fixtures" / "tasktable.docx", root / "tasktable.docx")
    (root / "empty.txt").write_bytes(b"")
    return root


def test_dask_cluster_matches_local_engine(corpus, tmp_path):
    from distributed import LocalCluster
    local = run_batch([corpus], tmp_path / "local", workers=2, quiet=True)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        dask = run_batch([corpus], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
                         quiet=True)
    assert dask["engine"] == "dask" and dask["documents"] == local["documents"] == 41
    assert dask["failures"] == local["failures"] == 1
    assert tree_bytes(tmp_path / "dask") == tree_bytes(tmp_path / "local")
    assert store_rows(tmp_path / "dask") == store_rows(tmp_path / "local")


def test_cli_scheduler_implies_dask_and_resume_works(corpus, tmp_path):
    from click.testing import CliRunner
    from distributed import LocalCluster
    from extractor.cli import cli
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        r = CliRunner().invoke(cli, ["batch", str(corpus), "-o", str(tmp_path / "o"), "--scheduler",
                                     cluster.scheduler_address, "--quiet"])
        assert r.exit_code == 1, r.output            # the empty file
        r = CliRunner().invoke(cli, ["batch", str(corpus), "-o", str(tmp_path / "o"), "--engine", "dask",
                                     "--scheduler", cluster.scheduler_address, "--resume", "--quiet"])
    s = json.loads((tmp_path / "o" / "summary.json").read_text("utf-8"))
    assert s["engine"] == "dask" and s["skipped"] == 41 and s["processed"] == 1 and s["documents"] == 41
