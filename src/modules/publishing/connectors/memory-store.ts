/** A PublicationStore in memory, for tests and for trying connectors from the command line. */
import type { PublicationAttempt, PublicationStore } from './publish.ts';

export class MemoryPublicationStore implements PublicationStore {
  readonly saves: PublicationAttempt[] = [];
  private readonly rows = new Map<string, PublicationAttempt>();

  async load(idempotencyKey: string): Promise<PublicationAttempt | null> {
    const row = this.rows.get(idempotencyKey);
    return row ? { ...row } : null;
  }

  async save(attempt: PublicationAttempt): Promise<void> {
    this.rows.set(attempt.idempotencyKey, { ...attempt });
    this.saves.push({ ...attempt });
  }
}
