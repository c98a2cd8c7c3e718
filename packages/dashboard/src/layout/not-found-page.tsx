/** A URL the dashboard does not know, or a page that failed to load. */
import { Link, useRouteError } from 'react-router';
import { Empty, errorMessage } from '../ui/states';

export function NotFoundPage() {
  const error = useRouteError();
  return (
    <main className="page">
      <Empty>
        <h1>{error === undefined ? 'Page not found' : 'This page could not be shown'}</h1>
        {error !== undefined && <p role="alert">{errorMessage(error)}</p>}
        <Link to="/">Go to the dashboard</Link>
      </Empty>
    </main>
  );
}
