"""Configuration generation: inventory → intent → vendor configuration text."""
