"""Ctrl-C during a run: no new target starts, running targets stop before their next write.

The command line turns the first SIGINT into :meth:`StopSignal.request`; workers ask
:attr:`StopSignal.requested` before each step. Cleanup after a stop (deleting a draft the run
imported and did not publish) still runs: it is the point of stopping cleanly.
"""

from __future__ import annotations

import threading


class StopSignal:
    """A process-wide request to stop, set from the signal handler, read by every worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def request(self) -> None:
        self._event.set()

    def clear(self) -> None:
        """Forget a previous request (a new run in the same process, e.g. a test)."""
        self._event.clear()


STOP = StopSignal()
