/**
 * One run per process, so each implementation starts with a fresh heap and JIT. Reads a
 * UdpRunSpec as JSON from argv, writes the UdpRunResult as JSON to stdout.
 */
import { serveJsonProcess } from '../json-process.js';
import { runUdp, type UdpRunSpec } from './run.js';

serveJsonProcess<UdpRunSpec>(runUdp);
