"""Evaluation time and peak memory of ``walens assess`` on a large Kubernetes snapshot.

A ``kubectl get -o json`` snapshot of ``--deployments`` Deployments across ``--namespaces``
namespaces (with their PDBs, HPAs, NetworkPolicies and Namespaces) is written to a temporary file,
then read, turned into facts and judged by the evidence rules of the assess test lens, and the
plan built (no AWS call: the evaluation only). Prints seconds and the peak of traced memory.

Run from the repository root: ``.venv/bin/python -m bench.bench_assess [--deployments 2000] [--namespaces 100]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _objects(deployments: int, namespaces: int) -> list[dict[str, object]]:
    import sys

    sys.path.insert(0, str(REPO))
    from tests.assess.objects import hpa, namespace, netpol, pdb, workload

    items: list[dict[str, object]] = []
    for index in range(namespaces):
        items += [namespace(f"ns{index}"), netpol(f"ns{index}")]
    for index in range(deployments):
        ns = f"ns{index % namespaces}"
        items += [workload(f"app{index}", ns, replicas=1 + index % 3, spread=index % 5 != 0), pdb(f"app{index}", ns)]
        if index % 2:
            items.append(hpa(f"app{index}", ns))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deployments", type=int, default=2000)
    parser.add_argument("--namespaces", type=int, default=100)
    args = parser.parse_args()
    from publisher.assess.facts import Facts, SourceFacts
    from publisher.assess.k8s_facts import kubernetes_facts
    from publisher.assess.k8s_read import read_snapshot
    from publisher.assess.plan import build_plan
    from publisher.assess.run import lens_and_rules

    doc, rules = lens_and_rules(REPO / "tests" / "assess" / "data" / "lens")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "snapshot.json"
        path.write_text(json.dumps({"kind": "List", "items": _objects(args.deployments, args.namespaces)}))
        size = path.stat().st_size
        tracemalloc.start()
        start = time.perf_counter()
        facts = Facts([SourceFacts("kubernetes", "observed", kubernetes_facts(read_snapshot(path), "observed"))])
        plan = build_plan(doc, rules, facts, {}, meta={"createdAt": "-", "cluster": "bench", "region": "-",
                                                       "workloadId": "0" * 32, "lensAlias": "-", "lensName": "-"})
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"{args.deployments} Deployments in {args.namespaces} namespaces ({size / 1e6:.1f} MB snapshot): "
          f"{elapsed:.2f} s, peak {peak / 1e6:.0f} MB traced; {plan['summary']['questions']} questions, "
          f"{len(facts.values['kubernetes.workloads.singleReplica'])} single-replica workloads")


if __name__ == "__main__":
    main()
