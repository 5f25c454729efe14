"""Caches whose values are computed once even when many threads ask for them at the same time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from functools import lru_cache, wraps
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class OncePerKey(Generic[K, V]):
    """``get(key, make)`` calls ``make`` the first time ``key`` is asked for and returns its value
    ever after. Callers of one key wait for that key's first ``make``; other keys never wait."""

    def __init__(self) -> None:
        self._guard = threading.Lock()  # held only to find a key's lock, never while making
        self._locks: dict[K, threading.Lock] = {}
        self._values: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = make()
            return self._values[key]


def computed_once(maxsize: int) -> Callable[[Callable[..., V]], Callable[..., V]]:
    """``functools.lru_cache(maxsize)`` that works out one miss at a time: the workers of a run, which
    all ask for the same few values at once, compute each of them once instead of once each."""

    def decorate(function: Callable[..., V]) -> Callable[..., V]:
        cached = lru_cache(maxsize=maxsize)(function)
        lock = threading.Lock()

        @wraps(function)
        def once(*args: Hashable) -> V:
            with lock:
                return cached(*args)

        return once

    return decorate
