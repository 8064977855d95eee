#!/usr/bin/env python3
"""Tests for streamlit_go: byte-level codecs first, then real servers over real sockets.

    python test_streamlit_go.py              run every test
    python test_streamlit_go.py -k NAME      run tests whose id contains NAME
    python test_streamlit_go.py --echo-server PORT   a WebSocket echo server (Autobahn)
    python test_streamlit_go.py --bench [--quick]    the benchmark (not part of the tests)

Standard library only. Every server is started on 127.0.0.1 with a free port,
every wait is bounded, and only processes started here are stopped.
"""

import asyncio
import base64
import contextlib
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import streamlit_go as sg  # noqa: E402

MODULE = os.path.join(HERE, "streamlit_go.py")
IN_CI = os.environ.get("CI", "").lower() == "true"


# =============================================================================
# Helpers: a real server process, a raw HTTP client, a WebSocket client
# =============================================================================


class AppServer:
    """Run `python streamlit_go.py app.py --port 0 ...` in a temp dir; read its URL."""

    def __init__(self, source: str, *args, files: dict = None, python=sys.executable):
        self.dir = tempfile.mkdtemp(prefix="sg-test-")
        self.script = os.path.join(self.dir, "app.py")
        with open(self.script, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))
        for name, data in (files or {}).items():
            path = os.path.join(self.dir, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode())
        self.args = list(args)
        self.python = python
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(self.dir, "stderr.log")

    def start(self):
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [self.python, MODULE, self.script, "--port", "0", *self.args],
            cwd=self.dir, stdout=subprocess.PIPE, stderr=self._stderr, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        line = b""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if r:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        m = re.search(rb"https?://[^:/]+:(\d+)/", line)
        if not m:
            self.stop()
            raise RuntimeError(f"server did not start: {line!r} {self.stderr()}")
        self.port = int(m.group(1))
        return self

    def stderr(self) -> str:
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def write_script(self, source: str):
        """Replace the app script (hot reload); bump mtime so the change is seen."""
        with open(self.script, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))
        st = os.stat(self.script)
        os.utime(self.script, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))

    def stop(self, sig=signal.SIGTERM, timeout=10):
        rc = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                rc = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                rc = self.proc.wait(5)
        elif self.proc:
            rc = self.proc.returncode
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        if getattr(self, "_stderr", None):
            self._stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return rc

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def http(port: int, raw: bytes, timeout: float = 5.0, read_all: bool = True) -> bytes:
    """Send raw bytes, read until the server closes (or timeout); return what came back."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        out = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            out += chunk
            if not read_all:
                break
        return out


def get(port: int, path: str = "/", method: str = "GET", headers: str = "") -> tuple:
    """One request with Connection: close; return (status, headers dict, body)."""
    raw = http(port, f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
                     f"Connection: close\r\n\r\n".encode())
    return parse_response(raw)


def parse_response(raw: bytes) -> tuple:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1]) if lines and lines[0] else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.setdefault(k.strip().lower(), v.strip())
    return status, headers, body


def split_responses(raw: bytes, heads=()) -> list:
    """Split pipelined responses using Content-Length (no body for indices in heads)."""
    out = []
    while raw:
        head, sep, rest = raw.partition(b"\r\n\r\n")
        if not sep:
            break
        status, headers, _ = parse_response(head + b"\r\n\r\n")
        n = 0 if len(out) in heads else int(headers.get("content-length", "0"))
        out.append((status, headers, rest[:n]))
        raw = rest[n:]
    return out


class WSClient:
    """A WebSocket client on the module's own codec (masking as a client must)."""

    def __init__(self, port: int, session_id: str = "", path: str = None,
                 headers: str = "", timeout: float = 10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = path if path is not None else f"/ws?sessionId={session_id}"
        self.sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\n{headers}\r\n".encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed during handshake: {buf!r}")
            buf += chunk
        head, _, rest = buf.partition(b"\r\n\r\n")
        self.status, self.headers, _ = parse_response(head + b"\r\n\r\n")
        if self.status != 101:
            raise ConnectionError(f"handshake refused: {head!r}")
        assert self.headers["sec-websocket-accept"] == sg.websocket_accept_key(key)
        self.parser = sg.WebSocketParser(require_mask=False, max_size=64 * 1024 * 1024)
        self.events = list(self.parser.feed(rest))
        self.session_id = session_id
        self.closed = None

    def send_frame(self, opcode, payload=b"", fin=True):
        self.sock.sendall(sg.encode_frame(opcode, payload, fin=fin, mask=os.urandom(4)))

    def send_json(self, obj):
        self.send_frame(sg.Opcode.TEXT, json.dumps(obj).encode())

    def send(self, mtype, data=None, session_id=None):
        msg = {"type": mtype, "session_id": session_id or self.session_id,
               "timestamp": int(time.time() * 1000)}
        if data is not None:
            msg["data"] = data
        self.send_json(msg)

    def event(self, cid, value=None, etype="change"):
        self.send("component_event", {"componentId": cid, "eventType": etype, "value": value})

    def recv_event(self, timeout=10.0):
        """Return the next raw event tuple (text/binary/ping/pong/close), or None."""
        deadline = time.monotonic() + timeout
        while not self.events:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.closed = self.closed or ("eof",)
                return ("eof",)
            self.events.extend(self.parser.feed(chunk))
        return self.events.pop(0)

    def recv(self, timeout=10.0):
        """Return the next JSON message (answering pings), or None on timeout/close."""
        deadline = time.monotonic() + timeout
        while True:
            ev = self.recv_event(max(0.0, deadline - time.monotonic()))
            if ev is None or ev[0] == "eof":
                return None
            if ev[0] == "ping":
                self.send_frame(sg.Opcode.PONG, ev[1])
                continue
            if ev[0] == "close":
                self.closed = ev
                return None
            if ev[0] == "text":
                msg = json.loads(ev[1])
                if not self.session_id:
                    self.session_id = msg["session_id"]
                return msg

    def recv_until(self, pred, timeout=10.0):
        """Collect messages until pred(msg) is true; return the list (last one matches)."""
        got = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self.recv(deadline - time.monotonic())
            if msg is None:
                break
            got.append(msg)
            if pred(msg):
                return got
        raise AssertionError(f"expected message not received; got {got!r}"[:2000])

    def quiet(self, seconds=0.3):
        """Return every message arriving within `seconds` (used to assert silence)."""
        out = []
        deadline = time.monotonic() + seconds
        while True:
            msg = self.recv(max(0.0, deadline - time.monotonic()))
            if msg is None:
                return out
            out.append(msg)

    def close(self, code=1000):
        with contextlib.suppress(OSError):
            self.send_frame(sg.Opcode.CLOSE, code.to_bytes(2, "big"))
        with contextlib.suppress(OSError):
            self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def first_page(ws: WSClient) -> str:
    msg = ws.recv_until(lambda m: m["type"] == "ui_update")[-1]
    return msg["data"]["html"]


