#!/usr/bin/env bash
# Photo-first intake (issue 14) through the real API, beside the machine's own limits, in one run.
# Self-contained like bench/intake.sh: the production jar (prod profile) on a database of its own
# (bench/lib.sh), generated JWT keys, the bootstrap admin, an S3 server of its own (BenchS3: S3Proxy over
# a filesystem store, a separate JVM), free ports. The service's temp directories are the run's own
# (uploads spool and java.io.tmpdir under target/bench/uploads-PID/) so their size can be sampled.
#
#   bench/uploads.sh    (a) the two baselines on the same photos and S3 server: PhotoProcessor.process alone
#                           (decode, display copy, thumbnail, hashes: what a worker does) on one thread per core,
#                           and S3 PUT of the originals alone (MinIO client), each at 16 clients; combined limit
#                           1 / (1/decode + 1/PUT) in photos/s
#                       (p) paced: 16 clients as people send them (each starts a cycle of 3 uploads + 1 report
#                           every 3 × 16 ÷ RATE s, staggered), photos arriving at RATE per second in all, by default
#                           PACE (0.8) × the combined limit of (a): latency p50/p95/p99 of each kind, and whether
#                           processing keeps up with that rate (pipeline photos/s, backlog when the clients stop)
#                       (b)+(c)+(d) closed loop, saturation: 16 clients, each: 3 uploads (POST /api/v1/uploads, one 4000×3000 JPEG of
#                           ≈1.5 MB each) then POST /api/v1/reports (JSON, the 3 photoIds, Idempotency-Key);
#                           latency p50/p95/p99 of each kind, then the drain; processing throughput from the
#                           queue's timestamps vs the combined limit
#                       (e) the burst: 50 clients doing the same for 60 s (no warm-up), 429/503 honour
#                           Retry-After; counts, max latency, drain time, report statuses after the drain,
#                           peak RSS and temp-disk bytes (sampled every 250 ms), peak backlog
#
#   SMOKE=1 bench/uploads.sh   2 and 4 clients, 800×600 photos, seconds of each: does it still run? Fails on any error.
#
# Environment: THREADS=16 WARMUP=10 DURATION=40 (seconds, phase b-d), PACED_DURATION=60, RATE (photos/s) or PACE=0.8, BURST=50 BURST_DURATION=60,
# BASE_WARMUP=5 BASE_DURATION=20 (the baselines), WIDTH=4000 HEIGHT=3000 (photos, generated once into
# target/bench/photos-WxH, shared with bench/intake.sh), SERVICE_OPTS (extra JVM options for the service),
# SERVICE_ENV (extra environment for it, e.g. "SUISHOUPAI_UPLOADS_WORKERS=3"), PORT and S3_PORT.
source "$(dirname "$0")/lib.sh"
small() { if [ "$SMOKE" = 1 ]; then echo "$1"; else echo "$2"; fi; }
PORT=${PORT:-$(free_port)}
S3_PORT=${S3_PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT
THREADS=${THREADS:-$(small 2 16)}
WARMUP=${WARMUP:-$(small 1 10)}
DURATION=${DURATION:-$(small 3 40)}
PACED_DURATION=${PACED_DURATION:-$(small 3 60)}
BURST=${BURST:-$(small 4 50)}
BURST_DURATION=${BURST_DURATION:-$(small 3 60)}
BASE_WARMUP=${BASE_WARMUP:-$(small 1 5)}
BASE_DURATION=${BASE_DURATION:-$(small 2 20)}
WIDTH=${WIDTH:-$(small 800 4000)}
HEIGHT=${HEIGHT:-$(small 600 3000)}
PHOTOS=target/bench/photos-${WIDTH}x$HEIGHT
S3_AK=bench-access
S3_SK=bench-secret-key-1
BOX=30.0,120.0,30.1,120.1          # 10 × 10 grids of 0.01°, report points ≈67 m apart inside
CATEGORY=BENCH-ROAD
# Clients share accounts round-robin (client i signs in as account i mod ACCOUNTS): making an account and signing
# in costs two bcrypt hashes, seconds each on a busy 2-core machine. A client holds at most 3 unused uploads at a
# time, so 4 clients on one account stay far below its cap of 30.
ACCOUNTS=${ACCOUNTS:-$THREADS}

bench_jar
bench_cp
java_tool() { java -cp "$CP" -Dclk="$(getconf CLK_TCK)" -Dbox=$BOX -Dcategory=$CATEGORY -Dwidth="$WIDTH" -Dheight="$HEIGHT" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@"; }

mkdir -p "$WORK/keys" "$WORK/uploads" "$WORK/tmp"
if [ ! -d "$PHOTOS" ]; then # generated once, into a new directory renamed into place when complete
  java_tool cn.suishoupai.report.IntakeLoad photos "$WORK/photos"
  mv -T "$WORK/photos" "$PHOTOS" 2>/dev/null || true
fi

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/private.pem" -pubout -out "$WORK/keys/public.pem"
bench_db_empty service # the service migrates it

bench_spawn "$WORK/s3.log" java -Xmx1g -cp "$CP" cn.suishoupai.report.BenchS3 "$WORK/s3" "$S3_PORT" $S3_AK $S3_SK
S3=$SPAWNED
for _ in $(seq 1 240); do grep -q "S3 ready" "$WORK/s3.log" && break; kill -0 "$S3" 2>/dev/null || break; sleep 0.5; done
grep "S3 ready" "$WORK/s3.log" || { tail -20 "$WORK/s3.log"; fail "the S3 server did not start"; }

# The production jar with production settings; its temp directories are the run's own.
# shellcheck disable=SC2086
bench_spawn "$WORK/service.log" env -i PATH="$PATH" HOME="$HOME" JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-}" \
  QUARKUS_HTTP_PORT="$PORT" \
  QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME="${PGUSER:-postgres}" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=$PWD/$WORK/keys/public.pem \
  SMALLRYE_JWT_SIGN_KEY_LOCATION=$PWD/$WORK/keys/private.pem \
  SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:$S3_PORT SUISHOUPAI_STORAGE_ACCESS_KEY=$S3_AK SUISHOUPAI_STORAGE_SECRET_KEY=$S3_SK \
  SUISHOUPAI_STORAGE_BUCKET=suishoupai SUISHOUPAI_PRIVACY_SECRET=bench-privacy-secret-0123456789abcdef \
  SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME=admin SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-1 \
  SUISHOUPAI_REPORTS_DAILY_LIMIT=1000000 SUISHOUPAI_AUTH_ACCESS_TOKEN_TTL=PT2H \
  QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY=$PWD/$WORK/uploads \
  ${SERVICE_ENV:-} \
  java -Djava.io.tmpdir=$PWD/$WORK/tmp $PRIORITY_OPTS $GC_OPTS ${SERVICE_OPTS:-} -jar "$BENCH_JAR"
SERVICE=$SPAWNED
wait_ready "$BASE/q/health/ready" "$SERVICE" "$WORK/service.log"
# every process's CPU once a second (bench/cpu-sample.py): the summary divides it by what each phase did
bench_spawn "$WORK/cpu-sample.log" python3 bench/cpu-sample.py "$WORK/cpu.jsonl" "$SERVICE" "$S3"
echo "service pid $SERVICE ready (${PRIORITY_OPTS:-normal worker priority} ${GC_OPTS:-default G1 regions} ${SERVICE_OPTS:-}${SERVICE_ENV:+; $SERVICE_ENV}); $(grep -o 'Upload workers: [^,]*' "$WORK/service.log" || true)"

# As admin: a township of 2 zones and 100 grids, a department, an auto-dispatch category, a routing rule, and
# one grid worker per client (residents need an SMS gateway in prod; grid workers use the same endpoints).
token=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-admin-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
post() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$BASE/api/v1/admin/$1" -d "$2" \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }
d=$(post regions '{"code":"BENCH-D","name":"bench district","level":"DISTRICT"}')
t=$(post regions "{\"code\":\"BENCH-T\",\"name\":\"bench township\",\"level\":\"TOWNSHIP\",\"parentId\":$d}")
post regions "{\"code\":\"BENCH-Z1\",\"name\":\"bench zone west\",\"level\":\"ZONE\",\"parentId\":$t}" >/dev/null
post regions "{\"code\":\"BENCH-Z2\",\"name\":\"bench zone east\",\"level\":\"ZONE\",\"parentId\":$t}" >/dev/null
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
: > "$WORK/tokens.txt"
for i in $(seq 1 "$ACCOUNTS"); do
  post accounts "{\"username\":\"bench-gw$i\",\"displayName\":\"bench grid worker $i\",\"password\":\"bench-pass-$i\",\"roles\":[\"grid_worker\"],\"regionIds\":[$t]}" >/dev/null
  curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"bench-gw$i\",\"password\":\"bench-pass-$i\"}" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])' >> "$WORK/tokens.txt"
