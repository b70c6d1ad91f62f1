import { describeRuntime } from "./conformance";

describeRuntime("node");
