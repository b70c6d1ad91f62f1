/**
 * How long a test waits for something that must happen (a log line, an abort reaching the
 * upstream, a count settling). Tests wait for events, never for fixed durations: this is
 * only the deadline after which a missing event is a failure, generous because the machine
 * running the suite may be busy. `vi.waitFor(check, WAIT)` re-checks every 25 ms.
 */
export const WAIT_MS = 15_000;
export const WAIT = { timeout: WAIT_MS, interval: 25 } as const;
