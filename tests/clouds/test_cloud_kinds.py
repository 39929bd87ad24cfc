"""Google Cloud and Azure kinds: the defaults and cross-resource cases the rule fixtures do not pin,
as a table of Terraform snippets and the facts they state, and the cases a table cannot say."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from _support.factories import terraform_resources
from _support.facts import fact_values, typed
from reslint.model import UNKNOWN, Unknown

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report


#: Terraform snippet -> the facts each resource states, by value (``None``: not stated,
#: ``UNKNOWN``: stated but not knowable statically; ``name.evidence``: the text a message quotes).
FACT_CASES = [
    # --- Google Cloud ---------------------------------------------------------------------------
    pytest.param(
        """
resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  region           = "us-central1"
  settings { tier = "db-f1-micro" }
}
""",
        {
            "google_sql_database_instance.db": {
                "zone_redundant": False,
                "zone_redundant.evidence": "settings.availability_type not set (defaults to ZONAL)",
                "backup_retention_days": 0,
                "point_in_time_recovery": False,
                "cross_region_copy": False,
            }
        },
        id="sql-without-backup-block-has-no-backups-nor-point-in-time",
    ),
    pytest.param(
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
        {
            "google_sql_database_instance.replica": {"zone_redundant": None, "backup_retention_days": None},
            "google_sql_database_instance.primary": {"cross_region_copy": True},
        },
        id="sql-replica-is-not-judged-and-a-cross-region-replica-is-a-copy",
    ),
    pytest.param(
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
        {
            "google_sql_database_instance.unknown_engine": {"point_in_time_recovery": True},
            "google_sql_database_instance.plus": {"point_in_time_recovery": UNKNOWN},
        },
        id="sql-engine-unknown-and-enterprise-plus-are-not-guessed",
    ),
    *(
        pytest.param(
            f'resource "google_container_cluster" "c" {{\n  {location}\n}}\n',
            {"google_container_cluster.c": {"zone_count": count}},
            id=f"gke-cluster-zones-{case}",
        )
        for case, location, count in [
            ("zonal", 'location = "us-central1-a"', 1),
            ("zonal-with-node-locations", 'location = "us-central1-a"\n  node_locations = ["us-central1-b"]', 2),
            ("regional-default-zones", 'location = "us-central1"', None),
            ("regional-with-node-locations", 'location = "us-central1"\n  node_locations = ["us-central1-a"]', 1),
        ]
    ),
    pytest.param(
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
        {
            "google_container_node_pool.inherits": {"zone_count": 2, "replicas": 2},
            "google_container_node_pool.zonal": {"zone_count": 1, "replicas": 1},
            # The region's default zones are not stated: neither count is known.
            "google_container_node_pool.regional_default": {"zone_count": None, "replicas": None},
        },
        id="node-pool-counts-are-per-zone-and-follow-the-cluster",
    ),
    pytest.param(
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
        {
            # No load balancer in sight: autohealing is not judged (no probes).
            "google_compute_instance_group_manager.m": {
                "autoscaled_by": "google_compute_autoscaler.a",
                "zone_count": 1,
                "probes": [],
            },
            "google_compute_autoscaler.a": {"autoscaler_min_replicas": 2},
        },
        id="group-manager-with-autoscaler-and-without-load-balancer",
    ),
    pytest.param(
        """
