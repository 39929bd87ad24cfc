"""What reslint knows about Google Cloud resource types (the Terraform ``google`` provider).

Each kind maps a ``google_*`` type onto the same provider-neutral facts as the AWS kinds, so the
existing rules apply unchanged. Defaults are the provider's or the API's own (what happens when a
setting is omitted) and are quoted in the evidence, e.g. ``settings.availability_type not set
(defaults to ZONAL)``. Anything that cannot be resolved statically stays unknown and never fires.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reslint.clouds.deletion import protection
from reslint.clouds.kind import Kind, choice
from reslint.clouds.shared import instance
from reslint.clouds.view import integer, lookup, mapping_of, render, truthy
from reslint.fixes import MIN_REPLICAS, Say, Set
from reslint.model import NOT_STATED, UNKNOWN, CertificateFact, Fact, Facts, Format, ProbeFact, Reference, Role, Unknown

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import View

# us-central1, europe-west4, northamerica-northeast1; a zone adds "-a".
_REGION = re.compile(r"^[a-z]+(?:-[a-z]+)+[0-9]+$")
_ZONE = re.compile(r"^[a-z]+(?:-[a-z]+)+[0-9]+-[a-z]$")
# Cloud Storage locations that are one region, written like regions (``US-CENTRAL1``); multi-regions
# (``US``, ``EU``, ``ASIA``) and predefined dual-regions (``NAM4``, ``EUR4``, ``ASIA1``) have no hyphen.
_BUCKET_REGION = re.compile(r"^[A-Za-z]+(?:-[A-Za-z]+)+[0-9]+$")

#: Backend groups that must not have a health check (serverless, internet, Private Service Connect
#: NEGs): a backend service without ``health_checks`` is correct for them.
_UNCHECKED_BACKENDS = frozenset(
    {"google_compute_region_network_endpoint_group", "google_compute_global_network_endpoint_group"}
)
#: Backend groups whose members the load balancer must health-check.
_CHECKED_BACKENDS = frozenset(
    {
        "google_compute_instance_group_manager",
        "google_compute_region_instance_group_manager",
        "google_compute_instance_group",
        "google_compute_network_endpoint_group",
    }
)
_BACKEND_SERVICES = ("google_compute_backend_service", "google_compute_region_backend_service")
_AUTOSCALERS = ("google_compute_autoscaler", "google_compute_region_autoscaler")
_MIN_SCALE = "autoscaling.knative.dev/minScale"
_SERVICE_MIN_SCALE = "run.googleapis.com/minScale"
_REGIONAL_FILESTORE = frozenset({"REGIONAL", "ENTERPRISE"})


def _tf(path: str) -> tuple[str | None, str | None]:
    """A setting Terraform spells *path* and CloudFormation does not have."""
    return (path, None)


def is_zone(value: object) -> bool:
    """``us-central1-a`` (a zone), not ``us-central1`` (a region)."""
    return isinstance(value, str) and bool(_ZONE.match(value))


def is_region(value: object) -> bool:
    return isinstance(value, str) and bool(_REGION.match(value))


def _known_strings(value: object) -> list[str] | None:
    """A list of literal strings, else None (unset, unknown, or holding an unknown element)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return [v for v in value if isinstance(v, str)]


# --- databases and caches ------------------------------------------------------------------------


def _sql_instance(view: View, index: CloudIndex, facts: Facts) -> None:
    # Two guards: the provider's deletion_protection (default true) stops Terraform from deleting the
    # instance; settings.deletion_protection_enabled (default false) stops every other way too.
    api = truthy(view.get("api_deletion_protection"))
    if api is True:
        facts.deletion_protected = protection(view, "api_deletion_protection", default=False)
    else:
        facts.deletion_protected = protection(view, "deletion_protection", default=True)
    if view.has("master"):
        return  # a read replica: failover and backups belong to its primary
    facts.zone_redundant = choice(view, "availability_type", default="ZONAL", good=lambda kind: kind == "REGIONAL")
    # The provider creates the instance without automated backups unless the block enables them.
    enabled = truthy(view.get("backup_enabled"))
    enabled = False if enabled is None else enabled
    if enabled is False:
        shown = view.show("backup_enabled", default="false")
        facts.backup_retention_days = view.fact("backup_enabled", 0, shown)
        # Point-in-time recovery replays logs on top of a backup: none without backups.
        facts.point_in_time_recovery = view.fact("backup_enabled", False, shown)
    elif enabled is True:
        # Cloud SQL takes one automated backup a day and keeps 7 unless told otherwise.
        retained = integer(view.get("retained_backups"))
        facts.backup_retention_days = view.fact(
            "retained_backups",
            7 if retained is None else retained,
            view.show("retained_backups", default="7 daily backups"),
        )
        _sql_point_in_time(view, facts)
    else:
        facts.backup_retention_days = Fact(UNKNOWN)
        facts.point_in_time_recovery = Fact(UNKNOWN)
    _sql_cross_region(view, index, facts, enabled)


