"""Which AWS resources form one service, so that a tier flows through it (the table in docs/tiers.md).

References alone run the wrong way for a load balancer: a listener names its load balancer, a
target group is named by the services registered to it, a DNS record names what it points at.
These links add the other direction, from the front of a service to what serves its traffic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.aws.alarms import WATCHABLE, watches_of
from reslint.aws.kinds import KINDS, task_definition_of
from reslint.aws.scaling import autoscaler_of
from reslint.clouds.view import View, references_in
from reslint.model import Reference

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import Record
    from reslint.model import Resource

LOAD_BALANCERS = (
    "aws_lb",
    "aws_alb",
    "aws_elb",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancing::LoadBalancer",
)
LISTENERS = ("aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener")
TARGET_GROUPS = ("aws_lb_target_group", "aws_alb_target_group", "AWS::ElasticLoadBalancingV2::TargetGroup")
ECS_SERVICES = ("aws_ecs_service", "AWS::ECS::Service")
DNS_RECORDS = ("aws_route53_record", "AWS::Route53::RecordSet")
#: What a DNS record refers to without pointing at it.
NOT_DNS_TARGETS = frozenset(
    {
        "aws_route53_zone",
        "aws_route53_health_check",
        "AWS::Route53::HostedZone",
        "AWS::Route53::HealthCheck",
    }
)
#: Registered to a load balancer or target group: they serve its traffic.
REGISTERED = (
    "aws_autoscaling_group",
    "AWS::AutoScaling::AutoScalingGroup",
    *ECS_SERVICES,
    "aws_autoscaling_attachment",
    "aws_autoscaling_traffic_source_attachment",
    "aws_elb_attachment",
    "aws_lb_target_group_attachment",
    "aws_alb_target_group_attachment",
)

#: CodeDeploy deployment groups, and what they deploy to: one delivery unit, sharing a tier.
DEPLOYMENT_GROUPS = ("aws_codedeploy_deployment_group", "AWS::CodeDeploy::DeploymentGroup")
DEPLOYED = ("aws_autoscaling_group", "AWS::AutoScaling::AutoScalingGroup", *ECS_SERVICES)

#: (from, to): the tier of a *from* resource flows to the *to* resources that refer to it.
FLOWS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (LOAD_BALANCERS, (*LISTENERS, *REGISTERED)),  # listeners; classic ELBs name their instances' groups
    (
        LISTENERS,
        (
            "aws_lb_listener_rule",
            "aws_alb_listener_rule",
            "AWS::ElasticLoadBalancingV2::ListenerRule",
            "aws_lb_listener_certificate",
            "aws_alb_listener_certificate",
            "AWS::ElasticLoadBalancingV2::ListenerCertificate",
        ),
    ),
    (TARGET_GROUPS, REGISTERED),
)

#: A subnet's route table association and a route table's routes: the network path a workload's
#: traffic takes out (subnet -> route table -> NAT gateway, transit gateway, VPN gateway). Both
#: name the two ends; the service map needs the subnet to need its table, and the table its targets.
ASSOCIATIONS = ("aws_route_table_association", "AWS::EC2::SubnetRouteTableAssociation")
#: Route propagation from a VPN gateway names the gateway and the tables it propagates to, like a route.
ROUTES = ("aws_route", "AWS::EC2::Route", "aws_vpn_gateway_route_propagation", "AWS::EC2::VPNGatewayRoutePropagation")
_ROUTING = {
    "route_table": ("route_table_id", "RouteTableId"),
    "route_tables": (None, "RouteTableIds"),
    "subnet": ("subnet_id", "SubnetId"),
}


#: A bucket's encryption configured by a resource of its own: the bucket needs the keys it names.
ENCRYPTION_CONFIGS = ("aws_s3_bucket_server_side_encryption_configuration",)
KEYS = ("aws_kms_key", "aws_kms_replica_key", "AWS::KMS::Key", "AWS::KMS::ReplicaKey")


#: The kinds of ECS services, whose settings name their task definition.
_SERVICE_KINDS = {t: kind for kind in KINDS for types in kind.types().values() for t in types if t in ECS_SERVICES}


def link_services(records: Sequence[Record], resources: Sequence[Resource], index: CloudIndex) -> None:
    """Fill ``tier_flows`` (one way, from the front of a service, and from a watched resource to its
    alarms) and ``tier_peers`` (the parts of one workload: an ECS service, its task definition and
    its scalable target)."""
    resource_of = {id(record): resource for record, resource in zip(records, resources, strict=True)}
    for record, resource in zip(records, resources, strict=True):
        for sources, targets in FLOWS:
            if record.type in sources:
                resource.tier_flows.update(referrer.address for referrer, _ in index.referrers(record, targets))
        if record.type in DNS_RECORDS:
            # The record answers for what it points at: an alias to a load balancer, a CDN, an address.
            for address in sorted(record.references):
                for pointed in index.named(record, address):
                    if pointed.type not in NOT_DNS_TARGETS and pointed is not record:
                        resource_of[id(pointed)].tier_flows.add(record.address)
        if record.type in WATCHABLE:
            # An alarm is as critical as what it watches: its tier flows to the alarm, one way.
            resource.tier_flows.update(watch.alarm.address for watch in watches_of(index, record) if watch.named)
        if record.type in DEPLOYMENT_GROUPS:
            # The group rolls releases out to the groups and services it names: both ways, one tier.
            for address in sorted(record.references):
                resource.tier_peers.update(t.address for t in index.named(record, address) if t.type in DEPLOYED)
        if record.type in ASSOCIATIONS or record.type in ROUTES:
            _link_network(record, resource_of, index)
        if record.type in ENCRYPTION_CONFIGS:
            _link_encryption(record, resource_of, index)
        if record.type in ECS_SERVICES:
            kind = _SERVICE_KINDS[record.type]
            task = task_definition_of(View(record, kind.fields), index)  # by reference or by family
            if task is not None:
                resource.tier_peers.add(task.address)
            scaler = autoscaler_of(index, record)
            if scaler is not None:
                resource.tier_peers.add(scaler.address)


def _link_network(record: Record, resource_of: dict[int, Resource], index: CloudIndex) -> None:
    """The subnet an association names needs its route table; the table a route is in needs the
    route's targets. A reference that cannot be followed links nothing."""
    view = View(record, _ROUTING)
    tables = _named(index, record, view.get("route_table"))
    listed = view.get("route_tables")
    for value in listed if isinstance(listed, list) else []:
        tables += _named(index, record, value)
    if record.type in ASSOCIATIONS:
        needs = [(subnet, table) for subnet in _named(index, record, view.get("subnet")) for table in tables]
    else:
        skip = {id(record), *map(id, tables)}
        targets = [t for a in sorted(record.references) for t in index.named(record, a) if id(t) not in skip]
        needs = [(table, target) for table in tables for target in targets]
    for user, used in needs:
        resource = resource_of[id(user)]
        resource.references.add(used.address)
        resource.reference_kinds[used.address] = "network"


def _link_encryption(record: Record, resource_of: dict[int, Resource], index: CloudIndex) -> None:
    """The bucket an encryption configuration names needs the KMS keys its rules name."""
    buckets = _named(index, record, record.attributes.get("bucket"))
    keys = [
        t for ref in references_in(record.attributes.get("rule")) for t in index.target(record, ref) if t.type in KEYS
    ]
    for bucket in buckets:
        resource = resource_of[id(bucket)]
        for key in keys:
            resource.references.add(key.address)
            resource.reference_kinds[key.address] = "key"


def _named(index: CloudIndex, record: Record, value: object) -> list[Record]:
    return index.target(record, value) if isinstance(value, Reference) else []
