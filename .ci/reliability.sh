#!/usr/bin/env bash
# Reliability test of `vigil serve`: kill the sidecar mid-stream (SIGKILL) and restart it, twice, then let it catch
# up and stop it with SIGTERM. Afterwards no event may be lost or counted twice, and no offense note, LEEF event or
# reference-set value may exist twice in QRadar (the QRadar emulator).
#
#   .ci/reliability.sh [path/to/vigil]      (default .build/debug/vigil)
#
# Needs python3 (standard library only). Runs in about 2 minutes on 2 cores with a debug build (up to ~4.5 when a
# kill lands while a LEEF event is in flight: the sidecar re-checks it in Ariel only after a 2-minute settle time).
# Keeps its working directory (logs, store, emulator state) when it fails, or always with KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
vigil="${1:-.build/debug/vigil}"
case "$vigil" in /*) ;; *) vigil="$root/$vigil" ;; esac
[ -x "$vigil" ] || { echo "reliability: no vigil binary at $vigil" >&2; exit 2; }
checker="$root/.ci/reliability/check.py"
work="$(mktemp -d /tmp/vigil-reliability.XXXXXX)"
began=$(date +%s)

EMU_PID=""
SERVE_PID=""
result="FAIL"

stop_pid() {  # stop_pid PID: SIGTERM, then SIGKILL after 10 s; reaps it
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = "Z" ] && break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  stop_pid "$SERVE_PID"
  stop_pid "$EMU_PID"
  if [ "$result" = "PASS" ] && [ "${KEEP:-0}" != "1" ]; then
    rm -rf "$work"
  else
    echo "reliability: working directory kept: $work" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '[reliability %3ss] %s\n' "$(( $(date +%s) - began ))" "$*"; }
die() {
  say "FAIL: $*"
  for f in "$work"/serve-*.log "$work/emulator.log"; do
    [ -f "$f" ] || continue
    echo "---- last lines of $(basename "$f")" >&2
    grep -v '^\s*$' "$f" | tail -n 15 | cut -c1-400 >&2
  done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
hex32() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

# ---------------------------------------------------------------- 1. the simulated enterprise
now_ms=$(python3 -c 'import time; print(int(time.time() * 1000))')
start_ms=$(( now_ms / 3600000 * 3600000 - 9 * 86400000 ))
start_iso=$(python3 -c "import datetime, sys; print(datetime.datetime.fromtimestamp($start_ms / 1000, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))")
say "simulating 60 people over 9 days from $start_iso (seed 5)"
"$vigil" simulate --users 60 --days 9 --seed 5 --start "$start_iso" --out "$work/sim" > "$work/simulate.log" 2>&1 \
  || die "vigil simulate failed"
sim_events=$(wc -l < "$work/sim/ariel/events.jsonl")
sim_flows=$(wc -l < "$work/sim/ariel/flows.jsonl")
say "simulated $sim_events events and $sim_flows flows"

# ---------------------------------------------------------------- 2. the QRadar emulator
api_port=$(free_port)
syslog_port=$(free_port)
sidecar_port=$(free_port)
mkdir -p "$work/secrets"
chmod 700 "$work/secrets"
umask 077
python3 -c 'import secrets; print("rel-" + secrets.token_hex(16), end="")' > "$work/secrets/qradar.token"
hex32 > "$work/secrets/pseudonym.key"
hex32 > "$work/secrets/vault.key"
hex32 > "$work/secrets/audit-seal.key"
umask 022
qradar="https://127.0.0.1:$api_port"
cert="$work/emulator/emulator-cert.pem"
VIGIL_EMULATOR_TOKEN="$(cat "$work/secrets/qradar.token")" "$vigil" emulate --data "$work/emulator" --port "$api_port" \
  --syslog-port "$syslog_port" --load "$work/sim/ariel/events.jsonl" --load "$work/sim/ariel/flows.jsonl" \
  > "$work/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 1 240); do
  [ -f "$cert" ] && break
  kill -0 "$EMU_PID" 2>/dev/null || die "the emulator exited"
  sleep 0.5
done
[ -f "$cert" ] || die "the emulator wrote no certificate"
python3 "$checker" wait-api --qradar "$qradar" --token-file "$work/secrets/qradar.token" --ca "$cert" --timeout 120 \
  || die "the emulator's API did not come up"
say "QRadar emulator up at $qradar (syslog tcp $syslog_port)"

# ---------------------------------------------------------------- 3. the sidecar's configuration
lookback_h=$(( (now_ms - start_ms) / 3600000 + 2 ))
write_config() {  # write_config FILE WITH_ADMIN_TOKEN
  {
    cat <<EOF
# Written by .ci/reliability.sh
qradar:
  url: $qradar
  token_file: secrets/qradar.token
  ca_bundle: $cert
  timeout: 30s
  syslog:
    host: 127.0.0.1
    port: $syslog_port
    transport: tcp
sources:
  - name: events
    database: events
    max_window: 3h
    poll_interval: 2s
    ingestion_delay: 0s
    initial_lookback: ${lookback_h}h
  - name: flows
    database: flows
    max_window: 3h
    poll_interval: 2s
    ingestion_delay: 0s
    initial_lookback: ${lookback_h}h
offenses:
  enabled: true
  poll_interval: 2s
rollout:
  mode: autonomous
  autonomous_use_cases: [beaconing, lateral-movement, log-source-health, privileged-sequence, behaviour.time, behaviour.location, behaviour.identity, behaviour.access, behaviour.volume, behaviour.failure, behaviour.novelty, peer-groups, isolation-forest]
  min_autonomous_confidence: 0
privacy:
  keys:
    - version: 1
      secret_file: secrets/pseudonym.key
  vault_key_file: secrets/vault.key
storage:
  url: sqlite:sidecar.db
api:
  host: 127.0.0.1
  port: $sidecar_port
EOF
    [ "$2" = yes ] && echo "  admin_token_file: secrets/admin.token"
    cat <<EOF
audit:
  seal_key_file: secrets/audit-seal.key
analytics:
  warmup: 7d
EOF
  } > "$1"
}
# The bootstrap admin token must be a Vigil token, and `vigil token issue` needs a configuration naming the store:
# issue it with a configuration without admin_token_file, then name the file in the real one.
write_config "$work/issue.yaml" no
( umask 077; "$vigil" token issue --config "$work/issue.yaml" --name reliability-admin --role admin \
    > "$work/secrets/admin.token" 2> "$work/token.log" ) || { cat "$work/token.log" >&2; die "vigil token issue failed"; }
grep -q '^vgl_' "$work/secrets/admin.token" || die "vigil token issue printed no token"
write_config "$work/sidecar.yaml" yes
# `serve --check` validates the configuration and connectivity. Its verdict is shown but not required: it checks
# each source's AQL with the mapping's custom properties as configured, while `serve` itself leaves out those the
# console does not define (the emulator has no Latitude/Longitude), so it can fail where `serve` runs fine.
if "$vigil" serve --config "$work/sidecar.yaml" --check > "$work/check-config.log" 2>&1; then
  say "configuration checked (autonomous, all use cases, max_window 3h, look-back ${lookback_h}h)"
else
  grep -q '^The configuration has problems' "$work/check-config.log" && { cat "$work/check-config.log" >&2; die "the configuration was refused"; }
  say "warning: vigil serve --check reported: $(grep '^FAIL' "$work/check-config.log" | cut -c1-200 | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- 4. run, SIGKILL, restart (twice), then catch up
run=0
start_serve() {
  run=$((run + 1))
  "$vigil" serve --config "$work/sidecar.yaml" > "$work/serve-$run.log" 2>&1 &
  SERVE_PID=$!
  say "run $run: vigil serve started (pid $SERVE_PID)"
}
kill_serve() {  # kill_serve WHAT: SIGKILL mid-stream
  local rc=0
  kill -KILL "$SERVE_PID" 2>/dev/null || die "run $run: the sidecar was already gone before the kill"
  wait "$SERVE_PID" 2>/dev/null || rc=$?   # (2>/dev/null: no "Killed" job notice)
  [ "$rc" -eq 137 ] || die "run $run: expected the SIGKILLed sidecar to end with 137, got $rc"
  SERVE_PID=""
  say "run $run: SIGKILL at $1"
}
db="$work/sidecar.db"
read_from=$(( now_ms - lookback_h * 3600000 ))

start_serve
kill1=$(python3 "$checker" wait-progress --db "$db" --pid "$SERVE_PID" --start "$read_from" --fraction 0.35 --timeout 180) \
  || die "run 1 made no progress"
kill_serve "$kill1"

start_serve
kill2=$(python3 "$checker" wait-progress --db "$db" --pid "$SERVE_PID" --start "$read_from" --fraction 0.75 \
          --pending-write --pending-grace 25 --timeout 180) || die "run 2 made no progress"
kill_serve "$kill2"

start_serve
# Up to 300 s: a LEEF event that was in flight at the kill is looked up in Ariel only after the write-back's settle
# time (2 minutes) before it is resent or marked done.
settled=$(python3 "$checker" wait-settled --db "$db" --pid "$SERVE_PID" --api "http://127.0.0.1:$sidecar_port" \
            --api-token-file "$work/secrets/admin.token" --max-lag 900 --stable 10 --timeout 300) \
  || die "run $run did not catch up"
say "run $run: caught up: $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(json.dumps(d["store"], sort_keys=True))' "$settled")"

# A graceful stop must finish within 30 s with exit code 0.
kill -TERM "$SERVE_PID"
term_began=$(date +%s.%N)
for _ in $(seq 1 300); do
  [ "$(awk '{print $3}' "/proc/$SERVE_PID/stat" 2>/dev/null || echo gone)" != "Z" ] \
    && [ -d "/proc/$SERVE_PID" ] || break
  sleep 0.1
done
term_secs=$(python3 -c "import time; print('%.1f' % (time.time() - $term_began))")
if [ -d "/proc/$SERVE_PID" ] && [ "$(awk '{print $3}' "/proc/$SERVE_PID/stat" 2>/dev/null)" != "Z" ]; then
  touch "$work/term-timeout"
  kill -KILL "$SERVE_PID" 2>/dev/null || true
fi
rc=0
wait "$SERVE_PID" || rc=$?
SERVE_PID=""
[ -f "$work/term-timeout" ] && die "run $run: the sidecar did not stop within 30 s of SIGTERM"
[ "$rc" -eq 0 ] || die "run $run: SIGTERM ended the sidecar with exit code $rc (expected 0)"
if grep -q 'Fatal error\|Program crashed' "$work"/serve-*.log; then
  die "a sidecar run crashed (see the logs)"
fi
say "run $run: SIGTERM -> exit 0 after ${term_secs}s"
kill -0 "$EMU_PID" 2>/dev/null || die "the emulator died during the test"

# ---------------------------------------------------------------- 5. the checks
say "checking QRadar and the store"
set +e
python3 "$checker" check --qradar "$qradar" --token-file "$work/secrets/qradar.token" --ca "$cert" --db "$db" \
  --vigil "$vigil" --seal-key-file "$work/secrets/audit-seal.key" --sim-start "$start_ms" --figures "$work/figures.json"
check_rc=$?
set -e
elapsed=$(( $(date +%s) - began ))
python3 - "$work/figures.json" "$kill1" "$kill2" "$elapsed" "$check_rc" <<'EOF'
import json, sys
path, k1, k2, elapsed, rc = sys.argv[1:]
try:
    d = json.load(open(path))
except Exception:
    d = {"failures": ["the checker wrote no figures"], "figures": {}}
f = d["figures"]
k1, k2 = json.loads(k1), json.loads(k2)
print("")
print("==== reliability summary: %s (%ss)" % ("PASS" if rc == "0" and not d["failures"] else "FAIL", elapsed))
print("kills:   2 x SIGKILL, at %.0f%% read (%d findings, ledger %s) and at %.0f%% read (%d findings, ledger %s); then SIGTERM -> exit 0"
      % (k1["covered"] * 100, k1["findings"], k1["ledger"], k2["covered"] * 100, k2["findings"], k2["ledger"]))
for s in ("ariel:events", "ariel:flows"):
    x = f.get(s)
    if x:
        print("%-13s ingested %d (unique %d) + rejected %d vs %d in QRadar, %d input batches"
              % (s + ":", x["ingested"], x["unique"], x["rejected"], x["qradar"], x["batches"]))
print("findings: %s; writes done: %s; ledger: %s" % (f.get("findings"), f.get("writesDone"), json.dumps(f.get("ledger"), sort_keys=True)))
if "notes" in f:
    print("notes:    %(notes)d on %(offenses)d offenses (%(vigilOffenses)d raised by Vigil's LEEF events), %(markers)d markers, %(ledgerDone)d in the ledger" % f["notes"])
if "leef" in f:
    print("LEEF:     %(events)d events in Ariel, %(keys)d distinct vigilKeys, %(ledgerDone)d in the ledger" % f["leef"])
print("ref sets: %s" % json.dumps(f.get("referenceSets"), sort_keys=True))
print("audit:    %s records; write-back outcomes %s" % (f.get("auditRecords"), json.dumps(f.get("writeOutcomes"), sort_keys=True)))
for m in d["failures"]:
    print("FAIL: " + m)
EOF
if [ "$check_rc" -ne 0 ]; then
  exit 1
fi
result="PASS"
say "PASS"
