"""The lenses shipped with walens: ``walens init --from`` copies one, ``walens demo`` publishes the EKS lens.

A wheel carries them as ``publisher/lenses/<name>`` (pyproject's ``force-include`` copies
``lens_src/<name>`` there); a source checkout or an editable install reads ``lens_src/<name>`` itself.
"""

from __future__ import annotations

from pathlib import Path

from publisher.errors import UsageError

#: The lenses a wheel carries, as pyproject.toml's ``force-include`` lists them.
SHIPPED = ("eks",)
PACKAGE = Path(__file__).resolve().parent


def shipped_lens(name: str) -> Path:
    """The source folder of the shipped lens ``name``."""
    if name not in SHIPPED:
        raise UsageError(f"no shipped lens {name!r}: walens ships {', '.join(SHIPPED)} (see walens init --list)")
    for folder in (PACKAGE / "lenses" / name, PACKAGE.parent / "lens_src" / name):
        if (folder / "lens.yaml").is_file():
            return folder
    raise UsageError(f"the shipped lens {name!r} is missing from this installation ({PACKAGE / 'lenses' / name}); "
                     "reinstall walens")
