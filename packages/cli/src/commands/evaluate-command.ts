/**
 * `evaluate <flag>`: what the server serves a context, through OFREP with the
 * environment's SDK key (read with the API token unless --sdk-key is given), so it is
 * exactly what an SDK would get.
 */

import type { Environment } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example, parseJsonOption } from '../command-kit.js';
import { CliError, UsageError } from '../errors.js';
import type { Io } from '../io.js';

interface OfrepAnswer {
  readonly key: string;
  readonly value?: unknown;
  readonly reason?: string;
  readonly variant?: string;
  readonly errorCode?: string;
  readonly errorDetails?: string;
}

export function evaluateCommand(program: Command, io: Io): void {
  example(
    program
      .command('evaluate')
      .description('the value a flag serves a context in the environment (through OFREP, as an SDK sees it)')
      .argument('<flag>')
      .option('--context <json>', 'the evaluation context, e.g. \'{"kind":"account","key":"acme"}\'')
      .option('--key <key>', 'shorthand for a context with this key (and --kind)')
      .option('--kind <kind>', 'the context kind for --key', 'user')
      .option(
        '--sdk-key <key>',
        "the environment's SDK key (else SWITCHYARD_SDK_KEY, else read with the API token)",
      ),
    'switchyard evaluate new-checkout --context \'{"kind":"user","key":"u1","email":"a@acme.com"}\'',
    'switchyard evaluate new-checkout --key acme --kind account --env production',
  ).action(
    action(io, async (session, [flag], options) => {
      if ((options.context === undefined) === (options.key === undefined))
        throw new UsageError('Pass --context JSON or --key KEY');
      const context =
        options.context === undefined
          ? { kind: options.kind, key: options.key }
          : parseJsonOption('--context', options.context);
      if (typeof context !== 'object' || context === null || Array.isArray(context))
        throw new UsageError('--context must be a JSON object');
      const client = session.client();
      const sdkKey: string =
        options.sdkKey ??
        io.env.SWITCHYARD_SDK_KEY ??
        (
          await client.get<Environment>(
            `/api/v1/projects/${enc(session.project())}/environments/${enc(session.env())}`,
          )
        ).sdkKey;
      const answer = await client.post<OfrepAnswer>(
        `/ofrep/v1/evaluate/flags/${enc(flag as string)}`,
        { context },
        { authorization: sdkKey, accept: [400, 401, 404] },
      );
      if (answer.errorCode !== undefined) {
        throw new CliError(answer.errorDetails ?? `The evaluation failed (${answer.errorCode})`, {
          code: answer.errorCode,
        });
      }
      session.out.result(answer, () =>
        session.out.fields([
          ['flag', answer.key],
          ['value', JSON.stringify(answer.value)],
          ['variant', answer.variant ?? '-'],
          ['reason', answer.reason ?? '-'],
        ]),
      );
    }),
  );
}
