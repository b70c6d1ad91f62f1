/**
 * The filters of the expression language (spec §4.4). Same semantics as the platform's:
 * string filters return non-string input unchanged.
 */
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

const dump: Filter = (input) => JSON.stringify(input);

const FILTERS: ReadonlyMap<string, Filter> = new Map([
  ["capitalize", capitalize],
  ["upper", upper],
  ["lower", lower],
  ["truncate", truncate],
  ["abs", abs],
  ["join", join],
  ["round", round],
  ["replace", replace],
  ["urlencode", urlencode],
  ["dump", dump],
]);

export function getFilter(name: string): Filter | undefined {
  return FILTERS.get(name);
}
