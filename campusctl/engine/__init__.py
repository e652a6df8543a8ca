"""The change engine: plan, apply, verify, save and roll back, device by device."""
