/**
 * Type-level tests of the runner seam, checked by `npm run typecheck` (not a vitest file):
 * each `@ts-expect-error` fails the type check if the line below it compiles.
 */
import type { AgentEvent } from "../../src/protocol/agent-events";
import type { Runner, RunnerOf } from "../../src/runners/types";

async function* events(): AsyncGenerator<AgentEvent> {
  yield { type: "finish", reason: "stop" };
}
const image = async () => [{ mimeType: "image/png", base64: "" }];
const handles = () => true;

// A runner implements exactly what it declares.
export const textOnly: Runner = { name: "t", kinds: ["text"], handles, runText: events };
export const textAndImage: Runner = { name: "ti", kinds: ["text", "image"], handles, runText: events, runImage: image };

// @ts-expect-error declares text without runText
export const noMethod: Runner = { name: "x", kinds: ["text"], handles };

// @ts-expect-error declares object but implements only runText
export const missingObject: Runner = { name: "x", kinds: ["text", "object"], handles, runText: events };

// @ts-expect-error declares every kind, implements two
export const everyKind: Runner = { name: "x", kinds: ["text", "object", "image", "speech"], handles, runText: events, runObject: events };

// @ts-expect-error a kind that does not exist
export const unknownKind: Runner = { name: "x", kinds: ["video"], handles, runText: events };

// The same holds for a runner of a named set of kinds, and for classes.
// @ts-expect-error RunnerOf<"image"> needs runImage
export const namedSet: RunnerOf<"image"> = { name: "x", kinds: ["image"], handles };

export class ClassRunner implements RunnerOf<"text"> {
  readonly name = "class";
  readonly kinds = ["text"] as const;
  handles = handles;
  runText = events;
}

// @ts-expect-error a class declaring object without runObject
export class BrokenClassRunner implements RunnerOf<"text" | "object"> {
  readonly name = "class";
  readonly kinds = ["text", "object"] as const;
  handles = handles;
  runText = events;
}

// A class runner is a Runner (what the config's `runners` list takes).
export const fromClass: Runner = new ClassRunner();
