"""What the bureau publishes about remote help: service hours and the ICE servers to use."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


@dataclass(frozen=True)
class RemoteHelpSettings:
    hours: str = ""  # "08:30-17:30" local time; empty = around the clock
    ice_servers: list[dict[str, Any]] = field(default_factory=list)  # RTCIceServer dicts (urls, username, credential)

    def __post_init__(self) -> None:
        if self.hours and not _HOURS.match(self.hours):
            raise ValueError(f"remote help hours {self.hours!r}: expected HH:MM-HH:MM")
        for server in self.ice_servers:
            if not isinstance(server, dict) or not server.get("urls"):
                raise ValueError("each ICE server needs 'urls' (stun:host:port or turn:host:port)")

    def open_at(self, when: dt.datetime | None = None) -> bool:
        if not self.hours:
            return True
        now = (when or dt.datetime.now()).time()
        start, end = (dt.time(int(h) % 24, int(m)) if h != "24" else dt.time(23, 59, 59)
                      for h, m in (part.split(":") for part in self.hours.split("-")))
        return start <= now < end if start <= end else (now >= start or now < end)

    @classmethod
    def parse(cls, hours: str, ice_servers_json: str) -> RemoteHelpSettings:
        """From the command line: hours as HH:MM-HH:MM, ICE servers as a JSON list."""
        servers = json.loads(ice_servers_json) if ice_servers_json else []
        if not isinstance(servers, list):
            raise ValueError("ICE servers: a JSON list of {\"urls\": ...} objects")
        return cls(hours, servers)
