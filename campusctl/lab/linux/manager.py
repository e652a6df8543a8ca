"""Start, inspect and stop the lab's Linux hosts and its provincial services container.

Everything a start creates (mounts, namespaces, veths, cgroups, nspawn
processes) is recorded in ``<lab>/linux/run.json`` as it is made, so
:func:`stop_hosts` removes it even after a failed or interrupted start.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from ipaddress import IPv4Interface, IPv6Interface
from pathlib import Path
from typing import TYPE_CHECKING, Any

from campusctl.i18n import _
from campusctl.lab.linux import cgroups, network, services, system
from campusctl.lab.linux.container import Container, is_nspawn, pid_alive, power_off, wait_for_port
from campusctl.lab.linux.errors import LabHostError
from campusctl.lab.linux.layers import Layer, LayerStore
from campusctl.lab.linux.pki import ensure_ca, issue_server_certificate
from campusctl.lab.linux.secretfile import add_lab_secret
from campusctl.lab.linux.spec import (
    INFRA_IPV4,
    INFRA_IPV6,
    LAB_IPV4,
    REPO_PORT,
    HostSpec,
    ProvincialServices,
)
from campusctl.secrets import LAB_SECRETS_ENV, LAB_SECRETS_FILE, SecretStore

if TYPE_CHECKING:
    from campusctl.inventory.inventory import Inventory

log = logging.getLogger(__name__)

SSH_PORT = 22
LAB_USERNAME = "root"


@dataclass(frozen=True)
class HostEntry:
    """How to reach one started lab host: its entry in the lab overlay's ``hosts`` map."""

    name: str
    kind: str
    host: str
    port: int
    username: str
    private_key: str
    host_key: str

    def overlay(self) -> dict[str, object]:
        """Return the entry as written under ``hosts:`` in the lab overlay."""
        return {
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "private_key": self.private_key,
            "host_key": self.host_key,
        }


@dataclass(frozen=True)
class HostStatus:
    """Whether one recorded lab container is running."""

    name: str
    kind: str
    address: str
    running: bool


@dataclass(frozen=True)
class LabSecrets:
    """The lab's RADIUS test account, generated once (stored with mode 0600, never logged).

    Shared secrets are not kept here: they live under their inventory names
    in campusctl's secret store (see :meth:`LabHosts.secret`).
    """

    radius_user: str
    radius_password: str


