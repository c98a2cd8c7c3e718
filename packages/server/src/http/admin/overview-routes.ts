/** The operators' accounts overview (see guard/accounts-overview.ts); readers may look. */
import { Type } from 'typebox';
import type { AccountsOverview, OverviewSort } from '../../guard/accounts-overview.js';
import { AccountsOverviewSchema } from './ops-schemas.js';
import type { AdminApp } from './routes.js';

export function overviewRoutes(
  app: AdminApp,
  overview: (sort: OverviewSort) => Promise<AccountsOverview>,
): void {
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
    (request) => overview(request.query.sort ?? 'rate'),
  );
}
