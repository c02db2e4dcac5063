"""The one TOML config file of a terminal, validated strictly at start-up.

A field engineer edits this file by hand on a terminal with no debugger, so every mistake
(an unknown key, a wrong type, a value out of range) must stop start-up with a message that
names the key and says what is allowed, rather than being ignored or failing later.
"""

from __future__ import annotations

import dataclasses
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from kiosk.input_limits import MAX_CONFIG_BYTES, InputTooLarge, read_capped

DEFAULT_CONFIG_PATHS = (Path("/etc/tax-kiosk/kiosk.toml"),)


class ConfigError(ValueError):
    """A config problem, worded for the person editing the file."""


@dataclass(frozen=True)
class Range:
    """Allowed numeric range of a field, attached with `typing.Annotated`."""

    low: float
    high: float


@dataclass(frozen=True)
class Length:
    """Longest allowed text (or list), attached with `typing.Annotated`: the bureau and the screens have limits."""

    most: int


Name = typing.Annotated[str, Length(64)]  # ids the bureau stores in 64 characters
Line = typing.Annotated[str, Length(200)]  # a line on the attract screen
FilePath = typing.Annotated[str, Length(4096)]


@dataclass
class TerminalConfig:
    id: Name = "GD-DEMO-0001"
    # Distinct per terminal in a hall (the counters' own queue system keeps 0): queue numbers
    # issued here carry it, so tickets printed offline never collide with anyone else's.
    station: typing.Annotated[int, Range(1, 99)] = 1
    hall: Line = "演示办税服务厅 Demo Tax Hall"
    # The hall's id at the bureau: tickets and appointments are counted per hall (comfort index).
    hall_id: Name = "demo-hall"
    notices: typing.Annotated[list[Line], Length(20)] = field(
        default_factory=lambda: [
            "本机24小时自助服务 · Self-service 24 hours a day",
            "请妥善保管身份证件 · Please keep your ID card safe",
        ]
    )


@dataclass
class BureauConfig:
    url: typing.Annotated[str, Length(2048)] = "http://127.0.0.1:8765"
    # Start a local reference bureau on the url's port (the demo); field terminals set false.
    start_local: bool = True
    timeout_s: typing.Annotated[float, Range(0.5, 60)] = 5.0
    health_interval_s: typing.Annotated[float, Range(1, 600)] = 10.0
    terminal_key_file: FilePath = ""
    # TLS: CA bundle (PEM) the bureau's certificate must chain to (empty: the system's CAs), and
    # optionally the SHA-256 fingerprint of the bureau's certificate (pinning, hex).
    ca_bundle: FilePath = ""
    pin_sha256: typing.Annotated[str, Length(128)] = ""
    # Plain http is allowed only to a bureau on this machine (127.0.0.1, localhost) and only while
    # this is true: the demo and tests. A field terminal sets false and an https url.
    local_test_bureau: bool = True


@dataclass
class SessionConfig:
    idle_timeout_s: typing.Annotated[int, Range(10, 3600)] = 60
    countdown_s: typing.Annotated[int, Range(5, 120)] = 20
    default_language: Literal["zh_CN", "en"] = "zh_CN"


@dataclass
class TouchConfig:
    """How taps are told apart (kiosk/input_guard.py): a double tap never falls through to the next screen."""

    # After a screen or step change, taps count only once it has painted and this much time has passed.
    settle_ms: typing.Annotated[int, Range(0, 3000)] = 300
    elder_settle_ms: typing.Annotated[int, Range(0, 3000)] = 600  # elder mode: slower hands, longer wait
    # The same button tapped again within this time of its last tap is one tap (a double tap).
    repeat_ms: typing.Annotated[int, Range(0, 2000)] = 200


@dataclass
class DiagnosticsConfig:
    """Technician entry (kiosk/diag): corner gesture + PIN, or a technician card the bureau signed."""

    # The PIN's scrypt hash, printed by `kiosk diag hash-pin`; never the PIN. Empty: no PIN entry.
    pin_hash: typing.Annotated[str, Length(512)] = ""
    # The bureau's Ed25519 public key (hex; its `public_key` content) that signs technician cards.
    card_public_key: typing.Annotated[str, Length(128)] = ""
    max_failures: typing.Annotated[int, Range(3, 20)] = 5
    lockout_s: typing.Annotated[float, Range(10, 86400)] = 60.0  # doubles with each lockout in a row
    gesture_window_s: typing.Annotated[float, Range(2, 30)] = 8.0
    # No touch for this long in diagnostics (or on its PIN entry) goes back to the taxpayer screens.
    idle_exit_s: typing.Annotated[int, Range(30, 3600)] = 300


