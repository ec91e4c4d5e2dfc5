// Documents of slugs and domains as the record store keeps them.

export interface SlugDoc {
  slug: string;
  /** Name of the version it serves; null = none. */
  version: string | null;
}

export interface DomainDoc {
  domainName: string;
  version: string | null;
  /** Accepted and kept, never returned (as on Losant). */
  sslKey?: string | null;
  sslCert?: string | null;
  sslBundle?: string | null;
}
