"""``walens reviews`` and ``walens upgrade-reviews``: the lens across the organisation's workloads."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial, wraps
from typing import TYPE_CHECKING, Any

import click

from publisher.cli_exit import EXIT_FINDINGS, EXIT_INTERRUPTED, echo_json_error
from publisher.cli_params import LocalPath, target_options
from publisher.errors import UsageError, WalensError

if TYPE_CHECKING:
    from pathlib import Path

    from publisher.adoption.scope import ReviewScope
    from publisher.publish.config import WalensConfig
    from publisher.publish.release import Release
    from publisher.publish.targets import Connector

REVIEW_FORMATS = ("text", "json", "csv", "html")


def review_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Config and account selection, concurrency and output file, shared by both commands; with
    ``--format json`` an error is also a JSON object on stdout."""

    @wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        try:
            return command(**kwargs)
        except WalensError as exc:
            if kwargs.get("output") == "json":
                echo_json_error(command.__name__.replace("_", "-"), exc)
            raise

    for option in reversed([
        click.option("--lens", type=LocalPath(file_okay=False),
                     help="Lens source folder (overrides `lens` in the config); gives the lens name."),
        click.option("--workers", type=click.IntRange(1, 64), default=16, show_default=True,
                     help="Accounts and Regions read at the same time."),
        click.option("--out", type=LocalPath(dir_okay=False), help="Write the output here."),
        click.option("--owner-only", is_flag=True,
                     help="Read the owner account alone (without it, a walens.yaml naming no `reviews` accounts "
                          "or OUs is reported and exits 1)."),
    ]):
        wrapper = option(wrapper)
    return target_options(wrapper)


def _scope(config_path: Path | None, lens: Path | None, targets: tuple[str, ...], profile: str | None,
           regions: tuple[str, ...], endpoint_url: str | None, workers: int,
           owner_only: bool) -> tuple[ReviewScope, Connector, Release, WalensConfig]:
    """The accounts to read, the connector reaching them, the lens sources (name, never-not-applicable
    lists; not validated) and the config."""
    from publisher.adoption.scope import review_scope
    from publisher.publish.config import load_config
    from publisher.publish.release import build_release
    from publisher.publish.targets import Connector, Overrides

    config = load_config(config_path)
    if lens is not None:
        config = config.with_lens_dir(lens.resolve())
    release = build_release(config.existing_lens_dir(), {}, validate=False)
    connector = Connector(pool_size=workers)
    scope = review_scope(config, Overrides(targets, profile, regions, endpoint_url), connector, owner_only=owner_only)
    click.echo(f"walens: lens {release.name!r} of account {scope.owner_account}: {len(scope.targets)} "
               "account-Region(s) to read", err=True)
    return scope, connector, release, config


def _emit(text: str, out: Path | None) -> None:
    """``text`` (and a final line break) to stdout, or the very bytes stdout would get to ``out``:
    :func:`guard`-ed as the CLI guards stdout."""
    from publisher.safetext import guard

    text = text if text.endswith("\n") else text + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(guard(text), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}") from exc
    click.echo(f"walens: written to {out}", err=True)


@contextmanager
def _ctrl_c_stops() -> Iterator[None]:
    """The first Ctrl-C starts no new account nor upgrade (running calls finish), a second quits at once."""
    from publisher.cli_signals import sigint_calls
    from publisher.publish.stop import STOP

    def on_sigint() -> None:
        if STOP.requested:
            os._exit(EXIT_INTERRUPTED)
        STOP.request()
        click.echo("walens: stopping: no new account or upgrade starts (Ctrl-C again to quit at once)", err=True)

    STOP.clear()
    with sigint_calls(on_sigint):
        yield


def _finish(scope: ReviewScope, *, failed: bool) -> None:
    """Exit 130 after Ctrl-C (the output above says what was done), 1 when anything failed or when
    walens.yaml names no account but the owner's (said on stderr too, for the CSV and HTML outputs)."""
    from publisher.adoption.collect import OWNER_ONLY
    from publisher.publish.stop import STOP

    if STOP.requested:
        click.echo("walens: stopped by Ctrl-C; accounts not read are listed as errors", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED)
    if scope.unconfigured:
        click.echo(f"walens: {OWNER_ONLY}", err=True)
    if failed or scope.unconfigured:
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _progress(line: str) -> None:
    click.echo(line, err=True)


@click.command()
@review_options
@click.option("--format", "output", type=click.Choice(REVIEW_FORMATS), default="text", show_default=True)
@click.option("--owners", is_flag=True,
              help="Read each workload's review owner (one GetWorkload per workload; `reviews.tags` reads it too).")
