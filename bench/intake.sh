#!/usr/bin/env bash
# Report intake (issue 4) through the real API, beside the machine's own limits.
# Self-contained: packages the service if needed and runs the production jar (prod profile) on a
# database of its own (bench/lib.sh), with a generated JWT key pair, the bootstrap admin and an S3
# server of its own (S3Proxy over a filesystem store under target/bench/, a separate process), on
# free ports.
#
#   bench/intake.sh              throughput: 16 clients, 3 photos of ≈1.5 MB (4000×3000 JPEG) per report;
#                                (a) intake via POST /api/v1/reports, (b) raw S3 PUT of the same photos to the
#                                same S3 server, (c) raw decode + resize (PhotoProcessor) on one thread per core;
#                                prints intake / min(S3, decode)
#   bench/intake.sh memory       50 concurrent reports of 9 photos just under 10 MiB each, against the service
#                                with the default heap and again with -Xmx512m; all 201? peak heap, peak RSS
#
#   SMOKE=1 bench/intake.sh [memory]  2 clients, 800×600 photos, 1 s warm-up, 3 s measured (memory: 2 requests):
#                                does it still run against this checkout? Fails on any error.
#
# Environment: THREADS=16 WARMUP=30 DURATION=60 (seconds), CONCURRENT=50, SMALL_HEAP=-Xmx512m,
# WIDTH=4000 HEIGHT=3000 (photos; generated once into target/bench/photos-WxH and big-WxH),
# SERVICE_OPTS (extra JVM options for the service, e.g. a JFR recording), PORT and S3_PORT (free ones).
source "$(dirname "$0")/lib.sh"
MODE=${1:-throughput}
small() { if [ "$SMOKE" = 1 ]; then echo "$1"; else echo "$2"; fi; }
PORT=${PORT:-$(free_port)}
S3_PORT=${S3_PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT
THREADS=${THREADS:-$(small 2 16)}
WARMUP=${WARMUP:-$(small 1 30)}
DURATION=${DURATION:-$(small 3 60)}
CONCURRENT=${CONCURRENT:-$(small 2 50)}
WIDTH=${WIDTH:-$(small 800 4000)}
HEIGHT=${HEIGHT:-$(small 600 3000)}
PHOTOS=target/bench/photos-${WIDTH}x$HEIGHT
BIG=target/bench/big-${WIDTH}x$HEIGHT
SMALL_HEAP=${SMALL_HEAP:--Xmx512m}
S3_AK=bench-access
S3_SK=bench-secret-key-1
BOX=30.0,120.0,30.1,120.1          # 10 × 10 grids of 0.01°, report points ≈67 m apart inside
CATEGORY=BENCH-ROAD

bench_jar
bench_cp
load() { java -cp "$CP" -Dclk="$(getconf CLK_TCK)" -Dthreads="$THREADS" -Dwarmup="$WARMUP" -Dduration="$DURATION" -Dbox=$BOX -Dcategory=$CATEGORY \
  -Dconcurrent="$CONCURRENT" -Dwidth="$WIDTH" -Dheight="$HEIGHT" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@"; }
# photos DIR|bigphotos DIR: generated once, into a new directory renamed into place when complete
cached() {
  [ -d "$2" ] && return 0
  load cn.suishoupai.report.IntakeLoad "$1" "$WORK/$1"
  mv -T "$WORK/$1" "$2" 2>/dev/null || true # another run may have made it meanwhile
}

mkdir -p "$WORK/keys" "$WORK/uploads"
cached photos "$PHOTOS"
if [ "$MODE" = memory ]; then cached bigphotos "$BIG"; fi

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/private.pem" -pubout -out "$WORK/keys/public.pem"
bench_db_empty service # the service migrates it

SERVICE=; SAMPLER=
stop_service() {
  if [ -n "$SERVICE" ]; then bench_stop "$SERVICE"; SERVICE=; fi
}

# The S3 server: its own JVM, as MinIO would be its own process.
bench_spawn "$WORK/s3.log" java -Xmx1g -cp "$CP" cn.suishoupai.report.BenchS3 "$WORK/s3" "$S3_PORT" $S3_AK $S3_SK
S3=$SPAWNED
for _ in $(seq 1 240); do grep -q "S3 ready" "$WORK/s3.log" && break; kill -0 "$S3" 2>/dev/null || break; sleep 0.5; done
grep "S3 ready" "$WORK/s3.log" || { tail -20 "$WORK/s3.log"; fail "the S3 server did not start"; }

# start_service LOGNAME [JVM options...]: the production jar, production settings
start_service() {
  local log=$1; shift
  bench_spawn "$WORK/$log" env -i PATH="$PATH" HOME="$HOME" JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-}" \
    QUARKUS_HTTP_PORT="$PORT" \
    QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME="${PGUSER:-postgres}" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION=$PWD/$WORK/keys/public.pem \
    SMALLRYE_JWT_SIGN_KEY_LOCATION=$PWD/$WORK/keys/private.pem \
    SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:$S3_PORT SUISHOUPAI_STORAGE_ACCESS_KEY=$S3_AK SUISHOUPAI_STORAGE_SECRET_KEY=$S3_SK \
    SUISHOUPAI_STORAGE_BUCKET=suishoupai SUISHOUPAI_PRIVACY_SECRET=bench-privacy-secret-0123456789abcdef \
    SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME=admin SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-1 \
    SUISHOUPAI_REPORTS_DAILY_LIMIT=1000000 SUISHOUPAI_AUTH_ACCESS_TOKEN_TTL=PT2H \
    QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY=$PWD/$WORK/uploads \
    java "$@" $PRIORITY_OPTS $GC_OPTS ${SERVICE_OPTS:-} -jar "$BENCH_JAR"
  SERVICE=$SPAWNED
  wait_ready "$BASE/q/health/ready" "$SERVICE" "$WORK/$log"
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

service_errors() { check_log "$WORK/$1"; }

# smoke: every RESULT line of FILE must show work done and no error, in any phase (the measured
# window of a smoke run is too short to count on)
check_results() {
  [ "$SMOKE" = 1 ] || return 0
  grep -q '^RESULT' "$1" || fail "no RESULT line in $1"
  if grep '^RESULT' "$1" | grep -qE ' (errors|errors_all|failed)=[1-9]| (ok_all|created)=0( |$)'; then fail "errors or no work in $1"; fi
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$MODE" = throughput ]; then
  start_service service.log
  setup_data
  login_all
  load -Xmx1g -Dpids=service:$SERVICE,s3:$S3 cn.suishoupai.report.IntakeLoad intake "$BASE" "$WORK/tokens.txt" "$PHOTOS" | tee "$WORK/intake.out"
  load -Xmx1g -Dpids=s3:$S3 cn.suishoupai.report.IntakeLoad s3 "http://127.0.0.1:$S3_PORT" $S3_AK $S3_SK bench-raw "$PHOTOS" | tee "$WORK/s3.out"
  load $GC_OPTS cn.suishoupai.report.IntakeLoad decode "$PHOTOS" | tee "$WORK/decode.out"
  for m in intake s3 decode; do check_results "$WORK/$m.out"; done
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
print(f"intake / min(S3, decode) = {i / low if low else float('nan'):.0%} (lower limit: {'decode' if d <= s else 'S3'}); target >= 70 %")
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
    bench_spawn "$WORK/jstat-$tag.txt" jstat -gc "$SERVICE" 200
    SAMPLER=$SPAWNED
    rss_before=$(awk '/VmRSS/{print $2}' /proc/$SERVICE/status)
    echo "--- heap $heap: max heap $(jcmd $SERVICE VM.flags 2>/dev/null | grep -o "MaxHeapSize=[0-9]*" | head -1 | cut -d= -f2 | awk '{printf "%.0f MB", $1/1048576}'), RSS before $((rss_before / 1024)) MB" | tee -a "$WORK/memory.out"
    load -Xmx2g -DpointOffset=$([ "$heap" = default ] && echo 0 || echo 5000) cn.suishoupai.report.IntakeLoad memory "$BASE" "$WORK/tokens.txt" "$BIG" | tee -a "$WORK/memory.out"
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
  check_results "$WORK/memory.out"
fi
