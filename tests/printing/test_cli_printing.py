"""`kiosk printer ...` against the simulated printer named in a config file."""

from __future__ import annotations

import json

from kiosk.cli import main


def write_config(tmp_path, driver_lines: str) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[paths]\ndata_dir = "{tmp_path}/data"\nlog_dir = "{tmp_path}/logs"\n'
        f"[devices.receipt_printer]\n{driver_lines}\n",
        encoding="utf-8",
    )
    return str(path)


def test_status_test_print_and_retry(tmp_path, capsys):
    config = write_config(tmp_path, 'driver = "sim"')
    assert main(["printer", "status", "--config", config]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "online": "online",
        "paper": "full",
        "cover": "closed",
        "error": "ok",
    }
    assert main(["printer", "test", "--config", config, "--document", "queue_ticket", "--job-id", "t1"]) == 0
    assert "t1: printed" in capsys.readouterr().out
    # the ledger lives in the data dir: the same id is not printed again, even by a new process
    assert main(["printer", "test", "--config", config, "--document", "queue_ticket", "--job-id", "t1"]) == 0
    assert "Already printed" in capsys.readouterr().out
    assert main(["printer", "reprint", "--config", config, "t1"]) == 1
    assert main(["printer", "reprint", "--config", config, "nope"]) == 1
    assert "No print job with this id" in capsys.readouterr().out


def test_bad_setting_is_named(tmp_path, capsys):
    config = write_config(tmp_path, 'driver = "escpos"\nport = "/dev/ttyS0"\ncharset = "BIG5"')
    assert main(["printer", "status", "--config", config]) == 2
    assert ("[devices.receipt_printer] charset: 'BIG5' is not allowed; allowed: one of 'GB18030', 'GBK', 'GB2312'"
            in capsys.readouterr().err)


def test_missing_port_is_named(tmp_path, capsys):
    config = write_config(tmp_path, 'driver = "escpos"\ntransport = "serial"')
    assert main(["printer", "status", "--config", config]) == 2
    assert "[devices.receipt_printer]: transport = 'serial' needs port = ..." in capsys.readouterr().err


def test_a4_sample_pdf(qapp, tmp_path, capsys):
    pdf = tmp_path / "c.pdf"
    assert main(["printer", "a4", "--document", "si_payment_summary", "--pdf", str(pdf)]) == 0
    assert pdf.stat().st_size > 10_000
    assert main(["printer", "a4", "--document", "queue_ticket", "--pdf", str(pdf)]) == 2
