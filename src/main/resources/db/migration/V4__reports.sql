-- Report intake (DOMAIN §4, §5, §8): reports and their photos, the ticket fields intake fills,
-- the ticket timeline, suspected duplicates, the daily report quota and the upload journal that
-- keeps object storage and the database from drifting apart.

-- Tickets: location derived from lat/lng, so no writer can let them disagree.
drop index ticket_open_location_idx;
alter table ticket drop column location;
alter table ticket add column location point generated always as (point(lng, lat)) stored;
create index ticket_open_location_idx on ticket using gist (location)
    where state in ('PENDING_REVIEW', 'DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED');

alter table ticket
    add column zone_id        bigint references region (id),
    add column township_id    bigint references region (id),
    add column address        varchar(300),
    add column description    varchar(1000),
    add column routing        jsonb,
    add column dispatched_at  timestamptz,
    add constraint ticket_dispatched_has_unit check (state in ('PENDING_REVIEW', 'REJECTED', 'CANCELLED')
        or lead_unit_id is not null);
create index ticket_township_state_idx on ticket (township_id, state);
create index ticket_lead_unit_state_idx on ticket (lead_unit_id, state);

create table ticket_assist_unit (
    ticket_id bigint not null references ticket (id),
    unit_id   bigint not null references unit (id),
    primary key (ticket_id, unit_id)
);

-- The ticket's timeline: one row per action, never changed.
create table ticket_event (
    id         bigserial primary key,
    ticket_id  bigint       not null references ticket (id),
    type       varchar(32)  not null,
    at         timestamptz  not null,
    actor_id   bigint references account (id),  -- null: the system (auto-dispatch, scheduler)
    actor_role varchar(24),
    note       varchar(2000),
    details    jsonb
);
create index ticket_event_ticket_idx on ticket_event (ticket_id, id);

create function timeline_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end $$;
create trigger ticket_event_no_update before update or delete on ticket_event
    for each row execute function timeline_is_append_only();

-- A resident's report: immutable content plus where it stands. PENDING_REVIEW is the dispatcher
-- queue; ACCEPTED made its ticket (auto-dispatch or a dispatcher); MERGED joined an existing one.
-- reporter_id is null for an anonymous report, which only its claim code (stored hashed) reaches.
create table report (
    id                 bigserial primary key,
    reporter_id        bigint references account (id),
    reporter_role      varchar(24)  not null check (reporter_role in ('resident', 'grid_worker')),
    anonymous          boolean      not null,
    claim_code_hash    varchar(64) unique,
    status             varchar(16)  not null check (status in ('PENDING_REVIEW', 'ACCEPTED', 'MERGED', 'REJECTED')),
    ticket_id          bigint references ticket (id),
    category_id        bigint references hazard_category (id),
    suggested_category varchar(64),
    input_lat          double precision not null,
    input_lng          double precision not null,
    input_crs          varchar(8)   not null check (input_crs in ('WGS84', 'GCJ02', 'BD09')),
    lat                double precision not null check (lat between -90 and 90),
    lng                double precision not null check (lng between -180 and 180),
    location           point generated always as (point(lng, lat)) stored,
    accuracy_m         double precision check (accuracy_m >= 0),
    address            varchar(300),
    description        varchar(1000),
    township_id        bigint       not null references region (id),
    grid_id            bigint references region (id),
    routing            jsonb        not null,
    review_reasons     varchar(32)[] not null default '{}',
    reject_reason      varchar(32),
    reject_note        varchar(500),
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    version            bigint       not null default 0,
    check (anonymous = (reporter_id is null)),
    check (anonymous = (claim_code_hash is not null)),
    check ((status in ('ACCEPTED', 'MERGED')) = (ticket_id is not null)),
    check ((status = 'REJECTED') = (reject_reason is not null))
);
create index report_reporter_idx on report (reporter_id, created_at desc) where reporter_id is not null;
create index report_queue_idx on report (township_id, created_at) where status = 'PENDING_REVIEW';
create index report_ticket_idx on report (ticket_id);

-- What a resident can follow: submitted, accepted, rejected, merged. No actors here.
create table report_event (
    id        bigserial primary key,
    report_id bigint      not null references report (id),
    type      varchar(32) not null,
    at        timestamptz not null,
    note      varchar(500)
);
create index report_event_report_idx on report_event (report_id, id);
create trigger report_event_no_update before update or delete on report_event
    for each row execute function timeline_is_append_only();

-- Open tickets a report in review may be about, for the dispatcher to confirm or dismiss.
create table report_duplicate (
    report_id  bigint      not null references report (id),
    ticket_id  bigint      not null references ticket (id),
    kind       varchar(16) not null check (kind in ('SAME_PHOTO', 'SIMILAR_PHOTO', 'NEARBY')),
    distance_m double precision,
    primary key (report_id, ticket_id)
);

-- Photos of a report (and, later, a ticket's after-photos). Objects live in the private bucket.
create table photo (
    id           bigserial primary key,
    report_id    bigint references report (id),
    ticket_id    bigint references ticket (id),
    kind         varchar(16)  not null check (kind in ('REPORT', 'AFTER', 'VERIFY', 'RECHECK')),
    seq          smallint     not null check (seq >= 0),
    file_name    varchar(255),
    format       varchar(8)   not null,
    bytes        bigint       not null check (bytes > 0),
    width        integer      not null,
    height       integer      not null,
    original_key varchar(300) not null unique,
    display_key  varchar(300) not null unique,
    thumb_key    varchar(300) not null unique,
    sha256       varchar(64)  not null check (length(sha256) = 64),
    phash        varchar(16)  not null check (length(phash) = 16),
    exif_lat     double precision,
    exif_lng     double precision,
    taken_at     timestamptz,
    flags        varchar(32)[] not null default '{}',
    created_at   timestamptz  not null,
    check ((kind = 'REPORT') = (report_id is not null)),
    check ((kind = 'REPORT') or ticket_id is not null)
);
create index photo_report_idx on photo (report_id, seq);
create index photo_ticket_idx on photo (ticket_id);
create index photo_sha256_idx on photo (sha256);

-- Reports per account and business day; one atomic upsert enforces the limit across instances.
create table report_quota (
    account_id bigint  not null references account (id),
    day        date    not null,
    used       integer not null check (used >= 0),
    primary key (account_id, day)
);

-- Objects written before their rows exist. The row that records the photos deletes the intent in
-- the same transaction; an intent left behind (failed or crashed request) names objects the
-- cleanup job removes after a grace period.
create table upload_intent (
    id         uuid        primary key,
    keys       text[]      not null,
    created_at timestamptz not null
);
create index upload_intent_created_idx on upload_intent (created_at);
