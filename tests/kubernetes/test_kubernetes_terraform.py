"""Terraform ``kubernetes_*`` resources are read as the Kubernetes objects they write."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

from reslint.kubernetes.from_terraform import handles, kind_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

CONTAINER = """\
        container {
          name  = "app"
          image = "example/app:1"
          readiness_probe {
            tcp_socket { port = 80 }
          }
          liveness_probe {
            tcp_socket { port = 80 }
          }
        }
"""


def deployment(name: str, replicas: str = '"3"', namespace: str = '"shop"', labels: str = "", pod: str = "") -> str:
    return f"""
resource "kubernetes_deployment_v1" "{name}" {{
  metadata {{
    name      = "{name}"
    namespace = {namespace}
{labels}  }}
  spec {{
    replicas = {replicas}
    selector {{
      match_labels = {{ app = "{name}" }}
    }}
    template {{
      metadata {{
        labels = {{ app = "{name}" }}
      }}
      spec {{
{pod}{CONTAINER}      }}
    }}
  }}
}}
"""


def lint_tf(lint: Callable[..., Report], tmp_path: Path, text: str) -> Report:
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    return lint(tmp_path)


def found(report: Report) -> list[tuple[int, str, str, str | None]]:
    return [(f.line, f.rule, f.address, f.evidence) for f in report.findings]


def test_type_names_with_and_without_version_suffix() -> None:
    assert kind_of("kubernetes_deployment") == kind_of("kubernetes_deployment_v1") == ("Deployment", "apps/v1")
    assert kind_of("kubernetes_daemon_set_v1") == kind_of("kubernetes_daemonset") == ("DaemonSet", "apps/v1")
    assert kind_of("kubernetes_horizontal_pod_autoscaler_v2beta2") == ("HorizontalPodAutoscaler", "autoscaling/v2")
    assert handles("kubernetes_manifest") and not handles("kubernetes_config_map_v1")


def test_findings_point_at_the_nested_attribute_in_the_providers_spelling(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    text = (
        deployment("api", replicas='"1"').replace(
            "          readiness_probe {\n            tcp_socket { port = 80 }\n          }\n", ""
        )
        + """
resource "kubernetes_horizontal_pod_autoscaler_v1" "web" {
  metadata {
    name = "web"
  }
  spec {
    max_replicas = 4
    scale_target_ref {
      kind = "Deployment"
      name = "web"
    }
  }
}
"""
    )
    report = lint_tf(lint, tmp_path, text)
    assert found(report) == [
        (8, "RSL201", "kubernetes_deployment_v1.api", "replicas = 1"),
        (17, "RSL301", "kubernetes_deployment_v1.api", "no readiness_probe"),
        (31, "RSL202", "kubernetes_horizontal_pod_autoscaler_v1.web", "min_replicas not set (defaults to 1)"),
    ]
    assert {f.format for f in report.findings} == {"terraform"}
    assert {f.type for f in report.findings} == {"kubernetes_deployment_v1", "kubernetes_horizontal_pod_autoscaler_v1"}


def test_a_tier_label_in_metadata_sets_the_tier(lint: Callable[..., Report], tmp_path: Path) -> None:
    labels = '    labels = { "reslint.io/tier" = "3" }\n'
    report = lint_tf(lint, tmp_path, deployment("api", replicas='"1"', labels=labels))
    assert [(f.rule, f.tier, f.tier_source, f.level) for f in report.findings] == [("RSL201", 3, "tag", "note")]


def test_relations_between_terraform_objects(lint: Callable[..., Report], tmp_path: Path) -> None:
    spread = """\
        topology_spread_constraint {
          topology_key = "topology.kubernetes.io/zone"
          label_selector {
            match_labels = { app = "api" }
          }
        }
"""
    text = (
        deployment("api", replicas='"1"', pod=spread)
        + """
resource "kubernetes_horizontal_pod_autoscaler_v2" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
    min_replicas = 2
    max_replicas = 4
    scale_target_ref {
      kind = "Deployment"
      name = kubernetes_deployment_v1.api.metadata[0].name
    }
  }
}

resource "kubernetes_pod_disruption_budget_v1" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
    min_available = "2"
    selector {
      match_labels = { app = "api" }
    }
  }
}

resource "kubernetes_service_v1" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
    labels    = { "reslint.io/tier" = "2" }
  }
  spec {
    selector = { app = "api" }
  }
}
"""
    )
    report = lint_tf(lint, tmp_path, text)
    # The HPA's minimum (2) is the count; the budget's minAvailable 2 blocks at that minimum; the
    # Service's tier reaches the Deployment's peers.
    assert found(report) == [
        (
            59,
            "RSL602",
            "kubernetes_pod_disruption_budget_v1.api",
            "min_available = 2 of at least 2 (kubernetes_horizontal_pod_autoscaler_v2.api min_replicas: 2)",
        ),
    ]
    assert report.findings[0].tier == 2


def test_unknown_values_raise_nothing(lint: Callable[..., Report], tmp_path: Path) -> None:
    text = (
        """
