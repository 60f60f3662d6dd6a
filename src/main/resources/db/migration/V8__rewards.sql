-- Rewards and settlement (举报奖励, DOMAIN §7). Money is integer fen (bigint); percentages are
-- basis points. The ledger is append-only; every other money fact must be provable from it.

-- Reward rules an admin maintains: by category (null = any) and severity, valid on Shanghai dates
-- [valid_from, valid_until] (valid_until null = open). FIXED pays fixed_fen; FINE_PERCENT pays
-- percent_bps of the fine, at least min_fen and at most max_fen, once the fine is recorded.
create table reward_rule (
    id           bigserial   primary key,
    category_id  bigint references hazard_category (id),
    severity     varchar(16) not null check (severity in ('GENERAL', 'MAJOR')),
    kind         varchar(16) not null check (kind in ('FIXED', 'FINE_PERCENT')),
    fixed_fen    bigint,
    percent_bps  integer,
    min_fen      bigint,
    max_fen      bigint,
    channel      varchar(16) not null check (channel in ('PHONE_CREDIT', 'WECHAT', 'BANK')),
    valid_from   date        not null,
    valid_until  date,
    note         varchar(200),
    created_by   bigint references account (id),
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    version      bigint      not null default 0,
    constraint reward_rule_dates check (valid_until is null or valid_until >= valid_from),
    constraint reward_rule_fixed check (kind <> 'FIXED'
        or (fixed_fen between 1 and 100000000 and percent_bps is null and min_fen is null and max_fen is null)),
    constraint reward_rule_percent check (kind <> 'FINE_PERCENT'
        or (fixed_fen is null and percent_bps between 1 and 10000
            and min_fen between 0 and 100000000 and max_fen between 1 and 100000000 and min_fen <= max_fen))
);
create index reward_rule_lookup_idx on reward_rule (severity, category_id, valid_from);

-- Per-township yearly budget in fen (admin). No row: no budget limit for that year.
create table reward_budget (
    region_id   bigint      not null references region (id),
    year        integer     not null check (year between 2000 and 2100),
    budget_fen  bigint      not null check (budget_fen between 0 and 100000000000),
    updated_by  bigint references account (id),
    updated_at  timestamptz not null,
    primary key (region_id, year)
);

-- Reports a dispatcher marked fraudulent: never rewarded.
create table report_fraud (
    report_id  bigint       primary key references report (id),
    reason     varchar(500) not null,
    marked_by  bigint       not null references account (id),
    marked_at  timestamptz  not null
);

-- Anonymous reports claimed with their claim code: the claimer is the payee.
create table report_claim (
    report_id  bigint      primary key references report (id),
    account_id bigint      not null references account (id),
    claimed_at timestamptz not null
);
create index report_claim_account_idx on report_claim (account_id);

-- Fines recorded on a ticket (finance or dispatcher), for fine-based rules.
create table ticket_fine (
    ticket_id   bigint      primary key references ticket (id),
    fine_fen    bigint      not null check (fine_fen between 1 and 100000000000),
    recorded_by bigint      not null references account (id),
    recorded_at timestamptz not null
);

