/**
 * A byte stream passed on chunk by chunk as it arrives (pull-based: nothing is buffered, a slow
 * reader slows the source), with a say in what a failed read becomes: `onReadError` returns
 * "close" to end the relay quietly, or "error" to pass the failure on. Cancelling the relay
 * cancels the source.
 */
export function relayStream(
  source: ReadableStream<Uint8Array>,
  onReadError: (err: unknown) => "close" | "error",
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        if (onReadError(err) === "close") controller.close();
        else controller.error(err);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
