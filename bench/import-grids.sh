#!/usr/bin/env bash
# Grid import of 10,000 grids of 120 vertices through the real API (issue 3: under 10 s).
# Needs the local run on $BASE (./mvnw quarkus:dev, demo admin account). Creates a township
# BENCH-T with 100 zones (once), writes the GeoJSON (≈50 MB) and times two imports: the first
# creates 10,000 grids, the second finds every one unchanged.
#
#   bench/import-grids.sh [side=100]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://localhost:8080}
SIDE=${1:-100}
FILE=target/bench-grids-$SIDE.geojson

./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" cn.suishoupai.routing.GridImportBenchData "$FILE" "$SIDE"

TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"demo1234"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
api() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
id_of() { curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/admin/regions?level=$1" | python3 -c "import sys,json; print(next(r['id'] for r in json.load(sys.stdin) if r['code']=='$2'))"; }

api -X POST "$BASE/api/v1/admin/regions" -d '{"code":"BENCH-D","name":"bench district","level":"DISTRICT"}' >/dev/null
D=$(id_of DISTRICT BENCH-D)
api -X POST "$BASE/api/v1/admin/regions" -d "{\"code\":\"BENCH-T\",\"name\":\"bench township\",\"level\":\"TOWNSHIP\",\"parentId\":$D}" >/dev/null
T=$(id_of TOWNSHIP BENCH-T)
for z in $(seq 0 $((SIDE - 1))); do
  api -X POST "$BASE/api/v1/admin/regions" -d "{\"code\":\"BENCH-Z$(printf %02d "$z")\",\"name\":\"bench zone $z\",\"level\":\"ZONE\",\"parentId\":$T}" >/dev/null
done

for run in first second; do
  curl -s -o "target/bench-import-$run.json" -w "$run import: HTTP %{http_code} in %{time_total} s (upload %{size_upload} bytes)\n" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/geo+json' --data-binary @"$FILE" "$BASE/api/v1/admin/grids/import"
  python3 -c "import json; r=json.load(open('target/bench-import-$run.json')); print('  created', r.get('created'), 'updated', r.get('updated'), 'unchanged', r.get('unchanged'), 'overlaps', len(r.get('overlaps', [])), 'gaps', len(r.get('gaps', [])))"
done
