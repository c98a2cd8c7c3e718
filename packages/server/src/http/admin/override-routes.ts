/**
 * Temporary overrides of an account's operational flags (cut off its events, set its
 * sampling ratio or per-second limit) with a reason and an optional expiry, kept by
 * the backend: when the expiry passes, every node stops applying it and one writes its
 * end to the audit log. Lifting early is one DELETE. Admins act; readers look.
 */
import type { OverrideService } from '@switchyard/control-plane';
import { type Static, Type } from 'typebox';
import { ApiError } from '../../errors.js';
import { Key } from '../schemas.js';
import { actorOf } from './auth.js';
import { OverrideSchema } from './ops-schemas.js';
import type { AdminApp } from './routes.js';

/** The longest override: a cut-off meant for longer is one "until lifted". */
const MAX_SECONDS = 31 * 24 * 3600;

const AccountParams = Type.Object({ account: Key });
const OverrideParams = Type.Object({ account: Key, id: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,64}$' }) });

export const NewOverrideBodySchema = Type.Object(
  {
    kind: Type.Union(
      [Type.Literal('kill-switch'), Type.Literal('sampling'), Type.Literal('per-second-limit')],
      {
        description: 'kill-switch cuts the account off (its events are dropped, reason kill-switch)',
      },
    ),
    value: Type.Optional(
      Type.Number({
        description:
          'sampling: the ratio kept; per-second-limit: the events per second; one of the flag’s variations. Not for kill-switch.',
      }),
    ),
    reason: Type.String({ maxLength: 2000, description: 'why; required, at most 500 characters, audited' }),
    expiresInSeconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_SECONDS, description: 'ends by itself after this long' }),
    ),
    expiresAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'ends by itself at this time' }),
    ),
  },
  { additionalProperties: false },
);
export type NewOverrideBody = Static<typeof NewOverrideBodySchema>;

const HistoryQuery = Type.Object(
  {
    active: Type.Optional(Type.Boolean({ description: 'only the overrides in force' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export function overrideRoutes(app: AdminApp, overrides: OverrideService, now: () => number): void {
  app.post(
    '/accounts/:account/overrides',
    {
      config: { role: 'admin' },
      schema: { params: AccountParams, body: NewOverrideBodySchema, response: { 201: OverrideSchema } },
    },
    async (request, reply) => {
      const { kind, value, reason, expiresInSeconds, expiresAt } = request.body;
      if (expiresAt !== undefined && expiresInSeconds !== undefined) {
        throw new ApiError('VALIDATION_FAILED', 'Give "expiresAt" or "expiresInSeconds", not both');
      }
      if (kind === 'kill-switch' && value !== undefined) {
        throw new ApiError(
          'VALIDATION_FAILED',
          'A kill-switch override takes no "value": it cuts the account off',
        );
      }
      const expiry =
        expiresInSeconds === undefined
          ? (expiresAt ?? null)
          : new Date(now() + expiresInSeconds * 1000).toISOString();
      const created = await overrides.set(
        { accountKey: request.params.account, kind, value, reason, expiresAt: expiry },
        actorOf(request),
      );
      return reply.status(201).send(created);
    },
  );
  app.get(
    '/accounts/:account/overrides',
    {
      schema: {
        params: AccountParams,
        querystring: HistoryQuery,
        response: { 200: Type.Object({ items: Type.Array(OverrideSchema) }) },
      },
    },
    async (request) => {
      const { active, limit = 100 } = request.query;
      return { items: await overrides.history(request.params.account, { limit, active: active === true }) };
    },
  );
  app.delete(
    '/accounts/:account/overrides/:id',
    { config: { role: 'admin' }, schema: { params: OverrideParams, response: { 200: OverrideSchema } } },
    (request) => overrides.lift(request.params.account, request.params.id, actorOf(request)),
  );
}
