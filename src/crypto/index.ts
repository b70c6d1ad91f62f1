export { SIGNATURE_HEADER, checkSignature, sign, verifySignature } from "./signature";
export type { Payload, SignatureCheck } from "./signature";
