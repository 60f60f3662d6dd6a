-- Deadlines (DOMAIN §6): the working-day calendar an admin maintains per year, and the deadline
-- policies per category × severity. Years without a row fall back to Monday–Friday with the
-- configured default working periods (suishoupai.deadlines.default-periods).

-- One row per year that has official data. periods: ordered working periods of a working day,
-- 'HH:mm-HH:mm' separated by commas (the service checks order and overlap).
create table work_calendar_year (
    year       integer      primary key check (year between 2000 and 2100),
    periods    varchar(200) not null
        check (periods ~ '^([0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])(,[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])*$'),
    updated_at timestamptz  not null
);

-- Days that differ from Monday–Friday: HOLIDAY (放假, weekend days of a holiday block may be
-- listed too) or WORKDAY (调休上班, only a Saturday or Sunday). The year column ties each day to
-- its year row, so a day cannot exist without its year's data.
create table work_calendar_day (
    day  date        primary key,
    year integer     not null references work_calendar_year (year) on delete cascade,
    kind varchar(16) not null check (kind in ('HOLIDAY', 'WORKDAY')),
    name varchar(64) not null,
    constraint work_calendar_day_in_year check (extract(year from day) = year),
    constraint work_calendar_day_workday_on_weekend check (kind <> 'WORKDAY' or extract(isodow from day) in (6, 7))
);
create index work_calendar_day_year_idx on work_calendar_day (year);

-- Deadline policies: category (null = any) × severity → time to sign, rectify, re-check.
-- Amount 0 is only meaningful as WORKING_DAYS (当日办结: the end of the same working day).
create table deadline_policy (
    id             bigserial   primary key,
    category_id    bigint references hazard_category (id),
    severity       varchar(16) not null check (severity in ('GENERAL', 'MAJOR')),
    sign_amount    integer     not null,
    sign_unit      varchar(16) not null check (sign_unit in ('WORKING_HOURS', 'WORKING_DAYS', 'CALENDAR_DAYS')),
    rectify_amount integer     not null,
    rectify_unit   varchar(16) not null check (rectify_unit in ('WORKING_HOURS', 'WORKING_DAYS', 'CALENDAR_DAYS')),
    recheck_amount integer     not null,
    recheck_unit   varchar(16) not null check (recheck_unit in ('WORKING_HOURS', 'WORKING_DAYS', 'CALENDAR_DAYS')),
    active         boolean     not null default true,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    version        bigint      not null default 0,
    constraint deadline_policy_sign_amount
        check (sign_amount between 0 and 1000 and (sign_amount > 0 or sign_unit = 'WORKING_DAYS')),
    constraint deadline_policy_rectify_amount
        check (rectify_amount between 0 and 1000 and (rectify_amount > 0 or rectify_unit = 'WORKING_DAYS')),
    constraint deadline_policy_recheck_amount
        check (recheck_amount between 0 and 1000 and (recheck_amount > 0 or recheck_unit = 'WORKING_DAYS'))
);
-- At most one active policy per (category or any, severity): planFor never meets a tie.
create unique index deadline_policy_one_active on deadline_policy (coalesce(category_id, 0), severity) where active;

-- The official 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知).
insert into work_calendar_year (year, periods, updated_at) values (2026, '08:30-12:00,14:00-17:30', now());
insert into work_calendar_day (day, year, kind, name)
select d::date, 2026, 'HOLIDAY', h.name
from (values ('2026-01-01', '2026-01-03', '元旦'),
             ('2026-02-15', '2026-02-23', '春节'),
             ('2026-04-04', '2026-04-06', '清明节'),
             ('2026-05-01', '2026-05-05', '劳动节'),
             ('2026-06-19', '2026-06-21', '端午节'),
             ('2026-09-25', '2026-09-27', '中秋节'),
             ('2026-10-01', '2026-10-07', '国庆节')) as h (first_day, last_day, name),
     generate_series(h.first_day::date, h.last_day::date, interval '1 day') as d;
insert into work_calendar_day (day, year, kind, name) values
    ('2026-01-04', 2026, 'WORKDAY', '元旦调休上班'),
    ('2026-02-14', 2026, 'WORKDAY', '春节调休上班'),
    ('2026-02-28', 2026, 'WORKDAY', '春节调休上班'),
    ('2026-05-09', 2026, 'WORKDAY', '劳动节调休上班'),
    ('2026-09-20', 2026, 'WORKDAY', '国庆节调休上班'),
    ('2026-10-10', 2026, 'WORKDAY', '国庆节调休上班');

-- Default policies for any category.
insert into deadline_policy (category_id, severity, sign_amount, sign_unit, rectify_amount, rectify_unit,
                             recheck_amount, recheck_unit, created_at, updated_at)
values (null, 'GENERAL', 2, 'WORKING_HOURS', 5, 'WORKING_DAYS', 2, 'WORKING_DAYS', now(), now()),
       (null, 'MAJOR', 1, 'WORKING_HOURS', 30, 'CALENDAR_DAYS', 1, 'WORKING_DAYS', now(), now());
