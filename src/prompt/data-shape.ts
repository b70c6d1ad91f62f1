/**
 * Depth and size of data a job hands us (props, the parsed frontmatter), checked once
 * before rendering. YAML aliases make one object appear in many places, so sizes and heights
 * are memoised per object: the check costs the number of distinct objects, not their
 * expansion (a "billion laughs" document is measured in a few steps and refused).
 */
import { limitError } from "./budget";

interface Shape {
  size: number;
  height: number;
}

const MEASURING: Shape = { size: Number.NaN, height: Number.NaN };

export interface DataLimits {
  maxDepth: number;
  /** JSON size once shared parts are expanded; omit to check the depth only. */
  maxChars?: number;
}

/** Throws a CompileLimitError naming `label` and the path where the limit was passed. */
export function checkData(value: unknown, label: string, limits: DataLimits): void {
  const shapes = new Map<object, Shape>();
  const maxChars = limits.maxChars ?? Number.POSITIVE_INFINITY;
  const path: string[] = [];
  const where = () => describePath(label, path);

  const measure = (node: unknown, depth: number): Shape => {
    if (node === null || typeof node !== "object" || node instanceof Date) return { size: scalarSize(node), height: 0 };
    const known = shapes.get(node);
    if (known === MEASURING) {
      // Infinitely large and deep: a YAML alias inside its own anchor, or a cycle in props from code.
      throw limitError(limits.maxChars === undefined ? "maxDepth" : "maxFrontmatterChars", `${where()} contains itself`);
    }
    if (known !== undefined) {
      if (depth + known.height > limits.maxDepth) throw limitError("maxDepth", `${where()} is nested deeper than ${limits.maxDepth} levels`);
      return known;
    }
    if (depth >= limits.maxDepth) throw limitError("maxDepth", `${where()} is nested deeper than ${limits.maxDepth} levels`);
    shapes.set(node, MEASURING);
    let size = 2;
    let height = 1;
    const visit = (key: string, child: unknown) => {
      path.push(key);
      const shape = measure(child, depth + 1);
      path.pop();
      size += shape.size + 1;
      height = Math.max(height, shape.height + 1);
      if (size > maxChars) {
        throw limitError("maxFrontmatterChars", `${where()} is larger than ${maxChars} characters once YAML aliases are expanded`);
      }
    };
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) visit(String(index), node[index]);
    } else {
      // Own data only: a getter (props given by code) is not run.
      for (const key of Object.keys(node)) {
        const descriptor = Object.getOwnPropertyDescriptor(node, key);
        if (descriptor !== undefined && "value" in descriptor) visit(key, descriptor.value);
      }
    }
    const shape = { size, height };
    shapes.set(node, shape);
    return shape;
  };
  measure(value, 0);
}

function scalarSize(value: unknown): number {
  if (typeof value === "string") return value.length + 2;
  if (value instanceof Date) return 26;
  return String(value).length;
}

function describePath(label: string, path: readonly string[]): string {
  if (path.length === 0) return label;
  const shown = path.length > 6 ? [...path.slice(0, 6), "…"] : path;
  return `${label}.${shown.map((key) => (key.length > 40 ? `${key.slice(0, 40)}…` : key)).join(".")}`;
}
