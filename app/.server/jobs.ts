/**
 * Registers each domain's periodic jobs with the background worker. Domain modules export a
 * `register...Jobs()` function; this file is the one list of them.
 */
export {};
