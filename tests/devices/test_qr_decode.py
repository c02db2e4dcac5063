"""The camera's QR pipeline reads what a single zxing-cpp pass cannot: blur measured and undone."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp

from drivers.scanner import deblur, qr_decode

PAYLOAD = "https://etax.example.gov.cn/inv?d=" + "K7Q2M9" * 18
NO_LIMIT = float("inf")  # what the pipeline can read, not how fast: benchmarks measure speed


def _frame(side: int = 300) -> np.ndarray:
    code = np.asarray(zxingcpp.create_barcode(PAYLOAD, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=True))
    code = cv2.resize(code, (side, side), interpolation=cv2.INTER_NEAREST)
    frame = np.full((720, 1280), 130, np.uint8)
    frame[200 : 200 + side, 500 : 500 + side] = code
    return frame


def _motion(image: np.ndarray, length: int, angle: float) -> np.ndarray:
    kernel = deblur.Blur(motion_px=length, angle_deg=angle).kernel()
    return cv2.filter2D(image, -1, kernel)


def _plain_zxing(image: np.ndarray) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=qr_decode.FORMATS) if r.valid]


@pytest.mark.parametrize(("length", "angle"), [(15, 30.0), (17, 120.0)])
def test_a_code_smeared_by_a_moving_hand_is_measured_and_read(length: int, angle: float) -> None:
    frame = _motion(_frame(), length, angle)
    assert _plain_zxing(frame) == []  # a plain pass cannot
    x0, y0, x1, y1 = deblur.busiest_region(frame) or (0, 0, 0, 0)
    assert x0 < 500 and y0 < 200 and x1 > 800 and y1 > 500  # the region holds the code
    blur = deblur.estimate_blur(frame[y0:y1, x0:x1])
    assert abs(blur.motion_px - length) <= 1.0
    assert min(abs(blur.angle_deg - angle), 180 - abs(blur.angle_deg - angle)) <= 4
    assert qr_decode.decode(frame, NO_LIMIT) == [PAYLOAD]


def test_a_code_out_of_focus_is_read() -> None:
    frame = cv2.GaussianBlur(_frame(), (0, 0), 3.6)
    assert _plain_zxing(frame) == []
    x0, y0, x1, y1 = deblur.busiest_region(frame) or (0, 0, 0, 0)
    focus = deblur.focus_blur(frame[y0:y1, x0:x1])
    assert focus is not None and 2.5 <= focus.sigma <= 5.0
    assert qr_decode.decode(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), NO_LIMIT) == [PAYLOAD]


def test_a_sharp_region_is_not_deblurred() -> None:
    frame = _frame()
    assert deblur.focus_blur(frame[150:550, 450:850]) is None
    assert deblur.estimate_blur(frame[150:550, 450:850]).motion_px == 0


def test_a_dark_mode_code_on_a_phone_is_read() -> None:
    frame = _frame()
    frame[200:500, 500:800] = 255 - frame[200:500, 500:800]
    assert qr_decode.decode(frame) == [PAYLOAD]


@pytest.mark.parametrize("image", [np.full((720, 1280), 90, np.uint8), np.zeros((720, 1280, 4), np.uint8)])
def test_nothing_in_view_reads_nothing(image: np.ndarray) -> None:
    assert deblur.busiest_region(qr_decode.to_gray(image)) is None
    assert qr_decode.decode(image, NO_LIMIT) == []


def test_only_one_pass_runs_when_the_budget_is_spent() -> None:
    frame = cv2.GaussianBlur(_frame(), (0, 0), 3.6)  # needs the deblur pass, fifth in line
    assert qr_decode.decode(frame, budget_s=0.0) == []
