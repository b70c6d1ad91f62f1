/**
 * Where the expression language turns a value into text: operators, filters and the text
 * an expression renders. Arrays and objects are measured (./text-size.ts) and charged
 * before JavaScript builds their text, so shared references cannot blow up memory.
 */
import { NOWHERE, type Budget } from "./budget";
import { joinLength, jsonLength, textLength } from "./text-size";

/** Charges the text JavaScript makes when it converts an array or object to a primitive. */
export function chargeCoercion(value: unknown, budget: Budget, what = "converting an array or object to text"): void {
  if (typeof value !== "object" || value === null) return;
  budget.text(textLength(value, budget.textLeft), NOWHERE, what);
}

/** How an expression result becomes text: arrays join without separator, objects as JSON. */
export function stringifyValue(value: unknown, budget: Budget, trail: readonly string[]): string {
  let text: string;
  if (typeof value === "string") {
    text = value;
  } else if (Array.isArray(value)) {
    budget.text(joinLength(value, 0, budget.textLeft), trail, "an array's text");
    return value.join("");
  } else if (typeof value === "object" && value !== null) {
    budget.text(jsonLength(value, budget.textLeft), trail, "an object's JSON");
    return JSON.stringify(value);
  } else {
    text = String(value);
  }
  budget.text(text.length, trail);
  return text;
}
