/**
 * The targeting editor for one flag in one environment: the whole model (on/off,
 * prerequisites, individual targets, rules, default and off variations, client-side
 * availability), checked at each field as it is typed, then reviewed (preview, diff) and saved.
 */
import type { Flag, FlagConfig } from '@switchyard/server/admin-types';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/api-client';
import { useAllowed } from '../auth/use-allowed';
import { useFlags, useSdkData } from '../flags/flag-queries';
import { type Draft, draftFrom, toBody } from './draft';
import { FieldErrorsProvider } from './field-errors';
import { PrerequisitesEditor } from './prerequisites-editor';
import { ReviewPanel } from './review-panel';
import { RulesEditor } from './rules-editor';
import { ServeEditor } from './serve-editor';
import { useReloadFlag, useSaveTargeting } from './targeting-queries';
import { TargetsEditor } from './targets-editor';
import { validateDraft } from './validate-draft';
import { VariationOptions } from './variation-options';

export interface TargetingEditorProps {
  readonly project: string;
  readonly env: string;
  readonly envName: string;
  readonly flag: Flag;
  /** The configuration as the server has it now. */
  readonly config: FlagConfig;
}

export function TargetingEditor({ project, env, envName, flag, config }: TargetingEditorProps) {
  const [base, setBase] = useState(config);
  const [draft, setDraftState] = useState<Draft>(() => draftFrom(flag, config));
  const [conflict, setConflict] = useState<FlagConfig | undefined>();
  const [savedVersion, setSavedVersion] = useState<number | undefined>();
  const [comment, setComment] = useState('');
  // A reader sees the targeting with every control disabled; the preview stays theirs to use.
  const canEdit = useAllowed('writer');
  const save = useSaveTargeting(project, env);
  const reload = useReloadFlag(project);
  const sdkData = useSdkData(project, env);
  const otherFlags = (useFlags(project).data ?? []).filter((f) => f.key !== flag.key);
  const segmentKeys = Object.keys(sdkData.data?.segments ?? {}).sort();

  const before = useMemo(() => toBody(draftFrom(flag, base), base), [flag, base]);
  const after = useMemo(() => toBody(draft, base), [draft, base]);
  const dirty = JSON.stringify(before) !== JSON.stringify(after);
  const localErrors = useMemo(() => validateDraft(draft, flag.key), [draft, flag.key]);
  const apiError =
    save.error instanceof ApiError && save.error.code !== 'VERSION_CONFLICT' ? save.error : undefined;
  const errors = useMemo(
    () => new Map([...(apiError?.details ?? []).map((d) => [d.path, d.message] as const), ...localErrors]),
    [apiError, localErrors],
  );

  const setDraft = (next: Draft) => {
    setDraftState(next);
    setSavedVersion(undefined);
    if (save.isError) save.reset();
  };

  // Someone else saved: follow them when nothing is edited here, otherwise say so.
  useEffect(() => {
    if (config.version === base.version || save.isPending) return;
    if (!dirty) {
      setBase(config);
      setDraftState(draftFrom(flag, config));
    } else setConflict(config);
  }, [config, base.version, dirty, flag, save.isPending]);

  function submit() {
    save.mutate(
      {
        flag,
        body: after,
        version: base.version,
        comment,
        availabilityChanged:
          JSON.stringify(before.clientSideAvailability) !== JSON.stringify(after.clientSideAvailability),
      },
      {
        onSuccess: (saved) => {
          setBase(saved);
          setDraftState(draftFrom({ ...flag, clientSideAvailability: after.clientSideAvailability }, saved));
          setSavedVersion(saved.version);
          setComment('');
        },
        onError: async (err) => {
          if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') {
            const latest = await reload(flag.key);
            const theirs = latest.environments[env];
            if (theirs) setConflict(theirs);
          }
        },
      },
    );
  }

  const variations = flag.variations;
  return (
    <FieldErrorsProvider errors={errors}>
      <div className="editor">
        <fieldset className="editor-main" disabled={!canEdit} aria-label={`Targeting in ${envName}`}>
          <section className="card" aria-labelledby="state-title">
            <h2 id="state-title">Targeting in {envName}</h2>
            <div className="row">
              <button
                type="button"
                role="switch"
                className="switch"
                aria-checked={draft.on}
                aria-label={`Targeting on in ${envName}`}
                onClick={() => setDraft({ ...draft, on: !draft.on })}
              >
                <span aria-hidden="true">{draft.on ? 'On' : 'Off'}</span>
              </button>
              <label>
                When off, serve
                <select
                  value={draft.offVariation === null ? '' : String(draft.offVariation)}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      offVariation: e.target.value === '' ? null : Number(e.target.value),
                    })
                  }
                >
                  <option value="">Nothing (the SDK's fallback value)</option>
                  <VariationOptions variations={variations} />
                </select>
              </label>
              <span className="help">Version {base.version}</span>
            </div>
          </section>
          <PrerequisitesEditor
            prerequisites={draft.prerequisites}
            flags={otherFlags}
            onChange={(prerequisites) => setDraft({ ...draft, prerequisites })}
          />
          <TargetsEditor
            targets={draft.targets}
            variations={variations}
            onChange={(targets) => setDraft({ ...draft, targets })}
          />
          <RulesEditor
            rules={draft.rules}
            variations={variations}
            segmentKeys={segmentKeys}
            onChange={(rules) => setDraft({ ...draft, rules })}
          />
          <section className="card" aria-labelledby="default-title">
            <h2 id="default-title">Default rule</h2>
            <p className="help">Served when the flag is on and no target or rule matches.</p>
            <ServeEditor
              label="Default rule serves"
              path="/fallthrough"
              value={draft.fallthrough}
              variations={variations}
              onChange={(fallthrough) => setDraft({ ...draft, fallthrough })}
            />
          </section>
          <section className="card" aria-labelledby="client-title">
            <h2 id="client-title">Client-side availability</h2>
            <p className="help">Part of the flag itself: applies in every environment.</p>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.availability.usingEnvironmentId}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    availability: { ...draft.availability, usingEnvironmentId: e.target.checked },
                  })
                }
              />
              Available to browser SDKs (client-side ID)
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.availability.usingMobileKey}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    availability: { ...draft.availability, usingMobileKey: e.target.checked },
                  })
                }
              />
              Available to mobile SDKs (mobile key)
            </label>
          </section>
        </fieldset>
        <ReviewPanel
          flag={flag}
          config={base}
          envName={envName}
          before={before}
          after={after}
          dirty={dirty}
          problems={localErrors.size}
          sdkData={sdkData.data}
          saving={save.isPending}
          savedVersion={savedVersion}
          error={
            save.isError && !(save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT')
              ? save.error
              : undefined
          }
          conflict={
            conflict === undefined
              ? undefined
              : {
                  theirs: conflict,
                  theirBody: toBody(draftFrom(flag, conflict), conflict),
                  onKeepMine: () => {
                    setBase(conflict);
                    setConflict(undefined);
                    save.reset();
                  },
                  onTakeTheirs: () => {
                    setBase(conflict);
                    setDraftState(draftFrom(flag, conflict));
                    setConflict(undefined);
                    save.reset();
                  },
                }
          }
          comment={comment}
          onComment={setComment}
          onSave={submit}
        />
      </div>
    </FieldErrorsProvider>
  );
}
