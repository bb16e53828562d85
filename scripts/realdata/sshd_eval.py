#!/usr/bin/env python3
"""Real sshd logs through `vigil replay --format syslog`: which attacking source addresses Vigil flags.

    scripts/realdata/sshd_eval.py VIGIL LOG [LOG ...]

For each log, the script counts per source address what the log itself says (failed attempts, distinct accounts
tried, successful logins) with its own small reading of the lines, independent of Vigil's parser, then runs the log
through Vigil (the same normalization as the sidecar's syslog listener, the same triage core) and reports, per group
of sources, how many Vigil flagged (a `credential-attack` signal, or any signal or finding whose entity is the
address). There are no labels in these logs; the groups are:

  * attacking: 5 or more failed attempts and no successful login (internet scanners guessing passwords);
  * probing:   1-4 failed attempts and no successful login;
  * benign:    at least one successful login (flags here are false positives, unless the login followed an attack).
"""
import collections
import json
import re
import subprocess
import sys

FAILED = re.compile(r"(?:Failed \S+ for (?:invalid user )?(?P<u1>\S+) from (?P<ip1>[0-9a-fA-F.:]+))"
                    r"|(?:authentication failure;.*rhost=(?P<ip2>\S+)(?:\s+user=(?P<u2>\S+))?)")
ACCEPTED = re.compile(r"Accepted \S+ for (?P<u>\S+) from (?P<ip>[0-9a-fA-F.:]+)")
REPEAT = re.compile(r"message repeated (\d+) times")


def read_log(path):
    sources = collections.defaultdict(lambda: {"failed": 0, "accounts": set(), "accepted": 0})
    sshd_failed_seen = False
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    # sshd logs a failed password twice (its own line and PAM's); count sshd's own lines when the log has them.
    sshd_failed_seen = any("Failed password" in l or "Failed publickey" in l for l in lines)
    for line in lines:
        n = int(REPEAT.search(line).group(1)) if REPEAT.search(line) else 1
        m = ACCEPTED.search(line)
        if m:
            sources[m.group("ip")]["accepted"] += 1
            continue
        m = FAILED.search(line)
        if not m:
            continue
        if m.group("ip2") and sshd_failed_seen and "sshd" in line:
            continue
        ip = m.group("ip1") or m.group("ip2")
        user = m.group("u1") or m.group("u2") or "?"
        sources[ip]["failed"] += n
        sources[ip]["accounts"].add(user)
    return len(lines), sources


def run_vigil(vigil, path):
    r = subprocess.run([vigil, "replay", "--input", path, "--format", "syslog", "--json"], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit("vigil replay failed: %s" % r.stderr[-2000:])
    flagged = collections.defaultdict(list)
    for line in r.stdout.splitlines():
        if not line.startswith("{"):
            continue
        s = json.loads(line)
        ids = [s["entity"]["id"]] + [e["id"] for e in s.get("related", [])]
        for i in ids[:1]:
            flagged[i].append((s["detector"], s["technique"], round(s["score"], 2)))
    summary = r.stderr.strip().splitlines()[0] if r.stderr.strip() else ""
    return flagged, summary


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    vigil = sys.argv[1]
    for path in sys.argv[2:]:
        n, sources = read_log(path)
        flagged, summary = run_vigil(vigil, path)
        print("== %s (%d lines)" % (path, n))
        print("   vigil: %s" % summary)
        groups = collections.OrderedDict((g, {"n": 0, "flagged": 0, "credential": 0}) for g in ("attacking", "probing", "benign"))
        rows = []
        for ip, s in sources.items():
            g = "benign" if s["accepted"] else ("attacking" if s["failed"] >= 5 else "probing")
            f = flagged.get(ip, [])
            cred = any(d == "credential-attack" for d, _, _ in f)
            groups[g]["n"] += 1
            groups[g]["flagged"] += 1 if f else 0
            groups[g]["credential"] += 1 if cred else 0
            rows.append((s["failed"], ip, g, len(s["accounts"]), s["accepted"], f))
        print("   %-10s %8s %8s %18s" % ("group", "sources", "flagged", "credential-attack"))
        for g, c in groups.items():
            print("   %-10s %8d %8d %18d" % (g, c["n"], c["flagged"], c["credential"]))
        print("   sources by failed attempts (failed, address, group, accounts, logins, Vigil's signals):")
        for failed, ip, g, accounts, accepted, f in sorted(rows, key=lambda r: -r[0])[:25]:
            print("   %6d  %-40s %-9s %4d %3d  %s" % (failed, ip, g, accounts, accepted,
                                                    ", ".join("%s %s %.2f" % (d, t or "", sc) for d, t, sc in f[:3]) or "-"))


if __name__ == "__main__":
    main()
