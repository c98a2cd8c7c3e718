import type { ProjectService, SdkDataService } from '@switchyard/control-plane';
import type { SdkData } from '@switchyard/engine';
import { Type } from 'typebox';
import { sdkDataWarnings, withPatternWarnings } from '../pattern-warnings.js';
import { Key, SdkDataBody } from '../schemas.js';
import { actorOf } from './auth.js';
import type { AdminApp } from './routes.js';

const ProjectParams = Type.Object({ project: Key });
const EnvironmentParams = Type.Object({ project: Key, env: Key });
const NewEnvironment = Type.Object(
  {
    key: Key,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    secureMode: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function projectRoutes(app: AdminApp, projects: ProjectService, sdkData: SdkDataService): void {
  app.get(
    '/projects',
    {
      // A principal scoped to one project lists just that one.
      config: { unscoped: true },
      schema: { querystring: Type.Object({ account: Type.Optional(Key) }) },
    },
    async (request) => {
      const scope = request.principal?.projectKey ?? null;
      const all = await projects.list(request.query.account);
      return { items: scope ? all.filter((p) => p.key === scope) : all };
    },
  );
  app.post(
    '/projects',
    {
      config: { role: 'admin' },
      schema: {
        body: Type.Object(
          {
            key: Key,
            name: Type.String({ minLength: 1, maxLength: 256 }),
            account: Type.Optional(Key),
            environments: Type.Optional(Type.Array(NewEnvironment, { minItems: 1, maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const project = await projects.create(request.body, actor);
      return reply
        .status(201)
        .send({ ...project, environments: await projects.listEnvironments(project.key) });
    },
  );
  app.get('/projects/:project', { schema: { params: ProjectParams } }, async (request) => {
    const project = await projects.get(request.params.project);
    return { ...project, environments: await projects.listEnvironments(project.key) };
  });
  app.get('/projects/:project/environments', { schema: { params: ProjectParams } }, async (request) => ({
    items: await projects.listEnvironments(request.params.project),
  }));
  app.post(
    '/projects/:project/environments',
    { schema: { params: ProjectParams, body: NewEnvironment } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await projects.createEnvironment(request.params.project, request.body, actorOf(request))),
  );
  app.get('/projects/:project/environments/:env', { schema: { params: EnvironmentParams } }, (request) =>
    projects.getEnvironment(request.params.project, request.params.env),
  );
  app.patch(
    '/projects/:project/environments/:env',
    {
      schema: {
        params: EnvironmentParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            secureMode: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    (request) =>
      projects.changeEnvironment(request.params.project, request.params.env, request.body, actorOf(request)),
  );
  app.post(
    '/projects/:project/environments/:env/rotate',
    {
      schema: {
        params: EnvironmentParams,
        body: Type.Object(
          {
            credential: Type.Union([
              Type.Literal('sdkKey'),
              Type.Literal('mobileKey'),
              Type.Literal('clientSideId'),
            ]),
          },
          { additionalProperties: false },
        ),
      },
    },
    (request) =>
      projects.rotateCredential(
        request.params.project,
        request.params.env,
        request.body.credential,
        actorOf(request),
      ),
  );
  app.get(
    '/projects/:project/environments/:env/sdk-data',
    { schema: { params: EnvironmentParams } },
    (request) => sdkData.export(request.params.project, request.params.env),
  );
  app.put(
    '/projects/:project/environments/:env/sdk-data',
    { schema: { params: EnvironmentParams, body: SdkDataBody } },
    async (request) => {
      const data = request.body as SdkData;
      const summary = await sdkData.import(
        request.params.project,
        request.params.env,
        data,
        actorOf(request),
      );
      return withPatternWarnings(summary, sdkDataWarnings(data));
    },
  );
}
