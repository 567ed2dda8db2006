/// The page at `/`: pick an avatar, talk into the microphone or drop in an audio file, and watch
/// and hear the avatar answer, with frames and echoed audio scheduled on the stream's audio clock.
/// `window.being` exposes its counters for automated checks; query parameters `autoconnect=1`,
/// `microphone=1` (start talking once connected) and `keep=N` (keep the last N pictures for
/// `being.exportKept()`) let a headless browser drive it.
enum BrowserPage {
    static let html = #"""
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Being</title>
<style>
body { font: 15px system-ui, sans-serif; margin: 2em; color: #222; }
#view { width: 512px; height: 512px; background: #111; display: block; margin: 1em 0; }
#drop { border: 2px dashed #999; padding: 1em; width: 480px; text-align: center; }
#drop.over { border-color: #06c; }
.stats span { display: inline-block; min-width: 9em; }
</style></head>
<body>
<h1>Being</h1>
<p><select id="avatar"></select> <button id="connect">Connect</button> <button id="mic" disabled>Talk (microphone)</button>
<button id="interrupt" disabled>Interrupt</button></p>
<div id="drop">…or drop an audio file here (or <input type="file" id="file" accept="audio/*">)</div>
<canvas id="view" width="512" height="512"></canvas>
<p class="stats"><span id="fps">fps –</span><span id="latency">latency –</span><span id="lookahead">lookahead –</span><span id="state">idle</span></p>
<pre id="log"></pre>
<script>
const q = new URLSearchParams(location.search), token = q.get("token");
const auth = token ? { headers: { Authorization: "Bearer " + token } } : {};
const $ = id => document.getElementById(id);
const being = window.being = { frames: 0, speechFrames: 0, audioFrames: 0, sentSamples: 0, events: [], hello: null, errors: [], kept: [] };
const keep = Number(q.get("keep") || 0);
being.exportKept = () => being.kept.map(f => {  // [{index, speaking, jpeg: base64}]
  let text = ""; for (let i = 0; i < f.jpeg.length; i += 8192) text += String.fromCharCode.apply(null, f.jpeg.subarray(i, i + 8192));
  return { index: f.index, speaking: f.speaking, jpeg: btoa(text) };
});
let ws, ctx, base = null, queue = [], received = [], speaking = false;
const log = m => { $("log").textContent = (m + "\n" + $("log").textContent).slice(0, 4000); };

fetch("/v1/avatars" + (token ? "?token=" + encodeURIComponent(token) : ""), auth).then(r => r.json()).then(j => {
  for (const a of j.avatars) { const o = document.createElement("option"); o.value = o.textContent = a.id; $("avatar").append(o); }
  if (q.get("autoconnect")) connect();
});

function connect() {
  ctx = ctx || new AudioContext();
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/v1/avatars/" + $("avatar").value + "/stream"
    + (token ? "?token=" + encodeURIComponent(token) : "");
  ws = new WebSocket(url); ws.binaryType = "arraybuffer"; base = null;
  ws.onmessage = e => typeof e.data === "string" ? onEvent(JSON.parse(e.data)) : onBinary(e.data);
  ws.onclose = e => { log("closed " + e.code + " " + e.reason); $("mic").disabled = true; };
  $("mic").disabled = false; $("interrupt").disabled = false;
}

function onEvent(m) {
  being.events.push(m.type);
  if (m.type === "hello") {
    being.hello = m; $("lookahead").textContent = "lookahead " + m.lookahead_ms + " ms";
    if (q.get("microphone")) microphone().catch(e => { being.errors.push("microphone"); log("microphone: " + e); });
  }
  else if (m.type === "speech_start") { speaking = true; $("state").textContent = "speaking"; }
  else if (m.type === "speech_end") { speaking = false; $("state").textContent = "idle"; }
  else if (m.type === "stats") { if (m.latency_ms_p50 !== null) $("latency").textContent = "latency p50 " + m.latency_ms_p50 + " ms"; }
  else if (m.type === "error") { being.errors.push(m.code); log("error " + m.code + ": " + m.message); }
}

function onBinary(buffer) {
  const v = new DataView(buffer), type = v.getUint8(0), index = v.getUint32(4, true), pts = v.getUint32(8, true) / 1000;
  const payload = new Uint8Array(buffer, 16, v.getUint32(12, true));
  if (base === null) base = ctx.currentTime + 0.1 - pts;  // play 100 ms after the first message
  if (type === 2) {
    being.audioFrames++;
    const pcm = new Int16Array(payload.slice().buffer), audio = ctx.createBuffer(1, pcm.length, 16000), ch = audio.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) ch[i] = pcm[i] / 32768;
    const source = ctx.createBufferSource(); source.buffer = audio; source.connect(ctx.destination);
    if (base + pts > ctx.currentTime) source.start(base + pts);
  } else if (type === 1) {
    being.frames++; if (speaking) being.speechFrames++;
    if (keep) { being.kept.push({ index, speaking, jpeg: payload.slice() }); if (being.kept.length > keep) being.kept.shift(); }
    received.push(performance.now());
    createImageBitmap(new Blob([payload], { type: "image/jpeg" })).then(bitmap => queue.push({ at: base + pts, bitmap }));
  }
}

function draw() {
  while (queue.length && ctx && queue[0].at <= ctx.currentTime) {
    const f = queue.shift();
    if (!queue.length || queue[0].at > ctx.currentTime) $("view").getContext("2d").drawImage(f.bitmap, 0, 0, 512, 512);
    f.bitmap.close();
  }
  const now = performance.now(); received = received.filter(t => now - t < 1000);
  $("fps").textContent = "fps " + received.length;
  requestAnimationFrame(draw);
}
requestAnimationFrame(draw);

function send(float32, rate) {  // resample linearly to 16 kHz, send s16le
  const n = Math.floor(float32.length * 16000 / rate), out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const x = i * rate / 16000, j = Math.floor(x), f = x - j, a = float32[j] || 0, b = float32[j + 1] || a;
    out[i] = Math.max(-32768, Math.min(32767, Math.round((a + (b - a) * f) * 32767)));
  }
  if (ws && ws.readyState === 1 && n > 0) { ws.send(out.buffer); being.sentSamples += n; }
}

