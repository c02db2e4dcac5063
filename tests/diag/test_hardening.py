"""Bureau traffic over verified HTTPS (CA bundle, optional pin), plain http only to a local test bureau;
secret files readable by the kiosk user only; the network test names each step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tls_server import TlsServer, make_pki

from kiosk.config import ConfigError, parse_config
from kiosk.diag.network import run_network_test
from kiosk.sync_client import BureauClient, TlsPolicy
from offline_queue.sync import TransportError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_pki(tmp_path_factory.mktemp("pki"))


def test_https_with_the_configured_ca_bundle_is_accepted(pki) -> None:  # type: ignore[no-untyped-def]
    bundle, cert, key, _ = pki
    with TlsServer(cert, key) as server:
        client = BureauClient(server.url, "T1", b"k", tls=TlsPolicy(ca_bundle=str(bundle)))
        assert client.probe("/health", 3.0)[0] == 200
        assert client.get_json("/v1/anything", 3.0).status == 200


def test_a_certificate_outside_the_bundle_is_refused(pki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, cert, key, _ = pki
    other_bundle = make_pki(tmp_path / "other")[0]
    with TlsServer(cert, key) as server:
        for policy in (TlsPolicy(), TlsPolicy(ca_bundle=str(other_bundle))):  # system CAs, or another CA
            client = BureauClient(server.url, "T1", b"k", tls=policy)
            with pytest.raises(TransportError, match="SSLError|CERTIFICATE_VERIFY_FAILED"):
                client.probe("/health", 3.0)


def test_pinning_accepts_only_the_pinned_certificate(pki) -> None:  # type: ignore[no-untyped-def]
    bundle, cert, key, fingerprint = pki
    with TlsServer(cert, key) as server:
        pinned = BureauClient(server.url, "T1", b"k", tls=TlsPolicy(str(bundle), fingerprint))
        assert pinned.probe("/health", 3.0)[0] == 200
        colons = ":".join(fingerprint[i:i + 2] for i in range(0, 64, 2)).upper()
        assert BureauClient(server.url, "T1", b"k", tls=TlsPolicy(str(bundle), colons)).probe("/health", 3.0)[0] == 200
        wrong = BureauClient(server.url, "T1", b"k", tls=TlsPolicy(str(bundle), "00" * 32))
        with pytest.raises(TransportError, match="Fingerprints did not match"):
            wrong.probe("/health", 3.0)


def test_plain_http_only_to_a_local_test_bureau() -> None:
    BureauClient("http://127.0.0.1:8765", "T1", b"k", tls=TlsPolicy(local_test_bureau=True))
    with pytest.raises(ConfigError, match="plain http is refused"):
        BureauClient("http://bureau.example.gov.cn", "T1", b"k", tls=TlsPolicy(local_test_bureau=True))
    with pytest.raises(ConfigError, match="plain http is refused"):
        BureauClient("http://127.0.0.1:8765", "T1", b"k", tls=TlsPolicy(local_test_bureau=False))
    with pytest.raises(ConfigError, match="no such file"):
        BureauClient("https://bureau.example.gov.cn", "T1", b"k", tls=TlsPolicy(ca_bundle="/nonexistent/ca.pem"))


def test_a_field_config_with_plain_http_does_not_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.startup import build

    config = parse_config({"paths": {"data_dir": str(tmp_path / "d"), "log_dir": str(tmp_path / "l")},
                           "bureau": {"url": "http://10.1.2.3:8765", "start_local": False}})
    with pytest.raises(ConfigError, match=r"\[bureau\] url 'http://10.1.2.3:8765': plain http is refused"):
        build(config)


def test_the_network_test_reports_each_step_over_https(pki) -> None:  # type: ignore[no-untyped-def]
    bundle, cert, key, fingerprint = pki
    with TlsServer(cert, key) as server:
        steps = run_network_test(BureauClient(server.url, "T1", b"k", tls=TlsPolicy(str(bundle), fingerprint)), 3.0)
    assert [(s.name, s.ok) for s in steps] == [("dns", True), ("tls", True), ("clock", True),
                                               ("signed request", True)]
    assert "pinned" in steps[1].detail and "bureau.test" in steps[1].detail


def test_the_network_test_says_where_it_breaks() -> None:
    steps = run_network_test(BureauClient("http://127.0.0.1:9", "T1", b"k"), 1.0)
    assert [(s.name, s.ok) for s in steps] == [("dns", True), ("tls", True), ("clock", False),
                                               ("signed request", False)]
    assert steps[2].detail.startswith("no answer from http://127.0.0.1:9/health")


def kiosk_run(config: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "kiosk", "run", "--config", str(config)], capture_output=True,
                          text=True, timeout=60, env=env, cwd=ROOT)


def test_start_up_refuses_a_world_readable_terminal_key(tmp_path: Path) -> None:
    key = tmp_path / "terminal.key"
    key.write_text("00" * 32)
    key.chmod(0o644)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\nlog_dir = "{tmp_path / "logs"}"\n'
                      f'[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\nterminal_key_file = "{key}"\n')
    result = kiosk_run(config, tmp_path)
    assert result.returncode == 2
    assert f"kiosk: cannot start: {key}: the terminal key is readable by other users (mode -rw-r--r--)" in result.stderr
    assert f"Run `chmod 600 {key}`" in result.stderr


def test_start_up_refuses_a_readable_config_holding_the_pin_hash(tmp_path: Path) -> None:
    from diag_helpers import PIN_HASH

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\nlog_dir = "{tmp_path / "logs"}"\n'
                      '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n'
                      f'[diagnostics]\npin_hash = "{PIN_HASH}"\n')
    config.chmod(0o644)
    result = kiosk_run(config, tmp_path)
    assert result.returncode == 2
    assert "the config (it holds the technician PIN hash) is readable by other users" in result.stderr


def test_keys_the_kiosk_writes_are_its_own(tmp_path: Path) -> None:
    from offline_queue.outbox import Outbox

    outbox = Outbox.create(tmp_path / "data" / "outbox.db")
    outbox.close()
    assert oct((tmp_path / "data" / "outbox.db.key").stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "data").stat().st_mode & 0o777) == "0o700"


def test_a_key_provisioned_as_readme_debian_says_is_accepted(tmp_path: Path) -> None:
    """root:kiosk 0640 (README.Debian's field install) is safe; group-writable or another group is not."""
    from offline_queue.key_files import KeyFileError, check_private_file

    if os.getuid() != 0:
        pytest.skip("needs root to give the file to root")
    key = tmp_path / "terminal.key"
    key.write_text("00" * 32)
    os.chown(key, 0, os.getgid())
    key.chmod(0o640)
    check_private_file(key, "the terminal key")
    for mode in (0o660, 0o644, 0o604):
        key.chmod(mode)
        with pytest.raises(KeyFileError, match="readable by other users"):
            check_private_file(key, "the terminal key")
    key.chmod(0o640)
    os.chown(key, 0, os.getgid() + 4242)  # read by a group that is not the kiosk user's
    with pytest.raises(KeyFileError, match="readable by other users"):
        check_private_file(key, "the terminal key")
