"""Cleaning and entity recognition on the workers of a Dask ``distributed`` cluster.

The same shape as indexer.ner_workers, over the network: the scan (indexer.writer.Scan) runs
in this process, batches of its changes (the raw inputs, as read) go to the cluster's workers,
which clean them, run NER and send back the annotated articles; this process, the index's one
writer, consumes them in input order. A bounded number of batches is in flight, so a long
archive is read as it is indexed.

Each worker process loads the spaCy model once (a module-level extractor, cached by its
settings) and keeps it for every later batch. A worker lost mid-run (killed, out of memory,
its machine gone) loses nothing: the scheduler runs its batches again on another worker
(``distributed.scheduler.allowed-failures`` times), and a batch whose task raised is retried
`retries` times. A file that cannot be cleaned is reported with its path, as on the local path.

Workers need the same environment as this process: newsarchive and the spaCy model installed.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from newsarchive.indexer.article import Article, SourceError

if TYPE_CHECKING:
    from newsarchive.indexer.entities import EntityExtractor
    from newsarchive.indexer.writer import Change, Scan

IN_FLIGHT = 4  # batches per worker thread: one being annotated, the rest queued on the worker
RETRIES = 3  # a batch whose task raised (not a lost worker: the scheduler reruns those)
CONNECT_TIMEOUT = "20s"

_extractors: dict[str, EntityExtractor] = {}  # this worker process's, by their settings
_extractors_lock = threading.Lock()


class DaskFailed(RuntimeError):
    """The cluster could not be reached, or a batch failed on every worker that tried it."""


@dataclass(frozen=True)
class Failed:
    """A change a worker could not clean (a SourceError, sent back as plain fields)."""

    path: str
    reason: str
    record: str | None

    def error(self) -> SourceError:
        return SourceError(self.path, self.reason, self.record)


def _extractor(settings: bytes) -> EntityExtractor:
    """This worker process's extractor for these settings (the pickled EntityExtractor,
    without its model), loading the model on first use only."""
    key = hashlib.sha1(settings).hexdigest()
    with _extractors_lock:
        extractor = _extractors.get(key)
        if extractor is None:
            extractor = pickle.loads(settings)
            extractor.workers = 1  # the cluster's worker is the unit of parallelism
            extractor.nlp  # noqa: B018 - load the model now, once per worker process
            _extractors[key] = extractor
    return extractor


def annotate_batch(settings: bytes, items: list[Any]) -> list[Article | Failed]:
    """The task a worker runs: each item (a writer.Change to clean, or an Article cleaned
    already) annotated, in order; a change that cannot be cleaned becomes a Failed."""
    from newsarchive.indexer.writer import Change, clean_change

    out: list[Article | Failed] = []
    for item in items:
        if isinstance(item, Change):
            try:
                item = clean_change(item)
            except SourceError as error:
                out.append(Failed(error.path, error.reason, error.record))
                continue
        out.append(item)
    articles = [item for item in out if isinstance(item, Article)]
    for _ in _extractor(settings).annotate(articles):  # fills each article in place
        pass
    return out


def connect(scheduler: Any) -> Any:
    """A client of the cluster at `scheduler` (an address, or a client or cluster to use)."""
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise DaskFailed(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None


class DaskAnnotator:
    """An indexer.writer.Annotator that cleans and annotates on a Dask cluster.

    `scheduler`: the scheduler's address (tcp://HOST:8786), or a distributed.Client or
    cluster. `make_extractor`: as for update_index; the extractor made here is pickled to
    the workers without its model. `clean_on_workers=False` cleans in this process and sends
    the cleaned text instead of the raw input. The cluster is contacted only when the scan
    finds a change."""

    def __init__(self, scheduler: Any, make_extractor: Callable[[], Any], *,
                 batch_size: int | None = None, in_flight: int = IN_FLIGHT,
                 retries: int = RETRIES, clean_on_workers: bool = True) -> None:
        self.scheduler = scheduler
        self.make_extractor = make_extractor
        self.batch_size = batch_size
        self.in_flight = in_flight
        self.retries = retries
        self.clean_on_workers = clean_on_workers

    def __call__(self, scan: Scan, changes: Iterator[Change]) -> Iterator[Article]:
        first = next(changes, None)
        if first is None:
            return
        extractor = self.make_extractor()
        settings = pickle.dumps(extractor)
        batch_size = self.batch_size or getattr(extractor, "batch_size", 64)
        client = self._client()
        pending: deque[tuple[list[Any], Any]] = deque()
        try:
            slots = self.in_flight * max(1, sum(client.nthreads().values()))
            stream = chain([first], changes)
            while batch := list(islice(stream, batch_size)):
                items = batch if self.clean_on_workers else self._cleaned_here(scan, batch)
                if not items:
                    continue
                pending.append((items, client.submit(annotate_batch, settings, items,
                                                     pure=False, retries=self.retries)))
                if len(pending) >= slots:
                    yield from self._finished(scan, *pending.popleft())
            while pending:
                yield from self._finished(scan, *pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()
            if client is not self.scheduler:
                client.close()

    def _client(self) -> Any:
        from distributed import Client

        if isinstance(self.scheduler, Client):
            return self.scheduler
        if hasattr(self.scheduler, "scheduler_address"):  # a cluster object (LocalCluster)
            return connect(self.scheduler.scheduler_address)
        return connect(self.scheduler)

    @staticmethod
    def _cleaned_here(scan: Scan, batch: list[Change]) -> list[Any]:
        return list(scan.cleaned(batch))

    @staticmethod
    def _finished(scan: Scan, items: list[Any], future: Any) -> Iterator[Article]:
        from distributed import CancelledError
        from distributed.scheduler import KilledWorker

        try:
            results = future.result()
        except KilledWorker as error:
            raise DaskFailed(
                "a batch of articles was lost with every Dask worker that took it (out of "
                f"memory, or killed): {error}; run the command again to finish") from None
        except (CancelledError, OSError) as error:
            raise DaskFailed(f"the Dask cluster stopped answering: {error!r}; run the "
                             "command again to finish") from None
        for item, result in zip(items, results, strict=True):
            if isinstance(result, Failed):
                scan.drop(item, result.error())
            else:
                yield result
