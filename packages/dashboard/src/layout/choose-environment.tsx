/**
 * `/` and `/projects/:project`: go to the first environment of the chosen (or first) project;
 * with no project but the platform's own (a fresh install), offer to create the first one.
 */
import { Navigate, useParams } from 'react-router';
import { useEnvironments, useProjects } from '../api/project-queries';
import { Empty, ErrorState, Loading } from '../ui/states';
import { NewProjectPage } from './new-project-page';

export function ChooseProject() {
  const projects = useProjects();
  if (projects.isPending) return <Loading label="Loading projects…" />;
  if (projects.isError) return <ErrorState error={projects.error} retry={() => projects.refetch()} />;
  const first = projects.data.find((p) => !p.system);
  if (!first) return <NewProjectPage />;
  return <Navigate to={`/projects/${encodeURIComponent(first.key)}`} replace />;
}

export function ChooseEnvironment() {
  const project = useParams().project ?? '';
  const environments = useEnvironments(project);
  if (environments.isPending) return <Loading label="Loading environments…" />;
  if (environments.isError)
    return <ErrorState error={environments.error} retry={() => environments.refetch()} />;
  const first = environments.data[0];
  if (!first) return <Empty>Project “{project}” has no environments.</Empty>;
  return (
    <Navigate
      to={`/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(first.key)}/flags`}
      replace
    />
  );
}
