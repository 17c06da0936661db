-- ShopIQ.Integrations.Core.PostgreSql: schema version 3.
--
-- Idempotent: running it again changes nothing, and it brings a version-1 or version-2 schema up to version 3.
-- Version 2: stores gain their snapshot column; the functions gain their snapshot and record-completion parameters;
-- a store saved by version 1 has no snapshot until the service rebuilds it from its ledger once and writes one.
-- Version 3: results have one status word, so an idempotency record keeps it in `status` (a version-2 record's
-- 'Completed' status becomes its outcome), and records gain `result_data`, the rest of the result (its app and
-- details, in the library's own text format) that a replay answers again; the functions gain that parameter.
-- Ledger rows and connections gain `connection_id`, the id of the connection an entry starts (Connected, Reserved,
-- and Replaced for the incoming app); rows written before have none, and the library derives their ids. The
-- functions gain that parameter last.
-- PostgreSqlStoreSchema.EnsureCreatedAsync runs this very
-- script (it is embedded in the assembly); DBAs who prefer their own migrations can run it themselves,
-- with the package option that creates the schema turned off.
--
-- The database keeps the slot guarantee (R3) itself, not only the client:
--   * shopiq.stores holds each store's allowance and slots in use, with a CHECK that slots in use never
--     exceed the allowance; every change goes through shopiq.save_change, which compares the store's
--     version (optimistic concurrency across instances) in the same UPDATE that locks the row and moves
--     the count, and recounts every entry's slots itself (a client's count that disagrees is refused);
--   * shopiq.connections holds one row per app holding a slot, unique per (store, provider): every slot
--     taken inserts a row and every slot freed must delete exactly one, so rows and count agree;
--   * shopiq.ledger is keyed by (store, sequence), so two writers can never both append entry N, and
--     has the same CHECK on every entry. The allowance itself is the client's (it comes from the plan
--     catalog in the service's configuration); the database keeps every count within it.
-- A whole change (entries, connections, counts, snapshot, deadline, idempotency record) is one call and one
-- transaction: all of it is written or none of it. The store's snapshot (its state after the last entry, in the
-- library's binary format, written by the client) lives in the store's row and is written by the same UPDATE that
-- moves the version, so it is never behind the ledger it claims; a load reads that row and never the ledger.

CREATE SCHEMA IF NOT EXISTS shopiq;

CREATE TABLE IF NOT EXISTS shopiq.stores (
    store_id       text        PRIMARY KEY,
    version        bigint      NOT NULL,
    plan_id        text        NOT NULL,
    allowance      integer     NULL,            -- null: unlimited
    slots_in_use   integer     NOT NULL,
    ai_credits     integer     NOT NULL,
    next_deadline  timestamptz NULL,            -- earliest pending reservation deadline, for the sweep
    snapshot       bytea       NULL,            -- the store's state at `version`; null: rebuild from the ledger
    CONSTRAINT stores_version_not_negative CHECK (version >= 0),
    CONSTRAINT stores_slots_within_allowance CHECK (slots_in_use >= 0 AND (allowance IS NULL OR slots_in_use <= allowance))
);

ALTER TABLE shopiq.stores ADD COLUMN IF NOT EXISTS snapshot bytea NULL;

CREATE INDEX IF NOT EXISTS stores_next_deadline ON shopiq.stores (next_deadline) WHERE next_deadline IS NOT NULL;

CREATE TABLE IF NOT EXISTS shopiq.connections (
    store_id       text        NOT NULL REFERENCES shopiq.stores (store_id),
    provider       text        NOT NULL,
    state          text        NOT NULL,
    pending_until  timestamptz NULL,
    since_sequence bigint      NOT NULL,
    connection_id  uuid        NULL,            -- null: connected before connections had ids
    CONSTRAINT connections_one_per_provider PRIMARY KEY (store_id, provider),
    CONSTRAINT connections_state_known CHECK (state IN ('pending', 'active', 'needs_attention')),
    CONSTRAINT connections_deadline_when_pending CHECK ((state = 'pending') = (pending_until IS NOT NULL))
);

