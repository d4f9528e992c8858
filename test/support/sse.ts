/**
 * Reads a stream of server-sent events to its end, or until its request is aborted, handing the
 * JSON of each event's data lines to `onData`.
 */
export async function readServerSentEvents(body: ReadableStream<Uint8Array>, onData: (data: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let at = buffer.indexOf("\n\n"); at !== -1; at = buffer.indexOf("\n\n")) {
        const data = buffer
          .slice(0, at)
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trim())
          .join("");
        buffer = buffer.slice(at + 2);
        if (data) onData(JSON.parse(data));
      }
    }
  } catch {
    // aborted
  }
}
