import type { SegmentInput, SegmentService } from '@switchyard/control-plane';
import { Type } from 'typebox';
import { patternWarnings, withPatternWarnings } from '../pattern-warnings.js';
import { CommentQuery, Key, NewSegmentBody, SegmentBody } from '../schemas.js';
import { actorOf } from './auth.js';
import type { AdminApp } from './routes.js';

const EnvParams = Type.Object({ project: Key, env: Key });
const SegmentParams = Type.Object({ project: Key, env: Key, segment: Key });

/** A segment as answered, with warnings for `matches` patterns that never match. */
const answer = <T extends object>(segment: T) => withPatternWarnings(segment, patternWarnings(segment));

/** The segment fields of a body, without its version and comment. */
function toInput(body: SegmentBody): SegmentInput {
  const { version: _version, comment: _comment, ...input } = body;
  return input as SegmentInput;
}

export function segmentRoutes(app: AdminApp, segments: SegmentService): void {
  const base = '/projects/:project/environments/:env/segments';
  app.get(base, { schema: { params: EnvParams } }, async (request) => ({
    items: await segments.list(request.params.project, request.params.env),
  }));
  app.post(base, { schema: { params: EnvParams, body: NewSegmentBody } }, async (request, reply) => {
    const { key, comment, ...body } = request.body;
    const { project, env } = request.params;
    const created = await segments.create(project, env, key, toInput(body), actorOf(request), { comment });
    return reply.status(201).send(answer(created));
  });
  app.get(`${base}/:segment`, { schema: { params: SegmentParams } }, async (request) =>
    answer(await segments.get(request.params.project, request.params.env, request.params.segment)),
  );
  app.put(`${base}/:segment`, { schema: { params: SegmentParams, body: SegmentBody } }, async (request) => {
    const { project, env, segment } = request.params;
    const updated = await segments.update(
      project,
      env,
      segment,
      toInput(request.body),
      request.body.version,
      actorOf(request),
      { comment: request.body.comment },
    );
    return answer(updated);
  });
  app.delete(
    `${base}/:segment`,
    { schema: { params: SegmentParams, querystring: CommentQuery } },
    async (request, reply) => {
      const { project, env, segment } = request.params;
      await segments.delete(project, env, segment, actorOf(request), { comment: request.query.comment });
      return reply.status(204).send();
    },
  );
}
