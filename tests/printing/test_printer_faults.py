"""Status, faults and print-once, through the real transports to the simulated printer."""

from __future__ import annotations

from drivers.printer import status as st
from drivers.printer.jobs import JobLedger, JobState
from drivers.printer.layout import ReceiptLayout
from drivers.printer.parser import printed_lines

LAYOUT = ReceiptLayout().text("缴款凭证", "center", 2, True).text("金额：￥1,234.50").text("谢谢")


def test_prints_and_confirms(rig):
    out = rig.printer.print_layout("job-1", "receipt", LAYOUT)
    assert out.state is JobState.PRINTED and out.printed_now
    assert [printed_lines(r) for r in rig.sim.receipts()] == [["缴款凭证", "金额：￥1,234.50", "谢谢"]]
    assert rig.sim.unknown_commands() == []


def test_status_read_from_the_printer(rig):
    assert rig.printer.read_status() == st.PrinterStatus(st.Online.ONLINE, st.Paper.FULL, st.Cover.CLOSED, False)
    rig.sim.open_cover()
    s = rig.printer.read_status()
    assert (s.online, s.cover) == (st.Online.OFFLINE, st.Cover.OPEN)


def test_retry_with_same_job_id_never_prints_twice(rig):
    first = rig.printer.print_layout("job-1", "receipt", LAYOUT)
    again = rig.printer.print_layout("job-1", "receipt", LAYOUT)
    assert first.state is JobState.PRINTED
    assert again.state is JobState.PRINTED and not again.printed_now and again.reason == "already"
    assert len(rig.sim.receipts()) == 1


def test_paper_low_prints_and_warns_staff(rig):
    rig.sim.paper_low()
    out = rig.printer.print_layout("job-1", "receipt", LAYOUT)
    assert out.state is JobState.PRINTED
    assert any("Paper is low" in w for w in out.warnings)


def test_paper_out_refuses_to_start_and_retry_prints_after_loading(rig):
    rig.sim.paper_out()
    out = rig.printer.print_layout("job-1", "receipt", LAYOUT)
    assert out.state is JobState.REFUSED and "out of paper" in out.message
    assert rig.sim.receipts() == [] and rig.sim.received.count(b"\x1c&") == 0  # nothing was sent
    rig.sim.load_paper()
    assert rig.printer.print_layout("job-1", "receipt", LAYOUT).state is JobState.PRINTED
    assert len(rig.sim.receipts()) == 1


def test_cover_open_refuses(rig):
    rig.sim.open_cover()
    out = rig.printer.print_layout("job-1", "receipt", LAYOUT)
    assert out.state is JobState.REFUSED and "cover is open" in out.message


def test_paper_out_mid_job_is_incomplete_and_reprints_once(rig):
    rig.sim.paper_out_after(2)
    out = rig.printer.print_layout("job-1", "receipt", LAYOUT)
    assert out.state is JobState.INCOMPLETE and out.reason == "paper_out_mid" and out.reprintable
    assert "Paper ran out while printing" in out.message
    assert rig.sim.receipts() == []  # no cut: the receipt never came out whole
    rig.sim.load_paper()
    assert printed_lines(rig.sim.wasted[-1]) == ["缴款凭证", "金额：￥1,234.50"]  # the torn-off start
    # the rest of the first attempt was cleared from the printer: only the whole reprint comes out
    reprint = rig.printer.reprint("job-1")
    assert reprint.state is JobState.PRINTED and reprint.printed_now
    assert [printed_lines(r) for r in rig.sim.receipts()] == [["缴款凭证", "金额：￥1,234.50", "谢谢"]]
    assert rig.printer.reprint("job-1").printed_now is False
    assert rig.printer.print_layout("job-1", "receipt", LAYOUT).printed_now is False
    assert len(rig.sim.receipts()) == 1


def test_cover_opened_mid_job(rig):
    rig.sim.cover_open_after(1)
    out = rig.printer.print_layout("job-2", "receipt", LAYOUT)
    assert out.state is JobState.INCOMPLETE and out.reason == "cover_open_mid"
    assert "cover was opened while printing" in out.message
    rig.sim.close_cover()
    assert rig.printer.reprint("job-2").state is JobState.PRINTED
    assert len(rig.sim.receipts()) == 1


def test_second_reprint_is_refused(serial_rig):
    rig = serial_rig
    rig.sim.paper_out_after(1)
    assert rig.printer.print_layout("j", "receipt", LAYOUT).state is JobState.INCOMPLETE
    rig.sim.paper_out_after(1)
    rig.sim.load_paper()
    assert rig.printer.reprint("j").state is JobState.INCOMPLETE  # ran out again
    rig.sim.load_paper()
    refused = rig.printer.reprint("j")
    assert not refused.printed_now and refused.reason == "no_reprint"
    assert "cannot be reprinted again" in refused.message


