"""``walens plan | publish | share | status | rollback``: the lens in AWS accounts, per target and Region."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial, wraps
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from publisher.cli_exit import EXIT_FINDINGS, EXIT_INTERRUPTED, echo_json_error
from publisher.cli_params import TARGET_OPTIONS, LocalPath
from publisher.errors import UsageError, WalensError

if TYPE_CHECKING:
    from pathlib import Path

    from publisher.publish.config import WalensConfig
    from publisher.publish.fanout import Job, TargetResult
    from publisher.publish.jobs import JobContext
    from publisher.publish.release import Release
    from publisher.publish.targets import Target
    from publisher.review.publish_preview import WorkloadImpact

FORMATS = ("text", "json")


class CommonOptions(NamedTuple):
    """The options every publishing command takes (:func:`common_options`)."""

    config: Path | None
    lens: Path | None
    targets: tuple[str, ...]
    profile: str | None
    regions: tuple[str, ...]
    endpoint_url: str | None
    workers: int
    output: str
    shard: str | None = None


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options every publishing command shares: config, target selection, overrides, output."""
    options = [
        click.option("--lens", type=LocalPath(file_okay=False),
                     help="Lens source folder (overrides `lens` in the config)."),
        *TARGET_OPTIONS,
        click.option("--workers", type=click.IntRange(1, 64), default=16, show_default=True,
                     help="Targets processed at the same time."),
        click.option("--format", "output", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option("--shard", metavar="K/N", help="Only the K-th of N deterministic shares of the targets "
                     "(for a CI matrix of N jobs)."),
    ]

    @wraps(command)
    def wrapper(config: Path | None, lens: Path | None, targets: tuple[str, ...], profile: str | None,
                regions: tuple[str, ...], endpoint_url: str | None, workers: int, output: str, shard: str | None,
                **kwargs: Any) -> Any:
        common = CommonOptions(config, lens, targets, profile, regions, endpoint_url, workers, output, shard)
        try:
            return command(common, **kwargs)
        except WalensError as exc:
            if output == "json":
                echo_json_error(command.__name__, exc)
            raise

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def publish_flags(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([
        click.option("--auto-bump", is_flag=True, help="Pick the next version when lens.yaml's disagrees."),
        click.option("--force", is_flag=True, help="Replace a draft that walens did not create."),
        click.option("--prune", is_flag=True, help="Remove shares that the config does not list."),
        click.option("--enable-org-sharing", is_flag=True,
                     help="Turn on organization sharing (UpdateGlobalSettings) for organization/OU shares."),
    ]):
        command = option(command)
    return command


def _context(common: CommonOptions, **flags: bool) -> tuple[WalensConfig, list[Target], JobContext]:
    """Config, resolved targets (in the ``--shard``, if given) and job context for a run."""
    config, targets, context = _unsharded_context(common, **flags)
    return config, _in_shard(common, targets), context


def _unsharded_context(common: CommonOptions, **flags: bool) -> tuple[WalensConfig, list[Target], JobContext]:
    """Config, every selected target (``--shard`` aside) and job context for a run."""
    from publisher.publish.config import load_config
    from publisher.publish.draft_journal import DraftJournal
    from publisher.publish.jobs import JobContext
    from publisher.publish.plan import PublishOptions
    from publisher.publish.targets import Connector, Overrides, resolve_targets

    config = load_config(common.config)
    if common.lens is not None:
        config = config.with_lens_dir(common.lens.resolve())
    overrides = Overrides(common.targets, common.profile, common.regions, common.endpoint_url)
    targets = resolve_targets(config, overrides)
    context = JobContext(Connector(pool_size=common.workers), PublishOptions(**flags), config.backup_dir,
                         DraftJournal(config.root / ".walens" / "drafts.json"))
    return config, targets, context


def _in_shard(common: CommonOptions, targets: list[Target]) -> list[Target]:
    """The targets of ``--shard K/N`` (all of them without it)."""
    if common.shard is None:
        return targets
    from publisher.publish.shard import parse_shard

    shard = parse_shard(common.shard)
    selected = shard.select(targets)
    click.echo(f"walens: shard {shard}: {len(selected)} of {len(targets)} target(s)", err=True)
    return selected


def _release(config: WalensConfig, *, validate: bool = True) -> Release:
    """The release of the configured lens; its warnings are printed on stderr."""
    from publisher.publish.release import build_release

    release = build_release(config.existing_lens_dir(), config.tags, validate=validate)
    for warning in release.warnings:
        click.echo(warning.as_line(), err=True)
    return release


@contextmanager
def _ctrl_c_stops(context: JobContext) -> Iterator[None]:
    """While targets run: the first Ctrl-C asks every worker to stop cleanly, a second one quits at once."""
    from publisher.cli_signals import sigint_calls
    from publisher.publish.stop import STOP

    def on_sigint() -> None:
        if not STOP.requested:
            STOP.request()
            click.echo("walens: stopping: no new target starts, running targets stop before their next write "
                       "and delete a draft they imported (Ctrl-C again to quit at once)", err=True)
            return
        drafts = context.journal.targets()
        held = f"; these targets may hold a draft walens imported: {', '.join(drafts)}" if drafts else ""
        click.echo(f"walens: quitting at once{held} (the next run recognises it)", err=True)
        os._exit(EXIT_INTERRUPTED)

    with sigint_calls(on_sigint):
        yield


def _execute(command: str, common: CommonOptions, context: JobContext, targets: list[Target], job: Job,
             render: Callable[[Sequence[TargetResult]], str] | None = None,
             after: Callable[[Sequence[TargetResult]], None] | None = None,
             impact: WorkloadImpact | None = None) -> None:
    """Run ``job`` over the targets, print the table (or JSON) with the ``impact`` on workload reviews,
    then ``after``; exit 1 if any target failed, 130 after Ctrl-C (once the running targets have stopped
    and the table is printed)."""
    from publisher.publish.fanout import render_json, render_table, run_targets
    from publisher.publish.stop import STOP

    click.echo(f"walens {command}: {len(targets)} target(s), up to {common.workers} at a time", err=True)
    STOP.clear()
    if impact is not None:
        impact.read()  # before any target writes: a publish is compared with the reviews as they were
    with _ctrl_c_stops(context):
        results = run_targets(targets, job, workers=common.workers, progress=partial(click.echo, err=True))
    workloads = impact.lines(results) if impact is not None and not STOP.requested else None
    if common.output == "json":
        click.echo(render_json(command, results, workloads))
    else:
        click.echo((render or render_table)(results))
        if workloads is not None:
            from publisher.safetext import clean

            lines = [f"  {clean(line)}" for line in workloads]  # question ids and service messages
            click.echo("\n".join(["Workload reviews (the config's reviews accounts):", *lines]))
    if after is not None:
        after(results)
    if STOP.requested:
        click.echo("walens: stopped by Ctrl-C; every target above says what it did", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED)
    if not all(result.ok for result in results):
        raise click.exceptions.Exit(EXIT_FINDINGS)


ALLOW_PARTIAL = click.option(
    "--allow-partial", is_flag=True,
    help="plan --out: save the plan even when targets failed to plan or Ctrl-C stopped the run (the file "
         "records which are missing and why); publish --plan: apply such a plan to the targets it holds.")


@click.command()
@common_options
@publish_flags
@click.option("--out", "out", type=LocalPath(dir_okay=False),
              help="Save the plan here, for `walens publish --plan FILE` to apply exactly.")
@ALLOW_PARTIAL
def plan(common: CommonOptions, out: Path | None, allow_partial: bool, **flags: bool) -> None:
    """Show, per target and Region, what publish would do; makes no write call."""
    from publisher.publish.jobs import plan_one
    from publisher.publish.plan_text import render_plans
    from publisher.publish.saved_plan import unplanned_reasons, write_plan
    from publisher.publish.stop import STOP

    if allow_partial and out is None:
        raise UsageError("--allow-partial goes with --out: it saves a plan some targets are missing from")
    config, targets, context = _context(common, **flags)
    release = _release(config)

    def save(results: Sequence[TargetResult]) -> None:
        if out is None:
            return
        missing = unplanned_reasons(results)
        if (missing or STOP.requested) and not allow_partial:
            why = "the run was stopped by Ctrl-C" if STOP.requested else f"{len(missing)} target(s) did not plan"
            click.echo(f"walens: the plan was NOT saved to {out}: {why}; plan again once they plan, or pass "
                       "--allow-partial to save a plan of the targets that did", err=True)
            return
        write_plan(out, release, context.options, results, context.connector)
        partial = f" (partial: {len(missing)} target(s) missing)" if missing else ""
        click.echo(f"walens: plan saved to {out}{partial}; apply it with: walens publish --plan {out}", err=True)

    _execute("plan", common, context, targets, partial(plan_one, context, release), render_plans, after=save,
             impact=_review_impact(config, release, common))


@click.command()
@common_options
@publish_flags
@click.option("--plan", "saved_plan", type=LocalPath(dir_okay=False, exists=True),
              help="Apply this saved plan (from `walens plan --out`): exactly its actions, and nothing on a "
                   "target whose state changed since.")
@ALLOW_PARTIAL
def publish(common: CommonOptions, saved_plan: Path | None, allow_partial: bool, **flags: bool) -> None:
    """Import, version, tag and share the lens in every target; a no-op when nothing changed."""
    from publisher.publish.jobs import publish_one

    if saved_plan is None:
        if allow_partial:
            raise UsageError("--allow-partial goes with --plan: it applies a plan saved with --allow-partial")
        config, targets, context = _context(common, **flags)
        release = _release(config)
        _execute("publish", common, context, targets, partial(publish_one, context, release),
                 impact=_review_impact(config, release, common))
        return
    if any(flags.values()):
        raise UsageError("--plan applies the options the plan was made with; give them to `walens plan`")
    _publish_saved(common, saved_plan, allow_partial=allow_partial)


def _publish_saved(common: CommonOptions, path: Path, *, allow_partial: bool) -> None:
    """``publish --plan``: refuse it all unless it is the build, the targets and the identities planned."""
    from dataclasses import asdict

    from publisher.publish.jobs import publish_planned_one
    from publisher.publish.saved_plan import key, read_plan

    saved = read_plan(path)
    config, configured, context = _unsharded_context(common, **asdict(saved.options))
    release = _release(config)
    saved.check_release(release)
    planned, absent = saved.select(configured, _in_shard(common, configured), allow_partial=allow_partial)
    saved.check_identities(context.connector, planned)
    apply = partial(publish_planned_one, context, release, saved)
    missing = {key(target) for target in absent}

    def job(target: Target) -> TargetResult:
        return saved.unplanned_result(target) if key(target) in missing else apply(target)

    _execute("publish", common, context, [*planned, *absent], job, impact=_review_impact(config, release, common))


def _review_impact(config: WalensConfig, release: Release, common: CommonOptions) -> WorkloadImpact | None:
    """With a ``reviews`` section: how the lens moves the risk of the reviews that use it (the
    computation of ``walens review --plan``)."""
    from publisher.publish.config import ReviewsConfig
    from publisher.review.publish_preview import WorkloadImpact

    return None if config.reviews == ReviewsConfig() else WorkloadImpact(config, release.doc, common.workers)


@click.command()
@common_options
@click.option("--prune", is_flag=True, help="Remove shares that the config does not list.")
@click.option("--enable-org-sharing", is_flag=True,
              help="Turn on organization sharing (UpdateGlobalSettings) for organization/OU shares.")
def share(common: CommonOptions, prune: bool, enable_org_sharing: bool) -> None:
    """Reconcile the lens shares with the config's allowlist (no lens change)."""
    from publisher.publish.jobs import publish_one

    config, targets, context = _context(common, prune=prune, enable_org_sharing=enable_org_sharing, lens=False)
    release = _release(config, validate=False)
    _execute("share", common, context, targets, partial(publish_one, context, release))


@click.command()
@common_options
def status(common: CommonOptions) -> None:
    """Published version, draft, shares and drift from the build, per target."""
    from publisher.publish.status import render_status, status_one

    config, targets, context = _context(common)
    release = _release(config, validate=False)
    _execute("status", common, context, targets, partial(status_one, context.connector, release), render_status)


@click.command()
@common_options
@click.option("--to", "to_version", required=True, metavar="VERSION", help="The version whose content to restore.")
@click.option("--as-version", metavar="VERSION", help="Version string of the new version (default: the next one).")
@click.option("--force", is_flag=True, help="Replace a draft that walens did not create.")
def rollback(common: CommonOptions, to_version: str, as_version: str | None, force: bool) -> None:
    """Republish an earlier version's content as a new version (the service cannot un-publish)."""
    from publisher.publish.rollback import rollback_one

    config, targets, context = _context(common, force=force)
    current = _release(config, validate=False)
    _execute("rollback", common, context, targets, partial(rollback_one, context, current, to_version, as_version))