@click.option("--group-by", "group_by", metavar="KEY",
              help="Group the workloads by owner, account, region or tag:KEY (a workload tag).")
def reviews(config: Path | None, lens: Path | None, targets: tuple[str, ...], profile: str | None,
            regions: tuple[str, ...], endpoint_url: str | None, workers: int, out: Path | None, owner_only: bool,
            output: str, owners: bool, group_by: str | None) -> None:
    """Every workload that has the lens applied, in every account and Region: version, status, risk,
    owner and tags; aggregates per question, pillar, account and group; not-applicable marks to check.
    Read-only. Exit 1 when an account could not be read or only the owner account is configured."""
    import json

    from publisher.adoption.collect import collect
    from publisher.adoption.formats import render_csv, render_text
    from publisher.adoption.grouping import parse_group_by
    from publisher.adoption.html_page import render_html
    from publisher.adoption.inventory import Details
    from publisher.adoption.report import Report

    grouping = None if group_by is None else parse_group_by(group_by)
    scope, connector, release, settings = _scope(config, lens, targets, profile, regions, endpoint_url, workers,
                                                 owner_only)
    details = Details(owners, settings.reviews.tags)
    details = details if grouping is None else grouping.details(details)
    never = release.never_not_applicable
    with _ctrl_c_stops():
        collected = collect(scope, connector, release.name, workers=workers, progress=_progress, details=details)
    report = Report(collected, never, grouping, settings.reviews.tags)
    renderers: dict[str, Callable[[Report], str]] = {
        "text": render_text, "csv": render_csv, "html": render_html,
        "json": lambda r: json.dumps(r.to_json(), indent=2)}
    _emit(renderers[output](report), out)
    _finish(scope, failed=bool(report.collected.errors))


@click.command("upgrade-reviews")
@review_options
@click.option("--format", "output", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--apply", "apply", is_flag=True, help="Upgrade the reviews (default: only show what would change).")
@click.option("--milestone-name", metavar="NAME",
              help="Milestone recorded before each upgrade, 3 to 100 characters (default: \"before lens VERSION\", "
                   "the new version).")
@click.option("--account", "accounts", multiple=True, metavar="ACCOUNT",
              help="Only this account (repeatable; one of the accounts read). --region limits the Regions.")
@click.option("--workload", "workloads", multiple=True, metavar="NAME_OR_ID",
              help="Only the workload of this name or id (repeatable).")
def upgrade_reviews(config: Path | None, lens: Path | None, targets: tuple[str, ...], profile: str | None,
                    regions: tuple[str, ...], endpoint_url: str | None, workers: int, out: Path | None,
                    owner_only: bool, output: str, apply: bool, milestone_name: str | None,
                    accounts: tuple[str, ...], workloads: tuple[str, ...]) -> None:
    """Move lens reviews on an older version to the latest one: by default a dry run showing answers
    lost and risk changes per workload; --apply upgrades (a milestone first) and verifies each.
    --account, --workload and --region limit both; a value that matches nothing exits 1."""
    import json

    from publisher.adoption.collect import errors_of, owner_lenses, run_accounts, scope_notes
    from publisher.adoption.upgrade import (
        LensVersions,
        UpgradeRun,
        check_account_ids,
        check_milestone_name,
        unmatched_workloads,
        upgrade_one,
    )
    from publisher.adoption.upgrade_text import render_upgrades, upgrades_json

    if milestone_name is not None:
        check_milestone_name(milestone_name)
    check_account_ids(accounts)
    scope, connector, release, _settings = _scope(config, lens, targets, profile, regions, endpoint_url, workers,
                                                  owner_only)
    if accounts:
        scope = scope.only_accounts(accounts)
    lenses, errors = owner_lenses(scope, connector, release.name)
    versions = LensVersions(connector, {owner.region: owner for owner in scope.owners})
    run = UpgradeRun(connector, lenses, versions, apply, milestone_name, frozenset(workloads))
    with _ctrl_c_stops():
        results = run_accounts(scope, lenses, partial(upgrade_one, run), workers=workers, progress=_progress)
    upgrades = [u for result in results if "upgrades" in result.detail for u in result.detail["upgrades"]]
    errors += errors_of([result for result in results if "upgrades" not in result.detail])
    unmatched = unmatched_workloads(workloads, results)
    notes = scope_notes(scope) + unmatched
    text = (json.dumps(upgrades_json(lenses, upgrades, errors, apply, notes), indent=2) if output == "json"
            else render_upgrades(upgrades, errors, apply, notes))
    _emit(text, out)
    for message in unmatched:
        click.echo(f"walens: error: {message}", err=True)
    _finish(scope, failed=bool(errors or unmatched) or not all(u.ok for u in upgrades))