-- One reward per ticket, for its first eligible report. payee_account_id is null while the report
-- is anonymous and unclaimed; awaiting_fine while a fine-based rule waits for the fine.
-- rule_amount_fen is what the rule gives; amount_fen what is owed after the monthly cap and the
-- township budget (cut_reason says which cut it).
create table reward (
    id               bigserial   primary key,
    ticket_id        bigint      not null references ticket (id),
    report_id        bigint      not null references report (id),
    payee_account_id bigint references account (id),
    rule_id          bigint references reward_rule (id),
    category_id      bigint references hazard_category (id),
    severity         varchar(16) check (severity in ('GENERAL', 'MAJOR')),
    township_id      bigint      not null references region (id),
    grid_id          bigint references region (id),
    channel          varchar(16) not null check (channel in ('PHONE_CREDIT', 'WECHAT', 'BANK')),
    state            varchar(16) not null check (state in ('ACCRUED', 'APPROVED', 'IN_BATCH', 'PAID', 'FAILED', 'CANCELLED')),
    awaiting_fine    boolean     not null default false,
    fine_fen         bigint check (fine_fen >= 1),
    rule_amount_fen  bigint      not null check (rule_amount_fen >= 0),
    amount_fen       bigint      not null check (amount_fen >= 0),
    cut_reason       varchar(64),
    accrual_month    varchar(7)  not null check (accrual_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    accrued_at       timestamptz not null,
    approved_at      timestamptz,
    approved_by      bigint references account (id),
    cancelled_at     timestamptz,
    cancelled_by     bigint references account (id),
    cancel_reason    varchar(500),
    paid_at          timestamptz,
    external_ref     varchar(128),
    failure_reason   varchar(500),
    updated_at       timestamptz not null,
    version          bigint      not null default 0,
    constraint reward_one_per_ticket unique (ticket_id),
    constraint reward_one_per_report unique (report_id),
    constraint reward_amount_within_rule check (amount_fen <= rule_amount_fen),
    constraint reward_cut_has_reason check (amount_fen = rule_amount_fen or cut_reason is not null),
    constraint reward_cancel_facts check ((state = 'CANCELLED') = (cancelled_at is not null and cancel_reason is not null)),
    constraint reward_paid_facts check ((state = 'PAID') = (paid_at is not null and external_ref is not null)),
    constraint reward_payable check (state in ('ACCRUED', 'CANCELLED') or (payee_account_id is not null and not awaiting_fine)),
    constraint reward_fine_awaited check (not awaiting_fine or (fine_fen is null and amount_fen = 0))
);
create index reward_payee_idx on reward (payee_account_id, accrual_month) where payee_account_id is not null;
create index reward_state_idx on reward (state, township_id);
create index reward_township_month_idx on reward (township_id, accrual_month);

-- Payout batches finance builds, exports and settles. OPEN: built, may be discarded; EXPORTED:
-- handed to the provider, results expected; CLOSED: every line has a result.
create table payout_batch (
    id           bigserial   primary key,
    region_id    bigint      not null references region (id),
    channel      varchar(16) not null check (channel in ('PHONE_CREDIT', 'WECHAT', 'BANK')),
    month        varchar(7) check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    state        varchar(16) not null check (state in ('OPEN', 'EXPORTED', 'CLOSED', 'DISCARDED')),
    line_count   integer     not null check (line_count >= 0),
    total_fen    bigint      not null check (total_fen >= 0),
    paid_fen     bigint      not null default 0 check (paid_fen >= 0),
    failed_fen   bigint      not null default 0 check (failed_fen >= 0),
    created_by   bigint      not null references account (id),
    created_at   timestamptz not null,
    exported_by  bigint references account (id),
    exported_at  timestamptz,
    closed_at    timestamptz,
    discarded_by bigint references account (id),
    discarded_at timestamptz,
    version      bigint      not null default 0,
    constraint payout_batch_money check (paid_fen + failed_fen <= total_fen),
    constraint payout_batch_exported check ((state in ('EXPORTED', 'CLOSED')) = (exported_at is not null)),
    constraint payout_batch_discarded check ((state = 'DISCARDED') = (discarded_at is not null))
);
create index payout_batch_region_idx on payout_batch (region_id, created_at desc);

-- One line per reward in a batch. A reward is PENDING in at most one batch and PAID at most once.
create table payout_line (
    id             bigserial   primary key,
    batch_id       bigint      not null references payout_batch (id),
    line_no        integer     not null check (line_no >= 1),
    reward_id      bigint      not null references reward (id),
    amount_fen     bigint      not null check (amount_fen >= 1),
    prior_state    varchar(16) not null check (prior_state in ('APPROVED', 'FAILED')),
    status         varchar(16) not null check (status in ('PENDING', 'PAID', 'FAILED', 'DISCARDED')),
    external_ref   varchar(128),
    failure_reason varchar(500),
    result_at      timestamptz,
    result_by      bigint references account (id),
    constraint payout_line_no_uq unique (batch_id, line_no),
    constraint payout_line_reward_uq unique (batch_id, reward_id),
    constraint payout_line_paid check (status <> 'PAID' or external_ref is not null),
    constraint payout_line_failed check (status <> 'FAILED' or failure_reason is not null),
    constraint payout_line_result check ((status in ('PAID', 'FAILED')) = (result_at is not null))
);
create unique index payout_line_one_open on payout_line (reward_id) where status = 'PENDING';
create unique index payout_line_one_paid on payout_line (reward_id) where status = 'PAID';

-- The append-only ledger. ACCRUAL adds to what a reward is owed; REVERSAL corrects an earlier
-- entry (negative, naming it); CANCELLATION releases what was owed; PAYMENT and FAILURE record a
-- batch line's result (FAILURE moves no money: the reward stays owed).
create table reward_ledger (
    id                bigserial   primary key,
    reward_id         bigint      not null references reward (id),
    batch_id          bigint references payout_batch (id),
    kind              varchar(16) not null check (kind in ('ACCRUAL', 'CANCELLATION', 'PAYMENT', 'FAILURE', 'REVERSAL')),
    amount_fen        bigint      not null,
    reverses_entry_id bigint references reward_ledger (id),
    reason            varchar(500),
    actor_id          bigint references account (id),
    at                timestamptz not null,
    constraint reward_ledger_sign check ((kind = 'REVERSAL' and amount_fen < 0 and reverses_entry_id is not null)
        or (kind <> 'REVERSAL' and amount_fen >= 0 and reverses_entry_id is null)),
    constraint reward_ledger_batch check ((kind in ('PAYMENT', 'FAILURE')) = (batch_id is not null))
);
create index reward_ledger_reward_idx on reward_ledger (reward_id, id);
create index reward_ledger_batch_idx on reward_ledger (batch_id) where batch_id is not null;
create trigger reward_ledger_no_update before update or delete on reward_ledger
    for each row execute function timeline_is_append_only();
create trigger reward_ledger_no_truncate before truncate on reward_ledger
    for each statement execute function timeline_is_append_only();