done
echo "data: township $t, 100 grids, unit $unit, category $CATEGORY (auto-dispatch), rule, $ACCOUNTS grid workers signed in"

# smoke: RESULT lines must show work done and nothing failed
check_results() {
  [ "$SMOKE" = 1 ] || return 0
  grep -q '^RESULT' "$1" || fail "no RESULT line in $1"
  if grep '^RESULT' "$1" | grep -qE ' (errors|errors_all|failed|timeouts|not_ready|still_processing)=[1-9]| (ok_all|ok|photos)=0 | drained=false'; then
    fail "errors, no work or no drain in $1"
  fi
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | grep -v NOTE | head -1)"
echo "uptime before: $(uptime)"

# (a) the baselines, same photos, same S3 server, while the service idles
load_base() { java_tool -Dthreads=16 -Dwarmup="$BASE_WARMUP" -Dduration="$BASE_DURATION" "$@"; }
load_base -Xmx1g -Dpids=s3:$S3 cn.suishoupai.report.IntakeLoad s3 "http://127.0.0.1:$S3_PORT" $S3_AK $S3_SK bench-raw "$PHOTOS" | tee "$WORK/put.out"
# shellcheck disable=SC2086
load_base $GC_OPTS cn.suishoupai.report.IntakeLoad decode "$PHOTOS" | tee "$WORK/decode.out"

