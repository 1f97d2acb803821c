/**
 * @zmtp/core/draft: libzmq's draft socket types, exported apart from the stable ones
 * as zeromq.js does (`zeromq/draft`). Their API may change.
 */
export { Radio, type RadioGroupOptions } from './sockets/radio.js';
export { Dish, type DishGroupOptions } from './sockets/dish.js';
export { GROUP_MAX_LENGTH } from './sockets/groups.js';
