"""Cleaning and entity recognition on a Dask cluster (indexer.dask_workers): a real
distributed.LocalCluster of two single-threaded worker processes, started once per module."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
from pathlib import Path

import distributed
import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from tests.conftest import SEED_ARTICLE_ID, SEEDS

FACETS = ("persons", "countries", "orgs")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as dask_client:
        yield dask_client


def contents(index_dir: Path) -> dict:
    """The index as the commands show it: every article id, and every facet value with its
    article count."""
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "", "--index", str(index_dir), "--no-body"])
    assert exported.exit_code == 0, exported.output
    ids = sorted(json.loads(line)["id"] for line in exported.stdout.splitlines() if line)
    facets = {}
    for facet in FACETS:
        listed = runner.invoke(cli, ["entities", "--index", str(index_dir), "--facet", facet,
                                     "--top", "100000", "--json"])
        assert listed.exit_code == 0, listed.output
        facets[facet] = sorted(map(tuple, json.loads(listed.stdout)))
    return {"ids": ids, **facets}


def index_via(cluster, *args: str) -> object:
    return CliRunner().invoke(cli, ["index", *args, "-q", "--scheduler",
                                    cluster.scheduler_address])


def test_the_cluster_builds_the_same_index_as_local_workers(cluster, seed_index, tmp_path):
    index_dir = tmp_path / "index"
    result = index_via(cluster, str(SEEDS), "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    assert "327 indexed, 0 unchanged" in result.output
    found, expected = contents(index_dir), contents(seed_index)
    assert SEED_ARTICLE_ID in found["ids"] and len(found["ids"]) == 327
    assert found == expected


def test_the_scheduler_comes_from_the_environment_and_a_rerun_changes_nothing(
        cluster, tmp_path, monkeypatch):
    root = tmp_path / "archive"
    shutil.copytree(SEEDS / "text", root / "text")
    lines = (SEEDS / "reuters" / "reuters21578-sample.jsonl").read_text().splitlines()[:40]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    monkeypatch.setenv("NEWSARCHIVE_SCHEDULER", cluster.scheduler_address)
    first = CliRunner().invoke(cli, ["index", str(root), "--index", str(index_dir), "-q"])
    assert first.exit_code == 0, first.output
    assert "41 indexed, 0 unchanged" in first.output
    again = index_via(cluster, str(root), "--index", str(index_dir))
    assert again.exit_code == 0, again.output
    assert "0 indexed, 41 unchanged, 0 removed" in again.output


def test_a_file_that_fails_is_reported_with_its_path_and_the_rest_is_indexed(cluster, tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(SEEDS / "text", root / "text")
    lines = (SEEDS / "reuters" / "reuters21578-sample.jsonl").read_text().splitlines()[:20]
    # a record that is not JSON (found by the scan, here) and a page with no article text
    # (found by the cleaning, on a worker)
    lines.insert(5, "{not json")
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "web").mkdir()
    (root / "web" / "empty.html").write_text("<html><body><p></p></body></html>",
                                             encoding="utf-8")
    # a date a worker cannot read: said here, with the path as given, and the article kept
    (root / "dated.jsonl").write_text('{"title": "Harbour", "body": "The council met in '
                                      'Oslo.", "date": "2020-02-30"}\n', encoding="utf-8")
    index_dir = tmp_path / "index"
    result = index_via(cluster, str(root), "--index", str(index_dir))
    assert result.exit_code == 1, result.output
    assert "22 indexed" in result.output and "2 failed" in result.output
    assert "wire.jsonl#6" in result.output
    assert "web/empty.html: no article text" in result.output
    assert f"warning: {root / 'dated.jsonl'}#1: the date '2020-02-30'" in result.output
    assert len(contents(index_dir)["ids"]) == 22


def test_a_worker_killed_mid_run_loses_no_article(cluster, client, seed_index, tmp_path):
    from newsarchive.indexer.dask_workers import DaskAnnotator
    from newsarchive.indexer.entities import EntityExtractor
    from newsarchive.indexer.writer import update_index

    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed = []

    def kill_after_the_first_article(articles):
        for article in articles:
            if not killed:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            yield article

    index_dir = tmp_path / "index"
    report = update_index(index_dir, [SEEDS], EntityExtractor,
                          annotator=DaskAnnotator(client, EntityExtractor, batch_size=8),
                          progress=kill_after_the_first_article)
    assert killed == [victim]
    assert victim not in client.run(os.getpid).values()  # the nanny started another process
    assert (report.indexed, len(report.failed)) == (327, 0)
    assert contents(index_dir) == contents(seed_index)


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path, monkeypatch):
    from newsarchive.indexer import dask_workers

    monkeypatch.setattr(dask_workers, "CONNECT_TIMEOUT", "2s")
    root = tmp_path / "archive"
    shutil.copytree(SEEDS / "text", root / "text")
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(tmp_path / "index"),
                                      "-q", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2, result.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
