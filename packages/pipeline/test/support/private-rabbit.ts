/**
 * A private RabbitMQ node for tests that kill or alarm the broker, so the machine's
 * shared broker is never touched. Its own node name, AMQP and distribution ports
 * (loopback only), data and log directories in a temp dir owned by the rabbitmq user,
 * and no plugins. `kill()` SIGKILLs the node's own Erlang VM by PID; `start()` boots
 * it again on the same data directory.
 */
import { execFile, spawn } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor, withDeadline } from './wait-for.js';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const CTL = '/usr/sbin/rabbitmqctl';
/** Holds the Erlang cookie that rabbitmqctl (run as the rabbitmq user) also reads. */
const RABBITMQ_HOME = '/var/lib/rabbitmq';
const BOOT_TIMEOUT_MS = 60_000;

export interface PrivateRabbit {
  readonly nodeName: string;
  readonly url: string;
  /** Whether this helper booted the node and has not killed it since. */
  readonly running: boolean;
  /** Boots the node (again, on the same data directory) and waits for `await_startup`. */
  start(): Promise<void>;
  /** SIGKILLs the node's Erlang VM and waits for it to be gone. */
  kill(): Promise<void>;
  /** `rabbitmqctl -n <node> ...args`. */
  ctl(...args: string[]): Promise<string>;
  /** Kills the node if it runs and removes its directory. */
  remove(): Promise<void>;
}

/** Why a private node cannot run here, or undefined when it can. */
export function privateRabbitUnavailable(): string | undefined {
  if (!existsSync(SERVER) || !existsSync(CTL)) return 'rabbitmq-server is not installed';
  if (process.getuid?.() !== 0) return 'a private RabbitMQ node needs root (to run it as the rabbitmq user)';
  if (rabbitmqIds() === undefined) return 'there is no rabbitmq user';
  return undefined;
}

function rabbitmqIds(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('rabbitmq:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid === undefined || gid === undefined ? undefined : { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file} ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startPrivateRabbit(): Promise<PrivateRabbit> {
  const ids = rabbitmqIds();
  if (ids === undefined) throw new Error('there is no rabbitmq user');
  const dir = mkdtempSync(join(tmpdir(), 'sy-rabbit-'));
  const suffix = Math.random().toString(36).slice(2, 10);
  const nodeName = `sy-test-${suffix}@localhost`;
  const port = await freePort();
  const distPort = await freePort();
  for (const sub of ['mnesia', 'log']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    `listeners.tcp.1 = 127.0.0.1:${port}\nloopback_users.guest = true\n`,
  );
  for (const path of [dir, 'mnesia', 'log', 'enabled_plugins', 'rabbitmq-env.conf', 'rabbitmq.conf'])
    chownSync(path === dir ? dir : join(dir, path), ids.uid, ids.gid);
  const pidFile = join(dir, 'node.pid');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: RABBITMQ_HOME,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    // Our own (empty) env file, so the shared node's /etc/rabbitmq/rabbitmq-env.conf is not read.
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: pidFile,
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
  let vmPid: number | undefined;
  let exited: Promise<void> = Promise.resolve();
  const killNow = () => {
    if (vmPid !== undefined && alive(vmPid)) process.kill(vmPid, 'SIGKILL');
  };
  // Never leave a broker behind if the test process ends without cleaning up.
  process.once('exit', killNow);

  const ctl = (...args: string[]) => run(CTL, ['-n', nodeName, ...args], 60_000);

  const start = async () => {
    rmSync(pidFile, { force: true });
    const out = openSync(join(dir, 'log', 'startup.log'), 'a');
    const child = spawn(SERVER, [], {
      cwd: dir,
      env,
      uid: ids.uid,
      gid: ids.gid,
      stdio: ['ignore', out, out],
      detached: true,
    });
    child.unref();
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    // The VM writes its PID early in boot; await_startup then waits for the rest.
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`${nodeName} did not start; see ${dir}/log`);
      if (child.exitCode !== null) throw new Error(`${nodeName} exited at boot; see ${dir}/log`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    vmPid = Number(readFileSync(pidFile, 'utf8').trim());
    for (;;) {
      try {
        await ctl('await_startup', '--timeout', '60');
        return;
      } catch (err) {
        // The node may not accept CLI connections yet in the first instants.
        if (Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };

  const kill = async () => {
    const pid = vmPid;
    if (pid === undefined) return;
    killNow();
    await waitFor(() => !alive(pid), { what: `${nodeName}'s VM (PID ${pid}) to be gone after SIGKILL` });
    // The server script is unref'd: awaiting its exit alone holds nothing in the event loop,
    // which Node then ends with the promise still pending. The deadline's timer holds it.
    await withDeadline(exited, { what: `${nodeName}'s rabbitmq-server to exit after its VM was killed` });
    vmPid = undefined;
  };

  return {
    nodeName,
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    get running() {
      return vmPid !== undefined && alive(vmPid);
    },
    start,
    kill,
    ctl,
    remove: async () => {
      await kill();
      process.removeListener('exit', killNow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
