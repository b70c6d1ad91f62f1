import { bareApp } from "./bare-app";

export default bareApp();
