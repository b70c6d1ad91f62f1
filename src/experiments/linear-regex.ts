/**
 * Regular expressions matched in linear time, for the `regex` eval (its patterns come from
 * datasets, so a backtracking engine would let one row block the event loop: `(a+)+$` on 30
 * characters takes V8's RegExp tens of seconds). The pattern is compiled to an NFA and run as
 * a Thompson simulation over the text: every position is visited once, with at most one
 * thread per instruction, so the time is O(pattern × text), whatever the pattern.
 *
 * Syntax: JavaScript's, less what no linear-time engine can do (RE2's rule): literals, `.`,
 * classes `[a-z]` `[^…]`, escapes `\d \w \s \D \W \S \b \B \n \t \xHH \uHHHH` and escaped
 * punctuation, groups `( )` `(?: )` `(?<name> )`, alternation `|`, quantifiers `* + ? {n}
 * {n,} {n,m}` (lazy or greedy alike: only whether it matches counts), anchors `^ $`, flags
 * `i`, `m`, `s` (`g`, `y`, `d`, `u`, `v` are accepted and change nothing). Refused with a
 * clear error: backreferences (`\1`, `\k<name>`), lookahead and lookbehind. Text is matched
 * by UTF-16 code unit; `i` folds case one code unit at a time.
 */
export class RegexSyntaxError extends Error {
  override readonly name = "RegexSyntaxError";
}

/**
 * Instructions a compiled pattern may have (counted repetitions are expanded). Matching does
 * at most this many steps per character of text: 1,000 × the eval's 20,000 characters.
 */
export const MAX_PROGRAM = 1_000;

type CharTest = (c: number) => boolean;
type Assertion = "bol" | "eol" | "word" | "nonword";
type Node =
  | { t: "empty" }
  | { t: "char"; test: CharTest }
  | { t: "assert"; kind: Assertion }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; items: Node[] }
  | { t: "rep"; node: Node; min: number; max: number };

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (c) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineEnd: CharTest = (c) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not = (test: CharTest): CharTest => (c) => !test(c);

const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CONTROL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, "0": 0 };

