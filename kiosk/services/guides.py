"""办税指南: guides browsed from the cached content, offline, with a QR to the full text."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from kiosk.flow.model import NO_LABEL, Choice, ServiceFlow, Step, StepKind, Text, choose_one
from taxcore.assets import asset


@dataclass(frozen=True)
class Guide:
    id: str
    title: Text
    body: Text
    url: str


@cache
def load_guides() -> tuple[Guide, ...]:
    data = tomllib.loads(asset("content", "guides.toml").read_text(encoding="utf-8"))
    return tuple(
        Guide(g["id"], Text(g["zh_title"], g["en_title"]), Text(g["zh_body"], g["en_body"]), g["url"])
        for g in data["guide"]
    )


def _guide(context: Mapping[str, Any]) -> Guide:
    return next(g for g in load_guides() if g.id == context["guide"])


def guides_flow() -> ServiceFlow:
    topics = tuple(Choice(g.id, g.title) for g in load_guides())
    return ServiceFlow(
        id="guides",
        title=Text("办税指南", "Tax guides"),
        needs_bureau=False,
        steps=(
            choose_one(Text("请选择您想了解的内容", "What would you like to know about?"),
                       "guide", Text("指南", "Guide"), topics),
            Step(StepKind.QUOTE, Text("办税指南", "Tax guide"),
                 present=lambda c: [(NO_LABEL, _guide(c).title), (NO_LABEL, _guide(c).body)],
                 qr=lambda c: _guide(c).url),
        ),
    )
