"""Domain errors: what went wrong, in words a user can act on.

Domain modules (sources, validate, diff, review, render, publish, sandbox) raise these and never
choose an exit code; the command line (``publisher.cli``) maps each class to one, prints the
message as one line and never shows a traceback. The families:

- ``UsageError``: the command cannot use what it was given (a missing path, a bad option value,
  an input that is not a lens, an optional extra that is not installed). Exit 2.
- ``ConfigError``: ``walens.yaml`` is missing, unreadable or wrong, with the key path. Exit 2.
- ``Refused``: walens will not do what was asked, on purpose, to protect what exists (a lens with
  validation errors, an ambiguous lens name, a version that does not exist). Exit 1.
- ``OperationFailed``: an operation was attempted and failed (an AWS call, a demo run). Exit 1.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class WalensError(Exception):
    """An error the user can act on; ``message`` is printed as it is, on one line."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:  # exit_code: being removed
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class UsageError(WalensError):
    """The command cannot use what it was given: a path, an option value, a git revision."""


class InputError(UsageError):
    """An input cannot be read as a lens; ``location`` is ``file:line:col`` (or a JSON pointer) when known."""

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.location = location


class MissingExtra(UsageError):
    """An optional dependency group (a pip extra) is needed for this command and is not installed."""

    def __init__(self, extra: str, command: str) -> None:
        super().__init__(f"'walens {command}' needs the {extra} extra: pip install 'walens[{extra}]'")
        self.extra = extra


class ConfigError(UsageError):
    """``walens.yaml`` is missing or wrong; ``key`` is the dotted path of the offending key, when known."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


class Refused(WalensError):
    """walens will not do this: doing it could lose or overwrite what is published, or guess wrong."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_FINDINGS)


class OperationFailed(WalensError):
    """An operation was attempted and did not succeed (an AWS call, a demo publish)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_FINDINGS)
