/** The lines of a byte stream as they arrive (NDJSON), without the trailing newline. */
export async function* lines(body: ReadableStream<Uint8Array<ArrayBuffer>>): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim() !== "") yield line;
      }
    }
    if (buffer.trim() !== "") yield buffer;
  } finally {
    // Stopped early (the consumer went away): closing the reader closes the connection.
    await reader.cancel().catch(() => {});
  }
}
