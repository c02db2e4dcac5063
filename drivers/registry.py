"""Drivers register by name per device class; the TOML config picks one per device.

A field engineer writes `[devices.id_reader] driver = "sam_serial"` plus settings. Everything
wrong with that (unknown driver, unknown setting, a missing, mistyped or out-of-range one) stops
start-up with a message naming the device, the key and what is allowed: each driver declares its
settings as a strict pydantic model (`drivers.settings.Strict`) next to its code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from drivers.settings import Strict, explain

# The class of each default device name; other names say their class with `class = "..."`.
DEVICE_CLASSES = {
    "id_reader": "id_reader",
    "scanner": "scanner",
    "receipt_printer": "receipt_printer",
    "a4_printer": "a4_printer",
    "camera": "camera",
}

# Modules that register drivers' settings models when imported (light: no driver code), loaded
# before the first lookup; a driver's own code loads when it is built (`lazy`).
SETTINGS_MODULES = (
    "drivers.idcard.settings", "drivers.scanner.settings", "drivers.camera.settings", "drivers.printer.settings",
)
# The drivers' code, for a start-up that loads it on a worker before building the devices.
BUILTIN_DRIVER_MODULES = (
    "drivers.idcard.reader", "drivers.idcard.sim", "drivers.scanner.serial_scanner", "drivers.scanner.sim",
    "drivers.scanner.wedge", "drivers.camera.capture", "drivers.camera.sim",
)


class DriverConfigError(ValueError):
    """A device section of the config is wrong; worded for the person editing the file."""


class DeviceConfigLike(Protocol):
    driver: str
    settings: dict[str, Any]


class NoSettings(Strict):
    """A driver that takes no settings."""


Factory = Callable[..., Any]  # (device name, its checked settings model, **context) -> driver object


def lazy(module: str, function: str) -> Factory:
    """A factory that imports the driver's code when a device is built, not when a config is checked."""

    def build(device: str, settings: Any, **context: Any) -> Any:
        return getattr(importlib.import_module(module), function)(device, settings, **context)

    return build


@dataclass(frozen=True)
class DriverSpec:
    device_class: str
    name: str
    factory: Factory
    settings: type[Strict] = NoSettings  # the driver's settings, checked at load


class DriverRegistry:
    def __init__(self) -> None:
        self._specs: dict[tuple[str, str], DriverSpec] = {}

    def register(self, spec: DriverSpec) -> None:
        key = (spec.device_class, spec.name)
        if key in self._specs and self._specs[key] is not spec:
            raise ValueError(f"driver {spec.name!r} registered twice for {spec.device_class}")
        self._specs[key] = spec

    def names(self, device_class: str) -> list[str]:
        return sorted(name for cls, name in self._specs if cls == device_class)

    def spec(self, device_class: str, driver: str) -> DriverSpec:
        try:
            return self._specs[(device_class, driver)]
        except KeyError:
            allowed = ", ".join(repr(n) for n in self.names(device_class)) or "none registered"
            raise DriverConfigError(f"unknown driver {driver!r} for a {device_class}; allowed: {allowed}") from None

    def validate(self, device: str, config: DeviceConfigLike) -> tuple[DriverSpec, Strict]:
        return self.check(device, config.driver, config.settings)

    def check(self, device: str, driver: str, raw: dict[str, Any]) -> tuple[DriverSpec, Strict]:
        """The driver `[devices.<device>]` names and its settings, checked by the driver's model."""
        settings = dict(raw)
        device_class = settings.pop("class", None) or DEVICE_CLASSES.get(device)
        where = f"[devices.{device}]"
        if device_class is None:
            raise DriverConfigError(f"{where}: unknown device; add class = one of {sorted(set(DEVICE_CLASSES))}")
        try:
            spec = self.spec(device_class, driver)
        except DriverConfigError as exc:
            raise DriverConfigError(f"{where} driver: {exc}") from None
        try:
            return spec, spec.settings.model_validate(settings)
        except ValidationError as exc:
            raise DriverConfigError(
                explain(exc, spec.settings, where, noun="setting", owner=f"driver {spec.name!r}")
            ) from None

    def build(self, device: str, config: DeviceConfigLike, **context: Any) -> Any:
        """The device's driver object; `context` is what the app owns and passes on (a job ledger)."""
        spec, values = self.validate(device, config)
        return spec.factory(device, values, **context)


REGISTRY = DriverRegistry()


def load_builtin_drivers() -> DriverRegistry:
    """The shared registry with every built-in driver's settings registered."""
    for module in SETTINGS_MODULES:
        importlib.import_module(module)
    return REGISTRY
