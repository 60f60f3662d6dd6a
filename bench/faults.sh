#!/usr/bin/env bash
# Three instances under faults (issue 17): three instances of the production jar (prod profile) on one PostgreSQL
# database (of its own, bench/lib.sh) and one S3 server (BenchS3: S3Proxy over a filesystem store), behind a small
# round-robin TCP load balancer that skips dead backends, driven by residents (SMS login through the drill's gateway
# stub, photo uploads, reports retried with their Idempotency-Key), a unit, a dispatcher and finance, while instances
# are killed with SIGKILL and restarted with the same settings and the S3 server is killed for a while and restarted
# on the same directory. Then it checks, from the database, the bucket and the stubs (cn.suishoupai.ops.FaultDrill):
# every report answered 2xx is there with all its photos and their objects, nothing half-written, no object without
# a row after the cleanup grace, no report stored twice, every chase step raised once and none left due, every outbox
# event delivered and seen by the webhook receiver (deduplicated by event id), no reward accrued twice, no payout
# line paid twice, /api/v1/rewards/consistency clean, a routing change through one instance used by all three within
# 5 s. Prints a RESULT line and exits non-zero when any check fails.
#
#   bench/faults.sh            the full drill: 8 residents, 300 s of load, 6 instance kills, 2 S3 outages of 15 s
#   SMOKE=1 bench/faults.sh    the short drill FaultsIT runs in ./mvnw verify: 3 residents, 75 s, 2 kills, 1 outage
#
# Environment: DURATION (s of load), RESIDENTS, KILLS, S3_OUTAGES, S3_DOWN (s), SERVICE_OPTS (JVM options of the
# instances), BENCH_JAR, BENCH_CP, KEEP=1 (keep the database and target/bench/faults-PID with the logs).
source "$(dirname "$0")/lib.sh"
small() { if [ "$SMOKE" = 1 ]; then echo "$1"; else echo "$2"; fi; }
DURATION=${DURATION:-$(small 75 300)}
RESIDENTS=${RESIDENTS:-$(small 3 8)}
KILLS=${KILLS:-$(small 2 6)}
S3_OUTAGES=${S3_OUTAGES:-$(small 1 2)}
S3_DOWN=${S3_DOWN:-15}
# C1 only in the short drill: three instances start (and restart) on a shared 2-core machine
SERVICE_OPTS=${SERVICE_OPTS:-$(small "-XX:TieredStopAtLevel=1" "")}

bench_jar
bench_cp
bench_db_empty service # the first instance migrates it

# the drill's children (instances, S3 server) are its own; if it is killed they must go too
_faults_exit() {
  local rc=$?
  if [ -f "$WORK/children.pids" ]; then
    while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done < "$WORK/children.pids"
  fi
  (exit "$rc")
  _bench_exit
}
trap _faults_exit EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | grep -v NOTE | head -1); uptime: $(uptime)"
# shellcheck disable=SC2086
bench_spawn "$WORK/drill.out" java -Xmx768m -cp "$CP" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dduration="$DURATION" -Dresidents="$RESIDENTS" -Dkills="$KILLS" -Ds3Outages="$S3_OUTAGES" -Ds3Down="$S3_DOWN" \
  -DserviceOpts="$SERVICE_OPTS" -DdbUser="${PGUSER:-postgres}" \
  cn.suishoupai.ops.FaultDrill "$PWD/$WORK" "$BENCH_JAR" "$JDBC_URL"
DRILL=$SPAWNED
tail -n +1 -f "$WORK/drill.out" --pid "$DRILL" &
rc=0
wait "$DRILL" || rc=$?
sleep 0.5
echo "uptime after: $(uptime)"
for i in 0 1 2; do
  log=$WORK/instance-$i.log
  [ -f "$log" ] || continue
  echo "instance-$i: $(grep -c 'started in' "$log" || true) starts, $(grep -cE ' ERROR ' "$log" || true) ERROR lines, $(grep -cE ' WARN ' "$log" || true) WARN lines"
done
grep -q '^RESULT' "$WORK/drill.out" || fail "the drill did not finish (exit $rc): see $WORK"
[ "$rc" = 0 ] || fail "checks failed (exit $rc): $(grep '^CHECK FAILED' "$WORK/drill.out" | tr '\n' ' ')"
