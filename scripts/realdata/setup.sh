#!/usr/bin/env bash
# Creates the Python environment for scripts/realdata (outside the repository): python-evtx to read EVTX, py7zr to
# unpack the benign archives, pytest for test_convert.py. Needs Python 3.11+ and PyPI.
set -euo pipefail
VENV=${VENV:-/work/data/realdata/.venv}
PY=${PY:-python3}
"$PY" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed"'
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q 'python-evtx==0.8.1' 'py7zr>=0.20' 'pytest>=7'
echo "venv ready: $VENV (use $VENV/bin/python)"
