-- Ticket workflow (DOMAIN §4, §6): deadlines on the ticket, the lead-unit rules, verification,
-- extensions, the chase schedule (催办 / 逾期 / 督办), ratings and re-inspection (回头看).

alter table ticket
    add column deadline_plan    jsonb,
    add column sign_due_at      timestamptz,
    add column rectify_due_at   timestamptz,
    add column recheck_due_at   timestamptz,
    -- the deadline of the current stage (sign, rectify, re-check); null when nobody owes anything
    add column due_at           timestamptz,
    add column signed_at        timestamptz,
    add column rectified_at     timestamptz,
    add column closed_at        timestamptz,
    add column cancelled_at     timestamptz,
    add column cancel_reason    varchar(500),
    add column return_count     integer      not null default 0 check (return_count >= 0),
    add column rework_count     integer      not null default 0 check (rework_count >= 0),
    -- sent back by a failed re-check and not yet resubmitted (退回重改)
    add column rework           boolean      not null default false,
    -- 首查负责制: a designated lead unit may no longer return the ticket
    add column designated_lead  boolean      not null default false,
    -- 挂牌督办: major hazards are supervised by leaders from dispatch
    add column supervised       boolean      not null default false,
    add column verified         boolean,
    add column verified_at      timestamptz,
    add column verified_by      bigint references account (id),
    add column parent_ticket_id bigint references ticket (id),
    add constraint ticket_due_matches_state check (
        (state = 'DISPATCHED' and due_at is not null and due_at = sign_due_at)
        or (state = 'IN_PROGRESS' and due_at is not null and due_at = rectify_due_at)
        or (state = 'RECTIFIED' and due_at is not null and due_at = recheck_due_at)
        or (state not in ('DISPATCHED', 'IN_PROGRESS', 'RECTIFIED') and due_at is null)
        -- tickets made before deadlines existed
        or (deadline_plan is null and due_at is null)),
    add constraint ticket_closed_at check ((state = 'CLOSED') = (closed_at is not null)),
    add constraint ticket_verified_at check ((verified is null) = (verified_at is null));

-- Inboxes and overdue lists: the current deadline per lead unit and per township.
create index ticket_lead_unit_due_idx on ticket (lead_unit_id, due_at) where due_at is not null;
create index ticket_township_due_idx on ticket (township_id, due_at) where due_at is not null;
create index ticket_closed_at_idx on ticket (closed_at) where closed_at is not null;
-- Region-scoped lists (dispatchers, grid workers, leaders) filter on the ticket's place, grid or township.
create index ticket_place_state_idx on ticket ((coalesce(grid_id, township_id)), state);
create index ticket_place_due_idx on ticket ((coalesce(grid_id, township_id)), due_at) where due_at is not null;
create index ticket_assist_unit_unit_idx on ticket_assist_unit (unit_id);

-- Extension requests (延期申请): at most one pending per ticket.
create table ticket_extension (
    id              bigserial primary key,
    ticket_id       bigint       not null references ticket (id),
    status          varchar(16)  not null check (status in ('PENDING', 'APPROVED', 'REFUSED', 'WITHDRAWN')),
    requested_by    bigint       not null references account (id),
    requested_at    timestamptz  not null,
    current_due_at  timestamptz  not null,
    requested_due_at timestamptz not null check (requested_due_at > current_due_at),
    reason          varchar(500) not null,
    decided_by      bigint references account (id),
    decided_at      timestamptz,
    granted_due_at  timestamptz,
    decision_note   varchar(500),
    check ((status = 'PENDING') = (decided_at is null)),
    check ((status = 'APPROVED') = (granted_due_at is not null))
);
create unique index ticket_extension_one_pending on ticket_extension (ticket_id) where status = 'PENDING';

-- The chase schedule: the pending steps of each open ticket's current deadline (reminder, overdue
-- mark, escalation to the dispatcher and to leaders), with whom each one tells. The sweep deletes a
-- step under its row lock as it raises it (timeline event + notification), so a step is raised at
-- most once and the table holds only what is still to come: deleting leaves no index entries
-- behind, which keeps a sweep proportional to the due steps. Steps of a deadline that no longer
-- applies are deleted too; ticket.chase_key says which deadline was armed, so it is armed once.
create table ticket_chase (
    id             bigserial primary key,
    ticket_id      bigint       not null references ticket (id),
    deadline       varchar(16)  not null check (deadline in ('SIGN', 'RECTIFY', 'RECHECK')),
    deadline_at    timestamptz  not null,
    stage          varchar(16)  not null check (stage in ('REMINDER', 'OVERDUE', 'ESCALATED', 'LEADERS')),
    due_at         timestamptz  not null,
    recipient_type varchar(24)  not null check (recipient_type in ('UNIT', 'REGION_DISPATCHERS', 'REGION_LEADERS')),
    recipient_id   bigint       not null
);
-- The sweep reads this index and nothing else: only due rows are touched.
create index ticket_chase_due_idx on ticket_chase (due_at);
create index ticket_chase_ticket_idx on ticket_chase (ticket_id);
alter table ticket add column chase_key varchar(64);

-- After-, verification and re-check photos belong to the timeline event that brought them.
alter table photo add column ticket_event_id bigint references ticket_event (id);

-- 综合评价: each reporter of a closed ticket rates it once.
create table ticket_rating (
    ticket_id  bigint       not null references ticket (id),
    account_id bigint       not null references account (id),
    rating     varchar(24)  not null check (rating in ('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED')),
    comment    varchar(500),
    rated_at   timestamptz  not null,
    primary key (ticket_id, account_id)
);

-- 回头看: closed tickets sampled for re-inspection; a failed one opens a new linked ticket.
create table reinspection (
    id            bigserial primary key,
    ticket_id     bigint       not null unique references ticket (id),
    township_id   bigint       not null references region (id),
    grid_id       bigint references region (id),
    status        varchar(16)  not null check (status in ('PENDING', 'PASSED', 'FAILED')),
    sampled_at    timestamptz  not null,
    inspector_id  bigint references account (id),
    done_at       timestamptz,
    note          varchar(1000),
    new_ticket_id bigint references ticket (id),
    check ((status = 'PENDING') = (done_at is null)),
    check ((status = 'FAILED') = (new_ticket_id is not null))
);
create index reinspection_pending_idx on reinspection ((coalesce(grid_id, township_id)), sampled_at) where status = 'PENDING';
