"""Staged rollout: a canary batch, then batches, stopping when too many devices fail."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from campusctl.engine.redact import redact
from campusctl.engine.transaction import DeviceResult, Outcome, Transaction
from campusctl.engine.workers import WorkerPool, default_workers
from campusctl.i18n import N_, _

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
    workers: int | None = 1
    """Worker processes that share ``concurrency``; None means one per CPU, 1 runs threads here."""


def batches(items: Sequence[Transaction], policy: RolloutPolicy) -> list[list[Transaction]]:
    """Split the transactions into the canary batch and the following batches."""
    canary = list(items[: policy.canary])
    rest = list(items[policy.canary :])
    groups = [canary] if canary else []
    size = max(policy.batch_size, 1)
    groups.extend(rest[i : i + size] for i in range(0, len(rest), size))
    return groups


def run_transaction(transaction: Transaction) -> DeviceResult:
    """Run one transaction: the job each worker runs, by name, whatever the transaction's class."""
    return transaction.run()


class RolloutAbandoned(KeyboardInterrupt):
    """A second Ctrl-C abandoned the devices whose change was still running."""

    def __init__(self, devices: Sequence[str]) -> None:
        super().__init__(", ".join(devices))
        self.devices = list(devices)


def _skipped(transaction: Transaction, reason: str) -> DeviceResult:
    return DeviceResult(
        transaction.access.name, transaction.access.school, Outcome.SKIPPED, error=reason
    )


def _lost(transaction: Transaction, reason: str) -> DeviceResult:
    """Return the result of a transaction that ended without one (a dead worker, an error).

    The parent writes the device's final audit record and rolls it back to the
    backup its change saved, if the change had started.
    """
    # NOTE: the rollback runs in the parent's result loop, so results of the
    # other workers wait until it ends (seconds per lost device).
    try:
        return transaction.recover(reason)
    except Exception as err:  # the recovery itself failed: the device's state is unknown
        log.exception(N_("%s: recovery after a lost change failed"), transaction.access.name)
        return DeviceResult(
            transaction.access.name,
            transaction.access.school,
            Outcome.ROLLBACK_FAILED,
            error=_(
                "the change of {device} ended unexpectedly ({reason}) and its recovery failed "
                "({error}); compare its running config with its backup before the next run"
            ).format(device=transaction.access.name, reason=reason, error=redact(str(err))),
        )


def _abandon(transaction: Transaction) -> None:
    """Write the audit record of a change abandoned mid-run, logging a failure to write it."""
    try:
        transaction.abandon()
    except Exception as err:  # the run is ending: the message on the console still names it
        log.error(
            N_("%s: the audit record of the abandoned change failed: %s"),
            transaction.access.name,
            redact(str(err)),
        )


def count_failed(results: Iterable[DeviceResult]) -> int:
    """Return how many results failed; skipped devices are not counted."""
    return sum(1 for r in results if not r.ok and r.outcome is not Outcome.SKIPPED)


def roll_out(
    transactions: Sequence[Transaction],
    policy: RolloutPolicy,
    on_result: Callable[[DeviceResult], None] | None = None,
) -> list[DeviceResult]:
    """Run the transactions batch by batch; return one result per device, in input order.

    After an interrupt (Ctrl-C) no further device starts: the rest come back as skipped.
    """
    results: dict[str, DeviceResult] = {}
    failed = 0
    stop_reason: str | None = None
    workers = policy.workers or default_workers()
    with WorkerPool(min(workers, max(1, len(transactions))), policy.concurrency) as pool:
        for number, batch in enumerate(batches(transactions, policy), start=1):
            if stop_reason is None and pool.interrupted:
                stop_reason = _("interrupted")
            if stop_reason is not None:
                for transaction in batch:
                    skipped = _skipped(transaction, stop_reason)
                    results[transaction.access.name] = skipped
                    if on_result:
                        on_result(skipped)
                continue
            log.info("batch %d: %d device(s)", number, len(batch))
            try:
                done_batch = pool.run(
                    run_transaction,
                    batch,
                    failed=_lost,
                    skipped=_skipped,
                    on_result=on_result,
                )
            except KeyboardInterrupt as err:
                running = pool.abandoned
                for transaction in running:
                    _abandon(transaction)
                raise RolloutAbandoned([t.access.name for t in running]) from err
            for result in done_batch:
                results[result.device] = result
            failed += count_failed(done_batch)
            done = sum(1 for r in results.values() if r.outcome is not Outcome.SKIPPED)
            if done and failed * 100 / done > policy.max_fail_percent:
                skipped_count = len(transactions) - done
                log.error(
                    N_("stopping the rollout: %d of %d finished devices failed, %d skipped"),
                    failed,
                    done,
                    skipped_count,
                )
                is_canary = number == 1 and policy.canary > 0
                stop_reason = (
                    _("the canary failed")
                    if is_canary
                    else _("the rollout stopped after {failed} failures in batch {batch}").format(
                        failed=failed, batch=number
                    )
                )
    return [results[t.access.name] for t in transactions]
