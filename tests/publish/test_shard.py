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
from tests.publish.conftest import Sandbox, walens

LENS = "Example Data Governance Lens"

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


def test_one_saved_plan_applied_shard_by_shard(project: Path, sandbox: Sandbox,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """``publish --plan FILE --shard K/N`` applies the plan's targets in share K, as ``plan --shard`` deals them."""
    assert walens("plan", "--out", "plan.json") == 0
    assert walens("publish", "--plan", "plan.json", "--shard", "1/2") == 0
    assert "PUBLISHED" in sandbox.lens(LENS, region="eu-west-1") and sandbox.lens(LENS, region="us-east-1") == {}
    assert walens("publish", "--plan", "plan.json", "--shard", "2/2") == 0
    assert "PUBLISHED" in sandbox.lens(LENS, region="us-east-1")
    assert "walens: shard 2/2: 1 of 2 target(s)" in capsys.readouterr().err


def test_a_plan_made_per_shard_applies_to_that_shard_only(project: Path, sandbox: Sandbox,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--shard", "1/2", "--out", "plan-1.json") == 0
    capsys.readouterr()
    for other in ([], ["--shard", "2/2"]):
        assert walens("publish", "--plan", "plan-1.json", *other) == 1
        assert "does not hold 1 selected target(s): sandbox/us-east-1 (not planned)" in capsys.readouterr().err
    assert sandbox.writes() == []
    assert walens("publish", "--plan", "plan-1.json", "--shard", "1/2") == 0
    assert "PUBLISHED" in sandbox.lens(LENS, region="eu-west-1")
