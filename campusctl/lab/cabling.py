"""Cables moved by the miscabling fault, kept consistent at both ends.

A real miscabling moves one cable: the port it now sits in sees the new far
end, the far end sees this port, and the ports the cable and the far end's
old cable left behind see no one and go down. :func:`move_cable` applies
that to every emulated device the move touches. A far end the lab does not
emulate (a rogue switch, say) only changes the near end.
"""

from __future__ import annotations

from collections.abc import Mapping

from campusctl.lab.runtime import DeviceRuntime

UNKNOWN_NEIGHBOR = ("UNEXPECTED-SW", "GigabitEthernet0/0/48")

Port = tuple[str, str]  # (device, port)


def far_end(runtime: DeviceRuntime, port: str) -> Port | None:
    """Return the device and port at the far end of ``port``'s cable, or None."""
    faults = runtime.faults
    if port in faults.miscabled:
        return faults.miscabled[port]
    if port in faults.unplugged:
        return None
    for neighbor in runtime.spec.neighbors:
        if neighbor.local_port == port:
            return neighbor.device, neighbor.port
    return None


def _unplug(runtimes: Mapping[str, DeviceRuntime], end: Port) -> str | None:
    runtime = runtimes.get(end[0])
    if runtime is None:
        return None
    runtime.faults.miscabled.pop(end[1], None)
    runtime.faults.unplugged.add(end[1])
    return runtime.name


def _plug(runtime: DeviceRuntime, port: str, far: Port) -> None:
    runtime.faults.unplugged.discard(port)
    runtime.faults.miscabled[port] = far


def move_cable(
    runtimes: Mapping[str, DeviceRuntime], device: str, port: str, far: Port
) -> set[str]:
    """Cable ``device`` ``port`` to ``far``; return the names of the devices changed.

    :raise KeyError: when ``device`` is not in the lab.
    :raise ValueError: when ``port`` is not a port of ``device``, or ``far``
        names a lab device without that port.
    """
    runtime = runtimes[device]
    if port not in runtime.spec.interfaces:
        raise ValueError(f"{device} has no port {port}")
    peer = runtimes.get(far[0])
    if peer is not None and far[1] not in peer.spec.interfaces:
        raise ValueError(f"{far[0]} has no port {far[1]}")

    changed = {device}
    for left in (far_end(runtime, port), far_end(peer, far[1]) if peer else None):
        if left is not None and left not in ((device, port), far):
            name = _unplug(runtimes, left)
            if name is not None:
                changed.add(name)

    _plug(runtime, port, far)
    if peer is not None:
        _plug(peer, far[1], (device, port))
        changed.add(peer.name)
    return changed


class CableFaults:
    """The miscabling faults of a lab: cables moved on request and put back on clear.

    It works on any mapping of runtimes: the lab server's own devices, or the
    supervisor's copies of every device when several processes serve the lab.
    """

    def __init__(self, runtimes: Mapping[str, DeviceRuntime]) -> None:
        self.runtimes = runtimes
        # Device whose miscabling fault moved cables -> the devices whose cabling changed.
        self._moved: dict[str, set[str]] = {}

    def miscable(self, device: str, value: str) -> set[str]:
        """Apply a ``PORT=DEVICE:PORT`` miscabling fault; return the devices changed.

        Without a port, the device's first cabled port (or its first port) is
        moved. Without a far end, the cable goes to a switch the lab does not
        emulate.

        :raise KeyError: when ``device`` is not in the lab.
        :raise ValueError: when a port does not exist (see :func:`move_cable`).
        """
        runtime = self.runtimes[device]
        port, _, rest = value.partition("=")
        remote_device, _, remote_port = rest.partition(":")
        if not port:
            port = (
                runtime.spec.neighbors[0].local_port
                if runtime.spec.neighbors
                else runtime.spec.interfaces[0]
            )
        far = (remote_device or UNKNOWN_NEIGHBOR[0], remote_port or UNKNOWN_NEIGHBOR[1])
        changed = move_cable(self.runtimes, device, port, far)
        self._moved.setdefault(device, set()).update(changed)
        return changed

    def restore(self, device: str | None = None) -> set[str]:
        """Put back the cables of every fault that involves ``device``; return the devices changed.

        Clearing either end of a moved cable puts back every cable of that
        fault, on all the devices it changed (and any other cable moved on
        those devices). ``None`` puts back every cable of the lab.
        """
        if device is None:
            origins = list(self._moved)
        else:
            origins = [o for o, moved in self._moved.items() if device == o or device in moved]
        changed: set[str] = set()
        for origin in origins:
            changed |= self._moved.pop(origin) | {origin}
        for name in changed:
            runtime = self.runtimes.get(name)
            if runtime is not None:
                runtime.faults.miscabled.clear()
                runtime.faults.unplugged.clear()
        return changed
