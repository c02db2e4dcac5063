"""One video call, on the media thread: signed signalling to the bureau, then a peer connection.

The kiosk waits in line, and once an officer answers it offers: audio both ways, the camera
both ways, its window one way (sent only while shared) and the `actions` data channel. aiortc
gathers its ICE candidates before the offer leaves (host candidates suffice on a hall LAN;
STUN/TURN come from config). DTLS-SRTP is aiortc's default and cannot be turned off.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiortc import (
    MediaStreamTrack,
    RTCBundlePolicy,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.contrib.media import MediaRelay
from websockets.asyncio.client import ClientConnection, connect

from kiosk.remote_help.tracks import CameraTrack, Received, ScreenTrack
from taxcore import signing

log = logging.getLogger(__name__)

PATH = "/v1/remote-help/kiosk"
CONNECT_S = 10.0
Emit = Callable[[str, Any], None]  # called on the media thread; Qt queues it to the GUI


@dataclass
class CallSetup:
    bureau_url: str
    terminal_id: str
    key: bytes
    hall: str
    service: str
    ice_servers: list[dict[str, Any]] = field(default_factory=list)
    ca_bundle: str = ""
    pin_sha256: str = ""


def _ws_url(base: str) -> str:
    parts = urlsplit(base)
    return ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc + PATH


def _ice(servers: list[dict[str, Any]]) -> list[RTCIceServer]:
    return [RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential"))
            for s in servers if s.get("urls")]


class RemoteCall:
    """Lives on the media thread. `run` until the call ends; `hang_up` from that thread ends it."""

    def __init__(self, setup: CallSetup, camera: CameraTrack, screen: ScreenTrack, microphone: MediaStreamTrack,
                 emit: Emit, hello: dict[str, Any], speaker: Any = None) -> None:
        self.setup = setup
        self.camera, self.screen, self.microphone = camera, screen, microphone
        self.emit = emit
        self.hello = hello  # what the kiosk offers: {"services": [...], "guides": [...]}
        self.speaker = speaker  # aiortc MediaRecorder-like sink for the officer's voice, or None
        self.received = Received()
        self.on_message: Callable[[str], None] = lambda raw: None  # data-channel text, on this thread
        self._ws: ClientConnection | None = None
        self._pc: RTCPeerConnection | None = None
        self._channel: Any = None
        self._tasks: list[asyncio.Task[None]] = []
        self._ended = False
        self._relay = MediaRelay()

    async def run(self) -> None:
        try:
            await self._signal()
        except Exception as exc:  # noqa: BLE001 (every failure ends the call with a reason on screen)
            if self._ended:
                return  # the socket closed under a hang-up
            log.warning("remote help call failed", extra={"error": type(exc).__name__, "detail": str(exc)[:200]})
            await self._end("failed", type(exc).__name__)
        else:
            await self._end("bureau", "closed")

    async def _signal(self) -> None:
        s = self.setup
        headers = signing.sign_headers(s.terminal_id, s.key, "GET", PATH)
        ssl_ctx = ssl.create_default_context(cafile=s.ca_bundle or None) if s.bureau_url.startswith("https") else None
        async with connect(_ws_url(s.bureau_url), additional_headers=headers, ssl=ssl_ctx,
                           open_timeout=CONNECT_S, max_size=256 * 1024) as ws:
            self._check_pin(ws)
            self._ws = ws
            await ws.send(json.dumps({"type": "call", "hall": s.hall, "service": s.service}))
            async for raw in ws:
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "queued":
                    self.emit("queued", {"position": int(message["position"]),
                                         "estimate_s": int(message["estimate_s"])})
                elif kind == "answered":
                    self.emit("answered", {"officer": str(message.get("officer", ""))[:32]})
                    await self._offer(ws, s.ice_servers + list(message.get("ice_servers") or []))
                elif kind == "answer" and self._pc is not None:
                    await self._pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
                elif kind == "closed":
                    self.emit("closed", {"hours": str(message.get("hours", ""))})
                    return
                elif kind == "hangup":
                    await self._end("officer", "hangup")
                    return

    def _check_pin(self, ws: ClientConnection) -> None:
        pin = self.setup.pin_sha256.replace(":", "").lower()
        if not pin:
            return
        ssl_object = ws.transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else b""
        if hashlib.sha256(der or b"").hexdigest() != pin:
            raise ssl.SSLError("the bureau's certificate does not match the pinned fingerprint")

    async def _offer(self, ws: ClientConnection, ice_servers: list[dict[str, Any]]) -> None:
        # max-bundle: every track on one transport (aiortc 1.16 left the third m-line on its own unstarted one)
        pc = RTCPeerConnection(RTCConfiguration(iceServers=_ice(ice_servers), bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))
        self._pc = pc
        pc.addTransceiver(self.microphone, direction="sendrecv")
        pc.addTransceiver(self.camera, direction="sendrecv")
        pc.addTransceiver(self.screen, direction="sendonly")
        channel = pc.createDataChannel("actions")
        self._channel = channel

        @channel.on("open")
        def _open() -> None:
            channel.send(json.dumps({"type": "hello", **self.hello}))
            self.emit("connected", {})

        @channel.on("message")
        def _message(raw: str | bytes) -> None:
            self.on_message(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))

        @pc.on("track")
        def _track(track: MediaStreamTrack) -> None:
            if track.kind == "audio" and self.speaker is not None:
                self.speaker.addTrack(self._relay.subscribe(track))
                self._tasks.append(asyncio.ensure_future(self.speaker.start()))
                track = self._relay.subscribe(track)
            self._tasks.append(asyncio.ensure_future(self.received.consume(track)))

        @pc.on("connectionstatechange")
        async def _state() -> None:
            log.info("remote help media %s", pc.connectionState)
            if pc.connectionState == "failed":
                await self.hang_up("media_failed")

        await pc.setLocalDescription(await pc.createOffer())
        await ws.send(json.dumps({"type": "offer", "sdp": pc.localDescription.sdp}))

    def send(self, text: str) -> None:
        """A data-channel message to the console (on this thread); dropped when the channel is not open."""
        if self._channel is not None and self._channel.readyState == "open":
            self._channel.send(text)

    async def hang_up(self, reason: str = "kiosk") -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.send(json.dumps({"type": "hangup"}))
        await self._end("kiosk", reason)

    async def _end(self, by: str, reason: str) -> None:
        if self._ended:
            return
        self._ended = True
        if self._pc is not None:
            await self._pc.close()
        if self.speaker is not None:
            with contextlib.suppress(Exception):
                await self.speaker.stop()
        for task in self._tasks:
            task.cancel()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        for track in (self.camera, self.screen, self.microphone):
            track.stop()
        self.received.clear()
        self.emit("ended", {"by": by, "reason": reason})