CREATE TABLE IF NOT EXISTS shopiq.ledger (
    store_id          text        NOT NULL REFERENCES shopiq.stores (store_id),
    sequence          bigint      NOT NULL,
    change_id         uuid        NOT NULL,
    at                timestamptz NOT NULL,
    actor_kind        text        NOT NULL,
    actor_id          text        NOT NULL,
    kind              text        NOT NULL,
    provider          text        NULL,
    descriptor        text        NULL,        -- the provider descriptor, JSON written by the client
    plan_id           text        NOT NULL,
    allowance         integer     NULL,        -- null: unlimited
    slots_in_use      integer     NOT NULL,
    ai_credits        integer     NOT NULL,
    pending_until     timestamptz NULL,
    attention_reason  text        NULL,
    connection_id     uuid        NULL,        -- the connection a Connected, Reserved or Replaced entry starts
    CONSTRAINT ledger_gap_free PRIMARY KEY (store_id, sequence),
    CONSTRAINT ledger_sequence_positive CHECK (sequence >= 1),
    CONSTRAINT ledger_slots_within_allowance CHECK (slots_in_use >= 0 AND (allowance IS NULL OR slots_in_use <= allowance))
);

ALTER TABLE shopiq.connections ADD COLUMN IF NOT EXISTS connection_id uuid NULL;
ALTER TABLE shopiq.ledger ADD COLUMN IF NOT EXISTS connection_id uuid NULL;

-- Idempotency records need no store: a command for a store that does not exist still answers once.
CREATE TABLE IF NOT EXISTS shopiq.idempotency_records (
    store_id       text        NOT NULL,
    key            text        NOT NULL,
    change_id      uuid        NOT NULL,
    fingerprint    text        NOT NULL,
    is_final       boolean     NOT NULL,
    status         text        NOT NULL,
    outcome        text        NULL,
    is_success     boolean     NOT NULL,
    message        text        NOT NULL,
    provider       text        NULL,
    store_version  bigint      NOT NULL,
    recorded_at    timestamptz NOT NULL,
    result_data    text        NULL,            -- the result's app and details; null: it has neither
    CONSTRAINT idempotency_records_key PRIMARY KEY (store_id, key)
);

ALTER TABLE shopiq.idempotency_records ADD COLUMN IF NOT EXISTS result_data text NULL;

-- Version 2 kept the service's word in `status` and the store's in `outcome`; version 3 keeps the one word in `status`
-- (`outcome` stays for records written before, and is no longer written). A store's outcome was the word; an open or a
-- health check that changed nothing had none.
UPDATE shopiq.idempotency_records
SET status = coalesce(outcome, CASE WHEN fingerprint LIKE 'open %' THEN 'StoreOpened' ELSE 'HealthChecked' END)
WHERE status = 'Completed';

CREATE INDEX IF NOT EXISTS idempotency_records_final_by_time ON shopiq.idempotency_records (recorded_at) WHERE is_final;
-- The sweep's search for connects that never settled (few rows: the index stays small).
CREATE INDEX IF NOT EXISTS idempotency_records_unfinished_by_time ON shopiq.idempotency_records (recorded_at) WHERE NOT is_final;

