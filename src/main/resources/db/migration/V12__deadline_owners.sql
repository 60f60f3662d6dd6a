-- Deadlines are charged to their owner (issue 11). Sign and rectify are the lead unit's (UNIT);
-- verification and re-check are the grid workers' and dispatchers' of the ticket's region
-- (VERIFIER); re-dispatching a returned ticket, deciding an extension request and reviewing a
-- queued report are the dispatchers' (DISPATCHER). Overdue lists, on-time rates and the chase
-- read the owner stored with each deadline.

-- The ticket's current deadline knows whose it is; a returned ticket now has one too (the
-- dispatcher's time to re-dispatch it). Verification has its own deadline alongside.
alter table ticket
    add column due_owner     varchar(16) check (due_owner in ('UNIT', 'VERIFIER', 'DISPATCHER')),
    add column verify_due_at timestamptz;

update ticket set due_owner = case state when 'RECTIFIED' then 'VERIFIER' else 'UNIT' end where due_at is not null;

alter table ticket drop constraint ticket_due_matches_state;
alter table ticket add constraint ticket_due_matches_state check (
    (state = 'DISPATCHED' and due_at is not null and due_at = sign_due_at and due_owner = 'UNIT')
    or (state = 'IN_PROGRESS' and due_at is not null and due_at = rectify_due_at and due_owner = 'UNIT')
    or (state = 'RECTIFIED' and due_at is not null and due_at = recheck_due_at and due_owner = 'VERIFIER')
    or (state = 'RETURNED' and due_at is not null and due_owner = 'DISPATCHER')
    -- returned before dispatchers had deadlines, and every state without a deadline
    or (state not in ('DISPATCHED', 'IN_PROGRESS', 'RECTIFIED') and due_at is null and due_owner is null)
    -- tickets made before deadlines existed
    or (deadline_plan is null and due_at is null and due_owner is null));

-- Overdue lists per owner: the lead unit's own lateness, and the region's verifier and dispatcher work.
create index ticket_owner_due_idx on ticket (due_owner, due_at) where due_at is not null;
create index ticket_verify_due_idx on ticket ((coalesce(grid_id, township_id)), verify_due_at)
    where verify_due_at is not null and verified is null;

-- The dispatcher decides an extension request by this deadline.
alter table ticket_extension add column decide_due_at timestamptz;
create index ticket_extension_pending_due_idx on ticket_extension (decide_due_at) where status = 'PENDING';

-- A report waiting in the dispatcher's queue is reviewed by this deadline.
alter table report add column review_due_at timestamptz;
alter table report add constraint report_review_due check (status = 'PENDING_REVIEW' or review_due_at is null);

-- The chase knows whose deadline each step chases, and chases queued reports too (report_id
-- instead of ticket_id). Still one table of pending steps with one index on due_at: the sweep
-- stays set-based and touches due rows only.
alter table ticket_chase
    alter column ticket_id drop not null,
    add column report_id bigint references report (id),
    add column owner varchar(16) not null default 'UNIT' check (owner in ('UNIT', 'VERIFIER', 'DISPATCHER')),
    drop constraint ticket_chase_deadline_check,
    add constraint ticket_chase_deadline_check
        check (deadline in ('SIGN', 'RECTIFY', 'RECHECK', 'VERIFY', 'REDISPATCH', 'EXTENSION', 'REVIEW')),
    add constraint ticket_chase_subject check ((ticket_id is null) <> (report_id is null)),
    add constraint ticket_chase_report_is_review check ((report_id is not null) = (deadline = 'REVIEW'));
update ticket_chase set owner = 'VERIFIER' where deadline = 'RECHECK';
alter table ticket_chase alter column owner drop default;
create index ticket_chase_report_idx on ticket_chase (report_id) where report_id is not null;
