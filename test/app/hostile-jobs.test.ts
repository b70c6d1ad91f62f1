/** Issue #13's hostile prompts through the app, in workerd (see ./hostile-jobs.ts). */
import { hostileJobSuite } from "./hostile-jobs";

hostileJobSuite();
