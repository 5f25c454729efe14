"""How many versions a lens holds, as far as anyone can know.

The service keeps at most 100 versions per lens and has no API that lists them. walens counts the
versions it publishes in the ``walens:version-count`` tag, next to the version it published last
(``walens:version``). When the published version is not the one walens tagged, someone published
outside walens: the count is then a lower bound, written ``N+`` in the tag and ``at least N/100``
in every report, until it can be known again (never, short of a fresh lens).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

VERSION_QUOTA = 100
QUOTA_WARNING_AT = 90
VERSION_TAG = "walens:version"
VERSION_COUNT_TAG = "walens:version-count"
_TAG_VALUE = re.compile(r"(\d{1,3})(\+?)")


@dataclass(frozen=True)
class VersionCount:
    """``value`` versions exactly (``exact``) or at least; ``value`` None when nothing is known."""

    value: int | None
    exact: bool = True

    def __str__(self) -> str:
        if self.value is None:
            return f"?/{VERSION_QUOTA} versions"
        text = f"{'' if self.exact else 'at least '}{self.value}/{VERSION_QUOTA} versions"
        if self.value >= QUOTA_WARNING_AT:
            text += f" (only {max(0, VERSION_QUOTA - self.value)} left)" if self.exact else " (close to the quota)"
        return text

    @property
    def quota_reached(self) -> bool:
        return self.value is not None and self.value >= VERSION_QUOTA

    def plus_one(self) -> VersionCount:
        """The count once one more version is published (an unknown count: at least that one and ours)."""
        return VersionCount(2, exact=False) if self.value is None else VersionCount(self.value + 1, self.exact)

    def tag_value(self) -> str:
        """The ``walens:version-count`` value: ``N``, or ``N+`` for a lower bound."""
        return f"{self.value or 0}{'' if self.exact else '+'}"


def observed_count(tags: Mapping[str, str], published_version: str | None) -> VersionCount:
    """The count a lens's tags support, given the version the service says is published."""
    if published_version is None:
        return VersionCount(0)
    match = _TAG_VALUE.fullmatch(tags.get(VERSION_COUNT_TAG, ""))
    if match is None:
        return VersionCount(1, exact=False)  # published by other means: that version at least
    value, exact = int(match.group(1)), not match.group(2)
    if tags.get(VERSION_TAG) != published_version:
        return VersionCount(value + 1, exact=False)  # published since walens tagged: one or more
    return VersionCount(value, exact)
