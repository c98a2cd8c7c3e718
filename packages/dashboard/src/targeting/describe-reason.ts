/** Evaluation reasons as a person reads them (the editor's preview, the customer page). */
import type { Reason } from '@switchyard/engine';

/** A reason as a sentence. */
export function describeReason(reason: Reason): string {
  switch (reason.kind) {
    case 'OFF':
      return 'The flag is off: it serves the off variation';
    case 'TARGET_MATCH':
      return 'Targeted individually';
    case 'RULE_MATCH':
      return `Matched rule ${reason.ruleIndex + 1}${reason.ruleId ? ` (id ${reason.ruleId})` : ''}`;
    case 'FALLTHROUGH':
      return 'No target or rule matched: the default rule served';
    case 'PREREQUISITE_FAILED':
      return `Prerequisite “${reason.prerequisiteKey}” did not serve the required variation`;
    case 'ERROR':
      return `Error: ${reason.errorKind}`;
    default:
      return JSON.stringify(reason);
  }
}
