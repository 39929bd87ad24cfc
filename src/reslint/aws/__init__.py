"""AWS knowledge for the Terraform and CloudFormation formats: the kinds, and the links that make
a load balancer and what it serves one service."""

from __future__ import annotations

from reslint.aws.kinds import KINDS
from reslint.aws.links import link_services

__all__ = ["KINDS", "link_services"]
