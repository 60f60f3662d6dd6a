-- Open311 GeoReport v2 facade (issue 16): API keys of partner systems, issued by an admin, shown once,
-- stored as a keyed hash (HMAC under the privacy secret), scoped to townships, rate-limited, revocable.
create table open311_key (
    id            bigserial    primary key,
    name          varchar(100) not null,
    key_hash      varchar(64)  not null unique,
    key_prefix    varchar(12)  not null,
    township_ids  bigint[]     not null check (cardinality(township_ids) > 0),
    link_residents boolean     not null default false,
    per_hour      integer      not null check (per_hour between 1 and 100000),
    created_at    timestamptz  not null,
    created_by    bigint       not null,
    revoked_at    timestamptz,
    revoked_by    bigint,
    last_used_at  timestamptz
);

-- A partner system's report (Open311, reporter_role 'partner') has no reporter account and is not anonymous: no
-- claim code, never rewarded. Every other report keeps the rule: anonymous exactly when it has no reporter.
alter table report drop constraint report_check;
alter table report add constraint report_reporter_or_anonymous
    check (anonymous = (reporter_id is null) or (reporter_role = 'partner' and reporter_id is null and not anonymous));
alter table report drop constraint report_reporter_role_check;
alter table report add constraint report_reporter_role_check
    check (reporter_role in ('resident', 'grid_worker', 'partner'));
