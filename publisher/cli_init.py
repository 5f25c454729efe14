"""``walens init``: scaffold a new lens project, and say how to publish it into a local sandbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from publisher.cli_params import LocalPath

if TYPE_CHECKING:
    from pathlib import Path

#: Any key pair reaches the sandbox (it is not AWS); exported so that boto3 signs with no AWS account.
SANDBOX_KEYS = "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing"
SANDBOX_PORT = 5000  # the port walens.yaml's sandbox target names


@click.command()
@click.argument("directory", required=False, type=LocalPath(file_okay=False), default=".")
@click.option("--name", help="The lens's name: the starter's (default: from the folder name), or your "
                               "organisation's name for a shipped lens (--from eks --name 'Acme EKS Lens').")
@click.option("--from", "lens", default="starter", show_default=True, metavar="LENS",
              help="Start from a lens shipped with walens (see --list) instead of the starter lens.")
@click.option("--list", "list_lenses", is_flag=True, help="List the lenses --from can copy, and exit.")
def init(directory: Path, name: str | None, lens: str, list_lenses: bool) -> None:
    """Scaffold a lens project in DIRECTORY: the lens sources and their JSON Schemas, walens.yaml aimed
    at a local sandbox, requirements.txt pinning this walens, pre-commit, GitHub review and publish
    workflows and a .gitignore. Nothing is written if any file exists or a path is a link."""
    import shlex
    from pathlib import Path

    from publisher.safetext import clean
    from publisher.scaffold import available_lenses, scaffold

    if list_lenses:
        lenses = available_lenses()
        width = max(map(len, lenses))
        for choice, about in lenses.items():
            click.echo(f"{choice:<{width}}  {about}")
        return
    written = scaffold(directory, name, lens)
    for path in written:
        click.echo(f"wrote {clean(path)}")
    lens_dir = next(path.parent for path in written if path.name == "lens.yaml")
    click.echo("\n".join([
        "",
        "Next steps (the sandbox is a local emulation of the API: no AWS account is needed):",
        *([f"  cd {clean(shlex.quote(str(directory)))}"] if directory != Path(".") else []),
        f"  walens validate --strict {clean(lens_dir.relative_to(directory))}",
        f"  export {SANDBOX_KEYS}",
        "  unset AWS_PROFILE AWS_SESSION_TOKEN",
        f"  walens sandbox --port {SANDBOX_PORT} &",
        "  walens plan",
        "  walens publish",
        "Then add your AWS accounts to walens.yaml, and see .github/workflows/lens-publish.yml to publish from CI.",
    ]))
