"""Where an audit's partitions run: this machine's processes, or a Dask cluster.

Both engines run :func:`audit_partition` (read a partition's pages, examine
each) on the same partitions and give back each partition's results in the
order of the partitions, so their output is the same file whichever ran it.

``local`` (the default) forks a process pool that inherits the auditor
(no pickling of the rules); a single partition, or ``jobs=1``, runs in this
process.  ``dask`` sends the auditor to every worker once and maps
:func:`audit_partition` over the partitions; ``pip install 'attriblint[dask]'``
brings Dask.  Without a scheduler address it starts a ``LocalCluster`` of
``jobs`` worker processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ..lint import one_line
from .examine import Auditor
from .sources import Limits, Partition, pages_of


class EngineError(RuntimeError):
    """The engine cannot run (Dask not installed, scheduler unreachable)."""


def audit_partition(auditor: Auditor, partition: Partition,
                    limits: Limits) -> list[dict[str, Any]]:
    """The results of every page of one partition, in its order."""
    return [auditor.examine(page) for page in pages_of(partition, limits)]


def run(engine: str, auditor: Auditor, partitions: list[Partition], limits: Limits,
        jobs: int, scheduler: str | None = None) -> Iterator[list[dict[str, Any]]]:
    """Each partition's results, in the order of ``partitions``."""
    if engine == "dask":
        return _run_dask(auditor, partitions, limits, jobs, scheduler)
    return _run_local(auditor, partitions, limits, jobs)


def _run_local(auditor: Auditor, partitions: list[Partition], limits: Limits,
               jobs: int) -> Iterator[list[dict[str, Any]]]:
    if jobs < 2 or len(partitions) < 2:
        for partition in partitions:
            yield audit_partition(auditor, partition, limits)
        return
    from concurrent.futures.process import BrokenProcessPool

    from ..lint import forked_pool

    pool = forked_pool(min(jobs, len(partitions)), _start_worker, auditor, limits, os.getpid())
    try:
        # At most a few partitions ahead of what is written: the results of
        # a large audit are never all in memory.
        window = 2 * jobs
        pending = [pool.submit(_audit_in_worker, p) for p in partitions[:window]]
        following = window
        while pending:
            future = pending.pop(0)
            if following < len(partitions):
                pending.append(pool.submit(_audit_in_worker, partitions[following]))
                following += 1
            try:
                results = future.result()
            except BrokenProcessPool:
                raise EngineError(_WORKER_DIED) from None
            yield results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# The results written so far are whole; those of the partitions not
# finished are not written, and a rerun audits them.
_WORKER_DIED = ("a worker process died (killed, or out of memory on a large page: "
                "--max-page-size limits them); the results so far are kept, and the same "
                "command resumes")

_worker: tuple[Auditor, Limits] | None = None


def _start_worker(auditor: Auditor, limits: Limits, parent: int) -> None:
    import signal

    from ..lint import die_with_parent

    global _worker  # one per worker process, set once at its start
    _worker = (auditor, limits)
    # Ctrl-C is the parent's to handle (it stops the pool and keeps the
    # results written); workers would only print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def _audit_in_worker(partition: Partition) -> list[dict[str, Any]]:
    assert _worker is not None
    auditor, limits = _worker
    return audit_partition(auditor, partition, limits)


def _run_dask(auditor: Auditor, partitions: list[Partition], limits: Limits, jobs: int,
              scheduler: str | None) -> Iterator[list[dict[str, Any]]]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the dask engine needs Dask: pip install 'attriblint[dask]'") from None
    cluster = None
    if scheduler:
        client = _connect(Client, scheduler)
    else:
        try:
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
        except Exception as error:  # whatever Dask raises: not attriblint's traceback
            if cluster is not None:
                cluster.close()
            raise EngineError(f"cannot start a local Dask cluster: {one_line(error)}") from None
    try:
        shared = client.scatter(auditor, broadcast=True)
        futures = client.map(audit_partition, [shared] * len(partitions), partitions,
                             [limits] * len(partitions), pure=False)
        for future in futures:
            try:
                results = future.result()
            except Exception as error:  # KilledWorker, a lost scheduler...
                raise EngineError(f"the Dask cluster failed ({one_line(error)}); the results "
                                  "so far are kept, and the same command resumes") from None
            yield results
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# How long connecting to a scheduler may take in all (Dask's own timeout
# does not cover a server that accepts the connection and never answers).
CONNECT_TIMEOUT = 30.0


def _connect(client_class, scheduler: str):
    """A client of the scheduler at ``scheduler``, or EngineError within
    CONNECT_TIMEOUT seconds."""
    import threading

    outcome: dict[str, Any] = {}

    def connect() -> None:
        try:
            outcome["client"] = client_class(scheduler, timeout=f"{CONNECT_TIMEOUT:g}s")
        except Exception as error:  # a bad address, a refused connection...
            outcome["error"] = error

    thread = threading.Thread(target=connect, daemon=True, name="dask-connect")
    thread.start()
    thread.join(CONNECT_TIMEOUT + 5)
    if "client" in outcome:
        return outcome["client"]
    why = one_line(outcome["error"]) if "error" in outcome else \
        f"no answer within {CONNECT_TIMEOUT:g} s"
    raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {why}")
