"""Two publishers with different content race on one lens.

The process race: each round starts from version 1.0 published by walens, slows every call down so
that the runs interleave, and starts two CLIs as separate OS processes at the same moment.  Whatever
the interleaving: no process crashes; a run that reports success finds its own content in the
version it names; two runs never both claim one version; one content is never published as two
versions; a version holding content that no run declared for it is always reported (the service has
no compare-and-swap, so a draft replaced between the last check and CreateLensVersion can still be
published, but never silently); 1.0 is intact; no draft is left unreported; a loser stops with a
one-line error.

The step race: the same race made deterministic in process.  Between our ImportLens and our
CreateLensVersion (in the draft poll's sleep) another publisher imports its own draft, and perhaps
publishes it.  A run may only report success when the version it names holds its own content, and
it leaves the other run's draft alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from publisher.lensjson import canonical, dumps
from publisher.publish.apply import PublishStepError, apply_plan
from publisher.publish.plan import PublishOptions, plan_target
from publisher.publish.targets import TargetClients
from tests.proof.scenarios import RECIPIENT, CliRun, Rig, Scenario, child_environment, quick_connector

ROUNDS = 3
CALL_LATENCY_MS = 100  # widens the window between ImportLens and CreateLensVersion
RUN_TIMEOUT_S = 120


def update(variant: str) -> Scenario:
    return Scenario(f"race-{variant}", "publish", variant, "base", (RECIPIENT,), (RECIPIENT,))


#: Same version string (1.1), different content; and a minor against a major change.
PAIRS = {"same-version": (update("wording"), update("rewording")), "minor-vs-major": (update("wording"),
                                                                                      update("major"))}


@dataclass(frozen=True)
class Contender:
    scenario: Scenario
    run: CliRun

    @property
    def won(self) -> bool:
        return self.run.exit_code == 0


def race(rig: Rig, scenarios: tuple[Scenario, ...], folder: Path) -> list[Contender]:
    """Start one CLI process per scenario at once and wait for all of them."""
    processes = []
    for index, scenario in enumerate(scenarios):
        workdir = folder / f"publisher-{index}"
        workdir.mkdir()
        config = rig.write_config(scenario, workdir)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "publisher.cli", "publish", "--config", str(config)], cwd=workdir,
            env=child_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    contenders = []
    for scenario, process in zip(scenarios, processes, strict=True):
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
        contenders.append(Contender(scenario, CliRun(process.returncode, stdout, stderr)))
    return contenders


def published_versions(rig: Rig, arn: str, candidates: set[str]) -> dict[str, dict[str, object]]:
    """The content of every candidate version string that the lens has published."""
    versions = {}
    for version in sorted(candidates):
        try:
            versions[version] = rig.exported(arn, version)
        except rig.wa.exceptions.ResourceNotFoundException:
            continue
    return versions


@pytest.mark.http
@pytest.mark.slow
@pytest.mark.parametrize("round_number", range(ROUNDS))
@pytest.mark.parametrize("pair", list(PAIRS))
def test_two_publishers_race(pair: str, round_number: int, http_rig: Rig, tmp_path: Path) -> None:
    scenarios = PAIRS[pair]
    http_rig.arrange(scenarios[0], tmp_path / "arrange")
    base = http_rig.view()
    assert base.arn is not None
    original = http_rig.exported(base.arn, "1.0")
    http_rig.sandbox.steering.set_latency(CALL_LATENCY_MS)
    try:
        contenders = race(http_rig, scenarios, tmp_path)
    finally:
        http_rig.sandbox.steering.clear_faults()

    for contender in contenders:
        assert contender.run.exit_code in (0, 1), contender.run.output
        assert "Traceback" not in contender.run.output and "internal error" not in contender.run.output
        if not contender.won:  # a loser says why, in one line naming the target
            assert "owner/us-east-1: error: " in contender.run.stdout, contender.run.output
    winners = [contender for contender in contenders if contender.won]
    if pair == "same-version":
        assert len(winners) <= 1, "both runs claim version 1.1"

    versions = published_versions(http_rig, base.arn, {s.expected_version for s in scenarios})
    assert http_rig.exported(base.arn, "1.0") == original
    contents: dict[str, list[dict[str, Any]]] = {s.expected_version: [] for s in scenarios}
    for scenario in scenarios:
        contents[scenario.expected_version].append(canonical(http_rig.releases[scenario.lens].doc))
    for version, content in versions.items():  # foreign content in a version is never silent
        if content not in contents[version]:
            assert any("does not hold this build" in contender.run.output for contender in contenders), \
                f"version {version} silently holds content no run declared for it"
    for winner in winners:  # each winner's version holds the winner's own content
        assert versions[winner.scenario.expected_version] == canonical(http_rig.releases[winner.scenario.lens].doc)
    assert len({repr(content) for content in versions.values()}) == len(versions), "one content, two versions"
    after = http_rig.view()
    if after.has_draft:
        assert any("delete it by hand" in contender.run.output for contender in contenders)


#: What the other run does between our ImportLens and our CreateLensVersion: (variant it imports,
#: version it then publishes or None).
INTERLEAVINGS = {
    "other-imports": ("rewording", None),
    "other-publishes-the-same-version": ("rewording", "1.1"),
    "other-publishes-another-version": ("major", "2.0"),
}


@pytest.mark.parametrize("interleaving", list(INTERLEAVINGS))
def test_a_replaced_draft_is_never_reported_as_ours(interleaving: str, inprocess_rig: Rig, tmp_path: Path) -> None:
    rig = inprocess_rig
    variant, other_version = INTERLEAVINGS[interleaving]
    ours, theirs = rig.releases["wording"], rig.releases[variant]
    rig.arrange(update("wording"), tmp_path / "arrange")
    aws = TargetClients(quick_connector(), rig.target((RECIPIENT,)))
    plan = plan_target(aws, ours, PublishOptions())
    arn = plan.lens_arn
    assert arn is not None
    polls: list[float] = []

    def other_publisher(delay: float) -> None:
        """Our draft poll's sleep, which runs right after our ImportLens: the other run acts once."""
        if not polls:
            rig.wa.import_lens(LensAlias=arn, JSONString=dumps(theirs.doc))
            if other_version:
                rig.wa.create_lens_version(LensAlias=arn, LensVersion=other_version)
        polls.append(delay)

    try:
        apply_plan(aws, plan, ours, tmp_path / "backups", sleep=other_publisher)
        succeeded = True
    except PublishStepError:
        succeeded = False
    assert polls, "the other publisher never got between our ImportLens and CreateLensVersion"
    published = published_versions(rig, arn, {"1.1"}).get("1.1")
    if succeeded:
        assert published == canonical(ours.doc), "reported success, but 1.1 holds the other content"
        return
    assert published in (None, canonical(theirs.doc))
    if other_version is None:  # the other run's draft is not ours to publish or delete
        assert rig.view().has_draft
        assert canonical(json.loads(rig.wa.export_lens(LensAlias=arn)["LensJSON"])) == canonical(theirs.doc)
    assert len(polls) <= 2, f"the losing run polled {len(polls)} times for a draft that was gone"
