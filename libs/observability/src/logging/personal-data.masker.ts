/**
 * Deep masking of personal data and secrets for anything that may end up in a log line.
 *
 * Redaction by path (see `redact-paths.ts`) only reaches the depths it names; events, payloads and
 * request bodies nest customers at arbitrary depth, so every logged object is also walked here and
 * masked by key name. Strings under keys we do not recognise are still scanned for e-mail addresses
 * and E.164 phone numbers, because free text ("could not reach +8613812348000") leaks too.
 *
 * Masks keep just enough to tell two values apart while debugging (`+86138****8000`,
 * `a***@example.com`, `王*`), never enough to contact or identify the person.
 */

type Kind = 'name' | 'phone' | 'email' | 'idNumber' | 'redact';

const REDACTED = '[REDACTED]';
const MAX_DEPTH = 32;
// Large JSON strings (raw Kafka values) are still scrubbed as text, just not parsed.
const MAX_JSON_STRING = 64 * 1024;

// Keys are compared lower-cased with `-` and `_` removed, so `full_name`, `fullName` and
// `Full-Name` are one key.
const NAME_KEYS = new Set([
  'name', 'fullname', 'firstname', 'lastname', 'middlename', 'givenname', 'familyname', 'surname',
  'displayname', 'nickname', 'username', 'customername', 'debtorname', 'contactname', 'holdername',
  'accountholdername', 'beneficiaryname', 'guarantorname',
]);
const PHONE_KEYS = new Set(['mobile', 'msisdn', 'tel', 'telephone', 'cell', 'cellphone']);
const ID_KEYS = new Set([
  'idnumber', 'nationalid', 'nationalidnumber', 'idcard', 'idcardnumber', 'ssn', 'passport',
  'passportnumber', 'taxid', 'documentnumber', 'residentid', 'accountnumber', 'iban', 'cardnumber',
  'bankaccount', 'bankaccountnumber',
]);
const REDACT_KEYS = new Set([
  'authorization', 'proxyauthorization', 'cookie', 'setcookie', 'xapikey', 'apikey', 'apikeys',
  'dateofbirth', 'birthdate', 'dob', 'birthday',
  // SQL bind parameters (e.g. on a failed query error) carry whatever row was being written.
  'parameters',
]);
// Keys containing "address" that are not a postal address.
const NOT_POSTAL_ADDRESS = new Set(['ipaddress', 'remoteaddress', 'localaddress', 'macaddress', 'serveraddress']);

function kindOfKey(key: string): Kind | undefined {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  if (REDACT_KEYS.has(k) || k.includes('password') || k.includes('secret') || k.endsWith('token')) return 'redact';
  if (k.includes('email')) return 'email';
  if (k.includes('phone') || PHONE_KEYS.has(k)) return 'phone';
  if (ID_KEYS.has(k)) return 'idNumber';
  if (k.includes('address') && !NOT_POSTAL_ADDRESS.has(k)) return 'redact';
  if (NAME_KEYS.has(k)) return 'name';
  return undefined;
}

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const E164_IN_TEXT = /\+[1-9]\d{7,14}(?!\d)/g;
const CJK = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u;

/** `Aoife O'Neill` → `A*** O'N***`, `王小明` → `王*`: the initial only, and a fixed-length tail so the length is not revealed either. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => {
      const chars = Array.from(word);
      if (chars.every((c) => c === '*')) return word;
      if (CJK.test(chars[0] ?? '')) return `${chars[0]}*`;
      const elided = /^(\p{L})['’](\p{L})/u.exec(word);
      return `${elided ? elided[0] : chars[0]}***`;
    })
    .join(' ');
}

/** `+8613812348000` → `+86138****8000`: country code and operator prefix stay, the subscriber part goes. */
export function maskPhone(phone: string): string {
  if (phone.includes('*')) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  const masked = Math.max(4, digits.length - 9);
  const head = digits.length - 4 - masked;
  const plus = phone.trim().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, head)}${'*'.repeat(masked)}${digits.slice(-4)}`;
}

/** `aoife.oneill@example.com` → `a***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

function maskIdNumber(id: string): string {
  if (id.startsWith('****')) return id;
  return id.length >= 8 ? `****${id.slice(-4)}` : '****';
}

function maskText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, maskEmail).replace(E164_IN_TEXT, maskPhone);
}

function maskScalar(value: string | number | bigint, kind: Kind): string {
  const text = String(value);
  switch (kind) {
    case 'name':
      return maskName(text);
    case 'phone':
      return maskPhone(text);
    case 'email':
      return maskEmail(text);
    case 'idNumber':
      return maskIdNumber(text);
    case 'redact':
      return REDACTED;
  }
}

/**
 * Masks a value found under `key`; used as the censor of path redaction so that a field looks the
 * same whether the path or the deep walk caught it.
 */
export function maskField(key: string, value: unknown): unknown {
  return walk(value, kindOfKey(key) ?? 'redact', 0, new Set());
}

/**
 * Returns a copy of `value` with personal data and secrets masked at any depth. Never mutates its
 * input: the same object may still be on its way to Kafka or the database.
 */
export function maskPersonalData(value: unknown): unknown {
  return walk(value, undefined, 0, new Set());
}

/** Like `maskPersonalData` for a log record's top level, leaving `err`/`error` to pino's error serializer. */
export function maskLogRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const ancestors = new Set<object>([record]);
  for (const [key, value] of Object.entries(record)) {
    out[key] = (key === 'err' || key === 'error') && value instanceof Error ? value : walk(value, kindOfKey(key), 1, ancestors);
  }
  return out;
}

function walk(value: unknown, inherited: Kind | undefined, depth: number, ancestors: Set<object>): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (inherited) return value === '' ? value : maskScalar(value, inherited);
    return maskString(value);
  }
  if (typeof value === 'number' || typeof value === 'bigint') return inherited ? maskScalar(value, inherited) : value;
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (ancestors.has(value)) return '[Circular]';

  if (value instanceof Error) {
    return walk({ type: value.name, message: value.message, stack: value.stack }, inherited, depth, ancestors);
  }
  if (value instanceof Date) return inherited ? REDACTED : value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // Mirror JSON.stringify so what we mask is exactly what would be written.
    const json: unknown = toJSON.call(value);
    return json === value ? value : walk(json, inherited, depth, ancestors);
  }

  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, inherited, depth + 1, ancestors));
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] = walk(child, kindOfKey(key) ?? inherited, depth + 1, ancestors);
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function maskString(value: string): string {
  const first = value.trimStart()[0];
  if ((first === '{' || first === '[') && value.length <= MAX_JSON_STRING) {
    // Raw message values (a poison pill on its way to the DLQ) are JSON carrying whole customers.
    try {
      return JSON.stringify(maskPersonalData(JSON.parse(value)));
    } catch {
      // not JSON after all: fall through to text scanning
    }
  }
  return maskText(value);
}
