"""GuardDuty for the walens sandbox: moto's emulation plus ListCoverage of the EKS clusters.

moto 5.2 emulates detectors (their features stored as given), filters and IP sets; ``walens
assess`` also reads ListCoverage, which moto lacks. ``install()`` points moto's ``guardduty``
service at ``models.guardduty_backends``, whose backend class answers ListCoverage from the
sandbox's EKS clusters (see docs/sandbox.md, "GuardDuty").
"""

from __future__ import annotations


def install() -> None:
    """Make moto serve ``guardduty`` from this package (idempotent)."""
    import moto.guardduty

    from . import models

    moto.guardduty.guardduty_backends = models.guardduty_backends  # type: ignore[assignment]
