/**
 * The user's saved servers: `$XDG_CONFIG_HOME/switchyard/config.json` (or
 * `~/.config/switchyard/config.json`), one profile per server with its URL, its credential
 * (an API token or a user's session) and default project and environment. The file holds secrets, so it is written with mode 0600
 * (its folder 0700), through a temporary file renamed into place.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './errors.js';

/** A signed-in user's session (from POST /api/v1/sign-in): sent as its cookie, with its CSRF token on writes. */
export interface SavedSession {
  readonly secret: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly email: string;
}

export interface Profile {
  readonly url: string;
  /** An API token, or else a user's session: a profile holds one of the two. */
  readonly token?: string;
  readonly session?: SavedSession;
  readonly project?: string;
  readonly env?: string;
}

export interface ConfigData {
  /** The profile used when no --profile is given. */
  readonly current?: string;
  readonly profiles: Readonly<Record<string, Profile>>;
}

export const DEFAULT_PROFILE = 'default';

export function configPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'switchyard', 'config.json');
}

export async function readConfig(path: string): Promise<ConfigData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ConfigData>;
    return { ...parsed, profiles: parsed.profiles ?? {} };
  } catch (error) {
    throw new CliError(`${path} is not valid JSON (${(error as Error).message}); fix or delete it`, {
      code: 'BAD_CONFIG',
    });
  }
}

export async function writeConfig(path: string, data: ConfigData): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFile is masked by the umask; chmod is not.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/** Reads the file, changes one profile (merging `change` into it) and writes it back. */
export async function updateProfile(
  path: string,
  name: string,
  change: Partial<Profile>,
  options: { makeCurrent?: boolean } = {},
): Promise<Profile> {
  const data = await readConfig(path);
  const before = data.profiles[name];
  const url = change.url ?? before?.url;
  if (url === undefined) {
    throw new CliError(`No profile "${name}" yet: run "switchyard login <url> --profile ${name}" first`, {
      code: 'NO_PROFILE',
    });
  }
  const profile: Profile = { ...before, ...change, url };
  await writeConfig(path, {
    ...data,
    ...(options.makeCurrent || data.current === undefined ? { current: name } : {}),
    profiles: { ...data.profiles, [name]: profile },
  });
  return profile;
}
