/**
 * An example third-party transport for @zmtp/core: `tls://`, ZMTP over Node's
 * TLS. It uses only @zmtp/core's public exports, and passes @zmtp/conformance.
 */
export { tls, type TlsTransportOptions } from './tls-transport.js';
export { parseTlsEndpoint, type TlsEndpoint } from './tls-endpoint.js';
