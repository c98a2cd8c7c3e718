/** Evaluates a typed context (kind and key, or JSON) against the unsaved draft, as you type. */
import type { SdkData } from '@switchyard/engine';
import type { Flag, FlagConfig } from '@switchyard/server/admin-types';
import { useId, useMemo, useState } from 'react';
import { describeReason } from './describe-reason';
import { type DraftBody, variationLabel } from './draft';
import { previewEvaluation } from './preview-evaluation';

export interface PreviewPanelProps {
  readonly flag: Flag;
  readonly config: FlagConfig;
  readonly body: DraftBody;
  readonly sdkData: SdkData | undefined;
  /** Nothing can be edited (a reader): the preview shows what a context gets now. */
  readonly current?: boolean;
}

type Mode = 'form' | 'json';

function contextFrom(
  mode: Mode,
  kind: string,
  key: string,
  json: string,
): { context?: unknown; error?: string } {
  if (mode === 'form') return key.trim() === '' ? {} : { context: { kind: kind.trim(), key: key.trim() } };
  if (json.trim() === '') return {};
  try {
    return { context: JSON.parse(json) };
  } catch (err) {
    return { error: `Not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function PreviewPanel({ flag, config, body, sdkData, current = false }: PreviewPanelProps) {
  const [mode, setMode] = useState<Mode>('form');
  const [kind, setKind] = useState('user');
  const [key, setKey] = useState('');
  const [json, setJson] = useState(
    '{\n  "kind": "user",\n  "key": "user-1",\n  "email": "ana@example.com"\n}',
  );
  const errorId = useId();
  const typed = contextFrom(mode, kind, key, json);
  const result = useMemo(
    () =>
      typed.context === undefined || sdkData === undefined
        ? undefined
        : previewEvaluation({ flag, config, body, sdkData, context: typed.context }),
    [typed.context, flag, config, body, sdkData],
  );
  const error = typed.error ?? (result && 'contextError' in result ? result.contextError : undefined);
  const evaluation = result && 'evaluation' in result ? result.evaluation : undefined;

  return (
    <section aria-labelledby="preview-title" className="preview">
      <h3 id="preview-title">Preview with a context</h3>
      <div className="segmented" role="radiogroup" aria-label="Context as">
        <label className="check">
          <input
            type="radio"
            name="preview-mode"
            checked={mode === 'form'}
            onChange={() => setMode('form')}
          />
          Kind and key
        </label>
        <label className="check">
          <input
            type="radio"
            name="preview-mode"
            checked={mode === 'json'}
            onChange={() => setMode('json')}
          />
          JSON
        </label>
      </div>
      {mode === 'form' ? (
        <div className="row">
          <label>
            Context kind
            <input value={kind} onChange={(e) => setKind(e.target.value)} />
          </label>
          <label>
            Context key
            <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="user-1" />
          </label>
        </div>
      ) : (
        <label>
          Context JSON
          <textarea
            rows={6}
            className="code"
            value={json}
            onChange={(e) => setJson(e.target.value)}
            aria-invalid={error !== undefined}
            aria-describedby={error === undefined ? undefined : errorId}
          />
        </label>
      )}
      {error !== undefined && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {sdkData === undefined && <p className="help">Loading the environment's data…</p>}
      {evaluation && (
        <dl className="result" aria-label="Preview result" aria-live="polite">
          <dt>Value</dt>
          <dd>
            <code>{JSON.stringify(evaluation.value)}</code>
          </dd>
          <dt>Variation</dt>
          <dd>
            {evaluation.variationIndex === null
              ? 'none'
              : variationLabel(flag.variations, evaluation.variationIndex)}
          </dd>
          <dt>Reason</dt>
          <dd>
            {describeReason(evaluation.reason)} <code>{evaluation.reason.kind}</code>
          </dd>
        </dl>
      )}
      {typed.context === undefined && error === undefined && (
        <p className="help">Type a context to see what it {current ? 'gets now' : 'would get once saved'}.</p>
      )}
    </section>
  );
}
