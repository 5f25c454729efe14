"""The drafts walens imported and has not yet published or deleted, kept in ``.walens/drafts.json``.

An entry is written before ImportLens. A lens has one draft, so once it is published or deleted
every entry of that lens goes, those an earlier, interrupted run left included. What remains after
a run names drafts an interrupted run left and nobody has published since: planning recognises such
a draft by its content and replaces it as walens's own, instead of refusing it as someone else's;
and a second Ctrl-C, which leaves no time to clean up, names the targets that may hold one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class DraftEntry:
    account: str
    region: str
    lens: str
    fingerprint: str
    imported_at: str
    target: str


class DraftJournal:
    """Thread-safe journal of open drafts, one JSON file; ``path`` None keeps it in memory only."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._open: list[DraftEntry] = self._read()
        self._recorded_here: list[DraftEntry] = []

    def _read(self) -> list[DraftEntry]:
        if self._path is None or not self._path.is_file():
            return []
        try:
            return [DraftEntry(**entry) for entry in json.loads(self._path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return []  # a damaged journal only costs the recognition of old drafts

    def _write(self) -> None:
        if self._path is None:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps([asdict(entry) for entry in self._open], indent=2) + "\n"
        self._path.write_text(text, encoding="utf-8")

    def record(self, target: str, account: str, region: str, lens: str, fingerprint: str) -> DraftEntry:
        """Note a draft about to be imported, of the content ``fingerprint`` (``lensjson.fingerprint``)."""
        entry = DraftEntry(account, region, lens, fingerprint, datetime.now(timezone.utc).isoformat(), target)
        with self._lock:
            self._open.append(entry)
            self._recorded_here.append(entry)
            self._write()
        return entry

    def close(self, entry: DraftEntry) -> None:
        """The import of ``entry`` failed: whatever draft the lens held before is still there."""
        self._drop(lambda open_entry: open_entry == entry)

    def forget(self, account: str, region: str, lens: str) -> None:
        """The lens's draft was published or deleted: no entry of it names a draft any more."""
        self._drop(lambda open_entry: (open_entry.account, open_entry.region, open_entry.lens) ==
                   (account, region, lens))

    def _drop(self, gone: Callable[[DraftEntry], bool]) -> None:
        with self._lock:
            kept = [open_entry for open_entry in self._open if not gone(open_entry)]
            if len(kept) != len(self._open):
                self._open = kept
                self._write()

    def find(self, account: str, region: str, lens: str, fingerprint: str) -> DraftEntry | None:
        """The open entry of a draft with exactly this content, if walens imported it."""
        with self._lock:
            return next((e for e in self._open if (e.account, e.region, e.lens, e.fingerprint) ==
                         (account, region, lens, fingerprint)), None)

    def targets(self) -> list[str]:
        """Targets where this process imported a draft still open: what a hard stop may leave behind."""
        with self._lock:
            return sorted({entry.target for entry in self._recorded_here if entry in self._open})
