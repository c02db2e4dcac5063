"""How long to wait before the next try, after `attempt` failures in a row: one rule for every retry.

The delay doubles (by `factor`) from `initial_s` up to `max_s`. With `jitter` a part of it is
drawn at random (0.5: uniform between half and the whole), so a fleet of terminals that lost
the bureau together does not come back in step. Device supervisors reconnect without jitter
(one device, one port); the outbox sync uses it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Backoff:
    initial_s: float = 0.5
    factor: float = 2.0
    max_s: float = 30.0
    jitter: float = 0.0  # the random part of a delay, 0 (none) to 1 (anything from 0 to the ceiling)
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def ceiling(self, attempt: int) -> float:
        """The longest wait after `attempt` failures (0: the first retry)."""
        return min(self.max_s, self.initial_s * self.factor ** min(max(0, attempt), 64))

    def delay(self, attempt: int) -> float:
        ceiling = self.ceiling(attempt)
        return self.rng.uniform(ceiling * (1 - self.jitter), ceiling) if self.jitter else ceiling
