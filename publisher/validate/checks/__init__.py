"""Every check of the validator, one module per family: ``registry.all_checks`` finds each ``Check``
subclass defined in the modules of this package, so a new check needs no registration."""
