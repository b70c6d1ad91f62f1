import { describeRuntime } from "./conformance";

describeRuntime("bun");
