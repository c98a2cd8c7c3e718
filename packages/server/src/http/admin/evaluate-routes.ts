/**
 * Every flag of one environment evaluated for one context, as an SDK in that
 * environment would see it: the same in-memory snapshot and the same engine that OFREP
 * and the SDK endpoints use, so the dashboard's "what does this customer get" is exact.
 */
import { createEvaluator, type Evaluation, parseContext, type Sha1Hex } from '@switchyard/engine';
import { type Static, Type } from 'typebox';
import type { EnvironmentData } from '../../delivery/environment-snapshots.js';
import { ApiError } from '../../errors.js';
import { contextLimitError } from '../context-limit-error.js';
import { Key } from '../schemas.js';
import type { AdminApp } from './routes.js';

export interface EvaluateDeps {
  /** The environment's current SDK data on this node, or undefined when there is no such environment. */
  readonly environment: (projectKey: string, envKey: string) => EnvironmentData | undefined;
  readonly sha1Hex: Sha1Hex;
}

export const EvaluateBody = Type.Object(
  {
    context: Type.Unknown({
      description: 'a LaunchDarkly context: {kind, key, …}, multi-kind, or a legacy user',
    }),
  },
  { additionalProperties: false },
);

export type EvaluateBody = Static<typeof EvaluateBody>;

/** The answer: every flag of the environment, by key, as an SDK there evaluates it for the context. */
export interface EvaluationsBody {
  readonly dataVersion: number;
  readonly items: readonly (Omit<Evaluation, 'prerequisites'> & { readonly key: string })[];
}

export function evaluateRoutes(app: AdminApp, deps: EvaluateDeps): void {
  const evaluator = createEvaluator({ sha1Hex: deps.sha1Hex });
  app.post(
    '/projects/:project/environments/:env/evaluate',
    {
      config: { role: 'reader' },
      schema: { params: Type.Object({ project: Key, env: Key }), body: EvaluateBody },
    },
    async (request): Promise<EvaluationsBody> => {
      const { project, env } = request.params;
      const data = deps.environment(project, env);
      if (!data) throw new ApiError('NOT_FOUND', `Environment "${project}/${env}" does not exist`);
      const raw = request.body.context;
      const tooBig = contextLimitError(raw);
      if (tooBig) throw tooBig;
      const context = parseContext(raw);
      if (!context.valid) {
        throw new ApiError(
          'INVALID_CONTEXT',
          `The context is not a valid LaunchDarkly context: ${context.error}`,
        );
      }
      const items = Object.keys(data.flags)
        .sort()
        .map((key) => {
          const { value, variationIndex, reason } = evaluator.evaluate(data.snapshot, key, context);
          return { key, value, variationIndex, reason };
        });
      return { dataVersion: data.environment.dataVersion, items };
    },
  );
}
