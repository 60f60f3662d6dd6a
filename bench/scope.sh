#!/usr/bin/env bash
# Scope filters at a county's size (issue 17): a county account's ticket list and review queue, a page
# at a time, through the production jar; and an account with more than 65,535 regions in scope (it
# must answer 200). The filter is V33's region path (`path && <the account's regions>`, one array
# parameter); the old shapes no longer in the code (the IN list of every region below the account's;
# the ticket list's full count; the overdue condition's `or exists` under PostgreSQL's JIT) are timed as
# SQL with pgbench in the same run, next to the service's current SQL, on the same data.
#
#   bench/scope.sh                 # 300 townships × 5 zones × 10 grids (16,801 regions), 200,000 tickets,
#                                  # 10,000 queued reports; a second district with 66,000 grids
#   SMOKE=1 bench/scope.sh         # 3 townships × 2 × 3 grids, 500 tickets; still the 66,000 grids
#
# Data (SQL, seeded): tickets spread uniformly over the county's grids, 85 % CLOSED and 15 % IN_PROGRESS
# (a third of them overdue), created over the last year; the queued reports spread over the same grids.
# Each HTTP figure is REQUESTS sequential requests (curl's time_total, over loopback, after 5 warm-up
# requests) at pages spread over the list; each SQL figure is pgbench, one client, DURATION seconds.
source "$(dirname "$0")/lib.sh"
small() { if [ "$SMOKE" = 1 ]; then echo "$1"; else echo "$2"; fi; }
TOWNSHIPS=${TOWNSHIPS:-$(small 3 300)}
ZONES=${ZONES:-$(small 2 5)}
GRIDS=${GRIDS:-$(small 3 10)}
TICKETS=${TICKETS:-$(small 500 200000)}
REPORTS=${REPORTS:-$(small 50 10000)}
BIG=${BIG:-66000}
REQUESTS=${REQUESTS:-$(small 3 50)}
DURATION=${DURATION:-$(small 2 20)}
PORT=${PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT

bench_jar
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
  SUISHOUPAI_AUTH_ACCESS_TOKEN_TTL=PT4H \
  java -Xmx1g -jar "$BENCH_JAR"
SERVICE=$SPAWNED
wait_ready "$BASE/q/health/live" "$SERVICE" "$WORK/service.log"

echo "generating: $TOWNSHIPS townships × $ZONES zones × $GRIDS grids, $TICKETS tickets, $REPORTS queued reports, $BIG grids in a second district"
time psql_db -v townships="$TOWNSHIPS" -v zones="$ZONES" -v grids="$GRIDS" -v tickets="$TICKETS" -v reports="$REPORTS" \
  -v big="$BIG" <<'SQL'
\o /dev/null
select setseed(0.17);
\o
insert into region (code, name, level) values ('BS-D', 'bench county', 'DISTRICT'), ('BS-P', 'bench big district', 'DISTRICT');
insert into region (code, name, level, parent_id)
select 'BS-T' || t, '乡镇 ' || t, 'TOWNSHIP', (select id from region where code = 'BS-D') from generate_series(1, :townships) t;
insert into region (code, name, level, parent_id)
select r.code || '-Z' || z, '片区 ' || r.code || '-' || z, 'ZONE', r.id
from region r, generate_series(1, :zones) z where r.level = 'TOWNSHIP' and r.code like 'BS-T%';
insert into region (code, name, level, parent_id)
select r.code || '-G' || g, '网格 ' || r.code || '-' || g, 'GRID', r.id
from region r, generate_series(1, :grids) g where r.level = 'ZONE' and r.code like 'BS-T%';
-- the big district: one township, one zone, :big grids (V33's trigger gives each its path)
insert into region (code, name, level, parent_id) select 'BS-PT', 'big township', 'TOWNSHIP', id from region where code = 'BS-P';
insert into region (code, name, level, parent_id) select 'BS-PZ', 'big zone', 'ZONE', id from region where code = 'BS-PT';
insert into region (code, name, level, parent_id)
select 'BS-PG' || g, '网格 P' || g, 'GRID', (select id from region where code = 'BS-PZ') from generate_series(1, :big) g;
insert into hazard_category (code, name_zh, name_en, default_severity)
select 'BS-C' || i, '类别 ' || i, 'C' || i, 'GENERAL' from generate_series(1, 10) i;
insert into unit (code, name, type, active) select 'BS-U' || t, '单位 ' || t, 'DEPARTMENT', true from generate_series(1, :townships) t;
create temporary table g as
select row_number() over (order by r.id) as n, r.id as gid, z.id as zid, z.parent_id as tid, r.path[1] as district
from region r join region z on z.id = r.parent_id where r.level = 'GRID' and r.code like 'BS-%';
create temporary table gc as select district, count(*) as n, min(n) as first from g group by district;
-- tickets: :tickets over the county's grids, 1,000 over the big district's
insert into ticket (category_id, severity, state, grid_id, zone_id, township_id, lead_unit_id, lat, lng, created_at,
                    updated_at, dispatched_at, closed_at, due_at, due_owner, rectify_due_at)
select s.c, 'GENERAL', s.st, g.gid, g.zid, g.tid, s.u, 28.3 + random() * 0.2, 113.1 + random() * 0.2, s.ts, s.ts, s.ts,
       case when s.st = 'CLOSED' then s.ts + interval '5 days' end,
       case when s.st = 'IN_PROGRESS' then s.due end, case when s.st = 'IN_PROGRESS' then 'UNIT' end,
       case when s.st = 'IN_PROGRESS' then s.due end
from (select k.district, k.i,
             (select min(id) from hazard_category where code like 'BS-C%') + (random() * 9)::int as c,
             (select min(id) from unit where code like 'BS-U%') + (random() * (:townships - 1))::int as u,
             case when random() < 0.85 then 'CLOSED' else 'IN_PROGRESS' end as st,
             now() - random() * interval '365 days' as ts,
             now() + (random() * 30 - 10) * interval '1 day' as due, random() as pick
      from (select (select id from region where code = 'BS-D') as district, i from generate_series(1, :tickets) i
            union all select (select id from region where code = 'BS-P'), i from generate_series(1, 1000) i) k) s
join gc on gc.district = s.district
join g on g.n = gc.first + floor(s.pick * gc.n)::bigint;
insert into report (reporter_role, anonymous, claim_code_hash, status, input_lat, input_lng, input_crs, lat, lng,
                    description, township_id, grid_id, routing, review_reasons, created_at, updated_at, review_due_at)
select 'resident', true, md5('bs-' || i), 'PENDING_REVIEW', 28.35, 113.15, 'WGS84', 28.35, 113.15, '基准测试线索 ' || i,
       g.tid, g.gid, '{"status":"NEEDS_DISPATCHER","reasons":["NO_RULE"]}'::jsonb, '{NO_RULE}',
       now() - make_interval(mins => i), now() - make_interval(mins => i), now() + interval '4 hours' - make_interval(mins => i)
from generate_series(1, :reports) i
join gc on gc.district = (select id from region where code = 'BS-D')
join g on g.n = gc.first + (i * 7919) % gc.n;
vacuum analyze region;
vacuum analyze ticket;
vacuum analyze report;
SQL
read -r D P < <(psql_db -AtF ' ' -c "select (select id from region where code = 'BS-D'), (select id from region where code = 'BS-P')")
read -r REGIONS_D REGIONS_P < <(psql_db -AtF ' ' -c "select count(*) filter (where path && array[$D]::bigint[]),
  count(*) filter (where path && array[$P]::bigint[]) from region")
echo "county: $REGIONS_D regions, $(psql_db -Atc "select count(*) from ticket where township_id in (select id from region where parent_id = $D)") tickets, $(psql_db -Atc "select count(*) from report where status = 'PENDING_REVIEW'") queued reports"
echo "big district: $REGIONS_P regions in scope"
[ "$REGIONS_P" -gt 65535 ] || fail "the big district must hold more than 65,535 regions"

TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-admin-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
account() { curl -sSf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE/api/v1/admin/accounts" \
  -d "{\"username\":\"$1\",\"displayName\":\"$1\",\"password\":\"Bench-scope-1\",\"roles\":[\"dispatcher\"],\"regionIds\":[$2]}"; }
login() { curl -sf -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"Bench-scope-1\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])'; }
account bs-county "$D"
account bs-big "$P"
COUNTY=$(login bs-county)

# measure NAME USER PATH TOTAL: REQUESTS pages spread over the list (TOTAL items, 20 a page), after 5
# warm-up requests; every answer must be 200 with its page (a fresh login each: a slow machine outlasts a token)
measure() {
  local name=$1 token path=$3 total=$4 pages i page code t sep
  token=$(login "$2")
  pages=$(( (total + 19) / 20 )); [ "$pages" -ge 1 ] || pages=1
  sep=$([[ $path == *\?* ]] && echo '&' || echo '?')
  : > "$WORK/$name.times"
  for i in $(seq 1 $((REQUESTS + 5))); do
    page=$(( (i * 7919) % pages ))
    read -r code t < <(curl -s -o "$WORK/$name.body" -w '%{http_code} %{time_total}\n' \
      -H "Authorization: Bearer $token" "$BASE$path${sep}page=$page&size=20")
    [ "$code" = 200 ] || { head -c 600 "$WORK/$name.body" >&2; echo >&2; fail "$name: HTTP $code at page $page"; }
    [ "$i" -gt 5 ] && echo "$t" >> "$WORK/$name.times"
  done
  sort -n "$WORK/$name.times" | awk -v n="$name" -v total="$(python3 -c 'import sys,json; print(json.load(open(sys.argv[1])).get("total", "-"))' "$WORK/$name.body")" \
    '{a[NR]=$1*1000} END {printf "RESULT http=%s requests=%d total=%s p50=%.1fms p95=%.1fms max=%.1fms status=200\n", n, NR, total, a[int(NR*0.5)+1], a[int(NR*0.95)+1], a[NR]}'
}
# the ticket list counts at most 10,000 (TicketViews.COUNT_LIMIT): past that its total is 10,000 with totalCapped
read -r TOTAL_T CAPPED_T < <(curl -sf -H "Authorization: Bearer $COUNTY" "$BASE/api/v1/tickets?size=1" \
  | python3 -c 'import sys,json; p = json.load(sys.stdin); print(p["total"], str(p["totalCapped"]).lower())')
TOTAL_O=$(curl -sf -H "Authorization: Bearer $COUNTY" "$BASE/api/v1/tickets?size=1&overdue=true" | python3 -c 'import sys,json; print(json.load(sys.stdin)["total"])')
TOTAL_R=$(curl -sf -H "Authorization: Bearer $COUNTY" "$BASE/api/v1/dispatch/reports?size=1" | python3 -c 'import sys,json; print(json.load(sys.stdin)["total"])')
if [ "$TICKETS" -gt 10000 ]; then
  [ "$TOTAL_T" = 10000 ] && [ "$CAPPED_T" = true ] || fail "the county account's total: $TOTAL_T (capped $CAPPED_T), expected 10000, capped"
else
  [ "$TOTAL_T" = "$TICKETS" ] && [ "$CAPPED_T" = false ] || fail "the county account sees $TOTAL_T tickets (capped $CAPPED_T), expected $TICKETS"
fi
[ "$TOTAL_O" -ge 1 ] || fail "the county account sees no overdue ticket"
[ "$TOTAL_R" -ge "$REPORTS" ] || fail "the county account sees $TOTAL_R queued reports, expected $REPORTS"
echo "county: the ticket list's total $TOTAL_T (capped: $CAPPED_T), overdue $TOTAL_O, queue $TOTAL_R"
echo "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
measure tickets bs-county /api/v1/tickets "$TOTAL_T"
measure tickets-overdue bs-county '/api/v1/tickets?overdue=true' "$TOTAL_O"
measure queue bs-county /api/v1/dispatch/reports "$TOTAL_R"
measure big-tickets bs-big /api/v1/tickets 1000
measure big-facets bs-big /api/v1/tickets/facets 20
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The same pages as SQL, old shape vs new, in this run, on the pages the API offers (the first 10,000 tickets).
# - tickets: in-list (before V33: the recursive query for every region below the account's, then the page and
#   the count with those ids as an IN list; literals, parsed the same way, since pgbench binds at most 255);
#   count (ScopeTree.sql's condition with the account's one region as the array, the page and a full count:
#   before the count limit); capped (the same page, the count stopped at 10,001 rows: the service now).
# - overdue (page + count, exact: fewer than 10,000): jit (the old condition, "or exists (…ticket_extension…)",
#   with the server's JIT on, as the service ran before); nojit (the same, JIT off); new (the condition as
#   TicketViews has it now, its arms indexable by V38's indexes, JIT off: the service now).
# - queue: in-list vs path (as above), page + count.
IDS=$(psql_db -Atc "select string_agg(id::text, ',') from region where path && array[$D]::bigint[]")
OLD_BELOW="with recursive tree(id) as (select id from region where id in ($D) union select r.id from region r join tree t on r.parent_id = t.id) select id from tree;"
NEW="exists (select 1 from region scope_r where scope_r.id = coalesce(t.grid_id, t.township_id) and scope_r.path && cast('{$D}' as bigint[]))"
NEWR="exists (select 1 from region scope_r where scope_r.id = coalesce(r.grid_id, r.township_id) and scope_r.path && cast('{$D}' as bigint[]))"
OPEN="('PENDING_REVIEW', 'DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED')"
LATE="(t.due_at is not null and t.due_at < now()) or (t.verify_due_at is not null and t.verified is null and t.verify_due_at < now() and t.state in $OPEN)"
OVERDUE_OLD="($LATE or exists (select 1 from ticket_extension e where e.ticket_id = t.id and e.status = 'PENDING' and e.decide_due_at < now()))"
OVERDUE_NEW="($LATE or t.id = any(array(select e.ticket_id from ticket_extension e where e.status = 'PENDING' and e.decide_due_at < now())))"
PAGES_T=$(( (TOTAL_T + 19) / 20 - 1 ))
PAGES_O=$(( (TOTAL_O + 19) / 20 - 1 ))
{ echo "\\set off 20 * random(0, $PAGES_T)"; echo "$OLD_BELOW"
  echo "select t.id from ticket t where coalesce(t.grid_id, t.township_id) in ($IDS) order by t.id limit 20 offset :off;"
  echo "select count(*) from ticket t where coalesce(t.grid_id, t.township_id) in ($IDS);"; } > "$WORK/tickets-in-list.sql"
{ echo "\\set off 20 * random(0, $PAGES_T)"
  echo "select t.id from ticket t where $NEW order by t.id limit 20 offset :off;"
  echo "select count(*) from ticket t where $NEW;"; } > "$WORK/tickets-count.sql"
{ echo "\\set off 20 * random(0, $PAGES_T)"
  echo "select t.id from ticket t where $NEW order by t.id limit 20 offset :off;"
  echo "select count(*) from (select 1 from ticket t where $NEW limit 10001) c;"; } > "$WORK/tickets-capped.sql"
for v in jit nojit new; do
  cond=$OVERDUE_OLD; [ $v = new ] && cond=$OVERDUE_NEW
  { echo "\\set off 20 * random(0, $PAGES_O)"; if [ $v = jit ]; then echo "set jit = on;"; else echo "set jit = off;"; fi
    echo "select t.id from ticket t where $NEW and $cond order by t.due_at nulls last, t.id limit 20 offset :off;"
    echo "select count(*) from (select 1 from ticket t where $NEW and $cond limit 10001) c;"; } > "$WORK/overdue-$v.sql"
done
{ echo "\\set off 20 * random(0, $(( TOTAL_R / 20 )))"; echo "$OLD_BELOW"
  echo "select r.id from report r where coalesce(r.grid_id, r.township_id) in ($IDS) and r.status = 'PENDING_REVIEW' order by r.created_at, r.id limit 20 offset :off;"
  echo "select count(*) from report r where coalesce(r.grid_id, r.township_id) in ($IDS) and r.status = 'PENDING_REVIEW';"; } > "$WORK/queue-in-list.sql"
{ echo "\\set off 20 * random(0, $(( TOTAL_R / 20 )))"
  echo "select r.id from report r where $NEWR and r.status = 'PENDING_REVIEW' order by r.created_at, r.id limit 20 offset :off;"
  echo "select count(*) from report r where $NEWR and r.status = 'PENDING_REVIEW';"; } > "$WORK/queue-path.sql"
# - facets of the big district (66,003 regions in scope): three (one distinct query per column, as before) vs
#   one (the three as grouping sets in one scan, as TicketViews.facets does now).
BIGS="exists (select 1 from region scope_r where scope_r.id = coalesce(t.grid_id, t.township_id) and scope_r.path && cast('{$P}' as bigint[]))"
{ for c in category_id lead_unit_id grid_id; do echo "select distinct t.$c from ticket t where $BIGS and t.$c is not null;"; done; } > "$WORK/facets-three.sql"
echo "select x.g, x.id from (select grouping(t.category_id, t.lead_unit_id, t.grid_id) as g, coalesce(t.category_id, t.lead_unit_id, t.grid_id) as id from ticket t where $BIGS group by grouping sets ((t.category_id), (t.lead_unit_id), (t.grid_id))) x where x.id is not null;" > "$WORK/facets-one.sql"
for s in tickets-in-list tickets-count tickets-capped overdue-jit overdue-nojit overdue-new queue-in-list queue-path facets-three facets-one; do
  (cd "$WORK" && pgbench "${PG[@]}" -n -M simple -c 1 -j 1 -T "$DURATION" -f "$s.sql" -l --log-prefix="$s" "$DB" > "$s.txt" 2>&1) \
    || { cat "$WORK/$s.txt" >&2; fail "pgbench $s"; }
  grep -q 'failed: 0 ' "$WORK/$s.txt" || grep -q 'number of failed transactions: 0' "$WORK/$s.txt" || { cat "$WORK/$s.txt" >&2; fail "pgbench $s failed transactions"; }
  cat "$WORK/$s".[0-9]* | awk '{print $3}' | sort -n | awk -v s="$s" -v ids="$REGIONS_D" \
    '{a[NR]=$1} END {if (NR == 0) exit 1; printf "RESULT sql=%s regions=%s pages=%d p50=%.1fms p95=%.1fms max=%.1fms\n", s, ids, NR, a[int(NR*0.5)+1]/1000, a[int(NR*0.95)+1]/1000, a[NR]/1000}' \
    || fail "pgbench $s ran nothing"
done
echo "plan of the ticket list's capped count:"
psql_db -At -c "set jit = off" -c "explain (analyze, buffers) select count(*) from (select 1 from ticket t where $NEW limit 10001) c" | sed 's/^/  /'
echo "plan of the overdue list's page (as the service runs it now):"
psql_db -At -c "set jit = off" -c "explain (analyze, buffers) select t.id from ticket t where $NEW and $OVERDUE_NEW order by t.due_at nulls last, t.id limit 20" | sed 's/^/  /'
check_log "$WORK/service.log"