variable "namespace" {
  type = string
}

variable "target" {
  type = string
}

data "kubernetes_namespace_v1" "existing" {
  metadata {
    name = "shop"
  }
}

module "remote" {
  source = "example/app/kubernetes"
}
"""
        + deployment("in_unknown_namespace", namespace="var.namespace")
        + deployment("scaled_by_unknown", replicas='"1"', namespace='"apps"')
        + deployment("replicas_from_module", replicas="module.remote.replicas", namespace='"other"')
        + deployment("namespace_from_data", namespace="data.kubernetes_namespace_v1.existing.metadata[0].name")
        + """
resource "kubernetes_horizontal_pod_autoscaler_v2" "unknown_target" {
  metadata {
    name      = "x"
    namespace = "apps"
  }
  spec {
    min_replicas = 2
    max_replicas = 4
    scale_target_ref {
      kind = "Deployment"
      name = var.target
    }
  }
}

resource "kubernetes_pod_disruption_budget_v1" "budget" {
  metadata {
    name      = "budget"
    namespace = var.namespace
  }
  spec {
    max_unavailable = "1"
    selector {
      match_labels = { app = "in_unknown_namespace" }
    }
  }
}
"""
    )
    report = lint_tf(lint, tmp_path, text + deployment("known", namespace='"shop"'))
    # Only the Deployment whose namespace, count and relations are all known gets findings (no zone
    # spread, no budget). The others: a budget in an unknown namespace may cover one; an autoscaler
    # with an unknown target in "apps" may scale those whose namespace may be "apps"; a count from
    # a remote module is unknown.
    assert {(f.rule, f.address) for f in report.findings} == {
        ("RSL101", "kubernetes_deployment_v1.known"),
        ("RSL601", "kubernetes_deployment_v1.known"),
    }
    assert not report.errors


def test_kubernetes_manifest_custom_workload_gets_a_notice(lint: Callable[..., Report], tmp_path: Path) -> None:
    text = """
resource "kubernetes_manifest" "clone" {
  manifest = {
    apiVersion = "apps.kruise.io/v1alpha1"
    kind       = "CloneSet"
    metadata   = { name = "web", namespace = "shop" }
    spec = {
      replicas = 1
      template = { spec = { containers = [{ name = "app", image = "x" }] } }
    }
  }
}
"""
    report = lint_tf(lint, tmp_path, text)
    assert report.findings == []
    assert [p.message for p in report.skipped] == [
        "kubernetes_manifest.clone: apps.kruise.io/v1alpha1 CloneSet runs pods from a template, but reslint does "
        "not know how it keeps them running (replicas, rollout, autoscaling); its probes and placement are not "
        "checked"
    ]


def test_plan_json_kubernetes_resources(lint: Callable[..., Report], tmp_path: Path) -> None:
    deployment_values = {
        "metadata": [{"name": "api", "namespace": "shop", "labels": None}],
        "spec": [
            {
                "replicas": "1",
                "selector": [{"match_labels": {"app": "api"}}],
                "template": [
                    {
                        "metadata": [{"labels": {"app": "api"}}],
                        "spec": [{"container": [{"name": "app", "readiness_probe": [], "liveness_probe": []}]}],
                    }
                ],
            }
        ],
    }
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "kubernetes_deployment_v1.api",
                        "mode": "managed",
                        "type": "kubernetes_deployment_v1",
                        "name": "api",
                        "values": deployment_values,
                    }
                ]
            }
        },
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    report = lint(tmp_path / "plan.json")
    assert sorted((f.rule, f.address) for f in report.findings) == [
        ("RSL201", "kubernetes_deployment_v1.api"),
        ("RSL301", "kubernetes_deployment_v1.api"),
        ("RSL302", "kubernetes_deployment_v1.api"),
    ]


def test_terraform_without_kubernetes_resources_does_not_import_the_mapping(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n', encoding="utf-8")
    code = "import sys; from reslint.cli import main; main(['check', '--no-cache', '--fail-tier', '0', sys.argv[1]]);"
    probe = (
        "import atexit, sys; "
        "atexit.register(lambda: print('reslint.kubernetes.from_terraform' in sys.modules, file=sys.stderr))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"{probe}\n{code}", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.stderr.strip().splitlines()[-1] == "False"
