"""Write a new folder of text files all at once, or not at all.

Files go to a hidden temporary folder beside the target (``.<name>.walens-tmp-<random>``), which
is renamed into place once complete; on any failure it is removed, so a rerun finds nothing in
its way.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from publisher.errors import UsageError


def write_file(path: Path, text: str) -> None:
    """One UTF-8 file with LF line ends."""
    path.write_text(text, encoding="utf-8", newline="\n")


def check_new_folder(out_dir: Path) -> None:
    """Refuse a target that exists and is not an empty folder."""
    try:
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{out_dir} exists and is not a folder")
        if out_dir.is_dir() and any(out_dir.iterdir()):
            raise UsageError(f"{out_dir} is not empty; decompile writes into a new folder")
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot inspect: {exc.strerror or exc}") from exc


def write_tree(files: Mapping[PurePosixPath, str], out_dir: Path) -> None:
    """Create ``out_dir`` (absent or empty) holding ``files`` (relative path -> text)."""
    check_new_folder(out_dir)
    target = out_dir.absolute()
    staging = target.parent / f".{target.name}.walens-tmp-{secrets.token_hex(4)}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot create a folder beside it: {exc.strerror or exc}") from exc
    try:
        for relative, text in files.items():
            path = staging.joinpath(*relative.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, text)
        if target.is_dir():
            target.rmdir()  # empty (checked above); Windows cannot rename onto a folder
        staging.rename(target)
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot write: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
