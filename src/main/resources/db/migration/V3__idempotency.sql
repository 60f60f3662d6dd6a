-- Idempotency-Key support (DOMAIN §10): a retried create returns the first result.
-- Keys are per account, so one caller can never replay another's response.
create table idempotency_record (
    account_id   bigint       not null references account (id),
    idem_key     varchar(128) not null,
    operation    varchar(128) not null,
    request_hash varchar(64)  not null,
    status       integer,                 -- null while the first request is still running
    location     varchar(256),
    body         text,
    created_at   timestamptz  not null,
    completed_at timestamptz,
    primary key (account_id, idem_key),
    check ((status is null) = (completed_at is null))
);
create index idempotency_record_created_idx on idempotency_record (created_at);
