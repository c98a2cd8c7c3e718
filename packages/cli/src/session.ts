/**
 * What a command runs with: the server and credential (from the profile, overridden by
 * SWITCHYARD_URL and SWITCHYARD_TOKEN), the project and environment (from --project and
 * --env, else the profile's saved defaults), and how to print (--json, colour).
 */
import { ApiClient, type Credential } from './api-client.js';
import { type ConfigData, configPath, DEFAULT_PROFILE, type Profile, readConfig } from './config-file.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { Output } from './output.js';

/** The options every command accepts (declared once on the program). */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly profile?: string;
  readonly project?: string;
  readonly env?: string;
}

export class Session {
  private constructor(
    readonly io: Io,
    readonly options: GlobalOptions,
    readonly configPath: string,
    readonly profileName: string,
    readonly profile: Profile | undefined,
    readonly out: Output,
  ) {}

  static async open(io: Io, options: GlobalOptions): Promise<Session> {
    const path = configPath(io.env);
    const data: ConfigData = await readConfig(path);
    const name = options.profile ?? io.env.SWITCHYARD_PROFILE ?? data.current ?? DEFAULT_PROFILE;
    return new Session(io, options, path, name, data.profiles[name], new Output(io, options.json === true));
  }

  /** The server's URL: SWITCHYARD_URL, else the profile's. */
  get url(): string {
    const url = this.io.env.SWITCHYARD_URL || this.profile?.url;
    if (!url) {
      throw new UsageError(
        `No server for profile "${this.profileName}": run "switchyard login <url>" or set SWITCHYARD_URL`,
      );
    }
    return url;
  }

  /** SWITCHYARD_TOKEN, else the profile's token or session. */
  get credential(): Credential | undefined {
    const token = this.io.env.SWITCHYARD_TOKEN || this.profile?.token;
    if (token) return { token };
    const session = this.profile?.session;
    return session ? { session } : undefined;
  }

  client(): ApiClient {
    return new ApiClient({ url: this.url, credential: this.credential });
  }

  project(): string {
    const project = this.options.project ?? this.profile?.project;
    if (!project) {
      throw new UsageError('No project: pass --project KEY, or save one with "switchyard use --project KEY"');
    }
    return project;
  }

  env(): string {
    const env = this.options.env ?? this.profile?.env;
    if (!env) {
      throw new UsageError('No environment: pass --env KEY, or save one with "switchyard use --env KEY"');
    }
    return env;
  }
}
