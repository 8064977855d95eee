# ---------------------------------------------------------------------------
# Autobahn|Testsuite (wstest fuzzingclient) helpers for CI.  Bash fragment:
# `source` it from a bash CI script (.ci/run does).
#
#   autobahn_install DIR
#       Install wstest into DIR (idempotent; about 35-40 s the first time, under 1 s after).
#       Needs: pyenv's Python 2.7.18, python3 with venv, gcc (wsaccel is
#       compiled from source), and access to PyPI.
#   autobahn_run DIR PORT CASES_JSON_LIST OUTDIR
#       e.g. autobahn_run /opt/autobahn 9001 '["1.*","2.*","5.*"]' /tmp/ab
#       Runs fuzzingclient against ws://127.0.0.1:PORT (agent "streamlit_go"),
#       then checks OUTDIR/index.json.  Returns non-zero when a case's
#       behavior or behaviorClose is not OK / NON-STRICT / INFORMATIONAL,
#       when a case is missing from the report (server refused or died
#       mid-run: wstest still exits 0 then), or when wstest fails or times out.
#       The server must already be listening on 127.0.0.1:PORT.
#
# Optional environment:
#   AUTOBAHN_PY27          python2.7 to use (default: $(pyenv root)/versions/2.7.18/bin/python2.7)
#   AUTOBAHN_PYTHON3       python3 to use for the bootstrap venv and the checker (default: python3)
#   AUTOBAHN_ALLOWED       space-separated verdicts accepted
#                          (default: "OK NON-STRICT INFORMATIONAL"; add
#                          UNIMPLEMENTED to accept 12.*/13.* without permessage-deflate)
#   AUTOBAHN_EXCLUDE_CASES JSON list for spec "exclude-cases" (default: [])
#   AUTOBAHN_TIMEOUT       seconds allowed for the whole wstest run (default: 1800)
#   AUTOBAHN_WAIT          seconds to wait for the port to listen first (default: 30)
# ---------------------------------------------------------------------------

# Exact versions.  autobahntestsuite 25.10.1 pins most of these itself
# (==autobahn, Twisted, txaio, cryptography, pyOpenSSL, service-identity,
# klein, Werkzeug, Jinja2, setuptools, ...); the rest are what pip resolved on
# Python 2.7 (the newest releases that still install there), frozen.
# Cython/wheel/setuptools are used only inside pip's isolated build env for
# wsaccel (PIP_CONSTRAINT reaches that env as well).
_AUTOBAHN_CONSTRAINTS='autobahntestsuite==25.10.1
autobahn==0.10.9
txaio==2.1.0
wsaccel==0.6.6
ujson==2.0.3
Twisted==19.10.0
zope.interface==4.6.0
Automat==22.10.0
attrs==21.4.0
constantly==15.1.0
hyperlink==21.0.0
idna==2.10
incremental==16.10.1
PyHamcrest==1.10.1
typing==3.10.0.0
klein==17.10.0
Werkzeug==1.0.1
Jinja2==2.11.3
MarkupSafe==1.1.1
cryptography==3.3.2
cffi==1.15.1
pycparser==2.21
enum34==1.1.10
ipaddress==1.0.23
pyOpenSSL==19.1.0
service-identity==18.1.0
pyasn1==0.5.1
pyasn1-modules==0.3.0
six==1.16.0
unittest2==1.1.0
argparse==1.4.0
linecache2==1.0.0
traceback2==1.4.0
setuptools==44.0.0
wheel==0.37.1
Cython==3.0.12'

_AUTOBAHN_BOOTSTRAP_PINS='virtualenv==20.21.1 distlib==0.4.4 filelock==3.32.7 platformdirs==3.11.0'

_autobahn_showlog() {
    # pip logs minus the harmless noise about missing local index dirs
    grep -v "is neither a file nor a directory" "$1" | tail -n 40 >&2
}

