-- Batch scoring (issue 13): scoring jobs share the jobs table and the queue with training jobs
-- (jobs.kind = 'scoring'); their result CSV is stored in chunks, one set per attempt, so that a
-- re-run after a dead worker never mixes its rows with what the dead attempt had written.
-- Portable SQL, as V1: PostgreSQL and embedded H2 in PostgreSQL mode.

-- what a finished job produced besides a model, as JSON (a scoring's counts and metrics)
alter table jobs add column result text;

-- a model's scorings, newest first
create index jobs_kind_model on jobs (kind, model_name, created_at);

create table scoring_results (
    id             varchar(80) primary key,    -- <job id>/<attempt>
    job_id         varchar(64) not null references jobs (id) on delete cascade,
    attempt        integer     not null,
    content_bytes  bigint,                     -- length of the CSV once complete; null while it is written
    content_sha256 varchar(64),                -- checksum of the CSV, checked as it is streamed back
    stored_bytes   bigint,                     -- what its chunks take (compressed): the budget counts it
    unique (job_id, attempt)
);

-- the CSV, gzip-compressed, in chunks (ChunkedBlobs)
create table scoring_result_chunks (
    result_id varchar(80) not null references scoring_results (id) on delete cascade,
    seq       integer     not null,
    data      bytea       not null,
    primary key (result_id, seq)
);