@dataclass
class DisplayConfig:
    fullscreen: bool = True
    # Used offscreen and when no screen size can be read.
    width: typing.Annotated[int, Range(640, 7680)] = 1920
    height: typing.Annotated[int, Range(480, 4320)] = 1080


@dataclass
class PathsConfig:
    data_dir: FilePath = "~/.local/share/tax-kiosk"
    log_dir: FilePath = "~/.local/share/tax-kiosk/logs"

    def data(self) -> Path:
        return Path(self.data_dir).expanduser()

    def logs(self) -> Path:
        return Path(self.log_dir).expanduser()


@dataclass
class LoggingConfig:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_bytes: typing.Annotated[int, Range(10_000, 1_000_000_000)] = 5_000_000
    backups: typing.Annotated[int, Range(1, 100)] = 10


@dataclass
class OutboxConfig:
    retention_days: typing.Annotated[float, Range(0, 3650)] = 30.0
    batch_size: typing.Annotated[int, Range(1, 1000)] = 100
    heartbeat_interval_s: typing.Annotated[float, Range(5, 3600)] = 60.0
    backoff_cap_s: typing.Annotated[float, Range(1, 3600)] = 300.0


@dataclass
class RemoteHelpConfig:
    """视频帮办: a video call to a tax officer through the bureau (kiosk/remote_help)."""

    enabled: bool = True
    # STUN/TURN for halls whose network needs them ("stun:host:3478", "turn:host:3478"); empty
    # works on a closed LAN. The bureau may add its own servers when a call is answered.
    ice_urls: list[str] = field(default_factory=list)
    turn_username: str = ""
    turn_credential: str = ""
    # Nobody answers within this time: offer a callback or a queue ticket (the call keeps waiting).
    no_answer_s: typing.Annotated[int, Range(10, 1800)] = 120
    # PyAV input/output: "pulse:default", "alsa:default"; "tone" (a test tone) or "" (none).
    microphone: str = "pulse:default"
    speaker: str = "pulse:default"
    camera_fps: typing.Annotated[float, Range(1, 30)] = 15.0
    screen_fps: typing.Annotated[float, Range(0.2, 5)] = 1.0


@dataclass
class DeviceConfig:
    """One device: the driver picked by name plus that driver's own settings.

    The settings are checked by the driver registry, which knows each driver's schema.
    """

    driver: str
    settings: dict[str, Any] = field(default_factory=dict)


def _default_devices() -> dict[str, DeviceConfig]:
    return {
        "id_reader": DeviceConfig("sim"),
        "scanner": DeviceConfig("sim"),
        "receipt_printer": DeviceConfig("sim"),
        "a4_printer": DeviceConfig("sim"),
        "camera": DeviceConfig("sim"),
    }


