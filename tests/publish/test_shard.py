"""``--shard K/N``: N jobs each take one deterministic share of the targets and together cover all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.errors import UsageError
from publisher.publish.shard import Shard, parse_shard
from publisher.publish.targets import Target
from tests.publish.conftest import walens

TARGETS = st.lists(st.tuples(st.text("abc", min_size=1, max_size=3), st.sampled_from(["us-east-1", "eu-west-1"])),
                   unique=True, max_size=40).map(lambda pairs: [Target(name, region) for name, region in pairs])


@given(TARGETS, st.integers(1, 12))
def test_shards_partition_the_targets_evenly(targets: list[Target], count: int) -> None:
    shares = [Shard(index, count).select(targets) for index in range(1, count + 1)]
    dealt = [target for share in shares for target in share]
    assert sorted(dealt, key=repr) == sorted(targets, key=repr)  # each target exactly once
    assert max(map(len, shares)) - min(map(len, shares)) <= 1


@given(TARGETS, st.integers(1, 6))
def test_the_split_does_not_depend_on_the_order_of_the_config(targets: list[Target], count: int) -> None:
    assert Shard(1, count).select(targets) == Shard(1, count).select(list(reversed(targets)))


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "1/0", "-1/2", "1/2/3"])
def test_bad_shard_specs_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="expected K/N"):
        parse_shard(text)


def test_two_jobs_plan_one_region_each(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    planned = []
    for shard in ("1/2", "2/2"):
        assert walens("plan", "--format", "json", "--shard", shard) == 0
        planned += [target["region"] for target in json.loads(capsys.readouterr().out)["targets"]]
    assert sorted(planned) == ["eu-west-1", "us-east-1"]
