import { createHash } from 'node:crypto';
import { parseApiKeys } from './api-keys.parser';

/** RFC 7518 §3.2: an HS256 key of at least 256 bits. API keys and webhook secrets are held to the same. */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

/** This lib's own list of secrets (client:role:key,...): each key is checked on its own. */
const API_KEY_LIST = 'CLEARPATH_API_KEYS';

/**
 * A variable whose value lists several secrets, and how to take them apart: each is checked on its
 * own and reported as `<variable> entry <n>`. The lib that owns the format gives it (libs/persistence
 * its master key ring's), so this one need know no other lib's variables.
 */
export interface SecretList {
  readonly variable: string;
  /** The secrets `value` holds, in order; the format itself is checked where the value is read. */
  readonly secretsOf: (value: string) => readonly string[];
}

/** A variable that holds one secret (by its name), or a list of them. */
export type SecretVariable = string | SecretList;

/**
 * SHA-256 (of the trimmed value) of every development secret in deploy/clearpath.env, each key of
 * CLEARPATH_API_KEYS on its own. Kept here, not read from that file, so that a production image
 * needs no deploy/ folder; production-secrets.spec.ts recomputes the list from the file and fails
 * when the two differ, so it cannot drift.
 */
export const DEV_SECRET_FINGERPRINTS: ReadonlySet<string> = new Set([
  // CLEARPATH_API_KEYS: core-banking, demo-replayer, repayment-plan, dev-tooling, dev-agent, dev-supervisor, dev-compliance, dev-ops
  'd1da57051ff47fdbe5badb92264b8982f694f15b0d3210457194a5624a1b4c09',
  '3602d567b2d0e3da1d0caae9a315b611a775f62056b331a65170faa49869850b',
  'aa8d23adf6001e3a0778f1ff7fc06bd5ef6de49ee10f240b30096680a4038538',
  '791207901d3024fbf4d8fcace01198e66a6594fac3c4fcf2345554dc1e42d6e2',
  '768d431c7599a91b58ae5747e08e9aa96dcb4eef45e029c87e3e060e521dcead',
  '419d354001eaf68981bd0efe3771c88a44a693ffc2842d1375325e58daa21d54',
  'd333d45c7458197079ecf277ffca3ea7dbb8bd62259a0bedf908ccee8b006c4a',
  'ce1aa37cf0e1d89018e77e017437e598abb5aac253d55d90a753155394adbd47',
  // CLEARPATH_TOKEN_SECRET
  'd8cda81baed21240d1592fd97bf982c18a74606a103e1fa5bf4d69ea95a3f0cb',
  // CONTACT_PROVIDER_WEBHOOK_SECRET
  'b62b3bf2491c80a8d57e831ace2efa4792f51c308286b6be8ae2f16895e808ba',
  // CLEARPATH_PII_MASTER_KEYS: dev-1
  '025e55beda8215ee458a3f0f496543e17cb5da2b29fddc1f0b84646e70e134ff',
  // CLEARPATH_SELF_SERVICE_SECRET
  'b674bca969d74465f351b2b3c8281f8e3d9e74489404ab98e4c9d968c5d145b9',
]);

export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret.trim(), 'utf8').digest('hex');
}

/**
 * The secrets a variable holds, each with the name to report it by: every key of CLEARPATH_API_KEYS
 * or of a SecretList (`CLEARPATH_API_KEYS entry 2`), else the value itself.
 */
export function secretsOf(variable: SecretVariable, value: string): Array<{ readonly name: string; readonly secret: string }> {
  if (typeof variable !== 'string') return variable.secretsOf(value).map((secret, index) => ({ name: `${variable.variable} entry ${index + 1}`, secret }));
  if (variable === API_KEY_LIST) return parseApiKeys(value).map((entry, index) => ({ name: `${variable} entry ${index + 1}`, secret: entry.key }));
  return [{ name: variable, secret: value }];
}

/**
 * With CLEARPATH_ENV=production, each listed variable must be set, and each secret it holds must
 * not be a development value of deploy/clearpath.env and must be at least 32 bytes. Throws at the first that is not, with a
 * one-line message naming the variable and never its value (it ends up in boot logs).
 */
export function assertProductionSecrets(env: Readonly<Record<string, string | undefined>>, variables: readonly SecretVariable[]): void {
  for (const variable of variables) {
    const name = typeof variable === 'string' ? variable : variable.variable;
    const value = env[name];
    if (value === undefined || value.trim() === '') throw new Error(`${name} is not set; CLEARPATH_ENV=production needs a secret of your own`);
    for (const { name: entry, secret } of secretsOf(variable, value)) {
      if (DEV_SECRET_FINGERPRINTS.has(secretFingerprint(secret))) {
        throw new Error(`${entry} is a development value from deploy/clearpath.env; CLEARPATH_ENV=production needs a secret of your own`);
      }
      if (Buffer.byteLength(secret, 'utf8') < MIN_PRODUCTION_SECRET_BYTES) {
        throw new Error(`${entry} is shorter than ${MIN_PRODUCTION_SECRET_BYTES} bytes, the minimum with CLEARPATH_ENV=production`);
      }
    }
  }
}
