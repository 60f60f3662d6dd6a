#!/usr/bin/env bash
# Report intake (issue 4) through the real API, beside the machine's own limits.
# Self-contained: packages the service if needed and runs the production jar (prod profile) on a
# throw-away database, with a generated JWT key pair, the bootstrap admin and an S3 server of its own
# (S3Proxy over a filesystem store under target/, a separate process).
#
#   bench/intake.sh              throughput: 16 clients, 3 photos of ≈1.5 MB (4000×3000 JPEG) per report;
#                                (a) intake via POST /api/v1/reports, (b) raw S3 PUT of the same photos to the
#                                same S3 server, (c) raw decode + resize (PhotoProcessor) on one thread per core;
#                                prints intake / min(S3, decode)
#   bench/intake.sh memory       50 concurrent reports of 9 photos just under 10 MiB each, against the service
#                                with the default heap and again with -Xmx512m; all 201? peak heap, peak RSS
#
# Environment: THREADS=16 WARMUP=30 DURATION=60 (seconds), CONCURRENT=50, SMALL_HEAP=-Xmx512m,
# SERVICE_OPTS (extra JVM options for the service, e.g. a JFR recording), PORT=18081, S3_PORT=19081.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-throughput}
PORT=${PORT:-18081}
S3_PORT=${S3_PORT:-19081}
BASE=http://127.0.0.1:$PORT
DB=ssp_bench_intake
PG="-h 127.0.0.1 -U postgres"
WORK=target/bench-intake
THREADS=${THREADS:-16}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-60}
CONCURRENT=${CONCURRENT:-50}
SMALL_HEAP=${SMALL_HEAP:--Xmx512m}
S3_AK=bench-access
S3_SK=bench-secret-key-1
BOX=30.0,120.0,30.1,120.1          # 10 × 10 grids of 0.01°, report points ≈67 m apart inside
CATEGORY=BENCH-ROAD

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
load() { java -cp "$CP" -Dclk="$(getconf CLK_TCK)" -Dthreads="$THREADS" -Dwarmup="$WARMUP" -Dduration="$DURATION" -Dbox=$BOX -Dcategory=$CATEGORY \
  -Dconcurrent="$CONCURRENT" "$@"; }

