""""What publish would do" for the review: ``walens plan`` over the configured targets, read-only.

Any target that cannot be reached (no credentials, no network, sandbox not running) is reported as
such in the note; the review never fails because of it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import WalensError
from publisher.review.model import PublishPreview

if TYPE_CHECKING:
    from publisher.publish.config import WalensConfig


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
    return PublishPreview(note, rows, workload_impact(config, release.doc, workers))


def workload_impact(config: WalensConfig, head: dict[str, Any], workers: int) -> tuple[str, ...]:
    """Per changed question, the workloads whose answers change risk (the ``reviews`` accounts of the
    config); a note instead when they cannot be read."""
    from publisher.adoption.collect import collect
    from publisher.adoption.pr_impact import impact_lines
    from publisher.adoption.scope import review_scope
    from publisher.publish.targets import Connector, Overrides

    try:
        connector = Connector()
        collected = collect(review_scope(config, Overrides(), connector), connector, str(head["name"]),
                            workers=workers)
    except Exception as exc:  # the review never fails because workloads cannot be read
        from publisher.publish.awserrors import describe

        return (f"workload impact not computed: {describe(exc)}",)
    return impact_lines(collected, head)
