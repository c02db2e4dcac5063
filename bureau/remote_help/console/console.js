// The officer's console: the waiting calls, one call at a time, actions through its data channel.
// Signalling is the bureau's WebSocket; the kiosk offers (after the officer accepts), we answer
// once our ICE candidates are gathered (no trickle: aiortc sends its candidates in the SDP).
"use strict";

const $ = (id) => document.getElementById(id);
const state = { socket: null, pc: null, channel: null, local: null, call: null, nextId: 1, replies: [] };
window.vtax = state; // for the end-to-end test and for a curious officer's devtools

function note(text) {
  const li = document.createElement("li");
  li.textContent = new Date().toLocaleTimeString() + "  " + text;
  $("log").prepend(li);
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(scheme + "//" + location.host + "/officer/ws");
  state.socket = socket;
  socket.onopen = () => { $("link").textContent = "已连接 Connected"; $("link").className = "link up"; };
  socket.onclose = (event) => {
    $("link").textContent = "未连接 Disconnected (" + (event.reason || event.code) + ")";
    $("link").className = "link down";
    endCall("连接断开 connection lost");
    if (event.reason === "not_signed_in") { location.reload(); return; }
    setTimeout(connect, 3000);
  };
  socket.onmessage = (event) => onSignal(JSON.parse(event.data));
}

function send(message) { state.socket.send(JSON.stringify(message)); }

function showCalls(calls) {
  const list = $("calls");
  list.replaceChildren();
  $("no-calls").hidden = calls.length > 0;
  for (const call of calls) {
    const li = document.createElement("li");
    const what = document.createElement("span");
    what.textContent = `${call.hall} · ${call.terminal_id} · ${call.service || "—"} · ${call.waiting_s}s`;
    const accept = document.createElement("button");
    accept.textContent = "接听 Accept";
    accept.className = "accept";
    accept.disabled = state.call !== null;
    accept.onclick = () => acceptCall(call);
    li.append(what, accept);
    list.append(li);
  }
}

async function acceptCall(call) {
  if (state.call !== null) return; // one call at a time; a second tap while the camera opens is ignored
  state.call = call;
  for (const button of document.querySelectorAll("button.accept")) button.disabled = true;
  try {
    state.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  } catch (error) {
    note("无法打开摄像头或麦克风 camera/microphone unavailable: " + error.name);
    releaseLocal();
    for (const button of document.querySelectorAll("button.accept")) button.disabled = false;
    return;
  }
  $("local").srcObject = state.local;
  send({ type: "accept", call_id: call.call_id });
}

async function onSignal(message) {
  if (message.type === "calls") showCalls(message.calls);
  else if (message.type === "accepted") {
    state.iceServers = message.ice_servers || [];
    $("call").hidden = false;
    $("call-who").textContent = `${message.call.hall} · ${message.call.terminal_id}`;
    $("call-state").textContent = "等待终端连线 Waiting for the kiosk…";
  } else if (message.type === "offer") await answer(message.sdp);
  else if (message.type === "hangup") endCall("对方已挂断 the kiosk hung up");
  else if (message.type === "error") {
    note(message.message);
    if (message.code === "taken") endCall("该来电已被接听 taken by another officer");
  }
}

async function answer(sdp) {
  const pc = new RTCPeerConnection({ iceServers: state.iceServers });
  state.pc = pc;
  const remote = new MediaStream();
  $("remote").srcObject = remote;
  pc.ontrack = (event) => {
    const videos = pc.getTransceivers().filter((t) => t.receiver.track.kind === "video");
    if (event.track.kind === "video" && videos.indexOf(event.transceiver) === 1) {
      $("screen").srcObject = new MediaStream([event.track]);
    } else remote.addTrack(event.track);
  };
  pc.ondatachannel = (event) => openChannel(event.channel);
  pc.onconnectionstatechange = () => {
    $("call-state").textContent = "连接 " + pc.connectionState;
    if (pc.connectionState === "failed") endCall("媒体连接失败 media connection failed");
  };
  await pc.setRemoteDescription({ type: "offer", sdp });
  for (const track of state.local.getTracks()) pc.addTrack(track, state.local);
  for (const t of pc.getTransceivers()) if (!t.sender.track) t.direction = "recvonly";
  await pc.setLocalDescription(await pc.createAnswer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && resolve();
    setTimeout(resolve, 3000); // what is gathered by then: a closed LAN has its host candidates at once
  });
  send({ type: "answer", sdp: pc.localDescription.sdp });
}

function fillSelect(select, items) {
  select.replaceChildren();
  for (const item of items) {
    const option = document.createElement("option");
    option.value = item.id;
    option.textContent = item.title;
    select.append(option);
  }
}

function openChannel(channel) {
  state.channel = channel;
  channel.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "hello") {
      fillSelect($("service"), message.services || []);
      fillSelect($("guide"), message.guides || []);
      note("终端已就绪 kiosk ready");
    } else if (message.type === "reply") {
      state.replies.push(message);
      note(`#${message.re} ${message.status}${message.reason ? " (" + message.reason + ")" : ""}`);
    }
  };
}

function act(action, fields) {
  if (!state.channel || state.channel.readyState !== "open") { note("通话未就绪 call not ready"); return; }
  const id = state.nextId++;
  state.channel.send(JSON.stringify({ type: "action", id, action, ...fields }));
  note(`#${id} → ${action}`);
  return id;
}

function releaseLocal() {
  if (state.local) for (const track of state.local.getTracks()) track.stop();
  state.local = null;
  state.call = null;
}

function endCall(why) {
  if (state.pc) state.pc.close();
  state.pc = null;
  state.channel = null;
  releaseLocal();
  for (const id of ["remote", "screen", "local"]) $(id).srcObject = null;
  if (!$("call").hidden) note(why);
  $("call").hidden = true;
  for (const button of document.querySelectorAll("button.accept")) button.disabled = false;
}

// The numbers a test (or a doubtful officer) reads: what was decoded, not just "connected".
window.vtaxStats = async () => {
  const out = { video: [], audio: [], outbound: [] };
  if (!state.pc) return out;
  const report = await state.pc.getStats();
  report.forEach((s) => {
    if (s.type === "inbound-rtp" && s.kind === "video")
      out.video.push({ mid: s.mid, framesDecoded: s.framesDecoded || 0, width: s.frameWidth || 0, height: s.frameHeight || 0 });
    if (s.type === "inbound-rtp" && s.kind === "audio")
      out.audio.push({ packets: s.packetsReceived || 0, energy: s.totalAudioEnergy || 0 });
    if (s.type === "outbound-rtp") out.outbound.push({ kind: s.kind, packets: s.packetsSent || 0, frames: s.framesEncoded || 0 });
  });
  return out;
};

$("open-service").onclick = () => act("open_service", { service: $("service").value });
$("show-guide").onclick = () => act("show_guide", { guide: $("guide").value });
$("show-notice").onclick = () => act("show_notice", { text: $("notice").value });
$("push-link").onclick = () => act("push_link", { url: $("link-url").value });
$("ask-screen").onclick = () => act("request_screen", {});
$("ask-rating").onclick = () => act("request_rating", {});
$("hangup").onclick = () => { send({ type: "hangup" }); endCall("已挂断 you hung up"); };
connect();
