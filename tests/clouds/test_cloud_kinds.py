"""Google Cloud and Azure kinds: the defaults and cross-resource cases the rule fixtures do not pin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reslint.formats import BuildOptions, SourceFile
from reslint.model import UNKNOWN, Resource, Unknown
from reslint.terraform.format import TerraformFormat

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report


def resources(tmp_path: Path, text: str) -> dict[str, Resource]:
    """Normalize one Terraform file; resources by address."""
    path = tmp_path / "main.tf"
    path.write_text(text, encoding="utf-8")
    built = TerraformFormat().build([SourceFile(str(path), text, str(tmp_path))], BuildOptions())
    assert not built.errors
    return {r.address: r for r in built.resources}


# --- Google Cloud -----------------------------------------------------------------------------


def test_sql_without_backup_block_has_no_backups_nor_point_in_time(tmp_path: Path) -> None:
    db = resources(
        tmp_path,
        """
resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  region           = "us-central1"
  settings { tier = "db-f1-micro" }
}
""",
    )["google_sql_database_instance.db"]
    assert db.facts.zone_redundant.value is False
    assert db.facts.zone_redundant.evidence == "settings.availability_type not set (defaults to ZONAL)"
    assert db.facts.backup_retention_days.value == 0
    assert db.facts.point_in_time_recovery.value is False
    assert db.facts.cross_region_copy.value is False


def test_sql_replica_is_not_judged_and_a_cross_region_replica_is_a_copy(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "google_sql_database_instance" "primary" {
  database_version = "MYSQL_8_0"
  region           = "us-central1"
  settings { tier = "db-n1-standard-1" }
}
resource "google_sql_database_instance" "replica" {
  database_version     = "MYSQL_8_0"
  region               = "europe-west1"
  master_instance_name = google_sql_database_instance.primary.name
  settings { tier = "db-n1-standard-1" }
}
""",
    )
    replica = found["google_sql_database_instance.replica"]
    assert replica.facts.zone_redundant.value is None and replica.facts.backup_retention_days.value is None
    assert found["google_sql_database_instance.primary"].facts.cross_region_copy.value is True


def test_sql_engine_unknown_and_enterprise_plus_are_not_guessed(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
variable "version" {}
resource "google_sql_database_instance" "unknown_engine" {
  database_version = var.version
  settings {
    tier = "x"
    backup_configuration {
      enabled            = true
      binary_log_enabled = true
    }
  }
}
resource "google_sql_database_instance" "plus" {
  database_version = "POSTGRES_16"
  settings {
    tier    = "x"
    edition = "ENTERPRISE_PLUS"
    backup_configuration { enabled = true }
  }
}
""",
    )
    assert found["google_sql_database_instance.unknown_engine"].facts.point_in_time_recovery.value is True
    assert found["google_sql_database_instance.plus"].facts.point_in_time_recovery.value is UNKNOWN


@pytest.mark.parametrize(
    ("location", "count"),
    [
        ('location = "us-central1-a"', 1),
        ('location = "us-central1-a"\n  node_locations = ["us-central1-b"]', 2),
        ('location = "us-central1"', None),
        ('location = "us-central1"\n  node_locations = ["us-central1-a"]', 1),
    ],
)
def test_gke_cluster_zones(tmp_path: Path, location: str, count: int | None) -> None:
    cluster = resources(tmp_path, f'resource "google_container_cluster" "c" {{\n  {location}\n}}\n')
    assert cluster["google_container_cluster.c"].facts.zone_count.value == count


def test_node_pool_counts_are_per_zone_and_follow_the_cluster(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "google_container_cluster" "c" {
  location       = "us-central1"
  node_locations = ["us-central1-a", "us-central1-b"]
}
resource "google_container_node_pool" "inherits" {
  cluster    = google_container_cluster.c.id
  location   = "us-central1"
  node_count = 1
}
resource "google_container_node_pool" "zonal" {
  cluster  = "c"
  location = "us-central1-a"
  autoscaling {
    min_node_count = 1
    max_node_count = 3
  }
}
resource "google_container_node_pool" "regional_default" {
  cluster    = "c"
  location   = "us-central1"
  node_count = 1
}
""",
    )
    inherits = found["google_container_node_pool.inherits"].facts
    assert (inherits.zone_count.value, inherits.replicas.value) == (2, 2)
    zonal = found["google_container_node_pool.zonal"].facts
    assert (zonal.zone_count.value, zonal.replicas.value) == (1, 1)
    # The region's default zones are not stated: neither count is known.
    regional = found["google_container_node_pool.regional_default"].facts
    assert (regional.zone_count.value, regional.replicas.value) == (None, None)


