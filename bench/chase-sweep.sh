#!/usr/bin/env bash
# Deadline sweep (issue 5): one ChaseSweep over 1,000,000 open tickets of which 1 % have a chase
# step due, timed from Java (the class the service runs), with the query plan of the due-row scan.
#
#   bench/chase-sweep.sh                      # builds the data (≈2 min), then 5 timed sweeps
#   LAYOUT=scattered bench/chase-sweep.sh     # the due tickets spread evenly over the table instead
#   RUNS=5 BATCH=2500 WORKERS=2 bench/chase-sweep.sh
#   KEEP=1 bench/chase-sweep.sh               # keeps the database; DB=<its name> bench/chase-sweep.sh reuses it
#   SMOKE=1 bench/chase-sweep.sh              # 1,000 tickets, one sweep: does it still run against this checkout?
#
# LAYOUT=clustered (default): the due tickets are the 1 % dispatched first, so their rows lie
# together, as they do in service (steps are written at dispatch, and tickets dispatched together
# fall due together). LAYOUT=scattered: every 100th ticket is due, one due row per heap page: the
# worst case, where each row costs a page write (and a full-page image in the WAL).
#
# Data: its own database with the real migrations (bench/lib.sh); TICKETS=1,000,000 IN_PROGRESS
# tickets, each with its 4 chase steps (reminder, overdue, escalation, leaders) = 4,000,000 rows in
# ticket_chase. For 1 % the reminder is due now; every other step lies in the future. A sweep deletes
# the steps it raises; before each timed run they are put back (their timeline events and notices stay).
source "$(dirname "$0")/lib.sh"
LAYOUT=${LAYOUT:-clustered}
TICKETS=${TICKETS:-$([ "$SMOKE" = 1 ] && echo 1000 || echo 1000000)}
RUNS=${RUNS:-$([ "$SMOKE" = 1 ] && echo 1 || echo 5)}

bench_cp
if bench_db "layout=$LAYOUT tickets=$TICKETS"; then
  time psql_db -v tickets="$TICKETS" -v due_every="$([ "$LAYOUT" = scattered ] && echo 100 || echo 0)" <<'SQL'
insert into region (code, name, level) values ('BD', 'bench district', 'DISTRICT');
insert into region (code, name, level, parent_id) select 'BT', 'bench township', 'TOWNSHIP', id from region where code = 'BD';
insert into hazard_category (code, name_zh, name_en, default_severity) values ('BENCH', '测试', 'bench', 'GENERAL');
insert into unit (code, name, type, active) values ('BENCH-U', 'bench unit', 'DEPARTMENT', true);
-- deadlines: 1 % within the next 12 h (their reminder, a day before, is due), the rest 2–30 days out;
-- the due 1 % are the first tickets (clustered) or every 100th (scattered)
create temporary table d as
select g as n, case when (:due_every > 0 and g % :due_every = 0) or (:due_every = 0 and g <= :tickets / 100)
                    then now() + random() * interval '12 hours'
                    else now() + interval '2 days' + random() * interval '28 days' end as due
from generate_series(1, :tickets) g;
-- V12: an IN_PROGRESS ticket's current deadline is its rectify deadline, owed by the unit
insert into ticket (category_id, severity, state, lat, lng, created_at, updated_at, lead_unit_id, township_id,
                    deadline_plan, sign_due_at, rectify_due_at, due_at, due_owner, signed_at, dispatched_at)
select (select id from hazard_category where code = 'BENCH'), 'GENERAL', 'IN_PROGRESS',
       28.3 + random() * 0.2, 113.1 + random() * 0.2, now() - interval '3 days', now() - interval '3 days',
       (select id from unit where code = 'BENCH-U'), (select id from region where code = 'BT'),
       '{}', now() - interval '3 days', due, due, 'UNIT', now() - interval '3 days', now() - interval '3 days'
from d order by n;
insert into ticket_chase (ticket_id, deadline, owner, deadline_at, stage, due_at, recipient_type, recipient_id)
select t.id, 'RECTIFY', 'UNIT', t.due_at, s.stage,
       case s.stage when 'REMINDER' then t.due_at - interval '1 day' when 'LEADERS' then t.due_at + interval '2 days'
                    else t.due_at end,
       s.rtype, case s.rtype when 'UNIT' then t.lead_unit_id else t.township_id end
from ticket t cross join (values ('REMINDER', 'UNIT'), ('OVERDUE', 'UNIT'), ('ESCALATED', 'REGION_DISPATCHERS'),
                                 ('LEADERS', 'REGION_LEADERS')) s(stage, rtype);
vacuum analyze ticket;
vacuum analyze ticket_chase;
SQL
fi
DUE=$(psql_db -Atc 'select count(*) from ticket_chase where due_at <= now()')
echo "tickets: $(psql_db -Atc 'select count(*) from ticket'), chase steps: $(psql_db -Atc 'select count(*) from ticket_chase'), due now: $DUE"
[ "$DUE" -gt 0 ] || fail "no chase step is due"

java -Dbatch="${BATCH:-2500}" -Dworkers="${WORKERS:-2}" -cp "$CP" cn.suishoupai.ticket.ChaseSweepBench "$JDBC_URL" "${PGUSER:-postgres}" "$RUNS" \
  | tee "$WORK/sweep.out"
grep -q "^RESULT steps=$DUE " "$WORK/sweep.out" || fail "the sweep did not raise the $DUE due steps"
