#!/usr/bin/env bash
# Duplicate-finder query against 1,000,000 tickets (issue 3): p50/p99 latency of the exact query
# DuplicateFinder runs (its SQL text read from the compiled class by bench/QueryText.java, not a
# copy), measured with pgbench from a second process.
#
#   bench/duplicate-query.sh                 # builds the data (≈1 min), then measures 30 s
#   KEEP=1 bench/duplicate-query.sh          # keeps the database; DB=<its name> bench/duplicate-query.sh reuses it
#   SMOKE=1 bench/duplicate-query.sh         # 1,000 tickets, 2 s: does it still run against this checkout?
#
# Data: its own database with the real migrations (bench/lib.sh); ROWS=1,000,000 tickets spread over
# a 20 km × 20 km county area (about 2,500 per km²), 10 categories, 30 % open (the rest closed,
# rejected or cancelled), created over the last 365 days; seeded, so every run has the same data.
# Each query: random point, random category, 50 m, 7 days — the defaults. Before measuring, the
# query must find a known recent open ticket at its own point.
source "$(dirname "$0")/lib.sh"
ROWS=${ROWS:-$([ "$SMOKE" = 1 ] && echo 1000 || echo 1000000)}
DURATION=${DURATION:-$([ "$SMOKE" = 1 ] && echo 2 || echo 30)}
OPEN="('PENDING_REVIEW', 'DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED')"

bench_cp
java -cp "$CP" bench/QueryText.java DuplicateFinder SQL > "$WORK/finder.sql"
echo "DuplicateFinder's query:"; sed 's/^/  /' "$WORK/finder.sql"
# q LNG LAT CATEGORY: the query with the 7 parameters the code binds (box of 50 m around the point at
# 28.4°N: 0.000449° lat, 0.000511° lng; category; the last 7 days)
q() {
  python3 - "$WORK/finder.sql" "$@" <<'PY'
import sys
sql, (lng, lat, cat) = open(sys.argv[1]).read().strip(), sys.argv[2:5]
params = [f"{lng} - 0.000511", f"{lat} - 0.000449", f"{lng} + 0.000511", f"{lat} + 0.000449", cat,
          "now() - interval '7 days'", "now()"]
parts = sql.split("?")
if len(parts) != len(params) + 1:
    sys.exit(f"DuplicateFinder's query has {len(parts) - 1} parameters, this benchmark binds {len(params)}: update it")
print("".join(p + (f"({params[i]})" if i < len(params) else "") for i, p in enumerate(parts)) + ";")
PY
}

if bench_db "rows=$ROWS"; then
  psql_db -v rows="$ROWS" <<'SQL'
\o /dev/null
select setseed(0.42);
\o
insert into hazard_category (code, name_zh, name_en, default_severity)
select 'C' || i, 'C' || i, 'C' || i, 'GENERAL' from generate_series(1, 10) i;
insert into unit (code, name, type, active) values ('BENCH-U', 'bench unit', 'DEPARTMENT', true);
insert into ticket (category_id, severity, state, lat, lng, created_at, updated_at, lead_unit_id, closed_at)
select c, 'GENERAL', state, lat, lng, t, t, (select id from unit where code = 'BENCH-U'),
       case when state = 'CLOSED' then least(now(), t + interval '10 days') end -- V7: CLOSED ⇔ closed_at
from (select c, lat, lng, t,
             case when r < 0.10 then 'DISPATCHED' when r < 0.20 then 'IN_PROGRESS' when r < 0.25 then 'PENDING_REVIEW'
                  when r < 0.30 then 'RECTIFIED' when r < 0.90 then 'CLOSED' when r < 0.95 then 'REJECTED'
                  else 'CANCELLED' end as state
      from (select (select id from hazard_category where code like 'C%' order by random() + g * 0 limit 1) as c,
                   random() as r, 28.30 + random() * 0.18 as lat, 113.10 + random() * 0.20 as lng,
                   now() - random() * interval '365 days' as t, g
            from generate_series(1, :rows) g) s) s2;
analyze ticket;
SQL
fi
echo "tickets: $(psql_db -Atc 'select count(*) from ticket'), open: $(psql_db -Atc "select count(*) from ticket where state in $OPEN")"
read -r CAT_MIN CAT_MAX < <(psql_db -Atc "select min(id), max(id) from hazard_category where code like 'C%'" | tr '|' ' ')

# The query must find what it is for: a recent open ticket, at its own point and category.
read -r ID LNG LAT CAT < <(psql_db -AtF ' ' -c "select id, lng, lat, category_id from ticket where state in $OPEN
  and created_at >= now() - interval '6 days' order by id limit 1")
[ -n "${ID:-}" ] || fail "no open ticket of the last 6 days in the data"
q "$LNG" "$LAT" "$CAT" > "$WORK/check.sql"
psql_db -At -f "$WORK/check.sql" | cut -d'|' -f1 | grep -qx "$ID" || fail "the query does not find ticket $ID at its own point"
echo "check: the query finds open ticket $ID at its own point"

echo "plan:"
{ echo "explain (analyze, buffers)"; q 113.19 28.38 "$CAT"; } | psql_db -At | sed 's/^/  /'

# pgbench: random point in the area, random category (integers, pgbench has no random doubles)
{ echo "\\set lat random(283000, 304800)"; echo "\\set lng random(1131000, 1152000)"; echo "\\set cat random($CAT_MIN, $CAT_MAX)"
  q ":lng / 10000.0" ":lat / 10000.0" ":cat"; } > "$WORK/dup.sql"
(cd "$WORK" && pgbench "${PG[@]}" -n -c 1 -j 1 -T "$DURATION" -f dup.sql -l --log-prefix=dup "$DB" > summary.txt)
grep -E 'tps|latency average|failed' "$WORK/summary.txt"
# per-transaction log: column 3 is the latency in µs
cat "$WORK"/dup.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) exit 1; printf "queries: %d  p50: %.3f ms  p99: %.3f ms  max: %.3f ms\n", NR, a[int(NR*0.50)+1]/1000, a[int(NR*0.99)+1]/1000, a[NR]/1000}' \
  || fail "pgbench ran no query"