class LabHosts:
    """The Linux part of one lab, rooted at ``<state>/lab``."""

    def __init__(
        self, lab_dir: Path, roles_dir: Path | None = None, cache_dir: Path | None = None
    ) -> None:
        self.lab_dir = lab_dir
        self.root = lab_dir / "linux"
        # Layers and the package repository; another lab (the tests') may share them.
        self.cache_dir = cache_dir or self.root
        self.hosts_dir = self.root / "hosts"
        self.run_file = self.root / "run.json"
        self.ssh_key = lab_dir / "ssh" / "id_ed25519"
        self.tag = network.lab_tag(lab_dir)
        self._roles_dir = roles_dir
        self._inventory_root: Path | None = None

    # -- paths and secrets ------------------------------------------------

    @property
    def pki_dir(self) -> Path:
        """The lab CA's folder: its key (0600, never inside a host) and the certificates it issued."""
        return self.root / "pki"

    @property
    def ca_certificate(self) -> Path:
        """The lab CA certificate (PEM), which replaces the provincial education CA inside the lab."""
        return self.pki_dir / "ca.crt"

    def server_certificate(self, name: str, dns_names: Sequence[str]) -> tuple[Path, Path]:
        """Return a certificate and key for ``dns_names`` issued by the lab CA (issued once)."""
        return issue_server_certificate(self.pki_dir, name, dns_names)

    def remote_log(self, hostname: str) -> Path:
        """Return the file where the lab's syslog collector stores ``hostname``'s messages."""
        relative = services.REMOTE_LOG_DIR.lstrip("/")
        return self.hosts_dir / services.SERVICES_NAME / "root" / relative / f"{hostname}.log"

    def secrets(self) -> LabSecrets:
        """Return the lab secrets, creating them on first use."""
        path = self.root / "secrets.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            return LabSecrets(data["radius_user"], data["radius_password"])
        value = LabSecrets(
            radius_user="lab-teacher",
            radius_password=secrets.token_urlsafe(12),
        )
        self.root.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(asdict(value), handle)
        return value

    @property
    def secrets_file(self) -> Path:
        """The lab secrets file that ``campusctl lab up`` writes and the renderer reads."""
        return self.lab_dir / LAB_SECRETS_FILE

    def secret(self, name: str) -> str:
        """Return the value of the secret ``name`` from campusctl's secret store.

        The sources and their order are the renderer's and the Ansible lookup's
        (environment, Ansible Vault, this lab's secrets file), so the lab's
        services, the switches and the school server agree on every value.
        When no source has ``name``, a random value is added to the lab's file.
        """
        if not self.secrets_file.exists():
            self.lab_dir.mkdir(parents=True, exist_ok=True)
            self.secrets_file.touch(mode=0o600)
        environ = {**os.environ, LAB_SECRETS_ENV: os.fspath(self.secrets_file)}
        value = SecretStore(self._inventory_root, environ).find(name)
        if value is None:
            value = add_lab_secret(self.secrets_file, name)
        return value

    def _ensure_ssh_key(self) -> str:
        if not self.ssh_key.exists():
            self.ssh_key.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            system.run(
                [
                    "ssh-keygen",
                    "-q",
                    "-t",
                    "ed25519",
                    "-N",
                    "",
                    "-C",
                    "campusctl-lab",
                    "-f",
                    self.ssh_key,
                ]
            )
        return self.ssh_key.with_name(self.ssh_key.name + ".pub").read_text(encoding="ascii")

    # -- start ------------------------------------------------------------

    def start(
        self,
        hosts: Sequence[HostSpec],
        provincial: ProvincialServices,
        radius_secret: str | None = None,
    ) -> dict[str, HostEntry]:
        """Start the provincial services container and ``hosts``; return their overlay entries.

        Layers are built on first use (a few minutes) and reused afterwards.
        ``radius_secret`` is the shared secret the provincial RADIUS server
        expects from lab clients. Without it, the secret the province names
        is read from campusctl's secret store (:meth:`secret`), the same
        value the rendered switches and controllers use.
        Raises :class:`LabHostsUnavailable` without root or systemd-nspawn and
        :class:`LabHostError` when anything fails; a failed start is undone.
        """
        system.check_prerequisites()
        _reject_duplicates(hosts)
        if self.run_file.exists():
            self.stop()
        store = (
            LayerStore(self.cache_dir, self._roles_dir)
            if self._roles_dir
            else LayerStore(self.cache_dir)
        )
        store.ensure()
        public_key = self._ensure_ssh_key()
        ca_pem = ensure_ca(self.pki_dir).read_text(encoding="ascii")
        eap_cert, eap_key = issue_server_certificate(
            self.pki_dir, "radius-eap", [radius_eap_name(provincial)]
        )
        lab_secrets = self.secrets()
        radius_secret = radius_secret or self.secret(provincial.radius_secret)
        record: dict[str, Any] = {"tag": self.tag, "containers": {}}
        self._save(record)
        try:
            network.ensure_bridge(self.tag)
            hosts_lines = _hosts_file_lines(hosts)
            started = []
            svc = self._start_container(
                record,
                services.SERVICES_NAME,
                "services",
                0,
                store.services,
                [
                    IPv4Interface(f"{INFRA_IPV4}/{LAB_IPV4.prefixlen}"),
                    *network.host_interfaces(provincial.addresses())[0],
                ],
                [
                    IPv6Interface(f"{INFRA_IPV6}/128"),
                    *network.host_interfaces(provincial.addresses())[1],
                ],
                hosts_lines,
                public_key,
                provincial,
                configure=lambda c: services.configure(
                    c,
                    provincial,
                    list(hosts),
                    ca_pem,
                    radius_secret,
                    (lab_secrets.radius_user, lab_secrets.radius_password),
                    (eap_cert.read_text(encoding="ascii"), eap_key.read_text(encoding="ascii")),
                ),
                binds=((store.repo, services.REPO_MOUNT),),
            )
            started.append(svc)
            entries: dict[str, HostEntry] = {}
            for index, spec in enumerate(hosts, start=1):
                lower = store.desktop if spec.kind == "terminal" else store.server
                entry = self._start_container(
                    record,
                    spec.name,
                    spec.kind,
                    index,
                    lower,
                    [spec.ipv4],
                    [spec.ipv6] if spec.ipv6 else [],
                    hosts_lines,
                    public_key,
                    provincial,
                )
                entries[spec.name] = entry
                started.append(entry)
            for entry in started:
                info = record["containers"][entry.name]
                wait_for_port(
                    entry.host,
                    SSH_PORT,
                    info["pid"],
                    entry.name,
                    Path(info["folder"]) / "console.log",
                )
        except BaseException:
            log.error("lab hosts failed to start; removing what was started")
            self.stop()
            raise
        return entries

    def start_selection(
        self, inventory: Inventory, pattern: str | None = None
    ) -> dict[str, HostEntry]:
        """Start the terminals and servers ``pattern`` selects; return their overlay entries.

        The provincial services come from the inventory's ``province.yml``.
        """
        # Imported here: the inventory model is only needed by this entry point.
        from campusctl.lab.linux.selection import host_specs, provincial_services

        self._inventory_root = inventory.root
        return self.start(host_specs(inventory, pattern), provincial_services(inventory))

    def _start_container(
        self,
        record: dict[str, Any],
        name: str,
        kind: str,
        index: int,
        layer: Layer,
        ipv4: list[IPv4Interface],
        ipv6: list[IPv6Interface],
        hosts_lines: list[str],
        public_key: str,
        provincial: ProvincialServices,
        configure: Any = None,
        binds: tuple[tuple[Path, str], ...] = (),
    ) -> HostEntry:
        container = Container(name, self.hosts_dir / name)
        info: dict[str, Any] = {
            "kind": kind,
            "folder": os.fspath(container.folder),
            "root": os.fspath(container.root),
            "address": str(ipv4[0].ip),
            "netns": network.netns_name(self.tag, name),
            "veth": network.veth_name(self.tag, index),
            "pid": None,
        }
        record["containers"][name] = info
        self._save(record)
        fresh = container.mount(layer.lowerdir(), layer.recipe_hash())
        host_key = container.set_identity(name.lower(), hosts_lines, public_key)
        _point_at_lab(container, provincial, fresh)
        if configure is not None:
            configure(container)
        network.create_namespace(self.tag, name, index, ipv4, ipv6)
        info["pid"] = container.boot(info["netns"], binds)
        self._save(record)
        return HostEntry(
            name=name,
            kind=kind,
            host=str(ipv4[0].ip),
            port=SSH_PORT,
            username=LAB_USERNAME,
            private_key=os.fspath(self.ssh_key),
            host_key=host_key,
        )

    def _save(self, record: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.run_file.write_text(json.dumps(record, indent=2), encoding="utf-8")

    # -- status -----------------------------------------------------------

    def status(self) -> list[HostStatus]:
        """Return the recorded containers and whether each one runs."""
        record = self._load()
        found = []
        for name, info in record.get("containers", {}).items():
            pid = info.get("pid")
            running = bool(pid) and pid_alive(pid) and is_nspawn(pid, Path(info["root"]))
            found.append(HostStatus(name, info["kind"], info["address"], running))
        return found

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.run_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError as err:
            raise LabHostError(
                _(
                    "The lab run record {path} is invalid: {error}; remove it and the lab's "
                    "namespaces by hand."
                ).format(path=self.run_file, error=err)
            ) from err
        return data if isinstance(data, dict) else {}

    # -- stop -------------------------------------------------------------

    def stop(self) -> None:
        """Power off every lab container and remove its mounts, namespace, veth and cgroups.

        Each host's writable layer and host key stay on disk, so the next
        start boots the hosts as they were; :meth:`reset` deletes them.
        """
        record = self._load()
        containers: dict[str, Any] = record.get("containers", {})
        # Hosts first, so their last log messages still reach the collector
        # in the services container, which powers off after them.
        hosts = [(n, i) for n, i in containers.items() if n != services.SERVICES_NAME]
        power_off([(i["pid"], Path(i["root"]), n) for n, i in hosts if i.get("pid")])
        provincial = containers.get(services.SERVICES_NAME)
        if provincial and provincial.get("pid"):
            power_off([(provincial["pid"], Path(provincial["root"]), services.SERVICES_NAME)])
        for name, info in containers.items():
            cgroups.remove(name)
            network.delete_namespace(info["netns"], info["veth"])
            Container(name, Path(info["folder"])).unmount()
        # Sweep leftovers of an interrupted start that the record missed.
        for namespace in network.namespaces_with_tag(self.tag):
            system.run(["ip", "netns", "del", namespace], check=False)
        for link in network.links_with_tag(self.tag):
            system.run(["ip", "link", "del", link], check=False)
        if self.hosts_dir.exists():
            system.unmount_tree(self.hosts_dir)
        network.remove_bridge(self.tag)
        cgroups.sweep_stale_builds()
        self.run_file.unlink(missing_ok=True)

    @staticmethod
    def sweep_stale_builds() -> None:
        """Remove the empty cgroups of layer builds that were killed (root only)."""
        if os.geteuid() == 0:
            cgroups.sweep_stale_builds()

    def reset(self) -> None:
        """Stop the lab and delete every host's state: writable layer, host key, console log.

        The cached layers and the package repository stay, so the next start
        boots factory-fresh hosts without rebuilding anything.
        """
        self.stop()
        if self.hosts_dir.exists():
            shutil.rmtree(self.hosts_dir)


def radius_eap_name(provincial: ProvincialServices) -> str:
    """Return the name in the provincial RADIUS server's EAP certificate (802.1X clients match it).

    It is ``radius.`` plus the CA's domain (``radius.edu.gd.lab`` for
    ``ca.edu.gd.lab``), or ``radius.lab`` without a CA endpoint.
    """
    domain = provincial.ca.fqdn.partition(".")[2] if provincial.ca else ""
    return f"radius.{domain or 'lab'}"


def _reject_duplicates(hosts: Sequence[HostSpec]) -> None:
    seen: dict[str, str] = {}
    for host in hosts:
        for key in (host.name.lower(), str(host.ipv4.ip)):
            if key in seen:
                raise LabHostError(
                    _(
                        "Lab hosts {first} and {second} share {value}; names and addresses must be unique."
                    ).format(first=seen[key], second=host.name, value=key)
                )
            seen[key] = host.name
    if services.SERVICES_NAME in seen:
        raise LabHostError(
            _("The host name {name} is reserved for the lab's provincial services.").format(
                name=services.SERVICES_NAME
            )
        )


def _hosts_file_lines(hosts: Sequence[HostSpec]) -> list[str]:
    lines = []
    for host in hosts:
        lines.append(f"{host.ipv4.ip} {host.hostname}")
        if host.ipv6 is not None:
            lines.append(f"{host.ipv6.ip} {host.hostname}")
    return lines


def _point_at_lab(container: Container, provincial: ProvincialServices, fresh: bool) -> None:
    """Make the container use the lab's DNS and package repository, and nothing else."""
    resolv = "".join(f"nameserver {address}\n" for address in provincial.dns[:3])
    resolv_path = container.root / "etc" / "resolv.conf"
    if resolv_path.is_symlink():
        resolv_path.unlink()
    container.write("etc/resolv.conf", resolv or "# no lab DNS server\n")
    container.write("etc/apt/sources.list", "# Lab hosts use the lab repository only.\n")
    container.write(
        "etc/apt/sources.list.d/campusctl-lab.list",
        f"deb [trusted=yes] http://{INFRA_IPV4}:{REPO_PORT} ./\n",
    )
    if not fresh:
        return
    lists = container.root / "var" / "lib" / "apt" / "lists"
    shutil.rmtree(lists, ignore_errors=True)
    (lists / "partial").mkdir(parents=True, exist_ok=True)
    # An empty package index must look stale, or apt's cache_valid_time skips the update.
    os.utime(lists, (0, 0))
