/** The tlsfleet release, as reports name it (kept equal to package.json by a test). */
export const TLSFLEET_VERSION = '0.1.0';
