import { verifyApp } from "./verify-app";

export default verifyApp();
