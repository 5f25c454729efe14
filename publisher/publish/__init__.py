"""Publishing the lens: config, targets, plan, apply, shares, status, rollback (see docs/publishing.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.publish.targets import Overrides


def diff_exporter(lens_dir: Path | None = None, *, config_path: Path | None = None,
                  overrides: Overrides | None = None) -> Callable[[str], dict[str, Any]]:
    """The ``published`` / ``draft`` loader of ``walens diff``: ExportLens from the one target and
    Region that walens.yaml (and ``overrides``) select; ``lens_dir`` overrides the config's lens."""
    from publisher.publish.exporter import make_exporter

    return make_exporter(config_path, overrides, lens_dir=lens_dir)
