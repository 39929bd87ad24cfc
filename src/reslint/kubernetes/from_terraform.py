"""Terraform ``kubernetes_*`` resources as Kubernetes objects, read by the same normalizer.

The kubernetes provider writes each object as nested blocks in snake_case
(``spec { template { spec { container { readiness_probe { ... } } } } }``), every block a list.
This module rewrites an instance into the manifest shape (``spec.template.spec.containers[0]
.readinessProbe``) with the line of every block and attribute, so ``normalize.py`` reads it as it
reads YAML: one place knows what a Deployment's settings mean. ``kubernetes_manifest`` holds the
manifest itself (as an HCL object) and is read as written.

Values Terraform cannot know (a variable without a value, a data source, a remote module's
output) stay ``UNKNOWN`` in the object, and the normalizer gives no verdict on them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from reslint.kubernetes.fixes import fixes_for, terraform_fixes_for
from reslint.kubernetes.normalize import UNKNOWN_NAMESPACE, to_resources, unread_workloads
from reslint.kubernetes.normalize import kind_of as object_kind
from reslint.kubernetes.reader import CLUSTER_SCOPED, DEFAULT_NAMESPACE, K8sObject
from reslint.model import Format, Unknown
from reslint.yamlload import Mapping, Sequence

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reslint.model import Resource


class TfInstance(Protocol):
    """A Terraform resource instance as this module reads it; the Terraform format hands over its
    ``terraform.TfInstance`` objects, so the Kubernetes reader does not import the Terraform package."""

    type: str
    address: str
    file: str
    line: int
    attributes: dict[str, object]
    attribute_lines: dict[str, int]
    references: set[str]


Instance = TypeVar("Instance", bound=TfInstance)

#: (kind, apiVersion) -> the provider's resource types that write it (checked against the
#: provider's documentation, docs/resources/*.md of hashicorp/terraform-provider-kubernetes).
_WRITERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Deployment", "apps/v1"): ("kubernetes_deployment", "kubernetes_deployment_v1"),
    ("StatefulSet", "apps/v1"): ("kubernetes_stateful_set", "kubernetes_stateful_set_v1"),
    ("DaemonSet", "apps/v1"): ("kubernetes_daemonset", "kubernetes_daemon_set_v1"),
    ("ReplicationController", "v1"): ("kubernetes_replication_controller", "kubernetes_replication_controller_v1"),
    ("Pod", "v1"): ("kubernetes_pod", "kubernetes_pod_v1"),
    ("Job", "batch/v1"): ("kubernetes_job", "kubernetes_job_v1"),
    ("CronJob", "batch/v1"): ("kubernetes_cron_job", "kubernetes_cron_job_v1"),
    ("HorizontalPodAutoscaler", "autoscaling/v2"): (
        "kubernetes_horizontal_pod_autoscaler",
        "kubernetes_horizontal_pod_autoscaler_v1",
        "kubernetes_horizontal_pod_autoscaler_v2",
        "kubernetes_horizontal_pod_autoscaler_v2beta2",
    ),
    ("PodDisruptionBudget", "policy/v1"): ("kubernetes_pod_disruption_budget", "kubernetes_pod_disruption_budget_v1"),
    ("Service", "v1"): ("kubernetes_service", "kubernetes_service_v1"),
    ("Ingress", "networking.k8s.io/v1"): ("kubernetes_ingress", "kubernetes_ingress_v1"),
    ("Secret", "v1"): ("kubernetes_secret", "kubernetes_secret_v1"),
    ("PersistentVolumeClaim", "v1"): ("kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1"),
    # Read for its labels: the objects in the namespace inherit a tier from them (docs/tiers.md).
    ("Namespace", "v1"): ("kubernetes_namespace", "kubernetes_namespace_v1"),
}
#: Provider resource type -> (kind, apiVersion).
KINDS = {name: kind for kind, names in _WRITERS.items() for name in names}
MANIFEST = "kubernetes_manifest"
#: Repeated blocks the API spells as a plural list (``container`` blocks -> ``containers``).
_PLURALS = {
    "container": "containers",
    "init_container": "initContainers",
    "volume": "volumes",
    "topology_spread_constraint": "topologySpreadConstraints",
    "node_selector_term": "nodeSelectorTerms",
    "toleration": "tolerations",
    "rule": "rules",
    "path": "paths",
}
#: Blocks that are lists in the API even when written once.
_LISTS = frozenset(
    {
        "match_expressions",
        "tls",
        "env",
        "env_from",
        "preferred_during_scheduling_ignored_during_execution",
    }
)
#: Attributes the provider types as strings so that 0 differs from "not set" (``replicas = "3"``).
_COUNTS = frozenset({"replicas", "min_available", "max_unavailable", "max_surge"})
#: Top-level arguments that are the object (the rest configure Terraform: ``wait_for_rollout``).
_BODY = ("metadata", "spec", "data", "type")


def kind_of(resource_type: str) -> tuple[str, str] | None:
    """The Kubernetes kind and apiVersion a provider resource type writes, else None."""
    return KINDS.get(resource_type)


def writers(kind: str) -> tuple[str, ...]:
    """The provider's resource types that write *kind* (for the coverage page)."""
    return tuple(name for (written, _), names in _WRITERS.items() if written == kind for name in names)


