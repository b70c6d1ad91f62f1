/**
 * The expression language of `{…}` and attribute values (spec §4.4): parsed with jsep
 * (+ the object-literal plugin) and evaluated by a small interpreter; no code generation.
 *
 * What an expression can reach is data only: members are read only when they are an
 * object's or array's own data properties (never inherited ones such as `constructor`,
 * `__proto__` or `push`, never getters), an expression never yields a function (it reads as
 * absent, like any missing member), and object literals have no prototype. Every string it
 * makes is charged to the compile budget before or as it is made.
 */
import jsep from "jsep";
import jsepObject from "@jsep-plugin/object";
import { NOWHERE, type Budget } from "./budget";
import { ByteBoundedCache } from "./byte-cache";
import { chargeCoercion } from "./coercion";
import { clip, ExpressionError } from "./errors";
import { callFilter } from "./filters";
import type { Scope } from "./scope";

jsep.plugins.register(jsepObject);

type Node = jsep.Expression;

// Prompts repeat the same few expressions on every request: keep their parsed form,
// within about 4 MiB (a parsed expression measured at up to ~50 bytes per source character).
export const expressionCache = new ByteBoundedCache<Node>(4 * 1024 * 1024, 64);

export function parseExpression(source: string, budget: Budget): Node {
  budget.expression(source);
  const expression = source.trim();
  let node = expressionCache.get(expression);
  if (node === undefined) {
    budget.depth(nestingOf(expression), "an expression", NOWHERE);
    try {
      node = jsep(expression);
    } catch (error) {
      const reason = error instanceof Error ? ` (${error.message})` : "";
      throw new ExpressionError(`Failed to parse expression: "${clip(expression)}"${reason}`);
    }
    expressionCache.set(expression, node);
  }
  return node;
}

/**
 * How deep jsep will recurse: brackets plus a run of prefix operators, outside string
 * literals. An over-estimate is fine; it keeps the parser far from the stack's end.
 */
function nestingOf(source: string): number {
  let depth = 0;
  let run = 0;
  let deepest = 0;
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code === 0x22 || code === 0x27) {
      for (index++; index < source.length && source.charCodeAt(index) !== code; index++) {
        if (source.charCodeAt(index) === 0x5c) index++;
      }
      run = 0;
    } else if (code === 0x28 || code === 0x5b || code === 0x7b) {
      depth++;
      run = 0;
    } else if (code === 0x29 || code === 0x5d || code === 0x7d) {
      depth--;
      run = 0;
    } else if (code === 0x21 || code === 0x2d || code === 0x2b || code === 0x7e) {
      run++;
    } else if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) {
      run = 0;
    }
    if (depth + run > deepest) deepest = depth + run;
  }
  return deepest;
}

