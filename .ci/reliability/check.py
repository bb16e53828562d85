#!/usr/bin/env python3
"""Helpers and checks for .ci/reliability.sh (the kill-and-restart test of `vigil serve`).

Standard library only. Subcommands:
  wait-api      wait until the QRadar emulator's REST API answers
  wait-progress wait until the sidecar's store shows ingestion progress (for a SIGKILL mid-stream)
  wait-settled  wait until the sidecar has caught up with QRadar and its write-back queue is empty
  check         the end-of-run checks: exactly-once ingestion, notes, LEEF events, reference sets, audit chain

The sidecar's store is only ever opened read-only (the sidecar may be writing it at the same time).
"""

import argparse
import json
import os
import re
import sqlite3
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PSEUDONYM = re.compile(r"\b(?:u|h|ip|d|e|o)_v\d+_[0-9a-f]{16,}")
MARKER = re.compile(r"\[vigil:([^\]\s]+)\]")
VIGIL_KEY = re.compile(r"vigilKey=([A-Za-z0-9_\-]+)")
VIGIL_SETS = ("vigil_suspicious_users", "vigil_suspicious_ips", "vigil_blocklist_ips")


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------- QRadar (the emulator) over REST


class QRadar:
    def __init__(self, url, token, ca):
        self.url = url.rstrip("/")
        self.token = token
        self.ctx = ssl.create_default_context(cafile=ca)
        # The emulator's certificate names 127.0.0.1 / localhost; keep hostname checks on.

    def request(self, method, path, params=None, headers=None, timeout=60):
        url = self.url + path
        if params:
            url += "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        h = {"SEC": self.token, "Accept": "application/json"}
        h.update(headers or {})
        req = urllib.request.Request(url, method=method, headers=h)
        with urllib.request.urlopen(req, context=self.ctx, timeout=timeout) as r:
            body = r.read()
            return r.status, (json.loads(body) if body else None)

    def get(self, path, params=None, headers=None):
        return self.request("GET", path, params, headers)[1]

    def get_all(self, path, params=None, page=200):
        """Every item of a list endpoint, paged with the Range header the way QRadar pages."""
        out, start = [], 0
        while True:
            items = self.get(path, params, {"Range": "items=%d-%d" % (start, start + page - 1)})
            if not isinstance(items, list):
                raise RuntimeError("%s: expected a list, got %r" % (path, items))
            out.extend(items)
            if len(items) < page:
                return out
            start += page

    def aql(self, query, timeout=120):
        _, search = self.request("POST", "/api/ariel/searches", {"query_expression": query})
        sid = search["search_id"]
        deadline = time.time() + timeout
        while True:
            s = self.get("/api/ariel/searches/" + urllib.parse.quote(sid))
            status = s.get("status")
            if status == "COMPLETED":
                break
            if status in ("ERROR", "CANCELED"):
                raise RuntimeError("AQL failed (%s): %s: %s" % (status, query, s.get("error_messages")))
            if time.time() > deadline:
                raise RuntimeError("AQL timed out: " + query)
            time.sleep(0.1)
        results = self.get("/api/ariel/searches/%s/results" % urllib.parse.quote(sid))
        rows = results.get("events", results.get("flows"))
        if rows is None:
            rows = next((v for v in results.values() if isinstance(v, list)), [])
        try:
            self.request("DELETE", "/api/ariel/searches/" + urllib.parse.quote(sid))
        except Exception:
            pass
        return rows


def qradar_from(args):
    with open(args.token_file) as f:
        token = f.read().strip()
    return QRadar(args.qradar, token, args.ca)


# ---------------------------------------------------------------- the sidecar's store (read-only)


def open_store(path):
    return sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(os.path.abspath(path)), uri=True, timeout=10)


