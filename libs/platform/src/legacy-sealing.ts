import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '@clearpath/observability';
import type { PersonalDataVault, SubjectKeys } from '@clearpath/persistence';

/** Rows per transaction. */
export const LEGACY_SEALING_BATCH = 300;
/** What a sealed value starts with (libs/persistence sealing.ts), as a PostgreSQL regex; nothing written before sealing does. */
export const SEALED_VALUE_PATTERN = '^pd1\\.[1-9][0-9]*\\.';

/**
 * One table's pass over one batch after the keyset cursor `after`: it claims up to
 * LEGACY_SEALING_BATCH rows (FOR UPDATE SKIP LOCKED, so instances starting together share the
 * work), seals them, and answers how many rows it looked at and the last one.
 */
export type SealingPass = (
  m: EntityManager,
  keysFor: (customerIds: string[]) => Promise<SubjectKeys>,
  after: string,
) => Promise<{ rows: number; last: string }>;

/**
 * Seals, at every startup and in the background, what a service stored in plaintext before
 * sealing existed (a migration has no master key): each pass runs batch after batch, each its own
 * transaction, until a batch comes back short. The keyset cursor makes a run end even when a row
 * cannot be sealed. Idempotent: a sealed row no longer matches its pass.
 */
export abstract class LegacySealing implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: Promise<void> | null = null;

  protected constructor(
    protected readonly dataSource: DataSource,
    protected readonly vault: PersonalDataVault,
    protected readonly logger: Logger,
  ) {}

  /** Table → its pass, run in this order. */
  protected abstract passes(): Record<string, SealingPass>;

  /** In the background: the service serves meanwhile (a row not yet sealed is read as it is). */
  onApplicationBootstrap(): void {
    this.running = this.run().then(
      () => undefined,
      (error: unknown) => this.logger.error({ err: error }, 'sealing legacy personal data failed; it is tried again at the next start'),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running;
  }

  /** Seals every legacy row; answers how many rows each pass sealed (or emptied, for erased customers). */
  async run(): Promise<Record<string, number>> {
    const done: Record<string, number> = {};
    for (const [table, pass] of Object.entries(this.passes())) {
      done[table] = 0;
      let after = '';
      for (;;) {
        const batch = await this.dataSource.transaction((m) => pass(m, (ids) => this.vault.forSealing(ids), after));
        done[table] += batch.rows;
        if (batch.rows < LEGACY_SEALING_BATCH) break;
        after = batch.last;
      }
    }
    if (Object.values(done).some((n) => n > 0)) this.logger.info({ rows: done }, 'sealed legacy personal data');
    return done;
  }
}
