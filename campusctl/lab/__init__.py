"""The embedded lab: emulated network devices and Linux hosts."""
