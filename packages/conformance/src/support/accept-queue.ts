/** What a listener accepted, in order, for checks to take one by one. */
export class AcceptQueue<T> {
  private readonly ready: T[] = [];
  private readonly waiting: ((accepted: T) => void)[] = [];
  /** Everything accepted so far. */
  readonly all: T[] = [];

  readonly accept = (accepted: T): void => {
    this.all.push(accepted);
    const waiter = this.waiting.shift();
    if (waiter) waiter(accepted);
    else this.ready.push(accepted);
  };

  /** The next accepted item, waiting for it if needed. */
  next(): Promise<T> {
    if (this.ready.length > 0) return Promise.resolve(this.ready.shift() as T);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
