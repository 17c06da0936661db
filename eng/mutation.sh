#!/usr/bin/env bash
# Mutation testing of the domain with Stryker.NET (a local tool: .config/dotnet-tools.json).
# Mutates src/ShopIQ.Integrations.Core Stores/, Slots/, Plans/, Impact/, Providers/ (without the built-in
# *Provider.cs adapters) and Services/, and runs the unit tests (tests/ShopIQ.Integrations.Core.Tests, net10.0).
# Configuration: eng/stryker-config.json. Reports: StrykerOutput/<timestamp>/reports/ (git-ignored).
#
#   eng/mutation.sh                      full run (every folder above; long: see docs/mutation.md)
#   eng/mutation.sh --folder Slots       one folder (Stores, Slots, Plans, Impact, Providers or Services)
#   eng/mutation.sh --since <ref>        only the files changed since <ref> (a commit id, branch or HEAD~1);
#                                        exits non-zero below the break threshold (MUTATION_BREAK, default 80)
#   eng/mutation.sh --changed            only the files above that changed since the commit of the committed report
#                                        (eng/mutation-base), committed or not; exits non-zero when a folder scores
#                                        below its target (eng/mutation-targets.txt). What .ci/run runs.
#
# Prints the score per folder at the end (eng/mutation-summary.py over Stryker's JSON report).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

folders=(Stores Slots Plans Impact Providers Services)
mode=full
folder=""
since=""
break_at="${MUTATION_BREAK:-80}"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --folder) mode=folder; folder="${2:?--folder needs a folder name}"; shift 2 ;;
    --since) mode=since; since="${2:?--since needs a commit id or ref}"; shift 2 ;;
    --changed) mode=changed; shift ;;
    --break) break_at="${2:?--break needs a number 0-100}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "mutation.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

args=(--config-file "$root/eng/stryker-config.json" --skip-version-check)

case "$mode" in
  folder)
    ok=0
    for f in "${folders[@]}"; do [[ "$f" == "$folder" ]] && ok=1; done
    if [[ $ok -ne 1 ]]; then
      echo "mutation.sh: --folder must be one of: ${folders[*]}" >&2
      exit 2
    fi
    args+=(--mutate "**/$folder/**/*.cs" --mutate "!**/Providers/BuiltIn/*Provider.cs")
    ;;
  since)
    if ! git rev-parse --verify --quiet "$since^{commit}" >/dev/null; then
      echo "mutation.sh: '$since' is not a commit here" >&2
      exit 2
    fi
    # A commit id, not a name: Stryker resolves it itself, and a detached CI clone has no local branches.
    args+=("--since:$(git rev-parse "$since^{commit}")" --break-at "$break_at" --threshold-low "$break_at")
    ;;
  changed)
    base=$(sed -e 's/#.*//' eng/mutation-base | tr -d '[:space:]')
    if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
      echo "mutation.sh: eng/mutation-base names '$base', which is not a commit here (a shallow clone?)" >&2
      exit 2
    fi
    paths=()
    for f in "${folders[@]}"; do paths+=("src/ShopIQ.Integrations.Core/$f/"); done
    # Changed (committed or not) and new files since the base; deleted files have nothing left to mutate.
    changed=()
    while IFS= read -r file; do
      [[ -f "$file" && "$file" == *.cs && ! "$file" =~ /Providers/BuiltIn/[^/]*Provider\.cs$ ]] && changed+=("$file")
    done < <({ git diff --name-only "$base" -- "${paths[@]}"; git ls-files --others --exclude-standard -- "${paths[@]}"; } | sort -u)
    if [[ ${#changed[@]} -eq 0 ]]; then
      echo "mutation.sh: no mutated source file changed since $base (eng/mutation-base); nothing to mutate"
      exit 0
    fi
    echo "mutation.sh: ${#changed[@]} file(s) changed since $base (eng/mutation-base):"
    printf '  %s\n' "${changed[@]}"
    for file in "${changed[@]}"; do args+=(--mutate "**/${file#src/ShopIQ.Integrations.Core/}"); done
    ;;
esac

dotnet tool restore >/dev/null

out="$root/StrykerOutput/$(date -u +%Y%m%dT%H%M%SZ)-$mode${folder:+-$folder}"
started=$(date +%s)
set +e
# Run from the test project's folder: Stryker then takes that project as the one to run, and
# ShopIQ.Integrations.Core.csproj (the "project" in the config) among its references as the one to mutate.
cd "$root/tests/ShopIQ.Integrations.Core.Tests"
dotnet tool run dotnet-stryker "${args[@]}" --output "$out"
status=$?
set -e
cd "$root"
elapsed=$(( $(date +%s) - started ))

report="$out/reports/mutation-report.json"
summary=(python3 "$root/eng/mutation-summary.py" "$report" --seconds "$elapsed")
if [[ "$mode" == changed ]]; then summary+=(--targets "$root/eng/mutation-targets.txt"); fi
if [[ -f "$report" ]]; then
  if ! "${summary[@]}" && [[ "$mode" == changed ]]; then
    echo "mutation.sh: a folder's changed files score below its target (eng/mutation-targets.txt)" >&2
    status=1
  fi
elif [[ "$mode" == changed ]]; then
  echo "mutation.sh: Stryker wrote no report ($report)" >&2
  status=1
fi
echo "mutation.sh: $mode run took ${elapsed}s, exit code $status"
if [[ "$mode" == since && $status -ne 0 ]]; then
  echo "mutation.sh: mutation score below the break threshold ($break_at%) or the run failed" >&2
fi
exit $status