async function microphone() {
  await ctx.resume();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true } });
  const source = ctx.createMediaStreamSource(stream), node = ctx.createScriptProcessor(2048, 1, 1);
  node.onaudioprocess = e => send(e.inputBuffer.getChannelData(0), ctx.sampleRate);
  source.connect(node); node.connect(ctx.destination);
  ws.send(JSON.stringify({ type: "start" })); $("mic").disabled = true; log("microphone on");
}

async function playFile(file) {
  if (!ws) connect();
  await new Promise(r => ws.readyState === 1 ? r() : ws.addEventListener("open", r, { once: true }));
  const decoded = await ctx.decodeAudioData(await file.arrayBuffer());
  const offline = new OfflineAudioContext(1, Math.ceil(decoded.duration * 16000), 16000);
  const src = offline.createBufferSource(); src.buffer = decoded; src.connect(offline.destination); src.start();
  const samples = (await offline.startRendering()).getChannelData(0);
  ws.send(JSON.stringify({ type: "start" }));
  let i = 0;
  const timer = setInterval(() => {  // real time, 100 ms chunks
    send(samples.subarray(i, i + 1600), 16000); i += 1600;
    if (i >= samples.length) { clearInterval(timer); ws.send(JSON.stringify({ type: "end" })); }
  }, 100);
}

$("connect").onclick = connect;
$("mic").onclick = microphone;
$("interrupt").onclick = () => ws && ws.send(JSON.stringify({ type: "interrupt" }));
$("file").onchange = e => e.target.files[0] && playFile(e.target.files[0]);
$("drop").ondragover = e => { e.preventDefault(); $("drop").classList.add("over"); };
$("drop").ondragleave = () => $("drop").classList.remove("over");
$("drop").ondrop = e => { e.preventDefault(); $("drop").classList.remove("over"); if (e.dataTransfer.files[0]) playFile(e.dataTransfer.files[0]); };
</script>
</body></html>
"""#
}
