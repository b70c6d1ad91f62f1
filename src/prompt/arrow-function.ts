/**
 * The child of `<ForEach>`: `{(item, index) => (<>…</>)}`. The platform reads the parameters
 * from the expression's ESTree (`data.estree`), which `compressAst` strips; without it we read
 * them from the source text. The body is MDX source re-parsed on the fly, as on the platform.
 */
import { FLOW_ELEMENT, FLOW_EXPRESSION, isRecord, type AstNode } from "./ast";
import { parseMdx } from "./markdown";

export interface ArrowFunction {
  params: string[];
  body: AstNode[];
}

export class ArrowFunctionError extends Error {}

const NOT_A_FUNCTION = "ForEach expects a function as its child.";
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const HEADER = /^\s*(?:\(([^()]*)\)|([\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*))\s*=>/u;

const BODY_CACHE_LIMIT = 200;
const bodies = new Map<string, AstNode[]>();

export function readArrowFunction(node: AstNode): ArrowFunction {
  if (node.type !== FLOW_EXPRESSION || typeof node.value !== "string") {
    throw new ArrowFunctionError(NOT_A_FUNCTION);
  }
  const source = node.value;
  const params = paramsFromEstree(node.data) ?? paramsFromSource(source);
  if (params.length < 1) throw new ArrowFunctionError("Function must have at least one parameter.");
  return { params, body: parseBody(source) };
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

function parseBody(source: string): AstNode[] {
  const cached = bodies.get(source);
  if (cached !== undefined) return cached;
  let code = source.substring(source.indexOf("=>") + 2).trim();
  if (code.startsWith("(") && code.endsWith(")")) code = code.substring(1, code.length - 1).trim();
  let body: AstNode[];
  try {
    body = unwrapFragments(parseMdx(code));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArrowFunctionError(`Cannot parse the ForEach body: ${reason}`);
  }
  if (bodies.size >= BODY_CACHE_LIMIT) bodies.clear();
  bodies.set(source, body);
  return body;
}

function unwrapFragments(nodes: AstNode[]): AstNode[] {
  return nodes.flatMap((node) =>
    node.type === FLOW_ELEMENT && node.name === null ? unwrapFragments(node.children ?? []) : [node],
  );
}
