/**
 * @module The line to the parent as the child measures it from its own requests — round trip and throughput —
 * and the batch size that follows from it: as many events as the line carries in about `batchMs`, so that one
 * batch takes a bounded time on a poor line (and a cut costs at most the batches in flight) while a good line
 * gets the largest batches the client allows.
 */

/** One finished request: bytes sent and received (as on the wire, compressed) and how long it took. */
export interface LineSample {
  readonly bytesOut: number;
  readonly bytesIn: number;
  readonly ms: number;
}

export interface LineMeterOptions {
  /** How long one batch should take from sending to its answer; 3000 ms unless given. */
  readonly batchMs?: number;
  /** The smallest batch; 10 unless given (below that, round trips and headers cost more than the events). */
  readonly minEvents?: number;
  /** The first batch on a line not measured yet; 50 unless given. Until the line is measured, each batch doubles. */
  readonly firstEvents?: number;
}

/** Samples under this many bytes measure the round trip, not the throughput. */
const THROUGHPUT_SAMPLE_BYTES = 2048;
/** How many recent samples each estimate looks at. */
const WINDOW = 8;

/**
 * @example
 * const line = makeLineMeter({})
 * const pushes = line.sizer(150, 1000)
 * const events = pushes.next() // 50 on a line not measured yet
 * line.record({ bytesOut: 7_400, bytesIn: 700, ms: 2300 }); pushes.sent(events, 7_400) // after each answer
 * pushes.next() // what the line carries in about 3 s, at most twice the last batch
 */
export const makeLineMeter = (options: LineMeterOptions = {}) => {
  const batchMs = options.batchMs ?? 3000;
  const durations: number[] = [];
  /** Durations of small requests (a round's cursors, an empty pull page): nearly nothing but the round trip. */
  const trips: number[] = [];
  const transfers: { bytes: number; ms: number }[] = [];
  /** Bumped by `reset`: sizers start again from their first size. */
  let generation = 0;

  const keep = <T>(list: T[], item: T): void => {
    list.push(item);
    if (list.length > WINDOW) list.shift();
  };

  /** The shortest recent small request (else the shortest recent request): every request costs a round trip. */
  const rttMs = (): number | null => {
    const known = trips.length > 0 ? trips : durations;
    return known.length === 0 ? null : Math.min(...known);
  };

  /**
   * Bytes per second of the recent large requests, from sending to the answer: round trip and the parent's work
   * included, and shared with the requests in flight beside them — so a batch sized by it is answered in about
   * `batchMs`, whatever of that the round trip, the line or the parent takes.
   */
  const bytesPerSecond = (): number | null => {
    if (transfers.length === 0) return null;
    let bytes = 0;
    let ms = 0;
    for (const t of transfers) {
      bytes += t.bytes;
      ms += Math.max(1, t.ms);
    }
    return (bytes / ms) * 1000;
  };

  /**
   * Batch sizes for one kind of batch (pushes, pulls), from its own bytes per event on the wire (`guess` until a
   * batch has been sent): what the measured line carries in `batchMs`, between the minimum and
   * `maxEvents`, and at most twice the last size asked for — a line only just measured is not trusted with a batch
   * far larger than any it has carried; until it is measured at all, sizes double from the first.
   */
  const sizer = (guess: number, maxEvents: number) => {
    const minEvents = Math.min(options.minEvents ?? 10, maxEvents);
    const firstEvents = Math.max(minEvents, Math.min(options.firstEvents ?? 50, maxEvents));
    let bytesPerEvent = guess;
    let last: number | null = null;
    let born = generation;
    /** Events the measured line carries in `batchMs`, or null while it is not measured. */
    const carried = (): number | null => {
      const rate = bytesPerSecond();
      return rate === null ? null : Math.floor((rate * batchMs) / 1000 / Math.max(1, bytesPerEvent));
    };
    return {
      next: (): number => {
        if (born !== generation) {
          born = generation;
          last = null;
        }
        const fits = carried();
        let events: number;
        if (fits === null) events = last === null ? firstEvents : last * 2;
        else events = last === null ? fits : Math.min(fits, last * 2);
        last = Math.max(minEvents, Math.min(maxEvents, events));
        return last;
      },
      /**
       * Whether the line, not the batch size allowed, is what limits a batch (or the line is not measured yet): then
       * a byte saved shortens the sync, and compressing harder pays.
       */
      lineBound: (): boolean => {
        const fits = carried();
        return fits === null || fits < maxEvents;
      },
      /** A batch of `events` went as `bytes` on the wire: the estimate of bytes per event moves halfway to it. */
      sent: (events: number, bytes: number): void => {
        if (events > 0) bytesPerEvent = (bytesPerEvent + bytes / events) / 2;
      },
      bytesPerEvent: (): number => bytesPerEvent,
    };
  };

  return {
    record: (sample: LineSample): void => {
      keep(durations, sample.ms);
      const bytes = sample.bytesOut + sample.bytesIn;
      if (bytes >= THROUGHPUT_SAMPLE_BYTES) keep(transfers, { bytes, ms: sample.ms });
      else keep(trips, sample.ms);
    },
    /**
     * Forgets the line: at the start of a round (the line may have changed since the last one) and after it failed
     * (a cut, a reset, a timeout), it is measured again and batches start small again, as TCP starts slowly.
     */
    reset: (): void => {
      durations.length = 0;
      trips.length = 0;
      transfers.length = 0;
      generation++;
    },
    rttMs,
    bytesPerSecond,
    sizer,
  };
};

export type LineMeter = ReturnType<typeof makeLineMeter>;
export type BatchSizer = ReturnType<LineMeter["sizer"]>;
