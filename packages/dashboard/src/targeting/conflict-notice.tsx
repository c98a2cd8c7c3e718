/**
 * Someone else saved this flag's targeting while it was being edited: nothing was saved,
 * their change is shown, and the person chooses what to do with their own edits.
 */
import { ChangeDiff } from './change-diff';
import type { DraftBody } from './draft';

export interface ConflictNoticeProps {
  readonly envName: string;
  readonly yourVersion: number;
  readonly theirVersion: number;
  /** The configuration the edits started from, and the one saved since. */
  readonly before: DraftBody;
  readonly theirs: DraftBody;
  readonly onKeepMine: () => void;
  readonly onTakeTheirs: () => void;
}

export function ConflictNotice(props: ConflictNoticeProps) {
  return (
    <div className="conflict" role="alert" aria-labelledby="conflict-title">
      <h3 id="conflict-title">Someone else changed this flag in {props.envName}</h3>
      <p>
        Your edits were not saved: you started from version {props.yourVersion}, and version{' '}
        {props.theirVersion} was saved since. Their change:
      </p>
      <ChangeDiff label="Their change" before={props.before} after={props.theirs} />
      <p className="help">
        Keeping your edits compares them with their version: review the changes again before saving, since
        anything your edits still set differently replaces theirs.
      </p>
      <div className="actions">
        <button type="button" onClick={props.onTakeTheirs}>
          Discard my edits and load theirs
        </button>
        <button type="button" className="primary" onClick={props.onKeepMine}>
          Keep my edits on top of theirs
        </button>
      </div>
    </div>
  );
}