def _sql_point_in_time(view: View, facts: Facts) -> None:
    version = view.get("database_version")
    edition = view.get("edition")
    # MySQL restores to a point in time from binary logs; PostgreSQL and SQL Server from their own
    # log archive switched on by point_in_time_recovery_enabled.
    if isinstance(version, str) and version.upper().startswith("MYSQL"):
        fields: tuple[str, ...] = ("binary_log",)
    elif isinstance(version, str):
        fields = ("point_in_time",)
    else:
        fields = ("point_in_time", "binary_log")
    values = [truthy(view.get(f)) for f in fields]
    if True in values:
        facts.point_in_time_recovery = Fact(True)
    elif any(isinstance(v, Unknown) for v in values) or not (edition is None or edition == "ENTERPRISE"):
        # Enterprise Plus turns point-in-time recovery on when it is not stated: not knowable here.
        facts.point_in_time_recovery = Fact(UNKNOWN)
    else:
        facts.point_in_time_recovery = view.fact(fields[0], False, view.show(fields[0], default="false"))


def _sql_cross_region(view: View, index: CloudIndex, facts: Facts, backups: bool | Unknown) -> None:
    record = view.record
    region = view.get("region")
    copies: list[bool | Unknown] = []
    for replica, _ in index.referrers(record, ("google_sql_database_instance",)):
        if lookup(replica.attributes, "master_instance_name") is None:
            continue
        other = lookup(replica.attributes, "region")
        copies.append(other != region if isinstance(other, str) and isinstance(region, str) else UNKNOWN)
    if True in copies:
        facts.cross_region_copy = Fact(True, "a read replica in another region")
        return
    location = view.get("backup_location")
    if backups is True and location is None:
        # Without a location, backups go to the multi-region that contains the instance's region.
        facts.cross_region_copy = Fact(True, "backups stored in a multi-region (default location)")
        return
    if backups is True and not (isinstance(location, str) and is_region(location)):
        facts.cross_region_copy = Fact(UNKNOWN if isinstance(location, Unknown) else True)
        return
    if any(isinstance(copy, Unknown) for copy in copies) or isinstance(backups, Unknown):
        facts.cross_region_copy = Fact(UNKNOWN)  # a replica in a region we cannot read
        return
    facts.cross_region_copy = Fact(
        False,
        view.show("backup_location") + " (one region) and no replica in another region"
        if backups is True
        else "no automated backups and no replica in another region",
        view.line("backup_location" if backups is True else "backup_enabled"),
    )


def _redis(view: View, index: CloudIndex, facts: Facts) -> None:
    # BASIC is one node in one zone; STANDARD_HA keeps a replica in another zone.
    facts.zone_redundant = choice(view, "tier", default="BASIC", good=lambda tier: tier != "BASIC")


def _bucket(view: View, index: CloudIndex, facts: Facts) -> None:
    location = view.get("location")
    if view.has("custom_placement"):
        facts.cross_region_copy = Fact(True, view.show("custom_placement"))  # a configurable dual-region
    elif isinstance(location, str):
        single = bool(_BUCKET_REGION.match(location))
        facts.cross_region_copy = view.fact(
            "location",
            not single,
            view.show("location") + (" (a single region)" if single else " (multi-region or dual-region)"),
        )
    else:
        facts.cross_region_copy = Fact(UNKNOWN)
    versioning = truthy(view.get("versioning"))
    soft_delete = integer(view.get("soft_delete_seconds"))
    if versioning is True:
        facts.versioning = Fact(True)
    elif versioning is False or versioning is None:
        if soft_delete == 0:
            facts.versioning = Fact(
                False,
                view.show("versioning", default="false") + " and " + view.show("soft_delete_seconds"),
                view.line("versioning" if versioning is False else "soft_delete_seconds"),
            )
        # Otherwise soft delete (on by default, 7 days) keeps deleted and overwritten objects.
    else:
        facts.versioning = Fact(UNKNOWN)


# --- compute and load balancing ------------------------------------------------------------------


def _locations(view: View, location_field: str, list_field: str) -> tuple[int | Unknown | None, str, str]:
    """The number of zones a GKE cluster or node pool places nodes in, with evidence and field.

    A zone as location means one zone plus any ``node_locations``; a region with no
    ``node_locations`` means the region's default zones: not stated, so ``None``.
    """
    location = view.get(location_field)
    listed = view.get(list_field)
    names = _known_strings(listed)
    if listed is not None and listed != []:
        if names is None or not (location is None or isinstance(location, str)):
            return UNKNOWN, view.show(list_field), list_field
        zones = set(names) | ({location} if is_zone(location) else set())
        return len(zones), view.show(list_field), list_field
    if is_zone(location):
        return 1, view.show(location_field) + " (a zone)", location_field
    return (None if location is None or isinstance(location, str) else UNKNOWN), "", location_field


def _gke_cluster(view: View, index: CloudIndex, facts: Facts) -> None:
    if truthy(view.get("autopilot")) is True:
        return  # Autopilot clusters are regional and GKE places their nodes
    count, evidence, field = _locations(view, "location", "node_locations")
    facts.zone_count = view.fact(field, count, evidence) if isinstance(count, int) else Fact(count)


