#!/usr/bin/env python3
"""Cross-check of Vigil's isolation forest against scikit-learn's IsolationForest.

Usage:  ${VIGIL_VENV_PYTHON:-python3} .ci/crosscheck/iforest_sklearn.py DIR

DIR holds what `vigil crosscheck iforest --out DIR` (IsolationForestCrossCheck.write) wrote:
  features.csv  split,label,entity,day,<features...>,swift_score   (train rows: learning days; test rows: later)
  swift.json    Swift's AUC and fit/score timing, trees and sample size

The script fits sklearn.ensemble.IsolationForest with the same number of trees and sub-sample size on the
training rows, scores the test rows, and prints one table: ROC AUC of each on the labels, Spearman rank
agreement of the two scores, and fit+score time of each. scikit-learn is pip-installed when missing.
"""
import csv
import json
import os
import subprocess
import sys
import time


def ensure_sklearn():
    venv = os.environ.get("VIGIL_VENV_PYTHON")
    if venv and os.path.realpath(venv) != os.path.realpath(sys.executable) and not os.environ.get("VIGIL_CROSSCHECK_REEXEC"):
        env = dict(os.environ, VIGIL_CROSSCHECK_REEXEC="1")
        os.execve(venv, [venv] + sys.argv, env)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("scikit-learn not found; installing it with pip ...", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "scikit-learn"])


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    directory = sys.argv[1]
    ensure_sklearn()
    import numpy as np
    from scipy.stats import spearmanr
    from sklearn.ensemble import IsolationForest
    from sklearn.metrics import roc_auc_score

    with open(os.path.join(directory, "swift.json")) as f:
        swift = json.load(f)
    train, test, labels, swift_scores = [], [], [], []
    with open(os.path.join(directory, "features.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        first, last = header.index("day") + 1, header.index("swift_score")
        for row in reader:
            x = [float(v) for v in row[first:last]]
            if row[0] == "train":
                train.append(x)
            else:
                test.append(x)
                labels.append(int(row[1]))
                swift_scores.append(float(row[last]))
    X_train, X_test = np.asarray(train), np.asarray(test)
    y, s_swift = np.asarray(labels), np.asarray(swift_scores)

    t0 = time.perf_counter()
    model = IsolationForest(n_estimators=int(swift["trees"]), max_samples=min(int(swift["sample_size"]), len(X_train)),
                            random_state=int(swift["seed"]) % (2**32))
    model.fit(X_train)
    t1 = time.perf_counter()
    s_sklearn = -model.score_samples(X_test)  # higher = more anomalous, like the Swift score
    t2 = time.perf_counter()

    auc_swift = roc_auc_score(y, s_swift) if 0 < y.sum() < len(y) else float("nan")
    auc_sklearn = roc_auc_score(y, s_sklearn) if 0 < y.sum() < len(y) else float("nan")
    rho = spearmanr(s_swift, s_sklearn).correlation
    swift_ms = (float(swift["fit_seconds"]) + float(swift["score_seconds"])) * 1000
    sklearn_ms = (t2 - t0) * 1000

    print(f"Isolation forest cross-check: {len(X_train)} training rows, {len(X_test)} test rows "
          f"({int(y.sum())} malicious), {X_train.shape[1]} features, {swift['trees']} trees, sample {swift['sample_size']}")
    print()
    print("| implementation | ROC AUC | fit + score (ms) |")
    print("|---|---|---|")
    print(f"| Vigil (Swift)  | {auc_swift:.3f} | {swift_ms:.1f} |")
    print(f"| scikit-learn {__import__('sklearn').__version__} | {auc_sklearn:.3f} | {sklearn_ms:.1f} (fit {1000 * (t1 - t0):.1f}, score {1000 * (t2 - t1):.1f}) |")
    print()
    print(f"Spearman rank agreement of the two scores on the test rows: {rho:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
