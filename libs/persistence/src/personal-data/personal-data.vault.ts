import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { MASTER_KEYS_VARIABLE, type MasterKeyRing } from './master-keys';
import { PRIVACY_SCHEMA } from './privacy-store';
import { SealedValueError, type SealingKey, newDataKey, open, seal, sealedVersion, sealingKey, unwrapDataKey, wrapDataKey } from './sealing';

/** The data keys of some subjects, loaded in one round trip: seal and open without awaiting. */
export interface SubjectKeys {
  /** Sealed under the subject's newest key; `null` when the subject was erased (keep nothing of them). */
  seal(subject: string, plaintext: string): string | null;
  /** The plaintext, or `undefined` when the subject's key is gone (erased) or the value does not open. */
  open(subject: string, sealed: string): string | undefined;
  isErased(subject: string): boolean;
}

export interface ErasureResult {
  readonly erasedAt: Date;
  /** True when the subject had been erased before: nothing changed. */
  readonly alreadyErased: boolean;
}

type Entry =
  | { readonly erased: true; readonly expiresAt: number }
  | { readonly erased: false; readonly latest: number; readonly keys: ReadonlyMap<number, SealingKey>; readonly expiresAt: number };

interface KeyRow {
  customer_id: string;
  version: number | null;
  master_key_id: string | null;
  wrapped_key: Buffer | null;
  erased: boolean;
}

const T = `"${PRIVACY_SCHEMA}"`;
const lockSubjects = `SELECT pg_advisory_xact_lock(hashtextextended('clearpath:subject:' || c, 0)) FROM (SELECT DISTINCT c FROM unnest($1::text[]) c ORDER BY c) s`;

/**
 * Per-customer data keys (privacy-store.ts), unwrapped with the master key ring and cached for a
 * short while: a nightly roll seals thousands of customers a second and must not read the store
 * for each. The cache is why erasure is crypto-shredding in depth rather than a single DELETE:
 * the key row goes, every instance forgets the key when told (the erasure event) and, failing
 * that, when its entry expires (`cacheTtlMs`, one minute by default).
 *
 * New keys are created in a short transaction of their own, never in the caller's: a key cached by
 * a transaction that then rolled back would seal data no one could open again.
 */
