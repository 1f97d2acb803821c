import type { Dish } from '@zmtp/core/draft';
import { needsRadioDish } from '../capabilities.js';
import { expectZmqError, expectZmqErrorNow } from '../support/expect-error.js';
import type { SocketCheck } from './pattern-checks.js';
import { openDish, openRadio, sendUntilReceived } from './radio-dish.js';
import type { SocketScope } from './socket-scope.js';

/** A fresh Radio reaches `dish` at `endpoint`: the address really serves again. */
async function deliversTo(scope: SocketScope, dish: Dish, endpoint: string, when: string): Promise<void> {
  dish.join('again');
  const radio = openRadio(scope);
  radio.connect(endpoint);
  await sendUntilReceived(radio, dish, 'again', 'hello', `a message at the Dish bound to "${endpoint}" ${when}`);
}

export const dishEndpoints: SocketCheck = {
  name: 'radio-dish-endpoints',
  title:
    'binding a bound address fails with EADDRINUSE, malformed endpoints with EINVAL; unbind and close free the address for a new Dish',
  skip: needsRadioDish,
  async run(scope, note) {
    const first = openDish(scope);
    const endpoint = await scope.bind(first);
    const second = openDish(scope);
    await expectZmqError(second.bind(endpoint), 'EADDRINUSE', `a second Dish's bind("${endpoint}")`);

    const scheme = endpoint.slice(0, endpoint.indexOf('://') + 3);
    const malformed = [scheme, ...(scope.addresses.invalid?.() ?? [])];
    if (!scope.addresses.invalid) note('the subject gives no addresses.invalid(): only the empty address was tried');
    // connect() fails at once only where the transport checks endpoints (its optional checkEndpoint).
    const checksAtConnect = (scope.fixture.dialer ?? scope.fixture.transport).checkEndpoint !== undefined;
    const radio = openRadio(scope);
    for (const address of malformed) {
      await expectZmqError(second.bind(address), 'EINVAL', `bind("${address}")`);
      if (checksAtConnect) await expectZmqErrorNow(() => radio.connect(address), 'EINVAL', `connect("${address}")`);
    }

    await first.unbind(endpoint);
    await scope.bindAgain(second, endpoint);
    await deliversTo(scope, second, endpoint, 'after the first Dish unbound it');
    second.close();
    const third = openDish(scope);
    await scope.bindAgain(third, endpoint);
    await deliversTo(scope, third, endpoint, 'after the Dish bound to it closed');
  },
};