def handles(resource_type: str) -> bool:
    """Whether reslint reads *resource_type* as a Kubernetes object."""
    return resource_type == MANIFEST or kind_of(resource_type) is not None


def to_objects(instances: Iterable[TfInstance]) -> list[K8sObject]:
    """The Kubernetes object each instance writes; a ``kubernetes_manifest`` whose manifest is not a
    literal object (``yamldecode(file(...))``, a variable) writes none that can be read."""
    objects = []
    for instance in instances:
        obj = _manifest(instance) if instance.type == MANIFEST else _provider_object(instance)
        if obj is not None:
            objects.append(obj)
    return objects


def to_k8s_resources(instances: list[Instance]) -> tuple[list[Resource], list[K8sObject], list[Instance]]:
    """Resources for the instances, related among themselves as in a cluster; the objects with a pod
    template reslint does not read (for notices); the instances that write no readable object."""
    objects = to_objects(instances)
    by_address = {instance.address: instance for instance in instances}
    read = {obj.address: obj for obj in objects}
    resources = to_resources(objects, Format.TERRAFORM)
    for resource in resources:
        instance = by_address[resource.address]
        resource.type = instance.type
        resource.references |= instance.references
        if instance.type == MANIFEST:
            resource.facts.fixes = fixes_for(object_kind(read[resource.address]))  # written as a manifest
        else:
            _spell_as_written(resource)
            resource.facts.fixes = terraform_fixes_for(KINDS[instance.type][0])
    return resources, unread_workloads(objects), [i for i in instances if i.address not in read]


def _spell_as_written(resource: Resource) -> None:
    """Evidence in the provider's spelling: ``min_replicas not set``, ``no readiness_probe``."""
    facts = resource.facts
    facts.respell(_snake)
    facts.probes = [replace(probe, check=_snake(probe.check)) for probe in facts.probes]
    facts.certificates = [replace(cert, evidence=_snake(cert.evidence)) for cert in facts.certificates]


_SINGULARS = {plural: name for name, plural in _PLURALS.items()}
_CAMEL_WORD = re.compile(r"\b[a-z]+(?:[A-Z][a-z0-9]*)+\b|\b(?:" + "|".join(_SINGULARS) + r")\b")
_SETTING = re.compile(r"^([A-Za-z_.\[\]0-9]+): ")


def _snake(text: str) -> str:
    """Manifest names in *text* as the provider's blocks name them (``key: value`` as ``key = value``)."""
    text = _SETTING.sub(r"\1 = ", text)
    return _CAMEL_WORD.sub(
        lambda m: _SINGULARS.get(m.group(0)) or re.sub(r"(?<!^)([A-Z])", r"_\1", m.group(0)).lower(), text
    )


