/**
 * `export` and `import` of an environment's flags and segments in the sdk-data format
 * (LaunchDarkly's SDK data; a LaunchDarkly flag file imports too). An import is one
 * request and one transaction: invalid data changes nothing, and every problem is listed.
 */
import { writeFile } from 'node:fs/promises';
import type { Flag, ImportSummary, ListBody, SdkData } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example } from '../command-kit.js';
import { readImportFile, toSdkData } from '../import-file.js';
import { type PlannedChange, planImport } from '../import-plan.js';
import type { Io } from '../io.js';
import { Progress } from '../progress.js';
import { readAll } from '../prompt.js';
import type { Session } from '../session.js';

const sdkDataPath = (session: Session) =>
  `/api/v1/projects/${enc(session.project())}/environments/${enc(session.env())}/sdk-data`;

async function projectFlags(session: Session): Promise<Map<string, Flag>> {
  const base = `/api/v1/projects/${enc(session.project())}/flags`;
  const client = session.client();
  const [live, archived] = await Promise.all([
    client.get<ListBody<Flag>>(base),
    client.get<ListBody<Flag>>(base, { query: { archived: true } }),
  ]);
  return new Map([...live.items, ...archived.items].map((flag) => [flag.key, flag]));
}

function printPlan(session: Session, plan: readonly PlannedChange[]): void {
  const changing = plan.filter((p) => p.change !== 'unchanged');
  const colour = {
    create: 'green',
    update: 'yellow',
    reset: 'red',
    delete: 'red',
    unchanged: 'dim',
  } as const;
  session.out.table(changing, [
    { header: 'change', value: (p) => session.out.style(colour[p.change], p.change) },
    { header: 'kind', value: (p) => p.kind },
    { header: 'key', value: (p) => p.key },
  ]);
  session.out.line(
    `${changing.length} change(s), ${plan.length - changing.length} unchanged; nothing was sent (dry run).`,
  );
}

export function sdkDataCommands(program: Command, io: Io): void {
  example(
    program
      .command('export')
      .description("the environment's flags and segments as SDK data (JSON)")
      .option('-o, --file <path>', 'write to this file instead of stdout'),
    'switchyard export --env production -o production.json',
  ).action(
    action(io, async (session, _args, options) => {
      const data = await session.client().get<SdkData>(sdkDataPath(session));
      const json = `${JSON.stringify(data, null, 2)}\n`;
      if (options.file === undefined) {
        io.stdout.write(json);
        return;
      }
      await writeFile(options.file, json);
      const counts = {
        flags: Object.keys(data.flags ?? {}).length,
        segments: Object.keys(data.segments ?? {}).length,
      };
      session.out.result({ file: options.file, ...counts }, () =>
        session.out.line(
          `Wrote ${counts.flags} flag(s) and ${counts.segments} segment(s) to ${options.file}.`,
        ),
      );
    }),
  );

  example(
    program
      .command('import')
      .description(
        "replace the environment's flags and segments with a file's (SDK data, or a LaunchDarkly flag file in JSON or YAML); flags the file lacks are reset to off, segments it lacks are deleted",
      )
      .argument('<file>', 'the file; - for stdin (JSON)')
      .option('--dry-run', 'print what would change and send nothing'),
    'switchyard import production.json --env staging --dry-run',
    'switchyard import ld-flags.yaml --env test',
  ).action(
    action(io, async (session, [file], options) => {
      const progress = new Progress(io.stderr);
      try {
        progress.set(`reading ${file}`);
        const path = file as string;
        const parsed = await readImportFile(path, path === '-' ? await readAll(io.stdin) : undefined);
        progress.set('reading the project');
        const flags = await projectFlags(session);
        const { data } = toSdkData(parsed, flags);
        if (options.dryRun) {
          progress.set('comparing with the environment');
          const current = await session.client().get<SdkData>(sdkDataPath(session));
          const plan = planImport(current, data, new Set(flags.keys()));
          progress.done();
          session.out.result({ dryRun: true, changes: plan }, () => printPlan(session, plan));
          return;
        }
        const count = Object.keys(data.flags ?? {}).length + Object.keys(data.segments ?? {}).length;
        progress.set(`importing ${count} item(s) in one transaction`);
        const summary = await session.client().put<ImportSummary>(sdkDataPath(session), data);
        progress.done();
        session.out.result(summary, () =>
          session.out.line(
            `Imported ${summary.flags} flag(s) and ${summary.segments} segment(s); ${summary.flagsReset} flag(s) reset, ${summary.segmentsDeleted} segment(s) deleted.`,
          ),
        );
      } finally {
        progress.done();
      }
    }),
  );
}
