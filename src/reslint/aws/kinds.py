"""What reslint knows about AWS resource types, for Terraform and CloudFormation alike.

Each kind lists its Terraform and CloudFormation types, the role it plays, its settings under one
canonical name with both spellings, and how those settings become facts. Defaults are AWS's own
(what the API does when a setting is omitted), and are quoted in the evidence.
"""

from __future__ import annotations

import fnmatch
import json
from typing import TYPE_CHECKING

from reslint.aws.alarms import fill_alarm, fill_symptom_alarm, watched
from reslint.aws.regional import (
    fill_dns_failover,
    fill_health_check,
    fill_key,
    fill_network_links,
    fill_replica_key,
    fill_secret,
    routing_policy,
)
from reslint.aws.restore import fill_interval, fill_vault, restorable
from reslint.aws.scaling import SCALING_FIELDS, fill_scalable_target, fill_service_autoscaler
from reslint.aws.zones import zone_of, zones_of
from reslint.clouds.deletion import copy_kept, protection
from reslint.clouds.kind import Kind, choice, flag
from reslint.clouds.shared import instance
from reslint.clouds.view import View, as_list, integer, lookup, mapping_of, render, truthy
from reslint.fixes import MIN_BACKUP_DAYS, MIN_REPLICAS, Blank, Say, Set
from reslint.model import UNKNOWN, CertificateFact, Encoded, Fact, Facts, Format, ProbeFact, Reference, Role, Unknown

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import Record

# --- databases -----------------------------------------------------------------------------------


def _db_instance(view: View, index: CloudIndex, facts: Facts) -> None:
    engine = view.get("engine")
    if (isinstance(engine, str) and engine.lower().startswith("aurora")) or view.has("cluster"):
        return  # a member of an Aurora cluster: the cluster carries zones, nodes and backups
    if view.has("replica_source"):
        return  # a read replica: backups and failover belong to its source
    facts.deletion_protected = protection(view, "deletion_protection", default=False)
    facts.copy_kept_on_delete = copy_kept(view, "skip_final_snapshot")
    facts.zone_redundant = flag(view, "multi_az", default=False)
    _retention(view, facts, "backup_retention", default=1)
    record = view.record
    # A cross-region read replica must name its source by ARN; a same-region one may use the identifier.
    replicated = view.has("backup_replication_region") or any(
        referrer.type == "aws_db_instance_automated_backups_replication"
        or (ref is not None and ref.attribute == "arn" and lookup(referrer.attributes, "replicate_source_db") == ref)
        for referrer, ref in index.referrers(
            record, ("aws_db_instance_automated_backups_replication", "aws_db_instance")
        )
    )
    facts.cross_region_copy = Fact(
        replicated,
        "backups replicated to another region"
        if replicated
        else "no automated backups replication and no cross-region replica"
        if record.format is Format.TERRAFORM
        else view.show("backup_replication_region"),
    )


def _retention(view: View, facts: Facts, field: str, default: int) -> None:
    days = integer(view.get(field))
    shown = view.show(field, default=f"{default} day" + ("s" if default != 1 else ""))
    facts.backup_retention_days = view.fact(field, default if days is None else days, shown)


def _db_cluster(view: View, index: CloudIndex, facts: Facts) -> None:
    record = view.record
    facts.deletion_protected = protection(view, "deletion_protection", default=False)
    facts.copy_kept_on_delete = copy_kept(view, "skip_final_snapshot")
    mode = view.get("engine_mode")
    if isinstance(mode, str) and mode.lower() == "serverless":
        return  # Aurora Serverless v1 runs no instances of its own
    _retention(view, facts, "backup_retention", default=1)
    member_types = {
        "aws_rds_cluster": ("aws_rds_cluster_instance",),
        "aws_docdb_cluster": ("aws_docdb_cluster_instance",),
        "aws_neptune_cluster": ("aws_neptune_cluster_instance",),
        "AWS::RDS::DBCluster": ("AWS::RDS::DBInstance",),
        "AWS::DocDB::DBCluster": ("AWS::DocDB::DBInstance",),
        "AWS::Neptune::DBCluster": ("AWS::Neptune::DBInstance",),
    }.get(record.type, ())
    if view.has("cluster_instance_class"):
        nodes: int | Unknown = 3  # a Multi-AZ DB cluster always runs a writer and two readers
        evidence = view.show("cluster_instance_class") + " (Multi-AZ DB cluster: 3 instances)"
    else:
        members = {id(member): member for member, _ in index.referrers(record, member_types)}
        if not members:
            nodes, evidence = UNKNOWN, "no instances found in the configuration"
        elif any(member.siblings is None for member in members.values()):
            nodes, evidence = UNKNOWN, "instance count not known"
        else:
            nodes = len(members)
            evidence = f"{nodes} instance{'s refer' if nodes != 1 else ' refers'} to this cluster"
            _member_zones(view, list(members.values()), facts)
    facts.nodes = Fact(nodes, evidence)
    replicated = view.has("global_cluster") or bool(
        index.referrers(
            record,
            (
                "aws_rds_cluster",
                "aws_rds_global_cluster",
                "aws_docdb_global_cluster",
                "aws_neptune_global_cluster",
                "aws_docdb_cluster",
                "aws_neptune_cluster",
                "AWS::RDS::GlobalCluster",
            ),
        )
    )
    facts.cross_region_copy = Fact(
        replicated, "part of a global cluster" if replicated else "not part of a global cluster"
    )


def _member_zones(view: View, members: list[Record], facts: Facts) -> None:
    """Several cluster instances all pinned to one stated zone fail with it (a reader elsewhere is
    what a failover needs). Zones left to AWS, or one instance (too few nodes: RSL203), say nothing."""
    if len(members) < 2:
        return
    zones = [View(member, view.fields).get("member_zone") for member in members]
    if any(zone is None for zone in zones):
        return  # AWS chooses some zones
    if any(isinstance(zone, Unknown) for zone in zones):
        facts.zone_redundant = Fact(UNKNOWN)
        return
    facts.zone_redundant = Fact(
        len({str(zone) for zone in zones}) >= 2, "every instance in " + ", ".join(sorted({str(zone) for zone in zones}))
    )


def _cache(view: View, index: CloudIndex, facts: Facts) -> None:
    failover = truthy(view.get("automatic_failover"))
    multi_az = truthy(view.get("multi_az"))
    failover = False if failover is None else failover
    multi_az = False if multi_az is None else multi_az
    if failover is False or multi_az is False:
        field = "automatic_failover" if failover is False else "multi_az"
        facts.zone_redundant = view.fact(field, False, view.show(field, default="false"))
    elif failover is True and multi_az is True:
        facts.zone_redundant = Fact(True)
    else:
        facts.zone_redundant = Fact(UNKNOWN)
    groups, per_group = integer(view.get("node_groups")), integer(view.get("replicas_per_group"))
    if groups is not None or per_group is not None:
        per = 0 if per_group is None else per_group
        nodes: int | Unknown = per + 1 if isinstance(per, int) else UNKNOWN
        line = view.line("replicas_per_group" if per_group is not None else "node_groups")
        facts.nodes = Fact(nodes, view.show("replicas_per_group", default="0"), line)
    else:
        clusters = integer(view.get("cache_clusters"))
        facts.nodes = view.fact(
            "cache_clusters", 1 if clusters is None else clusters, view.show("cache_clusters", default="1")
        )
    engine = view.get("engine")
    if engine is None or (isinstance(engine, str) and engine.lower() in {"redis", "valkey"}):
        _retention(view, facts, "snapshot_retention", default=0)


def _cache_cluster(view: View, index: CloudIndex, facts: Facts) -> None:
    # CreateCacheCluster: without AZMode and PreferredAvailabilityZones ElastiCache assumes single-az;
    # AZMode is Memcached-only, and a standalone Redis/Valkey cluster has exactly one node
    # (NumCacheNodes "for Redis OSS this value must be 1"); SnapshotRetentionLimit defaults to 0.
    if view.has("replication_group"):
        return  # a member of a replication group: the group carries failover, nodes and snapshots
    engine = view.get("engine")
    if not isinstance(engine, str):
        facts.zone_redundant, facts.nodes = Fact(UNKNOWN), Fact(UNKNOWN)
        return
    if engine.lower() != "memcached":
        facts.nodes = view.fact("engine", 1, view.show("engine") + " (a standalone cluster: one node, no replica)")
        facts.zone_redundant = view.fact(
            "engine", False, view.show("engine") + " (a standalone cluster: one node, no replica in another zone)"
        )
        _retention(view, facts, "snapshot_retention", default=0)
        return
    count = integer(view.get("nodes"))
    nodes: int | Unknown = 1 if count is None else count
    facts.nodes = view.fact("nodes", nodes, view.show("nodes", default="1"))
    if not isinstance(nodes, int) or nodes < 2:
        return  # one node (or an unknown count): the node count is the gap, not its spread
    mode = view.get("az_mode")
    zones = view.get("preferred_zones")
    if isinstance(mode, str):
        spread: bool | Unknown = mode.lower() == "cross-az"
        field = "az_mode"
    elif mode is None and isinstance(zones, list) and all(isinstance(z, str) for z in zones):
        spread, field = len(set(zones)) >= 2, "preferred_zones"
    elif mode is None and zones is None:
        spread, field = False, "az_mode"
    else:
        spread, field = UNKNOWN, "az_mode"
    facts.zone_redundant = view.fact(field, spread, view.show(field, default="single-az"))


def _redshift(view: View, index: CloudIndex, facts: Facts) -> None:
    # CreateCluster: ClusterType single-node or multi-node, NumberOfNodes default 1 (Terraform too),
    # AutomatedSnapshotRetentionPeriod default 1 (0 disables), MultiAZ default false (RA3 only).
    record = view.record
    facts.copy_kept_on_delete = copy_kept(view, "skip_final_snapshot")
    kind, count = view.get("cluster_type"), integer(view.get("nodes"))
    if isinstance(kind, str) and kind.lower() == "single-node":
        facts.nodes = view.fact("cluster_type", 1, view.show("cluster_type"))
    elif count is not None or kind is None:
        nodes = 1 if count is None else count
        facts.nodes = view.fact("nodes", nodes, view.show("nodes", default="1"))
    else:
        facts.nodes = Fact(UNKNOWN)  # multi-node of an unknown count, or an unknown type
    facts.zone_redundant = flag(view, "multi_az", default=False)
    _retention(view, facts, "snapshot_retention", default=1)
    copy = view.get("snapshot_copy")
    linked = index.referrers(record, ("aws_redshift_snapshot_copy",))
    copied: bool | Unknown = bool(linked) or (copy is not None and copy != [] and not isinstance(copy, Unknown))
    if not copied and isinstance(copy, Unknown):
        copied = UNKNOWN
    facts.cross_region_copy = view.fact(
        "snapshot_copy",
        copied,
        f"{linked[0][0].address} copies its snapshots" if linked else view.show("snapshot_copy"),
    )


