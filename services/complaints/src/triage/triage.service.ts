import { Injectable } from '@nestjs/common';
import type { ComplaintCategory } from '@clearpath/contracts';
import type { TriageSuggestion } from '../complaints/complaint.record';
import { assessSeverity } from './complaint-severity.rules';
import { ComplaintClassifier } from './complaint.classifier';
import { loadLabelledSet } from './labelled-set';

/** The classifier, trained once at boot from the labelled set (deterministic counting, ~10 ms). */
@Injectable()
export class TriageService {
  readonly classifier = ComplaintClassifier.train(loadLabelledSet());

  suggest(text: string, source: string): TriageSuggestion {
    const s = this.classifier.suggest(text);
    const severity = assessSeverity(s.category, text, source);
    return { ...s, severity: severity.severity, severityReasons: severity.reasons };
  }

  severityFor(category: ComplaintCategory, text: string, source: string) {
    return assessSeverity(category, text, source);
  }
}
