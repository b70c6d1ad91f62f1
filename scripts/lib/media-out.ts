/**
 * Images and speech in answers: summarised for the terminal (never pages of base64), or
 * written to files with `--out DIR`. Media are the `{ mimeType, base64 }` values of image
 * and speech envelopes and of experiment rows' `actualOutput`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface Media {
  mimeType?: string;
  base64: string;
  format?: string;
}

function isMedia(value: unknown): value is Media {
  return typeof value === "object" && value !== null && typeof (value as Media).base64 === "string";
}

function decodedBytes(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** A copy of `value` with every media's base64 replaced by a short description. */
export function summariseMedia(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(summariseMedia);
  if (isMedia(value)) return { ...value, base64: `<${decodedBytes(value.base64)} bytes; --out DIR saves it>` };
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, summariseMedia(inner)]));
  }
  return value;
}

/** Every media inside `value`, in order. */
export function findMedia(value: unknown, found: Media[] = []): Media[] {
  if (isMedia(value)) found.push(value);
  else if (Array.isArray(value)) for (const item of value) findMedia(item, found);
  else if (typeof value === "object" && value !== null) for (const inner of Object.values(value)) findMedia(inner, found);
  return found;
}

function extension(media: Media): string {
  const fromType = media.mimeType?.split("/")[1]?.split(";")[0]?.replace(/[^a-z0-9]/gi, "");
  return (media.format ?? fromType ?? "bin").replace(/[^a-z0-9]/gi, "") || "bin";
}

/** Writes the media of `value` as `<stem>-<n>.<ext>` in `dir`; returns the paths written. */
export async function saveMedia(value: unknown, dir: string, stem: string): Promise<string[]> {
  const media = findMedia(value);
  if (media.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [i, item] of media.entries()) {
    const path = join(dir, `${stem}${media.length > 1 ? `-${i + 1}` : ""}.${extension(item)}`);
    await writeFile(path, Buffer.from(item.base64, "base64"));
    paths.push(path);
  }
  return paths;
}
