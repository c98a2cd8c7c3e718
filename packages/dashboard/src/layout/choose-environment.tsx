/** `/` and `/projects/:project`: go to the first environment of the chosen (or first) project. */
import { Navigate, useParams } from 'react-router';
import { useEnvironments, useProjects } from '../api/project-queries';
import { Empty, ErrorState, Loading } from '../ui/states';

export function ChooseProject() {
  const projects = useProjects();
  if (projects.isPending) return <Loading label="Loading projects…" />;
  if (projects.isError) return <ErrorState error={projects.error} retry={() => projects.refetch()} />;
  const first = projects.data.find((p) => !p.system) ?? projects.data[0];
  if (!first)
    return (
      <Empty>
        <h1>No projects yet</h1>
        <p>Create a project with the admin API (POST /api/v1/projects), then reload.</p>
      </Empty>
    );
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
