/**
 * The linear-time engine of the `regex` eval agrees with JavaScript's RegExp on the syntax it
 * supports (hand-picked cases, then seeded generated patterns against short texts, where
 * backtracking is still fast enough to be the oracle), refuses what it cannot run in linear
 * time, and answers catastrophic patterns on long inputs.
 */
import { describe, expect, it } from "vitest";
import { linearRegex, MAX_PROGRAM, RegexSyntaxError } from "../../src/experiments/linear-regex";

const CASES: Array<[string, string, string]> = [
  ["^\\d+$", "", "12345"], ["^\\d+$", "", "12a45"], ["yes", "i", "YES sir"], ["^yes$", "m", "no\nyes\nno"], ["^yes$", "", "no\nyes\nno"],
  ["a.c", "", "a\nc"], ["a.c", "s", "a\nc"], ["\\bcat\\b", "", "a cat!"], ["\\bcat\\b", "", "concat"], ["\\Bcat", "", "concat"],
  ["colou?r", "", "color"], ["x{2,3}y", "", "xxy"], ["x{2,3}y", "", "xy"], ["x{2,}y", "", "xxxxy"], ["x{2}?y", "", "xxy"],
  ["[a-f0-9]{4}", "", "zz12ab"], ["[^a-z]", "", "abc"], ["[^a-z]", "", "abC"], ["[A-Z]", "i", "q"], ["[\\d.]+", "", "3.14"], ["[-a]", "", "-"], ["[a-]", "", "-"],
  ["(foo|bar)baz", "", "xbarbaz"], ["^$", "", ""], ["a*", "", ""], ["(a*)*b", "", "aaaa"], ["(?:ab)+c", "", "ababc"], ["(?<n>a)b", "", "ab"],
  ["\\.", "", "a.b"], ["\\u0041\\x42", "", "AB"], ["\\u{43}", "u", "C"], ["^(a|ab)(c|bcd)(d*)$", "", "abcd"], ["a{0}b", "", "b"], ["\\s", "", "a\tb"],
  ["a|", "", "zzz"], ["(|a)+b", "", "aab"], ["\\$\\d", "", "cost $5"], ["[\\b]", "", "\b"], ["\\cJ", "", "\n"], ["é", "i", "É"], ["\\W+", "", "ab"],
];

describe("linearRegex", () => {
  it.each(CASES)("/%s/%s on %j agrees with RegExp", (source, flags, text) => {
    expect(linearRegex(source, flags).test(text)).toBe(new RegExp(source, flags).test(text));
  });

  it("agrees with RegExp on 3,000 seeded generated patterns and texts", () => {
    let seed = 0x2545f491;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const atoms = ["a", "b", ".", "[ab]", "[^a]", "\\d", "\\w", "\\s", "1", " ", "\\b", "^", "$"];
    const gen = (depth: number): string => {
      const parts: string[] = [];
      for (let i = 0, n = 1 + rand(3); i < n; i++) {
        let atom = depth > 0 && rand(4) === 0 ? `(${gen(depth - 1)}${rand(3) === 0 ? `|${gen(depth - 1)}` : ""})` : atoms[rand(atoms.length)]!;
        if (!/^[\^$]|\\b$/.test(atom)) atom += ["", "", "*", "+", "?", "{1,2}", "{2}"][rand(7)];
        parts.push(atom);
      }
      return parts.join("");
    };
    const alphabet = "ab1 \n";
    for (let i = 0; i < 3_000; i++) {
      const source = gen(2);
      const flags = ["", "i", "m", "s"][rand(4)]!;
      const text = Array.from({ length: rand(9) }, () => alphabet[rand(alphabet.length)]).join("");
      expect([source, flags, text, linearRegex(source, flags).test(text)]).toEqual([source, flags, text, new RegExp(source, flags).test(text)]);
    }
  });

  it.each([
    ["(a)\\1", /^backreferences are not supported/],
    ["(?<x>a)\\k<x>", /^backreferences are not supported/],
    ["(?=a)", /^lookahead and lookbehind are not supported/],
    ["(?<!a)b", /^lookahead and lookbehind are not supported/],
    ["a**", /^nothing to repeat/],
    ["[z-a]", /^range out of order/],
    ["(a", /^unterminated group/],
    ["a)", /^unmatched '\)'/],
    ["(\\d{3}-){1000}", /^pattern too complex for the linear-time engine/],
  ])("refuses %s", (source, why) => {
    expect(() => linearRegex(source)).toThrow(RegexSyntaxError);
    expect(() => linearRegex(source)).toThrow(why);
  });

  it("answers catastrophic patterns on long inputs (a backtracking engine would not, in any test's lifetime)", () => {
    const text = `${"a".repeat(20_000)}!`;
    expect(linearRegex("(a+)+$").test(text)).toBe(false);
    expect(linearRegex("(a|aa)*b").test(text)).toBe(false);
    expect(linearRegex("(.*a){20}$").test(text)).toBe(false);
    expect(linearRegex("(((?:){1000}){1000}){1000}!").test(text)).toBe(true);
  });

  it("bounds the program, counted repetitions included", () => {
    expect(() => linearRegex(`a{${MAX_PROGRAM}}`)).toThrow(/more than 1000 instructions/);
    expect(linearRegex(`a{${MAX_PROGRAM - 1}}`).test("a".repeat(MAX_PROGRAM - 1))).toBe(true);
  });
});
