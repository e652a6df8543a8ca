"""Fixtures: fake switches on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from campusctl.drivers.connection import ConnectionParams
from campusctl.drivers.session import CampusSession
from campusctl.platforms import PlatformId
from tests.drivers.fakedevice import DeviceState, FakeDevice, run_fake_device

VRP_CONFIG = ["sysname SW-ACC-01", "#", *[f"vlan {v}" for v in range(2, 40)], "#"]


@pytest.fixture
def vrp_device() -> Iterator[FakeDevice]:
    yield from run_fake_device(DeviceState("vrp", "SW-ACC-01", config=list(VRP_CONFIG)))


@pytest.fixture
def ios_device() -> Iterator[FakeDevice]:
    yield from run_fake_device(DeviceState("ios", "core_sw.b1", secret="enable-secret"))


def params_for(device: FakeDevice, platform: PlatformId, **overrides: object) -> ConnectionParams:
    values: dict[str, object] = {
        "device": "TEST-DEVICE",
        "host": "127.0.0.1",
        "port": device.port,
        "username": "campus",
        "password": "lab-password",
        "platform": platform,
        "host_key": device.host_key,
        "secret": device.state.secret,
    }
    values.update(overrides)
    return ConnectionParams(**values)  # type: ignore[arg-type]


@pytest.fixture
def vrp_session(vrp_device: FakeDevice) -> Iterator[CampusSession]:
    session = CampusSession(params_for(vrp_device, PlatformId.HUAWEI_VRP))
    session.open()
    yield session
    session.close()
