"""Shared helpers for the cross-checks: where the emulator is, how to trust it, and a strict checker.

Environment (set by .ci/run or by hand):
  VIGIL_EMU_URL    base URL, e.g. https://127.0.0.1:8443 (required)
  VIGIL_EMU_HOST   host (default: taken from the URL)
  VIGIL_EMU_PORT   port (default: taken from the URL)
  VIGIL_EMU_TOKEN  an authorized-service token the emulator accepts (required)
  VIGIL_EMU_CA     PEM certificate to trust; empty, "insecure" or "0" turns verification off
"""
import json
import os
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

URL = os.environ.get("VIGIL_EMU_URL", "").rstrip("/")
if not URL:
    sys.exit("VIGIL_EMU_URL is not set")
_parsed = urllib.parse.urlparse(URL)
HOST = os.environ.get("VIGIL_EMU_HOST") or _parsed.hostname
PORT = int(os.environ.get("VIGIL_EMU_PORT") or _parsed.port or (443 if _parsed.scheme == "https" else 80))
TOKEN = os.environ.get("VIGIL_EMU_TOKEN", "")
if not TOKEN:
    sys.exit("VIGIL_EMU_TOKEN is not set")
_ca = os.environ.get("VIGIL_EMU_CA", "")
INSECURE = _ca in ("", "insecure", "0", "false")
CA = None if INSECURE else _ca
# What `requests`' verify= takes: a CA bundle path, or False.
VERIFY = False if INSECURE else CA
if CA:
    # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a Session's own `verify` (clients such as the
    # PyPI `qradar` package set `session.verify`), so point them at the emulator's certificate too.
    os.environ["REQUESTS_CA_BUNDLE"] = CA
    os.environ.pop("CURL_CA_BUNDLE", None)

_failures = []


def step(text):
    print(f"  - {text}", flush=True)


def check(condition, what, detail=None):
    """Records a mismatch (and prints it) without stopping, so one run reports every problem."""
    if condition:
        print(f"    ok: {what}", flush=True)
    else:
        message = f"    MISMATCH: {what}" + (f" -- {detail!r}"[:600] if detail is not None else "")
        print(message, flush=True)
        _failures.append(what)
    return condition


def finish(name):
    if _failures:
        print(f"{name}: {len(_failures)} mismatch(es)", flush=True)
        sys.exit(1)
    print(f"{name}: all checks passed", flush=True)


def ssl_context():
    if URL.startswith("http://"):
        return None
    if INSECURE:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    return ssl.create_default_context(cafile=CA)


def raw(method, path, body=None, headers=None, content_type=None):
    """A plain stdlib request to the emulator; returns (status, headers, parsed JSON or text)."""
    request = urllib.request.Request(URL + path, data=body, method=method)
    request.add_header("SEC", TOKEN)
    request.add_header("Accept", "application/json")
    if content_type:
        request.add_header("Content-Type", content_type)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, context=ssl_context(), timeout=60) as response:
            status, response_headers, data = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, response_headers, data = error.code, dict(error.headers), error.read()
    try:
        return status, response_headers, json.loads(data)
    except ValueError:
        return status, response_headers, data.decode("utf-8", "replace")


def is_qradar_error(body, status):
    return (
        isinstance(body, dict)
        and set(body) == {"message", "details", "description", "code", "http_response"}
        and body.get("details") == {}
        and isinstance(body.get("http_response"), dict)
        and body["http_response"].get("code") == status
    )
