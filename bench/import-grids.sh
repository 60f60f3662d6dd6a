#!/usr/bin/env bash
# Grid import of 10,000 grids of 120 vertices through the real API (issue 3: under 10 s).
# Self-contained: packages the service if needed and runs the production jar (prod profile, as
# deployed) on a throw-away database, with a generated JWT key pair and the bootstrap admin.
# Creates a township with 100 zones, writes the GeoJSON (≈46 MB) and times two imports: the
# first creates 10,000 grids, the second finds every one unchanged.
#
#   bench/import-grids.sh [side=100]
set -euo pipefail
cd "$(dirname "$0")/.."
SIDE=${1:-100}
PORT=${PORT:-18080}
BASE=http://127.0.0.1:$PORT
DB=ssp_bench_import
FILE=target/bench-grids-$SIDE.geojson
PG="-h 127.0.0.1 -U postgres"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" cn.suishoupai.routing.GridImportBenchData "$FILE" "$SIDE"

mkdir -p target/bench-keys
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out target/bench-keys/private.pem 2>/dev/null
openssl pkey -in target/bench-keys/private.pem -pubout -out target/bench-keys/public.pem
psql $PG -qc "drop database if exists $DB with (force)" -qc "create database $DB"

env -i PATH="$PATH" HOME="$HOME" \
  QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=$PWD/target/bench-keys/public.pem \
  SMALLRYE_JWT_SIGN_KEY_LOCATION=$PWD/target/bench-keys/private.pem \
  SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:9 SUISHOUPAI_STORAGE_ACCESS_KEY=x SUISHOUPAI_STORAGE_SECRET_KEY=y \
  SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME=admin SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-1 \
  java -Xmx2g -jar target/quarkus-app/quarkus-run.jar > target/bench-import-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null; psql $PG -qc "drop database if exists $DB with (force)"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/q/health/live" && break; sleep 0.5; done

TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-admin-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
post() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE/api/v1/admin/regions" -d "$1" \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }
D=$(post '{"code":"BENCH-D","name":"bench district","level":"DISTRICT"}')
T=$(post "{\"code\":\"BENCH-T\",\"name\":\"bench township\",\"level\":\"TOWNSHIP\",\"parentId\":$D}")
for z in $(seq 0 $((SIDE - 1))); do
  post "{\"code\":\"BENCH-Z$(printf %02d "$z")\",\"name\":\"bench zone $z\",\"level\":\"ZONE\",\"parentId\":$T}" >/dev/null
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in first second third; do
  curl -s -o "target/bench-import-$run.json" -w "$run import: HTTP %{http_code} in %{time_total} s (upload %{size_upload} bytes)\n" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/geo+json' --data-binary @"$FILE" "$BASE/api/v1/admin/grids/import"
  python3 -c "import json; r=json.load(open('target/bench-import-$run.json')); print('  created', r.get('created'), 'updated', r.get('updated'), 'unchanged', r.get('unchanged'), 'overlaps', len(r.get('overlaps', [])), 'gaps', len(r.get('gaps', [])))"
done
