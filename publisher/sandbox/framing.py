"""Where a request body ends (RFC 9112 §6), and reading it off the socket with bounded reads.

The sandbox server reads every body itself before the application runs, so that a kept
connection never holds a leftover body and no malformed body reaches an operation.  A request
framed in a way the sandbox does not read unambiguously (a transfer coding other than a single
``chunked``, Transfer-Encoding with Content-Length, more than one Content-Length, a
Content-Length that is not ASCII digits, a malformed chunk) is a ``FramingError``: answered 400
and the connection closed, as RFC 9112 §6.3 asks.  A body beyond ``MAX_REQUEST_BYTES`` (declared
or counted) is ``TooLarge``: answered 413 unread.  Reads go in pieces of at most ``PIECE_BYTES``,
so memory follows the bytes that arrived, not the size a client claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from typing import BinaryIO

#: The largest request body read (ImportLens takes a few MB at most); a larger one is answered 413.
MAX_REQUEST_BYTES = 64 << 20
PIECE_BYTES = 1 << 20
#: The longest chunk-size line or trailer line, and how many trailer lines a body may end with.
MAX_LINE_BYTES = 4096
MAX_TRAILERS = 64
_DIGITS = re.compile(r"[0-9]+")
_HEX = re.compile(rb"[0-9A-Fa-f]+")
_OWS = " \t"


class FramingError(ValueError):
    """A request whose body cannot be delimited safely; answered with ``status``, then closed."""

    status = "400 Bad Request"


class TooLarge(FramingError):
    """A request body beyond ``MAX_REQUEST_BYTES``."""

    status = "413 Content Too Large"

    def __init__(self) -> None:
        super().__init__(f"a request body holds {MAX_REQUEST_BYTES} bytes at most")


@dataclass(frozen=True)
class Framing:
    """How the body is delimited: chunked, or ``length`` bytes (0: no body)."""

    chunked: bool
    length: int = 0

    @property
    def has_body(self) -> bool:
        return self.chunked or self.length > 0


def request_framing(headers: Message) -> Framing:
    """The framing the request's headers declare; raises ``FramingError`` or ``TooLarge``."""
    encodings = headers.get_all("Transfer-Encoding") or []
    lengths = headers.get_all("Content-Length") or []
    if encodings:
        if lengths:
            raise FramingError("a request may not have both Transfer-Encoding and Content-Length")
        if len(encodings) > 1 or encodings[0].strip(_OWS).lower() != "chunked":
            raise FramingError("the only transfer coding accepted is a single Transfer-Encoding: chunked")
        return Framing(chunked=True)
    if not lengths:
        return Framing(chunked=False)
    if len(lengths) > 1:
        raise FramingError("a request may have one Content-Length header at most")
    value = lengths[0].strip(_OWS)
    if not _DIGITS.fullmatch(value):
        raise FramingError("Content-Length must be a decimal number of bytes (ASCII digits only)")
    if len(value.lstrip("0")) > len(str(MAX_REQUEST_BYTES)) or int(value) > MAX_REQUEST_BYTES:
        raise TooLarge
    return Framing(chunked=False, length=int(value))


def read_body(stream: BinaryIO, framing: Framing) -> bytes:
    """The whole body ``framing`` announces, read from ``stream``."""
    return _read_chunked(stream) if framing.chunked else _read_exactly(stream, framing.length)


def _read_exactly(stream: BinaryIO, count: int) -> bytes:
    body = bytearray()
    while len(body) < count:
        piece = stream.read(min(PIECE_BYTES, count - len(body)))
        if not piece:
            raise FramingError("the connection ended before the end of the body")
        body += piece
    return bytes(body)


def _read_chunked(stream: BinaryIO) -> bytes:
    body = bytearray()
    while size := _chunk_size(_line(stream)):
        if len(body) + size > MAX_REQUEST_BYTES:
            raise TooLarge
        body += _read_exactly(stream, size)
        if _line(stream):
            raise FramingError("a chunk is longer than its chunk size")
    for _ in range(MAX_TRAILERS + 1):
        if not _line(stream):  # the trailer section (dropped) ends with an empty line
            return bytes(body)
    raise FramingError(f"a chunked body may end with {MAX_TRAILERS} trailer lines at most")


def _chunk_size(line: bytes) -> int:
    digits = line.split(b";", 1)[0].strip(b" \t")  # a chunk extension is allowed and ignored
    if not _HEX.fullmatch(digits):
        raise FramingError("a chunk size must be hexadecimal digits")
    if len(digits.lstrip(b"0")) > len(f"{MAX_REQUEST_BYTES:x}"):
        raise TooLarge
    return int(digits, 16)


def _line(stream: BinaryIO) -> bytes:
    """One CRLF-terminated line of the chunked framing, without its CRLF."""
    line = stream.readline(MAX_LINE_BYTES + 2)
    if not line.endswith(b"\r\n"):
        raise FramingError("a chunk line is too long, not ended by CRLF, or the body ended early")
    return line[:-2]
