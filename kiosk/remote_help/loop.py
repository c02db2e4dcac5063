"""The media thread: one asyncio loop, off the GUI thread, that runs calls and encodes media.

The GUI thread only hands it work (`submit`) and never waits for an answer: results come back
as Qt signals emitted from this thread (queued to the GUI thread by Qt).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any

STOP_S = 5.0


class MediaLoop:
    def __init__(self, name: str = "remote-help media") -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.run_until_complete(self._loop.shutdown_default_executor())  # its worker threads too
        self._loop.close()

    def submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call_soon(self, fn: Any, *args: Any) -> None:
        self._loop.call_soon_threadsafe(fn, *args)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, cleanup: Coroutine[Any, Any, Any] | None = None) -> None:
        """Run `cleanup` (e.g. hang up), then end the thread; waits at most STOP_S."""
        if not self._thread.is_alive():
            if cleanup is not None:
                cleanup.close()
            return
        if cleanup is not None:
            future = self.submit(cleanup)
            try:
                future.result(STOP_S)
            except Exception:  # noqa: BLE001 (stopping anyway)
                future.cancel()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(STOP_S)
