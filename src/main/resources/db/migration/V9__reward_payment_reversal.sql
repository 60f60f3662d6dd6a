-- Correcting a payment recorded by mistake (DOMAIN §7: corrections are reversal entries). The
-- payment's ledger entry stays; a REVERSAL entry naming it (and its batch) offsets it, the payout
-- line becomes REVERSED (keeping its reference and result), and the reward goes back to APPROVED
-- for a later batch.

-- A line whose recorded payment was reversed: who, when and why. It keeps external_ref and
-- result_at (the result that was recorded, then corrected).
alter table payout_line
    add column reversed_at     timestamptz,
    add column reversed_by     bigint references account (id),
    add column reversal_reason varchar(500);
alter table payout_line drop constraint payout_line_status_check;
alter table payout_line add constraint payout_line_status_check
    check (status in ('PENDING', 'PAID', 'FAILED', 'DISCARDED', 'REVERSED'));
alter table payout_line drop constraint payout_line_paid;
alter table payout_line add constraint payout_line_paid
    check (status not in ('PAID', 'REVERSED') or external_ref is not null);
alter table payout_line drop constraint payout_line_result;
alter table payout_line add constraint payout_line_result
    check ((status in ('PAID', 'FAILED', 'REVERSED')) = (result_at is not null));
alter table payout_line add constraint payout_line_reversed
    check ((status = 'REVERSED') = (reversed_at is not null and reversal_reason is not null));

-- "Paid at most once" means at most one standing payment: a REVERSED line no longer counts, so
-- the reward may be paid again in a later batch. (Same predicate as V8, restated on purpose.)
drop index payout_line_one_paid;
create unique index payout_line_one_paid on payout_line (reward_id) where status = 'PAID';
comment on index payout_line_one_paid is 'At most one standing payment per reward; REVERSED lines do not count.';

-- A batch's money: total_fen = paid_fen + failed_fen + reversed_fen + pending. paid_fen is what
-- stands paid; reversed_fen what was recorded paid and then reversed.
alter table payout_batch add column reversed_fen bigint not null default 0 check (reversed_fen >= 0);
alter table payout_batch drop constraint payout_batch_money;
alter table payout_batch add constraint payout_batch_money check (paid_fen + failed_fen + reversed_fen <= total_fen);

-- A REVERSAL of a PAYMENT names the payment's batch, like the entry it reverses; a REVERSAL of an
-- ACCRUAL (a cap cut) names none.
alter table reward_ledger drop constraint reward_ledger_batch;
alter table reward_ledger add constraint reward_ledger_batch check (
    (kind in ('PAYMENT', 'FAILURE') and batch_id is not null)
    or (kind in ('ACCRUAL', 'CANCELLATION') and batch_id is null)
    or kind = 'REVERSAL');

-- Finance lists are scoped by the reward's place (grid or township), as tickets are.
create index reward_place_state_idx on reward ((coalesce(grid_id, township_id)), state);
