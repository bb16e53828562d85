#!/usr/bin/env python3
"""Turns Windows EVTX files into the Ariel `events` rows a QRadar console holds after WinCollect and the
"Microsoft Windows Security Event Log" DSM (which also parses Sysmon), in the JSONL load format of Vigil's simulator
(`Sources/Simulation/Output/ArielJSON.swift`): QRadar's column names at the top level, custom properties under
`properties`, plus an `offset_ms` column (ms since the sample's first event) that the consumer must turn into a
`starttime` inside its window and then drop. See docs/REALDATA.md for the sources and the limits of each mapping.

    convert.py [--raw DIR] [--out DIR] [--benign-cap N]

Reads RAW/attack (mdecrevoisier/EVTX-to-MITRE-Attack layout) and RAW/benign/<set>/*.evtx, writes
OUT/samples/<id>.jsonl, OUT/benign/<name>.jsonl and OUT/manifest.json. Python 3.11; needs python-evtx (setup.sh).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import ipaddress
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"

LOG_SOURCE_TYPE = "Microsoft Windows Security Event Log"
# The DSM parses Sysmon too: "All events, including Sysmon and Winlogbeat.json, are supported" (Juniper JSA DSM guide,
# the OEM edition of IBM's: https://www.juniper.net/documentation/jp/ja/software/jsa7.5.0/jsa-dsm/topics/concept/concept-jsa-configuring-dsm-microsoft-windows-security-event-log.html)

SRC_AUTH = "https://www.ibm.com/docs/en/qsip/7.5?topic=categories-authentication"
SRC_ACCESS = "https://www.ibm.com/docs/en/qsip/7.5?topic=categories-access"
SRC_SYSTEM = "https://www.ibm.com/docs/SSKMKU/com.ibm.qradar.doc/c_qradar_adm_system.html"
SRC_OSQUERY = "https://ibm.com/docs/sr/SS42VS_DSM/com.ibm.dsm.doc/c_dsm_guide_osquery_sample_event_msg.html"
GUESS = "best guess"

# QRadar low-level categories used here: name -> (id or None, severity 0-10 or None, source).
CATEGORIES: dict[str, tuple[int | None, int | None, str]] = {
    "Host Login Succeeded": (3002, 1, SRC_AUTH),
    "Host Login Failed": (3003, 3, SRC_AUTH),
    "Misc Login Succeeded": (3004, 1, SRC_AUTH),
    "Misc Login Failed": (3005, 3, SRC_AUTH),
    "Privilege Escalation Succeeded": (3007, 1, SRC_AUTH),
    "Privilege Escalation Failed": (3006, 3, SRC_AUTH),
    "Auth Server Login Failed": (3010, 3, SRC_AUTH),
    "Auth Server Login Succeeded": (3011, 1, SRC_AUTH),
    "Misc Network Communication Event": (4005, 3, SRC_ACCESS),
    "Access Permitted": (4014, 0, SRC_ACCESS),
    "Access Denied": (4015, 4, SRC_ACCESS),
    "Session Opened": (4016, 1, SRC_ACCESS),
    "Session Closed": (4017, 1, SRC_ACCESS),
    "Unknown System Event": (8001, 1, SRC_SYSTEM),
    "System Boot": (8002, 1, SRC_SYSTEM),
    "System Configuration": (8003, 1, SRC_SYSTEM),
    "System Status": (8006, 1, SRC_SYSTEM),
    "System Error": (8007, 3, SRC_SYSTEM),
    "Misc System Event": (8008, 1, SRC_SYSTEM),
    "Service Started": (8009, 1, SRC_SYSTEM),
    "Service Stopped": (8010, 1, SRC_SYSTEM),
    "Service Failure": (8011, 6, SRC_SYSTEM),
    "Successful Registry Modification": (8012, 1, SRC_SYSTEM),
    "Successful Host-Policy Modification": (8013, 1, SRC_SYSTEM),
    "Successful File Modification": (8014, 1, SRC_SYSTEM),
    "User Account Added": (None, None, SRC_OSQUERY),  # name from IBM's osquery DSM sample; id not found
    # Names not found in IBM's published tables (this session); chosen to read like QRadar's.
    "User Account Changed": (None, None, GUESS),
    "User Account Removed": (None, None, GUESS),
    "Group Member Added": (None, None, GUESS),
    "Group Member Removed": (None, None, GUESS),
    "Process Creation Success": (None, None, GUESS),
    "Service Installed": (None, None, GUESS),
    "Audit Log Cleared": (None, None, GUESS),
}

# Event id -> (title, category on success, category on failure). Titles are Microsoft's event titles
# (learn.microsoft.com "Audit ..." event pages / Sysmon docs); QRadar's QID names for Windows read
# "<Keyword>: <title>" (e.g. "Success Audit: An account was successfully logged on") -- the pattern is a best guess
# from the WinCollect payload IBM shows ("Keywords=Audit Success ... Message=An account was successfully logged on.",
# https://www.ibm.com/docs/zh-tw/dsm?topic=mwsel-microsoft-windows-security-event-log-sample-event-messages).
SECURITY: dict[int, tuple[str, str, str]] = {
    1100: ("The event logging service has shut down", "System Status", "System Status"),
    1102: ("The audit log was cleared", "Audit Log Cleared", "Audit Log Cleared"),
    4608: ("Windows is starting up", "System Boot", "System Boot"),
    4616: ("The system time was changed", "System Configuration", "System Configuration"),
    4624: ("An account was successfully logged on", "Host Login Succeeded", "Host Login Failed"),
    4625: ("An account failed to log on", "Host Login Failed", "Host Login Failed"),
    4634: ("An account was logged off", "Session Closed", "Session Closed"),
    4647: ("User initiated logoff", "Session Closed", "Session Closed"),
    4648: ("A logon was attempted using explicit credentials", "Misc Login Succeeded", "Misc Login Failed"),
    4656: ("A handle to an object was requested", "Access Permitted", "Access Denied"),
    4657: ("A registry value was modified", "Successful Registry Modification", "Access Denied"),
    4658: ("The handle to an object was closed", "Access Permitted", "Access Denied"),
    4661: ("A handle to an object was requested", "Access Permitted", "Access Denied"),
    4662: ("An operation was performed on an object", "Access Permitted", "Access Denied"),
    4663: ("An attempt was made to access an object", "Access Permitted", "Access Denied"),
    4664: ("An attempt was made to create a hard link", "Successful File Modification", "Access Denied"),
    4672: ("Special privileges assigned to new logon", "Privilege Escalation Succeeded", "Privilege Escalation Failed"),
    4673: ("A privileged service was called", "Privilege Escalation Succeeded", "Privilege Escalation Failed"),
    4674: ("An operation was attempted on a privileged object", "Privilege Escalation Succeeded", "Privilege Escalation Failed"),
    4688: ("A new process has been created", "Process Creation Success", "Process Creation Success"),
    4689: ("A process has exited", "Misc System Event", "Misc System Event"),
    4697: ("A service was installed in the system", "Service Installed", "Service Installed"),
    4698: ("A scheduled task was created", "System Configuration", "System Configuration"),
    4699: ("A scheduled task was deleted", "System Configuration", "System Configuration"),
    4700: ("A scheduled task was enabled", "System Configuration", "System Configuration"),
    4701: ("A scheduled task was disabled", "System Configuration", "System Configuration"),
    4702: ("A scheduled task was updated", "System Configuration", "System Configuration"),
    4703: ("A user right was adjusted", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4704: ("A user right was assigned", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4705: ("A user right was removed", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4706: ("A new trust was created to a domain", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4717: ("System security access was granted to an account", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4718: ("System security access was removed from an account", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4719: ("System audit policy was changed", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4720: ("A user account was created", "User Account Added", "User Account Added"),
    4722: ("A user account was enabled", "User Account Changed", "User Account Changed"),
    4723: ("An attempt was made to change an account's password", "User Account Changed", "User Account Changed"),
    4724: ("An attempt was made to reset an account's password", "User Account Changed", "User Account Changed"),
    4725: ("A user account was disabled", "User Account Changed", "User Account Changed"),
    4726: ("A user account was deleted", "User Account Removed", "User Account Removed"),
    4728: ("A member was added to a security-enabled global group", "Group Member Added", "Group Member Added"),
    4729: ("A member was removed from a security-enabled global group", "Group Member Removed", "Group Member Removed"),
    4732: ("A member was added to a security-enabled local group", "Group Member Added", "Group Member Added"),
    4733: ("A member was removed from a security-enabled local group", "Group Member Removed", "Group Member Removed"),
    4738: ("A user account was changed", "User Account Changed", "User Account Changed"),
    4739: ("Domain Policy was changed", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4741: ("A computer account was created", "User Account Added", "User Account Added"),
    4742: ("A computer account was changed", "User Account Changed", "User Account Changed"),
    4743: ("A computer account was deleted", "User Account Removed", "User Account Removed"),
    4756: ("A member was added to a security-enabled universal group", "Group Member Added", "Group Member Added"),
    4757: ("A member was removed from a security-enabled universal group", "Group Member Removed", "Group Member Removed"),
    4765: ("SID History was added to an account", "User Account Changed", "User Account Changed"),
    4768: ("A Kerberos authentication ticket (TGT) was requested", "Auth Server Login Succeeded", "Auth Server Login Failed"),
    4769: ("A Kerberos service ticket was requested", "Auth Server Login Succeeded", "Auth Server Login Failed"),
    4770: ("A Kerberos service ticket was renewed", "Auth Server Login Succeeded", "Auth Server Login Failed"),
    4771: ("Kerberos pre-authentication failed", "Auth Server Login Failed", "Auth Server Login Failed"),
    4776: ("The computer attempted to validate the credentials for an account", "Auth Server Login Succeeded", "Auth Server Login Failed"),
    4778: ("A session was reconnected to a Window Station", "Session Opened", "Session Opened"),
    4779: ("A session was disconnected from a Window Station", "Session Closed", "Session Closed"),
    4781: ("The name of an account was changed", "User Account Changed", "User Account Changed"),
    4794: ("An attempt was made to set the Directory Services Restore Mode administrator password", "User Account Changed", "User Account Changed"),
    4798: ("A user's local group membership was enumerated", "Access Permitted", "Access Denied"),
    4799: ("A security-enabled local group membership was enumerated", "Access Permitted", "Access Denied"),
    4825: ("A user was denied the access to Remote Desktop", "Host Login Failed", "Host Login Failed"),
    4907: ("Auditing settings on object were changed", "Successful Host-Policy Modification", "Successful Host-Policy Modification"),
    4964: ("Special groups have been assigned to a new logon", "Privilege Escalation Succeeded", "Privilege Escalation Failed"),
    5136: ("A directory service object was modified", "System Configuration", "System Configuration"),
    5137: ("A directory service object was created", "System Configuration", "System Configuration"),
    5140: ("A network share object was accessed", "Access Permitted", "Access Denied"),
    5142: ("A network share object was added", "System Configuration", "System Configuration"),
    5143: ("A network share object was modified", "System Configuration", "System Configuration"),
    5145: ("A network share object was checked to see whether client can be granted desired access", "Access Permitted", "Access Denied"),
    5156: ("The Windows Filtering Platform has permitted a connection", "Access Permitted", "Access Denied"),
    5157: ("The Windows Filtering Platform has blocked a connection", "Access Denied", "Access Denied"),
}
SYSMON: dict[int, tuple[str, str]] = {
    1: ("Process creation", "Process Creation Success"),
    2: ("A process changed a file creation time", "Successful File Modification"),
    3: ("Network connection", "Misc Network Communication Event"),
    5: ("Process terminated", "Misc System Event"),
    6: ("Driver loaded", "System Configuration"),
    7: ("Image loaded", "Misc System Event"),
    8: ("CreateRemoteThread", "Misc System Event"),
    10: ("ProcessAccess", "Misc System Event"),
    11: ("FileCreate", "Successful File Modification"),
    12: ("RegistryEvent (Object create and delete)", "Successful Registry Modification"),
    13: ("RegistryEvent (Value Set)", "Successful Registry Modification"),
    14: ("RegistryEvent (Key and Value Rename)", "Successful Registry Modification"),
    17: ("PipeEvent (Pipe Created)", "Misc System Event"),
    18: ("PipeEvent (Pipe Connected)", "Misc System Event"),
    19: ("WmiEvent (WmiEventFilter activity detected)", "System Configuration"),
    20: ("WmiEvent (WmiEventConsumer activity detected)", "System Configuration"),
    21: ("WmiEvent (WmiEventConsumerToFilter activity detected)", "System Configuration"),
    22: ("DNSEvent (DNS query)", "Misc Network Communication Event"),
    23: ("FileDelete (File Delete archived)", "Successful File Modification"),
}
OTHER: dict[tuple[str, int], tuple[str, str]] = {
    ("System", 104): ("The log file was cleared", "Audit Log Cleared"),
    ("System", 7036): ("Service state change", "Service Started"),
    ("System", 7040): ("Service start type changed", "System Configuration"),
    ("System", 7045): ("A service was installed in the system", "Service Installed"),
    ("System", 7000): ("The service failed to start", "Service Failure"),
    ("System", 7009): ("A timeout was reached while waiting for the service to connect", "Service Failure"),
    ("PowerShell", 4103): ("Module logging: executing pipeline", "Misc System Event"),
    ("PowerShell", 4104): ("Script block logging: creating scriptblock text", "Misc System Event"),
    ("PowerShell", 400): ("Engine state is changed from None to Available", "Misc System Event"),
    ("PowerShell", 600): ("Provider is Started", "Misc System Event"),
    ("PowerShell", 800): ("Pipeline execution details", "Misc System Event"),
}

# NTSTATUS codes of 4625/4776 (Status/SubStatus) and Kerberos result codes of 4768/4771 (Microsoft's event pages).
FAILURE_TEXT = {
    "0xc0000064": "user name does not exist", "0xc000006a": "bad password", "0xc000006d": "bad user name or password",
    "0xc000006e": "account restriction", "0xc000006f": "outside allowed hours", "0xc0000070": "unauthorized workstation",
    "0xc0000071": "password expired", "0xc0000072": "account disabled", "0xc0000193": "account expired",
    "0xc0000133": "clocks out of sync", "0xc0000224": "password must change", "0xc0000234": "account locked out",
    "0xc000015b": "logon type not granted", "0xc0000413": "authentication firewall",
    "0x6": "client not found in Kerberos database", "0x12": "client credentials revoked", "0x17": "password expired",
    "0x18": "pre-authentication failed (bad password)", "0x25": "clock skew too great",
}

MAX_TEXT = 8192  # long values (script blocks, task XML) are cut, as a console's payload limit would


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_record_xml(xml: str) -> dict:
    """EVTX record XML (as python-evtx renders it) -> {"system": {...}, "data": {name: value}}."""
    root = ET.fromstring(xml)
    sys_el = root.find(f"{NS}System")
    system: dict[str, str] = {}
    if sys_el is not None:
        for child in sys_el:
            name = _local(child.tag)
            if name == "Provider":
                system["Provider"] = child.get("Name", "")
            elif name == "TimeCreated":
                system["SystemTime"] = child.get("SystemTime", "")
            elif name == "Execution":
                system["ProcessID"] = child.get("ProcessID", "")
            elif name == "Security":
                system["UserID"] = child.get("UserID", "")
            else:
                system[name] = (child.text or "").strip()
    data: dict[str, str] = {}
    ev = root.find(f"{NS}EventData")
    if ev is not None:
        for i, d in enumerate(ev):
            name = d.get("Name") or f"Data{i}"
            data[name] = (d.text or "").strip()
    ud = root.find(f"{NS}UserData")
    if ud is not None:  # e.g. 1102 LogFileCleared, 104: flatten the leaves of its one child
        for el in ud.iter():
            if len(el) == 0 and el is not ud:
                data.setdefault(_local(el.tag), (el.text or "").strip())
    return {"system": system, "data": data}


def parse_time(s: str) -> int:
    """SystemTime ("2021-05-21 20:43:07.085039+00:00" from python-evtx, or ISO "…T…Z") -> epoch ms (UTC)."""
    s = s.strip().replace("T", " ")
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    m = re.match(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d+)?(.*)$", s)
    if not m:
        raise ValueError(f"unparsable time {s!r}")
    frac = (m.group(2) or ".0")[1:7].ljust(6, "0")
    tz = m.group(3) or "+00:00"
    t = dt.datetime.fromisoformat(f"{m.group(1)}.{frac}{tz}")
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp() * 1000)


def _val(d: dict, *names: str) -> str | None:
    for n in names:
        v = d.get(n)
        if v is not None:
            v = v.strip()
            if v and v not in ("-", "N/A", "%%1793"):
                return v
    return None


def _ipv4(v: str | None) -> str | None:
    """QRadar's sourceip/destinationip are IPv4 columns; IPv4-mapped IPv6 is unwrapped, other IPv6 is dropped."""
    if not v:
        return None
    v = v.strip().strip("[]")
    if v.lower().startswith("::ffff:"):
        v = v[7:]
    try:
        ip = ipaddress.ip_address(v)
    except ValueError:
        return None
    if ip.version != 4 or str(ip) == "0.0.0.0":
        return None
    return str(ip)


