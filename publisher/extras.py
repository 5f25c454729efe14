"""Optional dependency groups (pip extras): load what a command needs, or say what to install.

The sandbox lives in ``publisher.sandbox``, whose package import pulls in moto; commands that need
it call ``require_sandbox`` first, so a base install answers with the pip command instead of a
``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib

from publisher.errors import MissingExtra

#: Top-level modules the ``sandbox`` extra (``moto[server]``) installs and the sandbox imports.
SANDBOX_MODULES = frozenset({"moto", "flask", "flask_cors", "werkzeug"})


def require_sandbox(command: str) -> None:
    """Import the sandbox and its HTTP server for ``walens <command>``; raise ``MissingExtra`` if
    the ``sandbox`` extra is not installed."""
    try:
        importlib.import_module("publisher.sandbox.server")
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in SANDBOX_MODULES:
            raise
        raise MissingExtra("sandbox", command) from exc
