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
