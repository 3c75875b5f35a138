import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 14: the audit chain becomes one chain per trust (and one for events that belong to no
// trust), so trusts no longer queue behind one installation-wide lock to write. Events up to this
// migration stay one chain, verified as before; the anchor row records where it ends, and the first
// event of every per-trust chain links to that end (so nothing can be cut from the old chain
// unnoticed). The anchor is written once here and, like the events, cannot be changed after.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE audit_chain_anchor (
      id smallint PRIMARY KEY CHECK (id = 1),
      cutover_seq bigint NOT NULL,
      anchor_hash text NOT NULL
    )`,
    `INSERT INTO audit_chain_anchor (id, cutover_seq, anchor_hash)
      SELECT 1, COALESCE(MAX(seq), 0),
        COALESCE((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), repeat('0', 64))
      FROM audit_event`,
    `CREATE FUNCTION audit_chain_anchor_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'The audit chain anchor cannot be changed';
      END $$`,
    `CREATE TRIGGER audit_chain_anchor_no_change BEFORE UPDATE OR DELETE ON audit_chain_anchor
      FOR EACH ROW EXECUTE FUNCTION audit_chain_anchor_fixed()`,
    `CREATE TRIGGER audit_chain_anchor_no_truncate BEFORE TRUNCATE ON audit_chain_anchor
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_anchor_fixed()`,
    // Finds a trust's last event (each append) and walks one chain in order (verify-audit).
    `CREATE INDEX audit_event_chain ON audit_event (trust_id, seq)`,
  ]);
}
