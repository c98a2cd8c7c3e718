/**
 * `login`, `logout`, `use` and `whoami`: which server, with which credential (an API
 * token, or a user's session from signing in), and the default project and environment,
 * saved per profile in the config file.
 */

import type { ListBody, MeBody, Project, User } from '@switchyard/server/admin-types';
import type { Command } from 'commander';
import { ApiClient, type Credential, sessionSecretOf } from '../api-client.js';
import { action, example } from '../command-kit.js';
import { type Profile, readConfig, type SavedSession, updateProfile, writeConfig } from '../config-file.js';
import { CliError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { ask, readAll } from '../prompt.js';
import type { Session } from '../session.js';

export interface Identity {
  readonly url: string;
  readonly profile: string;
  /** Where the credential came from. */
  readonly tokenFrom: 'SWITCHYARD_TOKEN' | 'config';
  /** An API token, or a person signed in with their email and password. */
  readonly kind: MeBody['kind'];
  readonly name: string;
  readonly email: string | null;
  readonly role: MeBody['role'];
  readonly projects: readonly string[];
  readonly project: string | null;
  readonly env: string | null;
}

interface SignInAnswer {
  readonly user: User;
  readonly csrfToken: string;
  readonly expiresAt: string;
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

/** Checks the credential: who it is (`GET /me`) and the projects it can see. */
async function identify(client: ApiClient): Promise<{ me: MeBody; projects: readonly Project[] }> {
  const me = await client.get<MeBody>('/api/v1/me');
  const { items } = await client.get<ListBody<Project>>('/api/v1/projects');
  return { me, projects: items };
}

/** A secret typed at the terminal (hidden), else the first line piped in. */
async function readSecret(session: Session, prompt: string, given: string | undefined): Promise<string> {
  const { io } = session;
  const secret =
    given ??
    (io.stdin.isTTY ? await ask(io, prompt, true) : (await readAll(io.stdin)).split('\n')[0]?.trim());
  if (!secret)
    throw new UsageError(
      `Nothing given for ${prompt.replace(/: $/, '')}: type it at the prompt or pipe it in`,
    );
  return secret;
}

/**
 * Signs in as a user. The server answers with a session cookie and a CSRF token, not an API
 * token (a reader or writer may not mint tokens), so the session itself is what is saved.
 */
async function signIn(session: Session, url: string, email: string): Promise<SavedSession> {
  const password = await readSecret(session, 'Password: ', undefined);
  let cookies: readonly string[] = [];
  const answer = await new ApiClient({ url, credential: undefined }).post<SignInAnswer>(
    '/api/v1/sign-in',
    { email, password },
    { onResponse: (response) => (cookies = response.headers.getSetCookie()) },
  );
  const secret = sessionSecretOf(cookies);
  if (secret === undefined)
    throw new CliError('The server answered the sign-in without a session cookie', { code: 'NO_SESSION' });
  return { secret, csrfToken: answer.csrfToken, expiresAt: answer.expiresAt, email: answer.user.email };
}

export function authCommands(program: Command, io: Io): void {
  example(
    program
      .command('login')
      .description('save a server and a credential (checked against the server) under a profile')
      .argument('<url>', "the server's URL")
      .option('--token <token>', 'the API token (else prompted for, or read from stdin)')
      .option(
        '--email <email>',
        'sign in as this user instead; the password is prompted for, or read from stdin',
      ),
    'switchyard login https://flags.example.com',
    'echo "$TOKEN" | switchyard login http://127.0.0.1:8030 --profile staging --project shop --env test',
    'switchyard login https://flags.example.com --email ada@example.com',
  ).action(
    action(io, async (session, [rawUrl], options) => {
      const url = normalizeUrl(rawUrl as string);
      if (options.token !== undefined && options.email !== undefined)
        throw new UsageError('Pass --token or --email, not both');
      const saved: Pick<Profile, 'token' | 'session'> =
        options.email === undefined
          ? { token: await readSecret(session, 'API token: ', options.token), session: undefined }
          : { token: undefined, session: await signIn(session, url, options.email) };
      const credential: Credential = saved.session
        ? { session: saved.session }
        : { token: saved.token ?? '' };
      const { me, projects } = await identify(new ApiClient({ url, credential }));
      const own = projects.filter((p) => !p.system);
      const project =
        session.options.project ?? me.projectKey ?? (own.length === 1 ? own[0]?.key : undefined);
      const env = session.options.env ?? (project !== undefined ? 'production' : undefined);
      // A profile holds one credential: `saved` sets one and clears the other.
      await updateProfile(
        session.configPath,
        session.profileName,
        { url, ...saved, ...(project ? { project } : {}), ...(env ? { env } : {}) },
        { makeCurrent: true },
      );
      const who = me.kind === 'user' ? `${me.email} (${me.role})` : `${me.role} token`;
      session.out.result(
        {
          profile: session.profileName,
          url,
          kind: me.kind,
          role: me.role,
          project: project ?? null,
          env: env ?? null,
        },
        () => {
          session.out.line(`Logged in to ${url} as profile "${session.profileName}", ${who}.`);
          if (project) session.out.line(`Default project ${project}, environment ${env}.`);
          if (saved.session) session.out.note(`The session lasts until ${saved.session.expiresAt}.`);
          session.out.note(`Saved in ${session.configPath}`);
        },
      );
    }),
  );

  example(
    program
      .command('logout')
      .description("forget the profile's credential (a user's session is ended on the server too)"),
    'switchyard logout --profile staging',
  ).action(
    action(io, async (session) => {
      const signedIn = session.profile?.session;
      if (signedIn) {
        // Ending the session matters less than forgetting it: a server that is gone or has
        // already ended it must not keep the secret on disk.
        await new ApiClient({ url: session.profile?.url ?? '', credential: { session: signedIn } })
          .post('/api/v1/sign-out', undefined)
          .catch((error: unknown) =>
            session.out.note(`The server did not end the session: ${(error as Error).message}`),
          );
      }
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
    program
      .command('whoami')
      .description('the server, profile and credential in use, checked against the server'),
    'switchyard whoami --json',
  ).action(
    action(io, async (session) => {
      const { me, projects } = await identify(session.client());
      const identity: Identity = {
        url: session.url,
        profile: session.profileName,
        tokenFrom: io.env.SWITCHYARD_TOKEN ? 'SWITCHYARD_TOKEN' : 'config',
        kind: me.kind,
        name: me.name,
        email: me.email ?? null,
        role: me.role,
        projects: projects.map((p) => p.key),
        project: session.options.project ?? session.profile?.project ?? null,
        env: session.options.env ?? session.profile?.env ?? null,
      };
      session.out.result(identity, () =>
        session.out.fields([
          ['server', identity.url],
          ['profile', identity.profile],
          [
            identity.kind === 'user' ? 'user' : 'token',
            `${identity.email ?? identity.name} (${identity.role}), from ${identity.tokenFrom}`,
          ],
          ['projects', identity.projects.join(', ')],
          ['defaults', `project ${identity.project ?? '-'}, environment ${identity.env ?? '-'}`],
        ]),
      );
    }),
  );
}
