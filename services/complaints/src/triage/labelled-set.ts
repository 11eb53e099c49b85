import { readFileSync } from 'node:fs';
import { COMPLAINT_CATEGORIES } from '@clearpath/contracts';
import { repoPath } from '@clearpath/platform';
import { z } from 'zod';
import type { LabelledComplaint } from './complaint.classifier';

export const LABELLED_SET_PATH = 'services/complaints/data/complaints-labelled.jsonl';

const rowSchema = z.object({
  text: z.string().min(1),
  category: z.enum(COMPLAINT_CATEGORIES),
  lang: z.enum(['zh', 'en', 'mixed']),
  note: z.string().optional(),
});

/** The hand-written labelled set (data/README.md), checked line by line; a bad line stops the boot naming it. */
export function loadLabelledSet(path: string = repoPath(LABELLED_SET_PATH)): LabelledComplaint[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      const parsed = rowSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${LABELLED_SET_PATH}:${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}
