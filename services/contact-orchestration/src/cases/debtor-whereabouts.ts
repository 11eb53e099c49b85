import type { Jurisdiction, Locale } from '@clearpath/contracts';
import type { CaseRecord } from './case-record';

/** Where the case's debtor is: contact details win over what the loan events carried. */
export interface DebtorWhereabouts {
  readonly jurisdiction: Jurisdiction;
  readonly timezone: string;
  readonly locale: Locale;
}

/** The locale a jurisdiction's debtors are written to when neither their details nor their loan say. */
export const DEFAULT_LOCALE: Readonly<Record<Jurisdiction, Locale>> = { CN: 'zh-CN', US: 'en-US', GB: 'en-GB' };

export function whereabouts(
  record: CaseRecord,
  details: { jurisdiction: Jurisdiction; timezone: string; locale: Locale } | undefined,
): DebtorWhereabouts | null {
  const jurisdiction = record.jurisdiction ?? details?.jurisdiction ?? null;
  const timezone = details?.timezone ?? record.timezone;
  if (jurisdiction === null || timezone === null) return null;
  return { jurisdiction, timezone, locale: details?.locale ?? record.locale ?? DEFAULT_LOCALE[jurisdiction] };
}
