"""Reading source files safely: inside the lens folder, bounded in size, UTF-8, normalised newlines."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from publisher.sources.problems import SourceError

MAX_SOURCE_BYTES = 1024 * 1024
BOM = "\ufeff"
_NOT_REGULAR = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket",
                stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


def display_path(path: Path) -> str:
    """A path as users expect to see it: relative to the working directory when possible."""
    try:  # os.path.realpath, unlike Path.resolve, stops quietly at a symbolic link loop
        return str(Path(os.path.realpath(path)).relative_to(os.path.realpath(Path.cwd())))
    except ValueError:
        return str(path)


def _require_regular(info: os.stat_result, shown: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = _NOT_REGULAR.get(stat.S_IFMT(info.st_mode), "a special file")
        raise SourceError("E0905", f"{kind}, not a regular file", shown)


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _read_bytes(path: Path, lens_root: Path, shown: str) -> bytes:
    """At most ``MAX_SOURCE_BYTES`` of a regular file inside the lens; a FIFO or device is never opened."""
    try:
        if path.is_symlink():
            target = os.path.realpath(path, strict=True)
            if not Path(target).is_relative_to(os.path.realpath(lens_root)):
                raise SourceError("E0909", f"symbolic link points outside the lens folder (to {target})", shown)
        _require_regular(path.stat(), shown)
        with open(path, "rb", opener=_open_nonblocking) as stream:
            info = os.fstat(stream.fileno())
            _require_regular(info, shown)  # replaced since the check above
            data = stream.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise SourceError("E0905", f"cannot read file: {exc.strerror or exc}", shown) from exc
    size = max(info.st_size, len(data))
    if size > MAX_SOURCE_BYTES:
        raise SourceError("E0906", f"file is {size} bytes; sources are limited to {MAX_SOURCE_BYTES}", shown)
    return data


def read_source(path: Path, lens_root: Path, warnings: list[SourceError] | None = None) -> str:
    """Text of ``path``; CRLF becomes LF so builds are identical on every platform."""
    shown = display_path(path)
    data = _read_bytes(path, lens_root, shown)
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
