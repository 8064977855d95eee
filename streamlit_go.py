#!/usr/bin/env python3
"""streamlit_go: Streamlit's programming model in one standard-library file.

Write an ordinary script::

    import streamlit_go as st
    name = st.text_input("Your name")
    if st.button("Greet"):
        st.write(f"Hello, {name}!")

run ``python streamlit_go.py app.py`` and open the printed URL. Every browser
tab gets a session; every click or keystroke the user commits travels over a
WebSocket as a JSON ``component_event``; the server reruns the script for that
session in a worker thread, renders each component to HTML, compares it with
what the page already shows and sends back only what changed.

The file is also a reference you can read from top to bottom. Its sections
follow the path a byte takes from the socket to the screen:

     1. Limits and constants        every bound, with its reason
     2. Errors                      exceptions that carry their HTTP status / close code
     3. HTTP/1.1 (RFC 9112)         parse_request, encode_response   (no I/O)
     4. WebSocket handshake (6455 §4)                                 (no I/O)
     5. WebSocket frames (6455 §5)  parse_frame, encode_frame, WebSocketParser
     6. JSON messages               parse_message, encode_message    (the wire contract)
     7. Sessions                    the session table and its cleanup
     8. App runtime                 compile once, rerun per event in worker threads
     9. Rendering and diff          one render function per kind, escaped HTML
    10. The st API                  what an app script calls
    11. Browser assets              the client's JS and CSS as plain strings
    12. asyncio server              the only place that touches sockets
    13. Command line

Everything above section 12 is "sans-I/O": it takes bytes and returns values,
so the tests feed it byte strings without any socket.
"""

from __future__ import annotations

# =============================================================================
# Imports
# =============================================================================

import ast
import asyncio
import base64
import codecs
import collections
import concurrent.futures
import contextlib
import dataclasses
import datetime as _dt
import email.utils
import enum
import functools
import hashlib
import html as _html
import inspect
import io
import json as _json
import math
import mimetypes
import os
import re
import secrets as _secrets
import signal
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse
from http import HTTPStatus
from typing import Any, Callable, Iterable

__all__ = [
    # the app API is listed at the end of section 10 and appended there
    "HTTPError", "WebSocketError", "ProtocolError",
    "Request", "parse_request", "encode_response",
    "websocket_accept_key", "parse_handshake",
    "Opcode", "CloseCode", "Frame", "parse_frame", "encode_frame", "apply_mask",
    "WebSocketParser", "parse_message", "encode_message",
    "Server", "ServerConfig", "serve_websocket", "main",
]

__version__ = "0.1.0"

# =============================================================================
# 1. Limits and constants
# =============================================================================
# Every buffer and every wait is bounded. Each bound is a module constant (the
# default) and a field of ServerConfig (the setting), never an environment
# variable.

DEFAULT_HOST = "127.0.0.1"          #: loopback by default: safe (PROTOCOL §1)
DEFAULT_PORT = 8501                 #: Streamlit's port (PROTOCOL §1)

MAX_REQUEST_LINE = 8 * 1024         #: method + target + version; over -> 414
MAX_REQUEST_HEAD = 16 * 1024        #: request line + headers (h11's default); over -> 431
MAX_HEADERS = 100                   #: header fields per request (as http.client); over -> 431
MAX_BODY = 1024 * 1024              #: request body; we accept few bodies at all; over -> 413
HEAD_TIMEOUT_S = 10.0               #: the whole head must arrive within this; else 408
KEEPALIVE_TIMEOUT_S = 30.0          #: idle keep-alive connection closed after this
MAX_CONNECTIONS = 1000              #: open connections; past it new ones get 503
MAX_WRITE_BUFFER = 8 * 1024 * 1024  #: bytes queued for a peer that does not read; else drop

WS_MAX_MESSAGE = 1024 * 1024        #: largest WebSocket message we buffer; over -> 1009
WS_PING_INTERVAL_S = 54.0           #: server ping frame (PROTOCOL §5; < nginx's 60 s)
WS_IDLE_TIMEOUT_S = 60.0            #: no frame at all for this long -> close (PROTOCOL §5)
WS_CLOSE_TIMEOUT_S = 5.0            #: wait this long for the peer's close frame

SESSION_TIMEOUT_S = 300.0           #: session dropped 5 min after last activity (PROTOCOL §4)
CLEANUP_INTERVAL_S = 60.0           #: the cleanup coroutine's period (PROTOCOL §4)
MAX_SESSIONS = 100_000              #: live sessions per process; new ones are refused past it
SWEEP_INTERVAL_S = 0.5              #: resolution of all connection deadlines

RERUN_WORKERS = 8                   #: threads running app scripts, shared by all sessions
FLUSH_INTERVAL_S = 0.1              #: a long rerun shows its progress this often
RELOAD_POLL_S = 1.0                 #: how often the script file is checked for changes
MAX_UPLOAD = 50 * 1024 * 1024       #: file_uploader limit (base64 over the WebSocket)
MEDIA_INLINE_MAX = 256 * 1024       #: smaller media travel as data: URIs

SESSION_COOKIE = "session_id"
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3

HTTP_METHODS = frozenset(
    "GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH".split())
"""Methods we recognise; any other token is answered 501 (RFC 9110 §9.1)."""

# =============================================================================
# 2. Errors
# =============================================================================


class HTTPError(Exception):
    """A request we refuse; carries the status to answer with (always closes)."""

    def __init__(self, status: int, message: str = "", headers: Iterable = ()):
        super().__init__(message or HTTPStatus(status).phrase)
        self.status = status
        self.headers = list(headers)


class WebSocketError(Exception):
    """A WebSocket protocol violation; carries the close code (RFC 6455 §7.4.1)."""

    def __init__(self, message: str, code: int = 1002):
        super().__init__(message)
        self.code = code


class ProtocolError(Exception):
    """A JSON message we refuse; carries the PROTOCOL §3 error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# =============================================================================
# 3. HTTP/1.1 (RFC 9112): parse requests, encode responses. No I/O.
# =============================================================================
# A request head is:
#
#     request-line   = method SP request-target SP HTTP-version CRLF
#     *( field-line CRLF )
#     CRLF
#     field-line     = field-name ":" OWS field-value OWS
#
# parse_request(buf) follows the reader contract of h11: it returns
# (Request, bytes_consumed) when a whole request (head and body) is in buf,
# None when more bytes are needed, and raises HTTPError for a request it
# refuses. The caller owns the buffer and deletes what was consumed.

# token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" /
#         "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA   (RFC 9110 §5.6.2)
_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
_BARE_LF = re.compile(rb"(?<!\r)\n")
_BARE_CR_LF = re.compile(rb"\r(?!\n)|(?<!\r)\n")
# origin-form = absolute-path [ "?" query ]: visible ASCII, no fragment
_BAD_TARGET = re.compile(rb"[^\x21-\x7e]|#")
# field-value = *( VCHAR / obs-text / SP / HTAB ): every byte but CTLs (and DEL)
_BAD_VALUE_BYTES = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_VERSION_RE = re.compile(rb"HTTP/([0-9])\.([0-9])")


@dataclasses.dataclass
class Request:
    """One parsed HTTP request. Header names are lower-case str (latin-1)."""
    method: str
    target: str
    version: str                      # "HTTP/1.1"
    headers: list                     # [(name, value), ...] in order
    body: bytes = b""
    path: str = "/"                   # target before "?", still %-encoded
    query: str = ""

    def header(self, name: str, default: str | None = None) -> str | None:
        """Return the first value of header `name` (lower-case), or default."""
        for k, v in self.headers:
            if k == name:
                return v
        return default

    def header_tokens(self, name: str) -> set:
        """Return the comma-separated, lower-cased tokens of every `name` header."""
        out = set()
        for k, v in self.headers:
            if k == name:
                out.update(t.strip().lower() for t in v.split(","))
        return out

    @property
    def keep_alive(self) -> bool:
        """HTTP/1.1 persists unless `Connection: close`; 1.0 only with keep-alive."""
        tokens = self.header_tokens("connection")
        if self.version == "HTTP/1.0":
            return "keep-alive" in tokens
        return "close" not in tokens


def _parse_content_length(values: list, max_body: int) -> int:
    """Return the body length from Content-Length values, refusing ambiguity.

    RFC 9112 §6.3: "If a message is received without Transfer-Encoding and
    with an invalid Content-Length header field, then the message framing is
    invalid and the recipient MUST treat it as an unrecoverable error."
    """
    lengths = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            # 1*DIGIT, ASCII only: no sign, no "_", no "²" (str.isdigit says yes)
            if not part or len(part) > 18 or part.strip("0123456789"):
                raise HTTPError(400, "invalid Content-Length")
            lengths.add(int(part))
    if len(lengths) > 1:
        raise HTTPError(400, "conflicting Content-Length values")
    length = lengths.pop()
    if length > max_body:
        raise HTTPError(413, "request body too large")
    return length


def parse_request(buf, max_line: int = MAX_REQUEST_LINE,
                  max_head: int = MAX_REQUEST_HEAD, max_headers: int = MAX_HEADERS,
                  max_body: int = MAX_BODY):
    """Parse one request from the start of buf: (Request, consumed), None, or raise HTTPError.

    Strict where the RFC allows a choice: bare LF, obs-fold, whitespace before
    a colon and control characters in values are refused with 400 (RFC 9112
    §2.2, §5.1, §5.2), since lenient parsing is what request smuggling feeds on.
    """
    end = buf.find(b"\r\n\r\n", 0, max_head + 4)
    if end < 0:
        line_end = buf.find(b"\n", 0, max_line + 2)
        if line_end < 0 and len(buf) > max_line:
            raise HTTPError(414, "request line too long")
        if len(buf) > max_head:
            raise HTTPError(431, "request head too large")
        if _BARE_LF.search(buf):
            raise HTTPError(400, "bare LF in request head")
        return None
    head = bytes(buf[:end])
    lines = head.split(b"\r\n")
    request_line = lines[0]
    if len(request_line) > max_line:
        raise HTTPError(414, "request line too long")
    if _BARE_CR_LF.search(head):
        raise HTTPError(400, "bare CR or LF in request head")
    parts = request_line.split(b" ")
    if len(parts) != 3:
        raise HTTPError(400, "malformed request line")
    method_b, target_b, version_b = parts
    if not _TOKEN.fullmatch(method_b):
        raise HTTPError(400, "malformed method")
    m = _VERSION_RE.fullmatch(version_b)
    if not m:
        raise HTTPError(400, "malformed HTTP version")
    if m.group(1) != b"1":
        raise HTTPError(505, "only HTTP/1.0 and HTTP/1.1 are supported")
    version = "HTTP/1.1" if m.group(2) != b"0" else "HTTP/1.0"
    if not target_b or target_b[0] != 0x2F or _BAD_TARGET.search(target_b):
        raise HTTPError(400, "malformed request target")
    if len(lines) - 1 > max_headers:
        raise HTTPError(431, "too many header fields")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            raise HTTPError(400, "header line without a colon")
        if not _TOKEN.fullmatch(name):
            # catches obs-fold (leading SP/HTAB) and whitespace before the colon
            raise HTTPError(400, "malformed header name")
        value = value.strip(b" \t")
        if _BAD_VALUE_BYTES.search(value):
            raise HTTPError(400, "control character in header value")
        headers.append((name.decode("ascii").lower(), value.decode("latin-1")))
    method = method_b.decode("ascii")
    if method not in HTTP_METHODS:
        raise HTTPError(501, "method not implemented")
    target = target_b.decode("ascii")
    path, _, query = target.partition("?")
    req = Request(method, target, version, headers, b"", path, query)
    hosts = [v for k, v in headers if k == "host"]
    if len(hosts) > 1 or (version == "HTTP/1.1" and not hosts):
        raise HTTPError(400, "HTTP/1.1 requires exactly one Host header")
    te = [v for k, v in headers if k == "transfer-encoding"]
    cl = [v for k, v in headers if k == "content-length"]
    if te and cl:
        raise HTTPError(400, "both Content-Length and Transfer-Encoding")
    if te:
        raise HTTPError(501, "Transfer-Encoding is not supported")
    length = _parse_content_length(cl, max_body) if cl else 0
    total = end + 4 + length
    if len(buf) < total:
        return None
    req.body = bytes(buf[end + 4:total])
    return req, total


_date_cache = [0, b""]


def http_date() -> bytes:
    """Return the current IMF-fixdate (RFC 9110 §5.6.7), recomputed once a second."""
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[0] = now
        _date_cache[1] = email.utils.formatdate(now, usegmt=True).encode("ascii")
    return _date_cache[1]


_STATUS_LINES = {s.value: f"HTTP/1.1 {s.value} {s.phrase}\r\n".encode("ascii")
                 for s in HTTPStatus}


def encode_response(status: int, headers: Iterable = (), body: bytes = b"",
                    keep_alive: bool = True, head_only: bool = False) -> bytes:
    """Encode a whole response: status line, Date, Content-Length, Connection, body.

    RFC 9110 §9.3.2: HEAD answers with the headers GET would send, and no body.
    """
    out = [_STATUS_LINES.get(status) or f"HTTP/1.1 {status} Unknown\r\n".encode(),
           b"Date: ", http_date(), b"\r\n"]
    for name, value in headers:
        out.append(f"{name}: {value}\r\n".encode("latin-1"))
    if status >= 200 and status not in (204, 304):
        out.append(b"Content-Length: %d\r\n" % len(body))
    out.append(b"Connection: keep-alive\r\n\r\n" if keep_alive
               else b"Connection: close\r\n\r\n")
    if not head_only:
        out.append(body)
    return b"".join(out)


def encode_error(err: HTTPError, head_only: bool = False) -> bytes:
    """Encode an HTTPError as a small plain-text response that closes the connection."""
    body = f"{err.status} {HTTPStatus(err.status).phrase}: {err}\n".encode()
    headers = [("Content-Type", "text/plain; charset=utf-8"),
               ("X-Content-Type-Options", "nosniff")] + err.headers
    return encode_response(err.status, headers, body, keep_alive=False,
                           head_only=head_only)


def parse_query(query: str) -> dict:
    """Return the query string as {name: [values]} (strict UTF-8, bad bytes replaced)."""
    return urllib.parse.parse_qs(query, keep_blank_values=True, errors="replace")


def parse_cookies(req: Request) -> dict:
    """Return the request's cookies as {name: value} (first one wins)."""
    out = {}
    for k, v in req.headers:
        if k == "cookie":
            for pair in v.split(";"):
                name, eq, value = pair.strip().partition("=")
                if eq and name not in out:
                    out[name] = value.strip('"')
    return out


