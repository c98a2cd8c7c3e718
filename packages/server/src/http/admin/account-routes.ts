import type { AccountService } from '@switchyard/control-plane';
import { Type } from 'typebox';
import type { UsageReporter } from '../../guard/usage-report.js';
import { Key } from '../schemas.js';
import { actorOf } from './auth.js';
import type { AdminApp } from './routes.js';

const Limits = Type.Object(
  {
    eventsPerMonth: Type.Optional(Type.Integer({ minimum: 0 })),
    eventsPerSecond: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const AccountParams = Type.Object({ account: Key });
const Plan = Type.String({
  pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$',
  description: 'the plan, e.g. "standard"',
});

export function accountRoutes(app: AdminApp, accounts: AccountService, usage: UsageReporter): void {
  app.get('/accounts', { config: { role: 'admin' } }, async () => ({ items: await accounts.list() }));
  app.post(
    '/accounts',
    {
      config: { role: 'admin' },
      schema: {
        body: Type.Object(
          {
            key: Key,
            name: Type.String({ minLength: 1, maxLength: 256 }),
            plan: Type.Optional(Plan),
            limits: Type.Optional(Limits),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await accounts.create(request.body, actorOf(request))),
  );
  app.get('/accounts/:account', { config: { role: 'admin' }, schema: { params: AccountParams } }, (request) =>
    accounts.get(request.params.account),
  );
  app.patch(
    '/accounts/:account',
    {
      config: { role: 'admin' },
      schema: {
        params: AccountParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            plan: Type.Optional(Plan),
            limits: Type.Optional(Limits),
          },
          { additionalProperties: false },
        ),
      },
    },
    (request) => accounts.update(request.params.account, request.body, actorOf(request)),
  );
  app.get(
    '/accounts/:account/usage',
    {
      config: { role: 'admin' },
      schema: {
        params: AccountParams,
        querystring: Type.Object({
          month: Type.Optional(
            Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (UTC)' }),
          ),
        }),
      },
    },
    (request) => usage(request.params.account, request.query.month),
  );
}
