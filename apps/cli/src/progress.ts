/**
 * @module Progress of a long verb on stderr, so stdout stays the verb's own output: a bar (cli-progress) on a
 * terminal, plain lines in a log or a pipe — at each tenth of a known total, every 2 s for an unknown one —
 * and one final line either way.
 */
import cliProgress from "cli-progress";

// A CommonJS package: Node gives its exports to ESM as the default export only.
const { Format, SingleBar } = cliProgress;

export interface Progress {
  /** Counts `n` more done (1 unless given). */
  readonly tick: (n?: number) => void;
  /** Ends with one final line: `summary`, or the count when none is given. */
  readonly done: (summary?: string) => void;
  /** Ends with no final line, for a failure whose own message follows. */
  readonly cancel: () => void;
}

/** Where the progress goes; `process.stderr` unless a test gives its own. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

export interface ProgressOptions {
  readonly stream?: ProgressStream;
  /** Milliseconds; `Date.now` unless given. */
  readonly now?: () => number;
  /** How often a line is written for an unknown total when not on a terminal; 2000 ms unless given. */
  readonly everyMs?: number;
}

const decimal = new Intl.NumberFormat("uk-UA", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** A duration as it is read aloud in Ukrainian: `0,4 с`, `12 с`, `2 хв 05 с`, `1 год 02 хв`. */
export const formatDuration = (ms: number): string => {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${decimal.format(s)} с`;
  const whole = Math.round(s);
  if (whole < 60) return `${whole} с`;
  if (whole < 3600) return `${Math.floor(whole / 60)} хв ${String(whole % 60).padStart(2, "0")} с`;
  return `${Math.floor(whole / 3600)} год ${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")} хв`;
};

/**
 * Starts showing the progress of `label` (Ukrainian / English, like every CLI message) towards `total`, or of
 * an open-ended count when `total` is not known. Every path of the caller must end it with `done` or `cancel`:
 * on a terminal the bar redraws on a timer until then.
 *
 * @example
 * const p = progress("експорт / export", rows.length);
 * for (const row of rows) { write(row); p.tick(); }
 * p.done(`${rows.length} рядків / rows`); // stderr, not a TTY: "експорт / export: 100/1000 (10 %)" … "експорт / export: 1000 рядків / rows (0,2 с)"
 */
export const progress = (label: string, total?: number, options: ProgressOptions = {}): Progress => {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const goal = total ?? 0;
  const known = goal > 0;
  let value = 0;
  let ended = false;
  const finalLine = (summary: string | undefined) => `${label}: ${summary ?? String(value)} (${formatDuration(now() - started)})\n`;

  if (stream.isTTY === true) {
    const bar = new SingleBar({
      stream: stream as NodeJS.WritableStream,
      // No cursor hiding, no wrap switching and no signal handlers: a Ctrl+C leaves the terminal as it was
      // and still ends the process.
      hideCursor: false,
      linewrap: true,
      gracefulExit: false,
      clearOnComplete: true,
      barsize: 30,
      barCompleteChar: "\u2588",
      barIncompleteChar: "\u2591",
      format: (opts, params) => {
        const elapsed = formatDuration(now() - started);
        if (!known) return `${label}: ${params.value === 0 ? "…" : params.value} · ${elapsed}`;
        const left = params.value > 0 && Number.isFinite(params.eta) && params.progress < 1 ? ` · ще / left ~${formatDuration(params.eta * 1000)}` : "";
        return `${label} ${Format.BarFormat(params.progress, opts)} ${Math.floor(params.progress * 100)} % · ${params.value}/${params.total} · ${elapsed}${left}`;
      },
    });
    bar.start(goal, 0);
    const end = (line: string | null) => {
      if (ended) return;
      ended = true;
      bar.stop();
      if (line !== null) stream.write(line);
    };
    return {
      tick: (n = 1) => {
        if (ended) return;
        value += n;
        bar.update(value);
      },
      done: (summary) => end(finalLine(summary)),
      cancel: () => end(null),
    };
  }

  // Not a terminal: lines for a log. A known total writes one line per tenth passed (the final line stands for
  // the last); an unknown one writes the count so far every `everyMs`, from a timer that never holds the process.
  let tenths = 0;
  const line = () =>
    known
      ? `${label}: ${value}/${goal} (${Math.floor((value / goal) * 100)} %)\n`
      : `${label}: ${value === 0 ? "…" : value} (${formatDuration(now() - started)})\n`;
  const heartbeat = known ? undefined : setInterval(() => stream.write(line()), options.everyMs ?? 2000);
  heartbeat?.unref();
  const end = (text: string | null) => {
    if (ended) return;
    ended = true;
    if (heartbeat !== undefined) clearInterval(heartbeat);
    if (text !== null) stream.write(text);
  };
  return {
    tick: (n = 1) => {
      if (ended) return;
      value += n;
      if (!known) return;
      const reached = Math.min(10, Math.floor((value / goal) * 10));
      if (reached > tenths) {
        tenths = reached;
        if (reached < 10) stream.write(line());
      }
    },
    done: (summary) => end(finalLine(summary)),
    cancel: () => end(null),
  };
};