autobahn_install() {
    local dir="${1:?usage: autobahn_install DIR}"
    local py3="${AUTOBAHN_PYTHON3:-python3}"
    local py27="${AUTOBAHN_PY27:-}"
    if [ -z "$py27" ]; then
        local proot
        proot="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
        py27="$proot/versions/2.7.18/bin/python2.7"
    fi
    if [ ! -x "$py27" ]; then
        echo "autobahn_install: no Python 2.7 at $py27 (set AUTOBAHN_PY27)" >&2
        return 1
    fi

    mkdir -p "$dir" || return 1
    local stamp="$dir/.autobahn-installed"
    local want
    want="$(printf '%s\n%s\n%s\n' "$_AUTOBAHN_CONSTRAINTS" "$_AUTOBAHN_BOOTSTRAP_PINS" "$py27" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
       && "$dir/py27/bin/wstest" -a >/dev/null 2>&1; then
        echo "autobahn_install: already installed in $dir"
        return 0
    fi
    rm -rf "$dir/venv3" "$dir/py27" "$dir/virtualenv-appdata" "$stamp"

    printf '%s\n' "$_AUTOBAHN_CONSTRAINTS" > "$dir/constraints.txt"
    echo "autobahn_install: bootstrap venv ($py3) with virtualenv"
    "$py3" -m venv "$dir/venv3" || return 1
    # shellcheck disable=SC2086
    "$dir/venv3/bin/pip" install -q --disable-pip-version-check $_AUTOBAHN_BOOTSTRAP_PINS \
        > "$dir/install.log" 2>&1 || { _autobahn_showlog "$dir/install.log"; return 1; }

    echo "autobahn_install: Python 2.7 virtualenv"
    "$dir/venv3/bin/virtualenv" -q -p "$py27" --no-download --no-periodic-update \
        --app-data "$dir/virtualenv-appdata" "$dir/py27" || return 1

    echo "autobahn_install: pip install autobahntestsuite (py2.7)"
    PIP_CONSTRAINT="$dir/constraints.txt" PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_PYTHON_VERSION_WARNING=1 \
        "$dir/py27/bin/pip" install autobahntestsuite==25.10.1 \
        >> "$dir/install.log" 2>&1 || { _autobahn_showlog "$dir/install.log"; return 1; }
    echo "autobahn_install: pip log in $dir/install.log"

    "$dir/py27/bin/wstest" -a || return 1
    echo "$want" > "$stamp"
}

autobahn_run() {
    local dir="${1:?usage: autobahn_run DIR PORT CASES_JSON_LIST OUTDIR}"
    local port="${2:?port}" cases="${3:?cases json list}" outdir="${4:?outdir}"
    local py3="${AUTOBAHN_PYTHON3:-python3}"
    local excl="${AUTOBAHN_EXCLUDE_CASES:-[]}"
    local allowed="${AUTOBAHN_ALLOWED:-OK NON-STRICT INFORMATIONAL}"
    local tmo="${AUTOBAHN_TIMEOUT:-1800}" wait_s="${AUTOBAHN_WAIT:-30}"

    if [ ! -x "$dir/py27/bin/wstest" ]; then
        echo "autobahn_run: wstest not installed in $dir (run autobahn_install)" >&2
        return 1
    fi
    mkdir -p "$outdir" || return 1
    outdir="$(cd "$outdir" && pwd)"
    rm -rf "$outdir/reports"

    # spec.json (json.dumps also validates the CASES / exclude JSON)
    "$py3" - "$port" "$cases" "$excl" "$outdir" > "$outdir/spec.json" <<'PYEOF' || return 1
import json, sys
port, cases, excl, outdir = sys.argv[1:5]
cases = json.loads(cases); excl = json.loads(excl)
assert isinstance(cases, list) and cases, "CASES must be a non-empty JSON list"
assert isinstance(excl, list), "exclude-cases must be a JSON list"
print(json.dumps({
    "outdir": outdir + "/reports/servers",
    "servers": [{"agent": "streamlit_go", "url": "ws://127.0.0.1:%d" % int(port)}],
    "cases": cases,
    "exclude-cases": excl,
    "exclude-agent-cases": {},
}, indent=2))
PYEOF

    # The exact case ids wstest will run (its own pattern resolver), to spot
    # cases missing from the report.  Unknown literal ids are an error here,
    # because wstest itself would crash on them.
    "$dir/py27/bin/python" - "$outdir/spec.json" > "$outdir/expected_cases.json" <<'PYEOF' || { echo "autobahn_run: bad case list" >&2; return 1; }
import json, sys
from autobahntestsuite.case import Cases, CaseCategories, CaseSubCategories, CaseBasename, CaseSetname
from autobahntestsuite.caseset import CaseSet
spec = json.load(open(sys.argv[1]))
cs = CaseSet(CaseSetname, CaseBasename, Cases, CaseCategories, CaseSubCategories)
ids = cs.parseSpecCases(spec)
bad = [i for i in ids if i not in cs.CasesIndices]
if bad:
    sys.stderr.write("unknown case ids: %s\n" % ", ".join(bad))
    sys.exit(1)
if not ids:
    sys.stderr.write("case patterns match no case\n")
    sys.exit(1)
print(json.dumps(ids))
PYEOF

    # Wait for the server (wstest gives up quietly on a refused connection).
    if ! "$py3" - "$port" "$wait_s" <<'PYEOF'
import socket, sys, time
port, deadline = int(sys.argv[1]), time.time() + float(sys.argv[2])
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        break
    except OSError:
        if time.time() > deadline:
            sys.exit(1)
        time.sleep(0.2)
PYEOF
    then
        echo "autobahn_run: nothing listening on 127.0.0.1:$port after ${wait_s}s" >&2
        return 1
    fi

    echo "autobahn_run: wstest fuzzingclient -> ws://127.0.0.1:$port cases=$cases (log: $outdir/wstest.log)"
    local rc=0 t0=$SECONDS
    # --foreground: timeout stays in the caller's process group, so a caller
    # that stops the group (.ci/run on an early exit) stops wstest as well.
    (cd "$outdir" && timeout --foreground --kill-after=10 "$tmo" "$dir/py27/bin/wstest" -m fuzzingclient -s "$outdir/spec.json") \
        > "$outdir/wstest.log" 2>&1 || rc=$?
    echo "autobahn_run: wstest exited $rc after $((SECONDS - t0))s"
    if [ "$rc" -ne 0 ]; then
        tail -n 30 "$outdir/wstest.log" >&2
        [ "$rc" -eq 124 ] && echo "autobahn_run: wstest timed out after ${tmo}s" >&2
        return 1
    fi
    grep -E "failed \(|Traceback" "$outdir/wstest.log" >&2 || true

    "$py3" - "$outdir/reports/servers" "$outdir/expected_cases.json" "streamlit_go" "$allowed" <<'PYEOF'
import collections, json, os, sys

repdir, expected_file, agent, allowed = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4].split())
expected = json.load(open(expected_file))
index_path = os.path.join(repdir, "index.json")
try:
    index = json.load(open(index_path))
