"""Staged rollout: a canary batch, then batches, stopping when too many devices fail."""

from __future__ import annotations

import logging
from collections import Counter
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
    """Worker processes that share ``concurrency``; None means one more than the CPUs, 1 runs threads here."""


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
    backup its change saved, if the change had started. The pool calls this on
    a thread of its own, so the results of the other devices go on meanwhile.
    """
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


class _Stages:
    """The batches of a rollout: which may start, and when the rollout stops.

    A batch waits for the batches before it only while their outcome could
    still stop the rollout. Once even the failure of every device still
    running in them would keep the failed share within the threshold, the
    next batch starts as threads free up, instead of waiting for the slowest
    device. The devices a run changes, and where it stops, stay those of
    strict batch-by-batch waiting.

    A worker process may therefore run devices of two batches when it dies.
    Strict waiting would have started the devices of the later batch only
    after the death, so :meth:`rerun_lost` lets them run again.
    """

    def __init__(self, groups: Sequence[Sequence[Transaction]], policy: RolloutPolicy) -> None:
        self.policy = policy
        self.sizes = [len(group) for group in groups]
        self.batch_of: dict[str, int] = {}
        self.first_keys: dict[int, int] = {}
        key = 0
        for number, group in enumerate(groups):
            self.first_keys[key] = number
            for transaction in group:
                self.batch_of[transaction.access.name] = number
            key += len(group)
        self.finished = [0] * len(groups)
        self.failed = [0] * len(groups)
        self.stop_reason: str | None = None

    def record(self, result: DeviceResult) -> None:
        """Count a finished device in its batch. Skipped devices are not counted."""
        if result.outcome is Outcome.SKIPPED:
            return
        number = self.batch_of[result.device]
        self.finished[number] += 1
        if not result.ok:
            self.failed[number] += 1

    def rerun_lost(
        self, transaction: Transaction, result: DeviceResult, lost: Sequence[Transaction]
    ) -> bool:
        """Decide whether a device lost with its worker process runs once more; log a rerun.

        ``lost`` lists every device that the worker was running when it died.
        Those of its earliest batch fail, as under strict waiting. A device of
        a later batch runs again when its recovery left it as it was before
        the change: ``failed`` means that nothing was pushed, and
        ``rolled_back`` that the rollback to its backup was verified. Only
        the second outcome is counted, once that run ends. Either outcome
        also means that no revert timer of the lost run is left on the
        device: the recovery cancels it, or ends ``rollback_failed``.
        """
        if result.outcome not in (Outcome.FAILED, Outcome.ROLLED_BACK):
            return False
        earliest = min(self.batch_of[t.access.name] for t in lost)
        if self.batch_of[transaction.access.name] == earliest:
            return False
        log.warning(
            N_(
                "%s: lost with its worker process, which was also running batch %d; "
                "running it again on another worker process"
            ),
            transaction.access.name,
            earliest + 1,
        )
        return True

    def admit(self, key: int) -> bool | str:
        """Return True when the device at ``key`` may start, False to wait, or the stop reason."""
        number = self.first_keys.get(key)
        if number is None or number == 0:
            return True  # inside a batch that has started
        if self.stop_reason is not None:
            return self.stop_reason
        limit = self.policy.max_fail_percent
        devices = failed = unfinished = 0
        for earlier in range(number):
            devices += self.sizes[earlier]
            failed += self.failed[earlier]
            unfinished += self.sizes[earlier] - self.finished[earlier]
            if unfinished == 0 and failed * 100 / devices > limit:
                self.stop_reason = self._stop(earlier, failed, devices)
                return self.stop_reason
            if (failed + unfinished) * 100 / devices > limit:
                return False
        log.info(N_("batch %d: %d device(s)"), number + 1, self.sizes[number])
        return True

    def finish(self) -> None:
        """Log the stop of a rollout whose last batch crossed the threshold, as after any batch."""
        if self.stop_reason is not None:
            return
        done = sum(self.finished)
        failed = sum(self.failed)
        if done and failed * 100 / done > self.policy.max_fail_percent:
            self.stop_reason = self._stop(len(self.sizes) - 1, failed, done)

    def _stop(self, number: int, failed: int, done: int) -> str:
        skipped = sum(self.sizes) - done
        log.error(
            N_("stopping the rollout: %d of %d finished devices failed, %d skipped"),
            failed,
            done,
            skipped,
        )
        if number == 0 and self.policy.canary > 0:
            return _("the canary failed")
        return _("the rollout stopped after {failed} failures in batch {batch}").format(
            failed=failed, batch=number + 1
        )


def roll_out(
    transactions: Sequence[Transaction],
    policy: RolloutPolicy,
    on_result: Callable[[DeviceResult], None] | None = None,
) -> list[DeviceResult]:
    """Run the transactions batch by batch; return one result per device, in input order.

    After an interrupt (Ctrl-C) no further device starts: the rest come back as skipped.
    """
    counts = Counter(t.access.name for t in transactions)
    repeated = sorted(name for name, count in counts.items() if count > 1)
    if repeated:
        # Results and batch counts are kept by device name.
        raise ValueError(f"devices listed more than once in the rollout: {', '.join(repeated)}")
    groups = batches(transactions, policy)
    stages = _Stages(groups, policy)

    def finished(result: DeviceResult) -> None:
        stages.record(result)
        if on_result is not None:
            on_result(result)

    workers = policy.workers or default_workers()
    if groups:
        log.info(N_("batch %d: %d device(s)"), 1, len(groups[0]))
    with WorkerPool(min(workers, max(1, len(transactions))), policy.concurrency) as pool:
        try:
            done = pool.run(
                run_transaction,
                list(transactions),
                failed=_lost,
                skipped=_skipped,
                on_result=finished,
                admit=stages.admit,
                rerun=stages.rerun_lost,
            )
        except KeyboardInterrupt as err:
            running = pool.abandoned
            for transaction in running:
                _abandon(transaction)
            raise RolloutAbandoned([t.access.name for t in running]) from err
    stages.finish()
    results = {result.device: result for result in done}
    return [results[t.access.name] for t in transactions]
