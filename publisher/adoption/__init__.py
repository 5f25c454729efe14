"""Organisation-wide adoption of the lens: which workloads use it, with what risk, and upgrading their reviews."""
