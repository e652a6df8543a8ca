"""The provincial services container: NTP, syslog collector, DNS, RADIUS, the CA and the repository.

It listens on the inventory's own service addresses (added to its ``eth0``) and
on the lab's infrastructure address, which serves the package repository.
Every daemon listens inside the lab's namespaces only, and none is pointed at
an upstream server: chrony is its own local reference, dnsmasq has no
forwarders.
"""

from __future__ import annotations

import os
import re
from ipaddress import IPv4Address, IPv6Address

from campusctl.i18n import _
from campusctl.lab.linux.container import Container
from campusctl.lab.linux.errors import LabHostError
from campusctl.lab.linux.spec import (
    INFRA_IPV4,
    LAB_IPV4,
    LAB_IPV6,
    REPO_PORT,
    HostSpec,
    ProvincialServices,
)

SERVICES_NAME = "lab-provincial"
REPO_MOUNT = "/srv/campusctl-repo"
CA_FOLDER = "/srv/campusctl-ca"
REMOTE_LOG_DIR = "/var/log/remote"
# Content the lab serves on the 粤教云 resource endpoints, for cache tests.
RESOURCES_FOLDER = "/srv/campusctl-resources"
SAMPLE_RESOURCE = "sample.txt"
_LAB_USER_MARK = "# campusctl lab test account\n"
_HEADER = "# Written by the campusctl lab for its provincial services container.\n"


def configure(
    container: Container,
    services: ProvincialServices,
    hosts: list[HostSpec],
    ca_pem: str,
    radius_secret: str,
    radius_user: tuple[str, str],
    eap_certificate: tuple[str, str],
) -> None:
    """Write the configuration of every provincial service into ``container``'s root.

    ``eap_certificate`` is the PEM certificate and key of the RADIUS server's
    EAP identity, issued by the lab CA (``ca_pem``).
    """
    _configure_chrony(container)
    _configure_rsyslog(container)
    _configure_dnsmasq(container, services, hosts)
    _configure_freeradius(container, radius_secret, radius_user)
    configure_eap(container, ca_pem, *eap_certificate)
    _configure_http(container, services, ca_pem)


def _configure_chrony(container: Container) -> None:
    container.write(
        "etc/chrony/chrony.conf",
        _HEADER + "# A local reference only: the lab has no route to any other time source.\n"
        "local stratum 8\n"
        f"allow {LAB_IPV4}\n"
        f"allow {LAB_IPV6}\n"
        "driftfile /var/lib/chrony/chrony.drift\n"
        "makestep 1 3\n",
    )
    # -x: serve time without ever setting the clock, which the container shares.
    container.write("etc/default/chrony", _HEADER + 'DAEMON_OPTS="-F 1 -x"\n')
    container.write(
        "etc/systemd/system/chrony.service.d/campusctl-lab.conf",
        _HEADER + "[Unit]\n# chronyd -x needs no CAP_SYS_TIME.\nConditionCapability=\n",
    )


def _configure_rsyslog(container: Container) -> None:
    container.write(
        "etc/rsyslog.d/10-campusctl-collector.conf",
        _HEADER + 'module(load="imudp")\n'
        'input(type="imudp" port="514")\n'
        'module(load="imtcp")\n'
        'input(type="imtcp" port="514")\n'
        f'template(name="CampusRemoteFile" type="string" string="{REMOTE_LOG_DIR}/%HOSTNAME%.log")\n'
        'if $fromhost-ip != "127.0.0.1" and $fromhost-ip != "::1" then {\n'
        '  action(type="omfile" dynaFile="CampusRemoteFile")\n'
        "  stop\n"
        "}\n",
    )


def _configure_dnsmasq(
    container: Container, services: ProvincialServices, hosts: list[HostSpec]
) -> None:
    lines = [_HEADER.rstrip("\n"), "# No upstream resolver: the lab has no route out.", "no-resolv"]
    lines += ["no-hosts", "bind-interfaces", "no-dhcp-interface=eth0"]
    lines += [f"listen-address={address}" for address in services.dns]
    endpoints = list(services.endpoints)
    if services.ca is not None:
        endpoints.append(services.ca)
    for endpoint in endpoints:
        addresses = [str(a) for a in (endpoint.ipv4, endpoint.ipv6) if a is not None]
        if addresses:
            lines.append("host-record=" + ",".join([endpoint.fqdn, *addresses]))
    for host in hosts:
        addresses = [str(host.ipv4.ip)] + ([str(host.ipv6.ip)] if host.ipv6 else [])
        lines.append("host-record=" + ",".join([host.hostname, *addresses]))
    container.write("etc/dnsmasq.d/campusctl-lab.conf", "\n".join(lines) + "\n")


