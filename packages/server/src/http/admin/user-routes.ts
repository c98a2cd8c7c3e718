/** Managing the people who sign in (admin role): create, list, change role or scope, disable, reset a password. */
import type { UserService } from '@switchyard/control-plane';
import { type Static, Type } from 'typebox';
import { Key } from '../schemas.js';
import { actorOf } from './auth.js';
import type { AdminApp } from './routes.js';

const Role = Type.Union([Type.Literal('reader'), Type.Literal('writer'), Type.Literal('admin')]);
const UserParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const Password = Type.String({ minLength: 1, maxLength: 1024 });

export const NewUserBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' }),
    name: Type.String({ minLength: 1, maxLength: 256 }),
    role: Role,
    projectKey: Type.Optional(Type.Union([Key, Type.Null()])),
    password: Password,
  },
  { additionalProperties: false },
);
export const UserChangeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    role: Type.Optional(Role),
    projectKey: Type.Optional(Type.Union([Key, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const ResetBody = Type.Object({ password: Password }, { additionalProperties: false });

export type NewUserBody = Static<typeof NewUserBody>;
export type UserChangeBody = Static<typeof UserChangeBody>;

export function userRoutes(app: AdminApp, users: UserService): void {
  const admin = { role: 'admin' as const };
  app.get('/users', { config: admin }, async () => ({ items: await users.list() }));
  app.post('/users', { config: admin, schema: { body: NewUserBody } }, async (request, reply) =>
    reply.status(201).send(await users.create(request.body, actorOf(request))),
  );
  app.get('/users/:id', { config: admin, schema: { params: UserParams } }, (request) =>
    users.get(request.params.id),
  );
  app.patch(
    '/users/:id',
    { config: admin, schema: { params: UserParams, body: UserChangeBody } },
    (request) => users.update(request.params.id, request.body, actorOf(request)),
  );
  app.post(
    '/users/:id/reset-password',
    { config: admin, schema: { params: UserParams, body: ResetBody } },
    async (request, reply) => {
      await users.resetPassword(request.params.id, request.body.password, actorOf(request));
      return reply.status(204).send();
    },
  );
}
