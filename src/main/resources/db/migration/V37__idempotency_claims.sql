-- An Idempotency-Key's claim carries a token and a lease (found by the fault drill, bench/faults.sh: an instance
-- killed between claiming a key and recording its answer left the key "in progress" until the record expired).
-- The first request claims the key (insert, or take over an expired claim) with a fresh claim_token and
-- lease_until = now + suishoupai.idempotency.lease, in a short transaction of its own. Its creation and its answer
-- are then written in ONE transaction, which records the answer only where claim_token is still its own. So a
-- pending row (status null) never stands for anything committed: after its lease a retry with the same key and
-- body takes it over with a new token, and the request that lost the claim can no longer record (it rolls back).
-- Answered rows keep neither. Pending rows written before this version have no lease: theirs runs from created_at.
alter table idempotency_record add column claim_token uuid;
alter table idempotency_record add column lease_until timestamptz;
alter table idempotency_record add constraint idempotency_record_answered_unclaimed
    check (status is null or (claim_token is null and lease_until is null));
