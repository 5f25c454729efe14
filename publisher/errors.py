"""User-facing errors: the CLI prints these as one clear line and exits, never with a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class WalensError(Exception):
    """An error the user can act on; ``exit_code`` follows the documented contract."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
