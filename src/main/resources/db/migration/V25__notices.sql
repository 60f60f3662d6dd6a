-- Notices back to people (issue 14, DOMAIN §6): the in-app list, the channels each outbox row is
-- delivered by, WeChat subscription credits, the cached WeChat access token and the admin data
-- that says which channel a unit's or a region's staff are reached by. All owned by notify.

-- Grid workers become a recipient of their own: the grid workers of a ticket's grid (to verify,
-- to re-check).
alter table outbox_event drop constraint outbox_event_recipient_type_check;
alter table outbox_event add constraint outbox_event_recipient_type_check
    check (recipient_type in ('UNIT', 'REGION_DISPATCHERS', 'REGION_LEADERS', 'REGION_GRID_WORKERS', 'ACCOUNT'));

-- The in-app list: one row per account an outbox row was addressed to, written by the delivery
-- (the in-app channel). Title and text are rendered from the outbox row's type and payload when read.
create table notice (
    id               bigserial primary key,
    outbox_event_id  bigint      not null references outbox_event (id) on delete cascade,
    account_id       bigint      not null references account (id) on delete cascade,
    created_at       timestamptz not null,   -- the outbox row's: when the change happened
    read_at          timestamptz,
    unique (outbox_event_id, account_id)     -- a retried delivery adds nobody twice
);
create index notice_account_idx on notice (account_id, created_at desc, id desc);
create index notice_unread_idx on notice (account_id) where read_at is null;

-- One row per outbox row × channel × target (an account, a duty phone, a WeCom bot): a retry after a
-- partial failure resends only on the channels that did not get through.
create table notice_delivery (
    id               bigserial primary key,
    outbox_event_id  bigint       not null references outbox_event (id) on delete cascade,
    channel          varchar(16)  not null check (channel in ('WECHAT', 'SMS', 'WECOM', 'INTEGRATION')),
    target           varchar(64)  not null,
    -- DELIVERED: got through. FAILED: will be tried again with the row. REFUSED: WeChat said no
    -- (43101) or no subscription was left; the SMS fallback took over. GAVE_UP: a permanent error
    -- (bad key, bad template). SKIPPED: nothing to send it with (no phone, no gateway).
    status           varchar(16)  not null check (status in ('DELIVERED', 'FAILED', 'REFUSED', 'GAVE_UP', 'SKIPPED')),
    attempts         int          not null default 0 check (attempts >= 0),
    last_error       varchar(500),
    updated_at       timestamptz  not null,
    unique (outbox_event_id, channel, target)
);

-- wx.requestSubscribeMessage: each "accept" allows ONE subscription message of that template to that
-- resident; a "reject"/"ban" (or WeChat's 43101) leaves none until the next accept.
create table notice_subscription (
    account_id   bigint       not null references account (id) on delete cascade,
    template_id  varchar(128) not null,
    credits      int          not null default 0 check (credits >= 0 and credits <= 1000),
    refused_at   timestamptz,
    updated_at   timestamptz  not null,
    primary key (account_id, template_id)
);

-- The mini-program's access token from the stable-token API, shared by every instance. Refreshed
-- under this row's lock (select ... for update), so two instances that find it expired refresh once.
create table wechat_access_token (
    app_id        varchar(64)  primary key,
    access_token  varchar(600) not null,
    expires_at    timestamptz  not null,
    refreshed_at  timestamptz  not null,
    refreshes     bigint       not null default 1 check (refreshes >= 0)
);

-- Which channels a unit's staff or a region's dispatchers / leaders / grid workers are reached by
-- (admin data). The in-app list always; besides: SMS to the addressed staff's phones and/or to duty
-- phones, and/or a WeCom (企业微信) group bot. target_id is the unit, or the region.
create table notice_channel (
    id              bigserial primary key,
    recipient_type  varchar(24)  not null check (recipient_type in ('UNIT', 'REGION_DISPATCHERS', 'REGION_LEADERS', 'REGION_GRID_WORKERS')),
    target_id       bigint       not null,
    sms_to_members  boolean      not null default false,
    sms_phones      varchar(16)[] not null default '{}',
    wecom_key       varchar(200),            -- the group bot's webhook key: a secret, never shown in full
    wecom_msgtype   varchar(16)  not null default 'markdown' check (wecom_msgtype in ('text', 'markdown')),
    updated_at      timestamptz  not null,
    updated_by      bigint,
    unique (recipient_type, target_id),
    check (cardinality(sms_phones) <= 10)
);
