import { describeRuntime } from "./conformance";

describeRuntime("deno-process");
