/**
 * The ledger's schema as numbered migrations. A migration, once released, is never edited: a
 * change is a new entry with the next number. `migrate()` applies those not yet in
 * `schema_migrations`, in order, in one transaction under an advisory lock (see migrator.ts).
 *
 * Times are `timestamptz` (instants); reports turn them into local days and months with the
 * service's time zone. Ids are the queue's own (`text`), so a row can be traced to the queue's logs.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'transactions',
    sql: `
      -- One row per ended session: one agency serving one visit. The session id is the key, so a
      -- redelivered job finds its row already there (INSERT … ON CONFLICT DO NOTHING).
      CREATE TABLE transactions (
        session_id       text PRIMARY KEY,
        ticket_id        text NOT NULL,
        visit_id         text NOT NULL,
        point_id         text NOT NULL,
        expert_id        text NOT NULL,
        agency           text NOT NULL,
        language         text NOT NULL,
        topic            text,
        outcome          text NOT NULL,
        transferred_from text,
        queued_at        timestamptz NOT NULL,
        offered_at       timestamptz NOT NULL,
        answered_at      timestamptz NOT NULL,
        ended_at         timestamptz NOT NULL,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (queued_at <= answered_at AND answered_at <= ended_at)
      );
      CREATE INDEX transactions_ended_at ON transactions (ended_at);
      CREATE INDEX transactions_agency_ended_at ON transactions (agency, ended_at);
      CREATE INDEX transactions_expert_ended_at ON transactions (expert_id, ended_at);
      CREATE INDEX transactions_visit ON transactions (visit_id);
    `,
  },
  {
    version: 2,
    name: 'feedback',
    sql: `
      -- One row per session the customer gave (or skipped) feedback for. The session's facts are
      -- copied in, so reports and roles work before the transaction row arrives (wrap-up may
      -- still be running when the customer answers).
      CREATE TABLE feedback (
        session_id   text PRIMARY KEY,
        visit_id     text NOT NULL,
        point_id     text NOT NULL,
        expert_id    text NOT NULL,
        agency       text NOT NULL,
        language     text NOT NULL,
        ended_at     timestamptz NOT NULL,
        rating       smallint CHECK (rating BETWEEN 1 AND 5),
        comment      text CHECK (char_length(comment) <= 1000),
        submitted_at timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX feedback_agency_ended_at ON feedback (agency, ended_at);
      CREATE INDEX feedback_expert_ended_at ON feedback (expert_id, ended_at);
    `,
  },
  {
    version: 3,
    name: 'daily demand',
    sql: `
      -- The queue's daily counters per agency × language (Redis keeps them 40 days), copied here
      -- so demand reports reach further back. Counters only grow within a day, so a copy that is
      -- older than the row never lowers it (GREATEST on upsert): any process may copy, any time.
      CREATE TABLE daily_demand (
        day            date NOT NULL,
        agency         text NOT NULL,
        language       text NOT NULL,
        answered       integer NOT NULL DEFAULT 0,
        in_target      integer NOT NULL DEFAULT 0,
        wait_sum_ms    bigint  NOT NULL DEFAULT 0,
        abandoned      integer NOT NULL DEFAULT 0,
        cancelled      integer NOT NULL DEFAULT 0,
        denied         integer NOT NULL DEFAULT 0,
        handled        integer NOT NULL DEFAULT 0,
        handle_sum_ms  bigint  NOT NULL DEFAULT 0,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (day, agency, language)
      );
    `,
  },
  {
    version: 4,
    name: 'demand events',
    sql: `
      -- One row per unanswered demand event (a request cancelled, abandoned, or denied at once),
      -- recorded by the queue in the same step as the change and relayed like transactions. The
      -- event id is the key: a redelivered job finds its row (INSERT … ON CONFLICT DO NOTHING).
      CREATE TABLE demand_events (
        event_id    text PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('cancelled', 'abandoned', 'denied')),
        point_id    text NOT NULL,
        visit_id    text,
        ticket_id   text,
        agency      text NOT NULL,
        language    text NOT NULL,
        reason      text,
        waited_ms   bigint CHECK (waited_ms >= 0),
        at          timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX demand_events_at ON demand_events (at);
      CREATE INDEX demand_events_agency_at ON demand_events (agency, at);
      CREATE INDEX demand_events_point_at ON demand_events (point_id, at);
      -- Demand per point now comes from these events and from the transactions (answered, waits),
      -- so the copy of the queue's daily counters (version 3) is no longer read by anything.
      DROP TABLE daily_demand;
    `,
  },
  {
    version: 5,
    name: 'audit trail; append-only ledger',
    sql: `
      -- Who did what, when, from where (signaling/src/ledger/audit-chain.ts). Each row carries the hash of the row
      -- before it and its own hash over its content and that one: audit-chain.ts verifies the chain.
      CREATE TABLE audit_events (
        seq        bigserial PRIMARY KEY,
        event_id   uuid NOT NULL UNIQUE,
        at         timestamptz NOT NULL,
        action     text NOT NULL,
        actor_id   text NOT NULL,
        actor_role text,
        target     text,
        address    text,
        details    jsonb,
        prev_hash  char(64) NOT NULL,
        hash       char(64) NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_events_at ON audit_events (at);
      CREATE INDEX audit_events_actor_at ON audit_events (actor_id, at);

      -- Audit rows and the ledger's rows (transactions, demand events) are never changed or removed
      -- in place: a correction is a new row. The database itself refuses, whoever asks.
      CREATE FUNCTION etapiste_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'rows of % are append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END
      $fn$;
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION etapiste_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION etapiste_append_only();
      CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
        FOR EACH ROW EXECUTE FUNCTION etapiste_append_only();
      CREATE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON transactions
        FOR EACH STATEMENT EXECUTE FUNCTION etapiste_append_only();
      CREATE TRIGGER demand_events_append_only BEFORE UPDATE OR DELETE ON demand_events
        FOR EACH ROW EXECUTE FUNCTION etapiste_append_only();
      CREATE TRIGGER demand_events_no_truncate BEFORE TRUNCATE ON demand_events
        FOR EACH STATEMENT EXECUTE FUNCTION etapiste_append_only();
    `,
  },
  {
    version: 6,
    name: 'wrap-up notes',
    sql: `
      -- The specialist's own note on a session, written at wrap-up. Kept apart from the transaction
      -- (which is kept for good and never changed) because a note is free text that may describe a
      -- person: it is deleted WRAP_UP_NOTE_RETENTION_DAYS after the session ended (ledger-runtime.ts).
      CREATE TABLE wrap_up_notes (
        session_id  text PRIMARY KEY,
        expert_id   text NOT NULL,
        agency      text NOT NULL,
        note        text NOT NULL CHECK (char_length(note) <= 500),
        ended_at    timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX wrap_up_notes_ended_at ON wrap_up_notes (ended_at);
    `,
  },
  {
    version: 7,
    name: 'directory',
    sql: `
      -- The directory the operator edits (signaling/src/directory/directory-store.ts): agencies,
      -- municipalities, service points and people, one row each, the entry as a document checked by
      -- the protocol's schemas and the directory's cross-checks before it is written. "version"
      -- grows with each change (optimistic concurrency); "active" false keeps a deactivated
      -- entry for names in reports and for the audit trail. The seed file fills an empty directory.
      CREATE TABLE directory_entries (
        kind       text NOT NULL CHECK (kind IN ('agency', 'municipality', 'point', 'person')),
        id         text NOT NULL,
        version    integer NOT NULL DEFAULT 1 CHECK (version > 0),
        active     boolean NOT NULL DEFAULT true,
        doc        jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        PRIMARY KEY (kind, id)
      );
      -- One number for the whole directory: every change raises it, and every signaling process
      -- reloads when it sees a higher one (pushed over Redis, polled as a fallback).
      CREATE TABLE directory_revision (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        revision  bigint NOT NULL
      );
      INSERT INTO directory_revision (revision) VALUES (0);
    `,
  },
  {
    version: 8,
    name: 'advisor and identity check',
    sql: `
      -- Who started the visit at the point (the advisor's person id) and how the customer's
      -- identity was checked there: the method only ('passport', 'known', 'not-checked'…), never a
      -- document number or a personal identity code. Empty for transactions from before.
      ALTER TABLE transactions ADD COLUMN advisor_id text;
      ALTER TABLE transactions ADD COLUMN identity_check text;
    `,
  },
  {
    version: 9,
    name: 'transaction corrections',
    sql: `
      -- A transaction is never changed (migration 5): an administrator corrects the billing with a
      -- compensating row here (ledger/corrections.ts). A transaction's corrections are numbered
      -- 1, 2, 3… and alternate, void first: odd n voids, even n reinstates. The unique (session, n)
      -- and the check make that the database's rule, so two administrators voiding at once cannot
      -- take one transaction off twice: one of them finds n taken.
      CREATE TABLE transaction_corrections (
        correction_id uuid PRIMARY KEY,
        session_id    text NOT NULL REFERENCES transactions (session_id),
        n             integer NOT NULL CHECK (n > 0),
        kind          text NOT NULL CHECK (kind IN ('void', 'reinstate')),
        reason        text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
        actor_id      text NOT NULL,
        corrected_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (session_id, n),
        CHECK ((kind = 'void') = (n % 2 = 1))
      );
      CREATE INDEX transaction_corrections_corrected_at ON transaction_corrections (corrected_at);
      CREATE TRIGGER transaction_corrections_append_only BEFORE UPDATE OR DELETE ON transaction_corrections
        FOR EACH ROW EXECUTE FUNCTION etapiste_append_only();
      CREATE TRIGGER transaction_corrections_no_truncate BEFORE TRUNCATE ON transaction_corrections
        FOR EACH STATEMENT EXECUTE FUNCTION etapiste_append_only();
    `,
  },
  {
    version: 10,
    name: 'retention and erasure',
    sql: `
      -- A customer's comment is removed when its retention time is up or on request
      -- (signaling/src/retention/): the feedback row stays for the statistics, the text goes, and
      -- the row says when and why, so "commented" still counts it.
      ALTER TABLE feedback
        ADD COLUMN comment_removed_at  timestamptz,
        ADD COLUMN comment_removed_why text CHECK (comment_removed_why IN ('retention', 'erasure'));

      -- Audit rows past their retention time are deleted as a prefix of the chain, and only after
      -- an anchor was appended to the chain: an 'audit.retention' event whose details name the last
      -- row deleted (throughSeq) and its hash (throughHash), from which the verification starts
      -- (retention/audit-pruning.ts). The database lets a row go only when such an anchor after it
      -- covers it; UPDATE and TRUNCATE stay refused, and so does deleting any row no anchor covers.
      CREATE INDEX audit_events_anchors ON audit_events (seq) WHERE action = 'audit.retention';
      CREATE FUNCTION etapiste_audit_prunable() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (SELECT 1 FROM audit_events a
                    WHERE a.action = 'audit.retention' AND a.seq > OLD.seq
                      AND (a.details->>'throughSeq')::bigint >= OLD.seq) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'rows of % are append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END
      $fn$;
      DROP TRIGGER audit_events_append_only ON audit_events;
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION etapiste_append_only();
      CREATE TRIGGER audit_events_prune_covered BEFORE DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION etapiste_audit_prunable();
    `,
  },
  {
    version: 11,
    name: 'session documents',
    sql: `
      -- Documents shared in a session (signaling/src/documents/): a scan or photo from the point, a
      -- PDF from the specialist. The content is AES-256-GCM ciphertext (iv and tag beside it), never
      -- plain; the row goes when it expires (DOCUMENT_RETENTION_HOURS after the session ended, or
      -- at most that after the longest session from the upload when the end was never seen).
      CREATE TABLE session_documents (
        document_id  text PRIMARY KEY,
        session_id   text NOT NULL,
        from_role    text NOT NULL CHECK (from_role IN ('point', 'expert')),
        uploaded_by  text NOT NULL,
        name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size         integer NOT NULL CHECK (size > 0),
        iv           bytea NOT NULL,
        tag          bytea NOT NULL,
        ciphertext   bytea NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL
      );
      CREATE INDEX session_documents_session ON session_documents (session_id, created_at);
      CREATE INDEX session_documents_expiry ON session_documents (expires_at);
    `,
  },
  {
    version: 12,
    name: 'bookings',
    sql: `
      -- Appointments (signaling/src/bookings/). A shift is bookable time a specialist (or their
      -- supervisor) published for one agency × language, cut into slots of slot_minutes.
      CREATE TABLE booking_shifts (
        shift_id     text PRIMARY KEY,
        expert_id    text NOT NULL,
        agency       text NOT NULL,
        language     text NOT NULL,
        day          date NOT NULL,
        starts_at    timestamptz NOT NULL,
        ends_at      timestamptz NOT NULL,
        slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
        published_by text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (starts_at < ends_at)
      );
      CREATE INDEX booking_shifts_queue_day ON booking_shifts (agency, language, day);
      CREATE INDEX booking_shifts_expert_day ON booking_shifts (expert_id, day);

      -- A booked slot. No slot is ever booked twice: the partial unique index is the rule, so two
      -- advisors booking the same specialist's slot at once cannot both win (the second INSERT finds
      -- the row and does nothing). A cancelled booking frees its slot.
      CREATE TABLE bookings (
        booking_id           text PRIMARY KEY,
        shift_id             text NOT NULL,
        expert_id            text NOT NULL,
        agency               text NOT NULL,
        language             text NOT NULL,
        topic                text,
        point_id             text NOT NULL,
        interpreter_language text,
        starts_at            timestamptz NOT NULL,
        ends_at              timestamptz NOT NULL,
        created_by           text NOT NULL,
        state                text NOT NULL DEFAULT 'booked'
                             CHECK (state IN ('booked', 'arrived', 'served', 'no-show', 'cancelled')),
        ticket_id            text,
        created_at           timestamptz NOT NULL DEFAULT now(),
        state_changed_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (starts_at < ends_at)
      );
      CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (expert_id, starts_at) WHERE state <> 'cancelled';
      CREATE INDEX bookings_point_starts ON bookings (point_id, starts_at);
      CREATE INDEX bookings_queue_starts ON bookings (agency, language, starts_at);
      CREATE INDEX bookings_due ON bookings (starts_at) WHERE state = 'booked';
      CREATE INDEX bookings_ticket ON bookings (ticket_id) WHERE ticket_id IS NOT NULL;

      -- A specialist's calendar feed: the secret in its address, kept hashed (SHA-256); asking for
      -- a new one replaces it, so an address that leaked stops working.
      CREATE TABLE agenda_feeds (
        expert_id  text PRIMARY KEY,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 13,
    name: 'interpreting',
    sql: `
      -- A session with an interpreter (issue 14): who interpreted, which language, and for how many
      -- whole minutes (rounded up). Interpreting is billed apart from the transaction it rides on;
      -- a consultation is not a transaction of its own. Empty for sessions without one.
      ALTER TABLE transactions ADD COLUMN interpreter_id text;
      ALTER TABLE transactions ADD COLUMN interpreter_language text;
      ALTER TABLE transactions ADD COLUMN interpreter_minutes integer CHECK (interpreter_minutes >= 0);
    `,
  },
];
