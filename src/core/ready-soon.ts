/**
 * Whether a promise is already as good as settled: it settles within this many microtask
 * turns, which is enough for a value that is already there to come through a few
 * async-generator layers, and far too short for anything that waits on I/O or a timer (those
 * resolve in a later task). Lets callers skip a timer for work that needs none.
 */
const SAME_TICK_TURNS = 64;
export const NOT_YET = Symbol("not yet");

/** `promise`'s outcome if it settles within SAME_TICK_TURNS microtask turns, else NOT_YET. */
export function readySoon<T>(promise: Promise<T>): Promise<T | typeof NOT_YET> {
  return new Promise((resolve, reject) => {
    let settled = false;
    promise.then(
      (value) => {
        settled = true;
        resolve(value);
      },
      (err: unknown) => {
        settled = true;
        reject(err);
      },
    );
    void (async () => {
      for (let i = 0; i < SAME_TICK_TURNS; i++) {
        await undefined;
        if (settled) return;
      }
      resolve(NOT_YET);
    })();
  });
}

/** `promise`'s outcome if it settles within `ms`, else NOT_YET (a timer only when it is not ready at once). */
export async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | typeof NOT_YET> {
  const soon = await readySoon(promise);
  if (soon !== NOT_YET) return soon;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lapse = new Promise<typeof NOT_YET>((resolve) => (timer = setTimeout(resolve, ms, NOT_YET)));
  try {
    return await Promise.race([promise, lapse]);
  } finally {
    clearTimeout(timer);
  }
}
