"""Staged rollout: a canary batch, then batches, stopping when too many devices fail."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from campusctl.engine.transaction import DeviceResult, Outcome, Transaction
from campusctl.i18n import N_

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RolloutPolicy:
    """Batch sizes, concurrency and the failure threshold of a rollout."""

    concurrency: int = 32
    canary: int = 1
    """Devices changed first, alone, before any batch."""
    batch_size: int = 100
    max_fail_percent: float = 10.0
    """Stop starting new batches once more than this share of finished devices failed."""


def batches(items: Sequence[Transaction], policy: RolloutPolicy) -> list[list[Transaction]]:
    """Split the transactions into the canary batch and the following batches."""
    canary = list(items[: policy.canary])
    rest = list(items[policy.canary :])
    groups = [canary] if canary else []
    size = max(policy.batch_size, 1)
    groups.extend(rest[i : i + size] for i in range(0, len(rest), size))
    return groups


def roll_out(
    transactions: Sequence[Transaction],
    policy: RolloutPolicy,
    on_result: Callable[[DeviceResult], None] | None = None,
) -> list[DeviceResult]:
    """Run the transactions batch by batch; return one result per device, in input order."""
    results: dict[str, DeviceResult] = {}
    failed = 0
    stopped = False
    for number, batch in enumerate(batches(transactions, policy), start=1):
        if stopped:
            for transaction in batch:
                skipped = DeviceResult(
                    transaction.access.name, transaction.access.school, Outcome.SKIPPED
                )
                results[transaction.access.name] = skipped
                if on_result:
                    on_result(skipped)
            continue
        log.info("batch %d: %d device(s)", number, len(batch))
        with ThreadPoolExecutor(max_workers=max(1, min(policy.concurrency, len(batch)))) as pool:
            for result in pool.map(Transaction.run, batch):
                results[result.device] = result
                failed += not result.ok
                if on_result:
                    on_result(result)
        done = len(results)
        if done and failed * 100 / done > policy.max_fail_percent:
            log.error(N_("stopping the rollout: %d of %d devices failed"), failed, done)
            stopped = True
    return [results[t.access.name] for t in transactions]
