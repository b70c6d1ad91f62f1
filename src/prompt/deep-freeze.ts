/**
 * Freezes plain data (objects, arrays, scalars) all the way down, so a value shared between
 * requests through a cache cannot be changed by any of them. Returns false, leaving what it
 * has not reached unfrozen, when it meets anything that freezing cannot protect (a `Date`
 * from a YAML timestamp keeps its setters, a typed array its elements): such a value must
 * not be shared.
 */
export function deepFreeze(value: unknown): boolean {
  if (value === null || typeof value !== "object") return typeof value !== "function";
  if (Object.isFrozen(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null && proto !== Array.prototype) return false;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !("value" in descriptor)) return false;
    if (!deepFreeze(descriptor.value)) return false;
  }
  return true;
}