function fold(c: number): number[] {
  const s = String.fromCharCode(c);
  const lower = s.toLowerCase();
  const upper = s.toUpperCase();
  const out = [c];
  if (lower.length === 1 && lower.charCodeAt(0) !== c) out.push(lower.charCodeAt(0));
  if (upper.length === 1 && upper.charCodeAt(0) !== c) out.push(upper.charCodeAt(0));
  return out;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
    private readonly dotAll: boolean,
    private readonly multiline: boolean,
  ) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw this.error(`unmatched ')'`);
    return node;
  }

  private error(message: string): RegexSyntaxError {
    return new RegexSyntaxError(`${message} at position ${this.i}`);
  }

  private alternation(): Node {
    const items = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { t: "alt", items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? items[0]! : items.length === 0 ? { t: "empty" } : { t: "cat", items };
  }

  private quantified(node: Node): Node {
    const ch = this.src[this.i];
    let min: number;
    let max: number;
    if (ch === "*") [min, max] = [0, Infinity];
    else if (ch === "+") [min, max] = [1, Infinity];
    else if (ch === "?") [min, max] = [0, 1];
    else if (ch === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i, this.i + 24))) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i))!;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      if (max < min) throw this.error("numbers out of order in {} quantifier");
      if (min > MAX_PROGRAM) throw this.error(`repetition count above ${MAX_PROGRAM}`);
      this.i += m[0].length - 1;
    } else return node;
    this.i++;
    if (this.src[this.i] === "?") this.i++; // lazy: the same set of matches
    if (node.t === "assert" || /^[*+?]|^\{\d+(,\d*)?\}/.test(this.src.slice(this.i, this.i + 24))) throw this.error("nothing to repeat");
    return { t: "rep", node, min, max };
  }

  private atom(): Node {
    const ch = this.src[this.i++]!;
    switch (ch) {
      case "(":
        return this.group();
      case "[":
        return this.charClass();
      case ".":
        return { t: "char", test: this.dotAll ? () => true : not(isLineEnd) };
      case "^":
        return { t: "assert", kind: "bol" };
      case "$":
        return { t: "assert", kind: "eol" };
      case "\\":
        return this.escape();
      case "*":
      case "+":
      case "?":
        throw this.error("nothing to repeat");
      default:
        return this.literal(ch.charCodeAt(0));
    }
  }

  private literal(c: number): Node {
    if (!this.ignoreCase) return { t: "char", test: (x) => x === c };
    const variants = fold(c);
    return { t: "char", test: (x) => variants.includes(x) };
  }

  private group(): Node {
    if (this.src[this.i] === "?") {
      const head = this.src.slice(this.i, this.i + 3);
      if (head.startsWith("?:")) this.i += 2;
      else if (head.startsWith("?<") && head !== "?<=" && head !== "?<!") {
        const close = this.src.indexOf(">", this.i);
        if (close < 0) throw this.error("unterminated group name");
        this.i = close + 1;
      } else throw this.error("lookahead and lookbehind are not supported by the linear-time engine");
    }
    const node = this.alternation();
    if (this.src[this.i] !== ")") throw this.error("unterminated group");
    this.i++;
    return { t: "cat", items: [node] }; // a group may be quantified even when it holds only an assertion: `(^)*`
  }

  private escapedCode(): number | CharTest {
    const ch = this.src[this.i++];
    if (ch === undefined) throw this.error("\\ at end of pattern");
    if (ch in CLASS_ESCAPES) return CLASS_ESCAPES[ch]!;
    if (ch in CONTROL_ESCAPES && !(ch === "0" && isDigit(this.src.charCodeAt(this.i)))) return CONTROL_ESCAPES[ch]!;
    if (/[1-9]/.test(ch) || (ch === "k" && this.src[this.i] === "<")) throw this.error("backreferences are not supported by the linear-time engine");
    const hex = ch === "x" ? /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i)) : ch === "u" ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(this.src.slice(this.i)) : null;
    if (hex) {
      this.i += hex[0].length;
      const code = Number.parseInt(hex[0].replace(/[{}]/g, ""), 16);
      if (code > 0xffff) throw this.error("code points above U+FFFF are not supported by the linear-time engine");
      return code;
    }
    if (ch === "c" && /[A-Za-z]/.test(this.src[this.i] ?? "")) return this.src.charCodeAt(this.i++) % 32;
    return ch.charCodeAt(0); // an escaped punctuation or letter stands for itself
  }

  private escape(): Node {
    const ch = this.src[this.i];
    if (ch === "b" || ch === "B") {
      this.i++;
      return { t: "assert", kind: ch === "b" ? "word" : "nonword" };
    }
    const code = this.escapedCode();
    return typeof code === "number" ? this.literal(code) : { t: "char", test: code };
  }

  private charClass(): Node {
    const negated = this.src[this.i] === "^";
    if (negated) this.i++;
    const tests: CharTest[] = [];
    while (this.src[this.i] !== "]") {
      if (this.i >= this.src.length) throw this.error("unterminated character class");
      const low = this.classAtom();
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length && typeof low === "number") {
        this.i++;
        const high = this.classAtom();
        if (typeof high !== "number") throw this.error("invalid character class range");
        if (high < low) throw this.error("range out of order in character class");
        tests.push((c) => c >= low && c <= high);
      } else tests.push(typeof low === "number" ? (c) => c === low : low);
    }
    this.i++;
    const matches: CharTest = (c) => tests.some((test) => test(c));
    const folded: CharTest = this.ignoreCase ? (c) => fold(c).some(matches) : matches;
    return { t: "char", test: negated ? not(folded) : folded };
  }

  private classAtom(): number | CharTest {
    const ch = this.src[this.i++]!;
    if (ch !== "\\") return ch.charCodeAt(0);
    if (this.src[this.i] === "b") {
      this.i++;
      return 8; // [\b] is a backspace
    }
    return this.escapedCode();
  }

  get isMultiline(): boolean {
    return this.multiline;
  }
}

const enum Op {
  Char,
  Split,
  Jump,
  Assert,
  Match,
}

interface Inst {
  op: Op;
  test?: CharTest;
  kind?: Assertion;
  x?: number;
  y?: number;
}

/** True for a node that matches only the empty string and asserts nothing. */
function consumesNothing(node: Node): boolean {
  switch (node.t) {
    case "empty":
      return true;
    case "cat":
    case "alt":
      return node.items.every(consumesNothing);
    case "rep":
      return consumesNothing(node.node);
    default:
      return false;
  }
}

