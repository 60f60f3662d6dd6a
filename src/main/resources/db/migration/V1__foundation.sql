-- Foundation schema: organisation reference data, accounts, tokens, SMS challenges, audit log.
-- Later features (grid geometry, routing rules, reports, tickets, rewards) add their own migrations.

-- Region tree: district → township → zone → grid (DOMAIN §3).
create table region (
    id          bigserial primary key,
    code        varchar(64)  not null unique,
    name        varchar(128) not null,
    level       varchar(16)  not null check (level in ('DISTRICT', 'TOWNSHIP', 'ZONE', 'GRID')),
    parent_id   bigint references region (id),
    retired_at  timestamptz,
    created_at  timestamptz  not null default now(),
    -- only a district may be a root
    constraint region_root_is_district check ((parent_id is null) = (level = 'DISTRICT'))
);
create index region_parent_idx on region (parent_id);

-- Units (责任单位) receive tickets.
create table unit (
    id            bigserial primary key,
    code          varchar(64)  not null unique,
    name          varchar(128) not null,
    type          varchar(24)  not null check (type in ('DEPARTMENT', 'VILLAGE_COMMUNITY', 'ENTERPRISE')),
    contact_phone varchar(32),
    active        boolean      not null default true,
    created_at    timestamptz  not null default now()
);

create table unit_region (
    unit_id   bigint not null references unit (id),
    region_id bigint not null references region (id),
    primary key (unit_id, region_id)
);

-- Hazard categories (隐患类别).
create table hazard_category (
    id               bigserial primary key,
    code             varchar(64)  not null unique,
    name_zh          varchar(64)  not null,
    name_en          varchar(64)  not null,
    default_severity varchar(16)  not null check (default_severity in ('GENERAL', 'MAJOR')),
    auto_dispatch    boolean      not null default true,
    active           boolean      not null default true
);

-- Accounts: staff (username + bcrypt) and residents (phone and/or WeChat openid).
create table account (
    id                bigserial primary key,
    kind              varchar(16)  not null check (kind in ('STAFF', 'RESIDENT')),
    username          varchar(64) unique,
    password_hash     varchar(100),
    display_name      varchar(64)  not null,
    phone             varchar(20),
    wechat_openid     varchar(128) unique,
    unit_id           bigint references unit (id),
    enabled           boolean      not null default true,
    failed_logins     integer      not null default 0 check (failed_logins >= 0),
    first_failed_at   timestamptz,
    locked_until      timestamptz,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    version           bigint       not null default 0,
    constraint account_staff_credentials check (kind <> 'STAFF' or (username is not null and password_hash is not null)),
    constraint account_resident_identity check (kind <> 'RESIDENT' or phone is not null or wechat_openid is not null)
);
-- a phone identifies at most one resident (staff phones are contact data only)
create unique index account_resident_phone_uq on account (phone) where kind = 'RESIDENT';

create table account_role (
    account_id bigint      not null references account (id),
    role       varchar(24) not null check (role in ('resident', 'grid_worker', 'dispatcher', 'unit', 'finance', 'admin', 'leader')),
    primary key (account_id, role)
);

create table account_region (
    account_id bigint not null references account (id),
    region_id  bigint not null references region (id),
    primary key (account_id, region_id)
);

-- Refresh tokens: opaque, stored as SHA-256, rotated on use; a family is one login session.
create table refresh_token (
    id          bigserial primary key,
    token_hash  varchar(64)    not null unique,
    family_id   uuid        not null,
    account_id  bigint      not null references account (id),
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    revoked_at  timestamptz,
    check (expires_at > issued_at)
);
create index refresh_token_family_idx on refresh_token (family_id);
create index refresh_token_account_idx on refresh_token (account_id);

-- SMS login challenges. Only a salted hash of the code is stored.
create table sms_challenge (
    id          bigserial primary key,
    phone       varchar(20) not null,
    code_hash   varchar(64)    not null,
    salt        varchar(32)    not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    attempts    integer     not null default 0 check (attempts >= 0),
    consumed_at timestamptz,
    client_ip   varchar(64)
);
create index sms_challenge_phone_idx on sms_challenge (phone, created_at desc);

-- Append-only audit log (DOMAIN §9). The trigger makes "append-only" a database fact.
create table audit_log (
    id           bigserial primary key,
    at           timestamptz  not null,
    actor_id     bigint,
    actor_name   varchar(128),
    action       varchar(64)  not null,
    target_type  varchar(32),
    target_id    varchar(64),
    client_ip    varchar(64),
    details      text
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_target_idx on audit_log (target_type, target_id);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only();
