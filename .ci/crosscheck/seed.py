"""Loads fixtures/seed.jsonl into the emulator through the emulator-only hook POST /__emulator/load and checks
that the default rules turned it into offenses."""
import json
import os

from emu_common import URL, check, finish, raw, step

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "seed.jsonl")
with open(path, "rb") as handle:
    data = handle.read()
lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
expected_events = sum(1 for line in lines if line.get("database", "events") == "events")
expected_flows = len(lines) - expected_events

print(f"seeding {URL} with {path}")
step("POST /__emulator/load?format=jsonl")
status, _, summary = raw("POST", "/__emulator/load?format=jsonl", body=data, content_type="application/x-ndjson")
check(status == 200, "load answered 200", summary)
check(isinstance(summary, dict) and summary.get("rejected") == 0, "no line rejected", summary)
check(isinstance(summary, dict) and summary.get("events") == expected_events and summary.get("flows") == expected_flows,
      f"{expected_events} events and {expected_flows} flow(s) stored", summary)

step("the default rules made offenses")
status, _, offenses = raw("GET", "/api/siem/offenses?fields=id,offense_source,status")
sources = {o.get("offense_source") for o in offenses} if isinstance(offenses, list) else set()
check(status == 200 and {"jdoe", "asmith", "mallory"} <= sources, "AI-finding offenses (jdoe, asmith) and the login-failure offense (mallory)", offenses)
finish("seed")
