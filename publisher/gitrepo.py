"""The one way walens asks git something: run it, and turn every failure into a clear error."""

from __future__ import annotations

import subprocess
from pathlib import Path

from publisher.errors import UsageError

GIT_TIMEOUT_SECONDS = 60


class GitFailed(UsageError):
    """A git command failed; the message says which and why."""


def git(*args: str, cwd: Path | None = None, failure: str | None = None) -> bytes:
    """Standard output of ``git ARGS`` run in ``cwd`` (default: the current folder).

    Raises GitFailed with ``failure`` (or git's own last line of error) when git is missing,
    hangs or exits non-zero.
    """
    command = ["git", *args] if cwd is None else ["git", "-C", str(cwd), *args]
    try:
        result = subprocess.run(command, capture_output=True, check=False, timeout=GIT_TIMEOUT_SECONDS)
    except FileNotFoundError as exc:
        raise GitFailed("git: the git program is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitFailed(f"git {args[0]}: no answer within {GIT_TIMEOUT_SECONDS} s") from exc
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise GitFailed(failure or f"git {args[0]}: {detail[-1] if detail else f'exit code {result.returncode}'}")
    return result.stdout


def git_or_none(*args: str, cwd: Path | None = None) -> bytes | None:
    """Like :func:`git`, but None when the command fails (a question whose answer may be no)."""
    try:
        return git(*args, cwd=cwd)
    except GitFailed:
        return None
