"""Identity policy: the realm's password, lockout and session rules (等保 2.0 identity items)."""

from __future__ import annotations

import re

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from campusctl.i18n import _
from campusctl.stacks.policies._support import MANDATORY, config_value, schema

REALM = "keycloak:index/realm:Realm"

_SCHEMA = schema(
    minPasswordLength={
        "type": "integer",
        "default": 8,
        "description": "Shortest password allowed.",
    },
    maxPasswordAgeDays={
        "type": "integer",
        "default": 90,
        "description": "Longest time before a forced change.",
    },
    maxLoginFailures={
        "type": "integer",
        "default": 5,
        "description": "Failed logins before a lockout.",
    },
    maxIdleMinutes={"type": "integer", "default": 30, "description": "Longest idle session."},
)

_TERM = re.compile(r"(\w+)\(([^)]*)\)")
_CLASSES = ("digits", "upperCase", "lowerCase", "specialChars")
_DURATION = re.compile(r"^(\d+)([smhd]?)$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _minutes(value: object) -> float | None:
    match = _DURATION.match(str(value or ""))
    if not match:
        return None
    return int(match.group(1)) * _SECONDS[match.group(2)] / 60


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != REALM:
        return
    config = args.get_config()
    props = args.props
    terms = {name: value for name, value in _TERM.findall(str(props.get("passwordPolicy") or ""))}
    problems: list[str] = []
    min_length = int(config_value(config, _SCHEMA, "minPasswordLength"))
    if int(terms.get("length") or 0) < min_length:
        problems.append(_("passwords shorter than {n} characters are allowed").format(n=min_length))
    classes = [c for c in _CLASSES if int(terms.get(c) or 0) > 0]
    if len(classes) < 3:
        problems.append(_("fewer than three character classes are required"))
    max_age = int(config_value(config, _SCHEMA, "maxPasswordAgeDays"))
    age = int(terms.get("forceExpiredPasswordChange") or 0)
    if not 0 < age <= max_age:
        problems.append(_("passwords need not be changed within {n} days").format(n=max_age))
    brute = (props.get("securityDefenses") or {}).get("bruteForceDetection") or {}
    max_failures = int(config_value(config, _SCHEMA, "maxLoginFailures"))
    if not brute or not 0 < int(brute.get("maxLoginFailures") or 0) <= max_failures:
        problems.append(_("logins are not locked after {n} failures").format(n=max_failures))
    max_idle = int(config_value(config, _SCHEMA, "maxIdleMinutes"))
    idle = _minutes(props.get("ssoSessionIdleTimeout"))
    if idle is None or idle > max_idle:
        problems.append(_("idle sessions last longer than {n} minutes").format(n=max_idle))
    if props.get("sslRequired") not in ("all", "external"):
        problems.append(_("logins are allowed without TLS"))
    for problem in problems:
        report(_("Realm {name}: {problem}.").format(name=args.name, problem=problem), None)


identity_authentication = ResourceValidationPolicy(
    name="identity-authentication",
    description=_(
        "Realms enforce complex, expiring passwords, lockout after failed logins and idle timeouts."
    ),
    enforcement_level=MANDATORY,
    validate=_validate,
    config_schema=_SCHEMA,
)
