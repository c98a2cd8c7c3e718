import type { TokenService } from '@switchyard/control-plane';
import { Type } from 'typebox';
import { Key } from '../schemas.js';
import { actorOf } from './auth.js';
import type { AdminApp } from './routes.js';

export function tokenRoutes(app: AdminApp, tokens: TokenService): void {
  app.get('/tokens', { config: { role: 'admin' } }, async () => ({ items: await tokens.list() }));
  app.post(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 256 }),
            role: Type.Union([Type.Literal('reader'), Type.Literal('writer'), Type.Literal('admin')]),
            project: Type.Optional(Key),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { name, role, project } = request.body;
      const { token, secret } = await tokens.create(
        { name, role, projectKey: project ?? null },
        actorOf(request),
      );
      // The secret is shown once; only its hash is kept.
      return reply.status(201).send({ ...token, token: secret });
    },
  );
  app.delete(
    '/tokens/:id',
    {
      config: { role: 'admin' },
      schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }) },
    },
    async (request, reply) => {
      await tokens.revoke(request.params.id, actorOf(request));
      return reply.status(204).send();
    },
  );
}
