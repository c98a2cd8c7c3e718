/**
 * Where a fresh install starts (no project but the platform's own) and where "New project"
 * in the switcher leads: the app's header, and for an admin of every project a form that
 * creates a project and goes to its flags; anyone else is told who can.
 */
import { type FormEvent, useState } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { useCreateProject, useProjects } from '../api/project-queries';
import { useCanCreateProjects } from '../auth/use-allowed';
import { useOpsAccess } from '../ops/use-ops-access';
import { keyFrom } from '../ui/key-from';
import { errorMessage } from '../ui/states';
import { AppBar } from './app-bar';

export function NewProjectPage() {
  const first = (useProjects().data ?? []).every((p) => p.system);
  const title = first ? 'Create your first project' : 'Create a project';
  return (
    <div className="shell">
      <AppBar>{useOpsAccess().look && <NavLink to="/ops/accounts">Operations</NavLink>}</AppBar>
      <main className="page narrow">
        <section aria-labelledby="new-project-title" className="card stack">
          <h1 id="new-project-title">{title}</h1>
          <p>
            A project holds your flags and segments. It starts with two environments, Production and Test,
            each with its own SDK keys.
          </p>
          {useCanCreateProjects() ? (
            <NewProjectForm />
          ) : (
            <p role="note">Only an admin for every project can create one: ask yours, then reload.</p>
          )}
          {first && (
            <p className="muted">
              The platform's own operational flags are in{' '}
              <Link to="/projects/switchyard-system">Switchyard system</Link>.
            </p>
          )}
        </section>
      </main>
    </div>
  );
}

function NewProjectForm() {
  const create = useCreateProject();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [key, setKey] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { key: key ?? keyFrom(name), name: name.trim() };
    create.mutate(body, { onSuccess: () => navigate(`/projects/${encodeURIComponent(body.key)}`) });
  }

  return (
    <form className="stack" onSubmit={submit}>
      <label>
        Project name
        <input required maxLength={256} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Project key
        <input
          required
          pattern="[a-zA-Z0-9._\-]+"
          value={key ?? keyFrom(name)}
          onChange={(e) => setKey(e.target.value)}
        />
      </label>
      {create.isError && (
        <p className="field-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}
