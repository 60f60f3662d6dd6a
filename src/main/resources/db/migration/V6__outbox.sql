-- Transactional outbox (DOMAIN §6 notifications): every event someone must hear about is written in
-- the transaction of the change, one row per recipient, and delivered later, at least once, by the
-- delivery job (cn.suishoupai.notify.OutboxDelivery). Receivers deduplicate by event_id.
create table outbox_event (
    id              bigserial primary key,
    event_id        uuid         not null unique default gen_random_uuid(),
    type            varchar(48)  not null,
    recipient_type  varchar(24)  not null check (recipient_type in ('UNIT', 'REGION_DISPATCHERS', 'REGION_LEADERS', 'ACCOUNT')),
    recipient_id    bigint       not null,
    -- which ticket it is about, for people reading the log; no foreign key on purpose: the check would
    -- lock the ticket row for every notice, and the chase sweep writes thousands at once
    ticket_id       bigint,
    payload         jsonb        not null default '{}',
    created_at      timestamptz  not null,
    next_attempt_at timestamptz,            -- when to try next; null once delivered or given up
    attempts        int          not null default 0 check (attempts >= 0),
    lease_until     timestamptz,            -- a sender instance holds the row until then
    delivered_at    timestamptz,
    failed_at       timestamptz,            -- gave up after max attempts
    last_error      varchar(500),
    check (delivered_at is null or failed_at is null)
);
create index outbox_event_pending_idx on outbox_event (next_attempt_at) where next_attempt_at is not null;
create index outbox_event_ticket_idx on outbox_event (ticket_id);

-- Additions (nullable, so set-based inserts need not name them):
-- claim_token: the claim that holds the lease. An instance whose lease ran out (slow send, pause)
-- must not mark a row another instance has since claimed; it only updates "where claim_token = its own".
alter table outbox_event add column claim_token uuid;
-- last_attempt_at: when the last attempt ended; next_attempt_at = last_attempt_at + backoff.
alter table outbox_event add column last_attempt_at timestamptz;
-- The admin list of failed rows, newest first.
create index outbox_event_failed_idx on outbox_event (failed_at) where failed_at is not null;