def safe_static_path(root: str, url_path: str) -> str | None:
    """Map a URL path under /static/ to a file inside root, or None (-> 404).

    Decodes %XX exactly once with strict UTF-8 (overlong forms are invalid
    UTF-8), refuses NUL, backslashes, '..' segments and absolute parts, then
    resolves symlinks and checks that the result is still inside root.
    """
    try:
        rel = urllib.parse.unquote(url_path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    if not rel or "\x00" in rel or "\\" in rel or "%" in rel or rel.startswith("/"):
        return None
    parts = rel.split("/")
    if any(p in ("", ".", "..") or ":" in p for p in parts):
        return None
    root_real = os.path.realpath(root)
    full = os.path.realpath(os.path.join(root_real, *parts))
    if os.path.commonpath([root_real, full]) != root_real or not os.path.isfile(full):
        return None
    return full


# =============================================================================
# 4. WebSocket handshake (RFC 6455 §4). No I/O.
# =============================================================================


def websocket_accept_key(key: str) -> str:
    """Return Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2 step 5.4)."""
    digest = hashlib.sha1((key + WS_GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def parse_handshake(req: Request) -> str:
    """Check an opening handshake and return the Sec-WebSocket-Accept value.

    RFC 6455 §4.2.1: the request MUST be a GET of HTTP/1.1 or higher, with
    `Upgrade: websocket`, `Connection: Upgrade`, a Sec-WebSocket-Key that
    "when decoded, is 16 bytes in length", and Sec-WebSocket-Version 13.
    §4.4: a wrong version is answered with 426 and the versions we speak.
    """
    if req.method != "GET" or req.version != "HTTP/1.1":
        raise HTTPError(400, "WebSocket handshake must be GET over HTTP/1.1")
    if "websocket" not in req.header_tokens("upgrade"):
        raise HTTPError(400, "missing Upgrade: websocket")
    if "upgrade" not in req.header_tokens("connection"):
        raise HTTPError(400, "missing Connection: Upgrade")
    versions = [v for k, v in req.headers if k == "sec-websocket-version"]
    if versions != ["13"]:
        raise HTTPError(426, "unsupported WebSocket version",
                        [("Sec-WebSocket-Version", "13")])
    keys = [v for k, v in req.headers if k == "sec-websocket-key"]
    try:
        if len(keys) != 1 or len(base64.b64decode(keys[0], validate=True)) != 16:
            raise ValueError
    except ValueError:
        raise HTTPError(400, "invalid Sec-WebSocket-Key") from None
    return websocket_accept_key(keys[0])


# =============================================================================
# 5. WebSocket frames (RFC 6455 §5). No I/O.
# =============================================================================
#
#      0                   1                   2                   3
#      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
#     +-+-+-+-+-------+-+-------------+-------------------------------+
#     |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
#     |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
#     |N|V|V|V|       |S|             |   (if payload len==126/127)   |
#     | |1|2|3|       |K|             |                               |
#     +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
#     |     Extended payload length continued, if payload len == 127  |
#     + - - - - - - - - - - - - - - - +-------------------------------+
#     |                               |Masking-key, if MASK set to 1  |
#     +-------------------------------+-------------------------------+
#     | Masking-key (continued)       |          Payload Data         |
#     +-------------------------------- - - - - - - - - - - - - - - - +


class Opcode(enum.IntEnum):
    """Frame opcodes (RFC 6455 §5.2); 3-7 and 0xB-0xF are reserved."""
    CONT = 0x0
    TEXT = 0x1
    BINARY = 0x2
    CLOSE = 0x8
    PING = 0x9
    PONG = 0xA


class CloseCode(enum.IntEnum):
    """Close status codes (RFC 6455 §7.4.1)."""
    NORMAL = 1000            # "purpose for which the connection was established has been fulfilled"
    GOING_AWAY = 1001        # "a server going down or a browser having navigated away"
    PROTOCOL_ERROR = 1002    # "terminating the connection due to a protocol error"
    UNSUPPORTED_DATA = 1003  # "received a type of data it cannot accept"
    NO_STATUS = 1005         # never sent: "no status code was actually present"
    ABNORMAL = 1006          # never sent: "closed abnormally"
    INVALID_DATA = 1007      # "data within a message that was not consistent with the type"
    POLICY = 1008            # "received a message that violates its policy"
    TOO_BIG = 1009           # "received a message that is too big for it to process"
    MANDATORY_EXT = 1010     # client: server did not negotiate a required extension
    INTERNAL_ERROR = 1011    # "encountered an unexpected condition"


def close_code_is_valid(code: int) -> bool:
    """Whether a peer may send this close code (RFC 6455 §7.4.1-2, IANA registry)."""
    return code in (1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011,
                    1012, 1013, 1014) or 3000 <= code <= 4999


@dataclasses.dataclass
class Frame:
    """One WebSocket frame, payload already unmasked."""
    opcode: int
    payload: bytes = b""
    fin: bool = True


def apply_mask(data: bytes, mask: bytes) -> bytes:
    """XOR data with the 4-byte mask (RFC 6455 §5.3), on the whole buffer at once."""
    n = len(data)
    if not n:
        return b""
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "little") ^ int.from_bytes(key, "little")).to_bytes(n, "little")


def parse_frame(buf, require_mask: bool = True, max_size: int = WS_MAX_MESSAGE):
    """Parse one frame from the start of buf: (Frame, consumed), None, or raise WebSocketError.

    The declared length is checked against max_size *before* the payload is
    waited for, so a peer announcing 2 GiB is refused at once (1009).
    """
    n = len(buf)
    if n < 2:
        return None
    b0, b1 = buf[0], buf[1]
    if b0 & 0b0111_0000:
        raise WebSocketError("reserved bits set without an extension", 1002)
    opcode = b0 & 0b0000_1111
    fin = bool(b0 & 0b1000_0000)
    if opcode not in _OPCODES:
        raise WebSocketError(f"reserved opcode {opcode}", 1002)
    masked = b1 & 0b1000_0000
    if require_mask and not masked:
        # §5.1: "The server MUST close the connection upon receiving a frame
        # that is not masked."
        raise WebSocketError("client frames must be masked", 1002)
    if not require_mask and masked:
        # §5.1: "A client MUST close a connection if it detects a masked frame."
        raise WebSocketError("server frames must not be masked", 1002)
    length = b1 & 0b0111_1111
    pos = 2
    if opcode >= 0x8:
        # §5.5: "All control frames MUST have a payload length of 125 bytes or
        # less and MUST NOT be fragmented."
        if length > 125:
            raise WebSocketError("control frame longer than 125 bytes", 1002)
        if not fin:
            raise WebSocketError("fragmented control frame", 1002)
    elif length == 126:
        if n < 4:
            return None
        length = int.from_bytes(buf[2:4], "big")
        pos = 4
    elif length == 127:
        if n < 10:
            return None
        length = int.from_bytes(buf[2:10], "big")
        if length >> 63:
            raise WebSocketError("64-bit length with the top bit set", 1002)
        pos = 10
    if length > max_size:
        raise WebSocketError(f"frame of {length} bytes exceeds {max_size}", 1009)
    if masked:
        if n < pos + 4:
            return None
        mask = bytes(buf[pos:pos + 4])
        pos += 4
    end = pos + length
    if n < end:
        return None
    payload = bytes(buf[pos:end])
    if masked:
        payload = apply_mask(payload, mask)
    return Frame(opcode, payload, fin), end


_OPCODES = frozenset(int(o) for o in Opcode)


def encode_frame(opcode: int, payload: bytes = b"", fin: bool = True,
                 mask: bytes | None = None) -> bytes:
    """Encode one frame; pass a 4-byte mask to encode as a client does (§5.3)."""
    n = len(payload)
    head = bytearray([(0b1000_0000 if fin else 0) | opcode])
    mask_bit = 0b1000_0000 if mask is not None else 0
    if n < 126:
        head.append(mask_bit | n)
    elif n < 65536:
        head.append(mask_bit | 126)
        head += n.to_bytes(2, "big")
    else:
        head.append(mask_bit | 127)
        head += n.to_bytes(8, "big")
    if mask is not None:
        head += mask
        payload = apply_mask(payload, mask)
    return bytes(head) + payload


def encode_close(code: int = 1000, reason: str = "", mask: bytes | None = None) -> bytes:
    """Encode a close frame with a status code and a UTF-8 reason (§5.5.1)."""
    payload = code.to_bytes(2, "big") + reason.encode("utf-8")[:123]
    return encode_frame(Opcode.CLOSE, payload, mask=mask)


def parse_close_payload(payload: bytes) -> tuple:
    """Return (code, reason) of a close frame's payload, or raise WebSocketError."""
    if not payload:
        return 1005, ""
    if len(payload) == 1:
        raise WebSocketError("close frame with a 1-byte payload", 1002)
    code = int.from_bytes(payload[:2], "big")
    if not close_code_is_valid(code):
        raise WebSocketError(f"invalid close code {code}", 1002)
    try:
        reason = payload[2:].decode("utf-8")
    except UnicodeDecodeError:
        raise WebSocketError("close reason is not valid UTF-8", 1007) from None
    return code, reason


class WebSocketParser:
    """Turn received bytes into whole messages and control events (no I/O).

    feed(data) returns a list of events, each a tuple:
    ("text", str), ("binary", bytes), ("ping", bytes), ("pong", bytes),
    ("close", code, reason). It raises WebSocketError with the close code to
    send on any violation. Fragments are reassembled up to max_size bytes;
    text is validated as UTF-8 incrementally, so an invalid byte in the first
    fragment fails at once rather than at the end of the message.
    """

    __slots__ = ("buf", "require_mask", "max_size", "_opcode", "_parts",
                 "_size", "_decoder")

    def __init__(self, require_mask: bool = True, max_size: int = WS_MAX_MESSAGE):
        self.buf = bytearray()
        self.require_mask = require_mask
        self.max_size = max_size
        self._opcode = None          # opcode of the message being reassembled
        self._parts = []
        self._size = 0
        self._decoder = None

    def feed(self, data: bytes) -> list:
        """Consume data; return the complete events it finished."""
        buf = self.buf
        buf += data
        events = []
        while buf:
            remaining = self.max_size - self._size
            parsed = parse_frame(buf, self.require_mask, max(remaining, 125))
            if parsed is None:
                break
            frame, used = parsed
            del buf[:used]
            event = self._on_frame(frame)
            if event is not None:
                events.append(event)
                if event[0] == "close":
                    buf.clear()
                    break
        return events

    def _on_frame(self, frame: Frame):
        """Apply one frame to the message state; return an event or None."""
        op = frame.opcode
        if op >= 0x8:
            if op == Opcode.PING:
                return ("ping", frame.payload)
            if op == Opcode.PONG:
                return ("pong", frame.payload)
            return ("close",) + parse_close_payload(frame.payload)
        if op == Opcode.CONT:
            if self._opcode is None:
                raise WebSocketError("continuation frame without a message", 1002)
        else:
            if self._opcode is not None:
                raise WebSocketError("new data frame inside a fragmented message", 1002)
            self._opcode = op
            self._decoder = (codecs.getincrementaldecoder("utf-8")("strict")
                             if op == Opcode.TEXT else None)
        self._size += len(frame.payload)
        if self._size > self.max_size:
            raise WebSocketError("message too big", 1009)
        if self._decoder is not None:
            try:
                self._parts.append(self._decoder.decode(frame.payload, frame.fin))
            except UnicodeDecodeError:
                raise WebSocketError("text message is not valid UTF-8", 1007) from None
        else:
            self._parts.append(frame.payload)
        if not frame.fin:
            return None
        parts, self._parts, self._size = self._parts, [], 0
        self._opcode = None
        if self._decoder is not None:
            self._decoder = None
            return ("text", "".join(parts))
        return ("binary", b"".join(parts))


# =============================================================================
# 6. JSON messages (PROTOCOL §3). No I/O.
# =============================================================================
# Every message is one text frame holding one JSON object:
#     {"type": "...", "session_id": "...", "data": ..., "timestamp": ms}

EVENT_TYPES = frozenset({"click", "change", "input", "submit"})
CLIENT_TYPES = frozenset({"ping", "component_event"})


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def parse_message(text: str) -> dict:
    """Parse and validate one client message; raise ProtocolError(code, message).

    Returns the envelope dict. NaN/Infinity, deep nesting and huge numbers
    are refused as INVALID_MESSAGE rather than crashing the connection.
    """
    try:
        msg = _json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError("INVALID_MESSAGE", f"not valid JSON: {str(exc)[:80]}") from None
    if not isinstance(msg, dict):
        raise ProtocolError("INVALID_MESSAGE", "a message must be a JSON object")
    mtype = msg.get("type")
    if not isinstance(mtype, str):
        raise ProtocolError("INVALID_MESSAGE", "field 'type' must be a string")
    if not isinstance(msg.get("session_id"), str):
        raise ProtocolError("INVALID_MESSAGE", "field 'session_id' must be a string")
    ts = msg.get("timestamp")
    if ts is not None and (isinstance(ts, bool) or not isinstance(ts, (int, float))):
        raise ProtocolError("INVALID_MESSAGE", "field 'timestamp' must be a number")
    if mtype not in CLIENT_TYPES:
        raise ProtocolError("UNKNOWN_TYPE", f"unknown message type {mtype[:40]!r}")
    if mtype == "component_event":
        data = msg.get("data")
        if not isinstance(data, dict):
            raise ProtocolError("INVALID_MESSAGE", "component_event needs an object 'data'")
        cid = data.get("componentId")
        if not isinstance(cid, str) or not cid or len(cid) > 200:
            raise ProtocolError("INVALID_MESSAGE", "'componentId' must be a non-empty string")
        if data.get("eventType") not in EVENT_TYPES:
            raise ProtocolError("INVALID_MESSAGE",
                                "'eventType' must be click, change, input or submit")
    return msg


def now_ms() -> int:
    """Milliseconds since the Unix epoch (the protocol's timestamp)."""
    return int(time.time() * 1000)


def encode_message(mtype: str, session_id: str, data: Any = None) -> str:
    """Encode one server message; never emits NaN or Infinity (allow_nan=False)."""
    msg = {"type": mtype, "session_id": session_id}
    if data is not None:
        msg["data"] = data
    msg["timestamp"] = now_ms()
    return _json.dumps(msg, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_error_message(session_id: str, code: str, message: str) -> str:
    """Encode an `error` message (PROTOCOL §3)."""
    return encode_message("error", session_id, {"message": message, "code": code})


# =============================================================================
# 7. Sessions (PROTOCOL §4)
# =============================================================================
# The session table is a plain dict from ID to Session. A session outlives
# its WebSocket: a page that reconnects within the timeout finds its widget
# values, its session_state and its last render where it left them.


def new_session_id() -> str:
    """Return `session_{milliseconds}_{random}` with 128 bits from `secrets` (PROTOCOL §4)."""
    return f"session_{now_ms()}_{_secrets.token_hex(16)}"


class Session:
    """Everything one browser session owns; touched by one rerun at a time."""

    __slots__ = ("id", "last_active", "state", "values", "widgets", "widget_keys",
                 "triggers", "conns", "pending", "run", "rendered", "query",
                 "form_values", "page", "toasts", "fragment_timers",
                 "shared_keys", "closed", "__weakref__")

    def __init__(self, sid: str):
        self.id = sid
        self.last_active = time.monotonic()
        self.state = {}          # st.session_state's contents
        self.values = {}         # widget id -> value, widgets without a key
        self.widgets = {}        # widget id -> _Widget of the last completed rerun
        self.widget_keys = set() # session_state keys that belong to widgets
        self.triggers = set()    # ids of buttons clicked for the next rerun
        self.conns = set()       # open WebSocket connections showing this session
        self.pending = []        # events waiting for the next rerun
        self.run = None          # the rerun in flight, if any
        self.rendered = None     # _Render of what the page shows
        self.query = {}          # st.query_params
        self.form_values = {}
        self.page = {}           # set_page_config
        self.toasts = []
        self.fragment_timers = {}
        self.shared_keys = set()
        self.closed = False

    def touch(self) -> None:
        """Record activity: a message, a frame or a connect (PROTOCOL §4)."""
        self.last_active = time.monotonic()


# =============================================================================
# 8. App runtime: compile once, rerun per event in a bounded thread pool
# =============================================================================
# The path of one click:
#
#   component_event --> Session.pending (coalesced) --> one rerun at a time
#   worker thread: apply values -> run callbacks -> exec(compiled script)
#                  with this _Run as the thread's "current run"
#   the script's st.* calls build a tree of _Node -> render -> _Render
#   back on the loop: diff with what the page shows -> partial/ui updates
#
# Control flow uses exceptions, as Streamlit does: st.stop() raises
# StopException, st.rerun() raises RerunException, and a newer event arriving
# during a rerun makes the next st.* call raise RerunException, so a stale
# rerun is abandoned quickly.


class StreamlitAPIException(Exception):
    """Misuse of the st API (duplicate widget, writing a widget's key, ...)."""


class StopException(BaseException):
    """Raised by st.stop(): end this rerun, keep what was rendered.

    A BaseException, as in Streamlit, so an app's `except Exception:` does
    not swallow it.
    """


class RerunException(BaseException):
    """Raised by st.rerun() and by interrupted reruns: start over."""


_ctx = threading.local()   # .run: the _Run this thread is executing


def _current_run(name: str = "st") -> "_Run":
    """Return this thread's rerun, or explain that st.* needs a running app."""
    run = getattr(_ctx, "run", None)
    if run is None:
        raise StreamlitAPIException(
            f"{name}() was called outside a running app script. Start the app "
            f"with: python streamlit_go.py your_app.py")
    return run


class _Node:
    """One element of the page tree: a kind, its props, and children for containers."""

    __slots__ = ("kind", "id", "props", "children")

    def __init__(self, kind: str, nid: str, props: dict, children=None):
        self.kind = kind
        self.id = nid
        self.props = props
        self.children = children


class _Widget:
    """What the server must know about a widget to accept events for it."""

    __slots__ = ("id", "kind", "key", "parse", "on_change", "args", "kwargs",
                 "form", "trigger", "default", "disabled")

    def __init__(self, wid, kind, key, parse, on_change, args, kwargs, form,
                 trigger, default, disabled=False):
        self.id, self.kind, self.key, self.parse = wid, kind, key, parse
        self.on_change, self.args, self.kwargs = on_change, args or (), kwargs or {}
        self.form, self.trigger, self.default = form, trigger, default
        self.disabled = disabled


class App:
    """The app script: compiled once per file version, shared by every session."""

    def __init__(self, path: str):
        self.path = os.path.abspath(path)
        self.dir = os.path.dirname(self.path)
        self.code = None
        self.error = None       # a SyntaxError text, shown in the page
        self.mtime = None
        self.lock = threading.Lock()
        self.load()

    def load(self) -> bool:
        """(Re)compile the script if the file changed; return True if it did."""
        try:
            st_ = os.stat(self.path)
        except OSError as exc:
            self.code, self.error = None, f"cannot read {self.path}: {exc}"
            return False
        stamp = (st_.st_mtime_ns, st_.st_size)
        if stamp == self.mtime:
            return False
        self.mtime = stamp
        try:
            with open(self.path, "rb") as f:
                source = f.read()
            tree = ast.parse(source, self.path)
            tree = _MagicTransformer().visit(tree)
            ast.fix_missing_locations(tree)
            code = compile(tree, self.path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            with self.lock:
                self.code = None
                self.error = "".join(traceback.format_exception_only(type(exc), exc))
            return True
        with self.lock:
            self.code, self.error = code, None
        return True


class _MagicTransformer(ast.NodeTransformer):
    """Streamlit's "magic": a bare top-level expression or string is st.write()-n.

    Only module-level statements (and the bodies of top-level with/if/for/
    while/try blocks) are rewritten, never function bodies, as in Streamlit.
    A docstring at the top of the file is left alone. Calls are not written
    (their value is usually None or a widget's value).
    """

    def visit_Module(self, node):
        body = node.body
        for i, stmt in enumerate(body):
            if i == 0 and isinstance(stmt, ast.Expr) and isinstance(
                    stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
                continue      # module docstring
            body[i] = self._rewrite(stmt)
        return node

    def _rewrite(self, stmt):
        if isinstance(stmt, ast.Expr) and not isinstance(
                stmt.value, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)):
            call = ast.Call(
                func=ast.Attribute(
                    value=ast.Call(func=ast.Name("__import__", ast.Load()),
                                   args=[ast.Constant("streamlit_go")], keywords=[]),
                    attr="_magic", ctx=ast.Load()),
                args=[stmt.value], keywords=[])
            return ast.copy_location(ast.Expr(call), stmt)
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and not isinstance(
                    stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                setattr(stmt, field, [self._rewrite(s) for s in block])
        for handler in getattr(stmt, "handlers", ()) or ():
            handler.body = [self._rewrite(s) for s in handler.body]
        return stmt


class _Render:
    """The rendered page: html of every node, the children of each, the top-level layout."""

    __slots__ = ("html", "children", "shell", "layout", "title")

    def __init__(self):
        self.html = {}       # node id -> html (whole subtree)
        self.children = {}   # node id -> tuple of child ids (containers)
        self.shell = {}      # node id -> html of the container without children
        self.layout = ()     # ((main ids), (sidebar ids), page config)
        self.title = ""

    def page_html(self) -> str:
        """Return the html of the whole page (what a ui_update carries)."""
        main_ids, side_ids = self.layout[0], self.layout[1]
        side = "".join(self.html[i] for i in side_ids)
        main = "".join(self.html[i] for i in main_ids)
        cls = " sg-wide" if self.layout[2] == "wide" else ""
        aside = (f'<aside class="sg-sidebar" id="sg-sidebar" data-kind="sidebar">'
                 f'{side}</aside>' if side_ids else "")
        return (f'<div class="sg-app{cls}" data-title="{_e(self.title)}">{aside}'
                f'<main class="sg-main" id="sg-main" data-kind="main">{main}</main></div>')


def render_tree(roots: dict, page: dict) -> _Render:
    """Render the main and sidebar trees into a _Render (html per node id)."""
    out = _Render()

    def walk(node: _Node) -> str:
        if node.children is None:
            h = render_node(node, "")
        else:
            ids = []
            parts = []
            for child in node.children:
                parts.append(walk(child))
                ids.append(child.id)
            out.children[node.id] = tuple(ids)
            out.shell[node.id] = render_node(node, "\x00")
            h = render_node(node, "".join(parts))
        out.html[node.id] = h
        return h

    for child in roots["main"].children:
        walk(child)
    for child in roots["sidebar"].children:
        walk(child)
    out.layout = (tuple(c.id for c in roots["main"].children),
                  tuple(c.id for c in roots["sidebar"].children),
                  page.get("layout", "centered"))
    out.title = page.get("page_title") or ""
    return out


def diff_renders(old: _Render | None, new: _Render) -> list:
    """Return the messages that turn `old` into `new` on the page.

    Same top-level layout: one ("partial", id, html) per smallest changed
    subtree. Otherwise one ("full", html). Nothing changed: [].
    """
    if old is None or old.layout != new.layout or old.title != new.title:
        return [("full", new.page_html())]
    out = []

    def walk(ids):
        for i in ids:
            h = new.html[i]
            if old.html.get(i) == h:
                continue
            kids = new.children.get(i)
            if (kids is not None and old.children.get(i) == kids
                    and old.shell.get(i) == new.shell.get(i)):
                walk(kids)
            else:
                out.append(("partial", i, h))

    walk(new.layout[0])
    walk(new.layout[1])
    return out


class _Run:
    """One execution of the script for one session, on a worker thread."""

    def __init__(self, runtime: "Runtime", session: Session, events: list):
        self.runtime = runtime
        self.session = session
        self.events = events
        self.roots = {"main": _Node("main", "main", {}, []),
                      "sidebar": _Node("sidebar", "sidebar", {}, [])}
        self.stack = [self.roots["main"]]   # `with container:` targets, per thread
        self.widgets = {}                   # widget id -> _Widget seen this run
        self.interrupted = False            # set by the loop when a newer event arrives
        self.lock = threading.RLock()       # guards the tree against flush snapshots
        self.version = 0                    # bumped on every tree change
        self.flushed = 0                    # version last shown to the page
        self.page = dict(session.page)
        self.form = None                    # id of the form being built
        self.clearing_forms = set()
        self.fragment = None
        self.result = None                  # "done", "rerun", "interrupted", "error"
        self.error_text = None
        self.render = None                  # the _Render of a completed rerun
        self.started = time.monotonic()

    # -- called by st.* ----------------------------------------------------
    def check(self) -> None:
        """Abandon this rerun if a newer event is waiting (Streamlit's behaviour)."""
        if self.interrupted:
            raise RerunException("interrupted by a newer event")

    def target(self) -> _Node:
        """Return the container module-level st.* calls write into."""
        return self.stack[-1]

    # -- the rerun itself ----------------------------------------------------
    def execute(self) -> "_Run":
        """Apply events, run callbacks, exec the script; render on success."""
        _ctx.run = self
        session = self.session
        try:
            callbacks = self._apply_events()
            try:
                for w in callbacks:
                    w.on_change(*w.args, **w.kwargs)
                code = self.runtime.app.code
                if code is None:
                    raise _ScriptCompileError(self.runtime.app.error or "no script")
                ns = {"__name__": "__main__", "__file__": self.runtime.app.path,
                      "__builtins__": __builtins__}
                exec(code, ns)
                self.result = "done"
            except (StopException, SystemExit):
                self.result = "done"
            except RerunException:
                self.result = "interrupted" if self.interrupted else "rerun"
            except _ScriptCompileError as exc:
                self.result = "error"
                self.error_text = str(exc)
                self._show_error(str(exc), "The script could not be compiled")
            except Exception as exc:  # the app's own exception: show it, keep serving
                self.result = "error"
                self.error_text = f"{type(exc).__name__}: {exc}"
                self._show_error(_format_app_traceback(exc, self.runtime.app.path),
                                 f"{type(exc).__name__}: {exc}")
            if self.result in ("done", "error"):
                self._finish()
                with self.lock:
                    self.render = render_tree(self.roots, self.page)
        except BaseException as exc:  # a bug of ours: never lose the worker
            self.result = "error"
            self.error_text = f"internal error: {exc!r}"
            traceback.print_exc()
            self.render = None
        finally:
            _ctx.run = None
        return self

    def _show_error(self, tb: str, summary: str) -> None:
        with self.lock:
            main = self.roots["main"]
            main.children.append(_Node("exception", f"main-{len(main.children)}",
                                       {"message": summary, "trace": tb}))
            self.version += 1

    def _apply_events(self) -> list:
        """Store the events' values in the session; return widgets whose callbacks run."""
        session = self.session
        callbacks = []
        for w, value in self.events:
            if w.trigger:
                session.triggers.add(w.id)
                if w.kind == "form_submit_button":
                    for fw, fv in value:
                        if self._store(fw, fv) and fw.on_change:
                            callbacks.append(fw)
                if w.on_change:
                    callbacks.append(w)
            elif self._store(w, value) and w.on_change:
                callbacks.append(w)
        return callbacks

    def _store(self, w: _Widget, value) -> bool:
        """Store one widget value; return True if it changed."""
        session = self.session
        if w.key is not None:
            old = session.state.get(w.key, _MISSING)
            session.state[w.key] = value
        else:
            old = session.values.get(w.id, _MISSING)
            session.values[w.id] = value
        return old is _MISSING or old != value

    def _finish(self) -> None:
        """After a completed rerun: forget widgets that were not drawn, clear clicks."""
        session = self.session
        if self.result == "done" and self.fragment is None:
            seen = self.widgets
            for wid in [w for w in session.values if w not in seen]:
                del session.values[wid]
            keys_now = {w.key for w in seen.values() if w.key is not None}
            for key in session.widget_keys - keys_now:
                session.state.pop(key, None)
            session.widget_keys = keys_now
            session.widgets = dict(seen)
        else:
            session.widgets.update(self.widgets)
            session.widget_keys |= {w.key for w in self.widgets.values() if w.key is not None}
        for w in self.widgets.values():          # reset buttons after their rerun
            if w.trigger and w.key is not None:
                session.state[w.key] = False
        session.triggers.clear()
        session.page = self.page


_MISSING = object()


class _ScriptCompileError(Exception):
    pass


def _format_app_traceback(exc: BaseException, path: str) -> str:
    """Format a traceback without this module's own frames."""
    tb = exc.__traceback__
    frames = [f for f in traceback.extract_tb(tb) if f.filename != __file__]
    lines = traceback.format_list(frames) if frames else []
    return "Traceback (most recent call last):\n" + "".join(lines) + "".join(
        traceback.format_exception_only(type(exc), exc))


class Runtime:
    """Schedules reruns: at most one in flight and one queued per session."""

    def __init__(self, app: App, workers: int = RERUN_WORKERS):
        self.app = app
        self.pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="rerun")
        self.loop = None
        self.send = None      # callable(session, list_of_json_texts), set by the server

    def request_rerun(self, session: Session, events: list = ()) -> None:
        """Queue events for a session and start a rerun unless one is running."""
        if events:
            _coalesce(session.pending, events)
        if session.run is not None:
            if events:
                session.run.interrupted = True
            elif not session.pending:
                session.pending.append(None)   # a bare rerun request (hot reload)
            return
        self._start(session)

    def _start(self, session: Session) -> None:
        events = [e for e in session.pending if e is not None]
        session.pending = []
        run = _Run(self, session, events)
        session.run = run
        fut = self.loop.run_in_executor(self.pool, run.execute)
        fut.add_done_callback(lambda f: self._done(session, run))
        self.loop.call_later(FLUSH_INTERVAL_S, self._flush, session, run)

    def _flush(self, session: Session, run: _Run) -> None:
        """Show a long rerun's progress (spinners, progress bars, st.empty loops)."""
        if session.run is not run or run.result is not None or session.closed:
            return
        if run.version != run.flushed and not run.interrupted:
            with run.lock:
                run.flushed = run.version
                snapshot = render_tree(_with_stale_tail(run.roots, session.rendered),
                                       run.page)
            self._show(session, snapshot)
        self.loop.call_later(FLUSH_INTERVAL_S, self._flush, session, run)

    def _done(self, session: Session, run: _Run) -> None:
        session.run = None
        if session.closed:
            return
        if run.result in ("done", "error") and run.render is not None:
            self._show(session, run.render)
            if run.result == "error":
                self.send(session, [encode_error_message(
                    session.id, "SCRIPT_ERROR", run.error_text or "script error")])
        if run.result == "rerun" or session.pending:
            self._start(session)

    def _show(self, session: Session, render: _Render) -> None:
        """Diff against what the page shows and send the difference."""
        msgs = []
        for d in diff_renders(session.rendered, render):
            if d[0] == "full":
                msgs.append(encode_message("ui_update", session.id, {"html": d[1]}))
            else:
                msgs.append(encode_message("partial_update", session.id,
                                           {"componentId": d[1], "html": d[2]}))
        session.rendered = render
        if msgs:
            self.send(session, msgs)


def _coalesce(pending: list, events: Iterable) -> None:
    """Merge events into the queue: the newest value of a widget wins, clicks are kept."""
    for ev in events:
        w = ev[0]
        if not w.trigger:
            for i, old in enumerate(pending):
                if old is not None and old[0].id == w.id:
                    pending[i] = ev
                    break
            else:
                pending.append(ev)
        elif not any(old is not None and old[0].id == w.id for old in pending):
            pending.append(ev)


def _with_stale_tail(roots: dict, old: _Render | None) -> dict:
    """Return roots whose main shows the new elements so far, then the old rest.

    While a long rerun is in progress, the page keeps the previous run's
    elements below the point the script has reached, as Streamlit does.
    """
    if old is None:
        return roots
    main = roots["main"]
    have = {c.id for c in main.children}
    tail = [_Node("_stale", i, {"html": old.html[i]})
            for i in old.layout[0][len(main.children):] if i not in have]
    new_main = _Node("main", "main", {}, main.children + tail)
    return {"main": new_main, "sidebar": roots["sidebar"]}


# =============================================================================
# 9. Rendering: one function per kind, every user string escaped
# =============================================================================
# Each renderer takes (id, props, inner) and returns an HTML string whose root
# element carries id="<id>" and data-kind="<kind>" (PROTOCOL §6). `inner` is
# the children's HTML for containers. User text passes through _e (escape) or
# render_markdown() (escape, then a safe subset of Markdown), never around them.


def _e(value: Any) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    return _html.escape(str(value), quote=True)


_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def safe_url(url: str, allow_relative: bool = True) -> str | None:
    """Return url if its scheme is http, https or mailto (or it is relative), else None.

    Browsers ignore tabs and newlines inside a scheme and compare it without
    case, so "jAva\\tscript:" is caught as well as "javascript:".
    """
    u = re.sub(r"[\x00-\x20]", "", str(url))
    low = u.lower()
    if low.startswith(_SAFE_SCHEMES):
        return str(url).strip()
    if ":" in low.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None        # some other scheme: javascript:, data:, vbscript:, ...
    return str(url).strip() if allow_relative and u else None


_MD_INLINE = [
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w])__(?=\S)(.+?)(?<=\S)__(?![\w])"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])"), r"<em>\1</em>"),
    (re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])"), r"<em>\1</em>"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"<del>\1</del>"),
]
_MD_COLORS = ("red", "orange", "green", "blue", "violet", "gray", "grey", "rainbow", "primary")
_MD_COLOR = re.compile(r":(" + "|".join(_MD_COLORS) + r")(-background)?\[([^\[\]]*)\]")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\(([^()\s]+)(?:\s+&quot;[^&]*&quot;)?\)")
_MD_AUTOLINK = re.compile(r"(?<![\"'=/\w])(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])")
_MD_CODE = re.compile(r"(`+)(.+?)\1", re.S)


