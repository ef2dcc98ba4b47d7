/** Stored with every analysis and written into the model. Bump it when code, lexicons, rules or the model change. */
export const ANALYSER_VERSION = '0.4.1';
