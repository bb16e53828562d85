"""Drives the emulator with the PyPI `qradar` client, which builds its whole method table from
`GET /api/help/endpoints?filter=version=<v>&fields=http_method, path` and then calls whatever is listed there.

Method names are the HTTP method plus the path with `/` and `-` turned into `_` and braces dropped
(`get_siem_offenses_offense_id`); path parameters are filled from keyword arguments, which the client also
sends as query parameters (the emulator must ignore the extras).
"""
import requests

from emu_common import TOKEN, URL, VERIFY, check, finish, raw, step
from qradar import QRadar

print(f"qradar (PyPI) against {URL}")
session = requests.Session()
VERSION = "26.0"

step("method table from /help/endpoints")
client = QRadar(URL, TOKEN, VERSION, session, verify=VERIFY)
methods = sorted(name for name in vars(client) if name.startswith(("get_", "post_", "delete_")))
check("get_siem_offenses" in methods, "get_siem_offenses is in the table", methods[:20])
check("post_ariel_searches" in methods, "post_ariel_searches is in the table")
check("get_siem_offenses_offense_id_notes_note_id" in methods, "nested path methods are in the table")
check("post_reference_data_sets_bulk_load_name" in methods, "bulk load is in the table")
status, _, documented = raw("GET", "/api/help/endpoints?filter=" + requests.utils.quote(f"version={VERSION}") + "&fields=http_method,path")
check(status == 200 and len(methods) == len({f"{e['http_method']} {e['path']}" for e in documented}), "one method per documented endpoint", (len(methods), len(documented)))

step("calls through the generated methods")
offenses = client.get_siem_offenses(filter="status != CLOSED", fields="id,offense_source,status", sort="-id")
check(isinstance(offenses, list) and offenses, "offenses listed", offenses)
check(offenses == sorted(offenses, key=lambda o: -o["id"]), "sorted by -id")
offense_id = offenses[0]["id"]
one = client.get_siem_offenses_offense_id(offense_id=offense_id, fields="id,status")
check(one == {"id": offense_id, "status": offenses[0]["status"]}, "one offense by id, path parameter filled", one)
note = client.post_siem_offenses_offense_id_notes(offense_id=offense_id, note_text="from the qradar client")
check(isinstance(note, dict) and note.get("note_text") == "from the qradar client", "note created", note)
types = client.get_siem_offense_types()
check(isinstance(types, list) and any(t.get("name") == "Username" for t in types), "offense types listed", types)
databases = client.get_ariel_databases()
check(databases == ["events", "flows"], "Ariel databases", databases)
columns = client.get_ariel_databases_database_name(database_name="events")
check(isinstance(columns, dict) and isinstance(columns.get("columns"), list) and columns["columns"], "events columns", columns)
search = client.post_ariel_searches(query_expression="SELECT COUNT(*) AS total FROM events LAST 60 MINUTES")
check(isinstance(search, dict) and search.get("search_id"), "search created", search)
waited = session.get(f"{URL}/api/ariel/searches/{search['search_id']}", headers={"Prefer": "wait=10", "SEC": TOKEN, "Version": VERSION})
check(waited.status_code == 200 and waited.json().get("status") == "COMPLETED", "Prefer: wait completes the search", waited.text[:300])
results = client.get_ariel_searches_search_id_results(search_id=search["search_id"])
total = (results.get("events") or [{}])[0].get("total") if isinstance(results, dict) else None
check(isinstance(total, int) and total > 0, "COUNT(*) over the seeded events", results)
servers = client.get_system_servers()
check(isinstance(servers, list) and servers and servers[0].get("status") == "ACTIVE", "system servers", servers)
missing = client.get_siem_offenses_offense_id(offense_id=999999)
check(isinstance(missing, dict) and missing.get("code") == 1002 and missing.get("http_response", {}).get("code") == 404, "404 body is QRadar's JSON", missing)

finish("qradar")