def markdown_inline(text: str, unsafe: bool = False) -> str:
    """Render inline Markdown (code, links, emphasis, colours) to escaped HTML."""
    text = str(text)
    stash = []

    def keep(html_: str) -> str:
        stash.append(html_)
        return f"\x00{len(stash) - 1}\x00"

    text = text.replace("\x00", "")
    text = _MD_CODE.sub(lambda m: keep(f"<code>{_e(m.group(2).strip())}</code>"), text)
    if not unsafe:
        text = _e(text)

    def link(m):
        label, url = m.group(1), _html.unescape(m.group(2))
        ok = safe_url(url)
        if ok is None:
            return keep(label)
        return keep(f'<a href="{_e(ok)}" target="_blank" rel="noopener noreferrer">'
                    f'{label}</a>')

    text = _MD_LINK.sub(link, text)
    text = _MD_AUTOLINK.sub(lambda m: keep(
        f'<a href="{m.group(1)}" target="_blank" rel="noopener noreferrer">{m.group(1)}</a>'),
        text)
    for rx, rep in _MD_INLINE:
        text = rx.sub(rep, text)
    text = _MD_COLOR.sub(
        lambda m: f'<span class="sg-c-{m.group(1)}{"-bg" if m.group(2) else ""}">'
                  f'{m.group(3)}</span>', text)
    text = text.replace("  \n", "<br>").replace("\\\n", "<br>")
    while "\x00" in text:
        text = re.sub(r"\x00(\d+)\x00", lambda m: stash[int(m.group(1))], text)
    return text


_MD_LIST = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_HR = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def render_markdown(text: str, unsafe: bool = False) -> str:
    """Render a safe subset of Markdown to HTML.

    Headings, paragraphs, emphasis, inline and fenced code, links (http,
    https, mailto and relative only), lists (nested by indentation),
    blockquotes, tables and rules. Raw HTML is escaped unless `unsafe`.
    """
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _dedent_lines(lines)
    out = []
    i, n = 0, len(lines)
    para = []

    def flush_para():
        if para:
            out.append(f"<p>{markdown_inline(chr(10).join(para), unsafe)}</p>")
            para.clear()

    while i < n:
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            flush_para()
            fence = stripped[:3]
            lang = stripped[3:].strip().split(" ")[0]
            body = []
            i += 1
            while i < n and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            i += 1
            out.append(render_code_block("\n".join(body), lang))
            continue
        if not stripped:
            flush_para()
            i += 1
            continue
        if unsafe and stripped.startswith("<") and not para:
            block = []
            while i < n and lines[i].strip():
                block.append(lines[i])
                i += 1
            out.append("\n".join(block))
            continue
        m = _MD_HEADING.match(stripped)
        if m:
            flush_para()
            level = len(m.group(1))
            out.append(f"<h{level}>{markdown_inline(m.group(2), unsafe)}</h{level}>")
            i += 1
            continue
        if _MD_HR.match(stripped) and not para:
            out.append("<hr>")
            i += 1
            continue
        if stripped.startswith(">"):
            flush_para()
            quote = []
            while i < n and lines[i].strip().startswith(">"):
                quote.append(lines[i].strip()[1:].removeprefix(" "))
                i += 1
            out.append(f"<blockquote>{render_markdown(chr(10).join(quote), unsafe)}</blockquote>")
            continue
        if "|" in stripped and i + 1 < n and _MD_TABLE_SEP.match(lines[i + 1]) \
                and "-" in lines[i + 1]:
            flush_para()
            header = _table_cells(stripped)
            aligns = [("right" if c.endswith(":") and not c.startswith(":") else
                       "center" if c.startswith(":") and c.endswith(":") else "")
                      for c in _table_cells(lines[i + 1].strip())]
            i += 2
            rows = []
            while i < n and "|" in lines[i]:
                rows.append(_table_cells(lines[i].strip()))
                i += 1
            out.append(_md_table(header, rows, aligns, unsafe))
            continue
        if _MD_LIST.match(line) and (not para or not line.startswith(" ")):
            flush_para()
            items = []
            while i < n and (_MD_LIST.match(lines[i]) or (
                    lines[i].startswith("  ") and lines[i].strip() and items)):
                items.append(lines[i])
                i += 1
            out.append(_md_list(items, unsafe))
            continue
        para.append(stripped if not line.endswith("  ") else stripped + "  ")
        i += 1
    flush_para()
    return "".join(out)


def _dedent_lines(lines: list) -> list:
    """Remove the common indentation (Streamlit dedents st.markdown bodies too)."""
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    cut = min(indents) if indents else 0
    return [l[cut:] for l in lines]


def _table_cells(line: str) -> list:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)]


def _md_table(header: list, rows: list, aligns: list, unsafe: bool) -> str:
    def cell(tag, text, k):
        a = aligns[k] if k < len(aligns) and aligns[k] else ""
        style = f' style="text-align:{a}"' if a else ""
        return f"<{tag}{style}>{markdown_inline(text, unsafe)}</{tag}>"
    head = "".join(cell("th", h, k) for k, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", c, k) for k, c in enumerate(r)) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _md_list(lines: list, unsafe: bool) -> str:
    """Render list lines (nested by indentation) into <ul>/<ol>."""
    first = _MD_LIST.match(lines[0])
    base = len(first.group(1))
    ordered = first.group(2)[0].isdigit()
    tag = "ol" if ordered else "ul"
    start = ""
    if ordered and first.group(2)[:-1] != "1":
        start = f' start="{int(first.group(2)[:-1])}"'
    items = []
    for line in lines:
        m = _MD_LIST.match(line)
        if m and len(m.group(1)) <= base + 1:
            items.append([m.group(3), []])
        elif items:
            items[-1][1].append(line)
    parts = []
    for text, sub in items:
        inner = markdown_inline(text, unsafe)
        if sub:
            subs = [l for l in sub if l.strip()]
            if subs and _MD_LIST.match(subs[0]):
                inner += _md_list(subs, unsafe)
            else:
                inner += " " + markdown_inline(" ".join(l.strip() for l in subs), unsafe)
        parts.append(f"<li>{inner}</li>")
    return f"<{tag}{start}>{''.join(parts)}</{tag}>"


_PY_KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif "
    "else except finally for from global if import in is lambda nonlocal not or "
    "pass raise return try while with yield match case self".split())
