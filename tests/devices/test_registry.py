"""Driver registry: the config picks a driver and settings; mistakes are clear start-up errors."""

from __future__ import annotations

import pytest
from pydantic import Field

from drivers.registry import DriverConfigError, DriverRegistry, DriverSpec
from drivers.settings import Strict
from kiosk.config import DeviceConfig


class ReaderSettings(Strict):
    port: str = Field(description="serial device, e.g. /dev/ttyUSB0")
    baudrate: int = Field(115200, ge=9600, le=115200)


@pytest.fixture
def registry() -> DriverRegistry:
    reg = DriverRegistry()
    reg.register(
        DriverSpec(
            "id_reader",
            "sam_serial",
            lambda name, s: (name, dict(s)),
            ReaderSettings,
        )
    )
    reg.register(DriverSpec("id_reader", "sim", lambda name, s: ("sim", dict(s))))
    return reg


def test_builds_with_defaults_filled_in(registry: DriverRegistry) -> None:
    built = registry.build("id_reader", DeviceConfig(driver="sam_serial", settings={"port": "/dev/ttyUSB0"}))
    assert built == ("id_reader", {"port": "/dev/ttyUSB0", "baudrate": 115200})


def test_unknown_driver_names_the_allowed_ones(registry: DriverRegistry) -> None:
    pattern = r"\[devices.id_reader\] driver: unknown driver 'sam'.*'sam_serial', 'sim'"
    with pytest.raises(DriverConfigError, match=pattern):
        registry.build("id_reader", DeviceConfig(driver="sam"))


def test_missing_setting_is_named(registry: DriverRegistry) -> None:
    with pytest.raises(DriverConfigError, match=r"needs the setting port \(serial device"):
        registry.build("id_reader", DeviceConfig(driver="sam_serial"))


def test_unknown_setting_is_named(registry: DriverRegistry) -> None:
    with pytest.raises(DriverConfigError, match=r"unknown setting 'baud'.*allowed settings: baudrate, port"):
        registry.build("id_reader", DeviceConfig(driver="sam_serial", settings={"port": "x", "baud": 9600}))


def test_wrong_type_is_named(registry: DriverRegistry) -> None:
    with pytest.raises(DriverConfigError, match=r"baudrate: expected a whole number from 9600 to 115200, got '9600'"):
        registry.build("id_reader", DeviceConfig(driver="sam_serial", settings={"port": "x", "baudrate": "9600"}))


def test_extra_device_needs_a_class(registry: DriverRegistry) -> None:
    with pytest.raises(DriverConfigError, match=r"\[devices.second_reader\]: unknown device; add class"):
        registry.build("second_reader", DeviceConfig(driver="sim"))
    assert registry.build("second_reader", DeviceConfig(driver="sim", settings={"class": "id_reader"}))[0] == "sim"


def test_default_config_builds_a_working_simulated_id_reader() -> None:
    from drivers.registry import load_builtin_drivers

    registry = load_builtin_drivers()
    reader = registry.build("id_reader", DeviceConfig(driver="sim", settings={"card": "hmt_permit"}))
    try:
        reader.open()
        done = reader.poll()
        assert done.ok and done.value.card_type.value == "hmt_permit"
        assert reader.photo_decoder is None  # no vendor library configured
    finally:
        reader.close()
        reader.simulator.stop()


def test_real_id_reader_needs_a_port() -> None:
    from drivers.registry import load_builtin_drivers

    with pytest.raises(DriverConfigError, match=r"\[devices.id_reader\]: driver 'sam_serial' needs the setting port"):
        load_builtin_drivers().build("id_reader", DeviceConfig(driver="sam_serial", settings={"baudrate": 9600}))
