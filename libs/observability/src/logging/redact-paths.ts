/**
 * pino redaction paths: the fixed places personal data and credentials are known to sit.
 *
 * They are the first line of defence and also cover child-logger bindings; `maskPersonalData`
 * (run on every record) covers what sits deeper than these paths reach.
 */
const PERSONAL_FIELDS = [
  'fullName',
  'name',
  'firstName',
  'lastName',
  'phone',
  'phoneNumber',
  'mobile',
  'email',
  'idNumber',
  'nationalId',
  'address',
  'dateOfBirth',
] as const;

const CREDENTIAL_HEADERS = ['authorization', '"proxy-authorization"', '"x-api-key"', 'cookie', '"set-cookie"'] as const;

function bracket(field: string): string {
  return field.startsWith('"') ? `[${field}]` : `.${field}`;
}

export const REDACT_PATHS: readonly string[] = [
  ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `customer.${field}`, `*.customer.${field}`, `*.*.customer.${field}`]),
  ...CREDENTIAL_HEADERS.flatMap((header) => [
    `headers${bracket(header)}`,
    `req.headers${bracket(header)}`,
    `request.headers${bracket(header)}`,
    `*.headers${bracket(header)}`,
  ]),
  'authorization',
  '*.authorization',
  '["x-api-key"]',
  '*["x-api-key"]',
  'password',
  '*.password',
  'tokenSecret',
  '*.tokenSecret',
  'apiKey',
  '*.apiKey',
];
