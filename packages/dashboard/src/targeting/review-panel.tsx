/**
 * Before saving: a preview against the draft, the diff of the change, the API's refusal, and Save.
 * A reader, who can change nothing, gets the preview alone.
 */
import type { SdkData } from '@switchyard/engine';
import type { Flag, FlagConfig } from '@switchyard/server/admin-types';
import { ApiError } from '../api/api-client';
import { useAllowed } from '../auth/use-allowed';
import { errorMessage } from '../ui/states';
import { ChangeDiff } from './change-diff';
import { ConflictNotice } from './conflict-notice';
import type { DraftBody } from './draft';
import { PreviewPanel } from './preview-panel';

export interface ReviewPanelProps {
  readonly flag: Flag;
  readonly config: FlagConfig;
  readonly envName: string;
  readonly before: DraftBody;
  readonly after: DraftBody;
  readonly dirty: boolean;
  /** How many fields the editor's own checks flag. */
  readonly problems: number;
  readonly sdkData: SdkData | undefined;
  readonly saving: boolean;
  readonly savedVersion: number | undefined;
  readonly error: unknown;
  readonly conflict:
    | {
        readonly theirs: FlagConfig;
        readonly theirBody: DraftBody;
        readonly onKeepMine: () => void;
        readonly onTakeTheirs: () => void;
      }
    | undefined;
  readonly comment: string;
  readonly onComment: (comment: string) => void;
  readonly onSave: () => void;
}

export function ReviewPanel(props: ReviewPanelProps) {
  const { conflict, error } = props;
  const canSave = useAllowed('writer');
  if (!canSave)
    return (
      <aside className="review card" aria-labelledby="review-title">
        <h2 id="review-title">Preview</h2>
        <p className="help">
          Your role can view this targeting and preview contexts against it, not change it.
        </p>
        <PreviewPanel
          flag={props.flag}
          config={props.config}
          body={props.after}
          sdkData={props.sdkData}
          current
        />
      </aside>
    );
  return (
    <aside className="review card" aria-labelledby="review-title">
      <h2 id="review-title">Review and save</h2>
      {conflict && (
        <ConflictNotice
          envName={props.envName}
          yourVersion={props.config.version}
          theirVersion={conflict.theirs.version}
          before={props.before}
          theirs={conflict.theirBody}
          onKeepMine={conflict.onKeepMine}
          onTakeTheirs={conflict.onTakeTheirs}
        />
      )}
      <PreviewPanel flag={props.flag} config={props.config} body={props.after} sdkData={props.sdkData} />
      <section aria-labelledby="changes-title">
        <h3 id="changes-title">Changes</h3>
        <ChangeDiff label="Changes to save" before={props.before} after={props.after} />
      </section>
      {error !== undefined && (
        <div className="state error" role="alert">
          <p>The server refused the change: {errorMessage(error)}</p>
          {error instanceof ApiError && error.details.length > 0 && (
            <ul>
              {error.details.map((d) => (
                <li key={`${d.path}:${d.message}`}>
                  <code>{d.path}</code> {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {props.problems > 0 && (
        <p className="field-error">
          Fix the {props.problems === 1 ? 'problem' : `${props.problems} problems`} marked in the editor
          before saving.
        </p>
      )}
      {props.savedVersion !== undefined && !props.dirty && (
        <p className="notice" role="status">
          Saved as version {props.savedVersion}.
        </p>
      )}
      <label className="comment">
        Comment for the audit log (optional)
        <textarea
          rows={2}
          maxLength={500}
          value={props.comment}
          placeholder="Why this change, e.g. the ticket"
          onChange={(e) => props.onComment(e.target.value)}
        />
      </label>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!props.dirty || props.problems > 0 || props.saving || conflict !== undefined}
          onClick={props.onSave}
        >
          {props.saving ? 'Saving…' : `Save changes in ${props.envName}`}
        </button>
      </div>
    </aside>
  );
}
