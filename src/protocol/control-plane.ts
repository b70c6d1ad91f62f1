/** The `get-evals` answer (control-plane.json): sorted names as a compact JSON string, traceId always "". */
export interface EvalsEnvelope {
  type: "evals";
  result: string;
  traceId: "";
}

export function evalsEnvelope(names: Iterable<string>): EvalsEnvelope {
  return { type: "evals", result: JSON.stringify([...names].sort()), traceId: "" };
}
