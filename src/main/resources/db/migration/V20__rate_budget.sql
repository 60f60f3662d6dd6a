-- Per-client-address and service-wide request budgets (common/RateBudget, DOMAIN §9): one row per
-- (scope, key, window length, window start), taken with one atomic upsert so every instance shares
-- the count. scope: sms | login | claim; key: a client address, or '*' for the service-wide budget.
create table rate_budget (
    scope          text        not null,
    key            text        not null,
    window_seconds integer     not null check (window_seconds > 0),
    window_start   timestamptz not null,
    used           integer     not null check (used >= 0),
    primary key (scope, key, window_seconds, window_start)
);

-- The purge of spent windows (RateBudget.purge) deletes by window start.
create index rate_budget_window_start on rate_budget (window_start);
