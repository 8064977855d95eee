#!/usr/bin/env python3
"""Tests for streamlit_go: byte-level codecs first, then real servers over real sockets.

    python3 test_streamlit_go.py              run every test
    python3 test_streamlit_go.py -k NAME      run tests whose id contains NAME (-v: verbose)
    python3 test_streamlit_go.py --plain      leave out the tests of optional integrations
                                              (pandas, numpy, altair, plotly, matplotlib,
                                              PIL, pyarrow), which are otherwise skipped
                                              when missing, and fail when missing under CI=true
    python3 test_streamlit_go.py --echo-server PORT   a WebSocket echo server (Autobahn)
    python3 test_streamlit_go.py --bench [--quick] [--only SECTION]
                                                      the benchmark (not part of the tests)

Sections, in the order the module is built:
    1.  HTTP parsing, no sockets            (table-driven, byte at a time, RFC 9112)
    2.  WebSocket handshake and frames      (RFC 6455 §1.3 and §5.7 vectors)
    3.  JSON messages, Markdown, the diff
    3b. The connection state machine and the runtime, no sockets  (and the doctests)
    4.  End to end over real sockets        (every PROTOCOL row and error code)
    4b. The st API, function by function
    4c. Deploying behind nginx              (two instances, a path prefix)
    4d. Charts                              (SVG geometry: Vega-Lite, Plotly, maps, DOT;
                                             the chart API and on_select over sockets)
    4e. Data grid                           (windows, sort, column_config, data_editor)
    4f. Multipage apps                      (pages/ folder, st.navigation, page URLs)
    4g. More of Streamlit                   (pills, feedback, components, options, context)
    4h. Scaling out with Redis              (RESP codec tables; clients, pub/sub and lock
                                             on a real redis-server; instances sharing it)
    4i. .streamlit/config.toml              (the TOML reader, against tomllib; config files,
                                             STREAMLIT_* variables, flags, precedence)
    5.  Hostile input and seeded fuzzing
    6.  A real browser                      (headless Chromium over the DevTools protocol)
    Benchmark and runner

Standard library only. Every server is started on 127.0.0.1 with a free port,
every wait is bounded, and only processes started here are stopped. Browser
and nginx tests are skipped (with the reason) when Chromium or nginx is not
installed, except under CI=true, where that is a failure.
"""

import array
import ast
import asyncio
import base64
import concurrent.futures
import contextlib
import datetime as dt
import decimal
import hashlib
import hmac
import importlib
import importlib.util
import io
import json
import math
import os
import pickle
import py_compile
import random
import re
import resource
import select
import shutil
import signal
import socket
import stat
import statistics
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import streamlit_go as sg  # noqa: E402

MODULE = os.path.join(HERE, "streamlit_go.py")
IN_CI = os.environ.get("CI", "").lower() == "true"
#: --plain: the optional integrations (pandas, numpy, altair, plotly, matplotlib,
#: PIL, pyarrow) are deliberately absent; their tests are left out
PLAIN = "--plain" in sys.argv


def need_module(test: unittest.TestCase, name: str, load: bool = True):
    """Import an optional integration for a test; skip without it (fail under CI=true).

    With --plain the test is left out whether or not the module is installed.
    load=False only finds it: a component package imports `streamlit`, which
    only the app's process (our runner) provides.
    """
    if PLAIN:
        raise unittest.SkipTest(f"--plain: the {name} tests are left out")
    try:
        if not load:
            if importlib.util.find_spec(name) is None:
                raise ImportError(name)
            return None
        return importlib.import_module(name)
    except ImportError:
        if IN_CI:
            test.fail(f"{name} is not installed (CI=true: its tests must run; "
                      f"run with --plain to leave them out)")
        raise unittest.SkipTest(f"{name} is not installed") from None


# =============================================================================
# Helpers: a real server process, a raw HTTP client, a WebSocket client
# =============================================================================


class AppServer:
    """Run `python streamlit_go.py app.py --port 0 ...` in a temp dir; read its URL."""

    def __init__(self, source: str, *args, files: dict = None, python=sys.executable,
                 env: dict = None, free_port: bool = True):
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
        self.env = env                 # None: this process's environment
        self.free_port = free_port     # False: no --port 0 (a config file may choose)
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(self.dir, "stderr.log")

    def start(self):
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [self.python, MODULE, self.script, *(["--port", "0"] if self.free_port else []),
             *self.args], env=self.env,
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
        m = re.search(rb"https?://(?:\[[^\]]+\]|[^:/]+):(\d+)/", line)
        if not m:
            err = self.stderr()
            self.stop()
            raise RuntimeError(f"server did not start: {line!r} {err}")
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
        self.deflate = "permessage-deflate" in self.headers.get("sec-websocket-extensions", "")
        self.first_bytes = rest
        self.parser = sg.WebSocketParser(require_mask=False, max_size=64 * 1024 * 1024,
                                         deflate=self.deflate)
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


def upgrade_status(port: int, path: str) -> int:
    """The status a valid RFC 6455 upgrade request for `path` gets."""
    key = base64.b64encode(os.urandom(16)).decode()
    raw = http(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                     f"Sec-WebSocket-Version: 13\r\n\r\n".encode(), read_all=False)
    return parse_response(raw)[0]


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
        self.assertIsInstance(sg.diff_renders(None, a)[0], sg.FullUpdate)
        self.assertEqual(sg.diff_renders(a, a), [])
        d = sg.diff_renders(a, b)
        self.assertEqual([(type(u), u.component_id) for u in d],
                         [(sg.PartialUpdate, "main-1")])
        self.assertIsInstance(sg.diff_renders(a, self.render(["x"]))[0], sg.FullUpdate)


# =============================================================================
# 3b. The connection state machine and the runtime, no sockets
# =============================================================================
# The sans-I/O core one level up: Connection takes bytes and a clock and
# hands back events and bytes; the rerun queue, the rerun plan, the diff and
# the session table are plain objects. No server, no thread, no sleep.


class DocExampleTests(unittest.TestCase):
    def test_docstring_examples_run(self):
        """The >>> examples in the module's docstrings (RFC 6455 vectors among them)."""
        import doctest
        result = doctest.testmod(sg, optionflags=doctest.ELLIPSIS)
        self.assertEqual(result.failed, 0)
        self.assertGreaterEqual(result.attempted, 20)


def request_bytes(path="/", extra="", method="GET"):
    return f"{method} {path} HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode()


UPGRADE = ("Upgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")


def open_connection(extra=b"", config=None):
    """A Connection that received an upgrade request (plus `extra`) and accepted it."""
    conn = sg.Connection(config or sg.ServerConfig(), now=0.0)
    conn.receive_data(request_bytes("/ws", UPGRADE) + extra, now=0.0)
    ev = conn.next_event()
    assert isinstance(ev, sg.RequestReceived), ev
    conn.accept_websocket(b"HTTP/1.1 101 Switching Protocols\r\n\r\n", 0, now=0.0)
    assert conn.data_to_send().startswith(b"HTTP/1.1 101")
    return conn


def drain(conn):
    out = []
    while True:
        ev = conn.next_event()
        if ev is None:
            return out
        out.append(ev)


class ConnectionStateTests(unittest.TestCase):
    def test_http_keep_alive_then_close(self):
        conn = sg.Connection(now=0.0)
        self.assertIs(conn.state, sg.ConnState.HTTP)
        self.assertIsNone(conn.next_event())
        conn.receive_data(request_bytes("/a") + request_bytes("/b", "Connection: close\r\n"),
                          now=0.0)
        first = conn.next_event()
        self.assertEqual(first.request.path, "/a")
        conn.send_response(b"R1", first.request.keep_alive, now=0.0)
        self.assertEqual(conn.deadline_kind, "head")        # /b is already waiting
        second = conn.next_event()
        self.assertEqual(second.request.path, "/b")
        conn.send_response(b"R2", second.request.keep_alive, now=0.0)
        self.assertEqual(conn.data_to_send(), b"R1R2")
        self.assertIs(conn.state, sg.ConnState.CLOSED)

    def test_request_byte_at_a_time(self):
        conn = sg.Connection(now=0.0)
        data = request_bytes("/health")
        for i in range(len(data) - 1):
            conn.receive_data(data[i:i + 1], now=0.0)
            self.assertIsNone(conn.next_event())
        conn.receive_data(data[-1:], now=0.0)
        self.assertEqual(conn.next_event().request.path, "/health")

    def test_refused_request_answers_and_closes(self):
        cases = [(b"GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
                 (b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
                 (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505)]
        for raw, status in cases:
            with self.subTest(raw=raw):
                conn = sg.Connection(now=0.0)
                conn.receive_data(raw, now=0.0)
                ev = conn.next_event()
                self.assertEqual(ev, sg.ConnectionClosed(status, ev.reason))
                self.assertTrue(conn.data_to_send().startswith(f"HTTP/1.1 {status}".encode()))
                self.assertIs(conn.state, sg.ConnState.CLOSED)
                self.assertIsNone(conn.next_event())

    def test_deadlines_in_http(self):
        cfg = sg.ServerConfig(head_timeout=10, keepalive_timeout=30)
        conn = sg.Connection(cfg, now=0.0)
        conn.receive_data(b"GET / HTT", now=0.0)
        conn.tick(9.9)
        self.assertIs(conn.state, sg.ConnState.HTTP)
        conn.tick(10.1)
        self.assertTrue(conn.data_to_send().startswith(b"HTTP/1.1 408"))
        self.assertIs(conn.state, sg.ConnState.CLOSED)
        idle = sg.Connection(cfg, now=0.0)
        idle.receive_data(request_bytes(), now=0.0)
        idle.next_event()
        idle.send_response(b"R", True, now=1.0)
        self.assertEqual(idle.deadline_kind, "idle")
        idle.tick(30.9)
        self.assertIs(idle.state, sg.ConnState.HTTP)
        idle.receive_data(b"G", now=31.0)                # a new request restarts the head clock
        self.assertEqual((idle.deadline_kind, idle.deadline), ("head", 41.0))
        quiet = sg.Connection(cfg, now=0.0)
        quiet.receive_data(request_bytes(), now=0.0)
        quiet.next_event()
        quiet.send_response(b"R", True, now=0.0)
        quiet.data_to_send()
        quiet.tick(30.1)
        self.assertEqual((quiet.state, quiet.data_to_send()), (sg.ConnState.CLOSED, b""))

    def test_upgrade_keeps_bytes_that_followed_the_request(self):
        # RFC 6455 §5.7: a masked "Hello" sent right behind the handshake request
        hello = bytes.fromhex("818537fa213d7f9f4d5158")
        conn = open_connection(hello)
        self.assertIs(conn.state, sg.ConnState.OPEN)
        self.assertEqual(drain(conn), [sg.TextReceived("Hello")])

    def test_ping_gets_pong_and_messages_in_order(self):
        conn = open_connection()
        data = (sg.encode_frame(sg.Opcode.TEXT, b"a", mask=b"abcd")
                + sg.encode_frame(sg.Opcode.PING, b"p", mask=b"abcd")
                + sg.encode_frame(sg.Opcode.BINARY, b"\x00", mask=b"abcd"))
        conn.receive_data(data, now=1.0)
        self.assertEqual(drain(conn), [sg.TextReceived("a"), sg.BytesReceived(b"\x00")])
        self.assertEqual(conn.data_to_send(), b"\x8a\x01p")
        self.assertEqual(conn.last_frame, 1.0)

    def test_peer_close_is_answered(self):
        conn = open_connection()
        conn.receive_data(sg.encode_close(1001, "bye", mask=b"abcd"), now=0.0)
        self.assertEqual(drain(conn), [sg.ConnectionClosed(1001, "bye")])
        self.assertEqual(conn.data_to_send(), sg.encode_close(1001))
        self.assertIs(conn.state, sg.ConnState.CLOSED)

    def test_protocol_error_delivers_earlier_messages_then_fails(self):
        conn = open_connection()
        good = sg.encode_frame(sg.Opcode.TEXT, b"ok", mask=b"abcd")
        unmasked = sg.encode_frame(sg.Opcode.TEXT, b"x")            # §5.1: must be masked
        conn.receive_data(good + unmasked, now=0.0)
        events = drain(conn)
        self.assertEqual(events[0], sg.TextReceived("ok"))
        self.assertEqual(events[1].code, sg.CloseCode.PROTOCOL_ERROR)
        frame, _ = sg.parse_frame(conn.data_to_send(), require_mask=False)
        self.assertEqual(sg.parse_close_payload(frame.payload)[0], 1002)
        self.assertIs(conn.state, sg.ConnState.CLOSED)

    def test_our_close_waits_for_the_peer_then_gives_up(self):
        conn = open_connection()
        conn.send_close(sg.CloseCode.GOING_AWAY, "shutting down", now=5.0)
        self.assertIs(conn.state, sg.ConnState.CLOSING)
        conn.send_text("dropped")                         # nothing is sent after a close
        self.assertEqual(conn.data_to_send(), sg.encode_close(1001, "shutting down"))
        conn.receive_data(sg.encode_frame(sg.Opcode.TEXT, b"late", mask=b"abcd"), now=6.0)
        self.assertEqual(drain(conn), [])
        conn.tick(5.0 + sg.WS_CLOSE_TIMEOUT_S + 0.1)
        self.assertEqual((conn.state, conn.abort), (sg.ConnState.CLOSED, True))
        polite = open_connection()
        polite.send_close(now=0.0)
        polite.receive_data(sg.encode_close(1000, mask=b"abcd"), now=1.0)
        self.assertEqual(drain(polite), [sg.ConnectionClosed(1000, "")])
        self.assertEqual((polite.state, polite.abort), (sg.ConnState.CLOSED, False))

    def test_pings_and_idle_timeout(self):
        cfg = sg.ServerConfig(ping_interval=10, idle_timeout=25)
        conn = open_connection(config=cfg)
        conn.tick(9.0)
        self.assertEqual(conn.data_to_send(), b"")
        conn.tick(10.0)
        self.assertEqual(conn.data_to_send(), b"\x89\x00")           # an empty ping
        conn.receive_data(sg.encode_frame(sg.Opcode.PONG, b"", mask=b"abcd"), now=12.0)
        drain(conn)
        conn.tick(36.0)
        self.assertIs(conn.state, sg.ConnState.OPEN)
        self.assertEqual(conn.data_to_send(), b"\x89\x00")
        conn.tick(37.5)                                               # 25.5 s since a frame
        self.assertIs(conn.state, sg.ConnState.CLOSING)
        self.assertEqual(conn.data_to_send(), sg.encode_close(1001, "idle timeout"))

    def test_compressed_sends(self):
        conn = sg.Connection(now=0.0)
        conn.receive_data(request_bytes("/ws", UPGRADE), now=0.0)
        conn.next_event()
        conn.accept_websocket(b"101", 15, now=0.0)
        conn.data_to_send()
        conn.send_text("x" * 1000)
        frame, _ = sg.parse_frame(conn.data_to_send(), require_mask=False, allow_rsv1=True)
        self.assertTrue(frame.rsv1)
        self.assertEqual(zlib.decompressobj(-15).decompress(frame.payload + b"\x00\x00\xff\xff"), b"x" * 1000)
        conn.send_text("small")                          # under DEFLATE_MIN_SIZE: plain
        self.assertEqual(conn.data_to_send(), b"\x81\x05small")


class HandlerErrorCloseTests(unittest.TestCase):
    """A serve_websocket() handler that raises: close with 1011, then wait for the peer."""

    def test_handler_error_waits_for_the_peers_close(self):
        def handler(ws, message):
            raise RuntimeError("a handler's bug")

        loop = asyncio.new_event_loop()
        server = sg.serve_websocket(handler, "127.0.0.1", 0, quiet=True)
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(loop)
            loop.run_until_complete(server.start())
            ready.set()
            loop.run_forever()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        self.assertTrue(ready.wait(10))

        def stop():
            asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()
        self.addCleanup(stop)
        ws = WSClient(server.port, path="/")
        self.addCleanup(ws.sock.close)
        with contextlib.redirect_stderr(io.StringIO()) as err:
            ws.send_frame(sg.Opcode.TEXT, b"hello")
            ev = ws.recv_event(5)
        self.assertIn("a handler's bug", err.getvalue())
        self.assertEqual(ev[0], "close")
        self.assertEqual(ev[1], sg.CloseCode.INTERNAL_ERROR)
        # two sweeps later the server must still be waiting for our close frame
        time.sleep(2 * sg.SWEEP_INTERVAL_S + 0.3)
        readable, _, _ = select.select([ws.sock], [], [], 0)
        self.assertEqual(readable, [], "the socket was dropped before the peer's close frame")
        ws.send_frame(sg.Opcode.CLOSE, sg.CloseCode.INTERNAL_ERROR.to_bytes(2, "big"))
        ws.sock.settimeout(5)
        self.assertEqual(ws.sock.recv(16), b"", "a clean close (FIN) after our close frame")


class CloseReasonTests(unittest.TestCase):
    def test_any_utf8_reason_fits_and_decodes(self):
        """encode_close cuts at a character boundary: the peer can always decode it."""
        for ch in ["a", "é", "€", "😀"]:
            for n in (0, 1, 40, 61, 62, 123, 124, 200):
                with self.subTest(ch=ch, n=n):
                    frame, used = sg.parse_frame(sg.encode_close(1000, ch * n),
                                                 require_mask=False)
                    self.assertLessEqual(len(frame.payload), 125)
                    code, reason = sg.parse_close_payload(frame.payload)
                    self.assertEqual(code, 1000)
                    self.assertTrue((ch * n).startswith(reason))
                    if len((ch * n).encode()) <= 123:
                        self.assertEqual(reason, ch * n)
                    else:                  # as many whole characters as fit in 123 bytes
                        self.assertEqual(len(reason), 123 // len(ch.encode()))


def make_widget(wid, trigger=False, fragment=None, kind=None):
    return sg._Widget(wid, kind or ("button" if trigger else "slider"), None, int, None,
                      None, None, None, trigger, None, False, fragment)


class CoalesceTests(unittest.TestCase):
    def test_table(self):
        a, b, click = make_widget("a"), make_widget("b"), make_widget("btn", trigger=True)
        E = sg.Event
        cases = [
            # queued, arriving -> queue afterwards
            ([], [E(a, 1)], [E(a, 1)]),
            ([E(a, 1)], [E(a, 2)], [E(a, 2)]),                     # newest value wins
            ([E(a, 1)], [E(b, 2)], [E(a, 1), E(b, 2)]),
            ([E(a, 1), E(click, True)], [E(a, 2)],
             [E(a, 1), E(click, True), E(a, 2)]),                   # not across a click
            ([E(click, True)], [E(click, True)],
             [E(click, True), E(click, True)]),                     # every click is kept
            ([sg.FullRerun(), E(a, 1)], [E(a, 5)], [sg.FullRerun(), E(a, 5)]),
        ]
        for queued, arriving, expected in cases:
            with self.subTest(queued=queued, arriving=arriving):
                queue = list(queued)
                sg.coalesce(queue, arriving)
                self.assertEqual(queue, expected)


class PlanRerunTests(unittest.TestCase):
    def test_fragment_or_whole_script(self):
        top, f1, f2 = make_widget("t"), make_widget("x", fragment="f1"), \
            make_widget("y", fragment="f2")
        click = make_widget("c", trigger=True)
        E, T = sg.Event, sg.FragmentTick
        frags = {"f1": None, "f2": None}
        cases = [
            # queue, tree kept, -> (events taken, fragment, left in the queue)
            ([E(f1, 1)], True, ([E(f1, 1)], "f1", [])),
            ([E(f1, 1), E(f1, 2)], True, ([E(f1, 1), E(f1, 2)], "f1", [])),
            ([E(f1, 1)], False, ([E(f1, 1)], None, [])),            # no tree: whole script
            ([E(f1, 1), E(f2, 2)], True, ([E(f1, 1), E(f2, 2)], None, [])),
            ([E(top, 1)], True, ([E(top, 1)], None, [])),
            ([T("f1")], True, ([], "f1", [])),
            ([T("f1"), sg.FullRerun()], True, ([], None, [])),
            ([sg.FullRerun()], True, ([], None, [])),
            ([sg.FullRerun()], False, ([], None, [])),
            ([E(click, True), E(click, True), E(top, 3)], True,
             ([E(click, True)], None, [E(click, True), E(top, 3)])),  # one click per rerun
        ]
        for queue, has_tree, (events, fragment, rest) in cases:
            with self.subTest(queue=queue, has_tree=has_tree):
                plan = sg.plan_rerun(list(queue), has_tree, frags)
                self.assertEqual(plan, sg.RerunPlan(events, fragment, rest))

    def test_tick_for_a_fragment_that_is_gone(self):
        self.assertIsNone(sg.plan_rerun([sg.FragmentTick("old")], True, {}))
        w = make_widget("w", fragment="old")
        self.assertEqual(sg.plan_rerun([sg.Event(w, 1)], True, {}).fragment, None)


def hi_scheduler(test: unittest.TestCase) -> "sg.RerunScheduler":
    """A RerunScheduler (one worker, no loop) for a one-line app, removed after the test."""
    d = tempfile.mkdtemp(prefix="sg-sched-")
    test.addCleanup(shutil.rmtree, d, True)
    path = os.path.join(d, "app.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write("import streamlit_go as st\nst.write('hi')\n")
    sched = sg.RerunScheduler(sg.App(path), sg.SessionTable(), 1)
    test.addCleanup(sched.pool.shutdown, wait=False)
    test.addCleanup(sched.workers.shutdown)
    return sched


class FlushTickTests(unittest.TestCase):
    """The progress tick shows only reruns a worker has executed for FLUSH_INTERVAL_S."""

    class Loop:
        def __init__(self):
            self.timers = []

        def call_later(self, delay, fn, *args):
            self.timers.append((delay, fn))

    def test_only_reruns_running_long_enough_are_shown_and_the_tick_stops_when_idle(self):
        sched = hi_scheduler(self)
        sched.loop = self.Loop()
        shown = []
        sched._flush = lambda session, run: shown.append(run)
        now = time.monotonic()
        runs = {}
        for name, began in (("long", now - 1.0), ("fresh", now), ("queued", None)):
            session = sched.sessions.new()
            run = runs[name] = sg.ScriptRun(sched, session, [])
            run.began = began
            session.active_run = run
            if began is not None:
                sched._running.add(run)
        sched._in_flight = 3
        sched._flush_tick()
        self.assertEqual(shown, [runs["long"]])        # not the fresh one, not the queued one
        self.assertEqual([t[1] for t in sched.loop.timers], [sched._flush_tick])
        sched._running.clear()
        sched._in_flight = 0
        sched._flush_tick()
        self.assertEqual(len(sched.loop.timers), 1)    # idle: no new timer
        self.assertFalse(sched._ticking)



class LoopFirstTests(unittest.TestCase):
    """While the loop shows finished reruns, workers start no new one (boundedly)."""

    def test_reruns_wait_for_the_drain_and_a_failing_show_still_frees_them(self):
        sched = hi_scheduler(self)
        seen = []

        def show(session, run):
            seen.append((run, sched._loop_free.is_set()))
            raise RuntimeError("a bug while showing")   # the next one is still shown
        sched._done = show
        runs = [sg.ScriptRun(sched, sched.sessions.new(), []) for _ in range(2)]
        sched._finished = [(r.session, r) for r in runs]
        with contextlib.redirect_stderr(io.StringIO()):
            sched._drain_finished()
        self.assertEqual(seen, [(runs[0], False), (runs[1], False)])
        self.assertTrue(sched._loop_free.is_set())

        class Loop:                       # _execute hands the finished rerun back here
            def call_soon_threadsafe(self, fn):
                handed.append(fn)

        class Gate:                       # records when, and how long, a rerun waits
            def wait(self, timeout):
                waits.append((timeout, run.began))
                return True
        handed, waits = [], []
        sched.loop, sched._loop_free = Loop(), Gate()
        session = sched.sessions.new()
        run = sg.ScriptRun(sched, session, [])
        sched._execute(session, run)
        self.assertEqual(waits, [(sg.LOOP_FREE_WAIT_S, None)])   # before it began, bounded
        self.assertTrue(0 < sg.LOOP_FREE_WAIT_S <= 1)
        self.assertEqual(run.result, "done")
        self.assertEqual(handed, [sched._drain_finished])

class DiffRenderTests(unittest.TestCase):
    """diff_renders: the smallest changed subtree, or the whole page."""

    @classmethod
    def node(cls, spec, nid):
        kind, props, kids = spec
        return sg._Node(kind, nid, props, None if kids is None else
                        [cls.node(k, f"{nid}-{i}") for i, k in enumerate(kids)])

    def render(self, main, sidebar=(), page=None):
        node = self.node
        roots = {"main": sg._Node("main", "main", {}, [node(s, f"main-{i}")
                                                        for i, s in enumerate(main)]),
                 "sidebar": sg._Node("sidebar", "sidebar", {}, [node(s, f"sidebar-{i}")
                                                                 for i, s in enumerate(sidebar)])}
        return sg.render_tree(roots, page or {})

    def changes(self, old, new):
        return [u.component_id if isinstance(u, sg.PartialUpdate) else "FULL"
                for u in sg.diff_renders(old, new)]

    def test_table(self):
        text = lambda body: ("text", {"body": body}, None)              # noqa: E731
        exp = lambda label, *kids: ("expander", {"label": label}, list(kids))  # noqa: E731
        base = self.render([text("a"), exp("E", text("b"), text("c"))], [text("s")])
        cases = [
            ("nothing", self.render([text("a"), exp("E", text("b"), text("c"))],
                                    [text("s")]), []),
            ("a leaf", self.render([text("A"), exp("E", text("b"), text("c"))],
                                   [text("s")]), ["main-0"]),
            ("inside a container", self.render([text("a"), exp("E", text("b"), text("C"))],
                                               [text("s")]), ["main-1-1"]),
            ("the container's shell", self.render([text("a"), exp("F", text("b"), text("c"))],
                                                  [text("s")]), ["main-1"]),
            ("a child added", self.render([text("a"), exp("E", text("b"), text("c"),
                                                          text("d"))], [text("s")]), ["main-1"]),
            ("the sidebar", self.render([text("a"), exp("E", text("b"), text("c"))],
                                        [text("S")]), ["sidebar-0"]),
            ("the layout", self.render([text("a")], [text("s")]), ["FULL"]),
            ("the title", self.render([text("a"), exp("E", text("b"), text("c"))],
                                      [text("s")], {"page_title": "T"}), ["FULL"]),
            ("the query", self.render([text("a"), exp("E", text("b"), text("c"))],
                                      [text("s")], {"_query": "x=1"}), ["FULL"]),
        ]
        for name, new, expected in cases:
            with self.subTest(name):
                self.assertEqual(self.changes(base, new), expected)
        self.assertEqual(self.changes(None, base), ["FULL"])

    def test_render_and_diff_leave_no_reference_cycles(self):
        """A render is freed by reference counting when the next replaces it.

        (A recursive closure is a cycle: it kept each PageRender alive until
        the cyclic collector ran, which then had all of them to walk.)"""
        import gc
        text = lambda body: ("text", {"body": body}, None)              # noqa: E731
        exp = lambda label, *kids: ("expander", {"label": label}, list(kids))  # noqa: E731
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            old = None
            for i in range(20):
                new = self.render([text(f"a{i}"), exp("E", text("b"), exp("F", text(str(i))))],
                                  [text("s")])
                self.assertTrue(sg.diff_renders(old, new))
                old = new
            del old, new
            self.assertEqual(gc.collect(), 0, "unreachable objects found by the collector")
        finally:
            if was_enabled:
                gc.enable()



class RenderKeyTests(unittest.TestCase):
    """_props_key and _plain_data_key: equal bytes only for equal values of equal types."""

    def test_values_that_render_differently_get_different_keys(self):
        key = sg._props_key
        self.assertEqual(key({"v": "a", "n": [1, 2.5]}), key({"v": "a", "n": [1, 2.5]}))
        import array
        for a, b in ((1, True), (1, 1.0), (0, False), (0.0, -0.0), ("1", 1), ([1], (1,)),
                     (None, False), ("a", b"a"),
                     # objects with the buffer protocol are not their bytes
                     (b"\x00" * 8, array.array("d", [0.0])), (b"ab", bytearray(b"ab")),
                     (array.array("q", [0]), array.array("d", [0.0]))):
            with self.subTest(a=a, b=b):
                self.assertNotEqual(key({"v": a}), key({"v": b}))

    def test_numpy_scalars_of_equal_bits_render_apart(self):
        np = need_module(self, "numpy")
        sg._render_cache.data.clear()
        sg._render_cache.bytes = 0
        shown = [sg.render_node(sg._Node("text", "main-0", {"body": v}), "")
                 for v in (np.int64(0), np.float64(0.0))]
        self.assertNotEqual(shown[0], shown[1])

    def test_other_objects_are_keyed_by_their_pickle(self):
        import http
        when = dt.date(2024, 5, 1)
        self.assertEqual(sg._props_key({"v": http.HTTPStatus.OK, "d": when}),
                         sg._props_key({"v": http.HTTPStatus.OK, "d": when}))
        self.assertNotEqual(sg._props_key({"v": http.HTTPStatus.OK}), sg._props_key({"v": 200}))
        with self.assertRaises(Exception):          # rendered every time, never cached
            sg._props_key({"v": lambda: 1})

    def test_a_nodes_html_follows_its_props(self):
        sg._render_cache.data.clear()
        sg._render_cache.bytes = 0
        shown = [sg.render_node(sg._Node("text", "main-0", {"body": value}), "")
                 for value in (1, True, 1.0, 1)]
        self.assertIn(">1<", shown[0])
        self.assertIn(">True<", shown[1])
        self.assertIn(">1.0<", shown[2])
        self.assertIs(shown[3], shown[0])            # a hit: the one shared string

    def test_plain_data_is_read_back_exactly(self):
        data = {"region": ["North", "South"], "orders": [120, 98], "ok": [True, None],
                "pair": (1.5, "x")}
        key = sg._plain_data_key(data)
        self.assertIsNotNone(key)
        self.assertEqual(sg._json_text_of_pickle(key), sg._json_text(data))
        self.assertEqual(sg._table_props_of_pickle(key), sg._table_props(data, None))
        self.assertIsNone(sg._plain_data_key({"when": dt.date(2024, 5, 1)}))
        self.assertIsNone(sg._plain_data_key(list(range(sg.PLAIN_MEMO_MAX_VALUES + 1))))
        deep = []
        for _ in range(3000):                      # more values than are memoized
            deep = [deep]
        self.assertIsNone(sg._plain_data_key(deep))
        deep = []
        for _ in range(1900):                      # few values, nested past pickle's limit
            deep = [deep]
        key = sg._plain_data_key(deep)             # None where pickle gives up, never raises
        self.assertTrue(key is None or isinstance(key, bytes))

class FakeTimer:
    def __init__(self):
        self.cancelled = False

    def cancel(self):
        self.cancelled = True


class SessionTableTests(unittest.TestCase):
    def test_expiry_frees_everything_a_session_holds(self):
        table = sg.SessionTable(timeout=10)
        old, busy, fresh = table.new(), table.new(), table.new()
        logo = b"\x89PNG" + bytes(range(256)) * 100
        tokens = {s.id: table.media.add(s, logo, "image/png", None) for s in (old, busy)}
        own = table.media.add(old, b"mine" * 5000, "image/png", None)
        self.assertEqual(tokens[old.id], tokens[busy.id])          # same bytes, one copy
        self.assertEqual(len(table.media.items), 2)
        old.add_upload("a.txt", "text/plain", b"hello")
        timer = FakeTimer()
        old.timers["frag"] = timer
        old.shared_keys = {"visits": {None}}
        busy.shells.add(object())                                  # a page is open
        for s in (old, busy):
            s.last_active = 0.0
        fresh.last_active = 5.0
        self.assertEqual(table.expire(12.0), 1)                    # only `old`
        self.assertIsNone(table.get(old.id))
        self.assertIs(table.get(busy.id), busy)
        self.assertIs(table.get(fresh.id), fresh)
        self.assertTrue(old.closed and timer.cancelled)
        self.assertEqual((dict(old.uploads), old.timers, old.shared_keys), ({}, {}, {}))
        self.assertIsNone(table.media.get(own))                    # nobody else showed it
        self.assertIsNotNone(table.media.get(tokens[busy.id]))     # `busy` still shows it
        self.assertEqual(table.media.holders[tokens[busy.id]], {busy.id})
        busy.shells.clear()
        self.assertEqual(table.expire(20.0), 2)
        self.assertEqual((table.media.items, table.media.holders, len(table)), ({}, {}, 0))

    def test_a_rerun_that_stops_drawing_media_lets_go(self):
        table = sg.SessionTable()
        s = table.new()
        a = table.media.add(s, b"a" * 20000, "image/png", None)
        b = table.media.add(s, b"b" * 20000, "image/png", "b.png")
        table.media.keep_only(s, {b})
        self.assertIsNone(table.media.get(a))
        self.assertEqual(table.media.get(b).file_name, "b.png")
        self.assertEqual(s.media_tokens, {b})

    def test_full_table_refuses_new_sessions(self):
        table = sg.SessionTable(timeout=1000, max_sessions=2)
        table.new(), table.new()
        with self.assertRaises(sg.HTTPError) as cm:
            table.new()
        self.assertEqual(cm.exception.status, 503)


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


CHURN_APP = """
import streamlit_go as st
st.title("churn")
if {image}:
    # 51 KB: over MEDIA_INLINE_MAX, so it is served as /media/TOKEN from the MediaStore
    st.image(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(range(256)) * 200, caption="logo")
st.write("done")
"""


def process_rss_mib(pid: int) -> float:
    """The resident set size of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def media_churn(port: int, pid: int, rounds: int, per_round: int, settle: float) -> list:
    """Open sessions that draw the page and leave; after each round wait for expiry.

    Returns the server's RSS (MiB) after each round's sessions expired.
    Bounded: rounds x per_round sessions, each with a 10 s socket timeout.
    """
    out = []

    def worker(count):
        for _ in range(count):
            ws = WSClient(port, "no-such-session")      # the server mints a fresh session
            first_page(ws)
            ws.sock.close()

    for _ in range(rounds):
        threads = [threading.Thread(target=worker, args=(per_round // 4,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        time.sleep(settle)
        out.append(process_rss_mib(pid))
    return out


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

    def assertOutputs(self, page, wanted: dict):
        """Each labelled output of an api_connect page equals its wanted text."""
        for label, text in wanted.items():
            self.assertEqual(page.out(label), text, label)


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

    def test_upgrade_elsewhere_than_ws_is_404(self):
        for path in ("/", "/wsx", "/health", "/ws/x", "/static/x", "/WS"):
            with self.subTest(path=path):
                self.assertEqual(upgrade_status(self.port, path), 404)
        self.assertEqual(upgrade_status(self.port, "/ws?sessionId="), 101)

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


class MediaChurnTests(unittest.TestCase):
    def test_sessions_that_draw_media_and_expire_leave_rss_flat(self):
        """7,500 sessions draw a 51 KB image and expire: RSS stays within 10 %."""
        if not os.path.exists("/proc/self/status"):
            self.skipTest("needs /proc to read RSS")
        with AppServer(CHURN_APP.format(image=True), "--session-timeout", "0.5",
                       "--cleanup-interval", "0.25", "--quiet") as srv:
            ws = WSClient(srv.port, "x")
            page = first_page(ws)
            token = re.search(r'/media/([0-9a-f]+)', page).group(1)
            ws.sock.close()
            self.assertEqual(get(srv.port, f"/media/{token}")[0], 200)
            rss = media_churn(srv.port, srv.proc.pid, rounds=5, per_round=1500, settle=1.2)
            # every session drew the same bytes: one copy, freed with the last holder
            self.assertEqual(get(srv.port, f"/media/{token}")[0], 404)
        self.assertLessEqual(rss[-1], rss[1] * 1.10, f"RSS after each round: {rss}")


class ServerPingTests(ServerCase):
    ARGS = ("--ping-interval", "0.4")

    def test_server_sends_ping_frames_and_keeps_an_answering_peer(self):
        ws = self.connect()
        first_page(ws)
        pings = 0
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and pings < 3:
            ev = ws.recv_event(max(0.0, deadline - time.monotonic()))
            if ev is None or ev[0] in ("close", "eof"):
                break
            if ev[0] == "ping":
                pings += 1
                ws.send_frame(sg.Opcode.PONG, ev[1])
        self.assertGreaterEqual(pings, 2, "expected a server ping every 0.4 s")
        ws.send("ping")
        self.assertEqual(ws.recv_until(lambda m: m["type"] == "pong")[-1]["type"], "pong")


class InterruptTests(ServerCase):
    APP = """
    import time, streamlit_go as st
    st.session_state.started = st.session_state.get("started", 0) + 1
    v = st.slider("V", 0, 100, 0)
    for i in range(20):
        st.text(f"row {i}")
        time.sleep(0.02)
    st.session_state.finished = st.session_state.get("finished", 0) + 1
    st.text(f"v={v} started={st.session_state.started} finished={st.session_state.finished}")
    """

    def test_newer_event_interrupts_a_stale_rerun(self):
        ws = self.connect()
        html = first_page(ws)
        sid = widget_id(html, "slider")
        for v in range(1, 6):
            ws.event(sid, v)
            time.sleep(0.05)
        msg = ws.recv_until(lambda m: "v=5 " in m["data"].get("html", ""), timeout=10)[-1]
        started, finished = map(int, re.search(r"started=(\d+) finished=(\d+)",
                                               msg["data"]["html"]).groups())
        self.assertLess(finished, started, "stale reruns should have been abandoned")
        self.assertEqual(ws.quiet(0.6), [])


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


SHARED_APP = """
import streamlit_go as st
st.title("Guest book")
if st.checkbox("Show the book", value=True, key="show"):
    for line in st.shared_state.get("book", []):
        st.write(line)
msg = st.text_input("Message", key="msg")
if st.button("Sign"):
    st.shared_state["book"] = st.shared_state.get("book", []) + [msg]
if st.button("Burst"):
    for i in range(100):
        st.shared_state["burst"] = i
st.write(f"burst seen: {st.shared_state.get('burst', -1)}")
st.session_state.runs = st.session_state.get("runs", 0) + 1
st.text(f"runs={st.session_state.runs}")
"""


def runs_of(text: str) -> int:
    found = re.findall(r"runs=(\d+)", text)
    return int(found[-1]) if found else -1


class SharedStateTests(ServerCase):
    APP = SHARED_APP

    def test_write_pushes_to_readers_only(self):
        a, b, c = self.connect(), self.connect(), self.connect()
        ha = first_page(a)
        first_page(b)
        first_page(c)
        c.event("key-show", False)            # c stops reading "book"
        c.recv_until(lambda m: "runs=2" in m["data"].get("html", ""))
        a.event("key-msg", "hello <b>from a</b>", "submit")
        a.recv_until(lambda m: "runs=2" in json.dumps(m))
        a.event(widget_id(ha, "button", 0), True, "click")
        # b receives the new line without sending anything
        got = b.recv_until(lambda m: "hello &lt;b&gt;from a&lt;/b&gt;" in m["data"].get("html", ""))
        self.assertTrue(got)
        self.assertNotIn("<b>from a</b>", json.dumps(got))
        # c did not read the key: it is not disturbed
        self.assertEqual([m for m in c.quiet(0.6) if "hello" in json.dumps(m)], [])

    def test_burst_is_coalesced(self):
        a, b = self.connect(), self.connect()
        ha, hb = first_page(a), first_page(b)
        before = runs_of(hb)
        a.event(widget_id(ha, "button", 1), True, "click")
        msgs = b.recv_until(lambda m: "burst seen: 99" in m["data"].get("html", ""),
                            timeout=10)
        time.sleep(0.5)
        msgs += b.quiet(0.5)
        after = max(runs_of(json.dumps(m)) for m in msgs)
        self.assertGreaterEqual(after - before, 1)
        self.assertLessEqual(after - before, 3, "100 writes must not cause 100 reruns")

    def test_background_thread_write_pushes(self):
        with AppServer("""
            import threading, time
            import streamlit_go as st
            if "started" not in st.shared_state:
                st.shared_state["started"] = True
                def worker():
                    for i in range(1, 4):
                        time.sleep(0.3)
                        st.shared_state["progress"] = i
                threading.Thread(target=worker, daemon=True).start()
            st.write(f"progress {st.shared_state.get('progress', 0)}")
        """, "--quiet") as server:
            ws = WSClient(server.port)
            first_page(ws)
            ws.recv_until(lambda m: "progress 3" in m["data"].get("html", ""), timeout=10)
            ws.close()


class SharedReadScopeTests(unittest.TestCase):
    """readers_of: which sessions a write reruns, and whether one fragment is enough."""

    def test_fragment_only_reads_rerun_that_fragment(self):
        table = sg.SessionTable(timeout=10)
        ANY = sg.SharedState.ANY
        reads = {"frag": {"a": {"f1"}}, "top": {"a": {None}}, "two": {"a": {"f1", "f2"}},
                 "mixed": {"a": {"f1"}, "b": {None}}, "any": {ANY: {"f2"}},
                 "other": {"c": {None}}}
        sessions = {}
        for name, keys in reads.items():
            s = sessions[name] = table.new()
            s.shells.add(object())
            s.shared_keys = keys
        idle = table.new()                       # read "a" but has no page open
        idle.shared_keys = {"a": {None}}
        names = {s.id: n for n, s in sessions.items()}

        def pushed(dirty):
            return {names[s.id]: where for s, where in table.readers_of(dirty)}

        self.assertEqual(pushed({"a": {"w"}}), {"frag": "f1", "top": None, "two": None,
                                                "mixed": "f1", "any": "f2"})
        self.assertEqual(pushed({"a": {"w"}, "b": {"w"}}),
                         {"frag": "f1", "top": None, "two": None, "mixed": None,
                          "any": "f2"})
        self.assertEqual(pushed({"c": {"w"}}), {"other": None, "any": "f2"})
        # the writer itself is not rerun by its own write
        self.assertNotIn("frag", pushed({"a": {sessions["frag"].id}}))
        self.assertIn("frag", pushed({"a": {sessions["frag"].id, "w"}}))

    def test_reads_are_recorded_with_their_fragment(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "app.py")
            with open(path, "w") as f:
                f.write(textwrap.dedent("""
                    import streamlit_go as st
                    st.shared_state.get("top")
                    @st.fragment
                    def board():
                        with st.columns(2)[1]:
                            st.shared_state.get("inner")
                    board()
                    with st.sidebar:
                        list(st.shared_state)
                """))
            table = sg.SessionTable(3600)
            sched = sg.RerunScheduler(sg.App(path), table, 1)
            session = table.new()
            run = sg.ScriptRun(sched, session, []).execute()
            self.assertEqual(run.result, "done", run.error_text)
            (fid,) = session.fragments
            self.assertEqual(session.shared_keys, {"top": {None}, "inner": {fid},
                                                   sg.SharedState.ANY: {None}})
            # the fragment's own rerun adds to what the whole script read
            frun = sg.ScriptRun(sched, session, [], fid).execute()
            self.assertEqual(frun.result, "done", frun.error_text)
            self.assertEqual(frun.shared_reads, {"inner": {fid}})
            self.assertEqual(session.shared_keys["inner"], {fid})
            self.assertEqual(session.shared_keys["top"], {None})


class FragmentRenderTests(unittest.TestCase):
    """A fragment's rerun redraws only its subtree, and the page is the one a full
    render of the same tree gives."""

    APP = """
import streamlit_go as st
st.title("Fragments")
c1, c2 = st.columns(2)
c2.write("right")
with st.expander("Box", expanded=True):
    @st.fragment
    def inner():
        st.write(f"n {st.session_state.get('n', 0)}")
        with st.container(border=True):
            st.metric("twice", 2 * st.session_state.get("n", 0))
        if st.session_state.get("outside"):
            c1.write("written outside")      # into a container created outside
    inner()
st.sidebar.write("side")
"""

    def test_incremental_page_equals_a_full_render(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "app.py")
            with open(path, "w") as f:
                f.write(self.APP)
            sched = sg.RerunScheduler(sg.App(path), sg.SessionTable(3600), 1)
            session = sched.sessions.new()
            run = sg.ScriptRun(sched, session, []).execute()
            self.assertEqual(run.result, "done", run.error_text)
            self.assertIs(session.script_render, run.render)
            (fid,) = session.fragments
            calls = []
            full = sg.render_tree

            def counting(roots, page):
                calls.append(1)
                return full(roots, page)

            for n, outside in ((1, False), (2, False), (3, True)):
                session.session_state["n"] = n
                session.session_state["outside"] = outside
                calls.clear()
                sg.render_tree = counting
                try:
                    frun = sg.ScriptRun(sched, session, [], fid).execute()
                finally:
                    sg.render_tree = full
                self.assertEqual(frun.result, "done", frun.error_text)
                self.assertEqual(len(calls), 1 if outside else 0,
                                 "only a write outside the fragment needs a full render")
                want = full(frun.roots, frun.page)
                got = frun.render
                self.assertEqual((got.html, got.children, got.shell, got.layout, got.title),
                                 (want.html, want.children, want.shell, want.layout,
                                  want.title))
                self.assertIn(f"n {n}", got.page_html())
                self.assertIn(f"{2 * n}", got.html[sg._path_to(frun.roots, frun.stack[0])[-1]
                                                   .children[1].children[0].id])
                self.assertIs(session.script_render, got)
            self.assertIn("written outside", got.page_html())


class SharedStateFragmentTests(ServerCase):
    """A key read only inside a fragment reruns only that fragment in the readers."""
    APP = """
    import streamlit_go as st
    st.session_state.setdefault("full", 0)
    st.session_state.full += 1
    st.write(f"full runs {st.session_state.full}")

    @st.fragment
    def board():
        st.write(f"board {st.shared_state.get('board', 0)}")

    board()
    st.write(f"top {st.shared_state.get('top', 0)}")

    def bump(key):
        st.shared_state[key] = st.shared_state.get(key, 0) + 1

    st.button("Bump board", on_click=bump, args=("board",))
    st.button("Bump top", on_click=bump, args=("top",))
    """

    def test_fragment_read_reruns_the_fragment_and_top_level_read_the_script(self):
        a, b = self.connect(), self.connect()
        ha = first_page(a)
        self.assertIn("full runs 1", first_page(b))
        a.event(widget_id(ha, "button", 0), True, "click")      # bump "board"
        got = b.recv_until(lambda m: "board 1" in m["data"].get("html", ""))
        self.assertEqual(got[-1]["type"], "partial_update")
        seen = json.dumps(got + b.quiet(0.5))
        self.assertNotIn("full runs 2", seen, "the whole script reran for a fragment's key")
        self.assertNotIn("top 1", seen)
        a.event(widget_id(ha, "button", 1), True, "click")      # bump "top"
        got = b.recv_until(lambda m: "top 1" in m["data"].get("html", ""))
        self.assertIn("full runs 2", json.dumps(got + b.quiet(0.3)))


class FragmentTimerTests(ServerCase):
    APP = """
    import itertools, streamlit_go as st
    st.title("Clock")
    st.session_state.setdefault("ticks", 0)
    @st.fragment(run_every=0.2)
    def clock():
        st.session_state.ticks += 1
        st.write(f"tick {st.session_state.ticks}")
        if st.button("Inside"):
            st.write("inside clicked")
    clock()
    st.write("outside")
    """

    def test_run_every_ticks_without_messages_and_stops_with_the_session(self):
        ws = self.connect()
        html = first_page(ws)
        msgs = ws.recv_until(lambda m: "tick 4" in m["data"].get("html", ""), timeout=5)
        self.assertTrue(all(m["type"] == "partial_update" for m in msgs))
        self.assertTrue(all("outside" not in m["data"]["html"] for m in msgs))
        bid = widget_id(html, "button")
        ws.event(bid, True, "click")
        got = ws.recv_until(lambda m: "inside clicked" in m["data"].get("html", ""))
        self.assertEqual(got[-1]["type"], "partial_update")
        sid = ws.session_id
        ws.close()
        time.sleep(0.8)
        ws2 = self.connect(sid)
        page = first_page(ws2)
        n = int(re.search(r"tick (\d+)", page).group(1))
        ws2.close()
        time.sleep(1.0)                       # no connection: the timer must not tick
        ws3 = self.connect(sid)
        page3 = first_page(ws3)
        n3 = int(re.search(r"tick (\d+)", page3).group(1))
        self.assertLessEqual(n3 - n, 2, "the timer kept running without a connection")


class TLSTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("openssl"):
            raise unittest.SkipTest("openssl is not installed")
        cls.dir = tempfile.mkdtemp(prefix="sg-tls-")
        cls.cert = os.path.join(cls.dir, "cert.pem")
        cls.key = os.path.join(cls.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", cls.key, "-out", cls.cert],
                       check=True, capture_output=True, timeout=60)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_https_and_wss(self):
        import ssl
        with AppServer(COUNTER_APP, "--quiet", "--certfile", self.cert,
                       "--keyfile", self.key) as server:
            ctx = ssl.create_default_context(cafile=self.cert)
            ctx.check_hostname = False
            raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            status, headers, body = parse_response(data)
            self.assertEqual(status, 200)
            self.assertIn("; Secure", headers["set-cookie"])
            raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
            key = base64.b64encode(os.urandom(16)).decode()
            s.sendall((f"GET /ws?sessionId= HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                       f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                       f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
            buf = b""
            while b"\r\n\r\n" not in buf:
                buf += s.recv(65536)
            self.assertTrue(buf.startswith(b"HTTP/1.1 101"))
            parser = sg.WebSocketParser(require_mask=False)
            events = parser.feed(buf.partition(b"\r\n\r\n")[2])
            while not events:
                events = parser.feed(s.recv(65536))
            self.assertEqual(json.loads(events[0][1])["type"], "ui_update")
            s.close()


class CompressionTests(ServerCase):
    def test_permessage_deflate_negotiated_and_used(self):
        ws = self.connect(headers="Sec-WebSocket-Extensions: permessage-deflate; "
                                  "client_max_window_bits\r\n")
        agreed = ws.headers["sec-websocket-extensions"]
        self.assertTrue(agreed.startswith("permessage-deflate"))
        self.assertIn("server_no_context_takeover", agreed)
        raw = ws.first_bytes
        ws.sock.settimeout(5)
        while not sg.parse_frame(bytearray(raw), False, 1 << 24, True):
            chunk = ws.sock.recv(65536)
            raw += chunk
            ws.events.extend(ws.parser.feed(chunk))
        frame = sg.parse_frame(bytearray(raw), False, 1 << 24, True)
        self.assertTrue(frame[0].rsv1, "the first ui_update should be compressed")
        msg = ws.recv_until(lambda m: m["type"] == "ui_update")[-1]
        self.assertLess(frame[1], len(json.dumps(msg)) / 2)
        # a compressed client message is understood too
        ping = json.dumps({"type": "ping", "session_id": msg["session_id"]}).encode()
        ws.sock.sendall(sg.encode_frame(1, sg.deflate_message(ping), mask=os.urandom(4),
                                        rsv1=True))
        self.assertEqual(ws.recv_until(lambda m: m["type"] == "pong")[-1]["type"], "pong")

    def test_negotiation_table(self):
        ok = sg.negotiate_deflate
        self.assertIsNotNone(ok(["permessage-deflate"]))
        self.assertIsNotNone(ok(["x-webkit-deflate-frame, permessage-deflate; client_max_window_bits"]))
        self.assertIsNone(ok(["permessage-deflate; bogus=1"]))
        self.assertIsNone(ok(["permessage-deflate; server_max_window_bits=99"]))
        self.assertIsNone(ok(["permessage-deflate; server_no_context_takeover; server_no_context_takeover"]))
        self.assertEqual(ok(["permessage-deflate; server_max_window_bits=10"])[1], 10)

    def test_inflate_bomb_refused(self):
        p = sg.WebSocketParser(max_size=1000, deflate=True)
        bomb = sg.deflate_message(b"a" * 100000)
        with self.assertRaises(sg.WebSocketError) as cm:
            p.feed(sg.encode_frame(2, bomb, mask=os.urandom(4), rsv1=True))
        self.assertEqual(cm.exception.code, 1009)


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
        # Whether the server runs as __main__ or was handed over to the imported
        # module, exactly one copy is loaded and it is the app's `st`.
        with AppServer("""
            import sys, streamlit_go as st
            copies = {id(m) for m in list(sys.modules.values()) if hasattr(m, "RerunScheduler")}
            st.write("same" if copies == {id(st)} else f"{len(copies)} copies")
        """, "--quiet") as server:
            ws = WSClient(server.port)
            self.assertIn("same", first_page(ws))
            ws.close()


def _read_only_argv(folder: str):
    """The argv prefix that runs a command with `folder` read-only, or None.

    Not root: the folder's write bits are cleared (the caller restores them).
    Root ignores those, so it gets a read-only bind mount of the folder in a
    mount namespace of its own (unshare -m), when the machine allows that.
    """
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    wrap = [unshare, "-m", "sh", "-c", 'mount --bind "$0" "$0" && '
            'mount -o remount,bind,ro "$0" && exec "$@"', folder]
    probe = subprocess.run(wrap + ["sh", "-c", ': > "$0/probe"', folder], capture_output=True,
                           timeout=30, stdin=subprocess.DEVNULL)
    if probe.returncode == 0 or os.path.exists(os.path.join(folder, "probe")) \
            or b"Read-only" not in probe.stderr:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, "probe"))
        return None
    return wrap


class ScriptHandOverTests(unittest.TestCase):
    """`python streamlit_go.py app.py` re-executes (same PID) as an import of the
    module: from the bytecode it saved in __pycache__, or, when bytecode is not
    to be written or cannot be, from bytecode passed in memory, writing nothing
    (see the section "Run as a script" at the top of streamlit_go.py)."""

    # The app's own arguments (after --), as `streamlit run` gives them.
    ARGV = "argv=['app.py', '--data', 'x y.csv']"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sg-handover-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.module = shutil.copy(MODULE, self.dir)
        self.cache = importlib.util.cache_from_source(self.module)
        with open(os.path.join(self.dir, "app.py"), "w", encoding="utf-8") as f:
            f.write("import sys, streamlit_go as st\nst.write('argv=' + repr(sys.argv))\n"
                    "st.text('module=' + st.__name__)\nst.button('Go')\n")

    def launch(self, *, write_bytecode=True, flags=(), prefix=()):
        """Start the copy as a user would; return (cmdline of the serving process,
        page, what its open descriptors point to)."""
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        if not write_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        p = subprocess.Popen([*prefix, sys.executable, *flags, "streamlit_go.py", "app.py",
                              "--port", "0", "--quiet", "--", "--data", "x y.csv"],
                             cwd=self.dir, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        try:
            port = _read_port(p, 30)
            with open(f"/proc/{p.pid}/cmdline", "rb") as f:
                cmdline = f.read().rstrip(b"\0").split(b"\0")
            fds = []
            for fd in os.listdir(f"/proc/{p.pid}/fd"):
                with contextlib.suppress(OSError):
                    fds.append(os.readlink(f"/proc/{p.pid}/fd/{fd}"))
            ws = WSClient(port)
            page = first_page(ws)
            ws.close()
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(10), 0)
            return [c.decode() for c in cmdline], _html.unescape(page), fds
        finally:
            if p.poll() is None:
                p.kill()
                p.wait(5)
            p.stdout.close()
            p.stderr.close()

    def assert_handed_over_writing_nothing(self, cmdline, page, fds, flags=()):
        self.assertIn(self.ARGV, page)              # the app's argv as in-process
        self.assertIn("Go", page)
        if not hasattr(sys, "orig_argv"):           # 3.9: in this process, as before
            self.assertEqual(cmdline[1 + len(flags):3 + len(flags)],
                             ["streamlit_go.py", "app.py"])
            self.assertIn("module=__main__", page)
        else:
            self.assertEqual(cmdline[1:1 + len(flags)], list(flags))
            self.assertEqual(cmdline[1 + len(flags)], "-c")
            self.assertEqual(cmdline[-8:], [self.module, "app.py", "--port", "0", "--quiet",
                                            "--", "--data", "x y.csv"])
            self.assertIn("module=streamlit_go", page)  # run as an import, not __main__
            self.assertEqual([f for f in fds if "memfd:" in f], [])  # read, then closed
        self.assertEqual(sorted(os.listdir(self.dir)), ["app.py", "streamlit_go.py"])

    def test_hands_over_and_import_accepts_the_saved_bytecode(self):
        if not hasattr(sys, "orig_argv"):
            self.skipTest("Python 3.9 has no sys.orig_argv: the script runs in-process")
        cmdline, page, _ = self.launch(flags=("-X", "utf8"))
        self.assertIn(self.ARGV, page)                  # the app's argv as in-process
        self.assertIn("Go", page)
        self.assertIn("module=streamlit_go", page)
        self.assertEqual(cmdline[1:3], ["-X", "utf8"])      # the interpreter's flags kept
        self.assertIn("-c", cmdline)
        self.assertEqual(cmdline[-8:], [self.module, "app.py", "--port", "0", "--quiet", "--",
                                        "--data", "x y.csv"])
        self.assertTrue(os.path.isfile(self.cache))
        saved = os.stat(self.cache).st_mtime_ns
        # A plain import validates the header (source mtime and size) and loads
        # it without rewriting it: the file is what import itself would write.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        r = subprocess.run([sys.executable, "-c", "import streamlit_go, sys; "
                            "sys.stdout.write(streamlit_go.__cached__)"], cwd=self.dir,
                           env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.stdout, self.cache, r.stderr)
        self.assertEqual(os.stat(self.cache).st_mtime_ns, saved)
        # With writing off, a fresh cache is still used (read, not written).
        cmdline, page, _ = self.launch(write_bytecode=False)
        self.assertIn("module=streamlit_go", page)
        self.assertEqual(os.stat(self.cache).st_mtime_ns, saved)
        # An edited file gets fresh bytecode on the next launch.
        with open(self.module, "a", encoding="utf-8") as f:
            f.write("\n# edited\n")
        with open(self.cache, "rb") as f:
            old_header = f.read(16)
        cmdline, page, _ = self.launch()
        self.assertIn("-c", cmdline)
        with open(self.cache, "rb") as f:
            self.assertNotEqual(f.read(16), old_header)
        # Isolated mode (-I: no script folder or '' on sys.path) still finds the module.
        cmdline, page, _ = self.launch(flags=("-I",))
        self.assertEqual(cmdline[1:3], ["-I", "-c"])
        self.assertIn("Go", page)

    def test_hands_over_without_writing_when_bytecode_writing_is_off(self):
        # PYTHONDONTWRITEBYTECODE=1, as Python Dockerfiles commonly set it
        self.assert_handed_over_writing_nothing(*self.launch(write_bytecode=False))
        # -B, and with it -I (no '' on sys.path): the module is still found
        flags = ("-B", "-I")
        self.assert_handed_over_writing_nothing(*self.launch(flags=flags), flags=flags)

    def test_hands_over_without_writing_from_a_folder_it_cannot_write(self):
        # __pycache__ cannot be made (a file has its name): the write fails
        # as in a read-only folder, whoever the user is.
        with open(os.path.join(self.dir, "__pycache__"), "w"):
            pass
        cmdline, page, fds = self.launch()
        os.unlink(os.path.join(self.dir, "__pycache__"))
        self.assert_handed_over_writing_nothing(cmdline, page, fds)
        # A folder that is read-only for real (see _read_only_argv)
        self.addCleanup(os.chmod, self.dir, 0o755)
        prefix = _read_only_argv(self.dir)
        if prefix is None:
            self.skipTest("cannot make a read-only folder here (root without a mount "
                          "namespace): covered above by an unwritable __pycache__ only")
        self.assert_handed_over_writing_nothing(*self.launch(prefix=prefix))


class OriginTests(ServerCase):
    ARGS = ("--allowed-origins", "http://good.example")

    def test_allowed_origins(self):
        ws = self.connect(headers="Origin: http://good.example\r\n")
        first_page(ws)
        with self.assertRaises(ConnectionError) as cm:
            WSClient(self.port, headers="Origin: http://evil.example\r\n")
        self.assertIn("403", str(cm.exception))


class TraceTests(unittest.TestCase):
    """--trace prints the click map of the module docstring, step by step."""

    def test_a_click_traces_the_steps_the_docstring_names(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "app.py"), "w", encoding="utf-8") as f:
                f.write("import streamlit_go as st\n"
                        "n = st.session_state.setdefault('n', 0)\n"
                        "if st.button('Add'):\n"
                        "    st.session_state.n = n = n + 1\n"
                        "st.write(f'Clicked {n} times')\n")
            err_path = os.path.join(d, "trace.txt")
            with open(err_path, "wb") as err:
                proc = subprocess.Popen([sys.executable, MODULE, "app.py", "--port", "0",
                                         "--trace"], cwd=d, stdout=subprocess.PIPE,
                                        stderr=err, stdin=subprocess.DEVNULL)
                try:
                    ws = WSClient(_read_port(proc))
                    html = first_message(ws)["data"]["html"]
                    with open(err_path, "rb") as f:
                        before_click = len(f.read())
                    click_until(ws, html, 0, "Clicked 1 times")
                    ws.sock.close()
                finally:
                    proc.terminate()
                    proc.wait(10)
            with open(err_path, "rb") as f:
                trace = f.read()[before_click:].decode()
        steps = [line.split()[2] for line in trace.splitlines()
                 if re.match(r"\s*[\d.]+ ms  \S", line)]
        # In the order of "One click, from socket to screen".
        wanted = ["_SocketShell.data_received", "WebSocketParser.feed", "parse_message",
                  "coalesce", "RerunScheduler._start", "RerunScheduler._done",
                  "RerunScheduler._show", "Session.send", "Connection.send_frame",
                  "_SocketShell.flush"]
        doc = sg.__doc__.split("One click, from socket to screen")[1].split("Where is")[0]
        at = -1
        for step in wanted:
            self.assertIn(step.split(".")[-1], doc, f"{step} is not in the click map")
            self.assertIn(step, steps, f"--trace printed no {step}:\n{trace}")
            i = steps.index(step, at + 1) if step in steps[at + 1:] else -1
            self.assertGreater(i, at, f"{step} out of order in:\n{trace}")
            at = i


class ClickMapTests(unittest.TestCase):
    """The module docstring's click map names code that exists, in the core, in order."""

    def test_every_step_is_defined_before_the_first_appendix(self):
        src = open(sg.__file__, encoding="utf-8").read()
        appendix = src.index("\n# Appendix ")
        tree = ast.parse(src)
        where = {}                                  # "Class.method" / "function" -> offset
        line_at = [0]
        for line in src.split("\n"):
            line_at.append(line_at[-1] + len(line) + 1)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                where[node.name] = line_at[node.lineno - 1]
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        where[f"{node.name}.{item.name}"] = line_at[item.lineno - 1]
        doc = sg.__doc__.split("One click, from socket to screen")[1].split("Where is")[0]
        steps = re.findall(r"^ {4,10}(?:\d+\. +)?([A-Za-z_][\w.]*) ", doc, re.M)   # names, not notes
        named = [s for s in steps if s in where]
        self.assertGreaterEqual(len(named), 15, f"too few code names in the map: {steps}")
        for name in named:
            with self.subTest(step=name):
                self.assertLess(where[name], appendix, f"{name} is defined in an appendix")
        for fn in ("sendEvent", "morph", "handle"):      # the browser's halves (CLIENT_JS)
            self.assertRegex(sg.CLIENT_JS, rf"function {fn}\(")
        unknown = [s for s in steps if s not in where and s not in ("the", "CLIENT_JS")]
        self.assertEqual(unknown, [], "steps the map names that the file does not define")


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
# 4b. The st API, function by function, as Streamlit documents it
# =============================================================================

import html as _html
import html.parser as _api_htmlparser

# =============================================================================
# Streamlit API compatibility: helpers
# =============================================================================

_API_VOID = frozenset("area base br col embed hr img input link meta param source track wbr"
                      .split())
_API_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>")


def api_element_span(page: str, cid: str):
    """Return (start, end) of the element whose id attribute is cid, or None."""
    m = re.search(r'<([A-Za-z][A-Za-z0-9-]*)\b[^>]*?\sid="%s"' % re.escape(cid), page)
    if not m:
        return None
    tag = m.group(1).lower()
    open_end = page.index(">", m.end()) + 1
    if tag in _API_VOID or page[open_end - 2] == "/":
        return m.start(), open_end
    depth = 1
    for t in _API_TAG.finditer(page, open_end):
        if t.group(2).lower() != tag or t.group(3):
            continue
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return m.start(), t.end()
    raise AssertionError(f"unbalanced element {cid!r}")


def api_element(page: str, cid: str) -> str:
    span = api_element_span(page, cid)
    if span is None:
        raise AssertionError(f"no element with id {cid!r} in the page")
    return page[span[0]:span[1]]


def api_ids(page: str, kind: str) -> list:
    return re.findall(r'\sid="([^"]+)" data-kind="%s"' % re.escape(kind), page)


def api_find(page: str, kind: str, label: str) -> str:
    """Return the componentId of the `kind` element whose label text is exactly `label`."""
    needle = ">" + _html.escape(label) + "<"
    for cid in api_ids(page, kind):
        if needle in api_element(page, cid):
            return cid
    raise AssertionError(f"no {kind} labelled {label!r} in the page")


def api_text(fragment: str) -> str:
    """Visible text of an html fragment (tags dropped, entities decoded)."""
    return _html.unescape(re.sub(r"<[^>]*>", "", fragment))


class LivePage:
    """The page as the browser would hold it: ui_update replaces it, partial_update patches it."""

    def __init__(self, ws: WSClient):
        self.ws = ws
        self.html = None
        self.log = []        # every message received
        self.errors = []     # data of every `error` message

    def apply(self, msg):
        self.log.append(msg)
        kind, data = msg["type"], msg.get("data") or {}
        if kind == "ui_update":
            self.html = data["html"]
        elif kind == "partial_update":
            span = api_element_span(self.html or "", data["componentId"])
            if span is None:
                raise AssertionError(f"partial_update for an id not in the page: "
                                     f"{data['componentId']!r}")
            self.html = self.html[:span[0]] + data["html"] + self.html[span[1]:]
        elif kind == "error":
            self.errors.append(data)

    def pump(self, pred, timeout=10.0, what="condition") -> list:
        """Apply messages until pred() holds; return the messages that arrived meanwhile."""
        start = len(self.log)
        deadline = time.monotonic() + timeout
        while not pred():
            left = deadline - time.monotonic()
            msg = self.ws.recv(left) if left > 0 else None
            if msg is None:
                raise AssertionError(f"timed out waiting for {what}; got "
                                     f"{self.log[start:]!r}"[:3000])
            self.apply(msg)
        return self.log[start:]

    def quiet(self, seconds=0.3) -> list:
        msgs = self.ws.quiet(seconds)
        for m in msgs:
            self.apply(m)
        return msgs

    # -- what the app printed with st.text("name=value") -------------------------
    def texts(self) -> list:
        return [_html.unescape(t) for t in
                re.findall(r'<pre class="sg-plain">(.*?)</pre>', self.html or "", re.S)]

    def outs(self) -> dict:
        d = {}
        for t in self.texts():
            k, sep, v = t.partition("=")
            if sep and re.fullmatch(r"[A-Za-z_][\w]*", k):
                d[k] = v
        return d

    def out(self, name):
        return self.outs().get(name)

    def val(self, name) -> tuple:
        """(repr, type name) of an output printed as name=repr|type."""
        s = self.out(name)
        if s is None:
            raise AssertionError(f"the app printed no {name!r}; texts: {self.texts()!r}")
        r, _, t = s.rpartition("|")
        return r, t

    def run(self):
        v = self.out("run")
        return int(v) if v and v.isdigit() else None

    # -- actions -------------------------------------------------------------------
    def load(self, timeout=10.0) -> str:
        """Wait for the first complete render (the app prints run=N as its last element)."""
        self.pump(lambda: self.html is not None and self.run() is not None, timeout,
                  "the first complete render")
        return self.html

    def act(self, cid, value=None, etype="change", timeout=10.0) -> list:
        """Send one event and wait for the full rerun it causes; return its messages."""
        n = self.run()
        self.ws.event(cid, value, etype)
        return self.pump(lambda: (self.run() or 0) > n, timeout, f"the rerun after {cid}")

    def refused(self, cid, value=None, etype="change") -> dict:
        """Send an event that must be refused; return the error's data (no rerun happens)."""
        k = len(self.errors)
        n = self.run()
        self.ws.event(cid, value, etype)
        self.pump(lambda: len(self.errors) > k, 5.0, f"an error for {cid}")
        self.quiet(0.15)
        assert self.run() == n, "a refused event caused a rerun"
        return self.errors[-1]

    def find(self, kind, label) -> str:
        return api_find(self.html, kind, label)


def api_connect(tc: unittest.TestCase, query: str = "") -> LivePage:
    """Open a fresh session (optionally with a page query string) and load its page."""
    path = "/ws?sessionId=" + ("&" + query if query else "")
    ws = WSClient(tc.port, path=path)
    tc.addCleanup(ws.close)
    page = LivePage(ws)
    page.load()
    return page


def api_post_upload(port: int, session_id: str, name: str, body: bytes,
                    mime: str = "application/octet-stream") -> tuple:
    """POST /upload?sessionId=ID with X-File-Name, as the client does; (status, headers, body)."""
    raw = (f"POST /upload?sessionId={urllib.parse.quote(session_id)} HTTP/1.1\r\n"
           f"Host: 127.0.0.1\r\nContent-Type: {mime}\r\n"
           f"X-File-Name: {urllib.parse.quote(name)}\r\nContent-Length: {len(body)}\r\n"
           f"Connection: close\r\n\r\n").encode() + body
    return parse_response(http(port, raw))


_API_RUN_MARKER = """
st.session_state["_n"] = st.session_state.get("_n", 0) + 1
st.text(f"run={st.session_state['_n']}")
"""


# =============================================================================
# Text elements, st.write, write_stream, echo, magic
# =============================================================================

API_TEXT_APP = r'''
"""DOCSTRING_NOT_SHOWN"""
import streamlit_go as st

st.title("Title T1", help="Title help")
st.header("Header H2")
st.subheader("Sub H3")
st.caption("Caption *small*")
st.text("plain <b>tag</b> **not md**")
st.markdown("""
| col A | col B |
|---|:---:|
| 1 | 2 |

- item one
- item two

1. first
2. second

[Example](https://example.com/x) and **bold** and *italic* and `x<y` and ~~gone~~

[Bad](javascript:alert(1))
""")
st.markdown("<b>escaped-b</b>")
st.markdown("<b>raw-b</b>", unsafe_allow_html=True)
st.caption("<i>cap-escaped</i>")
st.caption("<i>cap-raw</i>", unsafe_allow_html=True)
st.code("SELECT 1 FROM t WHERE a < 2", language="sql")
st.code("def f(x):\n    return x", language="python")
st.latex(r"\frac{a}{b} + \alpha^2 < \sqrt{x}")
st.divider()
with st.echo():
    echo_value = 20 + 22
    st.text(f"echo_out={echo_value}")
st.html("<div class='raw-html-marker'><i>raw html</i></div>")
st.write("write *markdown* string")
st.write(4242)
st.write({"wk": [1, 2]})
st.write(["li1", "li2"])
st.write(ValueError("write-exc"))
st.write([{"ta": 1, "tb": 2}, {"ta": 3, "tb": 4}])
class HtmlRepr:
    def _repr_html_(self):
        return "<b class='repr-html-marker'>x</b>"
st.write(HtmlRepr())
st.markdown("md with help", help="Markdown help")
st.caption("cap with help", help="Caption help")
st.markdown("See [Wiki](https://en.wikipedia.org/wiki/Foo_(bar)) now")
def gen():
    yield "stream "
    yield "of "
    yield "words"
ret = st.write_stream(gen())
st.text(f"stream_ret={ret!r}|{type(ret).__name__}")
"MAGIC_STRING_SHOWN"
magic_number = 42001
magic_number
magic_list = ["MAGIC_LIST_ITEM"]
magic_list
str("CALL_RESULT_NOT_SHOWN")
def helper():
    "FUNC_DOCSTRING_NOT_SHOWN"
    "FUNC_BODY_MAGIC"
    return 1
helper()
''' + _API_RUN_MARKER


class ApiSpaceTests(ServerCase):
    """st.space: Streamlit 1.67's sizes, pixels and stretch; a bad size is refused."""
    APP = """import streamlit_go as st
st.space()
st.space("large")
st.space(40)
st.space("stretch")
for bad in (0, "huge", True):
    try:
        st.space(bad)
    except st.StreamlitAPIException as e:
        st.text(f"refused: {e}")
""" + _API_RUN_MARKER

    def test_sizes_and_refusals(self):
        html = api_connect(self).html
        ids = api_ids(html, "space")
        self.assertEqual(len(ids), 4)
        styles = [re.search(r'style="([^"]*)"', api_element(html, i)).group(1) for i in ids]
        self.assertEqual(styles, ["--sg-space:0.75rem", "--sg-space:4.25rem", "--sg-space:40px",
                                  "flex:1 1 0;min-height:0;min-width:0"])
        self.assertIn('data-testid="stSpace"', api_element(html, ids[0]))
        for bad in ("0", "&#x27;huge&#x27;", "True"):
            self.assertIn(f"a positive integer. Got {bad}.", html)
        self.assertIn("Supported values: &#x27;stretch&#x27;, &#x27;xxsmall&#x27;", html)


class ApiLayoutArgumentTests(ServerCase):
    """width=, height=, text_alignment= and wrap= (Streamlit 1.67) on the element's root."""
    APP = """import streamlit_go as st
st.title("T", text_alignment="center")
st.button("Wide", width="stretch")
st.text_input("Fixed", width=200)
st.markdown("one line", wrap=False)
st.code("x = 1", height=120)
st.text("plain")
st.button("plain button")
st.line_chart({"a": [1, 2, 3]}, alt="Rising <line>")
st.dataframe({"a": [1, 2]}, alt="A small table")
st.warning("Careful.", title="Heads *up* <b>")
st.header("Hot", icon="<x>")
st.button("Launch", icon="R", icon_position="right")
for bad in ({"width": "wide"}, {"width": 0}, {"text_alignment": "middle"}):
    try:
        st.caption("c", **bad)
    except st.StreamlitAPIException as e:
        st.text(f"refused: {e}")
st.text("after")
""" + _API_RUN_MARKER

    def test_layout_on_the_root(self):
        html = api_connect(self).html
        root = lambda kind, n=0: api_element(html, api_ids(html, kind)[n]).split(">")[0]  # noqa: E731
        self.assertIn('style="text-align:center"', root("title"))
        self.assertIn("sg-w-stretch", root("button", 0))
        self.assertIn('style="width:200px;max-width:100%"', root("text_input"))
        self.assertIn("sg-w-px", root("text_input"))
        self.assertIn("sg-nowrap", root("markdown"))
        self.assertIn('style="height:120px;overflow:auto"', root("code"))
        for plain in (root("text", 0), root("button", 1)):    # Streamlit's defaults: no markup
            self.assertNotIn("style=", plain)
            self.assertNotIn("sg-w-", plain)
        self.assertIn("refused: Invalid width value: &#x27;wide&#x27;. Width must be either a "
                      "positive integer (pixels), &#x27;stretch&#x27;, or &#x27;content&#x27;.",
                      html)
        self.assertIn("refused: Invalid width value: 0.", html)
        self.assertIn("refused: Invalid `text_alignment` value.", html)
        self.assertEqual(len(api_ids(html, "caption")), 0)
        self.assertIn('role="img" aria-label="Rising &lt;line&gt;"', root("chart"))
        self.assertIn('aria-label="A small table"', root("dataframe"))
        self.assertNotIn('role="img"', root("dataframe"))      # a table stays a table
        self.assertIn('<h2><span class="sg-icon">&lt;x&gt;</span> Hot', api_element(
            html, api_ids(html, "header")[0]))
        self.assertRegex(api_element(html, api_ids(html, "button")[2]),
                         r'>Launch <span class="sg-icon">R</span></button>')
        warn = api_element(html, api_ids(html, "warning")[0])
        self.assertIn('<p class="sg-alert-title"><strong>Heads <em>up</em> &lt;b&gt;</strong></p>',
                      warn)
        # a refused call leaves nothing behind for the next element
        self.assertNotIn("style=", root("text", len(api_ids(html, "text")) - 1))


class WidgetBindingTests(ServerCase):
    """bind="query-params" and persist_state (Streamlit 1.67) on a real server."""
    APP = """import streamlit_go as st
c = st.checkbox("Bound box", key="c", bind="query-params")
s = st.selectbox("Bound choice", ["a", "b c", "d"], key="s", bind="query-params")
m = st.multiselect("Bound many", ["x", "y", "z"], key="m", bind="query-params")
show = st.toggle("Show the hidden ones", value=True, key="show")
if show:
    kept = st.text_input("Kept", key="kept", persist_state="session")
    lost = st.text_input("Lost", key="lost")
st.text(f"vals={c!r}|{s!r}|{m!r}")
st.text(f"kept={st.session_state.get('kept')!r}|{st.session_state.get('lost')!r}")
for act in ("set", "delete"):
    try:
        if act == "set":
            st.query_params["c"] = "false"
        else:
            del st.query_params["c"]
        st.text(f"{act}=allowed")
    except st.StreamlitAPIException as e:
        st.text(f"{act}={e}")
for bad in ({"bind": "url", "key": "b1"}, {"bind": "query-params"}, {"persist_state": "app", "key": "b2"}):
    try:
        st.checkbox("bad", **bad)
    except st.StreamlitAPIException as e:
        st.text(f"refused={e}")
""" + _API_RUN_MARKER

    def query(self, p) -> dict:
        q = re.search(r'data-query="([^"]*)"', p.html).group(1)
        return urllib.parse.parse_qs(_html.unescape(q))

    def test_values_go_to_the_url_and_come_back_from_it(self):
        p = api_connect(self)
        self.assertEqual(p.out("vals"), "False|'a'|[]")
        self.assertEqual(self.query(p), {}, "defaults stay out of the URL")
        p.act(p.find("checkbox", "Bound box"), True)
        p.act(p.find("selectbox", "Bound choice"), 1)
        p.act(p.find("multiselect", "Bound many"), [0, 2])
        self.assertEqual(p.out("vals"), "True|'b c'|['x', 'z']")
        self.assertEqual(self.query(p), {"c": ["true"], "s": ["b c"], "m": ["x", "z"]})
        p.act(p.find("checkbox", "Bound box"), False)
        self.assertNotIn("c", self.query(p), "back at its default, the parameter goes")
        q = api_connect(self, "c=true&s=d&m=y&m=z")      # a shared link
        self.assertEqual(q.out("vals"), "True|'d'|['y', 'z']")
        r = api_connect(self, "s=nope&c=maybe")          # text that fits no option: ignored
        self.assertEqual(r.out("vals"), "False|'a'|[]")

    def test_bound_parameters_refuse_st_query_params(self):
        p = api_connect(self)
        self.assertEqual(p.out("set"), "Cannot directly set query parameter 'c' - it is "
                                       "bound to a widget. Modify the widget value instead.")
        self.assertIn("Cannot directly delete query parameter 'c'", p.out("delete"))

    def test_refusals_name_the_problem(self):
        refused = [t.partition("=")[2] for t in api_connect(self).texts()
                   if t.startswith("refused=")]
        self.assertEqual(len(refused), 3)
        self.assertIn("Invalid `bind` value. Supported values: 'query-params', None.", refused[0])
        self.assertIn("The `key` parameter is required. When using bind='query-params'",
                      refused[1])
        self.assertIn("Invalid `persist_state` value.", refused[2])

    def test_persist_state_keeps_a_hidden_widgets_value(self):
        p = api_connect(self)
        p.act(p.find("text_input", "Kept"), "keep me")
        p.act(p.find("text_input", "Lost"), "lose me")
        self.assertEqual(p.out("kept"), "'keep me'|'lose me'")
        p.act(p.find("toggle", "Show the hidden ones"), False)
        p.act(p.find("toggle", "Show the hidden ones"), False)   # a rerun while hidden
        self.assertEqual(p.out("kept"), "'keep me'|None")
        p.act(p.find("toggle", "Show the hidden ones"), True)
        self.assertEqual(p.out("kept"), "'keep me'|''", "drawn again: its default")
        self.assertIn('value="keep me"', api_element(p.html, p.find("text_input", "Kept")))


class ApiIframeTests(ServerCase):
    """st.iframe (Streamlit 1.67): a URL, an HTML string, an HTML file or another file."""
    FILES = {"page.html": "<p id=x>from a file</p>", "doc.txt": "plain text file"}
    APP = """import pathlib
import streamlit_go as st
here = pathlib.Path(__file__).parent
st.iframe("https://example.com/embed")
st.iframe("<p>inline <b>html</b></p>", height=120, alt="Greeting")
st.iframe(here / "page.html")
st.iframe(here / "doc.txt")
st.iframe("javascript:alert(1)")           # not a URL: HTML text in the sandbox
for bad in ({"src": "x", "height": 0},
            {"src": here / "missing.html"}, {"src": 42}):
    try:
        st.iframe(**bad)
    except st.StreamlitAPIException as e:
        st.text(f"refused: {e}")
""" + _API_RUN_MARKER

    def test_sources(self):
        html = api_connect(self).html
        frames = [api_element(html, i) for i in api_ids(html, "iframe")]
        self.assertEqual(len(frames), 5)
        src = [_html.unescape(re.search(r'<iframe src="([^"]+)"', f).group(1)) for f in frames]
        self.assertEqual(src[0], "https://example.com/embed")
        self.assertIn('height="400"', frames[0])
        self.assertIn('height="120"', frames[1])
        self.assertIn('title="Greeting"', frames[1])
        self.assertIn('title="st.iframe"', frames[0])
        self.assertNotIn("allow-same-origin", frames[1])     # HTML keeps its opaque origin
        status, headers, body = get(self.port, src[1])
        self.assertEqual((status, body), (200, b"<p>inline <b>html</b></p>"))
        self.assertIn("sandbox", headers["content-security-policy"])
        self.assertEqual(get(self.port, src[2])[2], b"<p id=x>from a file</p>")
        status, headers, body = get(self.port, src[3])
        self.assertEqual((status, body), (200, b"plain text file"))
        self.assertTrue(headers["content-type"].startswith("text/plain"))
        refused = [t for t in api_connect(self).texts() if t.startswith("refused: ")]
        self.assertEqual(len(refused), 3, refused)
        self.assertIn("Invalid height value: 0.", refused[0])
        self.assertIn("no file at", refused[1])
        self.assertIn("not int", refused[2])
        self.assertTrue(src[4].startswith("/component/"), src[4])
        self.assertNotIn("allow-same-origin", frames[4])


class SwitchPageQueryTests(ServerCase):
    """st.switch_page(page, query_params=...) (Streamlit 1.67): the new page's URL query."""
    FILES = {"pages/other.py": "import streamlit_go as st\n"
                               "st.text(f\"qp={st.query_params.to_dict()!r}\")\n"
                               "st.text(f\"run={st.session_state.setdefault('r', 0)}\")\n"
                               "st.session_state.r += 1\n"}
    APP = """import streamlit_go as st
st.query_params["old"] = "gone"
if st.button("Go"):
    st.switch_page("pages/other.py", query_params={"a": "1", "m": ["x", "y"]})
""" + _API_RUN_MARKER

    def test_query_params_reach_the_new_page(self):
        p = api_connect(self)
        p.ws.event(p.find("button", "Go"), True, "click")
        p.pump(lambda: p.out("qp") is not None, 10, "the other page")
        self.assertEqual(p.out("qp"), "{'a': '1', 'm': 'y'}")
        q = re.search(r'data-query="([^"]*)"', p.html).group(1)
        self.assertEqual(urllib.parse.parse_qs(_html.unescape(q)), {"a": ["1"], "m": ["x", "y"]})


class ApiMetricTests(ServerCase):
    """st.metric's Streamlit 1.67 parameters: format, sparkline, delta arrow and description."""
    APP = """import streamlit_go as st
st.metric("Revenue", 1234.5, 12.5, format="dollar", chart_data=[1, 3, 2, 5, 4],
          chart_type="area", delta_description="month <over> month", icon="$")
st.metric("Churn", "4%", "-1%", delta_color="inverse", delta_arrow="up",
          chart_data=[5, 4, 4, 3], chart_type="bar")
st.metric("Flat", 7, 0, delta_arrow="off", format="%d items")
try:
    st.metric("bad", 1, chart_type="pie")
except st.StreamlitAPIException as e:
    st.text(f"refused={e}")
""" + _API_RUN_MARKER

    def test_metric_parameters(self):
        html = api_connect(self).html
        rev, churn, flat = (api_element(html, i) for i in api_ids(html, "metric"))
        self.assertIn(">$1,234.50<", rev)
        self.assertIn("\u2191 $12.50", rev)
        self.assertIn('<span class="sg-caption sg-delta-note">month &lt;over&gt; month</span>', rev)
        self.assertIn('<polygon class="sg-spark-area"', rev)
        self.assertIn("$ Revenue", rev)
        self.assertIn("\u2191 -1%", churn)                    # the arrow forced up
        self.assertIn("sg-c-green", churn)                   # inverse: a fall is good
        self.assertEqual(len(re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[1-9]',
                                        churn)), 4, "bars stand on zero: none is empty")
        self.assertIn(">7 items<", flat)
        self.assertIn("sg-c-gray", flat)            # a zero delta, formatted or not, is grey
        self.assertNotIn("\u2191", flat)
        self.assertNotIn("\u2193", flat)
        self.assertIn("Invalid `chart_type` value.", html)


class ApiSkeletonTests(ServerCase):
    """st.skeleton (Streamlit 1.67): a placeholder to replace, or one for a `with` block."""
    APP = """import streamlit_go as st
ph = st.skeleton(height=120)
st.text("between=1")
with st.skeleton() as sk:
    st.text("inside=1")
if st.button("Fill"):
    ph.text("filled=1")
try:
    st.skeleton(height="content")
except st.StreamlitAPIException as e:
    st.text(f"refused={e}")
""" + _API_RUN_MARKER

    def test_placeholder_and_block(self):
        p = api_connect(self)
        ids = api_ids(p.html, "skeleton")
        self.assertEqual(len(ids), 1, "the block's skeleton is gone once the block ended")
        self.assertIn('style="height:120px;overflow:auto"', api_element(p.html, ids[0]))
        self.assertIn('aria-busy="true"', api_element(p.html, ids[0]))
        self.assertEqual((p.out("between"), p.out("inside")), ("1", "1"))
        self.assertIn("Invalid height value: 'content'.", p.out("refused"))
        p.act(p.find("button", "Fill"), True, "click")
        self.assertEqual(p.out("filled"), "1")
        self.assertEqual(api_ids(p.html, "skeleton"), [], "writing into it replaces it")


class ApiTextTests(ServerCase):
    APP = API_TEXT_APP

    def setUp(self):
        self.page = api_connect(self)
        self.html = self.page.html

    def kind_html(self, kind, nth=0):
        return api_element(self.html, api_ids(self.html, kind)[nth])

    def test_headings_caption_text(self):
        h = self.html
        self.assertRegex(self.kind_html("title"), r"<h1>Title T1<span class=\"sg-help\"[^>]*"
                                                  r"title=\"Title help\"")
        self.assertIn("<h2>Header H2</h2>", self.kind_html("header"))
        self.assertIn("<h3>Sub H3</h3>", self.kind_html("subheader"))
        self.assertIn("Caption <em>small</em>", self.kind_html("caption"))
        text = self.kind_html("text")          # st.text: never Markdown, always escaped
        self.assertIn("plain &lt;b&gt;tag&lt;/b&gt; **not md**", text)
        self.assertNotIn("<b>tag", h)

    def test_markdown_subset(self):
        md = self.kind_html("markdown", 0)
        self.assertRegex(md, r"<table>.*<th[^>]*>col A</th>.*<td[^>]*>1</td>.*</table>")
        self.assertIn('style="text-align:center"', md)
        self.assertIn("<ul><li>item one</li><li>item two</li></ul>", md)
        self.assertIn("<ol><li>first</li><li>second</li></ol>", md)
        self.assertRegex(md, r'<a href="https://example.com/x" target="_blank"[^>]*>Example</a>')
        self.assertIn("<strong>bold</strong>", md)
        self.assertIn("<em>italic</em>", md)
        self.assertIn("<code>x&lt;y</code>", md)
        self.assertIn("<del>gone</del>", md)
        self.assertNotIn('href="javascript:', md.lower())           # never a js: link
        self.assertIn("Bad", md)

    def test_markdown_link_with_parentheses_in_the_url(self):
        # CommonMark (and Streamlit's react-markdown) allow balanced parentheses in a
        # link destination.
        md = [api_element(self.html, c) for c in api_ids(self.html, "markdown")
              if "Wiki" in api_element(self.html, c)][0]
        self.assertIn('<a href="https://en.wikipedia.org/wiki/Foo_(bar)" target="_blank"', md)
        self.assertIn(">Wiki</a> now", md)

    def test_unsafe_allow_html(self):
        self.assertIn("&lt;b&gt;escaped-b&lt;/b&gt;", self.kind_html("markdown", 1))
        self.assertIn("<b>raw-b</b>", self.kind_html("markdown", 2))
        self.assertIn("&lt;i&gt;cap-escaped&lt;/i&gt;", self.kind_html("caption", 1))
        self.assertIn("<i>cap-raw</i>", self.kind_html("caption", 2))

    def test_help_on_text_elements(self):
        h = self.html
        md = [api_element(h, c) for c in api_ids(h, "markdown") if "md with help" in
              api_element(h, c)][0]
        self.assertIn('title="Markdown help"', md)
        cap = [api_element(h, c) for c in api_ids(h, "caption") if "cap with help" in
               api_element(h, c)][0]
        self.assertIn('title="Caption help"', cap, "st.caption(help=...) shows no tooltip")

    def test_code_language(self):
        sql = self.kind_html("code", 0)
        self.assertIn('data-lang="sql"', sql)
        self.assertIn("SELECT 1 FROM t WHERE a &lt; 2", sql)
        py = self.kind_html("code", 1)
        self.assertIn('data-lang="python"', py)
        self.assertEqual(api_text(py), "def f(x):\n    return x")

    def test_latex_readable_and_escaped(self):
        lx = self.kind_html("latex")
        self.assertIn("α", lx)
        self.assertIn("√", lx)
        self.assertIn("sg-frac", lx)
        self.assertIn("&lt;", lx)
        self.assertNotIn("\\alpha", api_text(lx.split(">", 2)[2]))   # body, not aria-label

    def test_divider_and_html(self):
        self.assertRegex(self.html, r'<hr class="sg-el sg-divider" id="[^"]+" '
                                    r'data-kind="divider">')
        self.assertIn("<div class='raw-html-marker'><i>raw html</i></div>",
                      self.kind_html("html"))

    def test_echo_shows_block_source_above_output(self):
        h = self.html
        code = [api_element(h, c) for c in api_ids(h, "code")
                if "echo_value" in api_text(api_element(h, c))]
        self.assertEqual(len(code), 1, "st.echo must show the with-block source once")
        src = api_text(code[0])
        self.assertIn("echo_value = 20 + 22", src)
        self.assertIn('st.text(f"echo_out={echo_value}")', src)
        self.assertNotIn("with st.echo", src)
        self.assertEqual(self.page.out("echo_out"), "42")
        self.assertLess(h.index(code[0]), h.index("echo_out=42"))

    def test_write_dispatch(self):
        h = self.html
        md = [api_element(h, c) for c in api_ids(h, "markdown")]
        self.assertTrue(any("write <em>markdown</em> string" in m for m in md))
        js = [api_text(api_element(h, c)) for c in api_ids(h, "json")]
        self.assertTrue(any(json.loads(j) == {"wk": [1, 2]} for j in js), js)
        self.assertTrue(any(json.loads(j) == ["li1", "li2"] for j in js), js)
        # Streamlit writes a list of dicts with st.json too (a dict/list is never a table)
        self.assertTrue(any(json.loads(j) == [{"ta": 1, "tb": 2}, {"ta": 3, "tb": 4}]
                            for j in js), js)
        exc = [api_element(h, c) for c in api_ids(h, "exception")]
        self.assertTrue(any("ValueError: write-exc" in e for e in exc), exc)

    def test_write_number_is_inline_code(self):
        # Streamlit: st.write(42) -> markdown "`42`" (inline code)
        self.assertIn("<code>4242</code>", self.html)

    def test_write_repr_html_needs_unsafe_allow_html(self):
        # Streamlit: an object with _repr_html_ goes to st.html only with unsafe_allow_html=True
        self.assertNotIn("<b class='repr-html-marker'>", self.html)

    def test_write_stream_returns_text(self):
        self.assertEqual(self.page.val("stream_ret"), ("'stream of words'", "str"))
        md = [api_text(api_element(self.html, c)) for c in api_ids(self.html, "markdown")]
        self.assertIn("stream of words", md)
        self.assertNotIn("\u258c", self.html)            # the typing cursor is gone

    def test_magic(self):
        md = " ".join(api_text(api_element(self.html, c))
                      for c in api_ids(self.html, "markdown") + api_ids(self.html, "json"))
        self.assertIn("MAGIC_STRING_SHOWN", md)
        self.assertIn("42001", md)
        self.assertIn("MAGIC_LIST_ITEM", md)
        self.assertNotIn("DOCSTRING_NOT_SHOWN", self.html)
        self.assertNotIn("CALL_RESULT_NOT_SHOWN", self.html)
        self.assertNotIn("FUNC_DOCSTRING_NOT_SHOWN", self.html)

    def test_magic_inside_function_body(self):
        # Streamlit rewrites bare expressions at every block level, functions included
        # (only the function's docstring is skipped).
        self.assertIn("FUNC_BODY_MAGIC", self.html)


# =============================================================================
# Widgets: values, types, events, key/help/disabled/label_visibility, callbacks
# =============================================================================

API_WIDGET_APP = r'''
import datetime as dt
import streamlit_go as st

def out(k, v):
    st.text(f"{k}={v!r}|{type(v).__name__}")

out("cb_seen_at_top", st.session_state.get("cb_log"))
b = st.button("Click me", key="btn", help="Button help")
out("btn", b)
out("btn_state", st.session_state.get("btn"))
st.link_button("Docs", "https://example.com/docs")
st.link_button("Evil", "javascript:alert(1)")
dl = st.download_button("Get file", "hello,world\n", file_name="data.csv", mime="text/csv")
out("dl", dl)
out("cb", st.checkbox("Check"))
out("tg", st.toggle("Toggle", value=True))
out("r", st.radio("Radio", ["a", "b", "c"], horizontal=True))
out("rn", st.radio("Radio none", ["x", "y"], index=None))

class Opt:
    def __init__(self, n):
        self.n = n
    def __eq__(self, o):
        return isinstance(o, Opt) and o.n == self.n
    def __hash__(self):
        return hash(self.n)
    def __repr__(self):
        return f"Opt({self.n})"

out("sb", st.selectbox("Select obj", [Opt(1), Opt(2), Opt(3)], format_func=lambda o: f"Option #{o.n}"))
out("sbn", st.selectbox("Select none", ["p", "q"], index=None, placeholder="Pick one"))
out("sbt", st.selectbox("Select tuple", [("id1", "Alpha"), ("id2", "Beta")],
                        format_func=lambda t: t[1]))
import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
out("sbe", st.selectbox("Select enum", list(Color)))
out("rde", st.radio("Radio enum", list(Color)))
out("ms", st.multiselect("Multi", ["red", "green", "blue"], default=["green"]))
out("si", st.slider("Int slider", 0, 10, 3, help="Slider help"))
out("sf", st.slider("Float slider", 0.0, 1.0, 0.5))
out("sd", st.slider("Date slider", dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 6, 1)))
out("stm", st.slider("Time slider", value=dt.time(12, 0)))
out("sr", st.slider("Range slider", 0, 100, (20, 80)))
out("ss", st.select_slider("Size", ["S", "M", "L", "XL"], value="M"))
out("ssr", st.select_slider("Size range", ["S", "M", "L", "XL"], value=("S", "L")))
out("ti", st.text_input("Name", placeholder="Your name", max_chars=5))
out("pw", st.text_input("Password", type="password"))
out("ta", st.text_area("Essay", "line1"))
out("ni", st.number_input("Int num", min_value=0, max_value=10, value=5))
out("nf", st.number_input("Float num", min_value=0.0, max_value=1.0, value=0.5))
out("nd", st.number_input("Default num"))
out("di", st.date_input("Date", dt.date(2024, 3, 15)))
out("dr", st.date_input("Date range", (dt.date(2024, 1, 1), dt.date(2024, 1, 31))))
out("tin", st.time_input("Time", dt.time(8, 30)))
out("cp", st.color_picker("Color", "#00f900"))
fu = st.file_uploader("Upload CSV", type=["csv"])
if fu is not None:
    data = fu.getvalue()
    first = fu.read(3)
    out("fu", (fu.name, fu.type, fu.size, data, first))
else:
    out("fu", None)
fm = st.file_uploader("Upload many", accept_multiple_files=True)
out("fm", [(f.name, f.size, f.getvalue()) for f in fm] if isinstance(fm, list) else fm)
fs = st.file_uploader("Upload tiny", max_upload_size=0.0001)
out("fs", None if fs is None else fs.size)
out("ci", st.chat_input("Say something"))
out("dis", st.button("Disabled", disabled=True))
out("dis_cb", st.checkbox("Disabled check", disabled=True))
out("lh", st.text_input("Hidden label", label_visibility="hidden"))
out("lc", st.text_input("Collapsed label", label_visibility="collapsed"))

def on_slide(tag, *, mult):
    st.session_state.cb_log = (tag, mult, st.session_state.cbs)
    st.session_state.cb_target = "set-by-callback"

def on_click(tag):
    st.session_state.click_log = (tag, st.session_state.get("cbtn"))

out("cbs", st.slider("Callback slider", 0, 10, 1, key="cbs", on_change=on_slide, args=("A",),
                     kwargs={"mult": 2}))
out("cb_target", st.text_input("Callback target", key="cb_target"))
out("cbtn", st.button("Callback button", key="cbtn", on_click=on_click, args=("B",)))
out("click_log", st.session_state.get("click_log"))
''' + _API_RUN_MARKER


class ApiWidgetTests(ServerCase):
    APP = API_WIDGET_APP

    def setUp(self):
        self.p = api_connect(self)

    def test_button_true_only_in_the_rerun_its_click_caused(self):
        p = self.p
        self.assertEqual(p.val("btn"), ("False", "bool"))
        cid = p.find("button", "Click me")
        self.assertEqual(cid, "key-btn")                      # key= names the component
        p.act(cid, True, "click")
        self.assertEqual(p.val("btn"), ("True", "bool"))
        self.assertEqual(p.val("btn_state"), ("True", "bool"))
        p.act(p.find("checkbox", "Check"), True)              # any other rerun
        self.assertEqual(p.val("btn"), ("False", "bool"))

    def test_help_tooltips(self):
        btn = api_element(self.p.html, "key-btn")
        self.assertIn('title="Button help"', btn)
        sl = api_element(self.p.html, self.p.find("slider", "Int slider"))
        self.assertRegex(sl, r'class="sg-help"[^>]*title="Slider help"')

    def test_link_button(self):
        h = self.p.html
        docs = api_element(h, api_find(h, "link_button", "Docs"))
        self.assertIn('href="https://example.com/docs"', docs)
        self.assertIn('target="_blank"', docs)
        self.assertIn("noopener", docs)
        evil = api_element(h, api_find(h, "link_button", "Evil"))
        self.assertNotIn("javascript:", evil.lower())

    def test_download_button_served_as_attachment(self):
        p = self.p
        cid = p.find("download_button", "Get file")
        el = api_element(p.html, cid)
        href = re.search(r'href="([^"]+)"', el).group(1)
        self.assertTrue(href.startswith("/media/"), href)
        self.assertIn('download="data.csv"', el)
        status, headers, body = get(self.port, _html.unescape(href))
        self.assertEqual(status, 200)
        self.assertEqual(body, b"hello,world\n")
        self.assertTrue(headers["content-type"].startswith("text/csv"), headers)
        self.assertIn("attachment", headers.get("content-disposition", ""))
        self.assertIn("data.csv", headers.get("content-disposition", ""))
        p.act(cid, True, "click")
        self.assertEqual(p.val("dl"), ("True", "bool"))
        p.act(p.find("checkbox", "Check"), True)
        self.assertEqual(p.val("dl"), ("False", "bool"))

    def test_checkbox_and_toggle(self):
        p = self.p
        self.assertEqual(p.val("cb"), ("False", "bool"))
        self.assertEqual(p.val("tg"), ("True", "bool"))
        tg = p.find("toggle", "Toggle")
        self.assertIn('role="switch"', api_element(p.html, tg))
        self.assertIn(" checked", api_element(p.html, tg))
        p.act(p.find("checkbox", "Check"), True)
        self.assertEqual(p.val("cb"), ("True", "bool"))
        p.act(tg, False)
        self.assertEqual(p.val("tg"), ("False", "bool"))
        self.assertNotIn(" checked", api_element(p.html, tg))
        err = p.refused(tg, "yes")
        self.assertEqual(err["code"], "INVALID_MESSAGE")

    def test_radio(self):
        p = self.p
        r = p.find("radio", "Radio")
        self.assertIn("sg-horizontal", api_element(p.html, r))
        self.assertIn('role="radiogroup"', api_element(p.html, r))
        self.assertEqual(p.val("r"), ("'a'", "str"))
        self.assertEqual(p.val("rn"), ("None", "NoneType"))
        self.assertNotIn(" checked", api_element(p.html, p.find("radio", "Radio none")))
        p.act(r, 2)
        self.assertEqual(p.val("r"), ("'c'", "str"))
        p.act(p.find("radio", "Radio none"), 1)
        self.assertEqual(p.val("rn"), ("'y'", "str"))
        self.assertEqual(p.refused(r, 7)["code"], "INVALID_MESSAGE")

    def test_selectbox_returns_option_objects(self):
        p = self.p
        sb = p.find("selectbox", "Select tuple")
        el = api_element(p.html, sb)
        self.assertIn(">Beta<", el)                          # format_func labels shown
        self.assertNotIn("id2", el)
        self.assertEqual(p.val("sbt"), ("('id1', 'Alpha')", "tuple"))
        self.assertEqual(p.val("sbn"), ("None", "NoneType"))
        self.assertIn("Pick one", api_element(p.html, p.find("selectbox", "Select none")))
        p.act(sb, 1)
        self.assertEqual(p.val("sbt"), ("('id2', 'Beta')", "tuple"))   # the option, not "Beta"
        p.act(p.find("selectbox", "Select none"), 1)
        self.assertEqual(p.val("sbn"), ("'q'", "str"))
        self.assertEqual(p.refused(sb, 5)["code"], "INVALID_MESSAGE")

    def test_options_of_a_class_defined_in_the_script_survive_reruns(self):
        # Every rerun defines the script's classes anew. Streamlit keeps the choice by
        # its formatted label (1.67; the index before) and returns the option object of
        # the *current* run, so a choice must not snap back to the default.
        p = self.p
        self.assertIn(">Option #2<", api_element(p.html, p.find("selectbox", "Select obj")))
        self.assertEqual(p.val("sb"), ("Opt(1)", "Opt"))
        p.act(p.find("selectbox", "Select obj"), 2)
        self.assertEqual(p.val("sb"), ("Opt(3)", "Opt"))

    def test_enum_options_defined_in_the_script_survive_reruns(self):
        # Streamlit coerces Enum options across reruns (the enum class is redefined by
        # every rerun of the script that declares it).
        p = self.p
        self.assertEqual(p.val("sbe"), ("<Color.RED: 1>", "Color"))
        p.act(p.find("selectbox", "Select enum"), 1)
        self.assertEqual(p.val("sbe"), ("<Color.GREEN: 2>", "Color"))
        p.act(p.find("radio", "Radio enum"), 1)
        self.assertEqual(p.val("rde"), ("<Color.GREEN: 2>", "Color"))
        p.act(p.find("checkbox", "Check"), True)             # an unrelated rerun
        self.assertEqual(p.val("sbe"), ("<Color.GREEN: 2>", "Color"))

    def test_multiselect_returns_a_list(self):
        p = self.p
        ms = p.find("multiselect", "Multi")
        self.assertEqual(p.val("ms"), ("['green']", "list"))
        p.act(ms, [2, 0])
        self.assertEqual(p.val("ms"), ("['blue', 'red']", "list"))   # selection order
        p.act(ms, [])
        self.assertEqual(p.val("ms"), ("[]", "list"))

    def test_slider_types(self):
        p = self.p
        self.assertEqual(p.val("si"), ("3", "int"))
        self.assertEqual(p.val("sf"), ("0.5", "float"))
        self.assertEqual(p.val("sd"), ("datetime.date(2024, 6, 1)", "date"))
        self.assertEqual(p.val("stm"), ("datetime.time(12, 0)", "time"))
        self.assertEqual(p.val("sr"), ("(20, 80)", "tuple"))
        p.act(p.find("slider", "Int slider"), 7)
        self.assertEqual(p.val("si"), ("7", "int"))
        p.act(p.find("slider", "Float slider"), 0.25)
        self.assertEqual(p.val("sf"), ("0.25", "float"))
        import datetime as dt
        p.act(p.find("slider", "Date slider"), dt.date(2024, 7, 4).toordinal())
        self.assertEqual(p.val("sd"), ("datetime.date(2024, 7, 4)", "date"))
        p.act(p.find("slider", "Time slider"), 13 * 3600 + 30 * 60)
        self.assertEqual(p.val("stm"), ("datetime.time(13, 30)", "time"))
        p.act(p.find("slider", "Range slider"), [90, 10])
        self.assertEqual(p.val("sr"), ("(10, 90)", "tuple"))
        self.assertEqual(p.refused(p.find("slider", "Range slider"), 5)["code"],
                         "INVALID_MESSAGE")

    def test_select_slider_single_and_range(self):
        p = self.p
        self.assertEqual(p.val("ss"), ("'M'", "str"))
        self.assertEqual(p.val("ssr"), ("('S', 'L')", "tuple"))
        p.act(p.find("select_slider", "Size"), 3)
        self.assertEqual(p.val("ss"), ("'XL'", "str"))
        p.act(p.find("select_slider", "Size range"), [0, 3])
        self.assertEqual(p.val("ssr"), ("('S', 'XL')", "tuple"))

    def test_text_input_and_area(self):
        p = self.p
        ti = p.find("text_input", "Name")
        el = api_element(p.html, ti)
        self.assertIn('placeholder="Your name"', el)
        self.assertIn('maxlength="5"', el)
        self.assertEqual(p.val("ti"), ("''", "str"))
        self.assertIn('type="password"', api_element(p.html, p.find("text_input", "Password")))
        p.act(ti, "abcdefgh")
        self.assertEqual(p.val("ti"), ("'abcde'", "str"))        # truncated to max_chars
        p.act(p.find("text_input", "Password"), "s3cret")
        self.assertEqual(p.val("pw"), ("'s3cret'", "str"))
        self.assertEqual(p.val("ta"), ("'line1'", "str"))
        p.act(p.find("text_area", "Essay"), "a\nb")
        self.assertEqual(p.val("ta"), ("'a\\nb'", "str"))
        self.assertIn(">a\nb</textarea>", api_element(p.html, p.find("text_area", "Essay")))

    def test_number_input_types_and_clamping(self):
        p = self.p
        self.assertEqual(p.val("ni"), ("5", "int"))
        self.assertEqual(p.val("nf"), ("0.5", "float"))
        ni = p.find("number_input", "Int num")
        p.act(ni, 20)
        self.assertEqual(p.val("ni"), ("10", "int"))
        p.act(ni, -3)
        self.assertEqual(p.val("ni"), ("0", "int"))
        p.act(p.find("number_input", "Float num"), 2.5)
        self.assertEqual(p.val("nf"), ("1.0", "float"))

    def test_number_input_without_arguments_is_float(self):
        # Streamlit: value="min" with every numeric argument None gives 0.0 (a float)
        self.assertEqual(self.p.val("nd"), ("0.0", "float"))

    def test_date_and_time_inputs(self):
        p = self.p
        self.assertEqual(p.val("di"), ("datetime.date(2024, 3, 15)", "date"))
        self.assertEqual(p.val("dr"), ("(datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))",
                                       "tuple"))
        self.assertEqual(p.val("tin"), ("datetime.time(8, 30)", "time"))
        self.assertIn('value="2024-03-15"', api_element(p.html, p.find("date_input", "Date")))
        p.act(p.find("date_input", "Date"), "2024-05-06")
        self.assertEqual(p.val("di"), ("datetime.date(2024, 5, 6)", "date"))
        p.act(p.find("date_input", "Date range"), ["2024-02-01", "2024-02-10"])
        self.assertEqual(p.val("dr"), ("(datetime.date(2024, 2, 1), datetime.date(2024, 2, 10))",
                                       "tuple"))
        p.act(p.find("time_input", "Time"), "09:45")
        self.assertEqual(p.val("tin"), ("datetime.time(9, 45)", "time"))

    def test_color_picker(self):
        p = self.p
        cp = p.find("color_picker", "Color")
        self.assertEqual(p.val("cp"), ("'#00f900'", "str"))
        p.act(cp, "#ff0000")
        self.assertEqual(p.val("cp"), ("'#ff0000'", "str"))
        self.assertEqual(p.refused(cp, "red")["code"], "INVALID_MESSAGE")

    def test_file_uploader(self):
        p = self.p
        sid = p.ws.session_id
        self.assertEqual(p.val("fu"), ("None", "NoneType"))
        self.assertEqual(p.val("fm"), ("[]", "list"))
        fu = p.find("file_uploader", "Upload CSV")
        self.assertIn('accept=".csv"', api_element(p.html, fu))
        status, headers, body = api_post_upload(self.port, sid, "data.csv", b"a,b\n1,2\n",
                                                "text/csv")
        self.assertEqual(status, 200, body)
        meta = json.loads(body)
        self.assertEqual((meta["name"], meta["size"]), ("data.csv", 8))
        self.assertIsInstance(meta["id"], str)
        p.act(fu, {"id": meta["id"]})
        self.assertEqual(p.val("fu"), ("('data.csv', 'text/csv', 8, b'a,b\\n1,2\\n', b'a,b')",
                                       "tuple"))
        self.assertIn("data.csv", api_element(p.html, fu))
        # type= refuses a wrong extension
        _s, _h, body = api_post_upload(self.port, sid, "notes.txt", b"hello", "text/plain")
        self.assertEqual(p.refused(fu, {"id": json.loads(body)["id"]})["code"],
                         "INVALID_MESSAGE")
        # several files
        ids = [json.loads(api_post_upload(self.port, sid, n, d)[2])["id"]
               for n, d in (("one.bin", b"1"), ("two.bin", b"22"))]
        p.act(p.find("file_uploader", "Upload many"), [{"id": i} for i in ids])
        self.assertEqual(p.val("fm"), ("[('one.bin', 1, b'1'), ('two.bin', 2, b'22')]", "list"))
        # an unknown id and another session's upload are refused
        self.assertEqual(p.refused(fu, {"id": "0" * 32})["code"], "INVALID_MESSAGE")
        # a body over max_upload_size (MB) is refused
        _s, _h, body = api_post_upload(self.port, sid, "big.bin", b"x" * 200)
        self.assertEqual(p.refused(p.find("file_uploader", "Upload tiny"),
                                   {"id": json.loads(body)["id"]})["code"], "INVALID_MESSAGE")
        # upload without a live session is refused
        self.assertEqual(api_post_upload(self.port, "nope", "a.csv", b"x")[0], 403)

    def test_max_upload_command_line_option(self):
        with AppServer("import streamlit_go as st\nst.file_uploader('f')\n", "--quiet",
                       "--max-upload-size", "0.001") as server:      # 1048 bytes
            _, headers, _ = get(server.port, "/")
            sid = headers["set-cookie"].split(";")[0].split("=", 1)[1]
            for size, status in ((500, 200), (2000, 413)):
                raw = (f"POST /upload?sessionId={sid} HTTP/1.1\r\nHost: a\r\n"
                       f"X-File-Name: a.txt\r\nContent-Length: {size}\r\n"
                       f"Connection: close\r\n\r\n").encode() + b"x" * size
                self.assertEqual(parse_response(http(server.port, raw))[0], status, size)

    def test_chat_input_returns_text_once(self):
        p = self.p
        ci = api_ids(p.html, "chat_input")[0]
        self.assertEqual(p.val("ci"), ("None", "NoneType"))
        self.assertIn('placeholder="Say something"', api_element(p.html, ci))
        p.act(ci, "hello there", "submit")
        self.assertEqual(p.val("ci"), ("'hello there'", "str"))
        p.act(p.find("checkbox", "Check"), True)
        self.assertEqual(p.val("ci"), ("None", "NoneType"))

    def test_disabled_widgets_refuse_events(self):
        p = self.p
        b = p.find("button", "Disabled")
        self.assertIn(" disabled", api_element(p.html, b))
        self.assertEqual(p.refused(b, True, "click")["code"], "INVALID_MESSAGE")
        c = p.find("checkbox", "Disabled check")
        self.assertEqual(p.refused(c, True)["code"], "INVALID_MESSAGE")
        self.assertEqual(p.val("dis"), ("False", "bool"))
        self.assertEqual(p.val("dis_cb"), ("False", "bool"))

    def test_label_visibility_keeps_an_accessible_label(self):
        p = self.p
        for label, cls in (("Hidden label", "sg-hidden"), ("Collapsed label", "sg-vh")):
            cid = p.find("text_input", label)
            el = api_element(p.html, cid)
            m = re.search(r'<label class="([^"]*)" for="([^"]+)"[^>]*>%s<' % label, el)
            self.assertIsNotNone(m, el)
            self.assertIn(cls, m.group(1))
            self.assertIn(f'id="{m.group(2)}"', el)         # the label names the input
            p.act(cid, "typed")
            self.assertEqual(p.val("lh" if cls == "sg-hidden" else "lc"), ("'typed'", "str"))

    def test_callbacks_run_before_the_script_with_state_updated(self):
        p = self.p
        self.assertEqual(p.val("cb_seen_at_top"), ("None", "NoneType"))
        p.act(p.find("slider", "Callback slider"), 6)
        # the callback saw the new value in session_state and ran before the script's top
        self.assertEqual(p.val("cb_seen_at_top"), ("('A', 2, 6)", "tuple"))
        self.assertEqual(p.val("cbs"), ("6", "int"))
        # callbacks may set another widget's key before that widget is drawn
        self.assertEqual(p.val("cb_target"), ("'set-by-callback'", "str"))
        self.assertIn('value="set-by-callback"',
                      api_element(p.html, p.find("text_input", "Callback target")))
        p.act("key-cbtn", True, "click")
        self.assertEqual(p.val("click_log"), ("('B', True)", "tuple"))
        self.assertEqual(p.val("cbtn"), ("True", "bool"))
        # no change, no callback: the same value again does not run on_change
        p.ws.event(p.find("slider", "Callback slider"), 6)
        p.quiet(0.3)
        self.assertEqual(p.val("cb_seen_at_top"), ("('A', 2, 6)", "tuple"))


# =============================================================================
# Layout
# =============================================================================

API_LAYOUT_APP = r'''
import streamlit_go as st

st.set_page_config(page_title="Layout Title", layout="wide")
st.text(f"sub_seen_at_top={st.session_state.get('sub_seen')!r}")
c1, c2, c3 = st.columns(3)
with c1:
    st.text("col1_text=1")
c2.text("col2_text=1")
w1, w2 = st.columns([2, 1], gap="large")
w1.text("wide_col=1")
with st.container(border=True):
    st.text("in_border=1")
with st.container():
    st.text("in_plain=1")
st.sidebar.text("side_one=1")
with st.sidebar:
    st.text("side_two=1")
with st.expander("Expander label"):
    st.text("exp_body=1")
with st.expander("Open expander", expanded=True):
    st.text("exp_open=1")
t1, t2, t3 = st.tabs(["Tab A", "Tab B", "Tab C"])
t1.text("tab_a=1")
with t2:
    st.text("tab_b=1")
t3.text("tab_c=1")
ph = st.empty()
ph.text("empty_first=1")
ph.markdown(f"empty final {st.session_state.get('_n', 0) + 1}")
with st.form("f1"):
    fa = st.text_input("Form text")
    fb = st.slider("Form slider", 0, 10, 0)
    fk = st.text_input("Form keyed", key="ftk")
    fsub = st.form_submit_button("Send", on_click=lambda tag: st.session_state.update(
        sub_seen=(tag, st.session_state.ftk)), args=("S",))
st.text(f"form={fa!r}|{fb!r}|{fsub!r}")
with st.form("f2", clear_on_submit=True):
    ga = st.text_input("Clear text", "dflt")
    gsub = st.form_submit_button("Send g")
st.text(f"formg={ga!r}|{gsub!r}")
with st.chat_message("user"):
    st.write("user says hi")
st.chat_message("assistant").write("assistant replies")
with st.popover("Pop open"):
    st.text("in_pop=1")

@st.dialog("Dialog title")
def dlg(arg):
    st.session_state.dn = st.session_state.get("dn", 0) + 1
    st.text(f"dialog_runs={st.session_state.dn}|{arg}")
    if st.button("Inside dialog"):
        st.text("dialog_clicked=yes")

if st.button("Open dialog"):
    dlg("argA")
st.button("Nudge")
''' + _API_RUN_MARKER


class ApiLayoutTests(ServerCase):
    APP = API_LAYOUT_APP

    def setUp(self):
        self.p = api_connect(self)

    def container_of(self, marker, kind):
        """The innermost element of `kind` that contains the text `marker`."""
        best = None
        for cid in api_ids(self.p.html, kind):
            el = api_element(self.p.html, cid)
            if marker in el and (best is None or len(el) < len(best)):
                best = el
        self.assertIsNotNone(best, f"{marker!r} is not inside any {kind}")
        return best

    def test_page_config(self):
        self.assertRegex(self.p.html, r'^<div class="sg-app sg-wide" data-title="Layout Title"')

    def test_columns(self):
        h = self.p.html
        rows = api_ids(h, "columns")
        self.assertEqual(len(rows), 2)
        first, second = (api_element(h, r) for r in rows)
        self.assertEqual(len(re.findall(r'data-kind="column"', first)), 3)
        self.assertIn("col1_text=1", first)
        self.assertIn("col2_text=1", first)
        self.assertIn("sg-gap-large", second)
        self.assertEqual(re.findall(r'style="flex:([\d.]+) 1 0"', second), ["2", "1"])
        col = self.container_of("col2_text=1", "column")
        self.assertNotIn("col1_text", col)

    def test_container_border(self):
        self.assertIn("sg-border", self.container_of("in_border=1", "container"))
        self.assertNotIn("sg-border", self.container_of("in_plain=1", "container").split(">")[0])

    def test_sidebar(self):
        aside = re.search(r'<aside class="sg-sidebar".*?</aside>', self.p.html, re.S).group(0)
        self.assertIn("side_one=1", aside)
        self.assertIn("side_two=1", aside)
        main = re.search(r'<main .*</main>', self.p.html, re.S).group(0)
        self.assertNotIn("side_one", main)

    def test_expander(self):
        el = self.container_of("exp_body=1", "expander")
        self.assertTrue(el.startswith("<details"))
        self.assertIn("<summary>Expander label</summary>", el)
        self.assertNotIn(" open", el.split(">")[0])
        self.assertIn(" open", self.container_of("exp_open=1", "expander").split(">")[0])

    def test_tabs(self):
        el = self.container_of("tab_a=1", "tabs")
        self.assertIn('role="tablist"', el)
        tabs = re.findall(r'role="tab"[^>]*>([^<]*)<', el)
        self.assertEqual(tabs, ["Tab A", "Tab B", "Tab C"])
        self.assertEqual(len(re.findall(r'role="tabpanel"', el)), 3)
        for m in ("tab_a=1", "tab_b=1", "tab_c=1"):   # every tab's content is rendered
            self.assertIn(m, el)
        self.assertIn('aria-selected="true"', el)
        # each tab controls an existing panel
        for ctl in re.findall(r'aria-controls="([^"]+)"', el):
            self.assertIn(f'id="{ctl}"', el)

    def test_empty_is_overwritten_in_place(self):
        p = self.p
        eid = [e for e in api_ids(p.html, "empty") if "empty final" in api_element(p.html, e)]
        self.assertEqual(len(eid), 1)
        eid = eid[0]
        el = api_element(p.html, eid)
        self.assertNotIn("empty_first", el)                  # replaced, not appended
        self.assertEqual(len(re.findall(r'data-kind="', el)), 2)   # the slot + one element
        msgs = p.act(p.find("button", "Nudge"), True, "click")
        self.assertNotIn("ui_update", [m["type"] for m in msgs])
        ids = [m["data"]["componentId"] for m in msgs if m["type"] == "partial_update"]
        self.assertTrue(any(i == eid or i.startswith(eid + "-") for i in ids), ids)
        self.assertIn(f"empty final {p.run()}", api_element(p.html, eid))

    def test_form_batches_values_until_submit(self):
        p = self.p
        self.assertEqual(p.out("form"), "''|0|False")
        ft, fs = p.find("text_input", "Form text"), p.find("slider", "Form slider")
        self.assertIn('data-form="f1"', api_element(p.html, ft))
        p.ws.event(ft, "typed early")
        self.assertEqual(p.quiet(0.4), [], "a form widget's change must not rerun")
        n = p.run()
        sub = p.find("form_submit_button", "Send")
        p.act(sub, {fs: 7, "key-ftk": "kv"}, "submit")
        self.assertEqual(p.run(), n + 1)
        self.assertEqual(p.out("form"), "'typed early'|7|True")
        # the submit button's on_click ran before the script, with the form's values applied
        self.assertEqual(p.out("sub_seen_at_top"), "('S', 'kv')")
        p.quiet(0.3)
        self.assertEqual(p.run(), n + 1, "one submit must give one rerun")
        p.act(p.find("button", "Nudge"), True, "click")
        self.assertEqual(p.out("form"), "'typed early'|7|False")

    def test_form_clear_on_submit(self):
        p = self.p
        gt = p.find("text_input", "Clear text")
        p.act(p.find("form_submit_button", "Send g"), {gt: "typed"}, "submit")
        self.assertEqual(p.out("formg"), "'typed'|True")      # the submit run sees the values
        self.assertIn('value="dflt"', api_element(p.html, gt))  # the form shows defaults again
        p.act(p.find("button", "Nudge"), True, "click")
        self.assertEqual(p.out("formg"), "'dflt'|False")

    def test_chat_message_and_popover(self):
        user = self.container_of("user says hi", "chat_message")
        self.assertIn("sg-chat-user", user)
        self.assertIn('aria-label="user message"', user)
        self.assertIn("sg-chat-assistant", self.container_of("assistant replies", "chat_message"))
        pop = self.container_of("in_pop=1", "popover")
        self.assertRegex(pop, r"<summary[^>]*>Pop open</summary>")

    def test_dialog_reruns_only_its_fragment(self):
        p = self.p
        self.assertNotIn('role="dialog"', p.html)
        p.act(p.find("button", "Open dialog"), True, "click")
        self.assertIn('role="dialog"', p.html)
        dlg = api_ids(p.html, "dialog")[0]
        el = api_element(p.html, dlg)
        self.assertIn("Dialog title", el)
        self.assertIn("dialog_runs=", el)
        self.assertIn("|argA", el)
        runs_before = int(p.out("dialog_runs").split("|")[0])
        n = p.run()
        inside = p.find("button", "Inside dialog")
        p.ws.event(inside, True, "click")
        msgs = p.pump(lambda: p.out("dialog_clicked") == "yes", 5.0, "the dialog's rerun")
        msgs += p.quiet(0.3)
        self.assertTrue(msgs)
        for m in msgs:
            self.assertEqual(m["type"], "partial_update", m)
            cid = m["data"]["componentId"]
            self.assertTrue(cid == dlg or cid.startswith(dlg + "-"), cid)
        self.assertEqual(p.run(), n, "the rest of the script must not rerun")
        self.assertIn('role="dialog"', p.html)
        self.assertEqual(p.out("dialog_runs"), f"{runs_before + 1}|argA")


# =============================================================================
# Data and charts, media
# =============================================================================

API_DATA_APP = r'''
import streamlit_go as st

st.table([{"name": "alice", "age": 30}, {"name": "bob", "age": 25}])
st.dataframe([{"k": "r1", "v": 1}, {"k": "r2", "v": 2}])
st.dataframe({"colx": [10, 20], "coly": ["p", "q"]})
st.dataframe([[1, "one"], [2, "two"]])
try:
    import pandas as pd
except ImportError:
    pd = None
if pd is not None:
    st.dataframe(pd.DataFrame({"pdcol": [7, 8]}))
st.json({"jkey": [1, 2, {"nested": True}]})
st.json('{"from_str": 1}')
st.metric("Up metric", 100, 5)
st.metric("Down metric", 100, -5)
st.metric("Inverse metric", 100, 5, delta_color="inverse")
st.metric("Off metric", 100, 5, delta_color="off")
st.metric("Str metric", "70 F", "-1.2 F")
st.metric("Zero metric", 1, 0)
data = {"s1": [1, 3, 2], "s2": [2, 1, 3]}
st.line_chart(data)
st.bar_chart(data)
st.area_chart(data)
st.scatter_chart(data)
SMALL = b"\x89PNG\r\n\x1a\n" + bytes(60)
BIG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100
st.image(SMALL, caption="Small caption", width=120)
st.image(BIG, caption="Big caption")
st.image("https://example.com/pic.png")
st.audio(b"RIFF" + bytes(40) + b"WAVE", format="audio/wav")
st.video("https://example.com/clip.mp4", start_time=5)
''' + _API_RUN_MARKER


class ApiDataTests(ServerCase):
    APP = API_DATA_APP

    def setUp(self):
        self.p = api_connect(self)
        self.h = self.p.html

    def el(self, kind, nth=0):
        return api_element(self.h, api_ids(self.h, kind)[nth])

    @staticmethod
    def cells(table_html):
        return [api_text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table_html)]

    def test_table(self):
        t = self.el("table")
        self.assertIn("<table", t)
        self.assertEqual(re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', t), ["name", "age"])
        self.assertIn("alice", self.cells(t))
        self.assertIn("25", self.cells(t))

    def test_table_of_plain_data_follows_its_values(self):
        """Tables (and JSON) of equal plain data are drawn once and reused: a changed
        value, or the same value of another type, still shows as it is."""
        with AppServer("""
            import streamlit_go as st
            if "n" not in st.session_state:
                st.session_state.n = 0
            if st.button("More"):
                st.session_state.n += 1
            st.table({"n": [st.session_state.n], "fixed": ["same"]})
            st.table({"v": [1]}); st.table({"v": ["1"]}); st.table({"v": [True]})
            st.table({"v": [{"x": st.session_state.n}]})
            st.json({"count": st.session_state.n, "pair": (1, 2.0), "no": None})
        """, "--quiet") as server:
            ws = WSClient(server.port)
            try:
                html = first_page(ws)
                tables = lambda h: [self.cells(api_element(h, i))  # noqa: E731
                                    for i in api_ids(h, "table")]
                self.assertEqual(tables(html)[0][-2:], ["0", "same"])
                one, text, true = (api_element(html, i) for i in api_ids(html, "table")[1:4])
                self.assertIn('<td class="sg-num">1</td>', one)        # a number
                self.assertIn("<td>1</td>", text)                      # text
                self.assertIn('checked="checked"', true)               # a boolean
                for n in (1, 2):
                    ws.event(widget_id(html, "button"), True, "click")
                    got = "".join(m["data"].get("html", "") for m in ws.recv_until(
                        lambda m: f"&quot;count&quot;: {n}," in m["data"].get("html", "")))
                    self.assertIn(f"&#x27;x&#x27;: {n}}}", got)
                    self.assertIn(f'<td class="sg-num">{n}</td><td>same</td>', got)
                self.assertIn("&quot;pair&quot;: [\n    1,\n    2.0\n  ]", got)
            finally:
                ws.close()

    def test_dataframe_inputs(self):
        dfs = [self.el("dataframe", i) for i in range(len(api_ids(self.h, "dataframe")))]
        self.assertEqual(re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', dfs[0]), ["k", "v"])
        self.assertIn("r2", self.cells(dfs[0]))
        self.assertEqual(re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', dfs[1]), ["colx", "coly"])
        self.assertTrue({"10", "20", "p", "q"} <= set(self.cells(dfs[1])))
        self.assertTrue({"one", "two"} <= set(self.cells(dfs[2])))
        self.assertEqual(len(re.findall(r"<tbody>.*?</tbody>", dfs[2])), 1)
        self.assertEqual(dfs[2].count("<tr"), 3)            # header + 2 rows

    def test_dataframe_pandas(self):
        need_module(self, "pandas")
        self.assertIn("pdcol", self.h)

    def test_json(self):
        self.assertEqual(json.loads(api_text(self.el("json", 0))),
                         {"jkey": [1, 2, {"nested": True}]})
        self.assertEqual(json.loads(api_text(self.el("json", 1))), {"from_str": 1})

    def metric(self, label):
        return api_element(self.h, api_find(self.h, "metric", label))

    def test_metric_delta_arrow_and_colour(self):
        up = self.metric("Up metric")
        self.assertIn('class="sg-metric-value">100<', up)
        self.assertRegex(up, r'class="sg-delta sg-c-green">\u2191 5<')
        self.assertRegex(self.metric("Down metric"), r'class="sg-delta sg-c-red">\u2193 -5<')
        self.assertRegex(self.metric("Inverse metric"), r'class="sg-delta sg-c-red">\u2191 5<')
        self.assertRegex(self.metric("Off metric"), r'class="sg-delta sg-c-gray">')
        self.assertRegex(self.metric("Str metric"), r'class="sg-delta sg-c-red">\u2193 -1.2 F<')
        zero = self.metric("Zero metric")                 # zero: no arrow, gray
        self.assertRegex(zero, r'class="sg-delta sg-c-gray">0<')

    def test_charts_are_svg_images(self):
        charts = api_ids(self.h, "chart")
        self.assertEqual(len(charts), 4)
        for cid, mark in zip(charts, ("line", "bar", "area", "scatter")):
            el = api_element(self.h, cid)
            self.assertRegex(el, r'<svg [^>]*role="img"[^>]*aria-label="%s chart' % mark)
            self.assertIn("s1", el)                            # legend names the series
            self.assertIn("s2", el)
        self.assertEqual(len(re.findall(r'<path d="M[^"]*" fill="none"',
                                        api_element(self.h, charts[0]))), 2)   # two lines
        self.assertGreaterEqual(api_element(self.h, charts[1]).count("<rect"), 2)
        self.assertRegex(api_element(self.h, charts[2]), r'<path d="M[^"]*Z"')  # closed areas
        self.assertIn("<circle", api_element(self.h, charts[3]))

    def test_images(self):
        small, big, url = (self.el("image", i) for i in range(3))
        self.assertRegex(small, r'<img src="data:image/png;base64,[^"]+" alt="Small caption" '
                                r'width="120">')
        self.assertIn("<figcaption>Small caption</figcaption>", small)
        src = re.search(r'<img src="([^"]+)"', big).group(1)
        self.assertTrue(src.startswith("/media/"), src)
        status, headers, body = get(self.port, src)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "image/png")
        self.assertEqual(body, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100)
        self.assertIn("<figcaption>Big caption</figcaption>", big)
        self.assertIn('src="https://example.com/pic.png"', url)
        self.assertEqual(get(self.port, "/media/" + "0" * 32)[0], 404)

    def test_audio_and_video(self):
        audio = self.el("audio")
        self.assertRegex(audio, r'<audio controls [^>]*src="data:audio/wav;base64,')
        video = self.el("video")
        self.assertIn('<video controls preload="metadata" src="https://example.com/clip.mp4#t=5"',
                      video)


# =============================================================================
# Status elements
# =============================================================================

API_STATUS_APP = r'''
import time
import streamlit_go as st

st.success("Success msg")
st.info("Info msg")
st.warning("Warn msg")
st.error("Error msg", icon="\U0001F6A8")
try:
    1 / 0
except ZeroDivisionError as e:
    st.exception(e)
p = st.progress(0, text="Loading")
p.progress(50, text="Half way")
q = st.progress(0.25)
with st.spinner("Spinning now"):
    time.sleep(0.35)
st.text("after_spinner=1")
st.toast("Toast body", icon="\U0001F35E")
with st.status("Working status") as s:
    st.text("status_step=1")
try:
    with st.status("Failing status"):
        raise RuntimeError("boom")
except RuntimeError:
    pass
u = st.status("Updated status")
u.update(label="Updated label", state="complete")
''' + _API_RUN_MARKER


class ApiStatusTests(ServerCase):
    APP = API_STATUS_APP

    def setUp(self):
        ws = WSClient(self.port)
        self.addCleanup(ws.close)
        self.p = LivePage(ws)
        self.p.load()
        self.h = self.p.html

    def test_alerts(self):
        for kind, text, role in (("success", "Success msg", "status"),
                                 ("info", "Info msg", "status"),
                                 ("warning", "Warn msg", "status"),
                                 ("error", "Error msg", "alert")):
            el = api_element(self.h, api_ids(self.h, kind)[0])
            self.assertIn(text, el)
            self.assertIn(f'role="{role}"', el)
        self.assertIn("\U0001F6A8", api_element(self.h, api_ids(self.h, "error")[0]))

    def test_exception(self):
        el = api_element(self.h, api_ids(self.h, "exception")[0])
        self.assertIn("ZeroDivisionError: division by zero", el)
        self.assertIn("Traceback", el)

    def test_progress_updates_in_place(self):
        bars = api_ids(self.h, "progress")
        self.assertEqual(len(bars), 2, "p.progress(50) must update p, not add a bar")
        first = api_element(self.h, bars[0])
        self.assertIn('aria-valuenow="50"', first)
        self.assertIn("Half way", first)
        self.assertNotIn("Loading", first)
        self.assertIn('aria-valuenow="25"', api_element(self.h, bars[1]))

    def test_spinner_shown_during_block_and_gone_after(self):
        during = [m["data"]["html"] for m in self.p.log
                  if m["type"] in ("ui_update", "partial_update")]
        self.assertTrue(any("Spinning now" in h for h in during),
                        "the spinner must be visible while its block runs")
        self.assertNotIn("Spinning now", self.h)
        self.assertEqual(api_ids(self.h, "spinner"), [])
        self.assertEqual(self.p.out("after_spinner"), "1")

    def test_toast(self):
        el = api_element(self.h, api_ids(self.h, "toast")[0])
        self.assertIn("Toast body", el)
        self.assertIn("\U0001F35E", el)

    def test_status_states(self):
        sts = [api_element(self.h, i) for i in api_ids(self.h, "status")]
        self.assertEqual(len(sts), 3)
        self.assertIn('data-state="complete"', sts[0])       # `with` block ended normally
        self.assertIn("status_step=1", sts[0])
        self.assertIn('data-state="error"', sts[1])          # the block raised
        self.assertIn('data-state="complete"', sts[2])
        self.assertIn("Updated label", sts[2])


# =============================================================================
# Session state, control flow, query params, caches, fragments, errors
# =============================================================================

API_STATE_APP = r'''
import sys
import time
import streamlit_go as st

ss = st.session_state
mode = st.query_params.get("mode", "")
if mode == "ss":
    ss["a"] = 1
    ss.b = 2
    st.text(f"ss_ab={ss.a}|{ss['b']}|{'a' in ss}|{ss.get('zz', 'dflt')}")
    if "pre" not in ss:
        ss.pre = 42
    v = st.slider("Pre slider", 0, 100, 5, key="pre")
    st.text(f"pre={v!r}|{ss.pre!r}")
    ss.tmp = "x"
    ss.tmp2 = "y"
    del ss.tmp
    del ss["tmp2"]
    st.text(f"deleted={'tmp' in ss}|{'tmp2' in ss}")
    try:
        ss.missing_attr
    except AttributeError:
        st.text("attr_err=ok")
    try:
        ss["missing_key"]
    except KeyError:
        st.text("key_err=ok")
    if st.button("Set after", key="setafter"):
        ss.pre = 1
elif mode == "rerun":
    ss.rr = ss.get("rr", 0)
    if st.button("Do rerun"):
        ss.rr += 1
        st.rerun()
    st.text(f"rr={ss.rr}")
elif mode == "stop":
    st.text("before_stop=yes")
    st.text("run=1")
    st.stop()
    st.text("after_stop=yes")
elif mode == "qp":
    qp = st.query_params
    st.text(f"qp={qp['a']!r}|{qp.get_all('m')!r}|{qp.get('zz')!r}|{qp.a!r}")
    qp["written"] = "w1"
elif mode == "cache":
    @st.cache_data
    def cd(x):
        sys._cd_calls = getattr(sys, "_cd_calls", 0) + 1
        return [x, x * 2]
    if st.button("Clear cd"):
        cd.clear()
    r = cd(3)
    r.append("mutated")                   # cache_data returns copies
    st.text(f"cd={cd(3)!r}|{sys._cd_calls}")
    @st.cache_data(ttl=1.0)
    def cttl(arg):
        sys._ttl_calls = getattr(sys, "_ttl_calls", 0) + 1
        return arg
    cttl(st.query_params.get("ttlarg", ""))
    st.text(f"ttl_calls={sys._ttl_calls}")
    @st.cache_data(max_entries=1)
    def cmax(x):
        sys._max_calls = getattr(sys, "_max_calls", 0) + 1
        return x
    cmax(st.number_input("Max arg", value=1))
    st.text(f"max_calls={sys._max_calls}")
    @st.cache_resource
    def res():
        sys._res_calls = getattr(sys, "_res_calls", 0) + 1
        return object()
    st.text(f"res={id(res())}|{res() is res()}|{sys._res_calls}")
    st.button("Again")
elif mode == "frag":
    @st.fragment
    def fr(label):
        ss.fr = ss.get("fr", 0) + 1
        st.text(f"frag_runs={ss.fr}|{label}")
        if st.button("Frag button"):
            st.text("frag_clicked=yes")
    st.text("before_frag=1")
    fr("L")
    st.text(f"full_runs={ss.get('_n', 0) + 1}")
elif mode == "tick":
    @st.fragment(run_every=0.3)
    def ticker():
        sys._ticks = getattr(sys, "_ticks", 0) + 1
        st.text(f"ticks={sys._ticks}")
    ticker()
elif mode == "count":
    st.button("Refresh count")
    st.text(f"tick_count={getattr(sys, '_ticks', 0)}")
elif mode == "dup":
    st.text("dup_before=1")
    st.button("Same label")
    st.button("Same label")
elif mode == "btnset":
    st.session_state.bk = True
    st.button("Preset button", key="bk")
elif mode == "dupkey":
    st.text_input("One", key="k")
    st.checkbox("Two", key="k")
''' + _API_RUN_MARKER


class ApiStateTests(ServerCase):
    APP = API_STATE_APP

    def open(self, query):
        return api_connect(self, query)

    def test_session_state_access_and_widget_binding(self):
        p = self.open("mode=ss")
        self.assertEqual(p.out("ss_ab"), "1|2|True|dflt")
        self.assertEqual(p.out("pre"), "42|42")             # set before the widget: its value
        self.assertEqual(p.out("deleted"), "False|False")
        self.assertEqual(p.out("attr_err"), "ok")
        self.assertEqual(p.out("key_err"), "ok")
        p.act(p.find("slider", "Pre slider"), 17)
        self.assertEqual(p.out("pre"), "17|17")             # key bound to the widget value

    def test_setting_a_widget_key_after_the_widget_raises(self):
        p = self.open("mode=ss")
        self.assertIsNotNone(p.run())
        p.ws.event("key-setafter", True, "click")
        p.pump(lambda: bool(p.errors) and bool(api_ids(p.html, "exception")), 5.0,
               "SCRIPT_ERROR and an exception element")
        self.assertEqual(p.errors[-1]["code"], "SCRIPT_ERROR")
        exc = api_text(api_element(p.html, api_ids(p.html, "exception")[0]))
        self.assertIn("StreamlitAPIException", exc)
        self.assertIn("pre", exc)
        self.assertIn("instantiated", exc)
        self.assertIsNone(p.run(), "the run must stop at the assignment")
        self.assertEqual(p.out("ss_ab"), "1|2|True|dflt")   # what ran before stays

    def test_rerun(self):
        p = self.open("mode=rerun")
        self.assertEqual(p.out("rr"), "0")
        n = p.run()
        p.act(p.find("button", "Do rerun"), True, "click")
        p.pump(lambda: p.run() == n + 1 and p.out("rr") == "1", 5.0, "the rerun's result")
        p.quiet(0.3)
        self.assertEqual(p.out("rr"), "1", "st.rerun() must restart with the button False")
        self.assertEqual(p.run(), n + 1)

    def test_stop(self):
        p = self.open("mode=stop")
        self.assertEqual(p.out("before_stop"), "yes")
        self.assertIsNone(p.out("after_stop"))
        self.assertEqual(p.errors, [])

    def test_query_params_read_and_write(self):
        p = self.open("mode=qp&a=1&m=x&m=y")
        self.assertEqual(p.out("qp"), "'1'|['x', 'y']|None|'1'")
        q = re.search(r'data-query="([^"]*)"', p.html).group(1)
        params = urllib.parse.parse_qs(_html.unescape(q))
        self.assertEqual(params.get("written"), ["w1"])
        self.assertEqual(params.get("a"), ["1"])
        self.assertEqual(params.get("m"), ["x", "y"])

    def test_cache_data_runs_once_across_reruns_and_sessions(self):
        p = self.open("mode=cache")
        calls = int(p.out("cd").rsplit("|", 1)[1])
        self.assertEqual(p.out("cd").rsplit("|", 1)[0], "[3, 6]", "cache_data must copy")
        p.act(p.find("button", "Again"), True, "click")
        self.assertEqual(p.out("cd"), f"[3, 6]|{calls}", "same args: body must not run again")
        q = self.open("mode=cache")
        self.assertEqual(q.out("cd"), f"[3, 6]|{calls}", "the cache is shared by sessions")
        p.act(p.find("button", "Clear cd"), True, "click")
        self.assertEqual(p.out("cd"), f"[3, 6]|{calls + 1}", ".clear() empties the cache")

    def test_cache_data_ttl(self):
        p = self.open("mode=cache&ttlarg=%d" % time.monotonic_ns())   # a fresh cache entry
        c0 = int(p.out("ttl_calls"))
        p.act(p.find("button", "Again"), True, "click")
        self.assertEqual(int(p.out("ttl_calls")), c0, "within ttl: cached")
        time.sleep(1.1)
        p.act(p.find("button", "Again"), True, "click")
        self.assertEqual(int(p.out("ttl_calls")), c0 + 1, "after ttl: computed again")

    def test_cache_data_max_entries(self):
        p = self.open("mode=cache")
        m = p.find("number_input", "Max arg")
        p.act(m, 101)
        c0 = int(p.out("max_calls"))
        p.act(m, 102)
        p.act(m, 101)          # evicted by 102 (max_entries=1): computed again
        self.assertEqual(int(p.out("max_calls")), c0 + 2)
        p.act(p.find("button", "Again"), True, "click")   # same arg: cached
        self.assertEqual(int(p.out("max_calls")), c0 + 2)

    def test_cache_resource_returns_the_same_object(self):
        p = self.open("mode=cache")
        ident, same, _calls = p.out("res").split("|")
        self.assertEqual(same, "True")
        q = self.open("mode=cache")
        self.assertEqual(q.out("res").split("|")[0], ident, "one object for every session")
        p.act(p.find("button", "Again"), True, "click")
        self.assertEqual(p.out("res").split("|")[0], ident, "one object for every rerun")

    def test_fragment_button_reruns_only_the_fragment(self):
        p = self.open("mode=frag")
        frag = api_ids(p.html, "fragment")[0]
        self.assertEqual(p.out("frag_runs"), "1|L")
        n, full = p.run(), p.out("full_runs")
        p.ws.event(p.find("button", "Frag button"), True, "click")
        msgs = p.pump(lambda: p.out("frag_clicked") == "yes", 5.0, "the fragment rerun")
        msgs += p.quiet(0.3)
        for m in msgs:
            self.assertEqual(m["type"], "partial_update", m)
            cid = m["data"]["componentId"]
            self.assertTrue(cid == frag or cid.startswith(frag + "-"), cid)
        self.assertEqual(p.out("frag_runs"), "2|L")          # same args on a fragment rerun
        self.assertEqual((p.run(), p.out("full_runs")), (n, full))

    def test_fragment_run_every_ticks_then_stops_with_the_socket(self):
        ws = WSClient(self.port, path="/ws?sessionId=&mode=tick")
        try:
            p = LivePage(ws)
            p.load()
            t0 = time.monotonic()
            # no client message at all: the timer alone produces updates
            p.pump(lambda: sum(m["type"] == "partial_update" for m in p.log) >= 2, 3.0,
                   "two run_every ticks")
            self.assertLess(time.monotonic() - t0, 2.0)
            self.assertTrue(all(m["type"] == "partial_update" for m in p.log[1:]), p.log)
        finally:
            ws.close()
        time.sleep(0.5)                                     # a tick in flight may finish
        c = self.open("mode=count")
        first = int(c.out("tick_count"))
        time.sleep(1.0)                                     # >= 3 periods
        c.act(c.find("button", "Refresh count"), True, "click")
        self.assertEqual(int(c.out("tick_count")), first, "ticks must stop after close")

    def test_duplicate_widget_is_an_exception_and_script_error(self):
        ws = WSClient(self.port, path="/ws?sessionId=&mode=dup")
        self.addCleanup(ws.close)
        p = LivePage(ws)
        p.pump(lambda: bool(p.errors) and p.html is not None
               and bool(api_ids(p.html, "exception")), 5.0, "the duplicate-widget error")
        self.assertEqual(p.errors[-1]["code"], "SCRIPT_ERROR")
        exc = api_text(api_element(p.html, api_ids(p.html, "exception")[0]))
        self.assertIn("multiple `button` elements with the same auto-generated ID", exc)
        self.assertIn("key", exc)
        self.assertEqual(p.out("dup_before"), "1")          # what ran before stays
        self.assertEqual(len(api_ids(p.html, "button")), 1)

    def test_assigning_a_button_key_is_refused(self):
        # Streamlit: a button's key is read-only in session state; assigning it and then
        # creating the button raises StreamlitValueAssignmentNotAllowedError.
        ws = WSClient(self.port, path="/ws?sessionId=&mode=btnset")
        self.addCleanup(ws.close)
        p = LivePage(ws)
        p.pump(lambda: p.html is not None and (p.run() is not None or bool(p.errors)), 5.0,
               "the first render")
        self.assertEqual(len(api_ids(p.html, "exception")), 1, "no exception shown")
        self.assertEqual(p.errors[-1]["code"], "SCRIPT_ERROR")

    def test_duplicate_key_is_an_exception(self):
        ws = WSClient(self.port, path="/ws?sessionId=&mode=dupkey")
        self.addCleanup(ws.close)
        p = LivePage(ws)
        p.pump(lambda: bool(p.errors) and p.html is not None
               and bool(api_ids(p.html, "exception")), 5.0, "the duplicate-key error")
        self.assertEqual(p.errors[-1]["code"], "SCRIPT_ERROR")
        exc = api_text(api_element(p.html, api_ids(p.html, "exception")[0]))
        self.assertIn("multiple elements with the same `key='k'`", exc)


# =============================================================================
# Hostile strings everywhere a user string reaches the page
# =============================================================================

API_HOSTILE_APP = r'''
import time
import streamlit_go as st

H = ['<script>alert(1)</script>', '"onmouseover="x', 'javascript:alert(1)']
st.set_page_config(page_title=H[0] + H[1], page_icon=H[0])
st.query_params["q"] = H[0] + H[1]
st.markdown(repr(st.query_params.to_dict()))
for i, h in enumerate(H):
    st.title(h, help=h); st.header(h, divider=h); st.subheader(h, help=h)
    st.caption(h, help=h); st.text(h, help=h); st.markdown(h, help=h)
    st.markdown(f"[{h}]({h}) [x](javascript:alert(1)) <{h}> [z](javascript:x) [w](JaVaScRiPt:x)"
                f" [v](java\tscript:x) https://example.com/{h}")
    st.markdown(f"| {h} | b |\n|---|---|\n| {h} | [c](javascript:x) |\n\n- {h}\n\n> {h}")

    st.markdown(f"[y]({H[0]})"); st.write(h); st.code(h, language=h); st.latex(h)
    st.success(h); st.info(h); st.warning(h); st.error(h, icon=h); st.toast(h, icon=h)
    st.json({h: h}); st.badge(h, icon=h, color=h); st.exception(ValueError(h))
    st.progress(10, text=h); st.metric(h, h, h, help=h); st.metric(h + "n", 1, h)
    st.table([{h: h}]); st.dataframe({h: [h]}); st.write([{h: h}])
    st.line_chart({h: [1, 2], h + "2": [2, 1]}, x_label=h, y_label=h, color=h)
    st.bar_chart({h: [1, 2]}); st.area_chart({h: [1, 2]}); st.scatter_chart({h: [1, 2]})
    st.line_chart([{"xcol": h, "ycol": 1}, {"xcol": h + "b", "ycol": 2}], x="xcol")
    st.image("https://example.com/x.png", caption=h)
    try:
        st.image(h)
    except Exception as e:
        st.exception(e)
    with st.expander(h, icon=h):
        st.text(h)
    with st.popover(h, help=h, icon=h):
        st.text(h)
    with st.status(h):
        st.text(h)
    ta, tb = st.tabs([h, h + "2"])
    ta.text(h)
    with st.chat_message(h, avatar=h):
        st.write(h)
    st.chat_message("user", avatar=h).write(h)
    st.write_stream([h, h])
    k = f"w{i}"
    st.button(h, key=k + "b", help=h, icon=h)
    st.link_button(h, h, help=h)
    st.download_button(h, h, file_name=h, mime=h, key=k + "d")
    st.checkbox(h, key=k + "c", help=h); st.toggle(h, key=k + "t")
    st.radio(h, [h, h + "r"], captions=[h, h], key=k + "r", help=h)
    st.selectbox(h, [h, h + "s"], key=k + "s", placeholder=h, index=None)
    st.multiselect(h, [h, h + "m"], default=[h], key=k + "m", placeholder=h)
    st.select_slider(h, [h, h + "z"], key=k + "ss")
    st.select_slider(h + "range", [h, h + "z"], value=(h, h + "z"), key=k + "ssr")
    st.slider(h, 0, 10, 1, key=k + "sl", help=h)
    st.text_input(h, key=k + "ti", placeholder=h)
    st.text_area(h, h, key=k + "ta", placeholder=h)
    st.number_input(h, key=k + "ni", placeholder=h)
    st.date_input(h, key=k + "di"); st.time_input(h, key=k + "tm")
    st.color_picker(h, key=k + "cp")
    st.file_uploader(h, type=["csv"], key=k + "fu", help=h)
    st.chat_input(h, key=k + "ci")
    with st.form(h):
        st.text_input(h + "f", key=k + "ft")
        st.form_submit_button(h, help=h)

with st.spinner("".join(H)):
    time.sleep(0.15)

@st.dialog(H[0] + H[1])
def dlg():
    st.text(H[2])
dlg()
got = st.text_input("Echo", key="echo")
st.markdown(got); st.text(got); st.write(got); st.metric(got or "m", got or 0, got or None)
st.table([[got]]); st.line_chart({got or "e": [1, 2]})
said = st.chat_input("Chat", key="chat")
st.write(said)
''' + _API_RUN_MARKER


class ApiHostileHTMLChecker(_api_htmlparser.HTMLParser):
    """Collect every tag, attribute and URL the browser would see."""

    URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "srcdoc", "data")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}={value!r} on <{tag}>")
            if name in self.URL_ATTRS and value and re.sub(
                    r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:")):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and value and "expression(" in value.lower():
                self.problems.append(f"style={value!r}")

    handle_startendtag = handle_starttag


def api_assert_safe(tc: unittest.TestCase, page: str, where: str = "page"):
    low = page.lower()
    tc.assertNotIn("<script", low, where)
    tc.assertNotIn(" onmouseover=", page, where)
    tc.assertNotIn('"onmouseover="', page, where)
    tc.assertNotIn('href="javascript:', low, where)
    tc.assertNotIn('src="javascript:', low, where)
    checker = ApiHostileHTMLChecker()
    checker.feed(page)
    checker.close()
    tc.assertEqual(checker.problems, [], where)


class ApiHostileCheckerTests(unittest.TestCase):
    """The hostile-string check itself catches what it must (no server)."""

    def test_checker_catches_injections(self):
        for bad in ('<script>x</script>', '<img src=x onerror=alert(1)>',
                    '<div title="" onmouseover="x">', '<a href="javascript:alert(1)">a</a>',
                    '<a href=" jAvA\tscript:x">a</a>', '<iframe src="x"></iframe>'):
            with self.assertRaises(AssertionError, msg=bad):
                api_assert_safe(self, bad)
        api_assert_safe(self, '<p>&lt;script&gt; &quot;onmouseover=&quot;x javascript:x</p>')


class ApiHostileStringTests(ServerCase):
    APP = API_HOSTILE_APP

    def test_no_hostile_string_reaches_the_page_unescaped(self):
        ws = WSClient(self.port, path="/ws?sessionId=&x=%3Cscript%3Ealert(1)%3C/script%3E"
                                       "&y=%22onmouseover%3D%22x")
        self.addCleanup(ws.close)
        p = LivePage(ws)
        p.load()
        self.assertEqual(p.errors, [])
        # only the app's own st.exception(ValueError(h)) and st.image(h) failures
        self.assertEqual(len(api_ids(p.html, "exception")), 6)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", p.html)   # shown, escaped
        self.assertIn("&quot;onmouseover=&quot;x", p.html)
        # every value the client sends is shown escaped as well
        p.act("key-echo", '<script>alert(1)</script>"onmouseover="x')
        self.assertIn('<pre class="sg-plain">&lt;script&gt;alert(1)&lt;/script&gt;&quot;'
                      'onmouseover=&quot;x</pre>', p.html)          # st.text(got), escaped
        p.act("key-chat", '<script>alert(2)</script>', "submit")
        p.act("key-echo", 'javascript:alert(1)')
        p.act("key-w0ti", '"onmouseover="x')
        for m in p.log:
            if m["type"] in ("ui_update", "partial_update"):
                api_assert_safe(self, m["data"]["html"], f"{m['type']} message")
        api_assert_safe(self, p.html, "final page")
        # the page shell carries the page title too
        status, _h, body = get(self.port, "/", headers=f"Cookie: session_id={ws.session_id}\r\n")
        self.assertEqual(status, 200)
        shell = body.decode()
        self.assertNotIn("<script>alert", shell)
        self.assertNotIn('"onmouseover="', shell)


# =============================================================================


# =============================================================================
# 4f. Multipage apps: the pages/ folder, st.navigation, page URLs
# =============================================================================

MP_RUN = """
st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
st.text(f"run={st.session_state.runs}")
"""

MP_MAIN = """
import streamlit_go as st
st.title("Home")
st.text_input("home name", key="home_name")
st.text(f"keys={sorted(k for k in st.session_state.keys() if k != 'runs')}")
st.page_link("pages/2_📈_Plotting_Demo.py", label="To the plots")
if st.button("to settings"):
    st.switch_page("pages/10_settings.py")
if st.button("bad switch"):
    st.switch_page("pages/nope.py")
""" + MP_RUN

MP_FILES = {
    "pages/2_📈_Plotting_Demo.py": "import streamlit_go as st\nst.header('Plots')\n"
                                   "st.text(f'query={dict(st.query_params)}')\n" + MP_RUN,
    "pages/10_settings.py": "import streamlit_go as st\nst.header('Settings <b>x</b>')\n"
                            "st.text(f\"keys={sorted(k for k in st.session_state.keys() "
                            "if k != 'runs')}\")\n" + MP_RUN,
    "pages/1_data.py": "import streamlit_go as st\nst.header('Data')\n" + MP_RUN,
}


def nav_links(html: str) -> list:
    """(label, data-sg-page, active) of every navigation link in the page."""
    nav = re.search(r'<nav class="sg-el sg-nav".*?</nav>', html, re.S)
    if not nav:
        return []
    return [(api_text(label), page, bool(cur)) for page, cur, label in re.findall(
        r'<a class="sg-nav-link[^"]*" href="[^"]*" data-sg-page="([^"]*)"'
        r'( aria-current="page")?>(.*?)</a>', nav.group(0), re.S)]


def change_page(page: LivePage, path: str, query=None, timeout=10.0) -> None:
    """Send page_change and wait for the rerun it causes."""
    n = page.run()
    page.ws.send("page_change", {"page": path, "query": query or {}})
    page.pump(lambda: (page.run() or 0) > n, timeout, f"the rerun showing /{path}")


def shown_page(page: LivePage) -> str:
    return _html.unescape(re.search(r'data-page="([^"]*)"', page.html).group(1))


class PagesFolderTests(ServerCase):
    APP = MP_MAIN
    FILES = MP_FILES

    def test_navigation_order_labels_and_icons(self):
        page = api_connect(self)
        self.assertEqual(nav_links(page.html), [
            ("app", "", True), ("data", "data", False),
            ("📈Plotting Demo", "Plotting_Demo", False), ("settings", "settings", False)])
        self.assertIn("Home", page.html)
        self.assertEqual(shown_page(page), "")

    def test_page_paths_serve_the_shell_and_other_paths_stay_404(self):
        for path in ("/data", "/Plotting_Demo", "/Plotting_Demo?x=1", "/unknown_page"):
            status, headers, body = get(self.port, path)
            self.assertEqual(status, 200, path)
            self.assertIn(b"streamlit_go.js", body)
        self.assertEqual(get(self.port, "/favicon.ico")[0], 404)
        self.assertEqual(get(self.port, "/a/b")[0], 404)
        self.assertEqual(get(self.port, "/data", "POST")[0], 405)

    def test_deep_link_with_query_params(self):
        page = api_connect(self, "sgPage=Plotting_Demo&x=1&y=2")
        self.assertIn("Plots", page.html)
        self.assertEqual(page.out("query"), "{'x': '1', 'y': '2'}")
        self.assertEqual(shown_page(page), "Plotting_Demo")
        self.assertIn(("📈Plotting Demo", "Plotting_Demo", True), nav_links(page.html))

    def test_page_change_keeps_session_state_and_forgets_widgets_left_behind(self):
        page = api_connect(self)
        cid = page.find("text_input", "home name")
        page.act(cid, "Ada")
        self.assertEqual(page.out("keys"), "['home_name']")
        change_page(page, "settings")
        self.assertIn("Settings &lt;b&gt;x&lt;/b&gt;", page.html)     # escaped
        # As in Streamlit, a widget not drawn by a run is forgotten at the end of that run
        change_page(page, "settings")
        self.assertEqual(page.out("keys"), "[]")
        runs = page.run()
        change_page(page, "")
        self.assertEqual(page.run(), runs + 1)           # session_state kept across pages
        self.assertEqual(shown_page(page), "")

    def test_unknown_page_shows_the_main_page_with_a_notice(self):
        page = api_connect(self, "sgPage=no_such_page")
        self.assertIn("Page not found", page.html)
        self.assertIn("/no_such_page", api_text(page.html))
        self.assertIn("Home", page.html)
        self.assertEqual(shown_page(page), "")

    def test_switch_page_and_page_link(self):
        page = api_connect(self)
        link = re.search(r'data-kind="page_link"><a class="sg-nav-link" href="([^"]*)" '
                         r'data-sg-page="([^"]*)">To the plots</a>', page.html)
        self.assertEqual(link.groups(), ("/Plotting_Demo", "Plotting_Demo"))
        page.act(page.find("button", "to settings"), None, "click")
        self.assertEqual(shown_page(page), "settings")
        self.assertIn("Settings", page.html)
        change_page(page, "")
        page.ws.event(page.find("button", "bad switch"), None, "click")
        page.pump(lambda: page.errors, 10, "the script error")
        self.assertEqual(page.errors[-1]["code"], "SCRIPT_ERROR")
        self.assertIn("Could not find page: `pages/nope.py`", page.errors[-1]["message"])

    def test_page_change_messages_are_validated(self):
        page = api_connect(self)
        for data, code in [({"page": 5}, "INVALID_MESSAGE"), ({}, "INVALID_MESSAGE"),
                           ({"page": "x" * 201}, "INVALID_MESSAGE"),
                           ({"page": "data", "query": {"a": 1}}, "INVALID_MESSAGE"),
                           ({"page": "data", "query": [1]}, "INVALID_MESSAGE")]:
            with self.subTest(data=data):
                k = len(page.errors)
                page.ws.send("page_change", data)
                page.pump(lambda: len(page.errors) > k, 5, "an error")
                self.assertEqual(page.errors[-1]["code"], code)
        page.ws.send("page_changes", {"page": "data"})
        page.pump(lambda: page.errors[-1]["code"] == "UNKNOWN_TYPE", 5, "UNKNOWN_TYPE")


class PagesHotReloadTests(ServerCase):
    APP = MP_MAIN
    FILES = MP_FILES

    def test_a_new_file_in_pages_joins_the_navigation(self):
        page = api_connect(self)
        path = os.path.join(self.server.dir, "pages", "3_new_page.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write("import streamlit_go as st\nst.header('Brand new')\n" + MP_RUN)
        page.pump(lambda: any(p == "new_page" for _l, p, _a in nav_links(page.html)), 10,
                  "the new page in the navigation")
        change_page(page, "new_page")
        self.assertIn("Brand new", page.html)


NAV_APP = """
import streamlit_go as st

def home():
    st.title("Home page")
    st.checkbox("remember me", key="remember")

def settings():
    st.title("Settings page")
    st.text(f"remember={'remember' in st.session_state}")
    if st.button("back"):
        st.switch_page(home_page)

home_page = st.Page(home, title="Home <i>", icon="🏠", default=True)
pg = st.navigation({"Main": [home_page],
                    "Admin": [st.Page(settings, url_path="prefs"),
                              st.Page("other.py", title="Other")]},
                   position=st.query_params.get("pos", "sidebar"))
pg.run()
""" + MP_RUN


class NavigationTests(ServerCase):
    APP = NAV_APP
    FILES = {"other.py": "import streamlit_go as st\nst.header('Other page')\n"}

    def test_sections_titles_url_paths_and_escaping(self):
        page = api_connect(self)
        self.assertEqual(nav_links(page.html), [("🏠Home <i>", "", True),
                                                ("settings", "prefs", False),
                                                ("Other", "other", False)])
        self.assertIn('<div class="sg-nav-section">Admin</div>', page.html)
        self.assertNotIn("<i>", page.html.split("</nav>")[0])
        self.assertEqual(get(self.port, "/prefs")[0], 200)

    def test_function_and_file_pages_run_and_switch_back(self):
        page = api_connect(self, "sgPage=prefs")
        self.assertIn("Settings page", page.html)
        self.assertIn('data-title="settings"', page.html)
        page.act(page.find("button", "back"), None, "click")
        self.assertIn("Home page", page.html)
        self.assertEqual(shown_page(page), "")
        change_page(page, "other")
        self.assertIn("Other page", page.html)

    def test_hidden_position_draws_no_navigation(self):
        page = api_connect(self, "pos=hidden")
        self.assertEqual(nav_links(page.html), [])
        self.assertIn("Home page", page.html)


class NavigationErrorTests(ServerCase):
    APP = """
import streamlit_go as st
choice = st.query_params.get("case", "dup")
if choice == "dup":
    st.navigation([st.Page(lambda: None, title="a", url_path="x"),
                   st.Page(lambda: None, title="b", url_path="x")])
else:
    st.navigation([st.Page(lambda: None, title="a", default=True),
                   st.Page(lambda: None, title="b", default=True)])
"""

    def test_duplicate_url_paths_and_defaults_are_script_errors(self):
        for case, text in [("dup", "Multiple Pages specified with URL pathname x"),
                           ("default", "Multiple Pages specified with `default=True`")]:
            with self.subTest(case=case):
                ws = self.connect(path=f"/ws?sessionId=&case={case}")
                msgs = ws.recv_until(lambda m: m["type"] == "error")
                self.assertEqual(msgs[-1]["data"]["code"], "SCRIPT_ERROR")
                self.assertIn(text, msgs[-1]["data"]["message"])


class MultipageRootPathTests(ServerCase):
    APP = MP_MAIN
    FILES = MP_FILES
    ARGS = ("--root-path", "/app")

    def test_page_urls_live_under_the_prefix(self):
        self.assertEqual(get(self.port, "/app/data")[0], 200)
        self.assertEqual(get(self.port, "/data")[0], 404)
        ws = WSClient(self.port, path="/app/ws?sessionId=&sgPage=data")
        self.addCleanup(ws.close)
        page = LivePage(ws)
        page.load()
        self.assertIn("Data", page.html)
        self.assertIn('href="/app/Plotting_Demo" data-sg-page="Plotting_Demo"', page.html)

    def test_upgrade_elsewhere_than_ws_is_404(self):
        # a page path ("/app/wsx" matches one) serves the shell to a GET, but never
        # answers a WebSocket upgrade: only /ws does
        self.assertEqual(get(self.port, "/app/wsx")[0], 200)
        for path in ("/app/wsx", "/app/", "/app/data", "/app/health", "/app/ws/", "/ws", "/wsx"):
            with self.subTest(path=path):
                status = upgrade_status(self.port, path + "?sessionId=")
                self.assertEqual(status, 404)
        self.assertEqual(upgrade_status(self.port, "/app/ws?sessionId="), 101)


# =============================================================================
# 4g. More of Streamlit: choice buttons, components, options, context, bottom
# =============================================================================

MORE_API_APP = """
import datetime, decimal
import streamlit_go as st
import streamlit_go.components.v1 as components
p1 = st.pills("Tags", ["a", "b <i>", "c"], key="p1")
st.text(f"p1={p1!r}")
p2 = st.pills("Multi", ["x", "y", "z"], selection_mode="multi", default=["y"])
st.text(f"p2={p2!r}")
seg = st.segmented_control("Mode", ["day", "week"], default="week")
st.text(f"seg={seg!r}")
fb = st.feedback("stars")
st.text(f"fb={fb!r}")
tb = st.feedback("thumbs", key="thumbs")
st.text(f"tb={tb!r}")
class Key:
    def __str__(self):
        return "obj-key"
box = st.checkbox("keyed by an object", key=Key())
st.text(f"objkey={'obj-key' in st.session_state}")
st.write(datetime.date(2024, 5, 17))
st.write(decimal.Decimal("1.50"))
st.text(f"port={st.get_option('server.port') > 0} upload={st.get_option('server.maxUploadSize')}")
try:
    st.set_option("server.port", 1)
except st.StreamlitAPIException as exc:
    st.text(f"set_option={str(exc)[:37]}")
st.text(f"ua={st.context.headers.get('User-Agent')} cookie={st.context.cookies.get('flavour')}")
components.html("<p id=inside>hi</p><script>document.body.dataset.ran = 1</script>", height=80)
st.components.v1.iframe("https://example.org/x?a=1&b=2", height=120)
thing = components.declare_component("my_thing", url="http://localhost:3001")
st.text(f"declare={type(thing).__name__ == 'CustomComponent' and thing.name == 'app.my_thing'}")
with st.bottom:
    st.text("pinned")
st.text("after bottom")
st.image("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'></svg>")
st.logo(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(100), link="https://example.org")
""" + MP_RUN


class MoreApiTests(ServerCase):
    APP = MORE_API_APP

    def page(self):
        ws = WSClient(self.port, path="/ws?sessionId=",
                      headers="User-Agent: sg-test/1.0\r\nCookie: flavour=mint\r\n")
        self.addCleanup(ws.close)
        page = LivePage(ws)
        page.load()
        return page

    def choose(self, page, kind, label, value):
        page.act(page.find(kind, label), value)

    def test_pills_segmented_control_feedback(self):
        page = self.page()
        self.assertEqual((page.out("p1"), page.out("p2"), page.out("seg"), page.out("fb")),
                         ("None", "['y']", "'week'", "None"))
        self.assertIn("b &lt;i&gt;", page.html)
        self.choose(page, "pills", "Tags", 1)
        self.assertEqual(page.out("p1"), "'b <i>'")
        self.choose(page, "pills", "Multi", [2, 0])
        self.assertEqual(page.out("p2"), "['z', 'x']")
        self.choose(page, "segmented_control", "Mode", None)
        self.assertEqual(page.out("seg"), "None")
        fb = re.findall(r'id="([^"]+)" data-kind="feedback"', page.html)
        page.act(fb[0], 3)
        self.assertEqual(page.out("fb"), "3")
        self.assertEqual(len(re.findall(r'class="sg-choice sg-on"', api_element(
            page.html, fb[0]))), 4)                       # stars light up to the chosen one
        page.act(fb[1], 1)
        self.assertEqual(page.out("tb"), "1")
        for cid, bad in [(page.find("pills", "Tags"), 7), (page.find("pills", "Multi"), 1),
                         (fb[0], 5), (fb[0], True)]:
            with self.subTest(bad=bad):
                self.assertEqual(page.refused(cid, bad)["code"], "INVALID_MESSAGE")

    def test_small_semantics(self):
        page = self.page()
        self.assertEqual(page.out("objkey"), "True")       # str() of the key object
        self.assertIn("<code>2024-05-17</code>", page.html)
        self.assertIn("<code>1.50</code>", page.html)
        self.assertEqual(page.out("port"), "True upload=200")
        self.assertEqual(page.out("set_option"), "server.port cannot be set on the fly.")
        self.assertEqual(page.out("ua"), "sg-test/1.0 cookie=mint")
        self.assertEqual(page.out("declare"), "True")
        self.assertIn('data:image/svg+xml;base64,', page.html)

    def test_bottom_logo_and_frames(self):
        page = self.page()
        main = page.html.split('id="sg-main"', 1)[1]
        self.assertLess(main.index("after bottom"), main.index("pinned"))   # bottom stays last
        side = page.html.split('id="sg-sidebar"', 1)[1]
        self.assertIn('data-kind="logo"><a href="https://example.org"', side)
        frames = re.findall(r'<iframe src="([^"]*)" sandbox="([^"]*)"', page.html)
        self.assertEqual(len(frames), 2)
        (own, own_sandbox), (ext, ext_sandbox) = frames
        self.assertNotIn("allow-same-origin", own_sandbox)   # an opaque origin of its own
        self.assertEqual(_html.unescape(ext), "https://example.org/x?a=1&b=2")
        status, headers, body = get(self.port, own)
        self.assertEqual(status, 200)
        self.assertIn(b"<script>document.body.dataset.ran = 1</script>", body)
        csp = headers["content-security-policy"]
        self.assertIn("sandbox allow-scripts", csp)
        self.assertIn("script-src 'unsafe-inline'", csp)
        self.assertNotIn("allow-same-origin", csp)
        token = own.rsplit("/", 1)[1]
        self.assertEqual(get(self.port, "/media/" + token)[0], 404)   # only /component/ serves it
        page_csp = get(self.port, "/")[1]["content-security-policy"]
        self.assertIn("script-src 'self';", page_csp)              # the page's CSP stays strict


class MoreInputsTests(ServerCase):
    APP = """
import datetime
import streamlit_go as st
when = st.datetime_input("When", datetime.datetime(2024, 5, 17, 10, 30),
                         min_value=datetime.datetime(2024, 1, 1), max_value="2024-12-31T23:59")
st.text(f"when={when!r}")
photo = st.camera_input("Photo")
st.text(f"photo={photo and (photo.name, photo.type)!r}")
table = st.table([{"a": 1, "b": "x"}])
table.add_rows([{"a": 2, "b": "y <z>"}])
chart = st.line_chart({"v": [1.0, 2.0]})
chart.add_rows({"v": [3.0]})
try:
    st.text("plain").add_rows([1])
except st.StreamlitAPIException as exc:
    st.text(f"add_rows_error={str(exc)[:30]}")
""" + MP_RUN

    def test_datetime_input(self):
        page = api_connect(self)
        self.assertEqual(page.out("when"), "datetime.datetime(2024, 5, 17, 10, 30)")
        self.assertIn('type="datetime-local"', page.html)
        self.assertIn('value="2024-05-17T10:30" min="2024-01-01T00:00" max="2024-12-31T23:59"',
                      page.html)
        cid = page.find("datetime_input", "When")
        page.act(cid, "2024-06-01T08:15")
        self.assertEqual(page.out("when"), "datetime.datetime(2024, 6, 1, 8, 15)")
        page.act(cid, "2030-01-01T00:00")                   # clamped to max_value
        self.assertEqual(page.out("when"), "datetime.datetime(2024, 12, 31, 23, 59)")
        for bad in ["tomorrow", 5, ["2024-01-01T00:00"]]:
            with self.subTest(bad=bad):
                self.assertEqual(page.refused(cid, bad)["code"], "INVALID_MESSAGE")

    def test_camera_input_takes_only_its_own_image_uploads(self):
        page = api_connect(self)
        cid = page.find("camera_input", "Photo")
        sid = page.ws.session_id
        status, _, body = api_post_upload(self.port, sid, "camera.jpg",
                                          b"\xff\xd8\xff" + bytes(50), "image/jpeg")
        self.assertEqual(status, 200)
        meta = json.loads(body)
        page.act(cid, meta)
        self.assertEqual(page.out("photo"), "('camera.jpg', 'image/jpeg')")
        self.assertIn('<img class="sg-capture-shot" src="data:image/jpeg;base64,', page.html)
        text_meta = json.loads(api_post_upload(self.port, sid, "notes.txt", b"hello",
                                               "text/plain")[2])
        self.assertEqual(page.refused(cid, text_meta)["code"], "INVALID_MESSAGE")
        self.assertEqual(page.refused(cid, {"id": "0" * 32})["code"], "INVALID_MESSAGE")
        page.act(cid, None)
        self.assertEqual(page.out("photo"), "None")

    def test_add_rows(self):
        page = api_connect(self)
        table = re.search(r'<table.*?</table>', page.html, re.S).group(0)
        self.assertEqual(table.count("<tr"), 3)                 # header + 2 rows
        self.assertIn("y &lt;z&gt;", table)
        svg = api_element(page.html, re.search(r'id="([^"]+)" data-kind="chart"',
                                               page.html).group(1))
        line = re.search(r'<path d="(M[^"]*)" fill="none"', svg).group(1)
        self.assertEqual(line.count("L") + 1, 3)                  # 2 rows + 1 added
        self.assertEqual(page.out("add_rows_error"), "add_rows() works on elements m")


class MapTilesTests(ServerCase):
    APP = """
import streamlit_go as st
st.map([{"lat": 52.52, "lon": 13.40}, {"lat": 52.50, "lon": 13.45}])
"""
    ARGS = ("--map-tiles", "https://tiles.example/{z}/{x}/{y}.png")

    def test_tiles_only_when_a_template_is_given(self):
        ws = self.connect()
        page = first_page(ws)
        tiles = re.findall(r'<image href="(https://tiles\.example/\d+/\d+/\d+\.png)"', page)
        self.assertTrue(tiles, page[:500])
        self.assertIn("tiles.example", api_text(page))           # the attribution
        with AppServer(self.APP) as plain:                         # no option: offline
            self.assertNotIn("<image", first_page(WSClient(plain.port)))
        bad = subprocess.run([sys.executable, MODULE, "app.py", "--map-tiles",
                              "javascript:alert(1)"], capture_output=True, text=True,
                             timeout=30, cwd=self.server.dir)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("--map-tiles must be an http(s) URL template", bad.stderr)


# =============================================================================
# 4h. `import streamlit`: today's apps run unchanged under our runner
# =============================================================================

IMPORT_ST_APP = """
import threading
import streamlit as st
import streamlit_go
import streamlit.components.v1 as components
from streamlit.components.v1.components import declare_component
from streamlit import config, runtime
from streamlit.errors import Error, StreamlitAPIException, DuplicateWidgetID
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx
from streamlit.version import STREAMLIT_VERSION_STRING
import streamlit.column_config as column_config
import helper_pkg
st.text(f"same={st is streamlit_go} {st.session_state is streamlit_go.session_state}")
st.session_state["via_st"] = 1
st.text(f"state={streamlit_go.session_state['via_st']}")
st.text(f"version={STREAMLIT_VERSION_STRING} exists={runtime.exists()}")
ctx = get_script_run_ctx()
st.text(f"ctx={ctx.session_id == helper_pkg.session_id()} {ctx.session_id[:7]}")
st.text(f"cc={column_config is st.column_config} cfg={config.get_option('server.maxUploadSize')}")
st.text(f"errors={issubclass(StreamlitAPIException, Error)} {issubclass(DuplicateWidgetID, StreamlitAPIException)}")
try:
    st.button("twice", key="t"); st.button("twice", key="t")
except Error as exc:
    st.text(f"caught={type(exc).__name__}")
x = declare_component("x", url="http://localhost:3001")
st.text(f"declare={x.name == 'app.x' and x.url == 'http://localhost:3001' and x.path is None}")
from streamlit.testing.v1 import AppTest
st.text(f"apptest={AppTest is streamlit_go.testing.v1.AppTest}")
for name in ("streamlit.foo.bar", "streamlit.web.cli"):
    try:
        __import__(name)
    except ImportError as exc:
        st.text(f"missing={exc}")
box = []
t = threading.Thread(target=lambda: box.append(get_script_run_ctx()))
t.start(); t.join()
t = add_script_run_ctx(threading.Thread(target=lambda: (box.append(get_script_run_ctx()),
                                                         st.text("from a thread"))))
t.start(); t.join()
st.text(f"threads={box[0]} {box[1] == ctx}")
components.html("<p>hi</p>", height=40)
""" + _API_RUN_MARKER

IMPORT_ST_FILES = {
    # a package of the app's that uses Streamlit's internals, as many do
    "helper_pkg/__init__.py": "from streamlit.runtime.scriptrunner import get_script_run_ctx\n"
                              "def session_id():\n    return get_script_run_ctx().session_id\n",
    # a real-Streamlit-shaped package in the app's folder, first on sys.path: it must lose
    "streamlit/__init__.py": "raise SystemExit('the real streamlit package was imported')\n",
    "streamlit/components/__init__.py": "",
    "streamlit/components/v1/__init__.py": "raise SystemExit('real components')\n",
    "streamlit/errors.py": "raise SystemExit('real errors')\n",
    "streamlit/foo/__init__.py": "", "streamlit/foo/bar.py": "",
}


class ImportStreamlitTests(ServerCase):
    APP = IMPORT_ST_APP
    FILES = IMPORT_ST_FILES

    def test_import_streamlit_is_this_module_and_its_submodules(self):
        page = api_connect(self)
        self.assertOutputs(page, {
            "same": "True True", "state": "1", "version": "1.67.0 exists=True",
            "ctx": "True session", "cc": "True cfg=200", "errors": "True True",
            "caught": "StreamlitAPIException", "declare": "True", "apptest": "True"})
        self.assertNotIn("real streamlit", page.html)
        missing = [t[len("missing="):] for t in page.texts() if t.startswith("missing=")]
        self.assertEqual(len(missing), 2, page.texts())
        self.assertTrue(missing[0].startswith("streamlit_go does not provide streamlit.foo "),
                        missing[0])
        self.assertIn("streamlit.runtime.scriptrunner", missing[0])   # what there is
        self.assertTrue(missing[1].startswith("streamlit_go does not provide streamlit.web "))
        # a plain thread has no context; one handed the rerun's draws into the page
        self.assertEqual(page.out("threads"), "None True")
        self.assertIn("from a thread", page.texts())
        self.assertEqual(len(api_ids(page.html, "iframe")), 1)     # components.v1.html

    def test_plain_import_of_streamlit_go_leaves_streamlit_alone(self):
        # Another program that imports streamlit_go (as the tests do) gets no
        # hook: `import streamlit` there is whatever the environment has.
        code = ("import sys, streamlit_go\n"
                "print(any(type(f).__name__ == '_StreamlitFinder' for f in sys.meta_path))\n"
                "try:\n    import streamlit\n    print('found', streamlit is streamlit_go)\n"
                "except ImportError:\n    print('absent')\n")
        r = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        first, second = r.stdout.splitlines()
        self.assertEqual(first, "False")
        self.assertIn(second, ("absent", "found False"))


IMPORT_ST_MP_MAIN = """
import streamlit as st
st.title("Home")
st.session_state["from_home"] = "yes"
""" + MP_RUN


class ImportStreamlitPagesTests(ServerCase):
    """pages/ scripts and st.navigation pages get the same module through `import streamlit`."""
    APP = IMPORT_ST_MP_MAIN
    FILES = {
        "pages/1_other.py": "import streamlit as st\nimport streamlit_go\n"
                            "st.header('Other')\n"
                            "st.text(f\"same={st is streamlit_go} {st.session_state.get('from_home')}\")\n"
                            + MP_RUN,
    }

    def test_pages_folder_script(self):
        page = api_connect(self)
        self.assertIn("Home", page.html)
        change_page(page, "other")
        self.assertEqual(page.out("same"), "True yes")

    def test_navigation_pages_and_python_m(self):
        nav_app = ("import streamlit as st\n"
                   "def home():\n    st.title('Nav home')\n"
                   "pg = st.navigation([st.Page(home, default=True), st.Page('other.py')])\n"
                   "pg.run()\n" + MP_RUN)
        other = ("import streamlit as st, streamlit_go, sys\n"
                 "st.text(f'other={st is streamlit_go} {sys.modules[\"streamlit\"] is st}')\n")
        folder = tempfile.mkdtemp(prefix="sg-import-")
        self.addCleanup(shutil.rmtree, folder, True)
        for name, text in (("app.py", nav_app), ("other.py", other)):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(text)
        # `python3 -m streamlit_go APP` runs the module as __main__: still one module
        env = dict(os.environ, PYTHONPATH=HERE)
        p = subprocess.Popen([sys.executable, "-m", "streamlit_go", "app.py", "--port", "0",
                              "--quiet"], cwd=folder, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        try:
            port = _read_port(p, 30)
            ws = WSClient(port)
            self.addCleanup(ws.close)
            page = LivePage(ws)
            page.load()
            self.assertIn("Nav home", page.html)
            change_page(page, "other")
            self.assertIn("other=True True", page.texts())
        finally:
            p.send_signal(signal.SIGTERM)
            p.wait(10)
            p.stdout.close()
            p.stderr.close()


REMOVED_NAMES_APP = """
import streamlit as st
for name in ("experimental_rerun", "experimental_user", "experimental_dialog", "cache",
             "experimental_get_query_params", "experimental_set_query_params",
             "experimental_fragment", "experimental_memo", "experimental_singleton",
             "beta_columns", "bokeh_chart", "buton", "input", "pdf"):
    try:
        getattr(st, name)
        st.text(f"{name}=present")
    except AttributeError as exc:
        st.text(f"{name}={exc}")
st.text(f"hasattr={hasattr(st, 'experimental_rerun')}")
for key in ("server.enableStaticServing", "server.runOnSave", "server.fileWatcherType",
            "server.maxMessageSize", "server.enableWebsocketCompression", "server.address",
            "server.baseUrlPath", "logger.level"):
    st.text(f"opt_{key.replace('.', '_')}={st.get_option(key)!r}")
st.text(f"port_ok={st.get_option('server.port') == int(st.context.headers['Host'].rsplit(':', 1)[1])}")
""" + _API_RUN_MARKER


class RemovedNamesAndOptionsTests(ServerCase):
    APP = REMOVED_NAMES_APP
    ARGS = ("--no-reload", "--no-compression", "--max-message", "3145728")

    def test_removed_names_fail_with_streamlits_message(self):
        page = api_connect(self)
        pre = "module 'streamlit' has no attribute "
        self.assertEqual(page.out("experimental_rerun"), pre + "'experimental_rerun'. "
                         "st.experimental_rerun has been removed. Use st.rerun instead.")
        self.assertEqual(page.out("experimental_user"), pre + "'experimental_user'. "
                         "st.experimental_user has been removed. Use st.user instead.")
        self.assertEqual(page.out("cache"), pre + "'cache'. st.cache has been removed. "
                         "Use st.cache_data or st.cache_resource instead.")
        for name, successor in (("experimental_dialog", "st.dialog"),
                                ("experimental_get_query_params", "st.query_params"),
                                ("experimental_set_query_params", "st.query_params"),
                                ("experimental_fragment", "st.fragment"),
                                ("experimental_memo", "st.cache_data"),
                                ("experimental_singleton", "st.cache_resource"),
                                ("beta_columns", "st.columns")):
            self.assertEqual(page.out(name), f"{pre}'{name}'. st.{name} has been removed. "
                                             f"Use {successor} instead.")
        self.assertIn("Use the streamlit-bokeh component instead.", page.out("bokeh_chart"))
        self.assertEqual(page.out("buton"), pre + "'buton'. Did you mean st.button?")
        self.assertIn("Use a specific input command such as st.audio_input, st.camera_input, "
                      "st.chat_input,", page.out("input"))
        self.assertIn("streamlit_go does not implement it", page.out("pdf"))
        self.assertEqual(page.out("hasattr"), "False")

    def test_get_option_answers_what_the_command_line_chose(self):
        page = api_connect(self)
        self.assertOutputs(page, {
            "opt_server_enableStaticServing": "True", "opt_server_runOnSave": "False",
            "opt_server_fileWatcherType": "'none'", "opt_server_maxMessageSize": "3",
            "opt_server_enableWebsocketCompression": "False",
            "opt_server_address": "'127.0.0.1'", "opt_server_baseUrlPath": "''",
            "opt_logger_level": "'error'",                                  # --quiet
            "port_ok": "True"})


EMPTY_MEDIA_APP = """
import streamlit as st
st.audio(None)
st.video(None)
st.audio(b"RIFF" + bytes(60), format="audio/wav")
""" + _API_RUN_MARKER


class EmptyMediaTests(ServerCase):
    APP = EMPTY_MEDIA_APP

    def test_audio_and_video_of_none_draw_an_empty_player(self):
        page = api_connect(self)
        audio = api_ids(page.html, "audio")
        self.assertEqual(len(audio), 2)
        self.assertIn('<audio controls preload="metadata"></audio>',
                      api_element(page.html, audio[0]))           # no src: nothing fetched
        self.assertIn('<video controls preload="metadata"></video>',
                      api_element(page.html, api_ids(page.html, "video")[0]))
        self.assertIn('<audio controls preload="metadata" src="data:audio/wav;base64,',
                      api_element(page.html, audio[1]))


class EmptyMapTests(ServerCase):
    APP = """
import streamlit as st
st.map()
st.map({"lat": [], "lon": []})
st.map([{"lat": 52.52, "lon": 13.40}])
""" + _API_RUN_MARKER

    def test_map_with_no_data_draws_an_empty_map(self):
        page = api_connect(self)
        self.assertEqual(api_ids(page.html, "exception"), [])
        charts = [api_element(page.html, c) for c in api_ids(page.html, "chart")]
        self.assertEqual(len(charts), 3)
        for svg in charts[:2]:
            self.assertIn("<svg", svg)
            self.assertNotIn("<circle", svg)                     # a graticule, no points
        self.assertIn("<circle", charts[2])


# =============================================================================
# 4i. .streamlit/config.toml, STREAMLIT_* variables and the TOML reader
# =============================================================================
# The reader first, on strings (table-driven; on Python 3.11+ every case is
# also read by tomllib, which must agree), then real servers started with
# real config files, variables and flags.

try:
    import tomllib
except ImportError:            # Python 3.9, 3.10: the tables alone check the reader
    tomllib = None

TOML_READS = [   # (document, what it reads as)
    ("", {}),
    ("# only a comment\n", {}),
    ("a = 1\r\nb = 2\r\n", {"a": 1, "b": 2}),
    ("[server]\nport = 8502\nheadless = true\n", {"server": {"port": 8502, "headless": True}}),
    ("a.b.c = 1\na . b.d = 2", {"a": {"b": {"c": 1, "d": 2}}}),
    ('"quoted key" = 1\n\'lit key\' = 2\n"a.b" = 3', {"quoted key": 1, "lit key": 2, "a.b": 3}),
    ('x = "tab\\there \\u00e9 \\U0001F600 \\\\ \\" \\b\\f\\n\\r"',
     {"x": "tab\there \u00e9 \U0001F600 \\ \" \b\f\n\r"}),
    ("x = 'C:\\path\\no escapes'", {"x": "C:\\path\\no escapes"}),
    ('x = """\nline1\nline2"""', {"x": "line1\nline2"}),
    ('x = """a\\\n   \n   b"""', {"x": "ab"}),
    ('x = """\r\nwindows\r\nlines"""', {"x": "windows\nlines"}),
    ('x = """quotes "" inside"""""', {"x": 'quotes "" inside""'}),
    ("x = '''\nraw \\n ''text'' '''", {"x": "raw \\n ''text'' "}),
    ("x = 1_000\ny = -17\nz = +3\nh = 0xDEAD_beef\no = 0o755\nb = 0b1010",
     {"x": 1000, "y": -17, "z": 3, "h": 0xDEADBEEF, "o": 0o755, "b": 10}),
    ("f = 3.14\ng = -0.5e-3\nh = 1e10\nj = 1_000.5_5\nk = +inf\nl = -inf",
     {"f": 3.14, "g": -0.0005, "h": 1e10, "j": 1000.55, "k": math.inf, "l": -math.inf}),
    ("a = [\n  1,\n  2, # comment\n  3,\n]\nb = []\nc = [[1, 2], ['x', \"y\"]]",
     {"a": [1, 2, 3], "b": [], "c": [[1, 2], ["x", "y"]]}),
    ('a = {}\nb = { x = 1, y = "two", z.w = true }\nc = { d = { e = [1, {k = 2}] } }',
     {"a": {}, "b": {"x": 1, "y": "two", "z": {"w": True}}, "c": {"d": {"e": [1, {"k": 2}]}}}),
    ("[a.b.c]\nx = 1\n[a]\ny = 2", {"a": {"b": {"c": {"x": 1}}, "y": 2}}),
    ('[[theme.fontFaces]]\nfamily = "A"\n[[theme.fontFaces]]\nfamily = "B"',
     {"theme": {"fontFaces": [{"family": "A"}, {"family": "B"}]}}),
    ('[theme]\nprimaryColor = "#ff4b4b"  # red\n[theme.sidebar]\nbackgroundColor = "#111"\n',
     {"theme": {"primaryColor": "#ff4b4b", "sidebar": {"backgroundColor": "#111"}}}),
    ('  [ spaced . header ]  # c\n  k = "#not a comment"  ', {"spaced": {"header": {
        "k": "#not a comment"}}}),
    ("true = false\n1234 = 5\nbare-key_1 = 'v'", {"true": False, "1234": 5, "bare-key_1": "v"}),
]

TOML_REFUSES = [   # (document, the line the error names, words in the error)
    ("a = ", 1, "expected a value"),
    ("[server]\nport 8502", 2, "expected '='"),
    ("a = 1 b = 2", 1, "end of the line"),
    ("a = 1\n\na = 2", 3, "already defined"),
    ("[a]\n[a]", 2, "already defined"),
    ('a = "unterminated\nb = 1', 1, "does not end"),
    ('ok = 1\na = """never ends', 2, "does not end"),
    ("a = [1,\n2,,]", 2, "expected a value"),
    ("a = [1 2]", 1, "expected ',' or ']'"),
    ("a = {x = 1,}", 1, "expected a key"),
    ("a = {x = 1\n}", 1, "inline table"),
    ("a = 01", 1, "end of the line"), ("a = 1__0", 1, "end of the line"),
    ("a = 1.", 1, "end of the line"), ("a = .5", 1, "expected a value"),
    ("a = TRUE", 1, "expected a value"),
    ('a = "\\q"', 1, "unknown escape"), ('a = "\\u12"', 1, "4 hex digits"),
    ('a = "\\uD800"', 1, "Unicode scalar"),
    ("a.b = 1\na.b.c = 2", 2, "already a value"),
    ("a = {x = 1}\n[a]", 2, "already defined"),
    ("[a]\nb.c = 1\n[a.b]", 3, "already defined"),
    ('a = "x"\rb = 1', 1, "carriage return"),
    ("x = 1\n[a", 2, "expected ']'"),
    ('a = "ctrl\x01"', 1, "control character"),
    ("# ctrl \x7f in a comment", 1, "control character"),
    ('a = """x""""""', 1, "too many quotes"),
    ("\u043a\u043b\u044e\u0447 = 1", 1, "expected a key"),
]


class TomlReaderTests(unittest.TestCase):
    """The reader config files are read with before Python 3.11 (on every version)."""

    def read(self, text):
        return sg._TomlReader(text).document()

    def test_documents_read_as_tomllib_reads_them(self):
        for text, want in TOML_READS:
            with self.subTest(text=text):
                self.assertEqual(self.read(text), want)
                if tomllib:
                    self.assertEqual(tomllib.loads(text), want)

    def test_crlf_line_ends_read_the_same(self):
        for text, want in TOML_READS:
            with self.subTest(text=text):
                self.assertEqual(self.read(text.replace("\r\n", "\n").replace("\n", "\r\n")),
                                 want)

    def test_errors_name_the_line(self):
        for text, line, words in TOML_REFUSES:
            with self.subTest(text=text):
                with self.assertRaises(sg.TomlError) as cm:
                    self.read(text)
                self.assertIn(f"line {line},", str(cm.exception))
                self.assertIn(words, str(cm.exception))
                if tomllib:
                    self.assertRaises(tomllib.TOMLDecodeError, tomllib.loads, text)

    def test_every_prefix_is_read_or_refused_like_tomllib(self):
        """Cut a real config file at every character: each piece reads, or raises
        TomlError (never another exception); on 3.11+ exactly when tomllib does."""
        doc = ('# .streamlit/config.toml\n[server]\nport = 8_502\nheadless = true\n'
               'folderWatchList = [\n  "a",  # first\n  \'b\',\n]\n[theme]\n'
               'primaryColor = "#F63366"\nfont = """sans\\\n  serif"""\n'
               'chartCategoricalColors = ["#0068c9", "#83c9ff"]\nbaseRadius = 0.5\n'
               'x = { a = 1, b.c = -2e3 }\n[[theme.fontFaces]]\nfamily = \'Inter\'\n')
        for n in range(len(doc) + 1):
            text = doc[:n]
            try:
                got = self.read(text)
            except sg.TomlError:
                got = sg.TomlError
            if tomllib:
                try:
                    want = tomllib.loads(text)
                except tomllib.TOMLDecodeError:
                    want = sg.TomlError
                self.assertEqual(got, want, repr(text))

    def test_dates_are_refused_by_name(self):
        with self.assertRaisesRegex(sg.TomlError, "line 2, .*dates and times"):
            self.read("a = 1\nwhen = 1979-05-27")

    def test_nesting_is_bounded(self):
        with self.assertRaisesRegex(sg.TomlError, "nested more than"):
            self.read("a = " + "[" * 200 + "]" * 200)

    def test_read_toml_names_the_line_on_every_version(self):
        self.assertEqual(sg.read_toml("[s]\nk = 'v'"), {"s": {"k": "v"}})
        with self.assertRaisesRegex(sg.TomlError, "line 3"):
            sg.read_toml("[s]\nk = 1\nk = 2")


CONFIG_APP = """
import streamlit as st
for key in ("server.port", "server.maxUploadSize", "server.enableStaticServing",
            "theme.primaryColor", "theme.sidebar.backgroundColor", "client.toolbarMode",
            "runner.fastReruns", "server.cookieSecret"):
    st.text(f"{key.replace('.', '_')}={st.get_option(key)!r}")
""" + _API_RUN_MARKER


def free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ConfigFileTests(unittest.TestCase):
    """Each source of options, and which wins: flag > variable > project file > global file."""

    def serve(self, project: str = None, home: str = None, env: dict = None, args=(),
              free_port=True):
        """Start CONFIG_APP with a project config.toml, a global one (in a temp HOME)."""
        home_dir = tempfile.mkdtemp(prefix="sg-home-")
        self.addCleanup(shutil.rmtree, home_dir, True)
        if home is not None:
            os.makedirs(os.path.join(home_dir, ".streamlit"))
            with open(os.path.join(home_dir, ".streamlit", "config.toml"), "w") as f:
                f.write(textwrap.dedent(home))
        environ = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        environ.update(HOME=home_dir, **(env or {}))
        files = {".streamlit/config.toml": textwrap.dedent(project)} if project else None
        server = AppServer(CONFIG_APP, "--quiet", *args, files=files, env=environ,
                           free_port=free_port)
        server.start()
        self.addCleanup(server.stop)
        self.server, self.port = server, server.port
        return api_connect(self)

    assertOutputs = ServerCase.assertOutputs

    def test_project_file_sets_the_port_and_what_get_option_answers(self):
        port = free_tcp_port()
        page = self.serve(f"""
            [server]
            port = {port}
            maxUploadSize = 5   # MB
            enableStaticServing = true
            [theme]
            primaryColor = "#123456"
            [theme.sidebar]
            backgroundColor = "#eeeeee"
            """, free_port=False)
        self.assertEqual(self.port, port)
        self.assertOutputs(page, {
            "server_port": str(port), "server_maxUploadSize": "5",
            "server_enableStaticServing": "True", "theme_primaryColor": "'#123456'",
            "theme_sidebar_backgroundColor": "'#eeeeee'",
            "runner_fastReruns": "True", "server_cookieSecret": "None"})   # defaults

    def test_global_file_is_read_and_the_project_file_wins(self):
        page = self.serve(project="""
            [theme]
            primaryColor = "#222222"
            """, home="""
            [theme]
            primaryColor = "#111111"
            [client]
            toolbarMode = "viewer"
            """)
        self.assertOutputs(page, {"theme_primaryColor": "'#222222'",
                                  "client_toolbarMode": "'viewer'"})

    def test_environment_variable_beats_the_files(self):
        page = self.serve(project="""
            [server]
            maxUploadSize = 5
            [theme]
            primaryColor = "#222222"
            """, env={"STREAMLIT_THEME_PRIMARY_COLOR": "#333333",
                      "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "9",
                      "STREAMLIT_RUNNER_FAST_RERUNS": "false"})
        self.assertOutputs(page, {"theme_primaryColor": "'#333333'",
                                  "server_maxUploadSize": "9", "runner_fastReruns": "False"})

    def test_flags_beat_variables(self):
        page = self.serve(project="""
            [server]
            maxUploadSize = 5
            """, env={"STREAMLIT_THEME_PRIMARY_COLOR": "#333333",
                      "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "9"},
            args=("--theme.primaryColor", "#444444", "--server.maxUploadSize=11"))
        self.assertOutputs(page, {"theme_primaryColor": "'#444444'",
                                  "server_maxUploadSize": "11"})
        page = self.serve(env={"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "9"},
                          args=("--server.maxUploadSize=11", "--max-upload-size", "12"))
        self.assertOutputs(page, {"server_maxUploadSize": "12"})     # our own flag wins

    def test_unknown_option_and_section_are_warned_about_by_name(self):
        page = self.serve(project="""
            [server]
            prot = 8502
            [colours]
            primary = "red"
            """)
        self.assertOutputs(page, {"server_port": str(self.port)})
        err = self.server.stderr()
        self.assertIn('"server.prot" is not a valid config option', err)
        self.assertIn('"colours.primary" is not a valid config option (there is no '
                      '[colours] section)', err)

    def test_magic_can_be_turned_off(self):
        app = "import streamlit as st\nx = 'magic' + ' text'\nx\nst.text('run=1')\n"
        server = AppServer(app, "--quiet", files={".streamlit/config.toml":
                                             "[runner]\nmagicEnabled = false\n"})
        with server:
            self.port = server.port
            page = api_connect(self)
            self.assertEqual(page.out("run"), "1")
            self.assertNotIn("magic text", page.html)
        with AppServer(app, "--quiet") as server:
            self.port = server.port
            self.assertIn("magic text", api_connect(self).html)       # on by default

    def test_static_serving_can_be_turned_off(self):
        files = {"static/hello.txt": "hello static",
                 ".streamlit/config.toml": "[server]\nenableStaticServing = false\n"}
        with AppServer("import streamlit as st\n", "--quiet", files=files) as server:
            self.assertEqual(get(server.port, "/static/hello.txt")[0], 404)
            self.assertEqual(get(server.port, "/static/streamlit_go.js")[0], 200)  # ours
        del files[".streamlit/config.toml"]
        with AppServer("import streamlit as st\n", "--quiet", files=files) as server:
            self.assertEqual(get(server.port, "/static/hello.txt")[2], b"hello static")

    def test_show_error_details_hides_what_it_is_told_to(self):
        app = "import streamlit as st\nraise ValueError('secret-detail')\n"
        for value, shown, hidden in (("true", ["ValueError", "secret-detail"], []),
                                     ('"type"', ["ValueError"], ["secret-detail"]),
                                     ("false", ["redacted"], ["ValueError", "secret-detail"])):
            with self.subTest(value=value):
                files = {".streamlit/config.toml": f"[client]\nshowErrorDetails = {value}\n"}
                with AppServer(app, "--quiet", files=files) as server:
                    self.port = server.port
                    ws = WSClient(self.port, path="/ws?sessionId=")
                    self.addCleanup(ws.close)
                    page = LivePage(ws)
                    page.pump(lambda: page.errors, 10.0, "the script's error")
                    seen = page.html + json.dumps(page.errors)   # the page and the wire
                    for text in shown:
                        self.assertIn(text, seen)
                    for text in hidden:
                        self.assertNotIn(text, seen)

    def test_secrets_are_read_on_every_python(self):
        app = "import streamlit as st\nst.text(f\"user={st.secrets['db']['user']}\")\n"
        files = {".streamlit/secrets.toml": "[db]\nuser = 'ada'  # on 3.9 too\n"}
        with AppServer(app + _API_RUN_MARKER, "--quiet", files=files) as server:
            self.port = server.port
            self.assertEqual(api_connect(self).out("user"), "ada")

    def run_refused(self, files: dict, *args) -> str:
        folder = tempfile.mkdtemp(prefix="sg-cfg-")
        self.addCleanup(shutil.rmtree, folder, True)
        for name, data in {"app.py": "import streamlit as st\n", **files}.items():
            os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data.encode() if isinstance(data, str) else data)
        environ = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        environ["HOME"] = folder
        proc = subprocess.run([sys.executable, MODULE, "app.py", "--port", "0", *args],
                              cwd=folder, env=environ, capture_output=True, timeout=30,
                              stdin=subprocess.DEVNULL)
        self.assertNotEqual(proc.returncode, 0)
        return proc.stderr.decode()

    def test_a_file_that_is_not_toml_is_refused_naming_the_line(self):
        err = self.run_refused({".streamlit/config.toml": '[server]\nport = 8502\nheadless = yes\n'})
        self.assertIn(os.path.join(".streamlit", "config.toml") + " is not valid TOML", err)
        self.assertIn("line 3", err)

    def test_wrong_types_huge_files_and_unknown_flags_are_refused(self):
        err = self.run_refused({".streamlit/config.toml": '[server]\nport = "8502"\n'})
        self.assertIn("server.port must be an integer, not '8502'", err)
        err = self.run_refused({".streamlit/config.toml": b"# " + b"x" * (1024 * 1024 + 10)})
        self.assertIn("too large for a config file", err)
        err = self.run_refused({}, "--server.prot", "1")
        self.assertIn("unknown option --server.prot", err)

    def test_environment_names_follow_streamlits_rule(self):
        for key, name in (("server.port", "STREAMLIT_SERVER_PORT"),
                          ("theme.primaryColor", "STREAMLIT_THEME_PRIMARY_COLOR"),
                          ("server.enableCORS", "STREAMLIT_SERVER_ENABLE_CORS"),
                          ("theme.light.sidebar.linkColor",
                           "STREAMLIT_THEME_LIGHT_SIDEBAR_LINK_COLOR"),
                          ("global.e2eTest", "STREAMLIT_GLOBAL_E2E_TEST")):
            self.assertEqual(sg._option_env_name(key), name)

    def test_get_option_answers_every_documented_option(self):
        for key in ("server.enableStaticServing", "server.enableXsrfProtection",
                    "theme.dark.sidebar.chartCategoricalColors", "theme.fontFaces",
                    "browser.serverAddress", "magic.displayRootDocString"):
            sg.get_option(key)                       # no KeyError
        self.assertEqual(sg.get_option("server.enableXsrfProtection"), True)
        self.assertGreaterEqual(len([k for k in sg._OPTIONS if k.startswith("theme.")]), 290)


# =============================================================================
# 4c. Deploying: nginx in front of two instances, a path prefix, proxy headers
# =============================================================================


# =============================================================================
# Deploying for real: nginx in front of two instances
# =============================================================================

# The site part of the nginx config, exactly as the README's "Deploying" section
# shows it (there: @LISTEN@ = 80, backends 127.0.0.1:8501 and 127.0.0.1:8502).
#
# Why the hash key is nginx's own route cookie and not $cookie_session_id: a
# session id is minted by whichever instance served the first request, but
# `hash $cookie_session_id` then sends it wherever the id happens to hash to --
# for half the sessions the *other* instance, which does not know the id and
# mints a new one (new Set-Cookie), which again hashes anywhere. Measured with
# two instances and 40 browser-like sessions (page, WebSocket, one click, three
# reconnects): 20-23 page sessions were abandoned at the first WebSocket and
# 10-13 users lost their state on a later reconnect; with the route cookie, 0.
# The userid module sets `sg_route` on the very first response and $uid_set
# (first request) and $uid_got (every later one) carry the same value, so the
# page load, its WebSocket and every reconnect hash to the same instance.
NGINX_SITE_TEMPLATE = r"""# streamlit_go behind nginx under /app/, sessions pinned to instances.
# Start each instance on its own port with the same prefix, e.g.
#   python3 streamlit_go.py app.py --port 8501 --root-path /app \
#       --forwarded-allow-ips 127.0.0.1 --allowed-origins https://example.com
upstream streamlit_go {
    # Sessions live in one process's memory: pin each browser to one instance.
    # nginx's own route cookie (set on the first response, before the app has
    # minted a session) keeps the page, its WebSocket and every reconnect together.
    hash $uid_got$uid_set consistent;
    server @BACKEND_A@;
    server @BACKEND_B@;
}

server {
    listen @LISTEN@;

    userid         on;
    userid_name    sg_route;
    userid_path    /app/;
    userid_flags   httponly samesite=lax;     # nginx >= 1.19.3

    location = /app {
        return 308 /app/;
    }

    location = /app/ws {
        proxy_pass http://streamlit_go;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_read_timeout 120s;                  # > the server's 54 s ping
        proxy_send_timeout 120s;
    }

    location /app/ {
        proxy_pass http://streamlit_go;
        proxy_http_version 1.1;
        client_max_body_size 200m;                # st.file_uploader: = --max-upload-size
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
    }
}
"""

# The test's own wrapper: everything nginx writes stays inside @PREFIX@.
NGINX_TEST_TEMPLATE = r"""daemon off;
master_process on;
worker_processes 1;
pid @PREFIX@/nginx.pid;
error_log @PREFIX@/error.log info;
worker_shutdown_timeout 5s;
events {
    worker_connections 1024;
}
http {
    log_format sg_upstream '$request_method $uri $status $upstream_addr';
    access_log @PREFIX@/access.log sg_upstream;
    client_body_temp_path @PREFIX@/client_body_temp;
    proxy_temp_path @PREFIX@/proxy_temp;
    fastcgi_temp_path @PREFIX@/fastcgi_temp;
    uwsgi_temp_path @PREFIX@/uwsgi_temp;
    scgi_temp_path @PREFIX@/scgi_temp;
@SITE@}
"""

# Shows which instance it runs in (instance.txt beside the script) and a counter.
INSTANCE_APP = """
import os
import streamlit_go as st
with open(os.path.join(os.path.dirname(__file__), "instance.txt"), encoding="utf-8") as f:
    name = f.read().strip()
st.write(f"Instance: {name}")
if "count" not in st.session_state:
    st.session_state.count = 0
if st.button("Add one"):
    st.session_state.count += 1
st.write(f"Count: {st.session_state.count}")
"""

NGINX_NUMBERS = {}      # filled by the tests: what was driven and how it spread


def nginx_site_config(listen: str, backend_a: str, backend_b: str) -> str:
    return (NGINX_SITE_TEMPLATE.replace("@LISTEN@", listen)
            .replace("@BACKEND_A@", backend_a).replace("@BACKEND_B@", backend_b))


def find_nginx():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
         if os.access(p, os.X_OK)), None)


def require_nginx(test: unittest.TestCase) -> str:
    """Return nginx's path; skip without it, except that CI=true makes it a failure."""
    binary = find_nginx()
    if binary is None:
        if IN_CI:
            test.fail("nginx is not installed (CI=true: the deployment tests must run)")
        raise unittest.SkipTest("nginx is not installed")
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def all_set_cookies(raw: bytes) -> dict:
    """Every Set-Cookie of a response head: {name: whole header value}."""
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1")
    out = {}
    for line in head.split("\r\n")[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == "set-cookie":
            out[v.strip().split("=", 1)[0]] = v.strip()
    return out


def cookie_value(set_cookie: str) -> str:
    return set_cookie.split(";")[0].split("=", 1)[1]


def get_from(port: int, path: str, headers: str = "", source: str = "127.0.0.1") -> bytes:
    """A GET with Connection: close from a chosen loopback source address."""
    with socket.create_connection(("127.0.0.1", port), timeout=5,
                                  source_address=(source, 0)) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
                  f"Connection: close\r\n\r\n".encode())
        out = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            out += chunk
        return out


def require_second_loopback(test: unittest.TestCase):
    """Skip unless 127.0.0.2 can be a source address (Linux: all of 127/8 is loopback)."""
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
    except OSError:
        raise unittest.SkipTest("127.0.0.2 is not a local address here") from None


def logged_clients(server: AppServer) -> list:
    """The client of every "404 from CLIENT: ..." line an instance logged so far."""
    return re.findall(r"^streamlit_go: \d{3} from (\S+?): ", server.stderr(), re.M)


class NginxProxy:
    """nginx -c CONF -p PREFIX -e ERRLOG as a child (daemon off); stopped by its master PID."""

    def __init__(self, binary: str, site: str):
        self.binary = binary
        self.prefix = tempfile.mkdtemp(prefix="sg-nginx-")
        # nginx's worker may run as `nobody` (when we are root): let it reach its temp dirs
        os.chmod(self.prefix, 0o755)
        self.conf = os.path.join(self.prefix, "nginx.conf")
        self.error_log = os.path.join(self.prefix, "error.log")
        self.access_log = os.path.join(self.prefix, "access.log")
        self.pid_file = os.path.join(self.prefix, "nginx.pid")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(NGINX_TEST_TEMPLATE.replace("@PREFIX@", self.prefix)
                    .replace("@SITE@", site))
        self.proc = None
        self.workers = []

    def log(self) -> str:
        with contextlib.suppress(OSError), open(self.error_log, "rb") as f:
            return f.read().decode("utf-8", "replace")
        return ""

    def start(self, port: int, timeout: float = 10.0):
        cmd = [self.binary, "-c", self.conf, "-p", self.prefix + "/"]
        usage = subprocess.run([self.binary, "-h"], capture_output=True, timeout=10)
        if b"-e filename" in usage.stdout + usage.stderr:       # nginx >= 1.19.5
            cmd += ["-e", self.error_log]
        self._stderr = open(os.path.join(self.prefix, "stderr.log"), "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._stderr,
                                     stderr=self._stderr)
        try:
            return self._wait_started(port, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_started(self, port: int, timeout: float):
        deadline = time.monotonic() + timeout
        master = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            with contextlib.suppress(OSError, ValueError):
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                with open(self.pid_file) as f:          # written just after it is created
                    master = int(f.read().strip())
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"nginx did not start in {timeout}s: {self.log()[-2000:]}")
        if self.proc.poll() is not None:
            out = self.stderr()
            raise RuntimeError(f"nginx exited {self.proc.returncode}: {out}{self.log()[-2000:]}")
        assert master == self.proc.pid, f"pid file names {master}, not our master"
        with contextlib.suppress(OSError):       # the worker(s), to clean up after a SIGKILL
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                self.workers = [int(p) for p in f.read().split()]
        return self

    def stderr(self) -> str:
        with contextlib.suppress(OSError), \
                open(os.path.join(self.prefix, "stderr.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")
        return ""

    def stop(self):
        """SIGTERM (fast shutdown) to the master, bounded; SIGKILL our PIDs if it hangs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                for pid in self.workers:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
        if getattr(self, "_stderr", None):
            self._stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)


class NginxDeployTests(unittest.TestCase):
    """Two instances behind nginx under /app/: spread, stickiness, SIGTERM failover."""
    SESSIONS = 40
    PREFIX = "/app"

    def setUp(self):
        binary = require_nginx(self)
        for attempt in range(3):                 # the free port can be taken meanwhile
            self.port = free_port()
            self.origin = f"http://127.0.0.1:{self.port}"
            self.servers = {}
            for name in ("A", "B"):
                srv = AppServer(INSTANCE_APP, "--quiet", "--root-path", self.PREFIX,
                                "--forwarded-allow-ips", "127.0.0.1",
                                "--allowed-origins", self.origin,
                                files={"instance.txt": name})
                self.addCleanup(srv.stop)
                self.servers[name] = srv.start()
            site = nginx_site_config(f"127.0.0.1:{self.port}",
                                     f"127.0.0.1:{self.servers['A'].port}",
                                     f"127.0.0.1:{self.servers['B'].port}")
            self.nginx = NginxProxy(binary, site)
            self.addCleanup(self.nginx.stop)
            try:
                self.nginx.start(self.port)
            except RuntimeError as exc:
                if "Address already in use" in str(exc) and attempt < 2:
                    for srv in self.servers.values():
                        srv.stop()
                    continue
                raise
            break

    def tearDown(self):
        for name, srv in self.servers.items():
            if srv.proc and os.path.exists(srv.stderr_path):
                self.assertNotIn("Traceback", srv.stderr(), f"instance {name}")

    # -- helpers -------------------------------------------------------------------
    def page(self, cookies: dict = None) -> tuple:
        """GET /app/ through nginx; return (status, headers, body, {cookie: Set-Cookie})."""
        jar = "".join(f"Cookie: {k}={v}\r\n" for k, v in (cookies or {}).items())
        raw = http(self.port, f"GET {self.PREFIX}/ HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                              f"{jar}Connection: close\r\n\r\n".encode())
        return (*parse_response(raw), all_set_cookies(raw))

    def open_ws(self, sid: str, route: str, origin: str = None) -> WSClient:
        """The WebSocket a browser would open: sessionId in the URL, both cookies sent."""
        ws = WSClient(self.port, sid, path=f"{self.PREFIX}/ws?sessionId={sid}",
                      headers=f"Cookie: session_id={sid}; sg_route={route}\r\n"
                              f"Origin: {origin or self.origin}\r\n")
        self.addCleanup(ws.close)
        return ws

    @staticmethod
    def shown(html: str) -> tuple:
        """(instance, count) the page shows."""
        inst = re.search(r"Instance: ([AB])\b", html)
        count = re.search(r"Count: (\d+)", html)
        assert inst and count, html[:500]
        return inst.group(1), int(count.group(1))

    def click(self, client: dict, expect: int):
        ws = client["ws"]
        ws.event(client["button"], True, "click")
        want = re.compile(r"Count: %d\b" % expect)
        msgs = ws.recv_until(lambda m: m["type"] == "partial_update"
                             and want.search(m["data"]["html"]), timeout=10)
        self.assertTrue(all(m["type"] == "partial_update" for m in msgs), msgs)
        self.assertTrue(all(m["session_id"] == client["sid"] for m in msgs))
        client["count"] = expect

    def new_client(self, i: int) -> dict:
        """Page load then WebSocket, as a browser does; click the counter a few times."""
        status, headers, body, cookies = self.page()
        self.assertEqual(status, 200)
        self.assertIn("session_id", cookies)
        self.assertIn("sg_route", cookies)
        self.assertIn(f"Path={self.PREFIX}/;", cookies["session_id"])
        sid, route = cookie_value(cookies["session_id"]), cookie_value(cookies["sg_route"])
        self.assertIn(sid.encode(), body)
        ws = self.open_ws(sid, route)
        # the page and its WebSocket reached the same instance: the session is known
        self.assertNotIn("set-cookie", ws.headers)
        msg = ws.recv_until(lambda m: m["type"] == "ui_update")[-1]
        self.assertEqual(msg["session_id"], sid)
        inst, count = self.shown(msg["data"]["html"])
        self.assertEqual(count, 0)
        client = {"i": i, "sid": sid, "route": route, "ws": ws, "inst": inst, "count": 0,
                  "button": widget_id(msg["data"]["html"], "button")}
        for n in range(1, 2 + i % 3):            # 1..3 clicks
            self.click(client, n)
        return client

    def reconnect(self, client: dict, expect_same=True):
        client["ws"].close()
        ws = self.open_ws(client["sid"], client["route"])
        msg = ws.recv_until(lambda m: m["type"] == "ui_update")[-1]
        html = msg["data"]["html"]
        if expect_same:
            self.assertEqual(msg["session_id"], client["sid"])
            self.assertNotIn("set-cookie", ws.headers)
            self.assertEqual(self.shown(html), (client["inst"], client["count"]),
                             f"session {client['i']} moved or lost its state")
        client["ws"], client["html"], client["msg"] = ws, html, msg
        return ws

    # -- tests ---------------------------------------------------------------------
    def test_page_static_and_health_under_the_prefix(self):
        status, headers, body, cookies = self.page()
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertIn(b"/app/static/streamlit_go.js", body)
        self.assertRegex(cookies["session_id"], r"^session_id=session_\d+_[0-9a-f]{32}; "
                                                r"Path=/app/; HttpOnly; SameSite=Lax$")
        for name, ctype in [("streamlit_go.js", "text/javascript"),
                            ("streamlit_go.css", "text/css")]:
            status, headers, body = get(self.port, f"/app/static/{name}")
            self.assertEqual(status, 200, name)
            self.assertTrue(headers["content-type"].startswith(ctype), headers)
            self.assertGreater(len(body), 1000)
            status, _, body = get(self.port, f"/app/static/{name}",
                                  headers=f"If-None-Match: {headers['etag']}\r\n")
            self.assertEqual((status, body), (304, b""))
        status, headers, body = get(self.port, "/app/health")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"status": "ok"})
        status, headers, _ = get(self.port, "/app")
        self.assertEqual(status, 308)
        self.assertTrue(headers["location"].endswith("/app/"), headers)
        # without the prefix nothing reaches the app
        self.assertEqual(get(self.port, "/health")[0], 404)
        # the Origin check works through the proxy: the public origin in, others out
        with self.assertRaisesRegex(ConnectionError, r"403"):
            self.open_ws("x", "y", origin="http://evil.example")

    def test_upload_through_the_proxy(self):
        # nginx refuses bodies over 1 MB unless told otherwise (client_max_body_size)
        status, _, _, cookies = self.page()
        sid, route = cookie_value(cookies["session_id"]), cookie_value(cookies["sg_route"])
        data = os.urandom(3 * 1024 * 1024)
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(f"POST /app/upload?sessionId={sid} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      f"Cookie: session_id={sid}; sg_route={route}\r\nX-File-Name: big.bin\r\n"
                      f"Content-Type: application/octet-stream\r\n"
                      f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode()
                      + data)
            raw = recv_until_closed(s, 10)
        status, _, body = parse_response(raw)
        self.assertEqual(status, 200, raw[:300])
        self.assertEqual(json.loads(body)["size"], len(data))

    def test_forwarded_proto_is_the_proxy_s_not_the_client_s(self):
        # nginx overwrites a client's own X-Forwarded-Proto with $scheme (http here)
        raw = http(self.port, b"GET /app/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              b"X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n")
        self.assertEqual(parse_response(raw)[0], 200)
        self.assertNotIn("Secure", all_set_cookies(raw)["session_id"])

    def test_forwarded_for_through_nginx_names_the_real_client(self):
        require_second_loopback(self)
        # an instance that logs (its error lines name the client), behind its own nginx
        srv = AppServer(INSTANCE_APP, "--root-path", self.PREFIX, "--forwarded-allow-ips",
                        "127.0.0.1", files={"instance.txt": "C"})
        self.addCleanup(srv.stop)
        srv.start()
        port = free_port()
        proxy = NginxProxy(find_nginx(), nginx_site_config(
            f"127.0.0.1:{port}", f"127.0.0.1:{srv.port}", f"127.0.0.1:{srv.port}"))
        self.addCleanup(proxy.stop)
        proxy.start(port)
        # the client (127.0.0.2) claims to be someone else; nginx appends the real peer
        raw = get_from(port, "/app/nope", "X-Forwarded-For: 203.0.113.9\r\n", "127.0.0.2")
        self.assertEqual(parse_response(raw)[0], 404)
        self.assertEqual(logged_clients(srv), ["127.0.0.2"])

    def test_sessions_spread_stick_and_fail_over_on_sigterm(self):
        t_start = time.monotonic()
        clients = [self.new_client(i) for i in range(self.SESSIONS)]
        spread = {name: sum(c["inst"] == name for c in clients) for name in ("A", "B")}
        NGINX_NUMBERS.update(sessions=len(clients), spread=spread)
        self.assertGreaterEqual(min(spread.values()), 5, spread)
        self.assertEqual(len({c["sid"] for c in clients}), len(clients))

        # every session stays on its instance: a reconnect finds it, state intact
        for c in clients:
            self.reconnect(c)
        # and a page reload with the cookies keeps it too (no new cookie)
        for c in clients[:6]:
            status, _, body, cookies = self.page({"session_id": c["sid"], "sg_route": c["route"]})
            self.assertEqual((status, cookies), (200, {}))
            self.assertIn(c["sid"].encode(), body)

        on_a = [c for c in clients if c["inst"] == "A"]
        on_b = [c for c in clients if c["inst"] == "B"]
        a = self.servers["A"]

        # SIGTERM to A: its clients see 1001 promptly, it exits 0
        t0 = time.monotonic()
        a.proc.send_signal(signal.SIGTERM)
        latencies = []
        for c in on_a:
            ev = None
            while time.monotonic() - t0 < 10:
                ev = c["ws"].recv_event(max(0.01, 10 - (time.monotonic() - t0)))
                if ev is None or ev[0] in ("close", "eof"):
                    break
            latencies.append(time.monotonic() - t0)
            self.assertIsNotNone(ev, f"session {c['i']}: no close within 10 s")
            self.assertEqual(ev[:2], ("close", 1001), f"session {c['i']}")
            c["ws"].close()                       # answer the close, as a browser does
        try:
            rc = a.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.fail("instance A did not exit within 10 s of SIGTERM")
        exit_s = time.monotonic() - t0
        self.assertEqual(rc, 0, a.stderr())
        self.assertLess(max(latencies), 2.0, latencies)
        self.assertLess(exit_s, 5.0)

        # B's sessions did not notice: same sockets, still answering, state intact
        for c in on_b:
            self.assertIsNone(c["ws"].closed, f"session {c['i']}")
            c["ws"].send("ping")
            c["ws"].recv_until(lambda m: m["type"] == "pong", timeout=5)
            self.click(c, c["count"] + 1)

        # A's clients come back with their old cookies and get a fresh session on B
        rehomed = 0
        for c in on_a:
            old = c["sid"]
            ws = self.reconnect(c, expect_same=False)
            self.assertIn("set-cookie", ws.headers, f"session {c['i']}: no new cookie")
            new = cookie_value(ws.headers["set-cookie"])
            self.assertNotEqual(new, old)
            self.assertIn(f"Path={self.PREFIX}/;", ws.headers["set-cookie"])
            self.assertEqual(c["msg"]["session_id"], new)
            self.assertEqual(self.shown(c["html"]), ("B", 0))
            ws.session_id = c["sid"] = new
            c["inst"], c["count"] = "B", 0
            c["button"] = widget_id(c["html"], "button")
            self.click(c, 1)
            rehomed += 1
        # ... and from then on stay there with their new session
        for c in on_a[:5]:
            self.reconnect(c)

        NGINX_NUMBERS.update(
            on_a=len(on_a), on_b=len(on_b), close_1001_max_s=round(max(latencies), 3),
            a_exit_s=round(exit_s, 3), a_rc=rc, rehomed_on_b=rehomed,
            total_s=round(time.monotonic() - t_start, 2))
        print(f"\nnginx deploy: {len(clients)} sessions through nginx -> A={spread['A']} "
              f"B={spread['B']}; SIGTERM A: {len(on_a)} WebSockets closed 1001 (slowest "
              f"{max(latencies):.3f} s), exit {rc} after {exit_s:.3f} s; {rehomed} re-homed "
              f"on B with fresh sessions; {len(on_b)} B sessions untouched", file=sys.stderr)


class ForwardedHeaderTests(unittest.TestCase):
    """--forwarded-allow-ips: X-Forwarded-For/-Proto believed from those peers only."""
    ARGS = ("--root-path", "/app", "--forwarded-allow-ips", "127.0.0.1")

    @classmethod
    def setUpClass(cls):
        # not --quiet: its error lines name the client, which is what is checked
        cls.server = AppServer(INSTANCE_APP, *cls.ARGS, files={"instance.txt": "C"}).start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        require_second_loopback(self)

    def client_logged_for(self, headers: str, source: str) -> str:
        before = len(logged_clients(self.server))
        raw = get_from(self.port, "/app/nope", headers, source)
        self.assertEqual(parse_response(raw)[0], 404)
        clients = logged_clients(self.server)      # logged before the answer is sent
        self.assertEqual(len(clients), before + 1, self.server.stderr())
        return clients[-1]

    def test_proto_believed_only_from_a_trusted_peer(self):
        https = "X-Forwarded-Proto: https\r\n"
        cookie = all_set_cookies(get_from(self.port, "/app/", https))["session_id"]
        self.assertTrue(cookie.endswith("; Secure"), cookie)
        ws = WSClient(self.port, "", path="/app/ws?sessionId=", headers=https)
        self.addCleanup(ws.close)
        self.assertTrue(ws.headers["set-cookie"].endswith("; Secure"), ws.headers)
        self.assertNotIn("Secure", all_set_cookies(get_from(self.port, "/app/"))["session_id"])
        # 127.0.0.2 is loopback too, but not in the list
        cookie = all_set_cookies(get_from(self.port, "/app/", https, "127.0.0.2"))["session_id"]
        self.assertNotIn("Secure", cookie)

    def test_forwarded_for_believed_only_from_a_trusted_peer(self):
        for headers, source, client in [
                ("", "127.0.0.1", "127.0.0.1"),
                ("", "127.0.0.2", "127.0.0.2"),
                ("X-Forwarded-For: 203.0.113.9\r\n", "127.0.0.1", "203.0.113.9"),
                ("X-Forwarded-For: 203.0.113.9\r\n", "127.0.0.2", "127.0.0.2"),
                # the right-most address no trusted proxy of ours added
                ("X-Forwarded-For: 198.51.100.7, 203.0.113.9, 127.0.0.1\r\n", "127.0.0.1",
                 "203.0.113.9")]:
            with self.subTest(headers=headers, source=source):
                self.assertEqual(self.client_logged_for(headers, source), client)

    def test_forwarded_for_over_several_header_lines(self):
        # A proxy may add its own X-Forwarded-For line instead of extending the
        # client's (HAProxy's `option forwardfor` does); the lines form one list
        # (RFC 9110 5.3), so the client's own first line must not be believed.
        headers = "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 203.0.113.9\r\n"
        self.assertEqual(self.client_logged_for(headers, "127.0.0.1"), "203.0.113.9")

    def test_without_the_option_nothing_forwarded_is_believed(self):
        with AppServer(INSTANCE_APP, "--root-path", "/app",
                       files={"instance.txt": "D"}) as srv:
            raw = get_from(srv.port, "/app/nope", "X-Forwarded-For: 203.0.113.9\r\n")
            self.assertEqual(parse_response(raw)[0], 404)
            self.assertEqual(logged_clients(srv), ["127.0.0.1"])
            raw = get_from(srv.port, "/app/", "X-Forwarded-Proto: https\r\n")
            self.assertNotIn("Secure", all_set_cookies(raw)["session_id"])


# =============================================================================
# 4d. Charts: the SVG pipeline (Vega-Lite, Plotly, maps, Graphviz) and its st API
# =============================================================================
# Geometry is read back out of the SVG with xml.etree: bar heights in ratio,
# stacked parts adding up, points where the scales put them, pie slices making
# a circle. Tests that need altair/plotly/pandas use need_module().

SVG_NS = "{http://www.w3.org/2000/svg}"


# -- Vega-Lite renderer (appendix B) -------------------------------------------

def vl_parse(svg: str) -> ET.Element:
    """Parse an SVG string (fails the test when it is not well-formed XML)."""
    return ET.fromstring(svg)


def vl_marks(svg: str, tag: str) -> list:
    """Return the drawn mark elements of a tag (inside the sg-marks groups)."""
    root = vl_parse(svg)
    out = []
    for g in root.iter(SVG_NS + "g"):
        if g.get("class") == "sg-marks":
            out.extend(g.iter(SVG_NS + tag))
    return out


def vl_mark_groups(svg: str) -> list:
    """Return every sg-marks group (one per view or facet panel)."""
    return [g for g in vl_parse(svg).iter(SVG_NS + "g") if g.get("class") == "sg-marks"]


def vl_fl(el, name) -> float:
    """Read a float attribute."""
    return float(el.get(name))


def vl_texts(svg: str) -> list:
    """Return all text contents of the SVG."""
    return [(t.text or "") for t in vl_parse(svg).iter(SVG_NS + "text")]


def vl_bar_spec(values, **enc):
    """A simple bar chart spec over records."""
    e = {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}
    e.update(enc)
    return {"data": {"values": values}, "mark": "bar", "encoding": e}


def vl_arc_sweeps(svg: str) -> list:
    """Return each pie slice's sweep in degrees from its path (M c L p0 A .. p1 Z)."""
    out = []
    for p in vl_marks(svg, "path"):
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", p.get("d"))]
        cx, cy, x0, y0 = nums[0:4]
        large, x1, y1 = nums[7], nums[9], nums[10]
        a0 = math.atan2(x0 - cx, -(y0 - cy))
        a1 = math.atan2(x1 - cx, -(y1 - cy))
        sweep = math.degrees((a1 - a0) % (2 * math.pi))
        if large and sweep < 180:
            sweep = 360 - sweep
        out.append(sweep)
    return out


class ChartVlBarTests(unittest.TestCase):
    def test_bar_heights_follow_data_ratio(self):
        for values in ([10, 20, 40], [3, 1, 2, 5], [100, 250]):
            with self.subTest(values=values):
                recs = [{"a": f"c{i}", "b": v} for i, v in enumerate(values)]
                rects = vl_marks(sg.render_vega_lite(vl_bar_spec(recs)).svg, "rect")
                self.assertEqual(len(rects), len(values))
                hs = [vl_fl(r, "height") for r in rects]
                for h, v in zip(hs, values):
                    self.assertAlmostEqual(h / hs[0], v / values[0], delta=0.02)

    def test_stacked_bars_add_up(self):
        recs = [{"a": x, "c": c, "b": v} for x, vals in (("p", (1, 2, 3)), ("q", (4, 4, 4)))
                for c, v in zip("uvw", vals)]
        spec = vl_bar_spec(recs, color={"field": "c", "type": "nominal"})
        rects = vl_marks(sg.render_vega_lite(spec).svg, "rect")
        self.assertEqual(len(rects), 6)
        by_x = {}
        for r in rects:
            by_x.setdefault(vl_fl(r, "x"), []).append(r)
        totals = []
        for segs in by_x.values():
            segs.sort(key=lambda r: vl_fl(r, "y"))
            for upper, lower in zip(segs, segs[1:]):          # contiguous segments
                self.assertAlmostEqual(vl_fl(upper, "y") + vl_fl(upper, "height"), vl_fl(lower, "y"), delta=0.15)
            totals.append(sum(vl_fl(r, "height") for r in segs))
        self.assertAlmostEqual(totals[1] / totals[0], 12 / 6, delta=0.02)

    def test_normalized_bars_fill_the_band(self):
        recs = [{"a": x, "c": c, "b": v} for x, vals in (("p", (1, 2, 7)), ("q", (5, 1, 1)))
                for c, v in zip("uvw", vals)]
        spec = vl_bar_spec(recs, color={"field": "c", "type": "nominal"},
                        y={"field": "b", "type": "quantitative", "stack": "normalize"})
        svg = sg.render_vega_lite(spec).svg
        rects = vl_marks(svg, "rect")
        sums = {}
        for r in rects:
            sums[vl_fl(r, "x")] = sums.get(vl_fl(r, "x"), 0) + vl_fl(r, "height")
        a, b = sums.values()
        self.assertAlmostEqual(a, b, delta=0.3)
        self.assertIn("100%", vl_texts(svg))
        top = min(vl_fl(r, "y") for r in rects)
        bottom = max(vl_fl(r, "y") + vl_fl(r, "height") for r in rects)
        self.assertAlmostEqual(bottom - top, a, delta=0.3)

    def test_horizontal_bars_widths(self):
        recs = [{"a": k, "b": v} for k, v in (("x", 5), ("y", 10))]
        spec = {"data": {"values": recs}, "mark": "bar",
                "encoding": {"y": {"field": "a", "type": "nominal"},
                             "x": {"field": "b", "type": "quantitative"}}}
        rects = vl_marks(sg.render_vega_lite(spec).svg, "rect")
        w = sorted(vl_fl(r, "width") for r in rects)
        self.assertAlmostEqual(w[1] / w[0], 2.0, delta=0.02)
        self.assertEqual(len({vl_fl(r, "x") for r in rects}), 1)     # common baseline

    def test_grouped_bars_with_xoffset_share_a_band(self):
        recs = [{"a": x, "c": c, "b": 1 + i} for x in "pq" for i, c in enumerate("uv")]
        spec = vl_bar_spec(recs, color={"field": "c", "type": "nominal"},
                        xOffset={"field": "c", "type": "nominal"})
        spec["encoding"]["y"]["stack"] = None
        rects = vl_marks(sg.render_vega_lite(spec).svg, "rect")
        xs = sorted(vl_fl(r, "x") for r in rects)
        self.assertEqual(len(set(xs)), 4)                   # side by side, not stacked
        hs = sorted(vl_fl(r, "height") for r in rects)
        self.assertAlmostEqual(hs[-1] / hs[0], 2.0, delta=0.02)


class ChartVlPositionTests(unittest.TestCase):
    def test_points_at_scaled_positions(self):
        pts = [(0, 0), (2, 50), (5, 20), (10, 100)]
        spec = {"data": {"values": [{"x": a, "y": b} for a, b in pts]}, "mark": "circle",
                "encoding": {"x": {"field": "x", "type": "quantitative"},
                             "y": {"field": "y", "type": "quantitative"}}}
        circles = vl_marks(sg.render_vega_lite(spec).svg, "circle")
        self.assertEqual(len(circles), 4)
        got = [(vl_fl(c, "cx"), vl_fl(c, "cy")) for c in circles]
        (x0, y0), (x3, y3) = got[0], got[3]
        for (dx, dy), (cx, cy) in zip(pts, got):
            with self.subTest(point=(dx, dy)):
                self.assertAlmostEqual(cx, x0 + (x3 - x0) * dx / 10, delta=0.15)
                self.assertAlmostEqual(cy, y0 + (y3 - y0) * dy / 100, delta=0.15)
        self.assertLess(y3, y0)                              # y grows upwards

    def test_log_scale_ticks_are_powers_of_ten(self):
        spec = {"data": {"values": [{"x": i, "y": 10 ** i} for i in range(6)]}, "mark": "point",
                "encoding": {"x": {"field": "x", "type": "quantitative"},
                             "y": {"field": "y", "type": "quantitative", "scale": {"type": "log"}}}}
        svg = sg.render_vega_lite(spec).svg
        for label in ("1", "10", "100", "1,000", "100,000"):
            self.assertIn(label, vl_texts(svg))
        cys = [vl_fl(c, "cy") for c in vl_marks(svg, "path") + vl_marks(svg, "circle")]
        gaps = [round(a - b, 1) for a, b in zip(cys, cys[1:])]
        self.assertTrue(all(abs(g - gaps[0]) < 0.3 for g in gaps))   # equal steps per decade

    def test_temporal_axis_labels_months(self):
        recs = [{"d": f"2024-{m:02d}-15", "v": m} for m in range(1, 7)]
        spec = {"data": {"values": recs}, "mark": "line",
                "encoding": {"x": {"field": "d", "type": "temporal"},
                             "y": {"field": "v", "type": "quantitative"}}}
        labels = vl_texts(sg.render_vega_lite(spec).svg)
        for month in ("Feb 2024", "Mar 2024", "Jun 2024"):
            self.assertIn(month, labels)

    def test_time_formats_follow_the_span(self):
        cases = [(86400000 * 3, [r"^Jan 02$", r"^12:00$"]), (86400000 * 365 * 6, [r"^2026$"]),
                 (3600000 * 5, [r"^02:00$"]), (86400000 * 120, [r"^Mar 2024$"])]
        for span, patterns in cases:
            with self.subTest(span=span):
                start = 1704067200000
                recs = [{"t": start + span * k / 10, "v": k} for k in range(11)]
                spec = {"data": {"values": recs}, "mark": "line",
                        "encoding": {"x": {"field": "t", "type": "temporal"},
                                     "y": {"field": "v", "type": "quantitative"}}}
                labels = vl_texts(sg.render_vega_lite(spec).svg)
                for pattern in patterns:
                    self.assertTrue(any(re.search(pattern, x) for x in labels), (pattern, labels))

    def test_epoch_ms_and_iso_dates_agree(self):
        iso = [{"d": "2024-01-01", "v": 1}, {"d": "2024-03-01", "v": 2}]
        ms = [{"d": 1704067200000, "v": 1}, {"d": 1709251200000, "v": 2}]
        out = []
        for recs in (iso, ms):
            spec = {"data": {"values": recs}, "mark": "point",
                    "encoding": {"x": {"field": "d", "type": "temporal"},
                                 "y": {"field": "v", "type": "quantitative"}}}
            out.append([(c.get("cx"), c.get("cy")) for c in vl_marks(sg.render_vega_lite(spec).svg, "path")])
        self.assertEqual(out[0], out[1])


class ChartVlOtherMarkTests(unittest.TestCase):
    def test_pie_arcs_sum_to_360(self):
        for values in ([1, 1, 2], [5, 3, 9, 1, 2], [7]):
            with self.subTest(values=values):
                spec = {"data": {"values": [{"c": f"k{i}", "v": v} for i, v in enumerate(values)]},
                        "mark": "arc", "encoding": {"theta": {"field": "v", "type": "quantitative"},
                                                    "color": {"field": "c", "type": "nominal"}}}
                svg = sg.render_vega_lite(spec).svg
                if len(values) == 1:
                    self.assertEqual(len(vl_marks(svg, "path")), 1)
                    continue
                sweeps = vl_arc_sweeps(svg)
                self.assertAlmostEqual(sum(sweeps), 360.0, delta=0.5)
                for s, v in zip(sweeps, values):
                    self.assertAlmostEqual(s, 360 * v / sum(values), delta=0.5)

    def test_donut_has_inner_arc(self):
        spec = {"data": {"values": [{"c": "a", "v": 1}, {"c": "b", "v": 3}]},
                "mark": {"type": "arc", "innerRadius": 40},
                "encoding": {"theta": {"field": "v", "type": "quantitative"}, "color": {"field": "c"}}}
        paths = vl_marks(sg.render_vega_lite(spec).svg, "path")
        self.assertTrue(all(p.get("d").count("A") == 2 for p in paths))

    def test_heatmap_cells_take_scale_colours(self):
        recs = [{"x": x, "y": y, "z": x * 3 + y} for x in range(3) for y in range(3)]
        spec = {"data": {"values": recs}, "mark": "rect",
                "encoding": {"x": {"field": "x", "type": "ordinal"}, "y": {"field": "y", "type": "ordinal"},
                             "color": {"field": "z", "type": "quantitative"}}}
        rects = vl_marks(sg.render_vega_lite(spec).svg, "rect")
        self.assertEqual(len(rects), 9)
        fills = [r.get("fill") for r in rects]
        self.assertEqual(fills[0], sg.CHART_RAMP[0])       # z = 0, the domain minimum
        self.assertEqual(fills[-1], sg.CHART_RAMP[-1])     # z = 8, the maximum
        widths = {vl_fl(r, "width") for r in rects}
        self.assertEqual(len(widths), 1)             # cells fill equal bands

    def test_layered_line_and_rule(self):
        recs = [{"x": i, "y": i * 10} for i in range(11)]
        spec = {"data": {"values": recs}, "layer": [
            {"mark": "line", "encoding": {"x": {"field": "x", "type": "quantitative"},
                                         "y": {"field": "y", "type": "quantitative"}}},
            {"mark": "rule", "encoding": {"y": {"datum": 50}}}]}
        svg = sg.render_vega_lite(spec).svg
        paths, lines = vl_marks(svg, "path"), vl_marks(svg, "line")
        self.assertEqual(len(paths), 1)
        self.assertEqual(len(lines), 1)
        pts = [tuple(map(float, p.split(","))) for p in paths[0].get("d")[1:].split("L")]
        mid_y = pts[5][1]                       # the line passes y=50 at x=5
        self.assertAlmostEqual(vl_fl(lines[0], "y1"), mid_y, delta=0.15)
        self.assertAlmostEqual(vl_fl(lines[0], "y1"), vl_fl(lines[0], "y2"))

    def test_area_stacks(self):
        recs = [{"x": i, "s": s, "v": 1.0} for i in range(5) for s in "ab"]
        spec = {"data": {"values": recs}, "mark": "area",
                "encoding": {"x": {"field": "x", "type": "quantitative"},
                             "y": {"field": "v", "type": "quantitative"},
                             "color": {"field": "s", "type": "nominal"}}}
        paths = vl_marks(sg.render_vega_lite(spec).svg, "path")
        tops = [min(float(v) for v in re.findall(r",(-?[\d.]+)", p.get("d"))) for p in paths]
        self.assertEqual(len(paths), 2)
        self.assertNotAlmostEqual(tops[0], tops[1], delta=1)   # second series sits on the first

    def test_boxplot_median_and_box(self):
        recs = [{"g": "a", "v": float(v)} for v in range(1, 10)]
        spec = {"data": {"values": recs}, "mark": "boxplot",
                "encoding": {"x": {"field": "g", "type": "nominal"},
                             "y": {"field": "v", "type": "quantitative"}}}
        svg = sg.render_vega_lite(spec).svg
        box = vl_marks(svg, "rect")[0]
        lines = vl_marks(svg, "line")
        median = [l for l in lines if l.get("stroke-width") == "2"][0]
        y_q1 = vl_fl(box, "y") + vl_fl(box, "height")
        y_q3 = vl_fl(box, "y")
        self.assertAlmostEqual(vl_fl(median, "y1"), (y_q1 + y_q3) / 2, delta=0.2)   # 3, 5, 7

    def test_text_mark_shows_formatted_values(self):
        spec = {"data": {"values": [{"a": "x", "b": 0.256}]}, "mark": {"type": "text"},
                "encoding": {"x": {"field": "a", "type": "nominal"},
                             "y": {"field": "b", "type": "quantitative"},
                             "text": {"field": "b", "type": "quantitative", "format": ".1%"}}}
        self.assertEqual(vl_marks(sg.render_vega_lite(spec).svg, "text")[0].text, "25.6%")

    def test_facet_produces_panels(self):
        recs = [{"x": i, "y": i % 3, "g": g} for g in ("a", "b", "c") for i in range(5)]
        for spec in (
            {"data": {"values": recs}, "mark": "point",
             "encoding": {"x": {"field": "x", "type": "quantitative"},
                          "y": {"field": "y", "type": "quantitative"},
                          "column": {"field": "g", "type": "nominal"}}},
            {"data": {"values": recs}, "facet": {"field": "g", "type": "nominal"}, "columns": 2,
             "spec": {"mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"},
                                                    "y": {"field": "y", "type": "quantitative"}}}},
        ):
            with self.subTest(kind=list(spec)[1]):
                r = sg.render_vega_lite(spec)
                groups = vl_mark_groups(r.svg)
                self.assertEqual(len(groups), 3)
                self.assertEqual([len(list(g)) for g in groups], [5, 5, 5])
                self.assertTrue({"a", "b", "c"} <= set(vl_texts(r.svg)))

    def test_concat_and_repeat(self):
        recs = [{"p": i, "q": i * 2} for i in range(10)]
        enc = {"x": {"field": "p", "type": "quantitative"}, "y": {"field": "q", "type": "quantitative"}}
        cases = [
            ({"data": {"values": recs}, "hconcat": [{"mark": "point", "encoding": enc},
                                                     {"mark": "line", "encoding": enc}]}, 2),
            ({"data": {"values": recs}, "vconcat": [{"mark": "point", "encoding": enc}] * 3}, 3),
            ({"data": {"values": recs}, "repeat": ["p", "q"], "spec": {
                "mark": "bar", "encoding": {"x": {"field": {"repeat": "repeat"}, "bin": True,
                                                  "type": "quantitative"},
                                            "y": {"aggregate": "count", "type": "quantitative"}}}}, 2),
        ]
        for spec, n in cases:
            with self.subTest(n=n):
                self.assertEqual(len(vl_mark_groups(sg.render_vega_lite(spec).svg)), n)


class ChartVlTransformTests(unittest.TestCase):
    def rows(self, transforms, values):
        return sg._apply_transforms([dict(v) for v in values], transforms, sg._ChartCtx())

    def test_transforms(self):
        base = [{"k": "a", "v": 1}, {"k": "b", "v": 2}, {"k": "a", "v": 3}, {"k": "b", "v": None}]
        cases = [
            ("filter expr", [{"filter": "datum.v > 1"}], [2, 3]),
            ("filter oneOf", [{"filter": {"field": "k", "oneOf": ["b"]}}], [2, None]),
            ("filter range", [{"filter": {"field": "v", "range": [2, 3]}}], [2, 3]),
            ("filter valid", [{"filter": {"field": "v", "valid": True}}], [1, 2, 3]),
            ("filter and/not", [{"filter": {"and": [{"field": "k", "equal": "a"},
                                                    {"not": {"field": "v", "lt": 2}}]}}], [3]),
            ("calculate", [{"calculate": "datum.v * 2 + 1", "as": "w"},
                           {"filter": "isValid(datum.v)"}], [1, 2, 3]),
        ]
        for name, ts, want in cases:
            with self.subTest(name):
                self.assertEqual([r["v"] for r in self.rows(ts, base)], want)
        calc = self.rows([{"calculate": "datum.k == 'a' ? upper(datum.k) : 'x' + datum.v", "as": "w"}], base)
        self.assertEqual([r["w"] for r in calc], ["A", "x2", "A", "xnull"])
        agg = self.rows([{"aggregate": [{"op": "sum", "field": "v", "as": "s"},
                                        {"op": "count", "as": "n"}], "groupby": ["k"]}], base)
        self.assertEqual({r["k"]: (r["s"], r["n"]) for r in agg}, {"a": (4.0, 2.0), "b": (2.0, 2.0)})
        fold = self.rows([{"fold": ["x", "y"]}], [{"x": 1, "y": 2}])
        self.assertEqual([(r["key"], r["value"]) for r in fold], [("x", 1), ("y", 2)])
        win = self.rows([{"window": [{"op": "sum", "field": "v", "as": "cum"},
                                     {"op": "rank", "as": "rank"},
                                     {"op": "row_number", "as": "n"}],
                          "sort": [{"field": "v"}], "frame": [None, 0]}],
                        [{"v": 3}, {"v": 1}, {"v": 2}, {"v": 2}])
        self.assertEqual([(r["v"], r["cum"], r["rank"], r["n"]) for r in win],
                         [(1, 1.0, 1.0, 1.0), (2, 3.0, 2.0, 2.0), (2, 5.0, 2.0, 3.0), (3, 8.0, 4.0, 4.0)])
        join = self.rows([{"joinaggregate": [{"op": "mean", "field": "v", "as": "m"}], "groupby": ["k"]}],
                         base[:3])
        self.assertEqual([r["m"] for r in join], [2.0, 2.0, 2.0])
        binned = self.rows([{"bin": {"maxbins": 5}, "field": "v", "as": "b"}], [{"v": x} for x in range(10)])
        self.assertEqual(sorted({r["b"] for r in binned}), [0, 2, 4, 6, 8])
        tu = self.rows([{"timeUnit": "yearmonth", "field": "d", "as": "m"}], [{"d": "2024-03-17T10:00:00"}])
        self.assertEqual(tu[0]["m"], 1709251200000.0)

    def test_transforms_reach_the_chart(self):
        recs = [{"k": k, "v": v} for k, v in (("a", 1), ("a", 2), ("b", 5), ("c", -1))]
        spec = {"data": {"values": recs}, "mark": "bar",
                "transform": [{"filter": "datum.v > 0"}, {"calculate": "datum.v * 10", "as": "w"}],
                "encoding": {"x": {"field": "k", "type": "nominal"},
                             "y": {"aggregate": "sum", "field": "w", "type": "quantitative"}}}
        r = sg.render_vega_lite(spec, selectable=True)
        self.assertEqual({p["k"]: p["sum_w"] for p in r.points}, {"a": 30.0, "b": 50.0})

    def test_expression_parser_refuses_python(self):
        bad = ["__import__('os').system('x')", "datum.x.__class__.__mro__", "open('f')",
               "(1).__class__", "lambda: 1", "datum['a'](1)", "a = 1", "eval('1')", "x" * 3000,
               "(" * 200 + "1" + ")" * 200, "[].__class__"]
        for text in bad:
            with self.subTest(text=text[:30]):
                try:
                    fn = sg.parse_expression(text)
                except sg._ExprError:
                    continue
                self.assertIsNone(fn({"x": {"y": 1}}))   # member access only reads dict keys
        good = [("abs(-2) + sqrt(16)", 6.0), ("datum['a b'] * 2", 8.0), ("1 < 2 && !(3 > 4)", True),
                ("max(1, 5, 3) % 3", 2.0), ("toNumber('2.5') + length('abc')", 5.5),
                ("round(2.5) + floor(-1.5)", 1.0), ("year(datum.d)", 2024), ("month(datum.d)", 1),
                ("pow(2, 10)", 1024.0), ("datum.missing == null", True), ("null === undefined", True)]
        for text, want in good:
            with self.subTest(text=text):
                self.assertEqual(sg.parse_expression(text)({"a b": 4, "d": "2024-02-01"}), want)
        r = sg.render_vega_lite({"data": {"values": [{"a": 1}]}, "mark": "point",
                                 "transform": [{"calculate": "__import__('os')", "as": "z"}],
                                 "encoding": {"x": {"field": "a", "type": "quantitative"}}})
        self.assertTrue(any("transform skipped" in n for n in r.notes))


class ChartVlThinningTests(unittest.TestCase):
    def test_lttb_keeps_extremes_and_ends(self):
        n = 10_000
        xs = list(range(n))
        ys = [math.sin(i / 50.0) for i in xs]
        ys[1234], ys[7777] = 50.0, -60.0
        for target in (20, 100, 500):
            with self.subTest(target=target):
                idx = sg.lttb(xs, ys, target)
                self.assertEqual(idx[0], 0)
                self.assertEqual(idx[-1], n - 1)
                self.assertIn(1234, idx)
                self.assertIn(7777, idx)
                self.assertEqual(idx, sorted(set(idx)))
                self.assertLessEqual(len(idx), 3 * target)
        self.assertEqual(sg.lttb([1, 2, 3], [1, 2, 3], 10), [0, 1, 2])

    def test_100k_point_line_is_small_and_fast(self):
        recs = [{"x": i, "y": math.sin(i / 300.0) + (i % 7) * 0.01} for i in range(100_000)]
        recs[50_000]["y"] = 9.0
        spec = {"data": {"values": recs}, "mark": "line",
                "encoding": {"x": {"field": "x", "type": "quantitative"},
                             "y": {"field": "y", "type": "quantitative"}}}
        t = time.perf_counter()
        r = sg.render_vega_lite(spec)
        ms = (time.perf_counter() - t) * 1000
        print(f"\n100k-point line: {ms:.0f} ms, {len(r.svg) / 1024:.1f} KB", file=sys.stderr)
        self.assertLessEqual(len(r.svg.encode()), 100 * 1024)
        path = vl_marks(r.svg, "path")[0].get("d")
        ys = [float(p.split(",")[1]) for p in path[1:].split("L")]
        self.assertEqual(min(ys), min(ys))
        self.assertLess(min(ys), 30)                        # the spike survives thinning
        self.assertEqual(r.notes, [])

    def test_many_points_become_a_density_grid(self):
        recs = [{"x": (i * 7919) % 1000, "y": (i * 104729) % 997} for i in range(50_000)]
        spec = {"data": {"values": recs}, "mark": "point",
                "encoding": {"x": {"field": "x", "type": "quantitative"},
                             "y": {"field": "y", "type": "quantitative"}}}
        r = sg.render_vega_lite(spec)
        self.assertEqual(r.notes, [])
        self.assertLess(len(r.svg), 150 * 1024)
        self.assertFalse(vl_marks(r.svg, "circle"))
        self.assertTrue(all(p.get("class") == "sg-density" for p in vl_marks(r.svg, "path")))


class ChartVlBuiltinTests(unittest.TestCase):
    cols = ["index", "a", "b"]
    rows = [[0, 1.0, 2.0], [1, 3.0, 1.0], [2, 2.0, 2.0]]

    def test_wide_data_is_folded(self):
        spec = sg.builtin_chart_spec("line", self.cols, self.rows)
        self.assertEqual(len(spec["data"]["values"]), 6)
        self.assertEqual(spec["encoding"]["color"]["field"], "series")
        paths = vl_marks(sg.render_vega_lite(spec).svg, "path")
        self.assertEqual(len(paths), 2)
        self.assertEqual([p.get("stroke") for p in paths], sg.CHART_PALETTE[:2])

    def test_bar_stack_modes(self):
        cases = [(None, "stacked"), (True, "stacked"), (False, "grouped"), ("normalize", "stacked"),
                 ("layered", "layered")]
        for stack, kind in cases:
            with self.subTest(stack=stack):
                spec = sg.builtin_chart_spec("bar", self.cols, self.rows, stack=stack)
                rects = vl_marks(sg.render_vega_lite(spec).svg, "rect")
                self.assertEqual(len(rects), 6)
                xs = {vl_fl(r, "x") for r in rects}
                self.assertEqual(len(xs), 6 if kind == "grouped" else 3)
                if kind == "layered":
                    self.assertTrue(all(r.get("fill-opacity") == "0.70" for r in rects))

    def test_horizontal_and_sort(self):
        spec = sg.builtin_chart_spec("bar", ["k", "v"], [["x", 1], ["y", 3], ["z", 2]], x="k",
                                     horizontal=True, sort="-v")
        self.assertEqual(spec["encoding"]["y"]["field"], "k")
        rects = vl_marks(sg.render_vega_lite(spec).svg, "rect")
        by_y = sorted(rects, key=lambda r: vl_fl(r, "y"))
        widths = [vl_fl(r, "width") for r in by_y]
        self.assertEqual(widths, sorted(widths, reverse=True))      # descending from the top
        unsorted = sg.builtin_chart_spec("bar", ["k", "v"], [["z", 1], ["a", 3]], x="k", sort=False)
        labels = [t for t in vl_texts(sg.render_vega_lite(unsorted).svg) if t in ("z", "a")]
        self.assertEqual(labels, ["z", "a"])

    def test_scatter_size_and_color(self):
        spec = sg.builtin_chart_spec("scatter", ["p", "q", "g", "s"],
                                     [[1, 2, "u", 1], [2, 3, "v", 10]], x="p", y="q", color="g", size="s")
        circles = vl_marks(sg.render_vega_lite(spec).svg, "circle")
        self.assertEqual(len(circles), 2)
        self.assertLess(vl_fl(circles[0], "r"), vl_fl(circles[1], "r"))
        self.assertNotEqual(circles[0].get("fill"), circles[1].get("fill"))
        spec = sg.builtin_chart_spec("line", self.cols, self.rows, color=["#ff0000", "#00ff00"])
        self.assertEqual([p.get("stroke") for p in vl_marks(sg.render_vega_lite(spec).svg, "path")],
                         ["#ff0000", "#00ff00"])


class ChartVlRobustnessTests(unittest.TestCase):
    def test_bad_specs_give_an_svg_with_a_note(self):
        cases = [None, 42, {}, {"mark": "geoshape"}, {"mark": "bar", "encoding": "junk"},
                 {"mark": "bar", "encoding": {"x": {"field": {"a": 1}}}},
                 {"mark": {"type": "nope"}}, {"layer": [{"layer": [{"layer": []}]}]},
                 {"data": {"url": "https://example.com/x.csv"}, "mark": "bar",
                  "encoding": {"x": {"field": "a"}}},
                 {"data": {"values": [{"a": 1}]}, "mark": "bar",
                  "encoding": {"x": {"field": "a", "type": "quantitative", "scale": {"type": "quantize"}},
                               "wobble": {"field": "a"}}},
                 {"data": {"values": "not a list"}, "mark": "point"},
                 {"data": {"values": [1, 2, 3]}, "mark": "tick", "encoding": {"x": {"field": "data"}}},
                 {"vconcat": [{"hconcat": [{"facet": {"row": {"field": "a"}}, "spec": {"mark": "bar"}}]}]}]
        for spec in cases:
            with self.subTest(spec=str(spec)[:50]):
                r = sg.render_vega_lite(spec)
                root = vl_parse(r.svg)
                self.assertEqual(root.tag, SVG_NS + "svg")
                self.assertEqual(root.get("class"), "sg-svg")
        self.assertIn('mark "geoshape" is not supported', sg.render_vega_lite({"mark": "geoshape"}).notes)

    def test_named_datasets_and_given_data(self):
        spec = {"datasets": {"d1": [{"a": "x", "b": 2}, {"a": "y", "b": 4}]}, "data": {"name": "d1"},
                "mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"},
                                            "y": {"field": "b", "type": "quantitative"}}}
        self.assertEqual(len(vl_marks(sg.render_vega_lite(spec).svg, "rect")), 2)
        r = sg.render_vega_lite(spec, [{"a": "p", "b": 1}, {"a": "q", "b": 1}, {"a": "r", "b": 1}])
        self.assertEqual(len(vl_marks(r.svg, "rect")), 3)
        self.assertIn("p", vl_texts(r.svg))

    def test_escaping_and_selectable_points(self):
        spec = vl_bar_spec([{"a": "<script>&", "b": 1}, {"a": "ok", "b": 2}])
        r = sg.render_vega_lite(spec, selectable=True)
        self.assertNotIn("<script>", r.svg)
        rects = vl_marks(r.svg, "rect")
        self.assertEqual([int(x.get("data-sg-pt")) for x in rects], [0, 1])
        self.assertTrue(all("sg-pt" in x.get("class") for x in rects))
        self.assertEqual(r.points[rects[0].get("data-sg-pt") and 0]["a"], "<script>&")
        self.assertIn("<script>&", [t.text for t in vl_parse(r.svg).iter(SVG_NS + "title")][0])

    def test_points_keep_user_fields(self):
        spec = vl_bar_spec([{"a": "x", "b": 1, "__sg_pt": 7}])
        self.assertEqual(sg.render_vega_lite(spec, selectable=True).points, [{"a": "x", "b": 1.0, "__sg_pt": 7}])

    def test_dual_axis_layers(self):
        recs = [{"m": i, "t": 10 + i, "p": 1000 - i * 50} for i in range(1, 13)]
        spec = {"data": {"values": recs}, "resolve": {"scale": {"y": "independent"}}, "layer": [
            {"mark": "bar", "encoding": {"x": {"field": "m", "type": "ordinal"},
                                         "y": {"field": "p", "type": "quantitative"}}},
            {"mark": "line", "encoding": {"x": {"field": "m", "type": "ordinal"},
                                          "y": {"field": "t", "type": "quantitative"}}}]}
        r = sg.render_vega_lite(spec)
        self.assertEqual(r.notes, [])
        labels = vl_texts(r.svg)
        self.assertIn("1,000", labels)
        self.assertIn("25", labels)                      # the right-hand axis
        self.assertIn("p", labels)
        self.assertNotIn("p, t", labels)
        self.assertEqual(len(vl_marks(r.svg, "rect")), 12)

    def test_condition_with_param_uses_selected_branch(self):
        spec = {"data": {"values": [{"a": "x", "b": 1, "c": "u"}, {"a": "y", "b": 2, "c": "v"}]},
                "params": [{"name": "p", "select": "point"}], "mark": "bar",
                "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"},
                             "color": {"condition": {"param": "p", "field": "c", "type": "nominal"},
                                       "value": "lightgray"}}}
        r = sg.render_vega_lite(spec)
        self.assertEqual([x.get("fill") for x in vl_marks(r.svg, "rect")], sg.CHART_PALETTE[:2])
        self.assertEqual(r.notes, [])


class ChartVlAltairTests(unittest.TestCase):
    def setUp(self):
        global alt, pd
        alt, pd = need_module(self, "altair"), need_module(self, "pandas")

    def render(self, chart):
        r = sg.render_vega_lite(chart.to_dict())
        self.assertEqual(r.notes, [], r.notes)
        return r.svg

    def test_simple_bar(self):
        src = pd.DataFrame({"a": list("ABCDE"), "b": [28, 55, 43, 91, 81]})
        rects = vl_marks(self.render(alt.Chart(src).mark_bar().encode(x="a", y="b")), "rect")
        self.assertAlmostEqual(vl_fl(rects[3], "height") / vl_fl(rects[0], "height"), 91 / 28, delta=0.02)

    def test_stacked_bar(self):
        df = pd.DataFrame([{"v": v, "s": s, "y": float(i + j + 1)} for i, v in enumerate("pq")
                           for j, s in enumerate("abc")])
        rects = vl_marks(self.render(alt.Chart(df).mark_bar().encode(x="v", y="sum(y)", color="s")), "rect")
        self.assertEqual(len(rects), 6)
        h = {}
        for r in rects:
            h[r.get("x")] = h.get(r.get("x"), 0) + vl_fl(r, "height")
        a, b = h.values()
        self.assertAlmostEqual(b / a, 9 / 6, delta=0.02)

    def test_stacked_area(self):
        df = pd.DataFrame({"date": list(pd.date_range("2024-01-01", periods=10)) * 2,
                           "v": [1.0] * 20, "s": ["a"] * 10 + ["b"] * 10})
        svg = self.render(alt.Chart(df).mark_area().encode(x="date:T", y="v:Q", color="s:N"))
        self.assertEqual(len(vl_marks(svg, "path")), 2)
        self.assertIn("2.0", vl_texts(svg))                    # stacked to 2

    def test_scatter_with_colour(self):
        df = pd.DataFrame({"h": [50, 100, 150], "m": [10, 20, 30], "o": ["x", "y", "x"]})
        svg = self.render(alt.Chart(df).mark_point().encode(x="h", y="m", color="o"))
        pts = vl_marks(svg, "circle")
        self.assertEqual([p.get("stroke") for p in pts], [sg.CHART_PALETTE[0], sg.CHART_PALETTE[1], sg.CHART_PALETTE[0]])
        xs = [vl_fl(p, "cx") for p in pts]
        self.assertAlmostEqual(xs[1] - xs[0], xs[2] - xs[1], delta=0.15)

    def test_heatmap(self):
        df = pd.DataFrame([{"x": x, "y": y, "z": x + y} for x in range(4) for y in range(4)])
        svg = self.render(alt.Chart(df).mark_rect().encode(x="x:O", y="y:O", color="z:Q"))
        fills = {r.get("fill") for r in vl_marks(svg, "rect")}
        self.assertIn(sg.CHART_RAMP[0], fills)
        self.assertIn(sg.CHART_RAMP[-1], fills)

    def test_layered_line_and_rule(self):
        df = pd.DataFrame({"x": range(10), "y": [float(v) for v in range(10)]})
        base = alt.Chart(df)
        svg = self.render(base.mark_line().encode(x="x", y="y") + base.mark_rule().encode(y="mean(y)"))
        rule = vl_marks(svg, "line")[0]
        d = vl_marks(svg, "path")[0].get("d")
        ys = [float(p.split(",")[1]) for p in d[1:].split("L")]
        self.assertAlmostEqual(vl_fl(rule, "y1"), (ys[0] + ys[-1]) / 2, delta=0.2)   # mean 4.5

    def test_pie_and_donut(self):
        df = pd.DataFrame({"c": list("abc"), "v": [1, 2, 3]})
        svg = self.render(alt.Chart(df).mark_arc().encode(theta="v", color="c"))
        self.assertAlmostEqual(sum(vl_arc_sweeps(svg)), 360, delta=0.5)
        svg = self.render(alt.Chart(df).mark_arc(innerRadius=50).encode(theta="v", color="c"))
        self.assertEqual(len(vl_marks(svg, "path")), 3)

    def test_histogram(self):
        df = pd.DataFrame({"r": [1, 1, 2, 2, 2, 3, 7, 8, 9, 9]})
        svg = self.render(alt.Chart(df).mark_bar().encode(alt.X("r:Q", bin=True), y="count()"))
        rects = vl_marks(svg, "rect")
        self.assertEqual(sum(1 for _ in rects), len({r.get("x") for r in rects}))
        self.assertIn("Count of Records", vl_texts(svg))

    def test_line_with_time_unit(self):
        df = pd.DataFrame({"date": pd.date_range("2023-01-01", periods=365), "t": range(365)})
        svg = self.render(alt.Chart(df).mark_line().encode(x="month(date):T", y="mean(t):Q"))
        labels = vl_texts(svg)
        self.assertTrue({"Jan", "Apr", "Jul"} <= set(labels), labels)
        d = vl_marks(svg, "path")[0].get("d")
        self.assertEqual(d.count("L"), 11)                    # 12 monthly means

    def test_facet_and_selection_chart(self):
        df = pd.DataFrame({"x": range(6), "y": range(6), "g": list("ababab")})
        sel = alt.selection_point()
        chart = alt.Chart(df).mark_point().encode(
            x="x", y="y", color=alt.condition(sel, "g", alt.value("gray"))).add_params(sel)
        self.assertEqual(len(vl_marks(self.render(chart), "circle")), 6)
        facet = alt.Chart(df).mark_point().encode(x="x", y="y").facet(column="g")
        self.assertEqual(len(vl_mark_groups(self.render(facet))), 2)



# -- Plotly figures (appendix C) -----------------------------------------------

def pl_convert(fig):
    """Return (spec, notes, points) and check the spec is JSON."""
    spec, notes, points = sg.plotly_to_vega_lite(fig)
    json.dumps(spec)
    return spec, notes, points


def pl_units(spec):
    """Every unit spec (one with a mark) inside a spec, depth first."""
    out = []
    if "mark" in spec:
        out.append(spec)
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key) or []:
            out.extend(pl_units(sub))
    if isinstance(spec.get("spec"), dict):
        out.extend(pl_units(spec["spec"]))
    return out


def pl_mark_type(unit):
    m = unit["mark"]
    return m if isinstance(m, str) else m["type"]


def pl_rows(unit):
    return unit["data"]["values"]


def pl_bdata(values, code, dtype, shape=None):
    raw = struct.pack("<%d%s" % (len(values), code), *values)
    out = {"dtype": dtype, "bdata": base64.b64encode(raw).decode()}
    if shape:
        out["shape"] = shape
    return out


class ChartPlotlyDecodingTests(unittest.TestCase):
    def test_typed_arrays(self):
        cases = [("f8", "d", [1.5, -2.25]), ("f4", "f", [0.5, 3.0]), ("i1", "b", [-3, 7]),
                 ("i2", "h", [-300, 7]), ("i4", "i", [70000, -1]), ("i8", "q", [2 ** 40, 3]),
                 ("u1", "B", [0, 255]), ("u2", "H", [65535, 1]), ("u4", "I", [2 ** 31, 2]),
                 ("u8", "Q", [2 ** 50, 9])]
        for dtype, code, values in cases:
            with self.subTest(dtype=dtype):
                fig = {"data": [{"type": "scatter", "mode": "markers", "x": [0, 1],
                                 "y": pl_bdata(values, code, dtype)}]}
                _, _, points = pl_convert(fig)
                self.assertEqual([p["y"] for p in points], values)

    def test_shape_and_nan(self):
        z = pl_bdata([1.0, float("nan"), 3.0, 4.0, 5.0, 6.0], "d", "f8", "2, 3")
        spec, _, points = pl_convert({"data": [{"type": "heatmap", "z": z}]})
        self.assertEqual(len(points), 5)                  # the NaN cell is not drawn
        self.assertEqual(sorted(r["z"] for r in pl_rows(pl_units(spec)[0])), [1, 3, 4, 5, 6])

    def test_input_forms(self):
        fig = {"data": [{"type": "bar", "x": ["a"], "y": [2]}], "layout": {}}

        class ToDict:
            def to_dict(self):
                return fig

        class ToJson:
            def to_plotly_json(self):
                return fig
        for obj in (fig, ToDict(), ToJson()):
            with self.subTest(kind=type(obj).__name__):
                spec, _, points = pl_convert(obj)
                self.assertEqual(points[0]["y"], 2)

    def test_never_raises(self):
        junk = [None, 3, "x", [], {"data": "nope"}, {"data": [None, 5, {"type": 7}]},
                {"data": [{"type": "bar", "x": {"dtype": "zz", "bdata": "??"}}]},
                {"data": [{"type": "heatmap", "z": [[1, "a"], None]}]},
                {"data": [{"type": "pie", "values": [1, -2, None]}]},
                {"data": [{"type": "histogram", "x": [None, "a", 1]}]},
                {"data": [{"type": "scatter", "x": [1, 2], "y": [[1], {}]}]},
                {"data": [{"type": "indicator"}]},
                {"data": [{"type": "bar", "y": [1, 2]}], "layout": {"xaxis": 5, "title": []}}]
        for fig in junk:
            with self.subTest(fig=repr(fig)[:60]):
                spec, notes, points = pl_convert(fig)
                self.assertIsInstance(spec, dict)
                self.assertIsInstance(notes, list)

    def test_unsupported_types_are_named(self):
        for kind in ("scatter3d", "scattergeo", "scatterpolar", "sankey", "choropleth",
                     "surface", "treemap"):
            with self.subTest(kind=kind):
                fig = {"data": [{"type": kind}, {"type": "bar", "x": ["a"], "y": [1]}]}
                spec, notes, _ = pl_convert(fig)
                self.assertTrue(any(kind in n for n in notes), notes)
                self.assertEqual(pl_mark_type(pl_units(spec)[0]), "bar")


class ChartPlotlyScatterTests(unittest.TestCase):
    def test_modes(self):
        cases = [("markers", ["point"]), ("lines", ["line"]),
                 ("lines+markers", ["line", "point"]), ("text", ["text"]),
                 ("markers+text", ["point", "text"])]
        for mode, marks in cases:
            with self.subTest(mode=mode):
                fig = {"data": [{"type": "scatter", "mode": mode, "x": [1, 2, 3],
                                 "y": [4, 5, 6], "text": ["a", "b", "c"]}]}
                spec, _, points = pl_convert(fig)
                self.assertEqual([pl_mark_type(u) for u in pl_units(spec)], marks)
                for u in pl_units(spec):
                    self.assertEqual(u["encoding"]["x"]["type"], "quantitative")
                    self.assertEqual([r["__sg_pt"] for r in pl_rows(u)], [0, 1, 2])
                self.assertEqual(points[1], {"curve_number": 0, "point_number": 1,
                                             "point_index": 1, "x": 2, "y": 5, "text": "b"})

    def test_default_mode_depends_on_count(self):
        for n, marks in ((5, ["line", "point"]), (30, ["line"])):
            with self.subTest(n=n):
                spec, _, _ = pl_convert({"data": [{"y": list(range(n))}]})
                self.assertEqual([pl_mark_type(u) for u in pl_units(spec)], marks)
                self.assertEqual(pl_rows(pl_units(spec)[0])[3]["x"], 3.0)   # implied x = index

    def test_styles(self):
        fig = {"data": [{"type": "scattergl", "mode": "lines", "x": [1, 2], "y": [1, 2],
                         "line": {"color": "red", "dash": "dash", "width": 4,
                                  "shape": "spline"}}]}
        mark = pl_units(pl_convert(fig)[0])[0]["mark"]
        self.assertEqual(mark["color"], "red")
        self.assertEqual(mark["strokeDash"], [6, 4])
        self.assertEqual(mark["strokeWidth"], 4)
        self.assertEqual(mark["interpolate"], "monotone")

    def test_marker_arrays(self):
        fig = {"data": [{"type": "scatter", "mode": "markers", "x": [1, 2, 3], "y": [1, 2, 3],
                         "marker": {"size": [10, 20, 30], "color": [0.1, 0.5, 0.9]},
                         "customdata": [[7], [8], [9]], "legendgroup": "g"}]}
        spec, _, points = pl_convert(fig)
        u = pl_units(spec)[0]
        self.assertEqual(u["encoding"]["size"]["field"], "size")
        self.assertEqual(u["encoding"]["color"]["type"], "quantitative")
        self.assertEqual([r["marker_color"] for r in pl_rows(u)], [0.1, 0.5, 0.9])
        self.assertEqual(points[2]["marker_size"], 30)
        self.assertEqual(points[2]["customdata"], [9])
        self.assertEqual(points[2]["legendgroup"], "g")

    def test_fills(self):
        fig = {"data": [{"x": [1, 2, 3], "y": [1, 2, 1], "fill": "tozeroy", "mode": "lines"},
                        {"x": [1, 2, 3], "y": [3, 5, 4], "fill": "tonexty", "mode": "lines"}]}
        spec, _, _ = pl_convert(fig)
        areas = [u for u in pl_units(spec) if pl_mark_type(u) == "area"]
        self.assertEqual(len(areas), 2)
        self.assertEqual([r["y2"] for r in pl_rows(areas[0])], [0, 0, 0])
        self.assertEqual([r["y2"] for r in pl_rows(areas[1])], [1, 2, 1])   # the trace below
        self.assertEqual(areas[1]["encoding"]["y2"], {"field": "y2"})

    def test_stackgroup_stacks(self):
        fig = {"data": [{"x": [1, 2], "y": [1, 2], "stackgroup": "1", "name": "a"},
                        {"x": [1, 2], "y": [3, 4], "stackgroup": "1", "name": "b"}]}
        spec, _, points = pl_convert(fig)
        areas = [u for u in pl_units(spec) if pl_mark_type(u) == "area"]
        self.assertEqual([(r["y2"], r["y"]) for r in pl_rows(areas[1])], [(1, 4), (2, 6)])
        self.assertEqual(points[2]["y"], 3)               # the point map keeps raw values

    def test_dates_are_temporal(self):
        fig = {"data": [{"x": ["2024-01-01", "2024-01-02T12:00:00.000000"], "y": [1, 2]}]}
        u = pl_units(pl_convert(fig)[0])[0]
        self.assertEqual(u["encoding"]["x"]["type"], "temporal")

    def test_categories_and_order(self):
        cases = [({}, ["b", "a", "c"]),
                 ({"categoryorder": "category ascending"}, ["a", "b", "c"]),
                 ({"categoryorder": "category descending"}, ["c", "b", "a"]),
                 ({"categoryorder": "array", "categoryarray": ["c", "a"]}, ["c", "a", "b"]),
                 ({"categoryorder": "total descending"}, ["c", "a", "b"])]
        for axis, expected in cases:
            with self.subTest(axis=axis):
                fig = {"data": [{"type": "bar", "x": ["b", "a", "c"], "y": [1, 2, 3]}],
                       "layout": {"xaxis": axis}}
                enc = pl_units(pl_convert(fig)[0])[0]["encoding"]["x"]
                self.assertEqual(enc["type"], "nominal")
                self.assertEqual(enc["sort"], expected)


class ChartPlotlyBarsTests(unittest.TestCase):
    TWO = [{"type": "bar", "name": "A", "x": ["p", "q"], "y": [1, 2]},
           {"type": "bar", "name": "B", "x": ["p", "q"], "y": [3, -4]}]

    def bars(self, mode):
        spec, notes, points = pl_convert({"data": self.TWO, "layout": {"barmode": mode}})
        return pl_units(spec)[0], points

    def test_modes(self):
        cases = {"group": [(0, 1), (0, 2), (0, 3), (0, -4)],
                 "stack": [(0, 1), (0, 2), (1, 4), (2, -2)],
                 "relative": [(0, 1), (0, 2), (1, 4), (0, -4)],
                 "overlay": [(0, 1), (0, 2), (0, 3), (0, -4)]}
        for mode, spans in cases.items():
            with self.subTest(mode=mode):
                u, points = self.bars(mode)
                self.assertEqual([(r["y2"], r["y"]) for r in pl_rows(u)], spans)
                self.assertIsNone(u["encoding"]["y"]["stack"])
                self.assertEqual("xOffset" in u["encoding"], mode == "group")
                self.assertEqual(u["encoding"]["color"]["scale"]["domain"], ["A", "B"])
                self.assertEqual(points[3]["y"], -4)

    def test_horizontal(self):
        fig = {"data": [{"type": "bar", "orientation": "h", "y": ["a", "b"], "x": [5, 7]}]}
        u = pl_units(pl_convert(fig)[0])[0]
        self.assertEqual(u["encoding"]["y"]["type"], "nominal")
        self.assertEqual(u["encoding"]["y"]["sort"], ["b", "a"])   # first category at bottom
        self.assertEqual([r["x"] for r in pl_rows(u)], [5, 7])
        self.assertEqual(u["encoding"]["x2"], {"field": "x2"})

    def test_continuous_axis_width(self):
        fig = {"data": [{"type": "bar", "x": [1, 2, 4], "y": [1, 1, 1]}]}
        u = pl_units(pl_convert(fig)[0])[0]
        self.assertEqual([(round(r["x"], 6), round(r["x2"], 6)) for r in pl_rows(u)],
                         [(0.6, 1.4), (1.6, 2.4), (3.6, 4.4)])
        fig = {"data": [{"type": "bar", "x": ["2024-01-01", "2024-01-02"], "y": [1, 2]}]}
        u = pl_units(pl_convert(fig)[0])[0]
        self.assertEqual(u["encoding"]["x"]["type"], "temporal")
        self.assertEqual(pl_rows(u)[0]["x"], "2023-12-31T14:24:00.000")

    def test_template_colours_follow_theme(self):
        fig = {"data": [{"type": "bar", "x": ["a"], "y": [1], "marker": {"color": "#636efa"}},
                        {"type": "bar", "x": ["a"], "y": [1], "marker": {"color": "#EF553B"}},
                        {"type": "bar", "x": ["a"], "y": [1], "marker": {"color": "gold"}}]}
        enc = pl_units(pl_convert(fig)[0])[0]["encoding"]["color"]
        self.assertEqual(enc["scale"]["range"], ["#0068c9", "#83c9ff", "gold"])

    def test_text_labels(self):
        fig = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "text": ["one", "two"]}]}
        us = pl_units(pl_convert(fig)[0])
        self.assertEqual([pl_mark_type(u) for u in us], ["bar", "text"])
        self.assertEqual([r["text"] for r in pl_rows(us[1])], ["one", "two"])


class ChartPlotlyHistogramTests(unittest.TestCase):
    def test_counts_and_bins(self):
        fig = {"data": [{"type": "histogram", "x": [1.1, 1.2, 2.5, 3.7, 3.8, 3.9]}]}
        spec, _, points = pl_convert(fig)
        u = pl_units(spec)[0]
        spans = [(r["x"], r["x2"], r["y"]) for r in pl_rows(u)]
        widths = {round(b - a, 9) for a, b, _ in spans}
        self.assertEqual(len(widths), 1)
        self.assertEqual(sum(c for _, _, c in spans), 6)
        for a, b, c in spans:
            inside = [v for v in (1.1, 1.2, 2.5, 3.7, 3.8, 3.9) if a <= v < b]
            self.assertEqual(len(inside), c)
        self.assertEqual(sorted(i for p in points for i in p["point_indices"]), list(range(6)))
        self.assertNotIn("point_index", points[0])

    def test_nbins_integers_histfunc_norm(self):
        cases = [({"nbinsx": 5}, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], None, "count", 10.0),
                 ({"histfunc": "sum"}, ["a", "b", "a"], [1, 2, 3], "sum", 6.0),
                 ({"histnorm": "percent"}, [1, 1, 2, 2], None, "count", 100.0),
                 ({"histnorm": "probability"}, [1, 1, 2, 2], None, "count", 1.0)]
        for extra, xs, ys, _, total in cases:
            with self.subTest(extra=extra):
                trace = dict({"type": "histogram", "x": xs}, **extra)
                if ys is not None:
                    trace["y"] = ys
                u = pl_units(pl_convert({"data": [trace]})[0])[0]
                self.assertAlmostEqual(sum(r["value"] for r in pl_rows(u)), total)
        u = pl_units(pl_convert({"data": [{"type": "histogram", "x": ["a", "b", "a"],
                                     "y": [1, 2, 3], "histfunc": "sum"}]})[0])[0]
        self.assertEqual({r["x"]: r["y"] for r in pl_rows(u)}, {"a": 4, "b": 2})
        u = pl_units(pl_convert({"data": [{"type": "histogram", "x": [1, 2, 3, 4],
                                     "nbinsx": 4}]})[0])[0]
        self.assertEqual([(r["x"], r["x2"]) for r in pl_rows(u)],
                         [(0.5, 1.5), (1.5, 2.5), (2.5, 3.5), (3.5, 4.5)])

    def test_horizontal_and_stacked_share_bins(self):
        fig = {"data": [{"type": "histogram", "y": [1, 2, 2, 3]},
                        {"type": "histogram", "y": [2, 3, 3, 9]}],
               "layout": {"barmode": "stack"}}
        u = pl_units(pl_convert(fig)[0])[0]
        self.assertEqual(u["encoding"]["y2"], {"field": "y2"})
        spans = {(r["y"], r["y2"]) for r in pl_rows(u)}
        self.assertEqual(len({round(b - a, 9) for a, b in spans}), 1)      # one bin width
        tops = {}
        for r in pl_rows(u):
            tops[r["y"]] = max(tops.get(r["y"], 0), r["x"])
        self.assertEqual(sum(tops.values()), 8)      # the stack tops add up to all 8 samples


class ChartPlotlyOthersTests(unittest.TestCase):
    def test_box_and_violin(self):
        for kind in ("box", "violin"):
            with self.subTest(kind=kind):
                fig = {"data": [{"type": kind, "name": "A", "y": [1, 2, 3, 10]},
                                {"type": kind, "name": "B", "y": [4, 5]}]}
                spec, notes, points = pl_convert(fig)
                u = pl_units(spec)[0]
                self.assertEqual(pl_mark_type(u), "boxplot")
                self.assertEqual({r["x"] for r in pl_rows(u)}, {"A", "B"})
                self.assertEqual(len(points), 6)
                self.assertEqual(kind == "violin", any("violin" in n for n in notes))

    def test_pie(self):
        fig = {"data": [{"type": "pie", "labels": ["a", "b", "a", "c"], "values": [1, 5, 2, 1],
                         "hole": 0.4}]}
        spec, _, points = pl_convert(fig)
        u = pl_units(spec)[0]
        self.assertEqual(pl_mark_type(u), "arc")
        self.assertEqual([(r["label"], r["value"]) for r in pl_rows(u)],
                         [("b", 5), ("a", 3), ("c", 1)])          # summed, largest first
        self.assertAlmostEqual(u["mark"]["innerRadius"], 0.4 * (u["height"] / 2 - 4))
        self.assertEqual(points[1]["point_numbers"], [0, 2])
        unsorted = dict(fig["data"][0], sort=False)
        u = pl_units(pl_convert({"data": [unsorted]})[0])[0]
        self.assertEqual([r["label"] for r in pl_rows(u)], ["a", "b", "c"])

    def test_heatmap(self):
        fig = {"data": [{"type": "heatmap", "z": [[1, 2, 3], [4, 5, 6]],
                         "x": ["a", "b", "c"], "y": ["r1", "r2"]}]}
        spec, _, points = pl_convert(fig)
        u = pl_units(spec)[0]
        self.assertEqual(pl_mark_type(u), "rect")
        self.assertEqual(u["encoding"]["color"]["type"], "quantitative")
        self.assertEqual(u["encoding"]["y"]["sort"], ["r2", "r1"])      # row 0 at the bottom
        self.assertEqual(points[5], {"curve_number": 0, "point_number": [1, 2],
                                     "point_index": [1, 2], "x": "c", "y": "r2", "z": 6})
        fig["layout"] = {"yaxis": {"autorange": "reversed"}}             # px.imshow
        u = pl_units(pl_convert(fig)[0])[0]
        self.assertEqual(u["encoding"]["y"]["sort"], ["r1", "r2"])

    def test_histogram2d(self):
        fig = {"data": [{"type": "histogram2d", "x": [1, 1, 2, 9], "y": [1, 1, 5, 9],
                         "nbinsx": 2, "nbinsy": 2}]}
        u = pl_units(pl_convert(fig)[0])[0]
        self.assertEqual(pl_mark_type(u), "rect")
        self.assertEqual(sum(r["z"] for r in pl_rows(u)), 4)

    def test_indicator(self):
        fig = {"data": [{"type": "indicator", "mode": "number+delta", "value": 492,
                         "number": {"prefix": "$"}, "delta": {"reference": 512},
                         "title": {"text": "Users"}}]}
        spec, _, points = pl_convert(fig)
        texts = [u.get("encoding", {}).get("text", {}).get("value") for u in
                 spec["layer"]]
        self.assertEqual(texts, ["Users", "$492", "\u25bc20"])
        self.assertEqual(points[0]["value"], 492)


class ChartPlotlyLayoutTests(unittest.TestCase):
    def test_titles_scales_legend(self):
        fig = {"data": [{"type": "scatter", "mode": "markers", "name": "s1", "x": [1, 10],
                         "y": [1, 2]},
                        {"type": "scatter", "mode": "markers", "name": "s2", "x": [1, 10],
                         "y": [2, 3]}],
               "layout": {"title": {"text": "T"}, "xaxis": {"type": "log", "range": [0, 2],
                                                            "title": {"text": "X"}},
                          "yaxis": {"title": "Y", "range": [0, 5]},
                          "legend": {"title": {"text": "L"}}}}
        spec, _, _ = pl_convert(fig)
        self.assertEqual(spec["title"], "T")
        enc = pl_units(spec)[0]["encoding"]
        self.assertEqual(enc["x"]["scale"], {"type": "log", "domain": [1, 100]})
        self.assertEqual(enc["x"]["title"], "X")
        self.assertEqual(enc["y"]["scale"], {"domain": [0, 5], "zero": False})
        self.assertEqual(enc["color"]["legend"], {"title": "L"})
        fig["layout"]["showlegend"] = False
        self.assertIsNone(pl_units(pl_convert(fig)[0])[0]["encoding"]["color"]["legend"])

    def test_subplot_arrangement(self):
        def tr(ax, ay):
            return {"type": "bar", "x": ["a"], "y": [1], "xaxis": ax, "yaxis": ay}
        side = {"data": [tr("x", "y"), tr("x2", "y2")],
                "layout": {"xaxis": {"domain": [0, 0.45]}, "xaxis2": {"domain": [0.55, 1]}}}
        stacked = {"data": [tr("x", "y"), tr("x2", "y2")],
                   "layout": {"yaxis": {"domain": [0.55, 1]}, "yaxis2": {"domain": [0, 0.45]}}}
        grid = {"data": [tr("x", "y"), tr("x2", "y2"), tr("x3", "y3"), tr("x4", "y4")],
                "layout": {"xaxis": {"domain": [0, .45]}, "yaxis": {"domain": [.55, 1]},
                           "xaxis2": {"domain": [.55, 1]}, "yaxis2": {"domain": [.55, 1]},
                           "xaxis3": {"domain": [0, .45]}, "yaxis3": {"domain": [0, .45]},
                           "xaxis4": {"domain": [.55, 1]}, "yaxis4": {"domain": [0, .45]}}}
        spec, _, points = pl_convert(side)
        self.assertEqual(len(spec["hconcat"]), 2)
        spec, _, _ = pl_convert(stacked)
        self.assertEqual([p["curve_number"] for u in spec["vconcat"] for p in
                          [points[pl_rows(u)[0]["__sg_pt"]]]], [0, 1])
        spec, _, _ = pl_convert(grid)
        self.assertEqual([len(r["hconcat"]) for r in spec["vconcat"]], [2, 2])
        order = [pl_rows(c)[0]["__sg_pt"] for r in spec["vconcat"] for c in r["hconcat"]]
        self.assertEqual(order, [0, 1, 2, 3])

    def test_matched_axes_share_domain(self):
        fig = {"data": [{"type": "bar", "x": ["a"], "y": [1]},
                        {"type": "bar", "x": ["a"], "y": [9], "xaxis": "x2", "yaxis": "y2"}],
               "layout": {"xaxis": {"domain": [0, .45]}, "xaxis2": {"domain": [.55, 1]},
                          "yaxis2": {"matches": "y"},
                          "annotations": [{"text": "k=1", "x": .2, "y": 1, "xref": "paper",
                                           "yref": "paper", "showarrow": False},
                                          {"text": "k=2", "x": .8, "y": 1, "xref": "paper",
                                           "yref": "paper", "showarrow": False}]}}
        spec, _, _ = pl_convert(fig)
        a, b = spec["hconcat"]
        self.assertEqual(a["encoding"]["y"]["scale"]["domain"], [0, 9])
        self.assertEqual(b["encoding"]["y"]["scale"]["domain"], [0, 9])
        self.assertEqual((a["title"], b["title"]), ("k=1", "k=2"))

    def test_secondary_y_axis(self):
        fig = {"data": [{"type": "scatter", "name": "a", "x": [1, 2], "y": [40, 50]},
                        {"type": "bar", "name": "b", "x": [1, 2], "y": [4, 5], "yaxis": "y2"}],
               "layout": {"yaxis2": {"overlaying": "y", "side": "right",
                                     "title": {"text": "R"}}}}
        spec, _, _ = pl_convert(fig)
        self.assertEqual(spec["resolve"], {"scale": {"y": "independent"}})
        left, right = pl_units(spec["layer"][0])[0], pl_units(spec["layer"][1])[0]
        self.assertEqual(len(spec["layer"]), 2)               # one child per y axis
        self.assertEqual(pl_mark_type(right), "bar")
        self.assertEqual(right["encoding"]["y"]["axis"]["orient"], "right")
        self.assertEqual(right["encoding"]["y"]["title"], "R")
        self.assertEqual(left["encoding"]["color"]["scale"]["domain"], ["a", "b"])

    def test_error_bars(self):
        cases = [({"type": "data", "array": [1, 2]}, [(9, 11), (18, 22)]),
                 ({"type": "percent", "value": 50}, [(5, 15), (10, 30)]),
                 ({"type": "constant", "value": 3}, [(7, 13), (17, 23)]),
                 ({"type": "data", "array": [1, 1], "arrayminus": [2, 0],
                   "symmetric": False}, [(8, 11), (20, 21)])]
        for kind in ("scatter", "bar"):
            for err, spans in cases:
                with self.subTest(kind=kind, err=err):
                    fig = {"data": [{"type": kind, "mode": "markers", "x": ["a", "b"],
                                     "y": [10, 20], "error_y": err}]}
                    rules = [u for u in pl_units(pl_convert(fig)[0]) if pl_mark_type(u) == "rule"]
                    self.assertEqual(len(rules), 1)
                    lo = rules[0]["encoding"]["y"]["field"]
                    hi = rules[0]["encoding"]["y2"]["field"]
                    self.assertEqual([(r[lo], r[hi]) for r in pl_rows(rules[0])], spans)

    def test_layout_extras_are_noted(self):
        fig = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "frames": [{"data": []}],
               "layout": {"shapes": [{"type": "line"}], "updatemenus": [{}],
                          "annotations": [{"text": "hi", "x": 1, "y": 1}], "height": 300}}
        spec, notes, _ = pl_convert(fig)
        for word in ("frames", "shapes", "buttons", "annotations"):
            self.assertTrue(any(word in n for n in notes), (word, notes))
        self.assertEqual(spec["height"], 120)                 # 300 minus default margins

    def test_selection_state(self):
        fig = {"data": [{"type": "scatter", "mode": "markers", "x": [1, 2], "y": [3, 4]},
                        {"type": "histogram", "x": [1, 1, 5], "xaxis": "x2"}]}
        _, _, points = pl_convert(fig)
        hist = next(i for i, p in enumerate(points) if "point_indices" in p)
        state = sg.plotly_selection_state(points, [1, hist, 99, "x"])
        self.assertEqual(state["selection"]["point_indices"], [1] + points[hist]["point_indices"])
        self.assertEqual(state["selection"]["box"], [])
        self.assertEqual(len(state["selection"]["points"]), 2)


class ChartPlotlyRealPlotlyTests(unittest.TestCase):
    def setUp(self):
        global px, go
        need_module(self, "plotly")
        px = importlib.import_module("plotly.express")
        go = importlib.import_module("plotly.graph_objects")

    """Figures from the first examples of Plotly's gallery pages, small bundled data."""

    def test_gallery(self):
        tips = px.data.tips()
        iris = px.data.iris()
        canada = px.data.gapminder().query("country == 'Canada'")
        figs = {
            "scatter": (px.scatter(iris, x="sepal_width", y="sepal_length", color="species",
                                   size="petal_length"), {"point"}, 150),
            "line": (px.line(canada, x="year", y="lifeExp", title="Life expectancy"),
                     {"line"}, 12),
            "bar": (px.bar(tips, x="day", y="total_bill", color="sex"), {"bar"}, 244),
            "bar_group": (px.bar(tips, x="day", y="total_bill", color="sex",
                                 barmode="group"), {"bar"}, 244),
            "histogram": (px.histogram(tips, x="total_bill", nbins=20), {"bar"}, None),
            "pie": (px.pie(tips, values="tip", names="day"), {"arc"}, 4),
            "box": (px.box(tips, x="day", y="total_bill", color="smoker"), {"boxplot"}, 244),
            "imshow": (px.imshow([[1, 20, 30], [20, 1, 60], [30, 60, 1]]), {"rect"}, 9),
            "density": (px.density_heatmap(tips, x="total_bill", y="tip"), {"rect"}, None),
            "go_bar": (go.Figure([go.Bar(x=["giraffes", "orangutans", "monkeys"],
                                         y=[20, 14, 23])]), {"bar"}, 3),
            "go_scatter": (go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[10, 11, 12, 13],
                                                mode="markers")), {"point"}, 4),
            "indicator": (go.Figure(go.Indicator(mode="number+delta", value=400,
                                                 delta={"reference": 320})), {"text"}, 1),
            "heatmap": (go.Figure(go.Heatmap(z=[[1, None, 30], [20, 1, 60]],
                                             x=["Mon", "Tue", "Wed"], y=["Morning",
                                                                         "Afternoon"])),
                        {"rect"}, 5),
            "area": (px.area(canada, x="year", y="pop"), {"area", "line"}, 12),
        }
        for name, (fig, marks, count) in figs.items():
            with self.subTest(name=name):
                spec, notes, points = pl_convert(fig)
                self.assertEqual({pl_mark_type(u) for u in pl_units(spec)}, marks, notes)
                self.assertEqual(notes, [])
                if count is not None:
                    self.assertEqual(len(points), count)

    def test_histogram_matches_numpy_count(self):
        tips = px.data.tips()
        spec, _, points = pl_convert(px.histogram(tips, x="total_bill", nbins=20))
        self.assertEqual(sum(r["y"] for r in pl_rows(pl_units(spec)[0])), len(tips))
        self.assertEqual(sorted(i for p in points for i in p["point_indices"]),
                         list(range(len(tips))))

    def test_bdata_roundtrip(self):
        import numpy as np
        y = np.array([1.5, 2.5, -3.0])
        fig = go.Figure(go.Bar(x=np.array([1, 2, 3], dtype="int16"), y=y))
        raw = fig.to_dict()["data"][0]
        spec, _, points = pl_convert(fig)
        self.assertEqual([p["y"] for p in points], [1.5, 2.5, -3.0])
        self.assertEqual([p["x"] for p in points], [1, 2, 3])
        if isinstance(raw["y"], dict):                  # plotly >= 6 encodes as bdata
            self.assertIn("bdata", raw["y"])

    def test_dates_from_pandas(self):
        import pandas as pd
        df = pd.DataFrame({"d": pd.date_range("2024-01-01", periods=3), "v": [1, 3, 2]})
        spec, notes, points = pl_convert(px.line(df, x="d", y="v"))
        u = pl_units(spec)[0]
        self.assertEqual(u["encoding"]["x"]["type"], "temporal")
        self.assertTrue(str(points[0]["x"]).startswith("2024-01-01"))

    def test_facets(self):
        fig = px.scatter(px.data.tips(), x="total_bill", y="tip", color="smoker",
                         facet_col="sex")
        spec, notes, points = pl_convert(fig)
        self.assertEqual(len(spec["hconcat"]), 2)
        titles = [p.get("title") for p in spec["hconcat"]]
        self.assertEqual(titles, ["sex=Female", "sex=Male"])
        legends = [pl_units(p)[0]["encoding"]["color"]["legend"] for p in spec["hconcat"]]
        self.assertEqual(legends, [None, {"title": "smoker"}])     # one legend, at the end
        ydoms = [pl_units(p)[0]["encoding"]["y"]["scale"]["domain"] for p in spec["hconcat"]]
        self.assertEqual(ydoms[0], ydoms[1])
        self.assertEqual(len(points), len(px.data.tips()))

    def test_subplots(self):
        from plotly.subplots import make_subplots
        fig = make_subplots(rows=1, cols=2)
        fig.add_trace(go.Scatter(x=[1, 2, 3], y=[4, 5, 6]), row=1, col=1)
        fig.add_trace(go.Bar(x=[20, 30, 40], y=[50, 60, 70]), row=1, col=2)
        spec, notes, _ = pl_convert(fig)
        self.assertEqual([pl_mark_type(pl_units(p)[0]) for p in spec["hconcat"]], ["line", "bar"])


# -- geometry through the Vega-Lite renderer

def pl_svg(fig, **kw):
    """Render through vl.py directly: (svg root, [(datum record, element)])."""
    spec, _, _ = sg.plotly_to_vega_lite(fig)
    out = sg.render_vega_lite(spec, None, selectable=True, **kw)
    root = ET.fromstring(out.svg)
    marks = [(out.points[int(el.get("data-sg-pt"))], el) for el in root.iter()
             if el.get("data-sg-pt")]
    return root, marks


def pl_rect_box(el):
    """(x, y, w, h) of a rect or a rectangular path."""
    if el.tag.endswith("rect"):
        return tuple(float(el.get(k)) for k in ("x", "y", "width", "height"))
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", el.get("d") or "")]
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def pl_arc_degrees(el):
    """Sweep of a pie slice path in degrees, from its first (outer) arc command."""
    num = r"(-?\d+(?:\.\d+)?)"
    m = re.match(r"M{0},{0}\s*A{0},{0} {0} ([01]) ([01]) {0},{0}".format(num),
                 el.get("d") or "")
    x0, y0, r, _, _, large, _, x1, y1 = m.groups()
    chord = math.hypot(float(x1) - float(x0), float(y1) - float(y0))
    angle = math.degrees(2 * math.asin(min(1.0, chord / (2 * float(r)))))
    return 360 - angle if large == "1" else angle


class ChartPlotlyGeometryTests(unittest.TestCase):
    def test_bar_heights_in_ratio(self):
        fig = {"data": [{"type": "bar", "x": ["a", "b", "c"], "y": [1, 2, 4]}]}
        _, marks = pl_svg(fig)
        boxes = {rec["x"]: pl_rect_box(el) for rec, el in marks}
        h = {k: b[3] for k, b in boxes.items()}
        self.assertAlmostEqual(h["b"] / h["a"], 2, delta=0.05)
        self.assertAlmostEqual(h["c"] / h["a"], 4, delta=0.1)
        self.assertLess(boxes["a"][0], boxes["b"][0])
        self.assertAlmostEqual(boxes["a"][1] + h["a"], boxes["c"][1] + h["c"], delta=0.5)

    def test_stacked_adds_up(self):
        fig = {"data": [{"type": "bar", "name": "A", "x": ["p", "q"], "y": [1, 3]},
                        {"type": "bar", "name": "B", "x": ["p", "q"], "y": [2, 1]},
                        {"type": "bar", "name": "C", "x": ["p"], "y": [4]}],
               "layout": {"barmode": "stack"}}
        _, marks = pl_svg(fig)
        by_cat = {}
        for rec, el in marks:
            x, y, w, h = pl_rect_box(el)
            by_cat.setdefault(rec["x"], []).append((y, h))
        total_p = sum(h for _, h in by_cat["p"])
        total_q = sum(h for _, h in by_cat["q"])
        self.assertAlmostEqual(total_p / total_q, 7 / 4, delta=0.05)
        segs = sorted(by_cat["p"])
        for (y0, h0), (y1, _) in zip(segs, segs[1:]):
            self.assertAlmostEqual(y0 + h0, y1, delta=1.0)       # touching segments

    def test_grouped_side_by_side(self):
        fig = {"data": [{"type": "bar", "name": "A", "x": ["p"], "y": [1]},
                        {"type": "bar", "name": "B", "x": ["p"], "y": [1]}],
               "layout": {"barmode": "group"}}
        _, marks = pl_svg(fig)
        boxes = {rec["series"]: pl_rect_box(el) for rec, el in marks}
        self.assertLessEqual(boxes["A"][0] + boxes["A"][2], boxes["B"][0] + 0.5)

    def test_histogram_bins_touch(self):
        fig = {"data": [{"type": "histogram", "x": [1, 2, 2, 3, 3, 3], "nbinsx": 3}]}
        _, marks = pl_svg(fig)
        boxes = sorted(pl_rect_box(el) for _, el in marks)
        self.assertEqual(len(boxes), 3)
        for (x0, _, w0, _), (x1, _, _, _) in zip(boxes, boxes[1:]):
            self.assertAlmostEqual(x0 + w0, x1, delta=0.5)
        self.assertAlmostEqual(boxes[2][3] / boxes[0][3], 3, delta=0.05)

    def test_pie_sums_to_360(self):
        fig = {"data": [{"type": "pie", "labels": ["a", "b", "c"], "values": [1, 2, 3],
                         "hole": 0.5}]}
        _, marks = pl_svg(fig)
        sweeps = {rec["label"]: pl_arc_degrees(el) for rec, el in marks}
        self.assertAlmostEqual(sum(sweeps.values()), 360, delta=2)
        self.assertAlmostEqual(sweeps["c"] / sweeps["a"], 3, delta=0.1)
        radii = sorted({float(r) for _, el in marks
                        for r in re.findall(r"A(\d+(?:\.\d+)?),", el.get("d"))})
        self.assertAlmostEqual(radii[0] / radii[-1], 0.5, delta=0.02)     # the donut hole
        first = next(el for rec, el in marks if rec["label"] == "c")      # largest first,
        start = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", first.get("d"))[:2]]
        self.assertLess(start[1], 10)                                     # at 12 o'clock

    def test_points_at_positions(self):
        fig = {"data": [{"type": "scatter", "mode": "markers", "x": [0, 5, 10],
                         "y": [0, 5, 10]}],
               "layout": {"xaxis": {"range": [0, 10]}, "yaxis": {"range": [0, 10]}}}
        _, marks = pl_svg(fig)
        centres = {}
        for rec, el in marks:
            if el.get("cx"):
                centres[rec["x"]] = (float(el.get("cx")), float(el.get("cy")))
            else:
                x, y, w, h = pl_rect_box(el)
                centres[rec["x"]] = (x + w / 2, y + h / 2)
        (x0, y0), (x1, y1), (x2, y2) = centres[0], centres[5], centres[10]
        self.assertAlmostEqual(x1 - x0, x2 - x1, delta=1)
        self.assertAlmostEqual(y0 - y1, y1 - y2, delta=1)
        self.assertGreater(y0, y2)                                    # up is smaller y

    def test_heatmap_colours_differ(self):
        fig = {"data": [{"type": "heatmap", "z": [[1, 5], [9, 1]]}]}
        _, marks = pl_svg(fig)
        fills = {}
        for rec, el in marks:
            fills.setdefault(rec["z"], set()).add(el.get("fill"))
        self.assertEqual(len(fills[1]), 1)                           # equal z, equal colour
        self.assertEqual(len({min(fills[1]), min(fills[5]), min(fills[9])}), 3)

    def test_indicator_text(self):
        fig = {"data": [{"type": "indicator", "mode": "number", "value": 1234}]}
        root, _ = pl_svg(fig)
        texts = ["".join(t.itertext()) for t in root.iter() if t.tag.endswith("text")]
        self.assertIn("1,234", texts)

    def test_points_link_to_selection_entries(self):
        fig = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 3]},
                        {"type": "scatter", "mode": "markers", "x": ["a", "b"], "y": [2, 2]}]}
        out = sg.render_plotly(fig, selectable=True)
        self.assertTrue(any(out.points), "drawn points must link to selection entries")
        root = ET.fromstring(out.svg)
        entries = [out.points[int(el.get("data-sg-pt"))] for el in root.iter()
                   if el.get("data-sg-pt")]
        self.assertEqual(sorted((e["curve_number"], e["point_number"]) for e in entries),
                         [(0, 0), (0, 1), (1, 0), (1, 1)])



# -- Maps and Graphviz (appendix C) --------------------------------------------

def mp_parse(svg: str) -> ET.Element:
    """Parse SVG text (fails the test if not well-formed)."""
    return ET.fromstring(svg)


def mp_circles(svg: str) -> list:
    """Return (cx, cy, r, title) of each data circle."""
    root = mp_parse(svg)
    out = []
    for c in root.iter(SVG_NS + "circle"):
        t = c.find(SVG_NS + "title")
        out.append((float(c.get("cx")), float(c.get("cy")), float(c.get("r")),
                    t.text if t is not None else ""))
    return out


def mp_viewbox(svg: str) -> list:
    """Return the root viewBox numbers."""
    return [float(v) for v in mp_parse(svg).get("viewBox").split()]


class ChartMapPointsTests(unittest.TestCase):
    def test_column_detection(self):
        cases = [
            (["lat", "lon"], None, None, (0, 1)),
            (["latitude", "longitude"], None, None, (0, 1)),
            (["LON", "LAT"], None, None, (1, 0)),
            (["LATITUDE", "x", "LONGITUDE"], None, None, (0, 2)),
            (["a", "b"], "b", "a", (1, 0)),
        ]
        for cols, la, lo, (li, oi) in cases:
            with self.subTest(cols=cols):
                row = [10.0 + k for k in range(len(cols))]
                p = sg.map_points(cols, [row], latitude=la, longitude=lo)[0]
                self.assertEqual((p.lat, p.lon), (row[li], row[oi]))

    def test_missing_columns_are_named(self):
        cases = [
            (["x", "lon"], {}, r"latitude column named: 'LAT', 'LATITUDE', 'lat', 'latitude'"
                               r"\. Existing columns: 'x', 'lon'"),
            (["lat", "lng"], {}, r"longitude column named: 'LON', 'LONGITUDE'"),
            (["lat", "lon"], {"latitude": "y"}, r"no latitude column named 'y'"),
            (["lat", "lon"], {"size": "s"}, r"no column named 's'"),
            (["lat", "lon"], {"color": "nope"}, r"valid color: 'nope'"),
        ]
        for cols, kw, pattern in cases:
            with self.subTest(cols=cols, kw=kw):
                with self.assertRaisesRegex(ValueError, pattern):
                    sg.map_points(cols, [[1, 2]], **kw)

    def test_null_coordinate(self):
        for bad in (None, float("nan")):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(ValueError, "Column lat is not allowed to contain "
                                                        "null values"):
                    sg.map_points(["lat", "lon"], [[bad, 1.0]])

    def test_size_and_color(self):
        cols = ["lat", "lon", "s", "c"]
        rows = [[1, 2, 50, "#00ff00"], [3, 4, 500, (0.0, 0.0, 1.0)]]
        pts = sg.map_points(cols, rows, size="s", color="c")
        self.assertEqual([p.size for p in pts], [50.0, 500.0])
        self.assertEqual([p.color for p in pts], [(0, 255, 0, 255), (0, 0, 255, 255)])
        pts = sg.map_points(cols, rows, size=7, color=(255, 0, 0, 128))
        self.assertEqual({(p.size, p.color) for p in pts}, {(7.0, (255, 0, 0, 128))})
        pts = sg.map_points(cols, rows)
        self.assertEqual(pts[0].size, sg.MAP_DEFAULT_SIZE)
        self.assertEqual(pts[0].color, sg.MAP_DEFAULT_COLOR)
        with self.assertRaisesRegex(ValueError, 'Column "s" does not appear to contain valid'):
            sg.map_points(cols, rows, color="s")

    def test_parse_color(self):
        cases = [("#fff", (255, 255, 255, 255)), ("#ffaa0088", (255, 170, 0, 136)),
                 ("#1234", (17, 34, 51, 68)), ((1.0, 0.5, 0.0), (255, 127, 0, 255)),
                 ([10, 20, 300, -5], (10, 20, 255, 0))]
        for value, want in cases:
            with self.subTest(value=value):
                self.assertEqual(sg.parse_map_color(value), want)
        for bad in ("red", "#ggg", (1, 2), "rgb(1,2,3)"):
            with self.subTest(bad=bad):
                self.assertRaises(ValueError, sg.parse_map_color, bad)


class ChartMapProjectionTests(unittest.TestCase):
    def test_mercator_formula(self):
        x0, y0 = sg.mercator_xy(0, 0, 0)
        self.assertAlmostEqual(x0, 128.0)
        self.assertAlmostEqual(y0, 128.0)
        _, y60 = sg.mercator_xy(60, 0, 0)
        want = 128 - 256 / (2 * math.pi) * math.log(math.tan(math.pi / 4 + math.radians(60) / 2))
        self.assertAlmostEqual(y60, want, places=9)
        self.assertAlmostEqual(y0 - y60, 256 / (2 * math.pi) * 1.3169578969, places=6)
        x, _ = sg.mercator_xy(0, 90, 3)
        self.assertAlmostEqual(x, 256 * 8 * 0.75)

    def test_order_and_fit(self):
        cities = [("London", 51.5, -0.12), ("Paris", 48.86, 2.35), ("Berlin", 52.52, 13.4),
                  ("Rome", 41.9, 12.5), ("Madrid", 40.4, -3.7)]
        pts = [sg.MapPoint(lat, lon, 1000.0, (0, 0, 0, 255)) for _n, lat, lon in cities]
        for w, h in ((720, 400), (300, 600)):
            with self.subTest(size=(w, h)):
                svg = sg.render_map_svg(pts, width=w, height=h)
                self.assertEqual(mp_viewbox(svg), [0, 0, w, h])
                cs = mp_circles(svg)
                self.assertEqual(len(cs), len(pts))
                by = {title.split(",")[0]: (cx, cy) for cx, cy, _r, title in cs}
                pos = {n: by[f"{lat:.5f}"] for n, lat, _lon in cities}
                self.assertLess(pos["Madrid"][0], pos["Paris"][0])    # east is right
                self.assertLess(pos["Paris"][0], pos["Berlin"][0])
                self.assertLess(pos["Berlin"][1], pos["Paris"][1])    # north is up
                self.assertLess(pos["Paris"][1], pos["Rome"][1])
                for cx, cy, _r, _t in cs:
                    self.assertTrue(0 <= cx <= w and 0 <= cy <= h, (cx, cy))
                xs = [c[0] for c in cs]
                ys = [c[1] for c in cs]
                # fitted: the data fills the padded box along at least one axis
                fill = max((max(xs) - min(xs)) / (w - 2 * sg.MAP_PAD_PX),
                           (max(ys) - min(ys)) / (h - 2 * sg.MAP_PAD_PX))
                self.assertAlmostEqual(fill, 1.0, places=3)

    def test_relative_mercator_spacing(self):
        # equal latitude steps grow apart towards the pole, as Mercator must
        pts = [sg.MapPoint(lat, 0.0, 1.0, (0, 0, 0, 255)) for lat in (0, 30, 60)]
        cs = sorted(mp_circles(sg.render_map_svg(pts)), key=lambda c: -c[1])
        d1, d2 = cs[0][1] - cs[1][1], cs[1][1] - cs[2][1]
        y = [sg.mercator_xy(lat, 0)[1] for lat in (0, 30, 60)]
        self.assertAlmostEqual(d2 / d1, (y[1] - y[2]) / (y[0] - y[1]), places=2)

    def test_single_point_uses_default_zoom_and_centre(self):
        p = sg.MapPoint(37.76, -122.4, 100.0, (0, 0, 0, 255))
        cx, cy, r, _ = mp_circles(sg.render_map_svg([p]))[0]
        self.assertEqual((cx, cy), (360.0, 200.0))
        mpp = sg._metres_per_pixel(37.76, sg.MAP_DEFAULT_ZOOM)
        self.assertAlmostEqual(r, round(100 / mpp, 1), places=1)

    def test_radius_scales_with_metres_and_is_clamped(self):
        def radius(size: float, zoom: float) -> float:
            p = sg.MapPoint(0.0, 0.0, size, (0, 0, 0, 255))
            return mp_circles(sg.render_map_svg([p], zoom=zoom))[0][2]
        self.assertAlmostEqual(radius(2000, 10) / radius(1000, 10), 2.0, places=1)
        self.assertAlmostEqual(radius(1000, 11) / radius(1000, 10), 2.0, places=1)
        self.assertEqual(radius(1, 1), sg.MAP_MIN_RADIUS_PX)
        self.assertEqual(radius(1e9, 15), sg.MAP_MAX_RADIUS_PX)
        # the same metres cover more pixels at 60 degrees (cos 60 = 0.5)
        p0 = sg.MapPoint(0.0, 0.0, 1000.0, (0, 0, 0, 255))
        p60 = sg.MapPoint(60.0, 0.0, 1000.0, (0, 0, 0, 255))
        r0 = mp_circles(sg.render_map_svg([p0], zoom=10))[0][2]
        r60 = mp_circles(sg.render_map_svg([p60], zoom=10))[0][2]
        self.assertAlmostEqual(r60 / r0, 2.0, places=1)

    def test_graticule_labels(self):
        pts = [sg.MapPoint(lat, lon, 1.0, (0, 0, 0, 255))
               for lat, lon in ((40.0, -10.0), (60.0, 20.0))]
        root = mp_parse(sg.render_map_svg(pts))
        g = [el for el in root.iter(SVG_NS + "g") if el.get("class") == "sg-map-graticule"][0]
        labels = [t.text for t in g.iter(SVG_NS + "text")]
        self.assertIn("50°N", labels)
        self.assertIn("0°", labels)
        self.assertTrue(any(re.fullmatch(r"\d+°W", t) for t in labels), labels)
        self.assertTrue(any(re.fullmatch(r"\d+°E", t) for t in labels), labels)
        self.assertGreaterEqual(len(list(g.iter(SVG_NS + "line"))), 4)
        # the 50°N line sits where the projection puts 50°N
        y50 = [float(ln.get("y1")) for ln, t in zip(g.iter(SVG_NS + "line"), g.iter(SVG_NS + "text"))
               if t.text == "50°N"][0]
        c40 = [c for c in mp_circles(sg.render_map_svg(pts)) if c[3].startswith("40.")][0]
        c60 = [c for c in mp_circles(sg.render_map_svg(pts)) if c[3].startswith("60.")][0]
        self.assertTrue(c60[1] < y50 < c40[1])

    def test_tiles_only_when_asked(self):
        pts = [sg.MapPoint(51.5, -0.1, 1.0, (0, 0, 0, 255)),
               sg.MapPoint(48.8, 2.3, 1.0, (0, 0, 0, 255))]
        offline = mp_parse(sg.render_map_svg(pts))
        self.assertEqual(list(offline.iter(SVG_NS + "image")), [])
        svg = sg.render_map_svg(pts, tile_url="https://tile.openstreetmap.org/{z}/{x}/{y}"
                                                ".png?a=1&b=2")
        self.assertIn("&amp;b=2", svg)
        root = mp_parse(svg)
        imgs = list(root.iter(SVG_NS + "image"))
        self.assertTrue(0 < len(imgs) <= sg.MAP_TILE_SIZE)
        for im in imgs:
            z, x, y = map(int, re.search(r"/(\d+)/(\d+)/(\d+)\.png", im.get("href")).groups())
            self.assertTrue(0 <= x < 2 ** z and 0 <= y < 2 ** z)
            x0, y0 = float(im.get("x")), float(im.get("y"))
            s = float(im.get("width"))
            self.assertTrue(x0 < 720 and y0 < 400 and x0 + s > 0 and y0 + s > 0)
        # tiles together cover the whole view
        self.assertLessEqual(min(float(i.get("x")) for i in imgs), 0)
        self.assertGreaterEqual(max(float(i.get("x")) + float(i.get("width")) for i in imgs),
                                720)
        self.assertIn("OpenStreetMap", svg)
        self.assertNotIn("<image", sg.render_map_svg(pts, tile_url="javascript:alert(1)"))

    def test_many_points_are_binned(self):
        n = sg.MAP_MAX_DRAWN + 5000
        pts = [sg.MapPoint((k % 300) / 10.0, (k // 300) / 10.0, 1.0, (0, 0, 0, 255))
               for k in range(n)]
        svg = sg.render_map_svg(pts)
        cs = mp_circles(svg)
        self.assertLessEqual(len(cs), sg.MAP_MAX_DRAWN)
        self.assertIn(f"{n:,} points, binned", svg)

    def test_escaping(self):
        p = sg.MapPoint(1.0, 2.0, 1.0, (0, 0, 0, 255), label="<b>&x</b>")
        svg = sg.render_map_svg([p])
        self.assertIn("&lt;b&gt;&amp;x", svg)
        mp_parse(svg)


class ChartMapPydeckTests(unittest.TestCase):
    def deck(self, layers: list) -> dict:
        return {"initialViewState": {"latitude": 37.76, "longitude": -122.4, "zoom": 11,
                                     "pitch": 50}, "layers": layers}

    def test_scatterplot_accessors(self):
        data = [{"lon": -122.4, "lat": 37.7, "r": 10, "c": [1, 2, 3]},
                {"lon": -122.5, "lat": 37.8, "r": 20, "c": [4, 5, 6]}]
        cases = [
            ({"getPosition": "@@=[lon, lat]", "getRadius": 200,
              "getFillColor": [200, 30, 0, 160]}, [(37.7, -122.4, 200.0, (200, 30, 0, 160)),
                                                   (37.8, -122.5, 200.0, (200, 30, 0, 160))]),
            ({"getPosition": "[lon, lat]", "getRadius": "@@=r", "radiusScale": 2,
              "getFillColor": "@@=c"}, [(37.7, -122.4, 20.0, (1, 2, 3, 255)),
                                        (37.8, -122.5, 40.0, (4, 5, 6, 255))]),
            ({"getPosition": "@@=[lon, lat]", "getColor": "[200, 30, 0, 160]"},
             [(37.7, -122.4, 1.0, (200, 30, 0, 160)), (37.8, -122.5, 1.0, (200, 30, 0, 160))]),
        ]
        for layer, want in cases:
            with self.subTest(layer=layer):
                layer = dict(layer, **{"@@type": "ScatterplotLayer", "data": data})
                pts, notes = sg.pydeck_points(self.deck([layer]))
                self.assertEqual([(p.lat, p.lon, p.size, p.color) for p in pts], want)
                self.assertEqual(notes, [])

    def test_position_field(self):
        layer = {"@@type": "ScatterplotLayer", "data": [{"coordinates": [1.5, 2.5]}],
                 "getPosition": "@@=coordinates"}
        pts, _ = sg.pydeck_points(self.deck([layer]))
        self.assertEqual((pts[0].lat, pts[0].lon), (2.5, 1.5))

    def test_other_layers_become_points_with_note(self):
        data = [{"lon": 1.0, "lat": 2.0}, {"lon": 3.0, "lat": 4.0}]
        layers = [{"@@type": "HexagonLayer", "data": data, "getPosition": "@@=[lon, lat]"},
                  {"@@type": "HeatmapLayer", "data": data, "getPosition": "[lon, lat]"},
                  {"@@type": "ArcLayer", "data": [{"s": [0, 0], "t": [5, 6]}],
                   "getSourcePosition": "@@=s", "getTargetPosition": "@@=t"},
                  {"@@type": "ScatterplotLayer", "data": "https://x/y.json"},
                  {"@@type": "ColumnLayer", "data": data, "getPosition": "@@=lon * 2"}]
        pts, notes = sg.pydeck_points(self.deck(layers))
        self.assertEqual([(p.lat, p.lon) for p in pts],
                         [(2.0, 1.0), (4.0, 3.0), (2.0, 1.0), (4.0, 3.0), (0.0, 0.0),
                          (6.0, 5.0)])
        self.assertTrue(all(p.pixels for p in pts))
        joined = " | ".join(notes)
        for word in ("HexagonLayer", "HeatmapLayer", "ArcLayer", "URL", "ColumnLayer"):
            self.assertIn(word, joined)

    def test_duck_typed_deck_and_view(self):
        class Deck:
            def to_json(self):
                return ('{"initialViewState": {"latitude": 1, "longitude": 2, "zoom": 5}, '
                        '"layers": [{"@@type": "ScatterplotLayer", "data": [{"a": 3, "b": 4}],'
                        ' "getPosition": "@@=[a, b]", "getRadius": 9}]}')
        pts, _ = sg.pydeck_points(Deck())
        self.assertEqual((pts[0].lat, pts[0].lon, pts[0].size), (4.0, 3.0, 9.0))
        self.assertEqual(sg.pydeck_view(Deck()), sg.MapView(1.0, 2.0, 5.0))

    def test_expressions_are_never_evaluated(self):
        for expr in ("@@=__import__('os').system('x')", "@@=[lon, lat].map(f)",
                     "@@=d => d.x"):
            with self.subTest(expr=expr):
                self.assertIsNone(sg._parse_accessor(expr))

    def test_view_centres_map(self):
        p = sg.MapPoint(10.0, 10.0, 1.0, (0, 0, 0, 255))
        cx, cy, _r, _t = mp_circles(sg.render_map_svg([p], zoom=4, center=(0.0, 0.0)))[0]
        self.assertGreater(cx, 360)
        self.assertLess(cy, 200)


class ChartDotParserTests(unittest.TestCase):
    def test_valid_inputs(self):
        cases = [
            ("digraph { a -> b -> c }", True, ["a", "b", "c"], [("a", "b"), ("b", "c")]),
            ("graph G { a -- b; b -- a }", False, ["a", "b"], [("a", "b"), ("b", "a")]),
            ("strict digraph { a -> b; a -> b [color=red] }", True, ["a", "b"], [("a", "b")]),
            ("digraph { a -> {b c} -> d }", True, ["a", "b", "c", "d"],
             [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]),
            ('digraph { "x y" -> "q\\"z"; "a" + "b" }', True, ["x y", 'q"z', "ab"],
             [("x y", 'q"z')]),
            ("// c1\ndigraph { /* c2 */ a:p1:n -> b:s\n# cpp\n}", True, ["a", "b"],
             [("a", "b")]),
            ("DiGraph { subgraph cluster_0 { a; b } subgraph { c } { d } }", True,
             ["a", "b", "c", "d"], []),
            ("digraph { 1 -> -2.5 -> .5 }", True, ["1", "-2.5", ".5"],
             [("1", "-2.5"), ("-2.5", ".5")]),
            ("digraph { a [label=<<b>bold</b><br/>x &amp; y>] }", True, ["a"], []),
        ]
        for src, directed, nodes, edges in cases:
            with self.subTest(src=src):
                g = sg.parse_dot(src)
                self.assertEqual(g.directed, directed)
                self.assertEqual(list(g.nodes), nodes)
                self.assertEqual([(e.tail, e.head) for e in g.edges], edges)

    def test_attributes_and_defaults(self):
        g = sg.parse_dot("""digraph G {
            graph [rankdir=LR]; label="Title"
            node [shape=box, color=blue]
            a [label="A\\nB", style=filled, fillcolor="#eee"]
            edge [color=gray50]
            a -> b [label=go; style=dashed]
            subgraph cluster_x { label="X"; node [shape=circle]; c }
            d
        }""")
        self.assertEqual(g.attrs, {"rankdir": "LR", "label": "Title"})
        self.assertEqual(g.nodes["a"].attrs, {"shape": "box", "color": "blue",
                                              "label": "A\\nB", "style": "filled",
                                              "fillcolor": "#eee"})
        self.assertEqual(g.nodes["b"].attrs, {"shape": "box", "color": "blue"})
        self.assertEqual(g.nodes["c"].attrs["shape"], "circle")
        self.assertEqual(g.nodes["d"].attrs["shape"], "box")         # cluster scope ended
        self.assertEqual(g.edges[0].attrs, {"color": "gray50", "label": "go",
                                            "style": "dashed"})
        self.assertEqual([(c.name, c.attrs, c.nodes) for c in g.clusters],
                         [("cluster_x", {"label": "X"}, ["c"])])
        self.assertEqual(g.nodes["a"].attrs["label"], "A\\nB")
        self.assertEqual(sg._dot_label_lines("A\\nB\\l"), ["A", "B"])
        self.assertEqual(sg._dot_label_lines("\\N!", "n1"), ["n1!"])
        h = sg.parse_dot("digraph { a [label=<<b>bold</b><br/>x &amp; y>] }")
        self.assertEqual(h.nodes["a"].attrs["label"], "bold\nx & y")

    def test_invalid_inputs(self):
        cases = [
            ("digraph { a -> }", 1, "expected a name"),
            ("digraph {\n a -> b\n", 3, "expected '}'"),
            ("graph { a -> b }", 1, "use '--'"),
            ("digraph {\n\n a -- b }", 3, "use '->'"),
            ("digraph { a [label=x }", 1, "expected"),
            ('digraph {\n a [label="oops] }', 2, "unterminated quoted string"),
            ("digraph { /* never closed", 1, "unterminated /\\* comment"),
            ("digraph { a -> b } digraph { c }", 1, "only one graph"),
            ("flowchart { a }", 1, "starts with 'graph' or 'digraph'"),
            ("digraph {\n a @ b }", 2, "unexpected character '@'"),
            ("digraph { node }", 1, "keyword 'node'"),
            ("digraph { a [x=<<b> }", 1, "unterminated <HTML>"),
        ]
        for src, line, message in cases:
            with self.subTest(src=src):
                with self.assertRaisesRegex(ValueError, rf"line {line}\b.*{message}"):
                    sg.parse_dot(src)

    def test_bounds(self):
        many = "digraph {" + ";".join(f"n{k}" for k in range(sg.MAX_DOT_NODES + 1)) + "}"
        with self.assertRaisesRegex(ValueError, "more than 2000 nodes"):
            sg.parse_dot(many)
        deep = "digraph {" + "{" * (sg.MAX_DOT_DEPTH + 2) + "}" * (sg.MAX_DOT_DEPTH + 2) \
            + "}"
        with self.assertRaisesRegex(ValueError, "nested deeper"):
            sg.parse_dot(deep)
        with self.assertRaisesRegex(ValueError, "characters"):
            sg.parse_dot("digraph {" + " " * sg.MAX_DOT_CHARS + "}")
        fan = "digraph { {" + " ".join(f"a{k}" for k in range(80)) + "} -> {" + \
            " ".join(f"b{k}" for k in range(80)) + "} }"
        with self.assertRaisesRegex(ValueError, "more than 5000 edges"):
            sg.parse_dot(fan)


def mp_overlaps(a: sg.NodeBox, b: sg.NodeBox) -> bool:
    """Return True if two node boxes intersect."""
    return abs(a.x - b.x) < (a.w + b.w) / 2 and abs(a.y - b.y) < (a.h + b.h) / 2


class ChartDotLayoutTests(unittest.TestCase):
    DAG = """digraph { rankdir=%s; a -> b; a -> c; b -> d; c -> d; a -> d; d -> e;
                       b -> e; x -> c; "long label here" -> a }"""

    def test_edges_follow_rankdir(self):
        axis = {"TB": (1, 1), "BT": (1, -1), "LR": (0, 1), "RL": (0, -1)}
        for rd, (k, sign) in axis.items():
            with self.subTest(rankdir=rd):
                g = sg.parse_dot(self.DAG % rd)
                lay = sg.layout_layered(g)
                for e in g.edges:
                    t, h = lay.nodes[e.tail], lay.nodes[e.head]
                    self.assertGreater(sign * ((h.x, h.y)[k] - (t.x, t.y)[k]), 0, e)
                for r in lay.edges:          # polylines run monotonically along the ranks
                    vals = [sign * p[k] for p in r.points]
                    self.assertEqual(vals, sorted(vals), r)

    def test_no_overlaps_and_inside_canvas(self):
        srcs = [self.DAG % "TB", self.DAG % "LR",
                "digraph {" + " ".join(f"r -> n{k};" for k in range(30)) + "}",
                "graph { a -- b -- c -- a; c -- d -- e -- c; a [shape=box label=\"wide "
                "wide wide wide\"] d [shape=diamond] e [shape=circle] }"]
        for src in srcs:
            with self.subTest(src=src[:40]):
                lay = sg.layout_layered(sg.parse_dot(src))
                boxes = list(lay.nodes.values())
                for i, a in enumerate(boxes):
                    self.assertTrue(a.x - a.w / 2 >= 0 and a.y - a.h / 2 >= 0)
                    self.assertTrue(a.x + a.w / 2 <= lay.width + 1e-6)
                    self.assertTrue(a.y + a.h / 2 <= lay.height + 1e-6)
                    for b in boxes[i + 1:]:
                        self.assertFalse(mp_overlaps(a, b), (a, b))

    def test_cycles_terminate_and_stay_layered(self):
        n = 300
        src = "digraph {" + " ".join(f"v{k} -> v{(k + 1) % n};" for k in range(n)) + \
            " v5 -> v5; v7 -> v2 }"
        g = sg.parse_dot(src)
        lay = sg.layout_layered(g)
        self.assertEqual(len(lay.nodes), n)
        self.assertEqual(len(lay.edges), len(g.edges))
        ys = sorted(b.y for b in lay.nodes.values())
        self.assertEqual(len(set(ys)), n)            # a ring becomes a chain of ranks
        up = [e for e in g.edges if e.tail != e.head
              and lay.nodes[e.head].y < lay.nodes[e.tail].y]
        self.assertEqual(len(up), 2)                  # only the back edges point up

    def test_dummy_budget_straightens_with_note(self):
        src = "digraph {" + " ".join(f"c{k} -> c{k + 1};" for k in range(20)) + \
            " c0 -> c20; c1 -> c19 }"
        with mock.patch.object(sg, "MAX_LAYOUT_DUMMIES", 25):
            lay = sg.layout_layered(sg.parse_dot(src))
        self.assertEqual(len(lay.edges[20].points), 21)      # two ends + 19 bend points
        self.assertEqual(len(lay.edges[21].points), 2)       # over budget: straight
        self.assertIn("1 long edges are drawn straight", lay.notes[0])

    def test_arrow_ends_on_outline(self):
        lay = sg.layout_layered(sg.parse_dot("digraph { a -> b }"))
        a, b = lay.nodes["a"], lay.nodes["b"]
        (x0, y0), (x1, y1) = lay.edges[0].points
        self.assertAlmostEqual(y0, a.y + a.h / 2, places=6)
        self.assertAlmostEqual(y1, b.y - b.h / 2, places=6)

    def test_cluster_members_grouped_and_boxed(self):
        src = """digraph { r -> a; r -> x; r -> b; r -> y;
                 subgraph cluster_1 { label="C1"; a; b } }"""
        lay = sg.layout_layered(sg.parse_dot(src))
        box = lay.clusters[0]
        self.assertEqual(box.label, "C1")
        inside = [n for n, b in lay.nodes.items()
                  if box.x <= b.x - b.w / 2 and b.x + b.w / 2 <= box.x + box.w
                  and box.y <= b.y - b.h / 2 and b.y + b.h / 2 <= box.y + box.h]
        self.assertEqual(sorted(inside), ["a", "b"])


class ChartRenderDotTests(unittest.TestCase):
    def render(self, src, **kw):
        with mock.patch.object(sg.shutil, "which", return_value=None):
            return sg.render_dot_svg(src, **kw)

    def test_shapes_labels_arrows(self):
        svg, notes = self.render("""digraph { a [shape=box label="<a&b>"];
            b [shape=diamond]; c [shape=circle]; d [shape=plaintext]; e [shape=record];
            f [style=filled fillcolor=gray90]; a -> b [label="e<1>"]; b -> c; c -> d;
            d -> e [dir=none]; e -> f [style=invis] }""")
        root = mp_parse(svg)
        self.assertEqual(notes, ["Node shape 'record' is drawn as an ellipse."])
        self.assertEqual(len(list(root.iter(SVG_NS + "rect"))), 1)
        self.assertEqual(len(list(root.iter(SVG_NS + "circle"))), 1)
        self.assertEqual(len(list(root.iter(SVG_NS + "ellipse"))), 2)
        polys = list(root.iter(SVG_NS + "polygon"))
        self.assertEqual(len(polys), 1 + 3)           # the diamond + three arrowheads
        texts = [t.text for t in root.iter(SVG_NS + "text")]
        self.assertIn("<a&b>", texts)
        self.assertIn("e<1>", texts)
        self.assertIn("&lt;a&amp;b&gt;", svg)
        fills = [el.get("fill") for el in root.iter(SVG_NS + "ellipse")]
        self.assertIn("#e5e5e5", fills)
        self.assertEqual(len(list(root.iter(SVG_NS + "polyline"))), 4)   # invis edge not drawn

    def test_undirected_has_no_arrows_and_width(self):
        svg, _ = self.render("graph { a -- b -- c }", width=300)
        root = mp_parse(svg)
        self.assertEqual(list(root.iter(SVG_NS + "polygon")), [])
        self.assertIn("max-width:300px", root.get("style"))
        self.assertIn("sg-svg", root.get("class"))

    def test_graphviz_object_and_errors(self):
        class Digraph:
            source = "digraph { a -> b }"
        svg, _ = self.render(Digraph())
        self.assertEqual(len(list(mp_parse(svg).iter(SVG_NS + "ellipse"))), 2)
        with self.assertRaisesRegex(ValueError, "line 1"):
            self.render("digraph { a -> }")
        with self.assertRaises(ValueError):
            self.render(42)

    def test_color_values_are_sanitised(self):
        svg, _ = self.render('digraph { a [style=filled fillcolor="url(http://x/)" '
                             'color="red;0.5:blue" fontcolor="0.0 1.0 1.0"] }')
        el = next(mp_parse(svg).iter(SVG_NS + "ellipse"))
        self.assertEqual(el.get("fill"), "lightgrey")
        self.assertEqual(el.get("stroke"), "red")
        self.assertIn("fill:#ff0000", svg)
        self.assertNotIn("url(", svg)


EVIL_SVG = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generated by graphviz -->
<svg width="62pt" height="116pt" viewBox="0.00 0.00 62.00 116.00"
 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 onload="alert(1)">
<script>alert(2)</script>
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 112)">
<title>G</title>
<polygon fill="white" stroke="none" points="-4,4 -4,-112 58,-112 58,4 -4,4"/>
<g id="node1" class="node" onclick="alert(3)"><title>a</title>
<a xlink:href="javascript:alert(4)" xlink:title="t">
<ellipse fill="url(http://evil/#x)" stroke="black" cx="27" cy="-90" rx="27" ry="18"
 style="background:url(http://evil)"/>
<text text-anchor="middle" x="27" y="-86.3" font-family="Times,serif" font-size="14.00">a&lt;b</text>
</a></g>
<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
<image xlink:href="file:///etc/passwd" width="1" height="1"/>
<path fill="none" stroke="black" d="M27,-71.7C27,-63.98 27,-54.71 27,-46.11"/>
</g>
</svg>
"""


class ChartSvgSanitizeTests(unittest.TestCase):
    def test_removes_active_content(self):
        out = sg.sanitize_svg(EVIL_SVG)
        root = mp_parse(out)
        tags = {el.tag.replace(SVG_NS, "") for el in root.iter()}
        self.assertEqual(tags, {"svg", "g", "title", "polygon", "ellipse", "text", "path"})
        for bad in ("script", "alert", "javascript", "onload", "onclick", "foreignObject",
                    "url(", "passwd", "xlink", "DOCTYPE", "<?xml", "id=", "class=\"node"):
            self.assertNotIn(bad, out)
        for el in root.iter():
            for key in el.attrib:
                self.assertFalse(key.lower().startswith("on"), key)
        self.assertEqual(root.get("viewBox"), "0.00 0.00 62.00 116.00")
        self.assertEqual(root.get("style"), "max-width:62px")
        text = next(root.iter(SVG_NS + "text"))
        self.assertEqual(text.text, "a<b")
        self.assertIn("font-size:14.00px", text.get("style"))
        self.assertEqual(next(root.iter(SVG_NS + "ellipse")).get("fill"), None)
        self.assertEqual(next(root.iter(SVG_NS + "g")).get("transform"),
                         "scale(1 1) rotate(0) translate(4 112)")

    def test_rejects(self):
        cases = ["<svg><g></svg>", "<html/>", "not xml",
                 '<!DOCTYPE x [<!ENTITY a "aaaa">]><svg viewBox="0 0 1 1">&a;</svg>',
                 '<svg viewBox="javascript:1"/>', "<svg>" + " " * sg.MAX_DOT_SVG_BYTES]
        for src in cases:
            with self.subTest(src=src[:40]):
                self.assertIsNone(sg.sanitize_svg(src))

    def test_dot_program_used_and_sanitised(self):
        with tempfile.TemporaryDirectory() as tmp:
            fake = os.path.join(tmp, "dot")
            with open(fake, "w") as f:
                f.write(f"#!{sys.executable}\nimport sys\nsys.stdin.read()\n"
                        f"sys.stdout.write({EVIL_SVG!r})\n")
            os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
            with mock.patch.dict(os.environ, {"PATH": tmp}):
                svg, notes = sg.render_dot_svg("digraph { a -> b }")
        self.assertEqual(notes, [])
        self.assertIn("translate(4 112)", svg)          # came from the fake dot
        self.assertNotIn("alert", svg)

    def test_dot_failure_falls_back(self):
        with tempfile.TemporaryDirectory() as tmp:
            fake = os.path.join(tmp, "dot")
            with open(fake, "w") as f:
                f.write(f"#!{sys.executable}\nimport sys\nsys.exit(1)\n")
            os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
            with mock.patch.dict(os.environ, {"PATH": tmp}):
                svg, _ = sg.render_dot_svg("digraph { a -> b }")
        self.assertIn("sg-dot-node", svg)



class ChartMapPandasTests(unittest.TestCase):
    def setUp(self):
        global pd
        pd = need_module(self, "pandas")

    def test_dataframe_layer_and_numpy_cells(self):
        df = pd.DataFrame({"lat": [1.0, 2.0], "lon": [3.0, 4.0], "r": [10, 20],
                           "c": [[255, 0, 0], [0, 0, 255]]})
        layer = {"@@type": "ScatterplotLayer", "data": df, "getPosition": "@@=[lon, lat]",
                 "getRadius": "@@=r", "getFillColor": "@@=c"}
        pts, notes = sg.pydeck_points({"layers": [layer]})
        self.assertEqual([(p.lat, p.lon, p.size, p.color) for p in pts],
                         [(1.0, 3.0, 10.0, (255, 0, 0, 255)), (2.0, 4.0, 20.0, (0, 0, 255, 255))])
        rows = df[["lat", "lon"]].to_numpy().tolist()
        rows.append([float("nan"), 1.0])
        with self.assertRaisesRegex(ValueError, "null values"):
            sg.map_points(["lat", "lon"], rows)
        with self.assertRaisesRegex(ValueError, "null values"):
            sg.map_points(["lat", "lon"], [[pd.NA, 1.0]])


# -- the chart API over a real socket -------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"

API_CHART_APP = r'''
import json
import streamlit_go as st

H = '<script>alert(1)</script>"onmouseover="x'
st.line_chart({"a": [1, 2, 3], "b": [3, 2, 1]})
st.bar_chart({"k": ["x", "y", "z"], "v": [1, 2, 4]}, x="k", y="v")
st.area_chart({"a": [1, 2, 3], "b": [2, 2, 2]}, stack=True)
st.scatter_chart({"px": [0, 10], "py": [0, 5]}, x="px", y="py")
st.vega_lite_chart({"title": H, "mark": "bar",
                    "data": {"values": [{"c": H, "n": 2}, {"c": "b", "n": 1}]},
                    "encoding": {"x": {"field": "c", "type": "nominal", "title": H},
                                 "y": {"field": "n", "type": "quantitative", "title": H},
                                 "tooltip": [{"field": "c"}, {"field": "n"}]}})
st.plotly_chart({"data": [{"type": "pie", "labels": ["a", "b", H], "values": [1, 1, 2]}],
                 "layout": {"title": {"text": H}}})
st.map({"lat": [10.0, 20.0], "lon": [30.0, 40.0]})
st.graphviz_chart('digraph { a -> b; b -> c; c [label="' + H.replace('"', '\\"') + '"] }')
st.line_chart(list(range(100_000)))
ev = st.plotly_chart({"data": [{"type": "bar", "x": ["a", "b", "c"], "y": [1, 2, 3]}]},
                     on_select="rerun", key="pick")
st.text("plotly_sel=" + json.dumps(ev.selection.points))
st.text("plotly_idx=" + json.dumps(ev["selection"]["point_indices"]))
st.text("ss=" + json.dumps(st.session_state.pick.selection.point_indices))

def picked():
    st.session_state["_cb"] = st.session_state.get("_cb", 0) + 1

ev2 = st.vega_lite_chart(
    {"mark": "point", "params": [{"name": "pt", "select": "point"}],
     "data": {"values": [{"u": 1, "w": 5}, {"u": 2, "w": 7}]},
     "encoding": {"x": {"field": "u", "type": "quantitative"},
                  "y": {"field": "w", "type": "quantitative"}}},
    on_select=picked, key="vlpick")
st.text("vl_sel=" + json.dumps(ev2.selection))
st.text(f"cb={st.session_state.get('_cb', 0)}")
for call in (lambda: st.line_chart({"a": [1]}, y="nope"),
             lambda: st.map({"x": [1.0]}),
             lambda: st.graphviz_chart("digraph { a -> }"),
             lambda: st.altair_chart(42),
             lambda: st.plotly_chart({"data": []}, on_select="sometimes")):
    try:
        call()
    except st.StreamlitAPIException as e:
        st.text("err=" + str(e))
''' + _API_RUN_MARKER


def chart_svg(element_html: str):
    """Parse the <svg> inside a chart element (must be well-formed XML)."""
    m = re.search(r"<svg\b.*</svg>", element_html, re.S)
    if not m:
        raise AssertionError("no svg in the chart element")
    return ET.fromstring(m.group(0))


def chart_marks(root, tag: str) -> list:
    """The drawn marks of one tag (inside the renderer's sg-marks groups)."""
    return [el for g in root.iter(SVG_NS + "g") if g.get("class") == "sg-marks"
            for el in g.iter(SVG_NS + tag)]


def chart_slice_degrees(d: str) -> float:
    """Sweep of a pie slice path "M cx,cy L x0,y0 A r,r 0 large sweep x1,y1 Z" in degrees."""
    num = r"(-?\d+(?:\.\d+)?)"
    m = re.match(r"M{0},{0}L{0},{0}A{0},{0} {0} ([01]) ([01]) {0},{0}".format(num), d or "")
    if not m:
        raise AssertionError(f"not a pie slice path: {d!r}")
    _cx, _cy, x0, y0, r, _r, _rot, large, _sweep, x1, y1 = m.groups()
    chord = math.hypot(float(x1) - float(x0), float(y1) - float(y0))
    angle = math.degrees(2 * math.asin(min(1.0, chord / (2 * float(r)))))
    return 360 - angle if large == "1" else angle


class ChartApiTests(ServerCase):
    APP = API_CHART_APP

    def setUp(self):
        self.p = api_connect(self)
        self.charts = api_ids(self.p.html, "chart")

    def chart(self, n):
        return api_element(self.p.html, self.charts[n])

    def test_every_chart_is_a_parseable_svg(self):
        self.assertEqual(len(self.charts), 11)
        for n in range(len(self.charts)):
            with self.subTest(chart=n):
                self.assertEqual(chart_svg(self.chart(n)).tag, SVG_NS + "svg")

    def test_line_chart_draws_one_path_per_column(self):
        paths = chart_marks(chart_svg(self.chart(0)), "path")
        self.assertEqual([p.get("stroke") for p in paths], ["#0068c9", "#83c9ff"])
        self.assertRegex(self.chart(0), r'aria-label="line chart of a, b"')

    def test_bar_heights_in_ratio(self):
        rects = chart_marks(chart_svg(self.chart(1)), "rect")
        h = [float(r.get("height")) for r in rects]
        self.assertEqual(len(h), 3)
        self.assertAlmostEqual(h[1] / h[0], 2, delta=0.02)
        self.assertAlmostEqual(h[2] / h[0], 4, delta=0.02)

    def test_stacked_area_tops_add_up(self):
        root = chart_svg(self.chart(2))
        areas = [p for p in chart_marks(root, "path") if (p.get("d") or "").endswith("Z")]
        self.assertEqual(len(areas), 2)
        ys = [[float(v) for v in re.findall(r",(-?[\d.]+)", a.get("d"))] for a in areas]
        top = min(min(y) for y in ys)            # the stack's top: 3 + 2 = 5 at x=2
        base = max(max(y) for y in ys)           # zero
        one_unit = (base - top) / 5
        self.assertGreater(one_unit, 10)

    def test_scatter_points_at_scaled_positions(self):
        c = chart_marks(chart_svg(self.chart(3)), "circle")
        self.assertEqual(len(c), 2)
        (x0, y0), (x1, y1) = [(float(e.get("cx")), float(e.get("cy"))) for e in c]
        self.assertLess(x0, x1)
        self.assertGreater(y0, y1)                # y grows upwards

    def test_pie_arcs_sum_to_360_degrees(self):
        root = chart_svg(self.chart(5))
        slices = chart_marks(root, "path")
        self.assertEqual(len(slices), 3)
        total = sum(chart_slice_degrees(s.get("d")) for s in slices)
        self.assertAlmostEqual(total, 360, delta=1)
        self.assertAlmostEqual(max(chart_slice_degrees(s.get("d")) for s in slices), 180,
                               delta=1)                   # the value 2 of 1 + 1 + 2

    def test_map_and_graph(self):
        self.assertEqual(len(mp_circles(re.search(r"<svg\b.*</svg>", self.chart(6), re.S)
                                        .group(0))), 2)
        g = self.chart(7)
        self.assertEqual(g.count("sg-dot-node") if "sg-dot-node" in g else
                         len(re.findall(r"<ellipse", g)), 3)

    def test_hostile_strings_stay_escaped(self):
        for n in (4, 5, 7):
            with self.subTest(chart=n):
                el = self.chart(n)
                self.assertNotIn("<script", el)
                self.assertNotIn('"onmouseover="', el)
                self.assertIn("&lt;script&gt;", el)
                chart_svg(el)
        api_assert_safe(self, self.p.html, "chart page")

    def test_100k_point_line_is_small(self):
        el = self.chart(8)
        self.assertLess(len(el.encode()), 100_000)
        self.assertEqual(len(chart_marks(chart_svg(el), "path")), 1)

    def test_api_errors_are_clear(self):
        errs = [t[4:] for t in self.p.texts() if t.startswith("err=")]
        self.assertEqual(len(errs), 5, errs)
        self.assertIn("'nope' is not a column", errs[0])
        self.assertIn("latitude", errs[1].lower())
        self.assertIn("line 1", errs[2])
        self.assertIn("Altair chart", errs[3])
        self.assertIn("on_select", errs[4])

    def test_plotly_selection_round_trip(self):
        p = self.p
        self.assertEqual(json.loads(p.out("plotly_sel")), [])
        el = api_element(p.html, "key-pick")
        self.assertIn("sg-chart-select", el)
        self.assertEqual(len(re.findall(r'data-sg-pt="\d+"', el)), 3)
        p.act("key-pick", [1])
        points = json.loads(p.out("plotly_sel"))
        self.assertEqual([(q["x"], q["y"], q["point_index"]) for q in points], [("b", 2, 1)])
        self.assertEqual(json.loads(p.out("ss")), [1])
        el = api_element(p.html, "key-pick")
        self.assertIn('class="sg-pt sg-sel" data-sg-pt="1"', el)
        self.assertIn("sg-has-sel", el)
        p.act("key-pick", [2, 0])
        self.assertEqual(json.loads(p.out("plotly_idx")), [2, 0])
        p.act("key-pick", [])                        # a click on the background
        self.assertEqual(json.loads(p.out("plotly_idx")), [])
        self.assertNotIn("sg-has-sel", api_element(p.html, "key-pick"))

    def test_vega_lite_selection_and_callback(self):
        p = self.p
        self.assertEqual(json.loads(p.out("vl_sel")), {"pt": []})
        p.act("key-vlpick", [1])
        self.assertEqual(json.loads(p.out("vl_sel")), {"pt": [{"u": 2, "w": 7}]})
        self.assertEqual(p.out("cb"), "1")

    def test_bad_selections_are_refused(self):
        for bad in ([3], [-1], ["1"], [True], [1.0], 1, {"a": 1}, list(range(2000))):
            with self.subTest(value=bad):
                err = self.p.refused("key-pick", bad)
                self.assertEqual(err.get("code"), "INVALID_MESSAGE")


API_ALTAIR_APP = r'''
import json
import altair as alt
import pandas as pd
import streamlit_go as st

df = pd.DataFrame({"cat": ["a", "b", "c"], "val": [1, 2, 4]})
st.altair_chart(alt.Chart(df).mark_bar().encode(x="cat", y="val"))
sel = alt.selection_point(name="choice")
ev = st.altair_chart(alt.Chart(df).mark_bar().encode(x="cat", y="val").add_params(sel),
                     on_select="rerun", key="alt")
st.text("alt_sel=" + json.dumps(ev.selection))
st.line_chart(pd.DataFrame({"p": [1.0, 2.0, 3.0], "q": [3.0, 1.0, 2.0]}))
''' + _API_RUN_MARKER


class ChartApiAltairTests(ServerCase):
    APP = API_ALTAIR_APP

    def setUp(self):
        need_module(self, "altair")
        need_module(self, "pandas")
        self.p = api_connect(self)

    def test_altair_bars_and_selection(self):
        charts = api_ids(self.p.html, "chart")
        self.assertEqual(len(charts), 3)
        rects = chart_marks(chart_svg(api_element(self.p.html, charts[0])), "rect")
        h = [float(r.get("height")) for r in rects]
        self.assertAlmostEqual(h[2] / h[0], 4, delta=0.02)
        self.assertEqual(json.loads(self.p.out("alt_sel")), {"choice": []})
        self.p.act("key-alt", [2])
        self.assertEqual(json.loads(self.p.out("alt_sel")), {"choice": [{"cat": "c", "val": 4}]})
        paths = chart_marks(chart_svg(api_element(self.p.html, charts[2])), "path")
        self.assertEqual(len(paths), 2)               # a DataFrame's two columns


API_PLOTLY_APP = r'''
import json
import plotly.express as px
import plotly.graph_objects as go
import streamlit_go as st

fig = go.Figure([go.Bar(x=["a", "b", "c"], y=[1, 2, 4])])
ev = st.plotly_chart(fig, on_select="rerun", key="pbar")
st.text("sel=" + json.dumps(ev.selection.points))
st.plotly_chart(px.pie(names=["x", "y"], values=[1, 3]))
''' + _API_RUN_MARKER


class ChartApiPlotlyTests(ServerCase):
    APP = API_PLOTLY_APP

    def setUp(self):
        need_module(self, "plotly")
        self.p = api_connect(self)

    def test_real_figure_and_selection(self):
        rects = chart_marks(chart_svg(api_element(self.p.html, "key-pbar")), "rect") or [
            e for e in chart_svg(api_element(self.p.html, "key-pbar")).iter()
            if e.get("data-sg-pt")]
        self.assertEqual(len(rects), 3)
        self.p.act("key-pbar", [2])
        pts = json.loads(self.p.out("sel"))
        self.assertEqual([(q["x"], q["y"]) for q in pts], [("c", 4)])
        pie = api_element(self.p.html, api_ids(self.p.html, "chart")[1])
        total = sum(chart_slice_degrees(s.get("d")) for s in chart_marks(chart_svg(pie), "path"))
        self.assertAlmostEqual(total, 360, delta=1)


# -- dual y axes, ranged areas, grouped boxplots, step lines --------------------

def vl_axis_labels(svg: str) -> list:
    """Return (x, y, text, anchor) of every axis label in the sg-axis groups."""
    out = []
    for g in vl_parse(svg).iter(SVG_NS + "g"):
        if g.get("class") == "sg-axis":
            out.extend((vl_fl(t, "x"), vl_fl(t, "y"), t.text or "", t.get("text-anchor"))
                       for t in g.iter(SVG_NS + "text") if t.get("transform") is None)
    return out


def vl_path_points(d: str) -> list:
    """Return the (x, y) vertices of an 'M..L..' path (a closing Z is dropped)."""
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(nums[0::2], nums[1::2]))


def vl_dual_spec(left, right):
    """Two line+point layers on independent y scales, the second labelled on the right."""
    def side(vals, name, orient):
        recs = [{"x": i + 1, "y": v, "s": name} for i, v in enumerate(vals)]
        enc = {"x": {"field": "x", "type": "quantitative"},
               "y": {"field": "y", "type": "quantitative", "scale": {"zero": False},
                     "axis": {"orient": orient}}}
        return {"data": {"values": recs}, "encoding": enc,
                "layer": [{"mark": "line"}, {"mark": "point"}]}
    return {"layer": [side(left, "a", "left"), side(right, "b", "right")],
            "resolve": {"scale": {"y": "independent"}}}


def pl_dual_fig(left, right):
    """The dict make_subplots(specs=[[{"secondary_y": True}]]) builds for two scatters."""
    xs = list(range(1, len(left) + 1))
    return {"data": [{"type": "scatter", "x": xs, "y": left, "name": "a", "xaxis": "x", "yaxis": "y"},
                     {"type": "scatter", "x": xs, "y": right, "name": "b", "xaxis": "x", "yaxis": "y2"}],
            "layout": {"xaxis": {"anchor": "y", "domain": [0.0, 0.94]},
                       "yaxis": {"anchor": "x", "domain": [0.0, 1.0]},
                       "yaxis2": {"anchor": "x", "overlaying": "y", "side": "right"}}}


class ChartDualAxisTests(unittest.TestCase):
    def check_dual(self, svg, left, right):
        """Each axis carries its own scale's ticks, and the right one lines up with its marks."""
        labels = [(x, y, float(t.replace(",", "")), a) for x, y, t, a in vl_axis_labels(svg)
                  if re.fullmatch(r"-?[\d,.]+", t)]
        left_labels = [(y, v) for x, y, v, a in labels if a == "end" and x < 0]
        right_x = max(x for x, _y, _v, _a in labels)
        right_labels = [(y, v) for x, y, v, a in labels if x == right_x and a is None]
        self.assertGreaterEqual(len(right_labels), 2)
        for vals, got in ((left, left_labels), (right, right_labels)):
            self.assertTrue(all(min(vals) - 1e-9 <= v <= max(vals) + 1e-9 for _y, v in got), got)
            self.assertEqual({min(vals), max(vals)} - {v for _y, v in got}, set())
        # the right label of the series maximum sits level with that series' highest point
        circles = sorted(vl_fl(c, "cy") for c in vl_marks(svg, "circle"))
        y_top_right = next(y for y, v in right_labels if v == max(right))
        y_top_left = next(y for y, v in left_labels if v == max(left))
        self.assertAlmostEqual(y_top_right - 3.5, circles[0], delta=0.2)
        self.assertAlmostEqual(y_top_left - 3.5, circles[0], delta=0.2)

    def test_vega_lite_independent_layers(self):
        for left, right in (([40, 50, 60], [4, 5, 6]), ([0, 100, 200], [1, 2, 3, 4])):
            with self.subTest(left=left, right=right):
                self.check_dual(sg.render_vega_lite(vl_dual_spec(left, right)).svg, left, right)

    def test_plotly_secondary_y(self):
        svg = sg.render_vega_lite(sg.plotly_to_vega_lite(pl_dual_fig([40, 50, 60], [4, 5, 6]))[0]).svg
        self.check_dual(svg, [40, 50, 60], [4, 5, 6])

    def test_real_make_subplots(self):
        need_module(self, "plotly")
        from plotly.subplots import make_subplots
        go = importlib.import_module("plotly.graph_objects")
        fig = make_subplots(specs=[[{"secondary_y": True}]])
        fig.add_trace(go.Scatter(x=[1, 2, 3], y=[40, 50, 60], name="a"), secondary_y=False)
        fig.add_trace(go.Scatter(x=[1, 2, 3], y=[4, 5, 6], name="b"), secondary_y=True)
        self.check_dual(sg.render_vega_lite(sg.plotly_to_vega_lite(fig)[0]).svg, [40, 50, 60], [4, 5, 6])


class ChartRangedAreaTests(unittest.TestCase):
    def area_span(self, svg):
        """(left, right) pixel x of the area path, and the x axis labels as numbers."""
        path = next(p for p in vl_marks(svg, "path") if p.get("fill") not in (None, "none"))
        xs = [x for x, _y in vl_path_points(path.get("d"))]
        labels = [float(t.replace(",", "")) for _x, y, t, a in vl_axis_labels(svg)
                  if a != "end" and re.fullmatch(r"[\d,.]+", t)]
        return min(xs), max(xs), labels

    def test_zero_false_x_with_y2(self):
        for mark in ("area", "line"):
            with self.subTest(mark=mark):
                recs = [{"yr": 2000 + i, "v": v, "v0": 0} for i, v in enumerate([3, 5, 4, 6])]
                spec = {"data": {"values": recs}, "mark": mark,
                        "encoding": {"x": {"field": "yr", "type": "quantitative", "scale": {"zero": False}},
                                     "y": {"field": "v", "type": "quantitative"},
                                     "y2": {"field": "v0"}}}
                svg = sg.render_vega_lite(spec, width=400).svg
                if mark == "area":
                    x0, x1, labels = self.area_span(svg)
                    self.assertAlmostEqual(x0, 0, delta=0.2)       # 2000 at the left edge
                    self.assertGreater(x1 - x0, 300)               # the years fill the plot
                else:
                    labels = [float(t.replace(",", "")) for _x, _y, t, a in vl_axis_labels(svg)
                              if a != "end" and re.fullmatch(r"[\d,.]+", t)]
                self.assertGreaterEqual(min(labels), 2000)
                self.assertLessEqual(max(labels), 2003)

    def test_plotly_filled_area(self):
        for fill in ("tozeroy", "tonexty"):
            with self.subTest(fill=fill):
                fig = {"data": [{"type": "scatter", "x": [2000, 2001, 2002], "y": [3, 5, 4],
                                 "fill": fill, "mode": "lines"}]}
                svg = sg.render_vega_lite(sg.plotly_to_vega_lite(fig)[0], width=400).svg
                x0, x1, labels = self.area_span(svg)
                self.assertGreaterEqual(min(labels), 2000)
                self.assertLessEqual(max(labels), 2002)
                self.assertGreater(x1 - x0, 300)

    def test_real_px_area(self):
        need_module(self, "pandas")
        px = need_module(self, "plotly.express")
        import pandas as pd
        df = pd.DataFrame({"year": [2000, 2001, 2002] * 2, "v": [3, 5, 4, 1, 2, 3], "c": list("aaabbb")})
        svg = sg.render_vega_lite(sg.plotly_to_vega_lite(px.area(df, x="year", y="v", color="c"))[0],
                                  width=400).svg
        x0, x1, labels = self.area_span(svg)
        self.assertGreaterEqual(min(labels), 2000)
        self.assertLessEqual(max(labels), 2002)
        self.assertGreater(x1 - x0, 250)                       # a legend takes the rest


class ChartGroupedBoxplotTests(unittest.TestCase):
    def boxes(self, svg):
        """Box rects (x, width, fill) in drawing order (legend swatches excluded)."""
        return [(vl_fl(r, "x"), vl_fl(r, "width"), r.get("fill")) for r in vl_marks(svg, "rect")]

    def check_side_by_side(self, svg, groups, per_group):
        """Boxes never overlap and each band holds one box per colour, in domain order."""
        boxes = sorted(self.boxes(svg))
        self.assertEqual(len(boxes), groups * per_group)
        for a, b in zip(boxes, boxes[1:]):
            self.assertLessEqual(a[0] + a[1], b[0] + 0.05)       # no two boxes overlap
        for g in range(groups):                                  # colours in domain order per band
            fills = [f for _x, _w, f in boxes[g * per_group:(g + 1) * per_group]]
            self.assertEqual(fills, sg.CHART_PALETTE[:per_group])

    def test_vega_lite_x_offset(self):
        for cats in ("ab", "abc"):
            with self.subTest(cats=cats):
                recs = [{"g": g, "c": c, "v": float(v + 10 * k)} for g in "PQ"
                        for k, c in enumerate(cats) for v in range(1, 8)]
                spec = {"data": {"values": recs}, "mark": "boxplot",
                        "encoding": {"x": {"field": "g", "type": "nominal"},
                                     "xOffset": {"field": "c"}, "color": {"field": "c"},
                                     "y": {"field": "v", "type": "quantitative"}}}
                self.check_side_by_side(sg.render_vega_lite(spec).svg, 2, len(cats))

    def test_vega_lite_y_offset(self):
        recs = [{"g": g, "c": c, "v": float(v + 10 * k)} for g in "PQ"
                for k, c in enumerate("ab") for v in range(1, 8)]
        spec = {"data": {"values": recs}, "mark": "boxplot",
                "encoding": {"y": {"field": "g", "type": "nominal"}, "yOffset": {"field": "c"},
                             "color": {"field": "c"}, "x": {"field": "v", "type": "quantitative"}}}
        rects = sorted((vl_fl(r, "y"), vl_fl(r, "height")) for r in vl_marks(sg.render_vega_lite(spec).svg, "rect"))
        self.assertEqual(len(rects), 4)
        for a, b in zip(rects, rects[1:]):
            self.assertLessEqual(a[0] + a[1], b[0] + 0.05)

    def test_plotly_box_with_color(self):
        data = [{"type": "box", "name": c, "x": ["P"] * 7 + ["Q"] * 7,
                 "y": [float(v + 10 * k) for v in range(1, 8)] * 2, "offsetgroup": c}
                for k, c in enumerate("ab")]
        fig = {"data": data, "layout": {"boxmode": "group"}}
        self.check_side_by_side(sg.render_vega_lite(sg.plotly_to_vega_lite(fig)[0]).svg, 2, 2)


class ChartStepInterpolationTests(unittest.TestCase):
    #: interpolate -> the path through (0,1) (1,3) (2,2) in data units, as (x, y) data points
    STEPS = {
        "step-after": [(0, 1), (1, 1), (1, 3), (2, 3), (2, 2)],
        "step-before": [(0, 1), (0, 3), (1, 3), (1, 2), (2, 2)],
        "step": [(0, 1), (0.5, 1), (0.5, 3), (1, 3), (1.5, 3), (1.5, 2), (2, 2)],
        "step-vhv": [(0, 1), (0, 2), (1, 2), (1, 3), (1, 2.5), (2, 2.5), (2, 2)],
    }

    def spec(self, mark, how):
        """A line or area through (0,1) (1,3) (2,2) on fixed domains, 200 px square."""
        recs = [{"x": x, "v": v} for x, v in ((0, 1), (1, 3), (2, 2))]
        return {"data": {"values": recs}, "mark": {"type": mark, "interpolate": how},
                "height": 200, "width": 200,
                "encoding": {"x": {"field": "x", "type": "quantitative", "scale": {"domain": [0, 2]}},
                             "y": {"field": "v", "type": "quantitative", "scale": {"domain": [0, 4]}}}}

    def to_data(self, pts):
        """Convert pixel vertices back to data units (200 px for x 0..2 and y 0..4)."""
        return [(round(x / 100, 2), round(4 - y / 50, 2)) for x, y in pts]

    def test_vega_lite_line_steps(self):
        for how, want in self.STEPS.items():
            with self.subTest(how=how):
                path = next(p for p in vl_marks(sg.render_vega_lite(self.spec("line", how)).svg, "path"))
                self.assertEqual(self.to_data(vl_path_points(path.get("d"))), want)

    def test_vega_lite_area_steps(self):
        for how, want in self.STEPS.items():
            with self.subTest(how=how):
                path = next(p for p in vl_marks(sg.render_vega_lite(self.spec("area", how)).svg, "path"))
                pts = self.to_data(vl_path_points(path.get("d")))
                self.assertEqual(pts[:len(want)], want)                  # the top follows the steps
                self.assertTrue(all(y == 0 for _x, y in pts[len(want):]))   # the base is the zero line
                self.assertLessEqual({0, 2}, {x for x, _y in pts[len(want):]})

    def test_smooth_curves_stay_straight(self):
        for how in ("linear", "monotone", "basis", "cardinal"):
            with self.subTest(how=how):
                r = sg.render_vega_lite(self.spec("line", how))
                path = next(p for p in vl_marks(r.svg, "path"))
                self.assertEqual(self.to_data(vl_path_points(path.get("d"))), [(0, 1), (1, 3), (2, 2)])
                self.assertEqual(r.notes, [])

    def test_plotly_line_shapes(self):
        shapes = {"hv": "step-after", "vh": "step-before", "hvh": "step", "vhv": "step-vhv"}
        for shape, how in list(shapes.items()) + [("spline", None), ("linear", None)]:
            with self.subTest(shape=shape):
                fig = {"data": [{"type": "scatter", "mode": "lines", "x": [0, 1, 2], "y": [1, 3, 2],
                                 "line": {"shape": shape}}],
                       "layout": {"xaxis": {"range": [0, 2]}, "yaxis": {"range": [0, 4]}}}
                svg = sg.render_vega_lite(sg.plotly_to_vega_lite(fig)[0]).svg
                path = next(p for p in vl_marks(svg, "path") if p.get("fill") == "none")
                pts = vl_path_points(path.get("d"))
                segs = list(zip(pts, pts[1:]))
                axis_aligned = all(abs(a[0] - b[0]) < 0.05 or abs(a[1] - b[1]) < 0.05 for a, b in segs)
                self.assertEqual(axis_aligned, how is not None, pts)
                self.assertEqual(len(pts), len(self.STEPS[how]) if how else 3)

    def test_plotly_filled_step(self):
        fig = {"data": [{"type": "scatter", "mode": "lines", "x": [0, 1, 2], "y": [1, 3, 2],
                         "fill": "tozeroy", "line": {"shape": "hv"}}]}
        svg = sg.render_vega_lite(sg.plotly_to_vega_lite(fig)[0]).svg
        area = next(p for p in vl_marks(svg, "path") if p.get("fill") not in (None, "none"))
        pts = vl_path_points(area.get("d"))
        self.assertTrue(all(abs(a[0] - b[0]) < 0.05 or abs(a[1] - b[1]) < 0.05
                            for a, b in zip(pts, pts[1:])), pts)


# =============================================================================
# 4e. Data grid: virtual frames, sorting, st.column_config, st.data_editor
# =============================================================================
# First the pure pieces of appendix A (windows, sort orders, editing state,
# validation, number/date formats, cell HTML, edit coercion, Styler cells),
# then the data_window / data_rows messages and the editor's events over a
# real socket. The browser tests are in section 6 (GridBrowserTests).


try:
    import numpy as np
except ImportError:
    np = None
try:
    import pandas as pd
except ImportError:
    pd = None
try:
    import pyarrow as pa
except ImportError:
    pa = None
try:
    from zoneinfo import ZoneInfo
    ZoneInfo("America/Los_Angeles")
    HAVE_TZ = True
except Exception:  # the system has no tz database
    HAVE_TZ = False


NAN = float("nan")


def is_null(v) -> bool:
    """Tell None and NaN apart from values (pandas' text columns hold NaN for None)."""
    return v is None or (isinstance(v, float) and math.isnan(v))


def same(a, b) -> bool:
    """Compare values with all nulls equal (recursively through lists and tuples)."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if is_null(a) and is_null(b):
        return True
    return a == b


def reference_order(values, ascending):
    """Stable sort of positions, nulls last, by value or (mixed types) by str."""
    def null(v):
        return v is None or (isinstance(v, float) and math.isnan(v))
    filled = [i for i, v in enumerate(values) if not null(v)]
    try:
        filled = sorted(filled, key=lambda i: values[i], reverse=not ascending)
    except TypeError:
        filled = sorted(filled, key=lambda i: str(values[i]), reverse=not ascending)
    return filled + [i for i, v in enumerate(values) if null(v)]


# A 2,000-row table with duplicates, NaN and None, used by every backend.
N = 2000
COL_X = [float((i * 7919) % 97) if i % 13 else NAN for i in range(N)]
COL_K = [(i * 31) % 5 for i in range(N)]
COL_S = [f"s{(i * 17) % 211:03d}" if i % 11 else None for i in range(N)]
RECORDS = [{"x": x, "k": k, "s": s} for x, k, s in zip(COL_X, COL_K, COL_S)]


class ModuleNamesTests(unittest.TestCase):
    def test_every_api_method_is_a_written_out_module_name(self):
        """st.button and the rest are assignments in the source, one per method."""
        with open(sg.__file__, encoding="utf-8") as f:
            source = f.read()
        self.assertGreater(len(sg._API_METHODS), 70)
        for name in sg._API_METHODS:
            self.assertEqual(getattr(sg, name), getattr(sg._HERE, name), name)
            self.assertIn(f"\n{name} = _HERE.{name}\n", source, name)
            self.assertIn(name, sg.__all__)


class MissingValueTests(unittest.TestCase):
    """One rule for a missing value, shared by grids, charts and maps: None, NaN,
    NaT and pandas.NA are gaps; other values, even containers, are not."""

    def test_plain_values(self):
        for v in (None, NAN, decimal.Decimal("NaN")):
            self.assertTrue(sg._is_null(v), v)
        for v in (0, 0.0, "", "nan", b"", [], (), {}, False, dt.date(2024, 1, 2)):
            self.assertFalse(sg._is_null(v), repr(v))

    def test_pandas_and_numpy_values(self):
        np, pd = need_module(self, "numpy"), need_module(self, "pandas")
        for v in (np.float64("nan"), np.float32("nan"), np.float16("nan"),
                  np.datetime64("NaT"), pd.NaT, pd.NA):
            self.assertTrue(sg._is_null(v), repr(v))
        for v in (np.float64(1.5), np.int64(0), pd.Timestamp("2024-01-02"),
                  pd.Series([1.0, NAN]), np.array([NAN])):
            self.assertFalse(sg._is_null(v), repr(v))


class GridCellTextTests(unittest.TestCase):
    CASES = [
        (None, "object", "None"), (NAN, "float", "NaN"), (1234.5, "float", "1,234.5"),
        (0.123456, "float", "0.1235"), (3.0, "float", "3"), (3, "float", "3"),
        (3, "int", "3"), (1234567, "int", "1234567"), (True, "bool", "true"),
        (False, "object", "false"), (1e20, "float", "1e+20"), (-2.5, "float", "-2.5"),
        ("a<b", "text", "a<b"), (dt.date(2024, 1, 2), "date", "2024-01-02"),
        ([1, 2], "list", "[1, 2]"),
    ]

    def test_table(self):
        for value, kind, want in self.CASES:
            with self.subTest(value=value, kind=kind):
                self.assertEqual(sg.cell_text(value, kind), want)

    def test_matches_a_plain_reference(self):
        def reference(v):          # the rules written out once more, independently
            if v is None:
                return "None"
            if isinstance(v, float):
                if math.isnan(v):
                    return "NaN"
                return f"{v:,.4f}".rstrip("0").rstrip(".") if abs(v) < 1e15 else f"{v:.4g}"
            if isinstance(v, bool):
                return "true" if v else "false"
            return str(v)
        for value in [None, NAN, 1234.5, 0.00001, -0.00001, 1e15, 1e20, -7.25, 0.0, True,
                      False, 12, -3, "x", dt.datetime(2024, 5, 6, 7, 8), float("inf")]:
            with self.subTest(value=value):
                self.assertEqual(sg.cell_text(value, "object"), reference(value))

    def test_row_to_cells_uses_column_kinds(self):
        self.assertEqual(sg.row_to_cells([1, 2, None, True], ["float", "int", "text",
                                                                   "bool"]),
                         ["1", "2", "None", "true"])


class GridPythonInputsTests(unittest.TestCase):
    """Every plain-Python shape: columns, kinds, labels and the first rows."""

    CASES = [
        ("dict of lists", {"a": [1, 2, 3], "b": ["x", "y", "z"]},
         ["a", "b"], ["int", "text"], [(0, [1, "x"]), (1, [2, "y"]), (2, [3, "z"])]),
        ("ragged dict of lists", {"a": [1, 2], "b": (1.5,)},
         ["a", "b"], ["int", "float"], [(0, [1, 1.5]), (1, [2, None])]),
        ("list of dicts", [{"a": 1, "b": 2.5}, {"a": 2, "c": True}],
         ["a", "b", "c"], ["int", "float", "bool"],
         [(0, [1, 2.5, None]), (1, [2, None, True])]),
        ("list of lists", [[1, "a"], [2, "b", dt.date(2024, 1, 1)]],
         ["0", "1", "2"], ["int", "text", "date"],
         [(0, [1, "a", None]), (1, [2, "b", dt.date(2024, 1, 1)])]),
        ("list of tuples", [(1, dt.time(1, 2)), (2, dt.time(3, 4))],
         ["0", "1"], ["int", "time"], [(0, [1, dt.time(1, 2)]), (1, [2, dt.time(3, 4)])]),
        ("flat list", [3, 1.5, None], ["value"], ["float"],
         [(0, [3]), (1, [1.5]), (2, [None])]),
        ("tuple", ("a", "b"), ["value"], ["text"], [(0, ["a"]), (1, ["b"])]),
        ("dict of scalars", {"x": 1, "y": dt.datetime(2024, 1, 1)}, ["value"], ["object"],
         [("x", [1]), ("y", [dt.datetime(2024, 1, 1)])]),
        ("list column", [{"tags": [1, 2]}, {"tags": []}], ["tags"], ["list"],
         [(0, [[1, 2]]), (1, [[]])]),
        ("mixed column", [[1], ["a"]], ["0"], ["object"], [(0, [1]), (1, ["a"])]),
        ("scalar", 42, ["value"], ["int"], [(0, [42])]),
        ("None", None, [], [], []),
        ("empty list", [], ["value"], ["object"], []),
    ]

    def test_inputs(self):
        for name, data, columns, kinds, rows in self.CASES:
            with self.subTest(name):
                src = sg.FrameSource(data)
                self.assertEqual(src.columns, columns)
                self.assertEqual(src.kinds, kinds)
                self.assertEqual(src.n_rows, len(rows))
                self.assertIsNone(src.index_name)
                self.assertEqual(src.window(0, 10), rows)
                self.assertGreaterEqual(src.nbytes_estimate, 0)

    def test_set_is_one_column(self):
        src = sg.FrameSource({3, 1, 2})
        self.assertEqual(sorted(v for _, (v,) in src.window(0, 5)), [1, 2, 3])


class GridWindowTests(unittest.TestCase):
    """Windows over the 2,000-row table: bounds, clamping, sorted windows."""

    def setUp(self):
        self.src = sg.FrameSource(RECORDS)

    def test_bounds(self):
        cases = [  # (start, stop, expected positions)
            (0, 3, [0, 1, 2]), (1000, 1004, [1000, 1001, 1002, 1003]),
            (N - 2, N, [N - 2, N - 1]), (N - 2, N + 50, [N - 2, N - 1]),
            (N, N + 10, []), (N + 5, N + 10, []), (-5, 2, [0, 1]), (10, 5, []),
            (0, 10_000, list(range(sg.MAX_WINDOW_ROWS))),
        ]
        for start, stop, want in cases:
            with self.subTest(start=start, stop=stop):
                got = self.src.window(start, stop)
                self.assertEqual([label for label, _ in got], want)
                self.assertTrue(all(same(vals, [COL_X[p], COL_K[p], COL_S[p]])
                                    for p, (_, vals) in zip(want, got)))

    def test_sorted_windows(self):
        for column, values in (("x", COL_X), ("k", COL_K), ("s", COL_S)):
            for ascending in (True, False):
                want = reference_order(values, ascending)
                order = self.src.sort_order(column, ascending)
                self.assertIsInstance(order.positions, array.array)
                self.assertEqual(order.positions.typecode, "q")
                for start, stop in ((0, 5), (997, 1003), (N - 4, N), (N - 1, N + 9)):
                    with self.subTest(column=column, ascending=ascending, start=start):
                        got = self.src.window(start, stop, order)
                        self.assertEqual([p for p, _ in got], want[start:stop])

    def test_nulls_last_both_ways(self):
        for ascending in (True, False):
            with self.subTest(ascending=ascending):
                order = self.src.sort_order("s", ascending)
                tail = self.src.window(N - (N // 11 + 1), N, order)
                self.assertTrue(all(vals[2] is None for _, vals in tail))
                self.assertIsNotNone(self.src.window(0, 1, order)[0][1][2])

    def test_stability_of_ties(self):
        for ascending in (True, False):
            with self.subTest(ascending=ascending):
                order = self.src.sort_order("k", ascending)
                positions = list(order.positions)
                for key in range(5):
                    tied = [p for p in positions if COL_K[p] == key]
                    self.assertEqual(tied, sorted(tied))

    def test_mixed_types_sort_by_text(self):
        src = sg.FrameSource({"v": [10, "b", 9, None, 2.5, "a", NAN, True]})
        self.assertEqual(list(src.sort_order("v", True).positions), [0, 4, 2, 7, 5, 1, 3, 6])
        self.assertEqual(list(src.sort_order("v", False).positions), [1, 5, 7, 2, 4, 0, 3, 6])

    def test_original_order_and_unknown_column(self):
        self.assertIsNone(self.src.sort_order(None, False).positions)
        with self.assertRaisesRegex(ValueError, "unknown column 'nope'"):
            self.src.sort_order("nope", True)

    def test_window_cells(self):
        src = sg.FrameSource({"a": [1234.5, NAN], "b": [None, "<x>"]})
        self.assertEqual(window_cells(src, 0, 5), [["0", "1,234.5", "None"],
                                                  ["1", "NaN", "<x>"]])


def window_cells(src, start, stop):
    """A window of a FrameSource as the display text the grid shows: [[index, cell...]]."""
    return [[sg.cell_text(label)] + sg.row_to_cells(values, src.kinds)
            for label, values in src.window(start, stop)]


class GridLibraryInputsTests(unittest.TestCase):
    def setUp(self):
        need_module(self, "pandas")
        need_module(self, "numpy")

    """pandas, numpy and pyarrow: kinds, labels, windows, orders kept as numpy arrays."""

    def frame(self):
        return pd.DataFrame({"x": COL_X, "k": COL_K, "s": COL_S},
                            index=pd.Index(range(100, 100 + N), name="id"))

    def test_pandas_kinds_and_labels(self):
        df = pd.DataFrame({
            "i": [1, 2], "f": [1.5, NAN], "b": [True, False],
            "t": pd.to_datetime(["2024-01-01", None]), "s": ["a", None],
            "d": [dt.date(2024, 1, 1), None], "l": [[1], [2, 3]], "o": [1, "a"],
            "n": pd.array([1, None], dtype="Int64"), "c": pd.Categorical(["u", "v"])},
            index=pd.Index(["r1", "r2"], name="row"))
        src = sg.FrameSource(df)
        self.assertEqual(src.kinds, ["int", "float", "bool", "datetime", "text", "date",
                                     "list", "object", "int", "text"])
        self.assertEqual(src.index_name, "row")
        (label, values), = src.window(1, 2)
        self.assertEqual(label, "r2")
        self.assertEqual(values[:3], [2, values[1], False])
        self.assertTrue(math.isnan(values[1]))
        self.assertEqual(window_cells(src, 0, 1)[0][:4], ["r1", "1", "1.5", "true"])

    def test_backends_agree(self):
        df = self.frame()
        sources = {
            "pandas": sg.FrameSource(df),
            "series": None,
            "arrow": sg.FrameSource(pa.table({"x": COL_X, "k": COL_K, "s": COL_S}))
            if pa else None,
            "records": sg.FrameSource(RECORDS),
        }
        reference = sources["records"]
        for name, src in sources.items():
            if src is None:
                continue
            for column in ("x", "k", "s"):
                for ascending in (True, False):
                    want = reference.window(990, 1010, reference.sort_order(column, ascending))
                    order = src.sort_order(column, ascending)
                    with self.subTest(backend=name, column=column, ascending=ascending):
                        if name != "records":
                            self.assertEqual(order.positions.dtype, np.int64)
                            self.assertEqual(order.positions.nbytes, 8 * N)
                        got = src.window(990, 1010, order)
                        self.assertTrue(same([v for _, v in got], [v for _, v in want]))
                        offset = 100 if name == "pandas" else 0
                        self.assertEqual([p for p, _ in got], [p + offset for p, _ in want])

    def test_numpy(self):
        arr = np.array([[3.0, 1.0], [NAN, 2.0], [1.0, 2.0], [3.0, 0.5]])
        src = sg.FrameSource(arr)
        self.assertEqual((src.columns, src.kinds, src.n_rows), (["0", "1"], ["float"] * 2, 4))
        self.assertEqual(src.nbytes_estimate, arr.nbytes)
        for column, ascending, want in (("0", True, [2, 0, 3, 1]), ("0", False, [0, 3, 2, 1]),
                                        ("1", True, [3, 0, 1, 2]), ("1", False, [1, 2, 0, 3])):
            with self.subTest(column=column, ascending=ascending):
                order = src.sort_order(column, ascending)
                self.assertEqual(order.positions.tolist(), want)
                self.assertEqual([p for p, _ in src.window(0, 9, order)], want)
        (label, values), = src.window(1, 2)
        self.assertTrue(label == 1 and same(values, [NAN, 2.0]))
        one = sg.FrameSource(np.array([5, 3, 4]))
        self.assertEqual((one.columns, one.kinds), (["value"], ["int"]))
        self.assertEqual(one.window(0, 3, one.sort_order("value", True)),
                         [(1, [3]), (2, [4]), (0, [5])])
        dates = sg.FrameSource(np.array(["2024-01-02", "NaT", "2024-01-01"],
                                     dtype="datetime64[D]"))
        self.assertEqual(dates.kinds, ["datetime"])
        self.assertEqual(dates.sort_order("value", False).positions.tolist(), [0, 2, 1])
        mixed = sg.FrameSource(np.array([[1], ["a"], [None]], dtype=object))
        self.assertEqual(mixed.sort_order("0", True).positions.tolist(), [0, 1, 2])

    def test_series_and_styler(self):
        series = pd.Series([3, 1, 2], name="n")
        src = sg.FrameSource(series)
        self.assertEqual((src.columns, src.kinds), (["n"], ["int"]))
        self.assertEqual(src.window(0, 3, src.sort_order("n", True)),
                         [(1, [1]), (2, [2]), (0, [3])])
        need_module(self, "jinja2")                 # pandas' Styler needs it
        styler = pd.DataFrame({"a": [1.25]}).style
        self.assertEqual(sg.FrameSource(styler).window(0, 1), [(0, [1.25])])

    def test_pandas_mixed_object_column(self):
        df = pd.DataFrame({"v": [10, "b", 9, None, 2.5, "a", NAN, True]})
        src = sg.FrameSource(df)
        self.assertEqual(src.sort_order("v", True).positions.tolist(), [0, 4, 2, 7, 5, 1, 3, 6])
        self.assertEqual(src.sort_order("v", False).positions.tolist(), [1, 5, 7, 2, 4, 0, 3, 6])

    def test_window_does_not_copy_frame(self):
        df = self.frame()
        src = sg.FrameSource(df)
        self.assertIs(src._df, df)

    def test_arrow_without_pandas_path(self):
        need_module(self, "pyarrow")
        table = pa.table({"x": [2.0, None, 1.0], "s": ["b", "a", None],
                          "d": [dt.date(2024, 1, 1)] * 3})
        src = sg.FrameSource.__new__(sg.FrameSource)
        src.__init__(None)
        src._init_arrow(table)
        self.assertEqual((src.columns, src.kinds), (["x", "s", "d"], ["float", "text", "date"]))
        self.assertEqual(src.window(1, 3), [(1, [None, "a", dt.date(2024, 1, 1)]),
                                            (2, [1.0, None, dt.date(2024, 1, 1)])])
        order = src.sort_order("x", False)
        self.assertEqual(list(order.positions), [0, 2, 1])
        self.assertEqual([p for p, _ in src.window(0, 3, order)], [0, 2, 1])


class GridValidateWindowRequestTests(unittest.TestCase):
    COLS = ["a", "b"]

    def test_valid(self):
        cases = [
            ({"componentId": "c", "start": 0}, (0, 100, None, True)),
            ({"componentId": "c", "start": 950, "stop": 1200}, (950, 1000, None, True)),
            ({"componentId": "c", "start": 1000, "stop": 1000}, (1000, 1000, None, True)),
            ({"componentId": "c", "start": 5, "stop": 505, "sort": None},
             (5, 505, None, True)),
            ({"componentId": "c", "start": 0, "stop": 10,
              "sort": {"column": "b", "ascending": False}}, (0, 10, "b", False)),
        ]
        for msg, want in cases:
            with self.subTest(msg=msg):
                self.assertEqual(sg.validate_window_request(msg, 1000, self.COLS), want)

    def test_invalid(self):
        base = {"componentId": "c", "start": 0}
        cases = [
            ([], "JSON object"),
            ({**base, "componentId": ""}, "componentId"),
            ({**base, "componentId": 5}, "componentId"),
            ({**base, "componentId": "x" * 201}, "componentId"),
            ({"componentId": "c"}, "'start' must be an integer"),
            ({**base, "start": True}, "'start' must be an integer, got bool"),
            ({**base, "start": 1.0}, "'start' must be an integer"),
            ({**base, "start": -1}, "between 0 and 1000"),
            ({**base, "start": 1001}, "between 0 and 1000"),
            ({**base, "stop": "10"}, "'stop' must be an integer"),
            ({**base, "start": 10, "stop": 9}, "must not be before"),
            ({**base, "stop": sg.MAX_WINDOW_ROWS + 1}, f"at most {sg.MAX_WINDOW_ROWS} rows"),
            ({**base, "sort": "a"}, "'sort' must be null or an object"),
            ({**base, "sort": {"column": "zz", "ascending": True}}, "names no column"),
            ({**base, "sort": {"column": 1, "ascending": True}}, "'sort.column' must be"),
            ({**base, "sort": {"column": "a", "ascending": 1}}, "'sort.ascending'"),
            ({**base, "sort": {"column": "a"}}, "'sort.ascending'"),
            ({**base, "sort": {"column": "a", "ascending": True, "x": 1}}, "unknown field"),
            ({**base, "evil": 1}, "unknown field\\(s\\) in window request: evil"),
        ]
        for msg, pattern in cases:
            with self.subTest(msg=msg):
                with self.assertRaisesRegex(ValueError, pattern):
                    sg.validate_window_request(msg, 1000, self.COLS)


class GridValidateChangeTests(unittest.TestCase):
    COLS = ["name", "n", "when"]
    KINDS = ["text", "int", "date"]

    def test_valid(self):
        cases = [
            ({"op": "edit", "row": 0, "column": "name", "value": "Ann"},
             ("edit", 0, "name", "Ann")),
            ({"op": "edit", "row": 9, "column": "n", "value": None}, ("edit", 9, "n", None)),
            ({"op": "edit", "row": 1, "column": "n", "value": 2.0}, ("edit", 1, "n", 2.0)),
            ({"op": "edit", "row": 1, "column": "when", "value": "2024-02-03"},
             ("edit", 1, "when", "2024-02-03")),
            ({"op": "edit", "row": 1, "column": "_index", "value": "k"},
             ("edit", 1, "_index", "k")),
            ({"op": "add"}, ("add", 10, None, None)),
            ({"op": "add", "row": 10}, ("add", 10, None, None)),
            ({"op": "delete", "row": 3}, ("delete", 3, None, None)),
        ]
        for msg, want in cases:
            with self.subTest(msg=msg):
                self.assertEqual(tuple(sg.validate_change_message(msg, 10, self.COLS,
                                                               self.KINDS)), want)

    def test_invalid(self):
        edit = {"op": "edit", "row": 0, "column": "name", "value": "x"}
        cases = [
            ("nope", "JSON object"),
            ({**edit, "op": "drop"}, "'op' must be"),
            ({**edit, "row": 10}, "between 0 and 9"),
            ({**edit, "row": -1}, "between 0 and 9"),
            ({**edit, "row": False}, "'row' must be an integer, got bool"),
            ({**edit, "row": "1"}, "'row' must be an integer"),
            ({**edit, "column": "zz"}, "names no column"),
            ({**edit, "column": None}, "'column' must be a string"),
            ({k: v for k, v in edit.items() if k != "value"}, "needs a 'value'"),
            ({**edit, "value": "x" * 10_001}, "longer than 10000"),
            ({**edit, "value": [1]}, "JSON scalar, got list"),
            ({**edit, "value": {"a": 1}}, "JSON scalar, got dict"),
            ({**edit, "value": float("inf")}, "finite"),
            ({**edit, "value": 2 ** 60}, "2\\*\\*53"),
            ({**edit, "column": "n", "value": "abc"}, "not a valid int"),
            ({**edit, "column": "n", "value": 1.5}, "not a valid int"),
            ({**edit, "column": "when", "value": "someday"}, "not a valid date"),
            ({"op": "add", "row": 3}, "new row goes at position 10"),
            ({"op": "add", "column": "n"}, "takes no"),
            ({"op": "delete", "row": 10}, "between 0 and 9"),
            ({"op": "delete", "row": 1, "value": 2}, "takes no"),
            ({**edit, "extra": 1}, "unknown field"),
        ]
        for msg, pattern in cases:
            with self.subTest(msg=msg):
                with self.assertRaisesRegex(ValueError, pattern):
                    sg.validate_change_message(msg, 10, self.COLS, self.KINDS)

    def test_record_change_builds_streamlit_state(self):
        state = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
        steps = [
            (("edit", 1, "n", 5), 3),
            (("add", 3, None, None), 3),
            (("edit", 3, "name", "new"), 3),
            (("delete", 0, None, None), 3),
            (("delete", 0, None, None), 3),
            (("add", 4, None, None), 3),
            (("delete", 4, None, None), 3),
        ]
        for change, n_original in steps:
            state = sg.record_change(state, sg.Change(*change), n_original)
        self.assertEqual(state, {"edited_rows": {1: {"n": 5}}, "added_rows": [{"name": "new"}],
                                 "deleted_rows": [0]})
        for change, pattern in ((("edit", 0, "n", 1), "was deleted"),
                                (("edit", 4, "n", 1), "outside 0..3"),
                                (("delete", 9, None, None), "outside")):
            with self.subTest(change=change):
                with self.assertRaisesRegex(ValueError, pattern):
                    sg.record_change(state, sg.Change(*change), 3)

    def test_coerce(self):
        cases = [
            ("5", "int", 5), (5.0, "int", 5), ("2.5", "float", 2.5), (3, "float", 3.0),
            ("true", "bool", True), ("0", "bool", False), (True, "text", "true"),
            (7, "text", "7"), ("2024-01-02", "date", dt.date(2024, 1, 2)),
            ("2024-01-02T03:04:05", "date", dt.date(2024, 1, 2)),
            ("2024-01-02 03:04", "datetime", dt.datetime(2024, 1, 2, 3, 4)),
            ("2024-01-02T03:04:05Z", "datetime",
             dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)),
            ("12:30", "time", dt.time(12, 30)), ("a", "list", ["a"]),
            (None, "int", None), ("x", "object", "x"),
        ]
        for value, kind, want in cases:
            with self.subTest(value=value, kind=kind):
                self.assertEqual(sg.coerce_cell_value(value, kind), want)
        for value, kind in (("maybe", "bool"), ("1.5", "int"), ("x", "float"),
                            ("25:00", "time")):
            with self.subTest(value=value, kind=kind):
                with self.assertRaises(ValueError):
                    sg.coerce_cell_value(value, kind)


CHANGES = {"edited_rows": {"1": {"a": "20"}, 2: {"b": "zz"}},
           "added_rows": [{"a": 7}, {"b": "new"}],
           "deleted_rows": [0]}


class GridEditorChangesPythonTests(unittest.TestCase):
    """Streamlit's order: edits (original positions), deletions, then additions."""

    CASES = [
        ("list of dicts", [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}, {"a": 3, "b": "z"}],
         [{"a": 20, "b": "y"}, {"a": 3, "b": "zz"}, {"a": 7, "b": None},
          {"a": None, "b": "new"}]),
        ("dict of lists", {"a": [1, 2, 3], "b": ("x", "y", "z")},
         {"a": [20, 3, 7, None], "b": ("y", "zz", None, "new")}),
    ]

    def test_round_trip(self):
        for name, data, want in self.CASES:
            with self.subTest(name):
                before = repr(data)
                out = sg.apply_editor_changes(data, CHANGES)
                self.assertEqual(out, want)
                self.assertEqual(repr(data), before)               # input untouched
                self.assertIs(type(out), type(data))

    def test_rows_and_values(self):
        rows = [(1, "x"), (2, "y"), (3, "z")]
        changes = {"edited_rows": {1: {"0": "20"}, 2: {"1": "zz"}},
                   "added_rows": [{"0": 7}], "deleted_rows": [0]}
        self.assertEqual(sg.apply_editor_changes(rows, changes),
                         [(20, "y"), (3, "zz"), (7, None)])
        lists = [[1, "x"], [2, "y"], [3, "z"]]
        self.assertEqual(sg.apply_editor_changes(lists, changes),
                         [[20, "y"], [3, "zz"], [7, None]])
        self.assertEqual(lists, [[1, "x"], [2, "y"], [3, "z"]])
        flat = {"edited_rows": {1: {"value": "2.5"}}, "added_rows": [{"value": 9}],
                "deleted_rows": [2]}
        self.assertEqual(sg.apply_editor_changes([1.0, 2.0, 3.0], flat), [1.0, 2.5, 9.0])
        self.assertEqual(sg.apply_editor_changes((1.0, 2.0, 3.0), flat), (1.0, 2.5, 9.0))
        scalars = {"x": 1, "y": 2}
        self.assertEqual(sg.apply_editor_changes(scalars, {
            "edited_rows": {0: {"value": 5}}, "deleted_rows": [1],
            "added_rows": [{"_index": "z", "value": 3}]}), {"x": 5, "z": 3})
        with self.assertRaisesRegex(ValueError, "needs an '_index'"):
            sg.apply_editor_changes(scalars, {"added_rows": [{"value": 3}]})

    def test_bad_changes(self):
        data = [{"a": 1}]
        cases = [
            ({"edited_rows": {5: {"a": 1}}}, "outside 0..0"),
            ({"edited_rows": {0: {"zz": 1}}}, "unknown column 'zz'"),
            ({"deleted_rows": [1]}, "outside"),
            ({"deleted_rows": [True]}, "outside"),
            ({"added_rows": [["a"]]}, "must be a dict"),
            ({"edited_rows": {0: {"a": "x"}}}, "not a valid int"),
            ("nope", "must be a dict"),
        ]
        for changes, pattern in cases:
            with self.subTest(changes=changes):
                with self.assertRaisesRegex(ValueError, pattern):
                    sg.apply_editor_changes(data, changes)

    def test_custom_coerce_and_kinds(self):
        out = sg.apply_editor_changes([{"a": 1}], {"edited_rows": {0: {"a": "x"}}},
                                   kinds=["text"], coerce=lambda v, k: (v, k))
        self.assertEqual(out, [{"a": ("x", "text")}])


class GridEditorChangesLibraryTests(unittest.TestCase):
    def setUp(self):
        need_module(self, "pandas")
        need_module(self, "numpy")


    def test_dataframe(self):
        df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"], "f": [0.5, 1.5, 2.5]})
        snapshot = df.copy()
        out = sg.apply_editor_changes(df, CHANGES)
        pd.testing.assert_frame_equal(df, snapshot)
        self.assertEqual(out.index.tolist(), [1, 2, 3, 4])
        self.assertEqual(out["a"].tolist()[:3], [20.0, 3.0, 7.0])
        self.assertTrue(math.isnan(out["a"].tolist()[3]))   # a new row without "a"
        self.assertEqual(str(out["a"].dtype), "float64")
        self.assertTrue(same(out["b"].tolist(), ["y", "zz", None, "new"]))
        self.assertEqual(str(out["f"].dtype), "float64")

    def test_dataframe_keeps_int_dtype_and_range_index(self):
        df = pd.DataFrame({"a": [1, 2, 3]})
        out = sg.apply_editor_changes(df, {"edited_rows": {0: {"a": 10}},
                                        "added_rows": [{"a": 4}, {"a": 5}]})
        self.assertEqual(str(out["a"].dtype), "int64")
        self.assertEqual(out["a"].tolist(), [10, 2, 3, 4, 5])
        self.assertEqual(type(out.index).__name__, "RangeIndex")
        self.assertEqual((out.index.start, out.index.stop), (0, 5))
        dropped = sg.apply_editor_changes(df, {"deleted_rows": [2], "added_rows": [{"a": 9}]})
        self.assertEqual(dropped.index.tolist(), [0, 1, 2])
        self.assertEqual(dropped["a"].tolist(), [1, 2, 9])
        none = sg.apply_editor_changes(df, {"edited_rows": {1: {"a": None}}})
        self.assertEqual(str(none["a"].dtype), "float64")
        self.assertTrue(math.isnan(none["a"].iloc[1]))

    def test_dataframe_other_indexes(self):
        df = pd.DataFrame({"a": [1, 2]}, index=pd.Index([10, 30], name="id"))
        out = sg.apply_editor_changes(df, {"added_rows": [{"a": 3}]})
        self.assertEqual(out.index.tolist(), [10, 30, 31])
        self.assertEqual(out.index.name, "id")
        named = pd.DataFrame({"a": [1]}, index=["r"])
        with self.assertRaisesRegex(ValueError, "needs an '_index'"):
            sg.apply_editor_changes(named, {"added_rows": [{"a": 3}]})
        out = sg.apply_editor_changes(named, {"added_rows": [{"_index": "s", "a": 3}],
                                           "edited_rows": {0: {"_index": "q"}}})
        self.assertEqual(out.index.tolist(), ["q", "s"])
        self.assertEqual(out["a"].tolist(), [1, 3])

    def test_dataframe_dates_and_bools(self):
        df = pd.DataFrame({"t": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                           "ok": [True, False]})
        out = sg.apply_editor_changes(df, {"edited_rows": {0: {"t": "2025-05-05T10:00:00",
                                                            "ok": "false"}}})
        self.assertEqual(out["t"].iloc[0], pd.Timestamp("2025-05-05 10:00"))
        self.assertEqual(out["ok"].tolist(), [False, False])
        self.assertEqual(out["t"].dtype.kind, "M")
        self.assertEqual(str(out["ok"].dtype), "bool")

    def test_styler_comes_back_as_its_frame(self):
        df = pd.DataFrame({"a": [1, 2]})
        need_module(self, "jinja2")                 # pandas' Styler needs it
        styler = df.style
        out = sg.apply_editor_changes(styler, {"edited_rows": {0: {"a": 5}}})
        self.assertIsInstance(out, pd.DataFrame)
        self.assertEqual(out["a"].tolist(), [5, 2])
        self.assertEqual(df["a"].tolist(), [1, 2])

    def test_series_numpy_arrow(self):
        s = pd.Series([1.0, 2.0], name="v")
        out = sg.apply_editor_changes(s, {"edited_rows": {1: {"v": 5}}, "added_rows": [{"v": 6}]})
        self.assertIsInstance(out, pd.Series)
        self.assertEqual((out.name, out.tolist()), ("v", [1.0, 5.0, 6.0]))
        arr = np.array([[1, 2], [3, 4]])
        out = sg.apply_editor_changes(arr, {"edited_rows": {0: {"1": 9}}, "deleted_rows": [1],
                                         "added_rows": [{"0": 5, "1": 6}]})
        self.assertEqual((out.tolist(), out.dtype), ([[1, 9], [5, 6]], arr.dtype))
        self.assertEqual(arr.tolist(), [[1, 2], [3, 4]])
        need_module(self, "pyarrow")
        table = pa.table({"a": [1, 2], "s": ["x", "y"]})
        out = sg.apply_editor_changes(table, {"edited_rows": {1: {"s": "q"}},
                                           "added_rows": [{"a": 3}]})
        self.assertIsInstance(out, pa.Table)
        self.assertEqual(out.schema, table.schema)
        self.assertEqual(out.to_pylist(), [{"a": 1, "s": "x"}, {"a": 2, "s": "q"},
                                           {"a": 3, "s": None}])


UTC = dt.timezone.utc
NOW = dt.datetime(2022, 4, 28, 0, 0, 0, tzinfo=UTC)  # frozen "now" of formatMoment.test.ts


def parse(fragment: str) -> ET.Element:
    """Parse a cell fragment as XML inside a <td>."""
    return ET.fromstring(f"<td>{fragment}</td>")


# formatNumber.test.ts (en-US)
NUMBER_DEFAULT = [(10, "10"), (10.1, "10.1"), (10.123, "10.123"), (10.1234, "10.1234"),
                  (10.12346, "10.1235"), (0.00016, "0.0002"), (0.000051, "0.00005"),
                  (0.00000123, "0.000001"), (0.00000183, "0.000002"),
                  (0.0000000061, "0.000000006")]
NUMBER_DECIMALS = [(10, 0, "10"), (10, 4, "10.0000"), (10.123, 0, "10"), (10.123, 1, "10.1"),
                   (10.123, 2, "10.12"), (10.123, 3, "10.123"), (10.123, 4, "10.1230"),
                   (10.123, 5, "10.12300"), (0.123, 0, "0"), (0.123, 1, "0.1")]
NUMBER_FORMATS = [
    (0.5, "percent", "50%"), (0.51236, "percent", "51.24%"), (-1.123456, "percent", "-112.35%"),
    (0, "percent", "0%"), (0.00001, "percent", "0%"),
    (1000, "compact", "1K"), (1100, "compact", "1.1K"), (10, "compact", "10"),
    (10.123, "compact", "10"), (123456789, "compact", "123M"),
    (1000, "scientific", "1E3"), (123456789, "scientific", "1.235E8"),
    (1000, "engineering", "1E3"), (123456789, "engineering", "123.457E6"),
    (1234.567, "engineering", "1.235E3"),
    (10.1231234, "plain", "10.1231234"), (-1234.456789, "plain", "-1234.456789"),
    (0.00000001, "plain", "0.00000001"),
    (10, "dollar", "$10.00"), (10.123, "dollar", "$10.12"),
    (-1234.456789, "dollar", "-$1,234.46"), (0.00000001, "dollar", "$0.00"),
    (10, "euro", "€10.00"), (10.123, "euro", "€10.12"), (-1234.456789, "euro", "-€1,234.46"),
    (0.00000001, "euro", "€0.00"),
    (10.123, "yen", "¥10"), (-1234.456789, "yen", "-¥1,234"), (0.00000001, "yen", "¥0"),
    (10.123, "localized", "10.123"), (-1234.456789, "localized", "-1,234.457"),
    (0.001, "localized", "0.001"),
    (10.123, "accounting", "10.12"), (-10.126, "accounting", "(10.13)"),
    (-10.1, "accounting", "(10.10)"), (1000000.123412, "accounting", "1,000,000.12"),
    (-1000000.123412, "accounting", "(1,000,000.12)"),
    (0, "bytes", "0B"), (12, "bytes", "12B"), (123, "bytes", "123B"), (12345, "bytes", "12.3KB"),
    (123456789, "bytes", "123.5MB"), (1234567890, "bytes", "1.2GB"),
    (1234567890000, "bytes", "1.2TB"), (1234567890000000, "bytes", "1234.6TB"),
    (10.123, "%d", "10"), (10.123, "%i", "10"), (10.123, "%u", "10"), (10.123, "%f", "10.123"),
    (10.123, "%g", "10.123"), (10, "$%.2f", "$10.00"), (10.126, "$%.2f", "$10.13"),
    (10.123, "%.2f€", "10.12€"), (10.126, "($%.2f)", "($10.13)"), (65, "%d years", "65 years"),
    (1234567898765432, "%d ⭐", "1234567898765432 ⭐"), (72.3, "%.1f%%", "72.3%"),
    (-5.678, "%.1f", "-5.7"), (0.123456, "%.4f", "0.1235"), (0.123456, "%.4g", "0.1235"),
    (1, "%t", "true"), (0, "%t", "false"), (42, "%05d", "00042"),
    (1234.5678, "%.2e", "1.23e+3"), (0.000123456, "%.2e", "1.23e-4"),
    (255, "%x", "ff"), (255, "%X", "FF"), (4096, "%X", "1000"), (8, "%o", "10"),
    (64, "%o", "100"), (12345, "%8d", "   12345"), (12.34, "%8.2f", "   12.34"),
    (12345, "%'_8d", "___12345"), (12345, "%-8d", "12345   "), (12.34, "%-8.2f", "12.34   "),
    (42, "%+d", "+42"), (-42, "%+d", "-42"),
    (1000, "%,d", "1,000"), (1234567, "%,d", "1,234,567"), (-1234567, "%,d", "-1,234,567"),
    (1000, "%,.0f", "1,000"), (1234567.89, "%,.2f", "1,234,567.89"),
    (25000.25, "$%,.2f", "$25,000.25"), (9876543210, "%,.0f", "9,876,543,210"),
    (1234567, "%+,d", "+1,234,567"), (-1234567, "%+,d", "-1,234,567"),
    (1234567, "%,15d", "      1,234,567"), (1234567, "%-,15d", "1,234,567      "),
    (1234.5, "%,.1f", "1,234.5"), (0.123, "%,.3f", "0.123"), (999, "%,d", "999"),
    (1234567.89, "%'_,.2f", "1_234_567.89"), (1000, "%_d", "1_000"),
    (1234567, "%_d", "1_234_567"), (-1234567, "%_d", "-1_234_567"),
    (1234567.89, "%_.2f", "1_234_567.89"), (25000.25, "$%_.2f", "$25_000.25"),
    (1234567, "%+_d", "+1_234_567"), (1234567, "%_15d", "      1_234_567"),
    (1234, "£ %.2f", "£ 1234.00"), (1234, "%X", "4D2"),
]
NUMBER_BAD_FORMATS = [(10, "%d %d"), (1234.5678, "%+.2E"), (0.000123456, "%+.2E"),
                      (-0.000123456, "%+.2E"), (255, "%#x"), (4096, "%#X"), (42, "% d")]
NUMBER_PRECISION = [
    (10.123, None, 2, "10.12"), (10.123, None, 5, "10.12300"),
    (10.12345, "localized", None, "10.123"), (10.12345, "localized", 2, "10.12"),
    (10, "localized", 3, "10.000"),
    (0.12345, "percent", None, "12.35%"), (0.12345, "percent", 3, "12.3%"),
    (0.12345, "percent", 4, "12.35%"), (0.123, "percent", 5, "12.300%"),
    (0.123, "percent", 0, "12%"),
    (10.129, "dollar", None, "$10.13"), (10.129, "dollar", 2, "$10.13"),
    (10.129, "dollar", 0, "$10"), (10, "dollar", 3, "$10.000"),
    (10.129, "euro", None, "€10.13"), (10.129, "euro", 0, "€10"), (10, "euro", 3, "€10.000"),
    (10.129, "yen", None, "¥10"), (10.129, "yen", 0, "¥10"), (10.129, "yen", 2, "¥10.13"),
    (10.129, "bytes", None, "10.1B"), (10.129, "bytes", 2, "10.1B"),
    (10.129, "bytes", 0, "10.1B"),
    (-10.129, "accounting", None, "(10.13)"), (-10.129, "accounting", 1, "(10.1)"),
    (1000, "accounting", 0, "1,000"), (-10, "accounting", 3, "(10.000)"),
]


class GridFormatNumberTests(unittest.TestCase):
    def test_default(self):
        for value, expected in NUMBER_DEFAULT:
            with self.subTest(value=value):
                self.assertEqual(sg.format_number(value), expected)

    def test_fixed_decimals(self):
        for value, places, expected in NUMBER_DECIMALS:
            with self.subTest(value=value, places=places):
                self.assertEqual(sg.format_number(value, None, places), expected)

    def test_formats(self):
        for value, fmt, expected in NUMBER_FORMATS:
            with self.subTest(value=value, fmt=fmt):
                self.assertEqual(sg.format_number(value, fmt), expected)

    def test_bad_sprintf_formats(self):
        for value, fmt in NUMBER_BAD_FORMATS:
            with self.subTest(fmt=fmt):
                with self.assertRaisesRegex(ValueError, r"\[sprintf\]"):
                    sg.format_number(value, fmt)

    def test_max_precision(self):
        for value, fmt, places, expected in NUMBER_PRECISION:
            with self.subTest(value=value, fmt=fmt, places=places):
                self.assertEqual(sg.format_number(value, fmt, places), expected)

    def test_non_finite_is_empty(self):
        for value in (float("nan"), float("inf"), float("-inf")):
            with self.subTest(value=value):
                self.assertEqual(sg.format_number(value, "%d"), "")

    def test_js_number_strings(self):
        for value, expected in [(1e21, "1e+21"), (1e-7, "1e-7"), (123456789012.5, "123456789012.5"),
                                (0.000001, "0.000001"), (-2.5, "-2.5"), (100.0, "100")]:
            with self.subTest(value=value):
                self.assertEqual(sg._js_number_str(value), expected)


# formatMoment.test.ts with now = 2022-04-28T00:00:00Z
MOMENT_CASES = [
    ("YYYY-MM-DD HH:mm:ss z", dt.datetime(2023, 4, 27, 10, 20, 30, tzinfo=UTC),
     "2023-04-27 10:20:30 UTC"),
    ("YYYY-MM-DD HH:mm:ss Z",
     dt.datetime(2023, 4, 27, 10, 20, 30, tzinfo=UTC).astimezone(
         dt.timezone(dt.timedelta(hours=4))), "2023-04-27 14:20:30 +04:00"),
    ("YYYY-MM-DD", dt.datetime(2023, 4, 27, 10, 20, 30), "2023-04-27"),
    ("MMM Do, YYYY [at] h:mm A", dt.datetime(2023, 4, 27, 15, 45), "Apr 27th, 2023 at 3:45 PM"),
    ("MMMM Do, YYYY Z", dt.datetime(2023, 4, 27, 10, 20, 30, tzinfo=UTC).astimezone(
        dt.timezone(-dt.timedelta(hours=2, minutes=30))), "April 27th, 2023 -02:30"),
    ("distance", dt.datetime(2022, 4, 10, 20, 20, 30), "17 days ago"),
    ("distance", dt.datetime(2020, 4, 10, 20, 20, 30), "2 years ago"),
    ("distance", dt.datetime(2022, 4, 27, 23, 59, 59), "a few seconds ago"),
    ("distance", dt.datetime(2022, 4, 20), "8 days ago"),
    ("distance", dt.datetime(2022, 5, 27, 23, 59, 59), "in a month"),
    ("calendar", dt.datetime(2022, 4, 30, 15, 30), "Saturday at 3:30 PM"),
    ("calendar", dt.datetime(2022, 4, 24, 12, 20, 30), "Last Sunday at 12:20 PM"),
    ("calendar", dt.datetime(2022, 4, 28, 12), "Today at 12:00 PM"),
    ("calendar", dt.datetime(2022, 4, 29, 12), "Tomorrow at 12:00 PM"),
    ("calendar", dt.datetime(2022, 4, 27, 9, 5), "Yesterday at 9:05 AM"),
    ("calendar", dt.datetime(2022, 3, 1, 9, 5), "03/01/2022"),
    ("iso8601", dt.datetime(2023, 4, 27, 10, 20, 30, 123000), "2023-04-27T10:20:30.123Z"),
    # documented examples of column_types.py
    ("ddd ha", dt.datetime(2025, 3, 4, 20), "Tue 8pm"),
    ("ddd, MMM Do", dt.datetime(2025, 3, 4), "Tue, Mar 4th"),
    ("D MMM YYYY, h:mm a", dt.datetime(2024, 2, 5, 12, 30), "5 Feb 2024, 12:30 pm"),
    ("DD.MM.YYYY", dt.date(1980, 1, 1), "01.01.1980"),
    # more tokens
    ("Q Qo DDD DDDD DDDo", dt.datetime(2023, 12, 31), "4 4th 365 365 365th"),
    ("W WW w ww GGGG gggg E e d dd", dt.datetime(2021, 1, 1),
     "53 53 1 01 2020 2021 5 5 5 Fr"),
    ("hh:mm:ss.SSS A kk", dt.datetime(2023, 1, 1, 0, 5, 7, 89000), "12:05:07.089 AM 24"),
    ("X x", dt.datetime(2023, 1, 1, tzinfo=UTC), "1672531200 1672531200000"),
    ("LT LTS L LL", dt.datetime(2023, 4, 27, 15, 45, 12),
     "3:45 PM 3:45:12 PM 04/27/2023 April 27, 2023"),
    ("[YYYY] \\YYYY \\Q YYYY", dt.datetime(2023, 1, 1), "YYYY YYYY Q 2023"),
    ("ZZ", dt.datetime(2023, 1, 1), "+0000"),
]
DATETIME_KINDS = [
    (dt.datetime(2025, 3, 4, 20, 0, 5), None, "datetime", None, "2025-03-04 20:00:05"),
    (dt.datetime(2025, 3, 4, 20, 0, 5), None, "datetime", 60, "2025-03-04 20:00"),
    (dt.datetime(2025, 3, 4, 20, 0, 5, 250000), None, "datetime", 0.001,
     "2025-03-04 20:00:05.250"),
    (dt.datetime(2025, 3, 4, 20, tzinfo=dt.timezone(dt.timedelta(hours=1))), None, "datetime",
     None, "2025-03-04 20:00:00+01:00"),
    (dt.date(2025, 3, 4), None, "date", None, "2025-03-04"),
    (dt.time(20, 0, 5), None, "time", None, "20:00:05"),
    (dt.time(20, 0, 5), None, "time", 60, "20:00"),
    (dt.time(20, 0), "ha", "time", None, "8pm"),
    (dt.time(12, 30), "hh:mm a", "time", None, "12:30 pm"),
    (dt.datetime(2023, 4, 27, 10, 20, 30), "localized", "datetime", None,
     "Apr 27, 2023, 10:20:30 AM"),
    (dt.datetime(2023, 4, 27, 10, 20, 30), "localized", "date", None, "Apr 27, 2023"),
    (dt.time(10, 20, 30), "localized", "time", None, "10:20:30 AM"),
    (dt.date(2023, 4, 27), "iso8601", "date", None, "2023-04-27"),
    (dt.time(10, 20, 30, 123000), "iso8601", "time", None, "10:20:30.123Z"),
    (dt.datetime(2023, 4, 27, 12, 20, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
     "iso8601", "datetime", None, "2023-04-27T10:20:30.000Z"),
    # inputs: epoch numbers (s, ms, us, ns) and ISO strings
    (1672531200, None, "datetime", None, "2023-01-01 00:00:00"),
    (1672531200123, None, "datetime", 0.001, "2023-01-01 00:00:00.123"),
    (1672531200000000, None, "datetime", None, "2023-01-01 00:00:00"),
    (1672531200000000000, None, "date", None, "2023-01-01"),
    ("2023-01-02T03:04:05Z", None, "datetime", None, "2023-01-02 03:04:05"),
    ("2023-01-02T05:04:05+02:00", None, "datetime", None, "2023-01-02 03:04:05"),
    ("2023-01-02", None, "date", None, "2023-01-02"),
    ("13:14", None, "time", None, "13:14:00"),
    ("", None, "datetime", None, ""),
    (None, None, "datetime", None, ""),
]


class GridFormatDatetimeTests(unittest.TestCase):
    def test_moment_formats(self):
        for fmt, value, expected in MOMENT_CASES:
            with self.subTest(fmt=fmt, value=value):
                self.assertEqual(sg.format_datetime(value, fmt, now=NOW), expected)

    def test_kinds_defaults_and_inputs(self):
        for value, fmt, kind, step, expected in DATETIME_KINDS:
            with self.subTest(value=value, fmt=fmt, kind=kind, step=step):
                self.assertEqual(sg.format_datetime(value, fmt, kind, now=NOW, step=step),
                                 expected)

    @unittest.skipUnless(HAVE_TZ, "no tz database")
    def test_named_zone(self):
        t = dt.datetime(2023, 4, 27, 10, 20, 30, tzinfo=UTC)
        for fmt, expected in [("YYYY-MM-DD HH:mm:ss z", "2023-04-27 03:20:30 PDT"),
                              ("YYYY-MM-DD HH:mm:ss Z", "2023-04-27 03:20:30 -07:00")]:
            with self.subTest(fmt=fmt):
                self.assertEqual(sg.format_datetime(t, fmt, timezone="America/Los_Angeles"),
                                 expected)
        self.assertEqual(sg.format_datetime(dt.datetime(2023, 1, 1, 12), "HH:mm Z",
                                           timezone="+05:30"), "17:30 +05:30")

    def test_invalid_inputs(self):
        for value in ("not a date", "2023-13-40", True, object()):
            with self.subTest(value=value):
                with self.assertRaises(ValueError):
                    sg.format_datetime(value)


# LinkColumn docs and getLinkDisplayValueFromRegex
LINK_TEXT = [
    ("https://roadmap.streamlit.app", r"https://(.*?)\.streamlit\.app", "roadmap"),
    ("https://roadmap.streamlit.app", r"https://roadmap\.(.*?)\.app", "streamlit"),
    ("https://foo.example.com", r"https://(.*?)\.example\.com", "foo"),
    ("https://github.com/streamlit", "Open profile", "Open profile"),
    ("https://github.com/streamlit", None, "https://github.com/streamlit"),
    ("https://github.com/streamlit", "", "https://github.com/streamlit"),
    ("https://other.org", r"https://(.*?)\.streamlit\.app", "https://other.org"),
    ("https://x.org/?q=hello+world%21", r"q=(.*)", "hello world!"),
    ("https://x.org/a", r"(unclosed", "(unclosed"),
    ("https://x.org/a", r"https://x\.org/(b)?a", "https://x.org/a"),
]


class GridLinkTests(unittest.TestCase):
    def test_display_text(self):
        for href, display, expected in LINK_TEXT:
            with self.subTest(href=href, display=display):
                self.assertEqual(sg._link_display_text(href, display), expected)

    def test_rendered_links(self):
        cfg = sg.column_config.LinkColumn(display_text=r"https://(.*?)\.streamlit\.app")
        a = parse(sg.render_cell("https://roadmap.streamlit.app", cfg)).find("a")
        self.assertEqual((a.get("href"), a.text, a.get("rel"), a.get("target")),
                         ("https://roadmap.streamlit.app", "roadmap", "noopener noreferrer",
                          "_blank"))
        for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.org",
                    "java\tscript:alert(1)", "/relative/path"):
            with self.subTest(url=url):
                td = parse(sg.render_cell(url, {"type": "link"}))
                self.assertIsNone(td.find("a"))
                self.assertEqual(td.find("span").get("class"), "sg-cell-link-unsafe")
                self.assertEqual(td.find("span").text, url)
        self.assertEqual(parse(sg.render_cell("mailto:a@b.org", {"type": "link"}))
                         .find("a").get("href"), "mailto:a@b.org")
        icon = parse(sg.render_cell("https://a.org", sg.column_config.LinkColumn(
            display_text=":material/open_in_new:")))
        self.assertEqual(icon.find("a/span").text, "open_in_new")


class GridColumnConfigTests(unittest.TestCase):
    def test_constructors_match_streamlit_dicts(self):
        cc = sg.column_config
        cases = [
            (cc.NumberColumn("Price (in USD)", help="The price", min_value=0, max_value=1000,
                             step=1, format="$%d"),
             {"label": "Price (in USD)", "width": None, "help": "The price", "disabled": None,
              "required": None, "pinned": None, "alignment": None, "default": None,
              "type_config": {"type": "number", "min_value": 0, "max_value": 1000,
                              "format": "$%d", "step": 1}}),
            (cc.Column("Widgets", width="medium", required=True),
             {"label": "Widgets", "width": "medium", "help": None, "disabled": None,
              "required": True, "pinned": None, "alignment": None}),
            (cc.DatetimeColumn(min_value=dt.datetime(2023, 6, 1), step=dt.timedelta(minutes=1),
                               format="D MMM YYYY, h:mm a")["type_config"],
             {"type": "datetime", "format": "D MMM YYYY, h:mm a",
              "min_value": "2023-06-01T00:00:00", "max_value": None, "step": 60.0,
              "timezone": None}),
            (cc.TimeColumn(default=dt.time(8))["default"], "08:00:00"),
            (cc.DateColumn(max_value=dt.date(2005, 1, 1))["type_config"]["max_value"],
             "2005-01-01"),
            (cc.SelectboxColumn(options=["a", "b"], format_func=str.upper)["type_config"],
             {"type": "selectbox", "options": [{"value": "a", "label": "A"},
                                               {"value": "b", "label": "B"}]}),
            (cc.ListColumn(default=("x", "y"))["default"], ["x", "y"]),
            (cc.ProgressColumn(format="$%f", min_value=0, max_value=1000)["type_config"],
             {"type": "progress", "format": "$%f", "min_value": 0, "max_value": 1000,
              "step": None, "color": None}),
            (cc.BarChartColumn(y_min=0, y_max=100)["type_config"],
             {"type": "bar_chart", "y_min": 0, "y_max": 100, "color": None}),
            (sorted(cc.ImageColumn("Preview")), ["alignment", "help", "label", "pinned",
                                                 "type_config", "width"]),
            (cc.TextColumn(max_chars=50, validate=r"^st\.[a-z_]+$")["type_config"],
             {"type": "text", "max_chars": 50, "validate": r"^st\.[a-z_]+$"}),
            (cc.CheckboxColumn(default=False)["type_config"], {"type": "checkbox"}),
        ]
        for got, expected in cases:
            with self.subTest(expected=expected):
                self.assertEqual(got, expected)

    def test_keyword_only_and_colors(self):
        with self.assertRaises(TypeError):
            sg.column_config.NumberColumn("a", "b")
        for color in ("auto", "auto-inverse", "red", "primary", "#483d8b", "rgb(1, 2, 3)"):
            with self.subTest(color=color):
                sg.column_config.LineChartColumn(color=color)
        for color in ("url(x)", "purple", "#12345"):
            with self.subTest(color=color):
                with self.assertRaises(ValueError):
                    sg.column_config.AreaChartColumn(color=color)

    def test_normalize(self):
        cfg = {"a": "Alpha", "b": None, "c": sg.column_config.NumberColumn(format="%d"),
               "_index": sg.column_config.Column("Row", width="small"), 3: "Fourth",
               "zz": "ignored", 9: "ignored", "e": {"type": "number", "format": "dollar"}}
        got = sg.normalize_column_config(cfg, ["a", "b", "c", "d", "e"])
        self.assertEqual(got, {"a": {"label": "Alpha"}, "b": {"hidden": True},
                               "c": {"type": "number", "format": "%d"},
                               "_index": {"label": "Row", "width": "small"},
                               "d": {"label": "Fourth"},
                               "e": {"type": "number", "format": "dollar"}})
        self.assertEqual(sg.normalize_column_config(None, ["a"]), {})
        with self.assertRaises(ValueError) as cm:
            sg.normalize_column_config({"a": 5}, ["a"])
        self.assertEqual(str(cm.exception), "Invalid column config for column `a`. Expected "
                                            "`None`, `str` or `dict`, but got `<class 'int'>`.")
        for width, px in [("small", 75), ("medium", 200), ("large", 400), (123, 123),
                          (None, None)]:
            with self.subTest(width=width):
                self.assertEqual(sg.column_width_px({"width": width}), px)


def svg_points(fragment: str) -> list:
    """Return the (x, y) pairs of a sparkline's polyline."""
    svg = parse(fragment).find("{http://www.w3.org/2000/svg}svg")
    line = svg.find("{http://www.w3.org/2000/svg}polyline")
    return [tuple(float(v) for v in p.split(",")) for p in line.get("points").split()]


class GridRenderCellTests(unittest.TestCase):
    def test_text_cells(self):
        cases = [
            (5, None, "5"), (2.5, None, "2.5"), (10.123456, None, "10.1235"),
            (1234.5, sg.column_config.NumberColumn(format="dollar"), "$1,234.50"),
            (20, sg.column_config.NumberColumn(format="dollar"), "$20"),
            (10.129, sg.column_config.NumberColumn(step=0.01), "10.12"),
            (10.129, sg.column_config.NumberColumn(step=0.01, format="%.3f"), "10.120"),
            (0.5, {"type": "number", "format": "percent"}, "50%"),
            ("<script>", None, "&lt;script&gt;"),
            ("a", sg.column_config.SelectboxColumn(options=["a"], format_func=str.upper), "A"),
            (dt.date(2024, 1, 2), sg.column_config.DateColumn(format="DD.MM.YYYY"),
             "02.01.2024"),
            (dt.datetime(2024, 1, 2, 3, 4, 5), None, "2024-01-02 03:04:05"),
            ({"k": 1}, None, "{&quot;k&quot;: 1}"),
        ]
        for value, cfg, expected in cases:
            with self.subTest(value=value, cfg=cfg):
                self.assertEqual(sg.render_cell(value, cfg), expected)

    def test_dtype_kind(self):
        self.assertEqual(sg.render_cell(20.0, {"type": "number", "format": "dollar"},
                                       dtype_kind="integer"), "$20")
        self.assertEqual(sg.render_cell(20, {"type": "number", "format": "dollar"},
                                       dtype_kind="float"), "$20.00")

    def test_missing_and_errors(self):
        for value, cfg in [(None, None), (float("nan"), {"type": "number"}),
                           (None, {"type": "link"}), (None, {"type": "checkbox"})]:
            with self.subTest(value=value, cfg=cfg):
                span = parse(sg.render_cell(value, cfg)).find("span")
                self.assertEqual((span.get("class"), span.text), ("sg-cell-missing", "None"))
        for value, cfg, shown in [("abc", {"type": "number"}, "abc"),
                                  (10, {"type": "number", "format": "%d %d"}, "10"),
                                  (2 ** 60, {"type": "number"}, str(2 ** 60)),
                                  ("maybe", {"type": "checkbox"}, "maybe"),
                                  ("nope", {"type": "datetime"}, "nope")]:
            with self.subTest(value=value, cfg=cfg):
                span = parse(sg.render_cell(value, cfg)).find("span")
                self.assertEqual((span.get("class"), span.text), ("sg-cell-error", shown))
                self.assertTrue(span.get("title"))

    def test_checkbox(self):
        for value, checked in [(True, True), (False, False), ("yes", True), ("off", False),
                               (1, True)]:
            with self.subTest(value=value):
                box = parse(sg.render_cell(value, {"type": "checkbox"})).find("input")
                self.assertEqual(box.get("disabled"), "disabled")
                self.assertEqual(box.get("checked") == "checked", checked)

    def test_list_chips(self):
        td = parse(sg.render_cell(["a", 1.0, True], {"type": "list"}))
        self.assertEqual([s.text for s in td.iter("span") if s.get("class") == "sg-cell-chip"],
                         ["a", "1", "true"])
        td = parse(sg.render_cell('["x", "y"]', {"type": "list"}))
        self.assertEqual([s.text for s in td.iter("span")][1:], ["x", "y"])
        td = parse(sg.render_cell(list(range(60)), {"type": "list"}))
        chips = [s.text for s in td.iter("span")][1:]
        self.assertEqual((len(chips), chips[-1]), (sg.MAX_LIST_CHIPS + 1, "+10"))

    def test_progress(self):
        cases = [
            (50, {"type": "progress"}, "50.0", " 50%"),
            (0.256, {"type": "progress"}, "25.6", "26%"),
            (550, sg.column_config.ProgressColumn(format="$%f", min_value=0, max_value=1000),
             "55.0", "$550"),
            (1500, sg.column_config.ProgressColumn(min_value=0, max_value=1000), "100.0", "1500%"),
            (-3, {"type": "progress"}, "0.0", " -3%"),
        ]
        for value, cfg, width, label in cases:
            with self.subTest(value=value):
                td = parse(sg.render_cell(value, cfg))
                bar = td.find("span/span/span")
                self.assertEqual(bar.get("style").split(";")[0], f"width:{width}%")
                self.assertEqual(td.find("span/span[@class='sg-cell-progress-label']").text, label)
        red = parse(sg.render_cell(0.1, {"type": "progress", "color": "auto"}))
        self.assertEqual(red.find("span/span/span").get("style"), "width:10.0%;background:#ff4b4b")
        bad = parse(sg.render_cell(5, {"type": "progress", "min_value": 3, "max_value": 3}))
        self.assertEqual(bad.find("span").text, "Invalid min/max parameters")

    def test_sparklines(self):
        pts = svg_points(sg.render_cell([0, 5, 10], {"type": "line_chart"}))
        self.assertEqual(pts, [(0.0, 30.0), (50.0, 15.0), (100.0, 0.0)])
        pts = svg_points(sg.render_cell([0, 50], {"type": "line_chart", "y_min": 0, "y_max": 100}))
        self.assertEqual(pts, [(0.0, 30.0), (100.0, 15.0)])
        pts = svg_points(sg.render_cell("[150, -5]", {"type": "area_chart", "y_min": 0,
                                                     "y_max": 100}))
        self.assertEqual(pts, [(0.0, 0.0), (100.0, 30.0)])
        td = parse(sg.render_cell([1, 3], {"type": "bar_chart", "y_min": 0, "y_max": 4}))
        rects = list(td.iter("{http://www.w3.org/2000/svg}rect"))
        self.assertEqual([(r.get("x"), r.get("y"), r.get("width"), r.get("height"))
                          for r in rects],
                         [("5.0", "22.5", "40.0", "7.5"), ("55.0", "7.5", "40.0", "22.5")])
        svg = parse(sg.render_cell([3, 1], {"type": "line_chart", "color": "auto"})).find(
            "{http://www.w3.org/2000/svg}svg")
        self.assertEqual(svg.get("class"), "sg-svg sg-spark")
        self.assertEqual(svg.find("{http://www.w3.org/2000/svg}polyline").get("style"),
                         "stroke:#ff4b4b")
        pts = svg_points(sg.render_cell([7, 7], {"type": "line_chart"}))
        self.assertEqual(pts, [(0.0, 15.0), (100.0, 15.0)])
        pts = svg_points(sg.render_cell(list(range(2000)), {"type": "line_chart"}))
        self.assertEqual(len(pts), 500)

    def test_images(self):
        ok = ["https://example.com/a.png", "data:image/png;base64,iVBORw0KGgo=",
              "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>",
              "app/static/cat.png"]
        for src in ok:
            with self.subTest(src=src):
                img = parse(sg.render_cell(src, {"type": "image"})).find("img")
                self.assertEqual((img.get("src"), img.get("class")), (src, "sg-cell-img"))
        for src in ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "//evil.org/x",
                    "data:image/png;base64," + "A" * sg.MAX_IMAGE_URI]:
            with self.subTest(src=src[:40]):
                td = parse(sg.render_cell(src, {"type": "image"}))
                self.assertIsNone(td.find("img"))
                self.assertEqual(td.find("span").get("class"), "sg-cell-error")

    def test_alignment(self):
        for cfg, value, align in [(None, 5, "right"), (None, "x", "left"), (None, True, "center"),
                                  ({"type": "link", "display_text": "Open"}, "u", "center"),
                                  ({"type": "link"}, "u", "left"),
                                  ({"type": "number", "alignment": "left"}, 5, "left")]:
            with self.subTest(cfg=cfg, value=value):
                self.assertEqual(sg.cell_align(cfg, value), align)


class GridCoerceEditTests(unittest.TestCase):
    def test_values(self):
        num = sg.column_config.NumberColumn(min_value=0, max_value=1000, step=1)
        cases = [
            ("42", num, None, 42), ("1,234", num, None, 1000), ("12.7", num, None, 12),
            ("3.14159", sg.column_config.NumberColumn(step=0.01), None, 3.14),
            ("2.5", None, "float", 2.5), ("7", None, "integer", 7), ("", num, None, None),
            ("yes", sg.column_config.CheckboxColumn(), None, True), ("0", None, "boolean", False),
            ("B", sg.column_config.SelectboxColumn(options=["a", "b"], format_func=str.upper),
             None, "b"),
            ("2", sg.column_config.SelectboxColumn(options=[1, 2]), None, 2),
            ("2024-02-05", sg.column_config.DateColumn(), None, dt.date(2024, 2, 5)),
            ("12:30", sg.column_config.TimeColumn(), None, dt.time(12, 30)),
            ("2024-02-05T12:30:00", sg.column_config.DatetimeColumn(), None,
             dt.datetime(2024, 2, 5, 12, 30)),
            ("st.button", sg.column_config.TextColumn(validate=r"^st\.[a-z_]+$"), None,
             "st.button"),
            ('["a", "b"]', sg.column_config.ListColumn(), None, ["a", "b"]),
            ("a,b", None, "list", ["a", "b"]),
        ]
        for raw, cfg, hint, expected in cases:
            with self.subTest(raw=raw, cfg=cfg, hint=hint):
                got = sg.coerce_edit(raw, cfg, hint)
                self.assertEqual((got, type(got)), (expected, type(expected)))

    def test_errors(self):
        cc = sg.column_config
        cases = [
            ("abc", cc.NumberColumn(), "'abc' is not a number."),
            ("-1", cc.NumberColumn(min_value=0), "The value must be at least 0."),
            ("nan", cc.NumberColumn(), "'nan' is not a number."),
            ("", cc.NumberColumn(required=True), "This column requires a value."),
            ("maybe", cc.CheckboxColumn(), "'maybe' is not a valid true/false value."),
            ("c", cc.SelectboxColumn(options=["a", "b"]), "'c' is not one of the allowed options."),
            ("1899-12-31", cc.DateColumn(min_value=dt.date(1900, 1, 1)),
             "The date must not be before 1900-01-01."),
            ("20:00", cc.TimeColumn(max_value=dt.time(19)), "The time must not be after 19:00:00."),
            ("someday", cc.DatetimeColumn(), "'someday' is not a valid datetime."),
            ("x" * 51, cc.TextColumn(max_chars=50),
             "The value is longer than the maximum of 50 characters."),
            ("button", cc.TextColumn(validate=r"^st\.[a-z_]+$"),
             r"The value does not match the required pattern ^st\.[a-z_]+$."),
            ("a", cc.TextColumn(validate="("), None),
            ("5", cc.ProgressColumn(), "This column is not editable."),
            ("5", cc.NumberColumn(disabled=True), "This column is not editable."),
            ("x" * (sg.MAX_EDIT_CHARS + 1), None, None),
        ]
        for raw, cfg, message in cases:
            with self.subTest(raw=raw[:20], cfg=cfg):
                with self.assertRaises(ValueError) as cm:
                    sg.coerce_edit(raw, cfg)
                if message is not None:
                    self.assertEqual(str(cm.exception), message)


class GridCssTests(unittest.TestCase):
    def test_safe_css(self):
        props = [("color", "red"), ("background-color", "#ff0000"), ("font-weight", "700"),
                 ("opacity", "0.5"), ("text-align", "right"), ("font-style", "italic"),
                 ("color", "rgba(1, 2, 3, 0.5)"), ("background-color", "url(javascript:x)"),
                 ("background-image", "red"), ("color", "red; background: url(x)"),
                 ("COLOR", "blue !important"), ("width", "10px")]
        self.assertEqual(sg.safe_css(props), {"color": "blue", "background-color": "#ff0000",
                                             "font-weight": "700", "opacity": "0.5",
                                             "text-align": "right", "font-style": "italic"})
        self.assertEqual(sg.render_css_style({"color": "red", "opacity": "0.5"}),
                         "color:red;opacity:0.5")


class GridStylerTests(unittest.TestCase):
    def setUp(self):
        need_module(self, "pandas")
        need_module(self, "jinja2")
        self.df = pd.DataFrame({"a": [1.0, 2.5, 3.25], "b": [4, 5, 6]}, index=["x", "y", "z"])

    def test_format(self):
        cols, index, rows, css = sg.styler_to_cells(self.df.style.format("{:.2f}"))
        self.assertEqual((cols, index), (["a", "b"], ["x", "y", "z"]))
        self.assertEqual(rows, [["1.00", "4.00"], ["2.50", "5.00"], ["3.25", "6.00"]])
        self.assertEqual(css, [[{}, {}]] * 3)

    def test_default_display_uses_pandas_precision(self):
        _, _, rows, _ = sg.styler_to_cells(self.df.style)
        self.assertEqual(rows[0], ["1.000000", "4"])

    def test_highlight_max(self):
        _, _, _, css = sg.styler_to_cells(self.df.style.highlight_max())
        self.assertEqual(css[2], [{"background-color": "yellow"}] * 2)
        self.assertEqual(css[0], [{}, {}])

    def test_map(self):
        styler = self.df.style
        styler = styler.map(lambda v: "color: red") if hasattr(styler, "map") \
            else styler.applymap(lambda v: "color: red")
        _, _, _, css = sg.styler_to_cells(styler)
        self.assertEqual(css, [[{"color": "red"}] * 2] * 3)

    def test_background_gradient(self):
        need_module(self, "matplotlib")
        _, _, _, css = sg.styler_to_cells(self.df.style.background_gradient())
        self.assertEqual(css[0][0], {"background-color": "#fff7fb", "color": "#000000"})
        self.assertEqual(css[2][1], {"background-color": "#023858", "color": "#f1f1f1"})

    def test_unsafe_css_is_dropped(self):
        styler = self.df.style.map(
            lambda v: "background: url(x); color: expression(alert(1)); font-weight: bold")
        _, _, _, css = sg.styler_to_cells(styler)
        self.assertEqual(css[0][0], {"font-weight": "bold"})

    def test_not_a_styler(self):
        self.assertIsNone(sg.styler_to_cells(self.df))

    def test_pandas_values(self):
        import numpy as np
        cases = [(pd.Timestamp("2023-01-02 03:04:05"), None, "2023-01-02 03:04:05"),
                 (pd.Timestamp("2023-01-02 03:04:05", tz="UTC"), None,
                  "2023-01-02 03:04:05+00:00"),
                 (np.datetime64("2023-01-02T03:04:05"), {"type": "date"}, "2023-01-02"),
                 (np.int64(7), {"type": "number", "format": "%03d"}, "007"),
                 (np.float64(0.25), {"type": "number", "format": "percent"}, "25%"),
                 (np.bool_(True), None,
                  '<input type="checkbox" class="sg-cell-check" disabled="disabled" '
                  'checked="checked"/>')]
        for value, cfg, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(sg.render_cell(value, cfg), expected)
        for value in (pd.NaT, np.nan, pd.NA):
            with self.subTest(value=value):
                self.assertIn("sg-cell-missing", sg.render_cell(value, {"type": "datetime"}))


GRID_APP = r'''
import streamlit_go as st
box = st.container()
if not st.checkbox("Hide big"):
    box.dataframe([{"n": i, "s": f"s{(i * 7919) % 5000:04d}", "x": i * 0.5}
                  for i in range(5000)])
st.dataframe([{"name": "alpha", "price": 1234.5, "done": 0.25, "url": "https://example.com/a/",
               "secret": 1, "help_me": 3}],
             column_config={"price": st.column_config.NumberColumn("Price", format="dollar"),
                            "done": st.column_config.ProgressColumn("Done", min_value=0,
                                                                    max_value=1),
                            "url": st.column_config.LinkColumn("Site",
                                                               display_text=r"https://(.*?)/"),
                            "secret": None,
                            "help_me": st.column_config.Column("Helped", help="Some help",
                                                               width="small")},
             column_order=["url", "name", "price", "done", "help_me", "secret"],
             hide_index=True)
st.dataframe([{"<script>alert(1)</script>": "<img src=x onerror=alert(2)>"}],
             column_config={"<script>alert(1)</script>": st.column_config.Column(
                 help='"><script>alert(3)</script>')})
out = st.data_editor([{"n": 1, "t": "p"}, {"n": 2, "t": "q"}], key="ed", num_rows="dynamic",
                     column_config={"n": st.column_config.NumberColumn(min_value=0)})
st.text(f"out={out!r}")
st.text(f"state={st.session_state.get('ed')!r}")
fixed = st.data_editor([{"a": 1}], key="fixed")
try:
    import pandas as pd
except ImportError:
    pd = None
if pd is not None:
    pout = st.data_editor(pd.DataFrame({"v": [1.5, 2.5], "w": ["a", "b"]}), key="ped",
                          num_rows="dynamic")
    st.text(f"pout={pout['v'].tolist()!r}|{pout['w'].tolist()!r}|{type(pout).__name__}")
sel = st.dataframe([{"a": 1, "b": 2}, {"a": 3, "b": 4}], key="sel", on_select="rerun",
                   selection_mode=["multi-row", "single-column"])
st.text(f"sel={dict(sel)!r}|{sel.selection.rows!r}|{sel.selection.columns!r}")
st.table([{"k": i} for i in range(1500)])
''' + _API_RUN_MARKER


class GridSocketTests(ServerCase):
    APP = GRID_APP

    def setUp(self):
        self.p = api_connect(self)
        self.big = api_ids(self.p.html, "dataframe")[0]

    def window(self, data, cid=None):
        """Send one data_window; return the data_rows data or the error data."""
        self.p.ws.send("data_window", dict({"componentId": cid or self.big}, **data))
        msg = self.p.ws.recv_until(lambda m: m["type"] in ("data_rows", "error"))[-1]
        return msg["type"], msg["data"]

    @staticmethod
    def rows(html_):
        """[(data-row, [cell texts])] of a rows fragment."""
        return [(int(r), [api_text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body)])
                for r, body in re.findall(r'<tr data-row="(\d+)">(.*?)</tr>', html_)]

    def test_first_paint_is_one_window_sized_for_every_row(self):
        el = api_element(self.p.html, self.big)
        self.assertIn('data-n="5000"', el)
        self.assertIn('data-stop="100"', el)
        rows = self.rows(el)
        self.assertEqual([r for r, _ in rows], list(range(100)))
        self.assertEqual(rows[7][1], ["7", "7", f"s{7 * 7919 % 5000:04d}", "3.5"])
        pad = re.search(r'class="sg-grid-pad".*?height:(\d+)px', el).group(1)
        self.assertEqual(int(pad), (5000 - 100) * sg.GRID_ROW_PX)
        self.assertIn("5,000 rows \u00d7 3 columns", api_text(el))

    def test_windows_first_middle_last_and_past_the_end(self):
        cases = [(0, 100, list(range(0, 100))), (2500, 2600, list(range(2500, 2600))),
                 (4950, 5100, list(range(4950, 5000))), (5000, 5000, [])]
        for start, stop, want in cases:
            with self.subTest(start=start, stop=stop):
                kind, d = self.window({"start": start, "stop": stop, "sort": None})
                self.assertEqual(kind, "data_rows", d)
                self.assertEqual((d["start"], d["stop"], d["n_rows"]),
                                 (start, min(stop, 5000), 5000))
                rows = self.rows(d["html"])
                self.assertEqual([r for r, _ in rows], want)
                for r, cells in rows:
                    self.assertEqual(cells[1:], [str(r), f"s{r * 7919 % 5000:04d}",
                                                 sg.cell_text(r * 0.5)])

    def test_sorted_windows_follow_one_order(self):
        order = sorted(range(5000), key=lambda i: f"s{i * 7919 % 5000:04d}", reverse=True)
        sort = {"column": "s", "ascending": False}
        got = []
        for start in (0, 100, 4900):
            kind, d = self.window({"start": start, "stop": start + 100, "sort": sort})
            self.assertEqual((kind, d["sort"]), ("data_rows", sort))
            got.append([r for r, _ in self.rows(d["html"])])
        self.assertEqual(got, [order[0:100], order[100:200], order[4900:5000]])
        kind, d = self.window({"start": 0, "stop": 3, "sort": {"column": "n",
                                                               "ascending": True}})
        self.assertEqual([r for r, _ in self.rows(d["html"])], [0, 1, 2])

    def test_every_validation_error(self):
        base = {"componentId": self.big, "start": 0, "stop": 10, "sort": None}
        cases = [
            ({"type": "data_windows", "data": base}, "UNKNOWN_TYPE"),
            ({"type": "data_window", "data": [1]}, "INVALID_MESSAGE"),
            ({"type": "data_window", "data": {"start": 0}}, "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, componentId="main-999")},
             "COMPONENT_NOT_FOUND"),
            ({"type": "data_window", "data": dict(base, start="0")}, "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, start=True)}, "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, start=-1)}, "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, start=5001, stop=5002)},
             "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, stop=sg.MAX_WINDOW_ROWS + 1)},
             "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, start=20, stop=10)}, "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, sort={"column": "nope",
                                                             "ascending": True})},
             "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, sort={"column": "n",
                                                             "ascending": "yes"})},
             "INVALID_MESSAGE"),
            ({"type": "data_window", "data": dict(base, extra=1)}, "INVALID_MESSAGE"),
        ]
        for msg, code in cases:
            with self.subTest(msg=msg):
                self.p.ws.send(msg["type"], msg["data"])
                got = self.p.ws.recv_until(lambda m: m["type"] in ("error", "data_rows"))[-1]
                self.assertEqual((got["type"], got["data"].get("code")), ("error", code))

    def test_column_config_shows_in_the_html(self):
        el = api_element(self.p.html, api_ids(self.p.html, "dataframe")[1])
        heads = re.findall(r'<th scope="col"([^>]*)>([^<]*)</th>', el)
        self.assertEqual([h for _, h in heads], ["Site", "name", "Price", "Done", "Helped"])
        self.assertIn('title="Some help"', heads[4][0])
        self.assertNotIn("secret", el)
        self.assertIn('<col style="width:75px"/>', el)               # width="small"
        cells = self.rows(el)[0][1]
        self.assertEqual(cells[:3], ["example.com", "alpha", "$1,234.50"])
        self.assertIn('href="https://example.com/a/"', el)
        self.assertIn('style="width:25.0%"', el)                    # the progress bar
        self.assertEqual(cells[3].strip(), "25%")

    def test_hostile_strings_are_escaped_in_headers_cells_and_titles(self):
        el = api_element(self.p.html, api_ids(self.p.html, "dataframe")[2])
        self.assertNotIn("<script>", el)
        self.assertNotIn("<img", el)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", el)
        self.assertIn("&lt;img src=x onerror=alert(2)&gt;", el)
        self.assertIn('title="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"', el)
        ET.fromstring(el)

    def edit(self, cid, change):
        return self.p.act(cid, change)

    def test_editor_edit_add_delete_and_state(self):
        ed = api_ids(self.p.html, "data_editor")[0]
        self.edit(ed, {"op": "edit", "row": 1, "column": "n", "value": "42"})
        self.p.quiet(0.2)
        self.assertEqual(self.p.out("out"), "[{'n': 1, 't': 'p'}, {'n': 42, 't': 'q'}]")
        self.assertEqual(self.p.out("state"), "{'edited_rows': {1: {'n': 42}}, "
                                               "'added_rows': [], 'deleted_rows': []}")
        self.edit(ed, {"op": "add"})
        self.edit(ed, {"op": "edit", "row": 2, "column": "t", "value": "new"})
        self.edit(ed, {"op": "delete", "row": 0})
        self.p.quiet(0.2)
        self.assertEqual(self.p.out("out"), "[{'n': 42, 't': 'q'}, {'n': None, 't': 'new'}]")
        self.assertEqual(self.p.out("state"), "{'edited_rows': {1: {'n': 42}}, "
                         "'added_rows': [{'t': 'new'}], 'deleted_rows': [0]}")
        el = api_element(self.p.html, ed)           # the page shows the edited rows,
        self.assertEqual([r for r, _ in self.rows(el)], [1, 2])   # named by their positions
        self.p.act(api_find(self.p.html, "checkbox", "Hide big"), True)   # another rerun:
        self.p.quiet(0.2)
        self.assertEqual(self.p.out("out"), "[{'n': 42, 't': 'q'}, {'n': None, 't': 'new'}]")

    def test_bad_edits_are_refused_with_a_message(self):
        ed = api_ids(self.p.html, "data_editor")[0]
        fixed = api_ids(self.p.html, "data_editor")[1]
        cases = [(ed, {"op": "edit", "row": 0, "column": "n", "value": "abc"}, "not a number"),
                 (ed, {"op": "edit", "row": 0, "column": "n", "value": -5}, "at least 0"),
                 (ed, {"op": "edit", "row": 9, "column": "n", "value": 1}, "'row'"),
                 (ed, {"op": "edit", "row": 0, "column": "zz", "value": 1}, "names no column"),
                 (ed, {"op": "rename", "row": 0}, "'op'"),
                 (ed, {"op": "edit", "row": 0, "column": "n", "value": [1]}, "JSON scalar"),
                 (fixed, {"op": "add"}, "num_rows='fixed'"),
                 (fixed, {"op": "delete", "row": 0}, "num_rows='fixed'")]
        for cid, change, text in cases:
            with self.subTest(change=change):
                err = self.p.refused(cid, change)
                self.assertEqual(err["code"], "INVALID_MESSAGE")
                self.assertIn(text, err["message"])

    def test_editor_returns_a_dataframe_for_a_dataframe(self):
        need_module(self, "pandas")
        ped = "key-ped"
        self.assertIn(ped, api_ids(self.p.html, "data_editor"))
        self.edit(ped, {"op": "edit", "row": 0, "column": "v", "value": "7.25"})
        self.edit(ped, {"op": "add"})
        self.edit(ped, {"op": "edit", "row": 2, "column": "w", "value": "c"})
        self.p.quiet(0.2)
        self.assertEqual(self.p.out("pout"), "[7.25, 2.5, nan]|['a', 'b', 'c']|DataFrame")

    def test_selection(self):
        self.assertEqual(self.p.out("sel"), "{'selection': {'rows': [], 'columns': []}}|[]|[]")
        self.p.act("key-sel", {"rows": [1, 0], "columns": ["b"]})
        self.p.quiet(0.2)
        self.assertEqual(self.p.out("sel"),
                         "{'selection': {'rows': [0, 1], 'columns': ['b']}}|[0, 1]|['b']")
        el = api_element(self.p.html, "key-sel")
        self.assertEqual(el.count('class="sg-grid-sel" aria-label="Select row 0" '
                                  'checked="checked"'), 1)
        for bad in ({"rows": [2]}, {"rows": [], "columns": ["a", "b"]}, {"rows": [True]},
                    {"cells": []}, [0]):
            with self.subTest(bad=bad):
                self.assertEqual(self.p.refused("key-sel", bad)["code"], "INVALID_MESSAGE")

    def test_table_shows_the_first_rows_with_a_note(self):
        el = api_element(self.p.html, api_ids(self.p.html, "table")[0])
        self.assertEqual(el.count("<tr data-row="), sg.TABLE_MAX_ROWS)
        self.assertIn("Showing the first 1,000 of 1,500 rows.", api_text(el))

    def test_a_grid_no_longer_drawn_is_freed(self):
        self.assertEqual(self.window({"start": 0, "stop": 5})[0], "data_rows")
        self.p.act(api_find(self.p.html, "checkbox", "Hide big"), True)
        kind, d = self.window({"start": 0, "stop": 5})
        self.assertEqual((kind, d.get("code")), ("error", "COMPONENT_NOT_FOUND"))


class GridRenderTests(unittest.TestCase):
    """The grid HTML without a server: well-formed, a Styler's formats, the size bound."""

    def test_styler_formats_and_colours(self):
        pd_ = need_module(self, "pandas")
        need_module(self, "jinja2")
        df = pd_.DataFrame({"a": [1.0, 2.5], "b": ["x", "y"]})
        styler = df.style.format({"a": "{:.2f} kg"}).map(
            lambda v: "background-color: #ffcccc" if v == 2.5 else "", subset=["a"])
        frame, styled = sg._styler_parts(styler)
        grid = sg.Grid(frame, styled=styled)
        html_, _w = grid.rows(0, 2)
        self.assertIn("<td class=\"sg-num\">1.00 kg</td>", html_)
        self.assertIn('style="background-color:#ffcccc">2.50 kg</td>', html_)

    def test_grid_html_is_well_formed_for_every_kind(self):
        data = [{"i": 1, "f": 0.5, "b": True, "s": "<x>", "l": [1, 2],
                 "d": dt.date(2024, 1, 2)}, {"i": None, "f": None, "b": False, "s": None,
                                             "l": [], "d": None}]
        for kind, kwargs in (("dataframe", {}), ("data_editor", {"editable": True,
                                                               "num_rows": "dynamic"})):
            with self.subTest(kind=kind):
                grid = sg.Grid(data, **kwargs)
                props = dict(grid.first_paint(), width=None, height=None, stretch=True)
                ET.fromstring(sg._grid_html("g1", kind, props))
                self.assertEqual([c.edit for c in grid.columns],
                                 ["number", "number", "checkbox", "text", "", "date"]
                                 if kwargs else [""] * 6)


# =============================================================================
# 4h. Scaling out: the RESP codec, then several instances sharing one Redis
# =============================================================================
# The codec tables need no server. The rest runs Debian's redis-server on a
# free loopback port (no persistence), started and stopped by PID; without
# it these tests are skipped, except under CI=true, where that is a failure.

MAX_LINE = sg.MAX_LINE
RedisClient = sg.RedisClient
RedisConnectionError = sg.RedisConnectionError
RedisLock = sg.RedisLock
RedisProtocolError = sg.RedisProtocolError
RedisPush = sg.RedisPush
RedisReplyError = sg.RedisReplyError
RedisSubscriber = sg.RedisSubscriber
RedisSyncClient = sg.RedisSyncClient
RedisTimeoutError = sg.RedisTimeoutError
ReplyParser = sg.ReplyParser
SignatureError = sg.SignatureError
decode_signed_pickle = sg.decode_signed_pickle
encode_command = sg.encode_command
encode_signed_pickle = sg.encode_signed_pickle
parse_redis_url = sg.parse_redis_url
parse_reply = sg.parse_reply
reconnect_delay = sg.reconnect_delay
sign_payload = sg.sign_payload
verify_payload = sg.verify_payload
REDIS_SERVER_BIN = "/usr/bin/redis-server"


def need_redis(test: unittest.TestCase) -> str:
    """Return the redis-server binary; skip without it (fail under CI=true)."""
    if os.path.exists(REDIS_SERVER_BIN):
        return REDIS_SERVER_BIN
    if IN_CI:
        test.fail(f"{REDIS_SERVER_BIN} is required when CI=true")
    raise unittest.SkipTest(f"{REDIS_SERVER_BIN} is not installed")


def resp_same(a, b) -> bool:
    """Equality that treats NaN as equal to NaN and checks container types."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(resp_same(x, y) for x, y in zip(a, b))
    return a == b


# -- Codec tables --------------------------------------------------------------

RESP_BIG = 3492890328409238509324850943850943825024385

RESP_VALID = [
    # name, wire bytes, value
    ("simple string", b"+OK\r\n", "OK"),
    ("empty simple string", b"+\r\n", ""),
    ("simple string utf-8", "+h\u00e9\r\n".encode(), "h\u00e9"),
    ("error", b"-ERR unknown command 'FOO'\r\n", RedisReplyError("ERR unknown command 'FOO'")),
    ("error code", b"-WRONGTYPE Operation against a key\r\n",
     RedisReplyError("WRONGTYPE Operation against a key")),
    ("integer 0", b":0\r\n", 0),
    ("integer negative", b":-42\r\n", -42),
    ("integer int64 max", b":9223372036854775807\r\n", 9223372036854775807),
    ("integer int64 min", b":-9223372036854775808\r\n", -9223372036854775808),
    ("bulk empty", b"$0\r\n\r\n", b""),
    ("bulk", b"$5\r\nhello\r\n", b"hello"),
    ("bulk binary with CRLF inside", b"$6\r\na\r\n\x00\xffb\r\n", b"a\r\n\x00\xffb"),
    ("bulk null", b"$-1\r\n", None),
    ("array empty", b"*0\r\n", []),
    ("array null", b"*-1\r\n", None),
    ("array", b"*2\r\n:1\r\n$1\r\nx\r\n", [1, b"x"]),
    ("array nested", b"*3\r\n*1\r\n:1\r\n*0\r\n*2\r\n*1\r\n+a\r\n:2\r\n", [[1], [], [["a"], 2]]),
    ("array with nulls and an error", b"*3\r\n$-1\r\n-ERR e\r\n*-1\r\n",
     [None, RedisReplyError("ERR e"), None]),
    ("null", b"_\r\n", None),
    ("true", b"#t\r\n", True),
    ("false", b"#f\r\n", False),
    ("double", b",1.5\r\n", 1.5),
    ("double integral", b",10\r\n", 10.0),
    ("double exponent", b",-2.5e-3\r\n", -0.0025),
    ("double exponent plus", b",1E+2\r\n", 100.0),
    ("double inf", b",inf\r\n", math.inf),
    ("double -inf", b",-inf\r\n", -math.inf),
    ("double nan", b",nan\r\n", math.nan),
    ("double -nan (Redis < 7.2)", b",-nan\r\n", math.nan),
    ("double NAN(payload)", b",NAN(123)\r\n", math.nan),
    ("big number", b"(%d\r\n" % RESP_BIG, RESP_BIG),
    ("big number negative", b"(-%d\r\n" % RESP_BIG, -RESP_BIG),
    ("blob error", b"!21\r\nSYNTAX invalid syntax\r\n", RedisReplyError("SYNTAX invalid syntax")),
    ("verbatim", b"=15\r\ntxt:Some string\r\n", b"Some string"),
    ("verbatim empty text", b"=4\r\nmkd:\r\n", b""),
    ("map", b"%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n:2\r\n", {"first": 1, b"second": 2}),
    ("map empty", b"%0\r\n", {}),
    ("map with array key", b"%1\r\n*2\r\n:1\r\n:2\r\n+v\r\n", {(1, 2): "v"}),
    ("set", b"~3\r\n+a\r\n:1\r\n$1\r\nb\r\n", {"a", 1, b"b"}),
    ("set empty", b"~0\r\n", set()),
    ("attribute skipped", b"|1\r\n+ttl\r\n:3600\r\n:3\r\n", 3),
    ("empty attribute skipped", b"|0\r\n+OK\r\n", "OK"),
    ("attribute inside array", b"*3\r\n:1\r\n:2\r\n|1\r\n+ttl\r\n:3600\r\n:3\r\n", [1, 2, 3]),
    ("attribute with nested map", b"|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n"
     b"*2\r\n:2039123\r\n:9543892\r\n", [2039123, 9543892]),
    ("push", b">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
     RedisPush([b"message", b"ch", b"hi"])),
    ("map of sets and arrays", b"%1\r\n+k\r\n*2\r\n~1\r\n:5\r\n_\r\n", {"k": [{5}, None]}),
]


class RedisParseValidTests(unittest.TestCase):
    """Every RESP type, fed whole, byte by byte and with trailing bytes."""

    def test_whole(self):
        for name, wire, value in RESP_VALID:
            with self.subTest(name):
                got = parse_reply(wire)
                self.assertIsNotNone(got)
                self.assertTrue(resp_same(got[0], value), f"{got[0]!r} != {value!r}")
                self.assertEqual(got[1], len(wire))

    def test_byte_by_byte_is_none_until_the_last_byte(self):
        for name, wire, value in RESP_VALID:
            with self.subTest(name):
                for i in range(len(wire)):
                    self.assertIsNone(parse_reply(wire[:i]), f"complete at {i}/{len(wire)}")
                parser = ReplyParser()
                for i in range(len(wire) - 1):
                    self.assertEqual(parser.feed(wire[i:i + 1]), [], f"early at byte {i}")
                out = parser.feed(wire[-1:])
                self.assertEqual(len(out), 1)
                self.assertTrue(resp_same(out[0], value), f"{out[0]!r} != {value!r}")
                self.assertEqual(parser.buf, b"")

    def test_trailing_bytes_are_left_unconsumed(self):
        trailing = b"$3\r\nab"
        for name, wire, value in RESP_VALID:
            with self.subTest(name):
                got = parse_reply(wire + trailing)
                self.assertTrue(resp_same(got[0], value))
                self.assertEqual(got[1], len(wire))
                # at an offset, consumed counts from pos
                got = parse_reply(b"JUNK" + wire + trailing, 4)
                self.assertEqual(got[1], len(wire))
                parser = ReplyParser()
                out = parser.feed(wire + b"+PAR")
                self.assertEqual(len(out), 1)
                self.assertTrue(resp_same(out[0], value))
                self.assertEqual(bytes(parser.buf), b"+PAR")
                self.assertEqual(parser.feed(b"TIAL\r\n"), ["PARTIAL"])

    def test_all_replies_in_one_buffer(self):
        wire = b"".join(w for _, w, _ in RESP_VALID)
        out = ReplyParser().feed(wire)
        self.assertEqual(len(out), len(RESP_VALID))
        for got, (name, _, value) in zip(out, RESP_VALID):
            self.assertTrue(resp_same(got, value), name)
        # and split at every 7th byte
        parser, out = ReplyParser(), []
        for i in range(0, len(wire), 7):
            out += parser.feed(wire[i:i + 7])
        self.assertEqual(len(out), len(RESP_VALID))

    def test_types_of_values(self):
        self.assertIsInstance(parse_reply(b">1\r\n+x\r\n")[0], RedisPush)
        self.assertIs(type(parse_reply(b"*1\r\n+x\r\n")[0]), list)
        err = parse_reply(b"-NOAUTH Authentication required.\r\n")[0]
        self.assertIsInstance(err, RedisReplyError)
        self.assertEqual(err.code, "NOAUTH")
        self.assertEqual(parse_reply(b"-oops lower case\r\n")[0].code, "ERR")
        self.assertIs(parse_reply(b"#t\r\n")[0], True)

    def test_nesting_up_to_the_depth_limit(self):
        wire = b"*1\r\n" * 32 + b":7\r\n"
        value, used = parse_reply(wire)
        self.assertEqual(used, len(wire))
        for _ in range(32):
            self.assertEqual(len(value), 1)
            value = value[0]
        self.assertEqual(value, 7)


RESP_INVALID = [
    ("unknown type byte", b"X\r\n"),
    ("empty line", b"\r\n"),
    ("bulk length not a number", b"$abc\r\n"),
    ("bulk length -2", b"$-2\r\n"),
    ("bulk length with plus", b"$+5\r\n"),
    ("bulk length leading zero", b"$05\r\n"),
    ("bulk length with space", b"$ 5\r\n"),
    ("bulk length empty", b"$\r\n"),
    ("array length -2", b"*-2\r\n"),
    ("map length -1", b"%-1\r\n"),
    ("set length -1", b"~-1\r\n"),
    ("push length -1", b">-1\r\n"),
    ("attribute length -1", b"|-1\r\n"),
    ("blob error length -1", b"!-1\r\n"),
    ("verbatim length -1", b"=-1\r\n"),
    ("integer not a number", b":abc\r\n"),
    ("integer empty", b":\r\n"),
    ("integer with a fraction", b":1.5\r\n"),
    ("integer -0", b":-0\r\n"),
    ("boolean other", b"#x\r\n"),
    ("null with payload", b"_x\r\n"),
    ("double garbage", b",abc\r\n"),
    ("double starting with a dot", b",.5\r\n"),
    ("double empty", b",\r\n"),
    ("big number with a fraction", b"(1.5\r\n"),
    ("bulk payload not followed by CRLF", b"$3\r\nabcd\r\n"),
    ("verbatim too short", b"=3\r\ntxt\r\n"),
    ("verbatim without colon", b"=5\r\ntxtxx\r\n"),
    ("bare LF inside a simple string", b"+a\nb\r\n"),
    ("bare CR inside an error", b"-ERR a\rb\r\n"),
    ("streamed string", b"$?\r\n"),
    ("streamed array", b"*?\r\n"),
    ("bad element inside an array", b"*2\r\n:1\r\n?\r\n"),
    ("nested deeper than the limit", b"*1\r\n" * 33 + b":1\r\n"),
    ("line too long", b"+" + b"a" * (MAX_LINE + 2)),
    ("array over MAX_ARRAY_LEN", b"*%d\r\n" % (sg.MAX_ARRAY_LEN + 1)),
    ("bulk over MAX_REPLY_BYTES", b"$%d\r\n" % (sg.MAX_REPLY_BYTES + 1)),
]


class RedisParseInvalidTests(unittest.TestCase):
    """Bytes that are not RESP raise RedisProtocolError, whole or fed byte by byte."""

    def test_whole(self):
        for name, wire in RESP_INVALID:
            with self.subTest(name):
                with self.assertRaises(RedisProtocolError):
                    parse_reply(wire)

    def test_fed_in_pieces(self):
        for name, wire in RESP_INVALID:
            with self.subTest(name):
                parser = ReplyParser()
                step = 1 if len(wire) < 1000 else 4096
                with self.assertRaises(RedisProtocolError):
                    for i in range(0, len(wire), step):
                        parser.feed(wire[i:i + step])

    def test_declared_length_over_limit_raises_before_buffering(self):
        # only the header has arrived: the payload is never waited for
        cases = [
            ("bulk", b"$100\r\n", dict(max_size=50)),
            ("blob error", b"!100\r\n", dict(max_size=50)),
            ("verbatim", b"=100\r\n", dict(max_size=50)),
            ("array", b"*5\r\n", dict(max_items=4)),
            ("map counts pairs twice", b"%3\r\n", dict(max_items=5)),
            ("attribute counts pairs twice", b"|3\r\n", dict(max_items=5)),
            ("nested elements add up", b"*2\r\n*3\r\n", dict(max_items=4)),
            ("second bulk takes the reply over", b"*2\r\n$30\r\n" + b"x" * 30 + b"\r\n$30\r\n",
             dict(max_size=60)),
            ("depth", b"*1\r\n*1\r\n*1\r\n", dict(max_depth=2)),
        ]
        for name, wire, limits in cases:
            with self.subTest(name):
                with self.assertRaises(RedisProtocolError):
                    parse_reply(wire, **limits)
                with self.assertRaises(RedisProtocolError):
                    ReplyParser(**{k: v for k, v in limits.items()}).feed(wire)
        # just under the limits is fine (and incomplete)
        self.assertIsNone(parse_reply(b"$40\r\n", max_size=50))
        self.assertIsNone(parse_reply(b"*4\r\n", max_items=4))

    def test_huge_declared_lengths(self):
        for wire in (b"$9223372036854775807\r\n", b"*9223372036854775807\r\n",
                     b"$99999999999999999999\r\n"):
            with self.subTest(wire):
                with self.assertRaises(RedisProtocolError):
                    parse_reply(wire)


class RedisIncrementalCostTests(unittest.TestCase):
    """Feeding in small pieces stays linear: nothing finished is parsed twice."""

    def test_large_array_in_small_chunks(self):
        n = 200_000
        wire = b"*%d\r\n" % n + b":1\r\n" * n
        parser = ReplyParser()
        start = time.monotonic()
        out = []
        for i in range(0, len(wire), 16):
            out += parser.feed(wire[i:i + 16])
        elapsed = time.monotonic() - start
        self.assertEqual(len(out), 1)
        self.assertEqual(len(out[0]), n)
        self.assertLess(elapsed, 10.0)      # quadratic re-parsing would take hours

    def test_large_bulk_in_small_chunks(self):
        size = 8 * 1024 * 1024
        wire = b"$%d\r\n" % size + b"x" * size + b"\r\n"
        parser = ReplyParser()
        start = time.monotonic()
        out = []
        for i in range(0, len(wire), 1024):
            out += parser.feed(wire[i:i + 1024])
        self.assertLess(time.monotonic() - start, 10.0)
        self.assertEqual(len(out[0]), size)

    def test_long_line_byte_by_byte(self):
        line = b"+" + b"a" * 60_000 + b"\r\n"
        parser = ReplyParser()
        start = time.monotonic()
        out = []
        for i in range(len(line)):
            out += parser.feed(line[i:i + 1])
        self.assertLess(time.monotonic() - start, 10.0)
        self.assertEqual(out, ["a" * 60_000])


class RedisEncodeTests(unittest.TestCase):
    """encode_command produces arrays of bulk strings that parse back to the arguments."""

    ROUND_TRIPS = [
        (("PING",), [b"PING"]),
        (("SET", "k", "v"), [b"SET", b"k", b"v"]),
        (("SET", b"\x00\r\n", "\u00e9"), [b"SET", b"\x00\r\n", "\u00e9".encode()]),
        (("X", 0, -1, 2 ** 70), [b"X", b"0", b"-1", b"%d" % 2 ** 70]),
        (("Z", 1.5, float("inf"), float("-inf"), -0.0, 1e300),
         [b"Z", b"1.5", b"inf", b"-inf", b"-0.0", b"1e+300"]),
        (("E", "", b""), [b"E", b"", b""]),
        (("B", bytearray(b"ab"), memoryview(b"cd")), [b"B", b"ab", b"cd"]),
    ]

    def test_round_trips(self):
        for args, expected in self.ROUND_TRIPS:
            with self.subTest(args):
                wire = encode_command(*args)
                self.assertTrue(wire.startswith(b"*%d\r\n$" % len(args)))
                self.assertEqual(parse_reply(wire), (expected, len(wire)))

    def test_exact_bytes(self):
        self.assertEqual(encode_command("GET", "k"), b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
        self.assertEqual(encode_command("SET", "k", ""),
                         b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n")

    def test_refused_arguments(self):
        cases = [((), ValueError), (("SET", True), TypeError), (("SET", None), TypeError),
                 (("SET", float("nan")), ValueError), (("SET", object()), TypeError),
                 (("SET", ["a"]), TypeError)]
        for args, error in cases:
            with self.subTest(args):
                with self.assertRaises(error):
                    encode_command(*args)


class RedisUrlTests(unittest.TestCase):
    """parse_redis_url: defaults, credentials, TLS, unix sockets, clear errors."""

    def test_valid(self):
        cases = [
            ("redis://localhost", dict(host="localhost", port=6379, db=0, username=None,
                                       password=None, unix_path=None)),
            ("redis://h:6380/3", dict(host="h", port=6380, db=3)),
            ("redis://h/", dict(db=0)),
            ("redis://:secret@h", dict(username=None, password="secret")),
            ("redis://alice:s%40c%3Ar%2Ft%25@h", dict(username="alice", password="s@c:r/t%")),
            ("redis://al%20ice:p@h", dict(username="al ice", password="p")),
            ("redis://:@h", dict(password="")),
            ("redis://[::1]:7000/1", dict(host="::1", port=7000, db=1)),
            ("REDIS://H", dict(host="h")),
            ("valkey://h?db=4", dict(host="h", db=4)),
            ("redis://h?client_name=web-1&protocol=2", dict(client_name="web-1", protocol=2)),
            ("unix:///run/redis.sock", dict(unix_path="/run/redis.sock", db=0)),
            ("unix:///run/redis.sock?db=2&password=p%26q", dict(db=2, password="p&q")),
            ("unix://:pw@/tmp/r.sock", dict(unix_path="/tmp/r.sock", password="pw")),
        ]
        for url, expected in cases:
            with self.subTest(url):
                cfg = parse_redis_url(url)
                for field, value in expected.items():
                    self.assertEqual(getattr(cfg, field), value, field)
                self.assertIsNone(cfg.ssl_context)

    def test_tls(self):
        import ssl
        cfg = parse_redis_url("rediss://h:6390")
        self.assertEqual(cfg.ssl_context.verify_mode, ssl.CERT_REQUIRED)
        self.assertTrue(cfg.ssl_context.check_hostname)
        cfg = parse_redis_url("rediss://h?ssl_cert_reqs=none")
        self.assertEqual(cfg.ssl_context.verify_mode, ssl.CERT_NONE)
        self.assertFalse(cfg.ssl_context.check_hostname)
        cfg = parse_redis_url("valkeys://h?ssl_cert_reqs=optional")
        self.assertEqual(cfg.ssl_context.verify_mode, ssl.CERT_OPTIONAL)

    def test_overrides_and_repr_hides_password(self):
        cfg = parse_redis_url("redis://:hunter22@h", command_timeout=1.5)
        self.assertEqual(cfg.command_timeout, 1.5)
        self.assertNotIn("hunter22", repr(cfg))
        self.assertNotIn("hunter22", cfg.address)

    def test_invalid(self):
        cases = [
            ("http://h", "scheme"),
            ("h:6379", "scheme"),
            ("redis://", "needs a host"),
            ("redis://h:0", "port"),
            ("redis://h:99999", "port"),
            ("redis://h:abc", "port"),
            ("redis://h/abc", "database"),
            ("redis://h/-1", "database"),
            ("redis://h/1?db=2", "not both"),
            ("redis://h?foo=1", "unknown Redis URL option 'foo'"),
            ("redis://h?db=1&db=2", "twice"),
            ("redis://alice@h", "needs a password"),
            ("redis://h?ssl_cert_reqs=none", "rediss"),
            ("rediss://h?ssl_cert_reqs=maybe", "ssl_cert_reqs"),
            ("redis://h?protocol=4", "protocol"),
            ("redis://:%ff@h", "UTF-8"),
            ("redis://h#frag", "fragment"),
            ("unix://", "socket path"),
            ("redis://h?client_name=a%20b", "client_name"),
        ]
        for url, message in cases:
            with self.subTest(url):
                with self.assertRaises(ValueError) as ctx:
                    parse_redis_url(url)
                self.assertIn(message, str(ctx.exception))


class _RespBoom:
    """Unpickling this records that it happened (stands for arbitrary code)."""
    ran = []

    def __reduce__(self):
        return (_RespBoom.ran.append, ("unpickled!",))


class RedisSignatureTests(unittest.TestCase):
    """sign_payload / verify_payload: HMAC-SHA256, versioned, constant-time."""

    SECRET = b"s" * 32

    def test_round_trip(self):
        for data in (b"", b"x", b"\x00" * 1000, pickle.dumps({"a": [1, 2]})):
            with self.subTest(len(data)):
                blob = sign_payload(self.SECRET, data)
                self.assertEqual(blob[0], sg.SIGNATURE_VERSION)
                self.assertEqual(len(blob), 1 + 32 + len(data))
                self.assertEqual(verify_payload(self.SECRET, blob), data)

    def test_every_flipped_bit_is_refused(self):
        blob = sign_payload(self.SECRET, b"payload")
        for i in range(len(blob)):
            for bit in (0x01, 0x80):
                forged = bytearray(blob)
                forged[i] ^= bit
                with self.subTest(byte=i, bit=bit):
                    with self.assertRaises(SignatureError):
                        verify_payload(self.SECRET, bytes(forged))

    def test_refusals(self):
        blob = sign_payload(self.SECRET, b"data")
        cases = [
            ("wrong secret", b"t" * 32, blob),
            ("truncated", self.SECRET, blob[:-1]),
            ("extended", self.SECRET, blob + b"!"),
            ("too short", self.SECRET, blob[:20]),
            ("empty", self.SECRET, b""),
            ("unknown version", self.SECRET, b"\x02" + blob[1:]),
            ("unsigned pickle", self.SECRET, pickle.dumps("x")),
        ]
        for name, secret, data in cases:
            with self.subTest(name):
                with self.assertRaises(SignatureError):
                    verify_payload(secret, data)

    def test_secret_checks(self):
        with self.assertRaises(ValueError):
            sign_payload(b"short", b"x")
        with self.assertRaises(TypeError):
            sign_payload("a str secret of enough length", b"x")

    def test_forged_pickle_is_never_unpickled(self):
        _RespBoom.ran.clear()
        evil = pickle.dumps(_RespBoom())
        for blob in (evil, sign_payload(b"attacker-key-0123456789", evil),
                     b"\x01" + bytes(32) + evil):
            with self.subTest(blob[:8]):
                with self.assertRaises(SignatureError):
                    decode_signed_pickle(self.SECRET, blob)
        self.assertEqual(_RespBoom.ran, [])
        self.assertEqual(decode_signed_pickle(self.SECRET,
                                              encode_signed_pickle(self.SECRET, {"k": 1})),
                         {"k": 1})


class RedisBackoffTests(unittest.TestCase):
    def test_delays_grow_are_jittered_and_capped(self):
        for attempt in range(1, 15):
            ceiling = min(sg.REDIS_RECONNECT_CAP_S, sg.REDIS_RECONNECT_BASE_S * 2 ** attempt)
            delays = [reconnect_delay(attempt) for _ in range(50)]
            with self.subTest(attempt):
                self.assertTrue(all(ceiling / 2 <= d <= ceiling for d in delays))
                self.assertGreater(len(set(delays)), 1)
        self.assertLessEqual(reconnect_delay(10 ** 6), sg.REDIS_RECONNECT_CAP_S)

    def test_shared_connection_refuses_state_changing_commands(self):
        for name in ("SUBSCRIBE", "psubscribe", b"MONITOR", "HELLO", "SELECT", "AUTH"):
            with self.subTest(name):
                with self.assertRaises(ValueError):
                    sg._check_pipelinable((name, "x"))


# -- A real redis-server --------------------------------------------------------



class RedisProc:
    """One redis-server process on 127.0.0.1, started and stopped by PID."""

    def __init__(self, *extra):
        self.port = free_port()
        self.extra = list(extra)
        self.dir = tempfile.mkdtemp(prefix="sg-redis-")
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [REDIS_SERVER_BIN, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir, "--loglevel", "warning", *self.extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"*1\r\n$4\r\nPING\r\n")
                    if s.recv(100):
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        os.kill(proc.pid, signal.SIGCONT)      # a stopped process cannot act on SIGTERM
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def pause(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def url(self, password=None, **query) -> str:
        auth = f":{password}@" if password is not None else ""
        qs = "&".join(f"{k}={v}" for k, v in query.items())
        return f"redis://{auth}127.0.0.1:{self.port}/0" + (f"?{qs}" if qs else "")


def _capture_log(test: unittest.TestCase) -> list:
    """Collect the in-process clients' log lines (the reconnects these tests
    provoke) in a list for the test, instead of the runner's output."""
    lines = []
    patcher = mock.patch.object(sg, "_log", lambda *parts: lines.append(" ".join(map(str, parts))))
    patcher.start()
    test.addCleanup(patcher.stop)
    return lines


class _RedisProcMixin:
    server_args = ()

    def setUp(self):
        need_redis(self)
        self.server = RedisProc(*self.server_args)
        self.server.start()
        self.log_lines = _capture_log(self)

    async def asyncSetUp(self):
        # IsolatedAsyncioTestCase runs in debug mode, which reports every step
        # over 0.1 s; on a loaded machine a 1000-command pipeline takes longer.
        asyncio.get_running_loop().slow_callback_duration = 5.0

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.server.dir, ignore_errors=True)

    async def client(self, url=None, **kwargs) -> RedisClient:
        c = RedisClient(url or self.server.url(), **kwargs)
        await c.connect()
        self.addAsyncCleanup(c.close)
        return c


class RedisAsyncClientTests(_RedisProcMixin, unittest.IsolatedAsyncioTestCase):

    async def test_get_set_expire_ttl(self):
        for proto in (3, 2):
            with self.subTest(protocol=proto):
                c = await self.client(self.server.url(protocol=proto))
                self.assertEqual(c.protocol, proto)
                self.assertEqual(await c.command("SET", "k", b"v\x00\xff"), "OK")
                self.assertEqual(await c.command("GET", "k"), b"v\x00\xff")
                self.assertIsNone(await c.command("GET", "missing"))
                self.assertEqual(await c.command("EXPIRE", "k", 100), 1)
                ttl = await c.command("TTL", "k")
                self.assertTrue(98 <= ttl <= 100, ttl)
                self.assertEqual(await c.command("SET", "p", 1, "PX", 150), "OK")
                self.assertEqual(await c.command("GET", "p"), b"1")
                await asyncio.sleep(0.3)
                self.assertIsNone(await c.command("GET", "p"))
                self.assertEqual(await c.command("TTL", "p"), -2)
                with self.assertRaises(RedisReplyError) as ctx:
                    await c.command("LPUSH", "k", "x")
                self.assertEqual(ctx.exception.code, "WRONGTYPE")
                # the connection goes on after an error reply
                self.assertEqual(await c.command("DEL", "k"), 1)
                await c.close()

    async def test_1000_concurrent_commands_pipelined(self):
        c = await self.client()
        echoes = await asyncio.gather(*(c.command("ECHO", f"v{i}") for i in range(1000)))
        self.assertEqual(echoes, [f"v{i}".encode() for i in range(1000)])
        counts = await asyncio.gather(*(c.command("INCR", "n") for _ in range(1000)))
        self.assertEqual(counts, list(range(1, 1001)))   # FIFO: issue order = reply order

    async def test_in_flight_bound(self):
        c = await self.client(max_in_flight=16)
        peak = 0
        done = False

        async def watch():
            nonlocal peak
            while not done:
                peak = max(peak, c.in_flight)
                await asyncio.sleep(0)

        watcher = asyncio.ensure_future(watch())
        results = await asyncio.gather(*(c.command("ECHO", str(i)) for i in range(1000)))
        done = True
        await watcher
        self.assertEqual(results, [str(i).encode() for i in range(1000)])
        self.assertGreater(peak, 1)
        self.assertLessEqual(peak, 16)

    async def test_resp3_hello_types(self):
        c3 = await self.client()
        c2 = await self.client(self.server.url(protocol=2))
        self.assertEqual((c3.protocol, c2.protocol), (3, 2))
        await c3.command("HSET", "h", "a", "1", "b", "2")
        await c3.command("ZADD", "z", 1.5, "m")
        self.assertEqual(await c3.command("HGETALL", "h"), {b"a": b"1", b"b": b"2"})
        self.assertEqual(sorted(await c2.command("HGETALL", "h")), [b"1", b"2", b"a", b"b"])
        self.assertEqual(await c3.command("ZSCORE", "z", "m"), 1.5)
        self.assertEqual(await c2.command("ZSCORE", "z", "m"), b"1.5")
        self.assertEqual(await c3.command("SMEMBERS", "nothing"), set())
        self.assertIsNone(await c3.command("GET", "nothing"))
        with self.assertRaises(ValueError):
            await c3.command("HELLO", 2)

    async def test_resp3_push_goes_to_on_push(self):
        pushes = []
        c = await self.client(on_push=pushes.append)
        other = await self.client()
        self.assertEqual(await c.command("CLIENT", "TRACKING", "ON"), "OK")
        await c.command("GET", "tracked")
        await other.command("SET", "tracked", "1")
        for _ in range(100):
            if pushes:
                break
            # replies keep matching their commands while pushes arrive
            self.assertEqual(await c.command("ECHO", "x"), b"x")
            await asyncio.sleep(0.01)
        self.assertEqual(pushes[0][0], b"invalidate")
        self.assertEqual(pushes[0][1], [b"tracked"])

    async def test_timeout_when_server_is_stopped(self):
        c = await self.client()
        await c.command("SET", "k", "v")
        await c.command("SET", "k2", "2")
        self.server.pause()
        try:
            start = time.monotonic()
            with self.assertRaises(RedisTimeoutError):
                await c.command("GET", "k", timeout=0.3)
            elapsed = time.monotonic() - start
            self.assertGreaterEqual(elapsed, 0.25)
            self.assertLess(elapsed, 1.0)
            with self.assertRaises(asyncio.TimeoutError):     # the stdlib type works too
                await c.command("GET", "k", timeout=0.1)
            # a new connection's handshake times out within connect_timeout
            late = RedisClient(self.server.url(), max_in_flight=4)
            late.config = late.config._replace(connect_timeout=0.3)
            start = time.monotonic()
            with self.assertRaises(RedisTimeoutError):
                await late.connect()
            self.assertLess(time.monotonic() - start, 1.0)
            await late.close()
        finally:
            self.server.resume()
        # the late replies to the timed-out GETs are dropped, not handed to us
        self.assertEqual(await c.command("GET", "k2"), b"2")
        self.assertEqual(c.in_flight, 0)

    async def test_connection_loss_mid_flight(self):
        c = await self.client()
        blocked = asyncio.ensure_future(c.command("BLPOP", "nothing", 10, timeout=20))
        queued = [asyncio.ensure_future(c.command("GET", f"k{i}", timeout=20))
                  for i in range(5)]
        await asyncio.sleep(0.1)
        self.assertEqual(c.in_flight, 6)
        killer = RedisSyncClient(self.server.url())
        self.assertGreaterEqual(killer.command("CLIENT", "KILL", "TYPE", "normal"), 1)
        killer.close()
        for fut in [blocked] + queued:
            with self.assertRaises(RedisConnectionError):
                await asyncio.wait_for(fut, 5)
        self.assertFalse(c.connected)
        self.assertEqual(c.in_flight, 0)
        with self.assertRaises(RedisConnectionError):       # fails fast while down
            await c.command("PING")
        await c.reconnect()
        self.assertEqual(await c.command("PING"), "PONG")

    async def test_server_death_mid_flight_and_reconnect_after_restart(self):
        c = await self.client()
        await c.command("SET", "k", "v")
        pending = asyncio.ensure_future(c.command("BLPOP", "nothing", 10, timeout=20))
        await asyncio.sleep(0.1)
        keeper = asyncio.ensure_future(c.maintain())
        self.server.stop()
        with self.assertRaises(RedisConnectionError):
            await asyncio.wait_for(pending, 5)
        self.server.start()
        deadline = time.monotonic() + 15
        while not c.connected:
            self.assertLess(time.monotonic(), deadline, "did not reconnect")
            await asyncio.sleep(0.05)
        self.assertIsNone(await c.command("GET", "k"))       # a fresh, empty server
        self.assertEqual(await c.command("SET", "k", "again"), "OK")
        await c.close()
        await asyncio.wait_for(keeper, 5)                   # maintain() ends with close()

    async def test_connect_refused(self):
        c = RedisClient(f"redis://127.0.0.1:{free_port()}")
        with self.assertRaises(RedisConnectionError):
            await c.connect()
        with self.assertRaises(RedisConnectionError):
            await c.reconnect(max_attempts=2)
        with self.assertRaises(RedisConnectionError):
            await c.command("PING")
        await c.close()

    async def test_pubsub_delivery_and_resubscribe_after_restart(self):
        for proto in (3, 2):
            with self.subTest(protocol=proto):
                sub = RedisSubscriber(self.server.url(protocol=proto))
                runner = asyncio.ensure_future(sub.run())
                pub = await self.client()

                async def publish(channel, data):
                    while True:       # the publisher notices the restart on first use
                        try:
                            return await pub.command("PUBLISH", channel, data)
                        except RedisConnectionError:
                            await pub.reconnect()

                try:
                    await asyncio.wait_for(sub.ready.wait(), 5)
                    await sub.subscribe("news")
                    await sub.psubscribe("ev.*")
                    self.assertEqual(await publish("news", "hello"), 1)
                    self.assertEqual(await publish("ev.x", b"\x00p"), 1)
                    got = [await asyncio.wait_for(sub.__anext__(), 5) for _ in range(2)]
                    self.assertEqual(got, [(b"news", b"hello"), (b"ev.x", b"\x00p")])

                    self.server.restart()
                    deadline = time.monotonic() + 15
                    while await publish("news", "again") < 1:
                        self.assertLess(time.monotonic(), deadline, "no resubscribe")
                        await asyncio.sleep(0.05)
                    self.assertEqual(await asyncio.wait_for(sub.__anext__(), 5),
                                     (b"news", b"again"))
                    while await publish("ev.y", "pattern") < 1:
                        self.assertLess(time.monotonic(), deadline, "no pattern resubscribe")
                        await asyncio.sleep(0.05)
                    self.assertEqual(await asyncio.wait_for(sub.__anext__(), 5),
                                     (b"ev.y", b"pattern"))
                    await sub.unsubscribe("news")
                    await asyncio.sleep(0.1)
                    self.assertEqual(await publish("news", "gone"), 0)
                finally:
                    await sub.close()
                    await asyncio.wait_for(runner, 5)
                    await pub.close()
                self.assertEqual([m async for m in sub], [])

    async def test_pubsub_callback(self):
        received = []
        sub = RedisSubscriber(self.server.url(), on_message=received.append)
        runner = asyncio.ensure_future(sub.run())
        await asyncio.wait_for(sub.ready.wait(), 5)
        await sub.subscribe("a", "b")
        pub = await self.client()
        await pub.command("PUBLISH", "b", "1")
        await pub.command("PUBLISH", "a", "2")
        for _ in range(100):
            if len(received) == 2:
                break
            await asyncio.sleep(0.01)
        self.assertEqual(received, [(b"b", b"1"), (b"a", b"2")])
        await sub.close()
        await asyncio.wait_for(runner, 5)

    async def test_lock_async(self):
        holder_client = await self.client()
        waiter_client = await self.client()
        holder = RedisLock(holder_client, "lock:a", 600)
        self.assertTrue(await holder.acquire())
        waiter = RedisLock(waiter_client, "lock:a", 600)
        self.assertFalse(await waiter.acquire(0.1))
        # the holder "crashes": its connection goes away without releasing
        await holder_client.close()
        start = time.monotonic()
        self.assertTrue(await waiter.acquire(5))
        elapsed = time.monotonic() - start
        self.assertGreaterEqual(elapsed, 0.3)           # blocked until the lease ran out
        self.assertLess(elapsed, 1.5)
        # a stale holder cannot release someone else's lock
        stale = RedisLock(waiter_client, "lock:a", 600)
        stale.token = "not-the-token"
        self.assertFalse(await stale.release())
        self.assertIsNotNone(await waiter_client.command("GET", "lock:a"))
        self.assertTrue(await waiter.extend(5000))
        self.assertGreater(await waiter_client.command("PTTL", "lock:a"), 4000)
        self.assertTrue(await waiter.release())
        self.assertFalse(await waiter.release())
        self.assertIsNone(await waiter_client.command("GET", "lock:a"))
        async with RedisLock(waiter_client, "lock:b", 1000):
            self.assertEqual(await waiter_client.command("EXISTS", "lock:b"), 1)
        self.assertEqual(await waiter_client.command("EXISTS", "lock:b"), 0)


class RedisFakeServerTests(unittest.IsolatedAsyncioTestCase):
    """A scripted server: what an old Redis or a broken peer would send."""

    def setUp(self):
        self.log_lines = _capture_log(self)

    async def serve(self, answer):
        """Start a server that answers each command with answer(args) bytes."""
        self.seen = []

        async def handle(reader, writer):
            buf = b""
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                buf += data
                while True:
                    parsed = parse_reply(buf)
                    if parsed is None:
                        break
                    args, used = parsed
                    buf = buf[used:]
                    self.seen.append(args)
                    out = answer(args)
                    if out is None:
                        writer.close()
                        return
                    writer.write(out)
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        self.addAsyncCleanup(server.wait_closed)
        self.addCleanup(server.close)
        return server.sockets[0].getsockname()[1]

    async def test_resp2_fallback_when_hello_is_unknown(self):
        def answer(args):
            if args[0] == b"HELLO":
                return b"-ERR unknown command 'HELLO'\r\n"
            if args[0] == b"PING":
                return b"+PONG\r\n"
            return b"+OK\r\n"
        port = await self.serve(answer)
        url = f"redis://:pw@127.0.0.1:{port}/3?client_name=web"
        c = RedisClient(url)
        await c.connect()
        self.addAsyncCleanup(c.close)
        self.assertEqual(c.protocol, 2)
        self.assertEqual(await c.command("PING"), "PONG")
        self.assertEqual(self.seen, [
            [b"HELLO", b"3", b"AUTH", b"default", b"pw", b"SETNAME", b"web"],
            [b"AUTH", b"pw"], [b"CLIENT", b"SETNAME", b"web"], [b"SELECT", b"3"],
            [b"PING"]])
        sync = RedisSyncClient(url)
        self.assertEqual(await asyncio.get_running_loop().run_in_executor(
            None, sync.command, "PING"), "PONG")
        self.assertEqual(sync.protocol, 2)
        sync.close()

    async def test_garbage_from_server_fails_waiters_after_delivering_good_replies(self):
        def answer(args):
            if args[0] == b"HELLO":
                return b"%0\r\n"
            if args[1] == b"bad":
                return b"+ok\r\n?garbage\r\n"   # a good reply, then bytes that are not RESP
            return b""                              # never answered
        port = await self.serve(answer)
        c = RedisClient(f"redis://127.0.0.1:{port}")
        await c.connect()
        self.addAsyncCleanup(c.close)
        first = asyncio.ensure_future(c.command("ECHO", "bad"))
        second = asyncio.ensure_future(c.command("ECHO", "never"))
        third = asyncio.ensure_future(c.command("ECHO", "never"))
        self.assertEqual(await asyncio.wait_for(first, 5), "ok")
        for fut in (second, third):
            with self.assertRaises(RedisConnectionError):
                await asyncio.wait_for(fut, 5)
        self.assertFalse(c.connected)
        self.assertTrue(any("unknown reply type byte b'?'" in line for line in self.log_lines),
                        self.log_lines)                  # one clear line in the log

    async def test_server_closing_during_handshake(self):
        port = await self.serve(lambda args: None)
        with self.assertRaises(RedisConnectionError):
            await RedisClient(f"redis://127.0.0.1:{port}").connect()


class RedisAuthTests(_RedisProcMixin, unittest.IsolatedAsyncioTestCase):
    PASSWORD = "p@ss:w/rd%"
    server_args = ("--requirepass", PASSWORD)

    async def test_auth(self):
        from urllib.parse import quote
        good = quote(self.PASSWORD, safe="")
        for proto in (3, 2):
            with self.subTest(protocol=proto):
                c = await self.client(self.server.url(good, protocol=proto))
                self.assertEqual(c.protocol, proto)
                self.assertEqual(await c.command("PING"), "PONG")
                with self.assertRaises(RedisReplyError) as ctx:
                    await RedisClient(self.server.url("wrong", protocol=proto)).connect()
                self.assertEqual(ctx.exception.code, "WRONGPASS")
                nopass = await self.client(self.server.url(protocol=proto))
                with self.assertRaises(RedisReplyError) as ctx:
                    await nopass.command("GET", "k")
                self.assertEqual(ctx.exception.code, "NOAUTH")
        # default user named explicitly, and the thread client
        c = await self.client(f"redis://default:{good}@127.0.0.1:{self.server.port}/2")
        self.assertEqual(await c.command("SET", "in2", "x"), "OK")
        sync = RedisSyncClient(f"redis://:{good}@127.0.0.1:{self.server.port}/2")
        self.assertEqual(sync.get("in2"), b"x")
        sync.close()
        bad = RedisSyncClient(self.server.url("nope"))
        with self.assertRaises(RedisReplyError):
            bad.command("PING")
        # reconnect() gives up at once on a wrong password
        with self.assertRaises(RedisReplyError):
            await RedisClient(self.server.url("nope")).reconnect()


class RedisSyncClientTests(_RedisProcMixin, unittest.TestCase):

    def test_get_set_expire_ttl_and_pipeline(self):
        for proto in (3, 2):
            with self.subTest(protocol=proto):
                c = RedisSyncClient(self.server.url(protocol=proto))
                self.assertTrue(c.set("k", b"\x00v", px=100_000))
                self.assertEqual(c.protocol, proto)
                self.assertEqual(c.get("k"), b"\x00v")
                self.assertFalse(c.set("k", "other", nx=True))
                ttl = c.command("PTTL", "k")
                self.assertTrue(90_000 < ttl <= 100_000)
                self.assertEqual(c.command("EXPIRE", "k", 5), 1)
                self.assertEqual(c.command("TTL", "k"), 5)
                replies = c.pipeline([("SET", "a", 1), ("INCR", "a"), ("LPUSH", "a", "x"),
                                      ("GET", "a")])
                self.assertEqual(replies[:2], ["OK", 2])
                self.assertIsInstance(replies[2], RedisReplyError)
                self.assertEqual(replies[3], b"2")
                c.close()

    def test_threads_share_one_client(self):
        c = RedisSyncClient(self.server.url())
        errors = []

        def work(n):
            try:
                for i in range(50):
                    self.assertEqual(c.command("ECHO", f"{n}:{i}"), f"{n}:{i}".encode())
            except Exception as exc:          # reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(errors, [])
        c.close()

    def test_timeout_reconnect_and_backoff(self):
        c = RedisSyncClient(self.server.url())
        c.set("k", "v")
        self.server.pause()
        try:
            start = time.monotonic()
            with self.assertRaises(RedisTimeoutError):
                c.command("GET", "k", timeout=0.3)
            self.assertLess(time.monotonic() - start, 1.0)
        finally:
            self.server.resume()
        self.assertEqual(c.get("k"), b"v")           # a new socket after the timeout
        self.server.restart()
        # the old socket is dead: the first call may fail, later ones reconnect
        deadline = time.monotonic() + 15
        while True:
            try:
                self.assertIsNone(c.get("k"))
                break
            except RedisConnectionError:
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.05)
        c.close()

    def test_down_server_fails_fast_during_backoff(self):
        c = RedisSyncClient(f"redis://127.0.0.1:{free_port()}")
        with self.assertRaises(RedisConnectionError):
            c.get("k")
        start = time.monotonic()
        with self.assertRaises(RedisConnectionError) as ctx:
            c.get("k")
        self.assertLess(time.monotonic() - start, 0.05)
        self.assertIn("next attempt", str(ctx.exception))

    def test_lock_crashed_holder_and_mutual_exclusion(self):
        holder_client = RedisSyncClient(self.server.url())
        self.addCleanup(holder_client.close)
        holder = RedisLock(holder_client, "lock:s", 500)
        self.assertTrue(holder.acquire())
        holder_client.close()                   # "crash": never released
        waiter_client = RedisSyncClient(self.server.url())
        self.addCleanup(waiter_client.close)
        waiter = RedisLock(waiter_client, "lock:s", 500)
        self.assertFalse(waiter.acquire(0.1))
        start = time.monotonic()
        self.assertTrue(waiter.acquire(5))
        elapsed = time.monotonic() - start
        self.assertGreaterEqual(elapsed, 0.25)
        self.assertLess(elapsed, 1.5)
        self.assertFalse(holder.release())      # its lease ran out: not its lock any more
        self.assertTrue(waiter.release())

        # four threads, each with its own connection, increment under the lock
        def work():
            client = RedisSyncClient(self.server.url())
            for _ in range(15):
                with RedisLock(client, "lock:counter", 2000):
                    n = int(client.get("counter") or 0)
                    time.sleep(0.001)
                    client.set("counter", n + 1)
            client.close()

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        check = RedisSyncClient(self.server.url())
        self.assertEqual(check.get("counter"), b"60")
        check.close()

    def test_signed_payload_through_redis(self):
        secret = b"k" * 32
        c = RedisSyncClient(self.server.url())
        c.set("cache:x", encode_signed_pickle(secret, {"rows": [1, 2, 3]}))
        self.assertEqual(decode_signed_pickle(secret, c.get("cache:x")), {"rows": [1, 2, 3]})
        # someone with access to Redis rewrites the entry
        _RespBoom.ran.clear()
        blob = bytearray(c.get("cache:x"))
        c.set("cache:x", bytes(blob[:33]) + pickle.dumps(_RespBoom()))
        with self.assertRaises(SignatureError):
            decode_signed_pickle(secret, c.get("cache:x"))
        c.set("cache:x", sign_payload(b"attacker-secret-123456", pickle.dumps(_RespBoom())))
        with self.assertRaises(SignatureError):
            decode_signed_pickle(secret, c.get("cache:x"))
        self.assertEqual(_RespBoom.ran, [])
        c.close()


# -- Instances sharing Redis ---------------------------------------------------

REDIS_SECRET = "a-test-secret-of-32-characters!!"

CLUSTER_APP = """
import os
import streamlit_go as st
if "count" not in st.session_state:
    st.session_state.count = 0
if st.button("Add one"):
    st.session_state.count += 1
st.write(f"Count: {st.session_state.count}")
name = st.text_input("Name", key="name")
st.write(f"Name is {name}")
st.write(f"shared: {st.shared_state.get('msg', '-')}")
if st.button("Shout"):
    st.shared_state["msg"] = f"hello from {os.getpid()}"

@st.cache_data
def slow(x):
    return f"computed by {os.getpid()} for {x}"

st.write(slow(7))
st.write(f"served by {os.getpid()}")
st.image(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(range(256)) * 100)   # 25 KB: /media/TOKEN
f = st.file_uploader("File", key="file")
st.write(f"file: {f.name} {f.size} {f.getvalue()[:12]!r}" if f else "file: none")
"""


def redis_key_for(use: str) -> bytes:
    """The signing key the server derives from --secret for one use."""
    import hmac as _hmac
    import hashlib
    return _hmac.new(REDIS_SECRET.encode(), use.encode(), hashlib.sha256).digest()


def stored_session(redis: "RedisProc", sid: str):
    """Return the snapshot Redis holds for a session id, or None."""
    client = RedisSyncClient(redis.url())
    try:
        blob = client.get("streamlit_go:session:" + sid)
    finally:
        client.close()
    if blob is None:
        return None
    data = sg.verify_payload(redis_key_for("session"), blob)
    return _ServerUnpickler(io.BytesIO(data)).load()


class _ServerUnpickler(pickle.Unpickler):
    """Read a server's pickle here: its classes live in its __main__, which is streamlit_go."""

    def find_class(self, module, name):
        return super().find_class("streamlit_go" if module == "__main__" else module, name)


def wait_stored(tc, redis, sid: str, pred, timeout=10.0):
    """Wait until Redis holds a snapshot of the session satisfying pred."""
    deadline = time.monotonic() + timeout
    snap = None
    while time.monotonic() < deadline:
        snap = stored_session(redis, sid)
        if snap is not None and pred(snap):
            return snap
        time.sleep(0.05)
    tc.fail(f"Redis never held the expected state for {sid}: {snap!r}"[:500])


def health(port: int) -> dict:
    status, _, body = get(port, "/health")
    assert status == 200, status
    return json.loads(body)


def cookie_session(headers: dict) -> str:
    """The session id a response's Set-Cookie names (None without one)."""
    m = re.match(rf"{sg.SESSION_COOKIE}=([^;]*);", headers.get("set-cookie", ""))
    return m and m.group(1)


def page_session(body: bytes) -> str:
    """The session id the page shell embeds for its client."""
    m = re.search(rb'<script id="sg-config" type="application/json">(.*?)</script>', body)
    return json.loads(m.group(1))["sessionId"]


def instance(redis, app=CLUSTER_APP, *args) -> AppServer:
    """Start one app instance that shares the given Redis."""
    return AppServer(app, "--quiet", "--redis", redis.url(), "--secret", REDIS_SECRET,
                     *args).start()


def click_until(ws: WSClient, html: str, nth: int, text: str) -> str:
    """Click the nth button of a full page and wait for a message holding text."""
    ws.event(widget_id(html, "button", nth), True, "click")
    ws.recv_until(lambda m: text in m.get("data", {}).get("html", ""))
    return html


def first_message(ws: WSClient) -> dict:
    """Return the first ui_update (its session_id is the session the server chose)."""
    return ws.recv_until(lambda m: m["type"] == "ui_update")[-1]


class RedisClusterTests(unittest.TestCase):
    """Three instances of one app, one Redis: any instance serves any session."""

    @classmethod
    def setUpClass(cls):
        need_redis(cls)
        cls.redis = RedisProc()
        cls.redis.start()
        cls.servers = []
        try:
            for _ in range(3):
                cls.servers.append(instance(cls.redis))
        except Exception:
            cls.tearDownClass()
            raise
        cls.a, cls.b, cls.c = cls.servers

    @classmethod
    def tearDownClass(cls):
        for server in getattr(cls, "servers", []):
            server.stop()
        cls.redis.stop()
        shutil.rmtree(cls.redis.dir, ignore_errors=True)

    def connect(self, server, sid=""):
        ws = WSClient(server.port, sid)
        self.addCleanup(ws.close)
        return ws

    def test_session_continues_on_another_instance(self):
        wa = self.connect(self.a)
        html = first_page(wa)
        sid = wa.session_id
        html = click_until(wa, html, 0, "Count: 1")
        wa.event(widget_id(html, "text_input"), "Ada", "change")
        wa.recv_until(lambda m: "Name is Ada" in m["data"].get("html", ""))
        html = click_until(wa, html, 0, "Count: 2")
        wait_stored(self, self.redis, sid, lambda s: s["session_state"].get("count") == 2
                    and s["session_state"].get("name") == "Ada")
        wa.close()
        wb = self.connect(self.b, sid)
        msg = first_message(wb)
        hb = msg["data"]["html"]
        self.assertEqual(msg["session_id"], sid)
        self.assertIn("Count: 2", hb)
        self.assertIn("Name is Ada", hb)
        self.assertIn(f"served by {self.b.proc.pid}", hb)
        self.assertEqual(wb.session_id, sid)
        click_until(wb, hb, 0, "Count: 3")
        wait_stored(self, self.redis, sid, lambda s: s["session_state"].get("count") == 3)
        wb.close()
        # back on A, which still holds the older copy in memory: Redis's newer one wins
        wa2 = self.connect(self.a, sid)
        self.assertIn("Count: 3", first_page(wa2))

    def test_page_on_another_instance_keeps_the_cookie_session(self):
        wa = self.connect(self.a)
        first_page(wa)
        sid = wa.session_id
        wait_stored(self, self.redis, sid, lambda s: True)
        status, headers, body = get(self.b.port, "/", headers=f"Cookie: sg_session={sid}\r\n"
                                    .replace("sg_session", sg.SESSION_COOKIE))
        self.assertEqual(status, 200)
        self.assertNotIn("set-cookie", headers)
        self.assertIn(sid.encode(), body)

    def test_reload_anywhere_keeps_the_session(self):
        """Page on A, WebSocket on B, reload on C, WebSocket on A: one session throughout."""
        status, headers, body = get(self.a.port, "/")
        self.assertEqual(status, 200)
        sid = cookie_session(headers)
        self.assertEqual(page_session(body), sid)
        # A holds it in memory only (no rerun yet): B must still know it is ours
        self.assertIsNone(stored_session(self.redis, sid))
        wb = self.connect(self.b, sid)
        self.assertNotIn("set-cookie", wb.headers)
        msg = first_message(wb)
        self.assertEqual(msg["session_id"], sid)
        self.assertIn(f"served by {self.b.proc.pid}", msg["data"]["html"])
        html = click_until(wb, msg["data"]["html"], 0, "Count: 1")
        click_until(wb, html, 0, "Count: 2")
        wait_stored(self, self.redis, sid, lambda s: s["session_state"].get("count") == 2)
        wb.close()
        status, headers, body = get(self.c.port, "/", headers=f"Cookie: {sg.SESSION_COOKIE}={sid}\r\n")
        self.assertEqual(status, 200)
        self.assertNotIn("set-cookie", headers)
        self.assertEqual(page_session(body), sid)
        wa = self.connect(self.a, sid)
        self.assertNotIn("set-cookie", wa.headers)
        msgs = wa.recv_until(lambda m: m["type"] == "ui_update")
        self.assertIn("Count: 2", msgs[-1]["data"]["html"])
        self.assertIn(f"served by {self.a.proc.pid}", msgs[-1]["data"]["html"])
        self.assertEqual({m["session_id"] for m in msgs}, {sid})

    def test_a_replaced_session_moves_the_cookie(self):
        """Forged, unknown or expired ids are replaced, in the 101's Set-Cookie too."""
        key = redis_key_for("session-id")
        old = f"session_{int(time.time() * 1000) - 301_000}_{'5' * 32}"   # past the 300 s TTL
        expired = old + hmac.new(key, old.encode(), hashlib.sha256).hexdigest()[:32]
        fresh_head = f"session_{int(time.time() * 1000)}_{'6' * 32}"
        forged = fresh_head + "0" * 32                                     # a wrong tag
        legacy = "session_3_" + "7" * 32                                   # untagged, unknown
        for asked in (forged, expired, legacy, "", "nonsense"):
            with self.subTest(asked=asked):
                ws = self.connect(self.b, asked)
                msg = first_message(ws)
                new = msg["session_id"]
                self.assertNotEqual(new, asked)
                self.assertEqual(cookie_session(ws.headers), new)
                self.assertIn("Count: 0", msg["data"]["html"])
        # the page refuses a tag that does not verify at once, with no Redis lookup
        status, headers, body = get(self.c.port, "/", headers=f"Cookie: {sg.SESSION_COOKIE}={forged}\r\n")
        self.assertEqual(status, 200)
        self.assertNotEqual(cookie_session(headers), forged)
        self.assertEqual(page_session(body), cookie_session(headers))
        # a session id minted by a server with another --secret is forged here
        other = sg.RedisStore(self.redis.url(), "another-secret-of-32-characters!", 300.0)
        alien = other.mint_session_id()
        ws = self.connect(self.a, alien)
        new = first_message(ws)["session_id"]
        self.assertNotEqual(new, alien)
        self.assertEqual(cookie_session(ws.headers), new)

    def test_unknown_session_gets_a_fresh_one(self):
        fake = "session_1_" + "0" * 32
        msg = first_message(self.connect(self.b, fake))
        self.assertNotEqual(msg["session_id"], fake)
        self.assertRegex(msg["session_id"], r"^session_\d+_[0-9a-f]{64}$")   # tagged (appendix D)
        self.assertIn("Count: 0", msg["data"]["html"])

    def test_tampered_blob_is_refused(self):
        sid = "session_2_" + "ab" * 16
        client = RedisSyncClient(self.redis.url())
        _RespBoom.ran.clear()
        evil = pickle.dumps({"session_state": {"count": 99}})
        client.set("streamlit_go:session:" + sid, b"\x01" + bytes(32) + evil)
        client.set("streamlit_go:session:" + sid.replace("ab", "cd"),
                   sg.sign_payload(b"another-secret-0123456789", pickle.dumps(_RespBoom())))
        client.close()
        for forged in (sid, sid.replace("ab", "cd")):
            with self.subTest(forged):
                msg = first_message(self.connect(self.c, forged))
                self.assertNotEqual(msg["session_id"], forged)
                self.assertIn("Count: 0", msg["data"]["html"])
        self.assertEqual(_RespBoom.ran, [])
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and "bad signature" not in self.c.stderr():
            time.sleep(0.05)
        self.assertIn(f"session {sid}: refused its blob in Redis (bad signature)",
                      self.c.stderr())

    def test_shared_state_write_reaches_other_instances(self):
        wa, wc = self.connect(self.a), self.connect(self.c)
        ha = first_page(wa)
        first_page(wc)
        wa.event(widget_id(ha, "button", 1), True, "click")
        want = f"shared: hello from {self.a.proc.pid}"
        # C sends nothing: the write reaches it through Redis pub/sub (the
        # writer itself is not rerun, as without Redis)
        wc.recv_until(lambda m: want in m["data"].get("html", ""))
        # B mirrors it from the same pub/sub message, which it may handle a
        # moment after C did: a new session on B shows it within a bounded wait
        deadline = time.monotonic() + 5
        while want not in first_page(self.connect(self.b)):
            self.assertLess(time.monotonic(), deadline, "B never mirrored the write")
            time.sleep(0.05)
        # and an instance started after the write finds the value in Redis at once
        late = instance(self.redis)
        try:
            self.assertIn(want, first_page(self.connect(late)))
        finally:
            late.stop()

    def test_cache_data_is_shared(self):
        pages = [first_page(self.connect(s)) for s in self.servers]
        computed = {re.search(r"computed by (\d+) for 7", p).group(1) for p in pages}
        self.assertEqual(len(computed), 1, "one instance computes, the others read Redis")

    def test_media_served_by_another_instance(self):
        page = first_page(self.connect(self.a))
        token = re.search(r"/media/([0-9a-f]{32})", page).group(1)
        want = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100
        # B never drew this token; two pipelined requests keep their order
        raw = http(self.b.port, (f"GET /media/{token} HTTP/1.1\r\nHost: x\r\n\r\n"
                                 f"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close"
                                 f"\r\n\r\n").encode())
        (s1, h1, b1), (s2, _, b2) = split_responses(raw)
        self.assertEqual((s1, h1["content-type"], b1), (200, "image/png", want))
        self.assertEqual((s2, b2), (200, b'{"status": "ok"}'))
        self.assertEqual(get(self.c.port, "/media/" + "0" * 32)[0], 404)

    def test_health_is_ok(self):
        for server in self.servers:
            self.assertEqual(health(server.port), {"status": "ok"})

    def test_upload_through_another_instance(self):
        for older_copy_on_b in (False, True):
            with self.subTest(older_copy_on_b=older_copy_on_b):
                self.upload_through_b(older_copy_on_b)

    def upload_through_b(self, older_copy_on_b: bool):
        sid = ""
        if older_copy_on_b:                     # B served the session before A did
            wb = self.connect(self.b)
            first_page(wb)
            sid = wb.session_id
            wait_stored(self, self.redis, sid, lambda s: True)
            wb.close()
        wa = self.connect(self.a, sid)
        html = first_message(wa)["data"]["html"]
        sid = sid or wa.session_id
        wait_stored(self, self.redis, sid, lambda s: s["reruns"] >= 1 + older_copy_on_b)
        data = b"hello from B" + bytes(range(256)) * 40
        # the POST lands on B, which does not hold the session: B keeps the file in Redis
        status, _, body = api_post_upload(self.b.port, sid, "notes.bin", data)
        self.assertEqual(status, 200, body)
        meta = json.loads(body)
        self.assertEqual((meta["name"], meta["size"]), ("notes.bin", len(data)))
        wa.event(widget_id(html, "file_uploader"), {"id": meta["id"]}, "change")
        wa.recv_until(lambda m: f"file: notes.bin {len(data)} b&#x27;hello from B&#x27;"
                      in m["data"].get("html", ""))
        # and the session keeps it: moved to C, its rerun still sees the file
        wait_stored(self, self.redis, sid, lambda s: any(
            u[0] == meta["id"] for u in s["uploads"]))
        wa.close()
        self.assertIn(f"file: notes.bin {len(data)}", first_page(self.connect(self.c, sid)))

    def test_upload_refused(self):
        first_page(self.connect(self.a))
        cases = [
            ("session unknown everywhere", "session_1_" + "f" * 32, 403),
            ("not a session id", "nope", 403),
        ]
        for name, sid, want in cases:
            with self.subTest(name):
                self.assertEqual(api_post_upload(self.b.port, sid, "x.txt", b"x")[0], want)
        # a file id of another session is not found under this one
        wa, wx = self.connect(self.a), self.connect(self.a)
        html = first_page(wa)
        first_page(wx)
        for ws in (wa, wx):
            wait_stored(self, self.redis, ws.session_id, lambda s: True)
        other = json.loads(api_post_upload(self.c.port, wx.session_id, "x.txt", b"x")[2])
        wa.event(widget_id(html, "file_uploader"), {"id": other["id"]}, "change")
        err = wa.recv_until(lambda m: m["type"] == "error")[-1]
        self.assertEqual(err["data"]["code"], "INVALID_MESSAGE")

    def test_upload_budget(self):
        wa = self.connect(self.a)
        first_page(wa)
        sid = wa.session_id
        wait_stored(self, self.redis, sid, lambda s: True)
        chunk = b"z" * (sg.REDIS_SESSION_UPLOADS_MAX // 3 + 1)
        statuses = [api_post_upload(self.b.port, sid, f"{i}.bin", chunk)[0] for i in range(3)]
        self.assertEqual(statuses, [200, 200, 413])
        self.assertEqual(api_post_upload(self.c.port, sid, "small.bin", b"ok")[0], 200)


# The README's round-robin site ("Scaling out"): no stickiness at all.
ROUND_ROBIN_SITE = r"""upstream streamlit_go {
    # max_fails=0: a refused connection passes the request to the next
    # instance but takes none out of rotation, so one restarted is used again
    # at once (with the default, a rolling restart can leave "no live upstreams")
@SERVERS@}

server {
    listen @LISTEN@;

    location = /app {
        return 308 /app/;
    }

    location = /app/ws {
        proxy_pass http://streamlit_go;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout 120s;
        proxy_send_timeout 120s;
    }

    location /app/ {
        proxy_pass http://streamlit_go;
        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
}
"""


class RedisRoundRobinTests(unittest.TestCase):
    """Three instances, one Redis, nginx round-robin: every click on a new WebSocket.

    Each click opens its own WebSocket through nginx, so a session's clicks
    land on different instances; every counter must still end exact, through
    a kill -9 of one instance and a rolling restart of all three. A click
    counts once its rerun completed (Redis holds it): a page that reconnects
    while its rerun is still drawing gets the state from before that rerun.
    """
    SESSIONS = 30
    CLICKS = 3

    def setUp(self):
        binary = require_nginx(self)
        need_redis(self)
        self.redis = RedisProc()
        self.redis.start()
        self.addCleanup(shutil.rmtree, self.redis.dir, True)
        self.addCleanup(self.redis.stop)
        self.live = {}                           # port -> AppServer
        self.addCleanup(lambda: [srv.stop() for srv in self.live.values()])
        for _ in range(3):
            self.start_instance(free_port())
        self.port = free_port()
        servers = "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in self.live)
        site = ROUND_ROBIN_SITE.replace("@LISTEN@", f"127.0.0.1:{self.port}")
        self.nginx = NginxProxy(binary, site.replace("@SERVERS@", servers))
        self.addCleanup(self.nginx.stop)
        self.nginx.start(self.port)

    def start_instance(self, port: int) -> AppServer:
        server = AppServer(CLUSTER_APP, "--quiet", "--redis", self.redis.url(),
                           "--secret", REDIS_SECRET, "--root-path", "/app",
                           "--forwarded-allow-ips", "127.0.0.1", "--port", str(port)).start()
        self.assertEqual(server.port, port)
        self.live[port] = server
        return server

    def step(self, sid: str, count: int) -> tuple:
        """Open a WebSocket through nginx, check the count, click once: (sid, served by)."""
        try:
            ws = WSClient(self.port, path=f"/app/ws?sessionId={sid}")
        except ConnectionError as exc:
            raise AssertionError(f"{exc}; nginx: {self.nginx.log()[-1500:]}") from None
        try:
            msg = first_message(ws)
            ws.session_id = msg["session_id"]
            html = msg["data"]["html"]
            if sid:
                self.assertEqual(msg["session_id"], sid)
            shown = re.search(r"Count: (\d+)", html).group(1)
            self.assertEqual(int(shown), count, f"session {sid} lost a click")
            pid = int(re.search(r"served by (\d+)", html).group(1))
            ws.event(widget_id(html, "button", 0), True, "click")
            ws.recv_until(lambda m: f"Count: {count + 1}<" in m["data"].get("html", ""))
            # the page shows the count while the rerun is still drawing the rest;
            # it is the completed rerun that is written (and survives a move)
            wait_stored(self, self.redis, ws.session_id,
                        lambda s: s["session_state"]["count"] == count + 1)
            return ws.session_id, pid
        finally:
            ws.close()

    def all_sessions(self, func) -> list:
        """Run func(i) for every session at once; return the results in order."""
        with concurrent.futures.ThreadPoolExecutor(self.SESSIONS) as pool:
            return list(pool.map(func, range(self.SESSIONS)))

    def test_round_robin_kill_and_rolling_restart(self):
        sids, served = [""] * self.SESSIONS, [[] for _ in range(self.SESSIONS)]

        def clicks(i):
            for n in range(self.CLICKS):
                sids[i], pid = self.step(sids[i], n)
                served[i].append(pid)

        self.all_sessions(clicks)
        count = self.CLICKS
        pids = {srv.proc.pid for srv in self.live.values()}
        self.assertEqual({p for s in served for p in s}, pids, "round-robin reaches all three")
        moves = sum(a != b for s in served for a, b in zip(s, s[1:]))
        self.assertGreater(moves, self.SESSIONS * (self.CLICKS - 1) // 2,
                           "most clicks land on another instance than the one before")

        # kill -9 one instance: nginx passes its share to the others, nothing is lost
        victim = next(iter(self.live))
        self.live.pop(victim).stop(signal.SIGKILL)

        def one_more_at(n):
            return lambda i: self.step(sids[i], n)[1]

        after_kill = self.all_sessions(one_more_at(count))
        count += 1
        self.assertNotIn(victim, [srv.port for srv in self.live.values()])
        self.assertLessEqual(set(after_kill), {srv.proc.pid for srv in self.live.values()})

        # rolling restart: the dead one comes back, then each is stopped and restarted
        self.start_instance(victim)
        for port in list(self.live):
            rc = self.live.pop(port).stop(signal.SIGTERM)
            self.assertEqual(rc, 0)
            self.all_sessions(one_more_at(count))
            count += 1
            self.start_instance(port)
        self.all_sessions(one_more_at(count))
        count += 1
        for sid in sids:
            wait_stored(self, self.redis, sid, lambda s: s["session_state"]["count"] == count)


class RedisRoundRobinBrowserTests(unittest.TestCase):
    """Chromium through the README's round-robin site: reloads, tabs and history keep it.

    The first page, its WebSocket and every reload land on whichever instance
    nginx picks next, so they rarely meet on one; the count must survive each,
    and the cookie, the page's id and the messages must name one session.
    """

    def setUp(self):
        binary = require_nginx(self)
        need_redis(self)
        require_browser()
        self.redis = RedisProc()
        self.redis.start()
        self.addCleanup(shutil.rmtree, self.redis.dir, True)
        self.addCleanup(self.redis.stop)
        ports = [free_port() for _ in range(3)]
        self.port_of = {}                          # PID -> port
        for port in ports:
            server = AppServer(CLUSTER_APP, "--quiet", "--redis", self.redis.url(),
                               "--secret", REDIS_SECRET, "--root-path", "/app",
                               "--forwarded-allow-ips", "127.0.0.1", "--port", str(port)).start()
            self.addCleanup(server.stop)
            self.port_of[server.proc.pid] = port
        self.port = free_port()
        servers = "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in ports)
        site = ROUND_ROBIN_SITE.replace("@LISTEN@", f"127.0.0.1:{self.port}")
        self.nginx = nginx = NginxProxy(binary, site.replace("@SERVERS@", servers))
        self.addCleanup(nginx.stop)
        nginx.start(self.port)
        self.browser = Browser().start()
        self.addCleanup(self.browser.stop)
        self.url = f"http://127.0.0.1:{self.port}/app/"
        # other users: their requests move the rotation between a page and its WebSocket
        done = threading.Event()
        self.addCleanup(done.set)

        def others(deadline=time.monotonic() + 60):
            while not done.is_set() and time.monotonic() < deadline:
                get(self.port, "/app/health")
                done.wait(random.uniform(0.001, 0.02))
        threading.Thread(target=others, daemon=True).start()

    def shown(self, page, count: int) -> int:
        """Wait for the connected page to show `count`; check the ids agree; return the PID."""
        page.wait_for("window.streamlitGo && window.streamlitGo.state === 'connected' && "
                      f"document.body.innerText.includes('Count: {count}')", 10,
                      what=f"the page to connect and show Count: {count}")
        text = page.text()
        self.assertIn(f"Count: {count}", text)
        in_page = page.eval("window.streamlitGo.sessionId")
        self.assertEqual(page.cookies(self.url)[sg.SESSION_COOKIE], in_page,
                         "the cookie and the page's session id differ")
        for msg in page.ws_messages("recv"):
            self.assertEqual(msg["session_id"], in_page)
        return int(re.search(r"served by (\d+)", text).group(1))

    def click(self, page, count: int) -> int:
        page.click("[data-kind=button] button")
        return self.shown(page, count)

    def page_hosts(self) -> list:
        """The port of the instance that served each page load so far, in order."""
        with open(self.nginx.access_log, encoding="utf-8") as f:
            return [int(m.group(1)) for m in re.finditer(
                r"^GET /app/ 200 127\.0\.0\.1:(\d+)$", f.read(), re.M)]

    def test_reload_tab_and_history_keep_the_session(self):
        # the case that matters most: a new visitor whose first page and first
        # WebSocket land on two instances (nothing of the session is in Redis yet)
        for _ in range(12):
            page = self.browser.new_page()         # a fresh context: no cookie
            self.addCleanup(page.close)
            page.goto(self.url)
            served = [self.shown(page, 0)]         # the instance of each load's WebSocket
            before = len(self.page_hosts()) - 1
            if self.page_hosts()[-1] != self.port_of[served[0]]:
                break
        else:
            self.fail("no first page ever met its WebSocket on another instance")
        sid = page.eval("window.streamlitGo.sessionId")
        count = 0
        for _ in range(4):                         # a reload after each pair of clicks
            for _ in range(2):
                count += 1
                self.click(page, count)
            wait_stored(self, self.redis, sid, lambda s: s["session_state"]["count"] == count)
            page.cmd("Page.reload", ignoreCache=True)
            page.wait_for("document.readyState === 'complete'", 10, what="the reload")
            served.append(self.shown(page, count))
            self.assertEqual(page.eval("window.streamlitGo.sessionId"), sid)
        # a second tab of the same browser (same cookie) shows the same session
        tab = self.browser.new_page(page.context)
        self.addCleanup(tab.close)
        tab.goto(self.url)
        served.append(self.shown(tab, count))
        self.assertEqual(tab.eval("window.streamlitGo.sessionId"), sid)
        # away and back: the history entry comes back with the same state
        page.goto(self.url + "health")
        page.eval("history.back()")
        page.wait_for("location.pathname === '/app/'", 10, what="history.back()")
        served.append(self.shown(page, count))
        self.assertEqual(page.eval("window.streamlitGo.sessionId"), sid)
        # the hops: which instance served each page load, and each page's WebSocket
        pages = self.page_hosts()[before:]
        hops = list(zip(pages, [self.port_of[pid] for pid in served]))
        self.assertEqual(len(pages), len(served), hops)
        self.assertNotEqual(*hops[0])
        self.assertGreater(len(set(pages)), 1, f"every reload on one instance: {hops}")


class RedisFaultTests(unittest.TestCase):
    """An instance killed, Redis restarted: nothing a user did is lost."""

    def setUp(self):
        need_redis(self)
        self.redis = RedisProc()
        self.redis.start()
        self.addCleanup(shutil.rmtree, self.redis.dir, True)
        self.addCleanup(self.redis.stop)

    def start(self, *args) -> AppServer:
        server = instance(self.redis, CLUSTER_APP, *args)
        self.addCleanup(server.stop)
        return server

    def test_kill_9_loses_nothing(self):
        a, b = self.start(), self.start()
        wa = WSClient(a.port)
        html = first_page(wa)
        sid = wa.session_id
        click_until(wa, html, 0, "Count: 1")
        wait_stored(self, self.redis, sid, lambda s: s["session_state"].get("count") == 1)
        a.stop(signal.SIGKILL)
        wa.close()
        wb = WSClient(b.port, sid)
        self.addCleanup(wb.close)
        msg = first_message(wb)
        hb = msg["data"]["html"]
        self.assertEqual(msg["session_id"], sid)
        self.assertIn("Count: 1", hb)
        click_until(wb, hb, 0, "Count: 2")

    def test_redis_restart_mid_run(self):
        a = self.start()
        ws = WSClient(a.port)
        self.addCleanup(ws.close)
        html = click_until(ws, first_page(ws), 0, "Count: 1")
        sid = ws.session_id
        wait_stored(self, self.redis, sid, lambda s: s["session_state"].get("count") == 1)
        self.redis.stop()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and health(a.port)["status"] == "ok":
            time.sleep(0.05)
        h = health(a.port)
        self.assertEqual(h["status"], "degraded")
        self.assertTrue(h["redis"])
        # the page keeps working from memory
        html = click_until(ws, html, 0, "Count: 2")
        click_until(ws, html, 0, "Count: 3")
        self.redis.start()                    # same port, empty: it lost everything
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and health(a.port)["status"] != "ok":
            time.sleep(0.1)
        self.assertEqual(health(a.port), {"status": "ok"})
        wait_stored(self, self.redis, sid, lambda s: s["session_state"].get("count") == 3)
        self.assertIn("is back", a.stderr())

    def test_unpicklable_state_stays_local(self):
        a = self.start()
        server = AppServer("""
            import threading
            import streamlit_go as st
            st.session_state.lock = threading.Lock()
            st.write("has a lock")
        """, "--quiet", "--redis", self.redis.url(), "--secret", REDIS_SECRET).start()
        self.addCleanup(server.stop)
        ws = WSClient(server.port)
        self.addCleanup(ws.close)
        self.assertIn("has a lock", first_page(ws))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and "cannot be pickled" not in server.stderr():
            time.sleep(0.05)
        self.assertEqual(server.stderr().count("cannot be pickled"), 1)
        self.assertIsNone(stored_session(self.redis, ws.session_id))
        del a


class RedisCommandLineTests(unittest.TestCase):
    """--redis needs --secret; an unreachable Redis stops the start with one line."""

    def run_cli(self, *args, env=None):
        with tempfile.TemporaryDirectory() as d:
            script = os.path.join(d, "app.py")
            with open(script, "w") as f:
                f.write("import streamlit_go as st\nst.write('x')\n")
            return subprocess.run([sys.executable, MODULE, script, "--port", "0", *args],
                                  capture_output=True, text=True, timeout=30,
                                  env=dict(os.environ, **(env or {})))

    def test_errors(self):
        port = free_port()
        cases = [
            ("no secret", ["--redis", f"redis://127.0.0.1:{port}"], {},
             "--redis needs --secret"),
            ("short secret", ["--redis", f"redis://127.0.0.1:{port}", "--secret", "short"], {},
             "--secret must be at least 16 bytes"),
            ("bad url", ["--redis", "http://x", "--secret", REDIS_SECRET], {},
             "--redis: Redis URL scheme must be redis, rediss or unix"),
            ("unreachable", ["--redis", f"redis://127.0.0.1:{port}", "--secret", REDIS_SECRET],
             {}, f"cannot use Redis at 127.0.0.1:{port}"),
            ("unreachable via env", [], {"STREAMLIT_GO_REDIS": f"redis://127.0.0.1:{port}",
                                        "STREAMLIT_GO_SECRET": REDIS_SECRET},
             f"cannot use Redis at 127.0.0.1:{port}"),
        ]
        for name, args, env, message in cases:
            with self.subTest(name):
                proc = self.run_cli(*args, env=env)
                self.assertNotEqual(proc.returncode, 0)
                self.assertEqual(proc.stdout, "")
                lines = proc.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, proc.stderr)
                self.assertIn(message, lines[0])


# =============================================================================
# 4j. Testing apps: AppTest (streamlit_go.testing.v1), checked against a real server
# =============================================================================

from streamlit_go.testing.v1 import AppTest, AppTestError  # noqa: E402

AT_PARITY_APP = """
import datetime as dt
import streamlit as st
st.session_state.setdefault("changes", 0)
def changed():
    st.session_state.changes += 1
v = {}
v["cb"] = st.checkbox("Check", key="cb", on_change=changed)
v["tg"] = st.toggle("Toggle", key="tg")
v["ti"] = st.text_input("Name", key="ti")
v["ta"] = st.text_area("Notes", key="ta")
v["ni"] = st.number_input("Count", 0, 10, 5, key="ni")
v["nf"] = st.number_input("Ratio", 0.0, 1.0, 0.5, step=0.25, key="nf")
v["sl"] = st.slider("Level", 0, 10, 3, key="sl")
v["rs"] = st.slider("Range", 0.0, 10.0, (1.0, 9.0), key="rs")
v["ds"] = st.slider("Day", dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 6, 1), key="ds")
v["ss"] = st.select_slider("Size", ["lo", "mid", "hi"], key="ss")
v["sr"] = st.select_slider("Span", [1, 2, 3, 4], value=(1, 2), key="sr")
v["sb"] = st.selectbox("Pick", ["a", "b", "c"], key="sb")
v["sn"] = st.selectbox("Maybe", [10, 20], index=None, key="sn")
v["ra"] = st.radio("Radio", ["x", "y", "z"], key="ra", format_func=str.upper)
v["ms"] = st.multiselect("Many", ["x", "y", "z"], key="ms")
v["pi"] = st.pills("Pills", ["p", "q", "r"], selection_mode="multi", key="pi")
v["sc"] = st.segmented_control("Seg", ["s1", "s2"], key="sc")
v["di"] = st.date_input("Date", dt.date(2024, 3, 1), key="di")
v["dr"] = st.date_input("Dates", (dt.date(2024, 3, 1), dt.date(2024, 3, 5)), key="dr")
v["tm"] = st.time_input("Time", dt.time(9, 0), key="tm")
v["dt"] = st.datetime_input("When", dt.datetime(2024, 5, 6, 7, 8), key="dt")
v["cp"] = st.color_picker("Colour", "#112233", key="cp")
v["fb"] = st.feedback("stars", key="fb")
v["bt"] = st.button("Press", key="bt")
with st.form("f"):
    v["fti"] = st.text_input("In form", key="fti")
    v["fsb"] = st.form_submit_button("Submit", key="fsb")
v["ci"] = st.chat_input("Say", key="ci")
f = st.file_uploader("File", key="fu")
v["fu"] = None if f is None else (f.name, f.type, f.getvalue())
for k, x in v.items():
    st.text(f"{k}={x!r}")
st.text(f"changes={st.session_state.changes}")
""" + _API_RUN_MARKER


def at_outs(at: AppTest) -> dict:
    """What an AppTest run printed with st.text("name=value"), as LivePage.outs reads it."""
    out = {}
    for t in at.text.values:
        k, sep, v = t.partition("=")
        if sep and re.fullmatch(r"[A-Za-z_]\w*", k):
            out[k] = v
    return out


class AppTestParityTests(ServerCase):
    """Each action of AppTest gives the values the same action gives on a real server.

    The server gets what a browser sends (a component_event per widget, by hand
    here); AppTest gets the Python-level action. After every step the two runs
    must have printed the same thing.
    """
    APP = AT_PARITY_APP

    # (key, AppTest action, the value the page sends, the event type)
    STEPS = [
        ("cb", lambda w: w.check(), True, "change"),
        ("tg", lambda w: w.set_value(True), True, "change"),
        ("ti", lambda w: w.input("Ada"), "Ada", "change"),
        ("ta", lambda w: w.input("two\nlines"), "two\nlines", "change"),
        ("ni", lambda w: w.increment(), 6, "change"),
        ("nf", lambda w: w.decrement(), 0.25, "change"),
        ("sl", lambda w: w.set_value(7), 7, "change"),
        ("rs", lambda w: w.set_range(2.5, 8.0), [2.5, 8.0], "change"),
        ("ds", lambda w: w.set_value(__import__("datetime").date(2024, 2, 3)),
         __import__("datetime").date(2024, 2, 3).toordinal(), "change"),
        ("ss", lambda w: w.set_value("hi"), 2, "change"),
        ("sr", lambda w: w.set_range(2, 4), [1, 3], "change"),
        ("sb", lambda w: w.select("c"), 2, "change"),
        ("sn", lambda w: w.select_index(1), 1, "change"),
        ("ra", lambda w: w.set_value("z"), 2, "change"),
        ("ms", lambda w: w.select("z").select("x"), [2, 0], "change"),
        ("ms", lambda w: w.unselect("z"), [0], "change"),
        ("pi", lambda w: w.select("q"), [1], "change"),
        ("sc", lambda w: w.set_value("s2"), 1, "change"),
        ("di", lambda w: w.set_value(__import__("datetime").date(2024, 4, 9)), "2024-04-09",
         "change"),
        ("dr", lambda w: w.set_value((__import__("datetime").date(2024, 3, 2),
                                      __import__("datetime").date(2024, 3, 4))),
         ["2024-03-02", "2024-03-04"], "change"),
        ("tm", lambda w: w.increment(), "09:15:00", "change"),
        ("dt", lambda w: w.set_value(__import__("datetime").datetime(2025, 1, 2, 3, 4)),
         "2025-01-02T03:04:00", "change"),
        ("cp", lambda w: w.pick("#00ff00"), "#00ff00", "change"),
        ("fb", lambda w: w.set_value(3), 3, "change"),
        ("bt", lambda w: w.click(), True, "click"),
        ("ci", lambda w: w.set_value("hello"), "hello", "submit"),
        ("cb", lambda w: w.uncheck(), False, "change"),
    ]

    def test_every_action_gives_the_server_values(self):
        page = api_connect(self)
        at = AppTest.from_string(AT_PARITY_APP).run()
        self.assertEqual(at_outs(at), page.outs())
        for key, act, wire, etype in self.STEPS:
            with self.subTest(key=key, wire=wire):
                act(at.get_by_key(key))
                at.run()
                page.act("key-" + key, wire, etype)
                self.assertEqual(at_outs(at), page.outs())
        self.assertEqual(at_outs(at)["changes"], "2")      # the checkbox's on_change, twice
        self.assertEqual(at_outs(at)["bt"], "False")       # the click was one rerun only

    def test_a_form_sends_its_values_with_the_submit(self):
        page = api_connect(self)
        at = AppTest.from_string(AT_PARITY_APP).run()
        at.text_input(key="fti").input("typed")
        at.run()                                           # not submitted: nothing yet
        page.ws.event("key-fti", "typed")
        self.assertEqual(page.quiet(0.3), [], "a form widget's change must not rerun")
        self.assertEqual(at_outs(at)["fti"], "''")
        self.assertEqual(page.out("fti"), "''")
        at.button(key="fsb").click().run()
        page.act("key-fsb", None, "submit")
        runs = lambda d: {k: v for k, v in d.items() if k != "run"}   # AppTest ran once more
        self.assertEqual(runs(at_outs(at)), runs(page.outs()))
        self.assertEqual(at_outs(at)["fti"], "'typed'")
        self.assertEqual(at_outs(at)["fsb"], "True")

    def test_an_upload_reads_the_same_bytes(self):
        page = api_connect(self)
        at = AppTest.from_string(AT_PARITY_APP).run()
        at.file_uploader(key="fu").upload("a.csv", b"x,y\n1,2\n", "text/csv").run()
        _s, _h, body = api_post_upload(self.port, page.ws.session_id, "a.csv", b"x,y\n1,2\n",
                                       "text/csv")
        page.act("key-fu", [{"id": json.loads(body)["id"]}])
        self.assertEqual(at_outs(at)["fu"], "('a.csv', 'text/csv', b'x,y\\n1,2\\n')")
        self.assertEqual(at_outs(at), page.outs())


AT_ELEMENTS_APP = """
import streamlit as st
st.title("Title")
st.header("Header")
st.subheader("Sub")
st.markdown("**bold**")
st.caption("a caption")
st.code("x = 1")
st.latex("e^{i\\\\pi}")
st.json({"a": 1})
st.metric("Speed", 42, -3)
st.success("yes"); st.info("fyi"); st.warning("careful"); st.error("no")
st.divider()
st.toast("toasted")
st.progress(40, "loading")
st.table({"n": [1, 2]})
st.dataframe({"n": [3, 4]})
left, right = st.columns([2, 1])
left.button("In left", key="lb")
right.checkbox("In right")
a, b = st.tabs(["Tab A", "Tab B"])
with b:
    st.text_input("In tab B", key="tb")
with st.expander("More"):
    st.markdown("hidden")
with st.container(key="box"):
    st.text("boxed")
with st.chat_message("assistant"):
    st.markdown("hi there")
with st.status("Working"):
    st.text("step 1")
st.sidebar.selectbox("Side", ["s", "t"], key="side")
st.link_button("Docs", "https://example.com/docs")
st.button("Off", key="off", disabled=True)
if st.session_state.get("boom"):
    raise ValueError("kaboom")
"""


class AppTestElementTests(unittest.TestCase):
    """Every accessor finds what the script drew, with Streamlit's names and values."""

    @classmethod
    def setUpClass(cls):
        cls.at = AppTest.from_string(AT_ELEMENTS_APP).run()

    def test_text_elements(self):
        at = self.at
        self.assertEqual(at.title[0].value, "Title")
        self.assertEqual(at.header.values, ["Header"])
        self.assertEqual(at.subheader[0].value, "Sub")
        self.assertEqual(at.markdown.values, ["**bold**", "hidden", "hi there"])
        self.assertEqual(at.caption[0].value, "a caption")
        self.assertEqual(at.code[0].value, "x = 1")
        self.assertEqual(at.latex[0].value, "e^{i\\pi}")
        self.assertEqual(json.loads(at.json[0].value), {"a": 1})
        self.assertEqual(at.text.values, ["boxed", "step 1"])
        self.assertEqual((at.metric[0].label, at.metric[0].value, at.metric[0].delta),
                         ("Speed", "42", "-3"))
        self.assertEqual([e.value for e in (at.success[0], at.info[0], at.warning[0],
                                            at.error[0])], ["yes", "fyi", "careful", "no"])
        self.assertEqual(len(at.divider), 1)
        self.assertEqual(at.toast[0].value, "toasted")
        self.assertEqual((at.progress[0].value, at.progress[0].text), (40, "loading"))
        self.assertEqual(at.link_button[0].value, "https://example.com/docs")
        pd = sys.modules.get("pandas")       # loaded by an earlier test, or not at all
        for element, data in ((at.table[0], {"n": [1, 2]}), (at.dataframe[0], {"n": [3, 4]})):
            if pd is None:                   # the app's own data, as it gave it
                self.assertEqual(element.value, data)
            else:                            # a DataFrame once pandas is loaded, as Streamlit
                self.assertIsInstance(element.value, pd.DataFrame)
                self.assertEqual(element.value.to_dict("list"), data)
        self.assertEqual(at.exception.len, 0)

    def test_blocks_and_keys(self):
        at = self.at
        self.assertEqual(len(at.columns), 2)
        self.assertEqual(at.columns[0].weight, 2)
        self.assertEqual(at.columns[0].button[0].key, "lb")
        self.assertEqual(at.columns[1].checkbox[0].label, "In right")
        self.assertEqual([t.label for t in at.tabs], ["Tab A", "Tab B"])
        self.assertEqual(len(at.tabs[0]), 0)
        self.assertEqual(at.tabs[1].text_input[0].key, "tb")
        self.assertEqual(at.expander[0].label, "More")
        self.assertEqual(at.expander[0].markdown[0].value, "hidden")
        self.assertEqual(at.chat_message[0].name, "assistant")
        self.assertEqual(at.status[0].label, "Working")
        self.assertEqual(at.sidebar.selectbox[0].options, ["s", "t"])
        self.assertEqual(at.selectbox(key="side").value, "s")   # sidebar widgets are at.*
        self.assertEqual(at.main.selectbox.len, 0)
        self.assertEqual(at.text_input(key="tb").label, "In tab B")
        self.assertEqual(at.get_by_key("lb").label, "In left")
        self.assertEqual(at.get("checkbox")[0].label, "In right")
        self.assertEqual(at.get("tabs").len, 2)
        self.assertIs(type(at.main[0]).__name__, "Element")
        with self.assertRaises(KeyError):
            at.button(key="nope")
        with self.assertRaises(KeyError):
            at.get_by_key("nope")
        self.assertIn("label='In left'", repr(at.button[0]))
        self.assertNotIn("proto", repr(at.button[0]))

    def test_unsupported_actions_are_clear_errors(self):
        at = AppTest.from_string(AT_ELEMENTS_APP).run()
        with self.assertRaisesRegex(AppTestError, r"click\(\) is not supported for markdown"):
            at.markdown[0].click()
        with self.assertRaisesRegex(AppTestError, "disabled button"):
            at.button(key="off").click()
        with self.assertRaisesRegex(AppTestError, r"'u' is not one of the options"):
            at.selectbox(key="side").select("u")
        with self.assertRaisesRegex(AppTestError, "run"):
            AppTest.from_string(AT_ELEMENTS_APP).button
        with self.assertRaisesRegex(AppTestError, "does not take"):
            at.context = {"nonsense": 1}
            at.run()

    def test_an_exception_is_an_element_and_the_app_goes_on(self):
        at = AppTest.from_string(AT_ELEMENTS_APP).run()
        at.session_state["boom"] = True
        at.run()
        self.assertEqual(at.exception[0].value, "ValueError: kaboom")
        self.assertTrue(any("kaboom" in line for line in at.exception[0].stack_trace))
        at.session_state["boom"] = False
        self.assertEqual(at.run().exception.len, 0)


class AppTestElementServerTests(ServerCase):
    """What AppTest finds is what the server's page shows: the same elements, ids, kinds
    and texts, in the same order."""
    APP = AT_ELEMENTS_APP

    def test_every_element_is_on_the_served_page(self):
        ws = self.connect()
        html = first_page(ws)
        at = AppTest.from_string(AT_ELEMENTS_APP).run()
        for e in at:
            if e.type in ("main", "sidebar"):
                continue
            with self.subTest(id=e.id, type=e.type):
                self.assertIn(f'id="{e.id}" data-kind="{e.type}"', html)
                if e.type in ("title", "header", "subheader", "text", "code", "caption",
                              "success", "info", "warning", "error", "toast"):
                    self.assertIn(e.value, api_text(api_element(html, e.id)))
                if isinstance(e, sg.Widget) and e.label is not None:
                    self.assertIn(e.label, api_text(api_element(html, e.id)))
        where = [html.index(f'id="{e.id}"') for e in at.main]
        self.assertGreater(len(where), 30)
        self.assertEqual(where, sorted(where), "AppTest's order is the page's")
        self.assertEqual(len(api_ids(html, "markdown")), len(at.markdown))
        self.assertEqual(len(api_ids(html, "button")), len(at.button))


class AppTestRuntimeTests(unittest.TestCase):
    """Callbacks, st.stop, st.rerun, state, query params, secrets, caching, fragments,
    pages and timeouts behave as on the server."""

    def test_session_state_callbacks_stop_and_rerun(self):
        at = AppTest.from_string("""
            import streamlit as st
            st.session_state.setdefault("n", 0)
            def bump(by):
                st.session_state.n += by
            st.button("Add", key="add", on_click=bump, args=(2,))
            if st.session_state.n >= 4 and not st.session_state.get("again"):
                st.session_state.again = True
                st.rerun()
            st.text(f"n={st.session_state.n}")
            if st.session_state.n >= 6:
                st.stop()
            st.text("after")
        """).run()
        self.assertEqual(at.session_state.n, 0)
        at.button(key="add").click().run()
        self.assertEqual(at.text.values, ["n=2", "after"])
        at.button(key="add").click().run()                  # st.rerun ran the script twice
        self.assertTrue(at.session_state["again"])
        self.assertEqual(at.text.values, ["n=4", "after"])
        at.session_state.n = 6                              # set by the test, read by the app
        self.assertEqual(at.run().text.values, ["n=6"])     # st.stop
        self.assertEqual(at.session_state.to_dict()["n"], 6)

    def test_query_params_and_secrets(self):
        at = AppTest.from_string("""
            import streamlit as st
            st.text(f"q={st.query_params.get('q')} key={st.secrets['api']['key']}")
            st.query_params["seen"] = "yes"
        """)
        at.query_params["q"] = "cats"
        at.secrets["api"] = {"key": "s3cret"}
        at.run()
        self.assertEqual(at.text[0].value, "q=cats key=s3cret")
        self.assertEqual(at.query_params, {"q": "cats", "seen": "yes"})

    def test_context(self):
        at = AppTest.from_string("""
            import streamlit as st
            st.text(f"{st.context.locale} {st.context.theme.type} {st.context.url} "
                    f"{st.context.headers.get('x-team')} {st.context.cookies.get('c')}")
        """)
        at.context = {"locale": "de-DE", "theme": "dark", "url": "https://example.com/",
                      "headers": {"X-Team": "blue"}, "cookies": {"c": "1"}}
        self.assertEqual(at.run().text[0].value, "de-DE dark https://example.com/ blue 1")
        at.context = {"theme": "purple"}
        with self.assertRaisesRegex(AppTestError, "'light' or 'dark'"):
            at.run()

    def test_cache_data_is_kept_across_runs(self):
        at = AppTest.from_string("""
            import streamlit as st
            calls = st.session_state.setdefault("calls", [])
            @st.cache_data
            def square(x):
                calls.append(x)
                return x * x
            st.text(f"{square(7)} {len(calls)}")
        """)
        self.assertEqual(at.run().text[0].value, "49 1")
        self.assertEqual(at.run().text[0].value, "49 1")

    def test_a_fragment_reruns_alone(self):
        at = AppTest.from_string("""
            import streamlit as st
            st.session_state.setdefault("full", 0)
            st.session_state.full += 1
            @st.fragment
            def part():
                st.session_state.setdefault("part", 0)
                st.session_state.part += 1
                st.button("Inner", key="inner")
                st.text(f"part={st.session_state.part}")
            part()
            st.text(f"full={st.session_state.full}")
        """).run()
        at.button(key="inner").click().run()
        self.assertEqual((at.session_state.full, at.session_state.part), (1, 2))
        self.assertEqual(at.text.values, ["part=2", "full=1"])

    def test_from_function_with_arguments(self):
        def app(greeting, name="?"):
            import streamlit as st
            who = st.text_input("Who", name)
            st.markdown(f"{greeting}, {who}!")

        at = AppTest.from_function(app, args=("Hello",), kwargs={"name": "Ada"}).run()
        self.assertEqual(at.markdown[0].value, "Hello, Ada!")
        at.text_input[0].input("Grace").run()
        self.assertEqual(at.markdown[0].value, "Hello, Grace!")

    def test_from_file_and_switch_page(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        os.makedirs(os.path.join(d, "pages"))
        with open(os.path.join(d, "home.py"), "w") as f:
            f.write("import streamlit as st\nst.title('Home')\n"
                    "st.session_state['visited'] = True\n")
        with open(os.path.join(d, "pages", "2_Settings.py"), "w") as f:
            f.write("import streamlit as st\nst.title('Settings')\n"
                    "st.text(f\"visited={st.session_state.get('visited')}\")\n")
        at = AppTest.from_file(os.path.join(d, "home.py")).run()
        self.assertEqual(at.title[0].value, "Home")
        at.switch_page("pages/2_Settings.py").run()
        self.assertEqual(at.title[0].value, "Settings")
        self.assertEqual(at.text[0].value, "visited=True")
        with self.assertRaises(ValueError):
            at.switch_page("pages/missing.py")
        with self.assertRaises(FileNotFoundError):
            AppTest.from_file("no_such_app.py")

    def test_a_run_past_its_timeout_raises(self):
        at = AppTest.from_string("""
            import time
            import streamlit as st
            slot = st.empty()
            for i in range(200):
                slot.text(f"tick {i}")
                time.sleep(0.02)
        """, default_timeout=0.3)
        t0 = time.monotonic()
        with self.assertRaisesRegex(RuntimeError, r"timed out after 0.3\(s\)"):
            at.run()
        self.assertLess(time.monotonic() - t0, 2.0)       # stopped, not run to its end
        self.assertEqual(signal.getsignal(signal.SIGALRM), signal.SIG_DFL)
        self.assertEqual(at.run(timeout=10).text[0].value, "tick 199")


# A test file written for Streamlit (pytest style, as in Streamlit's "App testing"
# docs), with the one import changed; run by a ten-line runner in a fresh process.
AT_USER_APP = """
import streamlit as st

st.title("Tip calculator")
bill = st.number_input("Bill", min_value=0.0, value=50.0, step=1.0)
pct = st.select_slider("Tip", options=[10, 15, 20], value=15)
split = st.slider("People", 1, 10, 1)
if st.button("Calculate"):
    each = bill * (1 + pct / 100) / split
    st.session_state.history = st.session_state.get("history", []) + [each]
    st.success(f"Each pays {each:.2f}")
if st.session_state.get("history"):
    st.metric("Calculations", len(st.session_state.history))
with st.sidebar:
    if st.checkbox("Show history"):
        for h in st.session_state.get("history", []):
            st.write(f"{h:.2f}")
"""

AT_USER_TESTS = """
from streamlit_go.testing.v1 import AppTest


def test_first_load():
    at = AppTest.from_file("tip_app.py").run()
    assert not at.exception
    assert at.title[0].value == "Tip calculator"
    assert at.number_input[0].value == 50.0
    assert len(at.success) == 0


def test_calculate():
    at = AppTest.from_file("tip_app.py").run()
    at.number_input[0].set_value(100.0)
    at.select_slider[0].set_value(20)
    at.slider[0].set_value(4)
    at.button[0].click().run()
    assert at.success[0].value == "Each pays 30.00"
    assert at.metric[0].value == "1"


def test_history_in_sidebar():
    at = AppTest.from_file("tip_app.py", default_timeout=5).run()
    at.button[0].click().run()
    at.number_input[0].increment()
    at.button[0].click().run()
    at.sidebar.checkbox[0].check().run()
    assert [m.value for m in at.sidebar.markdown] == ["57.50", "58.65"]
    assert [round(h, 2) for h in at.session_state.history] == [57.5, 58.65]
"""

AT_RUNNER = """
import runpy, sys, traceback
tests = runpy.run_path(sys.argv[1])
failed = 0
for name, fn in tests.items():
    if name.startswith("test_") and callable(fn):
        try:
            fn(); print("ok", name)
        except Exception:
            failed += 1; print("FAIL", name); traceback.print_exc()
sys.exit(1 if failed else 0)
"""


class AppTestUserFileTests(unittest.TestCase):
    def test_the_readme_example(self):
        with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        code = readme[readme.index("## Testing your app"):].split("```python\n")[1]
        code = code.split("```")[0]
        app = re.search(r"Write an ordinary script::\n\n(.*?)\n\n", sg.__doc__, re.S).group(1)
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        with open(os.path.join(d, "app.py"), "w") as f:
            f.write(textwrap.dedent(app) + "\n")
        ns = {"__file__": os.path.join(d, "test_app.py")}
        exec(compile(code, ns["__file__"], "exec"), ns)
        ns["test_greeting"]()

    def test_a_streamlit_test_file_runs_with_only_the_import_changed(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        for name, text in (("tip_app.py", AT_USER_APP), ("test_tip.py", AT_USER_TESTS),
                           ("runner.py", AT_RUNNER)):
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        env = dict(os.environ, PYTHONPATH=HERE)
        r = subprocess.run([sys.executable, "runner.py", "test_tip.py"], cwd=d, env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout.split(), ["ok", "test_first_load", "ok", "test_calculate",
                                            "ok", "test_history_in_sidebar"])


# =============================================================================
# 5. Hostile input: HTTP, frames, JSON, widget values; seeded fuzzing
# =============================================================================

HTTP_ERROR_STATUSES = {400, 408, 413, 414, 431, 501, 505}
WS_ERROR_CODES = {1002, 1007, 1009}
PROTOCOL_CODES = {"INVALID_MESSAGE", "UNKNOWN_TYPE", "SESSION_MISMATCH",
                  "COMPONENT_NOT_FOUND", "SCRIPT_ERROR"}
SERVER_TYPES = {"pong", "ui_update", "partial_update", "error"}


# =============================================================================
# Shared helpers
# =============================================================================


def strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity (standard JSON only)."""
    def refuse(name):
        raise ValueError(f"server sent non-standard JSON constant {name}")
    return json.loads(text, parse_constant=refuse)


def check_envelope(tc: unittest.TestCase, msg) -> None:
    """Every server message is {"type", "session_id", "data"?, "timestamp"} (PROTOCOL §3)."""
    tc.assertIsInstance(msg, dict)
    tc.assertIn(msg.get("type"), SERVER_TYPES, msg)
    tc.assertIsInstance(msg.get("session_id"), str, msg)
    ts = msg.get("timestamp")
    tc.assertTrue(isinstance(ts, int) and not isinstance(ts, bool), msg)
    if msg["type"] == "error":
        tc.assertIsInstance(msg["data"]["message"], str)
        tc.assertIn(msg["data"]["code"], PROTOCOL_CODES)
    elif msg["type"] == "ui_update":
        tc.assertIsInstance(msg["data"]["html"], str)
    elif msg["type"] == "partial_update":
        tc.assertIsInstance(msg["data"]["componentId"], str)
        tc.assertIsInstance(msg["data"]["html"], str)


class StrictWS(WSClient):
    """WSClient whose recv() parses every text message strictly and records it."""

    def __init__(self, port, session_id="", **kw):
        super().__init__(port, session_id, **kw)
        self.received = []     # every JSON message, strictly parsed
        self.raw_texts = []    # the texts as sent by the server
        self.pongs = []        # payloads of pong frames

    def recv(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            ev = self.recv_event(max(0.0, deadline - time.monotonic()))
            if ev is None or ev[0] == "eof":
                return None
            kind = ev[0]
            if kind == "ping":
                self.send_frame(sg.Opcode.PONG, ev[1])
                continue
            if kind == "pong":
                self.pongs.append(ev[1])
                continue
            if kind == "close":
                self.closed = ev
                return None
            if kind == "binary":
                raise AssertionError(f"server sent a binary message: {ev[1][:60]!r}")
            self.raw_texts.append(ev[1])
            msg = strict_json(ev[1])
            self.received.append(msg)
            if not self.session_id:
                self.session_id = msg["session_id"]
            return msg

    def ping_roundtrip(self, timeout=5.0) -> list:
        """Send a JSON ping; return the messages up to and including the pong.

        Messages are handled in order, so everything the server answers
        synchronously to earlier messages arrives before this pong.
        """
        self.send("ping")
        return self.recv_until(lambda m: m["type"] == "pong", timeout)


def wait_for_close(ws: WSClient, timeout=5.0):
    """Read until a close frame or EOF; return (event, seconds waited)."""
    t0 = time.monotonic()
    while True:
        left = timeout - (time.monotonic() - t0)
        if left <= 0:
            return None, time.monotonic() - t0
        ev = ws.recv_event(left)
        if ev is None or ev[0] in ("close", "eof"):
            return ev, time.monotonic() - t0
        if ev[0] == "text":
            strict_json(ev[1])          # still standard JSON


def recv_until_closed(sock: socket.socket, timeout=5.0) -> bytes:
    """Read what the server sends until it closes (bounded)."""
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except (ConnectionResetError, BrokenPipeError):
            break
        if not chunk:
            break
        out += chunk
    return out


class HostileCase(unittest.TestCase):
    """One server process per class; helpers to prove the server stays healthy."""
    APP = COUNTER_APP
    ARGS = ()
    FILES = None

    @classmethod
    def setUpClass(cls):
        cls.server = AppServer(cls.APP, "--quiet", *cls.ARGS, files=cls.FILES)
        cls.prepare(cls.server)
        cls.server.start()
        cls.port = cls.server.port

    @classmethod
    def prepare(cls, server):
        """Hook: adjust the app folder before the server starts."""

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self._log_mark = len(self.server.stderr())

    def connect(self, session_id="", **kw) -> StrictWS:
        ws = StrictWS(self.port, session_id, **kw)
        self.addCleanup(ws.close)
        return ws

    def new_log(self) -> str:
        return self.server.stderr()[self._log_mark:]

    def assert_healthy(self, bad_clients: int = 1, max_latency: float = 2.0):
        """Another client gets /health at once; no traceback; <= 1 log line per bad client."""
        self.assertIsNone(self.server.proc.poll(), "server process died")
        t0 = time.monotonic()
        status, headers, body = get(self.port, "/health")
        took = time.monotonic() - t0
        self.assertEqual(status, 200, "server stopped answering /health")
        self.assertEqual(json.loads(body), {"status": "ok"})
        self.assertLess(took, max_latency)
        log = self.new_log()
        self.assertNotIn("Traceback", log, log[-3000:])
        lines = [l for l in log.splitlines() if l.strip()]
        self.assertLessEqual(len(lines), bad_clients, log[-3000:])


# =============================================================================
# A. Hostile HTTP
# =============================================================================

H = b"Host: a\r\n"
SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"


class HostileHTTPTests(HostileCase):
    MALFORMED = [
        # request lines
        (b"GARBAGE\r\n\r\n", 400),
        (b"\r\n\r\n", 400),
        (b"GET\r\n\r\n", 400),
        (b"GET /health\r\n\r\n", 400),                         # HTTP/0.9 simple request
        (b"GET /health HTTP/1.1 extra\r\n" + H + b"\r\n", 400),
        (b"GET  /health HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /health  HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b" GET /health HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET\t/health\tHTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /health HTTP/1.1 \r\n" + H + b"\r\n", 400),
        (b"G@T /health HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /health http/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /health HTTP/1\r\n" + H + b"\r\n", 400),
        (b"GET /health HTTP/1.1.1\r\n" + H + b"\r\n", 400),
        (b"GET /health HTTP/11.1\r\n" + H + b"\r\n", 400),
        (b"GET /health HTTPS/1.1\r\n" + H + b"\r\n", 400),
        (b"GET health HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /health#frag HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /he\x00alth HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /h\xc3\xa9alth HTTP/1.1\r\n" + H + b"\r\n", 400),
        (b"GET /he\x7falth HTTP/1.1\r\n" + H + b"\r\n", 400),
        # versions
        (b"GET /health HTTP/0.9\r\n" + H + b"\r\n", 505),
        (b"GET /health HTTP/2.0\r\n" + H + b"\r\n", 505),
        (b"GET /health HTTP/3.0\r\n" + H + b"\r\n", 505),
        (b"GET /health HTTP/9.9\r\n" + H + b"\r\n", 505),
        # unknown methods (case-sensitive: "get" is not GET)
        (b"BREW /health HTTP/1.1\r\n" + H + b"\r\n", 501),
        (b"PROPFIND /health HTTP/1.1\r\n" + H + b"\r\n", 501),
        (b"get /health HTTP/1.1\r\n" + H + b"\r\n", 501),
        (b"X" * 200 + b" /health HTTP/1.1\r\n" + H + b"\r\n", 501),
        # header syntax
        (b"GET /health HTTP/1.1\r\nHost : a\r\n\r\n", 400),       # SP before colon
        (b"GET /health HTTP/1.1\r\nHost\t: a\r\n\r\n", 400),      # HTAB before colon
        (b"GET /health HTTP/1.1\r\n" + H + b"X-A: b\r\n folded\r\n\r\n", 400),   # obs-fold
        (b"GET /health HTTP/1.1\r\n" + H + b"X-A: b\r\n\tfolded\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\r\n Host: a\r\n\r\n", 400),       # leading SP
        (b"GET /health HTTP/1.1\nHost: a\n\n", 400),               # bare LF
        (b"GET /health HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\n" + H + b"\r\n", 400),
        (b"GET /health HTTP/1.1\r\nHost: a\rX-A: b\r\n\r\n", 400),  # bare CR
        (b"GET /health HTTP/1.1\r\n" + H + b"X-A: a\x00b\r\n\r\n", 400),   # NUL in value
        (b"GET /health HTTP/1.1\r\n" + H + b"X-A: a\rb\r\n\r\n", 400),     # CR in value
        (b"GET /health HTTP/1.1\r\n" + H + b"X-A: a\x0bb\r\n\r\n", 400),   # VT in value
        (b"GET /health HTTP/1.1\r\n" + H + b"X-A: a\x7fb\r\n\r\n", 400),   # DEL in value
        (b"GET /health HTTP/1.1\r\n" + H + b"X-\x00A: b\r\n\r\n", 400),    # NUL in name
        (b"GET /health HTTP/1.1\r\n" + H + b"X A: b\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\r\n" + H + b": novalue-name\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\r\n" + H + b"NoColon\r\n\r\n", 400),
        # Host
        (b"GET /health HTTP/1.1\r\n\r\n", 400),                    # missing on 1.1
        (b"GET /health HTTP/1.1\r\nX-A: b\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\r\nHost: a\r\nhOST: a\r\n\r\n", 400),
        # limits
        (b"GET /health?" + b"a" * 9000 + b" HTTP/1.1\r\n" + H + b"\r\n", 414),
        (b"GET /" + b"a" * 20000, 414),                            # line never ends
        (b"GET /health HTTP/1.1\r\n" + H + b"X-A: " + b"y" * 17000 + b"\r\n\r\n", 431),
        (b"GET /health HTTP/1.1\r\n" + H
         + b"".join(b"X-%d: %s\r\n" % (i, b"y" * 300) for i in range(60)) + b"\r\n", 431),
        (b"GET /health HTTP/1.1\r\n" + H + b"X: y\r\n" * 100 + b"\r\n", 431),
        (b"GET /health HTTP/1.1\r\n" + H + b"X: y\r\n" * 5000, 431),   # head never ends
    ]

    def test_malformed_requests(self):
        """A.1 every malformed request gets its status + Connection: close, nothing more."""
        for raw, status in self.MALFORMED:
            with self.subTest(raw=raw[:70], status=status):
                got = http(self.port, raw + SMUGGLED if raw.endswith(b"\r\n\r\n") else raw)
                responses = split_responses(got)
                self.assertEqual(len(responses), 1, got[:300])
                self.assertEqual(responses[0][0], status, got[:300])
                self.assertEqual(responses[0][1].get("connection"), "close")
                self.assertNotIn(b"/smuggled", got)
        self.assert_healthy(bad_clients=len(self.MALFORMED))

    def test_legal_edge_cases_still_answered(self):
        """A.2 what RFC 9112 allows is not refused: obs-text, HTTP/1.0 without Host, 1.x minor."""
        C = b"Connection: close\r\n"
        cases = [
            b"GET /health HTTP/1.1\r\nHost: a\r\nX-A: caf\xe9 \x80\xff\r\n" + C + b"\r\n",  # obs-text
            b"GET /health HTTP/1.0\r\n\r\n",                                         # no Host
            b"GET /health HTTP/1.1\r\nHost: a\r\nX-A:\tb\t\r\nX-E:\r\n" + C + b"\r\n",  # OWS, empty
            b"GET /health HTTP/1.1\r\n" + H + C + b"X: y\r\n" * 98 + b"\r\n",      # 100 fields
            b"GET /health HTTP/1.2\r\n" + H + C + b"\r\n",                           # minor > 1
            b"GET /health?" + b"a" * (8192 - 21) + b" HTTP/1.1\r\n" + H + C + b"\r\n",  # line 8192
        ]
        self.assertEqual(len(cases[-1].split(b"\r\n")[0]), 8192)
        self.assertEqual(len(cases[3].split(b"\r\n\r\n")[0].split(b"\r\n")) - 1, 100)
        for raw in cases:
            with self.subTest(raw=raw[:60]):
                status, headers, body = parse_response(http(self.port, raw))
                self.assertEqual(status, 200)
                self.assertEqual(json.loads(body), {"status": "ok"})
        self.assert_healthy(bad_clients=0)

    def test_limit_does_not_depend_on_segmentation(self):
        """A.3 a request accepted in one segment is accepted when split anywhere.

        Boundary cases: a request line of exactly MAX_REQUEST_LINE bytes and a
        head of exactly MAX_REQUEST_HEAD bytes, split between the CR and the LF
        (or inside the final CRLFCRLF).
        """
        line = b"GET /health?" + b"a" * (8192 - 21) + b" HTTP/1.1"
        self.assertEqual(len(line), 8192)
        req1 = line + b"\r\n" + H + b"Connection: close\r\n\r\n"
        head = b"GET /health HTTP/1.1\r\n" + H + b"Connection: close\r\nX-Pad: "
        head += b"p" * (16384 - len(head))
        self.assertEqual(len(head), 16384)
        req2 = head + b"\r\n\r\n"
        for name, raw, cut in [("line", req1, len(line) + 1), ("head", req2, 16384 + 2),
                               ("head-1", req2, 16384 + 1), ("head-3", req2, 16384 + 3)]:
            with self.subTest(name=name):
                whole = parse_response(http(self.port, raw))[0]
                self.assertEqual(whole, 200)
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    s.sendall(raw[:cut])
                    time.sleep(0.15)
                    try:
                        s.sendall(raw[cut:])
                    except OSError:
                        pass
                    got = recv_until_closed(s)
                self.assertEqual(parse_response(got)[0], 200,
                                 f"split at byte {cut}: {got[:80]!r}")
        self.assert_healthy(bad_clients=4)

    SMUGGLING = [
        # (headers, expected status): the body is the smuggled request
        (b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n", 400),
        (b"Transfer-Encoding: chunked\r\nContent-Length: %d\r\n", 400),
        (b"Content-Length: %d\r\nTransfer-Encoding: identity\r\n", 400),
        (b"Content-Length: %d\r\nTransfer-Encoding:\tchunked\r\n", 400),
        (b"Content-Length: %d\r\nTransfer-Encoding: xchunked\r\n", 400),
        (b"Content-Length: %d\r\ntransfer-encoding: CHUNKED\r\n", 400),
        (b"Transfer-Encoding: chunked\r\n", 501),
        (b"Transfer-Encoding: chunked, identity\r\n", 501),
        (b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", 501),
        (b"Content-Length: 0\r\nContent-Length: %d\r\n", 400),
        (b"Content-Length: %d\r\nContent-Length: 0\r\n", 400),
        (b"Content-Length: 0, %d\r\n", 400),
        (b"Content-Length: %d,0\r\n", 400),
        (b"Content-Length: +%d\r\n", 400),
        (b"Content-Length: -%d\r\n", 400),
        (b"Content-Length: -0\r\n", 400),
        (b"Content-Length: 0x%x\r\n", 400),
        (b"Content-Length: %d.0\r\n", 400),
        (b"Content-Length: %de0\r\n", 400),
        (b"Content-Length: 1_0\r\n", 400),
        (b"Content-Length: 0_0\r\n", 400),
        (b"Content-Length: 3 5\r\n", 400),
        (b"Content-Length: \xb2\r\n", 400),                      # superscript two
        (b"Content-Length: \xd9\xa3\xd9\xa5\r\n", 400),          # Arabic-Indic 35 (UTF-8)
        (b"Content-Length: \xef\xbc\x93\xef\xbc\x95\r\n", 400),  # fullwidth 35
        (b"Content-Length: \xe0\xa5\xa9\r\n", 400),              # Devanagari 3
        (b"Content-Length:\r\n", 400),
        (b"Content-Length: ,\r\n", 400),
        (b"Content-Length: " + b"9" * 19 + b"\r\n", 400),
        (b"Content-Length: 18446744073709551616\r\n", 400),      # 2**64
        (b"Content-Length: " + b"9" * 60 + b"\r\n", 400),
        (b"Content-Length : %d\r\n", 400),                       # SP before colon
        (b"Content-Length: %d\r\n\x20Transfer-Encoding: chunked\r\n", 400),   # obs-fold
        (b"Content-Length: 1073741824\r\n", 413),
        (b"Content-Length: 99999999999999999\r\n", 413),
    ]

    def test_smuggling_never_answers_the_second_request(self):
        """A.4 CL+TE, differing CLs, signs, underscores, non-ASCII digits, absurd lengths."""
        n = len(SMUGGLED)
        for template, status in self.SMUGGLING:
            hdr = template % n if b"%" in template else template
            raw = b"POST /health HTTP/1.1\r\n" + H + hdr + b"\r\n" + SMUGGLED + SMUGGLED
            with self.subTest(headers=hdr, status=status):
                got = http(self.port, raw)
                responses = split_responses(got)
                self.assertEqual([r[0] for r in responses], [status], got[:400])
                self.assertEqual(responses[0][1].get("connection"), "close")
                self.assertNotIn(b"404", got.split(b"\r\n", 1)[0])
        self.assert_healthy(bad_clients=len(self.SMUGGLING))

    def test_pipelined_get_with_body_keeps_framing(self):
        """A.5 control: a well-framed body is consumed, not parsed as a request."""
        body = b"GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"
        raw = (b"POST /nope HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % len(body)
               + body + b"GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        statuses = [r[0] for r in split_responses(http(self.port, raw))]
        self.assertEqual(statuses, [404], "404 closes the connection; body never parsed")
        raw = (b"GET /health HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % len(body)
               + body + b"GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        statuses = [r[0] for r in split_responses(http(self.port, raw))]
        self.assertEqual(statuses, [200, 200])
        self.assert_healthy(bad_clients=1)

    def test_body_over_limit_refused_promptly_without_reading(self):
        """A.6 only the head claiming 1 GiB is sent: 413 arrives at once, then close."""
        for method, path in [(b"POST", b"/health"), (b"PUT", b"/"), (b"GET", b"/ws"),
                             (b"POST", b"/static/x")]:
            with self.subTest(method=method, path=path):
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    t0 = time.monotonic()
                    s.sendall(method + b" " + path + b" HTTP/1.1\r\nHost: a\r\n"
                              b"Content-Length: 1073741824\r\n\r\n")
                    got = recv_until_closed(s, timeout=3)
                    took = time.monotonic() - t0
                status, headers, _ = parse_response(got)
                self.assertEqual(status, 413, got[:200])
                self.assertEqual(headers.get("connection"), "close")
                self.assertLess(took, 1.0, "413 must not wait for the body")
        self.assert_healthy(bad_clients=4)


class TrickleTests(HostileCase):
    def test_trickling_clients_do_not_delay_health(self):
        """A.7 20 clients trickling one byte at a time; /health stays fast (< 0.5 s)."""
        socks = [socket.create_connection(("127.0.0.1", self.port), timeout=5)
                 for _ in range(20)]
        payload = b"GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: " + b"s" * 2000
        stop = threading.Event()
        sent = [0]

        def trickle():
            i = 0
            deadline = time.monotonic() + 10
            while not stop.is_set() and time.monotonic() < deadline and i < len(payload):
                for s in socks:
                    try:
                        s.send(payload[i:i + 1])
                    except OSError:
                        pass
                i += 1
                sent[0] = i
                time.sleep(0.005)

        t = threading.Thread(target=trickle, daemon=True)
        t.start()
        latencies = []
        try:
            time.sleep(0.2)
            for _ in range(15):
                t0 = time.monotonic()
                status, _, body = get(self.port, "/health")
                latencies.append(time.monotonic() - t0)
                self.assertEqual(status, 200)
                time.sleep(0.03)
        finally:
            stop.set()
            t.join(5)
            for s in socks:
                s.close()
        self.assertGreater(sent[0], 20, "the trickle did run")
        self.assertLess(max(latencies), 0.5, latencies)
        self.assert_healthy(bad_clients=20)


class ConnectionCapTests(HostileCase):
    ARGS = ("--max-connections", "20")

    def test_21st_connection_gets_503_then_recovers(self):
        """A.8 20 idle sockets fill the cap; the 21st gets 503; closing them frees it."""
        idle = [socket.create_connection(("127.0.0.1", self.port), timeout=5)
                for _ in range(20)]
        try:
            time.sleep(0.4)                      # let the server accept all 20
            for attempt in range(3):             # a few over-cap clients, not just one
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    t0 = time.monotonic()
                    got = recv_until_closed(s, timeout=3)
                    took = time.monotonic() - t0
                status, headers, _ = parse_response(got)
                self.assertEqual(status, 503, got[:200])
                self.assertEqual(headers.get("connection"), "close")
                self.assertLess(took, 1.0)
        finally:
            for s in idle:
                s.close()
        deadline = time.monotonic() + 3
        status = 0
        while time.monotonic() < deadline:
            status = get(self.port, "/health")[0]
            if status == 200:
                break
            time.sleep(0.05)
        self.assertEqual(status, 200)
        self.assert_healthy(bad_clients=23)


SECRET_APPDIR = b"TOP-SECRET-APPDIR-6d1f"
SECRET_OUTSIDE = b"TOP-SECRET-OUTSIDE-93a0"


class StaticTraversalTests(HostileCase):
    FILES = {"static/hello.txt": "hello static", "static/sub/inner.txt": "inner file",
             "secret.txt": SECRET_APPDIR.decode()}
    ENCODED = [
        "../secret.txt", "../app.py", "../../../../../../../../etc/passwd",
        "sub/../../secret.txt", "sub/../../../../../etc/passwd",
        "%2e%2e/secret.txt", "%2E%2E/secret.txt", ".%2e/secret.txt", "%2e./secret.txt",
        "..%2fsecret.txt", "..%2Fsecret.txt", "%2e%2e%2fsecret.txt", "%2E%2E%2Fsecret.txt",
        "sub/%2e%2e/%2e%2e/secret.txt", "sub%2f..%2f..%2fsecret.txt",
        "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "%252e%252e/secret.txt", "%252e%252e%252fsecret.txt", "..%252fsecret.txt",
        "%25252e%25252e/secret.txt",
        "..\\secret.txt", "..%5csecret.txt", "..%5Csecret.txt", "%5c..%5csecret.txt",
        "sub\\..\\..\\secret.txt", "%2e%2e%5csecret.txt", "..%255csecret.txt",
        "/etc/passwd", "%2fetc/passwd", "%2Fetc%2Fpasswd", "//etc/passwd",
        "C:/Windows/win.ini", "C:%5cWindows%5cwin.ini", "c:secret.txt",
        "file:///etc/passwd", "\\\\server\\share\\secret.txt",
        "hello.txt%00", "hello.txt%00.png", "..%00/secret.txt", "%00../secret.txt",
        "%c0%ae%c0%ae/secret.txt", "%c0%ae%c0%ae%c0%afsecret.txt", "%C0%AE%C0%AE/secret.txt",
        "%e0%80%ae%e0%80%ae/secret.txt", "%f0%80%80%ae%f0%80%80%ae/secret.txt",
        "%c0%2e%c0%2e/secret.txt", "%c1%9c..%c1%9csecret.txt", "..%c0%afsecret.txt",
        "%u002e%u002e/secret.txt", "%uff0e%uff0e/secret.txt",
        "%ef%bc%8e%ef%bc%8e/secret.txt", "%ef%bc%8e%ef%bc%8e%ef%bc%8fsecret.txt",
        "..;/secret.txt", "....//secret.txt", ".../secret.txt", "..../secret.txt",
        "./../secret.txt", "sub/./../../secret.txt", "../static/../secret.txt",
        "link.txt", "dirlink/outside.txt", "uplink/secret.txt", "uplink/app.py",
        "uplink", "dirlink", "sub/../link.txt", "%6c%69%6e%6b.txt",
        "..", "%2e%2e", ".", "", "sub", "sub/",
    ]
    OUTSIDE_PREFIXES = ("/static/", "/static%2f", "/static/%2e%2e/static/")

    @classmethod
    def prepare(cls, server):
        cls.outside = tempfile.mkdtemp(prefix="sg-outside-")
        with open(os.path.join(cls.outside, "outside.txt"), "wb") as f:
            f.write(SECRET_OUTSIDE)
        static = os.path.join(server.dir, "static")
        os.symlink(os.path.join(cls.outside, "outside.txt"), os.path.join(static, "link.txt"))
        os.symlink(cls.outside, os.path.join(static, "dirlink"))
        os.symlink("..", os.path.join(static, "uplink"))

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.outside, ignore_errors=True)

    def assert_not_leaked(self, path: bytes, raw: bytes):
        for secret in (SECRET_APPDIR, SECRET_OUTSIDE, b"import streamlit_go", b"root:"):
            self.assertNotIn(secret, raw, path)

    def test_controls_are_served(self):
        """A.9 control: the static folder works, so the 404s below mean refusal."""
        self.assertEqual(get(self.port, "/static/hello.txt")[::2], (200, b"hello static"))
        self.assertEqual(get(self.port, "/static/sub/inner.txt")[::2], (200, b"inner file"))
        self.assert_healthy(bad_clients=0)

    def test_traversal_in_every_spelling_is_404(self):
        """A.10 ../, %2e%2e, %2f, double encoding, backslashes, absolute, NUL, %c0%ae, symlinks."""
        abs_secret = os.path.join(self.server.dir, "secret.txt")
        names = list(self.ENCODED) + [abs_secret.lstrip("/"), "/" + abs_secret.lstrip("/"),
                                      "%2f" + abs_secret.lstrip("/").replace("/", "%2f"),
                                      os.path.join(self.outside, "outside.txt")]
        count = 0
        for name in names:
            for method in ("GET", "HEAD"):
                path = "/static/" + name
                with self.subTest(path=path, method=method):
                    raw = http(self.port, f"{method} {path} HTTP/1.1\r\nHost: a\r\n"
                                          f"Connection: close\r\n\r\n".encode())
                    count += 1
                    self.assertEqual(parse_response(raw)[0], 404, raw[:200])
                    self.assert_not_leaked(path.encode(), raw)
        for path in ["/static/../secret.txt", "/static%2f..%2fsecret.txt", "/STATIC/../secret.txt",
                     "/./static/../secret.txt", "/static/./../secret.txt", "/%2e%2e/secret.txt",
                     "/../secret.txt", "/app.py", "/secret.txt", "/static/hello.txt/../../secret.txt"]:
            with self.subTest(path=path):
                raw = http(self.port, f"GET {path} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
                count += 1
                self.assertEqual(parse_response(raw)[0], 404, raw[:200])
                self.assert_not_leaked(path.encode(), raw)
        self.assert_healthy(bad_clients=count)

    def test_raw_bytes_in_target_refused(self):
        """A.11 raw NUL, backslash runs, raw overlong bytes, spaces: 400 or 404, never content."""
        targets = [b"/static/..\x00/secret.txt", b"/static/hello.txt\x00", b"/static/\xc0\xae\xc0\xae/secret.txt",
                   b"/static/.. /secret.txt", b"/static/..\t/secret.txt", b"/static/\\..\\secret.txt",
                   b"/static/%", b"/static/%zz", b"/static/%2", b"/static/\xff"]
        for t in targets:
            with self.subTest(target=t):
                raw = http(self.port, b"GET " + t + b" HTTP/1.1\r\nHost: a\r\n\r\n")
                self.assertIn(parse_response(raw)[0], (400, 404), raw[:200])
                self.assert_not_leaked(t, raw)
        self.assert_healthy(bad_clients=len(targets))


# =============================================================================
# B. Hostile WebSocket frames
# =============================================================================


def ping_json(sid: str, pad: int = 0) -> bytes:
    body = json.dumps({"type": "ping", "session_id": sid, "timestamp": 1})
    return (body[:-1] + " " * pad + "}").encode()


class HostileFrameTests(HostileCase):
    ARGS = ("--max-message", "20000")
    MAX = 20000

    def violation(self, make, code, prompt=None):
        """Fresh connection; send make(ws) bytes; expect a close frame with `code`."""
        ws = self.connect()
        first_page(ws)
        t0 = time.monotonic()
        ws.sock.sendall(make(ws))
        ev, took = wait_for_close(ws)
        self.assertIsNotNone(ev, "no close frame and no EOF within 5 s")
        self.assertEqual(ev[0], "close", f"server dropped the TCP connection without a close "
                                         f"frame: {ev!r}")
        self.assertEqual(ev[1], code, ev)
        if prompt is not None:
            self.assertLess(time.monotonic() - t0, prompt)
        # after its close frame the server closes the TCP connection (bounded)
        tail, _ = wait_for_close(ws, 6)
        self.assertIsNotNone(tail)
        return ev

    def run_table(self, table):
        for label, make, code in table:
            with self.subTest(case=label, code=code):
                self.violation(make, code)
        self.assert_healthy(bad_clients=len(table))

    def test_frame_header_violations(self):
        """B.1 unmasked, RSV bits, reserved opcodes, 64-bit length with the top bit set."""
        table = [
            ("unmasked text", lambda ws: sg.encode_frame(1, ping_json(ws.session_id)), 1002),
            ("unmasked ping", lambda ws: sg.encode_frame(9, b"x"), 1002),
            ("unmasked close", lambda ws: sg.encode_frame(8, b"\x03\xe8"), 1002),
            ("unmasked empty", lambda ws: b"\x81\x00", 1002),
        ]
        for bit, name in ((0x40, "RSV1"), (0x20, "RSV2"), (0x10, "RSV3"), (0x70, "RSV123")):
            table.append((name, lambda ws, bit=bit: bytes([masked(1, b"{}")[0] | bit])
                          + masked(1, b"{}")[1:], 1002))
            table.append((name + " ping", lambda ws, bit=bit: bytes([0x89 | bit])
                          + masked(9, b"x")[1:], 1002))
        for op in (3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF):
            table.append((f"opcode {op:#x}", lambda ws, op=op: masked(op, b"x"), 1002))
            table.append((f"opcode {op:#x} non-fin", lambda ws, op=op: masked(op, b"x", False),
                          1002))
        table.append(("64-bit length, top bit", lambda ws: bytes.fromhex("81ff8000000000000000")
                      + os.urandom(4), 1002))
        table.append(("64-bit length, all ones", lambda ws: bytes.fromhex("82ffffffffffffffffff")
                      + os.urandom(4), 1002))
        self.run_table(table)

    def test_control_frame_violations(self):
        """B.2 fragmented ping/pong/close, control payloads over 125 bytes."""
        table = [
            ("fragmented ping", lambda ws: masked(9, b"x", False), 1002),
            ("fragmented pong", lambda ws: masked(10, b"x", False), 1002),
            ("fragmented close", lambda ws: masked(8, b"\x03\xe8", False), 1002),
            ("ping 126 bytes", lambda ws: masked(9, b"p" * 126), 1002),
            ("ping 300 bytes (16-bit length)", lambda ws: masked(9, b"p" * 300), 1002),
            ("pong 200 bytes", lambda ws: masked(10, b"p" * 200), 1002),
            ("close 126 bytes", lambda ws: masked(8, b"\x03\xe8" + b"r" * 124), 1002),
            ("ping header claims 126, no payload", lambda ws: bytes.fromhex("89fe007e"), 1002),
        ]
        self.run_table(table)

    def test_fragmentation_violations(self):
        """B.3 continuation without a start; a new data frame inside a fragmented message."""
        table = [
            ("continuation first", lambda ws: masked(0, b"x"), 1002),
            ("continuation first, non-fin", lambda ws: masked(0, b"x", False), 1002),
            ("continuation after complete msg",
             lambda ws: masked(1, ping_json(ws.session_id)) + masked(0, b" "), 1002),
            ("text inside text", lambda ws: masked(1, b"{", False) + masked(1, b"}"), 1002),
            ("binary inside text", lambda ws: masked(1, b"{", False) + masked(2, b"}"), 1002),
            ("text inside binary", lambda ws: masked(2, b"a", False) + masked(1, b"b"), 1002),
            ("text inside text after ping",
             lambda ws: masked(1, b"{", False) + masked(9, b"p") + masked(1, b"}"), 1002),
        ]
        self.run_table(table)

    def test_declared_2gib_refused_promptly_without_payload(self):
        """B.4 a 2 GiB (and 2**62) declared length is 1009 at once, payload never sent."""
        cases = [("2 GiB text", bytes.fromhex("81ff0000000080000000")),
                 ("2 GiB binary", bytes.fromhex("82ff0000000080000000")),
                 ("2**62 text", bytes.fromhex("81ff4000000000000000")),
                 ("2 GiB continuation of a started message", None)]
        for label, head in cases:
            with self.subTest(case=label):
                if head is None:
                    make = lambda ws: masked(1, b"{", False) + bytes.fromhex("00ff0000000080000000") \
                        + os.urandom(4)
                else:
                    make = lambda ws, head=head: head + os.urandom(4)
                self.violation(make, 1009, prompt=1.0)
        self.assert_healthy(bad_clients=len(cases))

    def test_message_over_max_message(self):
        """B.5 one frame, or fragments adding up, over --max-message: 1009."""
        big = b" " * (self.MAX + 1)
        table = [
            ("one text frame of max+1", lambda ws: masked(1, big), 1009),
            ("one binary frame of max+1", lambda ws: masked(2, big), 1009),
            ("fragments adding to max+1",
             lambda ws: masked(1, b" " * (self.MAX // 2), False)
             + masked(0, b" " * (self.MAX // 2), False) + masked(0, b" "), 1009),
            ("header claims max+1, partial payload",
             lambda ws: masked(1, big)[:200], 1009),
            ("many fragments over the limit",
             lambda ws: masked(1, b"{", False) + b"".join(masked(0, b" " * 1000, False)
                                                          for _ in range(25)), 1009),
        ]
        self.run_table(table)

    def test_message_of_exactly_max_message_accepted(self):
        """B.6 control: a ping JSON padded to exactly --max-message bytes is answered."""
        ws = self.connect()
        first_page(ws)
        body = ping_json(ws.session_id)
        data = ping_json(ws.session_id, self.MAX - len(body))
        self.assertEqual(len(data), self.MAX)
        ws.sock.sendall(masked(1, data))
        ws.recv_until(lambda m: m["type"] == "pong", 5)
        self.assert_healthy(bad_clients=0)

    def test_ten_thousand_tiny_fragments_accepted(self):
        """B.7 a valid message in 10,000 one-byte fragments: the app answers."""
        ws = self.connect()
        first_page(ws)
        body = ping_json(ws.session_id)
        data = ping_json(ws.session_id, 10000 - len(body))
        self.assertEqual(len(data), 10000)
        frames = [masked(1, data[:1], False)]
        frames += [masked(0, data[i:i + 1], False) for i in range(1, 9999)]
        frames.append(masked(0, data[9999:]))
        t0 = time.monotonic()
        ws.sock.sendall(b"".join(frames))
        msgs = ws.recv_until(lambda m: m["type"] == "pong", 10)
        self.assertEqual(msgs[-1]["session_id"], ws.session_id)
        self.assertLess(time.monotonic() - t0, 5)
        ws.ping_roundtrip()
        self.assert_healthy(bad_clients=0)

    def test_ping_between_fragments_gets_pong(self):
        """B.8 control frames interleaved with fragments are answered at once."""
        ws = self.connect()
        first_page(ws)
        data = ping_json(ws.session_id)
        ws.sock.sendall(masked(1, data[:5], False) + masked(9, b"between-1")
                        + masked(0, data[5:10], False) + masked(10, b"unsolicited")
                        + masked(9, b"") + masked(0, data[10:]))
        msgs = ws.recv_until(lambda m: m["type"] == "pong", 5)
        self.assertEqual(ws.pongs[:2], [b"between-1", b""])
        self.assertEqual(msgs[-1]["type"], "pong")
        # a ping of exactly 125 bytes is legal and echoed
        ws.sock.sendall(masked(9, b"q" * 125))
        ws.ping_roundtrip()
        self.assertIn(b"q" * 125, ws.pongs)
        self.assert_healthy(bad_clients=0)

    def test_invalid_close_codes(self):
        """B.9 close codes 0, 999, 1004, 1005, 1006, 1015, 2000, 5000 ... are 1002."""
        codes = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]
        table = [(f"close {c}", lambda ws, c=c: masked(8, c.to_bytes(2, "big")), 1002)
                 for c in codes]
        table.append(("close with 1-byte payload", lambda ws: masked(8, b"\x03"), 1002))
        table += [(f"close 1000 + invalid UTF-8 reason {r!r}",
                   lambda ws, r=r: masked(8, (1000).to_bytes(2, "big") + r), 1007)
                  for r in (b"\xff", b"ok\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82")]
        self.run_table(table)

    def test_valid_close_codes_are_echoed(self):
        """B.10 control: valid codes (1000-1003, 1007-1014, 3000-4999) get a normal close."""
        for code in (1000, 1001, 1003, 1011, 1014, 3000, 4999):
            with self.subTest(code=code):
                ev = self.violation(lambda ws: masked(8, code.to_bytes(2, "big") + "é".encode()),
                                    code)
                self.assertEqual(ev[1], code)
        ws = self.connect()
        first_page(ws)
        ws.sock.sendall(masked(8, b""))
        ev, _ = wait_for_close(ws)
        self.assertEqual(ev[0], "close")
        self.assertIn(ev[1], (1000, 1005))
        self.assert_healthy(bad_clients=0)

    def test_invalid_utf8_text(self):
        """B.11 invalid UTF-8 in text, whole or across fragments: 1007."""
        bad = [b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80",
               b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf8\x88\x80\x80\x80", b"\x80",
               b'{"type":"ping"\xe2\x82}', b"\xe2\x82"]
        table = [(f"text {b!r}", lambda ws, b=b: masked(1, b), 1007) for b in bad]
        table.append(("invalid in 2nd fragment",
                      lambda ws: masked(1, b"ok", False) + masked(0, b"\xff"), 1007))
        table.append(("truncated sequence at message end",
                      lambda ws: masked(1, "€".encode()[:2], False) + masked(0, b""), 1007))
        table.append(("invalid, before fin, fails fast",
                      lambda ws: masked(1, b"\xce\xba\xf8", False), 1007))
        self.run_table(table)

    def test_frames_pipelined_with_handshake(self):
        """B.12 a violation in the same segment as the handshake is still a clean 1002."""
        key = "dGhlIHNhbXBsZSBub25jZQ=="
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(f"GET /ws?sessionId= HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                      f"Sec-WebSocket-Version: 13\r\n\r\n".encode() + sg.encode_frame(1, b"{}"))
            got = recv_until_closed(s)
        head, _, rest = got.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 101"), head[:80])
        events = []
        p = sg.WebSocketParser(require_mask=False, max_size=1 << 26)
        events = p.feed(rest)
        closes = [e for e in events if e[0] == "close"]
        self.assertTrue(closes, events)
        self.assertEqual(closes[0][1], 1002)
        self.assert_healthy(bad_clients=1)


# =============================================================================
# C. Hostile JSON over a valid connection
# =============================================================================


class HostileJSONTests(HostileCase):
    """Each bad message gets an `error` with its code; the connection stays open."""

    def setUp(self):
        super().setUp()
        self.ws = None

    def ws_ready(self) -> StrictWS:
        if self.ws is None or self.ws.closed:
            self.ws = self.connect()
            first_page(self.ws)
        return self.ws

    def expect_error(self, text: str, code: str):
        ws = self.ws_ready()
        ws.send_frame(sg.Opcode.TEXT, text.encode("utf-8", "surrogatepass"))
        try:
            msgs = ws.recv_until(lambda m: m["type"] in ("error", "pong"), 5)
            self.assertEqual(msgs[-1]["type"], "error",
                             f"no error for {text[:80]!r}: {msgs!r}"[:500])
            err = msgs[-1]
            self.assertEqual(err["data"]["code"], code, f"{text[:80]!r}: {err!r}"[:500])
            self.assertEqual(err["session_id"], ws.session_id)
            self.assertLessEqual(len(err["data"]["message"]), 400)
            ws.ping_roundtrip()             # the connection stays open
        except AssertionError as exc:
            closed = ws.closed
            self.ws = None                  # a dead connection must not spoil later cases
            raise AssertionError(f"{exc}; connection: {closed!r}; server stderr: "
                                 f"{self.new_log()[-700:]}") from None

    def run_cases(self, cases):
        for text, code in cases:
            with self.subTest(text=text[:80], code=code):
                self.expect_error(text, code)
        self.assert_healthy(bad_clients=0)

    def sid(self) -> str:
        return self.ws_ready().session_id

    def env(self, **fields) -> str:
        msg = {"type": "ping", "session_id": self.sid(), "timestamp": 1}
        msg.update(fields)
        return json.dumps({k: v for k, v in msg.items() if v is not ...})

    def event(self, data) -> str:
        return json.dumps({"type": "component_event", "session_id": self.sid(),
                           "timestamp": 1, "data": data})

    def test_not_json_and_not_objects(self):
        """C.1 not JSON, not an object, empty string, whitespace, BOM, truncated."""
        sid = self.sid()
        cases = [(t, "INVALID_MESSAGE") for t in [
            "", " ", "\n", "not json", "{", "}", "{]", "nul", "tru", "[1,2", "'single'",
            "{'type':'ping'}", '{"type":"ping",}', '{"type" "ping"}', "\ufeff" + self.env(),
            self.env() + "x", self.env() + self.env(), "[]", "[" + self.env() + "]", "1",
            "-0", "1e5", '"ping"', "null", "true", "false", '{"a":1}', "{}"]]
        cases.append(('{"type":"ping","session_id":"%s"' % sid, "INVALID_MESSAGE"))
        self.run_cases(cases)

    def test_wrong_field_types(self):
        """C.2 wrong or missing type/session_id/timestamp/data/componentId/eventType."""
        sid = self.sid()
        bad_env = [dict(type=v) for v in (5, None, [], {}, True, ["ping"])]
        bad_env += [dict(session_id=v) for v in (5, None, [], {}, True, [sid], ...)]
        bad_env += [dict(type=...)]
        bad_env += [dict(timestamp=v) for v in ("x", "1", True, [], {}, [1])]
        cases = [(self.env(**f), "INVALID_MESSAGE") for f in bad_env]
        base = {"componentId": "key-name", "eventType": "change", "value": "x"}
        bad_data = [None, "x", 5, [], [base], True]
        cases += [(json.dumps({"type": "component_event", "session_id": sid, "data": d}),
                   "INVALID_MESSAGE") for d in bad_data]
        cases.append((json.dumps({"type": "component_event", "session_id": sid}),
                      "INVALID_MESSAGE"))
        for field, values in [("componentId", [5, None, [], {}, True, "", "x" * 201]),
                              ("eventType", [5, None, "hover", "CLICK", "", True,
                                             [], ["click"], {}, {"click": 1}])]:
            for v in values:
                d = dict(base)
                d[field] = v
                cases.append((self.event(d), "INVALID_MESSAGE"))
            d = dict(base)
            del d[field]
            cases.append((self.event(d), "INVALID_MESSAGE"))
        self.run_cases(cases)

    def test_resource_bombs(self):
        """C.3 deep nesting (RecursionError inside json), 5000-digit integers, NaN/Infinity."""
        sid = self.sid()
        deep = "[" * 100000
        cases = [
            (deep, "INVALID_MESSAGE"),
            (deep + "]" * 100000, "INVALID_MESSAGE"),
            ('{"a":' * 50000 + "1" + "}" * 50000, "INVALID_MESSAGE"),
            ('{"type":"ping","session_id":"%s","x":%s}' % (sid, deep + "]" * 100000),
             "INVALID_MESSAGE"),
            ('{"type":"ping","session_id":"%s","x":%s}' % (sid, "9" * 5000), "INVALID_MESSAGE"),
            ('{"type":"ping","session_id":"%s","timestamp":%s}' % (sid, "1" * 5000),
             "INVALID_MESSAGE"),
            ('{"type":"ping","session_id":"%s","x":-%s}' % (sid, "9" * 5000), "INVALID_MESSAGE"),
        ]
        for const in ("NaN", "Infinity", "-Infinity"):
            cases.append(('{"type":"ping","session_id":"%s","timestamp":%s}' % (sid, const),
                          "INVALID_MESSAGE"))
            cases.append(('{"type":"ping","session_id":"%s","x":[%s]}' % (sid, const),
                          "INVALID_MESSAGE"))
            cases.append(('{"type":"component_event","session_id":"%s","data":{"componentId":'
                          '"key-name","eventType":"change","value":%s}}' % (sid, const),
                          "INVALID_MESSAGE"))
        t0 = time.monotonic()
        self.run_cases(cases)
        self.assertLess(time.monotonic() - t0, 15)

    def test_unknown_type_session_mismatch_component_not_found(self):
        """C.4 UNKNOWN_TYPE, SESSION_MISMATCH, COMPONENT_NOT_FOUND."""
        sid = self.sid()
        cases = [(self.env(type=t), "UNKNOWN_TYPE")
                 for t in ("dance", "", "PING", "Ping", "ping ", "pong", "ui_update", "error",
                           "partial_update", "x" * 10000, "\u0000", "💥")]
        cases += [(self.env(session_id=s), "SESSION_MISMATCH")
                  for s in ("session_1_other", "", sid + " ", sid.upper(), sid[:-1],
                            "\u0000", sid + "\u0000")]
        cases += [(self.event({"componentId": c, "eventType": "click", "value": True}),
                   "COMPONENT_NOT_FOUND")
                  for c in ("nope", "main", "sidebar", "main-0", "key-", "key-name ",
                            "x" * 200, "<script>", "\u0000", "key-name\u0000")]
        self.run_cases(cases)
        # a lone surrogate id may be refused as INVALID_MESSAGE or reported as not found
        ws = self.ws_ready()
        ws.send_frame(sg.Opcode.TEXT, self.event({"componentId": "\ud800", "eventType": "click",
                                                  "value": True}).encode())
        err = ws.recv_until(lambda m: m["type"] == "error", 5)[-1]
        self.assertIn(err["data"]["code"], ("INVALID_MESSAGE", "COMPONENT_NOT_FOUND"))
        ws.ping_roundtrip()

    def test_every_server_message_is_standard_json(self):
        """C.5 all the above, and a session's normal traffic, are strict JSON envelopes."""
        ws = self.connect()
        first_page(ws)
        ws.event(widget_id(ws.received[-1]["data"]["html"], "button"), True, "click")
        ws.recv_until(lambda m: "Count: 1" in m["data"].get("html", ""))
        ws.event("key-name", "<b>x</b>\u2028\u2029\ud83d\ude00", "submit")
        ws.recv_until(lambda m: "Hello" in m["data"].get("html", ""))
        ws.ping_roundtrip()
        self.assertTrue(ws.received)
        for text, msg in zip(ws.raw_texts, ws.received):
            strict_json(text)
            check_envelope(self, msg)
        self.assert_healthy(bad_clients=0)


WIDGET_APP = """
import datetime as dt
import streamlit_go as st
st.title("Widgets")
n = st.slider("N", 0, 10, 3)
f = st.slider("F", 0.0, 1.0, 0.5)
r = st.slider("R", 0, 100, (20, 80))
when = st.slider("When", value=dt.datetime(2024, 1, 1, 12, 0))
day = st.slider("Day", value=dt.date(2024, 1, 1))
name = st.text_input("Name", key="name")
c = st.checkbox("C")
k = st.number_input("K", min_value=0, max_value=100, value=5)
big = st.number_input("Big", value=1.5)
s = st.selectbox("S", ["a", "b", "c"])
st.text(f"n={n} f={f} r={r} when={when} day={day} c={c} k={k} big={big} s={s}")
if name:
    st.write(f"Hello {name}")
extra = [
    lambda: st.toggle("T"),
    lambda: st.radio("Rad", ["x", "y"]),
    lambda: st.multiselect("M", ["x", "y", "z"]),
    lambda: st.select_slider("SS", ["lo", "mid", "hi"]),
    lambda: st.text_area("TA"),
    lambda: st.date_input("DI", dt.date(2024, 1, 1)),
    lambda: st.time_input("TI", dt.time(12, 0)),
    lambda: st.color_picker("CP", "#112233"),
    lambda: st.file_uploader("FU"),
    lambda: st.chat_input("Say"),
]
try:
    with st.form("f"):
        st.text_input("In form", key="inform")
        st.form_submit_button("Go")
except Exception as exc:
    st.write(f"skipped form: {type(exc).__name__}")
for make in extra:
    try:
        st.write(repr(make()))
    except Exception as exc:
        st.write(f"skipped: {type(exc).__name__}")
"""


class HostileWidgetValueTests(HostileCase):
    """component_event values of the wrong type for the widget: INVALID_MESSAGE."""
    APP = WIDGET_APP

    def setUp(self):
        super().setUp()
        self.ws = self.connect()
        self.html = first_page(self.ws)

    def send_value(self, cid, raw_value: str, etype="change"):
        """Send an event whose value is the raw JSON text `raw_value`; return replies to the ping."""
        ws = self.ws
        text = ('{"type":"component_event","session_id":"%s","timestamp":1,"data":'
                '{"componentId":"%s","eventType":"%s","value":%s}}'
                % (ws.session_id, cid, etype, raw_value))
        ws.send_frame(sg.Opcode.TEXT, text.encode())
        return ws.ping_roundtrip(5)

    def slider_html(self, msgs, cid):
        for m in reversed(msgs):
            h = m.get("data", {}).get("html", "")
            if f'id="{cid}"' in h:
                return h
        return None

    def test_slider_wrong_types_are_invalid_message(self):
        """C.6 slider value "abc", list, object, null, bool, NaN-ish strings: INVALID_MESSAGE."""
        sid = widget_id(self.html, "slider", 0)
        for raw in ['"abc"', '[]', '[1]', '[1,2]', '{}', '{"v":1}', 'null', 'true', 'false',
                    '"NaN"', '"inf"', '"-Infinity"', '"1e999"', '1e999', '-1e999', '""',
                    '[' * 500 + ']' * 500]:
            with self.subTest(value=raw[:40]):
                msgs = self.send_value(sid, raw)
                errors = [m for m in msgs if m["type"] == "error"]
                self.assertEqual([e["data"]["code"] for e in errors], ["INVALID_MESSAGE"], msgs)
        self.assert_healthy(bad_clients=0)

    def test_slider_huge_float(self):
        """C.7 1e308 / -1e308 / 10**4000 for int and float sliders: refused or clamped."""
        for nth, (lo, hi) in enumerate([(0, 10), (0.0, 1.0)]):
            sid = widget_id(self.html, "slider", nth)
            for raw in ["1e308", "-1e308", "1" + "0" * 4000, "-1" + "0" * 4000]:
                with self.subTest(slider=nth, value=raw[:12]):
                    msgs = self.send_value(sid, raw)
                    msgs += self.ws.quiet(0.3)
                    errors = [m for m in msgs if m["type"] == "error"]
                    if errors:
                        self.assertEqual([e["data"]["code"] for e in errors],
                                         ["INVALID_MESSAGE"])
                        continue
                    # accepted: the value must have been clamped into [lo, hi]
                    self.ws.ping_roundtrip()
                    html = self.slider_html(self.ws.received, sid)
                    self.assertIsNotNone(html)
                    value = re.search(r'id="%s-in" [^>]*value="([^"]*)"' % re.escape(sid), html)
                    self.assertIsNotNone(value, html[:300])
                    self.assertTrue(lo <= float(value.group(1)) <= hi, value.group(1))
        self.assert_healthy(bad_clients=0)

    def test_datetime_and_date_slider_out_of_range_numbers(self):
        """C.8 numbers no date/datetime can hold: INVALID_MESSAGE, connection open."""
        for nth in (3, 4):
            sid = widget_id(self.html, "slider", nth)
            for raw in ["1e18", "-1e18", "1e308", "-1e308", "9223372036854775808",
                        "-9223372036854775808", "1e12", "-62135769600", "0", "-1"]:
                with self.subTest(slider=nth, value=raw):
                    try:
                        msgs = self.send_value(sid, raw)
                    except AssertionError:
                        closed = self.ws.closed
                        self.ws = self.connect()
                        first_page(self.ws)
                        self.fail(f"connection lost after value {raw} for slider #{nth}: "
                                  f"{closed!r}; stderr: {self.new_log()[-700:]}")
                    errors = [m["data"]["code"] for m in msgs if m["type"] == "error"]
                    self.assertIn(errors, ([], ["INVALID_MESSAGE"]), msgs)
        self.assert_healthy(bad_clients=0)

    def test_lone_surrogate_text_value(self):
        """C.9 a text_input value that is a lone UTF-16 surrogate ("\\ud800" in JSON).

        It is valid JSON and valid UTF-8 on the wire; Python decodes it to a str
        that cannot be encoded as UTF-8. Expected: INVALID_MESSAGE, or the
        value is shown (escaped/replaced) in an update; never a traceback,
        and the page keeps updating.
        """
        for i, raw in enumerate(['"\\ud800"', '"a\\udfffb"', '"\\ud83d"']):
            with self.subTest(value=raw):
                msgs = self.send_value("key-name", raw, "submit")
                done = [m for m in msgs if m["type"] == "error"
                        or "Hello" in m.get("data", {}).get("html", "")]
                if not done:
                    self.ws.recv_until(
                        lambda m: m["type"] == "error" or "Hello" in m["data"].get("html", ""),
                        3)
                errors = [m["data"]["code"] for m in self.ws.received[-20:]
                          if m["type"] == "error"]
                self.assertLessEqual(set(errors), {"INVALID_MESSAGE"})
                self.ws.ping_roundtrip()
                self.assertNotIn("Traceback", self.new_log(), self.new_log()[-1500:])
                # the page still updates afterwards
                mark = f"plain-{i}"
                msgs = self.send_value("key-name", f'"{mark}"', "submit")
                if not any(mark in m.get("data", {}).get("html", "") for m in msgs):
                    self.ws.recv_until(lambda m: mark in m["data"].get("html", ""), 3)
        self.assert_healthy(bad_clients=0)

    def test_every_widget_survives_every_hostile_value(self):
        """C.10 each widget on the page x 40 hostile values: error or update, never a crash."""
        ids = sorted({(i, k) for i, k in re.findall(r' id="([^"]+)" data-kind="([a-z_]+)"',
                                                    self.html)
                      if not i.startswith(("main", "sidebar", "sg-"))})
        self.assertGreaterEqual(len(ids), 8, ids)
        values = ['"abc"', '""', '"0"', '"-1"', '"²"', '"٣"', '"9' + "9" * 4000 + '"',
                  '1e308', '-1e308', '1e999', '1' + '0' * 4000, '0.5', '-1', '9007199254740993',
                  '[]', '[1]', '[1,2]', '[1,2,3]', '["a","b"]', '[null,null]', '{}', '{"a":1}',
                  '{"key-name":"x"}', 'null', 'true', 'false', '"\\u0000"', '"x"',
                  '[' * 400 + ']' * 400, '"' + 'y' * 20000 + '"', '1e18', '-9223372036854775808',
                  '"2024-13-01"', '"0000-01-01"', '["2024-01-01","x"]', '"25:61"', '"#zzzzzz"',
                  '{"name":"a","data":"!!!"}', '[{"name":"a","type":"x","data":"@@"}]',
                  '{"key-inform":"\\ud800"}', '{"key-inform":[1]}']
        dead = []
        t_end = time.monotonic() + 60
        for cid, kind in ids:
            for raw in values:
                if time.monotonic() > t_end:
                    break
                for etype in (("click",) if "button" in kind else ("change",)):
                    try:
                        msgs = self.send_value(cid, raw, etype)
                    except AssertionError:
                        dead.append((kind, cid, raw[:30], self.ws.closed))
                        self.ws = self.connect()
                        first_page(self.ws)
                        continue
                    codes = {m["data"]["code"] for m in msgs if m["type"] == "error"}
                    self.assertLessEqual(codes, {"INVALID_MESSAGE", "SCRIPT_ERROR"},
                                         (kind, raw[:30], msgs))
        self.assertEqual(dead, [], f"connections killed; stderr: {self.new_log()[-1500:]}")
        time.sleep(0.3)
        self.ws.ping_roundtrip()
        for text in self.ws.raw_texts:
            strict_json(text)
        self.assert_healthy(bad_clients=0)


# =============================================================================
# D. Seeded fuzzing, sans-I/O and live
# =============================================================================

HTTP_SEEDS = [
    b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
    b"HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    b"POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
    b"GET /ws?sessionId=x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    b"GET /static/hello.txt?x=1 HTTP/1.1\r\nHost: a\r\nCookie: session_id=s\r\n"
    b"X-A:  b c \r\n\r\nGET /health HTTP/1.1\r\nHost: a\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\nConnection: close\r\n\r\nabcde",
]
HTTP_TOKENS = [b"\r\n", b"\n", b"\r", b" ", b"\t", b":", b"\x00", b"\r\n\r\n", b"\x7f", b"\xff",
               b"Content-Length: ", b"Content-Length: 4\r\n", b"Transfer-Encoding: chunked\r\n",
               b"Host: b\r\n", b"9" * 19, b"99999999", b"HTTP/1.1", b"HTTP/2.0", b"HTTP/0.9",
               b"%2e%2e/", b",", b"-", b"+", b"\xb2", b"#", b"?", b"/", b"x" * 9000,
               b"X: y\r\n" * 120, b"GET ", b"BREW "]


def mutate(rnd: random.Random, data: bytes, seeds: list, tokens: list) -> bytearray:
    """Apply 1-4 random mutations: bit flips, bytes, truncation, splicing, insertion."""
    b = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(9)
        n = len(b)
        if op == 0 and n:                                     # bit flip
            i = rnd.randrange(n)
            b[i] ^= 1 << rnd.randrange(8)
        elif op == 1 and n:                                   # random byte
            b[rnd.randrange(n)] = rnd.randrange(256)
        elif op == 2 and n:                                   # truncate
            del b[rnd.randrange(n):]
        elif op == 3 and n:                                   # delete a range
            i = rnd.randrange(n)
            del b[i:i + rnd.randint(1, 16)]
        elif op == 4:                                         # insert random bytes
            i = rnd.randint(0, n)
            b[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8)))
        elif op == 5:                                         # insert a token
            i = rnd.randint(0, n)
            b[i:i] = rnd.choice(tokens)
        elif op == 6:                                         # splice with another seed
            other = rnd.choice(seeds)
            b = bytearray(b[:rnd.randint(0, n)] + other[rnd.randint(0, len(other)):])
        elif op == 7 and n:                                   # duplicate a slice
            i = rnd.randrange(n)
            j = min(n, i + rnd.randint(1, 64))
            b[j:j] = b[i:j] * rnd.randint(1, 4)
        elif op == 8 and n >= 2:                              # random 16/64-bit number
            i = rnd.randrange(n - 1)
            width = rnd.choice((1, 2, 8))
            b[i:i + width] = rnd.getrandbits(8 * width).to_bytes(width, "big")
    return b


def _ws_frame_seeds():
    m = b"\x01\x02\x03\x04"
    return [
        sg.encode_frame(1, b'{"type":"ping","session_id":"s"}', mask=m),
        sg.encode_frame(1, "héllo €".encode(), False, mask=m) + sg.encode_frame(9, b"p", mask=m)
        + sg.encode_frame(0, " wörld".encode(), mask=m),
        sg.encode_frame(2, b"\x00" * 200, mask=m),
        sg.encode_frame(2, b"\xab" * 70000, mask=m),
        sg.encode_frame(8, (1000).to_bytes(2, "big") + b"bye", mask=m),
        sg.encode_frame(10, b"", mask=m) + sg.encode_frame(9, b"x" * 125, mask=m),
        sg.encode_frame(1, b"a", False, mask=m) + b"".join(sg.encode_frame(0, b"b", False, mask=m)
                                                            for _ in range(20))
        + sg.encode_frame(0, b"c", mask=m),
    ]


WS_TOKENS = [b"\x81", b"\x01", b"\x80", b"\x89", b"\x88", b"\x8a", b"\xfe", b"\xff", b"\x7e",
             b"\x7f", b"\xfe\xff\xff", b"\xff" + b"\x7f" * 8, b"\x00\x00\x00\x00", b"\xed\xa0\x80",
             b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\x03\xe8", b"\x03\xed"]


def json_value(rnd: random.Random, depth=0):
    """A random JSON-ish value (may include NaN/inf, huge ints, lone surrogates)."""
    k = rnd.randrange(14 if depth < 3 else 10)
    if k == 0:
        return None
    if k == 1:
        return rnd.choice((True, False))
    if k == 2:
        return rnd.choice((0, -1, 1, 2 ** 63, -2 ** 63, 10 ** 30, 7))
    if k == 3:
        return rnd.choice((0.5, -0.0, 1e308, -1e308, 5e-324, float("nan"), float("inf")))
    if k == 4:
        return rnd.choice(("", "click", "change", "input", "submit", "ping", "component_event",
                           "key-name", "x" * 300, "\ud800", "\u0000", "é€💥", "s"))
    if k == 5:
        return rnd.choice(("ping", "component_event", "pong", "nope"))
    if k == 6:
        return "".join(chr(rnd.randrange(0x20, 0x2000)) for _ in range(rnd.randint(0, 12)))
    if k == 7:
        return rnd.uniform(-1e6, 1e6)
    if k == 8:
        return rnd.randint(-10 ** 6, 10 ** 6)
    if k == 9:
        return "s"
    if k in (10, 11):
        return [json_value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))]
    return {rnd.choice(("type", "session_id", "data", "timestamp", "componentId",
                        "eventType", "value", "x")): json_value(rnd, depth + 1)
            for _ in range(rnd.randint(0, 4))}


def mutate_json_obj(rnd: random.Random, obj):
    """Replace, delete or add a random node in a JSON object tree."""
    obj = json.loads(json.dumps(obj))
    node = obj
    for _ in range(rnd.randint(0, 2)):
        kids = list(node.items()) if isinstance(node, dict) else []
        kids = [(k, v) for k, v in kids if isinstance(v, dict)]
        if not kids:
            break
        node = rnd.choice(kids)[1]
    op = rnd.randrange(3)
    keys = list(node) or ["x"]
    if op == 0:
        node[rnd.choice(keys)] = json_value(rnd)
    elif op == 1 and node:
        del node[rnd.choice(keys)]
    else:
        node[rnd.choice(("type", "session_id", "data", "timestamp", "componentId",
                         "eventType", "value", "extra"))] = json_value(rnd)
    return obj


JSON_SEEDS = [
    {"type": "ping", "session_id": "s", "timestamp": 1},
    {"type": "ping", "session_id": "s", "data": None, "timestamp": 1732680000000},
    {"type": "component_event", "session_id": "s", "timestamp": 1,
     "data": {"componentId": "key-name", "eventType": "change", "value": "x"}},
    {"type": "component_event", "session_id": "s",
     "data": {"componentId": "slider-abc", "eventType": "input", "value": [1, 2]}},
    {"type": "component_event", "session_id": "s",
     "data": {"componentId": "button-1", "eventType": "click", "value": True}},
]
JSON_TOKENS = ["[", "]", "{", "}", ",", ":", '"', "\\", "NaN", "Infinity", "-Infinity", "1e999",
               "9" * 5000, "[" * 3000, '"\\ud800"', "null", "true", "\x00", "\ufeff", " ", "-",
               "0.", ".5", "01", '"\\u00"']


class SansIOFuzzTests(unittest.TestCase):
    ITERATIONS = 4000
    BUDGET_S = 3.0
    MAX_CALL_S = 0.5

    def run_fuzz(self, name, seed, one):
        """Call one(rnd) up to ITERATIONS times within BUDGET_S; report failures and timing."""
        rnd = random.Random(seed)
        failures, worst, done = [], 0.0, 0
        t_end = time.monotonic() + self.BUDGET_S
        while done < self.ITERATIONS and time.monotonic() < t_end:
            done += 1
            t0 = time.perf_counter()
            problem = one(rnd)
            took = time.perf_counter() - t0
            worst = max(worst, took)
            if problem and len(failures) < 5:
                failures.append(problem)
        self.assertGreaterEqual(done, 500, f"{name}: only {done} iterations in budget")
        self.assertEqual(failures, [], f"{name} (seed {seed}): unexpected behaviour")
        self.assertLess(worst, self.MAX_CALL_S, f"{name}: slowest call {worst:.3f} s")

    def test_fuzz_parse_request(self):
        """D.1 mutated requests: only HTTPError(4xx/5xx) or a consistent (Request, used)."""
        def one(rnd):
            data = bytes(mutate(rnd, rnd.choice(HTTP_SEEDS), HTTP_SEEDS, HTTP_TOKENS))
            small = rnd.random() < 0.3
            kw = dict(max_line=64, max_head=256, max_headers=4, max_body=8) if small else {}
            try:
                out = sg.parse_request(bytearray(data), **kw)
            except sg.HTTPError as e:
                if e.status not in HTTP_ERROR_STATUSES:
                    return ("status", e.status, data[:200])
                return None
            except Exception as e:        # noqa: BLE001 - the point of the test
                return (type(e).__name__, str(e)[:100], data[:200])
            if out is None:
                return None
            req, used = out
            if not (0 < used <= len(data)) or req.method not in sg.HTTP_METHODS \
                    or req.version not in ("HTTP/1.0", "HTTP/1.1") or not req.path.startswith("/"):
                return ("bad result", used, req, data[:200])
            # the same bytes arriving split at any point give the same answer
            cut = rnd.randint(1, used - 1) if used > 1 else 1
            try:
                part = sg.parse_request(bytearray(data[:cut]), **kw)
            except sg.HTTPError as e:
                return ("prefix refused", cut, e.status, str(e), data[:200])
            if cut < used and part is not None and part[1] > cut:
                return ("prefix overran", cut, data[:200])
            return None
        self.run_fuzz("parse_request", 20241127, one)

    def test_prefix_of_accepted_request_never_refused(self):
        """D.2 boundary property: a request at exactly the limits, split at every byte."""
        line = b"GET /health?" + b"a" * (8192 - 21) + b" HTTP/1.1"
        head = b"GET /health HTTP/1.1\r\nHost: a\r\nX-Pad: "
        head += b"p" * (16384 - len(head))
        bad = []
        for full in (line + b"\r\nHost: a\r\n\r\n", head + b"\r\n\r\n"):
            self.assertIsNotNone(sg.parse_request(full))
            for cut in range(len(full) - 40, len(full)):
                try:
                    self.assertIsNone(sg.parse_request(full[:cut]))
                except sg.HTTPError as e:
                    bad.append((len(full), cut, e.status))
        self.assertEqual(bad, [], "incomplete prefixes of an acceptable request were refused")

    def test_fuzz_parse_frame(self):
        """D.3 mutated frames: only WebSocketError(1002/1007/1009) or a sane Frame."""
        seeds = _ws_frame_seeds()

        def one(rnd):
            data = bytes(mutate(rnd, rnd.choice(seeds), seeds, WS_TOKENS))
            require = rnd.random() < 0.8
            max_size = rnd.choice((125, 1000, 1 << 20))
            try:
                out = sg.parse_frame(bytearray(data), require, max_size)
            except sg.WebSocketError as e:
                return None if e.code in WS_ERROR_CODES else ("code", e.code, data[:60])
            except Exception as e:        # noqa: BLE001
                return (type(e).__name__, str(e)[:100], data[:60])
            if out is None:
                return None
            frame, used = out
            if not (2 <= used <= len(data)) or frame.opcode not in (0, 1, 2, 8, 9, 10) \
                    or len(frame.payload) > max(max_size, 125) \
                    or (frame.opcode >= 8 and (len(frame.payload) > 125 or not frame.fin)):
                return ("bad frame", frame.opcode, len(frame.payload), used, data[:60])
            return None
        self.run_fuzz("parse_frame", 6455, one)

    def test_fuzz_websocket_parser(self):
        """D.4 mutated streams fed whole and in random chunks: same outcome, only WebSocketError."""
        seeds = _ws_frame_seeds()

        def feed_all(data, chunks, max_size):
            p = sg.WebSocketParser(require_mask=True, max_size=max_size)
            events = []
            try:
                for c in chunks:
                    events += p.feed(c)
                    if any(e[0] == "close" for e in events):
                        break
            except sg.WebSocketError as e:
                return events, e.code
            return events, None

        def one(rnd):
            data = bytes(mutate(rnd, b"".join(rnd.choice(seeds) for _ in range(rnd.randint(1, 3))),
                                seeds, WS_TOKENS))
            max_size = rnd.choice((200, 5000, 1 << 20))
            cuts = sorted(rnd.sample(range(1, len(data)), min(len(data) - 1, rnd.randint(0, 8)))) \
                if len(data) > 1 else []
            chunks = [data[i:j] for i, j in zip([0] + cuts, cuts + [len(data)])]
            try:
                whole_events, whole_err = feed_all(data, [data], max_size)
                part_events, part_err = feed_all(data, chunks, max_size)
            except Exception as e:        # noqa: BLE001
                return (type(e).__name__, str(e)[:100], data[:60])
            for err in (whole_err, part_err):
                if err is not None and err not in WS_ERROR_CODES:
                    return ("code", err, data[:60])
            for ev in whole_events + part_events:
                if ev[0] not in ("text", "binary", "ping", "pong", "close"):
                    return ("event", ev[0])
                if ev[0] == "text" and not isinstance(ev[1], str):
                    return ("text type", type(ev[1]))
                if ev[0] in ("text", "binary") and len(ev[1]) > max_size * 4:
                    return ("too big", len(ev[1]))
            if whole_err != part_err:
                return ("chunking changed the error", whole_err, part_err, data[:60])
            if whole_err is None and whole_events != part_events:
                return ("chunking changed the events", data[:60])
            return None
        self.run_fuzz("WebSocketParser", 13, one)

    def test_fuzz_parse_message(self):
        """D.5 mutated JSON (text and structure): only ProtocolError, and valid results are valid."""
        def one(rnd):
            seed = rnd.choice(JSON_SEEDS)
            if rnd.random() < 0.5:
                obj = seed
                for _ in range(rnd.randint(1, 3)):
                    obj = mutate_json_obj(rnd, obj)
                text = json.dumps(obj, allow_nan=True)
            else:
                text = json.dumps(seed)
                for _ in range(rnd.randint(1, 3)):
                    i = rnd.randint(0, len(text))
                    r = rnd.random()
                    if r < 0.4:
                        text = text[:i] + rnd.choice(JSON_TOKENS) + text[i:]
                    elif r < 0.7:
                        text = text[:i] + text[i + rnd.randint(1, 8):]
                    else:
                        text = text[:i] + chr(rnd.randrange(0x110000 if rnd.random() < 0.2
                                                            else 128)) + text[i + 1:]
            try:
                msg = sg.parse_message(text)
            except sg.ProtocolError as e:
                if e.code not in ("INVALID_MESSAGE", "UNKNOWN_TYPE"):
                    return ("code", e.code, text[:200])
                return None
            except Exception as e:        # noqa: BLE001
                return (type(e).__name__, str(e)[:100], text[:200])
            if not isinstance(msg, dict) or msg.get("type") not in sg.CLIENT_TYPES \
                    or not isinstance(msg.get("session_id"), str):
                return ("accepted invalid envelope", text[:200])
            if msg["type"] == "component_event":
                d = msg.get("data")
                if not isinstance(d, dict) or not isinstance(d.get("componentId"), str) \
                        or not d["componentId"] or not isinstance(d.get("eventType"), str) \
                        or d["eventType"] not in sg.EVENT_TYPES:
                    return ("accepted invalid component_event", text[:200])
            ts = msg.get("timestamp")
            if ts is not None and (isinstance(ts, bool) or not isinstance(ts, (int, float))):
                return ("accepted invalid timestamp", text[:200])
            return None
        self.run_fuzz("parse_message", 3, one)


class LiveFuzzTests(HostileCase):
    """~300 mutated HTTP requests and WebSocket frame sequences against one server."""
    ITERATIONS = 300
    BUDGET_S = 30.0

    def exchange(self, payload: bytes, timeout=2.0) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            try:
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            return recv_until_closed(s, timeout)

    def test_live_fuzz(self):
        """D.6 the server answers sanely to every mutation and keeps serving /health."""
        rnd = random.Random(8501)
        seeds = [s.replace(b"/static/hello.txt", b"/static/streamlit_go.css") for s in HTTP_SEEDS]
        key = "dGhlIHNhbXBsZSBub25jZQ=="
        # one real session, so mutated events reach the widgets (not only SESSION_MISMATCH)
        cookie = get(self.port, "/")[1]["set-cookie"]
        sid = cookie.split(";")[0].split("=", 1)[1]
        widget_ids = ["key-name", "nope"]
        if hasattr(sg, "_widget_id"):
            widget_ids += [sg._widget_id("slider", "N", None, None),
                           sg._widget_id("button", "Add one", None, None)]
        json_seeds = []
        for seed in JSON_SEEDS:
            seed = json.loads(json.dumps(seed).replace('"s"', json.dumps(sid)))
            if isinstance(seed.get("data"), dict):
                seed["data"]["componentId"] = rnd.choice(widget_ids)
            json_seeds.append(seed)
        handshake = (f"GET /ws?sessionId={sid} HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                     f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                     f"Sec-WebSocket-Version: 13\r\n\r\n").encode()
        frame_seeds = _ws_frame_seeds()
        problems, done = [], 0
        t_end = time.monotonic() + self.BUDGET_S
        while done < self.ITERATIONS and time.monotonic() < t_end:
            done += 1
            if done % 2:
                payload = bytes(mutate(rnd, rnd.choice(seeds), seeds, HTTP_TOKENS))
                got = self.exchange(payload)
                if got and not got.startswith(b"HTTP/1.1 "):
                    problems.append(("http answer", payload[:80], got[:80]))
                for status in re.findall(rb"(?:^|\r\n)HTTP/1\.1 (\d{3}) ", got):
                    if int(status) >= 500 and int(status) not in (501, 503, 505):
                        problems.append(("5xx", status, payload[:80]))
                continue
            # WebSocket: a valid handshake, then mutated frames / mutated JSON messages
            frames = []
            for _ in range(rnd.randint(1, 4)):
                if rnd.random() < 0.5:
                    obj = mutate_json_obj(rnd, rnd.choice(json_seeds))
                    text = json.dumps(obj, allow_nan=True).encode("utf-8", "surrogatepass")
                    frames.append(masked(1, text))
                else:
                    frames.append(bytes(mutate(rnd, rnd.choice(frame_seeds), frame_seeds,
                                               WS_TOKENS)))
            got = self.exchange(handshake + b"".join(frames))
            if not got.startswith(b"HTTP/1.1 101"):
                problems.append(("handshake", got[:80]))
                continue
            p = sg.WebSocketParser(require_mask=False, max_size=1 << 26)
            try:
                for ev in p.feed(got.partition(b"\r\n\r\n")[2]):
                    if ev[0] == "text":
                        strict_json(ev[1])
                    elif ev[0] == "close" and not (sg.close_code_is_valid(ev[1])
                                                   or ev[1] == 1005):
                        problems.append(("close code", ev[1]))
            except (sg.WebSocketError, ValueError) as e:
                problems.append(("server output", repr(e)[:100], got[-80:]))
            if len(problems) > 10:
                break
        self.assertGreaterEqual(done, 100, f"only {done} iterations within the budget")
        log = self.new_log()
        tracebacks = log.count("Traceback")
        self.assertEqual(problems, [])
        self.assertEqual(tracebacks, 0, f"{tracebacks} tracebacks in {done} iterations; "
                                        f"last: {log[-1500:]}")
        self.assert_healthy(bad_clients=done)


# =============================================================================
# Runner
# =============================================================================


# =============================================================================
# 6. A real browser: headless Chromium driven over the DevTools protocol
# =============================================================================

EXAMPLE_PNG = os.path.join(tempfile.gettempdir(), "streamlit_go_example.png")


def find_chromium():
    """Return the path of a Chromium/Chrome binary, or None."""
    env = os.environ.get("CHROMIUM")
    if env and os.access(env, os.X_OK):
        return env
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome",
                 "google-chrome-stable"):
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.access(path, os.X_OK):
            return path
    return None


def require_browser():
    """SkipTest without a browser, except in CI where that is a failure."""
    if find_chromium() is None:
        reason = "no chromium binary (looked for /usr/bin/chromium, chromium, google-chrome)"
        if IN_CI:
            raise RuntimeError("CI=true but " + reason)
        raise unittest.SkipTest(reason)


# =============================================================================
# A small Chrome DevTools Protocol client on streamlit_go's WebSocket codec
# =============================================================================


class CDPError(Exception):
    """A CDP command answered with an error (or the browser went away)."""


class JSError(Exception):
    """Runtime.evaluate threw in the page."""


class CDPConnection:
    """One WebSocket to the browser endpoint; commands and events multiplexed by sessionId."""

    def __init__(self, ws_url: str, timeout: float = 10.0):
        u = urllib.parse.urlsplit(ws_url)
        if u.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"refusing a non-loopback DevTools endpoint: {ws_url}")
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        # No Origin header: Chrome refuses DevTools WebSockets from unlisted origins.
        self.sock.sendall(
            f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\n\r\n".encode())
        buf = b""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in buf:
            if time.monotonic() > deadline:
                raise CDPError("DevTools handshake timed out")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise CDPError(f"DevTools closed during the handshake: {buf!r}")
            buf += chunk
        head, _, rest = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        if " 101 " not in lines[0] + " ":
            raise CDPError(f"DevTools handshake refused: {lines[0]}")
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:])}
        if headers.get("sec-websocket-accept") != sg.websocket_accept_key(key):
            raise CDPError("bad Sec-WebSocket-Accept from DevTools")
        self.parser = sg.WebSocketParser(require_mask=False, max_size=256 * 1024 * 1024)
        self.send_lock = threading.Lock()
        self.cond = threading.Condition()
        self.next_id = 0
        self.replies = {}                 # id -> reply dict
        self.listeners = []               # callables(method, params, session_id)
        self.closed = False
        self.sock.settimeout(0.5)
        self._pending_bytes = rest
        self.reader = threading.Thread(target=self._read_loop, name="cdp-reader", daemon=True)
        self.reader.start()

    # -- I/O ---------------------------------------------------------------------
    def _send_frame(self, opcode, payload: bytes):
        frame = sg.encode_frame(opcode, payload, mask=os.urandom(4))
        with self.send_lock:
            self.sock.sendall(frame)

    def _read_loop(self):
        data = self._pending_bytes
        try:
            while not self.closed:
                if data:
                    for ev in self.parser.feed(data):
                        if ev[0] == "text":
                            self._dispatch(json.loads(ev[1]))
                        elif ev[0] == "ping":
                            self._send_frame(sg.Opcode.PONG, ev[1])
                        elif ev[0] == "close":
                            raise ConnectionError("DevTools closed the WebSocket")
                try:
                    data = self.sock.recv(1 << 20)
                except socket.timeout:
                    data = b""
                    continue
                if not data:
                    raise ConnectionError("DevTools connection EOF")
        except (OSError, ConnectionError, sg.WebSocketError, ValueError):
            pass
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def _dispatch(self, msg: dict):
        if "id" in msg:
            with self.cond:
                self.replies[msg["id"]] = msg
                self.cond.notify_all()
            return
        method, params, sid = msg.get("method"), msg.get("params", {}), msg.get("sessionId")
        for fn in list(self.listeners):
            try:
                fn(method, params, sid)
            except Exception as exc:  # a listener bug must not kill the reader
                print(f"cdp listener error: {exc!r}", file=sys.stderr)

    # -- API ---------------------------------------------------------------------
    def send(self, method: str, params: dict = None, session_id: str = None,
             timeout: float = 10.0, wait: bool = True):
        """Send one command; return its result (or None at once when wait=False)."""
        with self.cond:
            if self.closed:
                raise CDPError(f"{method}: DevTools connection is closed")
            self.next_id += 1
            mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session_id:
            msg["sessionId"] = session_id
        self._send_frame(sg.Opcode.TEXT, json.dumps(msg).encode())
        if not wait:
            return None
        deadline = time.monotonic() + timeout
        with self.cond:
            while mid not in self.replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CDPError(f"{method}: no reply within {timeout}s")
                if self.closed:
                    raise CDPError(f"{method}: DevTools connection closed")
                self.cond.wait(min(left, 0.5))
            reply = self.replies.pop(mid)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error'].get('message')} "
                           f"{reply['error'].get('data', '')}".strip())
        return reply.get("result", {})

    def close(self):
        if not self.closed:
            with contextlib.suppress(OSError):
                self._send_frame(sg.Opcode.CLOSE, (1000).to_bytes(2, "big"))
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.close()
        self.reader.join(2)


# =============================================================================
# Browser and Page
# =============================================================================

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--remote-debugging-port=0",
                  # a test pattern and a beep instead of real devices, allowed without a prompt
                  "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


class Browser:
    """One headless Chromium process with a DevTools connection; stop() kills it by PID."""

    def __init__(self, binary: str = None):
        self.binary = binary or find_chromium()
        self.proc = None
        self.cdp = None
        self.profile = None
        self.stderr_lines = []
        self.contexts = []

    def start(self, timeout: float = 20.0):
        if not self.binary:
            raise RuntimeError("no chromium binary")
        self.profile = tempfile.mkdtemp(prefix="sg-chromium-")
        self.proc = subprocess.Popen(
            [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)      # its own process group: its helpers die with it
        deadline = time.monotonic() + timeout
        url = None
        buf = b""
        fd = self.proc.stderr.fileno()
        try:
            while url is None:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    break
                r, _, _ = select.select([fd], [], [], min(left, 0.2))
                if not r:
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                buf += chunk
                m = re.search(rb"DevTools listening on (ws://\S+)", buf)
                if m:
                    url = m.group(1).decode()
            if url is None:
                raise RuntimeError("chromium did not print its DevTools URL: "
                                   + buf.decode("utf-8", "replace")[-2000:])
            self.stderr_lines.append(buf.decode("utf-8", "replace"))
            threading.Thread(target=self._drain, daemon=True, name="chromium-stderr").start()
            self.ws_url = url
            self.cdp = CDPConnection(url)
        except BaseException:
            self.stop()
            raise
        return self

    def _drain(self):
        """Keep reading chromium's stderr so it never blocks on a full pipe."""
        with contextlib.suppress(OSError, ValueError):
            for line in self.proc.stderr:
                if len(self.stderr_lines) < 2000:
                    self.stderr_lines.append(line.decode("utf-8", "replace"))

    def new_context(self) -> str:
        """An isolated browser context (own cookies and storage), like an incognito window."""
        cid = self.cdp.send("Target.createBrowserContext", {"disposeOnDetach": True})[
            "browserContextId"]
        self.contexts.append(cid)
        return cid

    def new_page(self, context: str = None, width: int = 1280, height: int = 900) -> "Page":
        """A new tab in `context` (a fresh context when None)."""
        return Page(self, context or self.new_context(), width, height)

    def stop(self):
        """Close the browser: politely, then SIGTERM/SIGKILL by PID (and its process group)."""
        if self.cdp is not None:
            with contextlib.suppress(Exception):
                self.cdp.send("Browser.close", timeout=2, wait=False)
            with contextlib.suppress(Exception):
                self.cdp.close()
            self.cdp = None
        if self.proc is not None:
            pid = self.proc.pid
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
                try:
                    self.proc.wait(3)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                    self.proc.wait(5)
            # Helpers (zygote, renderers) we started share the group whose id is our PID.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                self.proc.stderr.close()
            self.proc = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None


_KEYS = {   # key -> (code, windowsVirtualKeyCode, text)
    "Enter": ("Enter", 13, "\r"), "Tab": ("Tab", 9, None), "Backspace": ("Backspace", 8, None),
    "Escape": ("Escape", 27, None), "Space": ("Space", 32, " "), "Home": ("Home", 36, None),
    "End": ("End", 35, None), "ArrowLeft": ("ArrowLeft", 37, None),
    "ArrowUp": ("ArrowUp", 38, None), "ArrowRight": ("ArrowRight", 39, None),
    "ArrowDown": ("ArrowDown", 40, None), "Delete": ("Delete", 46, None),
}


class Page:
    """One tab attached with flatten=true: navigation, DOM queries and real user input."""

    def __init__(self, browser: Browser, context: str, width: int, height: int):
        self.browser = browser
        self.cdp = browser.cdp
        self.context = context
        self.lock = threading.Condition()
        self.console_errors = []          # console.error/assert, exceptions, log errors
        self.dialogs = []                 # javascript dialogs that opened
        self.ws_frames = []               # (t, "sent"/"recv", payload) of the page's WebSockets
        self.ws_created = []              # (t, url) for each WebSocket the page opened
        self.events = []                  # (method, params) other events, for wait_event
        self.target = self.cdp.send("Target.createTarget",
                                    {"url": "about:blank", "browserContextId": context})["targetId"]
        self.sid = self.cdp.send("Target.attachToTarget",
                                 {"targetId": self.target, "flatten": True})["sessionId"]
        self.cdp.listeners.append(self._on_event)
        for domain in ("Page", "Runtime", "Log"):
            self.cmd(f"{domain}.enable")
        self.cmd("Network.enable")
        self.cmd("Emulation.setDeviceMetricsOverride",
                 width=width, height=height, deviceScaleFactor=1, mobile=False)

    # -- events ------------------------------------------------------------------
    def _on_event(self, method, params, sid):
        if sid != self.sid:
            return
        now = time.monotonic()
        with self.lock:
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                text = " ".join(str(a.get("value", a.get("description", "")))
                                for a in params.get("args", []))
                self.console_errors.append(f"console.{params['type']}: {text}")
            elif method == "Runtime.exceptionThrown":
                d = params.get("exceptionDetails", {})
                desc = d.get("exception", {}).get("description") or d.get("text")
                self.console_errors.append(f"exception: {desc}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                e = params["entry"]
                self.console_errors.append(f"log {e.get('source')}: {e.get('text')} "
                                           f"{e.get('url', '')}".strip())
            elif method == "Page.javascriptDialogOpening":
                self.dialogs.append(params)
                # dismiss from the reader thread without waiting for the answer
                self.cdp.send("Page.handleJavaScriptDialog", {"accept": False},
                              session_id=self.sid, wait=False)
            elif method == "Network.webSocketCreated":
                self.ws_created.append((now, params.get("url")))
            elif method == "Network.webSocketFrameSent":
                self.ws_frames.append((now, "sent", params["response"].get("payloadData")))
            elif method == "Network.webSocketFrameReceived":
                self.ws_frames.append((now, "recv", params["response"].get("payloadData")))
            else:
                self.events.append((method, params))
                del self.events[:-500]
            self.lock.notify_all()

    def ws_messages(self, direction: str, since: float = 0.0) -> list:
        """The JSON messages the page's WebSockets sent ("sent") or received ("recv")."""
        out = []
        with self.lock:
            frames = list(self.ws_frames)
        for t, d, payload in frames:
            if d == direction and t >= since:
                with contextlib.suppress(ValueError, TypeError):
                    out.append(json.loads(payload))
        return out

    # -- commands ----------------------------------------------------------------
    def cmd(self, method: str, timeout: float = 10.0, **params):
        return self.cdp.send(method, params, session_id=self.sid, timeout=timeout)

    def goto(self, url: str, timeout: float = 10.0):
        res = self.cmd("Page.navigate", url=url)
        if res.get("errorText"):
            raise AssertionError(f"navigation to {url} failed: {res['errorText']}")
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'",
                      timeout, what=f"load of {url}")

    def eval(self, js: str, timeout: float = 10.0):
        """Evaluate an expression in the page (awaiting promises); return its JSON value."""
        res = self.cmd("Runtime.evaluate", timeout=timeout, expression=js, returnByValue=True,
                       awaitPromise=True, userGesture=False)
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            raise JSError(d.get("exception", {}).get("description") or d.get("text"))
        return res.get("result", {}).get("value")

    def wait_for(self, js_expr: str, timeout: float = 5.0, what: str = None, interval=0.03):
        """Poll js_expr until truthy; return its value or fail with a useful message."""
        deadline = time.monotonic() + timeout
        last_err = None
        while True:
            try:
                value = self.eval(js_expr, timeout=max(1.0, deadline - time.monotonic()))
                if value:
                    return value
            except (JSError, CDPError) as exc:       # e.g. during a navigation
                last_err = exc
            if time.monotonic() >= deadline:
                break
            time.sleep(interval)
        state = ""
        with contextlib.suppress(Exception):
            state = self.eval("JSON.stringify({state: (window.streamlitGo||{}).state, "
                              "text: document.body ? document.body.innerText.slice(0, 600) : ''})",
                              timeout=2)
        raise AssertionError(f"timed out after {timeout}s waiting for {what or js_expr}"
                             f"{' (last error: %s)' % last_err if last_err else ''}; page: {state}")

    def text(self) -> str:
        return self.eval("document.body.innerText")

    def center(self, selector: str) -> tuple:
        """Scroll the element into view and return the viewport centre of its box."""
        box = self.eval(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            if (!el) return null;
            el.scrollIntoView({{block: 'center', inline: 'center'}});
            const r = el.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2, r.width, r.height];
        }})()""")
        if not box:
            raise AssertionError(f"no element matches {selector!r}")
        if box[2] <= 0 or box[3] <= 0:
            raise AssertionError(f"element {selector!r} has no visible box")
        return box[0], box[1]

    def click(self, selector: str):
        """Click like a user: mouse to the element's centre, press, release (real events)."""
        x, y = self.center(selector)
        hit = self.eval(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            const hit = document.elementFromPoint({x}, {y});
            return !!hit && (el === hit || el.contains(hit) || (el.control === hit) ||
                             (hit.tagName === 'LABEL' && hit.control === el));
        }})()""")
        if not hit:
            raise AssertionError(f"{selector!r} is covered by another element at its centre")
        self.cmd("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.cmd("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left",
                 buttons=1, clickCount=1)
        self.cmd("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left",
                 buttons=0, clickCount=1)

    def focus(self, selector: str):
        ok = self.eval(f"""(() => {{ const el = document.querySelector({json.dumps(selector)});
            if (!el) return false; el.focus(); return document.activeElement === el; }})()""")
        if not ok:
            raise AssertionError(f"cannot focus {selector!r}")

    def type(self, text: str, per_char: bool = True, delay: float = 0.0):
        """Type text into the focused element (Input.insertText, one char at a time)."""
        if not per_char:
            self.cmd("Input.insertText", text=text)
            return
        for ch in text:
            self.cmd("Input.insertText", text=ch)
            if delay:
                time.sleep(delay)

    def press(self, key: str):
        """Press and release a named key (Enter, ArrowRight, Tab, ...) or one character."""
        if key in _KEYS:
            code, vk, text = _KEYS[key]
            name = " " if key == "Space" else key
        elif len(key) == 1:
            code, vk, text, name = "Key" + key.upper(), ord(key.upper()), key, key
        else:
            raise ValueError(f"unknown key {key!r}")
        down = {"type": "keyDown" if text else "rawKeyDown", "key": name, "code": code,
                "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        if text:
            down["text"] = down["unmodifiedText"] = text
        self.cmd("Input.dispatchKeyEvent", **down)
        self.cmd("Input.dispatchKeyEvent", type="keyUp", key=name, code=code,
                 windowsVirtualKeyCode=vk, nativeVirtualKeyCode=vk)

    def screenshot(self, path: str, full_page: bool = False):
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.cmd("Page.captureScreenshot", timeout=20, **params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return path

    def cookies(self, url: str) -> dict:
        return {c["name"]: c["value"] for c in self.cmd("Network.getCookies", urls=[url])["cookies"]}

    def session_id_of_page(self) -> str:
        return self.eval("JSON.parse(document.getElementById('sg-config').textContent).sessionId")

    def close(self):
        with contextlib.suppress(ValueError):
            self.cdp.listeners.remove(self._on_event)
        with contextlib.suppress(Exception):
            self.cdp.send("Target.closeTarget", {"targetId": self.target}, timeout=3)


# =============================================================================
# Test base: one browser per class, one app server per class
# =============================================================================


class BrowserCase(unittest.TestCase):
    APP = None
    ARGS = ()
    FILES = None          # {relative path: text} written beside the app (pages, config)
    browser = None
    server = None

    @classmethod
    def setUpClass(cls):
        require_browser()
        cls.browser = Browser().start()
        try:
            if cls.APP is not None:
                cls.server = AppServer(cls.APP, "--quiet", "--no-reload", *cls.ARGS,
                                       files=cls.FILES).start()
                cls.url = f"http://127.0.0.1:{cls.server.port}/"
        except BaseException:
            cls.browser.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.stop()
            cls.server = None
        if cls.browser is not None:
            cls.browser.stop()
            cls.browser = None

    def open(self, url: str = None, context: str = None) -> Page:
        """A new tab in its own context (unless given), loaded and connected."""
        page = self.browser.new_page(context)
        self.addCleanup(page.close)
        page.goto(url or self.url)
        page.wait_for("window.streamlitGo && window.streamlitGo.state === 'connected' && "
                      "!!document.querySelector('#sg-main [data-kind]')", 10,
                      what="the app to connect and render")
        return page

    def assertNoConsoleErrors(self, page: Page):
        self.assertEqual(page.console_errors, [], "console errors or exceptions in the page")

    @staticmethod
    def has_text(text: str) -> str:
        """A JS expression: the page shows `text`."""
        return f"document.body.innerText.includes({json.dumps(text)})"


COUNTER_WIDGETS_APP = """
import streamlit_go as st
st.title("Widget tour")
if "n" not in st.session_state:
    st.session_state.n = 0
if st.button("Add one"):
    st.session_state.n += 1
st.write(f"Count: {st.session_state.n}")
agree = st.checkbox("I agree")
st.write("Agreed: yes" if agree else "Agreed: no")
level = st.slider("Level", 0, 10, 3)
st.write(f"Level is {level}")
fruit = st.selectbox("Fruit", ["apple", "banana", "cherry"])
st.write(f"Fruit is {fruit}")
name = st.text_input("Your name")
st.write(f"Hello, {name}!" if name else "No name yet")
"""


# -- 1 -----------------------------------------------------------------------------
class PageLoadTests(BrowserCase):
    APP = COUNTER_WIDGETS_APP

    def test_loads_connects_and_renders_without_errors(self):
        page = self.open()
        self.assertEqual(page.eval("window.streamlitGo.state"), "connected")
        self.assertEqual(page.eval("document.documentElement.getAttribute('data-sg-state')"),
                         "connected")
        page.wait_for(self.has_text("Widget tour"))
        self.assertEqual(page.eval("document.querySelector('h1').textContent"), "Widget tour")
        # every component root carries id + data-kind (PROTOCOL §6)
        kinds = page.eval("[...document.querySelectorAll('#sg-main > [data-kind]')]"
                          ".map(e => e.dataset.kind)")
        for kind in ("title", "button", "markdown", "checkbox", "slider", "selectbox",
                     "text_input"):
            self.assertIn(kind, kinds)
        self.assertFalse(page.eval("!!document.querySelector('.sg-loading')"),
                         "the Loading… placeholder is still shown")
        self.assertFalse(page.eval("!!document.getElementById('sg-notice')"))
        self.assertIn("Count: 0", page.text())
        time.sleep(0.2)
        self.assertNoConsoleErrors(page)
        self.assertEqual(page.dialogs, [])


# -- 2 -----------------------------------------------------------------------------
class WidgetInteractionTests(BrowserCase):
    APP = COUNTER_WIDGETS_APP

    def test_button_checkbox_slider_selectbox_text_input(self):
        page = self.open()
        # button: a real mouse click
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("Count: 1"), what="Count: 1")
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("Count: 2"), what="Count: 2")

        # checkbox: click its box
        page.click("[data-kind=checkbox] input")
        page.wait_for(self.has_text("Agreed: yes"))
        self.assertTrue(page.eval("document.querySelector('[data-kind=checkbox] input').checked"))
        page.click("[data-kind=checkbox] input")
        page.wait_for(self.has_text("Agreed: no"))
        self.assertFalse(page.eval("document.querySelector('[data-kind=checkbox] input').checked"))

        # slider: keyboard (focus the range, ArrowRight: Chrome fires input + change)
        page.focus("[data-kind=slider] input[type=range]")
        page.press("ArrowRight")
        page.wait_for(self.has_text("Level is 4"), what="Level is 4")
        self.assertEqual(page.eval("document.querySelector('[data-kind=slider] output')"
                                   ".textContent"), "4")
        page.press("ArrowRight")
        page.wait_for(self.has_text("Level is 5"), what="Level is 5")
        self.assertEqual(page.eval("document.querySelector('[data-kind=slider] input').value"),
                         "5")

        # selectbox: keyboard on the focused <select> (ArrowDown picks the next option)
        page.focus("[data-kind=selectbox] select")
        page.press("ArrowDown")
        page.wait_for(self.has_text("Fruit is banana"), what="Fruit is banana")
        self.assertEqual(page.eval("document.querySelector('[data-kind=selectbox] select')"
                                   ".selectedOptions[0].textContent"), "banana")

        # text input: click, type, Enter
        page.click("[data-kind=text_input] input")
        page.type("Ada")
        self.assertNotIn("Hello, Ada!", page.text())     # not committed while typing
        page.press("Enter")
        page.wait_for(self.has_text("Hello, Ada!"), what="Hello, Ada!")
        self.assertEqual(page.eval("document.querySelector('[data-kind=text_input] input')"
                                   ".value"), "Ada")

        # all state kept together, as Streamlit would
        text = page.text()
        for s in ("Count: 2", "Agreed: no", "Level is 5", "Fruit is banana", "Hello, Ada!"):
            self.assertIn(s, text)
        page.wait_for("!document.documentElement.hasAttribute('data-sg-running')",
                      what="the running marker to clear")
        self.assertNoConsoleErrors(page)


RESET_APP = """
import streamlit_go as st
def reset():
    st.session_state.agree = False
    st.session_state.fruit = "apple"
st.button("Reset", on_click=reset)
st.button("Nothing")
agree = st.checkbox("I agree", key="agree")
st.write(f"agree={agree}")
fruit = st.selectbox("Fruit", ["apple", "banana"], key="fruit")
st.write(f"fruit={fruit}")
cups = st.number_input("Cups", 0, 10, 2)
st.write(f"cups={cups}")
"""


class ServerDrivenWidgetTests(BrowserCase):
    """Widgets whose value the app changes, reruns that change nothing, number inputs."""
    APP = RESET_APP

    def _button(self, page, label):
        return page.eval(f"""(() => {{ const b = [...document.querySelectorAll(
            '[data-kind=button] button')].find(b => b.textContent === {json.dumps(label)});
            b.id = b.id || 'btn-' + {json.dumps(label)}; return '#' + b.id; }})()""")

    def test_number_input_enter_and_arrow_keys(self):
        page = self.open()
        page.click("[data-kind=number_input] input")
        page.eval("document.querySelector('[data-kind=number_input] input').select()")
        page.type("5")
        page.press("Enter")
        page.wait_for(self.has_text("cups=5"))
        page.press("ArrowUp")
        page.wait_for(self.has_text("cups=6"))
        self.assertNoConsoleErrors(page)

    def test_user_can_set_again_a_value_the_app_reset(self):
        page = self.open()
        page.click("[data-kind=checkbox] input")
        page.wait_for(self.has_text("agree=True"))
        page.focus("[data-kind=selectbox] select")
        page.press("ArrowDown")
        page.wait_for(self.has_text("fruit=banana"))
        page.click(self._button(page, "Reset"))          # the app sets both back
        page.wait_for(self.has_text("agree=False") + " && " + self.has_text("fruit=apple"))
        self.assertFalse(page.eval("document.querySelector('[data-kind=checkbox] input')"
                                   ".checked"))
        # the user sets the same values again: the server must hear about it
        page.click("[data-kind=checkbox] input")
        page.focus("[data-kind=selectbox] select")
        page.press("ArrowDown")
        dom = page.eval("[document.querySelector('[data-kind=checkbox] input').checked, "
                        "document.querySelector('[data-kind=selectbox] select').value]")
        self.assertEqual(dom, [True, "1"])
        page.wait_for(self.has_text("agree=True") + " && " + self.has_text("fruit=banana"), 3,
                      what="the server to follow the page (checkbox/selectbox re-set after "
                           "an app reset); the page shows the widgets set but the app never "
                           "got the events")

    def test_running_indicator_clears_when_a_rerun_changes_nothing(self):
        page = self.open()
        page.click(self._button(page, "Nothing"))
        running = ("document.documentElement.hasAttribute('data-sg-running') && "
                   "getComputedStyle(document.querySelector('.sg-main'), '::before').content")
        self.assertIn("Running", page.eval(running) or "Running (already cleared)")
        page.wait_for("!document.documentElement.hasAttribute('data-sg-running')", 3,
                      what="the 'Running…' indicator to go away after a rerun that changed "
                           "nothing (the server sends no message then)")


# -- 3 -----------------------------------------------------------------------------
FOCUS_APP = """
import streamlit_go as st
if "n" not in st.session_state:
    st.session_state.n = 0
if st.button("Add one"):
    st.session_state.n += 1
st.write(f"Count: {st.session_state.n}")
for i in range(st.session_state.n):
    st.write(f"row {i}")
notes = st.text_input("Notes", key="notes")
level = st.slider("Level", 0, 100, 0, key="level")
st.write(f"Level is {level}")
"""


class FocusSurvivesUpdatesTests(BrowserCase):
    """Typing is never disturbed by updates caused by another connection of the session."""
    APP = FOCUS_APP

    def _side_channel(self, page):
        sid = page.session_id_of_page()
        ws = WSClient(self.server.port, sid)
        self.addCleanup(ws.close)
        html = first_page(ws)
        self.assertEqual(ws.session_id, sid)
        return ws, html

    def _type_while(self, page, text, other_action, what):
        """Type `text` one char at a time; between chars, run other_action(i)."""
        for i, ch in enumerate(text):
            page.type(ch)
            other_action(i)
            time.sleep(0.03)

    def _check_input(self, page, expected_value, caret, what):
        st_ = page.eval("""(() => { const i = document.querySelector('#key-notes-in');
            return {active: document.activeElement === i, value: i.value,
                    caret: i.selectionStart, caretEnd: i.selectionEnd,
                    connected: i.isConnected}; })()""")
        self.assertTrue(st_["active"], f"{what}: focus left the text input: {st_}")
        self.assertEqual(st_["value"], expected_value, f"{what}: typed text changed: {st_}")
        self.assertEqual((st_["caret"], st_["caretEnd"]), (caret, caret),
                         f"{what}: caret moved: {st_}")

    def test_typing_survives_partial_updates(self):
        page = self.open()
        ws, html = self._side_channel(page)
        page.click("#key-notes-in")
        page.type("hello ")
        page.press("ArrowLeft")           # caret not at the end: a reset would move it
        page.press("ArrowLeft")
        levels = iter(range(1, 100))

        def move_slider(i):
            ws.event("key-level", next(levels), "change")
        self._type_while(page, "abcdefgh", move_slider, "partial")
        page.wait_for(self.has_text("Level is 8"), what="the other widget's updates")
        time.sleep(0.2)
        self._check_input(page, "hellabcdefgho ", 12, "partial_update of another widget")
        # the slider DOM did change (so updates did arrive while typing)
        self.assertEqual(page.eval("document.querySelector('#key-level-in').value"), "8")
        self.assertNoConsoleErrors(page)

    def test_typing_survives_layout_updates(self):
        page = self.open()
        ws, html = self._side_channel(page)
        button = widget_id(html, "button")
        page.click("#key-notes-in")
        page.type("hello ")
        page.press("ArrowLeft")
        page.press("ArrowLeft")

        def click(i):
            ws.event(button, True, "click")
        self._type_while(page, "abcd", click, "layout")
        page.wait_for(self.has_text("Count: 4") + " && " + self.has_text("row 3"),
                      what="the layout updates (ui_update) caused by the clicks")
        time.sleep(0.2)
        self._check_input(page, "hellabcdo ", 8, "ui_update (layout change)")
        self.assertNoConsoleErrors(page)

    def test_committed_text_then_more_typing_survives(self):
        """After Enter commits, further typing must survive later updates too."""
        page = self.open()
        ws, html = self._side_channel(page)
        button = widget_id(html, "button")
        page.click("#key-notes-in")
        page.type("abc")
        page.press("Enter")
        ws.recv_until(lambda m: m["type"] == "partial_update" and
                      m["data"]["componentId"] == "key-notes", timeout=5)
        page.type("def")

        def click(i):
            ws.event(button, True, "click")
        self._type_while(page, "gh", click, "after commit")
        page.wait_for(self.has_text("Count: 2"), what="the clicks' updates")
        time.sleep(0.2)
        self._check_input(page, "abcdefgh", 8, "ui_update after a commit")


# -- 4 -----------------------------------------------------------------------------
RECONNECT_APP = """
import streamlit_go as st
if "n" not in st.session_state:
    st.session_state.n = 0
if st.button("Add one"):
    st.session_state.n += 1
st.write(f"Count: {st.session_state.n}")
msg = st.text_input("Message", key="msg")
st.write(f"Message length {len(msg)}")
"""

# The drop: the server is started with --max-message 1024 and the user submits a
# 2000-character message. The server answers the oversized frame the way RFC 6455
# says (close 1009) and drops that WebSocket while the process, and the session,
# live on. It is deterministic, needs no hooks in the page, and is a real
# server-initiated close (unlike CDP's offline emulation, which does not reliably
# close an already open WebSocket).
BIG = "x" * 2000


def drop_connection(test, page):
    """Make the server close this page's WebSocket (1009) by submitting a too-big message."""
    before = len(page.ws_created)
    page.click("#key-msg-in")
    page.type(BIG, per_char=False)
    page.press("Enter")
    page.wait_for("window.streamlitGo.state !== 'connected'", 5,
                  what="the server to drop the WebSocket")
    return before


class ReconnectTests(BrowserCase):
    APP = RECONNECT_APP
    ARGS = ("--retry-ms", "200", "--max-message", "1024")

    def test_reconnects_by_itself_and_keeps_state(self):
        page = self.open()
        page.eval("window.__marker = 42")
        for n in (1, 2):
            page.click("[data-kind=button] button")
            page.wait_for(self.has_text(f"Count: {n}"))
        sid = page.session_id_of_page()
        before = drop_connection(self, page)
        page.wait_for("!!document.getElementById('sg-notice') && "
                      "document.getElementById('sg-notice').textContent.includes('attempt 1 of 5')",
                      2, what="the reconnecting notice")
        page.wait_for("window.streamlitGo.state === 'connected'", 5, what="the reconnect")
        page.wait_for("!document.getElementById('sg-notice')", 2, what="the notice to go away")
        self.assertEqual(len(page.ws_created), before + 1, "exactly one reconnect")
        self.assertEqual(page.eval("window.__marker"), 42, "the page was reloaded")
        # same session, state intact, and it still works
        self.assertIn("Count: 2", page.text())
        recv = page.ws_messages("recv", since=page.ws_created[-1][0])
        self.assertTrue(recv and all(m["session_id"] == sid for m in recv), recv[:3])
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("Count: 3"))
        sent = page.ws_messages("sent", since=page.ws_created[-1][0])
        self.assertTrue(sent and all(m["session_id"] == sid for m in sent))

    def test_successful_reconnect_resets_the_attempt_count(self):
        page = self.open()
        for _ in range(3):
            drop_connection(self, page)
            # each drop starts again at attempt 1: the count was reset by the reconnect
            page.wait_for("!!document.getElementById('sg-notice') && document.getElementById("
                          "'sg-notice').textContent.includes('attempt 1 of 5')", 2,
                          what="'attempt 1 of 5' after a successful reconnect")
            page.wait_for("window.streamlitGo.state === 'connected'", 5)
        # the exposed counter should say the same as the client's own count
        self.assertEqual(page.eval("window.streamlitGo.attempts"), 0,
                         "window.streamlitGo.attempts not reset by a successful reconnect")

    def test_gives_up_after_five_growing_delays_and_shows_notice(self):
        server = AppServer(RECONNECT_APP, "--quiet", "--no-reload", "--retry-ms", "100").start()
        try:
            url = f"http://127.0.0.1:{server.port}/"
            page = self.open(url)
            page.click("[data-kind=button] button")
            page.wait_for(self.has_text("Count: 1"))
            before = len(page.ws_created)
            t0 = time.monotonic()
            self.assertEqual(server.stop(), 0)          # SIGTERM: closes sockets with 1001
            page.wait_for("window.streamlitGo.state === 'lost'", 10,
                          what="the client to give up")
            took = time.monotonic() - t0
        finally:
            server.stop()
        notice = page.eval("""(() => { const n = document.getElementById('sg-notice');
            if (!n) return null; const r = n.getBoundingClientRect();
            const b = n.querySelector('button'); const cs = getComputedStyle(n);
            return {cls: n.className, role: n.getAttribute('role'), text: n.textContent,
                    visible: r.width > 0 && r.height > 0 && cs.display !== 'none' &&
                             cs.visibility !== 'hidden' && cs.opacity !== '0',
                    top: document.elementFromPoint(r.left + 5, r.top + r.height / 2) !== null &&
                         n.contains(document.elementFromPoint(r.left + 5, r.top + r.height / 2)),
                    button: b && b.textContent, buttonVisible: !!b && b.offsetWidth > 0}; })()""")
        self.assertIsNotNone(notice, "no #sg-notice")
        self.assertIn("sg-lost", notice["cls"].split())
        self.assertEqual(notice["role"], "alert")
        self.assertTrue(notice["visible"] and notice["top"], notice)
        self.assertIn("Connection lost", notice["text"])
        self.assertEqual(notice["button"], "Reload")
        self.assertTrue(notice["buttonVisible"])
        # five attempts, each waiting longer than the one before
        created = [t for t, _ in page.ws_created[before:]]
        self.assertEqual(len(created), 5, f"expected 5 reconnect attempts, saw {len(created)}")
        # the delays the client chose: 100 ms doubling, plus up to 30 % of 100 ms jitter
        delays = page.eval("window.streamlitGo.delays")[-5:]
        for n, d in enumerate(delays):
            self.assertTrue(100 * 2 ** n <= d <= 100 * 2 ** n + 30, f"delays: {delays}")
        # and it really waited them: on the page's own clock, each attempt began at
        # least its delay after the one before (plus the time the refused connection
        # took to fail); the test's clock would add its own event-handling lag
        tries = page.eval("window.streamlitGo.tries")[-5:]
        gaps = [b - a for a, b in zip(tries, tries[1:])]
        for gap, d in zip(gaps, delays[1:]):         # attempt n+1 waited delays[n+1]
            self.assertGreaterEqual(gap, d - 2, f"gaps {gaps} ms, delays {delays} ms")
        self.assertLess(took, 8, "giving up took too long for --retry-ms 100")
        time.sleep(0.5)
        self.assertEqual(len(page.ws_created) - before, 5, "kept retrying after giving up")
        self.assertEqual(page.eval("window.streamlitGo.state"), "lost")
        # the Reload button reloads the page (the server is gone, so the load fails)
        page.eval("window.__marker = 7")
        page.click("#sg-notice button")
        page.wait_for("window.__marker === undefined", 5, what="Reload to reload the page")


# -- 5 -----------------------------------------------------------------------------
class TwoContextsTests(BrowserCase):
    APP = RECONNECT_APP

    def test_two_contexts_two_sessions_never_mix(self):
        a = self.open()
        b = self.open()                   # another browser context: other cookies
        sa, sb = a.session_id_of_page(), b.session_id_of_page()
        self.assertNotEqual(sa, sb)
        self.assertEqual(a.cookies(self.url).get("session_id"), sa)
        self.assertEqual(b.cookies(self.url).get("session_id"), sb)
        for n in (1, 2, 3):
            a.click("[data-kind=button] button")
            a.wait_for(self.has_text(f"Count: {n}"))
        b.click("#key-msg-in")
        b.type("hey")
        b.press("Enter")
        b.wait_for(self.has_text("Message length 3"))
        time.sleep(0.3)
        self.assertIn("Count: 0", b.text())
        self.assertIn("Message length 0", a.text())
        self.assertIn("Count: 3", a.text())
        self.assertEqual(a.eval("document.querySelector('#key-msg-in').value"), "")
        # and a reload of each keeps its own session
        a.goto(self.url)
        a.wait_for(self.has_text("Count: 3"), 5)
        self.assertEqual(a.session_id_of_page(), sa)
        self.assertTrue(all(m["session_id"] == sb for m in b.ws_messages("recv")))
        self.assertNoConsoleErrors(a)
        self.assertNoConsoleErrors(b)


LIVE_CHAT_APP = """
import streamlit_go as st
st.title("Live chat")
msg = st.chat_input("Say something")
if msg:
    with st.shared_state.lock:
        st.shared_state["chat"] = st.shared_state.get("chat", []) + [msg]
for line in st.shared_state.get("chat", []):
    with st.chat_message("user"):
        st.write(line)
"""


class LiveSharedStateBrowserTests(BrowserCase):
    APP = LIVE_CHAT_APP

    def test_message_typed_in_one_page_appears_in_the_other(self):
        a = self.open()
        b = self.open()                   # another browser context: another session
        self.assertNotEqual(a.session_id_of_page(), b.session_id_of_page())
        b_sent_before = len(b.ws_messages("sent"))
        a.click("[data-kind=chat_input] textarea")
        a.type("hello <b>from a</b>")
        a.press("Enter")
        a.wait_for(self.has_text("hello <b>from a</b>"), 5)
        # b never touched its page: the message is pushed to it
        b.wait_for(self.has_text("hello <b>from a</b>"), 5)
        self.assertEqual(b.eval("document.querySelectorAll('[data-kind=chat_message] b').length"), 0)
        sent = [m for m in b.ws_messages("sent")[b_sent_before:]
                if m.get("type") == "component_event"]
        self.assertEqual(sent, [], "b sent no event: the update was pushed")
        self.assertNoConsoleErrors(a)
        self.assertNoConsoleErrors(b)


# -- 6 -----------------------------------------------------------------------------
class ExpiredSessionTests(BrowserCase):
    APP = RECONNECT_APP
    # The first reconnect waits 2 s (+ jitter): longer than the 1 s session timeout
    # plus one 0.3 s cleanup period, so the session is gone when the client returns.
    ARGS = ("--session-timeout", "1", "--cleanup-interval", "0.3", "--retry-ms", "2000",
            "--max-message", "1024")

    def test_expired_session_replaced_on_reconnect(self):
        page = self.open()
        old = page.session_id_of_page()
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("Count: 1"))
        drop_connection(self, page)
        t_drop = time.monotonic()
        page.wait_for("window.streamlitGo.state === 'connected'", 6, what="the reconnect")
        self.assertGreater(time.monotonic() - t_drop, 1.3)
        page.wait_for(self.has_text("Count: 0"), 3, what="the fresh session's initial state")
        since = page.ws_created[-1][0]
        recv = page.ws_messages("recv", since=since)
        new = recv[0]["session_id"]
        self.assertNotEqual(new, old)
        self.assertTrue(new.startswith("session_"))
        self.assertTrue(all(m["session_id"] == new for m in recv))
        # the client adopted it: its next event carries the new id and is accepted
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("Count: 1"), what="an event on the new session")
        sent = page.ws_messages("sent", since=since)
        self.assertTrue(sent and all(m["session_id"] == new for m in sent), sent)
        self.assertFalse(any(m["type"] == "error" for m in page.ws_messages("recv", since)))
        # the 101 response set the cookie to the new id: a reload keeps the new session
        self.assertEqual(page.cookies(self.url).get("session_id"), new)
        page.goto(self.url)
        page.wait_for(self.has_text("Count: 1"), 5, what="the new session after a reload")
        self.assertEqual(page.session_id_of_page(), new)


# -- 7 -----------------------------------------------------------------------------
CRASH_APP = """
import streamlit_go as st
st.title("Before")
if "n" not in st.session_state:
    st.session_state.n = 0
if st.button("Add one"):
    st.session_state.n += 1
st.write(f"Count: {st.session_state.n}")
if st.checkbox("Crash"):
    raise ValueError("boom <b>")
st.write("After")
"""


class CrashingAppTests(BrowserCase):
    APP = CRASH_APP

    def test_traceback_shown_and_page_keeps_working(self):
        page = self.open()
        page.wait_for(self.has_text("After"))
        page.click("[data-kind=checkbox] input")
        page.wait_for("!!document.querySelector('[data-kind=exception]')", 5,
                      what="the exception box")
        box = page.eval("""(() => { const e = document.querySelector('[data-kind=exception]');
            return {text: e.innerText, role: e.querySelector('[role=alert]') !== null,
                    bold: e.querySelector('b') !== null}; })()""")
        self.assertIn("Traceback (most recent call last)", box["text"])
        self.assertIn("ValueError: boom <b>", box["text"])     # literal, not markup
        self.assertFalse(box["bold"])
        self.assertTrue(box["role"])
        self.assertNotIn("streamlit_go.py", box["text"])
        text = page.text()
        self.assertIn("Before", text)
        self.assertNotIn("After", text.replace("Before", ""))
        # the rest still works while the script keeps failing
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("Count: 1"))
        self.assertTrue(page.eval("!!document.querySelector('[data-kind=exception]')"))
        # no error toast for SCRIPT_ERROR (the page shows it already)
        self.assertFalse(page.eval("!!document.querySelector('#sg-toasts .sg-error')"))
        # untoggle: normal again
        page.click("[data-kind=checkbox] input")
        page.wait_for(self.has_text("After") + " && !document.querySelector('[data-kind=exception]')",
                      5, what="the page to recover")
        self.assertIn("Count: 1", page.text())
        self.assertEqual(page.eval("window.streamlitGo.state"), "connected")
        self.assertNoConsoleErrors(page)


# -- 8 -----------------------------------------------------------------------------
XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = '"><script>window.__xss=1</script>'
XSS_APP = """
import streamlit_go as st
IMG = %r
SCRIPT = %r
st.html('<img id="ctl" src=x onerror="window.__ctl=1">')
st.title(IMG)
st.markdown(IMG)
st.markdown("[click me](javascript:window.__xss=1) and [also](JaVaScRiPt:window.__xss=1)")
st.markdown("[tab](java\\tscript:window.__xss=1) <a href=javascript:window.__xss=1>raw</a>")
st.write(SCRIPT)
st.caption(IMG)
v = st.text_input(SCRIPT, value=IMG, placeholder=SCRIPT, key="t")
st.text_input(IMG + " second", value=SCRIPT)
c = st.selectbox(SCRIPT + " choose", [IMG, SCRIPT, "plain"])
st.checkbox(IMG + " box")
st.slider(SCRIPT + " slide", 0, 5, 1)
if st.button(IMG + " button"):
    st.write("clicked " + IMG)
st.success(IMG)
st.code(SCRIPT)
st.write({"k": IMG})
st.write("chosen: " + c)
st.write("typed: " + v)
""" % (XSS_IMG, XSS_SCRIPT)


class HostileStringsTests(BrowserCase):
    APP = XSS_APP

    def _assert_inert(self, page):
        self.assertIsNone(page.eval("window.__xss"), "injected script ran")
        self.assertEqual(page.dialogs, [])
        found = page.eval("""(() => {
            const root = document.getElementById('sg-root').cloneNode(true);
            root.querySelectorAll('[data-kind=html]').forEach(e => e.remove());
            return {scripts: root.querySelectorAll('script').length,
                    imgs: root.querySelectorAll('img').length,
                    handlers: [...root.querySelectorAll('*')].filter(e => [...e.attributes]
                        .some(a => a.name.startsWith('on'))).length,
                    jsLinks: [...root.querySelectorAll('[href],[src],[action],[formaction]')]
                        .filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') ||
                                e.getAttribute('src') || e.getAttribute('action') ||
                                e.getAttribute('formaction') || '')).length}; })()""")
        self.assertEqual(found, {"scripts": 0, "imgs": 0, "handlers": 0, "jsLinks": 0})

    def test_hostile_strings_never_execute_and_show_literally(self):
        page = self.browser.new_page()
        self.addCleanup(page.close)
        # Test the escaping itself, not the Content-Security-Policy behind it.
        page.cmd("Page.setBypassCSP", enabled=True)
        page.goto(self.url)
        page.wait_for("window.streamlitGo.state === 'connected' && "
                      "!!document.querySelector('[data-kind=selectbox]')", 10)
        # positive control: the app's own raw st.html handler does run with CSP bypassed,
        # so the harness would see an escaping bug
        page.wait_for("window.__ctl === 1", 3, what="the positive control to run")
        self._assert_inert(page)
        text = page.text()
        self.assertIn(XSS_IMG, text)                       # title, markdown, labels, success
        self.assertIn(XSS_SCRIPT, text)
        self.assertIn("click me", text)
        self.assertIn("raw", text)
        self.assertEqual(page.eval("document.querySelector('#key-t-in').value"), XSS_IMG)
        self.assertEqual(page.eval("document.querySelector('#key-t-in').placeholder"), XSS_SCRIPT)
        self.assertEqual(page.eval("[...document.querySelectorAll('select option')]"
                                   ".map(o => o.textContent)"), [XSS_IMG, XSS_SCRIPT, "plain"])
        labels = page.eval("[...document.querySelectorAll('label')].map(l => l.textContent)")
        self.assertIn(XSS_SCRIPT, labels)
        # interact: follow the neutered links, pick hostile options, type hostile text
        page.click("#main-3 p")                            # the neutered javascript: links
        self.assertIn("click me", page.eval("document.querySelector('#main-3').innerText"))
        page.focus("[data-kind=selectbox] select")
        page.press("ArrowDown")
        page.wait_for(self.has_text("chosen: " + XSS_SCRIPT), what="hostile option echoed")
        page.click("#key-t-in")
        page.eval("document.querySelector('#key-t-in').select()")
        page.type(XSS_SCRIPT + XSS_IMG, per_char=False)
        page.press("Enter")
        page.wait_for(self.has_text("typed: " + XSS_SCRIPT + XSS_IMG), what="hostile text echoed")
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("clicked " + XSS_IMG))
        time.sleep(0.3)
        self._assert_inert(page)
        # only the positive control's failed image load (GET /x: 404) may be logged
        self.assertEqual([e for e in page.console_errors if not e.endswith("/x")], [])

    def test_csp_header_blocks_inline_script_as_a_second_line(self):
        page = self.open()
        page.console_errors.clear()         # the blocked control handler logs a CSP error
        csp = page.eval("""fetch(location.href).then(r => r.headers.get(
            'content-security-policy'))""")
        self.assertIn("script-src 'self'", csp)
        time.sleep(0.3)
        self._assert_inert(page)
        # with the policy on, even the app's raw-HTML handler is blocked
        self.assertIsNone(page.eval("window.__ctl"))


# -- 9 -----------------------------------------------------------------------------
class AccessibilityTests(BrowserCase):
    APP = """
    import streamlit_go as st
    st.title("Accessible")
    st.button("Add one")
    st.text_input("Your name")
    st.slider("Volume", 0, 10, 4)
    st.checkbox("Subscribe")
    st.selectbox("Colour", ["red", "green"])
    st.number_input("Cups", 0, 5, 2)
    """

    def test_widgets_found_by_role_and_name(self):
        page = self.open()
        page.cmd("Accessibility.enable")
        nodes = page.cmd("Accessibility.getFullAXTree", timeout=15)["nodes"]

        def find(role, name):
            for n in nodes:
                if n.get("ignored"):
                    continue
                r = (n.get("role") or {}).get("value")
                nm = (n.get("name") or {}).get("value")
                if r == role and nm == name:
                    return n
            return None

        def listing():
            return sorted({((n.get("role") or {}).get("value"), (n.get("name") or {}).get("value"))
                           for n in nodes if not n.get("ignored") and (n.get("name") or {}).get("value")})

        for role, name in [("button", "Add one"), ("textbox", "Your name"),
                           ("slider", "Volume"), ("checkbox", "Subscribe"),
                           ("combobox", "Colour"), ("spinbutton", "Cups"),
                           ("heading", "Accessible")]:
            self.assertIsNotNone(find(role, name), f"no {role} named {name!r}; have {listing()}")
        slider = find("slider", "Volume")
        props = {p["name"]: p["value"].get("value") for p in slider.get("properties", [])}
        self.assertEqual(props.get("valuetext"), "4")
        # and the queryAXTree path, scoped to the app root
        root = page.cmd("DOM.getDocument", depth=0)["root"]["nodeId"]
        q = page.cmd("Accessibility.queryAXTree", nodeId=root, role="button",
                     accessibleName="Add one")["nodes"]
        self.assertEqual(len(q), 1)

class MultipageBrowserTests(BrowserCase):
    APP = MP_MAIN
    FILES = MP_FILES

    def test_links_history_back_forward_and_deep_links(self):
        page = self.open()
        page.wait_for(self.has_text("Home"))
        start = page.eval("history.length")
        page.click('[data-kind=page_link] a')
        page.wait_for("location.pathname === '/Plotting_Demo' && "
                      "document.body.innerText.includes('Plots')", what="the plots page")
        page.click('#sg-sidebar a[data-sg-page="data"]')
        page.wait_for("location.pathname === '/data' && document.querySelector('h2') && "
                      "document.querySelector('h2').textContent === 'Data'", what="the Data page")
        self.assertEqual(page.eval("history.length"), start + 2)    # one entry per page
        self.assertEqual(page.eval("document.querySelector('#sg-sidebar a.sg-active')"
                                   ".getAttribute('data-sg-page')"), "data")
        page.eval("history.back()")
        page.wait_for("location.pathname === '/Plotting_Demo' && "
                      "document.body.innerText.includes('Plots')", what="back to the plots")
        page.eval("history.back()")
        page.wait_for("location.pathname === '/' && document.body.innerText.includes('Home')",
                      what="back to Home")
        page.eval("history.forward()")
        page.wait_for("location.pathname === '/Plotting_Demo' && "
                      "document.body.innerText.includes('Plots')", what="forward to the plots")
        page.goto(self.url + "data?x=1")                         # a reload of a deep link
        page.wait_for("window.streamlitGo && window.streamlitGo.state === 'connected' && "
                      "document.querySelector('h2') && "
                      "document.querySelector('h2').textContent === 'Data'",
                      what="the deep link's page")
        self.assertEqual(page.eval("location.pathname + location.search"), "/data?x=1")
        page.click('#sg-sidebar a[data-sg-page=""]')
        page.wait_for("location.pathname === '/' && document.body.innerText.includes('Home')")
        self.assertEqual(page.eval("location.search"), "")
        self.assertNoConsoleErrors(page)
        path = os.path.join(tempfile.gettempdir(), "streamlit_go_multipage.png")
        page.screenshot(path)


class ComponentIsolationTests(BrowserCase):
    APP = """
import streamlit_go as st
import streamlit_go.components.v1 as components
st.title("host page")
choice = st.pills("Pick", ["one", "two"])
st.write(f"picked {choice}")
components.html('''<p>inside</p><script>
  var result = "isolated";
  try { parent.document.body.innerHTML = "pwned"; result = "reached the parent"; }
  catch (e) {}
  try { document.cookie; } catch (e) {}
  parent.postMessage({ran: true, result: result}, "*");
</script>''', height=60)
"""

    def test_component_script_runs_but_cannot_touch_the_page(self):
        page = self.open()
        page.eval("window.__msgs = []; window.addEventListener('message', "
                  "e => window.__msgs.push(e.data)); 1")
        page.eval("document.querySelector('iframe').src = "
                  "document.querySelector('iframe').src; 1")       # reload it, listener set
        got = page.wait_for("window.__msgs.length && window.__msgs[0]", 10,
                            what="the component's message")
        self.assertEqual(got, {"ran": True, "result": "isolated"})
        self.assertIn("host page", page.text())
        self.assertNotIn("pwned", page.text())
        page.click('[data-kind=pills] button[data-sg-opt="1"]')
        page.wait_for(self.has_text("picked two"))
        self.assertEqual(page.eval("document.querySelector('[data-kind=pills] "
                                   "[aria-pressed=true]').textContent"), "two")


LAYOUT_APP = """import streamlit_go as st
st.title("Centred title", text_alignment="center")
st.button("Stretched", width="stretch", key="wide")
st.button("Default", key="plain")
st.button("Two hundred", width=200, key="px")
st.text_input("Fixed input", width=200, key="fixed")
st.markdown("A long line that must stay on one line and end in an ellipsis. " * 8, wrap=False)
st.code("\\n".join(f"line {i}" for i in range(40)), height=120)
st.table({"a": [1, 2], "b": ["x", "y"]}, hide_index=True, hide_header=True, border=False)
st.table({"a": [1, 2]})
"""


class LayoutArgumentBrowserTests(BrowserCase):
    """Streamlit 1.67's width=, height=, text_alignment= and wrap= as Chromium lays them out."""
    APP = LAYOUT_APP

    def test_widths_heights_alignment_and_wrap(self):
        page = self.open()
        box = lambda sel: page.eval(  # noqa: E731
            f"(() => {{ const r = document.querySelector({json.dumps(sel)})"
            f".getBoundingClientRect(); return [r.width, r.height]; }})()")
        main_w = box("#sg-main [data-kind]")[0]
        self.assertAlmostEqual(box(".st-key-wide button")[0], main_w, delta=2)
        self.assertLess(box(".st-key-plain button")[0], 150)
        self.assertAlmostEqual(box(".st-key-px button")[0], 200, delta=1)
        self.assertAlmostEqual(box(".st-key-fixed")[0], 200, delta=1)
        self.assertEqual(page.eval("getComputedStyle(document.querySelector("
                                   "'[data-kind=title]')).textAlign"), "center")
        md = "document.querySelector('[data-kind=markdown] p')"
        self.assertEqual(page.eval(f"getComputedStyle({md}).textOverflow"), "ellipsis")
        self.assertLess(box("[data-kind=markdown]")[1], 40)           # one line, not eight
        self.assertAlmostEqual(box("[data-kind=code]")[1], 120, delta=1)
        shown = lambda sel: page.eval(  # noqa: E731
            f"getComputedStyle(document.querySelector({json.dumps(sel)})).display")
        bare, plain = ("document.querySelectorAll('[data-kind=table]')[%d]" % i for i in (0, 1))
        self.assertEqual(page.eval(f"getComputedStyle({bare}.querySelector('th[scope=row]'))"
                                   f".display"), "none")                   # hide_index
        self.assertEqual(page.eval(f"getComputedStyle({bare}.querySelector('thead')).display"),
                         "none")                                           # hide_header
        self.assertEqual(page.eval(f"getComputedStyle({bare}.querySelector('td'))"
                                   f".borderBottomStyle"), "none")         # border=False
        self.assertEqual(page.eval(f"getComputedStyle({plain}.querySelector('td'))"
                                   f".borderLeftStyle"), "solid")          # border=True
        self.assertNotEqual(shown("[data-kind=table] + [data-kind=table] thead"), "none")
        if os.environ.get("SG_KEEP_SCREENSHOTS"):
            page.screenshot(os.path.join(os.environ["SG_KEEP_SCREENSHOTS"], "layout.png"))
        self.assertNoConsoleErrors(page)


REQUIRED_APP = """import streamlit_go as st
name = st.text_input("Name", "Ada", key="name", required=True)
st.text(f"name={name!r}")
with st.form("f"):
    city = st.text_input("City", key="city", required=True)
    sent = st.form_submit_button("Send")
st.text(f"city={city!r}|{sent}")
st.text(f"runs={st.session_state.setdefault('n', 0)}")
st.session_state.n += 1
"""


class RequiredWidgetBrowserTests(BrowserCase):
    """required=True (Streamlit 1.67): an emptied field is not sent, a form waits for it."""
    APP = REQUIRED_APP

    def test_empty_required_values_stay_in_the_page(self):
        page = self.open()
        out = lambda name: page.eval(  # noqa: E731
            f"[...document.querySelectorAll('[data-kind=text] pre')].map(p => p.textContent)"
            f".find(t => t.startsWith({json.dumps(name + '=')})) || ''")
        runs = out("runs")
        self.assertEqual(out("name"), "name='Ada'")
        self.assertIn(" *", page.eval("getComputedStyle(document.querySelector("
                                      "'.st-key-name .sg-label'), '::after').content"))
        page.eval("(() => { const i = document.querySelector('.st-key-name input'); i.focus();"
                  " i.value = '   '; i.dispatchEvent(new Event('input', {bubbles: true}));"
                  " i.dispatchEvent(new Event('change', {bubbles: true})); i.blur(); })()")
        time.sleep(0.5)
        self.assertEqual(out("runs"), runs, "a blank required value must not rerun the app")
        self.assertEqual(page.eval("document.querySelector('.st-key-name')"
                                   ".getAttribute('aria-invalid')"), "true")
        page.eval("document.querySelector('[data-kind=form_submit_button] button').click()")
        time.sleep(0.5)
        self.assertEqual(out("city"), "city=''|False", "the form must not submit while empty")
        page.eval("(() => { const i = document.querySelector('.st-key-city input');"
                  " i.value = 'Paris'; i.dispatchEvent(new Event('input', {bubbles: true})); })()")
        page.eval("document.querySelector('[data-kind=form_submit_button] button').click()")
        page.wait_for("document.body.innerText.includes(\"city='Paris'|True\")", 10,
                      what="the form's submit once City has a value")
        self.assertNoConsoleErrors(page)


ROW_APP = """import streamlit_go as st
with st.container(horizontal=True, key="row"):
    st.button("Left", key="l")
    st.space("stretch")
    st.button("Right", key="r")
st.space("large")
with st.container(horizontal=True, key="form_row", vertical_alignment="bottom"):
    st.text_input("Name", key="name")
    st.button("Go", key="go")
with st.container(horizontal=True, horizontal_alignment="center", gap=None, key="mid"):
    st.button("A", key="a")
    st.button("B", key="b")
try:
    st.container(gap="huge")
except st.StreamlitAPIException as e:
    st.text(f"refused={e}")
"""


class HorizontalContainerBrowserTests(BrowserCase):
    """st.container(horizontal=True, ...) and st.space (Streamlit 1.67) as Chromium lays them out."""
    APP = ROW_APP

    def test_rows_spaces_and_alignment(self):
        page = self.open()
        rect = lambda sel: page.eval(  # noqa: E731
            f"(() => {{ const r = document.querySelector({json.dumps(sel)})"
            f".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()")
        row, left, right = rect(".st-key-row"), rect(".st-key-l"), rect(".st-key-r")
        self.assertAlmostEqual(left[1], right[1], delta=1)               # one row
        self.assertAlmostEqual(left[0], row[0], delta=1)
        self.assertAlmostEqual(right[2], row[2], delta=1)                # pushed to the end
        gap = rect(".st-key-form_row")[1] - row[3]
        self.assertGreater(gap, 4.25 * 16 - 1)                           # the large space
        name, go = rect(".st-key-name"), rect(".st-key-go")
        self.assertAlmostEqual(name[3], go[3], delta=1)                  # bottom-aligned
        self.assertGreater(name[2] - name[0], 300)                       # the input stretches
        mid, a, b = rect(".st-key-mid"), rect(".st-key-a"), rect(".st-key-b")
        self.assertAlmostEqual(a[2], b[0], delta=1)                      # gap=None
        self.assertAlmostEqual((a[0] + b[2]) / 2, (mid[0] + mid[2]) / 2, delta=2)  # centred
        self.assertIn("Invalid `gap` value.", page.eval("document.body.innerText"))
        if os.environ.get("SG_KEEP_SCREENSHOTS"):
            page.screenshot(os.path.join(os.environ["SG_KEEP_SCREENSHOTS"], "rows.png"))
        self.assertNoConsoleErrors(page)


GRID_APP = """import streamlit_go as st
g = st.grid(3, key="g", border=True)
with g.cell(column_span="all"):
    st.markdown("**Featured**")
for i in range(5):
    g.metric(f"M{i}", i)
h = st.grid("auto", min_column_width=150, gap=None, key="h")
for i in range(8):
    h.button(f"B{i}", key=f"b{i}", width="stretch")
for bad in ({"columns": 0}, {"columns": "auto", "wrap": False}, {"row_height": "tall"}):
    try:
        st.grid(**bad)
    except st.StreamlitAPIException as e:
        st.text(f"refused={e}")
try:
    st.grid(2).cell(column_span=3)
except st.StreamlitAPIException as e:
    st.text(f"refused={e}")
"""


class GridLayoutBrowserTests(BrowserCase):
    """st.grid and grid.cell (Streamlit 1.67): cells in order, spans, columns that wrap."""
    APP = GRID_APP

    def test_cells_fill_the_grid(self):
        page = self.open()
        tops = page.eval("[...document.querySelectorAll('.st-key-g > [data-kind=metric]')]"
                         ".map(e => Math.round(e.getBoundingClientRect().top))")
        self.assertEqual(len(tops), 5)
        self.assertEqual(len(set(tops[:3])), 1, "three metrics share the first row")
        self.assertGreater(tops[3], tops[0])
        self.assertEqual(tops[3], tops[4])
        grid_w = page.eval("document.querySelector('.st-key-g').getBoundingClientRect().width")
        featured = page.eval("document.querySelector('.st-key-g > [data-kind=grid_cell]')"
                             ".getBoundingClientRect().width")
        self.assertAlmostEqual(featured, grid_w, delta=2)          # column_span="all"
        self.assertEqual(page.eval("getComputedStyle(document.querySelector("
                                   "'.st-key-g > [data-kind=metric]')).borderTopStyle"), "solid")
        lefts = page.eval("[...document.querySelectorAll('.st-key-h button')]"
                          ".map(e => Math.round(e.getBoundingClientRect().left))")
        self.assertGreaterEqual(len(set(lefts)), 4, "about 150 px columns: several a row")
        text = page.eval("document.body.innerText")
        self.assertIn("Invalid `columns` value.", text)
        self.assertIn("`wrap=False` needs an integer `columns`", text)
        self.assertIn("Invalid `row_height` value.", text)
        self.assertIn("`column_span` (3) can't be more than the grid's 2 columns.", text)
        self.assertIn('data-testid="stGrid"', page.eval("document.querySelector('.st-key-g')"
                                                       ".outerHTML.slice(0, 200)"))
        if os.environ.get("SG_KEEP_SCREENSHOTS"):
            page.screenshot(os.path.join(os.environ["SG_KEEP_SCREENSHOTS"], "grid.png"))
        self.assertNoConsoleErrors(page)


PAGINATION_APP = """import streamlit_go as st
page = st.pagination(12, key="p", max_visible_pages=7)
st.text(f"page={page}")
for bad in ({"num_pages": 0}, {"num_pages": 3, "default": 4}):
    try:
        st.pagination(**bad)
    except st.StreamlitAPIException as e:
        st.text(f"refused={e}")
"""


class PaginationBrowserTests(BrowserCase):
    """st.pagination (Streamlit 1.67): page buttons, previous and next, gaps, a value."""
    APP = PAGINATION_APP

    def test_pages_are_chosen_by_click(self):
        page = self.open()
        texts = lambda: page.eval(  # noqa: E731
            "[...document.querySelectorAll('.st-key-p nav > *')].map(e => e.textContent)")
        self.assertEqual(texts(), ["\u2039", "1", "2", "3", "4", "5", "\u2026", "12", "\u203a"])
        self.assertTrue(page.eval("document.querySelector('[aria-label=\"Previous page\"]')"
                                  ".disabled"))
        page.eval("document.querySelector('[aria-label=\"Page 4\"]').click()")
        page.wait_for("document.body.innerText.includes('page=4')", 10, what="page 4")
        page.eval("document.querySelector('[aria-label=\"Next page\"]').click()")
        page.wait_for("document.body.innerText.includes('page=5')", 10, what="page 5")
        self.assertEqual(texts(), ["\u2039", "1", "\u2026", "4", "5", "6", "\u2026", "12",
                                   "\u203a"])
        self.assertEqual(page.eval("document.querySelector('.st-key-p [aria-current=page]')"
                                   ".textContent"), "5")
        body = page.eval("document.body.innerText")
        self.assertIn("`num_pages` must be a positive integer.", body)
        self.assertIn("`default` (4) can't be more than `num_pages` (3).", body)
        self.assertNoConsoleErrors(page)


class CaptureBrowserTests(BrowserCase):
    APP = """
import struct
import streamlit_go as st
photo = st.camera_input("Say cheese")
if photo is not None:
    st.write(f"photo: {photo.name} {photo.type} jpeg={photo.getvalue()[:2] == bytes([255, 216])}")
clip = st.audio_input("Say something", sample_rate=16000)
if clip is not None:
    head = clip.getvalue()[:44]
    rate = struct.unpack("<I", head[24:28])[0]
    st.write(f"audio: {clip.name} {clip.type} {head[:4].decode()} {head[8:12].decode()} rate={rate}")
"""

    def test_camera_photo_and_microphone_recording_arrive_as_files(self):
        page = self.open()
        page.click('[data-kind=camera_input] button[data-sg-capture=start]')
        page.wait_for("(() => { const v = document.querySelector('[data-kind=camera_input] video');"
                      " return v && !v.hidden && v.videoWidth > 0; })()", 10,
                      what="the fake camera's picture")
        page.click('[data-kind=camera_input] button[data-sg-capture=start]')
        page.wait_for(self.has_text("photo: camera.jpg image/jpeg jpeg=True"), 10)
        self.assertTrue(page.eval("!!document.querySelector('[data-kind=camera_input] "
                                  "img.sg-capture-shot')"))
        page.click('[data-kind=audio_input] button[data-sg-capture=start]')
        page.wait_for("document.querySelector('[data-kind=audio_input] "
                      "button[data-sg-capture=start]').textContent === 'Stop'", 10)
        time.sleep(0.8)
        page.click('[data-kind=audio_input] button[data-sg-capture=start]')
        page.wait_for(self.has_text("audio: recording.wav audio/wav RIFF WAVE rate=16000"), 15)
        page.click('[data-kind=camera_input] button[data-sg-capture=clear]')
        page.wait_for("!document.body.innerText.includes('photo: camera.jpg')", 10)
        self.assertNoConsoleErrors(page)



# -- data grid ------------------------------------------------------------------------
GRID_BROWSER_APP = r'''
import streamlit_go as st
st.dataframe([{"n": i, "v": (i * 7919) % 50000, "s": f"r{i}"} for i in range(50000)],
             key="big")
out = st.data_editor([{"task": "write", "hours": 3}, {"task": "test", "hours": 2}],
                     key="ed", num_rows="dynamic")
st.text(f"out={out!r}")
'''


class GridBrowserTests(BrowserCase):
    APP = GRID_BROWSER_APP

    BIG = "[data-kind=dataframe][data-grid]"

    def cells(self, page, row):
        return page.eval(f"""(() => {{ const tr = document.querySelector(
            '{self.BIG} tr[data-row="{row}"]'); return tr ? [...tr.children].map(
            c => c.textContent) : null; }})()""")

    def test_scrolling_shows_far_rows(self):
        page = self.open()
        self.assertEqual(page.eval(f"document.querySelectorAll('{self.BIG} tr[data-row]')"
                                   f".length"), sg.GRID_WINDOW_ROWS)
        height = page.eval(f"document.querySelector('{self.BIG} .sg-grid-scroll')"
                           f".scrollHeight")
        self.assertGreaterEqual(height, 50000 * sg.GRID_ROW_PX)
        self.assertEqual(page.eval(f"document.querySelector('{self.BIG} tr[data-row=\"3\"]')"
                                   f".getBoundingClientRect().height"), sg.GRID_ROW_PX)
        page.eval(f"document.querySelector('{self.BIG} .sg-grid-scroll').scrollTop = "
                  f"40000 * {sg.GRID_ROW_PX}")
        page.wait_for(f"!!document.querySelector('{self.BIG} tr[data-row=\"40000\"]')", 5,
                      what="row 40,000 to arrive")
        self.assertEqual(self.cells(page, 40000), ["40000", "40000",
                                                   str(40000 * 7919 % 50000), "r40000"])
        visible = page.eval(f"""(() => {{ const box = document.querySelector(
            '{self.BIG} .sg-grid-scroll').getBoundingClientRect();
            const tr = document.querySelector('{self.BIG} tr[data-row="40000"]')
                .getBoundingClientRect();
            return tr.bottom > box.top && tr.top < box.bottom; }})()""")
        self.assertTrue(visible, "row 40,000 is loaded but not in view")
        sizes = [len(json.dumps(m)) for m in page.ws_messages("recv")]
        self.assertLess(max(sizes), 200_000)
        self.assertNoConsoleErrors(page)

    def test_header_click_sorts_on_the_server(self):
        page = self.open()
        page.click(f'{self.BIG} th[data-col="v"]')
        want = sorted(range(50000), key=lambda i: (i * 7919) % 50000)[:5]
        page.wait_for(f"document.querySelectorAll('{self.BIG} tbody tr[data-row]')[1]"
                      f".getAttribute('data-row') === '{want[1]}'", 5, what="the sorted rows")
        rows = page.eval(f"[...document.querySelectorAll('{self.BIG} tbody tr[data-row]')]"
                         f".slice(0, 5).map(t => Number(t.getAttribute('data-row')))")
        self.assertEqual(rows, want)
        self.assertEqual(page.eval(f"document.querySelector('{self.BIG} th[data-col=\"v\"]')"
                                   f".getAttribute('aria-sort')"), "ascending")
        page.click(f'{self.BIG} th[data-col="v"]')
        page.wait_for(f"document.querySelector('{self.BIG} th[data-col=\"v\"]')"
                      f".getAttribute('aria-sort') === 'descending' && document.querySelector("
                      f"'{self.BIG} tbody tr[data-row]').getAttribute('data-row') !== "
                      f"'{want[0]}'", 5, what="the descending order")
        self.assertNoConsoleErrors(page)

    def test_editor_edit_add_delete(self):
        page = self.open()
        ed = "[data-kind=data_editor]"
        page.click(f'{ed} tr[data-row="1"] td:nth-of-type(3)')      # hours of row 1
        page.press("Enter")
        page.wait_for(f"!!document.querySelector('{ed} input.sg-grid-input')", 3)
        page.eval(f"document.querySelector('{ed} input.sg-grid-input').select()")
        page.type("12")
        page.press("Enter")
        page.wait_for(self.has_text("'hours': 12"), 5, what="the edit to come back")
        page.click(f"{ed} .sg-grid-add")
        page.wait_for(f"document.querySelectorAll('{ed} tr[data-row]').length === 3", 5,
                      what="the added row")
        self.assertIn("{'task': None, 'hours': None}", page.text())
        page.click(f'{ed} tr[data-row="0"] .sg-grid-del')
        page.wait_for(f"document.querySelectorAll('{ed} tr[data-row]').length === 2", 5,
                      what="the deleted row")
        self.assertIn("out=[{'task': 'test', 'hours': 12}, {'task': None, 'hours': None}]",
                      page.text())
        page.click(f'{ed} tr[data-row="1"] td:nth-of-type(3)')      # a bad value: a message
        page.press("Enter")
        page.wait_for(f"!!document.querySelector('{ed} input.sg-grid-input')", 3)
        page.type("lots")
        page.press("Enter")
        page.wait_for(f"document.querySelector('{ed} .sg-grid-msg').textContent"
                      f".includes('not a number')", 5, what="the error in the editor")
        self.assertIn("'hours': 12", page.text())



# -- the click path ------------------------------------------------------------------
CLICK_PATH_APP = r"""
import time
import streamlit_go as st
if "n" not in st.session_state:
    st.session_state.n = 0
if st.button("Add one"):
    st.session_state.n += 1
if st.button("Slow"):
    time.sleep(0.8)
    st.session_state.n += 1
st.markdown(f"Clicked {st.session_state.n} times")
def to_max():
    st.session_state.level = 10
st.button("Max", on_click=to_max)
level = st.slider("Level", 0, 10, 2, key="level")
st.slider("Other", 0, 10, 5, key="other")
if st.button("Toast"):
    st.toast(f"Toast number {st.session_state.n}")
st.dataframe([{"n": i} for i in range(5000)], key="big")
"""


class ClickPathTests(BrowserCase):
    """What the client does per click: the running marker, and after-update work
    confined to the component a partial_update changed."""
    APP = CLICK_PATH_APP

    def _button(self, page, label):
        return page.eval(f"""(() => {{ const b = [...document.querySelectorAll(
            '[data-kind=button] button')].find(b => b.textContent === {json.dumps(label)});
            b.id = b.id || 'btn-' + {json.dumps(label)}.replace(/\\W/g, '_');
            return '#' + b.id; }})()""")

    def _fill(self, page, label):
        return page.eval(f"""[...document.querySelectorAll('[data-kind=slider]')].find(
            w => w.textContent.includes({json.dumps(label)})).querySelector(
            'input[type=range]').style.getPropertyValue('--sg-fill')""")

    def test_marker_is_not_set_by_the_click_itself(self):
        """The click sends at once and leaves the page's style alone; the marker
        would restyle the page while the answer is on its way."""
        page = self.open()
        sel = self._button(page, "Add one")
        state = page.eval(f"""(() => {{ document.querySelector({json.dumps(sel)}).click();
            return [document.documentElement.hasAttribute('data-sg-running'),
                    window.streamlitGo.running]; }})()""")
        self.assertEqual(state, [False, True])
        page.wait_for(self.has_text("Clicked 1 times"))
        page.wait_for("window.streamlitGo.running === false", 2)
        self.assertFalse(page.eval("document.documentElement.hasAttribute('data-sg-running')"))
        self.assertNoConsoleErrors(page)

    def test_marker_shows_during_a_slow_rerun_and_clears(self):
        page = self.open()
        page.click(self._button(page, "Slow"))
        page.wait_for("document.documentElement.hasAttribute('data-sg-running') && "
                      "getComputedStyle(document.querySelector('.sg-main'), '::before')"
                      ".content.includes('Running')", 3,
                      what="the 'Running…' marker during a rerun of 0.8 s")
        page.wait_for(self.has_text("Clicked 1 times"), 5)
        page.wait_for("!document.documentElement.hasAttribute('data-sg-running')", 2,
                      what="the marker to clear once the update arrived")
        self.assertFalse(page.eval("window.streamlitGo.running"))
        self.assertNoConsoleErrors(page)

    def test_partial_updates_still_paint_sliders_and_show_toasts(self):
        page = self.open()
        self.assertEqual(self._fill(page, "Level"), "20%")
        self.assertEqual(self._fill(page, "Other"), "50%")
        page.click(self._button(page, "Max"))                 # the app moves the slider
        page.wait_for("document.querySelector('[data-kind=slider] input[type=range]')"
                      ".value === '10'", 5, what="the slider at 10")
        self.assertEqual(self._fill(page, "Level"), "100%")
        self.assertEqual(self._fill(page, "Other"), "50%")
        page.click(self._button(page, "Add one"))             # an update elsewhere
        page.wait_for(self.has_text("Clicked 1 times"))
        self.assertEqual(self._fill(page, "Level"), "100%")
        self.assertEqual(self._fill(page, "Other"), "50%")
        page.click(self._button(page, "Toast"))               # a toast in a partial update
        page.wait_for("[...document.querySelectorAll('#sg-toasts .sg-toast')].some("
                      "t => t.textContent.includes('Toast number 1'))", 5, what="the toast")
        self.assertNoConsoleErrors(page)

    def test_a_scrolled_grid_keeps_its_rows_across_clicks_elsewhere(self):
        page = self.open()
        grid = "[data-kind=dataframe][data-grid]"
        page.eval(f"document.querySelector('{grid} .sg-grid-scroll').scrollTop = "
                  f"4000 * {sg.GRID_ROW_PX}")
        page.wait_for(f"!!document.querySelector('{grid} tr[data-row=\"4000\"]')", 5,
                      what="row 4,000 to arrive")
        asked = len([m for m in page.ws_messages("sent") if m.get("type") == "data_window"])
        for i in (1, 2, 3):
            page.click(self._button(page, "Add one"))
            page.wait_for(self.has_text(f"Clicked {i} times"))
        self.assertTrue(page.eval(f"!!document.querySelector('{grid} tr[data-row=\"4000\"]')"))
        self.assertEqual(len([m for m in page.ws_messages("sent")
                              if m.get("type") == "data_window"]), asked,
                         "clicks elsewhere made the grid ask for rows again")
        self.assertNoConsoleErrors(page)


# -- screenshot ----------------------------------------------------------------------
class ExampleScreenshotTests(BrowserCase):
    def test_example_app_screenshot(self):
        with open(os.path.join(HERE, "example_app.py"), encoding="utf-8") as f:
            source = f.read()
        server = AppServer(source, "--quiet", "--no-reload").start()
        self.addCleanup(server.stop)
        page = self.open(f"http://127.0.0.1:{server.port}/")
        page.wait_for(self.has_text("streamlit_go tour") + " && " + self.has_text("Made with"))
        page.eval("document.fonts.ready.then(() => true)")
        time.sleep(0.3)
        page.screenshot(EXAMPLE_PNG)
        self.assertGreater(os.path.getsize(EXAMPLE_PNG), 10_000)
        self.assertEqual(page.eval("document.title"), "streamlit_go tour")
        self.assertNoConsoleErrors(page)


MARKUP_HOOKS_APP = """
import streamlit_go as st
st.markdown("<style>" + st.session_state.get("css", "") + "</style>", unsafe_allow_html=True)
st.header("Section")
st.markdown("Plain para")
st.caption("A caption")
st.button("Press", key="mykey")
st.text_input("Name")
st.checkbox("Tick")
st.selectbox("Pick", ["a", "b"])
st.slider("Level", 0, 10, 3)
st.radio("Plan", ["Free", "Pro"])
st.number_input("Qty", value=1)
st.text_area("Notes")
st.metric("Sales", "42", "+3")
st.info("Note")
st.warning("Careful")
st.code("x = 1")
st.json({"a": 1})
st.progress(30)
st.table([[1, 2]])
st.dataframe([[1, 2]])
with st.expander("More"):
    st.write("inside")
with st.form("f1"):
    st.form_submit_button("Send", type="primary")
a, b = st.columns(2)
a.write("left")
with st.container(key="box"):
    st.write("boxed")
t1, t2 = st.tabs(["One", "Two"])
t1.write("tab one")
with st.chat_message("user"):
    st.write("hi")
st.file_uploader("Upload")
st.sidebar.write("side")
"""

# (a user's CSS selector, the element it must style: found without the hooks)
MARKUP_SNIPPETS = (
    (".stButton > button", "#key-mykey button"),
    (".st-key-mykey", "#key-mykey"),
    ("[data-testid='stBaseButton-secondary']", "#key-mykey button"),
    ("[data-testid='stTextInput'] input", "[data-kind=text_input] input"),
    ("[data-testid='stSidebar']", "#sg-sidebar"),
    ("[data-testid='stMetricValue']", "[data-kind=metric] .sg-metric-value"),
    ("[data-testid='stMetricLabel']", "[data-kind=metric] .sg-label"),
    ("[data-testid='stMetricDelta']", "[data-kind=metric] .sg-delta"),
    (".stCheckbox label", "[data-kind=checkbox] label"),
    ("[data-testid='stSelectbox'] select", "[data-kind=selectbox] select"),
    ("[data-testid='stWidgetLabel']", "[data-kind=text_input] label"),
    (".stSlider", "[data-kind=slider]"),
    (".stRadio label", "[data-kind=radio] label"),
    ("[data-testid='stNumberInput'] input", "[data-kind=number_input] input"),
    ("[data-testid='stTextArea'] textarea", "[data-kind=text_area] textarea"),
    ("[data-testid='stHeading'] h2", "[data-kind=header] h2"),
    ("[data-testid='stCaptionContainer']", "[data-kind=caption]"),
    ("[data-testid='stAlertContainer']", "[data-kind=info] .sg-alert"),
    (".stAlert", "[data-kind=info]"),
    ("[data-testid='stCode']", "[data-kind=code]"),
    (".stJson", "[data-kind=json]"),
    ("[data-testid='stProgress']", "[data-kind=progress]"),
    ("[data-testid='stTable']", "[data-kind=table]"),
    ("[data-testid='stDataFrame']", "[data-kind=dataframe]"),
    ("[data-testid='stExpander'] summary", "[data-kind=expander] summary"),
    ("[data-testid='stForm']", "[data-kind=form]"),
    ("[data-testid='stFormSubmitButton'] button", "[data-kind=form_submit_button] button"),
    ("[data-testid='stHorizontalBlock']", "[data-kind=columns]"),
    ("[data-testid='stColumn']", "[data-kind=column]"),
    ("[data-testid='stVerticalBlock'].st-key-box", "[data-kind=container]"),
    ("[data-testid='stTab']", "[data-kind=tabs] [role=tab]"),
    ("[data-testid='stChatMessage']", "[data-kind=chat_message]"),
    ("[data-testid='stFileUploader'] input", "[data-kind=file_uploader] input"),
    (".stApp", "body"),
    ("[data-testid='stAppViewContainer']", ".sg-app"),
    (".block-container", "#sg-main"),
    ("[data-testid='stMainBlockContainer']", "#sg-main"),
    ("[data-testid='stHeader']", "header"),
    ("#MainMenu", "header [id=MainMenu]"),
)


# -- 24 ----------------------------------------------------------------------------
# =============================================================================
# 6c. Components v2 in a real browser
# =============================================================================
# st.components.v2.component: inline html/css/js components, a packaged one
# found through its pyproject.toml (written beside the app), and the real
# packages streamlit-keyup, streamlit-echarts and streamlit-drawable-canvas
# from PyPI (installed by .ci/run), each in an app as its README has it.

V2_INLINE_JS = r"""
export default function ({ name, data, key, parentElement, setStateValue, setTriggerValue }) {
  const log = (window.v2log = window.v2log || []);
  log.push({ name, data, key, shadow: parentElement instanceof ShadowRoot,
             host: !!parentElement.querySelector });
  const b = parentElement.querySelector(".b");
  b.textContent = "Clicks " + data.n;
  b.onclick = () => setStateValue("count", (window.v2count = (window.v2count || 0) + 1));
  parentElement.querySelector(".go").onclick = () => setTriggerValue("pinged", "hello " + data.n);
  return () => { window.v2cleanups = (window.v2cleanups || 0) + 1; };
}
"""

V2_PLAIN_JS = r"""
export default function ({ parentElement, setStateValue }) {
  window.v2plain = { shadow: parentElement instanceof ShadowRoot,
                     inDocument: document.contains(parentElement) };
  parentElement.querySelector(".p").onclick = () => setStateValue("v", "x".repeat(300000));
  parentElement.querySelector(".q").onclick = () => setStateValue("v", "small");
  return () => { window.v2plainCleanups = (window.v2plainCleanups || 0) + 1; };
}
"""

V2_INLINE_APP = f'''
import streamlit as st
import mypkg

counter = st.components.v2.component(
    "counter",
    html='<button class="b">x</button><button class="go">go</button><span class="t">themed</span>',
    css=".t {{ color: var(--st-primary-color); font-family: var(--st-font); }}",
    js={V2_INLINE_JS!r})
plain = st.components.v2.component("plain", html='<button class="p">big</button>'
                                   '<button class="q">small</button>',
                                   js={V2_PLAIN_JS!r}, isolate_styles=False)
remount = st.components.v2.component("remount", html="<u></u>", js="""
export default function ({{ data }}) {{
  (window.v2re = window.v2re || []).push(data.n);
  return () => {{ window.v2reCleanups = (window.v2reCleanups || 0) + 1; }};
}}""")
hostile = st.components.v2.component('<img src=x onerror="window.pwned=1">',
                                     html="<b class=hostile>ok</b>")
if "n" not in st.session_state:
    st.session_state.n = 0
if st.button("bump data"):
    st.session_state.n += 1

def on_count():
    st.session_state.calls = st.session_state.get("calls", 0) + 1

r = counter(key="c", data={{"n": st.session_state.n}}, default={{"count": 0}}, height=120,
            on_count_change=on_count, on_pinged_change=lambda: None)
st.text(f"count={{r.count}} pinged={{r.pinged}} calls={{st.session_state.get('calls', 0)}}")
st.text(f"state={{dict(st.session_state.c)}}")
if st.checkbox("show plain", value=True):
    p = plain(key="p", on_v_change=lambda: None)
    st.text(f"plain={{str(p.get('v'))[:10]}}")
remount(data={{"n": st.session_state.n}})     # no key: new data is a new element
hostile()
mypkg.widget(key="pk")
'''

V2_PKG_FILES = {
    "mypkg/__init__.py": (
        "import streamlit as st\n"
        "widget = st.components.v2.component('my-pkg.widget', js='main-*.js',\n"
        "                                    css='style.css', html='<i class=pk></i>')\n"),
    "mypkg/pyproject.toml": (
        '[project]\nname = "my-pkg"\nversion = "1.0"\n\n'
        '[[tool.streamlit.component.components]]\nname = "widget"\nasset_dir = "assets"\n'),
    "mypkg/assets/main-abc123.js": (
        "export default function ({ parentElement }) {\n"
        "  parentElement.querySelector('.pk').textContent = 'packaged ok';\n}\n"),
    "mypkg/assets/style.css": ".pk { color: rgb(1, 2, 3); }\n",
    "mypkg/secret.txt": "not an asset",
}


def _v2_host(selector: str = "#key-c") -> str:
    """A JS expression: the shadow root of a mounted component."""
    return f"document.querySelector({json.dumps(selector)} + ' .sg-v2-root').shadowRoot"


class ComponentsV2InlineBrowserTests(BrowserCase):
    APP = V2_INLINE_APP
    FILES = V2_PKG_FILES

    def test_mount_state_trigger_data_and_cleanup(self):
        page = self.open()
        page.wait_for("window.v2log && window.v2log.length === 1", what="the module's first call")
        first = page.eval("window.v2log[0]")
        self.assertEqual(first, {"name": "counter", "data": {"n": 0}, "key": "key-c",
                                 "shadow": True, "host": True})
        self.assertEqual(page.eval(f"{_v2_host()}.querySelector('.b').textContent"), "Clicks 0")
        # the theme reaches into the shadow root: --st-primary-color is the page's primary
        self.assertEqual(page.eval(f"getComputedStyle({_v2_host()}.querySelector('.t')).color"),
                         "rgb(255, 75, 75)")
        self.assertIn("Source Sans", page.eval(
            f"getComputedStyle({_v2_host()}.querySelector('.t')).fontFamily"))
        page.eval("document.querySelector('#key-c')._marker = 'kept'")
        # Streamlit's hooks on the element, and height= in pixels
        self.assertEqual(page.eval("document.querySelector('#key-c').dataset.testid"),
                         "stBidiComponent")
        self.assertTrue(page.eval("document.querySelector('#key-c').classList.contains('st-key-c')"))
        self.assertEqual(page.eval("document.querySelector('#key-c').offsetHeight"), 120)

        # setStateValue -> a rerun with the value, the callback once
        page.eval(f"{_v2_host()}.querySelector('.b').click()")
        page.wait_for(self.has_text("count=1 pinged=None calls=1"), what="count=1")
        self.assertIn("state={'count': 1}", page.text())
        # setTriggerValue: seen by one rerun only
        page.eval(f"{_v2_host()}.querySelector('.go').click()")
        page.wait_for(self.has_text("count=1 pinged=hello 0 calls=1"), what="the trigger")
        page.eval(f"{_v2_host()}.querySelector('.b').click()")
        page.wait_for(self.has_text("count=2 pinged=None calls=2"), what="trigger reset")

        # new data: the same element, the module called again, no cleanup
        page.click("[data-kind=button] button")
        page.wait_for("window.v2log.length === 2", what="the module's call with new data")
        self.assertEqual(page.eval("window.v2log[1].data"), {"n": 1})
        self.assertEqual(page.eval("document.querySelector('#key-c')._marker"), "kept")
        self.assertEqual(page.eval(f"{_v2_host()}.querySelector('.b').textContent"), "Clicks 1")
        self.assertIsNone(page.eval("window.v2cleanups || null"))
        self.assertIn("count=2", page.text())           # state kept across reruns
        # without a key the data is the identity: a new element, the old one cleaned up
        page.wait_for("window.v2reCleanups === 1", what="the unkeyed mount's cleanup")
        self.assertEqual(page.eval("window.v2re"), [0, 1])

        # isolate_styles=False: parentElement is in the document; unmount runs cleanup
        self.assertEqual(page.eval("window.v2plain"), {"shadow": False, "inDocument": True})
        page.click("[data-kind=checkbox] input")
        page.wait_for("!document.getElementById('key-p')", what="the plain component to go")
        page.wait_for("window.v2plainCleanups === 1", what="its cleanup function")
        self.assertIsNone(page.eval("window.v2cleanups || null"))
        self.assertNoConsoleErrors(page)

    def test_packaged_component_and_hostile_name(self):
        page = self.open()
        pk = "document.querySelector('#key-pk .sg-v2-root').shadowRoot.querySelector('.pk')"
        page.wait_for(f"{pk} && {pk}.textContent === 'packaged ok'", what="the packaged module")
        page.wait_for(f"getComputedStyle({pk}).color === 'rgb(1, 2, 3)'",
                      what="its CSS file from asset_dir")
        # a name with markup is text: no <img> is made, nothing runs
        time.sleep(0.3)
        self.assertIsNone(page.eval("window.pwned || null"))
        self.assertEqual(page.eval("document.querySelectorAll('#sg-main img').length"), 0)
        self.assertTrue(page.eval("[...document.querySelectorAll('[data-kind=component_v2]')]"
                                  ".some(e => e.shadowRoot === null && "
                                  "JSON.parse(e.dataset.sgV2).name.startsWith('<img'))"))
        self.assertEqual(page.dialogs, [])

    def test_theme_variables_follow_the_page_theme(self):
        page = self.open()
        page.wait_for("window.v2log", what="a mount")
        var = (f"getComputedStyle({_v2_host()}.querySelector('.t'))"
               f".getPropertyValue('--st-background-color').trim()")
        self.assertEqual(page.eval(var), "#ffffff")
        page.eval("document.querySelector('[data-sg-menu=theme][value=dark]').click()")
        page.wait_for(f"{var} === '#0e1117'", what="the dark background inside the shadow root")
        self.assertEqual(page.eval(f"getComputedStyle({_v2_host()}.querySelector('.t')).color"),
                         "rgb(255, 75, 75)")

    def test_oversized_state_is_refused_and_the_page_keeps_working(self):
        page = self.open()
        page.wait_for("window.v2plain", what="the plain component")
        page.eval("document.querySelector('#key-p .p').click()")     # 300 kB: over the limit
        page.wait_for("document.getElementById('sg-toasts') && "
                      "document.getElementById('sg-toasts').innerText.includes('INVALID_MESSAGE')",
                      what="the refusal")
        self.assertIn("plain=None", page.text())
        page.eval("document.querySelector('#key-p .q').click()")
        page.wait_for(self.has_text("plain=small"), what="a good value after the bad one")

    def test_routes_csp_and_traversal(self):
        port = self.server.port
        status, headers, body = get(port, "/")
        csp = headers["content-security-policy"]
        self.assertIn("script-src 'self';", csp)
        self.assertNotIn("unsafe-inline'; style", csp.split("script-src")[1][:30])
        page = self.open()
        page.wait_for("window.v2log", what="a mount")
        js_url = page.eval("JSON.parse(document.querySelector('#key-c').dataset.sgV2).js")
        self.assertRegex(js_url, r"^/component-v2/inline/[0-9a-f]{32}\.js$")
        status, headers, body = get(port, js_url)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/javascript; charset=utf-8")
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertIn(b"setTriggerValue", body)
        status, headers, body = get(port, "/component-v2/my-pkg.widget/main-abc123.js")
        self.assertEqual((status, headers["content-type"]), (200, "text/javascript; charset=utf-8"))
        self.assertIn("sandbox", headers["content-security-policy"])
        status, headers, _ = get(port, "/component-v2/my-pkg.widget/style.css")
        self.assertEqual((status, headers["content-type"]), (200, "text/css; charset=utf-8"))
        for bad in ("/component-v2/my-pkg.widget/../secret.txt",
                    "/component-v2/my-pkg.widget/%2e%2e/secret.txt",
                    "/component-v2/my-pkg.widget/..%2fsecret.txt",
                    "/component-v2/my-pkg.widget/%2fetc%2fpasswd",
                    "/component-v2/my-pkg.widget/",
                    "/component-v2/counter/x.js",                  # inline: no asset_dir
                    "/component-v2/inline/" + "0" * 32 + ".js",
                    "/component-v2/inline/../../app.py",
                    "/component-v2/nope/main.js"):
            self.assertEqual(get(port, bad)[0], 404, bad)


class ComponentsV2ProtocolTests(ServerCase):
    """State and trigger values on the wire: the limits, refused as INVALID_MESSAGE."""
    APP = V2_INLINE_APP + "\n" + _API_RUN_MARKER
    FILES = V2_PKG_FILES

    def test_state_and_trigger_values_and_their_limits(self):
        page = api_connect(self)
        page.act("key-c", {"count": 7})
        self.assertIn("count=7 pinged=None calls=1", page.texts())
        page.act("key-c-events", [{"event": "pinged", "value": [1, 2]}])
        self.assertIn("count=7 pinged=[1, 2] calls=1", page.texts())
        for bad in ([1, 2], "text", {"": 1}, {"k" * 101: 1},
                    {f"k{i}": i for i in range(101)}, {"count": "x" * 300_000}):
            err = page.refused("key-c", bad)
            self.assertEqual(err["code"], "INVALID_MESSAGE", repr(bad)[:80])
        for bad in ([], [{"event": 1}], [{"event": "a", "extra": 1}], "pinged",
                    [{"event": "a"}] * 33):
            err = page.refused("key-c-events", bad)
            self.assertEqual(err["code"], "INVALID_MESSAGE", repr(bad)[:80])
        self.assertEqual(page.refused("key-nope-events", [{"event": "a"}])["code"],
                         "COMPONENT_NOT_FOUND")
        page.act("key-c", {"count": 8})
        self.assertIn("count=8 pinged=None calls=2", page.texts())


V2_DATA_APP = """
import streamlit as st
show = st.components.v2.component("show", html="<i></i>")
try:
    import pandas as pd
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", None], "c": [0.5, float("nan")]})
except ImportError:
    frame = None
show(key="mixed", data={"df": frame, "nan": float("inf"), "t": (1, "two"), "when": None})
show(key="whole", data=frame)
show(key="raw", data=b"\\x00\\xffok")
""" + _API_RUN_MARKER


class ComponentsV2DataTests(ServerCase):
    """`data` in the page: DataFrames as records, bytes as base64, JSON kept standard."""
    APP = V2_DATA_APP

    def test_frames_bytes_and_non_finite_numbers(self):
        need_module(self, "pandas")
        page = api_connect(self)

        def data(cid):
            m = re.search(r'id="%s"[^>]*data-sg-data="([^"]*)"' % cid, page.html)
            self.assertIsNotNone(m, cid)
            return json.loads(_html.unescape(m.group(1)))

        records = [{"a": 1, "b": "x", "c": 0.5}, {"a": 2, "b": None, "c": None}]
        self.assertEqual(data("key-mixed"), {"df": records, "nan": None, "t": [1, "two"],
                                             "when": None})
        self.assertEqual(data("key-whole"), records)
        self.assertEqual(base64.b64decode(data("key-raw")), b"\x00\xffok")
        cfg = re.search(r'id="key-raw"[^>]*data-sg-v2="([^"]*)"', page.html).group(1)
        self.assertTrue(json.loads(_html.unescape(cfg))["bytes"])


class ComponentsV2ApiTests(unittest.TestCase):
    """Mistakes in component() and the mount call get Streamlit's kind of message."""

    def check(self, body: str, wanted: str):
        at = AppTest.from_string("import streamlit as st\n" + body).run()
        self.assertTrue(at.exception, body)
        self.assertIn(wanted, at.exception[0].value, body)

    def test_refusals(self):
        c = 'c = st.components.v2.component("c", html="<i></i>")\n'
        self.check(c + 'c(width=0)', "Invalid width value")
        self.check(c + 'c(height="tall")', "Invalid height value")
        self.check(c + 'c(default={"v": 1})', "no on_v_change callback")
        self.check(c + 'c(default={"v": 1}, on_v_change=None)', "no on_v_change callback")
        self.check(c + 'c(on__change=lambda: None)', "names no state or trigger")
        self.check('st.components.v2.component("x" * 201)', "1 to 200 characters")
        self.check('st.components.v2.component("c", js=b"x")', "`js` must be a string")
        self.check('st.components.v2.component("c", js="index-*.js")',
                   "must be declared in a pyproject.toml")
        self.check(c + 'c(data=b"x" * (17 * 1024 * 1024))', "bytes as JSON")

    def test_result_reads_as_keys_and_attributes(self):
        at = AppTest.from_string(
            'import streamlit as st\n'
            'c = st.components.v2.component("c", html="<i></i>")\n'
            'r = c(key="k", default={"sel": {"points": [1]}}, on_sel_change=lambda: None,\n'
            '      on_go_change=lambda: None)\n'
            'st.text(f"{r.sel.points} {r[\'go\']} {sorted(r)} {st.session_state.k}")\n').run()
        self.assertFalse(at.exception)
        self.assertEqual(at.text[0].value, "[1] None ['go', 'sel'] {'sel': {'points': [1]}}")


V2_KEYUP_APP = '''
import streamlit as st
from st_keyup import st_keyup

value = st_keyup("Enter a value", key="0")
st.write(value)
'''


class ComponentsV2KeyupBrowserTests(BrowserCase):
    APP = V2_KEYUP_APP

    def test_draws_and_each_keystroke_reaches_python(self):
        need_module(self, "st_keyup", load=False)
        page = self.open()
        inp = "document.querySelector('[data-kind=component_v2] .sg-v2-root').shadowRoot" \
              ".querySelector('input')"
        page.wait_for(f"{inp} && {inp}.getBoundingClientRect().width > 100", what="the input")
        # the label is written by the package's module once it has loaded
        page.wait_for("document.querySelector('[data-kind=component_v2] .sg-v2-root')"
                      ".shadowRoot.querySelector('label').textContent === 'Enter a value'",
                      what="the label the module writes")
        page.eval(f"{inp}.focus()")
        page.type("hey")                                  # no Enter: every key counts
        page.wait_for(self.has_text("hey"), what="the typed value in Python")
        page.type("!")
        page.wait_for(self.has_text("hey!"), what="one more keystroke")
        self.assertEqual(page.eval(f"{inp}.value"), "hey!")
        self.assertNoConsoleErrors(page)


V2_ECHARTS_APP = '''
import streamlit as st
from streamlit_echarts import st_echarts

options = {
    "xAxis": {
        "type": "category",
        "data": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    },
    "yAxis": {"type": "value"},
    "series": [{"data": [820, 932, 901, 934, 1290, 1330, 1320], "type": "bar"}],
}

result = st_echarts(options=options, on_select="rerun", selection_mode="points", key="my_chart")

selected = result["selection"]
if selected["point_indices"]:
    st.write("Selected indices:", selected["point_indices"])
'''


class ComponentsV2EchartsBrowserTests(BrowserCase):
    APP = V2_ECHARTS_APP

    def test_draws_and_a_click_on_a_bar_selects_it(self):
        need_module(self, "streamlit_echarts", load=False)
        page = self.open()
        canvas = "document.querySelector('[data-kind=component_v2] canvas')"
        page.wait_for(f"{canvas} && {canvas}.getBoundingClientRect().height > 100",
                      what="the chart's canvas")
        # drawn: some pixels of the canvas are not blank
        self.assertTrue(page.wait_for(f"""(() => {{ const c = {canvas};
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < d.length; i += 4 * 97) if (d[i]) return true; return false; }})()""",
            what="pixels on the canvas"))
        # a real click in the middle of the bar chart's last bar (Sun, index 6)
        x, y = page.eval(f"""(() => {{ const r = {canvas}.getBoundingClientRect();
            return [r.left + r.width * 0.85, r.top + r.height * 0.7]; }})()""")
        for _ in range(3):               # echarts binds its handlers after its first paint
            page.cmd("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
            page.cmd("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left",
                     buttons=1, clickCount=1)
            page.cmd("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left",
                     buttons=0, clickCount=1)
            try:
                page.wait_for(self.has_text("Selected indices"), 3, what="the selection")
                break
            except AssertionError:
                continue
        page.wait_for(self.has_text("Selected indices"), 1, what="the selection")
        self.assertIn("6", page.eval("document.querySelector('#sg-main').innerText"
                                     ".split('Selected indices')[1]"))
        self.assertNoConsoleErrors(page)


V2_CANVAS_APP = '''
import pandas as pd
from PIL import Image
import streamlit as st
from streamlit_drawable_canvas import st_canvas

# Specify canvas parameters in application
drawing_mode = st.sidebar.selectbox(
    "Drawing tool:", ("point", "freedraw", "line", "rect", "circle", "polygon", "text")
)

stroke_width = st.sidebar.slider("Stroke width: ", 1, 25, 3)
if drawing_mode == "point":
    point_display_radius = st.sidebar.slider("Point display radius: ", 1, 25, 3)
stroke_color = st.sidebar.color_picker("Stroke color hex: ")
bg_color = st.sidebar.color_picker("Background color hex: ", "#eee")
bg_image = st.sidebar.file_uploader("Background image:", type=["png", "jpg"])

realtime_update = st.sidebar.checkbox("Update in realtime", True)


# Create a canvas component
canvas_result = st_canvas(
    fill_color="rgba(255, 165, 0, 0.3)",  # Fixed fill color with some opacity
    stroke_width=stroke_width,
    stroke_color=stroke_color,
    background_color=bg_color,
    background_image=Image.open(bg_image) if bg_image else None,
    update_streamlit=realtime_update,
    height=150,
    drawing_mode=drawing_mode,
    point_display_radius=point_display_radius if drawing_mode == "point" else 0,
    return_image_data=True,
    key="canvas",
)

# Do something interesting with the image data and paths
if canvas_result.image_data is not None:
    st.image(canvas_result.image_data)
if canvas_result.json_data is not None:
    objects = pd.json_normalize(
        canvas_result.json_data["objects"]
    )  # need to convert obj to str because PyArrow
    for col in objects.select_dtypes(include=["object"]).columns:
        objects[col] = objects[col].astype("str")
    st.dataframe(objects)
'''


class ComponentsV2CanvasBrowserTests(BrowserCase):
    APP = V2_CANVAS_APP

    def test_draws_and_a_point_reaches_python(self):
        need_module(self, "streamlit_drawable_canvas", load=False)
        for name in ("pandas", "PIL", "numpy"):
            need_module(self, name)
        page = self.open()
        canvas = ("document.querySelector('[data-kind=component_v2] .sg-v2-root').shadowRoot"
                  ".querySelector('canvas.upper-canvas')")
        page.wait_for(f"{canvas} && {canvas}.getBoundingClientRect().height > 100",
                      10, what="the drawing canvas")
        x, y = page.eval(f"""(() => {{ const r = {canvas}.getBoundingClientRect();
            return [r.left + 60, r.top + 60]; }})()""")
        page.cmd("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        page.cmd("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left",
                 buttons=1, clickCount=1)
        page.cmd("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left",
                 buttons=0, clickCount=1)
        # the point comes back as a row of st.dataframe (json_data) and an st.image
        page.wait_for("!!document.querySelector('#sg-main [data-kind=image] img')", 10,
                      what="the image data")
        grid = "document.querySelector('#sg-main [data-kind=dataframe]')"
        page.wait_for(f"{grid} && {grid}.dataset.n === '1' && "
                      f"/circle/i.test({grid}.querySelector('tbody').textContent)", 10,
                      what="the drawn point, one row of the data frame")
        self.assertNoConsoleErrors(page)


class MarkupHookBrowserTests(BrowserCase):
    """CSS written against Streamlit's data-testid / st* class hooks styles the same elements."""
    APP = MARKUP_HOOKS_APP

    def test_user_css_finds_each_element(self):
        # Each snippet sets a colour of its own in a custom property of its own: an
        # element styled by it has the colour and its parent has not (so the
        # selector matched the element itself, not an ancestor it inherits from).
        css = "".join(f"{sel} {{ --hook{k}: rgb(1, 2, {k}) }}"
                      for k, (sel, _) in enumerate(MARKUP_SNIPPETS))
        server = AppServer(MARKUP_HOOKS_APP.replace('st.session_state.get("css", "")', repr(css)),
                           "--quiet", "--no-reload").start()
        self.addCleanup(server.stop)
        page = self.open(f"http://127.0.0.1:{server.port}/")
        page.wait_for(self.has_text("tab one") + " && " + self.has_text("side"))
        got = page.eval("(" + json.dumps([t for _, t in MARKUP_SNIPPETS]) + ").map(t => {"
                        "const e = document.querySelector(t);"
                        "return e ? [e, e.parentElement].map((x, i) => getComputedStyle(x)"
                        ".getPropertyValue('--hook' + k).trim()) : null; })"
                        .replace("t => {", "(t, k) => {"))
        for k, ((sel, target), colours) in enumerate(zip(MARKUP_SNIPPETS, got)):
            with self.subTest(selector=sel):
                self.assertIsNotNone(colours, f"no element {target}")
                self.assertEqual(colours, [f"rgb(1, 2, {k})", ""], f"{sel} -> {target}")
        self.assertNoConsoleErrors(page)

    def test_status_widget_only_while_running(self):
        page = self.open()
        page.wait_for(self.has_text("tab one"))
        shown = "getComputedStyle(document.querySelector('[data-testid=stStatusWidget]')).display"
        self.assertEqual(page.eval(shown), "none")
        page.eval("document.documentElement.setAttribute('data-sg-running', '1')")
        self.assertNotEqual(page.eval(shown), "none")


class MarkupHookTests(ServerCase):
    """Without a browser: each kind's root carries Streamlit's data-testid and st* class."""
    APP = MARKUP_HOOKS_APP + _API_RUN_MARKER

    KINDS = (("header", "stHeading"), ("markdown", "stMarkdownContainer"),
             ("caption", "stCaptionContainer"), ("button", "stButton"),
             ("text_input", "stTextInput"), ("checkbox", "stCheckbox"),
             ("selectbox", "stSelectbox"), ("slider", "stSlider"), ("radio", "stRadio"),
             ("number_input", "stNumberInput"), ("text_area", "stTextArea"),
             ("metric", "stMetric"), ("info", "stAlert"), ("warning", "stAlert"),
             ("code", "stCode"), ("json", "stJson"), ("progress", "stProgress"),
             ("table", "stTable"), ("dataframe", "stDataFrame"), ("expander", "stExpander"),
             ("form", "stForm"), ("form_submit_button", "stFormSubmitButton"),
             ("columns", "stHorizontalBlock"), ("column", "stColumn"),
             ("container", "stVerticalBlock"), ("tabs", "stTabs"), ("tab", "stTabPanel"),
             ("chat_message", "stChatMessage"), ("file_uploader", "stFileUploader"))

    def test_each_kind_has_its_hook(self):
        page = api_connect(self)
        for kind, tid in self.KINDS:
            with self.subTest(kind=kind):
                ids = api_ids(page.html, kind)
                self.assertTrue(ids, kind)
                head = api_element(page.html, ids[0]).split(">", 1)[0]
                self.assertIn(f'data-testid="{tid}"', head)
                cls = re.search(r'class="([^"]*)"', head).group(1).split()
                self.assertIn("st" + tid[2:] if kind not in ("markdown", "caption")
                              else "stMarkdown", cls)
                self.assertEqual(f'data-kind="{kind}"' in head, True)   # protocol §6 kept
        html = page.html
        for inner in ("stMetricValue", "stMetricLabel", "stMetricDelta", "stWidgetLabel",
                      "stBaseButton-secondary", "stBaseButton-primaryFormSubmit",
                      "stAlertContainer", "stExpanderDetails", "stTab", "stChatMessageContent",
                      "stFileUploaderDropzone", "stSidebar", "stAppViewContainer",
                      "stMainBlockContainer"):
            self.assertIn(f'data-testid="{inner}"', html)
        self.assertIn("st-key-mykey", api_element(html, "key-mykey").split(">", 1)[0])
        self.assertRegex(html, r'data-testid="stVerticalBlock" class="[^"]*\bst-key-box\b')
        self.assertRegex(html, r'data-testid="stForm" class="[^"]*\bst-key-f1\b')

    def test_page_frame_hooks(self):
        status, headers, body = get(self.port, "/")
        for hook in ('class="stApp" data-testid="stApp"', 'data-testid="stHeader"',
                     'data-testid="stToolbar"', 'data-testid="stStatusWidget"',
                     'id="MainMenu"'):
            self.assertIn(hook, body.decode())

    def test_keys_become_safe_class_names(self):
        for key, cls in ((" my key! ", "st-key-my-key-"), ('"><b>x', "st-key----b-x"),
                         ("a_b-C9", "st-key-a_b-C9"), (7, "st-key-7")):
            with self.subTest(key=key):
                h = sg.render_node(sg._Node("button", "key-x", {
                    "label": "B", "_key": key, "type": "secondary"}), "")
                self.assertIn(f" {cls} ", h.split(">", 1)[0])
        for props, tid in (({"_tid": "stPlotlyChart"}, "stPlotlyChart"),
                           ({"_kind": "plotly_chart"}, "stPlotlyChart"),
                           ({}, "stVegaLiteChart")):
            h = sg.render_node(sg._Node("chart", "c", dict(props, svg="<svg></svg>")), "")
            self.assertTrue(h.startswith(f'<div data-testid="{tid}" class="{tid} '), h)


MENU_APP = """
import streamlit_go as st
@st.cache_data
def stamp():
    st.session_state["computed"] = st.session_state.get("computed", 0) + 1
    return 1
stamp()
st.text(f"computed={st.session_state.get('computed', 0)}")
st.text(f"theme={st.context.theme.type}|{st.context.theme['type']}")
st.title("Menu app")
st.info("An alert")
st.button("A button")
st.text_input("Some text")
st.session_state["_n"] = st.session_state.get("_n", 0) + 1
st.text(f"run={st.session_state['_n']}")
"""


class MenuThemeTests(ServerCase):
    """The main menu's rerun message (Rerun, Clear cache, theme) and theme.* options."""
    APP = MENU_APP

    def rerun(self, page, data):
        n = page.run()
        page.ws.send("rerun", data)
        page.pump(lambda: (page.run() or 0) > n, 10, "the menu's rerun")

    def test_rerun_clear_cache_and_theme(self):
        page = api_connect(self)
        self.assertEqual(page.out("theme"), "light|light")
        self.assertEqual(page.out("computed"), "1")
        self.rerun(page, {})
        self.assertEqual(page.out("computed"), "1")          # a rerun keeps the cache
        self.rerun(page, {"clearCache": True})
        self.assertEqual(page.out("computed"), "2")          # Clear cache empties it
        self.rerun(page, {"theme": "dark"})
        self.assertEqual(page.out("theme"), "dark|dark")

    def test_the_page_url_tells_the_theme(self):
        page = api_connect(self, "sgTheme=dark&x=1")
        self.assertEqual(page.out("theme"), "dark|dark")
        page2 = api_connect(self, "sgTheme=purple")           # not a theme: the default
        self.assertEqual(page2.out("theme"), "light|light")

    def test_bad_rerun_messages_are_refused(self):
        for data in ({"theme": "blue"}, {"clearCache": "yes"}, [1], {"theme": None}):
            with self.subTest(data=data):
                with self.assertRaises(sg.ProtocolError) as cm:
                    sg.parse_message(json.dumps({"type": "rerun", "session_id": "s",
                                                 "data": data}))
                self.assertEqual(cm.exception.code, "INVALID_MESSAGE")
        self.assertEqual(sg.parse_message('{"type": "rerun", "session_id": "s"}')["data"], {})


class ThemeOptionTests(unittest.TestCase):
    """theme.* options become the page's CSS variables; only strict CSS values get in."""

    def test_no_options_no_style(self):
        with mock.patch.dict(sg._OPTIONS, {}, clear=False):
            for k in [k for k in sg._OPTIONS if k.startswith("theme.") and k != "theme.base"]:
                sg._OPTIONS.pop(k)
            sg._OPTIONS["theme.base"] = None
            self.assertEqual(sg.theme_css(), "")
            self.assertNotIn(b"<style>", sg.render_page("s", "/", "t", None, 1000))

    def test_options_become_variables(self):
        with mock.patch.dict(sg._OPTIONS, {
                "theme.base": "dark", "theme.primaryColor": "#FF4B4B",
                "theme.backgroundColor": "rgb(10, 20, 30)", "theme.textColor": "white",
                "theme.secondaryBackgroundColor": "#123", "theme.font": "serif",
                "theme.baseRadius": "12px", "theme.light.backgroundColor": "#fafafa"}):
            css = sg.theme_css()
            page = sg.render_page("s", "/", "t", None, 1000).decode()
        light, dark = re.findall(r"html\[data-theme=(?:light|dark)\]\{([^}]*)\}", css)
        self.assertIn("--sg-bg:rgb(10, 20, 30)", dark)       # theme.X: the theme.base one
        self.assertIn("--sg-fg:white", dark)
        self.assertIn("--sg-soft:#123", dark)
        self.assertIn("--sg-bg:#fafafa", light)              # theme.light.X: light only
        self.assertNotIn("--sg-fg", light)
        for rule in (light, dark):                           # shared by both
            self.assertIn("--sg-primary:#FF4B4B", rule)
            self.assertIn("--sg-radius:12px", rule)
            self.assertIn("serif", rule)
        self.assertIn(css, page)
        self.assertIn('"theme": "dark"', page)              # the default the client shows

    def test_hostile_values_are_left_out(self):
        for value in ("red;}</style><script>", "#12345", "url(x)", "rgb(1,2,3);x:y",
                      "expression(alert(1))", "\u00e9t\u00e9", "#fff\n}", 12, None):
            with self.subTest(value=value), mock.patch.dict(sg._OPTIONS, {
                    "theme.primaryColor": value, "theme.baseRadius": value,
                    "theme.font": value, "theme.backgroundColor": value}):
                self.assertEqual(sg.theme_css(), "")
        with mock.patch.dict(sg._OPTIONS, {"theme.baseRadius": "full", "theme.font": "monospace"}):
            self.assertIn("--sg-radius:1.4rem", sg.theme_css())
            self.assertIn("monospace", sg.theme_css())


# -- 25 ----------------------------------------------------------------------------
class MainMenuBrowserTests(BrowserCase):
    """The main menu: Rerun, Clear cache, the theme (kept in localStorage) and Print."""
    APP = MENU_APP

    def menu(self, page, item):
        page.eval("document.querySelector('#MainMenu summary').click()")
        page.wait_for("document.getElementById('MainMenu').open", 3)
        page.eval(f"document.querySelector('[data-sg-menu={item}]').click()")

    def pick_theme(self, page, value):
        page.eval(f"document.querySelector('[data-sg-menu=theme][value={value}]').click()")

    def test_menu_items_and_themes(self):
        page = self.open()
        page.wait_for(self.has_text("run=1"))
        self.assertEqual(page.eval("document.documentElement.dataset.theme"), "light")
        self.assertIn("theme=light|light", page.text())
        self.menu(page, "rerun")
        page.wait_for(self.has_text("run=2"), what="Rerun to rerun the script")
        self.assertFalse(page.eval("document.getElementById('MainMenu').open"))
        self.assertIn("computed=1", page.text())
        self.menu(page, "clear")
        page.wait_for(self.has_text("run=3") + " && " + self.has_text("computed=2"),
                      what="Clear cache to empty st.cache_data and rerun")
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        page.screenshot(os.path.join(tmp, "light.png"))
        bg = "getComputedStyle(document.body).backgroundColor"
        light_bg = page.eval(bg)
        self.pick_theme(page, "dark")
        page.wait_for(self.has_text("theme=dark|dark"), what="st.context.theme to follow")
        self.assertEqual(page.eval("document.documentElement.dataset.theme"), "dark")
        self.assertEqual(page.eval(bg), "rgb(14, 17, 23)")
        self.assertNotEqual(page.eval(bg), light_bg)
        self.assertEqual(page.eval("localStorage.getItem('sg-theme')"), "dark")
        time.sleep(0.2)
        page.screenshot(os.path.join(tmp, "dark.png"))
        if os.environ.get("SG_KEEP_SCREENSHOTS"):
            for name in ("light.png", "dark.png"):
                shutil.copy(os.path.join(tmp, name), os.path.join(
                    os.environ["SG_KEEP_SCREENSHOTS"], name))
        page.eval("location.reload()")                       # the choice persists
        time.sleep(0.3)
        page.wait_for("window.streamlitGo && window.streamlitGo.state === 'connected' && " +
                      self.has_text("theme=dark|dark"), 10, what="the theme after a reload")
        self.assertEqual(page.eval("document.querySelector('[data-sg-menu=theme]"
                                   "[aria-pressed=true]').value"), "dark")
        self.pick_theme(page, "light")
        page.wait_for(self.has_text("theme=light|light"))
        self.assertEqual(page.eval(bg), light_bg)
        page.eval("window.print = () => { window.printed = true; }")
        self.menu(page, "print")
        self.assertTrue(page.eval("window.printed === true"))
        self.assertNoConsoleErrors(page)


THEMED_APP = """
import streamlit as st
st.title("Themed")
st.button("Primary", type="primary", key="p")
st.text_input("Name", key="n")
st.line_chart({"y": [1, 3, 2, 4]})
st.sidebar.selectbox("Side", ["a", "b"])
st.text(f"theme={st.context.theme.type}")
"""

THEMED_CONFIG = """
[theme]
base = "dark"
primaryColor = "#ff4b4b"
backgroundColor = "#101820"
textColor = "#f2f2f2"
font = "serif"
baseRadius = "full"
[theme.light]
backgroundColor = "#fff8e7"
"""


class ThemedConfigBrowserTests(BrowserCase):
    """[theme] in .streamlit/config.toml styles the page in both themes (screenshots)."""
    APP = THEMED_APP
    FILES = {".streamlit/config.toml": THEMED_CONFIG}

    def test_theme_options_style_light_and_dark(self):
        page = self.open()
        page.wait_for("document.body.innerText.includes('theme=dark')", 10,
                      what="theme.base = dark to be the first theme")
        css = lambda sel, prop: page.eval(  # noqa: E731
            f"getComputedStyle(document.querySelector({json.dumps(sel)})).{prop}")
        self.assertEqual(css("body", "backgroundColor"), "rgb(16, 24, 32)")
        self.assertEqual(css("body", "color"), "rgb(242, 242, 242)")
        self.assertEqual(css(".st-key-p button", "backgroundColor"), "rgb(255, 75, 75)")
        self.assertIn("Georgia", css("body", "fontFamily"))
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        page.screenshot(os.path.join(tmp, "themed-dark.png"))
        page.eval("document.querySelector('#MainMenu summary').click()")
        page.eval("document.querySelector('[data-sg-menu=theme][value=light]').click()")
        page.wait_for("document.body.innerText.includes('theme=light')", 10,
                      what="the menu's light theme")
        self.assertEqual(css("body", "backgroundColor"), "rgb(255, 248, 231)")
        self.assertEqual(css(".st-key-p button", "backgroundColor"), "rgb(255, 75, 75)")
        page.eval("document.getElementById('MainMenu').open = false")
        time.sleep(0.2)
        page.screenshot(os.path.join(tmp, "themed-light.png"))
        if os.environ.get("SG_KEEP_SCREENSHOTS"):
            for name in ("themed-dark.png", "themed-light.png"):
                shutil.copy(os.path.join(tmp, name), os.path.join(
                    os.environ["SG_KEEP_SCREENSHOTS"], name))
        self.assertNoConsoleErrors(page)


# =============================================================================
# 6b. Components v1 in a real browser: packages from PyPI
# =============================================================================
# declare_component's folder route, the Arrow IPC writer and reader, hostile
# values and messages, then real packages from PyPI (installed by .ci/run into
# the integrations virtualenv), each in an app written as its README shows,
# drawn in Chromium and used by a real click or keystroke in its frame.

ECHO_COMPONENT_HTML = """<!doctype html><html><body>
<div id="out">waiting</div><button id="send" type="button">send</button>
<script>
// A v1 component written against the message contract alone (no library).
var clicks = 0;
window.renders = [];
function post(m) { m.isStreamlitMessage = true; parent.postMessage(m, "*"); }
window.addEventListener("message", function (e) {
  if (!e.data || e.data.type !== "streamlit:render") return;
  window.renders.push({ t: performance.now(), args: e.data.args, dfs: e.data.dfs,
                        theme: e.data.theme, disabled: e.data.disabled });
  document.getElementById("out").textContent = "label:" + e.data.args.label +
    " n:" + e.data.args.n + " blob:" + Array.from(e.data.args.blob).join(",");
  post({ type: "streamlit:setFrameHeight", height: 123 });
});
document.getElementById("send").onclick = function () {
  clicks++;
  post({ type: "streamlit:setComponentValue", value: { clicks: clicks }, dataType: "json" });
};
post({ type: "streamlit:componentReady", apiVersion: 1 });
</script></body></html>
"""

ECHO_COMPONENT_APP = """
import os
import streamlit as st
import streamlit.components.v1 as components
from streamlit.components.v1.components import CustomComponent

here = os.path.dirname(os.path.abspath(__file__))
echo = components.declare_component("echo", path=os.path.join(here, "echo"))
assert isinstance(echo, CustomComponent)
marked = components.declare_component("<img src=x onerror=alert(1)>", path=os.path.join(here, "echo"))
if st.button("Rerun"):
    st.session_state.reruns = st.session_state.get("reruns", 0) + 1
seen = st.session_state.get("e1")
v = echo(label="<b>hi</b>", n=seen.get("clicks", 0) if isinstance(seen, dict) else 0, blob=b"\\x00\\x01\\xff", key="e1",
         default={"clicks": 0}, on_change=lambda: st.session_state.update(changed=True))
st.write(f"value={v!r} changed={st.session_state.get('changed', False)} "
         f"reruns={st.session_state.get('reruns', 0)}")
marked(label="x", n=0, blob=b"", key="m1")
components.html("<script>parent.postMessage({isStreamlitMessage: true, type: "
                "'streamlit:setComponentValue', value: {clicks: 99}, dataType: 'json'}, '*')"
                "</script>", height=20)
"""

ECHO_FILES = {"echo/index.html": ECHO_COMPONENT_HTML, "echo/app.js": "var x = 1;\\n",
              "echo/style.css": "body{}", "secret.txt": "not for the component route"}


def need_package(test: unittest.TestCase, module: str):
    """A component package in the integrations virtualenv; skip without it (fail in CI).

    Found with find_spec, not imported: it imports `streamlit`, which only our
    runner provides.
    """
    if PLAIN:
        raise unittest.SkipTest(f"--plain: the {module} tests are left out")
    if importlib.util.find_spec(module) is None:
        if IN_CI:
            test.fail(f"{module} is not installed (CI=true: .ci/run installs it)")
        raise unittest.SkipTest(f"{module} is not installed (see .ci/run)")


def frame_eval(page, frame: str, js: str):
    """Evaluate `js` (an expression over `doc`, the frame's document) in a same-origin frame."""
    return page.eval(f"""(() => {{ const f = document.querySelector({json.dumps(frame)});
        const doc = f && f.contentDocument; if (!doc) return null; return ({js}); }})()""")


def frame_wait(page, frame: str, selector: str, timeout: float = 15.0):
    """Wait until an element matching selector exists inside the frame."""
    page.wait_for(f"""(() => {{ const f = document.querySelector({json.dumps(frame)});
        return !!(f && f.contentDocument && f.contentDocument.querySelector(
            {json.dumps(selector)})); }})()""", timeout, what=f"{selector} in {frame}")


def frame_click(page, frame: str, selector: str, dx: float = 0.5, dy: float = 0.5):
    """Click like a user on an element inside a frame (real mouse events at its place)."""
    box = page.eval(f"""(() => {{
        const f = document.querySelector({json.dumps(frame)});
        f.scrollIntoView({{block: 'center'}});
        const el = f.contentDocument.querySelector({json.dumps(selector)});
        if (!el) return null;
        const a = f.getBoundingClientRect(), r = el.getBoundingClientRect();
        return [a.left + f.clientLeft + r.left + r.width * {dx},
                a.top + f.clientTop + r.top + r.height * {dy}, r.width, r.height];
    }})()""")
    if not box or box[2] <= 0 or box[3] <= 0:
        raise AssertionError(f"{selector!r} has no visible box in {frame!r}")
    x, y = box[0], box[1]
    page.cmd("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
    page.cmd("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left",
             buttons=1, clickCount=1)
    page.cmd("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left",
             buttons=0, clickCount=1)


class ComponentArrowTests(unittest.TestCase):
    """encode_arrow_stream / parse_arrow_stream, alone and against pyarrow."""

    COLUMNS = (["i", "f", "b", "s", "t", "tz", "n"],
               ["int", "float", "bool", "text", "datetime", "datetime", "int"],
               [[1, None, -2 ** 63], [1.5, None, -0.0], [True, None, False],
                ["a", None, "h\u00e9llo \U0001f600"],
                [dt.datetime(2020, 1, 2, 3, 4, 5, 6), None, dt.datetime(1969, 1, 1)],
                [dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc), None, None],
                [None, None, None]])

    def test_round_trip_on_our_own(self):
        names, kinds, cols = self.COLUMNS
        data = sg.encode_arrow_stream(names, kinds, cols)
        self.assertEqual(data[:4], b"\xff\xff\xff\xff")
        self.assertEqual(data[-8:], b"\xff\xff\xff\xff\x00\x00\x00\x00")
        self.assertEqual(len(data) % 8, 0)
        self.assertEqual(sg.parse_arrow_stream(data), (names, cols))
        self.assertEqual(sg.parse_arrow_stream(sg.encode_arrow_stream([], [], [])), ([], []))

    def test_pyarrow_reads_ours_and_we_read_pyarrows(self):
        pa = need_module(self, "pyarrow")
        names, kinds, cols = self.COLUMNS
        table = pa.ipc.open_stream(sg.encode_arrow_stream(names, kinds, cols)).read_all()
        self.assertEqual([str(t) for t in table.schema.types],
                         ["int64", "double", "bool", "string", "timestamp[us]",
                          "timestamp[us, tz=UTC]", "null"])
        got = [table.column(i).to_pylist() for i in range(table.num_columns)]
        self.assertEqual(got[:5] + got[6:], cols[:5] + cols[6:])
        self.assertEqual(got[5][0].timestamp(), cols[5][0].timestamp())
        theirs = pa.table({"u8": pa.array([1, 255], pa.uint8()), "f32": pa.array([0.5, None],
                           pa.float32()), "ls": pa.array(["x", "yz"], pa.large_string()),
                           "ns": pa.array([1_500_000_000_123_456_789, None], pa.timestamp("ns")),
                           "d": pa.array([dt.date(2024, 2, 29), None], pa.date32())})
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, theirs.schema) as w:
            w.write_table(theirs)
            w.write_table(theirs)                         # two record batches
        names2, cols2 = sg.parse_arrow_stream(sink.getvalue().to_pybytes())
        self.assertEqual(names2, ["u8", "f32", "ls", "ns", "d"])
        self.assertEqual(cols2[0], [1, 255, 1, 255])
        self.assertEqual(cols2[1], [0.5, None, 0.5, None])
        self.assertEqual(cols2[2], ["x", "yz", "x", "yz"])
        self.assertEqual(cols2[3][0], dt.datetime(2017, 7, 14, 2, 40, 0, 123456))
        self.assertEqual(cols2[4], [dt.date(2024, 2, 29), None] * 2)

    def test_every_truncation_and_corruption_is_a_value_error(self):
        names, kinds, cols = self.COLUMNS
        data = sg.encode_arrow_stream(names, kinds, cols)
        for n in range(len(data) - 1):
            with self.subTest(prefix=n):
                with self.assertRaises(ValueError):
                    sg.parse_arrow_stream(data[:n])
        rnd = random.Random(26)
        for trial in range(300):
            bad = bytearray(data)
            for _ in range(rnd.randint(1, 4)):
                bad[rnd.randrange(len(bad))] = rnd.randrange(256)
            try:
                sg.parse_arrow_stream(bytes(bad))
            except ValueError:
                pass                                      # refused: fine; anything else fails


class ComponentRouteTests(unittest.TestCase):
    """GET /component/NAME/PATH serves a declared folder only, under --root-path too."""

    @classmethod
    def setUpClass(cls):
        cls.server = AppServer(ECHO_COMPONENT_APP, "--quiet", "--no-reload",
                               "--root-path", "/app", files=ECHO_FILES).start()
        # The component is declared when the app first runs: one WebSocket session.
        with WSClient(cls.server.port, path="/app/ws?sessionId=x") as ws:
            cls.first = ws.recv_until(lambda m: m.get("type") == "ui_update")[-1]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_files_with_their_types_and_their_own_csp(self):
        port = self.server.port
        status, headers, body = get(port, "/app/component/app.echo/index.html")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertEqual(body.decode(), ECHO_COMPONENT_HTML)
        self.assertEqual(headers["content-security-policy"], sg.COMPONENT_FILE_CSP)
        self.assertIn("frame-ancestors 'self'", headers["content-security-policy"])
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertIn(get(port, "/app/component/app.echo/app.js")[1]["content-type"],
                      ("text/javascript; charset=utf-8", "application/javascript; charset=utf-8"))
        self.assertEqual(get(port, "/app/component/app.echo/style.css")[1]["content-type"],
                         "text/css; charset=utf-8")
        # the page keeps its own strict policy
        page_csp = get(port, "/app/")[1]["content-security-policy"]
        self.assertEqual(page_csp, sg.CSP)
        self.assertIn("script-src 'self';", page_csp)

    def test_traversal_and_undeclared_names_are_404(self):
        port = self.server.port
        for path in ("/app/component/app.echo/../secret.txt",
                     "/app/component/app.echo/%2e%2e/secret.txt",
                     "/app/component/app.echo/%2e%2e%2fsecret.txt",
                     "/app/component/app.echo/..%5csecret.txt",
                     "/app/component/app.echo//etc/passwd",
                     "/app/component/app.echo/%00index.html",
                     "/app/component/app.echo/",
                     "/app/component/app.nothing/index.html",
                     "/app/component/os/index.html",
                     "/component/app.echo/index.html"):         # outside --root-path
            with self.subTest(path=path):
                status, _, body = get(port, path)
                self.assertEqual(status, 404)
                self.assertNotIn(b"not for the component route", body)
        self.assertEqual(get(port, "/app/component/app.echo/index.html")[0], 200)

    def test_name_with_markup_is_escaped_and_quoted(self):
        html = self.first["data"]["html"]
        self.assertNotIn("<img src=x", html)
        self.assertIn("title=\"app.&lt;img src=x onerror=alert(1)&gt;\"", html)
        self.assertIn("component/app.%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/index.html",
                      html)
        status, _, body = get(self.server.port, "/app/component/app.%3Cimg%20src%3Dx%20onerror"
                                                "%3Dalert%281%29%3E/index.html")
        self.assertEqual((status, body.decode()), (200, ECHO_COMPONENT_HTML))

    def test_malformed_and_oversized_values_are_refused(self):
        with WSClient(self.server.port, path="/app/ws?sessionId=x") as ws:
            ws.recv_until(lambda m: m.get("type") == "ui_update")
            for value in (None, 5, "x", {"dataType": "xml", "value": 1},
                          {"dataType": "bytes", "value": "not base64!"},
                          {"dataType": "bytes", "value": 7},
                          {"dataType": "dataframe", "value": {"data": "AAAA"}},
                          {"dataType": "dataframe", "value": "x"}):
                with self.subTest(value=value):
                    ws.event("key-e1", value)
                    err = ws.recv_until(lambda m: m.get("type") == "error")[-1]
                    self.assertEqual(err["data"]["code"], "INVALID_MESSAGE")
            ws.event("key-e1", {"dataType": "json", "value": {"clicks": 4}})
            upd = ws.recv_until(lambda m: "changed=True" in json.dumps(m))
            self.assertIn("value={&#x27;clicks&#x27;: 4} changed=True", json.dumps(upd))
            self.assertIn("&quot;n&quot;:4", json.dumps(upd), "the new render carries it")
            ws.event("key-e1", {"dataType": "bytes",
                                "value": base64.b64encode(b"\x00hi").decode()})
            upd = ws.recv_until(lambda m: "value=b" in json.dumps(m))
            self.assertIn("value=b&#x27;\\\\x00hi&#x27;", json.dumps(upd))
            parts = sg._frame_to_arrow_parts({"city": ["Oslo", "Rome"], "temp": [3.5, 17.0]})
            ws.event("key-e1", {"dataType": "dataframe", "value": {
                k: base64.b64encode(v).decode() for k, v in parts.items()}})
            upd = json.dumps(ws.recv_until(lambda m: "Rome" in json.dumps(m)))
            self.assertIn("Oslo", upd)
            self.assertIn("17.0", upd)
        # one message past WS_MAX_MESSAGE closes that socket with 1009, nobody else's
        with WSClient(self.server.port, path="/app/ws?sessionId=x") as ws:
            ws.recv_until(lambda m: m.get("type") == "ui_update")
            ws.event("key-e1", {"dataType": "bytes",
                                "value": "A" * (sg.WS_MAX_MESSAGE + 16)})
            ev = ws.recv_event()
            while ev is not None and ev[0] != "close":
                ev = ws.recv_event()
            self.assertIsNotNone(ev)
        self.assertEqual(get(self.server.port, "/app/component/app.echo/index.html")[0], 200)


class ComponentBridgeBrowserTests(BrowserCase):
    """The frame bridge in Chromium: ready, render, height, values, reruns, other windows."""

    APP = ECHO_COMPONENT_APP
    FILES = ECHO_FILES
    FRAME = "#key-e1 iframe"

    def test_render_value_and_frame_kept_across_reruns(self):
        page = self.open()
        frame_wait(page, self.FRAME, "#out")
        page.wait_for(f"document.querySelector({json.dumps(self.FRAME)}).getAttribute('height')"
                      " === '123'", 10, what="setFrameHeight")
        self.assertEqual(frame_eval(page, self.FRAME, "doc.getElementById('out').textContent"),
                         "label:<b>hi</b> n:0 blob:0,1,255")
        r = frame_eval(page, self.FRAME, "doc.defaultView.renders[0]")
        self.assertEqual(r["theme"]["base"], "light")
        self.assertEqual(r["theme"]["primaryColor"], "#ff4b4b")
        self.assertEqual(set(r["theme"]), {"base", "primaryColor", "backgroundColor",
                                           "secondaryBackgroundColor", "textColor", "font"})
        self.assertEqual((r["args"]["key"], r["args"]["default"], r["disabled"], r["dfs"]),
                         ("e1", {"clicks": 0}, False, []))
        self.assertEqual(frame_eval(page, self.FRAME, "doc.defaultView.origin"),
                         page.eval("location.origin"), "the frame is same-origin")
        page.eval(f"document.querySelector({json.dumps(self.FRAME)}).contentWindow.mark = 7")
        frame_click(page, self.FRAME, "#send")
        page.wait_for(self.has_text("value={'clicks': 1} changed=True"), 10)
        frame_wait(page, self.FRAME, "#out")
        page.wait_for(f"document.querySelector({json.dumps(self.FRAME)}).contentDocument"
                      ".getElementById('out').textContent.includes('n:1')", 10,
                      what="the new render")
        page.click("[data-kind=button] button")
        page.wait_for(self.has_text("reruns=1"), 10)
        self.assertEqual(page.eval(f"document.querySelector({json.dumps(self.FRAME)})"
                                   ".contentWindow.mark"), 7, "the frame was reloaded")
        self.assertEqual(frame_eval(page, self.FRAME, "doc.defaultView.renders.length"), 2,
                         "a rerun with the same arguments posts no render")
        self.assertIn("value={'clicks': 1}", page.text())
        self.assertNoConsoleErrors(page)

    def test_messages_from_other_windows_are_ignored(self):
        page = self.open()
        frame_wait(page, self.FRAME, "#out")
        time.sleep(0.5)                   # components.html's frame has posted by now
        sent = page.ws_messages("sent")
        page.eval("window.postMessage({isStreamlitMessage: true, type: "
                  "'streamlit:setComponentValue', value: {clicks: 55}, dataType: 'json'}, '*')")
        page.eval("(() => { const w = window.open('about:blank'); w && w.close(); })()")
        time.sleep(0.5)
        events = [m for m in page.ws_messages("sent") if m.get("type") == "component_event"]
        self.assertEqual(events, [], f"a foreign window's message reached the server: {events}")
        self.assertIn("value={'clicks': 0}", page.text())
        self.assertGreaterEqual(len(sent), 0)
        # a frame that never said componentReady is not heard either
        page.eval("(() => { const f = document.querySelector('#key-m1 iframe');"
                  " f.contentWindow.parent.postMessage({isStreamlitMessage: true, type:"
                  " 'streamlit:setFrameHeight', height: 999}, '*'); })()")
        time.sleep(0.3)
        self.assertNotEqual(page.eval("document.querySelector('#key-m1 iframe')"
                                      ".getAttribute('height')"), "999")


# -- real packages from PyPI --------------------------------------------------------

COMPONENT_PACKAGE_PAGES = {
    "pages/option_menu.py": """
import streamlit as st
from streamlit_option_menu import option_menu
selected = option_menu("Main Menu", ["Home", 'Settings'],
    icons=['house', 'gear'], menu_icon="cast", default_index=1)
st.write(f"selected={selected}")
""",
    "pages/aggrid.py": """
import streamlit as st
import pandas as pd
from st_aggrid import AgGrid, GridOptionsBuilder
df = pd.DataFrame({"name": ["Ann", "Bob", "Cid"], "age": [31, 25, 40]})
gb = GridOptionsBuilder.from_dataframe(df)
gb.configure_selection("single")
grid = AgGrid(df, gridOptions=gb.build(), key="grid")
rows = grid["selected_rows"]
st.write("selected=" + ("none" if rows is None else ",".join(map(str, rows["name"]))))
""",
    "pages/autorefresh.py": """
import streamlit as st
from streamlit_autorefresh import st_autorefresh
count = st_autorefresh(interval=400, limit=3, key="fizzbuzzcounter")
st.write(f"count={count}")
""",
    "pages/extra.py": """
import streamlit as st
import extra_streamlit_components as stx
chosen_id = stx.tab_bar(data=[
    stx.TabBarItemData(id=1, title="ToDo", description="Tasks to take care of"),
    stx.TabBarItemData(id=2, title="Done", description="Tasks taken care of"),
    stx.TabBarItemData(id=3, title="Overdue", description="Tasks missed out")], default=1)
st.write(f"tab={chosen_id}")
cookie_manager = stx.CookieManager()
cookies = cookie_manager.get_all()
st.write(f"flavour={(cookies or {}).get('flavour')}")
""",
    "pages/image_coordinates.py": """
import streamlit as st
from PIL import Image
from streamlit_image_coordinates import streamlit_image_coordinates
value = streamlit_image_coordinates(Image.new("RGB", (200, 150), (200, 80, 40)), key="pil")
st.write(f"coords={value and (value['x'], value['y'])}")
""",
    "pages/card.py": """
import streamlit as st
from streamlit_card import card
hasClicked = card(title="Hello World!", text="Some description",
    image="data:image/gif;base64,R0lGODlhAQABAAAAACw=", url=None, key="card")
st.write(f"clicked={hasClicked}")
""",
    "pages/toggle.py": """
import streamlit as st
from streamlit_toggle import st_toggle_switch
on = st_toggle_switch(label="Enable", key="switch_1", default_value=False, label_after=False,
    inactive_color="#D3D3D3", active_color="#11567f", track_color="#29B5E8")
st.write(f"switch={on}")
""",
    "pages/code_editor.py": """
import streamlit as st
from code_editor import code_editor
response_dict = code_editor("x = 1", key="ed")
st.write(f"editor={response_dict['type']}:{response_dict['text']}")
""",
    "pages/js_eval.py": """
import streamlit as st
from streamlit_js_eval import streamlit_js_eval
x = streamlit_js_eval(js_expressions="window.parent.document.title + ' ' + 21 * 2", key="T")
st.write(f"js={x}")
""",
}

COMPONENT_PACKAGES_APP = """
import streamlit as st
st.title("Component packages")
"""


class ComponentPackagesBrowserTests(BrowserCase):
    """Nine v1 component packages from PyPI: each draws, and a user action returns its value."""

    APP = COMPONENT_PACKAGES_APP
    FILES = COMPONENT_PACKAGE_PAGES

    def visit(self, page_name: str, module: str):
        need_package(self, module)
        page = self.browser.new_page(None)
        self.addCleanup(page.close)
        page.goto(self.url + page_name)
        page.wait_for("!!document.querySelector('[data-kind=custom_component] iframe')", 15,
                      what="a component's frame")
        return page, "[data-kind=custom_component] iframe"

    def assertQuiet(self, page):
        """No console errors but the fonts a component asks a CDN for (offline here)."""
        errors = [e for e in page.console_errors if "ERR_NAME_NOT_RESOLVED" not in e
                  and "ERR_INTERNET_DISCONNECTED" not in e]
        self.assertEqual(errors, [])
        self.assertNotIn("Traceback", page.text())

    def test_option_menu(self):
        page, f = self.visit("option_menu", "streamlit_option_menu")
        frame_wait(page, f, ".nav-link")
        page.wait_for(self.has_text("selected=Settings"))
        self.assertEqual(frame_eval(page, f, "[...doc.querySelectorAll('.nav-link')]"
                                    ".map(a => a.textContent.trim())"), ["Home", "Settings"])
        frame_click(page, f, ".nav-link")
        page.wait_for(self.has_text("selected=Home"), 10)
        self.assertQuiet(page)

    def test_aggrid_with_pyarrow(self):
        need_module(self, "pyarrow")
        page, f = self.visit("aggrid", "st_aggrid")
        self.check_aggrid(page, f)

    def check_aggrid(self, page, f):
        frame_wait(page, f, ".ag-cell")
        page.wait_for(self.has_text("selected=none"))
        cells = frame_eval(page, f, "[...doc.querySelectorAll('.ag-cell')].map(c => c.textContent)")
        for text in ("Ann", "Bob", "Cid", "31", "25", "40"):
            self.assertIn(text, cells)
        frame_click(page, f, ".ag-row[row-index='1'] .ag-cell")
        page.wait_for(self.has_text("selected=Bob"), 10)
        self.assertQuiet(page)

    def test_aggrid_without_pyarrow(self):
        need_package(self, "st_aggrid")
        blocker = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, blocker, True)
        os.mkdir(os.path.join(blocker, "pyarrow"))
        with open(os.path.join(blocker, "pyarrow", "__init__.py"), "w") as fh:
            fh.write("raise ImportError('pyarrow is blocked for this test')\n")
        env = dict(os.environ, PYTHONPATH=blocker + os.pathsep + os.environ.get("PYTHONPATH", ""))
        app = COMPONENT_PACKAGE_PAGES["pages/aggrid.py"].replace(
            "import pandas as pd", "import pandas as pd\nimport sys\n"
            "st.write(f'pyarrow={sys.modules.get(\"pyarrow\") is not None}')")
        server = AppServer(app, "--quiet", "--no-reload", env=env).start()
        self.addCleanup(server.stop)
        page = self.browser.new_page(None)
        self.addCleanup(page.close)
        page.goto(f"http://127.0.0.1:{server.port}/")
        page.wait_for(self.has_text("pyarrow=False"), 15)
        self.check_aggrid(page, "[data-kind=custom_component] iframe")

    def test_autorefresh(self):
        page, f = self.visit("autorefresh", "streamlit_autorefresh")
        page.wait_for(self.has_text("count=2"), 15, what="the frame's timer to count")
        self.assertEqual(page.eval("document.querySelector('[data-kind=custom_component] "
                                   "iframe').getAttribute('height')"), "0")
        self.assertQuiet(page)

    def test_extra_streamlit_components_tab_bar_and_cookies(self):
        need_package(self, "extra_streamlit_components")
        page = self.browser.new_page(None)
        self.addCleanup(page.close)
        page.goto(self.url)
        page.eval("document.cookie = 'flavour=mint; path=/'")
        page.goto(self.url + "extra")
        f = "[data-kind=custom_component] iframe"
        frame_wait(page, f, "body *")
        page.wait_for(self.has_text("tab=1"), 15)
        page.wait_for(self.has_text("flavour=mint"), 15,
                      what="the cookie manager to read the page's cookie (same origin)")
        frame_wait(page, f, "[role=button]")
        self.assertEqual(frame_eval(page, f, "[...doc.querySelectorAll('[role=button]')]"
                                    ".map(b => b.innerText.split('\\n')[0])"),
                         ["ToDo", "Done", "Overdue"])
        frame_click(page, f, "[role=button]:nth-child(2)")
        page.wait_for(self.has_text("tab=2"), 10)
        self.assertQuiet(page)

    def test_image_coordinates(self):
        need_module(self, "PIL")
        page, f = self.visit("image_coordinates", "streamlit_image_coordinates")
        frame_wait(page, f, "img")
        page.wait_for(self.has_text("coords=None"))
        page.wait_for(f"document.querySelector({json.dumps(f)}).contentDocument"
                      ".querySelector('img').complete", 10)
        frame_click(page, f, "img", 0.25, 0.5)
        page.wait_for(self.has_text("coords=(50, 75)"), 10)
        self.assertQuiet(page)

    def test_card(self):
        page, f = self.visit("card", "streamlit_card")
        frame_wait(page, f, "h2, .card")
        page.wait_for(self.has_text("clicked=False"))
        self.assertIn("Hello World!", frame_eval(page, f, "doc.body.innerText"))
        frame_click(page, f, ".card" if frame_eval(page, f, "!!doc.querySelector('.card')")
                    else "h2")
        page.wait_for(self.has_text("clicked=True"), 10)
        self.assertQuiet(page)

    def test_toggle_switch(self):
        page, f = self.visit("toggle", "streamlit_toggle")
        frame_wait(page, f, "input[type=checkbox]")
        page.wait_for(self.has_text("switch=False"))
        self.assertIn("Enable", frame_eval(page, f, "doc.body.innerText"))
        frame_click(page, f, "input[type=checkbox]")
        page.wait_for(self.has_text("switch=True"), 10)
        self.assertQuiet(page)

    def test_code_editor(self):
        page, f = self.visit("code_editor", "code_editor")
        frame_wait(page, f, ".ace_content")
        page.wait_for(self.has_text("editor=:"))
        self.assertIn("x = 1", frame_eval(page, f, "doc.body.innerText"))
        frame_click(page, f, ".ace_line > span")           # the first token, "x"
        page.wait_for(f"document.querySelector({json.dumps(f)}).contentDocument"
                      ".activeElement.classList.contains('ace_text-input')", 5,
                      what="the editor to take the focus")
        page.cmd("Input.insertText", text="2")
        for kind in ("rawKeyDown", "keyUp"):
            page.cmd("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                     windowsVirtualKeyCode=13, nativeVirtualKeyCode=13, modifiers=2)
        page.wait_for(self.has_text("editor=submit:"), 10, what="Ctrl+Enter to submit")
        self.assertRegex(page.text(), r"editor=submit:(2x|x2) = 1")
        self.assertQuiet(page)

    def test_js_eval(self):
        page, f = self.visit("js_eval", "streamlit_js_eval")
        page.wait_for("/js=.+ 42/.test(document.body.innerText)", 15,
                      what="the frame to evaluate in the page's origin and answer")
        self.assertIn(f"js={page.eval('document.title')} 42", page.text())
        self.assertQuiet(page)


# =============================================================================
# Runner
# =============================================================================


# =============================================================================
# Benchmark: python test_streamlit_go.py --bench [--quick]   (not part of the tests)
# =============================================================================
# Every figure is measured against processes started here (127.0.0.1 only):
# the streamlit_go server under test, baseline servers (a bare asyncio HTTP
# server, a bare asyncio TCP echo server) and load clients, each a separate
# process running a script written to a temp dir with this same python. The
# clients (BENCH_CLIENT below) are plain asyncio Protocols with a minimal
# WebSocket codec, so the server and the client each get a core of their own
# on a small machine. Every loop is bounded in count and in time; only the
# processes started here are stopped, by their Popen object (= by PID).
#


# A realistic page: 25+ components, widgets of most kinds, and one counter
# that changes per click ("Clicked N times": the only component a click changes).
BENCH_APP = """\
import streamlit_go as st

st.set_page_config(page_title="Bench dashboard")
st.title("Sales dashboard")
st.caption("A realistic page: text, widgets, a table, metrics and a counter.")
st.sidebar.header("Filters")
region = st.sidebar.selectbox("Region", ["North", "South", "East", "West"])
details = st.sidebar.checkbox("Show details", value=True)
st.header("Counter")
if "count" not in st.session_state:
    st.session_state.count = 0
if st.button("Add one"):
    st.session_state.count += 1
st.markdown(f"Clicked {st.session_state.count} times")
st.header("Inputs")
name = st.text_input("Customer name", value="Ada")
qty = st.slider("Quantity", 0, 100, 25)
price = st.number_input("Unit price", min_value=0.0, max_value=1000.0, value=9.5)
plan = st.radio("Plan", ["Free", "Pro", "Team"], index=1)
tags = st.multiselect("Tags", ["new", "vip", "churn-risk", "trial"], default=["new"])
notify = st.toggle("Email me", value=False)
st.divider()
c1, c2, c3 = st.columns(3)
c1.metric("Revenue", f"${qty * price:,.2f}", "4%")
c2.metric("Orders", qty, "-2")
c3.metric("Region", region)
st.info(f"{name} is on the {plan} plan in {region}.")
st.success("All systems nominal.")
st.warning("Two invoices are overdue.")
with st.expander("Details", expanded=details):
    st.markdown("Orders are *synced* every **5 minutes** from the `orders` table.")
    st.code("SELECT region, sum(total) FROM orders GROUP BY region;", language="sql")
st.table({"region": ["North", "South", "East", "West", "Central"],
          "orders": [120, 98, 143, 77, 66],
          "revenue": [1200.5, 980.25, 1430.0, 770.75, 660.0]})
st.json({"customer": name, "quantity": qty, "tags": tags, "notify": notify})
st.progress(qty / 100, text="Quota")
st.subheader("Notes")
st.write("Numbers are illustrative.")
st.caption("Built with streamlit_go.")
"""

# The same page plus a value every session reads from st.shared_state, and a
# button whose handler writes it.
BENCH_SHARED_APP = BENCH_APP + """
def _bump():
    st.shared_state["n"] = st.shared_state.get("n", 0) + 1

st.button("Bump shared", on_click=_bump)
st.markdown(f"Shared counter: {st.shared_state.get('n', 0)} bumps")
"""

# The same page, the shared value read inside a fragment: a write reruns only that
# fragment in each reader (see "Live multi-user apps" in the README).
BENCH_SHARED_FRAGMENT_APP = BENCH_APP + """
def _bump():
    st.shared_state["n"] = st.shared_state.get("n", 0) + 1

st.button("Bump shared", on_click=_bump)

@st.fragment
def _shared_counter():
    st.markdown(f"Shared counter: {st.shared_state.get('n', 0)} bumps")

_shared_counter()
"""

# The cold-start baseline: the least an asyncio HTTP server can do.
BENCH_BARE_HTTP = r'''
import asyncio

async def main():
    done = asyncio.Event()

    async def handle(reader, writer):
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 16\r\nConnection: close\r\n\r\n"
                         b'{"status": "ok"}')
            await writer.drain()
        finally:
            writer.close()
            done.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/", flush=True)
    await asyncio.wait_for(done.wait(), 30)

asyncio.run(main())
'''

# What `python streamlit_go.py` pays before its first line runs: CPython
# compiles a script on every launch (only imported modules get a cached .pyc).
BENCH_COMPILE = r'''
import json, sys, time, tracemalloc
src = open(sys.argv[1], encoding="utf-8").read()
t0 = time.perf_counter()
compile(src, sys.argv[1], "exec")
ms = (time.perf_counter() - t0) * 1000
tracemalloc.start()
compile(src, sys.argv[1], "exec")
print(json.dumps({"ms": ms, "peak_mib": tracemalloc.get_traced_memory()[1] / 2**20}))
'''

# The WebSocket round-trip floor: a bare asyncio TCP echo of the same bytes.
BENCH_ECHO = r'''
import asyncio, signal, socket

class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data):
        self.transport.write(data)

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Echo, "127.0.0.1", 0)
    print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await asyncio.wait_for(stop.wait(), 900)

asyncio.run(main())
'''

# streamlit_go's own WebSocket stack (frames, no JSON, no sessions) echoing:
# separates the cost of the WebSocket layer from the cost of the JSON ping.
BENCH_SG_ECHO = r'''
import asyncio, signal, sys
sys.path.insert(0, sys.argv[1])
import streamlit_go as sg

async def main():
    server = sg.serve_websocket(lambda ws, m: ws.send(m), "127.0.0.1", 0, quiet=True)
    await server.start()
    print(f"http://127.0.0.1:{server.port}/", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await asyncio.wait_for(stop.wait(), 900)
    await server.stop()

asyncio.run(main())
'''

# The aiohttp baselines (run when the running python has aiohttp): the same
# WebSocket echo for the round trip with 50 connections, and /health, whose
# idle memory users compare with.
BENCH_AIOHTTP = r'''
import asyncio, signal
from aiohttp import web, WSMsgType

async def health(request):
    return web.json_response({"status": "ok"})

async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws

async def main():
    app = web.Application()
    app.router.add_get("/", echo)
    app.router.add_get("/health", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    print(f"http://127.0.0.1:{port}/", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await asyncio.wait_for(stop.wait(), 900)
    await runner.cleanup()

asyncio.run(main())
'''

# The load client, run as a separate process:  python client.py MODE PORT ...
# Prints one JSON line per result on stdout. Modes: hold (interactive, JSON
# commands on stdin), http, wsping, click, shared. See each function.
BENCH_CLIENT = r'''
import asyncio, base64, json, math, os, re, resource, socket, sys, time

HOST = "127.0.0.1"
perf = time.perf_counter


def raise_nofile(want):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    inf = resource.RLIM_INFINITY
    if soft != inf and soft < want:
        try:
            if hard != inf and hard < want:
                resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
            else:
                resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def frame(opcode, payload, mask=None):
    """A masked client frame (RFC 6455 5.2)."""
    mask = mask or os.urandom(4)
    n = len(payload)
    if n < 126:
        head = bytes((0x80 | opcode, 0x80 | n))
    elif n < 65536:
        head = bytes((0x80 | opcode, 0xFE)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0xFF)) + n.to_bytes(8, "big")
    if n:
        m = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
        payload = (int.from_bytes(payload, "big") ^ m).to_bytes(n, "big")
    return head + mask + payload


def pct(values, q):
    """Nearest-rank percentile of a list (ms in, ms out); None when empty."""
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


def summary(lat_s):
    ms = [x * 1000.0 for x in lat_s]
    return {"n": len(ms), "p50": pct(ms, 0.50), "p99": pct(ms, 0.99),
            "max": max(ms) if ms else None}


class Conn(asyncio.Protocol):
    """A client connection: a WebSocket (path given) or raw TCP (path None).

    Incoming data frames go to the current waiter: `expect(pred)` arms a
    future that resolves with (arrival time, bytes on the wire since armed)
    at the first frame whose payload satisfies pred (None: any frame).
    """

    def __init__(self, path, page=True):
        self.path = path
        self.buf = bytearray()
        self.handshaking = path is not None
        loop = asyncio.get_running_loop()
        self.loop = loop
        self.ready = loop.create_future()
        self.transport = None
        self.waiter = None
        self.pred = None
        self.acc = 0
        self.closed = False
        self.sid = None
        self.page = None
        self.page_bytes = 0
        self.count = 0
        if path is not None and page:           # the first ui_update
            self.expect(lambda p: b'"ui_update"' in p)

    def connection_made(self, transport):
        self.transport = transport
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.path is None:
            self.ready.set_result(True)
            return
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write((f"GET {self.path} HTTP/1.1\r\nHost: {HOST}\r\n"
                         f"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                         f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                         ).encode())

    def connection_lost(self, exc):
        self.closed = True
        for fut in (self.ready, self.waiter):
            if fut is not None and not fut.done():
                fut.set_exception(ConnectionError("connection closed"))

    def expect(self, pred=None):
        self.acc = 0
        self.pred = pred
        self.waiter = self.loop.create_future()
        return self.waiter

    def send(self, data):
        self.transport.write(data)

    def data_received(self, data):
        now = perf()
        buf = self.buf
        buf += data
        if self.handshaking:
            i = buf.find(b"\r\n\r\n")
            if i < 0:
                return
            if not buf.startswith(b"HTTP/1.1 101"):
                err = ConnectionError(bytes(buf[:200]).decode("latin-1"))
                for fut in (self.ready, self.waiter):
                    if fut is not None and not fut.done():
                        fut.set_exception(err)
                self.transport.close()
                return
            del buf[:i + 4]
            self.handshaking = False
            self.ready.set_result(True)
        while True:
            n = len(buf)
            if n < 2:
                return
            b1 = buf[1]
            ln = b1 & 127
            off = 2
            if ln == 126:
                if n < 4:
                    return
                ln, off = int.from_bytes(buf[2:4], "big"), 4
            elif ln == 127:
                if n < 10:
                    return
                ln, off = int.from_bytes(buf[2:10], "big"), 10
            if b1 & 0x80:
                off += 4                        # the echo returns our masked frames
            end = off + ln
            if n < end:
                return
            op = buf[0] & 15
            payload = bytes(buf[off:end])
            del buf[:end]
            if op == 9:                         # server ping: answer (idle timeout)
                self.transport.write(frame(10, payload))
                continue
            if op == 8:
                self.closed = True
                self.transport.close()
                return
            if op == 10:
                continue
            self.acc += end
            w = self.waiter
            if w is not None and not w.done() and (self.pred is None or self.pred(payload)):
                self.waiter = None
                w.set_result((now, self.acc, payload))


def msg(mtype, sid, data=None):
    m = {"type": mtype, "session_id": sid, "timestamp": int(time.time() * 1000)}
    if data is not None:
        m["data"] = data
    return frame(1, json.dumps(m).encode())


SID_RE = re.compile(rb'"session_id": ?"([^"]+)"')


async def open_ws(port, deadline, parse_page=False):
    """Open a session; return the Conn once its first ui_update arrived."""
    loop = asyncio.get_running_loop()
    conn = Conn("/ws?sessionId=")
    first = conn.waiter              # armed before connecting: the page may come at once
    left = deadline - perf()
    await asyncio.wait_for(loop.create_connection(lambda: conn, HOST, port), max(0.01, left))
    _t, size, payload = await asyncio.wait_for(first, max(0.01, deadline - perf()))
    conn.sid = SID_RE.search(payload).group(1).decode()
    conn.page_bytes = size
    if parse_page:
        conn.page = json.loads(payload)["data"]["html"]
    return conn


async def open_many(port, n, conc, deadline, parse_page=False):
    sem = asyncio.Semaphore(conc)
    conns, errors = [], []

    async def one():
        async with sem:
            if perf() > deadline:
                errors.append("deadline")
                return
            try:
                conns.append(await open_ws(port, deadline, parse_page))
            except Exception as exc:  # counted and reported, never fatal
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
    await asyncio.gather(*(one() for _ in range(n)))
    return conns, errors


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


# -- hold: keep sessions open, answer commands ---------------------------------------
async def hold(port):
    loop = asyncio.get_running_loop()
    conns = []
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        cmd = json.loads(line)
        if cmd["cmd"] == "quit":
            break
        if cmd["cmd"] == "open":
            t0 = perf()
            limit = raise_nofile(len(conns) + cmd["n"] + 256)
            new, errors = await open_many(port, cmd["n"], cmd.get("conc", 128),
                                          t0 + cmd["timeout"])
            conns += new
            out({"opened": len(conns), "new": len(new), "failed": len(errors),
                 "errors": errors[:3], "secs": perf() - t0, "nofile": limit})
        elif cmd["cmd"] == "ping":
            live = [c for c in conns if not c.closed]
            step = max(1, len(live) // max(1, cmd["k"]))
            chosen = live[::step][:cmd["k"]]
            t0 = perf()
            futs = []
            for c in chosen:
                futs.append(c.expect(lambda p: b'"pong"' in p))
                c.send(msg("ping", c.sid))
            done, _ = await asyncio.wait(futs, timeout=cmd["timeout"]) if futs else ((), ())
            lat = [f.result()[0] - t0 for f in done if not f.exception()]
            for c in chosen:
                c.waiter = None
            out({"asked": len(chosen), "ok": len(lat), **summary(lat)})
        elif cmd["cmd"] == "alive":
            out({"alive": sum(not c.closed for c in conns)})
    for c in conns:
        if c.transport is not None:
            c.transport.close()


# -- http: closed-loop GET /health on keep-alive connections --------------------------
class H(asyncio.Protocol):
    REQ = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    def __init__(self, end, max_req, lat, state):
        self.end, self.max_req, self.lat, self.state = end, max_req, lat, state
        self.buf = bytearray()
        self.done = asyncio.get_running_loop().create_future()

    def connection_made(self, transport):
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.t0 = perf()
        transport.write(self.REQ)

    def connection_lost(self, exc):
        if not self.done.done():
            self.done.set_result(False)

    def data_received(self, data):
        buf = self.buf
        buf += data
        while True:
            i = buf.find(b"\r\n\r\n")
            if i < 0:
                return
            head = bytes(buf[:i]).lower()
            j = head.find(b"content-length:")
            n = 0
            if j >= 0:
                k = head.find(b"\r\n", j)
                n = int(head[j + 15:k if k >= 0 else len(head)])
            if len(buf) < i + 4 + n:
                return
            now = perf()
            if not head.startswith(b"http/1.1 200"):
                self.state["errors"] += 1
            self.lat.append(now - self.t0)
            del buf[:i + 4 + n]
            if now >= self.end or len(self.lat) >= self.max_req:
                self.transport.close()
                if not self.done.done():
                    self.done.set_result(True)
                return
            self.t0 = now
            self.transport.write(self.REQ)


async def http(port, conns, secs, max_req):
    loop = asyncio.get_running_loop()
    lat, state = [], {"errors": 0}
    t0 = perf()
    end = t0 + secs
    protos = []
    for _ in range(conns):
        p = H(end, max_req, lat, state)
        await loop.create_connection(lambda p=p: p, HOST, port)
        protos.append(p)
    await asyncio.wait([p.done for p in protos], timeout=secs + 10)
    elapsed = perf() - t0
    out({"requests": len(lat), "secs": elapsed, "rps": len(lat) / elapsed,
         "errors": state["errors"], **summary(lat)})


# -- wsping: JSON ping -> pong (or the same bytes through the echo) --------------------
async def wsping(port, kind, nconns, rounds, secs):
    loop = asyncio.get_running_loop()
    deadline = perf() + secs + 30
    if kind == "sg":
        conns, errors = await open_many(port, nconns, 64, perf() + 30)
        if errors:
            raise SystemExit(f"could not open sessions: {errors[:3]}")
    else:                               # "echo": raw TCP; "wsecho": sg's WebSocket echo
        conns = []
        for _ in range(nconns):
            c = Conn(None) if kind == "echo" else Conn("/", page=False)
            await loop.create_connection(lambda c=c: c, HOST, port)
            await asyncio.wait_for(c.ready, 10)
            c.sid = "session_1732680000000_" + "0" * 32      # same length as a real id
            conns.append(c)
    pings = [msg("ping", c.sid) for c in conns]        # the very same bytes each time
    lat = []
    end = perf() + secs
    for r in range(rounds + 10):                        # 10 warm-up rounds
        if perf() > end and r >= 10:
            break
        t0 = perf()
        futs = []
        for c, p in zip(conns, pings):
            futs.append(c.expect(None))
            c.send(p)
        if len(futs) == 1:
            res = [await asyncio.wait_for(futs[0], max(0.01, deadline - perf()))]
        else:
            done, pending = await asyncio.wait(futs, timeout=max(0.01, deadline - perf()))
            if pending:
                raise SystemExit("pong timeout")
            res = [f.result() for f in futs]
        if r >= 10:
            lat += [t - t0 for t, _n, _p in res]
    if kind == "sg" and b'"pong"' not in res[-1][2]:
        raise SystemExit(f"expected a pong, got {res[-1][2][:200]!r}")
    out({"kind": kind, "conns": nconns, **summary(lat)})


# -- click: component_event on the button -> partial_update with the new count --------
BUTTON_RE = re.compile(r'id="([^"]+)" data-kind="button"')


async def click(port, nsessions, rounds, secs):
    conns, errors = await open_many(port, nsessions, 64, perf() + 60, parse_page=True)
    if errors:
        raise SystemExit(f"could not open sessions: {errors[:3]}")
    for c in conns:
        c.button = BUTTON_RE.search(c.page).group(1)     # "Add one" is the first button
        m = re.search(r"Clicked (\d+) times", c.page)
        c.count = int(m.group(1))
    lat, sizes, kinds = [], [], set()
    end = perf() + secs
    deadline = end + 30
    warm = 5 if nsessions == 1 else 1
    for r in range(rounds + warm):
        if perf() > end and r >= warm:
            break
        futs = []
        t0 = perf()
        for c in conns:
            c.count += 1
            want = f"Clicked {c.count} times".encode()
            futs.append(c.expect(lambda p, want=want: want in p))
            c.send(msg("component_event", c.sid,
                       {"componentId": c.button, "eventType": "click", "value": True}))
        done, pending = await asyncio.wait(futs, timeout=max(0.01, deadline - perf()))
        if pending:
            raise SystemExit(f"no update for {len(pending)} of {len(futs)} clicks")
        if r >= warm:
            for f in futs:
                t, nbytes, payload = f.result()
                lat.append(t - t0)
                sizes.append(nbytes)
                kinds.add(json.loads(payload)["type"])
    out({"sessions": nsessions, **summary(lat), "click_bytes": sorted(sizes)[len(sizes) // 2],
         "page_bytes": conns[0].page_bytes, "types": sorted(kinds)})


# -- shared: one st.shared_state write -> every reader's update ------------------------
async def shared(port, readers, writes, secs):
    ports = [int(p) for p in str(port).split(",")]     # several: readers spread over them
    t0 = perf()
    conns = []
    for i, p in enumerate(ports):
        n = readers // len(ports) + (1 if i < readers % len(ports) else 0)
        some, errors = await open_many(p, n, 128, t0 + 120)
        if errors:
            raise SystemExit(f"could not open sessions: {errors[:3]}")
        conns += some
    opened = perf() - t0
    writer = (await open_many(ports[0], 1, 1, perf() + 30, parse_page=True))[0][0]
    bumps = re.findall(r'id="([^"]+)" data-kind="button"', writer.page)
    button = bumps[-1]                                  # "Bump shared" is the last button
    value = int(re.search(r"Shared counter: (\d+) bumps", writer.page).group(1))
    last, med, got = [], [], []
    end = perf() + secs
    for w in range(writes + 1):                         # one warm-up write
        if perf() > end and w >= 1:
            break
        value += 1
        want = f"Shared counter: {value} bumps".encode()
        futs = [c.expect(lambda p, want=want: want in p) for c in conns]
        mine = writer.expect(lambda p, want=want: want in p)
        t = perf()
        writer.send(msg("component_event", writer.sid,
                        {"componentId": button, "eventType": "click", "value": True}))
        done, pending = await asyncio.wait(futs + [mine], timeout=30)
        arrivals = sorted(f.result()[0] - t for f in futs if f in done and not f.exception())
        if w >= 1:
            got.append(len(arrivals))
            if arrivals:
                last.append(arrivals[-1])
                med.append(arrivals[len(arrivals) // 2])
        if pending:
            break
        await asyncio.sleep(0.2)                        # let the burst drain
    out({"readers": readers, "open_secs": opened, "writes": len(last),
         "received": got, "last": summary(last), "median": summary(med)})


def main():
    mode, port = sys.argv[1], sys.argv[2]
    port = port if mode == "shared" else int(port)      # shared: "P1,P2,P3" too
    a = sys.argv[3:]
    raise_nofile(4096)
    if mode == "hold":
        coro = hold(port)
    elif mode == "http":
        coro = http(port, int(a[0]), float(a[1]), int(a[2]))
    elif mode == "wsping":
        coro = wsping(port, a[0], int(a[1]), int(a[2]), float(a[3]))
    elif mode == "click":
        coro = click(port, int(a[0]), int(a[1]), float(a[2]))
    elif mode == "shared":
        coro = shared(port, int(a[0]), int(a[1]), float(a[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    asyncio.run(coro)


main()
'''


# -- driver helpers --------------------------------------------------------------------
def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _cpu_account() -> tuple:
    """(wall, busy CPU seconds of the whole machine, of this process and its
    waited-for children, steal) -- to tell how much OTHER work ran meanwhile."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    busy = (v[0] + v[1] + v[2] + v[5] + v[6]) / tick      # user nice system irq softirq
    steal = (v[7] if len(v) > 7 else 0) / tick
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime
    return time.monotonic(), busy, own, steal


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _nofile_preexec(want: int):
    """For Popen(preexec_fn=...): raise RLIMIT_NOFILE (soft, and hard when allowed)."""
    def raise_limit():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        inf = resource.RLIM_INFINITY
        try:
            if hard != inf and hard < want:
                resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
            elif soft != inf and soft < want:
                resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        except (ValueError, OSError):
            pass
    return raise_limit


def _can_raise_nofile(want: int) -> bool:
    """Whether a child process can get RLIMIT_NOFILE >= want (checked in a child)."""
    code = ("import resource,sys\n"
            f"{textwrap.dedent(_NOFILE_CHILD)}\n")
    r = subprocess.run([sys.executable, "-c", code, str(want)], capture_output=True,
                       timeout=30, stdin=subprocess.DEVNULL)
    return r.returncode == 0


_NOFILE_CHILD = """
want = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
inf = resource.RLIM_INFINITY
try:
    if hard != inf and hard < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
    elif soft != inf and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
except (ValueError, OSError):
    pass
soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
sys.exit(0 if soft == inf or soft >= want else 1)
"""


def _read_port(proc, timeout: float = 15.0) -> int:
    """Read the `http://HOST:PORT/` line a server prints; return PORT."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([proc.stdout], [], [], 0.05)
        if r:
            line = proc.stdout.readline()
            m = re.search(rb"https?://[^:/]+:(\d+)/", line)
            if m:
                return int(m.group(1))
            if not line:
                break
        elif proc.poll() is not None:
            break
    raise RuntimeError(f"server did not print its URL (rc={proc.poll()})")


def _health_200(port: int, deadline: float, path: str = "/health") -> bool:
    """Poll GET `path` with a fresh connection each time until a 200 (bounded)."""
    req = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           f"Connection: close\r\n\r\n").encode("ascii")
    while time.perf_counter() < deadline:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
        except OSError:
            time.sleep(0.0005)
            continue
        try:
            s.sendall(req)
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            if data.startswith(b"HTTP/1.1 200"):
                return True
        except OSError:
            pass
        finally:
            s.close()
        time.sleep(0.0005)
    return False


# AppTest: example_app.py loaded, run, its "Click me" button clicked, run again;
# argv: streamlit|streamlit_go, the app, repetitions. Prints one JSON line (ms).
BENCH_APPTEST = """
import json, statistics, sys, time
impl, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
if impl == "streamlit":
    from streamlit.testing.v1 import AppTest
else:
    from streamlit_go.testing.v1 import AppTest
def once():
    at = AppTest.from_file(path, default_timeout=60).run()
    next(b for b in at.button if b.label == "Click me").click().run()
    if at.exception or "You clicked **1** times." not in at.markdown.values:
        raise SystemExit(f"{impl}: the click did not show: {at.exception}")
once()
first = (time.perf_counter() - t0) * 1000
times = []
for _ in range(n):
    t = time.perf_counter()
    once()
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"first": first, "median": statistics.median(times)}))
"""

# example_app.py for Streamlit, which has no st.shared_state: a dict stands in for it
BENCH_SHARED_SHIM = """import streamlit as st
import threading
class _Shared(dict):
    lock = threading.Lock()
st.shared_state = _Shared()
"""


class _Procs:
    """Every process the benchmark starts, so each is stopped (by its PID) at the end."""

    def __init__(self):
        self.procs = []
        self.dir = tempfile.mkdtemp(prefix="sg-bench-")
        self.scripts = {}
        # Servers start as on a user's machine: `python streamlit_go.py app.py`
        # with bytecode writing on and the bytecode a first launch saved, so
        # each launch hands over to the cached module (streamlit_go.py, section
        # 0). A copy keeps the repository free of __pycache__.
        module_dir = os.path.join(self.dir, "module")
        os.makedirs(module_dir)
        self.module = shutil.copy(MODULE, module_dir)
        self.user_env = {k: v for k, v in os.environ.items()
                         if k != "PYTHONDONTWRITEBYTECODE"}
        self.save_bytecode()

    def save_bytecode(self):
        """What the first launch of `python streamlit_go.py` leaves in __pycache__."""
        py_compile.compile(self.module, cfile=importlib.util.cache_from_source(self.module),
                           doraise=True)

    def script(self, name: str, source: str) -> str:
        if name not in self.scripts:
            path = os.path.join(self.dir, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(source)
            self.scripts[name] = path
        return self.scripts[name]

    def popen(self, argv, **kw):
        kw.setdefault("stdin", subprocess.DEVNULL)
        kw.setdefault("cwd", self.dir)
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def stop(self, p, timeout: float = 10.0):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        for f in (p.stdin, p.stdout, p.stderr):
            if f:
                f.close()

    def server(self, source: str, *args, nofile: int = 0) -> "AppServer":
        """Start the app server (like AppServer.start, with a raised fd limit)."""
        srv = AppServer(source, "--quiet", *args)
        srv._stderr = open(srv.stderr_path, "wb")
        srv.proc = self.popen(
            [sys.executable, self.module, srv.script, "--port", "0", *srv.args],
            cwd=srv.dir, env=self.user_env, stdout=subprocess.PIPE, stderr=srv._stderr,
            preexec_fn=_nofile_preexec(nofile) if nofile else None)
        srv.port = _read_port(srv.proc)
        return srv

    def client(self, mode: str, port: int, *args, timeout: float = 120.0) -> dict:
        """Run the load client once; return its JSON result (bounded)."""
        path = self.script("client.py", BENCH_CLIENT)
        p = self.popen([sys.executable, path, mode, str(port), *map(str, args)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            outs, errs = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate(timeout=5)
            raise RuntimeError(f"client {mode} timed out after {timeout:.0f}s")
        finally:
            self.stop(p)
        if p.returncode != 0:
            raise RuntimeError(f"client {mode} failed: {errs.decode()[-500:]}")
        return json.loads(outs.decode().strip().splitlines()[-1])

    def close(self):
        for p in self.procs:
            with contextlib.suppress(Exception):
                self.stop(p, 5)
        shutil.rmtree(self.dir, ignore_errors=True)


class _Holder:
    """The `hold` client: a separate process keeping WebSocket sessions open."""

    def __init__(self, procs: _Procs, port: int, nofile: int):
        path = procs.script("client.py", BENCH_CLIENT)
        self.procs = procs
        self.proc = procs.popen([sys.executable, path, "hold", str(port)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, preexec_fn=_nofile_preexec(nofile))

    def cmd(self, wait: float, **obj) -> dict:
        self.proc.stdin.write((json.dumps(obj) + "\n").encode())
        self.proc.stdin.flush()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if r:
                line = self.proc.stdout.readline()
                if not line:
                    break
                return json.loads(line)
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"hold client: no answer to {obj['cmd']} "
                           f"(rc={self.proc.poll()})")

    def close(self):
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.stdin.write(b'{"cmd": "quit"}\n')
                self.proc.stdin.flush()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                pass
        self.procs.stop(self.proc)


class _Row:
    """One line of the table: per-run samples, an optional baseline, a target."""

    def __init__(self, name, unit, target="", fmt="{:.2f}", better="low"):
        self.name, self.unit, self.target, self.fmt, self.better = name, unit, target, fmt, better
        self.samples, self.base, self.base_name = [], [], ""
        self.note = ""
        self.limit = None          # (max value, max ratio) for the verdict
        self.ratio_of = None       # "samples/base"

    def add(self, v):
        if v is not None:
            self.samples.append(float(v))

    def cells(self):
        f = self.fmt
        if not self.samples:
            return [self.name, "-", "-", "0", "-", "-", self.target,
                    self.note or "not measured"]
        med = statistics.median(self.samples)
        lo, hi = min(self.samples), max(self.samples)
        base = ratio = "-"
        if self.base:
            b = statistics.median(self.base)
            base = f"{self.base_name} {f.format(b)}"
            if b:
                ratio = f"{med / b:.2f}x"
        verdict = ""
        if self.limit:
            vmax, rmax = self.limit
            ok = (vmax is None or med <= vmax) and (
                rmax is None or not self.base or med / statistics.median(self.base) <= rmax)
            verdict = "ok" if ok else "MISS"
        note = " ".join(x for x in (verdict, self.note) if x)
        return [self.name, f"{f.format(med)} {self.unit}", f"{f.format(lo)}-{f.format(hi)}",
                str(len(self.samples)), base, ratio, self.target, note]


BENCH_HEADER = ["figure", "median", "min-max", "runs", "baseline (median)", "ratio",
                "target", "verdict / note"]

# Every row the table prints (in this order), measured or not: the test checks them.
BENCH_ROWS = [
    "cold start to /health 200",
    "idle RSS after start",
    "cold start, script, vs Streamlit",
    "cold start, python -m (cached .pyc)",
    "idle RSS, python -m (cached .pyc)",
    "compile streamlit_go.py (script run)",
    "compile per 100 KB of streamlit_go.py",
    "idle RSS, script, PYTHONDONTWRITEBYTECODE=1",
    "idle RSS, script, read-only folder",
    "cold start, Docker-style env, vs Streamlit",
    "RSS, 1 session (incl. one-time)",
    "RSS/session @100 sessions",
    "RSS/session @1000 sessions",
    "RSS/session @10000 sessions",
    "/health p99 w/ 10000 sessions",
    "ping/pong w/ 10000 sessions",
    "/health p50, 1 conn",
    "/health p99, 1 conn",
    "HTTP req/s, 50 conns",
    "HTTP p50, 50 conns",
    "HTTP p99, 50 conns",
    "WS ping RTT p50, 1 conn",
    "WS ping RTT p99, 1 conn",
    "WS ping RTT p50, 50 conns",
    "WS ping RTT p99, 50 conns",
    "WS ping RTT p50, 50 conns vs aiohttp",
    "WS ping RTT p99, 50 conns vs aiohttp",
    "event RTT p50, 1 session",
    "event RTT p99, 1 session",
    "event RTT p50, 100 sessions",
    "event RTT p99, 100 sessions",
    "event floor: 100 reruns in process",
    "click bytes vs full page",
    "shared push last p50, 1000",
    "shared push last p99, 1000",
    "shared push floor: 1000 reruns in process",
    "shared push last p50, 1000, read in a fragment",
    "shared push floor: 1000 fragment reruns",
    "RSS after media churn",
    "RSS growth over media churn",
    "grid first message, 50k x 20",
    "grid server render, 50k x 20",
    "grid header sort, 50k x 20",
    "grid largest message, 1M x 10",
    "grid RSS growth, 1M x 10",
    "click → DOM p50, counter app",
    "click → DOM p99, counter app",
    "click → DOM p50, page app",
    "click → DOM p99, page app",
    "scroll to row 40,000 → rows shown in Chromium",
    "RSS/session, 100 Chromium sessions (deflate)",
    "100k-point line chart message",
    "rerun p50, --redis, 10 KB state",
    "rerun p99, --redis, 10 KB state",
    "page load (GET /) p50, --redis",
    "page load to first ui_update p50, --redis",
    "shared push last p50, 1000 over 3 inst.",
    "shared push last p99, 1000 over 3 inst.",
    "RSS/session, 3 inst. + Redis",
    "AppTest: from_file, run, click, run",
    "AppTest: the same, first in a process",
    "component value → render p50",
    "component value → render p99",
]

BENCH_COMPONENT_HTML = """<!doctype html><html><body>echo<script>
// setComponentValue({i}) -> the render whose args.n is i: one round trip, in ms.
var waiting = null;
function post(m) { m.isStreamlitMessage = true; parent.postMessage(m, "*"); }
window.addEventListener("message", function (e) {
  if (!e.data || e.data.type !== "streamlit:render") return;
  window.lastN = e.data.args.n;
  if (waiting && e.data.args.n === waiting.i) { var w = waiting; waiting = null;
                                                w.done(performance.now() - w.t0); }
});
function roundTrip(i) {
  return new Promise(function (done) {
    waiting = { i: i, t0: performance.now(), done: done };
    post({ type: "streamlit:setComponentValue", value: { i: i }, dataType: "json" });
    setTimeout(function () { if (waiting && waiting.i === i) { waiting = null; done(-1); } }, 5000);
  });
}
window.bench = async function (start, count) {
  var out = [];
  for (var k = 0; k < count; k++) out.push(await roundTrip(start + k));
  return out;
};
post({ type: "streamlit:componentReady", apiVersion: 1 });
post({ type: "streamlit:setFrameHeight", height: 30 });
</script></body></html>
"""

BENCH_COMPONENT_APP = """
import streamlit_go as st
import streamlit_go.components.v1 as components
echo = components.declare_component("bench_echo", path=FOLDER)
seen = st.session_state.get("e") or {"i": 0}
echo(n=seen["i"], key="e", default=None)
"""

BENCH_REDIS_APP = """
import streamlit_go as st
if "blob" not in st.session_state:
    st.session_state.blob = "x" * 10240          # 10 KB of state, written after each rerun
    st.session_state.n = 0
if st.button("Add"):
    st.session_state.n += 1
st.write(f"n={st.session_state.n}")
"""


def _click_latencies(port: int, clicks: int) -> list:
    """Click one button `clicks` times; return each click's round trip in ms."""
    ws = WSClient(port)
    try:
        html = first_page(ws)
        wid = widget_id(html, "button")
        out = []
        for i in range(1, clicks + 1):
            t0 = time.perf_counter()
            ws.event(wid, True, "click")
            ws.recv_until(lambda m, i=i: f"n={i}" in m.get("data", {}).get("html", ""))
            out.append((time.perf_counter() - t0) * 1000)
        return out
    finally:
        ws.close()


def _page_loads(page_port: int, ws_port: int, loads: int) -> tuple:
    """New visitors: `loads` page loads alone, then `loads` pages with their WebSocket.

    Returns (ms to the last byte of GET /, ms from GET / on `page_port` to the
    first ui_update on `ws_port`). The two ports are two instances behind a
    round-robin balancer (or one port twice, without Redis). The GETs are timed
    apart from the WebSockets so that no rerun of a page before is running.
    """
    pages, whole = [], []
    for _ in range(loads):
        t0 = time.perf_counter()
        status, headers, body = get(page_port, "/")
        pages.append((time.perf_counter() - t0) * 1000)
        if status != 200 or page_session(body) != cookie_session(headers):
            raise RuntimeError(f"page load: {status}, {headers}")
    for _ in range(loads):
        t0 = time.perf_counter()
        status, headers, body = get(page_port, "/")
        sid = cookie_session(headers)
        with WSClient(ws_port, sid) as ws:
            msg = first_message(ws)
        whole.append((time.perf_counter() - t0) * 1000)
        if msg["session_id"] != sid:
            raise RuntimeError(f"page load: the WebSocket replaced {sid} by {msg['session_id']}")
    return pages, whole


BENCH_GRID_APP = """
import numpy as np
import pandas as pd
import streamlit_go as st
rows = {rows}
st.dataframe(pd.DataFrame(np.random.default_rng(0).normal(size=(rows, {cols})) * 1000,
                          columns=[f"c{{i}}" for i in range({cols})]))
"""


# -- the browser rows: click -> DOM in Chromium, beside NiceGUI ---------------------------
# Both servers get the same page-side measurement: JS clicks the "Add one" button
# (HTMLElement.click(), so no input-pipeline differences between the two UI
# libraries), and a MutationObserver on <body> takes the time at which the text
# "Clicked N times" first reads N+1. The next requestAnimationFrame is taken too
# (the frame that paints it). Gaps between clicks are random, so clicks do not
# lock onto the 60 Hz frame clock. Both pages are open in one Chromium and the
# clicks alternate between them in chunks, so other load on the machine hits
# both alike.

BENCH_COUNTER_APP = """
import streamlit_go as st
if "n" not in st.session_state:
    st.session_state.n = 0
if st.button("Add one"):
    st.session_state.n += 1
st.markdown(f"Clicked {st.session_state.n} times")
"""

# The same two apps in NiceGUI: a button that increments a label, and BENCH_APP's page.
BENCH_NICEGUI_APP = r"""
import json, sys
from nicegui import ui


def counter():
    state = {"n": 0}

    def add():
        state["n"] += 1
        label.text = f"Clicked {state['n']} times"
    ui.button("Add one", on_click=add)
    label = ui.label("Clicked 0 times")


@ui.page("/counter")
def counter_page():
    counter()


@ui.page("/page")
def dashboard():
    ui.page_title("Bench dashboard")
    with ui.left_drawer():
        ui.label("Filters").classes("text-h6")
        ui.select(["North", "South", "East", "West"], value="North", label="Region")
        ui.checkbox("Show details", value=True)
    ui.label("Sales dashboard").classes("text-h4")
    ui.label("A realistic page: text, widgets, a table, metrics and a counter.")
    ui.label("Counter").classes("text-h5")
    counter()
    ui.label("Inputs").classes("text-h5")
    ui.input("Customer name", value="Ada")
    ui.slider(min=0, max=100, value=25)
    ui.number("Unit price", min=0, max=1000, value=9.5)
    ui.radio(["Free", "Pro", "Team"], value="Pro").props("inline")
    ui.select(["new", "vip", "churn-risk", "trial"], value=["new"], multiple=True, label="Tags")
    ui.switch("Email me", value=False)
    ui.separator()
    with ui.row():
        for name, value, delta in (("Revenue", "$237.50", "4%"), ("Orders", "25", "-2"),
                                   ("Region", "North", "")):
            with ui.card():
                ui.label(name)
                ui.label(value).classes("text-h5")
                ui.label(delta)
    ui.label("Ada is on the Pro plan in North.").classes("bg-blue-1 p-2")
    ui.label("All systems nominal.").classes("bg-green-1 p-2")
    ui.label("Two invoices are overdue.").classes("bg-orange-1 p-2")
    with ui.expansion("Details", value=True):
        ui.markdown("Orders are *synced* every **5 minutes** from the `orders` table.")
        ui.code("SELECT region, sum(total) FROM orders GROUP BY region;", language="sql")
    ui.table(columns=[{"name": c, "label": c, "field": c} for c in ("region", "orders", "revenue")],
             rows=[{"region": r, "orders": o, "revenue": v} for r, o, v in
                   (("North", 120, 1200.5), ("South", 98, 980.25), ("East", 143, 1430.0),
                    ("West", 77, 770.75), ("Central", 66, 660.0))])
    ui.code(json.dumps({"customer": "Ada", "quantity": 25, "tags": ["new"], "notify": False},
                       indent=2), language="json")
    ui.linear_progress(value=0.25)
    ui.label("Notes").classes("text-h6")
    ui.label("Numbers are illustrative.")
    ui.label("Built with NiceGUI.")


ui.run(host="127.0.0.1", port=int(sys.argv[1]), reload=False, show=False,
       show_welcome_message=False)
"""

# n clicks; returns [[click -> DOM ms...], [click -> next frame ms...]] (-1: no change in 5 s)
BENCH_CLICK_JS = r"""
(async function (n) {
  function button() {
    var bs = document.querySelectorAll("button");
    for (var i = 0; i < bs.length; i++) if (bs[i].textContent.indexOf("Add one") >= 0) return bs[i];
    return null;
  }
  function count() {
    var m = /Clicked (\d+) times/.exec(document.body.textContent);
    return m ? Number(m[1]) : -1;
  }
  var dom = [], frame = [];
  for (var k = 0; k < n; k++) {
    await new Promise(function (r) { setTimeout(r, 15 + Math.random() * 20); });
    var want = count() + 1;
    var r = await new Promise(function (resolve) {
      var t0, done = false;
      var mo = new MutationObserver(function () {
        if (done || count() !== want) return;
        done = true; mo.disconnect();
        var t1 = performance.now();
        requestAnimationFrame(function () { resolve([t1 - t0, performance.now() - t0]); });
      });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(function () { if (!done) { done = true; mo.disconnect(); resolve([-1, -1]); } },
                 5000);
      t0 = performance.now();
      button().click();
    });
    dom.push(r[0]); frame.push(r[1]);
  }
  return [dom, frame];
})
"""

# Scroll the big grid to row 40,000; ms until the row is in the DOM, and until the
# frame after that (the one that shows it). null: not in 10 s.
BENCH_SCROLL_JS = r"""
(async function (target) {
  var g = document.querySelector("[data-kind=dataframe][data-grid]");
  var box = g.querySelector(".sg-grid-scroll");
  var rowPx = Number(g.getAttribute("data-row-px")) || 35;
  var scale = Number(g.getAttribute("data-scale")) || 1;
  var sel = 'tr[data-row="' + target + '"]';
  return await new Promise(function (resolve) {
    var t0, done = false;
    var mo = new MutationObserver(function () {
      if (done || !g.querySelector(sel)) return;
      done = true; mo.disconnect();
      var t1 = performance.now();
      requestAnimationFrame(function () { resolve([t1 - t0, performance.now() - t0]); });
    });
    mo.observe(g, { subtree: true, childList: true });
    setTimeout(function () { if (!done) { done = true; mo.disconnect(); resolve(null); } }, 10000);
    t0 = performance.now();
    box.scrollTop = target * rowPx * scale;
  });
})
"""

BENCH_SCROLL_APP = """
import random
import streamlit_go as st
rng = random.Random(0)
cols = {f"c{i}": [rng.gauss(0, 1000) for _ in range(50_000)] for i in range(20)}
try:
    import pandas as pd
    cols = pd.DataFrame(cols)
except ImportError:
    pass
st.dataframe(cols)
"""

BENCH_LINE_APP = """
import math
import streamlit_go as st
{patch}
st.line_chart({{"y": [math.sin(i / 300.0) + (i % 7) * 0.01 for i in range(100_000)]}})
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_nicegui(procs, timeout: float = 45.0):
    """Start BENCH_NICEGUI_APP with this python; return (Popen, port) once / answers."""
    port = _free_port()
    p = procs.popen([sys.executable, procs.script("nicegui_app.py", BENCH_NICEGUI_APP),
                     str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if p.poll() is not None:
            raise RuntimeError(f"nicegui exited with {p.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(b"GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return p, port
        except OSError:
            pass
        time.sleep(0.2)
    procs.stop(p)
    raise RuntimeError(f"nicegui did not answer within {timeout:.0f}s")


def _pct(xs: list, q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * q / 100))]


def _rerun_floor(app_src: str, sessions: int, rounds: int, click: bool,
                 fragment: bool = False) -> list:
    """Milliseconds that `sessions` reruns take back to back in this process, per round.

    This is the least time in which a server can answer `sessions` reruns that
    are asked for at once. Each session's rerun runs the script, renders,
    diffs and encodes its update, one after another on one interpreter, with
    no sockets, threads or client. `click`: each session clicks the page's
    first button; otherwise a st.shared_state write reruns them all, as in
    the shared push (`fragment`: only the page's fragment, which read it).
    """
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "app.py")
        with open(path, "w") as f:
            f.write(app_src)
        table = sg.SessionTable(3600, sessions + 10)
        sched = sg.RerunScheduler(sg.App(path), table, 1)

        def rerun(session, events=(), frag=None):
            run = sg.ScriptRun(sched, session, list(events), frag).execute()
            if run.result != "done":
                raise RuntimeError(f"the app's rerun ended {run.result}: {run.error_text}")
            sched._show(session, run.render)       # diff and encode, as the loop does

        group = [table.new() for _ in range(sessions)]
        for session in group:
            rerun(session)
        button = re.search(r'id="([^"]+)" data-kind="button"', group[0].shown.page_html())
        out = []
        for r in range(rounds + 1):                 # the first round warms up
            if not click:
                sg.shared_state["n"] = r
            events = [[s.parse_event({"componentId": button.group(1), "eventType": "click",
                                      "value": True})] if click else [] for s in group]
            t0 = time.perf_counter()
            for session, evs in zip(group, events):
                rerun(session, evs, next(iter(session.fragments)) if fragment else None)
            if r:
                out.append((time.perf_counter() - t0) * 1000)
        want = f"Clicked {rounds + 1} times" if click else f"Shared counter: {rounds} bumps"
        for session in group:                       # every rerun did what it should
            if want not in session.shown.page_html():
                raise RuntimeError(f"rerun floor: a session's page lacks {want!r}")
        return out


# -- per-session memory with real browsers --------------------------------------------------
# Chromium tabs opened one by one, each in a browser context of its own (its own
# cookie, so its own session), on the counter app; the server's RSS after the
# first tab and after the last. Then the same with a server that traces its
# allocations (tracemalloc), to say where a session's bytes go.

BENCH_TRACED_SERVER = r'''
import os, signal, sys, tracemalloc
tracemalloc.start(int(sys.argv[2]))
sys.path.insert(0, sys.argv[1])
import streamlit_go as sg
out = sys.argv[3]

def dump(signum, frame):                 # SIGUSR1: a snapshot to out.N, N = 0, 1, ...
    path = f"{out}.{dump.n}"
    dump.n += 1
    tracemalloc.take_snapshot().dump(path + ".tmp")
    os.replace(path + ".tmp", path)

dump.n = 0
signal.signal(signal.SIGUSR1, dump)
sys.exit(sg.main(sys.argv[4:]))
'''

# Ready: the page shows the counter and its WebSocket is open.
_SG_READY_JS = ("window.streamlitGo && window.streamlitGo.state === 'connected' && "
                "/Clicked 0 times/.test(document.body.textContent)")
_ST_READY_JS = "/Clicked 0 times/.test(document.body ? document.body.textContent : '')"


def _open_tabs(browser, url: str, count: int, ready_js: str, pages: list) -> None:
    """Open `count` more tabs on url, one by one, each in a fresh context; wait for each."""
    for _ in range(count):
        pg = browser.new_page(width=800, height=600)
        pages.append(pg)
        pg.goto(url, 30)
        pg.wait_for(ready_js, 30, what=f"tab {len(pages)} on {url}")


def _close_tabs(browser, pages: list) -> None:
    for pg in pages:
        pg.close()
        with contextlib.suppress(Exception):
            browser.cdp.send("Target.disposeBrowserContext",
                             {"browserContextId": pg.context}, timeout=5)
    pages.clear()


def _code_owners(path: str) -> list:
    """(first line, last line, qualified name) of every def and class in a file."""
    import ast
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    out = []

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                out.append((child.lineno, child.end_lineno, name))
                walk(child, name + ".")
            else:
                walk(child, prefix)
    walk(tree, "")
    return out


def _bytes_by_owner(before, after, module_path: str) -> dict:
    """Bytes allocated between two tracemalloc snapshots, by owner: the function of
    streamlit_go that allocated them (the nearest of the 4 newest frames), else
    the standard module that did (asyncio, ssl, ...)."""
    import bisect
    owners = sorted(_code_owners(module_path))
    starts = [o[0] for o in owners]

    def owner(traceback):
        frames = list(traceback)[::-1]           # newest first (tracemalloc: oldest first)
        for fr in frames[:4]:
            if os.path.samefile(fr.filename, module_path) if os.path.exists(fr.filename) \
                    else False:
                i = bisect.bisect_right(starts, fr.lineno) - 1
                while i >= 0 and owners[i][1] < fr.lineno:   # innermost def holding the line
                    i -= 1
                name = owners[i][2] if i >= 0 else "module level"
                # the narrowest enclosing def: a nested one starts later
                for j in range(i, len(owners)):
                    if owners[j][0] > fr.lineno:
                        break
                    if owners[j][0] <= fr.lineno <= owners[j][1]:
                        name = owners[j][2]
                return name
        parts = (frames[0].filename if frames else "?").replace(os.sep, "/").split("/")
        if len(parts) > 1 and parts[-2] in ("asyncio", "json", "email", "concurrent"):
            return f"({parts[-2]}/{parts[-1]})"
        return f"({parts[-1]})"

    out = {}
    module_path = os.path.realpath(module_path)
    for st in after.compare_to(before, "traceback"):
        if st.size_diff:
            k = owner(st.traceback)
            out[k] = out.get(k, 0) + st.size_diff
    return out


def _zlib_state_bytes() -> tuple:
    """Bytes a zlib compressor and a decompressor hold (the server's parameters),
    measured with tracemalloc in this process."""
    import tracemalloc
    tracemalloc.start()
    try:
        a = tracemalloc.get_traced_memory()[0]
        c = zlib.compressobj(6, zlib.DEFLATED, -15, 8)
        c.compress(b"x" * 1000)
        b = tracemalloc.get_traced_memory()[0]
        d = zlib.decompressobj(-15)
        d.decompress(sg.deflate_message(b"y" * 1000))
        e = tracemalloc.get_traced_memory()[0]
        del c, d
        return b - a, e - b
    finally:
        tracemalloc.stop()


def run_bench(quick: bool, only: str = "") -> int:
    """Measure, print the table; return 0 unless a measurement could not run.
    `only`: run just the sections whose name contains it (--only NAME)."""
    t_start = time.monotonic()
    reps = 2 if quick else 3
    ws_reps = 2 if quick else 5            # the noisiest figures get more runs
    cpu0 = _cpu_account()
    rows = {n: _Row(n, "") for n in BENCH_ROWS}

    def row(name, unit, target="", fmt="{:.2f}", limit=None):
        r = rows[name]
        r.unit, r.target, r.fmt, r.limit = unit, target, fmt, limit
        return r

    wrk = shutil.which("wrk")
    failures = []
    procs = _Procs()
    log = lambda *a: print("  ..", *a, flush=True)  # noqa: E731
    try:
        # ---- cold start and idle RSS ----------------------------------------------
        def section_cold():
            n = 2 if quick else 10
            cold = row("cold start to /health 200", "ms", "<=60 ms, <=3x", "{:.1f}", (60, 3))
            cold.base_name = "python -c pass"
            bare = _Row("bare", "ms")
            nosite = _Row("nosite", "ms")
            idle = row("idle RSS after start", "MiB", "<=25 MiB", "{:.1f}", (25, None))
            idle.base_name = "bare asyncio srv"
            # `python -m streamlit_go` imports the module, so it starts from the
            # cached bytecode, as `streamlit run` does: compared with Streamlit.
            cold_s = row("cold start, script, vs Streamlit", "ms", "<=0.2x Streamlit",
                         "{:.1f}", (None, 0.2))
            cold_m = row("cold start, python -m (cached .pyc)", "ms", "<=0.15x Streamlit",
                         "{:.1f}", (None, 0.15))
            idle_m = row("idle RSS, python -m (cached .pyc)", "MiB", "<=1x aiohttp", "{:.1f}",
                         (None, 1.0))
            cold_s.base = cold_m.base                 # the same Streamlit launches
            comp = row("compile streamlit_go.py (script run)", "ms", "", "{:.1f}")
            comp.base_name = "script cold start"
            comp100 = row("compile per 100 KB of streamlit_go.py", "ms", "", "{:.1f}")
            # Where bytecode is not written (Docker's usual environment, a read-only
            # image folder), against aiohttp started in the same environment.
            idle_nw = row("idle RSS, script, PYTHONDONTWRITEBYTECODE=1", "MiB", "<=1x aiohttp",
                          "{:.1f}", (None, 1.0))
            idle_ro = row("idle RSS, script, read-only folder", "MiB", "<=1x aiohttp", "{:.1f}",
                          (None, 1.0))
            # README's Dockerfile: python -m streamlit_go, bytecode compiled into
            # the image, PYTHONDONTWRITEBYTECODE=1, a read-only folder.
            cold_d = row("cold start, Docker-style env, vs Streamlit", "ms", "<=0.15x Streamlit",
                         "{:.1f}", (None, 0.15))
            cold_d.base = cold_m.base
            idle_ro.base = idle_m.base                 # the same aiohttp launches
            start_nw, start_ro, idle_d = [], [], []
            have = {m: importlib.util.find_spec(m) is not None for m in ("streamlit", "aiohttp")}
            app_dir = os.path.join(procs.dir, "cold")
            os.makedirs(app_dir, exist_ok=True)
            app = os.path.join(app_dir, "app.py")
            with open(app, "w", encoding="utf-8") as f:
                f.write(BENCH_APP)
            env_m = dict(procs.user_env, PYTHONPATH=os.path.dirname(procs.module))
            st_app = os.path.join(app_dir, "st_app.py")
            with open(st_app, "w", encoding="utf-8") as f:
                f.write(BENCH_APP.replace("import streamlit_go as st", "import streamlit as st"))
            bare_path = procs.script("bare_http.py", BENCH_BARE_HTTP)
            aio_path = procs.script("aiohttp_baseline.py", BENCH_AIOHTTP)

            def start_to_200(argv, port=None, path="/health", env=None, one_shot=False,
                             cwd=None):
                """Launch; ms until the first 200 on `path`; the RSS 0.1 s later
                (a one-shot server quits after its answer: its RSS is read before)."""
                t0 = time.perf_counter()
                p = procs.popen(argv, cwd=cwd or app_dir, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
                try:
                    port = port or _read_port(p)
                    rss = _rss_kib(p.pid) / 1024 if one_shot else None
                    if not _health_200(port, t0 + 30, path):
                        raise RuntimeError(f"{argv[1:3]} never answered {path}")
                    ms = (time.perf_counter() - t0) * 1000
                    if not one_shot:
                        time.sleep(0.1)
                        rss = _rss_kib(p.pid) / 1024
                    return ms, rss
                finally:
                    procs.stop(p)

            # The first launch with writing on saves the bytecode, later ones
            # hand over to it.
            os.unlink(importlib.util.cache_from_source(procs.module))
            argv = [sys.executable, procs.module, app, "--port", "0"]
            ms_first = start_to_200(argv, env=procs.user_env)[0]
            handed_over = os.path.isfile(importlib.util.cache_from_source(procs.module))
            if not handed_over:             # Python 3.9: no sys.orig_argv, no hand-over
                procs.save_bytecode()       # (the -m rows and other sections use it)
            env_nw = dict(procs.user_env, PYTHONDONTWRITEBYTECODE="1")
            # Two read-only folders holding the module and the app: one as a
            # checkout (no bytecode), one as README's image (bytecode compiled in).
            ro_src, ro_img = (os.path.join(procs.dir, d) for d in ("ro_src", "ro_img"))
            for d in (ro_src, ro_img):
                os.makedirs(d)
                shutil.copy(procs.module, d)
                shutil.copy(app, d)
            py_compile.compile(os.path.join(ro_img, "streamlit_go.py"), doraise=True,
                               cfile=importlib.util.cache_from_source(
                                   os.path.join(ro_img, "streamlit_go.py")))
            ro_how = "a read-only bind mount" if os.geteuid() == 0 else "write bits cleared"
            wrap_src, wrap_img = _read_only_argv(ro_src), _read_only_argv(ro_img)
            if wrap_src is None or wrap_img is None:  # root without mount namespaces
                ro_how = "simulated: __pycache__ cannot be made, the folders stay writable"
                wrap_src = wrap_img = []
                with open(os.path.join(ro_src, "__pycache__"), "w"):
                    pass
            argv_ro = [*wrap_src, sys.executable, os.path.join(ro_src, "streamlit_go.py"),
                       "app.py", "--port", "0"]
            argv_d = [*wrap_img, sys.executable, "-m", "streamlit_go", "app.py", "--port", "0"]
            for _ in range(n):
                t0 = time.perf_counter()                      # python -c pass
                procs.popen([sys.executable, "-c", "pass"]).wait(30)
                cold.base.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()                      # without site (.pth files)
                procs.popen([sys.executable, "-S", "-c", "pass"]).wait(30)
                nosite.add((time.perf_counter() - t0) * 1000)
                ms, rss = start_to_200([sys.executable, bare_path], one_shot=True)
                bare.add(ms)
                idle.base.append(rss)
                # streamlit_go, exactly as a user starts it
                ms, rss = start_to_200(argv, env=procs.user_env)
                cold.add(ms)
                comp.base.append(ms)
                cold_s.add(ms)
                idle.add(rss)
                ms, rss = start_to_200([sys.executable, "-m", "streamlit_go", app, "--port", "0"],
                                       env=env_m)
                cold_m.add(ms)
                idle_m.add(rss)
                # bytecode writing off: the environment variable, a read-only folder
                ms, rss = start_to_200(argv, env=env_nw)
                start_nw.append(ms)
                idle_nw.add(rss)
                ms, rss = start_to_200(argv_ro, env=procs.user_env, cwd=ro_src)
                start_ro.append(ms)
                idle_ro.add(rss)
                ms, rss = start_to_200(argv_d, env=env_nw, cwd=ro_img)
                cold_d.add(ms)
                idle_d.append(rss)
                if have["aiohttp"]:
                    idle_m.base.append(start_to_200([sys.executable, aio_path])[1])
                    idle_nw.base.append(start_to_200([sys.executable, aio_path], env=env_nw)[1])
                if have["streamlit"]:
                    port = free_port()
                    cold_m.base.append(start_to_200(
                        [sys.executable, "-m", "streamlit", "run", st_app, "--server.port",
                         str(port), "--server.headless", "true",
                         "--browser.gatherUsageStats", "false"], port, "/_stcore/health")[0])
                r = subprocess.run([sys.executable, procs.script("compile.py", BENCH_COMPILE),
                                    procs.module], capture_output=True, text=True, timeout=60)
                got = json.loads(r.stdout)
                comp.add(got["ms"])
                comp.note = f"peak {got['peak_mib']:.0f} MiB while compiling"
                comp100.add(got["ms"] / (os.path.getsize(procs.module) / 100e3))
            for d in (ro_src, ro_img):
                left = sorted(os.listdir(d))
                if left != sorted(["streamlit_go.py", "app.py"] + (
                        ["__pycache__"] if d == ro_img or "simulated" in ro_how else [])):
                    raise RuntimeError(f"a read-only launch left {left} in {d}")
                with contextlib.suppress(OSError):
                    os.chmod(d, 0o755)
            comp100.note = (f"streamlit_go.py is {os.path.getsize(procs.module) / 1e3:.0f} KB: "
                            f"the script start grows by this per 100 KB of code")
            ho = "in-process: Python 3.9 cannot hand over (no sys.orig_argv)"
            if handed_over:
                ho = "handed over in memory (nothing written)"
            idle_nw.note = (f"{ho}; no bytecode cache, {statistics.median(start_nw):.0f} ms "
                            f"to start; baseline in the same environment")
            idle_ro.note = (f"{ho}; {ro_how}; no bytecode cache, "
                            f"{statistics.median(start_ro):.0f} ms to start")
            cold_d.note = (f"python -m streamlit_go, bytecode compiled into the read-only "
                           f"folder ({ro_how}), PYTHONDONTWRITEBYTECODE=1; idle "
                           f"{statistics.median(idle_d):.1f} MiB")
            cold.note = (f"(bare asyncio srv {statistics.median(bare.samples):.1f} ms, "
                         f"python -S -c pass {statistics.median(nosite.samples):.1f} ms; "
                         f"first launch{', saving the bytecode' if handed_over else ''}: "
                         f"{ms_first:.0f} ms)")
            idle.note = ("handed over to the cached module" if handed_over else
                         "in-process: Python 3.9 cannot hand over (no sys.orig_argv)")
            cold_s.note = "compiling the script is most of it: see the compile row"
            cold_m.base_name = cold_s.base_name = cold_d.base_name = \
                "streamlit run" if have["streamlit"] else ""
            if not have["streamlit"]:
                for r in (cold_m, cold_s, cold_d):
                    r.note = "; ".join(x for x in ("no Streamlit baseline: streamlit is not "
                                                   "installed", r.note) if x)
                    r.limit = None
            for r in (idle_m, idle_nw, idle_ro):
                r.base_name = "aiohttp /health" if have["aiohttp"] else ""
                if not have["aiohttp"]:
                    r.note = "; ".join(x for x in ("no aiohttp baseline: aiohttp is not "
                                                   "installed", r.note) if x)
                    r.limit = None

        # ---- RSS per session, /health and ping with 10000 held ------------------------
        def section_sessions():
            levels = [1, 100] if quick else [1, 100, 1000, 10000]
            big = 10000
            r1 = row("RSS, 1 session (incl. one-time)", "KiB", "", "{:.0f}")
            per = {100: row("RSS/session @100 sessions", "KiB", "<=30 KiB", "{:.1f}", (30, None)),
                   1000: row("RSS/session @1000 sessions", "KiB", "<=30 KiB", "{:.1f}",
                             (30, None)),
                   10000: row("RSS/session @10000 sessions", "KiB", "<=30 KiB", "{:.1f}",
                              (30, None))}
            h99 = row("/health p99 w/ 10000 sessions", "ms", "<=2 ms", "{:.2f}", (2, None))
            pp = row("ping/pong w/ 10000 sessions", "ms", "all pong", "{:.2f}")
            if quick:
                for lv in (1000, 10000):
                    per[lv].note = "skipped (quick)"
                h99.note = pp.note = "skipped (quick)"
            want = big + 1024
            if not quick and not _can_raise_nofile(want):
                levels = levels[:-1]
                per[big].note = h99.note = pp.note = \
                    f"skipped: RLIMIT_NOFILE cannot reach {want}"
            for rep in range(1 if quick else 3):
                lv_now = levels if rep == 0 else [x for x in levels if x <= 1000]
                top = lv_now[-1]
                srv = procs.server(BENCH_APP, "--max-connections", str(top + 1000),
                                   nofile=top + 1024)
                holder = None
                try:
                    time.sleep(0.2)
                    rss0 = _rss_kib(srv.proc.pid)
                    holder = _Holder(procs, srv.port, top + 1024)
                    have, rss1 = 0, None
                    for lv in lv_now:
                        res = holder.cmd(max(60, lv / 50), cmd="open", n=lv - have,
                                         conc=128, timeout=max(30, lv / 60))
                        if res["failed"] or res["opened"] != lv:
                            raise RuntimeError(f"opened {res['opened']} of {lv}: {res}")
                        have = lv
                        time.sleep(0.3 if lv < 1000 else 1.0)
                        rss = _rss_kib(srv.proc.pid)
                        if lv == 1:
                            rss1 = rss
                            r1.add(rss - rss0)
                        else:
                            per[lv].add((rss - rss1) / (lv - 1))
                            per[lv].note = f"(server total {rss / 1024:.0f} MiB)"
                        log(f"{lv} sessions: RSS {rss / 1024:.1f} MiB (open {res['secs']:.1f}s)")
                        if lv == big:
                            hres = procs.client("http", srv.port, 1, 2.0, 20000, timeout=60)
                            h99.add(hres["p99"])
                            h99.note = f"p50 {hres['p50']:.2f} ms, max {hres['max']:.1f} ms"
                            pres = holder.cmd(30, cmd="ping", k=20, timeout=10)
                            pp.add(pres["p50"])
                            pp.note = f"{pres['ok']}/{pres['asked']} pongs, max {pres['max']:.1f} ms"
                            if pres["ok"] != pres["asked"]:
                                failures.append("ping/pong with 10000 sessions")
                    alive = holder.cmd(30, cmd="alive")["alive"]
                    if alive != have:
                        raise RuntimeError(f"only {alive} of {have} sessions still open")
                finally:
                    if holder:
                        holder.close()
                    procs.stop(srv.proc)
                    srv.stop()

        # ---- HTTP /health --------------------------------------------------------------
        def section_http():
            secs = 1.0 if quick else 3.0
            rps = row("HTTP req/s, 50 conns", "req/s", "", "{:.0f}", None)
            p50 = row("HTTP p50, 50 conns", "ms", "", "{:.2f}")
            p99 = row("HTTP p99, 50 conns", "ms", "", "{:.2f}")
            s50 = row("/health p50, 1 conn", "ms", "", "{:.3f}")
            s99 = row("/health p99, 1 conn", "ms", "<=2 ms", "{:.3f}", (2, None))
            srv = procs.server(BENCH_APP)
            busy = []
            try:
                for _ in range(reps):
                    r = procs.client("http", srv.port, 1, secs / 2, 20000, timeout=60)
                    s50.add(r["p50"])
                    s99.add(r["p99"])
                    if wrk:
                        out = subprocess.run(
                            [wrk, "-t1", "-c50", f"-d{max(1, int(secs))}s", "--latency",
                             f"http://127.0.0.1:{srv.port}/health"],
                            capture_output=True, text=True, timeout=60).stdout
                        rps.add(float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1)))
                        unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
                        for q, target in (("50", p50), ("99", p99)):
                            m = re.search(rf"\s{q}%\s+([\d.]+)(us|ms|s)", out)
                            target.add(float(m.group(1)) * unit[m.group(2)])
                    else:
                        c0 = _proc_cpu(srv.proc.pid)
                        r = procs.client("http", srv.port, 50, secs, 2_000_000, timeout=60)
                        busy.append((_proc_cpu(srv.proc.pid) - c0) / r["secs"])
                        if r["errors"]:
                            raise RuntimeError(f"{r['errors']} non-200 answers")
                        rps.add(r["rps"])
                        p50.add(r["p50"])
                        p99.add(r["p99"])
                rps.note = "client: wrk" if wrk else "client: python asyncio (no wrk on PATH)"
                if busy:
                    rps.note += (f"; server busy {100 * statistics.median(busy):.0f}% of a core"
                                 f"{' (client-bound)' if statistics.median(busy) < 0.95 else ''}")
            finally:
                procs.stop(srv.proc)
                srv.stop()

        # ---- WebSocket ping -> pong vs a bare echo -----------------------------------------
        def section_ws():
            rounds1, rounds50, secs = (500, 60, 1.0) if quick else (3000, 300, 3.0)
            srv = procs.server(BENCH_APP)
            echo = procs.popen([sys.executable, procs.script("echo.py", BENCH_ECHO)],
                               stdout=subprocess.PIPE)
            wsecho = procs.popen([sys.executable, procs.script("sg_echo.py", BENCH_SG_ECHO),
                                  os.path.dirname(MODULE)], stdout=subprocess.PIPE)
            # The issue's yardstick: aiohttp's WebSocket echo, when this python has it.
            vs = {q: row(f"WS ping RTT {q}, 50 conns vs aiohttp", "ms", "<=1x aiohttp",
                         "{:.3f}", (None, 1.0)) for q in ("p50", "p99")}
            aio = None
            if importlib.util.find_spec("aiohttp") is not None:
                aio = procs.popen([sys.executable, procs.script("aiohttp_baseline.py",
                                                                BENCH_AIOHTTP)],
                                  stdout=subprocess.PIPE)
            try:
                eport = _read_port(echo)
                wport = _read_port(wsecho)
                aport = _read_port(aio) if aio is not None else None
                for conns, rounds in ((1, rounds1), (50, rounds50)):
                    what = "1 conn" if conns == 1 else f"{conns} conns"
                    rr = {q: row(f"WS ping RTT {q}, {what}", "ms", "<=1.2x echo", "{:.3f}",
                                 (None, 1.2))
                          for q in ("p50", "p99")}
                    for r in rr.values():
                        r.base_name = "tcp echo"
                    mid = {"p50": [], "p99": []}
                    for _ in range(ws_reps):
                        a = procs.client("wsping", srv.port, "sg", conns, rounds, secs, timeout=90)
                        b = procs.client("wsping", eport, "echo", conns, rounds, secs, timeout=90)
                        c = procs.client("wsping", wport, "wsecho", conns, rounds, secs,
                                         timeout=90)
                        d = None
                        if conns == 50 and aport is not None:     # same bytes, same client
                            d = procs.client("wsping", aport, "wsecho", conns, rounds, secs,
                                             timeout=90)
                        for q in ("p50", "p99"):
                            rr[q].add(a[q])
                            rr[q].base.append(b[q])
                            mid[q].append(c[q])
                            if conns == 50:
                                vs[q].add(a[q])
                                vs[q].base.append(d[q] if d is not None else b[q])
                    for q in ("p50", "p99"):
                        rr[q].note = (f"(sg WebSocket echo, no JSON: "
                                      f"{statistics.median(mid[q]):.3f} ms)")
                for q in ("p50", "p99"):
                    if aport is not None:
                        vs[q].base_name = "aiohttp echo"
                        vs[q].note = ("sg answers the JSON ping with a pong; aiohttp echoes "
                                      "the same frame back")
                    else:
                        vs[q].base_name = "tcp echo"
                        vs[q].note = "aiohttp is not installed for this python: tcp echo instead"
            finally:
                if aio is not None:
                    procs.stop(aio)
                procs.stop(wsecho)
                procs.stop(echo)
                procs.stop(srv.proc)
                srv.stop()

        # ---- component_event -> partial_update, and bytes on the wire -----------------------
        def section_events():
            e50 = row("event RTT p50, 1 session", "ms", "<=2 ms", "{:.2f}", (2, None))
            e99 = row("event RTT p99, 1 session", "ms", "", "{:.2f}")
            m50 = row("event RTT p50, 100 sessions", "ms", "", "{:.2f}")
            m99 = row("event RTT p99, 100 sessions", "ms", "<=50 ms", "{:.2f}", (50, None))
            floor = row("event floor: 100 reruns in process", "ms", "", "{:.2f}")
            m99.base_name = "floor"
            by = row("click bytes vs full page", "B", "<=10% of page", "{:.0f}", (None, 0.10))
            by.base_name = "ui_update"
            clicks, rounds, secs = (100, 3, 2.0) if quick else (400, 10, 5.0)
            for _ in range(ws_reps):
                # What the 100 clicks cost without a server: the last answer's floor.
                rounds_ms = _rerun_floor(BENCH_APP, 100, rounds, click=True)
                floor.add(statistics.median(rounds_ms))
                m99.base.append(floor.samples[-1])
                srv = procs.server(BENCH_APP)     # fresh sessions, fresh server each run
                try:
                    a = procs.client("click", srv.port, 1, clicks, secs, timeout=90)
                    e50.add(a["p50"])
                    e99.add(a["p99"])
                    by.add(a["click_bytes"])
                    by.base.append(a["page_bytes"])
                    by.note = f"click sends {'/'.join(a['types'])}"
                    b = procs.client("click", srv.port, 100, rounds, secs, timeout=120)
                    m50.add(b["p50"])
                    m99.add(b["p99"])
                finally:
                    procs.stop(srv.proc)
                    srv.stop()
            floor.note = ("the same 100 click reruns (script, render, diff, encode) back to "
                          "back on one interpreter, no server: the last of 100 simultaneous "
                          "clicks cannot be answered sooner")

        # ---- st.shared_state push -----------------------------------------------------------
        def section_shared():
            s50 = row("shared push last p50, 1000", "ms", "<=300 ms", "{:.1f}", (300, None))
            s99 = row("shared push last p99, 1000", "ms", "", "{:.1f}")
            floor = row("shared push floor: 1000 reruns in process", "ms", "", "{:.1f}")
            f50 = row("shared push last p50, 1000, read in a fragment", "ms", "<=300 ms",
                      "{:.1f}", (300, None))
            ffloor = row("shared push floor: 1000 fragment reruns", "ms", "", "{:.1f}")
            s50.base_name = f50.base_name = "floor"
            readers, writes, secs = (1000, 3, 15.0) if quick else (1000, 10, 40.0)
            runs = 1 if quick else 2

            def push(app, fragment):
                """The floor of a push to `readers`, then the push itself on a fresh server."""
                fl = statistics.median(_rerun_floor(app, readers, writes, click=False,
                                                    fragment=fragment))
                srv = procs.server(app, "--max-connections", str(readers + 500),
                                   nofile=readers + 1024)
                try:
                    r = procs.client("shared", srv.port, readers, writes, secs, timeout=240)
                finally:
                    procs.stop(srv.proc)
                    srv.stop()
                if not r["writes"] or min(r["received"]) < readers:
                    raise RuntimeError(f"only {r['received']} of {readers} readers updated")
                return fl, r

            for _ in range(runs):
                fl, r = push(BENCH_SHARED_APP, fragment=False)
                floor.add(fl)
                s50.base.append(fl)
                s50.add(r["last"]["p50"])
                s99.add(r["last"]["p99"])
                s50.note = (f"time until the LAST of {readers} readers got it; per-write "
                            f"median reader {r['median']['p50']:.1f} ms; "
                            f"{r['writes']} writes/run")
                s99.note = f"opening {readers} sessions took {r['open_secs']:.1f}s"
            floor.note = (f"the {readers} readers' reruns after one write (script, render, "
                          f"diff, encode) back to back on one interpreter, no server: "
                          f"the last reader cannot have it sooner")
            # The same push when the page reads the value inside a @st.fragment.
            for _ in range(runs):
                fl, r = push(BENCH_SHARED_FRAGMENT_APP, fragment=True)
                ffloor.add(fl)
                f50.base.append(fl)
                f50.add(r["last"]["p50"])
                f50.note = (f"only the fragment reruns in each reader; per-write median "
                            f"reader {r['median']['p50']:.1f} ms, p99 of the last "
                            f"{r['last']['p99']:.1f} ms")
            ffloor.note = "the readers' fragment reruns after one write, back to back"

        # ---- sessions that draw media and expire (issue: media outliving sessions) ---------
        def section_churn():
            total = 2000 if quick else 20000
            rounds = 4 if quick else 10
            after = row("RSS after media churn", "MiB", "", "{:.1f}")
            after.base_name = "same app, no image"
            growth = row("RSS growth over media churn", "x", "<=1.10", "{:.3f}", (1.10, None))
            for image in (False, True):
                srv = procs.server(CHURN_APP.format(image=image), "--session-timeout", "0.5",
                                   "--cleanup-interval", "0.25")
                try:
                    rss = media_churn(srv.port, srv.proc.pid, rounds, total // rounds, 1.2)
                finally:
                    procs.stop(srv.proc)
                    srv.stop()
                if image:
                    after.add(rss[-1])
                    growth.add(rss[-1] / rss[1])
                    growth.note = (f"RSS after round 2 of {rounds} -> last; "
                                   f"{total} sessions drew a 51 KB image and expired")
                else:
                    after.base.append(rss[-1])
            after.note = f"{total} sessions, each drew a 51 KB image, all expired"

        # ---- data grid: a 50,000 x 20 pandas frame, and 1,000,000 x 10 -------------------
        def section_grid():
            first = row("grid first message, 50k x 20", "KB", "<=200 KB", "{:.1f}", (200, None))
            render = row("grid server render, 50k x 20", "ms", "<=50 ms", "{:.1f}", (50, None))
            sort = row("grid header sort, 50k x 20", "ms", "<=300 ms", "{:.1f}", (300, None))
            big = row("grid largest message, 1M x 10", "KB", "<=1024 KB", "{:.1f}", (1024, None))
            grow = row("grid RSS growth, 1M x 10", "x frame", "<=2x frame", "{:.2f}", (2, None))
            try:
                import numpy as np_
                import pandas as pd_
            except ImportError:
                for r in (first, render, sort, big, grow):
                    r.note = "pandas/numpy not installed for this python"
                return
            df = pd_.DataFrame(np_.random.default_rng(0).normal(size=(50_000, 20)) * 1000,
                               columns=[f"c{i}" for i in range(20)])
            for _ in range(5 if quick else 20):        # what st.dataframe does per rerun
                t0 = time.perf_counter()
                grid = sg.Grid(df)
                sg._grid_html("g", "dataframe", dict(grid.first_paint(), width=None,
                                                     height=None, stretch=True))
                render.add((time.perf_counter() - t0) * 1000)
            render.note = "Grid + first_paint + grid html, in process"
            # The RSS a frame costs: the server after showing (and sorting) the
            # big frame, less the same app showing 10 rows (pandas loaded alike).
            srv = procs.server(BENCH_GRID_APP.format(rows=10, cols=10))
            try:
                ws = WSClient(srv.port, path="/ws?sessionId=")
                first_page(ws)
                ws.close()
                time.sleep(0.3)
                small_rss = _rss_kib(srv.proc.pid) * 1024
            finally:
                procs.stop(srv.proc)
                srv.stop()
            for rows_, cols_ in ((50_000, 20), (1_000_000, 10)):
                srv = procs.server(BENCH_GRID_APP.format(rows=rows_, cols=cols_))
                try:
                    ws = WSClient(srv.port, path="/ws?sessionId=")
                    page = first_page(ws)
                    cid = re.search(r'id="([^"]+)" data-kind="dataframe"', page).group(1)
                    sizes = [len(json.dumps({"data": {"html": page}}))]
                    for k in range(reps):
                        for column in ("c3", "c7"):
                            t0 = time.perf_counter()
                            ws.send("data_window", {"componentId": cid, "start": 0, "stop": 100,
                                                    "sort": {"column": column,
                                                             "ascending": k % 2 == 0}})
                            msg = ws.recv_until(lambda m: m["type"] in ("data_rows", "error"),
                                                60)[-1]
                            if msg["type"] != "data_rows":
                                raise RuntimeError(f"sort refused: {msg}")
                            if rows_ == 50_000:
                                sort.add((time.perf_counter() - t0) * 1000)
                            sizes.append(len(json.dumps(msg)))
                    ws.send("data_window", {"componentId": cid, "start": rows_ - 500,
                                            "stop": rows_, "sort": None})
                    msg = ws.recv_until(lambda m: m["type"] in ("data_rows", "error"), 60)[-1]
                    sizes.append(len(json.dumps(msg)))
                    ws.close()
                    if rows_ == 1_000_000:
                        time.sleep(0.3)
                        frame_bytes = rows_ * cols_ * 8
                        grow.add((_rss_kib(srv.proc.pid) * 1024 - small_rss) / frame_bytes)
                        grow.note = (f"after the first page, {2 * reps} sorts and a window; "
                                     f"the frame's floats are {frame_bytes / 2**20:.0f} MiB")
                finally:
                    procs.stop(srv.proc)
                    srv.stop()
                if rows_ == 50_000:
                    first.add(sizes[0] / 1000)
                    first.note = "the ui_update that first shows the frame"
                else:
                    big.add(max(sizes) / 1000)
                    big.note = "largest of: first page, sorted windows, a 500-row window"
            sort.note = "header click: data_window with a new sort -> data_rows (first window)"
        # ---- Chromium: click -> DOM beside NiceGUI, grid scroll, a 100k-point chart ---
        def section_browser():
            section_line_chart()          # no browser needed
            if find_chromium() is None:
                for name in BENCH_ROWS:
                    if name.startswith(("click → DOM", "scroll to row")):
                        rows[name].note = "chromium not installed"
                return
            browser = Browser().start()
            try:
                section_clicks(browser)
                section_scroll(browser)
            finally:
                browser.stop()

        def section_browser_sessions():
            if find_chromium() is None:
                rows["RSS/session, 100 Chromium sessions (deflate)"].note = \
                    "chromium not installed"
                return
            browser = Browser().start()       # a fresh one: its own tabs only
            try:
                section_browser_memory(browser)
            finally:
                browser.stop()

        def section_browser_memory(browser):
            """RSS per session with real browsers, deflate on (as Chromium offers it),
            beside Streamlit; then where the bytes go (a traced server)."""
            n = 10 if quick else 100
            traced_n = 5 if quick else 30
            per = row("RSS/session, 100 Chromium sessions (deflate)", "KiB", "<=30 KiB",
                      "{:.1f}", (30, None))
            have_st = importlib.util.find_spec("streamlit") is not None
            st_app = procs.script("st_counter.py", BENCH_COUNTER_APP.replace(
                "import streamlit_go as st", "import streamlit as st"))
            first, st_first, deflate = [], [], []
            for _ in range(1 if quick else 2):
                pages = []
                srv = procs.server(BENCH_COUNTER_APP)
                try:
                    url = f"http://127.0.0.1:{srv.port}/"
                    time.sleep(0.3)
                    rss0 = _rss_kib(srv.proc.pid)
                    _open_tabs(browser, url, 1, _SG_READY_JS, pages)
                    time.sleep(0.5)
                    rss1 = _rss_kib(srv.proc.pid)
                    _open_tabs(browser, url, n - 1, _SG_READY_JS, pages)
                    time.sleep(1.0)
                    rss_n = _rss_kib(srv.proc.pid)
                    first.append(rss1 - rss0)
                    per.add((rss_n - rss1) / (n - 1))
                    for method, params in pages[-1].events:    # what the last tab agreed
                        if method == "Network.webSocketHandshakeResponseReceived":
                            heads = {k.lower(): v for k, v in
                                     params["response"].get("headers", {}).items()}
                            deflate.append("permessage-deflate" in
                                           heads.get("sec-websocket-extensions", ""))
                finally:
                    _close_tabs(browser, pages)
                    procs.stop(srv.proc)
                    srv.stop()
                if have_st:
                    port = free_port()
                    p = procs.popen([sys.executable, "-m", "streamlit", "run", st_app,
                                     "--server.port", str(port), "--server.headless", "true",
                                     "--browser.gatherUsageStats", "false"],
                                    env=procs.user_env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
                    try:
                        if not _health_200(port, time.perf_counter() + 60, "/_stcore/health"):
                            raise RuntimeError("streamlit never answered /_stcore/health")
                        url = f"http://127.0.0.1:{port}/"
                        time.sleep(0.3)
                        rss0 = _rss_kib(p.pid)
                        _open_tabs(browser, url, 1, _ST_READY_JS, pages)
                        time.sleep(0.5)
                        rss1 = _rss_kib(p.pid)
                        _open_tabs(browser, url, n - 1, _ST_READY_JS, pages)
                        time.sleep(1.0)
                        rss_n = _rss_kib(p.pid)
                        st_first.append(rss1 - rss0)
                        per.base.append((rss_n - rss1) / (n - 1))
                    finally:
                        _close_tabs(browser, pages)
                        procs.stop(p)
            per.base_name = "Streamlit" if have_st else ""
            # Where the bytes go: a server tracing its allocations, snapshots after
            # the first tab and after the last; per session, by owner.
            snap = os.path.join(procs.dir, "trace")
            traced = procs.script("traced_server.py", BENCH_TRACED_SERVER)
            app_dir = os.path.join(procs.dir, "traced_app")
            os.makedirs(app_dir, exist_ok=True)
            with open(os.path.join(app_dir, "app.py"), "w", encoding="utf-8") as f:
                f.write(BENCH_COUNTER_APP)
            p = procs.popen([sys.executable, traced, os.path.dirname(procs.module), "8", snap,
                             "app.py", "--port", "0", "--quiet"], cwd=app_dir,
                            env=procs.user_env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
            pages = []
            try:
                url = f"http://127.0.0.1:{_read_port(p, 60)}/"

                def snapshot(i):
                    os.kill(p.pid, signal.SIGUSR1)
                    deadline = time.monotonic() + 60
                    while not os.path.exists(f"{snap}.{i}"):
                        if time.monotonic() > deadline or p.poll() is not None:
                            raise RuntimeError("the traced server wrote no snapshot")
                        time.sleep(0.1)
                    import tracemalloc
                    return tracemalloc.Snapshot.load(f"{snap}.{i}")
                _open_tabs(browser, url, 1, _SG_READY_JS, pages)
                time.sleep(0.5)
                before = snapshot(0)
                _open_tabs(browser, url, traced_n - 1, _SG_READY_JS, pages)
                time.sleep(1.0)
                after = snapshot(1)
            finally:
                _close_tabs(browser, pages)
                procs.stop(p)
            owners = _bytes_by_owner(before, after, procs.module)
            total = sum(owners.values()) / (traced_n - 1) / 1024
            top = sorted(owners.items(), key=lambda kv: -kv[1])[:8]
            zlib_owned = sum(v for k, v in owners.items()
                             if "deflate" in k.lower() or "inflat" in k.lower())
            comp, decomp = _zlib_state_bytes()
            per.note = (
                f"{'quick: ' + str(n) + ' sessions; ' if quick else ''}"
                f"tabs one by one, each in its own context, counter app; first tab "
                f"+{statistics.median(first):.0f} KiB (one-time costs included)"
                f"{'; Streamlit first +%.0f KiB' % statistics.median(st_first) if st_first else ''}"
                f"; deflate agreed: {all(deflate) if deflate else 'unknown'}"
                f" (Streamlit: its default, no compression). tracemalloc, {traced_n} tabs: "
                f"{total:.1f} KiB/session allocated by Python: "
                + ", ".join(f"{k} {v / (traced_n - 1) / 1024:.1f}" for k, v in top)
                + f" KiB; zlib state held per connection {zlib_owned / (traced_n - 1):.0f} B "
                f"(no context takeover: a compressor, {comp / 1024:.0f} KiB, and an "
                f"inflater, {decomp / 1024:.0f} KiB, live only while a message is "
                f"compressed or inflated)")

        def section_clicks(browser):
            clicks, chunk = (40, 20) if quick else (300, 20)
            have_nicegui = importlib.util.find_spec("nicegui") is not None
            ng = ng_port = None
            if have_nicegui:
                ng, ng_port = _start_nicegui(procs)
            try:
                for app, path, source in (("counter app", "counter", BENCH_COUNTER_APP),
                                          ("page app", "page", BENCH_APP)):
                    r50 = row(f"click → DOM p50, {app}", "ms", "<= NiceGUI", "{:.2f}",
                              (None, 1.0))
                    r99 = row(f"click → DOM p99, {app}", "ms", "<= 2x p50", "{:.2f}")
                    frames = {"sg": [], "ng": []}
                    srv = procs.server(source)
                    try:
                        for _ in range(reps):                   # fresh pages (sessions) per run
                            urls = {"sg": f"http://127.0.0.1:{srv.port}/"}
                            if have_nicegui:
                                urls["ng"] = f"http://127.0.0.1:{ng_port}/{path}"
                            pages, got = {}, {w: [[], []] for w in urls}
                            try:
                                for w, url in urls.items():
                                    pg = pages[w] = browser.new_page()
                                    pg.goto(url, 20)
                                    pg.wait_for(r"/Clicked \d+ times/.test(document.body"
                                                r".textContent)", 20, what=f"{w} counter")
                                    pg.eval(BENCH_CLICK_JS + "(5)", 30)        # warm up
                                for _ in range(0, clicks, chunk):      # alternate the two
                                    for w, pg in pages.items():
                                        dom, frame = pg.eval(BENCH_CLICK_JS + f"({chunk})", 60)
                                        got[w][0].extend(dom)
                                        got[w][1].extend(frame)
                            finally:
                                for pg in pages.values():
                                    pg.close()
                            for w, (dom, frame) in got.items():
                                if min(dom) < 0:
                                    raise RuntimeError(f"{w} {app}: a click changed nothing "
                                                       f"within 5 s")
                                frames[w].append(_pct(frame, 50))
                            r50.add(_pct(got["sg"][0], 50))
                            r99.add(_pct(got["sg"][0], 99))
                            if have_nicegui:
                                r50.base.append(_pct(got["ng"][0], 50))
                                r99.base.append(_pct(got["ng"][0], 99))
                    finally:
                        procs.stop(srv.proc)
                        srv.stop()
                    r99.limit = (2 * statistics.median(r50.samples), None)
                    if not have_nicegui:
                        r50.limit = None          # no verdict without the baseline
                    how = (f"{clicks} clicks/run; JS click(), MutationObserver sees the new "
                           f"text; painted (next frame) p50 "
                           f"{statistics.median(frames['sg']):.1f} ms")
                    if have_nicegui:
                        r50.base_name = r99.base_name = "NiceGUI"
                        how += f", NiceGUI {statistics.median(frames['ng']):.1f} ms"
                        r99.note = "baseline: NiceGUI's p99 of the same run"
                    else:
                        how = "nicegui not installed (no baseline); " + how
                        r99.note = "nicegui not installed (no baseline)"
                    r50.note = how
            finally:
                if ng is not None:
                    procs.stop(ng)

        def section_scroll(browser):
            shown = row("scroll to row 40,000 → rows shown in Chromium", "ms", "<=150 ms",
                        "{:.1f}", (150, None))
            srv = procs.server(BENCH_SCROLL_APP)
            doms = []
            try:
                pg = browser.new_page()
                try:
                    pg.goto(f"http://127.0.0.1:{srv.port}/", 30)
                    pg.wait_for("!!document.querySelector('[data-kind=dataframe][data-grid] "
                                "tr[data-row=\"0\"]')", 60, what="the grid")
                    kind = "pandas" if importlib.util.find_spec("pandas") else "dict of lists"
                    for _ in range(2 * reps):
                        pg.eval(BENCH_SCROLL_JS + "(0)", 15)    # back to the top first
                        time.sleep(0.1)
                        r = pg.eval(BENCH_SCROLL_JS + "(40000)", 15)
                        if r is None:
                            raise RuntimeError("row 40,000 did not arrive within 10 s")
                        doms.append(r[0])
                        shown.add(r[1])
                finally:
                    pg.close()
            finally:
                procs.stop(srv.proc)
                srv.stop()
            shown.note = (f"50,000 x 20 floats ({kind}); scrollTop set -> the frame after "
                          f"row 40,000 is in the DOM (in the DOM: "
                          f"{statistics.median(doms):.1f} ms)")

        def section_line_chart():
            line = row("100k-point line chart message", "KB", "<=100 KB", "{:.1f}", (100, None))
            line.base_name = "not thinned"
            for patch, into in (("", line.samples),
                                ("st.lttb = lambda xs, ys, n: list(range(len(xs)))", line.base)):
                srv = procs.server(BENCH_LINE_APP.format(patch=patch))
                try:
                    ws = WSClient(srv.port, timeout=60)
                    try:
                        page = first_page(ws)
                    finally:
                        ws.close()
                finally:
                    procs.stop(srv.proc)
                    srv.stop()
                if "<svg" not in page:
                    raise RuntimeError("the line chart drew no SVG")
                into.append(len(json.dumps({"data": {"html": page}})) / 1000)
            line.note = "st.line_chart of 100,000 points: the ui_update that shows it"

        # ---- --redis: what a rerun costs with its state written to Redis ------------
        def section_redis():
            if not os.path.exists(REDIS_SERVER_BIN):
                raise RuntimeError(f"{REDIS_SERVER_BIN} is not installed")
            clicks = 100 if quick else 400
            p50 = row("rerun p50, --redis, 10 KB state", "ms", "ratio reported", "{:.2f}")
            p99 = row("rerun p99, --redis, 10 KB state", "ms", "ratio reported", "{:.2f}")
            p50.base_name = p99.base_name = "in-memory"
            redis = RedisProc()
            redis.start()
            try:
                for _ in range(reps):
                    for use_redis in (False, True):
                        args = ["--quiet"] + (["--redis", redis.url(), "--secret",
                                               "bench-secret-0123456789"] if use_redis else [])
                        srv = AppServer(BENCH_REDIS_APP, *args).start()
                        try:
                            lat = sorted(_click_latencies(srv.port, clicks))
                        finally:
                            srv.stop()
                        a, b = lat[len(lat) // 2], lat[min(len(lat) - 1, len(lat) * 99 // 100)]
                        if use_redis:
                            p50.add(a)
                            p99.add(b)
                        else:
                            p50.base.append(a)
                            p99.base.append(b)
                p50.note = p99.note = (f"{clicks} clicks, one session; the write is sent "
                                       "after the page update, not awaited")
                section_redis_page_load(redis)
                section_redis_shared(redis)
                section_redis_sessions(redis)
            finally:
                redis.stop()
                shutil.rmtree(redis.dir, ignore_errors=True)

        def section_redis_page_load(redis):
            """A new visitor's page and first WebSocket: in memory, and on two --redis instances."""
            loads = 100 if quick else 500
            get50 = row("page load (GET /) p50, --redis", "ms", "ratio reported", "{:.2f}")
            ws50 = row("page load to first ui_update p50, --redis", "ms", "ratio reported",
                       "{:.2f}")
            get50.base_name = ws50.base_name = "in-memory"
            secret = ["--secret", "bench-secret-0123456789"]
            for _ in range(reps):
                for use_redis in (False, True):
                    args = ["--quiet"] + (["--redis", redis.url()] + secret if use_redis else [])
                    a = AppServer(BENCH_REDIS_APP, *args).start()
                    b = AppServer(BENCH_REDIS_APP, *args).start() if use_redis else a
                    try:
                        _page_loads(a.port, b.port, 10)                   # warm up
                        pages, whole = _page_loads(a.port, b.port, loads)
                    finally:
                        a.stop()
                        if b is not a:
                            b.stop()
                    for r, lat in ((get50, pages), (ws50, whole)):
                        (r.add if use_redis else r.base.append)(statistics.median(lat))
            get50.note = (f"{loads} new visitors; GET / never asks Redis (the id's tag is "
                          "checked by HMAC)")
            ws50.note = (f"{loads} new visitors: page on instance A, WebSocket on B (--redis), "
                         "or both on one (in memory); B looks the id up in Redis once")

        def section_redis_sessions(redis):
            """RSS per session when 3 instances with --redis hold them (plus Redis's bytes)."""
            total = 100 if quick else 1000
            per = row("RSS/session, 3 inst. + Redis", "KiB", "ratio reported", "{:.1f}")
            base = rows[f"RSS/session @{total} sessions"]
            per.base, per.base_name = list(base.samples), "1 instance"
            servers, holders = [], []
            try:
                for _ in range(3):
                    srv = procs.server(BENCH_APP, "--redis", redis.url(), "--secret",
                                       "bench-secret-0123456789", "--max-connections",
                                       str(total + 1000), nofile=total + 1024)
                    servers.append(srv)
                    holders.append(_Holder(procs, srv.port, total + 1024))
                time.sleep(0.2)
                for h in holders:                       # one session each: one-time costs
                    h.cmd(60, cmd="open", n=1, conc=1, timeout=30)
                time.sleep(0.3)
                rss1 = [_rss_kib(srv.proc.pid) for srv in servers]
                used = RedisSyncClient(redis.url())
                try:
                    mem1 = int(re.search(rb"used_memory:(\d+)",
                                         used.command("INFO", "memory")).group(1))
                    for i, h in enumerate(holders):
                        n = total // 3 + (1 if i < total % 3 else 0) - 1
                        res = h.cmd(max(60, n / 50), cmd="open", n=n, conc=128,
                                    timeout=max(30, n / 60))
                        if res["failed"] or res["opened"] != n + 1:
                            raise RuntimeError(f"opened {res['opened']} of {n + 1}: {res}")
                    time.sleep(0.5 if quick else 1.0)
                    mem2 = int(re.search(rb"used_memory:(\d+)",
                                         used.command("INFO", "memory")).group(1))
                finally:
                    used.close()
                grown = sum(_rss_kib(srv.proc.pid) - r for srv, r in zip(servers, rss1))
                per.add(grown / (total - 3))
                per.note = (f"{total} sessions over 3 instances; Redis holds "
                            f"{(mem2 - mem1) / 1024 / (total - 3):.1f} KiB/session more")
            finally:
                for h in holders:
                    h.close()
                for srv in servers:
                    procs.stop(srv.proc)
                    srv.stop()

        def section_redis_shared(redis):
            """st.shared_state: one write on instance 1, 1000 readers over 3 instances."""
            s50 = row("shared push last p50, 1000 over 3 inst.", "ms", "ratio reported",
                      "{:.1f}")
            s99 = row("shared push last p99, 1000 over 3 inst.", "ms", "ratio reported",
                      "{:.1f}")
            for mine, base in ((s50, "shared push last p50, 1000"),
                               (s99, "shared push last p99, 1000")):
                mine.base, mine.base_name = list(rows[base].samples), "1 instance"
            readers, writes, secs = (1000, 3, 15.0) if quick else (1000, 10, 40.0)
            for _ in range(1 if quick else 2):
                servers = []
                try:
                    for _ in range(3):
                        servers.append(procs.server(
                            BENCH_SHARED_APP, "--redis", redis.url(), "--secret",
                            "bench-secret-0123456789", "--max-connections", str(readers),
                            nofile=readers + 1024))
                    ports = ",".join(str(srv.port) for srv in servers)
                    r = procs.client("shared", ports, readers, writes, secs, timeout=240)
                finally:
                    for srv in servers:
                        procs.stop(srv.proc)
                        srv.stop()
                if not r["writes"] or min(r["received"]) < readers:
                    raise RuntimeError(f"only {r['received']} of {readers} readers updated")
                s50.add(r["last"]["p50"])
                s99.add(r["last"]["p99"])
                s50.note = (f"writer on instance 1, the others hear it by pub/sub; per-write "
                            f"median reader {r['median']['p50']:.1f} ms; "
                            f"{r['writes']} writes/run")
                s99.note = f"opening {readers} sessions took {r['open_secs']:.1f}s"

        # ---- AppTest: the testing API against Streamlit's ---------------------------
        def section_apptest():
            warm = row("AppTest: from_file, run, click, run", "ms", "<=0.1x Streamlit",
                       "{:.1f}", (None, 0.1))
            first = row("AppTest: the same, first in a process", "ms", "", "{:.1f}")
            warm.base_name = first.base_name = "Streamlit 1.67 AppTest"
            child = procs.script("apptest_bench.py", BENCH_APPTEST)
            with open(os.path.join(HERE, "example_app.py"), encoding="utf-8") as f:
                example = f.read()
            st_app = procs.script("st_example_app.py", example.replace(
                "import streamlit_go as st\n", BENCH_SHARED_SHIM, 1))
            env = dict(procs.user_env, PYTHONPATH=os.path.dirname(procs.module))
            has_streamlit = importlib.util.find_spec("streamlit") is not None
            n = 3 if quick else 20
            for _ in range(reps):
                for impl, app, r_warm, r_first in (
                        ("streamlit_go", os.path.join(HERE, "example_app.py"), warm.samples,
                         first.samples),
                        ("streamlit", st_app, warm.base, first.base)):
                    if impl == "streamlit" and not has_streamlit:
                        continue
                    out = subprocess.run([sys.executable, child, impl, app, str(n)],
                                         capture_output=True, text=True, timeout=300,
                                         env=env, cwd=procs.dir, stdin=subprocess.DEVNULL)
                    if out.returncode != 0:
                        raise RuntimeError(f"{impl} AppTest: {out.stderr[-500:]}")
                    got = json.loads(out.stdout.strip().splitlines()[-1])
                    r_warm.append(got["median"])
                    r_first.append(got["first"])
            warm.note = (f"example_app.py, median of {n} in one process"
                         + ("" if has_streamlit else "; Streamlit not installed: no baseline"))
            first.note = "including the imports"

        # ---- a v1 component's value round trip, beside Streamlit's ---------------------
        def section_components():
            r50 = row("component value → render p50", "ms", "<= Streamlit", "{:.2f}", (None, 1.0))
            r99 = row("component value → render p99", "ms", "<= 2x p50", "{:.2f}")
            if find_chromium() is None:
                r50.note = r99.note = "chromium not installed"
                return
            folder = os.path.join(procs.dir, "bench_echo")
            os.makedirs(folder, exist_ok=True)
            procs.script("bench_echo/index.html", BENCH_COMPONENT_HTML)
            app = BENCH_COMPONENT_APP.replace("FOLDER", repr(folder))
            st_app = procs.script("st_component.py", app.replace(
                "streamlit_go", "streamlit"))
            have_st = importlib.util.find_spec("streamlit") is not None
            n = 40 if quick else 300
            frames = {"sg": "[data-kind=custom_component] iframe",
                      "st": "iframe[data-testid=stCustomComponentV1]"}
            browser = Browser().start()
            try:
                for _ in range(reps):
                    srv = procs.server(app)
                    st_proc = None
                    try:
                        urls = {"sg": f"http://127.0.0.1:{srv.port}/"}
                        if have_st:
                            port = free_port()
                            st_proc = procs.popen(
                                [sys.executable, "-m", "streamlit", "run", st_app,
                                 "--server.port", str(port), "--server.headless", "true",
                                 "--browser.gatherUsageStats", "false"],
                                env=procs.user_env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
                            if not _health_200(port, time.perf_counter() + 60,
                                               "/_stcore/health"):
                                raise RuntimeError("streamlit never answered /_stcore/health")
                            urls["st"] = f"http://127.0.0.1:{port}/"
                        got = {}
                        for w, url in urls.items():
                            pg = browser.new_page()
                            try:
                                pg.goto(url, 30)
                                win = f"document.querySelector({json.dumps(frames[w])})"
                                pg.wait_for(f"!!{win} && {win}.contentWindow.lastN === 0", 30,
                                            what=f"{w}: the component's first render")
                                pg.eval(f"{win}.contentWindow.bench(1, 5)", 60)    # warm up
                                got[w] = pg.eval(f"{win}.contentWindow.bench(6, {n})", 600)
                            finally:
                                pg.close()
                            if min(got[w]) < 0:
                                raise RuntimeError(f"{w}: a value got no new render in 5 s")
                        r50.add(_pct(got["sg"], 50))
                        r99.add(_pct(got["sg"], 99))
                        if "st" in got:
                            r50.base.append(_pct(got["st"], 50))
                            r99.base.append(_pct(got["st"], 99))
                    finally:
                        if st_proc is not None:
                            procs.stop(st_proc)
                        procs.stop(srv.proc)
                        srv.stop()
            finally:
                browser.stop()
            r99.limit = (2 * statistics.median(r50.samples), None)
            how = (f"{n} values/run: the frame's setComponentValue -> rerun -> the render "
                   f"carrying it, timed in the frame")
            if have_st:
                r50.base_name = r99.base_name = "Streamlit 1.67"
                r99.note = "baseline: Streamlit's p99 of the same run"
            else:
                r50.limit = None
                how = "streamlit not installed (no baseline); " + how
                r99.note = "streamlit not installed (no baseline)"
            r50.note = how

        sections = [("cold start", section_cold), ("sessions/RSS", section_sessions),
                    ("HTTP", section_http), ("WebSocket ping", section_ws),
                    ("events", section_events), ("shared_state", section_shared),
                    ("media churn", section_churn), ("data grid", section_grid),
                    ("browser", section_browser),
                    ("browser sessions", section_browser_sessions), ("redis", section_redis),
                    ("apptest", section_apptest), ("components", section_components)]
        for name, fn in sections:
            if only not in name:
                continue
            t0 = time.monotonic()
            print(f"bench: {name} ...", flush=True)
            try:
                fn()
            except Exception as exc:
                failures.append(f"{name}: {type(exc).__name__}: {exc}")
                print(f"  !! {name} failed: {type(exc).__name__}: {exc}", flush=True)
            print(f"  .. {name}: {time.monotonic() - t0:.1f}s", flush=True)
    finally:
        procs.close()

    # ---- the table ------------------------------------------------------------------------
    table = [BENCH_HEADER] + [rows[n].cells() for n in BENCH_ROWS]
    widths = [max(len(r[i]) for r in table) for i in range(len(BENCH_HEADER) - 1)]
    print()
    print(f"streamlit_go benchmark ({'quick' if quick else 'full'}): python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, {reps} runs unless noted; "
          f"{'wrk' if wrk else 'python asyncio load client (no wrk on PATH)'}")
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])
    print(f"total {time.monotonic() - t_start:.0f}s")
    with contextlib.suppress(OSError, ValueError):
        cpu1 = _cpu_account()
        wall = cpu1[0] - cpu0[0]
        other = max(0.0, (cpu1[1] - cpu0[1]) - (cpu1[2] - cpu0[2]))
        print(f"noise: other processes used {other:.1f} CPU-s during the run "
              f"({100 * other / wall:.0f}% of one core); vCPU steal {cpu1[3] - cpu0[3]:.1f} s; "
              f"load average {os.getloadavg()[0]:.2f}")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


class BenchTests(unittest.TestCase):
    def test_bench_quick_runs(self):
        """The quick benchmark runs to the end and prints every row (not a speed test)."""
        # The bound is generous: the quick run takes ~2 minutes here (browser rows
        # included) and a CI machine may be slower; this is not a speed test.
        r = subprocess.run([sys.executable, os.path.abspath(__file__), "--bench", "--quick"],
                           capture_output=True, text=True, timeout=480,
                           stdin=subprocess.DEVNULL, cwd=os.path.dirname(os.path.abspath(__file__)))
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
        header = [line for line in r.stdout.splitlines() if line.startswith("figure")]
        self.assertEqual(len(header), 1, r.stdout[-3000:])
        for h in BENCH_HEADER:
            self.assertIn(h, header[0])
        for name in BENCH_ROWS:
            self.assertTrue(any(line.startswith(name) for line in r.stdout.splitlines()),
                            f"row {name!r} missing:\n{r.stdout[-3000:]}")


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
    # With --plain the optional integrations are absent on purpose: their tests
    # are reported as left out, not as skipped.
    left_out = [t for t, why in result.skipped if why.startswith("--plain")]
    skipped = len(result.skipped) - len(left_out)
    extra = f", {len(left_out)} left out (--plain)" if left_out else ""
    print(f"{result.passed} passed, {failed} failed, {skipped} skipped{extra}")
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
    if "--bench" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
        sys.exit(run_bench(quick="--quick" in sys.argv, only=only))
    if "--echo-server" in sys.argv:
        echo_server(int(sys.argv[sys.argv.index("--echo-server") + 1]))
        sys.exit(0)
    sys.exit(run_tests(sys.argv[1:]))
