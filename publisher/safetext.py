"""Text a lens author wrote, made harmless for terminals and CI logs.

Two layers, one escaping scheme (``\\n``, ``\\u001b``, ``\\u202e``: visible, and valid inside JSON strings):

- :func:`clean` for names and texts walens did not write (lens texts, file names, workload names
  and messages from other accounts, messages that quote them): every control character is escaped
  (CR, LF and TAB included, so nothing can start a line or a column of its own; ESC, so no SGR,
  OSC or CSI sequence; BEL, NUL, C1 and the bidirectional overrides), and a workflow command at
  its start (``::``) or anywhere (``##[``) is defused, so the result is inert wherever it lands.
- :func:`guard` for whole outputs, applied to everything the CLI writes (:func:`guarded_streams`)
  and to what a command writes to ``--out``: control characters other than walens's own line
  breaks, tabs and colours are escaped, and GitHub workflow commands (a line starting with ``::``,
  or ``##[`` anywhere) are defused, so terminal escapes (``ESC]0;`` window titles, ``ESC[2J``,
  ``ESC[8m`` concealed text) and ``::error::``, ``::add-mask::`` or ``::stop-commands::`` never
  reach the terminal or the runner. Only ``validate --format github`` writes workflow commands,
  through :func:`write_commands`, from fields it escaped itself.
- :func:`csv_cell` for a CSV cell: :func:`clean`, then a cell a spreadsheet would take for a
  formula gets a leading ``'`` (OWASP's CSV-injection guidance); numbers stay numbers.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

#: C0 controls, DEL, C1 controls, line/paragraph separators and bidirectional overrides.
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ANY_CONTROL = re.compile(f"[{_CONTROL}]")
#: The SGR parameters walens's colours use (``click.style``): reset, bold, dim, italic, underline and their
#: ends, and the foreground colours but black. Never conceal (8), blink, reverse, or a background, which
#: could hide text.
_OWN_SGR = r"(?:0|1|2|3|4|22|23|24|3[1-79]|9[1-7])"
#: In whole outputs: the same characters except LF and TAB, but not walens's own SGR colour codes (``ESC[1;31m``).
_OUTPUT_CONTROL = re.compile(rf"\x1b\[(?:{_OWN_SGR}(?:;{_OWN_SGR})*)?m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
                             r"\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The runner trims leading white space (any Unicode white space, as .NET's TrimStart) before looking for ``::``.
_COMMAND_START = re.compile(r"^([^\S\n]*):(?=:)", re.MULTILINE)
_LEGACY_COMMAND = re.compile(r"#(?=#\[)")  # ##[command]data, recognised anywhere in a line
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    return f"\\u{ord(char):04x}"


def clean(text: object) -> str:
    """``text`` on one line with every control character visibly escaped and no workflow command."""
    return _defuse_commands(_ANY_CONTROL.sub(lambda match: _escape(match.group()), str(text)))


def _defuse_commands(text: str) -> str:
    text = _COMMAND_START.sub(lambda match: match.group(1) + "\\u003a", text)
    return _LEGACY_COMMAND.sub("\\\\u0023", text)


#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection; and the full-width forms, which
#: East Asian locales read alike). OWASP's tab and CR never start a cell: :func:`clean` escapes them to ``\t``, ``\r``.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: str | int) -> str | int:
    """A CSV cell: a number as it is; text :func:`clean`-ed, with a ``'`` before a formula's first character."""
    if isinstance(value, int):
        return value
    text = clean(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def guard(text: str) -> str:
    """A whole output with terminal escapes and workflow commands defused (see the module docstring)."""
    return _defuse_commands(
        _OUTPUT_CONTROL.sub(lambda m: m.group() if len(m.group()) > 1 else _escape(m.group()), text))


class GuardedStream(io.TextIOBase):
    """A text stream that writes :func:`guard`-ed lines to ``raw``.

    A line is held until it ends (or the stream is flushed with a line that can no longer start a
    command), so a command split over several writes is still seen whole. Writes from several
    threads (the per-target progress of publish) are serialised.
    """

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw
        self._pending = ""  # the start of the current line, not written yet
        self._mid_line = False  # part of the current line was written already
        self._lock = threading.RLock()

    def write(self, text: str) -> int:
        with self._lock:
            lines = (self._pending + text).split("\n")
            self._pending = lines.pop()
            for line in lines:
                self._emit(line + "\n")
        return len(text)

    def _emit(self, text: str) -> None:
        out = guard(("." if self._mid_line else "") + text)[1 if self._mid_line else 0:]
        self.raw.write(out)
        self._mid_line = not text.endswith("\n")

    def flush(self) -> None:
        # keep back what could still grow into a command: leading space and colons, a trailing "#" or "##"
        with self._lock:
            pending = self._pending
            undecided = (not self._mid_line and pending.lstrip().strip(":") == "") or pending.endswith("#")
            if pending and not undecided:
                self._emit(pending)
                self._pending = ""
            self.raw.flush()

    def drain(self) -> None:
        """Write whatever is held back (the end of the output)."""
        with self._lock:
            if self._pending:
                self._emit(self._pending)
                self._pending = ""
            self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"


@contextlib.contextmanager
def guarded_streams() -> Iterator[None]:
    """Route ``sys.stdout`` and ``sys.stderr`` through :class:`GuardedStream` for the duration."""
    if isinstance(sys.stdout, GuardedStream):  # nested: already guarded
        yield
        return
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = GuardedStream(saved[0]), GuardedStream(saved[1])
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, GuardedStream):
                stream.drain()
        sys.stdout, sys.stderr = saved


def write_commands(text: str) -> None:
    """Write GitHub workflow commands whose every field the caller escaped, past the guard."""
    stream: TextIO = sys.stdout
    if isinstance(stream, GuardedStream):
        stream.drain()
        stream = stream.raw
    stream.write(text)
    stream.flush()
