/**
 * The filters of the expression language (spec §4.4). Same semantics as the platform's:
 * string filters return non-string input unchanged. Each call is checked against the compile
 * budget before it runs (a filter whose result would not fit is refused before it allocates)
 * and its string result is charged after.
 */
import { NOWHERE, type Budget } from "./budget";
import { chargeCoercion } from "./coercion";
import { clip, ExpressionError } from "./errors";
import { joinLength, jsonLength, textLength } from "./text-size";

export type Filter = (input: unknown, ...args: unknown[]) => unknown;

const capitalize: Filter = (input) =>
  typeof input === "string" ? input.charAt(0).toUpperCase() + input.slice(1) : input;

const upper: Filter = (input) => (typeof input === "string" ? input.toUpperCase() : input);

const lower: Filter = (input) => (typeof input === "string" ? input.toLowerCase() : input);

const truncate: Filter = (input, length) => {
  if (typeof input !== "string") return input;
  const max = length as number;
  return input.length <= max ? input : input.substring(0, max) + "...";
};

const abs: Filter = (input) => Math.abs(input as number);

const join: Filter = (input, separator = ", ") =>
  Array.isArray(input) ? input.join(separator as string) : input;

// Exponent shifting rounds half up without binary-fraction surprises (round(1.005, 2) = 1.01).
const round: Filter = (input, decimals = 0) =>
  Number(Math.round(Number(String(input) + "e" + String(decimals))) + "e-" + String(decimals));

const replace: Filter = (input, search, replacement) =>
  typeof input === "string" ? input.split(search as string).join(replacement as string) : input;

const urlencode: Filter = (input) => (typeof input === "string" ? encodeURIComponent(input) : input);

type Check = (args: unknown[], budget: Budget) => void;

/** Refuses (before it is made) a result of `length` characters that would not fit the budget. */
function fits(length: number, budget: Budget, what: string): void {
  if (length > budget.textLeft) budget.text(length, NOWHERE, what);
}

/** Case mapping and URL encoding never shorten a string: refuse when the input alone does not fit. */
const inputFits: Check = ([input], budget) => {
  if (typeof input === "string") fits(input.length, budget, "the filter's result");
};

const argumentsCoerced: Check = (args, budget) => {
  for (const arg of args) chargeCoercion(arg, budget);
};

const truncateCheck: Check = ([input, length], budget) => {
  if (typeof input === "string") chargeCoercion(length, budget);
};

const joinCheck: Check = ([input, separator = ", "], budget) => {
  if (!Array.isArray(input)) return;
  chargeCoercion(separator, budget);
  fits(joinLength(input, textLength(separator, budget.textLeft), budget.textLeft), budget, "the result of join()");
};

/** `input.split(search).join(replacement)`: its length is known before either array is made. */
const replaceCheck: Check = ([input, search, replacement], budget) => {
  if (typeof input !== "string") return;
  chargeCoercion(search, budget);
  chargeCoercion(replacement, budget);
  let pieces = 1;
  let removed = 0;
  if (search !== undefined) {
    const needle = String(search);
    if (needle === "") {
      pieces = input.length;
    } else {
      for (let at = input.indexOf(needle); at !== -1; at = input.indexOf(needle, at + needle.length)) pieces++;
      removed = (pieces - 1) * needle.length;
    }
  }
  const glue = replacement === undefined ? 1 : textLength(replacement, budget.textLeft);
  fits(input.length - removed + Math.max(0, pieces - 1) * glue, budget, "the result of replace()");
};

const dumpCheck: Check = ([input], budget) => fits(jsonLength(input, budget.textLeft), budget, "the result of dump()");

const dump: Filter = (input) => JSON.stringify(input);

const FILTERS: ReadonlyMap<string, { run: Filter; check: Check }> = new Map([
  ["capitalize", { run: capitalize, check: inputFits }],
  ["upper", { run: upper, check: inputFits }],
  ["lower", { run: lower, check: inputFits }],
  ["truncate", { run: truncate, check: truncateCheck }],
  ["abs", { run: abs, check: argumentsCoerced }],
  ["join", { run: join, check: joinCheck }],
  ["round", { run: round, check: argumentsCoerced }],
  ["replace", { run: replace, check: replaceCheck }],
  ["urlencode", { run: urlencode, check: inputFits }],
  ["dump", { run: dump, check: dumpCheck }],
]);

export function callFilter(name: string, args: unknown[], budget: Budget): unknown {
  const filter = FILTERS.get(name);
  if (filter === undefined) throw new ExpressionError(`Filter "${clip(name)}" is not registered.`);
  filter.check(args, budget);
  const [input, ...rest] = args;
  const result = filter.run(input, ...rest);
  if (typeof result === "string" && result !== input) budget.text(result.length, NOWHERE, `the result of ${name}()`);
  return result;
}