def _node_pool(view: View, index: CloudIndex, facts: Facts) -> None:
    count, evidence, field = _locations(view, "location", "node_locations")
    if count is None:
        # A regional pool without its own node_locations uses its cluster's.
        cluster = view.get("cluster")
        targets = index.target(view.record, cluster) if isinstance(cluster, Reference) else []
        if len(targets) == 1:
            listed = _known_strings(lookup(targets[0].attributes, "node_locations"))
            if listed:
                count, evidence = len(set(listed)), f"the cluster's node_locations = {render(listed)}"
    facts.zone_count = view.fact(field, count, evidence) if isinstance(count, int) else Fact(count)
    _pool_size(view, facts, count)
    _pool_repair(view, facts)
    _pool_upgrade(view, facts, count)


def _pool_repair(view: View, facts: Facts) -> None:
    # Node auto-repair recreates a node that keeps failing its health checks: GKE's liveness
    # check for nodes. The provider enables it when management.auto_repair is not set.
    repair = truthy(view.get("auto_repair"))
    if repair is None:
        return
    facts.probes.append(
        ProbeFact(
            "the node pool",
            "liveness",
            "node auto-repair (" + view.show("auto_repair") + ")",
            UNKNOWN if isinstance(repair, Unknown) else repair,
            view.line("auto_repair"),
        )
    )


def _pool_upgrade(view: View, facts: Facts, zones: int | Unknown | None) -> None:
    """Whether a node upgrade keeps nodes serving.

    Blue-green upgrades keep the old nodes until the new ones are ready; surge upgrades (the
    default, with ``max_surge`` 1 and ``max_unavailable`` 0) add nodes before draining old ones.
    Only ``max_surge = 0`` with ``max_unavailable`` at least the node count drains every node at
    once; GKE upgrades a multi-zone pool one zone at a time, so this is judged for one zone only.
    """
    strategy = view.get("upgrade_strategy")
    if strategy is not None and not (isinstance(strategy, str) and strategy.upper() == "SURGE"):
        if isinstance(strategy, str):
            facts.rollout_keeps_capacity = Fact(True)
        return
    surge, unavailable = integer(view.get("max_surge")), integer(view.get("max_unavailable"))
    if surge is None and unavailable is None:
        return  # GKE's defaults (surge 1, unavailable 0) keep every node serving
    if isinstance(surge, Unknown) or (surge == 0 and isinstance(unavailable, Unknown)):
        facts.rollout_keeps_capacity = Fact(UNKNOWN)
        return
    if surge != 0 or not isinstance(unavailable, int) or zones != 1 or view.has("autoscaling"):
        if isinstance(surge, int) and surge > 0:
            facts.rollout_keeps_capacity = Fact(True)
        return
    nodes = integer(view.get("node_count"))
    nodes = integer(view.get("initial_node_count")) if nodes is None else nodes
    if isinstance(nodes, int) and nodes > 0:
        keeps = unavailable < nodes
        facts.rollout_keeps_capacity = view.fact(
            "max_unavailable",
            keeps,
            f"upgrade_settings.max_surge = 0 and max_unavailable = {unavailable} with {nodes} "
            f"node{'s' if nodes != 1 else ''}",
        )


def _pool_size(view: View, facts: Facts, zones: int | Unknown | None) -> None:
    """Node counts are per zone (except ``total_min_node_count``): replicas = per zone x zones."""
    if view.has("autoscaling"):
        total = integer(view.get("total_min"))
        if total is not None:
            if isinstance(total, int):
                facts.replicas = view.fact("total_min", total, view.show("total_min"))
            return
        per_zone, field = integer(view.get("min_per_zone")), "min_per_zone"
    else:
        field = "node_count" if view.has("node_count") else "initial_node_count"
        per_zone = integer(view.get(field))
    if not isinstance(per_zone, int) or not isinstance(zones, int):
        return
    shown = view.show(field, default="0") + (f" per zone in {zones} zones" if zones != 1 else " in 1 zone")
    facts.replicas = view.fact(field, per_zone * zones, shown)


def _group_update(view: View, facts: Facts) -> None:
    """Whether a rolling update of a managed instance group keeps instances serving. Its surge
    defaults to the number of zones (1 for a zonal group), so new instances start before old ones
    stop; only ``max_surge`` 0 with ``max_unavailable`` at least the group's size (or 100%) stops
    every instance at once."""
    surge = [integer(view.get(name)) for name in ("surge_fixed", "surge_percent")]
    unavailable = [integer(view.get(name)) for name in ("unavailable_fixed", "unavailable_percent")]
    if all(value is None for value in surge + unavailable):
        return
    if any(isinstance(value, Unknown) for value in surge):
        facts.rollout_keeps_capacity = Fact(UNKNOWN)
        return
    if any(isinstance(value, int) and value > 0 for value in surge) or all(value is None for value in surge):
        facts.rollout_keeps_capacity = Fact(True)
        return
    fixed, percent = unavailable
    size = integer(view.get("target_size"))
    if isinstance(fixed, Unknown) or isinstance(percent, Unknown) or (fixed is not None and not isinstance(size, int)):
        facts.rollout_keeps_capacity = Fact(UNKNOWN)
        return
    everything = (isinstance(percent, int) and percent >= 100) or (
        isinstance(fixed, int) and isinstance(size, int) and fixed >= size
    )
    field = "unavailable_percent" if isinstance(percent, int) and percent >= 100 else "unavailable_fixed"
    shown = f"update_policy with max_surge 0 and {view.show(field)}" + (
        f" for {size} instance{'s' if size != 1 else ''}" if isinstance(size, int) else ""
    )
    facts.rollout_keeps_capacity = view.fact(field, not everything, shown)


