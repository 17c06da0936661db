#!/usr/bin/env bash
# Chaos harness for the PostgreSQL store (manual; not part of CI): service instances in separate processes write to
# a few stores while instances are killed with SIGKILL and the server is restarted with `pg_ctl restart -m immediate`;
# afterwards a sweep runs with a clock past every deadline, and a checker audits the database against every answer
# the callers got. Exits 0 only when every figure that must be zero is zero.
#
# Usage: eng/chaos.sh [--duration SECONDS] [--workers N] [--writers N] [--stores N] [--restarts N] [--seed N]
#                     [--out DIR] [--connection-string CS [--pgdata DIR]] [--no-build] [--keep-cluster]
#   --duration       how long the writers run (default 240)
#   --workers        worker processes running at any time (default 4), each with --writers writers (default 3)
#   --stores         stores written to (default 4), opened on a 2-slot plan
#   --restarts       immediate restarts of the server at random times (default: 2 or 3, at random)
#   --kill-every     the range of seconds between two SIGKILLs of a random worker (default 3-8)
#   --seed           seeds bash's RANDOM (kill and restart times, which worker) and the writers (default: random)
#   --out            where the workers' output, the server log and the summary go (default artifacts/chaos/<UTC time>)
#   --connection-string  use this (empty) database instead of starting a throwaway cluster; restarts then need
#                    --pgdata (the cluster's data directory, pg_ctl run as its owner), else none are done
#   --no-build       use the worker as built (tests/ShopIQ.Integrations.Core.PostgreSql.RaceWorker, Release)
# The throwaway cluster runs with PostgreSQL's durable defaults (fsync, synchronous_commit and full_page_writes on):
# with synchronous_commit off an immediate shutdown may lose commits a caller was already told about, by design.
# Needs the .NET SDK, bash and PostgreSQL's server binaries (SHOPIQ_PG_BIN, PATH or /usr/lib/postgresql/<v>/bin).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)

duration=240
workers=4
writers=3
store_count=4
restarts=''
kill_min=3
kill_max=8
seed=$((RANDOM * 32768 + RANDOM))
out=''
connection=''
pgdata=''
build=1
keep_cluster=0

while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) duration=$2; shift 2 ;;
        --workers) workers=$2; shift 2 ;;
        --writers) writers=$2; shift 2 ;;
        --stores) store_count=$2; shift 2 ;;
        --restarts) restarts=$2; shift 2 ;;
        --kill-every) kill_min=${2%-*}; kill_max=${2#*-}; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --connection-string) connection=$2; shift 2 ;;
        --pgdata) pgdata=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --keep-cluster) keep_cluster=1; shift ;;
        -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

RANDOM=$seed
if [[ -z "$restarts" ]]; then
    restarts=$((2 + RANDOM % 2))
fi

