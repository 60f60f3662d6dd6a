-- Exact scope (issue 11). An access token names the session version of its account
-- (claim "sv"); every authenticated request compares it with this column in one primary-key read,
-- so disabling an account, changing its roles or scope, or resetting its password ends every
-- session at once, on every instance, not when the token expires.
alter table account
    add column session_version integer not null default 0,
    add constraint account_session_version_nonnegative check (session_version >= 0);