def _group_manager(view: View, index: CloudIndex, facts: Facts) -> None:
    record = view.record
    _group_update(view, facts)
    if record.type == "google_compute_instance_group_manager":
        # A zonal group: every instance is in its one zone, stated or the provider's default.
        facts.zone_count = Fact(
            1, view.show("zone", default="the provider's zone") + " (a zonal group)", view.line("zone")
        )
    else:
        zones = view.get("distribution_zones")
        names = _known_strings(zones)
        if names:
            facts.zone_count = view.fact("distribution_zones", len(set(names)), view.show("distribution_zones"))
        elif zones is not None and zones != []:
            facts.zone_count = Fact(UNKNOWN)
        # Unset: the group spreads over zones the region chooses (three where it has them).
    autoscalers = index.referrers(record, _AUTOSCALERS)
    if autoscalers:
        facts.autoscaled_by = autoscalers[0][0].address
    else:
        size = integer(view.get("target_size"))
        if size is not None:  # unset: meant for an autoscaler elsewhere, per the provider docs
            facts.replicas = view.fact("target_size", size, view.show("target_size"))
    behind_lb = view.has("target_pools") or bool(index.referrers(record, _BACKEND_SERVICES))
    if behind_lb:
        present = view.has("auto_healing")
        facts.probes.append(
            ProbeFact(
                "instances behind a load balancer",
                "replacement",
                view.show("auto_healing"),
                present,
                view.line("auto_healing"),
            )
        )


def _autoscaler(view: View, index: CloudIndex, facts: Facts) -> None:
    minimum = integer(view.get("min_replicas"))
    if minimum is not None:
        facts.autoscaler_min_replicas = view.fact("min_replicas", minimum, view.show("min_replicas"))


