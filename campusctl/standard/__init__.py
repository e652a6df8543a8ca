"""The digital-campus standard as code: rules as data, checks, results and roll-ups."""
