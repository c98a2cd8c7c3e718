/**
 * Configuration: one validated, frozen object. A bad value stops the server with a
 * message that names the variable (or flag) and the reason.
 */
import { resolve } from 'node:path';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /** A bootstrap admin API token; without one, first start creates and prints one. */
  readonly adminToken: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest admin API request body, in bytes. */
  readonly bodyLimit: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--port N`, `--data-dir DIR`, `--host H` from the command line; they win over the environment. */
  readonly flags: Readonly<Record<string, string | undefined>>;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function databaseConfig(url: string | undefined, dataDir: string): DatabaseConfig {
  if (url === undefined || url === '') return { kind: 'sqlite', file: resolve(dataDir, 'switchyard.db') };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a URL; expected postgres://user@host:5432/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres://, got "${parsed.protocol}//…"`);
  }
  return { kind: 'postgres', url };
}

export function loadConfig({ env, flags }: ConfigSources): Config {
  const portRaw = flags.port ?? env.PORT ?? env.SWITCHYARD_PORT ?? '8030';
  const port = integer(flags.port !== undefined ? '--port' : 'PORT', portRaw, 0, 65535);
  const dataDir = resolve(flags['data-dir'] ?? env.SWITCHYARD_DATA_DIR ?? 'data');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.has(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}, got "${logLevel}"`);
  // An empty value counts as unset, as shells and container files often leave it.
  const adminToken = env.SWITCHYARD_ADMIN_TOKEN === '' ? undefined : env.SWITCHYARD_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('SWITCHYARD_ADMIN_TOKEN must be at least 16 characters long');
  }
  return Object.freeze({
    host: flags.host ?? env.SWITCHYARD_HOST ?? '127.0.0.1',
    port,
    dataDir,
    database: Object.freeze(databaseConfig(env.DATABASE_URL, dataDir)),
    adminToken,
    logLevel: logLevel as Config['logLevel'],
    bodyLimit: integer(
      'SWITCHYARD_BODY_LIMIT',
      env.SWITCHYARD_BODY_LIMIT ?? String(1024 * 1024),
      1024,
      64 * 1024 * 1024,
    ),
  });
}
