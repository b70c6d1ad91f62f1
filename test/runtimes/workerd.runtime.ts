import { describeRuntime } from "./conformance";

describeRuntime("workerd");