def test_group_manager_with_autoscaler_and_without_load_balancer(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "google_compute_instance_group_manager" "m" {
  zone = "us-central1-a"
}
resource "google_compute_autoscaler" "a" {
  target = google_compute_instance_group_manager.m.id
  autoscaling_policy {
    min_replicas = 2
    max_replicas = 4
  }
}
""",
    )
    group = found["google_compute_instance_group_manager.m"].facts
    assert group.autoscaled_by == "google_compute_autoscaler.a"
    assert group.zone_count.value == 1
    assert group.probes == []  # no load balancer in sight: autohealing is not judged
    assert found["google_compute_autoscaler.a"].facts.autoscaler_min_replicas.value == 2


def test_backend_service_with_unresolvable_group_is_not_judged(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
variable "group" {}
resource "google_compute_backend_service" "b" {
  backend { group = var.group }
}
""",
    )
    assert found["google_compute_backend_service.b"].facts.probes == []


@pytest.mark.parametrize(
    ("location", "copy"),
    [("US", True), ("eu", True), ("NAM4", True), ("ASIA1", True), ("US-CENTRAL1", False), ("europe-west4", False)],
)
def test_bucket_locations(tmp_path: Path, location: str, copy: bool) -> None:
    bucket = resources(tmp_path, f'resource "google_storage_bucket" "b" {{\n  location = "{location}"\n}}\n')
    assert bucket["google_storage_bucket.b"].facts.cross_region_copy.value is copy
    assert bucket["google_storage_bucket.b"].facts.versioning.value is None  # default soft delete keeps 7 days


def test_google_tier_label(tmp_path: Path) -> None:
    bucket = resources(
        tmp_path,
        """
resource "google_storage_bucket" "b" {
  location = "US"
  labels   = { reslint-tier = "2" }
}
""",
    )["google_storage_bucket.b"]
    assert ("reslint-tier", "2") in bucket.tags


# --- Azure ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "zone_redundant", "cross_region"),
    [
        ("LRS", False, False),
        ("ZRS", True, False),
        ("GRS", False, True),
        ("RAGRS", False, True),
        ("GZRS", True, True),
        ("RAGZRS", True, True),
    ],
)
def test_storage_replication(tmp_path: Path, kind: str, zone_redundant: bool, cross_region: bool) -> None:
    account = resources(
        tmp_path,
        f"""
resource "azurerm_storage_account" "s" {{
  account_replication_type = "{kind}"
}}
""",
    )["azurerm_storage_account.s"].facts
    assert (account.zone_redundant.value, account.cross_region_copy.value) == (zone_redundant, cross_region)


def test_flexible_server_defaults(tmp_path: Path) -> None:
    server = resources(
        tmp_path,
        """
resource "azurerm_postgresql_flexible_server" "p" {
  location = "westeurope"
}
""",
    )["azurerm_postgresql_flexible_server.p"].facts
    assert server.zone_redundant.value is False
    assert server.backup_retention_days.value == 7
    assert server.backup_retention_days.evidence == "backup_retention_days not set (defaults to 7 days)"
    assert server.cross_region_copy.value is False


def test_mssql_defaults_and_long_term_retention(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "azurerm_mssql_database" "d" {
  sku_name = "GP_Gen5_2"
  long_term_retention_policy { monthly_retention = "P3M" }
}
resource "azurerm_mssql_database" "dw" {
  sku_name           = "DW100c"
  geo_backup_enabled = false
}
resource "azurerm_mssql_database" "pooled" {
  elastic_pool_id = "pool"
}
""",
    )
    db = found["azurerm_mssql_database.d"].facts
    assert (db.zone_redundant.value, db.backup_retention_days.value, db.cross_region_copy.value) == (False, 90, True)
    assert found["azurerm_mssql_database.dw"].facts.cross_region_copy.value is False
    assert found["azurerm_mssql_database.pooled"].facts.zone_redundant.value is None


def test_aks_autoscaled_pool_uses_min_count(tmp_path: Path) -> None:
    facts = resources(
        tmp_path,
        """
resource "azurerm_kubernetes_cluster" "k" {
  default_node_pool {
    enable_auto_scaling = true
    min_count           = 1
    max_count           = 5
    node_count          = 3
    zones               = ["1", "2"]
  }
}
""",
    )["azurerm_kubernetes_cluster.k"].facts
    assert (facts.replicas.value, facts.zone_count.value) == (1, 2)


def test_scale_set_zones_unknown_and_repair_without_health_source(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
variable "zones" {}
resource "azurerm_linux_virtual_machine_scale_set" "s" {
  zones     = var.zones
  instances = 2
  automatic_instance_repair { enabled = true }
  network_interface {
    ip_configuration { load_balancer_backend_address_pool_ids = ["pool"] }
  }
}
""",
    )
    facts = found["azurerm_linux_virtual_machine_scale_set.s"].facts
    assert facts.zone_count.value is UNKNOWN
    assert [p.present for p in facts.probes] == [False]  # repair needs a probe or a health extension


