"""API economy: the ``wellarchitected`` calls each publish/share scenario makes, counted by the sandbox,
next to the fewest calls the scenario needs.

Run from the repository root: ``.venv/bin/python -m bench.bench_api_economy``.  Runs in process
(moto's ``mock_aws``); the counts do not depend on the transport.  The sandbox logs
``wellarchitected`` calls only: every run also makes one ``sts:GetCallerIdentity`` per target.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.proof.scenarios import (
    FIRST_PUBLISH,
    MAJOR_CHANGE,
    NO_OP_PUBLISH,
    SHARE_NOTHING_TO_DO,
    WORDING_CHANGE,
    Rig,
    Scenario,
    fake_environment,
    run_cli_in_process,
)


@dataclass(frozen=True)
class Minimum:
    """The fewest reads and writes a scenario needs, and why."""

    reads: int
    writes: int
    why: str


# The minimum keeps walens's guarantees: content compared before any write, a backup of the
# published version, a draft confirmed after the (possibly asynchronous) ImportLens, a draft checked
# to still hold the build right before CreateLensVersion and the new version checked after it (a
# concurrent import may replace the one draft slot of a lens), tags and shares reconciled.  One
# ListLenses with LensStatus=ALL lists published and draft lenses together; ExportLens is the only
# call that returns lens content (GetLens has none), and one export serves the diff and the backup.
MINIMUM: dict[str, tuple[Scenario, Minimum]] = {
    "first publish": (FIRST_PUBLISH, Minimum(3, 3, "ListLenses(ALL) proves the name is free; ImportLens with Tags; "
                                                   "ListLenses confirms the draft; CreateLensVersion; ExportLens "
                                                   "checks the version; one CreateLensShare per principal")),
    "no-op publish": (NO_OP_PUBLISH, Minimum(4, 0, "ListLenses(ALL); ExportLens of the published version to compare "
                                                   "content; ListTagsForResource and ListLensShares for drift")),
    "wording-only change": (WORDING_CHANGE, Minimum(7, 3, "the no-op reads (the one export is also the backup); "
                                                          "ImportLens; ListLenses confirms the draft; ExportLens of "
                                                          "the draft; CreateLensVersion; ExportLens of the version; "
                                                          "TagResource")),
    "major change": (MAJOR_CHANGE, Minimum(7, 3, "as the wording-only change; only IsMajorVersion differs")),
    "share reconcile, nothing to do": (SHARE_NOTHING_TO_DO, Minimum(2, 0, "ListLenses(ALL) to find the lens; "
                                                                          "ListLensShares")),
}


@dataclass(frozen=True)
class Count:
    reads: int
    writes: int
    by_operation: Counter[str]


def count_calls(rig: Rig, scenario: Scenario, folder: Path) -> Count:
    """Arrange the scenario, run the CLI once, and count the calls the sandbox served."""
    rig.arrange(scenario, folder / "backups")
    run = run_cli_in_process([*scenario.cli_args(), "--config", str(rig.write_config(scenario, folder))])
    if run.exit_code != 0:
        raise SystemExit(f"{scenario} failed: {run.output}")
    calls = rig.sandbox.steering.calls()
    return Count(reads=sum(call.access == "read" for call in calls),
                 writes=sum(call.access == "write" for call in calls),
                 by_operation=Counter(call.operation for call in calls))


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    from moto import mock_aws

    import publisher.sandbox  # noqa: F401  (registers wellarchitected with moto)

    print("| scenario | reads | writes | minimum reads | minimum writes | calls | minimum because |")
    print("|---|---:|---:|---:|---:|---|---|")
    with fake_environment(), tempfile.TemporaryDirectory() as folder, mock_aws():
        rig = Rig(Path(folder))
        for label, (scenario, minimum) in MINIMUM.items():
            count = count_calls(rig, scenario, Path(folder))
            calls = ", ".join(f"{operation} x{n}" for operation, n in sorted(count.by_operation.items()))
            print(f"| {label} | {count.reads} | {count.writes} | {minimum.reads} | {minimum.writes} | {calls} "
                  f"| {minimum.why} |")


if __name__ == "__main__":
    main()
