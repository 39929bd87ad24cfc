"""The service map: services, edges, dependency findings, and each rendering of the map."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

import jsonschema
import pytest

from _support.paths import FIXTURES
from reslint.cli import main
from reslint.formats import BuildOptions
from reslint.graph import build_graph
from reslint.graph.render import graph_data, render_dot, render_html, render_mermaid
from reslint.scan import ScanOptions, scan

if TYPE_CHECKING:
    from pathlib import Path

    from reslint.plugins import Registry
    from reslint.reporting import Report

GRAPH = FIXTURES / "graph"


def _report(registry: Registry, *paths: Path) -> Report:
    given = tuple(str(p) for p in paths) or (str(GRAPH),)
    return scan(ScanOptions(paths=given, build=BuildOptions(cache=False)), registry)


def _data(registry: Registry, *paths: Path) -> dict[str, Any]:
    report = _report(registry, *paths)
    return graph_data(build_graph(report.inventory, report.tiers), report.findings)


def _schema() -> dict[str, Any]:
    text = (resources.files("reslint") / "schemas" / "graph.schema.json").read_text(encoding="utf-8")
    return cast("dict[str, Any]", json.loads(text))


def test_the_json_map_is_valid_and_complete(registry: Registry) -> None:
    data = _data(registry)
    jsonschema.Draft202012Validator(_schema()).validate(data)
    services = {s["id"]: (s["origin"], s["tier"], s["resources"]) for s in data["services"]}
    assert services["checkout"] == ("tag", 1, ["aws_lambda_function.checkout"])
    assert services["refunds"] == ("tag", 2, ["aws_lambda_function.refunds"])
    # An Ingress, its Service and their workload form one service from Kubernetes' app labels.
    assert services["shop/storefront"] == (
        "kubernetes labels",
        1,
        ["shop/Deployment/web", "shop/Ingress/storefront", "shop/Service/web"],
    )
    # Nothing names the CloudFormation stack's service: the stack is one.
    stack = str(GRAPH / "cloudformation" / "stack.yaml").replace("\\", "/")
    assert services[next(s for s in services if s.endswith("stack.yaml"))][:2] == ("stack", 1)
    assert stack.endswith(next(s for s in services if s.endswith("stack.yaml")))
    edges = {(e["from"], e["to"], e["kind"]) for e in data["edges"]}
    assert {
        ("aws_lambda_function.checkout", "aws_db_instance.orders", "data"),
        ("aws_lambda_function.refunds", "aws_db_instance.orders", "data"),
        ("shop/Ingress/storefront", "shop/Service/web", "kubernetes"),
        ("shop/Service/web", "shop/Deployment/web", "kubernetes"),
        ("shop/Deployment/web", "shop/Secret/web-settings", "secret"),
        ("Api", "Database", "data"),
    } <= edges
    nodes = {n["id"]: n for n in data["nodes"]}
    # The shared database belongs to no service: it is shared infrastructure both services need.
    assert nodes["aws_db_instance.orders"]["service"] is None
    assert nodes["aws_db_instance.orders"]["dependents"] == ["checkout", "refunds"]
    assert nodes["shop/Secret/web-settings"]["dependents"] == ["shop/storefront"]


def test_single_points_of_failure_name_their_blast_radius(registry: Registry) -> None:
    spofs = {(s["resource"], s["rule"]): s for s in _data(registry)["spofs"]}
    shared = spofs[("aws_db_instance.orders", "RSL801")]
    assert shared["dependents"] == ["checkout", "refunds"]
    assert "checkout (tier 1), refunds (tier 2)" in shared["reason"]
    inversion = spofs[("aws_lambda_function.checkout", "RSL802")]
    assert "aws_sqs_queue.emails, which declares tier 3" in inversion["reason"]


def test_one_dependent_service_is_not_a_shared_single_point_of_failure(registry: Registry, tmp_path: Path) -> None:
    main_tf = (GRAPH / "terraform" / "main.tf").read_text(encoding="utf-8")
    refunds = main_tf.index('resource "aws_lambda_function" "refunds"')
    (tmp_path / "main.tf").write_text(main_tf[:refunds], encoding="utf-8")
    report = _report(registry, tmp_path)
    assert "RSL801" not in {f.rule for f in report.findings}
    assert "RSL103" in {f.rule for f in report.findings}  # the database's own rule still judges it


def test_services_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "infra").mkdir()
    shutil.copy(GRAPH / "terraform" / "main.tf", tmp_path / "infra" / "main.tf")
    (tmp_path / ".reslint.yaml").write_text(
        "services:\n"
        "  - {name: orders, resources: ['aws_db_instance.*'], rto_minutes: 30, rpo_minutes: 5}\n"
        "  - {name: platform, paths: ['infra/*.tf'], rto_minutes: 240}\n",
        encoding="utf-8",
    )
    target = tmp_path / "map.json"
    assert main(["graph", str(tmp_path / "infra"), "--no-cache", "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(_schema()).validate(data)
    services = {s["id"]: s for s in data["services"]}
    # The first entry that matches wins (the database matches both); a tag wins over the config.
    assert services["orders"]["resources"] == ["aws_db_instance.orders"]
    assert (services["orders"]["origin"], services["orders"]["rto_minutes"], services["orders"]["rpo_minutes"]) == (
        "config",
        30,
        5,
    )
    assert services["platform"]["resources"] == ["aws_sqs_queue.emails", "aws_subnet.a"]
    assert (services["platform"]["rto_minutes"], services["platform"]["rpo_minutes"]) == (240, None)
    assert services["checkout"]["origin"] == "tag" and services["checkout"]["rto_minutes"] is None
    # The database is now a service of its own that two others depend on.
    assert {n["id"]: n["dependents"] for n in data["nodes"]}["aws_db_instance.orders"] == ["checkout", "refunds"]


def test_a_services_entry_needs_a_pattern(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(GRAPH / "terraform" / "main.tf", tmp_path / "main.tf")
    (tmp_path / ".reslint.yaml").write_text("services:\n  - {name: orders, rto_minutes: 30}\n", encoding="utf-8")
    assert main(["graph", str(tmp_path), "--no-cache"]) == 2
    error = capsys.readouterr().err
    assert ".reslint.yaml:2: invalid configuration at services.0: expected paths or resources" in error


def test_ingress_controllers_serve_the_ingresses_of_their_class(registry: Registry, tmp_path: Path) -> None:
    fixture = FIXTURES / "rules" / "RSL801" / "fail-ingress-controller.yaml"
    data = _data(registry, fixture)
    served = {(e["from"], e["to"]) for e in data["edges"] if e["kind"] == "ingress-controller"}
    assert served == {
        # spec.ingressClassName, and the default IngressClass for an Ingress that names none
        ("shop/Ingress/storefront", "IngressClass/nginx"),
        ("blog/Ingress/blog", "IngressClass/nginx"),
        # the IngressClass's spec.controller, implemented by the workload running ingress-nginx
        ("IngressClass/nginx", "ingress-nginx/Deployment/ingress-nginx-controller"),
        # a pre-v1 class annotation no IngressClass defines: the controller that watches it by default
        ("docs/Ingress/docs", "edge/Deployment/traefik"),
        ("status/Ingress/status", "edge/Deployment/traefik"),
    }
    dependents = {n["id"]: n["dependents"] for n in data["nodes"]}
    assert dependents["ingress-nginx/Deployment/ingress-nginx-controller"] == ["blog/blog", "shop/storefront"]
    # Without a default IngressClass, an Ingress naming no class is served by nobody reslint can tell.
    text = fixture.read_text(encoding="utf-8").replace("ingressclass.kubernetes.io/is-default-class", "note")
    (tmp_path / "ingress.yaml").write_text(text, encoding="utf-8")
    served = {(e["from"], e["to"]) for e in _data(registry, tmp_path)["edges"] if e["kind"] == "ingress-controller"}
    assert ("blog/Ingress/blog", "IngressClass/nginx") not in served
    assert ("shop/Ingress/storefront", "IngressClass/nginx") in served
    # An explicit --controller-class decides over the image: this controller serves another class.
    text = fixture.read_text(encoding="utf-8").replace("--ingress-class=nginx", "--controller-class=example.com/other")
    (tmp_path / "ingress.yaml").write_text(text, encoding="utf-8")
    served = {(e["from"], e["to"]) for e in _data(registry, tmp_path)["edges"] if e["kind"] == "ingress-controller"}
    assert not any(source == "IngressClass/nginx" for source, _ in served)


def test_every_instance_of_a_module_shared_by_root_modules_is_a_node(registry: Registry, tmp_path: Path) -> None:
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'resource "aws_db_instance" "this" {\n  engine = "postgres"\n  multi_az = true\n}\n', encoding="utf-8"
    )
    for root in ("first", "second"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "main.tf").write_text('module "db" {\n  source = "../modules/db"\n}\n', encoding="utf-8")
    report = _report(registry, tmp_path)
    nodes = graph_data(build_graph(report.inventory, report.tiers), report.findings)["nodes"]
    assert isinstance(nodes, list)
    ids = [n["id"] for n in nodes]
    assert len(ids) == len(set(ids)) == len(report.inventory) == 2
    assert all(i.endswith("/modules/db/main.tf:module.db.aws_db_instance.this") for i in ids)


def test_instances_of_a_shared_module_file_show_only_their_own_findings(registry: Registry, tmp_path: Path) -> None:
    """One module file, two root modules: the root that turns multi-AZ off has the finding, and
    only its instance shows it on the map; a finding both roots have shows on both."""
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "multi_az" {}\nresource "aws_db_instance" "this" {\n  engine = "postgres"\n'
        "  multi_az = var.multi_az\n  backup_retention_period = 1\n}\n",
        encoding="utf-8",
    )
    for root, multi_az in (("first", "true"), ("second", "false")):
        (tmp_path / root).mkdir()
        (tmp_path / root / "main.tf").write_text(
            f'module "db" {{\n  source = "../modules/db"\n  multi_az = {multi_az}\n}}\n', encoding="utf-8"
        )
    report = _report(registry, tmp_path)
    assert {f.rule for f in report.findings} == {"RSL103", "RSL501", "RSL503"}
    shown = {n["id"].split(":", 1)[0].rsplit("/", 1)[-1]: n["findings"] for n in _nodes(report)}
    assert shown == {"first": ["RSL501", "RSL503"], "second": ["RSL103", "RSL501", "RSL503"]}


def _nodes(report: Report) -> list[dict[str, Any]]:
    nodes = graph_data(build_graph(report.inventory, report.tiers), report.findings)["nodes"]
    assert isinstance(nodes, list)
    return nodes


def test_network_paths_run_from_subnets_through_route_tables(registry: Registry) -> None:
    data = _data(registry, FIXTURES / "rules" / "RSL801" / "fail-nat.tf")
    network = {(e["from"], e["to"]) for e in data["edges"] if e["kind"] == "network"}
    assert {
        ("aws_subnet.private_a", "aws_route_table.private"),  # through its route table association
        ("aws_subnet.private_b", "aws_route_table.private"),
        ("aws_route_table.private", "aws_nat_gateway.shared"),  # through the route in the table
    } <= network
    assert ("aws_route_table.private", "aws_route_table.private") not in network
    dependents = {n["id"]: n["dependents"] for n in data["nodes"]}
    assert dependents["aws_nat_gateway.shared"] == ["invoices", "orders"]


#: The dns, backup and key edges of tests/fixtures/graph-edges, per format (Kubernetes has none).
EDGE_KIND_CASES = {
    "terraform": {
        ("aws_lambda_function.client", "aws_route53_record.api", "dns"),
        ("aws_route53_record.api", "aws_route53_health_check.api", "dns"),
        ("aws_backup_selection.orders", "aws_backup_plan.daily", "backup"),
        ("aws_backup_plan.daily", "aws_backup_vault.main", "backup"),
        ("aws_backup_vault.main", "aws_kms_key.vault", "key"),
        ("aws_s3_bucket.orders", "aws_kms_key.orders", "key"),  # through its encryption configuration
    },
    "cloudformation": {
        ("Client", "Api", "dns"),
        ("Api", "ApiCheck", "dns"),
        ("Selection", "Daily", "backup"),
        ("Daily", "Main", "backup"),
        ("Main", "VaultKey", "key"),
        ("Orders", "OrdersKey", "key"),
    },
}


@pytest.mark.parametrize("fmt", sorted(EDGE_KIND_CASES))
def test_dns_backup_and_key_edges(fmt: str, registry: Registry) -> None:
    data = _data(registry, FIXTURES / "graph-edges" / fmt)
    jsonschema.Draft202012Validator(_schema()).validate(data)
    edges = {(e["from"], e["to"], e["kind"]) for e in data["edges"] if e["kind"] in ("dns", "backup", "key")}
    assert EDGE_KIND_CASES[fmt] <= edges
    assert {kind for _, _, kind in edges} == {"dns", "backup", "key"}


def test_the_map_does_not_depend_on_the_order_files_are_named(registry: Registry) -> None:
    forward = _data(registry, GRAPH / "terraform", GRAPH / "kubernetes", GRAPH / "cloudformation")
    backward = _data(registry, GRAPH / "cloudformation", GRAPH / "kubernetes", GRAPH / "terraform")
    assert json.dumps(forward) == json.dumps(backward)


def test_mermaid_and_dot_show_services_tiers_and_single_points_of_failure(registry: Registry) -> None:
    report = _report(registry)
    graph = build_graph(report.inventory, report.tiers)
    mermaid = render_mermaid(graph, report.findings)
    assert mermaid.startswith("flowchart LR\n")
    assert mermaid.count("  subgraph ") == len(graph.services) == 4
    orders = next(line for line in mermaid.splitlines() if "aws_db_instance.orders" in line)
    assert ":::tier1,spof" in orders
    assert "-->|data|" in mermaid
    dot = render_dot(graph, report.findings)
    assert dot.startswith("digraph reslint {") and dot.rstrip().endswith("}")
    assert dot.count("subgraph cluster_") == 4
    assert 'label="data"' in dot
    assert dot.count("penwidth=3") == 2  # the shared database and the inverting function


def test_the_html_map_is_self_contained(registry: Registry) -> None:
    report = _report(registry)
    page = render_html(build_graph(report.inventory, report.tiers), report.findings)
    assert "<script src" not in page and "http://" not in page.split("<script>", 1)[0]
    assert '"aws_db_instance.orders"' in page
    assert "Cytoscape Consortium" in page  # the vendored library, inlined with its licence header


def test_graph_command_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "mermaid", "dot", "html"):
        target = tmp_path / f"map.{fmt}"
        assert main(["graph", str(GRAPH), "--no-cache", "--format", fmt, "-o", str(target)]) == 0
        assert target.stat().st_size > 0
    jsonschema.Draft202012Validator(_schema()).validate(json.loads((tmp_path / "map.json").read_text()))
    assert main(["graph", str(GRAPH), "--no-cache", "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.startswith("flowchart LR")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_the_html_map_works_in_a_real_browser(registry: Registry, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    report = _report(registry)
    page_file = tmp_path / "map.html"
    page_file.write_text(render_html(build_graph(report.inventory, report.tiers), report.findings), encoding="utf-8")
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            page.wait_for_function("typeof cy !== 'undefined' && cy.nodes().length > 0")
            shown = page.evaluate("cy.nodes('[kind = \"resource\"]').map((n) => n.id()).sort()")
            assert shown == sorted(n.address for n in report.inventory)
            x, y = page.evaluate(
                "(() => { const p = cy.getElementById('aws_db_instance.orders').renderedPosition();"
                " const box = document.getElementById('cy').getBoundingClientRect();"
                " return [box.left + p.x, box.top + p.y]; })()"
            )
            page.mouse.click(x, y)
            details = page.inner_text("#details")
            assert "terraform/main.tf:9" in details
            assert "inherited from aws_lambda_function.checkout" in details
            assert "single point of failure for 2 services" in details
            page.fill("#search", "emails")
            assert page.evaluate("cy.nodes('.match').map((n) => n.id())") == ["aws_sqs_queue.emails"]
        finally:
            browser.close()
    assert problems == []
    assert all(url.startswith("file:") for url in requests), requests


def test_every_pod_that_resolves_names_depends_on_the_cluster_dns(registry: Registry, tmp_path: Path) -> None:
    """CoreDNS (by its ``k8s-app: kube-dns`` label, or kube-dns by its name in kube-system) is
    needed by every pod using the cluster DNS, though no field names it; a pod on the host network
    or with ``dnsPolicy: None`` resolves names without it."""
    workload = (
        "apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec:\n"
        "  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {labels}}}\n"
        "    spec:\n{extra}      containers: [{{name: c, image: example/c:1}}]\n"
    )
    documents = [
        workload.format(
            kind="Deployment", name="coredns", namespace="kube-system", labels="{k8s-app: kube-dns}", extra=""
        ),
        workload.format(kind="Deployment", name="kube-dns", namespace="kube-system", labels="{app: dns}", extra=""),
        workload.format(kind="Deployment", name="web", namespace="shop", labels="{app: web}", extra=""),
        workload.format(
            kind="DaemonSet", name="agent", namespace="ops", labels="{app: agent}", extra="      hostNetwork: true\n"
        ),
        workload.format(
            kind="Deployment", name="batch", namespace="ops", labels="{app: batch}", extra="      dnsPolicy: None\n"
        ),
        workload.format(
            kind="Deployment",
            name="probe",
            namespace="ops",
            labels="{app: probe}",
            extra="      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n",
        ),
    ]
    (tmp_path / "cluster.yaml").write_text("---\n".join(documents), encoding="utf-8")
    edges = {(e["from"], e["to"]) for e in _data(registry, tmp_path)["edges"] if e["kind"] == "cluster-dns"}
    servers = {"kube-system/Deployment/coredns", "kube-system/Deployment/kube-dns"}
    assert edges == {
        (client, server)
        for client in ("shop/Deployment/web", "ops/Deployment/probe", *servers)
        for server in servers
        if client != server
    }


def test_a_single_dependent_service_is_judged_by_the_shared_resources_own_rules(
    registry: Registry, tmp_path: Path
) -> None:
    """RSL801 names a blast radius of two or more services. With one, the shared resource takes
    that service's tier (it flows along the dependency) and its own rule reports the gap at that
    tier, the same for a database, a NAT gateway, an ingress controller and the cluster DNS."""
    rules = FIXTURES / "rules" / "RSL801"
    cases = {
        "db": ("fail.tf", 'resource "aws_lambda_function" "cart"', "aws_db_instance.shared", "RSL103"),
        "nat": ("fail-nat.tf", 'resource "aws_lambda_function" "invoices"', "aws_nat_gateway.shared", "RSL104"),
        "ingress": (
            "fail-ingress-controller.yaml",
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: blog",
            "ingress-nginx/Deployment/ingress-nginx-controller",
            "RSL201",
        ),
        "dns": (
            "fail-cluster-dns.yaml",
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: blog",
            "kube-system/Deployment/coredns",
            "RSL201",
        ),
    }
    for case, (fixture, cut, shared, own_rule) in cases.items():
        text = (rules / fixture).read_text(encoding="utf-8")
        text = text[: text.index(cut)].replace("# reslint:ignore", "# (not ignored)")
        # The one dependent service is tier 1 (the database's and the gateway's say so already).
        text = text.replace(
            "labels: {app.kubernetes.io/name: storefront}",
            'labels: {app.kubernetes.io/name: storefront, reslint.io/tier: "1"}',
        )
        (tmp_path / case).mkdir()
        (tmp_path / case / fixture).write_text(text, encoding="utf-8")
        report = scan(
            ScanOptions(paths=(str(tmp_path / case),), default_tier=3, build=BuildOptions(cache=False)), registry
        )
        on_shared = {(f.rule, f.tier) for f in report.findings if f.address == shared}
        assert (own_rule, 1) in on_shared, (case, on_shared)
        assert not any(rule == "RSL801" for rule, _ in on_shared), case
