"""视频帮办 in `kiosk run --self-test` and the technician's self-tests: a loopback call on this terminal."""

from __future__ import annotations

from typing import Any

from kiosk.selftest import Check, CheckFailed, SelfTestContext


def check_loopback(ctx: SelfTestContext) -> str:
    from kiosk.remote_help.loopback import FRAMES, loopback_call  # aiortc and PyAV: loaded only for the check

    camera: Any = ctx.kiosk.camera if ctx.kiosk is not None else None
    if camera is not None:
        camera.active = True
    try:
        r = loopback_call(camera.last_frame if camera is not None else lambda: None,
                          ctx.config.remote_help.microphone)
    finally:
        if camera is not None:
            camera.active = False
    if min(r["to_officer"], r["to_kiosk"]) < FRAMES or not (r["audio_in"] and r["audio_out"]):
        raise CheckFailed(f"loopback call: {r['to_officer']} and {r['to_kiosk']} video frames, "
                          f"{r['audio_out']} and {r['audio_in']} audio frames in {r['seconds']:.1f} s")
    source = "the camera" if camera is not None else "no camera attached"
    mic = r["microphone"] or f"microphone {ctx.config.remote_help.microphone or 'none configured'}"
    return (f"video {r['size'][0]}×{r['size'][1]} from {source} and back ({r['to_officer']}/{r['to_kiosk']} "
            f"frames), audio both ways, DTLS-SRTP, in {r['seconds']:.1f} s; {mic}")


def selftest_checks() -> list[Check]:
    return [Check("remote help loopback", check_loopback)]
