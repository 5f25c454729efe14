"""``--shard K/N``: a deterministic share of the targets, so N jobs of a CI matrix cover a fleet.

Targets are ordered by name and Region and dealt round-robin: job K takes the targets at positions
K-1, K-1+N, K-1+2N... Every target lands in exactly one share, the shares differ in size by at most
one, and every job computes the same split from the same config without talking to the others.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from publisher.errors import UsageError
from publisher.publish.targets import Target

_SPEC = re.compile(r"(\d{1,5})/(\d{1,5})")


@dataclass(frozen=True)
class Shard:
    """Share ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def select(self, targets: Sequence[Target]) -> list[Target]:
        ordered = sorted(targets, key=lambda target: (target.name, target.region))
        return ordered[self.index - 1::self.count]


def parse_shard(text: str) -> Shard:
    """``K/N`` with 1 <= K <= N; UsageError otherwise."""
    match = _SPEC.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise UsageError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. 2/4")
    return Shard(int(match.group(1)), int(match.group(2)))