def _subnet_zones(view: View, index: CloudIndex, facts: Facts) -> None:
    """A service that places its nodes in the zones of its subnets (MSK brokers): one zone is no standby."""
    value = view.get("subnets")
    if value is None:
        return
    zones = zones_of(index, view.record, value)
    redundant: bool | Unknown = len(zones) >= 2 if isinstance(zones, set) else UNKNOWN
    evidence = (
        f"{view.path('subnets')} in {', '.join(sorted(_zone_label(z) for z in zones))}"
        if isinstance(zones, set)
        else view.show("subnets")
    )
    facts.zone_redundant = view.fact("subnets", redundant, evidence)


def _search(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.zone_redundant = flag(view, "zone_awareness", default=False)


def _serverless_search(view: View, index: CloudIndex, facts: Facts) -> None:
    # CreateCollection StandbyReplicas: ENABLED by default (a standby in another zone), or DISABLED.
    facts.zone_redundant = choice(view, "standby", default="ENABLED", good=lambda mode: mode != "DISABLED")


def _broker(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.zone_redundant = choice(
        view, "deployment_mode", default="SINGLE_INSTANCE", good=lambda mode: mode != "SINGLE_INSTANCE"
    )


def _fsx(view: View, index: CloudIndex, facts: Facts, field: str = "deployment_type") -> None:
    facts.zone_redundant = choice(
        view, field, default="SINGLE_AZ_1", good=lambda kind: not kind.startswith("SINGLE_AZ")
    )


def _fsx_cfn(view: View, index: CloudIndex, facts: Facts) -> None:
    # One CloudFormation type for every FSx flavour; its deployment type sits in the flavour's block.
    # Lustre is single-zone by design and, as in Terraform, not mapped.
    flavour = view.get("file_system_type")
    if isinstance(flavour, str) and flavour.upper() in {"WINDOWS", "ONTAP", "OPENZFS"}:
        _fsx(view, index, facts, flavour.upper())


def _efs(view: View, index: CloudIndex, facts: Facts) -> None:
    record = view.record
    facts.copy_kept_on_delete = copy_kept(view)  # Terraform has no setting that keeps a copy: prevent_destroy only
    one_zone = view.get("one_zone")
    if isinstance(one_zone, (str, Unknown)):
        facts.zone_redundant = view.fact(
            "one_zone", False if isinstance(one_zone, str) else UNKNOWN, view.show("one_zone")
        )
    else:
        facts.zone_redundant = Fact(True)
    policy = truthy(view.get("backup_policy"))
    if policy is None:
        linked = [r for r, _ in index.referrers(record, ("aws_efs_backup_policy",))]
        statuses = [truthy(lookup(r.attributes, "backup_policy.status")) for r in linked]
        if True in statuses:
            policy = True
        elif UNKNOWN in statuses:
            policy = UNKNOWN
        elif statuses:
            policy = False  # stated: DISABLED (or DISABLING)
    default = policy is None
    if default:
        # AWS's default (CreateFileSystem ``Backup``): on for One Zone file systems, off for Regional ones.
        policy = isinstance(one_zone, str) if not isinstance(one_zone, Unknown) else UNKNOWN
    planned = _backup_plan_days(index, record) if policy is not True else None
    if planned is not None:  # not backed up automatically, but an AWS Backup plan selects it
        facts.backup_retention_days = Fact(planned, "selected by an AWS Backup plan")
    elif policy is not UNKNOWN:
        facts.backup_retention_days = Fact(
            35 if policy is True else 0,  # AWS Backup's default EFS plan keeps 35 days
            ("One Zone file system: automatic backups on by default" if default else "automatic backups enabled")
            if policy is True
            else ("no backup policy" if default else "backup policy disabled"),
        )
    replicated = view.has("replication") or bool(index.referrers(record, ("aws_efs_replication_configuration",)))
    facts.cross_region_copy = Fact(replicated, "replicated" if replicated else "no replication configuration")


_SELECTIONS = ("aws_backup_selection", "AWS::Backup::BackupSelection")
_PLAN_OF_SELECTION = {"aws_backup_selection": "plan_id", "AWS::Backup::BackupSelection": "BackupPlanId"}
_RULES_OF_PLAN = {"aws_backup_plan": "rule", "AWS::Backup::BackupPlan": "BackupPlan.BackupPlanRule"}
_DELETE_AFTER = {"aws_backup_plan": "lifecycle.delete_after", "AWS::Backup::BackupPlan": "Lifecycle.DeleteAfterDays"}


def selected_by_plan(index: CloudIndex, record: Record) -> bool | Unknown:
    """Whether an AWS Backup selection names *record* by reference or selects it by value."""
    if index.referrers(record, _SELECTIONS):
        return True
    picks = [_selects(selection, record) for selection in index.of_types(record, _SELECTIONS)]
    return True if True in picks else UNKNOWN if UNKNOWN in picks else False


def _backup_plan_days(index: CloudIndex, record: Record) -> int | Unknown | None:
    """How long the AWS Backup plans that select *record* keep its recovery points (the longest),
    None when no selection names it; a rule without a lifecycle keeps them for good."""
    kept: list[int | Unknown] = []
    named = [selection for selection, _ in index.referrers(record, _SELECTIONS)]
    by_value = [
        (selection, picks)
        for selection in index.of_types(record, _SELECTIONS)
        if selection not in named and (picks := _selects(selection, record)) is not False
    ]
    if not named and any(picks is UNKNOWN for _, picks in by_value):
        return UNKNOWN  # a selection whose resources or tags cannot be known may select it
    for selection in named + [selection for selection, picks in by_value if picks is True]:
        ref = lookup(selection.attributes, _PLAN_OF_SELECTION[selection.type])
        plans = index.target(selection, ref) if isinstance(ref, Reference) else []
        if len(plans) != 1 or plans[0].type not in _RULES_OF_PLAN:
            kept.append(UNKNOWN)
            continue
        plan = plans[0]
        rules = as_list(lookup(plan.attributes, _RULES_OF_PLAN[plan.type]))
        if not isinstance(rules, list):
            kept.append(UNKNOWN)
            continue
        for rule in rules:
            days = integer(lookup(rule, _DELETE_AFTER[plan.type]))
            kept.append(36_500 if days is None else days)
    if not kept:
        return None
    known = [days for days in kept if isinstance(days, int)]
    return max(known) if known else UNKNOWN


#: A selection's ARN patterns are matched against this stand-in for an ARN the configuration cannot
#: know before apply: a wildcard for every file system selects it, a literal file system id may.
_ARN_OF_TYPE = {
    "aws_efs_file_system": "arn:aws:elasticfilesystem:*:*:file-system/",
    "AWS::EFS::FileSystem": "arn:aws:elasticfilesystem:*:*:file-system/",
}
_SELECTION_FIELDS = {
    # resources, tag conditions (each a block or a list of {type, key, value})
    "aws_backup_selection": ("resources", "selection_tag", "key", "value"),
    "AWS::Backup::BackupSelection": (
        "BackupSelection.Resources",
        "BackupSelection.ListOfTags",
        "ConditionKey",
        "ConditionValue",
    ),
}


def _selects(selection: Record, record: Record) -> bool | Unknown:
    """Whether an AWS Backup selection selects *record* by value: an ARN pattern (``*``, every file
    system) or a tag condition its tags meet. UNKNOWN when the selection's values are unknown, or
    it names a resource of the same kind by a literal ARN (the id exists only after apply)."""
    resources_path, tags_path, key_name, value_name = _SELECTION_FIELDS[selection.type]
    prefix = _ARN_OF_TYPE.get(record.type)
    resources, conditions = (
        as_list(lookup(selection.attributes, resources_path)),
        as_list(lookup(selection.attributes, tags_path)),
    )
    maybe = False
    for arn in resources if isinstance(resources, list) else [UNKNOWN] if resources is not None else []:
        if isinstance(arn, str) and prefix is not None:
            if arn == "*" or fnmatch.fnmatchcase(prefix + "*", arn):
                return True
            maybe = maybe or f":{prefix.split(':')[2]}:" in arn  # this service in one region or account, or one id
        elif isinstance(arn, Unknown) and not isinstance(arn, Reference):
            maybe = True
    tags = dict(record.tags)
    for condition in conditions if isinstance(conditions, list) else [UNKNOWN] if conditions is not None else []:
        key, value = mapping_of(condition).get(key_name), mapping_of(condition).get(value_name)
        if not isinstance(key, str) or not isinstance(value, str) or isinstance(tags.get(key), Unknown):
            maybe = True
        elif tags.get(key) == value:
            return True
    return UNKNOWN if maybe else False


# --- compute and load balancing -----------------------------------------------------------------


def _zones(view: View, index: CloudIndex, facts: Facts, *fields: str) -> None:
    for field in fields:
        value = view.get(field)
        if value is None or value == []:
            continue
        if isinstance(value, list):  # subnet mappings name their subnet in a block
            value = [
                mapping_of(item).get("subnet_id", mapping_of(item).get("SubnetId")) if isinstance(item, dict) else item
                for item in value
            ]
        zones = zones_of(index, view.record, value)
        facts.zone_count = Fact(
            len(zones) if isinstance(zones, set) else UNKNOWN,
            f"{view.path(field)} in {', '.join(sorted(_zone_label(z) for z in zones))}"
            if isinstance(zones, set)
            else view.show(field),
            view.line(field),
        )
        return


def _zone_label(zone: str) -> str:
    return f"zone #{int(zone.split('#')[1]) + 1} of the region" if zone.startswith("AWS::AZ#") else zone


_ASG_ATTACHMENTS = {
    "aws_autoscaling_attachment": "autoscaling_group_name",
    "aws_autoscaling_traffic_source_attachment": "autoscaling_group_name",
}


def _asg(view: View, index: CloudIndex, facts: Facts) -> None:
    minimum = integer(view.get("min_size"))
    if minimum is not None:
        facts.replicas = view.fact("min_size", minimum, view.show("min_size"))
        # min_size 0 with a desired capacity above it may scale to zero; with none (or 0) it is parked.
        facts.scaled_to_zero = minimum == 0 and integer(view.get("desired_capacity")) in (None, 0)
    _zones(view, index, facts, "zones", "subnets")
    record = view.record
    attached = (
        view.has("target_groups")
        or view.has("load_balancers")
        # An attachment may name the group by reference or by value (its name).
        or bool(index.companions(record, _ASG_ATTACHMENTS, "name")[0])
    )
    if attached:
        check = view.get("health_check_type")
        check = "EC2" if check is None else check
        present = (
            (check.upper() in {"ELB", "ELB,EBS", "VPC_LATTICE"} or "ELB" in check.upper())
            if isinstance(check, str)
            else UNKNOWN
        )
        facts.probes.append(
            ProbeFact(
                "instances behind a load balancer",
                "replacement",
                view.show("health_check_type", default="EC2"),
                present,
                view.line("health_check_type"),
            )
        )


def _node_group(view: View, index: CloudIndex, facts: Facts) -> None:
    minimum = integer(view.get("min_size"))
    if minimum is not None:
        facts.replicas = view.fact("min_size", minimum, view.show("min_size"))
    _zones(view, index, facts, "subnets")


def _ecs_service(view: View, index: CloudIndex, facts: Facts) -> None:
    strategy = view.get("scheduling_strategy")
    if isinstance(strategy, str) and strategy.upper() == "DAEMON":
        return
    desired = integer(view.get("desired_count"))
    # Application Auto Scaling's minimum decides the count (desired_count is only where it starts);
    # an omitted desired_count is left to an autoscaler or the console: not knowable here.
    if not fill_service_autoscaler(view, index, facts) and desired is not None:
        facts.replicas = view.fact("desired_count", desired, view.show("desired_count"))
        facts.scaled_to_zero = desired == 0
    _zones(view, index, facts, "subnets")
    _container_health_checks(view, index, facts)
    _ecs_rollout(view, facts)


def _ecs_rollout(view: View, facts: Facts) -> None:
    """A rolling update keeps ceil(desired x minimumHealthyPercent / 100) tasks running (default 100%,
    ECS DeploymentConfiguration); at 0% the scheduler may stop every task before starting new ones.
    Blue/green (CODE_DEPLOY) and EXTERNAL deployments start the new tasks beside the old."""
    controller = view.get("deployment_controller")
    if isinstance(controller, str) and controller.upper() in {"CODE_DEPLOY", "EXTERNAL"}:
        return
    _ecs_rollback(view, facts, controller)
    minimum = integer(view.get("min_healthy"))
    if isinstance(minimum, Unknown) or isinstance(controller, Unknown):
        facts.rollout_keeps_capacity = Fact(UNKNOWN)
        return
    facts.rollout_keeps_capacity = view.fact(
        "min_healthy", minimum is None or minimum > 0, view.show("min_healthy", default="100")
    )


def _ecs_rollback(view: View, facts: Facts, controller: object) -> None:
    """A rolling update rolls back by itself when a circuit breaker or a deployment alarm with
    ``rollback`` is on; both are off unless stated."""
    if isinstance(controller, Unknown):
        facts.rollout_rolls_back = Fact(UNKNOWN)
        return
    pairs = [
        (truthy(view.get(enable)), truthy(view.get(rollback)))
        for enable, rollback in (("breaker_enable", "breaker_rollback"), ("alarms_enable", "alarms_rollback"))
    ]
    if any(on is True and back is True for on, back in pairs):
        facts.rollout_rolls_back = Fact(True)
        return
    if any(isinstance(value, Unknown) for pair in pairs for value in pair):
        facts.rollout_rolls_back = Fact(UNKNOWN)
        return
    field = "breaker_rollback" if pairs[0][0] is True else "breaker_enable" if view.has("breaker") else "breaker"
    shown = view.show(field) if view.has(field) else f"{view.path(field)} not set (defaults to off)"
    facts.rollout_rolls_back = view.fact(field, False, shown)


def _deployment_group(view: View, index: CloudIndex, facts: Facts) -> None:
    """``rollout_rolls_back``: CodeDeploy redeploys the last good revision when a deployment fails
    only with ``auto_rollback_configuration`` enabled for ``DEPLOYMENT_FAILURE`` (off unless stated)."""
    enabled = truthy(view.get("rollback_enabled"))
    events = as_list(view.get("rollback_events"))
    if isinstance(enabled, Unknown) or (enabled is True and isinstance(events, Unknown)):
        facts.rollout_rolls_back = Fact(UNKNOWN)
        return
    if enabled is True and isinstance(events, list):
        if any(isinstance(event, str) and event.upper() == "DEPLOYMENT_FAILURE" for event in events):
            facts.rollout_rolls_back = view.fact("rollback_events", True, view.show("rollback_events"))
        elif any(isinstance(event, Unknown) for event in events):
            facts.rollout_rolls_back = Fact(UNKNOWN)
        else:
            shown = view.show("rollback_events") + " (not DEPLOYMENT_FAILURE)"
            facts.rollout_rolls_back = view.fact("rollback_events", False, shown)
        return
    field = "rollback_enabled" if view.has("rollback") else "rollback"
    shown = view.show(field) if view.has(field) else f"{view.path(field)} not set (no automatic rollback)"
    facts.rollout_rolls_back = view.fact(field, False, shown)


def _ebs_volume(view: View, index: CloudIndex, facts: Facts) -> None:
    """``copy_kept_on_delete``: Terraform snapshots a volume it destroys only with ``final_snapshot``
    (default false); CloudFormation with ``DeletionPolicy`` and ``UpdateReplacePolicy: Snapshot``
    (both default to Delete for a volume)."""
    facts.copy_kept_on_delete = copy_kept(view, "final_snapshot", keeps=True)


_TASK_DEFINITIONS = ("aws_ecs_task_definition", "AWS::ECS::TaskDefinition")


def task_definition_of(view: View, index: CloudIndex) -> Record | None:
    """The task definition a service runs: by reference, or by value (its family, ``family:revision``
    or ARN) when exactly one task definition in the configuration has that family."""
    value = view.get("task_definition")
    if isinstance(value, Reference):
        found = [t for t in index.target(view.record, value) if t.type in _TASK_DEFINITIONS]
    elif isinstance(value, str):
        family = value.rsplit("/", 1)[-1].split(":")[0]
        found = [
            t for t in index.of_types(view.record, _TASK_DEFINITIONS) if View(t, view.fields).get("family") == family
        ]
    else:
        found = []
    return found[0] if len(found) == 1 else None


def _container_health_checks(view: View, index: CloudIndex, facts: Facts) -> None:
    """ECS replaces a service's task when an essential container fails its ``healthCheck`` or the
    target group's check fails ("Amazon ECS services", service scheduler); without either, a hung
    task keeps running. Containers behind a target group are checked by it; the others need their own."""
    task = task_definition_of(view, index)
    if task is None:
        return
    containers: object = View(task, view.fields).get("containers")
    if isinstance(containers, Encoded):  # jsonencode([...]) of a list holding unknowns
        containers = containers.value
    if isinstance(containers, str):
        try:
            containers = json.loads(containers)
        except ValueError:
            return
    if not isinstance(containers, list):
        return
    balanced = as_list(view.get("load_balancers"))
    behind = {
        mapping_of(lb).get("container_name", mapping_of(lb).get("ContainerName"))
        for lb in (balanced if isinstance(balanced, list) else [])
    }
    line = view.line("task_definition")
    for container in containers:
        spec = mapping_of(container)
        name = spec.get("name", spec.get("Name"))
        essential = truthy(spec.get("essential", spec.get("Essential")))
        if essential is False:
            continue  # a non-essential container's health does not decide the task's
        check = spec.get("healthCheck", spec.get("HealthCheck"))
        subject = f"container {name!r}" if isinstance(name, str) else "a container"
        present: bool | Unknown
        if not isinstance(container, dict):
            present, shown = UNKNOWN, f"{task.address}: container not known"
        elif check is not None:  # an unknown check is still a check
            present, shown = True, f"{task.address}: healthCheck"
        elif isinstance(name, str) and name in behind:
            present, shown = True, f"{task.address}: no healthCheck, but its target group checks it"
        elif (
            isinstance(balanced, Unknown)
            or isinstance(essential, Unknown)
            or not isinstance(name, str)
            or any(not isinstance(n, str) for n in behind if n is not None)
        ):
            present, shown = UNKNOWN, f"{task.address}: healthCheck"
        else:
            present, shown = False, f"healthCheck in {task.address}"
        facts.probes.append(ProbeFact(subject, "liveness", shown, present, line))


def _load_balancer(view: View, index: CloudIndex, facts: Facts) -> None:
    _zones(view, index, facts, "subnets", "subnet_mappings", "zones")
    if view.record.type == "AWS::ElasticLoadBalancingV2::LoadBalancer":
        value, shown = _lb_attribute(view, "deletion_protection.enabled")
        facts.deletion_protected = protection(view, "deletion_protection", default=False, value=value, shown=shown)
    elif view.record.type in {"aws_lb", "aws_alb"}:
        facts.deletion_protected = protection(view, "deletion_protection", default=False)
    if view.record.type in {"aws_elb", "AWS::ElasticLoadBalancing::LoadBalancer"}:
        # Without one, Elastic Load Balancing applies its default check (a TCP connection to port 80): never "none".
        facts.probes.append(
            ProbeFact(
                "load balancer targets",
                "health",
                view.show("health_check", default="a TCP check on port 80"),
                True,
                view.line("health_check"),
            )
        )
        _listener_certificates(view, index, facts, "listeners")


def _target_group(view: View, index: CloudIndex, facts: Facts) -> None:
    target_type = view.get("target_type")
    if isinstance(target_type, str) and target_type.lower() == "lambda":
        return  # Lambda targets are not health checked unless asked; the function is managed
    enabled = truthy(view.get("health_check_enabled"))
    facts.probes.append(
        ProbeFact(
            "targets",
            "health",
            view.show("health_check_enabled"),
            True if enabled is None else enabled,
            view.line("health_check_enabled"),
        )
    )


def _dns_record(view: View, index: CloudIndex, facts: Facts) -> None:
    policy = routing_policy(view)
    fill_dns_failover(view, index, facts, policy)
    if policy is None:
        return
    role = view.get("failover_type") if policy == "failover" else None
    if isinstance(role, str) and role.upper() == "SECONDARY":
        return  # the fallback: there is nothing further to fail over to, so its health check is optional
    checked: bool | Unknown = view.has("health_check") or truthy(view.get("alias_evaluates_health")) is True
    if not checked and isinstance(role, Unknown):
        checked = UNKNOWN  # primary or secondary: not knowable
    facts.probes.append(
        ProbeFact(f"{policy} routing", "failover", view.show("health_check"), checked, view.line(policy))
    )


#: The settings of routes and route table associations a NAT gateway's zones are read through.
_ROUTING = {"route_table": ("route_table_id", "RouteTableId"), "subnet": ("subnet_id", "SubnetId")}


def _nat_gateway(view: View, index: CloudIndex, facts: Facts) -> None:
    record = view.record
    zones: set[str] = set()
    for table, _ in index.referrers(record, ("aws_route_table", "aws_route", "AWS::EC2::Route")):
        route_table = table
        if table.type in {"aws_route", "AWS::EC2::Route"}:
            ref = View(table, _ROUTING).get("route_table")
            targets = index.target(table, ref) if isinstance(ref, Reference) else []
            if len(targets) != 1:
                return
            route_table = targets[0]
        for association, _ in index.referrers(
            route_table, ("aws_route_table_association", "AWS::EC2::SubnetRouteTableAssociation")
        ):
            subnet = View(association, _ROUTING).get("subnet")
            zone = zone_of(index, association, subnet)
            if zone is None:
                return  # one subnet of unknown zone: do not guess
            zones.add(zone)
    if zones:
        facts.serves_zones = Fact(len(zones), "routes private subnets in " + ", ".join(sorted(map(_zone_label, zones))))


# --- certificates --------------------------------------------------------------------------------


def _acm_certificate(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("private_key") or view.has("certificate_body"):
        # Never quote the value, nor point at its line (reporters show the source line): it is a private key.
        field = "private_key" if view.has("private_key") else "certificate_body"
        facts.certificates.append(
            CertificateFact(
                "imported certificate",
                False,
                f"{view.path(field)} set: imported, so ACM cannot renew it",
                view.record.line,
            )
        )
        return
    method = view.get("validation_method")
    if method is None and view.record.format is Format.CLOUDFORMATION and not view.has("private_authority"):
        # Terraform requires validation_method for a public certificate; CloudFormation passes the
        # omission on to ACM's RequestCertificate, which validates by email.
        method = "EMAIL"
    if isinstance(method, str) and method.upper() == "EMAIL":
        facts.certificates.append(
            CertificateFact(
                "email-validated certificate",
                False,
                view.show("validation_method", default="EMAIL") + " (renewal waits for someone to approve an email)",
                view.line("validation_method"),
            )
        )
    elif isinstance(method, str):
        facts.certificates.append(
            CertificateFact("certificate", True, view.show("validation_method"), view.line("validation_method"))
        )


def _iam_certificate(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.certificates.append(
        CertificateFact("IAM server certificate", False, "uploaded to IAM: nothing renews it", view.record.line)
    )


def _is_iam_certificate(view: View, index: CloudIndex, value: object) -> bool | Unknown:
    if isinstance(value, str):
        return ":server-certificate/" in value
    if isinstance(value, Reference):
        targets = index.target(view.record, value)
        return any(t.type in {"aws_iam_server_certificate", "AWS::IAM::ServerCertificate"} for t in targets) or (
            UNKNOWN if not targets else False
        )
    return UNKNOWN


def _listener_certificates(view: View, index: CloudIndex, facts: Facts, field: str) -> None:
    values = view.get(field)
    items = values if isinstance(values, list) else [values]
    arns: list[object] = []
    for item in items:
        if isinstance(item, dict):
            arns += [
                item.get(k)
                for k in ("certificate_arn", "CertificateArn", "ssl_certificate_id", "SSLCertificateId")
                if item.get(k) is not None
            ]
        elif item is not None:
            arns.append(item)
    for arn in arns:
        if _is_iam_certificate(view, index, arn) is True:
            facts.certificates.append(
                CertificateFact("listener certificate", False, "uses an IAM server certificate", view.line(field))
            )


def _listener(view: View, index: CloudIndex, facts: Facts) -> None:
    _listener_certificates(view, index, facts, "certificates")


def _api_domain(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("certificate_body"):
        # Never quote the value, nor point at its line: it sits next to the private key.
        facts.certificates.append(
            CertificateFact(
                "uploaded certificate",
                False,
                f"{view.path('certificate_body')} set: uploaded, so nothing renews it",
                view.record.line,
            )
        )
        return
    for field in ("certificate", "regional_certificate"):
        values = view.get(field)
        for value in values if isinstance(values, list) else [values]:
            arn = mapping_of(value).get("CertificateArn") if isinstance(value, dict) else value
            if arn is not None and _is_iam_certificate(view, index, arn) is True:
                facts.certificates.append(
                    CertificateFact("domain certificate", False, "uses an IAM server certificate", view.line(field))
                )


def _cloudfront(view: View, index: CloudIndex, facts: Facts) -> None:
    if view.has("iam_certificate"):
        facts.certificates.append(
            CertificateFact(
                "viewer certificate",
                False,
                view.show("iam_certificate") + " (IAM: nothing renews it)",
                view.line("iam_certificate"),
            )
        )


# --- backups -------------------------------------------------------------------------------------


def _lb_attribute(view: View, key: str) -> tuple[object, str]:
    """A load balancer attribute from CloudFormation's ``LoadBalancerAttributes: [{Key, Value}]``."""
    attributes = as_list(view.get("deletion_protection"))
    if isinstance(attributes, Unknown):
        return UNKNOWN, "LoadBalancerAttributes: (unknown)"
    for item in attributes or []:
        if isinstance(item, Unknown) or isinstance(mapping_of(item).get("Key"), Unknown):
            return UNKNOWN, "LoadBalancerAttributes: (unknown)"
        if mapping_of(item).get("Key") == key:
            value = mapping_of(item).get("Value")
            return value, f"LoadBalancerAttributes {key}: {render(value, cfn=True)}"
    return None, f"LoadBalancerAttributes {key} not set (defaults to false)"


def _dynamodb(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.deletion_protected = protection(view, "deletion_protection", default=False)
    facts.copy_kept_on_delete = copy_kept(view)  # Terraform has no setting that keeps a copy: prevent_destroy only
    facts.point_in_time_recovery = flag(view, "point_in_time", default=False)
    replicas = as_list(view.get("replicas"))
    regions = (
        {str(mapping_of(r).get("region_name", mapping_of(r).get("Region"))) for r in replicas}
        if isinstance(replicas, list)
        else set()
    )
    replicated: bool | Unknown = (
        bool(regions) if isinstance(replicas, list) else (UNKNOWN if replicas is not None else False)
    )
    facts.cross_region_copy = Fact(
        replicated, view.show("replicas") if replicas is not None else "no replica in another region"
    )


def _global_table(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.copy_kept_on_delete = copy_kept(view)
    replicas = as_list(view.get("replicas"))
    if not isinstance(replicas, list):
        facts.point_in_time_recovery, facts.cross_region_copy = Fact(UNKNOWN), Fact(UNKNOWN)
        return
    states = [
        truthy(lookup(replica, "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled")) for replica in replicas
    ]
    off = [
        str(mapping_of(replica).get("Region", "?"))
        for replica, state in zip(replicas, states, strict=True)
        if state is None or state is False
    ]
    pitr: bool | Unknown = (
        False if off else UNKNOWN if any(isinstance(s, Unknown) for s in states) or not replicas else True
    )
    facts.point_in_time_recovery = view.fact(
        "replicas",
        pitr,
        "Replicas without PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true: " + ", ".join(off),
    )
    regions = [mapping_of(replica).get("Region") for replica in replicas]
    replicated: bool | Unknown = len(set(regions)) >= 2 if all(isinstance(r, str) for r in regions) else UNKNOWN
    facts.cross_region_copy = Fact(
        replicated, "Replicas in " + ", ".join(sorted(str(r) for r in regions)), view.line("replicas")
    )


def _simple_table(view: View, index: CloudIndex, facts: Facts) -> None:
    facts.point_in_time_recovery = Fact(False, "AWS::Serverless::SimpleTable cannot enable point-in-time recovery")
    facts.cross_region_copy = Fact(False, "no replica in another region")


_VERSIONING = {"aws_s3_bucket_versioning": "bucket"}
_REPLICATION = {"aws_s3_bucket_replication_configuration": "bucket"}


def _bucket(view: View, index: CloudIndex, facts: Facts) -> None:
    record = view.record
    # CloudFormation cannot delete a bucket that holds objects (the delete fails), so its policies
    # lose no data; Terraform empties it first when force_destroy is true.
    facts.copy_kept_on_delete = copy_kept(view, "force_destroy", cloudformation=False)
    inline = truthy(view.get("versioning"))
    versioning: bool | Unknown | None = inline
    evidence = view.show("versioning") if inline is not None else "no versioning configuration"
    if inline is not True:  # inline may be UNKNOWN: never truth-test it
        configs, undecided = index.companions(record, _VERSIONING, "bucket")
        for config in configs:
            raw = lookup(config.attributes, "versioning_configuration.status")
            status = truthy(raw)
            if status is not None and versioning is not True:
                versioning = status
                evidence = f"{config.address}: versioning_configuration.status = {render(raw)}"
        if undecided and not configs and versioning is not True:
            # A versioning configuration whose bucket cannot be resolved may be this bucket's.
            versioning, evidence = UNKNOWN, "a versioning configuration names a bucket that cannot be resolved"
    facts.versioning = view.fact("versioning", False if versioning is None else versioning, evidence)
    states: list[bool | Unknown] = []
    if view.has("replication"):
        states.append(_replication_enabled(view.get("replication_rules")))
    configs, undecided = index.companions(record, _REPLICATION, "bucket")
    states += [_replication_enabled(lookup(config.attributes, "rule")) for config in configs]
    if undecided:
        states.append(UNKNOWN)
    replicated: bool | Unknown = (
        True if True in states else UNKNOWN if any(isinstance(state, Unknown) for state in states) else False
    )
    facts.cross_region_copy = Fact(
        replicated,
        "replicated"
        if replicated is True
        else "every replication rule is disabled"
        if states
        else "no replication configuration",
    )


def _replication_enabled(rules: object) -> bool | Unknown:
    """Whether a replication configuration copies anything: a rule with status Enabled (a
    ``Disabled`` rule copies nothing)."""
    listed = as_list(rules)
    if not isinstance(listed, list):
        return UNKNOWN
    states = [truthy(mapping_of(rule).get("status", mapping_of(rule).get("Status"))) for rule in listed]
    if True in states:
        return True
    return UNKNOWN if any(state is None or isinstance(state, Unknown) for state in states) else False


def _backup_plan(view: View, index: CloudIndex, facts: Facts) -> None:
    rules = as_list(view.get("rules"))
    if not isinstance(rules, list):
        facts.cross_region_copy, facts.backup_interval_minutes = Fact(UNKNOWN), Fact(UNKNOWN)
        return
    tf = view.record.format is Format.TERRAFORM
    fill_interval(
        view,
        rules,
        facts,
        schedule="schedule" if tf else "ScheduleExpression",
        continuous="enable_continuous_backup" if tf else "EnableContinuousBackup",
    )
    copies = [
        next((v for v in (mapping_of(rule).get(k) for k in ("copy_action", "CopyActions")) if v is not None), None)
        for rule in rules
    ]
    if any(isinstance(rule, Unknown) for rule in rules) or any(isinstance(c, Unknown) for c in copies):
        facts.cross_region_copy = Fact(UNKNOWN)
        return
    without = sum(1 for c in copies if not c)
    facts.cross_region_copy = Fact(
        without == 0, f"{without} of {len(rules)} rules without a copy action", view.line("rules")
    )


def _f(tf: str | None, cfn: str | None) -> tuple[str | None, str | None]:
    return (tf, cfn)


def _restore_test(*protected: str) -> Say:
    """RSL506's fix: a restore testing selection for the resource's protected resource type(s)."""
    tf = " or ".join(f'`protected_resource_type = "{kind}"`' for kind in protected)
    cfn = " or ".join(f"`ProtectedResourceType: {kind}`" for kind in protected)
    return Say(
        terraform=f"add an `aws_backup_restore_testing_selection` with {tf} to an `aws_backup_restore_testing_plan`",
        cloudformation=f"add an `AWS::Backup::RestoreTestingSelection` with {cfn} to an "
        "`AWS::Backup::RestoreTestingPlan`",
    )


def _symptom_alarm(metrics: str, namespace: str, dimension: str, attribute: str) -> Say:
    """RSL001's fix: a CloudWatch alarm on a symptom metric, naming the resource, that notifies someone."""
    return Say(
        terraform=f'add an `aws_cloudwatch_metric_alarm` on {metrics} (`namespace = "{namespace}"`, '
        f"`dimensions = {{ {dimension} = <this>.{attribute} }}`) with `alarm_actions` naming an SNS topic",
        cloudformation=f"add an `AWS::CloudWatch::Alarm` on {metrics} (`Namespace: {namespace}`, "
        f"`Dimensions: [{{Name: {dimension}, Value: ...}}]`) with `AlarmActions` naming an SNS topic",
    )


KINDS: tuple[Kind, ...] = (
    Kind(
        "db_instance",
        Role.DATABASE,
        ("aws_db_instance",),
        ("AWS::RDS::DBInstance",),
        {
            "engine": _f("engine", "Engine"),
            "replica_source": _f("replicate_source_db", "SourceDBInstanceIdentifier"),
            # CloudFormation has one type for standalone and cluster instances; a member names its cluster.
            "cluster": _f(None, "DBClusterIdentifier"),
            "multi_az": _f("multi_az", "MultiAZ"),
            "backup_retention": _f("backup_retention_period", "BackupRetentionPeriod"),
            "backup_replication_region": _f(None, "AutomaticBackupReplicationRegion"),
            # Default false (CreateDBInstance DeletionProtection); skip_final_snapshot default false.
            "deletion_protection": _f("deletion_protection", "DeletionProtection"),
            "skip_final_snapshot": _f("skip_final_snapshot", None),
        },
        watched(restorable(_db_instance, selected_by_plan)),
        fixes={
            "RSL506": _restore_test("RDS"),
            "RSL001": _symptom_alarm(
                "`FreeStorageSpace`, `CPUUtilization` or `ReplicaLag`", "AWS/RDS", "DBInstanceIdentifier", "identifier"
            ),
            "RSL901": Set({"deletion_protection": True}),
            "RSL902": Say(
                terraform="remove `skip_final_snapshot = true` (keep a final snapshot, named by "
                "`final_snapshot_identifier`)",
                cloudformation="set `DeletionPolicy: Snapshot` and `UpdateReplacePolicy: Snapshot`",
            ),
            "RSL103": Set({"multi_az": True}),
            "RSL501": Set({"backup_retention": MIN_BACKUP_DAYS}),
            "RSL503": (
                Set({"backup_replication_region": Blank("another region")}),
                Say(
                    terraform="add an `aws_db_instance_automated_backups_replication` for it, "
                    "or a read replica in another region"
                ),
            ),
        },
    ),
    Kind(
        "db_cluster",
        Role.DATABASE,
        ("aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"),
        ("AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster"),
        {
            "engine_mode": _f("engine_mode", "EngineMode"),
            "backup_retention": _f("backup_retention_period", "BackupRetentionPeriod"),
            "cluster_instance_class": _f("db_cluster_instance_class", "DBClusterInstanceClass"),
            "global_cluster": _f("global_cluster_identifier", "GlobalClusterIdentifier"),
            # Read on each member instance: all pinned to one zone is no standby elsewhere.
            "member_zone": _f("availability_zone", "AvailabilityZone"),
            "deletion_protection": _f("deletion_protection", "DeletionProtection"),
            "skip_final_snapshot": _f("skip_final_snapshot", None),
        },
        watched(restorable(_db_cluster, selected_by_plan)),
        fixes={
            "RSL506": _restore_test("Aurora", "DocumentDB", "Neptune"),
            "RSL001": _symptom_alarm(
                "`CPUUtilization`, `FreeableMemory` or replica lag",
                "AWS/RDS",  # AWS/DocDB and AWS/Neptune for those engines
                "DBClusterIdentifier",
                "cluster_identifier",
            ),
            "RSL103": Say(
                terraform="give its instances different `availability_zone`s (or leave them to AWS)",
                cloudformation="give its instances different `AvailabilityZone`s (or leave them to AWS)",
            ),
            "RSL901": Set({"deletion_protection": True}),
            "RSL902": Say(
                terraform="remove `skip_final_snapshot = true` (keep a final snapshot, named by "
                "`final_snapshot_identifier`)",
                cloudformation="set `DeletionPolicy: Snapshot` and `UpdateReplacePolicy: Snapshot`",
            ),
            "RSL203": Say(
                terraform="add cluster instances that name it in `cluster_identifier`, {tier.min_replicas} or more",
                cloudformation="add instances that name it in `DBClusterIdentifier`, {tier.min_replicas} or more",
            ),
            "RSL501": Set({"backup_retention": MIN_BACKUP_DAYS}),
            "RSL503": Say(
                terraform="make it a member of a global cluster (`global_cluster_identifier`) with a "
                "secondary in another region",
                cloudformation="make it a member of an `AWS::RDS::GlobalCluster` (`GlobalClusterIdentifier`) "
                "with a secondary in another region",
            ),
        },
    ),
    Kind(
        "cache",
        Role.CACHE,
        ("aws_elasticache_replication_group",),
        ("AWS::ElastiCache::ReplicationGroup",),
        {
            "automatic_failover": _f("automatic_failover_enabled", "AutomaticFailoverEnabled"),
            "multi_az": _f("multi_az_enabled", "MultiAZEnabled"),
            "node_groups": _f("num_node_groups", "NumNodeGroups"),
            "replicas_per_group": _f("replicas_per_node_group", "ReplicasPerNodeGroup"),
            "cache_clusters": _f("num_cache_clusters", "NumCacheClusters"),
            "engine": _f("engine", "Engine"),
            "snapshot_retention": _f("snapshot_retention_limit", "SnapshotRetentionLimit"),
        },
        _cache,
        fixes={
            "RSL103": Set({"automatic_failover": True, "multi_az": True}),
            "RSL203": Set({"cache_clusters": MIN_REPLICAS}),
            "RSL501": Set({"snapshot_retention": MIN_BACKUP_DAYS}),
        },
    ),
    Kind(
        "cache_cluster",
        Role.CACHE,
        ("aws_elasticache_cluster",),
        ("AWS::ElastiCache::CacheCluster",),
        {
            "replication_group": _f("replication_group_id", None),
            "engine": _f("engine", "Engine"),
            # Memcached only; omitted with no preferred zones: single-az (CreateCacheCluster AZMode).
            "az_mode": _f("az_mode", "AZMode"),
            "preferred_zones": _f("preferred_availability_zones", "PreferredAvailabilityZones"),
            "nodes": _f("num_cache_nodes", "NumCacheNodes"),
            # Redis/Valkey only; default 0, no automatic snapshots (CreateCacheCluster SnapshotRetentionLimit).
            "snapshot_retention": _f("snapshot_retention_limit", "SnapshotRetentionLimit"),
        },
        _cache_cluster,
        fixes={
            "RSL103": Say(
                terraform='Memcached: `az_mode = "cross-az"`; Redis or Valkey: an '
                "`aws_elasticache_replication_group` with a replica and `multi_az_enabled = true` instead",
                cloudformation="Memcached: `AZMode: cross-az`; Redis or Valkey: an "
                "`AWS::ElastiCache::ReplicationGroup` with a replica and `MultiAZEnabled: true` instead",
            ),
            "RSL203": Say(
                terraform="Memcached: `num_cache_nodes` of {tier.min_replicas} or more; Redis or Valkey: an "
                "`aws_elasticache_replication_group` with `num_cache_clusters` of {tier.min_replicas} or more",
                cloudformation="Memcached: `NumCacheNodes` of {tier.min_replicas} or more; Redis or Valkey: an "
                "`AWS::ElastiCache::ReplicationGroup` with `NumCacheClusters` of {tier.min_replicas} or more",
            ),
            "RSL501": Set({"snapshot_retention": MIN_BACKUP_DAYS}),
        },
    ),
    Kind(
        "redshift",
        Role.DATABASE,
        ("aws_redshift_cluster",),
        ("AWS::Redshift::Cluster",),
        {
            # CreateCluster: single-node unless NumberOfNodes > 1 (default 1).
            "cluster_type": _f("cluster_type", "ClusterType"),
            "nodes": _f("number_of_nodes", "NumberOfNodes"),
            # Default false; Multi-AZ needs RA3 nodes.
            "multi_az": _f("multi_az", "MultiAZ"),
            # Default 1 day; 0 disables automated snapshots.
            "snapshot_retention": _f("automated_snapshot_retention_period", "AutomatedSnapshotRetentionPeriod"),
            # Cross-region snapshot copy: a block (or an aws_redshift_snapshot_copy), DestinationRegion.
            "snapshot_copy": _f("snapshot_copy", "DestinationRegion"),
            "skip_final_snapshot": _f("skip_final_snapshot", None),
        },
        _redshift,
        fixes={
            "RSL902": Say(
                terraform="remove `skip_final_snapshot = true` (keep a final snapshot, named by "
                "`final_snapshot_identifier`)",
                cloudformation="set `DeletionPolicy: Snapshot` and `UpdateReplacePolicy: Snapshot`",
            ),
            "RSL103": Say(
                terraform="set `multi_az = true` (RA3 node types)",
                cloudformation="set `MultiAZ: true` (RA3 node types)",
            ),
            "RSL203": Set({"cluster_type": "multi-node", "nodes": MIN_REPLICAS}),
            "RSL501": Set({"snapshot_retention": MIN_BACKUP_DAYS}),
            "RSL503": (
                Say(
                    terraform="add an `aws_redshift_snapshot_copy` (or a `snapshot_copy` block) with a "
                    "`destination_region` in another region"
                ),
                Set({"snapshot_copy": Blank("another region")}),
            ),
        },
    ),
    Kind(
        "msk",
        Role.MESSAGING,
        ("aws_msk_cluster",),
        ("AWS::MSK::Cluster",),
        {
            # Brokers are spread evenly over the zones of these subnets; the API asks for two or three
            # in distinct zones, so this mostly confirms what it enforces.
            "subnets": _f("broker_node_group_info.client_subnets", "BrokerNodeGroupInfo.ClientSubnets"),
        },
        _subnet_zones,
        fixes={
            "RSL103": Say(
                terraform="list `client_subnets` in {tier.min_zones} or more distinct zones",
                cloudformation="list `ClientSubnets` in {tier.min_zones} or more distinct zones",
            ),
        },
    ),
    Kind(
        "serverless_search",
        Role.SEARCH,
        ("aws_opensearchserverless_collection",),
        ("AWS::OpenSearchServerless::Collection",),
        {
            # Default ENABLED: replicas in a standby zone; DISABLED keeps one zone (CreateCollection).
            "standby": _f("standby_replicas", "StandbyReplicas"),
        },
        _serverless_search,
        fixes={"RSL103": Set({"standby": "ENABLED"})},
    ),
    Kind(
        "search",
        Role.SEARCH,
        ("aws_opensearch_domain", "aws_elasticsearch_domain"),
        ("AWS::OpenSearchService::Domain",),
        {
            "zone_awareness": _f("cluster_config.zone_awareness_enabled", "ClusterConfig.ZoneAwarenessEnabled"),
        },
        _search,
        fixes={"RSL103": Set({"zone_awareness": True})},
    ),
    Kind(
        "search_legacy_cfn",
        Role.SEARCH,
        (),
        ("AWS::Elasticsearch::Domain",),  # its cluster settings have their own name in CloudFormation
        {
            "zone_awareness": _f(None, "ElasticsearchClusterConfig.ZoneAwarenessEnabled"),
        },
        _search,
        fixes={"RSL103": Set({"zone_awareness": True})},
    ),
    Kind(
        "broker",
        Role.MESSAGING,
        ("aws_mq_broker",),
        ("AWS::AmazonMQ::Broker",),
        {
            "deployment_mode": _f("deployment_mode", "DeploymentMode"),
        },
        _broker,
        fixes={"RSL103": Set({"deployment_mode": "ACTIVE_STANDBY_MULTI_AZ"})},
    ),
    Kind(
        "fsx",
        Role.STORAGE,
        ("aws_fsx_windows_file_system", "aws_fsx_ontap_file_system", "aws_fsx_openzfs_file_system"),
        (),
        {
            "deployment_type": _f("deployment_type", None),
        },
        _fsx,
        fixes={"RSL103": Set({"deployment_type": "MULTI_AZ_1"})},
    ),
    Kind(
        "fsx_cfn",
        Role.STORAGE,
        (),
        ("AWS::FSx::FileSystem",),
        {
            "file_system_type": _f(None, "FileSystemType"),
            "WINDOWS": _f(None, "WindowsConfiguration.DeploymentType"),
            "ONTAP": _f(None, "OntapConfiguration.DeploymentType"),
            "OPENZFS": _f(None, "OpenZFSConfiguration.DeploymentType"),
        },
        _fsx_cfn,
        fixes={
            "RSL103": Say(
                cloudformation="set the `DeploymentType` of its `WindowsConfiguration`, "
                "`OntapConfiguration` or `OpenZFSConfiguration` to a Multi-AZ type (`MULTI_AZ_1`)"
            ),
        },
    ),
    Kind(
        "efs",
        Role.STORAGE,
        ("aws_efs_file_system",),
        ("AWS::EFS::FileSystem",),
        {
            "one_zone": _f("availability_zone_name", "AvailabilityZoneName"),
            "backup_policy": _f(None, "BackupPolicy.Status"),
            "replication": _f(None, "ReplicationConfiguration"),
        },
        restorable(_efs, selected_by_plan),
        tags={Format.CLOUDFORMATION: ("FileSystemTags",)},
        fixes={
            "RSL506": _restore_test("EFS"),
            "RSL902": Say(cloudformation="set `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`"),
            "RSL103": Say(
                terraform="remove `availability_zone_name` (a Regional file system)",
                cloudformation="remove `AvailabilityZoneName` (a Regional file system)",
            ),
            "RSL501": (
                Set({"backup_policy": "ENABLED"}),
                Say(terraform='add an `aws_efs_backup_policy` with `backup_policy { status = "ENABLED" }`'),
            ),
            "RSL503": Say(
                terraform="add an `aws_efs_replication_configuration` to another region",
                cloudformation="add a `ReplicationConfiguration` with a destination in another region",
            ),
        },
    ),
    Kind(
        "autoscaling_group",
        Role.WORKLOAD,
        ("aws_autoscaling_group",),
        ("AWS::AutoScaling::AutoScalingGroup",),
        {
            "min_size": _f("min_size", "MinSize"),
            "desired_capacity": _f("desired_capacity", "DesiredCapacity"),
            "zones": _f("availability_zones", "AvailabilityZones"),
            "subnets": _f("vpc_zone_identifier", "VPCZoneIdentifier"),
            "target_groups": _f("target_group_arns", "TargetGroupARNs"),
            "load_balancers": _f("load_balancers", "LoadBalancerNames"),
            "health_check_type": _f("health_check_type", "HealthCheckType"),
        },
        _asg,
        fixes={
            "RSL201": Set({"min_size": MIN_REPLICAS}),
            "RSL102": Say(
                terraform="list subnets in {tier.min_zones} or more zones in `vpc_zone_identifier`",
                cloudformation="list subnets in {tier.min_zones} or more zones in `VPCZoneIdentifier`",
            ),
            "RSL304": Set({"health_check_type": "ELB"}),
        },
    ),
    Kind(
        "node_group",
        Role.WORKLOAD,
        ("aws_eks_node_group",),
        ("AWS::EKS::Nodegroup",),
        {
            "min_size": _f("scaling_config.min_size", "ScalingConfig.MinSize"),
            "subnets": _f("subnet_ids", "Subnets"),
        },
        _node_group,
        fixes={
            "RSL201": Set({"min_size": MIN_REPLICAS}),
            "RSL102": Say(
                terraform="list subnets in {tier.min_zones} or more zones in `subnet_ids`",
                cloudformation="list subnets in {tier.min_zones} or more zones in `Subnets`",
            ),
        },
    ),
    Kind(
        "ecs_service",
        Role.WORKLOAD,
        ("aws_ecs_service",),
        ("AWS::ECS::Service",),
        {
            "desired_count": _f("desired_count", "DesiredCount"),
            "scheduling_strategy": _f("scheduling_strategy", "SchedulingStrategy"),
            "subnets": _f("network_configuration.subnets", "NetworkConfiguration.AwsvpcConfiguration.Subnets"),
            "load_balancers": _f("load_balancer", "LoadBalancers"),
            "task_definition": _f("task_definition", "TaskDefinition"),
            # Default 100 (percent of desired tasks kept running during a rolling update).
            "min_healthy": _f("deployment_minimum_healthy_percent", "DeploymentConfiguration.MinimumHealthyPercent"),
            "deployment_controller": _f("deployment_controller.type", "DeploymentController.Type"),
            # Off unless stated (ECS DeploymentCircuitBreaker, DeploymentAlarms): a failing deployment
            # then keeps replacing tasks and never returns to the last working one.
            "breaker": _f("deployment_circuit_breaker", "DeploymentConfiguration.DeploymentCircuitBreaker"),
            "breaker_enable": _f(
                "deployment_circuit_breaker.enable", "DeploymentConfiguration.DeploymentCircuitBreaker.Enable"
            ),
            "breaker_rollback": _f(
                "deployment_circuit_breaker.rollback", "DeploymentConfiguration.DeploymentCircuitBreaker.Rollback"
            ),
            "alarms_enable": _f("alarms.enable", "DeploymentConfiguration.Alarms.Enable"),
            "alarms_rollback": _f("alarms.rollback", "DeploymentConfiguration.Alarms.Rollback"),
            # Read on the service's task definition (aws_ecs_task_definition / AWS::ECS::TaskDefinition):
            # each essential container's healthCheck (ECS HealthCheck API; essential defaults to true).
            "family": _f("family", "Family"),
            "containers": _f("container_definitions", "ContainerDefinitions"),
            # Read by aws/scaling.py to match a scalable target's ``service/<cluster>/<name>``.
            "name": SCALING_FIELDS["service_name"],
            "cluster": SCALING_FIELDS["cluster"],
        },
        _ecs_service,
        fixes={
            "RSL201": Set({"desired_count": MIN_REPLICAS}),
            "RSL102": Say(
                terraform="list subnets in {tier.min_zones} or more zones in `network_configuration.subnets`",
                cloudformation="list subnets in {tier.min_zones} or more zones in "
                "`NetworkConfiguration.AwsvpcConfiguration.Subnets`",
            ),
            "RSL701": Set({"min_healthy": 50}),
            "RSL702": Say(
                terraform="add `deployment_circuit_breaker { enable = true, rollback = true }`",
                cloudformation="set `DeploymentConfiguration: {DeploymentCircuitBreaker: "
                "{Enable: true, Rollback: true}}`",
            ),
            "RSL302": Say(
                terraform="give each essential container that no target group checks a `healthCheck` in the task "
                "definition's `container_definitions`",
                cloudformation="give each essential container that no target group checks a `HealthCheck` in the "
                "task definition's `ContainerDefinitions`",
            ),
        },
    ),
    Kind(
        "instance",
        Role.WORKLOAD,
        ("aws_instance",),
        ("AWS::EC2::Instance",),
        {},
        instance,
        fixes={
            "RSL201": Say(
                terraform="run {tier.min_replicas} or more copies in an `aws_autoscaling_group` behind a load balancer",
                cloudformation="run {tier.min_replicas} or more copies in an `AWS::AutoScaling::AutoScalingGroup` "
                "behind a load balancer",
            ),
        },
    ),
    Kind(
        "scalable_target",
        Role.AUTOSCALER,
        ("aws_appautoscaling_target",),
        ("AWS::ApplicationAutoScaling::ScalableTarget",),
        {name: SCALING_FIELDS[name] for name in ("min_capacity", "resource_id", "dimension")},
        fill_scalable_target,
        fixes={"RSL202": Set({"min_capacity": MIN_REPLICAS})},
    ),
    Kind(
        "load_balancer",
        Role.LOAD_BALANCER,
        ("aws_lb", "aws_alb", "aws_elb"),
        ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer"),
        {
            "subnets": _f("subnets", "Subnets"),
            "subnet_mappings": _f("subnet_mapping", "SubnetMappings"),
            "zones": _f("availability_zones", "AvailabilityZones"),
            "health_check": _f("health_check", "HealthCheck"),
            "listeners": _f("listener", "Listeners"),
            # Application, Network and Gateway Load Balancers; default false. Classic ones have none.
            "deletion_protection": _f("enable_deletion_protection", "LoadBalancerAttributes"),
        },
        watched(_load_balancer),
        fixes={
            "RSL001": _symptom_alarm(
                "`HTTPCode_Target_5XX_Count`, `UnHealthyHostCount` or `TargetResponseTime` (a classic load "
                "balancer's `HTTPCode_Backend_5XX` or `Latency` in `AWS/ELB`)",
                "AWS/ApplicationELB",
                "LoadBalancer",
                "arn_suffix",
            ),
            "RSL901": (
                Say(
                    cloudformation='add `{Key: deletion_protection.enabled, Value: "true"}` to `LoadBalancerAttributes`'
                ),
                Set({"deletion_protection": True}),
            ),
            "RSL102": Say(
                terraform="list subnets in {tier.min_zones} or more zones in `subnets`",
                cloudformation="list subnets in {tier.min_zones} or more zones in `Subnets`",
            ),
            "RSL401": Say(
                terraform="give each `listener` an ACM certificate (`aws_acm_certificate` with "
                '`validation_method = "DNS"`) as `ssl_certificate_id`',
                cloudformation="give each of its `Listeners` an ACM certificate "
                "(`ValidationMethod: DNS`) as `SSLCertificateId`",
            ),
        },
    ),
    Kind(
        "target_group",
        Role.TARGET_GROUP,
        ("aws_lb_target_group", "aws_alb_target_group"),
        ("AWS::ElasticLoadBalancingV2::TargetGroup",),
        {
            "target_type": _f("target_type", "TargetType"),
            "health_check_enabled": _f("health_check.enabled", "HealthCheckEnabled"),
        },
        _target_group,
        fixes={"RSL303": Set({"health_check_enabled": True})},
    ),
    Kind(
        "listener",
        Role.TLS_ENDPOINT,
        ("aws_lb_listener", "aws_alb_listener", "aws_lb_listener_certificate"),
        ("AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerCertificate"),
        {
            "certificates": _f("certificate_arn", "Certificates"),
        },
        _listener,
        fixes={
            "RSL401": Say(
                terraform="set `certificate_arn` to a certificate ACM issues (`aws_acm_certificate` with "
                '`validation_method = "DNS"`)',
                cloudformation="name a certificate ACM issues (`ValidationMethod: DNS`) in `Certificates`",
            ),
        },
    ),
    Kind(
        "dns_record",
        Role.DNS_RECORD,
        ("aws_route53_record",),
        ("AWS::Route53::RecordSet",),
        {
            "failover": _f("failover_routing_policy", "Failover"),
            "failover_type": _f("failover_routing_policy.type", "Failover"),
            "weighted": _f("weighted_routing_policy", "Weight"),
            "latency": _f("latency_routing_policy", "Region"),
            "geolocation": _f("geolocation_routing_policy", "GeoLocation"),
            "multivalue": _f("multivalue_answer_routing_policy", "MultiValueAnswer"),
            "health_check": _f("health_check_id", "HealthCheckId"),
            "alias_evaluates_health": _f("alias.evaluate_target_health", "AliasTarget.EvaluateTargetHealth"),
            # Records for one name, type and zone are the answers DNS chooses between.
            "name": _f("name", "Name"),
            "type": _f("type", "Type"),
            "zone": _f("zone_id", "HostedZoneId"),
            "zone_name": _f(None, "HostedZoneName"),
            "alias_target": _f("alias.name", "AliasTarget.DNSName"),
            "alias_zone": _f("alias.zone_id", "AliasTarget.HostedZoneId"),
        },
        _dns_record,
        fixes={
            "RSL806": Say(
                terraform="serve the name from two regions: a `failover_routing_policy` PRIMARY record with a "
                "`health_check_id` and a SECONDARY record for the same name pointing at an endpoint in another region "
                "(or latency records, one per region, each health-checked)",
                cloudformation="serve the name from two regions: a `Failover: PRIMARY` record with a `HealthCheckId` "
                "and a `Failover: SECONDARY` record for the same name pointing at an endpoint in another region "
                "(or latency records, one per region, each health-checked)",
            ),
            "RSL305": Say(
                terraform="set `health_check_id`, or use an `alias` with `evaluate_target_health = true`",
                cloudformation="set `HealthCheckId`, or use an `AliasTarget` with `EvaluateTargetHealth: true`",
            ),
        },
    ),
    Kind(
        "nat_gateway",
        Role.NETWORK,
        ("aws_nat_gateway",),
        ("AWS::EC2::NatGateway",),
        {},
        _nat_gateway,
        fixes={
            "RSL104": Say(
                terraform="create one `aws_nat_gateway` per zone and route each zone's subnets to its own",
                cloudformation="create one `AWS::EC2::NatGateway` per zone and route each zone's subnets to its own",
            ),
        },
    ),
    Kind(
        "acm_certificate",
        Role.CERTIFICATE,
        ("aws_acm_certificate",),
        ("AWS::CertificateManager::Certificate",),
        {
            "private_key": _f("private_key", None),
            "certificate_body": _f("certificate_body", None),
            "validation_method": _f("validation_method", "ValidationMethod"),
            "private_authority": _f("certificate_authority_arn", "CertificateAuthorityArn"),
        },
        _acm_certificate,
        fixes={
            "RSL401": Say(
                terraform='request it from ACM (`domain_name` with `validation_method = "DNS"`) '
                "instead of importing it",
                cloudformation="request it from ACM with `ValidationMethod: DNS`",
            ),
        },
    ),
    Kind(
        "iam_certificate",
        Role.CERTIFICATE,
        ("aws_iam_server_certificate",),
        ("AWS::IAM::ServerCertificate",),
        {},
        _iam_certificate,
        fixes={
            "RSL401": Say(
                terraform='use an `aws_acm_certificate` with `validation_method = "DNS"` instead',
                cloudformation="use an `AWS::CertificateManager::Certificate` with `ValidationMethod: DNS` instead",
            ),
        },
    ),
    Kind(
        "api_domain",
        Role.TLS_ENDPOINT,
        ("aws_api_gateway_domain_name",),
        ("AWS::ApiGateway::DomainName",),
        {
            # Edge-optimized domains may upload a PEM certificate instead of naming an ACM or IAM one.
            "certificate_body": _f("certificate_body", None),
            "certificate": _f("certificate_arn", "CertificateArn"),
            "regional_certificate": _f("regional_certificate_arn", "RegionalCertificateArn"),
        },
        _api_domain,
        fixes={
            "RSL401": Say(
                terraform='serve an `aws_acm_certificate` with `validation_method = "DNS"` instead',
                cloudformation="serve an `AWS::CertificateManager::Certificate` with `ValidationMethod: DNS` instead",
            ),
        },
    ),
    Kind(
        "api_domain_v2",
        Role.TLS_ENDPOINT,
        ("aws_apigatewayv2_domain_name",),
        ("AWS::ApiGatewayV2::DomainName",),
        {
            "certificate_body": _f(None, None),
            "certificate": _f("domain_name_configuration.certificate_arn", "DomainNameConfigurations"),
            "regional_certificate": _f(None, None),
        },
        _api_domain,
        fixes={
            "RSL401": Say(
                terraform='serve an `aws_acm_certificate` with `validation_method = "DNS"` instead',
                cloudformation="serve an `AWS::CertificateManager::Certificate` with `ValidationMethod: DNS` instead",
            ),
        },
    ),
    Kind(
        "cloudfront",
        Role.CDN,
        ("aws_cloudfront_distribution",),
        ("AWS::CloudFront::Distribution",),
        {
            "iam_certificate": _f(
                "viewer_certificate.iam_certificate_id", "DistributionConfig.ViewerCertificate.IamCertificateId"
            ),
        },
        _cloudfront,
        fixes={
            "RSL401": Say(
                terraform="use an ACM certificate: `viewer_certificate { acm_certificate_arn = ... }`",
                cloudformation="use an ACM certificate: "
                "`DistributionConfig: {ViewerCertificate: {AcmCertificateArn: ...}}`",
            ),
        },
    ),
    Kind(
        "dynamodb",
        Role.DATABASE,
        ("aws_dynamodb_table",),
        ("AWS::DynamoDB::Table",),
        {
            "point_in_time": _f(
                "point_in_time_recovery.enabled", "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled"
            ),
            "replicas": _f("replica", "Replicas"),
            "deletion_protection": _f("deletion_protection_enabled", "DeletionProtectionEnabled"),
        },
        watched(restorable(_dynamodb, selected_by_plan)),
        fixes={
            "RSL506": _restore_test("DynamoDB"),
            "RSL001": _symptom_alarm(
                "`ThrottledRequests`, `SystemErrors` or `SuccessfulRequestLatency`", "AWS/DynamoDB", "TableName", "name"
            ),
            "RSL901": Set({"deletion_protection": True}),
            "RSL902": Say(cloudformation="set `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`"),
            "RSL502": Set({"point_in_time": True}),
            "RSL503": Say(
                terraform="add a `replica` block in another region",
                cloudformation="use an `AWS::DynamoDB::GlobalTable` with a replica in another region",
            ),
        },
    ),
    Kind(
        "dynamodb_global_cfn",
        Role.DATABASE,
        (),
        ("AWS::DynamoDB::GlobalTable",),  # point-in-time recovery is set per replica
        {
            "replicas": _f(None, "Replicas"),
        },
        watched(restorable(_global_table, selected_by_plan)),
        fixes={
            "RSL506": _restore_test("DynamoDB"),
            "RSL001": _symptom_alarm(
                "`ThrottledRequests`, `SystemErrors` or `SuccessfulRequestLatency`", "AWS/DynamoDB", "TableName", "name"
            ),
            "RSL902": Say(cloudformation="set `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`"),
            "RSL502": Say(
                cloudformation="set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` "
                "on every entry of `Replicas`"
            ),
            "RSL503": Say(cloudformation="add a replica in another region to `Replicas`"),
        },
    ),
    Kind(
        "simple_table",
        Role.DATABASE,
        (),
        ("AWS::Serverless::SimpleTable",),
        {},
        _simple_table,
        fixes={
            "RSL502": Say(
                cloudformation="use an `AWS::DynamoDB::Table` with "
                "`PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}`"
            ),
        },
    ),
    Kind(
        "bucket",
        Role.STORAGE,
        ("aws_s3_bucket",),
        ("AWS::S3::Bucket",),
        {
            "versioning": _f("versioning.enabled", "VersioningConfiguration.Status"),
            "replication": _f("replication_configuration", "ReplicationConfiguration"),
            # A rule with Status Disabled replicates nothing.
            "replication_rules": _f("replication_configuration.rules", "ReplicationConfiguration.Rules"),
            # Default false: a bucket that holds objects cannot be destroyed.
            "force_destroy": _f("force_destroy", None),
        },
        restorable(_bucket, selected_by_plan),
        fixes={
            "RSL506": _restore_test("S3"),
            "RSL902": Say(terraform="remove `force_destroy = true`, or add `lifecycle { prevent_destroy = true }`"),
            # Terraform's inline `versioning` block is deprecated: the fix is the separate resource.
            "RSL504": (
                Say(
                    terraform='add an `aws_s3_bucket_versioning` with `versioning_configuration { status = "Enabled" }`'
                ),
                Set({"versioning": "Enabled"}),
            ),
            "RSL503": Say(
                terraform="add an `aws_s3_bucket_replication_configuration` to a bucket in another region",
                cloudformation="add a `ReplicationConfiguration` to a bucket in another region",
            ),
        },
    ),
    Kind(
        "backup_plan",
        Role.BACKUP_PLAN,
        ("aws_backup_plan",),
        ("AWS::Backup::BackupPlan",),
        {
            "rules": _f("rule", "BackupPlan.BackupPlanRule"),
        },
        _backup_plan,
        tags={Format.CLOUDFORMATION: ("BackupPlan.BackupPlanTags",)},
        fixes={
            "RSL503": Say(
                terraform="add a `copy_action` to another region's vault in every `rule`",
                cloudformation="add `CopyActions` to another region's vault in every `BackupPlanRule`",
            ),
            "RSL507": Say(
                terraform="add a `rule` whose `schedule` runs at least every {tier.rpo_minutes} minutes "
                "(`cron(0 * ? * * *)` is hourly), or `enable_continuous_backup = true`",
                cloudformation="add a `BackupPlanRule` whose `ScheduleExpression` runs at least every "
                "{tier.rpo_minutes} minutes (`cron(0 * ? * * *)` is hourly), or "
                "`EnableContinuousBackup: true`",
            ),
        },
    ),
    Kind(
        "backup_vault",
        Role.BACKUP_PLAN,
        ("aws_backup_vault",),
        ("AWS::Backup::BackupVault",),
        {
            "name": _f("name", "BackupVaultName"),
            # Terraform: an aws_backup_vault_lock_configuration naming the vault.
            "lock": _f(None, "LockConfiguration"),
        },
        fill_vault,
        tags={Format.CLOUDFORMATION: ("BackupVaultTags",)},
        fixes={
            "RSL505": Say(
                terraform="add an `aws_backup_vault_lock_configuration` with `backup_vault_name` set to it "
                "(`changeable_for_days` makes it a compliance-mode lock nobody can remove)",
                cloudformation="add a `LockConfiguration` with `MinRetentionDays` (`ChangeableForDays` makes it a "
                "compliance-mode lock nobody can remove)",
            ),
        },
    ),
    Kind(
        "secret",
        Role.SECRET,
        ("aws_secretsmanager_secret",),
        ("AWS::SecretsManager::Secret",),
        {
            # Each replica is a copy in another region (CreateSecret AddReplicaRegions); none by default.
            "replicas": _f("replica", "ReplicaRegions"),
        },
        fill_secret,
        fixes={
            "RSL804": Say(
                terraform='add a `replica { region = "..." }` block in another region',
                cloudformation="add `ReplicaRegions: [{Region: ...}]` with another region",
            ),
        },
    ),
    Kind(
        "kms_key",
        Role.KEY,
        ("aws_kms_key",),
        ("AWS::KMS::Key",),
        {
            # Default false (CreateKey MultiRegion); cannot be changed on an existing key.
            "multi_region": _f("multi_region", "MultiRegion"),
        },
        fill_key,
        fixes={
            # Not a Set: turning multi_region on replaces the key, and data encrypted under the old
            # key is lost when it is deleted.
            "RSL805": Say(
                terraform="give each copy a key in its own region, or use a multi-Region key (`multi_region = true`, "
                "a new key: changing it replaces this one) and name its `aws_kms_replica_key` for the copy",
                cloudformation="give each copy a key in its own region, or use a multi-Region key "
                "(`MultiRegion: true`, a new key: changing it replaces this one) and name its "
                "`AWS::KMS::ReplicaKey` for the copy",
            ),
        },
    ),
    Kind(
        "kms_replica_key",
        Role.KEY,
        ("aws_kms_replica_key",),
        ("AWS::KMS::ReplicaKey",),
        {"primary": _f("primary_key_arn", "PrimaryKeyArn")},
        fill_replica_key,
    ),
    Kind(
        "dns_health_check",
        Role.HEALTH_CHECK,
        ("aws_route53_health_check",),
        ("AWS::Route53::HealthCheck",),
        {
            # Both default false (HealthCheckConfig Disabled, Inverted).
            "disabled": _f("disabled", "HealthCheckConfig.Disabled"),
            "inverted": _f("invert_healthcheck", "HealthCheckConfig.Inverted"),
        },
        fill_health_check,
        fixes={
            "RSL306": Say(
                terraform="remove `disabled = true` and `invert_healthcheck = true`",
                cloudformation="remove `Disabled: true` and `Inverted: true` from `HealthCheckConfig`",
            ),
        },
    ),
    Kind(
        "network_gateway",
        Role.NETWORK,
        ("aws_vpn_gateway", "aws_ec2_transit_gateway"),
        ("AWS::EC2::VPNGateway", "AWS::EC2::TransitGateway"),
        {},
        fill_network_links,
        fixes={
            "RSL807": Say(
                terraform="add a second link that fails independently: an `aws_vpn_connection` to another "
                "`aws_customer_gateway` (another device or site), or a Direct Connect connection at another location",
                cloudformation="add a second link that fails independently: an `AWS::EC2::VPNConnection` to another "
                "`AWS::EC2::CustomerGateway` (another device or site), or a Direct Connect connection at another "
                "location",
            ),
        },
    ),
    Kind(
        "queue",
        Role.MESSAGING,
        ("aws_sqs_queue",),
        ("AWS::SQS::Queue",),
        {"name": _f("name", "QueueName")},
        fill_symptom_alarm,
        fixes={
            "RSL001": _symptom_alarm(
                "`ApproximateAgeOfOldestMessage` or `ApproximateNumberOfMessagesVisible`",
                "AWS/SQS",
                "QueueName",
                "name",
            ),
        },
    ),
    Kind(
        "deployment_group",
        Role.DEPLOYMENT,
        ("aws_codedeploy_deployment_group",),
        ("AWS::CodeDeploy::DeploymentGroup",),
        {
            "rollback": _f("auto_rollback_configuration", "AutoRollbackConfiguration"),
            "rollback_enabled": _f("auto_rollback_configuration.enabled", "AutoRollbackConfiguration.Enabled"),
            "rollback_events": _f("auto_rollback_configuration.events", "AutoRollbackConfiguration.Events"),
        },
        _deployment_group,
        fixes={
            "RSL702": Say(
                terraform='add `auto_rollback_configuration { enabled = true, events = ["DEPLOYMENT_FAILURE"] }`',
                cloudformation="set `AutoRollbackConfiguration: {Enabled: true, Events: [DEPLOYMENT_FAILURE]}`",
            ),
        },
    ),
    Kind(
        "ebs_volume",
        Role.STORAGE,
        ("aws_ebs_volume",),
        ("AWS::EC2::Volume",),
        {"final_snapshot": _f("final_snapshot", None)},
        _ebs_volume,
        fixes={
            "RSL902": (
                Set({"final_snapshot": True}),
                Say(cloudformation="set `DeletionPolicy: Snapshot` and `UpdateReplacePolicy: Snapshot`"),
            ),
        },
    ),
    Kind(
        "metric_alarm",
        Role.ALARM,
        ("aws_cloudwatch_metric_alarm",),
        ("AWS::CloudWatch::Alarm",),
        {
            "name": _f("alarm_name", "AlarmName"),
            # Without actions an alarm only changes colour on a dashboard; actions_enabled false mutes them.
            "actions": _f("alarm_actions", "AlarmActions"),
            "actions_enabled": _f("actions_enabled", "ActionsEnabled"),
        },
        fill_alarm,
        fixes={
            "RSL002": Say(
                terraform="add `alarm_actions` naming an SNS topic someone is subscribed to (and leave "
                "`actions_enabled` true)",
                cloudformation="add `AlarmActions` naming an SNS topic someone is subscribed to (and leave "
                "`ActionsEnabled` true)",
            ),
        },
    ),
)