def test_public_ip_and_redis_without_zones_are_not_judged(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "azurerm_public_ip" "ip" { sku = "Standard" }
resource "azurerm_redis_cache" "r" { sku_name = "Standard" }
resource "azurerm_redis_cache" "zonal" {
  sku_name = "Premium"
  zones    = ["1"]
}
""",
    )
    assert found["azurerm_public_ip.ip"].facts.zone_count.value is None
    assert found["azurerm_redis_cache.r"].facts.zone_redundant.value is None
    assert found["azurerm_redis_cache.zonal"].facts.zone_redundant.value is False


def test_key_vault_certificate_reference_versions(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "azurerm_key_vault_certificate" "c" { name = "c" }
resource "azurerm_application_gateway" "g" {
  ssl_certificate {
    name                = "pinned"
    key_vault_secret_id = azurerm_key_vault_certificate.c.secret_id
  }
  ssl_certificate {
    name                = "follows"
    key_vault_secret_id = azurerm_key_vault_certificate.c.versionless_secret_id
  }
}
""",
    )
    certificates = found["azurerm_application_gateway.g"].facts.certificates
    assert [(c.subject, c.managed) for c in certificates] == [
        ("TLS certificate 'pinned'", False),
        ("TLS certificate 'follows'", True),
    ]


def test_vm_in_a_flexible_scale_set_is_not_a_lone_copy(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "azurerm_linux_virtual_machine" "lone" { name = "a" }
resource "azurerm_linux_virtual_machine" "member" {
  name                         = "b"
  virtual_machine_scale_set_id = "scale-set-id"
}
""",
    )
    assert found["azurerm_linux_virtual_machine.lone"].facts.replicas.value == 1
    assert found["azurerm_linux_virtual_machine.member"].facts.replicas.value is None


# --- kinds added for issue 14: Google Cloud --------------------------------------------------------


def test_node_pool_repair_and_upgrade_settings(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "google_container_node_pool" "drains_all" {
  location   = "us-central1-a"
  node_count = 2
  upgrade_settings {
    max_surge       = 0
    max_unavailable = 2
  }
}
resource "google_container_node_pool" "drains_one" {
  location   = "us-central1-a"
  node_count = 3
  upgrade_settings {
    max_surge       = 0
    max_unavailable = 1
  }
}
resource "google_container_node_pool" "blue_green" {
  location   = "us-central1-a"
  node_count = 1
  upgrade_settings {
    strategy = "BLUE_GREEN"
  }
}
resource "google_container_node_pool" "regional" {
  location       = "us-central1"
  node_locations = ["us-central1-a", "us-central1-b"]
  node_count     = 1
  upgrade_settings {
    max_surge       = 0
    max_unavailable = 5
  }
}
resource "google_container_node_pool" "defaults" {
  location   = "us-central1-a"
  node_count = 1
}
""",
    )
    drains_all = found["google_container_node_pool.drains_all"].facts
    assert drains_all.rollout_keeps_capacity.value is False
    assert drains_all.rollout_keeps_capacity.evidence == (
        "upgrade_settings.max_surge = 0 and max_unavailable = 2 with 2 nodes"
    )
    assert found["google_container_node_pool.drains_one"].facts.rollout_keeps_capacity.value is True
    assert found["google_container_node_pool.blue_green"].facts.rollout_keeps_capacity.value is True
    # GKE upgrades a multi-zone pool zone by zone: not judged.
    assert found["google_container_node_pool.regional"].facts.rollout_keeps_capacity.value is None
    defaults = found["google_container_node_pool.defaults"].facts
    assert defaults.rollout_keeps_capacity.value is None and defaults.probes == []


