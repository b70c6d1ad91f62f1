/**
 * The child of `<ForEach>`: `{(item, index) => (<>…</>)}`. The platform reads the parameters
 * from the expression's ESTree (`data.estree`), which `compressAst` strips; without it we read
 * them from the source text. The body is MDX source re-parsed on the fly, as on the platform.
 */
import { FLOW_ELEMENT, FLOW_EXPRESSION, isRecord, type AstNode } from "./ast";
import type { Budget } from "./budget";
import { ByteBoundedCache } from "./byte-cache";
import { parseMdx } from "./markdown";

export interface ArrowFunction {
  params: string[];
  body: AstNode[];
}

export class ArrowFunctionError extends Error {}

const NOT_A_FUNCTION = "ForEach expects a function as its child.";
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const HEADER = /^\s*(?:\(([^()]*)\)|([\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*))\s*=>/u;

// Parsed bodies, within about 4 MiB (mdast with positions measured at up to ~240 bytes per character).
export const bodyCache = new ByteBoundedCache<AstNode[]>(4 * 1024 * 1024, 256);

export function readArrowFunction(node: AstNode, budget: Budget, trail: readonly string[]): ArrowFunction {
  if (node.type !== FLOW_EXPRESSION || typeof node.value !== "string") {
    throw new ArrowFunctionError(NOT_A_FUNCTION);
  }
  const source = node.value;
  const params = paramsFromEstree(node.data) ?? paramsFromSource(source);
  if (params.length < 1) throw new ArrowFunctionError("Function must have at least one parameter.");
  return { params, body: parseBody(source, budget, trail) };
}

/** `undefined` when there is no ESTree (compressed AST). */
function paramsFromEstree(data: unknown): string[] | undefined {
  if (!isRecord(data) || !isRecord(data.estree)) return undefined;
  const body = data.estree.body;
  const statement = Array.isArray(body) ? (body[0] as unknown) : undefined;
  const expression = isRecord(statement) ? statement.expression : undefined;
  if (!isRecord(expression) || expression.type !== "ArrowFunctionExpression") {
    throw new ArrowFunctionError(NOT_A_FUNCTION);
  }
  const params = Array.isArray(expression.params) ? (expression.params as unknown[]) : [];
  return params.map((param) => {
    if (isRecord(param) && param.type === "Identifier" && typeof param.name === "string") {
      return param.name;
    }
    throw new ArrowFunctionError("Only simple identifiers are supported as function parameters.");
  });
}

function paramsFromSource(source: string): string[] {
  const header = HEADER.exec(source);
  if (header === null) throw new ArrowFunctionError(NOT_A_FUNCTION);
  if (header[2] !== undefined) return [header[2]];
  const list = (header[1] ?? "").trim();
  if (list === "") return [];
  return list.split(",").map((param) => {
    const name = param.trim();
    if (!IDENTIFIER.test(name)) {
      throw new ArrowFunctionError("Only simple identifiers are supported as function parameters.");
    }
    return name;
  });
}

function parseBody(source: string, budget: Budget, trail: readonly string[]): AstNode[] {
  let code = source.substring(source.indexOf("=>") + 2).trim();
  if (code.startsWith("(") && code.endsWith(")")) code = code.substring(1, code.length - 1).trim();
  budget.markdown(code, trail);
  const cached = bodyCache.get(source);
  if (cached !== undefined) return cached;
  // The parser is superlinear in the containers opened on one line (`- - - - a`): refuse those first.
  budget.depth(deepestLineNesting(code), "a line of the ForEach body (its lists and block quotes)", trail);
  let body: AstNode[];
  try {
    body = unwrapFragments(parseMdx(code));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArrowFunctionError(`Cannot parse the ForEach body: ${reason}`);
  }
  bodyCache.set(source, body);
  return body;
}

/**
 * The most markdown containers opened at the start of one line, as AST levels: a list item
 * is two (list, item), a block quote one. Each character is looked at once.
 */
function deepestLineNesting(code: string): number {
  let deepest = 0;
  let index = 0;
  while (index < code.length) {
    let depth = 0;
    for (;;) {
      while (code.charCodeAt(index) === 0x20 || code.charCodeAt(index) === 0x09) index++;
      const marker = code.charCodeAt(index);
      if (marker === 0x3e) {
        depth += 1;
        index += 1;
        continue;
      }
      if ((marker === 0x2d || marker === 0x2a || marker === 0x2b) && endsMarker(code, index + 1)) {
        depth += 2;
        index += 1;
        continue;
      }
      let digits = index;
      while (digits < index + 9 && code.charCodeAt(digits) >= 0x30 && code.charCodeAt(digits) <= 0x39) digits++;
      const delimiter = code.charCodeAt(digits);
      if (digits > index && (delimiter === 0x2e || delimiter === 0x29) && endsMarker(code, digits + 1)) {
        depth += 2;
        index = digits + 1;
        continue;
      }
      break;
    }
    if (depth > deepest) deepest = depth;
    const newline = code.indexOf("\n", index);
    if (newline === -1) break;
    index = newline + 1;
  }
  return deepest;
}

function endsMarker(code: string, index: number): boolean {
  const next = code.charCodeAt(index);
  return Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d;
}

function unwrapFragments(nodes: AstNode[]): AstNode[] {
  return nodes.flatMap((node) =>
    node.type === FLOW_ELEMENT && node.name === null ? unwrapFragments(node.children ?? []) : [node],
  );
}
