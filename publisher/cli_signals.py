"""Ctrl-C during a fan-out: SIGINT calls a handler of the command instead of raising KeyboardInterrupt."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def sigint_calls(handler: Callable[[], None]) -> Iterator[None]:
    """While the block runs, SIGINT calls ``handler``; signals reach the main thread only, so from
    another thread (a test calling ``main`` in a worker) the block runs unchanged."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda _signum, _frame: handler())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
