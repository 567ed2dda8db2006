#!/usr/bin/env python3
"""Load and soak client for `being serve` (docs/protocol.md), standard library only.

    serve_load.py --port 8000 --avatar ID --wav speech.wav --sessions 2 --seconds 30
    serve_load.py --port 8000 --avatar ID --wav speech.wav --soak 600 --sessions 2 --pid SERVER_PID

Each session streams the wav (16 kHz mono s16le) in real time in 100 ms chunks, then `end`, and
measures per session: video frames received per second while the stream runs, and latency from
sending the chunk that completes a frame's speech to receiving that frame (the k-th echoed audio
message of a segment is samples 640k..640k+639). The soak keeps `--sessions` clients joining and
leaving with random lengths of the wav, and samples the server's resident memory every 10 s.
Prints a table, then one JSON line.
"""
import argparse, base64, json, os, random, socket, struct, threading, time, wave


class WebSocket:
    def __init__(self, host, port, path):
        self.sock = socket.create_connection((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk: raise ConnectionError("closed during handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]: raise ConnectionError(head.decode(errors="replace").split("\r\n")[0])
        self.lock = threading.Lock()

    def send(self, opcode, data):
        mask = os.urandom(4)
        n = len(data)
        header = bytes([0x80 | opcode]) + (bytes([0x80 | n]) if n < 126 else
                                           bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        with self.lock: self.sock.sendall(header + mask + masked)

    def recv_exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk: raise ConnectionError("closed")
            out += chunk
        return out

    def recv(self):
        """(opcode, payload) of the next message (no fragmentation from this server)."""
        while True:
            b0, b1 = self.recv_exact(2)
            n = b1 & 0x7F
            if n == 126: n = struct.unpack(">H", self.recv_exact(2))[0]
            elif n == 127: n = struct.unpack(">Q", self.recv_exact(8))[0]
            payload = self.recv_exact(n)
            opcode = b0 & 0x0F
            if opcode == 9: self.send(10, payload); continue
            return opcode, payload

    def close(self):
        try: self.send(8, struct.pack(">H", 1000))
        except OSError: pass
        self.sock.close()


def pcm_of(path):
    with wave.open(path) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, "need 16 kHz mono s16le"
        return w.readframes(w.getnframes())


def session(args, pcm, result):
    ws = WebSocket(args.host, args.port, f"/v1/avatars/{args.avatar}/stream" + (f"?token={args.token}" if args.token else ""))
    sent = []  # (end byte, time)
    stop = threading.Event()

    def sender():
        start = time.monotonic()
        for i, offset in enumerate(range(0, len(pcm), 3200)):
            time.sleep(max(0, start + i * 0.1 - time.monotonic()))
            chunk = pcm[offset:offset + 3200]
            sent.append((offset + len(chunk), time.monotonic()))
            ws.send(2, chunk)
        ws.send(1, b'{"type":"end"}')

    threading.Thread(target=sender, daemon=True).start()
    frames, latencies, speech_k, last_stats, t0 = [], [], 0, None, time.monotonic()
    pending = {}  # frame index -> send time of the chunk completing its speech
    while True:
        opcode, data = ws.recv()
        now = time.monotonic()
        if opcode == 8: break
        if opcode == 1:
            m = json.loads(data)
            if m["type"] == "stats": last_stats = m
            if m["type"] == "error": result.setdefault("errors", []).append(m["code"])
            if m["type"] == "speech_end": break
            continue
        kind, index = data[0], struct.unpack("<I", data[4:8])[0]
        if kind == 2:
            end = 2 * 640 * (speech_k + 1) - 1
            t = next((at for e, at in sent if e > end), sent[-1][1] if sent else now)
            pending[index] = t
            speech_k += 1
        elif kind == 1:
            frames.append(now)
            if index in pending: latencies.append(now - pending.pop(index))
    ws.close()
    span = frames[-1] - frames[0] if len(frames) > 1 else 1
    result.update(frames=len(frames), fps=(len(frames) - 1) / span if len(frames) > 1 else 0,
                  latencies=latencies, seconds=time.monotonic() - t0, stats=last_stats)


def quantile(values, p):
    if not values: return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(-(-p * len(s) // 1)) - 1))]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"): return int(line.split()[1])


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--host", default="127.0.0.1"); a.add_argument("--port", type=int, default=8000)
    a.add_argument("--avatar", required=True); a.add_argument("--wav", required=True); a.add_argument("--token")
    a.add_argument("--sessions", type=int, default=1); a.add_argument("--seconds", type=float, default=20)
    a.add_argument("--soak", type=float, default=0); a.add_argument("--pid", type=int)
    args = a.parse_args()
    pcm = pcm_of(args.wav)
    if args.soak:
        deadline, memory, runs = time.monotonic() + args.soak, [], []

        def worker():
            while time.monotonic() < deadline:
                length = random.randint(3, 15) * 32000
                start = random.randrange(0, max(1, len(pcm) - length)) & ~1
                r = {}
                try: session(args, pcm[start:start + length], r)
                except (OSError, ConnectionError) as e: r["error"] = str(e)
                runs.append(r)
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.sessions)]
        for t in threads: t.start()
        t0 = time.monotonic()
        while time.monotonic() < deadline:
            if args.pid: memory.append((round(time.monotonic() - t0), rss_kib(args.pid)))
            time.sleep(10)
        for t in threads: t.join()
        fps = [r["fps"] for r in runs if "fps" in r]
        print(f"soak {args.soak:.0f} s, {args.sessions} clients, {len(runs)} sessions, "
              f"{sum('error' in r for r in runs)} failed; fps median {quantile(fps, 0.5)}")
        for t, kib in memory: print(f"  t={t:4d} s  RSS {kib / 1024:.1f} MiB")
        print(json.dumps({"soak_seconds": args.soak, "sessions": len(runs), "memory_kib": memory, "fps": fps}))
        return
    pcm = (pcm * (1 + int(args.seconds * 32000 // len(pcm))))[:int(args.seconds * 32000)]
    results = [{} for _ in range(args.sessions)]
    threads = [threading.Thread(target=session, args=(args, pcm, r)) for r in results]
    for t in threads: t.start()
    for t in threads: t.join()
    print(f"{'session':>8} {'frames':>7} {'fps':>6} {'lat p50 ms':>11} {'lat p95 ms':>11} {'dropped late':>13} {'render p50 ms':>14}")
    for i, r in enumerate(results):
        s = r.get("stats") or {}
        p50, p95 = quantile(r["latencies"], .5), quantile(r["latencies"], .95)
        print(f"{i:>8} {r['frames']:>7} {r['fps']:>6.1f} {p50 * 1000 if p50 else float('nan'):>11.0f} {p95 * 1000 if p95 else float('nan'):>11.0f}"
              f" {s.get('frames_dropped_late', '-'):>13} {s.get('render_ms_p50', '-'):>14}")
    print(json.dumps([{k: v for k, v in r.items() if k != "latencies"} | {"latency_p50": quantile(r["latencies"], .5),
                       "latency_p95": quantile(r["latencies"], .95)} for r in results]))


if __name__ == "__main__":
    main()
