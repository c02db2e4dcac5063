"""Every transport replaces python-escpos's wait-forever defaults with our timeouts."""

from __future__ import annotations

import socket

import pytest

from drivers.printer.jobs import JobLedger, JobState
from drivers.printer.layout import PrinterProfile, ReceiptLayout
from drivers.printer.printer import ReceiptPrinter
from drivers.printer.transport import TransportSettings, TransportTimeout, make_transport


def test_network_transport_has_our_connect_timeout_not_60_s():
    t = make_transport(TransportSettings(kind="network", host="127.0.0.1", tcp_port=9, connect_timeout_s=1.5))
    assert t._make().timeout == 1.5


def test_serial_transport_has_our_read_timeout_and_no_hardware_handshake():
    t = make_transport(TransportSettings(kind="serial", port="/dev/null", read_timeout_s=0.4))
    made = t._make()
    assert made.timeout == 0.4 and made.dsrdtr is False


def test_usb_transport_never_waits_forever():
    pytest.importorskip("usb.core")
    t = make_transport(TransportSettings(kind="usb", usb_vendor=0x0416, usb_product=0x5011, write_timeout_s=2))
    assert t._make().timeout == 2000  # python-escpos's default 0 means forever


def test_unreachable_network_printer_refuses_the_job_quickly():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = TransportSettings(kind="network", host="127.0.0.1", tcp_port=port, connect_timeout_s=0.5)
    printer = ReceiptPrinter(make_transport(settings), PrinterProfile(), JobLedger())
    out = printer.print_layout("j", "receipt", ReceiptLayout().text("测试"))
    assert out.state is JobState.REFUSED and "not connected" in out.message
    assert printer.last_status.online.value == "unknown"


def test_network_write_to_a_printer_that_takes_nothing_times_out():
    server = socket.create_server(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    t = make_transport(TransportSettings(kind="network", host="127.0.0.1", tcp_port=port, write_timeout_s=0.3))
    t.open()
    conn, _ = server.accept()
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    with pytest.raises(TransportTimeout):
        t.write(b"x" * 20_000_000)  # never read by the other side: the kernel buffers fill up
    t.close()
    conn.close()
    server.close()


def test_unknown_transport_is_named():
    with pytest.raises(ValueError, match="unknown printer transport 'bluetooth'"):
        make_transport(TransportSettings(kind="bluetooth"))
