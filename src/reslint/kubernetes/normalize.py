"""Kubernetes objects to resources with facts, linking objects that refer to each other.

Cross-object knowledge lives here, not in rules: which HorizontalPodAutoscaler scales a
Deployment, which PodDisruptionBudget selects its pods, which cert-manager Certificate produces
a TLS Secret.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

from reslint.kubernetes.fixes import fixes_for
from reslint.model import UNKNOWN, CertificateFact, Facts, Format, Maybe, ProbeFact, Resource, Role
from reslint.yamlload import Mapping

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reslint.kubernetes.reader import K8sObject

SCALED_WORKLOADS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"})
LONG_RUNNING = SCALED_WORKLOADS | {"DaemonSet"}
BATCH = frozenset({"Job", "CronJob"})
ZONE_KEYS = frozenset({"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"})
CERT_MANAGER_ANNOTATIONS = (
    "cert-manager.io/issuer",
    "cert-manager.io/cluster-issuer",
    "certmanager.k8s.io/issuer",
    "certmanager.k8s.io/cluster-issuer",
)
# Annotations through which the cloud, not a Secret, provides the Ingress certificate.
CLOUD_CERT_ANNOTATIONS = (
    "networking.gke.io/managed-certificates",
    "alb.ingress.kubernetes.io/certificate-arn",
)
ROLES = {
    "HorizontalPodAutoscaler": Role.AUTOSCALER,
    "PodDisruptionBudget": Role.DISRUPTION_BUDGET,
    "Secret": Role.SECRET,
    "Ingress": Role.TLS_ENDPOINT,
    "Certificate": Role.CERTIFICATE,
    "Service": Role.LOAD_BALANCER,
    "PersistentVolumeClaim": Role.STORAGE,
}


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else Mapping(0)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _line(mapping: Mapping, key: str) -> int:
    return mapping.key_lines.get(key, mapping.line)


def pod_template(obj: K8sObject) -> Mapping | None:
    """The pod template of a workload (a CronJob's is one level deeper), else None."""
    spec = _mapping(obj.body.get("spec"))
    if obj.kind == "CronJob":
        spec = _mapping(_mapping(spec.get("jobTemplate")).get("spec"))
    template = spec.get("template")
    return template if isinstance(template, Mapping) else None


def to_resources(objects: Iterable[K8sObject]) -> list[Resource]:
    """Resources for every object, with facts that may depend on other objects."""
    objects = list(objects)
    index = _Index(objects)
    resources = []
    for obj in objects:
        template = pod_template(obj)
        labels = [obj.metadata.get("labels"), obj.metadata.get("annotations")]
        if template is not None:
            template_meta = _mapping(template.get("metadata"))
            labels += [template_meta.get("labels"), template_meta.get("annotations")]
        if obj.kind in LONG_RUNNING:
            role = Role.WORKLOAD
        elif obj.kind in BATCH:
            role = Role.BATCH
        else:
            role = ROLES.get(obj.kind, Role.OTHER)
        resource = Resource(
            format=Format.KUBERNETES,
            type=obj.kind,
            address=obj.address,
            file=obj.file,
            line=obj.line,
            role=role,
            attributes=obj.body,
            tags=[(str(k), v) for mapping in labels if isinstance(mapping, dict) for k, v in mapping.items()],
        )
        _link(obj, template, resource, index)
        _fill_facts(obj, resource.facts, index)
        resource.facts.fixes = fixes_for(obj.kind)
        resources.append(resource)
    return resources


class _Index:
    """Lookups across objects, built once per scan, keyed by namespace."""

    def __init__(self, objects: list[K8sObject]) -> None:
        self.services: dict[str | None, list[K8sObject]] = defaultdict(list)
        self.autoscalers: dict[tuple[str | None, str, str], K8sObject] = {}
        self.budgets: dict[str | None, list[K8sObject]] = defaultdict(list)
        self.certificate_secrets: set[tuple[str | None, str]] = set()
        self.workloads: dict[str | None, list[K8sObject]] = defaultdict(list)
        for obj in objects:
            spec = _mapping(obj.body.get("spec"))
            if obj.kind == "HorizontalPodAutoscaler":
                target = _mapping(spec.get("scaleTargetRef"))
                self.autoscalers[(obj.namespace, str(target.get("kind")), str(target.get("name")))] = obj
            elif obj.kind == "PodDisruptionBudget":
                self.budgets[obj.namespace].append(obj)
            elif obj.kind == "Certificate" and obj.api_version.startswith(("cert-manager.io/", "certmanager.k8s.io/")):
                secret = spec.get("secretName")
                if isinstance(secret, str):
                    self.certificate_secrets.add((obj.namespace, secret))
            elif obj.kind == "Service":
                self.services[obj.namespace].append(obj)
            if obj.kind in SCALED_WORKLOADS or obj.kind == "DaemonSet":
                self.workloads[obj.namespace].append(obj)


def _fill_facts(obj: K8sObject, facts: Facts, index: _Index) -> None:
    spec = _mapping(obj.body.get("spec"))
    if obj.kind in SCALED_WORKLOADS:
        _replica_facts(obj, spec, facts, index)
        _rollout_facts(obj, spec, facts)
    template = pod_template(obj)
    if template is not None and obj.kind in LONG_RUNNING:
        pod_spec = _mapping(template.get("spec"))
        _probe_facts(pod_spec, facts)
        if obj.kind in SCALED_WORKLOADS:
            facts.zone_spread = _spreads_over_zones(pod_spec)
            facts.lines["zone_spread"] = _line(template, "spec")
            facts.disruption_budget = _has_budget(obj, template, index)
    if obj.kind == "HorizontalPodAutoscaler":
        min_replicas = spec.get("minReplicas", 1)
        facts.autoscaler_min_replicas = _count(min_replicas)
        facts.evidence["autoscaler_min_replicas"] = (
            f"minReplicas: {min_replicas}" if "minReplicas" in spec else "minReplicas not set (defaults to 1)"
        )
        facts.lines["autoscaler_min_replicas"] = _line(spec, "minReplicas")
    elif obj.kind == "PodDisruptionBudget":
        _budget_facts(obj, spec, facts, index)
    elif obj.kind == "Secret" and obj.body.get("type") == "kubernetes.io/tls":
        _secret_certificate(obj, facts, index)
    elif obj.kind == "Ingress":
        _ingress_certificates(obj, spec, facts, index)


def _count(value: object) -> Maybe[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return UNKNOWN


def _replica_facts(obj: K8sObject, spec: Mapping, facts: Facts, index: _Index) -> None:
    autoscaler = index.autoscalers.get((obj.namespace, obj.kind, obj.name))
    if autoscaler is not None:
        hpa_spec = _mapping(autoscaler.body.get("spec"))
        facts.replicas = _count(hpa_spec.get("minReplicas", 1))
        facts.autoscaled_by = autoscaler.address
        facts.evidence["replicas"] = f"{autoscaler.address} minReplicas: {hpa_spec.get('minReplicas', 1)}"
        return
    if "replicas" in spec:
        facts.replicas = _count(spec["replicas"])
        facts.evidence["replicas"] = f"replicas: {spec['replicas']}"
        facts.lines["replicas"] = _line(spec, "replicas")
    else:
        facts.replicas = 1
        facts.evidence["replicas"] = "replicas not set (defaults to 1)"
        facts.lines["replicas"] = _line(obj.body, "spec")


def _probe_facts(pod_spec: Mapping, facts: Facts) -> None:
    containers = [c for c in _list(pod_spec.get("containers")) if isinstance(c, Mapping)]
    # Native sidecars are init containers that keep running (restartPolicy: Always).
    containers += [
        c for c in _list(pod_spec.get("initContainers"))
        if isinstance(c, Mapping) and c.get("restartPolicy") == "Always"
    ]
    for container in containers:
        subject = f"container '{container.get('name', '?')}'"
        for kind, key in (("readiness", "readinessProbe"), ("liveness", "livenessProbe")):
            present = isinstance(container.get(key), Mapping) and bool(container[key])
            facts.probes.append(ProbeFact(subject, kind, key, present, container.line))


def _spreads_over_zones(pod_spec: Mapping) -> bool:
    for constraint in _list(pod_spec.get("topologySpreadConstraints")):
        if isinstance(constraint, Mapping) and constraint.get("topologyKey") in ZONE_KEYS:
            return True
    anti = _mapping(_mapping(pod_spec.get("affinity")).get("podAntiAffinity"))
    terms = _list(anti.get("requiredDuringSchedulingIgnoredDuringExecution"))
    terms += [
        _mapping(weighted).get("podAffinityTerm")
        for weighted in _list(anti.get("preferredDuringSchedulingIgnoredDuringExecution"))
        if isinstance(weighted, Mapping)
    ]
    return any(isinstance(term, Mapping) and term.get("topologyKey") in ZONE_KEYS for term in terms)


def _rollout_facts(obj: K8sObject, spec: Mapping, facts: Facts) -> None:
    if obj.kind != "Deployment":
        return
    strategy = _mapping(spec.get("strategy"))
    facts.lines["rollout_keeps_capacity"] = _line(spec, "strategy")
    if strategy.get("type") == "Recreate":
        facts.rollout_keeps_capacity = False
        facts.evidence["rollout_keeps_capacity"] = "strategy.type: Recreate"
        return
    rolling = _mapping(strategy.get("rollingUpdate"))
    if "maxUnavailable" not in rolling:
        facts.rollout_keeps_capacity = True
        return
    max_unavailable = rolling["maxUnavailable"]
    facts.evidence["rollout_keeps_capacity"] = f"rollingUpdate.maxUnavailable: {max_unavailable}"
    facts.lines["rollout_keeps_capacity"] = _line(rolling, "maxUnavailable")
    replicas = facts.replicas
    percent = _percent(max_unavailable)
    if percent is not None:
        if percent >= 100:
            facts.rollout_keeps_capacity = False
        elif isinstance(replicas, int):
            facts.rollout_keeps_capacity = math.floor(replicas * percent / 100) < replicas or replicas == 0
        else:
            facts.rollout_keeps_capacity = UNKNOWN
    elif isinstance(max_unavailable, int) and not isinstance(max_unavailable, bool):
        facts.rollout_keeps_capacity = max_unavailable < replicas if isinstance(replicas, int) else UNKNOWN
    else:
        facts.rollout_keeps_capacity = UNKNOWN


def _percent(value: object) -> float | None:
    if isinstance(value, str) and value.endswith("%"):
        try:
            return float(value[:-1])
        except ValueError:
            return None
    return None


def selector_matches(selector: object, labels: object) -> Maybe[bool]:
    """Whether a label selector selects pods with *labels*; UNKNOWN when the selector is malformed."""
    if not isinstance(selector, dict):
        return UNKNOWN
    labels = labels if isinstance(labels, dict) else {}
    match_labels = selector.get("matchLabels") or {}
    if not isinstance(match_labels, dict):
        return UNKNOWN
    if any(labels.get(k) != v for k, v in match_labels.items()):
        return False
    for expression in _list(selector.get("matchExpressions")):
        if not isinstance(expression, dict):
            return UNKNOWN
        key, operator = expression.get("key"), expression.get("operator")
        values = [str(v) for v in _list(expression.get("values"))]
        present = key in labels
        if operator == "In":
            ok = present and str(labels[key]) in values
        elif operator == "NotIn":
            ok = not present or str(labels[key]) not in values
        elif operator == "Exists":
            ok = present
        elif operator == "DoesNotExist":
            ok = not present
        else:
            return UNKNOWN
        if not ok:
            return False
    return True


def _has_budget(obj: K8sObject, template: Mapping, index: _Index) -> Maybe[bool]:
    pod_labels = _mapping(template.get("metadata")).get("labels")
    verdict: Maybe[bool] = False
    for budget in index.budgets.get(obj.namespace, []):
        match = selector_matches(_mapping(budget.body.get("spec")).get("selector"), pod_labels)
        if match is True:
            return True
        if match is UNKNOWN:
            verdict = UNKNOWN
    return verdict


def _budget_facts(obj: K8sObject, spec: Mapping, facts: Facts, index: _Index) -> None:
    if "maxUnavailable" in spec:
        key, value = "maxUnavailable", spec["maxUnavailable"]
        percent = _percent(value)
        allows: Maybe[bool] = (percent > 0) if percent is not None else (
            value > 0 if isinstance(value, int) and not isinstance(value, bool) else UNKNOWN
        )
    elif "minAvailable" in spec:
        key, value = "minAvailable", spec["minAvailable"]
        percent = _percent(value)
        if percent is not None:
            allows = percent < 100
        elif isinstance(value, int) and not isinstance(value, bool):
            allows = _min_available_allows(obj, spec, value, index)
        else:
            allows = UNKNOWN
    else:
        return
    facts.disruption_allowed = allows
    facts.evidence["disruption_allowed"] = f"{key}: {value}"
    facts.lines["disruption_allowed"] = _line(spec, key)


def _min_available_allows(obj: K8sObject, spec: Mapping, min_available: int, index: _Index) -> Maybe[bool]:
    """An absolute minAvailable blocks every eviction when it is at least the replicas it selects."""
    selected = [
        workload for workload in index.workloads.get(obj.namespace, [])
        if (template := pod_template(workload)) is not None
        and selector_matches(spec.get("selector"), _mapping(template.get("metadata")).get("labels")) is True
    ]
    if not selected:
        return UNKNOWN
    total = 0
    for workload in selected:
        replicas = _mapping(workload.body.get("spec")).get("replicas", 1)
        if (workload.namespace, workload.kind, workload.name) in index.autoscalers:
            return UNKNOWN  # the autoscaler may run more replicas than minAvailable
        if not isinstance(replicas, int) or isinstance(replicas, bool):
            return UNKNOWN
        total += replicas
    return min_available < total


def _secret_certificate(obj: K8sObject, facts: Facts, index: _Index) -> None:
    data = {**_mapping(obj.body.get("data")), **_mapping(obj.body.get("stringData"))}
    if not data.get("tls.crt"):
        return  # an empty placeholder filled in by something else: nothing hand-made to judge
    annotations = _mapping(obj.metadata.get("annotations"))
    managed = (
        (obj.namespace, obj.name) in index.certificate_secrets or "cert-manager.io/certificate-name" in annotations
    )
    facts.certificates.append(CertificateFact(f"TLS Secret '{obj.name}'", managed, "inline tls.crt", obj.line))


def _ingress_certificates(obj: K8sObject, spec: Mapping, facts: Facts, index: _Index) -> None:
    annotations = _mapping(obj.metadata.get("annotations"))
    by_annotation = next(
        (key for key in CERT_MANAGER_ANNOTATIONS + CLOUD_CERT_ANNOTATIONS if annotations.get(key)), None
    )
    if by_annotation is None and str(annotations.get("kubernetes.io/tls-acme", "")).lower() == "true":
        by_annotation = "kubernetes.io/tls-acme"
    tls_entries = _list(spec.get("tls"))
    tls_lines = getattr(spec.get("tls"), "item_lines", [])
    for position, entry in enumerate(tls_entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("secretName"), str):
            continue  # no secret: the controller's default certificate, configured elsewhere
        secret = entry["secretName"]
        managed = by_annotation is not None or (obj.namespace, secret) in index.certificate_secrets
        line = tls_lines[position] if position < len(tls_lines) else entry.line
        facts.certificates.append(CertificateFact(f"TLS secret '{secret}'", managed, f"secretName: {secret}", line))


def _address(namespace: str | None, kind: str, name: object) -> str:
    return f"{namespace}/{kind}/{name}" if namespace is not None else f"{kind}/{name}"


def _link(obj: K8sObject, template: Mapping | None, resource: Resource, index: _Index) -> None:
    """Record which objects form one service with this one, and what it uses, for tier propagation."""
    spec = _mapping(obj.body.get("spec"))
    namespace = obj.namespace
    if template is not None:
        pod_labels = _mapping(template.get("metadata")).get("labels")
        for service in index.services.get(namespace, []):
            selector = _mapping(service.body.get("spec")).get("selector")
            # A Service selects with plain labels, not a label selector object.
            if isinstance(selector, dict) and selector and (
                selector_matches({"matchLabels": selector}, pod_labels) is True
            ):
                resource.tier_peers.add(service.address)
        for budget in index.budgets.get(namespace, []):
            if selector_matches(_mapping(budget.body.get("spec")).get("selector"), pod_labels) is True:
                resource.tier_peers.add(budget.address)
        if (namespace, obj.kind, obj.name) in index.autoscalers:
            resource.tier_peers.add(index.autoscalers[(namespace, obj.kind, obj.name)].address)
        resource.references.update(_pod_dependencies(_mapping(template.get("spec")), namespace))
    if obj.kind == "Ingress":
        backends = [_mapping(spec.get("defaultBackend"))]
        for rule in _list(spec.get("rules")):
            for path in _list(_mapping(_mapping(rule).get("http")).get("paths")):
                backends.append(_mapping(_mapping(path).get("backend")))
        for backend in backends:
            name = _mapping(backend.get("service")).get("name") or backend.get("serviceName")
            if isinstance(name, str):
                resource.tier_peers.add(_address(namespace, "Service", name))
        for entry in _list(spec.get("tls")):
            secret = _mapping(entry).get("secretName")
            if isinstance(secret, str):
                resource.references.add(_address(namespace, "Secret", secret))


def _pod_dependencies(pod_spec: Mapping, namespace: str | None) -> set[str]:
    """Secrets, ConfigMaps and PersistentVolumeClaims a pod mounts or reads its environment from."""
    found: set[str] = set()
    for entry in _list(pod_spec.get("volumes")):
        volume = _mapping(entry)
        for kind, key, name_key in (("Secret", "secret", "secretName"), ("ConfigMap", "configMap", "name"),
                                    ("PersistentVolumeClaim", "persistentVolumeClaim", "claimName")):
            name = _mapping(volume.get(key)).get(name_key)
            if isinstance(name, str):
                found.add(_address(namespace, kind, name))
    containers = _list(pod_spec.get("containers")) + _list(pod_spec.get("initContainers"))
    for item in containers:
        container = _mapping(item)
        for source in _list(container.get("envFrom")):
            for kind, key in (("Secret", "secretRef"), ("ConfigMap", "configMapRef")):
                name = _mapping(_mapping(source).get(key)).get("name")
                if isinstance(name, str):
                    found.add(_address(namespace, kind, name))
        for variable in _list(container.get("env")):
            value_from = _mapping(_mapping(variable).get("valueFrom"))
            for kind, key in (("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef")):
                name = _mapping(value_from.get(key)).get("name")
                if isinstance(name, str):
                    found.add(_address(namespace, kind, name))
    return found