rm -rf "$WORK/s3" "$WORK/uploads" "$WORK"/*.log
mkdir -p "$WORK/keys" "$WORK/uploads"
[ -f "$WORK/photos/p2.jpg" ] || load cn.suishoupai.report.IntakeLoad photos "$WORK/photos"
if [ "$MODE" = memory ] && [ ! -f "$WORK/big/big8.jpg" ]; then load cn.suishoupai.report.IntakeLoad bigphotos "$WORK/big"; fi

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/private.pem" -pubout -out "$WORK/keys/public.pem"
psql $PG -qc "drop database if exists $DB with (force)" -qc "create database $DB"

S3=; SERVICE=; SAMPLER=
stop_service() {
  if [ -n "$SERVICE" ]; then kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true; SERVICE=; fi
}
cleanup() {
  set +e # a killed process's exit status must not end the clean-up early
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null
  stop_service
  [ -n "$S3" ] && { kill "$S3" 2>/dev/null; wait "$S3" 2>/dev/null; }
  psql $PG -qc "drop database if exists $DB with (force)"
  rm -rf "$WORK/s3" "$WORK/uploads"
}
trap cleanup EXIT

# The S3 server: its own JVM, as MinIO would be its own process.
java -Xmx1g -cp "$CP" cn.suishoupai.report.BenchS3 "$WORK/s3" "$S3_PORT" $S3_AK $S3_SK > "$WORK/s3.log" 2>&1 &
S3=$!
for _ in $(seq 1 120); do grep -q "S3 ready" "$WORK/s3.log" && break; sleep 0.5; done
grep "S3 ready" "$WORK/s3.log"

# start_service LOGNAME [JVM options...]: the production jar, production settings
start_service() {
  local log=$1; shift
  env -i PATH="$PATH" HOME="$HOME" \
    QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION=$PWD/$WORK/keys/public.pem \
    SMALLRYE_JWT_SIGN_KEY_LOCATION=$PWD/$WORK/keys/private.pem \
    SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:$S3_PORT SUISHOUPAI_STORAGE_ACCESS_KEY=$S3_AK SUISHOUPAI_STORAGE_SECRET_KEY=$S3_SK \
    SUISHOUPAI_STORAGE_BUCKET=suishoupai \
    SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME=admin SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-1 \
    SUISHOUPAI_REPORTS_DAILY_LIMIT=1000000 SUISHOUPAI_AUTH_ACCESS_TOKEN_TTL=PT2H \
    QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY=$PWD/$WORK/uploads \
    java "$@" ${SERVICE_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$WORK/$log" 2>&1 &
  SERVICE=$!
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/q/health/ready" && break; sleep 0.5; done
  curl -sf -o /dev/null "$BASE/q/health/ready" || { echo "service not ready; see $WORK/$log"; tail -30 "$WORK/$log"; exit 1; }
  echo "service pid $SERVICE ready (JVM options: ${*:-default} ${SERVICE_OPTS:-}); log $WORK/$log"
}

setup_data() {
  local token
  token=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"bench-admin-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
  post() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$BASE/api/v1/admin/$1" -d "$2" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }
  local d t z1 z2 unit
  d=$(post regions '{"code":"BENCH-D","name":"bench district","level":"DISTRICT"}')
  t=$(post regions "{\"code\":\"BENCH-T\",\"name\":\"bench township\",\"level\":\"TOWNSHIP\",\"parentId\":$d}")
  z1=$(post regions "{\"code\":\"BENCH-Z1\",\"name\":\"bench zone west\",\"level\":\"ZONE\",\"parentId\":$t}")
  z2=$(post regions "{\"code\":\"BENCH-Z2\",\"name\":\"bench zone east\",\"level\":\"ZONE\",\"parentId\":$t}")
  python3 - "$BOX" > "$WORK/grids.geojson" <<'EOF'
import json, sys
lat0, lng0, lat1, lng1 = map(float, sys.argv[1].split(','))
n, cell, feats = 10, (lat1 - lat0) / 10, []
for r in range(n):
    for c in range(n):
        la, ln = lat0 + r * cell, lng0 + c * cell
        ring = [[round(x, 6), round(y, 6)] for x, y in [(ln, la), (ln + cell, la), (ln + cell, la + cell), (ln, la + cell), (ln, la)]]
        code = f"BENCH-G{r}{c}"
        feats.append({"type": "Feature", "properties": {"code": code, "name": code, "zoneCode": "BENCH-Z1" if c < 5 else "BENCH-Z2"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
print(json.dumps({"type": "FeatureCollection", "features": feats}))
EOF
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/geo+json' \
    --data-binary @"$WORK/grids.geojson" "$BASE/api/v1/admin/grids/import"
  unit=$(post units "{\"code\":\"BENCH-ROADS\",\"name\":\"bench roads department\",\"type\":\"DEPARTMENT\",\"regionIds\":[$t]}")
  post categories "{\"code\":\"$CATEGORY\",\"nameZh\":\"道路\",\"nameEn\":\"Road\",\"defaultSeverity\":\"GENERAL\",\"autoDispatch\":true}" >/dev/null
  post routing-rules "{\"categoryCode\":\"$CATEGORY\",\"regionId\":$t,\"target\":\"UNIT\",\"leadUnitId\":$unit,\"assistingUnitIds\":[]}" >/dev/null
  # Residents log in by SMS, which production cannot do without a gateway (the "log" sender is refused in
  # prod); grid workers submit reports through the same endpoint, so the clients are grid workers.
  : > "$WORK/accounts.txt"
  for i in $(seq 1 "$THREADS"); do
    post accounts "{\"username\":\"bench-gw$i\",\"displayName\":\"bench grid worker $i\",\"password\":\"bench-pass-$i\",\"roles\":[\"grid_worker\"],\"regionIds\":[$t]}" >/dev/null
    echo "bench-gw$i bench-pass-$i" >> "$WORK/accounts.txt"
  done
  echo "data: township $t with zones $z1 $z2, 100 grids, unit $unit, category $CATEGORY (auto-dispatch), rule, $THREADS grid workers"
}

login_all() {
  : > "$WORK/tokens.txt"
  while read -r u p; do
    curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"$u\",\"password\":\"$p\"}" \
      | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])' >> "$WORK/tokens.txt"
  done < "$WORK/accounts.txt"
}

service_errors() {
  local n
  n=$(grep -cE ' (ERROR|WARN) ' "$WORK/$1" || true)
  echo "service log $WORK/$1: $n ERROR/WARN lines"
  grep -E ' (ERROR|WARN) ' "$WORK/$1" | head -5 || true
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$MODE" = throughput ]; then
  start_service service.log
  setup_data
  login_all
  load -Xmx1g -Dpids=service:$SERVICE,s3:$S3 cn.suishoupai.report.IntakeLoad intake "$BASE" "$WORK/tokens.txt" "$WORK/photos" | tee "$WORK/intake.out"
  load -Xmx1g -Dpids=s3:$S3 cn.suishoupai.report.IntakeLoad s3 "http://127.0.0.1:$S3_PORT" $S3_AK $S3_SK bench-raw "$WORK/photos" | tee "$WORK/s3.out"
  load cn.suishoupai.report.IntakeLoad decode "$WORK/photos" | tee "$WORK/decode.out"
  service_errors service.log
  echo
  echo "=== summary ($THREADS clients, warm-up ${WARMUP} s, measured ${DURATION} s)"
  grep -h '^RESULT' "$WORK/intake.out" "$WORK/s3.out" "$WORK/decode.out"
  python3 - "$WORK" <<'EOF'
import sys, re
r = {}
for m in ("intake", "s3", "decode"):
    line = [l for l in open(f"{sys.argv[1]}/{m}.out") if l.startswith("RESULT")][0]
    r[m] = dict(kv.split("=") for kv in line.split()[1:])
i, s, d = (float(r[m]["reports_per_s"]) for m in ("intake", "s3", "decode"))
low = min(s, d)
print(f"intake {i:.2f} reports/s (p50 {r['intake']['p50_ms']} ms, p99 {r['intake']['p99_ms']} ms, errors {r['intake']['errors']}); "
      f"raw S3 PUT {s:.2f}; raw decode+resize {d:.2f}")
print(f"intake / min(S3, decode) = {i / low:.0%} (lower limit: {'decode' if d <= s else 'S3'}); target >= 70 %")
EOF
else
  : > "$WORK/memory.out"
  for heap in default "$SMALL_HEAP"; do
    tag=${heap#-X}
    opts=(-Xlog:gc:file=$PWD/$WORK/gc-$tag.log)
    [ "$heap" = default ] || opts+=("$heap")
    start_service "service-$tag.log" "${opts[@]}"
    [ -s "$WORK/accounts.txt" ] && [ "$heap" != default ] || setup_data
    login_all
    # heap used every 200 ms (S0U+S1U+EU+OU, KB)
    jstat -gc "$SERVICE" 200 > "$WORK/jstat-$tag.txt" 2>&1 &
    SAMPLER=$!
    rss_before=$(awk '/VmRSS/{print $2}' /proc/$SERVICE/status)
    echo "--- heap $heap: max heap $(jcmd $SERVICE VM.flags 2>/dev/null | grep -o "MaxHeapSize=[0-9]*" | head -1 | cut -d= -f2 | awk '{printf "%.0f MB", $1/1048576}'), RSS before $((rss_before / 1024)) MB" | tee -a "$WORK/memory.out"
    load -Xmx2g -DpointOffset=$([ "$heap" = default ] && echo 0 || echo 5000) cn.suishoupai.report.IntakeLoad memory "$BASE" "$WORK/tokens.txt" "$WORK/big" | tee -a "$WORK/memory.out"
    kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=
    hwm=$(awk '/VmHWM/{print $2}' /proc/$SERVICE/status)
    peak_jstat=$(awk 'NR>1 && $1 ~ /^[0-9.]+$/ {u=$3+$4+$6+$8; if (u>m) m=u} END {printf "%.0f", m/1024}' "$WORK/jstat-$tag.txt")
    peak_gc=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$WORK/gc-$tag.log" | cut -dM -f1 | sort -n | tail -1)
    after_gc=$(grep -oE '[0-9]+M->[0-9]+M\(' "$WORK/gc-$tag.log" | sed -E 's/.*->([0-9]+)M\(/\1/' | sort -n | tail -1)
    ooms=$(grep -c OutOfMemoryError "$WORK/service-$tag.log" || true)
    echo "heap $heap: peak heap used $peak_jstat MB (jstat, 200 ms samples), ${peak_gc:-?} MB (largest heap before a GC, GC log), ${after_gc:-?} MB (largest heap after a GC); peak RSS $((hwm / 1024)) MB; OutOfMemoryError in log: $ooms" | tee -a "$WORK/memory.out"
    service_errors "service-$tag.log"
    stop_service
  done
  echo
  echo "=== summary"
  grep -E '^(RESULT|heap|---)' "$WORK/memory.out"
fi