def widget_id(html: str, kind: str, nth: int = 0) -> str:
    ids = re.findall(r'id="([^"]+)" data-kind="%s"' % re.escape(kind), html)
    return ids[nth]


# =============================================================================
# 1. HTTP parsing, no sockets
# =============================================================================

GOOD = b"GET /health?x=1 HTTP/1.1\r\nHost: a\r\nX-A:  b c \r\n\r\n"


class HTTPParseTests(unittest.TestCase):
    def test_whole(self):
        req, used = sg.parse_request(GOOD)
        self.assertEqual(used, len(GOOD))
        self.assertEqual((req.method, req.path, req.query, req.version),
                         ("GET", "/health", "x=1", "HTTP/1.1"))
        self.assertEqual(req.header("x-a"), "b c")

    def test_byte_at_a_time(self):
        for i in range(1, len(GOOD)):
            self.assertIsNone(sg.parse_request(GOOD[:i]), i)
        self.assertIsNotNone(sg.parse_request(GOOD))

    def test_trailing_bytes_left_alone(self):
        req, used = sg.parse_request(GOOD + b"GET / HT")
        self.assertEqual(used, len(GOOD))

    def test_body(self):
        raw = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        self.assertIsNone(sg.parse_request(raw[:-1]))
        req, used = sg.parse_request(raw + b"extra")
        self.assertEqual((req.body, used), (b"hello", len(raw)))

    def test_keep_alive_rules(self):
        for raw, keep in [(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", True),
                          (b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", False),
                          (b"GET / HTTP/1.0\r\n\r\n", False),
                          (b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", True)]:
            self.assertEqual(sg.parse_request(raw)[0].keep_alive, keep, raw)

    ERRORS = [
        (b"GET /\r\n\r\n", 400),                                    # HTTP/0.9
        (b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        (b"GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", 400),
        (b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"BREW / HTTP/1.1\r\nHost: a\r\n\r\n", 501),
        (b"GET / HTTP/1.1\r\n\r\n", 400),                           # no Host
        (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),               # space before colon
        (b"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400),     # obs-fold
        (b"GET / HTTP/1.1\nHost: a\n\n", 400),                      # bare LF
        (b"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400),             # bare CR
        (b"GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n", 400),           # NUL
        (b"GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
        (b"GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1_0\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \xb2\r\n\r\n", 400),  # superscript two
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n\r\n", 413),
        (b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X: y\r\n" * 101 + b"\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"y" * 17000 + b"\r\n\r\n", 431),
    ]

    def test_error_table(self):
        for raw, status in self.ERRORS:
            with self.subTest(raw=raw[:60]):
                with self.assertRaises(sg.HTTPError) as cm:
                    sg.parse_request(raw)
                self.assertEqual(cm.exception.status, status)

    def test_incomplete_but_already_too_long(self):
        with self.assertRaises(sg.HTTPError) as cm:
            sg.parse_request(b"GET /" + b"a" * 9000)
        self.assertEqual(cm.exception.status, 414)
        with self.assertRaises(sg.HTTPError) as cm:
            sg.parse_request(b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 4000)
        self.assertEqual(cm.exception.status, 431)

    def test_encode_response(self):
        raw = sg.encode_response(200, [("Content-Type", "text/plain")], b"hi")
        status, headers, body = parse_response(raw)
        self.assertEqual((status, body), (200, b"hi"))
        for name in ("date", "content-length", "connection"):
            self.assertIn(name, headers)
        raw = sg.encode_response(200, [], b"hi", head_only=True)
        self.assertTrue(raw.endswith(b"\r\n\r\n"))
        self.assertIn(b"Content-Length: 2", raw)

    def test_static_paths(self):
        root = tempfile.mkdtemp()
        try:
            with open(os.path.join(root, "ok.txt"), "w") as f:
                f.write("x")
            outside = tempfile.mkdtemp()
            with open(os.path.join(outside, "secret.txt"), "w") as f:
                f.write("s")
            os.symlink(os.path.join(outside, "secret.txt"), os.path.join(root, "link.txt"))
            self.assertIsNotNone(sg.safe_static_path(root, "ok.txt"))
            for bad in ["../x", "..%2fx", "%2e%2e/x", "%2e%2e%2fx", "%252e%252e/x", "a/../../x",
                        "..\\x", "/etc/passwd", "%2fetc/passwd", "ok.txt%00", "%c0%ae%c0%ae/x",
                        "link.txt", "", "C:/x", "./ok.txt", "missing.txt"]:
                self.assertIsNone(sg.safe_static_path(root, bad), bad)
            shutil.rmtree(outside)
        finally:
            shutil.rmtree(root)


# =============================================================================
# 2. WebSocket handshake and frames (RFC 6455 §1.3, §5.7), no sockets
# =============================================================================


def ws_request(**over):
    headers = {"host": "a", "upgrade": "websocket", "connection": "Upgrade",
               "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13"}
    headers.update(over)
    return sg.Request("GET", "/ws", "HTTP/1.1",
                      [(k, v) for k, v in headers.items() if v is not None])


class HandshakeTests(unittest.TestCase):
    def test_rfc_example(self):
        self.assertEqual(sg.websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
                         "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        self.assertEqual(sg.parse_handshake(ws_request()), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")

    def test_case_and_lists(self):
        req = ws_request(upgrade="WebSocket", connection="keep-alive, Upgrade")
        self.assertEqual(sg.parse_handshake(req), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")

    def test_refusals(self):
        for over, status in [({"upgrade": None}, 400), ({"connection": "keep-alive"}, 400),
                             ({"sec-websocket-key": None}, 400),
                             ({"sec-websocket-key": "c2hvcnQ="}, 400),
                             ({"sec-websocket-key": "!!!"}, 400),
                             ({"sec-websocket-version": "8"}, 426),
                             ({"sec-websocket-version": None}, 426)]:
            with self.subTest(over=over):
                with self.assertRaises(sg.HTTPError) as cm:
                    sg.parse_handshake(ws_request(**over))
                self.assertEqual(cm.exception.status, status)
                if status == 426:
                    self.assertIn(("Sec-WebSocket-Version", "13"), cm.exception.headers)


MASK = bytes.fromhex("37fa213d")
RFC_FRAMES = [
    # (bytes, require_mask, frame)           RFC 6455 §5.7
    (bytes.fromhex("810548656c6c6f"), False, sg.Frame(1, b"Hello", True)),
    (bytes.fromhex("818537fa213d7f9f4d5158"), True, sg.Frame(1, b"Hello", True)),
    (bytes.fromhex("010348656c"), False, sg.Frame(1, b"Hel", False)),
    (bytes.fromhex("80026c6f"), False, sg.Frame(0, b"lo", True)),
    (bytes.fromhex("890548656c6c6f"), False, sg.Frame(9, b"Hello", True)),
    (bytes.fromhex("8a8537fa213d7f9f4d5158"), True, sg.Frame(10, b"Hello", True)),
    (bytes.fromhex("827e0100") + b"\xab" * 256, False, sg.Frame(2, b"\xab" * 256, True)),
    (bytes.fromhex("827f0000000000010000") + b"\xcd" * 65536, False,
     sg.Frame(2, b"\xcd" * 65536, True)),
]


class FrameTests(unittest.TestCase):
    def test_rfc_examples_parse(self):
        for raw, masked, frame in RFC_FRAMES:
            with self.subTest(raw=raw[:12].hex()):
                self.assertEqual(sg.parse_frame(raw, masked, 1 << 20), (frame, len(raw)))

    def test_rfc_examples_encode(self):
        for raw, masked, frame in RFC_FRAMES:
            with self.subTest(raw=raw[:12].hex()):
                enc = sg.encode_frame(frame.opcode, frame.payload, frame.fin,
                                      mask=MASK if masked else None)
                self.assertEqual(enc, raw)

    def test_byte_at_a_time_and_trailing(self):
        for raw, masked, frame in RFC_FRAMES[:6]:
            for i in range(len(raw)):
                self.assertIsNone(sg.parse_frame(raw[:i], masked), (raw.hex(), i))
            self.assertEqual(sg.parse_frame(raw + b"\x81\x00", masked), (frame, len(raw)))

    def test_round_trip(self):
        rnd = random.Random(1)
        for n in (0, 1, 125, 126, 127, 65535, 65536, 70000):
            data = bytes(rnd.getrandbits(8) for _ in range(min(n, 300))) * (n // 300 + 1)
            data = data[:n]
            for mask in (None, os.urandom(4)):
                raw = sg.encode_frame(2, data, mask=mask)
                self.assertEqual(sg.parse_frame(raw, mask is not None, 1 << 20),
                                 (sg.Frame(2, data, True), len(raw)))

    def test_apply_mask_is_involution(self):
        data = os.urandom(1001)
        self.assertEqual(sg.apply_mask(sg.apply_mask(data, MASK), MASK), data)
        self.assertEqual(sg.apply_mask(b"", MASK), b"")

    ERRORS = [
        (bytes.fromhex("810548656c6c6f"), 1002),          # unmasked client frame
        (bytes.fromhex("c18000000000"), 1002),            # RSV1
        (bytes.fromhex("a18000000000"), 1002),            # RSV2
        (bytes.fromhex("838000000000"), 1002),            # reserved opcode 3
        (bytes.fromhex("8b8000000000"), 1002),            # reserved opcode 0xB
        (bytes.fromhex("09800000000000"), 1002),          # fragmented ping
        (bytes.fromhex("89fe007e"), 1002),                # ping of 126 bytes
        (bytes.fromhex("81ff8000000000000000"), 1002),    # 64-bit length, top bit set
        (bytes.fromhex("81ff0000000080000000"), 1009),    # 2 GiB declared
        (bytes.fromhex("81fe0100"), 1009),                # over max_size=200 below
    ]

    def test_error_table(self):
        for raw, code in self.ERRORS:
            with self.subTest(raw=raw.hex()):
                with self.assertRaises(sg.WebSocketError) as cm:
                    sg.parse_frame(raw, True, 200)
                self.assertEqual(cm.exception.code, code)

    def test_server_refuses_masked_frames_as_client(self):
        with self.assertRaises(sg.WebSocketError):
            sg.parse_frame(bytes.fromhex("818537fa213d7f9f4d5158"), require_mask=False)


def masked(opcode, payload, fin=True):
    return sg.encode_frame(opcode, payload, fin, mask=os.urandom(4))


class ParserTests(unittest.TestCase):
    def test_fragments_with_ping_between(self):
        p = sg.WebSocketParser()
        data = (masked(1, b"Hel", False) + masked(9, b"p") + masked(0, b"lo", False)
                + masked(0, b"!"))
        self.assertEqual(p.feed(data), [("ping", b"p"), ("text", "Hello!")])

    def test_byte_at_a_time(self):
        p = sg.WebSocketParser()
        data = masked(1, "héllo".encode(), False) + masked(0, " wörld".encode())
        events = []
        for i in range(len(data)):
            events += p.feed(data[i:i + 1])
        self.assertEqual(events, [("text", "héllo wörld")])

    def test_utf8_split_across_fragments(self):
        p = sg.WebSocketParser()
        e = "€".encode()
        self.assertEqual(p.feed(masked(1, e[:1], False) + masked(0, e[1:])), [("text", "€")])

    def test_invalid_utf8_fails_fast(self):
        p = sg.WebSocketParser()
        with self.assertRaises(sg.WebSocketError) as cm:
            p.feed(masked(1, b"\xce\xba\xf8", False))     # invalid before the message ends
        self.assertEqual(cm.exception.code, 1007)

    def test_errors(self):
        cases = [
            (masked(0, b"x"), 1002),                                   # continuation first
            (masked(1, b"a", False) + masked(1, b"b"), 1002),          # new message mid-way
            (masked(8, b"\x03"), 1002),                                # 1-byte close payload
            (masked(8, (999).to_bytes(2, "big")), 1002),               # invalid close code
            (masked(8, (1005).to_bytes(2, "big")), 1002),
            (masked(8, (1000).to_bytes(2, "big") + b"\xff"), 1007),    # bad close reason
            (masked(1, b"x" * 100, False) + masked(0, b"x" * 100), 1009),
        ]
        for data, code in cases:
            with self.subTest(data=data[:8].hex()):
                p = sg.WebSocketParser(max_size=150)
                with self.assertRaises(sg.WebSocketError) as cm:
                    p.feed(data)
                self.assertEqual(cm.exception.code, code)

    def test_too_big_refused_before_payload(self):
        p = sg.WebSocketParser(max_size=1000)
        with self.assertRaises(sg.WebSocketError) as cm:
            p.feed(bytes.fromhex("82ff0000000080000000"))   # header only: 2 GiB
        self.assertEqual(cm.exception.code, 1009)

    def test_close_event(self):
        p = sg.WebSocketParser()
        self.assertEqual(p.feed(masked(8, (1000).to_bytes(2, "big") + b"bye")),
                         [("close", 1000, "bye")])
        self.assertEqual(sg.WebSocketParser().feed(masked(8, b"")), [("close", 1005, "")])

    def test_many_tiny_fragments(self):
        p = sg.WebSocketParser()
        data = masked(2, b"a", False) + b"".join(masked(0, b"a", False) for _ in range(9998)) \
            + masked(0, b"a")
        self.assertEqual(p.feed(data), [("binary", b"a" * 10000)])


# =============================================================================
# 3. JSON messages and rendering, no sockets
# =============================================================================


class MessageTests(unittest.TestCase):
    def test_valid(self):
        msg = sg.parse_message('{"type":"ping","session_id":"s","timestamp":1}')
        self.assertEqual(msg["type"], "ping")
        msg = sg.parse_message(json.dumps({"type": "component_event", "session_id": "s",
                                           "data": {"componentId": "a", "eventType": "click",
                                                    "value": ""}}))
        self.assertEqual(msg["data"]["componentId"], "a")

    def test_errors(self):
        deep = "[" * 100000 + "]" * 100000
        cases = [("not json", "INVALID_MESSAGE"), ("", "INVALID_MESSAGE"),
                 ("[1]", "INVALID_MESSAGE"), ('"x"', "INVALID_MESSAGE"),
                 ('{"session_id":"s"}', "INVALID_MESSAGE"),
                 ('{"type":5,"session_id":"s"}', "INVALID_MESSAGE"),
                 ('{"type":"ping"}', "INVALID_MESSAGE"),
                 ('{"type":"ping","session_id":"s","timestamp":"x"}', "INVALID_MESSAGE"),
                 ('{"type":"ping","session_id":"s","timestamp":NaN}', "INVALID_MESSAGE"),
                 ('{"type":"ping","session_id":"s","x":Infinity}', "INVALID_MESSAGE"),
                 ('{"type":"ping","session_id":"s","x":' + "9" * 5000 + "}", "INVALID_MESSAGE"),
                 ('{"type":"ping","session_id":"s","x":' + deep + "}", "INVALID_MESSAGE"),
                 ('{"type":"nope","session_id":"s"}', "UNKNOWN_TYPE"),
                 ('{"type":"component_event","session_id":"s"}', "INVALID_MESSAGE"),
                 ('{"type":"component_event","session_id":"s","data":{"componentId":1,'
                  '"eventType":"click"}}', "INVALID_MESSAGE"),
                 ('{"type":"component_event","session_id":"s","data":{"componentId":"a",'
                  '"eventType":"hover"}}', "INVALID_MESSAGE")]
        for text, code in cases:
            with self.subTest(text=text[:50]):
                with self.assertRaises(sg.ProtocolError) as cm:
                    sg.parse_message(text)
                self.assertEqual(cm.exception.code, code)

    def test_encode_never_emits_nan(self):
        with self.assertRaises(ValueError):
            sg.encode_message("ui_update", "s", {"x": float("nan")})
        msg = json.loads(sg.encode_message("pong", "s"))
        self.assertEqual(set(msg), {"type", "session_id", "timestamp"})
        self.assertIsInstance(msg["timestamp"], int)

    def test_session_ids(self):
        ids = {sg.new_session_id() for _ in range(100)}
        self.assertEqual(len(ids), 100)
        for sid in ids:
            self.assertRegex(sid, r"^session_\d{13}_[0-9a-f]{32}$")


HOSTILE = '<img src=x onerror=alert(1)>"\'&<script>alert(2)</script>'


class MarkdownTests(unittest.TestCase):
    def test_escapes_html(self):
        out = sg.render_markdown(HOSTILE)
        self.assertNotIn("<img", out)
        self.assertNotIn("<script", out)
        self.assertIn("&lt;img", out)

    def test_subset(self):
        out = sg.render_markdown("# Head\n\n**b** *i* `c` ~~s~~\n\n- a\n- b\n\n1. x\n2. y\n\n"
                                 "```python\nx = 1\n```\n\n[l](https://e.com) > q")
        for frag in ["<h1>Head</h1>", "<strong>b</strong>", "<em>i</em>", "<code>c</code>",
                     "<del>s</del>", "<ul><li>a</li><li>b</li></ul>", "<ol><li>x</li>",
                     '<pre class="sg-code"', 'href="https://e.com"']:
            self.assertIn(frag, out)

    def test_links_limited_to_safe_schemes(self):
        for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                    "data:text/html,x", "vbscript:x"]:
            out = sg.render_markdown(f"[x]({url})")
            self.assertNotIn("href", out, url)
        self.assertIn('href="mailto:a@b.c"', sg.render_markdown("[m](mailto:a@b.c)"))

    def test_table(self):
        out = sg.render_markdown("| a | b |\n|---|--:|\n| 1 | <b> |")
        self.assertIn("<table>", out)
        self.assertIn("&lt;b&gt;", out)

    def test_unsafe_html_passes_only_when_asked(self):
        self.assertIn("<b>x</b>", sg.render_markdown("<b>x</b>", unsafe=True))
        self.assertNotIn("<b>x</b>", sg.render_markdown("<b>x</b>"))


class DiffTests(unittest.TestCase):
    def render(self, items):
        main = sg._Node("main", "main", {}, [])
        for i, body in enumerate(items):
            main.children.append(sg._Node("text", f"main-{i}", {"body": body}))
        return sg.render_tree({"main": main, "sidebar": sg._Node("sidebar", "sidebar", {}, [])},
                              {})

    def test_partial_full_and_nothing(self):
        a, b = self.render(["x", "y"]), self.render(["x", "z"])
        self.assertEqual(sg.diff_renders(None, a)[0][0], "full")
        self.assertEqual(sg.diff_renders(a, a), [])
        d = sg.diff_renders(a, b)
        self.assertEqual([(k, i) for k, i, _ in d], [("partial", "main-1")])
        self.assertEqual(sg.diff_renders(a, self.render(["x"]))[0][0], "full")


# =============================================================================
# 4. End to end: a real server process, real sockets
# =============================================================================

COUNTER_APP = """
import streamlit_go as st
st.title("Counter")
if "count" not in st.session_state:
    st.session_state.count = 0
if st.button("Add one"):
    st.session_state.count += 1
st.write(f"Count: {st.session_state.count}")
name = st.text_input("Name", key="name")
if name:
    st.write(f"Hello {name}")
n = st.slider("N", 0, 10, 3)
st.text(f"n={n}")
"""


class ServerCase(unittest.TestCase):
    """One server process per test class."""
    APP = COUNTER_APP
    ARGS = ()
    FILES = None

    @classmethod
    def setUpClass(cls):
        cls.server = AppServer(cls.APP, "--quiet", *cls.ARGS, files=cls.FILES).start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def connect(self, session_id="", **kw) -> WSClient:
        ws = WSClient(self.port, session_id, **kw)
        self.addCleanup(ws.close)
        return ws


class HTTPServerTests(ServerCase):
    FILES = {"static/hello.txt": "hello static", "secret.txt": "do not serve"}

    def test_health(self):
        status, headers, body = get(self.port, "/health")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"status": "ok"})
        self.assertTrue(headers["content-type"].startswith("application/json"))
        for h in ("date", "content-length", "connection"):
            self.assertIn(h, headers)

    def test_head(self):
        status, headers, body = get(self.port, "/health", "HEAD")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(headers["content-length"], "16")

    def test_page_sets_cookie_and_security_headers(self):
        status, headers, body = get(self.port, "/")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        cookie = headers["set-cookie"]
        self.assertRegex(cookie, r"^session_id=session_\d+_[0-9a-f]{32}; Path=/; HttpOnly; "
                                 r"SameSite=Lax$")
        self.assertIn("script-src 'self'", headers["content-security-policy"])
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertIn(b"/static/streamlit_go.js", body)
        sid = cookie.split(";")[0].split("=", 1)[1]
        self.assertIn(sid.encode(), body)
        # a known cookie is kept, an unknown one replaced
        status, headers, body = get(self.port, "/", headers=f"Cookie: session_id={sid}\r\n")
        self.assertNotIn("set-cookie", headers)
        status, headers, _ = get(self.port, "/", headers="Cookie: session_id=forged\r\n")
        self.assertNotIn("forged", headers["set-cookie"])

    def test_static_assets_and_etag(self):
        for name, ctype in [("streamlit_go.js", "text/javascript"),
                            ("streamlit_go.css", "text/css")]:
            status, headers, body = get(self.port, "/static/" + name)
            self.assertEqual(status, 200)
            self.assertTrue(headers["content-type"].startswith(ctype))
            self.assertGreater(len(body), 1000)
            status, _, body = get(self.port, "/static/" + name,
                                  headers=f"If-None-Match: {headers['etag']}\r\n")
            self.assertEqual((status, body), (304, b""))

    def test_static_folder_and_traversal(self):
        status, _, body = get(self.port, "/static/hello.txt")
        self.assertEqual((status, body), (200, b"hello static"))
        for path in ["/static/../secret.txt", "/static/%2e%2e/secret.txt",
                     "/static/..%2fsecret.txt", "/static/%252e%252e/secret.txt",
                     "/static/..%5csecret.txt", "/static//etc/passwd", "/static/hello.txt%00",
                     "/static/%c0%ae%c0%ae/secret.txt", "/static/../../../../etc/passwd"]:
            status, _, body = get(self.port, path)
            self.assertIn(status, (404, 400), path)
            self.assertNotIn(b"do not serve", body)

    def test_unknown_path_and_method(self):
        self.assertEqual(get(self.port, "/nope")[0], 404)
        status, headers, _ = get(self.port, "/health", "POST")
        self.assertEqual(status, 405)
        self.assertEqual(headers["allow"], "GET, HEAD")
        self.assertEqual(get(self.port, "/health", "BREW")[0], 501)

    def test_keep_alive_and_pipelining(self):
        raw = (b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n" * 3 +
               b"HEAD /health HTTP/1.1\r\nHost: a\r\n\r\n" +
               b"GET /nope HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        responses = split_responses(http(self.port, raw), heads=(3,))
        self.assertEqual(len(responses), 5)
        self.assertEqual([r[0] for r in responses[:3]], [200, 200, 200])
        self.assertEqual(responses[3][0], 200)
        self.assertEqual(responses[3][2], b"")
        self.assertEqual(responses[4][0], 404)
        self.assertEqual(responses[0][1]["connection"], "keep-alive")

    def test_malformed_requests_answered_and_server_survives(self):
        for raw, status in [(b"GARBAGE\r\n\r\n", 400), (b"GET / HTTP/9.9\r\nHost: a\r\n\r\n", 505),
                            (b"GET / HTTP/1.1\r\n\r\n", 400),
                            (b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\n\r\n", 414),
                            (b"POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n", 400)]:
            got, headers, _ = parse_response(http(self.port, raw))
            self.assertEqual(got, status, raw[:40])
            self.assertEqual(headers["connection"], "close")
        self.assertEqual(get(self.port, "/health")[0], 200)
        self.assertNotIn("Traceback", self.server.stderr())

    def test_smuggled_request_never_answered(self):
        raw = (b"POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 44\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\n")
        responses = split_responses(http(self.port, raw))
        self.assertEqual([r[0] for r in responses], [400])

    def test_body_over_limit_refused_without_reading(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(b"POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 1073741824\r\n\r\n")
            status, headers, _ = parse_response(s.recv(4096))
        self.assertEqual(status, 413)


class WebSocketServerTests(ServerCase):
    def test_handshake_and_first_ui_update(self):
        ws = self.connect()
        self.assertIn("session_id=session_", ws.headers["set-cookie"])
        msg = ws.recv_until(lambda m: m["type"] == "ui_update")[-1]
        self.assertRegex(msg["session_id"], r"^session_\d+_[0-9a-f]{32}$")
        self.assertIsInstance(msg["timestamp"], int)
        html = msg["data"]["html"]
        self.assertIn("Counter", html)
        self.assertIn('data-kind="button"', html)

    def test_handshake_refusals(self):
        for extra, status in [("", 400), ("Sec-WebSocket-Version: 8\r\n", 426)]:
            key = base64.b64encode(os.urandom(16)).decode()
            hdrs = ("Upgrade: websocket\r\nConnection: Upgrade\r\n" if status == 426 else "")
            version = "" if status == 426 else "Sec-WebSocket-Version: 13\r\n"
            raw = (f"GET /ws HTTP/1.1\r\nHost: a\r\n{hdrs}Sec-WebSocket-Key: {key}\r\n"
                   f"{version}{extra}\r\n").encode()
            got, headers, _ = parse_response(http(self.port, raw))
            self.assertEqual(got, status)
            if status == 426:
                self.assertEqual(headers["sec-websocket-version"], "13")

    def test_ping_pong(self):
        ws = self.connect()
        first_page(ws)
        ws.send("ping")
        msg = ws.recv_until(lambda m: m["type"] == "pong")[-1]
        self.assertEqual(msg["session_id"], ws.session_id)
        self.assertNotIn("data", msg)
        ws.send_frame(sg.Opcode.PING, b"abc")
        while True:
            ev = ws.recv_event(5)
            if ev is None or ev[0] == "pong":
                break
        self.assertEqual(ev, ("pong", b"abc"))

    def test_click_gives_partial_update(self):
        ws = self.connect()
        html = first_page(ws)
        bid = widget_id(html, "button")
        ws.event(bid, True, "click")
        msgs = ws.recv_until(lambda m: m["type"] == "partial_update"
                             and "Count: 1" in m["data"]["html"])
        self.assertTrue(all(m["type"] == "partial_update" for m in msgs))
        upd = msgs[-1]["data"]
        self.assertRegex(upd["html"], r'^<div[^>]* id="%s"' % re.escape(upd["componentId"]))
        # the button itself did not change: nothing else sent
        self.assertEqual(ws.quiet(0.3), [])

    def test_slider_change_updates_only_what_changed(self):
        ws = self.connect()
        html = first_page(ws)
        sid = widget_id(html, "slider")
        ws.event(sid, 7)
        msgs = ws.recv_until(lambda m: "n=7" in m["data"].get("html", ""))
        ids = {m["data"]["componentId"] for m in msgs}
        self.assertIn(sid, ids)            # the slider shows its new value
        self.assertTrue(all(m["type"] == "partial_update" for m in msgs))

    def test_layout_change_gives_ui_update(self):
        ws = self.connect()
        html = first_page(ws)
        tid = widget_id(html, "text_input")
        self.assertEqual(tid, "key-name")
        ws.event(tid, "Ada <b>", "submit")
        msg = ws.recv_until(lambda m: m["type"] == "ui_update")[-1]
        self.assertIn("Hello Ada &lt;b&gt;", msg["data"]["html"])
        self.assertNotIn("Ada <b>", msg["data"]["html"])

    def test_nothing_changed_sends_nothing(self):
        ws = self.connect()
        html = first_page(ws)
        sid = widget_id(html, "slider")
        ws.event(sid, 3)                   # the value it already has
        self.assertEqual(ws.quiet(0.5), [])

    def test_error_codes_keep_connection_open(self):
        ws = self.connect()
        first_page(ws)
        sid = ws.session_id
        cases = [
            ("not json", "INVALID_MESSAGE"),
            ("[]", "INVALID_MESSAGE"),
            (json.dumps({"type": "ping"}), "INVALID_MESSAGE"),
            (json.dumps({"type": "dance", "session_id": sid}), "UNKNOWN_TYPE"),
            (json.dumps({"type": "ping", "session_id": "session_1_other"}), "SESSION_MISMATCH"),
            (json.dumps({"type": "component_event", "session_id": sid,
                         "data": {"componentId": "nope", "eventType": "click"}}),
             "COMPONENT_NOT_FOUND"),
            (json.dumps({"type": "component_event", "session_id": sid,
                         "data": {"componentId": "key-name", "eventType": "change",
                                  "value": {"x": 1}}}), "INVALID_MESSAGE"),
            ('{"type":"ping","session_id":"%s","x":NaN}' % sid, "INVALID_MESSAGE"),
        ]
        for text, code in cases:
            with self.subTest(code=code, text=text[:40]):
                ws.send_frame(sg.Opcode.TEXT, text.encode())
                msg = ws.recv_until(lambda m: m["type"] == "error")[-1]
                self.assertEqual(msg["data"]["code"], code)
                self.assertIsInstance(msg["data"]["message"], str)
                self.assertEqual(msg["session_id"], sid)
        ws.send_frame(sg.Opcode.BINARY, b"\x00\x01")
        self.assertEqual(ws.recv_until(lambda m: m["type"] == "error")[-1]["data"]["code"],
                         "INVALID_MESSAGE")
        ws.send("ping")
        self.assertEqual(ws.recv_until(lambda m: m["type"] == "pong")[-1]["type"], "pong")

    def test_frame_violations_close_with_rfc_codes(self):
        for raw, code in [(sg.encode_frame(1, b"unmasked"), 1002),
                          (masked(1, b"\xff\xfe"), 1007),
                          (bytes.fromhex("81ff0000000080000000"), 1009),
                          (masked(3, b"x"), 1002)]:
            with self.subTest(code=code):
                ws = self.connect()
                first_page(ws)
                ws.sock.sendall(raw)
                while True:
                    ev = ws.recv_event(5)
                    if ev is None or ev[0] in ("close", "eof"):
                        break
                self.assertEqual(ev[:2], ("close", code))
        self.assertEqual(get(self.port, "/health")[0], 200)

    def test_close_handshake(self):
        ws = self.connect()
        first_page(ws)
        ws.send_frame(sg.Opcode.CLOSE, (1000).to_bytes(2, "big") + b"bye")
        while True:
            ev = ws.recv_event(5)
            if ev is None or ev[0] in ("close", "eof"):
                break
        self.assertEqual(ev[:2], ("close", 1000))
        self.assertEqual(ws.recv_event(5), ("eof",))

    def test_reconnect_keeps_state(self):
        ws = self.connect()
        html = first_page(ws)
        ws.event(widget_id(html, "button"), True, "click")
        ws.recv_until(lambda m: "Count: 1" in m["data"].get("html", ""))
        ws.event("key-name", "Grace", "change")
        ws.recv_until(lambda m: "Hello Grace" in m["data"].get("html", ""))
        sid = ws.session_id
        ws.close()
        ws2 = self.connect(sid)
        self.assertNotIn("set-cookie", ws2.headers)
        html = first_page(ws2)
        self.assertEqual(ws2.session_id, sid)
        self.assertIn("Count: 1", html)
        self.assertIn("Hello Grace", html)

    def test_sessions_are_isolated(self):
        a, b = self.connect(), self.connect()
        ha, hb = first_page(a), first_page(b)
        self.assertNotEqual(a.session_id, b.session_id)
        a.event(widget_id(ha, "button"), True, "click")
        a.recv_until(lambda m: "Count: 1" in m["data"].get("html", ""))
        self.assertEqual(b.quiet(0.3), [])
        b.event(widget_id(hb, "slider"), 9)
        b.recv_until(lambda m: "n=9" in m["data"].get("html", ""))
        self.assertEqual(a.quiet(0.3), [])
        # b cannot act on a's session
        b.send("ping", session_id=a.session_id)
        self.assertEqual(b.recv_until(lambda m: m["type"] == "error")[-1]["data"]["code"],
                         "SESSION_MISMATCH")

    def test_forged_session_id_gets_a_fresh_one(self):
        ws = self.connect("session_1_attacker_chosen")
        msg = ws.recv_until(lambda m: m["type"] == "ui_update")[-1]
        self.assertNotEqual(msg["session_id"], "session_1_attacker_chosen")
        self.assertIn(msg["session_id"], ws.headers["set-cookie"])


class ExpiryTests(ServerCase):
    ARGS = ("--session-timeout", "0.5", "--cleanup-interval", "0.2")

    def test_expired_session_replaced(self):
        ws = self.connect()
        html = first_page(ws)
        ws.event(widget_id(html, "button"), True, "click")
        ws.recv_until(lambda m: "Count: 1" in m["data"].get("html", ""))
        sid = ws.session_id
        ws.close()
        time.sleep(1.5)
        ws2 = self.connect(sid)
        msg = ws2.recv_until(lambda m: m["type"] == "ui_update")[-1]
        self.assertNotEqual(msg["session_id"], sid)
        self.assertIn("Count: 0", msg["data"]["html"])

    def test_connected_session_does_not_expire(self):
        ws = self.connect()
        first_page(ws)
        sid = ws.session_id
        for _ in range(4):
            time.sleep(0.3)
            ws.send("ping")
            ws.recv_until(lambda m: m["type"] == "pong")
        ws.send("ping")
        self.assertEqual(ws.recv_until(lambda m: m["type"] == "pong")[-1]["session_id"], sid)


class ScriptErrorTests(ServerCase):
    APP = """
    import streamlit_go as st
    st.title("Before")
    if st.checkbox("Crash"):
        raise ValueError("boom <b>")
    st.write("After")
    """

    def test_crash_shows_traceback_and_keeps_serving(self):
        ws = self.connect()
        html = first_page(ws)
        cid = widget_id(html, "checkbox")
        ws.event(cid, True)
        msgs = ws.recv_until(lambda m: m["type"] == "error")
        err = msgs[-1]["data"]
        self.assertEqual(err["code"], "SCRIPT_ERROR")
        self.assertIn("boom", err["message"])
        page = "".join(m["data"].get("html", "") for m in msgs)
        self.assertIn("Traceback", page)
        self.assertIn("ValueError: boom &lt;b&gt;", page)
        self.assertNotIn("streamlit_go.py", page)
        # the session still works, its state intact
        ws.event(cid, False)
        ws.recv_until(lambda m: "After" in m["data"].get("html", ""))
        other = self.connect()
        self.assertIn("Before", first_page(other))


class HotReloadTests(ServerCase):
    APP = """
    import streamlit_go as st
    st.title("Version one")
    st.checkbox("Keep me", key="keep")
    """

    def test_changed_script_reruns_connected_sessions(self):
        ws = self.connect()
        first_page(ws)
        ws.event("key-keep", True)
        ws.recv_until(lambda m: "checked" in m["data"].get("html", ""))
        self.server.write_script("""
        import streamlit_go as st
        st.title("Version two")
        st.checkbox("Keep me", key="keep")
        """)
        msgs = ws.recv_until(lambda m: "Version two" in m["data"].get("html", ""), timeout=10)
        self.assertTrue(msgs)
        ws.send("ping")
        ws.recv_until(lambda m: m["type"] == "pong")
        # state survived the reload: reconnect and look
        ws2 = self.connect(ws.session_id)
        self.assertIn("checked", first_page(ws2))


class CommandLineTests(unittest.TestCase):
    def run_cli(self, *args, timeout=20):
        return subprocess.run([sys.executable, MODULE, *args], capture_output=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)

    def test_bad_command_lines(self):
        for args in [(), ("missing_script.py",), (MODULE, "--port", "x"),
                     (MODULE, "--port", "70000"), (MODULE, "--bogus")]:
            with self.subTest(args=args):
                r = self.run_cli(*args)
                self.assertNotEqual(r.returncode, 0)
                err = r.stderr.decode().strip()
                self.assertEqual(len(err.splitlines()), 1, err)
                self.assertNotIn("Traceback", err)

    def test_port_in_use(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
                f.write("import streamlit_go as st\n")
            try:
                r = self.run_cli(f.name, "--port", str(port))
            finally:
                os.unlink(f.name)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(len(r.stderr.decode().strip().splitlines()), 1, r.stderr)

    def test_help(self):
        r = self.run_cli("--help")
        self.assertEqual(r.returncode, 0)
        for opt in ("--host", "--port", "--session-timeout", "--cleanup-interval",
                    "--allowed-origins"):
            self.assertIn(opt, r.stdout.decode())

    def test_ctrl_c_closes_websockets_with_1001_and_exits_0(self):
        server = AppServer(COUNTER_APP, "--quiet").start()
        try:
            ws = WSClient(server.port)
            first_page(ws)
            server.proc.send_signal(signal.SIGINT)
            while True:
                ev = ws.recv_event(5)
                if ev is None or ev[0] in ("close", "eof"):
                    break
            self.assertEqual(ev[:2], ("close", 1001))
            ws.close()
            self.assertEqual(server.proc.wait(10), 0)
        finally:
            server.stop()

    def test_same_module_object_for_the_app(self):
        with AppServer("""
            import sys, streamlit_go as st
            st.write("same" if sys.modules["__main__"] is st else "copy")
        """, "--quiet") as server:
            ws = WSClient(server.port)
            self.assertIn("same", first_page(ws))
            ws.close()


class OriginTests(ServerCase):
    ARGS = ("--allowed-origins", "http://good.example")

    def test_allowed_origins(self):
        ws = self.connect(headers="Origin: http://good.example\r\n")
        first_page(ws)
        with self.assertRaises(ConnectionError) as cm:
            WSClient(self.port, headers="Origin: http://evil.example\r\n")
        self.assertIn("403", str(cm.exception))


class SlowClientTests(ServerCase):
    ARGS = ("--head-timeout", "1", "--keepalive-timeout", "1")

    def test_trickling_head_gets_408_and_health_stays_fast(self):
        socks = []
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.sendall(b"GET /health HTTP/1.1\r\n")
            socks.append(s)
        t0 = time.monotonic()
        self.assertEqual(get(self.port, "/health")[0], 200)
        self.assertLess(time.monotonic() - t0, 0.5)
        for s in socks:
            s.sendall(b"X-Slow: 1\r\n")
        time.sleep(1.6)
        for s in socks:
            data = s.recv(4096)
            self.assertTrue(data.startswith(b"HTTP/1.1 408"), data[:40])
            s.close()

    def test_idle_keep_alive_closed(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            self.assertTrue(s.recv(4096).startswith(b"HTTP/1.1 200"))
            t0 = time.monotonic()
            self.assertEqual(s.recv(4096), b"")
            self.assertLess(time.monotonic() - t0, 3)


# =============================================================================
# Runner: `python test_streamlit_go.py` ends with "N passed, N failed, N skipped"
# =============================================================================


class _Result(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def run_tests(argv) -> int:
    pattern = None
    if "-k" in argv:
        pattern = argv[argv.index("-k") + 1]
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(sys.modules[__name__])

    def flat(s):
        for t in s:
            if isinstance(t, unittest.TestSuite):
                yield from flat(t)
            else:
                yield t
    tests = [t for t in flat(suite) if pattern is None or pattern in t.id()]
    t0 = time.monotonic()
    runner = unittest.TextTestRunner(verbosity=2 if "-v" in argv else 1, resultclass=_Result,
                                     stream=sys.stdout)
    result = runner.run(unittest.TestSuite(tests))
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"time: {time.monotonic() - t0:.1f}s")
    print(f"{result.passed} passed, {failed} failed, {len(result.skipped)} skipped")
    return 1 if failed or not result.testsRun else 0


def echo_server(port: int, max_message: int = 64 * 1024 * 1024) -> None:
    """Serve a WebSocket echo on 127.0.0.1:port (for the Autobahn|Testsuite)."""
    async def run():
        server = sg.serve_websocket(lambda ws, msg: ws.send(msg), "127.0.0.1", port,
                                    max_message=max_message, quiet=True)
        await server.start()
        print(f"echo server on ws://127.0.0.1:{server.port}/", flush=True)
        await asyncio.Event().wait()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    if "--echo-server" in sys.argv:
        echo_server(int(sys.argv[sys.argv.index("--echo-server") + 1]))
        sys.exit(0)
    sys.exit(run_tests(sys.argv[1:]))
