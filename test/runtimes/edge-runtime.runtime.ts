import { describeRuntime } from "./conformance";

describeRuntime("edge-runtime");
