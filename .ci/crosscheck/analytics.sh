#!/usr/bin/env bash
# Runs Vigil's models beside the published libraries on the same data, side by side in one run:
#   forecasting (Holt-Winters)        vs statsmodels' ExponentialSmoothing   (forecast_statsmodels.py)
#   privileged command sequences      vs msticpy's anomalous_sequence        (sequences_msticpy.py)
#   isolation forest                  vs scikit-learn's IsolationForest       (iforest_sklearn.py)
# Usage: analytics.sh VIGIL_BINARY WORK_DIR
# The comparisons are reports (printed tables); a script fails only on broken input or a failed install.
set -euo pipefail
vigil="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.ci/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
export VIGIL_VENV_PYTHON="$venv/bin/python"
mkdir -p "$work"

echo "-- forecasting: Vigil vs seasonal naive vs statsmodels"
"$vigil" crosscheck forecast --out "$work/forecast"
"$VIGIL_VENV_PYTHON" "$here/forecast_statsmodels.py" "$work/forecast"

echo "-- privileged command sequences: Vigil vs msticpy"
"$vigil" crosscheck sequences --out "$work/sequences"
"$VIGIL_VENV_PYTHON" "$here/sequences_msticpy.py" "$work/sequences"

if [ -f "$here/iforest_sklearn.py" ]; then
  echo "-- isolation forest: Vigil vs scikit-learn"
  "$vigil" crosscheck iforest --out "$work/iforest"
  "$VIGIL_VENV_PYTHON" "$here/iforest_sklearn.py" "$work/iforest"
fi
