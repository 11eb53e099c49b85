/**
 * Deep masking of personal data and secrets for anything that may end up in a log line.
 *
 * Redaction by path (see `redact-paths.ts`) only reaches the depths it names; events, payloads and
 * request bodies nest customers at arbitrary depth, so every logged object is also walked here and
 * masked by key name. Strings under keys we do not recognise are scanned as free text, because
 * messages leak too ("could not reach 138 1234 8000", an error quoting an e-mail, a logged URL).
 *
 * What a mask keeps, so support can still tell two values apart and find the customer by other means:
 * - phone: the country code and operator prefix, the last four digits (`+86138****8000`,
 *   `138****8000`, `+4477****0123`), the usual form of a masked Chinese mobile;
 * - e-mail: the first character and the domain (`a***@example.com`);
 * - resident ID and bank card: the last four characters only (`****7777`, `****777X`);
 * - name: the initial (`王*`, `A*** O'N***`);
 * - credentials (tokens, keys, passwords, cookies, signed links): nothing (`[REDACTED]`).
 */

type Kind = 'name' | 'phone' | 'email' | 'idNumber' | 'redact';

const REDACTED = '[REDACTED]';
const MAX_DEPTH = 32;
// Large JSON strings (raw Kafka values) are still scrubbed as text, just not parsed.
const MAX_JSON_STRING = 64 * 1024;

// Keys are compared lower-cased with `-` and `_` removed, so `full_name`, `fullName` and
// `Full-Name` are one key.
const NAME_KEYS = new Set([
  'name',
  'fullname',
  'firstname',
  'lastname',
  'middlename',
  'givenname',
  'familyname',
  'surname',
  'displayname',
  'nickname',
  'username',
  'customername',
  'debtorname',
  'contactname',
  'holdername',
  'accountholdername',
  'beneficiaryname',
  'guarantorname',
]);
const PHONE_KEYS = new Set(['mobile', 'msisdn', 'tel', 'telephone', 'cell', 'cellphone']);
const ID_KEYS = new Set([
  'idnumber',
  'nationalid',
  'nationalidnumber',
  'idcard',
  'idcardnumber',
  'ssn',
  'passport',
  'passportnumber',
  'taxid',
  'documentnumber',
  'residentid',
  'accountnumber',
  'iban',
  'cardnumber',
  'bankaccount',
  'bankaccountnumber',
]);
const REDACT_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'xapikey',
  'apikey',
  'apikeys',
  'signature',
  'sig',
  'dateofbirth',
  'birthdate',
  'dob',
  'birthday',
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

/*
 * Free text is scanned by a few precompiled regular expressions, one per kind of value, each run
 * only when a cheap test (`includes('@')`, a digit) says the text may hold one: most log text holds
 * none, and one combined expression measured slower than these guarded passes. Every expression
 * starts with a literal or a look-behind that fails at once inside a word, so a scan stays linear
 * however long the string.
 *
 * A number glued to ASCII letters or digits is part of an identifier, a hash or base64 and is left
 * alone; spaces, punctuation, `_`, `=`, `:`, quotes and CJK text all delimit. That, and the exact
 * shapes below, is what keeps ISO timestamps, UUIDs, loan ids (`L-000123`), amounts (`1234.56`),
 * sequence numbers (up to ten digits) and epoch milliseconds intact.
 */

