"""``walens assess``: facts from an EKS cluster and its Kubernetes objects, judged by the evidence
rules of the lens sources, proposed as answers of a workload review (never written silently)."""
