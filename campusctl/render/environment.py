"""The one strict Jinja2 environment that renders every device template.

- ``StrictUndefined``: a missing variable is an error, never an empty string.
- ``trim_blocks`` + ``lstrip_blocks`` + ``keep_trailing_newline``: block tags
  leave no blank lines or stray indentation, and included feature templates
  keep their last newline, so two commands never join on one line.
- ``finalize`` rejects ``None``, booleans and empty strings in the output:
  ``description None`` or ``vlan False`` is never written.

Every failure becomes :class:`TemplateFailure` with the template name and line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
    ip_interface,
    ip_network,
)
from pathlib import Path
from typing import Any

import jinja2

from campusctl.errors import CampusError
from campusctl.i18n import _
from campusctl.netkit.vlans import VlanSet, allowed_vlan_lines, vlan_list_commands
from campusctl.render.errors import SecretMissing, TemplateFailure
from campusctl.secrets import SecretLookup

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


class _OutputRejected(Exception):
    """Raised inside a render when finalize sees a value that must not be written."""


def _finalize(value: Any) -> Any:
    # Called for every printed expression, so the common case (a non-empty str) goes first.
    if type(value) is str and value:
        return value
    if value is None or isinstance(value, bool):
        raise _OutputRejected(
            _("the template would write {value!r} into the configuration").format(value=value)
        )
    if isinstance(value, str) and not value:
        raise _OutputRejected(_("the template would write an empty value into the configuration"))
    return value


def _network(value: object) -> IPv4Network | IPv6Network:
    if isinstance(value, IPv4Network | IPv6Network):
        return value
    if isinstance(value, IPv4Interface | IPv6Interface):
        return value.network
    return ip_network(str(value), strict=False)


def _interface(value: object) -> IPv4Interface | IPv6Interface:
    if isinstance(value, IPv4Interface | IPv6Interface):
        return value
    return ip_interface(str(value))


def wildcard(network: object) -> str:
    """Return ``address wildcard`` of an IPv4 network (``198.18.0.0 0.0.0.255``)."""
    net = _network(network)
    return f"{net.network_address} {net.hostmask}"


def address_mask(address: object) -> str:
    """Return ``address netmask`` of an interface address (``198.18.0.1 255.255.255.0``)."""
    interface = _interface(address)
    return f"{interface.ip} {interface.netmask}"


def address_len(address: object) -> str:
    """Return ``address prefix-length`` separated by a space (``198.18.0.1 24``)."""
    interface = _interface(address)
    return f"{interface.ip} {interface.network.prefixlen}"


def network_len(network: object) -> str:
    """Return ``network prefix-length`` separated by a space."""
    net = _network(network)
    return f"{net.network_address} {net.prefixlen}"


def network_address(network: object) -> str:
    """Return the first address of a network."""
    return str(_network(network).network_address)


def netmask(network: object) -> str:
    """Return the dotted netmask of an IPv4 network."""
    return str(_network(network).netmask)


def ip_version(value: object) -> int:
    """Return 4 or 6 for an address, interface or network (objects or their text)."""
    if isinstance(value, IPv4Address | IPv4Interface | IPv4Network):
        return 4
    if isinstance(value, IPv6Address | IPv6Interface | IPv6Network):
        return 6
    return 6 if ":" in str(value) else 4


def trunk_allowed_lines(vlans: VlanSet | str | Iterable[int], platform: str) -> list[str]:
    """Return the interface commands that set a trunk's allowed VLANs to exactly ``vlans``.

    ``vlans`` is a set, its plain-data form (``"all"`` or a list of ids, as
    :func:`campusctl.render.export.intent_data` writes it) or a VLAN list text.
    Huawei and H3C lines start by removing the default VLAN 1; long lists are
    split as the device splits them in its running configuration.
    """
    if isinstance(vlans, str):
        vlans = VlanSet.parse(vlans)
    elif not isinstance(vlans, VlanSet):
        vlans = VlanSet.of(vlans)
    return allowed_vlan_lines(platform, vlans)


def vlan_commands(vlans: Iterable[int], command: str, platform: str) -> list[str]:
    """Return ``command <list>`` lines naming ``vlans``, each under the platform's limit."""
    return vlan_list_commands(platform, command, vlans)


def _no_secrets(name: str, platform: str | None = None) -> str:
    raise TemplateFailure(
        _("secret {name} requested, but this environment has no secret store").format(name=name)
    )


def template_filters(secret: SecretLookup) -> dict[str, Callable[..., Any]]:
    """Return the filters the templates use, by name; Ansible's peer run loads the same ones."""
    return {
        "wildcard": wildcard,
        "address_mask": address_mask,
        "address_len": address_len,
        "network_len": network_len,
        "trunk_allowed_lines": trunk_allowed_lines,
        "vlan_commands": vlan_commands,
        "network_address": network_address,
        "netmask": netmask,
        "ip_version": ip_version,
        "secret": secret,
    }


def make_environment(
    templates: Path = TEMPLATES_DIR,
    secret: SecretLookup | None = None,
    bytecode_dir: Path | None = None,
) -> jinja2.Environment:
    """Return the strict environment loading templates from ``templates``.

    ``secret(name, platform)`` backs the ``secret`` filter (``{{ u.secret|secret(d.platform) }}``).
    With ``bytecode_dir``, compiled templates are kept there between runs, keyed
    by each template's name and source checksum, so a changed template is
    compiled again.
    """
    bytecode_cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = jinja2.FileSystemBytecodeCache(str(bytecode_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
        autoescape=False,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=bytecode_cache,
    )
    env.filters.update(template_filters(secret or _no_secrets))
    return env


def _location(err: BaseException) -> tuple[str | None, int | None]:
    """Return the template file and line of the innermost template frame of ``err``."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (frame.filename, frame.lineno)
    if isinstance(err, jinja2.TemplateSyntaxError):
        found = (err.filename or err.name, err.lineno)
    return found


def render(env: jinja2.Environment, name: str, context: dict[str, Any], device: str) -> str:
    """Render template ``name`` for ``device``.

    :raise TemplateFailure: for a missing template, a syntax error, an undefined
        variable or a rejected output value, naming the template and line.
    """
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as err:
        raise TemplateFailure(
            _("template {name} not found under {path} (device {device})").format(
                name=err.name,
                path=getattr(env.loader, "searchpath", "?"),
                device=device,
            ),
            template=str(err.name),
        ) from err
    except SecretMissing as err:
        raise SecretMissing(
            _("device {device}: {error}").format(device=device, error=err.args[0]),
            name=err.name,
        ) from err
    except CampusError:
        raise
    except Exception as err:  # any failure inside a template, located below
        template, line = _location(err)
        where = f"{template}:{line}" if template else name
        raise TemplateFailure(
            _("{where}: rendering device {device} failed: {error}").format(
                where=where, device=device, error=err
            ),
            template=template,
            line=line,
        ) from err
