/** The label on every object tlsfleet writes (the same as the PKI constructs'). */
export const MANAGED_BY: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'tlsfleet' };