-- Applies one change atomically. Returns 'saved' or 'version_conflict'; raises SQLSTATE SQ409 when a record
-- already holds the key (unless p_completes and that record is unfinished: a connect settling its own reservation), check_violation (23514) for a change that would break the
-- ledger (over the allowance, a count that does not add up, an app that is not there) and
-- unique_violation (23505) for an app connected twice. Whatever it raises, nothing is written.
-- Calling it again with the same change id after a lost answer returns 'saved' without writing twice.
--
-- The happy path is short on purpose: one UPDATE that is the compare-and-swap on the version, the lock
-- on the store's row and the new count at once (the CHECK constraint refuses a count over the
-- allowance), one statement per entry on shopiq.connections, one INSERT of the ledger rows, one upsert
-- of the record. Every slot taken inserts a connection row and every slot freed deletes exactly one, so
-- the count of connection rows always equals slots_in_use.
-- Version 1's functions had other parameters: CREATE OR REPLACE would add overloads beside them, not replace them.
DROP FUNCTION IF EXISTS shopiq.save_entry(text, bigint, uuid, bigint, timestamptz, text, text, text, text, text, text, text, integer,
    integer, integer, timestamptz, text, timestamptz, text, text, boolean, text, text, boolean, text, text, bigint, timestamptz);
DROP FUNCTION IF EXISTS shopiq.save_change(text, bigint, uuid, bigint[], timestamptz[], text[], text[], text[], text[], text[], text[],
    text[], integer[], integer[], integer[], timestamptz[], text[], timestamptz, text, text, boolean, text, text, boolean, text, text,
    bigint, timestamptz);
-- Version 2's, without p_result_data.
DROP FUNCTION IF EXISTS shopiq.save_entry(text, bigint, uuid, bigint, timestamptz, text, text, text, text, text, text, text, integer,
    integer, integer, timestamptz, text, timestamptz, text, text, boolean, text, text, boolean, text, text, bigint, timestamptz, bytea, boolean);
DROP FUNCTION IF EXISTS shopiq.save_change(text, bigint, uuid, bigint[], timestamptz[], text[], text[], text[], text[], text[], text[],
    text[], integer[], integer[], integer[], timestamptz[], text[], timestamptz, text, text, boolean, text, text, boolean, text, text,
    bigint, timestamptz, bytea, boolean);
-- Version 3's first form, without p_connection_id.
DROP FUNCTION IF EXISTS shopiq.save_entry(text, bigint, uuid, bigint, timestamptz, text, text, text, text, text, text, text, integer,
    integer, integer, timestamptz, text, timestamptz, text, text, boolean, text, text, boolean, text, text, bigint, timestamptz, bytea, boolean,
    text);
DROP FUNCTION IF EXISTS shopiq.save_change(text, bigint, uuid, bigint[], timestamptz[], text[], text[], text[], text[], text[], text[],
    text[], integer[], integer[], integer[], timestamptz[], text[], timestamptz, text, text, boolean, text, text, boolean, text, text,
    bigint, timestamptz, bytea, boolean, text);

CREATE OR REPLACE FUNCTION shopiq.save_change(
    p_store            text,
    p_expected         bigint,
    p_change           uuid,
    p_sequence         bigint[],
    p_at               timestamptz[],
    p_actor_kind       text[],
    p_actor_id         text[],
    p_kind             text[],
    p_provider         text[],
    p_descriptor       text[],
    p_descriptor_key   text[],
    p_plan             text[],
    p_allowance        integer[],
    p_slots            integer[],
    p_credits          integer[],
    p_pending_until    timestamptz[],
    p_reason           text[],
    p_next_deadline    timestamptz,
    p_key              text,
    p_fingerprint      text,
    p_is_final         boolean,
    p_status           text,
    p_outcome          text,
    p_is_success       boolean,
    p_message          text,
    p_record_provider  text,
    p_store_version    bigint,
    p_recorded_at      timestamptz,
    p_snapshot         bytea,
    p_completes        boolean,
    p_result_data      text,
    p_connection_id    uuid[])
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    n          integer := coalesce(array_length(p_kind, 1), 0);
    v_total    integer := 0;
    v_used     integer;
    v_version  bigint;
    i          integer;