def _backend_service(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("health_checks"):
        facts.probes.append(
            ProbeFact("backends", "health", view.show("health_checks"), True, view.line("health_checks"))
        )
        return
    backends = view.get("backends")
    if not isinstance(backends, list) or not backends:
        return  # no backends stated: nothing to say about their checks
    kinds: set[str] = set()
    for backend in backends:
        group = mapping_of(backend).get("group")
        targets = index.target(view.record, group) if isinstance(group, Reference) else []
        if len(targets) != 1:
            return  # a group we cannot see may be a serverless NEG, which takes no health check
        kinds.add(targets[0].type)
    if kinds & _UNCHECKED_BACKENDS or not kinds <= _CHECKED_BACKENDS:
        return
    facts.probes.append(ProbeFact("backends", "health", view.show("health_checks"), False, view.line("backends")))


def _target_pool(view: View, index: CloudIndex, facts: Facts) -> None:
    # A target pool without a health check treats every instance as healthy.
    facts.probes.append(
        ProbeFact(
            "pool instances",
            "health",
            view.show("health_checks"),
            view.has("health_checks"),
            view.line("health_checks"),
        )
    )


# --- serverless ----------------------------------------------------------------------------------


def _minimum(view: View, facts: Facts, fields: tuple[str, ...], default: int, shown_default: str) -> None:
    """``autoscaler_min_replicas`` from the largest of several minimum settings (each unset one
    means *default*); unknown when any stated one is not knowable."""
    values = [(name, integer(view.get(name))) for name in fields]
    if any(isinstance(value, Unknown) for _, value in values):
        facts.autoscaler_min_replicas = Fact(UNKNOWN)
        return
    known = [(value, name) for name, value in values if isinstance(value, int)]
    if not known:
        facts.autoscaler_min_replicas = view.fact(fields[0], default, view.show(fields[0], default=shown_default))
        return
    value, name = max(known)
    facts.autoscaler_min_replicas = view.fact(name, value, view.show(name))


def _cloud_run_v2(view: View, index: CloudIndex, facts: Facts) -> None:
    # Cloud Run spreads instances over the region's zones itself; what the tier decides is how many
    # stay warm. Both the revision's and the service's minimum default to 0 (scale to zero).
    mode = view.get("scaling_mode")
    if isinstance(mode, str) and mode.upper() == "MANUAL":
        # Manual scaling runs exactly manual_instance_count instances; the minimums do not apply.
        count = integer(view.get("manual_count"))
        if isinstance(count, int):
            facts.autoscaler_min_replicas = view.fact("manual_count", count, view.show("manual_count"))
        elif isinstance(count, Unknown):
            facts.autoscaler_min_replicas = Fact(UNKNOWN)
        return
    if isinstance(mode, Unknown):
        facts.autoscaler_min_replicas = Fact(UNKNOWN)
        return
    _minimum(view, facts, ("revision_min", "service_min"), 0, "0: scales to zero")


def _annotation(view: View, name: str, key: str) -> object:
    annotations = view.get(name)
    if isinstance(annotations, Unknown):
        return UNKNOWN
    return mapping_of(annotations).get(key)


def _cloud_run_v1(view: View, index: CloudIndex, facts: Facts) -> None:
    # Knative annotations: the revision's minScale and the service-wide run.googleapis.com/minScale.
    found: list[tuple[int, str, str]] = []
    for name, key in (("revision_annotations", _MIN_SCALE), ("service_annotations", _SERVICE_MIN_SCALE)):
        value = integer(_annotation(view, name, key))
        if isinstance(value, Unknown):
            facts.autoscaler_min_replicas = Fact(UNKNOWN)
            return
        if value is not None:
            found.append((value, name, key))
    if not found:
        facts.autoscaler_min_replicas = view.fact(
            "revision_annotations", 0, f"{_MIN_SCALE} annotation not set (defaults to 0: scales to zero)"
        )
        return
    count, name, key = max(found)
    facts.autoscaler_min_replicas = view.fact(name, count, f'{view.path(name)}["{key}"] = "{count}"')


def _app_engine_standard(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("manual"):
        _minimum(view, facts, ("manual",), 0, "0")
    elif view.has("basic"):
        # Basic scaling starts instances on requests and stops them when idle: no minimum.
        facts.autoscaler_min_replicas = view.fact("basic", 0, "basic_scaling (instances stop when idle)")
    else:
        # Idle instances kept warm count too (they apply to the service's default version).
        _minimum(view, facts, ("standard_min", "standard_idle"), 0, "0")


def _app_engine_flexible(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("manual"):
        _minimum(view, facts, ("manual",), 0, "0")
    else:
        # Flexible versions scale automatically unless told otherwise, keeping 2 instances by default.
        _minimum(view, facts, ("flexible_min",), 2, "2")


# --- managed databases and file shares -------------------------------------------------------------


def _spanner(view: View, index: CloudIndex, facts: Facts) -> None:
    config = view.get("config")
    if not isinstance(config, str):
        facts.cross_region_copy = Fact(UNKNOWN)  # a custom configuration or a variable
        return
    name = config.rsplit("/", 1)[-1].lower()
    if name.startswith("regional-"):
        # A regional configuration keeps three read-write replicas in three zones of one region.
        facts.zone_redundant = Fact(True)
        facts.cross_region_copy = view.fact("config", False, view.show("config") + " (one region)")
    elif name.startswith("custom-"):
        facts.cross_region_copy = Fact(UNKNOWN)  # a user-managed configuration: its replicas are elsewhere
    else:
        # Google's multi-region configurations (nam3, eur6, nam-eur-asia1, ...) replicate across regions.
        facts.zone_redundant = Fact(True)
        facts.cross_region_copy = Fact(True, view.show("config") + " (multi-region)")


def _filestore(view: View, index: CloudIndex, facts: Facts) -> None:
    tier = view.get("tier")
    if not isinstance(tier, str):
        facts.zone_redundant = Fact(UNKNOWN)
        return
    # REGIONAL and ENTERPRISE instances replicate synchronously across zones; every other tier
    # (BASIC_HDD, BASIC_SSD, ZONAL and the older STANDARD, PREMIUM, HIGH_SCALE_SSD) lives in one zone.
    regional = tier.upper() in _REGIONAL_FILESTORE
    facts.zone_redundant = view.fact("tier", regional, view.show("tier") + ("" if regional else " (one zone)"))


# --- certificates --------------------------------------------------------------------------------


def _self_managed_certificate(view: View, index: CloudIndex, facts: Facts) -> None:
    # Never quote the value: it holds a private key.
    facts.certificates.append(
        CertificateFact(
            "uploaded certificate",
            False,
            "certificate and private_key uploaded: nothing renews it",
            view.line("certificate"),
        )
    )


def _managed_certificate(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.certificates.append(
        CertificateFact("Google-managed certificate", True, "issued and renewed by Google", view.record.line)
    )


def _certificate_manager(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("self_managed"):
        facts.certificates.append(
            CertificateFact(
                "self-managed certificate", False, "self_managed set: nothing renews it", view.line("self_managed")
            )
        )
    elif view.has("managed"):
        facts.certificates.append(
            CertificateFact("Google-managed certificate", True, "managed set", view.line("managed"))
        )


_SECRET_COMPANIONS = frozenset(
    {
        "google_secret_manager_secret_version",
        "google_secret_manager_secret_iam_binding",
        "google_secret_manager_secret_iam_member",
        "google_secret_manager_secret_iam_policy",
    }
)


def _secret(view: View, index: CloudIndex, facts: Facts) -> None:
    """Secret Manager replicates a secret automatically (``auto``, formerly ``automatic = true``)
    or to the ``user_managed`` replicas' locations; one location is one region."""
    record = view.record
    facts.needed_by = index.users(record, _SECRET_COMPANIONS)
    if view.has("auto") or truthy(view.get("automatic")) is True:
        facts.cross_region_copy = view.fact("replication", True, "automatic replication")
        return
    replicas = view.get("replicas")
    locations = [mapping_of(r).get("location") for r in replicas] if isinstance(replicas, list) else []
    known = {location for location in locations if isinstance(location, str)}
    if not locations or len(known) < len(locations):
        facts.cross_region_copy = Fact(UNKNOWN) if view.has("replication") else NOT_STATED
        return
    facts.cross_region_copy = view.fact(
        "replication", len(known) >= 2, "user_managed replicas in " + ", ".join(sorted(known))
    )


KINDS: tuple[Kind, ...] = (
    Kind(
        "google_secret",
        Role.SECRET,
        ("google_secret_manager_secret",),
        (),
        {
            # Required: auto {} (automatic = true before provider 5) or user_managed replicas.
            "replication": _tf("replication"),
            "auto": _tf("replication.auto"),
            "automatic": _tf("replication.automatic"),
            "replicas": _tf("replication.user_managed.replicas"),
        },
        _secret,
        fixes={
            "RSL804": Say(
                terraform="use `replication { auto {} }`, or `user_managed` `replicas` in two or more locations"
            ),
        },
    ),
    Kind(
        "google_sql_instance",
        Role.DATABASE,
        ("google_sql_database_instance",),
        (),
        {
            "master": _tf("master_instance_name"),
            "database_version": _tf("database_version"),
            "region": _tf("region"),
            "edition": _tf("settings.edition"),
            "availability_type": _tf("settings.availability_type"),
            "backup_enabled": _tf("settings.backup_configuration.enabled"),
            "backup_location": _tf("settings.backup_configuration.location"),
            "retained_backups": _tf("settings.backup_configuration.backup_retention_settings.retained_backups"),
            "point_in_time": _tf("settings.backup_configuration.point_in_time_recovery_enabled"),
            "binary_log": _tf("settings.backup_configuration.binary_log_enabled"),
            # https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance
            "deletion_protection": _tf("deletion_protection"),
            "api_deletion_protection": _tf("settings.deletion_protection_enabled"),
        },
        _sql_instance,
        # Cloud SQL keeps its labels inside the settings block.
        tags={Format.TERRAFORM: ("settings.user_labels",)},
        fixes={
            "RSL901": Say(
                terraform="remove `deletion_protection = false` (the provider's default is true), and "
                "set `settings { deletion_protection_enabled = true }`"
            ),
            "RSL103": Set({"availability_type": "REGIONAL"}),
            "RSL501": Say(
                terraform="set `settings { backup_configuration { enabled = true } }` and keep "
                "{tier.min_backup_days} or more `retained_backups`"
            ),
            "RSL502": Say(
                terraform="set `point_in_time_recovery_enabled = true` (PostgreSQL, SQL Server) or "
                "`binary_log_enabled = true` (MySQL) in `settings { backup_configuration { ... } }`"
            ),
            "RSL503": Say(
                terraform="set `settings { backup_configuration { location = ... } }` to a multi-region "
                "or another region, or add a read replica in another region"
            ),
        },
    ),
    Kind(
        "google_redis",
        Role.CACHE,
        ("google_redis_instance",),
        (),
        {"tier": _tf("tier")},
        _redis,
        fixes={"RSL103": Set({"tier": "STANDARD_HA"})},
    ),
    Kind(
        "google_bucket",
        Role.STORAGE,
        ("google_storage_bucket",),
        (),
        {
            "location": _tf("location"),
            "custom_placement": _tf("custom_placement_config.data_locations"),
            "versioning": _tf("versioning.enabled"),
            "soft_delete_seconds": _tf("soft_delete_policy.retention_duration_seconds"),
        },
        _bucket,
        fixes={
            "RSL503": Say(terraform="use a multi-region or dual-region `location` (`US`, `EU`, `NAM4`)"),
            "RSL504": Set({"versioning": True}),
        },
    ),
    Kind(
        "gke_cluster",
        Role.WORKLOAD,
        ("google_container_cluster",),
        (),
        {
            "location": _tf("location"),
            "node_locations": _tf("node_locations"),
            "autopilot": _tf("enable_autopilot"),
        },
        _gke_cluster,
        fixes={
            "RSL102": Say(
                terraform="use a regional `location` (`us-central1`), or `node_locations` in "
                "{tier.min_zones} or more zones"
            ),
        },
    ),
    Kind(
        "gke_node_pool",
        Role.WORKLOAD,
        ("google_container_node_pool",),
        (),
        {
            "cluster": _tf("cluster"),
            "location": _tf("location"),
            "node_locations": _tf("node_locations"),
            "node_count": _tf("node_count"),
            "initial_node_count": _tf("initial_node_count"),
            "autoscaling": _tf("autoscaling"),
            "min_per_zone": _tf("autoscaling.min_node_count"),
            "total_min": _tf("autoscaling.total_min_node_count"),
            "auto_repair": _tf("management.auto_repair"),
            "upgrade_strategy": _tf("upgrade_settings.strategy"),
            "max_surge": _tf("upgrade_settings.max_surge"),
            "max_unavailable": _tf("upgrade_settings.max_unavailable"),
        },
        _node_pool,
        fixes={
            "RSL102": Say(terraform="set `node_locations` to {tier.min_zones} or more zones"),
            "RSL201": Say(
                terraform="set `node_count` (or `autoscaling { total_min_node_count }`) to {tier.min_replicas} or more"
            ),
            "RSL302": Set({"auto_repair": True}),
            "RSL701": Say(
                terraform="set `upgrade_settings { max_surge = 1 }` (new nodes before old ones go) or "
                '`strategy = "BLUE_GREEN"`'
            ),
        },
    ),
    Kind(
        "google_group_manager",
        Role.WORKLOAD,
        ("google_compute_instance_group_manager", "google_compute_region_instance_group_manager"),
        (),
        {
            "zone": _tf("zone"),
            "distribution_zones": _tf("distribution_policy_zones"),
            "target_size": _tf("target_size"),
            "target_pools": _tf("target_pools"),
            "auto_healing": _tf("auto_healing_policies"),
            # update_policy: the surge defaults to the number of zones, max_unavailable likewise.
            "surge_fixed": _tf("update_policy.max_surge_fixed"),
            "surge_percent": _tf("update_policy.max_surge_percent"),
            "unavailable_fixed": _tf("update_policy.max_unavailable_fixed"),
            "unavailable_percent": _tf("update_policy.max_unavailable_percent"),
        },
        _group_manager,
        fixes={
            "RSL201": Set({"target_size": MIN_REPLICAS}),
            "RSL102": Say(
                terraform="use a `google_compute_region_instance_group_manager` with "
                "`distribution_policy_zones` in {tier.min_zones} or more zones"
            ),
            "RSL304": Say(terraform="add an `auto_healing_policies { health_check = ... }` block"),
            "RSL701": Say(
                terraform="let the update start new instances first (`update_policy { max_surge_fixed = 3 }`, at "
                "least the number of zones) or keep some serving (`max_unavailable_fixed` below `target_size`)"
            ),
        },
    ),
    Kind(
        "google_autoscaler",
        Role.AUTOSCALER,
        _AUTOSCALERS,
        (),
        {"min_replicas": _tf("autoscaling_policy.min_replicas")},
        _autoscaler,
        fixes={"RSL202": Set({"min_replicas": MIN_REPLICAS})},
    ),
    Kind(
        "google_instance",
        Role.WORKLOAD,
        ("google_compute_instance",),
        (),
        {},
        instance,
        fixes={
            "RSL201": Say(
                terraform="run {tier.min_replicas} or more copies in a regional managed instance group "
                "(`google_compute_region_instance_group_manager`) behind a load balancer"
            ),
        },
    ),
    Kind(
        "google_backend_service",
        Role.TARGET_GROUP,
        _BACKEND_SERVICES,
        (),
        {"health_checks": _tf("health_checks"), "backends": _tf("backend")},
        _backend_service,
        fixes={"RSL303": Say(terraform="set `health_checks` to a `google_compute_health_check`")},
    ),
    Kind(
        "google_target_pool",
        Role.TARGET_GROUP,
        ("google_compute_target_pool",),
        (),
        {"health_checks": _tf("health_checks")},
        _target_pool,
        fixes={"RSL303": Say(terraform="set `health_checks` to a `google_compute_http_health_check`")},
    ),
    Kind(
        "cloud_run_v2",
        Role.AUTOSCALER,
        ("google_cloud_run_v2_service",),
        (),
        {
            "revision_min": _tf("template.scaling.min_instance_count"),
            "service_min": _tf("scaling.min_instance_count"),
            "scaling_mode": _tf("scaling.scaling_mode"),
            "manual_count": _tf("scaling.manual_instance_count"),
        },
        _cloud_run_v2,
        fixes={"RSL202": Set({"revision_min": MIN_REPLICAS})},
    ),
    Kind(
        "cloud_run_v1",
        Role.AUTOSCALER,
        ("google_cloud_run_service",),
        (),
        {
            "revision_annotations": _tf("template.metadata.annotations"),
            "service_annotations": _tf("metadata.annotations"),
        },
        _cloud_run_v1,
        fixes={
            "RSL202": Say(
                terraform='set `template { metadata { annotations = { "autoscaling.knative.dev/minScale" = '
                '"{tier.min_replicas}" } } }` or more'
            ),
        },
    ),
    Kind(
        "app_engine_standard",
        Role.AUTOSCALER,
        ("google_app_engine_standard_app_version",),
        (),
        {
            "standard_min": _tf("automatic_scaling.standard_scheduler_settings.min_instances"),
            "standard_idle": _tf("automatic_scaling.min_idle_instances"),
            "basic": _tf("basic_scaling"),
            "manual": _tf("manual_scaling.instances"),
        },
        _app_engine_standard,
        fixes={
            "RSL202": Say(
                terraform="use `automatic_scaling { standard_scheduler_settings { min_instances } }` "
                "(or `manual_scaling { instances }`) of {tier.min_replicas} or more"
            ),
        },
    ),
    Kind(
        "app_engine_flexible",
        Role.AUTOSCALER,
        ("google_app_engine_flexible_app_version",),
        (),
        {
            "flexible_min": _tf("automatic_scaling.min_total_instances"),
            "manual": _tf("manual_scaling.instances"),
        },
        _app_engine_flexible,
        fixes={
            "RSL202": Say(
                terraform="set `automatic_scaling { min_total_instances }` (or "
                "`manual_scaling { instances }`) to {tier.min_replicas} or more"
            ),
        },
    ),
    Kind(
        "google_spanner",
        Role.DATABASE,
        ("google_spanner_instance",),
        (),
        {"config": _tf("config")},
        _spanner,
        fixes={
            "RSL503": Say(
                terraform="use a multi-region `config` (`nam3`, `eur3`, `nam-eur-asia1`), or copy "
                "backups to an instance in another region"
            ),
        },
    ),
    Kind(
        "google_filestore",
        Role.STORAGE,
        ("google_filestore_instance",),
        (),
        {"tier": _tf("tier")},
        _filestore,
        fixes={"RSL103": Set({"tier": "REGIONAL"})},
    ),
    Kind(
        "google_ssl_certificate",
        Role.CERTIFICATE,
        ("google_compute_ssl_certificate", "google_compute_region_ssl_certificate"),
        (),
        {"certificate": _tf("certificate")},
        _self_managed_certificate,
        fixes={
            "RSL401": Say(
                terraform="use a `google_compute_managed_ssl_certificate` instead of pasted certificate data"
            ),
        },
    ),
    Kind(
        "google_managed_certificate",
        Role.CERTIFICATE,
        ("google_compute_managed_ssl_certificate",),
        (),
        {},
        _managed_certificate,
    ),
    Kind(
        "google_certificate_manager",
        Role.CERTIFICATE,
        ("google_certificate_manager_certificate",),
        (),
        {"self_managed": _tf("self_managed"), "managed": _tf("managed")},
        _certificate_manager,
        fixes={
            "RSL401": Say(terraform="use a `managed { domains = [...] }` block instead of `self_managed`"),
        },
    ),
)

_TF_DOCS = "https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/"

#: The provider defaults the kinds above rely on, with where they are documented:
#: (Terraform type, setting, what an unset setting means to reslint, source).
DEFAULTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "google_sql_database_instance",
        "deletion_protection",
        'true ("Defaults to true"): Terraform refuses to delete the instance; only an explicit false without '
        "settings.deletion_protection_enabled = true or lifecycle.prevent_destroy is a finding (RSL901)",
        _TF_DOCS + "sql_database_instance#deletion_protection",
    ),
    (
        "google_container_node_pool",
        "management.auto_repair",
        'enabled ("Enabled by default"); only an explicit false is a finding (RSL302)',
        _TF_DOCS + "container_node_pool",
    ),
    (
        "google_container_node_pool",
        "upgrade_settings.max_surge / max_unavailable",
        "GKE's surge defaults (1 / 0) keep every node serving; max_surge = 0 with max_unavailable >= the nodes "
        "of a one-zone pool is a finding (RSL701); multi-zone pools are not judged",
        "https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies",
    ),
    (
        "google_compute_region_instance_group_manager",
        "update_policy.max_surge_* / max_unavailable_*",
        "both default to the number of zones (1 for a zonal group), so an update starts new instances first; "
        "max_surge 0 with max_unavailable at least target_size (or 100%) is a finding (RSL701)",
        "https://cloud.google.com/compute/docs/instance-groups/rolling-out-updates-to-managed-instance-groups",
    ),
    (
        "google_cloud_run_v2_service",
        "template.scaling.min_instance_count",
        '0 ("Defaults to 0"): scales to zero; the larger of it and the service-wide scaling.min_instance_count '
        "is the minimum, and with scaling_mode = MANUAL it is manual_instance_count (RSL202)",
        _TF_DOCS + "cloud_run_v2_service",
    ),
    (
        "google_cloud_run_service",
        "autoscaling.knative.dev/minScale annotation",
        "0: scales to zero (RSL202)",
        _TF_DOCS + "cloud_run_service",
    ),
    (
        "google_app_engine_standard_app_version",
        "automatic_scaling.standard_scheduler_settings.min_instances",
        "0; basic_scaling stops idle instances, so 0 too (RSL202)",
        _TF_DOCS + "app_engine_standard_app_version",
    ),
    (
        "google_app_engine_flexible_app_version",
        "automatic_scaling.min_total_instances",
        '2 ("Default: 2"): no finding (RSL202)',
        _TF_DOCS + "app_engine_flexible_app_version",
    ),
    (
        "google_spanner_instance",
        "config",
        "required; regional-* configurations keep three zones of one region (RSL503 for tiers needing a copy), "
        "other Google configurations are multi-region, custom-* ones are unknown",
        _TF_DOCS + "spanner_instance",
    ),
    (
        "google_filestore_instance",
        "tier",
        "required; REGIONAL and ENTERPRISE replicate across zones, every other tier is zonal (RSL103)",
        _TF_DOCS + "filestore_instance",
    ),
    (
        "google_sql_database_instance",
        "master_instance_name (a read replica)",
        "a read replica of the instance in another region is its copy in another region (RSL503)",
        _TF_DOCS + "sql_database_instance",
    ),
)