@dataclass
class KioskConfig:
    terminal: TerminalConfig = field(default_factory=TerminalConfig)
    bureau: BureauConfig = field(default_factory=BureauConfig)
    session: SessionConfig = field(default_factory=SessionConfig)
    touch: TouchConfig = field(default_factory=TouchConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    paths: PathsConfig = field(default_factory=PathsConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    outbox: OutboxConfig = field(default_factory=OutboxConfig)
    diagnostics: DiagnosticsConfig = field(default_factory=DiagnosticsConfig)
    remote_help: RemoteHelpConfig = field(default_factory=RemoteHelpConfig)
    devices: dict[str, DeviceConfig] = field(default_factory=_default_devices)
    source: str = "(defaults)"


def _describe(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        base, *meta = get_args(tp)
        rng = next((m for m in meta if isinstance(m, Range)), None)
        length = next((m for m in meta if isinstance(m, Length)), None)
        text = _describe(base)
        if length and get_origin(base) is list:
            return f"a list of at most {length.most} items, each {_describe(get_args(base)[0])}"
        if length:
            return f"{text} of at most {length.most} characters"
        return f"{text} from {rng.low:g} to {rng.high:g}" if rng else text
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin is list:
        item = get_args(tp)[0]
        annotated = get_origin(item) is typing.Annotated
        return f"a list, each {_describe(item)}" if annotated else f"a list of {_describe(item)}s"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}.get(
        tp, str(tp)
    )


def _coerce(key: str, tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        base, *meta = get_args(tp)
        try:
            value = _coerce(key, base, value)
        except ConfigError:
            if get_origin(base) is list:
                raise  # names the item
            raise ConfigError(f"{key}: expected {_describe(tp)}, got {value!r}") from None
        for m in meta:
            if isinstance(m, Range) and not (m.low <= value <= m.high):
                raise ConfigError(f"{key}: {value!r} is out of range; allowed: {_describe(tp)}")
            if isinstance(m, Length) and len(value) > m.most:
                raise ConfigError(f"{key}: {len(value)} {'items' if isinstance(value, list) else 'characters'} long;"
                                  f" allowed: {_describe(tp)}")
        return value
    if origin is Literal:
        if value not in get_args(tp):
            raise ConfigError(f"{key}: {value!r} is not allowed; allowed: {_describe(tp)}")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {type(value).__name__}")
        return [_coerce(f"{key}[{i}]", get_args(tp)[0], v) for i, v in enumerate(value)]
    ok = {
        bool: isinstance(value, bool),
        int: isinstance(value, int) and not isinstance(value, bool),
        float: isinstance(value, int | float) and not isinstance(value, bool),
        str: isinstance(value, str),
    }.get(tp)
    if ok is None:
        raise TypeError(f"unsupported config type {tp!r} for {key}")
    if not ok:
        raise ConfigError(f"{key}: expected {_describe(tp)}, got {value!r}")
    return float(value) if tp is float else value


def _build_section(section: str, cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"[{section}] must be a table")
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - fields)
    if unknown:
        raise ConfigError(
            f"[{section}] unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(fields))}"
        )
    kwargs = {k: _coerce(f"[{section}] {k}", hints[k], v) for k, v in data.items()}
    return cls(**kwargs)


def _build_devices(data: Any) -> dict[str, DeviceConfig]:
    if not isinstance(data, dict):
        raise ConfigError("[devices] must be a table of [devices.<name>] tables")
    devices = _default_devices()
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"[devices.{name}] must be a table with at least a driver = \"...\"")
        settings = dict(table)
        driver = settings.pop("driver", None)
        if not isinstance(driver, str) or not driver:
            raise ConfigError(f"[devices.{name}] driver: a driver name is required, e.g. driver = \"sim\"")
        devices[name] = DeviceConfig(driver=driver, settings=settings)
    _check_drivers(devices)
    return devices


def _check_drivers(devices: dict[str, DeviceConfig]) -> None:
    """Driver names and settings, checked by the driver registry, for the device classes it drives.

    (The printers are built by drivers/printer/factory.py, which checks its own settings.)
    """
    from drivers.registry import DEVICE_CLASSES, DriverConfigError, load_builtin_drivers

    registry = load_builtin_drivers()
    for name, device in devices.items():
        device_class = device.settings.get("class") or DEVICE_CLASSES.get(name)
        if device_class and not registry.names(device_class):
            continue
        try:
            registry.validate(name, device)
        except DriverConfigError as exc:
            raise ConfigError(str(exc)) from None


_SECTIONS: dict[str, type] = {
    "terminal": TerminalConfig,
    "bureau": BureauConfig,
    "session": SessionConfig,
    "touch": TouchConfig,
    "display": DisplayConfig,
    "paths": PathsConfig,
    "logging": LoggingConfig,
    "outbox": OutboxConfig,
    "diagnostics": DiagnosticsConfig,
    "remote_help": RemoteHelpConfig,
}


def parse_config(data: dict[str, Any], source: str = "(inline)") -> KioskConfig:
    """Build a validated config from parsed TOML; raise ConfigError naming the bad key."""
    allowed = set(_SECTIONS) | {"devices"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(f"unknown section [{unknown[0]}]; allowed sections: {', '.join(sorted(allowed))}")
    kwargs: dict[str, Any] = {
        name: _build_section(name, cls, data[name]) for name, cls in _SECTIONS.items() if name in data
    }
    if "devices" in data:
        kwargs["devices"] = _build_devices(data["devices"])
    return KioskConfig(**kwargs, source=source)


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

