/**
 * Issue #13 point 3: the expression evaluator reads own data only. Inherited members
 * (`constructor`, `__proto__`, `push`, `toString`, …) read as absent (`""`, like any missing
 * member, as `{props.missing}` does), getters are not run, a function never comes out of an
 * expression, and object literals have no prototype.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/prompt";
import { element, expression, forEach, paragraph, root, text, user } from "./hostile";

function render(source: string, props: Record<string, unknown> = {}): unknown {
  const compiled = compile(root([user(paragraph(expression(source)))]), props);
  return compiled.kind === "text" ? compiled.messages[0]?.content : undefined;
}

/** The expression's string value itself, not markdown: read back from an attachment attribute. */
function value(source: string, props: Record<string, unknown> = {}): unknown {
  const compiled = compile(root([user(paragraph(text("x")), element("ImageAttachment", [], { image: source }))]), props);
  const content = compiled.kind === "text" ? compiled.messages[0]?.content : undefined;
  return Array.isArray(content) ? (content[1] as { image: string }).image : undefined;
}

describe("inherited members read as absent", () => {
  const props = { obj: { a: 1 }, arr: [1, 2, 3], s: "abc" };

  it.each([
    "props.constructor",
    "props.__proto__",
    "props.obj.constructor",
    "props.obj.__proto__",
    'props.obj["__proto__"]',
    "props.obj.hasOwnProperty",
    "props.obj.toString",
    "props.obj.valueOf",
    "props.arr.push",
    "props.arr.constructor",
    "props.arr.map",
    "[].constructor",
    "[].constructor.constructor",
    '[]["constructor"]["constructor"]',
    "props.s.constructor",
    "props.s.length",
    "props.obj.prototype",
    "props.constructor.prototype",
    "props.__proto__.__proto__",
  ])("%s renders empty", (source) => {
    expect(render(source, props)).toBe("");
  });

  it("own data still reads: array length and index, own keys named like built-ins", () => {
    expect(render("props.arr.length", props)).toBe("3");
    expect(render("props.arr[1]", props)).toBe("2");
    const json = JSON.parse('{"team":{"constructor":"Ferrari","__proto__":"own","toString":"text"}}') as Record<string, unknown>;
    expect(render("props.team.constructor", json)).toBe("Ferrari");
    expect(render('props.team["__proto__"]', json)).toBe("own");
    expect(render("props.team.toString", json)).toBe("text");
  });

  it("no expression yields a function; getters of props given by code are not run", () => {
    let called = false;
    const fromCode = {
      fn: () => "source of a function",
      get secret() {
        called = true;
        return "from a getter";
      },
      list: [() => 1],
    };
    expect(render("props.fn", fromCode)).toBe("");
    expect(render("props.secret", fromCode)).toBe("");
    expect(called).toBe(false);
    expect(render("props.list[0]", fromCode)).toBe("");
    expect(render("dump(props.fn)", fromCode)).toBe('""');
  });

  it("a filter name is not a value", () => {
    expect(render("upper")).toBe("undefined");
    expect(render("dump(upper)")).toBe("undefined");
  });
});

describe("object literals have no prototype", () => {
  it("keys named __proto__ or constructor are own data", () => {
    expect(value('dump({__proto__: {polluted: true}, constructor: 1, a: "x"})')).toBe('{"__proto__":{"polluted":true},"constructor":1,"a":"x"}');
    expect(render("dump(({a: 1}).constructor)")).toBe('""');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("they print as on the platform: [object Object], JSON in dump()", () => {
    expect(render('"x" + {a: 1}')).toBe("x\\[object Object]");
    expect(render("[{a: 1}, 2]")).toBe("\\[object Object]2");
    expect(render("join([{a: 1}], \"-\")")).toBe("\\[object Object]");
    expect(render("{a: 1} == {a: 1}")).toBe("false");
    expect(value("dump([{a: {b: [1]}}])")).toBe('[{"a":{"b":[1]}}]');
    expect(value('"" + [{a: 1}, [2, {b: 3}]]')).toBe("[object Object],2,[object Object]");
  });
});

describe("names from the prompt cannot reach prototypes", () => {
  it("a ForEach parameter called __proto__ or constructor is an ordinary variable", () => {
    for (const name of ["__proto__", "constructor"]) {
      const compiled = compile(root([user(forEach("props.items", `{${name}}`, name))]), { items: ["p", "q"] });
      expect(compiled.kind === "text" && compiled.messages[0]?.content).toBe("p\n\nq");
    }
  });

  it("an attribute called __proto__ does not supply a condition", () => {
    const trap = element("If", [paragraph(text("shown"))], { ["__proto__"]: "{condition: true}" });
    const compiled = compile(root([user(trap)]));
    expect(compiled.kind === "text" && compiled.messages[0]?.content).toBe("");
  });
});
