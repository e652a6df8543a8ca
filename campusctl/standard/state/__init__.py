"""State checks: the running network, read through NAPALM getters, against the inventory."""
