"""Exit codes: chosen here, by the command line, from what went wrong; domain modules never pick one.
Also how an error reads in the JSON outputs."""

from __future__ import annotations

from typing import Any

import click

from publisher.errors import ConfigError, OperationFailed, Refused, WalensError

EXIT_OK = 0
#: Findings (validation errors, a stale build, a wrong version bump), a refusal or a failed operation.
EXIT_FINDINGS = 1
#: The command could not use its input: a bad option, path, config or lens file; a missing extra.
EXIT_USAGE = 2
#: A bug in walens: an exception nobody anticipated (WALENS_DEBUG=1 shows the traceback).
EXIT_INTERNAL = 3
#: Interrupted (Ctrl-C), as shells report SIGINT.
EXIT_INTERRUPTED = 130


def exit_code_for(error: WalensError) -> int:
    """The documented exit code of a domain error."""
    return EXIT_FINDINGS if isinstance(error, Refused | OperationFailed) else EXIT_USAGE


def echo_json_error(command: str, error: WalensError) -> None:
    """Write the JSON outcome of a ``--format json`` command that failed (CI consumers parse every
    outcome): the command, ``ok: false``, and the error's message, kind, exit code and config key."""
    import json

    payload: dict[str, Any] = {"message": error.message, "kind": type(error).__name__,
                               "exitCode": exit_code_for(error)}
    if isinstance(error, ConfigError) and error.key:
        payload["key"] = error.key
    click.echo(json.dumps({"command": command, "ok": False, "error": payload}))
