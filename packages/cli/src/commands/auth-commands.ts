/**
 * `login`, `logout`, `use` and `whoami`: which server, with which token, and the
 * default project and environment, saved per profile in the config file.
 */

import type { ListBody, Project } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { ApiClient } from '../api-client.js';
import { action, example } from '../command-kit.js';
import { readConfig, updateProfile, writeConfig } from '../config-file.js';
import { CliError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { ask, readAll } from '../prompt.js';
import type { Session } from '../session.js';

export interface Identity {
  readonly url: string;
  readonly profile: string;
  /** Where the token came from. */
  readonly tokenFrom: 'SWITCHYARD_TOKEN' | 'config';
  /** The admin API has no "who am I" route for tokens: `admin` when GET /tokens answers, else the lesser roles. */
  readonly role: 'admin' | 'reader or writer';
  readonly projects: readonly string[];
  readonly project: string | null;
  readonly env: string | null;
}

function normalizeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`"${value}" is not a URL; give the server's address, e.g. http://127.0.0.1:8030`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('The URL must be http or https');
  return url.toString().replace(/\/+$/, '');
}

/** Checks the token with a route any reader may call, and whether it is an admin token. */
async function identify(
  client: ApiClient,
): Promise<{ role: Identity['role']; projects: readonly Project[] }> {
  const { items } = await client.get<ListBody<Project>>('/api/v1/projects');
  try {
    await client.get('/api/v1/tokens');
    return { role: 'admin', projects: items };
  } catch (error) {
    if (error instanceof CliError && error.options.code === 'FORBIDDEN')
      return { role: 'reader or writer', projects: items };
    throw error;
  }
}

async function readToken(session: Session, given: string | undefined): Promise<string> {
  const { io } = session;
  const token =
    given ?? (io.stdin.isTTY ? await ask(io, 'API token: ', true) : (await readAll(io.stdin)).trim());
  if (token === '')
    throw new UsageError('No token given: type it at the prompt, pass --token, or pipe it in');
  return token;
}

export function authCommands(program: Command, io: Io): void {
  example(
    program
      .command('login')
      .description('save a server and an API token (checked against the server) under a profile')
      .argument('<url>', "the server's URL")
      .option('--token <token>', 'the API token (else prompted for, or read from stdin)'),
    'switchyard login https://flags.example.com',
    'echo "$TOKEN" | switchyard login http://127.0.0.1:8030 --profile staging --project shop --env test',
  ).action(
    action(io, async (session, [rawUrl], options) => {
      const url = normalizeUrl(rawUrl as string);
      const token = await readToken(session, options.token);
      const { role, projects } = await identify(new ApiClient({ url, token }));
      const own = projects.filter((p) => !p.system);
      const project = session.options.project ?? (own.length === 1 ? own[0]?.key : undefined);
      const env = session.options.env ?? (project !== undefined ? 'production' : undefined);
      await updateProfile(
        session.configPath,
        session.profileName,
        { url, token, ...(project ? { project } : {}), ...(env ? { env } : {}) },
        { makeCurrent: true },
      );
      session.out.result(
        { profile: session.profileName, url, role, project: project ?? null, env: env ?? null },
        () => {
          session.out.line(`Logged in to ${url} as profile "${session.profileName}" (${role} token).`);
          if (project) session.out.line(`Default project ${project}, environment ${env}.`);
          session.out.note(`Saved in ${session.configPath}`);
        },
      );
    }),
  );

  example(
    program.command('logout').description("forget the profile's token"),
    'switchyard logout --profile staging',
  ).action(
    action(io, async (session) => {
      const data = await readConfig(session.configPath);
      const { [session.profileName]: _gone, ...rest } = data.profiles;
      await writeConfig(session.configPath, {
        ...(data.current === session.profileName ? {} : { current: data.current }),
        profiles: rest,
      });
      session.out.result({ profile: session.profileName, removed: _gone !== undefined }, () =>
        session.out.line(`Removed profile "${session.profileName}".`),
      );
    }),
  );

  example(
    program
      .command('use')
      .description('save the default project and environment (pass the global --project and --env)'),
    'switchyard use --project shop --env production',
  ).action(
    action(io, async (session) => {
      const { project, env } = session.options;
      if (project === undefined && env === undefined)
        throw new UsageError('Pass --project KEY, --env KEY or both');
      const saved = await updateProfile(session.configPath, session.profileName, {
        ...(project ? { project } : {}),
        ...(env ? { env } : {}),
      });
      session.out.result(
        { profile: session.profileName, project: saved.project ?? null, env: saved.env ?? null },
        () =>
          session.out.line(
            `Profile "${session.profileName}": project ${saved.project ?? '-'}, environment ${saved.env ?? '-'}`,
          ),
      );
    }),
  );

  example(
    program.command('whoami').description('the server, profile and token in use, checked against the server'),
    'switchyard whoami --json',
  ).action(
    action(io, async (session) => {
      const { role, projects } = await identify(session.client());
      const identity: Identity = {
        url: session.url,
        profile: session.profileName,
        tokenFrom: io.env.SWITCHYARD_TOKEN ? 'SWITCHYARD_TOKEN' : 'config',
        role,
        projects: projects.map((p) => p.key),
        project: session.options.project ?? session.profile?.project ?? null,
        env: session.options.env ?? session.profile?.env ?? null,
      };
      session.out.result(identity, () =>
        session.out.fields([
          ['server', identity.url],
          ['profile', identity.profile],
          ['token', `from ${identity.tokenFrom}, ${identity.role}`],
          ['projects', identity.projects.join(', ')],
          ['defaults', `project ${identity.project ?? '-'}, environment ${identity.env ?? '-'}`],
        ]),
      );
    }),
  );
}
