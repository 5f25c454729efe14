"""Reading source files safely: inside the lens folder, bounded in size, UTF-8, normalised newlines."""

from __future__ import annotations

from pathlib import Path

from publisher.sources.problems import SourceError

MAX_SOURCE_BYTES = 1024 * 1024
BOM = "\ufeff"


def display_path(path: Path) -> str:
    """A path as users expect to see it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_source(path: Path, lens_root: Path, warnings: list[SourceError] | None = None) -> str:
    """Text of ``path``; CRLF becomes LF so builds are identical on every platform."""
    shown = display_path(path)
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(lens_root.resolve()):
            raise SourceError("E0909", f"symbolic link points outside the lens folder (to {target})", shown)
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError("E0906", f"file is {size} bytes; sources are limited to {MAX_SOURCE_BYTES}", shown)
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError("E0905", f"cannot read file: {exc.strerror or exc}", shown) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError("E0905", f"not valid UTF-8: byte 0x{data[exc.start]:02x}", shown, line, column) from exc
    if text.startswith(BOM):
        text = text[1:]
        if warnings is not None:
            warnings.append(SourceError("W0912", "byte order mark at the start of the file (removed)", shown))
    return text.replace("\r\n", "\n").replace("\r", "\n")