def _port(v: str | None) -> int | None:
    try:
        p = int(v) if v is not None else None
    except ValueError:
        return None
    return p if p and 0 < p < 65536 else None


def _user_part(v: str | None) -> str | None:
    """Sysmon's "DOMAIN\\user" -> "user"; UPN kept."""
    if not v:
        return None
    return v.rsplit("\\", 1)[-1] or None


def channel_kind(channel: str, provider: str) -> str:
    c = channel.lower()
    if c == "security":
        return "Security"
    if "sysmon" in c:
        return "Sysmon"
    if "powershell" in c:
        return "PowerShell"
    if c == "system":
        return "System"
    return channel or provider or "Unknown"


def choose_user(event_id: int, kind: str, d: dict) -> str | None:
    """The `username` column, per the rules in docs/REALDATA.md (target account for logon/authentication events,
    the acting subject otherwise; Sysmon's User; machine accounts ending in $ are left out as QRadar's default
    "System User Criteria" does)."""
    if kind == "Sysmon":
        u = _user_part(_val(d, "User", "SourceUser"))
    elif kind == "Security" and event_id in (4624, 4625, 4634, 4647, 4672, 4768, 4769, 4770, 4771, 4776, 4778,
                                             4779, 4825, 4964):
        u = _val(d, "TargetUserName", "AccountName", "SubjectUserName")
        if event_id == 4672:
            u = _val(d, "SubjectUserName")
        if event_id in (4778, 4779):
            u = _val(d, "AccountName")
        if event_id in (4768, 4769, 4770) and u and "@" in u:
            u = u.split("@", 1)[0]
    elif kind == "PowerShell":
        u = _user_part(_val(d, "UserId", "User"))
    else:
        u = _val(d, "SubjectUserName", "TargetUserName", "AccountName")
    if u and u.endswith("$"):
        return None
    return u


