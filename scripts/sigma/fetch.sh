#!/usr/bin/env bash
# Fetches Vigil's curated default Sigma rule set from SigmaHQ into a folder outside the repository, for
# `analytics.sigma_rules` in vigil.yaml (or `vigil eval --sigma-rules`). See docs/DETECTORS.md "Sigma rules".
#
# The rules are SigmaHQ's, under the Detection Rule License (DRL) 1.1, which asks that the rules keep their author
# attribution and the licence be referenced. Vigil does not vendor them: this script copies the files unchanged
# (authors included) and writes NOTICE.md with the licence, the source and the commit.
#
# The curated set is chosen by the rules' own metadata, never by how they score on our evaluation data:
#   - products Vigil reads: rules/windows/** and rules/linux/**
#   - status stable or test (experimental rules are SigmaHQ's own "may be noisy" tier)
#   - level medium, high or critical
# Log sources Vigil does not classify, aggregations and malformed rules are reported by `vigil sigma check`.
#
#   SIGMA_MIRROR  a git mirror of SigmaHQ/sigma (default /work/.mirror/SigmaHQ+sigma/repo, as the search tool's
#                 `fetch github:SigmaHQ/sigma` writes it); when absent, the script clones it from GitHub
#   SIGMA_COMMIT  the commit to take (default: the mirror's HEAD); recorded in NOTICE.md
#   DEST          output folder (default /work/data/sigma-rules)
set -euo pipefail

SIGMA_MIRROR=${SIGMA_MIRROR:-/work/.mirror/SigmaHQ+sigma/repo}
DEST=${DEST:-/work/data/sigma-rules}

case "$(mkdir -p "$DEST" && cd "$DEST" && pwd)/" in
  "$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null)"/*)
    echo "fetch.sh: DEST=$DEST is inside the repository; choose a folder outside it" >&2; exit 2 ;;
esac

if ! git --git-dir="$SIGMA_MIRROR" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  SIGMA_MIRROR=$(mktemp -d)/sigma.git
  echo "fetch.sh: no local mirror; cloning https://github.com/SigmaHQ/sigma into $SIGMA_MIRROR" >&2
  git clone --quiet --mirror --depth 1 https://github.com/SigmaHQ/sigma "$SIGMA_MIRROR"
fi
COMMIT=${SIGMA_COMMIT:-$(git --git-dir="$SIGMA_MIRROR" rev-parse HEAD)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git --git-dir="$SIGMA_MIRROR" archive "$COMMIT" rules/windows rules/linux | tar -x -C "$work"

rm -rf "$DEST/rules"
kept=0; skipped=0
while IFS= read -r -d '' f; do
  status=$(awk '/^status:/ {print $2; exit}' "$f")
  level=$(awk '/^level:/ {print $2; exit}' "$f")
  case "$status:$level" in
    stable:medium|stable:high|stable:critical|test:medium|test:high|test:critical)
      rel=${f#"$work"/}
      mkdir -p "$DEST/$(dirname "$rel")"
      cp "$f" "$DEST/$rel"
      kept=$((kept + 1)) ;;
    *) skipped=$((skipped + 1)) ;;
  esac
done < <(find "$work/rules" -name '*.yml' -print0 | sort -z)

cat > "$DEST/NOTICE.md" <<NOTICE
# Sigma rules from SigmaHQ

These rules are copied unchanged from https://github.com/SigmaHQ/sigma at commit $COMMIT
(rules/windows and rules/linux; status stable or test; level medium, high or critical).

They are licensed under the Detection Rule License (DRL) 1.1: https://github.com/SigmaHQ/Detection-Rule-License.
Each rule names its authors in its \`author\` field. Vigil runs them as low-severity risk observations.
NOTICE

echo "fetch.sh: $kept rules copied to $DEST/rules ($skipped below the curated status/level), commit $COMMIT"