_CODE_TOKEN = re.compile(
    r"(?P<c>#[^\n]*)|(?P<s>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*')"
    r"|(?P<n>\b\d[\d_.eExXa-fA-F]*\b)|(?P<w>\b[A-Za-z_]\w*\b)")


def highlight(code: str, language: str | None) -> str:
    """Return escaped code with light Python-ish highlighting spans."""
    if (language or "").lower() not in ("python", "py", ""):
        return _e(code)
    out, pos = [], 0
    for m in _CODE_TOKEN.finditer(code):
        out.append(_e(code[pos:m.start()]))
        tok = m.group(0)
        kind = m.lastgroup
        if kind == "w" and tok not in _PY_KEYWORDS:
            out.append(_e(tok))
        else:
            cls = {"c": "cm", "s": "st", "n": "nu", "w": "kw"}[kind]
            out.append(f'<span class="sg-{cls}">{_e(tok)}</span>')
        pos = m.end()
    out.append(_e(code[pos:]))
    return "".join(out)


def render_code_block(code: str, language: str | None = "python",
                      line_numbers: bool = False) -> str:
    lang = _e(language or "")
    body = highlight(code, language)
    cls = " sg-lines" if line_numbers else ""
    if line_numbers:
        body = "".join(f"<span class=\"sg-ln\">{body_line}</span>\n"
                       for body_line in body.split("\n"))
    return f'<pre class="sg-code{cls}" data-lang="{lang}"><code>{body}</code></pre>'


def render_node(node: _Node, inner: str) -> str:
    """Render one node with its children's HTML."""
    fn = _RENDERERS.get(node.kind)
    if fn is None:
        return (f'<div class="sg-el sg-alert sg-error" id="{_e(node.id)}" data-kind="error">'
                f'Unknown component kind {_e(node.kind)}</div>')
    return fn(node.id, node.props, inner)


def _help(p: dict) -> str:
    h = p.get("help")
    if not h:
        return ""
    return (f'<span class="sg-help" tabindex="0" role="note" title="{_e(h)}" '
            f'aria-label="{_e(h)}">?</span>')


def _label(nid: str, p: dict, for_id: bool = True, tag: str = "label") -> str:
    """Render a widget label, honouring label_visibility (kept for screen readers)."""
    vis = p.get("label_visibility", "visible")
    cls = "sg-label" + ("" if vis == "visible" else
                        " sg-vh" if vis == "collapsed" else " sg-hidden")
    target = f' for="{_e(nid)}-in"' if for_id and tag == "label" else ""
    return (f'<{tag} class="{cls}"{target} id="{_e(nid)}-label">'
            f'{markdown_inline(p.get("label", ""))}{_help(p)}</{tag}>')


def _root(nid: str, kind: str, body: str, extra_cls: str = "", attrs: str = "",
          p: dict | None = None) -> str:
    dis = ' data-disabled="true"' if p and p.get("disabled") else ""
    form = f' data-form="{_e(p["form"])}"' if p and p.get("form") else ""
    return (f'<div class="sg-el sg-{kind}{extra_cls}" id="{_e(nid)}" data-kind="{kind}"'
            f'{dis}{form}{attrs}>{body}</div>')


def _disabled(p: dict) -> str:
    return " disabled" if p.get("disabled") else ""


def _r_heading(tag: str, kind: str):
    def render(nid, p, inner):
        div = p.get("divider")
        div_html = (f'<hr class="sg-hdiv sg-c-{_e(div if isinstance(div, str) else "blue")}-bg">'
                    if div else "")
        return (f'<div class="sg-el sg-{kind}" id="{_e(nid)}" data-kind="{kind}">'
                f'<{tag}>{markdown_inline(p["body"])}{_help(p)}</{tag}>{div_html}</div>')
    return render


def _r_markdown(nid, p, inner):
    return _root(nid, "markdown", render_markdown(p["body"], p.get("unsafe", False)) + _help(p),
                 " sg-md")


def _r_caption(nid, p, inner):
    return _root(nid, "caption", render_markdown(p["body"], p.get("unsafe", False)), " sg-md")


def _r_text(nid, p, inner):
    return _root(nid, "text", f'<pre class="sg-plain">{_e(p["body"])}</pre>{_help(p)}')


def _r_code(nid, p, inner):
    return _root(nid, "code", render_code_block(p["body"], p.get("language"),
                                                p.get("line_numbers", False)))


def _r_divider(nid, p, inner):
    return f'<hr class="sg-el sg-divider" id="{_e(nid)}" data-kind="divider">'


def _r_html(nid, p, inner):
    return _root(nid, "html", p["body"])


def _r_stale(nid, p, inner):
    return p["html"]


def _r_exception(nid, p, inner):
    return _root(nid, "exception",
                 f'<div class="sg-alert sg-error" role="alert"><strong>{_e(p["message"])}'
                 f'</strong><pre class="sg-trace">{_e(p["trace"])}</pre></div>')


_ALERT_ICONS = {"success": "\u2705", "info": "\u2139\ufe0f", "warning": "\u26a0\ufe0f",
                "error": "\u26d4"}


def _r_alert(kind):
    def render(nid, p, inner):
        icon = p.get("icon")
        icon_html = f'<span class="sg-icon">{_e(icon)}</span>' if icon else ""
        role = ' role="alert"' if kind == "error" else ' role="status"'
        return _root(nid, kind, f'<div class="sg-alert sg-{kind}"{role}>{icon_html}'
                                f'<div class="sg-md">{render_markdown(p["body"])}</div></div>')
    return render


def _r_json(nid, p, inner):
    return _root(nid, "json", f'<pre class="sg-json">{_e(p["body"])}</pre>')


# -- widgets ----------------------------------------------------------------


def _r_button(nid, p, inner):
    kind = p.get("_kind", "button")
    cls = f'sg-btn sg-{_e(p.get("type", "secondary"))}'
    if p.get("use_container_width"):
        cls += " sg-full"
    icon = f'<span class="sg-icon">{_e(p["icon"])}</span> ' if p.get("icon") else ""
    body = icon + markdown_inline(p["label"])
    tip = f' title="{_e(p["help"])}"' if p.get("help") else ""
    if kind == "link_button":
        dis = ' aria-disabled="true" tabindex="-1"' if p.get("disabled") else ""
        url = safe_url(p["url"]) or "#"
        ctl = (f'<a class="{cls}" href="{_e(url)}" target="_blank" rel="noopener noreferrer"'
               f' role="button"{tip}{dis}>{body}</a>')
    elif kind == "download_button":
        ctl = (f'<a class="{cls}" href="{_e(p["href"])}" download="{_e(p["file_name"])}"'
               f' role="button"{tip}>{body}</a>')
    else:
        ctl = f'<button type="button" class="{cls}"{tip}{_disabled(p)}>{body}</button>'
    return _root(nid, kind, ctl, p=p)


def _r_checkbox(nid, p, inner):
    kind = p.get("_kind", "checkbox")
    checked = " checked" if p["value"] else ""
    role = ' role="switch"' if kind == "toggle" else ""
    vis = p.get("label_visibility", "visible")
    text_cls = "sg-vh" if vis != "visible" else ""
    return _root(nid, kind,
                 f'<label class="sg-check"><input type="checkbox" id="{_e(nid)}-in"{role}'
                 f'{checked}{_disabled(p)}><span class="{text_cls}">'
                 f'{markdown_inline(p["label"])}</span>{_help(p)}</label>', p=p)


def _fmt_number(value, fmt: str | None) -> str:
    if value is None:
        return ""
    if fmt:
        try:
            return fmt % value
        except (TypeError, ValueError):
            pass
    if isinstance(value, float):
        return repr(round(value, 10)).rstrip("0").rstrip(".") if "e" not in repr(value) \
            else repr(value)
    return str(value)


def _r_slider(nid, p, inner):
    vals = p["value"] if p.get("range") else [p["value"]]
    show = p["labels"] if "labels" in p else [_fmt_number(v, p.get("format")) for v in vals]
    inputs = []
    for k, v in enumerate(vals):
        suffix = "" if k == 0 else f"-{k}"
        end = " (end)" if k else ""
        aria = f' aria-label="{_e(p["label"])}{end}"' if p.get("range") else ""
        inputs.append(
            f'<input type="range" id="{_e(nid)}-in{suffix}" min="{_e(p["min"])}" '
            f'max="{_e(p["max"])}" step="{_e(p["step"])}" value="{_e(v)}" '
            f'aria-valuetext="{_e(show[k])}"{aria}{_disabled(p)}>')
    out = f'<output class="sg-out" for="{_e(nid)}-in">{_e(" – ".join(show))}</output>'
    attrs = f' data-range="{1 if p.get("range") else 0}"'
    if "labels" in p:
        attrs += f' data-labels="{_e(_json.dumps(p["labels"]))}"'
    return _root(nid, p.get("_kind", "slider"),
                 _label(nid, p) + f'<div class="sg-range">{"".join(inputs)}{out}</div>',
                 attrs=attrs, p=p)


def _r_text_input(nid, p, inner):
    kind = p.get("_kind", "text_input")
    maxlen = f' maxlength="{int(p["max_chars"])}"' if p.get("max_chars") else ""
    ph = f' placeholder="{_e(p["placeholder"])}"' if p.get("placeholder") else ""
    if kind == "text_area":
        h = f' style="height:{int(p["height"])}px"' if isinstance(p.get("height"), int) else ""
        ctl = (f'<textarea id="{_e(nid)}-in" rows="4"{maxlen}{ph}{h}{_disabled(p)}>'
               f'{_e(p["value"] or "")}</textarea>')
    else:
        typ = "password" if p.get("type") == "password" else "text"
        ctl = (f'<input type="{typ}" id="{_e(nid)}-in" value="{_e(p["value"] or "")}"'
               f' autocomplete="{"off" if typ == "text" else "new-password"}"'
               f'{maxlen}{ph}{_disabled(p)}>')
    return _root(nid, kind, _label(nid, p) + ctl, p=p)


def _r_number_input(nid, p, inner):
    lo = f' min="{_e(p["min"])}"' if p.get("min") is not None else ""
    hi = f' max="{_e(p["max"])}"' if p.get("max") is not None else ""
    ph = f' placeholder="{_e(p["placeholder"])}"' if p.get("placeholder") else ""
    v = "" if p["value"] is None else _fmt_number(p["value"], None)
    return _root(nid, "number_input",
                 _label(nid, p) +
                 f'<input type="number" id="{_e(nid)}-in" value="{_e(v)}" '
                 f'step="{_e(p["step"])}"{lo}{hi}{ph}{_disabled(p)}>', p=p)


def _r_selectbox(nid, p, inner):
    idx = p["index"]
    opts = []
    if idx is None:
        opts.append(f'<option value="" selected disabled>{_e(p.get("placeholder") or "Choose an option")}</option>')
    for k, label in enumerate(p["labels"]):
        sel = " selected" if k == idx else ""
        opts.append(f'<option value="{k}"{sel}>{_e(label)}</option>')
    return _root(nid, "selectbox",
                 _label(nid, p) + f'<select id="{_e(nid)}-in"{_disabled(p)}>'
                 f'{"".join(opts)}</select>', p=p)


def _r_columns(nid, p, inner):
    return (f'<div class="sg-el sg-columns sg-gap-{_e(p.get("gap", "small"))} '
            f'sg-valign-{_e(p.get("valign", "top"))}" id="{_e(nid)}" '
            f'data-kind="columns">{inner}</div>')


def _r_column(nid, p, inner):
    return (f'<div class="sg-column" id="{_e(nid)}" data-kind="column" '
            f'style="flex:{float(p["weight"]):g} 1 0">{inner}</div>')


def _r_container(nid, p, inner):
    border = " sg-border" if p.get("border") else ""
    h = f' style="max-height:{int(p["height"])}px;overflow:auto"' if p.get("height") else ""
    return (f'<div class="sg-el sg-container{border}" id="{_e(nid)}" '
            f'data-kind="container"{h}>{inner}</div>')


def _r_empty(nid, p, inner):
    return f'<div class="sg-empty" id="{_e(nid)}" data-kind="empty">{inner}</div>'


_RENDERERS = {
    "title": _r_heading("h1", "title"),
    "header": _r_heading("h2", "header"),
    "subheader": _r_heading("h3", "subheader"),
    "markdown": _r_markdown,
    "caption": _r_caption,
    "text": _r_text,
    "code": _r_code,
    "divider": _r_divider,
    "html": _r_html,
    "json": _r_json,
    "exception": _r_exception,
    "_stale": _r_stale,
    "success": _r_alert("success"),
    "info": _r_alert("info"),
    "warning": _r_alert("warning"),
    "error": _r_alert("error"),
    "button": _r_button,
    "checkbox": _r_checkbox,
    "slider": _r_slider,
    "text_input": _r_text_input,
    "number_input": _r_number_input,
    "selectbox": _r_selectbox,
    "columns": _r_columns,
    "column": _r_column,
    "container": _r_container,
    "empty": _r_empty,
}


# =============================================================================
# 10. The st API
# =============================================================================
# A DeltaGenerator is a place to write into: the main area, the sidebar, a
# column, an expander... Its methods add elements there. The module-level
# functions (st.button, st.write, ...) forward to the container the running
# script is currently in (`with col:` changes it), in the spirit of bottle's
# default-app wrappers.


def _widget_id(kind: str, label: str, key, form) -> str:
    """Return a widget's componentId: from its key, else from kind + label (PROTOCOL §6)."""
    if key is not None:
        skey = str(key)
        if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", skey):
            return "key-" + skey
        return "key-" + hashlib.sha1(skey.encode("utf-8", "replace")).hexdigest()[:16]
    digest = hashlib.sha1(repr((kind, str(label), form)).encode("utf-8", "replace"))
    return f"{kind.replace('_', '-')}-{digest.hexdigest()[:12]}"


def _check_key(key) -> None:
    if key is not None and not isinstance(key, (str, int)):
        raise StreamlitAPIException(f"key must be a str or int, not {type(key).__name__}")