def to_row(rec: dict, *, event_uid: str) -> dict:
    """One parsed record -> one Ariel events row (without offset_ms)."""
    s, d = rec["system"], rec["data"]
    event_id = int(s.get("EventID", "0") or 0)
    channel = s.get("Channel", "")
    kind = channel_kind(channel, s.get("Provider", ""))
    keywords = s.get("Keywords", "")
    try:
        kw = int(keywords, 16)
    except ValueError:
        kw = 0
    failure = bool(kw & 0x0010000000000000)  # Audit Failure
    status = _val(d, "Status", "FailureCode")
    if kind == "Security" and event_id in (4768, 4769, 4770) and status and status.lower() not in ("0x0", "0"):
        failure = True
    computer = s.get("Computer", "") or None
    t = parse_time(s.get("SystemTime", ""))

    if kind == "Security":
        title, ok_cat, fail_cat = SECURITY.get(event_id, (f"Security event {event_id}", "Misc System Event", "Misc System Event"))
        category = fail_cat if failure else ok_cat
        prefix = "Failure Audit" if failure else ("Success Audit" if kw & 0x0020000000000000 else "Information")
        name = f"{prefix}: {title}"
    elif kind == "Sysmon":
        title, category = SYSMON.get(event_id, (f"Sysmon event {event_id}", "Misc System Event"))
        name = f"Sysmon: {title}"
    else:
        title, category = OTHER.get((kind, event_id), (f"{channel} event {event_id}", "Misc System Event"))
        if kind == "System" and event_id == 7036 and "stopped" in (_val(d, "param2") or "").lower():
            category = "Service Stopped"
        name = f"{kind}: {title}"
    if failure and "fail" not in name.lower():
        name += " (failure)"

    props: dict[str, str] = {"Event ID": str(event_id), "Vigil Event ID": event_uid}
    row: dict = {
        "starttime": t,
        "devicetime": t,
        "qidname": name,
        "categoryname": category,
        "logsourcename": f"WindowsAuthServer @ {computer}" if computer else "WindowsAuthServer",
        "logsourcetypename": LOG_SOURCE_TYPE,
    }
    user = choose_user(event_id, kind, d)
    if user:
        row["username"] = user
    sev = CATEGORIES.get(category, (None, None, ""))[1]
    if sev is not None:
        row["severity"] = sev
    row["eventcount"] = 1

    def put(col: str, *names: str, transform=None) -> None:
        v = _val(d, *names)
        if v is not None:
            if transform:
                v = transform(v)
            if v is not None:
                props[col] = v[:MAX_TEXT] if isinstance(v, str) else str(v)

    # Network fields.
    src_ip = _ipv4(_val(d, "IpAddress", "SourceIp", "SourceAddress", "ClientAddress"))
    dst_ip = _ipv4(_val(d, "DestinationIp", "DestAddress"))
    if src_ip:
        row["sourceip"] = src_ip
    if dst_ip:
        row["destinationip"] = dst_ip
    sp = _port(_val(d, "IpPort", "SourcePort"))
    dp = _port(_val(d, "DestinationPort", "DestPort"))
    if sp:
        row["sourceport"] = sp
    if dp:
        row["destinationport"] = dp
    proto = _val(d, "Protocol")
    if kind == "Sysmon" and proto and proto.lower() in ("tcp", "udp"):
        row["protocolname"] = proto.upper()

    # Hosts: the logging computer is the device; logons happen *on* it (destination), from the workstation (source).
    if computer:
        props["Device"] = computer
    put("Source Host", "WorkstationName", "Workstation", "SourceHostname", "ClientName")
    if kind == "Security" and event_id in (4624, 4625, 4634, 4648, 4672, 4776, 4778, 4779, 5140, 5145) and computer:
        props["Destination Host"] = computer
    put("Destination Host", "DestinationHostname", "TargetServerName")

    # Accounts (raw, before the username rule): QRadar keeps these in the payload; here as properties.
    put("Account Name", "SubjectUserName")
    put("Account Domain", "SubjectDomainName")
    put("Target Username", "TargetUserName", "MemberName")
    put("Target Domain", "TargetDomainName")
    if kind == "Sysmon":
        put("Account Name", "User")

    # Logon / authentication.
    put("Logon Type", "LogonType")
    put("Authentication Package", "AuthenticationPackageName", "PackageName")
    put("Logon Process", "LogonProcessName")
    if status and (failure or event_id in (4625, 4771, 4776)):
        sub = _val(d, "SubStatus")
        code = sub if sub and sub.lower() not in ("0x0", "0") else status
        text = FAILURE_TEXT.get(code.lower())
        props["Failure Reason"] = f"{code} ({text})" if text else code
    put("Status", "Status")
    put("Sub Status", "SubStatus")
    put("Failure Code", "FailureCode")
    put("Ticket Options", "TicketOptions")
    put("Ticket Encryption Type", "TicketEncryptionType")
    if kind == "Security" and event_id in (4768, 4769, 4770, 4771):
        put("Service Name", "ServiceName")

    # Processes.
    if kind == "Security":
        put("Process Path", "NewProcessName", "ProcessName")
        put("Process CommandLine", "CommandLine")
        put("Parent Process Path", "ParentProcessName")
    elif kind == "Sysmon":
        put("Process Path", "Image", "SourceImage")
        put("Process CommandLine", "CommandLine")
        put("Parent Process Path", "ParentImage")
        put("Parent Process CommandLine", "ParentCommandLine")
        put("Target Process Path", "TargetImage")
        put("Granted Access", "GrantedAccess")
        put("Call Trace", "CallTrace")
        put("Image Loaded", "ImageLoaded")
        put("File Hash", "Hashes")
        put("Rule Name", "RuleName")
        put("Pipe Name", "PipeName")
        put("File Path", "TargetFilename")
        put("Registry Key", "TargetObject")
        put("Registry Value", "Details")
        put("Query Name", "QueryName")
        put("URL Host", "QueryName")
        put("Query Results", "QueryResults")
    elif kind == "PowerShell":
        put("Process CommandLine", "ScriptBlockText", "Payload")
        put("Host Application", "HostApplication", "ContextInfo")
        put("Script Path", "Path")

    # Services, tasks, objects, shares, policy, log clearing.
    if not (kind == "Security" and event_id in (4768, 4769, 4770, 4771)):
        put("Service Name", "ServiceName")
    put("Service File Name", "ImagePath", "ServiceFileName")
    put("Service Start Type", "StartType")
    put("Service Account", "AccountName" if event_id == 7045 else "ServiceAccount")
    put("Task Name", "TaskName")
    put("Task Content", "TaskContent", "TaskContentNew")
    put("Object Name", "ObjectName", "ObjectDN")
    put("Object Type", "ObjectType", "ObjectClass")
    put("Object Server", "ObjectServer")
    put("Access Mask", "AccessMask")
    put("Accesses", "AccessList")
    put("Properties", "Properties")
    put("Attribute Name", "AttributeLDAPDisplayName")
    put("Attribute Value", "AttributeValue")
    put("Share Name", "ShareName")
    put("Share Path", "ShareLocalPath")
    put("Relative Target Name", "RelativeTargetName")
    put("Privileges", "PrivilegeList")
    put("Group Name", "TargetUserName" if event_id in (4728, 4729, 4732, 4733, 4756, 4757, 4799) else "GroupName")
    put("Audit Policy Category", "CategoryId")
    put("Audit Policy Subcategory", "SubcategoryId", "SubcategoryGuid")
    put("Audit Policy Changes", "AuditPolicyChanges")
    if event_id in (1102, 104):
        put("Log Name", "Channel", "BackupPath")
        put("Account Name", "SubjectUserName")
    resource = _val(d, "TargetFilename", "ObjectName", "TaskName", "ServiceName", "ShareName", "TargetObject")
    if resource and "Resource" not in props:
        props["Resource"] = resource[:MAX_TEXT]
    props["Outcome"] = "failure" if failure else "success"

    # Payload: a WinCollect-like key=value line (the real one carries Windows' rendered message text instead).
    head = (f"AgentDevice=WindowsLog AgentLogFile={channel} Source={s.get('Provider', '')} Computer={computer or ''} "
            f"EventID={event_id} Keywords={'Audit Failure' if failure else keywords} RecordNumber={s.get('EventRecordID', '')}")
    body = " ".join(f"{k}={v}" for k, v in d.items() if v)
    row["payload"] = (head + " " + body)[:MAX_TEXT]
    row["properties"] = props
    return row


