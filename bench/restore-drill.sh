#!/usr/bin/env bash
# Restore drill (docs/OPERATIONS.md §9): make a small data set through the API, back it up as the operations guide
# says (a database dump taken while the service runs, then a copy of the object store), restore both into a FRESH
# database and a FRESH store, start the service on them, and check:
#   - the restored service is ready (database and storage checks UP) and signs people in;
#   - GET /api/v1/rewards/consistency is consistent (the money adds up from the restored ledger);
#   - every photo row's objects (original, display copy, thumbnail) are in the restored store, and the resident's
#     photos open through presigned URLs of the restored service;
#   - the business tables hold the same rows as the source (reports, tickets, photos, rewards, ledger, accounts,
#     regions, audit entries written before the dump).
# Self-contained like bench/uploads.sh (bench/lib.sh): the production jar, databases of its own (dropped on exit),
# S3 servers of its own (BenchS3: S3Proxy over a filesystem store), an SMS gateway stand-in (python3, codes to a
# file), free ports. Prints "RESTORE DRILL OK" and exits 0 when every check passes. RestoreDrillIT runs it.
#
#   bench/restore-drill.sh            KEEP=1 keeps the databases and the work directory
source "$(dirname "$0")/lib.sh"
PORT=${PORT:-$(free_port)}
S3_PORT=${S3_PORT:-$(free_port)}
SMS_PORT=$(free_port)
S3_AK=drill-access
S3_SK=drill-secret-key-1
ADMIN_PASSWORD=drill-admin-1
BOX=31.0,121.0,31.04,121.04 # 4 × 4 grids of 0.01°
CATEGORY=DRILL-FIRE
SOURCE_DB=$DB
RESTORED_DB=${DB}_restored
BASE=http://127.0.0.1:$PORT

bench_jar
bench_cp
mkdir -p "$WORK/keys" "$WORK/tmp" "$WORK/backup"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/private.pem" -pubout -out "$WORK/keys/public.pem"
bench_db_empty source

# The SMS gateway: the service POSTs {"phone","code",...}; the last code per phone lands in sms/<phone>.
mkdir -p "$WORK/sms"
bench_spawn "$WORK/sms.log" python3 -c '
import http.server, json, sys, os
d = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if "code" in body:
            open(os.path.join(d, body["phone"]), "w").write(body["code"])
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
' "$SMS_PORT" "$WORK/sms"

# start_s3 DIR: an S3 server over DIR on $S3_PORT; sets S3
start_s3() {
  bench_spawn "$WORK/s3-$(basename "$1").log" java -Xmx512m -cp "$CP" cn.suishoupai.report.BenchS3 "$1" "$S3_PORT" $S3_AK $S3_SK
  S3=$SPAWNED
  for _ in $(seq 1 240); do grep -q "S3 ready" "$WORK/s3-$(basename "$1").log" && break; kill -0 "$S3" 2>/dev/null || break; sleep 0.5; done
  grep -q "S3 ready" "$WORK/s3-$(basename "$1").log" || fail "the S3 server over $1 did not start"
}

# start_service DB LOG: the production jar on database DB and the S3 server; sets SERVICE
start_service() {
  bench_spawn "$WORK/$2" env -i PATH="$PATH" HOME="$HOME" JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-}" \
    QUARKUS_HTTP_PORT="$PORT" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$1" \
    QUARKUS_DATASOURCE_USERNAME="${PGUSER:-postgres}" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION=$PWD/$WORK/keys/public.pem \
    SMALLRYE_JWT_SIGN_KEY_LOCATION=$PWD/$WORK/keys/private.pem \
    SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:$S3_PORT SUISHOUPAI_STORAGE_ACCESS_KEY=$S3_AK \
    SUISHOUPAI_STORAGE_SECRET_KEY=$S3_SK SUISHOUPAI_STORAGE_BUCKET=suishoupai \
    SUISHOUPAI_PRIVACY_SECRET=drill-privacy-secret-0123456789abcdef \
    SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME=admin SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD \
    SUISHOUPAI_AUTH_SMS_SENDER=http SUISHOUPAI_AUTH_SMS_HTTP_URL=http://127.0.0.1:$SMS_PORT/sms \
    java -Xmx384m -Djava.io.tmpdir="$PWD/$WORK/tmp" -jar "$BENCH_JAR"
  SERVICE=$SPAWNED
  wait_ready "$BASE/q/health/ready" "$SERVICE" "$WORK/$2"
}

