/** One pipe's record in a scheduler: where it sits while active, and what it carries while not. */
export class Entry<P> {
  /** Its slot in the level's round while active; -1 while inactive. */
  index = -1;
  /**
   * Debt (a negative deficit, or 0) kept while the pipe is inactive: the overdraft of
   * its last turn, repaid from its next quantum.
   */
  carried = 0;

  constructor(
    readonly pipe: P,
    /** 0 (priority 1, highest) to 15 (priority 16). */
    readonly level: number,
    readonly weight: number,
  ) {}
}
