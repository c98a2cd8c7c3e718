/**
 * One segment: its included and excluded keys (pasted in bulk), its rules, and the flags
 * of the environment that use it. Saved with the version read, so a race is refused.
 */
import type { Segment } from '@switchyard/server/admin-types';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { useEnvironments } from '../api/project-queries';
import { useAllowed } from '../auth/use-allowed';
import { useSdkData } from '../flags/flag-queries';
import { AuditLog } from '../history/audit-log';
import { FieldErrorsProvider } from '../targeting/field-errors';
import { ErrorState, errorMessage, Loading } from '../ui/states';
import { flagsUsingSegment } from './flags-using-segment';
import { KeyListField } from './key-list-field';
import { type SegmentDraft, segmentBody, segmentDraftFrom, validateSegment } from './segment-draft';
import { useSaveSegment, useSegment } from './segment-queries';
import { SegmentRulesEditor } from './segment-rules-editor';

export function SegmentPage() {
  const { project = '', env = '', segment: key = '' } = useParams();
  const found = useSegment(project, env, key);
  if (found.isPending) return <Loading label="Loading segment…" />;
  if (found.isError) return <ErrorState error={found.error} retry={() => found.refetch()} />;
  return <SegmentEditor key={found.data.key} project={project} env={env} segment={found.data} />;
}

/** `segment` is the server's latest; `base` the version the edits started from. */
function SegmentEditor({
  project,
  env,
  segment,
}: {
  readonly project: string;
  readonly env: string;
  readonly segment: Segment;
}) {
  const [base, setBase] = useState(segment);
  const [draft, setDraft] = useState<SegmentDraft>(() => segmentDraftFrom(segment));
  const [comment, setComment] = useState('');
  const canSave = useAllowed('writer');
  const save = useSaveSegment(project, env, segment.key);
  const sdkData = useSdkData(project, env);
  const envName = useEnvironments(project).data?.find((e) => e.key === env)?.name ?? env;
  const usedBy = flagsUsingSegment(sdkData.data, segment.key);
  const otherSegments = Object.keys(sdkData.data?.segments ?? {}).filter((k) => k !== segment.key);
  const localErrors = useMemo(() => validateSegment(draft), [draft]);
  const apiError = save.error instanceof ApiError ? save.error : undefined;
  const dirty =
    JSON.stringify(segmentBody(segmentDraftFrom(base), 0, '')) !== JSON.stringify(segmentBody(draft, 0, ''));
  const changedElsewhere = segment.version !== base.version && !save.isPending;
  const conflict = apiError?.code === 'VERSION_CONFLICT' || (changedElsewhere && dirty);
  // Someone else saved: follow them when nothing is edited here; otherwise the conflict notice says so.
  useEffect(() => {
    if (changedElsewhere && !dirty) {
      setBase(segment);
      setDraft(segmentDraftFrom(segment));
    }
  }, [changedElsewhere, dirty, segment]);
  const takeTheirs = () => {
    setBase(segment);
    setDraft(segmentDraftFrom(segment));
    save.reset();
  };
  const errors = useMemo(
    () => new Map([...(apiError?.details ?? []).map((d) => [d.path, d.message] as const), ...localErrors]),
    [apiError, localErrors],
  );
  const change = (next: SegmentDraft) => {
    setDraft(next);
    if (save.isError) save.reset();
  };

  return (
    <FieldErrorsProvider errors={errors}>
      <article aria-labelledby="segment-title">
        <p className="crumbs">
          <Link to=".." relative="path">
            Segments
          </Link>{' '}
          /
        </p>
        <div className="page-head">
          <div>
            <h1 id="segment-title">{segment.name || segment.key}</h1>
            <code className="flag-key">{segment.key}</code>{' '}
            <span className="help">
              in {envName}, version {base.version}
            </span>
          </div>
        </div>
        <section className="card" aria-labelledby="used-title">
          <h2 id="used-title">Used by</h2>
          {sdkData.isPending ? (
            <Loading label="Finding the flags that use it…" />
          ) : sdkData.isError ? (
            <ErrorState error={sdkData.error} retry={() => sdkData.refetch()} />
          ) : usedBy.length === 0 ? (
            <p className="help">No flag in {envName} targets this segment.</p>
          ) : (
            <ul className="used-by">
              {usedBy.map((flag) => (
                <li key={flag}>
                  <Link to={`../../flags/${encodeURIComponent(flag)}`} relative="path">
                    {flag}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="keys-title">
          <h2 id="keys-title">Individual contexts (user keys)</h2>
          <p className="help">Included keys are in the segment, excluded ones out, whatever the rules say.</p>
          <div className="key-lists">
            <KeyListField
              label="Included keys"
              value={draft.included}
              onChange={(included) => change({ ...draft, included })}
            />
            <KeyListField
              label="Excluded keys"
              value={draft.excluded}
              onChange={(excluded) => change({ ...draft, excluded })}
            />
          </div>
        </section>
        <SegmentRulesEditor
          rules={draft.rules}
          segmentKeys={otherSegments}
          onChange={(rules) => change({ ...draft, rules })}
        />
        <section className="card" aria-labelledby="save-title">
          <h2 id="save-title">Save</h2>
          {conflict ? (
            <div className="conflict" role="alert">
              <h3>Someone else changed this segment</h3>
              <p>
                Your edits are not saved: you started from version {base.version}; version {segment.version}{' '}
                has {segment.included.length.toLocaleString('en')} included keys (you started with{' '}
                {base.included.length.toLocaleString('en')}), {segment.excluded.length.toLocaleString('en')}{' '}
                excluded (from {base.excluded.length.toLocaleString('en')}) and {segment.rules.length} rules
                (from {base.rules.length}).
              </p>
              <button type="button" onClick={takeTheirs}>
                Discard my edits and load theirs
              </button>
            </div>
          ) : (
            save.isError &&
            !conflict && (
              <div className="state error" role="alert">
                <p>The server refused the change: {errorMessage(save.error)}</p>
              </div>
            )
          )}
          {localErrors.size > 0 && (
            <p className="field-error">Fix the problems marked above before saving.</p>
          )}
          {save.isSuccess && !dirty && (
            <p className="notice" role="status">
              Saved.
            </p>
          )}
          <label className="comment">
            Comment for the audit log (optional)
            <textarea rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {!canSave && <p className="help">Your role can read this segment, not change it.</p>}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={!canSave || !dirty || localErrors.size > 0 || save.isPending || conflict}
              onClick={() =>
                save.mutate(segmentBody(draft, base.version, comment), {
                  onSuccess: (saved) => {
                    setBase(saved);
                    setDraft(segmentDraftFrom(saved));
                    setComment('');
                  },
                })
              }
            >
              {save.isPending ? 'Saving…' : 'Save segment'}
            </button>
          </div>
        </section>
        <section className="card" aria-labelledby="segment-history-title">
          <h2 id="segment-history-title">History</h2>
          <AuditLog scope={{ project, segment: segment.key }} label="Changes to this segment" />
        </section>
      </article>
    </FieldErrorsProvider>
  );
}
