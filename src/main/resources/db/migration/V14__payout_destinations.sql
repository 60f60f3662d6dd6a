-- Every reward can be paid (issue 11): each payout channel has the destination it needs.

-- A resident's verified payout phone (收款手机号) for phone-credit top-ups: set only after an SMS
-- code sent to that number was confirmed. A resident who logged in by phone is paid to that phone
-- until they set another; a WeChat resident (no login phone) must set one.
alter table account
    add column payout_phone             varchar(20),
    add column payout_phone_verified_at timestamptz,
    add constraint account_payout_phone_verified check ((payout_phone is null) = (payout_phone_verified_at is null)),
    add constraint account_payout_phone_format check (payout_phone is null or payout_phone ~ '^1[3-9][0-9]{9}$'),
    add constraint account_payout_phone_resident check (payout_phone is null or kind = 'RESIDENT');

-- SMS codes serve two purposes: LOGIN (anyone, by phone) and PAYOUT_PHONE (a signed-in resident
-- proving a number for their payouts; bound to that account). One purpose's code never passes as
-- the other's; the per-phone resend interval and daily limit count both.
alter table sms_challenge
    add column purpose    varchar(16) not null default 'LOGIN' check (purpose in ('LOGIN', 'PAYOUT_PHONE')),
    add column account_id bigint references account (id),
    add constraint sms_challenge_purpose_account check ((purpose = 'PAYOUT_PHONE') = (account_id is not null));

-- What a line is paid to, as taken when the batch was built: the payout phone (PHONE_CREDIT, BANK)
-- or the WeChat openid (WECHAT). Null only on lines built before this migration.
alter table payout_line add column destination varchar(128);
