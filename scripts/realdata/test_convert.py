"""Field-mapping tests for convert.py on hand-written EVTX XML (no downloaded data): python -m pytest scripts/realdata"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import convert  # noqa: E402


def xml(event_id, data, channel="Security", provider="Microsoft-Windows-Security-Auditing",
        keywords="0x8020000000000000", computer="dc01.lab.local", time="2021-05-21 20:43:07.085039+00:00",
        record=42, userdata=None):
    items = "".join(f'<Data Name="{k}">{v}</Data>' for k, v in data.items())
    body = f"<UserData>{userdata}</UserData>" if userdata else f"<EventData>{items}</EventData>"
    return (f'<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'
            f'<Provider Name="{provider}"></Provider><EventID Qualifiers="">{event_id}</EventID>'
            f'<Keywords>{keywords}</Keywords><TimeCreated SystemTime="{time}"></TimeCreated>'
            f'<EventRecordID>{record}</EventRecordID><Channel>{channel}</Channel><Computer>{computer}</Computer>'
            f'<Security UserID=""></Security></System>{body}</Event>')


def row(x):
    return convert.to_row(convert.parse_record_xml(x), event_uid="t:1")


def test_4624_target_user_network_fields_and_time():
    r = row(xml(4624, {"SubjectUserName": "DC01$", "TargetUserName": "alice", "TargetDomainName": "LAB",
                       "LogonType": "3", "AuthenticationPackageName": "NTLM", "WorkstationName": "WS07",
                       "IpAddress": "::ffff:10.0.0.5", "IpPort": "50123"}))
    assert r["starttime"] == r["devicetime"] == 1621629787085
    assert r["username"] == "alice"
    assert r["sourceip"] == "10.0.0.5" and r["sourceport"] == 50123
    assert r["qidname"] == "Success Audit: An account was successfully logged on"
    assert r["categoryname"] == "Host Login Succeeded"
    assert r["logsourcetypename"] == "Microsoft Windows Security Event Log"
    assert r["logsourcename"] == "WindowsAuthServer @ dc01.lab.local"
    p = r["properties"]
    assert p["Event ID"] == "4624" and p["Logon Type"] == "3" and p["Authentication Package"] == "NTLM"
    assert p["Source Host"] == "WS07" and p["Destination Host"] == "dc01.lab.local"
    assert p["Outcome"] == "success" and r["eventcount"] == 1


def test_4625_failure_reason_from_substatus_and_dash_ip():
    r = row(xml(4625, {"TargetUserName": "bob", "Status": "0xc000006d", "SubStatus": "0xc000006a", "IpAddress": "-",
                       "LogonType": "3"}, keywords="0x8010000000000000"))
    assert r["categoryname"] == "Host Login Failed"
    assert r["qidname"].startswith("Failure Audit:")
    assert r["properties"]["Failure Reason"] == "0xc000006a (bad password)"
    assert r["properties"]["Outcome"] == "failure"
    assert "sourceip" not in r


def test_machine_accounts_are_not_usernames():
    r = row(xml(4624, {"TargetUserName": "FS01$", "LogonType": "3"}))
    assert "username" not in r
    assert r["properties"]["Target Username"] == "FS01$"


def test_4688_process_fields_subject_user():
    r = row(xml(4688, {"SubjectUserName": "carol", "NewProcessName": "C:\\Windows\\System32\\cmd.exe",
                       "CommandLine": "cmd /c whoami", "ParentProcessName": "C:\\Windows\\explorer.exe",
                       "TargetUserName": "-"}))
    p = r["properties"]
    assert r["username"] == "carol"
    assert p["Process Path"].endswith("cmd.exe") and p["Process CommandLine"] == "cmd /c whoami"
    assert p["Parent Process Path"].endswith("explorer.exe")


def test_sysmon_1_and_3_and_10_and_13_and_22():
    sysmon = dict(channel="Microsoft-Windows-Sysmon/Operational", provider="Microsoft-Windows-Sysmon",
                  keywords="0x8000000000000000")
    r = row(xml(1, {"Image": "C:\\a.exe", "CommandLine": "a.exe -x", "ParentImage": "C:\\p.exe",
                    "ParentCommandLine": "p.exe", "User": "LAB\\dave"}, **sysmon))
    assert r["username"] == "dave" and r["qidname"] == "Sysmon: Process creation"
    assert r["properties"]["Parent Process CommandLine"] == "p.exe"
    r = row(xml(3, {"Image": "C:\\a.exe", "Protocol": "tcp", "SourceIp": "10.1.1.1", "SourcePort": "49800",
                    "DestinationIp": "198.51.100.7", "DestinationPort": "443", "DestinationHostname": "c2.example"},
                **sysmon))
    assert (r["sourceip"], r["sourceport"], r["destinationip"], r["destinationport"], r["protocolname"]) == \
        ("10.1.1.1", 49800, "198.51.100.7", 443, "TCP")
    assert r["properties"]["Destination Host"] == "c2.example"
    r = row(xml(10, {"SourceImage": "C:\\m.exe", "TargetImage": "C:\\Windows\\System32\\lsass.exe",
                     "GrantedAccess": "0x1010"}, **sysmon))
    assert r["properties"]["Target Process Path"].endswith("lsass.exe") and r["properties"]["Granted Access"] == "0x1010"
    r = row(xml(13, {"TargetObject": "HKLM\\SYSTEM\\x", "Details": "DWORD (0x00000001)"}, **sysmon))
    assert r["categoryname"] == "Successful Registry Modification"
    assert r["properties"]["Registry Key"] == "HKLM\\SYSTEM\\x" and r["properties"]["Registry Value"].startswith("DWORD")
    r = row(xml(22, {"QueryName": "evil.example"}, **sysmon))
    assert r["properties"]["Query Name"] == "evil.example"


def test_services_tasks_kerberos_objects_policy():
    r = row(xml(7045, {"ServiceName": "PSEXESVC", "ImagePath": "%SystemRoot%\\PSEXESVC.exe", "AccountName": "LocalSystem"},
                channel="System", provider="Service Control Manager", keywords="0x8080000000000000"))
    assert r["properties"]["Service Name"] == "PSEXESVC" and r["properties"]["Service File Name"].endswith("PSEXESVC.exe")
    assert r["qidname"] == "System: A service was installed in the system"
    r = row(xml(4697, {"SubjectUserName": "eve", "ServiceName": "x", "ServiceFileName": "C:\\x.exe"}))
    assert r["properties"]["Service File Name"] == "C:\\x.exe" and r["username"] == "eve"
    r = row(xml(4698, {"SubjectUserName": "eve", "TaskName": "\\Updater"}))
    assert r["properties"]["Task Name"] == "\\Updater"
    r = row(xml(4769, {"TargetUserName": "frank@LAB.LOCAL", "ServiceName": "MSSQLSvc", "TicketOptions": "0x40810000",
                       "TicketEncryptionType": "0x17", "Status": "0x0", "IpAddress": "::ffff:10.0.0.9"}))
    assert r["username"] == "frank" and r["properties"]["Ticket Encryption Type"] == "0x17"
    assert r["categoryname"] == "Auth Server Login Succeeded" and r["properties"]["Service Name"] == "MSSQLSvc"
    r = row(xml(4768, {"TargetUserName": "ghost", "Status": "0x6"}, keywords="0x8010000000000000"))
    assert r["categoryname"] == "Auth Server Login Failed"
    assert r["properties"]["Failure Reason"] == "0x6 (client not found in Kerberos database)"
    r = row(xml(4662, {"SubjectUserName": "mallory", "ObjectName": "%{19195a5b}", "AccessMask": "0x100",
                       "Properties": "{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}"}))
    assert r["properties"]["Access Mask"] == "0x100" and "1131f6aa" in r["properties"]["Properties"]
    r = row(xml(4719, {"SubjectUserName": "mallory", "SubcategoryGuid": "{0cce9215}", "AuditPolicyChanges": "%%8448"}))
    assert r["categoryname"] == "Successful Host-Policy Modification"
    assert r["properties"]["Audit Policy Changes"] == "%%8448"


def test_log_cleared_userdata():
    ud = ('<LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog">'
          '<SubjectUserSid>S-1-5-21-1</SubjectUserSid><SubjectUserName>admin</SubjectUserName>'
          '<SubjectDomainName>LAB</SubjectDomainName></LogFileCleared>')
    r = row(xml(1102, {}, provider="Microsoft-Windows-Eventlog", userdata=ud))
    assert r["username"] == "admin" and r["categoryname"] == "Audit Log Cleared"


def test_rows_offsets_and_split_and_classify():
    recs = [convert.parse_record_xml(xml(4624, {"TargetUserName": "a"}, time=t, record=i))
            for i, t in enumerate(["2021-05-21 20:43:09.000000+00:00", "2021-05-21T20:43:07.5Z"])]
    rows = convert.rows_for(recs, "s")
    assert [r["offset_ms"] for r in rows] == [0, 1500]
    s = convert.split_for(["T1003", "T1110", "T1003", "T1047"])
    assert s == {"T1003": "tune", "T1047": "report", "T1110": "tune"}
    c = convert.classify(Path("TA0006-Credential Access/T1110.xxx-Brut force/ID4625-x.evtx"))
    assert c["tactic_id"] == "TA0006" and c["technique_id"] == "T1110.xxx" and c["technique"] == "Brut force"
    assert convert.classify(Path("Antivirus/x.evtx")) is None
