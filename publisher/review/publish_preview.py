""""What publish would do" for the review: ``walens plan`` over the configured targets, read-only.

Any target that cannot be reached (no credentials, no network, sandbox not running) is reported as
such in the note; the review never fails because of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import WalensError
from publisher.review.model import PublishPreview

if TYPE_CHECKING:
    from publisher.adoption.collect import Collected
    from publisher.publish.config import WalensConfig
    from publisher.publish.fanout import TargetResult


def publish_preview(config_path: Path | None, workers: int = 8) -> PublishPreview:
    from publisher.publish.config import load_config
    from publisher.publish.fanout import run_targets
    from publisher.publish.jobs import JobContext, plan_one
    from publisher.publish.plan import PublishOptions
    from publisher.publish.release import build_release
    from publisher.publish.targets import Connector, Overrides, resolve_targets

    try:
        config = load_config(config_path)
        targets = resolve_targets(config, Overrides())
        release = build_release(config.existing_lens_dir(), config.tags)
    except WalensError as exc:
        return PublishPreview(f"not computed: {exc.message}")
    if not targets:
        return PublishPreview("not computed: no target is configured")
    context = JobContext(Connector(), PublishOptions(), config.backup_dir)
    results = run_targets(targets, partial(plan_one, context, release), workers=workers)
    rows = tuple(result.to_json() for result in results)
    unreachable = [f"{result.target.label}: {'; '.join(result.messages)}" for result in results if not result.ok]
    note = f"plan for {len(results)} target(s) from {config_path or 'walens.yaml'}"
    if unreachable:
        note += f"; {len(unreachable)} could not be planned ({' | '.join(unreachable)})"
    return PublishPreview(note, rows, WorkloadImpact(config, release.doc, workers).read().lines(results))


class WorkloadImpact:
    """How a lens moves the risk of the workload reviews of the config's ``reviews`` accounts.

    ``read`` takes the reviews as they are, before anything is published (a publish then compares
    against what was there); ``lines`` says, per changed question, how many workloads' answers change
    risk, and which reviews a minor version moves without notice. Reading never fails the command: a
    failure becomes the one line.
    """

    def __init__(self, config: WalensConfig, head: dict[str, Any], workers: int) -> None:
        self.config, self.head, self.workers = config, head, workers
        self.collected: Collected | None = None
        self.failure = ""

    def read(self) -> WorkloadImpact:
        from publisher.adoption.collect import collect
        from publisher.adoption.scope import review_scope
        from publisher.publish.targets import Connector, Overrides

        try:
            connector = Connector()
            self.collected = collect(review_scope(self.config, Overrides(), connector), connector,
                                     str(self.head["name"]), workers=self.workers)
        except Exception as exc:  # workloads that cannot be read never fail a review, plan or publish
            from publisher.publish.awserrors import describe

            self.failure = f"workload impact not computed: {describe(exc)}"
        return self

    def lines(self, results: Sequence[TargetResult] = ()) -> tuple[str, ...]:
        """The sentences; ``results``: the planned targets, whose minor versions move reviews on publish."""
        from publisher.adoption.pr_impact import impact_lines

        if self.collected is None:
            return (self.failure,)
        plans = [result.detail.get("plan") or {} for result in results]
        minor = tuple(sorted({str(plan["version"]) for plan in plans if plan.get("classification") == "minor"}))
        return impact_lines(self.collected, self.head, minor)