BEGIN
    FOR i IN 1 .. n LOOP
        IF p_sequence[i] <> p_expected + i THEN
            RAISE EXCEPTION 'Entry % of store % should be %: entries are numbered on from version % without gaps.', p_sequence[i], p_store, p_expected + i, p_expected
                USING ERRCODE = 'check_violation';
        END IF;
        IF (p_kind[i] = 'Opened') <> (p_sequence[i] = 1) THEN
            RAISE EXCEPTION 'Entry % of store % is %; a ledger opens once, at entry 1.', p_sequence[i], p_store, p_kind[i]
                USING ERRCODE = 'check_violation';
        END IF;
        v_total := v_total + CASE p_kind[i]
            WHEN 'Connected' THEN 1 WHEN 'Reserved' THEN 1
            WHEN 'Released' THEN -1 WHEN 'Expired' THEN -1 WHEN 'Disconnected' THEN -1
            ELSE 0 END;
    END LOOP;

    IF n = 0 THEN
        -- Only a record: the store must still be at the version the command read (or still not exist).
        IF p_expected = 0 THEN
            IF EXISTS (SELECT 1 FROM shopiq.stores WHERE store_id = p_store) THEN
                v_version := -1;
            END IF;
        ELSE
            SELECT version INTO v_version FROM shopiq.stores WHERE store_id = p_store FOR UPDATE;
        END IF;
        IF v_version IS DISTINCT FROM (CASE WHEN p_expected = 0 THEN NULL ELSE p_expected END) THEN
            -- The same record, sent again after its answer was lost, is already there.
            IF EXISTS (SELECT 1 FROM shopiq.idempotency_records WHERE store_id = p_store AND key = p_key AND change_id = p_change) THEN
                RETURN 'saved';
            END IF;
            RETURN 'version_conflict';
        END IF;
    ELSIF p_expected = 0 THEN
        -- A new store, created with its final counts (the CHECK constraint applies to them).
        INSERT INTO shopiq.stores (store_id, version, plan_id, allowance, slots_in_use, ai_credits, next_deadline, snapshot)
        VALUES (p_store, n, p_plan[n], p_allowance[n], v_total, p_credits[n], p_next_deadline, p_snapshot)
        ON CONFLICT (store_id) DO NOTHING;
        IF NOT FOUND THEN
            IF EXISTS (SELECT 1 FROM shopiq.ledger WHERE store_id = p_store AND sequence = 1 AND change_id = p_change) THEN
                RETURN 'saved';
            END IF;
            RETURN 'version_conflict';
        END IF;
        v_used := 0;
    ELSE
        -- The compare-and-swap: only at the version the command read; it locks the row until commit.
        UPDATE shopiq.stores
        SET version = p_expected + n,
            plan_id = p_plan[n],
            allowance = p_allowance[n],
            slots_in_use = slots_in_use + v_total,
            ai_credits = p_credits[n],
            next_deadline = p_next_deadline,
            snapshot = p_snapshot
        WHERE store_id = p_store AND version = p_expected
        RETURNING slots_in_use - v_total INTO v_used;
        IF NOT FOUND THEN
            -- The same change, sent again after its answer was lost, is already there.
            IF EXISTS (SELECT 1 FROM shopiq.ledger WHERE store_id = p_store AND sequence = p_expected + 1 AND change_id = p_change) THEN
                RETURN 'saved';
            END IF;
            RETURN 'version_conflict';
        END IF;
    END IF;

    FOR i IN 1 .. n LOOP
        v_used := CASE p_kind[i]
            WHEN 'Opened' THEN 0
            WHEN 'Connected' THEN v_used + 1 WHEN 'Reserved' THEN v_used + 1
            WHEN 'Released' THEN v_used - 1 WHEN 'Expired' THEN v_used - 1 WHEN 'Disconnected' THEN v_used - 1
            ELSE v_used END;
        IF p_slots[i] <> v_used THEN
            RAISE EXCEPTION 'Entry % of store % records % slots in use; the database counts %.', p_sequence[i], p_store, p_slots[i], v_used
                USING ERRCODE = 'check_violation';
        END IF;

        CASE p_kind[i]
            WHEN 'Connected' THEN
                INSERT INTO shopiq.connections (store_id, provider, state, pending_until, since_sequence, connection_id)
                VALUES (p_store, p_provider[i], 'active', NULL, p_sequence[i], p_connection_id[i]);
            WHEN 'Reserved' THEN
                INSERT INTO shopiq.connections (store_id, provider, state, pending_until, since_sequence, connection_id)
                VALUES (p_store, p_provider[i], 'pending', p_pending_until[i], p_sequence[i], p_connection_id[i]);
            WHEN 'Activated' THEN
                UPDATE shopiq.connections SET state = 'active', pending_until = NULL
                WHERE store_id = p_store AND provider = p_provider[i] AND state = 'pending';
            WHEN 'Released', 'Expired' THEN
                DELETE FROM shopiq.connections WHERE store_id = p_store AND provider = p_provider[i] AND state = 'pending';
            WHEN 'Disconnected' THEN
                DELETE FROM shopiq.connections WHERE store_id = p_store AND provider = p_provider[i];
            WHEN 'Replaced' THEN
                UPDATE shopiq.connections SET provider = p_descriptor_key[i], state = 'active', pending_until = NULL, since_sequence = p_sequence[i],
                    connection_id = p_connection_id[i]
                WHERE store_id = p_store AND provider = p_provider[i];
            WHEN 'MarkedNeedsAttention' THEN
                UPDATE shopiq.connections SET state = 'needs_attention'
                WHERE store_id = p_store AND provider = p_provider[i] AND state <> 'pending';
            WHEN 'Reconnected' THEN
                UPDATE shopiq.connections SET state = 'active'
                WHERE store_id = p_store AND provider = p_provider[i] AND state <> 'pending';
            WHEN 'ActivityRecorded' THEN
                PERFORM 1 FROM shopiq.connections WHERE store_id = p_store AND provider = p_provider[i] AND state <> 'pending';
            ELSE
                -- Opened, PlanChanged, AllowanceRaised, AiCreditsUsed: no app concerned.
                NULL;
        END CASE;
        IF p_kind[i] NOT IN ('Opened', 'PlanChanged', 'AllowanceRaised', 'AiCreditsUsed', 'Connected', 'Reserved') AND NOT FOUND THEN
            RAISE EXCEPTION 'Entry % of store % (%) names app % in no state it could apply to.', p_sequence[i], p_store, p_kind[i], p_provider[i]
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;

    IF n = 1 THEN
        -- The usual change: one entry, inserted as it is (cheaper than unnesting thirteen arrays).
        INSERT INTO shopiq.ledger (store_id, sequence, change_id, at, actor_kind, actor_id, kind, provider, descriptor,
                                   plan_id, allowance, slots_in_use, ai_credits, pending_until, attention_reason, connection_id)
        VALUES (p_store, p_sequence[1], p_change, p_at[1], p_actor_kind[1], p_actor_id[1], p_kind[1], p_provider[1], p_descriptor[1],
                p_plan[1], p_allowance[1], p_slots[1], p_credits[1], p_pending_until[1], p_reason[1], p_connection_id[1]);
    ELSIF n > 1 THEN
        INSERT INTO shopiq.ledger (store_id, sequence, change_id, at, actor_kind, actor_id, kind, provider, descriptor,
                                   plan_id, allowance, slots_in_use, ai_credits, pending_until, attention_reason, connection_id)
        SELECT p_store, e.sequence, p_change, e.at, e.actor_kind, e.actor_id, e.kind, e.provider, e.descriptor,
               e.plan_id, e.allowance, e.slots, e.credits, e.pending_until, e.reason, e.connection_id
        FROM unnest(p_sequence, p_at, p_actor_kind, p_actor_id, p_kind, p_provider, p_descriptor,
                    p_plan, p_allowance, p_slots, p_credits, p_pending_until, p_reason, p_connection_id)
             AS e(sequence, at, actor_kind, actor_id, kind, provider, descriptor, plan_id, allowance, slots, credits, pending_until, reason, connection_id);
    END IF;

    IF p_key IS NOT NULL THEN
        -- A record keeps its key: the upsert then changes nothing, and the whole change is undone. Only a connect
        -- settling its own reservation (p_completes) replaces the unfinished record it wrote; a change sent again
        -- after its answer was lost finds its own record (same change id).
        INSERT INTO shopiq.idempotency_records AS r (store_id, key, change_id, fingerprint, is_final, status, outcome, is_success,
                                                     message, provider, store_version, recorded_at, result_data)
        VALUES (p_store, p_key, p_change, p_fingerprint, p_is_final, p_status, p_outcome, p_is_success,
                p_message, p_record_provider, p_store_version, p_recorded_at, p_result_data)
        ON CONFLICT (store_id, key) DO UPDATE
        SET change_id = EXCLUDED.change_id, fingerprint = EXCLUDED.fingerprint, is_final = EXCLUDED.is_final,
            status = EXCLUDED.status, outcome = EXCLUDED.outcome, is_success = EXCLUDED.is_success,
            message = EXCLUDED.message, provider = EXCLUDED.provider, store_version = EXCLUDED.store_version,
            recorded_at = EXCLUDED.recorded_at, result_data = EXCLUDED.result_data
        WHERE (p_completes AND NOT r.is_final) OR r.change_id = EXCLUDED.change_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'A record already holds idempotency key % of store %.', p_key, p_store
                USING ERRCODE = 'SQ409';
        END IF;
    END IF;

    RETURN 'saved';