export function evaluateSource(source: string, scope: Scope, budget: Budget): unknown {
  return evaluate(parseExpression(source, budget), scope, budget, 0);
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

export function evaluate(node: Node, scope: Scope, budget: Budget, depth: number): unknown {
  budget.tick(NOWHERE);
  if (depth > budget.limits.maxDepth) budget.depth(depth, "an expression", NOWHERE);
  switch (node.type) {
    case "Literal":
      return (node as jsep.Literal).value;
    case "Identifier":
      return dataOnly(scope.get((node as jsep.Identifier).name));
    case "MemberExpression":
      return evaluateMember(node as jsep.MemberExpression, scope, budget, depth);
    case "BinaryExpression":
      return evaluateBinary(node as jsep.BinaryExpression, scope, budget, depth);
    case "UnaryExpression": {
      const { operator, argument } = node as jsep.UnaryExpression;
      const value = evaluate(argument, scope, budget, depth + 1);
      if (operator === "!") return !value;
      if (operator !== "+" && operator !== "-") throw new ExpressionError(`Unsupported operator: ${operator}`);
      chargeCoercion(value, budget);
      return operator === "+" ? +(value as number) : -(value as number);
    }
    case "CallExpression":
      return evaluateCall(node as jsep.CallExpression, scope, budget, depth);
    case "ArrayExpression":
      return (node as jsep.ArrayExpression).elements.map((element) =>
        element ? evaluate(element, scope, budget, depth + 1) : undefined,
      );
    case "ObjectExpression":
      return evaluateObject(node, scope, budget, depth);
    default:
      throw new ExpressionError(`Unsupported node type: ${node.type}`);
  }
}

/** Functions are not data: an expression that would yield one reads it as absent. */
function dataOnly(value: unknown): unknown {
  return typeof value === "function" ? undefined : value;
}

function evaluateBinary(node: jsep.BinaryExpression, scope: Scope, budget: Budget, depth: number): unknown {
  const { operator, left, right } = node;
  const operation = Object.hasOwn(BINARY, operator) ? BINARY[operator] : undefined;
  if (operation === undefined) throw new ExpressionError(`Operator "${clip(operator)}" is not allowed.`);
  const leftValue = evaluate(left, scope, budget, depth + 1);
  if (operator === "&&" || operator === "||") return operation(leftValue, () => evaluate(right, scope, budget, depth + 1));
  const rightValue = evaluate(right, scope, budget, depth + 1);
  // Loose equality between two objects compares identity; everything else converts them to text first.
  const comparesIdentity = (operator === "==" || operator === "!=") && isObject(leftValue) === isObject(rightValue);
  if (!comparesIdentity) {
    chargeCoercion(leftValue, budget);
    chargeCoercion(rightValue, budget);
  }
  const result = operation(leftValue, () => rightValue);
  // `+` builds ropes: nothing is copied until the text is used, where it is charged; only its length is bounded here.
  if (typeof result === "string" && result.length > budget.textLeft) {
    budget.text(result.length, NOWHERE, `the string made by "${clip(operator)}"`);
  }
  return result;
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

/** An absent property reads as "" (so `{props.missing}` renders empty), as on the platform. */
function evaluateMember(node: jsep.MemberExpression, scope: Scope, budget: Budget, depth: number): unknown {
  const object = evaluate(node.object, scope, budget, depth + 1);
  let key: PropertyKey;
  if (node.computed) {
    const property = evaluate(node.property, scope, budget, depth + 1);
    chargeCoercion(property, budget);
    key = typeof property === "symbol" ? property : String(property);
  } else {
    key = (node.property as jsep.Identifier).name;
  }
  if (object === null || typeof object !== "object") return "";
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !("value" in descriptor)) return "";
  const value = dataOnly(descriptor.value);
  return value === undefined ? "" : value;
}

function evaluateCall(node: jsep.CallExpression, scope: Scope, budget: Budget, depth: number): unknown {
  if (node.callee.type !== "Identifier") {
    throw new ExpressionError("Only calls to registered filters are allowed.");
  }
  const name = (node.callee as jsep.Identifier).name;
  const args = node.arguments.map((argument) => evaluate(argument, scope, budget, depth + 1));
  return callFilter(name, args, budget);
}

interface ObjectProperty {
  type: string;
  key?: Node;
  value?: Node;
}

/**
 * Object literals have no prototype. The one own member they get, under a symbol no
 * expression can name, lets them print as `[object Object]` as on the platform.
 */
function evaluateObject(node: Node, scope: Scope, budget: Budget, depth: number): Record<string, unknown> {
  const result = Object.create(null) as Record<string, unknown>;
  Object.defineProperty(result, Symbol.toPrimitive, { value: plainObjectText });
  for (const property of (node as unknown as { properties: ObjectProperty[] }).properties) {
    const { key, value } = property;
    if (property.type !== "Property" || key === undefined || value === undefined) {
      throw new ExpressionError(`Unsupported object property: ${property.type}`);
    }
    let name: string;
    if (key.type === "Identifier") name = (key as jsep.Identifier).name;
    else if (key.type === "Literal") name = String((key as jsep.Literal).value);
    else throw new ExpressionError(`Unsupported object key type: ${key.type}`);
    result[name] = evaluate(value, scope, budget, depth + 1);
  }
  return result;
}

function plainObjectText(): string {
  return "[object Object]";
}