# (b)-(e) through the API
flow() {
  local label=$1 clients=$2 warmup=$3 duration=$4 seqbase=$5 rate=${6:-0}
  java_tool -Xmx1g -Dthreads="$clients" -Drate="$rate" -Dwarmup="$warmup" -Dduration="$duration" -DseqBase="$seqbase" \
    -Djdbc="$JDBC_URL" -DdbUser="${PGUSER:-postgres}" -Dservice="$SERVICE" -Ddirs="$PWD/$WORK/uploads,$PWD/$WORK/tmp" \
    cn.suishoupai.report.UploadLoad flow "$label" "$BASE" "$WORK/tokens.txt" "$PHOTOS" | tee "$WORK/$label.out"
}
# (p) paced: the same clients as people send them, photos arriving at RATE per second in all (default: PACE, 0.8, of
# the combined limit just measured): do the answers stay fast, and does processing keep up with that rate?
limit=$(python3 -c 'import sys,re
def rate(f): return float(re.search(r"^RESULT .*photos_per_s=([0-9.]+)", open(f).read(), re.M).group(1))
p, d = rate(sys.argv[1]), rate(sys.argv[2]); print(f"{1 / (1 / p + 1 / d):.2f}" if p > 0 and d > 0 else "1")' "$WORK/put.out" "$WORK/decode.out")
RATE=${RATE:-$(python3 -c "print(f'{${PACE:-0.8} * $limit:.2f}')")}
flow paced "$THREADS" "$WARMUP" "$PACED_DURATION" 2000000 "$RATE"
flow steady "$THREADS" "$WARMUP" "$DURATION" 0
flow burst "$BURST" 0 "$BURST_DURATION" 1000000
echo "uptime after: $(uptime)"

for m in put decode paced steady burst; do check_results "$WORK/$m.out"; done
check_log "$WORK/service.log"
echo
echo "=== summary"
grep -h '^RESULT' "$WORK/put.out" "$WORK/decode.out" "$WORK/paced.out" "$WORK/steady.out" "$WORK/burst.out"
python3 - "$WORK" <<'EOF'
import sys, re
def results(f):
    out = []
    for line in open(f):
        if line.startswith("RESULT"):
            out.append(dict(kv.split("=", 1) for kv in line.split()[1:]))
    return out
w = sys.argv[1]
put = float(results(f"{w}/put.out")[0]["photos_per_s"])
dec = float(results(f"{w}/decode.out")[0]["photos_per_s"])
combined = 1 / (1 / put + 1 / dec) if put > 0 and dec > 0 else float('nan')  # smoke: the window may be too short
r = {(x["phase"], x["kind"]): x for f in ("paced", "steady", "burst") for x in results(f"{w}/{f}.out")}
pu, pr, pp = r[("paced", "upload")], r[("paced", "report")], r[("paced", "processing")]
up, rep, proc = r[("steady", "upload")], r[("steady", "report")], r[("steady", "processing")]
print(f"baselines: S3 PUT of the originals {put:.2f} photos/s, decode alone {dec:.2f} photos/s; combined limit 1/(1/PUT + 1/decode) = {combined:.2f} photos/s")
def verdict(ok): return "met" if ok else "NOT met"
def pct(a, b): return 100 * a / b if b > 0 else float('nan')
prate = float(pp["rate"])
print(f"paced, {pu['clients']} clients, photos arriving at {prate:.2f}/s = {pct(prate, combined):.0f} % of the combined limit "
      f"({pp['late_cycles']} cycles more than 1 s late, backlog {pp['backlog_at_end']} when the clients stopped):")
print(f"  uploads p50 {pu['p50_ms']} ms, p95 {pu['p95_ms']} ms, p99 {pu['p99_ms']} ms, max {pu['max_ms']} ms; target p99 < 300 ms: {verdict(float(pu['p99_ms']) < 300)}")
print(f"  reports p50 {pr['p50_ms']} ms, p95 {pr['p95_ms']} ms, p99 {pr['p99_ms']} ms, max {pr['max_ms']} ms; target p99 < 150 ms: {verdict(float(pr['p99_ms']) < 150)}")
ppipe = float(pp["pipeline_photos_per_s"])
print(f"  end to end: pipeline {ppipe:.2f} photos/s = {pct(ppipe, combined):.0f} % of the combined limit (at most the arrival rate); "
      f"backlog {pp['backlog_at_end']} when the clients stopped, drained in {pp['drain_s']} s")
print("closed loop (each client sends the next request the moment the last one answers; saturation):")
print(f"uploads at {up['clients']} clients: p50 {up['p50_ms']} ms, p95 {up['p95_ms']} ms, p99 {up['p99_ms']} ms, {up['ok_per_s']}/s; target p99 < 300 ms: {verdict(float(up['p99_ms']) < 300)}")
print(f"reports (JSON, 3 photoIds): p50 {rep['p50_ms']} ms, p95 {rep['p95_ms']} ms, p99 {rep['p99_ms']} ms, {rep['ok_per_s']}/s; target p99 < 150 ms: {verdict(float(rep['p99_ms']) < 150)}")
pipe = float(proc["pipeline_photos_per_s"])
# Processing throughput: the worker pool with a backlog and no upload arriving (decode, derivatives, the three PUTs,
# the READY transaction and the report's routing), which is what the combined limit's decode + PUT measure; the
# steady and burst drains are minutes long, the paced one seconds (its ramp-down weighs in), so the target is judged
# on the two long ones.
drains = [(name, float(r[(name, "processing")]["drain_photos_per_s"])) for name in ("paced", "steady", "burst")]
print("processing throughput, workers draining a backlog (no upload arriving): " + ", ".join(
    f"{name} {rate:.2f} photos/s = {pct(rate, combined):.0f} %" for name, rate in drains) + " of the combined limit; "
    f"target 80 % (steady and burst): {verdict(all(rate >= 0.8 * combined for name, rate in drains if name != 'paced'))}")
print(f"end to end, closed loop: pipeline {pipe:.2f} photos/s (first upload to last processed, the uploads received on the same cores) = "
      f"{pct(pipe, combined):.0f} % of the combined limit; workers {proc['worker_photos_per_s']} photos/s while busy")
# Where a photo's CPU goes, from the sampler (bench/cpu-sample.py) over each phase's two windows: while the clients
# sent (receiving every upload and report, and what the workers got done meanwhile) and the drain after (processing
# alone). Processing per photo = the drain's CPU / the photos it processed; receiving per upload = the rest of the
# arrival window's CPU / its uploads. The combined limit costs cores / limit CPU-s a photo; with receiving on the same
# cores no pipeline can beat limit-cost / (processing + receiving).
import json, os
cores = os.cpu_count()
try:
    samples = [json.loads(l) for l in open(f"{w}/cpu.jsonl")]
except OSError:
    samples = []
def window(a_ms, b_ms):
    a = [x for x in samples if x["t"] * 1000 >= a_ms]
    b = [x for x in samples if x["t"] * 1000 <= b_ms]
    if not a or not b or b[-1]["t"] <= a[0]["t"]:
        return None
    return {k: b[-1]["g"][k] - a[0]["g"][k] for k in a[0]["g"]}
for name in ("steady", "burst"):
    tl = r.get((name, "timeline"))
    if not tl or not (combined > 0):
        continue
    arrival = window(float(tl["start_ms"]), float(tl["load_end_ms"]))
    drain = window(float(tl["load_end_ms"]), float(tl["drained_ms"]))
    drained, meanwhile, uploads = int(tl["processed_in_drain"]), int(tl["processed_while_arriving"]), int(tl["uploads"])
    if not arrival or not drain or drained < 10 or uploads < 10:
        print(f"{name}: too short a window for the CPU split")
        continue
    proc = {k: v / drained for k, v in drain.items()}
    recv = {k: max(0.0, (arrival[k] - meanwhile * proc[k]) / uploads) for k in arrival}
    c_lim, c_proc, c_recv = cores / combined, sum(proc.values()), sum(recv.values())
    parts = lambda d: ", ".join(f"{k} {v:.3f}" for k, v in sorted(d.items(), key=lambda kv: -kv[1]) if v >= 0.0005)
    print(f"{name}, CPU-seconds of the whole machine per photo: combined limit {c_lim:.3f} ({cores} cores / {combined:.2f} photos/s); "
          f"processing {c_proc:.3f} ({parts(proc)}) = {pct(c_lim, c_proc):.0f} % of the limit's speed; "
          f"receiving {c_recv:.3f} per upload with its share of the reports ({parts(recv)}); "
          f"so receiving and processing on the same cores can reach at most {pct(c_lim, c_proc + c_recv):.0f} % of the combined limit")
bu, br, bp, bres = r[("burst", "upload")], r[("burst", "report")], r[("burst", "processing")], r[("burst", "resources")]
bad = sum(int(x[k]) for x in (bu, br) for k in ("failed", "timeouts"))
print(f"burst: uploads {bu['ok']} 2xx / {bu['r429']} 429 / {bu['r503']} 503 / {bu['failed']} failed / {bu['timeouts']} timeouts, max {bu['max_ms']} ms; "
      f"reports {br['ok']} 2xx / {br['r429']} 429 / {br['r503']} 503 / {br['r409']} 409 / {br['failed']} failed / {br['timeouts']} timeouts, max {br['max_ms']} ms; "
      f"drained in {bp['drain_s']} s ({bp['drained']}), still PHOTOS_PROCESSING {bp['still_processing']}; peak RSS {bres['peak_rss_mb']} MB, "
      f"peak temp {bres['peak_temp_mb']} MB, peak backlog {bres['peak_backlog']}; no failure or timeout: {verdict(bad == 0)}")
EOF