function compile(root: Node): Inst[] {
  const prog: Inst[] = [];
  const push = (inst: Inst) => {
    if (prog.length >= MAX_PROGRAM) throw new RegexSyntaxError(`pattern too complex for the linear-time engine (more than ${MAX_PROGRAM} instructions)`);
    prog.push(inst);
    return prog.length - 1;
  };
  const emit = (node: Node): void => {
    switch (node.t) {
      case "empty":
        return;
      case "char":
        push({ op: Op.Char, test: node.test });
        return;
      case "assert":
        push({ op: Op.Assert, kind: node.kind });
        return;
      case "cat":
        for (const item of node.items) emit(item);
        return;
      case "alt": {
        const jumps: number[] = [];
        node.items.forEach((item, index) => {
          if (index < node.items.length - 1) {
            const split = push({ op: Op.Split, x: prog.length + 1 });
            emit(item);
            jumps.push(push({ op: Op.Jump }));
            prog[split]!.y = prog.length;
          } else emit(item);
        });
        for (const jump of jumps) prog[jump]!.x = prog.length;
        return;
      }
      case "rep": {
        if (consumesNothing(node.node)) return; // `(?:){1000}` repeats nothing: no instructions, no loop
        for (let n = 0; n < node.min; n++) emit(node.node);
        if (node.max === Infinity) {
          const split = push({ op: Op.Split, x: prog.length + 1 });
          emit(node.node);
          push({ op: Op.Jump, x: split });
          prog[split]!.y = prog.length;
          return;
        }
        const splits: number[] = [];
        for (let n = node.min; n < node.max; n++) {
          splits.push(push({ op: Op.Split, x: prog.length + 1 }));
          emit(node.node);
        }
        for (const split of splits) prog[split]!.y = prog.length;
        return;
      }
    }
  };
  emit(root);
  push({ op: Op.Match });
  return prog;
}

export interface LinearRegex {
  /** Whether the pattern matches anywhere in `text` (`RegExp.prototype.test` on a fresh regex). */
  test(text: string): boolean;
  readonly source: string;
  readonly flags: string;
  toString(): string;
}

/** Compiles `source` with `flags` (a subset of `dgimsuvy`); throws `RegexSyntaxError` for what it cannot match in linear time. */
export function linearRegex(source: string, flags = ""): LinearRegex {
  if (!/^[dgimsuvy]*$/.test(flags) || new Set(flags).size !== flags.length) throw new RegexSyntaxError(`invalid flags '${flags}'`);
  const parser = new Parser(source, flags.includes("i"), flags.includes("s"), flags.includes("m"));
  const prog = compile(parser.parse());
  const multiline = parser.isMultiline;
  return {
    source,
    flags,
    toString: () => `/${source}/${flags}`,
    test: (text) => run(prog, text, multiline),
  };
}

function holds(kind: Assertion, text: string, i: number, multiline: boolean): boolean {
  switch (kind) {
    case "bol":
      return i === 0 || (multiline && isLineEnd(text.charCodeAt(i - 1)));
    case "eol":
      return i === text.length || (multiline && isLineEnd(text.charCodeAt(i)));
    case "word":
    case "nonword": {
      const boundary = (i > 0 && isWord(text.charCodeAt(i - 1))) !== (i < text.length && isWord(text.charCodeAt(i)));
      return kind === "word" ? boundary : !boundary;
    }
  }
}

/**
 * Thompson simulation: the threads at position i are a set of `Char` instructions, each added
 * once (`seen` holds, per instruction, the generation it was last added in; one generation per
 * position, so the closure computed from position i-1 and the new thread started at i share it).
 */
function run(prog: Inst[], text: string, multiline: boolean): boolean {
  const seen = new Uint32Array(prog.length);
  let generation = 1;
  const stack: number[] = [];
  /** Adds pc and everything reachable from it without consuming a character; true when that reaches Match. */
  const add = (list: number[], start: number, i: number): boolean => {
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen[pc] === generation) continue;
      seen[pc] = generation;
      const inst = prog[pc]!;
      switch (inst.op) {
        case Op.Match:
          stack.length = 0;
          return true;
        case Op.Jump:
          stack.push(inst.x!);
          break;
        case Op.Split:
          stack.push(inst.y!, inst.x!);
          break;
        case Op.Assert:
          if (holds(inst.kind!, text, i, multiline)) stack.push(pc + 1);
          break;
        case Op.Char:
          list.push(pc);
          break;
      }
    }
    return false;
  };
  let current: number[] = [];
  for (let i = 0; ; i++) {
    if (add(current, 0, i)) return true; // unanchored: a new thread starts at every position
    if (i >= text.length) return false;
    const c = text.charCodeAt(i);
    const next: number[] = [];
    generation++;
    for (const pc of current) {
      if (prog[pc]!.test!(c) && add(next, pc + 1, i + 1)) return true;
    }
    current = next;
  }
}
