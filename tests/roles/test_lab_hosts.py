"""The whole lab-host flow: start hosts, converge twice, check mode, testinfra, 802.1X, break, tear down.

Each role's first host converges on Ansible's own executor, the way
production runs the roles. The other runs use Mitogen (package ``mitogen``),
which keeps one Python interpreter per host for a whole run, and the flow
checks that Mitogen still rejects a host key that differs from the pinned one.
Needs root, systemd-nspawn and eapol_test. The cached layers live in the
lab's normal state folder (``state/lab/linux``, or ``$CAMPUSCTL_LAB_CACHE``),
so only the first run on a machine builds them. The hosts themselves run in
a separate lab folder, ``state/lab-test``.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from labkit import (
    HOSTS,
    PROVINCIAL,
    REPO,
    control_dir,
    recap,
    run_playbook,
    run_testinfra,
    write_context,
    write_inventory,
)

from campusctl.lab.linux import (
    HostEntry,
    LabHosts,
    LabHostsUnavailable,
    cgroups,
    network,
    services,
    system,
)
from campusctl.lab.linux.pki import ensure_ca

pytestmark = [pytest.mark.hosts, pytest.mark.slow]

STATE = Path(os.environ.get("CAMPUSCTL_STATE", REPO / "state"))
# The cached layers and package repository; CAMPUSCTL_LAB_CACHE points a run
# with its own state folder at layers that another folder already holds.
CACHE = Path(os.environ.get("CAMPUSCTL_LAB_CACHE", STATE / "lab" / "linux"))
PLAYBOOKS = ("terminals.yml", "servers.yml")
PLAYBOOK_OF_KIND = {"terminal": "terminals.yml", "server": "servers.yml"}
LAB_HOSTS_LOCK = "lab-hosts.lock"
"""Lock file, beside pytest's temporary folders, that serialises the starts of lab hosts."""
DOT1X_CONF = "/etc/wpa_supplicant/wpa_supplicant-wired-eth0.conf"


@dataclass(frozen=True)
class Run:
    """One ansible-playbook run within a step: the playbook, its extra arguments and executor."""

    playbook: str
    extra: tuple[str, ...] = ()
    mitogen: bool = False

    def log_name(self, step: str) -> str:
        """Return the name of the file that keeps this run's output (profile_tasks timings)."""
        suffix = "-mitogen" if self.mitogen else ""
        return f"{step}-{self.playbook.removesuffix('.yml')}{suffix}.log"


