/**
 * The operators' accounts overview (see guard/accounts-overview.ts) and one account's
 * events over time (guard/account-series.ts); readers may look.
 */
import { Type } from 'typebox';
import type { AccountSeries, SeriesRange } from '../../guard/account-series.js';
import type { AccountsOverview, OverviewSort } from '../../guard/accounts-overview.js';
import { Key } from '../schemas.js';
import { AccountSeriesSchema, AccountsOverviewSchema } from './ops-schemas.js';
import type { AdminApp } from './routes.js';

export interface OverviewRoutesDeps {
  readonly overview: (sort: OverviewSort) => Promise<AccountsOverview>;
  readonly series: (account: string, range: SeriesRange) => Promise<AccountSeries>;
}

export function overviewRoutes(app: AdminApp, deps: OverviewRoutesDeps): void {
  app.get(
    '/accounts-overview',
    {
      schema: {
        querystring: Type.Object(
          {
            sort: Type.Optional(
              Type.Union(
                [Type.Literal('rate'), Type.Literal('offered'), Type.Literal('usage'), Type.Literal('key')],
                {
                  description:
                    'rate (accepted events/s now, the default), offered, usage (this month) or key',
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountsOverviewSchema },
      },
    },
    (request) => deps.overview(request.query.sort ?? 'rate'),
  );
  app.get(
    '/accounts/:account/series',
    {
      schema: {
        params: Type.Object({ account: Key }),
        querystring: Type.Object(
          {
            range: Type.Optional(
              Type.Union([Type.Literal('hour'), Type.Literal('day'), Type.Literal('week')], {
                description: 'hour (per minute, the default), day or week (per hour)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountSeriesSchema },
      },
    },
    (request) => deps.series(request.params.account, request.query.range ?? 'hour'),
  );
}
