"""CPU-heavy notebook work (scans, exports, policy checks) in worker processes.

A scan or an export of a large or pathological notebook is pure Python and
holds the GIL for its whole run; in a thread it stalls every other request of
the server. A :class:`WorkerPool` runs such calls in a few separate processes
instead. The notebook crosses over as its file text (bytes or str, as the
contents manager gave it) and is parsed in the worker, so the server process
never parses or pickles a big notebook.

Errors keep their meaning: a :class:`~.errors.CloudShareError` raised in a
worker comes back as the same class with the same code, status and details.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from . import errors
from .notebook import read_notebook

T = TypeVar("T")

#: (error class name, message, code, status, details) of a failure in a worker.
ErrorTuple = tuple[str, str, str, int, dict[str, Any]]


def on_notebook(
    fn: Callable[..., T], source: bytes | str, name: str, args: tuple[Any, ...], kwargs: Any
) -> tuple[bool, T | ErrorTuple]:
    """Parse ``source`` and return ``(True, fn(nb, *args, **kwargs))`` or ``(False, error)``.

    Runs in the worker; ``fn`` is any module-level function (pickled by name).
    """
    try:
        nb = read_notebook(source, name)
        return True, fn(nb, *args, **kwargs)
    except errors.CloudShareError as err:
        return False, (type(err).__name__, err.message, err.code, err.status, err.details)


def raise_error(error: ErrorTuple) -> None:
    """Raise, in the server, the error a worker reported."""
    name, message, code, status, details = error
    cls = getattr(errors, name, errors.CloudShareError)
    if not (isinstance(cls, type) and issubclass(cls, errors.CloudShareError)):
        cls = errors.CloudShareError
    raise cls(message, code=code, status=status, details=details or None)


def _warm() -> int:
    """Import the scanner and the exporter once, so the first real task is not slow."""
    from . import export, policy, scan  # noqa: F401

    return os.getpid()


class WorkerPool:
    """A small process pool, started on first use and shut down with the server.

    ``spawn`` (not ``fork``) starts the workers: forking a server that runs
    threads can deadlock the child and is deprecated by Python for that reason.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_warm,
                )
            return self._executor

    def submit(
        self, fn: Callable[..., T], source: bytes | str, name: str, /, *args: Any, **kwargs: Any
    ) -> Future[tuple[bool, T | ErrorTuple]]:
        """Start ``fn(notebook, *args, **kwargs)`` in a worker; see :func:`on_notebook`."""
        return self._pool().submit(on_notebook, fn, source, name, args, kwargs)

    def restart(self) -> None:
        """Drop a broken pool (a worker died); the next call starts a new one."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """Stop the workers and wait for them (queued calls are cancelled)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    @property
    def started(self) -> bool:
        """Whether worker processes are running."""
        return self._executor is not None