def store_snapshot(path):
    """Progress figures from the store; None while it does not exist or has no schema yet."""
    if not os.path.exists(path):
        return None
    try:
        db = open_store(path)
        try:
            batches, covered_to, ingested = db.execute(
                "SELECT COUNT(*), MAX(json_extract(payload, '$.window.to')), SUM(json_extract(payload, '$.count')) "
                "FROM audit_record WHERE kind = 'input-batch' AND subject LIKE 'ariel:%'").fetchone()
            ledger = dict(db.execute("SELECT state, COUNT(*) FROM write_ledger GROUP BY state").fetchall())
            findings = db.execute("SELECT COUNT(*) FROM finding").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return {"batches": batches or 0, "coveredTo": covered_to, "ingested": ingested or 0, "ledger": ledger,
            "findings": findings}


# ---------------------------------------------------------------- subcommands


def cmd_wait_api(args):
    q = qradar_from(args)
    deadline = time.time() + args.timeout
    last = None
    while time.time() < deadline:
        try:
            q.get("/api/help/versions")
            return 0
        except Exception as e:  # not up yet
            last = e
        time.sleep(0.3)
    log("the emulator's API did not answer within %ss: %s" % (args.timeout, last))
    return 1


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    # A zombie (exited, not yet reaped by the shell) is not alive.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def cmd_wait_progress(args):
    """Waits until the sidecar has read at least `fraction` of [start, now] (by its audited windows) and, with
    --pending-write, until a write-back is pending (so the kill lands between planning and executing a write)."""
    deadline = time.time() + args.timeout
    now_ms = int(time.time() * 1000)
    target = args.start + args.fraction * (now_ms - args.start)
    reached_at = None
    while time.time() < deadline:
        if not pid_alive(args.pid):
            log("the sidecar (pid %d) exited before the kill point" % args.pid)
            return 1
        s = store_snapshot(args.db)
        if s and s["coveredTo"] is not None and s["coveredTo"] >= target:
            if reached_at is None:
                reached_at = time.time()
            pending = s["ledger"].get("pending", 0)
            # Prefer killing with a write pending; give up on that after a while and kill anyway.
            if not args.pending_write or pending > 0 or time.time() - reached_at > args.pending_grace:
                frac = (s["coveredTo"] - args.start) / max(1, now_ms - args.start)
                print(json.dumps({"covered": round(frac, 3), "batches": s["batches"], "ingested": s["ingested"],
                                  "findings": s["findings"], "ledger": s["ledger"]}), flush=True)
                return 0
        time.sleep(0.1)
    log("no progress to %.0f%% within %ss (last: %s)" % (args.fraction * 100, args.timeout, store_snapshot(args.db)))
    return 1


