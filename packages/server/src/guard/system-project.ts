/**
 * The protected project `switchyard-system` holds the platform's own operational
 * flags (docs/adr/0005). It is created at start when missing; flags that exist are left
 * as they are, because an operator may have changed them. Each flag's last variation
 * is the safe one, so a flag that is off (as a new flag is until its targeting is set)
 * changes nothing.
 */
import {
  type ControlPlaneError,
  DEFAULT_ACCOUNT_KEY,
  type FlagService,
  type OverridePlace,
  type ProjectService,
  SYSTEM_ACTOR,
} from '@switchyard/control-plane';
import type { JsonValue } from '@switchyard/engine';

export const SYSTEM_PROJECT_KEY = 'switchyard-system';
export const SYSTEM_ENVIRONMENT_KEY = 'production';
export const SYSTEM_ENVIRONMENT_ID = `${SYSTEM_PROJECT_KEY}/${SYSTEM_ENVIRONMENT_KEY}`;

export const OPS_FLAGS = {
  ingest: 'ingest-events',
  perSecondLimit: 'events-per-second-limit',
  samplingRatio: 'event-sampling-ratio',
  throttled: 'events-throttled',
} as const;

/** Where operators' temporary overrides go: each kind on its operational flag. */
export const OVERRIDE_PLACE: OverridePlace = Object.freeze({
  projectKey: SYSTEM_PROJECT_KEY,
  envKey: SYSTEM_ENVIRONMENT_KEY,
  flags: Object.freeze({
    'kill-switch': OPS_FLAGS.ingest,
    sampling: OPS_FLAGS.samplingRatio,
    'per-second-limit': OPS_FLAGS.perSecondLimit,
  }),
});

interface OpsFlagDefinition {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** The last one is served when the flag is off and by default. */
  readonly variations: readonly JsonValue[];
}

const DEFINITIONS: readonly OpsFlagDefinition[] = [
  {
    key: OPS_FLAGS.ingest,
    name: 'Ingest events',
    description:
      "Kill switch per account: false drops the account's events at ingest (202, reason kill-switch).",
    variations: [false, true],
  },
  {
    key: OPS_FLAGS.perSecondLimit,
    name: 'Events per second limit',
    description: "Events per second an account may send; -1 means the account's own limit.",
    variations: [100, 1000, 10_000, 100_000, -1],
  },
  {
    key: OPS_FLAGS.samplingRatio,
    name: 'Event sampling ratio',
    description: 'The share of an account’s events kept at ingest (1 keeps all).',
    variations: [0.01, 0.1, 0.5, 1],
  },
  {
    key: OPS_FLAGS.throttled,
    name: 'Events throttled',
    description:
      'True refuses the account’s events with 429. The circuit breaker adds expiring rules here; delete one, or target the account with false, to override it.',
    variations: [true, false],
  },
];

function isAlreadyExists(error: unknown): boolean {
  return (error as ControlPlaneError | null)?.code === 'ALREADY_EXISTS';
}

/** Creates what is missing; safe when several nodes start at once (the loser sees ALREADY_EXISTS). */
export async function ensureSystemProject(services: {
  readonly projects: ProjectService;
  readonly flags: FlagService;
}): Promise<void> {
  const { projects, flags } = services;
  await projects
    .create(
      {
        key: SYSTEM_PROJECT_KEY,
        name: 'Switchyard system',
        account: DEFAULT_ACCOUNT_KEY,
        environments: [{ key: SYSTEM_ENVIRONMENT_KEY, name: 'Production' }],
      },
      SYSTEM_ACTOR,
      { system: true },
    )
    .catch((error: unknown) => {
      if (!isAlreadyExists(error)) throw error;
    });
  for (const definition of DEFINITIONS) {
    const created = await flags
      .create(
        SYSTEM_PROJECT_KEY,
        {
          key: definition.key,
          name: definition.name,
          description: definition.description,
          tags: ['operational'],
          temporary: false,
          variations: definition.variations,
        },
        SYSTEM_ACTOR,
      )
      .then(
        () => true,
        (error: unknown) => {
          if (isAlreadyExists(error)) return false;
          throw error;
        },
      );
    if (!created) continue;
    const safe = definition.variations.length - 1;
    await flags.setTargeting(
      {
        projectKey: SYSTEM_PROJECT_KEY,
        key: definition.key,
        envKey: SYSTEM_ENVIRONMENT_KEY,
        input: {
          on: true,
          offVariation: safe,
          fallthrough: { variation: safe },
          targets: [],
          contextTargets: [],
          rules: [],
          prerequisites: [],
          trackEvents: false,
          trackEventsFallthrough: false,
          debugEventsUntilDate: null,
        },
      },
      SYSTEM_ACTOR,
    );
  }
}
