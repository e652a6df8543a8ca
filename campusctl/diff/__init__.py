"""Configuration diff: remediation from a running to an intended configuration."""

from campusctl.diff.remediation import DiffMode, RemediationPlan, plan_remediation

__all__ = ["DiffMode", "RemediationPlan", "plan_remediation"]
