"""Drives the emulator with qradar4py (PyPI `qradar4py`, ryukisec/qradar4py), as an integration would.

qradar4py sends `Version: 13.1`, `Accept: application/json`, `SEC: <token>`, puts `Range` in a header and
everything else in the query string, and returns (status, json) for every call.
"""
import time

from emu_common import TOKEN, URL, VERIFY, check, finish, step
from qradar4py.api import QRadarApi

api = QRadarApi(URL + "/", TOKEN, version="13.1", verify=VERIFY)
print(f"qradar4py against {URL}")

step("list offenses with a filter, Range, sort and fields")
status, offenses = api.siem.get_offenses(
    Range="items=0-49", filter="status=OPEN and offense_source is not null", sort="+id",
    fields="id,status,offense_source,description,rules(id,type)",
)
check(status == 200, "GET /siem/offenses answers 200", status)
check(isinstance(offenses, list) and len(offenses) >= 2, "at least two open offenses from the seed", offenses)
sources = {o.get("offense_source") for o in offenses} if isinstance(offenses, list) else set()
check("jdoe" in sources, "the AI-finding offense indexed on username jdoe is there", sources)
check(all(set(o) <= {"id", "status", "offense_source", "description", "rules"} for o in offenses), "fields projection applied")
check(offenses == sorted(offenses, key=lambda o: o["id"]), "sorted by +id")
ai = next((o for o in offenses if o.get("offense_source") == "jdoe"), None)
check(ai is not None and {"id": 100100, "type": "CRE_RULE"} in ai.get("rules", []), "offense carries the Vigil AI finding rule", ai)

status, first = api.siem.get_offenses(Range="items=0-0")
check(status == 200 and isinstance(first, list) and len(first) == 1, "Range items=0-0 returns one offense", first)

status, error = api.siem.get_offenses(filter="id >")
check(status == 422 and isinstance(error, dict) and error.get("code") == 1010, "invalid filter is 422/1010", error)

step("close an offense with a closing reason")
status, reasons = api.siem.get_offense_closing_reasons()
check(status == 200 and isinstance(reasons, list) and reasons, "closing reasons listed", reasons)
reason_text = f"Closed by qradar4py {int(time.time() * 1000)}"
status, created = api.siem.post_offense_closing_reasons(reason=reason_text)
check(status == 201 and isinstance(created, dict) and created.get("text") == reason_text, "new closing reason created (201)", created)
reason_id = created.get("id") if isinstance(created, dict) else None
offense_id = ai["id"] if ai else offenses[0]["id"]
status, closed = api.siem.post_offenses_by_offense_id(offense_id, status="CLOSED", closing_reason_id=reason_id)
check(status == 200 and isinstance(closed, dict) and closed.get("status") == "CLOSED", "offense closed (200)", closed)
check(isinstance(closed, dict) and closed.get("closing_reason_id") == reason_id, "closing_reason_id recorded", closed)
check(isinstance(closed, dict) and str(closed.get("closing_user", "")).startswith("API_user: "), "closing_user is the token's API_user", closed)
status, again = api.siem.get_offenses_by_offense_id(offense_id, fields="id,status,close_time")
check(status == 200 and again.get("status") == "CLOSED" and again.get("close_time"), "re-read shows CLOSED with close_time", again)

step("add and read a note")
text = "qradar4py cross-check note: looked at it"
status, note = api.siem.post_offenses_notes_by_offense_id(offense_id, note_text=text)
check(status == 201 and isinstance(note, dict) and note.get("note_text") == text, "note created (201)", note)
check(isinstance(note, dict) and str(note.get("username", "")).startswith("API_user: "), "note username is API_user", note)
status, notes = api.siem.get_offenses_notes_by_offense_id(offense_id, Range="items=0-49")
check(status == 200 and any(n.get("note_text") == text for n in notes), "note listed", notes)
if isinstance(note, dict) and "id" in note:
    status, one = api.siem.get_offenses_offense_id_notes_by_note_id(offense_id, note["id"])
    check(status == 200 and one.get("id") == note["id"], "note read by id", one)

step("run an Ariel search to completion and read its results")
status, search = api.ariel.post_searches(
    query_expression="SELECT username, sourceip, QIDNAME(qid) AS qid_name FROM events WHERE username = 'jdoe' LAST 60 MINUTES"
)
check(status == 201 and isinstance(search, dict) and search.get("search_id"), "search created (201)", search)
search_id = search.get("search_id") if isinstance(search, dict) else ""
state = search.get("status") if isinstance(search, dict) else None
for _ in range(60):
    status, info = api.ariel.get_searches_by_search_id(search_id, Prefer="wait=2")
    state = info.get("status") if isinstance(info, dict) else None
    if state == "COMPLETED" or status not in (200, 206):
        break
check(state == "COMPLETED", "search completed", state)
status, results = api.ariel.get_searches_results_by_search_id(search_id, Range="items=0-9")
rows = results.get("events") if isinstance(results, dict) else None
check(status == 200 and isinstance(rows, list) and len(rows) == 2, "two jdoe events returned", results)
check(all(r.get("username") == "jdoe" and r.get("qid_name") == "Vigil AI Finding" for r in rows or []), "rows carry the aliased QID name", rows)
status, canceled = api.ariel.post_searches_by_search_id(search_id, status="CANCELED")
check(status in (200, 409), "cancel answers 200 (or 409 once complete)", canceled)
status, deleted = api.ariel.delete_searches_by_search_id(search_id)
check(status == 202, "search deleted (202)", deleted)

step("create a reference set and add to it")
name = f"qradar4py set {int(time.time() * 1000)}"
status, ref = api.referencedata.post_sets(name=name, element_type="IP", timeout_type="LAST_SEEN", time_to_live="7 days")
check(status == 201 and isinstance(ref, dict) and ref.get("name") == name, "reference set created (201)", ref)
status, ref = api.referencedata.post_sets_by_name(name, value="10.1.2.3", source="qradar4py")
check(status == 200 and ref.get("number_of_elements") == 1, "value added (200)", ref)
status, ref = api.referencedata.post_sets_bulk_load_by_name(name, data=["10.1.2.4", "10.1.2.5"])
check(status == 200 and ref.get("number_of_elements") == 3, "bulk load added two more (200)", ref)
status, ref = api.referencedata.get_sets_by_name(name)
values = sorted(d.get("value") for d in ref.get("data", [])) if isinstance(ref, dict) else []
check(status == 200 and values == ["10.1.2.3", "10.1.2.4", "10.1.2.5"], "set data read back", ref)
status, ref = api.referencedata.delete_sets_name_by_value(name, "10.1.2.4")
check(status == 200 and ref.get("number_of_elements") == 2, "value deleted (200)", ref)
status, task = api.referencedata.delete_sets_by_name(name)
check(status == 202 and isinstance(task, dict) and "id" in task, "set deletion accepted as a task (202)", task)

step("help, versions, log sources, assets")
status, versions = api.help.get_versions()
check(status == 200 and any(v.get("version") == "13.1" for v in versions), "13.1 is a listed version", None)
status, log_sources = api.config.get_event_sources_log_source_management_log_sources(Range="items=0-9")
check(status == 200 and isinstance(log_sources, list) and log_sources, "log sources listed", log_sources)
status, assets = api.assetmodel.get_assets()
check(status == 200 and isinstance(assets, list), "assets listed", assets)

finish("qradar4py")
