"""Moto-side registration of the ``wellarchitected`` service (no botocore patching).

moto finds a service in two tables: ``moto.backend_index.backend_url_patterns`` (which URL belongs
to which service; read by the in-process stubber and by the HTTP server's dispatcher) and
``moto.backends.get_backend(name)``, which imports ``moto.<name>`` and reads its
``<name>_backends``.  Registering appends our URL pattern and makes ``moto.wellarchitected`` an
alias of ``publisher.sandbox.models``; it also installs the STS role check (``roles``) and the
Organizations access rules (``org_access``).  It is idempotent and happens on ``import publisher.sandbox``.
"""

from __future__ import annotations

import re
import sys

SERVICE = "wellarchitected"
MOTO_MODULE = f"moto.{SERVICE}"


def register() -> None:
    """Make moto (in process and in server mode) serve ``wellarchitected`` from this package."""
    from moto import backend_index

    from . import eks, guardduty, models, org_access, roles, urls

    sys.modules.setdefault(MOTO_MODULE, models)
    roles.install()
    org_access.install()
    eks.install()  # moto's eks service, extended (publisher/sandbox/eks/)
    guardduty.install()  # moto's guardduty, with ListCoverage (publisher/sandbox/guardduty/)
    known = {pattern.pattern for service, pattern in backend_index.backend_url_patterns if service == SERVICE}
    for base in urls.url_bases:
        if base not in known:
            backend_index.backend_url_patterns.append((SERVICE, re.compile(base)))

