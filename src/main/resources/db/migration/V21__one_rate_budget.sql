-- Claim-code attempts per account and per code are counted in rate_budget (common/RateBudget, scope
-- 'claim', keys 'account:<id>' and 'code:<keyed hash>') beside the per-address budget: one counter
-- for every limit. The windows counted in rate_limit expire within hours; nothing is carried over.
drop table rate_limit;
-- the key says which limit a row counts: 'account:…', 'code:…', a client address, or '*'
comment on column rate_budget.key is 'a client address, ''*'' (service-wide), ''account:<id>'' or ''code:<keyed hash>''';
