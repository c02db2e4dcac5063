"""Who the taxpayer is, as far as the bureau is concerned: on file, and the face in front of the camera.

The identify step (card, tax-app code or keypad) gives an ID number; `lookup_taxpayer` asks the
bureau whether that person is on file. Services that hand out personal records then check
the face: presence is decided here on the terminal first (so nothing is sent while nobody
stands there), then one JPEG goes to `POST /v1/identity/verify`. When the bureau cannot be
reached, the taxpayer is told that the check itself is what cannot be done.

The lookup answers only a masked name, since anyone can type a number. A verified face opens
the bureau's taxpayer session, which `BureauCalls` carries on every later call of the visit
and drops when the kiosk session ends. The bureau compares the name too when a card gave one.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import cv2
import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import UNREACHABLE, BureauCalls, BureauRefusal
from kiosk.flow.engine import ActionError
from kiosk.flow.model import Step, StepKind, Text, identify_step
from kiosk.logs import PII_REGISTRY
from kiosk.messages import Message
from taxcore.masking import mask_id, mask_name

log = logging.getLogger(__name__)
T = TypeVar("T")

LOOKUP_ACTION = "identity.lookup"
FACE_ACTION = "identity.face"
FACE_WAIT_S = 6.0  # how long the camera looks for a face before asking the person to step closer
JPEG_QUALITY = 85

NOT_ON_FILE = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau has no taxpayer with this ID number. Please check the number, "
                "or ask at the service counter."))
NUMBER_REFUSED = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau cannot look up this kind of ID number here. Please ask at the service counter."))
NO_CAMERA = Message(QT_TRANSLATE_NOOP(
    "Messages", "The camera of this terminal is not working, so your identity cannot be checked here. "
                "Please ask at the service counter."))
NO_FACE = Message(QT_TRANSLATE_NOOP(
    "Messages", "No face could be seen. Please stand in front of the screen, look at the camera "
                "and tap Confirm again."))
NAME_MISMATCH = Message(QT_TRANSLATE_NOOP(
    "Messages", "The name on your ID does not match the tax bureau's records. Please ask at the service counter."))
CHECK_UNREACHABLE = Message(QT_TRANSLATE_NOOP(
    "Messages", "Your identity cannot be checked because the tax bureau cannot be reached right now. "
                "Please try again in a moment, or ask at the service counter."))
NOT_VERIFIED = Message(QT_TRANSLATE_NOOP(
    "Messages", "Your identity could not be confirmed. Please ask at the service counter."))


def identify_and_look_up() -> Step:
    """The identify step, answered by the bureau: the taxpayer's name and records land in `taxpayer`."""
    return dataclasses.replace(identify_step(), action=LOOKUP_ACTION, result_key="taxpayer")


def face_step(action: str = FACE_ACTION, result_key: str = "verified") -> Step:
    """Look at the camera; Confirm captures and asks the bureau (Back and Cancel as everywhere).

    A service may name its own action that verifies the face and then fetches what it needs.
    """
    FACE_ACTIONS.add(action)
    return Step(
        StepKind.CONFIRM, Text("请正对摄像头，核验身份", "Look at the camera to confirm it is you"),
        action=action, result_key=result_key,
        note=Text("请摘下帽子和口罩，正对屏幕上方的摄像头，然后点击“确认办理”。照片只用于本次核验，不会保存。",
                  "Take off any hat or mask, look at the camera above the screen, then tap Confirm. "
                  "The photo is used for this check only and is not kept."),
        present=lambda c: [(Text("姓名", "Name"), mask_name(c["taxpayer"]["name"])),
                           (Text("证件号码", "ID number"), mask_id(c["id_number"]))],
    )


FACE_ACTIONS: set[str] = {FACE_ACTION}  # every step action that checks a face (the camera preview shows on them)


