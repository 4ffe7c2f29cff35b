"""NER in worker processes that send back mentions and facets, not spaCy documents.

spaCy's own multi-process pipe (``nlp.pipe(n_process=N)``) tokenizes and packs every text in
the main process, unpacks and repacks it in a worker, and unpacks the finished document in the
main process again: on Reuters articles that costs about a fifth of the NER time, taken from
the same cores. The indexer needs only each article's mentions and facets, so a worker here runs
the whole per-article work (text preparation, NER, mentions, facets) and sends back a few
tuples, while the main process reads, cleans and writes the index.

Workers are forked where the platform allows it, so they share the model the main process
loaded; elsewhere each worker loads it (``EntityExtractor`` pickles without it).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsarchive.indexer.article import Article
    from newsarchive.indexer.entities import Annotation, EntityExtractor, TextToAnnotate

_extractor: EntityExtractor | None = None  # the worker process's own
IN_FLIGHT = 12  # batches per worker (of 64 articles: about 18 s of NER on Reuters)
LIVENESS_SECONDS = 5  # how often a wait for a batch checks that every worker is alive


class WorkerDied(RuntimeError):
    """An NER worker process ended without answering (killed, out of memory)."""


def _start_worker(extractor: EntityExtractor) -> None:
    global _extractor
    _extractor = extractor


def _annotate_batch(texts: list[TextToAnnotate]) -> list[Annotation]:
    assert _extractor is not None, "the worker was started without an extractor"
    return _extractor.annotate_texts(texts)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def annotate_in_workers(extractor: EntityExtractor, articles: Iterable[Article],
                        workers: int, batch_size: int) -> Iterator[tuple[Article, Annotation]]:
    """Each article with its annotation, in input order, from `workers` processes.

    Up to `IN_FLIGHT` batches per worker are queued, enough to keep the workers busy while the
    main process commits a segment (seconds), and few enough that a long archive is read as
    it is indexed rather than all at once. A caller that stops early (Ctrl-C, an error
    downstream) gets its process back once the batches being annotated finish; queued ones
    are cancelled."""
    from newsarchive.indexer.entities import texts_of

    extractor.nlp  # noqa: B018 - load the model once, before forking, so workers share it
    executor = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                                   initargs=(extractor,))
    pending: deque[tuple[list[Article], Future[list[Annotation]]]] = deque()
    stream = iter(articles)
    try:
        while batch := list(islice(stream, batch_size)):
            try:  # a pool a worker already left refuses new work
                pending.append((batch, executor.submit(_annotate_batch, texts_of(batch))))
            except BrokenProcessPool as error:
                raise _worker_died() from error
            if len(pending) > IN_FLIGHT * workers:
                yield from _finished(executor, *pending.popleft())
        while pending:
            yield from _finished(executor, *pending.popleft())
    except WorkerDied:
        # the others may wait forever on a queue lock the dead one held (the pool's shutdown
        # then waits for them): they are stopped first
        for process in _processes(executor):
            process.kill()
        _end_results(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _finished(executor: ProcessPoolExecutor, batch: list[Article],
              future: Future[list[Annotation]]) -> Iterator[tuple[Article, Annotation]]:
    while True:
        try:
            annotations = future.result(timeout=LIVENESS_SECONDS)
            break
        except BrokenProcessPool as error:
            raise _worker_died() from error
        except TimeoutError:
            # the pool notices a dead worker almost always, not always: one that died holding
            # the queue's lock left the others and the pool waiting (a test run hung so)
            if any(process.exitcode is not None for process in _processes(executor)):
                raise _worker_died() from None
    yield from zip(batch, annotations, strict=True)


def _end_results(executor: ProcessPoolExecutor) -> None:
    """Close this process's end of the pool's result pipe, the workers being dead: a worker
    killed while it sent a batch leaves half a message, which the pool's manager thread
    waits to read to the end (its shutdown, and Python's exit, then wait for that thread; a
    fresh-clone test run hung so). With no writer left, the read ends (EOFError) and the
    pool counts itself broken."""
    queue = getattr(executor, "_result_queue", None)
    writer = getattr(queue, "_writer", None)
    if writer is not None:
        for process in _processes(executor):
            process.join(LIVENESS_SECONDS)  # their ends of the pipe close as they die
        writer.close()


def _processes(executor: ProcessPoolExecutor) -> list[Any]:
    """The pool's worker processes (Python 3.11 has no public way to reach them)."""
    return list((getattr(executor, "_processes", None) or {}).values())


def _worker_died() -> WorkerDied:
    return WorkerDied(
        "an entity-recognition worker process ended without answering (out of memory, or "
        "killed): run the command again to finish, with fewer --workers if memory is short")
