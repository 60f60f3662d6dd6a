#!/usr/bin/env bash
# The routing snapshot (issue 17): retained heap against the grids' raw coordinates, and the rebuild
# after a change to one township, the old way (every grid parsed, a prepared polygon each, on every
# change) and the new way (only the changed township), side by side in one JVM on one database.
# Self-contained: its own database from this checkout's migrations, grids written with plain JDBC
# (SnapshotBench), nothing else started.
#
#   bench/routing-snapshot.sh [side=100] [verticesPerEdge=50] [townships=100] [runs=10]
#   SMOKE=1 bench/routing-snapshot.sh     # 4 × 4 grids of 16 vertices in 4 townships, 2 runs
source "$(dirname "$0")/lib.sh"
if [ "$SMOKE" = 1 ]; then DEFAULTS=(4 4 4 2); HEAP=256m; else DEFAULTS=(100 50 100 10); HEAP=${HEAP:-3g}; fi
SIDE=${1:-${DEFAULTS[0]}}
VPE=${2:-${DEFAULTS[1]}}
TOWNSHIPS=${3:-${DEFAULTS[2]}}
RUNS=${4:-${DEFAULTS[3]}}

bench_cp
bench_db "side=$SIDE vpe=$VPE townships=$TOWNSHIPS" || fail "reuse is not supported: the grids are written by the run"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Serial GC: full collections between the measurements, so the retained heap is exact
java -XX:+UseSerialGC -Xms$HEAP -Xmx$HEAP -cp "$CP" cn.suishoupai.routing.SnapshotBench \
  "$JDBC_URL" "$SIDE" "$VPE" "$TOWNSHIPS" "$RUNS" | tee "$WORK/result.txt"
grep -q "RESULT what=lookups .* same=true" "$WORK/result.txt" || fail "old and new routing were not compared"
grep -q "RESULT what=one-township-rebuild" "$WORK/result.txt" || fail "no rebuild measured"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
