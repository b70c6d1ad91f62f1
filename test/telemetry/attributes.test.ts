/** dataset-item-name.json (md5 without node:crypto), grouping-attributes.json, and the export settings rule. */
import { describe, expect, it } from "vitest";
import itemNames from "../fixtures/agentmark/vectors/dataset-item-name.json";
import grouping from "../fixtures/agentmark/vectors/grouping-attributes.json";
import { groupingAttributes, type GroupingInput } from "../../src/telemetry/attributes";
import { canonicalJson, datasetItemName } from "../../src/telemetry/item-name";
import { parseOtlpHeaders, readTelemetrySettings } from "../../src/telemetry/settings";

describe("dataset-item-name.json", () => {
  for (const c of itemNames.cases) {
    it(c.name, () => expect(datasetItemName(c.input, c.index)).toBe(c.expected));
  }
  it("escapes non-ASCII like Python's json.dumps (lowercase hex, surrogates as pairs)", () => {
    expect(canonicalJson({ b: "é", a: "😀" })).toBe('{"a":"\\ud83d\\ude00","b":"\\u00e9"}');
  });
});

describe("grouping-attributes.json", () => {
  for (const c of grouping.cases) {
    it(c.name, () => expect(groupingAttributes(c.input as GroupingInput)).toEqual(c.expected));
  }
});

describe("export settings", () => {
  it("is off when nothing is configured", () => {
    expect(readTelemetrySettings({})).toBeUndefined();
  });

  it("AgentMark: an API key sends to {base}/v1/traces with the raw key and the app id", () => {
    expect(readTelemetrySettings({ AGENTMARK_API_KEY: "sk-am", AGENTMARK_APP_ID: "app-1" })).toEqual({
      endpoint: "https://api.agentmark.co/v1/traces",
      headers: { Authorization: "sk-am", "X-Agentmark-App-Id": "app-1" },
      appId: "app-1",
      target: "agentmark",
      masking: { inputs: false, outputs: false },
    });
    expect(readTelemetrySettings({ AGENTMARK_API_KEY: "k", AGENTMARK_BASE_URL: "https://am.example/" })?.endpoint).toBe("https://am.example/v1/traces");
  });

  it("AgentMark without a key: only a loopback base URL (agentmark dev) turns export on", () => {
    expect(readTelemetrySettings({ AGENTMARK_BASE_URL: "http://localhost:9418" })).toMatchObject({ endpoint: "http://localhost:9418/v1/traces", headers: {} });
    expect(readTelemetrySettings({ AGENTMARK_BASE_URL: "http://127.0.0.1:9418" })?.endpoint).toBe("http://127.0.0.1:9418/v1/traces");
    expect(readTelemetrySettings({ AGENTMARK_BASE_URL: "https://datasets.example.com" })).toBeUndefined();
  });

  it("OTLP: the generic endpoint gets /v1/traces, the traces endpoint is used as is, headers parsed", () => {
    expect(readTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example:4318", OTEL_EXPORTER_OTLP_HEADERS: "x-honeycomb-team=abc,Authorization=Basic%20xyz" })).toEqual({
      endpoint: "https://otel.example:4318/v1/traces",
      headers: { "x-honeycomb-team": "abc", Authorization: "Basic xyz" },
      target: "otlp",
      masking: { inputs: false, outputs: false },
    });
    expect(readTelemetrySettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://c.example/custom/traces" })?.endpoint).toBe("https://c.example/custom/traces");
  });

  it("AgentMark wins over OTLP; AGENTMARK_TRACING=off and invalid URLs turn it off", () => {
    expect(readTelemetrySettings({ AGENTMARK_API_KEY: "k", OTEL_EXPORTER_OTLP_ENDPOINT: "https://o.example" })?.target).toBe("agentmark");
    expect(readTelemetrySettings({ AGENTMARK_API_KEY: "k", AGENTMARK_TRACING: "off" })).toBeUndefined();
    expect(readTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" })).toBeUndefined();
  });

  it("reads AGENTMARK_HIDE_INPUTS / AGENTMARK_HIDE_OUTPUTS", () => {
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: "https://o.example" };
    expect(readTelemetrySettings({ ...base, AGENTMARK_HIDE_INPUTS: "true" })?.masking).toEqual({ inputs: true, outputs: false });
    expect(readTelemetrySettings({ ...base, AGENTMARK_HIDE_OUTPUTS: "1", AGENTMARK_HIDE_INPUTS: "no" })?.masking).toEqual({ inputs: false, outputs: true });
  });

  it("parses OTEL header lists leniently", () => {
    expect(parseOtlpHeaders(" a = 1 , b=x=y,,=z,c")).toEqual({ a: "1", b: "x=y" });
  });
});
