#!/usr/bin/env bash
# Start-up cost of the production jar (issue 17: under 5 CPU-seconds to ready): the CPU time the
# service's process has used (utime + stime from /proc/PID/stat, all its threads: JIT compilers and
# GC included) at the moment GET /q/health/ready first answers 200, and the wall time to it.
# Self-contained: packages the service if needed, its own database (migrated by the first start,
# the later starts find it migrated, as a new instance of a running service does), its own S3
# server (BenchS3: readiness needs object storage), generated JWT keys, prod profile, free ports.
#
#   bench/startup.sh [runs=5]          # each variant RUNS times, after one untimed first start that migrates
#   VARIANTS="default appcds" bench/startup.sh
#   SMOKE=1 bench/startup.sh           # one start of each variant
#   TRAFFIC=90 VARIANTS="appcds+late appcdsimage+later3" bench/startup.sh 2   # and then 90 s of requests (warm-up)
#
# Variants: default (java -jar, the JVM options below), appcds (plus -XX:SharedArchiveFile= the
# app-cds.jsa next to the jar; skipped when there is none, see docs/BENCHMARKS.md), c1 (plus
# -XX:TieredStopAtLevel=1: what the JIT costs), jdk25 (the same jar on JDK 25, $JAVA25), aot25 (JDK 25
# with an AOT cache, JEP 483/514/515, made by one training start to ready first), aot25image (the
# same from a training run without database or storage, as a Docker build could make it: the
# application initialises and exits), appcdsimage (JDK 17's dynamic archive from docker/train-cds.sh, a full
# start against a throwaway database and no storage, as the image makes it), appcdsstart (the same archive
# trained against the bench's database and S3 server). JAVA_OPTS: extra options for every variant (and the
# trainings). A variant name ending in +late, +mid, +later or +later3 adds the JIT thresholds below (e.g.
# appcdsimage+mid, the image's configuration).
source "$(dirname "$0")/lib.sh"
RUNS=${1:-$([ "$SMOKE" = 1 ] && echo 1 || echo 5)}
VARIANTS=${VARIANTS:-default appcds}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PORT=${PORT:-$(free_port)}
S3_PORT=${S3_PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT
S3_AK=benchaccess
S3_SK=benchsecret123

bench_jar
bench_cp
JAR_DIR=$(cd "$(dirname "$BENCH_JAR")" && pwd)
mkdir -p "$WORK/keys"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/private.pem" -pubout -out "$WORK/keys/public.pem"
bench_db_empty service # the first start migrates it

bench_spawn "$WORK/s3.log" java -Xmx256m -cp "$CP" cn.suishoupai.report.BenchS3 "$WORK/s3" "$S3_PORT" $S3_AK $S3_SK
S3=$SPAWNED
for _ in $(seq 1 240); do grep -q "S3 ready" "$WORK/s3.log" && break; kill -0 "$S3" 2>/dev/null || break; sleep 0.5; done
grep -q "S3 ready" "$WORK/s3.log" || { tail -20 "$WORK/s3.log"; fail "the S3 server did not start"; }

# start LOG [JVM options...]: the production jar with production settings; SERVICE = its pid
start() {
  local log=$1; shift
  # from the jar's directory, as the AppCDS archive records the class path relative to it
  bench_spawn "$WORK/$log" env -i -C "$JAR_DIR" PATH="$PATH" HOME="$HOME" \
    QUARKUS_HTTP_PORT="$PORT" \
    QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME="${PGUSER:-postgres}" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/$WORK/keys/public.pem" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$PWD/$WORK/keys/private.pem" \
    SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:$S3_PORT SUISHOUPAI_STORAGE_ACCESS_KEY=$S3_AK SUISHOUPAI_STORAGE_SECRET_KEY=$S3_SK \
    SUISHOUPAI_STORAGE_BUCKET=suishoupai SUISHOUPAI_PRIVACY_SECRET=bench-privacy-secret-0123456789abcdef \
    SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME=admin SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-1 \
    "${JAVA_BIN:-java}" "$@" ${JAVA_OPTS:-} -jar "$(basename "$BENCH_JAR")"
  SERVICE=$SPAWNED
}

# measure PID: polls readiness every 20 ms; prints "cpu_s wall_s" and the threads that used most
measure() {
  python3 - "$1" "$BASE/q/health/ready" "$2" "${READY_TIMEOUT:-600}" <<'PY'
import os, re, sys, time, urllib.request
pid, url, started = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
tck = os.sysconf("SC_CLK_TCK")
def ticks(path):
    s = open(path).read()
    f = s[s.rindex(")") + 2:].split()
    return int(f[11]) + int(f[12]) # utime, stime
deadline = time.time() + float(sys.argv[4])
while True:
    if time.time() > deadline or not os.path.exists(f"/proc/{pid}"):
        sys.exit(f"not ready within {sys.argv[4]} s (or the service died)")
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                break
    except Exception:
        pass
    time.sleep(0.02)
cpu = ticks(f"/proc/{pid}/stat") / tck
wall = time.time() - started
threads = {}
for t in os.listdir(f"/proc/{pid}/task"):
    try:
        s = open(f"/proc/{pid}/task/{t}/stat").read()
        name = re.sub(r"[#\-]?\d+$", "", s[s.index("(") + 1:s.rindex(")")]).strip()
        threads[name] = threads.get(name, 0) + ticks(f"/proc/{pid}/task/{t}/stat") / tck
    except OSError:
        pass
top = sorted(threads.items(), key=lambda kv: -kv[1])[:6]
print(f"{cpu:.2f} {wall:.2f} " + ",".join(f"{k.replace(' ', '_')}={v:.2f}" for k, v in top))
PY
}

# train_at_exit LOG FILE JVM-OPTIONS...: a training start to ready with the options, then SIGTERM; the JVM writes
# FILE (in the jar's directory) as it exits, which takes a while, so the exit gets up to 300 s
train_at_exit() {
  local log=$1 file=$2; shift 2
  rm -f "$JAR_DIR/$file"
  start "$log" "$@"
  measure "$SERVICE" "$(date +%s.%N)" > /dev/null || { tail -30 "$WORK/$log"; fail "training start ($log) not ready"; }
  bench_stop "$SERVICE" 300
  [ -s "$JAR_DIR/$file" ] || { tail -30 "$WORK/$log"; fail "the training start wrote no $file"; }
}

# traffic NAME RUN: after ready, TRAFFIC seconds of 4 clients (keep-alive) reading GET /api/v1/admin/accounts and
# GET /api/v1/me as the bootstrap admin: JWT, REST, Hibernate and JSON on every request. Prints the requests
# answered in each 5 s window, to see how soon the JIT thresholds' later C2 reaches full speed.
traffic() {
  python3 - "$BASE" "$TRAFFIC" "$1" "$2" <<'PY'
import http.client, json, sys, threading, time, urllib.parse
base, secs, name, run = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
u = urllib.parse.urlparse(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
c.request("POST", "/api/v1/auth/login", json.dumps({"username": "admin", "password": "bench-admin-1"}),
          {"Content-Type": "application/json"})
token = json.loads(c.getresponse().read())["accessToken"]
start = time.time(); windows = [0] * ((secs + 4) // 5); errors = [0]
def client(i):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    paths = ["/api/v1/admin/accounts?size=20", "/api/v1/me"]
    n = i
    while True:
        t = time.time() - start
        if t >= secs: return
        conn.request("GET", paths[n % 2], headers={"Authorization": "Bearer " + token}); n += 1
        r = conn.getresponse(); r.read()
        if r.status != 200: errors[0] += 1
        else: windows[min(int((time.time() - start) // 5), len(windows) - 1)] += 1
ts = [threading.Thread(target=client, args=(i,)) for i in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print(f"RESULT variant={name} run={run} traffic_s={secs} errors={errors[0]} per_5s=" + ",".join(map(str, windows)))
PY
}

# JIT thresholds of the +modifiers below: C1 (tier 3) after 4 × its default counts, C2 (tier 4) after 4 × or 20 ×,
# loops (back edges) included. C1_X4 C2_X4 is the image's JAVA_OPTS_APPEND (docker/Dockerfile).
C1_X4="-XX:Tier3InvocationThreshold=800 -XX:Tier3MinInvocationThreshold=400 -XX:Tier3CompileThreshold=8000 -XX:Tier3BackEdgeThreshold=240000"
C2_X4="-XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2400 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=160000"
C2_X20="-XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=12000 -XX:Tier4CompileThreshold=300000 -XX:Tier4BackEdgeThreshold=800000"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the first start migrates the empty database: timed, but a new instance of a running service never does it
t0=$(date +%s.%N)
start first.log
read -r cpu wall top < <(measure "$SERVICE" "$t0") || { tail -30 "$WORK/first.log"; fail "first start not ready"; }
echo "RESULT variant=default first=migrates cpu_s=$cpu wall_s=$wall threads=$top"
bench_stop "$SERVICE"
check_log "$WORK/first.log"

for name in $VARIANTS; do
  opts=()
  variant=${name%%+*} # without its +late/+mid/+later/+later3
  case $variant in
    default) ;;
    appcds)
      if [ ! -f "$JAR_DIR/app-cds.jsa" ]; then echo "variant appcds: no $JAR_DIR/app-cds.jsa (package with -Pappcds), skipped"; continue; fi
      opts=(-XX:SharedArchiveFile=app-cds.jsa -Xshare:on) ;; # :on fails instead of silently starting without it
    c1) opts=(-XX:TieredStopAtLevel=1) ;;
    appcdsimage)
      # the image's archive (docker/Dockerfile): docker/train-cds.sh's full start against a throwaway
      # database of its own and no object storage
      docker/train-cds.sh "$JAR_DIR" app-image-start.jsa > "$WORK/appcds-image-training.log" 2>&1 \
        || { tail -30 "$WORK/appcds-image-training.log"; fail "docker/train-cds.sh failed"; }
      tail -1 "$WORK/appcds-image-training.log"
      opts=(-XX:SharedArchiveFile=app-image-start.jsa -Xshare:on) ;;
    appcdsstart)
      # JDK 17's dynamic archive trained on a full start to ready (database, storage, HTTP) and a
      # SIGTERM, not only the static initialisation the -Pappcds archive sees: the classes that
      # Hibernate, Flyway, Agroal and the REST layer load at runtime are archived too
      train_at_exit appcds-training.log app-start.jsa -XX:ArchiveClassesAtExit=app-start.jsa
      echo "variant appcdsstart: archive $(du -m "$JAR_DIR/app-start.jsa" | cut -f1) MB"
      opts=(-XX:SharedArchiveFile=app-start.jsa -Xshare:on) ;;
    aot25image)
      # the Docker image's way (docker/Dockerfile): no database or storage at build time, so the
      # training start initialises the application and exits (quarkus.appcds.generate)
      if [ ! -x "$JAVA25" ]; then echo "variant $variant: no JDK 25 at $JAVA25 (set JAVA25), skipped"; continue; fi
      rm -f "$JAR_DIR/app-image.aot"
      training_log=$PWD/$WORK/aot-image-training.log
      (cd "$JAR_DIR" && env -i PATH="$PATH" "$JAVA25" ${JAVA_OPTS:-} -XX:AOTCacheOutput=app-image.aot -Dquarkus.appcds.generate=true \
        -jar "$(basename "$BENCH_JAR")" > "$training_log" 2>&1) || true
      [ -s "$JAR_DIR/app-image.aot" ] || { tail -30 "$WORK/aot-image-training.log"; fail "the image-style training wrote no AOT cache"; }
      echo "variant aot25image: AOT cache $(du -m "$JAR_DIR/app-image.aot" | cut -f1) MB"
      opts=(-XX:AOTCache=app-image.aot -XX:AOTMode=on) ;;
    jdk25|aot25)
      if [ ! -x "$JAVA25" ]; then echo "variant $variant: no JDK 25 at $JAVA25 (set JAVA25), skipped"; continue; fi
      if [ $variant = aot25 ]; then
        # training start: a full start to ready against the database and store, then SIGTERM; the JVM
        # writes the AOT cache (classes loaded and linked, method profiles) as it exits, which takes a
        # while, so give the exit up to 300 s
        JAVA_BIN=$JAVA25 train_at_exit aot-training.log app.aot -XX:AOTCacheOutput=app.aot
        echo "variant aot25: AOT cache $(du -m "$JAR_DIR/app.aot" | cut -f1) MB"
        opts=(-XX:AOTCache=app.aot -XX:AOTMode=on) # :on fails instead of silently starting without it
      fi ;;
    *) fail "unknown variant $variant" ;;
  esac
  # +late: C2 compiles a method after 4 × the default invocations, so code that runs only during
  # start-up (parsers, metadata builders) stays with C1; hot request paths still reach C2, later
  case $name in
    *+late) opts+=(-XX:Tier4InvocationThreshold=20000 -XX:Tier4CompileThreshold=60000) ;;
    # +later: 20 × the default C2 thresholds, OSR (loops) included: C2 compiles almost nothing while
    # the service starts; code called 100,000 times (any request path under traffic) still gets there
    *+later) opts+=($C2_X20) ;;
    # +later3: +later, and C1 after 4 × its default counts as well: less compiling of code run a few hundred
    # times while the service starts, more of it interpreted
    *+later3) opts+=($C2_X20 $C1_X4) ;;
    # +mid: C1 and C2 each after 4 × their default counts, loops included (the image's configuration)
    *+mid) opts+=($C1_X4 $C2_X4) ;;
  esac
  for run in $(seq 1 "$RUNS"); do
    t0=$(date +%s.%N)
    java_bin=java; case $variant in jdk25|aot25*) java_bin=$JAVA25 ;; esac
    JAVA_BIN=$java_bin start "$name-$run.log" ${opts[@]+"${opts[@]}"}
    read -r cpu wall top < <(measure "$SERVICE" "$t0") || { tail -30 "$WORK/$name-$run.log"; fail "$name start $run not ready"; }
    echo "RESULT variant=$name run=$run cpu_s=$cpu wall_s=$wall threads=$top"
    [ "${TRAFFIC:-0}" -gt 0 ] && traffic "$name" "$run"
    bench_stop "$SERVICE"
    check_log "$WORK/$name-$run.log"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
