"""How to fix each rule on each Kubernetes kind, in manifest spelling (the Kubernetes fix table).

The texts name the field path from the object's top (``spec.replicas``), since a manifest is
edited by path; ``{tier.min_replicas}`` and other ``TierPolicy`` fields are filled in from the
resource's tier when the finding is made (``reslint.fixes``).
"""

from __future__ import annotations

from reslint.fixes import MIN_REPLICAS, AtLeast, Set

#: The fixes that set fields to values, which ``reslint fix`` writes (``autofix/``): kind -> rule
#: -> fields by their path from the object's top. The texts below are spelled from them.
_REPLICAS = Set({"spec.replicas": MIN_REPLICAS})
SETS: dict[str, dict[str, Set]] = {
    **{
        kind: {"RSL201": _REPLICAS}
        for kind in ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout", "DeploymentConfig")
    },
    "HorizontalPodAutoscaler": {"RSL202": Set({"spec.minReplicas": MIN_REPLICAS})},
}


#: Kinds whose pods a selector of their own picks out, to which ``reslint fix`` adds a disruption
#: budget and a zone spread constraint (manifest kinds, then the Terraform provider's types).
_SELECTING = ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout", "DeploymentConfig")
_TF_SELECTING = (
    "kubernetes_deployment",
    "kubernetes_deployment_v1",
    "kubernetes_stateful_set",
    "kubernetes_stateful_set_v1",
)
#: The fixes that add an object or a list item, or set a rollout parameter whose place depends on
#: the strategy, which ``reslint fix`` makes (``autofix/workloads.py``): rule -> kind or Terraform
#: type -> the edit in words (docs/fix.md). The values they write are ``BUDGET_MAX_UNAVAILABLE``,
#: ``SPREAD_WHEN_UNSATISFIABLE`` and ``ROLLING_MAX_UNAVAILABLE``.
ADDS: dict[str, dict[str, str]] = {
    "RSL601": {
        **dict.fromkeys(
            _SELECTING,
            "append a `PodDisruptionBudget` named after the workload, with `maxUnavailable: 1` and the "
            "workload's own selector (its namespace, if set)",
        ),
        **dict.fromkeys(
            _TF_SELECTING,
            "append a `kubernetes_pod_disruption_budget_v1` block with the workload's `metadata` name and "
            'namespace, `max_unavailable = "1"` and its `selector`',
        ),
    },
    "RSL101": {
        **dict.fromkeys(
            _SELECTING,
            "insert a `topologySpreadConstraints` item in `spec.template.spec`: `maxSkew: 1`, "
            "`topologyKey: topology.kubernetes.io/zone`, `whenUnsatisfiable: ScheduleAnyway`, the workload's "
            "selector as `labelSelector`",
        ),
        **dict.fromkeys(
            _TF_SELECTING,
            "insert a `topology_spread_constraint` block in `spec.template.spec` (`max_skew = 1`, "
            '`topology_key = "topology.kubernetes.io/zone"`, `when_unsatisfiable = "ScheduleAnyway"`, the '
            "workload's selector as `label_selector`)",
        ),
    },
    "RSL701": {
        "Deployment": "set `spec.strategy.rollingUpdate.maxUnavailable: 25%` (not for `type: Recreate`)",
        "Rollout": "set `spec.strategy.canary.maxUnavailable: 25%`",
        "DeploymentConfig": "set `spec.strategy.rollingParams.maxUnavailable: 25%` (not for `type: Recreate`)",
        **dict.fromkeys(
            ("kubernetes_deployment", "kubernetes_deployment_v1"),
            'set `max_unavailable = "25%"` in `spec.strategy.rolling_update` (not for `type = "Recreate"`)',
        ),
    },
}
#: The budget ``reslint fix`` writes lets one pod go at a time: drains proceed, and never more than
#: one copy is missing (RSL602 is then satisfied whatever the replica count).
BUDGET_MAX_UNAVAILABLE = 1
#: The rolling update ``reslint fix`` writes: the platform's own default, which rounds down and so
#: always keeps a replica serving.
ROLLING_MAX_UNAVAILABLE = "25%"
#: ``whenUnsatisfiable`` of the constraint ``reslint fix`` inserts: it prefers spreading but still
#: schedules a pod when a zone is full or missing (``DoNotSchedule`` can leave pods pending, a
#: choice for a person to make).
SPREAD_WHEN_UNSATISFIABLE = "ScheduleAnyway"


def _set(kind: str, rule: str, more: str = "") -> str:
    """The fix text of ``SETS[kind][rule]``: ``set `spec.replicas: {tier.min_replicas}` or more``."""
    spec = SETS[kind][rule]
    parts = [
        f"`{path}: {{tier.{value.policy}}}`" if isinstance(value, AtLeast) else f"`{path}: {value}`"
        for path, value in spec.settings.items()
    ]
    minimum = any(isinstance(value, AtLeast) for value in spec.settings.values())
    return "set " + " and ".join(parts) + (" or more" if minimum else "") + more


