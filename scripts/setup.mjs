#!/usr/bin/env node
// Prepares a clone for the demo and the tests:
//   1. installs the workspace with pnpm (frozen lockfile when CI is set);
//   2. makes sure Debian's python3-zmq (a second libzmq peer for interop tests) is
//      importable by /usr/bin/python3, installing it with apt-get when running as root.
// Safe to run again: both steps do nothing much when already done.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SYSTEM_PYTHON = '/usr/bin/python3';
const say = (line) => console.log(`[setup] ${line}`);

function run(command, args, options = {}) {
  say(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`could not start ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    throw new Error(`Node ${process.versions.node} is too old: this repository needs Node 20 or newer.`);
  }
}

/** The pnpm that runs us when started through `pnpm run`, else the pinned one through npx. */
function pnpmCommand() {
  const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager ?? 'pnpm';
  const wanted = pinned.split('+')[0];
  const version = wanted.includes('@') ? wanted.split('@')[1] : undefined;
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0 && (!version || onPath.stdout.trim() === version)) return ['pnpm', []];
  return ['npx', ['-y', wanted]];
}

function install() {
  const [command, prefix] = pnpmCommand();
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  const status = run(command, [...prefix, 'install', ...frozen]);
  if (status !== 0) throw new Error(`pnpm install failed (exit code ${status}); see its output above.`);
}

const pythonHasZmq = () =>
  existsSync(SYSTEM_PYTHON) &&
  spawnSync(SYSTEM_PYTHON, ['-c', 'import zmq'], { stdio: 'ignore' }).status === 0;

/** Never fails the set-up: without python3-zmq the interop tests that need it skip, saying why. */
function ensurePythonZmq() {
  if (pythonHasZmq()) {
    say(`python3-zmq is available to ${SYSTEM_PYTHON}`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    const why = !hasApt ? 'this system has no apt-get' : 'set-up is not running as root';
    say(`python3-zmq is missing for ${SYSTEM_PYTHON} and ${why}, so interop tests with it will skip.`);
    say('To run them, install it once: sudo apt-get install -y python3-zmq');
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update'], { env }) !== 0) say('apt-get update failed; trying the install anyway');
  run('apt-get', ['install', '-y', '--no-install-recommends', 'python3-zmq'], { env });
  if (pythonHasZmq()) say('python3-zmq installed');
  else say(`python3-zmq could not be installed for ${SYSTEM_PYTHON}, so interop tests with it will skip.`);
}

try {
  checkNode();
  install();
  ensurePythonZmq();
} catch (error) {
  console.error(`[setup] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
