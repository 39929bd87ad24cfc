"""Kubernetes objects to resources with facts, linking objects that refer to each other.

Cross-object knowledge lives here, not in rules: which HorizontalPodAutoscaler or KEDA
ScaledObject scales a workload, which PodDisruptionBudget selects its pods, which Deployment an
Argo Rollout takes its pod template from, which cert-manager Certificate produces a TLS Secret.

Findings about a setting point at its line; findings about a missing setting point at the
object's ``metadata.name`` line (the line naming the object the address ends with, stable
whatever order ``apiVersion``/``kind``/``metadata`` are written in). ``Resource.line`` stays the
object's first line, which suppression comments above the object attach to.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

from reslint.kubernetes import ingress
from reslint.kubernetes.fixes import fixes_for
from reslint.model import UNKNOWN, CertificateFact, Fact, Facts, Format, Maybe, ProbeFact, Resource, Role, Unknown
from reslint.yamlload import Mapping

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reslint.kubernetes.reader import K8sObject

#: Controllers that keep a number of interchangeable pods running.
SCALED_WORKLOADS = frozenset(
    {
        "Deployment",
        "StatefulSet",
        "ReplicaSet",
        "ReplicationController",
        "Rollout",
        "DeploymentConfig",
    }
)
LONG_RUNNING = SCALED_WORKLOADS | {"DaemonSet", "Pod"}
BATCH = frozenset({"Job", "CronJob"})
#: Custom kinds read only from their own API group ("" is the legacy ``apiVersion: v1``).
CUSTOM_KINDS = {
    "Rollout": ("argoproj.io",),
    "ScaledObject": ("keda.sh",),
    "DeploymentConfig": ("apps.openshift.io", ""),
}
#: Kinds whose pod template reslint reads; any other kind with one gets a notice.
KNOWN_TEMPLATE_KINDS = LONG_RUNNING | BATCH
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
    "ScaledObject": Role.AUTOSCALER,
    "PodDisruptionBudget": Role.DISRUPTION_BUDGET,
    "Secret": Role.SECRET,
    "Ingress": Role.TLS_ENDPOINT,
    "Certificate": Role.CERTIFICATE,
    "Service": Role.LOAD_BALANCER,
    "PersistentVolumeClaim": Role.STORAGE,
}
#: A namespace that cannot be known statically (a Terraform variable without a value): objects in
#: it are related to nothing, and every verdict that needs a relation is UNKNOWN.
UNKNOWN_NAMESPACE = "(unknown namespace)"


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else Mapping(0)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _line(mapping: Mapping, key: str) -> int:
    return mapping.key_lines.get(key, mapping.line)


def kind_of(obj: K8sObject) -> str:
    """The kind reslint reads the object as; a custom kind from another API group reads as ``""``."""
    groups = CUSTOM_KINDS.get(obj.kind)
    if groups is None:
        return obj.kind
    group = obj.api_version.rpartition("/")[0]
    return obj.kind if group in groups else ""


def name_line(obj: K8sObject) -> int:
    """Where a finding about something the object does not state points: its ``metadata.name``."""
    metadata = obj.metadata
    return metadata.key_lines.get("name", metadata.key_lines.get("generateName", obj.line))


def pod_template(obj: K8sObject) -> Mapping | None:
    """The pod template written in a workload (a CronJob's is one level deeper; a Pod is its own)."""
    if obj.kind == "Pod":
        return obj.body
    spec = _mapping(obj.body.get("spec"))
    if obj.kind == "CronJob":
        spec = _mapping(_mapping(spec.get("jobTemplate")).get("spec"))
    template = spec.get("template")
    return template if isinstance(template, Mapping) else None


def _runs_to_completion(obj: K8sObject) -> bool:
    """A bare Pod that is not meant to keep serving: it stops when done, or is a Helm hook or test."""
    restart = _mapping(obj.body.get("spec")).get("restartPolicy", "Always")
    return restart in {"Never", "OnFailure"} or "helm.sh/hook" in _mapping(obj.metadata.get("annotations"))


def _role(obj: K8sObject, kind: str, index: _Index) -> Role:
    if kind == "Pod":
        if obj.metadata.get("ownerReferences") not in (None, [], ""):
            return Role.OTHER  # dumped from a cluster: its controller is the workload
        return Role.BATCH if _runs_to_completion(obj) else Role.WORKLOAD
    if kind == "Deployment" and (obj.namespace, obj.name) in index.rollout_templates:
        return Role.OTHER  # the pod template of an Argo Rollout (workloadRef): the Rollout is judged
    if kind in LONG_RUNNING:
        return Role.WORKLOAD
    if kind in BATCH:
        return Role.BATCH
    return ROLES.get(kind, Role.OTHER)


def to_resources(objects: Iterable[K8sObject], resource_format: Format = Format.KUBERNETES) -> list[Resource]:
    """Resources for every object, with facts that may depend on other objects.

    *resource_format* is the format the objects were written in: Terraform ``kubernetes_*``
    resources are read through the same code, with their own addresses (``K8sObject.source_address``).
    """
    objects = list(objects)
    index = _Index(objects)
    # A namespace's labels and annotations: its objects inherit a tier from them.
    namespaces = {
        obj.name: _tag_pairs([obj.metadata.get("labels"), obj.metadata.get("annotations")])
        for obj in objects
        if obj.kind == "Namespace"
    }
    resources = []
    for obj in objects:
        kind = kind_of(obj)
        template = index.template(obj)
        labels = [obj.metadata.get("labels"), obj.metadata.get("annotations")]
        if template is not None and template is not obj.body:
            template_meta = _mapping(template.get("metadata"))
            labels += [template_meta.get("labels"), template_meta.get("annotations")]
        resource = Resource(
            format=resource_format,
            type=obj.kind,
            address=obj.address,
            file=obj.file,
            line=obj.line,
            role=_role(obj, kind, index),
            attributes=obj.body,
            tags=_tag_pairs(labels),
        )
        if obj.namespace in namespaces:
            resource.inherited_tags = namespaces[obj.namespace]
            resource.inherited_tags_from = f"namespace {obj.namespace}"
        _link(obj, kind, template, resource, index)
        if resource.role is not Role.OTHER or kind not in LONG_RUNNING:
            _fill_facts(obj, kind, resource.facts, index)
        # The fix table is spelled as manifests are (`spec.replicas: 2`); a Terraform `kubernetes_*`
        # resource would need HCL, so it keeps the rule's general fix rather than a wrong spelling.
        resource.facts.fixes = fixes_for(kind) if resource_format is Format.KUBERNETES else {}
        resources.append(resource)
    return resources


def unread_workloads(objects: Iterable[K8sObject]) -> list[K8sObject]:
    """Objects with a pod template (``spec.template.spec.containers``) of a kind reslint does not read.

    Their replicas, rollout and placement are unknown, so they get a notice rather than silence.
    """
    found = []
    for obj in objects:
        if kind_of(obj) in KNOWN_TEMPLATE_KINDS:
            continue
        template = _mapping(_mapping(obj.body.get("spec")).get("template"))
        if isinstance(_mapping(template.get("spec")).get("containers"), list):
            found.append(obj)
    return found


def _tag_pairs(mappings: list[object]) -> list[tuple[str, object]]:
    return [(str(k), v) for mapping in mappings if isinstance(mapping, dict) for k, v in mapping.items()]


def unread_notice(obj: K8sObject) -> str:
    """The notice for an object :func:`unread_workloads` found."""
    return (
        f"{obj.address}: {obj.api_version} {obj.kind} runs pods from a template, but reslint does not know how it "
        "keeps them running (replicas, rollout, autoscaling); its probes and placement are not checked"
    )


class _Index:
    """Lookups across objects, built once per scan, keyed by namespace."""

    def __init__(self, objects: list[K8sObject]) -> None:
        self.services: dict[str | None, list[K8sObject]] = defaultdict(list)
        self.autoscalers: dict[tuple[str | None, str, str], K8sObject] = {}
        # Namespaces holding an autoscaler whose target cannot be known: it may scale any workload.
        self.blind_autoscalers: set[str | None] = set()
        self.budgets: dict[str | None, list[K8sObject]] = defaultdict(list)
        self.certificate_secrets: set[tuple[str | None, str]] = set()
        self.workloads: dict[str | None, list[K8sObject]] = defaultdict(list)
        self.deployments: dict[tuple[str | None, str], K8sObject] = {}
        # Deployments an Argo Rollout takes its pod template from (workloadRef).
        self.rollout_templates: dict[tuple[str | None, str], K8sObject] = {}
        self._templates: dict[int, Mapping | None] = {}
        self.named: dict[tuple[str | None, str, str], K8sObject] = {}
        self.ingress_classes: dict[str, K8sObject] = {}
        # spec.controller value -> the workloads that implement it (ingress.py recognises them).
        self.ingress_controllers: dict[str, list[K8sObject]] = defaultdict(list)
        # The cluster's DNS servers (CoreDNS, kube-dns): every pod resolving names needs them.
        self.cluster_dns: list[K8sObject] = []
        for obj in objects:
            self.named.setdefault((obj.namespace, obj.kind, obj.name), obj)
            kind = kind_of(obj)
            spec = _mapping(obj.body.get("spec"))
            if kind in {"HorizontalPodAutoscaler", "ScaledObject"}:
                target = _mapping(spec.get("scaleTargetRef"))
                # KEDA defaults the target kind to Deployment; an HPA must name it.
                target_kind = target.get("kind", "Deployment" if kind == "ScaledObject" else None)
                name = target.get("name")
                if not isinstance(name, str) or not isinstance(target_kind, str) or obj.namespace == UNKNOWN_NAMESPACE:
                    self.blind_autoscalers.add(obj.namespace)
                else:
                    # The first autoscaler wins; two on one target fight each other at run time anyway.
                    self.autoscalers.setdefault((obj.namespace, target_kind, name), obj)
            elif kind == "PodDisruptionBudget":
                self.budgets[obj.namespace].append(obj)
            elif kind == "Certificate" and obj.api_version.startswith(("cert-manager.io/", "certmanager.k8s.io/")):
                secret = spec.get("secretName")
                if isinstance(secret, str):
                    self.certificate_secrets.add((obj.namespace, secret))
            elif kind == "Service":
                self.services[obj.namespace].append(obj)
            elif kind == "IngressClass":
                self.ingress_classes.setdefault(obj.name, obj)
            elif kind == "Rollout":
                ref = _mapping(spec.get("workloadRef"))
                if ref.get("kind", "Deployment") == "Deployment" and isinstance(ref.get("name"), str):
                    self.rollout_templates[(obj.namespace, str(ref["name"]))] = obj
            if kind == "Deployment":
                self.deployments[(obj.namespace, obj.name)] = obj
            if kind in LONG_RUNNING:
                self.workloads[obj.namespace].append(obj)
        for workloads in self.workloads.values():
            for obj in workloads:
                template = self.template(obj)
                if template is None:
                    continue
                labels = _mapping(template.get("metadata")).get("labels") or obj.metadata.get("labels")
                for controller in sorted(ingress.controllers_of(_mapping(template.get("spec")), labels)):
                    self.ingress_controllers[controller].append(obj)
                if _serves_cluster_dns(obj, labels):
                    self.cluster_dns.append(obj)

    def template(self, obj: K8sObject) -> Mapping | None:
        """The pod template a workload runs, following an Argo Rollout's ``workloadRef``."""
        key = id(obj)
        if key not in self._templates:
            template = pod_template(obj)
            if template is None and kind_of(obj) == "Rollout":
                ref = _mapping(_mapping(obj.body.get("spec")).get("workloadRef"))
                source = self.deployments.get((obj.namespace, str(ref.get("name"))))
                if source is not None and ref.get("kind", "Deployment") == "Deployment":
                    template = pod_template(source)
            self._templates[key] = template
        return self._templates[key]

    def ingress_servers(self, obj: K8sObject) -> list[str]:
        """What serves an Ingress: the IngressClass it names (or the default one), else, for a
        class no IngressClass in the scan defines, the controllers that watch it by default."""
        name = ingress.class_name(obj)
        if name is None:
            return sorted(c.address for c in self.ingress_classes.values() if ingress.is_default_class(c))
        if name in self.ingress_classes:
            return [self.ingress_classes[name].address]
        return sorted({w.address for c in ingress.legacy_controllers(name) for w in self.ingress_controllers[c]})

    def address_of(self, namespace: str | None, kind: str, name: str) -> str:
        """The address of the object a reference by name points at (a Terraform one has its own)."""
        found = self.named.get((namespace, kind, name))
        return found.address if found is not None else _address(namespace, kind, name)

    def autoscaler(self, obj: K8sObject) -> K8sObject | Unknown | None:
        """The autoscaler that scales *obj*; UNKNOWN when one may, but its target is not known."""
        found = self.autoscalers.get((obj.namespace, obj.kind, obj.name))
        if found is not None:
            return found
        if obj.namespace in self.blind_autoscalers or UNKNOWN_NAMESPACE in self.blind_autoscalers:
            return UNKNOWN
        if obj.namespace == UNKNOWN_NAMESPACE and (
            self.blind_autoscalers or any(key[1:] == (obj.kind, obj.name) for key in self.autoscalers)
        ):
            return UNKNOWN  # an autoscaler in some namespace names it, and it may be that one
        return None


def _fill_facts(obj: K8sObject, kind: str, facts: Facts, index: _Index) -> None:
    spec = _mapping(obj.body.get("spec"))
    if kind in SCALED_WORKLOADS:
        _replica_facts(obj, kind, spec, facts, index)
        _rollout_facts(obj, kind, spec, facts)
    elif kind == "Pod":
        facts.replicas = Fact(1, "a bare Pod: one copy, and no controller replaces it", name_line(obj))
    template = index.template(obj)
    if template is not None and kind in LONG_RUNNING:
        pod_spec = _mapping(template.get("spec"))
        pod_labels = _mapping(template.get("metadata")).get("labels")
        readiness = kind != "DaemonSet" or _selected_by_service(obj, pod_labels, index)
        _probe_facts(pod_spec, facts, readiness)
        if kind in SCALED_WORKLOADS:
            _zone_spread_facts(obj, pod_spec, pod_labels, facts)
            facts.disruption_budget = Fact(_has_budget(obj, template, index), line=name_line(obj))
    if kind in {"HorizontalPodAutoscaler", "ScaledObject"}:
        facts.autoscaler_min_replicas = Fact(*_autoscaler_minimum(obj))
    elif kind == "PodDisruptionBudget":
        _budget_facts(obj, spec, facts, index)
    elif kind == "Secret" and obj.body.get("type") == "kubernetes.io/tls":
        _secret_certificate(obj, facts, index)
    elif kind == "Ingress":
        _ingress_certificates(obj, spec, facts, index)


def _count(value: object) -> Maybe[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return UNKNOWN


def _autoscaler_minimum(autoscaler: K8sObject) -> tuple[Maybe[int], str, int]:
    """An HPA's ``minReplicas`` (default 1) or a ScaledObject's lower bound, with evidence and line.

    KEDA's ``minReplicaCount`` defaults to 0, and ``idleReplicaCount`` (only 0 is allowed) scales
    to it whenever no event arrives, whatever ``minReplicaCount`` says.
    """
    spec = _mapping(autoscaler.body.get("spec"))
    if kind_of(autoscaler) == "ScaledObject":
        if "idleReplicaCount" in spec:
            value = spec["idleReplicaCount"]
            return _count(value), f"idleReplicaCount: {value}", _line(spec, "idleReplicaCount")
        key, default = "minReplicaCount", 0
    else:
        key, default = "minReplicas", 1
    if key in spec:
        return _count(spec[key]), f"{key}: {spec[key]}", _line(spec, key)
    return default, f"{key} not set (defaults to {default})", name_line(autoscaler)


def _replica_facts(obj: K8sObject, kind: str, spec: Mapping, facts: Facts, index: _Index) -> None:
    autoscaler = index.autoscaler(obj)
    if isinstance(autoscaler, Unknown):
        facts.replicas = Fact(UNKNOWN)  # an autoscaler whose target is unknown may be scaling this one
        return
    if autoscaler is not None:
        minimum, evidence, _ = _autoscaler_minimum(autoscaler)
        facts.replicas = Fact(minimum, f"{autoscaler.address} {evidence}")
        facts.autoscaled_by = autoscaler.address
        return
    if "replicas" in spec:
        count = _count(spec["replicas"])
        facts.replicas = Fact(count, f"replicas: {spec['replicas']}", _line(spec, "replicas"))
        facts.scaled_to_zero = count == 0
    else:
        # An OpenShift DeploymentConfig without replicas runs none; every other controller one.
        default = 0 if kind == "DeploymentConfig" else 1
        facts.replicas = Fact(default, f"replicas not set (defaults to {default})", name_line(obj))


def _probe_facts(pod_spec: Mapping, facts: Facts, readiness: Maybe[bool]) -> None:
    containers = [c for c in _list(pod_spec.get("containers")) if isinstance(c, Mapping)]
    # Native sidecars are init containers that keep running (restartPolicy: Always).
    containers += [
        c
        for c in _list(pod_spec.get("initContainers"))
        if isinstance(c, Mapping) and c.get("restartPolicy") == "Always"
    ]
    kinds = (("readiness", "readinessProbe"), ("liveness", "livenessProbe"))
    for container in containers:
        subject = f"container '{container.get('name', '?')}'"
        for kind, key in kinds:
            if kind == "readiness" and readiness is not True:
                continue
            probe = container.get(key)
            present: Maybe[bool] = (
                UNKNOWN if isinstance(probe, Unknown) else (isinstance(probe, Mapping) and bool(probe))
            )
            facts.probes.append(ProbeFact(subject, kind, key, present, container.line))


def _selected_by_service(obj: K8sObject, pod_labels: object, index: _Index) -> Maybe[bool]:
    """Whether a Service in the scan sends traffic to these pods (readiness only matters then)."""
    verdict: Maybe[bool] = False
    for service in index.services.get(obj.namespace, []):
        selector = _mapping(service.body.get("spec")).get("selector")
        if isinstance(selector, dict) and selector:
            match = selector_matches({"matchLabels": selector}, pod_labels)
            if match is True:
                return True
            if match is UNKNOWN:
                verdict = UNKNOWN
    return verdict


def _zone_spread_facts(obj: K8sObject, pod_spec: Mapping, pod_labels: object, facts: Facts) -> None:
    """Whether the scheduler spreads the pods over zones, judged as it would.

    A zone constraint (or zone anti-affinity term) spreads the pods only when its label selector
    selects the pods themselves: without one it counts no pod, and with another app's labels it
    spreads this one relative to that app. ``matchLabelKeys`` only narrows a selector with the
    pod's own label values, so it never changes whether the pod matches. A ``nodeSelector`` or a
    required ``nodeAffinity`` that allows exactly one zone defeats any spread.
    """
    pinned = _pinned_zone(pod_spec)
    if pinned is not None:
        facts.zone_spread = Fact(False, *pinned)
        return
    verdict: Maybe[bool] = False
    flaw: tuple[str, int] | None = None
    constraints = pod_spec.get("topologySpreadConstraints")
    for position, item in enumerate(_list(constraints)):
        constraint = _mapping(item)
        key = constraint.get("topologyKey")
        if isinstance(key, Unknown):
            verdict = UNKNOWN if verdict is False else verdict
            continue
        if key not in ZONE_KEYS:
            continue
        match = _selects_self(constraint.get("labelSelector"), pod_labels)
        where = f"topologySpreadConstraints[{position}]"
        if match is True:
            facts.zone_spread = Fact(True)
            return
        if match is UNKNOWN:
            verdict = UNKNOWN
        elif flaw is None:
            flaw = (_selector_flaw(where, constraint), _item_line(constraints, position, constraint))
    anti = _mapping(_mapping(pod_spec.get("affinity")).get("podAntiAffinity"))
    terms = [(t, "required") for t in _list(anti.get("requiredDuringSchedulingIgnoredDuringExecution"))]
    terms += [
        (_mapping(weighted).get("podAffinityTerm"), "preferred")
        for weighted in _list(anti.get("preferredDuringSchedulingIgnoredDuringExecution"))
    ]
    for item, how in terms:
        term = _mapping(item)
        if term.get("topologyKey") not in ZONE_KEYS:
            continue
        match = _selects_self(term.get("labelSelector"), pod_labels)
        if match is True:
            facts.zone_spread = Fact(True)
            return
        if match is UNKNOWN:
            verdict = UNKNOWN
        elif flaw is None:
            flaw = (_selector_flaw(f"podAntiAffinity ({how}) zone term", term), term.line)
    placement = (
        constraints,
        pod_spec.get("affinity"),
        _mapping(pod_spec.get("affinity")).get("podAntiAffinity"),
        anti.get("requiredDuringSchedulingIgnoredDuringExecution"),
        anti.get("preferredDuringSchedulingIgnoredDuringExecution"),
        *(term for term, _ in terms),
    )
    if verdict is False and any(isinstance(part, Unknown) for part in placement):
        verdict = UNKNOWN  # a spread written through a value that cannot be known
    facts.zone_spread = Fact(verdict, *flaw) if flaw is not None else Fact(verdict, line=name_line(obj))


def _selects_self(selector: object, pod_labels: object) -> Maybe[bool]:
    if selector is None:
        return False  # a nil selector counts no pod
    return selector_matches(selector, pod_labels)


def _selector_flaw(where: str, term: Mapping) -> str:
    if term.get("labelSelector") is None:
        return f"{where} has no labelSelector, so it counts no pods and spreads nothing"
    return f"{where} labelSelector matches none of the pod's labels, so it does not spread these pods"


def _item_line(sequence: object, position: int, item: Mapping) -> int:
    lines = getattr(sequence, "item_lines", [])
    return lines[position] if position < len(lines) else item.line


def _pinned_zone(pod_spec: Mapping) -> tuple[str, int] | None:
    """Evidence and line when node selection allows exactly one zone, else None."""
    node_selector = _mapping(pod_spec.get("nodeSelector"))
    for key in sorted(ZONE_KEYS & set(node_selector)):
        if isinstance(node_selector[key], str):
            return f"nodeSelector {key}: {node_selector[key]}", _line(node_selector, key)
    node_affinity = _mapping(_mapping(pod_spec.get("affinity")).get("nodeAffinity"))
    required = _mapping(node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution"))
    terms = _list(required.get("nodeSelectorTerms"))
    if not terms:
        return None
    zones: set[str] = set()
    zone_key = ""
    for term in terms:
        # Terms are ORed; the expressions of one term are ANDed, so one zone `In` restricts it.
        allowed: set[str] | None = None
        for item in _list(_mapping(term).get("matchExpressions")):
            expression = _mapping(item)
            label, values = expression.get("key"), _list(expression.get("values"))
            if (
                label in ZONE_KEYS
                and expression.get("operator") == "In"
                and values
                and all(isinstance(v, str) for v in values)
            ):
                zone_key = str(label)
                allowed = {str(v) for v in values} if allowed is None else allowed & {str(v) for v in values}
        if allowed is None:
            return None  # this term places pods in any zone
        zones |= allowed
    if len(zones) != 1:
        return None
    return (
        f"nodeAffinity requires {zone_key} In [{next(iter(zones))}]",
        _line(node_affinity, "requiredDuringSchedulingIgnoredDuringExecution"),
    )


def _rollout_facts(obj: K8sObject, kind: str, spec: Mapping, facts: Facts) -> None:
    """Whether an update keeps a replica serving: Deployment, Argo Rollout, DeploymentConfig."""
    strategy = _mapping(spec.get("strategy"))
    at_strategy = _line(spec, "strategy")
    recreate = Fact(False, "strategy.type: Recreate", at_strategy)
    if kind == "Deployment":
        if strategy.get("type") == "Recreate":
            facts.rollout_keeps_capacity = recreate
            return
        rolling, path = _mapping(strategy.get("rollingUpdate")), "rollingUpdate"
    elif kind == "DeploymentConfig":
        if strategy.get("type") == "Recreate":
            facts.rollout_keeps_capacity = recreate
            return
        if strategy.get("type", "Rolling") != "Rolling":
            return  # a Custom strategy: whatever its image does
        rolling, path = _mapping(strategy.get("rollingParams")), "rollingParams"
    elif kind == "Rollout":
        if "canary" not in strategy:
            # blueGreen brings the new ReplicaSet up in full before traffic switches to it.
            facts.rollout_keeps_capacity = Fact(True if "blueGreen" in strategy else None, line=at_strategy)
            return
        rolling, path = _mapping(strategy.get("canary")), "canary"
    else:
        return
    if "maxUnavailable" not in rolling:
        # The default, 25%, rounds down and keeps a replica.
        facts.rollout_keeps_capacity = Fact(True, line=at_strategy)
        return
    max_unavailable = rolling["maxUnavailable"]
    replicas = facts.replicas.value
    percent = _percent(max_unavailable)
    keeps: Maybe[bool] = UNKNOWN
    if percent is not None:
        if percent >= 100:
            keeps = False
        elif isinstance(replicas, int):
            keeps = math.floor(replicas * percent / 100) < replicas or replicas == 0
    elif isinstance(max_unavailable, int) and not isinstance(max_unavailable, bool) and isinstance(replicas, int):
        keeps = max_unavailable < replicas
    evidence = f"{path}.maxUnavailable: {max_unavailable}"
    facts.rollout_keeps_capacity = Fact(keeps, evidence, _line(rolling, "maxUnavailable"))


def _percent(value: object) -> float | None:
    if isinstance(value, str) and value.endswith("%"):
        try:
            return float(value[:-1])
        except ValueError:
            return None
    return None


def selector_matches(selector: object, labels: object) -> Maybe[bool]:
    """Whether a label selector selects pods with *labels*; UNKNOWN when the selector is malformed
    or a value it needs cannot be known."""
    if not isinstance(selector, dict) or isinstance(labels, Unknown):
        return UNKNOWN
    labels = labels if isinstance(labels, dict) else {}
    match_labels = selector.get("matchLabels")
    match_labels = {} if match_labels is None else match_labels
    if not isinstance(match_labels, dict):
        return UNKNOWN
    verdict: Maybe[bool] = True
    for key, value in match_labels.items():
        if isinstance(value, Unknown) or isinstance(labels.get(key), Unknown):
            verdict = UNKNOWN
        elif labels.get(key) != value:
            return False
    expressions = selector.get("matchExpressions")
    if isinstance(expressions, Unknown):
        return UNKNOWN
    for expression in _list(expressions):
        if not isinstance(expression, dict):
            return UNKNOWN
        key, operator = expression.get("key"), expression.get("operator")
        raw = expression.get("values")
        if (
            isinstance(raw, Unknown)
            or isinstance(labels.get(key), Unknown)
            or any(isinstance(v, Unknown) for v in _list(raw))
        ):
            verdict = UNKNOWN
            continue
        values = [str(v) for v in _list(raw)]
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
    return verdict


def _has_budget(obj: K8sObject, template: Mapping, index: _Index) -> Maybe[bool]:
    pod_labels = _mapping(template.get("metadata")).get("labels")
    verdict: Maybe[bool] = UNKNOWN if obj.namespace == UNKNOWN_NAMESPACE else False
    for namespace in (obj.namespace, UNKNOWN_NAMESPACE):
        for budget in index.budgets.get(namespace, []):
            match = selector_matches(_mapping(budget.body.get("spec")).get("selector"), pod_labels)
            if match is True and namespace == obj.namespace:
                return True
            if match is not False:
                verdict = UNKNOWN  # a budget in an unknown namespace, or an unknown selector
    return verdict


def _budget_facts(obj: K8sObject, spec: Mapping, facts: Facts, index: _Index) -> None:
    if "maxUnavailable" in spec:
        key, value = "maxUnavailable", spec["maxUnavailable"]
        percent = _percent(value)
        # A percentage is rounded up against the pods selected, so anything above 0% lets one go.
        allows: Maybe[bool] = (
            (percent > 0)
            if percent is not None
            else (value > 0 if isinstance(value, int) and not isinstance(value, bool) else UNKNOWN)
        )
        evidence = f"{key}: {value}"
    elif "minAvailable" in spec:
        key, value = "minAvailable", spec["minAvailable"]
        allows, evidence = _min_available_allows(obj, spec, value, index)
    else:
        return
    facts.disruption_allowed = Fact(allows, evidence, _line(spec, key))


def _min_available_allows(obj: K8sObject, spec: Mapping, value: object, index: _Index) -> tuple[Maybe[bool], str]:
    """A minAvailable blocks every eviction when it is at least the replicas it selects.

    The replicas counted are the fewest the selected workloads may run: an autoscaler's minimum,
    not the ``replicas`` it overrides. At that minimum, which is where quiet hours leave an
    autoscaled workload, a drain cannot evict anything. A percentage is rounded up, as the
    disruption controller does (51% of one replica is one).
    """
    evidence = f"minAvailable: {value}"
    percent = _percent(value)
    if percent is None:
        if not isinstance(value, int) or isinstance(value, bool):
            return UNKNOWN, evidence
        if value <= 0:
            return True, evidence
    elif percent >= 100:
        return False, evidence
    selected = [
        workload
        for workload in index.workloads.get(obj.namespace, [])
        if (template := index.template(workload)) is not None
        and selector_matches(spec.get("selector"), _mapping(template.get("metadata")).get("labels")) is True
    ]
    # Below 100%, a percentage leaves room on any but the smallest workloads.
    unknown: Maybe[bool] = UNKNOWN if percent is None else True
    if not selected or obj.namespace == UNKNOWN_NAMESPACE:
        return unknown, evidence
    total = 0
    sources = []
    for workload in selected:
        fewest = _fewest_replicas(workload, index)
        if fewest is None:
            return unknown, evidence
        total += fewest[0]
        sources.append(fewest[1])
    required = math.ceil(total * percent / 100) if percent is not None else value
    if not isinstance(required, int) or required < total:
        return True, evidence
    return False, f"{evidence} of at least {total} ({'; '.join(sources)})"


def _fewest_replicas(workload: K8sObject, index: _Index) -> tuple[int, str] | None:
    """The fewest replicas a workload may run, and where that number comes from; None when unknown."""
    kind = kind_of(workload)
    if kind == "Pod":
        return 1, f"{workload.address} is one Pod"
    if kind not in SCALED_WORKLOADS:
        return None  # a DaemonSet runs one pod per node: as many as the cluster has
    autoscaler = index.autoscaler(workload)
    if isinstance(autoscaler, Unknown):
        return None
    if autoscaler is not None:
        minimum, evidence, _ = _autoscaler_minimum(autoscaler)
        return (minimum, f"{autoscaler.address} {evidence}") if isinstance(minimum, int) else None
    replicas = _mapping(workload.body.get("spec")).get("replicas", 0 if kind == "DeploymentConfig" else 1)
    if not isinstance(replicas, int) or isinstance(replicas, bool):
        return None
    return replicas, f"{workload.address} replicas: {replicas}"


def _secret_certificate(obj: K8sObject, facts: Facts, index: _Index) -> None:
    data, string_data = _mapping(obj.body.get("data")), _mapping(obj.body.get("stringData"))
    source = string_data if "tls.crt" in string_data else data
    certificate = source.get("tls.crt")
    if not isinstance(certificate, str) or not certificate:
        # An empty placeholder filled in by something else, or a value that cannot be known
        # (a Terraform variable): nothing hand-made to judge.
        return
    annotations = _mapping(obj.metadata.get("annotations"))
    managed = (
        obj.namespace,
        obj.name,
    ) in index.certificate_secrets or "cert-manager.io/certificate-name" in annotations
    facts.certificates.append(
        CertificateFact(f"TLS Secret '{obj.name}'", managed, "inline tls.crt", _line(source, "tls.crt"))
    )


def _ingress_certificates(obj: K8sObject, spec: Mapping, facts: Facts, index: _Index) -> None:
    annotations = _mapping(obj.metadata.get("annotations"))
    # An annotation whose value cannot be known may name an issuer: counted as one.
    by_annotation = next(
        (
            key
            for key in CERT_MANAGER_ANNOTATIONS + CLOUD_CERT_ANNOTATIONS
            if annotations.get(key) is not None and annotations.get(key) != ""
        ),
        None,
    )
    if by_annotation is None and str(annotations.get("kubernetes.io/tls-acme", "")).lower() == "true":
        by_annotation = "kubernetes.io/tls-acme"
    tls_entries = _list(spec.get("tls"))
    for position, entry in enumerate(tls_entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("secretName"), str):
            continue  # no secret: the controller's default certificate, configured elsewhere
        secret = entry["secretName"]
        managed = by_annotation is not None or (obj.namespace, secret) in index.certificate_secrets
        line = _item_line(spec.get("tls"), position, entry)
        facts.certificates.append(CertificateFact(f"TLS secret '{secret}'", managed, f"secretName: {secret}", line))


def _address(namespace: str | None, kind: str, name: object) -> str:
    return f"{namespace}/{kind}/{name}" if namespace is not None else f"{kind}/{name}"


def _link(obj: K8sObject, kind: str, template: Mapping | None, resource: Resource, index: _Index) -> None:
    """Record which objects form one service with this one, and what it uses, for tier propagation."""
    spec = _mapping(obj.body.get("spec"))
    namespace = obj.namespace
    if template is not None:
        pod_labels = _mapping(template.get("metadata")).get("labels")
        for service in index.services.get(namespace, []):
            selector = _mapping(service.body.get("spec")).get("selector")
            # A Service selects with plain labels, not a label selector object.
            if (
                isinstance(selector, dict)
                and selector
                and (selector_matches({"matchLabels": selector}, pod_labels) is True)
            ):
                resource.tier_peers.add(service.address)
        for budget in index.budgets.get(namespace, []):
            if selector_matches(_mapping(budget.body.get("spec")).get("selector"), pod_labels) is True:
                resource.tier_peers.add(budget.address)
        autoscaler = index.autoscalers.get((namespace, obj.kind, obj.name))
        if autoscaler is not None:
            resource.tier_peers.add(autoscaler.address)
        resource.references.update(_pod_dependencies(_mapping(template.get("spec")), namespace, index))
        if uses_cluster_dns(_mapping(template.get("spec"))):
            # No field names it: a pod reaches the cluster DNS through the kubelet's resolv.conf.
            for resolver in index.cluster_dns:
                if resolver is not obj:
                    resource.references.add(resolver.address)
                    resource.reference_kinds[resolver.address] = "cluster-dns"
    if kind == "Rollout":
        ref = _mapping(spec.get("workloadRef"))
        source = index.deployments.get((namespace, str(ref.get("name"))))
        if source is not None:
            resource.tier_peers.add(source.address)
    if kind == "Ingress":
        backends = [_mapping(spec.get("defaultBackend"))]
        for rule in _list(spec.get("rules")):
            for path in _list(_mapping(_mapping(rule).get("http")).get("paths")):
                backends.append(_mapping(_mapping(path).get("backend")))
        for backend in backends:
            name = _mapping(backend.get("service")).get("name", backend.get("serviceName"))
            if isinstance(name, str):
                resource.tier_peers.add(index.address_of(namespace, "Service", name))
        for entry in _list(spec.get("tls")):
            secret = _mapping(entry).get("secretName")
            if isinstance(secret, str):
                resource.references.add(index.address_of(namespace, "Secret", secret))
        servers = index.ingress_servers(obj)
    elif kind == "IngressClass":
        controller = ingress.class_controller(obj)
        servers = sorted(w.address for w in index.ingress_controllers.get(controller, ())) if controller else []
    else:
        servers = []
    for server in servers:
        resource.references.add(server)
        resource.reference_kinds[server] = "ingress-controller"


#: The label the cluster DNS add-on's pods carry (CoreDNS keeps kube-dns's, so Services and
#: NetworkPolicies written for either select it), and its usual names in ``kube-system``.
CLUSTER_DNS_LABEL = ("k8s-app", "kube-dns")
CLUSTER_DNS_NAMES = frozenset({"coredns", "kube-dns"})
#: ``dnsPolicy`` values with which a pod resolves names through the cluster DNS (the default is
#: ``ClusterFirst``; a pod on the host network falls back to the node's resolver unless it says
#: ``ClusterFirstWithHostNet``).
_CLUSTER_DNS_POLICIES = {"ClusterFirst", "ClusterFirstWithHostNet"}


def _serves_cluster_dns(obj: K8sObject, labels: object) -> bool:
    """A workload running the cluster's DNS: labelled ``k8s-app: kube-dns``, or named ``coredns``
    or ``kube-dns`` in ``kube-system``."""
    key, value = CLUSTER_DNS_LABEL
    if kind_of(obj) not in SCALED_WORKLOADS:
        return False
    if _mapping(labels).get(key) == value or _mapping(obj.metadata.get("labels")).get(key) == value:
        return True
    return obj.namespace == "kube-system" and obj.name in CLUSTER_DNS_NAMES


def uses_cluster_dns(pod_spec: Mapping) -> bool:
    """Whether the pods resolve names through the cluster DNS (a value not known: assumed so)."""
    policy = pod_spec.get("dnsPolicy", "ClusterFirst")
    if not isinstance(policy, str):
        return True
    if pod_spec.get("hostNetwork") is True and policy == "ClusterFirst":
        return False
    return policy in _CLUSTER_DNS_POLICIES


def _pod_dependencies(pod_spec: Mapping, namespace: str | None, index: _Index) -> set[str]:
    """Secrets, ConfigMaps and PersistentVolumeClaims a pod mounts or reads its environment from."""
    found: set[str] = set()
    for entry in _list(pod_spec.get("volumes")):
        volume = _mapping(entry)
        for kind, key, name_key in (
            ("Secret", "secret", "secretName"),
            ("ConfigMap", "configMap", "name"),
            ("PersistentVolumeClaim", "persistentVolumeClaim", "claimName"),
        ):
            name = _mapping(volume.get(key)).get(name_key)
            if isinstance(name, str):
                found.add(index.address_of(namespace, kind, name))
    containers = _list(pod_spec.get("containers")) + _list(pod_spec.get("initContainers"))
    for item in containers:
        container = _mapping(item)
        for source in _list(container.get("envFrom")):
            for kind, key in (("Secret", "secretRef"), ("ConfigMap", "configMapRef")):
                name = _mapping(_mapping(source).get(key)).get("name")
                if isinstance(name, str):
                    found.add(index.address_of(namespace, kind, name))
        for variable in _list(container.get("env")):
            value_from = _mapping(_mapping(variable).get("valueFrom"))
            for kind, key in (("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef")):
                name = _mapping(value_from.get(key)).get("name")
                if isinstance(name, str):
                    found.add(index.address_of(namespace, kind, name))
    return found
