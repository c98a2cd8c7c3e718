/**
 * Every setting the server reads, declared once: its variable, flag, type, default and
 * meaning. The config loader reads only through this table, and `--help`, `switchyard
 * settings` and the README's table are made from it, so none of them can drift.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface Descriptor<T> {
  /** `integer`, `number`, `boolean`, `string`, `url` or the accepted values, for people. */
  readonly type: string;
  /** The default as it would be written; absent when unset by default or computed. */
  readonly default?: string;
  /** How a computed or absent default is shown. */
  readonly defaultText?: string;
  /** The command-line flag that wins over the variable (`--port`). */
  readonly flag?: string;
  readonly description: string;
  /** Validates a raw value; the message names `label` (the variable or flag) and the reason. */
  readonly parse: (raw: string, label: string) => T;
}

function integer(min: number, max: number) {
  return (raw: string, label: string): number => {
    if (!/^\d+$/.test(raw)) throw new ConfigError(`${label} must be a whole number, got "${raw}"`);
    return inRange(Number(raw), label, min, max);
  };
}

function decimal(min: number, max: number) {
  return (raw: string, label: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value))
      throw new ConfigError(`${label} must be a number, got "${raw}"`);
    return inRange(value, label, min, max);
  };
}

function inRange(value: number, label: string, min: number, max: number): number {
  if (value < min || value > max)
    throw new ConfigError(`${label} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<const T extends string>(values: readonly T[]) {
  return (raw: string, label: string): T => {
    if (!(values as readonly string[]).includes(raw))
      throw new ConfigError(`${label} must be one of ${values.join(', ')}, got "${raw}"`);
    return raw as T;
  };
}

const text = (raw: string): string => raw;
const MiB = 1024 * 1024;
const int = (min: number, max: number) => ({ type: 'integer', parse: integer(min, max) });
const num = (min: number, max: number) => ({ type: 'number', parse: decimal(min, max) });
const bool = { type: 'true, false', parse: oneOf(['true', 'false']) } as const;

export const SETTINGS = {
  PORT: { ...int(0, 65535), default: '8030', flag: 'port', description: 'port to listen on' },
  SWITCHYARD_PORT: { ...int(0, 65535), description: 'the same, when `PORT` is unset' },
  SWITCHYARD_HOST: {
    type: 'string',
    parse: text,
    default: '127.0.0.1',
    flag: 'host',
    description: 'address to bind; `0.0.0.0` to accept remote connections',
  },
  SWITCHYARD_DATA_DIR: {
    type: 'string',
    parse: text,
    default: 'data',
    flag: 'data-dir',
    description: 'where the embedded SQLite database and the event spool live',
  },
  DATABASE_URL: {
    type: 'url',
    parse: text,
    description: '`postgres://…` selects PostgreSQL instead of SQLite',
  },
  SWITCHYARD_ADMIN_TOKEN: {
    type: 'string',
    parse: text,
    description:
      'a bootstrap admin API token (16+ characters); without it, first start prints a new one once',
  },
  SWITCHYARD_METRICS_TOKEN: {
    type: 'string',
    parse: text,
    description:
      'a bearer token (16+ characters) that `/metrics` and `/status` then require; unset, they are open like `/health`',
  },
  SWITCHYARD_SESSION_HOURS: {
    ...int(1, 24 * 90),
    default: '12',
    description: 'how long a dashboard sign-in lasts, in hours, before the user signs in again',
  },
  SWITCHYARD_SECURE_COOKIES: {
    ...bool,
    default: 'false',
    description: 'mark the session cookie `Secure` (sent over HTTPS only); set `true` behind TLS',
  },
  LOG_LEVEL: {
    type: 'fatal, error, warn, info, debug, trace, silent',
    parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    description: 'pino level',
  },
  SWITCHYARD_LOG_FORMAT: {
    type: 'auto, json, pretty',
    parse: oneOf(['auto', 'json', 'pretty']),
    default: 'auto',
    description: 'log lines as JSON, or readable; `auto` is readable on a terminal, JSON otherwise',
  },
  SWITCHYARD_LOG_SUMMARY_SECONDS: {
    ...int(0, 86_400),
    default: '60',
    description: 'how often SDK, OFREP and ingest traffic is logged as one summary line (0: never)',
  },
  SWITCHYARD_SHUTDOWN_TIMEOUT_MS: {
    ...int(0, 600_000),
    default: '10000',
    description: 'on SIGTERM or SIGINT, how long in-flight work may take before the process exits anyway',
  },
  SWITCHYARD_SHUTDOWN_DRAIN_MS: {
    ...int(0, 600_000),
    default: '0',
    description:
      'on a signal, how long the node keeps serving while /health/ready answers 503, so a load balancer takes it out first',
  },
  SWITCHYARD_BODY_LIMIT: {
    ...int(1024, 64 * MiB),
    default: String(MiB),
    description: 'largest admin API request body in bytes',
  },
  AMQP_URL: {
    type: 'url',
    parse: text,
    description:
      '`amqp://user:password@host:5672` sends events through RabbitMQ; unset, the local spool is the queue',
  },
  SWITCHYARD_AMQP_PREFIX: {
    type: 'string',
    parse: (raw: string, label: string) => {
      if (!/^[a-zA-Z0-9._-]{1,100}$/.test(raw))
        throw new ConfigError(`${label} may hold letters, digits, ".", "_" and "-" (up to 100)`);
      return raw;
    },
    default: 'switchyard',
    description: 'prefix of the RabbitMQ exchange and shard queues',
  },
  SWITCHYARD_AMQP_SHARDS: {
    ...int(1, 256),
    default: '8',
    description: 'shard queues (an account’s events go to one of them)',
  },
  SWITCHYARD_AMQP_QUEUE_TYPE: {
    type: 'classic, quorum',
    parse: oneOf(['classic', 'quorum']),
    default: 'classic',
    description: '`classic` (one broker) or `quorum` (a cluster)',
  },
  SWITCHYARD_EVENTS_CONSUME: {
    ...bool,
    default: 'true',
    description:
      'whether this node folds events into insights; `false` (needs `AMQP_URL`) makes it ingest-only',
  },
  SWITCHYARD_EVENTS_CONSUMER_THREAD: {
    ...bool,
    default: 'true',
    description: 'write insights on a worker thread of their own, never on the loop that answers requests',
  },
  SWITCHYARD_EVENTS_PARSE_THREADS: {
    ...int(0, 16),
    defaultText: 'cores − 1, at most 4',
    description: 'worker threads that parse, sample and fold event posts (0: on the event loop)',
  },
  SWITCHYARD_SPOOL_MAX_BYTES: {
    ...int(MiB, 2 ** 50),
    default: String(1024 * MiB),
    description: 'the durable event spool’s cap (`<data dir>/event-spool.db`); past it ingest sheds with 503',
  },
  SWITCHYARD_SPOOL_ACCOUNT_SHARE: {
    ...num(0.01, 1),
    default: '0.25',
    description: 'the share of the spool one account may fill; past it its posts get 429',
  },
  SWITCHYARD_EVENTS_BODY_LIMIT: {
    ...int(1024, 64 * MiB),
    default: String(5 * MiB),
    description: 'largest event post on the wire, in bytes (413 past it)',
  },
  SWITCHYARD_EVENTS_INFLATED_LIMIT: {
    ...int(1024, 256 * MiB),
    defaultText: `${20 * MiB}, or the body limit if larger`,
    description: 'largest event post once gunzipped, in bytes (at least the body limit)',
  },
  SWITCHYARD_BREAKER_FACTOR: {
    ...num(1, 1000),
    default: '5',
    description: 'the circuit breaker trips an account offering more than this multiple of its limit…',
  },
  SWITCHYARD_BREAKER_TRIP_SECONDS: { ...num(0.1, 3600), default: '2', description: '…for this long' },
  SWITCHYARD_BREAKER_EXPIRY_SECONDS: {
    ...num(1, 86_400),
    default: '60',
    description: 'how long the breaker’s throttle lasts',
  },
} as const satisfies Record<string, Descriptor<unknown>>;

