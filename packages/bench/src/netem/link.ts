import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError } from '@zmtp/core';
import { controlRequest } from './control.js';
import type { FerryStats } from './ferry.js';
import { resolveDuplex, type DuplexImpairment, type DuplexImpairmentOptions } from './impairment.js';
import { LinkUnsupportedError } from './link-errors.js';
import { linkUnsupportedReason } from './link-support.js';
import { ip, processRuns, pythonPath, tryRun } from './system.js';
import { here, tsEntryArgv } from './ts-entry.js';

export interface LinkOptions extends DuplexImpairmentOptions {
  /** Names the link (1 to 10 of a-z, 0-9), so several can exist at once. Default 'netem'. */
  name?: string;
}

/** A link that is up: two namespaces, A and B, joined through the ferry. */
export interface LinkInfo {
  name: string;
  /** The ferry process. */
  pid: number;
  namespaces: { a: string; b: string };
  devices: { a: string; b: string };
  /** A's and B's addresses; they exist only inside the two namespaces. */
  addresses: { a: string; b: string; a6: string; b6: string };
  /** Settings when the link came up (`linkStats` has the current ones). */
  settings: DuplexImpairment;
  control: string;
  log: string;
  createdAt: string;
}

/** The same addresses in every link: each link's namespaces are separate worlds. */
export const LINK_ADDRESSES = { a: '10.77.0.1', b: '10.77.0.2', a6: 'fd77::1', b6: 'fd77::2' } as const;
const FERRY_MARKER = 'ferry-main';

/** Where state files and control sockets live: ZMTP_NETEM_DIR or /run/zmtp-netem. */
export function stateDirectory(): string {
  return process.env.ZMTP_NETEM_DIR ?? '/run/zmtp-netem';
}

function checkName(name: string): string {
  if (!/^[a-z0-9]{1,10}$/.test(name)) {
    throw new InvalidArgumentError(`link name '${name}' must be 1 to 10 characters of a-z and 0-9, e.g. 'netem' or 'wan1'`);
  }
  return name;
}

function paths(name: string) {
  const dir = stateDirectory();
  return {
    namespaces: { a: `zmtp-${name}-a`, b: `zmtp-${name}-b` },
    // TUN names are at most 15 bytes, and are briefly in the host's namespace.
    devices: { a: `zmtp${name}a`, b: `zmtp${name}b` },
    state: join(dir, `${name}.json`),
    control: join(dir, `${name}.sock`),
    log: join(dir, `${name}.log`),
  };
}

const namespaceExists = (ns: string): boolean => existsSync(`/run/netns/${ns}`);

/** The link called `name` if it is up (its ferry alive), else undefined. */
export function findLink(name = 'netem'): LinkInfo | undefined {
  const p = paths(checkName(name));
  let info: LinkInfo;
  try {
    info = JSON.parse(readFileSync(p.state, 'utf8')) as LinkInfo;
  } catch {
    return undefined;
  }
  return processRuns(info.pid, FERRY_MARKER) ? info : undefined;
}

/** Every link that is up. */
export function listLinks(): LinkInfo[] {
  let files: string[];
  try {
    files = readdirSync(stateDirectory());
  } catch {
    return [];
  }
  return files
    .filter((f) => /^[a-z0-9]{1,10}\.json$/.test(f))
    .map((f) => findLink(f.slice(0, -5)))
    .filter((l): l is LinkInfo => l !== undefined);
}

function configureSide(ns: string, dev: string, local: string, peer: string, local6: string, peer6: string): void {
  ip('link', 'set', dev, 'netns', ns);
  ip('-n', ns, 'addr', 'add', `${local}/32`, 'peer', `${peer}/32`, 'dev', dev);
  ip('-n', ns, '-6', 'addr', 'add', `${local6}/128`, 'peer', `${peer6}/128`, 'dev', dev, 'nodad');
  ip('-n', ns, 'link', 'set', dev, 'up');
}

/**
 * Brings a link up: namespaces A and B, a TUN device in each, and the ferry between
 * them applying the impairments (forward = A to B). Throws LinkUnsupportedError where
 * namespaces or TUN devices are not permitted. Undo with linkDown(name).
 */
export async function linkUp(options: LinkOptions = {}): Promise<LinkInfo> {
  const { name = 'netem', ...impairments } = options;
  const p = paths(checkName(name));
  const seed = resolveDuplex(impairments).seed; // validates everything before touching the system
  const why = await linkUnsupportedReason();
  if (why) throw new LinkUnsupportedError(why);
  if (findLink(name)) throw new InvalidArgumentError(`link '${name}' is already up; take it down first (netem-link down --name ${name}) or pick another name`);
  await linkDown(name); // leftovers of a ferry that died

  mkdirSync(stateDirectory(), { recursive: true });
  const python = pythonPath();
  if (!python) throw new LinkUnsupportedError('python3 is needed to open TUN devices and none was found');
  let pid: number | undefined;
  try {
    for (const ns of [p.namespaces.a, p.namespaces.b]) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      // Let TCP autotune windows far beyond one BDP of a long fat link (namespace-local).
      ip('netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv4.tcp_rmem=4096 131072 67108864', 'net.ipv4.tcp_wmem=4096 16384 67108864');
    }
    const log = openSync(p.log, 'w');
    const args = [here('tun-open.py'), p.devices.a, p.devices.b, '--', ...tsEntryArgv(here('ferry-main.ts'))];
    args.push('--control', p.control, '--settings', JSON.stringify({ ...impairments, seed }));
    const child = spawn(python, args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, UV_THREADPOOL_SIZE: '8' },
    });
    closeSync(log);
    pid = child.pid;
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    const settings = await waitForFerry(p.control, () => exited, p.log);
    child.unref();
    configureSide(p.namespaces.a, p.devices.a, LINK_ADDRESSES.a, LINK_ADDRESSES.b, LINK_ADDRESSES.a6, LINK_ADDRESSES.b6);
    configureSide(p.namespaces.b, p.devices.b, LINK_ADDRESSES.b, LINK_ADDRESSES.a, LINK_ADDRESSES.b6, LINK_ADDRESSES.a6);
    const info: LinkInfo = {
      name,
      pid: pid as number,
      namespaces: p.namespaces,
      devices: p.devices,
      addresses: { ...LINK_ADDRESSES },
      settings,
      control: p.control,
      log: p.log,
      createdAt: new Date().toISOString(),
    };
    writeFileSync(p.state, `${JSON.stringify(info, null, 2)}\n`);
    return info;
  } catch (error) {
    if (pid !== undefined) stopProcess(pid);
    await linkDown(name);
    throw error;
  }
}