def read_evtx(path: Path) -> list[dict]:
    """All records of an EVTX file, parsed; a record that cannot be read is skipped and counted."""
    import Evtx.Evtx as evtx  # python-evtx
    out: list[dict] = []
    bad = 0
    with evtx.Evtx(str(path)) as log:
        for r in log.records():
            try:
                out.append(parse_record_xml(r.xml()))
            except Exception:  # noqa: BLE001 - a corrupt record must not stop the file
                bad += 1
    if bad:
        print(f"  {path.name}: {bad} unreadable records skipped", file=sys.stderr)
    return out


def rows_for(records: list[dict], uid_prefix: str, cap: int | None = None) -> list[dict]:
    rows = []
    for rec in records:
        s = rec["system"]
        uid = f"{uid_prefix}:{s.get('Channel', '')}:{s.get('EventRecordID', '')}"
        try:
            rows.append(to_row(rec, event_uid=uid))
        except ValueError:
            continue
    rows.sort(key=lambda r: (r["starttime"], r["properties"]["Vigil Event ID"]))
    if cap is not None:
        rows = rows[:cap]
    if rows:
        t0 = rows[0]["starttime"]
        for r in rows:
            r["offset_ms"] = r["starttime"] - t0
    return rows


def entities(rows: list[dict]) -> dict:
    users, hosts, ips = set(), set(), set()
    for r in rows:
        p = r["properties"]
        if r.get("username"):
            users.add(r["username"])
        for k in ("Account Name", "Target Username"):
            v = p.get(k)
            if v and not v.endswith("$") and v.upper() not in ("SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "ANONYMOUS LOGON"):
                users.add(_user_part(v))
        for k in ("Device", "Source Host", "Destination Host"):
            if p.get(k):
                hosts.add(p[k])
        for k in ("sourceip", "destinationip"):
            if r.get(k):
                ips.add(r[k])
    return {"users": sorted(u for u in users if u), "hosts": sorted(hosts), "ips": sorted(ips)}


TECH_RE = re.compile(r"^(T\d{4})(?:\.(\d{3}|x{3}))?\s*-\s*(.*)$")
TACTIC_RE = re.compile(r"^(TA\d{4})-(.*)$")
# Files of the repo's EVTX_full_APT_attack_steps folder carry no technique in their path: assigned by hand.
FULL_CHAIN = {
    "PSexec": ("T1569.002", "System Services: Service Execution"),
    "Eternal Romance": ("T1210", "Exploitation of Remote Services"),
    "print spool privileges": ("T1068", "Exploitation for Privilege Escalation"),
    "PrintNightmare": ("T1068", "Exploitation for Privilege Escalation"),
    "ATexec": ("T1053.005", "Scheduled Task/Job: Scheduled Task"),
    "WMIexec": ("T1047", "Windows Management Instrumentation"),
    "Fortinet": ("T1136", "Create Account"),
    "DCshadow": ("T1207", "Rogue Domain Controller"),
    "SAM the admin": ("T1068", "Exploitation for Privilege Escalation"),
    "Encrypted payload": ("T1569.002", "System Services: Service Execution"),
    "DonPAPI": ("T1555", "Credentials from Password Stores"),
}


def classify(rel: Path) -> dict | None:
    parts = rel.parts
    if parts[0] == "EVTX_full_APT_attack_steps":
        for key, (tid, tname) in FULL_CHAIN.items():
            if key.lower() in rel.name.lower():
                return {"tactic_id": None, "tactic": "Full attack chain (several tactics)",
                        "technique_id": tid, "technique": tname}
        return None
    if len(parts) < 3:
        return None
    ta, te = TACTIC_RE.match(parts[0]), TECH_RE.match(parts[1])
    if not ta or not te:
        return None
    tid = te.group(1) + (f".{te.group(2)}" if te.group(2) else "")
    return {"tactic_id": ta.group(1), "tactic": ta.group(2).strip(), "technique_id": tid,
            "technique": te.group(3).strip()}


def split_for(parent_ids: list[str]) -> dict[str, str]:
    """Sorted parent technique ids alternate tune, report, tune, … (all samples of a technique share a half)."""
    return {t: ("tune" if i % 2 == 0 else "report") for i, t in enumerate(sorted(set(parent_ids)))}


def sample_id(rel: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", rel.with_suffix("").as_posix()).strip("-").lower()
    h = hashlib.sha1(rel.as_posix().encode()).hexdigest()[:8]
    return f"{stem[:80].rstrip('-')}-{h}"


def iso(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", default=os.environ.get("RAW", "/work/data/realdata/raw"))
    ap.add_argument("--out", default=os.environ.get("OUT", "/work/data/realdata/dataset"))
    ap.add_argument("--benign-cap", type=int, default=20000, help="rows kept per benign file (the first N by time)")
    a = ap.parse_args(argv)
    raw, out = Path(a.raw), Path(a.out)
    attack_root = raw / "attack"
    files = sorted(p for p in attack_root.rglob("*.evtx"))
    if not files:
        print(f"convert.py: no EVTX under {attack_root}; run fetch.sh first", file=sys.stderr)
        return 1

    pending, skipped = [], []
    for p in files:
        rel = p.relative_to(attack_root)
        info = classify(rel)
        if info is None:
            skipped.append({"source": rel.as_posix(), "reason": "no ATT&CK technique in its path"})
            continue
        try:
            rows = rows_for(read_evtx(p), f"real:{sample_id(rel)}")
        except Exception as e:  # noqa: BLE001
            skipped.append({"source": rel.as_posix(), "reason": f"unreadable: {e}"})
            continue
        if not rows:
            skipped.append({"source": rel.as_posix(), "reason": "no events"})
            continue
        pending.append((rel, info, rows))

    splits = split_for([i["technique_id"].split(".")[0] for _, i, _ in pending])
    samples = []
    for rel, info, rows in pending:
        sid = sample_id(rel)
        write_jsonl(out / "samples" / f"{sid}.jsonl", rows)
        ids = {}
        for r in rows:
            ids[r["properties"]["Event ID"]] = ids.get(r["properties"]["Event ID"], 0) + 1
        samples.append({
            "id": sid,
            "file": f"samples/{sid}.jsonl",
            "source": rel.as_posix(),
            **info,
            "technique_parent": info["technique_id"].split(".")[0],
            "split": splits[info["technique_id"].split(".")[0]],
            "events": len(rows),
            "event_ids": dict(sorted(ids.items(), key=lambda kv: int(kv[0]))),
            "first_time": iso(rows[0]["starttime"]),
            "last_time": iso(rows[-1]["starttime"]),
            "duration_ms": rows[-1]["starttime"] - rows[0]["starttime"],
            "entities": entities(rows),
        })

    benign = []
    broot = raw / "benign"
    for p in sorted(broot.rglob("*.evtx")) if broot.exists() else []:
        rel = p.relative_to(broot)
        name = re.sub(r"[^A-Za-z0-9]+", "-", rel.with_suffix("").as_posix()).strip("-").lower()
        try:
            recs = read_evtx(p)
        except Exception as e:  # noqa: BLE001
            print(f"  benign {rel}: unreadable ({e})", file=sys.stderr)
            continue
        rows = rows_for(recs, f"benign:{name}", cap=a.benign_cap)
        if not rows:
            continue
        write_jsonl(out / "benign" / f"{name}.jsonl", rows)
        benign.append({"name": name, "file": f"benign/{name}.jsonl", "source": rel.as_posix(), "label": "benign",
                       "events": len(rows), "events_in_file": len(recs), "capped": len(recs) > len(rows),
                       "first_time": iso(rows[0]["starttime"]), "last_time": iso(rows[-1]["starttime"]),
                       "entities": entities(rows)})

    commits = {}
    for k, d in (("attack", raw / "attack"), ("benign", raw / "benign" / ".archives")):
        c = d / ".commit"
        if c.exists():
            commits[k] = c.read_text().strip()
    manifest = {
        "format": "vigil.realdata.v1",
        "row_format": "Ariel events rows, JSONL, emulator load format (docs/REALDATA.md)",
        "sources": {
            "attack": {"repository": "mdecrevoisier/EVTX-to-MITRE-Attack", "license": "CC0-1.0",
                       "commit": commits.get("attack")},
            "benign": {"repository": "AndrewRathbun/DFIRArtifactMuseum", "paths": "Windows/EventLogs/Win10|Win11/RathbunVM",
                       "commit": commits.get("benign")},
        },
        "split_rule": "parent technique ids (Txxxx) sorted ascending alternate tune, report, tune, ...",
        "benign_cap_rows_per_file": a.benign_cap,
        "samples": samples,
        "benign": benign,
        "skipped": skipped,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    n_ev = sum(s["events"] for s in samples)
    print(f"{len(samples)} attack samples ({n_ev} events), {len(benign)} benign files "
          f"({sum(b['events'] for b in benign)} events), {len(skipped)} skipped -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
