/**
 * The expression language of `{…}` and attribute values (spec §4.4): parsed with jsep
 * (+ the object-literal plugin) and evaluated by a small interpreter; no code generation.
 */
import jsep from "jsep";
import jsepObject from "@jsep-plugin/object";
import { getFilter } from "./filters";
import type { Scope } from "./scope";

jsep.plugins.register(jsepObject);

/** A problem in an expression; the renderer adds where the expression is. */
export class ExpressionError extends Error {}

type Node = jsep.Expression;

// Prompts repeat the same few expressions on every request: keep their parsed form.
const PARSE_CACHE_LIMIT = 1000;
const parsed = new Map<string, Node>();

export function parseExpression(source: string): Node {
  const expression = source.trim();
  let node = parsed.get(expression);
  if (node === undefined) {
    try {
      node = jsep(expression);
    } catch (error) {
      const reason = error instanceof Error ? ` (${error.message})` : "";
      throw new ExpressionError(`Failed to parse expression: "${expression}"${reason}`);
    }
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    parsed.set(expression, node);
  }
  return node;
}

export function evaluateSource(source: string, scope: Scope): unknown {
  return evaluate(parseExpression(source), scope);
}

type Binary = (left: unknown, right: () => unknown) => unknown;

// `any` mirrors JavaScript's own operator semantics, which the platform exposes as they are.
/* eslint-disable @typescript-eslint/no-explicit-any */
const BINARY: Readonly<Record<string, Binary>> = {
  "+": (l, r) => (l as any) + (r() as any),
  "-": (l, r) => (l as any) - (r() as any),
  "*": (l, r) => (l as any) * (r() as any),
  "/": (l, r) => (l as any) / (r() as any),
  "%": (l, r) => (l as any) % (r() as any),
  "==": (l, r) => l == r(),
  "!=": (l, r) => l != r(),
  ">": (l, r) => (l as any) > (r() as any),
  ">=": (l, r) => (l as any) >= (r() as any),
  "<": (l, r) => (l as any) < (r() as any),
  "<=": (l, r) => (l as any) <= (r() as any),
  "&&": (l, r) => l && r(),
  "||": (l, r) => l || r(),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export function evaluate(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case "Literal":
      return (node as jsep.Literal).value;
    case "Identifier":
      return scope.get((node as jsep.Identifier).name);
    case "MemberExpression":
      return evaluateMember(node as jsep.MemberExpression, scope);
    case "BinaryExpression": {
      const { operator, left, right } = node as jsep.BinaryExpression;
      const operation = Object.hasOwn(BINARY, operator) ? BINARY[operator] : undefined;
      if (operation === undefined) throw new ExpressionError(`Operator "${operator}" is not allowed.`);
      return operation(evaluate(left, scope), () => evaluate(right, scope));
    }
    case "UnaryExpression": {
      const { operator, argument } = node as jsep.UnaryExpression;
      const value = evaluate(argument, scope);
      if (operator === "+") return +(value as number);
      if (operator === "-") return -(value as number);
      if (operator === "!") return !value;
      throw new ExpressionError(`Unsupported operator: ${operator}`);
    }
    case "CallExpression":
      return evaluateCall(node as jsep.CallExpression, scope);
    case "ArrayExpression":
      return (node as jsep.ArrayExpression).elements.map((element) =>
        element ? evaluate(element, scope) : undefined,
      );
    case "ObjectExpression":
      return evaluateObject(node, scope);
    default:
      throw new ExpressionError(`Unsupported node type: ${node.type}`);
  }
}

/** An absent property reads as "" (so `{props.missing}` renders empty), as on the platform. */
function evaluateMember(node: jsep.MemberExpression, scope: Scope): unknown {
  const object = evaluate(node.object, scope);
  const property = node.computed
    ? evaluate(node.property, scope)
    : (node.property as jsep.Identifier).name;
  if (object === null || typeof object !== "object") return "";
  const key = property as PropertyKey;
  if (!(key in object)) return "";
  const value = (object as Record<PropertyKey, unknown>)[key];
  return value === undefined ? "" : value;
}

function evaluateCall(node: jsep.CallExpression, scope: Scope): unknown {
  if (node.callee.type !== "Identifier") {
    throw new ExpressionError("Only calls to registered filters are allowed.");
  }
  const name = (node.callee as jsep.Identifier).name;
  const filter = getFilter(name);
  if (filter === undefined) throw new ExpressionError(`Filter "${name}" is not registered.`);
  const [input, ...rest] = node.arguments.map((argument) => evaluate(argument, scope));
  return filter(input, ...rest);
}

interface ObjectProperty {
  type: string;
  key?: Node;
  value?: Node;
}

function evaluateObject(node: Node, scope: Scope): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const property of (node as unknown as { properties: ObjectProperty[] }).properties) {
    const { key, value } = property;
    if (property.type !== "Property" || key === undefined || value === undefined) {
      throw new ExpressionError(`Unsupported object property: ${property.type}`);
    }
    let name: string;
    if (key.type === "Identifier") name = (key as jsep.Identifier).name;
    else if (key.type === "Literal") name = String((key as jsep.Literal).value);
    else throw new ExpressionError(`Unsupported object key type: ${key.type}`);
    result[name] = evaluate(value, scope);
  }
  return result;
}

/** How an expression result becomes text: arrays join without separator, objects as JSON. */
export function stringifyValue(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}
