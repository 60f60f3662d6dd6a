#!/usr/bin/env bash
# The dispatcher's console with a large county (issue 15): the review queue's time from navigation
# to interactive with 10,000 reports waiting, and the tickets map drawing 10,000 grid polygons
# (canvas renderer): its draw time and the longest main-thread task. Self-contained like
# import-grids.sh: the production jar (prod profile, with the built console) on a database of its
# own, a township of SIDE × SIDE grids (16 vertices each) imported through the API, a dispatcher
# scoped to it, REPORTS reports queued by SQL; then src/main/webui/bench/console-map.mjs drives
# Debian's Chromium (headless) through the console and prints the numbers (also to
# target/bench/console-map.json). The packaged service must include the console (no -Dwebui.skip).
#
#   bench/console-map.sh [side=100] [reports=10000]
#   SMOKE=1 bench/console-map.sh        # 5 × 5 grids, 50 reports
source "$(dirname "$0")/lib.sh"
SIDE=${1:-$([ "$SMOKE" = 1 ] && echo 5 || echo 100)}
REPORTS=${2:-$([ "$SMOKE" = 1 ] && echo 50 || echo 10000)}
PORT=${PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT
FILE=$WORK/grids-$SIDE.geojson

bench_jar

# a lattice of SIDE × SIDE squares of 0.005° (~500 m) from (27.5, 112.5), 4 vertices per edge; a zone
# (片区) = 10 columns
python3 - "$FILE" "$SIDE" <<'PY'
import json, sys
path, side = sys.argv[1], int(sys.argv[2])
lat0, lng0, c = 27.5, 112.5, 0.005
def ring(r, k):
    a, b = lat0 + r * c, lng0 + k * c
    pts = []
    for i in range(4): pts.append([b + c * i / 4, a])
    for i in range(4): pts.append([b + c, a + c * i / 4])
    for i in range(4): pts.append([b + c - c * i / 4, a + c])
    for i in range(4): pts.append([b, a + c - c * i / 4])
    pts.append(pts[0])
    return [[round(x, 7), round(y, 7)] for x, y in pts]
features = [{"type": "Feature", "properties": {"code": f"CM-{r:03d}-{k:03d}", "name": f"网格 {r}-{k}", "zoneCode": f"CM-Z{k // 10:03d}"},
             "geometry": {"type": "Polygon", "coordinates": [ring(r, k)]}} for r in range(side) for k in range(side)]
json.dump({"type": "FeatureCollection", "features": features}, open(path, "w"))
print(f"{len(features)} grids written to {path}")
PY

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
post() { curl -sSf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE$1" -d "$2" \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }
D=$(post /api/v1/admin/regions '{"code":"CM-D","name":"bench county","level":"DISTRICT"}')
T=$(post /api/v1/admin/regions "{\"code\":\"CM-T\",\"name\":\"bench township\",\"level\":\"TOWNSHIP\",\"parentId\":$D}")
for z in $(seq 0 $(((SIDE - 1) / 10))); do
  post /api/v1/admin/regions "{\"code\":\"CM-Z$(printf %03d "$z")\",\"name\":\"片区 $z\",\"level\":\"ZONE\",\"parentId\":$T}" >/dev/null
done
curl -sSf -o /dev/null -w "grid import: HTTP %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/geo+json' --data-binary @"$FILE" "$BASE/api/v1/admin/grids/import"
post /api/v1/admin/accounts "{\"username\":\"cm-dispatcher\",\"displayName\":\"bench dispatcher\",\"password\":\"Bench-dispatch-1\",\"roles\":[\"dispatcher\"],\"regionIds\":[$T]}" >/dev/null

# REPORTS anonymous reports waiting for review, spread over the lattice (no photos: the queue's cost is the query)
psql_db -c "insert into report (reporter_role, anonymous, claim_code_hash, status, input_lat, input_lng, input_crs, lat, lng,
    description, township_id, routing, review_reasons, created_at, updated_at, review_due_at)
  select 'resident', true, md5('cm-bench-' || i), 'PENDING_REVIEW', la, ln, 'WGS84', la, ln, '基准测试线索 ' || i, $T,
    '{\"status\":\"NEEDS_DISPATCHER\",\"reasons\":[\"NO_RULE\"]}'::jsonb, '{NO_RULE}',
    now() - make_interval(mins => i), now() - make_interval(mins => i), now() + make_interval(hours => 4) - make_interval(mins => i)
  from (select i, 27.5 + ((i * 7919) % ($SIDE * 100)) * 0.00005 * 1.0 / 1 as la,
               112.5 + ((i * 104729) % ($SIDE * 100)) * 0.00005 as ln from generate_series(1, $REPORTS) i) s"
psql_db -c "analyze report"
echo "queued: $(psql_db -Atc "select count(*) from report where status = 'PENDING_REVIEW'") reports; grids: $(psql_db -Atc "select count(*) from region where level = 'GRID'")"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd src/main/webui && BASE_URL=$BASE USERNAME=cm-dispatcher PASSWORD=Bench-dispatch-1 GRIDS=$((SIDE * SIDE)) \
  RESULT="$PWD/../../../target/bench/console-map.json" node bench/console-map.mjs)
check_log "$WORK/service.log"