class Flow:
    """The started lab and what the steps measured."""

    def __init__(self, lab: LabHosts, entries: dict[str, HostEntry], folder: Path) -> None:
        self.lab = lab
        self.entries = entries
        self.folder = folder
        self.inventory = write_inventory(
            folder, lab, entries, lab.ca_certificate.read_text(encoding="ascii")
        )
        self.context = write_context(folder, lab, entries)
        self.timings: dict[str, float] = {}

    def hosts_cpu(self) -> float:
        """Return the CPU seconds every lab container (hosts and services) used so far."""
        names = [*self.entries, services.SERVICES_NAME]
        return sum(cgroups.cpu_seconds(name) or 0.0 for name in names)

    def converge(self, step: str, runs: Sequence[Run]) -> dict[str, dict[str, int]]:
        """Start ``runs`` at once (they touch different hosts) and return the merged recap."""
        hosts_before = self.hosts_cpu()
        controller_before = os.times()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(runs)) as pool:
            results = list(
                pool.map(
                    lambda run: run_playbook(
                        self.folder,
                        self.lab,
                        self.inventory,
                        run.playbook,
                        *run.extra,
                        mitogen=run.mitogen,
                    ),
                    runs,
                )
            )
        self.timings[step] = round(time.monotonic() - started, 1)
        # CPU seconds of the step: Ansible on the controller (with ssh), and
        # the modules inside the containers. Other load inflates them less.
        controller_after = os.times()
        self.timings[f"{step}_controller_cpu"] = round(
            controller_after.children_user
            + controller_after.children_system
            - controller_before.children_user
            - controller_before.children_system,
            1,
        )
        self.timings[f"{step}_hosts_cpu"] = round(self.hosts_cpu() - hosts_before, 1)
        counts: dict[str, dict[str, int]] = {}
        for run, result in zip(runs, results, strict=True):
            (self.folder / run.log_name(step)).write_text(
                result.stdout + result.stderr, encoding="utf-8"
            )
            assert result.returncode == 0, (
                f"{run.playbook} {' '.join(run.extra)} failed:\n"
                f"{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
            )
            counts.update(recap(result.stdout))
        return counts

    def one_per_kind(self) -> dict[str, str]:
        """Return the first host of each kind, by name."""
        first: dict[str, str] = {}
        for name, entry in sorted(self.entries.items()):
            first.setdefault(entry.kind, name)
        return first


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    try:
        system.check_prerequisites()
    except LabHostsUnavailable as err:
        pytest.skip(str(err))
    lab = LabHosts(STATE / "lab-test", cache_dir=CACHE)
    lab.reset()  # factory-fresh hosts, so the first run converges from scratch
    # One lab at a time owns the lab range: test workers that start lab hosts take this lock.
    lock = (tmp_path_factory.getbasetemp().parent / LAB_HOSTS_LOCK).open("a")
    fcntl.flock(lock, fcntl.LOCK_EX)
    load_start = round(os.getloadavg()[0], 2)
    cpu_before = os.times()
    started = time.monotonic()
    try:
        entries = lab.start(HOSTS, PROVINCIAL)
        up = time.monotonic() - started
        flow = Flow(lab, entries, tmp_path_factory.mktemp("lab-hosts"))
        flow.timings["up"] = round(up, 1)
        yield flow
    finally:
        lab.stop()
        lock.close()
        if "flow" in locals():
            close_ssh_masters(flow.folder)
        timings: dict[str, float] = flow.timings if "flow" in locals() else {}
        timings["total"] = round(time.monotonic() - started, 1)
        timings["load_start"] = load_start
        timings["load_end"] = round(os.getloadavg()[0], 2)
        # CPU seconds of this process and its children (ansible, ssh, nspawn
        # setup): a figure that other load on the machine inflates less.
        cpu_after = os.times()
        timings["cpu"] = round(
            sum(cpu_after[:4]) - sum(cpu_before[:4]),
            1,
        )
        record = REPO / "build" / "lab-hosts-timings.json"
        record.parent.mkdir(exist_ok=True)
        record.write_text(json.dumps(timings, indent=2), encoding="utf-8")


def close_ssh_masters(folder: Path) -> None:
    """Stop the ssh connection masters that Ansible and testinfra left running (ControlPersist)."""
    control = control_dir(folder)
    for socket in control.iterdir():
        if socket.is_socket():
            subprocess.run(
                ["ssh", "-o", f"ControlPath={socket}", "-O", "exit", "lab-host"],
                capture_output=True,
                timeout=10,
                check=False,
            )
    shutil.rmtree(control, ignore_errors=True)


# One test runs the steps in order: pytest-xdist spreads the tests of a module
# over its workers, and the steps share one lab that only one worker may start.
def test_lab_host_flow(flow: Flow) -> None:
    check_overlay_entries(flow)
    check_converge_then_no_change(flow)
    check_check_mode_no_change(flow)
    check_mitogen_rejects_wrong_host_key(flow)
    check_testinfra_passes(flow)
    check_eap_chain(flow)
    check_broken_promises_fail(flow)
    check_teardown_leaves_nothing(flow)


def check_overlay_entries(flow: Flow) -> None:
    assert sorted(flow.entries) == sorted(spec.name for spec in HOSTS)
    for spec in HOSTS:
        entry = flow.entries[spec.name].overlay()
        assert entry["host"] == str(spec.ipv4.ip)
        assert entry["port"] == 22
        assert str(entry["host_key"]).startswith("ssh-ed25519 ")
    assert all(status.running for status in flow.lab.status())


