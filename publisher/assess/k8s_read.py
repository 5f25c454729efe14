"""Kubernetes objects from a snapshot file, a folder of rendered manifests, or a live cluster.

Input is untrusted: files larger than ``MAX_FILE_BYTES`` are refused unread, a file that does not
parse raises InputError naming it (and, for YAML, the line), and ``List`` objects are flattened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from publisher.errors import InputError, MissingExtra

MAX_FILE_BYTES = 64 * 1024 * 1024
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
#: The kinds a snapshot holds: ``kubectl get deploy,sts,ds,pdb,hpa,netpol,ns -A -o json``.
LIVE_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "PodDisruptionBudget", "HorizontalPodAutoscaler",
              "NetworkPolicy", "Namespace")


def _flatten(obj: Any) -> Iterator[Any]:
    if isinstance(obj, dict) and isinstance(obj.get("items"), list) and str(obj.get("kind", "")).endswith("List"):
        for item in obj["items"]:
            yield from _flatten(item)
    elif isinstance(obj, dict):
        yield obj


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"larger than {MAX_FILE_BYTES} bytes", str(path))
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", str(path)) from exc


def read_snapshot(path: Path) -> list[Any]:
    """The objects of a ``kubectl get ... -o json`` file (a List), or of a YAML file of documents."""
    text = _read_text(path)
    if path.suffix in (".yaml", ".yml"):
        return _yaml_objects(text, str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", f"{path}:{exc.lineno}:{exc.colno}") from exc
    except RecursionError as exc:
        raise InputError("nested too deeply", str(path)) from exc
    return list(_flatten(data))


def _yaml_objects(text: str, shown: str) -> list[Any]:
    import yaml

    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise InputError(f"not YAML: {exc.problem}", where) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise InputError(f"not YAML: {type(exc).__name__}", shown) from exc
    return [obj for document in documents for obj in _flatten(document)]


def read_manifests(folder: Path) -> list[Any]:
    """Every object of every YAML/JSON file under ``folder`` (``helm template`` output, kustomize builds)."""
    if not folder.is_dir():
        raise InputError("not a folder of manifests", str(folder))
    objects: list[Any] = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix in MANIFEST_SUFFIXES and p.is_file()):
        if path.suffix == ".json":
            objects.extend(read_snapshot(path))
        else:
            objects.extend(_yaml_objects(_read_text(path), str(path)))
    return objects


def read_live(context: str | None) -> list[Any]:
    """The snapshot kinds from the cluster of kubeconfig ``context``, through the official client."""
    try:
        from kubernetes import client, config
    except ModuleNotFoundError as exc:
        raise MissingExtra("kubernetes", "assess --live") from exc
    config.load_kube_config(context=context)
    api = client.ApiClient()
    calls = (client.AppsV1Api(api).list_deployment_for_all_namespaces,
             client.AppsV1Api(api).list_stateful_set_for_all_namespaces,
             client.AppsV1Api(api).list_daemon_set_for_all_namespaces,
             client.PolicyV1Api(api).list_pod_disruption_budget_for_all_namespaces,
             client.AutoscalingV2Api(api).list_horizontal_pod_autoscaler_for_all_namespaces,
             client.NetworkingV1Api(api).list_network_policy_for_all_namespaces,
             client.CoreV1Api(api).list_namespace)
    objects: list[Any] = []
    for kind, call in zip(LIVE_KINDS, calls, strict=True):
        for item in api.sanitize_for_serialization(call()).get("items", []):
            objects.append({**item, "kind": kind})  # list items carry no kind
    return objects
