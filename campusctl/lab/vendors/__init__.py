"""Per-platform CLI engines of the emulated devices."""
