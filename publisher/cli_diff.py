"""``walens diff OLD NEW``: semantic lens diff with major/minor classification."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from publisher.cli_params import LocalPath, target_options

if TYPE_CHECKING:
    from pathlib import Path

    from publisher.loader import Exporter
    from publisher.publish.targets import Overrides

FORMATS = ("text", "markdown", "json")


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: terminal text, GitHub Markdown, or the JSON contract.")
@click.option("--lens-dir", type=LocalPath(), default=None,
              help="Lens folder (or JSON file) to read from a bare git:<rev>; defaults to the other side's path.")
@target_options
def diff(old: str, new: str, output_format: str, lens_dir: Path | None, config: Path | None,
         targets: tuple[str, ...], profile: str | None, regions: tuple[str, ...], endpoint_url: str | None) -> None:
    """Compare two lenses by id and classify the change as major, minor or none.

    OLD and NEW are each a lens JSON file, a lens source folder, git:<rev>[:<path>] (read from git
    without touching the work tree), or published / draft (the lens held by the service).
    Exit code 0 whatever the classification; 2 when an input cannot be read.
    """
    from publisher.cli_lens import read_lens
    from publisher.diff import diff_lenses
    from publisher.diff.evidence import diff_evidence
    from publisher.lensjson import dumps
    from publisher.loader import SERVICE_REFS

    exporter = None
    if {old, new} & set(SERVICE_REFS):
        from publisher.publish.targets import Overrides

        exporter = _service_exporter(lens_dir, config, Overrides(targets, profile, regions, endpoint_url))
    git_default = lens_dir or _local_path(old) or _local_path(new)
    before = read_lens(old, exporter=exporter, lens_dir=git_default)
    after = read_lens(new, exporter=exporter, lens_dir=git_default)
    result = diff_lenses(before.document(), after.document(), labels=(old, new))
    evidence = diff_evidence(before.evidence, after.evidence, before.doc, after.doc, {"old": old, "new": new})
    if output_format == "json":
        click.echo(dumps({**result.to_json(), "evidence": evidence.to_json()}), nl=False)
    elif output_format == "markdown":
        from publisher.diff.render_markdown import render_markdown

        click.echo(render_markdown(result, old, new, evidence), nl=False)
    else:
        from publisher.diff.render_text import render_text

        click.echo(render_text(result, old, new, evidence), nl=False)


def _local_path(ref: str) -> Path | None:
    """The path a plain file or folder argument names, to find the same lens in a git revision."""
    from pathlib import Path

    from publisher.loader import GIT_PREFIX, SERVICE_REFS

    if ref in SERVICE_REFS or ref.startswith(GIT_PREFIX):
        return None
    path = Path(ref)
    return path if path.exists() else None


def _service_exporter(lens_dir: Path | None, config: Path | None, overrides: Overrides) -> Exporter:
    """The exporter of the published or draft lens from the one target the config and flags select."""
    from publisher.publish import diff_exporter

    return diff_exporter(lens_dir, config_path=config, overrides=overrides)
