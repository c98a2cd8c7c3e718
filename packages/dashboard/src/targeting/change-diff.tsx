/** A readable line diff of two JSON documents (before and after), with a few lines of context. */
import { structuredPatch } from 'diff';

export interface ChangeDiffProps {
  readonly before: unknown;
  readonly after: unknown;
  /** Names the diff for assistive technology. */
  readonly label: string;
}

export function ChangeDiff({ before, after, label }: ChangeDiffProps) {
  const a = `${JSON.stringify(before, null, 2)}\n`;
  const b = `${JSON.stringify(after, null, 2)}\n`;
  if (a === b) return <p className="help">No changes.</p>;
  const patch = structuredPatch('before', 'after', a, b, undefined, undefined, { context: 3 });
  return (
    <section className="diff" aria-label={label}>
      {patch.hunks.map((hunk) => (
        <pre key={`${hunk.oldStart}:${hunk.newStart}`}>
          <span className="hunk">
            lines {hunk.oldStart}–{hunk.oldStart + hunk.oldLines - 1} before, {hunk.newStart}–
            {hunk.newStart + hunk.newLines - 1} after
          </span>
          {hunk.lines.map((line, i) => {
            const kind = line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : 'same';
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a hunk's lines never reorder
              <span key={i} className={`line ${kind}`}>
                {kind === 'added' ? <span className="visually-hidden">added: </span> : null}
                {kind === 'removed' ? <span className="visually-hidden">removed: </span> : null}
                {line}
                {'\n'}
              </span>
            );
          })}
        </pre>
      ))}
    </section>
  );
}