out=${out:-artifacts/chaos/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
summary="$out/summary.txt"
: > "$summary"
say() { echo "$*" | tee -a "$summary"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
worker_project=tests/ShopIQ.Integrations.Core.PostgreSql.RaceWorker
worker_dll="$repo/$worker_project/bin/Release/net10.0/ShopIQ.Integrations.Core.PostgreSql.RaceWorker.dll"
if [[ $build -eq 1 ]]; then
    dotnet build "$worker_project" -c Release -warnaserror -v quiet -nologo >/dev/null
fi
[[ -f "$worker_dll" ]] || { echo "the worker is not built: $worker_dll" >&2; exit 1; }
worker() { dotnet "$worker_dll" "$@"; }

# --- the database -------------------------------------------------------------------------------------------------
pg_bin=''
as_owner=()
cluster_dir=''
server_log=''
find_pg_bin() {
    if [[ -n "${SHOPIQ_PG_BIN:-}" ]]; then echo "$SHOPIQ_PG_BIN"; return; fi
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then dirname "$(command -v pg_ctl)"; return; fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
pg() { "${as_owner[@]}" "$pg_bin/$1" "${@:2}"; }

pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    done
    if [[ -n "$cluster_dir" && $keep_cluster -eq 0 ]]; then
        pg pg_ctl -D "$cluster_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        [[ -f "$server_log" ]] && cp "$server_log" "$out/server.log" 2>/dev/null || true
        rm -rf "$cluster_dir"
    fi
}
trap cleanup EXIT

if [[ -z "$connection" || -n "$pgdata" ]]; then
    pg_bin=$(find_pg_bin)
    [[ -x "$pg_bin/pg_ctl" ]] || { echo "PostgreSQL's server binaries were not found; set SHOPIQ_PG_BIN" >&2; exit 1; }
fi

if [[ -z "$connection" ]]; then
    # initdb and postgres refuse to run as root: run the tools as the postgres OS user then.
    if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi
    cluster_dir=$(mktemp -d "${TMPDIR:-/tmp}/shopiq-chaos-XXXXXX")
    chmod 777 "$cluster_dir"
    pgdata="$cluster_dir/data"
    server_log="$cluster_dir/server.log"
    pg initdb -D "$pgdata" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    port=''
    for _ in $(seq 1 50); do
        candidate=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
    done
    [[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }
    # In the configuration file, so pg_ctl restart starts the server exactly as before.
    printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n" "$port" \
        | "${as_owner[@]}" tee -a "$pgdata/postgresql.conf" >/dev/null
    pg pg_ctl -D "$pgdata" -l "$server_log" -w -t 60 start >/dev/null
    connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
elif [[ -n "$pgdata" ]]; then
    as_owner=(runuser -u "$(stat -c %U "$pgdata")" --)
    [[ $(id -u) -eq 0 ]] || as_owner=()
fi
if [[ -z "$pgdata" ]]; then
    echo "no --pgdata for the given connection string: the server is not restarted" >&2
    restarts=0
fi

stores=$(seq -s, -f "chaos-%g" 1 "$store_count")

say "ShopIQ chaos run, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
say "command: eng/chaos.sh --duration $duration --workers $workers --writers $writers --stores $store_count --restarts $restarts --kill-every $kill_min-$kill_max --seed $seed"
say "server: $(pg postgres --version 2>/dev/null || echo 'given by connection string'); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
worker open "$connection" "$stores" >> "$out/open.txt"

# --- the run ------------------------------------------------------------------------------------------------------
started=$(now_ms)
deadline=$((started + duration * 1000))
# Restarts at random times between 15% and 85% of the run, at least 15 s apart when the run is long enough.
restart_at=()
for _ in $(seq 1 "$restarts"); do
    restart_at+=($((started + duration * 150 + (RANDOM * 32768 + RANDOM) % (duration * 700 + 1))))
done
mapfile -t restart_at < <(printf '%s\n' "${restart_at[@]}" | sort -n)
for ((i = 1; i < ${#restart_at[@]}; i++)); do
    if (( restart_at[i] < restart_at[i-1] + 15000 )); then restart_at[i]=$((restart_at[i-1] + 15000)); fi
done

next_worker=0
slot_pid=()
start_worker() { # slot
    local n=$next_worker remaining
    next_worker=$((next_worker + 1))
    remaining=$(( (deadline - $(now_ms)) ))
    # dotnet itself in the background (not through a function, whose subshell a SIGKILL would leave the worker behind).
    dotnet "$worker_dll" chaos "$connection" "k$n" "$writers" "$(printf '%d.%03d' $((remaining / 1000)) $((remaining % 1000)))" "$((seed % 100000 * 100 + n))" "$stores" \
        > "$out/worker-$n.out" 2> "$out/worker-$n.err" &
    slot_pid[$1]=$!
    pids+=("$!")
}
for ((s = 0; s < workers; s++)); do start_worker "$s"; done

kills=0
downtimes=()
restart_log=()
next_restart=0
next_kill=$((started + (kill_min + RANDOM % (kill_max - kill_min + 1)) * 1000))
while :; do
    now=$(now_ms)
    (( now < deadline )) || break
    if (( next_restart < ${#restart_at[@]} && now >= restart_at[next_restart] )); then
        t0=$(now_ms)
        pg pg_ctl -D "$pgdata" ${server_log:+-l "$server_log"} -m immediate -w -t 60 restart >> "$out/restarts.txt" 2>&1
        t1=$(now_ms)
        downtimes+=("$((t1 - t0))")
        restart_log+=("at +$(((t0 - started) / 1000)) s: pg_ctl restart -m immediate -w took $((t1 - t0)) ms")
        next_restart=$((next_restart + 1))
        continue
    fi
    # No kills in the last 10 s: a new worker needs a few seconds to start and do something.
    if (( now >= next_kill && deadline - now > 10000 )); then
        s=$((RANDOM % workers))
        kill -KILL "${slot_pid[$s]}" 2>/dev/null || true
        wait "${slot_pid[$s]}" 2>/dev/null || true
        kills=$((kills + 1))
        start_worker "$s"
        next_kill=$((now + (kill_min + RANDOM % (kill_max - kill_min + 1)) * 1000))
    fi
    sleep 0.2
done

# The workers stop by themselves at the deadline, after their commands in flight are answered.
failed_workers=0
for pid in "${slot_pid[@]}"; do
    wait "$pid" || failed_workers=$((failed_workers + 1))
done
ran_ms=$(( $(now_ms) - started ))

# --- the sweep and the audit --------------------------------------------------------------------------------------
# 36 minutes ahead: past every reservation's deadline (30 min) and the sweep's abandon margin (5 min) after it.
worker sweep "$connection" 36 > "$out/sweep.txt"
swept_at=$(sed -n 's/^swept-at //p' "$out/sweep.txt")
check_rc=0
worker check "$connection" "$stores" "$swept_at" "$out"/worker-*.out > "$out/check.txt" || check_rc=$?

say "ran for $((ran_ms / 1000)) s (writers stopped at $duration s and finished their commands in flight)"
say "worker processes started: $next_worker ($workers at a time x $writers writers); killed with SIGKILL: $kills; exited non-zero on their own: $failed_workers"
say "immediate restarts: ${#downtimes[@]}"
for line in "${restart_log[@]}"; do say "  $line"; done
say "$(sed 's/^swept-at /sweep clock: /' "$out/sweep.txt")"
say "$(cat "$out/check.txt")"
say "worker stderr lines: $(cat "$out"/worker-*.err | wc -l)"
if [[ -n "$server_log" && -f "$server_log" ]]; then
    # What the server saw: deadlocks and serialization failures it broke (retried by the repository unless a caller
    # saw them above), and connections it refused while it recovered (57P03, "starting up" or "not yet accepting").
    say "server log: $(grep -c 'deadlock detected' "$server_log" || true) deadlocks detected (40P01), $(grep -c 'could not serialize' "$server_log" || true) serialization failures (40001), $(grep -c 'the database system is starting up\|the database system is not yet accepting connections' "$server_log" || true) connections refused while recovering (57P03), $(grep -c 'received immediate shutdown request' "$server_log" || true) immediate shutdowns"
    say "deadlocked statements: $(grep -A6 'deadlock detected' "$server_log" | sed -n 's/^[[:space:]]*Process [0-9]*: //p' | cut -c1-90 | sort | uniq -c | sort -rn | tr -s ' ' | paste -sd';' - || true)"
fi
say "output: $out"
if [[ $check_rc -ne 0 || $failed_workers -ne 0 ]]; then
    say "FAILED: see the figures above"
    exit 1
fi
say "PASSED"
