import type { ModuleClass } from '../src/pool/manifest';

/**
 * THE list of business modules. Adding a module is a folder under modules/ plus one line here.
 * Which of them are active is chosen with MODULES (default: all).
 */
export const BUSINESS_MODULES: ModuleClass[] = [];
