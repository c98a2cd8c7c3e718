/** The admin API's flag routes, as the flag commands call them. */
import type { FlagConfig, FlagWithTargeting } from '@switchyard/server/admin-types';
import type { ApiClient } from './api-client.js';
import { enc } from './command-kit.js';
import { targetingBody } from './targeting-edit.js';

export const flagsPath = (project: string) => `/api/v1/projects/${enc(project)}/flags`;
export const flagPath = (project: string, flag: string) => `${flagsPath(project)}/${enc(flag)}`;

export function getFlag(client: ApiClient, project: string, flag: string): Promise<FlagWithTargeting> {
  return client.get<FlagWithTargeting>(flagPath(project, flag));
}

/** PUTs the flag's targeting in `env`, carrying the version it was read at. */
export function putTargeting(
  client: ApiClient,
  ref: { project: string; flag: string; env: string },
  config: FlagConfig,
): Promise<FlagConfig> {
  return client.put<FlagConfig>(
    `${flagPath(ref.project, ref.flag)}/environments/${enc(ref.env)}`,
    targetingBody(config),
  );
}