export type SettingName = keyof typeof SETTINGS;
type Value<N extends SettingName> = ReturnType<(typeof SETTINGS)[N]['parse']>;

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Command-line flags by name (`port`, `data-dir`, `host`); they win over the environment. */
  readonly flags: Readonly<Record<string, string | undefined>>;
}

/**
 * A setting's value from its flag, else its variable, else `fallback` (a computed
 * default), else its declared default; undefined when none. An empty variable counts as
 * unset, as shells and container files often leave it.
 */
export function setting<N extends SettingName>(
  sources: ConfigSources,
  name: N,
  fallback?: string,
): Value<N> | undefined {
  // One cast: TypeScript cannot narrow the table by a generic key.
  const descriptor = SETTINGS[name] as Descriptor<unknown> as Descriptor<Value<N>>;
  const fromFlag = descriptor.flag === undefined ? undefined : sources.flags[descriptor.flag];
  if (fromFlag !== undefined) return descriptor.parse(fromFlag, `--${descriptor.flag}`);
  const fromEnv = sources.env[name];
  if (fromEnv !== undefined && fromEnv !== '') return descriptor.parse(fromEnv, name);
  const fallbackRaw = fallback ?? descriptor.default;
  return fallbackRaw === undefined ? undefined : descriptor.parse(fallbackRaw, name);
}

function rows(): string[][] {
  return Object.entries(SETTINGS).map(([name, d]: [string, Descriptor<unknown>]) => [
    d.flag === undefined ? name : `${name} / --${d.flag}`,
    d.type,
    d.default ?? d.defaultText ?? '(unset)',
    d.description,
  ]);
}

/** The settings as `--help` lists them. */
export function settingsHelp(): string {
  return rows()
    .map(([name, type, byDefault, description]) => {
      const shown = byDefault === '(unset)' ? 'unset by default' : `default ${byDefault}`;
      return `  ${name} (${type}; ${shown})\n      ${description}`;
    })
    .join('\n');
}

/** The settings as the README's table (a test checks the README holds exactly this). */
export function settingsMarkdown(): string {
  const table = [
    ['Variable / flag', 'Type', 'Default', 'Meaning'],
    ...rows().map(([name, type, byDefault, description]) => [
      (name as string)
        .split(' / ')
        .map((part) => `\`${part}\``)
        .join(' / '),
      type as string,
      byDefault as string,
      description as string,
    ]),
  ];
  const widths = (table[0] as string[]).map((_, i) =>
    Math.max(...table.map((row) => (row[i] as string).length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [
    line(table[0] as string[]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...table.slice(1).map(line),
  ].join('\n');
}
