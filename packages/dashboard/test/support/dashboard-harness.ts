/**
 * What every dashboard test needs: a real server serving the built dashboard, headless
 * Debian Chromium, a page signed in with the admin token or as a person (email and password),
 * one that records console errors, and a screenshot folder the run prints.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@switchyard/server/admin-types';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  ADMIN_TOKEN,
  type Backend,
  postgresAvailable,
  startTestServer,
  type TestServer,
} from '../../../server/test/support/test-server.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`${CHROMIUM} is required under CI (apt-get install -y chromium)`);
const built = existsSync(join(import.meta.dirname, '../../dist/web/index.html'));
if (!built && process.env.CI) throw new Error('the dashboard is not built: run `npm run build` first');

/** Why the browser tests cannot run here, or false when they can. */
export const skip = !available
  ? 'no Chromium'
  : !built
    ? 'the dashboard is not built (npm run build)'
    : false;

export interface Dashboard {
  readonly server: TestServer;
  /** A second node on the same PostgreSQL database, with `{ twoNodes: true }`. */
  readonly second: TestServer | undefined;
  readonly browser: Browser;
  /** The printed folder the screenshots are saved in. */
  readonly shots: string;
  /** Saves a full-page screenshot under the printed folder. */
  shoot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The store the dashboard's server runs on: SQLite, or PostgreSQL when a test file sets
 * DASHBOARD_BACKEND=postgres before it loads another's tests (see the *-postgres test files).
 */
function backend(): Backend {
  return process.env.DASHBOARD_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

export interface DashboardOptions {
  /** Two server nodes sharing one PostgreSQL database (the browser uses the first). */
  readonly twoNodes?: boolean;
  /** Further server configuration, e.g. a broker's AMQP_URL. */
  readonly env?: Readonly<Record<string, string>>;
  /** Every node's heartbeat interval (tests shorten it). */
  readonly heartbeatMs?: number;
}

export async function startDashboard(name: string, options: DashboardOptions = {}): Promise<Dashboard> {
  const store = options.twoNodes ? 'postgres' : backend();
  if (store === 'postgres' && !(await postgresAvailable()))
    throw new Error('PostgreSQL is not reachable for the dashboard tests on PostgreSQL');
  const tuning = options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs };
  const server = await startTestServer(store, undefined, tuning, options.env);
  const second = options.twoNodes
    ? await startTestServer(store, server.databaseUrl, tuning, options.env)
    : undefined;
  const shots = await mkdtemp(join(tmpdir(), `switchyard-dashboard-${name}-${store}-`));
  process.stdout.write(`dashboard screenshots (${name}): ${shots}\n`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-sync'],
  });
  return {
    server,
    second,
    browser,
    shots,
    shoot: async (page, file) => {
      await page.screenshot({ path: join(shots, `${file}.png`), fullPage: true });
    },
    close: async () => {
      await browser.close();
      await second?.close();
      await server.close();
    },
  };
}

export interface ConsoleWatch {
  /** Console errors seen so far, except those `allow` expects. */
  readonly errors: string[];
  /** Expects console errors matching `pattern` (Chromium logs each refused request). */
  allow(pattern: RegExp): void;
}

export function watchConsole(page: Page): ConsoleWatch {
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (m) => {
    const text = `${m.text()} ${m.location().url}`;
    if (m.type() === 'error' && !allowed.some((a) => a.test(text))) errors.push(text);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return { errors, allow: (pattern) => allowed.push(pattern) };
}

export interface OpenOptions {
  readonly width?: number;
  readonly height?: number;
}

/** A new page in a context of its own (its own cookies), watching the console. */
export async function openPage(
  dashboard: Dashboard,
  options: OpenOptions = {},
): Promise<{ page: Page; console: ConsoleWatch }> {
  const context = await dashboard.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: dashboard.server.url });
  const page = await context.newPage();
  return { page, console: watchConsole(page) };
}

/** On the sign-in page: the second way in, pasting an API token. */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  const field = page.getByLabel('API token');
  if (!(await field.isVisible())) await page.getByText('Use an API token instead').click();
  await field.fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
}

/** On the sign-in page: email and password, which gives a session cookie. */
export async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The header's "who is signed in" region. */
export const signedInAs = (page: Page) => page.getByRole('region', { name: 'Signed in' });

/** A new page signed in with the admin token, at `path`. */
export async function signedInPage(
  dashboard: Dashboard,
  path: string,
  options: OpenOptions = {},
): Promise<{ page: Page; console: ConsoleWatch }> {
  const opened = await openPage(dashboard, options);
  await opened.page.goto(`${dashboard.server.url}/sign-in`);
  await signInWithToken(opened.page, ADMIN_TOKEN);
  await opened.page.getByRole('heading', { name: 'Flags' }).waitFor();
  await opened.page.goto(`${dashboard.server.url}${path}`);
  return opened;
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
}

/** Creates a person through the admin API (with the admin token). */
export async function createUser(
  server: TestServer,
  name: string,
  role: Role,
  projectKey: string | null = null,
): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
  const password = `${name} has a long password`;
  const created = await server.api('POST', '/api/v1/users', { email, name, role, projectKey, password });
  if (created.status !== 201) throw new Error(`creating ${email}: ${JSON.stringify(created.body)}`);
  return { id: created.body.id, email, name, password };
}

/** A new page signed in as `user` with email and password (a session cookie), at `path`. */
export async function passwordSignedInPage(
  dashboard: Dashboard,
  user: TestUser,
  path: string,
  options: OpenOptions = {},
): Promise<{ page: Page; console: ConsoleWatch }> {
  const opened = await openPage(dashboard, options);
  await opened.page.goto(`${dashboard.server.url}/sign-in`);
  await signInWithPassword(opened.page, user.email, user.password);
  await signedInAs(opened.page).getByText(user.name).waitFor();
  await opened.page.goto(`${dashboard.server.url}${path}`);
  return opened;
}
