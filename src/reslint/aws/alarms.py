"""Alarms on symptoms: which CloudWatch alarms of a configuration watch a load balancer, database or
queue, on which metric, and whether anyone hears them.

An alarm names what it watches by a namespace and dimensions (``AWS/ApplicationELB`` and
``LoadBalancer = aws_lb.web.arn_suffix``). A dimension is resolved to a resource of the same
configuration (a Terraform root module, a CloudFormation template) by reference, or by value: the
literal name the resource states. A dimension, namespace or metric that cannot be known statically,
or an alarm that may not exist (a count or Condition that cannot be decided), makes the answer
unknown, never a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reslint.clouds.view import as_list, lookup, truthy
from reslint.model import UNKNOWN, Fact, Format, Reference, Unknown

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from reslint.clouds.index import CloudIndex
    from reslint.clouds.kind import FactFiller
    from reslint.clouds.view import Record, View
    from reslint.model import Facts

ALARMS = ("aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm")

#: The metrics that show a failure as its users feel it, or one about to happen: errors, unhealthy
#: targets, latency, saturation (CPU, memory, storage, connections, throttling), replication lag,
#: and work waiting. Traffic volumes (``RequestCount``, ``NumberOfMessagesSent``) are not symptoms:
#: they move with demand, not with failure. The rule pages list them (rules/RSL001.yaml).
SYMPTOMS: dict[str, frozenset[str]] = {
    "AWS/ApplicationELB": frozenset(
        {
            "HTTPCode_Target_5XX_Count",
            "HTTPCode_ELB_5XX_Count",
            "HTTPCode_ELB_502_Count",
            "HTTPCode_ELB_503_Count",
            "HTTPCode_ELB_504_Count",
            "UnHealthyHostCount",
            "HealthyHostCount",
            "TargetResponseTime",
            "TargetConnectionErrorCount",
            "RejectedConnectionCount",
        }
    ),
    "AWS/NetworkELB": frozenset(
        {"UnHealthyHostCount", "HealthyHostCount", "TCP_Target_Reset_Count", "TCP_ELB_Reset_Count"}
    ),
    "AWS/GatewayELB": frozenset({"UnHealthyHostCount", "HealthyHostCount"}),
    "AWS/ELB": frozenset(
        {
            "HTTPCode_Backend_5XX",
            "HTTPCode_ELB_5XX",
            "UnHealthyHostCount",
            "HealthyHostCount",
            "Latency",
            "SurgeQueueLength",
            "SpilloverCount",
            "BackendConnectionErrors",
        }
    ),
    "AWS/RDS": frozenset(
        {
            "ReplicaLag",
            "AuroraReplicaLag",
            "AuroraReplicaLagMaximum",
            "FreeStorageSpace",
            "FreeLocalStorage",
            "CPUUtilization",
            "CPUCreditBalance",
            "BurstBalance",
            "FreeableMemory",
            "SwapUsage",
            "DatabaseConnections",
            "ReadLatency",
            "WriteLatency",
            "DiskQueueDepth",
            "Deadlocks",
        }
    ),
    "AWS/DocDB": frozenset(
        {
            "DBInstanceReplicaLag",
            "DBClusterReplicaLagMaximum",
            "FreeLocalStorage",
            "CPUUtilization",
            "FreeableMemory",
            "SwapUsage",
            "DatabaseConnections",
            "ReadLatency",
            "WriteLatency",
        }
    ),
    "AWS/Neptune": frozenset(
        {
            "ClusterReplicaLag",
            "ClusterReplicaLagMaximum",
            "FreeLocalStorage",
            "CPUUtilization",
            "FreeableMemory",
            "MainRequestQueuePendingRequests",
            "TotalServerErrorsPerSec",
        }
    ),
    "AWS/DynamoDB": frozenset(
        {
            "ThrottledRequests",
            "ReadThrottleEvents",
            "WriteThrottleEvents",
            "SystemErrors",
            "SuccessfulRequestLatency",
            "ReplicationLatency",
        }
    ),
    "AWS/SQS": frozenset({"ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible"}),
}


@dataclass(frozen=True)
class Watchable:
    """How alarms name one kind of resource: its namespaces, the dimension that names it, the
    setting holding its name (Terraform, CloudFormation), and the name a dimension's literal value
    carries (an ALB's ``app/<name>/<id>``)."""

    namespaces: Callable[[Record], tuple[str, ...] | Unknown]
    dimension: str
    name: tuple[str, str]
    literal: Callable[[str], str] = lambda value: value
    #: Cluster types: a dimension naming one of its instances (``DBInstanceIdentifier``) watches it too.
    members: tuple[str, ...] = ()


def _fixed(*namespaces: str) -> Callable[[Record], tuple[str, ...]]:
    return lambda record: namespaces


_ELBV2_NAMESPACES = {"APPLICATION": "AWS/ApplicationELB", "NETWORK": "AWS/NetworkELB", "GATEWAY": "AWS/GatewayELB"}


def _elbv2_namespaces(record: Record) -> tuple[str, ...] | Unknown:
    """A load balancer's namespace follows its type (``load_balancer_type``/``Type``, default application)."""
    kind = lookup(record.attributes, "load_balancer_type" if record.format is Format.TERRAFORM else "Type")
    kind = "application" if kind is None else kind
    if not isinstance(kind, str):
        return UNKNOWN
    namespace = _ELBV2_NAMESPACES.get(kind.upper())
    return (namespace,) if namespace else ()


def _arn_suffix_name(value: str) -> str:
    """The load balancer name in an ``arn_suffix`` / ``LoadBalancerFullName``: ``app/<name>/<id>``."""
    parts = value.split("/")
    return parts[1] if len(parts) == 3 else value


_RDS_MEMBERS = ("aws_rds_cluster_instance", "AWS::RDS::DBInstance")
_DOCDB_MEMBERS = ("aws_docdb_cluster_instance", "AWS::DocDB::DBInstance")
_NEPTUNE_MEMBERS = ("aws_neptune_cluster_instance", "AWS::Neptune::DBInstance")

WATCHABLE: dict[str, Watchable] = {
    **dict.fromkeys(
        ("aws_lb", "aws_alb", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
        Watchable(_elbv2_namespaces, "LoadBalancer", ("name", "Name"), _arn_suffix_name),
    ),
    **dict.fromkeys(
        ("aws_elb", "AWS::ElasticLoadBalancing::LoadBalancer"),
        Watchable(_fixed("AWS/ELB"), "LoadBalancerName", ("name", "LoadBalancerName")),
    ),
    **dict.fromkeys(
        ("aws_db_instance", "AWS::RDS::DBInstance"),
        Watchable(_fixed("AWS/RDS"), "DBInstanceIdentifier", ("identifier", "DBInstanceIdentifier")),
    ),
    **dict.fromkeys(
        ("aws_rds_cluster", "AWS::RDS::DBCluster"),
        Watchable(
            _fixed("AWS/RDS"),
            "DBClusterIdentifier",
            ("cluster_identifier", "DBClusterIdentifier"),
            members=_RDS_MEMBERS,
        ),
    ),
    **dict.fromkeys(
        ("aws_docdb_cluster", "AWS::DocDB::DBCluster"),
        Watchable(
            _fixed("AWS/DocDB"),
            "DBClusterIdentifier",
            ("cluster_identifier", "DBClusterIdentifier"),
            members=_DOCDB_MEMBERS,
        ),
    ),
    **dict.fromkeys(
        ("aws_neptune_cluster", "AWS::Neptune::DBCluster"),
        Watchable(
            _fixed("AWS/Neptune"),
            "DBClusterIdentifier",
            ("cluster_identifier", "DBClusterIdentifier"),
            members=_NEPTUNE_MEMBERS,
        ),
    ),
    **dict.fromkeys(
        ("aws_dynamodb_table", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"),
        Watchable(_fixed("AWS/DynamoDB"), "TableName", ("name", "TableName")),
    ),
    **dict.fromkeys(
        ("aws_sqs_queue", "AWS::SQS::Queue"),
        Watchable(_fixed("AWS/SQS"), "QueueName", ("name", "QueueName")),
    ),
}


@dataclass(frozen=True)
class Metric:
    """One metric an alarm evaluates: its namespace, name and dimensions (name -> value), each
    UNKNOWN when it cannot be known statically."""

    namespace: object
    name: object
    dimensions: dict[object, object] | Unknown


def metrics_of(alarm: Record) -> Iterator[Metric]:
    """The metrics an alarm evaluates: its own metric, or each metric of its metric math."""
    tf = alarm.format is Format.TERRAFORM
    queries = as_list(lookup(alarm.attributes, "metric_query" if tf else "Metrics"))
    if isinstance(queries, Unknown):
        yield Metric(UNKNOWN, UNKNOWN, UNKNOWN)
        return
    if queries:
        for query in queries:
            metric = lookup(query, "metric" if tf else "MetricStat.Metric")
            if isinstance(query, Unknown) or isinstance(metric, Unknown):
                yield Metric(UNKNOWN, UNKNOWN, UNKNOWN)
            elif metric is not None:  # an expression over the other queries adds no metric of its own
                yield _metric(metric, tf)
        return
    yield _metric(alarm.attributes, tf)


def _metric(body: object, tf: bool) -> Metric:
    namespace = lookup(body, "namespace" if tf else "Namespace")
    name = lookup(body, "metric_name" if tf else "MetricName")
    raw = lookup(body, "dimensions" if tf else "Dimensions")
    dimensions: dict[object, object] | Unknown
    if raw is None:
        dimensions = {}
    elif tf:
        dimensions = dict(raw) if isinstance(raw, dict) else UNKNOWN
    elif isinstance(raw, list):
        dimensions = {}
        for item in raw:
            if not isinstance(item, dict):
                return Metric(namespace, name, UNKNOWN)
            key = item.get("Name")
            dimensions[key if isinstance(key, str) else UNKNOWN] = item.get("Value")
    else:
        dimensions = UNKNOWN
    return Metric(namespace, name, dimensions)


def _name(record: Record, spec: Watchable) -> object:
    return lookup(record.attributes, spec.name[0] if record.format is Format.TERRAFORM else spec.name[1])


def _resolve(
    index: CloudIndex,
    alarm: Record,
    value: object,
    types: tuple[str, ...],
    *,
    name_of: Callable[[Record], object],
    literal: Callable[[str], str],
) -> tuple[list[Record], bool]:
    """The records of *types* a dimension *value* names, and whether another may be named
    undecidably (an unknown value, a reference outside the configuration, a literal beside a
    resource whose own name is unknown)."""
    if isinstance(value, Reference):
        targets = index.target(alarm, value)
        return targets, not targets
    if isinstance(value, str):
        wanted = literal(value)
        found, undecided = [], False
        for record in index.of_types(alarm, types):
            name = name_of(record)
            if isinstance(name, str) and name == wanted:
                found.append(record)
            elif isinstance(name, Unknown):
                undecided = True
        return found, undecided
    return [], True


def _watches(index: CloudIndex, alarm: Record, metric: Metric, target: Record, spec: Watchable) -> bool | Unknown:
    """Whether *metric* of *alarm* is about *target*."""
    namespaces = spec.namespaces(target)
    if isinstance(metric.namespace, str):
        if not isinstance(namespaces, Unknown) and metric.namespace not in namespaces:
            return False
    elif metric.namespace is None:
        return False  # a CloudWatch alarm needs a namespace; without one it watches nothing
    if isinstance(metric.dimensions, Unknown):
        return UNKNOWN
    if any(isinstance(key, Unknown) for key in metric.dimensions):
        return UNKNOWN
    verdicts: list[bool | Unknown] = []
    if spec.dimension in metric.dimensions:
        found, undecided = _resolve(
            index,
            alarm,
            metric.dimensions[spec.dimension],
            (target.type,),
            name_of=lambda r: _name(r, spec),
            literal=spec.literal,
        )
        verdicts.append(True if any(r is target for r in found) else UNKNOWN if undecided else False)
    if spec.members and "DBInstanceIdentifier" in metric.dimensions:
        found, undecided = _resolve(
            index,
            alarm,
            metric.dimensions["DBInstanceIdentifier"],
            spec.members,
            name_of=_instance_identifier,
            literal=lambda value: value,
        )
        members = [_member_of(index, member, target, spec) for member in found if member.type in spec.members]
        verdicts.append(True if True in members else UNKNOWN if undecided or UNKNOWN in members else False)
    if True in verdicts:
        return UNKNOWN if isinstance(metric.namespace, Unknown) or isinstance(namespaces, Unknown) else True
    return UNKNOWN if UNKNOWN in verdicts else False


def _instance_identifier(record: Record) -> object:
    return lookup(record.attributes, "identifier" if record.format is Format.TERRAFORM else "DBInstanceIdentifier")


def _member_of(index: CloudIndex, member: Record, cluster: Record, spec: Watchable) -> bool | Unknown:
    """Whether a cluster instance names *cluster* (by reference or by its literal identifier)."""
    value = lookup(
        member.attributes, "cluster_identifier" if member.format is Format.TERRAFORM else "DBClusterIdentifier"
    )
    if isinstance(value, Reference):
        targets = index.target(member, value)
        return any(t is cluster for t in targets) if targets else UNKNOWN
    if isinstance(value, str):
        name = _name(cluster, spec)
        return UNKNOWN if isinstance(name, Unknown) else value == name
    return UNKNOWN if isinstance(value, Unknown) else False


@dataclass(frozen=True)
class Watch:
    """An alarm that watches a resource, or may, on a metric that is a symptom or not."""

    alarm: Record
    metric: object
    symptom: bool | Unknown
    #: Its dimensions name the resource (False: they may, undecidably).
    named: bool

    @property
    def certain(self) -> bool:
        """It names the resource and certainly exists (no undecided count or Condition)."""
        return self.named and self.alarm.siblings is not None


def watches_of(index: CloudIndex, target: Record) -> Iterator[Watch]:
    """Every alarm of *target*'s configuration that watches it or may watch it."""
    spec = WATCHABLE.get(target.type)
    if spec is None:
        return
    for alarm in index.of_types(target, ALARMS):
        for metric in metrics_of(alarm):
            verdict = _watches(index, alarm, metric, target, spec)
            if verdict is False:
                continue
            namespace = metric.namespace
            if isinstance(metric.name, str) and isinstance(namespace, str):
                symptom: bool | Unknown = metric.name in SYMPTOMS.get(namespace, frozenset())
            else:
                symptom = UNKNOWN
            yield Watch(alarm, metric.name, symptom, verdict is True)


def fill_symptom_alarm(view: View, index: CloudIndex, facts: Facts) -> None:
    """``symptom_alarm``: an alarm of the same configuration watches a symptom metric of it."""
    watches = list(watches_of(index, view.record))
    sure = next((w for w in watches if w.certain and w.symptom is True), None)
    if sure is not None:
        facts.symptom_alarm = Fact(True, f"{sure.alarm.address} alarms on {sure.metric}")
        return
    if any(not w.certain or isinstance(w.symptom, Unknown) for w in watches):
        facts.symptom_alarm = Fact(UNKNOWN)
        return
    others = sorted({str(w.metric) for w in watches})
    facts.symptom_alarm = Fact(
        False, f"alarms only on {', '.join(others)}" if others else "no alarm in this configuration watches it"
    )


def watched(fill: FactFiller) -> FactFiller:
    """*fill*, then ``symptom_alarm`` for a resource it judged (not a cluster member it left alone)."""

    def run(view: View, index: CloudIndex, facts: Facts) -> None:
        fill(view, index, facts)
        if not _cluster_member(view.record):
            fill_symptom_alarm(view, index, facts)

    run.__doc__ = fill.__doc__
    return run


def _cluster_member(record: Record) -> bool:
    """An Aurora instance: alarms are judged on its cluster."""
    if record.type not in ("aws_db_instance", "AWS::RDS::DBInstance"):
        return False
    engine = lookup(record.attributes, "engine" if record.format is Format.TERRAFORM else "Engine")
    cluster = lookup(record.attributes, "DBClusterIdentifier") if record.format is Format.CLOUDFORMATION else None
    return (isinstance(engine, str) and engine.lower().startswith("aurora")) or cluster is not None


#: What may act on an alarm that has no action of its own, and where it names alarms: a composite
#: alarm combining it, a deployment that stops and rolls back on it (ECS, CodeDeploy, AppConfig).
USERS = {
    "aws_cloudwatch_composite_alarm": "alarm_rule",
    "AWS::CloudWatch::CompositeAlarm": "AlarmRule",
    "aws_ecs_service": "alarms",
    "AWS::ECS::Service": "DeploymentConfiguration.Alarms",
    "aws_codedeploy_deployment_group": "alarm_configuration",
    "AWS::CodeDeploy::DeploymentGroup": "AlarmConfiguration",
    "aws_appconfig_environment": "monitor",
    "AWS::AppConfig::Environment": "Monitors",
}


def fill_alarm(view: View, index: CloudIndex, facts: Facts) -> None:
    """``alarm_acted_on``: an alarm action (``alarm_actions``/``AlarmActions``, unless actions are
    disabled), or a composite alarm or deployment that names it."""
    enabled = truthy(view.get("actions_enabled"))
    if enabled is False:
        facts.alarm_acted_on = view.fact("actions_enabled", False, view.show("actions_enabled"))
        return
    actions = as_list(view.get("actions"))
    if isinstance(enabled, Unknown) or isinstance(actions, Unknown):
        facts.alarm_acted_on = Fact(UNKNOWN)
        return
    if actions:
        count = f"{len(actions)} action{'s' if len(actions) != 1 else ''}"
        facts.alarm_acted_on = view.fact("actions", True, f"{view.path('actions')}: {count}")
        return
    used = _used_by(index, view.record, view.get("name"))
    if isinstance(used, Unknown):
        facts.alarm_acted_on = Fact(UNKNOWN)
    elif used is not None:
        facts.alarm_acted_on = Fact(True, f"used by {used}")
    else:
        facts.alarm_acted_on = view.fact("actions", False, view.show("actions"))


def _used_by(index: CloudIndex, alarm: Record, name: object) -> str | Unknown | None:
    """The address of a resource that acts on *alarm* (by reference, or naming it by its literal
    name), UNKNOWN when one may (a value that cannot be known statically), else None."""
    referrers = index.referrers(alarm, USERS)
    if referrers:
        return referrers[0][0].address
    undecided = False
    for user in index.of_types(alarm, USERS):
        for value in _strings(lookup(user.attributes, USERS[user.type])):
            if isinstance(value, str):
                # A name, an ARN ending in it, or an operand of a composite rule: ALARM("name").
                if isinstance(name, str) and name and re.search(rf"(^|[(\"':]){re.escape(name)}($|[)\"'])", value):
                    return user.address
            elif not isinstance(value, Reference):
                undecided = True
    return UNKNOWN if undecided or (isinstance(name, Unknown) and index.of_types(alarm, USERS)) else None


def _strings(value: object, budget: int = 10_000) -> Iterator[object]:
    """Every string and unknown leaf inside a value (bounded)."""
    stack = [value]
    while stack and budget > 0:
        budget -= 1
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, (str, Unknown)):
            yield current
