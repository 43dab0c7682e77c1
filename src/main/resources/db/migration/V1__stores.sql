-- Datasets, models, aliases, jobs and the job queue: everything a replica must share.
-- Portable SQL: it runs on PostgreSQL and on embedded H2 in PostgreSQL mode (the default store).

create table datasets (
    id             varchar(128) primary key,
    name           varchar(200) not null,
    created_at     timestamp with time zone not null,
    sha256         varchar(64)  not null,
    rows_count     integer      not null,
    summary        text         not null,   -- the JSON summary, computed once at upload
    content_bytes  bigint       not null,   -- length of the encoded dataset (DatasetCodec)
    content_sha256 varchar(64)  not null    -- checksum of the encoded dataset, checked at every load
);
create index datasets_created_at on datasets (created_at);

-- the encoded dataset, in chunks so that neither side ever holds one huge value twice
create table dataset_chunks (
    dataset_id varchar(128) not null references datasets (id) on delete cascade,
    seq        integer      not null,
    data       bytea        not null,
    primary key (dataset_id, seq)
);

-- versions are numbered per name and never reused, even after a delete
create table model_names (
    name         varchar(100) primary key,
    last_version integer      not null
);

create table models (
    id              varchar(64)  primary key,
    name            varchar(100) not null references model_names (name),
    version         integer      not null,
    created_at      timestamp with time zone not null,
    description     text,
    tags            text         not null,   -- JSON object of string → string
    document_bytes  bigint       not null,   -- length of the export document (JSON)
    document_sha256 varchar(64)  not null,   -- checksum of the document, checked at every load
    unique (name, version)
);

-- the export document, gzip-compressed, in chunks
create table model_chunks (
    model_id varchar(64) not null references models (id) on delete cascade,
    seq      integer     not null,
    data     bytea       not null,
    primary key (model_id, seq)
);

create table model_aliases (
    name    varchar(100) not null,
    alias   varchar(100) not null,
    version integer      not null,
    primary key (name, alias)
);

-- bumped by every change to models or aliases: replicas poll it to refresh what they serve
create table registry_state (
    id    integer primary key,
    stamp bigint  not null
);
insert into registry_state (id, stamp) values (1, 0);

create table jobs (
    id               varchar(64)  primary key,
    kind             varchar(16)  not null,
    status           varchar(16)  not null,
    dataset_id       varchar(128) not null,
    model_name       varchar(100),
    config           text         not null,   -- the resolved configuration (JSON)
    created_at       timestamp with time zone not null,
    started_at       timestamp with time zone,
    finished_at      timestamp with time zone,
    progress         text,                    -- JSON, written by the worker at most a few times a second
    error            text,
    model_id         varchar(64),
    attempt          integer      not null,
    cancel_requested boolean      not null,
    worker           varchar(200),
    revision         bigint       not null    -- grows with every change, so event streams know what is new
);
create index jobs_status on jobs (status, created_at);
create index jobs_created_at on jobs (created_at);

-- db-scheduler's table (its PostgreSQL definition, with varchar keys so that H2 can index them)
create table scheduled_tasks (
    task_name            varchar(100) not null,
    task_instance        varchar(100) not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean      not null,
    picked_by            varchar(200),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint       not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
