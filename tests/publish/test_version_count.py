"""The version count walens reports: exact when its tags say so, a lower bound when someone else published."""

from __future__ import annotations

import pytest

from publisher.publish.version_count import VERSION_COUNT_TAG, VERSION_TAG, VersionCount, observed_count


@pytest.mark.parametrize(("tags", "published", "expected"), [
    ({}, None, "0/100 versions"),
    ({VERSION_COUNT_TAG: "3", VERSION_TAG: "1.2"}, "1.2", "3/100 versions"),
    ({VERSION_COUNT_TAG: "3", VERSION_TAG: "1.0"}, "1.2", "at least 4/100 versions"),  # published outside walens
    ({VERSION_COUNT_TAG: "3+", VERSION_TAG: "1.3"}, "1.3", "at least 3/100 versions"),
    ({}, "1.0", "at least 1/100 versions"),  # published by hand, never tagged
    ({VERSION_COUNT_TAG: "lots", VERSION_TAG: "1.0"}, "1.0", "at least 1/100 versions"),
    ({VERSION_COUNT_TAG: "95", VERSION_TAG: "9.0"}, "9.0", "95/100 versions (only 5 left)"),
    ({VERSION_COUNT_TAG: "95+", VERSION_TAG: "9.0"}, "9.0", "at least 95/100 versions (close to the quota)"),
])
def test_observed_count(tags: dict[str, str], published: str | None, expected: str) -> None:
    assert str(observed_count(tags, published)) == expected


def test_a_count_after_publishing_keeps_its_certainty_in_the_tag() -> None:
    assert VersionCount(3).plus_one().tag_value() == "4"
    assert VersionCount(3, exact=False).plus_one().tag_value() == "4+"
    assert str(VersionCount(None)) == "?/100 versions"
    assert VersionCount(None).plus_one() == VersionCount(2, exact=False)
    assert VersionCount(100).quota_reached and not VersionCount(99).quota_reached
