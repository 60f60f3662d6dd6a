#!/usr/bin/env bash
# Duplicate-finder query against 1,000,000 tickets (issue 3): p50/p99 latency of the exact query
# DuplicateFinder runs, measured with pgbench from a second process.
#
#   bench/duplicate-query.sh            # builds the data once (≈1 min), then measures 30 s
#   DB=ssp_bench REBUILD=1 bench/duplicate-query.sh
#
# Data: a throw-away database with the real migrations; 1,000,000 tickets spread over a 20 km ×
# 20 km county area (about 2,500 per km²), 10 categories, 30 % open (the rest closed, rejected or
# cancelled), created over the last 365 days. Each query: random point, random category, 50 m,
# 7 days — the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-ssp_bench}
PG="-h 127.0.0.1 -U postgres"
DURATION=${DURATION:-30}

if [ "${REBUILD:-0}" = 1 ]; then psql $PG -qc "drop database if exists $DB"; fi
if ! psql $PG -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  psql $PG -qc "create database $DB"
  for f in src/main/resources/db/migration/V*.sql; do psql $PG -d $DB -q -v ON_ERROR_STOP=1 -f "$f"; done
  psql $PG -d $DB -q -v ON_ERROR_STOP=1 <<'SQL'
insert into hazard_category (code, name_zh, name_en, default_severity)
select 'C' || i, 'C' || i, 'C' || i, 'GENERAL' from generate_series(1, 10) i;
insert into unit (code, name, type, active) values ('BENCH-U', 'bench unit', 'DEPARTMENT', true);
insert into ticket (category_id, severity, state, lat, lng, created_at, updated_at, lead_unit_id)
select c, 'GENERAL',
       case when r < 0.10 then 'DISPATCHED' when r < 0.20 then 'IN_PROGRESS' when r < 0.25 then 'PENDING_REVIEW'
            when r < 0.30 then 'RECTIFIED' when r < 0.90 then 'CLOSED' when r < 0.95 then 'REJECTED' else 'CANCELLED' end,
       lat, lng, t, t, (select id from unit where code = 'BENCH-U')
from (select (select id from hazard_category order by random() + g * 0 limit 1) as c, random() as r,
             28.30 + random() * 0.18 as lat, 113.10 + random() * 0.20 as lng,
             now() - random() * interval '365 days' as t, g
      from generate_series(1, 1000000) g) s;
analyze ticket;
SQL
fi
echo "tickets: $(psql $PG -d $DB -Atc 'select count(*) from ticket'), open: $(psql $PG -d $DB -Atc "select count(*) from ticket where state in ('PENDING_REVIEW','DISPATCHED','IN_PROGRESS','RECTIFIED','RETURNED')")"

# One query = DuplicateFinder's SQL with a 50 m box at a random point (0.000449° lat, 0.000511° lng at 28.4°N).
cat > /tmp/dup.sql <<'SQL'
\set lat random(283000, 304800)
\set lng random(1131000, 1152000)
\set cat random(1, 10)
select id, lat, lng, created_at, state from ticket
where state in ('PENDING_REVIEW', 'DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED')
  and location <@ box(point(:lng / 10000.0 - 0.000511, :lat / 10000.0 - 0.000449), point(:lng / 10000.0 + 0.000511, :lat / 10000.0 + 0.000449))
  and category_id = :cat and created_at >= now() - interval '7 days' and created_at <= now();
SQL
echo "plan:"; psql $PG -d $DB -Atc "explain (analyze, buffers) select id from ticket where state in ('PENDING_REVIEW', 'DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED') and location <@ box(point(113.19, 28.38), point(113.191, 28.381)) and category_id = 3 and created_at >= now() - interval '7 days'" | sed 's/^/  /'
rm -rf /tmp/dup-log && mkdir -p /tmp/dup-log && cd /tmp/dup-log
pgbench $PG -n -c 1 -j 1 -T "$DURATION" -f /tmp/dup.sql -l --log-prefix=dup "$DB" > /tmp/dup-summary.txt
grep -E 'tps|latency average' /tmp/dup-summary.txt
# per-transaction log: column 3 is the latency in µs
cat dup.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "queries: %d  p50: %.3f ms  p99: %.3f ms  max: %.3f ms\n", NR, a[int(NR*0.50)]/1000, a[int(NR*0.99)]/1000, a[NR]/1000}'
