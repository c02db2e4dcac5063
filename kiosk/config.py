"""The one TOML config file of a terminal, validated strictly at start-up.

A field engineer edits this file by hand on a terminal with no debugger, so every mistake
(an unknown key, a wrong type, a value out of range, a device setting its driver does not know)
must stop start-up with a message that names the key and says what is allowed, rather than being
ignored or failing later. Each section is a strict pydantic model (`drivers.settings.Strict`);
each device's settings are checked by its driver's model through the driver registry; every
mistake is worded by the one formatter, `drivers.settings.explain`. `kiosk config check` and
start-up both call `load_config`.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, ValidationError

from drivers.settings import Strict, explain
from kiosk.input_limits import MAX_CONFIG_BYTES, InputTooLarge, read_capped

DEFAULT_CONFIG_PATHS = (Path("/etc/tax-kiosk/kiosk.toml"),)

# Device drivers registered by the kiosk rather than by drivers/ (the A4 printer prints with Qt).
KIOSK_DRIVER_MODULES = ("kiosk.documents.a4_settings",)


class ConfigError(ValueError):
    """A config problem, worded for the person editing the file."""


Name = Annotated[str, Field(max_length=64)]  # ids the bureau stores in 64 characters
Line = Annotated[str, Field(max_length=200)]  # a line on the attract screen
FilePath = Annotated[str, Field(max_length=4096)]


class TerminalConfig(Strict):
    id: Name = "GD-DEMO-0001"
    # Distinct per terminal in a hall (the counters' own queue system keeps 0): queue numbers
    # issued here carry it, so tickets printed offline never collide with anyone else's.
    station: int = Field(1, ge=1, le=99)
    hall: Line = "演示办税服务厅 Demo Tax Hall"
    # The hall's id at the bureau: tickets and appointments are counted per hall (comfort index).
    hall_id: Name = "demo-hall"
    notices: list[Line] = Field(max_length=20, default_factory=lambda: [
        "本机24小时自助服务 · Self-service 24 hours a day",
        "请妥善保管身份证件 · Please keep your ID card safe",
    ])


class BureauConfig(Strict):
    url: str = Field("http://127.0.0.1:8765", max_length=2048)
    # Start a local reference bureau on the url's port (the demo); field terminals set false.
    start_local: bool = True
    timeout_s: float = Field(5.0, ge=0.5, le=60)
    health_interval_s: float = Field(10.0, ge=1, le=600)
    terminal_key_file: FilePath = ""
    # TLS: CA bundle (PEM) the bureau's certificate must chain to (empty: the system's CAs), and
    # optionally the SHA-256 fingerprint of the bureau's certificate (pinning, hex).
    ca_bundle: FilePath = ""
    pin_sha256: str = Field("", max_length=128)
    # Plain http is allowed only to a bureau on this machine (127.0.0.1, localhost) and only while
    # this is true: the demo and tests. A field terminal sets false and an https url.
    local_test_bureau: bool = True


class SessionConfig(Strict):
    idle_timeout_s: int = Field(60, ge=10, le=3600)
    countdown_s: int = Field(20, ge=5, le=120)
    default_language: Literal["zh_CN", "en"] = "zh_CN"


class TouchConfig(Strict):
    """How taps are told apart (kiosk/input_guard.py): a double tap never falls through to the next screen."""

    # After a screen or step change, taps count only once it has painted and this much time has passed.
    settle_ms: int = Field(300, ge=0, le=3000)
    elder_settle_ms: int = Field(600, ge=0, le=3000)  # elder mode: slower hands, longer wait
    # The same button tapped again within this time of its last tap is one tap (a double tap).
    repeat_ms: int = Field(200, ge=0, le=2000)


class DiagnosticsConfig(Strict):
    """Technician entry (kiosk/diag): corner gesture + PIN, or a technician card the bureau signed."""

    # The PIN's scrypt hash, printed by `kiosk diag hash-pin`; never the PIN. Empty: no PIN entry.
    pin_hash: str = Field("", max_length=512)
    # The bureau's Ed25519 public key (hex; its `public_key` content) that signs technician cards.
    card_public_key: str = Field("", max_length=128)
    max_failures: int = Field(5, ge=3, le=20)
    lockout_s: float = Field(60.0, ge=10, le=86400)  # doubles with each lockout in a row
    gesture_window_s: float = Field(8.0, ge=2, le=30)
    # No touch for this long in diagnostics (or on its PIN entry) goes back to the taxpayer screens.
    idle_exit_s: int = Field(300, ge=30, le=3600)


class DisplayConfig(Strict):
    fullscreen: bool = True
    # Used offscreen and when no screen size can be read.
    width: int = Field(1920, ge=640, le=7680)
    height: int = Field(1080, ge=480, le=4320)


class PathsConfig(Strict):
    data_dir: FilePath = "~/.local/share/tax-kiosk"
    log_dir: FilePath = "~/.local/share/tax-kiosk/logs"

    def data(self) -> Path:
        return Path(self.data_dir).expanduser()

    def logs(self) -> Path:
        return Path(self.log_dir).expanduser()


class LoggingConfig(Strict):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_bytes: int = Field(5_000_000, ge=10_000, le=1_000_000_000)
    backups: int = Field(10, ge=1, le=100)


class OutboxConfig(Strict):
    retention_days: float = Field(30.0, ge=0, le=3650)
    batch_size: int = Field(100, ge=1, le=1000)
    heartbeat_interval_s: float = Field(60.0, ge=5, le=3600)
    backoff_cap_s: float = Field(300.0, ge=1, le=3600)


class RemoteHelpConfig(Strict):
    """视频帮办: a video call to a tax officer through the bureau (kiosk/remote_help)."""

    enabled: bool = True
    # STUN/TURN for halls whose network needs them ("stun:host:3478", "turn:host:3478"); empty
    # works on a closed LAN. The bureau may add its own servers when a call is answered.
    ice_urls: list[str] = Field(default_factory=list)
    turn_username: str = ""
    turn_credential: str = ""
    # Nobody answers within this time: offer a callback or a queue ticket (the call keeps waiting).
    no_answer_s: int = Field(120, ge=10, le=1800)
    # PyAV input/output "format:device" ("alsa:default"; the PyAV wheel has ALSA, not PulseAudio);
    # "tone" (a test tone) or "" (none).
    microphone: str = "alsa:default"
    speaker: str = "alsa:default"
    camera_fps: float = Field(15.0, ge=1, le=30)
    screen_fps: float = Field(1.0, ge=0.2, le=5)


class DeviceConfig(Strict):
    """One device: the driver picked by name plus that driver's own settings.

    In the file a device is one table, `[devices.id_reader] driver = "sam_serial"` and its
    settings beside it; the driver's settings model (drivers/registry.py) checks them at load.
    """

    driver: str = Field(min_length=1, description='the driver\'s name, e.g. driver = "sim"')
    settings: dict[str, Any] = Field(default_factory=dict)


def _default_devices() -> dict[str, DeviceConfig]:
    return {name: DeviceConfig(driver="sim")
            for name in ("id_reader", "scanner", "receipt_printer", "a4_printer", "camera")}


class KioskConfig(Strict):
    terminal: TerminalConfig = Field(default_factory=TerminalConfig)
    bureau: BureauConfig = Field(default_factory=BureauConfig)
    session: SessionConfig = Field(default_factory=SessionConfig)
    touch: TouchConfig = Field(default_factory=TouchConfig)
    display: DisplayConfig = Field(default_factory=DisplayConfig)
    paths: PathsConfig = Field(default_factory=PathsConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    outbox: OutboxConfig = Field(default_factory=OutboxConfig)
    diagnostics: DiagnosticsConfig = Field(default_factory=DiagnosticsConfig)
    remote_help: RemoteHelpConfig = Field(default_factory=RemoteHelpConfig)
    devices: dict[str, DeviceConfig] = Field(default_factory=_default_devices)
    _source: str = PrivateAttr("(defaults)")

    @property
    def source(self) -> str:
        """The file this config was read from, for reports."""
        return self._source


def _device_tables(data: Any) -> dict[str, Any]:
    """`[devices.<name>]` tables as `DeviceConfig` data, over the default simulated devices."""
    if not isinstance(data, dict):
        raise ConfigError("[devices] must be a table of [devices.<name>] tables")
    devices: dict[str, Any] = {name: device.model_dump() for name, device in _default_devices().items()}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"[devices.{name}] must be a table with at least a driver = \"...\"")
        settings = dict(table)
        devices[name] = {"settings": settings, **({"driver": settings.pop("driver")} if "driver" in settings else {})}
    return devices


def check_devices(devices: dict[str, DeviceConfig]) -> None:
    """Every device's driver name and settings, checked by its driver's settings model."""
    from drivers.registry import DriverConfigError, load_builtin_drivers

    registry = load_builtin_drivers()
    for module in KIOSK_DRIVER_MODULES:
        importlib.import_module(module)
    for name, device in devices.items():
        try:
            registry.validate(name, device)
        except DriverConfigError as exc:
            raise ConfigError(str(exc)) from None


def parse_config(data: dict[str, Any], source: str = "(inline)") -> KioskConfig:
    """Build a validated config from parsed TOML; raise ConfigError naming the bad key."""
    data = dict(data)
    if "devices" in data:
        data["devices"] = _device_tables(data["devices"])
    try:
        config = KioskConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(explain(exc, KioskConfig)) from None
    check_devices(config.devices)
    config._source = source
    return config


MAX_NESTING = 6  # [devices.<name>] settings holding a table of lists is as deep as a kiosk config goes


def _parse_toml(path: Path, raw: bytes) -> dict[str, Any]:
    """TOML from bytes, with one clear line for each way a file goes wrong before its values do."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ConfigError(f"{path}: starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); save it as UTF-8")\
            from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: values nested too deeply (at most {MAX_NESTING} levels)") from None
    if _depth(data) > MAX_NESTING:
        raise ConfigError(f"{path}: values nested too deeply (at most {MAX_NESTING} levels)")
    return data


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def load_config(path: Path | None = None) -> KioskConfig:
    """Load the config from `path`, else the first default path that exists, else defaults."""
    candidates = [path] if path else [p for p in DEFAULT_CONFIG_PATHS if p.exists()]
    if not candidates:
        return KioskConfig()
    chosen = candidates[0]
    try:
        raw = read_capped(chosen, MAX_CONFIG_BYTES, "the config file")
    except InputTooLarge as exc:
        raise ConfigError(str(exc)) from None
    except OSError as exc:
        raise ConfigError(f"{chosen}: cannot read config file: {exc.strerror}") from exc
    data = _parse_toml(chosen, raw)
    try:
        return parse_config(data, source=str(chosen))
    except ConfigError as exc:
        raise ConfigError(f"{chosen}: {exc}") from exc

