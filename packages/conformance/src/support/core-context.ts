import { Context, type Plugin, type Transport } from '@zmtp/core';

/** What a check installs beside the transport: the mechanism or scheduler under test. */
export type Extras = Pick<Plugin, 'mechanisms' | 'schedulers'>;

/** A fresh core context with `transport` (and `extras`) installed, for the sockets of one check. */
export function contextWith(transport: Transport, name: string, extras: Extras = {}): Context {
  return new Context().use({ name: `@zmtp/conformance subject ${name}`, transports: [transport], ...extras });
}
