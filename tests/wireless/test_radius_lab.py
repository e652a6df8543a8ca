"""802.1X through a lab controller, end to end, against the lab's FreeRADIUS.

A station associates to the staff SSID of each sample controller. The
controller reads the server and shared secret from its running
configuration, runs the EAP exchange with the FreeRADIUS of the lab's
services container and records the outcome in its client table. The
container serves RADIUS on the provincial RADIUS address and on the school
servers' addresses that two sample schools use instead.

Needs root and systemd-nspawn, and the lab's address range free of other
labs. The cached layers live in ``state/lab/linux`` as for the other
lab-host tests, and the container runs in its own lab folder.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from campusctl.inventory import Inventory
from campusctl.lab.configtree import parse
from campusctl.lab.console import new_runtime
from campusctl.lab.inventory import lab_devices
from campusctl.lab.linux import LabHosts, LabHostsUnavailable, ProvincialServices, system
from campusctl.lab.linux.errors import LabHostError
from campusctl.lab.linux.network import bridge_name, netns_name
from campusctl.lab.linux.selection import provincial_services
from campusctl.lab.linux.services import SERVICES_NAME
from campusctl.lab.radius import RadiusError
from campusctl.lab.runtime import DeviceRuntime
from campusctl.lab.vendors.registry import vendor_class
from campusctl.lab.wlan_clients import associate
from campusctl.render.engine import Renderer
from campusctl.render.intent import device_intent
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore
from tests.wireless.conftest import SAMPLE

pytestmark = [pytest.mark.hosts, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("CAMPUSCTL_STATE", REPO / "state"))
LAB_SECRETS = REPO / "tests" / "render" / "data" / "lab-secrets.yml"
CONTROLLERS = ("HYXX-WLC-01", "SQZX-WLC-01", "PYZJ-WLC-01", "YCSY-WLC-01")
STAFF_SSID = "GDEDU-Staff"
LAB_HOSTS_LOCK = "lab-hosts.lock"
"""Lock file, beside pytest's temporary folders, that serialises the starts of lab hosts."""


class RadiusLab:
    """The started services container and the lab account it authenticates."""

    def __init__(self, lab: LabHosts) -> None:
        self.lab = lab
        self.bridge = bridge_name(lab.tag)
        secrets = lab.secrets()
        self.user = secrets.radius_user
        self.password = secrets.radius_password


@pytest.fixture(scope="module")
def radius_lab(sample: Inventory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadiusLab]:
    try:
        system.check_prerequisites()
    except LabHostsUnavailable as err:
        pytest.skip(str(err))
    shared = yaml.safe_load(LAB_SECRETS.read_text(encoding="utf-8"))["radius_shared_secret"]
    lab = LabHosts(STATE / "lab-wireless", cache_dir=STATE / "lab" / "linux")
    # One lab at a time owns the lab range: test workers that start lab hosts take this lock.
    lock_path = tmp_path_factory.getbasetemp().parent / LAB_HOSTS_LOCK
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            lab.start([], _services(sample), radius_secret=shared)
        except LabHostError as err:
            # Another lab (another test run) owns the lab range; start() removed what it made.
            pytest.skip(f"lab hosts unavailable: {err}")
        try:
            _wait_for_radius(lab)
            yield RadiusLab(lab)
        finally:
            lab.stop()


def _services(sample: Inventory) -> ProvincialServices:
    """Return the provincial services, serving RADIUS on every controller's server too."""
    provincial = provincial_services(sample)
    servers = set(provincial.radius)
    for school in sample.schools.values():
        for device in school.devices:
            intent = device_intent(sample, school, device)
            if intent.wlan is not None:
                servers.update(s.address for s in intent.wlan.radius)
    return dataclasses.replace(provincial, radius=tuple(sorted(servers, key=str)))


def _wait_for_radius(lab: LabHosts, seconds: float = 30.0) -> None:
    """Wait until FreeRADIUS listens in the services container; it starts after sshd."""
    namespace = netns_name(lab.tag, SERVICES_NAME)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        listening = subprocess.run(
            ["ip", "netns", "exec", namespace, "ss", "-Hlun", "sport", "=", ":1812"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if listening.strip():
            return
        time.sleep(0.2)
    pytest.fail(f"FreeRADIUS did not listen on port 1812 within {seconds:.0f} s")


def _controller(sample: Inventory, name: str) -> DeviceRuntime:
    """Return a lab controller running its full rendered configuration."""
    renderer = Renderer(SecretStore(sample.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)}))
    school, device = next(
        (s, d) for s in sample.schools.values() for d in s.devices if d.name == name
    )
    text = renderer.render(device_intent(sample, school, device), "0" * 64)
    spec = next(d for d in lab_devices(SAMPLE) if d.name == name)
    runtime = new_runtime(spec)
    runtime.running = parse(text, vendor_class(spec).style)
    return runtime


@pytest.mark.parametrize("name", CONTROLLERS)
def test_staff_account_accepted(radius_lab: RadiusLab, sample: Inventory, name: str) -> None:
    runtime = _controller(sample, name)
    client = associate(runtime, STAFF_SSID, radius_lab.user, radius_lab.password, radius_lab.bridge)
    assert client.outcome == "accept"
    assert client.server.endswith(":1812")
    assert runtime.wlan_clients == [client]


@pytest.mark.parametrize("name", CONTROLLERS)
def test_wrong_password_rejected(radius_lab: RadiusLab, sample: Inventory, name: str) -> None:
    runtime = _controller(sample, name)
    client = associate(
        runtime, STAFF_SSID, radius_lab.user, "not-" + radius_lab.password, radius_lab.bridge
    )
    assert client.outcome == "reject"
    assert runtime.wlan_clients[-1].outcome == "reject"


def test_wrong_shared_secret_unanswered(radius_lab: RadiusLab, sample: Inventory) -> None:
    runtime = _controller(sample, "HYXX-WLC-01")
    for node in runtime.running.children:
        if node.text == "radius scheme campus-wlan":
            for line in node.children:
                line.text = line.text.replace("LabRadiusKey-2026", "Wrong-Key-0000")
    client = associate(
        runtime,
        STAFF_SSID,
        radius_lab.user,
        radius_lab.password,
        radius_lab.bridge,
        timeout=0.5,
    )
    # FreeRADIUS drops a request whose Message-Authenticator the secret does not verify.
    assert client.outcome == "timeout"


def test_portal_ssid_not_dot1x(radius_lab: RadiusLab, sample: Inventory) -> None:
    runtime = _controller(sample, "HYXX-WLC-01")
    with pytest.raises(RadiusError, match=r"does not use 802\.1X"):
        associate(runtime, "GDEDU-Guest", radius_lab.user, radius_lab.password, radius_lab.bridge)
