"""The loaded inventory: the province, its schools and the hardware catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from campusctl.inventory.model import (
    City,
    Device,
    District,
    HardwareModel,
    Host,
    ProvinceFile,
    School,
)


@dataclass
class Inventory:
    """Everything under one inventory folder, validated."""

    root: Path
    province: ProvinceFile
    catalog: dict[str, HardwareModel]
    schools: dict[str, School] = field(default_factory=dict)

    def city(self, code: str) -> City:
        """Return the city with ``code``; raise KeyError when there is none."""
        for city in self.province.cities:
            if city.code == code:
                return city
        raise KeyError(code)

    def district(self, code: str) -> District:
        """Return the district with ``code``; raise KeyError when there is none."""
        return self.province.districts()[code][1]

    def devices(self) -> Iterator[tuple[School, Device]]:
        """Yield every device with its school, schools in code order."""
        for code in sorted(self.schools):
            school = self.schools[code]
            for device in school.devices:
                yield school, device

    def hosts(self) -> Iterator[tuple[School, Host]]:
        """Yield every Linux host with its school, schools in code order."""
        for code in sorted(self.schools):
            school = self.schools[code]
            for host in school.hosts:
                yield school, host

    def hardware(self, device: Device) -> HardwareModel | None:
        """Return the catalogue entry of the device's model."""
        return self.catalog.get(device.model)

    def interfaces(self, device: Device) -> list[str]:
        """Return every physical port name of ``device`` (empty when its model is unknown)."""
        model = self.hardware(device)
        return model.interfaces(device.stack_members) if model else []

    def schools_in(self, district: str) -> list[School]:
        """Return the schools of a district, in code order."""
        return [s for c, s in sorted(self.schools.items()) if s.district == district]
