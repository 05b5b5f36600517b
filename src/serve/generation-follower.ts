/**
 * Which generation a serve process answers from. It reads `current_generation` at start and then every
 * GENERATION_POLL_MS; a request pins the generation it starts with (`current`) and reads only that
 * generation's tables, so a rebuild that publishes mid-request never mixes two generations in one answer.
 * Every replica follows the database the same way: nothing here is state only one process knows.
 */
import { currentGeneration, type PinnedGeneration, type Queryable } from '../db/online-index.js';

/**
 * How often the current generation is read. A rebuild publishes at most a few times a day; a second of
 * staleness after a publish costs nothing (the old generation's tables stay until `--keep` prunes them,
 * and a request that finds them gone refreshes and retries), and one tiny query a second per replica is free.
 */
export const GENERATION_POLL_MS = 1000;

export class GenerationFollower {
  private pinned: PinnedGeneration | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The last refusal (a generation built by other matching code, or without records), for /healthz. */
  lastError: string | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly schema: string,
    private readonly onSwitch: (g: PinnedGeneration) => void = () => undefined,
  ) {}

  get current(): PinnedGeneration | null {
    return this.pinned;
  }

  /** Reads the current generation now; keeps the previous one when the new one is refused. */
  async refresh(): Promise<PinnedGeneration | null> {
    try {
      const g = await currentGeneration(this.db, this.schema);
      this.lastError = g === null ? 'no generation published yet: run `merchant-dedup rebuild`' : null;
      if (g !== null && g.generation !== this.pinned?.generation) {
        this.pinned = g;
        this.onSwitch(g);
      }
    } catch (err) {
      this.lastError = (err as Error).message;
    }
    return this.pinned;
  }

  start(): void {
    this.timer = setInterval(() => void this.refresh(), GENERATION_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