END;
$$;

-- The usual change, one entry, with scalar parameters: binding thirteen one-element arrays costs the client and
-- the server more than the whole function does. Same answers and errors as shopiq.save_change.
CREATE OR REPLACE FUNCTION shopiq.save_entry(
    p_store            text,
    p_expected         bigint,
    p_change           uuid,
    p_sequence         bigint,
    p_at               timestamptz,
    p_actor_kind       text,
    p_actor_id         text,
    p_kind             text,
    p_provider         text,
    p_descriptor       text,
    p_descriptor_key   text,
    p_plan             text,
    p_allowance        integer,
    p_slots            integer,
    p_credits          integer,
    p_pending_until    timestamptz,
    p_reason           text,
    p_next_deadline    timestamptz,
    p_key              text,
    p_fingerprint      text,
    p_is_final         boolean,
    p_status           text,
    p_outcome          text,
    p_is_success       boolean,
    p_message          text,
    p_record_provider  text,
    p_store_version    bigint,
    p_recorded_at      timestamptz,
    p_snapshot         bytea,
    p_completes        boolean,
    p_result_data      text,
    p_connection_id    uuid)
RETURNS text
LANGUAGE sql
AS $$
    SELECT shopiq.save_change(p_store, p_expected, p_change, ARRAY[p_sequence], ARRAY[p_at], ARRAY[p_actor_kind], ARRAY[p_actor_id],
        ARRAY[p_kind], ARRAY[p_provider], ARRAY[p_descriptor], ARRAY[p_descriptor_key], ARRAY[p_plan], ARRAY[p_allowance],
        ARRAY[p_slots], ARRAY[p_credits], ARRAY[p_pending_until], ARRAY[p_reason], p_next_deadline, p_key, p_fingerprint,
        p_is_final, p_status, p_outcome, p_is_success, p_message, p_record_provider, p_store_version, p_recorded_at,
        p_snapshot, p_completes, p_result_data, ARRAY[p_connection_id]);
$$;

-- Replaces a store's snapshot with one rebuilt from its ledger, only while the store is still at that version.
-- Returns whether it was written.
CREATE OR REPLACE FUNCTION shopiq.write_snapshot(p_store text, p_version bigint, p_snapshot bytea)
RETURNS boolean
LANGUAGE sql
AS $$
    WITH written AS (
        UPDATE shopiq.stores SET snapshot = p_snapshot WHERE store_id = p_store AND version = p_version RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM written);
$$;
