"""``walens review`` (pull-request report of a lens change) and ``walens render`` (HTML or Markdown)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from publisher.cli_exit import EXIT_FINDINGS
from publisher.cli_params import LocalPath
from publisher.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def default_lens_dir() -> Path:
    """``lens`` of ./walens.yaml, else lens_src/eks; shown relative to the current folder when inside it."""
    from pathlib import Path

    from publisher.publish.config import load_config

    lens_dir = load_config(None).lens_dir
    try:
        return lens_dir.relative_to(Path.cwd())
    except ValueError:
        return lens_dir


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}") from exc
    click.echo(f"wrote {out}", err=True)


def _append_step_summary(markdown: str) -> None:
    path = os.environ.get(STEP_SUMMARY)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(markdown)
    except OSError as exc:
        raise UsageError(f"cannot append to ${STEP_SUMMARY} ({path}): {exc.strerror}") from exc


def _run_url() -> str:
    """This GitHub Actions run's page (its job summary holds the full report), else empty."""
    parts = [os.environ.get(name, "") for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    return f"{parts[0]}/{parts[1]}/actions/runs/{parts[2]}" if all(parts) else ""


@click.command()
@click.option("--base", metavar="REF", help="The lens before the change: git:<rev>[:<path>], git:<rev>... (the "
              "merge-base of <rev> and HEAD), a folder or a JSON file. Default: git:origin/main... (else "
              "git:main...), i.e. where the branch started, as `git diff main...HEAD`; git:HEAD without either.")
@click.option("--head", metavar="REF|PATH", help="The lens after the change. Default: the lens folder in the "
              "work tree (--lens-dir).")
@click.option("--lens-dir", type=LocalPath(file_okay=False),
              help="Lens source folder (default: `lens` in walens.yaml, else lens_src/eks).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "text", "json"]), default="markdown",
              show_default=True)
@click.option("--out", type=LocalPath(dir_okay=False), help="Write the report here.")
@click.option("--plan", "with_plan", is_flag=True, help="Include what publish would do (reads the targets of "
              "the config; unreachable targets are noted, not fatal).")
@click.option("--config", type=LocalPath(dir_okay=False), help="Config for --plan.")
@click.option("--preview-url", default="", metavar="URL", help="Link to the HTML preview (e.g. the artifact URL), "
              "shown in the Markdown header.")
@click.option("--full-report-url", default="", metavar="URL", help="Where the full report is when the comment is "
              "cut. Default in GitHub Actions: this run's page (the job summary).")
def review(base: str | None, head: str | None, lens_dir: Path | None, fmt: str, out: Path | None,
           with_plan: bool, config: Path | None, preview_url: str, full_report_url: str) -> None:
    """Report a lens change for a pull request; exit 1 on validation errors or a wrong version bump.

    When GITHUB_STEP_SUMMARY is set, the full Markdown report is appended there as well.
    """
    import json

    from publisher.review import build_review, render_markdown, render_text
    from publisher.review.publish_preview import publish_preview
    from publisher.review.render_markdown import SUMMARY_LIMIT, Links
    from publisher.review.sides import default_base, resolve_base

    preview = publish_preview(config) if with_plan else None
    chosen = resolve_base(base) if base else default_base()
    report = build_review(chosen.ref, head, lens_dir or default_lens_dir(), preview, base_note=chosen.note)
    links = Links(full_report_url or _run_url(), preview_url)
    rendered = {"markdown": lambda: render_markdown(report, links=links), "text": lambda: render_text(report),
                "json": lambda: json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str) + "\n"}
    _write(rendered[fmt](), out)
    _append_step_summary(render_markdown(report, SUMMARY_LIMIT, Links(preview=preview_url)))
    if not report.passed:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@click.command()
@click.argument("source", required=False, type=LocalPath())
@click.option("--format", "fmt", type=click.Choice(["html", "markdown"]), default="html", show_default=True)
@click.option("--out", type=LocalPath(dir_okay=False), help="Write here instead of stdout.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when --out differs from a fresh rendering.")
def render(source: Path | None, fmt: str, out: Path | None, check: bool) -> None:
    """Render SOURCE (a lens folder or JSON file; default: the configured lens) as HTML or Markdown.

    The HTML is one offline file with live risk badges; the Markdown suits docs/<lens>.md.
    """
    from publisher.cli_lens import read_document
    from publisher.render import render_html, render_markdown

    doc = read_document(source or default_lens_dir())
    text = render_html(doc) if fmt == "html" else render_markdown(doc)
    if not check:
        _write(text, out)
        return
    if out is None:
        raise UsageError("--check needs --out: the file to compare with")
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    if current != text:
        click.echo(f"{out} is {'missing' if current is None else 'stale'}: run "
                   f"'walens render --format {fmt} {source or default_lens_dir()} --out {out}' and commit it", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    click.echo(f"{out} is up to date")
