"""The ``walens`` command line.

Sub-commands live in their own modules and are imported only when invoked, so that
``walens --help`` never pays for boto3, jsonschema or moto.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from publisher import __version__
from publisher.cli_exit import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, exit_code_for
from publisher.errors import WalensError
from publisher.safetext import clean, guard, guarded_streams

# command name -> (module, attribute, one-line help shown by ``walens --help``)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "assess": ("publisher.cli_assess", "assess", "Propose workload answers from EKS cluster evidence; apply a plan."),
    "build": ("publisher.cli_build", "build", "Compile lens sources into custom-lens JSON."),
    "decompile": ("publisher.cli_build", "decompile", "Lens JSON or a published lens (adopted) to sources."),
    "validate": ("publisher.cli_validate", "validate", "Check lens sources or JSON files."),
    "explain": ("publisher.cli_validate", "explain", "Print the risk truth table of one question."),
    "rules": ("publisher.cli_validate", "rules", "List every validation check and its code."),
    "diff": ("publisher.cli_diff", "diff", "Semantic diff of two lenses, with major/minor classification."),
    "sandbox": ("publisher.cli_sandbox", "sandbox", "Run the local emulated wellarchitected API."),
    "plan": ("publisher.cli_publish", "plan", "Show what publish would change, per target."),
    "publish": ("publisher.cli_publish", "publish", "Import, version, tag and share the lens."),
    "share": ("publisher.cli_publish", "share", "Reconcile lens shares with the configuration."),
    "status": ("publisher.cli_publish", "status", "Published version, draft, shares and drift per target."),
    "rollback": ("publisher.cli_publish", "rollback", "Republish an earlier version as a new version."),
    "demo": ("publisher.cli_demo", "demo", "Build, validate and publish the EKS lens into a local sandbox."),
    "review": ("publisher.cli_review", "review", "Review report of a lens change for pull requests."),
    "render": ("publisher.cli_review", "render", "Render the lens as HTML or Markdown."),
    "iam-policy": ("publisher.cli_iam", "iam_policy", "Print the least-privilege IAM policy."),
    "init": ("publisher.cli_init", "init", "Scaffold a new lens project (sources, walens.yaml, CI)."),
    "reviews": ("publisher.cli_reviews", "reviews", "Workloads using the lens across accounts: version, risk."),
    "upgrade-reviews": ("publisher.cli_reviews", "upgrade_reviews",
                        "Upgrade lens reviews to the latest version (dry run by default)."),
}


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(entry[0])
        command: click.Command = getattr(module, entry[1])
        return command

    def invoke(self, ctx: click.Context) -> object:
        """Run the sub-command with every output guarded against terminal escapes and workflow commands."""
        with guarded_streams():
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="walens")
def cli() -> None:
    """AWS Well-Architected custom lenses as code."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: turn every failure into a one-line message and a documented exit code."""
    try:
        result = cli.main(args=argv, prog_name="walens", standalone_mode=False)
    except WalensError as exc:
        click.echo(guard(f"walens: error: {clean(exc.message)}"), err=True)
        sys.exit(exit_code_for(exc))
    except click.exceptions.Abort:
        click.echo("walens: aborted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        with guarded_streams():
            exc.show()
        sys.exit(EXIT_USAGE if exc.exit_code == 1 else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("walens: aborted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("WALENS_DEBUG"):
            raise
        click.echo(guard(f"walens: internal error: {type(exc).__name__}: {clean(exc)} (set WALENS_DEBUG=1 for "
                         "details)"), err=True)
        sys.exit(EXIT_INTERNAL)
    # in non-standalone mode click returns the code of a ``click.exceptions.Exit`` instead of raising it
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()
