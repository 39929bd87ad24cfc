"""Every Kubernetes workload form, autoscaler and placement rule is read as the cluster would."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.kubernetes.normalize import to_resources
from reslint.kubernetes.reader import read_objects
from reslint.model import UNKNOWN, Role

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.model import Resource
    from reslint.reporting import Report

POD_SPEC = """\
      containers:
        - name: app
          image: example/app:1
          readinessProbe: {httpGet: {path: /, port: 80}}
          livenessProbe: {httpGet: {path: /, port: 80}}
"""


def resources(text: str) -> dict[str, Resource]:
    return {r.address: r for r in to_resources(read_objects("m.yaml", text))}


def workload(kind: str, name: str, spec: str, api: str = "apps/v1", pod: str = "") -> str:
    return (
        f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n{spec}"
        f"  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n"
        f"    spec:\n{pod}{POD_SPEC}"
    )


def test_bare_pod_is_one_replica_with_evidence_at_its_name() -> None:
    found = resources("apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n" + POD_SPEC.replace("    ", "", 1))
    pod = found["default/Pod/api"]
    assert pod.role is Role.WORKLOAD
    assert pod.facts.replicas.value == 1
    assert pod.facts.replicas.evidence == "a bare Pod: one copy, and no controller replaces it"
    assert pod.facts.replicas.line == 4  # metadata.name, not apiVersion
    assert {p.kind for p in pod.facts.probes} == {"readiness", "liveness"}


def test_pods_that_finish_or_belong_to_a_controller_are_not_services() -> None:
    found = resources(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: once}\nspec:\n  restartPolicy: OnFailure\n"
        "  containers: [{name: a, image: x}]\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: owned\n  ownerReferences: [{kind: ReplicaSet, name: r}]\n"
        "spec:\n  containers: [{name: a, image: x}]\n"
    )
    assert found["default/Pod/once"].role is Role.BATCH
    assert found["default/Pod/owned"].role is Role.OTHER
    assert found["default/Pod/owned"].facts.replicas.value is None


def test_keda_sets_the_replicas_of_its_default_target_kind() -> None:
    found = resources(
        workload("Deployment", "worker", "")
        + "---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: w, namespace: shop}\n"
        "spec:\n  scaleTargetRef: {name: worker}\n  minReplicaCount: 3\n"
    )
    worker = found["shop/Deployment/worker"]
    assert worker.facts.replicas.value == 3
    assert worker.facts.autoscaled_by == "shop/ScaledObject/w"
    assert worker.facts.replicas.evidence == "shop/ScaledObject/w minReplicaCount: 3"
    assert "shop/ScaledObject/w" in worker.tier_peers
    scaler = found["shop/ScaledObject/w"]
    assert scaler.role is Role.AUTOSCALER and scaler.facts.autoscaler_min_replicas.value == 3


def test_keda_minimum_defaults_to_zero_and_idle_count_wins() -> None:
    found = resources(
        "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: a}\nspec:\n"
        "  scaleTargetRef: {name: x}\n---\n"
        "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: b}\nspec:\n"
        "  scaleTargetRef: {name: y}\n  minReplicaCount: 3\n  idleReplicaCount: 0\n"
    )
    a, b = found["default/ScaledObject/a"].facts, found["default/ScaledObject/b"].facts
    assert (a.autoscaler_min_replicas.value, a.autoscaler_min_replicas.evidence) == (
        0,
        "minReplicaCount not set (defaults to 0)",
    )
    assert (b.autoscaler_min_replicas.value, b.autoscaler_min_replicas.evidence) == (0, "idleReplicaCount: 0")


def test_rollout_with_workload_ref_takes_the_deployments_template() -> None:
    found = resources(
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n"
        "  replicas: 3\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web-template}\n"
        "  strategy: {canary: {maxUnavailable: 3}}\n---\n"
        + workload("Deployment", "web-template", "  replicas: 0\n").replace("readinessProbe", "startupProbe")
    )
    rollout = found["shop/Rollout/web"]
    assert rollout.role is Role.WORKLOAD and rollout.facts.replicas.value == 3
    assert [(p.kind, p.present) for p in rollout.facts.probes] == [("readiness", False), ("liveness", True)]
    assert rollout.facts.rollout_keeps_capacity.value is False
    assert rollout.facts.rollout_keeps_capacity.evidence == "canary.maxUnavailable: 3"
    template = found["shop/Deployment/web-template"]
    assert template.role is Role.OTHER and template.facts.replicas.value is None
    assert "shop/Deployment/web-template" in rollout.tier_peers


def test_rollout_without_its_referenced_deployment_has_no_probe_verdicts() -> None:
    found = resources(
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n"
        "  replicas: 2\n  workloadRef: {kind: Deployment, name: elsewhere}\n  strategy: {blueGreen: {}}\n"
    )
    facts = found["default/Rollout/web"].facts
    assert facts.probes == [] and facts.zone_spread.value is None and facts.rollout_keeps_capacity.value is True


def test_custom_kinds_are_read_only_from_their_own_group(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        workload("Rollout", "web", "  replicas: 1\n", api="example.com/v1")
        + "---\n"
        + workload("CloneSet", "set", "  replicas: 1\n", api="apps.kruise.io/v1alpha1")
        + "---\napiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec: {containers: []}\n",
        encoding="utf-8",
    )
    report = lint(tmp_path)
    assert report.findings == []
    notices = [(p.line, p.message) for p in report.skipped]
    assert len(notices) == 2
    assert notices[0][1].startswith("shop/Rollout/web: example.com/v1 Rollout runs pods from a template")
    assert notices[1][1].startswith("shop/CloneSet/set: apps.kruise.io/v1alpha1 CloneSet runs pods")


def test_deployment_config_defaults_and_strategy() -> None:
    found = resources(
        workload(
            "DeploymentConfig",
            "billing",
            "  strategy: {type: Rolling, rollingParams: {maxUnavailable: 100%}}\n",
            api="apps.openshift.io/v1",
        )
    )
    facts = found["shop/DeploymentConfig/billing"].facts
    assert facts.replicas.value == 0 and facts.replicas.evidence == "replicas not set (defaults to 0)"
    assert facts.rollout_keeps_capacity.value is False
    assert facts.rollout_keeps_capacity.evidence == "rollingParams.maxUnavailable: 100%"


def test_zone_spread_is_judged_as_the_scheduler_does() -> None:
    spread = "      topologySpreadConstraints:\n        - {{topologyKey: topology.kubernetes.io/zone, maxSkew: 1{}}}\n"
    found = resources(
        workload("Deployment", "none", "  replicas: 3\n", pod=spread.format(""))
        + "---\n"
        + workload(
            "Deployment", "other", "  replicas: 3\n", pod=spread.format(", labelSelector: {matchLabels: {app: none}}")
        )
        + "---\n"
        + workload(
            "Deployment",
            "self",
            "  replicas: 3\n",
            pod=spread.format(", labelSelector: {matchLabels: {app: self}}, matchLabelKeys: [h]"),
        )
    )
    none, other, self_ = (found[f"shop/Deployment/{n}"].facts for n in ("none", "other", "self"))
    assert none.zone_spread.value is False
    assert (none.zone_spread.evidence or "").startswith("topologySpreadConstraints[0] has no labelSelector")
    assert none.zone_spread.line == 11  # the constraint's own line
    assert other.zone_spread.value is False
    assert "matches none of the pod's labels" in (other.zone_spread.evidence or "")
    assert self_.zone_spread.value is True


def test_node_affinity_pinning_one_zone_defeats_the_spread() -> None:
    pod = (
        "      topologySpreadConstraints:\n"
        "        - {topologyKey: topology.kubernetes.io/zone, maxSkew: 1, labelSelector: {matchLabels: {app: web}}}\n"
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
        "            nodeSelectorTerms:\n"
        "              - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [a, b]}]\n"
        "              - matchExpressions:\n"
        "                  - {key: topology.kubernetes.io/zone, operator: In, values: [a]}\n"
        "                  - {key: topology.kubernetes.io/zone, operator: In, values: [a, c]}\n"
    )
    two_zones = resources(workload("Deployment", "web", "  replicas: 3\n", pod=pod))
    assert two_zones["shop/Deployment/web"].facts.zone_spread.value is True
    one_zone = resources(workload("Deployment", "web", "  replicas: 3\n", pod=pod.replace("[a, b]", "[a]")))
    facts = one_zone["shop/Deployment/web"].facts
    assert facts.zone_spread.value is False
    assert facts.zone_spread.evidence == "nodeAffinity requires topology.kubernetes.io/zone In [a]"
    assert facts.zone_spread.line == 14  # requiredDuringScheduling...


def test_a_budget_over_a_daemonset_or_an_unknown_minimum_is_not_judged() -> None:
    budget = (
        "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b, namespace: shop}\n"
        "spec:\n  minAvailable: 1\n  selector: {matchLabels: {app: agent}}\n"
    )
    daemon = resources(workload("DaemonSet", "agent", "") + budget)
    assert daemon["shop/PodDisruptionBudget/b"].facts.disruption_allowed.value is UNKNOWN
    unknown = resources(
        workload("Deployment", "agent", "")
        + "---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s, namespace: shop}\n"
        "spec:\n  scaleTargetRef: {name: agent}\n  minReplicaCount: ${MIN}\n" + budget
    )
    assert unknown["shop/PodDisruptionBudget/b"].facts.disruption_allowed.value is UNKNOWN
    blocked = resources(
        workload("Deployment", "agent", "")
        + "---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s, namespace: shop}\n"
        "spec:\n  scaleTargetRef: {name: agent}\n" + budget
    )
    facts = blocked["shop/PodDisruptionBudget/b"].facts
    assert facts.disruption_allowed.value is False
    assert facts.disruption_allowed.evidence == (
        "minAvailable: 1 of at least 0 (shop/ScaledObject/s minReplicaCount not set (defaults to 0))"
    )


def test_daemonset_readiness_is_required_only_behind_a_service() -> None:
    service = (
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\nspec:\n  selector: {app: agent}\n"
    )
    alone = resources(workload("DaemonSet", "agent", ""))["shop/DaemonSet/agent"]
    served = resources(workload("DaemonSet", "agent", "") + service)["shop/DaemonSet/agent"]
    assert [p.kind for p in alone.facts.probes] == ["liveness"]
    assert [p.kind for p in served.facts.probes] == ["readiness", "liveness"]


def test_secret_certificate_points_at_its_tls_crt() -> None:
    found = resources(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\ntype: kubernetes.io/tls\ndata:\n"
        "  tls.key: a2V5\n  tls.crt: Y2VydA==\n"
    )
    assert [c.line for c in found["default/Secret/tls"].facts.certificates] == [7]


def test_the_coverage_table_agrees_with_the_normalizer(registry: object) -> None:
    from reslint.kubernetes.kinds import KINDS
    from reslint.plugins import Registry

    assert isinstance(registry, Registry)
    roles = {rule.meta.id: set(rule.roles) for rule in registry.rules}
    for row in KINDS:
        for kind in row.kinds:
            api = f"{row.api_group}/v1" if row.api_group else "v1"
            obj = f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: x}}\nspec:\n  template: {{spec: {{}}}}\n"
            (resource,) = resources(obj).values()
            assert resource.role is row.role, kind
        assert all(row.role in roles[rule] for rule in row.rules), row.kinds
