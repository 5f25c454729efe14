"""Layer 2 and 3 checks, one module per family; ``registry.all_checks`` imports them."""
