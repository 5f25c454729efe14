"""The ``walens`` command line.

Sub-commands live in their own modules and are imported only when invoked, so that
``walens --help`` never pays for boto3, jsonschema or moto; the error handling and output guards
are imported when a command runs or fails, and help is laid out without importing ``shutil``.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import NoReturn

import click

from publisher import __version__

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
        from publisher.safetext import guarded_streams

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


def help_width() -> int:
    """The width click lays help out in (``HelpFormatter``'s default, from ``shutil.get_terminal_size``),
    found without importing ``shutil``, which brings zlib, bz2 and lzma: a tenth of ``--help``."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, 80) - 2, 50)


def main(argv: list[str] | None = None) -> None:
    """Entry point: turn every failure into a one-line message and a documented exit code."""
    try:
        result = cli.main(args=argv, prog_name="walens", standalone_mode=False, terminal_width=help_width())
    except click.exceptions.Abort:
        _abort()
    except click.ClickException as exc:
        from publisher.cli_exit import EXIT_USAGE
        from publisher.safetext import guarded_streams

        with guarded_streams():
            exc.show()
        sys.exit(EXIT_USAGE if exc.exit_code == 1 else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _abort()
    except Exception as exc:  # a domain error, or the last line of defence: no traceback for users
        _fail(exc)
    # in non-standalone mode click returns the code of a ``click.exceptions.Exit`` instead of raising it
    sys.exit(result if isinstance(result, int) else 0)


def _abort() -> NoReturn:
    from publisher.cli_exit import EXIT_INTERRUPTED

    click.echo("walens: aborted", err=True)
    sys.exit(EXIT_INTERRUPTED)


def _fail(exc: Exception) -> NoReturn:
    """Exit with the one-line message of a domain error, or report an unanticipated one as internal."""
    from publisher.cli_exit import EXIT_INTERNAL, exit_code_for
    from publisher.errors import WalensError
    from publisher.safetext import clean, guard

    if isinstance(exc, WalensError):
        click.echo(guard(f"walens: error: {clean(exc.message)}"), err=True)
        sys.exit(exit_code_for(exc))
    if os.environ.get("WALENS_DEBUG"):
        raise exc
    click.echo(guard(f"walens: internal error: {type(exc).__name__}: {clean(exc)} (set WALENS_DEBUG=1 for "
                     "details)"), err=True)
    sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
