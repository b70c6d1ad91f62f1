/**
 * An experiment's lines as they arrive, for people: rows done and failed, the pass rate of
 * each eval so far (the live progress line), one short line per row, and a final table.
 */
import { summariseMedia } from "./media-out";

interface EvalVerdict {
  name?: unknown;
  passed?: unknown;
  score?: unknown;
}

interface DatasetLine {
  type: "dataset";
  result?: { input?: unknown; actualOutput?: unknown; expectedOutput?: unknown; evals?: EvalVerdict[] };
}

interface EvalTotals {
  passed: number;
  failed: number;
  scoreSum: number;
  scored: number;
}

function clip(value: unknown, max = 60): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(summariseMedia(value)) ?? "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "-" : `${Math.round((part / whole) * 100)}%`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join("  ").trimEnd()).join("\n");
}

export class ExperimentTally {
  rows = 0;
  errors: string[] = [];
  private readonly evals = new Map<string, EvalTotals>();

  /** Folds one NDJSON line in; returns the line to print for it (undefined: nothing). */
  add(line: unknown): string | undefined {
    const type = (line as { type?: unknown } | null)?.type;
    if (type === "error") {
      const message = String((line as { error?: unknown }).error ?? "unknown error");
      this.errors.push(message);
      return `error: ${message}`;
    }
    if (type !== "dataset") return undefined;
    this.rows++;
    const result = (line as DatasetLine).result ?? {};
    const verdicts: string[] = [];
    for (const verdict of result.evals ?? []) {
      const name = String(verdict.name ?? "?");
      const totals = this.evals.get(name) ?? { passed: 0, failed: 0, scoreSum: 0, scored: 0 };
      if (verdict.passed === true) totals.passed++;
      if (verdict.passed === false) totals.failed++;
      if (typeof verdict.score === "number") {
        totals.scoreSum += verdict.score;
        totals.scored++;
      }
      this.evals.set(name, totals);
      verdicts.push(`${name}=${verdict.passed === true ? "pass" : verdict.passed === false ? "fail" : typeof verdict.score === "number" ? verdict.score : "?"}`);
    }
    return `#${this.rows} ${clip(result.input)} → ${clip(result.actualOutput)}${verdicts.length ? `  ${verdicts.join(" ")}` : ""}`;
  }

  /** `rows 3 done, 1 failed · exact_match 2/3 (67%) · contains 3/3 (100%)` */
  progressLine(): string {
    const parts = [`rows ${this.rows} done, ${this.errors.length} failed`];
    for (const [name, totals] of this.evals) {
      const judged = totals.passed + totals.failed;
      if (judged > 0) parts.push(`${name} ${totals.passed}/${judged} (${percent(totals.passed, judged)})`);
    }
    return parts.join(" · ");
  }

  summary(): string {
    const lines = [`${this.rows} rows done, ${this.errors.length} failed`];
    if (this.evals.size > 0) {
      const rows = [["eval", "passed", "failed", "pass rate", "mean score"]];
      for (const [name, totals] of [...this.evals].sort(([a], [b]) => a.localeCompare(b))) {
        rows.push([
          name,
          String(totals.passed),
          String(totals.failed),
          percent(totals.passed, totals.passed + totals.failed),
          totals.scored > 0 ? (totals.scoreSum / totals.scored).toFixed(2) : "-",
        ]);
      }
      lines.push(table(rows));
    }
    return lines.join("\n");
  }
}
