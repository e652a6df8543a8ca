"""Configuration diff: remediation from a running to an intended configuration."""

from campusctl.diff.remediation import (
    DiffMode,
    ParsedConfig,
    RemediationPlan,
    plan_remediation,
    remediation_empty,
)

__all__ = ["DiffMode", "ParsedConfig", "RemediationPlan", "plan_remediation", "remediation_empty"]
