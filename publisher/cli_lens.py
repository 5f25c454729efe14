"""How commands that need a lens document (diff, render, decompile, explain) read one.

Through the one loader, so every command treats encoding, byte-order marks, invalid JSON, NaN,
duplicate keys and size and nesting limits alike: warnings are printed to stderr as
``path:line:col: CODE message`` lines, and a loading error refuses the input (exit 2) naming the
same code and location ``walens validate`` reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from publisher.loader import Exporter, LoadedLens, load


def read_lens(ref: str | Path, *, lens_dir: Path | None = None, exporter: Exporter | None = None) -> LoadedLens:
    """The lens ``ref`` names, with its warnings printed; InputError when it cannot be read cleanly."""
    lens = load(ref, lens_dir=lens_dir, exporter=exporter)
    for warning in lens.warnings:
        click.echo(warning.as_line(), err=True)
    lens.document()
    return lens


def read_document(ref: str | Path, *, lens_dir: Path | None = None,
                  exporter: Exporter | None = None) -> dict[str, Any]:
    """The lens document ``ref`` names (see :func:`read_lens`)."""
    return read_lens(ref, lens_dir=lens_dir, exporter=exporter).document()