def _configure_freeradius(container: Container, secret: str, user: tuple[str, str]) -> None:
    base = "etc/freeradius/3.0"
    container.write(
        f"{base}/clients.conf",
        _HEADER + "client localhost {\n  ipaddr = 127.0.0.1\n  secret = testing123\n}\n"
        f"client lab {{\n  ipaddr = {LAB_IPV4}\n  secret = {secret}\n}}\n"
        f"client lab6 {{\n  ipv6addr = {LAB_IPV6}\n  secret = {secret}\n}}\n",
        0o640,
    )
    name, password = user
    authorize = container.root / base / "mods-config" / "files" / "authorize"
    original = authorize.read_text(encoding="utf-8") if authorize.exists() else ""
    # A restarted lab keeps this file, so the entry of the previous start goes first.
    if original.startswith(_LAB_USER_MARK):
        original = original.split("\n", 3)[3] if original.count("\n") >= 3 else ""
    container.write(
        f"{base}/mods-config/files/authorize",
        f'{_LAB_USER_MARK}{name} Cleartext-Password := "{password}"\n\n' + original,
        0o640,
    )
    for relative in (f"{base}/clients.conf", f"{base}/mods-config/files/authorize"):
        _chgrp_freerad(container, relative)


def configure_eap(container: Container, ca_pem: str, certificate: str, key: str) -> None:
    """Give FreeRADIUS's EAP module the lab CA's server certificate instead of the snakeoil one.

    TTLS and PEAP clients that trust only the lab CA then accept the server.
    The stock ``mods-available/eap`` keeps every other setting; the edit is
    repeatable, so a restarted lab rewrites the same lines.
    """
    base = "etc/freeradius/3.0"
    folder = f"{base}/certs/campusctl-lab"
    container.write(f"{folder}/ca.pem", ca_pem, 0o644)
    container.write(f"{folder}/server.pem", certificate, 0o644)
    container.write(f"{folder}/server.key", key, 0o640)
    _chgrp_freerad(container, f"{folder}/server.key")
    eap = container.root / base / "mods-available" / "eap"
    text = eap.read_text(encoding="utf-8")
    settings = {
        "private_key_file": f"/{folder}/server.key",
        "certificate_file": f"/{folder}/server.pem",
        "ca_file": f"/{folder}/ca.pem",
    }
    for key_name, value in settings.items():
        text, count = re.subn(
            rf"^(\t\t){key_name} = .*$", rf"\g<1>{key_name} = {value}", text, count=1, flags=re.M
        )
        if count != 1:
            raise LabHostError(
                _(
                    "FreeRADIUS's EAP module in {path} has no {setting} line to point at the lab CA."
                ).format(path=eap, setting=key_name)
            )
    # The lab key has no passphrase.
    text = re.sub(r"^(\t\tprivate_key_password = .*)$", r"#\1", text, flags=re.M)
    container.write(f"{base}/mods-available/eap", text, 0o640)
    _chgrp_freerad(container, f"{base}/mods-available/eap")


def _chgrp_freerad(container: Container, relative: str) -> None:
    group_file = container.root / "etc" / "group"
    for line in group_file.read_text(encoding="utf-8").splitlines():
        fields = line.split(":")
        if fields[0] == "freerad":
            os.chown(container.root / relative, 0, int(fields[2]))
            return


def _configure_http(container: Container, services: ProvincialServices, ca_pem: str) -> None:
    container.write(f"{CA_FOLDER.lstrip('/')}/ca.crt", ca_pem)
    container.write(
        f"{RESOURCES_FOLDER.lstrip('/')}/{SAMPLE_RESOURCE}",
        "campusctl lab sample teaching resource\n",
    )
    units: dict[str, tuple[IPv4Address | IPv6Address, int, str]] = {
        "campusctl-lab-repo.service": (INFRA_IPV4, REPO_PORT, REPO_MOUNT)
    }
    servers = [(services.ca, CA_FOLDER)] if services.ca is not None else []
    servers += [(endpoint, RESOURCES_FOLDER) for endpoint in services.endpoints]
    for endpoint, folder in servers:
        for address in (endpoint.ipv4, endpoint.ipv6):
            if address is not None:
                units[f"campusctl-lab-http{len(units)}.service"] = (address, 80, folder)
    for unit, (address, port, folder) in units.items():
        container.write(f"etc/systemd/system/{unit}", _http_unit(address, port, folder))
        container.enable_unit(unit)


def _http_unit(address: IPv4Address | IPv6Address, port: int, folder: str) -> str:
    return (
        _HEADER + "[Unit]\n"
        f"Description=campusctl lab HTTP server for {folder}\n"
        "After=network.target\n\n"
        "[Service]\n"
        f"ExecStart=/usr/bin/python3 -m http.server {port} --bind {address} --directory {folder}\n"
        "DynamicUser=yes\n"
        "AmbientCapabilities=CAP_NET_BIND_SERVICE\n"
        "Restart=on-failure\n\n"
        "[Install]\n"
        "WantedBy=multi-user.target\n"
    )
