/**
 * The frame around every page of one project and environment: the switchers (the choice
 * lives in the URL, so a link is shareable), the environment's pages and who is signed in.
 */
import { Suspense } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useEnvironments } from '../api/project-queries';
import { ArrivalProvider } from '../arrival/arrival-context';
import { ProofOfArrival } from '../arrival/proof-of-arrival';
import { useCanManagePeople } from '../auth/use-allowed';
import { LiveStatus } from '../live/live-status';
import { Loading } from '../ui/states';
import { ProjectSwitcher } from './project-switcher';
import { SignedInAs } from './signed-in-as';

export function EnvironmentShell() {
  const { project = '', env = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const managesPeople = useCanManagePeople();
  const environments = useEnvironments(project);
  const base = `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(env)}`;
  const rest = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : '/flags';

  return (
    <ArrivalProvider>
      <div className="shell">
        <header className="top-bar">
          <a className="brand" href="/">
            Switchyard
          </a>
          <ProjectSwitcher project={project} />
          <label>
            <span>Environment</span>
            <select
              value={env}
              onChange={(e) =>
                navigate(
                  `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(e.target.value)}${rest}${location.search}`,
                )
              }
              disabled={!environments.data}
            >
              {(environments.data ?? [{ key: env, name: env }]).map((e) => (
                <option key={e.key} value={e.key}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
          <NavLink to="/ops/accounts">Operations</NavLink>
          <SignedInAs />
        </header>
        <nav className="page-nav" aria-label="Environment">
          <NavLink to={`${base}/flags`}>Flags</NavLink>
          <NavLink to={`${base}/segments`}>Segments</NavLink>
          <NavLink to={`${base}/customers`}>Customers</NavLink>
          <NavLink to={`${base}/events`}>Custom events</NavLink>
          <NavLink to={`${base}/history`}>History</NavLink>
          <NavLink to={`${base}/keys`}>Keys</NavLink>
          {managesPeople && <NavLink to={`${base}/people`}>People</NavLink>}
        </nav>
        <LiveStatus project={project} />
        <ProofOfArrival project={project} />
        <main className="page">
          <Suspense fallback={<Loading label="Loading page…" />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </ArrivalProvider>
  );
}
