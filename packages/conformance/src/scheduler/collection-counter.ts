/**
 * Counts the elements built-in collection methods walk while a synchronous
 * body runs: `indexOf`, `splice`, `filter`, iteration over arrays, maps and
 * sets, `Object.keys`, ... A scheduler that searches or shifts a list per pick
 * shows up here even when V8 block counting is unavailable.
 */

type Patch = { target: object; key: PropertyKey; original: unknown };

const arrayMethodsWalkingAll = [
  'indexOf', 'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'findLastIndex', 'filter', 'map',
  'forEach', 'some', 'every', 'reduce', 'reduceRight', 'join', 'slice', 'splice', 'concat', 'sort', 'reverse',
  'fill', 'copyWithin', 'flat', 'flatMap', 'shift', 'unshift', 'toSorted', 'toSpliced', 'toReversed', 'with',
] as const;

const iteratorMethods = ['keys', 'values', 'entries', Symbol.iterator] as const;

export function countCollectionWork(body: () => void): number {
  let work = 0;
  const patches: Patch[] = [];
  const patch = (target: object, key: PropertyKey, wrap: (original: (...args: unknown[]) => unknown) => unknown): void => {
    const original = (target as Record<PropertyKey, unknown>)[key];
    if (typeof original !== 'function') return;
    patches.push({ target, key, original });
    Object.defineProperty(target, key, { value: wrap(original as (...args: unknown[]) => unknown), configurable: true, writable: true });
  };
  const countingIterator = (iterator: Iterator<unknown>): IterableIterator<unknown> => ({
    // No spread or for-of in here: they would call the patched iterators again.
    next() {
      work += 1;
      return iterator.next();
    },
    [Symbol.iterator]() {
      return this;
    },
  });

  for (const name of arrayMethodsWalkingAll) {
    patch(Array.prototype, name, (original) =>
      function (this: unknown[], ...args: unknown[]) {
        work += this.length;
        return original.apply(this, args);
      },
    );
  }
  for (const prototype of [Array.prototype, Map.prototype, Set.prototype]) {
    for (const name of iteratorMethods) {
      patch(prototype, name, (original) =>
        function (this: object, ...args: unknown[]) {
          return countingIterator(original.apply(this, args) as Iterator<unknown>);
        },
      );
    }
  }
  for (const prototype of [Map.prototype, Set.prototype]) {
    patch(prototype, 'forEach', (original) =>
      function (this: Map<unknown, unknown>, ...args: unknown[]) {
        work += this.size;
        return original.apply(this, args);
      },
    );
  }
  for (const name of ['keys', 'values', 'entries'] as const) {
    patch(Object, name, (original) => (...args: unknown[]) => {
      const result = original.apply(undefined, args) as unknown[];
      work += result.length;
      return result;
    });
  }
  patch(Array, 'from', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args) as unknown[];
      work += result.length;
      return result;
    },
  );
  try {
    body();
  } finally {
    for (let i = patches.length - 1; i >= 0; i--) {
      const { target, key, original } = patches[i];
      Object.defineProperty(target, key, { value: original, configurable: true, writable: true });
    }
  }
  return work;
}

/** Pipes that count every operation on them (a scheduler should treat pipes as opaque keys). */
export class CountingPipes {
  touches = 0;
  private serial = 0;
  private readonly handler: ProxyHandler<object>;

  constructor() {
    const count = <T>(value: T): T => {
      this.touches += 1;
      return value;
    };
    this.handler = {
      get: (target, key, receiver) => count(Reflect.get(target, key, receiver)),
      set: (target, key, value, receiver) => count(Reflect.set(target, key, value, receiver)),
      has: (target, key) => count(Reflect.has(target, key)),
      ownKeys: (target) => count(Reflect.ownKeys(target)),
      getOwnPropertyDescriptor: (target, key) => count(Reflect.getOwnPropertyDescriptor(target, key)),
      defineProperty: (target, key, descriptor) => count(Reflect.defineProperty(target, key, descriptor)),
      deleteProperty: (target, key) => count(Reflect.deleteProperty(target, key)),
    };
  }

  make(): object {
    return new Proxy({ pipe: ++this.serial }, this.handler);
  }
}
