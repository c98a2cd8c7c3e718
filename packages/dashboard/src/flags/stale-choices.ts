/** The flag list's stale filter, and how a stale signal and its suggested action read. */
import type { StaleSignal } from '@switchyard/server/admin-types';

export type StaleChoice = '' | 'stale' | StaleSignal['kind'];

export const STALE_CHOICES: readonly { readonly value: StaleChoice; readonly label: string }[] = [
  { value: '', label: 'All flags' },
  { value: 'stale', label: 'Stale (either kind)' },
  { value: 'not-evaluated', label: 'Not evaluated for 30 days' },
  { value: 'one-variation', label: 'One variation to everyone for 30 days' },
];

export function staleMatches(choice: StaleChoice, signal: StaleSignal | null): boolean {
  if (choice === '') return true;
  if (signal === null) return false;
  return choice === 'stale' || choice === signal.kind;
}

const KIND: Record<StaleSignal['kind'], string> = {
  'not-evaluated': 'Not evaluated for 30 days',
  'one-variation': 'Served one variation to everyone for 30 days',
};

const ACTION: Record<StaleSignal['action'], string> = {
  archive: 'archive it',
  'make-permanent': 'remove it from code, or make it permanent',
};

export function describeStale(signal: StaleSignal): string {
  return `${KIND[signal.kind]}: ${ACTION[signal.action]}`;
}
