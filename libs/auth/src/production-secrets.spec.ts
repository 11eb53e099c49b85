import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEV_SECRET_FINGERPRINTS,
  MIN_PRODUCTION_SECRET_BYTES,
  type SecretList,
  type SecretVariable,
  assertProductionSecrets,
  secretFingerprint,
  secretsOf,
} from './production-secrets';

/** deploy/clearpath.env as KEY → VALUE (its format: KEY=VALUE lines, `#` comments). */
function devEnvironment(): Map<string, string> {
  const text = readFileSync(join(__dirname, '../../../deploy/clearpath.env'), 'utf8');
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    vars.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return vars;
}

/** A variable holds a secret when its name says so; a new one in deploy/clearpath.env is picked up by name. */
const SECRET_NAME = /SECRET|API_KEY|TOKEN|PASSWORD|MASTER_KEY/;
const devSecrets = [...devEnvironment()].filter(([name]) => SECRET_NAME.test(name));
const strong = (): string => randomBytes(32).toString('base64url');

/** A list another lib owns, as its caller hands it over: the master key ring's `id:base64,...` (libs/persistence's MASTER_KEYS_SECRETS). */
const MASTER_KEYS: SecretList = {
  variable: 'CLEARPATH_PII_MASTER_KEYS',
  secretsOf: (value) => value.split(',').map((entry) => entry.slice(entry.indexOf(':') + 1)),
};
/** A variable of deploy/clearpath.env as the production check is given it: a list where it is one. */
const checked = (name: string): SecretVariable => (name === MASTER_KEYS.variable ? MASTER_KEYS : name);

const VARIABLES = [
  'CLEARPATH_API_KEYS',
  'CLEARPATH_TOKEN_SECRET',
  'CONTACT_PROVIDER_WEBHOOK_SECRET',
  'CLEARPATH_SELF_SERVICE_SECRET',
  'CLEARPATH_PII_MASTER_KEYS',
];
const CHECKED = VARIABLES.map(checked);
const strongEnv = (): Record<string, string> => ({
  CLEARPATH_API_KEYS: `core-banking:core-banking:${strong()},dev-ops:ops:${strong()}`,
  CLEARPATH_TOKEN_SECRET: strong(),
  CONTACT_PROVIDER_WEBHOOK_SECRET: strong(),
  CLEARPATH_SELF_SERVICE_SECRET: strong(),
  CLEARPATH_PII_MASTER_KEYS: `prod-1:${randomBytes(32).toString('base64')}`,
});

/** The message assertProductionSecrets refuses `env` with: one line, holding none of `secrets`. */
function refusal(env: Record<string, string | undefined>, ...secrets: string[]): string {
  let message: string | undefined;
  try {
    assertProductionSecrets(env, CHECKED);
  } catch (error) {
    message = (error as Error).message;
  }
  if (message === undefined) throw new Error('expected a refusal');
  expect(message).not.toContain('\n');
  for (const secret of secrets) expect(message).not.toContain(secret.trim());
  return message;
}

describe('DEV_SECRET_FINGERPRINTS', () => {
  it('is exactly the SHA-256 of each development secret of deploy/clearpath.env (paste the expected list when this fails)', () => {
    expect(devSecrets.map(([name]) => name)).toEqual(expect.arrayContaining(VARIABLES));
    const expected = devSecrets.flatMap(([name, value]) => secretsOf(checked(name), value).map(({ secret }) => secretFingerprint(secret)));
    expect([...DEV_SECRET_FINGERPRINTS].sort()).toEqual([...new Set(expected)].sort());
  });

  it('does not depend on surrounding whitespace', () => {
    expect(secretFingerprint(' dev-ops-key\t')).toBe(secretFingerprint('dev-ops-key'));
  });
});

