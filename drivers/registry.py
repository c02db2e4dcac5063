"""Drivers register by name per device class; the TOML config picks one per device.

A field engineer writes `[devices.id_reader] driver = "sam_serial"` plus settings. Everything
wrong with that (unknown driver, unknown setting, a missing or mistyped one) stops start-up with
a message naming the device, the key and what is allowed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# The class of each default device name; other names say their class with `class = "..."`.
DEVICE_CLASSES = {
    "id_reader": "id_reader",
    "scanner": "scanner",
    "receipt_printer": "receipt_printer",
    "a4_printer": "a4_printer",
    "camera": "camera",
}

# Modules that register drivers when imported; loaded before the first lookup.
BUILTIN_DRIVER_MODULES = (
    "drivers.idcard.reader", "drivers.idcard.sim", "drivers.scanner.serial_scanner", "drivers.scanner.sim",
    "drivers.scanner.wedge", "drivers.camera.capture", "drivers.camera.sim",
)

_REQUIRED: Any = object()


class DriverConfigError(ValueError):
    """A device section of the config is wrong; worded for the person editing the file."""


class DeviceConfigLike(Protocol):
    driver: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any = _REQUIRED
    help: str = ""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


Factory = Callable[[str, Mapping[str, Any]], Any]


@dataclass(frozen=True)
class DriverSpec:
    device_class: str
    name: str
    factory: Factory  # (device name, validated settings) -> driver object
    settings: tuple[Setting, ...] = field(default=())


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

    def validate(self, device: str, config: DeviceConfigLike) -> tuple[DriverSpec, dict[str, Any]]:
        settings = dict(config.settings)
        device_class = settings.pop("class", None) or DEVICE_CLASSES.get(device)
        where = f"[devices.{device}]"
        if device_class is None:
            raise DriverConfigError(f"{where}: unknown device; add class = one of {sorted(set(DEVICE_CLASSES))}")
        try:
            spec = self.spec(device_class, config.driver)
        except DriverConfigError as exc:
            raise DriverConfigError(f"{where} driver: {exc}") from None
        known = {s.name: s for s in spec.settings}
        unknown = sorted(set(settings) - set(known))
        if unknown:
            allowed = ", ".join(sorted(known)) or "no settings"
            raise DriverConfigError(
                f"{where}: unknown setting {unknown[0]!r} for driver {spec.name!r}; allowed: {allowed}"
            )
        values: dict[str, Any] = {}
        for s in spec.settings:
            if s.name not in settings:
                if s.required:
                    need = s.help or s.type.__name__
                    raise DriverConfigError(f"{where}: driver {spec.name!r} needs the setting {s.name} ({need})")
                values[s.name] = s.default
                continue
            values[s.name] = _coerce(where, s, settings[s.name])
        return spec, values

    def build(self, device: str, config: DeviceConfigLike) -> Any:
        spec, values = self.validate(device, config)
        return spec.factory(device, values)


def _coerce(where: str, setting: Setting, value: Any) -> Any:
    if setting.type is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, setting.type) and not (setting.type is int and isinstance(value, bool)):
        return value
    raise DriverConfigError(
        f"{where} {setting.name}: expected {setting.type.__name__}, got {type(value).__name__} {value!r}"
    )


REGISTRY = DriverRegistry()


def load_builtin_drivers() -> DriverRegistry:
    """The shared registry with every built-in driver registered."""
    for module in BUILTIN_DRIVER_MODULES:
        importlib.import_module(module)
    return REGISTRY
