"""Where walens is released: the one place that names its repository and the release to install.

Generated workflows, the pre-commit and composite-action examples in the docs, and the printed
install hints all derive from these, and tests hold the docs to them.
"""

from __future__ import annotations

from publisher import __version__

#: The GitHub repository walens is released from (``owner/name``). Its tags are ``v<version>``.
REPOSITORY = "OWNER/walens"


def release_tag(version: str = __version__) -> str:
    """The git tag of a release: ``v0.2.0``."""
    return f"v{version}"


def pip_requirement(version: str = __version__) -> str:
    """A pip requirement that installs exactly this release from its tag (no package index needed)."""
    return f"walens[sandbox] @ git+https://github.com/{REPOSITORY}@{release_tag(version)}"
