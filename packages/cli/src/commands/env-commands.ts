/** `envs list|keys|rotate`: a project's environments and their SDK credentials. */

import type { Environment, ListBody } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { action, enc, example } from '../command-kit.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { confirm } from '../prompt.js';

const CREDENTIALS = { sdk: 'sdkKey', mobile: 'mobileKey', 'client-side': 'clientSideId' } as const;
type CredentialName = keyof typeof CREDENTIALS;

export function envCommands(program: Command, io: Io): void {
  const envs = example(
    program.command('envs').description("a project's environments and their SDK keys"),
    'switchyard envs keys --env production',
  );

  example(
    envs.command('list').description("the project's environments"),
    'switchyard envs list --project shop',
  ).action(
    action(io, async (session) => {
      const { items } = await session
        .client()
        .get<ListBody<Environment>>(`/api/v1/projects/${enc(session.project())}/environments`);
      // The list carries credentials; the table leaves them to "envs keys".
      session.out.result(items, () =>
        session.out.table(items, [
          { header: 'key', value: (e) => e.key },
          { header: 'name', value: (e) => e.name },
          { header: 'secure mode', value: (e) => (e.secureMode ? 'yes' : 'no') },
          { header: 'data version', value: (e) => e.dataVersion },
        ]),
      );
    }),
  );

  example(
    envs.command('keys').description("the environment's SDK key, mobile key and client-side ID"),
    'switchyard envs keys --env production',
    'export SDK_KEY=$(switchyard envs keys --env production --json | jq -r .sdkKey)',
  ).action(
    action(io, async (session) => {
      const env = await session
        .client()
        .get<Environment>(`/api/v1/projects/${enc(session.project())}/environments/${enc(session.env())}`);
      const keys = { sdkKey: env.sdkKey, mobileKey: env.mobileKey, clientSideId: env.clientSideId };
      session.out.result(keys, () =>
        session.out.fields([
          ['SDK key', keys.sdkKey],
          ['mobile key', keys.mobileKey],
          ['client-side ID', keys.clientSideId],
        ]),
      );
    }),
  );

  example(
    envs
      .command('rotate')
      .description('replace one credential; SDKs using the old one are refused at once')
      .argument('<credential>', 'sdk, mobile or client-side')
      .option('-y, --yes', 'do not ask for confirmation'),
    'switchyard envs rotate sdk --env production',
    'switchyard envs rotate mobile --env test --yes',
  ).action(
    action(io, async (session, [name], options) => {
      if (!((name as string) in CREDENTIALS))
        throw new UsageError(`The credential must be sdk, mobile or client-side; got "${name}"`);
      const credential = CREDENTIALS[name as CredentialName];
      const project = session.project();
      const envKey = session.env();
      const sure = await confirm(
        io,
        `Rotate the ${name} credential of ${project}/${envKey}? SDKs using the old one stop working.`,
        options.yes,
      );
      if (!sure) {
        session.out.note('Nothing changed.');
        return;
      }
      const env = await session
        .client()
        .post<Environment>(`/api/v1/projects/${enc(project)}/environments/${enc(envKey)}/rotate`, {
          credential,
        });
      session.out.result({ credential, value: env[credential] }, () =>
        session.out.line(`New ${name} credential for ${project}/${envKey}: ${env[credential]}`),
      );
    }),
  );
}
