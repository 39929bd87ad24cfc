"""Kubernetes manifests to objects: multi-document files, ``List`` kinds, namespaces, lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reslint.errors import ParseError, SkipFile
from reslint.yamlload import Mapping, YamlError, line_of, load_all

_API_VERSION = re.compile(r"""^\s*["']?apiVersion["']?\s*:""", re.MULTILINE)
_KIND = re.compile(r"""^\s*["']?kind["']?\s*:""", re.MULTILINE)
EXTENSIONS = (".yaml", ".yml", ".json")
DEFAULT_NAMESPACE = "default"
# Objects that live outside namespaces; an unknown custom kind is taken to be namespaced.
CLUSTER_SCOPED = frozenset(
    {
        "APIService",
        "CSIDriver",
        "CSINode",
        "CertificateSigningRequest",
        "ClusterIssuer",
        "ClusterRole",
        "ClusterRoleBinding",
        "ComponentStatus",
        "CustomResourceDefinition",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PodSecurityPolicy",
        "PriorityClass",
        "RuntimeClass",
        "StorageClass",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "VolumeAttachment",
        "VolumeSnapshotClass",
    }
)
# Tool configuration shaped like objects, never applied to a cluster.
_NOT_CLUSTER_OBJECTS = ("kustomize.config.k8s.io/", "skaffold/", "kind.x-k8s.io/")


@dataclass
class K8sObject:
    """One Kubernetes object with where it was written."""

    kind: str
    api_version: str
    name: str
    namespace: str | None  # None for cluster-scoped kinds
    body: Mapping
    file: str
    line: int
    #: The address in the format the object was written in, when not a manifest: a Terraform
    #: ``kubernetes_deployment_v1.api`` is found and reported by that address.
    source_address: str | None = None

    @property
    def address(self) -> str:
        """``namespace/Kind/name``, or ``Kind/name`` for cluster-scoped objects."""
        if self.source_address is not None:
            return self.source_address
        prefix = f"{self.namespace}/" if self.namespace is not None else ""
        return f"{prefix}{self.kind}/{self.name}"

    @property
    def metadata(self) -> Mapping:
        meta = self.body.get("metadata")
        return meta if isinstance(meta, Mapping) else Mapping(self.line)


def looks_like_manifest(path: str, text: str) -> bool:
    """Cheap test before parsing: a YAML/JSON file (or stdin) mentioning apiVersion and kind."""
    if path != "<stdin>" and not path.lower().endswith(EXTENSIONS):
        return False
    return bool(_API_VERSION.search(text) and _KIND.search(text))


def read_objects(path: str, text: str) -> list[K8sObject]:
    """Every Kubernetes object in a file; other YAML documents are ignored.

    Raises SkipFile for Helm templates and ParseError for invalid YAML.
    """
    if _is_chart_template(path):
        chart = _chart_of(path)
        raise SkipFile(
            f"Helm chart template (helm is not on PATH to render {chart}); lint rendered output instead: "
            f"helm template {chart} | reslint check - --stdin-filename {chart}"
        )
    objects: list[K8sObject] = []
    try:
        for document, line in load_all(text):
            objects.extend(_objects_in(document, line, path))
    except YamlError as exc:
        if "{{" in text:
            raise SkipFile(
                "contains Go template syntax ({{ }}); lint rendered output instead: helm template . | reslint check -"
            ) from None
        raise ParseError(f"invalid YAML: {exc.message}", exc.line) from None
    return objects


def _is_chart_template(path: str) -> bool:
    """A file under the ``templates/`` folder of a Helm chart (a folder holding ``Chart.yaml``)."""
    parts = PurePosixPath(path).parts
    return any(
        part == "templates" and Path(*parts[:index], "Chart.yaml").is_file() for index, part in enumerate(parts[:-1])
    )


def _chart_of(path: str) -> str:
    """The chart folder of a template (the innermost ``templates/`` parent holding ``Chart.yaml``)."""
    parts = PurePosixPath(path).parts
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] == "templates" and Path(*parts[:index], "Chart.yaml").is_file():
            return PurePosixPath(*parts[:index]).as_posix() if index else "."
    return "."


def _objects_in(document: object, line: int, path: str) -> list[K8sObject]:
    if not isinstance(document, Mapping):
        return []
    kind, api_version = document.get("kind"), document.get("apiVersion")
    if not isinstance(kind, str) or not isinstance(api_version, str) or not kind:
        return []
    if api_version.startswith(_NOT_CLUSTER_OBJECTS):
        return []
    items = document.get("items")
    if kind.endswith("List") and isinstance(items, list):
        return [obj for item in items for obj in _objects_in(item, line_of(item, line), path)]
    metadata = document.get("metadata")
    if not isinstance(metadata, Mapping):
        return []
    name = metadata.get("name") or metadata.get("generateName") or "<unnamed>"
    namespace: str | None = None
    if kind not in CLUSTER_SCOPED:
        declared = metadata.get("namespace")
        namespace = str(declared) if declared else DEFAULT_NAMESPACE
    return [K8sObject(kind, api_version, str(name), namespace, document, path, line)]
