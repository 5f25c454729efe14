"""``walens validate``, ``walens explain`` and ``walens rules``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from publisher.cli_exit import EXIT_FINDINGS, EXIT_OK
from publisher.cli_params import LocalPath
from publisher.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path


def _known_codes() -> dict[str, tuple[str, str, str]]:
    """code -> (severity, description, source URL) for every code walens can report."""
    from publisher.findings import CATALOGUE
    from publisher.loader import LOADING_RULES
    from publisher.sources.problems import SOURCE_CODES
    from publisher.validate.registry import all_checks

    source_problems = f"{CATALOGUE}#source-problems-e09xx-w09xx"
    known = {rule.code: (rule.severity.value, rule.description, rule.source_url) for rule in LOADING_RULES}
    for code, description in SOURCE_CODES.items():
        known[code] = ("warning" if code.startswith("W") else "error", description, source_problems)
    for check in all_checks():
        known[check.code] = (check.severity.value, check.description, check.source_url)
    return dict(sorted(known.items()))


def _parse_ignore(values: tuple[str, ...]) -> frozenset[str]:
    codes = {code.strip().upper() for value in values for code in value.split(",") if code.strip()}
    known = _known_codes()
    unknown = sorted(code for code in codes if code not in known)
    if unknown:
        raise UsageError(f"--ignore: unknown code {', '.join(unknown)} (see 'walens rules')")
    return frozenset(codes)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=LocalPath())
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True, help="text: path:line:col: CODE message; json: one object; github: annotations; "
              "sarif: SARIF 2.1.0 for GitHub code scanning.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--ignore", multiple=True, metavar="CODE", help="Suppress a code (repeatable, or comma-separated).")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], output_format: str, strict: bool,
             ignore: tuple[str, ...]) -> None:
    """Check lens source folders or lens JSON files.

    A YAML or Markdown file stands for the lens folder that holds it, so the command works as a
    pre-commit hook that receives changed files.

    Exit status: 0 without errors, 1 with errors (or warnings under --strict), 2 for usage or I/O problems.
    """
    from publisher.loader import lens_target
    from publisher.validate.engine import validate_path
    from publisher.validate.report import counts, render

    ignored = _parse_ignore(ignore)
    targets = list(dict.fromkeys(lens_target(path) for path in paths))  # several files of one lens: once
    findings = [finding for target in targets for finding in validate_path(target, ignored)]
    rendered = render(findings, output_format, len(targets), _known_codes() if output_format == "sarif" else None)
    if output_format == "github":  # the one output that writes workflow commands, from escaped fields
        from publisher.safetext import write_commands

        write_commands(rendered)
    else:
        click.echo(rendered, nl=False)
    errors, warnings = counts(findings)
    ctx.exit(EXIT_FINDINGS if errors or (strict and warnings) else EXIT_OK)


@click.command()
@click.argument("path", type=LocalPath())
@click.argument("question_id")
@click.option("--all", "show_all", is_flag=True, help="Print every selection, not a summary per outcome.")
def explain(path: Path, question_id: str, show_all: bool) -> None:
    """Print the risk truth table of QUESTION_ID in the lens at PATH (folder or JSON file)."""
    from publisher.cli_lens import read_document
    from publisher.validate.explain import explain as explain_question
    from publisher.validate.explain import find_question

    click.echo(explain_question(find_question(read_document(path), question_id), show_all), nl=False)


@click.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(output_format: str) -> None:
    """List every code walens validate can report, with severity, description and source."""
    import json

    known = _known_codes()
    if output_format == "json":
        click.echo(json.dumps([{"code": code, "severity": severity, "description": description, "source_url": url}
                               for code, (severity, description, url) in known.items()], indent=2))
        return
    for code, (severity, description, url) in known.items():
        click.echo(f"{code}  {severity:<7}  {description}\n               {url}")
