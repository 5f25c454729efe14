"""``walens init``: scaffold a new lens project."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@click.option("--name", help="The lens name (default: from the folder name).")
def init(directory: Path, name: str | None) -> None:
    """Scaffold a lens project in DIRECTORY: one pillar, one question, walens.yaml aimed at a local
    sandbox, a pre-commit config and a pull-request workflow. Existing files are never overwritten."""
    from publisher.scaffold import scaffold

    for path in scaffold(directory, name):
        click.echo(f"wrote {path}")
    click.echo("next: walens validate --strict lens_src/*; walens sandbox --port 5000 & walens publish")