class DeltaGenerator:
    """A place in the page to write into; the receiver of every st.* element call."""

    __slots__ = ("_root", "_node")

    def __init__(self, root: str | None = None, node: _Node | None = None):
        self._root = root      # "main" or "sidebar": resolved in the current run
        self._node = node      # a container (or element) node of one run

    # -- plumbing ---------------------------------------------------------------
    def _parent(self, run: _Run) -> _Node:
        if self._node is not None:
            return self._node
        if self._root is not None:
            return run.roots[self._root]
        return run.target()

    def _add(self, kind: str, props: dict, wid: str | None = None,
             container: bool = False) -> _Node:
        """Append an element to this container (or replace this element/empty slot)."""
        run = _current_run(kind)
        run.check()
        parent = self._parent(run)
        with run.lock:
            if parent.children is None:          # an element: replace it in place
                parent.kind, parent.props = kind, props
                parent.children = [] if container else None
                run.version += 1
                return parent
            if parent.kind == "empty":
                parent.children.clear()
            nid = wid or f"{parent.id}-{len(parent.children)}"
            node = _Node(kind, nid, props, [] if container else None)
            parent.children.append(node)
            run.version += 1
        return node

    def _element(self, kind: str, props: dict) -> "DeltaGenerator":
        return DeltaGenerator(node=self._add(kind, props))

    def _container(self, kind: str, props: dict) -> "DeltaGenerator":
        return DeltaGenerator(node=self._add(kind, props, container=True))

    def _form_id(self, run: _Run):
        node = self._parent(run)
        if node.kind == "form":
            return node.props["form_id"]
        return run.form

    def _widget(self, kind: str, label, key, default, props: dict, *,
                parse: Callable, valid: Callable | None = None, on_change=None,
                args=None, kwargs=None, help=None, disabled=False,
                label_visibility="visible", trigger=False, id_label=None,
                show: Callable | None = None):
        """Register a widget, work out its value for this rerun and draw it.

        The value is, in order: the click for buttons; st.session_state[key]
        when the app (or an earlier rerun) put it there; the stored value of
        an earlier rerun; else the default. `valid` maps a stored value that
        no longer fits (an option removed, a bound moved) back to the default.
        """
        run = _current_run(kind)
        run.check()
        _check_key(key)
        if label_visibility not in ("visible", "hidden", "collapsed"):
            raise StreamlitAPIException(
                f"label_visibility must be visible, hidden or collapsed, not {label_visibility!r}")
        form = self._form_id(run)
        if trigger and kind == "button" and form:
            raise StreamlitAPIException(
                "st.button() can't be used in an st.form(); use st.form_submit_button().")
        wid = _widget_id(kind, label if id_label is None else id_label, key, form)
        if wid in run.widgets:
            raise StreamlitAPIException(
                f"There are multiple widgets with the same key or label: {kind} "
                f"{str(label)!r}. To fix this, give each widget a unique key= argument.")
        session = run.session
        if trigger:
            value = wid in session.triggers
        elif key is not None and key in session.state:
            value = session.state[key]
        elif wid in session.values:
            value = session.values[wid]
        else:
            value = default
        if valid is not None and not trigger:
            value = valid(value)
        shown = value
        if form and form in run.clearing_forms and not trigger:
            shown = default           # clear_on_submit: return the submitted value,
            if key is not None:       # show (and keep) the default afterwards
                session.state[key] = default
            else:
                session.values[wid] = default
        elif key is not None:
            session.state[key] = value
        elif not trigger:
            session.values[wid] = value
        run.widgets[wid] = _Widget(wid, kind, key, parse, on_change, args, kwargs,
                                   form, trigger, default, bool(disabled))
        props.update(label=str(label), help=help, disabled=bool(disabled),
                     label_visibility=label_visibility, form=form, value=shown)
        if show is not None:
            props.update(show(shown))
        self._add(kind, props, wid=wid)
        return value

    # -- context manager: `with st.sidebar:` / `with col:` ---------------------
    def __enter__(self):
        run = _current_run("with")
        run.stack.append(self._parent(run))
        return self

    def __exit__(self, *exc):
        run = _current_run("with")
        if len(run.stack) > 1:
            run.stack.pop()
        return False

    # -- text -------------------------------------------------------------------
    def title(self, body, anchor=None, *, help=None):
        """Display text in title formatting (an <h1>)."""
        return self._element("title", {"body": str(body), "help": help})

    def header(self, body, anchor=None, *, help=None, divider=False):
        """Display text in header formatting (an <h2>)."""
        return self._element("header", {"body": str(body), "help": help, "divider": divider})

    def subheader(self, body, anchor=None, *, help=None, divider=False):
        """Display text in subheader formatting (an <h3>)."""
        return self._element("subheader", {"body": str(body), "help": help,
                                           "divider": divider})

    def caption(self, body, unsafe_allow_html=False, *, help=None):
        """Display text in small, muted font."""
        return self._element("caption", {"body": str(body), "unsafe": unsafe_allow_html})

    def text(self, body, *, help=None):
        """Display fixed-width, preformatted text (never interpreted as Markdown)."""
        return self._element("text", {"body": str(body), "help": help})

    def markdown(self, body, unsafe_allow_html=False, *, help=None):
        """Display Markdown; raw HTML is escaped unless unsafe_allow_html=True."""
        return self._element("markdown", {"body": str(body), "unsafe": bool(unsafe_allow_html),
                                          "help": help})

    def code(self, body, language="python", *, line_numbers=False, wrap_lines=False):
        """Display a code block with light syntax highlighting."""
        return self._element("code", {"body": str(body), "language": language,
                                      "line_numbers": line_numbers})

    def divider(self):
        """Display a horizontal rule."""
        return self._element("divider", {})

    def html(self, body):
        """Insert raw HTML as given (the app vouches for it; scripts still do not run)."""
        if hasattr(body, "_repr_html_"):
            body = body._repr_html_()
        elif isinstance(body, str) and len(body) < 4096 and body.endswith(
                (".html", ".htm")) and os.path.isfile(body):
            with open(body, encoding="utf-8") as f:
                body = f.read()
        return self._element("html", {"body": str(body)})

    def json(self, body, *, expanded=True):
        """Display an object or JSON string as pretty-printed JSON."""
        if isinstance(body, str):
            try:
                body = _json.loads(body)
            except ValueError:
                pass
        text = _json.dumps(body, indent=2, default=str, ensure_ascii=False)
        return self._element("json", {"body": text})

    def write(self, *args, unsafe_allow_html=False):
        """Write each argument in the way that suits its type (Streamlit's st.write)."""
        strings = []

        def flush():
            if strings:
                self.markdown(" ".join(strings), unsafe_allow_html=unsafe_allow_html)
                strings.clear()

        for arg in args:
            if isinstance(arg, str):
                strings.append(arg)
                continue
            flush()
            self._write_one(arg)
        flush()

    def _write_one(self, arg):
        if isinstance(arg, BaseException):
            return self.exception(arg)
        if _is_dataframe_like(arg):
            return self.dataframe(arg)
        if isinstance(arg, (dict, list, tuple)) or _is_json_like(arg):
            return self.json(arg)
        if isinstance(arg, DeltaGenerator) or arg is None and False:
            return None
        if hasattr(arg, "_repr_html_") and not isinstance(arg, type):
            return self.html(arg._repr_html_())
        if inspect.isclass(arg) or inspect.isfunction(arg) or inspect.ismodule(arg) \
                or inspect.isbuiltin(arg) or inspect.ismethod(arg):
            return self.help(arg)
        if isinstance(arg, (bool, int, float, complex)) or arg is None:
            return self.markdown(f"`{arg}`" if arg is None or isinstance(arg, bool)
                                 else str(arg))
        return self.markdown(f"`{arg!r}`")

    def help(self, obj=None):
        """Display an object's name, signature and docstring."""
        name = getattr(obj, "__qualname__", None) or type(obj).__name__
        try:
            sig = str(inspect.signature(obj))
        except (TypeError, ValueError):
            sig = ""
        doc = inspect.getdoc(obj) or "No docs available."
        return self._element("code", {"body": f"{name}{sig}\n\n{doc}", "language": "text"})

    def exception(self, exception):
        """Display an exception with its traceback."""
        tb = "".join(traceback.format_exception(type(exception), exception,
                                                exception.__traceback__))
        return self._element("exception", {"message": f"{type(exception).__name__}: "
                                                      f"{exception}", "trace": tb})

    # -- status -------------------------------------------------------------
    def success(self, body, *, icon=None):
        """Display a success message."""
        return self._element("success", {"body": str(body), "icon": icon})

    def info(self, body, *, icon=None):
        """Display an informational message."""
        return self._element("info", {"body": str(body), "icon": icon})

    def warning(self, body, *, icon=None):
        """Display a warning message."""
        return self._element("warning", {"body": str(body), "icon": icon})

    def error(self, body, *, icon=None):
        """Display an error message."""
        return self._element("error", {"body": str(body), "icon": icon})

    # -- widgets -------------------------------------------------------------
    def button(self, label, key=None, help=None, on_click=None, args=None, kwargs=None,
               *, type="secondary", icon=None, disabled=False, use_container_width=False):
        """Display a button; True only in the rerun its click caused."""
        return self._widget("button", label, key, False,
                            {"type": type, "icon": icon,
                             "use_container_width": use_container_width},
                            parse=_parse_click, on_change=on_click, args=args,
                            kwargs=kwargs, help=help, disabled=disabled, trigger=True)

    def checkbox(self, label, value=False, key=None, help=None, on_change=None,
                 args=None, kwargs=None, *, disabled=False, label_visibility="visible"):
        """Display a checkbox; return its state as a bool."""
        return self._widget("checkbox", label, key, bool(value), {},
                            parse=_parse_bool, valid=bool, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility)

    def slider(self, label, min_value=None, max_value=None, value=None, step=None,
               format=None, key=None, help=None, on_change=None, args=None, kwargs=None,
               *, disabled=False, label_visibility="visible"):
        """Display a slider for an int or float (or a range of two); return the value."""
        spec = _slider_spec(min_value, max_value, value, step)
        lo, hi, st_, default, is_range, conv = spec
        props = {"min": conv.to_wire(lo), "max": conv.to_wire(hi), "step": conv.wire_step(st_),
                 "range": is_range, "format": format}

        def parse(raw):
            vals = raw if is_range else [raw]
            if not isinstance(vals, list) or len(vals) != (2 if is_range else 1):
                raise ValueError("slider value has the wrong shape")
            out = [conv.from_wire(_num(v)) for v in vals]
            out = [min(max(v, lo), hi) for v in out]
            return tuple(sorted(out)) if is_range else out[0]

        def valid(v):
            try:
                vs = v if is_range else (v,)
                if all(lo <= x <= hi for x in vs):
                    return v
            except TypeError:
                pass
            return default

        def show(v):
            vs = v if is_range else (v,)
            out = {"value": [conv.to_wire(x) for x in vs] if is_range else conv.to_wire(v)}
            if conv.labels is not None:
                out["labels"] = [conv.label(x) for x in vs]
            return out

        return self._widget("slider", label, key, default, props, parse=parse, valid=valid,
                            on_change=on_change, args=args, kwargs=kwargs, help=help,
                            disabled=disabled, label_visibility=label_visibility, show=show)

    def text_input(self, label, value="", max_chars=None, key=None, type="default",
                   help=None, autocomplete=None, on_change=None, args=None, kwargs=None,
                   *, placeholder=None, disabled=False, label_visibility="visible"):
        """Display a single-line text input; return its text (None if value=None)."""
        default = None if value is None else str(value)

        def parse(raw):
            if not isinstance(raw, str):
                raise ValueError("text_input value must be a string")
            return raw[:max_chars] if max_chars else raw

        return self._widget("text_input", label, key, default,
                            {"max_chars": max_chars, "type": type, "placeholder": placeholder},
                            parse=parse, on_change=on_change, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, label_visibility=label_visibility)

    def number_input(self, label, min_value=None, max_value=None, value="min", step=None,
                     format=None, key=None, help=None, on_change=None, args=None,
                     kwargs=None, *, placeholder=None, disabled=False,
                     label_visibility="visible"):
        """Display a numeric input; return an int or a float, as Streamlit infers it."""
        nums = [x for x in (min_value, max_value, step) if x is not None]
        if value not in ("min", None):
            nums.append(value)
        is_float = any(isinstance(x, float) for x in nums)
        if not is_float and any(not isinstance(x, int) or isinstance(x, bool) for x in nums):
            raise StreamlitAPIException("number_input arguments must be int or float")
        if value == "min":
            value = min_value if min_value is not None else (0.0 if is_float else 0)
        if step is None:
            step = 0.01 if is_float else 1
        cast = float if is_float else int
        default = None if value is None else cast(value)

        def clamp(v):
            if min_value is not None and v < min_value:
                v = cast(min_value)
            if max_value is not None and v > max_value:
                v = cast(max_value)
            return v

        def parse(raw):
            if raw is None or raw == "":
                return None
            v = _num(raw)
            if not is_float:
                if v != int(v):
                    raise ValueError("this number_input takes integers")
                v = int(v)
            return clamp(cast(v))

        def valid(v):
            return v if v is None or (isinstance(v, (int, float)) and clamp(v) == v) else default

        return self._widget("number_input", label, key, default,
                            {"min": min_value, "max": max_value, "step": step,
                             "placeholder": placeholder, "format": format},
                            parse=parse, valid=valid, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility)

    def selectbox(self, label, options, index=0, format_func=str, key=None, help=None,
                  on_change=None, args=None, kwargs=None, *, placeholder="Choose an option",
                  disabled=False, label_visibility="visible", accept_new_options=False):
        """Display a drop-down; return the selected option (None when index=None)."""
        opts = _options(options)
        if index is not None and opts and not (isinstance(index, int) and 0 <= index < len(opts)):
            raise StreamlitAPIException(
                f"Selectbox index must be between 0 and length of options ({len(opts)})")
        default = opts[index] if (index is not None and opts) else None
        labels = [str(format_func(o)) for o in opts]

        def parse(raw):
            return opts[_option_index(raw, opts, labels)]

        def valid(v):
            return v if v is None or _index_of(opts, v) is not None else default

        return self._widget("selectbox", label, key, default,
                            {"labels": labels, "placeholder": placeholder},
                            parse=parse, valid=valid, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility,
                            show=lambda v: {"index": _index_of(opts, v)})

    # -- layout -------------------------------------------------------------
    def columns(self, spec, *, gap="small", vertical_alignment="top", border=False):
        """Insert columns side by side; spec is a count or a list of relative widths."""
        if isinstance(spec, int):
            if spec < 1:
                raise StreamlitAPIException("The number of columns must be at least 1")
            weights = [1] * spec
        else:
            weights = list(spec)
            if not weights or any(not isinstance(w, (int, float)) or w <= 0 for w in weights):
                raise StreamlitAPIException("Column widths must be positive numbers")
        row = self._add("columns", {"gap": gap or "none", "valign": vertical_alignment},
                        container=True)
        cols = []
        for w in weights:
            parent = DeltaGenerator(node=row)
            cols.append(DeltaGenerator(node=parent._add("column", {"weight": w,
                                                                    "border": border},
                                                        container=True)))
        return cols

    def container(self, *, height=None, border=None, key=None):
        """Insert a container that can hold several elements."""
        return self._container("container", {"border": bool(border) if border is not None
                                             else bool(height), "height": height})

    def empty(self):
        """Insert a single-element placeholder; each write replaces its content."""
        return self._container("empty", {})