def _provider_object(instance: TfInstance) -> K8sObject | None:
    found = kind_of(instance.type)
    if found is None:
        return None
    kind, api_version = found
    lines = _Lines(instance.attribute_lines)
    body = Mapping(instance.line)
    body["apiVersion"], body["kind"] = api_version, kind
    for key in _BODY:
        if key in instance.attributes:
            body[_camel(key)] = lines.convert(instance.attributes[key], key, "", key, instance.line)
            body.key_lines[_camel(key)] = lines.at(key, instance.line)
    return _object(instance, kind, api_version, body)


def _manifest(instance: TfInstance) -> K8sObject | None:
    manifest = instance.attributes.get("manifest")
    if not isinstance(manifest, dict):
        return None
    line = instance.attribute_lines.get("manifest", instance.line)
    body = _literal(manifest, line)
    if not isinstance(body, Mapping):
        return None
    kind, api_version = body.get("kind"), body.get("apiVersion")
    if not isinstance(kind, str) or not isinstance(api_version, str):
        return None
    return _object(instance, kind, api_version, body)


def _object(instance: TfInstance, kind: str, api_version: str, body: Mapping) -> K8sObject:
    metadata = body.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else Mapping(instance.line)
    name = metadata.get("name", metadata.get("generate_name", metadata.get("generateName")))
    if not isinstance(name, str):
        # Unknown names relate to nothing: no other object can be proven to name this one.
        name = f"(unknown name of {instance.address})"
    namespace: str | None = None
    if kind not in CLUSTER_SCOPED:
        declared = metadata.get("namespace")
        namespace = (
            UNKNOWN_NAMESPACE if isinstance(declared, Unknown) else str(declared) if declared else DEFAULT_NAMESPACE
        )
    return K8sObject(kind, api_version, name, namespace, body, instance.file, instance.line, instance.address)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class _Lines:
    """Converts blocks, knowing the line of every block and attribute by dotted path (``spec.0.replicas``)."""

    def __init__(self, lines: dict[str, int]) -> None:
        self.lines = lines

    def at(self, path: str, default: int) -> int:
        return self.lines.get(path, default)

    def convert(self, value: object, key: str, parent: str, path: str, line: int) -> object:
        """A Terraform value at *path* (named *key*, in block *parent*) in the manifest's shape."""
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            items = Sequence(self.at(path, line))
            for position, item in enumerate(value):
                item_path = f"{path}.{position}"
                item_line = self.at(item_path, items.line)
                assert isinstance(item, dict)
                items.append(self.block(item, key, item_path, item_line))
                items.item_lines.append(item_line)
            if key in _PLURALS or key in _LISTS or _is_term_list(key, parent):
                return items
            return items[0] if len(items) == 1 else items
        if isinstance(value, str) and key in _COUNTS and value.isdigit():
            return int(value)
        if isinstance(value, dict):
            # A map argument (labels, annotations, selector, match_labels, data): its keys are data.
            return _literal(value, self.at(path, line))
        return value

    def block(self, block: dict[str, object], key: str, path: str, line: int) -> Mapping:
        mapping = Mapping(line)
        for name, value in block.items():
            child = f"{path}.{name}"
            # A repeated block is a list, or UNKNOWN when a dynamic block's for_each cannot be known.
            repeated = isinstance(value, (list, Unknown))
            api_name = _PLURALS.get(name, _camel(name)) if repeated else _camel(name)
            mapping[api_name] = self.convert(value, name, key, child, line)
            mapping.key_lines[api_name] = self.at(child, line)
        return mapping


def _is_term_list(key: str, parent: str) -> bool:
    """Pod (anti-)affinity terms are a list; node affinity's required terms are one object."""
    return key == "required_during_scheduling_ignored_during_execution" and parent != "node_affinity"


def _literal(value: object, line: int) -> object:
    """An HCL object or list as written (a manifest, a map argument), every part at *line*."""
    if isinstance(value, dict):
        mapping = Mapping(line)
        for key, item in value.items():
            mapping[key] = _literal(item, line)
            mapping.key_lines[key] = line
        return mapping
    if isinstance(value, list):
        items = Sequence(line)
        for item in value:
            items.append(_literal(item, line))
            items.item_lines.append(line)
        return items
    return value