describe('assertProductionSecrets', () => {
  it('accepts strong secrets of your own', () => {
    expect(() => assertProductionSecrets(strongEnv(), CHECKED)).not.toThrow();
  });

  it('checks only the variables it is given', () => {
    expect(() => assertProductionSecrets({ CLEARPATH_TOKEN_SECRET: strong() }, ['CLEARPATH_TOKEN_SECRET'])).not.toThrow();
  });

  it.each(VARIABLES)('refuses %s missing or blank', (variable) => {
    expect(refusal({ ...strongEnv(), [variable]: undefined })).toBe(`${variable} is not set; CLEARPATH_ENV=production needs a secret of your own`);
    expect(refusal({ ...strongEnv(), [variable]: '  ' })).toMatch(new RegExp(`^${variable} is not set`));
  });

  it.each(devSecrets)('refuses the development value of %s, naming the variable and not the value', (variable, value) => {
    const message = refusal({ ...strongEnv(), [variable]: value }, ...secretsOf(checked(variable), value).map((s) => s.secret));
    const name = variable === 'CLEARPATH_API_KEYS' || variable === 'CLEARPATH_PII_MASTER_KEYS' ? `${variable} entry 1` : variable;
    expect(message).toBe(`${name} is a development value from deploy/clearpath.env; CLEARPATH_ENV=production needs a secret of your own`);
  });

  it.each(devSecrets)('refuses the development value of %s with spaces around it', (variable, value) => {
    expect(refusal({ ...strongEnv(), [variable]: ` ${value} ` }, ...secretsOf(checked(variable), value).map((s) => s.secret))).toMatch(
      /is a development value/,
    );
  });

  it('refuses any development key hidden among strong ones, naming its entry', () => {
    const keys = `core-banking:core-banking:${strong()},dev-agent:agent:${strong()},dev-ops:ops:dev-ops-key`;
    expect(refusal({ ...strongEnv(), CLEARPATH_API_KEYS: keys }, 'dev-ops-key')).toMatch(/^CLEARPATH_API_KEYS entry 3 is a development value/);
  });

  it('refuses a secret shorter than 32 bytes, counting bytes rather than characters', () => {
    const short = 'x'.repeat(MIN_PRODUCTION_SECRET_BYTES - 1);
    expect(refusal({ ...strongEnv(), CLEARPATH_TOKEN_SECRET: short }, short)).toBe(
      'CLEARPATH_TOKEN_SECRET is shorter than 32 bytes, the minimum with CLEARPATH_ENV=production',
    );
    // 11 characters, 33 bytes in UTF-8.
    expect(() => assertProductionSecrets({ ...strongEnv(), CLEARPATH_TOKEN_SECRET: '密'.repeat(11) }, CHECKED)).not.toThrow();
    expect(refusal({ ...strongEnv(), CLEARPATH_TOKEN_SECRET: '密'.repeat(10) }, '密'.repeat(10))).toMatch(/^CLEARPATH_TOKEN_SECRET is shorter than 32 bytes/);
  });

  it('refuses a short API key, naming its entry', () => {
    const short = 'k'.repeat(31);
    expect(refusal({ ...strongEnv(), CLEARPATH_API_KEYS: `core-banking:core-banking:${strong()},dev-ops:ops:${short}` }, short)).toBe(
      'CLEARPATH_API_KEYS entry 2 is shorter than 32 bytes, the minimum with CLEARPATH_ENV=production',
    );
  });

  it("refuses a malformed API key list with the parser's message, without the keys", () => {
    const key = strong();
    expect(refusal({ ...strongEnv(), CLEARPATH_API_KEYS: `core-banking:core-banking:${key},dev-ops:ops:${key}` }, key)).toMatch(
      /^CLEARPATH_API_KEYS entry 2 repeats the key/,
    );
  });

  it('refuses the development master key kept for unwrapping behind a key of your own, naming its entry', () => {
    const dev = devSecrets.find(([name]) => name === 'CLEARPATH_PII_MASTER_KEYS')![1];
    const keys = `prod-2:${randomBytes(32).toString('base64')},${dev}`;
    expect(refusal({ ...strongEnv(), CLEARPATH_PII_MASTER_KEYS: keys }, dev.slice(dev.indexOf(':') + 1))).toMatch(
      /^CLEARPATH_PII_MASTER_KEYS entry 2 is a development value/,
    );
  });

  it('checks each secret of a list its caller describes, naming the entry, and the list as a whole when it is missing', () => {
    const keys = `prod-1:${randomBytes(32).toString('base64')},old:tiny-key`;
    expect(refusal({ ...strongEnv(), CLEARPATH_PII_MASTER_KEYS: keys }, 'tiny-key')).toBe(
      'CLEARPATH_PII_MASTER_KEYS entry 2 is shorter than 32 bytes, the minimum with CLEARPATH_ENV=production',
    );
    expect(() => assertProductionSecrets({}, [MASTER_KEYS])).toThrow(/^CLEARPATH_PII_MASTER_KEYS is not set/);
  });

  it('reports the first failing variable, in the order given', () => {
    expect(refusal({ CLEARPATH_API_KEYS: 'dev-ops:ops:dev-ops-key', CLEARPATH_TOKEN_SECRET: undefined })).toMatch(/^CLEARPATH_API_KEYS entry 1/);
  });
});
