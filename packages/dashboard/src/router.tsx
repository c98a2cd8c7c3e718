/** The dashboard's routes. The project and environment are part of every page's URL. */
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSignIn } from './auth/require-sign-in';
import { SignInPage } from './auth/sign-in-page';
import { ChooseEnvironment, ChooseProject } from './layout/choose-environment';
import { EnvironmentShell } from './layout/environment-shell';
import { NewProjectPage } from './layout/new-project-page';
import { NotFoundPage } from './layout/not-found-page';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/setup', lazy: async () => ({ Component: (await import('./auth/setup-page')).SetupPage }) },
  {
    element: <RequireSignIn />,
    errorElement: <NotFoundPage />,
    children: [
      { index: true, element: <ChooseProject /> },
      { path: 'projects/:project', element: <ChooseEnvironment /> },
      { path: 'new-project', element: <NewProjectPage /> },
      { path: 'ops/accounts', lazy: async () => ({ Component: (await import('./ops/ops-page')).OpsPage }) },
      {
        path: 'ops/accounts/:account',
        lazy: async () => ({ Component: (await import('./ops/account-page')).AccountPage }),
      },
      {
        path: 'projects/:project/environments/:env',
        element: <EnvironmentShell />,
        children: [
          { index: true, element: <Navigate to="flags" replace /> },
          {
            path: 'flags',
            lazy: async () => ({ Component: (await import('./flags/flag-list-page')).FlagListPage }),
          },
          {
            path: 'flags/:flag',
            lazy: async () => ({ Component: (await import('./flags/flag-page')).FlagPage }),
          },
          {
            path: 'events',
            lazy: async () => ({
              Component: (await import('./insights/custom-events-page')).CustomEventsPage,
            }),
          },
          {
            path: 'segments',
            lazy: async () => ({ Component: (await import('./segments/segment-list-page')).SegmentListPage }),
          },
          {
            path: 'segments/:segment',
            lazy: async () => ({ Component: (await import('./segments/segment-page')).SegmentPage }),
          },
          {
            path: 'customers',
            lazy: async () => ({ Component: (await import('./customers/customer-page')).CustomerPage }),
          },
          {
            path: 'history',
            lazy: async () => ({ Component: (await import('./history/history-page')).HistoryPage }),
          },
          {
            path: 'keys',
            lazy: async () => ({
              Component: (await import('./environments/environment-keys-page')).EnvironmentKeysPage,
            }),
          },
          {
            path: 'people',
            lazy: async () => ({ Component: (await import('./people/people-page')).PeoplePage }),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
