"""What reslint knows about Azure resource types (the Terraform ``azurerm`` provider).

Each kind maps an ``azurerm_*`` type onto the same provider-neutral facts as the AWS kinds, so the
existing rules apply unchanged. Defaults are the provider's or Azure's own and are quoted in the
evidence (``backup_retention_days not set (defaults to 7 days)``). Anything that cannot be
resolved statically stays unknown and never fires.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reslint.clouds.kind import Kind, flag
from reslint.clouds.shared import instance
from reslint.clouds.view import integer, lookup, mapping_of, render, truthy
from reslint.fixes import MIN_BACKUP_DAYS, MIN_REPLICAS, Say, Set
from reslint.model import NOT_STATED, UNKNOWN, CertificateFact, Fact, Facts, ProbeFact, Reference, Role, Unknown

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import View

#: A Key Vault secret URI that names one version: a gateway or app keeps serving that version
#: after Key Vault renews the certificate.
_VERSIONED_SECRET = re.compile(r"/secrets/[^/]+/[0-9a-fA-F]{32}/?$")
_ISO_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_SCALE_SETS = (
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_windows_virtual_machine_scale_set",
    "azurerm_orchestrated_virtual_machine_scale_set",
)


#: Plans whose instances the platform adds and places on demand: no worker count or zone setting.
_ELASTIC_SKUS = frozenset({"Y1", "FC1", "DYNAMIC", "FLEXCONSUMPTION"})
_WEB_APPS = (
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_web_app_slot",
    "azurerm_windows_web_app_slot",
    "azurerm_app_service",
    "azurerm_app_service_slot",
)


def _tf(path: str) -> tuple[str | None, str | None]:
    """A setting Terraform spells *path* and CloudFormation does not have."""
    return (path, None)


def _zone_list(value: object) -> list[str] | None:
    """Literal zone names (``"1"``, ``"2"``), else None (unset, unknown or partly unknown)."""
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        return None
    return [str(v) for v in value]


def _zones(view: View, facts: Facts, field: str, *, unset: str | None) -> None:
    """``zone_count`` from an explicit zone list; *unset* is the evidence when the list is absent
    and absence means "no availability zone" (None: absence means zone-redundant or unknowable)."""
    value = view.get(field)
    names = _zone_list(value)
    if names:
        facts.zone_count = view.fact(field, len(set(names)), view.show(field))
    elif value is None or value == []:
        if unset is not None:
            facts.zone_count = view.fact(field, 1, unset)
    else:
        facts.zone_count = Fact(UNKNOWN)


# --- databases, caches and storage ----------------------------------------------------------------


def _flexible_server(view: View, index: CloudIndex, facts: Facts) -> None:
    mode = view.get("create_mode")
    if isinstance(mode, str) and mode.lower() == "replica":
        return  # a read replica: failover and backups belong to its source server
    if view.record.type.endswith("_flexible_server"):
        ha = view.get("ha_mode")
        if ha is None or isinstance(ha, str):
            # Without a high_availability block there is no standby at all; SameZone keeps it in the
            # primary's zone.
            facts.zone_redundant = view.fact(
                "ha_mode",
                isinstance(ha, str) and ha.lower() == "zoneredundant",
                view.show("ha_mode", default="no standby"),
            )
        else:
            facts.zone_redundant = Fact(UNKNOWN)
    days = integer(view.get("retention"))
    facts.backup_retention_days = view.fact(
        "retention", 7 if days is None else days, view.show("retention", default="7 days")
    )
    geo = truthy(view.get("geo_backup"))
    if geo is True or isinstance(geo, Unknown):
        facts.cross_region_copy = Fact(geo)
        return
    location = view.get("location")
    replicas = [
        lookup(r.attributes, "location")
        for r, _ in index.referrers(view.record, (view.record.type,))
        if lookup(r.attributes, "source_server_id") is not None
    ]
    if any(isinstance(r, str) and isinstance(location, str) and r.lower() != location.lower() for r in replicas):
        facts.cross_region_copy = Fact(True, "a read replica in another region")
    elif replicas and not (isinstance(location, str) and all(isinstance(r, str) for r in replicas)):
        facts.cross_region_copy = Fact(UNKNOWN)  # a replica whose region we cannot compare
    else:
        facts.cross_region_copy = view.fact("geo_backup", False, view.show("geo_backup", default="false"))


def _duration_days(value: object) -> int | None:
    """Days of an ISO 8601 duration such as ``P4W`` or ``P1Y`` (months as 30 days, years as 365)."""
    if not isinstance(value, str):
        return None
    match = _ISO_DURATION.match(value.strip().upper())
    if not match or not any(match.groups()):
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return years * 365 + months * 30 + weeks * 7 + days


def _mssql_database(view: View, index: CloudIndex, facts: Facts) -> None:
    mode = view.get("create_mode")
    if isinstance(mode, str) and mode.lower() in {"secondary", "onlinesecondary"}:
        return  # a geo-replica: it is itself the copy of another database
    if view.get("elastic_pool") is None:  # in a pool, the pool decides zone redundancy
        facts.zone_redundant = flag(view, "zone_redundant", default=False)
    short = integer(view.get("short_term_days"))
    days: int | Unknown = 7 if short is None else short
    evidence = view.show("short_term_days", default="7 days")
    field = "short_term_days"
    # Long-term retention keeps weekly, monthly or yearly full backups for longer.
    for name in ("weekly", "monthly", "yearly"):
        longer = _duration_days(view.get(name))
        if isinstance(days, int) and longer is not None and longer > days:
            days, evidence, field = longer, view.show(name), name
    facts.backup_retention_days = view.fact(field, days, evidence)
    sku = view.get("sku")
    if isinstance(sku, str) and sku.upper().startswith("DW"):
        # geo_backup_enabled applies to data warehouse SKUs only, and defaults to true.
        facts.cross_region_copy = flag(view, "geo_backup", default=True)
        return
    storage = view.get("backup_storage")
    storage = "Geo" if storage is None else storage
    if isinstance(storage, str):
        facts.cross_region_copy = view.fact(
            "backup_storage", storage.lower() in {"geo", "geozone"}, view.show("backup_storage", default="Geo")
        )
    else:
        facts.cross_region_copy = Fact(UNKNOWN)


def _elastic_pool(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.zone_redundant = flag(view, "zone_redundant", default=False)


def _storage_account(view: View, index: CloudIndex, facts: Facts) -> None:
    replication = view.get("replication")
    if isinstance(replication, str):
        kind = replication.upper()
        shown = view.show("replication")
        # LRS: three copies in one datacenter. ZRS: across zones. GRS/RA-GRS: LRS in the primary
        # region plus an asynchronous copy in the paired region. GZRS/RA-GZRS: ZRS plus that copy.
        facts.zone_redundant = view.fact("replication", "ZRS" in kind, shown)
        facts.cross_region_copy = view.fact("replication", "GRS" in kind or "GZRS" in kind, shown)
    else:
        facts.zone_redundant, facts.cross_region_copy = Fact(UNKNOWN), Fact(UNKNOWN)
    kind_of_account = view.get("account_kind")
    if truthy(view.get("hns")) is True or (
        isinstance(kind_of_account, str) and kind_of_account.lower() == "filestorage"
    ):
        return  # no blob versioning for Data Lake Gen2 or file-only accounts
    versioning = truthy(view.get("versioning"))
    if versioning is True:
        facts.versioning = Fact(True)
    elif isinstance(versioning, Unknown) or view.has("blob_soft_delete"):
        # Blob soft delete keeps deleted and overwritten blobs for its retention period.
        facts.versioning = Fact(UNKNOWN) if isinstance(versioning, Unknown) else NOT_STATED
    else:
        facts.versioning = view.fact(
            "versioning", False, view.show("versioning", default="false") + " and no blob delete_retention_policy"
        )


def _redis_cache(view: View, index: CloudIndex, facts: Facts) -> None:
    sku = view.get("sku")
    names = _zone_list(view.get("zones"))
    if isinstance(sku, str) and sku.lower() == "basic":
        # Basic is one VM: nothing to fail over to, in any zone.
        facts.zone_redundant = view.fact("sku", False, view.show("sku") + " (a single node)")
    elif names is not None and len(set(names)) == 1:
        facts.zone_redundant = view.fact("zones", False, view.show("zones") + " (one zone)")
    elif names is not None and len(set(names)) >= 2:
        facts.zone_redundant = Fact(True)
    # Standard and Premium without zones: Azure allocates zones itself where the region has them.


# --- compute and load balancing ------------------------------------------------------------------


def _node_pool_size(view: View, facts: Facts) -> None:
    autoscaled = truthy(view.get("auto_scaling"))
    if autoscaled is None:
        autoscaled = truthy(view.get("auto_scaling_v3"))
    if isinstance(autoscaled, Unknown):
        facts.replicas = Fact(UNKNOWN)
        return
    field = "min_count" if autoscaled is True else "node_count"
    count = integer(view.get(field))
    if count is not None:
        facts.replicas = view.fact(field, count, view.show(field))


def _aks_cluster(view: View, index: CloudIndex, facts: Facts) -> None:
    _zones(view, facts, "zones", unset=view.show("zones") + " (no availability zones)")
    _node_pool_size(view, facts)


def _aks_node_pool(view: View, index: CloudIndex, facts: Facts) -> None:
    _zones(view, facts, "zones", unset=view.show("zones") + " (no availability zones)")
    _node_pool_size(view, facts)


def _scale_set(view: View, index: CloudIndex, facts: Facts) -> None:
    record = view.record
    _zones(view, facts, "zones", unset=view.show("zones") + " (no availability zones)")
    autoscalers = index.referrers(record, ("azurerm_monitor_autoscale_setting",))
    if autoscalers:
        facts.autoscaled_by = autoscalers[0][0].address
    else:
        count = integer(view.get("instances"))
        if count is not None:  # unset: meant for an autoscale setting elsewhere
            facts.replicas = view.fact("instances", count, view.show("instances"))
    if _behind_load_balancer(view):
        # Only automatic instance repair replaces an instance its health probe or application
        # health extension reports unhealthy; the probe alone just gates rolling upgrades.
        repair = truthy(view.get("repair"))
        health = view.has("health_probe") or _has_health_extension(view, index)
        present: bool | Unknown = UNKNOWN if isinstance(repair, Unknown) else repair is True
        evidence = view.show("repair", default="false")
        if present is True and not health:
            present, evidence = False, "no health_probe_id or application health extension"
        facts.probes.append(
            ProbeFact("instances behind a load balancer", "replacement", evidence, present, view.line("repair"))
        )


def _behind_load_balancer(view: View) -> bool:
    for nic in _blocks(view.get("nics")):
        for ip in _blocks(mapping_of(nic).get("ip_configuration")):
            config = mapping_of(ip)
            for key in ("load_balancer_backend_address_pool_ids", "application_gateway_backend_address_pool_ids"):
                if config.get(key) not in (None, []):
                    return True
    return False


def _has_health_extension(view: View, index: CloudIndex) -> bool:
    inline = [mapping_of(e).get("type") for e in _blocks(view.get("extensions"))]
    separate = [
        lookup(r.attributes, "type")
        for r, _ in index.referrers(view.record, ("azurerm_virtual_machine_scale_set_extension",))
    ]
    return any(isinstance(t, str) and t.startswith("ApplicationHealth") for t in inline + separate)


def _vm(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("scale_set"):
        return  # a member of a flexible scale set: the scale set is the group of copies
    instance(view, index, facts)


def _blocks(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _autoscale_setting(view: View, index: CloudIndex, facts: Facts) -> None:
    minimums = [integer(lookup(p, "capacity.minimum")) for p in _blocks(view.get("profiles"))]
    known = [m for m in minimums if isinstance(m, int)]
    if known and len(known) == len(minimums):
        # The lowest minimum of any profile is how far the target may scale in.
        facts.autoscaler_min_replicas = Fact(
            min(known), f"profile.capacity.minimum = {min(known)}", view.line("profiles")
        )
    elif minimums:
        facts.autoscaler_min_replicas = Fact(UNKNOWN)


def _lb_rule(view: View, index: CloudIndex, facts: Facts) -> None:
    # Azure accepts a rule without a probe (only the portal insists): every backend counts as healthy.
    facts.probes.append(
        ProbeFact("backend pool members", "health", view.show("probe"), view.has("probe"), view.line("probe"))
    )


def _load_balancer(view: View, index: CloudIndex, facts: Facts) -> None:
    counts: list[tuple[int, str]] = []
    for frontend in _blocks(view.get("frontends")):
        config = mapping_of(frontend)
        names = _zone_list(config.get("zones"))
        if names:
            counts.append((len(set(names)), f"frontend_ip_configuration.zones = {render(names)}"))
            continue
        ip = config.get("public_ip_address_id")
        targets = index.target(view.record, ip) if isinstance(ip, Reference) else []
        if len(targets) == 1 and targets[0].type == "azurerm_public_ip":
            zones = _zone_list(lookup(targets[0].attributes, "zones"))
            if zones:
                counts.append((len(set(zones)), f"public IP {targets[0].address} has zones = {render(zones)}"))
    if counts:
        count, evidence = min(counts)
        facts.zone_count = Fact(count, evidence, view.line("frontends"))


def _public_ip(view: View, index: CloudIndex, facts: Facts) -> None:
    # Zones stated: zonal (one) or zone-redundant (several). Unset: a Standard IP is zone-redundant
    # by default where the region has zones, a Basic IP has no zones at all; neither is a finding.
    _zones(view, facts, "zones", unset=None)


def _application_gateway(view: View, index: CloudIndex, facts: Facts) -> None:
    # Unset zones: Azure spreads v2 gateways over the region's zones itself, so it is not a finding.
    _zones(view, facts, "zones", unset=None)
    # backend_http_settings without probe_name use the gateway's default probe: still checked.
    for certificate in _blocks(view.get("ssl_certificates")):
        config = mapping_of(certificate)
        name = config.get("name")
        subject = f"TLS certificate {name!r}" if isinstance(name, str) else "TLS certificate"
        if config.get("data") is not None:
            facts.certificates.append(
                CertificateFact(
                    subject,
                    False,
                    "ssl_certificate.data set: an uploaded PFX that nothing renews",
                    view.line("ssl_certificates"),
                )
            )
            continue
        managed = _key_vault_managed(config.get("key_vault_secret_id"))
        if managed is not None:
            facts.certificates.append(CertificateFact(subject, managed[0], managed[1], view.line("ssl_certificates")))


def _key_vault_managed(secret: object) -> tuple[bool | Unknown, str] | None:
    """Whether a Key Vault secret id follows renewals: only a versionless id does."""
    if secret is None:
        return None
    if isinstance(secret, str):
        if _VERSIONED_SECRET.search(secret):
            return False, "key_vault_secret_id names one version: renewals in Key Vault are not picked up"
        return True, "key_vault_secret_id without a version: follows renewals in Key Vault"
    if isinstance(secret, Reference) and secret.address.split(".")[-2:-1] == ["azurerm_key_vault_certificate"]:
        if secret.attribute in {"secret_id", "id"}:
            return False, f"key_vault_secret_id = {secret.address}.{secret.attribute} (one version)"
        if secret.attribute == "versionless_secret_id":
            return True, f"key_vault_secret_id = {secret.address}.versionless_secret_id"
    return UNKNOWN, "key_vault_secret_id not known"


def _app_service_certificate(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("pfx"):
        facts.certificates.append(
            CertificateFact(
                "App Service certificate", False, "pfx_blob set: an uploaded PFX that nothing renews", view.line("pfx")
            )
        )
        return
    managed = _key_vault_managed(view.get("key_vault_secret"))
    if managed is not None:
        facts.certificates.append(
            CertificateFact("App Service certificate", managed[0], managed[1], view.line("key_vault_secret"))
        )


def _app_service_managed_certificate(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.certificates.append(
        CertificateFact("App Service managed certificate", True, "issued and renewed by App Service", view.record.line)
    )


def _key_vault_certificate(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("contents"):
        # Never quote the value: it holds a private key.
        facts.certificates.append(
            CertificateFact(
                "imported Key Vault certificate",
                False,
                "certificate.contents set: imported, so Key Vault cannot renew it",
                view.line("contents"),
            )
        )
        return
    issuer = view.get("issuer")
    if isinstance(issuer, str) and issuer.lower() == "unknown":
        facts.certificates.append(
            CertificateFact(
                "Key Vault certificate",
                False,
                view.show("issuer") + " (renewal waits for someone to merge a signed certificate)",
                view.line("issuer"),
            )
        )


# --- App Service ---------------------------------------------------------------------------------


def _service_plan(view: View, index: CloudIndex, facts: Facts) -> None:
    legacy = view.record.type == "azurerm_app_service_plan"
    sku = view.get("legacy_tier" if legacy else "sku")
    if isinstance(sku, str) and sku.upper() in _ELASTIC_SKUS:
        return  # Consumption plans: the platform adds and places instances on demand
    _bool_zones(view, facts, "zone_redundant" if legacy else "zone_balancing")
    autoscalers = index.referrers(view.record, ("azurerm_monitor_autoscale_setting",))
    if autoscalers:
        facts.autoscaled_by = autoscalers[0][0].address
        return
    # worker_count (sku.capacity) is Optional and Computed: unset, Azure chooses, so it is not judged.
    field = "legacy_capacity" if legacy else "workers"
    count = integer(view.get(field))
    if count is not None:
        facts.replicas = view.fact(field, count, view.show(field))


def _web_app(view: View, index: CloudIndex, facts: Facts) -> None:
    # App Service's health check takes an instance that fails the path out of the load balancer
    # (and replaces it after an hour); without a path every instance gets traffic, dead or alive.
    path = view.get("health_path")
    present: bool | Unknown = UNKNOWN if isinstance(path, Unknown) else isinstance(path, str) and path != ""
    facts.probes.append(
        ProbeFact("the app", "readiness", "site_config.health_check_path", present, view.line("health_path"))
    )


def _app_service_environment(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("dedicated_hosts"):
        return  # dedicated hosts and zone redundancy exclude each other; hosts are placed by Azure
    _bool_zones(view, facts, "zone_redundant")


def _bool_zones(view: View, facts: Facts, field: str) -> None:
    value = truthy(view.get(field))
    if isinstance(value, Unknown):
        facts.zone_count = Fact(UNKNOWN)
    elif value is None:
        facts.zone_count = view.fact(field, 1, view.show(field, default="false: no availability zones"))
    elif value is False:
        facts.zone_count = view.fact(field, 1, view.show(field) + " (no availability zones)")


# --- Cosmos DB and Container Registry -------------------------------------------------------------


def _cosmos_account(view: View, index: CloudIndex, facts: Facts) -> None:
    locations = view.get("locations")
    if not isinstance(locations, list) or not all(isinstance(item, dict) for item in locations):
        facts.zone_redundant, facts.cross_region_copy = Fact(UNKNOWN), Fact(UNKNOWN)
        return
    write = [loc for loc in locations if isinstance(loc, dict) and loc.get("failover_priority") == 0]
    if len(write) == 1:
        redundant = truthy(mapping_of(write[0]).get("zone_redundant"))
        if isinstance(redundant, Unknown):
            facts.zone_redundant = Fact(UNKNOWN)
        else:
            shown = "not set (defaults to false)" if redundant is None else "= " + render(redundant)
            facts.zone_redundant = view.fact(
                "locations",
                redundant is True,
                f"geo_location.zone_redundant {shown} in the write region (failover_priority 0)",
            )
    else:
        facts.zone_redundant = Fact(UNKNOWN)
    _cosmos_failover(view, facts, len(locations))
    kind = view.get("backup_type")
    kind = "Periodic" if kind is None else kind  # Azure's default when the block is left out
    if not isinstance(kind, str):
        facts.point_in_time_recovery, facts.cross_region_copy = Fact(UNKNOWN), Fact(UNKNOWN)
        return
    continuous = kind.lower() == "continuous"
    facts.point_in_time_recovery = view.fact("backup_type", continuous, view.show("backup_type", default="Periodic"))
    if continuous:
        tier = view.get("backup_tier")
        if tier is None or isinstance(tier, str):
            days = 7 if isinstance(tier, str) and tier.lower() == "continuous7days" else 30
            facts.backup_retention_days = view.fact(
                "backup_tier", days, view.show("backup_tier", default="Continuous30Days")
            )
    else:
        hours = integer(view.get("backup_hours"))
        hours = 8 if hours is None else hours
        # Under a day of retention is not "no backups": only whole days are judged.
        if isinstance(hours, int) and hours >= 24:
            facts.backup_retention_days = view.fact("backup_hours", hours // 24, view.show("backup_hours"))
    regions = {loc.get("location") for loc in locations if isinstance(loc, dict)}
    if len(regions) > 1:
        # The account's data is replicated to another region.
        facts.cross_region_copy = Fact(True, f"{len(regions)} geo_location blocks")
        return
    redundancy = view.get("backup_redundancy")
    redundancy = "Geo" if redundancy is None and not continuous else redundancy
    if any(isinstance(r, Unknown) for r in regions) or isinstance(redundancy, Unknown):
        facts.cross_region_copy = Fact(UNKNOWN)
    elif continuous:
        # Continuous backups stay in each region the account is in.
        facts.cross_region_copy = view.fact(
            "locations", False, "one geo_location and continuous backups (kept in that region)"
        )
    else:
        geo = isinstance(redundancy, str) and redundancy.lower() == "geo"
        facts.cross_region_copy = view.fact(
            "backup_redundancy",
            geo,
            view.show("backup_redundancy", default="Geo") + ("" if geo else " and one geo_location"),
        )


def _cosmos_failover(view: View, facts: Facts, regions: int) -> None:
    """With replicas in other regions, whether losing the write region promotes one by itself."""
    if regions < 2:
        return  # one region: nothing to fail over to
    multi_write = truthy(view.get("multi_write"))
    if multi_write is True:
        facts.automatic_failover = Fact(True)  # every region takes writes
        return
    field = "failover" if view.has("failover") or not view.has("failover_v3") else "failover_v3"
    automatic = truthy(view.get(field))
    if isinstance(automatic, Unknown) or isinstance(multi_write, Unknown):
        facts.automatic_failover = Fact(UNKNOWN)
        return
    facts.automatic_failover = view.fact(
        field, automatic is True, view.show(field, default="false") + f" with {regions} geo_location regions"
    )


def _failover_group(view: View, index: CloudIndex, facts: Facts) -> None:
    # mode is required: Automatic fails the read-write endpoint over after grace_minutes, Manual waits
    # for someone to start the failover.
    mode = view.get("mode")
    if isinstance(mode, str):
        facts.automatic_failover = view.fact("mode", mode.lower() == "automatic", view.show("mode"))
    elif isinstance(mode, Unknown):
        facts.automatic_failover = Fact(UNKNOWN)


def _container_registry(view: View, index: CloudIndex, facts: Facts) -> None:
    # zone_redundancy_enabled is not judged: Azure makes every registry zone-redundant where the
    # region has availability zones, whatever the property says (see docs/coverage.md).
    replicas = view.get("georeplications")
    if replicas is None or replicas == []:
        facts.cross_region_copy = view.fact("georeplications", False, "no georeplications")
    elif isinstance(replicas, list) and all(isinstance(r, dict) for r in replicas):
        facts.cross_region_copy = Fact(True)
    else:
        facts.cross_region_copy = Fact(UNKNOWN)


KINDS: tuple[Kind, ...] = (
    Kind(
        "azure_flexible_server",
        Role.DATABASE,
        (
            "azurerm_postgresql_flexible_server",
            "azurerm_mysql_flexible_server",
            "azurerm_postgresql_server",
            "azurerm_mysql_server",
        ),
        (),
        {
            "create_mode": _tf("create_mode"),
            "location": _tf("location"),
            "ha_mode": _tf("high_availability.mode"),
            "retention": _tf("backup_retention_days"),
            "geo_backup": _tf("geo_redundant_backup_enabled"),
        },
        _flexible_server,
        fixes={
            "RSL103": Set({"ha_mode": "ZoneRedundant"}),
            "RSL501": Set({"retention": MIN_BACKUP_DAYS}),
            "RSL503": Set({"geo_backup": True}),
        },
    ),
    Kind(
        "azure_sql_database",
        Role.DATABASE,
        ("azurerm_mssql_database",),
        (),
        {
            "create_mode": _tf("create_mode"),
            "elastic_pool": _tf("elastic_pool_id"),
            "zone_redundant": _tf("zone_redundant"),
            "sku": _tf("sku_name"),
            "short_term_days": _tf("short_term_retention_policy.retention_days"),
            "weekly": _tf("long_term_retention_policy.weekly_retention"),
            "monthly": _tf("long_term_retention_policy.monthly_retention"),
            "yearly": _tf("long_term_retention_policy.yearly_retention"),
            "geo_backup": _tf("geo_backup_enabled"),
            "backup_storage": _tf("storage_account_type"),
        },
        _mssql_database,
        fixes={
            "RSL103": Set({"zone_redundant": True}),
            "RSL501": Set({"short_term_days": MIN_BACKUP_DAYS}),
            "RSL503": Set({"backup_storage": "Geo"}),
        },
    ),
    Kind(
        "azure_sql_elastic_pool",
        Role.DATABASE,
        ("azurerm_mssql_elastic_pool",),
        (),
        {"zone_redundant": _tf("zone_redundant")},
        _elastic_pool,
        fixes={"RSL103": Set({"zone_redundant": True})},
    ),
    Kind(
        "azure_storage_account",
        Role.STORAGE,
        ("azurerm_storage_account",),
        (),
        {
            "replication": _tf("account_replication_type"),
            "account_kind": _tf("account_kind"),
            "hns": _tf("is_hns_enabled"),
            "versioning": _tf("blob_properties.versioning_enabled"),
            "blob_soft_delete": _tf("blob_properties.delete_retention_policy"),
        },
        _storage_account,
        fixes={
            # GZRS, not ZRS: switching GRS to ZRS would give up the copy in the paired region.
            "RSL103": Set({"replication": "GZRS"}),
            "RSL503": Set({"replication": "GZRS"}),
            "RSL504": Set({"versioning": True}),
        },
    ),
    Kind(
        "azure_redis",
        Role.CACHE,
        ("azurerm_redis_cache",),
        (),
        {"sku": _tf("sku_name"), "zones": _tf("zones")},
        _redis_cache,
        fixes={"RSL103": Say(terraform='use `sku_name = "Premium"` with `zones = ["1", "2"]`')},
    ),
    Kind(
        "aks_cluster",
        Role.WORKLOAD,
        ("azurerm_kubernetes_cluster",),
        (),
        {
            "zones": _tf("default_node_pool.zones"),
            "node_count": _tf("default_node_pool.node_count"),
            "min_count": _tf("default_node_pool.min_count"),
            "auto_scaling": _tf("default_node_pool.auto_scaling_enabled"),
            "auto_scaling_v3": _tf("default_node_pool.enable_auto_scaling"),
        },
        _aks_cluster,
        fixes={
            "RSL102": Set({"zones": ["1", "2", "3"]}),
            "RSL201": Say(
                terraform="set `default_node_pool { node_count }` (`min_count` when it autoscales) to "
                "{tier.min_replicas} or more"
            ),
        },
    ),
    Kind(
        "aks_node_pool",
        Role.WORKLOAD,
        ("azurerm_kubernetes_cluster_node_pool",),
        (),
        {
            "zones": _tf("zones"),
            "node_count": _tf("node_count"),
            "min_count": _tf("min_count"),
            "auto_scaling": _tf("auto_scaling_enabled"),
            "auto_scaling_v3": _tf("enable_auto_scaling"),
        },
        _aks_node_pool,
        fixes={
            "RSL102": Set({"zones": ["1", "2", "3"]}),
            "RSL201": Say(terraform="set `node_count` (`min_count` when it autoscales) to {tier.min_replicas} or more"),
        },
    ),
    Kind(
        "azure_scale_set",
        Role.WORKLOAD,
        _SCALE_SETS,
        (),
        {
            "zones": _tf("zones"),
            "instances": _tf("instances"),
            "nics": _tf("network_interface"),
            "health_probe": _tf("health_probe_id"),
            "extensions": _tf("extension"),
            "repair": _tf("automatic_instance_repair.enabled"),
        },
        _scale_set,
        fixes={
            "RSL102": Set({"zones": ["1", "2", "3"]}),
            "RSL201": Set({"instances": MIN_REPLICAS}),
            "RSL304": Say(
                terraform="set `automatic_instance_repair { enabled = true }` with a `health_probe_id` "
                "or the application health extension"
            ),
        },
    ),
    Kind(
        "azure_autoscale_setting",
        Role.AUTOSCALER,
        ("azurerm_monitor_autoscale_setting",),
        (),
        {"profiles": _tf("profile")},
        _autoscale_setting,
        fixes={
            "RSL202": Say(terraform="set `capacity { minimum }` of every `profile` to {tier.min_replicas} or more"),
        },
    ),
    Kind(
        "azure_vm",
        Role.WORKLOAD,
        ("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_virtual_machine"),
        (),
        {"scale_set": _tf("virtual_machine_scale_set_id")},
        _vm,
        fixes={
            "RSL201": Say(
                terraform="run {tier.min_replicas} or more copies in a virtual machine scale set behind a load balancer"
            ),
        },
    ),
    Kind(
        "azure_lb",
        Role.LOAD_BALANCER,
        ("azurerm_lb",),
        (),
        {"frontends": _tf("frontend_ip_configuration")},
        _load_balancer,
        fixes={"RSL102": Say(terraform='set `zones = ["1", "2", "3"]` on each `frontend_ip_configuration`')},
    ),
    Kind(
        "azure_lb_rule",
        Role.TARGET_GROUP,
        ("azurerm_lb_rule",),
        (),
        {"probe": _tf("probe_id")},
        _lb_rule,
        fixes={"RSL303": Say(terraform="set `probe_id` to an `azurerm_lb_probe`")},
    ),
    Kind(
        "azure_public_ip",
        Role.NETWORK,
        ("azurerm_public_ip",),
        (),
        {"zones": _tf("zones")},
        _public_ip,
        fixes={"RSL102": Set({"zones": ["1", "2", "3"]})},
    ),
    Kind(
        "azure_application_gateway",
        Role.LOAD_BALANCER,
        ("azurerm_application_gateway",),
        (),
        {"zones": _tf("zones"), "ssl_certificates": _tf("ssl_certificate")},
        _application_gateway,
        fixes={
            "RSL102": Set({"zones": ["1", "2", "3"]}),
            "RSL401": Say(
                terraform="reference a Key Vault certificate (`key_vault_secret_id`) in `ssl_certificate` "
                "instead of its `data`"
            ),
        },
    ),
    Kind(
        "azure_app_service_certificate",
        Role.CERTIFICATE,
        ("azurerm_app_service_certificate",),
        (),
        {"pfx": _tf("pfx_blob"), "key_vault_secret": _tf("key_vault_secret_id")},
        _app_service_certificate,
        fixes={
            "RSL401": Say(
                terraform="reference a Key Vault certificate (`key_vault_secret_id`) instead of a `pfx_blob`"
            ),
        },
    ),
    Kind(
        "azure_app_service_managed_certificate",
        Role.CERTIFICATE,
        ("azurerm_app_service_managed_certificate",),
        (),
        {},
        _app_service_managed_certificate,
    ),
    Kind(
        "azure_key_vault_certificate",
        Role.CERTIFICATE,
        ("azurerm_key_vault_certificate",),
        (),
        {
            "contents": _tf("certificate.contents"),
            "issuer": _tf("certificate_policy.issuer_parameters.name"),
        },
        _key_vault_certificate,
        fixes={
            "RSL401": Say(
                terraform="let Key Vault issue it (`certificate_policy` with an integrated CA issuer) "
                "instead of importing `certificate { contents }`"
            ),
        },
    ),
    Kind(
        "azure_service_plan",
        Role.WORKLOAD,
        ("azurerm_service_plan", "azurerm_app_service_plan"),
        (),
        {
            "sku": _tf("sku_name"),
            "workers": _tf("worker_count"),
            "zone_balancing": _tf("zone_balancing_enabled"),
            "zone_redundant": _tf("zone_redundant"),
            "legacy_tier": _tf("sku.tier"),
            "legacy_capacity": _tf("sku.capacity"),
        },
        _service_plan,
        fixes={
            "RSL102": Say(
                terraform="set `zone_balancing_enabled = true` (`zone_redundant = true` on "
                "`azurerm_app_service_plan`) on a Premium v2+ or Isolated SKU"
            ),
            "RSL201": Say(
                terraform="set `worker_count` (`sku { capacity }` on `azurerm_app_service_plan`) to "
                "{tier.min_replicas} or more"
            ),
        },
    ),
    Kind(
        "azure_web_app",
        Role.WORKLOAD,
        _WEB_APPS,
        (),
        {"health_path": _tf("site_config.health_check_path")},
        _web_app,
        fixes={
            "RSL301": Say(
                terraform='set `site_config { health_check_path = "/healthz" }` to a path that '
                "answers only when the app can serve"
            ),
        },
    ),
    Kind(
        "azure_app_service_environment",
        Role.WORKLOAD,
        ("azurerm_app_service_environment_v3",),
        (),
        {"zone_redundant": _tf("zone_redundant"), "dedicated_hosts": _tf("dedicated_host_count")},
        _app_service_environment,
        fixes={"RSL102": Set({"zone_redundant": True})},
    ),
    Kind(
        "azure_cosmosdb_account",
        Role.DATABASE,
        ("azurerm_cosmosdb_account",),
        (),
        {
            "locations": _tf("geo_location"),
            "backup_type": _tf("backup.type"),
            "backup_tier": _tf("backup.tier"),
            "backup_hours": _tf("backup.retention_in_hours"),
            "backup_redundancy": _tf("backup.storage_redundancy"),
            "failover": _tf("automatic_failover_enabled"),
            "failover_v3": _tf("enable_automatic_failover"),
            "multi_write": _tf("multiple_write_locations_enabled"),
        },
        _cosmos_account,
        fixes={
            "RSL103": Say(terraform="set `zone_redundant = true` in the write region's `geo_location`"),
            "RSL204": Set({"failover": True}),
            "RSL502": Say(terraform='set `backup { type = "Continuous" }`'),
            "RSL503": Say(terraform="add a `geo_location` in another region"),
        },
    ),
    Kind(
        "azure_sql_failover_group",
        Role.DATABASE,
        ("azurerm_mssql_failover_group", "azurerm_mssql_managed_instance_failover_group"),
        (),
        {"mode": _tf("read_write_endpoint_failover_policy.mode")},
        _failover_group,
        fixes={
            "RSL204": Say(
                terraform='set `read_write_endpoint_failover_policy { mode = "Automatic" }` with `grace_minutes`'
            ),
        },
    ),
    Kind(
        "azure_container_registry",
        Role.STORAGE,
        ("azurerm_container_registry",),
        (),
        {"georeplications": _tf("georeplications")},
        _container_registry,
        fixes={
            "RSL503": Say(terraform="add a `georeplications { location = ... }` block in another region (Premium SKU)"),
        },
    ),
)

_TF_DOCS = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"

#: The provider defaults the kinds above rely on, with where they are documented:
#: (Terraform type, setting, what an unset setting means to reslint, source).
DEFAULTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "azurerm_service_plan",
        "zone_balancing_enabled",
        "false (no schema default): no availability zones (RSL102); Y1/FC1 consumption plans are not judged",
        _TF_DOCS + "service_plan",
    ),
    (
        "azurerm_service_plan",
        "worker_count",
        "Optional and Computed: Azure chooses, so an unset count is not judged; a stated count below the tier's "
        "minimum is a finding (RSL201)",
        _TF_DOCS + "service_plan",
    ),
    (
        "azurerm_linux_web_app, azurerm_windows_web_app (and slots)",
        "site_config.health_check_path",
        "no health check: every instance keeps getting requests (RSL301)",
        _TF_DOCS + "linux_web_app",
    ),
    (
        "azurerm_app_service_environment_v3",
        "zone_redundant",
        "false: no availability zones (RSL102); not judged with dedicated_host_count",
        _TF_DOCS + "app_service_environment_v3",
    ),
    (
        "azurerm_cosmosdb_account",
        "geo_location.zone_redundant",
        'false ("Defaults to false") in the write region: RSL103',
        _TF_DOCS + "cosmosdb_account",
    ),
    (
        "azurerm_cosmosdb_account",
        "backup.type",
        "Periodic when the block is left out: no point-in-time restore (RSL502); Continuous tier defaults to "
        "Continuous30Days",
        _TF_DOCS + "cosmosdb_account",
    ),
    (
        "azurerm_cosmosdb_account",
        "backup.storage_redundancy, retention_in_hours",
        'Geo ("Defaults to Geo"): a periodic backup copy in the paired region; 8 hours of retention is under a '
        "day and not judged; continuous backups stay in the account's regions (RSL503 with one geo_location)",
        _TF_DOCS + "cosmosdb_account",
    ),
    (
        "azurerm_cosmosdb_account",
        "automatic_failover_enabled",
        "false (the schema's default): with two or more geo_location regions and single-region "
        "writes, only a manual failover promotes another region (RSL204)",
        _TF_DOCS + "cosmosdb_account",
    ),
    (
        "azurerm_mssql_failover_group (and the managed instance one)",
        "read_write_endpoint_failover_policy.mode",
        "required; Manual waits for someone to fail over (RSL204)",
        _TF_DOCS + "mssql_failover_group",
    ),
    (
        "azurerm_container_registry",
        "georeplications",
        "none: images live in one region (RSL503)",
        _TF_DOCS + "container_registry",
    ),
    (
        "azurerm_container_registry",
        "zone_redundancy_enabled",
        "not judged: Azure makes every registry zone-redundant where the region has zones, whatever the property shows",
        "https://learn.microsoft.com/azure/container-registry/zone-redundancy",
    ),
    (
        "azurerm_eventhub_namespace, azurerm_servicebus_namespace",
        "zone_redundant",
        "not judged: deprecated and removed in provider 4.0; Azure sets zone redundancy by region and tier",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/4.0-upgrade-guide",
    ),
    (
        "azurerm_*_virtual_machine_scale_set",
        "zones",
        "none: no availability zones (RSL102)",
        _TF_DOCS + "linux_virtual_machine_scale_set",
    ),
)
