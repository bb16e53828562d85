#!/usr/bin/env python3
"""Compares Vigil's command-sequence likelihoods with msticpy's anomalous_sequence model on the same sessions.

Usage: sequences_msticpy.py DIR
  DIR holds what `vigil crosscheck sequences --out DIR` (SequenceCrossCheck.write) wrote:
  sessions.json (train and labelled test sessions) and swift_likelihoods.csv.

Environment:
  VIGIL_VENV_PYTHON  the Python whose pip installs msticpy (default: this interpreter), e.g. .ci/.venv/bin/python
  VIGIL_NO_MSTICPY   set to 1 to skip msticpy and use only the fallback (for machines without PyPI)

msticpy (PyPI) is installed with `python -m pip install msticpy` when missing. Its Model is trained on the train
sessions (commands only, start/end tokens, Laplace smoothing) and scores the test sessions with its own
functions: the session likelihood and the rarest window of 3 commands. If msticpy cannot be installed or imported,
the script says so and falls back to a small independent Python implementation of the same Laplace-smoothed
Markov model, clearly labelled. It prints the Spearman rank correlation between Vigil's and the reference's
likelihoods, and exits non-zero only on missing or broken input.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys


def fail(message):
    print(f"sequence cross-check: {message}", file=sys.stderr)
    sys.exit(2)


def read_inputs(directory):
    sessions_path = os.path.join(directory, "sessions.json")
    swift_path = os.path.join(directory, "swift_likelihoods.csv")
    for p in (sessions_path, swift_path):
        if not os.path.isfile(p):
            fail(f"{p} is missing (run `vigil crosscheck sequences --out {directory}` first)")
    try:
        with open(sessions_path) as f:
            data = json.load(f)
        window = int(data["window"])
        train = data["train"]
        test = data["test"]
        if not all(isinstance(s, list) and all(isinstance(t, str) for t in s) for s in train):
            raise ValueError("train sessions must be lists of strings")
        for s in test:
            if not isinstance(s.get("id"), str) or not isinstance(s.get("tokens"), list) or not s["tokens"]:
                raise ValueError(f"bad test session {s!r:.80}")
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"sessions.json is broken: {e}")
    swift = {}
    with open(swift_path, newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                swift[row["id"]] = {
                    "label": row["label"],
                    "session": float(row["session_log10_likelihood"]),
                    "window": float(row["rarest_window_likelihood"]),
                    "geomean": float(row["rarest_window_geomean"]),
                }
            except (KeyError, ValueError, TypeError) as e:
                fail(f"swift_likelihoods.csv line {line} is broken: {e}")
    missing = [s["id"] for s in test if s["id"] not in swift]
    if missing:
        fail(f"swift_likelihoods.csv lacks test sessions {missing[:5]}")
    return window, train, test, swift


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = math.sqrt(sum((x - ma) ** 2 for x in ra))
    vb = math.sqrt(sum((y - mb) ** 2 for y in rb))
    return cov / (va * vb) if va > 0 and vb > 0 else float("nan")


def load_msticpy():
    if os.environ.get("VIGIL_NO_MSTICPY") == "1":
        return None, "VIGIL_NO_MSTICPY=1"
    try:
        from msticpy.analysis.anomalous_sequence.model import Model  # noqa: F401
        return True, None
    except Exception:
        pass
    if os.environ.get("VIGIL_CROSSCHECK_REEXEC") == "1":
        return None, "msticpy is still missing after installing it"
    python = shutil.which(os.environ.get("VIGIL_VENV_PYTHON") or sys.executable) or sys.executable
    print(f"installing msticpy with {python} -m pip (this can take a few minutes) ...", flush=True)
    try:
        r = subprocess.run([python, "-m", "pip", "install", "-q", "msticpy"], capture_output=True, text=True, timeout=1200)
    except subprocess.TimeoutExpired:
        return None, "pip install msticpy timed out"
    if r.returncode != 0:
        return None, "pip install msticpy failed: " + r.stderr.strip().splitlines()[-1][:300] if r.stderr.strip() else "pip failed"
    # A venv's python is a symlink to the same binary, so compare the paths themselves, not what they resolve to.
    if os.path.abspath(python) != os.path.abspath(sys.executable):
        os.environ["VIGIL_CROSSCHECK_REEXEC"] = "1"
        os.execv(python, [python] + sys.argv)
    try:
        import importlib
        importlib.invalidate_caches()
        from msticpy.analysis.anomalous_sequence.model import Model  # noqa: F401
        return True, None
    except Exception as e:
        return None, f"msticpy import failed after install: {e}"


def msticpy_scores(train, test, window):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import msticpy
        from msticpy.analysis.anomalous_sequence.model import Model
        from msticpy.analysis.anomalous_sequence.utils import cmds_only

        model = Model(sessions=train)
        model.train()
        out = {}
        for s in test:
            tokens = s["tokens"]
            session = cmds_only.compute_likelihood_window(
                window=tokens, prior_probs=model.prior_probs, trans_probs=model.trans_probs, use_start_token=True, use_end_token=True,
                start_token=model.start_token, end_token=model.end_token)
            _, rare = cmds_only.rarest_window_session(
                session=tokens, prior_probs=model.prior_probs, trans_probs=model.trans_probs, window_len=window,
                use_start_end_tokens=True, start_token=model.start_token, end_token=model.end_token, use_geo_mean=False)
            out[s["id"]] = (math.log10(session), rare)
    return f"msticpy {msticpy.__version__} anomalous_sequence (cmds only, start/end tokens, Laplace smoothing)", out


def fallback_scores(train, test, window):
    """An independent, minimal Laplace-smoothed first-order Markov chain with start, end and unknown tokens."""
    start, end, unk = "##START##", "##END##", "##UNK##"
    counts, outgoing, vocab = {}, {}, set()
    for s in train:
        prev = start
        for t in s + [end]:
            counts[(prev, t)] = counts.get((prev, t), 0) + 1
            outgoing[prev] = outgoing.get(prev, 0) + 1
            vocab.add(t)
            prev = t
    vocab.discard(end)
    v = len(vocab) + 2  # known commands, end, unknown

    def p(a, b):
        a = a if a in vocab or a == start else unk
        b = b if b in vocab or b == end else unk
        return (counts.get((a, b), 0) + 1) / (outgoing.get(a, 0) + v)

    out = {}
    for s in test:
        seq = [start] + s["tokens"] + [end]
        probs = [p(seq[i], seq[i + 1]) for i in range(len(seq) - 1)]
        w = min(window, len(probs))
        rare = min(math.prod(probs[i:i + w]) for i in range(len(probs) - w + 1))
        out[s["id"]] = (sum(math.log10(x) for x in probs), rare)
    return "FALLBACK (msticpy unavailable): independent Python Laplace-smoothed Markov model, NOT msticpy", out


def main():
    if len(sys.argv) != 2:
        fail("usage: sequences_msticpy.py DIR")
    window, train, test, swift = read_inputs(sys.argv[1])
    ok, why = load_msticpy()
    if ok:
        try:
            label, ref = msticpy_scores(train, test, window)
        except Exception as e:
            print(f"msticpy failed while scoring ({e}); using the fallback")
            label, ref = fallback_scores(train, test, window)
    else:
        print(f"msticpy not used: {why}")
        label, ref = fallback_scores(train, test, window)

    ids = [s["id"] for s in test]
    sw_session = [swift[i]["session"] for i in ids]
    ref_session = [ref[i][0] for i in ids]
    sw_window = [swift[i]["window"] for i in ids]
    ref_window = [ref[i][1] for i in ids]
    print(f"Sequence cross-check: Vigil vs {label}")
    print(f"  {len(train)} training sessions, {len(test)} test sessions "
          f"({sum(1 for s in test if s['label'] == 'anomalous')} labelled anomalous), window {window}")
    print(f"  Spearman rank correlation, session likelihood:      {spearman(sw_session, ref_session):.4f}")
    print(f"  Spearman rank correlation, rarest-window likelihood: {spearman(sw_window, ref_window):.4f}")
    print(f"  largest |log10 session likelihood| difference:       {max(abs(a - b) for a, b in zip(sw_session, ref_session)):.2e}")
    print("  (Vigil's windows are 3 transitions over start…end; msticpy's are 3 commands whose first factor is a prior"
          " after the first window, so window likelihoods agree in rank, not in value)")
    k = sum(1 for s in test if s["label"] == "anomalous")
    top_sw = set(sorted(ids, key=lambda i: swift[i]["window"])[:k])
    top_ref = set(sorted(ids, key=lambda i: ref[i][1])[:k])
    labelled = {s["id"] for s in test if s["label"] == "anomalous"}
    print(f"  {k} rarest by window: overlap {len(top_sw & top_ref)}/{k}; labelled anomalous among them: "
          f"Vigil {len(top_sw & labelled)}/{k}, reference {len(top_ref & labelled)}/{k}")


if __name__ == "__main__":
    main()