def test_cloud_run_takes_the_larger_minimum_and_app_engine_defaults(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "google_cloud_run_v2_service" "both" {
  scaling { min_instance_count = 3 }
  template {
    scaling { min_instance_count = 1 }
  }
}
resource "google_cloud_run_service" "service_wide" {
  metadata {
    annotations = { "run.googleapis.com/minScale" = "2" }
  }
  template {
    spec {}
  }
}
resource "google_app_engine_flexible_app_version" "flex" { runtime = "custom" }
resource "google_app_engine_standard_app_version" "std" { runtime = "go122" }
resource "google_app_engine_standard_app_version" "idle" {
  automatic_scaling { min_idle_instances = 2 }
}
""",
    )
    both = found["google_cloud_run_v2_service.both"].facts
    assert both.autoscaler_min_replicas.value == 3
    assert both.autoscaler_min_replicas.evidence == "scaling.min_instance_count = 3"
    legacy = found["google_cloud_run_service.service_wide"].facts
    assert legacy.autoscaler_min_replicas.value == 2
    assert legacy.autoscaler_min_replicas.evidence == 'metadata.annotations["run.googleapis.com/minScale"] = "2"'
    flex = found["google_app_engine_flexible_app_version.flex"].facts
    assert flex.autoscaler_min_replicas.value == 2
    assert flex.autoscaler_min_replicas.evidence == "automatic_scaling.min_total_instances not set (defaults to 2)"
    assert found["google_app_engine_standard_app_version.std"].facts.autoscaler_min_replicas.value == 0
    assert found["google_app_engine_standard_app_version.idle"].facts.autoscaler_min_replicas.value == 2


@pytest.mark.parametrize(
    ("config", "zone_redundant", "copy"),
    [
        ("regional-europe-west1", True, False),
        ("projects/p/instanceConfigs/regional-us-east4", True, False),
        ("eur6", True, True),
        ("custom-nam11-config", None, UNKNOWN),
    ],
)
def test_spanner_configurations(tmp_path: Path, config: str, zone_redundant: bool | None, copy: object) -> None:
    facts = resources(
        tmp_path,
        f"""
resource "google_spanner_instance" "s" {{ config = "{config}" }}
""",
    )["google_spanner_instance.s"].facts
    assert facts.zone_redundant.value is zone_redundant
    assert facts.cross_region_copy.value is copy


@pytest.mark.parametrize(
    ("tier", "regional"),
    [
        ("BASIC_HDD", False),
        ("BASIC_SSD", False),
        ("ZONAL", False),
        ("HIGH_SCALE_SSD", False),
        ("STANDARD", False),
        ("REGIONAL", True),
        ("ENTERPRISE", True),
    ],
)
def test_filestore_tiers(tmp_path: Path, tier: str, regional: bool) -> None:
    facts = resources(
        tmp_path,
        f"""
resource "google_filestore_instance" "f" {{ tier = "{tier}" }}
""",
    )["google_filestore_instance.f"].facts
    assert facts.zone_redundant.value is regional


# --- kinds added for issue 14: Azure -------------------------------------------------------------


def test_cosmos_backup_policies(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "azurerm_cosmosdb_account" "defaults" {
  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}
resource "azurerm_cosmosdb_account" "local" {
  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
  backup {
    type               = "Periodic"
    retention_in_hours = 720
    storage_redundancy = "Local"
  }
}
resource "azurerm_cosmosdb_account" "continuous7" {
  geo_location {
    location          = "westeurope"
    failover_priority = 0
    zone_redundant    = true
  }
  backup {
    type = "Continuous"
    tier = "Continuous7Days"
  }
}
""",
    )
    defaults = found["azurerm_cosmosdb_account.defaults"].facts
    assert defaults.point_in_time_recovery.value is False
    assert defaults.cross_region_copy.value is True  # periodic backups default to geo-redundant storage
    assert defaults.backup_retention_days.value is None  # 8 hours: under a day is not judged
    assert defaults.zone_redundant.value is False
    local = found["azurerm_cosmosdb_account.local"].facts
    assert local.cross_region_copy.value is False and local.backup_retention_days.value == 30
    continuous = found["azurerm_cosmosdb_account.continuous7"].facts
    assert continuous.point_in_time_recovery.value is True and continuous.backup_retention_days.value == 7
    assert continuous.zone_redundant.value is True and continuous.cross_region_copy.value is False