export class PersonalDataVault {
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxCached: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly masterKeys: MasterKeyRing,
    private readonly clock: Clock,
    options: { cacheTtlMs?: number | undefined; maxCached?: number } = {},
  ) {
    this.ttlMs = options.cacheTtlMs ?? 60_000;
    // A nightly roll meets each customer once: a cache of them all would only cost memory; a
    // day's working set of contacts fits.
    this.maxCached = options.maxCached ?? 20_000;
  }

  /** Keys to seal with: a subject seen for the first time gets one (unless erased). */
  async forSealing(subjects: Iterable<string>): Promise<SubjectKeys> {
    const wanted = [...new Set(subjects)];
    await this.load(wanted);
    const missing = wanted.filter((s) => this.cache.get(s) === undefined);
    if (missing.length > 0) {
      await this.create(missing);
      await this.load(missing, true);
    }
    return this.view(wanted);
  }

  /** Keys to open with; never creates one. */
  async forOpening(subjects: Iterable<string>): Promise<SubjectKeys> {
    const wanted = [...new Set(subjects)];
    await this.load(wanted);
    return this.view(wanted);
  }

  /**
   * Crypto-shreds the subject: every data key of theirs is deleted and the erasure registered, in
   * the caller's transaction when given (so the caller's own clean-up commits with it). Afterwards
   * nothing sealed for them opens again, wherever a copy lies, and no new key is made for them.
   */
  async erase(subject: string, by: string, reason: string, manager?: EntityManager): Promise<ErasureResult> {
    const run = async (m: EntityManager): Promise<ErasureResult> => {
      await m.query(lockSubjects, [[subject]]);
      const now = this.clock.now();
      const inserted: Array<{ erased_at: Date }> = await m.query(
        `INSERT INTO ${T}.erased_subjects (customer_id, erased_at, erased_by, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id) DO NOTHING RETURNING erased_at`,
        [subject, now, by, reason],
      );
      await m.query(`DELETE FROM ${T}.subject_keys WHERE customer_id = $1`, [subject]);
      if (inserted.length > 0) return { erasedAt: inserted[0]!.erased_at, alreadyErased: false };
      const [before] = (await m.query(`SELECT erased_at FROM ${T}.erased_subjects WHERE customer_id = $1`, [subject])) as Array<{ erased_at: Date }>;
      return { erasedAt: before!.erased_at, alreadyErased: true };
    };
    const result = manager === undefined ? await this.dataSource.transaction(run) : await run(manager);
    this.cache.set(subject, { erased: true, expiresAt: this.expiry() });
    return result;
  }

  /** A new key version for the subject: what is sealed from now on uses it; older values still open. */
  async rotate(subject: string): Promise<number> {
    const version = await this.dataSource.transaction(async (m) => {
      await m.query(lockSubjects, [[subject]]);
      const [row] = (await m.query(`SELECT max(version) AS v FROM ${T}.subject_keys WHERE customer_id = $1`, [subject])) as Array<{ v: number | null }>;
      if (row?.v === null || row?.v === undefined) throw new Error('the subject has no key to rotate (unknown or erased)');
      const next = row.v + 1;
      await m.query(`INSERT INTO ${T}.subject_keys (customer_id, version, master_key_id, wrapped_key, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        subject,
        next,
        this.masterKeys.active.id,
        wrapDataKey(newDataKey(), this.masterKeys.active.key, subject, next),
        this.clock.now(),
      ]);
      return next;
    });
    this.cache.delete(subject);
    return version;
  }

  /** Drops what this instance remembers of the subject (told of an erasure elsewhere). */
  forget(subject: string): void {
    this.cache.delete(subject);
  }

  private async load(subjects: readonly string[], force = false): Promise<void> {
    const now = this.clock.now().getTime();
    const stale = force ? subjects : subjects.filter((s) => (this.cache.get(s)?.expiresAt ?? 0) <= now);
    if (stale.length === 0) return;
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT s.customer_id, k.version, k.master_key_id, k.wrapped_key, e.customer_id IS NOT NULL AS erased
       FROM unnest($1::text[]) AS s(customer_id)
       LEFT JOIN ${T}.subject_keys k ON k.customer_id = s.customer_id
       LEFT JOIN ${T}.erased_subjects e ON e.customer_id = s.customer_id`,
      [stale],
    );
    const found = new Map<string, Map<number, SealingKey>>();
    const erased = new Set<string>();
    for (const row of rows) {
      if (row.erased) erased.add(row.customer_id);
      else if (row.version !== null) {
        const master = this.masterKeys.byId.get(row.master_key_id!);
        if (master === undefined) throw new Error(`a data key is wrapped under master key ${row.master_key_id}, which ${MASTER_KEYS_VARIABLE} does not hold`);
        const keys = found.get(row.customer_id) ?? new Map<number, SealingKey>();
        keys.set(row.version, sealingKey(unwrapDataKey(row.wrapped_key!, master.key, row.customer_id, row.version)));
        found.set(row.customer_id, keys);
      }
    }
    const expiresAt = this.expiry();
    for (const subject of stale) {
      const keys = found.get(subject);
      if (erased.has(subject)) this.cache.set(subject, { erased: true, expiresAt });
      else if (keys !== undefined) this.cache.set(subject, { erased: false, latest: Math.max(...keys.keys()), keys, expiresAt });
      else this.cache.delete(subject);
    }
    this.trim();
  }

  private async create(subjects: readonly string[]): Promise<void> {
    const master = this.masterKeys.active;
    await this.dataSource.transaction(async (m) => {
      await m.query(lockSubjects, [subjects]);
      await m.query(
        `INSERT INTO ${T}.subject_keys (customer_id, version, master_key_id, wrapped_key, created_at)
         SELECT n.customer_id, 1, $3, n.wrapped_key, $4 FROM unnest($1::text[], $2::bytea[]) AS n(customer_id, wrapped_key)
         WHERE NOT EXISTS (SELECT FROM ${T}.erased_subjects e WHERE e.customer_id = n.customer_id)
         ON CONFLICT (customer_id, version) DO NOTHING`,
        [subjects, subjects.map((s) => wrapDataKey(newDataKey(), master.key, s, 1)), master.id, this.clock.now()],
      );
    });
  }

  private view(subjects: readonly string[]): SubjectKeys {
    const entries = new Map(subjects.map((s) => [s, this.cache.get(s)]));
    // One batch often stores the same value of a subject in several places (a loan row, its event
    // log and the topic): it is sealed once and the same sealed text goes to each, which shows
    // nothing those places did not already share.
    const sealedInView = new Map<string, string>();
    return {
      seal: (subject, plaintext) => {
        const entry = entries.get(subject);
        if (entry === undefined) throw new Error('seal: the subject was not among those whose keys were loaded');
        if (entry.erased) return null;
        const memo = `${subject}\u0000${plaintext}`;
        let sealed = sealedInView.get(memo);
        if (sealed === undefined) sealedInView.set(memo, (sealed = seal(plaintext, entry.keys.get(entry.latest)!, entry.latest, subject)));
        return sealed;
      },
      open: (subject, sealed) => {
        const entry = entries.get(subject);
        if (entry === undefined || entry.erased) return undefined;
        try {
          const key = entry.keys.get(sealedVersion(sealed));
          return key === undefined ? undefined : open(sealed, key, subject);
        } catch (error) {
          if (error instanceof SealedValueError) return undefined;
          throw error;
        }
      },
      isErased: (subject) => entries.get(subject)?.erased === true,
    };
  }

  private expiry(): number {
    return this.clock.now().getTime() + this.ttlMs;
  }

  /** Oldest first (Map keeps insertion order): a bounded memory however many customers pass. */
  private trim(): void {
    for (const subject of this.cache.keys()) {
      if (this.cache.size <= this.maxCached) return;
      this.cache.delete(subject);
    }
  }
}

/**
 * Master-key rotation, second half: every data key wrapped under a key other than the ring's
 * active one is unwrapped and wrapped again under the active one, in batches, each its own
 * transaction. Run with an administrative connection (the services' roles may not update keys),
 * once the new key stands first in CLEARPATH_PII_MASTER_KEYS everywhere; afterwards the old key
 * can leave the ring. Answers how many data keys it re-wrapped.
 */
export async function rewrapDataKeys(dataSource: DataSource, masterKeys: MasterKeyRing, batchSize = 1_000): Promise<number> {
  const active = masterKeys.active;
  let done = 0;
  for (;;) {
    const moved = await dataSource.transaction(async (m) => {
      const rows: Array<{ customer_id: string; version: number; master_key_id: string; wrapped_key: Buffer }> = await m.query(
        `SELECT customer_id, version, master_key_id, wrapped_key FROM ${T}.subject_keys WHERE master_key_id <> $1
         ORDER BY customer_id, version LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [active.id, batchSize],
      );
      if (rows.length === 0) return 0;
      const rewrapped = rows.map((r) => {
        const old = masterKeys.byId.get(r.master_key_id);
        if (old === undefined) throw new Error(`a data key is wrapped under master key ${r.master_key_id}, which ${MASTER_KEYS_VARIABLE} does not hold`);
        return wrapDataKey(unwrapDataKey(r.wrapped_key, old.key, r.customer_id, r.version), active.key, r.customer_id, r.version);
      });
      await m.query(
        `UPDATE ${T}.subject_keys k SET master_key_id = $4, wrapped_key = u.wrapped_key
         FROM unnest($1::text[], $2::int[], $3::bytea[]) AS u(customer_id, version, wrapped_key)
         WHERE k.customer_id = u.customer_id AND k.version = u.version`,
        [rows.map((r) => r.customer_id), rows.map((r) => r.version), rewrapped, active.id],
      );
      return rows.length;
    });
    done += moved;
    if (moved < batchSize) return done;
  }
}
