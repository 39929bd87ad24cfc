"""Reading manifests into resources: kinds, namespaces, lists, non-Kubernetes YAML, templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.factories import deployment
from reslint.kubernetes.normalize import selector_matches
from reslint.model import UNKNOWN
from reslint.yamlload import Mapping

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report


#: A Deployment named web with one replica, in the default namespace.
WEB = deployment(namespace=None)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules(report: Report) -> list[tuple[str, str]]:
    return [(f.rule, f.address) for f in report.findings]


def test_namespace_defaults_and_addresses(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", WEB)
    report = lint(tmp_path)
    assert ("RSL201", "default/Deployment/web") in rules(report)
    assert all(f.format == "kubernetes" and f.type == "Deployment" for f in report.findings)


def test_list_kind_items_are_objects_with_their_own_lines(lint: Callable[..., Report], tmp_path: Path) -> None:
    items = "".join("  - " + line + "\n" if i == 0 else "    " + line + "\n" for i, line in enumerate(WEB.splitlines()))
    write(tmp_path, "list.yaml", "apiVersion: v1\nkind: List\nitems:\n" + items)
    report = lint(tmp_path)
    [finding] = [f for f in report.findings if f.rule == "RSL201"]
    assert finding.address == "default/Deployment/web"
    assert finding.line == 9  # "replicas:" inside the first item


def test_files_that_are_not_kubernetes_are_ignored(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, ".github/workflows/ci.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
    write(tmp_path, "chart/values.yaml", "replicaCount: 1\nimage: {repository: nginx}\n")
    write(tmp_path, "docker-compose.yml", "services:\n  web:\n    image: nginx\n")
    write(tmp_path, "package.json", '{"name": "x", "version": "1.0.0"}')
    write(tmp_path, "kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
    report = lint(tmp_path)
    assert report.errors == [] and report.findings == [] and report.resources == 0


def test_helm_templates_are_skipped_with_a_notice(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
    write(
        tmp_path,
        "chart/templates/deploy.yaml",
        WEB.replace("name: web", 'name: "{{ .Release.Name }}"'),
    )
    write(tmp_path, "loose/template.yaml", WEB.replace("replicas: 1", "replicas: {{ .Values.n }}"))
    report = lint(tmp_path)
    assert report.errors == [] and report.findings == []
    skipped = [p.file.rsplit("/", 2)[-2:] for p in report.skipped]
    assert skipped == [["templates", "deploy.yaml"], ["loose", "template.yaml"]]
    assert all("helm template" in p.message for p in report.skipped)


def test_template_braces_inside_strings_are_fine(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(
        tmp_path,
        "rule.yaml",
        "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n"
        "metadata: {name: r}\nspec:\n  groups:\n    - rules:\n        - alert: X\n"
        "          annotations: {summary: 'instance {{ $labels.instance }} down'}\n",
    )
    report = lint(tmp_path)
    assert report.skipped == [] and report.errors == [] and report.resources == 1


def test_invalid_yaml_is_an_error_with_file_and_line(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n")
    report = lint(tmp_path)
    [error] = report.errors
    assert error.file.endswith("bad.yaml") and error.line is not None
    assert report.exit_code() == 2


def test_duplicate_keys_are_errors(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "dup.yaml", WEB.replace("  replicas: 1\n", "  replicas: 1\n  replicas: 3\n"))
    [error] = lint(tmp_path).errors
    assert "duplicate key 'replicas'" in error.message and error.line == 7


def test_stdin_is_read_as_manifests(lint: Callable[..., Report]) -> None:
    report = lint("-", stdin=WEB)
    assert [(f.file, f.rule) for f in report.findings] == [("<stdin>", "RSL201")]


def test_tier_label_sets_the_tier_and_unrelated_tier_label_does_not(
    lint: Callable[..., Report], tmp_path: Path
) -> None:
    write(tmp_path, "t3.yaml", deployment(namespace=None, tier=3))
    write(tmp_path, "backend.yaml", deployment(namespace=None, labels={"tier": "backend"}).replace("web", "api"))
    report = lint(tmp_path, default_tier=2)
    found = {f.address: (f.tier, f.tier_source, f.level, f.blocking) for f in report.findings}
    assert found["default/Deployment/web"] == (3, "tag", "note", False)
    assert found["default/Deployment/api"] == (2, "default", "warning", False)


def test_annotation_and_google_style_key_set_the_tier(lint: Callable[..., Report], tmp_path: Path) -> None:
    tagged = deployment(namespace=None, annotations={"reslint.io/tier": "2"}, labels={"reslint-tier": "3"})
    write(tmp_path, "a.yaml", tagged)
    [finding] = lint(tmp_path).findings
    assert finding.tier == 2  # the strictest of the resource's own tags wins


def test_a_tier_value_that_is_not_a_tier_is_an_error(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "gold.yaml", deployment(namespace=None, tier="gold"))
    report = lint(tmp_path)
    [error] = report.errors
    assert "default/Deployment/web" in error.message and "'gold'" in error.message
    assert report.exit_code() == 2


def test_autoscaler_in_another_file_decides_replicas(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "deploy.yaml", WEB)
    write(
        tmp_path,
        "hpa.yaml",
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
        "metadata: {name: web}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n"
        "  minReplicas: 3\n  maxReplicas: 9\n",
    )
    found = rules(lint(tmp_path))
    assert ("RSL201", "default/Deployment/web") not in found
    # three replicas now, so zone spread and a disruption budget matter
    assert ("RSL101", "default/Deployment/web") in found
    assert ("RSL601", "default/Deployment/web") in found


def test_unknown_replica_value_raises_nothing(lint: Callable[..., Report], tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", WEB.replace("replicas: 1", "replicas: '${REPLICAS}'"))
    assert lint(tmp_path).findings == []


def test_cluster_scoped_objects_have_no_namespace_segment(lint: Callable[..., Report], tmp_path: Path) -> None:
    from reslint.kubernetes.reader import read_objects

    [obj] = read_objects("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
    assert obj.address == "Namespace/shop"


def _selector(text: str) -> Mapping:
    from reslint.yamlload import load_all

    [(doc, _)] = load_all(text)
    assert isinstance(doc, Mapping)
    return doc


@pytest.mark.parametrize(
    ("selector", "labels", "expected"),
    [
        ("matchLabels: {app: a}", {"app": "a", "x": "y"}, True),
        ("matchLabels: {app: a}", {"app": "b"}, False),
        ("matchExpressions: [{key: app, operator: In, values: [a, b]}]", {"app": "b"}, True),
        ("matchExpressions: [{key: app, operator: NotIn, values: [a]}]", {}, True),
        ("matchExpressions: [{key: app, operator: Exists}]", {}, False),
        ("matchExpressions: [{key: app, operator: DoesNotExist}]", {}, True),
        ("matchExpressions: [{key: app, operator: Near}]", {}, UNKNOWN),
        ("{}", {"app": "a"}, True),
    ],
)
def test_label_selectors(selector: str, labels: dict[str, str], expected: object) -> None:
    assert selector_matches(_selector(selector), labels) is expected