def test_app_service_plan_consumption_autoscale_and_ase_dedicated_hosts(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "azurerm_service_plan" "consumption" { sku_name = "Y1" }
resource "azurerm_app_service_plan" "legacy_consumption" {
  kind = "FunctionApp"
  sku {
    tier = "Dynamic"
    size = "Y1"
  }
}
resource "azurerm_service_plan" "scaled" {
  sku_name     = "P1v3"
  worker_count = 1
}
resource "azurerm_monitor_autoscale_setting" "a" {
  target_resource_id = azurerm_service_plan.scaled.id
  profile {
    capacity {
      minimum = 2
      maximum = 4
      default = 2
    }
  }
}
resource "azurerm_app_service_environment_v3" "hosts" { dedicated_host_count = 2 }
""",
    )
    for address in ("azurerm_service_plan.consumption", "azurerm_app_service_plan.legacy_consumption"):
        facts = found[address].facts
        assert facts.zone_count.value is None and facts.replicas.value is None
    scaled = found["azurerm_service_plan.scaled"].facts
    assert scaled.autoscaled_by == "azurerm_monitor_autoscale_setting.a" and scaled.zone_count.value == 1
    assert found["azurerm_app_service_environment_v3.hosts"].facts.zone_count.value is None


# --- honest unknowns: variables without values, data sources, remote modules --------------------

_SOURCES = {
    "variable": ('variable "given" {}', "var.given"),
    "data source": ('data "external_thing" "given" {}', "data.external_thing.given.value"),
    "remote module": ('module "given" {\n  source = "git::https://example.com/given.git"\n}', "module.given.value"),
}

# (type, body with VALUE where the unknown goes, the fact that must stay unknown)
_UNKNOWN_CASES = [
    (
        "google_container_node_pool",
        'location = "us-central1-a"\nnode_count = 1\nmanagement { auto_repair = VALUE }',
        "probes",
    ),
    (
        "google_container_node_pool",
        'location = "us-central1-a"\nnode_count = 2\nupgrade_settings {\nmax_surge = 0\nmax_unavailable = VALUE\n}',
        "rollout_keeps_capacity",
    ),
    ("google_cloud_run_v2_service", "template {\nscaling { min_instance_count = VALUE }\n}", "autoscaler_min_replicas"),
    (
        "google_cloud_run_service",
        'template {\nmetadata {\nannotations = { "autoscaling.knative.dev/minScale" = VALUE }\n}\n}',
        "autoscaler_min_replicas",
    ),
    (
        "google_app_engine_standard_app_version",
        "automatic_scaling {\nstandard_scheduler_settings { min_instances = VALUE }\n}",
        "autoscaler_min_replicas",
    ),
    (
        "google_app_engine_flexible_app_version",
        "automatic_scaling { min_total_instances = VALUE }",
        "autoscaler_min_replicas",
    ),
    ("google_spanner_instance", "config = VALUE", "cross_region_copy"),
    ("google_filestore_instance", "tier = VALUE", "zone_redundant"),
    ("azurerm_service_plan", 'sku_name = "P1v3"\nworker_count = 3\nzone_balancing_enabled = VALUE', "zone_count"),
    ("azurerm_service_plan", 'sku_name = "P1v3"\nzone_balancing_enabled = true\nworker_count = VALUE', "replicas"),
    ("azurerm_linux_web_app", "site_config { health_check_path = VALUE }", "probes"),
    ("azurerm_app_service_environment_v3", "zone_redundant = VALUE", "zone_count"),
    (
        "azurerm_cosmosdb_account",
        'geo_location {\nlocation = "westeurope"\nfailover_priority = 0\nzone_redundant = VALUE\n}',
        "zone_redundant",
    ),
    (
        "azurerm_cosmosdb_account",
        'geo_location {\nlocation = "westeurope"\nfailover_priority = 0\nzone_redundant = true\n}\n'
        "backup { type = VALUE }",
        "point_in_time_recovery",
    ),
    ("azurerm_container_registry", "georeplications = VALUE", "cross_region_copy"),
    ("azurerm_mssql_failover_group", "read_write_endpoint_failover_policy { mode = VALUE }", "automatic_failover"),
    (
        "azurerm_cosmosdb_account",
        "automatic_failover_enabled = VALUE\n"
        'geo_location {\nlocation = "westeurope"\nfailover_priority = 0\nzone_redundant = true\n}\n'
        'geo_location {\nlocation = "northeurope"\nfailover_priority = 1\n}\nbackup { type = "Continuous" }',
        "automatic_failover",
    ),
]


@pytest.mark.parametrize("source", sorted(_SOURCES))
@pytest.mark.parametrize("case", _UNKNOWN_CASES, ids=[f"{k}-{f}" for k, _, f in _UNKNOWN_CASES])
def test_new_kinds_keep_unknowns_and_raise_nothing(
    tmp_path: Path, lint: Callable[..., Report], source: str, case: tuple[str, str, str]
) -> None:
    kind, body, fact = case
    declaration, expression = _SOURCES[source]
    text = f'{declaration}\nresource "{kind}" "r" {{\n{body.replace("VALUE", expression)}\n}}\n'
    resource = resources(tmp_path, text)[f"{kind}.r"]
    value = getattr(resource.facts, fact)
    if fact == "probes":
        assert [p.present for p in value] == [UNKNOWN]
    else:
        assert isinstance(value.value, Unknown), f"{fact} = {value!r}"
    report = lint(tmp_path / "main.tf")
    assert not report.errors
    assert [f.rule for f in report.findings if f.rule in _RULES_READING[fact]] == []


#: The rules that read each fact: none of them may fire on an unknown.
_RULES_READING = {
    "probes": {"RSL301", "RSL302", "RSL303", "RSL304"},
    "rollout_keeps_capacity": {"RSL701"},
    "autoscaler_min_replicas": {"RSL202"},
    "cross_region_copy": {"RSL503"},
    "zone_redundant": {"RSL103"},
    "zone_count": {"RSL102"},
    "replicas": {"RSL101", "RSL201"},
    "point_in_time_recovery": {"RSL502"},
    "automatic_failover": {"RSL204"},
}


def test_sql_same_region_replica_is_no_copy_and_an_unknown_replica_region_is_unknown(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
variable "dr_region" {}
resource "google_sql_database_instance" "same" {
  database_version = "POSTGRES_15"
  region           = "us-central1"
  settings {
    tier = "x"
    backup_configuration {
      enabled  = true
      location = "us-central1"
    }
  }
}
resource "google_sql_database_instance" "same_replica" {
  region               = "us-central1"
  master_instance_name = google_sql_database_instance.same.name
  settings { tier = "x" }
}
resource "google_sql_database_instance" "other" {
  database_version = "POSTGRES_15"
  region           = "us-central1"
  settings {
    tier = "x"
    backup_configuration {
      enabled  = true
      location = "us-central1"
    }
  }
}
resource "google_sql_database_instance" "other_replica" {
  region               = var.dr_region
  master_instance_name = google_sql_database_instance.other.name
  settings { tier = "x" }
}
""",
    )
    assert found["google_sql_database_instance.same"].facts.cross_region_copy.value is False
    assert found["google_sql_database_instance.other"].facts.cross_region_copy.value is UNKNOWN


