"""Configuration checks: vendor configs parsed with hier_config into typed facts, then judged."""