variable "group" {}
resource "google_compute_backend_service" "b" {
  backend { group = var.group }
}
""",
        {"google_compute_backend_service.b": {"probes": []}},
        id="backend-service-with-unresolvable-group-is-not-judged",
    ),
    *(
        pytest.param(
            f'resource "google_storage_bucket" "b" {{\n  location = "{location}"\n}}\n',
            # The default soft delete keeps 7 days: no versioning stated.
            {"google_storage_bucket.b": {"cross_region_copy": copy, "versioning": None}},
            id=f"bucket-location-{location}",
        )
        for location, copy in [
            ("US", True),
            ("eu", True),
            ("NAM4", True),
            ("ASIA1", True),
            ("US-CENTRAL1", False),
            ("europe-west4", False),
        ]
    ),
    pytest.param(
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
        {
            "google_container_node_pool.drains_all": {
                "rollout_keeps_capacity": False,
                "rollout_keeps_capacity.evidence": (
                    "upgrade_settings.max_surge = 0 and max_unavailable = 2 with 2 nodes"
                ),
            },
            "google_container_node_pool.drains_one": {"rollout_keeps_capacity": True},
            "google_container_node_pool.blue_green": {"rollout_keeps_capacity": True},
            # GKE upgrades a multi-zone pool zone by zone: not judged.
            "google_container_node_pool.regional": {"rollout_keeps_capacity": None},
            "google_container_node_pool.defaults": {"rollout_keeps_capacity": None, "probes": []},
        },
        id="node-pool-repair-and-upgrade-settings",
    ),
    pytest.param(
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
        {
            "google_cloud_run_v2_service.both": {
                "autoscaler_min_replicas": 3,
                "autoscaler_min_replicas.evidence": "scaling.min_instance_count = 3",
            },
            "google_cloud_run_service.service_wide": {
                "autoscaler_min_replicas": 2,
                "autoscaler_min_replicas.evidence": 'metadata.annotations["run.googleapis.com/minScale"] = "2"',
            },
            "google_app_engine_flexible_app_version.flex": {
                "autoscaler_min_replicas": 2,
                "autoscaler_min_replicas.evidence": "automatic_scaling.min_total_instances not set (defaults to 2)",
            },
            "google_app_engine_standard_app_version.std": {"autoscaler_min_replicas": 0},
            "google_app_engine_standard_app_version.idle": {"autoscaler_min_replicas": 2},
        },
        id="cloud-run-takes-the-larger-minimum-and-app-engine-defaults",
    ),
    *(
        pytest.param(
            f'\nresource "google_spanner_instance" "s" {{ config = "{config}" }}\n',
            {"google_spanner_instance.s": {"zone_redundant": zone_redundant, "cross_region_copy": copy}},
            id=f"spanner-{config.rsplit('/', 1)[-1]}",
        )
        for config, zone_redundant, copy in [
            ("regional-europe-west1", True, False),
            ("projects/p/instanceConfigs/regional-us-east4", True, False),
            ("eur6", True, True),
            ("custom-nam11-config", None, UNKNOWN),
        ]
    ),
    *(
        pytest.param(
            f'\nresource "google_filestore_instance" "f" {{ tier = "{tier}" }}\n',
            {"google_filestore_instance.f": {"zone_redundant": regional}},
            id=f"filestore-{tier}",
        )
        for tier, regional in [
            ("BASIC_HDD", False),
            ("BASIC_SSD", False),
            ("ZONAL", False),
            ("HIGH_SCALE_SSD", False),
            ("STANDARD", False),
            ("REGIONAL", True),
            ("ENTERPRISE", True),
        ]
    ),
    # --- Azure ----------------------------------------------------------------------------------
    *(
        pytest.param(
            f'\nresource "azurerm_storage_account" "s" {{\n  account_replication_type = "{kind}"\n}}\n',
            {"azurerm_storage_account.s": {"zone_redundant": zone_redundant, "cross_region_copy": cross_region}},
            id=f"storage-replication-{kind}",
        )
        for kind, zone_redundant, cross_region in [
            ("LRS", False, False),
            ("ZRS", True, False),
            ("GRS", False, True),
            ("RAGRS", False, True),
            ("GZRS", True, True),
            ("RAGZRS", True, True),
        ]
    ),
    pytest.param(
        """
resource "azurerm_postgresql_flexible_server" "p" {
  location = "westeurope"
}
""",
        {
            "azurerm_postgresql_flexible_server.p": {
                "zone_redundant": False,
                "backup_retention_days": 7,
                "backup_retention_days.evidence": "backup_retention_days not set (defaults to 7 days)",
                "cross_region_copy": False,
            }
        },
        id="flexible-server-defaults",
    ),
    pytest.param(
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
        {
            "azurerm_mssql_database.d": {
                "zone_redundant": False,
                "backup_retention_days": 90,
                "cross_region_copy": True,
            },
            "azurerm_mssql_database.dw": {"cross_region_copy": False},
            "azurerm_mssql_database.pooled": {"zone_redundant": None},
        },
        id="mssql-defaults-and-long-term-retention",
    ),
    pytest.param(
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
        {"azurerm_kubernetes_cluster.k": {"replicas": 1, "zone_count": 2}},
        id="aks-autoscaled-pool-uses-min-count",
    ),
    pytest.param(
        """
resource "azurerm_public_ip" "ip" { sku = "Standard" }
resource "azurerm_redis_cache" "r" { sku_name = "Standard" }
resource "azurerm_redis_cache" "zonal" {
  sku_name = "Premium"
  zones    = ["1"]
}
""",
        {
            "azurerm_public_ip.ip": {"zone_count": None},
            "azurerm_redis_cache.r": {"zone_redundant": None},
            "azurerm_redis_cache.zonal": {"zone_redundant": False},
        },
        id="public-ip-and-redis-without-zones-are-not-judged",
    ),
    pytest.param(
        """
resource "azurerm_linux_virtual_machine" "lone" { name = "a" }
resource "azurerm_linux_virtual_machine" "member" {
  name                         = "b"
  virtual_machine_scale_set_id = "scale-set-id"
}
""",
        {
            "azurerm_linux_virtual_machine.lone": {"replicas": 1},
            "azurerm_linux_virtual_machine.member": {"replicas": None},
        },
        id="vm-in-a-flexible-scale-set-is-not-a-lone-copy",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), FACT_CASES)
def test_kind_facts(tmp_path: Path, snippet: str, expected: dict[str, dict[str, object]]) -> None:
    found = terraform_resources(tmp_path, snippet)
    actual = {address: typed(fact_values(found[address], facts)) for address, facts in expected.items()}
    assert actual == {address: typed(facts) for address, facts in expected.items()}


# --- Google Cloud -----------------------------------------------------------------------------


def test_google_tier_label(tmp_path: Path) -> None:
    bucket = terraform_resources(
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


def test_scale_set_zones_unknown_and_repair_without_health_source(tmp_path: Path) -> None:
    found = terraform_resources(
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


def test_key_vault_certificate_reference_versions(tmp_path: Path) -> None:
    found = terraform_resources(
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


def test_cosmos_backup_policies(tmp_path: Path) -> None:
    found = terraform_resources(
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
    found = terraform_resources(
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
    resource = terraform_resources(tmp_path, text)[f"{kind}.r"]
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
    found = terraform_resources(
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
    found = terraform_resources(
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
    found = terraform_resources(
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