def first_converge_runs(flow: Flow) -> list[Run]:
    """Return the runs of the first converge: each role's first host on Ansible, the rest on Mitogen.

    Each role converges from scratch on Ansible's own executor, as
    production runs it (one Python process per task). The other hosts of
    the role get the same modules on Mitogen's persistent interpreters,
    which cost a few times less CPU in the hosts.
    """
    runs = []
    first = flow.one_per_kind()
    for kind, playbook in PLAYBOOK_OF_KIND.items():
        others = sorted(
            name
            for name, entry in flow.entries.items()
            if entry.kind == kind and name != first.get(kind)
        )
        if kind in first:
            runs.append(Run(playbook, ("--limit", first[kind])))
        if others:
            runs.append(Run(playbook, ("--limit", ",".join(others)), mitogen=True))
    return runs


def check_converge_then_no_change(flow: Flow) -> None:
    """Converge every host from scratch, then prove every host unchanged on Mitogen.

    changed=0 on Mitogen is still a property of the roles, because the same
    modules run, only in one interpreter per host.
    """
    first = flow.converge("first_run", first_converge_runs(flow))
    assert set(first) == set(flow.entries)
    assert all(counts["failed"] == 0 for counts in first.values())
    second = flow.converge("second_run", [Run(book, mitogen=True) for book in PLAYBOOKS])
    for host, counts in second.items():
        assert counts["changed"] == 0, f"{host} changed on the second run: {counts}"
        assert counts["failed"] == 0


def check_check_mode_no_change(flow: Flow) -> None:
    """Check mode runs through and reports no change, on one host of each role.

    Check mode is a promise of the role, not of a host: the second terminal
    has the same configuration as the first, and the real second run above
    already proved every host idempotent.
    """
    one_per_kind = flow.one_per_kind()
    limit = ("--check", "--limit", ",".join(one_per_kind.values()))
    counts = flow.converge("check_run", [Run(book, limit, mitogen=True) for book in PLAYBOOKS])
    assert set(counts) == set(one_per_kind.values())
    for host, host_counts in counts.items():
        assert host_counts["changed"] == 0, f"{host} in check mode: {host_counts}"


def check_mitogen_rejects_wrong_host_key(flow: Flow) -> None:
    """A run on Mitogen rejects a host whose key differs from the pinned one.

    The inventory pins the server's key for a terminal's address, as if
    another machine had taken that address. The run gets its own ssh control
    folder, so it reuses no connection that the earlier runs left open.
    """
    terminal, server = "THSY-T-A101", "THSY-SRV-01"
    wrong = {terminal: replace(flow.entries[terminal], host_key=flow.entries[server].host_key)}
    folder = flow.folder / "wrong-host-key"
    inventory = write_inventory(
        folder, flow.lab, wrong, flow.lab.ca_certificate.read_text(encoding="ascii")
    )
    try:
        result = run_playbook(folder, flow.lab, inventory, "terminals.yml", mitogen=True)
    finally:
        close_ssh_masters(folder)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-4000:]
    assert recap(result.stdout)[terminal]["unreachable"] == 1, output[-4000:]
    assert "host key" in output, output[-4000:]


def check_testinfra_passes(flow: Flow) -> None:
    started = time.monotonic()
    result = run_testinfra(flow.context)
    flow.timings["testinfra"] = round(time.monotonic() - started, 1)
    assert result.returncode == 0, result.stdout[-8000:]
    summary = re.search(r"(\d+) passed", result.stdout)
    assert summary is not None
    flow.timings["testinfra_tests"] = int(summary.group(1))


def _ssh(flow: Flow, name: str, command: str) -> None:
    subprocess.run(
        ["ssh", "-F", os.fspath(flow.folder / "ssh_config"), flow.entries[name].host, command],
        check=True,
        timeout=60,
        capture_output=True,
    )


def _ssh_output(flow: Flow, name: str, command: str) -> str:
    result = subprocess.run(
        ["ssh", "-F", os.fspath(flow.folder / "ssh_config"), flow.entries[name].host, command],
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    )
    return result.stdout