def test_stall_mid_job_is_incomplete(serial_rig):
    rig = serial_rig
    rig.sim.buffer_size = 256
    big = ReceiptLayout()
    for i in range(3000):
        big.text(f"第{i}行 明细 ￥{i}.00")
    rig.sim.paper_out_after(1)  # offline after one line: its buffer fills, the host's write blocks
    out = rig.printer.print_layout("big", "receipt", big)
    assert out.state is JobState.INCOMPLETE and out.reason == "stalled"
    assert "stopped taking data" in out.message
    assert rig.printer.last_status.online is st.Online.UNKNOWN  # the blocked link cannot answer either


def test_hung_printer_that_takes_no_bytes(serial_rig):
    rig = serial_rig
    rig.sim.stall()
    out = rig.printer.print_layout("j", "receipt", LAYOUT)
    assert out.state is JobState.REFUSED and out.reason == "no_answer"
    assert rig.printer.last_status.online is st.Online.UNKNOWN  # not "offline", not "paper out"


def test_silent_printer_is_unknown_and_refused(rig):
    rig.sim.silence()
    assert rig.printer.read_status() == st.PrinterStatus()  # every field UNKNOWN
    out = rig.printer.print_layout("j", "receipt", LAYOUT)
    assert out.state is JobState.REFUSED and "does not answer" in out.message
    assert rig.sim.receipts() == []


def test_slow_reply_within_timeout_is_read(rig):
    rig.sim.delay(0.1)
    assert rig.printer.read_status().paper is st.Paper.FULL


def test_job_interrupted_by_a_crash_is_reprintable_after_restart(tmp_path):
    path = str(tmp_path / "jobs.sqlite")
    ledger = JobLedger(path)
    assert ledger.claim("j", "receipt", b"data") is None
    ledger.close()  # the process died while PRINTING
    reopened = JobLedger(path)
    job = reopened.get("j")
    assert job is not None and job.state is JobState.INCOMPLETE and job.data == b"data"
    assert [j.job_id for j in reopened.incomplete()] == ["j"]
    reopened.close()


def test_device_file_link_is_sent_not_confirmed(tmp_path):
    from drivers.printer.layout import PrinterProfile
    from drivers.printer.parser import EscPosParser
    from drivers.printer.printer import ReceiptPrinter
    from drivers.printer.transport import TransportSettings, make_transport

    path = tmp_path / "lp0"
    ledger = JobLedger()
    printer = ReceiptPrinter(make_transport(TransportSettings(kind="file", path=str(path))), PrinterProfile(), ledger)
    printer.open()
    assert printer.read_status() == st.PrinterStatus()  # a device file cannot answer: UNKNOWN
    out = printer.print_layout("f1", "receipt", LAYOUT)
    assert out.state is JobState.SENT and "Sent to the printer" in out.message
    printer.close()
    assert printed_lines(EscPosParser().feed(path.read_bytes())) == ["缴款凭证", "金额：￥1,234.50", "谢谢"]
    assert printer.print_layout("f1", "receipt", LAYOUT).printed_now is False


def test_status_changes_are_reported_once_with_changed_fields_only(serial_rig):
    rig = serial_rig
    events: list[dict[str, str]] = []
    rig.printer._on_status = events.append
    rig.printer.read_status()
    rig.printer.read_status()
    assert events == [{"online": "online", "paper": "full", "cover": "closed", "error": "ok"}]
    rig.sim.paper_low()
    rig.printer.read_status()
    assert events[1:] == [{"paper": "low"}]
    rig.sim.silence()
    rig.printer.read_status()
    assert events[2:] == [{"online": "unknown", "paper": "unknown", "cover": "unknown", "error": "unknown"}]


def test_poll_never_waits_behind_a_job(serial_rig):
    import threading
    import time

    rig = serial_rig
    rig.printer.read_status()
    rig.sim.paper_out_after(1)  # the job will wait for its confirmation (1 s) while holding the printer
    worker = threading.Thread(target=rig.printer.print_layout, args=("long", "receipt", LAYOUT))
    worker.start()
    time.sleep(0.2)
    cached = rig.printer.poll_status()
    assert worker.is_alive()  # answered while the job still holds the printer
    assert cached.paper is st.Paper.FULL  # the last known status, not a blocked read
    worker.join()
