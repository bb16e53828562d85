#!/usr/bin/env python3
"""Compares Vigil's forecasting backtest with statsmodels' ExponentialSmoothing on the same series and split.

Usage: forecast_statsmodels.py DIR
  DIR holds what `vigil crosscheck forecast --out DIR` (ForecastCrossCheck.write) wrote:
  series.csv, forecasts.csv, metrics.csv, meta.json.

Environment:
  VIGIL_VENV_PYTHON  the Python whose pip installs statsmodels (default: this interpreter), e.g. .ci/.venv/bin/python

statsmodels is installed from PyPI with `python -m pip install statsmodels` when it is missing. The comparison is
a report, not a test: the script exits non-zero only when the input is missing or broken (or statsmodels cannot
be installed), and prints one table with MAPE / MASE for Vigil, seasonal naive (lag 24 and 168) and statsmodels'
Holt-Winters variants fitted on the same training split.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import warnings


def fail(message):
    print(f"forecast cross-check: {message}", file=sys.stderr)
    sys.exit(2)


def ensure_statsmodels():
    try:
        import statsmodels  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("VIGIL_CROSSCHECK_REEXEC") == "1":
        fail("statsmodels is still missing after installing it")
    python = shutil.which(os.environ.get("VIGIL_VENV_PYTHON") or sys.executable) or sys.executable
    print(f"installing statsmodels with {python} -m pip ...", flush=True)
    r = subprocess.run([python, "-m", "pip", "install", "-q", "statsmodels"], capture_output=True, text=True)
    if r.returncode != 0:
        fail("pip install statsmodels failed:\n" + r.stderr[-2000:])
    # A venv's python is a symlink to the same binary, so compare the paths themselves, not what they resolve to.
    if os.path.abspath(python) != os.path.abspath(sys.executable):
        # Installed into another interpreter: run this script again there.
        os.environ["VIGIL_CROSSCHECK_REEXEC"] = "1"
        os.execv(python, [python] + sys.argv)
    import importlib
    importlib.invalidate_caches()


def read_inputs(directory):
    paths = {n: os.path.join(directory, n) for n in ("series.csv", "forecasts.csv", "metrics.csv", "meta.json")}
    for name, path in paths.items():
        if not os.path.isfile(path):
            fail(f"{path} is missing (run `vigil crosscheck forecast --out {directory}` first)")
    try:
        with open(paths["meta.json"]) as f:
            meta = json.load(f)
        train_hours = int(meta["train_hours"])
        test_hours = int(meta["test_hours"])
        m = int(meta["mase_seasonality"])
    except (ValueError, KeyError, TypeError) as e:
        fail(f"meta.json is broken: {e}")
    series = {}
    with open(paths["series.csv"], newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                name, hour, value, split = row["series"], int(row["hour"]), float(row["value"]), row["split"]
            except (KeyError, ValueError, TypeError) as e:
                fail(f"series.csv line {line} is broken: {e}")
            if not math.isfinite(value) or split not in ("train", "test"):
                fail(f"series.csv line {line} has a bad value or split")
            s = series.setdefault(name, {})
            s[hour] = (value, split)
    forecasts = {}
    with open(paths["forecasts.csv"], newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                forecasts.setdefault(row["series"], []).append(
                    (int(row["hour"]), float(row["actual"]), float(row["vigil"]), float(row["vigil_lower"]), float(row["vigil_upper"]),
                     float(row["snaive24"]), float(row["snaive168"])))
            except (KeyError, ValueError, TypeError) as e:
                fail(f"forecasts.csv line {line} is broken: {e}")
    swift_metrics = {}
    with open(paths["metrics.csv"], newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                swift_metrics[(row["series"], row["model"])] = (float(row["mape"]), float(row["mase"]))
            except (KeyError, ValueError, TypeError) as e:
                fail(f"metrics.csv line {line} is broken: {e}")
    out = []
    for name, points in series.items():
        hours = sorted(points)
        if hours != list(range(len(hours))):
            fail(f"series {name} has gaps in its hours")
        values = [points[h][0] for h in hours]
        train = [points[h][0] for h in hours if points[h][1] == "train"]
        if len(train) != train_hours or len(values) < train_hours + test_hours:
            fail(f"series {name}: expected {train_hours} training and {test_hours} test hours, got {len(train)} and {len(values) - len(train)}")
        rows = sorted(forecasts.get(name, []))
        if len(rows) != test_hours:
            fail(f"forecasts.csv has {len(rows)} rows for {name}, expected {test_hours}")
        for (hour, actual, *_rest) in rows:
            if abs(actual - values[hour]) > 1e-6:
                fail(f"forecasts.csv actual for {name} hour {hour} does not match series.csv")
        out.append((name, values[:train_hours], values[train_hours:train_hours + test_hours], rows))
    return meta, m, out, swift_metrics


def mae(actual, forecast):
    return sum(abs(a - f) for a, f in zip(actual, forecast)) / len(actual)


def mape(actual, forecast):
    terms = [abs((a - f) / a) for a, f in zip(actual, forecast) if a != 0]
    return 100 * sum(terms) / len(terms) if terms else float("nan")


def mase(actual, forecast, train, m):
    scale = sum(abs(train[t] - train[t - m]) for t in range(m, len(train))) / (len(train) - m)
    return mae(actual, forecast) / scale if scale > 0 else float("nan")


def statsmodels_forecasts(train, horizon):
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    variants = [
        ("SM add/24", dict(trend=None, seasonal="add", seasonal_periods=24)),
        ("SM add/168", dict(trend=None, seasonal="add", seasonal_periods=168)),
        ("SM trend+add/168", dict(trend="add", seasonal="add", seasonal_periods=168)),
    ]
    out = {}
    for label, kwargs in variants:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = ExponentialSmoothing(train, initialization_method="estimated", **kwargs).fit(optimized=True)
                out[label] = [max(0.0, float(v)) for v in fit.forecast(horizon)]
        except Exception as e:  # a failed fit is part of the report, not a broken input
            print(f"  {label} failed to fit: {e}")
            out[label] = None
    return out


def main():
    if len(sys.argv) != 2:
        fail("usage: forecast_statsmodels.py DIR")
    directory = sys.argv[1]
    meta, m, series, swift_metrics = read_inputs(directory)
    ensure_statsmodels()
    import statsmodels

    print(f"Forecast cross-check: Vigil vs seasonal naive vs statsmodels {statsmodels.__version__} ExponentialSmoothing")
    print(f"  same split: train {meta['train_hours']} h, test {meta['test_hours']} h; MASE scaled by in-sample lag-{m} seasonal naive; "
          "cells are MAPE % / MASE")
    labels = ["Vigil", "naive 24", "naive 168", "SM add/24", "SM add/168", "SM trend+add/168"]
    width = 18
    print("  " + "series".ljust(16) + "".join(label.ljust(width) for label in labels) + "best")
    totals = {label: [] for label in labels}
    mismatches = []
    for name, train, test, rows in series:
        cols = {
            "Vigil": [r[2] for r in rows],
            "naive 24": [r[5] for r in rows],
            "naive 168": [r[6] for r in rows],
        }
        cols.update(statsmodels_forecasts(train, len(test)))
        cells, scores = [], {}
        for label in labels:
            f = cols.get(label)
            if f is None:
                cells.append("n/a".ljust(width))
                continue
            a, s = mape(test, f), mase(test, f, train, m)
            scores[label] = s
            totals[label].append(s)
            cells.append(f"{a:.1f}% / {s:.2f}".ljust(width))
        # Vigil's own metrics must match the recomputation (same definitions on both sides).
        sw = swift_metrics.get((name, "vigil"))
        if sw and (abs(sw[0] - mape(test, cols["Vigil"])) > 1e-6 or abs(sw[1] - mase(test, cols["Vigil"], train, m)) > 1e-6):
            mismatches.append(name)
        best = min(scores, key=scores.get) if scores else "n/a"
        print("  " + name.ljust(16) + "".join(cells) + best)
    print("  " + "mean MASE".ljust(16) + "".join(
        (f"{sum(v) / len(v):.2f}" if v else "n/a").ljust(width) for v in (totals[label] for label in labels)))
    coverage = []
    for _name, _train, test, rows in series:
        coverage.append(sum(1 for r in rows if r[3] <= r[1] <= r[4]) / len(rows))
    print(f"  Vigil 95% prediction-interval coverage on the test weeks: {100 * sum(coverage) / len(coverage):.1f}% (mean over series)")
    if mismatches:
        print(f"  NOTE: Vigil's metrics.csv differs from this recomputation for: {', '.join(mismatches)}")
    else:
        print("  Vigil's metrics.csv agrees with this recomputation (MAPE and MASE).")


if __name__ == "__main__":
    main()
