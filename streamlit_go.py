#!/usr/bin/env python3
"""streamlit_go: Streamlit's programming model in one standard-library file.

Write an ordinary script::

    import streamlit_go as st
    name = st.text_input("Your name")
    if st.button("Greet"):
        st.write(f"Hello, {name}!")

run ``python streamlit_go.py app.py`` and open the printed URL. Every browser
gets a session; every click or committed edit travels over a WebSocket as a
JSON ``component_event``; the server reruns the script for that session in a
worker thread, renders each element to HTML, compares it with what the page
already shows and sends back only what changed.

The file is also a reference to read from top to bottom. Its sections follow
the path a byte takes from the socket to the screen:

     1. Limits and constants      every bound with its reason; Opcode, CloseCode
     2. Errors                    exceptions that carry their HTTP status / close
                                  code; the --trace printer
     3. HTTP/1.1 (RFC 9112)       parse_request, encode_response          (no I/O)
     4. WebSocket handshake       parse_handshake, websocket_accept_key   (no I/O)
     5. WebSocket frames          parse_frame, encode_frame, WebSocketParser,
                                  permessage-deflate (RFC 7692)           (no I/O)
     6. JSON messages             parse_message, encode_message           (no I/O)
     7. The connection            Connection: HTTP -> OPEN -> CLOSING -> CLOSED,
                                  bytes in, events and bytes out          (no I/O)
     8. asyncio                   _SocketShell moves bytes; Server routes them
                                  (Server.ROUTES) -- the only code on sockets
     9. Sessions                  Session, SessionTable (expiry frees all), MediaStore
    9b. Redis (RESP2/RESP3)       parse_reply, encode_command (no I/O); RedisClient,
                                  RedisSubscriber, RedisSyncClient, RedisLock, signed
                                  pickles; RedisStore: what --redis keeps there
    10. App runtime               App, ScriptRun (one rerun), RerunScheduler,
                                  coalesce, plan_rerun
    11. Rendering                 render_tree, diff_renders, one renderer per kind,
                                  the data grid (Grid: header, windows, edits)
   11b. Data frames               FrameSource (windows, sort orders), editing
                                  state, st.column_config, cell formats (no I/O)
    12. Charts                    render_vega_lite: transforms, scales, axes,
                                  legends, marks -> SVG; builtin_chart_spec
    13. Chart sources             Plotly figures -> Vega-Lite; maps (Web
                                  Mercator); Graphviz DOT (parse, lay out, draw)
    14. The st API                DeltaGenerator, st.* functions, st.shared_state
    15. Browser assets            the client's JS and CSS as plain strings
    16. Command line              main()

Sections 3-7 take bytes and return values, so the tests feed them byte
strings with no socket; section 8 is a thin shell around them (and 9b's
clients are the only other code on sockets, with --redis). Sections 11b
to 13 take data and return windows, orders and SVG, also without sockets.
Sections 9-14 hold state but no sockets either; the runtime reads the app
script, page files and media files from disk, nothing else (and runs
Graphviz's `dot` when it is installed).

One click, from socket to screen (run with --trace to watch these steps)::

     1. _SocketShell.data_received   the socket read bytes                  (§8)
     2. Connection.receive_data      buffer them; WebSocketParser.feed      (§7, §5)
        Connection.next_event        -> TextReceived(text)                  (§7)
     3. Server.pump                  hand each event on                     (§8)
        Server.on_message            parse_message -> a component_event     (§8, §6)
     4. Session.parse_event          the widget's parser checks the value
                                     -> Event(widget, value)                (§9)
     5. RerunScheduler.request_rerun coalesce it into the session's queue   (§10)
        RerunScheduler._start        plan_rerun: whole script or a fragment
     6. ScriptRun.execute            (worker thread) apply the values, run
                                     callbacks, exec the script; st.* calls
                                     build a tree of _Node; render_tree     (§10, §11)
     7. RerunScheduler._done         back on the event loop
        RerunScheduler._show         diff_renders -> PartialUpdate / FullUpdate,
                                     encode_message                         (§10, §11, §6)
     8. Session.send                 to every page of the session           (§9)
        Connection.send_text         encode_frame (compressed when agreed)  (§7, §5)
        _SocketShell.flush           transport.write                        (§8)
     9. the browser                  CLIENT_JS: ws.onmessage -> handle -> morph:
                                     patch only the changed element in place (§15)

Where is...

    the HTTP request parser        parse_request                  §3
    the frame parser               parse_frame, WebSocketParser   §5
    the close handshake            Connection.send_close / next_event   §7
    timeouts, pings, keep-alive    Connection.tick (called by Server._sweep)   §7, §8
    the URL routes                 Server.ROUTES                  §8
    session expiry                 SessionTable.expire / close    §9
    media (/media/TOKEN)           MediaStore                     §9
    the RESP parser                parse_reply, ReplyParser       §9b
    several instances (--redis)    RedisStore, Server._load_and_attach   §9b, §8
    signed pickles                 sign_payload, verify_payload   §9b
    rerun scheduling               RerunScheduler, plan_rerun, coalesce   §10
    widget values and callbacks    ScriptRun._apply_events        §10
    the diff                       diff_renders                   §11
    escaping                       _escape, render_markdown, safe_url     §11
    a widget's id                  _widget_id                     §14
    a data frame's windows, sort   Grid, FrameSource, Server._data_window   §11, §11b, §8
    st.data_editor's edits         Grid.apply_change, record_change,
                                   apply_editor_changes, coerce_edit     §11, §11b
    st.column_config, cell formats column_config, render_cell,
                                   format_number, format_datetime      §11b
    charts: spec -> SVG            render_vega_lite, _render_spec §12
    built-in charts (st.line_chart)  builtin_chart_spec           §12
    scales, axes, legends          _position_scale, _layout_view, _legend_blocks   §12
    the expression parser          parse_expression, _ExprParser  §12
    thinning long lines            lttb (and _draw_density for points)   §12
    Plotly figures                 plotly_to_vega_lite, render_plotly   §13
    maps                           map_points, pydeck_points, render_map_svg   §13
    Graphviz graphs                parse_dot, layout_layered, render_dot_svg   §13
    chart selections (on_select)   DeltaGenerator._chart_widget, clickChart   §14, §15
    multipage: pages/ and URLs     App._scan_pages, navigation, StreamlitPage,
                                   _choose_page, page_change; CLIENT_JS changePage   §10, §14, §15
    st.components.v1.html          _ComponentsV1, Server.serve_component   §14, §8
    the client's DOM morph         CLIENT_JS, function morph      §15
    the client's data grid         CLIENT_JS, functions grid*     §15

"protocol §n" in comments refers to the numbered parts of the wire contract
summarised in README.md ("The protocol").
"""

from __future__ import annotations

# =============================================================================
# Imports
# =============================================================================

import array
import ast
import asyncio
import base64
import builtins
import codecs
import collections
import collections.abc
import colorsys
import concurrent.futures
import contextlib
import dataclasses
import datetime as _dt
import enum
import functools
import hashlib
import hmac
import html as _html
import importlib
import inspect
import io
import itertools
import json as _json
import math
import os
import random
import re
import secrets as _secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import types
import traceback
import urllib.parse
import warnings
import weakref
import zlib
from http import HTTPStatus
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Callable, Iterable, NamedTuple, Optional, Sequence

__all__ = [
    # the app API is listed at the end of section 14 and appended there
    "HTTPError", "WebSocketError", "ProtocolError",
    "Request", "parse_request", "encode_response",
    "websocket_accept_key", "parse_handshake",
    "Opcode", "CloseCode", "Frame", "parse_frame", "encode_frame", "encode_close",
    "apply_mask", "WebSocketParser", "Message", "CloseFrame",
    "parse_message", "encode_message",
    "Connection", "ConnState", "RequestReceived", "TextReceived", "BytesReceived",
    "ConnectionClosed",
    "Server", "ServerConfig", "serve_websocket",
    "Session", "SessionTable", "MediaStore", "RerunScheduler", "ScriptRun",
    "diff_renders", "FullUpdate", "PartialUpdate", "main",
]

__version__ = "0.1.0"

# =============================================================================
# 1. Limits and constants
# =============================================================================
# Every buffer and every wait is bounded. Each bound is a module constant (the
# default) and a field of ServerConfig (the setting), never an environment
# variable.

DEFAULT_HOST = "127.0.0.1"          #: loopback by default: safe (protocol §1)
DEFAULT_PORT = 8501                 #: Streamlit's port (protocol §1)

MAX_REQUEST_LINE = 8 * 1024         #: method + target + version; over -> 414
MAX_REQUEST_HEAD = 16 * 1024        #: request line + headers (h11's default); over -> 431
MAX_HEADERS = 100                   #: header fields per request (as http.client); over -> 431
MAX_BODY = 1024 * 1024              #: request body; we accept few bodies at all; over -> 413
HEAD_TIMEOUT_S = 10.0               #: the whole head must arrive within this; else 408
KEEPALIVE_TIMEOUT_S = 30.0          #: idle keep-alive connection closed after this
MAX_CONNECTIONS = 1000              #: open connections; past it new ones get 503
MAX_WRITE_BUFFER = 8 * 1024 * 1024  #: queued for a peer that does not read (plus one
                                    #: message of the largest size); past it, drop the peer

WS_MAX_MESSAGE = 1024 * 1024        #: largest WebSocket message we buffer; over -> 1009
WS_PING_INTERVAL_S = 54.0           #: server ping frame (protocol §5; < nginx's 60 s)
WS_IDLE_TIMEOUT_S = 60.0            #: no frame at all for this long -> close (protocol §5)
WS_IDLE_MARGIN_S = 6.0              #: with --ping-interval, idle timeout >= interval + this,
                                    #: so the pong has time to arrive before we give up
WS_CLOSE_TIMEOUT_S = 5.0            #: wait this long for the peer's close frame
MAX_CONTROL_PAYLOAD = 125           #: RFC 6455 §5.5: control frames carry at most this
MAX_CLOSE_REASON = MAX_CONTROL_PAYLOAD - 2  #: the close code takes two of those bytes

SESSION_TIMEOUT_S = 300.0           #: session dropped 5 min after last activity (protocol §4)
CLEANUP_INTERVAL_S = 60.0           #: the cleanup coroutine's period (protocol §4)
MAX_SESSIONS = 100_000              #: live sessions per process; new ones are refused past it
SWEEP_INTERVAL_S = 0.5              #: resolution of all connection deadlines

RERUN_WORKERS = 8                   #: threads running app scripts, shared by all sessions
FLUSH_INTERVAL_S = 0.1              #: a long rerun shows its progress this often
RELOAD_POLL_S = 1.0                 #: how often the script file is checked for changes
MAX_UPLOAD = 200 * 1024 * 1024      #: one file_uploader file (Streamlit's 200 MB); POSTed
MAX_UPLOADS_PER_SESSION = 32        #: uploaded files kept per session (oldest dropped)
MEDIA_INLINE_MAX = 16 * 1024        #: smaller media travel inline as data: URIs; larger
                                    #: ones as /media/TOKEN (cached by the browser, and
                                    #: not resent with every change of the element)
MAX_STATIC_FILE = 64 * 1024 * 1024  #: largest ./static file served; bigger -> 404 (use a
                                    #: real web server for big downloads)
MAX_COMPONENT_ID = 200              #: componentId length; ids we make are far shorter
MAX_PAGE_PATH = 200                 #: a page's URL path in page_change / sgPage
MAX_QUERY_PARAMS = 100              #: query parameters a page_change may carry
MAX_PAGES = 500                     #: scripts read from a pages/ folder

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

    def __init__(self, message: str, code: int = CloseCode.PROTOCOL_ERROR):
        super().__init__(message)
        self.code = code
        self.events = []       # events completed before the violation (WebSocketParser)


class ProtocolError(Exception):
    """A JSON message we refuse; carries the protocol §3 error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# -- --trace: one line per step, for reading the code beside a live click ------
# Every trace point is written `_trace and _trace(where, text)`: with tracing
# off, `_trace` is None and the line costs one global lookup.

_trace = None               #: set to _trace_line by --trace
_TRACE_START = time.perf_counter()


def _trace_line(where: str, text: str) -> None:
    """Print one trace line: ms since start, the function that acted, what it did."""
    ms = (time.perf_counter() - _TRACE_START) * 1000
    print(f"{ms:10.1f} ms  {where:<28} {text}", file=sys.stderr, flush=True)


def _trace_frame(where: str, arrow: str, frame: "Frame", wire: bytes) -> None:
    """Trace one WebSocket frame: opcode, FIN, RSV1, mask, length, the bytes on the wire."""
    masked = len(wire) > 1 and wire[1] & 0b1000_0000
    length7 = wire[1] & 0b0111_1111 if len(wire) > 1 else 0
    head_len = 2 + {126: 2, 127: 8}.get(length7, 0) + (4 if masked else 0)
    try:
        op = Opcode(frame.opcode).name
    except ValueError:
        op = hex(frame.opcode)
    preview = frame.payload[:72]
    shown = (repr(preview.decode("utf-8", "replace")) if frame.opcode == Opcode.TEXT
             and not frame.rsv1 else preview.hex(" "))
    _trace(where, f"{arrow} frame {op} FIN={int(frame.fin)} RSV1={int(frame.rsv1)} "
                  f"MASK={int(bool(masked))} len={len(frame.payload)} "
                  f"head={wire[:head_len].hex(' ')} payload={shown}")


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
                  max_body=MAX_BODY):
    r"""Parse one request from the start of buf: (Request, consumed), None, or raise HTTPError.

    Strict where the RFC allows a choice: bare LF, obs-fold, whitespace before
    a colon and control characters in values are refused with 400 (RFC 9112
    §2.2, §5.1, §5.2), since lenient parsing is what request smuggling feeds on.

    >>> req, used = parse_request(b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /next")
    >>> req.method, req.path, req.query, req.header("host"), used
    ('GET', '/a', 'b=1', 'x', 32)
    >>> parse_request(b"GET / HTTP/1.1\r\nHost: x\r\n") is None     # head not complete
    True
    >>> parse_request(b"GET / HTTP/1.1\r\nHost : x\r\n\r\n")
    Traceback (most recent call last):
    ...
    streamlit_go.HTTPError: malformed header name
    """
    end = buf.find(b"\r\n\r\n", 0, max_head + 4)
    if end < 0:
        line_end = buf.find(b"\n", 0, max_line + 2)
        if line_end < 0 and len(buf) >= max_line + 2:
            raise HTTPError(414, "request line too long")
        if len(buf) >= max_head + 4:
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
    if callable(max_body):
        max_body = max_body(path)
    length = _parse_content_length(cl, max_body) if cl else 0
    total = end + 4 + length
    if len(buf) < total:
        return None
    req.body = bytes(buf[end + 4:total])
    return req, total


_date_cache = [0, b""]
_WEEKDAYS = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"]
_MONTHS = [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct",
           b"Nov", b"Dec"]


def http_date() -> bytes:
    """Return the current IMF-fixdate (RFC 9110 §5.6.7), recomputed once a second."""
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[0] = now
        t = time.gmtime(now)
        _date_cache[1] = b"%s, %02d %s %04d %02d:%02d:%02d GMT" % (
            _WEEKDAYS[t.tm_wday], t.tm_mday, _MONTHS[t.tm_mon - 1], t.tm_year,
            t.tm_hour, t.tm_min, t.tm_sec)
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


def _guess_type(path: str) -> tuple:
    """mimetypes.guess_type, imported on first use (it reads system tables)."""
    import mimetypes
    return mimetypes.guess_type(path)


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
    """Return Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2 step 5.4).

    The example of RFC 6455 §1.3:

    >>> websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ==")
    's3pPLMBiTxaQ9kYGzzhZRbK+xOo='
    """
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
    rsv1: bool = False        # "compressed" under permessage-deflate (RFC 7692 §6)


def apply_mask(data: bytes, mask: bytes) -> bytes:
    """XOR data with the 4-byte mask (RFC 6455 §5.3), on the whole buffer at once.

    The masked "Hello" of RFC 6455 §5.7 (masking twice gives the data back):

    >>> apply_mask(bytes.fromhex("7f9f4d5158"), bytes.fromhex("37fa213d"))
    b'Hello'
    """
    n = len(data)
    if not n:
        return b""
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "little") ^ int.from_bytes(key, "little")).to_bytes(n, "little")


def parse_frame(buf, require_mask: bool = True, max_size: int = WS_MAX_MESSAGE,
                allow_rsv1: bool = False):
    r"""Parse one frame from the start of buf: (Frame, consumed), None, or raise WebSocketError.

    The declared length is checked against max_size *before* the payload is
    waited for, so a peer announcing 2 GiB is refused at once (1009).
    RSV1 is allowed only when permessage-deflate was negotiated (allow_rsv1).

    The frames of RFC 6455 §5.7, as a server reads them (clients mask):

    >>> parse_frame(bytes.fromhex("818537fa213d7f9f4d5158"))        # masked "Hello"
    (Frame(opcode=1, payload=b'Hello', fin=True, rsv1=False), 11)
    >>> parse_frame(b"\x01\x03Hel", require_mask=False)[0]          # first fragment
    Frame(opcode=1, payload=b'Hel', fin=False, rsv1=False)
    >>> parse_frame(bytes.fromhex("818537fa21")) is None              # need more bytes
    True
    >>> parse_frame(b"\x81\x05Hello")                               # unmasked from a client
    Traceback (most recent call last):
    ...
    streamlit_go.WebSocketError: client frames must be masked
    """
    n = len(buf)
    if n < 2:
        return None
    b0, b1 = buf[0], buf[1]
    # §5.2: "MUST be 0 unless an extension is negotiated that defines meanings"
    if b0 & (0b0011_0000 if allow_rsv1 else 0b0111_0000):
        raise WebSocketError("reserved bits set without an extension", CloseCode.PROTOCOL_ERROR)
    opcode = b0 & 0b0000_1111
    fin = bool(b0 & 0b1000_0000)
    if opcode not in _OPCODES:
        raise WebSocketError(f"reserved opcode {opcode}", CloseCode.PROTOCOL_ERROR)
    masked = b1 & 0b1000_0000
    if require_mask and not masked:
        # §5.1: "The server MUST close the connection upon receiving a frame
        # that is not masked."
        raise WebSocketError("client frames must be masked", CloseCode.PROTOCOL_ERROR)
    if not require_mask and masked:
        # §5.1: "A client MUST close a connection if it detects a masked frame."
        raise WebSocketError("server frames must not be masked", CloseCode.PROTOCOL_ERROR)
    length = b1 & 0b0111_1111
    pos = 2
    if opcode >= Opcode.CLOSE:                # 0x8-0xF are control frames (§5.5)
        # §5.5: "All control frames MUST have a payload length of 125 bytes or
        # less and MUST NOT be fragmented."
        if length > MAX_CONTROL_PAYLOAD:
            raise WebSocketError("control frame longer than 125 bytes", CloseCode.PROTOCOL_ERROR)
        if not fin:
            raise WebSocketError("fragmented control frame", CloseCode.PROTOCOL_ERROR)
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
            raise WebSocketError("64-bit length with the top bit set", CloseCode.PROTOCOL_ERROR)
        pos = 10
    if length > max_size:
        raise WebSocketError(f"frame of {length} bytes exceeds {max_size}", CloseCode.TOO_BIG)
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
    return Frame(opcode, payload, fin, bool(b0 & 0b0100_0000)), end


_OPCODES = frozenset(int(o) for o in Opcode)


def encode_frame(opcode: int, payload: bytes = b"", fin: bool = True,
                 mask: bytes | None = None, rsv1: bool = False) -> bytes:
    """Encode one frame; pass a 4-byte mask to encode as a client does (§5.3).

    RFC 6455 §5.7: an unmasked "Hello", a ping, and the 7+16 and 7+64 bit lengths:

    >>> encode_frame(Opcode.TEXT, b"Hello").hex(" ")
    '81 05 48 65 6c 6c 6f'
    >>> encode_frame(Opcode.PING, b"Hello")[:2].hex(" ")
    '89 05'
    >>> encode_frame(Opcode.BINARY, bytes(256))[:4].hex(" ")
    '82 7e 01 00'
    >>> encode_frame(Opcode.BINARY, bytes(65536))[:10].hex(" ")
    '82 7f 00 00 00 00 00 01 00 00'
    """
    n = len(payload)
    head = bytearray([(0b1000_0000 if fin else 0) | (0b0100_0000 if rsv1 else 0) | opcode])
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


def encode_close(code: int = CloseCode.NORMAL, reason: str = "",
                 mask: bytes | None = None) -> bytes:
    """Encode a close frame with a status code and a UTF-8 reason (§5.5.1).

    A control frame carries at most 125 bytes (§5.5), two of them the code,
    so a longer reason is cut at a character boundary, never inside one:
    the peer must be able to decode what is left (§5.5.1 "MUST be UTF-8").

    >>> encode_close(1000, "bye").hex(" ")
    '88 05 03 e8 62 79 65'
    >>> len(encode_close(1001, "é" * 100)) - 2      # 61 two-byte characters fit
    124
    """
    data = reason.encode("utf-8")
    if len(data) > MAX_CLOSE_REASON:
        data = data[:MAX_CLOSE_REASON].decode("utf-8", "ignore").encode("utf-8")
    return encode_frame(Opcode.CLOSE, int(code).to_bytes(2, "big") + data, mask=mask)


def parse_close_payload(payload: bytes) -> tuple:
    r"""Return (code, reason) of a close frame's payload, or raise WebSocketError.

    >>> parse_close_payload(b"\x03\xe8bye")
    (1000, 'bye')
    >>> parse_close_payload(b"")
    (<CloseCode.NO_STATUS: 1005>, '')
    """
    if not payload:
        return CloseCode.NO_STATUS, ""
    if len(payload) == 1:
        raise WebSocketError("close frame with a 1-byte payload", CloseCode.PROTOCOL_ERROR)
    code = int.from_bytes(payload[:2], "big")
    if not close_code_is_valid(code):
        raise WebSocketError(f"invalid close code {code}", CloseCode.PROTOCOL_ERROR)
    try:
        reason = payload[2:].decode("utf-8")
    except UnicodeDecodeError:
        raise WebSocketError("close reason is not valid UTF-8", CloseCode.INVALID_DATA) from None
    return code, reason


class Message(NamedTuple):
    """A whole message or a ping/pong: kind "text" (str), "binary", "ping" or "pong" (bytes)."""
    kind: str
    data: Any


class CloseFrame(NamedTuple):
    """The peer's close frame: its status code and reason (§5.5.1)."""
    kind: str                 # always "close"
    code: int
    reason: str


class WebSocketParser:
    """Turn received bytes into whole messages and control events (no I/O).

    feed(data) returns a list of events: Message("text", str),
    Message("binary", bytes), Message("ping", bytes), Message("pong", bytes)
    and CloseFrame("close", code, reason). They are named tuples, so
    ("text", "Hello") == Message("text", "Hello"). It raises WebSocketError with the close code to
    send on any violation. Fragments are reassembled up to max_size bytes;
    text is validated as UTF-8 incrementally, so an invalid byte in the first
    fragment fails at once rather than at the end of the message. With
    `deflate`, messages whose first frame has RSV1 set are inflated
    (RFC 7692), and the inflated size is bounded by max_size as well.
    """

    __slots__ = ("buf", "require_mask", "max_size", "deflate", "_opcode", "_parts",
                 "_size", "_decoder", "_inflater")

    def __init__(self, require_mask: bool = True, max_size: int = WS_MAX_MESSAGE,
                 deflate: bool = False):
        self.buf = bytearray()
        self.require_mask = require_mask
        self.max_size = max_size
        self.deflate = deflate
        self._opcode = None          # opcode of the message being reassembled
        self._parts = []
        self._size = 0
        self._decoder = None
        self._inflater = None        # a zlib decompressobj while a compressed message lasts

    def feed(self, data: bytes) -> list:
        r"""Consume data; return the complete events it finished.

        On a violation the WebSocketError carries, as `.events`, the events
        completed before it, so a valid message that arrived in the same read
        as a bad frame is still delivered before the connection fails.

        The fragmented "Hello" of RFC 6455 §5.7, fed in one read:

        >>> WebSocketParser(require_mask=False).feed(b"\x01\x03Hel\x80\x02lo")
        [Message(kind='text', data='Hello')]
        """
        buf = self.buf
        buf += data
        events = []
        try:
            while buf:
                remaining = self.max_size - self._size
                parsed = parse_frame(buf, self.require_mask, max(remaining, MAX_CONTROL_PAYLOAD),
                                     self.deflate)
                if parsed is None:
                    break
                frame, used = parsed
                _trace and _trace_frame("WebSocketParser.feed", "<-", frame, bytes(buf[:used]))
                del buf[:used]
                event = self._on_frame(frame)
                if event is not None:
                    events.append(event)
                    if event.kind == "close":
                        buf.clear()
                        break
        except WebSocketError as err:
            err.events = events
            raise
        return events

    def _on_frame(self, frame: Frame):
        """Apply one frame to the message state; return an event or None."""
        op = frame.opcode
        if op >= Opcode.CLOSE:                # a control frame
            if frame.rsv1:
                raise WebSocketError("RSV1 set on a control frame", CloseCode.PROTOCOL_ERROR)
            if op == Opcode.PING:
                return Message("ping", frame.payload)
            if op == Opcode.PONG:
                return Message("pong", frame.payload)
            return CloseFrame("close", *parse_close_payload(frame.payload))
        payload = frame.payload
        if op == Opcode.CONT:
            if self._opcode is None:
                raise WebSocketError("continuation frame without a message", CloseCode.PROTOCOL_ERROR)
            if frame.rsv1:
                raise WebSocketError("RSV1 set on a continuation frame", CloseCode.PROTOCOL_ERROR)
        else:
            if self._opcode is not None:
                raise WebSocketError("new data frame inside a fragmented message", CloseCode.PROTOCOL_ERROR)
            self._opcode = op
            self._decoder = (codecs.getincrementaldecoder("utf-8")("strict")
                             if op == Opcode.TEXT else None)
            if frame.rsv1:
                self._inflater = zlib.decompressobj(-15)
        if self._inflater is not None:
            payload = self._inflate(payload, frame.fin)
        self._size += len(payload)
        if self._size > self.max_size:
            raise WebSocketError("message too big", CloseCode.TOO_BIG)
        if self._decoder is not None:
            try:
                self._parts.append(self._decoder.decode(payload, frame.fin))
            except UnicodeDecodeError:
                raise WebSocketError("text message is not valid UTF-8", CloseCode.INVALID_DATA) from None
        else:
            self._parts.append(payload)
        if not frame.fin:
            return None
        parts, self._parts, self._size = self._parts, [], 0
        self._opcode = None
        self._inflater = None
        if self._decoder is not None:
            self._decoder = None
            return Message("text", "".join(parts))
        return Message("binary", b"".join(parts))

    def _inflate(self, data: bytes, fin: bool) -> bytes:
        """Inflate one fragment, never producing more than the message size allows."""
        if fin:
            data += b"\x00\x00\xff\xff"      # RFC 7692 §7.2.2: put the tail back
        room = self.max_size - self._size + 1
        try:
            out = self._inflater.decompress(data, room)
        except zlib.error as exc:
            raise WebSocketError(f"invalid compressed data: {exc}", CloseCode.INVALID_DATA) from None
        if self._inflater.unconsumed_tail:
            raise WebSocketError("message too big once inflated", CloseCode.TOO_BIG)
        return out


# -- permessage-deflate (RFC 7692) ---------------------------------------------
# We negotiate it statelessly: server_no_context_takeover and
# client_no_context_takeover, so each message is compressed and inflated on
# its own and an idle connection holds no zlib state (a context-takeover
# compressor costs ~256 KiB per connection; 10,000 idle sessions would pay
# 2.5 GiB for it).

DEFLATE_MIN_SIZE = 256     #: smaller messages are sent uncompressed (RSV1 clear)


def negotiate_deflate(offers: list) -> tuple | None:
    """Pick the first acceptable permessage-deflate offer; return (response, window bits).

    `offers` are the Sec-WebSocket-Extensions header values. Returns None
    when nothing acceptable was offered (the connection goes on uncompressed).
    """
    for header in offers:
        for offer in header.split(","):
            name, *params = [p.strip() for p in offer.split(";")]
            if name.lower() != "permessage-deflate":
                continue
            seen, ok, wbits = set(), True, 15
            for param in params:
                key, _, value = param.partition("=")
                key, value = key.strip().lower(), value.strip().strip('"')
                if key in seen:
                    ok = False                   # §7.1: a parameter at most once
                seen.add(key)
                if key in ("server_no_context_takeover", "client_no_context_takeover"):
                    ok = ok and not value
                elif key == "server_max_window_bits":
                    ok = ok and value.isdigit() and 8 <= int(value) <= 15 \
                        and value == str(int(value))
                    if ok:
                        wbits = max(9, int(value))  # zlib cannot deflate with 8
                        ok = int(value) >= 9
                elif key == "client_max_window_bits":
                    ok = ok and (not value or (value.isdigit() and 8 <= int(value) <= 15))
                else:
                    ok = False
            if ok:
                response = "permessage-deflate; server_no_context_takeover; " \
                           "client_no_context_takeover"
                if wbits != 15:
                    response += f"; server_max_window_bits={wbits}"
                return response, wbits
    return None


def deflate_message(payload: bytes, wbits: int = 15) -> bytes:
    """Compress one message on its own (no context takeover), tail removed (§7.2.1)."""
    level = 6 if len(payload) < 16384 else 1     # big messages: speed over the last few %
    c = zlib.compressobj(level, zlib.DEFLATED, -wbits, 8)
    data = c.compress(payload) + c.flush(zlib.Z_SYNC_FLUSH)
    return data[:-4] if data.endswith(b"\x00\x00\xff\xff") else data


# =============================================================================
# 6. JSON messages (protocol §3). No I/O.
# =============================================================================
# Every message is one text frame holding one JSON object:
#     {"type": "...", "session_id": "...", "data": ..., "timestamp": ms}

EVENT_TYPES = frozenset({"click", "change", "input", "submit"})
_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F]")
CLIENT_TYPES = frozenset({"ping", "component_event", "page_change", "data_window"})


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def parse_message(text: str) -> dict:
    """Parse and validate one client message; raise ProtocolError(code, message).

    Returns the envelope dict. NaN/Infinity, deep nesting and huge numbers
    are refused as INVALID_MESSAGE rather than crashing the connection.

    >>> parse_message('{"type": "component_event", "session_id": "s", "data": '
    ...               '{"componentId": "button-1", "eventType": "click"}}')["data"]
    {'componentId': 'button-1', 'eventType': 'click'}
    >>> parse_message('{"type": "hello", "session_id": "s"}')
    Traceback (most recent call last):
    ...
    streamlit_go.ProtocolError: unknown message type 'hello'
    """
    try:
        msg = _json.loads(text, parse_constant=_refuse_constant)
        if _SURROGATE_ESCAPE.search(text):
            # "\ud800" is valid JSON but no UTF-8 can carry it back out: refuse it here
            _json.dumps(msg, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError) as exc:  # UnicodeEncodeError is a ValueError
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
    if mtype in ("component_event", "data_window"):
        data = msg.get("data")
        if not isinstance(data, dict):
            raise ProtocolError("INVALID_MESSAGE", f"{mtype} needs an object 'data'")
        cid = data.get("componentId")
        if not isinstance(cid, str) or not cid or len(cid) > MAX_COMPONENT_ID:
            raise ProtocolError("INVALID_MESSAGE", "'componentId' must be a non-empty string")
    if mtype == "component_event":
        etype = data.get("eventType")
        if not isinstance(etype, str) or etype not in EVENT_TYPES:
            raise ProtocolError("INVALID_MESSAGE",
                                "'eventType' must be click, change, input or submit")
    elif mtype == "page_change":
        data = msg.get("data")
        if not isinstance(data, dict):
            raise ProtocolError("INVALID_MESSAGE", "page_change needs an object 'data'")
        page = data.get("page")
        if not isinstance(page, str) or len(page) > MAX_PAGE_PATH:
            raise ProtocolError("INVALID_MESSAGE", "'page' must be a string of at most "
                                                   f"{MAX_PAGE_PATH} characters")
        query = data["query"] = data.get("query") or {}
        if not isinstance(query, dict) or len(query) > MAX_QUERY_PARAMS or not all(
                isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
                for v in query.values()):
            raise ProtocolError("INVALID_MESSAGE", "'query' must be an object of strings "
                                                   "or lists of strings")
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
    """Encode an `error` message (protocol §3)."""
    return encode_message("error", session_id, {"message": message, "code": code})


# =============================================================================
# 7. One connection's state machine: HTTP, upgrade, WebSocket, close. No I/O.
# =============================================================================
# A TCP connection starts as HTTP/1.1 and may become a WebSocket:
#
#     HTTP ──101 sent──> OPEN ──close sent──> CLOSING ──peer's close or timeout──> CLOSED
#      │                  └──peer's close (answered at once), protocol error────────>┘
#      └──refused request, "Connection: close", or keep-alive timeout─────────────────>┘
#
# Connection keeps that state, the buffers and the deadlines, and touches no
# socket, in the manner of websockets' Protocol and h11's Connection:
#
#   receive_data(bytes, now)  buffer what the socket read
#   next_event()              the next RequestReceived / TextReceived /
#                             BytesReceived / ConnectionClosed, or None
#   send_response(), accept_websocket(), send_text(), send_close(), tick(now)
#                             queue bytes (and change state)
#   data_to_send()            the bytes to write, in order
#
# The asyncio layer (section 8) is then a thin shell: it feeds bytes in,
# handles events, writes what comes out, and closes the socket when the state
# is CLOSED. The tests drive this class with byte strings and a fake clock.


class ConnState(enum.Enum):
    """Where a connection is in its life (see the diagram above)."""
    HTTP = "http"           # reading requests; keep-alive and pipelining
    OPEN = "open"           # WebSocket: messages both ways
    CLOSING = "closing"     # our close frame is sent; waiting (bounded) for the peer's
    CLOSED = "closed"       # nothing more is read or sent: close the socket


class RequestReceived(NamedTuple):
    """A whole HTTP request; answer it with send_response() or accept_websocket()."""
    request: Request


class TextReceived(NamedTuple):
    """A whole WebSocket text message (fragments joined, UTF-8 checked)."""
    text: str


class BytesReceived(NamedTuple):
    """A whole WebSocket binary message."""
    data: bytes


class ConnectionClosed(NamedTuple):
    """The connection ended: the peer closed, or a protocol error was answered."""
    code: int
    reason: str


class Connection:
    r"""The sans-I/O state of one connection: bytes in, events out, bytes to send.

    >>> c = Connection()
    >>> c.receive_data(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n", now=0.0)
    >>> ev = c.next_event(); ev.request.path
    '/health'
    >>> c.send_response(b"HTTP/1.1 204 No Content\r\n\r\n", keep_alive=False, now=0.0)
    >>> c.data_to_send(), c.state
    (b'HTTP/1.1 204 No Content\r\n\r\n', <ConnState.CLOSED: 'closed'>)
    """

    __slots__ = ("state", "config", "parser", "deflate_bits", "abort", "deadline",
                 "last_frame", "last_ping", "_in", "_out", "_events", "_body_limit",
                 "_http_wait")

    def __init__(self, config: "ServerConfig | None" = None, body_limit=None, now: float = 0.0):
        self.state = ConnState.HTTP
        self.config = config or ServerConfig()
        self.parser = None              # a WebSocketParser once the connection is OPEN
        self.deflate_bits = 0           # permessage-deflate window bits; 0 = off
        self.abort = False              # CLOSED without waiting for the peer (close timeout)
        self.deadline = now + self.config.head_timeout   # HTTP: head (408) or keep-alive
        self.last_frame = self.last_ping = now
        self._in = bytearray()          # received, not yet parsed
        self._out = []                  # encoded, not yet handed to the socket
        self._events = collections.deque()   # WebSocket events parsed, not yet taken
        self._body_limit = body_limit or (lambda path: self.config.max_body)
        self._http_wait = "head"        # HTTP: waiting for a "head" (408) or "idle" (close)

    # -- bytes in -------------------------------------------------------------------
    def receive_data(self, data: bytes, now: float) -> None:
        """Buffer bytes the socket read (events come out of next_event())."""
        if self.state is ConnState.CLOSED:
            return
        if self.state is ConnState.HTTP:
            if not self._in and self._http_wait == "idle":
                self.deadline = now + self.config.head_timeout    # a new request began
                self._http_wait = "head"
            self._in += data
            return
        self.last_frame = now
        try:
            self._events.extend(self.parser.feed(data))
        except WebSocketError as err:
            # Messages completed before the bad frame are still delivered.
            self._events.extend(err.events)
            self._events.append(err)

    def next_event(self):
        """Return the next event the received bytes complete, or None for "need more"."""
        if self.state is ConnState.HTTP:
            return self._next_request()
        while self._events and self.state is not ConnState.CLOSED:
            ev = self._events.popleft()
            if isinstance(ev, WebSocketError):
                # §7.1.7 "Fail the WebSocket Connection": send a close frame, then close.
                if self.state is ConnState.OPEN:
                    self._out.append(encode_close(ev.code, str(ev)[:100]))
                self._closed()
                return ConnectionClosed(ev.code, str(ev))
            kind = ev.kind
            if kind == "close":
                if self.state is ConnState.OPEN:
                    # §5.5.1: "the endpoint MUST send a Close frame in response"
                    code = ev.code if ev.code != CloseCode.NO_STATUS else None
                    self._out.append(encode_close(code) if code else
                                     encode_frame(Opcode.CLOSE, b""))
                self._closed()
                return ConnectionClosed(ev.code, ev.reason)
            if self.state is ConnState.CLOSING:
                continue                     # after our close frame, only the peer's counts
            if kind == "ping":
                self._out.append(encode_frame(Opcode.PONG, ev.data))  # §5.5.2
            elif kind == "text":
                return TextReceived(ev.data)
            elif kind == "binary":
                return BytesReceived(ev.data)
        return None

    def _next_request(self):
        """Parse one request out of the buffer (h11's reader contract)."""
        if not self._in:
            return None
        try:
            parsed = parse_request(self._in, max_body=self._body_limit)
        except HTTPError as err:
            self.send_error(err)
            return ConnectionClosed(err.status, str(err))
        if parsed is None:
            return None
        req, used = parsed
        del self._in[:used]
        return RequestReceived(req)

    # -- bytes out ------------------------------------------------------------------
    def send_response(self, response: bytes, keep_alive: bool, now: float) -> None:
        """Queue the answer to a request; close after it unless kept alive."""
        if self.state is not ConnState.HTTP:
            return
        self._out.append(response)
        if not keep_alive:
            self._closed()
        elif self._in:                               # a pipelined request is waiting
            self.deadline, self._http_wait = now + self.config.head_timeout, "head"
        else:
            self.deadline, self._http_wait = now + self.config.keepalive_timeout, "idle"

    def send_error(self, err: HTTPError, head_only: bool = False) -> None:
        """Queue the answer to a refused request, then close (RFC 9112 §9.6)."""
        if self.state is ConnState.HTTP:
            self._out.append(encode_error(err, head_only))
            self._in.clear()
        self._closed()

    def accept_websocket(self, response_head: bytes, deflate_bits: int, now: float) -> None:
        """Queue the 101 response and switch to OPEN; buffered bytes become frames."""
        self._out.append(response_head)
        self.state = ConnState.OPEN
        self.deflate_bits = deflate_bits
        self.parser = WebSocketParser(require_mask=True, max_size=self.config.max_message,
                                      deflate=bool(deflate_bits))
        self.last_frame = self.last_ping = now
        rest, self._in = bytes(self._in), bytearray()
        if rest:
            self.receive_data(rest, now)

    def send_text(self, text: str) -> None:
        """Queue one text message (compressed when negotiated and worth it)."""
        # "replace": an app string holding a lone surrogate must not stop an update
        self.send_frame(Opcode.TEXT, text.encode("utf-8", "replace"))

    def send_frame(self, opcode: Opcode, payload: bytes) -> None:
        """Queue one data or control frame while the connection is OPEN."""
        if self.state is not ConnState.OPEN:
            return
        if self.deflate_bits and opcode < Opcode.CLOSE and len(payload) >= DEFLATE_MIN_SIZE:
            frame = encode_frame(opcode, deflate_message(payload, self.deflate_bits), rsv1=True)
        else:
            frame = encode_frame(opcode, payload)
        _trace and _trace_frame("Connection.send_frame", "->",
                                Frame(opcode, payload, True, frame[0] & 0b0100_0000 != 0), frame)
        self._out.append(frame)

    def send_close(self, code: int = CloseCode.NORMAL, reason: str = "",
                   now: float = 0.0) -> None:
        """Start the closing handshake (§7.1.2): send our close, wait for the peer's."""
        if self.state is ConnState.OPEN:
            frame = encode_close(code, reason)
            _trace and _trace_frame("Connection.send_close", "->",
                                    Frame(Opcode.CLOSE, frame[2:]), frame)
            self._out.append(frame)
            self.state = ConnState.CLOSING
            self.deadline = now + WS_CLOSE_TIMEOUT_S
        elif self.state is ConnState.HTTP:
            self._closed()

    def data_to_send(self) -> bytes:
        """Return (and forget) every byte queued so far."""
        out, self._out = self._out, []
        return b"".join(out)

    # -- time -------------------------------------------------------------------------
    @property
    def deadline_kind(self) -> str:
        """What the deadline means now: "head", "idle", "ws" or "close"."""
        if self.state is ConnState.HTTP:
            return self._http_wait
        return "ws" if self.state is ConnState.OPEN else "close"

    def tick(self, now: float) -> None:
        """Apply the deadlines: 408, keep-alive, WebSocket ping / idle, close wait."""
        state = self.state
        if state is ConnState.OPEN:
            cfg = self.config
            if now - self.last_frame > cfg.idle_timeout:
                self.send_close(CloseCode.GOING_AWAY, "idle timeout", now)
            elif now - self.last_ping >= cfg.ping_interval:
                self.last_ping = now
                self.send_frame(Opcode.PING, b"")
        elif state is ConnState.CLOSING:
            if now > self.deadline:
                self.abort = True                # the peer never answered our close
                self._closed()
        elif state is ConnState.HTTP and now > self.deadline:
            if self._in:
                self.send_error(HTTPError(408, "request head not received in time"))
            else:
                self._closed()                   # an idle keep-alive connection

    def _closed(self) -> None:
        self.state = ConnState.CLOSED
        self._in.clear()
        self._events.clear()


# =============================================================================
# 8. asyncio: the socket shell and the server's routes
# =============================================================================
# This is the only code that touches sockets. One _SocketShell per TCP
# connection moves bytes between the socket and its Connection (section 7);
# Server.pump() takes the events out and acts on them: HTTP requests go
# through the route table (Server.ROUTES), WebSocket messages to
# Server.on_message(). All deadlines (head timeout, keep-alive, pings, idle
# WebSockets, close wait) are applied by one sweep task calling
# Connection.tick(), instead of a timer per connection.


@dataclasses.dataclass
class ServerConfig:
    """Every setting of a server; the command line fills it, tests build it directly."""
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    session_timeout: float = SESSION_TIMEOUT_S
    cleanup_interval: float = CLEANUP_INTERVAL_S
    allowed_origins: tuple = ()          # empty: every origin (protocol §3)
    max_connections: int = MAX_CONNECTIONS
    head_timeout: float = HEAD_TIMEOUT_S
    keepalive_timeout: float = KEEPALIVE_TIMEOUT_S
    max_body: int = MAX_BODY
    max_upload: int = MAX_UPLOAD
    max_message: int = WS_MAX_MESSAGE
    ping_interval: float = WS_PING_INTERVAL_S
    idle_timeout: float = WS_IDLE_TIMEOUT_S
    certfile: str | None = None
    keyfile: str | None = None
    root_path: str = ""                  # "/prefix" when served under a path
    forwarded_allow_ips: tuple = ()      # proxies whose X-Forwarded-* headers are believed
    retry_ms: int = 1000                 # the client's first reconnect delay
    compression: bool = True             # permessage-deflate when the client offers it
    workers: int = RERUN_WORKERS
    reload: bool = True
    quiet: bool = False
    redis_url: str | None = None         # --redis: sessions, shared state, caches in Redis
    secret: str | None = None            # --secret: signs everything stored in Redis


def _log(*parts) -> None:
    """Write one line to stderr (the server's log)."""
    print("streamlit_go:", *parts, file=sys.stderr, flush=True)


class _SocketShell(asyncio.Protocol):
    """Move bytes between one socket and its Connection; decide nothing."""

    __slots__ = ("server", "transport", "conn", "peer", "session", "handler_ws", "waiting")

    def __init__(self, server: "Server"):
        self.server = server
        self.transport = None
        self.conn = None
        self.peer = None
        self.waiting = False         # a response is being fetched from Redis: hold the rest
        self.session = None          # the app session this WebSocket shows
        self.handler_ws = None       # a WebSocket, for serve_websocket() handlers

    def connection_made(self, transport):
        self.transport = transport
        self.peer = transport.get_extra_info("peername")
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # Without TCP_NODELAY a small response can wait ~40 ms for the
            # peer's delayed ACK (Nagle's algorithm meets delayed ACK).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server = self.server
        if len(server.shells) >= server.config.max_connections:
            transport.write(encode_error(HTTPError(503, "too many connections")))
            transport.close()
            return
        server.shells.add(self)
        self.conn = Connection(server.config, server.body_limit, time.monotonic())

    def connection_lost(self, exc):
        self.server.shells.discard(self)
        if self.session is not None:
            self.session.shells.discard(self)
            self.session.touch()
            self.session = None

    def data_received(self, data):
        if self.conn is None:
            return
        self.conn.receive_data(data, time.monotonic())
        if self.session is not None:
            self.session.touch()
        self.server.pump(self)

    def flush(self) -> None:
        """Write what the Connection queued; close the socket once it is CLOSED."""
        data = self.conn.data_to_send()
        transport = self.transport
        if data and not transport.is_closing():
            _trace and _trace("_SocketShell.flush", f"-> {len(data)} bytes to the socket")
            transport.write(data)
            # A peer that stopped reading would make its queue grow without bound.
            if transport.get_write_buffer_size() > MAX_WRITE_BUFFER + \
                    self.server.config.max_message:
                transport.abort()
                return
        if self.conn.state is ConnState.CLOSED and not transport.is_closing():
            transport.abort() if self.conn.abort else transport.close()

    def send_texts(self, texts: list) -> None:
        """Send several text messages in one write."""
        for text in texts:
            self.conn.send_text(text)
        self.flush()

    def close_ws(self, code: int = CloseCode.NORMAL, reason: str = "") -> None:
        """Start the closing handshake."""
        self.conn.send_close(code, reason, time.monotonic())
        self.flush()

    def tick(self, now: float) -> None:
        """Apply the connection's deadlines (called by the sweep)."""
        self.conn.tick(now)
        self.flush()


class WebSocket:
    """The server side of one open WebSocket, as seen by a serve_websocket() handler."""

    __slots__ = ("shell",)

    def __init__(self, shell: _SocketShell):
        self.shell = shell

    def send(self, message) -> None:
        """Send a str as a text message or bytes as a binary message."""
        if isinstance(message, str):
            self.shell.conn.send_text(message)
        else:
            self.shell.conn.send_frame(Opcode.BINARY, bytes(message))
        self.shell.flush()

    def close(self, code: int = CloseCode.NORMAL, reason: str = "") -> None:
        """Start the closing handshake."""
        self.shell.close_ws(code, reason)

    @property
    def remote_address(self):
        return self.shell.peer


class Server:
    """Wiring and routing: sockets in, the session table, the rerun scheduler.

    With an `app` it serves a streamlit_go app. With a `ws_handler` instead it
    is a plain WebSocket server: ws_handler(ws, message) is called for each
    message (str or bytes), see serve_websocket().
    """

    #: path (after --root-path), prefix match?, methods, handler
    ROUTES = (
        ("/",        False, ("GET", "HEAD"), "serve_page"),
        ("/ws",      False, ("GET",),        "serve_websocket"),
        ("/health",  False, ("GET", "HEAD"), "serve_health"),
        ("/upload",  False, ("POST",),       "serve_upload"),
        ("/static/", True,  ("GET", "HEAD"), "serve_static"),
        ("/media/",  True,  ("GET", "HEAD"), "serve_media"),
        ("/component/", True, ("GET", "HEAD"), "serve_component"),
    )

    def __init__(self, config: ServerConfig, app: App | None = None,
                 ws_handler: Callable | None = None):
        self.config = config
        self.app = app
        self.ws_handler = ws_handler
        self.sessions = SessionTable(config.session_timeout)
        self.shells = set()                # every open connection
        self.scheduler = RerunScheduler(app, self.sessions, config.workers) if app else None
        self.loop = None
        self.server = None
        self.tasks = []
        self.port = None
        self._dirty = {}          # shared_state key -> ids of the sessions that wrote it
        self._dirty_lock = threading.Lock()
        self._push_scheduled = False
        root = config.root_path.rstrip("/")
        self.base = root + "/"
        if app is not None:                    # what st.get_option("server.*") reports
            _OPTIONS.update({"server.port": config.port, "server.address": config.host,
                             "server.baseUrlPath": root,
                             "server.maxUploadSize": config.max_upload // (1024 * 1024),
                             "server.maxMessageSize": config.max_message // (1024 * 1024),
                             "server.runOnSave": config.reload,
                             "server.enableWebsocketCompression": config.compression})
        if self.scheduler:
            self.scheduler.base = self.base
            self.scheduler.max_upload = config.max_upload
        self.redis = None                      # a RedisStore with --redis (section 9b)
        if config.redis_url and app is not None:
            self.redis = RedisStore(config.redis_url, config.secret or "",
                                    config.session_timeout)
        self.ssl = None
        if config.certfile:
            import ssl                         # only when TLS is asked for: ~5 ms to import
            self.ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.ssl.load_cert_chain(config.certfile, config.keyfile)

    async def start(self):
        """Bind and start serving; sets self.port to the bound port."""
        self.loop = asyncio.get_running_loop()
        if self.scheduler:
            self.scheduler.loop = self.loop
        if self.redis is not None:             # RedisError when Redis cannot be reached
            await self.redis.start()
            self.redis.on_up = self._redis_back
            self.redis.on_shared = shared_state._remote_write
            self.scheduler.after_rerun = self.redis.save_session
            shared_state._attach_redis(self.redis)
            _Cache.redis = self.redis
            self.sessions.media.redis = self.redis
        self.server = await self.loop.create_server(
            lambda: _SocketShell(self), self.config.host, self.config.port,
            ssl=self.ssl, backlog=1024, reuse_address=True)
        self.port = self.server.sockets[0].getsockname()[1]
        if self.app is not None:
            _OPTIONS["server.port"] = self.port
        self.tasks = [asyncio.ensure_future(self._sweep()),
                      asyncio.ensure_future(self._cleanup())]
        if self.scheduler:
            shared_state.subscribe(self._on_shared_write)
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
        for shell in list(self.shells):
            if shell.conn.state is ConnState.OPEN:
                shell.close_ws(CloseCode.GOING_AWAY, "server shutting down")
            elif shell.transport:
                shell.transport.close()
        deadline = time.monotonic() + timeout
        while self.shells and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        for shell in list(self.shells):
            shell.transport.abort()
        for t in self.tasks:
            t.cancel()
        if self.scheduler:
            shared_state.unsubscribe(self._on_shared_write)
            self.scheduler.pool.shutdown(wait=False, cancel_futures=True)
        self.sessions.close_all()
        if self.redis is not None:
            shared_state._attach_redis(None)
            _Cache.redis = None
            await self.redis.stop()

    def _redis_back(self) -> None:
        """Redis is reachable again: write every idle session (it may have lost them)."""
        for session in list(self.sessions.by_id.values()):
            if session.active_run is None and session.reruns:
                self.redis.save_session(session)

    # -- background tasks ----------------------------------------------------------
    async def _sweep(self):
        """Apply every connection's deadlines, twice a second."""
        while True:
            await asyncio.sleep(SWEEP_INTERVAL_S)
            now = time.monotonic()
            for shell in list(self.shells):
                shell.tick(now)

    async def _cleanup(self):
        """Drop sessions idle longer than the timeout (protocol §4)."""
        while True:
            await asyncio.sleep(self.config.cleanup_interval)
            self.sessions.expire(time.monotonic())

    async def _watch_script(self):
        """Hot reload: recompile a changed script and rerun every connected session."""
        while True:
            await asyncio.sleep(RELOAD_POLL_S)
            if await self.loop.run_in_executor(None, self.app.load):
                if not self.config.quiet:
                    _log(f"{os.path.basename(self.app.path)} changed: rerunning")
                for s in self.sessions.connected():
                    self.scheduler.request_rerun(s)

    # -- st.shared_state push ------------------------------------------------------
    def _on_shared_write(self, key, writer) -> None:
        """Note a shared write (any thread); push once per loop turn, coalesced."""
        with self._dirty_lock:
            writers = self._dirty.setdefault(key, set())
            writers.add(writer)
            if self._push_scheduled:
                return
            self._push_scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._push_shared)
        except RuntimeError:               # the loop is closed: nobody to push to
            pass

    def _push_shared(self) -> None:
        """Rerun every connected session that read a changed key (but not its writer)."""
        with self._dirty_lock:
            dirty, self._dirty = self._dirty, {}
            self._push_scheduled = False
        for session in self.sessions.readers_of(dirty):
            self.scheduler.request_rerun(session)

    # -- events from the connections -------------------------------------------------
    def pump(self, shell: _SocketShell) -> None:
        """Act on every event the connection's new bytes completed, then write."""
        conn = shell.conn
        while conn.state is not ConnState.CLOSED and not shell.waiting:
            ev = conn.next_event()
            if ev is None:
                break
            kind = type(ev)
            if kind is TextReceived or kind is BytesReceived:
                try:
                    self.on_message(shell, ev[0])
                except Exception:  # a bug of ours: log it, close this one connection (1011)
                    traceback.print_exc()
                    conn.send_close(CloseCode.INTERNAL_ERROR, "internal error", time.monotonic())
            elif kind is RequestReceived:
                self.handle_request(shell, ev.request)
            elif kind is ConnectionClosed and ev.code < 1000 and not self.config.quiet:
                _log(f"{ev.code} from {shell.peer and shell.peer[0]}: {ev.reason}")
        shell.flush()

    def body_limit(self, path: str) -> int:
        """The largest body a request to `path` may carry (uploads get their own limit)."""
        if path == self.base + "upload":
            return self.config.max_upload
        return self.config.max_body

    def client_of(self, shell: _SocketShell, req: Request) -> tuple:
        """Return (client address, served over https) for a request.

        X-Forwarded-For and X-Forwarded-Proto are believed only when the peer
        is one of --forwarded-allow-ips (as uvicorn does): anyone can send
        those headers, only a trusted proxy's copy means something.
        """
        addr = shell.peer[0] if shell.peer else "?"
        https = self.ssl is not None
        trusted = self.config.forwarded_allow_ips
        if trusted and ("*" in trusted or addr in trusted):
            hops = [h.strip() for k, v in req.headers if k == "x-forwarded-for"
                    for h in v.split(",") if h.strip()]     # several lines are one list
            for hop in reversed(hops):          # the right-most hop no proxy of ours added
                addr = hop
                if hop not in trusted:
                    break
            protos = [p.strip().lower() for k, v in req.headers if k == "x-forwarded-proto"
                      for p in v.split(",") if p.strip()]
            proto = protos[-1] if protos else ""      # the value our own proxy added
            if proto:
                https = proto == "https"
        return addr, https

    def cookie(self, sid: str, secure: bool) -> str:
        """The Set-Cookie value that names a session (protocol §4)."""
        flag = "; Secure" if secure else ""
        return f"{SESSION_COOKIE}={sid}; Path={self.base}; HttpOnly; SameSite=Lax{flag}"

    # -- HTTP routing --------------------------------------------------------------
    def handle_request(self, shell: _SocketShell, req: Request) -> None:
        """Answer one request through the route table (or refuse it)."""
        conn = shell.conn
        req.client, req.https = self.client_of(shell, req)
        _trace and _trace("Server.handle_request",
                          f"<- {req.method} {req.target} {req.version}")
        try:
            response = self._route(shell, req)
        except HTTPError as err:
            if not self.config.quiet:
                _log(f"{err.status} from {req.client}: {err}")
            conn.send_error(err, req.method == "HEAD")
            return
        except Exception:  # a bug of ours: answer 500, log it, keep serving others
            traceback.print_exc()
            conn.send_error(HTTPError(500, "internal server error"))
            return
        if response is not None:             # None: upgraded to a WebSocket
            _trace and _trace("Server.handle_request",
                              "-> " + response[:response.find(b"\r")].decode("latin-1"))
            conn.send_response(response, req.keep_alive, time.monotonic())

    def _route(self, shell: _SocketShell, req: Request) -> bytes | None:
        """Find the route for a request and call its handler."""
        if self.ws_handler is not None:
            return self.serve_websocket(shell, req, "")
        path, base = req.path, self.base
        if not path.startswith(base):
            if path + "/" == base:                      # "/prefix" -> "/prefix/"
                return encode_response(308, [("Location", base)], b"", req.keep_alive,
                                       req.method == "HEAD")
            raise HTTPError(404, "not found")
        route = "/" + path[len(base):]
        for prefix, is_prefix, methods, handler in self.ROUTES:
            if route == prefix or (is_prefix and route.startswith(prefix)):
                if req.method not in methods:
                    raise HTTPError(405, "method not allowed", [("Allow", ", ".join(methods))])
                rest = route[len(prefix):] if is_prefix else ""
                return getattr(self, handler)(shell, req, rest)
        if self.app is not None and self.app.is_multipage() and _PAGE_ROUTE.fullmatch(route):
            # protocol §7: a page's own path serves the same shell as "/"
            if req.method not in ("GET", "HEAD"):
                raise HTTPError(405, "method not allowed", [("Allow", "GET, HEAD")])
            return self.serve_page(shell, req, "")
        raise HTTPError(404, "not found")

    def serve_health(self, shell, req: Request, _rest: str) -> bytes:
        """GET /health: the load balancer's probe ("degraded" while Redis is away)."""
        body = _HEALTH_BODY
        if self.redis is not None and self.redis.down is not None:
            body = _json.dumps({"status": "degraded", "redis": self.redis.down}).encode()
        return encode_response(200, _HEALTH_HEADERS, body, req.keep_alive,
                               req.method == "HEAD")

    def serve_page(self, shell, req: Request, _rest: str) -> bytes:
        """GET /: the page shell; names (or makes) the session in a cookie."""
        sid = parse_cookies(req).get(SESSION_COOKIE)
        session = self.sessions.get(sid) if sid else None
        headers = list(_PAGE_HEADERS)
        if session is not None:
            session.touch()
            page = session.page_config
        elif self.redis is not None and sid and _SESSION_ID_RE.fullmatch(sid):
            page = {}                         # another instance's session: the WebSocket
        else:                                 # loads it from Redis (or makes a fresh one)
            session = self.sessions.new()
            sid = session.id
            headers.append(("Set-Cookie", self.cookie(sid, req.https)))
            page = session.page_config
        title = page.get("page_title") or os.path.splitext(
            os.path.basename(self.app.path))[0].replace("_", " ")
        body = render_page(sid, self.base, title, page.get("page_icon"),
                           self.config.retry_ms)
        return encode_response(200, headers, body, req.keep_alive, req.method == "HEAD")

    def serve_media(self, shell, req: Request, token: str, item=None) -> bytes:
        """GET /media/TOKEN: bytes an app drew (st.image, st.download_button...)."""
        item = item or self.sessions.media.get(token)
        if item is None and self._media_from_redis(shell, req, token, self.serve_media):
            return None
        if item is None or item.mime == COMPONENT_MIME:      # those: /component/ only
            raise HTTPError(404, "not found")
        headers = [("Content-Type", item.mime), ("X-Content-Type-Options", "nosniff"),
                   ("Cache-Control", "private, max-age=3600"),
                   ("Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox")]
        if item.file_name:
            quoted = urllib.parse.quote(item.file_name)
            headers.append(("Content-Disposition", f"attachment; filename*=UTF-8''{quoted}"))
        return encode_response(200, headers, item.data, req.keep_alive, req.method == "HEAD")

    def serve_component(self, shell, req: Request, token: str, item=None) -> bytes:
        """GET /component/TOKEN: the HTML of st.components.v1.html, in its own sandbox.

        The page's strict CSP stays as it is; this document gets its own,
        which lets its inline scripts run, and `sandbox` makes its origin
        opaque, so they cannot reach the app's page, cookies or WebSocket.
        """
        item = item or self.sessions.media.get(token)
        if item is None and self._media_from_redis(shell, req, token, self.serve_component):
            return None
        if item is None or item.mime != COMPONENT_MIME:
            raise HTTPError(404, "not found")
        headers = [("Content-Type", "text/html; charset=utf-8"),
                   ("X-Content-Type-Options", "nosniff"),
                   ("Cache-Control", "private, max-age=3600"),
                   ("Content-Security-Policy", COMPONENT_CSP)]
        return encode_response(200, headers, item.data, req.keep_alive, req.method == "HEAD")

    def _media_from_redis(self, shell, req: Request, token: str, route) -> bool:
        """Look for media another instance drew in Redis; True if the answer comes later.

        Requests behind this one on the connection wait (shell.waiting), so
        answers keep their order (RFC 9112 §9.3.2).
        """
        if self.redis is None or self.redis.down is not None or \
                not _MEDIA_TOKEN_RE.fullmatch(token):
            return False

        async def fetch():
            item = await self.redis.load_media(token)
            shell.waiting = False
            if shell not in self.shells or shell.conn.state is not ConnState.HTTP:
                return
            try:
                if item is None:
                    raise HTTPError(404, "not found")
                response = route(shell, req, token, item)
            except HTTPError as err:
                shell.conn.send_error(err, req.method == "HEAD")
            else:
                shell.conn.send_response(response, req.keep_alive, time.monotonic())
            self.pump(shell)

        shell.waiting = True
        task = self.loop.create_task(fetch())
        self.redis.tasks.add(task)
        task.add_done_callback(self.redis.tasks.discard)
        return True

    def serve_upload(self, shell, req: Request, _rest: str) -> bytes:
        """POST /upload?sessionId=ID: one file for st.file_uploader, as the raw body."""
        sid = (parse_query(req.query).get("sessionId") or [""])[0]
        session = self.sessions.get(sid)
        if session is None:
            raise HTTPError(403, "unknown session")
        name = urllib.parse.unquote(req.header("x-file-name") or "upload")[:255]
        name = name.replace("/", "_").replace("\\", "_").replace("\x00", "") or "upload"
        mime = (req.header("content-type") or "application/octet-stream")[:100]
        upload = session.add_upload(name, mime, req.body)
        body = _json.dumps({"id": upload.file_id, "name": name, "type": mime,
                            "size": len(req.body)}).encode()
        return encode_response(200, [("Content-Type", "application/json"),
                                     ("Cache-Control", "no-store")], body, req.keep_alive)

    def serve_static(self, shell, req: Request, name: str) -> bytes:
        """GET /static/NAME: the client's assets, then the app's ./static folder."""
        keep, head = req.keep_alive, req.method == "HEAD"
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
            if os.path.getsize(full) > MAX_STATIC_FILE:
                raise HTTPError(404, "not found")
            with open(full, "rb") as f:
                data = f.read()
        except OSError:
            raise HTTPError(404, "not found") from None
        ctype = _guess_type(full)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        headers = [("Content-Type", ctype), ("Cache-Control", "no-cache"),
                   ("X-Content-Type-Options", "nosniff")]
        return encode_response(200, headers, data, keep, head)

    # -- WebSocket -----------------------------------------------------------------
    def serve_websocket(self, shell: _SocketShell, req: Request, _rest: str) -> None:
        """GET /ws?sessionId=ID: the opening handshake (RFC 6455 §4.2.2), then the session."""
        accept = parse_handshake(req)
        origin = req.header("origin")
        allowed = self.config.allowed_origins
        if allowed and origin not in allowed:
            raise HTTPError(403, "origin not allowed")
        headers = [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                   ("Sec-WebSocket-Accept", accept)]
        offers = [v for k, v in req.headers if k == "sec-websocket-extensions"]
        agreed = negotiate_deflate(offers) if offers and self.config.compression else None
        if agreed:
            headers.append(("Sec-WebSocket-Extensions", agreed[0]))
        session = load = None
        if self.ws_handler is None:
            sid = (parse_query(req.query).get("sessionId") or [""])[0]
            session = self.sessions.get(sid)
            if self.redis is not None and _SESSION_ID_RE.fullmatch(sid) and (
                    session is None or not session.shells):
                load, session = sid, None  # Redis may hold a newer copy: load it after 101
            elif session is None:          # unknown, expired or forged: a fresh one
                session = self.sessions.new()
                headers.append(("Set-Cookie", self.cookie(session.id, req.https)))
        out = [b"HTTP/1.1 101 Switching Protocols\r\nDate: ", http_date(), b"\r\n"]
        out += [f"{k}: {v}\r\n".encode("latin-1") for k, v in headers]
        _trace and _trace("Server.serve_websocket", "-> HTTP/1.1 101 Switching Protocols")
        shell.conn.accept_websocket(b"".join(out) + b"\r\n", agreed[1] if agreed else 0,
                                    time.monotonic())
        if load is not None:
            task = self.loop.create_task(self._load_and_attach(shell, req, load))
            self.redis.tasks.add(task)
            task.add_done_callback(self.redis.tasks.discard)
            return None
        if session is None:
            shell.handler_ws = WebSocket(shell)
            return None
        self._attach(shell, session, req)
        return None

    async def _load_and_attach(self, shell: _SocketShell, req: Request, sid: str) -> None:
        """Load a session another instance saved (protocol §4), then show it on this socket.

        The copy in Redis wins over one held here only when it is newer (it
        has seen more reruns): the user was served elsewhere in between.
        Unknown to Redis and to us, or refused: a fresh server-minted session.
        """
        snap = await self.redis.load_session(sid)
        if shell not in self.shells or shell.conn.state is not ConnState.OPEN:
            return
        session = self.sessions.get(sid)
        try:
            if snap is not None and (session is None or (
                    not session.shells and session not in self.redis.local_only
                    and session.reruns < snap.get("reruns", 0))):
                if session is not None:
                    self.sessions.close(session)
                session = self.sessions.adopt(sid)
                restore_session(session, snap)
            elif session is None:
                session = self.sessions.new()
        except HTTPError:                  # the table is full
            shell.close_ws(CloseCode.INTERNAL_ERROR, "too many sessions")
            return
        except Exception:                  # a snapshot we wrote but cannot read back
            traceback.print_exc()
            session = self.sessions.get(sid) or self.sessions.new()
        self._attach(shell, session, req)
        shell.flush()

    def _attach(self, shell: _SocketShell, session: Session, req: Request) -> None:
        """Show a session on an open WebSocket: remember the request, send the page."""
        shell.session = session
        session.shells.add(shell)
        session.context = {"headers": [(k, v) for k, v in req.headers if k != "cookie"] +
                           [("cookie", v) for k, v in req.headers if k == "cookie"],
                           "cookies": parse_cookies(req), "ip": req.client,
                           "https": req.https, "host": req.header("host") or ""}
        session.touch()
        self._first_render(shell, session, req.query)

    def _first_render(self, shell: _SocketShell, session: Session, query: str):
        """Send the page a full ui_update: the last render, or a fresh rerun.

        The page passes its own URL query along; it becomes st.query_params.
        """
        params = {}
        page = session.page_path
        for k, v in parse_query(query).items():
            if k == "sgPage":                 # the page's own URL path (multipage apps)
                page = v[-1][:MAX_PAGE_PATH]
            elif k != "sessionId":
                params[k] = v if len(v) > 1 else v[-1]
        stale = session.rendered is None or self.app.version != session.app_version
        if stale or params != session.query_params or page != session.page_path:
            session.query_params = params
            session.page_path = page
            session.rendered = None           # the next render goes out whole
            self.scheduler.request_rerun(session)
        elif session.active_run is not None:
            session.rendered = None           # the rerun in flight sends a whole page
        else:
            shell.conn.send_text(encode_message("ui_update", session.id,
                                                {"html": session.rendered.page_html()}))

    def on_message(self, shell: _SocketShell, payload) -> None:
        """Dispatch one WebSocket message (protocol §3)."""
        if shell.handler_ws is not None:
            try:
                self.ws_handler(shell.handler_ws, payload)
            except Exception:
                traceback.print_exc()
                shell.conn.send_close(CloseCode.INTERNAL_ERROR, "handler error")
            return
        session = shell.session
        if session is None:
            return
        sid = session.id
        conn = shell.conn
        if not isinstance(payload, str):
            conn.send_text(encode_error_message(
                sid, "INVALID_MESSAGE", "messages must be JSON text frames"))
            return
        try:
            msg = parse_message(payload)
            if msg["session_id"] != sid:
                raise ProtocolError("SESSION_MISMATCH",
                                    "session_id does not match this connection's session")
            if msg["type"] == "ping":         # the hot path: no dict, no json.dumps
                conn.send_text(f'{{"type":"pong","session_id":"{sid}",'
                               f'"timestamp":{now_ms()}}}')
                return
            if msg["type"] == "data_window":
                self._data_window(shell, session, msg["data"])
                return
            _trace and _trace("parse_message", f"{msg['type']} "
                              f"{_json.dumps(msg['data'], ensure_ascii=False)[:160]}")
            if msg["type"] == "page_change":
                data = msg["data"]
                session.page_path = data["page"]
                session.query_params = {k: v[-1] if isinstance(v, list) and len(v) == 1
                                        else v for k, v in data["query"].items()}
                self.scheduler.request_rerun(session)
                return
            event = session.parse_event(msg["data"])
            if event is not None:
                self.scheduler.request_rerun(session, [event])
        except ProtocolError as err:
            conn.send_text(encode_error_message(sid, err.code, str(err)))


    def _data_window(self, shell: _SocketShell, session: Session, data: dict) -> None:
        """Answer a data_window request with a data_rows message (protocol §3).

        A sort the grid has not computed yet, of a large frame, runs on a
        worker thread so the loop keeps serving; everything else is answered
        here, at once.
        """
        cid = data["componentId"]
        grid = session.grid(cid)
        if grid is None:
            raise ProtocolError("COMPONENT_NOT_FOUND", f"no data frame with id {cid[:80]!r} "
                                                       f"on this page")
        try:
            start, stop, column, asc = validate_window_request(data, grid.n_rows,
                                                               grid.source.columns)
        except ValueError as exc:
            raise ProtocolError("INVALID_MESSAGE", f"data_window: {exc}") from None
        session.touch()

        def answer() -> str:
            return encode_message("data_rows", session.id,
                                  grid.window_data(cid, start, stop, column, asc))

        if column is None or grid.n_rows <= GRID_SORT_INLINE_ROWS or \
                grid.source._last_order[:2] == (column, asc):
            shell.conn.send_text(answer())
            return

        def done(fut) -> None:
            try:
                text = fut.result()
            except Exception:                # a bug of ours: log it, keep the connection
                traceback.print_exc()
                return
            if shell in session.shells:
                shell.send_texts([text])

        loop = self.scheduler.loop
        loop.run_in_executor(self.scheduler.pool, answer).add_done_callback(done)


COMPONENT_MIME = "text/html; component"   #: MediaStore items /component/TOKEN may serve
COMPONENT_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                 "img-src data: blob: https: http:; font-src data: https:; "
                 "media-src data: blob: https: http:; sandbox allow-scripts allow-popups")
_PAGE_ROUTE = re.compile(rf"/[A-Za-z0-9_~%-]{{1,{MAX_PAGE_PATH}}}")   # one segment, no dot
_HEALTH_BODY = b'{"status": "ok"}'
_MEDIA_TOKEN_RE = re.compile(r"[0-9a-f]{32}")
_HEALTH_HEADERS = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]


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
# 9. Sessions: the table, and everything a session holds (protocol §4)
# =============================================================================
# A session outlives its WebSocket: a page that reconnects within the timeout
# finds its widget values, its session_state and its last render where it
# left them. The SessionTable is the only owner of sessions: it makes them,
# finds them, and on expiry frees every resource they hold (the rerun in
# flight, fragment timers, media, uploads, shared-state subscriptions).


def new_session_id() -> str:
    """Return `session_{milliseconds}_{random}` with 128 bits from `secrets` (protocol §4)."""
    return f"session_{now_ms()}_{_secrets.token_hex(16)}"


class Event(NamedTuple):
    """A widget event waiting for a rerun: which widget, and its new value."""
    widget: "_Widget"
    value: Any


class FullRerun(NamedTuple):
    """A rerun of the whole script with no event (hot reload, reconnect, shared write)."""


class FragmentTick(NamedTuple):
    """A st.fragment(run_every=...) timer went off: rerun that fragment."""
    fragment_id: str


class Session:
    """Everything one browser session owns; touched by one rerun at a time."""

    __slots__ = ("id", "last_active", "session_state", "widget_values", "widgets",
                 "widget_keys", "triggers", "shells", "queue", "active_run", "rendered",
                 "query_params", "pending_form_values", "page_config", "tree", "fragments",
                 "timers", "media_tokens", "reruns", "shared_keys", "uploads", "app_version",
                 "closed", "page_path", "context", "grids", "__weakref__")

    def __init__(self, sid: str):
        self.id = sid
        self.last_active = time.monotonic()
        self.session_state = {}     # st.session_state's contents
        self.widget_values = {}     # widget id -> value, for widgets without a key
        self.widgets = {}           # widget id -> _Widget of the last completed rerun
        self.widget_keys = set()    # session_state keys that belong to widgets
        self.triggers = {}          # widget id -> value of a click/submit, for one rerun
        self.shells = set()         # open WebSocket connections showing this session
        self.queue = []             # Event / FullRerun / FragmentTick waiting for a rerun
        self.active_run = None      # the ScriptRun in flight, if any
        self.rendered = None        # PageRender of what the page shows
        self.query_params = {}      # st.query_params
        self.pending_form_values = {}   # form id -> {widget id: value} not yet submitted
        self.page_config = {}       # st.set_page_config
        self.tree = None            # the element tree of the last rerun (for fragments)
        self.fragments = {}         # fragment id -> (function, args, kwargs, run_every)
        self.timers = {}            # fragment id -> asyncio TimerHandle (run_every)
        self.media_tokens = set()   # MediaStore tokens this session shows
        self.reruns = 0             # reruns so far (toasts use it to show once)
        self.shared_keys = set()    # st.shared_state keys read by the last rerun
        self.uploads = collections.OrderedDict()  # file id -> UploadedFile
        self.app_version = -1       # App.version the last render was made with
        self.grids = {}             # component id -> Grid of the data frames the page shows
        self.closed = False
        self.page_path = ""         # URL path of the page shown ("": the default page)
        self.context = {}           # st.context: the WebSocket request's headers, cookies...

    def touch(self) -> None:
        """Record activity: a message, a frame or a connect (protocol §4)."""
        self.last_active = time.monotonic()

    def send(self, texts: list) -> None:
        """Send JSON messages to every page showing this session."""
        if _trace:
            for text in texts:
                _trace("Session.send", f"-> {text[:160]}{'...' if len(text) > 160 else ''}")
        for shell in list(self.shells):
            shell.send_texts(texts)

    def grid(self, cid: str) -> "Grid | None":
        """Return the data frame drawn under a component id (by the last or running rerun)."""
        grid = self.grids.get(cid)
        if grid is None and self.active_run is not None:
            grid = self.active_run.grids.get(cid)
        return grid

    def add_upload(self, name: str, mime: str, data: bytes) -> "UploadedFile":
        """Keep one uploaded file for the next rerun (the oldest beyond the bound go)."""
        fid = _secrets.token_hex(16)
        upload = self.uploads[fid] = UploadedFile(fid, name, mime, data, self.id)
        while len(self.uploads) > MAX_UPLOADS_PER_SESSION:
            self.uploads.popitem(last=False)
        self.touch()
        return upload

    def parse_event(self, data: dict) -> Event | None:
        """Turn a component_event's data into an Event for the rerun queue.

        The widget's own parser checks the value (section 14 builds it with
        the widget). A widget inside a form only stores its value until the
        form is submitted, so None is returned for it.
        """
        cid = data["componentId"]
        w = self.widgets.get(cid)
        if w is None and self.active_run is not None:
            w = self.active_run.widgets.get(cid)
        if w is None:
            raise ProtocolError("COMPONENT_NOT_FOUND",
                                f"no widget with id {cid[:80]!r} on this page")
        if w.disabled:
            raise ProtocolError("INVALID_MESSAGE", "this widget is disabled")
        raw = data.get("value")
        try:
            if w.kind == "form_submit_button":
                value = self._form_values(w, raw)
            elif w.trigger and w.kind != "chat_input":
                value = True
            else:
                value = w.parse(raw)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, OSError) as exc:
            raise ProtocolError("INVALID_MESSAGE",
                                f"bad value for {w.kind} {cid[:80]!r}: {exc}") from None
        if w.form and not w.trigger:
            self.pending_form_values.setdefault(w.form, {})[w.id] = value
            return None
        return Event(w, value)

    def _form_values(self, button: "_Widget", raw) -> list:
        """The Events a form submit carries: values stored earlier plus those it sends."""
        values = dict(self.pending_form_values.pop(button.form, {}))
        if raw is not None and not isinstance(raw, dict):
            raise ValueError("a form submit carries an object of widget values")
        for wid, v in (raw or {}).items():
            fw = self.widgets.get(wid)
            if fw is None or fw.form != button.form or fw.trigger:
                raise ValueError(f"{wid[:80]!r} is not a widget of this form")
            values[wid] = fw.parse(v)
        return [Event(self.widgets[wid], v) for wid, v in values.items()
                if wid in self.widgets]


class MediaItem(NamedTuple):
    """Bytes an app drew, as /media/TOKEN serves them."""
    data: bytes
    mime: str
    file_name: str | None


class MediaStore:
    """Media bytes by token, shared by every session that shows the same bytes.

    A token is a keyed hash of the content, so 1,000 sessions drawing one
    logo hold one copy, and the page's HTML for it is the same in every
    session (the render cache shares it too). Each token counts the sessions
    holding it; the bytes go when the last one lets go (a rerun that no
    longer draws them, or the session's expiry). Thread-safe: reruns add
    from worker threads.
    """

    def __init__(self):
        self.items = {}                  # token -> MediaItem
        self.holders = {}                # token -> ids of the sessions showing it
        self.salt = _secrets.token_bytes(16)
        self.lock = threading.Lock()
        self.redis = None                # with --redis: media are also stored there (9b)

    def add(self, session: Session, data: bytes, mime: str, file_name: str | None) -> str:
        """Store bytes for a session; return their unguessable token."""
        h = hashlib.sha256(self.salt)
        h.update(f"{mime}\x00{file_name}\x00".encode("utf-8", "replace"))
        h.update(data)
        token = h.hexdigest()[:32]
        with self.lock:
            new = token not in self.items
            if new:
                self.items[token] = MediaItem(data, mime, file_name)
            self.holders.setdefault(token, set()).add(session.id)
            session.media_tokens.add(token)
        if new and self.redis is not None:   # other instances may be asked for it
            self.redis.save_media(session, token, self.items.get(token))
        return token

    def get(self, token: str) -> MediaItem | None:
        """Return the item behind a token, or None."""
        return self.items.get(token)

    def keep_only(self, session: Session, tokens: set) -> None:
        """Let go of the session's tokens that are not in `tokens` (its last rerun's)."""
        with self.lock:
            for token in session.media_tokens - tokens:
                self._release(session.id, token)
            session.media_tokens &= tokens

    def release_all(self, session: Session) -> None:
        """Let go of every token the session holds (it expired)."""
        self.keep_only(session, set())

    def _release(self, sid: str, token: str) -> None:
        holders = self.holders.get(token)
        if holders is not None:
            holders.discard(sid)
            if not holders:
                del self.holders[token]
                self.items.pop(token, None)


class SessionTable:
    """Every live session by id: creation, lookup, expiry, and what expiry frees."""

    def __init__(self, timeout: float = SESSION_TIMEOUT_S, max_sessions: int = MAX_SESSIONS):
        self.timeout = timeout
        self.max_sessions = max_sessions
        self.by_id = {}                  # session id -> Session
        self.media = MediaStore()

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, sid: str) -> Session | None:
        """Return the live session with this id, or None (unknown ids are never adopted)."""
        return self.by_id.get(sid)

    def new(self) -> Session:
        """Make a session with a fresh server-minted id (503 when the table is full)."""
        return self.adopt(new_session_id())

    def adopt(self, sid: str) -> Session:
        """Make a session under a given id: new() mints one, Redis hands one over (9b)."""
        if len(self.by_id) >= self.max_sessions:
            self.expire(time.monotonic())
            if len(self.by_id) >= self.max_sessions:
                raise HTTPError(503, "too many sessions")
        s = Session(sid)
        self.by_id[s.id] = s
        return s

    def connected(self) -> list:
        """The sessions that have at least one open page."""
        return [s for s in self.by_id.values() if s.shells]

    def readers_of(self, dirty: dict) -> list:
        """Connected sessions that read a changed shared key they did not write themselves."""
        out = []
        for s in self.by_id.values():
            if not s.shells or not s.shared_keys:
                continue
            for key, writers in dirty.items():
                if (key in s.shared_keys or SharedState.ANY in s.shared_keys) \
                        and writers != {s.id}:
                    out.append(s)
                    break
        return out

    def expire(self, now: float) -> int:
        """Close sessions with no page open and idle past the timeout; return how many."""
        dead = [s for s in self.by_id.values()
                if not s.shells and now - s.last_active > self.timeout]
        for s in dead:
            self.close(s)
        return len(dead)

    def close(self, session: Session) -> None:
        """Forget a session and free everything it holds."""
        self.by_id.pop(session.id, None)
        session.closed = True
        if session.active_run is not None:
            session.active_run.interrupted = True       # the script stops at its next st.*
        for handle in session.timers.values():
            handle.cancel()
        session.timers.clear()
        self.media.release_all(session)
        session.grids = {}
        session.uploads.clear()
        session.shared_keys = set()
        session.queue.clear()
        session.tree = session.rendered = None

    def close_all(self) -> None:
        """Close every session (server shutdown)."""
        for s in list(self.by_id.values()):
            self.close(s)


# =============================================================================
# 9b. Redis (RESP2/RESP3): codec (no I/O), asyncio and thread clients, signed
#     pickles, a leased lock, and RedisStore (what a server keeps there)
# =============================================================================
# Sessions, st.shared_state and the caches can live in Redis (or Valkey, its
# fork, which speaks the same protocol) so that several server processes share
# them. We speak RESP, the REdis Serialization Protocol, as we speak HTTP/1.1
# and WebSocket: by hand, from the standard library.
#
# A client sends every command as an array of bulk strings, never as an
# "inline command" (a bare line of words), because only the array form is
# binary safe:
#
#     SET greeting hi   ->   *3\r\n $3\r\nSET\r\n $8\r\ngreeting\r\n $2\r\nhi\r\n
#
# The server answers with one reply per command, in order. A reply starts
# with a type byte; every header line ends with CRLF:
#
#     RESP2 and RESP3                     RESP3 only (after HELLO 3)
#     +OK              simple string      _                null
#     -ERR message     error              #t / #f          boolean
#     :42              integer            ,1.5 ,inf ,nan   double
#     $5 hello         bulk string        (1234567890...   big number
#     $-1              null bulk          !21 SYNTAX ...   blob error
#     *2 ...           array              =15 txt:...      verbatim string
#     *-1              null array         %2 k v k v       map
#                                         ~3 ...           set
#                                         |1 k v <reply>   attribute (skipped)
#                                         >3 ...           push (out of band)
#
# Because replies arrive in the order the commands were sent, many commands
# can be in flight on one connection ("pipelining") and each reply is matched
# to the oldest waiting command. A push (RESP3 `>`) belongs to no command and
# is handed to a callback instead.
#
# parse_reply(buf) follows the reader contract of section 3: it returns
# (value, bytes_consumed) when a whole reply is in buf, None when more bytes
# are needed, and raises RedisProtocolError for bytes that are not RESP. An
# error *reply* (`-` or `!`) is not a protocol error: it is returned as a
# RedisReplyError value, so one failed command in a pipeline does not stop the
# replies behind it; the client raises it for the command it belongs to.
#
# Values: simple strings become str ("OK"); bulk and verbatim strings stay
# bytes (the caller decodes, as the bytes may be a pickle); integers and big
# numbers int; doubles float; nulls None; arrays list; maps dict; sets set;
# pushes RedisPush (a list).

REDIS_DEFAULT_PORT = 6379           #: the port Redis and Valkey listen on by default
MAX_REPLY_BYTES = 64 * 1024 * 1024  #: one reply, all its parts together; Redis allows
                                    #: 512 MiB strings (proto-max-bulk-len), but a cache
                                    #: entry past 64 MiB belongs on disk, and every
                                    #: connection may be buffering one such reply
MAX_REPLY_DEPTH = 32                #: nested aggregates; Redis's own replies nest 3-4 deep,
                                    #: only Lua/module replies go deeper
MAX_ARRAY_LEN = 1024 * 1024         #: elements of one reply, nested aggregates counted
                                    #: together (~60 bytes of Python objects each); a
                                    #: bigger answer should be fetched with SCAN
MAX_LINE = 64 * 1024                #: a header, simple string, error or number line;
                                    #: Redis's longest are Lua error messages, far shorter
REDIS_CONNECT_TIMEOUT_S = 5.0       #: TCP (+TLS) connect and the HELLO/AUTH/SELECT handshake
REDIS_COMMAND_TIMEOUT_S = 5.0       #: one command's round trip, waiting for a slot included
REDIS_MAX_IN_FLIGHT = 512           #: commands sent and unanswered on one connection; past
                                    #: it callers wait, so a stalled server costs bounded memory
REDIS_READ_CHUNK = 256 * 1024       #: bytes asked of the socket per read
REDIS_WRITE_HIGH_WATER = 1024 * 1024  #: unsent bytes past which a caller waits for drain
REDIS_RECONNECT_BASE_S = 0.05       #: first reconnect delay; doubles on each failure ...
REDIS_RECONNECT_CAP_S = 5.0         #: ... up to this, so a restarted server is found in
                                    #: seconds without being hammered while it is down
PUBSUB_MAX_QUEUE = 10_000           #: undelivered pub/sub messages; past it the oldest is
                                    #: dropped (pub/sub is at-most-once anyway)
PUBSUB_PING_INTERVAL_S = 30.0       #: a silent pub/sub connection is pinged this often; no
                                    #: answer within another interval -> reconnect
LOCK_POLL_MIN_S = 0.01              #: first wait between attempts to take a busy lock ...
LOCK_POLL_MAX_S = 0.2               #: ... growing to this, so a freed lock is taken quickly
LOCK_WAIT_S = 10.0                  #: how long `with lock:` waits before RedisLockError
MIN_SECRET_BYTES = 16               #: signing keys shorter than 128 bits are refused
SIGNATURE_VERSION = 1               #: first byte of a signed payload (HMAC-SHA256)
_SIGNATURE_BYTES = 32               # HMAC-SHA256 digest size

_NO_PIPELINE = frozenset({
    # these put the connection into push mode (RESP2 cannot tell their
    # messages from replies) or change its state behind the handshake's back
    b"SUBSCRIBE", b"PSUBSCRIBE", b"SSUBSCRIBE", b"UNSUBSCRIBE", b"PUNSUBSCRIBE",
    b"SUNSUBSCRIBE", b"MONITOR", b"HELLO", b"RESET", b"QUIT", b"SELECT", b"AUTH"})


class RedisError(Exception):
    """Base class of everything this section raises about Redis."""


class RedisProtocolError(RedisError):
    """Bytes that are not RESP, or a reply over a limit; the connection must be closed."""

    replies = ()     # set by ReplyParser.feed: replies completed before the bad bytes


class RedisConnectionError(RedisError, ConnectionError):
    """No connection: refused, lost mid-flight, closed, or waiting to reconnect."""


class RedisTimeoutError(RedisError, asyncio.TimeoutError):
    """A connect or a command got no answer within its timeout."""


class RedisLockError(RedisError):
    """A lock could not be taken within the time allowed."""


class RedisReplyError(RedisError):
    """An error reply (`-ERR ...`, `!21 ...`): a value in a pipeline, raised by command().

    >>> err = RedisReplyError("WRONGTYPE Operation against a key holding the wrong kind")
    >>> err.code
    'WRONGTYPE'
    """

    def __init__(self, message: str):
        super().__init__(message)
        word = message.split(" ", 1)[0]
        # "The first word in the error is in upper case and describes the error
        # code" (RESP3 spec); a message without one is a generic ERR
        self.code = word if word.isupper() else "ERR"

    def __eq__(self, other):
        """Equal to another error reply with the same text (tables compare them)."""
        return type(other) is type(self) and str(other) == str(self)

    def __hash__(self):
        """Hash by text, consistent with __eq__."""
        return hash(str(self))


class SignatureError(ValueError):
    """A signed payload whose signature is missing, unknown or wrong: never unpickle it."""


class RedisPush(list):
    """A RESP3 push (`>`): out-of-band data such as a pub/sub message; item 0 is its kind."""


class PubSubMessage(NamedTuple):
    """One message received on a subscribed channel (or a channel matching a pattern)."""
    channel: bytes
    data: bytes


# -- Encoding commands --------------------------------------------------------


def encode_command(*args) -> bytes:
    r"""Encode one command as a RESP array of bulk strings.

    Arguments may be bytes, str (sent as UTF-8), int or float; bool and None
    are refused because Redis has no such types and any spelling would be a
    guess.

    >>> encode_command("SET", "k", b"v\x00", 10)
    b'*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv\x00\r\n$2\r\n10\r\n'
    >>> encode_command("ZADD", "z", 1.5, "m")
    b'*4\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\n1.5\r\n$1\r\nm\r\n'
    """
    if not args:
        raise ValueError("a command needs at least its name")
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = _encode_arg(arg)
        out.append(b"$%d\r\n" % len(data))
        out.append(data)
        out.append(b"\r\n")
    return b"".join(out)


def _encode_arg(arg) -> bytes:
    """Return one command argument as bytes."""
    if isinstance(arg, bytes):
        return arg
    if isinstance(arg, (bytearray, memoryview)):
        return bytes(arg)
    if isinstance(arg, str):
        return arg.encode("utf-8")
    if isinstance(arg, bool) or arg is None:
        raise TypeError(f"cannot send {arg!r} to Redis: pass bytes, str, int or float")
    if isinstance(arg, int):
        return b"%d" % arg
    if isinstance(arg, float):
        if math.isnan(arg):
            raise ValueError("Redis refuses NaN as an argument")
        return repr(arg).encode("ascii")     # shortest round-trip form; inf -> "inf"
    raise TypeError(f"cannot send {type(arg).__name__} to Redis: "
                    "pass bytes, str, int or float")


# -- Parsing replies ----------------------------------------------------------

# Lengths and counts: "0", no leading zeros, at most 19 digits (the spec's
# unsigned 64-bit range is refused far earlier by our limits).
_LENGTH_RE = re.compile(rb"0|[1-9][0-9]{0,18}")
_INTEGER_RE = re.compile(rb"0|-?[1-9][0-9]{0,19}")
_BIG_NUMBER_RE = re.compile(rb"0|-?[1-9][0-9]*")
# ",1.23", ",10", ",1e-3"; "To just start with `.` ... is invalid" (RESP3 spec)
_DOUBLE_RE = re.compile(rb"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
# inf, -inf, nan; Redis before 7.2 may send libc's "-nan", "NAN", "nan(...)"
_INF_NAN_RE = re.compile(rb"([-+]?)(inf|nan)(?:\([0-9A-Za-z_]*\))?", re.IGNORECASE)

_LINE_TYPES = frozenset(b"+-:_#,(")   # the whole value is on the header line
_BULK_TYPES = frozenset(b"$!=")       # header gives a length, payload follows
_AGGREGATE_TYPES = frozenset(b"*%~|>")
_PENDING = object()                   # sentinel: the value is not complete yet


class _Aggregate:
    """An array, map, set, attribute or push whose elements are still arriving."""

    __slots__ = ("kind", "expected", "items")

    def __init__(self, kind: int, expected: int):
        self.kind = kind
        self.expected = expected      # elements still to come in total (maps: 2 per pair)
        self.items = []

    def build(self):
        """Return the finished value, or _PENDING for an attribute (it is skipped)."""
        items = self.items
        if self.kind == 0x2A:                     # * array
            return items
        if self.kind == 0x3E:                     # > push
            return RedisPush(items)
        if self.kind == 0x7E:                     # ~ set
            try:
                return {_resp_hashable(v) for v in items}
            except TypeError:
                raise RedisProtocolError("unhashable set element") from None
        if self.kind == 0x25:                     # % map
            try:
                return {_resp_hashable(items[i]): items[i + 1] for i in range(0, len(items), 2)}
            except TypeError:
                raise RedisProtocolError("unhashable map key") from None
        return _PENDING                           # | attribute: auxiliary data, dropped


def _resp_hashable(value):
    """Return value usable as a dict key or set member (lists become tuples)."""
    if isinstance(value, list):
        return tuple(_resp_hashable(v) for v in value)
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, dict):
        return tuple((k, _resp_hashable(v)) for k, v in value.items())
    return value


class _ReplyState:
    """The progress of one reply: an explicit stack instead of recursion.

    advance() never re-reads a finished element, so a reply fed in small
    pieces costs O(n) in total however large its arrays are.
    """

    __slots__ = ("max_size", "max_depth", "max_items", "stack", "bulk", "scan",
                 "size", "items")

    def __init__(self, max_size: int, max_depth: int, max_items: int):
        self.max_size = max_size
        self.max_depth = max_depth
        self.max_items = max_items
        self.stack = []        # open aggregates, outermost first
        self.bulk = None       # (type byte, length) of a payload still arriving
        self.scan = 0          # bytes of the current line already searched for CRLF
        self.size = 0          # bytes of this reply consumed so far
        self.items = 0         # aggregate elements declared so far

    def advance(self, buf, pos: int):
        """Parse from pos as far as buf allows; return (value, pos) or (_PENDING, pos)."""
        n = len(buf)
        while True:
            if self.bulk is not None:
                kind, length = self.bulk
                end = pos + length
                if n < end + 2:                   # payload incomplete: nothing to scan
                    return _PENDING, pos
                if buf[end:end + 2] != b"\r\n":
                    raise RedisProtocolError("bulk string not followed by CRLF")
                value = _bulk_value(kind, bytes(buf[pos:end]))
                self.bulk = None
                pos = end + 2
            else:
                start = pos + self.scan
                eol = buf.find(b"\r\n", start, pos + MAX_LINE + 2)
                if eol < 0:
                    if n - pos >= MAX_LINE + 2:
                        raise RedisProtocolError(f"line longer than {MAX_LINE} bytes")
                    self.scan = max(0, n - pos - 1)   # a CR may be the last byte
                    return _PENDING, pos
                self.scan = 0
                line = bytes(buf[pos:eol])
                self.size += eol + 2 - pos
                if self.size > self.max_size:
                    raise RedisProtocolError(f"reply larger than {self.max_size} bytes")
                pos = eol + 2
                value = self._on_line(line)
                if value is _PENDING:
                    continue
            # a value is complete: hand it to the innermost open aggregate
            while self.stack:
                top = self.stack[-1]
                top.items.append(value)
                if len(top.items) < top.expected:
                    value = _PENDING
                    break
                self.stack.pop()
                value = top.build()
                if value is _PENDING:             # an attribute ended; its reply follows
                    break
            if value is not _PENDING:
                return value, pos

    def _on_line(self, line: bytes):
        """Interpret one header line: a value, or _PENDING after opening a bulk/aggregate."""
        if not line:
            raise RedisProtocolError("empty line where a reply was expected")
        kind, rest = line[0], line[1:]
        if b"\r" in rest or b"\n" in rest:
            raise RedisProtocolError("CR or LF inside a line")
        if kind in _LINE_TYPES:
            return _line_value(kind, rest)
        if rest == b"?" and (kind in _BULK_TYPES or kind in _AGGREGATE_TYPES):
            raise RedisProtocolError("streamed strings and aggregates are not supported")
        if kind in _BULK_TYPES:
            if rest == b"-1" and kind == 0x24:    # $-1: RESP2 null bulk string
                return None
            length = _parse_length(rest, "bulk length")
            if length > self.max_size or self.size + length + 2 > self.max_size:
                raise RedisProtocolError(f"bulk string of {length} bytes exceeds the "
                                         f"{self.max_size}-byte reply limit")
            self.size += length + 2
            self.bulk = (kind, length)
            return _PENDING
        if kind in _AGGREGATE_TYPES:
            if rest == b"-1" and kind == 0x2A:    # *-1: RESP2 null array
                return None
            count = _parse_length(rest, "aggregate length")
            elements = count * 2 if kind in (0x25, 0x7C) else count
            if elements > self.max_items - self.items:
                raise RedisProtocolError(f"reply declares more than {self.max_items} "
                                         "elements")
            self.items += elements
            if elements == 0:
                return _Aggregate(kind, 0).build()
            if len(self.stack) >= self.max_depth:
                raise RedisProtocolError(f"reply nested deeper than {self.max_depth}")
            self.stack.append(_Aggregate(kind, elements))
            return _PENDING
        raise RedisProtocolError(f"unknown reply type byte {bytes([kind])!r}")


def _parse_length(text: bytes, what: str) -> int:
    """Return a non-negative length or count, refusing signs, spaces and leading zeros."""
    if not _LENGTH_RE.fullmatch(text):
        if text.startswith(b"-"):
            raise RedisProtocolError(f"negative {what} {text[:20]!r}")
        raise RedisProtocolError(f"malformed {what} {text[:20]!r}")
    return int(text)


def _line_value(kind: int, rest: bytes):
    """Return the value of a one-line reply (+ - : _ # , ()."""
    if kind == 0x2B:                              # + simple string
        return rest.decode("utf-8", "replace")
    if kind == 0x2D:                              # - error
        return RedisReplyError(rest.decode("utf-8", "replace"))
    if kind == 0x3A:                              # : integer
        if not _INTEGER_RE.fullmatch(rest):
            raise RedisProtocolError(f"malformed integer {rest[:30]!r}")
        return int(rest)
    if kind == 0x5F:                              # _ null
        if rest:
            raise RedisProtocolError("null with a payload")
        return None
    if kind == 0x23:                              # # boolean
        if rest == b"t":
            return True
        if rest == b"f":
            return False
        raise RedisProtocolError(f"malformed boolean {rest[:10]!r}")
    if kind == 0x2C:                              # , double
        if _DOUBLE_RE.fullmatch(rest):
            return float(rest)
        m = _INF_NAN_RE.fullmatch(rest)
        if not m:
            raise RedisProtocolError(f"malformed double {rest[:30]!r}")
        if m.group(2).lower() == b"nan":
            return math.nan
        return -math.inf if m.group(1) == b"-" else math.inf
    # ( big number
    if not _BIG_NUMBER_RE.fullmatch(rest):
        raise RedisProtocolError(f"malformed big number {rest[:30]!r}")
    try:
        return int(rest)
    except ValueError:                            # past sys.get_int_max_str_digits()
        raise RedisProtocolError("big number too long") from None


def _bulk_value(kind: int, data: bytes):
    """Return the value of a length-prefixed reply ($ ! =)."""
    if kind == 0x24:                              # $ bulk string
        return data
    if kind == 0x21:                              # ! blob error
        return RedisReplyError(data.decode("utf-8", "replace"))
    # = verbatim string: "the first three bytes provide information about the
    # format ... The fourth byte is always `:`" (RESP3 spec). We keep the text
    # as bytes, as INFO returns it in RESP2.
    if len(data) < 4 or data[3:4] != b":":
        raise RedisProtocolError("verbatim string without a 3-byte format and ':'")
    return data[4:]


def parse_reply(buf, pos: int = 0, *, max_size: int = MAX_REPLY_BYTES,
                max_depth: int = MAX_REPLY_DEPTH, max_items: int = MAX_ARRAY_LEN):
    r"""Parse one reply at buf[pos:]: (value, consumed), None for "need more", or raise.

    The next reply starts at pos + consumed. A declared length over a limit
    raises RedisProtocolError at once, before its bytes are waited for.
    Each call starts afresh; feed a stream to ReplyParser instead.

    >>> parse_reply(b"+OK\r\n:42\r\n")
    ('OK', 5)
    >>> parse_reply(b"*2\r\n$5\r\nhello\r\n_\r\n")
    ([b'hello', None], 18)
    >>> parse_reply(b"$5\r\nhel") is None
    True
    >>> parse_reply(b"%1\r\n+a\r\n,inf\r\n")
    ({'a': inf}, 14)
    >>> parse_reply(b"-ERR unknown command\r\n")
    (RedisReplyError('ERR unknown command'), 22)
    >>> try:
    ...     parse_reply(b"$999999999\r\n")
    ... except RedisProtocolError as exc:
    ...     print(exc)
    bulk string of 999999999 bytes exceeds the 67108864-byte reply limit
    """
    state = _ReplyState(max_size, max_depth, max_items)
    value, end = state.advance(buf, pos)
    if value is _PENDING:
        return None
    return value, end - pos


class ReplyParser:
    r"""Turn received bytes into complete replies, keeping partial progress (no I/O).

    feed(data) returns the replies data completed, in order. Half a reply is
    kept as already-parsed elements plus the unparsed tail, so feeding a huge
    reply in small pieces costs O(n). After a RedisProtocolError the stream
    is unusable: close the connection.

    >>> p = ReplyParser()
    >>> p.feed(b"*2\r\n:1\r\n")
    []
    >>> p.feed(b":2\r\n+PONG\r\n$3\r\nab")
    [[1, 2], 'PONG']
    >>> p.feed(b"c\r\n")
    [b'abc']
    """

    __slots__ = ("buf", "max_size", "max_depth", "max_items", "_state")

    def __init__(self, max_size: int = MAX_REPLY_BYTES, max_depth: int = MAX_REPLY_DEPTH,
                 max_items: int = MAX_ARRAY_LEN):
        self.buf = bytearray()
        self.max_size = max_size
        self.max_depth = max_depth
        self.max_items = max_items
        self._state = _ReplyState(max_size, max_depth, max_items)

    def feed(self, data: bytes) -> list:
        """Consume data; return the complete replies it finished.

        A RedisProtocolError carries, as `.replies`, the replies completed
        before the bad bytes, so their commands still get their answers.
        """
        buf = self.buf
        buf += data
        replies = []
        pos = 0
        try:
            while pos < len(buf):
                value, pos = self._state.advance(buf, pos)
                if value is _PENDING:
                    break
                replies.append(value)
                self._state = _ReplyState(self.max_size, self.max_depth, self.max_items)
        except RedisProtocolError as err:
            err.replies = replies
            raise
        del buf[:pos]          # CPython drops a bytearray's head without copying the rest
        return replies


# -- Connection settings: redis:// URLs ---------------------------------------
#
#     redis://[[user]:password@]host[:port][/db][?option=value...]
#     rediss://...                      the same over TLS
#     unix:///path/to/redis.sock[?db=N&password=...]
#
# valkey:// and valkeys:// are accepted as synonyms.

_URL_OPTIONS = frozenset({"db", "ssl_cert_reqs", "ssl_ca_certs", "client_name",
                          "protocol", "password", "username"})


class RedisConfig(NamedTuple):
    """Where and how to connect; build it with parse_redis_url()."""
    host: str = "127.0.0.1"
    port: int = REDIS_DEFAULT_PORT
    db: int = 0
    username: str | None = None
    password: str | None = None
    ssl_context: Any = None            # an ssl.SSLContext for rediss://
    unix_path: str | None = None
    client_name: str | None = None
    protocol: int = 3                  # 3: try HELLO 3 and fall back to RESP2; 2: RESP2
    connect_timeout: float = REDIS_CONNECT_TIMEOUT_S
    command_timeout: float = REDIS_COMMAND_TIMEOUT_S

    def __repr__(self):
        """Show where, never the password."""
        where = self.unix_path or f"{self.host}:{self.port}"
        return (f"RedisConfig({where!r}, db={self.db}, tls={self.ssl_context is not None}, "
                f"user={self.username!r}, password={'***' if self.password else None})")

    @property
    def address(self) -> str:
        """Return where the server is, for messages (never the password)."""
        return f"unix:{self.unix_path}" if self.unix_path else f"{self.host}:{self.port}"


def parse_redis_url(url: str, **overrides) -> RedisConfig:
    """Parse a redis://, rediss:// or unix:// URL into a RedisConfig; ValueError if invalid.

    User name and password are percent-decoded, so a password holding "@",
    ":" or "/" is written %40, %3A, %2F. Keyword arguments override fields
    (e.g. command_timeout=2.0).

    >>> cfg = parse_redis_url("redis://:p%40ss@cache.internal:6380/2")
    >>> cfg.host, cfg.port, cfg.db, cfg.username, cfg.password
    ('cache.internal', 6380, 2, None, 'p@ss')
    >>> parse_redis_url("redis://localhost").port
    6379
    >>> try:
    ...     parse_redis_url("http://localhost")
    ... except ValueError as exc:
    ...     print(exc)
    Redis URL scheme must be redis, rediss or unix, not 'http'
    """
    if not isinstance(url, str):
        raise ValueError("a Redis URL must be a str")
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError as exc:
        raise ValueError(f"malformed Redis URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("redis", "rediss", "valkey", "valkeys", "unix"):
        raise ValueError("Redis URL scheme must be redis, rediss or unix, "
                         f"not {parts.scheme!r}")
    if parts.fragment:
        raise ValueError("a Redis URL has no #fragment")
    options = {}
    for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True,
                                              strict_parsing=False):
        if name not in _URL_OPTIONS:
            raise ValueError(f"unknown Redis URL option {name!r} "
                             f"(known: {', '.join(sorted(_URL_OPTIONS))})")
        if name in options:
            raise ValueError(f"Redis URL option {name!r} given twice")
        options[name] = value
    fields = {}
    username, password = _url_credentials(parts)
    username = options.pop("username", username)
    password = options.pop("password", password)
    if username and password is None:
        raise ValueError("a Redis user name needs a password: "
                         "write redis://user:password@host")
    fields["username"] = username or None
    fields["password"] = password
    if scheme == "unix":
        if not parts.path:
            raise ValueError("a unix:// Redis URL needs a socket path: unix:///path/to/sock")
        fields["unix_path"] = urllib.parse.unquote(parts.path)
        db_text = options.pop("db", "0")
    else:
        if not parts.hostname:
            raise ValueError("a Redis URL needs a host: redis://host:port/db")
        fields["host"] = parts.hostname
        try:
            port = parts.port
        except ValueError:
            raise ValueError("Redis URL port must be a number from 1 to 65535") from None
        if port == 0:
            raise ValueError("Redis URL port must be a number from 1 to 65535")
        fields["port"] = port or REDIS_DEFAULT_PORT
        path_db = parts.path.strip("/")
        if path_db and "db" in options:
            raise ValueError("give the Redis database in the path or as ?db=, not both")
        db_text = options.pop("db", path_db or "0")
    if not db_text.isdigit() or not db_text.isascii() or len(db_text) > 9:
        raise ValueError(f"Redis database must be a non-negative number, not {db_text!r}")
    fields["db"] = int(db_text)
    if "client_name" in options:
        name = options.pop("client_name")
        if not name or any(c <= " " or c > "~" for c in name):
            raise ValueError("client_name must be printable ASCII without spaces")
        fields["client_name"] = name
    if "protocol" in options:
        proto = options.pop("protocol")
        if proto not in ("2", "3"):
            raise ValueError(f"protocol must be 2 or 3, not {proto!r}")
        fields["protocol"] = int(proto)
    tls = scheme in ("rediss", "valkeys")
    if tls:
        fields["ssl_context"] = _ssl_context(options.pop("ssl_cert_reqs", "required"),
                                             options.pop("ssl_ca_certs", None))
    elif "ssl_cert_reqs" in options or "ssl_ca_certs" in options:
        raise ValueError("ssl_cert_reqs and ssl_ca_certs need a rediss:// URL")
    fields.update(overrides)
    return RedisConfig(**fields)


def _url_credentials(parts) -> tuple:
    """Return the percent-decoded (user name, password) of a split URL."""
    if "@" not in parts.netloc:
        return None, None
    userinfo = parts.netloc.rpartition("@")[0]
    user, colon, password = userinfo.partition(":")
    try:
        user = urllib.parse.unquote(user, errors="strict")
        password = urllib.parse.unquote(password, errors="strict") if colon else None
    except UnicodeDecodeError:
        raise ValueError("Redis URL user name or password is not valid UTF-8 "
                         "once percent-decoded") from None
    return user, password


def _ssl_context(cert_reqs: str, ca_file: str | None):
    """Return a TLS context: verified by default; ssl_cert_reqs=none for self-signed tests."""
    import ssl                             # only for rediss://: ~5 ms to import
    ctx = ssl.create_default_context(cafile=ca_file)
    mode = cert_reqs.lower()
    if mode == "none":
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif mode == "optional":
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_OPTIONAL
    elif mode != "required":
        raise ValueError(f"ssl_cert_reqs must be none, optional or required, not {cert_reqs!r}")
    return ctx


# -- The handshake, shared by every client ------------------------------------
# RESP3 (Redis >= 6) opens with one command: HELLO 3 [AUTH user pass]
# [SETNAME name]. An older server answers it with an error, and we fall back
# to RESP2: AUTH, CLIENT SETNAME. SELECT follows in both cases.


def _hello_command(config: RedisConfig) -> list:
    """Return the HELLO 3 command with the config's credentials and client name."""
    cmd = ["HELLO", 3]
    if config.password is not None:
        cmd += ["AUTH", config.username or "default", config.password]
    if config.client_name:
        cmd += ["SETNAME", config.client_name]
    return cmd


def _setup_commands(config: RedisConfig, after_hello: bool) -> list:
    """Return the commands that finish opening a session (RESP2 path unless after_hello)."""
    cmds = []
    if not after_hello:
        if config.password is not None:
            cmds.append(["AUTH", config.username, config.password] if config.username
                        else ["AUTH", config.password])
        if config.client_name:
            cmds.append(["CLIENT", "SETNAME", config.client_name])
    if config.db:
        cmds.append(["SELECT", config.db])
    return cmds


_FATAL_CODES = frozenset({"WRONGPASS", "NOPERM", "NOAUTH"})   # retrying cannot help


def reconnect_delay(attempt: int, base: float = REDIS_RECONNECT_BASE_S,
                    cap: float = REDIS_RECONNECT_CAP_S) -> float:
    """Return the wait before retry number `attempt` (1, 2, ...): doubling, capped, jittered.

    Half the delay is fixed and half random ("equal jitter"), so it grows
    with each failure yet many clients restarted together spread out.

    >>> 0.05 <= reconnect_delay(1) <= 0.1 and 2.5 <= reconnect_delay(30) <= 5.0
    True
    """
    ceiling = min(cap, base * 2.0 ** min(max(attempt, 1), 62))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _check_pipelinable(args: tuple) -> None:
    """Refuse commands that would break reply matching on a shared connection."""
    if not args:
        raise ValueError("a command needs at least its name")
    name = _encode_arg(args[0]).upper()
    if name in _NO_PIPELINE:
        hint = "use RedisSubscriber" if name.endswith(b"SUBSCRIBE") else \
            "set it in the RedisConfig"
        raise ValueError(f"{name.decode('latin-1')} cannot run on a shared connection: {hint}")


async def _with_timeout(awaitable, timeout: float):
    """Await with a time limit like asyncio.wait_for, but never lose a cancellation.

    Before Python 3.12, wait_for could swallow a cancellation that arrived
    just as the awaited work finished (CPython issue gh-86296); a reconnect
    loop that lost its cancellation would then retry forever. Raises
    asyncio.TimeoutError after cancelling the work and letting it clean up.
    """
    task = asyncio.ensure_future(awaitable)
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout)
        if not done:
            task.cancel()
            await asyncio.wait({task})     # it closes what it opened
            if not task.cancelled():
                task.exception()           # retrieved: no "never retrieved" warning
            raise asyncio.TimeoutError
    except asyncio.CancelledError:
        task.cancel()
        raise
    return task.result()


# -- asyncio client -----------------------------------------------------------


async def _open_stream(config: RedisConfig):
    """Open the TCP/TLS or unix stream and run the handshake; return (reader, writer, parser, protocol)."""
    if config.unix_path:
        reader, writer = await asyncio.open_unix_connection(config.unix_path,
                                                            limit=REDIS_READ_CHUNK)
    else:
        reader, writer = await asyncio.open_connection(
            config.host, config.port, ssl=config.ssl_context, limit=REDIS_READ_CHUNK,
            server_hostname=config.host if config.ssl_context else None)
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    parser = ReplyParser()
    try:
        protocol = await _handshake_async(config, reader, writer, parser)
    except BaseException:
        writer.close()
        raise
    return reader, writer, parser, protocol


async def _roundtrip_async(reader, writer, parser: ReplyParser, args) -> Any:
    """Send one command and read exactly its reply (handshake only: nothing else in flight)."""
    writer.write(encode_command(*args))
    while True:
        data = await reader.read(REDIS_READ_CHUNK)
        if not data:
            raise RedisConnectionError("server closed the connection during the handshake")
        replies = parser.feed(data)
        if len(replies) > 1:
            raise RedisProtocolError("more than one reply to a handshake command")
        if replies:
            return replies[0]


async def _handshake_async(config, reader, writer, parser) -> int:
    """Run HELLO (or AUTH), SETNAME and SELECT; return the protocol version agreed."""
    protocol = 2
    if config.protocol == 3:
        reply = await _roundtrip_async(reader, writer, parser, _hello_command(config))
        if not isinstance(reply, RedisReplyError):
            protocol = 3
    for cmd in _setup_commands(config, protocol == 3):
        reply = await _roundtrip_async(reader, writer, parser, cmd)
        if isinstance(reply, RedisReplyError):
            raise reply
    return protocol


class RedisClient:
    """One pipelined connection shared by every coroutine of the server (asyncio).

    Many callers may await command() at once: each request is written at
    once, and replies are matched to requests in FIFO order. At most
    max_in_flight commands are unanswered; further callers wait (within their
    timeout). A command that times out leaves its reply to be discarded on
    arrival, so the connection stays usable. When the connection is lost,
    every waiter gets RedisConnectionError and new commands fail at once
    until reconnect() (or the maintain() task) has opened a new one.

    Do not send blocking commands (BLPOP, XREAD BLOCK, WAIT): they hold up
    every reply behind them. RESP3 pushes go to on_push(push).
    """

    def __init__(self, config: RedisConfig | str, *, max_in_flight: int = REDIS_MAX_IN_FLIGHT,
                 on_push: Callable | None = None):
        self.config = parse_redis_url(config) if isinstance(config, str) else config
        self.max_in_flight = max_in_flight
        self.on_push = on_push
        self.protocol = 0                  # 2 or 3 once connected
        self._writer = None
        self._reader_task = None
        self._pending = collections.deque()   # futures, oldest request first
        self._ready = False                # handshake done; commands may be sent
        self._closed = False
        # asyncio primitives bind to the running loop on Python 3.9: made in connect()
        self._slots = None                 # Semaphore(max_in_flight)
        self._connect_lock = None
        self._drain_lock = None            # StreamWriter.drain() is not concurrency-safe on 3.9
        self._lost = None                  # Event: set while there is no connection

    @property
    def connected(self) -> bool:
        """Whether commands can be sent now."""
        return self._ready and self._writer is not None

    @property
    def in_flight(self) -> int:
        """Commands written and not yet answered."""
        return len(self._pending)

    async def connect(self) -> None:
        """Open the connection and run the handshake, all within connect_timeout."""
        if self._closed:
            raise RedisConnectionError("client is closed")
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_in_flight)
            self._connect_lock = asyncio.Lock()
            self._drain_lock = asyncio.Lock()
            self._lost = asyncio.Event()
            self._lost.set()
        async with self._connect_lock:
            if self.connected:
                return
            cfg = self.config
            try:
                reader, writer, parser, protocol = await _with_timeout(
                    _open_stream(cfg), cfg.connect_timeout)
            except (RedisReplyError, RedisProtocolError):
                raise
            except asyncio.TimeoutError:
                raise RedisTimeoutError(f"connecting to Redis at {cfg.address} took longer "
                                        f"than {cfg.connect_timeout:g} s") from None
            except OSError as exc:
                raise RedisConnectionError(
                    f"cannot connect to Redis at {cfg.address}: {exc}") from exc
            if self._closed:
                writer.close()
                raise RedisConnectionError("client is closed")
            self.protocol = protocol
            self._writer = writer
            self._ready = True
            self._lost.clear()
            self._reader_task = asyncio.get_running_loop().create_task(
                self._read_loop(reader, writer, parser))

    async def command(self, *args, timeout: float | None = None) -> Any:
        """Send one command and return its reply; an error reply is raised as RedisReplyError."""
        _check_pipelinable(args)
        payload = encode_command(*args)
        limit = self.config.command_timeout if timeout is None else timeout
        try:
            reply = await _with_timeout(self._send(payload), limit)
        except RedisError:
            raise
        except asyncio.TimeoutError:
            raise RedisTimeoutError(f"Redis did not answer {_name_of(args)} within "
                                    f"{limit:g} s") from None
        except OSError as exc:
            raise RedisConnectionError(f"Redis connection failed: {exc}") from exc
        if isinstance(reply, RedisReplyError):
            raise reply
        return reply

    async def _send(self, payload: bytes) -> Any:
        """Take an in-flight slot, write payload and wait for the matching reply."""
        if self._slots is None:
            raise RedisConnectionError("not connected to Redis: call connect() first")
        await self._slots.acquire()
        writer = self._writer
        if writer is None or not self._ready:
            self._slots.release()
            raise RedisConnectionError(f"not connected to Redis at {self.config.address}")
        fut = asyncio.get_running_loop().create_future()
        self._pending.append(fut)          # append and write with no await between:
        writer.write(payload)              # the FIFO order is the order on the wire
        try:
            if writer.transport.get_write_buffer_size() > REDIS_WRITE_HIGH_WATER:
                async with self._drain_lock:
                    await writer.drain()
            return await fut
        finally:
            if not fut.done():
                fut.cancel()               # its reply will be read and dropped

    async def _read_loop(self, reader, writer, parser: ReplyParser) -> None:
        """Read replies and resolve waiters in order until the connection ends."""
        error = RedisConnectionError(f"lost the connection to Redis at {self.config.address}")
        try:
            while True:
                data = await reader.read(REDIS_READ_CHUNK)
                if not data:
                    error = RedisConnectionError(
                        f"Redis at {self.config.address} closed the connection")
                    break
                try:
                    replies = parser.feed(data)
                except RedisProtocolError as err:
                    for reply in err.replies:
                        self._on_reply(reply)
                    raise
                for reply in replies:
                    self._on_reply(reply)
        except asyncio.CancelledError:
            error = RedisConnectionError("Redis client closed")
            raise
        except (OSError, RedisError) as exc:
            error = RedisConnectionError(f"Redis connection to {self.config.address} "
                                         f"failed: {exc}")
        finally:
            if self._writer is writer:
                if not self._closed:
                    _log(f"{error}; commands fail until it reconnects")
                self._drop(error)

    def _on_reply(self, reply) -> None:
        """Hand a reply to the oldest waiting command, or a push to on_push."""
        if isinstance(reply, RedisPush):
            if self.on_push is not None:
                try:
                    self.on_push(reply)
                except Exception as exc:     # a callback bug must not kill the connection
                    _log(f"Redis push callback failed: {exc!r}")
            return
        if not self._pending:
            raise RedisProtocolError("a reply arrived with no command waiting")
        fut = self._pending.popleft()
        self._slots.release()
        if not fut.done():
            fut.set_result(reply)

    def _drop(self, error: Exception) -> None:
        """Forget the connection: close it and fail every waiting command with error."""
        writer, self._writer = self._writer, None
        self._ready = False
        if writer is not None:
            writer.close()
        while self._pending:
            fut = self._pending.popleft()
            self._slots.release()
            if not fut.done():
                fut.set_exception(error)
        task = self._reader_task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
        self._reader_task = None
        if self._lost is not None:
            self._lost.set()

    async def reconnect(self, max_attempts: int | None = None) -> None:
        """Connect, retrying with growing, jittered delays; return once connected.

        Gives up only after max_attempts failures, on an authentication
        error (retrying cannot fix it), or when the client is closed.
        """
        attempt = 0
        while True:
            if self._closed:
                raise RedisConnectionError("client is closed")
            try:
                await self.connect()
                return
            except RedisReplyError as exc:
                if exc.code in _FATAL_CODES:
                    raise
                last = exc
            except (RedisConnectionError, RedisTimeoutError) as exc:
                last = exc
            attempt += 1
            if max_attempts is not None and attempt >= max_attempts:
                raise last
            await asyncio.sleep(reconnect_delay(attempt))

    async def wait_lost(self) -> None:
        """Return once the connection is gone (at once if there is none)."""
        if self._lost is None:
            return
        await self._lost.wait()

    async def maintain(self) -> None:
        """Keep the connection up until close(): reconnect whenever it drops (run as a task)."""
        while not self._closed:
            if not self.connected:
                try:
                    await self.reconnect()
                except RedisConnectionError:
                    if self._closed:
                        return
                    raise
            await self._lost.wait()

    async def close(self) -> None:
        """Close the connection for good; waiting commands fail with RedisConnectionError."""
        self._closed = True
        writer, task = self._writer, self._reader_task
        if self._slots is not None:
            self._drop(RedisConnectionError("Redis client closed"))
        if task is not None:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        if writer is not None:
            try:
                await _with_timeout(writer.wait_closed(), 1.0)
            except (OSError, asyncio.TimeoutError):
                pass


def _name_of(args) -> str:
    """Return a command's name for messages (never its arguments: they may be secrets)."""
    try:
        return _encode_arg(args[0]).decode("utf-8", "replace").upper()[:40]
    except (TypeError, ValueError, IndexError):
        return "the command"


# -- Pub/sub ------------------------------------------------------------------


def _pubsub_message(reply):
    """Return a PubSubMessage for a message/pmessage reply, else None."""
    if not isinstance(reply, list) or len(reply) < 3:
        return None
    kind = reply[0]
    if kind in (b"message", "message", b"smessage", "smessage") and len(reply) == 3:
        return PubSubMessage(reply[1], reply[2])
    if kind in (b"pmessage", "pmessage") and len(reply) == 4:
        return PubSubMessage(reply[2], reply[3])
    return None


class RedisSubscriber:
    """A pub/sub connection: subscribe to channels and patterns, receive (channel, data).

    Run `await sub.run()` as a task: it connects, (re)subscribes to
    everything subscribed so far, and reconnects with backoff whenever the
    connection drops, until close(). Messages go to on_message(message) if
    given, else to a bounded queue read by `async for channel, data in sub`.
    `ready` is set while connected with every subscription confirmed.
    Messages published while the connection was down are lost: pub/sub is
    at-most-once.
    """

    def __init__(self, config: RedisConfig | str, *, on_message: Callable | None = None,
                 max_queue: int = PUBSUB_MAX_QUEUE,
                 ping_interval: float = PUBSUB_PING_INTERVAL_S):
        self.config = parse_redis_url(config) if isinstance(config, str) else config
        self.on_message = on_message
        self.max_queue = max_queue
        self.ping_interval = ping_interval
        self.channels = set()
        self.patterns = set()
        self.dropped = 0                   # messages dropped because the queue was full
        self._writer = None
        self._awaiting = 0                 # subscription confirmations still to come
        self._closed = False
        self._queue = None                 # asyncio objects made in the running loop
        self._ready = None
        self._task = None

    def _init_loop_objects(self) -> None:
        """Create the queue and event in the running loop (Python 3.9 binds them)."""
        if self._queue is None:
            self._queue = asyncio.Queue()
            self._ready = asyncio.Event()

    @property
    def ready(self) -> asyncio.Event:
        """Event set while connected and every subscription is confirmed."""
        self._init_loop_objects()
        return self._ready

    async def subscribe(self, *channels, timeout: float | None = None) -> None:
        """Subscribe to channels; if connected, wait (within timeout) for the confirmation."""
        await self._change("SUBSCRIBE", self.channels, channels, timeout)

    async def psubscribe(self, *patterns, timeout: float | None = None) -> None:
        """Subscribe to glob-style patterns (news.*) like subscribe()."""
        await self._change("PSUBSCRIBE", self.patterns, patterns, timeout)

    async def unsubscribe(self, *channels) -> None:
        """Stop receiving these channels."""
        await self._change("UNSUBSCRIBE", self.channels, channels, None)

    async def punsubscribe(self, *patterns) -> None:
        """Stop receiving these patterns."""
        await self._change("PUNSUBSCRIBE", self.patterns, patterns, None)

    async def _change(self, verb: str, names: set, new: tuple, timeout) -> None:
        """Record a (un)subscription and send it if connected."""
        self._init_loop_objects()
        if not new:
            raise ValueError(f"{verb} needs at least one name")
        keys = [_encode_arg(n) for n in new]
        adding = verb in ("SUBSCRIBE", "PSUBSCRIBE")
        if adding:
            names.update(keys)
        else:
            names.difference_update(keys)
        writer = self._writer
        if writer is None:
            return                           # run() sends it on (re)connect
        if adding:
            self._awaiting += len(keys)
            self._ready.clear()
        writer.write(encode_command(verb, *keys))
        if adding:
            limit = self.config.command_timeout if timeout is None else timeout
            try:
                await _with_timeout(self._ready.wait(), limit)
            except asyncio.TimeoutError:
                raise RedisTimeoutError(f"{verb} was not confirmed within {limit:g} s") from None

    async def run(self) -> None:
        """Connect, subscribe and read until close(), reconnecting with backoff (a task)."""
        self._init_loop_objects()
        self._task = asyncio.current_task()
        try:
            await self._run()
        except asyncio.CancelledError:
            if not self._closed:
                raise                         # cancelled by someone else: propagate

    async def _run(self) -> None:
        """run()'s loop: one connection per turn."""
        attempt = 0
        while not self._closed:
            cfg = self.config
            try:
                reader, writer, parser, _ = await _with_timeout(_open_stream(cfg),
                                                                   cfg.connect_timeout)
            except (OSError, asyncio.TimeoutError, RedisError) as exc:
                if isinstance(exc, RedisReplyError) and exc.code in _FATAL_CODES:
                    raise
                attempt += 1
                await asyncio.sleep(reconnect_delay(attempt))
                continue
            attempt = 0
            try:
                self._writer = writer
                self._awaiting = len(self.channels) + len(self.patterns)
                if self.channels:
                    writer.write(encode_command("SUBSCRIBE", *sorted(self.channels)))
                if self.patterns:
                    writer.write(encode_command("PSUBSCRIBE", *sorted(self.patterns)))
                if not self._awaiting:
                    self._ready.set()
                await self._read_messages(reader, parser)
            except (OSError, RedisError) as exc:
                if not self._closed:
                    _log(f"Redis pub/sub connection to {cfg.address} lost ({exc}); "
                         "reconnecting")
            finally:
                self._writer = None
                self._ready.clear()
                writer.close()
            if not self._closed:
                attempt += 1
                await asyncio.sleep(reconnect_delay(attempt))

    async def _read_messages(self, reader, parser: ReplyParser) -> None:
        """Deliver messages until the connection ends; ping when it is silent."""
        pinged = False
        while True:
            try:
                data = await _with_timeout(reader.read(REDIS_READ_CHUNK),
                                              self.ping_interval)
            except asyncio.TimeoutError:
                if pinged:
                    raise RedisConnectionError("pub/sub connection stopped answering")
                self._writer.write(encode_command("PING"))
                pinged = True
                continue
            if not data:
                raise RedisConnectionError("server closed the pub/sub connection")
            pinged = False
            for reply in parser.feed(data):
                self._on_reply(reply)

    def _on_reply(self, reply) -> None:
        """Handle one pub/sub reply: a message, a confirmation or a pong."""
        message = _pubsub_message(reply)
        if message is not None:
            if self.on_message is not None:
                try:
                    self.on_message(message)
                except Exception as exc:     # a callback bug must not kill the connection
                    _log(f"Redis pub/sub callback failed: {exc!r}")
                return
            if self._queue.qsize() >= self.max_queue:
                self._queue.get_nowait()
                self.dropped += 1
            self._queue.put_nowait(message)
            return
        if isinstance(reply, RedisReplyError):
            raise RedisConnectionError(f"pub/sub error from Redis: {reply}")
        if isinstance(reply, list) and reply and reply[0] in (b"subscribe", b"psubscribe"):
            self._awaiting = max(0, self._awaiting - 1)
            if not self._awaiting:
                self._ready.set()

    def __aiter__(self):
        """Iterate over messages: `async for channel, data in subscriber`."""
        return self

    async def __anext__(self) -> PubSubMessage:
        """Return the next message; stop once closed."""
        self._init_loop_objects()
        if self._closed and self._queue.empty():
            raise StopAsyncIteration
        message = await self._queue.get()
        if message is None:                   # close()'s wake-up
            raise StopAsyncIteration
        return message

    async def close(self) -> None:
        """Stop run() and end any `async for` over this subscriber."""
        self._closed = True
        self._init_loop_objects()
        if self._writer is not None:
            self._writer.close()
        self._queue.put_nowait(None)
        task = self._task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass


# -- Thread client ------------------------------------------------------------


class RedisSyncClient:
    """A blocking client for app-script threads: one socket, one exchange at a time.

    A lock serialises threads. The connection opens on first use; after a
    failure the socket is dropped (its state is unknown) and the next call
    reconnects, but not before a growing delay has passed, so threads do not
    hammer a server that is down: in between, calls fail at once with
    RedisConnectionError. A command in flight when the connection dies is
    not retried, since it may have run.
    """

    def __init__(self, config: RedisConfig | str):
        self.config = parse_redis_url(config) if isinstance(config, str) else config
        self.protocol = 0
        self._sock = None
        self._parser = None
        self._lock = threading.Lock()
        self._failures = 0
        self._retry_at = 0.0

    def command(self, *args, timeout: float | None = None) -> Any:
        """Send one command and return its reply; an error reply is raised as RedisReplyError."""
        reply = self.pipeline([args], timeout=timeout)[0]
        if isinstance(reply, RedisReplyError):
            raise reply
        return reply

    def pipeline(self, commands: list, timeout: float | None = None) -> list:
        """Send several commands in one write; return their replies (errors as values)."""
        for args in commands:
            _check_pipelinable(tuple(args))
        payload = b"".join(encode_command(*args) for args in commands)
        limit = self.config.command_timeout if timeout is None else timeout
        with self._lock:
            deadline = time.monotonic() + limit
            if self._sock is None:
                self._connect()
            try:
                return self._exchange(payload, len(commands), deadline)
            except BaseException:
                self._close_socket()
                raise

    def get(self, key) -> bytes | None:
        """Return the value at key, or None."""
        return self.command("GET", key)

    def set(self, key, value, *, px: int | None = None, nx: bool = False) -> bool:
        """Set key to value (expiring after px ms, only if absent with nx); True if set."""
        args = ["SET", key, value]
        if px is not None:
            args += ["PX", px]
        if nx:
            args.append("NX")
        return self.command(*args) == "OK"

    def _connect(self) -> None:
        """Open the socket and run the handshake (lock held), honouring the retry delay."""
        cfg = self.config
        wait = self._retry_at - time.monotonic()
        if wait > 0:
            raise RedisConnectionError(f"Redis at {cfg.address} is unreachable; next attempt "
                                       f"in {wait:.1f} s")
        deadline = time.monotonic() + cfg.connect_timeout
        try:
            if cfg.unix_path:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(cfg.connect_timeout)
                sock.connect(cfg.unix_path)
            else:
                sock = socket.create_connection((cfg.host, cfg.port), cfg.connect_timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if cfg.ssl_context is not None:
                    sock = cfg.ssl_context.wrap_socket(sock, server_hostname=cfg.host)
            self._sock, self._parser = sock, ReplyParser()
            protocol = 2
            if cfg.protocol == 3:
                reply = self._exchange(encode_command(*_hello_command(cfg)), 1, deadline)[0]
                if not isinstance(reply, RedisReplyError):
                    protocol = 3
            for cmd in _setup_commands(cfg, protocol == 3):
                reply = self._exchange(encode_command(*cmd), 1, deadline)[0]
                if isinstance(reply, RedisReplyError):
                    raise reply
        except BaseException as exc:
            self._close_socket()
            self._failures += 1
            self._retry_at = time.monotonic() + reconnect_delay(self._failures)
            if isinstance(exc, (RedisTimeoutError, socket.timeout)):
                raise RedisTimeoutError(f"connecting to Redis at {cfg.address} took longer "
                                        f"than {cfg.connect_timeout:g} s") from None
            if isinstance(exc, OSError) and not isinstance(exc, RedisError):
                raise RedisConnectionError(
                    f"cannot connect to Redis at {cfg.address}: {exc}") from exc
            raise
        self.protocol = protocol
        self._failures = 0

    def _exchange(self, payload: bytes, count: int, deadline: float) -> list:
        """Write payload and read count replies (pushes skipped) before the deadline."""
        sock, parser = self._sock, self._parser
        replies = []
        try:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            sock.sendall(payload)
            while len(replies) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise socket.timeout()
                sock.settimeout(remaining)
                data = sock.recv(REDIS_READ_CHUNK)
                if not data:
                    raise RedisConnectionError(
                        f"Redis at {self.config.address} closed the connection")
                replies += [r for r in parser.feed(data) if not isinstance(r, RedisPush)]
        except RedisError:
            raise
        except socket.timeout:
            raise RedisTimeoutError(f"Redis at {self.config.address} did not answer "
                                    "within the timeout") from None
        except OSError as exc:
            raise RedisConnectionError(f"Redis connection failed: {exc}") from exc
        if len(replies) > count:
            raise RedisProtocolError("more replies than commands")
        return replies

    def _close_socket(self) -> None:
        """Drop the socket; the next call reconnects."""
        sock, self._sock, self._parser = self._sock, None, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def close(self) -> None:
        """Close the connection (a later call opens a new one)."""
        with self._lock:
            self._close_socket()


# -- Signed payloads ----------------------------------------------------------
# Unpickling runs code chosen by whoever wrote the bytes. Anything we store in
# Redis can be rewritten by anyone who can reach Redis, so every pickle we
# store is signed, and nothing is unpickled before its signature checks out:
#
#     +---------+-------------------------------+---------------+
#     | version |  HMAC-SHA256(secret,          |     data      |
#     | 1 byte  |    version + data), 32 bytes  |               |
#     +---------+-------------------------------+---------------+
#
# Give each use (sessions, caches) its own secret so a blob signed for one
# cannot be replayed as the other.


def _check_secret(secret) -> None:
    """Refuse a signing key that is not bytes or is too short to resist guessing."""
    if not isinstance(secret, (bytes, bytearray)):
        raise TypeError("the signing secret must be bytes")
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the signing secret must be at least {MIN_SECRET_BYTES} bytes")


def sign_payload(secret: bytes, data: bytes) -> bytes:
    """Return data prefixed with a version byte and its HMAC-SHA256 signature.

    >>> blob = sign_payload(b"k" * 32, b"hello")
    >>> len(blob), blob[0], blob[-5:]
    (38, 1, b'hello')
    >>> verify_payload(b"k" * 32, blob)
    b'hello'
    """
    _check_secret(secret)
    head = bytes([SIGNATURE_VERSION])
    mac = hmac.new(bytes(secret), head + data, hashlib.sha256).digest()
    return head + mac + data


def verify_payload(secret: bytes, blob: bytes) -> bytes:
    """Return the data of a signed blob, or raise SignatureError (compared in constant time).

    >>> try:
    ...     verify_payload(b"k" * 32, b"\\x01" + bytes(32) + b"evil")
    ... except SignatureError as exc:
    ...     print(exc)
    bad signature
    """
    _check_secret(secret)
    if not isinstance(blob, (bytes, bytearray)) or len(blob) < 1 + _SIGNATURE_BYTES:
        raise SignatureError("payload too short to be signed")
    if blob[0] != SIGNATURE_VERSION:
        raise SignatureError(f"unknown signature version {blob[0]}")
    head, mac, data = blob[:1], blob[1:1 + _SIGNATURE_BYTES], blob[1 + _SIGNATURE_BYTES:]
    expected = hmac.new(bytes(secret), bytes(head + data), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, bytes(mac)):
        raise SignatureError("bad signature")
    return bytes(data)


def encode_signed_pickle(secret: bytes, value) -> bytes:
    """Pickle value (protocol 4: every Python we support reads it) and sign it."""
    import pickle
    return sign_payload(secret, pickle.dumps(value, protocol=4))


def decode_signed_pickle(secret: bytes, blob: bytes):
    """Verify a signed pickle, then unpickle it; SignatureError before any unpickling."""
    import pickle
    return pickle.loads(verify_payload(secret, blob))


# -- A leased lock ------------------------------------------------------------
# SET name token NX PX lease takes the lock only if nobody holds it, and the
# lease makes Redis drop it by itself, so a holder that crashed blocks others
# for at most lease_ms. Only the holder may release: the Lua script compares
# the random token before deleting, atomically (a plain GET then DEL could
# delete a lock that expired and was taken by someone else in between).

_RELEASE_SCRIPT = """\
if redis.call("GET", KEYS[1]) == ARGV[1] then
    return redis.call("DEL", KEYS[1])
end
return 0
"""

_EXTEND_SCRIPT = """\
if redis.call("GET", KEYS[1]) == ARGV[1] then
    return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0
"""


class RedisLock:
    """A mutual-exclusion lock in Redis, held for at most lease_ms after acquire.

    With a RedisSyncClient the methods block; with a RedisClient they return
    coroutines to await. As context managers (`with lock:` / `async with
    lock:`) they wait up to LOCK_WAIT_S and raise RedisLockError otherwise.
    Work longer than the lease must call extend(), or the lock passes on.
    """

    def __init__(self, client, name, lease_ms: int):
        if not isinstance(lease_ms, int) or isinstance(lease_ms, bool) or lease_ms <= 0:
            raise ValueError("lease_ms must be a positive int")
        self.client = client
        self.name = name
        self.lease_ms = lease_ms
        self.token = None                  # our random token while we (believe we) hold it

    def _is_async(self) -> bool:
        """Whether the client is the asyncio one."""
        return isinstance(self.client, RedisClient)

    def acquire(self, timeout: float = 0.0):
        """Try to take the lock for up to timeout seconds; True if taken (await if async)."""
        if self._is_async():
            return self._acquire_async(timeout)
        token = _secrets.token_hex(16)
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            if self.client.command("SET", self.name, token, "NX", "PX", self.lease_ms) == "OK":
                self.token = token
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            attempt += 1
            time.sleep(min(remaining, reconnect_delay(attempt, LOCK_POLL_MIN_S,
                                                      LOCK_POLL_MAX_S)))

    async def _acquire_async(self, timeout: float) -> bool:
        """acquire() for RedisClient."""
        token = _secrets.token_hex(16)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        attempt = 0
        while True:
            reply = await self.client.command("SET", self.name, token, "NX", "PX",
                                              self.lease_ms)
            if reply == "OK":
                self.token = token
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            attempt += 1
            await asyncio.sleep(min(remaining, reconnect_delay(attempt, LOCK_POLL_MIN_S,
                                                               LOCK_POLL_MAX_S)))

    def release(self):
        """Release the lock if we still hold it; True if it was ours (await if async)."""
        token, self.token = self.token, None
        if token is None:
            return _done(False) if self._is_async() else False
        reply = self.client.command("EVAL", _RELEASE_SCRIPT, 1, self.name, token)
        if self._is_async():
            return _map_async(reply, lambda n: n == 1)
        return reply == 1

    def extend(self, lease_ms: int | None = None):
        """Restart the lease (lease_ms, default the original) if we still hold it; True if so."""
        if self.token is None:
            return _done(False) if self._is_async() else False
        reply = self.client.command("EVAL", _EXTEND_SCRIPT, 1, self.name, self.token,
                                    lease_ms or self.lease_ms)
        if self._is_async():
            return _map_async(reply, lambda n: n == 1)
        return reply == 1

    def __enter__(self):
        """Take the lock (waiting up to LOCK_WAIT_S) or raise RedisLockError."""
        if not self.acquire(LOCK_WAIT_S):
            raise RedisLockError(f"lock {self.name!r} still busy after {LOCK_WAIT_S:g} s")
        return self

    def __exit__(self, *exc_info):
        """Release the lock."""
        self.release()

    async def __aenter__(self):
        """Take the lock (waiting up to LOCK_WAIT_S) or raise RedisLockError."""
        if not await self.acquire(LOCK_WAIT_S):
            raise RedisLockError(f"lock {self.name!r} still busy after {LOCK_WAIT_S:g} s")
        return self

    async def __aexit__(self, *exc_info):
        """Release the lock."""
        await self.release()


async def _done(value):
    """Return value from a coroutine (for async methods that need no round trip)."""
    return value


async def _map_async(awaitable, func):
    """Await awaitable and return func(result)."""
    return func(await awaitable)


# -- What a server keeps in Redis ---------------------------------------------
# With --redis, several server processes behind one load balancer share
# Redis, so any of them can serve any user:
#
#     streamlit_go:session:ID    a signed pickle of the session's state after
#                                its last completed rerun; expires after
#                                --session-timeout (PX), like the session
#     streamlit_go:shared        a hash: st.shared_state, one signed pickle of
#                                (key, value) per field
#     streamlit_go:shared:lock   st.shared_state.lock (a RedisLock)
#     streamlit_go:cache:F:A     st.cache_data: function F's result for arguments A
#     streamlit_go:media:TOKEN   bytes behind /media/TOKEN and /component/TOKEN
#     streamlit_go:upload:ID     bytes of one POST /upload
#
# and every write to st.shared_state is announced on the pub/sub channel
# streamlit_go:shared so that each instance reruns its own readers. What a
# session shows (its last render, its element tree, its open WebSockets)
# stays in the process that serves it: a session that moves is rerun once
# on its new instance, from the values it had.
#
# The event loop never waits for Redis on a user's behalf: writes are sent
# and forgotten (queued while Redis is away), and loading a session happens
# after the WebSocket upgrade, within REDIS_LOAD_TIMEOUT_S.

REDIS_PREFIX = "streamlit_go:"      #: every key and channel we use starts with this
REDIS_LOAD_TIMEOUT_S = 2.0          #: a WebSocket waits this long for its session from
                                    #: Redis, then gets a fresh session instead
REDIS_PENDING_WRITES = 10_000       #: session writes queued while Redis is away (one per
                                    #: session, the newest); past it the oldest is dropped
REDIS_SESSION_UPLOADS_MAX = 8 * 1024 * 1024  #: upload bytes a session keeps in Redis; more
                                    #: stay in this process only (a moved session loses them)
REDIS_MEDIA_BUDGET = 32 * 1024 * 1024  #: media bytes one session may put in Redis; past it
                                    #: its media are served by this process only
REDIS_MEDIA_TTL_S = 3600.0          #: media keys live this long (the browser caches an hour)
_SESSION_ID_RE = re.compile(r"session_[0-9]{1,16}_[0-9a-f]{32}")


def snapshot_session(session: "Session") -> dict:
    """Return what moves with a session: its values, not its render or connections."""
    uploads, total = [], 0
    for up in session.uploads.values():
        data = up.getvalue()
        if total + len(data) > REDIS_SESSION_UPLOADS_MAX:
            break
        total += len(data)
        uploads.append((up.file_id, up.name, up.type, data))
    return {"session_state": session.session_state,
            "widget_values": session.widget_values,
            "widget_keys": session.widget_keys,
            "query_params": session.query_params,
            "page_path": session.page_path,
            "page_config": session.page_config,
            "reruns": session.reruns,
            "uploads": uploads}


def restore_session(session: "Session", snap: dict) -> None:
    """Put a snapshot's values into a (new) session; its first rerun redraws the page."""
    session.session_state = dict(snap["session_state"])
    session.widget_values = dict(snap["widget_values"])
    session.widget_keys = set(snap["widget_keys"])
    session.query_params = dict(snap["query_params"])
    session.page_path = str(snap["page_path"])
    session.page_config = dict(snap["page_config"])
    session.reruns = int(snap["reruns"])
    for fid, name, mime, data in snap["uploads"]:
        session.uploads[fid] = UploadedFile(fid, name, mime, data, session.id)


class RedisStore:
    """A server's shared storage in Redis: sessions, st.shared_state, caches, media.

    The event loop uses the asyncio client; app threads (st.shared_state
    writes, st.cache_data) use the thread client. While Redis is away,
    `down` holds the reason (for /health), sessions keep working from memory
    and their writes wait in a bounded queue; when it is back every live
    session is written again (a restarted Redis may have lost them all).
    """

    def __init__(self, url: str, secret: str, session_ttl: float):
        self.config = parse_redis_url(url)
        raw = secret.encode("utf-8")
        _check_secret(raw)
        # one key per use, so a blob signed as a cache entry cannot pose as a session
        self.keys = {use: hmac.new(raw, use.encode(), hashlib.sha256).digest()
                     for use in ("session", "shared", "cache", "media")}
        self.client = RedisClient(self.config)
        self.sync = RedisSyncClient(self.config)
        self.ttl_ms = max(1, int(session_ttl * 1000))
        self.down = "not connected yet"     # None while connected
        self.pending = collections.OrderedDict()   # key -> (blob, ttl ms), while down
        self.dropped = 0
        self.local_only = weakref.WeakSet()  # sessions whose state cannot be pickled
        self.instance = _secrets.token_hex(8)    # tells our own pub/sub messages apart
        self.on_up = None                   # called on the loop when Redis is back
        self.on_shared = None               # called with (key, present, value) from others
        self.tasks = set()
        self.subscriber = None
        self.media_spent = weakref.WeakKeyDictionary()   # session -> media bytes stored
        self.media_lock = threading.Lock()

    async def start(self) -> None:
        """Connect (RedisError if Redis cannot be reached), then keep connected."""
        await self.client.connect()
        self.down = None
        loop = asyncio.get_running_loop()
        self.tasks.add(loop.create_task(self._supervise()))
        self.subscriber = RedisSubscriber(self.config, on_message=self._on_publish)
        await self.subscriber.subscribe(REDIS_PREFIX + "shared")
        self.tasks.add(loop.create_task(self.subscriber.run()))
        await _with_timeout(self.subscriber.ready.wait(), self.config.connect_timeout)

    async def stop(self) -> None:
        """Close both connections and stop the tasks."""
        for task in list(self.tasks):
            task.cancel()
        if self.subscriber is not None:
            await self.subscriber.close()
        await self.client.close()
        self.sync.close()

    async def _supervise(self) -> None:
        """Notice a lost connection, reconnect with growing delays, and catch up."""
        attempt = 0
        while True:
            if self.client.connected:
                await self.client.wait_lost()
                self.down = "connection lost"
                continue
            try:
                await self.client.connect()
            except (RedisError, OSError) as exc:
                self.down = str(exc)[:200] or type(exc).__name__
                attempt += 1
                await asyncio.sleep(reconnect_delay(attempt))
                continue
            attempt = 0
            self.down = None
            _log(f"Redis at {self.config.address} is back; writing sessions again")
            pending, self.pending = self.pending, collections.OrderedDict()
            for key, (blob, ttl) in pending.items():
                self._write(key, blob, ttl)
            if self.on_up is not None:
                self.on_up()

    # -- sessions ----------------------------------------------------------------
    def save_session(self, session: "Session") -> None:
        """Write a session's state after a completed rerun (on the loop; never waits)."""
        if session in self.local_only:
            return
        try:
            blob = encode_signed_pickle(self.keys["session"], snapshot_session(session))
        except Exception as exc:           # pickle raises many kinds
            self.local_only.add(session)
            _log(f"session {session.id}: its state cannot be pickled ({str(exc)[:120]}); "
                 "it stays in this process only")
            return
        self._write(REDIS_PREFIX + "session:" + session.id, blob, self.ttl_ms)

    async def load_session(self, sid: str) -> dict | None:
        """Return the snapshot stored for a session id, or None (unknown, refused, no Redis)."""
        if self.down is not None:
            return None
        try:
            blob = await self.client.command("GET", REDIS_PREFIX + "session:" + sid,
                                             timeout=REDIS_LOAD_TIMEOUT_S)
        except RedisError as exc:
            _log(f"session {sid}: cannot load it from Redis ({exc}); a fresh one is made")
            return None
        if blob is None:
            return None
        try:
            snap = decode_signed_pickle(self.keys["session"], blob)
            if not isinstance(snap, dict):
                raise TypeError(f"a {type(snap).__name__}, not a dict")
            return snap
        except SignatureError as exc:
            _log(f"session {sid}: refused its blob in Redis ({exc}); a fresh one is made")
        except Exception as exc:           # signed by us, but this code cannot read it
            _log(f"session {sid}: cannot unpickle it ({str(exc)[:120]}); a fresh one is made")
        return None

    def _write(self, key: str, blob: bytes, ttl_ms: int) -> None:
        """SET key blob PX ttl now if connected, else queue it (bounded)."""
        if self.down is not None:
            self.pending[key] = (blob, ttl_ms)
            self.pending.move_to_end(key)
            if len(self.pending) > REDIS_PENDING_WRITES:
                self.pending.popitem(last=False)
                self.dropped += 1
                if self.dropped == 1 or self.dropped % 1000 == 0:
                    _log(f"Redis is away ({self.down}): {self.dropped} queued session "
                         "write(s) dropped; those sessions live on in this process")
            return
        task = asyncio.ensure_future(self._set(key, blob, ttl_ms))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _set(self, key: str, blob: bytes, ttl_ms: int) -> None:
        """Send one SET; on failure put it back in the queue."""
        try:
            await self.client.command("SET", key, blob, "PX", ttl_ms)
        except RedisError as exc:
            if self.down is None:
                self.down = str(exc)[:200]
            self._write(key, blob, ttl_ms)

    # -- media ---------------------------------------------------------------------
    def save_media(self, session: "Session", token: str, item) -> None:
        """Store media bytes (thread client) unless the session spent its budget."""
        if item is None:
            return
        with self.media_lock:
            spent = self.media_spent.get(session, 0) + len(item.data)
            if spent > REDIS_MEDIA_BUDGET:
                return
            self.media_spent[session] = spent
        try:
            blob = encode_signed_pickle(self.keys["media"], tuple(item))
            self.sync.command("SET", REDIS_PREFIX + "media:" + token, blob,
                              "PX", int(REDIS_MEDIA_TTL_S * 1000))
        except RedisError as exc:
            _log(f"media {token}: not stored in Redis ({exc}); served by this instance only")

    async def load_media(self, token: str):
        """Return the MediaItem another instance stored under token, or None."""
        try:
            blob = await self.client.command("GET", REDIS_PREFIX + "media:" + token,
                                             timeout=REDIS_LOAD_TIMEOUT_S)
            return None if blob is None else MediaItem(
                *decode_signed_pickle(self.keys["media"], blob))
        except (RedisError, SignatureError, TypeError, ValueError) as exc:
            _log(f"media {token}: refused or unavailable in Redis ({exc})")
            return None

    # -- st.shared_state ------------------------------------------------------------
    def shared_write(self, key, present: bool, value=None) -> bool:
        """Store (or delete) one shared key and announce it; False if Redis refused."""
        field = _shared_field(key)
        try:
            if present:
                blob = encode_signed_pickle(self.keys["shared"], (key, value))
                cmd = ["HSET", REDIS_PREFIX + "shared", field, blob]
            else:
                cmd = ["HDEL", REDIS_PREFIX + "shared", field]
            self.sync.pipeline([cmd, ["PUBLISH", REDIS_PREFIX + "shared",
                                      self.instance + " " + field]])
            return True
        except Exception as exc:
            _log(f"st.shared_state: cannot write {str(key)[:60]!r} to Redis ({exc}); "
                 "kept in this process")
            return False

    def shared_load_all(self) -> dict:
        """Return every shared key stored in Redis (blobs that fail the check are skipped)."""
        out = {}
        for field, blob in _pairs(self.sync.command("HGETALL", REDIS_PREFIX + "shared")):
            item = self._shared_item(field, blob)
            if item is not None:
                out[item[0]] = item[1]
        return out

    def _shared_item(self, field, blob):
        """Return (key, value) of one stored shared field, or None if refused."""
        try:
            key, value = decode_signed_pickle(self.keys["shared"], blob)
            return key, value
        except Exception as exc:
            _log(f"st.shared_state: refused field {field!r:.60} in Redis ({exc})")
            return None

    def _on_publish(self, message: "PubSubMessage") -> None:
        """Another instance wrote a shared key: fetch it, then rerun our readers."""
        text = bytes(message.data).decode("utf-8", "replace")
        instance, _, field = text.partition(" ")
        if instance != self.instance and field:
            task = asyncio.ensure_future(self._fetch_shared(field))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _fetch_shared(self, field: str) -> None:
        """Read one shared field and hand it to on_shared (a delete when it is gone)."""
        try:
            blob = await self.client.command("HGET", REDIS_PREFIX + "shared", field)
        except RedisError as exc:
            _log(f"st.shared_state: cannot read a changed key from Redis ({exc})")
            return
        if self.on_shared is None:
            return
        if blob is None:
            self.on_shared(field, None, False, None)
            return
        item = self._shared_item(field, blob)
        if item is not None:
            self.on_shared(field, item[0], True, item[1])

    # -- st.cache_data ----------------------------------------------------------------
    def cache_get(self, key: str):
        """Return the pickled result stored under a cache key, or None (thread client)."""
        try:
            blob = self.sync.command("GET", REDIS_PREFIX + "cache:" + key)
            return None if blob is None else verify_payload(self.keys["cache"], blob)
        except (RedisError, SignatureError) as exc:
            _log(f"st.cache_data: Redis lookup skipped ({exc})")
            return None

    def cache_put(self, key: str, data: bytes, ttl_s: float | None) -> None:
        """Store a pickled result under a cache key (with the function's ttl, if any)."""
        args = ["SET", REDIS_PREFIX + "cache:" + key, sign_payload(self.keys["cache"], data)]
        if ttl_s is not None:
            args += ["PX", max(1, int(ttl_s * 1000))]
        try:
            self.sync.command(*args)
        except RedisError as exc:
            _log(f"st.cache_data: result not stored in Redis ({exc})")

    def cache_clear(self, prefix: str) -> None:
        """Delete every cache key starting with prefix (SCAN, bounded batches)."""
        cursor = b"0"
        try:
            for _ in range(100_000):
                cursor, keys = self.sync.command("SCAN", cursor, "MATCH",
                                                 REDIS_PREFIX + "cache:" + prefix + "*",
                                                 "COUNT", 1000)
                if keys:
                    self.sync.command("UNLINK", *keys)
                if cursor in (b"0", "0", 0):
                    return
        except RedisError as exc:
            _log(f"st.cache_data: shared copies not cleared ({exc})")


def _shared_field(key) -> str:
    """Return the hash field naming a shared key: a digest, so no key is ever unpickled unsigned."""
    return hashlib.sha256(repr((type(key).__name__, key)).encode()).hexdigest()[:40]


def _pairs(reply) -> list:
    """Return (field, value) pairs of an HGETALL reply (a RESP3 map or a RESP2 list)."""
    if isinstance(reply, dict):
        return list(reply.items())
    return list(zip(reply[0::2], reply[1::2]))


# =============================================================================
# 10. App runtime: compile once, rerun per event in a bounded thread pool
# =============================================================================
# The path of one click:
#
#   component_event --> Session.pending (coalesced) --> one rerun at a time
#   worker thread: apply values -> run callbacks -> exec(compiled script)
#                  with this ScriptRun as the thread's "current run"
#   the script's st.* calls build a tree of _Node -> render -> PageRender
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


_ctx = threading.local()   # .run: the ScriptRun this thread is executing


def _current_run(name: str = "st") -> "ScriptRun":
    """Return this thread's rerun, or explain that st.* needs a running app."""
    run = getattr(_ctx, "run", None)
    if run is None:
        raise StreamlitAPIException(
            f"{name}() was called outside a running app script. Start the app "
            f"with: python streamlit_go.py your_app.py")
    return run


class _Node:
    """One element of the page tree: a kind, its props, and children for containers.

    `form` and `frag` are inherited from the parent: the form a widget
    belongs to and the fragment whose rerun redraws it.
    """

    __slots__ = ("kind", "id", "props", "children", "form", "frag", "source")

    def __init__(self, kind: str, nid: str, props: dict, children=None,
                 form=None, frag=None):
        self.kind = kind
        self.id = nid
        self.props = props
        self.children = children
        self.form = form
        self.frag = frag
        self.source = None       # (method, data, args, kwargs) of a data element: add_rows


class _Widget:
    """What the server must know about a widget to accept events for it."""

    __slots__ = ("id", "kind", "key", "parse", "on_change", "args", "kwargs",
                 "form", "trigger", "default", "disabled", "fragment", "meta")

    def __init__(self, wid, kind, key, parse, on_change, args, kwargs, form,
                 trigger, default, disabled=False, fragment=None, meta=None):
        self.id, self.kind, self.key, self.parse = wid, kind, key, parse
        self.on_change, self.args, self.kwargs = on_change, args or (), kwargs or {}
        self.form, self.trigger, self.default = form, trigger, default
        self.disabled, self.fragment, self.meta = disabled, fragment, meta


class App:
    """The app script and its pages/ folder: compiled once per file version, shared by all."""

    def __init__(self, path: str):
        self.path = os.path.abspath(path)
        self.dir = os.path.dirname(self.path)
        self.pages_dir = os.path.join(self.dir, "pages")
        self.code = None
        self.error = None       # a SyntaxError text, shown in the page
        self.mtime = None
        self.version = 0        # bumped on every (re)load of the script or its pages
        self.lock = threading.Lock()
        self.uses_navigation = False   # the script calls st.navigation: pages/ is ignored
        self.nav_paths = set()  # URL paths st.navigation has declared (for HTTP routing)
        self.pages = []         # PageFile of pages/*.py, in Streamlit's order
        self._pages_stamp = None
        self._compiled = {}     # page file path -> (stamp, code or error text)
        self.load()

    def load(self) -> bool:
        """(Re)compile the script, rescan pages/, if anything changed; return True if so."""
        changed = self._scan_pages()
        for path, cached in list(self._compiled.items()):   # page files that ran
            try:
                st_ = os.stat(path)
                stale = cached[0] != (st_.st_mtime_ns, st_.st_size)
            except OSError:
                stale = True
            if stale:                        # recompiled when next shown; counted once
                with self.lock:
                    self._compiled.pop(path, None)
                changed = True
        try:
            st_ = os.stat(self.path)
        except OSError as exc:
            self.code, self.error = None, f"cannot read {self.path}: {exc}"
            return changed
        stamp = (st_.st_mtime_ns, st_.st_size)
        if stamp == self.mtime:
            if changed:
                self.version += 1
            return changed
        self.mtime = stamp
        self.version += 1
        code, error = _compile_script(self.path)
        with self.lock:
            self.code, self.error = code, error
            self.uses_navigation = code is not None and "navigation" in _names_used(code)
        return True

    def _scan_pages(self) -> bool:
        """Read the pages/ folder (names and mtimes); return True if it changed."""
        try:
            entries = sorted(e for e in os.listdir(self.pages_dir)
                             if e.endswith(".py") and not e.startswith((".", "_")))
            stamp = tuple((e, os.stat(os.path.join(self.pages_dir, e)).st_mtime_ns)
                          for e in entries[:MAX_PAGES])
        except OSError:
            entries, stamp = [], ()
        if stamp == self._pages_stamp:
            return False
        self._pages_stamp = stamp
        pages = []
        for name in entries[:MAX_PAGES]:
            try:
                naming = page_from_filename(name)
            except ValueError:
                continue
            pages.append(PageFile(os.path.join(self.pages_dir, name), naming))
        pages.sort(key=lambda pf: pf.naming.sort_key)
        self.pages = pages
        return True

    def is_multipage(self) -> bool:
        """Whether URL paths name pages (a pages/ folder, or st.navigation)."""
        return bool(self.pages) or self.uses_navigation

    def code_for(self, path: str):
        """Return the compiled code of a page file (cached per version), or raise."""
        path = os.path.abspath(path)
        try:
            st_ = os.stat(path)
        except OSError as exc:
            raise _ScriptCompileError(f"cannot read {path}: {exc}") from None
        stamp = (st_.st_mtime_ns, st_.st_size)
        cached = self._compiled.get(path)
        if cached is None or cached[0] != stamp:
            cached = (stamp,) + _compile_script(path)
            with self.lock:
                self._compiled[path] = cached
        if cached[1] is None:
            raise _ScriptCompileError(cached[2])
        return cached[1]


class PageFile(NamedTuple):
    """One script of the pages/ folder and how Streamlit names it."""
    path: str
    naming: "PageName"


def _names_used(code) -> set:
    """Every attribute and global name a code object (and its nested code) uses."""
    names, todo = set(), [code]
    while todo:
        c = todo.pop()
        names.update(c.co_names)
        todo.extend(k for k in c.co_consts if hasattr(k, "co_names"))
    return names


def _compile_script(path: str) -> tuple:
    """Compile an app or page script with magic; return (code, None) or (None, error text)."""
    try:
        with open(path, "rb") as f:
            source = f.read()
        tree = ast.parse(source, path)
        tree = _MagicTransformer().visit(tree)
        ast.fix_missing_locations(tree)
        return compile(tree, path, "exec", dont_inherit=True), None
    except (SyntaxError, ValueError, OSError) as exc:
        return None, "".join(traceback.format_exception_only(type(exc), exc))


class _MagicTransformer(ast.NodeTransformer):
    """Streamlit's "magic": a bare expression or string statement is st.write()-n.

    Module-level statements are rewritten, and so are the bodies of the
    blocks and functions they contain (with/if/for/while/try, def), as
    Streamlit does by default; class bodies are left alone. A docstring at
    the top of the file or of a function is kept. Calls are not written
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
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = stmt.body
            doc = bool(body) and isinstance(body[0], ast.Expr) and isinstance(
                body[0].value, ast.Constant) and isinstance(body[0].value.value, str)
            stmt.body = body[:1] * doc + [self._rewrite(x) for x in body[doc:]]
            return stmt
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and not isinstance(
                    stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                setattr(stmt, field, [self._rewrite(s) for s in block])
        for handler in getattr(stmt, "handlers", ()) or ():
            handler.body = [self._rewrite(s) for s in handler.body]
        return stmt


class ScriptRun:
    """One execution of the script (or of one fragment) for one session, on a worker thread."""

    def __init__(self, scheduler: "RerunScheduler", session: Session, events: list,
                 fragment: str | None = None):
        self.scheduler = scheduler
        self.session = session
        self.events = events
        self.fragment = fragment            # a fragment id: rerun only that function
        if fragment is None:
            self.roots = {"main": _Node("main", "main", {}, []),
                          "sidebar": _Node("sidebar", "sidebar", {}, [])}
            self.stack = [self.roots["main"]]
        else:
            self.roots = session.tree
            self.stack = [_find_node(self.roots, fragment)]
        self.widgets = {}                   # widget id -> _Widget seen this run
        self.fragments = {}                 # fragment id -> (func, args, kwargs, run_every)
        self.interrupted = False            # set by the loop when a newer event arrives
        self.has_trigger = False            # carries a click: never interrupted
        self.lock = threading.RLock()       # guards the tree against flush snapshots
        self.version = 0                    # bumped on every tree change
        self.flushed = 0                    # version last shown to the page
        self.page = dict(session.page_config)
        self.clearing_forms = set()
        self.forms = set()
        self.dialog_open = False
        self.rerun_scope = "app"
        self.result = None                  # "done", "rerun", "interrupted", "error"
        self.error_text = None
        self.render = None                  # the PageRender of a completed rerun
        self.media = set()                  # MediaStore tokens drawn in this run
        self.grids = {}                     # component id -> Grid drawn in this run
        self.shared_reads = set()           # st.shared_state keys this run read
        self.assigned = set()               # session_state keys the script assigned
        session.reruns += 1
        self.number = session.reruns
        self.started = time.perf_counter()
        self.page_path = session.page_path  # the page this rerun shows (multipage apps)
        self.nav_pages = None               # the StreamlitPages st.navigation declared

    # -- called by st.* ----------------------------------------------------
    def check(self) -> None:
        """Abandon this rerun if a newer event is waiting (Streamlit's behaviour)."""
        if self.interrupted:
            raise RerunException("interrupted by a newer event")

    def target(self) -> _Node:
        """Return the container module-level st.* calls write into."""
        return self.stack[-1]

    # -- the rerun itself ----------------------------------------------------
    def execute(self) -> "ScriptRun":
        """Apply events, run callbacks, exec the script; render on success."""
        _ctx.run = self
        try:
            try:
                for w in self._apply_events():
                    self.stack = self.stack[:1]
                    w.on_change(*w.args, **w.kwargs)
                if self.fragment is not None:
                    self._run_fragment()
                else:
                    self._run_script()
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
                self._show_error(_format_app_traceback(exc),
                                 f"{type(exc).__name__}: {exc}")
            if self.result in ("done", "error"):
                self._finish()
                self.page["_query"] = urllib.parse.urlencode(self.session.query_params, doseq=True)
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

    def _run_script(self):
        """Run the app script, or the page of the pages/ folder this session shows."""
        app = self.scheduler.app
        self.stack = [self.roots["main"]]
        self.page.pop("_page_title", None)
        path, code, error = app.path, app.code, app.error
        if app.pages and not app.uses_navigation:
            pages = [PageFile(app.path, _main_page_naming(app.path))] + app.pages
            chosen = _choose_page(self, [(pf.naming, pf) for pf in pages])
            _add_nav(self, [("", [(pf.naming, pf is chosen) for pf in pages])])
            if chosen.path != app.path:
                path, code, error = chosen.path, None, None
                code = app.code_for(path)
        self.page["_page"] = self.page_path
        _exec_page(path, code, error)

    def switch_page(self, url_path: str) -> None:
        """Show another page: it runs in this session, with session_state kept."""
        self.session.page_path = url_path
        self.session.query_params = {}
        raise RerunException("switch_page")

    def _run_fragment(self):
        func, args, kwargs, _every = self.session.fragments[self.fragment]
        node = self.stack[0]
        with self.lock:
            node.children.clear()
            self.version += 1
        func.__wrapped_fragment__(*args, **kwargs)

    def _show_error(self, tb: str, summary: str) -> None:
        with self.lock:
            parent = self.stack[0] if self.fragment is not None else self.roots["main"]
            parent.children.append(_Node("exception", f"{parent.id}-{len(parent.children)}",
                                         {"message": summary, "trace": tb}))
            self.version += 1

    def _apply_events(self) -> list:
        """Store the events' values in the session; return widgets whose callbacks run."""
        session = self.session
        callbacks = []
        for w, value in self.events:
            if w.trigger:
                if w.kind == "form_submit_button":
                    for fw, fv in value:
                        if self._store(fw, fv) and fw.on_change:
                            callbacks.append(fw)
                    session.triggers[w.id] = True
                    if w.meta and w.meta.get("clear"):
                        self.clearing_forms.add(w.form)
                else:
                    session.triggers[w.id] = value
                if w.key is not None:
                    session.session_state[w.key] = value if w.kind == "chat_input" else True
                if w.on_change:
                    callbacks.append(w)
            elif self._store(w, value) and w.on_change:
                callbacks.append(w)
        return callbacks

    def _store(self, w: _Widget, value) -> bool:
        """Store one widget value; return True if it changed."""
        session = self.session
        if w.key is not None:
            old = session.session_state.get(w.key, _MISSING)
            session.session_state[w.key] = value
        else:
            old = session.widget_values.get(w.id, _MISSING)
            session.widget_values[w.id] = value
        try:
            return old is _MISSING or bool(old != value)
        except Exception:
            return True

    def _finish(self) -> None:
        """After a completed rerun: forget widgets that were not drawn, clear clicks."""
        session = self.session
        seen = self.widgets
        if self.fragment is None:
            if self.result == "done":
                for wid in [w for w in session.widget_values if w not in seen]:
                    del session.widget_values[wid]
                keys_now = {w.key for w in seen.values() if w.key is not None}
                for key in session.widget_keys - keys_now:
                    session.session_state.pop(key, None)
                session.widget_keys = keys_now
                session.widgets = dict(seen)
            else:                      # an error: keep every value, forget nothing
                session.widgets.update(seen)
                session.widget_keys |= {w.key for w in seen.values() if w.key is not None}
            session.fragments = self.fragments
            self.scheduler.sessions.media.keep_only(session, self.media)
            if self.result == "done":           # grids no longer drawn are freed
                session.grids = dict(self.grids)
            else:
                session.grids.update(self.grids)
        else:
            for wid in [i for i, w in session.widgets.items()
                        if w.fragment == self.fragment and i not in seen]:
                session.widgets.pop(wid, None)
                session.widget_values.pop(wid, None)
            session.widgets.update(seen)
            session.widget_keys |= {w.key for w in seen.values() if w.key is not None}
            session.fragments.update(self.fragments)
            session.grids.update(self.grids)
        for wid in session.triggers:            # reset buttons after their rerun
            w = session.widgets.get(wid)
            if w is not None and w.key is not None and w.kind != "chat_input":
                session.session_state[w.key] = False
        session.triggers.clear()
        # the tree is kept only for fragment reruns (it costs ~15 KiB a session)
        session.tree = self.roots if (session.fragments or self.fragment) else None
        session.page_config = self.page
        if self.fragment is None:
            session.page_path = self.page_path
        if self.fragment is None:
            session.app_version = self.scheduler.app.version
            session.shared_keys = self.shared_reads
        else:
            session.shared_keys = session.shared_keys | self.shared_reads


def _find_node(roots: dict, nid: str) -> _Node:
    """Find a node by id in a tree (fragments are found this way)."""
    todo = [roots["main"], roots["sidebar"]]
    while todo:
        node = todo.pop()
        if node.id == nid:
            return node
        if node.children:
            todo.extend(node.children)
    raise KeyError(nid)


_MISSING = object()


class _ScriptCompileError(Exception):
    pass


def _format_app_traceback(exc: BaseException) -> str:
    """Format a traceback without this module's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.abspath(f.filename) != os.path.abspath(__file__)]
    return "Traceback (most recent call last):\n" + "".join(
        traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(exc), exc))


class RerunPlan(NamedTuple):
    """What the next rerun of a session does (see plan_rerun)."""
    events: list             # the Events it applies, in order
    fragment: str | None     # a fragment id to rerun alone, or None for the whole script
    rest: list               # queue items left for the rerun after it


def plan_rerun(queue: list, has_tree: bool, fragments: dict) -> RerunPlan | None:
    """Decide what the next rerun takes from a session's queue, and whether it is a fragment's.

    At most one click per rerun: a button is True in exactly one rerun, so
    the queue is cut after the first click. When everything taken belongs to
    one fragment (and its tree is kept), only that fragment reruns. A timer
    tick for a fragment that is gone does nothing (None).
    """
    cut = next((i + 1 for i, item in enumerate(queue)
                if isinstance(item, Event) and item.widget.trigger), len(queue))
    items, rest = queue[:cut], queue[cut:]
    events = [item for item in items if isinstance(item, Event)]
    frags = {e.widget.fragment for e in events}
    frags |= {item.fragment_id for item in items if isinstance(item, FragmentTick)}
    full = (any(isinstance(item, FullRerun) for item in items) or None in frags
            or len(frags) != 1 or not has_tree)
    fragment = None if full else frags.pop()
    if fragment is not None and fragment not in fragments:
        if not events:
            return None                   # a tick for a fragment that is gone
        fragment = None
    return RerunPlan(events, fragment, rest)


def coalesce(queue: list, events: Iterable) -> None:
    """Merge Events into a session's queue: the newest value of a widget wins, clicks stay.

    A value replaces a queued value of the same widget only if no click is
    queued after it, so the order the user acted in is kept.
    """
    for ev in events:
        replaced = False
        if not ev.widget.trigger:
            for i in range(len(queue) - 1, -1, -1):
                old = queue[i]
                if isinstance(old, Event):
                    if old.widget.trigger:
                        break
                    if old.widget.id == ev.widget.id:
                        queue[i], replaced = ev, True
                        break
        if not replaced:
            queue.append(ev)
        _trace and _trace("coalesce", f"{ev.widget.kind} {ev.widget.id!r} = {ev.value!r:.60}"
                          f" ({'replaced a queued value' if replaced else 'queued'})")


class RerunScheduler:
    """Runs each session's reruns: at most one in flight per session, later events coalesced.

    A session's queue holds Events, FullRerun() (hot reload, reconnect,
    shared write) and FragmentTick(id) (run_every timers). plan_rerun()
    decides what the next rerun takes; ScriptRun.execute runs it on a worker
    thread; _done() shows the result on the loop and starts the next one.
    """

    def __init__(self, app: App, sessions: SessionTable, workers: int = RERUN_WORKERS):
        self.app = app
        self.sessions = sessions
        self.pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="rerun")
        self.loop = None
        self.base = "/"       # the URL prefix media links live under
        self.max_upload = MAX_UPLOAD
        self.after_rerun = None   # with --redis: RedisStore.save_session

    def media_url(self, run: "ScriptRun", data: bytes, mime: str, file_name) -> str:
        """Return a URL for bytes shown by this run: data: for small media, else /media/TOKEN."""
        if file_name is None and len(data) <= MEDIA_INLINE_MAX:
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        token = self.sessions.media.add(run.session, data, mime, file_name)
        run.media.add(token)
        return f"{self.base}media/{token}"

    def request_rerun(self, session: Session, events: list = (), item=None) -> None:
        """Queue Events (or a FullRerun / FragmentTick) for a session; start a rerun if idle."""
        if session.closed:
            return
        if events:
            coalesce(session.queue, events)
        item = item or (FullRerun() if not events else None)
        if item is not None and item not in session.queue:
            session.queue.append(item)
        run = session.active_run
        if run is not None:
            # A newer event makes a running rerun stale, except one carrying a
            # click: every click gets a rerun of its own in which it is True.
            if (events or isinstance(item, FullRerun)) and not run.has_trigger:
                run.interrupted = True
            return
        self._start(session)

    def _start(self, session: Session) -> None:
        """Start the next rerun the session's queue asks for, on a worker thread."""
        plan = plan_rerun(session.queue, session.tree is not None, session.fragments)
        if plan is None:
            session.queue = []
            return
        session.queue = plan.rest
        run = ScriptRun(self, session, plan.events, plan.fragment)
        run.has_trigger = any(e.widget.trigger for e in plan.events)
        session.active_run = run
        _trace and _trace("RerunScheduler._start", f"rerun #{run.number} starts: "
                          f"{'fragment ' + plan.fragment if plan.fragment else 'whole script'}"
                          f", {len(plan.events)} event(s)")
        fut = self.loop.run_in_executor(self.pool, run.execute)
        fut.add_done_callback(lambda f: self._done(session, run))
        self.loop.call_later(FLUSH_INTERVAL_S, self._flush, session, run)

    def _flush(self, session: Session, run: ScriptRun) -> None:
        """Show a long rerun's progress (spinners, progress bars, st.empty loops)."""
        if session.active_run is not run or run.result is not None or session.closed:
            return
        if run.version != run.flushed and not run.interrupted:
            with run.lock:
                run.flushed = run.version
                roots = run.roots if run.fragment else _with_stale_tail(run.roots,
                                                                        session.rendered)
                snapshot = render_tree(roots, run.page)
            self._show(session, snapshot)
        self.loop.call_later(FLUSH_INTERVAL_S, self._flush, session, run)

    def _done(self, session: Session, run: ScriptRun) -> None:
        """Back on the loop after a rerun: show its result, then start the next one."""
        session.active_run = None
        _trace and _trace("RerunScheduler._done", f"rerun #{run.number} {run.result} in "
                          f"{(time.perf_counter() - run.started) * 1000:.1f} ms")
        if session.closed:
            return
        if run.result in ("done", "error") and run.render is not None:
            self._show(session, run.render)
            if run.result == "error":
                session.send([encode_error_message(
                    session.id, "SCRIPT_ERROR", run.error_text or "script error")])
            self._arm_timers(session)
            if self.after_rerun is not None:
                self.after_rerun(session)
        if run.result == "rerun":
            if run.rerun_scope == "fragment" and run.fragment:
                session.queue.append(FragmentTick(run.fragment))
            else:
                session.triggers.clear()
                session.queue.append(FullRerun())
        if session.queue:
            self._start(session)

    def _arm_timers(self, session: Session) -> None:
        """(Re)arm st.fragment(run_every=...) timers while the page is connected."""
        for fid, handle in list(session.timers.items()):
            if fid not in session.fragments:
                handle.cancel()
                del session.timers[fid]
        for fid, (_f, _a, _k, every) in session.fragments.items():
            if every and fid not in session.timers:
                session.timers[fid] = self.loop.call_later(every, self._tick, session, fid)

    def _tick(self, session: Session, fid: str) -> None:
        """A run_every timer went off: queue the fragment and arm the next tick."""
        session.timers.pop(fid, None)
        if session.closed or not session.shells or fid not in session.fragments:
            return                               # the timer stops with the session
        self.request_rerun(session, item=FragmentTick(fid))
        every = session.fragments[fid][3]
        session.timers[fid] = self.loop.call_later(every, self._tick, session, fid)

    def _show(self, session: Session, render: PageRender) -> None:
        """Diff against what the page shows and send the difference."""
        msgs = []
        updates = diff_renders(session.rendered, render)
        for update in updates:
            if isinstance(update, FullUpdate):
                msgs.append(encode_message("ui_update", session.id, {"html": update.html}))
            else:
                msgs.append(encode_message("partial_update", session.id,
                                           {"componentId": update.component_id,
                                            "html": update.html}))
        _trace and _trace("RerunScheduler._show", "diff_renders: " + (", ".join(
            f"PartialUpdate({u.component_id!r})" if isinstance(u, PartialUpdate)
            else "FullUpdate" for u in updates) or "nothing changed"))
        session.rendered = render
        if msgs:
            session.send(msgs)


def _with_stale_tail(roots: dict, old: PageRender | None) -> dict:
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
# 11. Rendering: one function per kind, every user string escaped
# =============================================================================
# Each renderer takes (node_id, props, inner) and returns an HTML string whose root
# element carries id="<id>" and data-kind="<kind>" (protocol §6). `inner` is
# the children's HTML for containers. User text passes through _escape() or
# render_markdown() (escape, then a safe subset of Markdown), never around them.

# -- the page: render the element tree, diff it against what the page shows ------


class PageRender:
    """The rendered page: html of every node, the children of each, the top-level layout."""

    __slots__ = ("html", "children", "shell", "layout", "title", "query", "page")

    def __init__(self):
        self.html = {}       # node id -> html (whole subtree)
        self.children = {}   # node id -> tuple of child ids (containers)
        self.shell = {}      # node id -> html of the container without children
        self.layout = ()     # ((main ids), (sidebar ids), page layout)
        self.title = ""
        self.query = ""      # st.query_params, mirrored into the page URL
        self.page = ""       # the page's URL path (multipage apps), mirrored likewise

    def page_html(self) -> str:
        """Return the html of the whole page (what a ui_update carries)."""
        main_ids, side_ids = self.layout[0], self.layout[1]
        side = "".join(self.html[i] for i in side_ids)
        main = "".join(self.html[i] for i in main_ids)
        cls = " sg-wide" if self.layout[2] == "wide" else ""
        aside = (f'<aside class="sg-sidebar" id="sg-sidebar" data-kind="sidebar">'
                 f'{side}</aside>' if side_ids else "")
        return (f'<div class="sg-app{cls}" data-title="{_escape(self.title)}" '
                f'data-query="{_escape(self.query)}" data-page="{_escape(self.page)}">{aside}'
                f'<main class="sg-main" id="sg-main" data-kind="main">{main}</main></div>')


def render_tree(roots: dict, page: dict) -> PageRender:
    """Render the main and sidebar trees into a PageRender (html per node id)."""
    out = PageRender()

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

    main = roots["main"]
    if any(c.kind == "bottom" for c in main.children):     # st.bottom stays last
        main.children.sort(key=lambda c: c.kind == "bottom")
    for child in main.children:
        walk(child)
    for child in roots["sidebar"].children:
        walk(child)
    out.layout = (tuple(c.id for c in roots["main"].children),
                  tuple(c.id for c in roots["sidebar"].children),
                  page.get("layout", "centered"))
    out.title = page.get("page_title") or page.get("_page_title") or ""
    out.page = page.get("_page", "")
    out.query = page.get("_query", "")
    return out


class FullUpdate(NamedTuple):
    """Replace the whole page (a ui_update message)."""
    html: str


class PartialUpdate(NamedTuple):
    """Replace one component (a partial_update message)."""
    component_id: str
    html: str


def diff_renders(old: PageRender | None, new: PageRender) -> list:
    """Return the updates that turn `old` into `new` on the page.

    Same top-level layout: one PartialUpdate per smallest changed subtree.
    Otherwise one FullUpdate of the whole page. Nothing changed: [].
    """
    if old is None or old.layout != new.layout or old.title != new.title \
            or old.query != new.query or old.page != new.page:
        return [FullUpdate(new.page_html())]
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
                out.append(PartialUpdate(i, h))

    walk(new.layout[0])
    walk(new.layout[1])
    return out


# -- escaping, Markdown, code highlighting, LaTeX ------------------------------


def _escape(value: Any) -> str:
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


_EMOJI = {
    "smile": "😄", "smiley": "😃", "grinning": "😀", "blush": "😊", "wink": "😉",
    "heart_eyes": "😍", "joy": "😂", "laughing": "😆", "sunglasses": "😎", "thinking_face": "🤔",
    "sweat_smile": "😅", "cry": "😢", "sob": "😭", "angry": "😠", "scream": "😱",
    "heart": "❤️", "star": "⭐", "star2": "🌟", "sparkles": "✨", "fire": "🔥", "tada": "🎉",
    "balloon": "🎈", "rocket": "🚀", "zap": "⚡", "boom": "💥", "100": "💯", "+1": "👍",
    "thumbsup": "👍", "-1": "👎", "thumbsdown": "👎", "clap": "👏", "wave": "👋",
    "raised_hands": "🙌", "pray": "🙏", "muscle": "💪", "eyes": "👀", "point_right": "👉",
    "white_check_mark": "✅", "heavy_check_mark": "✔️", "x": "❌", "warning": "⚠️",
    "exclamation": "❗", "question": "❓", "bulb": "💡", "memo": "📝", "pencil": "📝",
    "book": "📖", "books": "📚", "bookmark": "🔖", "link": "🔗", "lock": "🔒", "key": "🔑",
    "mag": "🔍", "gear": "⚙️", "hammer": "🔨", "wrench": "🔧", "computer": "💻",
    "chart_with_upwards_trend": "📈", "chart_with_downwards_trend": "📉", "bar_chart": "📊",
    "calendar": "📅", "clock": "🕐", "hourglass": "⌛", "bell": "🔔", "email": "📧",
    "package": "📦", "house": "🏠", "globe_with_meridians": "🌐", "earth_americas": "🌎",
    "sun": "☀️", "sunny": "☀️", "cloud": "☁️", "umbrella": "☂️", "snowflake": "❄️",
    "rainbow": "🌈", "apple": "🍎", "pizza": "🍕", "coffee": "☕", "cake": "🍰",
    "dog": "🐶", "cat": "🐱", "snake": "🐍", "robot": "🤖", "robot_face": "🤖",
    "brain": "🧠", "money_with_wings": "💸", "moneybag": "💰", "dollar": "💵",
    "trophy": "🏆", "medal": "🏅", "dart": "🎯", "art": "🎨", "musical_note": "🎵",
    "red_circle": "🔴", "large_blue_circle": "🔵", "green_circle": "🟢", "arrow_right": "➡️",
    "arrow_left": "⬅️", "arrow_up": "⬆️", "arrow_down": "⬇️", "new": "🆕", "ok": "🆗",
}


_MD_EMOJI = re.compile(r":([a-z0-9_+\-]+):")


_MD_COLOR = re.compile(r":(" + "|".join(_MD_COLORS) + r")(-background)?\[([^\[\]]*)\]")


_MD_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+&quot;[^&]*&quot;)?\)")


_MD_AUTOLINK = re.compile(r"(?<![\"'=/\w])(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])")


_MD_CODE = re.compile(r"(`+)(.+?)\1", re.S)


@functools.lru_cache(maxsize=4096)
def markdown_inline(text: str, unsafe: bool = False) -> str:
    """Render inline Markdown (code, links, emphasis, colours) to escaped HTML."""
    text = str(text)
    stash = []

    def keep(html_: str) -> str:
        stash.append(html_)
        return f"\x00{len(stash) - 1}\x00"

    text = text.replace("\x00", "")
    text = _MD_CODE.sub(lambda m: keep(f"<code>{_escape(m.group(2).strip())}</code>"), text)
    if not unsafe:
        text = _escape(text)

    def link(m):
        label, url = m.group(1), _html.unescape(m.group(2))
        ok = safe_url(url)
        if ok is None:
            return keep(label)
        return keep(f'<a href="{_escape(ok)}" target="_blank" rel="noopener noreferrer">'
                    f'{label}</a>')

    text = _MD_LINK.sub(link, text)
    text = _MD_AUTOLINK.sub(lambda m: keep(
        f'<a href="{m.group(1)}" target="_blank" rel="noopener noreferrer">{m.group(1)}</a>'),
        text)
    for rx, rep in _MD_INLINE:
        text = rx.sub(rep, text)
    text = _MD_EMOJI.sub(lambda m: _EMOJI.get(m.group(1), m.group(0)), text)
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
        return _escape(code)
    out, pos = [], 0
    for m in _CODE_TOKEN.finditer(code):
        out.append(_escape(code[pos:m.start()]))
        tok = m.group(0)
        kind = m.lastgroup
        if kind == "w" and tok not in _PY_KEYWORDS:
            out.append(_escape(tok))
        else:
            cls = {"c": "cm", "s": "st", "n": "nu", "w": "kw"}[kind]
            out.append(f'<span class="sg-{cls}">{_escape(tok)}</span>')
        pos = m.end()
    out.append(_escape(code[pos:]))
    return "".join(out)


def render_code_block(code: str, language: str | None = "python",
                      line_numbers: bool = False) -> str:
    lang = _escape(language or "")
    body = highlight(code, language)
    cls = " sg-lines" if line_numbers else ""
    if line_numbers:
        body = "".join(f"<span class=\"sg-ln\">{body_line}</span>\n"
                       for body_line in body.split("\n"))
    return f'<pre class="sg-code{cls}" data-lang="{lang}"><code>{body}</code></pre>'


_LATEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "infty": "∞", "partial": "∂",
    "nabla": "∇", "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "leq": "≤",
    "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "equiv": "≡",
    "sim": "∼", "propto": "∝", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
    "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃", "rightarrow": "→", "to": "→",
    "leftarrow": "←", "Rightarrow": "⇒", "Leftrightarrow": "⇔", "mapsto": "↦", "ldots": "…",
    "cdots": "⋯", "dots": "…", "sqrt": "√", "circ": "∘", "degree": "°", "hbar": "ℏ",
    "ell": "ℓ", "Re": "ℜ", "Im": "ℑ", "emptyset": "∅", "neg": "¬", "land": "∧", "lor": "∨",
    "langle": "⟨", "rangle": "⟩", "quad": "\u2003", "qquad": "\u2003\u2003", ",": "\u2009",
    ";": "\u2005", "!": "", "left": "", "right": "", "displaystyle": "", "mathrm": "",
    "text": "", "mathbf": "", "mathit": "", "operatorname": "", "limits": "", "lim": "lim",
    "log": "log", "ln": "ln", "sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp",
    "max": "max", "min": "min", "det": "det", "{": "{", "}": "}", "%": "%", "$": "$", "&": "&",
}


def render_latex(src: str) -> str:
    """Render LaTeX readably as escaped HTML: symbols, fractions, roots, scripts."""
    out = _escape(src)
    out = re.sub(r"\\(?:d|t)?frac\{([^{}]*)\}\{([^{}]*)\}",
                 r'<span class="sg-frac"><span>\1</span><span>\2</span></span>', out)
    out = re.sub(r"\\sqrt\{([^{}]*)\}", r"√<span class=\"sg-sqrt\">\1</span>", out)
    out = re.sub(r"\\([A-Za-z]+|[,;!{}%$&])",
                 lambda m: _LATEX_SYMBOLS.get(m.group(1), m.group(1)), out)
    for _ in range(3):
        out = re.sub(r"\^\{([^{}]*)\}", r"<sup>\1</sup>", out)
        out = re.sub(r"_\{([^{}]*)\}", r"<sub>\1</sub>", out)
    out = re.sub(r"\^(\w|&#x27;|[^\s<{])", r"<sup>\1</sup>", out)
    out = re.sub(r"_(\w)", r"<sub>\1</sub>", out)
    out = out.replace("{", "").replace("}", "").replace("\\\\", "<br>")
    return out


# -- the render cache and the pieces every renderer uses --------------------------


RENDER_CACHE_BYTES = 32 * 1024 * 1024   #: rendered HTML kept for reuse, all sessions together


class _RenderCache:
    """A process-wide LRU of rendered elements, keyed by what they show.

    Most reruns redraw mostly what they drew last time, and many sessions of
    one app draw the same things: a hit costs a dict lookup instead of a
    render, and equal pages share one string instead of a copy per session
    (this is most of what keeps an idle session small). Bounded in bytes.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self.data = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            html_ = self.data.get(key)
            if html_ is not None:
                self.data.move_to_end(key)
            return html_

    def put(self, key, html_: str) -> str:
        cost = len(html_) + len(key[2]) + len(key[3]) + 200
        if cost > self.max_bytes // 8:
            return html_
        with self.lock:
            if key not in self.data:
                self.data[key] = html_
                self.bytes += cost
            while self.bytes > self.max_bytes and self.data:
                (_k, _a, props, inner), old = self.data.popitem(last=False)
                self.bytes -= len(old) + len(props) + len(inner) + 200
            return self.data.get(key, html_)


_render_cache = _RenderCache(RENDER_CACHE_BYTES)


_UNCACHED = frozenset({"toast", "_stale"})


def render_node(node: _Node, inner: str) -> str:
    """Render one node with its children's HTML, through the render cache."""
    fn = _RENDERERS.get(node.kind)
    if fn is None:
        return (f'<div class="sg-el sg-alert sg-error" id="{_escape(node.id)}" data-kind="error">'
                f'Unknown component kind {_escape(node.kind)}</div>')
    if node.kind in _UNCACHED:
        return fn(node.id, node.props, inner)
    try:
        key = (node.kind, node.id, repr(sorted(node.props.items())), inner)
    except Exception:                 # props that cannot be compared: render every time
        return fn(node.id, node.props, inner)
    html_ = _render_cache.get(key)
    if html_ is None:
        html_ = _render_cache.put(key, fn(node.id, node.props, inner))
    return html_


def _help(props: dict) -> str:
    h = props.get("help")
    if not h:
        return ""
    return (f'<span class="sg-help" tabindex="0" role="note" title="{_escape(h)}" '
            f'aria-label="{_escape(h)}">?</span>')


def _label(node_id: str, props: dict, for_id: bool = True, tag: str = "label") -> str:
    """Render a widget label, honouring label_visibility (kept for screen readers)."""
    vis = props.get("label_visibility", "visible")
    cls = "sg-label" + ("" if vis == "visible" else
                        " sg-vh" if vis == "collapsed" else " sg-hidden")
    target = f' for="{_escape(node_id)}-in"' if for_id and tag == "label" else ""
    return (f'<{tag} class="{cls}"{target} id="{_escape(node_id)}-label">'
            f'{markdown_inline(props.get("label", ""))}{_help(props)}</{tag}>')


def _root(node_id: str, kind: str, body: str, extra_cls: str = "", attrs: str = "",
          props: dict | None = None) -> str:
    dis = ' data-disabled="true"' if props and props.get("disabled") else ""
    form = f' data-form="{_escape(props["form"])}"' if props and props.get("form") else ""
    return (f'<div class="sg-el sg-{kind}{extra_cls}" id="{_escape(node_id)}" data-kind="{kind}"'
            f'{dis}{form}{attrs}>{body}</div>')


def _disabled(props: dict) -> str:
    return " disabled" if props.get("disabled") else ""


# -- renderers: text (headings, Markdown, code, JSON, LaTeX) -------------------


def _render_heading(tag: str, kind: str):
    def render(node_id, props, inner):
        div = props.get("divider")
        div_html = (f'<hr class="sg-hdiv sg-c-{_escape(div if isinstance(div, str) else "blue")}-bg">'
                    if div else "")
        return (f'<div class="sg-el sg-{kind}" id="{_escape(node_id)}" data-kind="{kind}">'
                f'<{tag}>{markdown_inline(props["body"])}{_help(props)}</{tag}>{div_html}</div>')
    return render


def _render_markdown(node_id, props, inner):
    return _root(node_id, "markdown", render_markdown(props["body"], props.get("unsafe", False)) + _help(props),
                 " sg-md")


def _render_caption(node_id, props, inner):
    return _root(node_id, "caption", render_markdown(props["body"], props.get("unsafe", False)) + _help(props),
                 " sg-md")


def _render_text(node_id, props, inner):
    return _root(node_id, "text", f'<pre class="sg-plain">{_escape(props["body"])}</pre>{_help(props)}')


def _render_code(node_id, props, inner):
    return _root(node_id, "code", render_code_block(props["body"], props.get("language"),
                                                props.get("line_numbers", False)))


def _render_divider(node_id, props, inner):
    return f'<hr class="sg-el sg-divider" id="{_escape(node_id)}" data-kind="divider">'


def _render_html(node_id, props, inner):
    return _root(node_id, "html", props["body"])


def _render_json(node_id, props, inner):
    return _root(node_id, "json", f'<pre class="sg-json">{_escape(props["body"])}</pre>')


def _render_latex(node_id, props, inner):
    return _root(node_id, "latex", f'<div class="sg-latex" role="math" aria-label="{_escape(props["body"])}">'
                               f'{render_latex(props["body"])}</div>{_help(props)}')


def _render_badge(node_id, props, inner):
    icon = f'{_escape(props["icon"])} ' if props.get("icon") else ""
    return (f'<span class="sg-el sg-badge sg-c-{_escape(props.get("color") or "blue")}-bg" '
            f'id="{_escape(node_id)}" data-kind="badge">{icon}{markdown_inline(props["label"])}</span>')


def _render_stale(node_id, props, inner):
    return props["html"]


# -- renderers: input (buttons and widgets that take a value) ------------------


def _render_button(node_id, props, inner):
    kind = props.get("_kind", "button")
    cls = f'sg-btn sg-{_escape(props.get("type", "secondary"))}'
    if props.get("use_container_width"):
        cls += " sg-full"
    icon = f'<span class="sg-icon">{_escape(props["icon"])}</span> ' if props.get("icon") else ""
    body = icon + markdown_inline(props["label"])
    tip = f' title="{_escape(props["help"])}"' if props.get("help") else ""
    if kind == "link_button":
        dis = ' aria-disabled="true" tabindex="-1"' if props.get("disabled") else ""
        url = safe_url(props["url"]) or "#"
        ctl = (f'<a class="{cls}" href="{_escape(url)}" target="_blank" rel="noopener noreferrer"'
               f' role="button"{tip}{dis}>{body}</a>')
    elif kind == "download_button":
        ctl = (f'<a class="{cls}" href="{_escape(props["href"])}" download="{_escape(props["file_name"])}"'
               f' role="button"{tip}>{body}</a>')
    else:
        ctl = f'<button type="button" class="{cls}"{tip}{_disabled(props)}>{body}</button>'
    return _root(node_id, kind, ctl, props=props)


def _render_checkbox(node_id, props, inner):
    kind = props.get("_kind", "checkbox")
    checked = " checked" if props["value"] else ""
    role = ' role="switch"' if kind == "toggle" else ""
    vis = props.get("label_visibility", "visible")
    text_cls = "sg-vh" if vis != "visible" else ""
    return _root(node_id, kind,
                 f'<label class="sg-check"><input type="checkbox" id="{_escape(node_id)}-in"{role}'
                 f'{checked}{_disabled(props)}><span class="{text_cls}">'
                 f'{markdown_inline(props["label"])}</span>{_help(props)}</label>', props=props)


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


def _render_slider(node_id, props, inner):
    vals = props["value"] if props.get("range") else [props["value"]]
    show = props["labels"] if "labels" in props else [_fmt_number(v, props.get("format")) for v in vals]
    inputs = []
    for k, v in enumerate(vals):
        suffix = "" if k == 0 else f"-{k}"
        end = " (end)" if k else ""
        aria = f' aria-label="{_escape(props["label"])}{end}"' if props.get("range") else ""
        inputs.append(
            f'<input type="range" id="{_escape(node_id)}-in{suffix}" min="{_escape(props["min"])}" '
            f'max="{_escape(props["max"])}" step="{_escape(props["step"])}" value="{_escape(v)}" '
            f'aria-valuetext="{_escape(show[k])}"{aria}{_disabled(props)}>')
    out = f'<output class="sg-out" for="{_escape(node_id)}-in">{_escape(" – ".join(show))}</output>'
    attrs = f' data-range="{1 if props.get("range") else 0}"'
    if "options" in props:
        attrs += f' data-options="{_escape(_json.dumps(props["options"]))}"'
    elif "labels" in props:
        attrs += ' data-labels="1"'
    return _root(node_id, props.get("_kind", "slider"),
                 _label(node_id, props) + f'<div class="sg-range">{"".join(inputs)}{out}</div>',
                 attrs=attrs, props=props)


def _render_text_input(node_id, props, inner):
    kind = props.get("_kind", "text_input")
    maxlen = f' maxlength="{int(props["max_chars"])}"' if props.get("max_chars") else ""
    ph = f' placeholder="{_escape(props["placeholder"])}"' if props.get("placeholder") else ""
    if kind == "text_area":
        h = f' style="height:{int(props["height"])}px"' if isinstance(props.get("height"), int) else ""
        ctl = (f'<textarea id="{_escape(node_id)}-in" rows="4"{maxlen}{ph}{h}{_disabled(props)}>'
               f'{_escape(props["value"] or "")}</textarea>')
    else:
        typ = "password" if props.get("type") == "password" else "text"
        ctl = (f'<input type="{typ}" id="{_escape(node_id)}-in" value="{_escape(props["value"] or "")}"'
               f' autocomplete="{"off" if typ == "text" else "new-password"}"'
               f'{maxlen}{ph}{_disabled(props)}>')
    return _root(node_id, kind, _label(node_id, props) + ctl, props=props)


def _render_number_input(node_id, props, inner):
    lo = f' min="{_escape(props["min"])}"' if props.get("min") is not None else ""
    hi = f' max="{_escape(props["max"])}"' if props.get("max") is not None else ""
    ph = f' placeholder="{_escape(props["placeholder"])}"' if props.get("placeholder") else ""
    v = "" if props["value"] is None else _fmt_number(props["value"], None)
    return _root(node_id, "number_input",
                 _label(node_id, props) +
                 f'<input type="number" id="{_escape(node_id)}-in" value="{_escape(v)}" '
                 f'step="{_escape(props["step"])}"{lo}{hi}{ph}{_disabled(props)}>', props=props)


def _render_date_input(node_id, props, inner):
    boxes = []
    for k, v in enumerate(props["iso"]):
        suffix = "" if k == 0 else f"-{k}"
        aria = ""
        if props.get("range"):
            aria = f' aria-label="{_escape(props["label"])} ({"start" if k == 0 else "end"})"'
        boxes.append(f'<input type="date" id="{_escape(node_id)}-in{suffix}" value="{_escape(v)}" '
                     f'min="{_escape(props["min"])}" max="{_escape(props["max"])}"{aria}{_disabled(props)}>')
    return _root(node_id, "date_input",
                 _label(node_id, props) + f'<div class="sg-row">{"".join(boxes)}</div>', props=props)


def _render_time_input(node_id, props, inner):
    v = props["value"]
    text = "" if v is None else (v.strftime("%H:%M:%S") if props["step"] % 60 else
                                 v.strftime("%H:%M"))
    return _root(node_id, "time_input",
                 _label(node_id, props) + f'<input type="time" id="{_escape(node_id)}-in" value="{_escape(text)}" '
                 f'step="{int(props["step"])}"{_disabled(props)}>', props=props)


def _render_color_picker(node_id, props, inner):
    v = props["value"]
    full = "#" + "".join(c * 2 for c in v[1:]) if len(v) == 4 else v
    return _root(node_id, "color_picker",
                 _label(node_id, props) + f'<div class="sg-row"><input type="color" id="{_escape(node_id)}-in" '
                 f'value="{_escape(full.lower())}"{_disabled(props)}><code>{_escape(v)}</code></div>', props=props)


def _render_file_uploader(node_id, props, inner):
    files = "".join(f'<li>{_escape(name)}</li>' for name in props.get("files", []))
    mult = " multiple" if props.get("multiple") else ""
    accept = f' accept="{_escape(props["accept"])}"' if props.get("accept") else ""
    limit_mb = props["limit"] / (1024 * 1024)
    return _root(node_id, "file_uploader",
                 _label(node_id, props) +
                 f'<div class="sg-drop"><input type="file" id="{_escape(node_id)}-in"{mult}{accept}'
                 f'{_disabled(props)}><span class="sg-caption">Limit {limit_mb:g} MB per file'
                 f'</span></div><ul class="sg-files">{files}</ul>',
                 attrs=f' data-limit="{int(props["limit"])}"', props=props)


def _render_datetime_input(node_id, props, inner):
    def iso(v):
        return "" if v is None else v.strftime("%Y-%m-%dT%H:%M")
    lo = f' min="{iso(props["min"])}"' if props["min"] else ""
    hi = f' max="{iso(props["max"])}"' if props["max"] else ""
    return _root(node_id, "datetime_input", _label(node_id, props) +
                 f'<input type="datetime-local" id="{_escape(node_id)}-in" '
                 f'value="{iso(props["value"])}"{lo}{hi} step="{int(props["step"])}"'
                 f'{_disabled(props)}>', props=props)


def _render_capture(kind):
    """camera_input / audio_input: a live preview, a capture button, the last capture."""
    def render(node_id, props, inner):
        camera = kind == "camera_input"
        src = props.get("src")
        if camera:
            live = '<video class="sg-capture-live" autoplay playsinline muted hidden></video>'
            shot = f'<img class="sg-capture-shot" src="{_escape(src)}" alt="photo">' if src else ""
            start, again = "Take photo", "Take another photo"
        else:
            live = ""
            shot = (f'<audio class="sg-capture-shot" controls src="{_escape(src)}"></audio>'
                    if src else "")
            start, again = "Record", "Record again"
        rate = f' data-rate="{int(props["rate"])}"' if props.get("rate") else ""
        buttons = (f'<button type="button" data-sg-capture="start"{_disabled(props)}>'
                   f'{again if src else start}</button>')
        if src:
            buttons += (f'<button type="button" data-sg-capture="clear"{_disabled(props)}>'
                        f'Clear</button>')
        return _root(node_id, kind, _label(node_id, props, for_id=False) +
                     f'<div class="sg-capture">{live}{shot}<div class="sg-row">{buttons}'
                     f'</div></div>', attrs=f' data-limit="{int(props["limit"])}"{rate}',
                     props=props)
    return render


def _render_chat_input(node_id, props, inner):
    pinned = " sg-pinned" if props.get("pinned") else ""
    maxlen = f' maxlength="{int(props["max_chars"])}"' if props.get("max_chars") else ""
    return _root(node_id, "chat_input",
                 f'<div class="sg-chat-box"><textarea id="{_escape(node_id)}-in" rows="1" '
                 f'aria-label="{_escape(props["placeholder"])}" placeholder="{_escape(props["placeholder"])}"'
                 f'{maxlen}{_disabled(props)}></textarea><button type="button" class="sg-send" '
                 f'aria-label="Send"{_disabled(props)}>\u27a4</button></div>',
                 extra_cls=pinned, props=props)


# -- renderers: choice (pick from options) -------------------------------------


def _render_selectbox(node_id, props, inner):
    idx = props["index"]
    opts = []
    if idx is None:
        opts.append(f'<option value="" selected disabled>{_escape(props.get("placeholder") or "Choose an option")}</option>')
    for k, label in enumerate(props["labels"]):
        sel = " selected" if k == idx else ""
        opts.append(f'<option value="{k}"{sel}>{_escape(label)}</option>')
    return _root(node_id, "selectbox",
                 _label(node_id, props) + f'<select id="{_escape(node_id)}-in"{_disabled(props)}>'
                 f'{"".join(opts)}</select>', props=props)


def _render_radio(node_id, props, inner):
    opts = []
    caps = props.get("captions") or []
    for k, label in enumerate(props["labels"]):
        checked = " checked" if k == props["index"] else ""
        cap = (f'<span class="sg-opt-cap">{markdown_inline(caps[k])}</span>'
               if k < len(caps) and caps[k] else "")
        opts.append(f'<label class="sg-opt"><input type="radio" name="{_escape(node_id)}" '
                    f'value="{k}"{checked}{_disabled(props)}><span>{markdown_inline(label)}'
                    f'{cap}</span></label>')
    cls = " sg-horizontal" if props.get("horizontal") else ""
    return _root(node_id, "radio",
                 _label(node_id, props, for_id=False) +
                 f'<div class="sg-options{cls}" role="radiogroup" '
                 f'aria-labelledby="{_escape(node_id)}-label">{"".join(opts)}</div>', props=props)


def _render_multiselect(node_id, props, inner):
    chosen = [i for i in props["index"] if i is not None]
    chips = "".join(f'<span class="sg-chip">{_escape(props["labels"][i])}</span>' for i in chosen)
    summary = chips or f'<span class="sg-ph">{_escape(props.get("placeholder") or "")}</span>'
    opts = "".join(
        f'<label class="sg-opt"><input type="checkbox" value="{k}"'
        f'{" checked" if k in chosen else ""}{_disabled(props)}><span>{_escape(label)}</span></label>'
        for k, label in enumerate(props["labels"]))
    return _root(node_id, "multiselect",
                 _label(node_id, props, for_id=False) +
                 f'<details class="sg-ms" data-sg-keep="open"><summary '
                 f'aria-labelledby="{_escape(node_id)}-label">{summary}</summary>'
                 f'<div class="sg-ms-list" role="group" aria-labelledby="{_escape(node_id)}-label">'
                 f'{opts}</div></details>', props=props)


# -- renderers: layout (containers) --------------------------------------------


def _render_columns(node_id, props, inner):
    return (f'<div class="sg-el sg-columns sg-gap-{_escape(props.get("gap", "small"))} '
            f'sg-valign-{_escape(props.get("valign", "top"))}" id="{_escape(node_id)}" '
            f'data-kind="columns">{inner}</div>')


def _render_column(node_id, props, inner):
    return (f'<div class="sg-column" id="{_escape(node_id)}" data-kind="column" '
            f'style="flex:{float(props["weight"]):g} 1 0">{inner}</div>')


def _render_container(node_id, props, inner):
    border = " sg-border" if props.get("border") else ""
    h = f' style="max-height:{int(props["height"])}px;overflow:auto"' if props.get("height") else ""
    return (f'<div class="sg-el sg-container{border}" id="{_escape(node_id)}" '
            f'data-kind="container"{h}>{inner}</div>')


def _render_empty(node_id, props, inner):
    return f'<div class="sg-empty" id="{_escape(node_id)}" data-kind="empty">{inner}</div>'


def _render_form(node_id, props, inner):
    border = " sg-border" if props.get("border", True) else ""
    return (f'<div class="sg-el sg-form{border}" id="{_escape(node_id)}" data-kind="form" '
            f'data-enter="{1 if props.get("enter", True) else 0}" role="form" '
            f'aria-label="{_escape(props["form_id"])}">{inner}</div>')


def _render_expander(node_id, props, inner):
    open_ = " open" if props.get("expanded") else ""
    icon = f'<span class="sg-icon">{_escape(props["icon"])}</span> ' if props.get("icon") else ""
    return (f'<details class="sg-el sg-expander" id="{_escape(node_id)}" data-kind="expander" '
            f'data-sg-keep="open"{open_}><summary>{icon}{markdown_inline(props["label"])}'
            f'</summary><div class="sg-exp-body">{inner}</div></details>')


def _render_popover(node_id, props, inner):
    icon = f'<span class="sg-icon">{_escape(props["icon"])}</span> ' if props.get("icon") else ""
    return (f'<details class="sg-el sg-popover" id="{_escape(node_id)}" data-kind="popover" '
            f'data-sg-keep="open"><summary class="sg-btn sg-secondary" role="button">{icon}'
            f'{markdown_inline(props["label"])}</summary><div class="sg-pop-body">{inner}'
            f'</div></details>')


def _render_tabs(node_id, props, inner):
    buttons = "".join(
        f'<button type="button" role="tab" id="{_escape(node_id)}-tab{k}" '
        f'aria-controls="{_escape(node_id)}-{k}" aria-selected="{"true" if k == 0 else "false"}" '
        f'tabindex="{0 if k == 0 else -1}" data-sg-keep="aria-selected tabindex">'
        f'{markdown_inline(label)}</button>' for k, label in enumerate(props["labels"]))
    return (f'<div class="sg-el sg-tabs" id="{_escape(node_id)}" data-kind="tabs">'
            f'<div class="sg-tablist" role="tablist">{buttons}</div>{inner}</div>')


def _render_tab(node_id, props, inner):
    k = props["index"]
    hidden = " hidden" if k else ""
    parent = node_id.rsplit("-", 1)[0]
    return (f'<div class="sg-tabpanel" id="{_escape(node_id)}" data-kind="tab" role="tabpanel" '
            f'aria-labelledby="{_escape(parent)}-tab{k}" data-sg-keep="hidden"{hidden}>{inner}'
            f'</div>')


_AVATARS = {"user": "\U0001f9d1", "human": "\U0001f9d1", "assistant": "\U0001f916",
            "ai": "\U0001f916"}


def _render_chat_message(node_id, props, inner):
    name = props["name"]
    avatar = props.get("avatar")
    if isinstance(avatar, str) and safe_url(avatar, allow_relative=False) and \
            avatar.lower().startswith(("http://", "https://")):
        av = f'<img src="{_escape(avatar)}" alt="">'
    else:
        av = _escape(avatar if isinstance(avatar, str) and avatar else
                _AVATARS.get(name.lower(), name[:1].upper()))
    role = "assistant" if name.lower() in ("assistant", "ai") else (
        "user" if name.lower() in ("user", "human") else "other")
    return (f'<div class="sg-el sg-chat sg-chat-{role}" id="{_escape(node_id)}" data-kind="chat_message"'
            f' aria-label="{_escape(name)} message"><div class="sg-avatar" aria-hidden="true">{av}'
            f'</div><div class="sg-chat-body">{inner}</div></div>')


def _render_fragment(node_id, props, inner):
    return f'<div class="sg-fragment" id="{_escape(node_id)}" data-kind="fragment">{inner}</div>'


def _render_dialog(node_id, props, inner):
    width = props.get("width")
    cls = f" sg-dialog-{_escape(width)}" if width in ("small", "medium", "large") else ""
    icon = f'{_escape(props["icon"])} ' if props.get("icon") else ""
    close = ('<button type="button" class="sg-close" data-sg-close aria-label="Close">'
             '\u2715</button>' if props.get("dismissible", True) else "")
    return (f'<div class="sg-el sg-overlay" id="{_escape(node_id)}" data-kind="dialog" '
            f'data-sg-keep="hidden"><div class="sg-dialog{cls}" role="dialog" aria-modal="true"'
            f' aria-labelledby="{_escape(node_id)}-title"><div class="sg-dialog-head"><h2 '
            f'id="{_escape(node_id)}-title">{icon}{markdown_inline(props["title"])}</h2>{close}</div>'
            f'<div class="sg-dialog-body">{inner}</div></div></div>')


# -- renderers: status (alerts, progress, toasts, errors) ----------------------


def _render_exception(node_id, props, inner):
    return _root(node_id, "exception",
                 f'<div class="sg-alert sg-error" role="alert"><strong>{_escape(props["message"])}'
                 f'</strong><pre class="sg-trace">{_escape(props["trace"])}</pre></div>')


_ALERT_ICONS = {"success": "\u2705", "info": "\u2139\ufe0f", "warning": "\u26a0\ufe0f",
                "error": "\u26d4"}


def _render_alert(kind):
    def render(node_id, props, inner):
        icon = props.get("icon")
        icon_html = f'<span class="sg-icon">{_escape(icon)}</span>' if icon else ""
        role = ' role="alert"' if kind == "error" else ' role="status"'
        return _root(node_id, kind, f'<div class="sg-alert sg-{kind}"{role}>{icon_html}'
                                f'<div class="sg-md">{render_markdown(props["body"])}</div></div>')
    return render


_STATUS_ICONS = {"running": '<span class="sg-spin" aria-hidden="true"></span>',
                 "complete": "\u2714\ufe0f", "error": "\u274c"}


def _render_status(node_id, props, inner):
    open_ = " open" if props.get("expanded") else ""
    return (f'<details class="sg-el sg-expander sg-status sg-state-{_escape(props["state"])}" '
            f'id="{_escape(node_id)}" data-kind="status" data-state="{_escape(props["state"])}" '
            f'data-sg-keep="open"{open_}><summary>{_STATUS_ICONS.get(props["state"], "")} '
            f'{markdown_inline(props["label"])}</summary><div class="sg-exp-body">{inner}</div>'
            f'</details>')


def _render_progress(node_id, props, inner):
    text = f'<div class="sg-md">{markdown_inline(props["text"])}</div>' if props.get("text") else ""
    v = int(props["value"])
    return _root(node_id, "progress",
                 f'{text}<div class="sg-bar" role="progressbar" aria-valuemin="0" '
                 f'aria-valuemax="100" aria-valuenow="{v}" aria-label="{_escape(props.get("text") or "Progress")}">'
                 f'<div style="width:{v}%"></div></div>')


def _render_spinner(node_id, props, inner):
    return _root(node_id, "spinner", f'<span class="sg-spin" aria-hidden="true"></span> '
                                 f'<span role="status">{_escape(props["text"])}</span>')


def _render_toast(node_id, props, inner):
    icon = f'{props["icon"]} ' if props.get("icon") else ""
    return (f'<div class="sg-toast-src" id="{_escape(node_id)}" data-kind="toast" '
            f'data-seq="{int(props["seq"])}" hidden>{_escape(icon)}{_escape(props["body"])}</div>')


# -- renderers: data (metrics and tables) --------------------------------------


def _render_metric(node_id, props, inner):
    arrow = {"up": "\u2191 ", "down": "\u2193 "}.get(props["direction"], "")
    dc = props["delta_color"]
    if dc == "off" or props["direction"] == "none":
        tone = "gray"
    elif dc in ("normal", "inverse"):
        good = (props["direction"] == "up") == (dc == "normal")
        tone = "green" if good else "red"
    else:
        tone = dc
    delta = (f'<div class="sg-delta sg-c-{tone}">{arrow}{_escape(props["delta"])}</div>'
             if props["delta"] else "")
    p2 = dict(props)
    border = " sg-border" if props.get("border") else ""
    return _root(node_id, "metric",
                 _label(node_id, p2, for_id=False, tag="div") +
                 f'<div class="sg-metric-value">{_escape(props["value"])}</div>{delta}', extra_cls=border)



# -- renderers: the data grid (st.dataframe, st.data_editor, st.table) ----------
# A grid is drawn once per rerun with its header, its row count and its first
# window of rows; the server keeps the Grid (its FrameSource, the column plan,
# the sort) per session and component, and answers the page's data_window
# requests with further windows (protocol §3). Every row has the same height,
# so the page can size the scroll area for all n rows and ask for the rows a
# scroll position shows. Rows carry their position in the data (data-row), so
# edits and selections name original rows whatever the sort.

GRID_WINDOW_ROWS = 100          #: rows in the first paint (a few screens); scrolling asks for more
GRID_ROW_PX = 35                #: fixed row height, as Streamlit's; the page computes rows from it
GRID_HEIGHT_PX = 400            #: visible height of a grid unless height= is given
GRID_MAX_SCROLL_PX = 15_000_000  #: browsers cap element height near 33.5M px; taller grids scroll scaled
GRID_COL_PX = (60, 400)         #: bounds of a column's width guessed from its text
GRID_SORT_INLINE_ROWS = 20_000   #: sorting fewer rows takes milliseconds: done on the loop
TABLE_MAX_ROWS = 1000           #: st.table is static HTML: later rows are left out, with a note
SELECTION_MODES = ("single-row", "multi-row", "single-column", "multi-column")  #: on_select modes

_EDIT_OF_KIND = {"int": "number", "float": "number", "bool": "checkbox", "date": "date",
                 "time": "time", "datetime": "datetime", "text": "text", "object": "text"}
_EDIT_OF_TYPE = {"number": "number", "checkbox": "checkbox", "selectbox": "select",
                 "date": "date", "time": "time", "datetime": "datetime", "text": "text",
                 "link": "text"}
_HINT_OF_KIND = {"int": "integer", "float": "float", "bool": "boolean", "text": "string",
                 "object": "text"}
_FIXED_PX = {"progress": 160, "line_chart": 120, "bar_chart": 120, "area_chart": 120,
             "image": 90, "checkbox": 80}


class GridColumn(NamedTuple):
    """One shown column: where its values come from and how they are drawn and edited."""
    name: str       # the column's name in the data (as text)
    pos: int        # its position in FrameSource.columns
    label: str      # the header text
    cfg: dict       # flat column config ({} when none)
    kind: str       # the data's kind (KINDS)
    edit: str       # input the editor uses: "", "text", "number", "checkbox", "select", ...
    plain: bool     # drawn as plain text (cell_text), not through render_cell


def _plan_columns(source: FrameSource, config: dict, order, disabled, editable: bool) -> list:
    """Choose the shown columns, their labels and their editors (column_config, column_order)."""
    names = list(source.columns)
    wanted = [str(c) for c in order if str(c) in names] if order else names
    out = []
    for name in wanted[:len(names)]:
        cfg = config.get(name, {})
        if cfg.get("hidden"):
            continue
        pos = names.index(name)
        kind = source.kinds[pos]
        ctype = cfg.get("type")
        edit = ""
        if editable and not cfg.get("disabled") and not (
                disabled is True or (isinstance(disabled, (list, tuple, set)) and
                                     name in {str(d) for d in disabled})):
            edit = _EDIT_OF_TYPE.get(ctype, "") if ctype else _EDIT_OF_KIND.get(kind, "")
        plain = not ctype and kind in ("int", "float", "text", "object") and not any(
            k in cfg for k in ("format", "step", "alignment"))
        label = cfg.get("label")
        out.append(GridColumn(name, pos, name if label is None else str(label), cfg, kind,
                              edit, plain))
    return out


_TAG = re.compile(r"<[^>]*>")


def _editing_position(i: int, n_original: int, deleted: list) -> int:
    """Map row i of an edited result to its editing position (original row or n + added k)."""
    kept = n_original - len(deleted)
    if i >= kept:
        return n_original + (i - kept)
    pos = i
    for d in deleted:                      # sorted: each deleted row at or before pos shifts it
        if d <= pos:
            pos += 1
        else:
            break
    return pos


class Grid:
    """What the server keeps for one drawn grid: the data, the column plan, the sort.

    Built by st.dataframe / st.data_editor on the rerun's thread; read by the
    event loop to answer data_window requests and by the editor's event parser.
    """

    def __init__(self, data, *, column_config=None, column_order=None, hide_index=None,
                 editable=False, num_rows="fixed", disabled=False, selection_mode=None,
                 selection=None, editing=None, n_original=None, sort=None, styled=None):
        self.source = FrameSource(data)
        self.config = normalize_column_config(column_config, self.source.columns)
        self.columns = _plan_columns(self.source, self.config, column_order, disabled, editable)
        self.by_name = {c.name: c for c in self.columns}
        self.show_index = not hide_index
        self.editable = editable
        self.dynamic = editable and num_rows == "dynamic"
        self.selection_mode = selection_mode          # None or a list of SELECTION_MODES
        self.selection = selection or {"rows": [], "columns": []}
        self.editing = editing or {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
        self.pending = self.editing                   # the state with edits not yet rerun
        self.n_original = self.source.n_rows if n_original is None else n_original
        self.styled = styled                          # (text rows, css rows) of a Styler
        self.sort = None
        if sort and sort[0] in self.source.columns:
            self.sort = sort
        self.lock = threading.Lock()                  # sort orders are computed once

    @property
    def n_rows(self) -> int:
        return self.source.n_rows

    def order(self, column, ascending=True) -> Order:
        """Return the row order for a sort (computed once, then reused)."""
        with self.lock:
            return self.source.sort_order(column, ascending)

    def position(self, i: int) -> int:
        """Return the row position the page names a result row by (editing positions)."""
        if not self.editable:
            return i
        return _editing_position(i, self.n_original, self.editing["deleted_rows"])

    # -- html ------------------------------------------------------------------
    def head_html(self, sortable: bool = True) -> str:
        """Render <thead>: the marker column, the index, then each column's header."""
        cells = []
        if self.dynamic or self._row_select():
            cells.append('<th class="sg-grid-mark" scope="col"></th>')
        if self.show_index:
            label = self.config.get(INDEX_KEY, {}).get("label", "")
            cells.append(f'<th class="sg-grid-idx" scope="col">{_escape(label)}</th>')
        sort_col, asc = self.sort or (None, True)
        chosen = set(self.selection.get("columns", ()))
        for c in self.columns:
            attrs = f' data-col="{_escape(c.name)}"'
            if c.cfg.get("help"):
                attrs += f' title="{_escape(c.cfg["help"])}"'
            if sortable and c.name == sort_col:
                attrs += f' aria-sort="{"ascending" if asc else "descending"}"'
            if c.edit:
                attrs += f' data-edit="{c.edit}"'
                if c.edit == "select":
                    opts = [o.get("value") if isinstance(o, dict) else o
                            for o in c.cfg.get("options") or ()]
                    attrs += f' data-options="{_escape(_json.dumps(opts, default=str))}"'
            if c.kind in NUMERIC_KINDS:
                attrs += ' class="sg-num"'
            if c.name in chosen:
                attrs += ' aria-selected="true"'
            cells.append(f'<th scope="col"{attrs}>{_escape(c.label)}</th>')
        return f'<thead><tr>{"".join(cells)}</tr></thead>'

    def _row_select(self) -> bool:
        return bool(self.selection_mode) and any(m.endswith("-row") for m in self.selection_mode)

    def rows(self, start: int, stop: int, order: Order | None = None) -> tuple:
        """Render rows start..stop of the display order; return (html, widest text per column)."""
        window = self.source.window(start, stop, order)
        if order is not None and order.positions is not None:
            picks = [int(p) for p in order.positions[start:start + len(window)]]
        else:
            picks = range(start, start + len(window))
        widths = [0] * (len(self.columns) + 1)
        chosen = set(self.selection.get("rows", ()))
        marker = self.dynamic or self._row_select()
        out = []
        for (label, values), p in zip(window, picks):
            row = self.position(int(p))
            parts = [f'<tr data-row="{row}">']
            if marker:
                if self.dynamic:
                    parts.append(f'<td class="sg-grid-mark"><button type="button" '
                                 f'class="sg-grid-del" aria-label="Delete row {row}" '
                                 f'title="Delete row">\u00d7</button></td>')
                else:
                    on = ' checked="checked"' if row in chosen else ""
                    parts.append(f'<td class="sg-grid-mark"><input type="checkbox" '
                                 f'class="sg-grid-sel" aria-label="Select row {row}"{on}/></td>')
            if self.show_index:
                text = cell_text(label)
                widths[0] = max(widths[0], len(text))
                parts.append(f'<th scope="row">{_escape(text)}</th>')
            styled = self.styled[0][p] if self.styled and p < len(self.styled[0]) else None
            for k, c in enumerate(self.columns):
                v = values[c.pos]
                if styled is not None:
                    text = styled[c.pos]
                    css = render_css_style(self.styled[1][p][c.pos])
                    cls = ' class="sg-num"' if c.kind in NUMERIC_KINDS else ""
                    style = f' style="{css}"' if css else ""
                    parts.append(f'<td{cls}{style}>{_escape(text)}</td>')
                    widths[k + 1] = max(widths[k + 1], len(text))
                elif c.plain:
                    text = cell_text(v, c.kind)
                    widths[k + 1] = max(widths[k + 1], len(text))
                    cls = ' class="sg-num"' if c.kind in NUMERIC_KINDS and \
                        not isinstance(_python_value(v), str) else ""
                    if text in ("None", "NaN") and _is_null(v):
                        parts.append(f'<td{cls}>{_CELL_MISSING}</td>')   # faded, as Streamlit
                    else:
                        parts.append(f'<td{cls}>{_escape(text)}</td>')
                else:
                    html_ = render_cell(v, c.cfg, dtype_kind=_HINT_OF_KIND.get(c.kind, c.kind))
                    align = cell_align(c.cfg, v)
                    cls = {"right": ' class="sg-num"', "center": ' class="sg-mid"'}.get(align, "")
                    if c.kind == "bool" or c.cfg.get("type") == "checkbox":
                        cls = ' class="sg-mid" data-v="' + ("1" if v is True or (
                            not _is_null(v) and bool(_python_value(v)) is True) else "0") + '"'
                        if c.edit:                 # one click toggles it (the page sends the edit)
                            html_ = html_.replace(' disabled="disabled"', ' tabindex="-1"')
                    parts.append(f'<td{cls}>{html_}</td>')
                    shown = _html.unescape(_TAG.sub("", html_))
                    widths[k + 1] = max(widths[k + 1], min(len(shown), 40))
            parts.append("</tr>")
            out.append("".join(parts))
        return "".join(out), widths

    def colgroup(self, widths: list) -> tuple:
        """Return (<colgroup>, total px): configured widths, else guessed from the first rows."""
        lo, hi = GRID_COL_PX
        cols = []
        if self.dynamic or self._row_select():
            cols.append(36)
        if self.show_index:                # wide enough for the last row's number too
            chars = max(widths[0], len(str(max(self.n_rows - 1, 0))))
            cols.append(max(lo, min(hi, 8 * chars + 24)))
        for k, c in enumerate(self.columns):
            px = column_width_px(c.cfg) or _FIXED_PX.get(c.cfg.get("type") or (
                "checkbox" if c.kind == "bool" else ""))
            if px is None:
                px = max(lo, min(hi, 8 * max(widths[k + 1], len(c.label) + 2) + 24))
            cols.append(px)
        html_ = "".join(f'<col style="width:{px}px"/>' for px in cols)
        return f"<colgroup>{html_}</colgroup>", sum(cols)

    def first_paint(self) -> dict:
        """Return the props a grid renderer draws: header, first window, sizes."""
        order = self.order(*self.sort) if self.sort else None
        stop = min(self.n_rows, GRID_WINDOW_ROWS)
        body, widths = self.rows(0, stop, order)
        colgroup, total = self.colgroup(widths)
        return {"head": self.head_html(), "body": body, "colgroup": colgroup,
                "table_px": total, "n_rows": self.n_rows, "n_cols": len(self.columns),
                "stop": stop, "sort": list(self.sort) if self.sort else None,
                "dynamic": self.dynamic,
                "select": ",".join(self.selection_mode) if self.selection_mode else "",
                "selection": _json.dumps(self.selection) if self.selection_mode else ""}

    def window_data(self, cid: str, start: int, stop: int, column, ascending) -> dict:
        """Answer a data_window request: the rows html of one window (a data_rows message)."""
        self.sort = (column, ascending) if column is not None else None
        order = self.order(column, ascending) if column is not None else None
        body, _w = self.rows(start, stop, order)
        return {"componentId": cid, "start": start, "stop": stop, "n_rows": self.n_rows,
                "sort": {"column": column, "ascending": ascending} if column else None,
                "html": body}

    # -- the editor's events ----------------------------------------------------
    def apply_change(self, raw) -> dict:
        """Check one edit from the page; return the editing state with it (protocol §3)."""
        added = len(self.pending["added_rows"])
        change = validate_change_message(raw, self.n_original + added, self.source.columns)
        if change.op in ("add", "delete") and not self.dynamic:
            raise ValueError(f"rows cannot be {'added' if change.op == 'add' else 'deleted'}"
                             f" (num_rows='fixed')")
        if change.op == "edit":
            col = self.by_name.get(change.column)
            if col is None or not col.edit:
                raise ValueError(f"column {change.column[:80]!r} is not editable")
            value = coerce_edit(change.value, col.cfg, _HINT_OF_KIND.get(col.kind, col.kind))
            change = change._replace(value=value)
        self.pending = record_change(self.pending, change, self.n_original)
        return self.pending


def _grid_html(node_id: str, kind: str, props: dict) -> str:
    """Assemble a grid element: scroll area (sized for every row), table, footer."""
    n, stop = props["n_rows"], props["stop"]
    scale = min(1.0, GRID_MAX_SCROLL_PX / max(1, n * GRID_ROW_PX))
    pad_cols = props["n_cols"] + 2
    bottom = max(0, round(n * GRID_ROW_PX * scale) - stop * GRID_ROW_PX)
    pad = (f'<tr class="sg-grid-pad" aria-hidden="true"><td colspan="{pad_cols}" '
           f'style="height:{bottom}px"></td></tr>' if n > stop else "")
    h = props.get("height")
    height = int(h) if isinstance(h, (int, float)) and h > 0 else GRID_HEIGHT_PX
    sort = props.get("sort")
    attrs = (f' data-grid="1" data-n="{n}" data-start="0" data-stop="{stop}" '
             f'data-row-px="{GRID_ROW_PX}" data-scale="{scale:.6g}"'
             f' data-sort-col="{_escape(sort[0]) if sort else ""}"'
             f' data-sort-asc="{"0" if sort and not sort[1] else "1"}"')
    if props.get("select"):
        attrs += (f' data-select="{_escape(props["select"])}" '
                  f'data-selection="{_escape(props["selection"])}"')
    if kind == "data_editor":
        attrs += ' data-edit="1"'
    width = props.get("width")
    fill = "min-width:100%;" if props.get("stretch") else ""
    box = f' style="max-width:{int(width)}px"' if isinstance(width, int) and width > 0 else ""
    count = (f'{n:,} row{"s" if n != 1 else ""} \u00d7 {props["n_cols"]} '
             f'column{"s" if props["n_cols"] != 1 else ""}')
    add = ('<button type="button" class="sg-btn sg-grid-add">+ Add row</button>'
           if props.get("dynamic") else "")
    return _root(node_id, kind,
                 f'<div class="sg-grid"{box}><div class="sg-grid-scroll" '
                 f'style="max-height:{height}px" tabindex="0" role="region" '
                 f'aria-label="data table, {n} rows">'
                 f'<table class="sg-tbl sg-df-tbl" style="{fill}width:{props["table_px"]}px">'
                 f'{props["colgroup"]}{props["head"]}<tbody>{props["body"]}{pad}</tbody>'
                 f'</table></div><div class="sg-grid-foot"><span class="sg-grid-count">'
                 f'{count}</span>{add}<span class="sg-grid-msg" role="alert"></span></div></div>',
                 attrs=attrs, props=props)


def _render_dataframe(node_id, props, inner):
    return _grid_html(node_id, "dataframe", props)


def _render_data_editor(node_id, props, inner):
    return _grid_html(node_id, "data_editor", props)


def _render_table(node_id, props, inner):
    note = ""
    if props["n_rows"] > props["shown"]:
        note = (f'<p class="sg-caption sg-table-note">Showing the first {props["shown"]:,} '
                f'of {props["n_rows"]:,} rows.</p>')
    return _root(node_id, "table", f'<div class="sg-scroll"><table class="sg-tbl">'
                                   f'{props["head"]}<tbody>{props["body"]}</tbody></table>'
                                   f'</div>{note}')


# -- renderers: chart (charts drawn as SVG on the server) ----------------------
# The SVG itself is drawn when the app calls st.*_chart (sections 12 and 13);
# props carry it as text, plus the notes on what could not be drawn. A chart
# with on_select is a widget: its value's point indices are marked here.


def _render_chart(node_id, props, inner):
    """Show a chart's SVG, its notes as a caption, and (if selectable) the selection."""
    svg, attrs, cls = props["svg"], "", ""
    if props.get("selectable"):
        chosen = props.get("value") or []
        for n in chosen:           # the drawn datum N carries exactly this attribute pair
            svg = svg.replace(f' class="sg-pt" data-sg-pt="{int(n)}"',
                              f' class="sg-pt sg-sel" data-sg-pt="{int(n)}"', 1)
        attrs = f' data-sg-select="{" ".join(str(int(n)) for n in chosen)}"'
        cls = " sg-chart-select" + (" sg-has-sel" if chosen else "")
    notes = "".join(f'<div class="sg-caption sg-chart-note">{_escape(n)}</div>'
                    for n in props.get("notes") or ())
    return _root(node_id, "chart", f'<div class="sg-chart">{svg}</div>{notes}',
                 extra_cls=cls, attrs=attrs, props=props)


# -- renderers: media (images, audio, video) -----------------------------------


def _render_image(node_id, props, inner):
    w = f' width="{int(props["width"])}"' if props.get("width") else ""
    cls = " sg-stretch" if props.get("stretch") else ""
    figs = "".join(
        f'<figure><img src="{_escape(it["src"])}" alt="{_escape(it["caption"] or "")}"{w}>'
        + (f'<figcaption>{_escape(it["caption"])}</figcaption>' if it["caption"] else "")
        + "</figure>" for it in props["items"])
    return _root(node_id, "image", f'<div class="sg-images{cls}">{figs}</div>')


def _render_media(tag):
    def render(node_id, props, inner):
        src = props["src"]
        start = props.get("start") or 0
        if isinstance(start, (int, float)) and start and not src.startswith("data:"):
            src += f"#t={float(start):g}"
        flags = "".join(f" {f}" for f in ("loop", "autoplay", "muted") if props.get(f))
        return _root(node_id, tag, f'<{tag} controls preload="metadata" src="{_escape(src)}"{flags}>'
                               f'</{tag}>')
    return render


def _render_choice_buttons(kind):
    """pills, segmented_control and feedback: toggle buttons that carry their index."""
    def render(node_id, props, inner):
        chosen = set(props["index"])
        labels = props.get("labels") or props.get("glyphs")
        names = props.get("names") or labels
        stars = props.get("stars")
        top = max(chosen) if chosen else -1
        buttons = []
        for k, text in enumerate(labels):
            on = (k <= top) if stars else (k in chosen)
            body = _escape(text) if kind == "feedback" else markdown_inline(text)
            buttons.append(f'<button type="button" class="sg-choice{" sg-on" if on else ""}" '
                           f'data-sg-opt="{k}" aria-pressed="{"true" if k in chosen else "false"}"'
                           f' aria-label="{_escape(names[k])}"{_disabled(props)}>{body}</button>')
        label = "" if kind == "feedback" else _label(node_id, props, for_id=False)
        multi = ' data-multi="true"' if props.get("multi") else ""
        return _root(node_id, kind, label + f'<div class="sg-choices sg-{kind}-row" role="group"'
                     f'{multi}>{"".join(buttons)}</div>', props=props)
    return render


def _render_iframe(node_id, props, inner):
    """st.components.v1.html / iframe: a sandboxed frame (its own opaque origin)."""
    width = f' width="{int(props["width"])}"' if props["width"] else ""
    scroll = "" if props["scrolling"] else ' scrolling="no"'
    sandbox = ("allow-scripts allow-popups allow-forms" if props["own"] else
               "allow-scripts allow-popups allow-forms allow-same-origin")
    return _root(node_id, "iframe",
                 f'<iframe src="{_escape(props["src"])}" sandbox="{sandbox}" '
                 f'height="{int(props["height"])}"{width}{scroll} loading="lazy" '
                 f'referrerpolicy="no-referrer" title="embedded content"></iframe>')


def _render_logo(node_id, props, inner):
    img = f'<img src="{_escape(props["src"])}" alt="logo">'
    if props["href"]:
        img = f'<a href="{_escape(props["href"])}" target="_blank" rel="noopener">{img}</a>'
    return (f'<div class="sg-el sg-logo sg-logo-{_escape(props["size"])}" id="{_escape(node_id)}" '
            f'data-kind="logo">{img}</div>')


def _render_bottom(node_id, props, inner):
    return f'<div class="sg-el sg-bottom" id="{_escape(node_id)}" data-kind="bottom">{inner}</div>'


def _render_nav(node_id, props, inner):
    """The page navigation: one link per page, grouped in sections."""
    parts = []
    for title, links in props["sections"]:
        if title:
            parts.append(f'<div class="sg-nav-section">{_escape(title)}</div>')
        for label, icon, href, path, active in links:
            cur = ' aria-current="page"' if active else ""
            mark = f'<span class="sg-nav-icon">{_escape(icon)}</span>' if icon else ""
            parts.append(f'<a class="sg-nav-link{" sg-active" if active else ""}" '
                         f'href="{_escape(href)}" data-sg-page="{_escape(path)}"{cur}>'
                         f'{mark}{_escape(label)}</a>')
    return (f'<nav class="sg-el sg-nav" id="{_escape(node_id)}" data-kind="nav" '
            f'aria-label="pages">{"".join(parts)}</nav>')


def _render_page_link(node_id, props, inner):
    """A link to a page of the app (data-sg-page) or an external URL (new tab)."""
    icon = f'<span class="sg-nav-icon">{_escape(props["icon"])}</span>' if props["icon"] else ""
    cls = "sg-nav-link" + (" sg-active" if props["active"] else "") + \
        (" sg-stretch" if props["stretch"] else "")
    label = markdown_inline(props["label"])
    if props["disabled"] or not props["href"]:
        body = f'<span class="{cls} sg-disabled" aria-disabled="true">{icon}{label}</span>'
    elif props["page"] is None:
        body = (f'<a class="{cls}" href="{_escape(props["href"])}" target="_blank" '
                f'rel="noopener noreferrer">{icon}{label}</a>')
    else:
        body = (f'<a class="{cls}" href="{_escape(props["href"])}" '
                f'data-sg-page="{_escape(props["page"])}">{icon}{label}</a>')
    return _root(node_id, "page_link", body + _help(props))


_RENDERERS = {          # element kind -> renderer(node_id, props, inner) -> HTML
    # pages
    "nav": _render_nav,
    "iframe": _render_iframe,
    "datetime_input": _render_datetime_input,
    "camera_input": _render_capture("camera_input"),
    "audio_input": _render_capture("audio_input"),
    "logo": _render_logo,
    "bottom": _render_bottom,
    # choice buttons
    "pills": _render_choice_buttons("pills"),
    "segmented_control": _render_choice_buttons("segmented_control"),
    "feedback": _render_choice_buttons("feedback"),
    "page_link": _render_page_link,
    # text
    "title": _render_heading("h1", "title"),
    "header": _render_heading("h2", "header"),
    "subheader": _render_heading("h3", "subheader"),
    "markdown": _render_markdown,
    "caption": _render_caption,
    "text": _render_text,
    "code": _render_code,
    "divider": _render_divider,
    "html": _render_html,
    "json": _render_json,
    "_stale": _render_stale,
    "latex": _render_latex,
    "badge": _render_badge,
    # input
    "button": _render_button,
    "checkbox": _render_checkbox,
    "slider": _render_slider,
    "text_input": _render_text_input,
    "number_input": _render_number_input,
    "toggle": _render_checkbox,
    "select_slider": _render_slider,
    "text_area": _render_text_input,
    "date_input": _render_date_input,
    "time_input": _render_time_input,
    "color_picker": _render_color_picker,
    "file_uploader": _render_file_uploader,
    "chat_input": _render_chat_input,
    "download_button": _render_button,
    "link_button": _render_button,
    "form_submit_button": _render_button,
    # choice
    "selectbox": _render_selectbox,
    "radio": _render_radio,
    "multiselect": _render_multiselect,
    # layout
    "columns": _render_columns,
    "column": _render_column,
    "container": _render_container,
    "empty": _render_empty,
    "form": _render_form,
    "expander": _render_expander,
    "popover": _render_popover,
    "tabs": _render_tabs,
    "tab": _render_tab,
    "chat_message": _render_chat_message,
    "fragment": _render_fragment,
    "dialog": _render_dialog,
    # status
    "exception": _render_exception,
    "success": _render_alert("success"),
    "info": _render_alert("info"),
    "warning": _render_alert("warning"),
    "error": _render_alert("error"),
    "status": _render_status,
    "progress": _render_progress,
    "spinner": _render_spinner,
    "toast": _render_toast,
    # data
    "metric": _render_metric,
    "table": _render_table,
    "dataframe": _render_dataframe,
    "data_editor": _render_data_editor,
    # chart
    "chart": _render_chart,
    # media
    "image": _render_image,
    "audio": _render_media("audio"),
    "video": _render_media("video"),
}


# =============================================================================
# 11b. Data frames: virtual windows, sorting, editing, st.column_config (no I/O)
# =============================================================================
# A 50,000 x 20 frame rendered as one HTML table is tens of megabytes on the
# wire. Instead the server keeps the app's own object (a pandas DataFrame, a
# pyarrow Table, a numpy array or plain Python lists and dicts) wrapped in a
# FrameSource. The page receives the header, the row count and the first
# window; scrolling asks for further windows (a data_window message, protocol
# §3); clicking a header asks the server for a sort order, which is a
# permutation of row positions kept next to the data (8 bytes a row), never a
# sorted copy of the data.
#
# pandas, numpy and pyarrow are never imported here. An app that hands us one
# of their objects has already loaded the library, so we duck-type the object
# (`type(x).__module__`, `hasattr`) and, when we need a module-level function
# such as `numpy.concatenate`, take the already-loaded module from sys.modules.
#
# The same section turns st.data_editor's editing state (Streamlit's
# {"edited_rows", "added_rows", "deleted_rows"}) into a new object of the
# app's type, validates the browser's window requests and edits, and holds
# st.column_config: the constructors, number and date formats, one HTML
# fragment per cell by column type, edit coercion, and pandas Styler cells.
# Section 11's data renderers (the grid) and section 12's st.dataframe /
# st.data_editor put these pieces together.

MAX_WINDOW_ROWS = 500           #: rows per window request: ~10 screens; larger asks are clamped
DEFAULT_WINDOW_ROWS = 100       #: rows sent when a request gives no stop (first paint)
KIND_SAMPLE_ROWS = 1000         #: rows scanned to guess an untyped column's kind
KIND_SAMPLE_VALUES = 100        #: non-null values that decide an untyped column's kind
MAX_CELL_VALUE_CHARS = 10_000   #: longest text a browser may write into one cell
MAX_JSON_INT = 2 ** 53          #: JavaScript numbers are exact only up to this
MAX_ADDED_ROWS = 10_000         #: rows one editing state may add (a human types them)
INDEX_COLUMN = "_index"         #: Streamlit's name for the index in editing state

KINDS = ("int", "float", "bool", "datetime", "date", "time", "text", "list",
         "object")                #: column kinds; "object" when values disagree or are unknown
NUMERIC_KINDS = ("int", "float")  #: kinds whose cells are right-aligned (class sg-num)



# -- Recognising the libraries without importing them -------------------------

def _module_of(obj) -> str:
    """Return the top-level package an object's class comes from ('' for builtins)."""
    return (type(obj).__module__ or "").split(".")[0]


def _loaded(name: str):
    """Return an already-imported module (the app loaded it), or None."""
    return sys.modules.get(name)


def _is_pandas(obj) -> bool:
    """Tell whether obj is a pandas object (DataFrame, Series, Styler)."""
    return _module_of(obj) == "pandas"


def _is_numpy_array(obj) -> bool:
    """Tell whether obj is a numpy ndarray."""
    return _module_of(obj) == "numpy" and hasattr(obj, "ndim") and hasattr(obj, "dtype")


def _is_arrow_table(obj) -> bool:
    """Tell whether obj is a pyarrow Table (or RecordBatch)."""
    return _module_of(obj) == "pyarrow" and hasattr(obj, "column") and hasattr(obj, "schema")


def _as_frame(data):
    """Return a pandas DataFrame for a DataFrame, Series or Styler (else None)."""
    if not _is_pandas(data):
        return None
    if hasattr(data, "to_html") and hasattr(data, "data") and not hasattr(data, "iloc"):
        data = data.data                                   # a Styler wraps its frame
    if hasattr(data, "to_frame") and not hasattr(data, "columns"):
        data = data.to_frame()                             # a Series becomes one column
    return data if hasattr(data, "iloc") and hasattr(data, "columns") else None


def _is_null(v) -> bool:
    """Tell whether a cell is missing: None, NaN, NaT or pandas.NA."""
    if v is None:
        return True
    if isinstance(v, float):
        return v != v
    if isinstance(v, (str, bytes, bool, int, list, tuple, dict)):
        return False
    try:
        return bool(v != v)                                # NaT, numpy NaN, pandas.NA
    except (TypeError, ValueError):                        # pandas.NA refuses bool()
        return _module_of(v) == "pandas"


def _python_value(v):
    """Turn a numpy scalar into the matching Python value (others pass through)."""
    if _module_of(v) == "numpy" and hasattr(v, "item"):
        return v.item()
    return v


# -- Column kinds -------------------------------------------------------------

_DTYPE_KINDS = {"i": "int", "u": "int", "f": "float", "b": "bool", "M": "datetime",
                "U": "text", "S": "text", "m": "object", "c": "object"}


def _kind_of_value(v) -> str:
    """Name the kind of one non-null Python value."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "text"
    if isinstance(v, _dt.datetime):
        return "datetime"
    if isinstance(v, _dt.date):
        return "date"
    if isinstance(v, _dt.time):
        return "time"
    if isinstance(v, (list, tuple)) or (_module_of(v) == "numpy" and hasattr(v, "ndim")
                                        and v.ndim == 1):
        return "list"
    return _kind_of_value(_python_value(v)) if _module_of(v) == "numpy" else "object"


def _kind_of_values(values) -> str:
    """Name the shared kind of a sample of values ("object" when they disagree)."""
    kinds = set()
    for v in values:
        if _is_null(v):
            continue
        kinds.add(_kind_of_value(v))
        if len(kinds) > 2:
            break
    if not kinds:
        return "object"
    if kinds == {"int", "float"}:
        return "float"
    return kinds.pop() if len(kinds) == 1 else "object"


def _kind_of_dtype(dtype, sample: Callable[[], list]) -> str:
    """Name a numpy/pandas dtype's kind; look at sample() values for object columns."""
    code = getattr(dtype, "kind", "O")
    if code in _DTYPE_KINDS:
        return _DTYPE_KINDS[code]
    name = str(dtype)
    if name.startswith(("string", "str")):
        return "text"
    return _kind_of_values(sample())


_ARROW_PREFIXES = (("int", "int"), ("uint", "int"), ("double", "float"), ("float", "float"),
                   ("halffloat", "float"), ("decimal", "float"), ("bool", "bool"),
                   ("timestamp", "datetime"), ("date", "date"), ("time", "time"),
                   ("string", "text"), ("large_string", "text"), ("list", "list"),
                   ("large_list", "list"), ("fixed_size_list", "list"))


def _kind_of_arrow_type(arrow_type) -> str:
    """Name the kind of a pyarrow DataType from its text form ("int64", "timestamp[us]")."""
    name = str(arrow_type)
    for prefix, kind in _ARROW_PREFIXES:
        if name.startswith(prefix):
            return kind
    return "object"


# -- Cell text ----------------------------------------------------------------

def cell_text(value, kind: str = "object") -> str:
    """Format one cell the way st.dataframe shows it (floats: 4 decimals, separators)."""
    value = _python_value(value)
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "float" and isinstance(value, int):
        value = float(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if abs(value) < 1e15:
            return f"{value:,.4f}".rstrip("0").rstrip(".")
        return f"{value:.4g}"
    return str(value)


def row_to_cells(values: Sequence, kinds: Sequence[str]) -> list:
    """Format one row's values as display strings, column by column."""
    return [cell_text(v, k) for v, k in zip(values, kinds)]


# -- Sort orders --------------------------------------------------------------

class Order(NamedTuple):
    """A row permutation: positions[i] is the original position of display row i.

    positions is None for the data's own order, a numpy int64 array for pandas
    and numpy data (pyarrow data is read through pandas when pandas is
    installed), and an array('q') otherwise; both cost 8 bytes a row and both
    slice without copying the rest.
    """

    column: Optional[str]
    ascending: bool
    positions: Any


_ORIGINAL = Order(None, True, None)


def _python_sort_positions(values: Sequence, ascending: bool) -> array.array:
    """Return a stable order of positions with nulls last; mixed types sort by str()."""
    filled = [i for i, v in enumerate(values) if not _is_null(v)]
    nulls = [i for i, v in enumerate(values) if _is_null(v)]
    try:
        filled = sorted(filled, key=values.__getitem__, reverse=not ascending)
    except (TypeError, ValueError):                    # e.g. 1 < "a": compare as text
        filled = sorted(filled, key=lambda i: str(values[i]), reverse=not ascending)
    out = array.array("q", filled)
    out.extend(nulls)
    return out


def _numpy_sort_positions(values, ascending: bool):
    """Return a stable argsort (int64) of a 1-D numpy array, NaN/NaT last either way."""
    np = _loaded("numpy")
    code = values.dtype.kind
    if code == "O":
        return np.frombuffer(_python_sort_positions(values.tolist(), ascending), dtype=np.int64)
    null = None
    if code in "fc":
        null = values != values
    elif code in "mM":
        null = np.isnat(values)
    if null is not None and null.any():
        keep = (~null).nonzero()[0]
        vals = values[keep]
    else:
        keep, vals = None, values
    if ascending:
        idx = vals.argsort(kind="stable")
    else:                                      # reverse, sort, map back, reverse: ties keep order
        idx = (len(vals) - 1 - vals[::-1].argsort(kind="stable"))[::-1]
    if keep is not None:
        idx = np.concatenate([keep[idx], null.nonzero()[0]])
    return idx.astype(np.int64, copy=False)


def _pandas_sort_positions(col, ascending: bool):
    """Return a stable argsort (int64) of a pandas Series, nulls last, mixed types by str."""
    plain = col.reset_index(drop=True)                  # labels become positions
    try:
        ordered = plain.sort_values(ascending=ascending, kind="stable", na_position="last")
    except (TypeError, ValueError):
        text = plain.astype(str).mask(plain.isna())     # nulls stay null, so they sort last
        ordered = text.sort_values(ascending=ascending, kind="stable", na_position="last")
    return ordered.index.to_numpy(dtype="int64")


# -- FrameSource --------------------------------------------------------------

class FrameSource:
    """Table-like app data, kept as it is and read one window of rows at a time.

    Attributes: columns (names as text), index_name, n_rows, kinds (one of KINDS
    per column) and nbytes_estimate (what the wrapped object occupies).
    """

    def __init__(self, data):
        """Recognise the data's type and read its shape, names and kinds (not its rows)."""
        self.columns: list = []
        self.index_name = None
        self.n_rows = 0
        self.kinds: list = []
        self.nbytes_estimate = 0
        self._backend = "python"
        self._last_order = _ORIGINAL
        frame = _as_frame(data)
        if frame is not None:
            self._init_pandas(frame)
        elif _is_arrow_table(data):
            try:
                frame = data.to_pandas()
            except ImportError:                          # pyarrow without pandas
                frame = None
            if frame is not None:
                self._init_pandas(frame)
            else:
                self._init_arrow(data)
        elif _is_numpy_array(data) and data.ndim in (1, 2):
            self._init_numpy(data)
        elif _module_of(data) not in ("", "builtins", "numpy") and hasattr(data, "to_pandas"):
            self._init_pandas(data.to_pandas())          # polars and other frame libraries
        else:
            self._init_python(data)

    # -- construction, one per backend -------------------------------------

    def _init_pandas(self, df) -> None:
        """Wrap a pandas DataFrame without copying it."""
        self._backend = "pandas"
        self._df = df
        self.columns = [str(c) for c in df.columns]
        self.index_name = df.index.name
        self.n_rows = len(df)
        self.kinds = [_kind_of_dtype(dt, lambda j=j: df.iloc[:KIND_SAMPLE_ROWS, j].tolist())
                      for j, dt in enumerate(df.dtypes)]
        usage = df.memory_usage(index=True, deep=False)
        extra = 0
        for j, dtype in enumerate(df.dtypes):           # object cells live outside the frame
            if getattr(dtype, "kind", "O") == "O":
                extra += self._sampled_cell_bytes(df.iloc[:KIND_SAMPLE_VALUES, j].tolist())
        self.nbytes_estimate = int(usage.sum()) + extra

    def _init_arrow(self, table) -> None:
        """Wrap a pyarrow Table, reading columns through to_pylist() on slices."""
        self._backend = "arrow"
        self._table = table
        self.columns = [str(c) for c in table.column_names]
        self.n_rows = table.num_rows
        self.kinds = [_kind_of_arrow_type(f.type) for f in table.schema]
        self.nbytes_estimate = int(getattr(table, "nbytes", 0))

    def _init_numpy(self, arr) -> None:
        """Wrap a 1-D or 2-D numpy array (a 1-D array is one column named "value")."""
        self._backend = "numpy"
        if arr.ndim == 1:
            arr = arr.reshape(-1, 1)                       # a view, not a copy
            self.columns = ["value"]
        else:
            self.columns = [str(j) for j in range(arr.shape[1])]
        self._arr = arr
        self.n_rows = arr.shape[0]
        self.kinds = [_kind_of_dtype(arr.dtype, lambda j=j: arr[:KIND_SAMPLE_ROWS, j].tolist())
                      for j in range(arr.shape[1])]
        self.nbytes_estimate = int(arr.nbytes)

    def _init_python(self, data) -> None:
        """Wrap lists and dicts: rows of dicts or lists, columns of lists, or scalars."""
        self._labels = None                                # row labels when not positions
        if data is None:
            self._layout, self._items = "rows", []
        elif isinstance(data, dict):
            if data and all(isinstance(v, (list, tuple)) or hasattr(v, "tolist")
                            for v in data.values()):
                self._layout = "columns"
                self._keys = list(data)
                self._items = list(data.values())
                self.columns = [str(k) for k in self._keys]
                self.n_rows = max(len(c) for c in self._items)
            else:
                self._layout = "values"
                self._labels = list(data)
                self._items = list(data.values())
        elif isinstance(data, (list, tuple, set, frozenset)) or hasattr(data, "tolist"):
            items = data.tolist() if hasattr(data, "tolist") else data
            if isinstance(items, (set, frozenset)):
                items = list(items)
            elif not isinstance(items, (list, tuple)):      # a 0-d array's one value
                items = [items]
            if items and all(isinstance(r, dict) for r in items):
                self._layout = "records"
                seen = {}
                for r in items:
                    for k in r:
                        seen.setdefault(str(k), k)
                self._keys = list(seen.values())
                self.columns = list(seen)
            elif items and all(isinstance(r, (list, tuple)) for r in items):
                self._layout = "rows"
                self.columns = [str(j) for j in range(max(len(r) for r in items))]
            else:
                self._layout = "values"
            self._items = items
        else:
            self._layout, self._items = "values", [data]
        if self._layout == "values":
            self.columns = ["value"]
        if self._layout != "columns":
            self.n_rows = len(self._items)
        sample = [self._python_row(i) for i in range(min(self.n_rows, KIND_SAMPLE_ROWS))]
        self.kinds = [_kind_of_values(r[j] for r in sample) for j in range(len(self.columns))]
        per_row = self._sampled_cell_bytes([v for r in sample[:KIND_SAMPLE_VALUES] for v in r])
        rows_sampled = min(self.n_rows, KIND_SAMPLE_VALUES) or 1
        self.nbytes_estimate = per_row * self.n_rows // rows_sampled + 8 * self.n_rows

    @staticmethod
    def _sampled_cell_bytes(values: list) -> int:
        """Return the bytes the given Python values occupy (sys.getsizeof each)."""
        return sum(sys.getsizeof(v) for v in values)

    def _python_row(self, i: int) -> list:
        """Return row i of plain Python data as a list of Python values."""
        item = None if self._layout == "columns" else self._items[i]
        if self._layout == "records":
            return [item.get(k) for k in self._keys]
        if self._layout == "rows":
            return list(item) + [None] * (len(self.columns) - len(item))
        if self._layout == "columns":
            return [_python_value(c[i]) if i < len(c) else None for c in self._items]
        return [_python_value(item)]

    def _python_column(self, j: int) -> list:
        """Return column j of plain Python data as a list (for sorting)."""
        if self._layout == "columns":
            col = self._items[j]
            col = col.tolist() if hasattr(col, "tolist") else col
            return list(col) + [None] * (self.n_rows - len(col))
        return [self._python_row(i)[j] for i in range(self.n_rows)]

    # -- windows -------------------------------------------------------------

    def clamp(self, start: int, stop: int) -> tuple:
        """Clamp a requested row range to the data and to MAX_WINDOW_ROWS."""
        start = max(0, min(int(start), self.n_rows))
        stop = max(start, min(int(stop), self.n_rows, start + MAX_WINDOW_ROWS))
        return start, stop

    def window(self, start: int, stop: int, order: Optional[Order] = None) -> list:
        """Return rows start..stop (display order) as [(index label, [values...])]."""
        start, stop = self.clamp(start, stop)
        positions = None if order is None or order.positions is None \
            else order.positions[start:stop]
        if start == stop:
            return []
        if self._backend == "pandas":
            sub = self._df.iloc[start:stop] if positions is None else self._df.take(positions)
            cols = [sub.iloc[:, j].tolist() for j in range(sub.shape[1])]
            labels = sub.index.tolist()
        elif self._backend == "numpy":
            sub = self._arr[start:stop] if positions is None else self._arr[positions]
            rows = sub.tolist()
            labels = list(range(start, stop)) if positions is None else positions.tolist()
            return list(zip(labels, rows))
        elif self._backend == "arrow":
            sub = self._table.slice(start, stop - start) if positions is None \
                else self._table.take(list(positions))
            cols = [sub.column(j).to_pylist() for j in range(sub.num_columns)]
            labels = list(range(start, stop)) if positions is None else list(positions)
        else:
            picks = range(start, stop) if positions is None else positions
            labels = [i if self._labels is None else self._labels[i] for i in picks]
            return [(label, self._python_row(i)) for label, i in zip(labels, picks)]
        return [(label, [c[k] for c in cols]) for k, label in enumerate(labels)]

    def window_cells(self, start: int, stop: int, order: Optional[Order] = None) -> list:
        """Return a window as display text: [[index text, cell text, ...], ...]."""
        return [[cell_text(label)] + row_to_cells(values, self.kinds)
                for label, values in self.window(start, stop, order)]

    # -- sorting ---------------------------------------------------------------

    def sort_order(self, column: Optional[str], ascending: bool = True) -> Order:
        """Compute (or reuse the last) stable row order for sorting by one column."""
        if column is None:
            return _ORIGINAL
        if column not in self.columns:
            raise ValueError(f"unknown column {column!r}")
        last = self._last_order
        if last.column == column and last.ascending == bool(ascending):
            return last
        j = self.columns.index(column)
        if self._backend == "pandas":
            positions = _pandas_sort_positions(self._df.iloc[:, j], bool(ascending))
        elif self._backend == "numpy":
            positions = _numpy_sort_positions(self._arr[:, j], bool(ascending))
        elif self._backend == "arrow":
            positions = _python_sort_positions(self._table.column(j).to_pylist(),
                                               bool(ascending))
        else:
            positions = _python_sort_positions(self._python_column(j), bool(ascending))
        self._last_order = Order(column, bool(ascending), positions)
        return self._last_order


# -- Browser messages: window requests and edits ------------------------------

_WINDOW_REQUEST_KEYS = {"componentId", "start", "stop", "sort"}
_CHANGE_KEYS = {"op", "row", "column", "value"}


def _require_int(data: dict, key: str) -> int:
    """Return data[key] if it is an int (bools are not), else raise ValueError."""
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{key!r} must be an integer, got {type(value).__name__}")
    return value


def _reject_unknown_keys(data: dict, allowed: set, what: str) -> None:
    """Raise ValueError naming any key outside allowed."""
    extra = sorted(str(k) for k in data if k not in allowed)
    if extra:
        raise ValueError(f"unknown field(s) in {what}: {', '.join(extra)}")


def validate_window_request(data, n_rows: int, columns: Sequence[str]) -> tuple:
    """Check a window request; return (start, stop, sort_column or None, ascending).

    The message's data is {"componentId": str, "start": int, "stop": int
    (optional), "sort": {"column": str, "ascending": bool} or null} (protocol
    §3). A stop past the last row is clamped to n_rows; a start past it, or a
    window wider than MAX_WINDOW_ROWS, is refused.
    """
    if not isinstance(data, dict):
        raise ValueError("a window request must be a JSON object")
    _reject_unknown_keys(data, _WINDOW_REQUEST_KEYS, "window request")
    cid = data.get("componentId")
    if not isinstance(cid, str) or not cid or len(cid) > MAX_COMPONENT_ID:
        raise ValueError(f"'componentId' must be a non-empty string of at most "
                         f"{MAX_COMPONENT_ID} characters")
    start = _require_int(data, "start")
    if not 0 <= start <= n_rows:
        raise ValueError(f"'start' must be between 0 and {n_rows}, got {start}")
    if data.get("stop") is None:
        stop = start + DEFAULT_WINDOW_ROWS
    else:
        stop = _require_int(data, "stop")
        if stop < start:
            raise ValueError(f"'stop' ({stop}) must not be before 'start' ({start})")
        if stop - start > MAX_WINDOW_ROWS:
            raise ValueError(f"a window is at most {MAX_WINDOW_ROWS} rows, "
                             f"asked for {stop - start}")
    stop = min(stop, n_rows)
    sort = data.get("sort")
    if sort is None:
        return start, stop, None, True
    if not isinstance(sort, dict):
        raise ValueError("'sort' must be null or an object {column, ascending}")
    _reject_unknown_keys(sort, {"column", "ascending"}, "'sort'")
    column, ascending = sort.get("column"), sort.get("ascending")
    if not isinstance(column, str):
        raise ValueError("'sort.column' must be a string")
    if column not in columns:
        raise ValueError(f"'sort.column' names no column: {column[:80]!r}")
    if not isinstance(ascending, bool):
        raise ValueError("'sort.ascending' must be true or false")
    return start, stop, column, ascending


class Change(NamedTuple):
    """One validated edit from the browser (row/column/value are None where unused)."""

    op: str
    row: Optional[int]
    column: Optional[str]
    value: Any


def _check_json_scalar(value) -> None:
    """Raise ValueError unless value is null, a bool, a safe int, a finite float or short text."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_JSON_INT:
            raise ValueError(f"'value' must be within +/-2**53, got {value}")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("'value' must be a finite number")
        return
    if isinstance(value, str):
        if len(value) > MAX_CELL_VALUE_CHARS:
            raise ValueError(f"'value' is longer than {MAX_CELL_VALUE_CHARS} characters")
        return
    raise ValueError(f"'value' must be a JSON scalar, got {type(value).__name__}")


def validate_change_message(msg, n_rows: int, columns: Sequence[str],
                            kinds: Optional[Sequence[str]] = None) -> Change:
    """Check one editing message from the browser and return it as a Change.

    {"op": "edit", "row": r, "column": c, "value": v}: 0 <= r < n_rows, c a column
    (or "_index"), v a JSON scalar (checked against the column's kind when kinds
    are given). {"op": "add"}: append an empty row ("row", if sent, must be
    n_rows). {"op": "delete", "row": r}: 0 <= r < n_rows. Rows keep their
    original positions (a deleted row's position is not reused), so n_rows is
    the number of original rows plus the number of added rows.
    """
    if not isinstance(msg, dict):
        raise ValueError("an edit message must be a JSON object")
    _reject_unknown_keys(msg, _CHANGE_KEYS, "edit message")
    op = msg.get("op")
    if op not in ("edit", "add", "delete"):
        raise ValueError(f"'op' must be 'edit', 'add' or 'delete', got {str(op)[:40]!r}")
    if op == "add":
        if "row" in msg and _require_int(msg, "row") != n_rows:
            raise ValueError(f"a new row goes at position {n_rows}, got {msg['row']}")
        if "column" in msg or "value" in msg:
            raise ValueError("'add' takes no 'column' or 'value'")
        return Change("add", n_rows, None, None)
    row = _require_int(msg, "row")
    if not 0 <= row < n_rows:
        raise ValueError(f"'row' must be between 0 and {n_rows - 1}, got {row}")
    if op == "delete":
        if "column" in msg or "value" in msg:
            raise ValueError("'delete' takes no 'column' or 'value'")
        return Change("delete", row, None, None)
    column = msg.get("column")
    if not isinstance(column, str):
        raise ValueError("'column' must be a string")
    if column not in columns and column != INDEX_COLUMN:
        raise ValueError(f"'column' names no column: {column[:80]!r}")
    if "value" not in msg:
        raise ValueError("'edit' needs a 'value'")
    value = msg["value"]
    _check_json_scalar(value)
    if kinds is not None and column in columns:
        coerce_cell_value(value, kinds[list(columns).index(column)])   # raises if unfit
    return Change("edit", row, column, value)


def record_change(state: dict, change: Change, n_original: int) -> dict:
    """Fold one Change into a Streamlit editing state (returns a new state dict).

    Rows below n_original are the data's own rows, named by their original
    position; rows from n_original on are added rows (index into added_rows).
    Deleting an added row removes it; deleting an original row lists it once.
    """
    edited = {int(k): dict(v) for k, v in state.get("edited_rows", {}).items()}
    added = [dict(r) for r in state.get("added_rows", [])]
    deleted = list(state.get("deleted_rows", []))
    if change.op != "add" and not 0 <= change.row < n_original + len(added):
        raise ValueError(f"row {change.row} is outside 0..{n_original + len(added) - 1}")
    if change.op == "edit" and change.row in deleted:
        raise ValueError(f"row {change.row} was deleted")
    if change.op == "add":
        if len(added) >= MAX_ADDED_ROWS:
            raise ValueError(f"at most {MAX_ADDED_ROWS} rows can be added")
        added.append({})
    elif change.op == "delete":
        if change.row >= n_original:
            del added[change.row - n_original]
        elif change.row not in deleted:
            deleted.append(change.row)
            deleted.sort()
    elif change.row >= n_original:
        added[change.row - n_original][change.column] = change.value
    else:
        edited.setdefault(change.row, {})[change.column] = change.value
    return {"edited_rows": edited, "added_rows": added, "deleted_rows": deleted}


# -- Applying st.data_editor's editing state ----------------------------------

_TRUE_TEXT = ("true", "1", "yes", "on")
_FALSE_TEXT = ("false", "0", "no", "off", "")


def coerce_cell_value(value, kind: str):
    """Convert a browser's JSON value into the column's kind, or raise ValueError."""
    if value is None:
        return None
    if kind == "text":
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    if kind == "list":
        return list(value) if isinstance(value, (list, tuple)) else [value]
    if kind == "object":
        return value
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE_TEXT or text in _FALSE_TEXT:
            return text in _TRUE_TEXT
        raise ValueError(f"{str(value)[:40]!r} is not true or false")
    try:
        if kind == "int":
            number = float(value) if not isinstance(value, int) else value
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            return int(number)
        if kind == "float":
            return float(value)
        text = str(value).strip().replace("Z", "+00:00")
        if kind == "datetime":
            return _dt.datetime.fromisoformat(text)
        if kind == "date":
            return _dt.datetime.fromisoformat(text).date() if len(text) > 10 \
                else _dt.date.fromisoformat(text)
        if kind == "time":
            return _dt.time.fromisoformat(text)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{str(value)[:40]!r} is not a valid {kind}") from None
    return value


class _Edits(NamedTuple):
    """Editing state checked against the data: positions, columns and coerced values."""

    edited: dict        # position -> {column text: coerced value}
    deleted: set        # positions
    added: list         # [{column text: coerced value}]


def _parse_editing_state(changes: dict, columns: list, kinds: list, n_rows: int,
                         coerce: Callable) -> _Edits:
    """Check Streamlit's editing state against the data and coerce its values."""
    if not isinstance(changes, dict):
        raise ValueError("editing state must be a dict")
    kind_of = dict(zip(columns, kinds))
    kind_of[INDEX_COLUMN] = "object"

    def cells(row: dict, where: str) -> dict:
        """Check one row's {column: value} and coerce each value to its column's kind."""
        if not isinstance(row, dict):
            raise ValueError(f"{where} must be a dict of column -> value")
        out = {}
        for col, value in row.items():
            if col not in kind_of:
                raise ValueError(f"{where}: unknown column {str(col)[:80]!r}")
            out[col] = coerce(value, kind_of[col])
        return out

    edited = {}
    for pos, row in (changes.get("edited_rows") or {}).items():
        p = int(pos)                                   # JSON object keys arrive as text
        if not 0 <= p < n_rows:
            raise ValueError(f"edited row {p} is outside 0..{n_rows - 1}")
        edited[p] = cells(row, f"edited row {p}")
    deleted = set()
    for pos in changes.get("deleted_rows") or []:
        if not isinstance(pos, int) or isinstance(pos, bool) or not 0 <= pos < n_rows:
            raise ValueError(f"deleted row {pos!r} is outside 0..{n_rows - 1}")
        deleted.add(pos)
    added_rows = changes.get("added_rows") or []
    if len(added_rows) > MAX_ADDED_ROWS:
        raise ValueError(f"at most {MAX_ADDED_ROWS} rows can be added")
    added = [cells(r, f"added row {k}") for k, r in enumerate(added_rows)]
    return _Edits(edited, deleted, added)


def apply_editor_changes(data, changes: dict, kinds: Optional[Sequence[str]] = None,
                         coerce: Optional[Callable] = None):
    """Return a new object of data's type with Streamlit's editing state applied.

    Like Streamlit: cell edits first (by original row position), then deletions
    (original positions), then added rows at the end. The input is not changed.
    pandas, numpy, pyarrow and plain Python data come back as their own type; a
    Styler comes back as its DataFrame, other frame libraries as a pandas DataFrame.
    """
    source = FrameSource(data)
    columns = source.columns
    kinds = list(kinds) if kinds is not None else source.kinds
    edits = _parse_editing_state(changes, columns, kinds, source.n_rows,
                                 coerce or coerce_cell_value)
    frame = _as_frame(data)
    if frame is not None:
        out = _apply_to_frame(frame, edits, columns, kinds)
        if hasattr(data, "to_frame") and not hasattr(data, "columns"):   # a Series
            series = out.iloc[:, 0]
            series.name = data.name
            return series
        return out
    if _is_arrow_table(data):
        names = data.column_names
        rows = _apply_to_rows([[r.get(n) for n in names] for r in data.to_pylist()],
                              edits, columns)
        records = [dict(zip(names, r)) for r in rows]
        try:
            return type(data).from_pylist(records, schema=data.schema)
        except (TypeError, ValueError):                  # a value no longer fits the schema
            return type(data).from_pylist(records)
    if _is_numpy_array(data) and data.ndim in (1, 2):
        np = _loaded("numpy")
        rows = data.reshape(-1, 1).tolist() if data.ndim == 1 else data.tolist()
        rows = _apply_to_rows(rows, edits, columns)
        if data.ndim == 1:
            rows = [r[0] for r in rows]
        try:
            return np.array(rows, dtype=data.dtype)
        except (TypeError, ValueError):                  # e.g. None in an int array
            return np.array(rows, dtype=object)
    if source._backend == "pandas":                      # other libraries: a pandas result
        return _apply_to_frame(source._df, edits, columns, kinds)
    return _apply_to_python(data, source, edits, columns)


def _apply_to_rows(rows: Sequence, edits: _Edits, columns: list) -> list:
    """Apply edits to a sequence of rows (lists or tuples); rows keep their container type."""
    out = []
    for pos, row in enumerate(rows):
        if pos in edits.deleted:
            continue
        cells = list(row) + [None] * (len(columns) - len(row))
        for col, value in edits.edited.get(pos, {}).items():
            if col != INDEX_COLUMN:
                cells[columns.index(col)] = value
        out.append(tuple(cells) if isinstance(row, tuple) else cells)
    as_tuple = bool(rows) and all(isinstance(r, tuple) for r in rows)
    for cells in edits.added:
        values = [cells.get(c) for c in columns]
        out.append(tuple(values) if as_tuple else values)
    return out


def _apply_to_python(data, source: FrameSource, edits: _Edits, columns: list):
    """Apply edits to lists and dicts, returning the same layout and container types."""
    layout = source._layout
    if layout == "records":
        keys = dict(zip(columns, source._keys))
        out = []
        for pos, record in enumerate(data):
            if pos in edits.deleted:
                continue
            record = dict(record)
            for col, value in edits.edited.get(pos, {}).items():
                if col != INDEX_COLUMN:
                    record[keys[col]] = value
            out.append(record)
        out.extend({keys[c]: cells.get(c) for c in columns} for cells in edits.added)
        return tuple(out) if isinstance(data, tuple) else out
    if layout == "columns":
        rows = _apply_to_rows([source._python_row(i) for i in range(source.n_rows)],
                              edits, columns)
        out = {}
        for j, (key, original) in enumerate(zip(source._keys, source._items)):
            values = [r[j] for r in rows]
            out[key] = tuple(values) if isinstance(original, tuple) else values
        return out
    if layout == "rows":
        rows = _apply_to_rows(source._items, edits, columns)
        return tuple(rows) if isinstance(data, tuple) else rows
    if isinstance(data, dict):                             # a dict of scalars: key -> value
        out = {}
        for pos, key in enumerate(source._labels):
            if pos in edits.deleted:
                continue
            cells = edits.edited.get(pos, {})
            out[cells.get(INDEX_COLUMN, key)] = cells.get("value", data[key])
        for k, cells in enumerate(edits.added):
            if cells.get(INDEX_COLUMN) is None:
                raise ValueError(f"added row {k} needs an {INDEX_COLUMN!r} (the dict key)")
            out[cells[INDEX_COLUMN]] = cells.get("value")
        return out
    values = [r[0] for r in _apply_to_rows([[v] for v in source._items], edits, columns)]
    if isinstance(data, (tuple, set, frozenset)):
        return type(data)(values)
    return values


def _apply_to_frame(df, edits: _Edits, columns: list, kinds: list):
    """Apply edits to a copy of a pandas DataFrame, keeping dtypes where the values fit."""
    pd = _loaded("pandas")
    out = df.copy()
    for pos, cells in edits.edited.items():
        for col, value in cells.items():
            if col == INDEX_COLUMN:
                labels = out.index.tolist()
                labels[pos] = value
                out.index = pd.Index(labels, name=out.index.name)
            else:
                j = columns.index(col)
                _set_frame_cell(out, pos, j, value, kinds[j])
    if edits.deleted:
        out = out.take([pos for pos in range(len(out)) if pos not in edits.deleted])
    if edits.added:
        out = _append_frame_rows(df.index, out, edits.added, kinds)
    return out


def _set_frame_cell(df, pos: int, j: int, value, kind: str) -> None:
    """Set one cell in place; widen the column (int -> float, else object) if it must."""
    try:
        if isinstance(value, list):
            df.iat[pos, j] = value
        else:
            df.iloc[pos, j] = value
        return
    except (TypeError, ValueError):
        pass
    numeric = value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))
    widened = "float64" if kind in NUMERIC_KINDS and numeric else object
    df.isetitem(j, df.iloc[:, j].astype(widened))
    df.iat[pos, j] = value


def _next_labels(index, count: int) -> Optional[list]:
    """Return count labels continuing a range or integer index (None for other indexes)."""
    if type(index).__name__ == "RangeIndex":
        return [index.stop + k * index.step for k in range(count)]
    if getattr(index.dtype, "kind", "") in "iu":
        first = int(index.max()) + 1 if len(index) else 0
        return [first + k for k in range(count)]
    return None


def _append_frame_rows(original_index, df, added: list, kinds: list):
    """Append added rows to df; their labels continue a range or integer index."""
    pd = _loaded("pandas")
    auto = _next_labels(df.index, len(added)) or []
    labels, k_auto = [], 0
    for k, cells in enumerate(added):
        label = cells.get(INDEX_COLUMN)
        if label is None:
            if not auto:
                raise ValueError(f"added row {k} needs an {INDEX_COLUMN!r} value for an "
                                 f"index of type {type(df.index).__name__}")
            label, k_auto = auto[k_auto], k_auto + 1
        labels.append(label)
    columns = [str(c) for c in df.columns]
    new = pd.DataFrame({j: [cells.get(c) for cells in added] for j, c in enumerate(columns)},
                       index=labels)
    new.columns = df.columns
    for j in range(df.shape[1]):
        try:
            new.isetitem(j, new.iloc[:, j].astype(df.dtypes.iloc[j]))
        except (TypeError, ValueError):                  # None in an int column
            if kinds[j] == "int":
                new.isetitem(j, new.iloc[:, j].astype("float64"))
    out = pd.concat([df, new]) if len(df) else new
    out.index.name = original_index.name
    if type(original_index).__name__ == "RangeIndex" and getattr(out.index.dtype, "kind",
                                                                 "") in "iu":
        start, step = int(out.index[0]), original_index.step
        as_range = pd.RangeIndex(start, start + step * len(out), step, name=out.index.name)
        if out.index.equals(as_range):
            out.index = as_range
    return out


# -- st.column_config: constructors that return Streamlit's ColumnConfig dicts ---
# Each constructor returns the same dict Streamlit builds: the options every column
# shares at the top level and the type-specific ones under "type_config". Values left
# as None stay in the dict, as in Streamlit; normalize_column_config() drops them.

#: NumberColumn/ProgressColumn format presets (printf strings are the alternative)
NUMBER_FORMATS = ("plain", "localized", "dollar", "euro", "yen", "percent", "compact",
                  "scientific", "engineering", "accounting", "bytes")
DATETIME_FORMATS = ("localized", "distance", "calendar", "iso8601")  #: date/time presets
COLUMN_WIDTHS = {"small": 75, "medium": 200, "large": 400}  #: Streamlit's named widths, px
INDEX_KEY = "_index"  #: column_config key that configures the index column
_THEME_COLORS = {"red": "#ff4b4b", "orange": "#ffa421", "yellow": "#faca2b",
                 "green": "#21c354", "blue": "#1c83e1", "violet": "#803df5",
                 "gray": "#808495", "grey": "#808495"}
_CHART_COLORS = ("auto", "auto-inverse", "primary") + tuple(_THEME_COLORS)
_CSS_COLOR = re.compile(
    r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
    r"|rgba?\(\s*\d{1,3}(?:\.\d+)?%?\s*,\s*\d{1,3}(?:\.\d+)?%?\s*,\s*\d{1,3}(?:\.\d+)?%?"
    r"\s*(?:,\s*(?:0|1|0?\.\d+|\d{1,3}%)\s*)?\)")


def _check_chart_color(color: str | None) -> None:
    """Raise ValueError unless color is a chart colour Streamlit accepts."""
    if color is None or color in _CHART_COLORS or (
            isinstance(color, str) and _CSS_COLOR.fullmatch(color)):
        return
    raise ValueError(f"Invalid `color` value: {color!r}. Expected one of "
                     f"{', '.join(_CHART_COLORS)}, a valid hex color, or an rgb() or rgba() color.")


def _iso(value: Any) -> str | None:
    """Return value.isoformat() for dates and times, None for None."""
    return None if value is None else value.isoformat()


def _step_seconds(step: Any) -> Any:
    """Return a timedelta step in seconds; other steps unchanged."""
    return step.total_seconds() if isinstance(step, _dt.timedelta) else step


def _sparkline_column(kind, label, width, help, pinned, y_min, y_max, color) -> dict:
    """The config dict of a Line/Bar/AreaChartColumn (one shape for the three)."""
    _check_chart_color(color)
    return {"label": label, "width": width, "help": help, "pinned": pinned,
            "type_config": {"type": kind, "y_min": y_min, "y_max": y_max, "color": color}}


class _ColumnConfigAPI:
    """The ``st.column_config`` namespace: one constructor per column type."""

    @staticmethod
    def Column(label: str | None = None, *, width: Any = None, help: str | None = None,
               disabled: bool | None = None, required: bool | None = None,
               pinned: bool | None = None, alignment: str | None = None) -> dict:
        """Configure a generic column whose type is inferred from the data."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment}

    @staticmethod
    def NumberColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                     disabled: bool | None = None, required: bool | None = None,
                     pinned: bool | None = None, alignment: str | None = None,
                     default: Any = None, format: str | None = None, min_value: Any = None,
                     max_value: Any = None, step: Any = None) -> dict:
        """Configure a number column (format, and min/max/step for editing)."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment,
                "default": default,
                "type_config": {"type": "number", "min_value": min_value,
                                "max_value": max_value, "format": format, "step": step}}

    @staticmethod
    def TextColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                   disabled: bool | None = None, required: bool | None = None,
                   pinned: bool | None = None, alignment: str | None = None,
                   default: str | None = None, max_chars: int | None = None,
                   validate: str | None = None) -> dict:
        """Configure a text column (max_chars and validate regex for editing)."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment,
                "default": default,
                "type_config": {"type": "text", "max_chars": max_chars, "validate": validate}}

    @staticmethod
    def LinkColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                   disabled: bool | None = None, required: bool | None = None,
                   pinned: bool | None = None, alignment: str | None = None,
                   default: str | None = None, max_chars: int | None = None,
                   validate: str | None = None, display_text: str | None = None) -> dict:
        """Configure a link column; display_text is static text, an icon or a URL regex."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment,
                "default": default,
                "type_config": {"type": "link", "max_chars": max_chars, "validate": validate,
                                "display_text": display_text}}

    @staticmethod
    def CheckboxColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                       disabled: bool | None = None, required: bool | None = None,
                       pinned: bool | None = None, alignment: str | None = None,
                       default: bool | None = None) -> dict:
        """Configure a checkbox column for booleans."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment,
                "default": default, "type_config": {"type": "checkbox"}}

    @staticmethod
    def SelectboxColumn(label: str | None = None, *, width: Any = None,
                        help: str | None = None, disabled: bool | None = None,
                        required: bool | None = None, pinned: bool | None = None,
                        default: Any = None, options: Any = None,
                        format_func: Callable | None = None) -> dict:
        """Configure a selectbox column; format_func labels each option."""
        processed = None if options is None else list(options)
        if processed and format_func is not None:
            processed = [{"value": o, "label": format_func(o)} for o in processed]
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "default": default,
                "type_config": {"type": "selectbox", "options": processed}}

    @staticmethod
    def ListColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                   pinned: bool | None = None, disabled: bool | None = None,
                   required: bool | None = None, default: Any = None) -> dict:
        """Configure a list column shown as chips."""
        return {"label": label, "width": width, "help": help, "pinned": pinned,
                "disabled": disabled, "required": required,
                "default": None if default is None else list(default),
                "type_config": {"type": "list"}}

    @staticmethod
    def DatetimeColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                       disabled: bool | None = None, required: bool | None = None,
                       pinned: bool | None = None, alignment: str | None = None,
                       default: Any = None, format: str | None = None, min_value: Any = None,
                       max_value: Any = None, step: Any = None,
                       timezone: str | None = None) -> dict:
        """Configure a datetime column (momentJS format or a preset)."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment,
                "default": _iso(default),
                "type_config": {"type": "datetime", "format": format,
                                "min_value": _iso(min_value), "max_value": _iso(max_value),
                                "step": _step_seconds(step), "timezone": timezone}}

    @staticmethod
    def TimeColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                   disabled: bool | None = None, required: bool | None = None,
                   pinned: bool | None = None, alignment: str | None = None,
                   default: Any = None, format: str | None = None, min_value: Any = None,
                   max_value: Any = None, step: Any = None) -> dict:
        """Configure a time column (momentJS format, "localized" or "iso8601")."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment,
                "default": _iso(default),
                "type_config": {"type": "time", "format": format, "min_value": _iso(min_value),
                                "max_value": _iso(max_value), "step": _step_seconds(step)}}

    @staticmethod
    def DateColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                   disabled: bool | None = None, required: bool | None = None,
                   pinned: bool | None = None, alignment: str | None = None,
                   default: Any = None, format: str | None = None, min_value: Any = None,
                   max_value: Any = None, step: int | None = None) -> dict:
        """Configure a date column (momentJS format, "localized", "distance" or "iso8601")."""
        return {"label": label, "width": width, "help": help, "disabled": disabled,
                "required": required, "pinned": pinned, "alignment": alignment,
                "default": _iso(default),
                "type_config": {"type": "date", "format": format, "min_value": _iso(min_value),
                                "max_value": _iso(max_value), "step": step}}

    @staticmethod
    def ImageColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                    pinned: bool | None = None, alignment: str | None = None) -> dict:
        """Configure an image column whose cells hold URLs or data: URIs."""
        return {"label": label, "width": width, "help": help, "pinned": pinned,
                "alignment": alignment, "type_config": {"type": "image"}}

    @staticmethod
    def ProgressColumn(label: str | None = None, *, width: Any = None, help: str | None = None,
                       pinned: bool | None = None, format: str | None = None,
                       min_value: Any = None, max_value: Any = None, step: Any = None,
                       color: str | None = None) -> dict:
        """Configure a read-only progress-bar column."""
        _check_chart_color(color)
        return {"label": label, "width": width, "help": help, "pinned": pinned,
                "type_config": {"type": "progress", "format": format, "min_value": min_value,
                                "max_value": max_value, "step": step, "color": color}}

    @staticmethod
    def LineChartColumn(label: str | None = None, *, width: Any = None,
                        help: str | None = None, pinned: bool | None = None,
                        y_min: Any = None, y_max: Any = None, color: str | None = None) -> dict:
        """Configure a read-only line sparkline column."""
        return _sparkline_column("line_chart", label, width, help, pinned, y_min, y_max, color)

    @staticmethod
    def BarChartColumn(label: str | None = None, *, width: Any = None,
                       help: str | None = None, pinned: bool | None = None,
                       y_min: Any = None, y_max: Any = None, color: str | None = None) -> dict:
        """Configure a read-only bar sparkline column."""
        return _sparkline_column("bar_chart", label, width, help, pinned, y_min, y_max, color)

    @staticmethod
    def AreaChartColumn(label: str | None = None, *, width: Any = None,
                        help: str | None = None, pinned: bool | None = None,
                        y_min: Any = None, y_max: Any = None, color: str | None = None) -> dict:
        """Configure a read-only area sparkline column."""
        return _sparkline_column("area_chart", label, width, help, pinned, y_min, y_max, color)


column_config = _ColumnConfigAPI()


def _flat_config(cfg: Any) -> dict:
    """Return one column's config as a flat dict: shared keys plus the type options."""
    if not cfg:
        return {}
    flat = {k: v for k, v in cfg.items() if k != "type_config" and v is not None}
    tc = cfg.get("type_config")
    if isinstance(tc, str):
        flat["type"] = tc
    elif isinstance(tc, dict):
        flat.update({k: v for k, v in tc.items() if v is not None})
    return flat


def normalize_column_config(column_config: dict | None, columns: list) -> dict:
    """Map column names (and "_index") to flat configs, accepting Streamlit's value forms.

    A value may be None (hide the column), a str (its label) or a dict (a ColumnConfig,
    nested or already flat). Integer keys address data columns by position. Keys naming
    no column are dropped, as the Streamlit frontend ignores them.
    """
    if column_config is None:
        return {}
    names = [str(c) for c in columns]
    out: dict = {}
    for key, cfg in column_config.items():
        if isinstance(key, int) and not isinstance(key, bool):
            if not -len(names) <= key < len(names):
                continue
            name = names[key]
        elif str(key) == INDEX_KEY or str(key) in names:
            name = str(key)
        else:
            continue
        if cfg is None:
            flat = {"hidden": True}
        elif isinstance(cfg, str):
            flat = {"label": cfg}
        elif isinstance(cfg, dict):
            flat = _flat_config(cfg)
        else:
            raise ValueError(f"Invalid column config for column `{key}`. Expected `None`, "
                             f"`str` or `dict`, but got `{type(cfg)}`.")
        out.setdefault(name, {}).update(flat)
    return out


def column_width_px(cfg: dict | None) -> int | None:
    """Return the configured column width in pixels, or None to size to content."""
    width = _flat_config(cfg).get("width")
    if isinstance(width, str):
        return COLUMN_WIDTHS.get(width)
    if isinstance(width, int) and not isinstance(width, bool) and width > 0:
        return width
    return None


def cell_align(cfg: dict | None, value: Any = None) -> str:
    """Return the cell's horizontal alignment: "left", "center" or "right"."""
    flat = _flat_config(cfg)
    if flat.get("alignment") in ("left", "center", "right"):
        return flat["alignment"]
    kind = flat.get("type") or _column_kind_of(value)
    if kind == "number":
        return "right"
    if kind in ("checkbox", "image") or (kind == "link" and flat.get("display_text")):
        return "center"
    return "left"


# -- Number formatting: Streamlit's presets and its sprintf-js printf dialect ---
# Browsers format numbers in the reader's locale; the server has no reader, so the
# presets follow en-US. JavaScript and Intl round the exact binary value half away from
# zero, which Decimal(x) with ROUND_HALF_UP reproduces.

MAX_SAFE_INTEGER = 2 ** 53  #: beyond this a JS number column shows an error cell
MAX_FORMAT_LEN = 200        #: longer printf formats are refused (a format is a short template)
MAX_PAD_WIDTH = 200         #: printf widths above this are clamped, bounding the output

_PRINTF = re.compile(
    r"%(?:([1-9]\d*)\$|\(([^)]+)\))?(\+)?(0|'[^$])?(-)?([,_])?(\d+)?(?:\.(\d+))?"
    r"([b-gijostTuvxX])")
_COMPACT_UNITS = ((12, "T"), (9, "B"), (6, "M"), (3, "K"))
_BYTE_UNITS = ((12, "TB"), (9, "GB"), (6, "MB"), (3, "KB"))


def _dec(x: Any) -> Decimal:
    """Return the exact Decimal value of an int or float."""
    return Decimal(x) if isinstance(x, int) else Decimal(float(x))


def _round_dec(d: Decimal, places: int) -> Decimal:
    """Round d to places decimals, ties away from zero."""
    with localcontext() as ctx:
        ctx.prec = 1000
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plain_dec(d: Decimal) -> str:
    """Write a Decimal without exponent."""
    return format(d, "f")


def _js_number_str(x: Any) -> str:
    """Return String(x) as JavaScript writes a number (shortest round-trip digits)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int) and abs(x) < 10 ** 21:
        return str(x)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign, digits, exp = Decimal(repr(abs(x))).as_tuple()
    ds = "".join(str(d) for d in digits).rstrip("0") or "0"
    exp += len(digits) - len(ds)
    k = len(ds)
    n = exp + k
    if k <= n <= 21:
        out = ds + "0" * (n - k)
    elif 0 < n <= 21:
        out = ds[:n] + "." + ds[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + ds
    else:
        e = n - 1
        out = ds[0] + ("." + ds[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return ("-" if x < 0 else "") + out


def _to_fixed(x: Any, places: int) -> str:
    """Return Number.prototype.toFixed(places)."""
    if not math.isfinite(float(x)) or abs(float(x)) >= 1e21:
        return _js_number_str(x)
    q = _round_dec(abs(_dec(x)), places)
    return ("-" if x < 0 else "") + _plain_dec(q)


def _sig_parts(x: Any, sig: int | None) -> tuple:
    """Return (digit string, exponent) of |x| rounded to sig significant digits."""
    if sig is None:
        sign, digits, exp = Decimal(repr(abs(float(x)))).as_tuple()
        ds = "".join(str(d) for d in digits).rstrip("0") or "0"
        return ds, exp + len(digits) - 1
    d = abs(_dec(x))
    e = d.adjusted()
    q = _round_dec(d.scaleb(-e), sig - 1)
    if q >= 10:
        e += 1
        q = _round_dec(d.scaleb(-e), sig - 1)
    return "".join(str(d) for d in q.as_tuple().digits).ljust(sig, "0")[:sig], e


def _to_exponential(x: Any, places: int | None) -> str:
    """Return Number.prototype.toExponential(places)."""
    if x == 0:
        return "0" + ("." + "0" * places if places else "") + "e+0"
    ds, e = _sig_parts(x, None if places is None else places + 1)
    mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
    return ("-" if x < 0 else "") + mant + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def _to_precision_number(x: Any, sig: int) -> float:
    """Return Number(x.toPrecision(sig))."""
    if x == 0:
        return 0.0
    ds, e = _sig_parts(x, sig)
    return math.copysign(float(Decimal(ds).scaleb(e - len(ds) + 1)), x)


def _parse_int_js(x: Any) -> int | None:
    """Return parseInt(String(x), 10), or None for NaN."""
    m = re.match(r"\s*([+-]?\d+)", _js_number_str(x))
    return int(m.group(1)) if m else None


def _group_digits(s: str, sep: str = ",") -> str:
    """Insert sep every three digits in the integer part of a numeric string."""
    sign = s[0] if s[:1] in "+-" and s else ""
    rest = s[len(sign):]
    intpart, dot, frac = rest.partition(".")
    if intpart.isdigit():
        intpart = re.sub(r"\B(?=(\d{3})+(?!\d))", sep, intpart)
    return sign + intpart + dot + frac


def _sprintf_number(fmt: str, value: Any) -> str:
    """Format one number with Streamlit's sprintf-js dialect; raise ValueError on bad input."""
    if len(fmt) > MAX_FORMAT_LEN:
        raise ValueError("[sprintf] format string too long")
    out = []
    pos = 0
    cursor = 1
    args = [fmt, value]
    while pos < len(fmt):
        ch = fmt[pos]
        if ch != "%":
            nxt = fmt.find("%", pos)
            nxt = len(fmt) if nxt < 0 else nxt
            out.append(fmt[pos:nxt])
            pos = nxt
            continue
        if fmt.startswith("%%", pos):
            out.append("%")
            pos += 2
            continue
        m = _PRINTF.match(fmt, pos)
        if m is None:
            raise ValueError("[sprintf] unexpected placeholder")
        param_no, keys, plus, pad_char, align, sep, width, prec, typ = m.groups()
        pos = m.end()
        if keys:
            arg = None
        elif param_no:
            i = int(param_no)
            arg = args[i] if i < len(args) else None
        else:
            arg = args[cursor] if cursor < len(args) else None
            cursor += 1
        out.append(_sprintf_one(arg, typ, plus, pad_char, align, sep, width, prec))
    return "".join(out)


def _sprintf_one(arg: Any, typ: str, plus: Any, pad_char: Any, align: Any, sep: Any,
                 width: Any, prec: Any) -> str:
    """Format one sprintf-js placeholder for a number argument."""
    if typ in "bcdiefguxX" and (arg is None or isinstance(arg, str)):
        raise ValueError("[sprintf] expecting number but found [object Undefined]"
                         if arg is None else "[sprintf] expecting number but found [object String]")
    positive = True
    if typ in "diefg":
        positive = arg >= 0
    p = int(prec) if prec is not None else None
    if typ in "bcdioxXu":
        n = _parse_int_js(arg)
        if n is None:
            s = "NaN"
        elif typ in "di":
            s = str(n)
        elif typ == "b":
            s = format(n, "b")
        elif typ == "c":
            s = chr(n & 0xFFFF)
        elif typ == "u":
            s = str(n % 2 ** 32)
        elif typ == "o":
            s = format(n % 2 ** 32, "o")
        elif typ == "x":
            s = format(n % 2 ** 32, "x")
        else:
            s = format(n % 2 ** 32, "X")
    elif typ == "e":
        s = _to_exponential(arg, p)
    elif typ == "f":
        s = _to_fixed(arg, p) if p is not None else _js_number_str(arg)
    elif typ == "g":
        if p is not None and not 1 <= p <= 100:
            raise ValueError("[sprintf] toPrecision() argument must be between 1 and 100")
        s = _js_number_str(_to_precision_number(arg, p)) if p else _js_number_str(arg)
    elif typ == "t":
        s = "true" if (arg and not (isinstance(arg, float) and math.isnan(arg))) else "false"
    elif typ == "T":
        s = "undefined" if arg is None else "number"
    elif typ == "j":
        return _js_number_str(arg) if arg is not None else "undefined"
    else:
        if arg is None and typ == "v":
            raise ValueError("[sprintf] Cannot read properties of undefined")
        s = "undefined" if arg is None else _js_number_str(arg)
    if typ in "stTv" and p is not None:
        s = s[:p]
    sign = ""
    if typ in "diefg" and (not positive or plus):
        sign = "+" if positive else "-"
        s = re.sub(r"^[+-]", "", s)
    if sep and typ in "diefgu":
        s = _group_digits(s, "_" if sep == "_" else (pad_char[1] if pad_char and
                                                     pad_char.startswith("'") else ","))
    pad_ch = "0" if pad_char == "0" else (pad_char[1] if pad_char else " ")
    w = min(int(width), MAX_PAD_WIDTH) if width else 0
    pad = pad_ch * max(0, w - len(sign + s))
    if align:
        return sign + s + pad
    return sign + pad + s if pad_ch == "0" else pad + sign + s


def _fraction_str(d: Decimal, min_frac: int, max_frac: int, group: bool) -> str:
    """Write |d| with min..max decimals (ties away from zero) and optional grouping."""
    s = _plain_dec(_round_dec(abs(d), max_frac))
    if "." in s:
        intpart, frac = s.split(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * (min_frac - len(frac))
        s = intpart + ("." + frac if frac else "")
    return _group_digits(s) if group else s


def _is_negative(x: Any) -> bool:
    """Return True for negative numbers, including -0.0 (Intl writes it as "-0")."""
    return x < 0 or (isinstance(x, float) and math.copysign(1.0, x) < 0)


def _intl(x: Any, min_frac: int, max_frac: int, prefix: str = "", suffix: str = "",
          scale: int = 0) -> str:
    """Format like en-US Intl.NumberFormat with grouping, a prefix and a suffix."""
    body = _fraction_str(_dec(x).scaleb(scale), min_frac, max_frac, True)
    return ("-" if _is_negative(x) else "") + prefix + body + suffix


def _compact(x: Any, units: tuple, max_frac: int | None, base: str = "") -> str:
    """Format like en-US Intl compact notation ("1.1K", "123M"); base is the unit below 1000."""
    d = abs(_dec(x))
    exp, unit = 0, base
    for e, u in units:
        if d >= Decimal(10) ** e:
            exp, unit = e, u
            break
    for _ in range(len(units) + 1):
        scaled = d.scaleb(-exp)
        if max_frac is not None:
            r = _round_dec(scaled, max_frac)
        else:
            by_frac = _round_dec(scaled, 0)
            sig_places = max(0, 1 - scaled.adjusted()) if scaled else 0
            by_sig = _round_dec(scaled, sig_places)
            r = by_sig if sig_places > 0 else by_frac
        bigger = [(e, u) for e, u in units if e == exp + 3]
        if r >= 1000 and bigger:
            exp, unit = bigger[0]
            continue
        break
    body = _fraction_str(r, 0, max(0, -r.as_tuple().exponent), False)
    return ("-" if _is_negative(x) else "") + body + unit


def _scientific(x: Any, engineering: bool) -> str:
    """Format like en-US Intl scientific/engineering notation ("1.235E8", "123.457E6")."""
    d = abs(_dec(x))
    if d == 0:
        return ("-" if _is_negative(x) else "") + "0E0"
    e = d.adjusted()
    if engineering:
        e -= e % 3
    r = _round_dec(d.scaleb(-e), 3)
    limit = 1000 if engineering else 10
    if r >= limit:
        e += 3 if engineering else 1
        r = _round_dec(d.scaleb(-e), 3)
    return ("-" if _is_negative(x) else "") + _fraction_str(r, 0, 3, False) + "E" + str(e)


def _numbro(x: Any, mantissa: int, trim: bool, group: bool = False) -> str:
    """Format like numbro: fixed mantissa, optional trimming and grouping."""
    d = Decimal(repr(float(x))) if isinstance(x, float) else Decimal(x)
    s = _plain_dec(_round_dec(abs(d), mantissa))
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    if group:
        s = _group_digits(s)
    return ("-" if x < 0 and s.strip("0.,") else "") + s


def _default_mantissa(x: Any) -> int:
    """Return numbro's default decimals: 4, or enough to show a tiny number's first digit."""
    if x == 0 or abs(x) >= 0.0001:
        return 4
    return abs(_dec(x).adjusted())


def format_number(value: Any, fmt: str | None = None, max_precision: int | None = None) -> str:
    """Format a number as Streamlit's NumberColumn shows it; raise ValueError on a bad format."""
    x = value
    if isinstance(x, float) and not math.isfinite(x):
        return ""
    if fmt is None or fmt == "":
        if max_precision is not None:
            if max_precision == 0:
                x = math.floor(x + 0.5)
            return _numbro(x, max_precision, False)
        return _numbro(x, _default_mantissa(x), True)
    if fmt == "plain":
        if isinstance(x, int):
            return str(x)
        return _numbro(x, 20, True)
    if fmt == "localized":
        return _intl(x, max_precision or 0, 3 if max_precision is None else max_precision)
    if fmt == "percent":
        places = 2 if max_precision is None else max(max_precision - 2, 0)
        return _intl(x, 0 if max_precision is None else places, places, suffix="%", scale=2)
    if fmt in ("dollar", "euro"):
        places = 2 if max_precision is None else max_precision
        return _intl(x, places, places, prefix="$" if fmt == "dollar" else "\u20ac")
    if fmt == "yen":
        places = 0 if max_precision is None else max_precision
        return _intl(x, places, places, prefix="\u00a5")
    if fmt == "compact":
        return _compact(x, _COMPACT_UNITS, None)
    if fmt in ("scientific", "engineering"):
        return _scientific(x, fmt == "engineering")
    if fmt == "accounting":
        s = _numbro(abs(x), 2 if max_precision is None else max_precision, False, group=True)
        return f"({s})" if x < 0 else s
    if fmt == "bytes":
        return _compact(x, _BYTE_UNITS, 1, "B")
    return _sprintf_number(fmt, x)


# -- Date and time formatting: momentJS tokens and Streamlit's presets --------
# Streamlit shows naive values as they are (moment in UTC mode) and aware values in
# their own offset, or in the column's `timezone`.

MAX_MOMENT_FORMAT_LEN = 200  #: longer date formats are refused (a format is a short template)
_MOMENT_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_MOMENT_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_LOCALIZED_TOKENS = {"LTS": "h:mm:ss A", "LT": "h:mm A", "L": "MM/DD/YYYY",
                     "LL": "MMMM D, YYYY", "LLL": "MMMM D, YYYY h:mm A",
                     "LLLL": "dddd, MMMM D, YYYY h:mm A", "l": "M/D/YYYY", "ll": "MMM D, YYYY",
                     "lll": "MMM D, YYYY h:mm A", "llll": "ddd, MMM D, YYYY h:mm A"}
_LOCALIZED_RE = re.compile(r"(\[[^\[]*\])|(\\)?(LTS|LT|LL?L?L?|l{1,4})")
_MOMENT_RE = re.compile(
    r"(\[[^\[]*\])|(\\)?([Hh]mm(?:ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?"
    r"|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(?:ggg?)?|GG(?:GGG?)?|e|E|a|A|hh?|HH?"
    r"|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|.)", re.S)
_ISO_DT = re.compile(
    r"([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?")
_ISO_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?")
_EPOCH = _dt.datetime(1970, 1, 1)


def _ordinal(n: int) -> str:
    """Return n with its English ordinal suffix, as moment's en locale."""
    b = n % 10
    suffix = "th" if (n % 100) // 10 == 1 else {1: "st", 2: "nd", 3: "rd"}.get(b, "th")
    return f"{n}{suffix}"


def _first_week_offset(year: int, dow: int, doy: int) -> int:
    """Return moment's offset of the first week of year (dow/doy locale week rules)."""
    fwd = 7 + dow - doy
    jan = _dt.date(year, 1, fwd) if fwd <= 31 else _dt.date(year, 1, 1)
    fwdlw = (7 + (jan.weekday() + 1) % 7 - dow) % 7
    return -fwdlw + fwd - 1


def _weeks_in_year(year: int, dow: int, doy: int) -> int:
    """Return the number of weeks in year under moment's week rules."""
    days = 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365
    return (days - _first_week_offset(year, dow, doy)
            + _first_week_offset(year + 1, dow, doy)) // 7


def _week_of_year(d: _dt.date, dow: int, doy: int) -> tuple:
    """Return (week, week-year) of d; (1, 4) gives ISO weeks, (0, 6) US weeks."""
    week = (d.timetuple().tm_yday - _first_week_offset(d.year, dow, doy) - 1) // 7 + 1
    if week < 1:
        return week + _weeks_in_year(d.year - 1, dow, doy), d.year - 1
    if week > _weeks_in_year(d.year, dow, doy):
        return week - _weeks_in_year(d.year, dow, doy), d.year + 1
    return week, d.year


def _offset_str(t: _dt.datetime, sep: str) -> str:
    """Return the UTC offset as "+HH:MM" (sep ":") or "+HHMM" (sep "")."""
    off = t.utcoffset() or _dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{sep}{abs(minutes) % 60:02d}"


def _zone_abbr(t: _dt.datetime) -> str:
    """Return the zone abbreviation as moment-timezone prints it ("UTC", "PDT" or "")."""
    if t.tzinfo is None or t.tzinfo == _dt.timezone.utc:
        return "UTC"
    if isinstance(t.tzinfo, _dt.timezone):
        return ""
    return t.tzname() or ""


def _epoch_ms(t: _dt.datetime) -> int:
    """Return milliseconds since the Unix epoch (naive values count as UTC)."""
    naive = t.replace(tzinfo=None) - (t.utcoffset() or _dt.timedelta(0))
    delta = naive - _EPOCH
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


def _moment_token(t: _dt.datetime, tok: str) -> str | None:
    """Return one momentJS token's text for t, or None if tok is not a token."""
    ms = t.microsecond // 1000
    wd = (t.weekday() + 1) % 7
    h12 = t.hour % 12 or 12
    simple = {
        "M": str(t.month), "Mo": _ordinal(t.month), "MM": f"{t.month:02d}",
        "MMM": _MOMENT_MONTHS[t.month - 1][:3], "MMMM": _MOMENT_MONTHS[t.month - 1],
        "Q": str((t.month - 1) // 3 + 1), "Qo": _ordinal((t.month - 1) // 3 + 1),
        "D": str(t.day), "Do": _ordinal(t.day), "DD": f"{t.day:02d}",
        "DDD": str(t.timetuple().tm_yday), "DDDo": _ordinal(t.timetuple().tm_yday),
        "DDDD": f"{t.timetuple().tm_yday:03d}",
        "d": str(wd), "do": _ordinal(wd), "dd": _MOMENT_WEEKDAYS[wd][:2], "ddd": _MOMENT_WEEKDAYS[wd][:3],
        "dddd": _MOMENT_WEEKDAYS[wd], "e": str(wd), "E": str(t.isoweekday()),
        "YY": f"{t.year % 100:02d}", "YYYY": f"{t.year:04d}", "YYYYY": f"{t.year:05d}",
        "YYYYYY": ("+" if t.year >= 0 else "-") + f"{abs(t.year):06d}",
        "Y": f"{t.year:04d}" if t.year <= 9999 else f"+{t.year}",
        "y": str(t.year), "yy": f"{t.year % 100:02d}", "yyy": f"{t.year:03d}",
        "yyyy": f"{t.year:04d}", "yo": _ordinal(t.year),
        "N": "AD", "NN": "AD", "NNN": "AD", "NNNN": "Anno Domini", "NNNNN": "AD",
        "A": "AM" if t.hour < 12 else "PM", "a": "am" if t.hour < 12 else "pm",
        "H": str(t.hour), "HH": f"{t.hour:02d}", "h": str(h12), "hh": f"{h12:02d}",
        "k": str(t.hour or 24), "kk": f"{t.hour or 24:02d}",
        "m": str(t.minute), "mm": f"{t.minute:02d}", "s": str(t.second),
        "ss": f"{t.second:02d}",
        "Hmm": f"{t.hour}{t.minute:02d}", "Hmmss": f"{t.hour}{t.minute:02d}{t.second:02d}",
        "hmm": f"{h12}{t.minute:02d}", "hmmss": f"{h12}{t.minute:02d}{t.second:02d}",
        "Z": _offset_str(t, ":"), "ZZ": _offset_str(t, ""),
        "z": _zone_abbr(t), "zz": _zone_abbr(t),
        "X": str(_epoch_ms(t) // 1000), "x": str(_epoch_ms(t)),
    }
    if tok in simple:
        return simple[tok]
    if tok and set(tok) == {"S"}:
        n = len(tok)
        return str(ms // 100) if n == 1 else (
            f"{ms // 10:02d}" if n == 2 else str(ms * 10 ** (n - 3)).zfill(n))
    if tok in ("w", "wo", "ww", "W", "Wo", "WW", "gg", "gggg", "ggggg", "GG", "GGGG", "GGGGG"):
        iso = tok[0] in "WG"
        week, wyear = _week_of_year(t.date(), 1 if iso else 0, 4 if iso else 6)
        if tok in ("w", "W"):
            return str(week)
        if tok in ("wo", "Wo"):
            return _ordinal(week)
        if tok in ("ww", "WW"):
            return f"{week:02d}"
        return f"{wyear % 100:02d}" if len(tok) == 2 else str(wyear).zfill(len(tok))
    return None


def _format_moment(t: _dt.datetime, fmt: str) -> str:
    """Format a datetime with a momentJS format string (en locale)."""
    if len(fmt) > MAX_MOMENT_FORMAT_LEN:
        raise ValueError("The date format string is too long.")
    for _ in range(5):
        expanded = _LOCALIZED_RE.sub(
            lambda m: m.group(0) if m.group(1) or m.group(2) else _LOCALIZED_TOKENS[m.group(3)],
            fmt)
        if expanded == fmt:
            break
        fmt = expanded
    out = []
    for m in _MOMENT_RE.finditer(fmt):
        if m.group(1):
            out.append(m.group(1)[1:-1])
            continue
        tok = m.group(3)
        text = None if m.group(2) else _moment_token(t, tok)
        out.append(tok if text is None else text)
    return "".join(out)


def _add_months(t: _dt.datetime, months: int) -> _dt.datetime:
    """Add calendar months, clamping the day to the month's end as moment does."""
    y, mo = divmod(t.month - 1 + months, 12)
    year, month = t.year + y, mo + 1
    if not 1 <= year <= 9999:
        raise ValueError("date out of range")
    nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - _dt.timedelta(days=1)).day
    return t.replace(year=year, month=month, day=min(t.day, last))


def _months_between(a: _dt.datetime, b: _dt.datetime) -> tuple:
    """Return (months, leftover ms) from a to b, a <= b, as moment's diff."""
    months = b.month - a.month + (b.year - a.year) * 12
    if _add_months(a, months) > b:
        months -= 1
    return months, _epoch_ms(b) - _epoch_ms(_add_months(a, months))


def _js_round(x: float) -> int:
    """Return Math.round(x) (halves round up)."""
    return math.floor(x + 0.5)


def _now_in_frame(t: _dt.datetime, now: _dt.datetime) -> _dt.datetime:
    """Return now in t's frame: t's zone if aware, naive UTC if naive (moment's UTC mode)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=_dt.timezone.utc)
    if t.tzinfo is not None:
        return now.astimezone(t.tzinfo)
    return now.astimezone(_dt.timezone.utc).replace(tzinfo=None)


def _humanize_distance(t: _dt.datetime, now: _dt.datetime) -> str:
    """Return moment's fromNow() text ("17 days ago", "in a month")."""
    now = _now_in_frame(t, now)
    future = _epoch_ms(t) > _epoch_ms(now)
    a, b = (now, t) if future else (t, now)
    months, ms = _months_between(a, b)
    days_from_months = _js_round(months * 146097 / 4800)
    seconds = _js_round(days_from_months * 86400 + ms / 1000)
    minutes = _js_round(days_from_months * 1440 + ms / 6e4)
    hours = _js_round(days_from_months * 24 + ms / 36e5)
    days = _js_round(days_from_months + ms / 864e5)
    month_f = months + (ms / 864e5) * 4800 / 146097
    n_months, years = _js_round(month_f), _js_round(month_f / 12)
    # moment.js's thresholds: (amount, at most this -> the singular words,
    # below this -> "N units"); past the last row it is years
    steps = [(seconds, 44, "a few seconds", 45, "seconds"),
             (minutes, 1, "a minute", 45, "minutes"),
             (hours, 1, "an hour", 22, "hours"),
             (days, 1, "a day", 26, "days"),
             (n_months, 1, "a month", 11, "months")]
    for amount, one, one_text, below, unit in steps:
        if amount <= one:
            text = one_text
            break
        if amount < below:
            text = f"{amount} {unit}"
            break
    else:
        text = "a year" if years <= 1 else f"{years} years"
    return f"in {text}" if future else f"{text} ago"


def _humanize_calendar(t: _dt.datetime, now: _dt.datetime) -> str:
    """Return moment's calendar() text ("Today at 12:00 PM", "Last Sunday at 3:30 PM")."""
    sod = _now_in_frame(t, now).replace(hour=0, minute=0, second=0, microsecond=0)
    diff = (_epoch_ms(t) - _epoch_ms(sod)) / 864e5
    if diff < -6:
        fmt = "L"
    elif diff < -1:
        fmt = "[Last] dddd [at] LT"
    elif diff < 0:
        fmt = "[Yesterday at] LT"
    elif diff < 1:
        fmt = "[Today at] LT"
    elif diff < 2:
        fmt = "[Tomorrow at] LT"
    elif diff < 7:
        fmt = "dddd [at] LT"
    else:
        fmt = "L"
    return _format_moment(t, fmt)


def _is_missing(value: Any) -> bool:
    """Return True for None, NaN, pandas NaT/NA and numpy NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name in ("NaTType", "NAType"):
        return True
    if name == "datetime64" or name == "float64" or name == "float32":
        return str(value) in ("NaT", "nan")
    return False


def _from_epoch(x: float) -> _dt.datetime:
    """Return the naive UTC datetime of a Unix timestamp in s, ms, us or ns."""
    if abs(x) >= 1e18:
        x /= 1e9
    elif abs(x) >= 1e15:
        x /= 1e6
    elif abs(x) >= 1e12:
        x /= 1e3
    try:
        return _EPOCH + _dt.timedelta(milliseconds=round(x * 1000))
    except OverflowError:
        raise ValueError("The value cannot be interpreted as a datetime object.") from None


def _parse_offset(text: str) -> _dt.timezone:
    """Return a fixed timezone for "Z", "+05:00", "+0500" or "+05"."""
    if text == "Z":
        return _dt.timezone.utc
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
    return _dt.timezone(_dt.timedelta(minutes=minutes if text[0] == "+" else -minutes))


def _parse_datetime_text(text: str) -> _dt.datetime:
    """Parse an ISO 8601 date/datetime or an "HH:mm[:ss[.SSS]]" time; offsets go to UTC."""
    m = _ISO_DT.fullmatch(text)
    if m:
        y, mo, d, hh, mi, ss, frac, off = m.groups()
        us = int((frac or "0")[:6].ljust(6, "0"))
        t = _dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), us)
        if off:
            t = (t.replace(tzinfo=_parse_offset(off)).astimezone(_dt.timezone.utc)
                 .replace(tzinfo=None))
        return t
    m = _ISO_TIME.fullmatch(text)
    if m:
        hh, mi, ss, frac = m.groups()
        return _dt.datetime(1970, 1, 1, int(hh), int(mi), int(ss or 0),
                            int((frac or "0")[:6].ljust(6, "0")))
    raise ValueError("The value cannot be interpreted as a datetime object.")


def _parse_datetime_value(value: Any) -> _dt.datetime | None:
    """Interpret a cell value as a datetime (None if missing); raise ValueError if it is not one."""
    if _is_missing(value):
        return None
    if hasattr(value, "to_pydatetime"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas warns when it drops nanoseconds
            value = value.to_pydatetime()
    if type(value).__module__ == "numpy" and hasattr(value, "dtype"):
        if value.dtype.kind == "M":
            value = str(value)
        elif value.dtype.kind in "iuf":
            value = value.item()
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, _dt.time):
        return _dt.datetime(1970, 1, 1, value.hour, value.minute, value.second,
                            value.microsecond, value.tzinfo)
    if isinstance(value, bool):
        raise ValueError("The value cannot be interpreted as a datetime object.")
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return _from_epoch(float(text))
        except ValueError:
            pass
        try:
            return _parse_datetime_text(text)
        except (ValueError, OverflowError):
            pass
    raise ValueError("The value cannot be interpreted as a datetime object.")


def _apply_timezone(t: _dt.datetime, tz: str) -> _dt.datetime:
    """Show t in tz, a zone name ("America/New_York") or an offset ("+05:00")."""
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    if tz[:1] in "+-":
        return t.astimezone(_parse_offset(tz))
    if tz.upper() == "UTC":
        return t.astimezone(_dt.timezone.utc)
    try:
        from zoneinfo import ZoneInfo
        return t.astimezone(ZoneInfo(tz))
    except Exception as exc:
        raise ValueError(f"Failed to adjust to the provided timezone: {tz}.") from exc


def _default_datetime_format(kind: str, step: Any, aware: bool) -> str:
    """Return Streamlit's default display format for a date, time or datetime column."""
    if kind == "date":
        return "YYYY-MM-DD"
    if step is not None and step >= 60:
        base = "HH:mm"
    elif step is not None and step < 1:
        base = "HH:mm:ss.SSS"
    else:
        base = "HH:mm:ss"
    if kind == "time":
        return base
    return "YYYY-MM-DD " + base + ("Z" if aware else "")


def format_datetime(value: Any, fmt: str | None = None, kind: str = "datetime",
                    now: _dt.datetime | None = None, step: Any = None,
                    timezone: str | None = None) -> str:
    """Format a date/time value as Streamlit's Date/Time/DatetimeColumn shows it.

    fmt is a momentJS format or one of "localized", "distance", "calendar", "iso8601";
    now anchors "distance" and "calendar" (default: the current time). Returns "" for
    missing values; raises ValueError when value is no date.
    """
    t = _parse_datetime_value(value)
    if t is None:
        return ""
    if timezone:
        t = _apply_timezone(t, timezone)
    fmt = fmt or _default_datetime_format(kind, step, t.tzinfo is not None)
    if now is None:
        now = _dt.datetime.now(_dt.timezone.utc)
    if fmt == "localized":
        date_part = _format_moment(t, "MMM D, YYYY")
        time_part = _format_moment(t, "h:mm:ss A")
        return {"date": date_part, "time": time_part}.get(kind, f"{date_part}, {time_part}")
    if fmt == "distance":
        return _humanize_distance(t, now)
    if fmt == "calendar":
        return _humanize_calendar(t, now)
    if fmt == "iso8601":
        if kind == "date":
            return _format_moment(t, "YYYY-MM-DD")
        if kind == "time":
            return _format_moment(t, "HH:mm:ss.SSS[Z]")
        utc = t.astimezone(_dt.timezone.utc) if t.tzinfo else t
        return _format_moment(utc, "YYYY-MM-DD[T]HH:mm:ss.SSS[Z]")
    return _format_moment(t, fmt)


# -- Cell rendering: one escaped HTML fragment per cell, by column type -------

MAX_CELL_TEXT = 10_000       #: longer text cells are cut (a table cell is not a document)
MAX_LIST_CHIPS = 50          #: chips shown per list cell; the rest become "+N"
MAX_SPARK_POINTS = 500       #: sparkline points per cell; longer series are thinned by stride
MAX_IMAGE_URI = 1024 * 1024  #: data: URIs longer than this are not inlined into the page
SPARK_W, SPARK_H = 100, 30   #: sparkline viewBox size; CSS scales it to the cell
_TRUE_WORDS = ("true", "t", "yes", "y", "on", "1")
_FALSE_WORDS = ("false", "f", "no", "n", "off", "0")
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp|bmp|avif|svg\+xml)[;,]", re.I)
_MATERIAL = re.compile(r":material/([a-z0-9_]{1,60}):")
_CELL_MISSING = '<span class="sg-cell-missing">None</span>'  # Streamlit's faded missing-value text


def _is_bool(value: Any) -> bool:
    """Return True for Python and numpy booleans."""
    return isinstance(value, bool) or (type(value).__module__ == "numpy"
                                       and type(value).__name__ in ("bool_", "bool"))


def _column_kind_of(value: Any) -> str:
    """Return the column type Streamlit would pick for a value's Python type."""
    if _is_bool(value):
        return "checkbox"
    if isinstance(value, (int, float)) or (type(value).__module__ == "numpy" and type(
            value).__name__.startswith(("int", "float", "uint"))):
        return "number"
    if isinstance(value, _dt.datetime) or type(value).__name__ in ("Timestamp", "datetime64"):
        return "datetime"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, _dt.time):
        return "time"
    if isinstance(value, (list, tuple, set, frozenset)) or (
            type(value).__module__ == "numpy" and hasattr(value, "tolist")
            and getattr(value, "ndim", 0) == 1):
        return "list"
    return "text"


def _error_cell(shown: Any, details: str) -> str:
    """Return the faded error cell Streamlit shows for a value it cannot display."""
    return f'<span class="sg-cell-error" title="{_escape(details)}">{_escape(_cell_text(shown))}</span>'


def _cell_text(value: Any) -> str:
    """Return a bounded plain-text form of a value."""
    if isinstance(value, float):
        text = _js_number_str(value)
    else:
        text = str(value)
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT] + "\u2026"


def _to_number(value: Any) -> float | int | None:
    """Interpret a cell value as a number; None if missing, NaN if not a number."""
    if _is_missing(value):
        return None
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text:
            return None
        try:
            n = float(text)
        except ValueError:
            return math.nan
        return int(n) if n.is_integer() and re.fullmatch(r"[+-]?\d+", text) else n
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _count_decimals(step: Any) -> int:
    """Return the number of decimals of step, as Streamlit's countDecimals."""
    if float(step) % 1 == 0:
        return 0
    s = _plain_dec(Decimal(repr(float(step))))
    return len(s.split(".")[1]) if "." in s else 0


def _truncate_decimals(x: Any, places: int) -> Any:
    """Cut x to places decimals without rounding, as Streamlit's truncateDecimals."""
    if isinstance(x, int) or not math.isfinite(x):
        return x
    if places <= 0:
        return math.trunc(x)
    factor = 10 ** places
    shifted = x * factor
    eps = 2.220446049250313e-16 * abs(shifted) * 10
    return math.trunc(shifted + math.copysign(eps, shifted)) / factor


def _cell_number(value: Any, flat: dict, dtype_kind: str | None) -> str:
    """Render a number cell: step truncation, then the configured format."""
    x = _to_number(value)
    if x is None:
        return _CELL_MISSING
    if isinstance(x, float) and math.isnan(x):
        return _error_cell(value, "The value cannot be interpreted as a number.")
    is_int = dtype_kind == "integer" or (dtype_kind is None and isinstance(x, int))
    step = flat.get("step", 1 if is_int else None)
    fixed = _count_decimals(step) if step is not None else None
    if fixed is not None:
        x = _truncate_decimals(x, fixed)
    if (isinstance(x, int) or (isinstance(x, float) and x.is_integer())) and \
            abs(x) > MAX_SAFE_INTEGER:
        return _error_cell(value, "The value is larger than the maximum supported integer "
                                  "values in number columns (2^53).")
    fmt = flat.get("format")
    try:
        return _escape(format_number(x, fmt, fixed))
    except (ValueError, TypeError, ArithmeticError) as exc:
        return _error_cell(x, "Failed to format the number based on the provided format "
                              f"configuration: ({fmt}). Error: {exc}")


def _cell_color(color: Any, first: float, last: float, inverse_source: bool = False) -> str:
    """Return a style fragment for a chart colour, "" for the primary colour."""
    if color in ("auto", "auto-inverse"):
        if last == first:
            return ""
        up = last > first
        if color == "auto-inverse":
            up = not up
        return _THEME_COLORS["green"] if up else _THEME_COLORS["red"]
    if color in _THEME_COLORS:
        return _THEME_COLORS[color]
    if isinstance(color, str) and _CSS_COLOR.fullmatch(color):
        return color
    return ""


def _cell_progress(value: Any, flat: dict, dtype_kind: str | None) -> str:
    """Render a progress bar with its formatted label."""
    x = _to_number(value)
    if x is None:
        return _CELL_MISSING
    is_int = dtype_kind == "integer" or (dtype_kind is None and isinstance(x, int))
    lo = flat.get("min_value", 0)
    hi = flat.get("max_value", 100 if is_int else 1)
    step = flat.get("step", 1 if is_int else 0.01)
    fmt = flat.get("format", "%3d%%" if is_int else "percent")
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lo, hi)) or lo >= hi:
        return _error_cell("Invalid min/max parameters",
                           f"The min_value ({lo}) and max_value ({hi}) parameters must be "
                           "valid numbers.")
    if isinstance(x, float) and math.isnan(x):
        return _error_cell(value, "The value cannot be interpreted as a number.")
    try:
        label = format_number(x, fmt, _count_decimals(step))
    except (ValueError, TypeError, ArithmeticError) as exc:
        return _error_cell(x, f"Failed to format the number based on the provided format "
                              f"configuration: ({fmt}). Error: {exc}")
    frac = (min(hi, max(lo, x)) - lo) / (hi - lo)
    mid = 0.5
    color = flat.get("color")
    if color in ("auto", "auto-inverse"):
        good = frac > mid if color == "auto" else frac < mid
        fill = "" if frac == mid else (_THEME_COLORS["green"] if good else _THEME_COLORS["red"])
    else:
        fill = _cell_color(color, 0, 0)
    style = f"width:{frac * 100:.1f}%" + (f";background:{fill}" if fill else "")
    return (f'<span class="sg-cell-progress"><span class="sg-cell-bar"><span style="{style}"></span>'
            f'</span><span class="sg-cell-progress-label">{_escape(label)}</span></span>')


def _to_list(value: Any) -> list:
    """Interpret a cell value as a list (JSON array text, comma text, list or array)."""
    if _is_missing(value):
        return []
    if hasattr(value, "tolist") and type(value).__module__ == "numpy":
        value = value.tolist()
    if isinstance(value, str):
        text = value.strip()
        if not value:
            return []
        if text.startswith("[") and text.endswith("]"):
            try:
                parsed = _json.loads(text)
                return parsed if isinstance(parsed, list) else [value]
            except ValueError:
                return [value]
        return value.split(",")
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return [value]


def _cell_list(value: Any) -> str:
    """Render a list as chips."""
    if _is_missing(value):
        return _CELL_MISSING
    items = _to_list(value)
    chips = "".join(f'<span class="sg-cell-chip">{_escape(_cell_text(_js_item(v)))}</span>'
                    for v in items[:MAX_LIST_CHIPS])
    more = len(items) - MAX_LIST_CHIPS
    if more > 0:
        chips += f'<span class="sg-cell-chip sg-cell-chip-more">+{more}</span>'
    return f'<span class="sg-cell-chips">{chips}</span>'


def _js_item(v: Any) -> Any:
    """Return a list item as the frontend shows it (JS spelling of numbers and booleans)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _js_number_str(v)
    return v


def _link_display_text(href: str, display_text: str | None) -> str:
    """Return a link cell's text: a regex capture from the URL, static text, or the URL."""
    if not href:
        return ""
    if display_text and "(" in display_text and ")" in display_text:
        try:
            rx = re.compile(display_text, re.S)
        except re.error:
            rx = None
        if rx is not None:
            m = rx.search(href[:MAX_CELL_TEXT])
            if m and m.groups() and m.group(1) is not None:
                try:
                    return urllib.parse.unquote(m.group(1).replace("+", "%20"), errors="strict")
                except UnicodeDecodeError:
                    return href
            return href
    return display_text or href


def _safe_href(url: Any) -> str | None:
    """Return url if it is an absolute http, https or mailto URL, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if re.search(r"[\x00-\x20\\]", url):
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    if parts.scheme.lower() == "mailto" and parts.path:
        return url
    return None


def _cell_link(value: Any, flat: dict) -> str:
    """Render a link cell; unsafe URLs are shown as plain text."""
    if _is_missing(value):
        return _CELL_MISSING
    href = _cell_text(value)
    display = flat.get("display_text")
    icon = _MATERIAL.fullmatch(display) if isinstance(display, str) else None
    if icon:
        inner = f'<span class="sg-cell-icon" aria-hidden="true">{_escape(icon.group(1))}</span>'
    else:
        inner = _escape(_link_display_text(href, display))
    safe = _safe_href(href)
    if safe is None:
        return f'<span class="sg-cell-link-unsafe">{inner}</span>'
    return (f'<a class="sg-cell-link" href="{_escape(safe)}" target="_blank" '
            f'rel="noopener noreferrer">{inner}</a>')


def _safe_image_src(value: Any) -> str | None:
    """Return value if it is an http(s) URL, a same-site path or a data:image URI, else None."""
    if not isinstance(value, str):
        return None
    src = value.strip()
    if _DATA_IMAGE.match(src):
        return src if len(src) <= MAX_IMAGE_URI else None
    if re.search(r"[\x00-\x20\\]", src):
        return None
    try:
        parts = urllib.parse.urlsplit(src)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return src
    if not parts.scheme and not parts.netloc and not src.startswith("//") and src:
        return src
    return None


def _cell_image(value: Any) -> str:
    """Render an image thumbnail for a URL or data: URI."""
    if _is_missing(value):
        return _CELL_MISSING
    src = _safe_image_src(value)
    if src is None:
        return _error_cell(str(value)[:80], "The value is not a supported image URL.")
    return f'<img class="sg-cell-img" src="{_escape(src)}" alt="" loading="lazy"/>'


def _series(value: Any) -> list:
    """Return the finite numbers of a chart cell, thinned to MAX_SPARK_POINTS."""
    out = []
    for v in _to_list(value):
        n = _to_number(v)
        if n is not None and math.isfinite(n):
            out.append(float(n))
    if len(out) > MAX_SPARK_POINTS:
        stride = math.ceil(len(out) / MAX_SPARK_POINTS)
        out = out[::stride]
    return out


def _cell_sparkline(values: list, kind: str, y_min: Any = None, y_max: Any = None,
                     color: Any = None) -> str:
    """Return an inline SVG line, bar or area sparkline (kind "line_chart" etc.)."""
    lo = float(y_min) if isinstance(y_min, (int, float)) else min(values)
    hi = float(y_max) if isinstance(y_max, (int, float)) else max(values)
    if hi <= lo:
        lo, hi = lo - 0.5, lo + 0.5
    fill = _cell_color(color, values[0], values[-1])
    paint = f' style="{"fill" if kind == "bar_chart" else "stroke"}:{fill}"' if fill else ""

    def y_of(v: float) -> float:
        """Map a value to the y coordinate, clamped to the chart."""
        return SPARK_H - (min(hi, max(lo, v)) - lo) / (hi - lo) * SPARK_H

    n = len(values)
    parts = []
    if kind == "bar_chart":
        slot = SPARK_W / n
        bw = slot * 0.8
        for i, v in enumerate(values):
            y = y_of(v)
            parts.append(f'<rect x="{i * slot + (slot - bw) / 2:.1f}" y="{y:.1f}" '
                         f'width="{bw:.1f}" height="{SPARK_H - y:.1f}"/>')
        body = f'<g class="sg-spark-bar"{paint}>{"".join(parts)}</g>'
    else:
        xs = [SPARK_W / 2] if n == 1 else [i * SPARK_W / (n - 1) for i in range(n)]
        pts = " ".join(f"{x:.1f},{y_of(v):.1f}" for x, v in zip(xs, values))
        body = ""
        if kind == "area_chart":
            area = f"{xs[0]:.1f},{SPARK_H:.1f} {pts} {xs[-1]:.1f},{SPARK_H:.1f}"
            afill = f' style="fill:{fill}"' if fill else ""
            body += f'<polygon class="sg-spark-area"{afill} points="{area}"/>'
        body += f'<polyline class="sg-spark-line"{paint} points="{pts}"/>'
    return (f'<svg class="sg-svg sg-spark" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {SPARK_W} {SPARK_H}" preserveAspectRatio="none">{body}</svg>')


def _cell_chart(value: Any, flat: dict, kind: str) -> str:
    """Render a chart cell, or the missing placeholder for no data."""
    if _is_missing(value):
        return _CELL_MISSING
    values = _series(value)
    if not values:
        return ""
    return _cell_sparkline(values, kind, flat.get("y_min"), flat.get("y_max"), flat.get("color"))


def _cell_checkbox(value: Any) -> str:
    """Render a read-only checkbox."""
    if _is_missing(value):
        return _CELL_MISSING
    b = _to_bool(value)
    if b is None:
        return _CELL_MISSING
    if b == "invalid":
        return _error_cell(value, "The value cannot be interpreted as boolean.")
    checked = ' checked="checked"' if b else ""
    return f'<input type="checkbox" class="sg-cell-check" disabled="disabled"{checked}/>'


def _to_bool(value: Any) -> Any:
    """Interpret a value as a boolean: True, False, None (empty) or "invalid"."""
    if _is_bool(value):
        return bool(value)
    text = str(value).strip().lower()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text == "":
        return None
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    return "invalid"


def _cell_selectbox(value: Any, flat: dict) -> str:
    """Render a selectbox cell: the option's label if one is configured, else the value."""
    if _is_missing(value):
        return _CELL_MISSING
    for opt in flat.get("options") or ():
        if isinstance(opt, dict) and opt.get("value") == value and opt.get("label") is not None:
            return _escape(_cell_text(opt["label"]))
    return _escape(_cell_text(_js_item(value)))


def _cell_datetime(value: Any, flat: dict, kind: str, now: Any) -> str:
    """Render a date, time or datetime cell."""
    if _is_missing(value):
        return _CELL_MISSING
    try:
        text = format_datetime(value, flat.get("format"), kind, now=now, step=flat.get("step"),
                               timezone=flat.get("timezone"))
    except ValueError as exc:
        return _error_cell(value, str(exc))
    return _escape(text) if text else _CELL_MISSING



def render_cell(value: Any, cfg: dict | None = None, *, dtype_kind: str | None = None,
                now: _dt.datetime | None = None) -> str:
    """Return escaped HTML for one table cell's content, by the column's type.

    cfg is a column's config (nested as column_config returns it, or flat as
    normalize_column_config returns it). dtype_kind ("integer", "float", ...) tells
    number/progress columns the column's dtype; by default each value's type decides.
    """
    flat = _flat_config(cfg)
    kind = flat.get("type") or _column_kind_of(value)
    if kind == "number":
        return _cell_number(value, flat, dtype_kind)
    if kind == "progress":
        return _cell_progress(value, flat, dtype_kind)
    if kind in ("datetime", "date", "time"):
        return _cell_datetime(value, flat, kind, now)
    if kind == "checkbox":
        return _cell_checkbox(value)
    if kind == "selectbox":
        return _cell_selectbox(value, flat)
    if kind in ("list", "multiselect"):
        return _cell_list(value)
    if kind == "link":
        return _cell_link(value, flat)
    if kind == "image":
        return _cell_image(value)
    if kind in ("line_chart", "bar_chart", "area_chart"):
        return _cell_chart(value, flat, kind)
    if _is_missing(value):
        return _CELL_MISSING
    if isinstance(value, (dict, list, tuple)):
        try:
            value = _json.dumps(value, default=str, ensure_ascii=False)
        except (TypeError, ValueError):
            value = str(value)
    return _escape(_cell_text(_js_item(value)))


# -- Edit validation: the browser sends text, the column type decides its value ---

MAX_EDIT_CHARS = 10_000  #: longer edits are refused before any regex runs on them


def coerce_edit(raw: Any, cfg: dict | None, kind_hint: str | None = None) -> Any:
    """Turn an edited cell's text into a value for the column type; raise ValueError if invalid.

    kind_hint names the column's data kind ("integer", "float", "text", "datetime", ...)
    for columns without a configured type.
    """
    flat = _flat_config(cfg)
    hint = kind_hint or ""
    kind = flat.get("type") or {"integer": "number", "float": "number", "boolean": "checkbox",
                                "string": "text"}.get(hint, hint or "text")
    if isinstance(raw, str) and len(raw) > MAX_EDIT_CHARS:
        raise ValueError(f"The value is longer than {MAX_EDIT_CHARS} characters.")
    if flat.get("disabled"):
        raise ValueError("This column is not editable.")
    if kind in ("progress", "line_chart", "bar_chart", "area_chart", "image"):
        raise ValueError("This column is not editable.")
    empty = raw is None or (isinstance(raw, str) and raw.strip() == "" and kind != "text")
    if empty or (kind == "text" and raw == ""):
        if flat.get("required"):
            raise ValueError("This column requires a value.")
        return None
    if kind == "number":
        return _coerce_number(raw, flat, hint)
    if kind == "checkbox":
        b = _to_bool(raw)
        if b == "invalid" or b is None:
            raise ValueError(f"{str(raw)[:40]!r} is not a valid true/false value.")
        return b
    if kind == "selectbox":
        return _coerce_option(raw, flat)
    if kind in ("date", "time", "datetime"):
        return _coerce_datetime(raw, flat, kind)
    if kind in ("list", "multiselect"):
        return [str(v) for v in _to_list(raw)]
    text = str(raw)
    max_chars = flat.get("max_chars")
    if max_chars and len(text) > max_chars:
        raise ValueError(f"The value is longer than the maximum of {max_chars} characters.")
    pattern = flat.get("validate")
    if pattern:
        try:
            rx = re.compile(pattern, re.S)
        except re.error as exc:
            raise ValueError(f"Invalid validate regex: {pattern}. Error: {exc}") from None
        if rx.search(text) is None:
            raise ValueError(f"The value does not match the required pattern {pattern}.")
    return text


def _coerce_number(raw: Any, flat: dict, hint: str) -> Any:
    """Validate an edited number: min rejects, max clamps, step sets the decimals."""
    x = _to_number(raw)
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        raise ValueError(f"{str(raw)[:40]!r} is not a number.")
    lo, hi, step = flat.get("min_value"), flat.get("max_value"), flat.get("step")
    if hi is not None and x > hi:
        x = hi
    if lo is not None and x < lo:
        raise ValueError(f"The value must be at least {_js_number_str(lo)}.")
    if step is None and hint == "integer":
        step = 1
    if step is not None:
        x = _truncate_decimals(float(x) if isinstance(x, float) else x, _count_decimals(step))
    integral = hint == "integer" or (step is not None and _count_decimals(step) == 0)
    if integral:
        if abs(x) > MAX_SAFE_INTEGER:
            raise ValueError("The value is larger than the maximum supported integer (2^53).")
        return int(x)
    return float(x) if hint == "float" else x


def _coerce_option(raw: Any, flat: dict) -> Any:
    """Return the configured option whose value (or label) is the edited text."""
    options = flat.get("options")
    if options is None:
        return raw
    for opt in options:
        value = opt.get("value") if isinstance(opt, dict) else opt
        label = opt.get("label") if isinstance(opt, dict) else None
        if raw == value or str(raw) == _cell_text(_js_item(value)) or (
                label is not None and str(raw) == str(label)):
            return value
    raise ValueError(f"{str(raw)[:40]!r} is not one of the allowed options.")


def _coerce_datetime(raw: Any, flat: dict, kind: str) -> Any:
    """Validate an edited date, time or datetime against min_value and max_value."""
    try:
        t = _parse_datetime_value(raw)
    except ValueError:
        t = None
    if t is None:
        raise ValueError(f"{str(raw)[:40]!r} is not a valid {kind}.")
    if t.tzinfo is not None:
        t = t.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    key = {"date": lambda d: d.strftime("%Y-%m-%d"),
           "time": lambda d: d.strftime("%H:%M:%S.%f"),
           "datetime": lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%f")}[kind]
    for bound, bad, word in ((flat.get("min_value"), lambda a, b: a < b, "before"),
                             (flat.get("max_value"), lambda a, b: a > b, "after")):
        if bound is None:
            continue
        b = _parse_datetime_value(bound)
        if b is not None and b.tzinfo is not None:
            b = b.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        if b is not None and bad(key(t), key(b)):
            shown = format_datetime(b, None, kind)
            raise ValueError(f"The {kind} must not be {word} {shown}.")
    if kind == "date":
        return t.date()
    if kind == "time":
        return t.time()
    return t


# -- pandas Styler: display strings and a safe subset of its CSS, duck-typed ---

MAX_STYLER_CELLS = 200_000  #: Styler cells converted; rows past this are dropped
MAX_CSS_VALUE = 64          #: longer CSS values are dropped (no legitimate one is longer)
STYLER_CSS_PROPS = frozenset({"color", "background-color", "font-weight", "font-style",
                              "text-align", "opacity"})
_CSS_VALUE = re.compile(
    r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
    r"|rgba?\(\s*\d{1,3}(?:\.\d+)?%?\s*,\s*\d{1,3}(?:\.\d+)?%?\s*,\s*\d{1,3}(?:\.\d+)?%?"
    r"\s*(?:,\s*(?:\d?\.\d+|\d|\d{1,3}%)\s*)?\)"
    r"|[a-zA-Z]{1,30}"
    r"|-?\d{1,4}(?:\.\d{1,6})?%?")


def safe_css(props: Any) -> dict:
    """Keep only allowed (property, value) pairs whose value is a colour, word or number."""
    out: dict = {}
    for item in list(props or ())[:32]:
        try:
            prop, value = item
        except (TypeError, ValueError):
            continue
        prop = str(prop).strip().lower()
        value = str(value).strip()
        if value.endswith("!important"):
            value = value[:-len("!important")].strip()
        if prop in STYLER_CSS_PROPS and len(value) <= MAX_CSS_VALUE and \
                _CSS_VALUE.fullmatch(value):
            out[prop] = value
    return out


def render_css_style(css: dict) -> str:
    """Return a style attribute value for a dict that safe_css produced."""
    return ";".join(f"{k}:{v}" for k, v in css.items())


def styler_to_cells(styler: Any) -> tuple | None:
    """Return (columns, index, display rows, css rows) of a pandas Styler, or None if not one."""
    if not (hasattr(styler, "_compute") and hasattr(styler, "ctx") and hasattr(styler, "data")):
        return None
    styler._compute()
    df = styler.data
    columns = [str(c) for c in df.columns]
    ncols = len(columns)
    nrows = min(len(df.index), MAX_STYLER_CELLS // max(ncols, 1))
    index = [str(i) for i in list(df.index[:nrows])]
    funcs = getattr(styler, "_display_funcs", None)
    funcs = {} if funcs is None else funcs
    ctx = styler.ctx
    rows, styles = [], []
    for r in range(nrows):
        row, css_row = [], []
        for c in range(ncols):
            value = df.iat[r, c]
            func = funcs[(r, c)] if (r, c) in funcs or hasattr(funcs, "default_factory") \
                else None
            try:
                shown = func(value) if func is not None else value
            except Exception:
                shown = value
            row.append(_cell_text(shown) if not isinstance(shown, str) else shown)
            css_row.append(safe_css(ctx.get((r, c), ())))
        rows.append(row)
        styles.append(css_row)
    return columns, index, rows, styles


# =============================================================================
# 12. Charts: one pipeline from a Vega-Lite spec to SVG
# =============================================================================
# Every chart in this file is drawn here, on the server, as SVG: no JavaScript
# charting library travels to the browser. One pipeline serves every source.
# st.line_chart and its siblings build a Vega-Lite spec (builtin_chart_spec),
# Altair charts hand over chart.to_dict(), Plotly figures are translated into
# Vega-Lite in section 13, and render_vega_lite draws them all.
#
# The pipeline, in the order data flows through it:
#
#   1. resolve data: inline values, named datasets, or the rows given beside
#      the spec;
#   2. run the view's transforms (filter, calculate, aggregate, fold, window,
#      bin, ...); `filter` and `calculate` use a small expression parser
#      (parse_expression) that builds a tree and never calls eval;
#   3. derive encoded fields (timeUnit, bin, aggregate) and stack bars, areas
#      and arcs;
#   4. build scales shared by every layer: linear, log, time, band, point,
#      colour, size;
#   5. draw marks, axes and legends into an SVG string. A long line is thinned
#      with LTTB (lttb) and many points become a density grid, so 100,000 rows
#      still make an SVG of tens of kilobytes.
#
# Whatever cannot be drawn is skipped with a short entry in `notes`, which the
# page shows under the chart; a bad spec never raises. With selectable=True
# every drawn datum gets class="sg-pt" and data-sg-pt="N", N indexing
# ChartSVG.points: the client sends those indices when the user clicks.
#
# (In this module the name `map` is st.map, made in section 14, so the
# built-in is called as builtins.map.)


# -- limits --------------------------------------------------------------------
MAX_CHART_ROWS = 1_000_000    #: rows read per chart; more would take seconds -> notice
MAX_POINT_MARKS = 5_000       #: point marks drawn one by one; beyond -> density grid
MAX_MARK_ELEMENTS = 20_000    #: bars/cells/texts per view; more makes a >2 MB SVG -> notice
MAX_FACET_PANELS = 48         #: facet panels; more are unreadable at 720 px -> notice
MAX_CONCAT_VIEWS = 24         #: concatenated/repeated views per chart -> notice
MAX_CHART_LAYERS = 16               #: layers per view (nested layers included) -> notice
MAX_SPEC_DEPTH = 8            #: nesting of layer/facet/concat; guards recursion
MAX_EXPR_LEN = 2_000          #: characters in one expression string
MAX_EXPR_DEPTH = 48           #: nesting in one expression; guards the recursive parser
MAX_DISCRETE_VALUES = 2_000   #: categories on one band/point axis -> notice
MAX_LEGEND_ENTRIES = 20       #: legend rows shown; the rest is summarised as "+N more"
MAX_CHART_BINS = 200                #: bins one `bin` may make
MAX_WINDOW_WORK = 5_000_000   #: row x frame-width steps of a sliding window transform
MAX_SEQUENCE = 100_000        #: rows a `data.sequence` generator may make
DENSITY_CELL_PX = 4           #: smallest cell (px) when many points are binned
DENSITY_MAX_CELLS = 8_000     #: grid cells at most; bigger cells keep the SVG < 100 KB
DENSITY_LEVELS = 8            #: opacity steps of a density grid (one path per step)
CHART_HEIGHT = 350          #: Streamlit's chart height for a single view
CHART_PANEL_HEIGHT = 220    #: height of one facet/concat panel without its own height
CHART_MAXBINS = 10          #: Vega-Lite's default `maxbins`
CHART_CHAR_W = 6.2                  #: average width of an 11 px label character, for layout
CHART_BAR_PADDING = 0.1             #: band padding between bars (Vega-Lite's paddingInner)
CHART_POINT_SIZE = 30               #: default point area in px^2 (Vega-Lite's default)

CHART_PALETTE = ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700",
           "#ffd16a", "#6d3fc0", "#d5dae5"]
#: Streamlit's sequential blues, light to dark: quantitative and ordinal colour
CHART_RAMP = ["#e4f5ff", "#c7ebff", "#a6dcff", "#83c9ff", "#60b4ff", "#3d9df3", "#1c83e1",
        "#0068c9", "#0054a3", "#004280"]
_CHART_SCHEMES = {
    "tableau10": ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b",
                  "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"],
    "category10": ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                   "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"],
    "blues": CHART_RAMP,
    "greens": ["#f7fcf5", "#c7e9c0", "#74c476", "#238b45", "#00441b"],
    "reds": ["#fff5f0", "#fcbba1", "#fb6a4a", "#cb181d", "#67000d"],
    "oranges": ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"],
    "purples": ["#fcfbfd", "#dadaeb", "#9e9ac8", "#6a51a3", "#3f007d"],
    "greys": ["#ffffff", "#d9d9d9", "#969696", "#525252", "#000000"],
    "viridis": ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"],
    "redblue": ["#67001f", "#d6604d", "#f7f7f7", "#4393c3", "#053061"],
    "blueorange": ["#134b85", "#6fa9d0", "#f2f0eb", "#f0a25c", "#8a3b00"],
}
_CHART_SHAPES = ["circle", "square", "triangle-up", "cross", "diamond", "triangle-down",
           "triangle-right", "triangle-left"]
_CHART_GRID = "#e6eaf1"      # grid colour when the page's .sg-grid rule is absent
_CHART_MUTED = "#6b6d7a"     # label colour when the page's .sg-svg text rule is absent
_CHART_SAFE_COLOR = re.compile(r"^[#a-zA-Z0-9(),.%\s-]{1,48}$")


class ChartSVG(NamedTuple):
    """A drawn chart: the SVG text, notes on skipped parts, and selectable records."""
    svg: str
    notes: list
    points: list


class _ChartError(Exception):
    """A spec problem that stops one view; it becomes a note."""


def _px(x: float) -> str:
    """Format a pixel coordinate compactly (one decimal, no trailing .0)."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def _chart_color(value, fallback: str = CHART_PALETTE[0]) -> str:
    """Return a CSS colour that is safe inside an attribute, or the fallback."""
    if isinstance(value, str) and _CHART_SAFE_COLOR.match(value):
        return value
    return fallback


def _chart_num(v):
    """Convert a value to a finite float, or None."""
    if v is None or isinstance(v, bool):
        return None if v is None else float(v)
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, str):
        try:
            x = float(v.replace(",", "")) if v.strip() else None
        except ValueError:
            return None
        return x if x is not None and math.isfinite(x) else None
    try:
        x = float(v)                      # numpy scalars and Decimals
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


# -- time (UTC) ----------------------------------------------------------------
_EPOCH_UTC = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_CHART_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAYS_LONG = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DATE_FORMATS = ("%b %d %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y", "%Y/%m/%d %H:%M",
                 "%B %d, %Y", "%b %d, %Y")
_ISO_HEAD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?"
                       r"(Z|[+-]\d{2}:?\d{2})?$")


def _dt_to_ms(dt: _dt.datetime) -> float:
    """Convert a datetime (naive means UTC) to epoch milliseconds."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_dt.timezone.utc)
    return (dt - _EPOCH_UTC).total_seconds() * 1000.0


def _ms_to_dt(ms: float) -> _dt.datetime:
    """Convert epoch milliseconds to an aware UTC datetime."""
    return _EPOCH_UTC + _dt.timedelta(milliseconds=ms)


def _to_ms(v):
    """Read a temporal value (epoch ms, ISO string, date/datetime) as epoch ms, or None."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, _dt.datetime):
        return _dt_to_ms(v)
    if isinstance(v, _dt.date):
        return _dt_to_ms(_dt.datetime(v.year, v.month, v.day))
    if isinstance(v, str):
        s = v.strip()
        if _ISO_HEAD.match(s):
            if len(s) == 4:
                s += "-01-01"
            elif len(s) == 7:
                s += "-01"
            if s.endswith("Z"):
                s = s[:-1] + "+00:00"
            if "." in s:                   # fromisoformat (3.9) wants 3 or 6 digits
                head, _, frac = s.partition(".")
                digits = re.match(r"\d*", frac).group(0)
                s = head + "." + (digits + "000000")[:6] + frac[len(digits):]
            try:
                return _dt_to_ms(_dt.datetime.fromisoformat(s))
            except ValueError:
                return None
        for fmt in _DATE_FORMATS:
            try:
                return _dt_to_ms(_dt.datetime.strptime(s, fmt))
            except ValueError:
                continue
        return None
    if hasattr(v, "timestamp") and hasattr(v, "year"):
        try:
            return _dt_to_ms(v.to_pydatetime() if hasattr(v, "to_pydatetime") else v)
        except (TypeError, ValueError, OverflowError, AttributeError):
            return None
    return _chart_num(v)


def _fmt_time(ms: float, fmt: str) -> str:
    """Format epoch ms in UTC with d3-style directives (%Y %m %d %b %H %M ...)."""
    try:
        t = _ms_to_dt(ms)
    except (OverflowError, ValueError):
        return str(ms)
    out = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = fmt[i + 1]
        if d in "-_0" and i + 2 < n:       # padding modifiers: drop padding
            d = fmt[i + 2]
            i += 1
            pad = False
        else:
            pad = True
        i += 2
        val = {
            "Y": str(t.year), "y": f"{t.year % 100:02d}", "m": f"{t.month:02d}",
            "d": f"{t.day:02d}", "e": str(t.day), "b": _CHART_MONTHS[t.month - 1],
            "B": _MONTHS_LONG[t.month - 1], "a": _DAYS[t.weekday()],
            "A": _DAYS_LONG[t.weekday()], "H": f"{t.hour:02d}",
            "I": f"{(t.hour % 12) or 12:02d}", "M": f"{t.minute:02d}",
            "S": f"{t.second:02d}", "L": f"{t.microsecond // 1000:03d}",
            "p": "AM" if t.hour < 12 else "PM", "q": str((t.month - 1) // 3 + 1),
            "j": f"{t.timetuple().tm_yday:03d}", "%": "%",
        }.get(d, "%" + d)
        if not pad and val.isdigit():
            val = str(int(val))
        out.append(val)
    return "".join(out)


_TIME_PARTS = ["milliseconds", "dayofyear", "quarter", "minutes", "seconds", "hours",
               "month", "year", "week", "date", "day"]


def _parse_time_unit(unit) -> list:
    """Split a timeUnit name ('yearmonthdate', 'utchours') into its parts."""
    if isinstance(unit, dict):
        unit = unit.get("unit", "")
    s = str(unit or "").lower()
    for prefix in ("binned", "utc"):
        if s.startswith(prefix):
            s = s[len(prefix):]
    parts, i = [], 0
    while i < len(s):
        for p in _TIME_PARTS:
            if s.startswith(p, i):
                parts.append(p)
                i += len(p)
                break
        else:
            return []
    return parts


def _truncate_time(ms: float, parts: list) -> float | None:
    """Keep only the given time parts of an instant (2012 stands in for a missing year)."""
    try:
        t = _ms_to_dt(ms)
    except (OverflowError, ValueError):
        return None
    year = t.year if "year" in parts else 2012
    month, day = 1, 1
    if "quarter" in parts:
        month = (t.month - 1) // 3 * 3 + 1
    if "month" in parts:
        month = t.month
    if "date" in parts:
        day = t.day
    if "day" in parts and "date" not in parts:   # weekday: the first week of Jan 2012
        day = 1 + (t.weekday() + 1) % 7           # 2012-01-01 was a Sunday
        if "month" not in parts and "year" not in parts:
            month, year = 1, 2012
    if "week" in parts:
        start = _dt.datetime(t.year, t.month, t.day) - _dt.timedelta(days=(t.weekday() + 1) % 7)
        year, month, day = start.year, start.month, start.day
    if "dayofyear" in parts:
        d = _dt.datetime(year, 1, 1) + _dt.timedelta(days=t.timetuple().tm_yday - 1)
        month, day = d.month, d.day
    hour = t.hour if "hours" in parts else 0
    minute = t.minute if "minutes" in parts else 0
    second = t.second if "seconds" in parts else 0
    micro = (t.microsecond // 1000 * 1000) if "milliseconds" in parts else 0
    try:
        return _dt_to_ms(_dt.datetime(year, month, day, hour, minute, second, micro))
    except ValueError:
        return None


def _time_unit_format(parts: list) -> str:
    """Pick a label format that shows exactly the parts of a timeUnit."""
    p = set(parts)
    if p <= {"year"}:
        return "%Y"
    if "hours" in p or "minutes" in p or "seconds" in p:
        clock = "%H:%M" if ("minutes" in p or "hours" in p) else ":%S"
        if "seconds" in p:
            clock = "%H:%M:%S"
        if "date" in p or "month" in p:
            return ("%b %d, %Y " if "year" in p else "%b %d ") + clock
        return clock
    if p == {"year", "quarter"}:
        return "Q%q %Y"
    if p == {"quarter"}:
        return "Q%q"
    if "date" in p or "dayofyear" in p or "week" in p:
        return "%b %d, %Y" if "year" in p else "%b %d"
    if "day" in p:
        return "%a"
    if p == {"year", "month"}:
        return "%b %Y"
    if p == {"month"}:
        return "%b"
    return "%b %d, %Y"


# -- numbers -------------------------------------------------------------------
_D3_FORMAT = re.compile(r"^(?:(.)?([<>=^]))?([+\-( ])?([$#])?(0)?(\d+)?(,)?(?:\.(\d+))?(~)?"
                        r"([a-z%])?$", re.I)
_SI_PREFIXES = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""), (1e-3, "m"), (1e-6, "µ")]


def _fmt_d3(v, fmt: str | None = None) -> str:
    """Format a number with a small d3-format subset (',', '.2f', '%', '$', '~s', 'e')."""
    x = _chart_num(v)
    if x is None:
        return "" if v is None else str(v)
    m = _D3_FORMAT.match(fmt or "")
    if not fmt or not m:
        if x == int(x) and abs(x) < 1e15:
            return f"{int(x):,}"
        return f"{x:,.6g}" if abs(x) < 1e15 else f"{x:.3g}"
    _fill, _align, sign, symbol, _zero, _width, comma, prec, trim, kind = m.groups()
    kind = kind or ""
    p = int(prec) if prec is not None else None
    c = "," if comma else ""
    if kind == "%":
        s = f"{x * 100:{c}.{0 if p is None else p}f}"
        s = _trim_zeros(s) if trim else s
        s += "%"
    elif kind in ("f", "F"):
        s = f"{x:{c}.{6 if p is None else p}f}"
        s = _trim_zeros(s) if trim else s
    elif kind == "d":
        s = f"{round(x):{c}d}"
    elif kind in ("e", "E"):
        s = f"{x:.{6 if p is None else p}e}"
    elif kind == "s":
        digits = 6 if p is None else max(1, p)
        for scale, suffix in _SI_PREFIXES:
            if abs(x) >= scale or scale == 1e-6:
                s = f"{x / scale:.{digits}g}" + suffix
                break
        else:
            s = "0"
        if x == 0:
            s = "0"
    elif kind in ("g", "r"):
        s = f"{x:{c}.{6 if p is None else max(1, p)}g}"
    else:
        if p is not None:
            s = f"{x:{c}.{p}g}"
        else:
            s = f"{int(x):{c}d}" if x == int(x) else f"{x:{c}.12g}"
        s = _trim_zeros(s) if trim else s
    if sign == "+" and x >= 0:
        s = "+" + s
    if symbol == "$":
        s = ("-$" + s[1:]) if s.startswith("-") else "$" + s
    return s


def _trim_zeros(s: str) -> str:
    """Drop insignificant trailing zeros after a decimal point."""
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _fmt_tick(x: float, step: float) -> str:
    """Format a tick value with just enough decimals for its step, with separators."""
    if step <= 0 or not math.isfinite(step):
        return _fmt_d3(x)
    decimals = max(0, -int(math.floor(math.log10(step) + 1e-9)))
    if abs(x) >= 1e15:
        return f"{x:.2g}"
    return f"{x:,.{min(decimals, 12)}f}"


# -- expressions ---------------------------------------------------------------
_EXPR_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<name>[A-Za-z_$][A-Za-z0-9_$]*)"
    r"|(?P<op>===|!==|==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()\[\].,]))")
_CONSTANTS = {"true": True, "false": False, "null": None, "undefined": None,
              "NaN": float("nan"), "Infinity": float("inf"), "PI": math.pi, "E": math.e,
              "LN2": math.log(2), "LN10": math.log(10), "SQRT2": math.sqrt(2)}
_BINARY_LEVELS = [("||",), ("&&",), ("==", "!=", "===", "!=="), ("<", "<=", ">", ">="),
                  ("+", "-"), ("*", "/", "%")]


class _ExprError(ValueError):
    """An expression that is not in the supported subset."""


def _js_num(v) -> float:
    """Convert like JavaScript's unary plus (null -> 0, bad strings -> NaN)."""
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        s = v.strip()
        if not s:
            return 0.0
        try:
            return float(s)
        except ValueError:
            return float("nan")
    return float("nan")


def _js_truthy(v) -> bool:
    """Return JavaScript truthiness (0, NaN, '', null are false)."""
    if isinstance(v, float) and math.isnan(v):
        return False
    return bool(v) if v is not None else False


def _js_str(v) -> str:
    """Convert like JavaScript's String()."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if v == int(v) and abs(v) < 1e21:
            return str(int(v))
    return str(v)


def _js_equal(a, b, strict: bool) -> bool:
    """Compare like JavaScript's == (loose) or === (strict)."""
    num = (int, float)
    if isinstance(a, bool) or isinstance(b, bool):
        if strict:
            return type(a) is type(b) and a == b
        a, b = (_js_num(a) if isinstance(a, bool) else a), (_js_num(b) if isinstance(b, bool) else b)
    if isinstance(a, num) and isinstance(b, num):
        return a == b
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if strict:
        return False
    if isinstance(a, num) and isinstance(b, str) or isinstance(a, str) and isinstance(b, num):
        return _js_num(a) == _js_num(b)
    return a == b


def _fn_time(part):
    """Make an expression function that reads one UTC part of a date."""
    def get(v):
        ms = _to_ms(v)
        if ms is None:
            return None
        t = _ms_to_dt(ms)
        return {"year": t.year, "month": t.month - 1, "date": t.day,
                "day": (t.weekday() + 1) % 7, "hours": t.hour, "minutes": t.minute,
                "seconds": t.second, "quarter": (t.month - 1) // 3}[part]
    return get


def _fn_round(x):
    """Round half up like JavaScript's Math.round."""
    return float(math.floor(_js_num(x) + 0.5)) if math.isfinite(_js_num(x)) else _js_num(x)


def _safe_log(x):
    """Natural log with JavaScript's NaN/-Infinity for bad input."""
    x = _js_num(x)
    return math.log(x) if x > 0 else (float("-inf") if x == 0 else float("nan"))


def _safe_pow(a, b):
    """Raise a to b, NaN instead of errors; exponents are capped to keep results small."""
    try:
        r = math.pow(_js_num(a), max(-1e3, min(1e3, _js_num(b))))
    except (OverflowError, ValueError):
        return float("nan")
    return r


def _parse_float(v):
    """Read the leading number of a string like JavaScript's parseFloat."""
    m = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", _js_str(v))
    return float(m.group(0)) if m else float("nan")


_EXPR_FUNCS = {
    "abs": lambda x: abs(_js_num(x)),
    "sqrt": lambda x: math.sqrt(_js_num(x)) if _js_num(x) >= 0 else float("nan"),
    "log": _safe_log,
    "exp": lambda x: math.exp(min(_js_num(x), 700.0)),
    "pow": _safe_pow,
    "floor": lambda x: float(math.floor(_js_num(x))) if math.isfinite(_js_num(x)) else _js_num(x),
    "ceil": lambda x: float(math.ceil(_js_num(x))) if math.isfinite(_js_num(x)) else _js_num(x),
    "round": _fn_round,
    "min": lambda *a: min((_js_num(x) for x in a), default=float("inf")),
    "max": lambda *a: max((_js_num(x) for x in a), default=float("-inf")),
    "toString": _js_str,
    "toNumber": _js_num,
    "toBoolean": _js_truthy,
    "parseFloat": _parse_float,
    "parseInt": lambda v: float(math.trunc(_parse_float(v))) if math.isfinite(_parse_float(v)) else float("nan"),
    "length": lambda v: float(len(v)) if isinstance(v, (str, list)) else 0.0,
    "upper": lambda v: _js_str(v).upper(),
    "lower": lambda v: _js_str(v).lower(),
    "trim": lambda v: _js_str(v).strip(),
    "substring": lambda v, a=0, b=None: _js_str(v)[int(_js_num(a)):(None if b is None else int(_js_num(b)))],
    "indexof": lambda v, s: float(_js_str(v).find(_js_str(s))),
    "isValid": lambda v: v is not None and not (isinstance(v, float) and math.isnan(v)),
    "isNaN": lambda v: math.isnan(_js_num(v)),
    "isFinite": lambda v: math.isfinite(_js_num(v)),
    "if": lambda c, a, b: a if _js_truthy(c) else b,
    "year": _fn_time("year"), "month": _fn_time("month"), "date": _fn_time("date"),
    "day": _fn_time("day"), "hours": _fn_time("hours"), "minutes": _fn_time("minutes"),
    "seconds": _fn_time("seconds"), "quarter": _fn_time("quarter"),
    "utcyear": _fn_time("year"), "utcmonth": _fn_time("month"), "utcdate": _fn_time("date"),
    "utcday": _fn_time("day"), "utchours": _fn_time("hours"),
}


class _ExprParser:
    """Parse the Vega expression subset into nested tuples; never evaluates Python."""

    def __init__(self, text: str):
        if not isinstance(text, str):
            raise _ExprError("expression must be a string")
        if len(text) > MAX_EXPR_LEN:
            raise _ExprError("expression too long")
        self.toks = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _EXPR_TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise _ExprError(f"unexpected character at {pos}")
            kind = m.lastgroup
            self.toks.append((kind, m.group(kind)))
            pos = m.end()
        self.i = 0
        self.depth = 0

    def peek(self):
        """Return the current token or (None, None)."""
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, op=None):
        """Consume one token, checking it is `op` when given."""
        tok = self.peek()
        if tok[0] is None or (op is not None and tok[1] != op):
            raise _ExprError(f"expected {op or 'token'}")
        self.i += 1
        return tok

    def parse(self):
        """Parse a whole expression."""
        node = self.ternary()
        if self.i != len(self.toks):
            raise _ExprError(f"unexpected {self.peek()[1]!r}")
        return node

    def ternary(self):
        """Parse `a ? b : c`."""
        self.depth += 1
        if self.depth > MAX_EXPR_DEPTH:
            raise _ExprError("expression nested too deeply")
        node = self.binary(0)
        if self.peek() == ("op", "?"):
            self.take()
            a = self.ternary()
            self.take(":")
            b = self.ternary()
            node = ("cond", node, a, b)
        self.depth -= 1
        return node

    def binary(self, level):
        """Parse left-associative binary operators from `level` upwards."""
        if level == len(_BINARY_LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while self.peek()[0] == "op" and self.peek()[1] in _BINARY_LEVELS[level]:
            op = self.take()[1]
            node = ("bin", op, node, self.binary(level + 1))
        return node

    def unary(self):
        """Parse prefix `!`, `-`, `+`."""
        if self.peek()[0] == "op" and self.peek()[1] in ("!", "-", "+"):
            op = self.take()[1]
            self.depth += 1
            if self.depth > MAX_EXPR_DEPTH:
                raise _ExprError("expression nested too deeply")
            node = ("un", op, self.unary())
            self.depth -= 1
            return node
        return self.postfix()

    def postfix(self):
        """Parse member access on `datum`: `.name` and `[expr]`."""
        node = self.primary()
        while self.peek() in (("op", "."), ("op", "[")):
            if node[0] not in ("datum", "get"):
                raise _ExprError("member access is only allowed on datum")
            if self.take()[1] == ".":
                kind, name = self.take()
                if kind != "name":
                    raise _ExprError("expected a field name")
                node = ("get", node, ("lit", name))
            else:
                key = self.ternary()
                self.take("]")
                node = ("get", node, key)
        return node

    def primary(self):
        """Parse literals, datum, constants, calls and parentheses."""
        kind, val = self.take()
        if kind == "num":
            return ("lit", float(val))
        if kind == "str":
            body = val[1:-1]
            body = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
            return ("lit", body)
        if kind == "name":
            if val == "datum":
                return ("datum",)
            if self.peek() == ("op", "("):
                if val not in _EXPR_FUNCS:
                    raise _ExprError(f"unknown function {val!r}")
                self.take("(")
                args = []
                while self.peek() != ("op", ")"):
                    args.append(self.ternary())
                    if self.peek() == ("op", ","):
                        self.take()
                    elif self.peek() != ("op", ")"):
                        raise _ExprError("expected , or )")
                    if len(args) > 16:
                        raise _ExprError("too many arguments")
                self.take(")")
                return ("call", val, args)
            if val in _CONSTANTS:
                return ("lit", _CONSTANTS[val])
            raise _ExprError(f"unknown name {val!r}")
        if (kind, val) == ("op", "("):
            node = self.ternary()
            self.take(")")
            return node
        raise _ExprError(f"unexpected {val!r}")


def parse_expression(text: str):
    """Compile a Vega expression into a callable `f(datum) -> value`; raise _ExprError."""
    tree = _ExprParser(text).parse()
    return lambda datum: _eval_expr(tree, datum)


def _eval_expr(node, datum):
    """Evaluate a parsed expression against one datum (a dict)."""
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "datum":
        return datum
    if kind == "get":
        obj = _eval_expr(node[1], datum)
        key = _eval_expr(node[2], datum)
        if isinstance(key, float) and key == int(key):
            key = int(key)
        if isinstance(obj, dict):
            v = obj.get(key if not isinstance(key, int) else str(key), obj.get(key))
            return v
        if isinstance(obj, (list, str)) and isinstance(key, int) and 0 <= key < len(obj):
            return obj[key]
        if key == "length" and isinstance(obj, (list, str)):
            return float(len(obj))
        return None
    if kind == "cond":
        return _eval_expr(node[2], datum) if _js_truthy(_eval_expr(node[1], datum)) else _eval_expr(node[3], datum)
    if kind == "un":
        v = _eval_expr(node[2], datum)
        if node[1] == "!":
            return not _js_truthy(v)
        return -_js_num(v) if node[1] == "-" else _js_num(v)
    if kind == "call":
        args = [_eval_expr(a, datum) for a in node[2]]
        try:
            return _EXPR_FUNCS[node[1]](*args)
        except (TypeError, ValueError, OverflowError):
            return float("nan")
    op, a = node[1], _eval_expr(node[2], datum)
    if op == "&&":
        return _eval_expr(node[3], datum) if _js_truthy(a) else a
    if op == "||":
        return a if _js_truthy(a) else _eval_expr(node[3], datum)
    b = _eval_expr(node[3], datum)
    if op == "+":
        if isinstance(a, str) or isinstance(b, str):
            return _js_str(a) + _js_str(b)
        return _js_num(a) + _js_num(b)
    if op in ("==", "!=", "===", "!=="):
        eq = _js_equal(a, b, strict=len(op) == 3)
        return eq if op in ("==", "===") else not eq
    if op in ("<", "<=", ">", ">="):
        if isinstance(a, str) and isinstance(b, str):
            x, y = a, b
        else:
            x, y = _js_num(a), _js_num(b)
            if math.isnan(x) or math.isnan(y):
                return False
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
    x, y = _js_num(a), _js_num(b)
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        if y == 0:
            if x == 0 or math.isnan(x):
                return float("nan")
            return math.copysign(float("inf"), x) * math.copysign(1.0, y)
        return x / y
    if op == "%":
        return math.fmod(x, y) if y != 0 else float("nan")
    raise _ExprError(f"unknown operator {op}")


# -- run context ---------------------------------------------------------------
class _ChartCtx:
    """What one render call accumulates: notes, selectable records, element budget."""

    def __init__(self, selectable: bool = False):
        self.notes = []
        self.points = []
        self.selectable = selectable
        self.elements = 0
        self.datasets = {}
        self.given = None            # rows passed beside the spec

    def note(self, text: str) -> None:
        """Record a note once."""
        if text not in self.notes and len(self.notes) < 50:
            self.notes.append(text)


def _chart_sort_key(v):
    """Order mixed values: numbers, then strings, then missing ones."""
    if v is None:
        return (2, 0, "")
    if isinstance(v, bool):
        return (0, float(v), "")
    if isinstance(v, (int, float)):
        return (0, v, "") if v == v else (2, 0, "")
    return (1, 0, str(v))


# -- data ----------------------------------------------------------------------
def _coerce_records(values, ctx: _ChartCtx) -> list:
    """Copy a list of records (scalars become {'data': v}), bounded by MAX_CHART_ROWS."""
    if not isinstance(values, (list, tuple)):
        if hasattr(values, "to_dict") and hasattr(values, "columns"):
            try:                             # a DataFrame handed over as-is
                values = values.to_dict(orient="records")
            except (TypeError, ValueError):
                values = []
        else:
            ctx.note("chart data is not a list of records")
            return []
    if len(values) > MAX_CHART_ROWS:
        ctx.note(f"only the first {MAX_CHART_ROWS:,} of {len(values):,} rows are drawn")
        values = values[:MAX_CHART_ROWS]
    out = []
    for v in values:
        if isinstance(v, dict):
            out.append(dict(v))
        else:
            out.append({"data": v})
    return out


def _resolve_data(data_spec, parent: list | None, ctx: _ChartCtx) -> list | None:
    """Return the rows a view's `data` names, or None to inherit the parent's."""
    if data_spec is None:
        return parent
    if not isinstance(data_spec, dict):
        ctx.note("data must be an object")
        return []
    if "values" in data_spec:
        values = data_spec["values"]
        if isinstance(values, str):
            ctx.note("inline data given as text is not supported")
            return []
        return _coerce_records(values, ctx)
    if "name" in data_spec:
        name = data_spec["name"]
        if name in ctx.datasets:
            return ctx.datasets[name]
        if ctx.given is not None:
            return ctx.given
        ctx.note(f"dataset {str(name)[:40]!r} was not provided")
        return []
    if "sequence" in data_spec and isinstance(data_spec["sequence"], dict):
        seq = data_spec["sequence"]
        start, stop = _chart_num(seq.get("start")), _chart_num(seq.get("stop"))
        step = _chart_num(seq.get("step", 1)) or 1.0
        name = seq.get("as", "data")
        if start is None or stop is None or (stop - start) / step < 0:
            return []
        n = min(int(math.ceil((stop - start) / step)), MAX_SEQUENCE)
        return [{name: start + k * step} for k in range(n)]
    if "url" in data_spec:
        if ctx.given is not None:
            return ctx.given
        ctx.note("data loaded from a URL is not fetched; pass the data instead")
        return []
    return parent


# -- predicates ----------------------------------------------------------------
def _datetime_obj_ms(v):
    """Convert a Vega-Lite DateTime object ({'year': 2020, 'month': 3}) to epoch ms."""
    if not isinstance(v, dict):
        return None
    try:
        month = v.get("month", 1)
        if isinstance(month, str):
            month = [m.lower() for m in _CHART_MONTHS].index(month[:3].lower()) + 1
        dt = _dt.datetime(int(v.get("year", 2012)), int(month), int(v.get("date", 1)),
                      int(v.get("hours", 0)), int(v.get("minutes", 0)),
                      int(v.get("seconds", 0)), int(v.get("milliseconds", 0)) * 1000)
    except (TypeError, ValueError):
        return None
    return _dt_to_ms(dt)


def _cmp_pair(a, b):
    """Bring two values to a comparable pair (numbers, dates, or strings), or None."""
    if isinstance(b, dict):
        b = _datetime_obj_ms(b)
        a = _to_ms(a)
    else:
        x, y = _chart_num(a) if not isinstance(a, str) else None, _chart_num(b) if not isinstance(b, str) else None
        if x is not None and y is not None:
            return x, y
        if isinstance(a, str) and isinstance(b, str):
            return a, b
        if isinstance(a, str) and y is not None:          # a date string vs epoch ms
            a = _to_ms(a) if _ISO_HEAD.match(a.strip()) else _chart_num(a)
        elif isinstance(b, str) and x is not None:
            b = _to_ms(b) if _ISO_HEAD.match(b.strip()) else _chart_num(b)
    if a is None or b is None:
        return None
    return a, b


def _field_getter(field):
    """Return a function reading a (possibly nested 'a.b') field from a row."""
    if not isinstance(field, str):
        return lambda r: None
    if "\\." in field:
        name = field.replace("\\.", ".")
        return lambda r: r.get(name)
    if "." in field:
        parts = field.split(".")

        def nested(r):
            if field in r:
                return r[field]
            v = r
            for p in parts:
                v = v.get(p) if isinstance(v, dict) else None
            return v
        return nested
    return lambda r: r.get(field)


def _compile_predicate(pred, ctx: _ChartCtx, depth: int = 0):
    """Turn a filter predicate (expression string or object) into `f(row) -> bool`."""
    if depth > MAX_EXPR_DEPTH:
        raise _ExprError("predicate nested too deeply")
    if isinstance(pred, str):
        fn = parse_expression(pred)
        return lambda r: _js_truthy(fn(r))
    if isinstance(pred, bool):
        return lambda r: pred
    if not isinstance(pred, dict):
        raise _ExprError("predicate must be an object or expression")
    if "and" in pred or "or" in pred:
        subs = [_compile_predicate(p, ctx, depth + 1) for p in (pred.get("and") or pred.get("or") or [])]
        if "and" in pred:
            return lambda r: all(f(r) for f in subs)
        return lambda r: any(f(r) for f in subs)
    if "not" in pred:
        sub = _compile_predicate(pred["not"], ctx, depth + 1)
        return lambda r: not sub(r)
    if "param" in pred or "selection" in pred:
        return lambda r: True        # drawn as if everything were selected
    if "field" not in pred:
        raise _ExprError("predicate has no field")
    get = _field_getter(pred["field"])
    parts = _parse_time_unit(pred.get("timeUnit")) if pred.get("timeUnit") else None
    if parts:
        raw_get = get

        def get(r):
            ms = _to_ms(raw_get(r))
            return None if ms is None else _truncate_time(ms, parts)

    def cmp(op, b):
        def test(r):
            pair = _cmp_pair(get(r), b)
            if pair is None:
                return False
            try:
                return op(pair[0], pair[1])
            except TypeError:
                return False
        return test
    if "equal" in pred:
        b = pred["equal"]
        return lambda r: (lambda p: p is not None and p[0] == p[1])(_cmp_pair(get(r), b))
    for key, op in (("lt", lambda a, b: a < b), ("lte", lambda a, b: a <= b),
                    ("gt", lambda a, b: a > b), ("gte", lambda a, b: a >= b)):
        if key in pred:
            return cmp(op, pred[key])
    if "range" in pred:
        lo, hi = (list(pred["range"]) + [None, None])[:2]
        tests = []
        if lo is not None:
            tests.append(cmp(lambda a, b: a >= b, lo))
        if hi is not None:
            tests.append(cmp(lambda a, b: a <= b, hi))
        return lambda r: get(r) is not None and all(t(r) for t in tests)
    if "oneOf" in pred or "in" in pred:
        options = list(pred.get("oneOf", pred.get("in")) or [])
        return lambda r: any((lambda p: p is not None and p[0] == p[1])(_cmp_pair(get(r), o))
                             for o in options)
    if "valid" in pred:
        want = bool(pred["valid"])

        def valid(r):
            v = get(r)
            ok = v is not None and not (isinstance(v, float) and math.isnan(v))
            return ok == want
        return valid
    raise _ExprError("unsupported predicate")


# -- aggregation ---------------------------------------------------------------
_AGG_OPS = {"count", "valid", "missing", "distinct", "sum", "mean", "average", "median",
            "min", "max", "q1", "q3", "stdev", "stdevp", "variance", "variancep", "product",
            "values"}


def _quantile(sorted_vals: list, p: float) -> float | None:
    """Return the p-quantile with linear interpolation (R-7, as d3)."""
    n = len(sorted_vals)
    if not n:
        return None
    h = (n - 1) * p
    lo = int(math.floor(h))
    hi = min(lo + 1, n - 1)
    return sorted_vals[lo] + (h - lo) * (sorted_vals[hi] - sorted_vals[lo])


def _aggregate(op: str, values: list):
    """Compute one aggregate over raw values (None and non-numbers skipped for maths)."""
    if op == "count":
        return float(len(values))
    if op == "valid":
        return float(sum(1 for v in values if v is not None))
    if op == "missing":
        return float(sum(1 for v in values if v is None))
    if op == "distinct":
        return float(len({_chart_sort_key(v) for v in values}))
    if op == "values":
        return list(values)
    nums = [x for x in (_chart_num(v) for v in values) if x is not None]
    if not nums and op in ("min", "max"):
        nums = [x for x in (_to_ms(v) for v in values) if x is not None]
    if not nums:
        return None if op != "sum" else 0.0
    if op == "sum":
        return math.fsum(nums)
    if op == "product":
        out = 1.0
        for x in nums:
            out *= x
        return out
    if op in ("mean", "average"):
        return math.fsum(nums) / len(nums)
    if op == "min":
        return min(nums)
    if op == "max":
        return max(nums)
    if op in ("median", "q1", "q3"):
        nums.sort()
        return _quantile(nums, {"median": 0.5, "q1": 0.25, "q3": 0.75}[op])
    mean = math.fsum(nums) / len(nums)
    ss = math.fsum((x - mean) ** 2 for x in nums)
    if op in ("variance", "stdev"):
        if len(nums) < 2:
            return None
        var = ss / (len(nums) - 1)
    else:
        var = ss / len(nums)
    return math.sqrt(var) if op.startswith("stdev") else var


def _group_rows(rows: list, keys: list) -> dict:
    """Group rows by the values of `keys`, keeping first-seen order."""
    getters = [_field_getter(k) for k in keys]
    groups = {}
    for r in rows:
        k = tuple(_hashable(g(r)) for g in getters)
        groups.setdefault(k, []).append(r)
    return groups


def _hashable(v):
    """Make a value usable as a dict key (lists become tuples)."""
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((str(k), _hashable(x)) for k, x in v.items()))
    return v


# -- bins ----------------------------------------------------------------------
def _bin_params(lo: float, hi: float, spec) -> tuple:
    """Choose (start, stop, step) for a bin like Vega's bin algorithm."""
    spec = spec if isinstance(spec, dict) else {}
    ext = spec.get("extent")
    if isinstance(ext, (list, tuple)) and len(ext) == 2 and _chart_num(ext[0]) is not None:
        lo, hi = _chart_num(ext[0]), _chart_num(ext[1])
    maxbins = int(_chart_num(spec.get("maxbins")) or CHART_MAXBINS)
    maxbins = max(1, min(maxbins, MAX_CHART_BINS))
    if hi <= lo:
        hi = lo + 1
    span = hi - lo
    step = _chart_num(spec.get("step"))
    if step is None or step <= 0 or span / step > MAX_CHART_BINS:
        base = 10.0
        minstep = _chart_num(spec.get("minstep")) or 0.0
        level = math.ceil(math.log(maxbins) / math.log(base))
        step = max(minstep, base ** (round(math.log(span) / math.log(base)) - level))
        while math.ceil(span / step) > maxbins:
            step *= base
        for div in (spec.get("divide") or [5, 2]):
            div = _chart_num(div) or 1
            if step / div >= minstep and span / (step / div) <= maxbins:
                step /= div
    if spec.get("nice", True) is False:
        start = lo
    else:
        start = math.floor(lo / step + 1e-9) * step
    stop = math.ceil(hi / step - 1e-9) * step
    if stop <= hi:
        stop = start + (math.floor((hi - start) / step + 1e-9) + 1) * step
    return start, stop, step


def _bin_value(x, start: float, step: float, stop: float):
    """Return the bin start for a value."""
    if x is None:
        return None
    k = math.floor((x - start) / step + 1e-9)
    b = start + k * step
    if b >= stop - 1e-9 * step:                 # the last bin is closed on the right
        b = stop - step
    return round(b, 10)


# -- transforms ----------------------------------------------------------------
_UNSUPPORTED_TRANSFORMS = ("lookup", "pivot", "density", "regression", "loess", "quantile",
                           "impute", "stack", "flatten", "extent", "filterRepeat")


def _apply_transforms(rows: list, transforms, ctx: _ChartCtx) -> list:
    """Run a view's transform list over its rows."""
    if not transforms:
        return rows
    if not isinstance(transforms, list):
        ctx.note("transform must be a list")
        return rows
    for t in transforms[:64]:
        if not isinstance(t, dict):
            continue
        try:
            rows = _apply_transform(rows, t, ctx)
        except _ExprError as exc:
            ctx.note(f"transform skipped: {str(exc)[:80]}")
    return rows


def _apply_transform(rows: list, t: dict, ctx: _ChartCtx) -> list:
    """Run one transform."""
    if "filter" in t:
        keep = _compile_predicate(t["filter"], ctx)
        return [r for r in rows if keep(r)]
    if "calculate" in t:
        fn = parse_expression(t["calculate"])
        name = str(t.get("as", "calculated"))
        out = []
        for r in rows:
            r = dict(r)
            r[name] = fn(r)
            out.append(r)
        return out
    if "fold" in t:
        fields = [str(f) for f in (t.get("fold") or [])]
        key, val = (list(t.get("as") or ["key", "value"]) + ["key", "value"])[:2]
        out = []
        for r in rows:
            for f in fields:
                nr = dict(r)
                nr[key] = f
                nr[val] = r.get(f)
                out.append(nr)
            if len(out) > MAX_CHART_ROWS:
                ctx.note("fold made too many rows; the rest is dropped")
                break
        return out
    if "aggregate" in t and isinstance(t["aggregate"], list):
        groupby = [str(g) for g in (t.get("groupby") or [])]
        specs = _agg_specs(t["aggregate"], ctx)
        out = []
        for key, members in _group_rows(rows, groupby).items():
            nr = dict(zip(groupby, key))
            for op, field, name in specs:
                get = _field_getter(field)
                nr[name] = _aggregate(op, [get(m) for m in members] if field else members)
            out.append(nr)
        return out
    if "joinaggregate" in t:
        groupby = [str(g) for g in (t.get("groupby") or [])]
        specs = _agg_specs(t["joinaggregate"], ctx)
        out = []
        for _key, members in _group_rows(rows, groupby).items():
            extra = {}
            for op, field, name in specs:
                get = _field_getter(field)
                extra[name] = _aggregate(op, [get(m) for m in members] if field else members)
            out.extend(dict(m, **extra) for m in members)
        return out
    if "window" in t:
        return _window_transform(rows, t, ctx)
    if "bin" in t and "field" in t:
        field = str(t["field"])
        get = _field_getter(field)
        vals = [x for x in (_chart_num(get(r)) for r in rows) if x is not None]
        names = t.get("as") or f"bin_{field}"
        if isinstance(names, str):
            names = [names, names + "_end"]
        if not vals:
            return rows
        start, stop, step = _bin_params(min(vals), max(vals), t["bin"])
        out = []
        for r in rows:
            b = _bin_value(_chart_num(get(r)), start, step, stop)
            r = dict(r)
            r[names[0]] = b
            r[names[1]] = None if b is None else round(b + step, 10)
            out.append(r)
        return out
    if "timeUnit" in t and "field" in t:
        parts = _parse_time_unit(t["timeUnit"])
        get = _field_getter(t["field"])
        name = str(t.get("as", f"{t['timeUnit']}_{t['field']}"))
        out = []
        for r in rows:
            ms = _to_ms(get(r))
            r = dict(r)
            r[name] = None if ms is None or not parts else _truncate_time(ms, parts)
            out.append(r)
        return out
    if "sample" in t:
        n = int(_chart_num(t["sample"]) or 1000)
        if len(rows) <= n:
            return rows
        stride = len(rows) / n
        return [rows[int(k * stride)] for k in range(n)]
    for name in _UNSUPPORTED_TRANSFORMS:
        if name in t:
            ctx.note(f'transform "{name}" is not supported')
            return rows
    ctx.note("an unknown transform was skipped")
    return rows


def _agg_specs(items, ctx: _ChartCtx) -> list:
    """Read [{op, field, as}] aggregate definitions."""
    out = []
    for a in items if isinstance(items, list) else []:
        if not isinstance(a, dict):
            continue
        op = str(a.get("op", "count"))
        if op not in _AGG_OPS:
            ctx.note(f'aggregate "{op}" is not supported')
            continue
        field = a.get("field")
        out.append((op, field, str(a.get("as", f"{op}_{field}" if field else op))))
    return out


def _window_transform(rows: list, t: dict, ctx: _ChartCtx) -> list:
    """Run a window transform (ranks, row numbers, framed aggregates)."""
    ops = [w for w in (t.get("window") or []) if isinstance(w, dict)]
    groupby = [str(g) for g in (t.get("groupby") or [])]
    sorts = t.get("sort") or []
    if isinstance(sorts, dict):
        sorts = [sorts]
    frame = t.get("frame", [None, 0])
    if not isinstance(frame, (list, tuple)) or len(frame) != 2:
        frame = [None, 0]
    f0, f1 = (None if frame[0] is None else int(_chart_num(frame[0]) or 0),
              None if frame[1] is None else int(_chart_num(frame[1]) or 0))
    out = []
    for _key, members in _group_rows(rows, groupby).items():
        members = [dict(m) for m in members]
        sort_keys = []
        for s in reversed(sorts):
            if not isinstance(s, dict) or "field" not in s:
                continue
            get = _field_getter(s["field"])
            members.sort(key=lambda r: _chart_sort_key(get(r)), reverse=s.get("order") == "descending")
            sort_keys.insert(0, get)
        n = len(members)
        peer = [tuple(_chart_sort_key(g(m)) for g in sort_keys) for m in members]
        for w in ops:
            op = str(w.get("op", "row_number"))
            name = str(w.get("as", op))
            get = _field_getter(w.get("field"))
            if op == "row_number":
                vals = [float(i + 1) for i in range(n)]
            elif op in ("rank", "dense_rank", "percent_rank", "cume_dist"):
                vals, rank, dense = [], 0, 0
                for i in range(n):
                    if i == 0 or peer[i] != peer[i - 1]:
                        rank, dense = i + 1, dense + 1
                    vals.append(float(rank if op in ("rank", "percent_rank") else dense))
                if op == "percent_rank":
                    vals = [(v - 1) / (n - 1) if n > 1 else 0.0 for v in vals]
                elif op == "cume_dist":
                    last = {}
                    for i in range(n):
                        last[peer[i]] = i + 1
                    vals = [last[peer[i]] / n for i in range(n)]
            elif op in ("lag", "lead"):
                k = int(_chart_num(w.get("param")) or 1)
                k = -k if op == "lag" else k
                vals = [get(members[i + k]) if 0 <= i + k < n else None for i in range(n)]
            elif op in ("first_value", "last_value") or op in _AGG_OPS:
                vals = _framed(op, [get(m) for m in members] if w.get("field") else [1] * n,
                               f0, f1, ctx)
            else:
                ctx.note(f'window op "{op}" is not supported')
                continue
            for m, v in zip(members, vals):
                m[name] = v
        out.extend(members)
    return out


def _framed(op: str, values: list, f0, f1, ctx: _ChartCtx) -> list:
    """Compute a framed aggregate for each position ([None, 0] is a running total)."""
    n = len(values)
    if op in ("sum", "count", "mean", "average", "valid"):
        nums = [_chart_num(v) for v in values]
        ps, pc, pv = [0.0], [0], [0]
        for x in nums:
            ps.append(ps[-1] + (x or 0.0))
            pv.append(pv[-1] + (x is not None))
            pc.append(pc[-1] + 1)
        out = []
        for i in range(n):
            a = 0 if f0 is None else max(0, i + f0)
            b = n if f1 is None else min(n, i + f1 + 1)
            if b <= a:
                out.append(None if op in ("mean", "average") else 0.0)
                continue
            if op == "sum":
                out.append(ps[b] - ps[a])
            elif op == "count":
                out.append(float(pc[b] - pc[a]))
            elif op == "valid":
                out.append(float(pv[b] - pv[a]))
            else:
                cnt = pv[b] - pv[a]
                out.append((ps[b] - ps[a]) / cnt if cnt else None)
        return out
    width = n if f0 is None or f1 is None else (f1 - f0 + 1)
    if n * max(width, 1) > MAX_WINDOW_WORK:
        ctx.note("window frame too large; the window transform was skipped")
        return [None] * n
    out = []
    for i in range(n):
        a = 0 if f0 is None else max(0, i + f0)
        b = n if f1 is None else min(n, i + f1 + 1)
        seg = values[a:b]
        if op == "first_value":
            out.append(seg[0] if seg else None)
        elif op == "last_value":
            out.append(seg[-1] if seg else None)
        else:
            out.append(_aggregate(op, seg))
    return out


# -- encodings -----------------------------------------------------------------
_VL_TYPES = {"q": "quantitative", "t": "temporal", "o": "ordinal", "n": "nominal",
          "quantitative": "quantitative", "temporal": "temporal", "ordinal": "ordinal",
          "nominal": "nominal", "g": "nominal", "geojson": "nominal"}
_VL_CHANNELS = {"x", "y", "x2", "y2", "xOffset", "yOffset", "color", "fill", "stroke", "size",
             "opacity", "fillOpacity", "strokeOpacity", "shape", "theta", "theta2", "radius",
             "radius2", "text", "tooltip", "detail", "order"}
_QUIET_CHANNELS = {"href", "key", "description", "url", "strokeDash", "strokeWidth", "angle",
                   "xError", "yError", "xError2", "yError2"}
_SHORTHAND = re.compile(r"^\s*(?:(\w+)\((.*)\)|(.*?))\s*(?::(\w+))?\s*$")
_VL_MARKS = {"bar", "line", "area", "point", "circle", "square", "rule", "tick", "rect", "arc",
          "text", "boxplot", "trail", "errorbar", "errorband", "image", "geoshape"}


def _parse_shorthand(s: str) -> dict:
    """Read Altair shorthand such as 'sum(price):Q' or 'date:T' into a field definition."""
    m = _SHORTHAND.match(s)
    if not m:
        return {"field": s}
    op, inner, plain, kind = m.groups()
    d = {}
    if op:
        if op in _AGG_OPS:
            d["aggregate"] = op
        elif _parse_time_unit(op):
            d["timeUnit"] = op
        if inner:
            d["field"] = inner
    elif plain:
        d["field"] = plain
    if kind and kind.lower() in _VL_TYPES:
        d["type"] = _VL_TYPES[kind.lower()]
    return d


def _norm_def(raw, ctx: _ChartCtx):
    """Normalise one channel definition into a dict (or None when it draws nothing)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = _parse_shorthand(raw)
    if not isinstance(raw, dict):
        ctx.note("an encoding channel was not an object")
        return None
    d = dict(raw)
    cond = d.pop("condition", None)
    if isinstance(cond, list):
        cond = next((c for c in cond if isinstance(c, dict)), None)
    if isinstance(cond, dict):
        if "param" in cond or "selection" in cond:
            # Drawn without interaction: everything counts as selected.
            for k in ("field", "value", "datum", "type", "aggregate", "timeUnit", "bin"):
                d.pop(k, None)
            d.update({k: v for k, v in cond.items() if k not in ("param", "selection", "empty")})
        elif "test" in cond:
            try:
                test = _compile_predicate(cond["test"], ctx)
                d["_test"] = (test, {k: v for k, v in cond.items() if k != "test"})
            except _ExprError:
                ctx.note("a conditional encoding test is not supported")
    field = d.get("field")
    if isinstance(field, dict):
        ctx.note("a field reference that is not a name is not supported")
        return None
    if field is not None:
        d["field"] = str(field)
    if d.get("type") is not None:
        d["type"] = _VL_TYPES.get(str(d["type"]).lower(), "nominal")
    agg = d.get("aggregate")
    if agg is not None and (not isinstance(agg, str) or agg not in _AGG_OPS):
        ctx.note(f"aggregate {str(agg)[:30]!r} is not supported")
        d.pop("aggregate")
    if d.get("aggregate") == "count" and not d.get("type"):
        d["type"] = "quantitative"
    if d.get("timeUnit") and not _parse_time_unit(d["timeUnit"]):
        ctx.note(f"timeUnit {str(d['timeUnit'])[:30]!r} is not supported")
        d.pop("timeUnit")
    return d


def _infer_type(d: dict, rows: list) -> str:
    """Guess a missing type from the definition and the first values."""
    if d.get("aggregate") or d.get("bin"):
        return "quantitative"
    if d.get("timeUnit"):
        return "temporal"
    get = _field_getter(d.get("field"))
    sample = [v for v in (get(r) for r in rows[:50]) if v is not None]
    if sample and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in sample):
        return "quantitative"
    if sample and all(isinstance(v, (_dt.datetime, _dt.date)) or
                      (isinstance(v, str) and len(v) >= 8 and _ISO_HEAD.match(v)) for v in sample):
        return "temporal"
    return "nominal"


def _parse_mark(mark, ctx: _ChartCtx) -> tuple:
    """Return (mark type, properties) from a mark string or object."""
    if isinstance(mark, dict):
        props = dict(mark)
        kind = str(props.pop("type", ""))
    else:
        kind, props = str(mark or ""), {}
    if kind not in _VL_MARKS:
        raise _ChartError(f'mark "{kind[:30]}" is not supported')
    if kind in ("image", "geoshape", "errorbar", "errorband"):
        raise _ChartError(f'mark "{kind}" is not supported')
    if kind == "trail":
        kind = "line"
    return kind, props


def _agg_title(d: dict) -> str:
    """Default title of a definition, as Vega-Lite words it ('Sum of price')."""
    field = d.get("src") or d.get("field") or ""
    op = d.get("aggregate")
    if op == "count":
        return "Count of Records"
    names = {"sum": "Sum", "mean": "Mean", "average": "Average", "median": "Median",
             "min": "Min", "max": "Max", "distinct": "Distinct Count", "q1": "Q1", "q3": "Q3",
             "stdev": "Stdev", "variance": "Variance", "valid": "Valid", "missing": "Missing"}
    if op:
        return f"{names.get(op, op.title())} of {field}"
    if d.get("timeUnit"):
        unit = d["timeUnit"] if isinstance(d["timeUnit"], str) else "time"
        return f"{field} ({unit.replace('utc', '')})"
    if d.get("bin"):
        return f"{field} (binned)"
    return field


def _title_of(d: dict | None):
    """Return a channel's title (None hides it)."""
    if not d:
        return None
    for key in ("title",):
        if key in d:
            t = d[key]
            return " ".join(builtins.map(str, t)) if isinstance(t, list) else t
    axis = d.get("axis") if isinstance(d.get("axis"), dict) else {}
    legend = d.get("legend") if isinstance(d.get("legend"), dict) else {}
    for box in (axis, legend):
        if "title" in box:
            t = box["title"]
            return " ".join(builtins.map(str, t)) if isinstance(t, list) else t
    return _agg_title(d) if d.get("field") or d.get("aggregate") else None


class _ChartUnit:
    """A single view ready to draw: mark, encodings, rows and stacking."""

    def __init__(self, mark: str, props: dict, enc: dict, rows: list):
        self.mark = mark
        self.props = props
        self.enc = enc
        self.rows = rows
        self.stack = None         # (channel, offset) when stacked
        self.boxes = []           # boxplot statistics


def _prepare_unit(spec: dict, rows: list, parent_enc: dict, ctx: _ChartCtx) -> _ChartUnit | None:
    """Transform one unit view's data and derive every encoded field."""
    try:
        mark, props = _parse_mark(spec.get("mark"), ctx)
    except _ChartError as exc:
        ctx.note(str(exc))
        return None
    rows = _apply_transforms(rows, spec.get("transform"), ctx)
    raw = dict(parent_enc)
    if isinstance(spec.get("encoding"), dict):
        raw.update(spec["encoding"])
    enc = {}
    for ch, val in raw.items():
        if ch in ("row", "column", "facet"):
            continue
        if ch not in _VL_CHANNELS:
            if ch not in _QUIET_CHANNELS:
                ctx.note(f'encoding channel "{str(ch)[:30]}" is not supported')
            continue
        if ch in ("tooltip", "detail") and isinstance(val, list):
            defs = [d for d in (_norm_def(v, ctx) for v in val[:32]) if d]
            if defs:
                enc[ch] = defs
            elif ch == "tooltip":
                enc[ch] = []
            continue
        if ch == "tooltip" and val is None:
            enc[ch] = []
            continue
        d = _norm_def(val, ctx)
        if d is not None:
            enc[ch] = [d] if ch in ("tooltip", "detail") else d
    for d in _all_defs(enc):
        if (d.get("field") or d.get("aggregate")) and not d.get("type"):
            d["type"] = _infer_type(d, rows)
    unit = _ChartUnit(mark, props, enc, rows)
    _derive_fields(unit, ctx)
    if mark == "boxplot":
        _prepare_boxplot(unit, ctx)
    else:
        _aggregate_unit(unit, ctx)
        _stack_unit(unit, ctx)
    return unit


def _all_defs(enc: dict) -> list:
    """List every field definition of an encoding (lists flattened)."""
    out = []
    for v in enc.values():
        out.extend(v if isinstance(v, list) else [v])
    return out


def _derive_fields(unit: _ChartUnit, ctx: _ChartCtx) -> None:
    """Convert typed values and add timeUnit / bin fields to the rows."""
    rows = unit.rows
    done = set()
    for d in _all_defs(unit.enc):
        field = d.get("field")
        if not field:
            continue
        d["src"] = field
        get = _field_getter(field)
        if "." in field and "\\." not in field and rows and field not in rows[0]:
            key = field.replace(".", "_")
            for r in rows:
                r[key] = get(r)
            d["field"] = field = key
        kind = d.get("type")
        conv = None
        if kind == "temporal" or d.get("timeUnit"):
            conv = _to_ms
        elif kind == "quantitative" and d.get("aggregate") not in ("count", "distinct", "valid", "missing"):
            conv = _chart_num
        if conv is not None and (field, conv) not in done:
            done.add((field, conv))
            for r in rows:
                v = r.get(field)
                if v is not None and not isinstance(v, float):
                    r[field] = conv(v)
                elif isinstance(v, float) and v != v:
                    r[field] = None
        if d.get("timeUnit"):
            parts = _parse_time_unit(d["timeUnit"])
            key = f"{'' .join(parts)}_{field}"
            if (key, "tu") not in done:
                done.add((key, "tu"))
                cache = {}
                for r in rows:
                    v = r.get(field)
                    if v is None:
                        r[key] = None
                    else:
                        t = cache.get(v)
                        if t is None:
                            t = cache[v] = _truncate_time(v, parts)
                        r[key] = t
            d["field"], d["tu"] = key, parts
        if d.get("bin") and d.get("bin") != "binned":
            vals = [r[field] for r in rows if r.get(field) is not None]
            if not vals:
                continue
            vals = [v for v in vals if isinstance(v, (int, float))]
            if not vals:
                continue
            start, stop, step = _bin_params(min(vals), max(vals), d["bin"])
            key = f"bin_{field}"
            for r in rows:
                b = _bin_value(r.get(field), start, step, stop)
                r[key] = b
                r[key + "_end"] = None if b is None else round(b + step, 10)
            d["field"], d["end"], d["binstep"] = key, key + "_end", step
            d["bin_extent"] = (start, stop)


def _aggregate_unit(unit: _ChartUnit, ctx: _ChartCtx) -> None:
    """Group rows by the non-aggregated fields when any channel aggregates."""
    defs = _all_defs(unit.enc)
    aggs = [d for d in defs if d.get("aggregate")]
    if not aggs:
        return
    keys = []
    for d in defs:
        if d.get("aggregate") or not d.get("field"):
            continue
        for k in (d["field"], d.get("end")):
            if k and k not in keys:
                keys.append(k)
    groups = _group_rows(unit.rows, keys)
    out = []
    names = []
    for d in aggs:
        op, field = d["aggregate"], d.get("field")
        name = "__count" if op == "count" else f"{op}_{field}"
        names.append((d, op, field, name))
    for key, members in groups.items():
        nr = dict(zip(keys, key))
        for d, op, field, name in names:
            if op == "count" or not field:
                nr[name] = float(len(members))
            else:
                nr[name] = _aggregate(op, [m.get(field) for m in members])
        out.append(nr)
    for d, op, field, name in names:
        d["field"] = name
        if not (op in ("min", "max") and d.get("type") == "temporal"):
            d["type"] = "quantitative"
    unit.rows = out


_STACK_BY = ("color", "fill", "stroke", "opacity", "fillOpacity", "size", "shape", "detail")


def _is_cont(d) -> bool:
    """True when a definition is continuous (quantitative or temporal, no discrete bin)."""
    return bool(d) and d.get("type") in ("quantitative", "temporal") and not (
        d.get("bin") and d.get("type") != "quantitative")


def _stack_unit(unit: _ChartUnit, ctx: _ChartCtx) -> None:
    """Compute stacked extents (__lo/__hi) for bars, areas and arcs."""
    enc, mark = unit.enc, unit.mark
    chan = None
    if mark == "arc":
        if enc.get("theta") and enc["theta"].get("field"):
            chan, dim = "theta", []
    else:
        cands = []
        for c, o in (("y", "x"), ("x", "y")):
            d = enc.get(c)
            if not d or not d.get("field") or d.get("type") != "quantitative" or d.get("bin"):
                continue
            if enc.get(c + "2") or enc.get(o + "2"):
                continue             # a ranged channel (y..y2) is the measure: nothing to stack
            od = enc.get(o)
            other_measure = (isinstance(od, dict) and od.get("type") == "quantitative" and
                             not od.get("bin") and bool(od.get("aggregate")) and not d.get("aggregate"))
            if not other_measure:
                cands.append(c)
        explicit = [c for c in ("y", "x") if enc.get(c) and enc[c].get("stack") not in (None, False)
                    and "stack" in enc[c]]
        if explicit and explicit[0] in cands:
            chan = explicit[0]
        elif cands and (mark in ("bar", "area") or explicit):
            chan = cands[0]
        if chan:
            o = "x" if chan == "y" else "y"
            dim = [enc[o]["field"]] if enc.get(o) and enc[o].get("field") else []
            off = enc.get(o + "Offset")
            if off and off.get("field"):
                dim.append(off["field"])
    if not chan:
        return
    d = enc[chan]
    offset = d.get("stack", "zero") if "stack" in d else "zero"
    if offset is True:
        offset = "zero"
    if offset in (None, False):
        return
    if offset not in ("zero", "normalize", "center"):
        offset = "zero"
    by = []
    for c in _STACK_BY:
        for sd in (enc.get(c) if isinstance(enc.get(c), list) else [enc.get(c)]):
            if sd and sd.get("field"):
                by.append(sd["field"])
    order = enc.get("order")
    value = d["field"]
    groups = _group_rows(unit.rows, dim) if dim else {(): list(unit.rows)}
    out = []
    for members in groups.values():
        members = [dict(m) for m in members]
        if order and order.get("field"):
            of = order["field"]
            members.sort(key=lambda r: _chart_sort_key(r.get(of)), reverse=order.get("sort") == "descending")
        elif by:
            members.sort(key=lambda r: tuple(_chart_sort_key(r.get(b)) for b in by))
        pos = neg = 0.0
        for m in members:
            v = m.get(value)
            v = v if isinstance(v, float) else _chart_num(v)
            if v is None:
                m["__lo"] = m["__hi"] = None
                continue
            if v >= 0 or mark == "arc":
                m["__lo"], m["__hi"] = pos, pos + abs(v)
                pos += abs(v)
            else:
                m["__lo"], m["__hi"] = neg, neg + v
                neg += v
        total = pos - neg
        for m in members:
            if m.get("__lo") is None:
                continue
            if offset == "normalize" and total:
                m["__lo"], m["__hi"] = m["__lo"] / total - (neg / total if neg else 0), \
                    m["__hi"] / total - (neg / total if neg else 0)
            elif offset == "center":
                m["__lo"], m["__hi"] = m["__lo"] - pos / 2, m["__hi"] - pos / 2
        out.extend(members)
    unit.rows = out
    unit.stack = (chan, offset)


def _prepare_boxplot(unit: _ChartUnit, ctx: _ChartCtx) -> None:
    """Compute box statistics (quartiles, whiskers, outliers) per group."""
    enc = unit.enc
    cont = next((c for c in ("y", "x") if enc.get(c) and enc[c].get("type") == "quantitative"), None)
    if not cont:
        ctx.note("a boxplot needs a quantitative x or y")
        unit.rows = []
        return
    d = enc[cont]
    d.pop("aggregate", None)
    dim_c = "x" if cont == "y" else "y"
    keys = [enc[c]["field"] for c in (dim_c, dim_c + "Offset", "color")
            if isinstance(enc.get(c), dict) and enc[c].get("field")]
    keys = list(dict.fromkeys(keys))
    extent = unit.props.get("extent", 1.5)
    out = []
    for key, members in _group_rows(unit.rows, keys).items():
        vals = sorted(v for v in (m.get(d["field"]) for m in members) if isinstance(v, float))
        if not vals:
            continue
        q1, med, q3 = _quantile(vals, 0.25), _quantile(vals, 0.5), _quantile(vals, 0.75)
        if extent == "min-max" or _chart_num(extent) is None:
            lo, hi = vals[0], vals[-1]
        else:
            k = _chart_num(extent)
            lo_lim, hi_lim = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
            lo = min((v for v in vals if v >= lo_lim), default=q1)
            hi = max((v for v in vals if v <= hi_lim), default=q3)
        outliers = [v for v in vals if v < lo or v > hi]
        row = dict(zip(keys, key))
        row.update({"__min": vals[0], "__max": vals[-1], "__q1": q1, "__q3": q3,
                    "__median": med, "__lo": lo, "__hi": hi, "__n": len(vals)})
        unit.boxes.append((row, outliers))
        out.append(row)
    d["field"], d["end"] = "__min", "__max"
    d["src"] = d.get("src") or d.get("field")
    unit.rows = out


# -- ticks ---------------------------------------------------------------------
def _tick_step(lo: float, hi: float, count: float) -> float:
    """Return a 1-2-5 step that splits [lo, hi] into about `count` parts."""
    span = hi - lo
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag * (1 + 1e-9):
            return m * mag
    return 10 * mag


def _linear_ticks(lo: float, hi: float, count: float) -> tuple:
    """Return ([tick values], step) for a linear axis."""
    step = _tick_step(lo, hi, count)
    k0 = math.ceil(lo / step - 1e-9)
    k1 = math.floor(hi / step + 1e-9)
    if k1 - k0 > 200:
        return [lo, hi], hi - lo
    return [round(k * step, 12) for k in range(k0, k1 + 1)], step


_TIME_STEPS = [(1000, "s", 1), (5000, "s", 5), (15000, "s", 15), (30000, "s", 30),
               (60000, "m", 1), (300000, "m", 5), (900000, "m", 15), (1800000, "m", 30),
               (3600000, "h", 1), (10800000, "h", 3), (21600000, "h", 6), (43200000, "h", 12),
               (86400000, "d", 1), (172800000, "d", 2), (604800000, "w", 1),
               (2629800000, "M", 1), (7889400000, "M", 3), (31557600000, "y", 1)]
_YEAR_MS = 31557600000


def _time_ticks(lo: float, hi: float, count: float) -> tuple:
    """Return ([tick ms], label format) for a UTC time axis."""
    span = max(hi - lo, 1.0)
    target = span / max(count, 1)
    unit, n = "y", 1
    for ms, u, k in _TIME_STEPS:
        if ms >= target:
            unit, n = u, k
            break
    if unit == "y":
        n = max(1, int(_tick_step(0, span / _YEAR_MS, count)))
    ticks = []
    if unit in ("s", "m", "h"):
        ms = {"s": 1000, "m": 60000, "h": 3600000}[unit] * n
        t = math.ceil(lo / ms) * ms
        while t <= hi and len(ticks) < 60:
            ticks.append(float(t))
            t += ms
        fmt = "%H:%M:%S" if unit == "s" else "%H:%M"
        if span > 86400000 and unit != "s":
            fmt = "%b %d %H:%M"
        return ticks, fmt
    start = _ms_to_dt(lo)
    day = _dt.datetime(start.year, start.month, start.day, tzinfo=_dt.timezone.utc)
    if unit in ("d", "w"):
        if _dt_to_ms(day) < lo:
            day += _dt.timedelta(days=1)
        if unit == "w":
            day += _dt.timedelta(days=(6 - day.weekday()) % 7)       # Sundays
        step = _dt.timedelta(days=7 if unit == "w" else n)
        while _dt_to_ms(day) <= hi and len(ticks) < 60:
            ticks.append(_dt_to_ms(day))
            day += step
        return ticks, "%b %d"
    if unit == "M":
        y, m = start.year, start.month
        if _dt_to_ms(_dt.datetime(y, m, 1)) < lo:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        while (m - 1) % n:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        while len(ticks) < 60:
            t = _dt_to_ms(_dt.datetime(y, m, 1))
            if t > hi:
                break
            ticks.append(t)
            m += n
            while m > 12:
                y, m = y + 1, m - 12
        return ticks, "%b %Y"
    y = start.year if _dt_to_ms(_dt.datetime(start.year, 1, 1)) >= lo else start.year + 1
    y = int(math.ceil(y / n) * n)
    while len(ticks) < 60 and 1 <= y <= 9999:
        t = _dt_to_ms(_dt.datetime(y, 1, 1))
        if t > hi:
            break
        ticks.append(t)
        y += n
    return ticks, "%Y"


# -- scales --------------------------------------------------------------------
class _PosScale:
    """A positional scale: continuous (linear/log/sqrt/time) or discrete (band/point)."""

    def __init__(self, kind: str, domain: list, dtype: str = "quantitative"):
        self.kind = kind
        self.domain = domain
        self.dtype = dtype
        self.fmt = None          # axis.format
        self.tu = None           # timeUnit parts, for labels
        self.percent = False     # normalized stacks label as percentages
        self.padding_inner = CHART_BAR_PADDING
        self.padding_outer = CHART_BAR_PADDING / 2
        self.reverse = False
        self.r0, self.r1 = 0.0, 1.0
        self.step = self.bandwidth = 0.0
        self.index = {_hashable(v): i for i, v in enumerate(domain)} if self.discrete else {}

    @property
    def discrete(self) -> bool:
        """True for band and point scales."""
        return self.kind in ("band", "point")

    def set_range(self, r0: float, r1: float) -> None:
        """Fix the pixel range and derive the step and band width."""
        if self.reverse:
            r0, r1 = r1, r0
        self.r0, self.r1 = r0, r1
        n = len(self.domain)
        span = r1 - r0
        if self.kind == "band":
            pi, po = self.padding_inner, self.padding_outer
            self.step = span / max(n - pi + 2 * po, 1e-9) if n else span
            self.bandwidth = abs(self.step) * (1 - pi)
            self._start = r0 + self.step * po
        elif self.kind == "point":
            self.step = span / (n - 1 + 1.0) if n > 1 else 0.0
            self.bandwidth = 0.0
            self._start = r0 + (self.step * 0.5 if n > 1 else span / 2)
        else:
            lo, hi = self.domain
            self._t = _SCALE_TRANSFORMS.get(self.kind, _SCALE_TRANSFORMS["linear"])
            t0, t1 = self._t(lo), self._t(hi)
            if t0 is None or t1 is None or t1 == t0:
                t0, t1 = 0.0, 1.0
            self._a = r0 - t0 * span / (t1 - t0)
            self._b = span / (t1 - t0)

    def __call__(self, v):
        """Map a data value to pixels (band start for band scales), or None."""
        if self.discrete:
            i = self.index.get(_hashable(v))
            if i is None:
                return None
            pos = self._start + i * self.step
            return min(pos, pos + self.step * (1 - self.padding_inner)) if self.kind == "band" and self.step < 0 else pos
        if v is None:
            return None
        if self.kind == "linear" or self.kind == "time":
            return self._a + self._b * v
        t = self._t(v)
        return None if t is None else self._a + self._b * t

    def center(self, v):
        """Map a value to the middle of its band (or its position)."""
        p = self(v)
        if p is None:
            return None
        return p + self.bandwidth / 2 if self.kind == "band" else p

    def fast(self):
        """Return a plain function for hot loops (linear and time scales)."""
        if self.kind in ("linear", "time"):
            a, b = self._a, self._b
            return lambda v: None if v is None else a + b * v
        return self

    def ticks(self, count: float) -> tuple:
        """Return ([(value, label)], step) for an axis."""
        if self.discrete:
            return [(v, self.label(v, 0)) for v in self.domain], 0
        lo, hi = sorted(self.domain)
        if self.kind == "time":
            vals, fmt = _time_ticks(lo, hi, count)
            fmt = self.fmt or (_time_unit_format(self.tu) if self.tu and len(vals) > 1 and
                               _tu_coarser(self.tu, fmt) else fmt)
            if fmt == "%b %d %H:%M" and not self.fmt:       # dates at midnight, else clock
                return [(v, _fmt_time(v, "%b %d" if v % 86400000 == 0 else "%H:%M"))
                        for v in vals], 0
            return [(v, _fmt_time(v, fmt)) for v in vals], 0
        if self.kind == "log":
            vals = []
            if lo > 0:
                e0, e1 = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
                for e in range(max(e0, -30), min(e1, 30) + 1):
                    for m in ((1,) if e1 - e0 > 3 else (1, 2, 5)):
                        v = m * 10.0 ** e
                        if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9):
                            vals.append(v)
            return [(v, self.label(v, v)) for v in vals], 0
        vals, step = _linear_ticks(lo, hi, count)
        return [(v, self.label(v, step)) for v in vals], step

    def label(self, v, step: float) -> str:
        """Format one axis label."""
        if v is None:
            return "null"
        if self.tu and isinstance(v, (int, float)):
            return _fmt_time(v, self.fmt or _time_unit_format(self.tu))
        if self.dtype == "temporal" and isinstance(v, (int, float)):
            return _fmt_time(v, self.fmt or "%b %d, %Y")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if self.fmt:
                return _fmt_d3(v, self.fmt)
            if self.percent:
                return _fmt_d3(v, ".0%")
            if self.discrete or self.kind == "log":
                return _fmt_d3(v)
            return _fmt_tick(v, step)
        return str(v)


def _tu_coarser(parts: list, fmt: str) -> bool:
    """True when a timeUnit's own label format is a better fit than the tick format."""
    return set(parts) <= {"year", "month", "quarter"} and fmt in ("%b %Y", "%Y")


_SCALE_TRANSFORMS = {
    "linear": lambda v: v,
    "time": lambda v: v,
    "log": lambda v: math.log10(v) if v is not None and v > 0 else None,
    "sqrt": lambda v: None if v is None else math.copysign(math.sqrt(abs(v)), v),
}


def _hex_rgb(c: str) -> tuple:
    """Parse #rgb or #rrggbb (others become mid grey)."""
    c = c.strip().lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return 128, 128, 128


def _interp_colors(stops: list, t: float) -> str:
    """Interpolate along a list of hex colours at t in [0, 1]."""
    if not stops:
        return CHART_PALETTE[0]
    if len(stops) == 1 or t != t:
        return stops[0]
    t = min(1.0, max(0.0, t))
    pos = t * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    f = pos - i
    a, b = _hex_rgb(stops[i]), _hex_rgb(stops[i + 1])
    return "#%02x%02x%02x" % tuple(round(a[k] + (b[k] - a[k]) * f) for k in range(3))


class _ColorScale:
    """A colour scale: categorical (palette) or sequential (ramp)."""

    def __init__(self, kind: str, domain: list, colors: list, dtype: str, tu=None):
        self.kind = kind            # "cat" or "seq"
        self.domain = domain
        self.colors = colors
        self.dtype = dtype
        self.tu = tu
        self.fmt = None
        self.index = {_hashable(v): i for i, v in enumerate(domain)}

    def __call__(self, v) -> str:
        """Map a data value to a colour."""
        if self.kind == "seq":
            lo, hi = self.domain
            x = v if isinstance(v, float) else _chart_num(v)
            if x is None:
                return "#cccccc"
            return _interp_colors(self.colors, (x - lo) / (hi - lo) if hi != lo else 0.5)
        key = _hashable(v)
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.index)
        return self.colors[i % len(self.colors)]

    def label(self, v) -> str:
        """Format a legend label."""
        return _value_label(v, self.dtype, self.tu, self.fmt)


class _NumScale:
    """Map data to a number range: size, opacity, radius (linear or sqrt)."""

    def __init__(self, domain: list, rng: tuple, discrete: bool, dtype: str, sqrt=False, tu=None):
        self.domain, self.rng, self.discrete, self.dtype = domain, rng, discrete, dtype
        self.sqrt = sqrt
        self.tu = tu
        self.fmt = None
        self.index = {_hashable(v): i for i, v in enumerate(domain)} if discrete else {}

    def __call__(self, v):
        """Map a value into the range."""
        r0, r1 = self.rng
        if self.discrete:
            n = len(self.domain)
            i = self.index.get(_hashable(v), 0)
            return r0 + (r1 - r0) * (i / (n - 1) if n > 1 else 1.0)
        x = v if isinstance(v, float) else _chart_num(v)
        if x is None:
            return r0
        lo, hi = self.domain
        t = (x - lo) / (hi - lo) if hi != lo else 1.0
        if self.sqrt:
            t = math.sqrt(max(t, 0.0))
        return r0 + (r1 - r0) * t

    def label(self, v) -> str:
        """Format a legend label."""
        return _value_label(v, self.dtype, self.tu, self.fmt)


class _ShapeScale:
    """Map categories to point shapes."""

    def __init__(self, domain: list, dtype: str, tu=None):
        self.domain, self.dtype, self.tu, self.fmt = domain, dtype, tu, None
        self.index = {_hashable(v): i for i, v in enumerate(domain)}

    def __call__(self, v) -> str:
        """Map a value to a shape name."""
        return _CHART_SHAPES[self.index.get(_hashable(v), 0) % len(_CHART_SHAPES)]

    def label(self, v) -> str:
        """Format a legend label."""
        return _value_label(v, self.dtype, self.tu, self.fmt)


def _value_label(v, dtype: str, tu=None, fmt=None) -> str:
    """Format a data value for legends and tooltips."""
    if v is None:
        return "null"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if tu:
            return _fmt_time(v, fmt or _time_unit_format(tu))
        if dtype == "temporal":
            if fmt:
                return _fmt_time(v, fmt)
            t = _ms_to_dt(v) if abs(v) < 2.5e14 else None
            if t is None:
                return _fmt_d3(v)
            return _fmt_time(v, "%b %d, %Y" if (t.hour, t.minute, t.second) == (0, 0, 0)
                             else "%b %d, %Y %H:%M")
        return _fmt_d3(v, fmt)
    return str(v)


# -- scale building ------------------------------------------------------------
def _defs_for(units: list, chan: str) -> list:
    """Return (unit, def) pairs for a channel across layers."""
    return [(u, u.enc[chan]) for u in units if isinstance(u.enc.get(chan), dict)]


def _sorted_domain(values: list, sort, units: list, chan: str, field: str) -> list:
    """Order a discrete domain by a Vega-Lite `sort` value."""
    uniq, seen = [], set()
    for v in values:
        k = _hashable(v)
        if k not in seen:
            seen.add(k)
            uniq.append(v)
            if len(uniq) > MAX_DISCRETE_VALUES:
                break
    if sort is None:
        return uniq
    if isinstance(sort, list):
        order = {_hashable(v): i for i, v in enumerate(sort)}
        return sorted(uniq, key=lambda v: (order.get(_hashable(v), len(order)), _chart_sort_key(v)))
    desc = False
    by_chan = by_field = None
    op = "sum"
    if isinstance(sort, str):
        if sort in ("ascending", "descending"):
            desc = sort == "descending"
        else:
            desc = sort.startswith("-")
            by_chan = sort.lstrip("-")
    elif isinstance(sort, dict):
        desc = sort.get("order") == "descending"
        by_chan = sort.get("encoding")
        by_field = sort.get("field")
        op = sort.get("op", "sum")
    if by_chan:
        for u in units:
            d = u.enc.get(by_chan)
            if isinstance(d, dict) and d.get("field"):
                by_field = d["field"]
                break
    if by_field:
        sums = {}
        get = _field_getter(by_field)
        for u in units:
            d = u.enc.get(chan)
            if not isinstance(d, dict) or d.get("field") != field:
                continue
            for r in u.rows:
                sums.setdefault(_hashable(r.get(field)), []).append(r.get(by_field, get(r)))
        score = {k: _aggregate(op if op in _AGG_OPS else "sum", vs) for k, vs in sums.items()}
        return sorted(uniq, key=lambda v: (_chart_sort_key(score.get(_hashable(v)))), reverse=desc)
    return sorted(uniq, key=_chart_sort_key, reverse=desc)


def _position_scale(units: list, chan: str, ctx: _ChartCtx) -> _PosScale | None:
    """Build the shared x or y scale of a set of layers."""
    pairs = _defs_for(units, chan)
    pairs = [(u, d) for u, d in pairs if d.get("field") or "datum" in d]
    if not pairs:
        return None
    u0, d0 = next(((u, d) for u, d in pairs if d.get("field")), pairs[0])
    sc = d0.get("scale") if isinstance(d0.get("scale"), dict) else {}
    stype = str(sc.get("type", "")).lower()
    dtype = d0.get("type") or ("quantitative" if isinstance(d0.get("datum"), (int, float)) else "nominal")
    if "datum" in d0 and isinstance(d0.get("datum"), dict):
        dtype = "temporal"
    discrete = dtype in ("nominal", "ordinal") or stype in ("band", "point", "ordinal")
    if d0.get("bin") and dtype in ("ordinal", "nominal"):
        discrete = True
    if discrete:
        values = []
        for u, d in pairs:
            if d.get("field"):
                f = d["field"]
                values.extend(r.get(f) for r in u.rows)
            elif "datum" in d:
                values.append(d["datum"])
        values = [v for v in values if v is not None]
        domain = sc.get("domain") if isinstance(sc.get("domain"), list) else None
        if domain is None:
            sort = d0.get("sort", "ascending")
            domain = _sorted_domain(values, sort, units, chan, d0.get("field"))
        if len(domain) > MAX_DISCRETE_VALUES:
            ctx.note(f"only {MAX_DISCRETE_VALUES} categories are drawn on {chan}")
            domain = domain[:MAX_DISCRETE_VALUES]
        marks = {u.mark for u, _ in pairs}
        kind = "band" if (marks & {"bar", "rect", "boxplot", "tick"} or stype == "band") else "point"
        if stype == "point":
            kind = "point"
        s = _PosScale(kind, domain, dtype)
        if marks <= {"rect"} or d0.get("bin"):
            s.padding_inner, s.padding_outer = 0.0, 0.0
        if isinstance(sc.get("paddingInner", sc.get("padding")), (int, float)):
            s.padding_inner = min(0.9, max(0.0, float(sc.get("paddingInner", sc.get("padding")))))
            s.padding_outer = s.padding_inner / 2
        s.tu = d0.get("tu")
        if d0.get("bin"):
            s.tu = None
    else:
        kind = {"log": "log", "sqrt": "sqrt", "time": "time", "utc": "time", "linear": "linear",
                "pow": "sqrt", "symlog": "linear"}.get(stype)
        if stype and kind is None:
            ctx.note(f'scale type "{stype[:20]}" is drawn as linear')
        if stype in ("symlog",):
            ctx.note('scale type "symlog" is drawn as linear')
        if kind is None:
            kind = "time" if dtype == "temporal" else "linear"
        lo, hi = math.inf, -math.inf
        for u, d in pairs:
            keys = []
            if u.stack and u.stack[0] == chan:
                keys = ["__lo", "__hi"]
            elif d.get("field"):
                keys = [d["field"]] + ([d["end"]] if d.get("end") else [])
                d2 = u.enc.get(chan + "2")
                if isinstance(d2, dict) and d2.get("field"):
                    keys.append(d2["field"])
            if u.mark == "boxplot":
                keys = ["__min", "__max"]
            for k in keys:
                vals = [v for v in builtins.map(dict.get, u.rows, itertools.repeat(k)) if type(v) is float or
                        type(v) is int]
                if kind == "log":
                    vals = [v for v in vals if v > 0]
                if vals:
                    lo, hi = min(lo, min(vals)), max(hi, max(vals))
            if "datum" in d:
                dv = _datetime_obj_ms(d["datum"]) if isinstance(d["datum"], dict) else (
                    _to_ms(d["datum"]) if kind == "time" else _chart_num(d["datum"]))
                if dv is not None:
                    lo, hi = min(lo, dv), max(hi, dv)
            d2 = u.enc.get(chan + "2")
            if isinstance(d2, dict) and "datum" in d2:
                dv = _to_ms(d2["datum"]) if kind == "time" else _chart_num(d2["datum"])
                if dv is not None:
                    lo, hi = min(lo, dv), max(hi, dv)
        if lo > hi:
            lo, hi = (1.0, 10.0) if kind == "log" else (0.0, 1.0)
        given = sc.get("domain")
        binned = bool(d0.get("bin"))
        if binned and d0.get("bin_extent"):
            lo, hi = min(lo, d0["bin_extent"][0]), max(hi, d0["bin_extent"][1])
        if isinstance(given, list) and len(given) == 2:
            conv = _to_ms if kind == "time" else _chart_num
            g0, g1 = conv(given[0]), conv(given[1])
            if g0 is not None and g1 is not None:
                lo, hi = g0, g1
        else:
            if sc.get("domainMin") is not None and _chart_num(sc.get("domainMin")) is not None:
                lo = _chart_num(sc["domainMin"])
            if sc.get("domainMax") is not None and _chart_num(sc.get("domainMax")) is not None:
                hi = _chart_num(sc["domainMax"])
            zero = sc.get("zero", dtype == "quantitative" and not binned and kind != "log")
            if zero and kind != "log" and dtype != "temporal":
                lo, hi = min(lo, 0.0), max(hi, 0.0)
            if lo == hi:
                pad = abs(lo) * 0.1 or 1.0
                lo, hi = (lo - pad, hi + pad) if kind != "log" else (lo / 10, hi * 10)
            stacked_norm = any(u.stack and u.stack[0] == chan and u.stack[1] == "normalize"
                               for u, _ in pairs)
            if stacked_norm:
                lo, hi = min(lo, 0.0), max(hi, 1.0)
            elif sc.get("nice", dtype == "quantitative" and not binned) and kind == "linear":
                step = _tick_step(lo, hi, 5)
                lo, hi = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
            elif kind == "log" and sc.get("nice", True):
                lo, hi = 10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))
        if lo == hi:
            hi = lo + 1
        s = _PosScale(kind, [lo, hi], dtype)
        s.tu = d0.get("tu")
        s.percent = any(u.stack and u.stack[0] == chan and u.stack[1] == "normalize" for u, _ in pairs)
    s.reverse = bool(sc.get("reverse"))
    axis = d0.get("axis")
    if isinstance(axis, dict) and isinstance(axis.get("format"), str):
        s.fmt = axis["format"][:40]
    return s


def _color_scale(units: list, chan: str, ctx: _ChartCtx) -> _ColorScale | None:
    """Build a shared colour scale for color/fill/stroke."""
    pairs = [(u, d) for u, d in _defs_for(units, chan) if d.get("field")]
    if not pairs:
        return None
    d0 = pairs[0][1]
    sc = d0.get("scale") if isinstance(d0.get("scale"), dict) else {}
    if d0.get("scale", {}) is None:
        sc = {}
    dtype = d0.get("type", "nominal")
    rng = sc.get("range")
    scheme = sc.get("scheme")
    if isinstance(scheme, dict):
        scheme = scheme.get("name")
    scheme_colors = _CHART_SCHEMES.get(str(scheme).lower()) if scheme else None
    values = [r.get(d["field"]) for u, d in pairs for r in u.rows]
    values = [v for v in values if v is not None]
    if dtype in ("quantitative", "temporal") and not (d0.get("bin") and dtype != "quantitative"):
        nums = [v for v in values if isinstance(v, (int, float))]
        lo, hi = (min(nums), max(nums)) if nums else (0.0, 1.0)
        if isinstance(sc.get("domain"), list) and len(sc["domain"]) >= 2:
            g = [_chart_num(x) for x in sc["domain"]]
            if None not in g:
                lo, hi = g[0], g[-1]
        stops = [_chart_color(c, "#888888") for c in rng] if isinstance(rng, list) and rng else (
            scheme_colors or CHART_RAMP)
        s = _ColorScale("seq", [lo, hi], stops, dtype, d0.get("tu"))
    else:
        domain = sc.get("domain") if isinstance(sc.get("domain"), list) else None
        if domain is None:
            domain = _sorted_domain(values, d0.get("sort", "ascending"), units, chan, d0["field"])
        if isinstance(rng, list) and rng:
            colors = [_chart_color(c, CHART_PALETTE[i % len(CHART_PALETTE)]) for i, c in enumerate(rng)]
        elif scheme_colors:
            colors = scheme_colors
        elif dtype == "ordinal":
            n = max(len(domain), 1)
            colors = [_interp_colors(CHART_RAMP, 0.25 + 0.75 * (i / (n - 1) if n > 1 else 1.0))
                      for i in range(n)]
        else:
            colors = CHART_PALETTE
        s = _ColorScale("cat", domain, colors, dtype, d0.get("tu"))
    legend = d0.get("legend")
    if isinstance(legend, dict) and isinstance(legend.get("format"), str):
        s.fmt = legend["format"][:40]
    return s


def _num_scale(units: list, chan: str, rng: tuple, sqrt=False) -> _NumScale | None:
    """Build a size/opacity/radius scale."""
    pairs = [(u, d) for u, d in _defs_for(units, chan) if d.get("field")]
    if not pairs:
        return None
    d0 = pairs[0][1]
    sc = d0.get("scale") if isinstance(d0.get("scale"), dict) else {}
    if isinstance(sc.get("range"), list) and len(sc["range"]) >= 2:
        r = [_chart_num(x) for x in sc["range"]]
        if None not in r:
            rng = (r[0], r[-1])
    values = [r.get(d["field"]) for u, d in pairs for r in u.rows]
    values = [v for v in values if v is not None]
    dtype = d0.get("type", "nominal")
    if dtype in ("quantitative", "temporal"):
        nums = [v for v in values if isinstance(v, (int, float))]
        lo, hi = (min(nums), max(nums)) if nums else (0.0, 1.0)
        if sc.get("zero", dtype == "quantitative") and lo > 0:
            lo = 0.0
        return _NumScale([lo, hi], rng, False, dtype, sqrt, d0.get("tu"))
    domain = _sorted_domain(values, d0.get("sort", "ascending"), units, chan, d0["field"])
    return _NumScale(domain, rng, True, dtype, sqrt, d0.get("tu"))


def _build_scales(units: list, ctx: _ChartCtx) -> dict:
    """Build every scale shared by a set of layers (and facet panels)."""
    scales = {}
    for chan in ("x", "y"):
        s = _position_scale(units, chan, ctx)
        if s is not None:
            scales[chan] = s
    for chan in ("color", "fill", "stroke"):
        s = _color_scale(units, chan, ctx)
        if s is not None:
            scales[chan] = s
    marks = {u.mark for u in units}
    size_rng = (1.0, 6.0) if marks <= {"line", "rule"} else (
        (8.0, 24.0) if marks <= {"text"} else (9.0, 361.0))
    if marks <= {"bar"}:
        size_rng = (2.0, 40.0)
    for chan, rng, sq in (("size", size_rng, False), ("opacity", (0.3, 0.8), False),
                          ("fillOpacity", (0.3, 0.8), False), ("strokeOpacity", (0.3, 0.8), False),
                          ("radius", (0.0, 1.0), True)):
        s = _num_scale(units, chan, rng, sq)
        if s is not None:
            scales[chan] = s
    pairs = [(u, d) for u, d in _defs_for(units, "shape") if d.get("field")]
    if pairs:
        d0 = pairs[0][1]
        vals = [r.get(d["field"]) for u, d in pairs for r in u.rows]
        scales["shape"] = _ShapeScale(
            _sorted_domain([v for v in vals if v is not None], d0.get("sort", "ascending"),
                           units, "shape", d0["field"]), d0.get("type", "nominal"), d0.get("tu"))
    for chan in ("xOffset", "yOffset"):
        pairs = [(u, d) for u, d in _defs_for(units, chan) if d.get("field")]
        if pairs:
            d0 = pairs[0][1]
            vals = [r.get(d["field"]) for u, d in pairs for r in u.rows]
            dom = _sorted_domain([v for v in vals if v is not None], d0.get("sort", "ascending"),
                                 units, chan, d0["field"])
            s = _PosScale("band", dom, d0.get("type", "nominal"))
            s.padding_inner, s.padding_outer = 0.05, 0.0
            scales[chan] = s
    return scales


# -- mark helpers --------------------------------------------------------------
def _datum_value(s: _PosScale, datum):
    """Convert a `datum` constant to the scale's value space."""
    if isinstance(datum, dict):
        return _datetime_obj_ms(datum)
    if s.discrete:
        return datum
    return _to_ms(datum) if s.kind == "time" else _chart_num(datum)


def _pos_fn(unit: _ChartUnit, scales: dict, chan: str, length: float, center: bool = True):
    """Return f(row) -> pixel for x or y (band centre when `center`), or None."""
    d = unit.enc.get(chan)
    s = scales.get(chan)
    if not isinstance(d, dict):
        return None
    if "value" in d and not d.get("field"):
        v = d["value"]
        px = length if v in ("width", "height") else (_chart_num(v) or 0.0)
        return lambda r: px
    if s is None:
        return None
    if "datum" in d and not d.get("field"):
        v = _datum_value(s, d["datum"])
        px = s.center(v) if center else s(v)
        return lambda r: px
    f = d.get("field")
    if not f:
        return None
    if unit.stack and unit.stack[0] == chan:
        m = s.fast()
        return lambda r: m(r.get("__hi"))
    off = unit.enc.get(chan + "Offset")
    so = scales.get(chan + "Offset")
    if s.kind == "band" and isinstance(off, dict) and off.get("field") and so is not None:
        so.set_range(0, s.bandwidth)
        of = off["field"]
        half = so.bandwidth / 2 if center else 0.0
        return lambda r: (None if s(r.get(f)) is None or so(r.get(of)) is None
                          else s(r.get(f)) + so(r.get(of)) + half)
    if s.discrete:
        return (lambda r: s.center(r.get(f))) if center else (lambda r: s(r.get(f)))
    if d.get("end") and center and unit.mark not in ("bar", "rect"):
        e = d["end"]
        return lambda r: (None if r.get(f) is None or r.get(e) is None
                          else (s(r[f]) + s(r[e])) / 2)
    m = s.fast()
    return lambda r: m(r.get(f))


def _visual_fn(unit: _ChartUnit, scales: dict, chan: str, default):
    """Return f(row) -> visual value (colour, size, opacity, shape) for a channel."""
    d = unit.enc.get(chan)
    if not isinstance(d, dict):
        return lambda r: default
    if d.get("field") and scales.get(chan) is not None:
        s, f = scales[chan], d["field"]
        base = lambda r: s(r.get(f))
    elif "value" in d:
        v = d["value"]
        if chan in ("color", "fill", "stroke"):
            v = _chart_color(v, default) if v is not None else "none"
        elif chan != "shape":
            v = _chart_num(v) if _chart_num(v) is not None else default
        base = lambda r: v
    else:
        base = lambda r: default
    test = d.get("_test")
    if test:
        fn, branch = test
        if "value" in branch:
            bv = branch["value"]
            if chan in ("color", "fill", "stroke"):
                bv = _chart_color(bv, default) if bv is not None else "none"
            elif chan != "shape":
                bv = _chart_num(bv) if _chart_num(bv) is not None else default
            return lambda r: bv if fn(r) else base(r)
    return base


def _fill_fn(unit: _ChartUnit, scales: dict):
    """Return the colour function of a mark (fill, then stroke, then color channel)."""
    p = unit.props
    default = _chart_color(p.get("color") or p.get("fill") or p.get("stroke"), CHART_PALETTE[0])
    for chan in ("fill", "stroke", "color"):
        if isinstance(unit.enc.get(chan), dict):
            return _visual_fn(unit, scales, chan, default)
    return lambda r: default


def _tooltip_fn(unit: _ChartUnit, scales: dict):
    """Return f(row) -> tooltip text (or None) from the tooltip or encoded channels."""
    if unit.props.get("tooltip") is False or (
            "tooltip" in unit.props and unit.props.get("tooltip") is None):
        return lambda r: None
    if "tooltip" in unit.enc:
        defs = [d for d in unit.enc["tooltip"] if d.get("field")]
    else:
        defs = []
        seen = set()
        for ch in ("x", "x2", "y", "y2", "theta", "color", "fill", "stroke", "size", "shape",
                   "opacity", "text", "xOffset", "yOffset", "radius"):
            d = unit.enc.get(ch)
            if isinstance(d, dict) and d.get("field") and d["field"] not in seen:
                seen.add(d["field"])
                defs.append(d)
    if not defs:
        return lambda r: None
    items = []
    for d in defs:
        title = _title_of(d)
        title = d.get("src") or d.get("field") if title is None else title
        fmt = d.get("format") if isinstance(d.get("format"), str) else None
        items.append((str(title).strip() or str(d.get("src") or ""), d["field"], d.get("type"),
                      d.get("tu"), fmt))

    def tip(r):
        lines = []
        for title, f, dtype, tu, fmt in items:
            v = r.get(f)
            label = _value_label(v, dtype or "nominal", tu, fmt)
            lines.append(f"{title}: {label}" if title else label)
        return "\n".join(lines)
    return tip


_INTERNAL_KEYS = frozenset({"__lo", "__hi", "__min", "__max", "__q1", "__q3", "__median", "__n"})


def _pt_attrs(ctx: _ChartCtx, row: dict) -> str:
    """Return the selection attributes of a drawn datum (empty when not selectable)."""
    if not ctx.selectable:
        return ""
    idx = len(ctx.points)
    ctx.points.append({k: v for k, v in row.items() if k not in _INTERNAL_KEYS})
    return f' class="sg-pt" data-sg-pt="{idx}"'


def _mark_budget(ctx: _ChartCtx) -> bool:
    """Count one drawn element; False once the view's element budget is spent."""
    ctx.elements += 1
    if ctx.elements > MAX_MARK_ELEMENTS:
        ctx.note(f"only {MAX_MARK_ELEMENTS:,} marks are drawn")
        return False
    return True


def _title_tag(text) -> str:
    """Return an SVG <title> child for a tooltip (empty for no text)."""
    return f"<title>{_escape(text)}</title>" if text else ""


def _opacity_attr(op) -> str:
    """Return an opacity attribute unless fully opaque."""
    return "" if op is None or op >= 1 else f' fill-opacity="{op:.2f}"'


# -- bars and rects ------------------------------------------------------------
def _bar_orient(unit: _ChartUnit, scales: dict) -> str | None:
    """Return the measure channel of a bar ('x' or 'y'), or None for cell-like rects."""
    if unit.mark == "rect":
        return None
    if unit.stack:
        return unit.stack[0]
    enc = unit.enc
    xs, ys = scales.get("x"), scales.get("y")
    xd, yd = enc.get("x"), enc.get("y")
    xc = xs is not None and not xs.discrete and isinstance(xd, dict) and not enc.get("x2")
    yc = ys is not None and not ys.discrete and isinstance(yd, dict) and not enc.get("y2")
    if yc and not xc:
        return "y" if not (isinstance(yd, dict) and yd.get("end")) else None
    if xc and not yc:
        return "x" if not (isinstance(xd, dict) and xd.get("end")) else None
    if xc and yc:
        if xd.get("end") or xd.get("type") == "temporal" or yd.get("aggregate"):
            return "y"
        if yd.get("end") or yd.get("type") == "temporal" or xd.get("aggregate"):
            return "x"
        return "y"
    return None


def _span_fn(unit: _ChartUnit, scales: dict, chan: str, length: float, measure: bool):
    """Return f(row) -> (a, b) pixel extent of a bar/rect along one axis."""
    enc = unit.enc
    d, s = enc.get(chan), scales.get(chan)
    full = (0.0, length)
    if not isinstance(d, dict) or s is None:
        if isinstance(d, dict) and "value" in d:
            v = _chart_num(d["value"]) or 0.0
            return lambda r: (v, length if chan == "y" else 0.0)
        return lambda r: full
    f = d.get("field")
    if unit.stack and unit.stack[0] == chan:
        m = s.fast()
        return lambda r: (m(r.get("__lo")), m(r.get("__hi")))
    d2 = enc.get(chan + "2")
    if isinstance(d2, dict) and (d2.get("field") or "datum" in d2 or "value" in d2):
        g1 = _pos_fn(unit, scales, chan, length, center=False)
        if d2.get("field"):
            f2 = d2["field"]
            g2 = lambda r: s(r.get(f2)) if not s.discrete else s.center(r.get(f2))
        elif "datum" in d2:
            v2 = s(_datum_value(s, d2["datum"]))
            g2 = lambda r: v2
        else:
            v2 = _chart_num(d2["value"]) or 0.0
            g2 = lambda r: v2
        if g1 is None:
            return lambda r: full
        return lambda r: (g1(r), g2(r))
    if s.kind == "band":
        off = enc.get(chan + "Offset")
        so = scales.get(chan + "Offset")
        size = _chart_num(unit.props.get("width" if chan == "x" else "height")) if not isinstance(
            unit.props.get("width" if chan == "x" else "height"), dict) else None
        if isinstance(off, dict) and off.get("field") and so is not None:
            so.set_range(0, s.bandwidth)
            of, bw = off["field"], so.bandwidth
            return lambda r: (None if s(r.get(f)) is None or so(r.get(of)) is None else
                              (s(r.get(f)) + so(r.get(of)), s(r.get(f)) + so(r.get(of)) + bw))
        bw = s.bandwidth if size is None else min(size, s.bandwidth)
        inset = (s.bandwidth - bw) / 2
        if "datum" in d and not f:
            p = s(_datum_value(s, d["datum"]))
            return lambda r: (p + inset, p + inset + bw) if p is not None else None
        return lambda r: (None if s(r.get(f)) is None else (s(r.get(f)) + inset, s(r.get(f)) + inset + bw))
    m = s.fast()
    if d.get("end"):
        e = d["end"]
        gap = 0.5 if chan == "x" else -0.5
        return lambda r: (None if r.get(f) is None or r.get(e) is None
                          else (m(r[f]) + gap, m(r[e]) - gap))
    if measure:
        lo, hi = s.domain
        base = s(0.0) if lo <= 0 <= hi and s.kind != "log" else s(lo)
        if "datum" in d and not f:
            p = s(_datum_value(s, d["datum"]))
            return lambda r: (base, p)
        return lambda r: (base, m(r.get(f)))
    vals = sorted({r.get(f) for r in unit.rows if isinstance(r.get(f), float)})
    gaps = [abs(m(b) - m(a)) for a, b in zip(vals, vals[1:])]
    w = min(gaps) * 0.8 if gaps else length * 0.1
    w = max(1.0, min(w, 40.0, length / max(len(vals), 1)))
    sz = _chart_num(unit.props.get("width" if chan == "x" else "height")) if not isinstance(
        unit.props.get("width" if chan == "x" else "height"), dict) else None
    w = sz or w
    return lambda r: (None if r.get(f) is None else (m(r[f]) - w / 2, m(r[f]) + w / 2))


def _draw_bars(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw bar and rect marks (vertical, horizontal, ranged, heatmap cells)."""
    measure = _bar_orient(unit, scales)
    fx = _span_fn(unit, scales, "x", pw, measure == "x")
    fy = _span_fn(unit, scales, "y", ph, measure == "y")
    color = _fill_fn(unit, scales)
    opac = _visual_fn(unit, scales, "opacity", _chart_num(unit.props.get("opacity")))
    tip = _tooltip_fn(unit, scales)
    corner = _chart_num(unit.props.get("cornerRadius")) or 0
    stroke = unit.props.get("stroke")
    sattr = f' stroke="{_escape(_chart_color(stroke))}"' if isinstance(stroke, str) else ""
    for r in unit.rows:
        xa = fx(r)
        ya = fy(r)
        if xa is None or ya is None or None in xa or None in ya:
            continue
        if not _mark_budget(ctx):
            return
        x0, x1 = min(xa), max(xa)
        y0, y1 = min(ya), max(ya)
        rx = f' rx="{_px(corner)}"' if corner else ""
        out.append(f'<rect x="{_px(x0)}" y="{_px(y0)}" width="{_px(max(x1 - x0, 0.0))}" '
                   f'height="{_px(max(y1 - y0, 0.0))}" fill="{_escape(color(r))}"{sattr}{rx}'
                   f'{_opacity_attr(opac(r))}{_pt_attrs(ctx, r)}>{_title_tag(tip(r))}</rect>')


# -- lines and areas -----------------------------------------------------------
def lttb(xs: list, ys: list, n: int) -> list:
    """Thin a series to about n points (Largest-Triangle-Three-Buckets), keeping extremes.

    Returns sorted indices: always the first and last, the LTTB pick of every bucket,
    and each bucket's minimum and maximum y so that peaks survive the thinning.
    """
    size = len(xs)
    if n >= size or size <= 2:
        return list(range(size))
    n = max(n, 3)
    keep = [0]
    every = (size - 2) / (n - 2)
    a = 0
    for i in range(n - 2):
        start = int(math.floor(i * every)) + 1
        end = min(int(math.floor((i + 1) * every)) + 1, size - 1)
        if end <= start:
            continue
        nstart = end
        nend = min(int(math.floor((i + 2) * every)) + 1, size)
        if nend <= nstart:
            avg_x, avg_y = xs[size - 1], ys[size - 1]
        else:
            cnt = nend - nstart
            avg_x = sum(xs[nstart:nend]) / cnt
            avg_y = sum(ys[nstart:nend]) / cnt
        ax, ay = xs[a], ys[a]
        best, best_area = start, -1.0
        lo_i = hi_i = start
        for j in range(start, end):
            yj = ys[j]
            area = abs((ax - avg_x) * (yj - ay) - (ax - xs[j]) * (avg_y - ay))
            if area > best_area:
                best, best_area = j, area
            if yj < ys[lo_i]:
                lo_i = j
            if yj > ys[hi_i]:
                hi_i = j
        keep.extend({best, lo_i, hi_i})
        a = best
    keep.append(size - 1)
    return sorted(set(keep))


def _series_key_fn(unit: _ChartUnit):
    """Return f(row) -> series key from the grouping channels (None: a single series)."""
    fields = []
    for ch in ("color", "fill", "stroke", "detail", "opacity", "size", "shape"):
        for d in (unit.enc.get(ch) if isinstance(unit.enc.get(ch), list) else [unit.enc.get(ch)]):
            if isinstance(d, dict) and d.get("field"):
                fields.append(d["field"])
    if not fields:
        return None
    if len(fields) == 1:
        f = fields[0]
        return lambda r: (_hashable(r.get(f)),)
    return lambda r: tuple(_hashable(r.get(f)) for f in fields)


def _pos_list(unit: _ChartUnit, scales: dict, chan: str, rows: list, fn) -> list:
    """Return the pixel positions of all rows on one channel (fast for plain fields)."""
    d, s = unit.enc.get(chan), scales.get(chan)
    if (isinstance(d, dict) and d.get("field") and s is not None and s.kind in ("linear", "time")
            and not (unit.stack and unit.stack[0] == chan) and not d.get("end")):
        a, b = s._a, s._b
        return [None if v is None else a + b * v for v in builtins.map(dict.get, rows, itertools.repeat(d["field"]))]
    return [fn(r) for r in rows]


def _svg_path(points: list) -> str:
    """Return an SVG path 'M..L..' through pixel points."""
    return "M" + "L".join(f"{_px(x)},{_px(y)}" for x, y in points)


#: mark.interpolate values drawn as steps; the others (monotone, basis, cardinal, ...)
#: are drawn as straight segments through the same points. "step-vhv" is this
#: renderer's own name for Plotly's line.shape "vhv", which Vega-Lite lacks.
_STEP_INTERPOLATIONS = ("step", "step-after", "step-before", "step-vhv")


def _step_points(pts: list, how: str) -> list:
    """Insert the corners of a step curve between points (a, b, base) sorted along a."""
    if how not in _STEP_INTERPOLATIONS or len(pts) < 2:
        return [p[:3] for p in pts]
    out = [pts[0][:3]]
    for (a0, b0, c0, *_r0), (a1, b1, c1, *_r1) in zip(pts, pts[1:]):
        if how == "step-after":              # along at the old value, then up or down
            out.append((a1, b0, c0))
        elif how == "step-before":           # up or down first, then along
            out.append((a0, b1, c1))
        elif how == "step":                  # the change happens halfway along
            m = (a0 + a1) / 2
            out.extend(((m, b0, c0), (m, b1, c1)))
        else:                                # step-vhv: along at the halfway value
            mb = (b0 + b1) / 2
            mc = None if c0 is None or c1 is None else (c0 + c1) / 2
            out.extend(((a0, mb, mc), (a1, mb, mc)))
        out.append((a1, b1, c1))
    return out


def _draw_lines(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw line and area marks, one path per series, thinned to the plot width."""
    horizontal = bool(scales.get("y") and scales["y"].discrete and scales.get("x")
                      and not scales["x"].discrete)
    ca, cb = ("y", "x") if horizontal else ("x", "y")
    la, lb = (ph, pw) if horizontal else (pw, ph)
    fa = _pos_fn(unit, scales, ca, la)
    fb = _pos_fn(unit, scales, cb, lb)
    if fa is None and fb is None:
        return
    if fa is None:
        fa = lambda r: la / 2
    if fb is None:
        fb = lambda r: lb / 2
    sb = scales.get(cb)
    area = unit.mark == "area"
    base_fn = None
    if area:
        if unit.stack and unit.stack[0] == cb:
            m = sb.fast()
            base_fn = lambda r: m(r.get("__lo"))
        elif isinstance(unit.enc.get(cb + "2"), dict) and sb is not None:
            g = _span_fn(unit, scales, cb, lb, False)
            base_fn = lambda r: (g(r) or (None, None))[1]
        else:
            lo, hi = sb.domain if sb is not None and not sb.discrete else (0, 0)
            basepx = (sb(0.0) if lo <= 0 <= hi else sb(lo)) if sb is not None and not sb.discrete \
                else (lb if not horizontal else 0.0)
            base_fn = lambda r: basepx
    key = _series_key_fn(unit)
    color = _fill_fn(unit, scales)
    opac = _visual_fn(unit, scales, "opacity", _chart_num(unit.props.get("opacity")))
    width_fn = _visual_fn(unit, scales, "size", _chart_num(unit.props.get("strokeWidth")) or 2.0)
    order = unit.enc.get("order")
    interpolate = str(unit.props.get("interpolate") or "linear")
    series = {}
    first = {}
    rows = unit.rows
    pa = _pos_list(unit, scales, ca, rows, fa)
    pb = _pos_list(unit, scales, cb, rows, fb)
    pbase = [base_fn(r) for r in rows] if base_fn else itertools.repeat(None)
    keys = [key(r) for r in rows] if key is not None else itertools.repeat(())
    for a, b, c, k, r in zip(pa, pb, pbase, keys, rows):
        if a is None or b is None:
            continue
        if k not in series:
            series[k] = []
            first[k] = r
        series[k].append((a, b, c, r))
    budget = max(3, int(la / 2))
    dash = unit.props.get("strokeDash")
    dash_attr = ""
    if isinstance(dash, list) and all(isinstance(x, (int, float)) for x in dash[:8]):
        dash_attr = f' stroke-dasharray="{" ".join(_px(x) for x in dash[:8])}"'
    for k, pts in series.items():
        if isinstance(order, dict) and order.get("field"):
            of = order["field"]
            pts.sort(key=lambda p: _chart_sort_key(p[3].get(of)), reverse=order.get("sort") == "descending")
        elif any(pts[i][0] > pts[i + 1][0] for i in range(len(pts) - 1)):
            pts.sort(key=lambda p: p[0])
        if len(pts) > la and len(pts) > 3:
            idx = lttb([p[0] for p in pts], [p[1] for p in pts], budget)
            pts = [pts[i] for i in idx]
        r0 = first[k]
        c = _escape(color(r0))
        name = _escape(", ".join(_value_label(v, "nominal") for v in k)) if k else ""
        op = opac(r0)
        swap = (lambda p: (p[1], p[0])) if horizontal else (lambda p: (p[0], p[1]))
        curve = _step_points(pts, interpolate)
        top = [swap(p) for p in curve]
        if not _mark_budget(ctx):
            return
        if area:
            bottom = [swap((p[0], p[2])) for p in reversed(curve) if p[2] is not None]
            bottom = [q for i, q in enumerate(bottom) if i == 0 or q != bottom[i - 1]]
            fo = op if op is not None else 1.0
            out.append(f'<path d="{_svg_path(top + bottom)}Z" fill="{c}" fill-opacity="{fo:.2f}"'
                       f' stroke="none">{_title_tag(name)}</path>')
            if unit.props.get("line"):
                out.append(f'<path d="{_svg_path(top)}" fill="none" stroke="{c}" stroke-width="1.5"/>')
        else:
            sw = width_fn(r0)
            oa = "" if op is None else f' stroke-opacity="{op:.2f}"'
            out.append(f'<path d="{_svg_path(top)}" fill="none" stroke="{c}" stroke-width="{_px(sw)}"'
                       f' stroke-linejoin="round" stroke-linecap="round"{oa}{dash_attr}>'
                       f'{_title_tag(name)}</path>')
        if unit.props.get("point") and len(pts) <= MAX_POINT_MARKS:
            tip = _tooltip_fn(unit, scales)
            for p in pts:
                x, y = swap(p)
                out.append(f'<circle cx="{_px(x)}" cy="{_px(y)}" r="3" fill="{c}"{_pt_attrs(ctx, p[3])}>'
                           f'{_title_tag(tip(p[3]))}</circle>')


# -- points --------------------------------------------------------------------
def _svg_symbol(shape: str, x: float, y: float, size: float, attrs: str, inner: str = "") -> str:
    """Return an SVG element for a point symbol of the given area (px^2)."""
    if shape == "circle" or shape not in _CHART_SHAPES and shape != "stroke":
        r = math.sqrt(max(size, 0.0) / math.pi)
        return f'<circle cx="{_px(x)}" cy="{_px(y)}" r="{_px(r) if r >= 0.1 else "0.1"}"{attrs}>{inner}</circle>'
    h = math.sqrt(max(size, 0.0)) / 2
    if shape == "square":
        return (f'<rect x="{_px(x - h)}" y="{_px(y - h)}" width="{_px(2 * h)}" height="{_px(2 * h)}"'
                f'{attrs}>{inner}</rect>')
    t = h * 1.2
    pts = {
        "triangle-up": [(x, y - t), (x + t, y + t), (x - t, y + t)],
        "triangle-down": [(x, y + t), (x + t, y - t), (x - t, y - t)],
        "triangle-right": [(x + t, y), (x - t, y - t), (x - t, y + t)],
        "triangle-left": [(x - t, y), (x + t, y - t), (x + t, y + t)],
        "diamond": [(x, y - t), (x + t, y), (x, y + t), (x - t, y)],
        "cross": [(x - h / 3, y - h), (x + h / 3, y - h), (x + h / 3, y - h / 3), (x + h, y - h / 3),
                  (x + h, y + h / 3), (x + h / 3, y + h / 3), (x + h / 3, y + h), (x - h / 3, y + h),
                  (x - h / 3, y + h / 3), (x - h, y + h / 3), (x - h, y - h / 3), (x - h / 3, y - h / 3)],
    }[shape]
    return f'<path d="{_svg_path(pts)}Z"{attrs}>{inner}</path>'


def _draw_points(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw point/circle/square marks; very many points become a density grid."""
    fx = _pos_fn(unit, scales, "x", pw) or (lambda r: pw / 2)
    fy = _pos_fn(unit, scales, "y", ph) or (lambda r: ph / 2)
    color = _fill_fn(unit, scales)
    p = unit.props
    default_size = _chart_num(p.get("size")) or CHART_POINT_SIZE
    size = _visual_fn(unit, scales, "size", default_size)
    default_shape = {"circle": "circle", "square": "square"}.get(unit.mark, p.get("shape", "circle"))
    shape = _visual_fn(unit, scales, "shape", default_shape if isinstance(default_shape, str) else "circle")
    filled = p.get("filled", unit.mark != "point")
    opac = _visual_fn(unit, scales, "opacity", _chart_num(p.get("opacity")) if p.get("opacity") is not None else 0.7)
    tip = _tooltip_fn(unit, scales)
    rows = unit.rows
    if len(rows) > MAX_POINT_MARKS:
        _draw_density(rows, fx, fy, color, pw, ph, out)
        return
    for r in rows:
        x, y = fx(r), fy(r)
        if x is None or y is None:
            continue
        if not _mark_budget(ctx):
            return
        c = _escape(color(r))
        op = opac(r)
        if filled:
            attrs = f' fill="{c}"' + ("" if op is None or op >= 1 else f' fill-opacity="{op:.2f}"')
        else:
            attrs = f' fill="none" stroke="{c}" stroke-width="1.5"' + (
                "" if op is None or op >= 1 else f' stroke-opacity="{op:.2f}"')
        out.append(_svg_symbol(str(shape(r)), x, y, size(r), attrs + _pt_attrs(ctx, r), _title_tag(tip(r))))


def _draw_density(rows: list, fx, fy, color, pw: float, ph: float, out: list) -> None:
    """Bin many points into a pixel grid, one rect per occupied cell, opacity by count."""
    c = max(DENSITY_CELL_PX, int(math.ceil(math.sqrt(pw * ph / DENSITY_MAX_CELLS))))
    cells = {}
    for r in rows:
        x, y = fx(r), fy(r)
        if x is None or y is None:
            continue
        k = (int(x // c), int(y // c), color(r))
        cells[k] = cells.get(k, 0) + 1
    if not cells:
        return
    top = math.log1p(max(cells.values()))
    levels = {}
    for (i, j, col), n in cells.items():
        lv = min(DENSITY_LEVELS - 1, int((math.log1p(n) / top if top else 1.0) * DENSITY_LEVELS))
        levels.setdefault((col, lv), []).append((j, i))
    for (col, lv), cs in sorted(levels.items(), key=lambda kv: kv[0][1]):
        cs.sort()
        runs, k = [], 0
        while k < len(cs):                     # merge horizontal runs of cells
            j, i = cs[k]
            n = 1
            while k + n < len(cs) and cs[k + n] == (j, i + n):
                n += 1
            runs.append(f"M{i * c} {j * c}h{n * c}v{c}h-{n * c}z")
            k += n
        op = 0.25 + 0.75 * (lv + 1) / DENSITY_LEVELS
        out.append(f'<path d="{"".join(runs)}" fill="{_escape(col)}" fill-opacity="{op:.2f}" '
                   f'class="sg-density"><title>{len(cs)} cells of binned points</title></path>')


# -- rules, ticks, text --------------------------------------------------------
def _draw_rules(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw rule marks (reference lines and segments)."""
    enc = unit.enc
    fx, fy = _pos_fn(unit, scales, "x", pw), _pos_fn(unit, scales, "y", ph)
    fx2 = _pos_fn(_ChartUnit(unit.mark, unit.props, {"x": enc["x2"]} if isinstance(enc.get("x2"), dict) else {},
                        unit.rows), scales, "x", pw)
    fy2 = _pos_fn(_ChartUnit(unit.mark, unit.props, {"y": enc["y2"]} if isinstance(enc.get("y2"), dict) else {},
                        unit.rows), scales, "y", ph)
    if unit.stack:
        s = scales[unit.stack[0]]
        if unit.stack[0] == "y":
            fy, fy2 = (lambda r: s(r.get("__hi"))), (lambda r: s(r.get("__lo")))
        else:
            fx, fx2 = (lambda r: s(r.get("__hi"))), (lambda r: s(r.get("__lo")))
    color = _fill_fn(unit, scales)
    sw = _chart_num(unit.props.get("strokeWidth")) or 1.0
    size = _visual_fn(unit, scales, "size", sw)
    opac = _visual_fn(unit, scales, "opacity", _chart_num(unit.props.get("opacity")))
    tip = _tooltip_fn(unit, scales)
    dash = unit.props.get("strokeDash")
    dash_attr = ""
    if isinstance(dash, list) and all(isinstance(x, (int, float)) for x in dash[:8]):
        dash_attr = f' stroke-dasharray="{" ".join(_px(x) for x in dash[:8])}"'
    rows = unit.rows if any(isinstance(enc.get(c), dict) and enc[c].get("field") for c in enc) else unit.rows[:1] or [{}]
    for r in rows:
        if fx and fy:
            x1, y1 = fx(r), fy(r)
            x2 = fx2(r) if fx2 else x1
            y2 = fy2(r) if fy2 else (y1 if fx2 else ph)
        elif fy:
            y1 = y2 = fy(r)
            x1, x2 = (0.0, pw) if not fy2 else (0.0, pw)
            if fy2:
                y2 = fy2(r)
                x1 = x2 = pw / 2
        elif fx:
            x1 = x2 = fx(r)
            y1, y2 = 0.0, ph
            if fx2:
                x2 = fx2(r)
                y1 = y2 = ph / 2
        else:
            return
        if None in (x1, x2, y1, y2):
            continue
        if not _mark_budget(ctx):
            return
        op = opac(r)
        oa = "" if op is None else f' stroke-opacity="{op:.2f}"'
        out.append(f'<line x1="{_px(x1)}" y1="{_px(y1)}" x2="{_px(x2)}" y2="{_px(y2)}" '
                   f'stroke="{_escape(color(r))}" stroke-width="{_px(size(r))}"{oa}{dash_attr}'
                   f'{_pt_attrs(ctx, r) if r else ""}>{_title_tag(tip(r))}</line>')


def _draw_ticks(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw tick marks: short lines across a band or a strip."""
    xs, ys = scales.get("x"), scales.get("y")
    vertical = not (ys is not None and not ys.discrete and (xs is None or xs.discrete))
    fx, fy = _pos_fn(unit, scales, "x", pw), _pos_fn(unit, scales, "y", ph)
    color = _fill_fn(unit, scales)
    tip = _tooltip_fn(unit, scales)
    thick = _chart_num(unit.props.get("thickness")) or 1.0
    op = _chart_num(unit.props.get("opacity"))
    oa = "" if op is None else f' stroke-opacity="{op:.2f}"'
    if vertical:
        band = ys.bandwidth if ys is not None and ys.discrete else 18.0
    else:
        band = xs.bandwidth if xs is not None and xs.discrete else 18.0
    half = (_chart_num(unit.props.get("size")) or band * 0.75) / 2
    for r in unit.rows:
        x = fx(r) if fx else pw / 2
        y = fy(r) if fy else ph / 2
        if x is None or y is None:
            continue
        if not _mark_budget(ctx):
            return
        if vertical:
            seg = (x, y - half, x, y + half)
        else:
            seg = (x - half, y, x + half, y)
        out.append(f'<line x1="{_px(seg[0])}" y1="{_px(seg[1])}" x2="{_px(seg[2])}" y2="{_px(seg[3])}" '
                   f'stroke="{_escape(color(r))}" stroke-width="{_px(thick)}"{oa}{_pt_attrs(ctx, r)}>'
                   f'{_title_tag(tip(r))}</line>')


def _text_of(unit: _ChartUnit, r: dict) -> str:
    """Return the label text a text mark shows for a row."""
    d = unit.enc.get("text")
    if isinstance(d, dict):
        if d.get("field"):
            fmt = d.get("format") if isinstance(d.get("format"), str) else None
            return _value_label(r.get(d["field"]), d.get("type") or "nominal", d.get("tu"), fmt)
        if "value" in d:
            v = d["value"]
            return " ".join(builtins.map(str, v)) if isinstance(v, list) else str(v)
    t = unit.props.get("text", "")
    return " ".join(builtins.map(str, t)) if isinstance(t, list) else str(t)


def _draw_text(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list,
               polar=None) -> None:
    """Draw text marks (labels at x/y, or around a pie when theta is encoded)."""
    p = unit.props
    fx = _pos_fn(unit, scales, "x", pw) or (lambda r: pw / 2)
    fy = _pos_fn(unit, scales, "y", ph) or (lambda r: ph / 2)
    color = _visual_fn(unit, scales, "color", _chart_color(p.get("color") or p.get("fill"), ""))
    size = _visual_fn(unit, scales, "size", _chart_num(p.get("fontSize")) or 11.0)
    anchor = {"left": "start", "right": "end", "center": "middle"}.get(p.get("align"), "middle")
    baseline = p.get("baseline", "middle")
    dy_base = {"middle": 0.35, "top": 0.8, "bottom": 0.0, "alphabetic": 0.0}.get(baseline, 0.35)
    dx, dy = _chart_num(p.get("dx")) or 0.0, _chart_num(p.get("dy")) or 0.0
    angle = _chart_num(p.get("angle")) or 0.0
    weight = ' font-weight="bold"' if p.get("fontWeight") in ("bold", 700, "700") else ""
    tip = _tooltip_fn(unit, scales)
    for r in unit.rows:
        if polar is not None:
            pos = polar(r)
            if pos is None:
                continue
            x, y = pos
        else:
            x, y = fx(r), fy(r)
        if x is None or y is None:
            continue
        if not _mark_budget(ctx):
            return
        fs = size(r)
        c = color(r)
        style = f' style="fill:{_escape(c)}"' if c else ""
        tx, ty = x + dx, y + dy + fs * dy_base
        rot = f' transform="rotate({_px(angle)} {_px(tx)} {_px(ty)})"' if angle else ""
        out.append(f'<text x="{_px(tx)}" y="{_px(ty)}" text-anchor="{anchor}" font-size="{_px(fs)}"'
                   f'{weight}{style}{rot}{_pt_attrs(ctx, r)}>{_escape(_text_of(unit, r)[:200])}'
                   f'{_title_tag(tip(r))}</text>')


# -- arcs ----------------------------------------------------------------------
def _arc_geometry(unit: _ChartUnit, scales: dict, pw: float, ph: float):
    """Return f(row) -> (cx, cy, r_in, r_out, a0, a1) for arc and polar text marks."""
    p = unit.props
    cx, cy = pw / 2, ph / 2
    outer = min(pw, ph) / 2 - 4
    r_out = _chart_num(p.get("outerRadius")) or (_chart_num(p.get("radius")) if unit.mark == "arc" else None) or outer
    r_in = _chart_num(p.get("innerRadius")) or 0.0
    rs = scales.get("radius")
    rd = unit.enc.get("radius")
    rfield = rd.get("field") if isinstance(rd, dict) else None
    rows = unit.rows
    if unit.stack and unit.stack[0] == "theta":
        total = max((r.get("__hi") or 0.0 for r in rows), default=0.0) or 1.0

        def angles(r):
            lo, hi = r.get("__lo"), r.get("__hi")
            if lo is None or hi is None:
                return None
            return lo / total * 2 * math.pi, hi / total * 2 * math.pi
    else:
        n = max(len(rows), 1)
        index = {id(r): i for i, r in enumerate(rows)}

        def angles(r):
            i = index.get(id(r), 0)
            return i / n * 2 * math.pi, (i + 1) / n * 2 * math.pi

    def geom(r):
        a = angles(r)
        if a is None:
            return None
        ro = r_out
        if rfield and rs is not None:
            ro = r_in + (outer - r_in) * rs(r.get(rfield))
        return cx, cy, r_in, ro, a[0], a[1]
    return geom


def _arc_path(cx, cy, r0, r1, a0, a1) -> str:
    """Return an SVG path for an annular sector (angles clockwise from 12 o'clock)."""
    def pt(r, a):
        return cx + r * math.sin(a), cy - r * math.cos(a)
    sweep = a1 - a0
    if sweep >= 2 * math.pi - 1e-9:
        am = a0 + math.pi
        (x0, y0), (xm, ym) = pt(r1, a0), pt(r1, am)
        d = (f"M{_px(x0)},{_px(y0)}A{_px(r1)},{_px(r1)} 0 1 1 {_px(xm)},{_px(ym)}"
             f"A{_px(r1)},{_px(r1)} 0 1 1 {_px(x0)},{_px(y0)}Z")
        if r0 > 0:
            (i0, j0), (im, jm) = pt(r0, a0), pt(r0, am)
            d += (f"M{_px(i0)},{_px(j0)}A{_px(r0)},{_px(r0)} 0 1 0 {_px(im)},{_px(jm)}"
                  f"A{_px(r0)},{_px(r0)} 0 1 0 {_px(i0)},{_px(j0)}Z")
        return d
    large = 1 if sweep > math.pi else 0
    (x0, y0), (x1, y1) = pt(r1, a0), pt(r1, a1)
    if r0 <= 0:
        return (f"M{_px(cx)},{_px(cy)}L{_px(x0)},{_px(y0)}A{_px(r1)},{_px(r1)} 0 {large} 1 "
                f"{_px(x1)},{_px(y1)}Z")
    (i1, j1), (i0, j0) = pt(r0, a1), pt(r0, a0)
    return (f"M{_px(x0)},{_px(y0)}A{_px(r1)},{_px(r1)} 0 {large} 1 {_px(x1)},{_px(y1)}"
            f"L{_px(i1)},{_px(j1)}A{_px(r0)},{_px(r0)} 0 {large} 0 {_px(i0)},{_px(j0)}Z")


def _draw_arcs(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw arc marks: pie and donut slices."""
    geom = _arc_geometry(unit, scales, pw, ph)
    color = _fill_fn(unit, scales)
    if not isinstance(unit.enc.get("color"), dict) and not isinstance(unit.enc.get("fill"), dict):
        default_colors = CHART_PALETTE
        color = lambda r, _i={}: default_colors[_i.setdefault(id(r), len(_i)) % len(default_colors)] \
            if not unit.props.get("color") else _chart_color(unit.props["color"])
    opac = _visual_fn(unit, scales, "opacity", _chart_num(unit.props.get("opacity")))
    tip = _tooltip_fn(unit, scales)
    for r in unit.rows:
        g = geom(r)
        if g is None or g[5] - g[4] <= 0:
            continue
        if not _mark_budget(ctx):
            return
        out.append(f'<path d="{_arc_path(*g)}" fill="{_escape(color(r))}" '
                   f'style="stroke:var(--sg-bg,#fff)" stroke-width="1"{_opacity_attr(opac(r))}'
                   f'{_pt_attrs(ctx, r)}>{_title_tag(tip(r))}</path>')


def _draw_polar_text(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw text placed around a pie at each slice's middle angle."""
    geom = _arc_geometry(unit, scales, pw, ph)
    rad = _chart_num(unit.props.get("radius"))

    def polar(r):
        g = geom(r)
        if g is None:
            return None
        cx, cy, r0, r1, a0, a1 = g
        rr = rad if rad is not None else (r0 + r1) / 2 if r0 else r1 * 0.7
        a = (a0 + a1) / 2
        return cx + rr * math.sin(a), cy - rr * math.cos(a)
    _draw_text(unit, scales, pw, ph, ctx, out, polar=polar)


# -- boxplots ------------------------------------------------------------------
def _draw_boxplots(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw boxplots: whiskers, Q1-Q3 box, median line and outliers."""
    enc = unit.enc
    cont = "y" if isinstance(enc.get("y"), dict) and enc["y"].get("field") == "__min" else "x"
    dim = "x" if cont == "y" else "y"
    sc, sd = scales.get(cont), scales.get(dim)
    if sc is None:
        return
    dd = enc.get(dim)
    color = _fill_fn(unit, scales)
    length = pw if dim == "x" else ph
    size = _chart_num(unit.props.get("size"))
    off, so = enc.get(dim + "Offset"), scales.get(dim + "Offset")
    grouped = (isinstance(off, dict) and bool(off.get("field")) and so is not None and sd is not None
               and sd.kind == "band")
    if grouped:
        so.set_range(0, sd.bandwidth)            # boxes side by side in the band, like grouped bars
    for row, outliers in unit.boxes:
        if grouped and isinstance(dd, dict) and dd.get("field"):
            start, sub = sd(row.get(dd["field"])), so(row.get(off["field"]))
            c = None if start is None or sub is None else start + sub + so.bandwidth / 2
            width = min(so.bandwidth * 0.8 or 14.0, 60.0)
        elif isinstance(dd, dict) and dd.get("field") and sd is not None:
            c = sd.center(row.get(dd["field"]))
            width = min(sd.bandwidth * 0.6 if sd.discrete and sd.bandwidth else 14.0, 60.0)
        else:
            c, width = length / 2, 14.0
        if c is None:
            continue
        width = size or width
        if not _mark_budget(ctx):
            return
        col = _escape(color(row))
        v = {k: sc(row[k]) for k in ("__lo", "__q1", "__median", "__q3", "__hi")}
        tip = (f"min: {_fmt_d3(row['__min'])}\nQ1: {_fmt_d3(row['__q1'])}\n"
               f"median: {_fmt_d3(row['__median'])}\nQ3: {_fmt_d3(row['__q3'])}\n"
               f"max: {_fmt_d3(row['__max'])}\ncount: {row['__n']}")

        def seg(a, b, p, q, extra=""):
            if dim == "x":
                return (f'<line x1="{_px(a)}" y1="{_px(p)}" x2="{_px(b)}" y2="{_px(q)}" '
                        f'stroke="{col}"{extra}/>')
            return f'<line x1="{_px(p)}" y1="{_px(a)}" x2="{_px(q)}" y2="{_px(b)}" stroke="{col}"{extra}/>'
        parts = [seg(c, c, v["__lo"], v["__q1"]), seg(c, c, v["__q3"], v["__hi"])]
        w2 = width / 2
        parts.append(seg(c - w2 / 2, c + w2 / 2, v["__lo"], v["__lo"]))
        parts.append(seg(c - w2 / 2, c + w2 / 2, v["__hi"], v["__hi"]))
        lo, hi = min(v["__q1"], v["__q3"]), max(v["__q1"], v["__q3"])
        if dim == "x":
            box = f'x="{_px(c - w2)}" y="{_px(lo)}" width="{_px(width)}" height="{_px(hi - lo)}"'
        else:
            box = f'x="{_px(lo)}" y="{_px(c - w2)}" width="{_px(hi - lo)}" height="{_px(width)}"'
        parts.append(f'<rect {box} fill="{col}"{_pt_attrs(ctx, row)}>{_title_tag(tip)}</rect>')
        parts.append(seg(c - w2, c + w2, v["__median"], v["__median"],
                         ' stroke-width="2" style="stroke:var(--sg-bg,#fff)"'))
        for o in outliers[:500]:
            p = sc(o)
            x, y = (c, p) if dim == "x" else (p, c)
            parts.append(f'<circle cx="{_px(x)}" cy="{_px(y)}" r="2.5" fill="none" stroke="{col}">'
                         f'<title>{_escape(_fmt_d3(o))}</title></circle>')
        out.append("<g>" + "".join(parts) + "</g>")


def _draw_unit(unit: _ChartUnit, scales: dict, pw: float, ph: float, ctx: _ChartCtx, out: list) -> None:
    """Draw one layer's marks into the plot area."""
    m = unit.mark
    if m in ("bar", "rect"):
        _draw_bars(unit, scales, pw, ph, ctx, out)
    elif m in ("line", "area"):
        _draw_lines(unit, scales, pw, ph, ctx, out)
    elif m in ("point", "circle", "square"):
        _draw_points(unit, scales, pw, ph, ctx, out)
    elif m == "rule":
        _draw_rules(unit, scales, pw, ph, ctx, out)
    elif m == "tick":
        _draw_ticks(unit, scales, pw, ph, ctx, out)
    elif m == "text":
        if isinstance(unit.enc.get("theta"), dict):
            _draw_polar_text(unit, scales, pw, ph, ctx, out)
        else:
            _draw_text(unit, scales, pw, ph, ctx, out)
    elif m == "arc":
        _draw_arcs(unit, scales, pw, ph, ctx, out)
    elif m == "boxplot":
        _draw_boxplots(unit, scales, pw, ph, ctx, out)


# -- legends -------------------------------------------------------------------
def _legend_blocks(units: list, scales: dict) -> list:
    """Describe the legends of a view: colour swatches, gradients, sizes, shapes."""
    blocks = []
    used = set()
    marks = {u.mark for u in units}
    symbol = "line" if marks <= {"line", "rule"} else (
        "circle" if marks & {"point", "circle", "square"} else "square")
    shape_def = next((d for _u, d in _defs_for(units, "shape") if d.get("field")), None)
    for chan in ("color", "fill", "stroke", "shape", "size", "opacity"):
        s = scales.get(chan)
        d = next((d for _u, d in _defs_for(units, chan) if d.get("field")), None)
        if s is None or d is None or ("legend" in d and d["legend"] is None):
            continue
        if d["field"] in used:
            continue
        title = _title_of(d)
        title = "" if title is None else str(title).strip()
        if chan in ("color", "fill", "stroke") and s.kind == "seq":
            blocks.append({"title": title, "kind": "grad", "scale": s})
        elif chan in ("color", "fill", "stroke"):
            shape_s = scales.get("shape") if shape_def and shape_def["field"] == d["field"] else None
            entries = [(s.label(v), s(v), shape_s(v) if shape_s else symbol) for v in s.domain]
            blocks.append({"title": title, "kind": "cat", "entries": entries})
        elif chan == "shape":
            entries = [(s.label(v), _CHART_MUTED, s(v)) for v in s.domain]
            blocks.append({"title": title, "kind": "cat", "entries": entries})
        elif chan == "size":
            if s.discrete:
                vals = list(s.domain)
            else:
                vals, _step = _linear_ticks(s.domain[0], s.domain[1], 4)
                vals = [v for v in vals if v > 0 or s.domain[0] < 0][:5]
                if not vals or vals[-1] < s.domain[1] * 0.9:
                    vals.append(s.domain[1])
            entries = [(s.label(v), _CHART_MUTED, ("size", s(v))) for v in vals]
            blocks.append({"title": title, "kind": "cat", "entries": entries})
        else:
            continue
        used.add(d["field"])
    return blocks


def _legend_orient(units: list) -> str:
    """Return 'bottom' when the colour legend asks for it, else 'right'."""
    for u in units:
        for ch in ("color", "fill", "stroke", "size"):
            d = u.enc.get(ch)
            if isinstance(d, dict) and isinstance(d.get("legend"), dict):
                if d["legend"].get("orient") == "bottom":
                    return "bottom"
    return "right"


def _legend_symbol(kind, color: str, x: float, y: float) -> str:
    """Draw one legend swatch centred at (x, y)."""
    c = _escape(color)
    if isinstance(kind, tuple):                   # ("size", area)
        r = min(math.sqrt(max(kind[1], 1.0) / math.pi), 12.0)
        return f'<circle cx="{_px(x)}" cy="{_px(y)}" r="{_px(r)}" fill="none" stroke="{c}"/>'
    if kind == "line":
        return f'<line x1="{_px(x - 6)}" y1="{_px(y)}" x2="{_px(x + 6)}" y2="{_px(y)}" stroke="{c}" stroke-width="2"/>'
    if kind == "square":
        return f'<rect x="{_px(x - 5)}" y="{_px(y - 5)}" width="10" height="10" fill="{c}"/>'
    return _svg_symbol(kind if kind in _CHART_SHAPES else "circle", x, y, 64, f' fill="{c}"')


def _legend_width(blocks: list) -> float:
    """Estimate the width a right-hand legend needs."""
    if not blocks:
        return 0.0
    longest = 4
    for b in blocks:
        longest = max(longest, len(b["title"][:28]))
        if b["kind"] == "cat":
            for label, _c, _k in b["entries"][:MAX_LEGEND_ENTRIES]:
                longest = max(longest, len(label[:28]) + 3)
        else:
            s = b["scale"]
            longest = max(longest, len(s.label(s.domain[1])) + 3, len(s.label(s.domain[0])) + 3)
    return min(longest * CHART_CHAR_W + 28, 220.0)


def _draw_legend_right(blocks: list) -> tuple:
    """Draw legends stacked vertically; return (svg, height)."""
    out, y = [], 0.0
    for b in blocks:
        if b["title"]:
            out.append(f'<text x="0" y="{_px(y + 10)}" font-weight="600">{_escape(b["title"][:28])}</text>')
            y += 18
        if b["kind"] == "grad":
            s = b["scale"]
            steps = 20
            for i in range(steps):
                t = 1 - (i + 0.5) / steps
                out.append(f'<rect x="0" y="{_px(y + i * 5)}" width="12" height="5.2" '
                           f'fill="{_interp_colors(s.colors, t)}"/>')
            out.append(f'<text x="18" y="{_px(y + 8)}">{_escape(s.label(s.domain[1]))}</text>')
            out.append(f'<text x="18" y="{_px(y + steps * 5)}">{_escape(s.label(s.domain[0]))}</text>')
            y += steps * 5 + 12
            continue
        entries = b["entries"]
        for label, color, kind in entries[:MAX_LEGEND_ENTRIES]:
            out.append(_legend_symbol(kind, color, 6, y + 6))
            out.append(f'<text x="18" y="{_px(y + 10)}">{_escape(label[:28])}</text>')
            y += 17
        if len(entries) > MAX_LEGEND_ENTRIES:
            out.append(f'<text x="18" y="{_px(y + 10)}">+{len(entries) - MAX_LEGEND_ENTRIES} more</text>')
            y += 17
        y += 10
    return "".join(out), y


def _draw_legend_bottom(blocks: list, width: float) -> tuple:
    """Draw legends as wrapping rows; return (svg, height)."""
    out, x, y = [], 0.0, 0.0
    for b in blocks:
        if b["title"]:
            w = len(b["title"][:28]) * CHART_CHAR_W + 10
            if x + w > width and x > 0:
                x, y = 0.0, y + 18
            out.append(f'<text x="{_px(x)}" y="{_px(y + 10)}" font-weight="600">{_escape(b["title"][:28])}</text>')
            x += w
        if b["kind"] == "grad":
            s = b["scale"]
            lo_l, hi_l = s.label(s.domain[0]), s.label(s.domain[1])
            if x + 160 > width and x > 0:
                x, y = 0.0, y + 18
            out.append(f'<text x="{_px(x)}" y="{_px(y + 10)}">{_escape(lo_l)}</text>')
            x += len(lo_l) * CHART_CHAR_W + 6
            for i in range(20):
                out.append(f'<rect x="{_px(x + i * 5)}" y="{_px(y + 2)}" width="5.2" height="10" '
                           f'fill="{_interp_colors(s.colors, (i + 0.5) / 20)}"/>')
            x += 106
            out.append(f'<text x="{_px(x)}" y="{_px(y + 10)}">{_escape(hi_l)}</text>')
            x += len(hi_l) * CHART_CHAR_W + 16
            continue
        for label, color, kind in b["entries"][:MAX_LEGEND_ENTRIES]:
            w = len(label[:28]) * CHART_CHAR_W + 32
            if x + w > width and x > 0:
                x, y = 0.0, y + 18
            out.append(_legend_symbol(kind, color, x + 6, y + 6))
            out.append(f'<text x="{_px(x + 16)}" y="{_px(y + 10)}">{_escape(label[:28])}</text>')
            x += w
        x += 10
    return "".join(out), (y + 20 if out else 0.0)


# -- axes and views ------------------------------------------------------------
def _axis_cfg(units: list, chan: str) -> tuple:
    """Return (axis dict or None when hidden, title) merged over layers."""
    axis, titles = {}, []
    hidden = False
    for u, d in _defs_for(units, chan):
        if "axis" in d and d["axis"] is None:
            hidden = True
        elif isinstance(d.get("axis"), dict) and not axis:
            axis = d["axis"]
        if not d.get("field") and "datum" not in d and "aggregate" not in d:
            continue
        t = _title_of(d)
        if "title" in d and d["title"] is None or isinstance(d.get("axis"), dict) and \
                "title" in d["axis"] and d["axis"]["title"] is None and "title" not in d:
            t = None
            titles.append(None)
            continue
        if t is not None and str(t) not in [str(x) for x in titles]:
            titles.append(t)
    real = [str(t) for t in titles if t is not None]
    title = ", ".join(real) if real else None
    if title is not None and not title.strip():
        title = None
    return (None if hidden else axis), title


def _label_w(text: str) -> float:
    """Estimate the pixel width of an 11 px label."""
    return len(text) * CHART_CHAR_W


def _clip_label(text: str, limit: int = 24) -> str:
    """Shorten a long axis label."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _layout_view(units: list, scales: dict, width: float, ctx: _ChartCtx, *, plot_w=None, plot_h=None,
                 total_h=None, show_legend=True, header=None, yscales=None,
                 legend_blocks=None) -> tuple:
    """Place axes, legends and marks of one (layered) view; return (svg, width, height)."""
    if yscales and yscales[0] is not None:
        scales = dict(scales, y=yscales[0])      # the left axis shows the first layer's y
    xs, ys = scales.get("x"), scales.get("y")
    polar = xs is None and ys is None
    x_axis, x_title = _axis_cfg(units, "x") if xs is not None else (None, None)
    left_units = [u for i, u in enumerate(units) if i < len(yscales) and yscales[i] is yscales[0]] \
        if yscales else units
    y_axis, y_title = _axis_cfg(left_units or units[:1], "y") if ys is not None else (None, None)
    blocks = (_legend_blocks(units, scales) if legend_blocks is None else legend_blocks) if show_legend else []
    orient = _legend_orient(units)
    legend_w = _legend_width(blocks) + 14 if blocks and orient == "right" else 0.0
    header_h = 20.0 if header is not None else 0.0
    top = 8.0 + header_h
    yscales = yscales or []
    right_axis = None                # the first y scale that is not the left one
    for extra in yscales[1:]:
        if extra is not None and extra is not yscales[0]:
            right_axis = extra
            break
    total = total_h or CHART_HEIGHT
    est_ph = plot_h or max(60.0, total - top - 40)

    def y_labels(ph):
        if ys is None or y_axis is None or y_axis.get("labels") is False:
            return []
        count = _chart_num(y_axis.get("tickCount")) or max(2.0, ph / 40)
        if ys.discrete:
            return [(v, _clip_label(lbl)) for v, lbl in ys.ticks(count)[0]]
        ys.set_range(ph, 0)
        return ys.ticks(count)[0]
    ylabs = y_labels(est_ph)
    left = 8.0 + (max((_label_w(l) for _v, l in ylabs), default=0.0) + 6 if ylabs else 0.0)
    left += 18.0 if y_title and y_axis is not None else 0.0
    right = 10.0 + legend_w
    right_labs = []
    if right_axis is not None:
        right_axis.set_range(est_ph, 0)
        right_labs = right_axis.ticks(max(2.0, est_ph / 40))[0]
        right += max((_label_w(l) for _v, l in right_labs), default=0.0) + 8 + 18
    pw = width - left - right
    if plot_w:
        pw = min(plot_w, pw)
    pw = max(pw, 20.0)
    # x labels: decide rotation and thinning
    xlabs, angle, keep_every = [], 0.0, 1
    if xs is not None and x_axis is not None and x_axis.get("labels") is not False:
        xs.set_range(0, pw)
        count = _chart_num(x_axis.get("tickCount")) or max(2.0, pw / 80)
        xlabs = xs.ticks(count)[0]
        if xs.discrete:
            xlabs = [(v, _clip_label(lbl)) for v, lbl in xlabs]
            step = abs(xs.step) or pw
            widest = max((_label_w(l) for _v, l in xlabs), default=0.0)
            if _chart_num(x_axis.get("labelAngle")) is not None:
                angle = -abs(_chart_num(x_axis["labelAngle"]) % 360) if _chart_num(x_axis["labelAngle"]) else 0.0
                if _chart_num(x_axis["labelAngle"]) and _chart_num(x_axis["labelAngle"]) % 360 > 180:
                    angle = _chart_num(x_axis["labelAngle"]) % 360 - 360
            elif widest > step * 0.95:
                angle = -45.0
            if step < 12:
                keep_every = int(math.ceil(12 / max(step, 0.1)))
        else:
            widest = max((_label_w(l) for _v, l in xlabs), default=0.0)
            if xlabs and len(xlabs) * (widest + 8) > pw:
                keep_every = int(math.ceil(len(xlabs) * (widest + 8) / pw))
    if angle:
        rad = math.radians(abs(angle))
        label_h = max((_label_w(l) for _v, l in xlabs), default=0.0) * math.sin(rad) + 8 * math.cos(rad)
    else:
        label_h = 12.0 if xlabs else 0.0
    bottom = 10.0 + label_h + (18.0 if x_title and x_axis is not None else 0.0)
    if polar:
        bottom = 8.0
    legend_svg, legend_h = "", 0.0
    if blocks and orient == "bottom":
        legend_svg, legend_h = _draw_legend_bottom(blocks, width - 16)
        bottom += legend_h + 6
    if plot_h:
        ph = plot_h
    else:
        ph = max(40.0, total - top - bottom)
        if ys is not None and ys.discrete and total_h is None and len(ys.domain) * 16 > ph:
            ph = min(len(ys.domain) * 16.0, 4000.0)
    if ys is not None:
        if ys.discrete:
            ys.set_range(0, ph)
        else:
            ys.set_range(ph, 0)
        ylabs = y_labels(ph)
    if xs is not None:
        xs.set_range(0, pw)
    for extra in yscales[1:]:
        if extra is not None:
            extra.set_range(ph, 0)
    out = [f'<g transform="translate({_px(left)},{_px(top)})">']
    grid_y = ys is not None and y_axis is not None and y_axis.get("grid", not ys.discrete)
    grid_x = xs is not None and x_axis is not None and x_axis.get("grid", not xs.discrete)
    axis_parts = []
    if ys is not None and y_axis is not None:
        for v, label in ylabs:
            py = ys.center(v) if ys.discrete else ys(v)
            if py is None:
                continue
            if grid_y:
                out.append(f'<line x1="0" x2="{_px(pw)}" y1="{_px(py)}" y2="{_px(py)}" class="sg-grid" '
                           f'stroke="{_CHART_GRID}"/>')
            axis_parts.append(f'<text x="-6" y="{_px(py + 3.5)}" text-anchor="end">{_escape(label)}</text>')
        if y_title:
            cy = ph / 2
            axis_parts.append(f'<text x="{_px(-left + 12)}" y="{_px(cy)}" text-anchor="middle" '
                              f'font-weight="600" transform="rotate(-90 {_px(-left + 12)} {_px(cy)})">'
                              f'{_escape(_clip_label(str(y_title), 60))}</text>')
    if xs is not None and x_axis is not None:
        for i, (v, label) in enumerate(xlabs):
            px = xs.center(v) if xs.discrete else xs(v)
            if px is None or px < -1 or px > pw + 1:
                continue
            if grid_x:
                out.append(f'<line x1="{_px(px)}" x2="{_px(px)}" y1="0" y2="{_px(ph)}" class="sg-grid" '
                           f'stroke="{_CHART_GRID}"/>')
            if i % keep_every:
                continue
            if angle:
                axis_parts.append(f'<text x="{_px(px)}" y="{_px(ph + 10)}" text-anchor="end" '
                                  f'transform="rotate({_px(angle)} {_px(px)} {_px(ph + 10)})">{_escape(label)}</text>')
            else:
                half = _label_w(label) / 2      # keep the first and last label inside the view
                anchor = ("end" if px + half > pw + right - 2 else
                          "start" if px - half < -left + 2 else "middle")
                axis_parts.append(f'<text x="{_px(px)}" y="{_px(ph + 16)}" text-anchor="{anchor}">'
                                  f'{_escape(label)}</text>')
        if x_title:
            axis_parts.append(f'<text x="{_px(pw / 2)}" y="{_px(ph + 10 + label_h + 14)}" '
                              f'text-anchor="middle" font-weight="600">{_escape(_clip_label(str(x_title), 80))}</text>')
    if ys is not None and not ys.discrete and xs is not None:
        out.append(f'<line x1="0" x2="{_px(pw)}" y1="{_px(ph)}" y2="{_px(ph)}" class="sg-grid" stroke="{_CHART_GRID}"/>')
    if right_axis is not None:
        for v, label in right_axis.ticks(max(2.0, ph / 40))[0]:
            py = right_axis(v)
            axis_parts.append(f'<text x="{_px(pw + 6)}" y="{_px(py + 3.5)}">{_escape(label)}</text>')
        _ax, rt = _axis_cfg([u for i, u in enumerate(units) if i < len(yscales) and yscales[i] is right_axis], "y")
        if rt:
            rx = pw + right - legend_w - 12
            axis_parts.append(f'<text x="{_px(rx)}" y="{_px(ph / 2)}" text-anchor="middle" font-weight="600" '
                              f'transform="rotate(90 {_px(rx)} {_px(ph / 2)})">{_escape(_clip_label(str(rt), 60))}</text>')
    marks = []
    for i, u in enumerate(units):
        sc = scales
        if yscales and i < len(yscales) and yscales[i] is not None:
            sc = dict(scales)
            sc["y"] = yscales[i]
        _draw_unit(u, sc, pw, ph, ctx, marks)
    out.append('<g class="sg-marks">' + "".join(marks) + "</g>")
    out.append(f'<g class="sg-axis" fill="{_CHART_MUTED}">' + "".join(axis_parts) + "</g>")
    if header is not None:
        out.append(f'<text x="{_px(pw / 2)}" y="-8" text-anchor="middle" font-weight="600" '
                   f'fill="{_CHART_MUTED}">{_escape(_clip_label(str(header), 40))}</text>')
    out.append("</g>")
    height = top + ph + bottom
    if blocks and orient == "right":
        lsvg, lh = _draw_legend_right(blocks)
        out.append(f'<g transform="translate({_px(left + pw + (right - legend_w) + 4)},{_px(top)})" '
                   f'class="sg-legend-g" fill="{_CHART_MUTED}">{lsvg}</g>')
        height = max(height, top + lh)
    elif legend_svg:
        out.append(f'<g transform="translate(8,{_px(top + ph + bottom - legend_h)})" '
                   f'fill="{_CHART_MUTED}">{legend_svg}</g>')
    used_w = left + pw + right
    return "".join(out), used_w, height


# -- composition ---------------------------------------------------------------
def _spec_num(spec: dict, key: str):
    """Return a numeric width/height from a spec (None for 'container' or missing)."""
    v = spec.get(key)
    if isinstance(v, dict):
        return None
    n = _chart_num(v)
    return n if n is not None and n > 0 else None


def _title_text(t):
    """Return a spec title's text (string, list or {text})."""
    if isinstance(t, dict):
        t = t.get("text")
    if isinstance(t, list):
        t = " ".join(builtins.map(str, t))
    return None if t is None or str(t).strip() == "" else str(t)


def _collect_units(spec: dict, rows: list, parent_enc: dict, ctx: _ChartCtx, depth: int,
                   counter: list) -> list:
    """Flatten a layer tree into prepared units (data and encodings inherited)."""
    if depth > MAX_SPEC_DEPTH:
        ctx.note("layers nested too deeply")
        return []
    rows = _resolve_data(spec.get("data"), rows, ctx) or []
    enc = dict(parent_enc)
    if isinstance(spec.get("encoding"), dict):
        enc.update(spec["encoding"])
    if "layer" in spec:
        rows = _apply_transforms(rows, spec.get("transform"), ctx)
        units = []
        for child in spec.get("layer") or []:
            if isinstance(child, dict):
                units.extend(_collect_units(child, rows, enc, ctx, depth + 1, counter))
        return units
    if "mark" not in spec:
        if any(k in spec for k in ("facet", "hconcat", "vconcat", "concat", "repeat")):
            ctx.note("composition inside a layer is not supported")
        return []
    counter[0] += 1
    if counter[0] > MAX_CHART_LAYERS:
        ctx.note(f"only {MAX_CHART_LAYERS} layers are drawn")
        return []
    unit = _prepare_unit(dict(spec, encoding={}), rows, enc, ctx)
    return [unit] if unit is not None else []


def _independent_y(spec: dict) -> bool:
    """True when a layered spec resolves its y scales independently (dual axis)."""
    res = spec.get("resolve")
    return isinstance(res, dict) and isinstance(res.get("scale"), dict) and \
        res["scale"].get("y") == "independent"


def _layer_groups(spec: dict, rows: list, ctx: _ChartCtx, depth: int) -> list:
    """Collect a layer spec's units as one list per top-level child (its own y scale)."""
    if depth > MAX_SPEC_DEPTH:
        ctx.note("layers nested too deeply")
        return []
    rows = _resolve_data(spec.get("data"), rows, ctx) or []
    rows = _apply_transforms(rows, spec.get("transform"), ctx)
    enc = dict(spec["encoding"]) if isinstance(spec.get("encoding"), dict) else {}
    counter = [0]
    return [_collect_units(child, rows, enc, ctx, depth + 1, counter)
            for child in spec["layer"] if isinstance(child, dict)]


def _render_layered(spec: dict, rows: list, width: float, height, ctx: _ChartCtx, depth: int) -> tuple:
    """Render a unit or layer spec as one view with shared scales."""
    if _independent_y(spec) and isinstance(spec.get("layer"), list):
        groups = _layer_groups(spec, rows, ctx, depth)
    else:
        groups = [_collect_units(spec, rows, {}, ctx, depth, [0])]
    units = [u for g in groups for u in g]
    if not units:
        return "", width, 0.0
    scales = _build_scales(units, ctx)
    yscales = None
    if sum(1 for g in groups if g) > 1:
        yscales = []                 # one y scale per top-level layer, shared by its units
        for g in groups:
            ys = _position_scale(g, "y", ctx) if g else None
            yscales.extend([ys] * len(g))
    return _layout_view(units, scales, width, ctx, plot_w=_spec_num(spec, "width"),
                        plot_h=_spec_num(spec, "height"), total_h=height, yscales=yscales)


def _facet_from_encoding(spec: dict) -> dict:
    """Turn a unit with row/column/facet encodings into a facet spec."""
    enc = dict(spec.get("encoding") or {})
    facet = {}
    for ch in ("row", "column"):
        if ch in enc:
            facet[ch] = enc.pop(ch)
    columns = None
    if "facet" in enc:
        f = enc.pop("facet")
        facet = f if isinstance(f, dict) else _parse_shorthand(str(f))
        columns = facet.get("columns") if isinstance(facet, dict) else None
    inner = {k: v for k, v in spec.items() if k not in ("data", "transform", "title", "datasets",
                                                          "$schema", "config")}
    inner["encoding"] = enc
    out = {"facet": facet, "spec": inner, "data": spec.get("data"), "transform": spec.get("transform"),
           "title": spec.get("title")}
    if columns or spec.get("columns"):
        out["columns"] = columns or spec.get("columns")
    return out


def _facet_values(d: dict, rows: list, ctx: _ChartCtx) -> tuple:
    """Return (getter, ordered values, label function) for one facet channel."""
    if isinstance(d, str):
        d = _parse_shorthand(d)
    d = _norm_def(d, ctx) or {}
    field = d.get("field")
    get = _field_getter(field)
    parts = _parse_time_unit(d["timeUnit"]) if d.get("timeUnit") else None
    if parts:
        raw = get

        def get(r):
            ms = _to_ms(raw(r))
            return None if ms is None else _truncate_time(ms, parts)
    vals = [get(r) for r in rows]
    order = _sorted_domain([v for v in vals if v is not None], d.get("sort", "ascending"), [], "", field)
    dtype = d.get("type") or "nominal"
    header = d.get("header") if isinstance(d.get("header"), dict) else {}
    fmt = header.get("format") if isinstance(header.get("format"), str) else None
    label = lambda v: _value_label(v, dtype if not parts else "temporal", parts, fmt)
    title = _title_of(dict(d, src=field)) if field else None
    return get, order, label, title


def _render_facet(spec: dict, rows: list, width: float, height, ctx: _ChartCtx, depth: int) -> tuple:
    """Render a facet spec: one panel per facet value, scales and legend shared."""
    facet = spec.get("facet") or {}
    inner = spec.get("spec") or {}
    if not isinstance(inner, dict) or not isinstance(facet, (dict, str)):
        ctx.note("facet spec is malformed")
        return "", width, 0.0
    if isinstance(facet, str) or "field" in facet:
        get, vals, label, ftitle = _facet_values(facet, rows, ctx)
        cells = [((v,), label(v)) for v in vals]
        getters = [get]
        ncols = int(_chart_num(spec.get("columns")) or len(cells) or 1)
    else:
        getters, axes, titles = [], [], []
        for ch in ("row", "column"):
            if ch in facet:
                g, vals, label, t = _facet_values(facet[ch], rows, ctx)
                getters.append(g)
                axes.append([(v, label(v)) for v in vals])
                titles.append(t)
            else:
                axes.append(None)
        rows_ax = axes[0] or [(None, None)]
        cols_ax = axes[1] or [(None, None)]
        cells = []
        for rv, rl in rows_ax:
            for cv, cl in cols_ax:
                key = tuple(v for v, a in ((rv, axes[0]), (cv, axes[1])) if a is not None)
                lab = " · ".join(str(x) for x in (rl, cl) if x is not None)
                cells.append((key, lab))
        ncols = len(cols_ax)
        ftitle = None
    if not cells:
        return "", width, 0.0
    if len(cells) > MAX_FACET_PANELS:
        ctx.note(f"only the first {MAX_FACET_PANELS} facet panels are drawn")
        cells = cells[:MAX_FACET_PANELS]
    groups = {}
    for r in rows:
        groups.setdefault(tuple(_hashable(g(r)) for g in getters), []).append(r)
    panel_units = []
    for key, _lab in cells:
        panel_units.append(_collect_units(inner, groups.get(tuple(_hashable(k) for k in key), []),
                                          {}, ctx, depth + 1, [0]))
    all_units = [u for us in panel_units for u in us]
    if not all_units:
        return "", width, 0.0
    scales = _build_scales(all_units, ctx)
    blocks = _legend_blocks(all_units, scales)
    legend_w = _legend_width(blocks) + 14 if blocks else 0.0
    ncols = max(1, min(ncols, len(cells)))
    while ncols > 1 and (width - legend_w) / ncols < 140:
        ncols -= 1
    nrows = int(math.ceil(len(cells) / ncols))
    panel_w = (width - legend_w) / ncols
    plot_h = _spec_num(inner, "height")
    total_h = None
    if plot_h is None:
        total_h = (height / nrows) if height and nrows else CHART_PANEL_HEIGHT + 20
        total_h = max(total_h, 120.0)
    out = []
    y = 0.0
    title_h = 0.0
    if ftitle:
        out.append(f'<text x="{_px((width - legend_w) / 2)}" y="12" text-anchor="middle" '
                   f'font-weight="600" fill="{_CHART_MUTED}">{_escape(_clip_label(str(ftitle), 60))}</text>')
        title_h = 18.0
    y = title_h
    row_h = 0.0
    for i, ((_key, lab), units) in enumerate(zip(cells, panel_units)):
        col = i % ncols
        if col == 0 and i:
            y += row_h + 6
            row_h = 0.0
        if not units:
            continue
        body, _w, h = _layout_view(units, scales, panel_w, ctx, plot_w=_spec_num(inner, "width"),
                                   plot_h=plot_h, total_h=total_h, show_legend=False, header=lab)
        out.append(f'<g transform="translate({_px(col * panel_w)},{_px(y)})">{body}</g>')
        row_h = max(row_h, h)
    total = y + row_h
    if blocks:
        lsvg, lh = _draw_legend_right(blocks)
        out.append(f'<g transform="translate({_px(width - legend_w + 4)},{_px(title_h + 28)})" '
                   f'fill="{_CHART_MUTED}">{lsvg}</g>')
        total = max(total, lh + title_h + 28)
    return "".join(out), width, total


def _substitute_repeat(node, values: dict, depth: int = 0):
    """Replace {'repeat': 'row'|'column'|'layer'|'repeat'} references in a spec."""
    if depth > 40:
        return node
    if isinstance(node, dict):
        if set(node) == {"repeat"} and isinstance(node["repeat"], str):
            return values.get(node["repeat"], node)
        return {k: _substitute_repeat(v, values, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute_repeat(v, values, depth + 1) for v in node]
    return node


def _expand_repeat(spec: dict, ctx: _ChartCtx) -> dict:
    """Expand a repeat spec into concatenated (or layered) views."""
    rep = spec.get("repeat")
    inner = spec.get("spec") or {}
    base = {k: v for k, v in spec.items() if k not in ("repeat", "spec", "columns")}
    if isinstance(rep, list):
        views = [_substitute_repeat(inner, {"repeat": v}) for v in rep[:MAX_CONCAT_VIEWS]]
        return dict(base, concat=views, columns=spec.get("columns", len(views)))
    if not isinstance(rep, dict):
        ctx.note("repeat must be a list or an object")
        return base
    rows_v = rep.get("row") or [None]
    cols_v = rep.get("column") or [None]
    layers = rep.get("layer")
    views = []
    for rv in rows_v[:MAX_CONCAT_VIEWS]:
        for cv in cols_v[:MAX_CONCAT_VIEWS]:
            vals = {"row": rv, "column": cv}
            if layers:
                layer = [_substitute_repeat(inner, dict(vals, layer=lv)) for lv in layers[:MAX_CHART_LAYERS]]
                views.append({"layer": [dict(l, **{}) for l in layer]})
            else:
                views.append(_substitute_repeat(inner, vals))
    if len(views) == 1:
        return dict(base, **views[0])
    return dict(base, concat=views[:MAX_CONCAT_VIEWS],
                columns=len(cols_v) if rep.get("column") else 1)


def _render_concat(spec: dict, rows: list, width: float, height, ctx: _ChartCtx, depth: int) -> tuple:
    """Render hconcat / vconcat / wrapped concat children in a grid."""
    if "hconcat" in spec:
        children, ncols = spec["hconcat"], None
    elif "vconcat" in spec:
        children, ncols = spec["vconcat"], 1
    else:
        children, ncols = spec.get("concat"), _chart_num(spec.get("columns"))
    children = [c for c in (children or []) if isinstance(c, dict)]
    if len(children) > MAX_CONCAT_VIEWS:
        ctx.note(f"only the first {MAX_CONCAT_VIEWS} concatenated views are drawn")
        children = children[:MAX_CONCAT_VIEWS]
    if not children:
        return "", width, 0.0
    ncols = int(ncols or len(children))
    ncols = max(1, min(ncols, len(children)))
    while ncols > 1 and width / ncols < 160:
        ncols -= 1
    gap = 10.0
    cell_w = (width - gap * (ncols - 1)) / ncols
    child_h = height if (height and ncols == len(children)) else None
    out, y, row_h = [], 0.0, 0.0
    for i, child in enumerate(children):
        col = i % ncols
        if col == 0 and i:
            y += row_h + gap
            row_h = 0.0
        h_hint = child_h or (CHART_PANEL_HEIGHT + 40 if len(children) > 1 else height)
        body, _w, h = _render_spec(child, rows, cell_w, h_hint, ctx, depth + 1)
        out.append(f'<g transform="translate({_px(col * (cell_w + gap))},{_px(y)})">{body}</g>')
        row_h = max(row_h, h)
    return "".join(out), width, y + row_h


def _render_spec(spec, rows: list, width: float, height, ctx: _ChartCtx, depth: int) -> tuple:
    """Render any view spec (unit, layer, facet, repeat, concat); return (svg, w, h)."""
    if depth > MAX_SPEC_DEPTH:
        ctx.note("views nested too deeply")
        return "", width, 0.0
    if not isinstance(spec, dict):
        ctx.note("a view spec was not an object")
        return "", width, 0.0
    title = _title_text(spec.get("title"))
    title_h = 24.0 if title else 0.0
    h_inner = (height - title_h) if height else None
    if "repeat" in spec and "spec" in spec:
        spec = _expand_repeat(spec, ctx)
    composite = any(k in spec for k in ("facet", "hconcat", "vconcat", "concat"))
    if composite:
        rows = _resolve_data(spec.get("data"), rows, ctx) or []
        rows = _apply_transforms(rows, spec.get("transform"), ctx)
    if "facet" in spec and "spec" in spec:
        body, w, h = _render_facet(spec, rows, width, h_inner, ctx, depth)
    elif composite:
        body, w, h = _render_concat(spec, rows, width, h_inner, ctx, depth)
    elif "layer" in spec or "mark" in spec:
        enc = spec.get("encoding") if isinstance(spec.get("encoding"), dict) else {}
        if "mark" in spec and any(k in enc for k in ("row", "column", "facet")):
            fspec = _facet_from_encoding(spec)
            fspec.pop("title", None)
            frows = _resolve_data(fspec.get("data"), rows, ctx) or []
            frows = _apply_transforms(frows, fspec.get("transform"), ctx)
            body, w, h = _render_facet(fspec, frows, width, h_inner, ctx, depth)
        else:
            body, w, h = _render_layered(spec, rows, width, h_inner, ctx, depth)
    else:
        ctx.note("the spec has no mark, layer, facet or concat")
        return "", width, 0.0
    if title:
        body = (f'<text x="{_px(width / 2)}" y="16" text-anchor="middle" font-size="13" '
                f'font-weight="600" style="fill:var(--sg-fg,#31333f)">{_escape(_clip_label(title, 90))}</text>'
                f'<g transform="translate(0,{_px(title_h)})">{body}</g>')
        h += title_h
    return body, w, h


# -- entry points --------------------------------------------------------------
def render_vega_lite(spec: dict, data=None, *, width: int = 720, height: int | None = None,
                     selectable: bool = False) -> ChartSVG:
    """Draw a Vega-Lite spec as SVG; unsupported parts are skipped and named in notes."""
    ctx = _ChartCtx(selectable)
    try:
        width = float(max(120, min(int(width or 720), 4000)))
    except (TypeError, ValueError):
        width = 720.0
    try:
        height = None if height is None else float(max(60, min(int(height), 8000)))
    except (TypeError, ValueError):
        height = None
    body, h = "", 0.0
    try:
        if not isinstance(spec, dict):
            raise _ChartError("the chart spec is not an object")
        datasets = spec.get("datasets")
        if isinstance(datasets, dict):
            for name, values in list(datasets.items())[:64]:
                ctx.datasets[name] = _coerce_records(values, ctx)
        if data is not None:
            ctx.given = _coerce_records(data, ctx)
            rows = ctx.given
        else:
            rows = _resolve_data(spec.get("data"), [], ctx) or []
        top = dict(spec)
        top.pop("data", None)
        if spec.get("data") is not None and data is None:
            top["data"] = None
        body, _w, h = _render_spec(top, rows, width, height, ctx, 0)
    except _ChartError as exc:
        ctx.note(str(exc))
    except RecursionError:
        ctx.note("the chart spec is nested too deeply")
    except Exception as exc:   # a bad spec must never break the page; say what failed
        ctx.note(f"the chart could not be drawn ({type(exc).__name__}: {str(exc)[:80]})")
        body = ""
        ctx.points.clear()
    if not body:
        lines = ctx.notes or ["nothing to draw"]
        h = max(60.0, 24.0 + 16 * len(lines))
        body = "".join(f'<text x="12" y="{_px(22 + 16 * i)}" fill="{_CHART_MUTED}">{_escape(n)}</text>'
                       for i, n in enumerate(lines[:12]))
    total_h = max(h, 40.0) if not height or h > height else height
    label = (_title_text(spec.get("title")) or spec.get("description")
             if isinstance(spec, dict) else None)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_px(width)} {_px(total_h)}" '
           f'width="{_px(width)}" height="{_px(total_h)}" class="sg-svg" role="img" '
           f'aria-label="{_escape(label or "chart")}" font-family="sans-serif" font-size="11">'
           f'{body}</svg>')
    return ChartSVG(svg, list(ctx.notes), list(ctx.points))


# -- built-in charts -----------------------------------------------------------
_INFINITIES = (float("inf"), float("-inf"))
_SERIES_FIELD = "series"     # melted column names (Streamlit's "color" / "value")
_VALUE_FIELD = "value"


def _json_value(v):
    """Make a cell JSON-friendly: dates become ISO strings, NaN becomes None."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (_dt.datetime, _dt.date)):
        return v.isoformat()
    if hasattr(v, "isoformat") and hasattr(v, "year"):
        try:
            return v.isoformat()
        except (TypeError, ValueError):
            return str(v)
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return _json_value(v.item())       # numpy scalars
        except (TypeError, ValueError):
            return str(v)
    return v


def _column_type(values: list, bar_x: bool) -> str:
    """Infer a Vega-Lite type for a built-in chart's column."""
    sample = [v for v in values[:200] if v is not None]
    if sample and all(isinstance(v, str) and len(v) >= 8 and _ISO_HEAD.match(v) for v in sample):
        return "temporal"
    if bar_x:
        return "ordinal"
    if sample and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in sample):
        return "quantitative"
    return "nominal"


def _free_name(name: str, taken) -> str:
    """Return `name`, or a suffixed variant that is not among the taken columns."""
    out, k = name, 1
    while out in taken:
        out, k = f"{name}_{k}", k + 1
    return out


def builtin_chart_spec(mark: str, columns: list, rows: list, *, x=None, y=None, color=None,
                       size=None, horizontal=False, stack=None, sort=True, x_label=None,
                       y_label=None, height=None) -> dict:
    """Build the Vega-Lite spec of st.line_chart / area_chart / bar_chart / scatter_chart."""
    columns = [str(c) for c in columns]
    plain = (int, str, bool, type(None))
    records = [{c: (v if type(v) in plain or (type(v) is float and v == v and v not in _INFINITIES)
                    else _json_value(v)) for c, v in zip(columns, row)}
               for row in rows[:MAX_CHART_ROWS]]
    x_from_user = x
    if x is None:
        x = "index"
        if "index" not in columns:
            for i, r in enumerate(records):
                r["index"] = i
            columns = columns + ["index"]
    color_col = color if isinstance(color, str) and color in columns else None
    color_values = None
    if color is not None and color_col is None:
        color_values = [color] if isinstance(color, (str, tuple)) else list(color)
        color_values = [c if isinstance(c, str) else "#%02x%02x%02x" % tuple(int(v) for v in c[:3])
                        for c in color_values]
    size_col = size if isinstance(size, str) and size in columns else None
    if y is None:
        ys = [c for c in columns if c not in (x, color_col, size_col)]
    elif isinstance(y, str):
        ys = [y]
    else:
        ys = [str(c) for c in y]
    melted = len(ys) > 1
    if melted:
        series_f = _free_name(_SERIES_FIELD, columns)
        value_f = _free_name(_VALUE_FIELD, columns)
        long = []
        for r in records:
            for c in ys:
                nr = {x: r.get(x), series_f: c, value_f: r.get(c)}
                if size_col:
                    nr[size_col] = r.get(size_col)
                long.append(nr)
        records = long
        y_field = value_f
        color_col = series_f
    else:
        y_field = ys[0] if ys else None
    vl_mark = {"scatter": "circle"}.get(mark, mark)
    x_type = _column_type([r.get(x) for r in records], mark == "bar")
    x_title = x_label if x_label is not None else (x if x_from_user is not None else "")
    y_title = y_label if y_label is not None else ("" if melted or y is None else (y_field or ""))
    grid_dim, grid_val = (True, False) if horizontal else (False, True)
    x_enc = {"field": x, "type": x_type, "title": x_title, "axis": {"grid": grid_dim}}
    y_enc = {"field": y_field, "type": "quantitative", "title": y_title, "axis": {"grid": grid_val}}
    if y_field is None:
        y_enc = {"value": 0}
    if mark == "bar":
        if sort is False:
            x_enc["sort"] = None
        elif isinstance(sort, str) and sort.lstrip("-"):
            col = sort.lstrip("-")
            col = y_field if (melted and col in ys) else col
            x_enc["sort"] = {"field": col, "op": "sum",
                             "order": "descending" if sort.startswith("-") else "ascending"}
    enc = {}
    if horizontal and mark == "bar":
        # Streamlit swaps the data, not the labels: x_label names the horizontal axis.
        x_enc["axis"], y_enc["axis"] = {"grid": False}, {"grid": True}
        y_enc["title"] = x_label if x_label is not None else (
            "" if melted or y is None else (y_field or ""))
        x_enc["title"] = y_label if y_label is not None else (x if x_from_user is not None else "")
        enc["y"], enc["x"] = x_enc, y_enc
        measure = enc["x"]
    else:
        enc["x"], enc["y"] = x_enc, y_enc
        measure = enc["y"]
    if color_col:
        ctype = "nominal" if melted else _column_type([r.get(color_col) for r in records], False)
        c = {"field": color_col, "type": ctype, "legend": {"orient": "bottom"}}
        if melted:
            c["title"] = " "
        first = next((r.get(color_col) for r in records if r.get(color_col) is not None), None)
        if isinstance(first, str) and first.startswith("#") and not melted:
            seen = []
            for r in records:
                v = r.get(color_col)
                if v not in seen:
                    seen.append(v)
            c["scale"] = {"range": seen, "domain": seen}
            c["legend"] = None
        if color_values and melted:
            c["scale"] = {"domain": ys, "range": color_values}
        elif melted:
            c["sort"] = None
            c["scale"] = {"domain": ys}
        enc["color"] = c
    elif color_values:
        enc["color"] = {"value": color_values[0]}
    if mark in ("bar", "area"):
        if stack is False or stack == "layered":
            measure["stack"] = None
            if mark == "bar" and color_col and stack is False:
                enc["yOffset" if horizontal else "xOffset"] = {"field": color_col, "type": "nominal"}
        elif stack in (True, "normalize", "center"):
            measure["stack"] = "zero" if stack is True else stack
    if color_col and (mark == "area" or stack == "layered"):
        enc["opacity"] = {"value": 0.7}
    if mark == "scatter":
        if size_col:
            enc["size"] = {"field": size_col, "type": "quantitative", "legend": {"orient": "bottom"}}
        elif isinstance(size, (int, float)):
            enc["size"] = {"value": size}
        else:
            enc["size"] = {"value": 100}
    tips = [{"field": x, "type": x_type, "title": x}]
    if y_field:
        tips.append({"field": y_field, "type": "quantitative", "title": y_field if not melted else "value"})
    if color_col:
        tips.append({"field": color_col, "type": "nominal", "title": color_col if not melted else "series"})
    if size_col:
        tips.append({"field": size_col, "type": "quantitative"})
    enc["tooltip"] = tips
    spec = {"mark": {"type": vl_mark}, "encoding": enc, "data": {"values": records},
            "description": f"{mark} chart of {', '.join(builtins.map(str, ys))}"}
    if height:
        spec["height"] = int(height)
    return spec


# =============================================================================
# 13. Chart sources: Plotly figures, maps, Graphviz
# =============================================================================
# Three more sources of pictures, each turned into SVG by plain Python.
#
# Plotly. A Plotly figure is JSON: {"data": [trace, ...], "layout": {...}}.
# Each trace names its kind (`type`) and its axes (xaxis: "x2"); the layout
# holds the axes' titles, types, ranges and where each subplot sits on the page
# (`domain` in paper coordinates, 0..1). plotly_to_vega_lite reads that JSON
# (plotly itself is never imported) and writes a Vega-Lite spec for section 12.
# Whatever Plotly computes in the browser differently from Vega-Lite's defaults
# -- histogram bins, stacked bars, bar widths on continuous axes -- is computed
# here, so the picture matches Plotly's. Each drawn datum carries an integer
# __sg_pt indexing the *point map*: one dict per datum shaped like an entry of
# Streamlit's plotly_chart(on_select="rerun") selection.points (curve_number,
# point_number, point_index, x, y, ...), so a click becomes the selection
# state Streamlit would return (plotly_selection_state).
#
# Maps (st.map, st.pydeck_chart) are projected with Web Mercator and fitted to
# the data; map tiles are fetched by the browser only when the app names a
# tile server. Graphs (st.graphviz_chart): DOT sources are parsed by a small
# recursive-descent parser and laid out in layers (Sugiyama's method), unless
# Graphviz's `dot` program is installed, in which case its SVG is used after
# it has been re-serialised through an allow-list (sanitize_svg).


# -- Plotly: limits ------------------------------------------------------------

PLOTLY_MAX_TRACES = 200          #: traces read per figure; more are dropped with a note
PLOTLY_MAX_POINTS = 20_000       #: values read per data array; the rest dropped with a note
PLOTLY_MAX_PANELS = 24           #: subplots drawn; a larger grid is unreadable at 720 px
PLOTLY_MAX_CELLS = 20_000        #: heatmap cells drawn (rows x columns); more -> truncated
PLOTLY_MAX_BINS = 1_000          #: histogram bins per axis; Plotly's own cap is similar
PLOTLY_MAX_DEPTH = 32            #: nesting accepted when normalising figure JSON
PLOTLY_MARGIN_T = 100            #: Plotly's default top margin (title room) in px
PLOTLY_MARGIN_B = 80             #: Plotly's default bottom margin (axis room) in px
PLOTLY_MIN_PLOT = 60             #: smallest plot-area height we draw, in px
PLOTLY_PLOT_HEIGHT = 350         #: a lone pie's plot height (the renderer's chart height)
PLOTLY_PANEL_HEIGHT = 220        #: a pie's plot height among subplots (renderer's panel height)
PLOTLY_PIE_INSET = 4             #: px the renderer keeps between a pie and its plot edge
PLOTLY_BARGAP = 0.2              #: Plotly's default gap between bars, as a share of a slot
PLOTLY_SI_FROM = 10_000           #: Plotly labels ticks "15k", "2M" from here on, plain below
PLOTLY_ERROR_VALUE = 10.0        #: Plotly's default error-bar value (percent or constant)
PLOTLY_MAX_AUTOPOINTS = 20       #: scatter without `mode` shows markers below this many points

#: Streamlit's series palette; the chart theme, used instead of Plotly's template

#: colorways of Plotly's default template and of plotly.js itself (d3's category10):
#: a figure coloured from one of these was coloured by a template, not by the author,
#: so the colour is replaced by the theme colour at the same position
_TEMPLATE_COLORWAYS = [
    ["#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692",
     "#b6e880", "#ff97ff", "#fecb52"],
    ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
     "#7f7f7f", "#bcbd22", "#17becf"],
]

#: trace types drawn; every other type yields a note naming it
PLOTLY_SUPPORTED = frozenset({"scatter", "scattergl", "bar", "histogram", "box", "violin",
                              "pie", "heatmap", "heatmapgl", "histogram2d",
                              "histogram2dcontour", "contour", "indicator"})

#: trace types coloured by value through a colour scale, not by a legend entry
_COLORSCALE_TYPES = frozenset({"heatmap", "heatmapgl", "contour", "histogram2d",
                               "histogram2dcontour"})

_BDATA_CODES = {"f8": "d", "f4": "f", "i1": "b", "i2": "h", "i4": "i", "i8": "q",
                "u1": "B", "u2": "H", "u4": "I", "u8": "Q"}
_PLOTLY_DASHES = {"dash": [6, 4], "dot": [2, 3], "dashdot": [6, 3, 2, 3],
           "longdash": [10, 4], "longdashdot": [10, 3, 2, 3]}
_PLOTLY_INTERPOLATE = {"spline": "monotone", "hv": "step-after", "vh": "step-before",
                "hvh": "step", "vhv": "step-vhv"}
_PLOTLY_ISO_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$")
_PLOTLY_EPOCH = _dt.datetime(1970, 1, 1)


class _PlotlyPanel(NamedTuple):
    """One subplot: its Vega-Lite spec and where Plotly placed it on the page."""

    spec: dict
    x0: float
    x1: float
    y0: float
    y1: float


class _PlotlySeries(NamedTuple):
    """A legend entry: the trace's name and the colour it is drawn in."""

    name: str
    color: str
    in_legend: bool


# -- Plotly: reading the figure ------------------------------------------------

def _figure_dict(fig: Any) -> dict:
    """Return the figure as a plain dict, whatever object the app handed us."""
    if isinstance(fig, dict):
        return fig
    for attr in ("to_dict", "to_plotly_json"):
        method = getattr(fig, attr, None)
        if callable(method):
            out = method()
            if isinstance(out, dict):
                return out
    if isinstance(fig, (list, tuple)):          # a bare list of traces
        return {"data": list(fig), "layout": {}}
    return {}


def _decode_bdata(obj: dict, notes: list) -> list:
    """Decode Plotly's typed-array form ``{"dtype", "bdata", "shape"}`` into lists."""
    code = _BDATA_CODES.get(str(obj.get("dtype", "")).lstrip("<>|="))
    if code is None:
        notes.append(f"unsupported typed array dtype {obj.get('dtype')!r}")
        return []
    try:
        raw = base64.b64decode(obj.get("bdata") or b"", validate=False)
    except (ValueError, TypeError):
        notes.append("undecodable typed array")
        return []
    width = struct.calcsize("<" + code)
    count = min(len(raw) // width, PLOTLY_MAX_POINTS * 50)
    flat = list(struct.unpack(f"<{count}{code}", raw[:count * width]))
    if code in "df":
        flat = [None if v != v or v in (math.inf, -math.inf) else v for v in flat]
    shape = obj.get("shape")
    if isinstance(shape, str):
        shape = [int(s) for s in shape.replace(" ", "").split(",") if s.isdigit()]
    if isinstance(shape, (list, tuple)) and len(shape) == 2 and isinstance(shape[1], int) \
            and shape[1] > 0:
        cols = shape[1]
        return [flat[i:i + cols] for i in range(0, len(flat), cols)]
    return flat


def _plotly_plain(value: Any, notes: list, depth: int = 0) -> Any:
    """Turn numpy/pandas/datetime values and typed arrays into JSON-like values."""
    if depth > PLOTLY_MAX_DEPTH:
        return None
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if value != value or value in (math.inf, -math.inf) else value
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            return _decode_bdata(value, notes)
        return {str(k): _plotly_plain(v, notes, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plotly_plain(v, notes, depth + 1) for v in value[:PLOTLY_MAX_POINTS * 50]]
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    dtype = getattr(value, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "") in "mM" and hasattr(value, "astype"):
        value = value.astype(str)                     # numpy datetimes -> ISO strings
    if hasattr(value, "isoformat"):                   # pandas Timestamp
        return value.isoformat()
    if hasattr(value, "tolist"):                      # numpy arrays and scalars, Series
        return _plotly_plain(value.tolist(), notes, depth + 1)
    if hasattr(value, "item"):
        return _plotly_plain(value.item(), notes, depth + 1)
    try:
        return float(value)                           # Decimal, Fraction
    except (TypeError, ValueError):
        return str(value)


def _plotly_arr(trace: dict, key: str, notes: list) -> list | None:
    """Return ``trace[key]`` as a list of at most PLOTLY_MAX_POINTS values, or None."""
    value = trace.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        return None
    if len(value) > PLOTLY_MAX_POINTS:
        notes.append(f"{trace.get('type', 'trace')} '{key}' cut to {PLOTLY_MAX_POINTS} values")
        value = value[:PLOTLY_MAX_POINTS]
    return value


def _plotly_num(v: Any) -> float | None:
    """Return v as a finite float (numbers and numeric strings), else None."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        f = float(v)
    elif isinstance(v, str):
        try:
            f = float(v.strip())
        except ValueError:
            return None
    else:
        return None
    return f if math.isfinite(f) else None


def _plotly_date_ms(v: Any) -> float | None:
    """Return an ISO date string as milliseconds since the epoch (UTC), else None."""
    if not isinstance(v, str):
        return None
    m = _PLOTLY_ISO_DATE.match(v.strip())
    if not m:
        return None
    year, month, day, hh, mm, ss, frac, tz = m.groups()
    try:
        when = _dt.datetime(int(year), int(month), int(day or 1), int(hh or 0),
                            int(mm or 0), int(ss or 0), int((frac or "0")[:6].ljust(6, "0")))
    except ValueError:
        return None
    ms = (when - _PLOTLY_EPOCH).total_seconds() * 1000.0
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        ms -= sign * (int(digits[:2]) * 60 + int(digits[2:])) * 60_000
    return ms


def _ms_iso(ms: float) -> str:
    """Format epoch milliseconds as an ISO timestamp Vega-Lite parses."""
    when = _PLOTLY_EPOCH + _dt.timedelta(milliseconds=ms)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}"


def _plotly_text(value: Any) -> str:
    """Return a title given as a string or as ``{"text": ...}``."""
    if isinstance(value, dict):
        value = value.get("text")
    return "" if value is None else str(value)


def _infer_axis_type(values: list) -> str:
    """Guess an axis type from its values as Plotly does: linear, date or category."""
    seen = [v for v in values if v is not None and v != ""]
    if not seen:
        return "linear"
    if all(_plotly_num(v) is not None for v in seen):
        return "linear"
    if all(_plotly_date_ms(v) is not None for v in seen):
        return "date"
    return "category"


def _theme_color(color: Any, index: int) -> str:
    """Return the colour to draw with: template colours map to the theme palette."""
    if isinstance(color, str) and color:
        low = color.strip().lower()
        for way in _TEMPLATE_COLORWAYS:
            if low in way:
                return CHART_PALETTE[way.index(low) % len(CHART_PALETTE)]
        return color
    return CHART_PALETTE[index % len(CHART_PALETTE)]


# -- Plotly: the figure-wide context -------------------------------------------

class _PlotlyFigure:
    """What every trace converter needs: layout, notes, the point map, series."""

    def __init__(self, layout: dict, notes: list):
        self.layout = layout
        self.notes = notes
        self.points: list = []
        self.series: dict = {}        # curve number -> _Series
        self.traces: list = []        # every trace, by curve number

    def add_point(self, entry: dict) -> int:
        """Append a selection-point entry and return its index for ``__sg_pt``."""
        self.points.append(entry)
        return len(self.points) - 1

    def axis(self, name: str) -> dict:
        """Return the layout dict of axis "x", "y2", ... (empty when absent)."""
        key = name[0] + "axis" + name[1:]
        axis = self.layout.get(key)
        return axis if isinstance(axis, dict) else {}


def _series_for(fig: _PlotlyFigure, trace: dict, curve: int) -> _PlotlySeries:
    """Return a trace's legend name and colour (Plotly's colorway counts every trace)."""
    known = fig.series.get(curve)
    if known is not None:
        return known
    marker = trace.get("marker") if isinstance(trace.get("marker"), dict) else {}
    line = trace.get("line") if isinstance(trace.get("line"), dict) else {}
    color = marker.get("color") if isinstance(marker.get("color"), str) else None
    if trace.get("type") in ("scatter", "scattergl") and isinstance(line.get("color"), str):
        color = line["color"] if "lines" in str(trace.get("mode", "lines")) else color or line["color"]
    if color is None and isinstance(trace.get("fillcolor"), str):
        color = trace["fillcolor"]
    name = trace.get("name")
    name = f"trace {curve}" if name is None or name == "" else str(name)
    found = _PlotlySeries(name, _theme_color(color, curve), trace.get("showlegend") is not False)
    fig.series[curve] = found
    return found


# -- Plotly: cartesian panels --------------------------------------------------

class _PlotlyCartesian:
    """One x/y subplot while it is being built: its traces, layers and scales."""

    def __init__(self, fig: _PlotlyFigure, xname: str, yname: str):
        self.fig = fig
        self.xname, self.yname = xname, yname
        self.xaxis, self.yaxis = fig.axis(xname), fig.axis(yname)
        self.traces: list = []        # (curve_number, trace)
        self.series: list = []        # _Series in first-seen order
        self.layers: list = []
        self.cats = {"x": [], "y": []}              # categories in first-seen order
        self.cat_values = {"x": {}, "y": {}}        # category -> values (for "total" sorts)
        self.types = {"x": "linear", "y": "linear"}
        self.extent = {"x": [], "y": []}            # numeric values drawn, for matched axes
        self.color_legend_title = ""
        self.heat_color = None                      # a quantitative colour scale in use
        self.spec_cache: dict = {}                  # the finished spec, once built

    # ---- axes ---------------------------------------------------------------

    def resolve_types(self) -> None:
        """Decide each axis' type from the layout or, failing that, from the data."""
        for ch, axis in (("x", self.xaxis), ("y", self.yaxis)):
            declared = axis.get("type")
            if declared in ("linear", "log", "date", "category", "multicategory"):
                self.types[ch] = "category" if declared == "multicategory" else declared
                continue
            values: list = []
            for _, tr in self.traces:
                values.extend(_positional_values(tr, ch, self.fig.notes))
            self.types[ch] = _infer_axis_type(values)

    def see_category(self, ch: str, value: Any, amount: float | None = None) -> None:
        """Record a category on a categorical axis (and its value, for sorting)."""
        key = _cat_key(value)
        bucket = self.cat_values[ch]
        if key not in bucket:
            bucket[key] = []
            self.cats[ch].append(key)
        if amount is not None:
            bucket[key].append(amount)

    def position(self, ch: str, value: Any) -> Any:
        """Convert a raw coordinate to what the spec's field holds for axis ch."""
        kind = self.types[ch]
        if kind == "category":
            return _cat_key(value)
        if kind == "date":
            ms = _plotly_date_ms(value) if isinstance(value, str) else None
            if ms is None:
                n = _plotly_num(value)
                return None if n is None else _ms_iso(n)
            return value
        n = _plotly_num(value)
        if n is not None:
            self.extent[ch].append(n)
        return n

    def continuous(self, ch: str, value: Any) -> float | None:
        """Return a coordinate as a number (epoch ms for dates), else None."""
        if self.types[ch] == "date":
            ms = _plotly_date_ms(value) if isinstance(value, str) else None
            return ms if ms is not None else _plotly_num(value)
        return _plotly_num(value)

    def sorted_categories(self, ch: str) -> list:
        """Return categories in the order Plotly's ``categoryorder`` asks for."""
        axis = self.xaxis if ch == "x" else self.yaxis
        cats = list(self.cats[ch])
        order = str(axis.get("categoryorder") or "trace")
        if order == "array":
            wanted = [_cat_key(c) for c in (axis.get("categoryarray") or [])]
            cats = [c for c in wanted if c in self.cat_values[ch]] + \
                   [c for c in cats if c not in wanted]
        elif order.startswith("category "):
            cats.sort(key=_cat_sort_key, reverse=order.endswith("descending"))
        elif " " in order:
            stat, direction = order.split(" ", 1)
            func = _PLOTLY_STATS.get(stat)
            if func is not None:
                def _score(c, func=func):
                    """Score a category by the requested statistic of its values."""
                    vals = self.cat_values[ch].get(c) or [0.0]
                    return func(vals)
                cats.sort(key=_score, reverse=direction == "descending")
        return cats

    def encoding(self, ch: str, field: str | None = None) -> dict:
        """Return the Vega-Lite positional channel for axis ch (title, scale, sort)."""
        axis = self.xaxis if ch == "x" else self.yaxis
        kind = self.types[ch]
        enc: dict = {"field": field or ch}
        if kind == "category":
            enc["type"] = "nominal"
            cats = self.sorted_categories(ch)
            reverse = axis.get("autorange") == "reversed"
            if ch == "y" and not reverse:
                cats = cats[::-1]          # Plotly draws the first category at the bottom
            if ch == "x" and reverse:
                cats = cats[::-1]
            enc["sort"] = cats
        else:
            enc["type"] = "temporal" if kind == "date" else "quantitative"
            scale: dict = {}
            if kind == "log":
                scale["type"] = "log"
            else:
                scale["zero"] = False      # Plotly autoranges to the data, bars reach 0 via y2
            rng = axis.get("range")
            if isinstance(rng, list) and len(rng) == 2 and None not in rng:
                if kind == "log":
                    lo, hi = _plotly_num(rng[0]), _plotly_num(rng[1])
                    if lo is not None and hi is not None:
                        scale["domain"] = [10 ** lo, 10 ** hi]
                elif kind == "date":
                    scale["domain"] = [str(rng[0]), str(rng[1])]
                elif _plotly_num(rng[0]) is not None and _plotly_num(rng[1]) is not None:
                    scale["domain"] = [_plotly_num(rng[0]), _plotly_num(rng[1])]
            if axis.get("autorange") == "reversed":
                scale["reverse"] = True
            if scale:
                enc["scale"] = scale
        title = _plotly_text(axis.get("title"))
        enc["title"] = title if title else None
        axis_props: dict = {}
        if isinstance(axis.get("tickformat"), str) and axis["tickformat"] and kind != "category":
            axis_props["format"] = axis["tickformat"]
        if axis.get("showgrid") is False:
            axis_props["grid"] = False
        if axis.get("showticklabels") is False:
            axis_props["labels"] = False
        if axis.get("visible") is False:
            enc["axis"] = None
        elif axis_props:
            enc["axis"] = axis_props
        return enc

    # ---- colour -------------------------------------------------------------

    def add_series(self, s: _PlotlySeries) -> None:
        """Register a legend entry (a name seen twice keeps its first colour)."""
        if all(s.name != known.name for known in self.series):
            self.series.append(s)

    def color(self, series: _PlotlySeries) -> tuple:
        """Return (mark colour or None, colour encoding or None) for one series."""
        if len(self.series) <= 1:
            return series.color, None
        return None, self.color_encoding()

    def color_encoding(self) -> dict:
        """Return the shared nominal colour channel keyed by series name."""
        names = [s.name for s in self.series]
        scale: dict = {"domain": names}
        colors = [s.color for s in self.series]
        if colors != [CHART_PALETTE[i % len(CHART_PALETTE)] for i in range(len(colors))]:
            scale["range"] = colors
        enc = {"field": "series", "type": "nominal", "scale": scale}
        if self.show_legend():
            title = _plotly_text((self.fig.layout.get("legend") or {}).get("title")) \
                if isinstance(self.fig.layout.get("legend"), dict) else ""
            enc["legend"] = {"title": title or None}
        else:
            enc["legend"] = None
        return enc

    def show_legend(self) -> bool:
        """Apply Plotly's rule: a legend when asked, or when 2+ traces want one."""
        declared = self.fig.layout.get("showlegend")
        if declared is not None:
            return bool(declared)
        return sum(1 for s in self.series if s.in_legend) >= 2

    # ---- assembling ---------------------------------------------------------

    def spec(self) -> dict:
        """Return this subplot as a Vega-Lite unit or layer spec."""
        for ch in ("x", "y"):
            if self.types[ch] not in ("linear", "log") or not self.extent[ch]:
                continue
            big = max(abs(v) for v in self.extent[ch]) >= PLOTLY_SI_FROM
            for layer in self.layers:
                enc = (layer.get("encoding") or {}).get(ch)
                if isinstance(enc, dict) and enc.get("type") == "quantitative" \
                        and enc.get("axis", {}) is not None \
                        and "format" not in (enc.get("axis") or {}):
                    enc["axis"] = dict(enc.get("axis") or {}, format="~s" if big else "~g")
        if not self.layers:
            return {"mark": {"type": "point", "opacity": 0}, "data": {"values": []},
                    "encoding": {"x": self.encoding("x"), "y": self.encoding("y")}}
        if len(self.layers) == 1:
            return self.layers[0]
        out: dict = {"layer": self.layers}
        if self.heat_color and any(
                (layer.get("encoding") or {}).get("color", {}).get("field") == "series"
                for layer in self.layers):
            out["resolve"] = {"scale": {"color": "independent"}}
        return out


_PLOTLY_STATS = {
    "total": sum,
    "sum": sum,
    "min": min,
    "max": max,
    "mean": lambda v: sum(v) / len(v),
    "median": lambda v: sorted(v)[len(v) // 2],
}


def _cat_key(value: Any) -> Any:
    """Return a category label usable as a JSON value (numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


def _cat_sort_key(value: Any) -> tuple:
    """Order numbers before strings, each naturally."""
    n = _plotly_num(value) if not isinstance(value, str) else None
    return (0, n, "") if n is not None else (1, 0.0, str(value))


def _positional_values(trace: dict, ch: str, notes: list) -> list:
    """Return the coordinates a trace puts on axis ch (for axis type inference)."""
    kind = trace.get("type")
    if kind == "histogram" and ch != ("y" if _is_horizontal_hist(trace) else "x"):
        return []                                   # the counts' axis is always linear
    if kind in ("box", "violin"):
        horizontal = trace.get("orientation") == "h" or (trace.get("orientation") is None
                                                         and trace.get("y") is None)
        if ch == ("y" if horizontal else "x"):
            return ["category"]                     # boxes always sit on categories
    values = _plotly_arr(trace, ch, notes)
    return [] if values is None else _flatten_multicategory(values)


# -- Plotly: scatter -----------------------------------------------------------

def _plotly_coords(trace: dict, ch: str, n: int, notes: list) -> list:
    """Return a trace's x or y array, or Plotly's implied ``x0 + i*dx`` sequence."""
    values = _plotly_arr(trace, ch, notes)
    if values is not None:
        return values
    start = _plotly_num(trace.get(ch + "0"))
    step = _plotly_num(trace.get("d" + ch))
    start = 0.0 if start is None else start
    step = 1.0 if step is None else step
    return [start + i * step for i in range(n)]


def _flatten_multicategory(values: list) -> list:
    """Join Plotly's two-level categories ``[[outer...], [inner...]]`` into labels."""
    if len(values) == 2 and all(isinstance(v, list) for v in values):
        return [f"{a} / {b}" for a, b in zip(values[0], values[1])]
    return values


def _error_spans(trace: dict, key: str, values: list) -> list | None:
    """Return (low, high) per value from a trace's ``error_x``/``error_y``, or None."""
    err = trace.get(key)
    if not isinstance(err, dict) or err.get("visible") is False:
        return None
    kind = err.get("type") or ("data" if err.get("array") is not None else "percent")
    minus_key = "arrayminus" if kind == "data" else "valueminus"
    symmetric = err.get("symmetric")
    if symmetric is None:                 # Plotly's default: symmetric unless a minus is given
        symmetric = err.get(minus_key) is None
    plus = err.get("array") if isinstance(err.get("array"), list) else []
    minus = plus if symmetric else (err.get("arrayminus") if isinstance(err.get("arrayminus"),
                                                                        list) else [])
    value = _plotly_num(err.get("value"))
    value = PLOTLY_ERROR_VALUE if value is None else value
    value_minus = value if symmetric else _plotly_num(err.get("valueminus"))
    value_minus = PLOTLY_ERROR_VALUE if value_minus is None else value_minus
    spans: list = []
    for i, v in enumerate(values):
        c = _plotly_num(v)
        if c is None:
            spans.append(None)
            continue
        if kind == "data":
            up = _plotly_num(plus[i]) if i < len(plus) else None
            down = _plotly_num(minus[i]) if i < len(minus) else None
        elif kind == "percent":
            up, down = abs(c) * value / 100, abs(c) * value_minus / 100
        elif kind == "constant":
            up, down = value, value_minus
        elif kind == "sqrt":
            up = down = math.sqrt(abs(c))
        else:
            return None
        spans.append(None if up is None and down is None
                     else (c - (down or 0.0), c + (up or 0.0)))
    return spans


def _add_error_layer(panel: _PlotlyCartesian, records: list, val_ch: str) -> None:
    """Draw a scatter trace's error bars as rules from low to high at each point."""
    pos_ch = "x" if val_ch == "y" else "y"
    lo, hi = "err_" + val_ch + "_lo", "err_" + val_ch + "_hi"
    marked = [r for r in records if lo in r]
    if not marked:
        return
    enc = {pos_ch: panel.encoding(pos_ch),
           val_ch: dict(panel.encoding(val_ch), field=lo, stack=None),
           val_ch + "2": {"field": hi}}
    panel.layers.append({"data": {"values": marked},
                         "mark": {"type": "rule", "color": "currentColor"},
                         "encoding": enc})


def _add_scatter(panel: _PlotlyCartesian, curve: int, trace: dict, prev_y: dict | None,
                 stack_base: dict) -> dict:
    """Add a scatter trace's line/point/area/text layers; return its y by x key."""
    fig = panel.fig
    notes = fig.notes
    ys = _plotly_arr(trace, "y", notes)
    xs = _plotly_arr(trace, "x", notes)
    n = len(ys) if ys is not None else len(xs or [])
    xs = _flatten_multicategory(_plotly_coords(trace, "x", n, notes))
    ys = _flatten_multicategory(_plotly_coords(trace, "y", n, notes))
    n = min(len(xs), len(ys))
    series = _series_for(fig, trace, curve)
    panel.add_series(series)
    mode = trace.get("mode")
    if not isinstance(mode, str):
        mode = "lines+markers" if n < PLOTLY_MAX_AUTOPOINTS else "lines"
    if trace.get("stackgroup") and "lines" not in mode and "markers" not in mode:
        mode = "lines"
    marker = trace.get("marker") if isinstance(trace.get("marker"), dict) else {}
    line = trace.get("line") if isinstance(trace.get("line"), dict) else {}
    texts = trace.get("text") if isinstance(trace.get("text"), list) else None
    custom = trace.get("customdata") if isinstance(trace.get("customdata"), list) else None
    sizes = marker.get("size") if isinstance(marker.get("size"), list) else None
    colors = marker.get("color") if isinstance(marker.get("color"), list) else None
    numeric_colors = colors is not None and all(_plotly_num(c) is not None for c in colors if c is not None)
    stackgroup = trace.get("stackgroup")
    fill = trace.get("fill") or ("tonexty" if stackgroup else "none")
    legendgroup = trace.get("legendgroup")
    errors = {ch: _error_spans(trace, "error_" + ch, (ys if ch == "y" else xs)[:n])
              for ch in ("x", "y") if panel.types[ch] in ("linear", "log")}

    records: list = []
    my_y: dict = {}
    for i in range(n):
        xv = panel.position("x", xs[i])
        yv = panel.position("y", ys[i])
        if xv is None or yv is None:
            continue
        if panel.types["x"] == "category":
            panel.see_category("x", xs[i], _plotly_num(ys[i]))
        if panel.types["y"] == "category":
            panel.see_category("y", ys[i], _plotly_num(xs[i]))
        entry = {"curve_number": curve, "point_number": i, "point_index": i,
                 "x": xs[i], "y": ys[i]}
        rec = {"x": xv, "y": yv, "series": series.name}
        if sizes is not None and i < len(sizes) and _plotly_num(sizes[i]) is not None:
            rec["size"] = _plotly_num(sizes[i])
            entry["marker_size"] = sizes[i]
        if colors is not None and i < len(colors) and colors[i] is not None:
            rec["marker_color"] = _plotly_num(colors[i]) if numeric_colors else str(colors[i])
            entry["marker_color"] = colors[i]
        if texts is not None and i < len(texts) and texts[i] is not None:
            rec["text"] = str(texts[i])
            entry["text"] = texts[i]
        if custom is not None and i < len(custom):
            entry["customdata"] = custom[i] if isinstance(custom[i], list) else [custom[i]]
        if isinstance(legendgroup, str) and legendgroup:
            entry["legendgroup"] = legendgroup
        for ch, spans in errors.items():
            if spans and i < len(spans) and spans[i] is not None:
                rec["err_" + ch + "_lo"], rec["err_" + ch + "_hi"] = spans[i]
                panel.extent[ch].extend(spans[i])
        key = _cat_key(xv)
        if stackgroup:
            base = stack_base.get(key, 0.0)
            top = base + (_plotly_num(yv) or 0.0)
            stack_base[key] = top
            rec["y2"], rec["y"] = base, top
            rec["value"] = yv
            panel.extent["y"].extend([base, top])
        elif fill == "tozeroy":
            rec["y2"] = 0.0
            panel.extent["y"].append(0.0)
        elif fill == "tonexty":
            below = (prev_y or {}).get(key)
            rec["y2"] = below if below is not None else 0.0
        my_y[key] = rec["y"]
        rec["__sg_pt"] = fig.add_point(entry)
        records.append(rec)

    if fill not in ("none", "tozeroy", "tonexty", "", None):
        notes.append(f"scatter fill '{fill}' is drawn as an area down to zero")
        for rec in records:
            rec["y2"] = 0.0
        fill = "tozeroy"
    if fill == "tonexty" and prev_y is None and not stackgroup:
        notes.append("scatter fill 'tonexty' on the first trace fills down to zero")

    mark_color, color_enc = panel.color(series)
    opacity = _plotly_num(trace.get("opacity"))
    tooltip = [{"field": "x", "type": panel.encoding("x")["type"],
                "title": panel.encoding("x")["title"] or "x"},
               {"field": "value" if stackgroup else "y", "type": panel.encoding("y")["type"],
                "title": panel.encoding("y")["title"] or "y"}]

    def _enc(extra: dict | None = None) -> dict:
        """Return this trace's shared encodings plus any extra channels."""
        enc = {"x": panel.encoding("x"), "y": panel.encoding("y")}
        if color_enc is not None:
            enc["color"] = color_enc
        enc["tooltip"] = tooltip + ([{"field": "series", "type": "nominal", "title": "series"}]
                                    if color_enc is not None else [])
        if extra:
            enc.update(extra)
        return enc

    def _mark(kind: str, **props: Any) -> dict:
        """Return a mark of this kind in the trace's colour and opacity."""
        mark = {"type": kind}
        if mark_color is not None:
            mark["color"] = mark_color
        if opacity is not None:
            mark["opacity"] = opacity
        mark.update(props)
        return mark

    data = {"values": records}
    interp = _PLOTLY_INTERPOLATE.get(str(line.get("shape")))
    if fill != "none" and (fill in ("tozeroy", "tonexty") or stackgroup):
        enc = _enc()
        enc["y"] = dict(enc["y"], stack=None)
        enc["y2"] = {"field": "y2"}
        area_props: dict = {"opacity": 0.5 if opacity is None else opacity * 0.5}
        if interp:                   # the fill follows the line's shape
            area_props["interpolate"] = interp
        panel.layers.append({"data": data, "mark": _mark("area", **area_props), "encoding": enc})
    if "lines" in mode:
        props: dict = {}
        width = _plotly_num(line.get("width"))
        if width is not None:
            props["strokeWidth"] = width
        dash = _PLOTLY_DASHES.get(str(line.get("dash")))
        if dash:
            props["strokeDash"] = dash
        if interp:
            props["interpolate"] = interp
        panel.layers.append({"data": data, "mark": _mark("line", **props), "encoding": _enc()})
    if "markers" in mode:
        props = {"filled": True}
        size = _plotly_num(marker.get("size"))
        if size is not None:
            props["size"] = size * size          # Plotly sizes are diameters, VL's areas
        mopacity = _plotly_num(marker.get("opacity"))
        if mopacity is not None:
            props["opacity"] = mopacity if opacity is None else mopacity * opacity
        extra: dict = {}
        if sizes is not None:
            extra["size"] = {"field": "size", "type": "quantitative", "legend": None}
        if colors is not None:
            if numeric_colors:
                title = _plotly_text(((marker.get("colorbar") or {}).get("title"))) \
                    if isinstance(marker.get("colorbar"), dict) else ""
                extra["color"] = {"field": "marker_color", "type": "quantitative",
                                  "legend": {"title": title or None}}
                panel.heat_color = True
            else:
                uniq = list(dict.fromkeys(str(c) for c in colors if c is not None))
                extra["color"] = {"field": "marker_color", "type": "nominal", "legend": None,
                                  "scale": {"domain": uniq,
                                            "range": [_theme_color(c, 0) for c in uniq]}}
                if color_enc is not None:
                    panel.heat_color = True
        mark = _mark("point", **props)
        if colors is not None:
            mark.pop("color", None)
        panel.layers.append({"data": data, "mark": mark, "encoding": _enc(extra)})
    for ch in errors:
        _add_error_layer(panel, records, ch)
    if "text" in mode and texts is not None:
        pos = str(trace.get("textposition") or "middle center")
        dy = -10 if pos.startswith("top") else 10 if pos.startswith("bottom") else 0
        enc = _enc({"text": {"field": "text", "type": "nominal"}})
        panel.layers.append({"data": data, "mark": _mark("text", dy=dy), "encoding": enc})
    return my_y


# -- Plotly: bars and histograms: one bar layer per panel, stacked and placed here ----

class _PlotlyBar(NamedTuple):
    """One bar before placement: category or [lo, hi) extent, and its value."""

    series: _PlotlySeries
    cat: Any            # category label on a categorical axis, else None
    center: float | None  # continuous position (number or epoch ms)
    lo: float | None    # explicit extent (histogram bins), else None
    hi: float | None
    value: float
    text: str | None
    pt: int
    curve: int
    err: tuple | None = None    # (low, high) error bar around value, if any
    color: Any = None           # this bar's own marker.color (array entry), if any


def _bar_orientation(trace: dict) -> str:
    """Return "h" for horizontal bars and "v" otherwise."""
    if trace.get("orientation") in ("h", "v"):
        return trace["orientation"]
    if trace.get("type") == "bar" and trace.get("x") is not None and trace.get("y") is None:
        return "h"
    return "v"


def _collect_bar(panel: _PlotlyCartesian, curve: int, trace: dict, bars: list) -> None:
    """Turn a bar trace into _Bar items (and their point-map entries)."""
    fig = panel.fig
    notes = fig.notes
    horizontal = _bar_orientation(trace) == "h"
    pos_ch, val_ch = ("y", "x") if horizontal else ("x", "y")
    vals = _plotly_arr(trace, val_ch, notes) or []
    poss = _flatten_multicategory(_plotly_coords(trace, pos_ch, len(vals), notes))
    series = _series_for(fig, trace, curve)
    panel.add_series(series)
    texts = trace.get("text")
    custom = trace.get("customdata") if isinstance(trace.get("customdata"), list) else None
    if trace.get("base") is not None:
        notes.append("bar 'base' is ignored; bars start at zero")
    width = _plotly_num(trace.get("width"))
    spans = _error_spans(trace, "error_x" if horizontal else "error_y", vals) or []
    marker = trace.get("marker") if isinstance(trace.get("marker"), dict) else {}
    colors = marker.get("color") if isinstance(marker.get("color"), list) else []
    for i in range(min(len(vals), len(poss))):
        v = _plotly_num(vals[i])
        if v is None:
            continue
        err = spans[i] if i < len(spans) else None
        own = colors[i] if i < len(colors) else None
        text = None
        if isinstance(texts, list) and i < len(texts) and texts[i] is not None:
            text = str(texts[i])
        elif isinstance(texts, (str, int, float)) and not isinstance(texts, bool):
            text = str(texts)
        entry = {"curve_number": curve, "point_number": i, "point_index": i,
                 "x": (vals if horizontal else poss)[i], "y": (poss if horizontal else vals)[i],
                 "label": poss[i], "value": vals[i]}
        if custom is not None and i < len(custom):
            entry["customdata"] = custom[i] if isinstance(custom[i], list) else [custom[i]]
        if isinstance(trace.get("legendgroup"), str) and trace["legendgroup"]:
            entry["legendgroup"] = trace["legendgroup"]
        if panel.types[pos_ch] == "category":
            panel.see_category(pos_ch, poss[i], v)
            if own is not None:
                entry["marker_color"] = own
            bars.append(_PlotlyBar(series, _cat_key(poss[i]), None, None, None, v, text,
                             fig.add_point(entry), curve, err, own))
        else:
            c = panel.continuous(pos_ch, poss[i])
            if c is None:
                continue
            lo = hi = None
            if width is not None:
                lo, hi = c - width / 2, c + width / 2
            if own is not None:
                entry["marker_color"] = own
            bars.append(_PlotlyBar(series, None, c, lo, hi, v, text, fig.add_point(entry), curve,
                             err, own))


def _is_horizontal_hist(trace: dict) -> bool:
    """Return True for a histogram whose samples lie on the y axis."""
    if trace.get("orientation") == "h":
        return True
    if trace.get("orientation") == "v":
        return False
    return trace.get("x") is None and trace.get("y") is not None


def _nice_step(rough: float) -> float:
    """Round a bin size up to 2, 5 or 10 times a power of ten (Plotly's autobin)."""
    if not rough > 0 or not math.isfinite(rough):
        return 1.0
    base = 10 ** math.floor(math.log10(rough))
    for m in (1, 2, 5, 10):
        if m * base >= rough * (1 - 1e-9):
            return m * base
    return 10 * base


def _auto_bins(samples: list, nbins: int | None) -> tuple:
    """Choose Plotly-like bins: return (start, size, count)."""
    lo, hi = min(samples), max(samples)
    if nbins:
        rough = (hi - lo) / nbins
    else:
        mean = sum(samples) / len(samples)
        sd = math.sqrt(sum((s - mean) ** 2 for s in samples) / max(1, len(samples) - 1))
        rough = 2 * sd / (len(samples) ** 0.4)
    size = _nice_step(rough) if rough > 0 else 1.0
    start = math.floor(lo / size) * size
    if all(float(s).is_integer() for s in samples):
        if size < 1:
            start = lo - 0.5 * size
        else:
            start -= 0.5
            if start + size < lo:
                start += size
    count = max(1, int(math.floor((hi - start) / size)) + 1)
    while count > PLOTLY_MAX_BINS:
        size *= 2
        start = math.floor(lo / size) * size
        count = max(1, int(math.floor((hi - start) / size)) + 1)
    return start, size, count


def _collect_histograms(panel: _PlotlyCartesian, hists: list, bars: list) -> None:
    """Bin histogram traces of one panel together and turn each bin into a _Bar."""
    fig = panel.fig
    notes = fig.notes
    by_axis: dict = {}
    for curve, trace in hists:
        by_axis.setdefault(_is_horizontal_hist(trace), []).append((curve, trace))
    for horizontal, group in by_axis.items():
        sample_ch, other_ch = ("y", "x") if horizontal else ("x", "y")
        prepared = []
        pooled: list = []
        for curve, trace in group:
            samples = _plotly_arr(trace, sample_ch, notes) or []
            weights = _plotly_arr(trace, other_ch, notes)
            prepared.append((curve, trace, samples, weights))
            if panel.types[sample_ch] != "category":
                pooled.extend(c for c in (panel.continuous(sample_ch, s) for s in samples)
                              if c is not None)
        edges = None
        if panel.types[sample_ch] != "category" and pooled:
            first = group[0][1]
            spec = first.get(sample_ch + "bins") if isinstance(first.get(sample_ch + "bins"),
                                                               dict) else {}
            nbins = int(_plotly_num(first.get("nbins" + sample_ch)) or 0) or None
            start, size, count = _auto_bins(pooled, nbins)
            if _plotly_num(spec.get("size")) and _plotly_num(spec["size"]) > 0:
                size = _plotly_num(spec["size"])
                start = math.floor(min(pooled) / size) * size
            if panel.types[sample_ch] == "date" and size < 1:
                size = 1.0
            if spec.get("start") is not None:
                s = panel.continuous(sample_ch, spec["start"])
                start = s if s is not None else start
            end = max(pooled)
            if spec.get("end") is not None:
                e = panel.continuous(sample_ch, spec["end"])
                end = e if e is not None else end
            count = min(PLOTLY_MAX_BINS, max(1, int(math.floor((end - start) / size)) + 1))
            if spec.get("end") is not None:
                count = min(PLOTLY_MAX_BINS, max(1, int(math.ceil((end - start) / size))))
            edges = (start, size, count)
        for curve, trace, samples, weights in prepared:
            _bin_one(panel, curve, trace, samples, weights, edges, sample_ch, bars)


def _bin_one(panel: _PlotlyCartesian, curve: int, trace: dict, samples: list,
             weights: list | None, edges: tuple | None, sample_ch: str, bars: list) -> None:
    """Aggregate one histogram trace into bins and append a _Bar per non-empty bin."""
    fig = panel.fig
    series = _series_for(fig, trace, curve)
    panel.add_series(series)
    func = str(trace.get("histfunc") or "count")
    if func != "count" and weights is None:
        func = "count"
    keys: list = []                  # bin index or category, in first-seen order
    members: dict = {}
    for i, s in enumerate(samples):
        if edges is not None:
            c = panel.continuous(sample_ch, s)
            if c is None:
                continue
            start, size, count = edges
            k = int(math.floor((c - start) / size))
            if k == count and abs(c - (start + count * size)) < 1e-9 * max(1.0, abs(c)):
                k = count - 1
            if k < 0 or k >= count:
                continue
        else:
            if s is None:
                continue
            k = _cat_key(s)
        if k not in members:
            members[k] = []
            keys.append(k)
        members[k].append(i)
    if edges is not None:
        keys.sort()
    values = {}
    for k in keys:
        idx = members[k]
        if func == "count":
            values[k] = float(len(idx))
            continue
        ws = [w for w in (_plotly_num(weights[i]) if i < len(weights) else None for i in idx)
              if w is not None]
        if func == "sum":
            values[k] = sum(ws)
        elif func == "avg":
            values[k] = sum(ws) / len(ws) if ws else 0.0
        elif func == "min":
            values[k] = min(ws) if ws else 0.0
        elif func == "max":
            values[k] = max(ws) if ws else 0.0
        else:
            fig.notes.append(f"histfunc '{func}' is drawn as count")
            values[k] = float(len(idx))
    cumulative = trace.get("cumulative")
    if isinstance(cumulative, dict) and cumulative.get("enabled"):
        if edges is not None:
            full = list(range(edges[2]))
            running = 0.0
            for k in full:
                running += values.get(k, 0.0)
                if k in values or running:
                    values[k] = running
                    if k not in members:
                        members[k] = []
                        keys.append(k)
            keys.sort()
        else:
            running = 0.0
            for k in keys:
                running += values[k]
                values[k] = running
    norm = str(trace.get("histnorm") or "")
    total = sum(values[k] for k in keys) if not (isinstance(cumulative, dict)
                                                  and cumulative.get("enabled")) \
        else (values[keys[-1]] if keys else 0.0)
    total = total or 1.0
    size = edges[1] if edges is not None else 1.0
    scale = {"percent": 100.0 / total, "probability": 1.0 / total,
             "density": 1.0 / size, "probability density": 1.0 / (total * size)}.get(norm)
    if norm and scale is None:
        fig.notes.append(f"histnorm '{norm}' is ignored")
    horizontal = sample_ch == "y"
    for k in keys:
        v = values[k] * (scale or 1.0)
        if edges is not None:
            lo = edges[0] + k * edges[1]
            hi = lo + edges[1]
            center = (lo + hi) / 2
            label = _ms_iso(center) if panel.types[sample_ch] == "date" else center
        else:
            lo = hi = center = None
            label = k
        idx = members.get(k, [])
        entry = {"curve_number": curve, "point_number": k if edges is not None else keys.index(k),
                 "point_numbers": list(idx), "point_indices": list(idx),
                 "x": v if horizontal else label, "y": label if horizontal else v}
        pt = fig.add_point(entry)
        if edges is None:
            panel.see_category(sample_ch, k, v)
            bars.append(_PlotlyBar(series, k, None, None, None, v, None, pt, curve))
        else:
            bars.append(_PlotlyBar(series, None, center, lo, hi, v, None, pt, curve))


def _coloraxis_title(fig: _PlotlyFigure, curve: int) -> str:
    """Return the colour-bar title of a trace's ``coloraxis`` (Plotly Express sets it)."""
    trace = fig.traces[curve] if 0 <= curve < len(fig.traces) else {}
    marker = trace.get("marker") if isinstance(trace.get("marker"), dict) else {}
    name = marker.get("coloraxis") or trace.get("coloraxis")
    axis = fig.layout.get(name) if isinstance(name, str) else None
    bar = axis.get("colorbar") if isinstance(axis, dict) else marker.get("colorbar")
    return _plotly_text(bar.get("title")) if isinstance(bar, dict) else ""


def _add_bar_layer(panel: _PlotlyCartesian, bars: list, horizontal: bool, mode: str,
                   opacity: float | None) -> None:
    """Place bars (group/stack/relative/overlay) and add one bar layer for them."""
    fig = panel.fig
    pos_ch, val_ch = ("y", "x") if horizontal else ("x", "y")
    names = []
    for b in bars:
        if b.series.name not in names:
            names.append(b.series.name)
    categorical = panel.types[pos_ch] == "category"
    # a bar placed for the other kind of axis (mixed traces) cannot be drawn here
    if categorical:
        bars = [b for b in bars if b.cat is not None]
    else:
        bars = [b for b in bars if b.center is not None or b.lo is not None]
    # bar width on a continuous axis: Plotly uses the smallest gap between positions
    slot = 1.0
    if not categorical:
        centers = sorted({b.center for b in bars if b.center is not None and b.lo is None})
        gaps = [b - a for a, b in zip(centers, centers[1:]) if b - a > 0]
        if gaps:
            slot = min(gaps)
        elif panel.types[pos_ch] == "date":
            slot = 86_400_000.0
    grouped = mode == "group" and len(names) > 1
    pos_base: dict = {}
    neg_base: dict = {}
    records = []
    for b in bars:
        key = b.cat if categorical else (b.lo, b.hi) if b.lo is not None else b.center
        base = 0.0
        if mode in ("stack", "relative"):
            table = neg_base if (mode == "relative" and b.value < 0) else pos_base
            base = table.get(key, 0.0)
            table[key] = base + b.value
        rec: dict = {"series": b.series.name, "value": b.value, "__sg_pt": b.pt}
        if categorical:
            rec[pos_ch] = b.cat
        else:
            if b.lo is not None:
                lo, hi = b.lo, b.hi
                if grouped:
                    share = (hi - lo) / len(names)
                    lo = lo + names.index(b.series.name) * share
                    hi = lo + share
            else:
                width = slot * (1 - PLOTLY_BARGAP)
                if grouped:
                    width /= len(names)
                    lo = b.center - slot * (1 - PLOTLY_BARGAP) / 2 \
                        + names.index(b.series.name) * width
                else:
                    lo = b.center - width / 2
                hi = lo + width
            lo, hi = round(lo, 9), round(hi, 9)
            if panel.types[pos_ch] == "date":
                rec[pos_ch], rec[pos_ch + "2"] = _ms_iso(lo), _ms_iso(hi)
            else:
                rec[pos_ch], rec[pos_ch + "2"] = lo, hi
                panel.extent[pos_ch].extend([lo, hi])
        rec[val_ch] = base + b.value
        rec[val_ch + "2"] = base
        panel.extent[val_ch].extend([base, base + b.value])
        if b.text is not None:
            rec["text"] = b.text
        if b.err is not None:
            rec["err_lo"], rec["err_hi"] = base + b.err[0], base + b.err[1]
            panel.extent[val_ch].extend([rec["err_lo"], rec["err_hi"]])
        records.append(rec)
    series = [s for s in panel.series if s.name in names]
    enc: dict = {pos_ch: panel.encoding(pos_ch),
                 val_ch: dict(panel.encoding(val_ch), stack=None),
                 val_ch + "2": {"field": val_ch + "2"}}
    if not categorical:
        enc[pos_ch + "2"] = {"field": pos_ch + "2"}
    mark: dict = {"type": "bar"}
    if len(panel.series) > 1:
        enc["color"] = panel.color_encoding()
    elif series:
        mark["color"] = series[0].color
    if grouped and categorical:
        enc["yOffset" if horizontal else "xOffset"] = {"field": "series", "type": "nominal",
                                                       "sort": names}
    own = [b.color for b in bars if b.color is not None]
    if own and all(_plotly_num(c) is not None for c in own) and len(own) == len(bars):
        for rec, b in zip(records, bars):
            rec["marker_color"] = _plotly_num(b.color)
        enc["color"] = {"field": "marker_color", "type": "quantitative",
                        "legend": {"title": _coloraxis_title(fig, bars[0].curve) or None}}
        mark.pop("color", None)
    elif own:
        for rec, b in zip(records, bars):
            rec["marker_color"] = _theme_color(str(b.color), 0) if b.color is not None \
                else b.series.color
        uniq = list(dict.fromkeys(rec["marker_color"] for rec in records))
        enc["color"] = {"field": "marker_color", "type": "nominal", "legend": None,
                        "scale": {"domain": uniq, "range": uniq}}
        mark.pop("color", None)
    if opacity is not None:
        mark["opacity"] = opacity
    elif mode == "overlay" and len(names) > 1:
        mark["opacity"] = 0.6
    enc["tooltip"] = [{"field": pos_ch, "type": panel.encoding(pos_ch)["type"],
                       "title": panel.encoding(pos_ch)["title"] or pos_ch},
                      {"field": "value", "type": "quantitative",
                       "title": panel.encoding(val_ch)["title"] or val_ch}]
    if len(names) > 1:
        enc["tooltip"].append({"field": "series", "type": "nominal", "title": "series"})
    panel.layers.append({"data": {"values": records}, "mark": mark, "encoding": enc})
    with_err = [r for r in records if "err_lo" in r]
    if with_err:
        renc = {pos_ch: enc[pos_ch], val_ch: dict(enc[val_ch], field="err_lo"),
                val_ch + "2": {"field": "err_hi"}}
        if not categorical:
            for r in with_err:
                r["mid"] = r[pos_ch] if panel.types[pos_ch] == "date" else \
                    (r[pos_ch] + r[pos_ch + "2"]) / 2
            renc[pos_ch] = dict(enc[pos_ch], field="mid")
        offset = "yOffset" if horizontal else "xOffset"
        if offset in enc:
            renc[offset] = enc[offset]
        panel.layers.append({"data": {"values": with_err},
                             "mark": {"type": "rule", "color": "currentColor"},
                             "encoding": renc})
    if any("text" in r for r in records) and not grouped:
        tenc = {pos_ch: enc[pos_ch], val_ch: enc[val_ch],
                "text": {"field": "text", "type": "nominal"}}
        if not categorical:
            tenc[pos_ch] = dict(enc[pos_ch])
        tmark = {"type": "text", "dy": -6} if not horizontal else {"type": "text", "dx": 6,
                                                                     "align": "left"}
        if not categorical:
            for r in records:
                r["mid"] = r[pos_ch] if panel.types[pos_ch] == "date" else \
                    (r[pos_ch] + r[pos_ch + "2"]) / 2
            tenc[pos_ch] = dict(enc[pos_ch], field="mid")
        panel.layers.append({"data": {"values": [r for r in records if "text" in r]},
                             "mark": tmark, "encoding": tenc})


# -- Plotly: box plots, heatmaps -----------------------------------------------

def _add_boxes(panel: _PlotlyCartesian, boxes: list) -> None:
    """Add one boxplot layer for the panel's box and violin traces."""
    fig = panel.fig
    notes = fig.notes
    records = []
    names: list = []
    horizontal = False
    for curve, trace in boxes:
        if trace.get("type") == "violin":
            notes.append("violin is drawn as a box plot")
        h = trace.get("orientation") == "h" or (trace.get("orientation") is None
                                                and trace.get("y") is None)
        horizontal = horizontal or h
        val_ch, pos_ch = ("x", "y") if h else ("y", "x")
        series = _series_for(fig, trace, curve)
        panel.add_series(series)
        names.append(series.name)
        samples = _plotly_arr(trace, val_ch, notes) or []
        groups = _plotly_arr(trace, pos_ch, notes)
        for i, s in enumerate(samples):
            v = _plotly_num(s)
            if v is None:
                continue
            if groups is not None and i < len(groups):
                cat = _cat_key(groups[i])
            else:
                # Plotly places a box at x, else x0, else its name
                given = trace.get(pos_ch + "0")
                cat = _cat_key(given) if given is not None else series.name
            panel.see_category(pos_ch, cat, v)
            entry = {"curve_number": curve, "point_number": i, "point_index": i,
                     val_ch: s, pos_ch: cat}
            rec = {pos_ch: cat, val_ch: v, "series": series.name,
                   "__sg_pt": fig.add_point(entry)}
            panel.extent[val_ch].append(v)
            records.append(rec)
    val_ch, pos_ch = ("x", "y") if horizontal else ("y", "x")
    panel.types[pos_ch] = "category"
    enc = {pos_ch: panel.encoding(pos_ch), val_ch: panel.encoding(val_ch)}
    enc[val_ch]["scale"] = dict(enc[val_ch].get("scale") or {}, zero=False)
    mark: dict = {"type": "boxplot"}
    unique = list(dict.fromkeys(names))
    if len(panel.series) > 1:
        enc["color"] = panel.color_encoding()
    elif panel.series:
        mark["color"] = panel.series[0].color
    if str(fig.layout.get("boxmode") or fig.layout.get("violinmode")) == "group" \
            and len(unique) > 1:
        enc["yOffset" if horizontal else "xOffset"] = {"field": "series", "type": "nominal",
                                                       "sort": unique}
    panel.layers.append({"data": {"values": records}, "mark": mark, "encoding": enc})


def _add_heatmap(panel: _PlotlyCartesian, curve: int, trace: dict) -> None:
    """Add a heatmap trace as a rect layer with a quantitative colour scale."""
    fig = panel.fig
    notes = fig.notes
    z = trace.get("z")
    if not isinstance(z, list) or not z:
        notes.append("heatmap without a z matrix is skipped")
        return
    if not isinstance(z[0], list):
        z = [z]
    if trace.get("type") in ("contour", "histogram2dcontour"):
        notes.append(f"{trace.get('type')} is drawn as a heatmap")
    if trace.get("transpose"):
        z = [list(col) for col in zip(*z)]
    rows = len(z)
    cols = max(len(r) for r in z if isinstance(r, list))
    if rows * cols > PLOTLY_MAX_CELLS:
        keep = max(1, PLOTLY_MAX_CELLS // cols)
        notes.append(f"heatmap cut to its first {keep} of {rows} rows")
        z, rows = z[:keep], keep
    xs = _flatten_multicategory(_plotly_coords(trace, "x", cols, notes))
    ys = _flatten_multicategory(_plotly_coords(trace, "y", rows, notes))
    records = []
    for r in range(rows):
        row = z[r] if isinstance(z[r], list) else []
        for c in range(min(cols, len(row))):
            v = _plotly_num(row[c])
            if v is None:
                continue
            xl = _cat_key(xs[c]) if c < len(xs) else c
            yl = _cat_key(ys[r]) if r < len(ys) else r
            entry = {"curve_number": curve, "point_number": [r, c], "point_index": [r, c],
                     "x": xl, "y": yl, "z": row[c]}
            rec = {"x": xl, "y": yl, "z": v, "__sg_pt": fig.add_point(entry)}
            if isinstance(trace.get("texttemplate"), str):
                rec["label"] = _fill_template(trace["texttemplate"], {"x": xl, "y": yl, "z": v})
            records.append(rec)
    xcats = list(dict.fromkeys(_cat_key(xs[c]) if c < len(xs) else c for c in range(cols)))
    ycats = list(dict.fromkeys(_cat_key(ys[r]) if r < len(ys) else r for r in range(rows)))
    for c in xcats:
        panel.see_category("x", c)
    for c in ycats:
        panel.see_category("y", c)
    panel.types["x"] = panel.types["y"] = "category"
    xenc = panel.encoding("x")
    yenc = panel.encoding("y")
    xenc["type"] = yenc["type"] = "ordinal"
    for enc in (xenc, yenc):                    # cells touch, as in Plotly
        enc["scale"] = dict(enc.get("scale") or {}, paddingInner=0)
    color_title = ""
    axis_name = trace.get("coloraxis")
    if isinstance(axis_name, str) and isinstance(fig.layout.get(axis_name), dict):
        bar = fig.layout[axis_name].get("colorbar")
        color_title = _plotly_text(bar.get("title")) if isinstance(bar, dict) else ""
    elif isinstance(trace.get("colorbar"), dict):
        color_title = _plotly_text(trace["colorbar"].get("title"))
    color = {"field": "z", "type": "quantitative",
             "legend": None if trace.get("showscale") is False else {"title": color_title or None}}
    zmin, zmax = _plotly_num(trace.get("zmin")), _plotly_num(trace.get("zmax"))
    if zmin is not None and zmax is not None:
        color["scale"] = {"domain": [zmin, zmax]}
    panel.heat_color = True
    tooltip = [{"field": "x", "type": "ordinal", "title": xenc["title"] or "x"},
               {"field": "y", "type": "ordinal", "title": yenc["title"] or "y"},
               {"field": "z", "type": "quantitative", "title": color_title or "z"}]
    panel.layers.append({"data": {"values": records}, "mark": {"type": "rect"},
                         "encoding": {"x": xenc, "y": yenc, "color": color,
                                      "tooltip": tooltip}})
    if any("label" in rec for rec in records):                # texttemplate, px text_auto
        panel.layers.append({"data": {"values": records},
                             "mark": {"type": "text", "align": "center"},
                             "encoding": {"x": xenc, "y": yenc,
                                          "text": {"field": "label", "type": "nominal"}}})


_TEMPLATE_FIELD = re.compile(r"%\{(\w+)(?::([^}]*))?\}")


def _fill_template(template: str, values: dict) -> str:
    """Fill a Plotly ``texttemplate`` such as ``"%{z:.2f}"`` from a datum's values."""
    def _one(m: re.Match) -> str:
        """Format one ``%{field:format}`` placeholder."""
        value = values.get(m.group(1), "")
        fmt = m.group(2)
        if fmt and _plotly_num(value) is not None:
            return _plotly_format_number(_plotly_num(value), fmt)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return _TEMPLATE_FIELD.sub(_one, template[:200])


def _add_histogram2d(panel: _PlotlyCartesian, curve: int, trace: dict) -> None:
    """Bin a 2-D histogram (density heatmap) here and draw it as rects."""
    fig = panel.fig
    notes = fig.notes
    if trace.get("type") == "histogram2dcontour":
        notes.append("histogram2dcontour is drawn as a 2-D histogram")
    xs = _plotly_arr(trace, "x", notes) or []
    ys = _plotly_arr(trace, "y", notes) or []
    zs = _plotly_arr(trace, "z", notes)
    pairs = []
    for i in range(min(len(xs), len(ys))):
        cx, cy = panel.continuous("x", xs[i]), panel.continuous("y", ys[i])
        if cx is not None and cy is not None:
            pairs.append((i, cx, cy))
    if not pairs or "category" in (panel.types["x"], panel.types["y"]):
        notes.append("histogram2d needs numeric or date x and y; skipped")
        return
    xstart, xsize, xcount = _auto_bins([p[1] for p in pairs],
                                       int(_plotly_num(trace.get("nbinsx")) or 0) or None)
    ystart, ysize, ycount = _auto_bins([p[2] for p in pairs],
                                       int(_plotly_num(trace.get("nbinsy")) or 0) or None)
    func = str(trace.get("histfunc") or "count")
    cells: dict = {}
    for i, cx, cy in pairs:
        kx = min(xcount - 1, max(0, int(math.floor((cx - xstart) / xsize))))
        ky = min(ycount - 1, max(0, int(math.floor((cy - ystart) / ysize))))
        cells.setdefault((kx, ky), []).append(i)
    records = []
    for (kx, ky), idx in sorted(cells.items()):
        if func == "count" or zs is None:
            v = float(len(idx))
        else:
            ws = [w for w in (_plotly_num(zs[i]) for i in idx if i < len(zs)) if w is not None]
            v = {"sum": sum(ws), "avg": sum(ws) / len(ws) if ws else 0.0,
                 "min": min(ws) if ws else 0.0, "max": max(ws) if ws else 0.0}.get(func,
                                                                                  float(len(idx)))
        x0, y0 = xstart + kx * xsize, ystart + ky * ysize
        conv = {"x": _ms_iso if panel.types["x"] == "date" else float,
                "y": _ms_iso if panel.types["y"] == "date" else float}
        entry = {"curve_number": curve, "point_number": [ky, kx], "point_index": [ky, kx],
                 "point_indices": list(idx), "x": conv["x"](x0 + xsize / 2),
                 "y": conv["y"](y0 + ysize / 2), "z": v}
        records.append({"x": conv["x"](x0), "x2": conv["x"](x0 + xsize),
                        "y": conv["y"](y0), "y2": conv["y"](y0 + ysize), "z": v,
                        "__sg_pt": fig.add_point(entry)})
        panel.extent["x"].extend([x0, x0 + xsize])
        panel.extent["y"].extend([y0, y0 + ysize])
    color_title = "count" if func == "count" else func
    axis_name = trace.get("coloraxis")
    if isinstance(axis_name, str) and isinstance(fig.layout.get(axis_name), dict):
        bar = fig.layout[axis_name].get("colorbar")
        color_title = (_plotly_text(bar.get("title")) if isinstance(bar, dict) else "") or color_title
    panel.heat_color = True
    panel.layers.append({"data": {"values": records}, "mark": {"type": "rect"},
                         "encoding": {"x": panel.encoding("x"), "x2": {"field": "x2"},
                                      "y": panel.encoding("y"), "y2": {"field": "y2"},
                                      "color": {"field": "z", "type": "quantitative",
                                                "legend": {"title": color_title}}}})


# -- Plotly: domain traces: pie and indicator ----------------------------------

def _pie_spec(fig: _PlotlyFigure, curve: int, trace: dict, plot_h: int) -> dict:
    """Return a pie (or donut, with ``hole``) as an arc spec; slices as Plotly orders them."""
    notes = fig.notes
    labels = _plotly_arr(trace, "labels", notes)
    values = _plotly_arr(trace, "values", notes)
    if labels is None and values is None:
        notes.append("pie without labels or values is skipped")
        return {"mark": "arc", "data": {"values": []}, "encoding": {}}
    if labels is None:
        start = _plotly_num(trace.get("label0")) or 0.0
        step = _plotly_num(trace.get("dlabel")) or 1.0
        labels = [start + i * step for i in range(len(values or []))]
    totals: dict = {}
    members: dict = {}
    for i, lab in enumerate(labels):
        v = 1.0 if values is None else (_plotly_num(values[i]) if i < len(values) else None)
        if v is None or v < 0:
            continue
        key = _cat_key(lab)
        totals[key] = totals.get(key, 0.0) + v
        members.setdefault(key, []).append(i)
    order = list(totals)
    if trace.get("sort", True) is not False:
        order.sort(key=lambda k: -totals[k])
    if trace.get("direction") == "counterclockwise":
        notes.append("pie direction 'counterclockwise' is drawn clockwise")
    whole = sum(totals.values()) or 1.0
    marker = trace.get("marker") if isinstance(trace.get("marker"), dict) else {}
    given = marker.get("colors") if isinstance(marker.get("colors"), list) else []
    first_seen = list(totals)
    colors = []
    for k in order:
        i = first_seen.index(k)
        colors.append(_theme_color(given[i] if i < len(given) else None, i))
    records = []
    for n, k in enumerate(order):
        first = members[k][0]
        entry = {"curve_number": curve, "point_number": first, "point_index": first,
                 "point_numbers": list(members[k]), "label": k, "value": totals[k],
                 "percent": totals[k] / whole}
        records.append({"label": k, "value": totals[k], "order": n,
                        "percent": f"{100 * totals[k] / whole:.1f}%",
                        "__sg_pt": fig.add_point(entry)})
    mark: dict = {"type": "arc"}
    hole = _plotly_num(trace.get("hole"))
    if hole and 0 < hole < 1:
        # Vega-Lite wants the hole in pixels: the pie fills the plot height we fix here
        mark["innerRadius"] = round(hole * (plot_h / 2 - PLOTLY_PIE_INSET), 1)
    scale: dict = {"domain": order}
    if colors != [CHART_PALETTE[i % len(CHART_PALETTE)] for i in range(len(colors))]:
        scale["range"] = colors
    legend_on = fig.layout.get("showlegend") is not False and trace.get("showlegend") is not False
    legend_title = ""
    if isinstance(fig.layout.get("legend"), dict):
        legend_title = _plotly_text(fig.layout["legend"].get("title"))
    spec = {"data": {"values": records}, "mark": mark,
            "height": plot_h,
            "encoding": {"theta": {"field": "value", "type": "quantitative", "stack": True},
                         "order": {"field": "order", "type": "quantitative"},
                         "color": {"field": "label", "type": "nominal", "sort": order,
                                   "scale": scale,
                                   "legend": {"title": legend_title or None} if legend_on
                                   else None},
                         "tooltip": [{"field": "label", "type": "nominal", "title": "label"},
                                     {"field": "value", "type": "quantitative",
                                      "title": "value"},
                                     {"field": "percent", "type": "nominal",
                                      "title": "percent"}]}}
    title = _plotly_text(trace.get("title"))
    if title:
        spec["title"] = title
    return spec


def _plotly_format_number(value: float, fmt: Any) -> str:
    """Format an indicator value with a d3-style format's precision part."""
    if isinstance(fmt, str):
        m = re.match(r"^([,]?)\.(\d+)([fe%])$", fmt.strip())
        if m:
            comma, prec, kind = m.groups()
            if kind == "%":
                return f"{value * 100:{comma}.{prec}f}%"
            return f"{value:{comma}.{prec}{kind}}"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1e4 or abs(value) < 1e-3 else f"{value:.4g}"


def _indicator_spec(fig: _PlotlyFigure, curve: int, trace: dict) -> dict:
    """Return an indicator as a layer of large centred text marks."""
    value = _plotly_num(trace.get("value"))
    mode = str(trace.get("mode") or "number")
    number = trace.get("number") if isinstance(trace.get("number"), dict) else {}
    delta = trace.get("delta") if isinstance(trace.get("delta"), dict) else {}
    if "gauge" in mode:
        fig.notes.append("indicator gauge is drawn as its number")
    layers = []
    title = _plotly_text(trace.get("title"))
    has_delta = "delta" in mode and value is not None and _plotly_num(delta.get("reference")) is not None
    if title:
        layers.append({"mark": {"type": "text", "fontSize": 16, "dy": -52, "align": "center"},
                       "encoding": {"text": {"value": title}}})
    if value is not None and ("number" in mode or "gauge" in mode or not has_delta):
        shown = f"{number.get('prefix') or ''}" \
                f"{_plotly_format_number(value, number.get('valueformat'))}" \
                f"{number.get('suffix') or ''}"
        layers.append({"mark": {"type": "text", "fontSize": 48, "dy": 0 if title else -8,
                                "align": "center", "fontWeight": "bold"},
                        "encoding": {"text": {"value": shown}}})
    if has_delta:
        ref = _plotly_num(delta["reference"])
        diff = value - ref
        if delta.get("relative"):
            diff = diff / ref if ref else 0.0
        up = diff >= 0
        inc = delta.get("increasing") if isinstance(delta.get("increasing"), dict) else {}
        dec = delta.get("decreasing") if isinstance(delta.get("decreasing"), dict) else {}
        color = (inc.get("color") or "#3d9970") if up else (dec.get("color") or "#ff4136")
        symbol = (inc.get("symbol") or "\u25b2") if up else (dec.get("symbol") or "\u25bc")
        fmt = delta.get("valueformat") or (".1%" if delta.get("relative") else None)
        text = f"{symbol}{delta.get('prefix') or ''}" \
               f"{_plotly_format_number(abs(diff), fmt)}{delta.get('suffix') or ''}"
        layers.append({"mark": {"type": "text", "fontSize": 20, "dy": 44, "align": "center",
                                "color": color},
                       "encoding": {"text": {"value": text}}})
    entry = {"curve_number": curve, "point_number": 0, "point_index": 0, "value": value}
    data = {"values": [{"value": value, "__sg_pt": fig.add_point(entry)}]}
    if not layers:
        fig.notes.append("indicator without a value is skipped")
        return {"data": data, "mark": "text", "encoding": {}}
    return {"data": data, "layer": layers}


# -- Plotly: panels, arrangement, entry points ---------------------------------

def _plotly_domain(box: Any, axis: str) -> tuple:
    """Return a [lo, hi] paper-coordinate domain, defaulting to the whole page."""
    if isinstance(box, dict) and isinstance(box.get(axis), list) and len(box[axis]) == 2:
        lo, hi = _plotly_num(box[axis][0]), _plotly_num(box[axis][1])
        if lo is not None and hi is not None:
            return lo, hi
    return 0.0, 1.0


def _cartesian_panel(fig: _PlotlyFigure, panel: _PlotlyCartesian) -> _PlotlyCartesian:
    """Build all layers of one x/y subplot from its traces."""
    panel.resolve_types()
    bars: list = []
    hists: list = []
    boxes: list = []
    prev_y: dict | None = None
    stack_bases: dict = {}
    bar_opacity = None
    horizontal = False
    for curve, trace in panel.traces:
        kind = trace.get("type")
        if kind in ("scatter", "scattergl"):
            group = trace.get("stackgroup")
            base = stack_bases.setdefault(group, {}) if group else {}
            prev_y = _add_scatter(panel, curve, trace, prev_y, base)
        elif kind == "bar":
            horizontal = horizontal or _bar_orientation(trace) == "h"
            _collect_bar(panel, curve, trace, bars)
            bar_opacity = _plotly_num(trace.get("opacity")) if bar_opacity is None else bar_opacity
        elif kind == "histogram":
            hists.append((curve, trace))
            horizontal = horizontal or _is_horizontal_hist(trace)
            bar_opacity = _plotly_num(trace.get("opacity")) if bar_opacity is None else bar_opacity
        elif kind in ("box", "violin"):
            boxes.append((curve, trace))
        elif kind in ("heatmap", "heatmapgl", "contour"):
            _add_heatmap(panel, curve, trace)
        elif kind in ("histogram2d", "histogram2dcontour"):
            _add_histogram2d(panel, curve, trace)
    if hists:
        _collect_histograms(panel, hists, bars)
    if bars:
        mode = str(fig.layout.get("barmode") or "group")
        before = len(panel.layers)
        _add_bar_layer(panel, bars, horizontal, mode, bar_opacity)
        # bars (with their error bars and labels) go below lines and markers, as in Plotly
        panel.layers[:] = panel.layers[before:] + panel.layers[:before]
    if boxes:
        _add_boxes(panel, boxes)
    return panel


def _facet_label(layout: dict, x0: float, x1: float, y0: float, y1: float) -> str:
    """Return the Plotly Express facet annotations ("col=value") that label a panel."""
    labels = []
    anns = layout.get("annotations") if isinstance(layout.get("annotations"), list) else []
    for ann in anns[:PLOTLY_MAX_PANELS * 4]:
        if not isinstance(ann, dict) or ann.get("showarrow", True) is not False:
            continue
        if ann.get("xref") != "paper" or ann.get("yref") != "paper":
            continue
        text, ax, ay = ann.get("text"), _plotly_num(ann.get("x")), _plotly_num(ann.get("y"))
        if not isinstance(text, str) or ax is None or ay is None:
            continue
        if ann.get("textangle") in (90, -90):          # a row label at the right edge
            if y0 <= ay <= y1 and ax >= x1 - 1e-6:
                labels.append(text)
        elif x0 <= ax <= x1 and ay >= y1 - 1e-6:       # a column label above the panel
            labels.append(text)
    return ", ".join(labels)


def _share_matched_axes(fig: _PlotlyFigure, panels: list) -> None:
    """Give axes that Plotly ``matches`` together one explicit common scale domain."""
    for ch in ("x", "y"):
        groups: dict = {}
        for p in panels:
            axis = p.xaxis if ch == "x" else p.yaxis
            name = p.xname if ch == "x" else p.yname
            root = axis.get("matches") if isinstance(axis.get("matches"), str) else name
            groups.setdefault(root, []).append(p)
        for members in groups.values():
            if len(members) < 2 or any(p.types[ch] not in ("linear",) for p in members):
                continue
            values = [v for p in members for v in p.extent[ch]]
            if not values:
                continue
            lo, hi = min(values), max(values)
            for p in members:
                axis = p.xaxis if ch == "x" else p.yaxis
                if isinstance(axis.get("range"), list):
                    continue
                for layer in _unit_specs(p.spec_cache):
                    enc = layer.get("encoding", {}).get(ch)
                    if isinstance(enc, dict) and enc.get("type") == "quantitative":
                        enc["scale"] = dict(enc.get("scale") or {}, domain=[lo, hi], nice=True)


def _unit_specs(spec: dict, depth: int = 0) -> list:
    """Return the unit specs inside a unit or (nested) layer spec."""
    if not isinstance(spec.get("layer"), list) or depth > 3:
        return [spec]
    return [u for sub in spec["layer"] for u in _unit_specs(sub, depth + 1)]


def _concat_children(spec: dict) -> list:
    """Return the panels of a concat spec in reading order (the spec itself if none)."""
    out = []
    for key in ("vconcat", "hconcat"):
        for sub in spec.get(key) or []:
            out.extend(_concat_children(sub))
    return out or [spec]


def _keep_one_legend(spec: dict) -> None:
    """Show the series legend once, on the last panel, as Plotly's single legend does."""
    panels = _concat_children(spec)
    with_legend = [p for p in panels if any(
        isinstance(u.get("encoding", {}).get("color"), dict)
        and u["encoding"]["color"].get("field") == "series"
        and u["encoding"]["color"].get("legend") is not None for u in _unit_specs(p))]
    for p in with_legend[:-1]:
        for u in _unit_specs(p):
            color = u.get("encoding", {}).get("color")
            if isinstance(color, dict) and color.get("field") == "series":
                color["legend"] = None


def _arrange(panels: list) -> dict:
    """Place panels into rows and columns by their paper domains (hconcat/vconcat)."""
    if len(panels) == 1:
        return dict(panels[0].spec)
    rows: list = []
    for p in sorted(panels, key=lambda q: -(q.y0 + q.y1)):
        mid = (p.y0 + p.y1) / 2
        for row in rows:
            if row[0].y0 - 1e-6 <= mid <= row[0].y1 + 1e-6:
                row.append(p)
                break
        else:
            rows.append([p])
    lines = []
    for row in rows:
        row.sort(key=lambda q: q.x0)
        lines.append(row[0].spec if len(row) == 1 else {"hconcat": [q.spec for q in row]})
    return lines[0] if len(lines) == 1 else {"vconcat": lines}


def plotly_to_vega_lite(fig: Any) -> tuple:
    """Translate a Plotly figure into (Vega-Lite spec, notes, selection point map)."""
    try:
        spec, notes, points = _plotly_translate(fig)
    except Exception as exc:        # a figure we misread must never break the page
        return ({"mark": "point", "data": {"values": []}},
                [f"the figure could not be translated ({type(exc).__name__})"], [])
    return _plotly_finite(spec), notes, _plotly_finite(points)


def _plotly_finite(value: Any, depth: int = 0) -> Any:
    """Replace infinities and NaNs (which JSON cannot carry) by None, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if depth > PLOTLY_MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {k: _plotly_finite(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_plotly_finite(v, depth + 1) for v in value]
    return value


def _plotly_translate(fig: Any) -> tuple:
    """Do the work of plotly_to_vega_lite (which guards it)."""
    notes: list = []
    raw = _plotly_plain(_figure_dict(fig), notes)
    if not isinstance(raw, dict):
        raw = {}
    data = raw.get("data") if isinstance(raw.get("data"), list) else []
    layout = raw.get("layout") if isinstance(raw.get("layout"), dict) else {}
    if len(data) > PLOTLY_MAX_TRACES:
        notes.append(f"only the first {PLOTLY_MAX_TRACES} of {len(data)} traces are drawn")
        data = data[:PLOTLY_MAX_TRACES]
    ctx = _PlotlyFigure(layout, notes)
    ctx.traces = [t if isinstance(t, dict) else {} for t in data]
    cartesian: dict = {}
    order: list = []                               # panel keys in first-seen order
    for curve, trace in enumerate(data):
        if not isinstance(trace, dict):
            continue
        kind = str(trace.get("type") or "scatter")
        trace = dict(trace, type=kind)
        if trace.get("visible") is False:
            continue
        if kind not in PLOTLY_SUPPORTED:
            notes.append(f"trace type '{kind}' is not supported and is not drawn")
            continue
        if kind in ("pie", "indicator"):
            order.append(("domain", curve, trace))
            continue
        key = (str(trace.get("xaxis") or "x"), str(trace.get("yaxis") or "y"))
        if key not in cartesian:
            cartesian[key] = _PlotlyCartesian(ctx, *key)
            order.append(("xy", key, None))
        cartesian[key].traces.append((curve, trace))
    legend: list = []                              # Plotly has one legend per figure
    for curve, trace in sorted((t for p in cartesian.values() for t in p.traces),
                               key=lambda t: t[0]):
        if trace.get("type") not in _COLORSCALE_TYPES:
            found = _series_for(ctx, trace, curve)
            if all(found.name != known.name for known in legend):
                legend.append(found)
    for panel in cartesian.values():
        panel.series = legend
    layout_h = _plot_height(layout)
    if len(order) == 1:
        plot_h = layout_h or PLOTLY_PLOT_HEIGHT
    else:
        plot_h = PLOTLY_PANEL_HEIGHT
    panels: list = []
    built: list = []
    for kind, key, trace in order[:PLOTLY_MAX_PANELS]:
        try:
            if kind == "domain":
                spec = _pie_spec(ctx, key, trace, plot_h) if trace["type"] == "pie" \
                    else _indicator_spec(ctx, key, trace)
                x0, x1 = _plotly_domain(trace.get("domain"), "x")
                y0, y1 = _plotly_domain(trace.get("domain"), "y")
                panels.append(_PlotlyPanel(spec, x0, x1, y0, y1))
                continue
            panel = _cartesian_panel(ctx, cartesian[key])
            panel.spec_cache = panel.spec()
            built.append(panel)
            if _merge_secondary_axis(panel, built, panels):
                continue
            x0, x1 = _axis_domain(panel.xaxis)
            y0, y1 = _axis_domain(panel.yaxis)
            label = _facet_label(layout, x0, x1, y0, y1) if len(order) > 1 else ""
            if label:
                panel.spec_cache["title"] = label
            panels.append(_PlotlyPanel(panel.spec_cache, x0, x1, y0, y1))
        except (ValueError, TypeError, KeyError, IndexError, ZeroDivisionError,
                OverflowError) as exc:
            notes.append(f"a {kind} panel could not be drawn ({type(exc).__name__})")
    if len(order) > PLOTLY_MAX_PANELS:
        notes.append(f"only the first {PLOTLY_MAX_PANELS} subplots are drawn")
    if len(built) > 1:
        _share_matched_axes(ctx, built)
    if not panels:
        spec: dict = {"mark": "point", "data": {"values": []}}
    else:
        spec = _arrange(panels)
        _keep_one_legend(spec)
    title = _plotly_text(layout.get("title"))
    if title:
        spec["title"] = title
    _note_layout_extras(raw, layout, notes)
    if layout_h is not None and len(panels) == 1:
        spec.setdefault("height", layout_h)
    return spec, _dedupe(notes), ctx.points


def _plot_height(layout: dict) -> int | None:
    """Return the plot-area height a figure's ``height`` and margins leave, or None."""
    height = _plotly_num(layout.get("height"))
    if height is None:
        return None
    margin = layout.get("margin") if isinstance(layout.get("margin"), dict) else {}
    top = _plotly_num(margin.get("t"))
    bottom = _plotly_num(margin.get("b"))
    plot = height - (PLOTLY_MARGIN_T if top is None else top) \
        - (PLOTLY_MARGIN_B if bottom is None else bottom)
    return int(max(PLOTLY_MIN_PLOT, plot))


def _note_layout_extras(raw: dict, layout: dict, notes: list) -> None:
    """Name the layout features this translation leaves out."""
    if raw.get("frames"):
        notes.append("animation frames are not played; the first frame is drawn")
    for key, what in (("shapes", "layout shapes"), ("images", "layout images"),
                      ("updatemenus", "buttons and dropdowns"), ("sliders", "sliders")):
        if layout.get(key):
            notes.append(f"{what} are not drawn")
    anns = layout.get("annotations") if isinstance(layout.get("annotations"), list) else []
    if any(isinstance(a, dict) and (a.get("showarrow", True) is not False
                                    or a.get("xref") != "paper" or a.get("yref") != "paper")
           for a in anns):
        notes.append("annotations are not drawn (Plotly Express facet labels are)")


def _merge_secondary_axis(panel: _PlotlyCartesian, built: list, panels: list) -> bool:
    """Layer a panel whose y axis ``overlaying`` another onto that panel (right axis)."""
    target = panel.yaxis.get("overlaying")
    if not isinstance(target, str):
        return False
    for n, placed in enumerate(panels):
        base = next((b for b in built if b.spec_cache is placed.spec), None)
        if base is None or base.yname != target:
            continue
        for unit in _unit_specs(panel.spec_cache):
            enc = unit.get("encoding", {}).get("y")
            if isinstance(enc, dict) and ("axis" not in enc or enc["axis"] is not None):
                enc["axis"] = dict(enc.get("axis") or {}, orient="right")
        # one child per y axis: the children's own layers share that axis' scale
        merged = {"layer": [placed.spec, panel.spec_cache],
                  "resolve": {"scale": {"y": "independent"}}}
        base.spec_cache = merged
        panels[n] = placed._replace(spec=merged)
        return True
    return False


def _axis_domain(axis: dict) -> tuple:
    """Return an axis' ``domain`` as (lo, hi), defaulting to the whole page."""
    dom = axis.get("domain")
    if isinstance(dom, list) and len(dom) == 2:
        lo, hi = _plotly_num(dom[0]), _plotly_num(dom[1])
        if lo is not None and hi is not None:
            return lo, hi
    return 0.0, 1.0


def _dedupe(notes: list) -> list:
    """Return notes once each, in first-seen order."""
    return list(dict.fromkeys(notes))


def plotly_selection_state(point_map: list, selected: list) -> dict:
    """Build Streamlit's ``selection`` state from clicked point-map indices."""
    points: list = []
    indices: list = []
    for n in selected[:PLOTLY_MAX_POINTS]:
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < len(point_map):
            continue
        entry = point_map[n]
        points.append(dict(entry))
        if "point_index" in entry:
            indices.append(entry["point_index"])
        elif isinstance(entry.get("point_indices"), list):
            indices.extend(entry["point_indices"])
    return {"selection": {"points": points, "point_indices": indices, "box": [], "lasso": []}}


def render_plotly(fig: Any, *, width: int = 720, height: int | None = None,
                  selectable: bool = False):
    """Render a Plotly figure to SVG (a ChartSVG whose points are selection entries)."""
    spec, notes, point_map = plotly_to_vega_lite(fig)
    if height is not None:
        spec.pop("height", None)                  # the caller's height wins over the figure's
    out = render_vega_lite(spec, None, width=width, height=height, selectable=selectable)
    # element N's datum carries __sg_pt, the index of its Streamlit selection entry;
    # elements drawn from no Plotly point (error bars, labels) map to None
    linked = []
    for datum in out.points:
        n = datum.get("__sg_pt") if isinstance(datum, dict) else None
        ok = isinstance(n, int) and not isinstance(n, bool) and 0 <= n < len(point_map)
        linked.append(point_map[n] if ok else None)
    return out._replace(notes=notes + [n for n in out.notes if n not in notes], points=linked)



# -- Maps: st.map and st.pydeck_chart ------------------------------------------
#
# A map is a list of MapPoint records. st.map builds them from a table whose
# latitude/longitude columns are found by name, exactly like Streamlit;
# st.pydeck_chart reads them out of a pydeck Deck's JSON. The renderer then
# projects each point with Web Mercator, the projection of every web map:
#
#     x = (lon + 180) / 360 * S
#     y = (1 - ln(tan(lat) + sec(lat)) / pi) / 2 * S       S = 256 * 2**zoom
#
# so one "world" is a square of S pixels, north is up and east is right.

MAP_LAT_NAMES = ("lat", "latitude", "LAT", "LATITUDE")      #: Streamlit's names, in its order
MAP_LON_NAMES = ("lon", "longitude", "LON", "LONGITUDE")    #: Streamlit's names, in its order
MAP_DEFAULT_SIZE = 100.0           #: circle radius in metres when none is given (Streamlit's)
MAP_DEFAULT_COLOR = (200, 30, 0, 160)  #: translucent red, Streamlit's default point colour
MAP_DEFAULT_ZOOM = 12.0            #: zoom for a single point or coincident points (Streamlit's)
MAP_MAX_FIT_ZOOM = 17.0            #: fitting never zooms in past street level
MAP_MAX_ZOOM = 22.0                #: an explicit zoom is clamped to what deck.gl accepts
MAP_MAX_ROWS = 1_000_000           #: rows read from a table; bigger -> ValueError (memory bound)
MAP_MAX_DRAWN = 20_000             #: circles drawn; beyond it points are binned to pixel cells
MAP_PAD_PX = 24                    #: free margin around the fitted data
MAP_MIN_RADIUS_PX = 3.0            #: smallest circle drawn (deck radiusMinPixels in st.map)
MAP_MAX_RADIUS_PX = 60.0           #: biggest circle drawn, so one point cannot hide the map
MAP_MAX_LAT = 85.0511287798        #: Web Mercator's edge: the world becomes a square here
MAP_MAX_TILE_ZOOM = 19            #: deepest level tile servers (OSM) serve; deeper views enlarge it
MAP_MAX_TILES = 64                 #: tiles requested per map (a 720x400 view needs <= 15)
MAP_EARTH_CIRCUMFERENCE_M = 40_075_016.686  #: WGS84 equator, gives metres per pixel
MAP_TILE_SIZE = 256                #: pixels per tile side at an integer zoom (slippy-map standard)
_NICE_DEGREES = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,
                 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 90.0)
_MAP_GRATICULE_LINES = 6           #: aim for about this many graticule lines across the view


class MapPoint(NamedTuple):
    """One point of a map: where, how big and what colour."""
    lat: float
    lon: float
    size: float                    # radius, metres (or pixels when pixels=True)
    color: tuple                   # (r, g, b, a), each 0..255
    pixels: bool = False           # size is a pixel radius, not metres
    label: str = ""                # extra tooltip text


class MapView(NamedTuple):
    """A map's requested centre and zoom (pydeck's initialViewState)."""
    latitude: float
    longitude: float
    zoom: float


# -- colours -------------------------------------------------------------------

def _color_component(c: Any, original: Any) -> int:
    """Convert one colour component (int 0..255 or float 0.0..1.0) to an int 0..255."""
    if isinstance(c, bool) or not isinstance(c, (int, float)):
        raise ValueError(_invalid_color_message(original))
    if isinstance(c, float):
        if math.isnan(c):
            raise ValueError(_invalid_color_message(original))
        c = int(c * 255)
    return min(255, max(int(c), 0))


def _invalid_color_message(color: Any) -> str:
    """Return the error text for a value that is not a colour."""
    return (f"This does not look like a valid color: {color!r}. Colors must be a hex "
            f"string like '#ffaa00' or '#ffaa0088', or an RGB(A) tuple of ints 0-255 or "
            f"floats 0.0-1.0.")


def parse_map_color(color: Any) -> tuple:
    """Convert a hex string or an RGB(A) tuple into an (r, g, b, a) tuple of ints."""
    if isinstance(color, str):
        s = color.strip()
        if s.startswith("#") and len(s) in (4, 5, 7, 9) and \
                re.fullmatch(r"[0-9a-fA-F]+", s[1:]):
            h = s[1:]
            if len(h) in (3, 4):
                h = "".join(ch * 2 for ch in h)
            if len(h) == 6:
                h += "ff"
            return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4, 6))
        raise ValueError(_invalid_color_message(color))
    if hasattr(color, "tolist") and not isinstance(color, (list, tuple)):
        color = color.tolist()                    # a numpy array cell
    if isinstance(color, (list, tuple)) and len(color) in (3, 4):
        rgba = [_color_component(c, color) for c in color]
        return tuple(rgba) if len(rgba) == 4 else tuple(rgba) + (255,)
    raise ValueError(_invalid_color_message(color))


def _map_is_null(v: Any) -> bool:
    """Return True for None, NaN and pandas' NaT/NA (anything unequal to itself)."""
    if v is None:
        return True
    try:
        return bool(v != v)
    except Exception:                                # pandas.NA refuses bool()
        return type(v).__name__ == "NAType"


# -- st.map --------------------------------------------------------------------

def _find_lat_lon(columns: list, wanted: Any, human: str, defaults: tuple) -> int:
    """Return the index of the latitude or longitude column, or raise ValueError."""
    existing = ", ".join(repr(c) for c in columns)
    if wanted is not None:
        wanted = str(wanted)
        if wanted in columns:
            return columns.index(wanted)
        raise ValueError(f"Map data has no {human} column named {wanted!r}. "
                         f"Existing columns: {existing}")
    for name in defaults:
        if name in columns:
            return columns.index(name)
    allowed = ", ".join(repr(c) for c in sorted(defaults))
    raise ValueError(f"Map data must contain a {human} column named: {allowed}. "
                     f"Existing columns: {existing}")


def _float_cell(v: Any, column: str) -> float:
    """Convert one coordinate cell to float, naming the column on failure."""
    if _map_is_null(v):
        raise ValueError(f"Column {column} is not allowed to contain null values, such "
                         f"as NaN, NaT, or None.")
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"Column {column} must contain numbers; found {v!r}.") from None
    if math.isinf(f):
        raise ValueError(f"Column {column} must contain finite numbers; found {v!r}.")
    return f


def map_points(columns: list, rows: list, *, latitude: str | None = None,
               longitude: str | None = None, size: Any = None,
               color: Any = None) -> list:
    """Build st.map's points from a table, finding columns the way Streamlit does.

    latitude/longitude name columns; when omitted, the first of 'lat',
    'latitude', 'LAT', 'LATITUDE' (and 'lon', 'longitude', 'LON', 'LONGITUDE')
    present is used. size is a radius in metres or a column of them; color is
    a hex string, an RGB(A) tuple or a column of those.
    """
    columns = [str(c) for c in columns]
    if len(rows) > MAP_MAX_ROWS:
        raise ValueError(f"Map data has {len(rows):,} rows; st.map draws at most "
                         f"{MAP_MAX_ROWS:,}.")
    lat_i = _find_lat_lon(columns, latitude, "latitude", MAP_LAT_NAMES)
    lon_i = _find_lat_lon(columns, longitude, "longitude", MAP_LON_NAMES)
    size_i = color_i = None
    fixed_size, fixed_color = MAP_DEFAULT_SIZE, MAP_DEFAULT_COLOR
    if isinstance(size, str):
        if size not in columns:
            raise ValueError(f"size must be a number of metres or a column name; there is "
                             f"no column named {size!r}. Existing columns: "
                             + ", ".join(repr(c) for c in columns))
        size_i = columns.index(size)
    elif size is not None:
        fixed_size = _float_cell(size, "size")
    if isinstance(color, str) and color in columns:
        color_i = columns.index(color)
    elif color is not None:
        fixed_color = parse_map_color(color)
    lat_name, lon_name = columns[lat_i], columns[lon_i]
    points = []
    for row in rows:
        lat = _float_cell(row[lat_i], lat_name)
        lon = _float_cell(row[lon_i], lon_name)
        s = fixed_size
        if size_i is not None:
            cell = row[size_i]
            s = MAP_DEFAULT_SIZE if _map_is_null(cell) else _float_cell(cell, columns[size_i])
        c = fixed_color
        if color_i is not None:
            try:
                c = parse_map_color(row[color_i])
            except ValueError:
                raise ValueError(f'Column "{columns[color_i]}" does not appear to contain '
                                 f'valid colors.') from None
        points.append(MapPoint(lat, lon, abs(s), c))
    return points


# -- st.pydeck_chart -----------------------------------------------------------

_DECK_FIELD = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_DECK_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _deck_dict(deck: Any) -> dict:
    """Return a pydeck Deck (or its JSON, or a dict shaped like it) as a dict."""
    if isinstance(deck, dict):
        return deck
    if isinstance(deck, (str, bytes)):
        return _json.loads(deck)
    if hasattr(deck, "to_json"):
        out = deck.to_json()
        return _json.loads(out) if isinstance(out, (str, bytes)) else dict(out)
    if hasattr(deck, "__dict__"):
        d = dict(vars(deck))
        layers = d.get("layers") or []
        if not isinstance(layers, list):
            layers = [layers]
        d["layers"] = [ly if isinstance(ly, dict) else dict(vars(ly)) for ly in layers]
        return d
    raise ValueError(f"st.pydeck_chart needs a pydeck.Deck; got {type(deck).__name__}.")


def _parse_accessor(expr: Any) -> Any:
    """Parse a deck.gl accessor into a constant, a field name or a list of those.

    "@@=[lon, lat]", "[lon, lat]" -> ["lon", "lat"]; "@@=size" -> "size";
    "[200, 30, 0]" -> [200.0, 30.0, 0.0]; numbers and lists pass through.
    Only names and numbers are understood: nothing is ever evaluated.
    """
    if not isinstance(expr, str):
        return expr
    s = expr.strip()
    if s.startswith("@@="):
        s = s[3:].strip()
    if s.startswith("[") and s.endswith("]"):
        items = []
        for part in s[1:-1].split(","):
            part = part.strip()
            if _DECK_NUMBER.fullmatch(part):
                items.append(float(part))
            elif _DECK_FIELD.fullmatch(part):
                items.append(part)
            else:
                return None
        return items
    if _DECK_NUMBER.fullmatch(s):
        return float(s)
    if _DECK_FIELD.fullmatch(s):
        return s
    return None


def _deck_get_field(record: Any, name: str) -> Any:
    """Read a (dotted) field of a data record, or None if it is missing."""
    cur = record
    for part in name.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        elif isinstance(cur, (list, tuple)) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return None
    return cur


def _eval_accessor(acc: Any, record: Any) -> Any:
    """Apply a parsed accessor to one data record."""
    if isinstance(acc, str):
        return _deck_get_field(record, acc)
    if isinstance(acc, list):
        return [_deck_get_field(record, a) if isinstance(a, str) else a for a in acc]
    return acc


def _layer_records(data: Any) -> list | None:
    """Return a layer's data as a list of records (dicts or lists), or None."""
    if isinstance(data, list):
        return data
    if hasattr(data, "to_dict"):                     # a pandas DataFrame
        try:
            return data.to_dict("records")
        except Exception:
            return None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        out = []
        for f in data.get("features") or []:
            geom = (f or {}).get("geometry") or {}
            if geom.get("type") == "Point":
                out.append({"coordinates": geom.get("coordinates"),
                            "properties": f.get("properties") or {}})
        return out
    return None


def pydeck_view(deck: Any) -> MapView | None:
    """Return a Deck's initialViewState as a MapView, or None if it has none."""
    d = _deck_dict(deck)
    vs = d.get("initialViewState") or d.get("initial_view_state")
    if hasattr(vs, "__dict__") and not isinstance(vs, dict):
        vs = vars(vs)
    if not isinstance(vs, dict):
        return None
    try:
        return MapView(float(vs["latitude"]), float(vs["longitude"]),
                       float(vs.get("zoom", MAP_DEFAULT_ZOOM)))
    except (KeyError, TypeError, ValueError):
        return None


def pydeck_points(deck: Any) -> tuple:
    """Read a pydeck Deck's layers into MapPoints; return (points, notes).

    ScatterplotLayers become circles sized in metres. Every other layer with
    a position accessor contributes its positions as small plain dots, and a
    note says that this layer type is only approximated.
    """
    d = _deck_dict(deck)
    layers = d.get("layers") or []
    if isinstance(layers, dict):
        layers = [layers]
    points, notes = [], []
    total = 0
    for k, layer in enumerate(layers):
        if not isinstance(layer, dict):
            layer = dict(vars(layer)) if hasattr(layer, "__dict__") else {}
        ltype = str(layer.get("@@type") or layer.get("type") or "Layer")
        records = _layer_records(layer.get("data"))
        if records is None:
            what = "a URL" if isinstance(layer.get("data"), str) else "not inline"
            notes.append(f"{ltype}: its data is {what}, so it is not drawn.")
            continue
        scatter = ltype == "ScatterplotLayer"
        pos_keys = ["getPosition"]
        if not scatter and "getSourcePosition" in layer and "getPosition" not in layer:
            pos_keys = ["getSourcePosition", "getTargetPosition"]     # ArcLayer, LineLayer
        accs = [_parse_accessor(layer.get(key, "@@=position" if key == "getPosition"
                                          else None)) for key in pos_keys]
        if any(a is None for a in accs):
            notes.append(f"{ltype}: its position accessor is not a list of field names, "
                         f"so it is not drawn.")
            continue
        radius = _parse_accessor(layer.get("getRadius", 1.0))
        scale = _map_num(layer.get("radiusScale"), 1.0)
        fill = _parse_accessor(layer.get("getFillColor", layer.get("getColor",
                                                                    [0, 0, 0, 255])))
        pixels = str(layer.get("radiusUnits", "meters")) == "pixels"
        color_default = _palette_rgba(k)
        skipped = 0
        for rec in records:
            if total >= MAP_MAX_ROWS:
                break
            for acc in accs:
                pos = _eval_accessor(acc, rec)
                if not isinstance(pos, (list, tuple)) or len(pos) < 2:
                    skipped += 1
                    continue
                try:
                    lon, lat = float(pos[0]), float(pos[1])
                except (TypeError, ValueError):
                    skipped += 1
                    continue
                if not (math.isfinite(lat) and math.isfinite(lon)):
                    skipped += 1
                    continue
                total += 1
                if scatter:
                    r = _map_num(_eval_accessor(radius, rec), 1.0) * scale
                    c = _deck_color(_eval_accessor(fill, rec))
                    points.append(MapPoint(lat, lon, abs(r), c, pixels))
                else:
                    points.append(MapPoint(lat, lon, MAP_MIN_RADIUS_PX, color_default, True))
        if not scatter:
            notes.append(f"{ltype} is drawn as plain points at its positions.")
        if skipped:
            notes.append(f"{ltype}: {skipped:,} rows without a usable position were skipped.")
    if total >= MAP_MAX_ROWS:
        notes.append(f"Only the first {MAP_MAX_ROWS:,} positions are drawn.")
    return points, notes


def _deck_color(value: Any) -> tuple:
    """Convert a deck.gl colour (3 or 4 numbers, all on the 0..255 scale) to (r, g, b, a)."""
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):
        value = value.tolist()
    if isinstance(value, str):
        try:
            return parse_map_color(value)
        except ValueError:
            return (0, 0, 0, 255)
    if isinstance(value, (list, tuple)) and len(value) in (3, 4):
        rgba = [min(255, max(0, int(_map_num(c, 0.0)))) for c in value]
        return tuple(rgba) + ((255,) if len(rgba) == 3 else ())
    return (0, 0, 0, 255)                            # deck.gl's default fill


def _map_num(v: Any, default: float) -> float:
    """Return v as a finite float, or default."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return default
    return f if math.isfinite(f) else default


def _palette_rgba(k: int) -> tuple:
    """Return the k-th series colour as an (r, g, b, a) tuple."""
    return parse_map_color(CHART_PALETTE[k % len(CHART_PALETTE)])


# -- projection ----------------------------------------------------------------

def mercator_xy(lat: float, lon: float, zoom: float = 0.0) -> tuple:
    """Project lat/lon (degrees) to Web Mercator world pixels at a zoom level."""
    world = MAP_TILE_SIZE * 2.0 ** zoom
    lat = max(-MAP_MAX_LAT, min(MAP_MAX_LAT, lat))
    phi = math.radians(lat)
    x = (lon + 180.0) / 360.0 * world
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0 * world
    return x, y


def _mercator_inverse(x: float, y: float, zoom: float) -> tuple:
    """Return the lat/lon (degrees) of a Web Mercator world pixel."""
    world = MAP_TILE_SIZE * 2.0 ** zoom
    lon = x / world * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / world))))
    return lat, lon


def _metres_per_pixel(lat: float, zoom: float) -> float:
    """Return the ground distance one pixel covers at a latitude and zoom."""
    lat = max(-MAP_MAX_LAT, min(MAP_MAX_LAT, lat))
    return MAP_EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)) / (
        MAP_TILE_SIZE * 2.0 ** zoom)


def _fit_zoom(world: list, width: int, height: int) -> float:
    """Return the largest zoom at which all zoom-0 world points fit the padded view."""
    xs = [x for x, _y in world]
    ys = [y for _x, y in world]
    dx, dy = max(xs) - min(xs), max(ys) - min(ys)
    if dx < 1e-9 and dy < 1e-9:
        return MAP_DEFAULT_ZOOM
    avail_w, avail_h = max(width - 2 * MAP_PAD_PX, 1), max(height - 2 * MAP_PAD_PX, 1)
    scale = min(avail_w / dx if dx > 1e-12 else math.inf,
                avail_h / dy if dy > 1e-12 else math.inf)
    return max(0.0, min(MAP_MAX_FIT_ZOOM, math.log2(scale)))


def _nice_degree_step(span: float) -> float:
    """Return a round graticule step that cuts span into about six parts."""
    for step in _NICE_DEGREES:
        if span / step <= _MAP_GRATICULE_LINES:
            return step
    return _NICE_DEGREES[-1]


def _fmt_degrees(value: float, step: float, pos: str, neg: str) -> str:
    """Format a graticule label such as 12.5°N or 3°W."""
    decimals = max(0, -int(math.floor(math.log10(step) + 1e-9)))
    text = f"{abs(value):.{decimals}f}"
    if float(text) == 0:
        return "0°"
    return f"{text}°{pos if value > 0 else neg}"


def _tile_href(template: str, z: int, x: int, y: int) -> str:
    """Fill a slippy-map URL template with tile coordinates."""
    return (template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
            .replace("{s}", "abc"[(x + y) % 3]).replace("{r}", ""))


def _tile_attribution(tile_url: str) -> str:
    """Return attribution text for a tile server."""
    host = re.sub(r"^[a-z]+://", "", tile_url).split("/", 1)[0]
    if "openstreetmap" in host:
        return "© OpenStreetMap contributors"
    return f"Map tiles © {host}"


def _safe_tile_template(tile_url: str) -> str | None:
    """Return the tile URL template if it is an http(s) URL, else None."""
    u = re.sub(r"[\x00-\x20]", "", str(tile_url))
    return str(tile_url).strip() if u.lower().startswith(("https://", "http://")) else None


def render_map_svg(points: list, *, width: int = 720, height: int = 400,
                   zoom: float | None = None, tile_url: str | None = None,
                   center: tuple | None = None, attribution: str | None = None) -> str:
    """Draw map points as an SVG map fitted to the data (or at zoom/center if given).

    Offline by default: a plain background with a graticule. With tile_url
    (a template such as "https://tile.openstreetmap.org/{z}/{x}/{y}.png") the
    browser loads the covering tiles and an attribution line is shown.
    """
    W, H = int(width), int(height)
    pts = [p for p in points if math.isfinite(p.lat) and math.isfinite(p.lon)]
    world = [mercator_xy(p.lat, p.lon) for p in pts]     # zoom 0; zoom z is 2**z times it
    if zoom is None:
        z = _fit_zoom(world, W, H) if pts else 1.0
    else:
        z = max(0.0, min(MAP_MAX_ZOOM, float(zoom)))
    scale = 2.0 ** z
    if center is not None:
        cx, cy = mercator_xy(float(center[0]), float(center[1]), z)
    elif pts:
        xs = [x for x, _y in world]
        ys = [y for _x, y in world]
        cx, cy = (min(xs) + max(xs)) / 2 * scale, (min(ys) + max(ys)) / 2 * scale
    else:
        cx, cy = mercator_xy(0.0, 0.0, z)
    ox, oy = cx - W / 2, cy - H / 2                 # world pixel at the view's top-left

    def project(lat: float, lon: float) -> tuple:
        """Return the view pixel of a lat/lon."""
        x, y = mercator_xy(lat, lon, z)
        return x - ox, y - oy

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="sg-svg" '
             f'role="img" aria-label="Map of {len(pts):,} points">',
             f'<rect x="0" y="0" width="{W}" height="{H}" style="fill:var(--sg-soft)"/>']
    template = _safe_tile_template(tile_url) if tile_url else None
    if template:
        zt = int(max(0, min(MAP_MAX_TILE_ZOOM, math.floor(z))))
        ts = MAP_TILE_SIZE * 2.0 ** (z - zt)         # a tile's size in view pixels
        n = 2 ** zt
        tx0, tx1 = math.floor(ox / ts), math.floor((ox + W) / ts)
        ty0, ty1 = max(0, math.floor(oy / ts)), min(n - 1, math.floor((oy + H) / ts))
        count = 0
        for ty in range(ty0, ty1 + 1):
            for tx in range(tx0, tx1 + 1):
                if count >= MAP_MAX_TILES:
                    break
                count += 1
                href = _tile_href(template, zt, tx % n, ty)
                parts.append(f'<image href="{_escape(href)}" x="{tx * ts - ox:.1f}" '
                             f'y="{ty * ts - oy:.1f}" width="{ts + 0.5:.1f}" '
                             f'height="{ts + 0.5:.1f}" preserveAspectRatio="none"/>')
    # graticule: lines of constant longitude are vertical, of latitude horizontal
    lat_top, lon_left = _mercator_inverse(ox, oy, z)
    lat_bottom, lon_right = _mercator_inverse(ox + W, oy + H, z)
    lon_step = _nice_degree_step(max(lon_right - lon_left, 1e-9))
    lat_step = _nice_degree_step(max(lat_top - lat_bottom, 1e-9))
    parts.append('<g class="sg-map-graticule">')
    k0 = math.ceil(lon_left / lon_step)
    for k in range(k0, k0 + 4 * _MAP_GRATICULE_LINES):
        lon = k * lon_step
        if lon > lon_right:
            break
        x = project(0.0, lon)[0]
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{H}" class="sg-grid"/>'
                     f'<text x="{x + 3:.1f}" y="{H - 4}">'
                     f'{_escape(_fmt_degrees(lon, lon_step, "E", "W"))}</text>')
    k0 = math.ceil(max(lat_bottom, -MAP_MAX_LAT) / lat_step)
    for k in range(k0, k0 + 4 * _MAP_GRATICULE_LINES):
        lat = k * lat_step
        if lat > min(lat_top, MAP_MAX_LAT):
            break
        y = project(lat, lon_left)[1]
        parts.append(f'<line x1="0" x2="{W}" y1="{y:.1f}" y2="{y:.1f}" class="sg-grid"/>'
                     f'<text x="3" y="{y - 3:.1f}">'
                     f'{_escape(_fmt_degrees(lat, lat_step, "N", "S"))}</text>')
    parts.append("</g>")
    view = [(x * scale - ox, y * scale - oy) for x, y in world]
    parts.append(_map_circles(pts, view, z, W, H))
    if template:
        text = attribution if attribution is not None else _tile_attribution(template)
        parts.append(f'<text x="{W - 4}" y="{H - 4}" text-anchor="end" '
                     f'class="sg-map-attribution">{_escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _radius_px(p: MapPoint, z: float) -> float:
    """Return a point's circle radius in view pixels, clamped to the drawable range."""
    r = p.size if p.pixels else p.size / _metres_per_pixel(p.lat, z)
    return max(MAP_MIN_RADIUS_PX, min(MAP_MAX_RADIUS_PX, r))


def _map_circles(pts: list, view: list, z: float, W: int, H: int) -> str:
    """Draw the points (at their view pixels) as circles; past MAP_MAX_DRAWN, bin them."""
    visible = []
    for p, (x, y) in zip(pts, view):
        r = _radius_px(p, z)
        if -r <= x <= W + r and -r <= y <= H + r:
            visible.append((x, y, r, p))
    out = ['<g class="sg-map-points">']
    if len(visible) > MAP_MAX_DRAWN:
        cell = math.ceil(math.sqrt(W * H / MAP_MAX_DRAWN)) + 1   # cells <= MAP_MAX_DRAWN
        bins = {}
        for x, y, r, p in visible:
            key = (int(x // cell), int(y // cell))
            b = bins.get(key)
            if b is None:
                bins[key] = [x, y, r, p, 1]
            else:
                b[2] = max(b[2], r)
                b[4] += 1
        for x, y, r, p, n in bins.values():
            out.append(_map_circle(x, y, r, p, f" ({n:,} points here)" if n > 1 else ""))
        out.append(f'<text x="4" y="14">{len(visible):,} points, binned to {cell} px '
                   f'cells</text>')
    else:
        for x, y, r, p in visible:
            out.append(_map_circle(x, y, r, p, ""))
    out.append("</g>")
    return "".join(out)


def _map_circle(x: float, y: float, r: float, p: MapPoint, extra: str) -> str:
    """Return one map circle with its lat/lon tooltip."""
    cr, cg, cb, ca = p.color
    tip = f"{p.lat:.5f}, {p.lon:.5f}" + (f" {p.label}" if p.label else "") + extra
    return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="rgb({cr},{cg},{cb})" '
            f'fill-opacity="{ca / 255:.2f}"><title>{_escape(tip)}</title></circle>')


# -- Graphs: st.graphviz_chart -------------------------------------------------
#
# DOT, Graphviz's language, in one screen:
#
#     [strict] (graph | digraph) [ID] { stmt ; stmt ; ... }
#     stmt   :  ID [attrs]                          a node
#             | operand (-> | --) operand ... [attrs]  an edge chain
#             | (graph | node | edge) attrs         defaults for what follows
#             | ID = ID                             a graph attribute
#             | [subgraph [ID]] { stmt ... }        a group ("cluster..." draws a box)
#     attrs  :  [ ID = ID , ID = ID ; ... ] [ ... ]
#
# An ID is a name (letters, digits, _), a number, a "quoted string" (only \"
# is an escape; "a" + "b" concatenates) or an <HTML-like> string.

MAX_DOT_CHARS = 512 * 1024        #: DOT source size; bigger sources are machine dumps, no picture
MAX_DOT_NODES = 2000              #: nodes; bigger graphs are unreadable at 720 px
MAX_DOT_EDGES = 5000              #: edges, counted after chains and subgraph operands expand
MAX_DOT_DEPTH = 64                #: nesting of subgraphs and { }: bounds the parser's recursion
MAX_DOT_ATTRS = 64                #: attributes per [ ] list; real ones use a handful
MAX_LAYOUT_DUMMIES = 20_000       #: bend points for edges spanning ranks; past it edges go straight
LAYOUT_SWEEPS = 6                 #: barycentre ordering passes (down + up); gains flatten after ~4
LAYOUT_COORD_PASSES = 4           #: passes pulling nodes over their neighbours
DOT_TIMEOUT_S = 10.0              #: wall time for the `dot` program before falling back
MAX_DOT_SVG_BYTES = 8 * 1024 * 1024   #: `dot` output accepted; more -> built-in layout
MAX_DOT_SVG_ELEMENTS = 100_000    #: elements kept when re-serialising `dot` output
DOT_FONT_PX = 14.0                #: label font size (Graphviz's 14 pt default)
DOT_CHAR_PX = 0.6 * DOT_FONT_PX   #: average glyph width used to size nodes
DOT_NODE_SEP = 24.0               #: gap between neighbours in a rank (Graphviz nodesep 0.25 in)
DOT_RANK_SEP = 48.0               #: gap between ranks (Graphviz ranksep 0.5 in)
DOT_MARGIN = 12.0                 #: margin around the drawing
MAX_LABEL_LINES = 20              #: lines shown of one label
MAX_LABEL_CHARS = 120             #: characters shown of one label line

_DOT_KEYWORDS = ("strict", "graph", "digraph", "node", "edge", "subgraph")
_DOT_SHAPES = {"box": "box", "rect": "box", "rectangle": "box", "square": "box",
               "ellipse": "ellipse", "oval": "ellipse", "circle": "circle",
               "doublecircle": "circle", "diamond": "diamond", "plaintext": "plaintext",
               "plain": "plaintext", "none": "plaintext"}


class DotNode(NamedTuple):
    """A node: its name and attributes."""
    name: str
    attrs: dict


class DotEdge(NamedTuple):
    """An edge from tail to head with its attributes."""
    tail: str
    head: str
    attrs: dict


class DotCluster(NamedTuple):
    """A subgraph whose name starts with "cluster": drawn as a box around its nodes."""
    name: str
    attrs: dict
    nodes: list
    depth: int


class DotGraph(NamedTuple):
    """A parsed DOT graph."""
    directed: bool
    strict: bool
    name: str
    attrs: dict
    nodes: dict                    # name -> DotNode, in order of first mention
    edges: list                    # DotEdge, in source order
    clusters: list                 # DotCluster, outermost first


class _DotTok(NamedTuple):
    """A DOT token: kind is 'id', 'html', 'edgeop', a punctuation char or 'eof'."""
    kind: str
    text: str
    line: int
    quoted: bool = False


_DOT_NUMERAL = re.compile(r"-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)")
_DOT_NAME = re.compile(r"[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*")


def _dot_error(line: int, message: str) -> ValueError:
    """Return a ValueError that names the DOT source line."""
    return ValueError(f"DOT syntax error on line {line}: {message}")


def _lex_dot(src: str) -> list:
    """Split DOT source into tokens, dropping comments and '#' lines."""
    toks, i, n, line = [], 0, len(src), 1
    at_line_start = True
    while i < n:
        ch = src[i]
        if ch == "\n":
            line += 1
            i += 1
            at_line_start = True
            continue
        if ch in " \t\r\f\v\ufeff":
            i += 1
            continue
        if ch == "#" and at_line_start:            # C preprocessor output line
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        at_line_start = False
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            if j < 0:
                raise _dot_error(line, "unterminated /* comment")
            line += src.count("\n", i, j)
            i = j + 2
            continue
        if ch == '"':
            start_line, j, buf = line, i + 1, []
            while True:
                if j >= n:
                    raise _dot_error(start_line, "unterminated quoted string")
                c = src[j]
                if c == '"':
                    break
                if c == "\\" and j + 1 < n:
                    nxt = src[j + 1]
                    if nxt == '"':
                        buf.append('"')
                        j += 2
                        continue
                    if nxt == "\n":                # backslash-newline continues the line
                        line += 1
                        j += 2
                        continue
                    buf.append("\\" + nxt)        # \n, \l, \N ... kept for the label
                    j += 2
                    continue
                if c == "\n":
                    line += 1
                buf.append(c)
                j += 1
            toks.append(_DotTok("id", "".join(buf), start_line, True))
            i = j + 1
            continue
        if ch == "<":
            start_line, depth, j = line, 0, i
            while True:
                if j >= n:
                    raise _dot_error(start_line, "unterminated <HTML> string")
                c = src[j]
                depth += (c == "<") - (c == ">")
                if c == "\n":
                    line += 1
                j += 1
                if depth == 0:
                    break
            toks.append(_DotTok("html", src[i + 1:j - 1], start_line, True))
            i = j
            continue
        if src.startswith("->", i) or src.startswith("--", i):
            toks.append(_DotTok("edgeop", src[i:i + 2], line))
            i += 2
            continue
        if ch in "{}[];,=:+":
            toks.append(_DotTok(ch, ch, line))
            i += 1
            continue
        m = _DOT_NUMERAL.match(src, i)
        if m:
            toks.append(_DotTok("id", m.group(), line))
            i = m.end()
            continue
        m = _DOT_NAME.match(src, i)
        if m:
            toks.append(_DotTok("id", m.group(), line))
            i = m.end()
            continue
        raise _dot_error(line, f"unexpected character {ch!r}")
    toks.append(_DotTok("eof", "", line))
    return toks


def _html_label_text(s: str) -> str:
    """Turn an HTML-like label into plain text: <br/> and table rows become line breaks."""
    s = re.sub(r"(?i)<br\s*/?>|</tr\s*>", "\n", s)
    s = re.sub(r"<[^<>]*>", "", s)
    s = _html.unescape(s)
    return "\n".join(ln.strip() for ln in s.split("\n") if ln.strip())


class _DotParser:
    """Recursive-descent parser over the token list; builds a DotGraph."""

    def __init__(self, toks: list):
        """Start at the first token."""
        self.toks, self.pos = toks, 0
        self.nodes, self.edges, self.clusters = {}, [], []
        self.edge_index = {}
        self.directed = self.strict = False

    def peek(self, k: int = 0) -> _DotTok:
        """Return the token k places ahead without consuming it."""
        return self.toks[min(self.pos + k, len(self.toks) - 1)]

    def take(self) -> _DotTok:
        """Consume and return the next token."""
        t = self.peek()
        self.pos += 1
        return t

    def expect(self, kind: str) -> _DotTok:
        """Consume a token of the given kind or raise a syntax error."""
        t = self.take()
        if t.kind != kind:
            got = "end of input" if t.kind == "eof" else repr(t.text)
            raise _dot_error(t.line, f"expected {kind!r}, got {got}")
        return t

    def is_kw(self, t: _DotTok, word: str) -> bool:
        """Return True if t is the (case-insensitive) keyword word."""
        return t.kind == "id" and not t.quoted and t.text.lower() == word

    def ident(self) -> str:
        """Consume an ID (with "a" + "b" concatenation) and return its text."""
        t = self.take()
        if t.kind == "html":
            return _html_label_text(t.text)
        if t.kind != "id":
            got = "end of input" if t.kind == "eof" else repr(t.text)
            raise _dot_error(t.line, f"expected a name, got {got}")
        if not t.quoted and t.text.lower() in _DOT_KEYWORDS:
            raise _dot_error(t.line, f"keyword {t.text!r} cannot be used as a name; quote it")
        text = t.text
        while self.peek().kind == "+" and t.quoted:
            self.take()
            nxt = self.expect("id")
            text += nxt.text
        return text

    def graph(self) -> DotGraph:
        """Parse: [strict] (graph|digraph) [ID] { stmt_list }."""
        t = self.peek()
        if self.is_kw(t, "strict"):
            self.take()
            self.strict = True
            t = self.peek()
        if self.is_kw(t, "digraph"):
            self.directed = True
        elif not self.is_kw(t, "graph"):
            raise _dot_error(t.line, "a DOT source starts with 'graph' or 'digraph'")
        self.take()
        name = ""
        if self.peek().kind in ("id", "html"):
            name = self.ident()
        attrs = {}
        self.expect("{")
        self.stmt_list({"graph": attrs, "node": {}, "edge": {}}, [], 1)
        self.expect("}")
        t = self.peek()
        if t.kind != "eof":
            raise _dot_error(t.line, "only one graph per source is supported")
        return DotGraph(self.directed, self.strict, name, attrs, self.nodes, self.edges,
                        self.clusters)

    def stmt_list(self, scope: dict, members: list, depth: int) -> None:
        """Parse statements up to the closing brace (not consumed)."""
        if depth > MAX_DOT_DEPTH:
            raise _dot_error(self.peek().line, f"subgraphs nested deeper than {MAX_DOT_DEPTH}")
        while self.peek().kind not in ("}", "eof"):
            self.stmt(scope, members, depth)
            if self.peek().kind == ";":
                self.take()

    def attr_list(self) -> dict:
        """Parse one or more [ a=b, c=d ] lists into a dict."""
        out = {}
        while self.peek().kind == "[":
            self.take()
            while self.peek().kind != "]":
                t = self.peek()
                key = self.ident()
                if self.peek().kind == "=":
                    self.take()
                    value = self.ident()
                else:
                    value = "true"
                if len(out) >= MAX_DOT_ATTRS:
                    raise _dot_error(t.line, f"more than {MAX_DOT_ATTRS} attributes")
                out[key] = value
                if self.peek().kind in (",", ";"):
                    self.take()
            self.expect("]")
        return out

    def stmt(self, scope: dict, members: list, depth: int) -> None:
        """Parse one statement."""
        t = self.peek()
        if t.kind == "id" and not t.quoted and t.text.lower() in ("graph", "node", "edge") \
                and self.peek(1).kind == "[":
            self.take()
            scope[t.text.lower()].update(self.attr_list())
            return
        if t.kind in ("id", "html") and self.peek(1).kind == "=":
            key = self.ident()
            self.take()
            scope["graph"][key] = self.ident()
            return
        first = self.operand(scope, members, depth)
        if self.peek().kind != "edgeop":
            if first[1] and self.peek().kind == "[":   # node statement with attributes
                attrs = self.attr_list()
                self.nodes[first[0][0]].attrs.update(attrs)
            return
        operands = [first[0]]
        while self.peek().kind == "edgeop":
            op = self.take()
            if (op.text == "->") != self.directed:
                want = "->" if self.directed else "--"
                raise _dot_error(op.line, f"use {want!r} for edges in a "
                                          f"{'digraph' if self.directed else 'graph'}")
            operands.append(self.operand(scope, members, depth)[0])
        attrs = dict(scope["edge"])
        attrs.update(self.attr_list())
        for a, b in zip(operands, operands[1:]):
            for tail in a:
                for head in b:
                    self.add_edge(tail, head, attrs, t.line)

    def operand(self, scope: dict, members: list, depth: int) -> tuple:
        """Parse a node ID (with optional port) or a subgraph; return (names, is_node)."""
        t = self.peek()
        if t.kind == "{" or self.is_kw(t, "subgraph"):
            return self.subgraph(scope, members, depth), False
        name = self.ident()
        if self.peek().kind == ":":                # port and compass point: ignored
            self.take()
            self.ident()
            if self.peek().kind == ":":
                self.take()
                self.ident()
        self.add_node(name, scope, members, t.line)
        return [name], True

    def subgraph(self, scope: dict, members: list, depth: int) -> list:
        """Parse [subgraph [ID]] { ... }; return the names of its nodes."""
        t = self.take()
        name = ""
        if t.kind != "{":
            if self.peek().kind in ("id", "html"):
                name = self.ident()
            self.expect("{")
        inner = {"graph": {}, "node": dict(scope["node"]), "edge": dict(scope["edge"])}
        mine = []
        cluster = None
        if name.startswith("cluster"):
            cluster = DotCluster(name, inner["graph"], mine, depth)
            self.clusters.append(cluster)
        self.stmt_list(inner, mine, depth + 1)
        self.expect("}")
        for m in mine:
            if m not in members:
                members.append(m)
        return list(mine)

    def add_node(self, name: str, scope: dict, members: list, line: int) -> None:
        """Create a node with the current defaults the first time it is named."""
        if name not in self.nodes:
            if len(self.nodes) >= MAX_DOT_NODES:
                raise _dot_error(line, f"more than {MAX_DOT_NODES} nodes")
            self.nodes[name] = DotNode(name, dict(scope["node"]))
        if name not in members:
            members.append(name)

    def add_edge(self, tail: str, head: str, attrs: dict, line: int) -> None:
        """Add an edge; in a strict graph, merge it into an existing one."""
        if self.strict:
            key = (tail, head) if self.directed else frozenset((tail, head))
            if key in self.edge_index:
                self.edges[self.edge_index[key]].attrs.update(attrs)
                return
            self.edge_index[key] = len(self.edges)
        if len(self.edges) >= MAX_DOT_EDGES:
            raise _dot_error(line, f"more than {MAX_DOT_EDGES} edges")
        self.edges.append(DotEdge(tail, head, dict(attrs)))


def parse_dot(src: str) -> DotGraph:
    """Parse a DOT source into a DotGraph; raise ValueError (with line) when invalid."""
    if len(src) > MAX_DOT_CHARS:
        raise ValueError(f"DOT source is {len(src):,} characters; at most "
                         f"{MAX_DOT_CHARS:,} are accepted.")
    return _DotParser(_lex_dot(src)).graph()


# -- layout --------------------------------------------------------------------
#
# Sugiyama's layered layout in four steps:
#   1. break cycles: reverse the back edges a depth-first search finds;
#   2. layer: each node one rank below its lowest predecessor (longest path);
#      edges spanning several ranks get a chain of invisible "dummy" nodes;
#   3. order each rank by the barycentre (mean position) of its neighbours in
#      the rank above, then below, a few times, to reduce crossings;
#   4. place: ranks stacked, nodes pulled over their neighbours but never
#      closer than DOT_NODE_SEP.
# Everything is computed top-to-bottom, then turned for rankdir LR/BT/RL.


class NodeBox(NamedTuple):
    """A laid-out node: centre, size and shape."""
    x: float
    y: float
    w: float
    h: float
    shape: str


class EdgeRoute(NamedTuple):
    """A laid-out edge: polyline from tail boundary to head boundary."""
    tail: str
    head: str
    points: list
    attrs: dict


class ClusterBox(NamedTuple):
    """A laid-out cluster box."""
    name: str
    label: str
    x: float
    y: float
    w: float
    h: float


class DotLayout(NamedTuple):
    """Positions of everything in a graph, in SVG pixels."""
    nodes: dict
    edges: list
    clusters: list
    width: float
    height: float
    notes: list


def _dot_label_lines(label: str, node: str = "", graph: str = "") -> list:
    """Split a DOT label into display lines, expanding \\N, \\G and \\n-style breaks."""
    s = label.replace("\\N", node).replace("\\G", graph)
    s = re.sub(r"\\[nlr]", "\n", s)
    s = re.sub(r"\\(.)", r"\1", s)
    lines = s.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    lines = [ln[:MAX_LABEL_CHARS] for ln in lines[:MAX_LABEL_LINES]]
    return lines or [""]


def _node_shape(attrs: dict) -> str:
    """Return the drawn shape for a node's shape attribute (unknown -> ellipse)."""
    return _DOT_SHAPES.get(attrs.get("shape", "ellipse").lower(), "ellipse")


def _node_size(lines: list, shape: str) -> tuple:
    """Estimate a node's width and height from its label."""
    tw = max(len(ln) for ln in lines) * DOT_CHAR_PX
    th = len(lines) * DOT_FONT_PX * 1.2
    if shape == "plaintext":
        return max(tw + 8, 16.0), max(th + 4, 20.0)
    w, h = max(54.0, tw + 20), max(36.0, th + 14)
    if shape == "ellipse":
        w, h = max(54.0, tw * 1.3 + 12), max(36.0, th * 1.4 + 8)
    elif shape == "circle":
        w = h = max(36.0, math.hypot(tw, th) + 8)
    elif shape == "diamond":
        w, h = max(54.0, tw * 2 + 16), max(36.0, th * 2 + 8)
    return w, h


def _break_cycles(n: int, adj: list) -> set:
    """Return the edge ids that a depth-first search finds closing a cycle."""
    state = [0] * n                                 # 0 new, 1 on stack, 2 done
    back = set()
    for root in range(n):
        if state[root]:
            continue
        stack = [(root, iter(adj[root]))]
        state[root] = 1
        while stack:                                # explicit stack: no recursion limit
            v, it = stack[-1]
            step = next(it, None)
            if step is None:
                state[v] = 2
                stack.pop()
                continue
            eid, w = step
            if state[w] == 1:
                back.add(eid)
            elif state[w] == 0:
                state[w] = 1
                stack.append((w, iter(adj[w])))
    return back


def _longest_path_ranks(n: int, dag: list) -> list:
    """Rank nodes so every DAG edge goes at least one rank down (Kahn's order)."""
    indeg = [0] * n
    succ = [[] for _ in range(n)]
    for u, v in dag:
        succ[u].append(v)
        indeg[v] += 1
    rank = [0] * n
    queue = [v for v in range(n) if indeg[v] == 0]
    k = 0
    while k < len(queue):
        u = queue[k]
        k += 1
        for v in succ[u]:
            rank[v] = max(rank[v], rank[u] + 1)
            indeg[v] -= 1
            if indeg[v] == 0:
                queue.append(v)
    return rank


def layout_layered(graph: DotGraph) -> DotLayout:
    """Lay a DotGraph out in ranks (Sugiyama style) honouring rankdir TB/LR/BT/RL."""
    notes = []
    names = list(graph.nodes)
    index = {name: k for k, name in enumerate(names)}
    rankdir = str(graph.attrs.get("rankdir", "TB")).upper()
    if rankdir not in ("TB", "LR", "BT", "RL"):
        rankdir = "TB"
    across = rankdir in ("LR", "RL")                # ranks run left to right
    shapes, lines, sizes = [], [], []
    for name in names:
        attrs = graph.nodes[name].attrs
        shape = _node_shape(attrs)
        raw = attrs.get("shape", "ellipse").lower()
        if raw not in _DOT_SHAPES:
            note = f"Node shape {raw!r} is drawn as an ellipse."
            if note not in notes:
                notes.append(note)
        lab = _dot_label_lines(attrs.get("label", "\\N"), name, graph.name)
        shapes.append(shape)
        lines.append(lab)
        sizes.append(_node_size(lab, shape))
    n = len(names)
    # in-rank extent s and rank thickness t in the abstract top-to-bottom frame
    s_ext = [h if across else w for w, h in sizes]
    t_ext = [w if across else h for w, h in sizes]

    # 1. break cycles
    adj = [[] for _ in range(n)]
    real = []                                       # (edge id, u, v) without self-loops
    for eid, e in enumerate(graph.edges):
        u, v = index[e.tail], index[e.head]
        if u != v:
            adj[u].append((eid, v))
            real.append((eid, u, v))
    back = _break_cycles(n, adj)
    dag = [(v, u) if eid in back else (u, v) for eid, u, v in real]

    # 2. layer, then chain dummies along long edges
    rank = _longest_path_ranks(n, dag)
    chains = {}                                     # edge id -> node ids top to bottom
    s_ext, t_ext = list(s_ext), list(t_ext)
    node_count = n
    straightened = 0
    up = [[] for _ in range(n)]
    down = [[] for _ in range(n)]
    for (eid, _u, _v), (a, b) in zip(real, dag):
        chain = [a]
        if rank[b] - rank[a] > 1 and node_count - n + rank[b] - rank[a] - 1 \
                > MAX_LAYOUT_DUMMIES:
            straightened += 1
        elif rank[b] - rank[a] > 1:
            for r in range(rank[a] + 1, rank[b]):
                rank.append(r)
                s_ext.append(8.0)
                t_ext.append(0.0)
                up.append([])
                down.append([])
                chain.append(node_count)
                node_count += 1
        chain.append(b)
        chains[eid] = chain
        for p, q in zip(chain, chain[1:]):
            down[p].append(q)
            up[q].append(p)
    nranks = max(rank) + 1 if rank else 0
    layers = [[] for _ in range(nranks)]
    for v in range(node_count):
        layers[rank[v]].append(v)

    # 3. order by barycentres; members of a cluster are kept together
    group = {}
    for c in graph.clusters:
        if c.depth == 1:
            for m in c.nodes:
                group.setdefault(index[m], c.name)
    group_id = {c.name: k for k, c in enumerate(graph.clusters)}
    pos = [0.0] * node_count
    for layer in layers:
        for k, v in enumerate(layer):
            pos[v] = float(k)
    for layer in layers:                            # gather cluster members first
        _order_layer(layer, {v: pos[v] for v in layer}, group, group_id, pos)
    for sweep in range(LAYOUT_SWEEPS):
        downward = sweep % 2 == 0
        order = range(1, nranks) if downward else range(nranks - 2, -1, -1)
        for r in order:
            layer = layers[r]
            bary = {}
            for v in layer:
                nbrs = up[v] if downward else down[v]
                bary[v] = sum(pos[u] for u in nbrs) / len(nbrs) if nbrs else pos[v]
            _order_layer(layer, bary, group, group_id, pos)

    # 4. coordinates: rank positions, then in-rank positions
    rank_y, y = [], 0.0
    for layer in layers:
        thick = max((t_ext[v] for v in layer), default=0.0)
        rank_y.append(y + thick / 2)
        y += thick + DOT_RANK_SEP
    x = [0.0] * node_count
    for layer in layers:
        cur = 0.0
        for k, v in enumerate(layer):
            if k:
                cur += (s_ext[layer[k - 1]] + s_ext[v]) / 2 + DOT_NODE_SEP
            x[v] = cur
    for p in range(LAYOUT_COORD_PASSES):
        downward = p % 2 == 0
        order = range(1, nranks) if downward else range(nranks - 2, -1, -1)
        for r in order:
            layer = layers[r]
            want = []
            for v in layer:
                nbrs = up[v] if downward else down[v]
                want.append(sum(x[u] for u in nbrs) / len(nbrs) if nbrs else x[v])
            placed = []
            for k, v in enumerate(layer):
                lo = placed[-1] + (s_ext[layer[k - 1]] + s_ext[v]) / 2 + DOT_NODE_SEP \
                    if k else -math.inf
                placed.append(max(want[k], lo))
            shift = sum(w - q for w, q in zip(want, placed)) / len(placed) if placed else 0
            for v, q in zip(layer, placed):
                x[v] = q + shift
    left = min((x[v] - s_ext[v] / 2 for v in range(node_count)), default=0.0)
    right = max((x[v] + s_ext[v] / 2 for v in range(node_count)), default=0.0)
    span_in, span_rank = right - left, max(y - DOT_RANK_SEP, 0.0)

    def place(v: int) -> tuple:
        """Return the SVG position of a (real or dummy) node after turning for rankdir."""
        a, b = x[v] - left, rank_y[rank[v]]           # in-rank, along-rank
        if rankdir in ("BT", "RL"):
            b = span_rank - b
        px, py = (b, a) if across else (a, b)
        return px + DOT_MARGIN, py + DOT_MARGIN

    boxes = {}
    for k, name in enumerate(names):
        px, py = place(k)
        boxes[name] = NodeBox(px, py, sizes[k][0], sizes[k][1], shapes[k])
    routes = []
    for eid, e in enumerate(graph.edges):
        if e.tail == e.head:
            b = boxes[e.tail]
            rx, ry = b.x + b.w / 2, b.y
            pts = [(rx - 2, ry - 8), (rx + 18, ry - 14), (rx + 18, ry + 14), (rx - 2, ry + 8)]
        else:
            chain = chains[eid]
            pts = [place(v) for v in chain]
            if eid in back:
                pts.reverse()
            pts[0] = _clip_to_box(boxes[e.tail], pts[1])
            pts[-1] = _clip_to_box(boxes[e.head], pts[-2])
        routes.append(EdgeRoute(e.tail, e.head, pts, e.attrs))
    clusters = []
    for c in graph.clusters:
        members = [boxes[m] for m in c.nodes if m in boxes]
        if not members:
            continue
        pad = 8.0 + 8.0 * max(0, 3 - c.depth)
        x0 = min(b.x - b.w / 2 for b in members) - pad
        y0 = min(b.y - b.h / 2 for b in members) - pad - 14
        x1 = max(b.x + b.w / 2 for b in members) + pad
        y1 = max(b.y + b.h / 2 for b in members) + pad
        clusters.append(ClusterBox(c.name, " ".join(_dot_label_lines(c.attrs.get("label", ""))),
                                   x0, y0, x1 - x0, y1 - y0))
    W = (span_rank if across else span_in) + 2 * DOT_MARGIN
    H = (span_in if across else span_rank) + 2 * DOT_MARGIN
    # clusters, self-loops and labels may reach past the nodes: grow to fit
    minx = min([0.0] + [c.x for c in clusters])
    miny = min([0.0] + [c.y for c in clusters])
    if minx < 0 or miny < 0:
        dx, dy = -minx + 4 if minx < 0 else 0.0, -miny + 4 if miny < 0 else 0.0
        boxes = {k: b._replace(x=b.x + dx, y=b.y + dy) for k, b in boxes.items()}
        routes = [r._replace(points=[(px + dx, py + dy) for px, py in r.points])
                  for r in routes]
        clusters = [c._replace(x=c.x + dx, y=c.y + dy) for c in clusters]
        W, H = W + dx, H + dy
    W = max([W] + [c.x + c.w + 4 for c in clusters]
            + [px + 4 for r in routes for px, _py in r.points])
    H = max([H] + [c.y + c.h + 4 for c in clusters])
    if straightened:
        notes.append(f"{straightened} long edges are drawn straight: routing them around "
                     f"nodes would need more than {MAX_LAYOUT_DUMMIES:,} bend points.")
    return DotLayout(boxes, routes, clusters, W, H, notes)


def _order_layer(layer: list, bary: dict, group: dict, group_id: dict, pos: list) -> None:
    """Sort one rank by barycentre, keeping each cluster's members side by side."""
    gsum = {}
    for v in layer:
        g = group.get(v)
        if g is not None:
            acc = gsum.setdefault(g, [0.0, 0])
            acc[0] += bary[v]
            acc[1] += 1

    def key(v: int) -> tuple:
        """Sort by the cluster's mean barycentre, then the cluster, then the node's own."""
        g = group.get(v)
        if g is None:
            return (bary[v], 1, v, 0.0)
        return (gsum[g][0] / gsum[g][1], 0, group_id[g], bary[v])

    layer.sort(key=key)
    for k, v in enumerate(layer):
        pos[v] = float(k)


def _clip_to_box(b: NodeBox, toward: tuple) -> tuple:
    """Return where the segment from a node's centre toward a point leaves its outline."""
    dx, dy = toward[0] - b.x, toward[1] - b.y
    if abs(dx) < 1e-9 and abs(dy) < 1e-9:
        return b.x, b.y
    hw, hh = b.w / 2, b.h / 2
    if b.shape in ("ellipse", "circle"):
        t = 1.0 / math.sqrt((dx / hw) ** 2 + (dy / hh) ** 2)
    elif b.shape == "diamond":
        t = 1.0 / (abs(dx) / hw + abs(dy) / hh)
    else:
        t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    t = min(t, 1.0)
    return b.x + dx * t, b.y + dy * t


# -- drawing -------------------------------------------------------------------

_DOT_CSS_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,40}")
_DOT_GRAY = re.compile(r"gr[ae]y(\d{1,3})", re.I)
_DOT_HSV = re.compile(r"\s*([0-9.]+)[ ,]+([0-9.]+)[ ,]+([0-9.]+)\s*")


def _dot_color(value: Any, default: str) -> str:
    """Return a DOT colour as a safe CSS colour (hex or a plain name), else default."""
    if value is None:
        return default
    s = str(value).split(":", 1)[0].split(";", 1)[0].strip()   # first of a colour list
    m = _DOT_GRAY.fullmatch(s)
    if m and int(m.group(1)) <= 100:
        level = round(int(m.group(1)) * 2.55)
        return f"#{level:02x}{level:02x}{level:02x}"
    m = _DOT_HSV.fullmatch(s)
    if m:
        h, sat, v = (min(1.0, float(g)) for g in m.groups())
        r, g, b = colorsys.hsv_to_rgb(h, sat, v)
        return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
    return s if _DOT_CSS_COLOR.fullmatch(s) else default


def _dot_styles(attrs: dict) -> set:
    """Return a node's or edge's style keywords (filled, dashed, invis, ...)."""
    return {p.strip().lower() for p in str(attrs.get("style", "")).split(",") if p.strip()}


def _dot_dash(styles: set) -> str:
    """Return the stroke-dasharray/width attributes for dashed, dotted and bold."""
    out = ""
    if "dashed" in styles:
        out += ' stroke-dasharray="5,3"'
    elif "dotted" in styles:
        out += ' stroke-dasharray="1,3"'
    out += ' stroke-width="2"' if "bold" in styles else ' stroke-width="1"'
    return out


def _dot_text_block(lines: list, x: float, y: float, color: str, anchor: str = "middle") -> str:
    """Return centred SVG text lines around (x, y), styled to beat the page's text CSS."""
    step = DOT_FONT_PX * 1.2
    y0 = y - step * (len(lines) - 1) / 2 + DOT_FONT_PX * 0.35
    return "".join(
        f'<text x="{x:.1f}" y="{y0 + k * step:.1f}" text-anchor="{anchor}" '
        f'style="font-size:{DOT_FONT_PX:.0f}px;fill:{color}">{_escape(ln)}</text>'
        for k, ln in enumerate(lines))


def _arrowhead(tip: tuple, prev: tuple, color: str) -> tuple:
    """Return (polygon, base point) for an arrowhead ending at tip, coming from prev."""
    dx, dy = tip[0] - prev[0], tip[1] - prev[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    length, half = min(10.0, d), 4.0
    bx, by = tip[0] - ux * length, tip[1] - uy * length
    pts = (f"{tip[0]:.1f},{tip[1]:.1f} {bx - uy * half:.1f},{by + ux * half:.1f} "
           f"{bx + uy * half:.1f},{by - ux * half:.1f}")
    return f'<polygon points="{pts}" fill="{color}" stroke="{color}"/>', (bx, by)


def _draw_node(b: NodeBox, node: DotNode, graph: DotGraph) -> str:
    """Return the SVG of one node: outline and label."""
    attrs = node.attrs
    styles = _dot_styles(attrs)
    if "invis" in styles:
        return ""
    stroke = _dot_color(attrs.get("color"), "currentColor")
    filled = "filled" in styles
    fill = _dot_color(attrs.get("fillcolor", attrs.get("color")), "lightgrey") \
        if filled else "none"
    font = _dot_color(attrs.get("fontcolor"), "#000000" if filled else "currentColor")
    common = f'fill="{fill}" stroke="{stroke}"{_dot_dash(styles)}'
    x, y, hw, hh = b.x, b.y, b.w / 2, b.h / 2
    if b.shape == "box":
        rx = ' rx="8"' if "rounded" in styles else ""
        outline = (f'<rect x="{x - hw:.1f}" y="{y - hh:.1f}" width="{b.w:.1f}" '
                   f'height="{b.h:.1f}"{rx} {common}/>')
    elif b.shape == "circle":
        outline = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{hw:.1f}" {common}/>'
        if attrs.get("shape", "").lower() == "doublecircle":
            outline += (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{hw - 4:.1f}" fill="none" '
                        f'stroke="{stroke}"/>')
    elif b.shape == "diamond":
        outline = (f'<polygon points="{x:.1f},{y - hh:.1f} {x + hw:.1f},{y:.1f} '
                   f'{x:.1f},{y + hh:.1f} {x - hw:.1f},{y:.1f}" {common}/>')
    elif b.shape == "plaintext":
        outline = (f'<rect x="{x - hw:.1f}" y="{y - hh:.1f}" width="{b.w:.1f}" '
                   f'height="{b.h:.1f}" fill="{fill}" stroke="none"/>' if filled else "")
    else:
        outline = (f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{hw:.1f}" ry="{hh:.1f}" '
                   f'{common}/>')
    lines = _dot_label_lines(attrs.get("label", "\\N"), node.name, graph.name)
    tip = attrs.get("tooltip") or " ".join(lines)
    return (f'<g class="sg-dot-node"><title>{_escape(tip)}</title>{outline}'
            f'{_dot_text_block(lines, x, y, font)}</g>')


def _draw_edge(r: EdgeRoute, directed: bool) -> str:
    """Return the SVG of one edge: polyline, arrowheads and label."""
    styles = _dot_styles(r.attrs)
    if "invis" in styles or len(r.points) < 2:
        return ""
    color = _dot_color(r.attrs.get("color"), "currentColor")
    pts = list(r.points)
    direction = str(r.attrs.get("dir", "forward" if directed else "none")).lower()
    heads = []
    if direction in ("forward", "both") and r.attrs.get("arrowhead", "") != "none":
        poly, pts[-1] = _arrowhead(pts[-1], pts[-2], color)
        heads.append(poly)
    if direction in ("back", "both") and r.attrs.get("arrowtail", "") != "none":
        poly, pts[0] = _arrowhead(pts[0], pts[1], color)
        heads.append(poly)
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    out = [f'<g class="sg-dot-edge"><title>{_escape(r.tail)} {"->" if directed else "--"} '
           f'{_escape(r.head)}</title><polyline points="{line}" fill="none" stroke="{color}"'
           f'{_dot_dash(styles)}/>'] + heads
    if r.attrs.get("label"):
        k = len(r.points) // 2
        (x0, y0), (x1, y1) = r.points[k - 1], r.points[k]
        lines = _dot_label_lines(r.attrs["label"])
        font = _dot_color(r.attrs.get("fontcolor"), "currentColor")
        dx, dy = x1 - x0, y1 - y0
        d = math.hypot(dx, dy) or 1.0
        nx, ny = dy / d, -dx / d                    # unit normal, turned to point right/up
        if nx < 0 or (abs(nx) < 1e-9 and ny > 0):
            nx, ny = -nx, -ny
        off = 4 + max(len(ln) for ln in lines) * DOT_CHAR_PX / 2 * abs(nx) + \
            len(lines) * DOT_FONT_PX * 0.6 * abs(ny)
        out.append(_dot_text_block(lines, (x0 + x1) / 2 + nx * off, (y0 + y1) / 2 + ny * off,
                               font))
    out.append("</g>")
    return "".join(out)


def _render_dot_builtin(src: str, width: int | None) -> tuple:
    """Parse, lay out and draw a DOT source without Graphviz; return (svg, notes)."""
    graph = parse_dot(src)
    lay = layout_layered(graph)
    notes = list(lay.notes)
    W, H = max(lay.width, 20.0), max(lay.height, 20.0)
    for r in lay.edges:                             # room for labels beside the last rank
        if r.attrs.get("label"):
            lw = max(len(ln) for ln in _dot_label_lines(r.attrs["label"])) * DOT_CHAR_PX
            W = max(W, max(x for x, _y in r.points) + lw + 8)
    title = " ".join(_dot_label_lines(graph.attrs["label"])) if graph.attrs.get("label") else ""
    if title:
        H += 24
    max_w = width if width else W
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W:.1f} {H:.1f}" '
             f'class="sg-svg sg-graphviz" role="img" aria-label="Graph '
             f'{_escape(graph.name)}" style="max-width:{max_w:.0f}px">']
    for c in lay.clusters:
        cattrs = next((k.attrs for k in graph.clusters if k.name == c.name), {})
        stroke = _dot_color(cattrs.get("color"), "var(--sg-border)")
        fill = _dot_color(cattrs.get("fillcolor", cattrs.get("bgcolor")), "none")
        parts.append(f'<g class="sg-dot-cluster"><rect x="{c.x:.1f}" y="{c.y:.1f}" '
                     f'width="{c.w:.1f}" height="{c.h:.1f}" rx="4" fill="{fill}" '
                     f'style="stroke:{stroke}"/>')
        if c.label:
            parts.append(_dot_text_block([c.label], c.x + c.w / 2, c.y + 12, "currentColor"))
        parts.append("</g>")
    for r in lay.edges:
        parts.append(_draw_edge(r, graph.directed))
    for name, b in lay.nodes.items():
        parts.append(_draw_node(b, graph.nodes[name], graph))
    if title:
        parts.append(_dot_text_block([title], W / 2, H - 12, "currentColor"))
    parts.append("</svg>")
    return "".join(parts), notes


# -- Graphviz's own output, made safe ------------------------------------------
#
# SVG is a script-capable document: <script>, onload=..., javascript: links and
# <foreignObject> (arbitrary HTML) can all run code. Rather than strip what is
# known to be bad, `dot`'s output is parsed and re-written keeping only the
# drawing elements and presentation attributes listed here, each value checked
# against a pattern. Anything else (unknown elements with their children, links,
# images, ids, classes, styles, namespaced attributes) is dropped.

_SVG_NS = "http://www.w3.org/2000/svg"
_SVG_NUM = r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_SVG_NUMS = re.compile(rf"(?:{_SVG_NUM}|[\s,])+")
_SVG_PATH_D = re.compile(rf"(?:{_SVG_NUM}|[MLHVCSQTAZmlhvcsqtaz\s,])+")
_SVG_TRANSFORM = re.compile(rf"(?:\s*(?:scale|rotate|translate|matrix)\((?:{_SVG_NUM}|[\s,])+\)\s*)+")
_SVG_PAINT = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,40}")
_SVG_FONT = re.compile(r"[\w ,.'\"-]{1,100}")
_SVG_WORD = re.compile(r"[a-zA-Z-]{1,20}")
_SVG_KEEP = frozenset({"svg", "g", "title", "path", "polygon", "polyline", "ellipse",
                       "circle", "rect", "line", "text", "tspan"})
_SVG_UNWRAP = frozenset({"a"})                       # dropped, children kept
_SVG_ATTRS = {
    "x": _SVG_NUMS, "y": _SVG_NUMS, "x1": _SVG_NUMS, "y1": _SVG_NUMS, "x2": _SVG_NUMS, "y2": _SVG_NUMS,
    "cx": _SVG_NUMS, "cy": _SVG_NUMS, "r": _SVG_NUMS, "rx": _SVG_NUMS, "ry": _SVG_NUMS,
    "width": _SVG_NUMS, "height": _SVG_NUMS, "points": _SVG_NUMS, "d": _SVG_PATH_D,
    "transform": _SVG_TRANSFORM, "fill": _SVG_PAINT, "stroke": _SVG_PAINT,
    "stroke-width": _SVG_NUMS, "stroke-dasharray": _SVG_NUMS, "stroke-opacity": _SVG_NUMS,
    "fill-opacity": _SVG_NUMS, "opacity": _SVG_NUMS, "font-size": _SVG_NUMS, "font-family": _SVG_FONT,
    "font-weight": _SVG_WORD, "font-style": _SVG_WORD, "text-anchor": _SVG_WORD,
    "text-decoration": _SVG_WORD,
}
_TEXT_STYLE_ATTRS = ("font-size", "font-family", "fill")   # moved into style=


def sanitize_svg(text: str, *, max_width: int | None = None) -> str | None:
    """Re-serialise an SVG keeping only allow-listed elements and attributes; None if unfit."""
    if len(text) > MAX_DOT_SVG_BYTES:
        return None
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    body = re.sub(r"<!DOCTYPE[^\[>]*>", "", body, count=1)    # dot's: no internal subset
    if re.search(r"<!(?:DOCTYPE|ENTITY)", body, re.I):         # entities could expand
        return None
    # imported here, not at the top: only `dot` output needs an XML parser, and
    # pyexpat would add milliseconds to every start-up
    import xml.etree.ElementTree as ET
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    if _svg_local(root.tag) != "svg":
        return None
    vb = root.get("viewBox", "")
    if not _SVG_NUMS.fullmatch(vb or "x"):
        return None
    nums = [float(v) for v in re.split(r"[\s,]+", vb.strip())] if vb else []
    natural = nums[2] if len(nums) == 4 else None
    mw = max_width or natural
    style = f' style="max-width:{mw:.0f}px"' if mw else ""
    out = [f'<svg xmlns="{_SVG_NS}" viewBox="{_escape(vb)}" class="sg-svg sg-graphviz" '
           f'role="img"{style}>']
    budget = [MAX_DOT_SVG_ELEMENTS]
    _sanitize_children(root, out, budget, 1)
    out.append("</svg>")
    return "".join(out)


def _svg_local(tag: Any) -> str:
    """Return an element's local name if it is in the SVG namespace (or none), else ''."""
    if not isinstance(tag, str):
        return ""                                    # comments, processing instructions
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return name if ns == _SVG_NS else ""
    return tag


def _sanitize_children(parent: Any, out: list, budget: list, depth: int) -> None:
    """Append the allowed children of parent (and their tails) to out."""
    if depth > MAX_DOT_DEPTH * 2:
        return
    for child in list(parent):
        name = _svg_local(child.tag)
        if name in _SVG_KEEP and budget[0] > 0 and name != "svg":
            budget[0] -= 1
            out.append(f"<{name}{_sanitize_attrs(child, name)}>")
            if child.text:
                out.append(_escape(child.text))
            _sanitize_children(child, out, budget, depth + 1)
            out.append(f"</{name}>")
        elif name in _SVG_UNWRAP:
            if child.text:
                out.append(_escape(child.text))
            _sanitize_children(child, out, budget, depth + 1)
        if child.tail:
            out.append(_escape(child.tail))


def _sanitize_attrs(el: Any, name: str) -> str:
    """Return the allowed attributes of one element, values checked, as a string."""
    kept, style = [], []
    for key, value in el.attrib.items():
        pattern = _SVG_ATTRS.get(key)               # namespaced keys start with '{': never
        if pattern is None or not pattern.fullmatch(value.strip()):
            continue
        if name == "text" and key in _TEXT_STYLE_ATTRS:
            style.append(f"{key}:{value.strip()}" + ("px" if key == "font-size" else ""))
        else:
            kept.append(f' {key}="{_escape(value.strip())}"')
    if name == "text":
        if not any(s.startswith("fill:") for s in style):
            style.append("fill:#000000")            # Graphviz's default text colour
        kept.append(f' style="{_escape(";".join(style))}"')
    return "".join(kept)


# -- entry point ---------------------------------------------------------------

def dot_source(figure_or_dot: Any) -> str:
    """Return the DOT text of a string or a graphviz.Graph/Digraph (its .source)."""
    if isinstance(figure_or_dot, str):
        return figure_or_dot
    src = getattr(figure_or_dot, "source", None)
    if isinstance(src, str):
        return src
    raise ValueError(f"st.graphviz_chart needs a DOT string or a graphviz.Graph/Digraph; "
                     f"got {type(figure_or_dot).__name__}.")


def _run_dot(src: str) -> str | None:
    """Run Graphviz's `dot -Tsvg` on src if it is installed; return its SVG text or None."""
    exe = shutil.which("dot")
    if not exe:
        return None
    try:
        proc = subprocess.run([exe, "-Tsvg"], input=src.encode("utf-8"),
                              capture_output=True, timeout=DOT_TIMEOUT_S,
                              env={"PATH": os.environ.get("PATH", "")})
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or len(proc.stdout) > MAX_DOT_SVG_BYTES:
        return None
    return proc.stdout.decode("utf-8", "replace")


def render_dot_svg(src: Any, *, width: int | None = None) -> tuple:
    """Draw a DOT source (or graphviz object) as safe SVG; return (svg, notes).

    Uses the `dot` program when installed (its output re-serialised through
    sanitize_svg), else, or when it fails, the built-in layered layout.
    Raises ValueError for DOT the built-in parser cannot read.
    """
    text = dot_source(src)
    if len(text) <= MAX_DOT_CHARS:
        raw = _run_dot(text)
        if raw is not None:
            svg = sanitize_svg(raw, max_width=width)
            if svg is not None:
                return svg, []
    return _render_dot_builtin(text, width)


# =============================================================================
# 14. The st API
# =============================================================================
# A DeltaGenerator is a place to write into: the main area, the sidebar, a
# column, an expander... Its methods add elements there. The module-level
# functions (st.button, st.write, ...) forward to the container the running
# script is currently in (`with col:` changes it), in the spirit of bottle's
# default-app wrappers.


def _widget_id(kind: str, label: str, key, form=None, root="main") -> str:
    """Return a widget's componentId: from its key, else from kind + label (protocol §6).

    An unkeyed widget's id also depends on the form it is in and on whether it
    is in the sidebar, so one label may be used once in each (as in Streamlit).
    """
    if key is not None:
        skey = str(key)
        if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", skey):
            return sys.intern("key-" + skey)
        return "key-" + hashlib.sha1(skey.encode("utf-8", "replace")).hexdigest()[:16]
    digest = hashlib.sha1(repr((kind, str(label), form, root)).encode("utf-8", "replace"))
    return sys.intern(f"{kind.replace('_', '-')}-{digest.hexdigest()[:12]}")


def _check_key(key) -> None:
    """Refuse an empty key (other types are turned into str first, as Streamlit does)."""
    if key is not None and key == "":
        raise StreamlitAPIException("Invalid `key` value. Supported values: a non-empty "
                                    "string or an int.")


def _root_of(node: _Node) -> str:
    return "sidebar" if node.id.startswith("sidebar") else "main"


class DeltaGenerator:
    """A place in the page to write into; the receiver of every st.* element call."""

    __slots__ = ("_root", "_node")

    # -- plumbing: where an element goes, how a widget keeps its value -------------
    def __init__(self, root: str | None = None, node: _Node | None = None):
        self._root = root      # "main" or "sidebar": resolved in the current run
        self._node = node      # a container (or element) node of one run

    def _parent(self, run: ScriptRun) -> _Node:
        if self._node is not None:
            return self._node
        if self._root == "bottom":               # st.bottom: pinned below the main area
            main = run.roots["main"]
            node = next((c for c in main.children if c.id == "sg-bottom"), None)
            if node is None:
                with run.lock:
                    node = _Node("bottom", "sg-bottom", {}, [])
                    main.children.append(node)
            return node
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
            # ids repeat in every session of the app: intern them, one copy for all
            nid = wid or sys.intern(f"{parent.id}-{len(parent.children)}")
            form = parent.props.get("form_id") if parent.kind == "form" else parent.form
            frag = nid if kind in ("fragment", "dialog") else parent.frag
            node = _Node(kind, nid, props, [] if container else None, form, frag)
            parent.children.append(node)
            run.version += 1
        return node

    def _element(self, kind: str, props: dict) -> "DeltaGenerator":
        return DeltaGenerator(node=self._add(kind, props))

    def _container(self, kind: str, props: dict) -> "DeltaGenerator":
        return DeltaGenerator(node=self._add(kind, props, container=True))

    def _form_id(self, run: ScriptRun):
        node = self._parent(run)
        return node.props.get("form_id") if node.kind == "form" else node.form

    def _widget(self, kind: str, label, key, default, props: dict, *,
                parse: Callable, valid: Callable | None = None, on_change=None,
                args=None, kwargs=None, help=None, disabled=False,
                label_visibility="visible", trigger=False, id_label=None,
                show: Callable | None = None, meta: dict | None = None):
        """Register a widget, work out its value for this rerun and draw it.

        The value is, in order: the click for buttons (and submitted text for
        chat_input), in the rerun the click caused; st.session_state[key]
        when the app (or an earlier rerun) put it there; the stored value of
        an earlier rerun; else the default. `valid` maps a stored value that
        no longer fits (an option removed, a bound moved) back to the default.
        """
        run = _current_run(kind)
        run.check()
        if key is not None and not isinstance(key, (str, int)):
            key = str(key)               # Streamlit keys widgets by str() of any object
        _check_key(key)
        if label_visibility not in ("visible", "hidden", "collapsed"):
            raise StreamlitAPIException(
                "Invalid `label_visibility` value. Supported values: 'visible', 'hidden', "
                "'collapsed'.")
        if on_change in ("rerun", "ignore"):
            on_change = None
        if on_change is not None and not callable(on_change):
            raise StreamlitAPIException(f"on_change/on_click must be callable, "
                                        f"not {type(on_change).__name__}")
        parent = self._parent(run)
        form = self._form_id(run)
        if form and kind in ("button", "download_button", "chat_input"):
            raise StreamlitAPIException(
                f"`st.{kind}()` can't be used in an `st.form()`." +
                (" Use `st.form_submit_button()` instead to submit the form."
                 if kind == "button" else ""))
        if kind == "form_submit_button" and not form:
            raise StreamlitAPIException(
                "`st.form_submit_button()` must be used inside an `st.form()`.")
        if form and on_change is not None and kind != "form_submit_button":
            raise StreamlitAPIException(
                "Within a form, callbacks can only be defined on `st.form_submit_button`. "
                "Defining callbacks on other widgets inside a form is not allowed.")
        key = None if key is None else str(key)
        wid = _widget_id(kind, label if id_label is None else id_label, key, form,
                         _root_of(parent))
        if wid in run.widgets:
            if key is not None:
                raise StreamlitAPIException(
                    f"There are multiple elements with the same `key='{key}'`. To fix "
                    f"this, please make sure that the `key` argument is unique for each "
                    f"element you create.")
            raise StreamlitAPIException(
                f"There are multiple `{kind}` elements with the same auto-generated ID "
                f"(same label {str(label)!r}). To fix this error, please pass a unique "
                f"`key` argument to the `{kind}` element.")
        session = run.session
        if key is not None and kind in ("button", "download_button", "form_submit_button",
                                        "file_uploader") and key in run.assigned:
            raise StreamlitAPIException(
                f"`st.session_state['{key}']` is read-only and cannot be assigned through "
                f"session state.")
        if trigger:
            value = session.triggers.get(wid, default)
        elif key is not None and key in session.session_state:
            value = session.session_state[key]
        elif wid in session.widget_values:
            value = session.widget_values[wid]
        else:
            value = default
        if valid is not None and not trigger:
            value = valid(value)
        shown = value
        if form and form in run.clearing_forms and not trigger:
            shown = default           # clear_on_submit: return the submitted value,
            if key is not None:       # show (and keep) the default afterwards
                session.session_state[key] = default
            else:
                session.widget_values[wid] = default
        elif key is not None:
            session.session_state[key] = value if not trigger or kind == "chat_input" else bool(value)
        elif not trigger:
            session.widget_values[wid] = value
        run.widgets[wid] = _Widget(wid, kind, key, parse, on_change, args, kwargs, form,
                                   trigger, default, bool(disabled), parent.frag, meta)
        props.update(label=str(label), help=help, disabled=bool(disabled),
                     label_visibility=label_visibility, form=form, value=shown, _kind=kind)
        if show is not None:
            props.update(show(shown))
        self._add(kind, props, wid=wid)
        return value

    def __enter__(self):
        run = _current_run("with")
        run.stack.append(self._parent(run))
        return self

    def __exit__(self, *exc):
        run = _current_run("with")
        if len(run.stack) > 1:
            run.stack.pop()
        return False

    # -- text ----------------------------------------------------------------------
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
        return self._element("caption", {"body": str(body), "unsafe": unsafe_allow_html,
                                         "help": help})

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

    def latex(self, body, *, help=None):
        """Display a LaTeX formula, shown readably without a JavaScript library."""
        if hasattr(body, "_repr_latex_"):
            body = body._repr_latex_().strip("$")
        return self._element("latex", {"body": str(body), "help": help})

    def badge(self, label, *, icon=None, color="blue"):
        """Display a small coloured badge."""
        return self._element("badge", {"label": str(label), "icon": icon, "color": color})

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
            self._write_one(arg, unsafe_allow_html)
        flush()

    def _write_one(self, arg, unsafe=False):
        if isinstance(arg, BaseException):
            return self.exception(arg)
        if inspect.isgenerator(arg) or inspect.isasyncgen(arg):
            return self.write_stream(arg)
        if isinstance(arg, io.StringIO):
            return self.markdown(arg.getvalue(), unsafe_allow_html=unsafe)
        if _is_dataframe_like(arg):
            return self.dataframe(arg)
        if isinstance(arg, (dict, list, tuple)) or _is_json_like(arg):
            return self.json(arg)
        if hasattr(arg, "_repr_html_") and not isinstance(arg, type) and unsafe:
            return self.html(arg._repr_html_())
        if inspect.isclass(arg) or inspect.isfunction(arg) or inspect.ismodule(arg) \
                or inspect.isbuiltin(arg) or inspect.ismethod(arg):
            return self.help(arg)
        text = str(arg)             # numbers, dates, Decimals, any object: str() as code
        if "`" in text or "\n" in text:
            return self.text(text)
        return self.markdown(f"`{text}`")

    def write_stream(self, stream):
        """Write a stream of text chunks (a generator) as it arrives; return the text."""
        if isinstance(stream, str) or _is_dataframe_like(stream):
            raise StreamlitAPIException("st.write_stream expects a generator or iterable of "
                                        "chunks; please use `st.write` for this data type.")
        if inspect.isgeneratorfunction(stream) or (callable(stream) and not hasattr(
                stream, "__iter__")):
            stream = stream()
        if inspect.isasyncgen(stream):
            stream = _sync_iter(stream)
        try:
            it = iter(stream)
        except TypeError:
            raise StreamlitAPIException(f"The provided input (type: {builtins_type(stream).__name__}) "
                                        f"cannot be iterated.") from None
        text, written, el = "", [], None
        for chunk in it:
            if hasattr(chunk, "choices"):          # OpenAI-style chunk objects
                try:
                    chunk = chunk.choices[0].delta.content or ""
                except (AttributeError, IndexError):
                    pass
            if isinstance(chunk, str):
                if not chunk:
                    continue
                text += chunk
                if el is None:
                    el = self.empty()
                el.markdown(text + "\u258c")              # a cursor while it streams
            else:
                if text:
                    el.markdown(text)
                    written.append(text)
                    text, el = "", None
                self.write(chunk)
                written.append(chunk)
        if el is not None:
            el.markdown(text)
        if text:
            written.append(text)
        return written[0] if len(written) == 1 and isinstance(written[0], str) else (
            written if written else "")

    def echo(self, code_location="above"):
        """Run the code in the `with` block and also display it."""
        return _Echo(self, code_location)

    def help(self, obj=None):
        """Display an object's name, signature and docstring."""
        name = getattr(obj, "__qualname__", None) or type(obj).__name__
        try:
            sig = str(inspect.signature(obj))
        except (TypeError, ValueError):
            sig = ""
        doc = inspect.getdoc(obj) or "No docs available."
        return self._element("code", {"body": f"{name}{sig}\n\n{doc}", "language": "text"})

    # -- input: buttons and widgets that take a value ------------------------------
    def button(self, label, key=None, help=None, on_click=None, args=None, kwargs=None,
               *, type="secondary", icon=None, disabled=False, use_container_width=False):
        """Display a button; True only in the rerun its click caused."""
        return self._widget("button", label, key, False,
                            {"type": type, "icon": icon,
                             "use_container_width": use_container_width},
                            parse=_parse_click, on_change=on_click, args=args,
                            kwargs=kwargs, help=help, disabled=disabled, trigger=True)

    def download_button(self, label, data, file_name=None, mime=None, key=None, help=None,
                        on_click=None, args=None, kwargs=None, *, type="secondary", icon=None,
                        disabled=False, use_container_width=False):
        """Display a button that downloads `data`; True in the rerun its click caused."""
        run = _current_run("st.download_button")
        if callable(data):
            data = data()
        if hasattr(data, "read"):
            name = getattr(data, "name", None)
            file_name = file_name or (os.path.basename(name) if isinstance(name, str) else None)
            if hasattr(data, "seek"):
                with contextlib.suppress(Exception):
                    data.seek(0)
            data = data.read()
        if isinstance(data, str):
            payload, guess = data.encode("utf-8"), "text/plain"
        elif isinstance(data, (bytes, bytearray, memoryview)):
            payload, guess = bytes(data), "application/octet-stream"
        else:
            raise StreamlitAPIException(f"download_button data must be str, bytes or a "
                                        f"file, not {builtins_type(data).__name__}")
        file_name = file_name or "download"
        if mime is None and file_name:
            mime = _guess_type(file_name)[0]
        href = run.scheduler.media_url(run, payload, mime or guess, file_name)
        return self._widget("download_button", label, key, False,
                            {"type": type, "icon": icon, "href": href,
                             "file_name": file_name, "use_container_width": use_container_width},
                            parse=_parse_click, on_change=on_click, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, trigger=True)

    def link_button(self, label, url, *, help=None, type="secondary", icon=None,
                    disabled=False, use_container_width=False):
        """Display a link styled as a button (opens in a new tab; not a widget)."""
        return self._element("link_button", {"label": str(label), "url": str(url),
                                             "help": help, "type": type, "icon": icon,
                                             "disabled": disabled, "_kind": "link_button",
                                             "use_container_width": use_container_width})

    def form_submit_button(self, label="Submit", help=None, on_click=None, args=None,
                           kwargs=None, *, key=None, type="secondary", icon=None,
                           disabled=False, use_container_width=False):
        """Display a form's submit button; True in the rerun its submit caused."""
        run = _current_run("st.form_submit_button")
        form = self._form_id(run)
        clear = bool(form and _find_form(self._parent(run), form, run))
        return self._widget("form_submit_button", label, key, False,
                            {"type": type, "icon": icon,
                             "use_container_width": use_container_width},
                            parse=_parse_click, on_change=on_click, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, trigger=True,
                            meta={"clear": clear})

    def checkbox(self, label, value=False, key=None, help=None, on_change=None,
                 args=None, kwargs=None, *, disabled=False, label_visibility="visible"):
        """Display a checkbox; return its state as a bool."""
        return self._widget("checkbox", label, key, bool(value), {},
                            parse=_parse_bool, valid=bool, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility)

    def toggle(self, label, value=False, key=None, help=None, on_change=None, args=None,
               kwargs=None, *, disabled=False, label_visibility="visible"):
        """Display a toggle switch; return its state as a bool."""
        return self._widget("toggle", label, key, bool(value), {},
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

    def text_area(self, label, value="", height=None, max_chars=None, key=None, help=None,
                  on_change=None, args=None, kwargs=None, *, placeholder=None,
                  disabled=False, label_visibility="visible"):
        """Display a multi-line text input; return its text."""
        default = None if value is None else str(value)

        def parse(raw):
            if not isinstance(raw, str):
                raise ValueError("text_area value must be a string")
            return raw[:max_chars] if max_chars else raw

        return self._widget("text_area", label, key, default,
                            {"max_chars": max_chars, "height": height,
                             "placeholder": placeholder},
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
        is_float = any(isinstance(x, float) for x in nums) or not nums
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

    def date_input(self, label, value="today", min_value=None, max_value=None, key=None,
                   help=None, on_change=None, args=None, kwargs=None, *,
                   format="YYYY/MM/DD", disabled=False, label_visibility="visible"):
        """Display a date picker; return a date (or a tuple of dates in range mode)."""
        is_range = isinstance(value, (list, tuple))
        today = _dt.date.today()

        def as_date(v):
            if v is None or v == "today":
                return today if v == "today" else None
            if isinstance(v, _dt.datetime):
                return v.date()
            if isinstance(v, _dt.date):
                return v
            if isinstance(v, str):
                return _dt.date.fromisoformat(v[:10])
            raise StreamlitAPIException(f"date_input value must be a date, not {v!r}")

        vals = [as_date(v) for v in value] if is_range else [as_date(value)]
        if is_range and len(vals) > 2:
            raise StreamlitAPIException("date_input takes at most two dates in range mode")
        known = [v for v in vals if v is not None] or [today]
        lo = as_date(min_value) or _add_years(min(known), -10)
        hi = as_date(max_value) or _add_years(max(known), 10)
        if value == "today":
            vals = [min(max(today, lo), hi)]
        for v in vals:
            if v is not None and not lo <= v <= hi:
                raise StreamlitAPIException(f"The `value` {v} is outside [{lo}, {hi}].")
        default = tuple(vals) if is_range else vals[0]

        def parse(raw):
            items = raw if is_range else [raw]
            if not isinstance(items, list):
                raise ValueError("expected a list of two ISO dates")
            out = []
            for r in items:
                if r in (None, ""):
                    continue
                if not isinstance(r, str):
                    raise ValueError("dates travel as ISO strings")
                d = _dt.date.fromisoformat(r[:10])
                out.append(min(max(d, lo), hi))
            if is_range:
                return tuple(sorted(out))
            return out[0] if out else None

        def show(v):
            vs = list(v) if is_range else [v]
            return {"iso": [x.isoformat() if x else "" for x in vs] + ([""] * (2 - len(vs))
                                                                        if is_range else [])}

        return self._widget("date_input", label, key, default,
                            {"min": lo.isoformat(), "max": hi.isoformat(), "range": is_range},
                            parse=parse, on_change=on_change, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, label_visibility=label_visibility,
                            show=show)

    def time_input(self, label, value="now", key=None, help=None, on_change=None, args=None,
                   kwargs=None, *, disabled=False, label_visibility="visible",
                   step=_dt.timedelta(minutes=15)):
        """Display a time picker; return a datetime.time."""
        seconds = int(step.total_seconds()) if isinstance(step, _dt.timedelta) else int(step)
        if not 60 <= seconds <= 23 * 3600 and not 1 <= seconds < 60:
            raise StreamlitAPIException("`step` must be between 1 second and 23 hours")
        if value == "now":
            now = _dt.datetime.now()
            default = _dt.time(now.hour, now.minute)
        elif isinstance(value, _dt.datetime):
            default = value.time().replace(microsecond=0)
        elif isinstance(value, _dt.time):
            default = value.replace(microsecond=0)
        elif isinstance(value, str):
            default = _dt.time.fromisoformat(value)
        elif value is None:
            default = None
        else:
            raise StreamlitAPIException(f"time_input value must be a time, not {value!r}")

        def parse(raw):
            if raw in (None, ""):
                return None
            if not isinstance(raw, str):
                raise ValueError("times travel as HH:MM[:SS] strings")
            return _dt.time.fromisoformat(raw)

        return self._widget("time_input", label, key, default, {"step": seconds},
                            parse=parse, on_change=on_change, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, label_visibility=label_visibility)

    def color_picker(self, label, value=None, key=None, help=None, on_change=None, args=None,
                     kwargs=None, *, disabled=False, label_visibility="visible"):
        """Display a colour picker; return the colour as a hex string."""
        value = "#000000" if value is None else value
        if not isinstance(value, str) or not _HEX_COLOR.fullmatch(value):
            raise StreamlitAPIException(f"'{value}' is not a valid hex code for colors. "
                                        f"Valid ones are like '#00FFAA' or '#000'.")

        def parse(raw):
            if not isinstance(raw, str) or not _HEX_COLOR.fullmatch(raw):
                raise ValueError("expected a colour like #00ffaa")
            return raw

        return self._widget("color_picker", label, key, value, {}, parse=parse,
                            on_change=on_change, args=args, kwargs=kwargs, help=help,
                            disabled=disabled, label_visibility=label_visibility)

    def file_uploader(self, label, type=None, accept_multiple_files=False, key=None,
                      help=None, on_change=None, args=None, kwargs=None, *,
                      max_upload_size=None, disabled=False, label_visibility="visible"):
        """Display a file picker; return an UploadedFile (a list with accept_multiple_files)."""
        run = _current_run("st.file_uploader")
        types = [type] if isinstance(type, str) else list(type or [])
        exts = []
        for t in types:
            t = str(t).lower()
            exts.append(t if "/" in t or t.startswith(".") else "." + t)
        limit = int(max_upload_size * 1024 * 1024) if max_upload_size else \
            run.scheduler.max_upload
        multiple = bool(accept_multiple_files)
        store = run.session.uploads

        def parse(raw):
            items = raw if isinstance(raw, list) else ([] if raw is None else [raw])
            files = []
            for item in items:
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    raise ValueError("files travel as {id, name, type, size} objects")
                up = store.get(item["id"])
                if up is None or up.session_id != run.session.id:
                    raise ValueError("unknown upload id")
                if up.size > limit:
                    raise ValueError(f"file is larger than {limit} bytes")
                if exts and not _type_allowed(up.name, up.type, exts):
                    raise ValueError(f"file type not allowed: {up.name}")
                files.append(up)
            if not multiple:
                return files[0] if files else None
            return files

        return self._widget("file_uploader", label, key, [] if multiple else None,
                            {"accept": ",".join(exts), "multiple": multiple, "limit": limit},
                            parse=parse, on_change=on_change, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, label_visibility=label_visibility,
                            show=lambda v: {"files": [f.name for f in (
                                v if isinstance(v, list) else [v] if v else [])]})

    def datetime_input(self, label, value="now", min_value=None, max_value=None, *, key=None,
                       help=None, on_change=None, args=None, kwargs=None,
                       format="YYYY/MM/DD", step=900, disabled=False,
                       label_visibility="visible", width="stretch"):
        """Pick a date and a time of day; return a datetime (None when value is None)."""
        def as_datetime(v, what):
            if v is None:
                return None
            if isinstance(v, str) and v == "now":
                return _dt.datetime.now().replace(second=0, microsecond=0)
            if isinstance(v, _dt.datetime):
                return v.replace(tzinfo=None)
            if isinstance(v, _dt.date):
                return _dt.datetime(v.year, v.month, v.day)
            if isinstance(v, str):
                try:
                    return _dt.datetime.fromisoformat(v)
                except ValueError:
                    pass
            raise StreamlitAPIException(f"`{what}` must be a datetime, a date, an ISO "
                                        f"string or 'now', not {v!r}")
        default = as_datetime(value, "value")
        lo, hi = as_datetime(min_value, "min_value"), as_datetime(max_value, "max_value")
        if lo and hi and lo > hi:
            raise StreamlitAPIException("`min_value` must be before `max_value`")
        secs = step.total_seconds() if isinstance(step, _dt.timedelta) else step
        if isinstance(secs, bool) or not isinstance(secs, (int, float)) or not 60 <= secs <= 86400:
            raise StreamlitAPIException("`step` must be between one minute and one day")

        def parse(raw):
            if raw is None or raw == "":
                return None
            if not isinstance(raw, str) or len(raw) > 40:
                raise ValueError("a datetime travels as an ISO string")
            v = _dt.datetime.fromisoformat(raw)
            return min(max(v, lo or v), hi or v)

        return self._widget("datetime_input", label, key, default,
                            {"min": lo, "max": hi, "step": int(secs)},
                            parse=parse, on_change=on_change, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, label_visibility=label_visibility,
                            show=lambda v: {"value": v})

    def camera_input(self, label, key=None, help=None, on_change=None, args=None,
                     kwargs=None, *, disabled=False, label_visibility="visible"):
        """Take a photo with the user's camera; return it as an UploadedFile (JPEG) or None."""
        return self._capture("camera_input", "image/", label, key, help, on_change, args,
                             kwargs, disabled, label_visibility)

    def audio_input(self, label, *, sample_rate=16000, key=None, help=None, on_change=None,
                    args=None, kwargs=None, disabled=False, label_visibility="visible"):
        """Record from the user's microphone; return a WAV UploadedFile or None."""
        if sample_rate is not None and sample_rate not in (8000, 11025, 16000, 22050,
                                                           24000, 32000, 44100, 48000):
            raise StreamlitAPIException(f"Invalid sample_rate: {sample_rate}")
        return self._capture("audio_input", "audio/", label, key, help, on_change, args,
                             kwargs, disabled, label_visibility, sample_rate)

    def _capture(self, kind, mime_prefix, label, key, help, on_change, args, kwargs,
                 disabled, label_visibility, sample_rate=None):
        """camera_input / audio_input: the browser records, uploads to /upload, sends its id.

        Browsers allow the camera and microphone only to pages served over
        HTTPS or from localhost.
        """
        run = _current_run(f"st.{kind}")
        store = run.session.uploads

        def parse(raw):
            if raw is None:
                return None
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                raise ValueError("a capture travels as an {id, name, type, size} object")
            up = store.get(raw["id"])
            if up is None or up.session_id != run.session.id:
                raise ValueError("unknown upload id")
            if not str(up.type).startswith(mime_prefix):
                raise ValueError(f"{kind} takes {mime_prefix}* files, not {up.type}")
            return up

        def show(v):
            if v is None:
                return {"src": None}
            return {"src": _media_src(run, v.getvalue(), mime_prefix[:-1], v.type)}

        return self._widget(kind, label, key, None,
                            {"rate": sample_rate, "limit": run.scheduler.max_upload},
                            parse=parse, on_change=on_change, args=args, kwargs=kwargs,
                            help=help, disabled=disabled, label_visibility=label_visibility,
                            show=show)

    def chat_input(self, placeholder="Your message", *, key=None, max_chars=None,
                   disabled=False, on_submit=None, args=None, kwargs=None):
        """Display a chat box; return the submitted text in the rerun it caused, else None."""
        run = _current_run("st.chat_input")
        parent = self._parent(run)

        def parse(raw):
            if not isinstance(raw, str):
                raise ValueError("chat_input value must be a string")
            return raw[:max_chars] if max_chars else raw

        return self._widget("chat_input", placeholder, key, None,
                            {"placeholder": str(placeholder), "max_chars": max_chars,
                             "pinned": parent.id == "main"},
                            parse=parse, on_change=on_submit, args=args, kwargs=kwargs,
                            disabled=disabled, trigger=True, label_visibility="collapsed")

    # -- choice: pick from options -------------------------------------------------
    def selectbox(self, label, options, index=0, format_func=str, key=None, help=None,
                  on_change=None, args=None, kwargs=None, *, placeholder="Choose an option",
                  disabled=False, label_visibility="visible", accept_new_options=False):
        """Display a drop-down; return the selected option (None when index=None)."""
        opts, labels, default = _option_setup(options, index, format_func)

        def parse(raw):
            return opts[_option_index(raw, opts, labels)]

        def valid(v):
            i = _find_option(opts, labels, format_func, v)
            return default if v is not None and i is None else (None if v is None else opts[i])

        return self._widget("selectbox", label, key, default,
                            {"labels": labels, "placeholder": placeholder},
                            parse=parse, valid=valid, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility,
                            show=lambda v: {"index": _index_of(opts, v)})

    def radio(self, label, options, index=0, format_func=str, key=None, help=None,
              on_change=None, args=None, kwargs=None, *, disabled=False, horizontal=False,
              captions=None, label_visibility="visible"):
        """Display radio buttons; return the chosen option (None when index=None)."""
        opts, labels, default = _option_setup(options, index, format_func)

        def valid(v):
            i = _find_option(opts, labels, format_func, v)
            return default if v is not None and i is None else (None if v is None else opts[i])

        return self._widget("radio", label, key, default,
                            {"labels": labels, "horizontal": horizontal,
                             "captions": [str(c) if c is not None else "" for c in captions]
                             if captions else None},
                            parse=lambda raw: opts[_option_index(raw, opts, labels)],
                            valid=valid,
                            on_change=on_change, args=args, kwargs=kwargs, help=help,
                            disabled=disabled, label_visibility=label_visibility,
                            show=lambda v: {"index": _index_of(opts, v)})

    def multiselect(self, label, options, default=None, format_func=str, key=None, help=None,
                    on_change=None, args=None, kwargs=None, *, max_selections=None,
                    placeholder=None, disabled=False, label_visibility="visible",
                    accept_new_options=False):
        """Display a multi-choice list; return the chosen options as a list."""
        opts = _options(options)
        labels = [str(format_func(o)) for o in opts]
        if default is None:
            chosen = []
        elif isinstance(default, (list, tuple, set)) or _is_dataframe_like(default):
            chosen = list(default)
        else:
            chosen = [default]
        for d in chosen:
            if _index_of(opts, d) is None:
                raise StreamlitAPIException(
                    f"The default value '{d}' is not part of the options. Please make sure "
                    f"that every default value also exists in the options.")
        if max_selections is not None and len(chosen) > max_selections:
            raise StreamlitAPIException(
                f"Multiselect has {len(chosen)} options selected but `max_selections` is "
                f"set to {max_selections}.")

        def parse(raw):
            if not isinstance(raw, list):
                raise ValueError("multiselect value must be a list")
            idx = []
            for r in raw:
                i = _option_index(r, opts, labels)
                if i not in idx:
                    idx.append(i)
            if max_selections is not None and len(idx) > max_selections:
                raise ValueError(f"at most {max_selections} selections")
            return [opts[i] for i in idx]

        def valid(v):
            found = [_find_option(opts, labels, format_func, x) for x in v] \
                if isinstance(v, list) else [None]
            return list(chosen) if None in found else [opts[i] for i in found]

        return self._widget("multiselect", label, key, list(chosen),
                            {"labels": labels, "placeholder": placeholder or
                             "Choose options", "max": max_selections},
                            parse=parse, valid=valid, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility,
                            show=lambda v: {"index": [_index_of(opts, x) for x in v]})

    def pills(self, label, options, *, selection_mode="single", default=None,
              format_func=None, key=None, help=None, on_change=None, args=None, kwargs=None,
              disabled=False, label_visibility="visible", width="content"):
        """Display options as pill buttons; return the chosen one (or a list in "multi")."""
        return self._choice_buttons("pills", label, options, selection_mode, default,
                                    format_func, key, help, on_change, args, kwargs,
                                    disabled, label_visibility)

    def segmented_control(self, label, options, *, selection_mode="single", default=None,
                          format_func=None, key=None, help=None, on_change=None, args=None,
                          kwargs=None, disabled=False, label_visibility="visible",
                          width="content"):
        """Display options as a segmented button row; return the chosen one (or a list)."""
        return self._choice_buttons("segmented_control", label, options, selection_mode,
                                    default, format_func, key, help, on_change, args, kwargs,
                                    disabled, label_visibility)

    def feedback(self, options="thumbs", *, key=None, disabled=False, on_change=None,
                 args=None, kwargs=None, default=None):
        """Ask for a rating: thumbs (0, 1), faces or stars (0-4); return it or None."""
        faces = {"thumbs": ["\U0001F44E", "\U0001F44D"],
                 "faces": ["\U0001F61E", "\U0001F641", "\U0001F610", "\U0001F642",
                           "\U0001F600"],
                 "stars": ["\u2605"] * 5}
        if options not in faces:
            raise StreamlitAPIException('`options` must be "thumbs", "faces" or "stars"')
        names = {"thumbs": ["thumbs down", "thumbs up"],
                 "faces": ["very unhappy", "unhappy", "neutral", "happy", "very happy"],
                 "stars": [f"{i} star{'s' if i > 1 else ''}" for i in range(1, 6)]}[options]
        n = len(faces[options])

        def parse(raw):
            if raw is None:
                return None
            if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw < n:
                raise ValueError(f"feedback is an index from 0 to {n - 1}, or null")
            return raw

        return self._widget("feedback", "", key, default,
                            {"glyphs": faces[options], "names": names, "stars": options == "stars"},
                            parse=parse, valid=lambda v: v if v is None or (
                                isinstance(v, int) and 0 <= v < n) else default,
                            on_change=on_change, args=args, kwargs=kwargs, disabled=disabled,
                            label_visibility="collapsed", id_label=f"feedback-{options}",
                            show=lambda v: {"index": [] if v is None else [v]})

    def _choice_buttons(self, kind, label, options, selection_mode, default, format_func,
                        key, help, on_change, args, kwargs, disabled, label_visibility):
        """pills and segmented_control: one button per option, single or multi choice."""
        if selection_mode not in ("single", "multi"):
            raise StreamlitAPIException('`selection_mode` must be "single" or "multi"')
        format_func = format_func or str
        opts = _options(options)
        labels = [str(format_func(o)) for o in opts]
        multi = selection_mode == "multi"
        if multi:
            chosen = [] if default is None else list(default) if isinstance(
                default, (list, tuple, set)) else [default]
        else:
            chosen = [] if default is None else [default]
        for d in chosen:
            if _index_of(opts, d) is None:
                raise StreamlitAPIException(f"The default value '{d}' is not part of the "
                                            f"options.")
        start = list(chosen) if multi else (chosen[0] if chosen else None)

        def parse(raw):
            if multi:
                if not isinstance(raw, list):
                    raise ValueError(f"{kind} in multi mode takes a list of option indices")
                idx = []
                for r in raw:
                    i = _option_index(r, opts, labels)
                    if i not in idx:
                        idx.append(i)
                return [opts[i] for i in idx]
            return None if raw is None else opts[_option_index(raw, opts, labels)]

        def valid(v):
            if multi:
                return v if isinstance(v, list) and all(
                    _index_of(opts, x) is not None for x in v) else list(chosen)
            return v if v is None or _index_of(opts, v) is not None else start

        return self._widget(kind, label, key, start, {"labels": labels, "multi": multi},
                            parse=parse, valid=valid, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility,
                            show=lambda v: {"index": [_index_of(opts, x) for x in v] if multi
                                            else ([] if v is None else [_index_of(opts, v)])})

    def select_slider(self, label, options=(), value=None, format_func=str, key=None,
                      help=None, on_change=None, args=None, kwargs=None, *, disabled=False,
                      label_visibility="visible"):
        """Display a slider over a list of options; return an option (or a pair)."""
        opts = _options(options)
        if not opts:
            raise StreamlitAPIException("The `options` parameter is required. Provide at "
                                        "least one option.")
        labels = [str(format_func(o)) for o in opts]
        is_range = isinstance(value, (list, tuple)) and len(value) == 2

        def idx(v):
            i = _index_of(opts, v)
            if i is None:
                raise ValueError(f"{v!r} is not in iterable")
            return i

        if value is None:
            default = opts[0]
        elif is_range:
            a, b = sorted((idx(value[0]), idx(value[1])))
            default = (opts[a], opts[b])
        else:
            default = opts[idx(value)]

        def parse(raw):
            vals = raw if is_range else [raw]
            if not isinstance(vals, list) or len(vals) != (2 if is_range else 1):
                raise ValueError("select_slider value has the wrong shape")
            ii = sorted(_option_index(int(_num(r)) if not isinstance(r, str) else r,
                                      opts, labels) for r in vals)
            return tuple(opts[i] for i in ii) if is_range else opts[ii[0]]

        def valid(v):
            vs = v if is_range and isinstance(v, (list, tuple)) else (v,)
            found = [_find_option(opts, labels, format_func, x) for x in vs]
            if None in found or len(found) != (2 if is_range else 1):
                return default
            return tuple(opts[i] for i in found) if is_range else opts[found[0]]

        def show(v):
            vs = v if is_range else (v,)
            ii = [_index_of(opts, x) for x in vs]
            return {"value": ii if is_range else ii[0], "labels": [labels[i] for i in ii]}

        return self._widget("select_slider", label, key, default,
                            {"min": 0, "max": len(opts) - 1, "step": 1, "range": is_range,
                             "options": labels},
                            parse=parse, valid=valid, on_change=on_change, args=args,
                            kwargs=kwargs, help=help, disabled=disabled,
                            label_visibility=label_visibility, show=show)

    # -- layout: containers (with-blocks) ------------------------------------------
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

    def form(self, key, clear_on_submit=False, *, enter_to_submit=True, border=True):
        """Group widgets whose values are sent together by st.form_submit_button."""
        run = _current_run("st.form")
        _check_key(key)
        parent = self._parent(run)
        if self._form_id(run):
            raise StreamlitAPIException("Forms cannot be nested in other forms.")
        key = str(key)
        if key in run.forms:
            raise StreamlitAPIException(
                f"There are multiple identical forms with `key='{key}'`. To fix this, "
                f"please make sure that the `key` argument is unique for each `st.form` "
                f"you create.")
        run.forms.add(key)
        del parent
        return self._container("form", {"form_id": key, "clear": bool(clear_on_submit),
                                        "border": border, "enter": enter_to_submit})

    def expander(self, label, expanded=False, *, icon=None):
        """Insert a collapsible container (its content always runs)."""
        return self._container("expander", {"label": str(label), "expanded": bool(expanded),
                                            "icon": icon})

    def popover(self, label, *, help=None, icon=None, disabled=False,
                use_container_width=False):
        """Insert a button that opens a floating container."""
        return self._container("popover", {"label": str(label), "help": help, "icon": icon,
                                           "disabled": disabled})

    def tabs(self, tabs):
        """Insert tabs; return one container per label (every tab's content runs)."""
        labels = list(tabs)
        if not labels:
            raise StreamlitAPIException("Provide at least one tab label.")
        if any(not isinstance(t, str) for t in labels):
            raise StreamlitAPIException("Tab labels must be strings.")
        row = self._add("tabs", {"labels": labels}, container=True)
        return [DeltaGenerator(node=DeltaGenerator(node=row)._add(
            "tab", {"label": t, "index": i}, container=True)) for i, t in enumerate(labels)]

    def chat_message(self, name, *, avatar=None):
        """Insert a chat message container for `name` ("user", "assistant", ...)."""
        return self._container("chat_message", {"name": str(name), "avatar": avatar})

    def status(self, label, *, expanded=False, state="running"):
        """Insert a status container; use it as a context manager around slow work."""
        if state not in ("running", "complete", "error"):
            raise StreamlitAPIException(f"Unknown state ({state}). Must be one of "
                                        f"'running', 'complete', or 'error'.")
        node = self._add("status", {"label": str(label), "expanded": bool(expanded),
                                    "state": state}, container=True)
        return StatusContainer(node)

    # -- status: alerts, progress, toasts ------------------------------------------
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

    def exception(self, exception):
        """Display an exception with its traceback."""
        tb = "".join(traceback.format_exception(type(exception), exception,
                                                exception.__traceback__))
        return self._element("exception", {"message": f"{type(exception).__name__}: "
                                                      f"{exception}", "trace": tb})

    def progress(self, value, text=None):
        """Display a progress bar (int 0-100 or float 0.0-1.0); update it via the result."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise StreamlitAPIException(f"Invalid `value` type: {builtins_type(value).__name__}")
        if isinstance(value, float):
            if not -1e-9 <= value <= 1 + 1e-9:
                raise StreamlitAPIException(f"The `value` parameter, set to {value}, is "
                                            f"outside the required range [0.0, 1.0].")
            pct = int(min(max(value, 0.0), 1.0) * 100)
        else:
            if not 0 <= value <= 100:
                raise StreamlitAPIException(f"The `value` parameter, set to {value}, is "
                                            f"outside the required range [0, 100].")
            pct = value
        return self._element("progress", {"value": pct, "text": text})

    def spinner(self, text="In progress...", *, show_time=False):
        """Show a spinner while the `with` block runs."""
        return _Spinner(self, str(text))

    def toast(self, body, *, icon=None, duration="short"):
        """Show a short message in the corner of the page."""
        run = _current_run("st.toast")
        return self._element("toast", {"body": str(body), "icon": icon, "seq": run.number})

    def balloons(self):
        """Celebrate (shown as a toast)."""
        return self.toast("\U0001f388\U0001f388\U0001f388")

    def snow(self):
        """Celebrate, wintrily (shown as a toast)."""
        return self.toast("\u2744\ufe0f\u2744\ufe0f\u2744\ufe0f")

    # -- data: metrics and tables --------------------------------------------------
    def metric(self, label, value, delta=None, delta_color="normal", *, help=None,
               label_visibility="visible", border=False):
        """Display a number with an optional change indicator."""
        if delta_color not in ("normal", "inverse", "off", "red", "orange", "yellow", "green",
                               "blue", "violet", "gray", "grey", "primary"):
            raise StreamlitAPIException(f"'{delta_color}' is not an accepted value. "
                                        f"delta_color only accepts: 'normal', 'inverse', "
                                        f"or 'off'")
        dtext = "" if delta is None or delta == "" else str(delta)
        direction = "none"
        if dtext:
            if isinstance(delta, str):
                direction = "down" if dtext.strip().startswith("-") else (
                    "none" if dtext.strip() == "0" else "up")
            else:
                direction = "down" if delta < 0 else ("none" if delta == 0 else "up")
        return self._element("metric", {
            "label": str(label), "value": "\u2014" if value is None else str(value),
            "delta": dtext, "direction": direction, "delta_color": delta_color, "help": help,
            "label_visibility": label_visibility, "border": border})

    def table(self, data=None):
        """Display a static table (the first TABLE_MAX_ROWS rows; a note says when there are more)."""
        frame, styled = _styler_parts(data)
        grid = Grid(frame, styled=styled)
        shown = min(grid.n_rows, TABLE_MAX_ROWS)
        body = "".join(grid.rows(k, min(shown, k + MAX_WINDOW_ROWS))[0]
                       for k in range(0, shown, MAX_WINDOW_ROWS))
        return self._element("table", {"head": grid.head_html(sortable=False), "body": body,
                                       "n_rows": grid.n_rows, "shown": shown})

    def dataframe(self, data=None, width=None, height=None, *, use_container_width=None,
                  hide_index=None, column_order=None, column_config=None, key=None,
                  on_select="ignore", selection_mode="multi-row", row_height=None):
        """Display a scrollable, sortable table; large frames arrive one window at a time.

        With on_select="rerun" (or a callable) it returns the selection,
        {"selection": {"rows": [...], "columns": [...]}}, readable as attributes.
        """
        run = _current_run("dataframe")
        frame, styled = _styler_parts(data)
        options = dict(column_config=column_config, column_order=column_order,
                       hide_index=hide_index, styled=styled)
        sizes = _grid_sizes(width, height, use_container_width)
        if on_select in ("ignore", None, False):
            grid = Grid(frame, **options)
            node = self._add("dataframe", dict(grid.first_paint(), **sizes))
            old = run.session.grids.get(node.id)
            if old is not None and old.sort and old.sort[0] in grid.source.columns:
                grid.sort = old.sort                 # the page sorted it: keep that order
                with run.lock:
                    node.props = dict(grid.first_paint(), **sizes)
                    run.version += 1
            run.grids[node.id] = grid
            return DeltaGenerator(node=node)
        if on_select != "rerun" and not callable(on_select):
            raise StreamlitAPIException(f"You have passed {on_select!r} to `on_select`. But "
                                        f"only 'ignore', 'rerun', or a callable is supported.")
        modes = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
        if not modes or any(m not in SELECTION_MODES for m in modes) or (
                {"single-row", "multi-row"} <= set(modes)) or (
                {"single-column", "multi-column"} <= set(modes)):
            raise StreamlitAPIException(f"Invalid selection mode: {selection_mode!r}. Use "
                                        f"one or two of {', '.join(SELECTION_MODES)} "
                                        f"(one for rows, one for columns).")
        source = FrameSource(frame)
        empty = {"selection": {"rows": [], "columns": []}}
        wid = self._grid_id(run, "dataframe", source, key)

        def parse(raw):
            return {"selection": _parse_selection(raw, modes, source.n_rows, source.columns)}

        def valid(value):
            try:
                return parse(value["selection"])
            except (ValueError, TypeError, KeyError):
                return empty

        def show(value):
            old = run.session.grids.get(wid)
            grid = Grid(frame, selection_mode=modes, selection=value["selection"],
                        sort=old.sort if old else None, **options)
            run.grids[wid] = grid
            return dict(grid.first_paint(), **sizes)

        value = self._widget("dataframe", _grid_label(source), key, empty, {}, parse=parse,
                             valid=valid, show=show,
                             on_change=on_select if callable(on_select) else None)
        return DataframeState(value)

    def data_editor(self, data=None, width=None, height=None, *, use_container_width=None,
                    hide_index=None, column_order=None, column_config=None, num_rows="fixed",
                    disabled=False, key=None, on_change=None, args=None, kwargs=None,
                    row_height=None):
        """Display an editable table; return the data with the user's edits, in its own type.

        Double-click or Enter edits a cell; num_rows="dynamic" adds and deletes
        rows. The editing state ({"edited_rows", "added_rows", "deleted_rows"},
        as Streamlit's) is st.session_state[key] when keyed, and survives reruns.
        """
        run = _current_run("data_editor")
        if num_rows not in ("fixed", "dynamic"):
            raise StreamlitAPIException("num_rows must be 'fixed' or 'dynamic'")
        frame, _styled = _styler_parts(data)        # a Styler is edited as its frame
        original = FrameSource(frame)
        empty = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
        wid = self._grid_id(run, "data_editor", original, key)
        sizes = _grid_sizes(width, height, use_container_width)
        made = {"result": frame}

        def valid(state):
            if state == empty or data is None:
                made["result"] = frame
                return empty if data is None else state
            try:
                made["result"] = apply_editor_changes(frame, state)
                return state
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                made["result"] = frame             # the data changed under the edits: drop them
                return empty

        def show(state):
            old = run.session.grids.get(wid)
            grid = Grid(made["result"], column_config=column_config, column_order=column_order,
                        hide_index=hide_index, editable=disabled is not True,
                        num_rows=num_rows, disabled=disabled, editing=state,
                        n_original=original.n_rows, sort=old.sort if old else None)
            made["grid"] = run.grids[wid] = grid
            return dict(grid.first_paint(), **sizes)

        def parse(raw):
            return made["grid"].apply_change(raw)

        self._widget("data_editor", _grid_label(original), key, empty, {}, parse=parse,
                     valid=valid, show=show, on_change=on_change, args=args, kwargs=kwargs,
                     disabled=disabled is True)
        return made["result"]

    def _grid_id(self, run: ScriptRun, kind: str, source: FrameSource, key) -> str:
        """Return the componentId _widget will give this grid (its sort is kept under it)."""
        return _widget_id(kind, _grid_label(source), None if key is None else str(key),
                          self._form_id(run), _root_of(self._parent(run)))

    # -- charts --------------------------------------------------------------------
    # Each chart is drawn to SVG right here, at call time (sections 12 and 13);
    # the element's props keep only the SVG text and the notes, never the data.
    def line_chart(self, data=None, *, x=None, y=None, x_label=None, y_label=None,
                   color=None, width=None, height=None, use_container_width=True):
        """Draw a line chart (server-rendered SVG)."""
        return self._builtin_chart("line", data, x=x, y=y, x_label=x_label, y_label=y_label,
                                   color=color, width=width, height=height)

    def area_chart(self, data=None, *, x=None, y=None, x_label=None, y_label=None,
                   color=None, stack=None, width=None, height=None, use_container_width=True):
        """Draw an area chart (server-rendered SVG); stack: None/True, False, 'normalize', 'center'."""
        return self._builtin_chart("area", data, x=x, y=y, x_label=x_label, y_label=y_label,
                                   color=color, stack=stack, width=width, height=height)

    def bar_chart(self, data=None, *, x=None, y=None, x_label=None, y_label=None,
                  color=None, horizontal=False, sort=True, stack=None, width=None, height=None,
                  use_container_width=True):
        """Draw a bar chart (server-rendered SVG); sort: True, False, 'col' or '-col'."""
        return self._builtin_chart("bar", data, x=x, y=y, x_label=x_label, y_label=y_label,
                                   color=color, horizontal=bool(horizontal), sort=sort,
                                   stack=stack, width=width, height=height)

    def scatter_chart(self, data=None, *, x=None, y=None, x_label=None, y_label=None,
                      color=None, size=None, width=None, height=None, use_container_width=True):
        """Draw a scatter chart (server-rendered SVG); size: a number or a column."""
        return self._builtin_chart("scatter", data, x=x, y=y, x_label=x_label, y_label=y_label,
                                   color=color, size=size, width=width, height=height)

    def _builtin_chart(self, mark, data, *, x, y, color, width, height, size=None, **options):
        """Check the column arguments, build the Vega-Lite spec, draw it, add the element."""
        _current_run(f"st.{mark}_chart").check()
        cols, rows, _index = _tabulate(data)
        if cols == ["value"] and not isinstance(data, dict):
            cols = ["value"]                     # a flat list: one series named "value"
        for what, names in (("x", x), ("y", y), ("color", color), ("size", size)):
            wanted = [names] if isinstance(names, str) else (
                list(names) if what == "y" and isinstance(names, (list, tuple)) else [])
            if what in ("color", "size") and isinstance(names, str) and (
                    names not in cols and (what == "size" or names.startswith("#"))):
                continue                         # a colour value, not a column
            for name in wanted:
                if name not in cols:
                    raise StreamlitAPIException(
                        f"{what}={name!r} is not a column of the data. Columns: "
                        + ", ".join(repr(c) for c in cols[:20]))
        if color is not None and isinstance(color, str) and color not in cols and not (
                _CHART_SAFE_COLOR.match(color)):
            raise StreamlitAPIException(f"color={color!r} is neither a column nor a CSS colour.")
        spec = builtin_chart_spec(mark, cols, rows, x=x, y=y, color=color, size=size,
                                  height=_chart_size(height, "height"), **options)
        out = render_vega_lite(spec, width=_chart_size(width, "width") or 720)
        return self._element("chart", {"svg": out.svg, "notes": out.notes})

    def altair_chart(self, altair_chart, *, use_container_width=None, theme="streamlit",
                     key=None, on_select="ignore", selection_mode=None):
        """Draw an Altair chart (its Vega-Lite spec) as SVG; on_select makes it a widget."""
        if not hasattr(altair_chart, "to_dict"):
            raise StreamlitAPIException(f"st.altair_chart needs an Altair chart, not "
                                        f"{type(altair_chart).__name__}.")
        return self._vega_chart(altair_chart.to_dict(), None, key, on_select, "altair_chart")

    def vega_lite_chart(self, data=None, spec=None, *, use_container_width=None,
                        theme="streamlit", key=None, on_select="ignore", selection_mode=None,
                        **kwargs):
        """Draw a Vega-Lite spec (a dict) as SVG; keyword arguments are merged into it."""
        if spec is None and isinstance(data, dict):
            data, spec = None, data              # vega_lite_chart(spec) (as Streamlit allows)
        if spec is None and not kwargs:
            raise StreamlitAPIException("Vega-Lite charts require a non-empty spec dict.")
        if spec is not None and not isinstance(spec, dict):
            raise StreamlitAPIException(f"The Vega-Lite spec must be a dict, not "
                                        f"{type(spec).__name__}.")
        spec = dict(spec or {}, **kwargs)
        if data is not None:
            cols, rows, _index = _tabulate(data)
            data = [dict(zip(cols, r)) for r in rows]
        return self._vega_chart(spec, data, key, on_select, "vega_lite_chart")

    def _vega_chart(self, spec: dict, data, key, on_select, name: str):
        """Draw a Vega-Lite chart; with on_select, as a widget returning its selection."""
        selecting = _chart_on_select(on_select, name)
        out = render_vega_lite(spec, data, selectable=selecting)
        if not selecting:
            return self._element("chart", {"svg": out.svg, "notes": out.notes})
        param = _selection_param(spec)
        rows = [{k: v for k, v in p.items() if not str(k).startswith("__")} for p in out.points]

        def state(indices):
            return _ChartEvent({"selection": {param: [rows[i] for i in indices]}}, indices)

        return self._chart_widget(name, out, spec, key, on_select, state)

    def plotly_chart(self, figure_or_data, use_container_width=None, *, theme="streamlit",
                     key=None, on_select="ignore", selection_mode=("points", "box", "lasso"),
                     config=None, **kwargs):
        """Draw a Plotly figure as SVG; with on_select, clicks select points."""
        selecting = _chart_on_select(on_select, "plotly_chart")
        try:
            out = render_plotly(figure_or_data, selectable=selecting)
        except (TypeError, ValueError) as exc:
            raise StreamlitAPIException(str(exc)) from None
        if not selecting:
            return self._element("chart", {"svg": out.svg, "notes": out.notes})
        def state(indices):
            drawn = [i for i in indices if out.points[i] is not None]   # None: not a point
            return _ChartEvent(plotly_selection_state(out.points, drawn), drawn)

        return self._chart_widget("plotly_chart", out, _figure_identity(figure_or_data), key,
                                  on_select, state)

    def _chart_widget(self, name, out, identity, key, on_select, state: Callable):
        """Register a selectable chart as a widget whose value is its selection event."""
        count = len(out.points)

        def parse(raw):
            if not isinstance(raw, list) or len(raw) > MAX_CHART_SELECTION:
                raise ValueError(f"a chart selection is a list of at most "
                                 f"{MAX_CHART_SELECTION} point indices")
            if not all(type(i) is int and 0 <= i < count for i in raw):
                raise ValueError(f"point indices must be integers in 0..{count - 1}")
            return state(list(dict.fromkeys(raw)))

        def valid(v):
            indices = getattr(v, "indices", None)
            if not isinstance(v, _ChartEvent) or not all(0 <= i < count for i in indices):
                return state([])
            return state(indices)

        digest = hashlib.sha1(_json.dumps(identity, sort_keys=True, default=repr)
                              .encode("utf-8", "replace")).hexdigest()[:16]
        props = {"svg": out.svg, "notes": out.notes, "selectable": True}
        return self._widget("chart", name, key, state([]), props, parse=parse, valid=valid,
                            on_change=on_select, id_label=f"{name}:{digest}",
                            show=lambda v: {"value": list(v.indices)})

    def map(self, data=None, *, latitude=None, longitude=None, color=None, size=None,
            zoom=None, use_container_width=True, width=None, height=None):
        """Draw points on a Web Mercator map (SVG; no tiles unless a tile server is named)."""
        _current_run("st.map").check()
        cols, rows, _index = _tabulate(data)
        try:
            points = map_points(cols, rows, latitude=latitude, longitude=longitude,
                                color=color, size=size)
        except ValueError as exc:
            raise StreamlitAPIException(str(exc)) from None
        svg = render_map_svg(points, width=_chart_size(width, "width") or 720,
                             height=_chart_size(height, "height") or 400, zoom=zoom,
                             tile_url=_OPTIONS.get("mapbox.tiles"))
        return self._element("chart", {"svg": svg, "notes": []})

    def pydeck_chart(self, pydeck_obj=None, *, use_container_width=None, width=None,
                     height=None, selection_mode="single-object", on_select="ignore", key=None):
        """Draw a pydeck Deck's layers as points on an SVG map (no WebGL, no selection)."""
        _current_run("st.pydeck_chart").check()
        if pydeck_obj is None:
            return self._element("chart", {"svg": render_map_svg([], width=720, height=400),
                                           "notes": []})
        try:
            points, notes = pydeck_points(pydeck_obj)
            view = pydeck_view(pydeck_obj)
        except ValueError as exc:
            raise StreamlitAPIException(str(exc)) from None
        svg = render_map_svg(points, width=_chart_size(width, "width") or 720,
                             height=_chart_size(height, "height") or 400,
                             zoom=view.zoom if view else None,
                             center=(view.latitude, view.longitude) if view else None,
                             tile_url=_OPTIONS.get("mapbox.tiles"))
        return self._element("chart", {"svg": svg, "notes": notes})

    def graphviz_chart(self, figure_or_dot, use_container_width=None):
        """Draw a DOT graph (a string or a graphviz.Graph/Digraph) as SVG."""
        _current_run("st.graphviz_chart").check()
        try:
            svg, notes = render_dot_svg(figure_or_dot)
        except ValueError as exc:
            raise StreamlitAPIException(str(exc)) from None
        return self._element("chart", {"svg": svg, "notes": notes})

    def pyplot(self, fig=None, clear_figure=None, **kwargs):
        """Display a matplotlib figure (when matplotlib is installed)."""
        if fig is None:
            try:                                 # an optional extra, never required
                plt = importlib.import_module("matplotlib.pyplot")
            except ImportError:
                raise StreamlitAPIException("st.pyplot() without a figure needs "
                                            "matplotlib, which is not installed") from None
            fig = plt.gcf()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight")
        return self.image(buf.getvalue())

    # -- pages: links between the pages of a multipage app ------------------------------
    def page_link(self, page, *, label=None, icon=None, help=None, disabled=False,
                  use_container_width=None, query_params=None):
        """Link to a page of this app (switches page in place) or to an external URL."""
        run = _current_run("st.page_link")
        text = str(page)
        if isinstance(page, str) and re.match(r"(?i)https?://", page):
            href, target, title = safe_url(page, allow_relative=False), None, text
        else:
            target = _page_url_path(run, page)
            href = run.scheduler.base + urllib.parse.quote(target)
            title = page.title if isinstance(page, StreamlitPage) else next(
                (pf.naming.label for pf in run.scheduler.app.pages
                 if pf.naming.url_path == target), os.path.splitext(os.path.basename(text))[0])
            if query_params:
                href += "?" + urllib.parse.urlencode(dict(query_params), doseq=True)
        return self._element("page_link", {
            "label": label or title, "icon": icon or (page.icon if isinstance(
                page, StreamlitPage) else None),
            "href": href, "page": target, "help": help, "disabled": bool(disabled),
            "active": target is not None and target == run.page_path,
            "stretch": bool(use_container_width)})

    # -- media ---------------------------------------------------------------------
    def logo(self, image, *, size="medium", link=None, icon_image=None):
        """Show the app's logo at the top of the sidebar (a link when `link` is given)."""
        run = _current_run("st.logo")
        if size not in ("small", "medium", "large"):
            raise StreamlitAPIException('`size` must be "small", "medium" or "large"')
        href = safe_url(str(link), allow_relative=False) if link else None
        node = _Node("logo", "sg-logo", {"src": _media_src(run, image, "image"),
                                        "size": size, "href": href})
        with run.lock:
            side = run.roots["sidebar"]
            side.children[:] = [c for c in side.children if c.id != "sg-logo"]
            side.children.insert(0, node)
            run.version += 1


    def image(self, image, caption=None, width=None, use_column_width=None, clamp=False,
              channels="RGB", output_format="auto", *, use_container_width=False):
        """Display an image (or a list of images) from bytes, a path, a URL or an array."""
        run = _current_run("st.image")
        images = image if isinstance(image, (list, tuple)) else [image]
        captions = caption if isinstance(caption, (list, tuple)) else [caption] * len(images)
        if len(captions) != len(images):
            raise StreamlitAPIException("Cannot pair captions with images: the lists differ "
                                        "in length.")
        items = []
        for img, cap in zip(images, captions):
            items.append({"src": _media_src(run, img, "image"),
                          "caption": None if cap is None else str(cap)})
        w = width if isinstance(width, int) and not isinstance(width, bool) else None
        return self._element("image", {"items": items, "width": w,
                                       "stretch": bool(use_container_width or use_column_width
                                                       or width == "stretch")})

    def audio(self, data, format="audio/wav", start_time=0, *, sample_rate=None,
              end_time=None, loop=False, autoplay=False):
        """Display an audio player."""
        run = _current_run("st.audio")
        return self._element("audio", {"src": _media_src(run, data, "audio", format),
                                       "start": start_time, "loop": loop,
                                       "autoplay": autoplay})

    def video(self, data, format="video/mp4", start_time=0, *, subtitles=None,
              end_time=None, loop=False, autoplay=False, muted=False):
        """Display a video player."""
        run = _current_run("st.video")
        return self._element("video", {"src": _media_src(run, data, "video", format),
                                       "start": start_time, "loop": loop,
                                       "autoplay": autoplay, "muted": muted})


def builtins_type(obj):
    """type(obj): named so because `type` is a parameter name in several st functions."""
    return type(obj)

_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def _option_setup(options, index, format_func) -> tuple:
    """Return (options, labels, default) for radio/selectbox with Streamlit's index rules."""
    opts = _options(options)
    if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
        raise StreamlitAPIException(f"Invalid `index` type. Expected one of: int, None. "
                                    f"Provided type: {type(index).__name__}.")
    if index is not None and opts and not 0 <= index < len(opts):
        raise StreamlitAPIException(f"The `index` parameter, set to {index}, is outside the "
                                    f"required range [0, {len(opts) - 1}].")
    default = opts[index] if (index is not None and opts) else None
    return opts, [str(format_func(o)) for o in opts], default


def _add_years(d: _dt.date, years: int) -> _dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:                    # 29 February
        return d.replace(year=d.year + years, day=28)


def _type_allowed(name: str, mime: str, exts: list) -> bool:
    low = name.lower()
    for e in exts:
        if e.startswith(".") and low.endswith(e):
            return True
        if "/" in e and (mime == e or (e.endswith("/*") and mime.startswith(e[:-1]))):
            return True
    return False


def _find_form(node: _Node, form_id: str, run: ScriptRun) -> bool:
    """Return the clear_on_submit flag of the form `form_id` (searched in this run)."""
    todo = [run.roots["main"], run.roots["sidebar"]]
    while todo:
        n = todo.pop()
        if n.kind == "form" and n.props.get("form_id") == form_id:
            return bool(n.props.get("clear"))
        if n.children:
            todo.extend(n.children)
    return False


def _sync_iter(agen):
    """Iterate an async generator from synchronous code (st.write_stream)."""
    loop = asyncio.new_event_loop()
    try:
        while True:
            try:
                yield loop.run_until_complete(agen.__anext__())
            except StopAsyncIteration:
                break
    finally:
        loop.close()


class StatusContainer(DeltaGenerator):
    """st.status(): a container with a label and a running/complete/error state."""

    __slots__ = ()

    def __init__(self, node: _Node):
        super().__init__(node=node)

    def update(self, *, label=None, expanded=None, state=None):
        """Change the label, expanded flag or state of this status container."""
        run = _current_run("status.update")
        props = dict(self._node.props)
        if label is not None:
            props["label"] = str(label)
        if expanded is not None:
            props["expanded"] = bool(expanded)
        if state is not None:
            if state not in ("running", "complete", "error"):
                raise StreamlitAPIException(f"Unknown state ({state}).")
            props["state"] = state
        with run.lock:
            self._node.props = props
            run.version += 1

    def __exit__(self, exc_type, exc, tb):
        if self._node.props.get("state") == "running":
            self.update(state="error" if exc_type and issubclass(exc_type, Exception)
                        else "complete")
        return super().__exit__(exc_type, exc, tb)


class _Spinner:
    """st.spinner(): a spinner element for the duration of a `with` block."""

    def __init__(self, dg: DeltaGenerator, text: str):
        self.dg = dg
        self.text = text
        self.node = None

    def __enter__(self):
        self.node = self.dg._add("spinner", {"text": self.text})
        return self

    def __exit__(self, *exc):
        run = getattr(_ctx, "run", None)
        if run is not None and self.node is not None:
            with run.lock:               # leave an empty slot: later ids do not shift
                self.node.kind, self.node.props = "empty", {}
                self.node.children = []
                run.version += 1
        return False


class _Echo:
    """st.echo(): show the source of the `with` block above (or below) its output."""

    def __init__(self, dg: DeltaGenerator, where: str):
        self.dg = dg
        self.where = where
        self.slot = None
        self.frame = None

    def __enter__(self):
        caller = inspect.currentframe().f_back
        # where the `with` statement is: read now, the line moves while the block runs
        self.frame = (caller.f_code.co_filename, caller.f_lineno)
        if self.where != "below":
            self.slot = self.dg.empty()
        return self

    def __exit__(self, *exc):
        code = _with_block_source(*self.frame)
        self.frame = None
        target = self.slot if self.slot is not None else self.dg
        target.code(code, "python")
        return False


def _with_block_source(path: str, line: int) -> str:
    """Return the dedented source of the `with` block at (or around) `line` of `path`."""
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.With) and node.lineno <= line <= node.body[0].lineno:
                lines = source.splitlines()[node.body[0].lineno - 1:node.end_lineno]
                return _dedent_text("\n".join(lines))
    except (OSError, SyntaxError, AttributeError, IndexError):
        pass
    return "# (source not available)"


def _dedent_text(text: str) -> str:
    import textwrap
    return textwrap.dedent(text)


class UploadedFile(io.BytesIO):
    """A file from st.file_uploader: a BytesIO with name, type, size and file_id."""

    def __init__(self, file_id: str, name: str, mime: str, data: bytes, session_id: str):
        super().__init__(data)
        self.file_id = file_id
        self.name = name
        self.type = mime
        self.size = len(data)
        self.session_id = session_id

    def __repr__(self):
        return f"UploadedFile(name={self.name!r}, type={self.type!r}, size={self.size})"

    def __eq__(self, other):
        return isinstance(other, UploadedFile) and other.file_id == self.file_id

    def __hash__(self):
        return hash(self.file_id)


def _tabulate(data) -> tuple:
    """Turn table-like data into (column names, rows, index or None).

    Accepts a pandas DataFrame/Series (when pandas is installed), dict of
    lists, list of dicts, list of lists/tuples, a flat list, a dict of
    scalars, numpy arrays (via tolist()).
    """
    if data is None:
        return [], [], None
    mod = type(data).__module__ or ""
    if mod.startswith("pandas"):
        if hasattr(data, "to_frame") and not hasattr(data, "columns"):
            data = data.to_frame()
        if hasattr(data, "data") and hasattr(data, "to_html") and not hasattr(data, "columns"):
            data = data.data                   # a Styler
        cols = [str(c) for c in data.columns]
        rows = data.values.tolist()
        index = [str(i) for i in data.index.tolist()]
        return cols, rows, index
    if hasattr(data, "to_pandas") and not isinstance(data, (list, dict)):
        return _tabulate(data.to_pandas())
    if hasattr(data, "tolist") and not isinstance(data, (list, tuple)):
        data = data.tolist()
    if isinstance(data, dict):
        if data and all(isinstance(v, (list, tuple)) or hasattr(v, "tolist")
                        for v in data.values()):
            cols = [str(k) for k in data]
            columns = [list(v.tolist() if hasattr(v, "tolist") else v) for v in data.values()]
            n = max((len(c) for c in columns), default=0)
            rows = [[c[i] if i < len(c) else None for c in columns] for i in range(n)]
            return cols, rows, [str(i) for i in range(n)]
        return ["value"], [[v] for v in data.values()], [str(k) for k in data]
    if isinstance(data, (list, tuple)):
        items = list(data)
        if items and all(isinstance(r, dict) for r in items):
            cols = []
            for r in items:
                for k in r:
                    if str(k) not in cols:
                        cols.append(str(k))
            rows = [[r.get(c, r.get(_maybe_int(c))) for c in cols] for r in items]
            return cols, rows, [str(i) for i in range(len(items))]
        if items and all(isinstance(r, (list, tuple)) for r in items):
            n = max(len(r) for r in items)
            rows = [list(r) + [None] * (n - len(r)) for r in items]
            return [str(i) for i in range(n)], rows, [str(i) for i in range(len(items))]
        return ["value"], [[v] for v in items], [str(i) for i in range(len(items))]
    return ["value"], [[data]], None


def _styler_parts(data) -> tuple:
    """Split a pandas Styler into (its frame, (display texts, css) by position); else (data, None)."""
    if not (_is_pandas(data) and hasattr(data, "_compute") and hasattr(data, "ctx")):
        return data, None
    try:
        cells = styler_to_cells(data)
    except Exception:                      # a Styler we cannot read: show the plain frame
        return data.data, None
    return data.data, (None if cells is None else (cells[2], cells[3]))


def _grid_sizes(width, height, use_container_width) -> dict:
    """Return the grid props for its size (width px or "stretch", height px)."""
    stretch = use_container_width is not False and width in (None, "stretch")
    return {"width": width if isinstance(width, int) and not isinstance(width, bool) else None,
            "height": height if isinstance(height, (int, float)) and not isinstance(
                height, bool) else None, "stretch": stretch}


def _grid_label(source: FrameSource) -> str:
    """Name a grid for its unkeyed id: its columns and row count."""
    return f"{','.join(source.columns)[:200]}|{source.n_rows}"


def _parse_selection(raw, modes: list, n_rows: int, columns: list) -> dict:
    """Check a selection event {"rows": [...], "columns": [...]} against the selection modes."""
    if not isinstance(raw, dict) or set(raw) - {"rows", "columns"}:
        raise ValueError("a selection is an object {rows, columns}")
    rows, cols = raw.get("rows") or [], raw.get("columns") or []
    if not isinstance(rows, list) or not isinstance(cols, list):
        raise ValueError("'rows' and 'columns' must be lists")
    row_mode = next((m for m in modes if m.endswith("-row")), None)
    col_mode = next((m for m in modes if m.endswith("-column")), None)
    if (rows and not row_mode) or (cols and not col_mode):
        raise ValueError("this selection mode does not select that")
    if len(rows) > (1 if row_mode == "single-row" else n_rows) or \
            len(cols) > (1 if col_mode == "single-column" else len(columns)):
        raise ValueError("too many selected")
    for r in rows:
        if not isinstance(r, int) or isinstance(r, bool) or not 0 <= r < n_rows:
            raise ValueError(f"row {str(r)[:20]} is not in 0..{n_rows - 1}")
    for c in cols:
        if c not in columns:
            raise ValueError(f"column {str(c)[:80]!r} does not exist")
    return {"rows": sorted(set(rows)), "columns": list(dict.fromkeys(cols))}


class DataframeState(dict):
    """st.dataframe's selection: a dict whose keys are also attributes (state.selection.rows)."""

    def __init__(self, value=()):
        super().__init__(value)
        for k, v in self.items():
            if isinstance(v, dict) and not isinstance(v, DataframeState):
                self[k] = DataframeState(v)

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _maybe_int(c: str):
    return int(c) if c.isdigit() else c


def _fmt_cell(v) -> str:
    if v is None:
        return "None"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        return f"{v:,.4f}".rstrip("0").rstrip(".") if abs(v) < 1e15 else f"{v:.4g}"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return str(v)


# -- chart helpers: sizes, selections ----------------------------------------------

MAX_CHART_SELECTION = 1000   #: point indices one selection event may carry; more -> INVALID_MESSAGE


def _chart_size(value, what: str):
    """Return a chart width/height in pixels, or None for 'use the default'."""
    if value is None or value in ("stretch", "content") or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise StreamlitAPIException(f"Chart {what} must be a positive number of pixels, "
                                    f"not {value!r}.")
    return int(value)


def _chart_on_select(on_select, name: str) -> bool:
    """Return True when a chart is to be selectable; refuse values Streamlit refuses."""
    if on_select == "ignore" or on_select is None:
        return False
    if on_select == "rerun" or callable(on_select):
        return True
    raise StreamlitAPIException(f"You have passed {on_select!r} to `on_select` of "
                                f"st.{name}. It must be 'ignore', 'rerun' or a callable.")


def _selection_param(spec: dict) -> str:
    """Return the name of a Vega-Lite spec's first point-selection parameter."""
    views = [spec] + [v for k in ("layer", "hconcat", "vconcat", "concat")
                      for v in (spec.get(k) or []) if isinstance(v, dict)]
    for view in views[:MAX_CHART_LAYERS + 1]:
        for p in view.get("params") or []:
            sel = p.get("select") if isinstance(p, dict) else None
            kind = sel.get("type") if isinstance(sel, dict) else sel
            if kind == "point" and isinstance(p.get("name"), str):
                return p["name"]
    return "param_1"


def _figure_identity(fig):
    """Return a Plotly figure as plain JSON data (what a chart widget's id hashes)."""
    if hasattr(fig, "to_plotly_json"):
        fig = fig.to_plotly_json()
    elif hasattr(fig, "to_dict") and not isinstance(fig, dict):
        fig = fig.to_dict()
    return fig


class _AttrDict(dict):
    """A dict whose keys can also be read as attributes (event.selection.points)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class _ChartEvent(_AttrDict):
    """A chart's selection event, shaped as Streamlit returns it; remembers the indices."""

    __slots__ = ("indices",)

    def __init__(self, value: dict, indices: list):
        super().__init__({k: _AttrDict(v) if isinstance(v, dict) else v
                          for k, v in value.items()})
        self.indices = list(indices)   # drawn elements' data-sg-pt numbers


_MAGIC_BYTES = [(b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                (b"GIF8", "image/gif"), (b"RIFF", "image/webp"), (b"<svg", "image/svg+xml"),
                (b"<?xml", "image/svg+xml"), (b"ID3", "audio/mpeg"), (b"OggS", "audio/ogg"),
                (b"fLaC", "audio/flac"), (b"\x1aE\xdf\xa3", "video/webm")]


def _media_src(run: ScriptRun, data, kind: str, mime: str | None = None) -> str:
    """Return a URL for media: an http(s) URL as is, else bytes via the session's media store."""
    if isinstance(data, os.PathLike):
        data = os.fspath(data)
    if isinstance(data, str):
        low = data.strip().lower()
        if low.startswith(("http://", "https://")):
            return data.strip()
        if low.startswith("data:" + kind + "/") or (kind == "image" and low.startswith(
                "data:image/")):
            return data.strip()
        if kind == "image" and low.startswith("<svg"):
            data, mime = data.encode("utf-8"), "image/svg+xml"
        elif os.path.isfile(data):
            mime = _guess_type(data)[0] or mime
            with open(data, "rb") as f:
                data = f.read()
        else:
            raise StreamlitAPIException(f"{kind} not found: {data[:200]!r} is neither a URL "
                                        f"nor an existing file")
    elif hasattr(data, "save") and hasattr(data, "mode"):          # a PIL image
        buf = io.BytesIO()
        data.save(buf, format="PNG")
        data, mime = buf.getvalue(), "image/png"
    elif hasattr(data, "read"):
        data = data.read()
    elif hasattr(data, "tolist") and hasattr(data, "shape") and kind == "image":
        data, mime = encode_png(data.tolist()), "image/png"
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise StreamlitAPIException(f"cannot display {type(data).__name__} as {kind}")
    data = bytes(data)
    for magic, guess in _MAGIC_BYTES:
        if data.startswith(magic):
            if guess.startswith(kind) or kind == "image":
                mime = guess if (mime is None or kind == "image") else mime
            break
    if mime is None or not mime.startswith(kind + "/"):
        mime = mime if mime and "/" in mime else {"image": "image/png", "audio": "audio/wav",
                                                   "video": "video/mp4"}[kind]
    return run.scheduler.media_url(run, data, mime, None)


def encode_png(pixels) -> bytes:
    """Encode rows of pixels (gray, RGB or RGBA values 0-255, or floats 0-1) as PNG."""
    import struct
    import zlib
    rows = [list(r) for r in pixels]
    h = len(rows)
    w = len(rows[0]) if h else 0
    first = rows[0][0] if h and w else 0
    channels = len(first) if isinstance(first, (list, tuple)) else 1
    color_type = {1: 0, 3: 2, 4: 6}.get(channels)
    if color_type is None:
        raise StreamlitAPIException("images must have 1, 3 or 4 channels")
    is_float = any(isinstance(v, float) for r in rows[:4] for p in r[:4]
                   for v in (p if isinstance(p, (list, tuple)) else [p]))

    def byte(v):
        v = v * 255 if is_float else v
        return max(0, min(255, int(round(v))))
    raw = bytearray()
    for r in rows:
        raw.append(0)
        for p in r:
            if channels == 1:
                raw.append(byte(p))
            else:
                raw.extend(byte(v) for v in p)

    def chunk(tag, body):
        c = struct.pack(">I", len(body)) + tag + body
        return c + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b""))

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
    if is_range:
        sample = value[0] if value else (lo if lo is not None else hi)
    else:
        sample = value if value is not None else (lo if lo is not None else hi)
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
    if lo > hi:                      # Streamlit swaps reversed bounds
        lo, hi = hi, lo
    if lo == hi:
        raise StreamlitAPIException(f"The `min_value` and `max_value` parameters are both "
                                    f"set to {lo!r}. They must not be equal.")
    if is_range:
        if len(value) == 0:
            value = (lo, hi)
        if len(value) != 2:
            raise StreamlitAPIException("a range slider's value must have two items")
        default = tuple(sorted(value))
    else:
        default = value
    for v in (default if is_range else (default,)):
        lo, hi = min(lo, v), max(hi, v)      # a value outside widens the range (1.67)
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


def _find_option(opts: list, labels: list, format_func, value):
    """Index of a stored option: the same object or an equal one, else the same label.

    Classes and Enums defined in the app script are new objects on every
    rerun, so an earlier rerun's choice is found again by its label.
    """
    i = _index_of(opts, value)
    if i is None:
        try:
            label = str(format_func(value))
        except Exception:
            return None
        i = labels.index(label) if label in labels else None
    return i


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


class _MappingProxy:
    """Attribute access, `in`, iteration and len for a dict that lives in the current run.

    Subclasses say where the dict is (`_data`) and how items are read and
    written; st.session_state and st.query_params are the two of them.
    """

    __slots__ = ()
    _name = "st.state"

    def _data(self) -> dict:
        raise NotImplementedError

    def __getattr__(self, key):
        if key.startswith("__"):      # hasattr(x, "__wrapped__") and friends (inspect, copy)
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f'{self._name} has no attribute "{key}". Did you forget '
                                 f'to initialize it?') from None

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

    def keys(self):
        return list(self._data())

    def update(self, *args, **kw):
        for k, v in dict(*args, **kw).items():
            self[k] = v

    def pop(self, key, *default):
        return self._data().pop(key, *default)

    def clear(self):
        self._data().clear()


class SessionStateProxy(_MappingProxy):
    """st.session_state: the current session's state, by item or by attribute."""

    __slots__ = ()
    _name = "st.session_state"

    def _data(self) -> dict:
        return _current_run("st.session_state").session.session_state

    @staticmethod
    def _check_writable(key) -> None:
        run = _current_run("st.session_state")
        w = run.widgets.get(_widget_id("", "", str(key)))
        if w is not None and w.key == str(key) and not w.trigger:
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
        run = _current_run("st.session_state")
        run.assigned.add(str(key))
        self._data()[key] = value

    def __delitem__(self, key):
        data = self._data()
        if key not in data:
            raise KeyError(f'st.session_state has no key "{key}".')
        del data[key]

    def __repr__(self):
        return repr(self._data())

    def get(self, key, default=None):
        return self._data().get(key, default)

    def setdefault(self, key, default=None):
        data = self._data()
        if key not in data:
            self[key] = default
        return data[key]

    def values(self):
        return list(self._data().values())

    def items(self):
        return list(self._data().items())

    def to_dict(self) -> dict:
        return dict(self._data())


class SharedState:
    """st.shared_state: one dict per server process, shared by every session, pushed live.

    Reading a key inside a rerun records that this session depends on it; a
    write then reruns every *other* connected session that read the key, and
    their pages get the usual minimal partial_updates. Writes may come from
    any rerun thread or from a background thread of the app (no rerun
    needed). Bursts are coalesced: each affected session reruns once for a
    burst, not once per write.

    Thread-safety rules: single reads and writes are atomic. For a
    read-modify-write use the lock (`with st.shared_state.lock: ...`).
    Changing a stored object in place (list.append) is not seen: assign a
    new value, or call st.shared_state.touch(key) afterwards.
    """

    __slots__ = ("_data", "lock", "_listeners", "_mutex", "_redis", "_fields")
    ANY = "*"      # the key recorded by iteration/len/keys: any write matters

    def __init__(self):
        object.__setattr__(self, "_data", {})
        object.__setattr__(self, "_mutex", threading.RLock())  # guards _data
        object.__setattr__(self, "lock", self._mutex)  # the users' lock (RedisLock: 9b)
        object.__setattr__(self, "_listeners", [])
        object.__setattr__(self, "_redis", None)       # a RedisStore with --redis
        object.__setattr__(self, "_fields", {})        # Redis hash field -> key

    # -- with --redis: the values live in Redis, this dict mirrors them ------------
    def _attach_redis(self, redis) -> None:
        """Mirror the keys stored in Redis and send writes there (None: local again)."""
        object.__setattr__(self, "_redis", redis)
        if redis is None:
            object.__setattr__(self, "lock", self._mutex)
            return
        object.__setattr__(self, "lock", _ClusterLock(redis))
        stored = redis.shared_load_all()
        with self._mutex:
            mine = {k: v for k, v in self._data.items() if k not in stored}
            self._data.update(stored)
            for key in self._data:
                self._fields[_shared_field(key)] = key
        for key, value in mine.items():      # written before the server started
            redis.shared_write(key, True, value)

    def _remote_write(self, field: str, key, present: bool, value) -> None:
        """Another instance changed a key: update the mirror, rerun our readers (loop)."""
        with self._mutex:
            if present:
                self._fields[field] = key
                self._data[key] = value
            else:
                key = self._fields.pop(field, None)
                if key is None:
                    return
                self._data.pop(key, None)
        for listener in list(self._listeners):
            listener(key, None)

    # -- recording reads and announcing writes ---------------------------------
    @staticmethod
    def _read(key) -> None:
        run = getattr(_ctx, "run", None)
        if run is not None:
            run.shared_reads.add(key)

    def _changed(self, key) -> None:
        redis = self._redis
        if redis is not None:
            with self._mutex:
                present = key in self._data
                value = self._data.get(key)
            self._fields[_shared_field(key)] = key
            redis.shared_write(key, present, value)
        run = getattr(_ctx, "run", None)
        writer = run.session.id if run is not None else None
        for listener in list(self._listeners):
            listener(key, writer)

    def subscribe(self, listener: Callable) -> None:
        """Call listener(key, writer_session_id) after every write (servers use this)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    # -- the dict interface -------------------------------------------------------
    def __getitem__(self, key):
        self._read(key)
        with self._mutex:
            if key not in self._data:
                raise KeyError(f'st.shared_state has no key "{key}".')
            return self._data[key]

    def __setitem__(self, key, value):
        with self._mutex:
            self._data[key] = value
        self._changed(key)

    def __delitem__(self, key):
        with self._mutex:
            del self._data[key]
        self._changed(key)

    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f'st.shared_state has no attribute "{key}".') from None

    def __setattr__(self, key, value):
        self[key] = value

    def __delattr__(self, key):
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __contains__(self, key):
        self._read(key)
        return key in self._data

    def __iter__(self):
        self._read(self.ANY)
        with self._mutex:
            return iter(list(self._data))

    def __len__(self):
        self._read(self.ANY)
        return len(self._data)

    def __repr__(self):
        return f"SharedState({self._data!r})"

    def get(self, key, default=None):
        self._read(key)
        with self._mutex:
            return self._data.get(key, default)

    def setdefault(self, key, default=None):
        self._read(key)
        with self._mutex:
            if key in self._data:
                return self._data[key]
            self._data[key] = default
        self._changed(key)
        return default

    def keys(self):
        self._read(self.ANY)
        with self._mutex:
            return list(self._data)

    def items(self):
        self._read(self.ANY)
        with self._mutex:
            return list(self._data.items())

    def values(self):
        self._read(self.ANY)
        with self._mutex:
            return list(self._data.values())

    def update(self, *args, **kw):
        items = dict(*args, **kw)
        with self._mutex:
            self._data.update(items)
        for key in items:
            self._changed(key)

    def pop(self, key, *default):
        with self._mutex:
            value = self._data.pop(key, *default)
        self._changed(key)
        return value

    def clear(self):
        with self._mutex:
            keys = list(self._data)
            self._data.clear()
        for key in keys:
            self._changed(key)

    def touch(self, key) -> None:
        """Announce that the object under `key` was changed in place."""
        self._changed(key)

    def to_dict(self) -> dict:
        with self._mutex:
            return dict(self._data)


class _ClusterLock:
    """st.shared_state.lock with --redis: a leased RedisLock, re-entrant in one thread.

    Each thread that enters takes its own RedisLock (its own token); entering
    again in the same thread only counts. If Redis cannot be reached the
    lock falls back to this process's lock, so a script still runs.
    """

    LEASE_MS = 30_000     #: a holder that died frees the lock after this

    def __init__(self, redis):
        self.redis = redis
        self.local = threading.local()
        self.fallback = threading.RLock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Take the lock (as threading.RLock.acquire does); True if taken."""
        depth = getattr(self.local, "depth", 0)
        if depth == 0:
            lock = RedisLock(self.redis.sync, REDIS_PREFIX + "shared:lock", self.LEASE_MS)
            wait = 0.0 if not blocking else (LOCK_WAIT_S if timeout < 0 else timeout)
            try:
                if not lock.acquire(wait):
                    return False
            except RedisError as exc:
                _log(f"st.shared_state.lock: Redis unavailable ({exc}); "
                     "locking this process only")
                if not self.fallback.acquire(blocking, timeout):
                    return False
                lock = None
            self.local.lock = lock
        self.local.depth = depth + 1
        return True

    def release(self) -> None:
        """Release one level; the last one gives the lock back."""
        self.local.depth -= 1
        if self.local.depth == 0:
            lock, self.local.lock = self.local.lock, None
            if lock is None:
                self.fallback.release()
                return
            try:
                lock.release()
            except RedisError as exc:         # its lease frees it anyway
                _log(f"st.shared_state.lock: release failed ({exc})")

    def __enter__(self):
        if not self.acquire():
            raise RedisLockError(f"st.shared_state.lock still busy after {LOCK_WAIT_S:g} s")
        return self

    def __exit__(self, *exc_info):
        self.release()


shared_state = SharedState()

session_state = SessionStateProxy()
sidebar = DeltaGenerator(root="sidebar")
bottom = DeltaGenerator(root="bottom")


def _forward(name: str):
    """Make st.NAME call NAME on the container the script is currently writing into."""
    method = getattr(DeltaGenerator, name)

    @functools.wraps(method)
    def call(*args, **kwargs):
        return method(DeltaGenerator(), *args, **kwargs)
    return call


def _remember_data(method):
    """Wrap a data element method so that its element's add_rows() can extend the data."""
    @functools.wraps(method)
    def wrapper(self, data=None, *args, **kwargs):
        dg = method(self, data, *args, **kwargs)
        node = getattr(dg, "_node", None)
        if node is not None and node.children is None:
            node.source = (method, data, args, kwargs)
        return dg
    return wrapper


def _add_rows(self, data=None, **named):
    """Append rows to a table, data frame or built-in chart drawn earlier, and redraw it."""
    node = self._node
    source = getattr(node, "source", None)
    if source is None:
        raise StreamlitAPIException("add_rows() works on elements made by st.table, "
                                    "st.dataframe and the built-in charts")
    if data is None and len(named) == 1:
        data = next(iter(named.values()))
    method, old, args, kwargs = source
    method(DeltaGenerator(node=node), _concat_rows(old, data), *args, **kwargs)
    node.source = (method, _concat_rows(old, data), args, kwargs)
    return self


def _concat_rows(old, new):
    """Join two pieces of table-like data of the same shape (pandas, lists, dicts of lists)."""
    if old is None or new is None:
        return new if old is None else old
    if type(old).__module__.startswith("pandas") and type(new).__module__.startswith("pandas"):
        pd = sys.modules["pandas"]
        ignore = type(old.index).__name__ == "RangeIndex"
        return pd.concat([old, new], ignore_index=ignore)
    if isinstance(old, list) and isinstance(new, (list, tuple)):
        return old + list(new)
    if isinstance(old, dict) and isinstance(new, dict) and old.keys() == new.keys():
        return {k: list(old[k]) + list(new[k]) for k in old}
    raise StreamlitAPIException(f"add_rows() needs data shaped like the element's "
                                f"({type(old).__name__}), not {type(new).__name__}")


for _name in ("table", "dataframe", "line_chart", "area_chart", "bar_chart", "scatter_chart"):
    setattr(DeltaGenerator, _name, _remember_data(getattr(DeltaGenerator, _name)))
DeltaGenerator.add_rows = _add_rows

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
    """Stop this rerun and start a new one at once (scope="fragment": just the fragment)."""
    run = _current_run("st.rerun")
    if scope not in ("app", "fragment"):
        raise StreamlitAPIException(f"'{scope}' is not a valid rerun scope")
    if scope == "fragment" and run.fragment is None:
        raise StreamlitAPIException('scope="fragment" can only be specified from '
                                    '`@st.fragment`-decorated functions during fragment reruns.')
    run.rerun_scope = scope
    raise RerunException("st.rerun()")


experimental_rerun = rerun


# -- multipage apps: the pages/ folder, st.navigation, st.Page, switch_page ----------
# Two ways, as in Streamlit. A pages/ folder next to the script makes every
# .py in it a page (named from its file name), with the script itself as the
# default page; or the script calls st.navigation([st.Page(...), ...]) and
# runs the page it returns. Either way each page has its own URL path under
# --root-path, the session (and its session_state) is kept across pages, and
# widgets of a page left behind are forgotten like any widget not drawn.
# The page a session shows travels as `sgPage` on the WebSocket URL and in
# `page_change` messages (protocol §7); the page's HTML carries data-page,
# which the client mirrors into the address bar with history.pushState.

PAGE_FILENAME_RE = re.compile(r"([0-9]*)[_ -]*(.*)\.py")
_PLAIN_NAME = re.compile(r"[a-zA-Z0-9_&\-. ]+")
_EMOJI_CHAR = (r"[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b"
               r"\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0"
               r"\u25fb-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55"
               r"\u3030\u303d\u3297\u3299\U0001F000-\U0001FAFF]")
_EMOJI_LEADING = re.compile(
    rf"((?:[\U0001F1E6-\U0001F1FF]{{2}}|[0-9#*]\ufe0f?\u20e3"
    rf"|{_EMOJI_CHAR}\ufe0f?[\U0001F3FB-\U0001F3FF]?[\U000E0020-\U000E007F]*"
    rf"(?:\u200d{_EMOJI_CHAR}\ufe0f?[\U0001F3FB-\U0001F3FF]?)*))[_ -]*(.*)", re.S)


class PageName(NamedTuple):
    """How a page is sorted, labelled, decorated and addressed."""
    sort_key: tuple   #: (number or inf, identifier lower-cased); pages/ sorts by this
    label: str        #: the navigation label and page title
    icon: str         #: a leading emoji of the filename, or the given icon, or ""
    url_path: str     #: the URL pathname ("" for the default page)


def _extract_leading_emoji(text: str) -> tuple:
    """Split a leading emoji (and the separator after it) off text: (emoji, rest)."""
    if _PLAIN_NAME.fullmatch(text or "x"):
        return "", text
    m = _EMOJI_LEADING.match(text)
    if m is None:
        return "", text
    return m.group(1), m.group(2)


def _icon_and_name(filename: str) -> tuple:
    """Return (icon, underscore name, number, identifier) of a page filename."""
    m = PAGE_FILENAME_RE.search(filename)
    if m is None:
        raise ValueError(f"{filename} is not a Python file.")
    number, ident = m.group(1), m.group(2)
    icon_and_name = re.sub(r"[_ ]+", "_", ident).strip() or number
    icon, name = _extract_leading_emoji(icon_and_name)
    return icon, name, number, ident


def page_from_filename(path: Any) -> PageName:
    """Name a pages/ script as Streamlit does: "1_📈_Plotting_Demo.py" -> "Plotting Demo"."""
    filename = os.path.basename(os.fspath(path))
    icon, name, number, ident = _icon_and_name(filename)
    label = name.replace("_", " ").strip()
    if not label:
        raise ValueError("The title of the page cannot be empty or consist of "
                         "underscores/spaces only")
    sort_key = (float(number) if number else math.inf, ident.lower())
    return PageName(sort_key, label, icon, name)


def page_title_from_callable(func: Any) -> str:
    """Return the page title Streamlit infers from a callable's name ("__a_b__" -> "a b")."""
    name = getattr(func, "__name__", None)
    if not isinstance(name, str):
        raise ValueError("Cannot infer page title for Callable. Set the `title=` keyword "
                         "argument.")
    return name.replace("_", " ").strip()


def page_naming(page: Any, *, title: str | None = None, icon: str | None = None,
                url_path: str | None = None, default: bool = False) -> PageName:
    """Resolve st.Page's title, icon and URL pathname; raise ValueError as Streamlit does."""
    inferred_icon, inferred_name, sort_key = "", "", (math.inf, "")
    if isinstance(page, (str, os.PathLike)):
        p = page_from_filename(page) if title is None else None
        inferred_icon, inferred_name, _n, ident = _icon_and_name(
            os.path.basename(os.fspath(page)))
        sort_key = p.sort_key if p else (math.inf, ident.lower())
    elif hasattr(page, "__name__"):
        inferred_name = str(page.__name__)
    elif title is None:
        raise ValueError("Cannot infer page title for Callable. Set the `title=` keyword "
                         "argument.")
    label = title or inferred_name.replace("_", " ")
    if label.strip() == "":
        raise ValueError("The title of the page cannot be empty or consist of "
                         "underscores/spaces only")
    path = inferred_name
    if url_path is not None:
        path = url_path.strip("/")
        if path.strip() == "" and not default:
            raise ValueError("The URL path cannot be an empty string unless the page is the "
                             "default page.")
        if "/" in path:
            raise ValueError("The URL path cannot contain a nested path (e.g. foo/bar).")
    return PageName(sort_key, label.strip(), icon or inferred_icon, "" if default else path)


def check_unique_pages(pages: list) -> None:
    """Raise ValueError if two PageNames share a URL pathname or two are default ("")."""
    seen: set = set()
    defaults = 0
    for page in pages:
        if page.url_path == "":
            defaults += 1
            if defaults > 1:
                raise ValueError("Multiple Pages specified with `default=True`. At most one "
                                 "Page can be set to default.")
            continue
        if page.url_path in seen:
            raise ValueError(f"Multiple Pages specified with URL pathname {page.url_path}. "
                             "URL pathnames must be unique. The url pathname may be inferred "
                             "from the filename, callable name, or title.")
        seen.add(page.url_path)


def _main_page_naming(path: str) -> "PageName":
    """Name the app script itself as the pages/ folder's default page ("" URL path)."""
    naming = page_from_filename(path)
    return naming._replace(url_path="")


def _choose_page(run: "ScriptRun", pages: list):
    """Pick the page of run.page_path from [(PageName, page)]; unknown -> default + notice."""
    default = next((page for naming, page in pages if naming.url_path == ""), pages[0][1])
    wanted = run.page_path
    for naming, page in pages:
        if wanted and naming.url_path == wanted:
            run.page["_page_title"] = naming.label
            return page
    if wanted:
        run.roots["main"].children.append(_Node("warning", "sg-page-not-found", {
            "body": f"**Page not found.** You have requested page `/{wanted}`, but no "
                    f"corresponding page exists in this app. Running the app's main page.",
            "icon": None}))
        run.page_path = ""
    for naming, page in pages:
        if page is default:
            run.page["_page_title"] = naming.label if naming.url_path else None
    return default


def _add_nav(run: "ScriptRun", sections: list, expanded: bool = True) -> None:
    """Put the page navigation at the top of the sidebar: [(title, [(PageName, active)])]."""
    base = run.scheduler.base
    props = {"sections": [[title, [[n.label, n.icon, base + urllib.parse.quote(n.url_path),
                                     n.url_path, active] for n, active in links]]
                          for title, links in sections],
             "expanded": bool(expanded)}
    sidebar = run.roots["sidebar"]
    sidebar.children[:] = [c for c in sidebar.children if c.id != "sg-nav"]
    sidebar.children.insert(0, _Node("nav", "sg-nav", props))


def _exec_page(path: str, code, error: str | None = None) -> None:
    """Run a script's compiled code as __main__ (the app script or a page file)."""
    if code is None:
        raise _ScriptCompileError(error or "no script")
    exec(code, {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__})


class StreamlitPage:
    """One page of st.navigation: a script path or a function, with a title and URL path."""

    def __init__(self, page, *, title=None, icon=None, url_path=None, default=False):
        if not (isinstance(page, (str, os.PathLike)) or callable(page)):
            raise StreamlitAPIException("st.Page needs a script path or a function")
        try:
            self._naming = page_naming(page, title=title, icon=icon, url_path=url_path,
                                       default=default)
        except ValueError as exc:
            raise StreamlitAPIException(str(exc)) from None
        self._page = page
        self._default = bool(default)
        self._url_path = self._naming.url_path if not default else ""

    title = property(lambda self: self._naming.label, doc="the page's title")
    icon = property(lambda self: self._naming.icon, doc="the page's icon, or ''")
    url_path = property(lambda self: self._naming.url_path, doc="the URL path ('' = default)")

    def __repr__(self):
        return f"StreamlitPage(title={self.title!r}, url_path={self.url_path!r})"

    def run(self) -> None:
        """Run this page's function or script (the app calls it on st.navigation's result)."""
        run = _current_run("StreamlitPage.run")
        if callable(self._page) and not isinstance(self._page, (str, os.PathLike)):
            self._page()
            return
        app = run.scheduler.app
        path = os.path.join(app.dir, os.fspath(self._page))
        _exec_page(path, app.code_for(path))


Page = StreamlitPage


def navigation(pages, *, position="sidebar", expanded=False) -> StreamlitPage:
    """Declare the app's pages; return the one this session shows (call .run() on it)."""
    run = _current_run("st.navigation")
    if position not in ("sidebar", "hidden", "top"):
        raise StreamlitAPIException('`position` must be "sidebar", "top" or "hidden"')
    groups = list(pages.items()) if isinstance(pages, dict) else [("", pages)]
    sections, every = [], []
    for title, items in groups:
        items = [items] if isinstance(items, (StreamlitPage, str, os.PathLike)) else list(items)
        items = [p if isinstance(p, StreamlitPage) else StreamlitPage(p) for p in items]
        sections.append((str(title), items))
        every += items
    if not every:
        raise StreamlitAPIException("st.navigation needs at least one page")
    try:
        check_unique_pages([p._naming for p in every])
    except ValueError as exc:
        raise StreamlitAPIException(str(exc)) from None
    if not any(p._default for p in every):               # the first page is the default
        every[0]._naming = every[0]._naming._replace(url_path="")
    run.nav_pages = every
    run.scheduler.app.nav_paths.update(p.url_path for p in every)
    chosen = _choose_page(run, [(p._naming, p) for p in every])
    if position != "hidden":
        _add_nav(run, [(title, [(p._naming, p is chosen) for p in items])
                       for title, items in sections], expanded)
    run.page["_page"] = run.page_path
    return chosen


def _page_url_path(run: "ScriptRun", page) -> str:
    """The URL path of a page given as a StreamlitPage or a script path; else raise."""
    if isinstance(page, StreamlitPage):
        return page.url_path
    app = run.scheduler.app
    wanted = os.path.normpath(os.path.join(app.dir, os.fspath(page)))
    if run.nav_pages is not None:
        for p in run.nav_pages:
            if isinstance(p._page, (str, os.PathLike)) and \
                    os.path.normpath(os.path.join(app.dir, os.fspath(p._page))) == wanted:
                return p.url_path
    elif wanted == app.path:
        return ""
    else:
        for pf in app.pages:
            if os.path.normpath(pf.path) == wanted:
                return pf.naming.url_path
    raise StreamlitAPIException(
        f"Could not find page: `{page}`. Must be the file path relative to the main "
        f"script, from the directory: `{os.path.basename(app.dir)}`. Only the main app "
        f"file and files in the `pages/` directory are supported.")


def switch_page(page) -> None:
    """Show another page of the app now (a script path or a StreamlitPage)."""
    run = _current_run("st.switch_page")
    run.switch_page(_page_url_path(run, page))



# -- st.components.v1: HTML and iframes in a sandbox ------------------------------------


class _ComponentsV1:
    """st.components.v1: html() and iframe(); custom components need Streamlit's JS."""

    @staticmethod
    def html(html, width=None, height=None, scrolling=False, *, tab_index=None):
        """Show HTML (scripts included) in a sandboxed iframe of its own origin."""
        run = _current_run("st.components.v1.html")
        data = str(html).encode("utf-8")
        token = run.scheduler.sessions.media.add(run.session, data, COMPONENT_MIME, None)
        run.media.add(token)
        return _component_frame(f"{run.scheduler.base}component/{token}", width, height,
                                scrolling, srcdoc=True)

    @staticmethod
    def iframe(src, width=None, height=None, scrolling=False, *, tab_index=None):
        """Show a web page (http/https URL) in a sandboxed iframe."""
        _current_run("st.components.v1.iframe")
        url = safe_url(str(src), allow_relative=True)
        if not url:
            raise StreamlitAPIException(f"st.components.v1.iframe needs an http(s) URL, "
                                        f"not {str(src)[:80]!r}")
        return _component_frame(url, width, height, scrolling, srcdoc=False)

    @staticmethod
    def declare_component(name, path=None, url=None):
        """Custom components run Streamlit's JavaScript component API: not available here."""
        raise StreamlitAPIException(
            f"st.components.v1.declare_component({name!r}) is not supported: custom "
            f"components need Streamlit's JavaScript component runtime, which streamlit_go "
            f"does not ship. Use st.components.v1.html() for self-contained HTML.")


def _component_frame(src, width, height, scrolling, srcdoc):
    height = 150 if height is None else height
    if isinstance(height, bool) or not isinstance(height, int) or height < 0:
        raise StreamlitAPIException("`height` must be a non-negative number of pixels")
    w = width if isinstance(width, int) and not isinstance(width, bool) and width > 0 else None
    return DeltaGenerator()._element("iframe", {"src": src, "width": w, "height": height,
                                               "scrolling": bool(scrolling), "own": srcdoc})


class _Components:
    v1 = _ComponentsV1()


components = _Components()
for _prefix in {__name__, "streamlit_go"}:   # `import streamlit_go.components.v1` works
    sys.modules.setdefault(_prefix + ".components", components)        # type: ignore
    sys.modules.setdefault(_prefix + ".components.v1", components.v1)  # type: ignore
del _prefix


# -- st.get_option / st.set_option, st.context -----------------------------------------

_OPTIONS = {                         # Streamlit's config keys that mean something here
    "server.port": DEFAULT_PORT, "server.address": DEFAULT_HOST, "server.baseUrlPath": "",
    "server.maxUploadSize": MAX_UPLOAD // (1024 * 1024),
    "server.maxMessageSize": WS_MAX_MESSAGE // (1024 * 1024),
    "server.runOnSave": True, "server.headless": True,
    "server.enableWebsocketCompression": True, "client.showErrorDetails": True,
    "client.toolbarMode": "minimal", "runner.magicEnabled": True, "theme.base": None,
    # maps are drawn offline; a tile URL template ({z}/{x}/{y}) puts tiles under them
    "mapbox.tiles": None,
}
_SETTABLE_OPTIONS = {"client.showErrorDetails", "client.toolbarMode", "theme.base",
                     "mapbox.tiles"}


def get_option(key: str):
    """Return a config option's value (the command line sets the server.* ones)."""
    if key not in _OPTIONS:
        raise RuntimeError(f'Config key "{key}" not defined.')
    return _OPTIONS[key]


def set_option(key: str, value) -> None:
    """Set a config option that may change while the app runs (client.*, theme.base)."""
    if key not in _OPTIONS:
        raise StreamlitAPIException(f'Config key "{key}" not defined.')
    if key not in _SETTABLE_OPTIONS:
        raise StreamlitAPIException(
            f"{key} cannot be set on the fly. Set it as a command line option "
            f"instead (python streamlit_go.py app.py --help lists them).")
    _OPTIONS[key] = value


class _Headers(collections.abc.Mapping):
    """Request headers, read-only, looked up case-insensitively (st.context.headers)."""

    def __init__(self, pairs):
        self._pairs = list(pairs)

    def __getitem__(self, key):
        want = str(key).lower()
        for k, v in self._pairs:
            if k == want:
                return v
        raise KeyError(key)

    def get_all(self, key) -> list:
        return [v for k, v in self._pairs if k == str(key).lower()]

    def __iter__(self):
        return iter(dict.fromkeys(k for k, _ in self._pairs))

    def __len__(self):
        return len(set(k for k, _ in self._pairs))

    def __repr__(self):
        return f"Headers({dict(self)!r})"


class _Context:
    """st.context: what the browser's request told the server about this session."""

    @staticmethod
    def _ctx() -> dict:
        return _current_run("st.context").session.context

    headers = property(lambda self: _Headers(self._ctx().get("headers", ())),
                       doc="the WebSocket request's headers")
    cookies = property(lambda self: types.MappingProxyType(dict(self._ctx().get("cookies", {}))),
                       doc="the browser's cookies")
    ip_address = property(lambda self: self._ctx().get("ip"),
                          doc="the client's address (as a trusted proxy tells it)")
    is_embedded = property(lambda self: False)

    @property
    def url(self) -> str:
        """The page's URL as the browser asked for it."""
        ctx = self._ctx()
        run = _current_run("st.context")
        scheme = "https" if ctx.get("https") else "http"
        return f"{scheme}://{ctx.get('host', '')}{run.scheduler.base}{run.page_path}"

    @property
    def locale(self):
        lang = self.headers.get("accept-language", "")
        return lang.split(",")[0].split(";")[0].strip() or None

    timezone = property(lambda self: None, doc="not known to the server (no JS handshake)")
    timezone_offset = property(lambda self: None)
    theme = property(lambda self: types.SimpleNamespace(type=None))


context = _Context()


def set_page_config(page_title=None, page_icon=None, layout=None,
                    initial_sidebar_state=None, menu_items=None):
    """Set the page's title, icon and layout ("centered" or "wide"); calls add up."""
    run = _current_run("st.set_page_config")
    if page_title is not None:
        run.page["page_title"] = str(page_title)
    if page_icon is not None:
        run.page["page_icon"] = str(page_icon)
    if layout is not None:
        if layout not in ("centered", "wide"):
            raise StreamlitAPIException("Invalid `layout` value. Supported values: "
                                        "'centered', 'wide'.")
        run.page["layout"] = layout


def _seconds(value) -> float | None:
    """Accept None, seconds, a timedelta or a string like "10s", "1h30m", "2 days"."""
    if value is None:
        return None
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        units = {"d": 86400, "day": 86400, "days": 86400, "h": 3600, "hour": 3600,
                 "hours": 3600, "m": 60, "min": 60, "minute": 60, "minutes": 60, "s": 1,
                 "sec": 1, "second": 1, "seconds": 1, "ms": 0.001}
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", value.strip().lower())
        if parts and re.fullmatch(r"(\s*\d+(?:\.\d+)?\s*[a-z]+\s*)+", value.strip().lower()) \
                and all(u in units for _, u in parts):
            return sum(float(n) * units[u] for n, u in parts)
    raise StreamlitAPIException(f"Time string doesn't look right. It should be formatted as "
                                f"`'1d2h34m'` or `2 days`, for example. Got: {value}")


def fragment(func=None, *, run_every=None):
    """Decorate a function whose widgets rerun only that function (optionally on a timer).

    Used as @st.fragment or @st.fragment(run_every="2s"). A click inside the
    fragment reruns just the function, so only its part of the page updates
    (a partial_update); run_every reruns it periodically while the page is
    connected, and the timer stops when the session goes away.
    """
    if func is None:
        return lambda f: fragment(f, run_every=run_every)
    every = _seconds(run_every)
    if every is not None and every <= 0:
        raise StreamlitAPIException("run_every must be positive")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return _call_in_container(wrapper, func, "fragment", {}, args, kwargs, every)

    wrapper.__wrapped_fragment__ = func
    return wrapper


def dialog(title, *, width="small", dismissible=True, icon=None, on_dismiss="ignore"):
    """Decorate a function that shows its content in a modal dialog (a fragment)."""
    if not title:
        raise StreamlitAPIException('The `title` parameter is required. For example: '
                                    '`@st.dialog("Example Title")`.')

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            run = _current_run("st.dialog")
            if run.dialog_open:
                raise StreamlitAPIException(
                    "Only one dialog is allowed to be opened at the same time. Please make "
                    "sure to not call a dialog-decorated function more than once in a "
                    "script run.")
            run.dialog_open = True
            return _call_in_container(wrapper, func, "dialog",
                                      {"title": str(title), "width": width, "icon": icon,
                                       "dismissible": dismissible}, args, kwargs, None,
                                      root="main")
        wrapper.__wrapped_fragment__ = func
        return wrapper
    return decorate


experimental_dialog = dialog
experimental_fragment = fragment


def _call_in_container(wrapper, func, kind, props, args, kwargs, every, root=None):
    run = _current_run(f"st.{kind}")
    node = DeltaGenerator(root=root)._add(kind, props, container=True)
    run.fragments[node.id] = (wrapper, args, kwargs, every)
    depth = len(run.stack)
    run.stack.append(node)
    try:
        return func(*args, **kwargs)
    finally:
        del run.stack[depth:]


class _Cache:
    """st.cache_data (copies results with pickle) and st.cache_resource (shares them).

    With --redis, st.cache_data results are also stored in Redis (signed,
    with the function's ttl), so every instance computes each one once;
    persist="disk" needs nothing more. st.cache_resource holds live objects
    (connections, models) and stays in each process.
    """

    redis = None          # the server's RedisStore with --redis (section 9b)

    def __init__(self, copy_results: bool):
        self.copy = copy_results
        self.by_func = {}        # function identity -> (OrderedDict of results, lock)
        self.lock = threading.Lock()

    def __call__(self, func=None, *, ttl=None, max_entries=None, show_spinner=True,
                 persist=None, hash_funcs=None, validate=None, **_ignored):
        if func is None:
            return lambda f: self(f, ttl=ttl, max_entries=max_entries, hash_funcs=hash_funcs,
                                  validate=validate)
        ttl_s = _seconds(ttl)
        # Every rerun decorates the function anew: find its cache by what the
        # function is (module, name, code), so reruns and sessions share it.
        code = getattr(func, "__code__", None)
        ident = (getattr(func, "__module__", ""), getattr(func, "__qualname__", repr(func)),
                 code.co_code if code else b"", code.co_firstlineno if code else 0)
        with self.lock:
            if ident not in self.by_func:
                self.by_func[ident] = (collections.OrderedDict(), threading.Lock())
            store, lock = self.by_func[ident]
        copy = self.copy
        sig = inspect.signature(func)
        name = getattr(func, "__qualname__", repr(func))
        shared_prefix = hashlib.sha256(repr(ident).encode()).hexdigest()[:32] + ":"

        def key_of(args, kwargs):
            try:
                bound = sig.bind(*args, **kwargs)
                bound.apply_defaults()
                items = [(k, v) for k, v in bound.arguments.items() if not k.startswith("_")]
            except TypeError:
                items = list(enumerate(args)) + sorted(kwargs.items())
            h = hashlib.sha256(name.encode())
            for k, v in items:
                h.update(str(k).encode())
                h.update(_hash_value(v, k, name, hash_funcs or {}))
            return h.hexdigest()

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            key = key_of(args, kwargs)
            now = time.monotonic()
            with lock:
                hit = store.get(key)
                if hit is not None and (ttl_s is None or now - hit[0] < ttl_s):
                    store.move_to_end(key)
                    if copy:
                        return pickle_loads(hit[1])
                    if validate is None or validate(hit[1]):
                        return hit[1]
            redis = _Cache.redis if copy else None
            if redis is not None:
                data = redis.cache_get(shared_prefix + key)
                if data is not None:
                    with lock:
                        store[key] = (now, data)
                        while max_entries is not None and len(store) > max_entries:
                            store.popitem(last=False)
                    return pickle_loads(data)
            value = func(*args, **kwargs)
            if copy:
                try:
                    stored = pickle_dumps(value)
                except Exception as exc:
                    raise StreamlitAPIException(
                        f"Cannot serialize the return value (of type "
                        f"{type(value).__name__}) in `{name}()`. `st.cache_data` uses pickle "
                        f"to serialize the function's return value: {exc}") from None
            else:
                stored = value
            with lock:
                store[key] = (now, stored)
                while max_entries is not None and len(store) > max_entries:
                    store.popitem(last=False)
            if redis is not None:
                redis.cache_put(shared_prefix + key, stored, ttl_s)
            return pickle_loads(stored) if copy else stored

        def clear(*args, **kwargs):
            with lock:
                if args or kwargs:
                    store.pop(key_of(args, kwargs), None)
                else:
                    store.clear()
            if copy and _Cache.redis is not None:
                _Cache.redis.cache_clear(shared_prefix + (key_of(args, kwargs)
                                                          if args or kwargs else ""))
        wrapper.clear = clear
        return wrapper

    def clear(self):
        """Empty every function's cache (and, with --redis, the shared copies)."""
        with self.lock:
            for store, lock in self.by_func.values():
                with lock:
                    store.clear()
        if self.copy and _Cache.redis is not None:
            _Cache.redis.cache_clear("")


def pickle_dumps(value) -> bytes:
    import pickle
    return pickle.dumps(value, protocol=4)


def pickle_loads(data: bytes):
    import pickle
    return pickle.loads(data)


def _hash_value(v, arg, func_name, hash_funcs) -> bytes:
    """Hash one cached function argument (pickle, else hash_funcs, else a clear error)."""
    for t, fn in hash_funcs.items():
        if (isinstance(t, type) and isinstance(v, t)) or (
                isinstance(t, str) and f"{type(v).__module__}.{type(v).__qualname__}" == t):
            return repr(fn(v)).encode()
    if v is None or isinstance(v, (str, bytes, int, float, bool)):
        return repr((type(v).__name__, v)).encode()
    try:
        return hashlib.sha256(pickle_dumps(v)).digest()
    except Exception:
        raise StreamlitAPIException(
            f"Cannot hash argument '{arg}' (of type `{type(v).__name__}`) in '{func_name}'. "
            f"To address this, you can tell streamlit_go not to hash this argument by adding "
            f"a leading underscore to the argument's name in the function signature "
            f"(e.g. `_{arg}`).") from None


cache_data = _Cache(copy_results=True)
cache_resource = _Cache(copy_results=False)
experimental_memo = cache = cache_data
experimental_singleton = cache_resource


class QueryParamsProxy(_MappingProxy):
    """st.query_params: the page URL's query string, read and written like a dict."""

    __slots__ = ()
    _name = "st.query_params"

    def _data(self) -> dict:
        return _current_run("st.query_params").session.query_params

    def __getitem__(self, key):
        data = self._data()
        if key not in data:
            raise KeyError(f'st.query_params has no key "{key}".')
        v = data[key]
        return (v[-1] if v else "") if isinstance(v, list) else v

    def __setitem__(self, key, value):
        if isinstance(value, dict):
            raise StreamlitAPIException(f"Query param value for `{key}` cannot be set to a "
                                        f"dictionary. Provide a string or iterable of strings "
                                        f"instead.")
        if isinstance(value, (list, tuple, set)):
            value = [str(x) for x in value]
        else:
            value = str(value)
        self._data()[str(key)] = value

    def __delitem__(self, key):
        del self._data()[key]

    def __repr__(self):
        return repr(self.to_dict())

    def get(self, key, default=None):
        return self[key] if key in self._data() else default

    def get_all(self, key) -> list:
        v = self._data().get(key, [])
        return list(v) if isinstance(v, list) else [v]

    def items(self):
        return [(k, self[k]) for k in self._data()]

    def values(self):
        return [self[k] for k in self._data()]

    def to_dict(self) -> dict:
        return {k: self[k] for k in self._data()}

    def from_dict(self, params):
        data = self._data()
        data.clear()
        for k, v in dict(params).items():
            self[k] = v


query_params = QueryParamsProxy()


def experimental_get_query_params() -> dict:
    """The query string as {key: [values]} (Streamlit's older API)."""
    data = _current_run("st.experimental_get_query_params").session.query_params
    return {k: list(v) if isinstance(v, list) else [v] for k, v in data.items()}


def experimental_set_query_params(**params):
    """Replace the query string (Streamlit's older API)."""
    query_params.from_dict(params)


def _load_secrets() -> dict:
    for folder in (os.getcwd(), os.path.dirname(os.path.abspath(sys.argv[0] or "."))):
        path = os.path.join(folder, ".streamlit", "secrets.toml")
        if os.path.isfile(path):
            try:
                import tomllib  # Python 3.11+
            except ImportError:
                return {}
            with open(path, "rb") as f:
                return tomllib.load(f)
    return {}


class _Secrets(collections.abc.Mapping):
    """st.secrets: .streamlit/secrets.toml (read with tomllib on Python 3.11+)."""

    def __init__(self):
        self._data = None

    def _load(self) -> dict:
        if self._data is None:
            self._data = _load_secrets()
        return self._data

    def __getitem__(self, key):
        return self._load()[key]

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._load()[key]
        except KeyError:
            raise AttributeError(f'st.secrets has no key "{key}".') from None

    def __iter__(self):
        return iter(self._load())

    def __len__(self):
        return len(self._load())


def __getattr__(name: str):
    """Explain a Streamlit command this file does not have (instead of a bare AttributeError)."""
    if name == "secrets":
        globals()["secrets"] = value = _Secrets()
        return value
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"`st.{name}()` is not a valid streamlit_go command (it may be a "
                         f"Streamlit feature this file does not implement).")


__all__ += _API_METHODS + [
    "session_state", "sidebar", "stop", "rerun", "set_page_config", "fragment", "dialog",
    "navigation", "Page", "StreamlitPage", "switch_page", "bottom", "components",
    "context", "get_option", "set_option",
    "cache_data", "cache_resource", "query_params", "shared_state", "DeltaGenerator",
    "StreamlitAPIException", "UploadedFile", "column_config", "DataframeState"]


# =============================================================================
# 15. Browser assets: the client's JS and CSS, served from these strings
# =============================================================================
# Plain triple-quoted constants, never filled with % or .format() (the braces
# and percent signs of CSS and JS would break both). The page shell has five
# @@MARKERS@@ (title, icon, base, version, config); render_page() replaces
# each with its value escaped for HTML, and the config is JSON with "</"
# escaped so it cannot end the <script> element.

CLIENT_JS = r"""// streamlit_go browser client: WebSocket, DOM morphing, events, reconnect.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("sg-config").textContent);
  var sessionId = cfg.sessionId;
  var root = document.getElementById("sg-root");
  var ws = null, attempts = 0, pingTimer = null, everConnected = false;
  var MAX_ATTEMPTS = 5, PING_MS = 30000, RUN_MARK_MS = 1500, BASE_DELAY = cfg.retryMs || 1000;
  window.streamlitGo = { state: "connecting", attempts: 0, messages: 0, delays: [], tries: [] };

  // -- connection --------------------------------------------------------------
  function wsUrl() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var q = location.search ? "&" + location.search.slice(1) : "";
    var page = pagePath();
    return proto + "//" + location.host + cfg.base + "ws?sessionId=" +
      encodeURIComponent(sessionId) + (page ? "&sgPage=" + encodeURIComponent(page) : "") + q;
  }

  // The page of a multipage app is the URL path below the base: /base/Plotting_Demo
  function pagePath() {
    var p = location.pathname;
    if (p.indexOf(cfg.base) !== 0) return "";
    try { return decodeURIComponent(p.slice(cfg.base.length)); } catch (e) { return ""; }
  }

  function queryObject() {
    var out = {};
    new URLSearchParams(location.search).forEach(function (v, k) {
      if (out.hasOwnProperty(k)) out[k] = [].concat(out[k], v); else out[k] = v;
    });
    return out;
  }

  function changePage(page, query) {
    if (!sendRaw({ type: "page_change", data: { page: page, query: query || {} } })) return false;
    running(true);
    return true;
  }

  window.addEventListener("popstate", function () { changePage(pagePath(), queryObject()); });

  function connect() {
    setState(everConnected ? "reconnecting" : "connecting");
    window.streamlitGo.tries.push(Math.round(performance.now()));   // when each attempt began
    try { ws = new WebSocket(wsUrl()); } catch (e) { scheduleReconnect(); return; }
    ws.onopen = function () {
      attempts = 0; window.streamlitGo.attempts = 0;
      everConnected = true; setState("connected"); notice(null);
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
    window.streamlitGo.delays.push(Math.round(delay));      // for tests and curious readers
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

  var runTimer = null;
  function running(on) {
    clearTimeout(runTimer);
    if (!on) { document.documentElement.removeAttribute("data-sg-running"); return; }
    document.documentElement.setAttribute("data-sg-running", "1");
    // A rerun that changes nothing sends no message at all: do not spin forever.
    runTimer = setTimeout(function () { running(false); }, RUN_MARK_MS);
  }

  function sendEvent(id, type, value) {
    running(true);
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
    } else if (msg.type === "data_rows") {
      gridRows(d);
    } else if (msg.type === "error") {
      running(false);
      if (d.code === "INVALID_MESSAGE") gridError(d);
      if (d.code !== "SCRIPT_ERROR") toast("Error " + d.code + ": " + d.message, "error");
    }
  }

  function afterUpdate() {
    running(false);
    var app = root.querySelector(".sg-app");
    if (app && app.getAttribute("data-title")) document.title = app.getAttribute("data-title");
    if (app && app.hasAttribute("data-query")) {
      var q = app.getAttribute("data-query");
      var path = cfg.base + encodeURIComponent(app.getAttribute("data-page") || "");
      if (location.pathname !== path)           // a new page: a new history entry
        history.pushState(null, "", path + (q ? "?" + q : ""));
      else if (location.search.replace(/^\?/, "") !== q)
        history.replaceState(null, "", path + (q ? "?" + q : "") + location.hash);
    }
    var toasts = root.querySelectorAll("[data-kind=toast]");
    for (var i = 0; i < toasts.length; i++) {
      var seq = toasts[i].getAttribute("data-seq");
      if (toasts[i]._sgSeq === seq) continue;
      toasts[i]._sgSeq = seq;
      toast(toasts[i].textContent, "info");
    }
    var sliders = root.querySelectorAll("[data-kind=slider],[data-kind=select_slider]");
    for (var j = 0; j < sliders.length; j++) paintSlider(sliders[j]);
    gridsAfterUpdate();
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
    // Attributes named in data-sg-keep (open, hidden, aria-selected...) belong to
    // the user once the element exists: an expander they opened stays open.
    var keep = " " + (from.getAttribute("data-sg-keep") || "") + " ";
    var a, i;
    for (i = from.attributes.length - 1; i >= 0; i--) {
      a = from.attributes[i];
      if (!to.hasAttribute(a.name) && keep.indexOf(" " + a.name + " ") < 0)
        from.removeAttribute(a.name);
    }
    for (i = 0; i < to.attributes.length; i++) {
      a = to.attributes[i];
      if (from.getAttribute(a.name) !== a.value && keep.indexOf(" " + a.name + " ") < 0) {
        if (a.name === "value" && from === document.activeElement) continue;
        from.setAttribute(a.name, a.value);
      }
    }
    var tag = from.nodeName;
    if (tag === "INPUT") { syncInput(from, to); return; }
    if (tag === "TEXTAREA") { syncText(from, to.value); return; }
    var shown = tag === "SELECT" ? from.selectedIndex : null;
    morphChildren(from, to);
    if (tag === "SELECT") {
      var idx = -1;
      for (i = 0; i < to.options.length; i++) if (to.options[i].hasAttribute("selected")) idx = i;
      if (from.selectedIndex !== idx) from.selectedIndex = idx;
      if (shown !== idx) forgetSent(from);   // (morphing the options may already move it)
    }
  }

  function syncInput(from, to) {
    var t = from.type;
    if (t === "checkbox" || t === "radio") {
      var on = to.hasAttribute("checked");
      if (from.checked !== on) { from.checked = on; forgetSent(from); }
    } else {
      syncText(from, to.getAttribute("value") || "");
    }
  }

  // Keep what the user is typing unless the server deliberately changed the value.
  function syncText(el, serverValue) {
    if (el._sgServer === undefined) el._sgServer = el.defaultValue;  // inserted, never synced
    if (el === document.activeElement) {
      if (serverValue !== el._sgServer && serverValue !== el._sgSent) {
        el.value = serverValue; forgetSent(el);
      }
    } else if (el.value !== serverValue) {
      el.value = serverValue; forgetSent(el);
    }
    el._sgServer = serverValue;
  }

  // commit() skips a value equal to the last one sent; once the server has put
  // another value in the control, that value must be sendable again.
  function forgetSent(el) {
    var w = el.closest ? el.closest("[data-kind]") : null;
    var first = w ? w.querySelector("input,textarea,select") : el;
    if (first) first._sgSentKey = undefined;
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
      case "pills": case "segmented_control": case "feedback":
        var on = [].slice.call(w.querySelectorAll("[aria-pressed=true]")).map(function (b) {
          return parseInt(b.getAttribute("data-sg-opt"), 10);
        });
        if (w.querySelector("[data-multi=true]")) return on;
        return on.length ? on[0] : null;
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
        if (k !== "form_submit_button" && k !== "file_uploader" && k !== "camera_input" &&
            k !== "audio_input" && ws_[i].id)
          values[ws_[i].id] = valueOf(ws_[i]);
      }
    }
    sendEvent(btn.id, "submit", values);
  }

  function selectTab(tab) {
    var list = tab.closest("[role=tablist]");
    var tabs = list.querySelectorAll("[role=tab]");
    for (var i = 0; i < tabs.length; i++) {
      var on = tabs[i] === tab;
      tabs[i].setAttribute("aria-selected", on ? "true" : "false");
      tabs[i].setAttribute("tabindex", on ? "0" : "-1");
      var panel = document.getElementById(tabs[i].getAttribute("aria-controls"));
      if (panel) { if (on) panel.removeAttribute("hidden"); else panel.setAttribute("hidden", ""); }
    }
    tab.focus();
  }

  function uploadFiles(w, input) {
    var limit = Number(w.getAttribute("data-limit")) || Infinity;
    var files = Array.prototype.slice.call(input.files || []);
    var multiple = input.multiple;
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > limit) {
        toast(files[i].name + " is larger than the " + Math.round(limit / 1048576) + " MB limit", "error");
        input.value = ""; return;
      }
    }
    Promise.all(files.map(function (f) {
      return fetch(cfg.base + "upload?sessionId=" + encodeURIComponent(sessionId), {
        method: "POST", body: f, credentials: "same-origin",
        headers: { "Content-Type": f.type || "application/octet-stream",
                   "X-File-Name": encodeURIComponent(f.name) }
      }).then(function (r) {
        if (!r.ok) throw new Error("upload refused (" + r.status + ")");
        return r.json();
      });
    })).then(function (metas) {
      sendEvent(w.id, "change", multiple ? metas : (metas[0] || null));
    }).catch(function (err) { toast(String(err.message || err), "error"); });
  }

  // -- camera_input / audio_input: record in the browser, upload like a file ---------
  function uploadBlob(w, blob, name) {
    return fetch(cfg.base + "upload?sessionId=" + encodeURIComponent(sessionId), {
      method: "POST", body: blob, credentials: "same-origin",
      headers: { "Content-Type": blob.type, "X-File-Name": encodeURIComponent(name) }
    }).then(function (r) {
      if (!r.ok) throw new Error("upload refused (" + r.status + ")");
      return r.json();
    }).then(function (meta) { sendEvent(w.id, "change", meta); })
      .catch(function (err) { toast(String(err.message || err), "error"); });
  }

  function capture(w, t) {
    var what = t.getAttribute("data-sg-capture");
    if (what === "clear") { stopStream(w); sendEvent(w.id, "change", null); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      toast("This browser allows the camera and microphone only over HTTPS or on localhost.",
            "error");
      return;
    }
    if (w.getAttribute("data-kind") === "camera_input") takePhoto(w, t);
    else recordAudio(w, t);
  }

  function stopStream(w) {
    if (w._sgStream) w._sgStream.getTracks().forEach(function (tr) { tr.stop(); });
    w._sgStream = null;
    var v = w.querySelector("video");
    if (v) { v.srcObject = null; v.hidden = true; }
  }

  function takePhoto(w, t) {
    var video = w.querySelector("video");
    if (!w._sgStream) {                     // first click: show the camera
      navigator.mediaDevices.getUserMedia({ video: true }).then(function (stream) {
        w._sgStream = stream; video.srcObject = stream; video.hidden = false;
        t.textContent = "Capture";
      }).catch(function (err) { toast("Camera: " + (err.message || err), "error"); });
      return;
    }
    var canvas = document.createElement("canvas");
    canvas.width = video.videoWidth || 640; canvas.height = video.videoHeight || 480;
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    stopStream(w);
    canvas.toBlob(function (blob) { uploadBlob(w, blob, "camera.jpg"); }, "image/jpeg", 0.9);
  }

  function recordAudio(w, t) {
    if (w._sgRecorder) { w._sgRecorder.stop(); return; }      // second click: stop
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var chunks = [], rec = new MediaRecorder(stream);
      w._sgRecorder = rec; w._sgStream = stream; t.textContent = "Stop";
      rec.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
      rec.onstop = function () {
        w._sgRecorder = null; stopStream(w);
        new Blob(chunks).arrayBuffer().then(function (buf) {
          return new AudioContext().decodeAudioData(buf);
        }).then(function (audio) {
          var rate = Number(w.getAttribute("data-rate")) || audio.sampleRate;
          var off = new OfflineAudioContext(1, Math.max(1, Math.ceil(audio.duration * rate)), rate);
          var src = off.createBufferSource(); src.buffer = audio;
          src.connect(off.destination); src.start();
          return off.startRendering();
        }).then(function (pcm) { uploadBlob(w, encodeWav(pcm), "recording.wav"); })
          .catch(function (err) { toast("Recording: " + (err.message || err), "error"); });
      };
      rec.start();
    }).catch(function (err) { toast("Microphone: " + (err.message || err), "error"); });
  }

  function encodeWav(buffer) {                // 16-bit PCM, mono (RIFF/WAVE)
    var data = buffer.getChannelData(0), n = data.length, rate = buffer.sampleRate;
    var out = new DataView(new ArrayBuffer(44 + n * 2));
    function str(o, s) { for (var i = 0; i < s.length; i++) out.setUint8(o + i, s.charCodeAt(i)); }
    str(0, "RIFF"); out.setUint32(4, 36 + n * 2, true); str(8, "WAVE"); str(12, "fmt ");
    out.setUint32(16, 16, true); out.setUint16(20, 1, true); out.setUint16(22, 1, true);
    out.setUint32(24, rate, true); out.setUint32(28, rate * 2, true);
    out.setUint16(32, 2, true); out.setUint16(34, 16, true); str(36, "data");
    out.setUint32(40, n * 2, true);
    for (var i = 0; i < n; i++) {
      var v = Math.max(-1, Math.min(1, data[i]));
      out.setInt16(44 + i * 2, v < 0 ? v * 0x8000 : v * 0x7fff, true);
    }
    return new Blob([out], { type: "audio/wav" });
  }

  function submitChat(w) {
    var inp = w.querySelector("textarea,input");
    if (inp && inp.value.trim()) { sendEvent(w.id, "submit", inp.value); inp.value = ""; }
  }

  // a selectable chart: data-sg-select on its root lists the selected points'
  // data-sg-pt numbers; a click selects one point, shift/ctrl/cmd-click adds or
  // removes one, a click on the background clears; the list is the new value
  function markChart(w, sel) {
    w.setAttribute("data-sg-select", sel.join(" "));
    w.classList.toggle("sg-has-sel", sel.length > 0);
    var pts = w.querySelectorAll("[data-sg-pt]");
    for (var i = 0; i < pts.length; i++) {
      var n = Number(pts[i].getAttribute("data-sg-pt"));
      pts[i].classList.toggle("sg-sel", sel.indexOf(n) >= 0);
    }
  }

  function clickChart(w, e) {
    if (w.getAttribute("data-disabled") === "true") return;
    var pt = e.target.closest("[data-sg-pt]");
    var sel = (w.getAttribute("data-sg-select") || "").split(" ").filter(Boolean).map(Number);
    if (!pt) {
      if (!sel.length) return;
      sel = [];
    } else {
      var n = Number(pt.getAttribute("data-sg-pt"));
      var k = sel.indexOf(n);
      if (e.shiftKey || e.ctrlKey || e.metaKey) {
        if (k >= 0) sel.splice(k, 1); else sel.push(n);
      } else {
        sel = [n];
      }
    }
    markChart(w, sel);
    sendEvent(w.id, "change", sel);
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[data-sg-page]") : null;
    if (link && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
      var u = new URL(link.href);
      var query = {};
      u.searchParams.forEach(function (v, k) { query[k] = v; });
      if (changePage(link.getAttribute("data-sg-page"), query)) e.preventDefault();
      return;
    }
    if (gridClick(e)) return;
    var chart = e.target.closest ? e.target.closest(".sg-chart-select") : null;
    if (chart) { clickChart(chart, e); return; }
    var t = e.target.closest ? e.target.closest("button,a[role=button],[data-sg-click]") : null;
    if (!t) return;
    if (t.getAttribute("role") === "tab") { selectTab(t); return; }
    if (t.hasAttribute("data-sg-close")) {
      var ov = t.closest("[data-kind=dialog]");
      if (ov) ov.setAttribute("hidden", "");
      return;
    }
    var w = widgetOf(t);
    if (!w) return;
    if (w.getAttribute("data-kind") === "chat_input") { submitChat(w); return; }
    var kind = w.getAttribute("data-kind");
    if (kind === "button") { sendEvent(w.id, "click", true); }
    else if (kind === "form_submit_button") { e.preventDefault(); submitForm(w); }
    else if (kind === "download_button" || kind === "link_button") {
      if (kind === "download_button") sendEvent(w.id, "click", true);
    } else if (t.hasAttribute("data-sg-click")) {
      sendEvent(w.id, "click", t.getAttribute("data-sg-click"));
    } else if (t.hasAttribute("data-sg-opt")) {
      toggleChoice(w, t);
    } else if (t.hasAttribute("data-sg-capture")) {
      capture(w, t);
    }
  });

  // pills, segmented_control, feedback: buttons that carry an option index
  function toggleChoice(w, t) {
    var k = parseInt(t.getAttribute("data-sg-opt"), 10);
    var row = t.closest("[role=group]");
    var on = [].slice.call(row.querySelectorAll("[aria-pressed=true]")).map(function (b) {
      return parseInt(b.getAttribute("data-sg-opt"), 10);
    });
    var pressed = on.indexOf(k) >= 0;
    if (w.getAttribute("data-form")) {       // in a form: show it now, send on submit
      var multi = row.getAttribute("data-multi") === "true";
      [].forEach.call(row.querySelectorAll("[data-sg-opt]"), function (b) {
        var i = parseInt(b.getAttribute("data-sg-opt"), 10);
        var now = i === k ? !pressed : (multi ? on.indexOf(i) >= 0 : false);
        b.setAttribute("aria-pressed", now ? "true" : "false");
        b.classList.toggle("sg-on", now);
      });
      return;
    }
    if (row.getAttribute("data-multi") === "true") {
      on = pressed ? on.filter(function (i) { return i !== k; }) : on.concat([k]);
      on.sort(function (a, b) { return a - b; });
      sendEvent(w.id, "change", on);
    } else {
      sendEvent(w.id, "change", pressed ? null : k);
    }
  }

  document.addEventListener("change", function (e) {
    if (gridOf(e.target)) { gridChange(e); return; }
    var w = widgetOf(e.target);
    if (!w) return;
    var kind = w.getAttribute("data-kind");
    if (kind === "text_input" || kind === "text_area" || kind === "chat_input") {
      if (kind !== "chat_input") commit(w, "change");
      return;
    }
    if (kind === "file_uploader") { uploadFiles(w, e.target); return; }
    commit(w, "change");
  });

  document.addEventListener("input", function (e) {
    var w = widgetOf(e.target);
    if (w && (w.getAttribute("data-kind") === "slider" ||
              w.getAttribute("data-kind") === "select_slider")) paintSlider(w, true);
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t.getAttribute && t.getAttribute("role") === "tab" &&
        (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      var tabs = Array.prototype.slice.call(t.closest("[role=tablist]").querySelectorAll("[role=tab]"));
      var k = tabs.indexOf(t) + (e.key === "ArrowRight" ? 1 : -1);
      selectTab(tabs[(k + tabs.length) % tabs.length]);
      e.preventDefault();
      return;
    }
    if (e.key !== "Enter" || e.isComposing) return;
    if (t.nodeName === "TD" && gridEditable(t)) { e.preventDefault(); gridEdit(t); return; }
    if (gridOf(t)) return;
    var w = widgetOf(t);
    if (!w) return;
    var kind = w.getAttribute("data-kind");
    var form = w.getAttribute("data-form");
    if (form && (kind === "text_input" || kind === "number_input" ||
                 (kind === "text_area" && (e.ctrlKey || e.metaKey)))) {
      var f = w.closest("[data-kind=form]");
      var btn = f && f.getAttribute("data-enter") === "1" ?
        f.querySelector("[data-kind=form_submit_button]:not([data-disabled=true])") : null;
      if (btn) { e.preventDefault(); submitForm(btn); }
      return;
    }
    if (kind === "text_input" || (kind === "text_area" && (e.ctrlKey || e.metaKey))) {
      commit(w, "submit");
    } else if (kind === "chat_input" && !e.shiftKey) {
      e.preventDefault();
      submitChat(w);
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
      var opts = w.getAttribute("data-options");
      if (opts) { opts = JSON.parse(opts); parts = parts.map(function (x) { return opts[Number(x)]; }); }
      if (!labels || opts) out.textContent = parts.join(" \u2013 ");
    }
    for (var j = 0; j < r.length; j++) {
      var min = Number(r[j].min), max = Number(r[j].max), v = Number(r[j].value);
      r[j].style.setProperty("--sg-fill", max > min ? ((v - min) / (max - min) * 100) + "%" : "0%");
    }
  }

  // -- data grids: windows on scroll, sort on header click, editing, selection ------
  // The server keeps the data; the page holds one window of rows between two
  // spacer rows sized so the scroll bar covers all n rows (protocol §3).
  var GRID_WINDOW = 100, GRID_MARGIN = 20, GRID_RETRY_MS = 2000;
  var gridAsked = {}, gridEditing = null, gridLastEdit = null;

  function gridOf(el) { return el && el.closest ? el.closest("[data-grid]") : null; }
  function gridNum(g, name) { return Number(g.getAttribute("data-" + name)) || 0; }
  function gridSort(g) {
    var c = g.getAttribute("data-sort-col");
    return c ? { column: c, ascending: g.getAttribute("data-sort-asc") !== "0" } : null;
  }
  function gridAsk(g, start, sort, force) {
    var n = gridNum(g, "n");
    start = Math.max(0, Math.min(start, Math.max(0, n - 1)));
    var req = { componentId: g.id, start: start, stop: Math.min(n, start + GRID_WINDOW), sort: sort };
    var key = JSON.stringify(req), last = gridAsked[g.id];
    if (!force && last && last.key === key && Date.now() - last.t < GRID_RETRY_MS) return;
    gridAsked[g.id] = { key: key, t: Date.now() };
    sendRaw({ type: "data_window", data: req });
  }
  function gridCheck(g) {
    var n = gridNum(g, "n"), start = gridNum(g, "start"), stop = gridNum(g, "stop");
    if (stop - start >= n) return;
    var box = g.querySelector(".sg-grid-scroll");
    var rowPx = gridNum(g, "row-px") || 35, scale = Number(g.getAttribute("data-scale")) || 1;
    var first = Math.floor(box.scrollTop / (rowPx * scale));
    var last = Math.min(n, first + Math.ceil(box.clientHeight / rowPx) + 1);
    if (first >= start && last <= stop) return;
    gridAsk(g, first - GRID_MARGIN, gridSort(g));
  }
  function gridPad(cols, px) {
    return px > 0 ? '<tr class="sg-grid-pad" aria-hidden="true"><td colspan="' + cols +
      '" style="height:' + px + 'px"></td></tr>' : "";
  }
  function gridRows(d) {
    var g = document.getElementById(d.componentId);
    if (!g || !g.hasAttribute("data-grid")) return;
    var asked = gridAsked[g.id];
    var got = JSON.stringify({ componentId: d.componentId, start: d.start, stop: d.stop, sort: d.sort });
    if (asked && asked.key !== got) return;          // a newer request is on its way
    delete gridAsked[g.id];
    var rowPx = gridNum(g, "row-px") || 35, scale = Number(g.getAttribute("data-scale")) || 1;
    var cols = g.querySelectorAll("thead th").length + 1;
    var top = Math.round(d.start * rowPx * scale);
    var bottom = Math.max(0, Math.round(d.n_rows * rowPx * scale) - top - (d.stop - d.start) * rowPx);
    g.querySelector("tbody").innerHTML = gridPad(cols, top) + d.html + gridPad(cols, bottom);
    g.setAttribute("data-start", d.start); g.setAttribute("data-stop", d.stop);
    g.setAttribute("data-n", d.n_rows);
    gridShowSort(g, d.sort);
    gridCheck(g);                                    // the user may have scrolled on meanwhile
  }
  function gridShowSort(g, sort) {
    g.setAttribute("data-sort-col", sort ? sort.column : "");
    g.setAttribute("data-sort-asc", sort && !sort.ascending ? "0" : "1");
    var ths = g.querySelectorAll("thead th[data-col]");
    for (var i = 0; i < ths.length; i++) {
      if (sort && ths[i].getAttribute("data-col") === sort.column)
        ths[i].setAttribute("aria-sort", sort.ascending ? "ascending" : "descending");
      else ths[i].removeAttribute("aria-sort");
    }
  }
  function gridHeader(g, th) {
    var col = th.getAttribute("data-col");
    if ((g.getAttribute("data-select") || "").indexOf("-column") >= 0) {
      var sel = gridSelection(g), i = sel.columns.indexOf(col);
      if (i >= 0) sel.columns.splice(i, 1);
      else if (g.getAttribute("data-select").indexOf("single-column") >= 0) sel.columns = [col];
      else sel.columns.push(col);
      gridSelect(g, sel);
      return;
    }
    var cur = gridSort(g), next;
    if (!cur || cur.column !== col) next = { column: col, ascending: true };
    else if (cur.ascending) next = { column: col, ascending: false };
    else next = null;                                // third click: the data's own order
    gridShowSort(g, next);
    g.querySelector(".sg-grid-scroll").scrollTop = 0;
    gridAsk(g, 0, next, true);
  }
  function gridSelection(g) {
    try { return JSON.parse(g.getAttribute("data-selection") || "") || { rows: [], columns: [] }; }
    catch (e) { return { rows: [], columns: [] }; }
  }
  function gridSelect(g, sel) {
    g.setAttribute("data-selection", JSON.stringify(sel));
    sendEvent(g.id, "change", sel);
  }
  function gridCell(td) {
    var tr = td.parentNode, g = gridOf(td);
    var idx = Array.prototype.indexOf.call(tr.children, td);
    var th = g.querySelectorAll("thead th")[idx];
    return { g: g, tr: tr, th: th, row: Number(tr.getAttribute("data-row")),
             col: th ? th.getAttribute("data-col") : null, type: th ? th.getAttribute("data-edit") : null };
  }
  function gridEditable(td) {
    var g = gridOf(td);
    if (!g || g.getAttribute("data-edit") !== "1" || g.getAttribute("data-disabled") === "true") return null;
    if (td.nodeName !== "TD" || !td.parentNode.hasAttribute("data-row")) return null;
    var c = gridCell(td);
    return c.type && c.col !== null ? c : null;
  }
  function gridSend(c, value) {
    gridLastEdit = { g: c.g, t: Date.now() };
    var msg = c.g.querySelector(".sg-grid-msg");
    if (msg) msg.textContent = "";
    sendEvent(c.g.id, "change", { op: "edit", row: c.row, column: c.col, value: value });
  }
  function gridEdit(td) {
    var c = gridEditable(td);
    if (!c) return;
    if (c.type === "checkbox") { gridSend(c, td.getAttribute("data-v") !== "1"); return; }
    if (gridEditing) gridEditing.done(true);
    var before = td.innerHTML, text = td.textContent, input;
    if (c.type === "select") {
      input = document.createElement("select");
      var opts = [];
      try { opts = JSON.parse(c.th.getAttribute("data-options") || "[]"); } catch (e) { opts = []; }
      [null].concat(opts).forEach(function (o) {
        var op = document.createElement("option");
        op.value = o === null ? "" : String(o); op.textContent = o === null ? "" : String(o);
        if (String(o) === text) op.selected = true;
        input.appendChild(op);
      });
    } else {
      input = document.createElement("input");
      input.type = { date: "date", time: "time", datetime: "datetime-local" }[c.type] || "text";
      if (c.type === "number") { input.inputMode = "decimal"; text = text.replace(/,/g, ""); }
      if (c.type === "datetime") text = text.replace(" ", "T");
      input.value = text === "None" ? "" : text;
    }
    input.className = "sg-grid-input";
    input.setAttribute("aria-label", "Edit " + c.col);
    td.innerHTML = ""; td.appendChild(input); td.classList.add("sg-cell-editing");
    input.focus();
    if (input.select) input.select();
    var finished = false;
    gridEditing = { td: td, done: function (commit) {
      if (finished) return;
      finished = true; gridEditing = null;
      var v = input.value;
      td.classList.remove("sg-cell-editing");
      if (commit && v !== (text === "None" ? "" : text)) {
        td.textContent = v; td.classList.add("sg-cell-pending");
        td._sgBefore = before;
        gridSend(c, v);
      } else {
        td.innerHTML = before;
      }
      td.focus();
    } };
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); gridEditing && gridEditing.done(true); }
      else if (e.key === "Escape") { e.preventDefault(); gridEditing && gridEditing.done(false); }
    });
    input.addEventListener("blur", function () { if (gridEditing && gridEditing.td === td) gridEditing.done(true); });
  }
  function gridError(d) {
    if (!gridLastEdit || Date.now() - gridLastEdit.t > 10000) return;
    var g = gridLastEdit.g;
    if (!document.body.contains(g)) return;
    var msg = g.querySelector(".sg-grid-msg");
    if (msg) msg.textContent = (d.message || "The value was not accepted.")
      .replace(/^bad value for \S+ '[^']*': /, "");
    var pend = g.querySelectorAll(".sg-cell-pending");
    for (var i = 0; i < pend.length; i++) {
      if (pend[i]._sgBefore !== undefined) pend[i].innerHTML = pend[i]._sgBefore;
      pend[i].classList.remove("sg-cell-pending");
    }
    gridLastEdit = null;
  }
  function gridClick(e) {
    var g = gridOf(e.target);
    if (!g) return false;
    var t = e.target;
    var th = t.closest("thead th[data-col]");
    if (th) { gridHeader(g, th); return true; }
    if (g.getAttribute("data-disabled") === "true") return true;
    var tr = t.closest("tr[data-row]");
    if (t.closest(".sg-grid-add")) {
      gridLastEdit = { g: g, t: Date.now() };
      sendEvent(g.id, "change", { op: "add" });
      return true;
    }
    if (t.closest(".sg-grid-del") && tr) {
      gridLastEdit = { g: g, t: Date.now() };
      sendEvent(g.id, "change", { op: "delete", row: Number(tr.getAttribute("data-row")) });
      return true;
    }
    var td = t.closest("td");
    if (td && tr && gridEditable(td)) {
      var old = g.querySelector("td.sg-cell-active");
      if (old && old !== td) { old.classList.remove("sg-cell-active"); old.removeAttribute("tabindex"); }
      td.classList.add("sg-cell-active"); td.setAttribute("tabindex", "-1");
      if (document.activeElement !== td && !td.contains(document.activeElement)) td.focus();
      if (gridEditable(td).type === "checkbox") gridEdit(td);   // one click toggles
    }
    return !!t.closest("table");
  }
  function gridChange(e) {
    var g = gridOf(e.target), t = e.target;
    if (t.classList.contains("sg-grid-sel")) {
      var tr = t.closest("tr[data-row]"), row = Number(tr.getAttribute("data-row"));
      var sel = gridSelection(g), i = sel.rows.indexOf(row);
      if (t.checked && i < 0) {
        if ((g.getAttribute("data-select") || "").indexOf("single-row") >= 0) sel.rows = [row];
        else sel.rows.push(row);
      } else if (!t.checked && i >= 0) sel.rows.splice(i, 1);
      gridSelect(g, sel);
    }
  }
  document.addEventListener("dblclick", function (e) {
    var td = e.target.closest ? e.target.closest("td") : null;
    if (td && gridEditable(td) && gridEditable(td).type !== "checkbox" &&
        !td.classList.contains("sg-cell-editing")) gridEdit(td);
  });
  document.addEventListener("scroll", function (e) {
    var box = e.target;
    if (!box.classList || !box.classList.contains("sg-grid-scroll")) return;
    if (box._sgFrame) return;
    box._sgFrame = requestAnimationFrame(function () {
      box._sgFrame = 0;
      var g = gridOf(box);
      if (g) gridCheck(g);
    });
  }, true);
  function gridsAfterUpdate() {
    var gs = root.querySelectorAll("[data-grid]");
    for (var i = 0; i < gs.length; i++) gridCheck(gs[i]);
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
.sg-iframe iframe { border: none; width: 100%; display: block; color-scheme: normal; }
.sg-capture { display: flex; flex-direction: column; gap: 0.5rem; align-items: flex-start; }
.sg-capture video, .sg-capture img { max-width: 100%; border-radius: var(--sg-radius);
  border: 1px solid var(--sg-border); }
.sg-capture button { border: 1px solid var(--sg-border); background: var(--sg-bg);
  color: var(--sg-fg); border-radius: var(--sg-radius); padding: 0.3rem 0.8rem; cursor: pointer; }
.sg-logo img { display: block; max-width: 100%; }
.sg-logo-small img { height: 1.25rem; } .sg-logo-medium img { height: 1.5rem; }
.sg-logo-large img { height: 2rem; }
.sg-bottom { position: sticky; bottom: 0; background: var(--sg-bg); padding: 0.5rem 0;
  z-index: 5; }
.sg-choices { display: flex; flex-wrap: wrap; gap: 0.4rem; }
.sg-choice { border: 1px solid var(--sg-border); background: var(--sg-bg); color: var(--sg-fg);
  border-radius: 1rem; padding: 0.25rem 0.8rem; cursor: pointer; font: inherit; }
.sg-choice.sg-on { border-color: var(--sg-primary); color: var(--sg-primary);
  background: rgba(255, 75, 75, 0.08); }
.sg-segmented_control-row { gap: 0; }
.sg-segmented_control-row .sg-choice { border-radius: 0; margin-left: -1px; }
.sg-segmented_control-row .sg-choice:first-child { border-radius: var(--sg-radius) 0 0 var(--sg-radius); }
.sg-segmented_control-row .sg-choice:last-child { border-radius: 0 var(--sg-radius) var(--sg-radius) 0; }
.sg-feedback-row .sg-choice { border: none; background: none; font-size: 1.3rem;
  padding: 0.1rem 0.3rem; filter: grayscale(1); opacity: 0.6; }
.sg-feedback-row .sg-choice.sg-on { filter: none; opacity: 1; }
.sg-nav { display: flex; flex-direction: column; gap: 0.1rem; margin-bottom: 1rem; }
.sg-nav-section { font-size: 0.8rem; color: var(--sg-muted); margin: 0.6rem 0 0.2rem;
  text-transform: uppercase; letter-spacing: 0.04em; }
.sg-nav-link { display: flex; align-items: center; gap: 0.5rem; padding: 0.3rem 0.6rem;
  border-radius: var(--sg-radius); color: var(--sg-fg); text-decoration: none; }
.sg-nav-link:hover, .sg-nav-link.sg-active { background: rgba(151, 166, 195, 0.25); }
.sg-nav-link.sg-active { font-weight: 600; }
.sg-nav-link.sg-disabled { opacity: 0.5; }
.sg-page_link .sg-nav-link { display: inline-flex; }
.sg-page_link .sg-nav-link.sg-stretch { display: flex; }
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
.sg-range input[type=range] { flex: 1; min-width: 0; -webkit-appearance: none; appearance: none;
  height: 0.3rem; border-radius: 1rem; margin: 0.6rem 0; cursor: pointer;
  background: linear-gradient(to right, var(--sg-primary) var(--sg-fill, 0%),
                              var(--sg-border) var(--sg-fill, 0%)); }
.sg-range input[type=range]::-webkit-slider-thumb { -webkit-appearance: none; width: 1rem;
  height: 1rem; border-radius: 50%; background: var(--sg-primary); border: none; }
.sg-range input[type=range]::-moz-range-thumb { width: 1rem; height: 1rem; border-radius: 50%;
  background: var(--sg-primary); border: none; }
.sg-range input[type=range]:disabled { opacity: 0.5; cursor: not-allowed; }
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
.sg-options { display: flex; flex-direction: column; gap: 0.25rem; }
.sg-options.sg-horizontal { flex-direction: row; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.sg-opt { display: inline-flex; align-items: flex-start; gap: 0.5rem; cursor: pointer; }
.sg-opt input { margin-top: 0.35rem; accent-color: var(--sg-primary); }
.sg-opt-cap { display: block; color: var(--sg-muted); font-size: 0.85rem; }
.sg-ms summary { list-style: none; cursor: pointer; min-height: 2.5rem; padding: 0.35rem 0.75rem;
  border: 1px solid var(--sg-border); border-radius: var(--sg-radius); background: var(--sg-soft);
  display: flex; flex-wrap: wrap; gap: 0.35rem; align-items: center; }
.sg-ms summary::-webkit-details-marker { display: none; }
.sg-ms-list { border: 1px solid var(--sg-border); border-radius: var(--sg-radius);
  padding: 0.5rem 0.75rem; margin-top: 0.25rem; max-height: 15rem; overflow: auto;
  display: flex; flex-direction: column; gap: 0.2rem; background: var(--sg-bg); }
.sg-chip { background: var(--sg-primary); color: var(--sg-primary-fg); border-radius: 0.35rem;
  padding: 0 0.5rem; font-size: 0.875rem; }
.sg-ph { color: var(--sg-muted); }
.sg-row { display: flex; gap: 0.5rem; align-items: center; }
input[type=color] { width: 3rem; height: 2.25rem; border: 1px solid var(--sg-border);
  border-radius: var(--sg-radius); background: var(--sg-soft); padding: 0.15rem; }
.sg-drop { border: 1px dashed var(--sg-border); border-radius: var(--sg-radius); padding: 1rem;
  background: var(--sg-soft); display: flex; flex-direction: column; gap: 0.25rem; }
.sg-files { margin: 0.25rem 0 0; padding-left: 1.25rem; font-size: 0.9rem; }
.sg-files:empty { display: none; }
.sg-chat-box { display: flex; gap: 0.5rem; align-items: flex-end; border: 1px solid var(--sg-border);
  border-radius: 1.25rem; padding: 0.35rem 0.5rem 0.35rem 1rem; background: var(--sg-soft); }
.sg-chat-box textarea { border: none; background: transparent; min-height: 0; resize: none;
  padding: 0.35rem 0; outline: none; }
.sg-send { border: none; background: none; color: var(--sg-muted); font-size: 1.1rem; cursor: pointer;
  padding: 0.35rem; }
.sg-send:hover { color: var(--sg-primary); }
.sg-pinned { position: sticky; bottom: 1rem; z-index: 5; background: var(--sg-bg); padding-top: 0.5rem; }
.sg-form { padding: 1rem; }
.sg-expander { border: 1px solid var(--sg-border); border-radius: var(--sg-radius); }
.sg-expander > summary { cursor: pointer; padding: 0.6rem 1rem; font-weight: 600; }
.sg-exp-body { padding: 0 1rem 1rem; }
.sg-popover { display: inline-block; position: relative; }
.sg-popover > summary { list-style: none; }
.sg-popover > summary::-webkit-details-marker { display: none; }
.sg-pop-body { position: absolute; z-index: 10; margin-top: 0.35rem; min-width: 16rem;
  background: var(--sg-bg); border: 1px solid var(--sg-border); border-radius: var(--sg-radius);
  padding: 1rem; box-shadow: 0 8px 24px rgba(0,0,0,0.15); }
.sg-tablist { display: flex; gap: 1rem; border-bottom: 1px solid var(--sg-border);
  margin-bottom: 1rem; overflow-x: auto; }
.sg-tablist [role=tab] { font: inherit; background: none; border: none; color: var(--sg-fg);
  padding: 0.5rem 0.1rem; cursor: pointer; border-bottom: 2px solid transparent; white-space: nowrap; }
.sg-tablist [role=tab][aria-selected=true] { color: var(--sg-primary); border-bottom-color: var(--sg-primary); }
.sg-tablist [role=tab]:focus { outline: none; }
.sg-tablist [role=tab]:focus-visible { outline: 2px solid var(--sg-primary); outline-offset: 2px; }
.sg-tabpanel[hidden], .sg-overlay[hidden] { display: none; }
.sg-chat { display: flex; gap: 0.75rem; padding: 0.75rem; border-radius: var(--sg-radius); }
.sg-chat-user { background: var(--sg-soft); }
.sg-avatar { flex: 0 0 2rem; height: 2rem; border-radius: 0.5rem; display: flex; align-items: center;
  justify-content: center; background: var(--sg-soft); font-size: 1.1rem; overflow: hidden; }
.sg-avatar img { width: 100%; height: 100%; object-fit: cover; }
.sg-chat-body { flex: 1; min-width: 0; }
.sg-chat-body > .sg-el:last-child { margin-bottom: 0; }
.sg-spin { display: inline-block; width: 1em; height: 1em; border: 2px solid var(--sg-border);
  border-top-color: var(--sg-primary); border-radius: 50%; animation: sg-rot 0.8s linear infinite;
  vertical-align: -0.15em; }
@keyframes sg-rot { to { transform: rotate(360deg); } }
.sg-spinner { opacity: 0; animation: sg-show 0s 0.5s forwards; color: var(--sg-muted); }
@keyframes sg-show { to { opacity: 1; } }
.sg-overlay { position: fixed; inset: 0; background: rgba(0,0,0,0.45); z-index: 40; display: flex;
  align-items: flex-start; justify-content: center; padding: 8vh 1rem; overflow: auto; margin: 0; }
.sg-dialog { background: var(--sg-bg); border-radius: var(--sg-radius); width: 100%; max-width: 500px;
  padding: 1.25rem 1.5rem; box-shadow: 0 16px 48px rgba(0,0,0,0.3); }
.sg-dialog-medium { max-width: 750px; } .sg-dialog-large { max-width: 1280px; }
.sg-dialog-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 1rem; }
.sg-dialog-head h2 { font-size: 1.4rem; }
.sg-close { border: none; background: none; font-size: 1.1rem; cursor: pointer; color: var(--sg-muted); }
.sg-latex { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", serif;
  font-size: 1.25rem; text-align: center; padding: 0.5rem 0; }
.sg-frac { display: inline-flex; flex-direction: column; vertical-align: middle; text-align: center;
  font-size: 0.9em; }
.sg-frac > span:first-child { border-bottom: 1px solid currentColor; padding: 0 0.2em; }
.sg-sqrt { border-top: 1px solid currentColor; }
.sg-badge { display: inline-block; border-radius: 0.5rem; padding: 0.05rem 0.5rem; font-size: 0.875rem;
  margin-right: 0.5rem; }
.sg-bar { height: 0.5rem; background: var(--sg-soft); border-radius: 0.25rem; overflow: hidden; }
.sg-bar > div { height: 100%; background: var(--sg-primary); transition: width 0.2s; }
.sg-metric-value { font-size: 2.25rem; line-height: 1.2; }
.sg-delta { font-size: 0.95rem; }
.sg-c-yellow { color: #b59a00; }
.sg-scroll { overflow: auto; max-width: 100%; }
.sg-df { max-height: 400px; border: 1px solid var(--sg-border); border-radius: var(--sg-radius); }
.sg-tbl { border-collapse: collapse; font-size: 0.875rem; width: max-content; min-width: 100%; }
.sg-tbl th, .sg-tbl td { border-bottom: 1px solid var(--sg-border); padding: 0.3rem 0.75rem;
  text-align: left; white-space: nowrap; }
.sg-tbl thead th { position: sticky; top: 0; background: var(--sg-soft); font-weight: 600; }
.sg-tbl th[scope=row] { color: var(--sg-muted); font-weight: normal; }
.sg-tbl td.sg-num { text-align: right; font-variant-numeric: tabular-nums; }
/* data grids: a fixed row height, so the page can size the scroll area for every row */
.sg-grid { border: 1px solid var(--sg-border); border-radius: var(--sg-radius); overflow: hidden;
  max-width: 100%; }
.sg-grid-scroll { overflow: auto; position: relative; overscroll-behavior: contain; }
.sg-grid table.sg-tbl { table-layout: fixed; border-collapse: separate; border-spacing: 0;
  margin: 0; min-width: 0; }
.sg-grid .sg-tbl th, .sg-grid .sg-tbl td { height: 35px; padding: 0 0.5rem; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid var(--sg-border);
  border-right: 1px solid var(--sg-border); line-height: 34px; }
.sg-grid .sg-tbl thead th { position: sticky; top: 0; z-index: 2; background: var(--sg-soft);
  color: var(--sg-muted); font-weight: 600; text-align: left; cursor: pointer; user-select: none; }
.sg-grid .sg-tbl thead th.sg-num { text-align: right; }
.sg-grid .sg-tbl thead th:hover { color: var(--sg-fg); }
.sg-grid .sg-tbl thead th[aria-sort=ascending]::after { content: " \2191"; }
.sg-grid .sg-tbl thead th[aria-sort=descending]::after { content: " \2193"; }
.sg-grid .sg-tbl thead th[aria-selected=true] { background: var(--sg-primary); color: var(--sg-primary-fg); }
.sg-grid .sg-tbl tbody th { background: var(--sg-soft); color: var(--sg-muted); font-weight: 400;
  text-align: left; }
.sg-grid .sg-tbl tbody tr:hover td { background: var(--sg-soft); }
.sg-grid .sg-tbl td.sg-mid { text-align: center; }
.sg-grid .sg-tbl tr.sg-grid-pad td { border: 0; padding: 0; background: none; }
.sg-grid .sg-grid-mark { text-align: center; padding: 0; }
.sg-grid-del { border: 0; background: none; color: var(--sg-muted); cursor: pointer; font-size: 1.1rem;
  line-height: 1; padding: 0.2rem 0.4rem; border-radius: 0.25rem; }
.sg-grid-del:hover { color: var(--sg-err); background: var(--sg-err-bg); }
.sg-grid-sel { margin: 0; accent-color: var(--sg-primary); }
.sg-grid-foot { display: flex; gap: 0.75rem; align-items: center; min-height: 2rem;
  padding: 0.2rem 0.5rem; font-size: 0.8rem; color: var(--sg-muted); border-top: 1px solid var(--sg-border); }
.sg-grid-foot .sg-grid-add { padding: 0.1rem 0.6rem; font-size: 0.8rem; min-height: 0; }
.sg-grid-msg { color: var(--sg-err); }
.sg-grid td.sg-cell-active { outline: 2px solid var(--sg-primary); outline-offset: -2px; }
.sg-grid td.sg-cell-editing { padding: 0; overflow: visible; }
.sg-grid td.sg-cell-pending { color: var(--sg-muted); font-style: italic; }
.sg-grid-input { width: 100%; height: 33px; border: 2px solid var(--sg-primary); font: inherit;
  padding: 0 0.4rem; background: var(--sg-bg); color: var(--sg-fg); outline: none; }
.sg-table-note { margin: 0.25rem 0 0; }
/* column_config cells: chips, links, progress bars, sparklines, checkboxes */
.sg-cell-missing { color: var(--sg-muted); opacity: 0.6; }
.sg-cell-error { color: var(--sg-muted); text-decoration: underline dotted #ff4b4b; cursor: help; }
.sg-cell-check { margin: 0; accent-color: var(--sg-primary); vertical-align: middle; }
.sg-cell-chips { display: inline-flex; gap: 0.25rem; flex-wrap: nowrap; vertical-align: middle; }
.sg-cell-chip { background: var(--sg-soft); border: 1px solid var(--sg-border); border-radius: 0.75rem;
  padding: 0 0.5rem; font-size: 0.8rem; line-height: 1.5; white-space: nowrap; }
.sg-cell-chip-more { color: var(--sg-muted); }
.sg-cell-link { color: var(--sg-primary); text-decoration: underline; }
.sg-cell-link-unsafe { color: var(--sg-fg); }
.sg-cell-icon { font-family: "Material Symbols Rounded", sans-serif; font-size: 1.1em; }
.sg-cell-img { max-height: 30px; max-width: 6rem; vertical-align: middle; border-radius: 2px; }
.sg-cell-progress { display: inline-flex; align-items: center; gap: 0.5rem; min-width: 7rem; width: 100%;
  vertical-align: middle; }
.sg-cell-progress .sg-cell-bar { flex: 1; display: block; height: 0.5rem; background: var(--sg-soft);
  border-radius: 0.25rem; overflow: hidden; }
.sg-cell-progress .sg-cell-bar > span { display: block; height: 100%; background: var(--sg-primary); }
.sg-cell-progress-label { font-variant-numeric: tabular-nums; white-space: pre; color: var(--sg-fg); }
.sg-svg.sg-spark { width: 100%; max-width: 8rem; height: 1.6rem; display: inline-block;
  vertical-align: middle; }
.sg-spark-line { fill: none; stroke: var(--sg-primary); stroke-width: 1.5;
  vector-effect: non-scaling-stroke; }
.sg-spark-area { fill: var(--sg-primary); fill-opacity: 0.25; stroke: none; }
.sg-spark-bar { fill: var(--sg-primary); }
.sg-svg { width: 100%; height: auto; display: block; }
.sg-svg text { font-size: 11px; fill: var(--sg-muted); font-family: var(--sg-font); }
.sg-grid { stroke: var(--sg-border); stroke-width: 1; }
.sg-legend { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; font-size: 0.8rem; color: var(--sg-muted); }
.sg-legend i { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 2px;
  margin-right: 0.3rem; vertical-align: -0.05rem; }
.sg-center { text-align: center; }
.sg-chart { max-width: 100%; }
.sg-chart .sg-svg text.sg-title, .sg-chart .sg-svg .sg-strong { fill: var(--sg-fg); }
.sg-chart-note { font-size: 0.8rem; margin-top: 0.15rem; }
.sg-chart-select .sg-pt { cursor: pointer; }
.sg-has-sel .sg-pt:not(.sg-sel) { opacity: 0.3; }
.sg-chart-select .sg-sel { stroke: var(--sg-fg); stroke-width: 1.5px; }
.sg-graphviz { max-width: 100%; margin: 0 auto; }
.sg-images { display: flex; flex-wrap: wrap; gap: 0.75rem; }
.sg-images figure { margin: 0; max-width: 100%; }
.sg-images img { max-width: 100%; height: auto; display: block; border-radius: 0.25rem; }
.sg-stretch figure, .sg-stretch img { width: 100%; }
figcaption { color: var(--sg-muted); font-size: 0.875rem; text-align: center; margin-top: 0.25rem; }
audio, video { width: 100%; }
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
_PAGE_HEADERS = [("Content-Type", "text/html; charset=utf-8"),
                 ("Content-Security-Policy", CSP),
                 ("X-Content-Type-Options", "nosniff"),
                 ("Referrer-Policy", "same-origin"),
                 ("Cache-Control", "no-store")]


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
               f"<text y='.9em' font-size='90'>{_escape(icon)}</text></svg>")
        icon_href = "data:image/svg+xml," + urllib.parse.quote(svg)
    config = _json_for_script({"sessionId": session_id, "base": base, "retryMs": retry_ms})
    version = ASSETS["streamlit_go.js"][2].strip('"')
    return (PAGE_HTML.replace("@@TITLE@@", _escape(title)).replace("@@ICON@@", _escape(icon_href))
            .replace("@@BASE@@", _escape(base)).replace("@@VERSION@@", version)
            .replace("@@CONFIG@@", config)).encode("utf-8")


# =============================================================================
# 16. Command line (protocol §1)
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
        p.add_argument("--forwarded-allow-ips", default="", metavar="IP,IP",
                       help="proxies whose X-Forwarded-For/-Proto headers are believed "
                            "('*' for any; default: none)")
        p.add_argument("--max-upload-size", type=float, default=MAX_UPLOAD / 1048576,
                       metavar="MB", help="largest file_uploader file (default %(default)g)")
        p.add_argument("--no-compression", action="store_true",
                       help="do not negotiate permessage-deflate")
        p.add_argument("--no-reload", action="store_true",
                       help="do not rerun sessions when the script file changes")
        p.add_argument("--redis", default=os.environ.get("STREAMLIT_GO_REDIS") or None,
                       metavar="URL", help="keep sessions, st.shared_state and st.cache_data "
                                           "in Redis (redis:// or rediss://), so several "
                                           "instances serve any user (env STREAMLIT_GO_REDIS)")
        p.add_argument("--secret", default=os.environ.get("STREAMLIT_GO_SECRET") or None,
                       metavar="TEXT", help="signs what is stored in Redis; the same on every "
                                            "instance, at least 16 bytes "
                                            "(env STREAMLIT_GO_SECRET)")
        p.add_argument("--retry-ms", type=int, default=1000, help=argparse.SUPPRESS)
        p.add_argument("--quiet", action="store_true", help="log nothing but errors")
        p.add_argument("--map-tiles", default=None, metavar="URL",
                       help="a tile URL template such as https://tile.openstreetmap.org/"
                            "{z}/{x}/{y}.png drawn under st.map (default: none, offline)")
        p.add_argument("--trace", action="store_true",
                       help="print every request, frame, message and rerun step to stderr, "
                            "one line each, named by the function that did it")
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
    if args.redis:
        try:
            parse_redis_url(args.redis)
        except ValueError as exc:
            raise SystemExit(f"streamlit_go: error: --redis: {exc}") from None
        if not args.secret:
            raise SystemExit("streamlit_go: error: --redis needs --secret (or "
                             "STREAMLIT_GO_SECRET): the key that signs what is stored there")
        if len(args.secret.encode("utf-8")) < MIN_SECRET_BYTES:
            raise SystemExit(f"streamlit_go: error: --secret must be at least "
                             f"{MIN_SECRET_BYTES} bytes")
    return ServerConfig(
        redis_url=args.redis or None, secret=args.secret if args.redis else None,
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
        idle_timeout=max(WS_IDLE_TIMEOUT_S, args.ping_interval + WS_IDLE_MARGIN_S),
        certfile=args.certfile, keyfile=args.keyfile, root_path=root,
        retry_ms=max(50, args.retry_ms), reload=not args.no_reload, quiet=args.quiet,
        compression=not args.no_compression,
        forwarded_allow_ips=tuple(i.strip() for i in args.forwarded_allow_ips.split(",")
                                  if i.strip()),
        max_upload=int(positive("max-upload-size", args.max_upload_size) * 1048576))


def _release_memory() -> None:
    """Give the memory freed after start-up (compiling this file) back to the OS."""
    import gc
    gc.collect()
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)   # glibc only; elsewhere a no-op
    except (OSError, AttributeError):
        pass


async def _serve(server: Server) -> None:
    """Run until SIGINT/SIGTERM, then shut down gracefully."""
    try:
        await server.start()
    except RedisError as exc:
        raise SystemExit(f"streamlit_go: error: cannot use Redis at "
                         f"{server.redis.config.address}: {exc}") from None
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
    loop.call_later(0.05, _release_memory)
    await stop.wait()
    await server.stop()


def main(argv: list | None = None) -> int:
    """Command-line entry point: python streamlit_go.py APP.py [options]."""
    args = _ArgumentParser.build().parse_args(argv)
    if not os.path.isfile(args.script):
        raise SystemExit(f"streamlit_go: error: script not found: {args.script}")
    config = _config_from_args(args)
    if args.map_tiles:
        if not re.match(r"https?://[^\s]+\{z\}.*\{x\}.*\{y\}", args.map_tiles):
            raise SystemExit("streamlit_go: error: --map-tiles must be an http(s) URL "
                             "template with {z}, {x} and {y}")
        _OPTIONS["mapbox.tiles"] = args.map_tiles
    if args.trace:
        global _trace
        _trace = _trace_line
    # The app's `import streamlit_go` must find this very module, not a copy.
    module = sys.modules[__name__]
    sys.modules.setdefault("streamlit_go", module)
    app = App(args.script)
    sys.path.insert(0, app.dir)
    server = Server(config, app)
    asyncio.run(_serve(server))
    if any(t.name.startswith("rerun") and t.is_alive() for t in threading.enumerate()):
        # A script still running (an endless loop, a long sleep) would keep the
        # interpreter from exiting: shutdown must finish in bounded time.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
