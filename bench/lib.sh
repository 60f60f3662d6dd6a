# Sourced by every bench/*.sh: what a run may touch, and how it cleans up after itself.
#
# - its own database, DB=ssp_bench_<script>_<pid> unless DB is given, made from this checkout's
#   migrations and dropped on exit; KEEP=1 keeps it, and a later run with DB=<that name> reuses its
#   data. A database the script did not make (no "bench/<script>.sh ..." comment) is never touched.
# - its own work directory target/bench/<script>-<pid>, removed on success unless KEEP=1 (kept,
#   with its logs, on failure);
# - the processes it starts (bench_spawn), stopped on exit; ports from the kernel (free_port).
# SMOKE=1 or --smoke: the same steps on tiny data, seconds of measuring, non-zero exit on any error.
# Class path: BENCH_CP if set (the smoke test passes its own), else built with ./mvnw (MAVEN_ARGS=-o
# when offline). The service jar: BENCH_JAR if set, else target/quarkus-app, packaged when missing or
# older than the sources.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BENCH=$(basename "$0" .sh)
SMOKE=${SMOKE:-0}
_args=()
for _a in "$@"; do if [ "$_a" = --smoke ]; then SMOKE=1; else _args+=("$_a"); fi; done
set -- ${_args[@]+"${_args[@]}"}
KEEP=${KEEP:-0}
PG=(-h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}")
DB=${DB:-ssp_bench_${BENCH//-/_}_$$}
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "DB must be a plain lower-case name: $DB" >&2; exit 2; }
JDBC_URL="jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$DB"
WORK=target/bench/$BENCH-$$
mkdir -p "$WORK"
# smoke: every JVM here lives seconds; C1 alone costs less CPU to start (the java launcher reads this)
if [ "$SMOKE" = 1 ]; then export JDK_JAVA_OPTIONS="-XX:TieredStopAtLevel=1 ${JDK_JAVA_OPTIONS:-}"; fi
_db_created=0
_extra_dbs=() # further databases a script made (bench_extra_db), dropped with $DB
_pids=()

psql_admin() { psql "${PG[@]}" -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_db() { psql "${PG[@]}" -d "$DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

# bench_db MARK: makes $DB from the migrations, or reuses it if an earlier run of this script made
# it with the same MARK (a description of its data). Returns 1 when the data is already there.
bench_db() {
  local mark="bench/$BENCH.sh $1" found
  found=$(psql_admin -Atc "select 'x' || coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = '$DB'")
  if [ -n "$found" ]; then
    if [ "$found" = "x$mark" ]; then echo "reusing database $DB ($mark)"; return 1; fi
    echo "database $DB exists and is not one of bench/$BENCH.sh with this data (${found#x}): not touching it" >&2
    exit 2
  fi
  bench_db_empty "$1"
  local f files=()
  for f in $(ls src/main/resources/db/migration/V*.sql | sort -V); do files+=(-f "$f"); done
  psql_db "${files[@]}" # one session, in version order, stopping at the first error
  echo "database $DB: migrations up to $(basename "${files[-1]}")"
}

# bench_db_empty MARK: makes $DB empty, for a service that migrates it itself.
bench_db_empty() {
  psql_admin -c "create database $DB" # fails if it exists: never someone else's
  _db_created=1
  psql_admin -c "comment on database $DB is 'bench/$BENCH.sh $1'"
  echo "database $DB (made by this run)"
}

# bench_extra_db NAME: makes a further empty database NAME, dropped on exit like $DB.
bench_extra_db() {
  psql_admin -c "create database $1" # fails if it exists: never someone else's
  _extra_dbs+=("$1")
  psql_admin -c "comment on database $1 is 'bench/$BENCH.sh extra'"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_spawn LOG COMMAND...: runs COMMAND in the background, output to LOG; sets SPAWNED to its pid.
bench_spawn() {
  local log=$1; shift
  "$@" > "$log" 2>&1 &
  SPAWNED=$!
  _pids+=("$SPAWNED")
}

# bench_stop PID: SIGTERM, then SIGKILL after 30 s.
# bench_stop PID [SECONDS=30]: SIGTERM, then SIGKILL if it has not exited within SECONDS
bench_stop() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 $(( ${2:-30} * 2 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_cp() {
  if [ -z "${BENCH_CP:-}" ]; then
    ./mvnw -q -B test-compile antrun:run@bench-classpath
    BENCH_CP=$(cat target/bench/classpath.txt)
  fi
  CP=$BENCH_CP
}

bench_jar() {
  if [ -z "${BENCH_JAR:-}" ]; then
    BENCH_JAR=target/quarkus-app/quarkus-run.jar
    if [ ! -f "$BENCH_JAR" ] || [ -n "$(find src/main pom.xml -newer "$BENCH_JAR" -print -quit)" ]; then
      ./mvnw -q -B package -DskipTests
    fi
  fi
}

# wait_ready URL PID LOG: until URL answers 2xx; fails if PID dies or after 120 s.
wait_ready() {
  local url=$1 pid=$2 log=$3 i
  for i in $(seq 1 240); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "not ready: $url; last lines of $log:" >&2
  tail -30 "$log" >&2
  exit 1
}

# check_log LOG: prints its ERROR/WARN lines (plain, or the production JSON lines); in smoke mode an ERROR line
# fails the run.
check_log() {
  local n
  n=$(grep -cE ' (ERROR|WARN) |"level":"(ERROR|WARN)"' "$1" || true)
  echo "service log $1: $n ERROR/WARN lines"
  grep -E ' (ERROR|WARN) |"level":"(ERROR|WARN)"' "$1" | head -5 || true
  if [ "$SMOKE" = 1 ] && grep -qE ' ERROR |"level":"ERROR"' "$1"; then echo "smoke: ERROR in $1" >&2; exit 1; fi
}

fail() { echo "FAILED: $*" >&2; exit 1; }

_bench_exit() {
  local rc=$?
  set +e # a killed process's status must not end the clean-up early
  local i
  for ((i = ${#_pids[@]} - 1; i >= 0; i--)); do bench_stop "${_pids[$i]}"; done
  if [ "$_db_created" = 1 ]; then
    if [ "$KEEP" = 1 ]; then echo "kept database $DB (reuse: DB=$DB; drop: dropdb ${PG[*]} $DB)"
    else psql_admin -c "drop database if exists $DB with (force)"; fi
  fi
  for i in ${_extra_dbs[@]+"${_extra_dbs[@]}"}; do
    if [ "$KEEP" = 1 ]; then echo "kept database $i"; else psql_admin -c "drop database if exists $i with (force)"; fi
  done
  if [ "$rc" = 0 ] && [ "$KEEP" != 1 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
  if [ "$rc" = 0 ]; then echo "bench/$BENCH.sh: OK"; else echo "bench/$BENCH.sh: FAILED (exit $rc)" >&2; fi
  exit "$rc"
}
trap _bench_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The JVM options the production image runs the service with that matter for speed: the upload workers at nice 19
# (docker/Dockerfile). PRIORITY_OPTS= (empty) runs them at normal priority, for comparison.
PRIORITY_OPTS=${PRIORITY_OPTS--XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}
# The image's G1 region size (docker/Dockerfile): decoded photos are ordinary young objects instead of humongous ones.
# uploads.sh runs its decode baseline with it too, so that both sides of the ratio use the same collector settings.
# GC_OPTS= (empty) for the JVM's default regions.
GC_OPTS=${GC_OPTS--XX:G1HeapRegionSize=32m}
