"""The service catalogue: which services the home screen offers, as data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.messages import Text
from taxcore.assets import asset


class CatalogueError(ValueError):
    """The catalogue file is malformed; names the entry and the problem."""


@dataclass(frozen=True)
class Group:
    id: str
    title: Text


@dataclass(frozen=True)
class ServiceEntry:
    id: str
    group: str
    title: Text
    needs_bureau: bool
    payment: bool


@dataclass(frozen=True)
class Catalogue:
    version: str
    groups: tuple[Group, ...]
    services: tuple[ServiceEntry, ...]

    def in_group(self, group_id: str) -> list[ServiceEntry]:
        return [s for s in self.services if s.group == group_id]

    def get(self, service_id: str) -> ServiceEntry:
        for s in self.services:
            if s.id == service_id:
                return s
        raise KeyError(service_id)


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = path or asset("content", "services.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        groups = tuple(Group(g["id"], Text(g["zh"], g["en"])) for g in data["group"])
        services = tuple(
            ServiceEntry(s["id"], s["group"], Text(s["zh"], s["en"]), bool(s["needs_bureau"]), bool(s["payment"]))
            for s in data["service"]
        )
    except KeyError as exc:
        raise CatalogueError(f"{path}: an entry lacks the key {exc}") from exc
    known = {g.id for g in groups}
    for s in services:
        if s.group not in known:
            raise CatalogueError(f"{path}: service {s.id!r} names unknown group {s.group!r}")
    ids = [s.id for s in services]
    if len(ids) != len(set(ids)):
        raise CatalogueError(f"{path}: duplicate service id")
    return Catalogue(str(data.get("version", "0")), groups, services)
