"""Click parameter types and option sets shared by several commands.

Kept free of ``pathlib`` (it imports ``urllib.parse`` and ``ipaddress``) so that a sub-command's
``--help`` costs no more than click itself: a path option's value becomes a ``Path`` only when
the command runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path


class LocalPath(click.Path):
    """``click.Path`` whose values are :class:`pathlib.Path` objects, with ``pathlib`` imported on first use."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        from pathlib import Path

        return Path(os.fsdecode(super().convert(value, param, ctx)))


#: Config file and target selection: the publishing commands, ``diff published|draft``, ``build --adopt``...
TARGET_OPTIONS = (
    click.option("--config", "config", type=LocalPath(dir_okay=False), help="Config file (default: ./walens.yaml)."),
    click.option("--target", "targets", multiple=True, metavar="NAME",
                 help="Only these targets of the config (repeatable)."),
    click.option("--profile", help="AWS profile for every selected target."),
    click.option("--region", "regions", multiple=True, metavar="REGION",
                 help="Regions for every selected target (repeatable)."),
    click.option("--endpoint-url", help="Service endpoint, e.g. a local sandbox."),
)


def target_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``TARGET_OPTIONS`` to a click command."""
    for option in reversed(TARGET_OPTIONS):
        command = option(command)
    return command
