export { SIGNATURE_HEADER, checkSignature, sign, verifySignature } from "./signature";
export type { Payload, SignatureCheck } from "./signature";
export { checkTimestamped, signTimestamped } from "./timestamped";
export type { TimestampedCheck, TimestampedSignature } from "./timestamped";
