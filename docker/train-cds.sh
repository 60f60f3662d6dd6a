#!/usr/bin/env bash
# Makes the AppCDS archive from a full start of the service, not only its static initialisation:
#
#   docker/train-cds.sh APP_DIR ARCHIVE     (APP_DIR: the quarkus-app directory; ARCHIVE relative to it)
#
# A throwaway PostgreSQL cluster (initdb into a temp directory, trust authentication, a free port,
# run as the postgres user), throwaway JWT keys, no object storage (nothing listens on the
# endpoint: the service starts without it and reports not-ready). The service starts from APP_DIR
# with -XX:ArchiveClassesAtExit, migrates the empty database, answers /q/health/live,
# /q/health/ready and /q/openapi once (the request path's classes; /q/openapi must answer 200: the
# packaged document is there), and is stopped with SIGTERM; the JVM writes the archive as it exits:
# every class Hibernate, Flyway, Agroal, the PostgreSQL driver, Vert.x and the REST layer loaded on
# the way, which the -Dquarkus.appcds.generate archive (static initialisation only) leaves out.
# docs/BENCHMARKS.md "Start-up" has what it saves.
#
# The archive is valid only for this very JVM and these very jars (CDS checks the JVM build and each
# jar's size and modification time), so docker/Dockerfile runs this in the runtime stage with the
# image's own java, and bench/startup.sh (variant appcdsimage) runs it on the bench's jar. Needs:
# java on PATH, PostgreSQL's server binaries (initdb, pg_ctl: PG_BIN, or found under
# /usr/lib/postgresql), openssl, curl or python3, and a postgres user to run the cluster as when
# run as root.
set -euo pipefail
APP_DIR=$(cd "${1:?APP_DIR}" && pwd)
ARCHIVE=${2:?ARCHIVE}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PG_BIN/initdb" ] || { echo "train-cds: no initdb (set PG_BIN)" >&2; exit 1; }
TMP=$(mktemp -d /tmp/train-cds.XXXXXX)
chmod 755 "$TMP"
# free ports where python3 can find them; fixed ones otherwise (a Docker build runs nothing else)
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo "$1"; }
PG_PORT=$(port 25432)
HTTP_PORT=$(port 28080)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
service=
cleanup() {
  [ -n "$service" ] && kill -9 "$service" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
get() { # get URL: prints the HTTP status (000 when nothing answers)
  if command -v curl > /dev/null; then curl -s -o /dev/null -w '%{http_code}' "$1" || true
  else python3 -c 'import sys, urllib.request, urllib.error
try: print(urllib.request.urlopen(sys.argv[1], timeout=5).status)
except urllib.error.HTTPError as e: print(e.code)
except Exception: print("000")' "$1"; fi
}

mkdir -p "$TMP/pg" "$TMP/keys"
[ "$(id -u)" = 0 ] && chown postgres "$TMP/pg"
as_pg "$PG_BIN/initdb" -D "$TMP/pg" -U postgres --auth=trust -E UTF8 > "$TMP/initdb.log" 2>&1 \
  || { cat "$TMP/initdb.log" >&2; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg/log" -w \
  -o "-p $PG_PORT -k $TMP/pg -c listen_addresses=127.0.0.1 -c fsync=off" start > /dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TMP/keys/private.pem" 2> /dev/null
openssl pkey -in "$TMP/keys/private.pem" -pubout -out "$TMP/keys/public.pem"
chmod 644 "$TMP/keys/"*.pem

rm -f "$APP_DIR/$ARCHIVE"
# shellcheck disable=SC2086
(cd "$APP_DIR" && exec env -i PATH="$PATH" HOME="$TMP" \
  QUARKUS_HTTP_PORT="$HTTP_PORT" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" QUARKUS_DATASOURCE_USERNAME=postgres \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$TMP/keys/public.pem" SMALLRYE_JWT_SIGN_KEY_LOCATION="$TMP/keys/private.pem" \
  SUISHOUPAI_STORAGE_ENDPOINT=http://127.0.0.1:9 SUISHOUPAI_STORAGE_ACCESS_KEY=training SUISHOUPAI_STORAGE_SECRET_KEY=training-secret \
  SUISHOUPAI_PRIVACY_SECRET=training-privacy-secret-0123456789abcdef \
  java -XX:ArchiveClassesAtExit="$ARCHIVE" ${TRAIN_JAVA_OPTS:-} -jar quarkus-run.jar) > "$TMP/service.log" 2>&1 &
service=$!
for _ in $(seq 1 600); do
  [ "$(get "http://127.0.0.1:$HTTP_PORT/q/health/live")" = 200 ] && break
  kill -0 "$service" 2> /dev/null || { tail -40 "$TMP/service.log" >&2; echo "train-cds: the service died" >&2; exit 1; }
  sleep 0.5
done
[ "$(get "http://127.0.0.1:$HTTP_PORT/q/health/live")" = 200 ] || { tail -40 "$TMP/service.log" >&2; exit 1; }
get "http://127.0.0.1:$HTTP_PORT/q/health/ready" > /dev/null # 503 without storage; its classes are what counts
# production's /q/openapi is the packaged document (common.StaticOpenApi): check it is there
[ "$(get "http://127.0.0.1:$HTTP_PORT/q/openapi")" = 200 ] || { tail -40 "$TMP/service.log" >&2; echo "train-cds: /q/openapi does not answer 200" >&2; exit 1; }
kill -TERM "$service"
wait "$service" || true # the JVM writes the archive as it exits
service=
[ -s "$APP_DIR/$ARCHIVE" ] || { tail -40 "$TMP/service.log" >&2; echo "train-cds: no archive written" >&2; exit 1; }
echo "train-cds: $APP_DIR/$ARCHIVE, $(du -m "$APP_DIR/$ARCHIVE" | cut -f1) MB"
