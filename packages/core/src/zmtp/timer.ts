/** A restartable one-shot timer that knows whether it is armed. */
export class Timer {
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onFire: () => void) {}

  get armed(): boolean {
    return this.handle !== undefined;
  }

  /** (Re)arms the timer to fire in `ms` milliseconds. */
  start(ms: number): void {
    this.cancel();
    this.handle = setTimeout(this.fire, ms);
  }

  cancel(): void {
    if (this.handle === undefined) return;
    clearTimeout(this.handle);
    this.handle = undefined;
  }

  private readonly fire = (): void => {
    this.handle = undefined;
    this.onFire();
  };
}
