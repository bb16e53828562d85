#!/usr/bin/env bash
# Extracts the public attack and benign Windows event logs that Vigil's real-data evaluation uses from local git
# mirrors into a work directory outside the repository. See docs/REALDATA.md.
#
# The mirrors are bare git directories. This script cannot download them: in a Vigil session they are brought by the
# search tool's `fetch` (e.g. `fetch github:mdecrevoisier/EVTX-to-MITRE-Attack`), which writes
# /work/.mirror/<owner>+<name>/repo. Anywhere else, `git clone --mirror https://github.com/<owner>/<name> DIR` gives
# the same thing; point the variables below at it. A missing mirror is reported and skipped, never fatal, so the
# script can be re-run after the missing one has been brought.
#
#   ATTACK_MIRROR   mdecrevoisier/EVTX-to-MITRE-Attack   attack EVTX by ATT&CK tactic/technique (CC0)
#   BENIGN_MIRROR   AndrewRathbun/DFIRArtifactMuseum     benign VM event logs (.7z in Windows/EventLogs/*/RathbunVM)
#   BASELINE_DIR    extracted NextronSystems/evtx-baseline release archives (optional; the repository itself holds
#                   no EVTX, only its GitHub releases do; unpack e.g. win10-client.tgz there by hand)
#   LOGHUB_MIRROR   logpai/loghub                        OpenSSH_2k.log and Linux_2k.log (real sshd/PAM/su lines under
#                                                        brute force), copied, not converted: vigil replay reads them
#   RAW             output directory (default /work/data/realdata/raw)
#   PYTHON          a Python with py7zr for the .7z archives (default: the venv made by setup.sh)
set -euo pipefail

MIRRORS=${MIRRORS:-/work/.mirror}
ATTACK_MIRROR=${ATTACK_MIRROR:-$MIRRORS/mdecrevoisier+EVTX-to-MITRE-Attack/repo}
BENIGN_MIRROR=${BENIGN_MIRROR:-$MIRRORS/AndrewRathbun+DFIRArtifactMuseum/repo}
LOGHUB_MIRROR=${LOGHUB_MIRROR:-$MIRRORS/logpai+loghub/repo}
BASELINE_DIR=${BASELINE_DIR:-}
RAW=${RAW:-/work/data/realdata/raw}
PYTHON=${PYTHON:-/work/data/realdata/.venv/bin/python}

case "$(cd "$(dirname "$RAW")" 2>/dev/null && pwd)/" in
  "$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null)"/*)
    echo "fetch.sh: RAW=$RAW is inside the repository; choose a directory outside it" >&2; exit 2 ;;
esac

mkdir -p "$RAW/attack" "$RAW/benign" "$RAW/other"
missing=0

have_mirror() {
  if git --git-dir="$1" rev-parse --verify -q HEAD >/dev/null 2>&1; then return 0; fi
  echo "fetch.sh: mirror $1 is absent: bring it with the search tool's fetch ($2) or git clone --mirror, then re-run" >&2
  missing=$((missing + 1)); return 1
}

# Writes every blob of a mirror whose path matches a pattern under DEST, keeping the path. Blobs that the snapshot
# lists but does not hold (very large files) are reported and skipped.
extract() {  # mirror dest grep-pattern
  local mirror=$1 dest=$2 pattern=$3 n=0 bad=0
  local commit; commit=$(git --git-dir="$mirror" rev-parse HEAD)
  while IFS=$'\t' read -r meta path; do
    local sha; sha=$(echo "$meta" | awk '{print $3}')
    mkdir -p "$dest/$(dirname "$path")"
    if git --git-dir="$mirror" cat-file blob "$sha" > "$dest/$path" 2>/dev/null; then n=$((n + 1))
    else rm -f "$dest/$path"; bad=$((bad + 1)); echo "  absent in snapshot: $path" >&2; fi
  done < <(git --git-dir="$mirror" ls-tree -r "$commit" | grep -E "$pattern" || true)
  echo "  $n files extracted, $bad absent (commit $commit)"
  echo "$commit" > "$dest/.commit"
}

if have_mirror "$ATTACK_MIRROR" "github:mdecrevoisier/EVTX-to-MITRE-Attack"; then
  echo "attack EVTX from $ATTACK_MIRROR"
  extract "$ATTACK_MIRROR" "$RAW/attack" $'\t''(TA[0-9]{4}-|EVTX_full_APT_attack_steps/).*\.evtx$'
fi

if have_mirror "$BENIGN_MIRROR" "github:AndrewRathbun/DFIRArtifactMuseum"; then
  echo "benign archives from $BENIGN_MIRROR"
  tmp="$RAW/benign/.archives"; mkdir -p "$tmp"
  extract "$BENIGN_MIRROR" "$tmp" $'\t''Windows/EventLogs/Win1[01]/RathbunVM/.*\.7z$'
  # Only the channels the converter maps: Security, System, PowerShell (Operational).
  "$PYTHON" - "$tmp" "$RAW/benign" <<'EOF'
import pathlib, sys
try:
    import py7zr
except ImportError:
    sys.exit("fetch.sh: py7zr is missing; run scripts/realdata/setup.sh (or set PYTHON)")
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
want = {"Security.evtx", "System.evtx", "Microsoft-Windows-PowerShell%4Operational.evtx"}
for arc in sorted(src.rglob("*.7z")):
    name = arc.parent.parent.name + "-" + arc.parent.name          # e.g. Win10-RathbunVM
    out = dst / name
    out.mkdir(parents=True, exist_ok=True)
    with py7zr.SevenZipFile(arc) as z:
        members = [m for m in z.getnames() if pathlib.PurePath(m).name in want]
        z.extract(path=out, targets=members)
    for m in members:
        p = out / m
        if p.parent != out:
            p.rename(out / p.name)
    print(f"  {name}: {', '.join(sorted(pathlib.PurePath(m).name for m in members))}")
EOF
fi

if [ -n "$BASELINE_DIR" ]; then
  if [ -d "$BASELINE_DIR" ]; then
    echo "evtx-baseline EVTX from $BASELINE_DIR"
    mkdir -p "$RAW/benign/evtx-baseline"
    find "$BASELINE_DIR" -type f \( -name 'Security.evtx' -o -name '*Sysmon*Operational.evtx' -o -name 'System.evtx' \) \
      -exec sh -c 'for f; do d="$0/$(basename "$(dirname "$f")")"; mkdir -p "$d"; cp "$f" "$d/"; done' "$RAW/benign/evtx-baseline" {} +
  else
    echo "fetch.sh: BASELINE_DIR=$BASELINE_DIR does not exist" >&2; missing=$((missing + 1))
  fi
else
  echo "evtx-baseline: skipped (its EVTX are only in GitHub release archives; set BASELINE_DIR to their unpacked contents)"
fi

if have_mirror "$LOGHUB_MIRROR" "github:logpai/loghub"; then
  echo "sshd log from $LOGHUB_MIRROR"
  extract "$LOGHUB_MIRROR" "$RAW/other/loghub" $'\t''(OpenSSH/(OpenSSH_2k\.log|README\.md)|Linux/(Linux_2k\.log|README\.md))$'
fi

echo "raw data in $RAW"
[ "$missing" -eq 0 ] || echo "fetch.sh: $missing source(s) missing (see above)" >&2
