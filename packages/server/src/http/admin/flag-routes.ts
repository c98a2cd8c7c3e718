import type { FlagService, TargetingInput } from '@switchyard/control-plane';
import type { JsonValue } from '@switchyard/engine';
import { type Static, Type } from 'typebox';
import { patternWarnings, withPatternWarnings } from '../pattern-warnings.js';
import { Comment, CommentQuery, Key, TargetingBody } from '../schemas.js';
import { actorOf } from './auth.js';
import type { AdminApp } from './routes.js';

const ProjectParams = Type.Object({ project: Key });
const FlagParams = Type.Object({ project: Key, flag: Key });
const FlagEnvParams = Type.Object({ project: Key, flag: Key, env: Key });
const EnvParams = Type.Object({ project: Key, env: Key });
const FlagStates = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      on: Type.Boolean(),
      version: Type.Integer(),
      lastChangedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
});
const Tags = Type.Array(Type.String({ pattern: '^[a-zA-Z0-9._:-]{1,64}$' }), { maxItems: 50 });
const Availability = Type.Object(
  { usingMobileKey: Type.Optional(Type.Boolean()), usingEnvironmentId: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const Variations = Type.Array(Type.Unknown(), { minItems: 1, maxItems: 100 });

export const NewFlagBody = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1, maxLength: 256 }),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    tags: Type.Optional(Tags),
    temporary: Type.Optional(Type.Boolean()),
    variations: Type.Optional(Variations),
    clientSideAvailability: Type.Optional(Availability),
    comment: Comment,
  },
  { additionalProperties: false },
);

export const FlagChangeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    tags: Type.Optional(Tags),
    temporary: Type.Optional(Type.Boolean()),
    variations: Type.Optional(Variations),
    clientSideAvailability: Type.Optional(Availability),
    archived: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer({ minimum: 0 })),
    comment: Comment,
  },
  { additionalProperties: false },
);
export const ToggleBody = Type.Object(
  { on: Type.Boolean(), version: Type.Optional(Type.Integer({ minimum: 0 })), comment: Comment },
  { additionalProperties: false },
);

export const RevertBody = Type.Object(
  {
    auditId: Type.Integer({ minimum: 1, description: 'the audit entry whose targeting to restore' }),
    to: Type.Optional(
      Type.Union([Type.Literal('before'), Type.Literal('after')], {
        description: 'restore the state before the change (default) or after it',
      }),
    ),
    version: Type.Optional(
      Type.Integer({ minimum: 0, description: 'the version you read; a stale one gets 409' }),
    ),
    comment: Comment,
  },
  { additionalProperties: false },
);

export type ToggleBody = Static<typeof ToggleBody>;
export type RevertBody = Static<typeof RevertBody>;
export type NewFlagBody = Static<typeof NewFlagBody>;
export type FlagChangeBody = Static<typeof FlagChangeBody>;

export function flagRoutes(app: AdminApp, flags: FlagService): void {
  app.get(
    '/projects/:project/flags',
    {
      schema: {
        params: ProjectParams,
        querystring: Type.Object({
          tag: Type.Optional(Type.String({ maxLength: 64 })),
          q: Type.Optional(Type.String({ maxLength: 256 })),
          archived: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request) => {
      const { tag, q, archived } = request.query;
      return {
        items: await flags.list(request.params.project, {
          ...(tag === undefined ? {} : { tag }),
          ...(q === undefined ? {} : { query: q }),
          ...(archived === undefined ? {} : { archived }),
        }),
      };
    },
  );
  app.get(
    '/projects/:project/environments/:env/flag-states',
    {
      schema: {
        summary: "Every flag's on/off, version and last change in one environment (what a flag list shows)",
        params: EnvParams,
        response: { 200: FlagStates },
      },
    },
    async (request) => ({ items: await flags.states(request.params.project, request.params.env) }),
  );
  app.post(
    '/projects/:project/flags',
    { schema: { params: ProjectParams, body: NewFlagBody } },
    async (request, reply) => {
      const { comment, ...fields } = request.body;
      const body = { ...fields, variations: fields.variations as JsonValue[] | undefined };
      const created = await flags.create(request.params.project, body, actorOf(request), { comment });
      return reply.status(201).send(created);
    },
  );
  app.get('/projects/:project/flags/:flag', { schema: { params: FlagParams } }, async (request) => {
    const found = await flags.get(request.params.project, request.params.flag);
    const warnings = Object.entries(found.environments).flatMap(([env, config]) =>
      patternWarnings(config, `/environments/${env}`),
    );
    return withPatternWarnings(found, warnings);
  });
  app.patch(
    '/projects/:project/flags/:flag',
    { schema: { params: FlagParams, body: FlagChangeBody } },
    (request) => {
      const { version, variations, comment, ...change } = request.body;
      const full = {
        ...change,
        ...(variations === undefined ? {} : { variations: variations as JsonValue[] }),
      };
      const { project, flag } = request.params;
      return flags.update(project, flag, full, version, actorOf(request), { comment });
    },
  );
  app.delete(
    '/projects/:project/flags/:flag',
    { schema: { params: FlagParams, querystring: CommentQuery } },
    async (request, reply) => {
      const { comment } = request.query;
      await flags.delete(request.params.project, request.params.flag, actorOf(request), { comment });
      return reply.status(204).send();
    },
  );
  app.put(
    '/projects/:project/flags/:flag/environments/:env',
    { schema: { params: FlagEnvParams, body: TargetingBody } },
    async (request) => {
      const { version, comment, ...body } = request.body;
      const input: TargetingInput = {
        ...body,
        targets: body.targets ?? [],
        contextTargets: body.contextTargets ?? [],
        rules: (body.rules ?? []).map((rule) => ({ ...rule, trackEvents: rule.trackEvents ?? false })),
        prerequisites: body.prerequisites ?? [],
        trackEvents: body.trackEvents ?? false,
        trackEventsFallthrough: body.trackEventsFallthrough ?? false,
        debugEventsUntilDate: body.debugEventsUntilDate ?? null,
      } as TargetingInput;
      const { project, flag, env } = request.params;
      const config = await flags.setTargeting(
        { projectKey: project, key: flag, envKey: env, input, expectedVersion: version, comment },
        actorOf(request),
      );
      return withPatternWarnings(config, patternWarnings(config));
    },
  );
  app.post(
    '/projects/:project/flags/:flag/environments/:env/toggle',
    {
      schema: {
        params: FlagEnvParams,
        body: ToggleBody,
      },
    },
    (request) => {
      const { project, flag, env } = request.params;
      const { on, version, comment } = request.body;
      return flags.setOn(
        { projectKey: project, key: flag, envKey: env, on, expectedVersion: version, comment },
        actorOf(request),
      );
    },
  );
}

/** POST …/environments/:env/revert: a past targeting, from the audit log, written anew. */
export function revertRoute(app: AdminApp, flags: FlagService): void {
  app.post(
    '/projects/:project/flags/:flag/environments/:env/revert',
    { schema: { params: FlagEnvParams, body: RevertBody } },
    async (request) => {
      const { project, flag, env } = request.params;
      const { auditId, to = 'before', version, comment } = request.body;
      const config = await flags.revert(
        { projectKey: project, key: flag, envKey: env, auditId, to, expectedVersion: version, comment },
        actorOf(request),
      );
      return withPatternWarnings(config, patternWarnings(config));
    },
  );
}
