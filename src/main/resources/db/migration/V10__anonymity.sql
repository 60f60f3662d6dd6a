-- Anonymous means anonymous (issue 11). Nothing stored links an anonymous report to the account
-- that sent it: the daily counter (report_quota) keeps account and day only, the audit entry has
-- no actor and no address, and the idempotency record of an anonymous submission is kept under a
-- keyed hash of (account, key) with its answer encrypted under the client's own key (below).

-- Idempotency records without an account: account_id is null and idem_key is 'h:' + the keyed hash
-- of account and key, so the row cannot be found, let alone tied to an account, without both.
alter table idempotency_record drop constraint idempotency_record_pkey;
alter table idempotency_record alter column account_id drop not null;
create unique index idempotency_record_owner_key_idx on idempotency_record (coalesce(account_id, 0), idem_key);
alter table idempotency_record add constraint idempotency_record_unlinked_keyed
    check (account_id is not null or (idem_key like 'h:%' and location is null));
-- Answers to anonymous submissions stored before this version hold the claim code in clear: drop
-- them (records only live 24 hours; a retry after the upgrade submits again).
delete from idempotency_record where operation = 'report.submit' and body like '%"claimCode":"%';

-- Claim codes are stored as a keyed hash (HMAC-SHA-256 under the service's privacy secret) of the
-- code's SHA-256 digest. Codes issued before this version are stored as the bare digest; they are
-- marked here and re-keyed at start-up (ClaimCodeRekey), which needs the secret, not the code.
alter table report add column claim_code_keyed boolean not null default true;
update report set claim_code_keyed = false where claim_code_hash is not null;
create index report_claim_code_unkeyed_idx on report (id) where not claim_code_keyed;

-- Attempts per bucket and fixed window, shared by every instance (one atomic upsert per attempt).
-- Buckets name an account ('claim-account:42') or a keyed hash of a claim code, never a code.
create table rate_limit (
    bucket       varchar(128) not null,
    window_start timestamptz  not null,
    used         integer      not null check (used >= 0),
    primary key (bucket, window_start)
);
create index rate_limit_window_idx on rate_limit (window_start);