def _eapol_test(flow: Flow, config: str, label: str) -> str:
    """Run eapol_test with ``config`` against the lab's provincial RADIUS server; return its output."""
    path = flow.folder / f"eapol-{label}.conf"
    path.write_text(config, encoding="utf-8")
    path.chmod(0o600)
    secret = flow.lab.secret(PROVINCIAL.radius_secret)
    result = subprocess.run(
        [
            "eapol_test",
            "-c",
            os.fspath(path),
            "-a",
            str(PROVINCIAL.radius[0]),
            "-s",
            secret,
            "-t",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout + result.stderr


def check_eap_chain(flow: Flow) -> None:
    """A terminal's own 802.1X settings authenticate; the same settings with another CA fail.

    The terminal's supplicant file and the CA it names are read from the
    terminal, so the test proves that what the terminal trusts accepts the
    EAP certificate the lab CA issued to the lab's FreeRADIUS, and nothing else.
    """
    assert shutil.which("eapol_test"), "eapol_test is missing: run scripts/ensure-apt eapoltest"
    name = "THSY-T-A101"
    config = _ssh_output(flow, name, f"cat {DOT1X_CONF}")
    ca_path = re.search(r'^\s*ca_cert="([^"]+)"', config, re.MULTILINE)
    assert ca_path is not None, config
    local_ca = flow.folder / "terminal-ca.crt"
    local_ca.write_text(_ssh_output(flow, name, f"cat {ca_path.group(1)}"), encoding="ascii")
    trusted = config.replace(ca_path.group(1), os.fspath(local_ca))
    output = _eapol_test(flow, trusted, "trusted")
    assert output.rstrip().endswith("SUCCESS"), output[-3000:]
    other_ca = ensure_ca(flow.folder / "other-ca")
    output = _eapol_test(flow, config.replace(ca_path.group(1), os.fspath(other_ca)), "other-ca")
    assert output.rstrip().endswith("FAILURE"), output[-3000:]
    assert "certificate verify failed" in output or "unable to get local issuer" in output
    wrong_name = re.sub(r'domain_match="[^"]*"', 'domain_match="radius.example.lab"', trusted)
    output = _eapol_test(flow, wrong_name, "other-name")
    assert output.rstrip().endswith("FAILURE"), output[-3000:]


def check_broken_promises_fail(flow: Flow) -> None:
    """Break two promises by hand; exactly the matching testinfra tests must fail."""
    ntp_host, ssh_host = "THSY-T-A101", "THSY-T-A102"
    _ssh(flow, ntp_host, "sed -i '/^server /d' /etc/chrony/chrony.conf")
    _ssh(
        flow,
        ssh_host,
        "sed -i '1i PasswordAuthentication yes' /etc/ssh/sshd_config && systemctl reload ssh",
    )
    result = run_testinfra(
        flow.context, "-k", "test_chrony_uses_provincial_servers or test_sshd_keys_only"
    )
    failed = set(re.findall(r"^FAILED \S+::(\w+\[[\w-]+\])", result.stdout, re.MULTILINE))
    assert failed == {
        f"test_chrony_uses_provincial_servers[{ntp_host}]",
        f"test_sshd_keys_only[{ssh_host}]",
    }, result.stdout[-4000:]


def check_teardown_leaves_nothing(flow: Flow) -> None:
    started = time.monotonic()
    flow.lab.stop()
    flow.timings["down"] = round(time.monotonic() - started, 1)
    tag = flow.lab.tag
    assert network.namespaces_with_tag(tag) == []
    assert network.links_with_tag(tag) == []
    assert not network.link_exists(network.bridge_name(tag))
    tables = system.run(["nft", "list", "tables"]).stdout.splitlines()
    assert f"table inet {network.nft_table(tag)}" not in tables
    assert system.mounts_under(flow.lab.root) == []
    names = [*(spec.name for spec in HOSTS), services.SERVICES_NAME]
    assert [
        folder for name in names for folder in cgroups.folders_of(name) if folder.exists()
    ] == []
    assert not [
        folder
        for hierarchy in cgroups.HIERARCHIES
        for folder in (cgroups.CGROUP_ROOT / hierarchy).glob(cgroups.BUILD_PREFIX + "*")
        if not folder.name.endswith(f"-{os.getpid()}") and not cgroups.processes(folder)
    ]
    assert not flow.lab.run_file.exists()
