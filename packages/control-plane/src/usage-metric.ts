/** What event usage counts: events accepted, dropped by reason, and invalid payloads. */
export const DROP_REASONS = [
  'kill-switch',
  'rate-limit',
  'quota',
  'sampling',
  'shed',
  'circuit-breaker',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Events accepted or dropped for a reason; `invalid-payloads` counts payloads, not events. */
export type UsageMetric = 'accepted' | 'invalid-payloads' | `dropped.${DropReason}`;
