-- Photo-first uploads (issue 14). A mini-program sends one photo per request (wx.uploadFile); the
-- request only checks it cheaply and stores the original, and a bounded worker pool processes it
-- from this table (claimed with FOR UPDATE SKIP LOCKED, like the outbox). An upload belongs to its
-- uploader, is used by one report at most, and expires unused (the sweep deletes row and objects).
-- Owned by media (docs/ARCHITECTURE.md §3).
create table photo_upload (
    id             bigserial primary key,
    -- null once an anonymous report used it: an anonymous report keeps no link to its account
    account_id     bigint references account (id),
    state          varchar(12)  not null check (state in ('PENDING', 'PROCESSING', 'READY', 'FAILED')),
    file_name      varchar(255),
    format         varchar(8)   not null check (format in ('JPEG', 'PNG', 'WEBP', 'HEIC')),
    bytes          bigint       not null check (bytes > 0),
    -- declared by the header on upload; the upright size once processed
    width          integer      not null check (width > 0),
    height         integer      not null check (height > 0),
    original_key   varchar(300) not null unique,
    display_key    varchar(300) unique,
    thumb_key      varchar(300) unique,
    -- the SHA-256 the client said it sent (optional form field sha256); a mismatch fails the upload
    client_sha256  varchar(64)  check (client_sha256 ~ '^[0-9a-f]{64}$'),
    sha256         varchar(64)  check (length(sha256) = 64),
    phash          varchar(16)  check (length(phash) = 16),
    exif_present   boolean,
    exif_lat       double precision check (exif_lat between -90 and 90),
    exif_lng       double precision check (exif_lng between -180 and 180),
    taken_at       timestamptz,
    failure        varchar(32),
    failure_detail varchar(300),
    attempts       integer      not null default 0 check (attempts >= 0),
    claim_token    uuid,
    lease_until    timestamptz,
    created_at     timestamptz  not null,
    expires_at     timestamptz  not null check (expires_at > created_at),
    processed_at   timestamptz,
    -- the report that took it, where in its photo list, and when that report had finished with it
    report_id      bigint references report (id),
    report_seq     smallint     check (report_seq between 0 and 99),
    used_at        timestamptz,
    consumed_at    timestamptz,
    check ((state = 'READY') = (sha256 is not null and phash is not null and display_key is not null
                                and thumb_key is not null and exif_present is not null and processed_at is not null)),
    check ((state = 'FAILED') = (failure is not null)),
    check ((state = 'PROCESSING') = (lease_until is not null and claim_token is not null)),
    check ((exif_lat is null) = (exif_lng is null)),
    check ((report_id is null) = (used_at is null)),
    check ((report_id is null) = (report_seq is null)),
    check (consumed_at is null or (report_id is not null and state in ('READY', 'FAILED'))),
    check (account_id is not null or report_id is not null)
);
-- the queue, oldest first
create index photo_upload_queue_idx on photo_upload (created_at) where state in ('PENDING', 'PROCESSING');
-- an account's pending (unused) uploads, for the per-account cap
create index photo_upload_account_idx on photo_upload (account_id, expires_at) where report_id is null;
create unique index photo_upload_report_idx on photo_upload (report_id, report_seq) where report_id is not null;
create index photo_upload_expiry_idx on photo_upload (expires_at);

-- A report submitted with uploads still processing waits in PHOTOS_PROCESSING; the worker that
-- finishes its last photo routes it and dispatches or queues it, once.
alter table report alter column status type varchar(24);
alter table report drop constraint report_status_check;
alter table report add constraint report_status_check
    check (status in ('PHOTOS_PROCESSING', 'PENDING_REVIEW', 'ACCEPTED', 'MERGED', 'REJECTED'));
create index report_photos_processing_idx on report (created_at) where status = 'PHOTOS_PROCESSING';
-- the device's location accuracy in metres (JSON accuracyM 0-10,000; the form's accuracy up to 100,000)
alter table report add constraint report_accuracy_range check (accuracy_m <= 100000);