// A JWT or signed link token (base64url JSON, `.`, signature): its header or body starts `{"` = `eyJ`.
const SIGNED_TOKEN = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]+)?/g;
const BEARER_CREDENTIAL = /\b(Bearer|bearer|BEARER) +[A-Za-z0-9._~+/-]{8,}=*/g;
// A query parameter of a logged URL: masked by its name like an object key, its value scanned.
const QUERY_PARAMETER = /([?&])([A-Za-z0-9_.-]{1,64})=([^&#\s"<>]*)/g;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

const SEP = '[ .-]';
const PERSONAL_NUMBER = new RegExp(
  String.raw`(?<![A-Za-z0-9])(?<!\d[.,])(?:` +
    [
      // Phones come first: `0086 13812348000` is a phone before it is 15 digits. The look-ahead at
      // the end keeps every alternative from stopping inside a run of digits, so a shorter shape
      // never takes the start of a longer one.
      // Chinese mobile: 1[3-9] and 9 more digits, as 3-4-4 or whole, after +86 / 0086 / 86 / (+86).
      String.raw`(?<cn>(?:(?:\((?:\+|00)?86\)|(?:\+|00)?86)${SEP}?)?1[3-9]\d(?<cnSep>${SEP}?)\d{4}\k<cnSep>\d{4})`,
      // North American: (415) 555-0123, 415-555-0123, 415.555.0123, 415 555 0123, after +1 / 1.
      String.raw`(?<nanp>(?:\+?1${SEP}?)?(?:\(\d{3}\)${SEP}?\d{3}${SEP}?\d{4}|\d{3}(?<nanpSep>${SEP})\d{3}\k<nanpSep>\d{4}))`,
      // UK: +44 (0)20 7946 0958, +44 7700 900123; at home 07700 900123, 020 7946 0958.
      String.raw`\+44${SEP}?(?:\(0\)${SEP}?)?[1-9](?:${SEP}?\d){9}|0[1-9](?:[ -]?\d){9}`,
      // Anywhere else in E.164: + and 8-15 digits, with separators and a bracketed area code.
      String.raw`\+[1-9](?:${SEP}?(?:\(\d{1,4}\)|\d)){7,14}`,
      // Resident ID: 18 characters (17 digits and a check digit or X), optionally 6-8-4; the old form has 15 digits.
      String.raw`(?<idNumber>\d{6}(?<idSep>[ -]?)\d{8}\k<idSep>\d{3}[\dXx]|\d{15})`,
      // Bank card: 13-19 digits, whole or in groups of four (Amex 4-6-5). Every payment-card IIN range
      // starts with 2-6, which keeps epoch milliseconds and microseconds (they start with 1) out.
      String.raw`(?<card>[2-6]\d{12,18}|[2-6]\d{3}(?<cardSep>[ -])\d{4}\k<cardSep>\d{4}\k<cardSep>\d{1,4}(?:\k<cardSep>\d{1,3})?|3\d{3}(?<amexSep>[ -])\d{6}\k<amexSep>\d{5})`,
    ].join('|') +
    String.raw`)(?![A-Za-z0-9])(?![.,]\d)`,
  'g',
);
const DIGIT = /\d/;

interface NumberMatch {
  readonly cn?: string;
  readonly nanp?: string;
  readonly idNumber?: string;
  readonly card?: string;
}

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

/**
 * Masks e-mail addresses, phone numbers, resident ID and bank card numbers, signed tokens and
 * credentials (bearer, query string) wherever they sit in `text`. Masking twice changes nothing.
 */
export function maskText(text: string): string {
  let out = text;
  // Tokens go first: they are base64 and may hold what looks like an e-mail or a number.
  if (out.includes('eyJ')) out = out.replace(SIGNED_TOKEN, REDACTED);
  if (out.includes('earer ') || out.includes('EARER ')) out = out.replace(BEARER_CREDENTIAL, `$1 ${REDACTED}`);
  if (out.includes('=')) out = out.replace(QUERY_PARAMETER, maskQueryParameter);
  // E-mails before numbers, so `13812348000@qq.com` masks as an address.
  if (out.includes('@')) out = out.replace(EMAIL, maskEmail);
  if (DIGIT.test(out)) out = out.replace(PERSONAL_NUMBER, maskPersonalNumber);
  return out;
}

function maskQueryParameter(match: string, start: string, name: string, value: string): string {
  if (value === '') return match;
  const kind = kindOfKey(name);
  const decoded = decodeQueryValue(value);
  if (kind) return `${start}${name}=${maskScalar(decoded, kind)}`;
  const masked = maskText(decoded);
  // Left as it came unless something in it was personal.
  return masked === decoded ? match : `${start}${name}=${masked}`;
}

function decodeQueryValue(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function maskPersonalNumber(match: string, ...rest: unknown[]): string {
  const found = rest[rest.length - 1] as NumberMatch;
  if (found.idNumber !== undefined || found.card !== undefined) return maskIdNumber(match.replace(/[^\dXx]/g, ''));
  return maskPhone(dialled(match, found));
}

/** The number as dialled from abroad where the text says which country it is in, so every form of one number masks alike. */
function dialled(phone: string, found: NumberMatch): string {
  const digits = phone.replace(/\(0\)/, '').replace(/\D/g, '');
  if (/^\(?\+/.test(phone)) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if ((found.cn !== undefined && digits.length === 13) || (found.nanp !== undefined && digits.length === 11)) return `+${digits}`;
  return digits;
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
 * The masked form of a value named `name` (a route parameter, a header) when the name says it is
 * personal or a credential; `undefined` when the name says nothing.
 */
export function maskNamedValue(name: string, value: string): string | undefined {
  const kind = kindOfKey(name);
  return kind === undefined ? undefined : maskScalar(value, kind);
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
  if (typeof value === 'number' || typeof value === 'bigint') return inherited ? maskScalar(value, inherited) : maskLongNumber(value);
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

/** A phone or card number stored as a number (`13812348000`) is masked like its text; counts, amounts and epoch times stay numbers. */
function maskLongNumber(value: number | bigint): number | bigint | string {
  // Ten digits or fewer, or a fraction: nothing personal has that shape (and most numbers stop here).
  if (typeof value === 'number' && !(Math.abs(value) >= 1e10)) return value;
  const text = String(value);
  if (!/^-?\d{11,}$/.test(text)) return value;
  const masked = maskText(text);
  return masked === text ? value : masked;
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
