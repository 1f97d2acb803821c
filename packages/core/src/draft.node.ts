/** The draft entry in Node: loads the Node entry first so tcp:// and ipc:// are installed. */
import './index.node.js';

export * from './draft.js';