except (OSError, ValueError) as e:
    print("autobahn: cannot read %s: %s" % (index_path, e))
    sys.exit(1)
results = index.get(agent, {})

def key(cid):
    return tuple(int(x) for x in cid.split("."))

by_beh = collections.Counter(v.get("behavior") for v in results.values())
by_close = collections.Counter(v.get("behaviorClose") for v in results.values())
print("autobahn: %d of %d expected cases reported for agent %s" % (len(results), len(expected), agent))
print("autobahn: behavior counts:      " + ", ".join("%s=%d" % kv for kv in sorted(by_beh.items())))
print("autobahn: behaviorClose counts: " + ", ".join("%s=%d" % kv for kv in sorted(by_close.items())))

bad = []
unimpl = collections.Counter()
for cid in sorted(results, key=key):
    r = results[cid]
    if r.get("behavior") not in allowed or r.get("behaviorClose") not in allowed:
        if r.get("behavior") == "UNIMPLEMENTED":  # 12.*/13.*: no permessage-deflate
            unimpl[cid.split(".")[0] + ".*"] += 1
            continue
        detail = ""
        try:
            rep = json.load(open(os.path.join(repdir, r["reportfile"])))
            detail = " | %s | close: %s" % (rep.get("result", ""), rep.get("resultClose", ""))
            detail = detail.replace("\n", " ")[:300]
        except Exception:
            pass
        bad.append("  %-9s behavior=%s behaviorClose=%s remoteCloseCode=%s%s" % (
            cid, r.get("behavior"), r.get("behaviorClose"), r.get("remoteCloseCode"), detail))
missing = [c for c in expected if c not in results]
nbad = len(bad) + sum(unimpl.values())
if unimpl:
    bad.append("  UNIMPLEMENTED (permessage-deflate not negotiated): " +
               ", ".join("%s x%d" % kv for kv in sorted(unimpl.items())))

if bad:
    print("autobahn: %d case(s) with a verdict outside {%s}:" % (nbad, ", ".join(sorted(allowed))))
    print("\n".join(bad))
if missing:
    print("autobahn: %d case(s) missing from the report (server refused/crashed?): %s%s" % (
        len(missing), " ".join(missing[:40]), " ..." if len(missing) > 40 else ""))
ok = len(results) - nbad
print("autobahn: %s -- %d acceptable, %d not acceptable, %d missing (report: %s)" % (
    "PASS" if not nbad and not missing else "FAIL", ok, nbad, len(missing),
    os.path.join(repdir, "index.html")))
sys.exit(1 if nbad or missing else 0)
PYEOF
}
