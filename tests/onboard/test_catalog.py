"""The hardware catalogue states, per entry, how far its values were checked."""

from __future__ import annotations

from campusctl.inventory import load_inventory
from campusctl.inventory.model.catalog import SourceStatus
from tests.conftest import SAMPLE


def test_catalog_entries_state_source_status() -> None:
    catalog = load_inventory(SAMPLE).catalog
    assert catalog
    for name, model in catalog.items():
        assert model.source_status in SourceStatus, name
        assert model.checked, f"{name}: no 'checked' note says what was compared"


def test_catalog_unverified_entries_say_so() -> None:
    catalog = load_inventory(SAMPLE).catalog
    unverified = [m for m in catalog.values() if m.source_status is SourceStatus.UNVERIFIED]
    assert unverified
    for model in unverified:
        assert model.checked is not None
        assert "unchecked" in model.checked, model.name
