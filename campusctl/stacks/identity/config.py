"""The typed configuration of the identity stack."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi

from campusctl.i18n import _
from campusctl.stacks.errors import StackConfigError

NAMESPACE = "identity"


@dataclass(frozen=True, slots=True)
class PasswordRules:
    """Password rules of the realm, rendered as a Keycloak password policy string."""

    min_length: int
    digits: int
    upper: int
    lower: int
    special: int
    history: int
    expire_days: int

    def keycloak_policy(self) -> str:
        """Return the rules in Keycloak's ``passwordPolicy`` syntax."""
        parts = [
            f"length({self.min_length})",
            f"digits({self.digits})",
            f"upperCase({self.upper})",
            f"lowerCase({self.lower})",
            f"specialChars({self.special})",
            "notUsername(undefined)",
            f"passwordHistory({self.history})",
            f"forceExpiredPasswordChange({self.expire_days})",
        ]
        return " and ".join(parts)


@dataclass(frozen=True, slots=True)
class BruteForce:
    """Lockout after failed logins (Keycloak brute-force detection)."""

    max_login_failures: int
    wait_increment_seconds: int
    max_failure_wait_seconds: int
    failure_reset_seconds: int


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    """Everything the identity program reads from its stack configuration."""

    environment: str
    owner: str
    realm: str
    display_name: str
    password: PasswordRules
    brute_force: BruteForce
    session_idle_minutes: int
    session_max_hours: int
    learning_space_url: str
    resource_platform_url: str
    inventory: Path


def _error(key: str, detail: str) -> StackConfigError:
    return StackConfigError(
        _("Invalid stack setting {key}: {detail}").format(key=f"{NAMESPACE}:{key}", detail=detail)
    )


def _ints(key: str, raw: Any, fields: tuple[str, ...]) -> list[int]:
    if not isinstance(raw, dict):
        raise _error(key, _("expected a mapping."))
    try:
        values = [int(raw[name]) for name in fields]
    except (KeyError, TypeError, ValueError) as err:
        raise _error(key, _("missing or invalid field {field}.").format(field=err)) from err
    if any(value < 0 for value in values):
        raise _error(key, _("values must not be negative."))
    return values


def _https(key: str, value: str) -> str:
    if not value.startswith("https://"):
        raise _error(key, _("{value} must be an https:// URL.").format(value=value))
    return value.rstrip("/")


def read_config() -> IdentityConfig:
    """Read and check the stack configuration of the current Pulumi program.

    Raises:
        StackConfigError: a value is invalid.
        pulumi.ConfigMissingError: a required key is missing.
    """
    config = pulumi.Config(NAMESPACE)
    password = PasswordRules(
        *_ints(
            "passwordPolicy",
            config.require_object("passwordPolicy"),
            (
                "minLength",
                "digits",
                "upperCase",
                "lowerCase",
                "specialChars",
                "history",
                "expireDays",
            ),
        )
    )
    brute_force = BruteForce(
        *_ints(
            "bruteForce",
            config.require_object("bruteForce"),
            (
                "maxLoginFailures",
                "waitIncrementSeconds",
                "maxFailureWaitSeconds",
                "failureResetSeconds",
            ),
        )
    )
    return IdentityConfig(
        environment=pulumi.get_stack(),
        owner=config.require("owner"),
        realm=config.require("realm"),
        display_name=config.require("displayName"),
        password=password,
        brute_force=brute_force,
        session_idle_minutes=config.require_int("sessionIdleMinutes"),
        session_max_hours=config.require_int("sessionMaxHours"),
        learning_space_url=_https("learningSpaceUrl", config.require("learningSpaceUrl")),
        resource_platform_url=_https("resourcePlatformUrl", config.require("resourcePlatformUrl")),
        inventory=Path(config.get("inventory") or "../../inventory"),
    )
