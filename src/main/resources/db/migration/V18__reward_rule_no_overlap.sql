-- Issue 12: the overlap rule for reward rules cannot be bypassed. Two rules for the same category
-- (or both for any category) and the same severity never share a day of validity; the service
-- checks this under an advisory lock (409 reward-rule-overlap), and the database now refuses it too
-- (SQLState 23P01, mapped to the same 409). valid_until null is open-ended; both ends are inclusive.
create extension if not exists btree_gist;

alter table reward_rule
    add constraint reward_rule_no_overlap exclude using gist (
        coalesce(category_id, 0) with =,
        severity with =,
        daterange(valid_from, valid_until, '[]') with &&
    );

-- Values from clients are bounded to the years 2000-2100 (common/Values); so are new rule dates
-- (not valid: rows stored before the bound are left for an operator to correct, not a failed migration).
alter table reward_rule
    add constraint reward_rule_window check (valid_from >= date '2000-01-01' and valid_from < date '2101-01-01'
        and (valid_until is null or valid_until < date '2101-01-01')) not valid;
