"""Synthetic province inventories for benchmarks (never for production data)."""

from campusctl.synth.province import SCHOOL_MIX, SchoolShape, generate_province

__all__ = ["SCHOOL_MIX", "SchoolShape", "generate_province"]
