"""The inventory: the single source of truth for schools, devices and services."""

from campusctl.inventory.inventory import Inventory
from campusctl.inventory.loader import deep_merge, find_root, load_inventory
from campusctl.inventory.problems import InventoryInvalid, Problem

__all__ = ["Inventory", "InventoryInvalid", "Problem", "deep_merge", "find_root", "load_inventory"]