def test_cosmos_failover_needs_two_regions_and_counts_multi_region_writes(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
resource "azurerm_cosmosdb_account" "single" {
  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}
resource "azurerm_cosmosdb_account" "manual" {
  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
  geo_location {
    location          = "northeurope"
    failover_priority = 1
  }
}
resource "azurerm_cosmosdb_account" "multi_write" {
  multiple_write_locations_enabled = true
  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
  geo_location {
    location          = "northeurope"
    failover_priority = 1
  }
}
""",
    )
    assert found["azurerm_cosmosdb_account.single"].facts.automatic_failover.value is None
    manual = found["azurerm_cosmosdb_account.manual"].facts
    assert manual.automatic_failover.value is False
    assert manual.automatic_failover.evidence == (
        "automatic_failover_enabled not set (defaults to false) with 2 geo_location regions"
    )
    assert found["azurerm_cosmosdb_account.multi_write"].facts.automatic_failover.value is True


def test_cloud_run_manual_scaling_counts_the_manual_instances(tmp_path: Path) -> None:
    found = resources(
        tmp_path,
        """
variable "mode" {}
resource "google_cloud_run_v2_service" "manual" {
  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = 3
  }
  template {}
}
resource "google_cloud_run_v2_service" "manual_one" {
  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = 1
  }
  template {}
}
resource "google_cloud_run_v2_service" "unknown_mode" {
  scaling { scaling_mode = var.mode }
  template {}
}
""",
    )
    assert found["google_cloud_run_v2_service.manual"].facts.autoscaler_min_replicas.value == 3
    one = found["google_cloud_run_v2_service.manual_one"].facts
    assert one.autoscaler_min_replicas.value == 1
    assert one.autoscaler_min_replicas.evidence == "scaling.manual_instance_count = 1"
    assert found["google_cloud_run_v2_service.unknown_mode"].facts.autoscaler_min_replicas.value is UNKNOWN
