#!/usr/bin/env bash
# Cross-checks a running QRadar emulator with real third-party QRadar clients (qradar4py, IBM stix-shifter, the
# PyPI `qradar` client). The emulator must already be running; tell the scripts where with:
#   VIGIL_EMU_URL   e.g. https://127.0.0.1:8443        (required)
#   VIGIL_EMU_TOKEN a SEC token the emulator accepts     (required)
#   VIGIL_EMU_CA    its PEM certificate, or "insecure"  (optional; default insecure)
#   VIGIL_EMU_HOST / VIGIL_EMU_PORT                      (optional; taken from the URL)
# The scripts change the emulator's state (they close an offense, add notes and reference sets), so run them
# once against a freshly started emulator. Exit status: 0 when every script passed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.ci/.venv"

: "${VIGIL_EMU_URL:?VIGIL_EMU_URL must name the running emulator}"
: "${VIGIL_EMU_TOKEN:?VIGIL_EMU_TOKEN must be a token the emulator accepts}"
export VIGIL_EMU_CA="${VIGIL_EMU_CA:-insecure}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "crosscheck: cannot create $venv"; exit 1; }
fi
# Pinned so a new client release cannot change the verdict unnoticed.
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    "qradar4py==3.0" "qradar==0.0.4" "requests>=2.31" \
    "stix-shifter==8.1.3" "stix-shifter-utils==8.1.3" "stix-shifter-modules-qradar==8.1.3" \
    || { echo "crosscheck: pip install failed"; exit 1; }

cd "$here"
if ! "$venv/bin/python" seed.py; then
    echo "crosscheck: seeding the emulator failed"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0
failed=0
failures=()
for script in check_qradar4py.py check_stix_shifter.py check_qradar_client.py; do
    echo "== $script"
    if timeout 600 "$venv/bin/python" "$script"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures+=("$script")
    fi
done

echo "crosscheck: ${failures[*]:-no} failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
