/**
 * A list of context keys typed or pasted in bulk (thousands at once): split on newlines,
 * commas and whitespace, duplicates dropped, with the counts shown as it is edited.
 */
import { useDeferredValue, useId, useMemo } from 'react';
import { splitKeys } from '../targeting/draft';

export interface KeyListFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}

/** Counts of typed keys: how many distinct, how many duplicates dropped. */
export function countKeys(text: string): { readonly distinct: number; readonly duplicates: number } {
  const all = text.split(/[\s,]+/).filter((k) => k !== '').length;
  const distinct = splitKeys(text).length;
  return { distinct, duplicates: all - distinct };
}

export function KeyListField({ label, value, onChange }: KeyListFieldProps) {
  const countId = useId();
  const deferred = useDeferredValue(value);
  const counts = useMemo(() => countKeys(deferred), [deferred]);
  return (
    <label className="key-list">
      {label}
      <textarea
        rows={6}
        className="code"
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={countId}
        placeholder="Paste keys: one per line, or separated by commas or spaces"
      />
      <span id={countId} className="help" aria-live="polite">
        {counts.distinct.toLocaleString('en')} {counts.distinct === 1 ? 'key' : 'keys'}
        {counts.duplicates > 0 ? `, ${counts.duplicates.toLocaleString('en')} duplicates dropped` : ''}
      </span>
    </label>
  );
}