def verified_then(verify: Callable[[Mapping[str, Any]], Any],
                  then: Callable[[Mapping[str, Any]], T]) -> Callable[[Mapping[str, Any]], T]:
    """An action that checks the face first (opening the bureau's session for this taxpayer), then does `then`."""

    def action(context: Mapping[str, Any]) -> T:
        verify(context)
        return then(context)

    return action


def lookup_taxpayer(bureau: BureauCalls | None, context: Mapping[str, Any]) -> dict[str, Any]:
    """Is the identified person on file? Their masked name (nothing personal before the face
    check: anyone can type a number), or a message with a way on."""
    number = str(context["id_number"])
    try:
        answer = bureau_or_unreachable(bureau).post("/v1/identity/lookup", {"id_number": number})
    except BureauRefusal as refusal:
        raise ActionError(NOT_ON_FILE if refusal.code == "taxpayer_not_found" else NUMBER_REFUSED,
                          retry=False) from refusal
    return {"name": str(answer["name_masked"])}


def records_of(bureau: BureauCalls, path: str, none: Message) -> list[dict[str, Any]]:
    """The taxpayer's records the bureau lists at `path`; not on file, or nothing listed, ends with a way on."""
    items = list(bureau.get(path, refused=NOT_ON_FILE)["items"])
    if not items:
        raise ActionError(none, retry=False)
    return items


def verify_face(bureau: BureauCalls | None, camera: Any, detector: Any, context: Mapping[str, Any],
                wait_s: float | None = None, sleep: Callable[[float], None] = time.sleep) -> dict[str, Any]:
    """A frame with a face (found here first), then the bureau's verdict on it. Runs on a worker."""
    if camera is None or detector is None:
        raise ActionError(NO_CAMERA, retry=False)
    frame = _frame_with_face(camera, detector, FACE_WAIT_S if wait_s is None else wait_s, sleep)
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    del frame  # nothing of the face outlives the request
    if not ok:
        raise ActionError(NO_FACE)
    body = {"id_number": context["id_number"], "name": context.get("name"),  # the card's name; none typed
            "face_jpeg_b64": base64.b64encode(jpeg.tobytes()).decode("ascii")}
    calls = bureau_or_unreachable(bureau)
    try:
        answer = calls.post("/v1/identity/verify", body)
    except ActionError as exc:
        if exc.message == UNREACHABLE:
            raise ActionError(CHECK_UNREACHABLE) from exc
        raise
    if answer.get("verified") and answer.get("session_token"):
        PII_REGISTRY.remember(str(answer.get("name") or ""))  # masked in every log line until the session ends
        calls.begin_taxpayer(str(answer["session_token"]))  # the bureau now answers for this person only
        log.info("identity verified by face")
        return {"verified": True}
    reason = str(answer.get("reason"))
    log.info("identity not verified", extra={"reason": reason})
    problems = {"no_face_capture": (NO_FACE, True), "name_mismatch": (NAME_MISMATCH, False),
                "not_registered": (NOT_ON_FILE, False)}
    message, retry = problems.get(reason, (NOT_VERIFIED, False))
    raise ActionError(message, retry=retry)


def _frame_with_face(camera: Any, detector: Any, wait_s: float, sleep: Callable[[float], None]) -> np.ndarray:
    """The camera reads frames only while asked to; it is asked for this capture and rests after it."""
    was_active = camera.active
    camera.active = True
    try:
        deadline = time.monotonic() + wait_s
        sleep(0.2)  # a frame from now, not one left from an earlier step
        while time.monotonic() < deadline:
            frame = camera.last_frame()
            if frame is not None and detector.faces(frame):
                return frame
            sleep(0.1)
    finally:
        camera.active = was_active
    log.info("no face in front of the camera")
    raise ActionError(NO_FACE)


def bureau_or_unreachable(bureau: BureauCalls | None) -> BureauCalls:
    if bureau is None:
        raise ActionError(UNREACHABLE)
    return bureau
