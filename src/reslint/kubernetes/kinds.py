"""The Kubernetes kinds reslint reads, for the coverage page; ``normalize.py`` holds the reading.

``tests/kubernetes/test_kubernetes_forms.py`` checks each row's role against what the normalizer assigns, so
this table cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from reslint.model import Role


@dataclass(frozen=True)
class KubernetesKind:
    """One row of the coverage page: kinds read alike, their API group, role and settings read."""

    kinds: tuple[str, ...]
    api_group: str  # "" for the core group (apiVersion: v1)
    role: Role
    settings: tuple[str, ...]
    #: The rules that can fire on it (its role's rules that read a fact it fills).
    rules: tuple[str, ...]
    note: str = ""


_TEMPLATE = (
    "template containers[].readinessProbe / livenessProbe",
    "template topologySpreadConstraints",
    "template affinity",
    "template nodeSelector",
)

_SCALED = ("RSL101", "RSL201", "RSL301", "RSL302", "RSL601")
_ROLLING = (*_SCALED, "RSL701")

KINDS = (
    KubernetesKind(
        ("Deployment",),
        "apps",
        Role.WORKLOAD,
        ("spec.replicas", "spec.strategy", *_TEMPLATE),
        _ROLLING,
        "`replicas` defaults to 1; an HPA or KEDA ScaledObject that targets it sets the count",
    ),
    KubernetesKind(("StatefulSet", "ReplicaSet"), "apps", Role.WORKLOAD, ("spec.replicas", *_TEMPLATE), _SCALED),
    KubernetesKind(("ReplicationController",), "", Role.WORKLOAD, ("spec.replicas", *_TEMPLATE), _SCALED),
    KubernetesKind(
        ("DaemonSet",),
        "apps",
        Role.WORKLOAD,
        _TEMPLATE,
        ("RSL301", "RSL302"),
        "one pod per node; readiness is required only when a Service selects its pods (as kube-score)",
    ),
    KubernetesKind(
        ("Pod",),
        "",
        Role.WORKLOAD,
        ("spec.containers[].readinessProbe / livenessProbe", "spec.restartPolicy"),
        ("RSL201", "RSL301", "RSL302"),
        "a bare Pod is one replica that no controller replaces (RSL201); with `restartPolicy` Never or "
        "OnFailure, or a `helm.sh/hook` annotation, it is batch work; with `ownerReferences`, its "
        "controller is judged instead",
    ),
    KubernetesKind(
        ("Rollout",),
        "argoproj.io",
        Role.WORKLOAD,
        (
            "spec.replicas",
            "spec.strategy.canary.maxUnavailable",
            "spec.strategy.blueGreen",
            "spec.workloadRef",
            *_TEMPLATE,
        ),
        _ROLLING,
        "with `workloadRef`, the referenced Deployment's template is read and that Deployment is not judged on its own",
    ),
    KubernetesKind(
        ("DeploymentConfig",),
        "apps.openshift.io",
        Role.WORKLOAD,
        ("spec.replicas", "spec.strategy.type", "spec.strategy.rollingParams.maxUnavailable", *_TEMPLATE),
        _ROLLING,
        "`replicas` defaults to 0",
    ),
    KubernetesKind(("Job", "CronJob"), "batch", Role.BATCH, (), ()),
    KubernetesKind(
        ("HorizontalPodAutoscaler",),
        "autoscaling",
        Role.AUTOSCALER,
        ("spec.minReplicas", "spec.scaleTargetRef"),
        ("RSL202",),
        "`minReplicas` defaults to 1",
    ),
    KubernetesKind(
        ("ScaledObject",),
        "keda.sh",
        Role.AUTOSCALER,
        ("spec.minReplicaCount", "spec.idleReplicaCount", "spec.scaleTargetRef"),
        ("RSL202",),
        "`minReplicaCount` defaults to 0; `idleReplicaCount` scales to 0 when idle; the target kind defaults "
        "to Deployment",
    ),
    KubernetesKind(
        ("PodDisruptionBudget",),
        "policy",
        Role.DISRUPTION_BUDGET,
        ("spec.minAvailable", "spec.maxUnavailable", "spec.selector"),
        ("RSL602",),
        "`minAvailable` is judged against the fewest replicas the selected workloads may run (an autoscaler's minimum)",
    ),
    KubernetesKind(("Service",), "", Role.LOAD_BALANCER, ("spec.selector",), (), "links pods to their Service"),
    KubernetesKind(
        ("Ingress",),
        "networking.k8s.io",
        Role.TLS_ENDPOINT,
        ("spec.tls[].secretName", "cert-manager and cloud certificate annotations"),
        ("RSL401",),
    ),
    KubernetesKind(("Secret",), "", Role.SECRET, ("type: kubernetes.io/tls", "data/stringData tls.crt"), ("RSL401",)),
    KubernetesKind(
        ("Certificate",),
        "cert-manager.io",
        Role.CERTIFICATE,
        ("spec.secretName",),
        (),
        "marks the Secret it issues as managed",
    ),
    KubernetesKind(("PersistentVolumeClaim",), "", Role.STORAGE, (), ()),
)
