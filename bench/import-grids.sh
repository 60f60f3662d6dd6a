#!/usr/bin/env bash
# Grid import of 10,000 grids of 120 vertices through the real API (issue 3: under 10 s).
# Self-contained: packages the service if needed and runs the production jar (prod profile, as
# deployed) on a database of its own, with a generated JWT key pair and the bootstrap admin, on a
# free port. Creates a township with SIDE zones, writes the GeoJSON (≈46 MB) and times three
# imports: the first creates SIDE × SIDE grids, the next ones find every one unchanged.
#
#   bench/import-grids.sh [side=100]
#   SMOKE=1 bench/import-grids.sh      # 4 × 4 grids: does it still run against this checkout?
source "$(dirname "$0")/lib.sh"
SIDE=${1:-$([ "$SMOKE" = 1 ] && echo 4 || echo 100)}
PORT=${PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT
FILE=$WORK/grids-$SIDE.geojson

bench_jar
bench_cp
java -cp "$CP" cn.suishoupai.routing.GridImportBenchData "$FILE" "$SIDE"

mkdir -p "$WORK/keys"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/private.pem" -pubout -out "$WORK/keys/public.pem"
bench_db_empty service # the service migrates it

bench_spawn "$WORK/service.log" env -i PATH="$PATH" HOME="$HOME" JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-}" \
  QUARKUS_HTTP_PORT="$PORT" \
  QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME="${PGUSER:-postgres}" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/$WORK/keys/public.pem" \
  SMALLRYE_JWT_SIGN_KEY_LOCATION="$PWD/$WORK/keys/private.pem" \
  SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:9 SUISHOUPAI_STORAGE_ACCESS_KEY=x SUISHOUPAI_STORAGE_SECRET_KEY=y \
  SUISHOUPAI_PRIVACY_SECRET=bench-privacy-secret-0123456789abcdef \
  SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME=admin SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-1 \
  java -Xmx2g -jar "$BENCH_JAR"
SERVICE=$SPAWNED
wait_ready "$BASE/q/health/live" "$SERVICE" "$WORK/service.log"

TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-admin-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
post() { curl -sSf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE/api/v1/admin/regions" -d "$1" \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }
D=$(post '{"code":"BENCH-D","name":"bench district","level":"DISTRICT"}')
T=$(post "{\"code\":\"BENCH-T\",\"name\":\"bench township\",\"level\":\"TOWNSHIP\",\"parentId\":$D}")
for z in $(seq 0 $((SIDE - 1))); do
  post "{\"code\":\"BENCH-Z$(printf %02d "$z")\",\"name\":\"bench zone $z\",\"level\":\"ZONE\",\"parentId\":$T}" >/dev/null
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in first second third; do
  curl -s -o "$WORK/import-$run.json" -w "$run import: HTTP %{http_code} in %{time_total} s (upload %{size_upload} bytes)\n" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/geo+json' --data-binary @"$FILE" "$BASE/api/v1/admin/grids/import" \
    | tee "$WORK/import-$run.txt"
  python3 - "$WORK/import-$run.json" "$run" "$((SIDE * SIDE))" <<'PY'
import json, sys
r, run, n = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
print('  created', r.get('created'), 'updated', r.get('updated'), 'unchanged', r.get('unchanged'),
      'overlaps', len(r.get('overlaps', [])), 'gaps', len(r.get('gaps', [])))
expected = ('created' if run == 'first' else 'unchanged', n)
if r.get(expected[0]) != n:
    sys.exit(f"{run} import: expected {expected[0]} = {n}")
PY
  grep -q "HTTP 200 " "$WORK/import-$run.txt" || fail "$run import did not answer 200"
done
check_log "$WORK/service.log"