def api_status(url, token):
    req = urllib.request.Request(url.rstrip("/") + "/api/v1/status", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def cmd_wait_settled(args):
    """Caught up: every Ariel source reports a small lag, nothing is pending in the write-back, and the store has not
    changed (events ingested, findings, ledger) for `stable` seconds."""
    with open(args.api_token_file) as f:
        token = f.read().strip()
    deadline = time.time() + args.timeout
    last_key, since = None, time.time()
    status = None
    while time.time() < deadline:
        if not pid_alive(args.pid):
            log("the sidecar (pid %d) exited while catching up" % args.pid)
            return 1
        try:
            status = api_status(args.api, token)
        except Exception:
            status = None
        s = store_snapshot(args.db)
        ok = False
        if status and s:
            ariel = [x for x in status.get("sources", []) if x.get("kind") == "ariel"]
            lags = [x.get("lagMillis") for x in ariel]
            ok = (bool(ariel) and all(l is not None and l <= args.max_lag * 1000 for l in lags)
                  and status.get("writeBack", {}).get("pending", 1) == 0 and s["ledger"].get("pending", 0) == 0)
        # Empty polls keep adding input-batch records (and moving the covered time); what must stand still is
        # what was read, found and written.
        key = json.dumps(s and {k: s[k] for k in ("ingested", "findings", "ledger")}, sort_keys=True)
        if key != last_key or not ok:
            last_key, since = key, time.time()
        elif time.time() - since >= args.stable:
            print(json.dumps({"status": {k: status.get(k) for k in ("sources", "writeBack", "findingsTotal")},
                              "store": s}), flush=True)
            return 0
        time.sleep(0.5)
    log("the sidecar did not settle within %ss; last status: %s; store: %s" % (args.timeout, status, store_snapshot(args.db)))
    return 1


def count(q, database, start, stop):
    # The sidecar's built events query leaves out Vigil's own log source type (its LEEF findings come back through
    # Ariel as conclusions, not evidence: Ingestion's PollPlanner.effectiveFilter), so the count does too.
    where = " WHERE LOGSOURCETYPENAME(devicetype) != 'Vigil'" if database == "events" else ""
    rows = q.aql("SELECT COUNT(*) AS n FROM %s%s START %d STOP %d" % (database, where, start, stop))
    return int(rows[0]["n"]) if rows else -1


def cmd_check(args):
    q = qradar_from(args)
    failures = []
    figures = {}

    def fail(msg):
        failures.append(msg)
        log("FAIL  " + msg)

    def ok(msg):
        log("ok    " + msg)

    db = open_store(args.db)

    # (a) exactly-once ingestion, per Ariel source.
    windows = {}
    per_source = {}
    for subject, payload in db.execute(
            "SELECT subject, payload FROM audit_record WHERE kind = 'input-batch' ORDER BY sequence"):
        p = json.loads(payload)
        src = per_source.setdefault(subject, {"ids": [], "rejected": 0, "batches": 0})
        src["ids"].extend(p.get("eventIDs") or [])
        src["rejected"] += int(p.get("rejected") or 0)
        src["batches"] += 1
        if len(p.get("eventIDs") or []) != int(p.get("count", len(p.get("eventIDs") or []))):
            fail("%s: an input-batch record's count (%s) differs from its ids (%d)" % (subject, p.get("count"), len(p.get("eventIDs") or [])))
        w = p.get("window")
        if w:
            lo, hi = windows.get(subject, (w["from"], w["to"]))
            windows[subject] = (min(lo, w["from"]), max(hi, w["to"]))
    for source, database in (("ariel:events", "events"), ("ariel:flows", "flows")):
        src = per_source.get(source)
        if not src:
            fail("%s: no input-batch records in the audit log" % source)
            continue
        ids = src["ids"]
        dup = len(ids) - len(set(ids))
        if dup:
            counts = {}
            for i in ids:
                counts[i] = counts.get(i, 0) + 1
            sample = [i for i, n in counts.items() if n > 1][:5]
            fail("%s: %d event ids were ingested more than once (e.g. %s)" % (source, dup, ", ".join(sample)))
        else:
            ok("%s: %d event ids ingested, none twice" % (source, len(ids)))
        # QRadar's count over exactly the period the sidecar read: its first window's start to its last window's
        # end. Windows are whole minutes and Ariel rounds STOP up to the end of its minute, so STOP is the window's
        # last millisecond itself.
        lo, hi = windows[source]
        held = count(q, database, lo, hi)
        after = count(q, database, hi + 1, int(time.time() * 1000))
        if args.sim_start is not None:
            # Nothing QRadar holds from before the first window was skipped.
            if lo > args.sim_start:
                fail("%s: the sidecar started reading at %d, after the simulation's start %d" % (source, lo, args.sim_start))
            everything = count(q, database, args.sim_start - 3600_000, hi)
            if everything != held:
                fail("%s: QRadar holds %d %s up to the last window but only %d in the windows the sidecar read (%d..%d)"
                     % (source, everything, database, held, lo, hi))
        figures[source] = {"ingested": len(ids), "unique": len(set(ids)), "rejected": src["rejected"], "qradar": held,
                           "batches": src["batches"], "readFrom": lo, "readTo": hi, "arrivedAfter": after}
        if after:
            log("info  %s: %d %s arrived after the last window read (%d); they are the next run's" % (source, after, database, hi))
        if len(set(ids)) + src["rejected"] == held and dup == 0:
            ok("%s: ingested %d + rejected %d == %d in QRadar (Ariel COUNT(*) over the read period)"
               % (source, len(set(ids)), src["rejected"], held))
        else:
            fail("%s: ingested %d (unique %d) + rejected %d != %d in QRadar — %s"
                 % (source, len(ids), len(set(ids)), src["rejected"], held,
                    "events lost" if len(set(ids)) + src["rejected"] < held else "events counted twice or invented"))

    ledger = db.execute("SELECT key, target, state, payload FROM write_ledger").fetchall()
    by_state = {}
    for _, target, state, _ in ledger:
        by_state.setdefault(target, {}).setdefault(state, 0)
        by_state[target][state] += 1
    figures["ledger"] = by_state
    not_done = [(k, t, s) for k, t, s, _ in ledger if s != "done"]
    if not_done:
        fail("write ledger entries not done at the end: %s" % not_done[:10])
    else:
        ok("write ledger: %d entries, all done (%s)" % (len(ledger), json.dumps(by_state, sort_keys=True)))

    # (b) offense notes: each marker at most once; each done offense-note entry exactly once.
    offenses = q.get_all("/api/siem/offenses", {"fields": "id,description,offense_source,status"})
    markers = {}
    notes_total = 0
    leaked = []
    for o in offenses:
        for n in q.get_all("/api/siem/offenses/%d/notes" % o["id"]):
            notes_total += 1
            text = n.get("note_text") or ""
            for m in MARKER.findall(text):
                markers.setdefault(m, []).append(o["id"])
            m = PSEUDONYM.search(text)
            if m:
                leaked.append("note %s on offense %s: …%s…" % (n.get("id"), o["id"], text[max(0, m.start() - 40):m.end()]))
    twice = {k: v for k, v in markers.items() if len(v) > 1}
    if twice:
        fail("offense notes written more than once: %s" % json.dumps(twice))
    else:
        ok("%d offense notes on %d offenses, every [vigil:<key>] marker once" % (notes_total, len(offenses)))
    note_keys = {k for k, t, s, _ in ledger if t == "offense-note" and s == "done"}
    missing_notes = sorted(note_keys - set(markers))
    if missing_notes:
        fail("%d done offense-note writes have no note in QRadar: %s" % (len(missing_notes), missing_notes[:10]))
    stray = sorted(set(markers) - {k for k, t, _, _ in ledger if t == "offense-note"})
    if stray:
        fail("notes in QRadar with markers the ledger does not know: %s" % stray[:10])
    figures["notes"] = {"offenses": len(offenses), "notes": notes_total, "markers": len(markers), "ledgerDone": len(note_keys)}

    # (c) LEEF events: each vigilKey exactly once in Ariel, as many as the ledger's done leef-event entries.
    lo = min(w[0] for w in windows.values()) if windows else int(time.time() * 1000) - 30 * 86400_000
    rows = q.aql("SELECT UTF8(payload) AS p FROM events WHERE LOGSOURCETYPENAME(devicetype) = 'Vigil' START %d STOP %d"
                 % (lo - 86400_000, int(time.time() * 1000) + 60_000))
    keys = {}
    for r in rows:
        p = r.get("p") or ""
        found = VIGIL_KEY.findall(p)
        if not found:
            fail("a Vigil LEEF event without vigilKey: %s" % p[:200])
        for k in found:
            keys[k] = keys.get(k, 0) + 1
        m = PSEUDONYM.search(p)
        if m:
            leaked.append("LEEF event vigilKey=%s: …%s…" % (found[0] if found else "?", p[max(0, m.start() - 40):m.end()]))
    leef_done = {k for k, t, s, _ in ledger if t == "leef-event" and s == "done"}
    dup_leef = {k: n for k, n in keys.items() if n > 1}
    if dup_leef:
        fail("LEEF events sent more than once: %s" % json.dumps(dup_leef))
    if set(keys) != leef_done:
        fail("LEEF events in QRadar (%d keys) differ from the ledger's done leef-event entries (%d): missing %s, extra %s"
             % (len(keys), len(leef_done), sorted(leef_done - set(keys))[:10], sorted(set(keys) - leef_done)[:10]))
    elif not dup_leef:
        ok("%d Vigil LEEF events in QRadar, each vigilKey once, == %d done leef-event ledger entries" % (len(rows), len(leef_done)))
    figures["leef"] = {"events": len(rows), "keys": len(keys), "ledgerDone": len(leef_done)}
    vigil_offenses = [o for o in offenses if "Vigil" in (o.get("description") or "")]
    figures["notes"]["vigilOffenses"] = len(vigil_offenses)

    # (d) reference sets: every value once, no pseudonym in QRadar, as many values as distinct ledger entries.
    sets = {s["name"]: s for s in q.get_all("/api/reference_data/sets")}
    ref_expected = {}
    for k, t, s, payload in ledger:
        if t != "reference-set-entry" or s != "done" or not payload:
            continue
        w = (json.loads(payload).get("task") or {}).get("write", {}).get("referenceSetEntry") or {}
        if w.get("set"):
            ref_expected.setdefault(w["set"], set()).add(w.get("value"))
    ref_figures = {}
    for name in sorted(set(VIGIL_SETS) | set(ref_expected)):
        if name not in sets:
            if name in ref_expected:
                fail("reference set %s is missing from QRadar (the ledger wrote %d values)" % (name, len(ref_expected[name])))
            continue
        data = q.get("/api/reference_data/sets/" + urllib.parse.quote(name)).get("data") or []
        values = [d.get("value") for d in data]
        if len(values) != len(set(values)):
            fail("reference set %s holds a value more than once: %s" % (name, values))
        for v in values:
            if v and PSEUDONYM.search(str(v)):
                leaked.append("reference set %s value %s" % (name, v))
        want = len(ref_expected.get(name, ()))
        if len(set(values)) != want:
            fail("reference set %s holds %d values; the ledger wrote %d distinct ones" % (name, len(set(values)), want))
        ref_figures[name] = len(values)
    if ref_figures:
        ok("reference sets %s: every value once" % json.dumps(ref_figures, sort_keys=True))
    figures["referenceSets"] = ref_figures
    if leaked:
        fail("pseudonyms leaked into QRadar (%d places): %s" % (len(leaked), "; ".join(leaked[:3])))
    else:
        ok("no pseudonym (u_v1_/h_v1_/ip_v1_…) in QRadar's notes, LEEF events or reference sets")

    # Processing once: every finding decided, and no decision made twice. A campaign's finding is decided once per
    # revision (its payload names the revision) and once more for each offense it is attached to later (other
    # writes), so two decision records with the same finding and the same payload are one decision made twice —
    # what re-processing a batch after a crash would do.
    decisions = {}
    for subject, payload in db.execute("SELECT subject, payload FROM audit_record WHERE kind = 'decision'"):
        p = json.loads(payload)
        key = json.dumps({"mode": p.get("mode"), "revision": p.get("revision"), "writes": p.get("writes")}, sort_keys=True)
        decisions.setdefault(subject, {}).setdefault(key, 0)
        decisions[subject][key] += 1
    finding_ids = [r[0] for r in db.execute("SELECT id FROM finding")]
    undecided = [f for f in finding_ids if not decisions.get(f)]
    repeated = {f: max(d.values()) for f, d in decisions.items() if max(d.values()) > 1}
    if undecided:
        fail("findings without a decision record: %s" % undecided[:10])
    if repeated:
        fail("the same decision recorded more than once (finding: times): %s" % json.dumps(repeated))
    if not undecided and not repeated:
        n = sum(sum(d.values()) for d in decisions.values())
        ok("%d findings, %d decisions (one per finding revision and offense attachment), none made twice" % (len(finding_ids), n))
    outcomes = {}
    for payload, in db.execute("SELECT payload FROM audit_record WHERE kind = 'write-back'"):
        p = json.loads(payload)
        outcomes.setdefault(p.get("key"), []).append(p.get("outcome"))
    done_twice = {k: v for k, v in outcomes.items() if v.count("done") > 1}
    if done_twice:
        fail("writes executed more than once according to the audit log: %s" % json.dumps(done_twice))
    unaudited = sorted(k for k, _, st, _ in ledger if st == "done" and k not in outcomes)
    if unaudited:
        fail("writes done in the ledger without a write-back audit record: %s" % unaudited[:10])
    figures["writeOutcomes"] = {}
    for v in outcomes.values():
        for o in v:
            figures["writeOutcomes"][o] = figures["writeOutcomes"].get(o, 0) + 1
    ok("write-back audit outcomes %s, no write done twice" % json.dumps(figures["writeOutcomes"], sort_keys=True))

    # (e) the audit log's hash chain.
    cmd = [args.vigil, "audit", "verify", "--store", args.db]
    if args.seal_key_file:
        cmd += ["--seal-key-file", args.seal_key_file]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail("vigil audit verify failed (%d): %s %s" % (r.returncode, r.stdout.strip()[-500:], r.stderr.strip()[-500:]))
    else:
        ok("vigil audit verify: %s" % (r.stdout.strip().splitlines() or ["ok"])[-1])
    figures["auditRecords"] = db.execute("SELECT COUNT(*) FROM audit_record").fetchone()[0]

    # (f) the run proves something only if findings were raised and written back.
    findings = db.execute("SELECT COUNT(*) FROM finding").fetchone()[0]
    done = sum(1 for _, _, s, _ in ledger if s == "done")
    figures["findings"] = findings
    figures["writesDone"] = done
    if findings == 0:
        fail("no finding was raised: the run proves nothing about write-back")
    if done == 0 or not leef_done or not note_keys:
        fail("write-back too thin to prove anything: %d writes done (%d LEEF events, %d notes)" % (done, len(leef_done), len(note_keys)))
    if findings and done:
        ok("%d findings, %d writes done" % (findings, done))
    db.close()

    if args.figures:
        with open(args.figures, "w") as f:
            json.dump({"failures": failures, "figures": figures}, f, indent=2, sort_keys=True)
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def qradar_args(p):
        p.add_argument("--qradar", required=True, help="the emulator's base URL")
        p.add_argument("--token-file", required=True)
        p.add_argument("--ca", required=True, help="the emulator's self-signed certificate")

    p = sub.add_parser("wait-api")
    qradar_args(p)
    p.add_argument("--timeout", type=float, default=120)

    p = sub.add_parser("wait-progress")
    p.add_argument("--db", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--start", type=int, required=True, help="epoch ms the sidecar starts reading from")
    p.add_argument("--fraction", type=float, required=True)
    p.add_argument("--pending-write", action="store_true")
    p.add_argument("--pending-grace", type=float, default=20)
    p.add_argument("--timeout", type=float, default=180)

    p = sub.add_parser("wait-settled")
    p.add_argument("--db", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--api", required=True)
    p.add_argument("--api-token-file", required=True)
    p.add_argument("--max-lag", type=float, default=900, help="seconds")
    p.add_argument("--stable", type=float, default=10)
    p.add_argument("--timeout", type=float, default=180)

    p = sub.add_parser("check")
    qradar_args(p)
    p.add_argument("--db", required=True)
    p.add_argument("--vigil", required=True)
    p.add_argument("--seal-key-file")
    p.add_argument("--sim-start", type=int)
    p.add_argument("--figures", help="write the figures (JSON) here")

    args = ap.parse_args()
    return {"wait-api": cmd_wait_api, "wait-progress": cmd_wait_progress, "wait-settled": cmd_wait_settled,
            "check": cmd_check}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
