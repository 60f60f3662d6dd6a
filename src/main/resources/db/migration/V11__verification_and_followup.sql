-- Issue 11, "the closed loop holds": verification before close, and the dispatcher's follow-up (回访) of 不满意 ratings.
--
-- No ticket closes without the verification fact any more: a passing re-check records it when it is missing
-- (Ticket.recheck / Ticket.close). Tickets closed before this version may lack it; they are listed in TO_VERIFY
-- and may be verified (real) after closure, which accrues their reward. This index finds them.
create index ticket_closed_unverified_idx on ticket ((coalesce(grid_id, township_id))) where state = 'CLOSED' and verified is null;

-- 回访: a dispatcher follows up the 不满意 ratings of a closed ticket, with a note and an outcome; HAZARD_PERSISTS
-- opens a new ticket linked to the old one (as a failed 回头看 does).
create table ticket_follow_up (
    id            bigserial    primary key,
    ticket_id     bigint       not null references ticket (id),
    done_by       bigint       not null references account (id),
    done_at       timestamptz  not null,
    outcome       varchar(24)  not null check (outcome in ('RESOLVED', 'HAZARD_PERSISTS')),
    note          varchar(500) not null check (length(btrim(note)) > 0),
    new_ticket_id bigint       unique references ticket (id),
    constraint ticket_follow_up_new_ticket check ((outcome = 'HAZARD_PERSISTS') = (new_ticket_id is not null))
);
create index ticket_follow_up_ticket_idx on ticket_follow_up (ticket_id, id);

-- A 不满意 rating waits on the dispatcher's FOLLOW_UP list until a follow-up answers it.
alter table ticket_rating
    add column follow_up_id bigint references ticket_follow_up (id),
    add constraint ticket_rating_follow_up_dissatisfied check (follow_up_id is null or rating = 'DISSATISFIED');
create index ticket_rating_follow_up_pending_idx on ticket_rating (ticket_id) where rating = 'DISSATISFIED' and follow_up_id is null;