class _WireConv:
    """How a slider's Python values map to numbers on the wire."""

    def __init__(self, kind: str, labels=None):
        self.kind = kind
        self.labels = labels

    def to_wire(self, v):
        if self.kind == "datetime":
            return v.timestamp()
        if self.kind == "date":
            return v.toordinal()
        if self.kind == "time":
            return v.hour * 3600 + v.minute * 60 + v.second
        return v

    def wire_step(self, step):
        if isinstance(step, _dt.timedelta):
            return step.total_seconds() / (86400 if self.kind == "date" else 1)
        return step

    def from_wire(self, x):
        if self.kind == "int":
            return int(round(x))
        if self.kind == "float":
            return float(x)
        if self.kind == "date":
            return _dt.date.fromordinal(int(round(x)))
        if self.kind == "datetime":
            return _dt.datetime.fromtimestamp(x)
        if self.kind == "time":
            x = int(round(x)) % 86400
            return _dt.time(x // 3600, x // 60 % 60, x % 60)
        return x

    def label(self, v):
        if self.kind == "time":
            return v.strftime("%H:%M")
        if self.kind == "datetime":
            return v.strftime("%Y-%m-%d %H:%M")
        return str(v)


def _slider_spec(lo, hi, value, step):
    """Infer a slider's type, bounds, step and default from Streamlit's arguments."""
    is_range = isinstance(value, (list, tuple))
    sample = (value[0] if is_range and value else value) if value is not None else \
        (lo if lo is not None else hi)
    if isinstance(sample, bool):
        raise StreamlitAPIException("slider values cannot be bool")
    if isinstance(sample, _dt.datetime):
        kind, unit = "datetime", _dt.timedelta(days=14)
        step = step or _dt.timedelta(days=1)
    elif isinstance(sample, _dt.date):
        kind, unit = "date", _dt.timedelta(days=14)
        step = step or _dt.timedelta(days=1)
    elif isinstance(sample, _dt.time):
        kind = "time"
        step = step or _dt.timedelta(minutes=15)
    elif isinstance(sample, float) or any(isinstance(x, float) for x in (lo, hi, step)):
        kind = "float"
    else:
        kind = "int"
    conv = _WireConv(kind, labels=True if kind in ("date", "datetime", "time") else None)
    if kind in ("int", "float"):
        cast = int if kind == "int" else float
        if lo is None:
            lo = cast(0) if (sample is None or sample >= 0) else cast(sample)
        if hi is None:
            hi = cast(100 if kind == "int" else 1.0)
            if sample is not None and sample > hi:
                hi = cast(sample)
        step = step if step is not None else (1 if kind == "int" else 0.01)
        lo, hi = cast(lo), cast(hi)
    elif kind == "time":
        lo = lo or _dt.time(0, 0)
        hi = hi or _dt.time(23, 59)
    else:
        base = sample
        lo = lo if lo is not None else base - unit
        hi = hi if hi is not None else base + unit
    if value is None:
        value = lo
    if lo > hi:
        raise StreamlitAPIException(f"slider min_value {lo!r} is greater than max_value {hi!r}")
    if is_range:
        if len(value) != 2:
            raise StreamlitAPIException("a range slider's value must have two items")
        default = tuple(value)
    else:
        default = value
    for v in (default if is_range else (default,)):
        if not lo <= v <= hi:
            raise StreamlitAPIException(
                f"slider value {v!r} is outside [{lo!r}, {hi!r}]")
    return lo, hi, step, default, is_range, conv


def _num(raw) -> float:
    """Accept a JSON number (or numeric string) from the client."""
    if isinstance(raw, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(raw, (int, float)):
        v = raw
    elif isinstance(raw, str):
        v = float(raw)
    else:
        raise ValueError("expected a number")
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError("number must be finite")
    return v


def _parse_click(raw):
    return True


def _parse_bool(raw):
    if not isinstance(raw, bool):
        raise ValueError("expected true or false")
    return raw


def _options(options) -> list:
    """Turn Streamlit's `options` (list, tuple, dict, range, Series, ...) into a list."""
    if options is None:
        return []
    if isinstance(options, dict):
        return list(options.keys())
    if hasattr(options, "tolist") and not isinstance(options, (list, tuple)):
        return list(options.tolist())
    if hasattr(options, "columns") and hasattr(options, "iloc"):
        return list(options.iloc[:, 0])
    return list(options)


def _index_of(opts: list, value):
    for i, o in enumerate(opts):
        try:
            if o == value or o is value:
                return i
        except Exception:
            continue
    return None


def _option_index(raw, opts: list, labels: list) -> int:
    """Map a client's option choice (an index, or a label) to an index."""
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < len(opts):
        return raw
    if isinstance(raw, str):
        if raw in labels:
            return labels.index(raw)
        if raw.isdigit() and int(raw) < len(opts):
            return int(raw)
    raise ValueError("not one of the options")


def _is_dataframe_like(obj) -> bool:
    t = type(obj).__module__ or ""
    return t.startswith(("pandas", "polars", "pyarrow", "numpy")) and hasattr(obj, "shape")


def _is_json_like(obj) -> bool:
    return isinstance(obj, (set, frozenset)) or (
        hasattr(obj, "keys") and hasattr(obj, "__getitem__") and not isinstance(obj, type))


class SessionStateProxy:
    """st.session_state: the current session's state, by item or by attribute."""

    __slots__ = ()

    @staticmethod
    def _data() -> dict:
        return _current_run("st.session_state").session.state

    @staticmethod
    def _check_writable(key) -> None:
        run = _current_run("st.session_state")
        w = run.widgets.get(_widget_id("", "", key, None))
        if w is not None and w.key == key and not w.trigger:
            raise StreamlitAPIException(
                f"st.session_state.{key} cannot be modified after the widget with key "
                f"{key!r} is instantiated.")
        if w is not None and w.trigger:
            raise StreamlitAPIException(
                f"st.session_state.{key} cannot be set: buttons' values can't be set.")

    def __getitem__(self, key):
        data = self._data()
        if key not in data:
            raise KeyError(f'st.session_state has no key "{key}". Did you forget to '
                           f'initialize it?')
        return data[key]

    def __setitem__(self, key, value):
        self._check_writable(key)
        self._data()[key] = value

    def __delitem__(self, key):
        data = self._data()
        if key not in data:
            raise KeyError(f'st.session_state has no key "{key}".')
        del data[key]

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f'st.session_state has no attribute "{key}". Did you '
                                 f'forget to initialize it?') from None

    def __setattr__(self, key, value):
        self[key] = value

    def __delattr__(self, key):
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __contains__(self, key):
        return key in self._data()

    def __iter__(self):
        return iter(list(self._data()))

    def __len__(self):
        return len(self._data())

    def __repr__(self):
        return repr(self._data())

    def get(self, key, default=None):
        return self._data().get(key, default)

    def setdefault(self, key, default=None):
        data = self._data()
        if key not in data:
            self[key] = default
        return data[key]

    def keys(self):
        return list(self._data().keys())

    def values(self):
        return list(self._data().values())

    def items(self):
        return list(self._data().items())

    def update(self, *args, **kw):
        for k, v in dict(*args, **kw).items():
            self[k] = v

    def pop(self, key, *default):
        return self._data().pop(key, *default)

    def clear(self):
        self._data().clear()

    def to_dict(self) -> dict:
        return dict(self._data())


session_state = SessionStateProxy()
sidebar = DeltaGenerator(root="sidebar")


def _forward(name: str):
    """Make st.NAME call NAME on the container the script is currently writing into."""
    method = getattr(DeltaGenerator, name)

    @functools.wraps(method)
    def call(*args, **kwargs):
        return method(DeltaGenerator(), *args, **kwargs)
    return call


_API_METHODS = [n for n, v in vars(DeltaGenerator).items()
                if callable(v) and not n.startswith("_")]
for _name in _API_METHODS:
    globals()[_name] = _forward(_name)
del _name


def _magic(value):
    """Write the value of a bare top-level expression (Streamlit's magic)."""
    if value is None or isinstance(value, DeltaGenerator):
        return value
    DeltaGenerator().write(value)
    return value


def stop():
    """Stop this rerun here; what was drawn so far stays on the page."""
    _current_run("st.stop")
    raise StopException()


def rerun(*, scope="app"):
    """Stop this rerun and start a new one at once."""
    _current_run("st.rerun")
    raise RerunException("st.rerun()")


def set_page_config(page_title=None, page_icon=None, layout="centered",
                    initial_sidebar_state="auto", menu_items=None):
    """Set the page's title, icon and layout ("centered" or "wide")."""
    run = _current_run("st.set_page_config")
    if page_title is not None:
        run.page["page_title"] = str(page_title)
    if page_icon is not None:
        run.page["page_icon"] = str(page_icon)
    if layout in ("centered", "wide"):
        run.page["layout"] = layout
    else:
        raise StreamlitAPIException('layout must be "centered" or "wide"')


__all__ += _API_METHODS + ["session_state", "sidebar", "stop", "rerun",
                           "set_page_config", "DeltaGenerator", "StreamlitAPIException"]


# =============================================================================
# 11. Browser assets: the client's JS and CSS, served from these strings
# =============================================================================
# Plain triple-quoted constants, never filled with % or .format(): the page
# shell receives its data through one .replace() of a marker, as JSON with
# "</" escaped so it cannot end the <script> element.

CLIENT_JS = r"""// streamlit_go browser client: WebSocket, DOM morphing, events, reconnect.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("sg-config").textContent);
  var sessionId = cfg.sessionId;
  var root = document.getElementById("sg-root");
  var ws = null, attempts = 0, pingTimer = null, everConnected = false;
  var MAX_ATTEMPTS = 5, PING_MS = 30000, BASE_DELAY = cfg.retryMs || 1000;
  window.streamlitGo = { state: "connecting", attempts: 0, messages: 0 };

  // -- connection --------------------------------------------------------------
  function wsUrl() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var q = location.search ? "&" + location.search.slice(1) : "";
    return proto + "//" + location.host + cfg.base + "ws?sessionId=" +
      encodeURIComponent(sessionId) + q;
  }

  function connect() {
    setState(everConnected ? "reconnecting" : "connecting");
    try { ws = new WebSocket(wsUrl()); } catch (e) { scheduleReconnect(); return; }
    ws.onopen = function () {
      attempts = 0; everConnected = true; setState("connected"); notice(null);
      clearInterval(pingTimer);
      pingTimer = setInterval(function () { sendRaw({ type: "ping" }); }, PING_MS);
    };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      window.streamlitGo.messages++;
      handle(msg);
    };
    ws.onclose = function () {
      clearInterval(pingTimer); ws = null;
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (attempts >= MAX_ATTEMPTS) {
      setState("lost");
      notice("Connection lost. The server cannot be reached.", true);
      return;
    }
    var delay = BASE_DELAY * Math.pow(2, attempts) + Math.random() * BASE_DELAY * 0.3;
    attempts++; window.streamlitGo.attempts = attempts;
    setState("reconnecting");
    notice("Reconnecting\u2026 (attempt " + attempts + " of " + MAX_ATTEMPTS + ")", false);
    setTimeout(connect, delay);
  }

  function setState(s) {
    window.streamlitGo.state = s;
    document.documentElement.setAttribute("data-sg-state", s);
  }

  function notice(text, lost) {
    var el = document.getElementById("sg-notice");
    if (!text) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "sg-notice"; el.setAttribute("role", "alert");
      document.body.appendChild(el);
    }
    el.className = "sg-notice" + (lost ? " sg-lost" : "");
    el.textContent = text + " ";
    if (lost) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "sg-btn sg-primary"; b.textContent = "Reload";
      b.addEventListener("click", function () { location.reload(); });
      el.appendChild(b);
    }
  }

  function sendRaw(msg) {
    if (!ws || ws.readyState !== 1) return false;
    msg.session_id = sessionId; msg.timestamp = Date.now();
    ws.send(JSON.stringify(msg));
    return true;
  }

  function sendEvent(id, type, value) {
    document.documentElement.setAttribute("data-sg-running", "1");
    return sendRaw({ type: "component_event",
                     data: { componentId: id, eventType: type, value: value } });
  }

  // -- server messages -----------------------------------------------------------
  function handle(msg) {
    if (typeof msg.session_id === "string" && msg.session_id !== sessionId) {
      sessionId = msg.session_id;       // the server replaced an expired session
    }
    var d = msg.data || {};
    if (msg.type === "ui_update") {
      var tpl = parse(d.html);
      morphChildren(root, tpl);
      afterUpdate();
    } else if (msg.type === "partial_update") {
      var el = document.getElementById(d.componentId);
      var fresh = parse(d.html).firstElementChild;
      if (el && fresh) morph(el, fresh);
      afterUpdate();
    } else if (msg.type === "error") {
      document.documentElement.removeAttribute("data-sg-running");
      if (d.code !== "SCRIPT_ERROR") toast("Error " + d.code + ": " + d.message, "error");
    }
  }

  function afterUpdate() {
    document.documentElement.removeAttribute("data-sg-running");
    var app = root.querySelector(".sg-app");
    if (app && app.getAttribute("data-title")) document.title = app.getAttribute("data-title");
    var toasts = root.querySelectorAll("[data-kind=toast]:not([data-shown])");
    for (var i = 0; i < toasts.length; i++) {
      toasts[i].setAttribute("data-shown", "1");
      toast(toasts[i].textContent, "info");
    }
    var sliders = root.querySelectorAll("[data-kind=slider],[data-kind=select_slider]");
    for (var j = 0; j < sliders.length; j++) paintSlider(sliders[j]);
  }

  function toast(text, kind) {
    var box = document.getElementById("sg-toasts");
    if (!box) {
      box = document.createElement("div"); box.id = "sg-toasts";
      box.setAttribute("aria-live", "polite"); document.body.appendChild(box);
    }
    var t = document.createElement("div");
    t.className = "sg-toast sg-" + kind; t.textContent = text;
    box.appendChild(t);
    setTimeout(function () { t.remove(); }, 4000);
  }

  function parse(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    return tpl.content;
  }

  // -- DOM morphing: patch the live tree into the new one, keeping focus ----------
  function morph(from, to) {
    if (from.nodeType !== to.nodeType || from.nodeName !== to.nodeName ||
        (from.nodeType === 1 && from.id !== to.id)) {
      from.replaceWith(to);
      return;
    }
    if (from.nodeType !== 1) {
      if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
      return;
    }
    var a, i;
    for (i = from.attributes.length - 1; i >= 0; i--) {
      a = from.attributes[i];
      if (!to.hasAttribute(a.name) && a.name !== "data-shown" && a.name !== "open")
        from.removeAttribute(a.name);
    }
    for (i = 0; i < to.attributes.length; i++) {
      a = to.attributes[i];
      if (from.getAttribute(a.name) !== a.value) {
        if (a.name === "value" && from === document.activeElement) continue;
        from.setAttribute(a.name, a.value);
      }
    }
    var tag = from.nodeName;
    if (tag === "INPUT") { syncInput(from, to); return; }
    if (tag === "TEXTAREA") { syncText(from, to.value); return; }
    morphChildren(from, to);
    if (tag === "SELECT") {
      var idx = -1;
      for (i = 0; i < to.options.length; i++) if (to.options[i].hasAttribute("selected")) idx = i;
      if (from.selectedIndex !== idx) from.selectedIndex = idx;
    }
  }

  function syncInput(from, to) {
    var t = from.type;
    if (t === "checkbox" || t === "radio") {
      from.checked = to.hasAttribute("checked");
    } else {
      syncText(from, to.getAttribute("value") || "");
    }
  }

  // Keep what the user is typing unless the server deliberately changed the value.
  function syncText(el, serverValue) {
    if (el === document.activeElement) {
      if (serverValue !== el._sgServer && serverValue !== el._sgSent) el.value = serverValue;
    } else if (el.value !== serverValue) {
      el.value = serverValue;
    }
    el._sgServer = serverValue;
  }

  function morphChildren(from, to) {
    var news = Array.prototype.slice.call(to.childNodes);
    var byId = {};
    for (var k = from.firstChild; k; k = k.nextSibling) if (k.id) byId[k.id] = k;
    var cur = from.firstChild;
    for (var i = 0; i < news.length; i++) {
      var n = news[i], match = null;
      if (n.id && byId[n.id] && byId[n.id].parentNode === from) match = byId[n.id];
      else if (cur && !cur.id && !n.id && cur.nodeName === n.nodeName) match = cur;
      if (match) {
        if (match === cur) cur = cur.nextSibling;
        else from.insertBefore(match, cur);
        delete byId[n.id];
        morph(match, n);
      } else {
        from.insertBefore(n, cur);
      }
    }
    while (cur) { var next = cur.nextSibling; from.removeChild(cur); cur = next; }
  }

  // -- user events, delegated ------------------------------------------------------
  function widgetOf(el) {
    var w = el && el.closest ? el.closest("[data-kind]") : null;
    return w && w.id && w.getAttribute("data-disabled") !== "true" ? w : null;
  }

  function valueOf(w) {
    var kind = w.getAttribute("data-kind");
    var inp = w.querySelector("input,select,textarea");
    switch (kind) {
      case "checkbox": case "toggle": return inp.checked;
      case "slider": case "select_slider":
        var r = w.querySelectorAll("input[type=range]");
        if (w.getAttribute("data-range") === "1") return [Number(r[0].value), Number(r[1].value)];
        return Number(r[0].value);
      case "number_input": return inp.value === "" ? null : Number(inp.value);
      case "selectbox": return inp.value === "" ? null : Number(inp.value);
      case "radio":
        var c = w.querySelector("input:checked");
        return c ? Number(c.value) : null;
      case "multiselect":
        var out = [], cs = w.querySelectorAll("input[type=checkbox]:checked");
        for (var i = 0; i < cs.length; i++) out.push(Number(cs[i].value));
        return out;
      case "date_input": case "time_input": case "color_picker":
        var ins = w.querySelectorAll("input");
        if (ins.length > 1) return [ins[0].value, ins[1].value];
        return inp.value;
      default: return inp ? inp.value : null;
    }
  }

  function commit(w, type) {
    var form = w.getAttribute("data-form");
    if (form) return;                      // form widgets wait for the submit button
    var inp = w.querySelector("input,textarea,select");
    var v = valueOf(w);
    var key = JSON.stringify(v);
    if (inp && inp._sgSentKey === key && type !== "submit") return;
    if (inp) { inp._sgSentKey = key; inp._sgSent = typeof v === "string" ? v : inp._sgSent; }
    sendEvent(w.id, type, v);
  }

  function submitForm(btn) {
    var form = btn.closest("[data-kind=form]");
    var values = {};
    if (form) {
      var ws_ = form.querySelectorAll("[data-form]");
      for (var i = 0; i < ws_.length; i++) {
        var k = ws_[i].getAttribute("data-kind");
        if (k !== "form_submit_button" && ws_[i].id) values[ws_[i].id] = valueOf(ws_[i]);
      }
    }
    sendEvent(btn.id, "submit", values);
  }

  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest("button,a[role=button],[data-sg-click]") : null;
    if (!t) return;
    var w = widgetOf(t);
    if (!w) return;
    var kind = w.getAttribute("data-kind");
    if (kind === "button") { sendEvent(w.id, "click", true); }
    else if (kind === "form_submit_button") { e.preventDefault(); submitForm(w); }
    else if (kind === "download_button" || kind === "link_button") {
      if (kind === "download_button") sendEvent(w.id, "click", true);
    } else if (t.hasAttribute("data-sg-click")) {
      sendEvent(w.id, "click", t.getAttribute("data-sg-click"));
    }
  });

  document.addEventListener("change", function (e) {
    var w = widgetOf(e.target);
    if (!w) return;
    var kind = w.getAttribute("data-kind");
    if (kind === "text_input" || kind === "text_area" || kind === "chat_input") {
      if (kind !== "chat_input") commit(w, "change");
      return;
    }
    if (kind === "file_uploader") return;
    commit(w, "change");
  });

  document.addEventListener("input", function (e) {
    var w = widgetOf(e.target);
    if (w && (w.getAttribute("data-kind") === "slider" ||
              w.getAttribute("data-kind") === "select_slider")) paintSlider(w, true);
  });

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.isComposing) return;
    var w = widgetOf(e.target);
    if (!w) return;
    var kind = w.getAttribute("data-kind");
    if (kind === "text_input" || (kind === "text_area" && (e.ctrlKey || e.metaKey))) {
      commit(w, "submit");
    } else if (kind === "chat_input" && !e.shiftKey) {
      e.preventDefault();
      var inp = w.querySelector("textarea,input");
      if (inp.value.trim()) { sendEvent(w.id, "submit", inp.value); inp.value = ""; }
    }
  });

  function paintSlider(w, live) {
    var r = w.querySelectorAll("input[type=range]");
    var out = w.querySelector("output");
    if (!r.length || !out) return;
    if (live) {
      var labels = w.getAttribute("data-labels");
      var parts = [];
      for (var i = 0; i < r.length; i++) parts.push(r[i].value);
      if (!labels || w.getAttribute("data-kind") === "select_slider") {
        var opts = w.getAttribute("data-options");
        if (opts) { opts = JSON.parse(opts); parts = parts.map(function (x) { return opts[Number(x)]; }); }
        out.textContent = parts.join(" \u2013 ");
      }
    }
    for (var j = 0; j < r.length; j++) {
      var min = Number(r[j].min), max = Number(r[j].max), v = Number(r[j].value);
      r[j].style.setProperty("--sg-fill", max > min ? ((v - min) / (max - min) * 100) + "%" : "0%");
    }
  }

  connect();
})();
"""

CLIENT_CSS = r"""/* streamlit_go default look: light and dark by prefers-color-scheme */
:root {
  --sg-bg: #ffffff; --sg-fg: #31333f; --sg-muted: #6b6d7a; --sg-soft: #f0f2f6;
  --sg-border: #d5d7de; --sg-primary: #ff4b4b; --sg-primary-fg: #ffffff;
  --sg-code-bg: #f6f7f9; --sg-radius: 0.5rem; --sg-side: #f0f2f6;
  --sg-ok: #177233; --sg-ok-bg: #dff5e4; --sg-info: #1c4f8a; --sg-info-bg: #e1edfb;
  --sg-warn: #7a5a00; --sg-warn-bg: #fff6d6; --sg-err: #a3161b; --sg-err-bg: #ffe4e4;
  --sg-font: "Source Sans Pro", "Segoe UI", system-ui, -apple-system, sans-serif;
  --sg-mono: "Source Code Pro", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --sg-bg: #0e1117; --sg-fg: #fafafa; --sg-muted: #a3a8b8; --sg-soft: #262730;
    --sg-border: #3d404d; --sg-code-bg: #1a1c24; --sg-side: #262730;
    --sg-ok: #7ddc95; --sg-ok-bg: #173d24; --sg-info: #8cc2ff; --sg-info-bg: #172d48;
    --sg-warn: #ffd86b; --sg-warn-bg: #3d3414; --sg-err: #ff9a9a; --sg-err-bg: #4a1c1f;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--sg-bg); color: var(--sg-fg);
  font-family: var(--sg-font); font-size: 16px; line-height: 1.6; }
#sg-root { min-height: 100vh; }
.sg-app { display: flex; min-height: 100vh; }
.sg-main { flex: 1; max-width: 46rem; margin: 0 auto; padding: 4rem 1rem 6rem; min-width: 0; }
.sg-wide .sg-main { max-width: none; padding-left: 5rem; padding-right: 5rem; }
.sg-sidebar { width: 18rem; flex: 0 0 18rem; background: var(--sg-side);
  padding: 3rem 1.25rem; min-height: 100vh; border-right: 1px solid var(--sg-border); }
@media (max-width: 760px) {
  .sg-app { flex-direction: column; }
  .sg-sidebar { width: auto; flex: none; min-height: 0; }
  .sg-wide .sg-main { padding-left: 1rem; padding-right: 1rem; }
}
.sg-el { margin: 0 0 1rem; }
.sg-el:empty { display: none; }
h1, h2, h3 { line-height: 1.25; margin: 0; font-weight: 700; }
.sg-title h1 { font-size: 2.75rem; padding: 1.25rem 0 1rem; }
.sg-header h2 { font-size: 2rem; padding: 1rem 0 0.5rem; }
.sg-subheader h3 { font-size: 1.5rem; padding: 0.5rem 0 0.25rem; }
.sg-md p { margin: 0 0 0.75rem; }
.sg-md > :last-child, .sg-md p:last-child { margin-bottom: 0; }
.sg-md table, .sg-table table { border-collapse: collapse; margin: 0.5rem 0; }
.sg-md th, .sg-md td { border: 1px solid var(--sg-border); padding: 0.25rem 0.75rem; }
.sg-md blockquote { margin: 0 0 0.75rem; padding-left: 1rem; border-left: 3px solid var(--sg-border); }
.sg-caption { color: var(--sg-muted); font-size: 0.875rem; }
a { color: #0068c9; }
@media (prefers-color-scheme: dark) { a { color: #58a6ff; } }
code { font-family: var(--sg-mono); font-size: 0.875em; background: var(--sg-code-bg);
  padding: 0.1em 0.3em; border-radius: 0.25rem; color: #09ab3b; }
pre { margin: 0; }
.sg-code, .sg-json, .sg-plain, .sg-trace { font-family: var(--sg-mono); font-size: 0.875rem;
  background: var(--sg-code-bg); border-radius: var(--sg-radius); padding: 1rem;
  overflow-x: auto; white-space: pre; }
.sg-plain { background: none; padding: 0; white-space: pre-wrap; font-size: 0.95rem; }
.sg-code code { background: none; padding: 0; color: inherit; font-size: inherit; }
.sg-kw { color: #a626a4; } .sg-st { color: #50a14f; } .sg-cm { color: #8a8f98; font-style: italic; }
.sg-nu { color: #b76b01; }
.sg-lines { counter-reset: ln; } .sg-ln::before { counter-increment: ln; content: counter(ln);
  display: inline-block; width: 2em; color: var(--sg-muted); }
.sg-divider, hr { border: none; border-top: 1px solid var(--sg-border); margin: 1.5rem 0; }
.sg-hdiv { border-top-width: 2px; margin: 0.5rem 0 0; }
.sg-alert { border-radius: var(--sg-radius); padding: 1rem; display: flex; gap: 0.75rem; }
.sg-alert > div { min-width: 0; }
.sg-success .sg-alert, .sg-alert.sg-success { background: var(--sg-ok-bg); color: var(--sg-ok); }
.sg-info .sg-alert, .sg-alert.sg-info { background: var(--sg-info-bg); color: var(--sg-info); }
.sg-warning .sg-alert, .sg-alert.sg-warning { background: var(--sg-warn-bg); color: var(--sg-warn); }
.sg-error .sg-alert, .sg-alert.sg-error { background: var(--sg-err-bg); color: var(--sg-err); }
.sg-exception .sg-alert { flex-direction: column; }
.sg-trace { background: transparent; padding: 0.5rem 0 0; color: inherit; }
.sg-label { display: block; font-size: 0.875rem; margin-bottom: 0.25rem; }
.sg-label.sg-hidden { visibility: hidden; }
.sg-vh { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.sg-help { display: inline-block; width: 1.1em; height: 1.1em; margin-left: 0.35em;
  border: 1px solid var(--sg-muted); border-radius: 50%; color: var(--sg-muted);
  font-size: 0.7rem; line-height: 1em; text-align: center; cursor: help; vertical-align: middle; }
.sg-btn { font: inherit; font-size: 1rem; display: inline-flex; align-items: center; gap: 0.35rem;
  padding: 0.375rem 0.875rem; border-radius: var(--sg-radius); cursor: pointer;
  border: 1px solid var(--sg-border); background: var(--sg-bg); color: var(--sg-fg);
  text-decoration: none; line-height: 1.6; }
.sg-btn:hover { border-color: var(--sg-primary); color: var(--sg-primary); }
.sg-btn:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 2px solid var(--sg-primary); outline-offset: 1px; }
.sg-btn.sg-primary { background: var(--sg-primary); border-color: var(--sg-primary);
  color: var(--sg-primary-fg); }
.sg-btn.sg-primary:hover { filter: brightness(0.92); color: var(--sg-primary-fg); }
.sg-btn.sg-tertiary { border-color: transparent; background: none; }
.sg-btn[disabled], .sg-btn[aria-disabled=true] { opacity: 0.5; cursor: not-allowed; }
.sg-full { width: 100%; justify-content: center; }
input[type=text], input[type=password], input[type=number], input[type=date],
input[type=time], input[type=search], select, textarea {
  font: inherit; width: 100%; padding: 0.4rem 0.75rem; border-radius: var(--sg-radius);
  border: 1px solid var(--sg-border); background: var(--sg-soft); color: var(--sg-fg); }
textarea { resize: vertical; min-height: 5rem; }
input[disabled], select[disabled], textarea[disabled] { opacity: 0.6; cursor: not-allowed; }
.sg-check { display: inline-flex; align-items: center; gap: 0.5rem; cursor: pointer; }
.sg-check input { width: 1.1rem; height: 1.1rem; accent-color: var(--sg-primary); margin: 0; }
.sg-toggle input { appearance: none; width: 2.25rem; height: 1.25rem; border-radius: 1rem;
  background: var(--sg-border); position: relative; transition: background 0.15s; }
.sg-toggle input::after { content: ""; position: absolute; top: 0.15rem; left: 0.15rem;
  width: 0.95rem; height: 0.95rem; border-radius: 50%; background: #fff; transition: left 0.15s; }
.sg-toggle input:checked { background: var(--sg-primary); }
.sg-toggle input:checked::after { left: 1.15rem; }
.sg-range { display: flex; align-items: center; gap: 0.75rem; }
.sg-range input[type=range] { flex: 1; accent-color: var(--sg-primary); min-width: 0; }
.sg-out { min-width: 3rem; text-align: right; font-variant-numeric: tabular-nums;
  color: var(--sg-primary); font-size: 0.9rem; }
.sg-columns { display: flex; gap: 1rem; align-items: flex-start; }
.sg-gap-none { gap: 0; } .sg-gap-medium { gap: 2rem; } .sg-gap-large { gap: 4rem; }
.sg-valign-center { align-items: center; } .sg-valign-bottom { align-items: flex-end; }
.sg-column { min-width: 0; }
@media (max-width: 640px) { .sg-columns { flex-direction: column; } .sg-column { width: 100%; } }
.sg-border { border: 1px solid var(--sg-border); border-radius: var(--sg-radius); padding: 1rem; }
.sg-empty:empty { display: none; }
#sg-toasts { position: fixed; right: 1rem; bottom: 1rem; display: flex; flex-direction: column;
  gap: 0.5rem; z-index: 20; }
.sg-toast { background: var(--sg-soft); color: var(--sg-fg); border: 1px solid var(--sg-border);
  border-radius: var(--sg-radius); padding: 0.75rem 1rem; max-width: 22rem;
  box-shadow: 0 4px 16px rgba(0,0,0,0.15); }
.sg-toast.sg-error { border-color: var(--sg-err); }
.sg-notice { position: fixed; top: 0; left: 0; right: 0; z-index: 30; text-align: center;
  padding: 0.5rem; background: var(--sg-warn-bg); color: var(--sg-warn); font-size: 0.9rem; }
.sg-notice.sg-lost { background: var(--sg-err-bg); color: var(--sg-err); }
.sg-loading { color: var(--sg-muted); }
html[data-sg-running] .sg-main::before { content: "Running\2026"; position: fixed; top: 0.75rem;
  right: 1rem; font-size: 0.8rem; color: var(--sg-muted); }
.sg-c-red { color: #ff4b4b; } .sg-c-orange { color: #ffa421; } .sg-c-green { color: #21c354; }
.sg-c-blue { color: #1c83e1; } .sg-c-violet { color: #803df5; } .sg-c-gray, .sg-c-grey { color: #808495; }
.sg-c-primary { color: var(--sg-primary); }
.sg-c-red-bg { background: rgba(255,75,75,.15); } .sg-c-blue-bg { background: rgba(28,131,225,.15); }
.sg-c-green-bg { background: rgba(33,195,84,.15); } .sg-c-orange-bg { background: rgba(255,164,33,.15); }
.sg-c-violet-bg { background: rgba(128,61,245,.15); } .sg-c-gray-bg, .sg-c-grey-bg { background: rgba(128,132,149,.15); }
.sg-c-rainbow { background: linear-gradient(to right, red, orange, green, blue, violet);
  -webkit-background-clip: text; background-clip: text; color: transparent; }
"""

PAGE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<link rel="icon" href="@@ICON@@">
<link rel="stylesheet" href="@@BASE@@static/streamlit_go.css?v=@@VERSION@@">
<script id="sg-config" type="application/json">@@CONFIG@@</script>
<script src="@@BASE@@static/streamlit_go.js?v=@@VERSION@@" defer></script>
</head>
<body>
<div id="sg-root"><div class="sg-app"><main class="sg-main" id="sg-main"><p class="sg-loading">Loading\u2026</p></main></div></div>
<noscript>This app needs JavaScript.</noscript>
</body>
</html>
"""

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob: https: http:; media-src 'self' data: blob: https: http:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'self'")


def _asset(body: str, ctype: str) -> tuple:
    data = body.encode("utf-8")
    return data, ctype, '"' + hashlib.sha1(data).hexdigest()[:16] + '"'


ASSETS = {
    "streamlit_go.js": _asset(CLIENT_JS, "text/javascript; charset=utf-8"),
    "streamlit_go.css": _asset(CLIENT_CSS, "text/css; charset=utf-8"),
}


def _json_for_script(obj) -> str:
    """JSON that is safe inside <script>: no "</", no U+2028/2029 surprises."""
    return (_json.dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def render_page(session_id: str, base: str, title: str, icon: str | None,
                retry_ms: int) -> bytes:
    """Return the page shell for one session (the app itself arrives over the WebSocket)."""
    icon_href = "data:,"
    if icon:
        svg = ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'>"
               f"<text y='.9em' font-size='90'>{_e(icon)}</text></svg>")
        icon_href = "data:image/svg+xml," + urllib.parse.quote(svg)
    config = _json_for_script({"sessionId": session_id, "base": base, "retryMs": retry_ms})
    version = ASSETS["streamlit_go.js"][2].strip('"')
    return (PAGE_HTML.replace("@@TITLE@@", _e(title)).replace("@@ICON@@", _e(icon_href))
            .replace("@@BASE@@", _e(base)).replace("@@VERSION@@", version)
            .replace("@@CONFIG@@", config)).encode("utf-8")


# =============================================================================
# 12. asyncio server: the only code that touches sockets
# =============================================================================
# One asyncio.Protocol per TCP connection. It starts in HTTP mode: bytes go
# into a buffer, parse_request() takes whole requests out of it, and each is
# answered in order (so pipelined requests work). A valid upgrade switches the
# same object to WebSocket mode, where WebSocketParser turns bytes into
# messages. All deadlines (head timeout, keep-alive, pings, idle WebSockets)
# are checked by one sweep task instead of a timer per connection.


@dataclasses.dataclass
class ServerConfig:
    """Every setting of a server; the command line fills it, tests build it directly."""
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    session_timeout: float = SESSION_TIMEOUT_S
    cleanup_interval: float = CLEANUP_INTERVAL_S
    allowed_origins: tuple = ()          # empty: every origin (PROTOCOL §3)
    max_connections: int = MAX_CONNECTIONS
    head_timeout: float = HEAD_TIMEOUT_S
    keepalive_timeout: float = KEEPALIVE_TIMEOUT_S
    max_body: int = MAX_BODY
    max_message: int = WS_MAX_MESSAGE
    ping_interval: float = WS_PING_INTERVAL_S
    idle_timeout: float = WS_IDLE_TIMEOUT_S
    certfile: str | None = None
    keyfile: str | None = None
    root_path: str = ""                  # "/prefix" when served under a path
    retry_ms: int = 1000                 # the client's first reconnect delay
    workers: int = RERUN_WORKERS
    reload: bool = True
    quiet: bool = False


def _log(*parts) -> None:
    """Write one line to stderr (the server's log)."""
    print("streamlit_go:", *parts, file=sys.stderr, flush=True)


class WebSocket:
    """The server side of one open WebSocket, as seen by a message handler."""

    __slots__ = ("conn",)

    def __init__(self, conn: "_Connection"):
        self.conn = conn

    def send(self, message) -> None:
        """Send a str as a text message or bytes as a binary message."""
        if isinstance(message, str):
            self.conn.write_frame(Opcode.TEXT, message.encode("utf-8"))
        else:
            self.conn.write_frame(Opcode.BINARY, bytes(message))

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Start the closing handshake."""
        self.conn.close_ws(code, reason)

    @property
    def remote_address(self):
        return self.conn.peer


class _Connection(asyncio.Protocol):
    """One TCP connection: HTTP/1.1 until it upgrades, then WebSocket."""

    __slots__ = ("server", "transport", "buf", "deadline", "deadline_kind", "ws",
                 "session", "last_frame", "last_ping", "closing", "peer", "handler_ws")

    def __init__(self, server: "Server"):
        self.server = server
        self.transport = None
        self.buf = bytearray()
        self.deadline = 0.0
        self.deadline_kind = "head"      # "head" (408), "idle" (close), "close" (abort)
        self.ws = None                   # WebSocketParser once upgraded
        self.session = None
        self.last_frame = 0.0
        self.last_ping = 0.0
        self.closing = False
        self.peer = None
        self.handler_ws = None

    # -- asyncio.Protocol ---------------------------------------------------------
    def connection_made(self, transport):
        self.transport = transport
        self.peer = transport.get_extra_info("peername")
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # Without TCP_NODELAY a small response can wait ~40 ms for the
            # peer's delayed ACK (Nagle's algorithm meets delayed ACK).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server = self.server
        if len(server.conns) >= server.config.max_connections:
            transport.write(encode_error(HTTPError(503, "too many connections")))
            transport.close()
            return
        server.conns.add(self)
        self.deadline = time.monotonic() + server.config.head_timeout
        self.deadline_kind = "head"

    def connection_lost(self, exc):
        self.server.conns.discard(self)
        if self.session is not None:
            self.session.conns.discard(self)
            self.session.touch()
            self.session = None

    def data_received(self, data):
        if self.ws is not None:
            self._ws_data(data)
            return
        if self.closing:
            return
        if not self.buf and self.deadline_kind == "idle":
            self.deadline = time.monotonic() + self.server.config.head_timeout
            self.deadline_kind = "head"
        self.buf += data
        self._http_data()

    # -- HTTP -----------------------------------------------------------------------
    def _http_data(self):
        cfg = self.server.config
        while self.buf and not self.closing:
            try:
                parsed = parse_request(self.buf, max_body=cfg.max_body)
            except HTTPError as err:
                self._fail_http(err)
                return
            if parsed is None:
                return
            req, used = parsed
            del self.buf[:used]
            try:
                keep = self.server.handle_request(self, req)
            except HTTPError as err:
                self._fail_http(err, req.method == "HEAD")
                return
            except Exception:  # a bug of ours: answer 500, log it, keep serving others
                traceback.print_exc()
                self._fail_http(HTTPError(500, "internal server error"))
                return
            if self.ws is not None:           # upgraded: the rest is WebSocket data
                rest, self.buf = bytes(self.buf), bytearray()
                if rest:
                    self._ws_data(rest)
                return
            if not keep:
                self.closing = True
                self.transport.close()
                return
            if self.transport.get_write_buffer_size() > MAX_WRITE_BUFFER:
                self.transport.abort()        # pipelining without reading answers
                return
            now = time.monotonic()
            if self.buf:
                self.deadline, self.deadline_kind = now + cfg.head_timeout, "head"
            else:
                self.deadline, self.deadline_kind = now + cfg.keepalive_timeout, "idle"

    def _fail_http(self, err: HTTPError, head_only: bool = False):
        """Answer a refused request and close, logging one line (never a traceback)."""
        if not self.server.config.quiet:
            _log(f"{err.status} from {self.peer and self.peer[0]}: {err}")
        self.closing = True
        self.buf.clear()
        self.transport.write(encode_error(err, head_only))
        self.transport.close()

    def write(self, data: bytes):
        self.transport.write(data)

    # -- WebSocket -----------------------------------------------------------------
    def upgrade(self, max_size: int):
        now = time.monotonic()
        self.ws = WebSocketParser(require_mask=True, max_size=max_size)
        self.last_frame = self.last_ping = now
        self.deadline = 0.0
        self.deadline_kind = "ws"

    def _ws_data(self, data):
        self.last_frame = time.monotonic()
        if self.session is not None:
            self.session.last_active = self.last_frame
        try:
            events = self.ws.feed(data)
        except WebSocketError as err:
            if not self.closing:
                self.close_ws(err.code, str(err)[:100])
            self.transport.close()
            return
        for ev in events:
            kind = ev[0]
            if self.closing and kind != "close":
                continue
            if kind == "text" or kind == "binary":
                self.server.on_ws_message(self, ev[1])
            elif kind == "ping":
                self.write_frame(Opcode.PONG, ev[1])
            elif kind == "close":
                if not self.closing:
                    # §5.5.1: "the endpoint MUST send a Close frame in response"
                    code = ev[1] if ev[1] != 1005 else None
                    self.closing = True
                    self.transport.write(encode_close(code) if code else
                                         encode_frame(Opcode.CLOSE, b""))
                self.transport.close()
                return
            if self.transport is None or self.transport.is_closing():
                return

    def write_frame(self, opcode: int, payload: bytes):
        if self.closing or self.transport.is_closing():
            return
        self.transport.write(encode_frame(opcode, payload))
        if self.transport.get_write_buffer_size() > MAX_WRITE_BUFFER:
            self.transport.abort()            # a peer that does not read

    def send_texts(self, texts: list):
        """Send several text messages in one write."""
        if self.closing or self.transport.is_closing():
            return
        self.transport.write(b"".join(encode_frame(Opcode.TEXT, t.encode("utf-8"))
                                      for t in texts))
        if self.transport.get_write_buffer_size() > MAX_WRITE_BUFFER:
            self.transport.abort()

    def close_ws(self, code: int = 1000, reason: str = ""):
        """Send a close frame and wait (bounded) for the peer's."""
        if self.closing or self.transport.is_closing():
            return
        self.closing = True
        self.transport.write(encode_close(code, reason))
        self.deadline = time.monotonic() + WS_CLOSE_TIMEOUT_S
        self.deadline_kind = "close"

    # -- deadlines, checked by the server's sweep ----------------------------------
    def tick(self, now: float):
        kind = self.deadline_kind
        if kind == "ws":
            cfg = self.server.config
            if now - self.last_frame > cfg.idle_timeout:
                self.close_ws(1001, "idle timeout")
            elif now - self.last_ping >= cfg.ping_interval:
                self.last_ping = now
                self.write_frame(Opcode.PING, b"")
        elif self.deadline and now > self.deadline:
            if kind == "head" and self.buf:
                self._fail_http(HTTPError(408, "request head not received in time"))
            else:
                self.transport.abort() if kind == "close" else self.transport.close()
            self.deadline = 0.0


class Server:
    """The HTTP + WebSocket server: routes, the session table, the runtime.

    With an `app` it serves a streamlit_go app. With a `ws_handler` instead it
    is a plain WebSocket server: ws_handler(ws, message) is called for each
    message (str or bytes), see serve_websocket().
    """

    def __init__(self, config: ServerConfig, app: App | None = None,
                 ws_handler: Callable | None = None):
        self.config = config
        self.app = app
        self.ws_handler = ws_handler
        self.sessions = {}                # session id -> Session
        self.conns = set()
        self.runtime = Runtime(app, config.workers) if app else None
        self.loop = None
        self.server = None
        self.tasks = []
        self.port = None
        root = config.root_path.rstrip("/")
        self.base = root + "/"
        self.ssl = None
        if config.certfile:
            self.ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.ssl.load_cert_chain(config.certfile, config.keyfile)

    async def start(self):
        """Bind and start serving; sets self.port to the bound port."""
        self.loop = asyncio.get_running_loop()
        if self.runtime:
            self.runtime.loop = self.loop
            self.runtime.send = self.send_to_session
        self.server = await self.loop.create_server(
            lambda: _Connection(self), self.config.host, self.config.port,
            ssl=self.ssl, backlog=1024, reuse_address=True)
        self.port = self.server.sockets[0].getsockname()[1]
        self.tasks = [asyncio.ensure_future(self._sweep()),
                      asyncio.ensure_future(self._cleanup())]
        if self.app and self.config.reload:
            self.tasks.append(asyncio.ensure_future(self._watch_script()))
        return self

    @property
    def url(self) -> str:
        host = self.config.host
        if ":" in host:
            host = f"[{host}]"
        scheme = "https" if self.ssl else "http"
        return f"{scheme}://{host}:{self.port}{self.base}"

    async def stop(self, timeout: float = 3.0):
        """Stop accepting, close every WebSocket with 1001, wait (bounded), stop workers."""
        if self.server:
            self.server.close()
        for conn in list(self.conns):
            if conn.ws is not None:
                conn.close_ws(1001, "server shutting down")
            elif conn.transport:
                conn.transport.close()
        deadline = time.monotonic() + timeout
        while self.conns and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        for conn in list(self.conns):
            conn.transport.abort()
        for t in self.tasks:
            t.cancel()
        if self.runtime:
            self.runtime.pool.shutdown(wait=False, cancel_futures=True)
        for s in self.sessions.values():
            s.closed = True

    # -- background tasks ----------------------------------------------------------
    async def _sweep(self):
        while True:
            await asyncio.sleep(SWEEP_INTERVAL_S)
            now = time.monotonic()
            for conn in list(self.conns):
                conn.tick(now)

    async def _cleanup(self):
        """Drop sessions idle longer than the timeout (PROTOCOL §4)."""
        while True:
            await asyncio.sleep(self.config.cleanup_interval)
            self.expire_sessions()

    def expire_sessions(self) -> int:
        now = time.monotonic()
        limit = self.config.session_timeout
        dead = [s for s in self.sessions.values()
                if not s.conns and now - s.last_active > limit]
        for s in dead:
            s.closed = True
            s.run and setattr(s.run, "interrupted", True)
            del self.sessions[s.id]
        return len(dead)

    async def _watch_script(self):
        """Hot reload: recompile a changed script and rerun every connected session."""
        while True:
            await asyncio.sleep(RELOAD_POLL_S)
            if await self.loop.run_in_executor(None, self.app.load):
                if not self.config.quiet:
                    _log(f"{os.path.basename(self.app.path)} changed: rerunning")
                for s in list(self.sessions.values()):
                    if s.conns:
                        self.runtime.request_rerun(s)

    # -- sessions ------------------------------------------------------------------
    def new_session(self) -> Session:
        if len(self.sessions) >= MAX_SESSIONS:
            self.expire_sessions()
            if len(self.sessions) >= MAX_SESSIONS:
                raise HTTPError(503, "too many sessions")
        s = Session(new_session_id())
        self.sessions[s.id] = s
        return s

    def cookie(self, sid: str) -> str:
        secure = "; Secure" if self.ssl else ""
        return f"{SESSION_COOKIE}={sid}; Path={self.base}; HttpOnly; SameSite=Lax{secure}"

    def send_to_session(self, session: Session, texts: list):
        for conn in list(session.conns):
            conn.send_texts(texts)

    # -- HTTP routing --------------------------------------------------------------
    def handle_request(self, conn: _Connection, req: Request) -> bool:
        """Answer one request; return whether the connection stays open."""
        path = req.path
        base = self.base
        head = req.method == "HEAD"
        keep = req.keep_alive
        if self.ws_handler is not None:
            return self._upgrade(conn, req, None)
        if not path.startswith(base):
            if path + "/" == base:                      # "/prefix" -> "/prefix/"
                conn.write(encode_response(308, [("Location", base)], b"", keep, head))
                return keep
            raise HTTPError(404, "not found")
        route = "/" + path[len(base):]
        if route == "/ws":
            self._allow(req, ("GET",))
            return self._upgrade(conn, req, req.query)
        if route == "/health":
            self._allow(req, ("GET", "HEAD"))
            conn.write(encode_response(200, _HEALTH_HEADERS, _HEALTH_BODY, keep, head))
            return keep
        if route == "/":
            self._allow(req, ("GET", "HEAD"))
            conn.write(self._page(req, keep, head))
            return keep
        if route.startswith("/static/"):
            self._allow(req, ("GET", "HEAD"))
            conn.write(self._static(req, route[len("/static/"):], keep, head))
            return keep
        raise HTTPError(404, "not found")

    @staticmethod
    def _allow(req: Request, methods: tuple):
        if req.method not in methods:
            raise HTTPError(405, "method not allowed", [("Allow", ", ".join(methods))])

    def _page(self, req: Request, keep: bool, head: bool) -> bytes:
        sid = parse_cookies(req).get(SESSION_COOKIE)
        session = self.sessions.get(sid) if sid else None
        headers = list(_PAGE_HEADERS)
        if session is None:
            session = self.new_session()
            headers.append(("Set-Cookie", self.cookie(session.id)))
        session.touch()
        page = session.page
        title = page.get("page_title") or os.path.splitext(
            os.path.basename(self.app.path))[0].replace("_", " ")
        body = render_page(session.id, self.base, title, page.get("page_icon"),
                           self.config.retry_ms)
        return encode_response(200, headers, body, keep, head)

    def _static(self, req: Request, name: str, keep: bool, head: bool) -> bytes:
        asset = ASSETS.get(name)
        if asset is not None:
            data, ctype, etag = asset
            headers = [("Content-Type", ctype), ("ETag", etag),
                       ("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff")]
            if etag in req.header_tokens("if-none-match") or \
                    req.header("if-none-match") == etag:
                return encode_response(304, headers, b"", keep, True)
            return encode_response(200, headers, data, keep, head)
        folder = os.path.join(self.app.dir, "static")
        full = safe_static_path(folder, name)
        if full is None:
            raise HTTPError(404, "not found")
        try:
            if os.path.getsize(full) > 64 * 1024 * 1024:
                raise HTTPError(404, "not found")
            with open(full, "rb") as f:
                data = f.read()
        except OSError:
            raise HTTPError(404, "not found") from None
        ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        headers = [("Content-Type", ctype), ("Cache-Control", "no-cache"),
                   ("X-Content-Type-Options", "nosniff")]
        return encode_response(200, headers, data, keep, head)

    # -- WebSocket -----------------------------------------------------------------
    def _upgrade(self, conn: _Connection, req: Request, query: str | None) -> bool:
        accept = parse_handshake(req)
        origin = req.header("origin")
        allowed = self.config.allowed_origins
        if allowed and origin not in allowed:
            raise HTTPError(403, "origin not allowed")
        headers = [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                   ("Sec-WebSocket-Accept", accept)]
        session = None
        if query is not None:
            sid = (parse_query(query).get("sessionId") or [""])[0]
            session = self.sessions.get(sid)
            if session is None:
                session = self.new_session()
                headers.append(("Set-Cookie", self.cookie(session.id)))
        out = [b"HTTP/1.1 101 Switching Protocols\r\nDate: ", http_date(), b"\r\n"]
        out += [f"{k}: {v}\r\n".encode("latin-1") for k, v in headers]
        conn.write(b"".join(out) + b"\r\n")
        if session is None:
            conn.upgrade(self.config.max_message)
            conn.handler_ws = WebSocket(conn)
            return True
        conn.upgrade(self.config.max_message)
        conn.session = session
        session.conns.add(conn)
        session.touch()
        self._first_render(conn, session, query)
        return True

    def _first_render(self, conn: _Connection, session: Session, query: str):
        """Send the page a full ui_update: the last render, or a fresh rerun."""
        params = {k: v[-1] for k, v in parse_query(query).items() if k != "sessionId"}
        if session.rendered is None or session.rendered.layout is None:
            session.query = params
            self.runtime.request_rerun(session)
        elif session.run is None and session.rendered is not None:
            conn.send_texts([encode_message("ui_update", session.id,
                                            {"html": session.rendered.page_html()})])

    def on_ws_message(self, conn: _Connection, payload):
        """Dispatch one WebSocket message (PROTOCOL §3)."""
        if conn.handler_ws is not None:
            try:
                self.ws_handler(conn.handler_ws, payload)
            except Exception:
                traceback.print_exc()
                conn.close_ws(1011, "handler error")
            return
        session = conn.session
        if session is None:
            return
        sid = session.id
        if not isinstance(payload, str):
            conn.send_texts([encode_error_message(
                sid, "INVALID_MESSAGE", "messages must be JSON text frames")])
            return
        try:
            msg = parse_message(payload)
            if msg["session_id"] != sid:
                raise ProtocolError("SESSION_MISMATCH",
                                    "session_id does not match this connection's session")
            if msg["type"] == "ping":
                conn.send_texts([encode_message("pong", sid)])
                return
            self._component_event(session, msg["data"])
        except ProtocolError as err:
            conn.send_texts([encode_error_message(sid, err.code, str(err))])

    def _component_event(self, session: Session, data: dict):
        cid = data["componentId"]
        w = session.widgets.get(cid)
        if w is None and session.run is not None:
            w = session.run.widgets.get(cid)
        if w is None:
            raise ProtocolError("COMPONENT_NOT_FOUND",
                                f"no widget with id {cid[:80]!r} on this page")
        if w.disabled:
            raise ProtocolError("INVALID_MESSAGE", "this widget is disabled")
        raw = data.get("value")
        try:
            if w.kind == "form_submit_button":
                value = self._form_values(session, w, raw)
            elif w.trigger:
                value = True
            else:
                value = w.parse(raw)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
            raise ProtocolError("INVALID_MESSAGE",
                                f"bad value for {w.kind} {cid[:80]!r}: {exc}") from None
        if w.form and not w.trigger:
            session.form_values.setdefault(w.form, {})[w.id] = value
            return
        self.runtime.request_rerun(session, [(w, value)])

    @staticmethod
    def _form_values(session: Session, button: _Widget, raw) -> list:
        values = dict(session.form_values.pop(button.form, {}))
        if raw is not None and not isinstance(raw, dict):
            raise ValueError("a form submit carries an object of widget values")
        out = []
        for wid, v in (raw or {}).items():
            fw = session.widgets.get(wid)
            if fw is None or fw.form != button.form or fw.trigger:
                raise ValueError(f"{wid[:80]!r} is not a widget of this form")
            values[wid] = fw.parse(v)
        for wid, v in values.items():
            fw = session.widgets.get(wid)
            if fw is not None:
                out.append((fw, v))
        return out


_HEALTH_BODY = b'{"status": "ok"}'
_HEALTH_HEADERS = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
_PAGE_HEADERS = [("Content-Type", "text/html; charset=utf-8"),
                 ("Content-Security-Policy", CSP),
                 ("X-Content-Type-Options", "nosniff"),
                 ("Referrer-Policy", "same-origin"),
                 ("Cache-Control", "no-store")]


def serve_websocket(handler: Callable, host: str = DEFAULT_HOST, port: int = 0,
                    max_message: int = WS_MAX_MESSAGE, **options) -> "Server":
    """Build a plain WebSocket server around handler(ws, message); start it with `await server.start()`.

    An echo server is::

        async def main():
            server = await serve_websocket(lambda ws, m: ws.send(m), port=9001).start()
            await asyncio.Event().wait()
    """
    config = ServerConfig(host=host, port=port, max_message=max_message, reload=False,
                          **options)
    return Server(config, ws_handler=handler)


# =============================================================================
# 13. Command line (PROTOCOL §1)
# =============================================================================


class _ArgumentParser:
    """Build the argparse parser lazily: argparse costs ~5 ms to import."""

    @staticmethod
    def build():
        import argparse

        class OneLineParser(argparse.ArgumentParser):
            def error(self, message):
                self.exit(2, f"streamlit_go: error: {message} (see --help)\n")

        p = OneLineParser(prog="streamlit_go.py",
                          description="Serve a streamlit_go app script.")
        p.add_argument("script", help="the app script, e.g. app.py")
        p.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default %(default)s)")
        p.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help="port to bind; 0 picks a free one (default %(default)s)")
        p.add_argument("--session-timeout", type=float, default=SESSION_TIMEOUT_S,
                       metavar="S", help="drop a session idle this long (default %(default)s)")
        p.add_argument("--cleanup-interval", type=float, default=CLEANUP_INTERVAL_S,
                       metavar="S", help="how often expired sessions are dropped "
                                         "(default %(default)s)")
        p.add_argument("--allowed-origins", default="", metavar="A,B",
                       help="comma-separated Origins allowed to open the WebSocket "
                            "(default: all)")
        p.add_argument("--max-connections", type=int, default=MAX_CONNECTIONS, metavar="N",
                       help="open connections before answering 503 (default %(default)s)")
        p.add_argument("--max-message", type=int, default=WS_MAX_MESSAGE, metavar="BYTES",
                       help="largest WebSocket message (default %(default)s)")
        p.add_argument("--ping-interval", type=float, default=WS_PING_INTERVAL_S, metavar="S",
                       help="server WebSocket ping period (default %(default)s)")
        p.add_argument("--head-timeout", type=float, default=HEAD_TIMEOUT_S, metavar="S",
                       help="a request head must arrive within this (default %(default)s)")
        p.add_argument("--keepalive-timeout", type=float, default=KEEPALIVE_TIMEOUT_S,
                       metavar="S", help="close idle keep-alive connections after this "
                                         "(default %(default)s)")
        p.add_argument("--max-body", type=int, default=MAX_BODY, metavar="BYTES",
                       help="largest request body (default %(default)s)")
        p.add_argument("--certfile", help="PEM certificate: serve HTTPS and WSS")
        p.add_argument("--keyfile", help="PEM private key for --certfile")
        p.add_argument("--root-path", default="", metavar="/PREFIX",
                       help="serve every URL under this path prefix")
        p.add_argument("--no-reload", action="store_true",
                       help="do not rerun sessions when the script file changes")
        p.add_argument("--retry-ms", type=int, default=1000, help=argparse.SUPPRESS)
        p.add_argument("--quiet", action="store_true", help="log nothing but errors")
        p.add_argument("--version", action="version", version=f"streamlit_go {__version__}")
        return p


