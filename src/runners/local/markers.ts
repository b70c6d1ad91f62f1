/**
 * The markers that make the local model call tools: `[[call:NAME {"arg":1}]]` in the last
 * user message, one tool call per marker, in order. The same vocabulary as the fake model
 * APIs of the tests (test/fakes/openai.ts), so one prompt exercises a tool offline on
 * `local/*` and against the fakes on `openai/*`.
 */

export interface CallMarker {
  /** The tool's name as the prompt offers it. */
  name: string;
  /** The arguments' JSON text (`{}` when the marker has none). */
  argsText: string;
}

/** AgentMark markdown-escapes interpolated props (`\[\[call:…\]\]`): undo that first. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!<>&|~])/g, "$1");
}

/** Every `[[call:…]]` marker of the text, in order. The arguments may not contain `]]`. */
export function callMarkers(text: string): CallMarker[] {
  const markers: CallMarker[] = [];
  for (const match of unescapeMarkdown(text).matchAll(/\[\[call:([\s\S]*?)\]\]/g)) {
    const body = match[1]!.trim();
    const space = body.search(/\s/);
    markers.push(space < 0 ? { name: body, argsText: "{}" } : { name: body.slice(0, space), argsText: body.slice(space + 1).trim() || "{}" });
  }
  return markers;
}