_POD_TEMPLATE = {
    "RSL301": "add a `readinessProbe` to each container in `spec.template.spec.containers`",
    "RSL302": "add a `livenessProbe` to each container in `spec.template.spec.containers`",
}
_SCALED = {
    **_POD_TEMPLATE,
    "RSL201": _set("Deployment", "RSL201", " (or the HorizontalPodAutoscaler's `minReplicas`)"),
    "RSL101": "add `topologySpreadConstraints` with `topologyKey: topology.kubernetes.io/zone` to `spec.template.spec`",
    "RSL601": "add a PodDisruptionBudget with `maxUnavailable: 1` whose `selector` matches "
    "`spec.template.metadata.labels`",
}

#: Kind -> rule id -> fix text.
FIXES: dict[str, dict[str, str]] = {
    "Deployment": {
        **_SCALED,
        "RSL701": "set `spec.strategy.rollingUpdate.maxUnavailable` below the replica count (`25%`), "
        "not `type: Recreate`",
    },
    "StatefulSet": _SCALED,
    "ReplicaSet": _SCALED,
    "ReplicationController": _SCALED,
    "DaemonSet": _POD_TEMPLATE,
    "Pod": {
        "RSL201": "run it from a Deployment with `spec.replicas: {tier.min_replicas}` or more; a bare Pod is "
        "never replaced",
        "RSL301": "add a `readinessProbe` to each container in `spec.containers`",
        "RSL302": "add a `livenessProbe` to each container in `spec.containers`",
    },
    "Rollout": {
        **_SCALED,
        "RSL201": _set(
            "Rollout",
            "RSL201",
            " on the Rollout, not on a `workloadRef` Deployment (or the HorizontalPodAutoscaler's `minReplicas`)",
        ),
        "RSL701": "set `spec.strategy.canary.maxUnavailable` below the replica count (`25%`), or use `blueGreen`",
    },
    "DeploymentConfig": {
        **_SCALED,
        "RSL201": _set("DeploymentConfig", "RSL201", " (it defaults to 0)"),
        "RSL701": "use `spec.strategy.type: Rolling` with `rollingParams.maxUnavailable` below the replica "
        "count, not `Recreate`",
    },
    "HorizontalPodAutoscaler": {"RSL202": _set("HorizontalPodAutoscaler", "RSL202")},
    "ScaledObject": {
        "RSL202": "set `spec.minReplicaCount: {tier.min_replicas}` or more (it defaults to 0) and drop "
        "`spec.idleReplicaCount`",
    },
    "PodDisruptionBudget": {
        "RSL602": "set `spec.maxUnavailable: 1`, or a `spec.minAvailable` below the replicas it selects",
    },
    "Secret": {"RSL401": "let cert-manager issue it: a `Certificate` whose `spec.secretName` names this Secret"},
    "Ingress": {"RSL401": "add a `cert-manager.io/cluster-issuer` annotation, or name a Secret cert-manager issues"},
}


_TF_POD_TEMPLATE = {
    "RSL301": "add a `readiness_probe` block to each `container` in `spec.template.spec`",
    "RSL302": "add a `liveness_probe` block to each `container` in `spec.template.spec`",
}
_TF_SCALED = {
    **_TF_POD_TEMPLATE,
    "RSL201": 'set `replicas = "{tier.min_replicas}"` or more in `spec` (or the autoscaler\'s `min_replicas`)',
    "RSL101": 'add a `topology_spread_constraint` with `topology_key = "topology.kubernetes.io/zone"` and a '
    "`label_selector` matching the pods to `spec.template.spec`",
    "RSL601": 'add a `kubernetes_pod_disruption_budget_v1` with `max_unavailable = "1"` whose `selector` '
    "matches `spec.template.metadata.labels`",
}

#: The same fixes for the Terraform kubernetes provider's blocks (kind -> rule id -> fix text).
TERRAFORM_FIXES: dict[str, dict[str, str]] = {
    "Deployment": {
        **_TF_SCALED,
        "RSL701": "set `max_unavailable` in `spec.strategy.rolling_update` below the replica count "
        '(`"25%"`), not `type = "Recreate"`',
    },
    "StatefulSet": _TF_SCALED,
    "ReplicationController": _TF_SCALED,
    "DaemonSet": _TF_POD_TEMPLATE,
    "Pod": {
        "RSL201": 'run it from a `kubernetes_deployment_v1` with `replicas = "{tier.min_replicas}"` or more; '
        "a bare Pod is never replaced",
        "RSL301": "add a `readiness_probe` block to each `container` in `spec`",
        "RSL302": "add a `liveness_probe` block to each `container` in `spec`",
    },
    "HorizontalPodAutoscaler": {"RSL202": "set `min_replicas = {tier.min_replicas}` or more in `spec`"},
    "PodDisruptionBudget": {
        "RSL602": 'set `max_unavailable = "1"` in `spec`, or a `min_available` below the replicas it selects',
    },
    "Secret": {
        "RSL401": "let cert-manager issue it (a `Certificate` whose `secretName` names this Secret) instead "
        "of certificate data in `data`",
    },
    "Ingress": {
        "RSL401": "add a `cert-manager.io/cluster-issuer` annotation in `metadata`, or name a Secret "
        "cert-manager issues",
    },
}


def terraform_fixes_for(kind: str) -> dict[str, str]:
    """The fix texts of a Kubernetes kind written with the Terraform kubernetes provider."""
    return dict(TERRAFORM_FIXES.get(kind, {}))


def fixes_for(kind: str) -> dict[str, str]:
    """The fix texts of a Kubernetes kind (a copy the caller may change)."""
    return dict(FIXES.get(kind, {}))
