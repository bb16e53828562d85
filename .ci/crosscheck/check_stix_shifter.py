"""Drives the emulator with IBM's stix-shifter QRadar connector (PyPI `stix-shifter` + `stix-shifter-modules-qradar`).

stix-shifter always speaks HTTPS with hostname checking, sends lower-case `version: 8.0`, `accept`, `sec` headers,
creates searches with a form body (`query_expression=…`), polls status, pages results with `Range`, and deletes
the search. Its translator also turns STIX patterns into AQL, which the emulator must parse and run.
"""
import json
import os
import ssl
import time

from emu_common import CA, HOST, INSECURE, PORT, TOKEN, URL, check, finish, raw, step
from stix_shifter.stix_translation import stix_translation
from stix_shifter.stix_transmission import stix_transmission

print(f"stix-shifter against {URL}")
if not URL.startswith("https://"):
    check(False, "stix-shifter needs the emulator over HTTPS", URL)
    finish("stix-shifter")

if INSECURE:
    # No CA given: trust whatever certificate the emulator presents (it is self-signed).
    certificate = ssl.get_server_certificate((HOST, PORT))
else:
    with open(CA, encoding="utf-8") as handle:
        certificate = handle.read()

connection = {"host": HOST, "port": PORT, "selfSignedCert": certificate, "options": {"timeout": 30}}
configuration = {"auth": {"sec": TOKEN}}
transmission = stix_transmission.StixTransmission("qradar", connection, configuration)

step("ping (GET /api/help/resources)")
ping = transmission.ping()
check(ping.get("success") is True, "ping succeeds", ping)

# What the seed holds, counted from the fixture rather than assumed.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "seed.jsonl"), encoding="utf-8") as handle:
    seed = [json.loads(line) for line in handle if line.strip()]
mallory_events = sum(1 for e in seed if e.get("username") == "mallory" and e.get("database", "events") == "events")
records_with_ip = sum(1 for e in seed if "10.1.2.3" in (e.get("sourceip"), e.get("destinationip")))

step("search created with a form body, polled, paged, deleted")
aql = "SELECT username, sourceip, destinationip, destinationport FROM events WHERE username = 'mallory' LAST 60 MINUTES"
created = transmission.query(aql)
check(created.get("success") is True and created.get("search_id"), "query accepted", created)
search_id = created.get("search_id", "")
status = {}
for _ in range(100):
    status = transmission.status(search_id)
    if status.get("status") != "RUNNING":
        break
    time.sleep(0.1)
check(status.get("success") is True and status.get("status") == "COMPLETED", "status COMPLETED", status)
check(status.get("progress") == 100, "progress 100", status)
first = transmission.results(search_id, 0, 2)
check(first.get("success") is True and len(first.get("data", [])) == 2, "first page of 2 rows", first)
second = transmission.results(search_id, 2, 10)
rows = first.get("data", []) + second.get("data", [])
check(second.get("success") is True and len(rows) == mallory_events, f"all {mallory_events} login failures for mallory across pages", second)
check(all(r.get("username") == "mallory" and r.get("destinationport") == 22 for r in rows), "rows are mallory's ssh failures", rows)
deleted = transmission.delete(search_id)
check(deleted.get("success") is True, "search deleted", deleted)
status_after = raw("GET", f"/api/ariel/searches/{search_id}")
check(status_after[0] == 404 and status_after[2].get("code") == 1002, "deleted search is gone (404/1002)", status_after)

step("a STIX pattern translated to AQL by stix-shifter runs on the emulator")
translation = stix_translation.StixTranslation()
translated = translation.translate("qradar", "query", "{}", "[ipv4-addr:value = '10.1.2.3']", {"time_range": 60})
queries = translated.get("queries", [])
check(bool(queries), "translator produced AQL", translated)
found = 0
for query in queries:
    text = query if isinstance(query, str) else json.dumps(query)
    result = transmission.query(text)
    check(result.get("success") is True, "translated AQL accepted by the emulator", {"aql": text[:300], "result": result})
    if not result.get("success"):
        continue
    for _ in range(100):
        state = transmission.status(result["search_id"])
        if state.get("status") != "RUNNING":
            break
        time.sleep(0.1)
    check(state.get("status") == "COMPLETED", "translated search completed", state)
    page = transmission.results(result["search_id"], 0, 100)
    check(page.get("success") is True, "translated search results read", page)
    found += len(page.get("data", []))
    transmission.delete(result["search_id"])
check(found == records_with_ip, f"the {records_with_ip} events and flows with 10.1.2.3 found through translated AQL", found)

step("error mapping: invalid AQL")
bad = transmission.query("SELECT FROM WHERE")
check(bad.get("success") is False, "invalid AQL is reported as a failure", bad)

finish("stix-shifter")
