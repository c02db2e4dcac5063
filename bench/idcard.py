"""Time of a full ID-card read (find → select → read base) by the real driver on the simulator.

A pseudo-terminal does not pace bytes at the baud rate, so it runs twice: unpaced (the driver's
own overhead) and with the simulator pacing its answers at 115200 baud, against the wire time
of the answer (1295 bytes) plus the short frames at 10 bits per byte.
Run: python bench/idcard.py [--reads N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from drivers.idcard.reader import SamReader
from drivers.idcard.record import CardType
from drivers.idcard.sim import SimulatedReader

BAUD = 115200
# find (10 + 15), select (10 + 19), read (10 + 1295) bytes on the wire
WIRE_BYTES = 10 + 15 + 10 + 19 + 10 + 1295


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=10)
    args = parser.parse_args()
    wire = WIRE_BYTES * 10 / BAUD
    print(f"wire time at {BAUD} baud for {WIRE_BYTES} bytes: {wire * 1000:.1f} ms "
          f"(answer alone, 1295 bytes: {1295 * 10 / BAUD * 1000:.1f} ms)")
    for pace in (0, BAUD):
        times = _measure(args.reads, pace)
        label = f"answers paced at {BAUD} baud" if pace else "unpaced (driver overhead only)"
        print(f"full read, {label}: median {statistics.median(times) * 1000:.1f} ms, "
              f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms over {len(times)} reads; "
              f"median / wire time {statistics.median(times) / wire:.2f}")


def _measure(reads: int, pace_baud: int) -> list[float]:
    sim = SimulatedReader(Path(tempfile.mkdtemp(prefix="bench-sam-")) / "ttySAM", pace_baud=pace_baud).start()
    reader = SamReader("id_reader", str(sim.link), baudrate=BAUD)
    reader.open()
    times = []
    try:
        for _ in range(reads):
            sim.lift()
            reader.poll()  # sees the card gone
            sim.place(CardType.RESIDENT)
            time.sleep(reader.min_poll_interval_s)  # the driver's own pause between finds is not read time
            t0 = time.perf_counter()
            done = reader.poll()
            times.append(time.perf_counter() - t0)
            assert done.ok and done.value is not None, done
    finally:
        reader.close()
        sim.stop()
    return sorted(times)


if __name__ == "__main__":
    main()
