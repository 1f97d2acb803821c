import { expect } from 'vitest';
import { needsRadioDish } from '../capabilities.js';
import { decode } from '../support/bytes.js';
import type { SocketCheck } from './pattern-checks.js';
import { joinedPair, listMessages, sendUntilReceived, type Delivered } from './radio-dish.js';

const ROUNDS = 20;

/** Numbered messages, told apart from probes and end markers. */
const isNumbered = (message: Delivered): boolean => /^\S+ \d+$/.test(decode(message.body));

export const radioDishGroups: SocketCheck = {
  name: 'radio-dish-groups',
  title: 'a Dish receives the groups it joined (exact match, each message with its own group) and nothing of other groups',
  skip: needsRadioDish,
  async run(scope, note) {
    const joined = ['news', 'sport'];
    // Prefixes and extensions of joined groups too: groups match exactly, unlike PUB/SUB topics.
    const others = ['new', 'newsroom', 'sports', 'weather'];
    const { radio, dish } = await joinedPair(scope, joined);
    for (let round = 0; round < ROUNDS; round++) {
      for (const group of [...others, ...joined]) await radio.send(`${group} ${round}`, { group });
    }
    const received = await sendUntilReceived(radio, dish, 'sport', 'end', 'the end marker after the numbered messages');

    const leaked = received.filter((message) => !joined.includes(message.group));
    expect(leaked.length, `messages of groups never joined: ${listMessages(leaked)}`).toBe(0);
    const numbered = received.filter(isNumbered);
    const mislabelled = numbered.filter((message) => !decode(message.body).startsWith(`${message.group} `));
    expect(mislabelled.length, `messages that arrived with another message's group: ${listMessages(mislabelled)}`).toBe(0);
    expect(numbered.length, 'numbered messages of joined groups that arrived').toBeGreaterThan(0);
    note(`${numbered.length} of ${ROUNDS * joined.length} messages of joined groups arrived; none of the ${ROUNDS * others.length} of other groups`);
  },
};

export const radioDishLeave: SocketCheck = {
  name: 'radio-dish-leave',
  title: 'after leave() a Dish receives nothing more of that group, others still flow, and joining again restores it',
  skip: needsRadioDish,
  async run(scope, note) {
    const { radio, dish } = await joinedPair(scope, ['stay', 'go']);
    dish.leave('go');
    // From here on nothing of "go" may come, not even what was already on its way or queued.
    for (let round = 0; round < ROUNDS; round++) {
      await radio.send(`go ${round}`, { group: 'go' });
      await radio.send(`stay ${round}`, { group: 'stay' });
    }
    const received = await sendUntilReceived(radio, dish, 'stay', 'end', 'the end marker of the group still joined');
    const left = received.filter((message) => message.group === 'go');
    expect(left.length, `messages of the group left: ${listMessages(left)}`).toBe(0);

    dish.join('go');
    await sendUntilReceived(radio, dish, 'go', 'back', 'a message of the group joined again');
    note(`${received.filter(isNumbered).length} of ${ROUNDS} messages of the group still joined arrived after the leave; none of ${ROUNDS} of the group left`);
  },
};
