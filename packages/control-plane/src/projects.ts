import { DEFAULT_ACCOUNT_KEY } from './accounts.js';
import { type Commit, commit } from './commit.js';
import type { ControlPlaneDeps } from './deps.js';
import type { Actor, Environment, Project } from './domain.js';
import { alreadyExists, invalidData, notFound } from './errors.js';
import { flagTargetingItem } from './sdk-items.js';
import { defaultFlagConfig } from './sdk-json.js';
import type { CredentialKind } from './store.js';

export interface NewEnvironment {
  readonly key: string;
  readonly name?: string;
  readonly secureMode?: boolean;
}

export interface NewProject {
  readonly key: string;
  readonly name: string;
  readonly account?: string;
  readonly environments?: readonly NewEnvironment[];
}

const DEFAULT_ENVIRONMENTS: readonly NewEnvironment[] = [
  { key: 'production', name: 'Production' },
  { key: 'test', name: 'Test' },
];

export class ProjectService {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(input: NewProject, actor: Actor, options: { system?: boolean } = {}): Promise<Project> {
    const accountKey = input.account ?? DEFAULT_ACCOUNT_KEY;
    const environments = input.environments ?? DEFAULT_ENVIRONMENTS;
    const seen = new Set<string>();
    for (const [i, env] of environments.entries()) {
      if (seen.has(env.key)) {
        throw invalidData(`Environment "${env.key}" is listed twice`, [
          { path: `/environments/${i}/key`, message: 'duplicate key' },
        ]);
      }
      seen.add(env.key);
    }
    return commit(this.deps, actor, async (c) => {
      if (!(await c.tx.getAccount(accountKey))) throw notFound(`Account "${accountKey}"`);
      if (await c.tx.getProject(input.key)) throw alreadyExists(`Project "${input.key}"`);
      const project: Project = {
        key: input.key,
        name: input.name,
        accountKey,
        system: options.system === true,
        createdAt: c.now.toISOString(),
      };
      await c.tx.insertProject(project);
      await c.audit({
        action: 'project.create',
        resourceKind: 'project',
        projectKey: project.key,
        resourceKey: project.key,
        after: project,
      });
      for (const env of environments) await this.insertEnvironment(c, project.key, env);
      return project;
    });
  }

  async get(key: string): Promise<Project> {
    const project = await this.deps.store.getProject(key);
    if (!project) throw notFound(`Project "${key}"`);
    return project;
  }

  list(accountKey?: string): Promise<Project[]> {
    return this.deps.store.listProjects(accountKey);
  }

  createEnvironment(projectKey: string, input: NewEnvironment, actor: Actor): Promise<Environment> {
    return commit(this.deps, actor, async (c) => {
      if (!(await c.tx.getProject(projectKey))) throw notFound(`Project "${projectKey}"`);
      if (await c.tx.getEnvironment(projectKey, input.key))
        throw alreadyExists(`Environment "${projectKey}/${input.key}"`);
      return this.insertEnvironment(c, projectKey, input);
    });
  }

  async getEnvironment(projectKey: string, key: string): Promise<Environment> {
    const env = await this.deps.store.getEnvironment(projectKey, key);
    if (!env) throw notFound(`Environment "${projectKey}/${key}"`);
    return env;
  }

  async listEnvironments(projectKey: string): Promise<Environment[]> {
    await this.get(projectKey);
    return this.deps.store.listEnvironments(projectKey);
  }

  /** Replaces one credential; the old one stops working at once. */
  async rotateCredential(
    projectKey: string,
    envKey: string,
    which: CredentialKind,
    actor: Actor,
  ): Promise<Environment> {
    const next = {
      sdkKey: () => this.deps.secrets.newSdkKey(),
      mobileKey: () => this.deps.secrets.newMobileKey(),
      clientSideId: () => this.deps.secrets.newClientSideId(),
    }[which]();
    return this.updateEnvironment(projectKey, envKey, actor, `environment.rotate.${which}`, (env) => ({
      ...env,
      [which]: next,
    }));
  }

  async changeEnvironment(
    projectKey: string,
    envKey: string,
    change: { name?: string; secureMode?: boolean },
    actor: Actor,
  ): Promise<Environment> {
    return this.updateEnvironment(projectKey, envKey, actor, 'environment.update', (env) => ({
      ...env,
      name: change.name ?? env.name,
      secureMode: change.secureMode ?? env.secureMode,
    }));
  }

  private updateEnvironment(
    projectKey: string,
    envKey: string,
    actor: Actor,
    action: string,
    change: (env: Environment) => Environment,
  ): Promise<Environment> {
    return commit(this.deps, actor, async (c) => {
      const before = await c.tx.getEnvironment(projectKey, envKey);
      if (!before) throw notFound(`Environment "${projectKey}/${envKey}"`);
      const after = change(before);
      await c.tx.updateEnvironment(after);
      await c.audit({
        action,
        resourceKind: 'environment',
        projectKey,
        environmentKey: envKey,
        resourceKey: envKey,
        before: redactCredentials(before),
        after: redactCredentials(after),
      });
      return after;
    });
  }

  private async insertEnvironment(
    c: Commit,
    projectKey: string,
    input: NewEnvironment,
  ): Promise<Environment> {
    const { secrets } = this.deps;
    const env: Environment = {
      projectKey,
      key: input.key,
      name: input.name ?? input.key,
      sdkKey: secrets.newSdkKey(),
      mobileKey: secrets.newMobileKey(),
      clientSideId: secrets.newClientSideId(),
      secureMode: input.secureMode === true,
      dataVersion: 0,
      createdAt: c.now.toISOString(),
    };
    await c.tx.insertEnvironment(env);
    // Every flag of the project gets its (off) configuration in the new environment.
    const flags = [
      ...(await c.tx.listFlags(projectKey, {})),
      ...(await c.tx.listFlags(projectKey, { archived: true })),
    ];
    for (const flag of flags) {
      await c.change({
        item: flagTargetingItem(projectKey, env.key, flag.key),
        record: false,
        apply: (_before, version) => defaultFlagConfig(flag, secrets.newSalt(), version),
      });
    }
    await c.audit({
      action: 'environment.create',
      resourceKind: 'environment',
      projectKey,
      environmentKey: env.key,
      resourceKey: env.key,
      after: redactCredentials(env),
    });
    return env;
  }
}

/** Audit entries keep credentials' last characters only: the log must not leak secrets (DESIGN.md §5.8). */
function redactCredentials(env: Environment): Record<string, unknown> {
  const tail = (secret: string) => `…${secret.slice(-6)}`;
  return { ...env, sdkKey: tail(env.sdkKey), mobileKey: tail(env.mobileKey), clientSideId: env.clientSideId };
}
