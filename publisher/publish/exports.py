"""ExportLens texts and their fingerprints, worked out once per distinct text.

Every target of a run exports the same few texts (the build as published, the draft walens
imported), so the fingerprint of an export (SHA-256 of its canonical text) is cached by the text:
comparing a 275 KB export with the release costs a hash lookup per target, not a parse, a deep copy
and a dump.
"""

from __future__ import annotations

import json
from typing import Any

from publisher.lensjson import fingerprint
from publisher.publish.once import computed_once

#: Distinct export texts whose fingerprint is kept (a run sees a handful).
CACHED_TEXTS = 16


def export_text(wa: Any, arn: str, version: str | None) -> str:
    """The LensJSON of ExportLens of one version, or of the draft when ``version`` is None."""
    response = wa.export_lens(LensAlias=arn, **({"LensVersion": version} if version else {}))
    return str(response["LensJSON"])


def export_lens(wa: Any, arn: str, version: str | None) -> dict[str, Any]:
    """ExportLens of one version (or the draft) as a document of the caller's own."""
    doc: dict[str, Any] = json.loads(export_text(wa, arn, version))
    return doc


@computed_once(maxsize=CACHED_TEXTS)
def export_fingerprint(lens_json: str) -> str:
    """The fingerprint of an exported text: equal to a release's when it holds exactly that release."""
    return fingerprint(json.loads(lens_json))
