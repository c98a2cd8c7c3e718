/**
 * The circuit breaker's rules on `events-throttled`: the id carries the account and the
 * expiry (`circuit-breaker:<account>:<epoch ms>`), so every node knows when a rule
 * stops counting without any other state.
 */
import type { FlagRuleConfig } from '@switchyard/control-plane';

const PREFIX = 'circuit-breaker:';

export interface BreakerRule {
  readonly id: string;
  readonly accountKey: string;
  readonly expiresAt: number;
}

export function breakerRuleId(accountKey: string, expiresAt: number): string {
  return `${PREFIX}${accountKey}:${expiresAt}`;
}

/** The breaker rule an id names, or undefined for any other rule. */
export function parseBreakerRuleId(id: string | undefined): BreakerRule | undefined {
  if (id === undefined || !id.startsWith(PREFIX)) return undefined;
  const at = id.lastIndexOf(':');
  const expiresAt = Number(id.slice(at + 1));
  const accountKey = id.slice(PREFIX.length, at);
  if (at < PREFIX.length || accountKey === '' || !Number.isSafeInteger(expiresAt)) return undefined;
  return { id, accountKey, expiresAt };
}

export function breakerRules(rules: readonly { readonly id?: string }[]): BreakerRule[] {
  const found: BreakerRule[] = [];
  for (const rule of rules) {
    const parsed = parseBreakerRuleId(rule.id);
    if (parsed) found.push(parsed);
  }
  return found;
}

export function isExpiredRule(rule: { readonly id?: string }, now: number): boolean {
  const parsed = parseBreakerRuleId(rule.id);
  return parsed !== undefined && parsed.expiresAt <= now;
}

/** The rule the breaker adds: accounts with this key are served `variation` (true). */
export function breakerRule(accountKey: string, expiresAt: number, variation: number): FlagRuleConfig {
  return {
    id: breakerRuleId(accountKey, expiresAt),
    clauses: [{ contextKind: 'account', attribute: 'key', op: 'in', values: [accountKey], negate: false }],
    variation,
    trackEvents: false,
  };
}