json() { python3 -c "import sys,json; v=json.load(sys.stdin); print(eval(sys.argv[1], {'v': v}))" "$1"; }
login() { curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"$2\"}" | json 'v["accessToken"]'; }
api() { local token=$1 method=$2 path=$3; shift 3; curl -sf -X "$method" -H "Authorization: Bearer $token" "$@" "$BASE$path"; }
anon_post() { curl -sf -X POST -H 'Content-Type: application/json' -d "$2" "$BASE$1"; }
post_json() { api "$1" POST "$2" -H 'Content-Type: application/json' -d "$3"; }

# ---------------------------------------------------------------- 1. the source: a small data set through the API
start_s3 "$WORK/s3-source"
start_service "$SOURCE_DB" service-source.log
admin=$(login admin $ADMIN_PASSWORD)
d=$(post_json "$admin" /api/v1/admin/regions '{"code":"DRILL-D","name":"drill district","level":"DISTRICT"}' | json 'v["id"]')
t=$(post_json "$admin" /api/v1/admin/regions "{\"code\":\"DRILL-T\",\"name\":\"drill township\",\"level\":\"TOWNSHIP\",\"parentId\":$d}" | json 'v["id"]')
post_json "$admin" /api/v1/admin/regions "{\"code\":\"DRILL-Z\",\"name\":\"drill zone\",\"level\":\"ZONE\",\"parentId\":$t}" >/dev/null
python3 - "$BOX" > "$WORK/grids.geojson" <<'EOF'
import json, sys
lat0, lng0, lat1, lng1 = map(float, sys.argv[1].split(','))
n, cell, feats = 4, (lat1 - lat0) / 4, []
for r in range(n):
    for c in range(n):
        la, ln = lat0 + r * cell, lng0 + c * cell
        ring = [[round(x, 6), round(y, 6)] for x, y in [(ln, la), (ln + cell, la), (ln + cell, la + cell), (ln, la + cell), (ln, la)]]
        feats.append({"type": "Feature", "properties": {"code": f"DRILL-G{r}{c}", "name": f"G{r}{c}", "zoneCode": "DRILL-Z"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
print(json.dumps({"type": "FeatureCollection", "features": feats}))
EOF
api "$admin" POST /api/v1/admin/grids/import -o /dev/null -H 'Content-Type: application/geo+json' --data-binary @"$WORK/grids.geojson"
unit=$(post_json "$admin" /api/v1/admin/units "{\"code\":\"DRILL-FD\",\"name\":\"drill fire station\",\"type\":\"DEPARTMENT\",\"regionIds\":[$t]}" | json 'v["id"]')
post_json "$admin" /api/v1/admin/categories "{\"code\":\"$CATEGORY\",\"nameZh\":\"消防\",\"nameEn\":\"Fire\",\"defaultSeverity\":\"GENERAL\",\"autoDispatch\":true}" >/dev/null
post_json "$admin" /api/v1/admin/routing-rules "{\"categoryCode\":\"$CATEGORY\",\"regionId\":$t,\"target\":\"UNIT\",\"leadUnitId\":$unit,\"assistingUnitIds\":[]}" >/dev/null
post_json "$admin" /api/v1/admin/reward-rules "{\"categoryCode\":\"$CATEGORY\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":2000,\"validFrom\":\"$(date -d yesterday +%F)\"}" >/dev/null
post_json "$admin" /api/v1/admin/accounts "{\"username\":\"drill-gw\",\"displayName\":\"drill grid worker\",\"password\":\"drill-pass-1\",\"roles\":[\"grid_worker\"],\"regionIds\":[$t]}" >/dev/null
gw=$(login drill-gw drill-pass-1)

# a resident signs in by SMS code and reports three hazards with photos; the grid worker verifies two (rewards)
phone=13900000001
anon_post /api/v1/auth/sms/request "{\"phone\":\"$phone\"}" >/dev/null
resident=$(anon_post /api/v1/auth/sms/verify "{\"phone\":\"$phone\",\"code\":\"$(cat "$WORK/sms/$phone")\"}" | json 'v["accessToken"]')
java -cp "$CP" -Dwidth=800 -Dheight=600 cn.suishoupai.report.IntakeLoad photos "$WORK/photos" >/dev/null
mapfile -t photos < <(ls "$WORK"/photos/*.jpg | head -3)
[ ${#photos[@]} = 3 ] || fail "no photos generated in $WORK/photos"
tickets=()
for i in 0 1 2; do
  lat=$(python3 -c "print(31.005 + 0.01 * $i)"); lng=$(python3 -c "print(121.005 + 0.01 * $i)")
  r=$(api "$resident" POST /api/v1/reports -F "photos=@${photos[$i]};type=image/jpeg" -F lat="$lat" -F lng="$lng" \
        -F crs=WGS84 -F category=$CATEGORY -F "description=楼道堆放杂物 $i")
  tickets+=("$(echo "$r" | json 'v["ticketId"]')")
done
for i in 0 1; do
  api "$gw" POST "/api/v1/tickets/${tickets[$i]}/actions/verify" -o /dev/null -F real=true -F note=现场核实
done
echo "source: township $t, 16 grids, 3 reports with photos, tickets ${tickets[*]}, 2 verified (rewards)"

# ---------------------------------------------------------------- 2. the backup, as docs/OPERATIONS.md §9 says
# the database first, while the service runs (one consistent snapshot) ...
pg_dump "${PG[@]}" -Fc -f "$WORK/backup/suishoupai.dump" "$SOURCE_DB"
# ... then the objects (in production: mc mirror, or the bucket's replica): whatever the dump names is in the copy
cp -a "$WORK/s3-source" "$WORK/backup/s3"
echo "backup: dump $(du -h "$WORK/backup/suishoupai.dump" | cut -f1), store $(du -sh "$WORK/backup/s3" | cut -f1)"
bench_stop "$SERVICE"
bench_stop "$S3"

# ---------------------------------------------------------------- 3. the restore: a fresh database and a fresh store
bench_extra_db "$RESTORED_DB"
pg_restore "${PG[@]}" -d "$RESTORED_DB" --no-owner --exit-on-error "$WORK/backup/suishoupai.dump"
cp -a "$WORK/backup/s3" "$WORK/s3-restored"
start_s3 "$WORK/s3-restored"
start_service "$RESTORED_DB" service-restored.log
echo "restored: database $RESTORED_DB, store $WORK/s3-restored; service ready"

# ---------------------------------------------------------------- 4. the checks
admin=$(login admin $ADMIN_PASSWORD) || fail "the admin cannot sign in on the restored service"
consistency=$(api "$admin" GET /api/v1/rewards/consistency)
[ "$(echo "$consistency" | json 'v["consistent"]')" = True ] || fail "rewards not consistent: $consistency"
rewards=$(psql "${PG[@]}" -d "$RESTORED_DB" -Atc "select count(*) from reward")
[ "$rewards" -ge 2 ] || fail "expected the 2 rewards, found $rewards"
echo "check: rewards consistency clean ($rewards rewards)"

missing=0; objects=0
while IFS='|' read -r key; do
  objects=$((objects + 1))
  [ -f "$WORK/s3-restored/suishoupai/$key" ] || { echo "missing object: $key" >&2; missing=$((missing + 1)); }
done < <(psql "${PG[@]}" -d "$RESTORED_DB" -Atc "select original_key from photo union all select display_key from photo union all select thumb_key from photo")
[ "$objects" -ge 9 ] || fail "expected the photos' 9 objects, the database names $objects"
[ "$missing" = 0 ] || fail "$missing of $objects photo objects missing from the restored store"
for id in $(api "$resident" GET /api/v1/reports/mine | json '" ".join(str(i["id"]) for i in v["items"])'); do
  for url in $(api "$resident" GET "/api/v1/reports/$id" | json '" ".join(p["url"] for p in v["photos"])'); do
    curl -sf -o /dev/null "$url" || fail "report $id: its photo does not open from the restored store: $url"
  done
done
echo "check: all $objects photo objects present; the resident's photos open"

for table in region account report ticket photo reward reward_ledger ticket_event; do
  a=$(psql "${PG[@]}" -d "$SOURCE_DB" -Atc "select count(*) from $table")
  b=$(psql "${PG[@]}" -d "$RESTORED_DB" -Atc "select count(*) from $table")
  [ "$a" = "$b" ] || fail "$table: $a rows in the source, $b restored"
  printf 'check: %-14s %5s rows = %s\n' "$table" "$a" "$b"
done
dumped_audit=$(psql "${PG[@]}" -d "$RESTORED_DB" -Atc "select count(*) from audit_log")
[ "$dumped_audit" -gt 0 ] || fail "no audit entries restored"
check_log "$WORK/service-restored.log"
echo "RESTORE DRILL OK"