async function waitForFerry(control: string, exited: () => number | null | undefined, log: string): Promise<DuplexImpairment> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const code = exited();
    if (code !== undefined) {
      let text = '';
      try {
        text = readFileSync(log, 'utf8').trim();
      } catch {
        // no log yet
      }
      if (code === 3) throw new LinkUnsupportedError(text || 'TUN devices cannot be created');
      throw new Error(`the ferry exited (status ${code}) before it was ready: ${text || 'no output'}`);
    }
    try {
      return ((await controlRequest(control, { op: 'stats' }, 1000)) as FerryStats).settings;
    } catch {
      if (Date.now() > deadline) throw new Error(`the ferry did not answer on ${control} within 30 s; see ${log}`);
      await sleep(50);
    }
  }
}

function stopProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Takes a link down: stops its ferry, deletes its namespaces. Returns whether anything was there. */
export async function linkDown(name = 'netem'): Promise<boolean> {
  const p = paths(checkName(name));
  let removed = false;
  const info = findLink(name);
  if (info) {
    stopProcess(info.pid);
    for (let i = 0; i < 100 && processRuns(info.pid, FERRY_MARKER); i++) await sleep(30);
    if (processRuns(info.pid, FERRY_MARKER)) process.kill(info.pid, 'SIGKILL');
    removed = true;
  }
  for (const ns of [p.namespaces.a, p.namespaces.b]) {
    if (!namespaceExists(ns)) continue;
    tryRun('ip', ['netns', 'del', ns]);
    removed = true;
  }
  for (const file of [p.state, p.control, p.log]) rmSync(file, { force: true });
  return removed;
}

/** The ferry's counters and current settings. */
export async function linkStats(link: LinkInfo): Promise<FerryStats> {
  return (await controlRequest(link.control, { op: 'stats' })) as FerryStats;
}

/** Changes only the settings given, while the link runs. */
export async function linkSet(link: LinkInfo, change: DuplexImpairmentOptions): Promise<DuplexImpairment> {
  resolveDuplex(change); // reject bad values here, with the typed error
  return (await controlRequest(link.control, { op: 'set', change })) as DuplexImpairment;
}

/** The argv that runs `argv` inside side A's or B's namespace. */
export function inNamespace(link: LinkInfo, side: 'a' | 'b', argv: string[]): string[] {
  return ['ip', 'netns', 'exec', link.namespaces[side], ...argv];
}

/** Runs a command in a side's namespace and returns its stdout. */
export function runInNamespace(link: LinkInfo, side: 'a' | 'b', argv: string[]): string {
  return ip('netns', 'exec', link.namespaces[side], ...argv);
}

/** Why `cc` cannot be used by TCP here, or undefined; tries `modprobe tcp_<cc>` once. */
export function congestionControlUnavailable(cc: string): string | undefined {
  const available = (): string[] => {
    try {
      return readFileSync('/proc/sys/net/ipv4/tcp_available_congestion_control', 'utf8').trim().split(/\s+/);
    } catch {
      return [];
    }
  };
  if (available().includes(cc)) return undefined;
  const loaded = tryRun('modprobe', [`tcp_${cc}`]) !== undefined;
  if (available().includes(cc)) return undefined;
  return `${cc} is not available (net.ipv4.tcp_available_congestion_control: ${available().join(' ') || 'unreadable'})${
    loaded ? '' : `; 'modprobe tcp_${cc}' failed or is not permitted`
  }`;
}

/**
 * Makes TCP between A and B use `cc` (or the namespace default when undefined). Set per
 * route, because a namespace may only default to the host's allowed algorithms, while
 * a route's congctl applies to any available one and stays inside the namespace.
 */
export function setLinkCongestionControl(link: LinkInfo, cc?: string): void {
  const extra = cc ? ['congctl', cc] : [];
  const a = link.addresses;
  for (const [side, local, peer, peer6] of [
    ['a', a.a, a.b, a.b6],
    ['b', a.b, a.a, a.a6],
  ] as const) {
    const ns = link.namespaces[side];
    const dev = link.devices[side];
    ip('-n', ns, 'route', 'replace', `${peer}/32`, 'dev', dev, 'src', local, ...extra);
    ip('-n', ns, '-6', 'route', 'replace', `${peer6}/128`, 'dev', dev, ...extra);
  }
}
