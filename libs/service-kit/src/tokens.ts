/** Injection tokens shared by every service shell. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const TELEMETRY = Symbol('TELEMETRY');
export const DEPENDENCY_CHECKS = Symbol('DEPENDENCY_CHECKS');