def _config_from_args(args) -> ServerConfig:
    def positive(name, v):
        if v <= 0:
            raise SystemExit(f"streamlit_go: error: --{name} must be positive")
        return v
    if not 0 <= args.port <= 65535:
        raise SystemExit("streamlit_go: error: --port must be between 0 and 65535")
    root = args.root_path.rstrip("/")
    if root and (not root.startswith("/") or not re.fullmatch(r"[A-Za-z0-9/_.~-]+", root)):
        raise SystemExit("streamlit_go: error: --root-path must look like /prefix")
    if bool(args.certfile) != bool(args.keyfile):
        raise SystemExit("streamlit_go: error: --certfile and --keyfile go together")
    origins = tuple(o.strip() for o in args.allowed_origins.split(",") if o.strip())
    return ServerConfig(
        host=args.host, port=args.port,
        session_timeout=positive("session-timeout", args.session_timeout),
        cleanup_interval=positive("cleanup-interval", args.cleanup_interval),
        allowed_origins=origins,
        max_connections=positive("max-connections", args.max_connections),
        max_message=positive("max-message", args.max_message),
        ping_interval=positive("ping-interval", args.ping_interval),
        head_timeout=positive("head-timeout", args.head_timeout),
        keepalive_timeout=positive("keepalive-timeout", args.keepalive_timeout),
        max_body=max(0, args.max_body),
        idle_timeout=max(WS_IDLE_TIMEOUT_S, args.ping_interval + 6),
        certfile=args.certfile, keyfile=args.keyfile, root_path=root,
        retry_ms=max(50, args.retry_ms), reload=not args.no_reload, quiet=args.quiet)


async def _serve(server: Server) -> None:
    """Run until SIGINT/SIGTERM, then shut down gracefully."""
    try:
        await server.start()
    except OSError as exc:
        raise SystemExit(f"streamlit_go: error: cannot listen on "
                         f"{server.config.host}:{server.config.port}: {exc.strerror or exc}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
    print(f"streamlit_go {__version__}: serving "
          f"{os.path.basename(server.app.path)} at {server.url}", flush=True)
    await stop.wait()
    await server.stop()


def main(argv: list | None = None) -> int:
    """Command-line entry point: python streamlit_go.py APP.py [options]."""
    args = _ArgumentParser.build().parse_args(argv)
    if not os.path.isfile(args.script):
        raise SystemExit(f"streamlit_go: error: script not found: {args.script}")
    config = _config_from_args(args)
    # The app's `import streamlit_go` must find this very module, not a copy.
    module = sys.modules[__name__]
    sys.modules.setdefault("streamlit_go", module)
    app = App(args.script)
    sys.path.insert(0, app.dir)
    server = Server(config, app)
    asyncio.run(_serve(server))
    return 0


if __name__ == "__main__":
    sys.exit(main())
